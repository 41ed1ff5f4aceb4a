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

from groupmat.algebra.permgroups._perms import power
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

    With a faithful permutation representation of degree ``d`` (stored, or the small one of
    :func:`~groupmat.algebra._structure.small_permutation_representation`), everything runs on
    the listed permutations, without products of element indices:

    1. *Centralisers* (Holt-Eick-O'Brien 4.7.3): for ``z`` of order ``p`` (a power of a random
       element of the current subgroup ``K``), ``C_K(z)`` is one vectorised comparison
       ``g z == z g`` over ``K``, ``O(|K| d)``. If it is proper and its order still has the full
       ``p``-part ``|G|_p`` (``z`` is ``p``-central), a Sylow subgroup of ``C_K(z)`` is one of
       ``K``: ``K := C_K(z)``. In ``M12``, two steps reach a group of order 192 for ``p = 2``.
    2. *Growing* in the last ``K``: while ``|P| < |G|_p``, the normaliser ``N_K(P)`` contains
       an element ``x ∉ P`` of ``p``-power order (Sylow's theorem in ``N_K(P)/P``), and
       ``P<x> = ∪ P x^i`` is a larger ``p``-group (HEO 4.7). ``N_K(P)`` tests
       ``g h g^-1 ∈ P`` for the generators ``h`` of ``P`` (hashed rows, checked exactly),
       ``O(|K| d k_P)``.

    Without one, the same growing runs on element indices (normalisers by coset labels,
    ``O(n k_P L)`` each). Random choices are seeded by ``p``, so the result is the same on
    every call. At most ``log_p |G|_p`` growing steps.

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
    if target == 1:
        return Subgroup(G, [])
    if target == G.order:  # G is a p-group
        return Subgroup._from_elements(G, np.arange(G.order), G.generators)
    rng = np.random.default_rng(p)  # deterministic: the same Sylow subgroup on every call
    rows = _permutation_rows(G)
    if rows is not None:
        return _sylow_by_rows(G, rows, p, target, rng)
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


#: Random elements tried for a ``p``-central element before growing in the current subgroup.
CENTRAL_TRIES = 24


def _permutation_rows(G: Group) -> np.ndarray | None:
    """``(n, d)`` image lists of a faithful permutation representation (row ``i`` = element
    ``i``): the stored one, else a small one derived from a coset action, else None."""
    perms = G.permutations
    if perms is None:
        from groupmat.algebra._structure import small_permutation_representation

        perms = small_permutation_representation(G)
    return None if perms is None else np.asarray(perms)


def _row_order(g: np.ndarray) -> int:
    from groupmat.algebra.permgroups._perms import cycle_lengths

    return math.lcm(*np.unique(cycle_lengths(np.asarray(g, dtype=np.int64))).tolist())


class _RowSet:
    """A set of image lists with exact membership: rows hashed by a fixed random linear form
    (wrapping ``uint64``), hash hits confirmed by comparing the rows."""

    def __init__(self, rows: np.ndarray, weights: np.ndarray) -> None:
        self.weights = weights
        h = self.hash(rows)
        self.order = np.argsort(h, kind="stable")
        self.sorted = h[self.order]
        self.rows = rows

    def hash(self, rows: np.ndarray) -> np.ndarray:
        return (rows.astype(np.uint64) * self.weights).sum(axis=1, dtype=np.uint64)

    def locate(self, rows: np.ndarray) -> np.ndarray:
        """Position of each row in the set, ``-1`` where absent."""
        h = self.hash(rows)
        pos = np.minimum(np.searchsorted(self.sorted, h), self.sorted.size - 1)
        cand = self.order[pos]
        # equal hashes of distinct rows (probability ~ 2^-64 a pair) are caught here; a row
        # whose hash collides with another one's then falls back on a full scan
        ok = (self.sorted[pos] == h) & (self.rows[cand] == rows).all(axis=1)
        out = np.where(ok, cand, -1)
        for i in np.flatnonzero(~ok & (self.sorted[pos] == h)):  # pragma: no cover
            hit = np.flatnonzero((self.rows == rows[i]).all(axis=1))
            out[i] = hit[0] if hit.size else -1
        return out


def _sylow_by_rows(
    G: Group, rows: np.ndarray, p: int, target: int, rng: np.random.Generator
) -> Subgroup:
    """Steps 1-2 of :func:`sylow_subgroup` on the image lists ``rows`` (one per element)."""
    from groupmat.algebra._subgroup import Subgroup

    d = rows.shape[1]
    weights = np.random.default_rng(0x5EED).integers(1, 2**63, size=d, dtype=np.int64)
    weights = weights.astype(np.uint64)
    idx = np.arange(G.order, dtype=np.int64)  # the current subgroup K (element indices)
    kr = rows
    # 1. centralisers of p-central elements, while they shrink K
    while idx.size > target:
        keep = _p_central_centraliser(kr, p, target, rng)
        if keep is None:
            break
        idx, kr = idx[keep], kr[keep]
        if target == p:  # K contains an element of order p: enough
            break
    if idx.size == target:
        return Subgroup._from_elements(G, idx)
    # 2. grow a p-subgroup P inside K, in its normaliser
    ident = np.arange(d, dtype=rows.dtype)
    prows = ident[None, :]
    gens: list[np.ndarray] = []
    while prows.shape[0] < target:
        pset = _RowSet(prows, weights)
        norm = np.ones(idx.size, dtype=bool)
        for h in gens:
            conj = np.empty_like(kr)  # g h g^-1: conj[g(x)] = g(h(x))
            np.put_along_axis(conj, kr.astype(np.intp), kr[:, h], axis=1)
            norm &= pset.locate(conj) >= 0
        nr = kr[norm]
        x = _p_element_outside(nr, pset, p, rng)
        powers = [ident, x]
        while pset.locate(powers[-1][None, :])[0] < 0:
            powers.append(x[powers[-1]])
        powers.pop()  # x^k ∈ P: P<x> is the union of the cosets P x^i, i < k
        prows = np.concatenate([prows[:, xi] for xi in powers])
        gens.append(x)
    kset = _RowSet(kr, weights)
    elems = idx[kset.locate(prows)]
    gen_idx = idx[kset.locate(np.asarray(gens))]
    return Subgroup._from_elements(G, elems, gen_idx.tolist())


def _centraliser_positions(kr: np.ndarray, w: np.ndarray) -> np.ndarray:
    """Positions of the rows ``g`` of ``kr`` commuting with ``w`` (``g(w(x)) = w(g(x))``):
    one column filters first (``O(|K|)``), the survivors are compared in full."""
    cand = np.flatnonzero(kr[:, int(w[0])] == w[kr[:, 0]])
    sub = kr[cand]
    return cand[(sub[:, w] == w[sub]).all(axis=1)]


def _p_central_centraliser(
    kr: np.ndarray, p: int, target: int, rng: np.random.Generator
) -> np.ndarray | None:
    """Positions in ``kr`` (a subgroup ``K`` with ``|K|_p = target``) of a proper centraliser
    ``C_K(w)`` whose order is still divisible by ``target``, ``w`` the ``p``-part of a random
    element or its power of order ``p``; None after :data:`CENTRAL_TRIES` tries."""
    m = kr.shape[0]
    for _ in range(CENTRAL_TRIES):
        y = kr[int(rng.integers(m))]
        o = _row_order(y)
        if o % p:
            continue
        part = _p_part(o, p)
        x = power(y, o // part)  # the p-part of y, then its power of order p
        # C(x) <= C(x^k): the smaller one first, if it keeps the full p-part
        for w in (x, power(x, part // p)) if part > p else (x,):
            keep = _centraliser_positions(kr, w)
            if keep.size < m and keep.size % target == 0:
                return keep
    return None


def _p_element_outside(
    nr: np.ndarray, pset: _RowSet, p: int, rng: np.random.Generator
) -> np.ndarray:
    """A ``p``-element among the rows ``nr`` (a normaliser) outside ``pset``: the ``p``-part of
    a random row, every row in turn if 64 tries fail (one exists by Sylow's theorem)."""
    order = [int(i) for i in rng.integers(nr.shape[0], size=64)]
    for i in [*order, *range(nr.shape[0])]:
        y = nr[i]
        o = _row_order(y)
        part = _p_part(o, p)
        if part == 1:
            continue
        x = power(y, o // part)
        if pset.locate(x[None, :])[0] < 0:
            return x
    raise AssertionError("no p-element in N(P) \\ P below a Sylow subgroup")  # pragma: no cover


def _element_order(G: Group, y: int) -> int:
    """Order of one element: the lcm of its cycle lengths when ``G`` has a permutation
    representation, else strip primes from ``|G|`` while ``y^(o/q) = 1``."""
    perms = G.permutations
    if perms is not None:
        return _row_order(perms[y])
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
