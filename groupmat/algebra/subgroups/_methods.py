"""The subgroup-structure methods of :class:`~groupmat.Group` (a mixin, GAP's names).

Each method delegates to the private module that holds its algorithm; results that GAP
stores as attributes are computed once and cached on the group (which never changes).
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cached_property
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    import networkx as nx

    from groupmat.algebra._group import Group
    from groupmat.algebra._subgroup import Subgroup
    from groupmat.algebra.subgroups._automorphism_group import AutomorphismGroup
    from groupmat.algebra.subgroups._subgroup_class import SubgroupClass

__all__ = ["SubgroupLatticeMethods"]


def _cached(G: Any, name: str, build: Any) -> Any:
    d = G._subgroup_cache
    if name not in d:
        d[name] = build()
    return d[name]


class SubgroupLatticeMethods:
    """Mixin of :class:`~groupmat.Group`: subgroup lattice, Sylow theory, series, recognition.

    Examples
    --------
    >>> import groupmat as gm
    >>> G = gm.symmetric(4)
    >>> len(G.conjugacy_classes_subgroups()), len(G.subgroups())
    (11, 30)
    >>> [N.order for N in G.normal_subgroups()], G.sylow_subgroup(2).order
    ([1, 4, 12, 24], 8)
    >>> G.structure_description()
    'S4'
    """

    @cached_property
    def _subgroup_cache(self) -> dict[str, Any]:
        """Results of the subgroup algorithms, computed once (see ``_cache.cache_of``)."""
        return {}

    # ---------------------------------------------------------------- lattice
    def conjugacy_classes_subgroups(
        self, *, max_order: int | None = None, progress: bool = True
    ) -> list[SubgroupClass]:
        """Conjugacy classes of subgroups by increasing order (GAP's
        ``ConjugacyClassesSubgroups``): each a
        :class:`~groupmat.algebra.subgroups.SubgroupClass` with ``representative``, ``size``
        (number of conjugates) and ``members()``. Cyclic extension method, see
        :class:`~groupmat.algebra.subgroups.SubgroupLattice`; :class:`SizeLimitError` above
        ``max_order`` (default 10000) before any search."""
        from groupmat.algebra.subgroups._lattice import lattice_of

        return list(lattice_of(self, max_order, progress).classes)

    def subgroups(
        self, *, max_order: int | None = None, max_subgroups: int | None = None
    ) -> list[Subgroup]:
        """All subgroups (GAP's ``AllSubgroups``), class by class; :class:`SizeLimitError` when
        there are more than ``max_subgroups`` (default 100000) or ``|G| > max_order``."""
        from groupmat.algebra.subgroups._lattice import lattice_of

        return lattice_of(self, max_order).subgroups(max_subgroups)

    def subgroup_lattice(self, *, max_order: int | None = None) -> nx.DiGraph:
        """The lattice of conjugacy classes of subgroups as a networkx DiGraph: node ``i`` is
        class ``i`` of :meth:`conjugacy_classes_subgroups` (attributes ``order``, ``size``,
        ``layer``), an edge ``i -> j`` when a member of class ``i`` is a maximal subgroup of
        the representative of class ``j``. Draw it with
        ``nx.draw(L, nx.multipartite_layout(L, subset_key="layer", align="horizontal"))``."""
        from groupmat.algebra.subgroups._lattice import lattice_of

        return lattice_of(self, max_order).digraph()

    def maximal_subgroups(self, *, max_order: int | None = None) -> list[SubgroupClass]:
        """Conjugacy classes of maximal subgroups (GAP's ``ConjugacyClassesMaximalSubgroups``),
        from the lattice."""
        from groupmat.algebra.subgroups._lattice import lattice_of

        lat = lattice_of(self, max_order)
        if self.order == 1:  # type: ignore[attr-defined]
            return []
        return [lat.classes[i] for i in sorted(lat.maximal_classes())]

    # ---------------------------------------------------------------- normal structure
    def normal_subgroups(self, *, max_count: int | None = None) -> list[Subgroup]:
        """All normal subgroups by increasing order (GAP's ``NormalSubgroups``)."""
        from groupmat.algebra.subgroups._characteristic import normal_subgroups

        return list(
            _cached(self, "_normal_subgroups", lambda: normal_subgroups(self, max_count=max_count))
        )

    def minimal_normal_subgroups(self) -> list[Subgroup]:
        """The minimal normal subgroups (GAP's ``MinimalNormalSubgroups``)."""
        from groupmat.algebra.subgroups._characteristic import minimal_normal_subgroups

        return list(_cached(self, "_minimal_normal", lambda: minimal_normal_subgroups(self)))

    def frattini_subgroup(self, *, max_order: int | None = None) -> Subgroup:
        """``Φ(G)``, the intersection of the maximal subgroups (GAP's ``FrattiniSubgroup``)."""
        from groupmat.algebra.subgroups._characteristic import frattini_subgroup

        return _cached(self, "_frattini", lambda: frattini_subgroup(self, max_order=max_order))

    def fitting_subgroup(self) -> Subgroup:
        """``F(G)``, the largest nilpotent normal subgroup (GAP's ``FittingSubgroup``)."""
        from groupmat.algebra.subgroups._characteristic import fitting_subgroup

        return _cached(self, "_fitting", lambda: fitting_subgroup(self))

    def socle(self) -> Subgroup:
        """The subgroup generated by the minimal normal subgroups (GAP's ``Socle``)."""
        from groupmat.algebra.subgroups._characteristic import socle

        return _cached(self, "_socle", lambda: socle(self))

    # ---------------------------------------------------------------- Sylow and Hall
    def sylow_subgroup(self, p: int) -> Subgroup:
        """A Sylow ``p``-subgroup (GAP's ``SylowSubgroup``)."""
        from groupmat.algebra.subgroups._sylow import sylow_subgroup

        return _cached(self, f"_sylow_{p}", lambda: sylow_subgroup(self, p))

    def sylow_subgroups(self, p: int) -> list[Subgroup]:
        """All Sylow ``p``-subgroups; ``len(...)`` is ``n_p``."""
        from groupmat.algebra.subgroups._sylow import sylow_subgroups

        return sylow_subgroups(self, p)

    def hall_subgroup(self, pi: int | Iterable[int]) -> Subgroup:
        """A Hall ``π``-subgroup of a solvable group (GAP's ``HallSubgroup``)."""
        from groupmat.algebra.subgroups._sylow import hall_subgroup

        return hall_subgroup(self, pi)

    def p_core(self, p: int) -> Subgroup:
        """``O_p(G)``, the largest normal ``p``-subgroup (GAP's ``PCore``)."""
        from groupmat.algebra.subgroups._sylow import p_core

        return _cached(self, f"_pcore_{p}", lambda: p_core(self, p))

    # ---------------------------------------------------------------- series
    def chief_series(self) -> list[Subgroup]:
        """A chief series, ``G`` first (GAP's ``ChiefSeries``)."""
        from groupmat.algebra.subgroups._series import chief_series

        return list(_cached(self, "_chief_series", lambda: chief_series(self)))

    def composition_series(self) -> list[Subgroup]:
        """A composition series, ``G`` first (GAP's ``CompositionSeries``)."""
        from groupmat.algebra.subgroups._series import composition_series

        return list(_cached(self, "_composition_series", lambda: composition_series(self)))

    def composition_factors(self) -> list[Group]:
        """The simple factors of :meth:`composition_series`, top first, each a group named
        as GAP names it (``"C2"``, ``"A5"``, ``"PSL(3,2)"``)."""
        from groupmat.algebra.subgroups._series import composition_factors

        return composition_factors(self)

    # ---------------------------------------------------------------- recognition
    def automorphism_group(
        self, *, max_order: int | None = None, max_aut_order: int | None = None
    ) -> AutomorphismGroup:
        """``Aut(G)`` as a permutation group on ``G``'s elements, with ``Inn(G)`` as its
        subgroup ``.inner`` (GAP's ``AutomorphismGroup``); the size guards are those of
        :func:`~groupmat.algebra.subgroups._automorphism_group.automorphism_group`."""
        from groupmat.algebra.subgroups._automorphism_group import automorphism_group

        return _cached(
            self,
            "_automorphism_group",
            lambda: automorphism_group(self, max_order=max_order, max_aut_order=max_aut_order),
        )

    def outer_automorphism_order(self, *, max_order: int | None = None) -> int:
        """``|Out(G)| = |Aut(G)| / |Inn(G)|`` with ``|Inn(G)| = |G| / |Z(G)|``; ``|Aut(G)|``
        from the basic orbits of the search, so ``Aut(G)`` need not be small enough to list."""
        from groupmat.algebra.subgroups._automorphism_group import automorphism_group_order

        aut = automorphism_group_order(self, max_order=max_order)
        return aut * self.center().order // self.order  # type: ignore[attr-defined]

    def structure_description(self) -> str:
        """GAP's ``StructureDescription``: ``"C2 x S4"``, ``"(C4 x C2) : C2"``, ``"A5"``; see
        :func:`~groupmat.algebra.subgroups.structure_description` for the notation."""
        from groupmat.algebra.subgroups._structure_description import structure_description

        return _cached(self, "_structure_description", lambda: structure_description(self))
