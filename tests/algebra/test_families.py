"""Tests for the named families (groupmat/algebra/families.py)."""

from __future__ import annotations

import time
from collections import Counter
from math import factorial, gcd

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sympy import totient
from sympy.combinatorics.named_groups import (
    AlternatingGroup,
    CyclicGroup,
    DihedralGroup,
    SymmetricGroup,
)

import groupmat as fam
from groupmat import Group, GroupmatError, NotAGroupError


def order_gl(n: int, p: int) -> int:
    """|GL(n, p)| = prod_{i<n} (p^n - p^i), written out independently of the library."""
    out = 1
    for i in range(n):
        out *= p**n - p**i
    return out


def order_histogram(G: Group) -> dict[int, int]:
    return dict(Counter(G.element_orders().tolist()))


def sympy_order_histogram(P) -> dict[int, int]:
    return dict(Counter(int(p.order()) for p in P.elements))


def check_axioms(G: Group, samples: int = 200, seed: int = 0) -> None:
    """Identity, inverses and associativity (on random triples) of the Cayley table."""
    T = G.table
    n = G.order
    ar = np.arange(n)
    assert (T[0] == ar).all() and (T[:, 0] == ar).all()
    assert (T[ar, G.inverse] == 0).all() and (T[G.inverse, ar] == 0).all()
    assert (np.sort(T, axis=1) == ar).all()
    rng = np.random.default_rng(seed)
    a, b, c = rng.integers(0, n, size=(3, samples))
    assert (T[T[a, b], c] == T[a, T[b, c]]).all()


def check_permutations(G: Group) -> None:
    """``G.permutations`` is faithful and multiplies like the group:
    perm(g_i * x_s) = perm(g_i) then perm(x_s)."""
    P = G.permutations
    assert P is not None
    P = P.astype(np.int64)
    assert len({r.tobytes() for r in P}) == G.order
    assert (P[0] == np.arange(P.shape[1])).all()
    for s, x in enumerate(G.generators):
        assert (P[G.right_action[s]] == P[x][P]).all()


NAMED = [
    (fam.trivial, (), 1, "1"),
    (fam.cyclic, (1,), 1, "C1"),
    (fam.cyclic, (12,), 12, "C12"),
    (fam.dihedral, (1,), 2, "D2"),
    (fam.dihedral, (2,), 4, "D4"),
    (fam.dihedral, (4,), 8, "D8"),
    (fam.dihedral, (9,), 18, "D18"),
    (fam.quaternion, (), 8, "Q8"),
    (fam.quaternion, (32,), 32, "Q32"),
    (fam.dicyclic, (1,), 4, "Dic1"),
    (fam.dicyclic, (5,), 20, "Dic5"),
    (fam.symmetric, (1,), 1, "S1"),
    (fam.symmetric, (2,), 2, "S2"),
    (fam.symmetric, (5,), 120, "S5"),
    (fam.alternating, (2,), 1, "A2"),
    (fam.alternating, (3,), 3, "A3"),
    (fam.alternating, (4,), 12, "A4"),
    (fam.alternating, (7,), 2520, "A7"),
    (fam.abelian, ([2, 4],), 8, "C2 x C4"),
    (fam.abelian, ([3, 3, 2],), 18, "C3 x C3 x C2"),
    (fam.abelian, ([],), 1, "1"),
    (fam.klein_four, (), 4, "V4"),
    (fam.psl, (2, 2), 6, "PSL(2,2)"),
    (fam.psl, (2, 7), 168, "PSL(2,7)"),
    (fam.pgl, (2, 7), 336, "PGL(2,7)"),
    (fam.sl, (2, 3), 24, "SL(2,3)"),
    (fam.gl, (2, 3), 48, "GL(2,3)"),
    (fam.mathieu, (11,), 7920, "M11"),
]


@pytest.mark.parametrize(
    ("fn", "args", "order", "name"), NAMED, ids=[f"{f.__name__}{a}" for f, a, _, _ in NAMED]
)
def test_orders_names_and_axioms(fn, args, order, name):
    G = fn(*args)
    assert isinstance(G, Group)
    assert G.order == order == len(G)
    assert G.name == name
    if order <= 3000:
        check_axioms(G)
    if G.permutations is not None:
        check_permutations(G)
    assert G.exponent == np.lcm.reduce(G.element_orders())


@pytest.mark.parametrize("n", [1, 2, 3, 6, 12, 30])
def test_cyclic(n):
    G = fam.cyclic(n)
    assert G.is_abelian and G.exponent == n
    hist = order_histogram(G)
    assert hist == {d: int(totient(d)) for d in range(1, n + 1) if n % d == 0}
    assert [G.power(G.generators[0], i) for i in range(n)] == list(range(n))  # element i is a^i
    assert hist == sympy_order_histogram(CyclicGroup(n))


@pytest.mark.parametrize("n", [1, 2, 3, 4, 5, 6, 8, 9])
def test_dihedral_matches_sympy(n):
    G = fam.dihedral(n)
    P = DihedralGroup(n)
    assert G.order == P.order() == 2 * n
    assert order_histogram(G) == sympy_order_histogram(P)
    assert G.is_abelian == (n <= 2)
    r, s = G.gens
    assert r**n == G.identity and s**2 == G.identity and (s * r) ** 2 == G.identity
    assert s * r * s == r**-1
    # element i + n*j is r^i s^j
    for i in range(n):
        for j in range(2):
            assert (r**i * s**j).index == i + n * j
    if n >= 3:
        assert G.permutations.shape == (2 * n, n)
        assert G.center().order == (2 if n % 2 == 0 else 1)


@pytest.mark.parametrize("n", [1, 2, 3, 4, 5])
def test_symmetric_matches_sympy(n):
    G = fam.symmetric(n)
    P = SymmetricGroup(n)
    assert G.order == P.order() == factorial(n)
    assert order_histogram(G) == sympy_order_histogram(P)
    partitions = {1: 1, 2: 2, 3: 3, 4: 5, 5: 7}
    assert len(G.conjugacy_classes()) == partitions[n]
    assert G.permutations.shape[1] == n


@pytest.mark.parametrize("n", [1, 2, 3, 4, 5, 6])
def test_alternating_matches_sympy(n):
    G = fam.alternating(n)
    P = AlternatingGroup(n)
    assert G.order == P.order() == max(1, factorial(n) // 2)
    assert order_histogram(G) == sympy_order_histogram(P)
    perms = G.permutations.astype(np.int64)
    # every element is an even permutation: sign via the number of inversions
    inv = (perms[:, :, None] > perms[:, None, :]) & np.triu(np.ones((n, n), bool), 1)
    assert (inv.sum(axis=(1, 2)) % 2 == 0).all()


def test_a5_is_perfect_and_s4_is_solvable():
    assert fam.alternating(5).derived_subgroup().order == 60
    assert fam.symmetric(4).is_solvable
    assert not fam.alternating(5).is_solvable


@pytest.mark.parametrize("n", [8, 16, 32])
def test_generalised_quaternion(n):
    G = fam.quaternion(n)
    i, j = G.gens
    assert G.generator_names == ("i", "j")
    assert i ** (n // 2) == G.identity and j**2 == i ** (n // 4)
    assert j**-1 * i * j == i**-1
    hist = order_histogram(G)
    assert hist[2] == 1  # a unique involution
    assert hist[4] == n // 2 + 2 and hist.get(n // 2, 0) >= 2
    assert G.center().order == 2
    assert not G.is_abelian


def test_q8_structure():
    G = fam.quaternion()
    assert order_histogram(G) == {1: 1, 2: 1, 4: 6}
    i, j = G.gens
    assert i**2 == j**2 == (i * j) ** 2
    assert sorted(len(c) for c in G.conjugacy_classes()) == [1, 1, 2, 2, 2]
    assert G.abelian_invariants() == [2, 2]


@pytest.mark.parametrize("n", [1, 2, 3, 5, 6])
def test_dicyclic(n):
    G = fam.dicyclic(n)
    a, x = G.gens
    assert G.order == 4 * n
    assert a ** (2 * n) == G.identity and x**2 == a**n and x**-1 * a * x == a**-1
    assert order_histogram(G)[2] == 1  # dicyclic groups have a unique involution
    assert G.is_abelian == (n == 1)
    check_permutations(G)


@pytest.mark.parametrize(
    ("inv", "ab"),
    [
        ([2, 4], [2, 4]),
        ([6], [2, 3]),
        ([2, 2, 2], [2, 2, 2]),
        ([12, 18], [2, 3, 4, 9]),
        ([1, 5], [5]),
    ],
)
def test_abelian(inv, ab):
    G = fam.abelian(inv)
    assert G.is_abelian
    assert G.order == int(np.prod(inv))
    assert G.abelian_invariants() == ab
    assert G.exponent == int(np.lcm.reduce(inv))
    check_permutations(G)
    # element (c_1, ..., c_r) has index ravel_multi_index(c, inv)
    c = tuple(x - 1 for x in inv)
    word = "*".join(f"{nm}^{e}" for nm, e in zip(G.generator_names, c, strict=True))
    assert G.evaluate(word) == np.ravel_multi_index(c, inv)


@pytest.mark.parametrize("p", [2, 3, 5, 7, 11, 13])
def test_psl2(p):
    G = fam.psl(2, p)
    assert G.order == p * (p * p - 1) // gcd(2, p - 1)
    assert G.permutations.shape[1] == p + 1
    if p >= 5:  # simple, hence perfect and with trivial centre
        assert G.derived_subgroup().order == G.order
        assert G.center().order == 1


def test_psl25_is_a5_and_psl27_is_gl32():
    assert order_histogram(fam.psl(2, 5)) == order_histogram(fam.alternating(5))
    assert order_histogram(fam.psl(2, 7)) == order_histogram(fam.gl(3, 2))


@pytest.mark.parametrize(("n", "p"), [(1, 2), (1, 7), (2, 2), (2, 3), (2, 5), (3, 2), (3, 3)])
def test_gl_and_sl(n, p):
    G = fam.gl(n, p)
    assert G.order == order_gl(n, p)
    S = fam.sl(n, p)
    assert S.order == G.order // (p - 1)
    dets = np.round(np.linalg.det(S.matrices.astype(float))).astype(int) % p
    assert (dets == 1).all()
    # the matrices are a faithful representation multiplying like the group
    M = G.matrices
    assert len({m.tobytes() for m in M}) == G.order
    for s, x in enumerate(G.generators):
        assert (M[G.right_action[s]] == (M @ M[x]) % p).all()


def test_sl25_center_and_gl23_orders():
    assert fam.sl(2, 5).center().order == 2
    assert order_histogram(fam.gl(2, 3)) == {1: 1, 2: 13, 3: 8, 4: 6, 6: 8, 8: 12}


def test_m11_element_orders():
    G = fam.mathieu(11)
    assert order_histogram(G) == {1: 1, 2: 165, 3: 440, 4: 990, 5: 1584, 6: 1320, 8: 1980, 11: 1440}


@pytest.mark.slow
def test_m12_order():
    G = fam.mathieu(12)
    assert G.order == 95040
    assert G.permutations.shape == (95040, 12)


@given(st.integers(1, 40))
@settings(max_examples=25, deadline=None)
def test_small_families_relations(n):
    D = fam.dihedral(n)
    r, s = D.gens
    assert D.order == 2 * n and r.order == n and (s * r) ** 2 == D.identity
    Q = fam.dicyclic(n)
    a, x = Q.gens
    assert Q.order == 4 * n and a.order == 2 * n and x**2 == a**n
    C = fam.cyclic(n)
    assert C.gens[0].order == n
    for G in (D, Q, C):
        assert (np.bincount(G.right_action.ravel(), minlength=G.order) == len(G.generators)).all()
        check_permutations(G)


BAD = [
    (fam.cyclic, (0,)),
    (fam.cyclic, (2.5,)),
    (fam.cyclic, (True,)),
    (fam.cyclic, ("4",)),
    (fam.dihedral, (-1,)),
    (fam.dicyclic, (0,)),
    (fam.quaternion, (4,)),
    (fam.quaternion, (12,)),
    (fam.symmetric, (0,)),
    (fam.alternating, (0,)),
    (fam.abelian, (3,)),
    (fam.abelian, ([2, 0],)),
    (fam.abelian, (["a"],)),
    (fam.abelian, (None,)),
    (fam.psl, (2, 4)),
    (fam.psl, (3, 5)),
    (fam.sl, (2, 1)),
    (fam.gl, (0, 3)),
    (fam.gl, (2, 9)),
    (fam.mathieu, (13,)),
]


@pytest.mark.parametrize(("fn", "args"), BAD, ids=[f"{f.__name__}{a}" for f, a in BAD])
def test_bad_arguments(fn, args):
    with pytest.raises(NotAGroupError) as info:
        fn(*args)
    assert isinstance(info.value, GroupmatError) and isinstance(info.value, ValueError)
    assert fn.__name__ in str(info.value) or "abelian" in str(info.value)


# ---------------------------------------------------------------- standard presentations
def _named_groups():
    return [
        fam.trivial(),
        fam.cyclic(1),
        fam.cyclic(12),
        fam.abelian([2, 4, 3]),
        fam.abelian([1, 5]),
        fam.klein_four(),
        *(fam.dihedral(n) for n in (1, 2, 3, 4, 7)),
        *(fam.dicyclic(n) for n in (1, 2, 3, 5)),
        fam.quaternion(),
        fam.quaternion(16),
        *(fam.symmetric(n) for n in range(1, 7)),
        *(fam.alternating(n) for n in range(1, 8)),
    ]


@pytest.mark.parametrize("G", _named_groups(), ids=lambda G: G.name)
def test_named_groups_carry_their_standard_presentation(G):
    """The relators hold in the built group and coset enumeration of the presentation gives
    |G|: so it presents G on G's own generators (issue 16)."""
    from groupmat.algebra.presentations._coset_enumeration import enumerate_cosets
    from groupmat.algebra.presentations._presentation import Presentation

    P = G.presentation
    assert isinstance(P, Presentation)
    assert P.generators == G.generator_names
    assert all(G.evaluate(list(r)) == 0 for r in P.relators)
    order = enumerate_cosets(P, (), max_cosets=200_000).index if P.generators else 1
    assert order == G.order
    # the unvalidated fast path builds exactly what the validating constructor builds
    assert Presentation(P.generators, P.relators) == P
    assert Presentation.parse(str(P)) == P


def test_dihedral_presentation_is_the_documented_one():
    assert str(fam.dihedral(4).presentation) == "< r, s | r^4, s^2, (s*r)^2 >"
    assert str(fam.cyclic(5).presentation) == "< a | a^5 >"


def test_presentations_do_not_slow_construction():
    import time

    t = time.perf_counter()
    G = fam.cyclic(200_000)
    assert len(G.presentation.relators[0]) == 200_000
    assert time.perf_counter() - t < 1.0


@pytest.mark.parametrize(
    ("build", "order"),
    [
        (lambda: fam.gl(3, 7), 33_784_128),
        (lambda: fam.sl(5, 7), 187_035_198_320_488_089_600),
        (lambda: fam.sl(3, 3, max_order=100), 5616),
    ],
)
def test_linear_groups_refused_by_their_known_order_before_closing(build, order):
    t0 = time.perf_counter()
    with pytest.raises(fam.SizeLimitError, match=f"{order:_} elements"):
        build()
    assert time.perf_counter() - t0 < 1.0  # gl(3, 7) closed ~5M matrices (18 s) first


def test_linear_groups_close_to_their_formula_order():
    assert [fam.gl(2, 3).order, fam.sl(2, 5).order, fam.gl(3, 2).order] == [48, 120, 168]
    assert fam.sl(3, 3, max_order=10**4).order == 5616
