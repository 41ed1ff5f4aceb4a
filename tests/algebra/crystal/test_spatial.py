"""Spatial groups on tori: group axioms by index arithmetic, the pixel action, subsampling,
kernels and conv2d taps, and clear errors."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from groupmat import POINT_GROUPS, Group, SpatialGroupError, spatial_group

POINTS = list(POINT_GROUPS)


@st.composite
def spatial_groups(draw, max_side: int = 6):
    p = draw(st.sampled_from(POINTS))
    h = draw(st.integers(1, max_side))
    w = h if p in ("C4", "D4") else draw(st.integers(1, max_side))
    return spatial_group((h, w), p)


@settings(max_examples=40, deadline=None)
@given(spatial_groups(), st.integers(0, 2**32 - 1))
def test_group_axioms_and_pixel_action(S, seed):
    rng = np.random.default_rng(seed)
    n = S.order
    a, b, c = (rng.integers(0, n, 64) for _ in range(3))
    assert (S.multiply(S.multiply(a, b), c) == S.multiply(a, S.multiply(b, c))).all()
    assert (S.multiply(a, 0) == a).all() and (S.multiply(0, a) == a).all()
    G = S.group
    assert (S.multiply(a, G.inverse[a]) == 0).all()
    assert (S.multiply(G.inverse[a], a) == 0).all()
    x = rng.integers(0, S.num_pixels, 64)
    # a left action: (ab).x = a.(b.x)
    assert (S.act(S.multiply(a, b), x) == S.act(a, S.act(b, x))).all()
    # the generators' right action is right multiplication
    for s, gen in enumerate(G.generators):
        assert (G.right_action[s] == S.multiply(np.arange(n), gen)).all()
    # products through the word metric (the generic Group code) agree
    assert (Group.multiply(G, a, b) == S.multiply(a, b)).all()


@pytest.mark.parametrize("point", POINTS)
def test_order_decomposition_and_named_generators(point):
    S = spatial_group((4, 4), point)
    G = S.group
    sizes = {"C1": 1, "C2": 2, "C4": 4, "D1": 2, "D2": 4, "D4": 8}
    assert len(S.point_group) == sizes[point] and G.order == 16 * sizes[point]
    p, r, c = S.decompose(np.arange(G.order))
    assert (S.index(p, r, c) == np.arange(G.order)).all()
    assert G.element("x").index == S.translation(0, 1)
    assert G.element("y").index == S.translation(1, 0)
    # the point matrices are a faithful representation of the point group
    mats = S.point_matrices
    P = S.point_group
    for i in range(len(P)):
        for j in range(len(P)):
            assert np.array_equal(mats[i] @ mats[j], mats[P.table[i, j]])
    assert len({m.tobytes() for m in mats}) == len(P)


@pytest.mark.parametrize("point", POINTS)
def test_matches_permutation_closure(point):
    """On a 5x5 torus the pixel action is faithful: closing the generators' pixel permutations
    gives a group of the same order, and the element-to-permutation map is a homomorphism."""
    S = spatial_group((5, 5), point)
    perms = S.pixel_permutations()
    assert np.unique(perms, axis=0).shape[0] == S.order
    gens = S.pixel_permutations(S.group.generators)
    # left action: as image lists composing "first p, then q", g.x corresponds to the inverse
    H = Group.from_permutations(np.argsort(gens, axis=1))
    assert H.order == S.order
    assert S.group.abelian_invariants() == H.abelian_invariants()


def test_known_structure():
    assert spatial_group((3, 3), "C1").group.abelian_invariants() == [3, 3]
    # p4m on a 4x4 torus: |P| = 8, translations normal, P is the stabiliser of pixel 0
    S = spatial_group((4, 4), "D4")
    T = S.translation_subgroup()
    assert T.order == 16 and T.is_normal()
    P = S.point_subgroup()
    assert P.order == 8 and sorted(P.elements.tolist()) == S.point_subgroup_elements.tolist()
    assert not S.group.is_abelian


def test_rotation_and_mirror_conventions():
    S = spatial_group((5, 5), "D4")
    r = S.point(S.point_group.generators[0])
    m = S.point(S.point_group.generators[1])
    # r: (row, col) -> (-col, row); m: (row, col) -> (row, -col)
    assert S.act(r, S.pixel_index(1, 2)) == S.pixel_index(-2, 1)
    assert S.act(m, S.pixel_index(1, 2)) == S.pixel_index(1, -2)
    assert S.point_group.element_orders().max() == 4


def test_pixels_space():
    S = spatial_group((4, 6), "D2")
    X = S.pixels
    assert len(X) == 24
    assert (X.coset_of == np.arange(S.order) % 24).all()
    assert (X.representatives == np.arange(24)).all()
    g = np.arange(S.order)[:, None]
    assert (X.act(g, np.arange(24)[None]) == S.act(g, np.arange(24)[None])).all()
    assert X.subgroup.order == 4


@pytest.mark.parametrize("point", POINTS)
def test_subsample(point):
    S = spatial_group((8, 8), point)
    S2 = S.subsample(2)
    assert S2.shape == (4, 4) and S2.parent is S and S.subsample(2) is S2
    rng = np.random.default_rng(0)
    a, b = rng.integers(0, S2.order, 50), rng.integers(0, S2.order, 50)
    emb = S2.embedding
    # the embedding is an injective homomorphism
    assert np.unique(emb).size == S2.order
    assert (emb[S2.multiply(a, b)] == S.multiply(emb[a], emb[b])).all()
    x = rng.integers(0, S2.num_pixels, 50)
    assert (S2.pixel_embedding[S2.act(a, x)] == S.act(emb[a], S2.pixel_embedding[x])).all()


def test_errors():
    with pytest.raises(SpatialGroupError, match="square"):
        spatial_group((4, 6), "C4")
    with pytest.raises(SpatialGroupError, match="unknown point group"):
        spatial_group((4, 4), "C3")
    with pytest.raises(SpatialGroupError, match="positive"):
        spatial_group((0, 4))
    with pytest.raises(SpatialGroupError, match="multiples"):
        spatial_group((6, 5)).subsample(2)
    with pytest.raises(SpatialGroupError, match="does not fit"):
        spatial_group((3, 3)).window(5)
    with pytest.raises(IndexError):
        spatial_group((3, 3)).decompose(9)


@settings(max_examples=30, deadline=None)
@given(spatial_groups(max_side=7), st.data())
def test_conv2d_taps_are_the_correlation(S, data):
    """Every (output point p, kernel element u) lands on the tap (q, v) = (p u_p, p u_t), and
    that tap reads exactly the element (t, p) * u for every t: checked against multiply."""
    k = data.draw(st.sampled_from([1, 3])) if min(S.shape) >= 3 else 1
    kern = S.window(k)
    taps, (ph, pw) = S.conv2d_taps(kern)
    m = kern.size
    assert taps.shape[:2] == (len(S.point_group), len(S.point_group))
    _h, w = S.shape
    for p in range(len(S.point_group)):
        used = taps[p][taps[p] < m]
        assert np.sort(used).tolist() == list(range(m))  # each weight exactly once
        q, vr, vc = np.nonzero(taps[p] < m)
        j = taps[p][q, vr, vc]
        t = data.draw(st.integers(0, S.num_pixels - 1))
        tr, tc = divmod(t, w)
        got = S.index(q, tr + vr - ph, tc + vc - pw)
        want = S.multiply(S.index(p, tr, tc), kern[j])
        assert (got == want).all()


def test_window_and_pixel_window():
    S = spatial_group((5, 5), "C4")
    kern = S.window(3)
    p, _r, _c = S.decompose(kern)
    assert kern.size == 36 and np.unique(kern).size == 36
    assert (p.reshape(4, 9) == np.arange(4)[:, None]).all()
    pix = S.pixel_window(3)
    assert pix[4] == 0 and np.unique(pix).size == 9
