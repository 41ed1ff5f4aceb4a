"""Sylow theorems, Hall subgroups and p-cores, with sympy cross-checks."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sympy.combinatorics import Permutation, PermutationGroup

import groupmat as gm
from groupmat import NotAGroupError
from tests.algebra.subgroups._strategies import interesting_groups
from tests.strategies import permutation_groups

PRIMES = [2, 3, 5, 7]


def _p_part(n: int, p: int) -> int:
    q = 1
    while n % p == 0:
        n //= p
        q *= p
    return q


@settings(max_examples=40, deadline=None)
@given(interesting_groups(max_order=500), st.sampled_from(PRIMES))
def test_sylow_theorems(G, p):
    P = G.sylow_subgroup(p)
    assert P.order == _p_part(G.order, p)
    sylows = G.sylow_subgroups(p)
    n_p = len(sylows)
    assert n_p % p == 1 % p and G.order % n_p == 0
    assert n_p == G.order // G.normalizer(P).order
    assert len({S.elements.tobytes() for S in sylows}) == n_p
    # all conjugate to P, and every p-subgroup of that order is among them (small groups)
    keys = {S.elements.tobytes() for S in sylows}
    for x in range(0, G.order, max(1, G.order // 7)):
        assert P.conjugate(x).elements.tobytes() in keys
    if G.order <= 120:
        every = {H.elements.tobytes() for H in G.subgroups() if H.order == P.order}
        assert every == keys


@settings(max_examples=30, deadline=None)
@given(permutation_groups(max_order=500), st.sampled_from(PRIMES))
def test_sylow_order_matches_sympy(G, p):
    perms = np.asarray(G.permutations)
    gens = [Permutation(perms[g].tolist()) for g in G.generators] or [
        Permutation(list(range(perms.shape[1])))
    ]
    S = PermutationGroup(gens)
    assert G.sylow_subgroup(p).order == S.sylow_subgroup(p).order()


@settings(max_examples=30, deadline=None)
@given(interesting_groups(max_order=300), st.sampled_from(PRIMES))
def test_p_core_is_largest_normal_p_subgroup(G, p):
    O = G.p_core(p)
    assert O.is_normal() and O.order == _p_part(O.order, p)
    for N in G.normal_subgroups():
        if N.order == _p_part(N.order, p):
            assert N <= O


@settings(max_examples=30, deadline=None)
@given(interesting_groups(max_order=300), st.sets(st.sampled_from(PRIMES), min_size=1, max_size=3))
def test_hall_subgroups_of_solvable_groups(G, pi):
    if not G.is_solvable:
        with pytest.raises(NotAGroupError, match="solvable"):
            G.hall_subgroup(pi)
        return
    H = G.hall_subgroup(pi)
    want = 1
    for p in pi:
        want *= _p_part(G.order, p)
    assert H.order == want


def test_big_sylow_and_known_numbers():
    M12 = gm.mathieu(12)
    assert [M12.sylow_subgroup(p).order for p in (2, 3, 5, 11)] == [64, 27, 5, 11]
    M11 = gm.mathieu(11)
    assert [len(M11.sylow_subgroups(p)) for p in (2, 3, 5, 11)] == [495, 55, 396, 144]
    assert [len(gm.symmetric(5).sylow_subgroups(p)) for p in (2, 3, 5)] == [15, 10, 6]


@pytest.mark.parametrize(
    ("p", "order", "n_p"),
    # n_p = [M12 : N(P)] (GAP 4.12): N(P_2) = P_2, |N(P_3)| = 108, |N(P_5)| = 40, |N(P_11)| = 55
    [(2, 64, 1485), (3, 27, 880), (5, 5, 2376), (11, 11, 1728)],
)
def test_sylow_theorems_m12(p, order, n_p):
    """The permutation route (centralisers of p-central elements, then growing) on M12: a
    closed p-subgroup of the right order whose normaliser gives the known n_p."""
    G = gm.mathieu(12)
    P = G.sylow_subgroup(p)
    assert P.order == order
    assert np.array_equal(gm.Subgroup(G, P.generators).elements, P.elements)
    orders = np.asarray(G.element_orders())[P.elements]
    assert set(np.unique(orders).tolist()) <= {p**k for k in range(7)}
    N = G.normalizer(P)
    assert G.order // N.order == n_p and n_p % p == 1
    assert G.sylow_subgroup(p) == P  # seeded: the same subgroup on every call
    Q = P.conjugate(12345)
    assert Q.order == order and G.normalizer(Q).order == N.order


@pytest.mark.parametrize(
    "build",
    [
        lambda: gm.sl(2, 5),  # central involution only: no p-central shrinking for p = 2
        lambda: gm.sl(2, 7),
        lambda: gm.cyclic(200),  # no small permutation representation: the index route
        lambda: gm.direct_product(gm.cyclic(4), gm.symmetric(4)),
        lambda: gm.gl(2, 3),
        lambda: gm.Group.from_presentation("< a, b | a^2, b^3, (a*b)^7, (a*b*a*b^-1)^4 >"),
    ],
)
def test_sylow_subgroup_is_closed_on_every_route(build):
    G = build()
    for p in (2, 3, 5, 7):
        P = G.sylow_subgroup(p)
        assert P.order == _p_part(G.order, p)
        assert np.array_equal(gm.Subgroup(G, P.generators).elements, P.elements)
        assert P.order == _p_part(P.order, p)


def test_sylow_of_a_p_group_is_the_group():
    G = gm.dihedral(8)  # order 16
    assert G.sylow_subgroup(2).order == 16 and G.sylow_subgroup(3).order == 1


def test_bad_prime():
    with pytest.raises(ValueError, match="prime"):
        gm.symmetric(3).sylow_subgroup(4)
    with pytest.raises(TypeError, match="prime"):
        gm.symmetric(3).sylow_subgroup(2.0)
    assert gm.symmetric(3).sylow_subgroup(7).order == 1
