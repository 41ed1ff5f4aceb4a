"""Chief series, composition series and named composition factors.

A chief series is built from the bottom: a minimal normal subgroup of ``G/N`` (the smallest
normal closure of a class representative of the quotient) pulled back to ``G`` is the next
term above ``N``. A composition series refines each chief factor ``A/B``: an abelian one is
elementary abelian, and any chain ``B < <B, x_1> < <B, x_1, x_2> < ...`` has steps of prime
index, all normal since ``A/B`` is abelian; a non-abelian one is ``T^k`` for a simple ``T``,
and the chief series of the group ``A/B`` (whose minimal normal subgroups are the factors
``T``) pulled back refines it (Holt, Eick & O'Brien, *Handbook of Computational Group
Theory*, sec. 4.8 and 10.2, where the same layers come from the solvable radical).

Simple factors are named as GAP's ``StructureDescription`` names them: ``C<p>``, ``A<n>``,
``PSL(n,q)`` (``PSL(3,2)`` for ``PSL(2,7)``, ``A5`` for ``PSL(2,4) = PSL(2,5)``, ``A6``
for ``PSL(2,9)``, ``A8`` for ``PSL(4,2)``), sporadic ``M11``, ``M12``, ...; orders shared by two
simple groups (20160: ``A8`` and ``PSL(3,4)``) are told apart by element orders.
"""

from __future__ import annotations

import itertools
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:  # pragma: no cover
    from groupmat.algebra._group import Group
    from groupmat.algebra._subgroup import Subgroup

__all__ = ["chief_series", "composition_factors", "composition_series", "simple_group_name"]

#: GAP's names of the non-abelian simple groups of order below 10^6 that are not
#: ``PSL(2,q)`` under that name (the ``PSL(2,q)`` are found by formula).
_SPECIAL = {
    60: "A5",
    168: "PSL(3,2)",
    360: "A6",
    2520: "A7",
    5616: "PSL(3,3)",
    6048: "PSU(3,3)",
    7920: "M11",
    25920: "PSU(4,2)",
    29120: "Sz(8)",
    62400: "PSU(3,4)",
    95040: "M12",
    126000: "PSU(3,5)",
    175560: "J1",
    181440: "A9",
    372000: "PSL(3,5)",
    443520: "M22",
    604800: "J2",
}


def _prime_power(q: int) -> bool:
    p = 2
    while p * p <= q:
        if q % p == 0:
            while q % p == 0:
                q //= p
            return q == 1
        p += 1
    return q > 1


def simple_group_name(G: Group) -> str:
    """GAP's ``StructureDescription`` of a simple group ``G`` (not checked to be simple).

    Examples
    --------
    >>> import groupmat as gm
    >>> [simple_group_name(H) for H in (gm.cyclic(7), gm.alternating(5), gm.psl(2, 7))]
    ['C7', 'A5', 'PSL(3,2)']
    """
    m = G.order
    if G.is_abelian:
        return f"C{m}"
    if m == 20160:  # A8 has elements of order 15, PSL(3,4) does not
        return "A8" if (np.asarray(G.element_orders()) == 15).any() else "PSL(3,4)"
    if m in _SPECIAL:
        return _SPECIAL[m]
    for q in range(4, 200):
        if _prime_power(q) and q * (q * q - 1) // (2 if q % 2 else 1) == m:
            return f"PSL(2,{q})"
    return f"simple group of order {m}"


def _minimal_normal(G: Group) -> Subgroup:
    from groupmat.algebra.subgroups._characteristic import minimal_normal_subgroups

    return minimal_normal_subgroups(G)[0]


def _pull_back(G: Group, proj: np.ndarray, S: Subgroup) -> Subgroup:
    from groupmat.algebra._subgroup import Subgroup

    return Subgroup._from_elements(G, np.flatnonzero(S.mask[proj]))


def chief_series(G: Group) -> list[Subgroup]:
    """A chief series ``G = N_0 > N_1 > ... > N_r = 1`` (GAP's ``ChiefSeries``): each ``N_i``
    normal in ``G`` and each factor ``N_i / N_{i+1}`` a minimal normal subgroup of
    ``G / N_{i+1}``.

    ``r <= log2 |G|`` quotients, each with one normal closure per class.

    Examples
    --------
    >>> import groupmat as gm
    >>> [N.order for N in chief_series(gm.symmetric(4))]
    [24, 12, 4, 1]
    """
    from groupmat.algebra._subgroup import Subgroup, quotient

    N = Subgroup(G, [])
    series = [N]
    while N.order < G.order:
        if N.order == 1:
            Q, proj = G, np.arange(G.order)
        else:
            Q, proj = quotient(G, N, return_map=True)
        N = _pull_back(G, proj, _minimal_normal(Q))
        series.append(N)
    return series[::-1]


def _factor(A: Subgroup, B: Subgroup) -> tuple[Group, np.ndarray, np.ndarray]:
    """``A/B`` as a group, with ``A``'s embedding in ``G`` and the projection ``A -> A/B``."""
    from groupmat.algebra._subgroup import Subgroup, quotient

    Ag, emb = A.as_group()
    Bsub = Subgroup._from_elements(Ag, np.flatnonzero(B.mask[emb]))
    Q, proj = quotient(Ag, Bsub, return_map=True)
    return Q, emb, proj


def composition_series(G: Group) -> list[Subgroup]:
    """A composition series ``G = G_0 > G_1 > ... > G_s = 1`` (GAP's ``CompositionSeries``):
    each ``G_{i+1}`` normal in ``G_i`` with simple factor ``G_i / G_{i+1}``; the chief series
    refined (see the module docstring).

    Examples
    --------
    >>> import groupmat as gm
    >>> [N.order for N in composition_series(gm.symmetric(4))]
    [24, 12, 4, 2, 1]
    """
    from groupmat.algebra._subgroup import Subgroup

    chief = chief_series(G)
    out = [chief[0]]
    for A, B in itertools.pairwise(chief):
        index = A.order // B.order
        if _is_prime(index):
            out.append(B)
            continue
        Q, emb, proj = _factor(A, B)
        if Q.is_abelian:
            steps = []
            cur = B
            for x in A.generators:
                if not cur.mask[x]:
                    steps.append(cur := Subgroup(G, [*cur.generators, x]))
            # the chain goes up from B: list it top-down, A first (omitted: already in out)
            chain = [B, *steps]
            out.extend(chain[-2::-1])
            continue
        inner = chief_series(Q)[1:]
        for S in inner:
            pre = np.flatnonzero(S.mask[proj])
            out.append(Subgroup._from_elements(G, emb[pre]))
    return out


def _is_prime(m: int) -> bool:
    return m > 1 and all(m % q for q in range(2, int(m**0.5) + 1))


def composition_factors(G: Group) -> list[Group]:
    """The composition factors ``G_i / G_{i+1}`` of :func:`composition_series`, top first, as
    groups whose ``name`` is GAP's name of the simple group (``"C2"``, ``"A5"``,
    ``"PSL(3,2)"``, ...). By Jordan-Hölder the multiset of factors does not depend on the
    series, and their orders multiply to ``|G|``.

    Examples
    --------
    >>> import groupmat as gm
    >>> [F.name for F in composition_factors(gm.symmetric(4))]
    ['C2', 'C3', 'C2', 'C2']
    >>> [F.name for F in composition_factors(gm.sl(2, 5))]
    ['A5', 'C2']
    """
    series = composition_series(G)
    out = []
    for A, B in itertools.pairwise(series):
        Q, _, _ = _factor(A, B)
        out.append(Q.renamed(simple_group_name(Q)))
    return out
