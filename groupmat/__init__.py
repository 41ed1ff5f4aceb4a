"""groupmat: finite groups as arrays, group matrices, displacement structure, and equivariant
PyTorch layers compiled from them.

>>> import groupmat as gm
>>> gm.Group.from_permutations([[1, 2, 0], [1, 0, 2]]).order
6
"""

from groupmat.algebra import MAX_TABLE_ORDER, Element, Group
from groupmat.errors import (
    CosetEnumerationError,
    GroupmatError,
    InfiniteGroupError,
    NotAGroupError,
    PresentationError,
    SizeLimitError,
)

__version__ = "0.1.0"

__all__ = [
    "MAX_TABLE_ORDER",
    "CosetEnumerationError",
    "Element",
    "Group",
    "GroupmatError",
    "InfiniteGroupError",
    "NotAGroupError",
    "PresentationError",
    "SizeLimitError",
    "__version__",
]
