"""Automorphism groups, inner automorphisms and outer automorphism orders."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings

import groupmat as gm
from groupmat import SizeLimitError
from groupmat.algebra.subgroups import automorphism_group_order
from tests.algebra.subgroups._strategies import interesting_groups

KNOWN = [  # (group, |Aut|, |Out|)
    (lambda: gm.cyclic(1), 1, 1),
    (lambda: gm.cyclic(7), 6, 6),
    (lambda: gm.cyclic(12), 4, 4),
    (lambda: gm.klein_four(), 6, 6),
    (lambda: gm.abelian([2, 2, 2]), 168, 168),
    (lambda: gm.dihedral(4), 8, 2),
    (lambda: gm.quaternion(8), 24, 6),
    (lambda: gm.symmetric(3), 6, 1),
    (lambda: gm.alternating(4), 24, 2),
    (lambda: gm.symmetric(4), 24, 1),
    (lambda: gm.alternating(5), 120, 2),
    (lambda: gm.symmetric(6), 1440, 2),
    (lambda: gm.gl(3, 2), 336, 2),
    (lambda: gm.sl(2, 3), 24, 2),
]


@pytest.mark.parametrize(("build", "aut", "out"), KNOWN)
def test_known_automorphism_groups(build, aut, out):
    G = build()
    assert automorphism_group_order(G) == aut
    assert G.outer_automorphism_order() == out
    if aut <= 2000:
        assert G.automorphism_group().order == aut


def test_order_without_listing():
    G = gm.abelian([2] * 5)
    assert automorphism_group_order(G) == 9999360  # |GL(5,2)|
    assert G.outer_automorphism_order() == 9999360
    with pytest.raises(SizeLimitError, match="9999360"):
        G.automorphism_group()


@settings(max_examples=20, deadline=None)
@given(interesting_groups(max_order=120))
def test_automorphisms_and_inner_subgroup(G):
    A = G.automorphism_group()
    Z = G.center()
    assert A.inner.order == G.order // Z.order
    assert A.inner.is_normal()
    assert A.order // A.inner.order == G.outer_automorphism_order()
    T = np.asarray(G.table)
    for a in range(0, A.order, max(1, A.order // 5)):
        f = A.automorphism(a)
        assert np.array_equal(np.sort(f), np.arange(G.order))
        assert np.array_equal(f[T], T[np.ix_(f, f)])  # f(g h) = f(g) f(h)


def test_search_guard():
    with pytest.raises(SizeLimitError, match="candidate generator images"):
        automorphism_group_order(gm.abelian([2] * 7))
