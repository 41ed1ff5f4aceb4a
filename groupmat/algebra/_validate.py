"""The one validator for element and integer arguments of the algebra.

Every public function that takes elements of a group ``G`` (an index, an
:class:`~groupmat.Element`, a word string, or arrays / iterables of them) converts them here, so
the same mistake gives the same error everywhere: :class:`~groupmat.NotAnElementError` (a
``ValueError`` and, as numpy's bad indices, an ``IndexError``) naming the argument, the
offending value and the group. Integer arguments that are not elements (exponents, sizes,
limits) go through :func:`as_int`, which refuses floats, bools, NaN and infinities instead of
truncating them.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any, TypeAlias

import numpy as np

from groupmat.algebra._element import Element
from groupmat.errors import NotAnElementError

if TYPE_CHECKING:  # pragma: no cover
    from groupmat.algebra._group import Group
    from groupmat.algebra._subgroup import Subgroup

__all__ = [
    "ElementLike",
    "ElementsLike",
    "as_int",
    "element_array",
    "element_index",
    "element_indices",
]

#: One element of a group ``G`` as :func:`element_index` accepts it: an index ``0 <= i < |G|``
#: (a Python or numpy integer, not a bool or float), an :class:`~groupmat.Element` of ``G``,
#: or a string: one of ``G.element_names`` or a word in ``G``'s generator names (GAP syntax,
#: e.g. ``"a^2*b"``).
ElementLike: TypeAlias = int | np.integer[Any] | Element | str

#: Several elements of ``G`` as :func:`element_indices` and :func:`element_array` accept them:
#: one :data:`ElementLike`, a sequence of them, or an integer index array (any shape where
#: the function broadcasts).
ElementsLike: TypeAlias = ElementLike | Sequence[ElementLike] | np.ndarray


def as_int(x: object, what: str, *, minimum: int | None = None) -> int:
    """``x`` as a Python int, refusing what is not an integer (``2.5``, ``True``, NaN, inf).

    Integral floats (``3.0``) are refused too: an integer argument given as a float is
    usually a mistake upstream (a division, a NaN), and silently rounding it hides that.

    Examples
    --------
    >>> as_int(np.int64(3), "e")
    3
    >>> as_int(2.5, "exponent")
    Traceback (most recent call last):
    ...
    TypeError: exponent must be an integer, got float 2.5
    >>> as_int(-1, "max_order", minimum=1)
    Traceback (most recent call last):
    ...
    ValueError: max_order must be >= 1, got -1
    """
    if isinstance(x, (bool, np.bool_)) or not isinstance(x, numbers.Integral):
        if isinstance(x, float) and not math.isfinite(x):
            raise ValueError(f"{what} must be a finite integer, got {x}")
        raise TypeError(f"{what} must be an integer, got {type(x).__name__} {x!r}")
    v = int(x)
    if minimum is not None and v < minimum:
        raise ValueError(f"{what} must be >= {minimum}, got {v}")
    return v


def element_index(G: Group, x: ElementLike, what: str = "element") -> int:
    """The index of one element of ``G`` given as an index, an :class:`~groupmat.Element` of
    ``G`` or a word string in ``G``'s generator names.

    Raises
    ------
    NotAnElementError
        An Element of another group, a float / bool / other type, or an index out of range
        (it is also a ``ValueError`` and an ``IndexError``).

    Examples
    --------
    >>> import groupmat as gm
    >>> G = gm.cyclic(4)
    >>> element_index(G, "a^3"), element_index(G, G.gens[0])
    (3, 1)
    >>> element_index(G, 4)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    groupmat.errors.NotAnElementError: element index 4 out of range for a group of order 4 ...
    """
    if isinstance(x, Element):
        if x.group is not G:
            raise NotAnElementError(
                f"{what} {x!r} belongs to a different group ({x.group!r}), not {G!r}; "
                "use an index or G.element(...)"
            )
        return x.index
    if isinstance(x, str):
        return G.evaluate(x)
    if isinstance(x, np.ndarray) and x.ndim == 0:
        x = x.item()
    if isinstance(x, (bool, np.bool_)) or not isinstance(x, numbers.Integral):
        raise NotAnElementError(
            f"{what} must be an index, an Element of {G!r} or a word string, "
            f"got {type(x).__name__} {x!r}"
        )
    i = int(x)
    if not 0 <= i < G.order:
        raise NotAnElementError(
            f"{what} index {i} out of range for a group of order {G.order} "
            f"(indices 0..{G.order - 1})"
        )
    return i


def element_indices(
    G: Group, xs: ElementsLike | Iterable[ElementLike] | Subgroup, what: str = "element"
) -> list[int]:
    """Element indices from one element or an iterable of them (indices, Elements, words), or
    from a :class:`~groupmat.Subgroup` of ``G`` (its generators)."""
    from groupmat.algebra._subgroup import Subgroup

    if isinstance(xs, Subgroup):
        if xs.group is not G:
            raise NotAnElementError(f"subgroup {xs!r} is a subgroup of another group, not {G!r}")
        return list(xs.generators)
    if isinstance(xs, (str, Element, numbers.Integral)):
        return [element_index(G, xs, what)]
    if isinstance(xs, np.ndarray):
        xs = xs.ravel().tolist()
    if xs is None or not isinstance(xs, Iterable):
        raise NotAnElementError(
            f"expected {what}s (indices, Elements or word strings), got {type(xs).__name__}"
        )
    return [element_index(G, x, what) for x in xs]


def element_array(G: Group, x: ElementsLike, what: str = "element") -> np.ndarray:
    """An int64 index array (any shape, broadcastable) from indices, arrays of indices or
    Elements of ``G``; checked for dtype and range in ``O(size)``.

    Examples
    --------
    >>> import groupmat as gm
    >>> element_array(gm.cyclic(4), [[0, 1], [2, 3]]).shape
    (2, 2)
    """
    if isinstance(x, Element):
        return np.asarray(element_index(G, x, what), dtype=np.int64)
    if isinstance(x, str):
        return np.asarray(G.evaluate(x), dtype=np.int64)
    a = np.asarray(x)
    if a.dtype == object:
        flat = [element_index(G, e, what) for e in a.ravel()]
        a = np.asarray(flat, dtype=np.int64).reshape(a.shape)
    if a.size and (a.dtype == bool or not np.issubdtype(a.dtype, np.integer)):
        raise NotAnElementError(
            f"{what} indices must be integers, got an array of dtype {a.dtype}"
            + (f" (e.g. {a.ravel()[0]!r})" if a.size else "")
        )
    a = a.astype(np.int64, copy=False)
    if a.size:
        bad = (a < 0) | (a >= G.order)
        if bad.any():
            v = int(a[bad].ravel()[0])
            raise NotAnElementError(
                f"{what} index {v} out of range for a group of order {G.order} "
                f"(indices 0..{G.order - 1})"
            )
    return a
