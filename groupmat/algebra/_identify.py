"""Naming small groups: recognise a named family by an explicit isomorphism, else describe the
group in GAP's notation."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    from groupmat.algebra._group import Group

__all__ = ["MAX_DESCRIBED_ORDER", "identify"]


def _family_candidates(n: int) -> list[tuple[str, str, Any]]:
    import groupmat as gm

    out: list[tuple[str, str, Any]] = []
    if n % 2 == 0 and n >= 6:
        out.append((f"D{n}", "dihedral", lambda: gm.dihedral(n // 2)))
    if n >= 8 and n & (n - 1) == 0:
        out.append((f"Q{n}", "quaternion", lambda: gm.quaternion(n)))
    if n % 4 == 0 and n >= 12:
        out.append((f"Dic{n // 4}", "dicyclic", lambda: gm.dicyclic(n // 4)))
    for k in range(3, 8):
        if math.factorial(k) == n:
            out.append((f"S{k}", "symmetric", lambda k=k: gm.symmetric(k)))
        if k >= 4 and math.factorial(k) // 2 == n:
            out.append((f"A{k}", "alternating", lambda k=k: gm.alternating(k)))
    return out


#: Largest order for which a group matching no family gets a structure description.
MAX_DESCRIBED_ORDER = 2000


def identify(G: Group) -> tuple[str | None, str | None]:
    """``(name, family)`` of a small group: a named family it is isomorphic to, else its
    structure description, else ``(None, None)``.

    Abelian groups are named exactly from their invariants. A non-abelian group is compared
    with the dihedral, generalised quaternion, dicyclic, symmetric and alternating groups of
    its order by :func:`~groupmat.algebra.subgroups.is_isomorphic` (invariants, then an explicit
    isomorphism: a certificate, not a hint). A group matching none of them, of order at most
    :data:`MAX_DESCRIBED_ORDER`, gets its
    :func:`~groupmat.algebra.subgroups.structure_description` (family
    ``"structure description"``). Groups too big for the searches' size guards give
    ``(None, None)``.

    Examples
    --------
    >>> import groupmat as gm
    >>> identify(gm.cyclic(4)), identify(gm.dihedral(4)), identify(gm.abelian([2, 2]))
    (('C4', 'cyclic'), ('D8', 'dihedral'), ('C2 x C2', 'abelian'))
    >>> identify(gm.direct_product(gm.cyclic(2), gm.symmetric(4)))
    ('C2 x S4', 'structure description')
    """
    from groupmat.algebra.subgroups._isomorphism import is_isomorphic
    from groupmat.algebra.subgroups._structure_description import structure_description
    from groupmat.errors import SizeLimitError

    n = G.order
    if n == 1:
        return "C1", "cyclic"
    if G.is_abelian:
        inv = [int(x) for x in G.abelian_invariants()]
        if G.exponent == n:
            return f"C{n}", "cyclic"
        return " x ".join(f"C{x}" for x in inv), "abelian"
    try:
        for name, family, build in _family_candidates(n):
            if is_isomorphic(G, build()):
                return name, family
        if n <= MAX_DESCRIBED_ORDER:
            return structure_description(G), "structure description"
    except SizeLimitError:
        pass
    return None, None
