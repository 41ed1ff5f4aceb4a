"""LDRGMConv: rank 0 is the exact layer, the closed-form norms against dense matrices and the
algebra core's displacement functions, equivariance error vs perturbation scale, projection,
the model-level penalty and report."""

from __future__ import annotations

import numpy as np
import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st

import groupmat as gm
from groupmat import (
    displacement_rank,
    distance_to_group_matrices,
    equivariance_error_of_matrix,
    group_displacements,
    project_to_group_matrices,
    spatial_group,
)
from groupmat.errors import LayerSpecError
from groupmat.nn import (
    GMConv,
    LDRGMConv,
    RegularAction,
    SpatialAction,
    TrivialAction,
    displacement_penalty,
    displacement_report,
    equivariance_error,
    prior_penalty,
)
from groupmat.nn._compile import as_space  # the compiled index maps: tested directly
from tests.nn._cases import GROUP_BUILDERS, group, space
from tests.nn._oracles import assert_norms_match_dense

F64 = torch.float64
NAMES = ["S4 (permutations)", "D6 (family)", "Q8 (family)", "C7 (family)"]


def _f(t: torch.Tensor) -> float:
    return float(t.detach())


def _pair(name: str, kind: str):
    G, X = group(name), space(name)
    return {"lifting": (X, G), "group": (G, G), "projection": (G, X)}[kind]


def _random_ldr(src, dst, in_channels: int = 2, **kwargs) -> LDRGMConv:
    """A float64 LDR layer with 2 outputs and unit-scale random factors (kernel 1 unless
    given): what the closed-form-vs-dense tests measure."""
    kwargs = {"kernel": 1, "init_scale": 1.0, "dtype": F64, **kwargs}
    return LDRGMConv(src, dst, in_channels, 2, **kwargs)


def _x(space_obj, c: int, b: int = 3, seed: int = 0) -> torch.Tensor:
    g = torch.Generator().manual_seed(seed)
    return torch.randn(b, c, as_space(space_obj).size, generator=g, dtype=F64)


# ---------------------------------------------------------------------- rank 0 is exact
@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("kind", ["lifting", "group", "projection"])
def test_rank_zero_equals_gmconv(name, kind):
    src, dst = _pair(name, kind)
    torch.manual_seed(0)
    conv = GMConv(src, dst, 2, 3, kernel=1).double()
    layer = LDRGMConv.from_gmconv(conv, displacement_rank=0)
    x = _x(src, 2)
    assert torch.allclose(layer(x), conv(x), rtol=0, atol=1e-12)
    assert sum(p.numel() for p in layer.parameters()) == sum(p.numel() for p in conv.parameters())
    assert layer.modulation is None
    assert _f(layer.displacement_norm()) == 0.0
    assert _f(layer.equivariance_distance()) == 0.0


@pytest.mark.parametrize("method", ["conv2d", "gather"])
@pytest.mark.parametrize("pair", ["lift", "group", "project"])
def test_rank_zero_equals_gmconv_spatial(method, pair):
    S = spatial_group((5, 5), "D4")
    src, dst = {"lift": (S.pixels, S), "group": (S, S), "project": (S, S.pixels)}[pair]
    torch.manual_seed(1)
    conv = GMConv(src, dst, 2, 3, kernel=3, method=method).double()
    layer = LDRGMConv.from_gmconv(conv, displacement_rank=0)
    grid = (2, 5, 5) if pair == "lift" else (2, 8, 5, 5)
    x = torch.randn(2, *grid, dtype=F64)
    assert torch.allclose(layer(x), conv(x), rtol=0, atol=1e-12)


def test_rank_zero_built_directly_matches_gmconv_with_same_seed():
    G = group("D6 (family)")
    torch.manual_seed(3)
    conv = GMConv(G, G, 2, 4, kernel=2, dtype=F64)
    torch.manual_seed(3)
    layer = LDRGMConv(G, G, 2, 4, kernel=2, displacement_rank=0, dtype=F64)
    with torch.no_grad():
        layer.conv.weight.copy_(conv.weight)
        layer.bias.copy_(conv.bias)
    x = _x(G, 2)
    assert (layer(x) - conv(x)).abs().max() < 1e-12


@pytest.mark.parametrize("rank", [1, 3])
def test_from_gmconv_starts_exact(rank):
    G = group("S4 (permutations)")
    conv = GMConv(G, G, 2, 3, kernel=1).double()
    layer = LDRGMConv.from_gmconv(conv, displacement_rank=rank)
    x = _x(G, 2)
    assert torch.equal(layer(x), conv(x)) or (layer(x) - conv(x)).abs().max() < 1e-14
    assert layer.perturbation_weight.shape == (rank, 3, 2, conv.weight.shape[-1])


# ---------------------------------------------------------------------- closed forms vs dense
@pytest.mark.filterwarnings(
    "ignore:displacement_rank=.* exceeds:UserWarning"
)  # ranks past the cap on purpose
@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("kind", ["lifting", "group", "projection"])
@pytest.mark.parametrize("share", [False, True])
def test_norms_match_dense(name, kind, share):
    src, dst = _pair(name, kind)
    torch.manual_seed(2)
    layer = _random_ldr(src, dst, displacement_rank=2, share_modulation=share)
    assert_norms_match_dense(layer, layer.dense_matrix().numpy())


def test_shared_input_channels_norms_match_dense():
    G = group("D6 (family)")
    layer = _random_ldr(G, G, 3, displacement_rank=1, share_input_channels=True)
    assert_norms_match_dense(layer, layer.dense_matrix().numpy())


def test_dense_matrix_is_the_forward_map():
    G = group("Q8 (family)")
    layer = LDRGMConv(G, G, 2, 3, kernel=1, displacement_rank=2, init_scale=0.7, dtype=F64)
    x = _x(G, 2, b=4)
    y = (x.reshape(4, -1) @ layer.dense_matrix().T).reshape(4, 3, -1) + layer.bias[:, None]
    assert torch.allclose(layer(x), y, atol=1e-12)


def test_agrees_with_algebra_core_displacement():
    """Single channel G -> G: the dense matrix is an LDR matrix in the core's sense."""
    G = gm.dihedral(6)
    for r in (1, 2, 3):
        layer = LDRGMConv(
            G, G, 1, 1, kernel=2, displacement_rank=r, init_scale=1.0, bias=False, dtype=F64
        )
        M = layer.dense_matrix().numpy()
        assert displacement_rank(M, G) == r  # coefficient form: exactly r generically
        D = group_displacements(M, G, form="sylvester")
        assert _f(layer.displacement_norm()) == pytest.approx(
            float(np.sqrt((D**2).sum())), rel=1e-10
        )
        assert _f(layer.equivariance_distance()) == pytest.approx(
            float(distance_to_group_matrices(M, G)), rel=1e-10
        )
        # the mean equivariance defect over G is twice the squared distance
        assert equivariance_error_of_matrix(M, G) == pytest.approx(
            2 * _f(layer.equivariance_distance()) ** 2, rel=1e-10
        )
        P = layer.project().group_matrix().numpy()
        assert np.allclose(P, project_to_group_matrices(M, G), atol=1e-12)


@pytest.mark.filterwarnings(
    "ignore:displacement_rank=.* exceeds:UserWarning"
)  # ranks past the cap on purpose
@pytest.mark.parametrize("modulate", ["point", "position"])
@pytest.mark.parametrize("pair", ["lift", "group", "project"])
def test_spatial_norms_match_dense(modulate, pair):
    S = spatial_group((4, 4), "C4")
    src, dst = {"lift": (S.pixels, S), "group": (S, S), "project": (S, S.pixels)}[pair]
    layer = _random_ldr(src, dst, kernel=3, displacement_rank=1, modulate=modulate)
    assert_norms_match_dense(layer, layer.dense_matrix().numpy())


@pytest.mark.filterwarnings(
    "ignore:displacement_rank=.* exceeds:UserWarning"
)  # ranks past the cap on purpose
@settings(max_examples=15, deadline=None)
@given(
    name=st.sampled_from(list(GROUP_BUILDERS)),
    rank=st.integers(1, 3),
    kind=st.sampled_from(["lifting", "group", "projection"]),
    seed=st.integers(0, 2**16),
)
def test_property_displacement_closed_form(name, rank, kind, seed):
    src, dst = _pair(name, kind)
    torch.manual_seed(seed)
    layer = _random_ldr(src, dst, 1, displacement_rank=rank)
    M = layer.dense_matrix().numpy()
    assert_norms_match_dense(layer, M, rel=1e-9, atol=1e-10, norm_rel=1e-10)


# ---------------------------------------------------------------------- equivariance vs scale
def test_equivariance_error_grows_with_scale():
    G = group("S4 (permutations)")
    torch.manual_seed(4)
    layer = LDRGMConv(G, G, 2, 3, kernel=1, displacement_rank=2, init_scale=1.0, dtype=F64)
    x = _x(G, 2, b=4)
    act = RegularAction(G)
    errs, disps = [], []
    for scale in (0.0, 1e-3, 1e-2, 1e-1, 1.0):
        layer.scale = scale
        errs.append(equivariance_error(layer, x, act, act).mean)
        disps.append(_f(layer.displacement_norm()))
    assert errs[0] < 1e-12 and disps[0] == 0.0
    assert (np.diff(errs) > 0).all(), errs
    assert (np.diff(disps) > 0).all(), disps
    # linear in the scale
    assert disps[2] == pytest.approx(10 * disps[1], rel=1e-10)


def test_point_modulation_keeps_translations_exact():
    S = spatial_group((6, 6), "C4")
    layer = LDRGMConv(
        S, S, 2, 2, kernel=3, displacement_rank=1, modulate="point", init_scale=1.0, dtype=F64
    )
    x = torch.randn(2, 2, 4, 6, 6, dtype=F64)
    act = SpatialAction(S)
    trans = equivariance_error(
        layer, x, act, act, elements=[S.translation(0, 1), S.translation(2, 3)]
    )
    rot = equivariance_error(layer, x, act, act, elements=[S.point(1)])
    assert trans.max < 1e-12 and rot.max > 1e-3


# ---------------------------------------------------------------------- projection, grads
def test_project_is_nearest_equivariant_layer():
    G = group("D6 (family)")
    layer = LDRGMConv(G, G, 2, 2, kernel=1, displacement_rank=2, init_scale=1.0, dtype=F64)
    P = layer.project()
    assert isinstance(P, GMConv)
    M = layer.dense_matrix().numpy()
    MP = P.group_matrix().numpy()
    assert np.linalg.norm(M - MP) == pytest.approx(_f(layer.equivariance_distance()), rel=1e-10)
    x = _x(G, 2)
    act = RegularAction(G)
    assert equivariance_error(P, x, act, act).max < 1e-12


def test_penalty_gradients_reach_factors_and_kernels():
    G = group("C7 (family)")
    model = torch.nn.Sequential(
        LDRGMConv(G, G, 1, 2, kernel=1, displacement_rank=2, init_scale=0.5),
        torch.nn.ReLU(),
        GMConv(G, G, 2, 1, kernel=1),
    )
    loss = displacement_penalty(model)
    loss.backward()
    layer = model[0]
    assert layer.modulation.grad is not None and layer.modulation.grad.abs().sum() > 0
    assert layer.conv.weight.grad[2:].abs().sum() > 0  # perturbation kernels
    assert torch.allclose(prior_penalty(model), loss.detach())


def test_penalty_of_exact_model_is_zero():
    G = group("C7 (family)")
    model = torch.nn.Sequential(GMConv(G, G, 1, 2))
    assert _f(displacement_penalty(model)) == 0.0
    assert _f(prior_penalty(model)) == 0.0


def test_zero_init_has_gradient_on_factors():
    G = group("D6 (family)")
    layer = LDRGMConv(G, G, 1, 2, kernel=1, displacement_rank=1)
    assert _f(layer.modulation.abs().max()) == 0.0
    layer(torch.randn(3, 1, 12)).square().sum().backward()
    assert layer.modulation.grad.abs().sum() > 0


# ---------------------------------------------------------------------- report
def test_displacement_report_lists_layers_with_errors():
    S = spatial_group((5, 5), "C4")
    torch.manual_seed(5)
    model = torch.nn.Sequential(
        GMConv(S.pixels, S, 1, 3, kernel=3),
        torch.nn.ReLU(),
        LDRGMConv(S, S, 3, 3, kernel=3, displacement_rank=1, modulate="point", init_scale=0.5),
        torch.nn.ReLU(),
        LDRGMConv(S, S.pixels, 3, 1, kernel=3, displacement_rank=0),
    ).double()
    x = torch.randn(4, 1, 5, 5, dtype=F64)
    rep = displacement_report(model, x)
    assert [r.name for r in rep] == ["0", "2", "4"]
    assert [r.kind for r in rep] == ["GMConv", "LDRGMConv", "LDRGMConv"]
    exact0, approx, exact4 = rep.rows
    assert exact0.displacement == 0.0 and exact0.error_max < 1e-12
    assert exact4.displacement == 0.0 and exact4.error_max < 1e-12
    assert approx.displacement == pytest.approx(_f(model[2].displacement_norm()))
    assert approx.error_max > 1e-3 and 0 < approx.distance < 1
    assert "LDRGMConv" in str(rep) and len(rep.as_dicts()) == 3
    assert model.training  # mode restored


def test_report_on_a_single_layer_lists_only_that_layer():
    G = group("D6 (family)")
    layer = LDRGMConv(G, G, 1, 2, displacement_rank=1, init_scale=0.5, dtype=F64)
    rep = displacement_report(layer, _x(G, 1))
    assert len(rep) == 1 and rep.rows[0].name == "" and rep.rows[0].kind == "LDRGMConv"
    assert rep.rows[0].displacement == pytest.approx(_f(layer.displacement_norm()))
    assert "<model>" in str(rep)


def test_report_model_level_invariance_still_works():
    S = spatial_group((4, 4), "C4")
    model = torch.nn.Sequential(
        GMConv(S.pixels, S, 1, 2), torch.nn.Flatten(), torch.nn.Linear(2 * 64, 3)
    )
    x = torch.randn(2, 1, 4, 4)
    rep = displacement_report(model, x)
    assert len(rep) == 1
    # the whole (non-invariant) model is measured by equivariance_error itself
    e = equivariance_error(model, x, SpatialAction(S), TrivialAction())
    assert e.max > 0


# ---------------------------------------------------------------------- errors, repr, devices
def test_errors():
    G = group("C7 (family)")
    with pytest.raises(LayerSpecError, match="displacement_rank"):
        LDRGMConv(G, G, 1, 1, displacement_rank=-1)
    with pytest.raises(LayerSpecError, match="spatial"):
        LDRGMConv(G, G, 1, 1, modulate="point")
    with pytest.raises(LayerSpecError, match="labels"):
        LDRGMConv(G, G, 1, 1, modulate=np.zeros(3, dtype=int))
    with pytest.raises(LayerSpecError, match="modulate"):
        LDRGMConv(G, G, 1, 1, modulate="pixels")
    layer = LDRGMConv(G, G, 2, 1)
    with pytest.raises(ValueError, match="expected"):
        layer(torch.randn(1, 3, 7))


def test_explicit_labels_and_repr_and_state_dict():
    G = group("D6 (family)")
    labels = np.arange(12) % 2
    layer = LDRGMConv(G, G, 1, 2, displacement_rank=1, modulate=labels, share_modulation=True)
    assert tuple(layer.modulation.shape) == (1, 1, 2)
    assert "rank=1" in repr(layer)
    sd = layer.state_dict()
    assert set(sd) == {"conv.weight", "bias", "modulation"}
    other = LDRGMConv(G, G, 1, 2, displacement_rank=1, modulate=labels, share_modulation=True)
    other.load_state_dict(sd)
    x = torch.randn(2, 1, 12)
    assert torch.equal(other(x), layer(x))


def test_float32_default_and_gradcheck():
    G = group("S3 (Cayley table)")
    layer = LDRGMConv(G, G, 1, 1, kernel=1, displacement_rank=1, init_scale=0.3, dtype=F64)
    x = torch.randn(2, 1, 6, dtype=F64, requires_grad=True)
    assert torch.autograd.gradcheck(layer, (x,))
    assert LDRGMConv(G, G, 1, 1)(torch.randn(1, 1, 6)).dtype == torch.float32
