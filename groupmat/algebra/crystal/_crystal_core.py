"""The finite groups inside a crystallographic group: its point group (integer matrices) and
the abstract group ``G_N`` whose products are index arithmetic (used by
:class:`~groupmat.CrystallographicGroup`)."""

from __future__ import annotations

from collections.abc import Sequence
from functools import cached_property
from itertools import product
from typing import Any

import numpy as np

from groupmat.algebra._group import Group
from groupmat.algebra.crystal._seitz import SeitzSet

__all__ = ["PointGroup"]


class PointGroup(Group):
    """A finite point group ``P <= GL(d, Z)`` given by its integer matrices (immutable).

    Element ``i`` is the matrix ``matrices[i]`` acting on column vectors in axis order; the
    product is the matrix product (``g_i * g_j`` acts as ``g_i(g_j(x))``). Exposed as
    :attr:`CrystallographicGroup.point_group`.

    Examples
    --------
    >>> from groupmat import spatial_group
    >>> P = spatial_group((4, 4), point_group="D4").point_group
    >>> P.order, P.matrices[1].tolist()
    (8, [[0, -1], [1, 0]])
    """

    def __init__(
        self, name: str, matrices: np.ndarray, gen_ids: Sequence[int], names: Sequence[str]
    ):
        mats = np.asarray(matrices, dtype=np.int64)
        key = {m.tobytes(): i for i, m in enumerate(mats)}
        # |P| <= 48: a double loop over point matrices, never over group elements.
        table = np.array([[key[(a @ b).tobytes()] for b in mats] for a in mats], dtype=np.int32)
        right = table[:, list(gen_ids)].T.reshape(len(gen_ids), len(mats))
        super().__init__(right, generator_names=names, name=name)
        mats.setflags(write=False)
        table.setflags(write=False)
        self._matrices = mats
        self._point_table = table

    @property
    def matrices(self) -> np.ndarray:
        """``(|P|, d, d)`` int64 read-only: ``matrices[i]`` acts on columns in axis order."""
        return self._matrices

    def cayley_table(self, *, force: bool = False) -> np.ndarray:
        """Cayley table (``|P| <= 48``), from the matrix products."""
        return self._point_table


class _CrystalCore(Group):
    """The abstract group of a :class:`CrystallographicGroup`: products and inverses by index
    arithmetic instead of word-metric walks (``O(d^2)`` per product)."""

    def __init__(self, crystal: Any, right: np.ndarray, names: Sequence[str], name: str):
        super().__init__(right, generator_names=names, name=name)
        self._spatial = crystal

    @property
    def spatial(self) -> Any:
        """The :class:`CrystallographicGroup` (or ``SpatialGroup``) this group belongs to."""
        return self._spatial

    crystal = spatial

    def multiply(self, a: Any, b: Any) -> np.ndarray | int:
        """Products ``g_a * g_b`` of index arrays (broadcast), ``O(d^2)`` each."""
        return self._spatial.multiply(a, b)

    @cached_property
    def inverse(self) -> np.ndarray:  # type: ignore[override]
        """``(n,)`` inverses by index arithmetic, ``O(n d^2)``."""
        inv = np.asarray(self._spatial.invert(np.arange(self.order)))
        inv.setflags(write=False)
        return inv

    def _build_cayley_table(self) -> np.ndarray:
        """Cayley table by index arithmetic, ``O(n^2)`` (``Group.cayley_table`` guards and
        caches it)."""
        n = self.order
        table = np.empty((n, n), dtype=np.int32)
        cols = np.arange(n)
        step = max(1, 2**22 // max(n, 1))
        for start in range(0, n, step):
            rows = np.arange(start, min(n, start + step))
            table[rows] = self._spatial.multiply(rows[:, None], cols[None, :])
        table.setflags(write=False)
        return table


def _classify(S: SeitzSet, p: int) -> str:
    W = S.matrices[p]
    d = S.dim
    eye = np.eye(d, dtype=np.int64)
    if np.array_equal(W, eye):
        return "c"
    det = round(np.linalg.det(W.astype(float)))
    if det == 1:
        return "r"
    if np.array_equal(W, -eye):
        return "i"
    if np.array_equal(W @ W, eye):
        q = S.denominator
        u = S.numerators[p]
        for n in product(range(-2, 2), repeat=d):
            if not ((W + eye) @ (u + q * np.array(n))).any():
                return "m"
        return "g"
    return "s"
