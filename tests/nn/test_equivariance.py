"""Actions on tensors (conventions, left actions), equivariance_error / assert_equivariant (can
fail), and equivariance of every layer and of stacked models on many groups."""

from __future__ import annotations

import numpy as np
import pytest
import torch
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from groupmat import HomogeneousSpace, spatial_group
from groupmat.nn import (
    GMConv,
    GMPool,
    InvariantPool,
    RegularAction,
    RestrictedAction,
    SpaceAction,
    SpatialAction,
    TrivialAction,
    equivariance_error,
)
from groupmat.testing import assert_equivariant, random_signal
from tests.nn._cases import GROUP_BUILDERS, group, space
from tests.strategies import permutation_groups

NAMES = list(GROUP_BUILDERS)


# ------------------------------------------------------------------ actions
@pytest.mark.parametrize("name", NAMES)
def test_action_conventions(name):
    G, X = group(name), space(name)
    f = random_signal(G)
    fx = random_signal(X)
    T = G.table
    for h in range(min(G.order, 12)):
        fh = RegularAction(G)(f, h)
        assert torch.equal(fh[..., torch.from_numpy(T[h].astype(np.int64))], f)
        fxh = SpaceAction(X)(fx, h)
        assert torch.equal(fxh[..., torch.from_numpy(X.action[h].astype(np.int64))], fx)


@pytest.mark.parametrize("name", NAMES)
def test_actions_are_left_actions(name):
    G, X = group(name), space(name)
    rng = np.random.default_rng(0)
    for action, f in [(RegularAction(G), random_signal(G)), (SpaceAction(X), random_signal(X))]:
        for _ in range(5):
            g, h = (int(v) for v in rng.integers(0, G.order, 2))
            gh = int(G.multiply(g, h))
            assert torch.equal(action(action(f, h), g), action(f, gh))


@pytest.mark.parametrize("point", ["C2", "C4", "D1", "D4"])
def test_spatial_action_left_action_on_images_and_lifted(point):
    S = spatial_group((5, 5), point)
    act = SpatialAction(S)
    rng = np.random.default_rng(1)
    img, lifted = torch.randn(2, 3, 5, 5), random_signal(S, grid=True)
    for _ in range(5):
        g, h = (int(v) for v in rng.integers(0, S.order, 2))
        gh = int(S.multiply(g, h))
        for f in (img, lifted, lifted.reshape(2, 3, -1)):
            assert torch.equal(act(act(f, h), g), act(f, gh))


def test_spatial_rotation_is_image_rotation():
    """The quarter turn about pixel 0 is torch.rot90 (counter-clockwise) up to a roll: the
    layers rotate images, they do not relabel rows and columns."""
    S = spatial_group((5, 5), "D4")
    img = torch.randn(1, 1, 5, 5)
    r = S.point(S.point_group.generators[0])
    m = S.point(S.point_group.generators[1])
    rotated = SpatialAction(S)(img, r)
    torch.testing.assert_close(rotated, torch.roll(torch.rot90(img, 1, dims=(-2, -1)), 1, -2))
    flipped = SpatialAction(S)(img, m)
    torch.testing.assert_close(flipped, torch.roll(torch.flip(img, dims=(-1,)), 1, -1))


# ------------------------------------------------------------------ the error measure
class _Scramble(torch.nn.Module):
    def __init__(self, n: int) -> None:
        super().__init__()
        self.lin = torch.nn.Linear(n, n, dtype=torch.float64)

    def forward(self, x):
        return self.lin(x)


def test_equivariance_error_detects_broken_modules():
    G = group("S4 (permutations)")
    x = random_signal(G)
    bad = equivariance_error(_Scramble(24), x, RegularAction(G), RegularAction(G))
    assert bad.max > 0.1 and bad.elements.size == 16
    good = equivariance_error(torch.nn.Identity(), x, RegularAction(G), RegularAction(G))
    assert good.max == 0.0
    with pytest.raises(AssertionError, match="not equivariant"):
        assert_equivariant(_Scramble(24), x, RegularAction(G), RegularAction(G))
    rep = equivariance_error(torch.nn.ReLU(), x, RegularAction(G), RegularAction(G), [1, 2])
    assert rep.elements.tolist() == [1, 2] and "max" in repr(rep)


def test_naive_strided_pooling_is_caught():
    """Plain 2x2 max pooling of every point channel is not equivariant to rotations (only
    GMPool's rotated windows are): the check has power."""
    S = spatial_group((8, 8), "C4")
    S2 = S.subsample(2)

    def naive(x):
        b, c, p, h, w = x.shape
        return torch.nn.functional.max_pool2d(x.reshape(b, c * p, h, w), 2).reshape(
            b, c, p, h // 2, w // 2
        )

    x = random_signal(S, grid=True)
    rep = equivariance_error(naive, x, RestrictedAction(RegularAction(S), S2), RegularAction(S2))
    assert rep.max > 0.1


def test_actions_of_different_groups_are_refused():
    with pytest.raises(ValueError, match="different group"):
        equivariance_error(
            torch.nn.Identity(),
            torch.randn(1, 1, 24),
            RegularAction(group("S4 (permutations)")),
            RegularAction(group("D6 (family)")),
        )


# ------------------------------------------------------------------ layers and models
@pytest.mark.parametrize("name", NAMES)
def test_every_layer_kind_is_equivariant(name):
    G, X = group(name), space(name)
    torch.manual_seed(0)
    R, A = RegularAction(G), SpaceAction(X)
    for a, b, act_a, act_b in [(X, G, A, R), (G, G, R, R), (G, X, R, A), (X, X, A, A)]:
        conv = GMConv(a, b, 3, 2, kernel=2).double()
        rep = assert_equivariant(conv, random_signal(a), act_a, act_b, rtol=1e-12, atol=0)
        assert rep.max <= 1e-12


@pytest.mark.parametrize("name", NAMES)
def test_stacked_model_is_equivariant(name):
    """lift -> relu -> group conv -> relu -> coset pool -> projection, and an invariant head."""
    G, X = group(name), space(name)
    H = X.subgroup
    torch.manual_seed(0)
    pool = GMPool(G, H, reduce="max")
    body = torch.nn.Sequential(
        GMConv(X, G, 2, 4, kernel=1),
        torch.nn.Tanh(),
        GMConv(G, G, 4, 4, kernel=2),
        torch.nn.ReLU(),
        pool,
        GMConv(pool.out_space, G, 4, 3, kernel=1),
        torch.nn.ReLU(),
        GMConv(G, X, 3, 2, kernel=1),
    ).double()
    x = random_signal(X, channels=2)
    assert_equivariant(body, x, SpaceAction(X), SpaceAction(X), rtol=1e-12, atol=0)
    head = torch.nn.Sequential(body, InvariantPool("mean"), torch.nn.Linear(2, 5).double())
    assert_equivariant(head, x, SpaceAction(X), TrivialAction(), rtol=1e-12, atol=0)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(permutation_groups(max_degree=6, max_order=200), st.data())
def test_random_permutation_groups(G, data):
    g = data.draw(st.integers(0, G.order - 1))
    X = HomogeneousSpace(G, G.subgroup([g]))
    r = data.draw(st.integers(0, 2))
    model = torch.nn.Sequential(
        GMConv(X, G, 2, 3, kernel=r), torch.nn.ReLU(), GMConv(G, X, 3, 2, kernel=r)
    ).double()
    assert_equivariant(
        model, random_signal(X, channels=2), SpaceAction(X), SpaceAction(X), rtol=1e-12, atol=0
    )


@pytest.mark.parametrize("point", ["C1", "C2", "C4", "D1", "D2", "D4"])
def test_float32_within_float_precision(point):
    S = spatial_group((6, 6), point)
    conv = GMConv(S.pixels, S, 3, 4)
    rep = assert_equivariant(conv, torch.randn(2, 3, 6, 6), SpatialAction(S), SpatialAction(S))
    assert rep.max < 1e-5


def test_larger_groups():
    """M11 (order 7920) on its 11 points and p4m on a 16x16 torus, float64."""
    import groupmat as gm

    G = gm.mathieu(11)
    X = HomogeneousSpace.from_action(G, G.permutations[list(G.generators)])
    model = torch.nn.Sequential(
        GMConv(X, G, 2, 3, kernel=1), torch.nn.ReLU(), GMConv(G, X, 3, 2, kernel=1)
    ).double()
    assert_equivariant(
        model, random_signal(X, channels=2), SpaceAction(X), SpaceAction(X), rtol=1e-12, atol=0
    )
    S = spatial_group((16, 16), "D4")
    model = torch.nn.Sequential(
        GMConv(S.pixels, S, 1, 4, kernel=5), torch.nn.ReLU(), GMConv(S, S.pixels, 4, 1, kernel=3)
    ).double()
    x = torch.randn(2, 1, 16, 16, dtype=torch.float64)
    assert_equivariant(model, x, SpatialAction(S), SpatialAction(S), rtol=1e-12, atol=0)
