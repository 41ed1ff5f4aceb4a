"""The 17 wallpaper groups on tori: orders, point groups, translation subgroups, site
symmetries, orbit counts (by union-find and by Burnside), symmorphy, known facts (glides square
to translations, odd sizes merge pg with pm), hexagonal rotations as index permutations,
names and errors."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from groupmat import (
    WALLPAPER_GROUPS,
    CrystallographicGroupError,
    SpatialGroup,
    space_group,
    wallpaper_group,
)

#: symbol -> (|P|, site symmetry order of pixel 0, symmorphic, orbits on (1/2)Z^2 / Z^2)
FACTS = {
    "p1": (1, 1, True, 4),
    "p2": (2, 2, True, 4),
    "pm": (2, 2, True, 4),
    "pg": (2, 1, False, 2),
    "cm": (2, 2, True, 3),
    "pmm": (4, 4, True, 4),
    "pmg": (4, 2, False, 2),
    "pgg": (4, 1, False, 2),
    "cmm": (4, 4, True, 3),
    "p4": (4, 4, True, 3),
    "p4m": (8, 8, True, 3),
    "p4g": (8, 2, False, 2),
    "p3": (3, 3, True, 2),
    "p3m1": (6, 6, True, 2),
    "p31m": (6, 6, True, 2),
    "p6": (6, 6, True, 2),
    "p6m": (12, 12, True, 2),
}


def _orbits_on_grid(G, k: int) -> tuple[int, int]:
    """Orbits of G_N on the points (1/k) Z^2 mod N, by connected components of the generators'
    action and by Burnside's lemma over all elements (two independent counts)."""
    from scipy.sparse import coo_matrix
    from scipy.sparse.csgraph import connected_components

    N = np.array(G.lattice_shape)
    grids = np.meshgrid(*[np.arange(k * n) for n in N], indexing="ij")
    pts = np.stack([g.ravel() for g in grids], axis=1)  # numerators over k

    def image(g):
        W, w = G.seitz_pair(int(g))
        wk = [x * k for x in w]
        assert all(Fraction(x).denominator == 1 for x in wk)
        return np.mod(pts @ W.T + np.array([int(x) for x in wk]), k * N)

    def ravel(p):
        return p[:, 0] * (k * N[1]) + p[:, 1]

    npts = pts.shape[0]
    rows, cols = [], []
    for g in G.group.generators:
        rows.append(np.arange(npts))
        cols.append(ravel(image(g)))
    adj = coo_matrix(
        (np.ones(npts * len(rows)), (np.concatenate(rows), np.concatenate(cols))),
        shape=(npts, npts),
    )
    n_comp, _ = connected_components(adj, directed=True, connection="weak")
    fixed = sum(int((ravel(image(g)) == np.arange(npts)).sum()) for g in range(G.order))
    assert fixed % G.order == 0
    return n_comp, fixed // G.order


@pytest.mark.parametrize("name", WALLPAPER_GROUPS)
def test_orders_point_groups_translations_and_sites(name):
    P, site, symmorphic, _ = FACTS[name]
    G = wallpaper_group(name, 4)
    assert len(G.point_group) == P and G.order == P * 16 and G.group.order == G.order
    T = G.translation_subgroup()
    assert T.order == 16 and T.is_normal() and T.index == P
    assert G.is_symmorphic == symmorphic
    assert G.site_elements.size == site
    X = G.pixels
    assert len(X) == G.num_pixels == int(np.prod(G.shape)) and X.subgroup.order == site
    # the point map G -> P is onto, with the translations as kernel
    assert np.unique(G.point_map(np.arange(G.order))).size == P
    assert np.array_equal(np.flatnonzero(G.point_map(np.arange(G.order)) == 0), T.elements)
    assert G.it_number == WALLPAPER_GROUPS.index(name) + 1


@pytest.mark.parametrize("name", WALLPAPER_GROUPS)
def test_orbit_counts_on_the_half_grid(name):
    G = wallpaper_group(name, 2)
    by_components, by_burnside = _orbits_on_grid(G, 2)
    assert by_components == by_burnside == FACTS[name][3]


@settings(max_examples=30, deadline=None)
@given(st.sampled_from(WALLPAPER_GROUPS), st.integers(1, 5), st.integers(0, 2**32 - 1))
def test_group_axioms_and_pixel_action(name, size, seed):
    G = wallpaper_group(name, size)
    rng = np.random.default_rng(seed)
    a, b, c = (rng.integers(0, G.order, 64) for _ in range(3))
    assert (G.multiply(G.multiply(a, b), c) == G.multiply(a, G.multiply(b, c))).all()
    assert (G.multiply(a, G.group.inverse[a]) == 0).all()
    x = rng.integers(0, G.num_pixels, 64)
    assert (G.act(G.multiply(a, b), x) == G.act(a, G.act(b, x))).all()
    assert (G.act(a, G.act(G.group.inverse[a], x)) == x).all()


@pytest.mark.parametrize("name", WALLPAPER_GROUPS)
def test_orbit_counts_agree_on_finer_grids(name):
    G = wallpaper_group(name, 2)
    for k in (4, 6) if G.hexagonal else (4,):
        a, b = _orbits_on_grid(G, k)
        assert a == b


@pytest.mark.parametrize("name", WALLPAPER_GROUPS)
def test_pixel_action_faithful_from_size_3(name):
    G = wallpaper_group(name, 3)
    perms = G.pixel_permutations()
    assert np.unique(perms, axis=0).shape[0] == G.order


def test_glides_square_to_translations_and_pg_has_no_rotations():
    G = wallpaper_group("pg", 4)
    assert not (np.rint(np.linalg.det(G.point_group.matrices.astype(float))) == 1)[1:].any()
    glide = G.element_of([[1, 0], [0, -1]], [Fraction(1, 2), 0])
    assert G.multiply(glide, glide) == G.translation(1, 0)
    assert G.group.element_orders()[glide] == 8  # 2N: its square is a translation of order N
    # the glide flips columns and moves one pixel down the 8x4 image
    assert G.shape == (8, 4) and G.act(glide, G.pixel_index(2, 1)) == G.pixel_index(3, -1)
    # no element outside the translations is an involution (no mirrors) for even N
    orders = G.group.element_orders()
    assert not ((orders == 2) & (G.point_map(np.arange(G.order)) != 0)).any()
    # p4g: the glide (-x+1/2, y+1/2) squares to a translation, and its diagonal mirrors fix
    # pixel 0 (site symmetry ..m)
    H = wallpaper_group("p4g", 4)
    g = H.element_of([[1, 0], [0, -1]], [Fraction(1, 2), Fraction(1, 2)])
    assert H.point_map(H.multiply(g, g)) == 0 and H.multiply(g, g) != 0
    assert sorted(H.group.element_orders()[H.site_elements].tolist()) == [1, 2]


def _order_statistics(G):
    return np.bincount(G.group.element_orders()).tolist()


def test_odd_sizes_make_glides_split_even_sizes_do_not():
    """For odd N the glide times half a period is a mirror: pg(N) and pm(N) have the same
    element orders (they are isomorphic); for even N they differ."""

    def stats(name: str, n: int) -> list[int]:
        return _order_statistics(wallpaper_group(name, n))

    for glide, mirror in (("pg", "pm"), ("pmg", "pmm"), ("p4g", "p4m")):
        assert stats(glide, 3) == stats(mirror, 3)
        assert stats(glide, 4) != stats(mirror, 4)
    assert _order_statistics(wallpaper_group("pgg", 3)) == _order_statistics(
        wallpaper_group("pmm", 3)
    )
    assert (
        wallpaper_group("pgg", 4).group.abelian_invariants()
        != wallpaper_group("pmm", 4).group.abelian_invariants()
    )


def test_hexagonal_rotations_are_index_permutations():
    """On the N x N axial image, the 60-degree rotation (x-y, x) sends pixel (y, x) to
    (x, x - y) and the mirror (y, x) transposes."""
    G = wallpaper_group("p6m", 5)
    r = G.element_of([[0, 1], [-1, 1]], [0, 0])
    m = G.element_of([[0, 1], [1, 0]], [0, 0])
    yy, xx = np.meshgrid(np.arange(5), np.arange(5), indexing="ij")
    pix = G.pixel_index(yy.ravel(), xx.ravel())
    assert (G.act(r, pix) == G.pixel_index(xx.ravel(), xx.ravel() - yy.ravel())).all()
    assert (G.act(m, pix) == G.pixel_index(xx.ravel(), yy.ravel())).all()
    assert G.group.element_orders()[r] == 6 and G.hexagonal
    # the 3x3 hexagonal window is a hexagon of 7 cells, invariant under the rotation
    win = G.pixel_window(3)
    assert win.size == 7
    assert set(np.asarray(G.act(r, win)).tolist()) == set(win.tolist())


def test_spatial_groups_are_the_symmorphic_square_ones():
    for name, point in [
        ("p1", "C1"),
        ("p2", "C2"),
        ("pm", "D1"),
        ("pmm", "D2"),
        ("p4", "C4"),
        ("p4m", "D4"),
    ]:
        G = wallpaper_group(name, (4, 4))
        assert isinstance(G, SpatialGroup) and G.point_group_name == point
    assert wallpaper_group("pmg", (4, 6)).shape == (4, 12)


def test_conventional_centred_cells():
    for name, P in (("cm", 2), ("cmm", 4)):
        G = wallpaper_group(name, 3, cell="conventional")
        assert G.num_cosets == 2 * P and G.order == 2 * P * 9 and len(G.point_group) == P
        assert G.translation_subgroup().order == 18
        assert G.grid.transitive and G.is_symmorphic and len(G.pixels) == G.num_pixels


def test_subsample_odd_factors_for_glides():
    G = wallpaper_group("pgg", 6)
    S = G.subsample(3)
    assert S.lattice_shape == (2, 2) and S.symbol == "pgg"
    rng = np.random.default_rng(0)
    a, b = rng.integers(0, S.order, 40), rng.integers(0, S.order, 40)
    assert (S.embedding[S.multiply(a, b)] == G.multiply(S.embedding[a], S.embedding[b])).all()
    with pytest.raises(CrystallographicGroupError, match="factor"):
        G.subsample(2)
    H = wallpaper_group("p6", 6).subsample(2)
    assert H.lattice_shape == (3, 3)


def test_names_aliases_and_errors():
    assert wallpaper_group("p4gm", 2).symbol == "p4g"
    assert wallpaper_group(17, 2).symbol == "p6m"
    assert wallpaper_group(" P2GG ", 2).symbol == "pgg"
    with pytest.raises(CrystallographicGroupError, match="unknown wallpaper group"):
        wallpaper_group("p5", 4)
    with pytest.raises(CrystallographicGroupError, match="square torus"):
        wallpaper_group("p6", (4, 6))
    with pytest.raises(CrystallographicGroupError, match="conventional"):
        wallpaper_group("p4", 4, cell="conventional")
    with pytest.raises(CrystallographicGroupError, match="cell must be"):
        wallpaper_group("cm", 4, cell="centred")


def test_motif_orbit_and_picture(tmp_path):
    from groupmat.plot import motif_orbit

    G = wallpaper_group("p4g", 2)
    polys, proper = motif_orbit(G)
    assert polys.shape[0] == G.order and proper.sum() == G.order // 2
    # distinct elements move the motif to distinct places (the anchor is a general position)
    centres = np.round(polys.mean(axis=1), 6)
    assert np.unique(centres, axis=0).shape[0] == G.order
    pytest.importorskip("matplotlib")
    import matplotlib

    matplotlib.use("Agg")
    from groupmat.plot import plot_wallpaper

    ax = plot_wallpaper(wallpaper_group("p6", 2))
    assert len(ax.patches) == 24
    ax.figure.savefig(tmp_path / "p6.png", dpi=40)
    with pytest.raises(ValueError, match="plane groups"):
        motif_orbit(space_group("P23", 1))
