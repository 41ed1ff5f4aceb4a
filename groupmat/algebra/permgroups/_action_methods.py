"""Permutation-group questions on a listed :class:`~groupmat.Group` (issue 13, section 3).

:class:`PermutationActionMethods` is a mixin of ``Group``: orbits, stabilisers, transitivity,
blocks, primitivity, representative actions and the lookup from a permutation to its element
index, for the group's natural permutation action (``G.permutations``) or any action given as
an ``(n, m)`` array of image lists (row ``g`` = the permutation of element ``g``, e.g.
:attr:`HomogeneousSpace.action`). The computations are those of :class:`~groupmat.PermGroup`
(one implementation, on the generators' permutations); questions about elements
(stabilisers, representative actions) are answered by one vectorised pass over the rows.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cached_property
from typing import TYPE_CHECKING, Literal, TypeAlias

import numpy as np

from groupmat.errors import NotAnActionError, NotAnElementError

if TYPE_CHECKING:  # pragma: no cover
    from numpy.typing import ArrayLike

    from groupmat.algebra._element import Element
    from groupmat.algebra._subgroup import Subgroup
    from groupmat.algebra.permgroups._permgroup import PermGroup
    from groupmat.algebra.permgroups._perms import PermutationLike, PermutationsLike

__all__ = ["PermutationActionMethods", "PointActionLike"]

#: How a :class:`~groupmat.Group` acts in the methods of :class:`PermutationActionMethods`:
#: ``None`` (its stored permutations), ``"regular"`` (right multiplication on the element
#: indices) or an ``(n, m)`` integer array whose row ``g`` is the image list of element ``g``.
PointActionLike: TypeAlias = "Literal['regular'] | np.ndarray | Sequence[Sequence[int]] | None"


class PermutationActionMethods:
    """Mixin of :class:`~groupmat.Group`: the group acting on points.

    Every method takes ``action=None`` (the natural action ``G.permutations``), ``"regular"``
    (the right regular action ``x -> x g`` on the element indices) or an ``(n, m)`` integer
    array whose row ``g`` is the image list of element ``g``.

    Examples
    --------
    >>> import groupmat as gm
    >>> G = gm.symmetric(4)
    >>> G.is_transitive(), G.transitivity(), G.is_primitive()
    (True, 4, True)
    >>> D = gm.dihedral(4)                  # the square's symmetries on its 4 vertices
    >>> [b.tolist() for b in D.blocks()], D.stabilizer(0).order
    ([[0, 2], [1, 3]], 2)
    """

    # ------------------------------------------------------------------ the action
    def _action_rows(self, action: PointActionLike) -> np.ndarray:
        n = self.order  # type: ignore[attr-defined]
        if action is None:
            perms = self.permutations  # type: ignore[attr-defined]
            if perms is None:
                raise NotAnActionError(
                    f"{self!r} has no stored permutation representation: pass action= an "
                    "(n, m) array of image lists (e.g. HomogeneousSpace(G, H).action) or "
                    "action='regular'"
                )
            return perms
        if isinstance(action, str):
            raise NotAnActionError(
                f"action must be None, 'regular' or an (n, m) array, got {action!r}"
            )
        arr = np.asarray(action)
        if arr.ndim != 2 or arr.shape[0] != n or not np.issubdtype(arr.dtype, np.integer):
            raise NotAnActionError(
                f"action must be an (n, m) integer array with n = |G| = {n} rows, got shape "
                f"{arr.shape} and dtype {arr.dtype}"
            )
        return arr

    def _action_generators(self, action: PointActionLike) -> np.ndarray:
        from groupmat.algebra.permgroups._perms import as_batch

        gens = list(self.generators)  # type: ignore[attr-defined]
        if isinstance(action, str) and action == "regular":
            return np.asarray(self.right_action, dtype=np.int64)  # type: ignore[attr-defined]
        rows = self._action_rows(action)
        m = rows.shape[1]
        try:
            return as_batch(np.asarray(rows[gens], dtype=np.int64).reshape(-1, m), m)
        except Exception as exc:
            raise NotAnActionError(f"the action's rows are not permutations: {exc}") from None

    def _all_rows(self, action: PointActionLike) -> np.ndarray:
        if isinstance(action, str) and action == "regular":
            from groupmat.errors import SizeLimitError

            n = self.order  # type: ignore[attr-defined]
            if n * n > 1 << 26:
                raise SizeLimitError(
                    f"the regular action of a group of order {n} as rows "
                    f"takes {n * n * 4 / 2**30:.1f} GiB"
                )
            return self.cayley_table().T  # type: ignore[attr-defined]  # row g: x -> x g
        return self._action_rows(action)

    @cached_property
    def _natural_permgroup(self) -> PermGroup:
        from groupmat.algebra.permgroups._permgroup import PermGroup

        gens = self._action_generators(None)
        return PermGroup(
            gens,
            degree=gens.shape[1],
            order=self.order,  # type: ignore[attr-defined]
            _trusted_order=True,
        )

    def to_permgroup(self, *, action: PointActionLike = None) -> PermGroup:
        """The image of the action as a :class:`~groupmat.PermGroup` (for the natural
        action, the same group with a stabiliser chain).

        Examples
        --------
        >>> import groupmat as gm
        >>> gm.mathieu(11).to_permgroup().order
        7920
        """
        if action is None:
            return self._natural_permgroup
        from groupmat.algebra.permgroups._permgroup import PermGroup

        gens = self._action_generators(action)
        return PermGroup(gens, degree=gens.shape[1])

    # ------------------------------------------------------------------ orbits
    def orbits(
        self, points: ArrayLike | None = None, *, action: PointActionLike = None
    ) -> list[np.ndarray]:
        """Orbits of the action (sorted point arrays, ordered by smallest point), or only those
        containing ``points``; ``O(k m)`` (connected components of the generators' graph).

        Examples
        --------
        >>> import groupmat as gm
        >>> G = gm.Group.from_permutations([[1, 0, 2, 4, 3]])
        >>> [o.tolist() for o in G.orbits()]
        [[0, 1], [2], [3, 4]]
        """
        from groupmat.algebra.permgroups._orbits import orbits

        gens = self._action_generators(action)
        if points is not None:
            pts = np.atleast_1d(np.asarray(points))
            if pts.size and (
                not np.issubdtype(pts.dtype, np.integer)
                or pts.min() < 0
                or pts.max() >= gens.shape[1]
            ):
                raise NotAnActionError(f"points {points!r} are not among 0..{gens.shape[1] - 1}")
            points = pts
        return orbits(gens, gens.shape[1], points)

    def orbit(self, point: int, *, action: PointActionLike = None) -> np.ndarray:
        """The orbit of one point (sorted)."""
        return self.orbits([point], action=action)[0]

    def is_transitive(self, *, action: PointActionLike = None) -> bool:
        """Whether the action has a single orbit."""
        return len(self.orbits(action=action)) == 1

    def stabilizer(self, point: int, *, action: PointActionLike = None) -> Subgroup:
        """The stabiliser of a point, as a :class:`~groupmat.Subgroup` (any action, transitive
        or not): the elements whose row fixes ``point``, one vectorised comparison, ``O(n)``.

        Examples
        --------
        >>> import groupmat as gm
        >>> gm.symmetric(5).stabilizer(2).order
        24
        """
        from groupmat.algebra._subgroup import Subgroup

        rows = self._all_rows(action)
        p = _point(point, rows.shape[1])
        elements = np.flatnonzero(rows[:, p] == p)
        return Subgroup._from_elements(self, elements)

    def representative_action(
        self, x: int, y: int, *, action: PointActionLike = None
    ) -> Element | None:
        """An element ``g`` with ``x^g = y`` (the first such element index), or ``None``
        (GAP's ``RepresentativeAction`` on points).

        Examples
        --------
        >>> import groupmat as gm
        >>> G = gm.symmetric(4)
        >>> g = G.representative_action(0, 3)
        >>> int(G.permutations[g.index][0])
        3
        """
        from groupmat.algebra._element import Element

        rows = self._all_rows(action)
        px, py = _point(x, rows.shape[1]), _point(y, rows.shape[1])
        hits = np.flatnonzero(rows[:, px] == py)
        return Element(self, int(hits[0])) if hits.size else None

    # ------------------------------------------------------------------ through PermGroup
    def transitivity(self, *, action: PointActionLike = None) -> int:
        """Largest ``k`` with the action ``k``-transitive (0 if intransitive; GAP's
        ``Transitivity``); see :meth:`PermGroup.transitivity`."""
        return self.to_permgroup(action=action).transitivity()

    def blocks(
        self, seed: Sequence[int] | None = None, *, action: PointActionLike = None
    ) -> list[np.ndarray]:
        """A block system of a transitive action; see :meth:`PermGroup.blocks`."""
        return self.to_permgroup(action=action).blocks(seed)

    def minimal_blocks(self, *, action: PointActionLike = None) -> list[list[np.ndarray]]:
        """All minimal nontrivial block systems; see :meth:`PermGroup.minimal_blocks`."""
        return self.to_permgroup(action=action).minimal_blocks()

    def is_primitive(self, *, action: PointActionLike = None) -> bool:
        """Transitive with no nontrivial blocks; see :meth:`PermGroup.is_primitive`."""
        return self.to_permgroup(action=action).is_primitive()

    # ------------------------------------------------------------------ permutation -> index
    @cached_property
    def _permutation_lookup(self) -> np.ndarray:
        """``lookup[c]`` = element index of the permutation with canonical chain number ``c``
        (:meth:`PermGroup.index_of` of every row, in chunks): ``O(n m d)`` once."""
        perms = self._action_rows(None)
        P = self._natural_permgroup
        n = perms.shape[0]
        lookup = np.empty(n, dtype=np.int64)
        step = max(1, (1 << 22) // max(perms.shape[1], 1))
        for lo in range(0, n, step):
            chunk = np.asarray(perms[lo : lo + step], dtype=np.int64)
            lookup[P.index_of(chunk)] = np.arange(lo, lo + chunk.shape[0])
        lookup.setflags(write=False)
        return lookup

    def index_of(self, perm: PermutationLike | PermutationsLike) -> int | np.ndarray:
        """The element index of a permutation (or of each row of a ``(B, d)`` batch), in the
        natural action ``G.permutations``.

        Sifting through a stabiliser chain gives each permutation a canonical number; a table
        built once from all elements maps it to the element index: ``O(B m d)`` per query, no
        hashing.

        Raises
        ------
        NotAnElementError
            A permutation that is not an element of ``G`` (or of the wrong degree).

        Examples
        --------
        >>> import groupmat as gm
        >>> G = gm.symmetric(4)
        >>> batch = [[0, 1, 2, 3], [1, 0, 2, 3]]
        >>> G.index_of(G.permutations[17]), G.index_of(batch).tolist()
        (17, [0, 2])
        """
        from groupmat.errors import NotAGroupError

        P = self._natural_permgroup
        try:
            canon = P.index_of(perm)
        except NotAGroupError as exc:
            raise NotAnElementError(f"not an element of {self!r}: {exc}") from None
        if isinstance(canon, np.ndarray):
            return self._permutation_lookup[canon]
        return int(self._permutation_lookup[canon])


def _point(x: object, m: int) -> int:
    if isinstance(x, bool) or not isinstance(x, (int, np.integer)) or not 0 <= x < m:
        raise NotAnActionError(f"point {x!r} is not among 0..{m - 1}")
    return int(x)
