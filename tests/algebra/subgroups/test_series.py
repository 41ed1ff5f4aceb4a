"""Chief and composition series, named composition factors, Jordan-Hölder."""

from __future__ import annotations

from collections import Counter
from itertools import pairwise
from math import prod

import numpy as np
import pytest
from hypothesis import assume, given, settings
from sympy.combinatorics import Permutation, PermutationGroup

import groupmat as gm
from tests.algebra.subgroups._strategies import interesting_groups
from tests.strategies import permutation_groups


def _relative(A, B):
    """``B`` as a subgroup of the group ``A`` (``B <= A``), with ``A`` as a group."""
    Ag, emb = A.as_group()
    return Ag, gm.Subgroup._from_elements(Ag, np.flatnonzero(B.mask[emb]))


@settings(max_examples=30, deadline=None)
@given(interesting_groups(max_order=400))
def test_chief_series(G):
    series = G.chief_series()
    assert series[0].order == G.order and series[-1].order == 1
    normals = G.normal_subgroups()
    for A, B in pairwise(series):
        assert A.is_normal() and B < A
        # no normal subgroup of G strictly between B and A
        assert not any(B < N < A for N in normals)


@settings(max_examples=30, deadline=None)
@given(interesting_groups(max_order=400))
def test_composition_series_and_jordan_hoelder(G):
    series = G.composition_series()
    factors = G.composition_factors()
    assert series[0].order == G.order and series[-1].order == 1
    assert prod(F.order for F in factors) == G.order
    for (A, B), F in zip(pairwise(series), factors, strict=True):
        _Ag, Bs = _relative(A, B)
        assert Bs.is_normal()
        assert F.order == A.order // B.order and (F.order == 1 or F.is_simple)
    # Jordan-Hölder: a second series through another normal subgroup N gives the same factors
    normals = G.normal_subgroups()
    N = normals[len(normals) // 2]
    Ng, _ = N.as_group()
    second = [F.name for F in Ng.composition_factors()]
    second += [F.name for F in G.quotient(N).composition_factors()]
    assert Counter(second) == Counter(F.name for F in factors)


@settings(max_examples=15, deadline=None)
@given(permutation_groups(max_order=200))
def test_composition_factor_orders_match_sympy(G):
    """sympy's composition_series handles solvable groups only."""
    assume(G.is_solvable)
    perms = np.asarray(G.permutations)
    gens = [Permutation(perms[g].tolist()) for g in G.generators] or [
        Permutation(list(range(perms.shape[1])))
    ]
    theirs = [H.order() for H in PermutationGroup(gens).composition_series()]
    mine = [H.order for H in G.composition_series()]
    assert Counter(a // b for a, b in pairwise(mine)) == Counter(
        a // b for a, b in pairwise(theirs)
    )


@pytest.mark.parametrize(
    ("build", "names"),
    [
        (lambda: gm.symmetric(5), ["C2", "A5"]),
        (lambda: gm.sl(2, 5), ["A5", "C2"]),
        (lambda: gm.gl(3, 2), ["PSL(3,2)"]),
        (lambda: gm.symmetric(4), ["C2", "C3", "C2", "C2"]),
        (lambda: gm.cyclic(30), Counter(["C2", "C3", "C5"])),
        (lambda: gm.direct_product(gm.alternating(5), gm.psl(2, 7)), Counter(["A5", "PSL(3,2)"])),
        (lambda: gm.alternating(6), ["A6"]),
        (lambda: gm.psl(2, 11), ["PSL(2,11)"]),
    ],
)
def test_named_factors(build, names):
    G = build()
    got = [F.name for F in G.composition_factors()]
    assert (Counter(got) if isinstance(names, Counter) else got) == names


@pytest.mark.slow
def test_m11_factor():
    assert [F.name for F in gm.mathieu(11).composition_factors()] == ["M11"]
