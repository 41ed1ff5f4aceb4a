"""Exception hierarchy of groupmat.

Every error the library raises on bad input is a :class:`GroupmatError`, so callers can catch
one class; the subclasses name the kind of problem.
"""

from __future__ import annotations

__all__ = [
    "CosetEnumerationError",
    "CrystallographicGroupError",
    "GroupmatError",
    "InfiniteGroupError",
    "LayerSpecError",
    "NotAGroupError",
    "NotAGroupMatrixError",
    "NotAnActionError",
    "NotAnElementError",
    "NotFiniteError",
    "PresentationError",
    "SizeLimitError",
    "SpatialGroupError",
]


class GroupmatError(Exception):
    """Base class of all errors raised by groupmat on bad input or impossible requests."""


class PresentationError(GroupmatError, ValueError):
    """A presentation or word string could not be parsed (the message shows column and caret)."""


class NotAGroupError(GroupmatError, ValueError):
    """The data given (table, permutations, matrices, products) does not define a group."""


class InfiniteGroupError(GroupmatError):
    """The group is (or appears to be) infinite, so it cannot be enumerated."""


class SizeLimitError(GroupmatError):
    """A computation would exceed a size guard; the message names the size and how to raise it."""


class CosetEnumerationError(GroupmatError):
    """Todd-Coxeter hit its coset limit: the group may be infinite or the limit too small."""


class NotAnElementError(GroupmatError, ValueError, IndexError):
    """An input that should be an element (or subgroup) of a given group is not: an index out of
    range, an :class:`~groupmat.Element` or subgroup of a different group, or a wrong type.

    Every function taking elements raises this one class (it is also a ``ValueError`` and, as
    numpy's bad indices are, an ``IndexError``)."""


class NotAGroupMatrixError(GroupmatError, ValueError):
    """A matrix expected to be a group matrix of ``G`` is not one (within the tolerance)."""


class NotAnActionError(GroupmatError, ValueError):
    """Permutations that do not define a (transitive, where required) action of the given group."""


class CrystallographicGroupError(GroupmatError, ValueError):
    """Bad torus shape, point group, grid or kernel for a crystallographic group."""


#: The error of :func:`~groupmat.spatial_group` (the same class, under the name users meet first).
SpatialGroupError = CrystallographicGroupError


class LayerSpecError(GroupmatError, ValueError):
    """A layer was given spaces, kernels or options that do not fit together."""


class NotFiniteError(GroupmatError, ValueError):
    """A tensor that must be finite (an input, or a module's output in an equivariance check)
    holds NaN or infinite values; the message says which tensor and the first bad index."""
