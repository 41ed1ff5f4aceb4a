"""Closure of permutation generators into the full list of group elements.

The closure is a breadth-first search over the Cayley graph of the group, run on whole BFS layers
at once: a layer of ``m`` permutations of degree ``d`` is an ``(m, d)`` integer array, its
successors under the generators (and their inverses) are one fancy-indexing gather, and
membership is decided by a 64-bit hash of each image row (vectorised: a wrapping dot product with
random odd multipliers), looked up in a dictionary. Every hash hit is verified against the stored
row, so a hash collision can never merge two elements (the search restarts with fresh multipliers
in that astronomically unlikely case).

Composition convention (as sympy and GAP): permutations are 0-based image lists and
``(p*q)[x] = q[p[x]]`` ("first p, then q").
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from groupmat.errors import NotAGroupError, SizeLimitError

__all__ = [
    "DEFAULT_MAX_ORDER",
    "PermutationClosure",
    "close_permutations",
    "normalize_permutations",
    "orbits",
]

#: Default cap on the number of elements a closure may produce (memory is ``n * degree``).
DEFAULT_MAX_ORDER = 5_000_000


def _index_dtype(degree: int) -> np.dtype:
    if degree <= 256:
        return np.dtype(np.uint8)
    if degree <= 65536:
        return np.dtype(np.uint16)
    return np.dtype(np.int32)


def normalize_permutations(gens: object, degree: int | None = None) -> np.ndarray:
    """Convert permutation generators to a ``(k, d)`` int64 array of 0-based image lists.

    Parameters
    ----------
    gens
        A sequence of image lists or 1-D arrays, a ``(k, d)`` array, a sequence of sympy
        ``Permutation`` objects, or a sympy ``PermutationGroup``. sympy permutations of different
        sizes are padded with fixed points (sympy's own convention); plain image lists must all
        have the same length.
    degree
        Optional degree; image lists shorter than it are padded with fixed points.

    Raises
    ------
    NotAGroupError
        Empty generator list (without ``degree``), mismatched degrees, entries out of range,
        repeated images, or non-integer entries; the message names the offending generator.

    Examples
    --------
    >>> normalize_permutations([[1, 2, 0], [1, 0, 2]]).tolist()
    [[1, 2, 0], [1, 0, 2]]
    """
    try:
        from sympy.combinatorics import Permutation, PermutationGroup
    except ImportError:  # pragma: no cover - sympy is a dependency
        Permutation = PermutationGroup = ()  # type: ignore[assignment]

    if isinstance(gens, (str, bytes)):
        raise NotAGroupError(
            f"expected a list of permutations (image lists), got the string {gens!r}; for a "
            "presentation use Group.from_presentation"
        )
    if PermutationGroup and isinstance(gens, PermutationGroup):
        gens = list(gens.generators)
    if isinstance(gens, np.ndarray):
        if gens.ndim == 1 and gens.size > 0:
            gens = gens[None, :]
        if gens.ndim != 2:
            raise NotAGroupError(
                f"permutation generators must be a (k, degree) array, got shape {gens.shape}"
            )
        rows = [gens[i] for i in range(gens.shape[0])]
        padded_ok = False
    else:
        try:
            rows = list(gens)  # type: ignore[call-overload]
        except TypeError:
            raise NotAGroupError(
                f"expected a list of permutations (image lists), got {type(gens).__name__}"
            ) from None
        padded_ok = bool(rows) and all(Permutation and isinstance(r, Permutation) for r in rows)
        if padded_ok:
            rows = [r.array_form for r in rows]
    if not rows:
        if degree is None:
            raise NotAGroupError(
                "empty generator list: give at least one permutation, or pass degree=... "
                "for the trivial group"
            )
        return np.zeros((0, degree), dtype=np.int64)

    arrays = []
    for i, r in enumerate(rows):
        a = np.asarray(r)
        if a.ndim != 1:
            raise NotAGroupError(f"generator {i} is not a flat image list (shape {a.shape})")
        if a.size and not np.issubdtype(a.dtype, np.integer):
            if np.issubdtype(a.dtype, np.floating) and np.all(a == np.round(a)):
                a = a.astype(np.int64)
            else:
                raise NotAGroupError(f"generator {i} has non-integer entries: {list(r)!r}")
        arrays.append(a.astype(np.int64, copy=False))

    d = max(a.size for a in arrays)
    if degree is not None:
        if d > degree:
            raise NotAGroupError(f"a generator has degree {d} > degree={degree}")
        d = degree
    out = np.empty((len(arrays), d), dtype=np.int64)
    for i, a in enumerate(arrays):
        if a.size != d and not (padded_ok or degree is not None):
            raise NotAGroupError(
                f"mismatched degrees: generator {i} has {a.size} points, generator "
                f"{int(np.argmax([b.size for b in arrays]))} has {d}; all image lists must "
                "have the same length"
            )
        out[i, : a.size] = a
        out[i, a.size :] = np.arange(a.size, d)
        bad = (out[i] < 0) | (out[i] >= d)
        if bad.any():
            x = int(np.flatnonzero(bad)[0])
            raise NotAGroupError(
                f"generator {i} is not a permutation of 0..{d - 1}: image of {x} is "
                f"{int(out[i, x])} (images are 0-based)"
            )
        counts = np.bincount(out[i], minlength=d)
        if (counts != 1).any():
            y = int(np.flatnonzero(counts > 1)[0])
            raise NotAGroupError(
                f"generator {i} is not a permutation: {y} appears {int(counts[y])} times "
                f"among its images"
            )
    return out


@dataclass(frozen=True)
class PermutationClosure:
    """Result of :func:`close_permutations`.

    Attributes
    ----------
    elements
        ``(n, d)`` array; row ``i`` is the image list of element ``i``. Row 0 is the identity.
        Elements are numbered in breadth-first (shortlex) order over the generators and their
        inverses.
    right_action
        ``(k, n)`` int32 array with ``right_action[s, i]`` = index of ``g_i * x_s``.
    """

    elements: np.ndarray
    right_action: np.ndarray


def _row_hashes(rows: np.ndarray, mult: np.ndarray) -> np.ndarray:
    # Wrapping uint64 arithmetic: a random linear form of the image row, mod 2^64.
    return (rows.astype(np.uint64) * mult).sum(axis=-1, dtype=np.uint64)


class _HashCollision(Exception):
    pass


def close_permutations(
    gens: np.ndarray,
    *,
    max_order: int = DEFAULT_MAX_ORDER,
    progress: bool | None = None,
    seed: int = 0x5EED,
) -> PermutationClosure:
    """Enumerate the group generated by permutations, with the generators' right action.

    Parameters
    ----------
    gens
        ``(k, d)`` integer array of image lists (see :func:`normalize_permutations`).
    max_order
        Stop with :class:`~groupmat.errors.SizeLimitError` once more elements than this are found.
    progress
        ``True`` shows a tqdm bar, ``False`` never, ``None`` (default) shows one only when the
        closure runs longer than two seconds.

    Returns
    -------
    PermutationClosure

    Notes
    -----
    Breadth-first search over whole layers: each layer of ``m`` elements costs one
    ``(m, 2k, d)`` gather, one hash per row and ``2km`` dictionary lookups, so the total is
    ``O(n k d)`` time and ``O(n d)`` memory for ``n`` elements. Interruptible with Ctrl-C
    between layers (nothing is left half-built: the result is only returned at the end).

    Examples
    --------
    >>> c = close_permutations(np.array([[1, 2, 0], [1, 0, 2]]))
    >>> len(c.elements), c.right_action.shape
    (6, (2, 6))
    """
    gens = np.asarray(gens, dtype=np.int64)
    for attempt in range(4):
        try:
            return _close(gens, max_order, progress, seed + attempt)
        except _HashCollision:  # pragma: no cover - probability ~ n^2 / 2^64
            continue
    raise RuntimeError("repeated 64-bit hash collisions in permutation closure")  # pragma: no cover


def _close(
    gens: np.ndarray, max_order: int, progress: bool | None, seed: int
) -> PermutationClosure:
    from tqdm.auto import tqdm

    k, d = gens.shape
    dtype = _index_dtype(d)
    ident = np.arange(d, dtype=dtype)
    # Moves: generators, then inverses of those that are not involutions.
    inv = np.argsort(gens, axis=1)
    moves = np.concatenate([gens, inv], axis=0).astype(dtype)
    nmoves = moves.shape[0]

    rng = np.random.default_rng(seed)
    mult = rng.integers(1, 2**63, size=d, dtype=np.uint64) * np.uint64(2) + np.uint64(1)

    buf = np.empty((1024, d), dtype=dtype)  # element rows, grown by doubling
    buf[0] = ident
    lookup: dict[int, int] = {int(_row_hashes(ident[None, :], mult)[0]): 0}
    n = 1
    action = [np.empty((0, nmoves), dtype=np.int64)]
    frontier = ident[None, :]
    bar = tqdm(
        total=None,
        unit="elem",
        desc="closing group",
        disable=progress is False,
        delay=0 if progress else 2.0,
        leave=False,
    )
    try:
        while frontier.shape[0]:
            m = frontier.shape[0]
            # cand[f, s, :] = frontier_f * move_s ; (p*q)[x] = q[p[x]]
            cand = moves[np.arange(nmoves)[None, :, None], frontier[:, None, :]]
            flat = cand.reshape(m * nmoves, d)
            h = _row_hashes(flat, mult)
            idx = np.fromiter((lookup.get(x, -1) for x in h.tolist()), dtype=np.int64, count=h.size)
            old = idx >= 0
            if old.any() and not np.array_equal(buf[idx[old]], flat[old]):
                raise _HashCollision
            new_pos = np.flatnonzero(~old)
            if new_pos.size:
                uh, first, inv_u = np.unique(h[new_pos], return_index=True, return_inverse=True)
                order = np.argsort(first, kind="stable")  # keep discovery (shortlex) order
                rank = np.empty_like(order)
                rank[order] = np.arange(order.size)
                new_rows = flat[new_pos[first[order]]]
                if not np.array_equal(new_rows[rank[inv_u]], flat[new_pos]):
                    raise _HashCollision
                if n + new_rows.shape[0] > max_order:
                    raise SizeLimitError(
                        f"permutation group has more than max_order={max_order} elements "
                        f"(found {n + new_rows.shape[0]} so far at degree {d}); pass a larger "
                        "max_order= if you have the memory (n * degree bytes)"
                    )
                idx[new_pos] = n + rank[inv_u]
                lookup.update(zip(uh[order].tolist(), range(n, n + order.size), strict=True))
                if n + new_rows.shape[0] > buf.shape[0]:
                    grown = np.empty((max(2 * buf.shape[0], n + new_rows.shape[0]), d), dtype)
                    grown[:n] = buf[:n]
                    buf = grown
                buf[n : n + new_rows.shape[0]] = new_rows
                n += new_rows.shape[0]
                frontier = new_rows
                bar.update(new_rows.shape[0])
            else:
                frontier = frontier[:0]
            action.append(idx.reshape(m, nmoves))
    finally:
        bar.close()
    act = np.concatenate(action, axis=0)  # (n, nmoves), row i = element i
    right = np.ascontiguousarray(act[:, :k].T).astype(np.int32)
    all_rows = buf[:n].copy()
    all_rows.setflags(write=False)
    right.setflags(write=False)
    return PermutationClosure(elements=all_rows, right_action=right)


def orbits(
    gens: Sequence[Sequence[int]] | np.ndarray, degree: int | None = None
) -> list[np.ndarray]:
    """Orbits of the points ``0..d-1`` under permutation generators.

    Examples
    --------
    >>> [o.tolist() for o in orbits([[1, 0, 2, 4, 3]])]
    [[0, 1], [2], [3, 4]]
    """
    from scipy.sparse import coo_matrix
    from scipy.sparse.csgraph import connected_components

    g = normalize_permutations(gens, degree)
    d = g.shape[1]
    src = np.tile(np.arange(d), g.shape[0])
    mat = coo_matrix((np.ones(src.size, dtype=np.int8), (src, g.ravel())), shape=(d, d))
    _, labels = connected_components(mat, directed=True, connection="weak")
    order = np.argsort(labels, kind="stable")
    bounds = np.flatnonzero(np.diff(labels[order])) + 1
    groups = np.split(order, bounds)
    return sorted(groups, key=lambda a: int(a[0]))
