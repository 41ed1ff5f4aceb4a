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


def test_bad_prime():
    with pytest.raises(ValueError, match="prime"):
        gm.symmetric(3).sylow_subgroup(4)
    with pytest.raises(TypeError, match="prime"):
        gm.symmetric(3).sylow_subgroup(2.0)
    assert gm.symmetric(3).sylow_subgroup(7).order == 1
