"""Word metric of a group: breadth-first search over its Cayley graph.

Everything here works on the generators' right action (a ``(k, n)`` int array, see
:class:`~groupmat.Group`) with no Python loop over elements, and none over the layers of the
search either: a cyclic group of order ``n`` has ``n / 2 + 1`` of them. The search itself is
compiled (scipy's breadth-first order, checked); recurrences along the tree of shortest words
(step form, left actions, inverses) go layer by layer when layers are thick, and *run by run*
when they are thin (words grouped by their number of runs of one letter, a run ``x^r`` applied
at once from the cycles of ``x``), so ``C_n`` and ``D_n`` take a few vectorised passes.

The search yields, for each element, a *shortest word* in the generators and their inverses
(shortlex among words of the same length, generators before inverses), as GAP-style letters
(generator ``s`` is ``s + 1``, its inverse ``-(s + 1)``). Words are kept as a BFS tree plus a
compact *step* form (runs of one letter cut into binary powers, see :class:`WordMetric`), never
as an ``(n, L)`` array: in a cyclic group of order ``n`` the diameter ``L`` is ``n / 2``.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cached_property
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:  # pragma: no cover
    import networkx as nx

    from groupmat.algebra._group import Group

#: Recurrences over groups of at least this order show a progress bar on a terminal (their
#: stages can pass a few seconds near ``DEFAULT_MAX_ORDER``; below it they take well under one).
PROGRESS_MIN_ORDER = 2**20

__all__ = [
    "WordMetric",
    "build_cayley_table",
    "cayley_graph",
    "inverse_map",
    "left_letter_actions",
    "shortlex_bfs",
    "word_metric",
]


class WordMetric:
    """Shortest words of all elements: the BFS tree, and on demand a step form for products.

    Every element's shortlex-shortest word ``w`` is cut into runs of one letter
    (``w = x_{l_1}^{m_1} ... x_{l_r}^{m_r}``) and each run into binary pieces
    ``x_l^{2^j}``; the pieces are *steps*, applied with the precomputed permutations of
    ``x_l^{2^j}`` (a power ladder). A word of length ``L`` needs at most ``L`` steps, and far
    fewer when it has long runs (``a^15000`` in a cyclic group is 4 steps, not 15000), so
    products cost ``O(steps)`` gathers and no ``(n, L)`` array of letters is ever stored.
    The step form (``ladder``, ``steps``: ``O(n S)`` memory) is built on first use, run by run
    (``O(n S)`` plus ``O(R log r)`` vectorised passes for words of at most ``R`` runs of length
    at most ``r``): inverses, left multiplication by a letter and conjugation need only the
    tree (see :func:`left_letter_actions`, :func:`inverse_map`).

    Attributes
    ----------
    letter_perms
        ``(2k + 1, n)`` int array; ``letter_perms[k + l]`` is the right action of letter ``l``
        (``l = 0`` is the identity permutation), so ``letter_perms[k + l][i]`` = index of
        ``g_i * x_l``.
    lengths
        ``(n,)`` word lengths (the word metric ``|g|``).
    parent, last_letter
        BFS tree: ``g_i = g_{parent[i]} * x_{last_letter[i]}`` (``parent[0] = -1``).
    order
        Elements sorted in shortlex order of their words (non-decreasing length).
    layers
        ``order`` split by word length: ``layers[d]`` holds the elements of length ``d``.
    ladder
        ``(J * (2k + 1), n)`` permutations: row ``j * (2k + 1) + k + l`` is the right action of
        ``x_l^(2^j)``; the row of ``l = 0`` is the identity (built on first use).
    steps
        ``(n, S)`` int16 codes into ``ladder``; row ``i`` applied left to right from the
        identity gives ``g_i``; padded with the identity code ``k`` (built on first use).
    """

    def __init__(
        self,
        letter_perms: np.ndarray,
        lengths: np.ndarray,
        parent: np.ndarray,
        last_letter: np.ndarray,
        order: np.ndarray | Sequence[np.ndarray],
    ) -> None:
        self.letter_perms = letter_perms
        self.lengths = lengths
        self.parent = parent
        self.last_letter = last_letter
        # the shortlex order, or (as before) its layers
        self.order = np.concatenate(order) if isinstance(order, (list, tuple)) else order
        for a in (letter_perms, lengths, parent, last_letter, self.order):
            a.setflags(write=False)

    @cached_property
    def layers(self) -> list[np.ndarray]:
        """``order`` split by word length (read-only views), built on first use: a cyclic
        group of order ``n`` has ``n / 2 + 1`` layers."""
        return _split_layers(self.order, self.lengths)

    @cached_property
    def _runs(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """``(run, prefix, nruns)``: the length of the final run of one letter of each
        shortest word, the element before that run, and the number of runs. ``g_i`` is
        ``g_{prefix[i]} * x_{last_letter[i]}^{run[i]}``, and ``prefix[i]`` has one run fewer.
        Pointer jumping along the tree, ``O(n log L)``, no Python step per layer."""
        n = self.lengths.size
        par = self.parent.copy()
        if n:
            par[0] = 0
        last = self.last_letter
        cont = (par != 0) & (last[par] == last)  # the run of the parent goes on
        # first element of the final run: the root of a forest of paths (one per run)
        start = _forest_roots(np.where(cont, par, np.arange(n)))
        run = self.lengths - self.lengths[start] + 1
        prefix = par[start]
        if n:
            run[0] = 0
        nruns = _chain_sums(prefix, (np.arange(n) != 0).astype(np.int64))
        for a in (run, prefix, nruns):
            a.setflags(write=False)
        return run, prefix, nruns

    @cached_property
    def _run_groups(self) -> list[np.ndarray]:
        """Elements grouped by number of runs (``groups[c]``: the words of ``c`` runs);
        the prefix of an element of group ``c`` lies in group ``c - 1``."""
        nruns = self._runs[2]
        by = np.argsort(nruns, kind="stable")
        return np.split(by, np.flatnonzero(np.diff(nruns[by])) + 1)

    def _prefer_runs(self) -> bool:
        """Whether recurrences along the tree should go run by run (few runs, many layers:
        cyclic and dihedral-like groups) rather than layer by layer."""
        layers = self.diameter + 1
        # a layer costs a few vectorised calls (~20 us), an element a few gathers more on
        # the run path (cycle listings, powers): runs pay off for thin layers only
        thin = layers > 32 and self.lengths.size < 32 * layers
        return thin and layers > 2 * (int(self._runs[2].max()) + 1)

    def __repr__(self) -> str:
        return f"WordMetric(n={self.lengths.size}, k={self.num_letters}, diameter={self.diameter})"

    @property
    def diameter(self) -> int:
        return int(self.lengths.max()) if self.lengths.size else 0

    @property
    def num_letters(self) -> int:
        """``k``, the number of generators."""
        return (self.letter_perms.shape[0] - 1) // 2

    def word(self, i: int) -> tuple[int, ...]:
        """The shortest word of element ``i`` as GAP letters (``O(|g_i|)``, walking the tree)."""
        from groupmat.algebra._validate import as_int

        out = []
        i = as_int(i, "element index")
        if not 0 <= i < self.lengths.size:
            from groupmat.errors import NotAnElementError

            raise NotAnElementError(
                f"element index {i} out of range for a group of order {self.lengths.size} "
                f"(indices 0..{self.lengths.size - 1})"
            )
        while i > 0:
            out.append(int(self.last_letter[i]))
            i = int(self.parent[i])
        return tuple(reversed(out))

    @cached_property
    def _step_form(self) -> tuple[np.ndarray, np.ndarray]:
        k = self.num_letters
        n = self.lengths.size
        bar = _bar(n, 2, "shortest words: step form")
        try:
            steps, nbits = _steps(self)
            bar.update()
            ladder = np.empty((nbits, 2 * k + 1, n), dtype=self.letter_perms.dtype)
            ladder[0] = self.letter_perms
            for j in range(1, nbits):
                for x, (row, prev) in enumerate(zip(ladder[j], ladder[j - 1], strict=True)):
                    if x == k:  # the identity
                        row[:] = prev
                    else:  # x^(2^j) = x^(2^(j-1)) x^(2^(j-1))
                        np.take(prev, prev, out=row)
            bar.update()
        finally:
            bar.close()
        ladder = ladder.reshape(nbits * (2 * k + 1), n)
        ladder.setflags(write=False)
        steps.setflags(write=False)
        return ladder, steps

    @property
    def ladder(self) -> np.ndarray:
        return self._step_form[0]

    @property
    def steps(self) -> np.ndarray:
        return self._step_form[1]

    def inverse_codes(self, codes: np.ndarray) -> np.ndarray:
        """Ladder codes of the inverse pieces ``x_{-l}^(2^j)`` of ``codes`` (same shape and
        dtype as ``codes``: no wider temporary)."""
        width = 2 * self.num_letters + 1
        codes = np.asarray(codes)
        lk = codes % width
        return codes - lk + (width - 1 - lk)


def _steps(wm: WordMetric) -> tuple[np.ndarray, int]:
    """Run-length + binary decomposition of all shortest words, ``(steps, nbits)``.

    An element's steps are its prefix's steps followed by the binary pieces of its final run
    (big pieces first), so the rows are filled group by group of equal number of runs
    (:attr:`WordMetric._run_groups`), ``O(n S)`` with one vectorised pass per (group, bit):
    a cyclic group (one run per word) is a single group however long its words are.
    """
    k = wm.num_letters
    run, prefix, _ = wm._runs
    n = run.size
    last = wm.last_letter
    nbits = int(run.max()).bit_length() if n > 1 else 1
    popcount = np.zeros(n, dtype=np.int64)
    for j in range(nbits):
        popcount += (run >> j) & 1
    # an element's final run is its own; its prefix has one run fewer
    nsteps = _chain_sums(prefix, popcount)
    width = 2 * k + 1
    S = int(nsteps.max()) if n > 1 else 0
    steps = np.full((n, S), k, dtype=np.int16 if nbits * width < 32000 else np.int32)
    flat = steps.reshape(-1)
    for c, group in enumerate(wm._run_groups[1:], start=1):
        pre = prefix[group]
        if c > 1:  # the prefixes of one-run words are the identity: already padding
            steps[group] = steps[pre]
        where = group * S + nsteps[pre]  # flat position of each element's next piece
        col = k + last[group]
        r = run[group]
        for j in range(nbits - 1, -1, -1):  # big pieces first
            idx = np.flatnonzero((r >> j) & 1)
            if idx.size:
                w = where[idx]
                flat[w] = col[idx] + j * width
                where[idx] = w + 1
    return steps, nbits


def _bar(n: int, total: int, desc: str, unit: str = "stage", min_order: int = 0) -> Any:
    """A progress bar over ``total`` units, on a terminal only and for groups of order at least
    ``min_order`` (default :data:`PROGRESS_MIN_ORDER`): smaller ones finish before a bar is
    worth drawing."""
    from groupmat.algebra.matrices._progress import progress_bar

    enabled = None if n >= (min_order or PROGRESS_MIN_ORDER) else False
    return progress_bar(total=total, desc=desc, unit=unit, enabled=enabled)


def _letter_permutations(right: np.ndarray) -> np.ndarray:
    """The ``(2k + 1, n)`` letter permutations (layout of :attr:`WordMetric.letter_perms`)."""
    from groupmat.algebra._element_arrays import letter_stack

    k, n = right.shape
    if n >= 2**31:
        return letter_stack(right)
    # int32 halves the memory of the letter (and ladder) permutations; letter_stack's layout,
    # written straight into int32 (no int64 temporary)
    letter_perms = np.empty((2 * k + 1, n), dtype=np.int32)
    letter_perms[k + 1 :] = right
    letter_perms[k] = np.arange(n)
    for s in range(k):  # letter -(s + 1): the inverse permutation
        letter_perms[k - 1 - s][right[s]] = letter_perms[k]
    return letter_perms


def _usable_letters(letter_perms: np.ndarray, k: int) -> np.ndarray:
    """Letters in search order ``1..k, -1..-k``, skipping one whose permutation repeats an
    earlier one (or the identity)."""
    seen_perms: list[np.ndarray] = [letter_perms[k]]
    usable = []
    for letter in [*range(1, k + 1), *range(-1, -k - 1, -1)]:
        perm = letter_perms[k + letter]
        if any(np.array_equal(perm, p) for p in seen_perms):
            continue
        seen_perms.append(perm)
        usable.append(letter)
    return np.array(usable, dtype=np.int64)


def _unreachable(reached: np.ndarray) -> ValueError:
    return ValueError(
        f"the generators do not reach element {int(np.flatnonzero(~reached)[0])}: "
        "not a transitive (regular) action"
    )


def _forest_roots(anc: np.ndarray, rounds: int = 6) -> np.ndarray:
    """``out[v]``: the root above ``v`` in the forest ``v -> anc[v]`` (roots: ``anc[r] == r``).

    A few rounds of pointer jumping (enough for trees of depth ``2^rounds``), else the
    connected components of the forest (scipy, compiled), each holding exactly one root:
    ``O(n)`` whatever the depth.
    """
    n = anc.size
    anc = anc.astype(np.int32 if n < 2**31 else np.int64)
    for _ in range(rounds):
        up = anc[anc]
        if np.array_equal(up, anc):
            return anc.astype(np.int64)
        anc = up
    from scipy.sparse import csr_matrix
    from scipy.sparse.csgraph import connected_components

    graph = csr_matrix((np.ones(n), anc, np.arange(n + 1)), shape=(n, n))
    ncomp, label = connected_components(graph, directed=True, connection="weak")
    roots = np.flatnonzero(anc == np.arange(n))
    root_of = np.empty(ncomp, dtype=np.int64)
    root_of[label[roots]] = roots
    return root_of[label]


def _chain_sums(anc: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """``out[v] = w[v] + w[anc[v]] + w[anc[anc[v]]] + ...`` up to a root (``anc[r] == r``,
    ``w[r] == 0``), by pointer jumping: ``O(n log D)`` for chains of length ``D``, with no
    Python loop over the chain (a path of ``n / 2`` nodes takes 19 vectorised rounds at
    ``n = 10^6``). ``weights`` may be ``(n,)`` or ``(n, c)`` (``c`` sums at once)."""
    # invariant: out[v] sums w over the path from v (included) to anc[v] (excluded); updating
    # every node (not only unfinished ones) is correct since roots have weight 0, and cheaper
    anc = anc.astype(np.int32 if anc.size < 2**31 else np.int64)
    out = weights.astype(np.int64, copy=True)
    up = anc[anc]
    while not np.array_equal(up, anc):
        out += out[anc]
        anc = up
        up = anc[anc]
    return out


def _search_in_c(
    letter_perms: np.ndarray, k: int, use: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray] | None:
    """First-in-first-out search by scipy's compiled breadth-first order, then checked.

    A FIFO search that expands each node's letters in order ``use`` visits the nodes exactly in
    the shortlex order of :func:`shortlex_bfs` (layer after layer, each layer in order of first
    appearance of its ``(node, letter)`` positions). The result is *checked* rather than trusted
    (``O(n m)``, vectorised): every node's tree edge must be the first of its incoming edges in
    ``(rank of source, letter)`` order, with the source earlier, and these keys must increase
    along the order; these conditions determine the FIFO order uniquely. Returns
    ``(order, parent, last_letter, lengths)``, or ``None`` if the check fails (the caller then
    searches layer by layer).
    """
    from scipy.sparse import csr_matrix
    from scipy.sparse.csgraph import breadth_first_order

    n, m = letter_perms.shape[1], use.size
    targets = np.ascontiguousarray(letter_perms[k + use].T).reshape(-1)  # node-major
    graph = csr_matrix((np.ones(n * m), targets, np.arange(0, n * m + 1, m)), shape=(n, n))
    order, pred = breadth_first_order(graph, 0, directed=True, return_predecessors=True)
    if order.size < n:
        reached = np.zeros(n, dtype=bool)
        reached[order] = True
        raise _unreachable(reached)
    order = order.astype(np.int64)
    rank = np.empty(n, dtype=np.int64)
    rank[order] = np.arange(n)
    v = order[1:]
    par = pred[v].astype(np.int64)
    if (par < 0).any() or (rank[par] >= np.arange(1, n)).any():
        return None
    li = np.full(n - 1, -1, dtype=np.int64)
    for j in range(m - 1, -1, -1):  # the letter of each tree edge (distinct perms: unique)
        li[letter_perms[k + use[j]][par] == v] = j
    if (li < 0).any():
        return None
    key = rank[par] * m + li
    if (np.diff(key) <= 0).any():
        return None
    for j in range(m):  # the edge u -> v by letter j has u = v * x_j^-1
        if (rank[letter_perms[k - use[j]][v]] * m + j < key).any():
            return None
    parent = np.full(n, -1, dtype=np.int64)
    parent[v] = par
    last = np.zeros(n, dtype=np.int64)
    last[v] = use[li]
    # word lengths: the depths in the tree. The last node is a deepest one: if its depth is at
    # most 256 (a few scalar steps tell), pointer jumping (<= 8 vectorised rounds); else
    # scipy's compiled shortest paths (long thin groups: C_n has depth n / 2)
    node, depth = int(order[-1]), 0
    while node > 0 and depth <= 256:
        node, depth = int(parent[node]), depth + 1
    if node == 0:
        anc = parent.copy()
        anc[0] = 0
        lengths = _chain_sums(anc, (np.arange(n) != 0).astype(np.int64))
    else:
        from scipy.sparse.csgraph import dijkstra

        lengths = dijkstra(graph, directed=True, indices=0, unweighted=True).astype(np.int64)
        if not np.array_equal(lengths[v], lengths[par] + 1):  # pragma: no cover - defensive
            return None
    return order, parent, last, lengths


def _search_by_layers(
    letter_perms: np.ndarray, k: int, use: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """The same search, one vectorised gather per layer (``O(n m)`` plus ``O(L)`` Python
    steps); the fallback of :func:`_search_in_c`. Returns ``(order, parent, last_letter,
    lengths)``."""
    n = letter_perms.shape[1]
    rows = (k + use)[:, None]  # gathered per layer: no (letters, n) copy of the moves
    parent = np.full(n, -1, dtype=np.int64)
    last = np.zeros(n, dtype=np.int64)
    lengths = np.zeros(n, dtype=np.int64)
    seen = np.zeros(n, dtype=bool)
    seen[0] = True
    order_chunks = [np.array([0], dtype=np.int64)]
    frontier = np.array([0])
    # first_pos[g]: earliest (node, letter) position reaching g in the current layer; a
    # scatter-minimum instead of sorting the candidates (np.unique), reset after each layer
    first_pos = np.full(n, np.iinfo(np.int64).max, dtype=np.int64)
    while frontier.size and use.size:
        cand = letter_perms[rows, frontier[None, :]].T.ravel()  # node-major (node, letter)
        pos = np.flatnonzero(~seen[cand])
        if not pos.size:
            break
        hit = cand[pos]
        np.minimum.at(first_pos, hit, pos)
        is_first = first_pos[hit] == pos
        new = hit[is_first].astype(np.int64)  # in order of first appearance
        fp = pos[is_first]
        first_pos[new] = np.iinfo(np.int64).max
        parent[new] = frontier[fp // use.size]
        last[new] = use[fp % use.size]
        seen[new] = True
        lengths[new] = len(order_chunks)
        order_chunks.append(new)
        frontier = new
    if not seen.all():
        raise _unreachable(seen)
    return np.concatenate(order_chunks), parent, last, lengths


def _shortlex_search(
    right: np.ndarray,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """``(letter_perms, parent, last_letter, lengths, order)``, see :func:`shortlex_bfs`."""
    k, n = right.shape
    letter_perms = _letter_permutations(right)
    use = _usable_letters(letter_perms, k)
    if n <= 1:
        zero = np.zeros(n, np.int64)
        found = zero, np.full(n, -1, np.int64), zero.copy(), zero.copy()
    elif not use.size:
        raise _unreachable(np.arange(n) == 0)
    else:
        found = _search_in_c(letter_perms, k, use) or _search_by_layers(letter_perms, k, use)
    order, parent, last, lengths = found
    return letter_perms, parent, last, lengths, order


def shortlex_bfs(
    right_action: np.ndarray,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, list[np.ndarray]]:
    """Breadth-first search of the Cayley graph from element 0, in shortlex order.

    Returns ``(letter_perms, parent, last_letter, lengths, layers)``: the ``(2k+1, n)`` letter
    permutations, the BFS tree (``g_i = g_{parent[i]} * x_{last_letter[i]}``), the word
    lengths and the layers in shortlex order (their concatenation is :attr:`WordMetric.order`).
    See :func:`word_metric` for the letter order.

    Notes
    -----
    ``O(n k)``: one compiled first-in-first-out search (scipy), checked in ``O(n k)``
    vectorised steps, and word lengths by pointer jumping (``O(n log L)``). No Python step per
    layer, so a cyclic group of order ``10^6`` (``5 * 10^5`` layers) takes well under a second.

    Examples
    --------
    >>> [x.tolist() for x in shortlex_bfs(np.array([[1, 2, 3, 0]]))[4]]
    [[0], [1, 3], [2]]
    """
    letter_perms, parent, last, lengths, order = _shortlex_search(np.asarray(right_action))
    return letter_perms, parent, last, lengths, _split_layers(order, lengths)


def _split_layers(order: np.ndarray, lengths: np.ndarray) -> list[np.ndarray]:
    cuts = np.flatnonzero(np.diff(lengths[order])) + 1
    return np.split(order, cuts)


def word_metric(right_action: np.ndarray) -> WordMetric:
    """Breadth-first search of the Cayley graph from the identity (element 0).

    Parameters
    ----------
    right_action
        ``(k, n)`` int array: ``right_action[s, i]`` = index of ``g_i * x_s``.

    Returns
    -------
    WordMetric

    Notes
    -----
    ``O(n k)`` for the search (compiled, with no Python step per layer) and ``O(n log L)`` at
    most for the word lengths. The step form used for products (``O(n S)`` with ``S <= L``
    steps per word, ``O(log L)`` for words made of a few long runs, and ``O(n k log L)`` for the
    power ladder) is built on first use.
    Letters are tried in the order ``x_1, ..., x_k, x_1^-1, ..., x_k^-1``; an inverse letter
    whose permutation equals an earlier letter's (involutions, repeated generators) is skipped,
    so words prefer ``a`` over ``a^-1``.

    Raises
    ------
    ValueError
        If the generators do not generate a transitive action (some element unreachable).

    Examples
    --------
    >>> import numpy as np
    >>> wm = word_metric(np.array([[1, 2, 3, 0]]))   # C4 = <a>
    >>> wm.lengths.tolist(), wm.word(2), wm.word(3)
    ([0, 1, 2, 1], (1, 1), (-1,))
    """
    letter_perms, parent, last, lengths, order = _shortlex_search(np.asarray(right_action))
    return WordMetric(letter_perms, lengths, parent, last, order)


def left_letter_actions(wm: WordMetric, letters: Sequence[int]) -> np.ndarray:
    """Left multiplication by letters: ``out[j, i]`` = index of ``y_j * g_i``, int32.

    ``letters`` are GAP letters (``s + 1`` for generator ``x_s``, ``-(s + 1)`` for its
    inverse). Along the BFS tree of shortest words, ``g = p * x`` gives
    ``y g = (y p) x``, i.e. ``L_y[g] = R_x[L_y[p]]``: one gather per word length for all
    letters at once, ``O(n m)`` time for ``m`` letters and ``(m, n)`` int32 memory, no
    inverses and no step form needed. When the layers are thin (many more word lengths than
    runs per word, as in cyclic and dihedral groups) the same recurrence goes run by run,
    ``g = p x^r`` giving ``L_y[g] = R_x^r[L_y[p]]`` with ``R_x^r`` read off the cycles of
    ``R_x`` (``O(n k)`` once, then ``O(1)`` per point): one vectorised pass per number of runs.

    Examples
    --------
    >>> from groupmat import Group
    >>> G = Group.from_permutations([[1, 2, 0], [1, 0, 2]])   # S3 = <a, b>
    >>> a, b = G.generators
    >>> bL = left_letter_actions(G.word_metric, [2])[0]      # g -> b * g
    >>> bL.tolist() == [G.multiply(b, g) for g in range(6)]
    True
    >>> bL.tolist() == G.right_action[1].tolist()            # g -> g * b differs
    False
    """
    k = wm.num_letters
    lp = wm.letter_perms
    n = lp.shape[1]
    ys = np.asarray(list(letters), dtype=np.int64).reshape(-1)
    if ys.size and (np.abs(ys).max() > k):
        raise ValueError(f"letters must lie in -{k}..{k}, got {ys.tolist()}")
    out = np.empty((ys.size, n), dtype=np.int32)
    if not ys.size or not n:
        return out
    out[:, 0] = lp[k + ys, 0]  # y * 1 = y
    if wm._prefer_runs():
        # g = p * x^r (p: the prefix, one run fewer) gives L_y[g] = R_x^r[L_y[p]]
        bar = _bar(n, 2, "left multiplication by letters")
        try:
            run, prefix, _ = wm._runs
            gens, slot = _run_generators(wm)
            powers = _CyclePowers(lp[k + 1 + gens])
            bar.update()
            for group in wm._run_groups[1:]:
                x = wm.last_letter[group]
                e = np.sign(x) * run[group]
                out[:, group] = powers(slot[np.abs(x)], e, out[:, prefix[group]])
            bar.update()
        finally:
            bar.close()
        return out
    flat = lp.reshape(-1)
    for layer in wm.layers[1:]:
        row = (k + wm.last_letter[layer]) * n  # (m_layer,) offsets of R_x
        out[:, layer] = flat[row[None, :] + out[:, wm.parent[layer]]]
    return out


def inverse_map(wm: WordMetric) -> np.ndarray:
    """``(n,)`` int64 array: ``inv[i]`` = index of ``g_i^-1``, along the BFS tree.

    ``g = p * x`` gives ``g^-1 = x^-1 * p^-1``: with the left actions ``L_{x^-1}`` of the
    inverses of the letters used by the tree (:func:`left_letter_actions`), one gather per
    word length: ``O(n m)`` time and ``(m, n)`` int32 memory for the ``m <= 2k`` letters
    (``m = k`` when every generator is an involution), independent of the word lengths. With
    thin layers, run by run instead: ``g = p x^r`` gives ``g^-1 = L_x^-r[p^-1]``, powers of the
    generators' left actions from their cycles, one vectorised pass per number of runs.

    Examples
    --------
    >>> import numpy as np
    >>> inverse_map(word_metric(np.array([[1, 2, 3, 0]]))).tolist()   # C4 = <a>
    [0, 3, 2, 1]
    """
    n = wm.lengths.size
    inv = np.zeros(n, dtype=np.int64)
    if n <= 1:
        return inv
    k = wm.num_letters
    if wm._prefer_runs():
        # g = p * x^r gives g^-1 = x^-r * p^-1 = L_x^-r[p^-1]: powers of the generators' left
        # actions, one vectorised step per number of runs
        bar = _bar(n, 2, "inverses")
        try:
            run, prefix, _ = wm._runs
            gens, slot = _run_generators(wm)
            powers = _CyclePowers(left_letter_actions(wm, gens + 1))
            bar.update()
            for group in wm._run_groups[1:]:
                x = wm.last_letter[group]
                inv[group] = powers(slot[np.abs(x)], -np.sign(x) * run[group], inv[prefix[group]])
            bar.update()
        finally:
            bar.close()
        return inv
    used = np.flatnonzero(np.bincount(k + wm.last_letter[1:], minlength=2 * k + 1)) - k
    left = left_letter_actions(wm, -used).reshape(-1)
    row_of = np.zeros(2 * k + 1, dtype=np.int64)
    row_of[k + used] = np.arange(used.size) * n
    for layer in wm.layers[1:]:
        inv[layer] = left[row_of[k + wm.last_letter[layer]] + inv[wm.parent[layer]]]
    return inv


def _run_generators(wm: WordMetric) -> tuple[np.ndarray, np.ndarray]:
    """The generators ``s`` (0-based) whose letters occur in the tree, and ``slot[s + 1]``:
    the position of generator ``s`` among them."""
    gens = np.flatnonzero(np.bincount(np.abs(wm.last_letter[1:]), minlength=1)) - 1
    gens = gens[gens >= 0]
    slot = np.zeros(wm.num_letters + 1, dtype=np.int64)
    slot[gens + 1] = np.arange(gens.size)
    return gens, slot


class _CyclePowers:
    """Any powers ``P_s^e`` of a few permutations ``P_s`` of ``0..n-1``, from their cycles.

    Each permutation's points are listed cycle after cycle, each cycle in the order
    ``c, P(c), P^2(c), ...``; then ``P^e(v)`` is the point ``e`` places after ``v`` in its
    cycle, ``O(1)`` per point for any ``e`` (negative too). The listing is one compiled
    search (scipy) along a single path through all points (the last point of each cycle is
    redirected to the first point of the next cycle), ``O(n)`` per permutation, ``4 n``
    integers of memory.

    Examples
    --------
    >>> cp = _CyclePowers(np.array([[1, 2, 0, 4, 3]]))   # (0 1 2)(3 4)
    >>> cp(np.zeros(5, np.int64), np.array([1, 2, -1, 3, 3]), np.arange(5)).tolist()
    [1, 0, 1, 4, 3]
    """

    def __init__(self, perms: np.ndarray) -> None:
        from scipy.sparse import csr_matrix
        from scipy.sparse.csgraph import breadth_first_order, connected_components

        perms = np.asarray(perms)
        c, n = perms.shape
        self.n = n
        dtype = np.int32 if c * n < 2**31 else np.int64
        self.seq = np.empty(c * n, dtype=dtype)  # points, cycle after cycle
        self.start = np.empty(c * n, dtype=dtype)  # position of the first point of the cycle
        self.offset = np.empty(c * n, dtype=dtype)  # position in the cycle
        self.length = np.empty(c * n, dtype=dtype)  # cycle length
        ar = np.arange(n)
        for s, perm in enumerate(perms):
            perm = perm.astype(np.int64)

            def graph(targets: np.ndarray) -> Any:
                return csr_matrix((np.ones(n), targets, np.arange(n + 1)), shape=(n, n))

            ncyc, label = connected_components(graph(perm), directed=True, connection="weak")
            first = np.empty(ncyc, dtype=np.int64)
            first[label] = ar  # any point of each cycle
            before = np.empty(n, dtype=np.int64)
            before[perm] = ar
            path = perm.copy()
            path[before[first]] = np.roll(first, -1)  # close each cycle onto the next
            seq = breadth_first_order(
                graph(path), int(first[0]), directed=True, return_predecessors=False
            )
            if seq.size != n:  # pragma: no cover - a path through all points by construction
                raise RuntimeError("cycle listing failed")
            pos = np.empty(n, dtype=np.int64)
            pos[seq] = ar
            start = pos[first][label]
            block = slice(s * n, (s + 1) * n)
            self.seq[block] = seq
            self.start[block] = start + s * n
            self.offset[block] = pos - start
            self.length[block] = np.bincount(label, minlength=ncyc)[label]

    def __call__(self, which: np.ndarray, e: np.ndarray, v: np.ndarray) -> np.ndarray:
        """``P_which^e(v)`` elementwise (broadcast), as ``v``'s dtype."""
        idx = np.asarray(which, dtype=np.int64) * self.n + v
        pos = self.offset[idx] + np.mod(np.asarray(e, dtype=np.int64), self.length[idx])
        pos %= self.length[idx]
        return self.seq[self.start[idx] + pos].astype(np.asarray(v).dtype, copy=False)


def cayley_graph(G: Group) -> nx.DiGraph:
    """Right Cayley graph of ``G``: nodes ``0..n-1`` (attribute ``label``), an edge
    ``g -> g * x`` for each generator ``x`` (attribute ``generator``: its name).

    A generator that appears twice, or the identity as a generator, still gets its own edges
    (a ``MultiDiGraph`` is not needed: parallel edges of different generators would collide, so
    the attribute keeps the first generator; use ``G.right_action`` for the exact multigraph).

    Examples
    --------
    >>> from groupmat import cyclic
    >>> g = cyclic(4).cayley_graph()
    >>> g.number_of_nodes(), g.number_of_edges(), g.edges[0, 1]["generator"]
    (4, 4, 'a')
    """
    import networkx as nx

    graph = nx.DiGraph()
    n = G.order
    right = G.right_action
    # in a regular action g x = g y for one g iff x = y: two generators share either all
    # their edges or none, so a repeated generator is skipped whole (no per-edge check)
    gens = [
        (s, name)
        for s, name in enumerate(G.generator_names)
        if not any(np.array_equal(right[s], right[t]) for t in range(s))
    ]
    # networkx costs about a microsecond per node and per edge: a bar from 2^17 elements
    bar = _bar(n, n * (1 + len(gens)), "Cayley graph", unit="item", min_order=2**17)
    try:
        labels = G.labels() if n <= 100_000 else [str(i) for i in range(n)]
        step = 2**16
        for lo in range(0, n, step):
            hi = min(n, lo + step)
            graph.add_nodes_from(
                zip(range(lo, hi), ({"label": label} for label in labels[lo:hi]), strict=True)
            )
            bar.update(hi - lo)
        for s, name in gens:
            for lo in range(0, n, step):
                hi = min(n, lo + step)
                edges = zip(range(lo, hi), right[s, lo:hi].tolist(), strict=True)
                graph.add_edges_from(edges, generator=name)
                bar.update(hi - lo)
    finally:
        bar.close()
    return graph


def build_cayley_table(G: Group) -> np.ndarray:
    """The Cayley table of ``G`` (``table[i, j]`` = index of ``g_i * g_j``), read-only int32.

    One row per element, along shortest words read from the left: if ``g_i = y * g_q``
    (``y = x^(2^j)`` the first piece of the step form of the shortlex word of ``g_i``, ``g_q``
    the rest, a strictly shorter element) then row ``i`` (left multiplication by ``g_i``) is
    ``L_y`` applied to row ``q``, where ``L_y[g] = inv[R_{y^-1}[inv[g]]]``. One vectorised
    gather per block of (length, first piece), written into contiguous slices, then one row
    permutation if the element numbering is not that order: ``O(n^2)`` time and memory (no
    size guard here: :meth:`Group.cayley_table` has it).

    Examples
    --------
    >>> from groupmat import cyclic
    >>> build_cayley_table(cyclic(3)).tolist()
    [[0, 1, 2], [1, 2, 0], [2, 0, 1]]
    """
    n = G.order
    wm = G.word_metric
    inv = G.inverse
    steps = wm.steps
    first = steps[:, 0].astype(np.int64) if steps.shape[1] else np.zeros(n, np.int64)
    suffix = np.zeros(n, dtype=np.int64)  # element of the steps after the first
    for pos in range(1, steps.shape[1]):
        suffix = wm.ladder[steps[:, pos], suffix]
    # process rows by (word length, first step): suffixes are strictly shorter, so done
    order = np.lexsort((first, wm.lengths))
    rank = np.empty(n, dtype=np.int64)
    rank[order] = np.arange(n)
    key = wm.lengths[order] * wm.ladder.shape[0] + first[order]
    cuts = np.flatnonzero(np.diff(key)) + 1
    table = np.empty((n, n), dtype=np.int32)  # row p = row of element order[p]
    table[0] = np.arange(n, dtype=np.int32)
    inv_first = wm.inverse_codes(first)
    for a, b in zip(np.r_[1, cuts[cuts > 1]], np.r_[cuts[cuts > 1], n], strict=True):
        if a < b:
            elem = order[a]
            # left action of the piece y: index of y * g_j = inv[R_{y^-1}[inv[j]]]
            left = inv[wm.ladder[inv_first[elem]][inv]].astype(np.int32)
            table[a:b] = left[table[rank[suffix[order[a:b]]]]]
    if not np.array_equal(order, np.arange(n)):
        table = table[rank]
    table.setflags(write=False)
    return table
