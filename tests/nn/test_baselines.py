"""Baselines: PlainConv (CNN / MLP), residual pathway prior, relaxed group convolution: shapes,
reductions to known layers, exactness where it must hold, closed-form norms vs dense maps."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from groupmat import SizeLimitError, spatial_group
from groupmat.errors import LayerSpecError
from groupmat.nn import (
    GMConv,
    PlainConv,
    RegularAction,
    RelaxedGMConv,
    RPPConv,
    SpatialAction,
    displacement_penalty,
    displacement_report,
    equivariance_error,
    prior_penalty,
)
from groupmat.nn._compile import as_space  # the compiled index maps: tested directly
from tests.nn._cases import group, space
from tests.nn._oracles import assert_norms_match_dense

F64 = torch.float64


def _f(t: torch.Tensor) -> float:
    return float(t.detach())


def _probe(layer) -> np.ndarray:
    """Dense (O N_out, C N_in) matrix of a layer's linear part, by applying it to a basis."""
    src = as_space(layer.in_space)
    c, n = layer.in_channels, src.size
    eye = torch.eye(c * n, dtype=F64).reshape(c * n, c, n)
    with torch.no_grad():
        y = layer(eye) - layer(torch.zeros(1, c, n, dtype=F64))
    return y.reshape(c * n, -1).T.numpy()


def _check_norms(layer) -> None:
    assert_norms_match_dense(layer, _probe(layer), norm_rel=1e-10)


SPATIAL_PAIRS = ["lift", "group", "project", "pixels"]


def _spatial(pair: str, point_group: str = "D4"):
    S = spatial_group((4, 4), point_group)
    return S, {
        "lift": (S.pixels, S),
        "group": (S, S),
        "project": (S, S.pixels),
        "pixels": (S.pixels, S.pixels),
    }[pair]


def _generic(kind: str):
    G, X = group("D6 (family)"), space("D6 (family)")
    return {"lifting": (X, G), "group": (G, G), "projection": (G, X)}[kind]


# ---------------------------------------------------------------------- PlainConv
def test_plain_pixel_conv_is_circular_conv2d():
    S = spatial_group((6, 6), "C4")
    torch.manual_seed(0)
    layer = PlainConv(S.pixels, S.pixels, 2, 3, kernel=3).double()
    ref = torch.nn.Conv2d(2, 3, 3, padding=1, padding_mode="circular").double()
    with torch.no_grad():
        ref.weight.copy_(layer.weight.reshape(3, 2, 3, 3))
        ref.bias.copy_(layer.bias)
    x = torch.randn(2, 2, 6, 6, dtype=F64)
    assert torch.allclose(layer(x), ref(x), atol=1e-12)


@pytest.mark.parametrize("pair", SPATIAL_PAIRS)
@pytest.mark.parametrize("point_group", ["C4", "D4"])
def test_plain_conv_norms_and_translation_equivariance(pair, point_group):
    S, (src, dst) = _spatial(pair, point_group)
    layer = PlainConv(src, dst, 2, 2, kernel=3, dtype=F64)
    _check_norms(layer)
    grid = (2, 4, 4) if as_space(src).kind == "points" else (2, len(S.point_group), 4, 4)
    x = torch.randn(2, *grid, dtype=F64)
    act = SpatialAction(S)
    assert equivariance_error(layer, x, act, act, elements=[S.translation(1, 3)]).max < 1e-12
    assert equivariance_error(layer, x, act, act, elements=[S.point(1)]).max > 1e-3


@pytest.mark.parametrize("kind", ["lifting", "group", "projection"])
def test_dense_plain_layer_norms(kind):
    src, dst = _generic(kind)
    _check_norms(PlainConv(src, dst, 2, 2, dtype=F64))


def test_plain_guards():
    S = spatial_group((4, 4), "C4")
    with pytest.raises(LayerSpecError, match="odd window"):
        PlainConv(S, S, 1, 1, kernel=2)
    with pytest.raises(LayerSpecError, match="does not fit"):
        PlainConv(S, S, 1, 1, kernel=5)
    with pytest.raises(SizeLimitError, match="dense"):
        big = spatial_group((32, 32), "D4")
        PlainConv(big, big, 1, 1, dense=True)
    with pytest.raises(LayerSpecError, match="same group"):
        PlainConv(S, spatial_group((4, 4), "C4"), 1, 1)


# ---------------------------------------------------------------------- RPP
def test_rpp_with_zero_free_pathway_is_the_exact_layer():
    G = group("D6 (family)")
    torch.manual_seed(1)
    layer = RPPConv(G, G, 2, 3, kernel=1).double()
    with torch.no_grad():
        layer.free.weight.zero_()
    x = torch.randn(3, 2, 12, dtype=F64)
    assert torch.allclose(layer(x), layer.exact(x), atol=1e-14)
    assert _f(layer.displacement_norm()) == 0.0
    assert equivariance_error(layer, x, RegularAction(G), RegularAction(G)).max < 1e-12


@pytest.mark.parametrize("pair", SPATIAL_PAIRS)
def test_rpp_norms_spatial(pair):
    _, (src, dst) = _spatial(pair)
    _check_norms(RPPConv(src, dst, 2, 2, kernel=3, free_init=1.0, dtype=F64))


@pytest.mark.parametrize("kind", ["lifting", "group", "projection"])
def test_rpp_norms_generic(kind):
    src, dst = _generic(kind)
    _check_norms(RPPConv(src, dst, 2, 2, kernel=1, free_init=1.0, dtype=F64))


def test_rpp_prior_penalty():
    G = group("C7 (family)")
    layer = RPPConv(G, G, 1, 2, exact_decay=0.5, free_decay=3.0)
    want = 0.5 * layer.exact.weight.square().sum() + 3.0 * layer.free.weight.square().sum()
    assert torch.allclose(layer.penalty(), want)
    model = torch.nn.Sequential(layer)
    assert torch.allclose(prior_penalty(model), want)
    assert torch.allclose(displacement_penalty(model), layer.displacement_norm(squared=True))


# ---------------------------------------------------------------------- relaxed group conv
@pytest.mark.parametrize("pair", SPATIAL_PAIRS)
def test_relaxed_starts_exact_and_norms_match(pair):
    S, (src, dst) = _spatial(pair)
    layer = RelaxedGMConv(src, dst, 2, 2, kernel=3, num_banks=3, dtype=F64)
    grid = (2, 4, 4) if as_space(src).kind == "points" else (2, 8, 4, 4)
    x = torch.randn(2, *grid, dtype=F64)
    act = SpatialAction(S)
    assert equivariance_error(layer, x, act, act).max < 1e-12
    assert _f(layer.displacement_norm()) < 1e-12 and _f(layer.penalty()) == 0.0
    with torch.no_grad():
        layer.relaxed_weights.normal_()
    _check_norms(layer)


@pytest.mark.parametrize("kind", ["lifting", "group", "projection"])
@pytest.mark.parametrize("side", ["auto", "output"])
def test_relaxed_norms_generic(kind, side):
    src, dst = _generic(kind)
    layer = RelaxedGMConv(src, dst, 2, 2, kernel=1, num_banks=2, side=side, dtype=F64)
    with torch.no_grad():
        layer.relaxed_weights.normal_()
    _check_norms(layer)


def test_relaxed_is_a_sum_of_modulated_group_convolutions():
    """Input side: y = sum_l M_{psi_l}(w_l * f) with psi_l the l-th slice of the weights."""
    G = group("Q8 (family)")
    torch.manual_seed(2)
    layer = RelaxedGMConv(G, G, 2, 3, kernel=1, num_banks=2, dtype=F64)
    with torch.no_grad():
        layer.relaxed_weights.normal_()
    x = torch.randn(4, 2, 8, dtype=F64)
    w = layer.coefficients()
    y = layer.bias[:, None].expand(3, 8).clone()
    for l in range(2):
        conv = GMConv(G, G, 2, 3, kernel=1, bias=False, dtype=F64)
        with torch.no_grad():
            conv.weight.copy_(layer.conv.weight[:, 2 * l : 2 * l + 2])
        y = y + conv(w[l] * x)
    assert torch.allclose(layer(x), y, atol=1e-12)


def test_relaxed_point_coefficients_keep_translations():
    S = spatial_group((5, 5), "C4")
    layer = RelaxedGMConv(S, S, 1, 2, kernel=3, num_banks=2, dtype=F64)
    assert tuple(layer.relaxed_weights.shape) == (2, 4)
    with torch.no_grad():
        layer.relaxed_weights.normal_()
    x = torch.randn(2, 1, 4, 5, 5, dtype=F64)
    act = SpatialAction(S)
    assert equivariance_error(layer, x, act, act, elements=[S.translation(2, 1)]).max < 1e-12
    assert equivariance_error(layer, x, act, act, elements=[S.point(1)]).max > 1e-3
    assert _f(layer.penalty()) > 0


def test_relaxed_errors():
    S = spatial_group((4, 4), "C4")
    with pytest.raises(LayerSpecError, match="num_banks"):
        RelaxedGMConv(S, S, 1, 1, num_banks=0)
    with pytest.raises(LayerSpecError, match="side"):
        RelaxedGMConv(S.pixels, S, 1, 1, side="input")
    with pytest.raises(LayerSpecError, match="side"):
        RelaxedGMConv(S, S, 1, 1, side="middle")


def test_report_covers_baselines():
    S = spatial_group((4, 4), "C4")
    model = torch.nn.Sequential(
        RelaxedGMConv(S.pixels, S, 1, 2, kernel=3),
        torch.nn.ReLU(),
        RPPConv(S, S, 2, 2, kernel=3),
        torch.nn.ReLU(),
        PlainConv(S, S.pixels, 2, 1, kernel=3),
    )
    rep = displacement_report(model, torch.randn(2, 1, 4, 4))
    assert [r.kind for r in rep] == ["RelaxedGMConv", "RPPConv", "PlainConv"]
    assert rep.rows[0].error_max < 1e-5  # relaxed starts exact
    assert rep.rows[1].displacement > 0 and rep.rows[1].error_max > 1e-4
