"""Group matrices, the regular representations, displacement operators, low-displacement-rank
perturbations and the group determinant.

The group matrix of ``a: G -> R`` is ``M[i, j] = a(g_i^-1 g_j)``; the matrices that commute with
every left translation are exactly these (docs/concepts/group-matrices.md), and the displacement
of a matrix measures how far it is from that (docs/concepts/displacement.md).

Examples
--------
>>> import groupmat as gm
>>> from groupmat.algebra.matrices import group_matrix, displacement_rank
>>> M = group_matrix(gm.cyclic(4), [1, 2, 3, 4])
>>> M[1].tolist()
[4, 1, 2, 3]
"""

from groupmat.algebra.matrices._displacement import (
    MAX_RANK_ENTRIES,
    displacement,
    displacement_rank,
    displacement_vanishes,
    equivariance_error_of_matrix,
    group_displacement,
    group_displacement_operators,
    group_displacements,
    numerical_rank,
    stein_displacement,
    sylvester_displacement,
)
from groupmat.algebra.matrices._group_determinant import (
    MAX_DETERMINANT_ORDER,
    MAX_SYMBOLIC_ORDER,
    GroupDeterminantFactorization,
    group_determinant,
)
from groupmat.algebra.matrices._group_matrix import (
    MAX_DENSE_ORDER,
    coefficient_matrix,
    convolve,
    distance_to_group_matrices,
    from_coefficient_matrix,
    group_matrix,
    group_matrix_coefficients,
    group_matrix_index,
    group_symbols,
    involution,
    is_group_matrix,
    project_to_group_matrices,
    squared_distance_to_group_matrices,
)
from groupmat.algebra.matrices._group_matrix_operator import (
    GroupMatrixOperator,
    KroneckerGroupMatrix,
)
from groupmat.algebra.matrices._ldr import LDRPerturbation, ldr_matrix
from groupmat.algebra.matrices._regular import (
    left_regular_representation,
    left_translates,
    regular_matrix,
    right_regular_representation,
    right_translates,
)

__all__ = [
    "MAX_DENSE_ORDER",
    "MAX_DETERMINANT_ORDER",
    "MAX_RANK_ENTRIES",
    "MAX_SYMBOLIC_ORDER",
    "GroupDeterminantFactorization",
    "GroupMatrixOperator",
    "KroneckerGroupMatrix",
    "LDRPerturbation",
    "coefficient_matrix",
    "convolve",
    "displacement",
    "displacement_rank",
    "displacement_vanishes",
    "distance_to_group_matrices",
    "equivariance_error_of_matrix",
    "from_coefficient_matrix",
    "group_determinant",
    "group_displacement",
    "group_displacement_operators",
    "group_displacements",
    "group_matrix",
    "group_matrix_coefficients",
    "group_matrix_index",
    "group_symbols",
    "involution",
    "is_group_matrix",
    "ldr_matrix",
    "left_regular_representation",
    "left_translates",
    "numerical_rank",
    "project_to_group_matrices",
    "regular_matrix",
    "right_regular_representation",
    "right_translates",
    "squared_distance_to_group_matrices",
    "stein_displacement",
    "sylvester_displacement",
]
