"""Vectorised products, conjugation and orbits on index arrays of a :class:`~groupmat.Group`.

Elements are indices ``0..n-1`` (identity 0). Nothing here forms the Cayley table: a product
with one fixed element ``h`` is a short chain of gathers along a shortest word of ``h``
(``O(m |h|)`` for ``m`` entries), using the letter permutations of
:attr:`Group.word_metric <groupmat.Group.word_metric>` (``letter_perms[k + l]`` is the right
action of letter ``l`` in ``-k..k``). Orbits of a few permutations of ``0..n-1`` (cosets,
double cosets, conjugacy classes) are weakly connected components (scipy's ``csgraph``),
numbered by first appearance in index order.

References
----------
D. F. Holt, B. Eick, E. A. O'Brien, *Handbook of Computational Group Theory*, CRC 2005,
sections 4.1 (orbits) and 3.3 (cosets).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:  # pragma: no cover
    from numpy.typing import ArrayLike

    from groupmat.algebra._group import Group
    from groupmat.algebra._subgroup import Subgroup

__all__ = [
    "bfs_layers",
    "conjugate_by",
    "double_coset_labels",
    "left_multiply",
    "letter_stack",
    "right_multiply",
]


# ------------------------------------------------------------------ products
def _word_steps(G: Group, h: int) -> np.ndarray:
    """Ladder codes of the step form of a shortest word of ``h`` (see ``WordMetric``)."""
    wm = G.word_metric
    st = wm.steps[h]
    return st[st != wm.num_letters]


def right_multiply(G: Group, a: ArrayLike, h: int) -> np.ndarray:
    """Indices of ``g_a * g_h`` for an index array ``a`` and one element ``h``.

    One gather per step of a shortest word of ``h`` (runs of one letter cut into binary
    powers): ``O(m S)`` for ``m`` entries, ``S <= |h|`` steps.

    Examples
    --------
    >>> from groupmat import Group
    >>> G = Group.from_permutations([[1, 2, 3, 0]])
    >>> right_multiply(G, [0, 1, 2, 3], 1).tolist()
    [1, 3, 0, 2]
    """
    ladder = G.word_metric.ladder
    res = np.asarray(a, dtype=np.int64)
    for code in _word_steps(G, int(h)):
        res = ladder[int(code)][res]
    return res.astype(np.int64, copy=False)


def left_multiply(G: Group, a: ArrayLike, h: int) -> np.ndarray:
    """Indices of ``g_h * g_a`` for an index array ``a``: ``h g = (g^-1 h^-1)^-1``, ``O(m |h|)``.

    Examples
    --------
    >>> from groupmat import Group
    >>> G = Group.from_permutations([[1, 2, 0], [1, 0, 2]])
    >>> a, b = G.generators
    >>> int(left_multiply(G, [b], a)[0]) == G.multiply(a, b)
    True
    """
    inv = G.inverse
    return inv[right_multiply(G, inv[np.asarray(a, dtype=np.int64)], int(inv[int(h)]))]


def conjugate_by(G: Group, a: ArrayLike, x: int) -> np.ndarray:
    """Indices of ``x^-1 g_a x`` (GAP's ``g^x``) for an index array ``a``, ``O(m |x|)``.

    Examples
    --------
    >>> from groupmat import Group
    >>> G = Group.from_permutations([[1, 2, 0], [1, 0, 2]])
    >>> a, b = G.generators
    >>> int(conjugate_by(G, [a], b)[0]) == int(G.inverse[a])
    True
    """
    inv = G.inverse
    y = inv[right_multiply(G, inv[np.asarray(a, dtype=np.int64)], x)]  # x^-1 g
    return right_multiply(G, y, x)


def _right_perms(G: Group, hs: Sequence[int]) -> list[np.ndarray]:
    """The permutations ``g -> g h`` of ``0..n-1``, one per distinct ``h``, ``O(n sum |h|)``."""
    ar = np.arange(G.order, dtype=np.int64)
    return [right_multiply(G, ar, h) for h in dict.fromkeys(hs)]


def _left_perms(G: Group, hs: Sequence[int]) -> list[np.ndarray]:
    """The permutations ``g -> h g`` of ``0..n-1``, one per distinct ``h``, ``O(n sum |h|)``."""
    ar = np.arange(G.order, dtype=np.int64)
    return [left_multiply(G, ar, h) for h in dict.fromkeys(hs)]


# ------------------------------------------------------------------ words and letters
def bfs_layers(G: Group) -> list[np.ndarray]:
    """Elements grouped by word length: ``layers[d]`` holds the elements of length ``d``, in
    breadth-first order (so each element's BFS parent lies in ``layers[d - 1]``). ``O(n)``.

    Examples
    --------
    >>> from groupmat import Group
    >>> [x.tolist() for x in bfs_layers(Group.from_permutations([[1, 2, 3, 0]]))]
    [[0], [1, 2], [3]]
    """
    wm = G.word_metric
    lengths = wm.lengths[wm.order]
    return np.split(wm.order, np.searchsorted(lengths, np.arange(1, wm.diameter + 1)))


def letter_stack(perms: np.ndarray) -> np.ndarray:
    """``(2k+1, m)`` letter permutations from ``k`` permutations of ``0..m-1``: row ``k + l`` is
    letter ``l`` (row ``k`` the identity, negative letters the inverses), the layout of
    ``WordMetric.letter_perms``. ``O(k m)``.

    Examples
    --------
    >>> letter_stack(np.array([[1, 2, 0]])).tolist()
    [[2, 0, 1], [0, 1, 2], [1, 2, 0]]
    """
    perms = np.asarray(perms, dtype=np.int64)
    m = perms.shape[1]
    inv = np.empty_like(perms)
    np.put_along_axis(inv, perms, np.arange(m)[None, :], axis=1)
    return np.concatenate([inv[::-1], np.arange(m)[None, :], perms], axis=0)


# ------------------------------------------------------------------ orbits
def _orbit_labels(n: int, perms: Sequence[np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    """Orbits of the group generated by permutations of ``0..n-1``: ``(labels, first)``.

    Orbits are numbered by first appearance in index order; ``first[c]`` is the smallest point
    of orbit ``c`` (increasing). ``O(n k)`` (weakly connected components)."""
    if not perms:
        ar = np.arange(n, dtype=np.int64)
        return ar, ar.copy()
    from scipy.sparse import coo_matrix
    from scipy.sparse.csgraph import connected_components

    src = np.tile(np.arange(n, dtype=np.int64), len(perms))
    dst = np.concatenate([np.asarray(p, dtype=np.int64) for p in perms])
    graph = coo_matrix((np.ones(src.size, dtype=np.int8), (src, dst)), shape=(n, n)).tocsr()
    _, raw = connected_components(graph, directed=True, connection="weak")
    _, first = np.unique(raw, return_index=True)  # first point of each raw label
    rank = np.empty(first.size, dtype=np.int64)
    rank[np.argsort(first, kind="stable")] = np.arange(first.size)
    return rank[raw], np.sort(first).astype(np.int64)


def double_coset_labels(H: Subgroup, K: Subgroup) -> tuple[np.ndarray, np.ndarray]:
    """Double cosets ``H g K`` of two subgroups of the same group.

    Returns
    -------
    (labels, representatives)
        ``labels[g]`` is the id of ``H g K`` (first-appearance numbering, the identity's double
        coset is 0); ``representatives`` the smallest element of each. ``O(n (k_H + k_K) L)``.

    Examples
    --------
    >>> from groupmat import Group
    >>> G = Group.from_permutations([[1, 2, 0], [1, 0, 2]])   # S3
    >>> H = G.subgroup("b")
    >>> labels, reps = double_coset_labels(H, H)
    >>> len(reps), sorted(np.bincount(labels).tolist())
    (2, [2, 4])
    """
    H._check_same(K)
    G = H.group
    return _orbit_labels(G.order, [*_left_perms(G, H.generators), *_right_perms(G, K.generators)])
