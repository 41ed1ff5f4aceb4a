"""Tests of the array-based Group core: closure, table, inverses, orders, words, elements."""

from __future__ import annotations

import networkx as nx
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sympy.combinatorics import Permutation, PermutationGroup
from sympy.combinatorics.named_groups import AlternatingGroup, SymmetricGroup

import groupmat as gm
from groupmat import Group, GroupmatError, NotAGroupError, SizeLimitError
from tests.strategies import permutation_generators, permutation_groups

M11_GENS = [
    Permutation([[0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]]),
    Permutation([[2, 6, 10, 7], [3, 9, 4, 5]]),
]


def compose(p: np.ndarray, q: np.ndarray) -> np.ndarray:
    """(p*q)[x] = q[p[x]] on stacked image rows."""
    return np.take_along_axis(q, p, axis=-1)


# ---------------------------------------------------------------- closure
@settings(max_examples=60, deadline=None)
@given(permutation_generators())
def test_closure_matches_sympy_and_is_faithful(gens):
    G = Group.from_permutations(gens)
    assert G.order == PermutationGroup([Permutation(g) for g in gens]).order()
    P = G.permutations
    assert P.shape == (G.order, len(gens[0]))
    assert np.array_equal(P[0], np.arange(P.shape[1]))
    # all rows distinct: the numbering is a bijection onto the group
    assert np.unique(P, axis=0).shape[0] == G.order
    # right action agrees with composing permutations
    for s, g in enumerate(gens):
        assert np.array_equal(P[G.right_action[s]], compose(P, np.asarray(g)[None, :]))
        assert np.array_equal(P[G.generators[s]], g)


@pytest.mark.parametrize(
    ("gens", "order"),
    [
        (M11_GENS, 7920),
        (SymmetricGroup(6), 720),
        (AlternatingGroup(8), 20160),
        (np.array([[1, 2, 3, 4, 0]]), 5),
        ([[1, 0, 2, 3], [0, 1, 3, 2]], 4),
    ],
)
def test_known_orders(gens, order):
    assert Group.from_permutations(gens).order == order


def test_sympy_permutations_of_different_sizes_are_padded():
    G = Group.from_permutations([Permutation([1, 0]), Permutation([0, 2, 1])])
    assert G.order == 6
    assert G.permutations.shape[1] == 3


def test_trivial_group_with_degree():
    G = Group.from_permutations([], degree=3)
    assert G.order == 1 and G.table.tolist() == [[0]] and G.element_orders().tolist() == [1]
    assert G.label(0) == "1" if G.generator_names == () else True


def test_identity_generator_is_harmless():
    G = Group.from_permutations([[0, 1, 2], [1, 2, 0]])
    assert G.order == 3
    assert G.generators[0] == 0
    assert G.word_lengths().max() == 1


# ---------------------------------------------------------------- bad input
@pytest.mark.parametrize(
    ("gens", "match"),
    [
        ([[0, 0, 1]], "not a permutation"),
        ([[0, 1, 3]], "image of 2 is 3"),
        ([[1, 0], [0, 2, 1]], "mismatched degrees"),
        ([], "empty generator list"),
        ([[0.5, 1]], "non-integer"),
        ([[-1, 0]], "not a permutation"),
        ("abc", "non-integer|expected"),
        (np.zeros((2, 2, 2), dtype=int), "array"),
    ],
)
def test_bad_permutations(gens, match):
    with pytest.raises(NotAGroupError, match=match):
        Group.from_permutations(gens)


def test_size_guard_on_closure():
    with pytest.raises(SizeLimitError, match="max_order=100"):
        Group.from_permutations(SymmetricGroup(6), max_order=100)


def test_table_size_guard():
    G = Group.from_permutations(SymmetricGroup(5))
    with pytest.raises(SizeLimitError, match="order 120"):
        G.cayley_table(max_order=100)
    assert G.cayley_table(max_order=100, force=True).shape == (120, 120)
    big = gm.symmetric(8)  # 40320 > MAX_TABLE_ORDER: .table refuses before allocating
    assert big.order > gm.MAX_TABLE_ORDER
    with pytest.raises(SizeLimitError, match="order 40320"):
        _ = big.table


# ---------------------------------------------------------------- table and arithmetic
@settings(max_examples=60, deadline=None)
@given(permutation_groups(max_order=400))
def test_table_is_a_group_table(G):
    T = G.table
    n = G.order
    ar = np.arange(n)
    assert T.dtype == np.int32 and T.shape == (n, n)
    assert np.array_equal(T[0], ar) and np.array_equal(T[:, 0], ar)  # identity
    assert not T[ar, G.inverse].any() and not T[G.inverse, ar].any()  # inverses
    # Latin square
    assert (np.sort(T, axis=1) == ar).all() and (np.sort(T, axis=0) == ar[:, None]).all()
    # associativity on all triples for small groups, else random ones
    rng = np.random.default_rng(0)
    x, y, z = rng.integers(0, n, (3, 2000))
    assert np.array_equal(T[T[x, y], z], T[x, T[y, z]])
    # agrees with composing the permutations
    P = G.permutations
    assert np.array_equal(P[T[x, y]], compose(P[x], P[y]))


@settings(max_examples=40, deadline=None)
@given(permutation_groups(max_order=400), st.data())
def test_multiply_power_inverse_without_table(G, data):
    H = Group(G.right_action)  # same group, no table cached
    n = G.order
    a = np.array(data.draw(st.lists(st.integers(0, n - 1), min_size=1, max_size=20)))
    b = np.array(data.draw(st.lists(st.integers(0, n - 1), min_size=len(a), max_size=len(a))))
    assert np.array_equal(H.multiply(a, b), G.table[a, b])
    assert np.array_equal(H.inverse, G.inverse)
    e = data.draw(st.integers(-7, 7))
    expected = np.zeros_like(a)
    base = a if e >= 0 else G.inverse[a]
    for _ in range(abs(e)):
        expected = G.table[expected, base]
    assert np.array_equal(H.power(a, e), expected)


@settings(max_examples=40, deadline=None)
@given(permutation_groups(max_order=1000))
def test_element_orders_and_exponent(G):
    orders = G.element_orders()
    P = G.permutations
    expected = [Permutation(list(map(int, p))).order() for p in P]
    assert orders.tolist() == expected
    assert all(G.exponent % o == 0 for o in orders)
    assert G.exponent == int(np.lcm.reduce(orders))
    assert G.is_abelian == bool((G.table == G.table.T).all())


# ---------------------------------------------------------------- words and labels
@settings(max_examples=40, deadline=None)
@given(permutation_groups(max_order=500))
def test_words_are_shortest_and_evaluate_back(G):
    n = G.order
    for i in range(0, n, max(1, n // 25)):
        assert G.evaluate(G.word(i)) == i
    # BFS distances in the undirected Cayley graph equal word lengths
    graph = nx.Graph()
    graph.add_nodes_from(range(n))
    for s in range(G.right_action.shape[0]):
        graph.add_edges_from(zip(range(n), G.right_action[s].tolist(), strict=True))
    dist = nx.single_source_shortest_path_length(graph, 0)
    assert [dist[i] for i in range(n)] == G.word_lengths().tolist()
    assert G.diameter == max(dist.values())
    gens = list(G.generators)
    assert np.array_equal(G.ball(1), np.unique([0, *gens, *G.inverse[gens]]))


def test_labels_of_cyclic_group():
    G = Group.from_permutations([[1, 2, 3, 4, 5, 0]])
    assert G.labels() == ["1", "a", "a^-1", "a^2", "a^-2", "a^3"]
    assert G.element("a^-2*a^5") == G.element(5)


def test_labels_parse_back_on_m11():
    G = Group.from_permutations(M11_GENS)
    for i in range(0, G.order, 97):
        assert G.evaluate(G.label(i)) == i


# ---------------------------------------------------------------- element handles
def test_element_handles():
    G = Group.from_permutations([[1, 2, 0], [1, 0, 2]])
    a, b = G.gens
    assert (a * b) ** 2 == G.identity
    assert a**3 == G.identity and a**-1 == a**2 and ~a == a**2 and a.inverse() == a**2
    assert a.order == 3 and b.order == 2 and G.identity.order == 1
    assert len({a, a * a * a * a, b}) == 2
    assert repr(a * b) in {"a*b", "b*a^-1"}
    assert int(b) == G.generators[1]
    H = Group.from_permutations([[1, 2, 0], [1, 0, 2]])
    assert H.gens[0] != a
    with pytest.raises(ValueError, match="different groups"):
        _ = a * H.gens[0]
    with pytest.raises(IndexError):
        G.element(6)
    assert G.element([1, 2]) == a * b
    assert [e.index for e in G] == list(range(6))


# ---------------------------------------------------------------- Cayley table input
@settings(max_examples=30, deadline=None)
@given(permutation_groups(max_order=200), st.data())
def test_from_cayley_table_round_trip(G, data):
    n = G.order
    perm = np.array(data.draw(st.permutations(range(n))))  # relabel elements arbitrarily
    inv = np.argsort(perm)
    T = perm[G.table[np.ix_(inv, inv)]]  # T[perm[i], perm[j]] = perm[G.table[i, j]]
    H = Group.from_cayley_table(T)
    assert H.order == n
    src = H.source_indices
    assert np.array_equal(src[H.table], T[np.ix_(src, src)])
    assert H.element_orders().tolist() == G.element_orders()[inv[src]].tolist()


@pytest.mark.parametrize(
    ("table", "match"),
    [
        ([[0, 1, 2], [1, 2, 0]], "square"),
        ([[0, 1], [1, 1]], "row 1"),
        ([[0, 1], [2, 0]], r"entry \[1, 0\]"),
        ([[0, 2, 1], [2, 1, 0], [1, 0, 2]], "identity"),
        ([], "square|empty"),
        ([[0, 1], [1]], "ragged"),
        ([["a", "b"], ["b", "a"]], "integers"),
    ],
)
def test_bad_cayley_tables(table, match):
    with pytest.raises(NotAGroupError, match=match):
        Group.from_cayley_table(table)


def test_non_associative_latin_square_names_triple():
    # A loop of order 5 that is not a group (smallest non-associative Latin square with identity)
    T = [
        [0, 1, 2, 3, 4],
        [1, 0, 3, 4, 2],
        [2, 4, 0, 1, 3],
        [3, 2, 4, 0, 1],
        [4, 3, 1, 2, 0],
    ]
    with pytest.raises(NotAGroupError, match=r"not associative: \(\d\*\d\)\*\d = \d but"):
        Group.from_cayley_table(T)


def test_errors_share_a_base_class():
    assert issubclass(NotAGroupError, GroupmatError)
    assert issubclass(SizeLimitError, GroupmatError)


# ---------------------------------------------------------------- Cayley graph
@settings(max_examples=20, deadline=None)
@given(permutation_groups(max_order=200))
def test_cayley_graph(G):
    g = G.cayley_graph()
    assert g.number_of_nodes() == G.order
    for s, name in enumerate(G.generator_names):
        for u in range(0, G.order, max(1, G.order // 10)):
            v = int(G.right_action[s, u])
            assert g.has_edge(u, v)
            if u != v and G.generators.index(G.generators[s]) == s:
                assert g.edges[u, v]["generator"] in G.generator_names[: s + 1]
                assert name in G.generator_names
    assert set(nx.get_edge_attributes(g, "generator").values()) <= set(G.generator_names)


def test_cayley_table_identity_not_first_is_moved_to_zero():
    H = Group.from_cayley_table([[1, 0], [0, 1]])  # C2 with identity 1
    assert H.order == 2 and H.source_indices.tolist() == [1, 0]
    assert H.table.tolist() == [[0, 1], [1, 0]]
