"""Conjugacy classes of subgroups, all subgroups, the lattice and maximal subgroups."""

from __future__ import annotations

import networkx as nx
import numpy as np
import pytest
from hypothesis import given, settings

import groupmat as gm
from groupmat import SizeLimitError
from tests.algebra.subgroups._brute import all_subgroups
from tests.algebra.subgroups._strategies import interesting_groups

# (group, number of classes of subgroups, number of subgroups): GAP's
# Length(ConjugacyClassesSubgroups(G)) and Sum of their sizes (standard values).
KNOWN = [
    (lambda: gm.trivial(), 1, 1),
    (lambda: gm.cyclic(12), 6, 6),
    (lambda: gm.dihedral(4), 8, 10),
    (lambda: gm.quaternion(8), 6, 6),
    (lambda: gm.abelian([2, 2, 2, 2]), 67, 67),
    (lambda: gm.alternating(4), 5, 10),
    (lambda: gm.symmetric(4), 11, 30),
    (lambda: gm.alternating(5), 9, 59),
    (lambda: gm.symmetric(5), 19, 156),
    (lambda: gm.sl(2, 5), 12, 76),
    (lambda: gm.gl(3, 2), 15, 179),
    (lambda: gm.sl(2, 3), 7, 15),
]


@pytest.mark.parametrize(("build", "classes", "total"), KNOWN)
def test_known_counts(build, classes, total):
    G = build()
    cls = G.conjugacy_classes_subgroups()
    assert len(cls) == classes
    assert sum(c.size for c in cls) == total
    assert len(G.subgroups()) == total
    orders = [c.order for c in cls]
    assert orders == sorted(orders) and orders[0] == 1 and orders[-1] == G.order


@pytest.mark.slow
@pytest.mark.parametrize(
    ("build", "classes", "total"),
    [
        (lambda: gm.alternating(6), 22, 501),
        (lambda: gm.symmetric(6), 56, 1455),
        (lambda: gm.alternating(7), 40, 3786),
        (lambda: gm.mathieu(11), 39, 8651),
    ],
)
def test_known_counts_big(build, classes, total):
    cls = build().conjugacy_classes_subgroups(progress=False)
    assert (len(cls), sum(c.size for c in cls)) == (classes, total)


@settings(max_examples=25, deadline=None)
@given(interesting_groups(max_order=48))
def test_all_subgroups_match_brute_force(G):
    mine = {np.asarray(H.mask).tobytes() for H in G.subgroups()}
    assert mine == all_subgroups(G)


@settings(max_examples=25, deadline=None)
@given(interesting_groups(max_order=200))
def test_classes_are_conjugacy_classes(G):
    for c in G.conjugacy_classes_subgroups():
        H = c.representative
        members = c.members()
        assert len({m.elements.tobytes() for m in members}) == c.size
        assert G.order // G.normalizer(H).order == c.size
        assert all(m.order == H.order for m in members)
        assert c.is_normal == H.is_normal()
        if c.size > 1:  # a member is a conjugate of the representative
            x = int(np.flatnonzero(~G.normalizer(H).mask)[0])
            assert H.conjugate(x) in members


@settings(max_examples=20, deadline=None)
@given(interesting_groups(max_order=120))
def test_maximal_subgroups(G):
    """A class is maximal iff its representative lies in no larger proper subgroup."""
    subs = G.subgroups()
    maximal = {c.representative.elements.tobytes() for c in G.maximal_subgroups()}
    for c in G.conjugacy_classes_subgroups():
        H = c.representative
        if H.order == G.order:
            continue
        above = any(H < K and K.order < G.order for K in subs)
        assert (H.elements.tobytes() in maximal) == (not above)


def test_maximal_subgroups_s5():
    assert sorted((c.order, c.size) for c in gm.symmetric(5).maximal_subgroups()) == [
        (12, 10),
        (20, 6),
        (24, 5),
        (60, 1),
    ]
    assert gm.cyclic(1).maximal_subgroups() == []


def test_lattice_digraph_s4():
    G = gm.symmetric(4)
    L = G.subgroup_lattice()
    assert isinstance(L, nx.DiGraph) and L.number_of_nodes() == 11
    assert nx.is_directed_acyclic_graph(L)
    orders = nx.get_node_attributes(L, "order")
    for i, j in L.edges:
        assert orders[j] % orders[i] == 0 and orders[j] > orders[i]
    # the top (S4) covers exactly its 3 classes of maximal subgroups: S3, D8, A4
    top = max(L.nodes, key=lambda v: orders[v])
    assert sorted(orders[i] for i in L.predecessors(top)) == [6, 8, 12]
    # the trivial group is covered by the subgroups of prime order only
    assert sorted(orders[j] for j in L.successors(0)) == [2, 2, 3]
    nx.multipartite_layout(L, subset_key="layer")  # plottable


def test_size_guards():
    with pytest.raises(SizeLimitError, match="order 95040"):
        gm.mathieu(12).conjugacy_classes_subgroups()
    with pytest.raises(SizeLimitError, match="max_subgroups"):
        gm.symmetric(4).subgroups(max_subgroups=10)
    with pytest.raises(SizeLimitError, match="max_order=10"):
        gm.symmetric(4).subgroup_lattice(max_order=10)


@settings(max_examples=15, deadline=None)
@given(interesting_groups(max_order=60))
def test_lattice_edges_are_maximal_inclusions(G):
    """Edge i -> j iff some member of class i is a maximal subgroup of class j's representative
    (checked against all subgroups)."""
    subs = G.subgroups()
    classes = G.conjugacy_classes_subgroups()
    key = {H.elements.tobytes(): i for i, c in enumerate(classes) for H in c.members()}
    L = G.subgroup_lattice()
    for j, c in enumerate(classes):
        top = c.representative
        below = [H for H in subs if H < top]
        maximal = {key[H.elements.tobytes()] for H in below if not any(H < K for K in below)}
        assert set(L.predecessors(j)) == maximal
