"""groupmat: finite groups as arrays, group matrices, displacement structure, and equivariant
PyTorch layers compiled from them.

This package is the face users import from: every public name of the algebra lives here
(``gm.Group``, ``gm.group_matrix``, ``gm.spatial_group``, ...), the layers in
:mod:`groupmat.nn`, the checks in :mod:`groupmat.testing`, plotting in :mod:`groupmat.plot`.
Implementation modules are private (``_name.py``); the subpackages of :mod:`groupmat.algebra`
(``presentations``, ``matrices``, ``representations``, ``crystal``) are faces of their own.

>>> import groupmat as gm
>>> gm.Group.from_permutations([[1, 2, 0], [1, 0, 2]]).order
6
"""

from groupmat.algebra import *  # noqa: F403  (the public algebra API, listed in its __all__)
from groupmat.algebra import __all__ as _algebra_all
from groupmat.errors import *  # noqa: F403
from groupmat.errors import __all__ as _errors_all

__version__ = "0.1.0"

__all__ = list(dict.fromkeys([*_algebra_all, *_errors_all, "__version__"]))
