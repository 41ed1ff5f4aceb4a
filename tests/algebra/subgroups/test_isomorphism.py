"""Isomorphism testing: found between constructions of one group, refused otherwise."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sympy.combinatorics import Permutation, PermutationGroup
from sympy.combinatorics.homomorphisms import is_isomorphic as sympy_is_isomorphic

import groupmat as gm
from groupmat import SizeLimitError
from groupmat.algebra.subgroups._isomorphism import _Search
from tests.algebra.subgroups._strategies import interesting_groups
from tests.strategies import permutation_groups

PSL27_A = "< a, b | a^2, b^3, (a*b)^7, (a*b*a*b^-1)^4 >"
PSL27_B = "< x, y | x^7, y^2, (x*y)^3, (x^4*y*x^4*y)^2 >"  # a different presentation

SAME = [
    (lambda: gm.Group.from_presentation(PSL27_A), lambda: gm.gl(3, 2)),
    (lambda: gm.Group.from_presentation(PSL27_B), lambda: gm.psl(2, 7)),
    (lambda: gm.Group.from_presentation(PSL27_A), lambda: gm.Group.from_presentation(PSL27_B)),
    (lambda: gm.Group.from_presentation("< r, s | r^4, s^2, (r*s)^2 >"), lambda: gm.dihedral(4)),
    (lambda: gm.dicyclic(2), lambda: gm.quaternion(8)),
    (lambda: gm.direct_product(gm.cyclic(2), gm.symmetric(3)), lambda: gm.dihedral(6)),
    (lambda: gm.abelian([2, 3]), lambda: gm.cyclic(6)),
    (lambda: gm.pgl(2, 5), lambda: gm.symmetric(5)),
    (lambda: gm.psl(2, 5), lambda: gm.alternating(5)),
    (lambda: gm.abelian([2, 2, 2, 2, 2, 2]), lambda: gm.abelian([2, 2, 2, 2, 2, 2])),
    (
        lambda: gm.semidirect_product(gm.cyclic(4), gm.cyclic(4), [["a^-1"]]),
        lambda: gm.Group.from_presentation("< a, b | a^4, b^4, b^-1*a*b = a^-1 >"),
    ),
]


def _assert_isomorphism(phi, G, H):
    assert phi is not None and phi.source is G and phi.target is H
    assert phi.is_isomorphism
    gm.Homomorphism(G, H, [int(phi.map[g]) for g in G.generators])  # checks every relation


@pytest.mark.parametrize(("a", "b"), SAME)
def test_two_constructions_are_isomorphic(a, b):
    G, H = a(), b()
    _assert_isomorphism(gm.isomorphism(G, H), G, H)
    assert gm.is_isomorphic(H, G)


# Non-isomorphic pairs sharing order, class sizes and element orders: C4 : C4 and C2 x Q8
# (SmallGroup(16,4) and (16,12)); C4 x C4 and C2 x Q8 share order statistics.
C4C4 = "< a, b | a^4, b^4, b^-1*a*b = a^-1 >"


def _stats(G):
    return (
        G.order,
        sorted(len(c) for c in G.conjugacy_classes()),
        sorted(np.asarray(G.element_orders()).tolist()),
    )


def test_refused_with_equal_order_statistics_and_class_sizes():
    G = gm.Group.from_presentation(C4C4)
    H = gm.direct_product(gm.cyclic(2), gm.quaternion(8))
    assert _stats(G) == _stats(H)
    assert gm.isomorphism(G, H) is None and not gm.is_isomorphic(G, H)
    # the backtrack itself refuses too (invariants bypassed)
    assert _Search(G, H, None).first([]) is None
    assert _Search(gm.dihedral(4), gm.quaternion(8), None).first([]) is None


def test_refused_simple_cases():
    assert gm.isomorphism(gm.cyclic(4), gm.klein_four()) is None
    assert gm.isomorphism(gm.cyclic(4), gm.cyclic(5)) is None
    assert gm.isomorphism(gm.symmetric(4), gm.sl(2, 3)) is None
    assert gm.is_isomorphic(gm.trivial(), gm.trivial())


@settings(max_examples=25, deadline=None)
@given(interesting_groups(max_order=200), st.randoms(use_true_random=False))
def test_isomorphic_to_a_relabelled_copy(G, rnd):
    """A copy of G with its elements shuffled (Cayley table conjugated) is isomorphic to G."""
    perm = list(range(1, G.order))
    rnd.shuffle(perm)
    perm = np.array([0, *perm])
    inv = np.argsort(perm)
    T = np.asarray(G.table)
    H = gm.Group.from_cayley_table(perm[T[np.ix_(inv, inv)]])
    _assert_isomorphism(gm.isomorphism(G, H), G, H)


@settings(max_examples=15, deadline=None)
@given(permutation_groups(max_order=60), permutation_groups(max_order=60))
def test_agrees_with_sympy(G, H):
    def sym(X):
        perms = np.asarray(X.permutations)
        gens = [Permutation(perms[g].tolist()) for g in X.generators] or [
            Permutation(list(range(perms.shape[1])))
        ]
        return PermutationGroup(gens)

    if G.order != H.order:
        assert not gm.is_isomorphic(G, H)
        return
    assert gm.is_isomorphic(G, H) == sympy_is_isomorphic(sym(G), sym(H))


def test_bad_input_and_guard():
    with pytest.raises(TypeError, match="Group"):
        gm.isomorphism(gm.cyclic(3), "C3")
    with pytest.raises(SizeLimitError, match="max_search"):
        gm.isomorphism(gm.symmetric(5), gm.symmetric(5), max_search=10)


# SmallGroup(32,13) and (32,14), both "C8 : C4" in GAP's notation: equal order, class sizes,
# element orders, abelian invariants, series and class signatures; told apart by the number of
# square roots of the elements (an independent check of the backtrack's refusal).
C8C4_A = "< a, b | a^8, b^4, b^-1*a*b = a^3 >"
C8C4_B = "< a, b | a^8, b^4, b^-1*a*b = a^-1 >"


def _square_roots(G):
    T = np.asarray(G.table)
    return sorted(np.bincount(T[np.arange(G.order), np.arange(G.order)], minlength=G.order))


def test_backtrack_refuses_a_pair_with_equal_class_invariants():
    G, H = gm.Group.from_presentation(C8C4_A), gm.Group.from_presentation(C8C4_B)
    assert _stats(G) == _stats(H) and G.structure_description() == H.structure_description()
    assert _square_roots(G) != _square_roots(H)  # so they are not isomorphic
    assert _Search(G, H, None).first([]) is None  # found by the search alone
    assert not gm.is_isomorphic(G, H)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        (
            lambda: gm.direct_product(
                gm.direct_product(gm.cyclic(2), gm.quaternion(8)), gm.cyclic(4)
            ),
            lambda: gm.direct_product(gm.quaternion(8), gm.abelian([4, 2])),
        ),
        (
            lambda: gm.direct_product(
                gm.direct_product(gm.cyclic(2), gm.dihedral(4)), gm.cyclic(4)
            ),
            lambda: gm.direct_product(gm.dihedral(4), gm.abelian([4, 2])),
        ),
    ],
)
def test_order_64_constructions(a, b):
    G, H = a(), b()
    _assert_isomorphism(gm.isomorphism(G, H), G, H)


@pytest.mark.slow
def test_order_64_refusal():
    G = gm.direct_product(gm.Group.from_presentation(C8C4_A), gm.cyclic(2))
    H = gm.direct_product(gm.Group.from_presentation(C8C4_B), gm.cyclic(2))
    assert _Search(G, H, None).first([]) is None
