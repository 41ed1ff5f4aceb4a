"""GAP-style structure descriptions: ``"C2 x S4"``, ``"(C4 x C2) : C2"``, ``"A5"``.

Notation (GAP's ``StructureDescription``): ``1`` trivial group, ``C<n>`` cyclic, ``D<2n>``
dihedral of order ``2n``, ``Q<2^k>`` generalised quaternion, ``QD<2^k>`` quasidihedral,
``S<n>``, ``A<n>``, ``SL(2,q)``, ``GL(2,q)``, ``PSL(n,q)`` and the sporadic names; ``A x B``
direct product, ``N : H`` split extension (semidirect product, ``N`` normal), ``N . Q``
non-split extension; compound parts are parenthesised.

The description is built as GAP documents it, one rule after another:

1. abelian groups: ``C<d_1> x C<d_2> x ...`` with the invariant factors ``d_1 >= d_2 >= ...``
   (``d_{i+1} | d_i``), so ``C2 x C6`` is written ``"C6 x C2"``;
2. non-abelian simple groups by name (``"A5"``, ``"PSL(3,2)"`` for ``PSL(2,7) ≅ GL(3,2)``);
3. the named families above, recognised by :func:`~groupmat.algebra.subgroups.is_isomorphic`
   against a construction of the same order (so ``D12`` rather than ``C2 x S3``, ``S4``
   rather than ``(C2 x C2) : S3``);
4. a direct product of directly indecomposable factors: the abelian factors merged into one
   abelian part written first, then the others by increasing order;
5. a semidirect product ``N : H``: among the normal subgroups with a complement, an abelian
   ``N`` if there is one, then the largest, then a cyclic complement if there is one;
6. otherwise a non-split extension ``Z(G) . G/Z(G)`` (or ``G' . G/G'``, or ``N . G/N`` for a
   minimal normal ``N``).

Steps 5 and 6 are where GAP's notation is ambiguous (a group may have several split
decompositions, and different groups share a description: both groups ``C5 : C4`` of order
20); the choices above reproduce GAP on the groups of the test table, and a description is
always a true statement about the group. Complements come from the subgroup lattice
(:mod:`~groupmat.algebra.subgroups._lattice`), so the lattice's size guard applies.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:  # pragma: no cover
    from collections.abc import Callable

    from groupmat.algebra._group import Group
    from groupmat.algebra._subgroup import Subgroup

__all__ = ["structure_description"]


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
    return " x ".join(f"C{d}" for d in _invariant_factors(G.abelian_invariants()))


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


def _wrap(s: str) -> str:
    return f"({s})" if any(t in s for t in (" x ", " : ", " . ")) else s


def _describe_subgroup(S: Subgroup) -> str:
    Sg, _ = S.as_group()
    return structure_description(Sg)


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


def _semidirect(G: Group, normals: list[Subgroup]) -> tuple[Subgroup, Subgroup] | None:
    from groupmat.algebra.subgroups._lattice import lattice_of

    n = G.order
    lat = lattice_of(G)
    options = []
    for N in normals:
        if N.order in (1, n):
            continue
        want = n // N.order
        for c in lat.classes:
            if c.order != want:
                continue
            H = c.representative
            if (H.mask & N.mask).sum() == 1:
                options.append((not N.is_abelian, -N.order, not _is_cyclic(H), N, H))
    if not options:
        return None
    options.sort(key=lambda t: t[:3])
    return options[0][3], options[0][4]


def _is_cyclic(S: Subgroup) -> bool:
    return bool((np.asarray(S.group.element_orders())[S.elements] == S.order).any())


def structure_description(G: Group) -> str:
    """A description of ``G``'s structure in GAP's ``StructureDescription`` notation.

    See the module docstring for the notation and the rules (the first that applies wins).

    Examples
    --------
    >>> import groupmat as gm
    >>> structure_description(gm.direct_product(gm.cyclic(2), gm.symmetric(4)))
    'C2 x S4'
    >>> structure_description(gm.dicyclic(3)), structure_description(gm.psl(2, 7))
    ('C3 : C4', 'PSL(3,2)')
    """
    from groupmat.algebra.subgroups._cache import cache_of
    from groupmat.algebra.subgroups._characteristic import normal_subgroups
    from groupmat.algebra.subgroups._isomorphism import is_isomorphic
    from groupmat.algebra.subgroups._series import simple_group_name

    cache = cache_of(G)
    cached = cache.get("structure_description")
    if cached is not None:
        return cached
    n = G.order
    if n == 1:
        out = "1"
    elif G.is_abelian:
        out = _abelian(G)
    elif G.is_simple:
        out = simple_group_name(G)
    else:
        out = ""
        for name, build in _named_candidates(n):
            if is_isomorphic(G, build()):
                out = name
                break
        if not out:
            out = _compound(G, normal_subgroups(G))
    cache["structure_description"] = out
    return out


def _compound(G: Group, normals: list[Subgroup]) -> str:
    from groupmat.algebra._subgroup import Subgroup

    factors = _direct(G, normals)
    if factors is not None:
        abel = [F for F in factors if F.is_abelian]
        other = sorted((F for F in factors if not F.is_abelian), key=lambda F: F.order)
        parts = []
        if abel:
            A = Subgroup(G, [g for F in abel for g in F.generators])
            parts.append(_describe_subgroup(A))
        parts += [_wrap(_describe_subgroup(F)) for F in other]
        return " x ".join(parts)
    split = _semidirect(G, normals)
    if split is not None:
        N, H = split
        return f"{_wrap(_describe_subgroup(N))} : {_wrap(_describe_subgroup(H))}"
    Z = G.center()
    if Z.order == 1:
        Z = G.derived_subgroup()
    if Z.order in (1, G.order):
        from groupmat.algebra.subgroups._characteristic import minimal_normal_subgroups

        Z = minimal_normal_subgroups(G)[0]
    Q = G.quotient(Z)
    return f"{_wrap(_describe_subgroup(Z))} . {_wrap(structure_description(Q))}"
