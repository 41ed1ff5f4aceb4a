"""Orbits, transitivity, blocks and representative actions of a :class:`PermGroup` (a mixin
of it; the algorithms live in :mod:`._orbits` and :mod:`._blocks`, shared with the listed
``Group``)."""

from __future__ import annotations

from collections.abc import Sequence
from math import factorial
from typing import TYPE_CHECKING

import numpy as np

from groupmat.algebra.permgroups import _blocks, _orbits
from groupmat.algebra.permgroups._chain import GiantChain
from groupmat.errors import NotAGroupError

if TYPE_CHECKING:  # pragma: no cover
    pass

__all__ = ["PermGroupActions"]


class PermGroupActions:
    """Mixin of :class:`~groupmat.PermGroup`: the group acting on its points."""

    def orbits(self, points: Sequence[int] | None = None) -> list[np.ndarray]:
        """Orbits on ``0..d-1`` (sorted arrays ordered by smallest point), or only those
        containing ``points``."""
        return _orbits.orbits(self._gens, self.degree, points)

    def orbit(self, point: int) -> np.ndarray:
        """The orbit of ``point`` (sorted)."""
        return self.orbits([point])[0]

    def is_transitive(self) -> bool:
        """Whether there is a single orbit on ``0..d-1``."""
        return len(self.orbits()) == 1

    def transitivity(self) -> int:
        """The largest ``k`` such that the group is ``k``-transitive on ``0..d-1`` (0 if not
        transitive; GAP's ``Transitivity``): ``k`` is the number of leading levels of a chain
        with base ``0, 1, 2, ...`` whose basic orbit is all remaining points. A 6-transitive
        group is ``S_d`` (``d``-transitive) or ``A_d`` (``(d-2)``-transitive) by the
        classification of finite simple groups.

        Examples
        --------
        >>> from groupmat import PermGroup
        >>> PermGroup([[1, 2, 3, 4, 0], [0, 2, 3, 1, 4]]).transitivity()   # A5
        3
        """
        d = self.degree
        if not self.is_transitive():
            return 0
        if self.order == factorial(d):
            return d
        if d >= 3 and self.order == factorial(d) // 2:
            return d - 2
        depth = min(d, 6)
        c = self._rebased(list(range(depth)))
        sizes = c.orbit_sizes()
        k = 0
        while k < depth and k < len(sizes) and sizes[k] == d - k:
            k += 1
        return k

    def blocks(self, seed: Sequence[int] | None = None) -> list[np.ndarray]:
        """A block system (sorted blocks ordered by smallest point): the finest one with all of
        ``seed`` in one block (HEO sec. 4.3.1, ``MinimalBlock``), or without ``seed`` a system of
        minimal nontrivial blocks (GAP's ``Blocks``); the system of single points when the group
        is primitive.

        Raises
        ------
        NotAGroupError
            The group is not transitive (blocks are defined for transitive actions).

        Examples
        --------
        >>> from groupmat import PermGroup
        >>> [b.tolist() for b in PermGroup([[1, 2, 3, 4, 5, 0]]).blocks()]
        [[0, 3], [1, 4], [2, 5]]
        """
        self._need_transitive("blocks")
        if seed is not None:
            pts = [int(p) for p in seed]
            if any(not 0 <= p < self.degree for p in pts) or not pts:
                raise NotAGroupError(f"seed {pts} must be points of 0..{self.degree - 1}")
            return _blocks.block_system(self._gens, pts)
        systems = self.minimal_blocks()
        if not systems:
            return [np.array([x]) for x in range(self.degree)]
        return systems[0]

    def minimal_blocks(self) -> list[list[np.ndarray]]:
        """All minimal nontrivial block systems (sympy's ``minimal_blocks``); empty iff the
        group is primitive (HEO, sec. 4.3)."""
        self._need_transitive("minimal_blocks")
        if self.degree <= 2:
            return []
        c = self.chain
        if isinstance(c, GiantChain) and c.points.size == self.degree and self.degree >= 3:
            return []
        return _blocks.minimal_block_systems(self._gens, self.stabilizer(0).strong_generators)

    def is_primitive(self) -> bool:
        """Transitive with no nontrivial blocks.

        Examples
        --------
        >>> from groupmat import PermGroup
        >>> PermGroup([[1, 2, 3, 0]]).is_primitive(), PermGroup([[1, 2, 0]]).is_primitive()
        (False, True)
        """
        if not self.is_transitive():
            return False
        return not self.minimal_blocks()

    def _need_transitive(self, what: str) -> None:
        if not self.is_transitive():
            raise NotAGroupError(
                f"{what}: the group is not transitive on 0..{self.degree - 1} (orbits of sizes "
                f"{[len(o) for o in self.orbits()]}); blocks are defined for transitive actions"
            )

    def representative_action(self, x: int, y: int) -> np.ndarray | None:
        """An element ``g`` with ``x^g = y`` (``g[x] == y``), or ``None`` if ``y`` is not in the
        orbit of ``x`` (GAP's ``RepresentativeAction`` on points).

        Examples
        --------
        >>> from groupmat import PermGroup
        >>> g = PermGroup([[1, 2, 3, 4, 0]]).representative_action(1, 4)
        >>> int(g[1])
        4
        """
        from groupmat.algebra.permgroups._action_methods import _point

        x, y = _point(x, self.degree), _point(y, self.degree)
        c = self._rebased([x])
        pos = c.position(0)[y] if len(c.base) else (-1 if x != y else 0)
        if x == y:
            return np.arange(self.degree)
        if pos < 0:
            return None
        return c.representatives(0, np.asarray([pos]))[0].astype(np.int64)
