"""Permutations as rows of integer arrays: validation with a degree guard, products, inverses,
cycle structure.

Convention (as sympy and GAP): a permutation of ``0..d-1`` is its 0-based image list ``p``,
``x^p = p[x]``, and products are read left to right, ``(p*q)[x] = q[p[x]]`` ("first p, then q").
A batch of ``B`` permutations is a ``(B, d)`` array; every routine here is one vectorised numpy
operation on the batch.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, TypeAlias

import numpy as np

from groupmat.errors import NotAGroupError, SizeLimitError

if TYPE_CHECKING:  # pragma: no cover
    from sympy.combinatorics import Permutation, PermutationGroup

    from groupmat.algebra._group import Group
    from groupmat.algebra.permgroups._permgroup import PermGroup

__all__ = [
    "MAX_DEGREE",
    "PermutationLike",
    "PermutationsLike",
    "as_generators",
    "as_permutation",
    "cycle_lengths",
    "cycle_lists",
    "identity_rows",
    "invert",
    "is_identity",
    "mul",
    "parity",
    "power",
]

#: Largest degree accepted without ``max_degree=``: chains store a few ``(orbit, degree)``
#: arrays, and a transitive group on ``d`` points needs ``O(d^2)`` words for its first
#: transversal if stored explicitly.
MAX_DEGREE = 100_000

#: One permutation of ``0..d-1``: its 0-based image list (a sequence or a 1-D integer array)
#: or a sympy ``Permutation``.
PermutationLike: TypeAlias = "Sequence[int] | np.ndarray | Permutation"

#: Permutation generators as :func:`~groupmat.algebra._permutations.normalize_permutations`
#: accepts them: a sequence of :data:`PermutationLike`, a ``(k, d)`` integer array or a sympy
#: ``PermutationGroup``.
PermutationsLike: TypeAlias = "Sequence[PermutationLike] | np.ndarray | PermutationGroup"


def _check_degree(d: int, max_degree: int | None) -> None:
    limit = MAX_DEGREE if max_degree is None else max_degree
    if d > limit:
        raise SizeLimitError(
            f"permutations of degree {d} exceed max_degree={limit}: one permutation takes "
            f"{8 * d / 2**20:.1f} MiB of memory and a stabiliser chain keeps O(base length * "
            f"degree) of them ({8.0 * d * d / 2**30:.0f} GiB for a transitive group in the "
            "worst case); pass max_degree= to raise the guard if you have the memory"
        )


def as_generators(
    gens: PermutationsLike | PermGroup | Group,
    degree: int | None = None,
    *,
    max_degree: int | None = None,
) -> np.ndarray:
    """Generators as a validated ``(k, d)`` int64 array of image lists.

    Accepts what :func:`groupmat.algebra._permutations.normalize_permutations` accepts (image
    lists, arrays, sympy permutations or groups), :class:`~groupmat.PermGroup` objects and
    listed :class:`~groupmat.Group` objects with a permutation representation.

    Raises
    ------
    NotAGroupError
        Not permutations, mismatched degrees (the message names the generator).
    SizeLimitError
        Degree above ``max_degree`` (default :data:`MAX_DEGREE`), naming the memory.

    Examples
    --------
    >>> as_generators([[1, 0, 2]], degree=4).tolist()
    [[1, 0, 2, 3]]
    """
    from groupmat.algebra._permutations import normalize_permutations

    if hasattr(gens, "strong_generators") and hasattr(gens, "degree"):  # a PermGroup
        gens = gens.generators
    elif hasattr(gens, "right_action") and hasattr(gens, "permutations"):  # a listed Group
        if gens.permutations is None:
            raise NotAGroupError(
                f"{gens!r} has no permutation representation to build a PermGroup from"
            )
        perms = np.asarray(gens.permutations, dtype=np.int64)
        gens = perms[list(gens.generators)].reshape(-1, perms.shape[1])
        if degree is None:
            degree = perms.shape[1]
    if isinstance(gens, np.ndarray) and gens.ndim == 2:
        _check_degree(max(gens.shape[1], degree or 0), max_degree)
    elif degree is not None:
        _check_degree(degree, max_degree)
    arr = normalize_permutations(gens, degree)
    _check_degree(arr.shape[1], max_degree)
    return arr


def as_permutation(perm: PermutationLike, degree: int, what: str = "permutation") -> np.ndarray:
    """One permutation (image list, array or sympy ``Permutation``) as a validated ``(d,)``
    int64 array of the given degree (shorter image lists are padded with fixed points).

    Raises
    ------
    NotAGroupError
        Not a permutation, or more points than ``degree``.

    Examples
    --------
    >>> as_permutation([1, 0], 3).tolist()
    [1, 0, 2]
    """
    if hasattr(perm, "array_form"):
        perm = perm.array_form
    a = np.asarray(perm)
    if a.ndim != 1:
        raise NotAGroupError(f"{what} must be a flat image list, got shape {a.shape}")
    if a.size > degree:
        raise NotAGroupError(
            f"{what} has {a.size} points but the group acts on {degree} points (degree mismatch)"
        )
    return as_generators([a], degree)[0]


def as_batch(perms: PermutationsLike, degree: int) -> np.ndarray:
    """A ``(B, d)`` array of validated permutations (one row per permutation).

    Examples
    --------
    >>> as_batch([[1, 0, 2], [0, 2, 1]], 3).shape
    (2, 3)
    """
    arr = np.asarray(perms) if not isinstance(perms, np.ndarray) else perms
    if isinstance(arr, np.ndarray) and arr.ndim == 2 and np.issubdtype(arr.dtype, np.integer):
        if arr.shape[1] != degree:
            raise NotAGroupError(
                f"permutations have {arr.shape[1]} points but the group acts on {degree} points "
                "(degree mismatch)"
            )
        arr = arr.astype(np.int64, copy=False)
        if arr.size and (arr.min() < 0 or arr.max() >= degree):
            raise NotAGroupError(f"entries out of range 0..{degree - 1}: not permutations")
        srt = np.sort(arr, axis=1)
        bad = ~(srt == np.arange(degree)).all(axis=1)
        if bad.any():
            raise NotAGroupError(f"row {int(np.flatnonzero(bad)[0])} is not a permutation")
        return arr
    return (
        np.stack([as_permutation(p, degree) for p in perms])
        if len(perms)
        else np.zeros((0, degree), dtype=np.int64)
    )


def identity_rows(count: int, degree: int) -> np.ndarray:
    """``(count, degree)`` identity permutations."""
    return np.broadcast_to(np.arange(degree, dtype=np.int64), (count, degree)).copy()


def mul(p: np.ndarray, q: np.ndarray) -> np.ndarray:
    """Products ``p * q`` (first ``p``, then ``q``): ``(p*q)[x] = q[p[x]]``; rows broadcast.

    Examples
    --------
    >>> mul(np.array([1, 2, 0]), np.array([1, 0, 2])).tolist()
    [0, 2, 1]
    """
    if q.ndim == 1:
        return q[p]
    if p.ndim == 1:
        p = np.broadcast_to(p, q.shape)
    return np.take_along_axis(q, p, axis=-1)


def invert(p: np.ndarray) -> np.ndarray:
    """Inverses of one permutation or of each row of a batch (``O(B d)``).

    Examples
    --------
    >>> invert(np.array([1, 2, 0])).tolist()
    [2, 0, 1]
    """
    out = np.empty_like(p)
    if p.ndim == 1:
        out[p] = np.arange(p.size, dtype=p.dtype)
        return out
    rows = np.arange(p.shape[0])[:, None]
    out[rows, p] = np.arange(p.shape[1], dtype=p.dtype)[None, :]
    return out


def power(a: np.ndarray, e: int) -> np.ndarray:
    """The image list ``a`` applied ``e >= 0`` times (``x -> a[a[...a[x]]]``), by repeated
    squaring: ``O(d log e)``.

    Examples
    --------
    >>> power(np.array([1, 2, 3, 0]), 3).tolist()
    [3, 0, 1, 2]
    """
    out = np.arange(a.size, dtype=a.dtype)
    while e:
        if e & 1:
            out = a[out]
        e >>= 1
        if e:
            a = a[a]
    return out


def is_identity(p: np.ndarray) -> np.ndarray | bool:
    """Whether each row (or the single permutation) is the identity."""
    if p.ndim == 1:
        return bool((p == np.arange(p.size)).all())
    return (p == np.arange(p.shape[1])).all(axis=1)


def cycle_lists(p: np.ndarray) -> list[list[int]]:
    """The cycles of ``p`` (fixed points included) as lists ``[a, p[a], p[p[a]], ...]``
    starting at their smallest point, in increasing order of it. ``O(d)`` Python steps.

    Examples
    --------
    >>> cycle_lists(np.array([1, 0, 3, 4, 2, 5]))
    [[0, 1], [2, 3, 4], [5]]
    """
    img = p.tolist()
    seen = [False] * len(img)
    out = []
    for x in range(len(img)):
        if seen[x]:
            continue
        cyc = [x]
        seen[x] = True
        y = img[x]
        while y != x:
            cyc.append(y)
            seen[y] = True
            y = img[y]
        out.append(cyc)
    return out


def cycle_lengths(p: np.ndarray) -> np.ndarray:
    """``(d,)`` array: the length of the cycle of ``p`` through each point.

    Connected components of the functional graph ``x -> p[x]``, ``O(d)`` (scipy).

    Examples
    --------
    >>> cycle_lengths(np.array([1, 0, 3, 4, 2])).tolist()
    [2, 2, 3, 3, 3]
    """
    if p.size <= 512:  # a plain loop beats scipy's set-up for small degrees
        out = [0] * p.size
        for cyc in cycle_lists(p):
            for y in cyc:
                out[y] = len(cyc)
        return np.asarray(out, dtype=np.int64)
    labels = _cycle_minima(p)
    return np.bincount(labels, minlength=p.size)[labels]


def _cycle_minima(p: np.ndarray) -> np.ndarray:
    """``(d,)`` smallest point of the cycle of ``p`` through each point, by pointer doubling:
    after ``t`` rounds ``low[x]`` is the minimum over ``x, x^p, ..., x^(p^(2^t - 1))`` and
    ``jump = p^(2^t)``, so ``ceil(log2 d)`` rounds cover every cycle. ``O(d log d)`` in a few
    vectorised gathers (no graph library to import: the first scipy import alone costs ~1 s)."""
    low = np.arange(p.size, dtype=np.int64)
    jump = np.asarray(p, dtype=np.int64)
    span = 1
    while span < p.size:
        low = np.minimum(low, low[jump])
        span *= 2
        if span < p.size:
            jump = jump[jump]
    return low


def parity(p: np.ndarray) -> int:
    """``0`` for an even permutation, ``1`` for an odd one: ``d - (number of cycles)`` mod 2.

    Examples
    --------
    >>> parity(np.array([1, 0, 2])), parity(np.array([1, 2, 0]))
    (1, 0)
    """
    low = _cycle_minima(p)
    cycles = int(np.count_nonzero(low == np.arange(p.size)))
    return int((p.size - cycles) % 2)
