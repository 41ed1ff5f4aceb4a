"""Naming small groups: match a group against the named families by invariants."""

from __future__ import annotations

import math
from typing import Any

import numpy as np

__all__ = ["identify"]


def _fingerprint(G: Any) -> tuple:
    orders = np.asarray(G.element_orders())
    sizes = sorted(len(c) for c in G.conjugacy_classes())
    return (G.order, tuple(sizes), tuple(sorted(orders.tolist())))


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


def identify(G: Any) -> tuple[str | None, str | None]:
    """``(name, family)`` of a small group when it matches a named family, else
    ``(None, None)``.

    Abelian groups are named exactly from their invariants. A non-abelian group is matched
    against dihedral, generalised quaternion, dicyclic, symmetric and alternating groups of its
    order by a fingerprint (order, class sizes, element-order multiset): a necessary condition
    for isomorphism, not a proof, so the name is a strong hint rather than a certificate.

    Examples
    --------
    >>> import groupmat as gm
    >>> identify(gm.cyclic(4)), identify(gm.dihedral(4)), identify(gm.abelian([2, 2]))
    (('C4', 'cyclic'), ('D8', 'dihedral'), ('C2 x C2', 'abelian'))
    """
    n = G.order
    if n == 1:
        return "C1", "cyclic"
    if G.is_abelian:
        inv = [int(x) for x in G.abelian_invariants()]
        if G.exponent == n:
            return f"C{n}", "cyclic"
        return " x ".join(f"C{x}" for x in inv), "abelian"
    fp = _fingerprint(G)
    for name, family, build in _family_candidates(n):
        if _fingerprint(build()) == fp:
            return name, family
    return None, None
