"""Word metric of groups with long, thin Cayley graphs (issue 17).

A cyclic group of order ``n`` has ``n / 2 + 1`` breadth-first layers: the search, the step
form used for products, inverses and left actions must not take a Python step per layer.
Checked here against closed forms on large cyclic, dihedral and abelian groups, the run-by-run
recurrences against the layer-by-layer ones, the compiled search against the plain one, and
the helpers (cycle powers, pointer jumping) against naive loops.
"""

from __future__ import annotations

import time

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import groupmat as gm
from groupmat import Group
from groupmat.algebra import _cayley
from groupmat.algebra._cayley import (
    WordMetric,
    _chain_sums,
    _CyclePowers,
    _forest_roots,
    inverse_map,
    left_letter_actions,
    shortlex_bfs,
    word_metric,
)
from tests.strategies import groups

RNG = np.random.default_rng(17)


def _popcount(x: np.ndarray) -> np.ndarray:
    return np.array([bin(int(v)).count("1") for v in x])


# ------------------------------------------------------------------ closed forms
@pytest.mark.parametrize("n", [99_999, 100_000])
def test_cyclic_products_inverses_powers(n):
    G = gm.cyclic(n)  # element i is a^i
    a = np.r_[0, 1, n - 1, n // 2, n // 2 + 1, RNG.integers(0, n, 3000)]
    b = np.r_[n - 1, 1, n // 2, n // 2, n - 2, RNG.integers(0, n, 3000)]
    assert G.multiply(1, 2) == 3
    assert np.array_equal(G.multiply(a, b), (a + b) % n)  # one step form row per b
    for h in (1, n - 1, n // 2, 12345):  # one right factor: right_multiply
        assert np.array_equal(G.multiply(a, h), (a + h) % n)
    ar = np.arange(n)
    assert np.array_equal(G.inverse, (-ar) % n)
    for e in (0, 1, 5, -3, n + 2):
        assert np.array_equal(G.power(a, e), (a * e) % n)


@pytest.mark.parametrize("n", [99_999, 100_000])
def test_cyclic_word_metric(n):
    G = gm.cyclic(n)
    wm = G.word_metric
    ar = np.arange(n)
    assert np.array_equal(wm.lengths, np.minimum(ar, n - ar))
    # shortlex: a before a^-1, so a^(n/2) is written with a
    assert G.word(n // 2) == (1,) * (n // 2)
    assert G.word(n - 3) == (-1, -1, -1)
    assert np.array_equal(wm.last_letter[1:], np.where(ar[1:] <= n // 2, 1, -1))
    left = left_letter_actions(wm, [1, -1])
    assert np.array_equal(left, np.stack([(ar + 1) % n, (ar - 1) % n]))
    steps = wm.steps  # every word is one run, cut into its binary pieces
    assert np.array_equal((steps != wm.num_letters).sum(axis=1), _popcount(wm.lengths))
    assert len(wm._run_groups) == 2  # identity + one group of one-run words
    assert "layers" not in wm.__dict__  # nothing went layer by layer
    assert [x.tolist() for x in wm.layers[:3]] == [[0], [1, n - 1], [2, n - 2]]


def test_cyclic_regular_matrix_and_cayley_graph():
    n = 100_000
    G = gm.cyclic(n)
    ar = np.arange(n)
    L = gm.regular_matrix(G, 1)  # L_g[i, j] = 1 iff g_i = g g_j
    assert L.nnz == n and np.array_equal(L.indices[(ar + 1) % n], ar)
    R = gm.regular_matrix(G, 3, side="right")  # R_g[i, j] = 1 iff g_j = g_i g
    assert np.array_equal(R.indices, (ar + 3) % n)
    graph = gm.cayley_graph(G)
    assert graph.number_of_nodes() == n and graph.number_of_edges() == n
    assert graph.edges[n - 1, 0]["generator"] == "a" and not graph.has_edge(1, 0)
    assert graph.nodes[3]["label"] == "a^3" and graph.nodes[n - 1]["label"] == "a^-1"


def test_cayley_graph_repeated_and_identity_generators():
    """A repeated generator adds no edges (the first name is kept); the identity as a generator
    gives loops; the graph equals the plain per-edge construction."""
    G = Group.from_permutations([[1, 2, 0], [1, 2, 0], [0, 1, 2], [2, 0, 1]])
    graph = gm.cayley_graph(G)
    names = G.generator_names
    want = {}
    for s, name in enumerate(names):
        for u in range(G.order):
            want.setdefault((u, int(G.right_action[s, u])), name)
    assert {e: d["generator"] for e, d in graph.edges.items()} == want
    assert graph.edges[0, 0]["generator"] == names[2]


def _dihedral_product(n: int, x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Index of (r^i s^j)(r^k s^l) = r^(i + (-1)^j k) s^(j + l), element i + n j."""
    i, j = x % n, x // n
    k, l = y % n, y // n
    return (i + np.where(j == 0, k, -k)) % n + n * ((j + l) % 2)


@pytest.mark.parametrize("n", [5000, 4999])
def test_dihedral_closed_form(n):
    G = gm.dihedral(n)
    N = 2 * n
    x = np.r_[0, 1, n, N - 1, RNG.integers(0, N, 4000)]
    y = np.r_[N - 1, n, 1, n + 1, RNG.integers(0, N, 4000)]
    assert np.array_equal(G.multiply(x, y), _dihedral_product(n, x, y))
    for h in (1, n, n + 7, N - 1):
        assert np.array_equal(G.multiply(x, h), _dihedral_product(n, x, np.full_like(x, h)))
    ar = np.arange(N)
    i, j = ar % n, ar // n
    assert np.array_equal(G.inverse, np.where(j == 0, (-i) % n, ar))
    wm = G.word_metric
    assert wm._prefer_runs()  # 2500 layers of four elements
    left = left_letter_actions(wm, [1, -1, 2])
    for row, y0 in zip(left, [1, n - 1, n], strict=True):
        assert np.array_equal(row, _dihedral_product(n, np.full(N, y0), ar))


def test_abelian_closed_form():
    G = gm.abelian([700, 3])  # (c1, c2) has index 3 c1 + c2
    n = G.order
    x, y = RNG.integers(0, n, (2, 5000))
    want = ((x // 3 + y // 3) % 700) * 3 + (x + y) % 3
    assert np.array_equal(G.multiply(x, y), want)
    ar = np.arange(n)
    assert np.array_equal(G.inverse, ((-(ar // 3)) % 700) * 3 + (-ar) % 3)


# ------------------------------------------------------------------ both recurrences agree
def _check_against_table(G: Group) -> None:
    wm = G.word_metric
    T = G.cayley_table(force=True)
    k = len(G.generators)
    letters = [*range(1, k + 1), *range(-1, -k - 1, -1)]
    left = left_letter_actions(wm, letters)
    for row, letter in zip(left, letters, strict=True):
        assert np.array_equal(row, T[int(wm.letter_perms[k + letter, 0])])
    inv = inverse_map(wm)
    assert np.array_equal(T[np.arange(G.order), inv], np.zeros(G.order, dtype=T.dtype))


@pytest.mark.parametrize("runs", [True, False])
@settings(max_examples=40, deadline=None)
@given(G=groups(max_order=400))
def test_run_and_layer_recurrences_match_the_table(G, runs):
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(WordMetric, "_prefer_runs", lambda self: runs)
        _check_against_table(Group(G.right_action))  # a fresh word metric


@pytest.mark.parametrize("runs", [True, False])
@pytest.mark.parametrize(
    "make",
    [
        lambda: gm.dihedral(301),
        lambda: gm.dicyclic(60),
        lambda: gm.abelian([40, 6]),
        lambda: Group.from_presentation("< a, b | a^2, b^3, (a*b)^7, [a,b]^4 >"),
        lambda: gm.spatial_group((30, 2), "D2").group,
        lambda: Group.from_permutations([[1, 2, 3, 4, 0], [1, 2, 3, 4, 0], [0, 1, 2, 3, 4]]),
    ],
)
def test_run_and_layer_recurrences_on_families(make, runs, monkeypatch_runs):
    monkeypatch_runs(runs)
    _check_against_table(make())


@pytest.fixture
def monkeypatch_runs(monkeypatch):
    def force(runs: bool) -> None:
        monkeypatch.setattr(WordMetric, "_prefer_runs", lambda self: runs)

    return force


# ------------------------------------------------------------------ the compiled search
def _search(G: Group, how: str):
    right = np.asarray(G.right_action)
    k = right.shape[0]
    lp = _cayley._letter_permutations(right)
    use = _cayley._usable_letters(lp, k)
    fn = _cayley._search_in_c if how == "c" else _cayley._search_by_layers
    return fn(lp, k, use)


@settings(max_examples=40, deadline=None)
@given(G=groups(max_order=400))
def test_compiled_search_equals_layer_search(G):
    if G.order < 2 or not len(G.generators):
        return
    fast, plain = _search(G, "c"), _search(G, "layers")
    assert fast is not None  # scipy's order is accepted (else every search is slow again)
    for x, y in zip(fast, plain, strict=True):
        assert np.array_equal(x, y)


@pytest.mark.parametrize(
    "G",
    [gm.symmetric(6), gm.dihedral(500), gm.abelian([30, 20]), gm.cyclic(1001)],
    ids=["S6", "D1000", "C30xC20", "C1001"],
)
def test_compiled_search_is_used_and_exact(G):
    fast, plain = _search(G, "c"), _search(G, "layers")
    assert fast is not None
    for x, y in zip(fast, plain, strict=True):
        assert np.array_equal(x, y)


def test_a_search_in_another_order_is_rejected(monkeypatch):
    """If scipy expanded neighbours in index order (not letter order) the check must notice
    and the layer search must answer."""
    import scipy.sparse.csgraph as csgraph

    original = csgraph.breadth_first_order

    def sorted_search(graph, *args, **kwargs):
        graph = graph.copy()
        graph.sort_indices()
        return original(graph, *args, **kwargs)

    monkeypatch.setattr(csgraph, "breadth_first_order", sorted_search)
    G = gm.dihedral(7)  # from 0: r -> 1, s -> 7, r^-1 -> 6 (index order: 1, 6, 7)
    assert _search(G, "c") is None
    plain = _search(G, "layers")
    wm = word_metric(G.right_action)
    assert np.array_equal(wm.order, plain[0]) and np.array_equal(wm.parent, plain[1])


def test_unreachable_elements_are_reported():
    with pytest.raises(ValueError, match="do not reach element 2"):
        word_metric(np.array([[1, 0, 3, 2]]))
    with pytest.raises(ValueError, match="do not reach element 1"):
        word_metric(np.zeros((0, 3), dtype=np.int64))


def test_word_metric_still_accepts_layers():
    wm = word_metric(np.array([[1, 2, 3, 0]]))
    again = WordMetric(wm.letter_perms, wm.lengths, wm.parent, wm.last_letter, wm.layers)
    assert np.array_equal(again.order, wm.order) and again.layers[1].tolist() == [1, 3]
    assert [x.tolist() for x in shortlex_bfs(np.array([[1, 2, 3, 0]]))[4]] == [[0], [1, 3], [2]]


# ------------------------------------------------------------------ helpers
@settings(max_examples=60, deadline=None)
@given(
    perms=st.integers(1, 40).flatmap(
        lambda n: st.lists(st.permutations(list(range(n))), min_size=1, max_size=3)
    ),
    data=st.data(),
)
def test_cycle_powers(perms, data):
    P = np.array(perms)
    c, n = P.shape
    cp = _CyclePowers(P)
    which = np.array(data.draw(st.lists(st.integers(0, c - 1), min_size=n, max_size=n)))
    e = np.array(data.draw(st.lists(st.integers(-3 * n, 3 * n), min_size=n, max_size=n)))
    got = cp(which, e, np.arange(n))
    for v in range(n):
        perm = P[which[v]] if e[v] >= 0 else np.argsort(P[which[v]])
        x = v
        for _ in range(abs(int(e[v]))):
            x = int(perm[x])
        assert got[v] == x


@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(0, 10**6), min_size=1, max_size=60), st.integers(0, 3))
def test_chain_sums_and_forest_roots(raw, rounds):
    n = len(raw)
    anc = np.array([0] + [r % i for i, r in enumerate(raw[1:], start=1)])  # anc[i] < i
    roots = np.array([i for i in range(n) if raw[i] % 3 == 0] + [0])
    anc[roots] = roots  # several roots
    w = np.array([0 if i in set(roots.tolist()) else (raw[i] % 5) + 1 for i in range(n)])
    want_sum, want_root = [], []
    for v in range(n):
        s, x = 0, v
        while anc[x] != x:
            s, x = s + w[x], anc[x]
        want_sum.append(s)
        want_root.append(x)
    assert _chain_sums(anc, w).tolist() == want_sum
    assert _forest_roots(anc, rounds=rounds).tolist() == want_root  # few rounds: components


def test_progress_bar_only_for_large_orders(monkeypatch):
    import groupmat.algebra.matrices._progress as progress

    calls = []
    real = progress.progress_bar

    def spy(**kwargs):
        calls.append((kwargs["desc"], kwargs["enabled"]))
        return real(**{**kwargs, "enabled": False})

    monkeypatch.setattr(progress, "progress_bar", spy)
    G = gm.cyclic(3000)
    _ = G.inverse, G.multiply(5, 7)
    assert calls and all(enabled is False for _, enabled in calls)  # small: never drawn
    calls.clear()
    monkeypatch.setattr(_cayley, "PROGRESS_MIN_ORDER", 1000)
    G = gm.cyclic(3000)
    _ = G.inverse, G.multiply(5, 7)
    assert {d for d, _ in calls} >= {"inverses", "shortest words: step form"}
    assert all(enabled is None for _, enabled in calls)  # on a terminal only
    calls.clear()
    gm.cayley_graph(gm.cyclic(2**17))
    assert calls == [("Cayley graph", None)]


# ------------------------------------------------------------------ time
def test_large_cyclic_group_is_not_quadratic():
    """One Python step per layer (C_200000 has 100001) made the first product of C_100000
    alone take 8-15 s on a loaded 2-core machine; now all of this takes well under a second
    (the bound is 20x that)."""
    t = time.perf_counter()
    G = gm.cyclic(200_000)
    assert G.multiply(1, 2) == 3 and int(G.inverse[5]) == 200_000 - 5
    assert G.power(7, 3) == 21
    assert gm.regular_matrix(G, 1).nnz == 200_000
    assert time.perf_counter() - t < 20


@pytest.mark.slow
def test_cyclic_million():
    n = 10**6
    G = gm.cyclic(n)
    a, b = RNG.integers(0, n, (2, 2000))
    assert np.array_equal(G.multiply(a, b), (a + b) % n)
    assert np.array_equal(G.inverse[a], (-a) % n)
    assert G.power(3, n // 3) == (3 * (n // 3)) % n
