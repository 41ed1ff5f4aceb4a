"""Characters, real and unitary irreducible representations and the group Fourier transform.

- character tables (Burnside / Dixon with exact values): :class:`CharacterTable`,
  :func:`character_table`, class multiplication coefficients, :func:`character_degrees`,
  :func:`permutation_character`;
- ``G ≅ Z_{m_1} x ... x Z_{m_r}`` with coordinates (:class:`AbelianStructure`) and the
  characters of abelian groups in closed form;
- unitary irreducible representations (:class:`Irrep`, :func:`irreducible_representations`,
  :func:`tensor_product_irreps`);
- the Fourier transform :func:`fourier`, :func:`inverse_fourier`, :func:`fourier_basis`,
  :func:`block_diagonal_form`;
- real orthogonal forms of the irreps and the real Fourier transform (:func:`real_fourier`),
  which block-diagonalises every group matrix over the reals (used by the spectral layers).

Examples
--------
>>> import groupmat as gm
>>> from groupmat.algebra.representations import character_degrees
>>> character_degrees(gm.symmetric(4))
[1, 1, 2, 3, 3]
"""

from groupmat.algebra.representations._abelian_decomposition import (
    AbelianStructure,
    abelian_structure,
)
from groupmat.algebra.representations._characters import (
    MAX_DENSE_ENTRIES,
    CharacterTable,
    character_degrees,
    character_table,
    class_multiplication_coefficients,
    permutation_character,
)
from groupmat.algebra.representations._fourier_transform import (
    FOURIER_CACHE_ENTRIES,
    block_diagonal_form,
    fourier,
    fourier_basis,
    inverse_fourier,
)
from groupmat.algebra.representations._irreps import (
    Irrep,
    irreducible_representations,
    tensor_product_irreps,
)
from groupmat.algebra.representations._real_forms import RealBlock, RealFourier, real_fourier

__all__ = [
    "FOURIER_CACHE_ENTRIES",
    "MAX_DENSE_ENTRIES",
    "AbelianStructure",
    "CharacterTable",
    "Irrep",
    "RealBlock",
    "RealFourier",
    "abelian_structure",
    "block_diagonal_form",
    "character_degrees",
    "character_table",
    "class_multiplication_coefficients",
    "fourier",
    "fourier_basis",
    "inverse_fourier",
    "irreducible_representations",
    "permutation_character",
    "real_fourier",
    "tensor_product_irreps",
]
