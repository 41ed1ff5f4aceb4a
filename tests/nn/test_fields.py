"""Field types (rho-fields on pixels): lifting to regular features, projection back, the action
that moves pixels and turns values; float64 equivariance <= 1e-12 on square, rectangular,
hexagonal and non-symmorphic groups."""

from __future__ import annotations

from functools import cache

import numpy as np
import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st

from groupmat import spatial_group, wallpaper_group
from groupmat.nn import (
    FieldAction,
    FieldLifting,
    FieldProjection,
    FieldType,
    FieldTypeError,
    GMConv,
    LDRGMConv,
    LiftField,
    ProjectField,
    RegularAction,
    RelaxedGMConv,
    RPPConv,
)
from groupmat.testing import assert_equivariant

GROUPS = {
    "p4 5x5": lambda: spatial_group((5, 5), "C4"),
    "p4m 4x4": lambda: spatial_group((4, 4), "D4"),
    "p2 4x6": lambda: spatial_group((4, 6), "C2"),
    "p6 3x3": lambda: wallpaper_group("p6", 3),
    "p6m 3x3": lambda: wallpaper_group("p6m", 3),
    "p3m1 3x3": lambda: wallpaper_group("p3m1", 3),
    "p4g 4x4 (glides, refined grid)": lambda: wallpaper_group("p4g", 4),
    "cm 3x3 (centred)": lambda: wallpaper_group("cm", 3),
}
TYPES = ("trivial", "standard", "lattice", "regular")
TOL = {"atol": 1e-12, "rtol": 1e-12}


@cache
def group(name: str):
    return GROUPS[name]()


def _field(ft: FieldType, channels: int = 2, seed: int = 0) -> torch.Tensor:
    gen = torch.Generator().manual_seed(seed)
    return torch.randn(2, channels, ft.dim, *ft.crystal.shape, dtype=torch.float64, generator=gen)


@pytest.mark.parametrize("name", list(GROUPS))
@pytest.mark.parametrize("kind", TYPES)
def test_lift_is_equivariant(name, kind):
    G = group(name)
    ft = FieldType(G, kind)
    assert_equivariant(LiftField(ft), _field(ft), FieldAction(ft), RegularAction(G), **TOL)


@pytest.mark.parametrize("name", list(GROUPS))
@pytest.mark.parametrize("kind", TYPES)
def test_project_is_equivariant(name, kind):
    G = group(name)
    ft = FieldType(G, kind)
    gen = torch.Generator().manual_seed(1)
    F = torch.randn(2, 3 * ft.dim, *G.grid_shape, dtype=torch.float64, generator=gen)
    assert_equivariant(ProjectField(ft), F, RegularAction(G), FieldAction(ft), **TOL)


@pytest.mark.parametrize("name", list(GROUPS))
def test_field_to_field_model(name):
    """Vector field in, a different field type out, through nonlinear group layers."""
    G = group(name)
    fin, fout = FieldType(G, "standard"), FieldType(G, "regular")
    torch.manual_seed(0)
    model = torch.nn.Sequential(
        FieldLifting(fin, 2, 3, kernel=3),
        torch.nn.Tanh(),
        GMConv(G, G, 3, 3, 3),
        torch.nn.Tanh(),
        FieldProjection(fout, 3, 2, kernel=3),
    ).double()
    y = model(_field(fin))
    assert y.shape == (2, 2, fout.dim, *G.shape)
    assert_equivariant(model, _field(fin), FieldAction(fin), FieldAction(fout), **TOL)


@pytest.mark.parametrize("layer", [GMConv, RPPConv, RelaxedGMConv, LDRGMConv])
def test_field_layers_take_any_group_layer(layer):
    """The approximate layers compose with the field maps; exact ones stay exact, relaxed ones
    (perturbed away from their equivariant start) are measurably not."""
    G = group("p4 5x5")
    ft = FieldType(G, "standard")
    torch.manual_seed(0)
    kw = (
        {"displacement_rank": 1, "modulate": "point", "init_scale": 0.5}
        if layer is LDRGMConv
        else {}
    )
    model = torch.nn.Sequential(
        FieldLifting(ft, 1, 2, 3, layer=layer, **kw),
        torch.nn.Tanh(),
        FieldProjection(ft, 2, 1, 3, layer=layer, **kw),
    ).double()
    if layer is RelaxedGMConv:
        with torch.no_grad():
            for p in model.parameters():
                p.add_(0.3 * torch.randn_like(p))
    x = _field(ft, channels=1)
    rep = assert_equivariant(model, x, FieldAction(ft), FieldAction(ft), atol=np.inf)
    if layer is GMConv:
        assert rep.max < 1e-12
    else:
        assert rep.max > 1e-3


@pytest.mark.parametrize("name", ["p4 5x5", "p6m 3x3", "p4g 4x4 (glides, refined grid)"])
def test_projection_is_the_adjoint_of_lifting(name):
    """<Lambda f, F> = |G_x0| <f, Pi F> for orthogonal rho."""
    G = group(name)
    for kind in ("standard", "regular"):
        ft = FieldType(G, kind)
        assert ft.orthogonal
        f = _field(ft)
        F = torch.randn(2, 2 * ft.dim, *G.grid_shape, dtype=torch.float64)
        proj = ProjectField(ft)
        lhs = float((LiftField(ft)(f) * F).sum())
        rhs = proj.multiplicity * float((f * proj(F)).sum())
        assert abs(lhs - rhs) <= 1e-12 * max(1.0, abs(lhs))
        # and Pi Lambda = identity
        assert torch.allclose(proj(LiftField(ft)(f)), f, atol=1e-13)


def test_quarter_turn_turns_vectors():
    """A quarter turn about pixel 0 sends e_0 at (1, 0) to e_1 at (0, 1): pixels and vectors
    by the same matrix [[0, -1], [1, 0]] (array axes)."""
    S = spatial_group((3, 3), "C4")
    ft = FieldType(S, "standard")
    f = torch.zeros(1, 1, 2, 3, 3, dtype=torch.float64)
    f[0, 0, 0, 1, 0] = 1.0
    g = FieldAction(ft)(f, S.point(1))
    expect = torch.zeros_like(f)
    expect[0, 0, 1, 0, 1] = 1.0
    assert torch.equal(g, expect)
    # a shift moves the pixel and leaves the vector alone
    h = FieldAction(ft)(f, S.translation(0, 1))
    assert h[0, 0, 0, 1, 1] == 1.0 and float(h.abs().sum()) == 1.0


def test_standard_is_orthogonal_on_hexagonal_lattices_and_lattice_is_not():
    G = group("p6m 3x3")
    std, lat = FieldType(G, "standard"), FieldType(G, "lattice")
    assert std.orthogonal and not lat.orthogonal
    assert np.allclose(np.linalg.det(std.matrices) ** 2, 1.0)


@settings(max_examples=20, deadline=None)
@given(st.integers(0, 2**31 - 1))
def test_user_representation_sign_of_det(seed):
    """A user rep (det of the point matrix, the pseudo-scalar type of p4m) is accepted and
    every model built from it is equivariant."""
    G = group("p4m 4x4")
    det = np.linalg.det(G.point_group.matrices.astype(float)).round()[:, None, None]
    ft = FieldType(G, det)
    torch.manual_seed(seed % 1000)
    model = torch.nn.Sequential(
        FieldLifting(ft, 1, 2, 3), torch.nn.Tanh(), FieldProjection(ft, 2, 1, 3)
    ).double()
    assert_equivariant(model, _field(ft, 1, seed), FieldAction(ft), FieldAction(ft), **TOL)


def test_bad_representations_are_refused():
    G = group("p4 5x5")
    with pytest.raises(FieldTypeError, match="homomorphism"):
        FieldType(G, np.random.default_rng(0).normal(size=(4, 2, 2)))
    with pytest.raises(FieldTypeError, match="4 square matrices"):
        FieldType(G, np.eye(2)[None].repeat(3, 0))
    with pytest.raises(FieldTypeError, match="singular"):
        FieldType(G, np.zeros((4, 1, 1)))
    with pytest.raises(FieldTypeError, match="unknown field type"):
        FieldType(G, "vector")
    with pytest.raises(FieldTypeError, match="spatial"):
        from groupmat import dihedral

        FieldType(dihedral(4), "standard")


def test_shape_errors_name_the_expected_shape():
    G = group("p4 5x5")
    ft = FieldType(G, "standard")
    with pytest.raises(ValueError, match=r"\(B, C, 2, 5, 5\)"):
        LiftField(ft)(torch.randn(2, 1, 3, 5, 5))
    with pytest.raises(ValueError, match="multiple of d = 2"):
        ProjectField(ft)(torch.randn(2, 3, 4, 5, 5))
    with pytest.raises(ValueError, match="FieldAction"):
        FieldAction(ft)(torch.randn(2, 1, 5, 5), 1)


def test_float32_path_and_flat_layouts():
    G = group("p4 5x5")
    ft = FieldType(G, "standard")
    f = torch.randn(2, 1, 2, 25)
    lifted = LiftField(ft)(f)
    assert lifted.shape == (2, 2, G.order) and lifted.dtype == torch.float32
    back = ProjectField(ft)(lifted)
    assert back.shape == (2, 1, 2, 25) and torch.allclose(back, f, atol=1e-6)
