"""Sylow subgroups, Hall subgroups of solvable groups and ``p``-cores.

Nothing here needs the Cayley table: normalisers, closures and conjugates are the
word-based vectorised routines of :mod:`groupmat.algebra._structure` and
:mod:`groupmat.algebra._subgroup` (``O(n k L)`` per normaliser), so Sylow subgroups of groups
far beyond the lattice's size guard (``M12``, 95040 elements) are found.

References
----------
D. F. Holt, B. Eick, E. A. O'Brien, *Handbook of Computational Group Theory*, CRC 2005,
sec. 4.7 (Sylow subgroups, by growing a ``p``-subgroup inside its normaliser), and
B. Huppert, *Endliche Gruppen I*, VI.1 (Hall's theorem: in a solvable group a Hall
``π``-subgroup is a product of pairwise permutable Sylow subgroups).
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import TYPE_CHECKING

import numpy as np
from sympy import primefactors

from groupmat.errors import NotAGroupError

if TYPE_CHECKING:  # pragma: no cover
    from groupmat.algebra._group import Group
    from groupmat.algebra._subgroup import Subgroup

__all__ = ["hall_subgroup", "p_core", "sylow_subgroup", "sylow_subgroups"]


def _check_prime(p: object) -> int:
    if isinstance(p, bool) or not isinstance(p, (int, np.integer)):
        raise TypeError(f"p must be a prime integer, got {type(p).__name__} {p!r}")
    p = int(p)
    if p < 2 or any(p % q == 0 for q in range(2, int(p**0.5) + 1)):
        raise ValueError(f"p must be a prime, got {p}")
    return p


def _p_part(n: int, p: int) -> int:
    q = 1
    while n % p == 0:
        n //= p
        q *= p
    return q


def _is_p_power(orders: np.ndarray, p: int) -> np.ndarray:
    o = orders.copy()
    for _ in range(64):
        div = o % p == 0
        if not div.any():
            break
        o = np.where(div, o // p, o)
    return o == 1


def _normalizer(G: Group, P: Subgroup) -> Subgroup:
    """``N_G(P)`` as a union of left cosets: ``g^-1 h g ∈ P`` iff ``h (gP) = gP``, so ``g``
    normalises ``P`` iff left multiplication by every generator ``h`` of ``P`` fixes the
    coset ``gP``. One coset labelling and one fixed-element product per generator,
    ``O(n (k_P L + |h|))``, no product of two varying elements."""
    from groupmat.algebra._element_arrays import left_multiply
    from groupmat.algebra._subgroup import Subgroup

    labels = P.left_cosets()
    ar = np.arange(G.order, dtype=np.int64)
    mask = np.ones(G.order, dtype=bool)
    for h in dict.fromkeys(P.generators):
        if h:
            mask &= labels[left_multiply(G, ar, h)] == labels
    return Subgroup._from_elements(G, np.flatnonzero(mask))


def sylow_subgroup(G: Group, p: int) -> Subgroup:
    """A Sylow ``p``-subgroup of ``G`` (GAP's ``SylowSubgroup``); trivial if ``p ∤ |G|``.

    Grows a ``p``-subgroup ``P``: while ``|P|`` is below the ``p``-part of ``|G|``, the
    normaliser ``N_G(P)`` contains an element ``x ∉ P`` of ``p``-power order (Sylow's theorem
    applied in ``N_G(P)/P``), and ``P<x>`` is a larger ``p``-group (Holt-Eick-O'Brien 4.7).
    ``x`` is the ``p``-part of a random element of ``N_G(P)`` (seeded, so the result is the same
    on every call), all element orders only if 64 tries fail. At most ``log_p |G|_p``
    normalisers, ``O(n k_P L)`` each.

    Raises
    ------
    ValueError
        If ``p`` is not a prime.

    Examples
    --------
    >>> import groupmat as gm
    >>> [sylow_subgroup(gm.symmetric(5), p).order for p in (2, 3, 5, 7)]
    [8, 3, 5, 1]
    """
    from groupmat.algebra._subgroup import Subgroup

    p = _check_prime(p)
    target = _p_part(G.order, p)
    rng = np.random.default_rng(p)  # deterministic: the same Sylow subgroup on every call
    P = Subgroup(G, [])
    while P.order < target:
        N = _normalizer(G, P)
        x = _random_p_element(G, N.elements, P.mask, p, rng)
        if x is None:  # rare: fall back on all element orders
            ppow = _is_p_power(np.asarray(G.element_orders(), dtype=np.int64), p)
            cand = np.flatnonzero(N.mask & ~P.mask & ppow)
            if cand.size == 0:  # pragma: no cover - impossible by Sylow's theorem
                raise AssertionError("no p-element in N(P) \\ P below a Sylow subgroup")
            x = int(cand[np.argmax(np.asarray(G.element_orders())[cand])])
        P = Subgroup(G, [*P.generators, x])
    return P


def _element_order(G: Group, y: int) -> int:
    """Order of one element: the lcm of its cycle lengths when ``G`` has a permutation
    representation, else strip primes from ``|G|`` while ``y^(o/q) = 1``."""
    perms = G.permutations
    if perms is not None:
        perm = np.asarray(perms[y], dtype=np.int64)
        seen = np.zeros(perm.size, dtype=bool)
        o = 1
        for start in range(perm.size):
            if not seen[start]:
                length, i = 0, start
                while not seen[i]:
                    seen[i] = True
                    i = int(perm[i])
                    length += 1
                o = o * length // math.gcd(o, length)
        return o
    o = G.order
    for q in primefactors(o):
        while o % q == 0 and G.power(y, o // q) == 0:
            o //= q
    return o


def _random_p_element(
    G: Group, elements: np.ndarray, inside: np.ndarray, p: int, rng: np.random.Generator
) -> int | None:
    """The ``p``-part of a random element of ``N`` (sorted ``elements``) that is not in the
    subgroup ``inside``, or None after 64 tries. Such elements exist while ``P`` is not a
    Sylow subgroup (Sylow's theorem in ``N_G(P)/P``); ``O(log |G|)`` powers a try."""
    for _ in range(64):
        y = int(elements[rng.integers(elements.size)])
        o = _element_order(G, y)
        part = _p_part(o, p)
        if part == 1:
            continue
        x = int(G.power(y, o // part))
        if not inside[x]:
            return x
    return None


def sylow_subgroups(G: Group, p: int) -> list[Subgroup]:
    """All Sylow ``p``-subgroups of ``G``; their number is ``n_p = [G : N_G(P)]``.

    The conjugates ``P^t`` for ``t`` in a right transversal of ``N_G(P)`` (all Sylow
    ``p``-subgroups are conjugate), ``O(n k L + n_p |P| L)``.

    Examples
    --------
    >>> import groupmat as gm
    >>> len(sylow_subgroups(gm.alternating(5), 5)), len(sylow_subgroups(gm.symmetric(4), 3))
    (6, 4)
    """
    P = sylow_subgroup(G, p)
    if P.is_normal():
        return [P]
    N = _normalizer(G, P)
    return [P.conjugate(int(t)) if t else P for t in N.right_transversal().tolist()]


def p_core(G: Group, p: int) -> Subgroup:
    """``O_p(G)``, the largest normal ``p``-subgroup: the intersection of all Sylow
    ``p``-subgroups (GAP's ``PCore``). ``O(n_p |P| L)``.

    Examples
    --------
    >>> import groupmat as gm
    >>> p_core(gm.symmetric(4), 2).order, p_core(gm.symmetric(4), 3).order
    (4, 1)
    """
    from groupmat.algebra._subgroup import Subgroup

    sylows = sylow_subgroups(G, p)
    mask = sylows[0].mask.copy()
    for S in sylows[1:]:
        mask &= S.mask
    return Subgroup._from_elements(G, np.flatnonzero(mask))


def hall_subgroup(G: Group, pi: int | Iterable[int]) -> Subgroup:
    """A Hall ``π``-subgroup of a solvable group (GAP's ``HallSubgroup``): order the
    ``π``-part of ``|G|``, index prime to every prime of ``π``.

    Built as a product of Sylow subgroups: starting from a Sylow ``p_1``-subgroup ``H``, for
    each further prime ``p`` of ``π`` a Sylow ``p``-subgroup ``Q`` with ``HQ`` a subgroup
    (``|<H, Q>| = |H||Q|``) is searched among the conjugates. In a solvable group one exists
    (a Hall ``π ∪ {p}``-subgroup contains a conjugate of ``H``, by Hall's theorem). Cost
    ``O(n_p)`` closures per prime.

    Raises
    ------
    NotAGroupError
        If ``G`` is not solvable (Hall subgroups need not exist then).
    ValueError
        If ``pi`` contains something that is not a prime.

    Examples
    --------
    >>> import groupmat as gm
    >>> G = gm.symmetric(4)
    >>> hall_subgroup(G, [2]).order, hall_subgroup(G, 3).order, hall_subgroup(G, [2, 3]).order
    (8, 3, 24)
    """
    from groupmat.algebra._subgroup import Subgroup

    primes = [pi] if isinstance(pi, (int, np.integer)) else list(pi)
    primes = sorted({_check_prime(p) for p in primes})
    if not G.is_solvable:
        raise NotAGroupError(
            f"hall_subgroup needs a solvable group; {G!r} is not solvable (its derived series "
            "stops at a perfect subgroup of order "
            f"{G.derived_series()[-1].order}); use sylow_subgroup for a single prime"
        )
    primes = [p for p in primes if G.order % p == 0]
    H = Subgroup(G, [])
    for p in primes:
        want = H.order * _p_part(G.order, p)
        for Q in sylow_subgroups(G, p):
            J = Subgroup(G, [*H.generators, *Q.generators])
            if J.order == want:
                H = J
                break
        else:  # pragma: no cover - impossible in a solvable group
            raise AssertionError("no permutable Sylow subgroup found")
    return H
