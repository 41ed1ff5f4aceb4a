"""GMPool / GMUnpool / InvariantPool: pooling commutes with the action, covers every coset,
strided pooling is exactly equivariant to the subsampled group, unpooling inverts pooling."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from groupmat import POINT_GROUPS, HomogeneousSpace, spatial_group
from groupmat.errors import LayerSpecError
from groupmat.nn import (
    GMPool,
    GMUnpool,
    InvariantPool,
    RegularAction,
    RestrictedAction,
    SpaceAction,
    SpatialAction,
    TrivialAction,
)
from groupmat.nn._compile import compile_coset_pool  # the compiled index maps: tested directly
from groupmat.testing import assert_equivariant, random_signal
from tests.nn._cases import GROUP_BUILDERS, group

NAMES = list(GROUP_BUILDERS)


def _subgroups(G):
    """A few subgroups: trivial, cyclic from each generator, the whole group."""
    yield G.subgroup([])
    for g in G.generators:
        yield G.subgroup([g])
    yield G.subgroup(list(G.generators))


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("reduce", ["max", "mean"])
def test_coset_pool_commutes_with_action(name, reduce):
    G = group(name)
    for H in _subgroups(G):
        pool = GMPool(G, H, reduce=reduce).double()
        X = pool.out_space
        assert isinstance(X, HomogeneousSpace) and len(X) == G.order // H.order
        x = random_signal(G)
        y = pool(x)
        assert y.shape == (2, 3, len(X))
        assert_equivariant(pool, x, RegularAction(G), SpaceAction(X), max_elements=12)
        # direct definition: y(x) = reduce over the coset
        cos = np.asarray(H.left_cosets())
        for pt in range(len(X)):
            members = x[..., torch.from_numpy(np.flatnonzero(cos == pt))]
            ref = members.amax(-1) if reduce == "max" else members.mean(-1)
            torch.testing.assert_close(y[..., pt], ref)


def test_pool_covers_every_coset_once():
    """Every element is pooled exactly once (the paper's code pools 3 of 4 cosets)."""
    G = group("D6 (family)")
    H = G.subgroup([G.generators[1]])
    maps = compile_coset_pool(G, H)
    assert sorted(maps.index.ravel().tolist()) == list(range(G.order))
    assert maps.index.shape == (G.order // H.order, H.order)


def test_pool_accepts_a_homogeneous_space():
    G = group("S4 (permutations)")
    X = HomogeneousSpace(G, G.subgroup([G.generators[1]]))
    pool = GMPool(G, X)
    assert pool.out_space is X
    assert pool(torch.randn(1, 2, 24)).shape == (1, 2, len(X))


@pytest.mark.parametrize("point", list(POINT_GROUPS))
@pytest.mark.parametrize("size", [2, 3])
def test_strided_pool_equivariant_to_subsampled_group(point, size):
    S = spatial_group((8, 8), point)
    pool = GMPool(S, stride=2, size=size, reduce="max").double()
    S2 = pool.out_space
    assert S2.shape == (4, 4) and S2.parent is S
    x = random_signal(S, grid=True)
    assert pool(x).shape == (2, 3, len(S.point_group), 4, 4)
    assert_equivariant(pool, x, RestrictedAction(RegularAction(S), S2), RegularAction(S2))


def test_strided_pool_on_translations_is_max_pool2d():
    S = spatial_group((8, 6), "C1")
    x = torch.randn(2, 3, 1, 8, 6)
    y = GMPool(S, stride=2)(x)
    torch.testing.assert_close(y[:, :, 0], torch.nn.functional.max_pool2d(x[:, :, 0], 2))
    ym = GMPool(S, stride=2, reduce="mean")(x)
    torch.testing.assert_close(ym[:, :, 0], torch.nn.functional.avg_pool2d(x[:, :, 0], 2))


@pytest.mark.parametrize("point", ["C4", "D4"])
def test_point_pool_to_pixels(point):
    S = spatial_group((6, 6), point)
    pool = GMPool(S).double()
    x = random_signal(S, grid=True)
    y = pool(x)
    torch.testing.assert_close(y, x.amax(dim=2))
    assert pool(x.reshape(2, 3, -1)).shape == (2, 3, 36)
    assert_equivariant(pool, x, SpatialAction(S), SpatialAction(S))
    assert_equivariant(pool, x, RegularAction(S), SpaceAction(S.pixels))


@pytest.mark.parametrize("point", ["C1", "D1", "C4", "D4"])
def test_unpool_strided(point):
    S = spatial_group((8, 8), point)
    pool, unpool = GMPool(S, stride=2), GMUnpool(S, stride=2)
    S2 = pool.out_space
    z = random_signal(S2, grid=True)
    up = unpool(z)
    assert up.shape == (2, 3, len(S.point_group), 8, 8)
    torch.testing.assert_close(pool(up), z)  # max over copies of one value
    assert_equivariant(unpool, z, RegularAction(S2), RestrictedAction(RegularAction(S), S2))


@pytest.mark.parametrize("name", NAMES[:4])
def test_unpool_cosets(name):
    G = group(name)
    H = G.subgroup([G.generators[0]])
    pool, unpool = GMPool(G, H, reduce="mean"), GMUnpool(G, H)
    X = pool.out_space
    z = random_signal(X, dtype=torch.float32)
    torch.testing.assert_close(pool(unpool(z)), z)
    assert_equivariant(unpool, z.double(), SpaceAction(X), RegularAction(G))


def test_invariant_pool():
    S = spatial_group((6, 6), "D4")
    head = InvariantPool("mean", space=S).double()
    x = random_signal(S, grid=True)
    assert head(x).shape == (2, 3)
    assert_equivariant(head, x, SpatialAction(S), TrivialAction())
    assert_equivariant(InvariantPool("max"), x, SpatialAction(S), TrivialAction())
    with pytest.raises(ValueError, match="expected"):
        head(torch.randn(2, 3, 7))


def test_errors():
    G = group("S4 (permutations)")
    S = spatial_group((6, 6), "C4")
    with pytest.raises(LayerSpecError, match="reduce"):
        GMPool(G, G.subgroup([]), reduce="sum")
    with pytest.raises(LayerSpecError, match="subgroup H"):
        GMPool(G)
    with pytest.raises(LayerSpecError, match="not both"):
        GMPool(S, S.point_subgroup(), stride=2)
    with pytest.raises(LayerSpecError, match="size="):
        GMPool(G, G.subgroup([]), size=3)
    with pytest.raises(LayerSpecError, match="spatial group"):
        GMPool(G, stride=2)
    with pytest.raises(LayerSpecError, match="tile"):
        GMUnpool(S, stride=2, size=3)
    with pytest.raises(LayerSpecError, match="group"):
        GMPool(S.pixels, stride=2)
    with pytest.raises(ValueError, match="expected"):
        GMPool(S, stride=2)(torch.randn(2, 3, 6, 6))
