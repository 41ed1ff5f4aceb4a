"""Sylow subgroups of permutation groups too big to list (groupmat.algebra.permgroups._sylow),
and the lifts and preimages of PermHomomorphism they rest on."""

from __future__ import annotations

from math import factorial

import numpy as np
import pytest
from hypothesis import given, settings
from sympy import factorint, multiplicity
from sympy.combinatorics import Permutation, PermutationGroup

from groupmat import PermGroup
from groupmat.algebra.permgroups import _sylow
from groupmat.algebra.permgroups._homomorphism import PermHomomorphism
from tests.algebra.permgroups.strategies import big_permutation_generators


def _is_sylow(G: PermGroup, S: PermGroup, p: int) -> bool:
    target = p ** multiplicity(p, G.order)
    inside = S.generators.shape[0] == 0 or bool(G.contains(S.generators).all())
    return S.order == target and inside


@pytest.mark.parametrize(
    "name, group, primes",
    [
        ("S30", PermGroup.symmetric(30), (2, 3, 5, 7, 29, 31)),
        ("A30", PermGroup.alternating(30), (2, 3, 5, 29)),
        ("A9", PermGroup.alternating(9), (2, 3)),
        ("M12", PermGroup.mathieu(12), (2, 3, 5, 11)),
        ("M24", PermGroup.mathieu(24), (2, 3, 5, 7, 11, 23)),
        ("PSL(3,5)", PermGroup.psl(3, 5), (2, 3, 5, 31)),
        ("rubik3", PermGroup.rubik(3), (2, 3, 5, 7, 11)),
    ],
)
def test_sylow_orders_of_big_groups(name, group, primes):
    """Order p^a (the p-part of |G|), inside G, for groups far above the listing limit."""
    for p in primes:
        S = group.sylow_subgroup(p)
        assert _is_sylow(group, S, p), (name, p, S.order)


def test_giant_sylow_orders_follow_legendre():
    """|Syl_p(S_n)| = p^(sum_k floor(n/p^k)); for A_n and p = 2 half of it."""
    for n in (2, 3, 4, 8, 9, 17, 25, 64):
        for p in (2, 3, 5):
            expect = p ** multiplicity(p, factorial(n))
            assert PermGroup.symmetric(n).sylow_subgroup(p).order == expect
            if n >= 4:
                half = expect // 2 if p == 2 else expect
                assert PermGroup.alternating(n).sylow_subgroup(p).order == half


def test_wreath_and_intransitive_reductions():
    """Imprimitive (S4 wr S3 on 12 points: blocks) and intransitive (S5 x A6) groups."""
    s4 = [[1, 2, 3, 0], [1, 0, 2, 3]]
    gens = []
    for g in s4:
        x = np.arange(12)
        x[:4] = g
        gens.append(x)
    gens.append(np.roll(np.arange(12), 4))
    gens.append(np.r_[4:8, 0:4, 8:12])
    W = PermGroup(gens)
    assert W.order == 24**3 * 6
    for p in (2, 3):
        assert _is_sylow(W, W.sylow_subgroup(p), p)
    a = np.r_[[1, 2, 3, 4, 0], 5:11]
    b = np.r_[[1, 0, 2, 3, 4], 5:11]
    c = np.r_[0:5, [6, 7, 5], 8:11]
    e = np.r_[0:5, [6, 7, 8, 9, 10, 5]]
    P = PermGroup([a, b, c, e])
    for p in (2, 3, 5):
        assert _is_sylow(P, P.sylow_subgroup(p), p)


def test_centraliser_step_is_used_below_and_above_the_listing_limit(monkeypatch):
    """The primitive step (p-central elements) gives the same orders as listing."""
    M = PermGroup.mathieu(11)
    listed = {p: M.sylow_subgroup(p).order for p in (2, 3, 5, 11)}
    monkeypatch.setattr(_sylow, "LIST_BELOW", 0)
    for seed in range(3):
        got = {p: M.sylow_subgroup(p, seed=seed).order for p in (2, 3, 5, 11)}
        assert got == listed


@settings(max_examples=30, deadline=None)
@given(big_permutation_generators(max_degree=14, max_gens=3))
def test_sylow_matches_sympy(gens):
    """Orders agree with sympy's sylow_subgroup on random groups of degree <= 14."""
    P = PermGroup(gens)
    ref = PermutationGroup([Permutation(g.tolist()) for g in gens])
    for p in list(factorint(P.order))[:3]:
        S = P.sylow_subgroup(p)
        assert _is_sylow(P, S, p)
        assert S.order == ref.sylow_subgroup(p).order()


@settings(max_examples=25, deadline=None)
@given(big_permutation_generators(max_degree=12, max_gens=3))
def test_centraliser_step_on_random_groups(gens):
    """Step 5 forced everywhere (no listing): still a Sylow subgroup of the right order."""
    from unittest import mock

    P = PermGroup(gens)
    with mock.patch.object(_sylow, "LIST_BELOW", 0):
        for p in list(factorint(P.order))[:3]:
            assert _is_sylow(P, P.sylow_subgroup(p), p)


@pytest.mark.parametrize("bad", [4, 1, 0, -3, 2.0, True, "2"])
def test_sylow_refuses_non_primes(bad):
    with pytest.raises(ValueError, match="prime"):
        PermGroup.symmetric(5).sylow_subgroup(bad)


def test_lift_and_preimage():
    """φ(lift(y)) = y; |φ^{-1}(U)| = |ker φ| |U|; elements outside the image are refused."""
    S6 = PermGroup.symmetric(6)
    gens = S6.generators
    sign = PermHomomorphism(S6, [[1, 0] if _odd(g) else [0, 1] for g in gens])
    y = np.array([1, 0])
    assert np.array_equal(sign(sign.lift(y)), y)
    assert sign.preimage(PermGroup([[1, 0]])).order == 720
    assert sign.preimage(PermGroup(np.zeros((0, 2), dtype=int), degree=2)).order == 360
    # the action of S4 on the 3 pairs of opposite edges of a tetrahedron: image S3, kernel V4
    S4 = PermGroup([[1, 2, 3, 0], [1, 0, 2, 3]])
    act = PermHomomorphism(S4, _pair_action(S4.generators))
    assert act.kernel().order == 4 and act.image().order == 6
    assert act.preimage(PermGroup([[1, 2, 0]])).order == 12
    half = PermHomomorphism(PermGroup([[1, 2, 0, 3]]), [[1, 2, 0]])
    with pytest.raises(Exception, match="not in the image"):
        half.lift([1, 0, 2])


def _odd(g: np.ndarray) -> bool:
    from groupmat.algebra.permgroups._perms import parity

    return bool(parity(np.asarray(g)))


def _pair_action(gens: np.ndarray) -> list[list[int]]:
    """The action on the partitions {01|23}, {02|13}, {03|12} of 0..3."""
    parts = [
        frozenset([frozenset([0, 1]), frozenset([2, 3])]),
        frozenset([frozenset([0, 2]), frozenset([1, 3])]),
        frozenset([frozenset([0, 3]), frozenset([1, 2])]),
    ]
    out = []
    for g in gens:
        img = [frozenset(frozenset(int(g[x]) for x in pair) for pair in part) for part in parts]
        out.append([parts.index(i) for i in img])
    return out
