"""groupmat: finite groups as arrays, group matrices, displacement structure, and equivariant
PyTorch layers compiled from them.

>>> import groupmat as gm
>>> gm.Group.from_permutations([[1, 2, 0], [1, 0, 2]]).order
6
"""

from groupmat.algebra import *  # noqa: F403  (the public algebra API, listed in its __all__)
from groupmat.algebra import __all__ as _algebra_all
from groupmat.algebra.displacement import displacement
from groupmat.algebra.group_determinant import group_determinant
from groupmat.algebra.group_matrix import group_matrix
from groupmat.errors import (
    CosetEnumerationError,
    GroupmatError,
    InfiniteGroupError,
    NotAGroupError,
    NotAGroupMatrixError,
    NotAnElementError,
    PresentationError,
    SizeLimitError,
)

__version__ = "0.1.0"

__all__ = [
    *_algebra_all,
    "displacement",
    "group_determinant",
    "group_matrix",
    "CosetEnumerationError",
    "GroupmatError",
    "InfiniteGroupError",
    "NotAGroupError",
    "NotAGroupMatrixError",
    "NotAnElementError",
    "PresentationError",
    "SizeLimitError",
    "__version__",
]
