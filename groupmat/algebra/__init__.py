"""The algebra core: finite groups as arrays and everything derived from them."""

from groupmat.algebra.coset_enumeration import CosetTable, enumerate_cosets, subgroup_index
from groupmat.algebra.coxeter import coxeter_group, coxeter_matrix, coxeter_presentation
from groupmat.algebra.crystallographic import (
    CrystallographicGroup,
    CrystallographicGroupError,
    crystallographic_group,
)
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
from groupmat.algebra.homogeneous import (
    DoubleCosets,
    HomogeneousSpace,
    NotAnActionError,
    QuotientMap,
    double_cosets,
    equivariant_basis,
    quotient_map,
)
from groupmat.algebra.homomorphism import Homomorphism, natural_homomorphism
from groupmat.algebra.matrix_groups import MatrixGroup, matrix_group
from groupmat.algebra.presentation import Presentation, parse_word, word_to_string
from groupmat.algebra.products import (
    direct_product,
    holomorph,
    semidirect_product,
    wreath_product,
)
from groupmat.algebra.representations import (
    CharacterTable,
    Irrep,
    character_degrees,
    character_table,
    fourier,
    inverse_fourier,
    irreducible_representations,
)
from groupmat.algebra.space_groups import SPACE_GROUPS, cubic_point_group, space_group
from groupmat.algebra.spatial import (
    POINT_GROUPS,
    PointGroup,
    SpatialGroup,
    SpatialGroupError,
    spatial_group,
)
from groupmat.algebra.structure import (
    abelian_invariants,
    center,
    centralizer,
    conjugacy_classes,
    normalizer,
)
from groupmat.algebra.subgroup import Subgroup, quotient
from groupmat.algebra.wallpaper import WALLPAPER_GROUPS, wallpaper_group

__all__ = [
    "MAX_TABLE_ORDER",
    "POINT_GROUPS",
    "SPACE_GROUPS",
    "WALLPAPER_GROUPS",
    "CharacterTable",
    "CosetTable",
    "CrystallographicGroup",
    "CrystallographicGroupError",
    "DoubleCosets",
    "Element",
    "Group",
    "HomogeneousSpace",
    "Homomorphism",
    "Irrep",
    "MatrixGroup",
    "NotAnActionError",
    "PointGroup",
    "Presentation",
    "QuotientMap",
    "SpatialGroup",
    "SpatialGroupError",
    "Subgroup",
    "abelian",
    "abelian_invariants",
    "alternating",
    "center",
    "centralizer",
    "character_degrees",
    "character_table",
    "conjugacy_classes",
    "coxeter_group",
    "coxeter_matrix",
    "coxeter_presentation",
    "crystallographic_group",
    "cubic_point_group",
    "cyclic",
    "dicyclic",
    "dihedral",
    "direct_product",
    "double_cosets",
    "enumerate_cosets",
    "equivariant_basis",
    "fourier",
    "gl",
    "holomorph",
    "inverse_fourier",
    "irreducible_representations",
    "klein_four",
    "mathieu",
    "matrix_group",
    "natural_homomorphism",
    "normalizer",
    "parse_word",
    "pgl",
    "psl",
    "quaternion",
    "quotient",
    "quotient_map",
    "semidirect_product",
    "sl",
    "space_group",
    "spatial_group",
    "subgroup_index",
    "symmetric",
    "trivial",
    "wallpaper_group",
    "word_to_string",
    "wreath_product",
]
