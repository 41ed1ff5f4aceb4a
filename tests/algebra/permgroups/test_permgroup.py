"""PermGroup: orders against formulas and sympy, membership, stabilisers, orbits, blocks,
normal structure, canonical numbering, random elements, bad input."""

from __future__ import annotations

from math import factorial, gcd, prod

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sympy.combinatorics import Permutation, PermutationGroup

from groupmat import NotAGroupError, NotAnElementError, PermGroup, SizeLimitError

from .strategies import big_permutation_generators


def sym(gens: np.ndarray) -> PermutationGroup:
    return PermutationGroup([Permutation(g.tolist()) for g in gens])


def s_gens(n: int) -> np.ndarray:
    return np.array([[*range(1, n), 0], [1, 0, *range(2, n)]])


# ---------------------------------------------------------------------- orders
@pytest.mark.parametrize("n", [2, 3, 4, 5, 7, 8, 9, 12, 20, 40, 100])
def test_symmetric_order_from_generators(n):
    assert PermGroup(s_gens(n)).order == factorial(n)


@pytest.mark.parametrize("n", [3, 4, 5, 6, 9, 10, 13, 50])
def test_alternating_order_from_generators(n):
    three = [1, 2, 0, *range(3, n)]
    long = [*range(1, n), 0] if n % 2 else [0, *range(2, n), 1]
    assert PermGroup([long, three]).order == factorial(n) // 2


@pytest.mark.parametrize("n", [9, 10, 11, 12])
def test_giants_without_giant_recognition(n):
    """The generic chain (no closed form) gets the same orders."""
    from groupmat.algebra.permgroups._schreier_sims import build_chain

    assert build_chain(s_gens(n), giant_test=False).order == factorial(n)


@pytest.mark.parametrize(
    ("name", "order"),
    [(11, 7920), (12, 95040), (22, 443520), (23, 10200960), (24, 244823040)],
)
def test_mathieu_orders_from_generators(name, order):
    M = PermGroup.mathieu(name)
    assert PermGroup(M.generators).order == order  # recomputed without the known order
    assert M.order == order


def test_rubik_orders():
    assert PermGroup(PermGroup.rubik(3).generators).order == 43252003274489856000
    # the 2x2x2 cube with all six face turns: 3674160 positions times 24 orientations
    assert PermGroup.rubik(2).order == 3674160 * 24


@pytest.mark.parametrize(("n", "p"), [(2, 5), (2, 7), (2, 11), (3, 2), (3, 3), (3, 5), (4, 2)])
def test_psl_orders_against_formula(n, p):
    P = PermGroup.psl(n, p)
    gl = prod(p**n - p**i for i in range(n))
    assert P.degree == (p**n - 1) // (p - 1)
    assert PermGroup(P.generators).order == gl // (p - 1) // gcd(n, p - 1)


def test_named_giants_any_size():
    assert PermGroup.symmetric(100).order == factorial(100)
    A = PermGroup.alternating(1000)
    assert A.order == factorial(1000) // 2 and A.degree == 1000
    assert PermGroup.symmetric(1).order == 1 and PermGroup.alternating(2).order == 1


@settings(max_examples=40, deadline=None)
@given(big_permutation_generators())
def test_order_and_orbits_match_sympy(gens):
    P = PermGroup(gens)
    S = sym(gens)
    assert P.order == S.order()
    ours = sorted(tuple(o.tolist()) for o in P.orbits())
    theirs = sorted(tuple(sorted(o)) for o in S.orbits())
    assert ours == theirs
    assert P.is_transitive() == S.is_transitive()


@settings(max_examples=30, deadline=None)
@given(big_permutation_generators(max_degree=14))
def test_random_and_deterministic_schreier_sims_agree(gens):
    r = PermGroup(gens, method="random")
    d = PermGroup(gens, method="deterministic")
    assert r.order == d.order
    x = r.random(20, seed=3)
    assert d.contains(x).all()


@settings(max_examples=30, deadline=None)
@given(big_permutation_generators(), st.integers(0, 2**32 - 1))
def test_membership_matches_sympy(gens, seed):
    P, S = PermGroup(gens), sym(gens)
    rng = np.random.default_rng(seed)
    d = gens.shape[1]
    cand = np.concatenate(
        [np.stack([rng.permutation(d) for _ in range(10)]), P.random(5, seed=seed)]
    )
    ours = P.contains(cand)
    theirs = [S.contains(Permutation(c.tolist())) for c in cand]
    assert ours.tolist() == theirs
    assert ours[10:].all()


@settings(max_examples=30, deadline=None)
@given(big_permutation_generators(), st.integers(0, 29))
def test_stabilizer_matches_sympy(gens, point):
    P, S = PermGroup(gens), sym(gens)
    point %= P.degree
    H = P.stabilizer(point)
    assert H.order == S.stabilizer(point).order()
    assert H.order * len(P.orbit(point)) == P.order  # orbit-stabiliser
    assert (H.generators[:, point] == point).all()
    assert P.contains(H.generators).all() if H.generators.shape[0] else True


@settings(max_examples=25, deadline=None)
@given(big_permutation_generators(max_degree=20))
def test_orbit_times_stabiliser_at_every_level(gens):
    P = PermGroup(gens)
    chain = P.stabilizer_chain()
    assert chain[0].order == P.order and chain[-1].order == 1
    for i, size in enumerate(P.basic_orbit_sizes):
        assert chain[i].order == size * chain[i + 1].order
        assert len(chain[i].orbit(P.base[i])) == size


@settings(max_examples=25, deadline=None)
@given(big_permutation_generators(max_degree=16))
def test_derived_subgroup_and_solvability_match_sympy(gens):
    P, S = PermGroup(gens), sym(gens)
    D = P.derived_subgroup()
    assert D.order == S.derived_subgroup().order()
    assert D.is_subgroup(P) and D.is_normal(P)
    assert P.is_solvable == S.is_solvable


@settings(max_examples=25, deadline=None)
@given(big_permutation_generators(max_degree=16))
def test_blocks_and_primitivity_match_sympy(gens):
    P, S = PermGroup(gens), sym(gens)
    if not P.is_transitive():
        assert not P.is_primitive()
        with pytest.raises(NotAGroupError, match="not transitive"):
            P.minimal_blocks()
        return
    assert P.is_primitive() == S.is_primitive()
    ours = sorted(
        tuple(
            np.concatenate([[min(b)] * len(b) for b in sys])[
                np.argsort(np.concatenate(sys))
            ].tolist()
        )
        for sys in P.minimal_blocks()
    )
    theirs = sorted(tuple(_relabel(b)) for b in S.minimal_blocks())
    if S.is_primitive():  # sympy lists the trivial system [0, 0, ..., 0]
        theirs = [t for t in theirs if len(set(t)) > 1]
    assert ours == theirs
    for system in P.minimal_blocks():  # each is a block system: g maps blocks onto blocks
        lab = np.empty(P.degree, dtype=np.int64)
        for i, b in enumerate(system):
            lab[b] = i
        for g in P.generators:
            images = lab[g[np.concatenate(system)]]
            sizes = [len(b) for b in system]
            parts = np.split(images, np.cumsum(sizes)[:-1])
            assert all((p == p[0]).all() for p in parts)


def _relabel(labels):
    """sympy block labels -> smallest point of each block."""
    labels = np.asarray(labels)
    first = {}
    for x, l in enumerate(labels.tolist()):
        first.setdefault(l, x)
    return [first[l] for l in labels.tolist()]


@settings(max_examples=20, deadline=None)
@given(big_permutation_generators(max_degree=12))
def test_index_of_and_element_are_inverse(gens):
    P = PermGroup(gens)
    x = P.random(8, seed=0)
    idx = P.index_of(x)
    assert all(np.array_equal(P.element(int(i)), g) for i, g in zip(idx, x, strict=True))
    assert P.index_of(np.arange(P.degree)) == 0


def test_index_of_is_a_bijection_on_a_small_group():
    P = PermGroup([[1, 2, 3, 0], [1, 0, 2, 3]])
    elems = np.stack([P.element(i) for i in range(24)])
    assert len({tuple(e) for e in elems.tolist()}) == 24
    assert P.index_of(elems).tolist() == list(range(24))
    with pytest.raises(NotAnElementError):
        PermGroup([[1, 2, 3, 0]]).index_of([1, 0, 2, 3])


def test_index_of_big_group_gives_python_ints():
    P = PermGroup.symmetric(30)
    g = P.random(seed=1)
    i = P.index_of(g)
    assert isinstance(i, int) and 0 <= i < P.order
    assert np.array_equal(P.element(i), g)


def test_random_elements_are_uniform():
    P = PermGroup([[1, 2, 3, 0], [1, 0, 2, 3]])  # S4
    counts = np.bincount(P.index_of(P.random(24000, seed=5)), minlength=24)
    chi2 = ((counts - 1000) ** 2 / 1000).sum()
    assert chi2 < 60  # 23 degrees of freedom: p ~ 1e-4


def test_transitivity():
    assert PermGroup.mathieu(24).transitivity() == 5
    assert PermGroup.mathieu(11).transitivity() == 4
    assert PermGroup.mathieu(22).transitivity() == 3
    assert PermGroup.symmetric(7).transitivity() == 7
    assert PermGroup.alternating(9).transitivity() == 7
    assert PermGroup.psl(2, 7).transitivity() == 2
    assert PermGroup([[1, 0, 2]]).transitivity() == 0
    assert PermGroup([[1, 2, 3, 4, 5, 0]]).transitivity() == 1


def test_blocks_examples():
    C6 = PermGroup([[1, 2, 3, 4, 5, 0]])
    assert [b.tolist() for b in C6.blocks()] in ([[0, 3], [1, 4], [2, 5]], [[0, 2, 4], [1, 3, 5]])
    assert len(C6.minimal_blocks()) == 2
    assert [b.tolist() for b in C6.blocks([0, 2])] == [[0, 2, 4], [1, 3, 5]]
    assert PermGroup.mathieu(24).is_primitive()
    assert not PermGroup.rubik(3).is_transitive()
    S = PermGroup.symmetric(12)
    assert S.is_primitive() and S.minimal_blocks() == []


def test_representative_action():
    M = PermGroup.mathieu(12)
    g = M.representative_action(3, 10)
    assert g[3] == 10 and g in M
    assert PermGroup([[1, 0, 2, 3]]).representative_action(0, 2) is None
    A = PermGroup.alternating(200)
    h = A.representative_action(5, 150)
    assert h[5] == 150 and h in A


def test_normal_closure_and_derived_of_big_groups():
    S = PermGroup.symmetric(60)
    assert S.derived_subgroup().order == factorial(60) // 2
    assert not S.is_solvable
    S4 = PermGroup([[1, 2, 3, 0], [1, 0, 2, 3]])
    assert [G.order for G in S4.derived_series()] == [24, 12, 4, 1]
    assert S4.is_solvable
    # generic path: the derived subgroup of M12 is M12, of the Rubik group is index 2
    assert PermGroup.mathieu(12).derived_subgroup().order == 95040
    R = PermGroup.rubik(3)
    assert R.derived_subgroup().order == R.order // 2


def test_stabilizer_of_giant_and_mathieu():
    assert PermGroup.symmetric(50).stabilizer(7).order == factorial(49)
    M = PermGroup.mathieu(24)
    assert M.stabilizer(0).order == 10200960  # M23
    assert M.pointwise_stabilizer([0, 1]).order == 443520  # M22
    assert M.pointwise_stabilizer([0, 1, 2]).order == 443520 // 22


def test_to_group_and_size_limit():
    G = PermGroup.mathieu(11).to_group()
    assert G.order == 7920
    with pytest.raises(SizeLimitError, match="PermGroup"):
        PermGroup.mathieu(24).to_group()


def test_equality_and_subgroups():
    A = PermGroup.alternating(6)
    assert A == PermGroup([[1, 2, 0, 3, 4, 5], [0, 2, 3, 4, 5, 1]])
    assert A.is_subgroup(PermGroup.symmetric(6))
    assert not PermGroup.symmetric(6).is_subgroup(A)
    with pytest.raises(NotAnElementError):
        A.subgroup([[1, 0, 2, 3, 4, 5]])


# ---------------------------------------------------------------------- bad input
def test_bad_input():
    with pytest.raises(NotAGroupError, match="not a permutation"):
        PermGroup([[0, 0, 1]])
    with pytest.raises(NotAGroupError, match="mismatched degrees"):
        PermGroup([[1, 0], [1, 2, 0]])
    with pytest.raises(SizeLimitError, match="memory"):
        PermGroup([np.roll(np.arange(10**6), 1)])
    P = PermGroup.symmetric(5)
    with pytest.raises(NotAGroupError, match="degree mismatch"):
        P.contains([1, 0, 2, 3, 4, 5])
    with pytest.raises(NotAGroupError):
        P.contains([0, 0, 1, 2, 3])
    assert [0, 0, 1, 2, 3] not in P
    with pytest.raises(ValueError, match="not the stated"):
        _ = PermGroup([[1, 2, 0]], order=2).order
    with pytest.raises(ValueError, match="not the stated"):  # reached early, then verified
        _ = PermGroup(s_gens(6), order=120, method="random").order
    with pytest.raises(NotAGroupError, match="11, 12, 22, 23, 24"):
        PermGroup.mathieu(13)
    with pytest.raises(NotAGroupError, match="prime"):
        PermGroup.psl(2, 4)


def test_trivial_group():
    T = PermGroup([], degree=4)
    assert T.order == 1 and T.base == [] and np.arange(4) in T
    assert T.derived_subgroup().order == 1 and T.is_solvable
    assert T.index_of(np.arange(4)) == 0


# ---------------------------------------------------------------------- words
@pytest.mark.parametrize(
    "make",
    [
        lambda: PermGroup.mathieu(24),
        lambda: PermGroup.rubik(2),
        lambda: PermGroup.psl(3, 5),
        lambda: PermGroup.symmetric(8),
    ],
)
def test_factor_gives_short_correct_words(make):
    P = make()
    for g in P.random(10, seed=4):
        w = P.factor(g)
        assert np.array_equal(P.evaluate(w), g)
        assert len(w) <= 400
    assert P.factor(np.arange(P.degree)) == ()


@settings(max_examples=20, deadline=None)
@given(big_permutation_generators(max_degree=12))
def test_factor_matches_for_random_groups(gens):
    P = PermGroup(gens)
    for g in P.random(3, seed=1):
        assert np.array_equal(P.evaluate(P.factor(g)), g)


def test_straight_line_program_words_are_correct():
    from groupmat.algebra.permgroups._words import WordChain

    P = PermGroup.mathieu(12)
    wc = WordChain(P.generators)
    assert wc.chain.order == P.order
    for g in P.random(5, seed=0):
        assert np.array_equal(P.evaluate(wc.factor(g, 10**7)), g)


def test_factor_bad_input():
    P = PermGroup([[1, 2, 3, 0]])
    with pytest.raises(NotAnElementError):
        P.factor([1, 0, 2, 3])
    with pytest.raises(SizeLimitError, match="coset representatives"):
        PermGroup.symmetric(300).factor(np.arange(300))


# ---------------------------------------------------------------------- homomorphisms
def test_homomorphism_sign_and_restriction():
    from groupmat import PermHomomorphism
    from groupmat.algebra.permgroups._perms import parity

    S6 = PermGroup.symmetric(6)
    sign = S6.homomorphism([[1, 0] if parity(g) else [0, 1] for g in S6.generators])
    assert isinstance(sign, PermHomomorphism)
    assert sign.kernel().order == 360 and sign.image().order == 2
    assert not sign.is_injective and sign.is_surjective
    R = PermGroup.rubik(3)
    corners = R.orbits()[0]
    rank = np.full(R.degree, -1)
    rank[corners] = np.arange(len(corners))
    phi = R.homomorphism([rank[g[corners]] for g in R.generators])
    assert phi.image().order == 88179840  # 8! 3^7 corner positions and twists
    assert phi.kernel().order * phi.image().order == R.order
    x = R.random(20, seed=3)
    assert np.array_equal(phi(x), rank[x[:, corners]])
    assert phi.kernel().is_normal(R)


@settings(max_examples=20, deadline=None)
@given(big_permutation_generators(max_degree=10))
def test_homomorphism_to_the_action_on_an_orbit(gens):
    P = PermGroup(gens)
    orbit = P.orbits()[-1]
    rank = np.full(P.degree, -1)
    rank[orbit] = np.arange(len(orbit))
    phi = P.homomorphism([rank[g[orbit]] for g in P.generators])
    assert phi.kernel().order * phi.image().order == P.order
    assert (phi.kernel().generators[:, orbit] == orbit).all()
    x = P.random(4, seed=0)
    assert np.array_equal(phi(x), rank[x[:, orbit]])


def test_homomorphism_bad_input():
    S4 = PermGroup([[1, 2, 3, 0], [1, 0, 2, 3]])
    with pytest.raises(NotAGroupError, match="do not define a homomorphism"):
        S4.homomorphism([[1, 0, 2], [1, 2, 0]])
    with pytest.raises(NotAGroupError, match="1 images for 2 generators"):
        S4.homomorphism([[1, 0]])
    with pytest.raises(NotAGroupError, match="not in the codomain"):
        S4.homomorphism([[1, 0], [1, 0]], codomain=PermGroup([], degree=2))
    with pytest.raises(NotAnElementError):
        PermGroup([[1, 2, 3, 0]]).homomorphism([[1, 2, 3, 0]])([1, 0, 2, 3])


# ---------------------------------------------------------------------- centralisers, Sylow
@settings(max_examples=20, deadline=None)
@given(big_permutation_generators(max_degree=9), st.integers(0, 2**16))
def test_centralizer_matches_sympy(gens, seed):
    P, S = PermGroup(gens), sym(gens)
    x = P.random(seed=seed)
    C = P.centralizer(x)
    assert C.order == S.centralizer(Permutation(x.tolist())).order()
    if C.generators.shape[0]:
        assert np.array_equal(C.generators[:, x], x[C.generators])  # g x = x g
        assert P.contains(C.generators).all()


def test_centralizer_of_elements_outside_and_big_classes():
    M = PermGroup.mathieu(12)
    t = np.arange(12)
    t[[0, 1]] = [1, 0]  # a transposition, not in M12
    C = M.centralizer(t)
    assert C.order == M.to_sympy().centralizer(Permutation(t.tolist())).order()
    with pytest.raises(SizeLimitError, match="max_class"):
        M24 = PermGroup.mathieu(24)
        M24.centralizer(M24.random(seed=0), max_class=5000)


@pytest.mark.parametrize("n", [1, 2, 5, 9, 30, 200])
def test_centralizers_in_giants_need_no_class(n):
    """Sym(n), Alt(n) of any size: |C| = prod_k k^m_k m_k! (halved in Alt(n) when C has an odd
    element); checked against sympy up to degree 9 and by commuting generators beyond."""
    from math import factorial

    rng = np.random.default_rng(n)
    for alt in (False, True):
        if alt and n < 3:
            continue
        G = PermGroup.alternating(n) if alt else PermGroup.symmetric(n)
        for x in (G.random(seed=rng), np.roll(np.arange(n), 1) if not alt else G.random(seed=1)):
            C = G.centralizer(x, max_class=10)  # no class is enumerated
            if C.generators.shape[0]:
                assert np.array_equal(C.generators[:, x], x[C.generators])
                assert G.contains(C.generators).all()
            lengths = np.bincount(np.unique(_cycle_ids(x), return_counts=True)[1])
            full = 1
            for k, m in enumerate(lengths):
                full *= k**m * factorial(m) if k else 1
            assert C.order in (full, full // 2)
            if n <= 9:
                ref = G.to_sympy().centralizer(Permutation(x.tolist())).order()
                assert C.order == ref


def _cycle_ids(x: np.ndarray) -> np.ndarray:
    ids = np.full(x.size, -1)
    for s in range(x.size):
        if ids[s] < 0:
            y = s
            while ids[y] < 0:
                ids[y] = s
                y = x[y]
    return ids


def test_sylow_subgroups():
    M = PermGroup.mathieu(11)
    orders = {p: M.sylow_subgroup(p).order for p in (2, 3, 5, 7, 11)}
    assert orders == {2: 16, 3: 9, 5: 5, 7: 1, 11: 11}
    P = M.sylow_subgroup(2)
    assert P.is_subgroup(M)


def test_traced_levels_with_shallow_trees():
    """A level too big to store explicitly (1500 x 1500 > EXPLICIT_ENTRIES) is traced through
    its Schreier tree, kept shallow by jump generators."""
    n = 1500
    cycle = np.roll(np.arange(n), -1)
    flip = (-np.arange(n)) % n
    P = PermGroup([cycle, flip])  # the dihedral group of order 2n on the polygon's vertices
    assert P.order == 2 * n
    level = P.chain.levels[0]
    assert level.uinv is None and level.tree.depth <= 2 * int(np.ceil(np.log2(n))) + 2
    x = P.random(20, seed=0)
    assert P.contains(x).all()
    swap = np.arange(n)
    swap[[0, 1]] = [1, 0]
    assert swap not in P
