"""The algebra core: finite groups as arrays and everything derived from them.

Functions named like their module (``group_matrix``, ``displacement``, ``group_determinant``)
are exported from :mod:`groupmat` only, so that ``groupmat.algebra.group_matrix`` stays the
module.
"""

from groupmat.algebra.coset_enumeration import CosetTable, enumerate_cosets, subgroup_index
from groupmat.algebra.coxeter import coxeter_group, coxeter_matrix, coxeter_presentation
from groupmat.algebra.crystallographic import (
    CrystallographicGroup,
    CrystallographicGroupError,
    crystallographic_group,
)
from groupmat.algebra.displacement import (
    displacement_rank,
    equivariance_error_of_matrix,
    group_displacement,
    group_displacements,
    numerical_rank,
    stein_displacement,
    sylvester_displacement,
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
from groupmat.algebra.group_determinant import GroupDeterminantFactorization
from groupmat.algebra.group_matrix import (
    coefficient_matrix,
    convolve,
    distance_to_group_matrices,
    from_coefficient_matrix,
    group_matrix_coefficients,
    group_symbols,
    involution,
    is_group_matrix,
    project_to_group_matrices,
)
from groupmat.algebra.group_matrix_operator import GroupMatrixOperator, KroneckerGroupMatrix
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
from groupmat.algebra.ldr import LDRPerturbation, ldr_matrix
from groupmat.algebra.matrix_groups import MatrixGroup, matrix_group
from groupmat.algebra.presentation import Presentation, parse_word, word_to_string
from groupmat.algebra.products import (
    direct_product,
    holomorph,
    semidirect_product,
    wreath_product,
)
from groupmat.algebra.regular import (
    left_regular_representation,
    regular_matrix,
    right_regular_representation,
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
    "GroupDeterminantFactorization",
    "GroupMatrixOperator",
    "HomogeneousSpace",
    "Homomorphism",
    "Irrep",
    "KroneckerGroupMatrix",
    "LDRPerturbation",
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
    "coefficient_matrix",
    "conjugacy_classes",
    "convolve",
    "coxeter_group",
    "coxeter_matrix",
    "coxeter_presentation",
    "crystallographic_group",
    "cubic_point_group",
    "cyclic",
    "dicyclic",
    "dihedral",
    "direct_product",
    "displacement_rank",
    "distance_to_group_matrices",
    "double_cosets",
    "enumerate_cosets",
    "equivariance_error_of_matrix",
    "equivariant_basis",
    "fourier",
    "from_coefficient_matrix",
    "gl",
    "group_displacement",
    "group_displacements",
    "group_matrix_coefficients",
    "group_symbols",
    "holomorph",
    "inverse_fourier",
    "involution",
    "irreducible_representations",
    "is_group_matrix",
    "klein_four",
    "ldr_matrix",
    "left_regular_representation",
    "mathieu",
    "matrix_group",
    "natural_homomorphism",
    "normalizer",
    "numerical_rank",
    "parse_word",
    "pgl",
    "project_to_group_matrices",
    "psl",
    "quaternion",
    "quotient",
    "quotient_map",
    "regular_matrix",
    "right_regular_representation",
    "semidirect_product",
    "sl",
    "space_group",
    "spatial_group",
    "stein_displacement",
    "subgroup_index",
    "sylvester_displacement",
    "symmetric",
    "trivial",
    "wallpaper_group",
    "word_to_string",
    "wreath_product",
]
