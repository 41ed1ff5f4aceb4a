"""Permutation groups too big to list, backed by stabiliser chains (Schreier-Sims).

:class:`PermGroup` answers order, membership, random elements, stabilisers, orbits, blocks,
normal closures, derived series and conjugacy classes for permutation groups of up to about
``10^4`` points and any order (``S_100``, ``M24``, Rubik's cube groups), without listing
elements; the array-based
:class:`~groupmat.Group` remains the object for everything that needs all elements.
"""

from groupmat.algebra.permgroups._classes import PermClass
from groupmat.algebra.permgroups._homomorphism import PermHomomorphism
from groupmat.algebra.permgroups._permgroup import PermGroup

__all__ = ["PermClass", "PermGroup", "PermHomomorphism"]
