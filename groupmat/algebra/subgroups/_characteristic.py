"""Normal and characteristic subgroups: all normal subgroups, minimal normal subgroups, the
socle, the Fitting and Frattini subgroups.

A normal subgroup is a union of conjugacy classes, hence the join of the normal closures
``<x^G>`` of class representatives it contains: the normal subgroups are the joins of those
normal closures (Holt-Eick-O'Brien, *Handbook of Computational Group Theory*, sec. 3.3.1 for
normal closures; the joins are closed under by a worklist). A minimal normal subgroup is the
normal closure of any of its nontrivial elements, so the minimal normal subgroups are the
minimal normal closures of class representatives.

The Fitting subgroup is ``F(G) = prod_p O_p(G)``; the Frattini subgroup ``Φ(G)`` is the
intersection of the maximal subgroups: ``prod_p Φ(P_p)`` with ``Φ(P) = P' P^p`` for nilpotent
``G`` (Huppert, *Endliche Gruppen I*, III.3), otherwise the intersection of the cores of the
maximal-subgroup classes of the subgroup lattice (sec. 10.4 of the Handbook computes them by
the same lattice).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from groupmat.algebra._validate import as_int
from groupmat.algebra.matrices._progress import DelayedBar
from groupmat.errors import SizeLimitError

if TYPE_CHECKING:  # pragma: no cover
    from groupmat.algebra._group import Group
    from groupmat.algebra._subgroup import Subgroup

__all__ = [
    "DEFAULT_MAX_NORMAL_SUBGROUPS",
    "fitting_subgroup",
    "frattini_subgroup",
    "minimal_normal_subgroups",
    "normal_subgroups",
    "socle",
]

#: Largest number of normal subgroups :func:`normal_subgroups` enumerates.
DEFAULT_MAX_NORMAL_SUBGROUPS = 20_000


def _class_closures(G: Group) -> list[Subgroup]:
    """Distinct normal closures of the nontrivial class representatives."""
    from groupmat.algebra._subgroup import _normal_closure

    seen: dict[bytes, Subgroup] = {}
    for cls in G.conjugacy_classes()[1:]:
        N = _normal_closure(G, [int(cls[0])])
        seen.setdefault(np.packbits(N.mask).tobytes(), N)
    return sorted(seen.values(), key=lambda N: N.order)


def normal_subgroups(G: Group, *, max_count: int | None = None) -> list[Subgroup]:
    """All normal subgroups of ``G``, by increasing order (GAP's ``NormalSubgroups``).

    Joins of normal closures of class representatives, closed under joining by a worklist;
    ``O(c)`` closures per normal subgroup for ``c`` classes (through the Cayley table up to
    10000 elements, word-based above). Nilpotent groups, which have very many normal
    subgroups, take the classes of length 1 of the subgroup lattice instead.

    Raises
    ------
    SizeLimitError
        When more than ``max_count`` (default :data:`DEFAULT_MAX_NORMAL_SUBGROUPS`) normal
        subgroups turn up (elementary abelian groups have very many).

    Examples
    --------
    >>> import groupmat as gm
    >>> [N.order for N in normal_subgroups(gm.symmetric(4))]
    [1, 4, 12, 24]
    """
    from groupmat.algebra._subgroup import Subgroup
    from groupmat.algebra.subgroups._lattice import lattice_of
    from groupmat.algebra.subgroups._tables import DEFAULT_MAX_LATTICE_ORDER, closure, table

    limit = (
        DEFAULT_MAX_NORMAL_SUBGROUPS
        if max_count is None
        else as_int(max_count, "max_count", minimum=1)
    )
    small = G.order <= DEFAULT_MAX_LATTICE_ORDER
    if small and G.is_nilpotent:  # many normal subgroups: the lattice's classes of length 1
        lat = lattice_of(G)
        out = [c.representative for c in lat.classes if c.size == 1]
        if len(out) > limit:
            raise SizeLimitError(
                f"{G!r} has {len(out)} normal subgroups, more than max_count={limit}; pass a "
                "larger max_count, or ask for minimal_normal_subgroups / a chief series instead"
            )
        return sorted(out, key=lambda N: (N.order, N.elements.tolist()))
    base = _class_closures(G)
    trivial = Subgroup(G, [])
    if len(base) <= 1:  # simple (or trivial): no joins to take, no Cayley table needed
        return [trivial, *(N for N in base if N.order > 1)]
    T = table(G, None, "normal subgroups") if small else None
    found: dict[bytes, Subgroup] = {np.packbits(trivial.mask).tobytes(): trivial}
    for N in base:
        found[np.packbits(N.mask).tobytes()] = N
    queue = list(base)
    bar = DelayedBar("normal subgroups", "subgroup")
    bar.tick(len(found))
    try:
        while queue:
            A = queue.pop()
            for B in base:
                if B <= A:
                    continue
                if T is not None:  # A B = the orbit of A under right multiplication by B's gens
                    J = Subgroup._from_elements(
                        G,
                        np.flatnonzero(closure(T, list(B.generators), A.mask)),
                        [*A.generators, *B.generators],
                    )
                else:
                    J = Subgroup(G, [*A.generators, *B.generators])
                k = np.packbits(J.mask).tobytes()
                if k in found:
                    continue
                found[k] = J
                queue.append(J)
                if len(found) > limit:
                    raise SizeLimitError(
                        f"{G!r} has more than max_count={limit} normal subgroups; pass a larger "
                        "max_count, or ask for minimal_normal_subgroups / a chief series instead"
                    )
                bar.tick()
    finally:
        bar.close()
    return sorted(found.values(), key=lambda N: (N.order, N.elements.tolist()))


def minimal_normal_subgroups(G: Group) -> list[Subgroup]:
    """The minimal normal subgroups (GAP's ``MinimalNormalSubgroups``): the normal closures of
    class representatives that contain no smaller one. ``O(c)`` normal closures.

    Examples
    --------
    >>> import groupmat as gm
    >>> [N.order for N in minimal_normal_subgroups(gm.abelian([2, 3]))]
    [2, 3]
    """
    base = _class_closures(G)
    out: list[Subgroup] = []
    for N in base:  # increasing order: a smaller one inside N was seen before
        if not any(M <= N for M in out):
            out.append(N)
    return out


def socle(G: Group) -> Subgroup:
    """The socle, the subgroup generated by all minimal normal subgroups (GAP's ``Socle``).

    Examples
    --------
    >>> import groupmat as gm
    >>> socle(gm.symmetric(4)).order, socle(gm.alternating(5)).order
    (4, 60)
    """
    from groupmat.algebra._subgroup import Subgroup

    gens = [g for N in minimal_normal_subgroups(G) for g in N.generators]
    return Subgroup(G, gens)


def fitting_subgroup(G: Group) -> Subgroup:
    """``F(G)``, the largest nilpotent normal subgroup: the product of the ``p``-cores
    ``O_p(G)`` over the primes dividing ``|G|`` (GAP's ``FittingSubgroup``).

    Examples
    --------
    >>> import groupmat as gm
    >>> fitting_subgroup(gm.symmetric(4)).order, fitting_subgroup(gm.symmetric(5)).order
    (4, 1)
    """
    from groupmat.algebra._subgroup import Subgroup
    from groupmat.algebra.subgroups._lattice import _primes
    from groupmat.algebra.subgroups._sylow import p_core

    gens = [g for p in _primes(G.order) for g in p_core(G, p).generators]
    return Subgroup(G, gens)


def frattini_subgroup(G: Group, *, max_order: int | None = None) -> Subgroup:
    """``Φ(G)``, the intersection of all maximal subgroups (GAP's ``FrattiniSubgroup``).

    For nilpotent ``G``: the product over ``p`` of ``Φ(P) = P' P^p`` for the (normal) Sylow
    subgroups ``P``, no lattice. Otherwise: the intersection of the cores of the maximal
    subgroup classes of the subgroup lattice (needs the lattice's size guard ``max_order``).

    Examples
    --------
    >>> import groupmat as gm
    >>> frattini_subgroup(gm.quaternion(8)).order, frattini_subgroup(gm.sl(2, 3)).order
    (2, 2)
    """
    from groupmat.algebra._subgroup import Subgroup
    from groupmat.algebra.subgroups._lattice import _primes, lattice_of
    from groupmat.algebra.subgroups._sylow import sylow_subgroup

    if G.order == 1:
        return Subgroup(G, [])
    if G.is_nilpotent:
        gens: list[int] = []
        for p in _primes(G.order):
            P = sylow_subgroup(G, p)
            Pg, emb = P.as_group()  # P' inside P, mapped back to G
            gens += emb[Pg.derived_subgroup().elements].tolist()
            gens += np.unique(np.asarray(G.power(P.elements, p))).tolist()
        return Subgroup(G, [g for g in dict.fromkeys(gens) if g])
    lat = lattice_of(G, max_order=max_order)
    mask = np.ones(G.order, dtype=bool)
    for c in lat.maximal_classes():
        mask &= lat.member_masks(c).all(axis=0)
    return Subgroup._from_elements(G, np.flatnonzero(mask))
