"""GAP-style structure descriptions: ``"C2 x S4"``, ``"(C4 x C2) : C2"``, ``"A5"``.

Notation (GAP's ``StructureDescription``): ``1`` trivial group, ``C<n>`` cyclic, ``D<2n>``
dihedral of order ``2n``, ``Q<2^k>`` generalised quaternion, ``QD<2^k>`` quasidihedral,
``S<n>``, ``A<n>``, ``SL(2,q)``, ``GL(2,q)``, ``PSL(n,q)`` and the sporadic names; ``A x B``
direct product, ``N : H`` split extension (semidirect product, ``N`` normal), ``N . Q``
non-split extension; compound parts are parenthesised.

The description follows the rules of GAP 4.12's ``StructureDescription`` (library file
``grpnames.gi``), the first that applies wins:

1. abelian groups: ``C<d_1> x C<d_2> x ...`` with the invariant factors ``d_1 >= d_2 >= ...``
   (``d_{i+1} | d_i``), so ``C2 x C6`` is written ``"C6 x C2"``;
2. the named families above and the non-abelian simple groups, recognised by
   :func:`~groupmat.algebra.subgroups.is_isomorphic` against a construction of the same order
   (so ``D12`` rather than ``C2 x S3``, ``S4`` rather than ``(C2 x C2) : S3``);
3. a direct product of directly indecomposable factors: the cyclic factors merged into one
   abelian part written first, by elementary divisors in *increasing* order
   (``"C2 x C4 x S3"``), then the non-abelian factors;
4. a semidirect product ``N : H`` (``N`` normal, ``H`` a complement), chosen as below;
5. otherwise a non-split extension: ``Z . G/Z`` for the centre ``Z`` if it is non-trivial and
   ``G' . G/G'`` if ``G`` is not perfect; when both exist and differ GAP writes both,
   ``"C2 . S4 = SL(2,3) . C2"``; then ``Φ(G) . G/Φ(G)`` for the Frattini subgroup; a perfect
   group with trivial centre and Frattini subgroup is written ``N . G/N`` for a minimal normal
   ``N`` (GAP names those by their number in its library of perfect groups).

Parts are parenthesised as GAP does it: a factor of ``x`` when it contains ``:`` or ``.``, a
part of ``:`` or ``.`` when it contains ``x``, ``:`` or ``.``.

Choosing the split extension (step 4). GAP uses two rules and so does this module:

* orders ``<= 100`` except 64 and 96 (GAP reads these names from a table computed with its
  ``nice`` rules): among all pairs ``(N, H)`` with ``N`` a non-trivial proper normal subgroup
  and ``H`` a complement (one per conjugacy class), keep those with ``H`` abelian if any; then
  those with ``N`` abelian if any, and among them the most abelian invariants of ``N``; then
  those whose ``N`` is a direct product if any, with the most direct factors; then those where
  ``H`` acts faithfully on ``N`` (``C_H(N) = 1``) if any. If the survivors still give different
  descriptions, GAP takes the first in its internal order of subgroups (it warns "Non-unique
  semidirect product"; this happens for 7 groups of order <= 100); we take the ``N`` with the
  most involutions, then the smallest exponent, which gives GAP's string on those 7 groups.
* all other orders (GAP's default rule): a normal Hall subgroup ``N`` found from normal
  closures of Sylow subgroups (GAP's ``NormalHallSubgroupsFromSylows``), written
  ``N : G/N``; otherwise GAP takes the first normal subgroup with a complement in the order its
  ``NormalSubgroups`` returns them, which depends on GAP's internal presentation of the group
  and is not canonical. We take the smallest such ``N`` and break ties with the rules of the
  first bullet.

So GAP's string is reproduced exactly for every group of order <= 100 except some of orders 64
and 96, where GAP's own choice depends on its internal order of normal subgroups; there both
strings describe a true split extension ``N : H`` of the same group
(:func:`structure_description_alternatives` lists every description GAP could print).
Different groups may share a description (both groups ``C5 : C4`` of order 20), as in GAP.
Complements come from the subgroup lattice (:mod:`~groupmat.algebra.subgroups._lattice`), so
the lattice's size guard applies.
"""

from __future__ import annotations

import functools
import math
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:  # pragma: no cover
    from collections.abc import Callable

    from groupmat.algebra._group import Group
    from groupmat.algebra._subgroup import Subgroup

__all__ = ["structure_description", "structure_description_alternatives"]


def _invariant_factors(prime_powers: list[int]) -> list[int]:
    """Invariant factors (decreasing) from the prime-power abelian invariants."""
    by_prime: dict[int, list[int]] = {}
    for q in prime_powers:
        p = next(d for d in range(2, q + 1) if q % d == 0)
        by_prime.setdefault(p, []).append(q)
    for v in by_prime.values():
        v.sort(reverse=True)
    width = max((len(v) for v in by_prime.values()), default=0)
    return [math.prod(v[i] for v in by_prime.values() if i < len(v)) for i in range(width)]


def _abelian(G: Group) -> str:
    """GAP's description of an abelian group.

    >>> import groupmat as gm
    >>> _abelian(gm.abelian([2, 6])), _abelian(gm.abelian([2, 2, 2]))
    ('C6 x C2', 'C2 x C2 x C2')
    """
    orders = np.asarray(G.element_orders())
    return " x ".join(f"C{d}" for d in _invariant_factors(_abelian_prime_powers(orders)))


def _abelian_prime_powers(orders: np.ndarray) -> list[int]:
    """Prime-power invariants of an abelian group from its element orders, ``O(|A| log|A|)``.

    In an abelian ``p``-group with ``c_k`` elements of order dividing ``p^k``, ``c_k / c_{k-1}``
    is ``p`` to the number of cyclic factors of order at least ``p^k``.

    >>> import groupmat as gm
    >>> _abelian_prime_powers(np.asarray(gm.abelian([2, 12]).element_orders()))
    [2, 3, 4]
    """
    out = []
    for p in _primes(orders.size):
        counts, q = [1], p
        while True:
            counts.append(int(np.isin(orders, _divisors_of_prime_power(p, q)).sum()))
            if counts[-1] == counts[-2]:
                break
            q *= p
        ranks = [round(math.log(counts[k] / counts[k - 1], p)) for k in range(1, len(counts))]
        ranks.append(0)
        for k in range(len(ranks) - 1):
            out += [p ** (k + 1)] * (ranks[k] - ranks[k + 1])
    return sorted(out)


def _divisors_of_prime_power(p: int, q: int) -> list[int]:
    out = [1]
    while out[-1] < q:
        out.append(out[-1] * p)
    return out


def _histogram(orders: np.ndarray) -> tuple[int, ...]:
    return tuple(np.bincount(orders).tolist())


@functools.lru_cache(maxsize=64)
def _named_group(name: str, n: int) -> tuple[Group, tuple[int, ...]]:
    """The named group ``name`` of order ``n`` and its element-order histogram (built once)."""
    H = dict(_named_candidates(n))[name]()
    return H, _histogram(np.asarray(H.element_orders()))


def _named_candidates(n: int) -> list[tuple[str, Callable[[], Group]]]:
    from groupmat.algebra import _families as fam

    out: list[tuple[str, Callable[[], Group]]] = []
    for m in range(3, 8):
        if math.factorial(m) == n:
            out.append((f"S{m}", lambda m=m: fam.symmetric(m)))
        if m >= 4 and math.factorial(m) // 2 == n:
            out.append((f"A{m}", lambda m=m: fam.alternating(m)))
    if n % 2 == 0 and n >= 8:
        out.append((f"D{n}", lambda: fam.dihedral(n // 2)))
    if n >= 8 and n & (n - 1) == 0:
        out.append((f"Q{n}", lambda: fam.quaternion(n)))
        if n >= 16:
            out.append((f"QD{n}", lambda: _quasidihedral(n)))
    for q, name, build in (
        (3, "SL(2,3)", lambda: fam.sl(2, 3)),
        (5, "SL(2,5)", lambda: fam.sl(2, 5)),
        (7, "SL(2,7)", lambda: fam.sl(2, 7)),
    ):
        if q * (q * q - 1) == n:
            out.append((name, build))
    for q in (3, 5):
        if (q * q - 1) * (q * q - q) == n:
            out.append((f"GL(2,{q})", lambda q=q: fam.gl(2, q)))
    return out


def _quasidihedral(n: int) -> Group:
    """``QD_n = <a, b | a^(n/2), b^2, b a b = a^(n/4 - 1)>`` (semidihedral), ``n = 2^k >= 16``."""
    from groupmat.algebra._group import Group

    m = n // 2
    return Group.from_presentation(f"< a, b | a^{m}, b^2, b*a*b = a^{m // 2 - 1} >")


def _direct(G: Group, normals: list[Subgroup]) -> list[Subgroup] | None:
    """Directly indecomposable factors of ``G`` (as subgroups), or None if indecomposable."""
    n = G.order
    for N in normals:  # smallest first: the smallest normal direct factor is indecomposable
        if N.order in (1, n):
            continue
        for M in normals:
            if M.order * N.order == n and (N.mask & M.mask).sum() == 1:
                Mg, emb = M.as_group()
                rest = _direct_of_group(Mg)
                if rest is None:
                    return [N, M]
                return [N, *[_embed(G, emb, R) for R in rest]]
    return None


def _embed(G: Group, emb: np.ndarray, R: Subgroup) -> Subgroup:
    from groupmat.algebra._subgroup import Subgroup

    return Subgroup._from_elements(G, emb[R.elements])


def _direct_of_group(G: Group) -> list[Subgroup] | None:
    from groupmat.algebra.subgroups._characteristic import normal_subgroups

    return _direct(G, normal_subgroups(G))


def _gap_uses_table(n: int) -> bool:
    """Whether GAP 4.12 reads the description of a group of order ``n`` from its table."""
    return n <= 100 and n not in (64, 96)


def _join(parts: list[str], sep: str, brackets: str) -> str:
    """GAP's ``SD_insertsep``: join non-empty parts, parenthesising those that contain one of
    the characters in ``brackets`` (only when there are several parts)."""
    parts = [p for p in parts if p]
    if len(parts) > 1:
        parts = [f"({p})" if set(p) & set(brackets) else p for p in parts]
    return sep.join(parts)


def _describe_subgroup(S: Subgroup) -> str:
    """``structure_description`` of a subgroup, cached on its group by the subgroup's mask."""
    from groupmat.algebra.subgroups._cache import cache_of

    memo = cache_of(S.group).setdefault("structure_description_of_subgroup", {})
    key = np.packbits(S.mask).tobytes()
    if key not in memo:
        memo[key] = structure_description(S.as_group()[0])
    return memo[key]


def _is_cyclic(S: Subgroup) -> bool:
    return bool((np.asarray(S.group.element_orders())[S.elements] == S.order).any())


def _involutions(S: Subgroup) -> int:
    return int((np.asarray(S.group.element_orders())[S.elements] == 2).sum())


def _exponent(S: Subgroup) -> int:
    return math.lcm(*np.unique(np.asarray(S.group.element_orders())[S.elements]).tolist())


def _two_part(n: int) -> int:
    return n & -n


def _direct_name(G: Group, factors: list[Subgroup]) -> str:
    """GAP's name of a direct product of the indecomposable ``factors``.

    Cyclic factors (of prime-power order) merge into one abelian part, by elementary divisors
    in increasing order; the other factors follow, the one with the largest 2-part of its
    order first, then by order, then by fewer involutions (GAP sorts them by its internal
    element order; this reproduces its strings for order <= 100).
    """
    cyclic = [F.order for F in factors if _is_cyclic(F)]
    cycname = " x ".join(f"C{d}" for d in reversed(_invariant_factors(cyclic)))
    others = [F for F in factors if not _is_cyclic(F)]
    others.sort(key=lambda F: (-_two_part(F.order), F.order, _involutions(F)))
    noncycname = _join([_describe_subgroup(F) for F in others], " x ", ":.")
    return _join([cycname, noncycname], " x ", ":.")


def _split_pairs(G: Group, normals: list[Subgroup]) -> list[tuple[Subgroup, Subgroup]]:
    """All ``(N, H)``: ``N`` a non-trivial proper normal subgroup, ``H`` one complement per
    conjugacy class of complements (subgroups of order ``[G:N]`` meeting ``N`` trivially)."""
    from groupmat.algebra.subgroups._lattice import lattice_of

    n = G.order
    lat = lattice_of(G)
    pairs = []
    for N in normals:
        if N.order in (1, n):
            continue
        want = n // N.order
        for c in lat.classes:
            if c.order == want:
                H = c.representative
                if (H.mask & N.mask).sum() == 1:
                    pairs.append((N, H))
    return pairs


def _n_direct_factors(N: Subgroup) -> int:
    if N.is_abelian:
        return len(_abelian_prime_powers(np.asarray(N.group.element_orders())[N.elements]))
    Ng, _ = N.as_group()
    factors = _direct_of_group(Ng)
    return 1 if factors is None else len(factors)


def _acts_faithfully(N: Subgroup, H: Subgroup) -> bool:
    """``C_H(N) = 1``: no non-identity element of ``H`` commutes with every generator of N."""
    from groupmat.algebra._element_arrays import left_multiply, right_multiply

    G, hs = N.group, H.elements
    central = np.ones(hs.size, dtype=bool)
    for x in N.generators:
        central &= right_multiply(G, hs, x) == left_multiply(G, hs, x)
    return int(central.sum()) == 1


def _filter(pairs: list, keep: Callable[[tuple], bool]) -> list:
    kept = [p for p in pairs if keep(p)]
    return kept or pairs


def _split_name(N: Subgroup, H: Subgroup) -> str:
    return _join([_describe_subgroup(N), _describe_subgroup(H)], " : ", "x:.")


def _nice_split_names(pairs: list[tuple[Subgroup, Subgroup]]) -> list[str]:
    """The descriptions the ``nice`` rules leave (module docstring), best first."""
    pairs = _filter(pairs, lambda p: p[1].is_abelian)
    abelian = [p for p in pairs if p[0].is_abelian]
    if abelian:
        orders = np.asarray(abelian[0][0].group.element_orders())
        ranks = [len(_abelian_prime_powers(orders[p[0].elements])) for p in abelian]
        pairs = [p for p, r in zip(abelian, ranks, strict=True) if r == max(ranks)]
    memo: dict[int, int] = {}  # pairs share their N: count its direct factors once
    for N, _ in pairs:
        if id(N) not in memo:
            memo[id(N)] = _n_direct_factors(N)
    counts = [memo[id(N)] for N, _ in pairs]
    if max(counts) > 1:
        pairs = [p for p, c in zip(pairs, counts, strict=True) if c == max(counts)]
    pairs = _filter(pairs, lambda p: _acts_faithfully(*p))
    pairs.sort(key=lambda p: (-_involutions(p[0]), _exponent(p[0])))
    return list(dict.fromkeys(_split_name(N, H) for N, H in pairs))


def _normal_hall_from_sylows(G: Group) -> Subgroup | None:
    """GAP's ``NormalHallSubgroupsFromSylows(G, "any")``: a non-trivial proper normal Hall
    subgroup built from normal closures of Sylow subgroups, or None."""
    from groupmat.algebra.subgroups._sylow import sylow_subgroup

    n = G.order
    primes = _primes(n)
    if len(primes) < 2:
        return None
    closures, edges = [], []
    for p in primes:
        S = sylow_subgroup(G, p).normal_closure()
        reach = {q for q in primes if S.order % q == 0}
        if reach == {p}:
            return S
        closures.append(S)
        edges.append(reach)
    # reachable sets in the digraph p -> q when q divides |closure of Sylow p|
    reach = []
    for p in primes:
        seen, todo = {p}, [p]
        while todo:
            q = todo.pop()
            for r in edges[primes.index(q)]:
                if r not in seen:
                    seen.add(r)
                    todo.append(r)
        reach.append(sorted(seen))
    for up in sorted({tuple(r) for r in reach}):
        if len(up) < len(primes):
            N = closures[primes.index(up[0])]
            for q in up[1:]:
                N = N.join(closures[primes.index(q)])
            return N
    return None


def _primes(n: int) -> list[int]:
    out, p = [], 2
    while p * p <= n:
        if n % p == 0:
            out.append(p)
            while n % p == 0:
                n //= p
        p += 1
    return [*out, n] if n > 1 else out


def _split(G: Group, normals: list[Subgroup]) -> str | None:
    """The split extension ``N : H`` GAP writes for ``G``, or None (module docstring)."""
    if not _gap_uses_table(G.order):
        N = _normal_hall_from_sylows(G)
        if N is not None:
            return _join(
                [_describe_subgroup(N), structure_description(G.quotient(N))], " : ", "x:."
            )
    pairs = _split_pairs(G, normals)
    if not pairs:
        return None
    if not _gap_uses_table(G.order):
        least = min(N.order for N, _ in pairs)
        pairs = [p for p in pairs if p[0].order == least]
    return _nice_split_names(pairs)[0]


def _nonsplit(G: Group) -> str:
    """GAP's description of a group that is neither a direct nor a split product."""
    from groupmat.algebra.subgroups._characteristic import (
        frattini_subgroup,
        minimal_normal_subgroups,
    )

    def ext(N: Subgroup) -> str:
        return _join([_describe_subgroup(N), structure_description(G.quotient(N))], " . ", "x:.")

    Z, D = G.center(), G.derived_subgroup()
    cname = ext(Z) if Z.order > 1 else None
    dname = ext(D) if D.order < G.order else None
    if cname and dname and cname != dname:
        return f"{cname} = {dname}"
    if cname or dname:
        return cname or dname  # type: ignore[return-value]
    F = frattini_subgroup(G)
    return ext(F if F.order > 1 else minimal_normal_subgroups(G)[0])


def _named(G: Group) -> str:
    """The name of ``G`` if it is simple or in one of the named families, else ``""``."""
    from groupmat.algebra.subgroups._isomorphism import is_isomorphic
    from groupmat.algebra.subgroups._series import simple_group_name

    if G.is_simple:
        return simple_group_name(G)
    hist = _histogram(np.asarray(G.element_orders()))
    for name, _ in _named_candidates(G.order):
        H, hist_H = _named_group(name, G.order)
        if hist_H == hist and is_isomorphic(G, H):
            return name
    return ""


def structure_description(G: Group) -> str:
    """A description of ``G``'s structure in GAP's ``StructureDescription`` notation.

    See the module docstring for the notation and the rules (the first that applies wins).
    Cost: the normal subgroups and, for split extensions, the subgroup lattice of ``G``, plus
    the descriptions of the parts (recursively, each cached on its group).

    Examples
    --------
    >>> import groupmat as gm
    >>> structure_description(gm.direct_product(gm.cyclic(2), gm.symmetric(4)))
    'C2 x S4'
    >>> structure_description(gm.dicyclic(3)), structure_description(gm.psl(2, 7))
    ('C3 : C4', 'PSL(3,2)')
    >>> G = gm.sl(2, 3)
    >>> structure_description(G), structure_description(G.quotient(G.center()))
    ('SL(2,3)', 'A4')
    >>> structure_description(gm.Group.from_presentation("< a, b | a^4, b^2, (a*b)^2 >"))
    'D8'
    """
    from groupmat.algebra.subgroups._cache import cache_of
    from groupmat.algebra.subgroups._characteristic import normal_subgroups

    cache = cache_of(G)
    cached = cache.get("structure_description")
    if cached is not None:
        return cached
    if G.order == 1:
        out = "1"
    elif G.is_abelian:
        out = _abelian(G)
    else:
        out = _named(G)
        if not out:
            normals = normal_subgroups(G)
            factors = _direct(G, normals)
            if factors is not None:
                out = _direct_name(G, factors)
            else:
                out = _split(G, normals) or _nonsplit(G)
    cache["structure_description"] = out
    return out


def structure_description_alternatives(G: Group) -> set[str]:
    """Every string GAP's ``StructureDescription`` could print for ``G``.

    GAP's choice of a split extension depends on its internal order of subgroups where several
    choices survive its rules (module docstring). This returns ``{structure_description(G)}``
    except there: for orders GAP reads from its table, the descriptions left after its rules;
    for the other orders, when GAP's default rule applies and finds no normal Hall subgroup,
    ``N : H`` for every non-trivial proper normal ``N`` with a complement ``H``. The parts are
    named by :func:`structure_description`.
    """
    from groupmat.algebra.subgroups._characteristic import normal_subgroups

    mine = structure_description(G)
    if G.order == 1 or G.is_abelian or _named(G):
        return {mine}
    normals = normal_subgroups(G)
    if _direct(G, normals) is not None:
        return {mine}
    if not _gap_uses_table(G.order) and _normal_hall_from_sylows(G) is not None:
        return {mine}
    pairs = _split_pairs(G, normals)
    if not pairs:
        return {mine}
    if _gap_uses_table(G.order):
        return set(_nice_split_names(pairs))
    return {_split_name(N, H) for N, H in pairs}
