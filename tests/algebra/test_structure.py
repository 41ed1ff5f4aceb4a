"""Tests of conjugacy classes, centre, centralisers, normalisers, series and abelian invariants."""

from __future__ import annotations

import time
from itertools import pairwise
from math import prod

import numpy as np
import pytest
import sympy
from hypothesis import given, settings
from hypothesis import strategies as st
from sympy.combinatorics import Permutation, PermutationGroup

import groupmat as S
from groupmat import Group, NotAnElementError, Subgroup, conjugate_by
from groupmat.algebra._structure import (
    _is_simple_by_permutations,
    class_element_orders,
    conjugation_permutations,
    small_permutation_representation,
)
from tests.strategies import groups, permutation_groups

M11_GENS = [
    Permutation([[0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]]),
    Permutation([[2, 6, 10, 7], [3, 9, 4, 5]]),
]


def psl2(p: int) -> list[list[int]]:
    """PSL(2, p) acting on the projective line (p + 1 points, infinity = p)."""
    x = [(z + 1) % p for z in range(p)] + [p]
    y = [p if z == 0 else (-pow(z, -1, p)) % p for z in range(p)] + [0]
    return [x, y]


def sympy_group(G: Group) -> PermutationGroup:
    return PermutationGroup([Permutation(p.tolist()) for p in G.permutations[list(G.generators)]])


def brute_classes(G: Group) -> list[list[int]]:
    T = G.table
    inv = G.inverse
    ar = np.arange(G.order)
    conj = T[T[inv[:, None], ar[None, :]], ar[:, None]]  # conj[t, g] = t^-1 g t
    return sorted({tuple(sorted(set(conj[:, g].tolist()))) for g in range(G.order)})


def is_prime_power(q: int) -> bool:
    p = next(d for d in range(2, q + 1) if q % d == 0)
    while q % p == 0:
        q //= p
    return q == 1


# ---------------------------------------------------------------- conjugacy classes
@settings(max_examples=60, deadline=None)
@given(groups(max_order=200))
def test_classes_match_brute_force(G):
    classes = G.conjugacy_classes()
    assert classes[0].tolist() == [0]
    assert [int(c[0]) for c in classes] == sorted(int(c[0]) for c in classes)
    assert all(np.all(np.diff(c) > 0) for c in classes)
    assert sorted(tuple(c.tolist()) for c in classes) == brute_classes(G)


@settings(max_examples=60, deadline=None)
@given(groups(max_order=1000))
def test_class_equation_and_centralizers(G):
    classes = G.conjugacy_classes()
    sizes = S.class_sizes(G)
    assert sizes.sum() == G.order and np.all(G.order % sizes == 0)
    Z = G.center()
    assert np.count_nonzero(sizes == 1) == Z.order
    cmap = S.class_map(G)
    for i, c in enumerate(classes):
        assert np.all(cmap[c] == i)
        x = int(c[-1])
        assert S.centralizer(G, x).order * c.size == G.order  # orbit-stabiliser
        assert np.array_equal(S.class_of(G, x), c)
    for s in G.generators:  # classes are unions of conjugation orbits
        assert np.array_equal(cmap[conjugate_by(G, np.arange(G.order), s)], cmap)


@settings(max_examples=50, deadline=None)
@given(groups(max_order=500))
def test_center_is_intersection_of_centralizers(G):
    Z = G.center()
    by_gens = S.centralizer(G, list(G.generators))
    assert Z == by_gens == S.centralizer(G, G.subgroup(G.generators))
    inter = np.arange(G.order)
    for x in range(0, G.order, max(1, G.order // 25)):
        inter = np.intersect1d(inter, S.centralizer(G, x).elements)
    assert np.all(np.isin(Z.elements, inter))
    for x in Z.elements.tolist():  # central elements commute with everything
        assert np.array_equal(G.multiply(x, np.arange(G.order)), G.multiply(np.arange(G.order), x))
    assert Z.is_normal() and Z.is_abelian


@settings(max_examples=40, deadline=None)
@given(groups(max_order=300), st.data())
def test_normalizer_brute_force(G, data):
    H = G.subgroup(data.draw(st.lists(st.integers(0, G.order - 1), min_size=1, max_size=2)))
    N = S.normalizer(G, H)
    expected = [
        g
        for g in range(G.order)
        if np.array_equal(np.sort(conjugate_by(G, H.elements, g)), H.elements)
    ]
    assert N.elements.tolist() == expected
    assert H <= N and H.is_normal() == (N.order == G.order)
    assert G.normalizer(list(H.generators)) == N


# ---------------------------------------------------------------- series
@settings(max_examples=50, deadline=None)
@given(groups(max_order=1000))
def test_series_are_descending_normal_and_correct(G):
    ds = G.derived_series()
    assert ds[0].order == G.order
    for A, B in pairwise(ds):
        assert B < A and B.is_normal()
        assert S.commutator_subgroup(G, A, A) == B
        assert G.quotient(B).order * B.order == G.order
    lcs = G.lower_central_series()
    for A, B in pairwise(lcs):
        assert B < A and B.is_normal()
        assert S.commutator_subgroup(G, A, G.subgroup(G.generators)) == B
    ucs = S.upper_central_series(G)
    assert ucs[0].order == 1 and (len(ucs) == 1 or ucs[1] == G.center())
    assert G.is_nilpotent == (ucs[-1].order == G.order)
    if G.is_nilpotent:  # both series have the nilpotency class as length
        assert G.is_solvable and len(lcs) == len(ucs)


@settings(max_examples=40, deadline=None)
@given(permutation_groups(max_order=400))
def test_cross_check_with_sympy(G):
    P = sympy_group(G)
    assert G.order == P.order()
    classes = G.conjugacy_classes()
    sclasses = P.conjugacy_classes()
    assert len(classes) == len(sclasses)
    assert sorted(c.size for c in classes) == sorted(len(c) for c in sclasses)
    assert G.center().order == P.center().order()
    assert G.derived_subgroup().order == P.derived_subgroup().order()
    # sympy returns prime powers too, but unsorted
    assert G.abelian_invariants() == sorted(P.abelian_invariants())
    assert G.is_solvable == P.is_solvable
    assert G.is_nilpotent == P.is_nilpotent
    assert [H.order for H in G.derived_series()] == [H.order() for H in P.derived_series()]
    assert [H.order for H in G.lower_central_series()] == [
        H.order() for H in P.lower_central_series()
    ]


# ---------------------------------------------------------------- abelian invariants
@settings(max_examples=60, deadline=None)
@given(groups(max_order=1000))
def test_abelian_invariants_product_and_form(G):
    inv = G.abelian_invariants()
    assert inv == sorted(inv) and all(is_prime_power(q) for q in inv)
    assert prod(inv) == G.order // G.derived_subgroup().order
    assert G.exponent % max([1, *inv]) == 0
    assert np.all(G.exponent % G.element_orders() == 0)
    if G.is_abelian:  # invariants of G itself: the number of elements of order dividing m
        for m in {2, 3, 4}:
            count = np.count_nonzero(m % G.element_orders() == 0)
            assert count == prod(np.gcd(m, q) for q in inv)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(1, 6), min_size=1, max_size=3), st.data())
def test_abelian_invariants_of_cyclic_products_any_generators(lengths, data):
    """``C_{m_1} x ... x C_{m_r}`` (disjoint cycles) generated by random elements: the invariants
    are the prime-power parts of the ``m_i`` whatever generating set is used."""
    d = sum(lengths)
    cycles = []
    start = 0
    for m in lengths:
        img = list(range(d))
        img[start : start + m] = [start + (i + 1) % m for i in range(m)]
        cycles.append(img)
        start += m
    std = Group.from_permutations(cycles)
    picks = data.draw(st.lists(st.integers(0, std.order - 1), min_size=1, max_size=3))
    # random elements first, then the cycles in random order: same group, other generators
    gens = [std.permutations[i].tolist() for i in picks] + data.draw(st.permutations(cycles))
    G = Group.from_permutations(gens)
    expected = sorted(p**e for m in lengths for p, e in sympy.factorint(m).items())
    assert std.abelian_invariants() == expected
    assert G.order == std.order and G.abelian_invariants() == expected


@pytest.mark.parametrize(
    ("gens", "expected"),
    [
        ([[1, 2, 3, 0, 5, 6, 4]], [3, 4]),  # C12
        ([[1, 0, 2, 3, 4, 5, 6, 7], [0, 1, 3, 4, 5, 6, 7, 2]], [2, 2, 3]),  # C2 x C6
        ([[1, 2, 3, 0], [1, 0, 2, 3]], [2]),  # S4
        ([[1, 2, 3, 4, 0], [1, 2, 0, 3, 4]], []),  # A5
        ([[1, 2, 3, 0], [3, 2, 1, 0]], [2, 2]),  # D8
        ([[0, 1, 2]], []),  # trivial
        ([[1, 0, 2, 3, 4, 5], [0, 1, 3, 2, 4, 5], [0, 1, 2, 3, 5, 4]], [2, 2, 2]),
        ([[1, 2, 3, 4, 5, 6, 7, 8, 0]], [9]),
        ([[2, 3, 0, 1], [1, 2, 3, 0]], [4]),  # C4 = <a^2, a>: a relation a^2 = x is needed
        ([[1, 2, 3, 0, 4, 5, 6, 7], [0, 1, 2, 3, 5, 6, 7, 4], [1, 2, 3, 0, 5, 6, 7, 4]], [4, 4]),
    ],
)
def test_abelian_invariants_known(gens, expected):
    assert Group.from_permutations(gens).abelian_invariants() == expected


def test_quaternion_and_known_structure():
    # Q8 as a regular permutation group (right multiplication table of i and j)
    i = [2, 3, 1, 0, 6, 7, 5, 4]
    j = [4, 5, 7, 6, 1, 0, 2, 3]
    Q8 = Group.from_permutations([i, j])
    assert Q8.order == 8 and Q8.abelian_invariants() == [2, 2]
    assert Q8.center().order == 2 and Q8.is_nilpotent and not S.is_simple(Q8)
    assert sorted(c.size for c in Q8.conjugacy_classes()) == [1, 1, 2, 2, 2]


def test_simple_and_perfect():
    A5 = Group.from_permutations([[1, 2, 3, 4, 0], [1, 2, 0, 3, 4]])
    S4 = Group.from_permutations([[1, 2, 3, 0], [1, 0, 2, 3]])
    assert S.is_simple(A5) and S.is_perfect(A5) and not A5.is_solvable
    assert not S.is_simple(S4) and not S.is_perfect(S4) and S4.is_solvable
    assert S.is_simple(Group.from_permutations([[1, 2, 3, 4, 0]]))
    assert not S.is_simple(Group.from_permutations([[1, 2, 3, 0]]))
    assert not S.is_simple(Group.from_permutations([[0, 1]]))
    assert S.is_simple(Group.from_permutations(psl2(7)))
    S6 = Group.from_permutations([*psl2(5), [1, 0, 2, 3, 4, 5]])  # A5 on 6 points, (0 1)
    assert S6.order == 720 and not S.is_simple(S6)


def _simple_by_definition(G: Group) -> bool:
    """Nontrivial, and the normal closure of every non-identity class representative is G."""
    from groupmat.algebra._subgroup import _normal_closure

    return G.order > 1 and all(
        _normal_closure(G, [int(c[0])]).order == G.order for c in G.conjugacy_classes()[1:]
    )


@settings(max_examples=60, deadline=None)
@given(groups(max_order=400))
def test_is_simple_matches_definition(G):
    """Permutation groups take the Schreier-Sims path, Cayley-table groups the derived coset
    action (or the closure path when there is none)."""
    expected = _simple_by_definition(G)
    assert S.is_simple(G) == expected
    H = Group.from_cayley_table(G.table)
    assert S.is_simple(H) == expected
    if G.order > 1 and not G.is_abelian:  # the Schreier-Sims path used from 50000 elements
        for K in (G, H):
            perms = small_permutation_representation(K)
            if perms is not None:
                assert _is_simple_by_permutations(K, perms) == expected


@pytest.mark.parametrize(
    ("text", "simple"),
    [
        ("< a, b | a^2, b^3, (a*b)^5 >", True),  # A5
        ("< a, b | a^2, b^3, (a*b)^7, [a,b]^4 >", True),  # PSL(2, 7)
        (str(S.coxeter_presentation("A4")), False),  # S5
        (str(S.coxeter_presentation("B3")), False),
        ("< a, b | a^3, b^3, (a*b)^2 >", False),  # A4
        (
            "< x1, x2, x3, x4 | x1^3, x2^3, x3^3, x4^3, (x1*x2)^2, (x1*x3)^2, (x1*x4)^2, "
            "(x2*x3)^2, (x2*x4)^2, (x3*x4)^2 >",
            True,
        ),  # A6 (Carmichael)
    ],
)
def test_is_simple_of_presentations(text, simple):
    G = Group.from_presentation(text)
    assert S.is_simple(G) == simple == _simple_by_definition(G)
    perms = small_permutation_representation(G)
    assert perms is not None and _is_simple_by_permutations(G, perms) == simple


@settings(max_examples=60, deadline=None)
@given(groups(max_order=500))
def test_class_element_orders_match_powers(G):
    """Orders from class representatives equal the orders computed element by element."""
    H = Group.from_cayley_table(G.table)  # no permutations: orders from words or the table
    expected = G.element_orders()
    if G.is_abelian:  # left to square-and-multiply
        assert class_element_orders(G) is None
        return
    for K in (G, H):
        assert np.array_equal(class_element_orders(K), expected)
    assert class_element_orders(G, max_classes=len(G.conjugacy_classes()) - 1) is None
    assert class_element_orders(G, max_steps=0) is None


def test_conjugation_permutations_brute_force():
    G = Group.from_presentation("< a, b | a^2, b^3, (a*b)^7, [a,b]^4 >")
    T, inv = G.table, G.inverse
    c = conjugation_permutations(G)
    for s, x in enumerate(G.generators):
        assert np.array_equal(c[s], T[T[inv[x]], x])


def test_m11_classes_and_structure():
    G = Group.from_permutations(M11_GENS)
    sizes = sorted(c.size for c in G.conjugacy_classes())
    assert sizes == [1, 165, 440, 720, 720, 990, 990, 990, 1320, 1584]
    assert G.center().order == 1 and G.derived_subgroup().order == 7920
    assert G.abelian_invariants() == [] and not G.is_solvable


def test_bad_input():
    G = Group.from_permutations([[1, 2, 0], [1, 0, 2]])
    K = Group.from_permutations([[1, 0]])
    with pytest.raises(NotAnElementError):
        S.centralizer(G, K.gens[0])
    with pytest.raises(NotAnElementError):
        S.centralizer(G, K.subgroup([1]))
    with pytest.raises(NotAnElementError):
        S.normalizer(G, K.subgroup([1]))
    with pytest.raises(NotAnElementError):
        S.class_of(G, 17)
    assert isinstance(G.normalizer([1]), Subgroup)


# ---------------------------------------------------------------- performance (slow)
@pytest.mark.slow
@pytest.mark.parametrize(("p", "nclasses"), [(13, 9), (59, 32)])
def test_psl2_classes(p, nclasses):
    G = Group.from_permutations(psl2(p))
    assert G.order == p * (p * p - 1) // 2
    t = time.perf_counter()
    classes = G.conjugacy_classes()
    elapsed = time.perf_counter() - t
    assert len(classes) == nclasses and elapsed < 5.0
    assert G.center().order == 1 and G.abelian_invariants() == [] and S.is_simple(G)


@pytest.mark.slow
def test_m11_classes_fast_and_faster_than_sympy():
    G = Group.from_permutations(M11_GENS)
    _ = G.inverse, S.conjugacy_classes(Group.from_permutations([[1, 0]]))  # warm imports
    t = time.perf_counter()
    S.conjugacy_classes(G)
    ours = time.perf_counter() - t
    assert ours < 0.5
    t = time.perf_counter()
    PermutationGroup(M11_GENS).conjugacy_classes()
    assert time.perf_counter() - t > 20 * ours
