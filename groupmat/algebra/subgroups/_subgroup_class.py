"""A conjugacy class of subgroups (GAP's ``ConjugacyClassSubgroups``), a view into a
:class:`~groupmat.algebra.subgroups.SubgroupLattice` that stores its members' packed masks."""

from __future__ import annotations

from functools import cached_property
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:  # pragma: no cover
    from groupmat.algebra._group import Group
    from groupmat.algebra._subgroup import Subgroup
    from groupmat.algebra.subgroups._lattice import SubgroupLattice

__all__ = ["SubgroupClass"]


class SubgroupClass:
    """A conjugacy class of subgroups of ``G`` (GAP's ``ConjugacyClassSubgroups``).

    Attributes
    ----------
    representative : Subgroup
        One subgroup of the class.
    size : int
        Number of conjugates, ``[G : N_G(H)]``.
    order : int
        ``|H|``.

    Examples
    --------
    >>> import groupmat as gm
    >>> cls = gm.symmetric(4).conjugacy_classes_subgroups()
    >>> [(c.order, c.size) for c in cls][:4]
    [(1, 1), (2, 3), (2, 6), (3, 4)]
    """

    def __init__(self, lattice: SubgroupLattice, index: int) -> None:
        self._lattice = lattice
        self._index = index

    @property
    def group(self) -> Group:
        return self._lattice.group

    @property
    def order(self) -> int:
        return int(self._lattice.orders[self._index])

    @property
    def size(self) -> int:
        return int(self._lattice.transversals[self._index].size)

    def __len__(self) -> int:
        return self.size

    @cached_property
    def representative(self) -> Subgroup:
        return self._lattice.subgroup(self._index, 0)

    def normalizer(self) -> Subgroup:
        """``N_G(H)`` of the representative."""
        from groupmat.algebra._subgroup import Subgroup

        return Subgroup._from_elements(
            self.group, np.flatnonzero(self._lattice.normalizers[self._index])
        )

    def members(self) -> list[Subgroup]:
        """All conjugates ``H^t`` (``t`` over a right transversal of ``N_G(H)``), the
        representative first."""
        return [self._lattice.subgroup(self._index, m) for m in range(self.size)]

    @property
    def is_normal(self) -> bool:
        return self.size == 1

    def __repr__(self) -> str:
        return f"<SubgroupClass of {self.size} subgroup(s) of order {self.order}>"
