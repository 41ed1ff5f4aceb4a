"""Characters, unitary irreducible representations and the group Fourier transform (facade).

The work lives in four modules, re-exported here so that
``from groupmat.algebra.representations import X`` keeps working:

- :mod:`groupmat.algebra.characters`: character tables (Burnside / Dixon with exact values),
  :class:`CharacterTable`, class multiplication coefficients, :func:`character_degrees`,
  :func:`permutation_character`;
- :mod:`groupmat.algebra.abelian_decomposition`: ``G ≅ Z_{m_1} x ... x Z_{m_r}`` with
  coordinates (:class:`AbelianStructure`), the characters of abelian groups in closed form;
- :mod:`groupmat.algebra.irreps`: unitary irreducible representations (:class:`Irrep`,
  :func:`irreducible_representations`, :func:`tensor_product_irreps`);
- :mod:`groupmat.algebra.fourier_transform`: :func:`fourier`, :func:`inverse_fourier`,
  :func:`fourier_basis`, :func:`block_diagonal_form`.
"""

from __future__ import annotations

from groupmat.algebra.abelian_decomposition import AbelianStructure, abelian_structure
from groupmat.algebra.characters import (
    MAX_DENSE_ENTRIES,
    CharacterTable,
    character_degrees,
    character_table,
    class_multiplication_coefficients,
    permutation_character,
)
from groupmat.algebra.fourier_transform import (
    block_diagonal_form,
    fourier,
    fourier_basis,
    inverse_fourier,
)
from groupmat.algebra.irreps import Irrep, irreducible_representations, tensor_product_irreps

__all__ = [
    "MAX_DENSE_ENTRIES",
    "AbelianStructure",
    "CharacterTable",
    "Irrep",
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
    "tensor_product_irreps",
]
