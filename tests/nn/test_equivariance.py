"""Actions on tensors (conventions, left actions), equivariance_error / assert_equivariant (can
fail), and equivariance of every layer and of stacked models on many groups."""

from __future__ import annotations

import numpy as np
import pytest
import torch
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from groupmat import HomogeneousSpace, spatial_group
from groupmat.errors import NotFiniteError
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
from groupmat.nn._equivariance import Action, ActionLike, ImageAction, actions_of
from groupmat.nn._equivariance import assert_equivariant as nn_assert_equivariant
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


# ------------------------------------------------------------------ NaN / Inf (issue 16)


def _c4():
    from groupmat import Group

    return Group.from_permutations([[1, 2, 3, 0]])


class _NaNEverywhere(torch.nn.Module):
    def forward(self, x):
        return x * float("nan")


class _NaNAtPosition(torch.nn.Module):
    """Position-dependent: position 2 of the output is NaN (not equivariant)."""

    def forward(self, x):
        y = x.clone()
        y[..., 2] = float("nan")
        return y


class _NaNWhenMoved(torch.nn.Module):
    """Finite on x, NaN on transformed inputs whose first entry moved."""

    def __init__(self, x0):
        super().__init__()
        self.x0 = x0

    def forward(self, x):
        return x if torch.equal(x, self.x0) else x / 0.0 * 0.0


def test_nan_output_fails_the_check():
    G = _c4()
    x, R = random_signal(G, channels=1), RegularAction(G)
    with pytest.raises(AssertionError, match=r"output F\(x\) has 8 NaN value\(s\); the first at "):
        assert_equivariant(_NaNEverywhere(), x, R, R)
    with pytest.raises(
        AssertionError, match=r"F\(x\) has 2 NaN value\(s\); the first at index \(0, 0, 2\)"
    ):
        assert_equivariant(_NaNAtPosition(), x, R, R)
    with pytest.raises(NotFiniteError, match=r"F\(g\.x\) for element a \(index 1\)"):
        equivariance_error(_NaNWhenMoved(x), x, R, R)


def test_inf_in_input_or_action_fails_the_check():
    G = _c4()
    x, R = random_signal(G, channels=1), RegularAction(G)
    x[1, 0, 3] = float("inf")
    with pytest.raises(
        NotFiniteError, match=r"the input x has 1 Inf value\(s\); the first at index \(1, 0, 3\)"
    ):
        equivariance_error(torch.nn.Identity(), x, R, R)
    x[1, 0, 3] = 0.0

    def bad_out(t, g):
        return R(t, g) * (float("inf") if g == 2 else 1.0)

    with pytest.raises(AssertionError, match=r"g\.F\(x\) for element \S+ \(index 2\)"):
        assert_equivariant(torch.nn.Identity(), x, R, bad_out)


# ------------------------------------------------------------------ actions without .group
def test_plain_callables_need_group_and_then_work():
    G = _c4()
    x = random_signal(G, channels=1)

    def roll(t, g):
        return torch.roll(t, int(g), -1)

    with pytest.raises(ValueError, match="pass group=G") as e:
        equivariance_error(torch.nn.Identity(), x, roll, roll, elements=[1])
    assert "both actions are trivial" not in str(e.value)
    rep = assert_equivariant(torch.nn.Identity(), x, roll, roll, group=G)
    assert rep.elements.tolist() == [0, 1, 2, 3] and rep.names[1] == "a"

    class Roll(Action):  # an Action subclass that forgot .group
        def __call__(self, t, g):
            return roll(t, g)

    assert assert_equivariant(torch.nn.Identity(), x, Roll(), Roll(), group=G).max == 0.0
    assert isinstance(RegularAction(G), ActionLike) and not isinstance(roll, ActionLike)
    with pytest.raises(ValueError, match="group= is not the group"):
        equivariance_error(torch.nn.Identity(), x, RegularAction(G), roll, group=_c4())
    with pytest.raises(TypeError, match="in_action must be an action"):
        equivariance_error(torch.nn.Identity(), x, 3, roll, group=G)


# ------------------------------------------------------------------ image actions
@pytest.mark.parametrize("point", ["C1", "C2", "C4", "D1", "D2", "D4"])
def test_image_action_is_a_left_action_with_torch_semantics(point):
    A = ImageAction(point)
    G = A.group
    img = torch.randn(2, 3, 5, 5)
    for g in range(G.order):
        for h in range(G.order):
            assert torch.equal(A(A(img, h), g), A(img, int(G.multiply(g, h))))
    names = [A.element_name(g) for g in range(G.order)]
    assert names[0] == "identity" and len(set(names)) == G.order


def test_image_action_elements():
    A = ImageAction("D4")
    img = torch.randn(1, 1, 4, 4)
    assert A.group.order == 8
    assert torch.equal(A(img, 1), torch.rot90(img, 1, dims=(-2, -1)))
    assert torch.equal(A(img, 4), torch.flip(img, dims=(-1,)))
    assert A.element_name(5) == "rot90*flip"
    assert torch.equal(A(img, 5), torch.rot90(torch.flip(img, dims=(-1,)), 1, dims=(-2, -1)))
    with pytest.raises(ValueError, match="rotations need square images"):
        A(torch.randn(1, 1, 4, 6), 1)
    assert ImageAction("D2")(torch.randn(1, 1, 4, 6), 3).shape == (1, 1, 4, 6)
    with pytest.raises(ValueError, match="point_group must be one of"):
        ImageAction("C3")


def test_image_action_checks_zero_padded_convolutions():
    """An isotropic 3x3 kernel with zero padding commutes with D4 about the image centre; a
    random one fails, and the failures are named rot90, flip, ..."""
    A = ImageAction("D4")
    conv = torch.nn.Conv2d(1, 2, 3, padding=1, bias=False).double()
    with torch.no_grad():
        conv.weight.copy_(torch.tensor([[0.0, 1, 0], [1, 2, 1], [0, 1, 0]]).expand(2, 1, 3, 3))
    x = torch.randn(2, 1, 9, 9, dtype=torch.float64)
    assert assert_equivariant(conv, x, A, A).max < 1e-14
    with torch.no_grad():
        conv.weight.normal_()
    with pytest.raises(AssertionError, match=r"worst: (rot\d+|flip|rot\d+\*flip) \(index"):
        assert_equivariant(conv, x, A, A)


# ------------------------------------------------------------------ one-call check
def test_one_call_check_reads_actions_from_the_module():
    S = spatial_group((8, 8), "D4")
    conv = GMConv(S.pixels, S, 1, 3, kernel=3).double()
    rep = nn_assert_equivariant(conv)
    assert rep.elements.size == 16 and rep.max < 1e-12
    model = torch.nn.Sequential(
        conv, torch.nn.ReLU(), GMConv(S, S, 3, 3, kernel=3), GMPool(S, stride=2)
    ).double()
    a_in, a_out = actions_of(model)
    assert isinstance(a_in, RestrictedAction) and a_out.group is S.subsample(2).group
    assert nn_assert_equivariant(model).max < 1e-12
    head = torch.nn.Sequential(model, InvariantPool("max"))
    assert isinstance(actions_of(head)[1], TrivialAction)
    assert isinstance(actions_of(head)[0], RestrictedAction)  # invariant to S.subsample(2)
    nn_assert_equivariant(head)
    G = group("S4 (permutations)")
    assert nn_assert_equivariant(GMConv(G, G, 2, 2).double()).max < 1e-12
    with pytest.raises(ValueError, match="pass in_action= and out_action="):
        nn_assert_equivariant(torch.nn.Linear(3, 3))
    with pytest.raises(ValueError, match="pass both in_action and out_action, or neither"):
        equivariance_error(conv, None, SpatialAction(S))


class _PositionBias(torch.nn.Module):
    def __init__(self, S):
        super().__init__()
        self.inner = GMConv(S, S, 2, 2, kernel=3).double()
        self.bias = torch.nn.Parameter(torch.randn(S.order, dtype=torch.float64))
        self.in_space = self.out_space = S

    def forward(self, x):
        y = self.inner(x)
        return y + self.bias.reshape(y.shape[2:])


def test_failures_are_reported_by_readable_names():
    S = spatial_group((6, 6), "C4")
    model = _PositionBias(S)
    model.in_channels = 2
    with pytest.raises(AssertionError, match=r"worst: \([-xy+0-9, ]+\) \(index \d+\): rel"):
        nn_assert_equivariant(model)
    rep = equivariance_error(model)
    assert "(x+1, y)" in rep.names and "at (" in repr(rep)


# ------------------------------------------------------------------ ambiguous flat signals
@pytest.mark.parametrize("symbol", ["pg", "pgg"])
def test_spatial_action_refuses_ambiguous_flat_signals(symbol):
    import groupmat as gm

    W = gm.wallpaper_group(symbol, 4)
    assert W.order == W.num_pixels
    x = torch.randn(1, 1, W.order)
    with pytest.raises(ValueError, match=r"ambiguous.*kind=.lifted.*kind=.image."):
        SpatialAction(W)(x, 1)
    lifted = SpatialAction(W, kind="lifted")(x, 1)
    image = SpatialAction(W, kind="image")(x, 1)
    assert torch.equal(lifted, RegularAction(W)(x, 1))
    assert torch.equal(image, SpaceAction(W.pixels)(x, 1))


# ------------------------------------------------------------------ progress and batching
def test_progress_bar_and_stacked_elements_agree():
    S = spatial_group((8, 8), "D4")
    conv = GMConv(S, S, 2, 2, kernel=3).double().eval()
    A = SpatialAction(S)
    x = random_signal(S, grid=True, channels=2)
    one = equivariance_error(conv, x, A, A, max_elements=20, progress=True)
    many = equivariance_error(conv, x, A, A, max_elements=20, elements_per_call=7)
    assert one.elements.tolist() == many.elements.tolist()
    np.testing.assert_allclose(one.abs_errors, many.abs_errors, atol=1e-12)
    with pytest.raises(ValueError, match="elements_per_call must be >= 1"):
        equivariance_error(conv, x, A, A, elements_per_call=0)
