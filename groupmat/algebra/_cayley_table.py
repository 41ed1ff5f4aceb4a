"""Building a :class:`~groupmat.Group` from a multiplication table, with validation.

Validation follows the textbook order: shape and range, Latin-square property (every row and
column a permutation, which gives cancellation), a two-sided identity, then associativity by
*Light's test* restricted to a generating set: the operation is associative iff
``(x*y)*s == x*(y*s)`` for all ``x, y`` and all ``s`` in a generating set (for a quasigroup with
identity; see Clifford & Preston, *The Algebraic Theory of Semigroups*, vol. 1, sec. 1.2).
That costs ``O(n^2 k)`` instead of ``O(n^3)``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np

from groupmat.errors import NotAGroupError

if TYPE_CHECKING:  # pragma: no cover
    from numpy.typing import ArrayLike

    from groupmat.algebra._group import Group

__all__ = ["group_from_table", "validate_cayley_table"]


def _generated(table: np.ndarray, gens: list[int], n: int) -> np.ndarray:
    """Boolean mask of the closure of ``gens`` under right multiplication (BFS on columns)."""
    inside = np.zeros(n, dtype=bool)
    inside[0] = True
    frontier = np.array([0])
    cols = table[:, gens] if gens else np.zeros((n, 0), dtype=table.dtype)
    while frontier.size:
        cand = np.unique(cols[frontier].ravel())
        cand = cand[~inside[cand]]
        inside[cand] = True
        frontier = cand
    return inside


def validate_cayley_table(table: ArrayLike) -> tuple[np.ndarray, int]:
    """Check that ``table`` is a group's multiplication table.

    Returns
    -------
    (table, identity)
        The table as an int64 array and the index of its identity.

    Raises
    ------
    NotAGroupError
        With the failing row, column or triple named.

    Examples
    --------
    >>> validate_cayley_table([[0, 1], [1, 0]])[1]
    0
    >>> validate_cayley_table([[0, 1], [1, 1]])  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    groupmat.errors.NotAGroupError: row 1 of the Cayley table is not a permutation of 0..1: ...
    """
    try:
        t = np.asarray(table)
    except ValueError:
        raise NotAGroupError("Cayley table is ragged: rows of different lengths") from None
    if t.dtype == object:
        raise NotAGroupError("Cayley table is ragged or has non-numeric entries")
    if t.ndim != 2 or t.shape[0] != t.shape[1]:
        raise NotAGroupError(f"Cayley table must be square (n x n), got shape {t.shape}")
    n = t.shape[0]
    if n == 0:
        raise NotAGroupError("empty Cayley table: a group has at least one element")
    if not np.issubdtype(t.dtype, np.integer):
        if np.issubdtype(t.dtype, np.floating) and np.all(t == np.round(t)):
            t = t.astype(np.int64)
        else:
            raise NotAGroupError(f"Cayley table entries must be integers, got dtype {t.dtype}")
    t = t.astype(np.int64)
    bad = (t < 0) | (t >= n)
    if bad.any():
        i, j = (int(v) for v in np.argwhere(bad)[0])
        raise NotAGroupError(f"Cayley table entry [{i}, {j}] = {int(t[i, j])} is not in 0..{n - 1}")
    srt = np.sort(t, axis=1)
    rows_bad = np.flatnonzero((srt != np.arange(n)).any(axis=1))
    if rows_bad.size:
        i = int(rows_bad[0])
        dup = int(srt[i][np.flatnonzero(np.diff(srt[i]) == 0)[0]])
        raise NotAGroupError(
            f"row {i} of the Cayley table is not a permutation of 0..{n - 1}: {dup} appears "
            "twice (no cancellation)"
        )
    srt = np.sort(t, axis=0)
    cols_bad = np.flatnonzero((srt != np.arange(n)[:, None]).any(axis=0))
    if cols_bad.size:
        j = int(cols_bad[0])
        dup = int(srt[:, j][np.flatnonzero(np.diff(srt[:, j]) == 0)[0]])
        raise NotAGroupError(
            f"column {j} of the Cayley table is not a permutation of 0..{n - 1}: {dup} appears "
            "twice (no cancellation)"
        )
    ar = np.arange(n)
    left_ids = np.flatnonzero((t == ar[None, :]).all(axis=1))
    right_ids = np.flatnonzero((t == ar[:, None]).all(axis=0))
    common = np.intersect1d(left_ids, right_ids)
    if common.size == 0:
        raise NotAGroupError(
            "the Cayley table has no two-sided identity (no row e with e*x = x and x*e = x for "
            "all x)"
        )
    e = int(common[0])
    return t, e


def _names_to_indices(table: ArrayLike, element_names: Sequence[str] | None) -> ArrayLike:
    """A table of element names as a table of indices into ``element_names``; other tables
    unchanged."""
    try:
        raw = np.asarray(table, dtype=object)
    except ValueError:
        return table
    if element_names is not None and raw.ndim == 2 and len(element_names) != raw.shape[0]:
        raise ValueError(
            f"{len(element_names)} element_names for a Cayley table of order {raw.shape[0]}"
        )
    if raw.ndim != 2 or not raw.size or not any(isinstance(x, str) for x in raw.ravel()):
        return table
    if element_names is None:
        raise NotAGroupError(
            "Cayley table entries must be integers 0..n-1, or names with element_names=[...] "
            "giving the order of the rows and columns (row i and column i belong to "
            "element_names[i]): this table of names needs element_names"
        )
    index = {x: i for i, x in enumerate(element_names)}
    out = np.empty(raw.shape, dtype=np.int64)
    for (i, j), x in np.ndenumerate(raw):
        k = index.get(x) if isinstance(x, str) else None
        if k is None:
            raise NotAGroupError(
                f"Cayley table entry [{i}, {j}] = {x!r} is not one of the element_names "
                f"{list(element_names)[:8]}{'...' if len(element_names) > 8 else ''}"
            )
        out[i, j] = k
    return out


def group_from_table(
    cls: type,
    table: ArrayLike,
    *,
    element_names: Sequence[str] | None = None,
    generator_names: Sequence[str] | None = None,
    name: str | None = None,
) -> Group:
    """Implementation of :meth:`Group.from_cayley_table` (see there)."""
    if element_names is not None:
        if isinstance(element_names, str):
            raise TypeError("element_names must be a sequence of strings, not one string")
        element_names = [str(x) if isinstance(x, np.str_) else x for x in element_names]
    t, e = validate_cayley_table(_names_to_indices(table, element_names))
    if element_names is not None and len(element_names) != t.shape[0]:
        raise ValueError(
            f"{len(element_names)} element_names for a Cayley table of order {t.shape[0]}"
        )
    n = t.shape[0]
    # Renumber so the identity is 0: swap e and 0.
    perm = np.arange(n)
    perm[[0, e]] = perm[[e, 0]]  # new index i <-> old index perm[i]; perm is an involution
    t = perm[t[np.ix_(perm, perm)]]
    # Element orders (vectorised powers through the table) to pick big generators first.
    orders = np.ones(n, dtype=np.int64)
    cur = np.arange(n)
    todo = np.arange(1, n)
    cur = cur[todo]
    step = 1
    while todo.size and step <= n:
        step += 1
        cur = t[cur, todo]
        done = cur == 0
        orders[todo[done]] = step
        todo, cur = todo[~done], cur[~done]
    if todo.size:  # pragma: no cover - impossible after the Latin-square + identity checks
        raise NotAGroupError(f"element {int(perm[todo[0]])} has no finite order")
    gens: list[int] = []
    inside = _generated(t, gens, n)
    by_order = np.argsort(-orders, kind="stable")
    while not inside.all():
        x = int(by_order[~inside[by_order]][0])
        gens.append(x)
        inside = _generated(t, gens, n)
    # Light's associativity test against the generators: (x*y)*s == x*(y*s).
    for s in gens or [0]:
        lhs = t[t, s]  # lhs[x, y] = (x*y)*s
        rhs = t[:, t[:, s]]  # rhs[x, y] = x*(y*s)
        badm = lhs != rhs
        if badm.any():
            x, y = (int(v) for v in np.argwhere(badm)[0])
            ox, oy, os_ = int(perm[x]), int(perm[y]), int(perm[s])
            raise NotAGroupError(
                f"the Cayley table is not associative: ({ox}*{oy})*{os_} = "
                f"{int(perm[lhs[x, y]])} but {ox}*({oy}*{os_}) = {int(perm[rhs[x, y]])}"
            )
    right = t[:, gens].T if gens else np.zeros((0, 1), dtype=np.int64)
    new_names = None if element_names is None else [element_names[int(p)] for p in perm]
    if generator_names is None and new_names is not None:
        from groupmat.algebra.presentations._gap_syntax import _IDENT

        cand = [new_names[g] for g in gens]
        if all(_IDENT.fullmatch(c) for c in cand):
            generator_names = cand
    return cls(
        right,
        generator_names=generator_names,
        name=name,
        table=t,
        source_indices=perm,
        element_names=new_names,
    )
