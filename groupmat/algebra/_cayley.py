"""Word metric of a group: breadth-first search over its Cayley graph.

Everything here works on the generators' right action (a ``(k, n)`` int array, see
:class:`~groupmat.Group`), layer by layer, with no Python loop over elements:
a BFS layer of ``m`` elements is extended by one ``(2k, m)`` gather.

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
    The step form (``ladder``, ``steps``: ``O(n S)`` memory) is built on first use: inverses,
    left multiplication by a letter and conjugation need only the tree (see
    :func:`left_letter_actions`, :func:`inverse_map`).

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
        layers: list[np.ndarray],
    ) -> None:
        self.letter_perms = letter_perms
        self.lengths = lengths
        self.parent = parent
        self.last_letter = last_letter
        self.layers = layers
        self.order = np.concatenate(layers)
        for a in (letter_perms, lengths, parent, last_letter, self.order, *layers):
            a.setflags(write=False)

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
        out = []
        i = int(i)
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
        steps, _, nbits = _steps(self.parent, self.last_letter, self.layers, k)
        ladder = np.empty((nbits, 2 * k + 1, n), dtype=self.letter_perms.dtype)
        ladder[0] = self.letter_perms
        for j in range(1, nbits):
            ladder[j] = np.take_along_axis(ladder[j - 1], ladder[j - 1], axis=1)
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


def _steps(
    parent: np.ndarray, last: np.ndarray, chunks: list[np.ndarray], k: int
) -> tuple[np.ndarray, np.ndarray, int]:
    """Run-length + binary decomposition of all shortest words along the BFS tree, ``O(n S)``."""
    n = parent.size
    run = np.zeros(n, dtype=np.int64)  # length of the final run of one letter
    prefix = np.zeros(n, dtype=np.int64)  # element before that run
    for layer in chunks[1:]:
        p = parent[layer]
        cont = (p != 0) & (last[p] == last[layer])
        run[layer] = np.where(cont, run[p] + 1, 1)
        prefix[layer] = np.where(cont, prefix[p], p)
    nbits = int(run.max()).bit_length() if n > 1 else 1
    popcount = np.zeros(n, dtype=np.int64)
    for j in range(nbits):
        popcount += (run >> j) & 1
    nsteps = np.zeros(n, dtype=np.int64)
    # an element's final run is its own; its prefix has strictly shorter length
    for layer in chunks[1:]:
        nsteps[layer] = nsteps[prefix[layer]] + popcount[layer]
    width = 2 * k + 1
    S = int(nsteps.max()) if n > 1 else 0
    steps = np.full((n, S), k, dtype=np.int16 if nbits * width < 32000 else np.int32)
    for layer in chunks[1:]:
        pre = prefix[layer]
        steps[layer] = steps[pre]
        offset = nsteps[pre].copy()
        letter_col = k + last[layer]
        for j in range(nbits - 1, -1, -1):  # big pieces first
            bit = ((run[layer] >> j) & 1).astype(bool)
            if bit.any():
                steps[layer[bit], offset[bit]] = j * width + letter_col[bit]
                offset[bit] += 1
    return steps, run, nbits


def shortlex_bfs(
    right_action: np.ndarray,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, list[np.ndarray]]:
    """Breadth-first search of the Cayley graph from element 0, layer by layer.

    Returns ``(letter_perms, parent, last_letter, lengths, layers)``: the ``(2k+1, n)`` letter
    permutations, the BFS tree (``g_i = g_{parent[i]} * x_{last_letter[i]}``), the word
    lengths and the layers in shortlex order (their concatenation is :attr:`WordMetric.order`).
    ``O(n k)``; see :func:`word_metric` for the letter order.

    Examples
    --------
    >>> [x.tolist() for x in shortlex_bfs(np.array([[1, 2, 3, 0]]))[4]]
    [[0], [1, 3], [2]]
    """
    from groupmat.algebra._element_arrays import letter_stack

    right = np.asarray(right_action)
    k, n = right.shape
    if n < 2**31:  # int32 halves the memory of the letter (and ladder) permutations
        # letter_stack's layout, written straight into int32 (no int64 temporary)
        letter_perms = np.empty((2 * k + 1, n), dtype=np.int32)
        letter_perms[k + 1 :] = right
        letter_perms[k] = np.arange(n)
        for s in range(k):  # letter -(s + 1): the inverse permutation
            letter_perms[k - 1 - s][right[s]] = letter_perms[k]
    else:
        letter_perms = letter_stack(right)
    letters = list(range(1, k + 1)) + list(range(-1, -k - 1, -1))
    seen_perms: list[np.ndarray] = [np.arange(n)]
    usable = []
    for letter in letters:
        perm = letter_perms[k + letter]
        if any(np.array_equal(perm, p) for p in seen_perms):
            continue
        seen_perms.append(perm)
        usable.append(letter)
    use = np.array(usable, dtype=np.int64)
    rows = (k + use)[:, None]  # gathered per layer: no (letters, n) copy of the moves

    parent = np.full(n, -1, dtype=np.int64)
    last = np.zeros(n, dtype=np.int64)
    length = np.full(n, -1, dtype=np.int64)
    length[0] = 0
    order_chunks = [np.array([0])]
    frontier = np.array([0])
    # first_pos[g]: earliest (node, letter) position reaching g in the current layer; a
    # scatter-minimum instead of sorting the candidates (np.unique), reset after each layer
    first_pos = np.full(n, np.iinfo(np.int64).max, dtype=np.int64)
    depth = 0
    while frontier.size and use.size:
        depth += 1
        cand = letter_perms[rows, frontier[None, :]].T.ravel()  # node-major (node, letter)
        pos = np.flatnonzero(length[cand] < 0)
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
        length[new] = depth
        order_chunks.append(new)
        frontier = new
    if (length < 0).any():
        raise ValueError(
            f"the generators do not reach element {int(np.flatnonzero(length < 0)[0])}: "
            "not a transitive (regular) action"
        )
    return letter_perms, parent, last, length, order_chunks


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
    ``O(n k)`` for the search. The step form used for products (``O(n S)`` with ``S <= L``
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
    letter_perms, parent, last, length, layers = shortlex_bfs(np.asarray(right_action))
    return WordMetric(letter_perms, length, parent, last, layers)


def left_letter_actions(wm: WordMetric, letters: Sequence[int]) -> np.ndarray:
    """Left multiplication by letters: ``out[j, i]`` = index of ``y_j * g_i``, int32.

    ``letters`` are GAP letters (``s + 1`` for generator ``x_s``, ``-(s + 1)`` for its
    inverse). Along the BFS tree of shortest words, ``g = p * x`` gives
    ``y g = (y p) x``, i.e. ``L_y[g] = R_x[L_y[p]]``: one gather per word length for all
    letters at once, ``O(n m)`` time for ``m`` letters and ``(m, n)`` int32 memory, no
    inverses and no step form needed.

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
    (``m = k`` when every generator is an involution), independent of the word lengths.

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
    used = np.unique(wm.last_letter[1:])
    left = left_letter_actions(wm, -used).reshape(-1)
    row_of = np.zeros(2 * k + 1, dtype=np.int64)
    row_of[k + used] = np.arange(used.size) * n
    for layer in wm.layers[1:]:
        inv[layer] = left[row_of[k + wm.last_letter[layer]] + inv[wm.parent[layer]]]
    return inv


def cayley_graph(G: Any) -> nx.DiGraph:
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
    labels = G.labels() if n <= 100_000 else [str(i) for i in range(n)]
    graph.add_nodes_from((i, {"label": labels[i]}) for i in range(n))
    for s, name in enumerate(G.generator_names):
        src = np.arange(n)
        dst = G.right_action[s]
        graph.add_edges_from(
            (u, v, {"generator": name})
            for u, v in zip(src.tolist(), dst.tolist(), strict=True)
            if not graph.has_edge(u, v)
        )
    return graph


def build_cayley_table(G: Any) -> np.ndarray:
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
