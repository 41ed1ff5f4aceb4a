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


def _check_listing(G, A):
    """Every element of A is an automorphism of G, all distinct; the right action agrees with
    composition ``(a*b)[x] = b[a[x]]``; elements 0..|Inn|-1 are exactly the conjugations."""
    perms = np.asarray(A.permutations, dtype=np.int64)
    n = G.order
    assert perms.shape == (A.order, n)
    assert np.unique(perms, axis=0).shape[0] == A.order
    T = np.asarray(G.cayley_table(force=True), dtype=np.int64)
    step = max(1, A.order // 200)
    for f in perms[::step]:
        assert np.array_equal(np.sort(f), np.arange(n))
        assert np.array_equal(f[T], T[np.ix_(f, f)])
    right = np.asarray(A.right_action, dtype=np.int64)
    for s, g in enumerate(A.generators):
        assert np.array_equal(perms[right[s]], perms[g][perms])
    inv = np.asarray(G.inverse)
    conj = {tuple(T[T[inv[x]], x].tolist()) for x in range(n)}
    assert {tuple(row) for row in perms[np.asarray(A.inner.elements)].tolist()} == conj
    assert A.inner.order == len(conj)


@pytest.mark.parametrize(
    ("build", "aut", "out"),
    [
        (lambda: gm.mathieu(11), 7920, 1),  # complete: Aut(M11) = M11
        (lambda: gm.symmetric(6), 1440, 2),  # the exceptional outer automorphism
        (lambda: gm.abelian([2, 2, 2, 2]), 20160, 20160),  # GL(4,2): every map outer
        (lambda: gm.abelian([4, 2]), 8, 8),
        (lambda: gm.abelian([3, 3]), 48, 48),  # GL(2,3)
        (lambda: gm.abelian([2, 4, 4]), 1536, 1536),
        (lambda: gm.quaternion(8), 24, 6),
        (lambda: gm.direct_product(gm.symmetric(3), gm.symmetric(3)), 72, 2),
        (lambda: gm.sl(2, 5), 120, 2),  # centre C2, Aut = S5
    ],
)
def test_automorphism_group_listing(build, aut, out):
    """Known orders (a wrong pruning of the search or a wrong coset listing changes them),
    and the listed group is a group of automorphisms with the right multiplication."""
    G = build()
    A = G.automorphism_group()
    assert A.order == aut and A.order // A.inner.order == out
    assert G.outer_automorphism_order() == out
    if G.order <= 720:
        _check_listing(G, A)


@pytest.mark.parametrize(
    "build",
    [
        lambda: gm.symmetric(4),
        lambda: gm.dihedral(6),
        lambda: gm.abelian([2, 2, 2]),
        lambda: gm.sl(2, 3),
        lambda: gm.direct_product(gm.cyclic(4), gm.symmetric(3)),
    ],
)
def test_search_without_cayley_table(build, monkeypatch):
    """The word-product path (groups above TABLE_BELOW, like M11) finds the same group."""
    from groupmat.algebra.subgroups import _automorphism_group as mod

    want = build().automorphism_group()
    monkeypatch.setattr(mod, "TABLE_BELOW", 0)
    G = build()
    A = G.automorphism_group()
    assert mod._cached_levels(G, None)[0].mul.T is None  # products along shortest words
    assert A.order == want.order and A.inner.order == want.inner.order
    rows = {tuple(r) for r in np.asarray(A.permutations).tolist()}
    assert rows == {tuple(r) for r in np.asarray(want.permutations).tolist()}
    _check_listing(G, A)


@pytest.mark.parametrize(
    ("small_id", "aut"),
    # |Aut| from GAP 4.12.1 (Size(AutomorphismGroup(SmallGroup(n, i)))); these searches took
    # 10-120 s when the generators were six involutions (a failing backtrack explores the
    # whole tree): now three generators, and one candidate per centraliser orbit
    [((64, 56), 12288), ((64, 60), 12288), ((64, 61), 2048), ((48, 50), 5760)],
)
def test_automorphism_group_order_of_hard_small_groups(small_id, aut):
    import gzip
    import json
    from pathlib import Path

    data = Path(__file__).parent / "data" / "gap_small_groups.json.gz"
    with gzip.open(data, "rt", encoding="utf-8") as fh:
        rec = next(r for r in json.load(fh)["groups"] if tuple(r["id"]) == small_id)
    G = gm.Group.from_permutations(rec["gens"], degree=len(rec["gens"][0]))
    assert automorphism_group_order(G) == aut
    A = G.automorphism_group()
    assert A.order == aut and A.inner.order == G.order // G.center().order
