"""PermGroup.conjugacy_classes: classes of chain-backed groups without listing them, checked
against the listing path (Group.conjugacy_classes) and against GAP's answers."""

from __future__ import annotations

from collections import Counter

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import groupmat as gm
from groupmat.algebra.permgroups._classes import centralizer_order, is_conjugate
from groupmat.errors import SizeLimitError


def _listed(P: gm.PermGroup) -> Counter:
    """(element order, class size) multiset from the listing path."""
    G = gm.Group.from_permutations(P.generators)
    orders = G.element_orders()
    return Counter((int(orders[c[0]]), len(c)) for c in G.conjugacy_classes())


def _mine(classes) -> Counter:
    return Counter((c.element_order, c.size) for c in classes)


def _check(P: gm.PermGroup, classes) -> None:
    reps = np.stack([c.representative for c in classes])
    assert bool(P.contains(reps).all())
    assert sum(c.size for c in classes) == P.order
    for c in classes:
        assert c.size * c.centralizer_order == P.order
        assert c.element_order == int(np.lcm.reduce(_cycle_lengths(c.representative)))
    assert classes[0].size == 1 and np.array_equal(classes[0].representative, np.arange(P.degree))


def _cycle_lengths(p: np.ndarray) -> list[int]:
    from groupmat.algebra.permgroups._perms import cycle_lengths

    return cycle_lengths(p).tolist()


def _product(*perms_lists: list[list[int]]) -> list[list[int]]:
    """Generators of a direct product acting on disjoint point sets."""
    sizes = [len(p[0]) for p in perms_lists]
    out = []
    off = 0
    total = sum(sizes)
    for perms, n in zip(perms_lists, sizes, strict=True):
        for p in perms:
            g = list(range(total))
            g[off : off + n] = [off + x for x in p]
            out.append(g)
        off += n
    return out


A5 = [[1, 2, 3, 4, 0], [1, 2, 0, 3, 4]]
C2 = [[1, 0]]
Q8_REGULAR = [[1, 2, 3, 0, 5, 6, 7, 4], [4, 7, 6, 5, 2, 1, 0, 3]]

CASES = {
    "M11": lambda: gm.PermGroup.mathieu(11),
    "M12": lambda: gm.PermGroup.mathieu(12),
    "PSL(2,7)": lambda: gm.PermGroup.psl(2, 7),
    "PSL(2,11)": lambda: gm.PermGroup.psl(2, 11),
    "PSL(3,3)": lambda: gm.PermGroup.psl(3, 3),
    "PSL(2,13)": lambda: gm.PermGroup.psl(2, 13),
    "C2 x A5 (centre)": lambda: gm.PermGroup(_product(C2, A5)),
    "Q8 (regular)": lambda: gm.PermGroup(Q8_REGULAR),
    "C3 x C4 (abelian)": lambda: gm.PermGroup(_product([[1, 2, 0]], [[1, 2, 3, 0]])),
    "C2 wr S4": lambda: gm.PermGroup(
        [[1, 0, 2, 3, 4, 5, 6, 7], [2, 3, 4, 5, 6, 7, 0, 1], [2, 3, 0, 1, 4, 5, 6, 7]]
    ),
    "AGL(1,8)": lambda: gm.PermGroup([[1, 2, 3, 4, 5, 6, 0, 7], [7, 3, 6, 0, 5, 4, 2, 1]]),
}


@pytest.mark.parametrize("name", list(CASES))
def test_classes_match_the_listing_path(name):
    P = CASES[name]()
    classes = P.conjugacy_classes()
    _check(P, classes)
    assert _mine(classes) == _listed(P), name


@pytest.mark.parametrize("n", [3, 4, 5, 6, 7])
@pytest.mark.parametrize("alternating", [False, True])
def test_giants_in_closed_form_match_the_listing_path(n, alternating):
    P = gm.PermGroup.alternating(n) if alternating else gm.PermGroup.symmetric(n)
    classes = P.conjugacy_classes()
    _check(P, classes)
    assert _mine(classes) == _listed(P)
    # the split classes of Alt(n) are not conjugate to each other in Alt(n)
    for a in classes:
        for b in classes:
            if a is not b and a.size == b.size and a.element_order == b.element_order:
                assert is_conjugate(P, a.representative, b.representative) is None


#: GAP 4.12.1: SortedList(List(ConjugacyClasses(MathieuGroup(24)), c -> [Order(Representative(c)),
#: Size(c)])).
M24_GAP = [
    (1, 1), (2, 11385), (2, 31878), (3, 226688), (3, 485760), (4, 637560), (4, 1912680),
    (4, 2550240), (5, 4080384), (6, 10200960), (6, 10200960), (7, 5829120), (7, 5829120),
    (8, 15301440), (10, 12241152), (11, 22256640), (12, 20401920), (12, 20401920),
    (14, 17487360), (14, 17487360), (15, 16321536), (15, 16321536), (21, 11658240),
    (21, 11658240), (23, 10644480), (23, 10644480),
]  # fmt: skip


def test_m24_classes_match_gap():
    """M24 (244,823,040 elements, too many to list): GAP's 26 classes and sizes."""
    P = gm.PermGroup.mathieu(24)
    classes = P.conjugacy_classes()
    _check(P, classes)
    assert sorted((c.element_order, c.size) for c in classes) == M24_GAP
    # representatives of equal invariants are pairwise non-conjugate (23A/23B, ...)
    by_order: dict[int, list] = {}
    for c in classes:
        by_order.setdefault(c.element_order, []).append(c)
    for group in by_order.values():
        for i, a in enumerate(group):
            for b in group[i + 1 :]:
                assert is_conjugate(P, a.representative, b.representative) is None


def test_answer_does_not_depend_on_the_seed():
    P = gm.PermGroup.psl(3, 5)
    sizes = [sorted((c.element_order, c.size) for c in P.conjugacy_classes(seed=s)) for s in (0, 7)]
    assert sizes[0] == sizes[1]


def test_is_conjugate_returns_a_conjugating_element():
    P = gm.PermGroup.mathieu(12)
    rng = np.random.default_rng(3)
    x = P.random(seed=rng)
    g = P.random(seed=rng)
    y = g[x[np.argsort(g)]]  # g^-1 x g as image lists: y[g[a]] = g[x[a]]
    h = is_conjugate(P, x, y)
    assert h is not None and bool(P.contains(h)) and np.array_equal(y[h], h[x])
    assert is_conjugate(P, x, np.arange(12)) is None or np.array_equal(x, np.arange(12))


def test_centralizer_order_matches_the_centralizer_subgroup():
    P = gm.PermGroup.mathieu(11)
    for x in P.random(5, seed=2):
        assert centralizer_order(P, x) == P.centralizer(x).order


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    perms=st.lists(st.permutations(list(range(6))), min_size=1, max_size=3),
    seed=st.integers(0, 1000),
)
def test_property_random_groups_of_degree_6(perms, seed):
    """Any group generated by permutations of 6 points: the classes match the listing path."""
    P = gm.PermGroup([list(p) for p in perms])
    classes = P.conjugacy_classes(seed=seed)
    _check(P, classes)
    assert _mine(classes) == _listed(P)


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"max_classes": 3}, "max_classes"),
        ({"max_samples": 1}, "max_samples"),
    ],
)
def test_limits_raise_size_limit_errors(kwargs, match):
    with pytest.raises(SizeLimitError, match=match):
        gm.PermGroup.mathieu(12).conjugacy_classes(**kwargs)


def test_giant_with_too_many_classes_is_refused():
    with pytest.raises(SizeLimitError, match="Sym\\(60\\) has 966_467 conjugacy classes"):
        gm.PermGroup.symmetric(60).conjugacy_classes()


@pytest.mark.parametrize(("n", "alternating", "count"), [(8, True, 14), (8, False, 22)])
def test_giant_class_count_is_exact(n, alternating, count):
    """Found by review: the guard compared p(n) with max_classes for Alt(n) (and printed half
    of it), so Alt(8) with max_classes=14 was refused although it has exactly 14 classes."""
    P = gm.PermGroup.alternating(n) if alternating else gm.PermGroup.symmetric(n)
    assert len(P.conjugacy_classes(max_classes=count)) == count
    with pytest.raises(SizeLimitError, match=f"has {count} conjugacy classes"):
        P.conjugacy_classes(max_classes=count - 1)


@pytest.mark.parametrize("n", [1, 2, 3])
def test_tiny_alternating_groups(n):
    """Alt(1) crashed (review): the partition (1) has distinct odd parts but does not split."""
    classes = gm.PermGroup.alternating(n).conjugacy_classes()
    assert [c.size for c in classes] == ([1] if n < 3 else [1, 1, 1])


def test_large_centre_needs_one_search(monkeypatch):
    """Central elements are classes of size 1 found by one search (review: every central
    element used to build its own search and stabiliser chain, 4.9 s for C2^10, now 0.5 s)."""
    from groupmat.algebra.permgroups import _classes

    built = []
    original = _classes._Search.__init__

    def counting(self, *args, **kwargs):
        built.append(1)
        original(self, *args, **kwargs)

    monkeypatch.setattr(_classes._Search, "__init__", counting)
    gens = []
    for i in range(10):
        g = list(range(20))
        g[2 * i], g[2 * i + 1] = 2 * i + 1, 2 * i
        gens.append(g)
    classes = gm.PermGroup(gens).conjugacy_classes(max_classes=1024)
    assert len(classes) == 1024 and all(c.size == 1 for c in classes)
    assert len(built) == 1  # the centre's search only


@pytest.mark.parametrize(
    "kwargs",
    [{"max_classes": 2.5}, {"max_samples": 0}, {"seed": -1}, {"enumerate_limit": True}],
)
def test_bad_arguments_are_refused(kwargs):
    with pytest.raises((TypeError, ValueError)):
        gm.PermGroup.mathieu(11).conjugacy_classes(**kwargs)
