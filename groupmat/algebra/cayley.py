"""Word metric of a group: breadth-first search over its Cayley graph.

Everything here works on the generators' right action (a ``(k, n)`` int array, see
:class:`~groupmat.algebra.group.Group`), layer by layer, with no Python loop over elements:
a BFS layer of ``m`` elements is extended by one ``(2k, m)`` gather.

The search yields, for each element, a *shortest word* in the generators and their inverses
(shortlex among words of the same length, generators before inverses), stored as a padded
``(n, L)`` array of GAP-style letters (generator ``s`` is ``s + 1``, its inverse ``-(s + 1)``,
``0`` pads), where ``L`` is the diameter.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:  # pragma: no cover
    import networkx as nx

__all__ = ["WordMetric", "cayley_graph", "word_metric"]


@dataclass(frozen=True)
class WordMetric:
    """Shortest words of all elements.

    Attributes
    ----------
    letter_perms
        ``(2k + 1, n)`` int array; ``letter_perms[k + l]`` is the right action of letter ``l``
        (``l = 0`` is the identity permutation), so ``letter_perms[k + l][i]`` = index of
        ``g_i * x_l``.
    words
        ``(n, L)`` int16 array of letters, zero padded; row ``i`` is a shortest word of ``g_i``.
    lengths
        ``(n,)`` word lengths (the word metric ``|g|``).
    parent, last_letter
        BFS tree: ``g_i = g_{parent[i]} * x_{last_letter[i]}`` (``parent[0] = -1``).
    order
        Elements sorted by BFS discovery (non-decreasing length).
    """

    letter_perms: np.ndarray
    words: np.ndarray
    lengths: np.ndarray
    parent: np.ndarray
    last_letter: np.ndarray
    order: np.ndarray

    @property
    def diameter(self) -> int:
        return int(self.lengths.max()) if self.lengths.size else 0


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
    ``O(n k)`` time, ``O(n (k + L))`` memory. Letters are tried in the order
    ``x_1, ..., x_k, x_1^-1, ..., x_k^-1``; an inverse letter whose permutation equals an earlier
    letter's (involutions, repeated generators) is skipped, so words prefer ``a`` over ``a^-1``.

    Raises
    ------
    ValueError
        If the generators do not generate a transitive action (some element unreachable).

    Examples
    --------
    >>> import numpy as np
    >>> wm = word_metric(np.array([[1, 2, 3, 0]]))   # C4 = <a>
    >>> wm.lengths.tolist(), wm.words[2].tolist()
    ([0, 1, 2, 1], [1, 1])
    """
    from groupmat.algebra.element_arrays import letter_stack

    right = np.asarray(right_action)
    k, n = right.shape
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
    moves = letter_perms[k + use] if use.size else np.zeros((0, n), dtype=right.dtype)

    parent = np.full(n, -1, dtype=np.int64)
    last = np.zeros(n, dtype=np.int64)
    length = np.full(n, -1, dtype=np.int64)
    length[0] = 0
    order_chunks = [np.array([0])]
    frontier = np.array([0])
    depth = 0
    while frontier.size and use.size:
        depth += 1
        cand = moves[:, frontier].T.ravel()  # node-major: (node, letter) pairs in order
        fresh = length[cand] < 0
        if not fresh.any():
            break
        pos = np.flatnonzero(fresh)
        uniq, first = np.unique(cand[pos], return_index=True)
        first_pos = pos[first]
        srt = np.argsort(first_pos, kind="stable")
        new = uniq[srt]
        fp = first_pos[srt]
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
    order = np.concatenate(order_chunks)
    diam = int(length.max())
    words = np.zeros((n, diam), dtype=np.int16)
    for d_ in range(1, diam + 1):
        layer = order_chunks[d_]
        words[layer, : d_ - 1] = words[parent[layer], : d_ - 1]
        words[layer, d_ - 1] = last[layer]
    for a in (letter_perms, words, length, parent, last, order):
        a.setflags(write=False)
    return WordMetric(letter_perms, words, length, parent, last, order)


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
