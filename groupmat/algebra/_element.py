"""Element handles: a light, hashable view of one element of a :class:`~groupmat.Group`.

Algorithms work on index arrays; handles are for notebooks and examples: ``a * b``,
``a ** -1``, ``~a``, ``a == b``, ``a.order``, printed as a shortest word.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from groupmat.algebra._group import Group

__all__ = ["Element"]


class Element:
    """A light handle on one group element, for interactive use.

    Supports ``*``, ``**`` (negative exponents too), ``~`` (inverse), ``==``, ``hash``,
    ``.order`` and prints as its shortest word.
    """

    __slots__ = ("group", "index")

    def __init__(self, group: Group, index: int) -> None:
        self.group = group
        self.index = int(index)

    def _check(self, other: object) -> Element:
        if not isinstance(other, Element):
            return NotImplemented  # type: ignore[return-value]
        if other.group is not self.group:
            raise ValueError("cannot combine elements of different groups")
        return other

    def __mul__(self, other: object) -> Element:
        o = self._check(other)
        if o is NotImplemented:
            return NotImplemented
        return Element(self.group, int(self.group.multiply(self.index, o.index)))

    def __pow__(self, e: int) -> Element:
        return Element(self.group, int(self.group.power(self.index, e)))

    def __invert__(self) -> Element:
        return Element(self.group, int(self.group.inverse[self.index]))

    def inverse(self) -> Element:
        return ~self

    def __eq__(self, other: object) -> bool:
        return (
            isinstance(other, Element) and other.group is self.group and other.index == self.index
        )

    def __hash__(self) -> int:
        return hash((id(self.group), self.index))

    def __int__(self) -> int:
        return self.index

    def __index__(self) -> int:
        return self.index

    @property
    def order(self) -> int:
        return int(self.group.element_orders()[self.index])

    @property
    def word(self) -> tuple[int, ...]:
        return self.group.word(self.index)

    def __repr__(self) -> str:
        return self.group.label(self.index)

    __str__ = __repr__
