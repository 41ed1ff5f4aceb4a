"""Finite presentations, GAP-syntax words, Todd-Coxeter coset enumeration and Coxeter groups.

The face of the presentation machinery: :class:`Presentation` (parsing, words), coset
enumeration (:func:`enumerate_cosets`, :class:`CosetTable`, a compiled kernel with a pure-Python
twin that gives identical tables) and Coxeter groups from their matrices or diagrams.

Examples
--------
>>> from groupmat.algebra.presentations import Presentation, enumerate_cosets
>>> enumerate_cosets(Presentation.parse("< a, b | a^2, b^3, (a*b)^5 >")).index
60
"""

from groupmat.algebra.presentations._coset_enumeration import (
    STRATEGIES,
    CosetTable,
    EnumerationStats,
    enumerate_cosets,
    kernel_backend,
    subgroup_index,
)
from groupmat.algebra.presentations._coxeter import (
    coxeter_group,
    coxeter_matrix,
    coxeter_order,
    coxeter_presentation,
)
from groupmat.algebra.presentations._presentation import (
    MAX_WORD_LENGTH,
    Presentation,
    cyclically_reduce,
    free_reduce,
    invert_word,
    parse_word,
    word_to_string,
)

__all__ = [
    "MAX_WORD_LENGTH",
    "STRATEGIES",
    "CosetTable",
    "EnumerationStats",
    "Presentation",
    "coxeter_group",
    "coxeter_matrix",
    "coxeter_order",
    "coxeter_presentation",
    "cyclically_reduce",
    "enumerate_cosets",
    "free_reduce",
    "invert_word",
    "kernel_backend",
    "parse_word",
    "subgroup_index",
    "word_to_string",
]
