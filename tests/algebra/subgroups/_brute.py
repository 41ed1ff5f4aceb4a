"""Brute-force references for the subgroup tests (small groups only, Cayley table based)."""

from __future__ import annotations

import numpy as np

from groupmat import Group


def closure_mask(G: Group, gens: list[int]) -> np.ndarray:
    """Mask of ``<gens>`` by naive repeated products through the Cayley table."""
    T = G.table
    mask = np.zeros(G.order, dtype=bool)
    mask[0] = True
    mask[list(gens)] = True
    while True:
        el = np.flatnonzero(mask)
        new = np.zeros_like(mask)
        new[T[np.ix_(el, el)].ravel()] = True
        if (new <= mask).all():
            return mask
        mask |= new


def all_subgroups(G: Group) -> set[bytes]:
    """Every subgroup as packed bits: joins of cyclic subgroups, closed under joining."""
    cyclic = {closure_mask(G, [g]).tobytes() for g in range(G.order)}
    cyc = [np.frombuffer(c, dtype=bool) for c in cyclic]
    found = set(cyclic)
    queue = list(cyc)
    while queue:
        A = queue.pop()
        for C in cyc:
            if (C <= A).all():
                continue
            J = closure_mask(G, [*np.flatnonzero(A).tolist(), *np.flatnonzero(C).tolist()])
            k = J.tobytes()
            if k not in found:
                found.add(k)
                queue.append(J)
    return found
