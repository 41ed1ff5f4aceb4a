"""Regular representations of a finite group as index arrays and permutation matrices.

``(L_u f)(h) = f(u^-1 h)`` and ``(R_s f)(h) = f(h s)`` on signals ``f: G -> R`` (vectors of
length ``n``); as matrices ``L_u[i, j] = 1`` iff ``g_i = u g_j`` and ``R_s[i, j] = 1`` iff
``g_j = g_i s``. Both are homomorphisms (``L_u L_v = L_{uv}``, ``R_s R_t = R_{st}``), they
commute, and the group matrices ``M_a = sum_s a(s) R_s`` are exactly the commutant of the
``L_u`` (see :mod:`groupmat.algebra.matrices._group_matrix`). Index arrays are computed with
``G.multiply`` (the Cayley table when it exists: ``O(1)`` per entry; else ``O(L)`` per entry
for diameter ``L``), never one Python step per element.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

import numpy as np

from groupmat.algebra.matrices._limits import dense_guard

if TYPE_CHECKING:  # pragma: no cover
    import scipy.sparse
    from numpy.typing import DTypeLike

    from groupmat.algebra._group import Group
    from groupmat.algebra._validate import ElementLike, ElementsLike

__all__ = [
    "left_regular_representation",
    "left_translates",
    "regular_matrix",
    "right_regular_representation",
    "right_translates",
]


def _guard(n: int, force: bool, what: str) -> None:
    dense_guard(n, force, what, "pass elements=[...] for a few rows, or force=True")


def _elements(G: Group, elements: ElementsLike | None) -> np.ndarray:
    if elements is None:
        return np.arange(G.order, dtype=np.int64)
    from groupmat.algebra._validate import element_array

    return element_array(G, elements).reshape(-1)


def right_translates(G: Group, elements: ElementsLike) -> np.ndarray:
    """``(m, n)`` int64: ``out[j, h]`` = index of ``g_h * s_j`` for ``s_j = elements[j]``.

    Uses the Cayley table when it has been built (``O(m n)``), else vectorised products
    (``O(m n L)``, ``L`` the diameter).
    """
    s = _elements(G, elements)
    ar = np.arange(G.order, dtype=np.int64)
    return np.asarray(G.multiply(ar[None, :], s[:, None]), dtype=np.int64).reshape(s.size, ar.size)


def left_translates(G: Group, elements: ElementsLike) -> np.ndarray:
    """``(m, n)`` int64: ``out[j, h]`` = index of ``u_j * g_h`` for ``u_j = elements[j]``."""
    u = _elements(G, elements)
    ar = np.arange(G.order, dtype=np.int64)
    return np.asarray(G.multiply(u[:, None], ar[None, :]), dtype=np.int64).reshape(u.size, ar.size)


# ------------------------------------------------------------------ regular representations
def left_regular_representation(
    G: Group, elements: ElementsLike | None = None, *, force: bool = False
) -> np.ndarray:
    """Left multiplication as index arrays: ``L[u, j]`` = index of ``g_u * g_j``.

    Row ``u`` is the permutation of ``0..n-1`` by which ``L_u`` moves basis vectors
    (``L_u e_j = e_{L[u, j]}``); for all elements this is the Cayley table. ``elements``
    selects rows (``(m, n)`` result, ``O(m n L)`` without the table).

    Examples
    --------
    >>> from groupmat import cyclic
    >>> left_regular_representation(cyclic(3)).tolist()
    [[0, 1, 2], [1, 2, 0], [2, 0, 1]]
    """
    if elements is None:
        _guard(G.order, force, "the left regular representation (all elements)")
    return left_translates(G, elements)


def right_regular_representation(
    G: Group, elements: ElementsLike | None = None, *, force: bool = False
) -> np.ndarray:
    """Right multiplication as index arrays: ``R[s, i]`` = index of ``g_i * g_s``.

    ``(R_s f)(h) = f(h s)`` reads ``f`` at ``R[s]``: ``R_s f = f[R[s]]``. For all elements
    this is the transposed Cayley table.

    Examples
    --------
    >>> from groupmat import dihedral
    >>> G = dihedral(3)
    >>> bool((right_regular_representation(G) == G.table.T).all())
    True
    """
    if elements is None:
        _guard(G.order, force, "the right regular representation (all elements)")
    return right_translates(G, elements)


def regular_matrix(
    G: Group,
    g: ElementLike,
    side: Literal["left", "right"] = "left",
    *,
    sparse: bool = True,
    dtype: DTypeLike = np.float64,
    force: bool = False,
) -> np.ndarray | scipy.sparse.csr_array:
    """The permutation matrix of ``L_g`` (``side="left"``) or ``R_g`` (``side="right"``).

    ``(L_g f)(h) = f(g^-1 h)``: ``L_g[i, j] = 1`` iff ``g_i = g g_j``;
    ``(R_g f)(h) = f(h g)``: ``R_g[i, j] = 1`` iff ``g_j = g_i g``. Both are homomorphisms
    ``G -> GL_n`` (``L_g L_h = L_{gh}``, ``R_g R_h = R_{gh}``). Returns a
    ``scipy.sparse.csr_array`` (``O(n)`` memory) or, with ``sparse=False``, a dense array
    (``n^2`` entries: refused above :data:`MAX_DENSE_ORDER` unless ``force=True``).

    Examples
    --------
    >>> from groupmat import cyclic
    >>> regular_matrix(cyclic(3), 1, sparse=False).astype(int).tolist()
    [[0, 0, 1], [1, 0, 0], [0, 1, 0]]
    """
    from groupmat.algebra._validate import element_index

    n = G.order
    if side not in ("left", "right"):
        raise ValueError(f"side must be 'left' or 'right', got {side!r}")
    u = element_index(G, g, "g")
    if not sparse:
        dense_guard(
            n, force, "the dense regular matrix", "keep sparse=True (O(n) memory), or force=True"
        )
    cols = np.arange(n)
    if side == "left":
        rows = left_translates(G, [u])[0]  # L_u e_j = e_{u g_j}
    else:
        rows, cols = cols, right_translates(G, [u])[0]  # R_u[i, i u] = 1
    if sparse:
        import scipy.sparse as sps

        return sps.csr_array((np.ones(n, dtype=dtype), (rows, cols)), shape=(n, n))
    out = np.zeros((n, n), dtype=dtype)
    out[rows, cols] = 1
    return out
