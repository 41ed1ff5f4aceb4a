"""Subgroup structure and recognition: the questions a group theorist asks first.

The face of the subgroup algorithms (implementation in private modules, one job each):

- conjugacy classes of subgroups, all subgroups and the subgroup lattice by the cyclic
  extension method (:class:`SubgroupLattice`, :class:`SubgroupClass`);
- normal structure: :func:`normal_subgroups`, :func:`minimal_normal_subgroups`,
  :func:`socle`, :func:`fitting_subgroup`, :func:`frattini_subgroup`;
- Sylow theory: :func:`sylow_subgroup`, :func:`sylow_subgroups`, :func:`hall_subgroup`,
  :func:`p_core`;
- series: :func:`chief_series`, :func:`composition_series`, :func:`composition_factors`;
- recognition: :func:`is_isomorphic`, :func:`isomorphism`, :func:`automorphism_group`,
  :func:`structure_description`.

The same operations are methods of :class:`~groupmat.Group` (mixin
:class:`SubgroupLatticeMethods`), under GAP's names.

Examples
--------
>>> import groupmat as gm
>>> from groupmat.algebra.subgroups import structure_description
>>> structure_description(gm.symmetric(4)), len(gm.symmetric(5).conjugacy_classes_subgroups())
('S4', 19)
"""

from groupmat.algebra.subgroups._characteristic import (
    fitting_subgroup,
    frattini_subgroup,
    minimal_normal_subgroups,
    normal_subgroups,
    socle,
)
from groupmat.algebra.subgroups._isomorphism import group_invariants, is_isomorphic, isomorphism
from groupmat.algebra.subgroups._lattice import SubgroupLattice
from groupmat.algebra.subgroups._methods import SubgroupLatticeMethods
from groupmat.algebra.subgroups._series import (
    chief_series,
    composition_factors,
    composition_series,
    simple_group_name,
)
from groupmat.algebra.subgroups._structure_description import structure_description
from groupmat.algebra.subgroups._subgroup_class import SubgroupClass
from groupmat.algebra.subgroups._sylow import hall_subgroup, p_core, sylow_subgroup, sylow_subgroups

_LAZY = {  # defined on top of Group, which imports this package for its mixin
    "AutomorphismGroup": "_automorphism_group",
    "automorphism_group": "_automorphism_group",
    "automorphism_group_order": "_automorphism_group",
}


def __getattr__(name: str) -> object:
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(f"{__name__}.{_LAZY[name]}"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "AutomorphismGroup",
    "SubgroupClass",
    "SubgroupLattice",
    "SubgroupLatticeMethods",
    "automorphism_group",
    "automorphism_group_order",
    "chief_series",
    "composition_factors",
    "composition_series",
    "fitting_subgroup",
    "frattini_subgroup",
    "group_invariants",
    "hall_subgroup",
    "is_isomorphic",
    "isomorphism",
    "minimal_normal_subgroups",
    "normal_subgroups",
    "p_core",
    "simple_group_name",
    "socle",
    "structure_description",
    "sylow_subgroup",
    "sylow_subgroups",
]
