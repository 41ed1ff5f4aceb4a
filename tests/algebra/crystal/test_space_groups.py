"""Cubic space groups on voxel tori: the five cubic point groups, orders, axioms, voxel action
(faithful, transitive where documented), symmorphy, centred and non-symmorphic groups."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from groupmat import SPACE_GROUPS, CrystallographicGroupError, Group, cubic_point_group, space_group

#: symbol -> (cosets of Z^3, |P|, symmorphic, voxels per cell)
FACTS = {
    "P23": (12, 12, True, 1),
    "Pm-3": (24, 24, True, 1),
    "P432": (24, 24, True, 1),
    "P-43m": (24, 24, True, 1),
    "Pm-3m": (48, 48, True, 1),
    "Fm-3m": (192, 48, True, 8),
    "Im-3m": (96, 48, True, 8),
    "P2_13": (12, 12, False, 8),
    "Pa-3": (24, 24, False, 8),
}


def test_cubic_point_groups():
    oh = cubic_point_group("m-3m")
    assert oh.shape == (48, 3, 3) and np.array_equal(oh[0], np.eye(3))
    keys = {M.tobytes() for M in oh}
    assert len(keys) == 48
    for name, order in (("23", 12), ("m-3", 24), ("432", 24), ("-43m", 24), ("Oh", 48)):
        P = cubic_point_group(name)
        assert P.shape[0] == order
        prods = {(A @ B).tobytes() for A in P for B in P}
        assert prods == {M.tobytes() for M in P}  # closed
    dets = np.rint(np.linalg.det(cubic_point_group("432").astype(float)))
    assert (dets == 1).all()
    assert any((M == -np.eye(3)).all() for M in cubic_point_group("m-3"))
    assert not any((M == -np.eye(3)).all() for M in cubic_point_group("-43m"))
    with pytest.raises(CrystallographicGroupError, match="unknown cubic point group"):
        cubic_point_group("6/mmm")


@pytest.mark.parametrize("name", list(SPACE_GROUPS))
def test_orders_and_structure(name):
    m, P, symmorphic, per_cell = FACTS[name]
    G = space_group(name, 2)
    assert G.num_cosets == m and len(G.point_group) == P and G.order == 8 * m
    assert G.is_symmorphic == symmorphic
    assert int(np.prod(G.refinement)) == per_cell and G.dim == 3
    T = G.translation_subgroup()
    assert T.order == 8 * m // P and T.is_normal()
    assert G.it_number == SPACE_GROUPS[name]
    rng = np.random.default_rng(0)
    a, b, c = (rng.integers(0, G.order, 100) for _ in range(3))
    assert (G.multiply(G.multiply(a, b), c) == G.multiply(a, G.multiply(b, c))).all()
    assert (G.multiply(a, G.group.inverse[a]) == 0).all()
    x = rng.integers(0, G.num_pixels, 100)
    assert (G.act(G.multiply(a, b), x) == G.act(a, G.act(b, x))).all()
    if G.grid.transitive:
        assert len(G.pixels) == G.num_pixels
    else:  # P2_13: no cubic voxel grid is a single orbit (the general position has 12 points)
        assert name == "P2_13"
        with pytest.raises(CrystallographicGroupError, match="orbits"):
            _ = G.pixels


@pytest.mark.parametrize("name", ["P23", "Pm-3m", "P-43m"])
def test_voxel_action_faithful_and_closed(name):
    G = space_group(name, 3)
    gens = G.pixel_permutations(G.group.generators)
    H = Group.from_permutations(np.argsort(gens, axis=1))
    assert H.order == G.order


@settings(max_examples=15, deadline=None)
@given(st.sampled_from(list(SPACE_GROUPS)), st.integers(1, 3), st.integers(0, 2**32 - 1))
def test_quotient_map_round_trip(name, size, seed):
    G = space_group(name, size)
    rng = np.random.default_rng(seed)
    for g in rng.integers(0, G.order, 5).tolist():
        assert G.element_of(*G.seitz_pair(g)) == g
    a, b = rng.integers(0, G.order, 2).tolist()
    (A, u), (B, v) = G.seitz_pair(a), G.seitz_pair(b)
    uv = [sum(int(A[i, j]) * v[j] for j in range(3)) + u[i] for i in range(3)]
    assert G.element_of(A @ B, uv) == G.multiply(a, b)


def test_names_and_errors():
    assert space_group("Pm3m", 1).symbol == "Pm-3m"
    assert space_group(221, 1).symbol == "Pm-3m"
    assert space_group("P213", 1).symbol == "P2_13"
    with pytest.raises(CrystallographicGroupError, match="unknown or unsupported"):
        space_group("P6/mmm", 2)
    G = space_group("Pm-3m", 4)
    assert G.subsample(2).lattice_shape == (2, 2, 2)
    assert space_group("Pa-3", 3).subsample(3).lattice_shape == (1, 1, 1)
