"""The algebra core: finite groups as arrays and everything derived from them."""

from groupmat.algebra.group import MAX_TABLE_ORDER, Element, Group

__all__ = ["MAX_TABLE_ORDER", "Element", "Group"]
