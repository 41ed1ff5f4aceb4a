"""The algebra core: finite groups as arrays and everything derived from them."""

from groupmat.algebra.families import (
    abelian,
    alternating,
    cyclic,
    dicyclic,
    dihedral,
    gl,
    klein_four,
    mathieu,
    pgl,
    psl,
    quaternion,
    sl,
    symmetric,
    trivial,
)
from groupmat.algebra.group import MAX_TABLE_ORDER, Element, Group
from groupmat.algebra.homomorphism import Homomorphism, natural_homomorphism
from groupmat.algebra.presentation import Presentation, parse_word, word_to_string
from groupmat.algebra.products import (
    direct_product,
    holomorph,
    semidirect_product,
    wreath_product,
)
from groupmat.algebra.spatial import POINT_GROUPS, PointGroup, SpatialGroup, spatial_group
from groupmat.algebra.subgroup import Subgroup

__all__ = [
    "MAX_TABLE_ORDER",
    "POINT_GROUPS",
    "Element",
    "Group",
    "Homomorphism",
    "PointGroup",
    "Presentation",
    "SpatialGroup",
    "Subgroup",
    "abelian",
    "alternating",
    "cyclic",
    "dicyclic",
    "dihedral",
    "direct_product",
    "gl",
    "holomorph",
    "klein_four",
    "mathieu",
    "natural_homomorphism",
    "parse_word",
    "pgl",
    "psl",
    "quaternion",
    "semidirect_product",
    "sl",
    "spatial_group",
    "symmetric",
    "trivial",
    "word_to_string",
    "wreath_product",
]
