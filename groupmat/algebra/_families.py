"""Named finite groups: cyclic, dihedral, symmetric, alternating, quaternion, dicyclic, abelian,
and a few groups GAP users expect by name (``PSL(2,p)``, ``SL(2,p)``, ``GL(n,p)``, Mathieu).

Naming convention
-----------------
Names follow GAP's ``StructureDescription`` and the ATLAS, i.e. **subscripts are orders**, not
degrees: ``dihedral(4)`` is the symmetry group of the square, of order 8, and is named ``"D8"``
(GAP's ``DihedralGroup(8)``; sympy's ``DihedralGroup(4)``). Likewise ``quaternion()`` is
``"Q8"``, ``dicyclic(3)`` (order 12) is ``"Dic3"`` (the usual ``Dic_n`` of order ``4n``),
``cyclic(8)`` is ``"C8"``, ``abelian([2, 4])`` is ``"C2 x C4"``, and ``symmetric(4)`` /
``alternating(4)`` are ``"S4"`` / ``"A4"`` (degree = the usual subscript).

Element numbering
-----------------
Groups with an obvious normal form are written down directly as a right regular action (index
arithmetic, ``O(n k)``, no closure): ``cyclic(n)`` element ``i`` is ``a^i``; ``dihedral(n)``
element ``i + n*j`` is ``r^i s^j``; ``dicyclic(n)`` element ``i + 2n*j`` is ``a^i x^j``;
``abelian([n_1, ..., n_r])`` numbers ``(c_1, ..., c_r)`` (meaning ``a_1^{c_1} ... a_r^{c_r}``) in
row-major (mixed radix) order, first factor most significant. Permutation groups (``S_n``,
``A_n``, ``PSL(2,p)``, Mathieu groups) are closed with
:meth:`~groupmat.Group.from_permutations` (shortlex numbering).

A faithful permutation representation is stored in ``G.permutations`` whenever it has at most
``2**22`` entries (``n * degree``): the natural one (polygon vertices for dihedral groups, a
disjoint union of cycles for abelian groups) or the right regular one (dicyclic groups).
"""

from __future__ import annotations

from collections.abc import Sequence
from math import factorial, gcd, prod
from typing import Any

import numpy as np

from groupmat.algebra._group import Group, default_generator_names
from groupmat.errors import NotAGroupError

__all__ = [
    "abelian",
    "alternating",
    "cyclic",
    "dicyclic",
    "dihedral",
    "gl",
    "klein_four",
    "mathieu",
    "pgl",
    "psl",
    "quaternion",
    "sl",
    "symmetric",
    "trivial",
]

#: Store a permutation representation only below this many entries (``n * degree``).
PERMUTATION_ENTRY_LIMIT = 1 << 22


def _pow(word: tuple[int, ...], k: int) -> tuple[int, ...]:
    """``word^k`` in letter representation (``k < 0``: the inverse word repeated)."""
    if k < 0:
        word, k = tuple(-x for x in reversed(word)), -k
    return word * k


def _commutator(i: int, j: int) -> tuple[int, ...]:
    """The commutator ``[g_i, g_j] = g_i^-1 g_j^-1 g_i g_j`` (letters 1-based)."""
    return (-i, -j, i, j)


def _presentation(
    names: Sequence[str], relators: list[tuple[int, ...]], *, reduced: bool = False
) -> Any:
    """The :class:`~groupmat.algebra.presentations.Presentation` ``< names | relators >``.

    Letters are written out (``a^n`` is ``n`` letters). ``reduced=True`` promises freely
    reduced, non-empty relators in valid letters (true by construction for the power and
    commutator relators of the abelian, dihedral and dicyclic families) and skips the
    ``O(total length)`` validation in Python, which would triple the time of ``cyclic(10**6)``
    (0.33 s -> 1.05 s); only a tuple of ``n`` letters is built then."""
    from groupmat.algebra.presentations._presentation import Presentation

    if not reduced:
        return Presentation(tuple(names), tuple(relators))
    P = object.__new__(Presentation)
    object.__setattr__(P, "generators", tuple(names))
    object.__setattr__(P, "relators", tuple(r for r in relators if r))
    return P


def _with_presentation(G: Group, relators: list[tuple[int, ...]]) -> Group:
    """``G`` (built from permutations) again, with the standard presentation in its generator
    names; no closure is repeated."""
    return Group(
        G.right_action,
        generator_names=G.generator_names,
        permutations=G.permutations,
        name=G.name,
        presentation=_presentation(G.generator_names, relators),
    )


def _check_int(value: Any, what: str, minimum: int) -> int:
    """``value`` as a Python int ``>= minimum``, else :class:`NotAGroupError` saying so."""
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
        raise NotAGroupError(f"{what} must be an integer >= {minimum}, got {value!r}")
    if value < minimum:
        raise NotAGroupError(f"{what} must be an integer >= {minimum}, got {value}")
    return int(value)


def _is_prime(p: int) -> bool:
    return p >= 2 and all(p % q for q in range(2, int(p**0.5) + 1))


def _check_prime(p: Any, what: str) -> int:
    p = _check_int(p, what, 2)
    if not _is_prime(p):
        raise NotAGroupError(
            f"{what} = {p} is not a prime: only prime fields GF(p) are supported (for prime "
            "powers build the group from permutations or matrices over a field you provide)"
        )
    return p


def _perm_dtype(degree: int) -> np.dtype:
    return np.dtype(np.uint8 if degree <= 256 else np.uint16 if degree <= 65536 else np.int32)


def _maybe_perms(n: int, degree: int, build: Any) -> np.ndarray | None:
    """``build()`` as a compact read-only array if ``n * degree`` is small enough, else None."""
    if n * degree > PERMUTATION_ENTRY_LIMIT:
        return None
    return np.ascontiguousarray(build(), dtype=_perm_dtype(degree))


# ---------------------------------------------------------------------- abelian families
def trivial() -> Group:
    """The trivial group ``1`` (order 1, no generators).

    Examples
    --------
    >>> G = trivial()
    >>> G.order, G.generators, G.name
    (1, (), '1')
    """
    return Group(
        np.zeros((0, 1), dtype=np.int32),
        permutations=np.zeros((1, 1), np.uint8),
        name="1",
        presentation=_presentation((), []),
    )


def cyclic(n: int) -> Group:
    """The cyclic group ``C_n = <a | a^n>`` of order ``n``; element ``i`` is ``a^i``.

    Built directly as the right action ``i -> i + 1 mod n`` in ``O(n)``. ``cyclic(1)`` keeps its
    generator ``a`` (equal to the identity), so ``G.gens[0]`` always exists.

    Examples
    --------
    >>> G = cyclic(8)
    >>> G.name, G.order, G.is_abelian, int(G.element_orders()[3])
    ('C8', 8, True, 8)
    """
    n = _check_int(n, "cyclic(n): n", 1)
    return abelian([n])


def abelian(invariants: Sequence[int]) -> Group:
    """The abelian group ``C_{n_1} x ... x C_{n_r}`` (e.g. ``abelian([2, 4])`` = ``C2 x C4``).

    Parameters
    ----------
    invariants
        Orders ``n_i >= 1`` of the cyclic factors, in any form (``[2, 4]``, ``[6]``,
        ``[2, 2, 2]``); they are kept as given (not normalised), one generator per factor,
        named ``a, b, c, ...``.

    Notes
    -----
    Element ``(c_1, ..., c_r)`` (``= a_1^{c_1} ... a_r^{c_r}``) has index
    ``sum_i c_i * stride_i`` with ``stride_i = n_{i+1} ... n_r`` (row-major, as
    ``np.ravel_multi_index``). The right action of ``a_i`` adds ``stride_i`` unless
    ``c_i = n_i - 1``: ``O(n r)`` time, no closure.

    Examples
    --------
    >>> G = abelian([2, 4])
    >>> G.name, G.order, G.exponent, G.right_action.tolist()
    ('C2 x C4', 8, 4, [[4, 5, 6, 7, 0, 1, 2, 3], [1, 2, 3, 0, 5, 6, 7, 4]])
    """
    if isinstance(invariants, (int, np.integer)):
        raise NotAGroupError(
            f"abelian() takes a list of cyclic factor orders, e.g. abelian([{invariants}])"
        )
    try:
        inv = [_check_int(x, "abelian(invariants): each invariant", 1) for x in invariants]
    except TypeError:
        raise NotAGroupError(
            f"abelian() takes a list of cyclic factor orders, got {invariants!r}"
        ) from None
    if not inv:
        return trivial()
    n = prod(inv)
    from groupmat.algebra._permutations import DEFAULT_MAX_ORDER

    if n > DEFAULT_MAX_ORDER:
        from groupmat.errors import SizeLimitError

        raise SizeLimitError(f"abelian({inv}) has order {n} > {DEFAULT_MAX_ORDER} elements")
    strides = [prod(inv[i + 1 :]) for i in range(len(inv))]
    e = np.arange(n, dtype=np.int64)
    coords = [(e // s) % m for s, m in zip(strides, inv, strict=True)]
    right = np.stack(
        [
            np.where(c == m - 1, e - (m - 1) * s, e + s)
            for c, s, m in zip(coords, strides, inv, strict=True)
        ]
    )
    offsets = np.cumsum([0, *inv[:-1]])

    def perms() -> np.ndarray:
        return np.concatenate(
            [
                (np.arange(m)[None, :] + c[:, None]) % m + off
                for c, m, off in zip(coords, inv, offsets, strict=True)
            ],
            axis=1,
        )

    name = " x ".join(f"C{m}" for m in inv)
    names = default_generator_names(len(inv))
    rels = [_pow((i + 1,), m) for i, m in enumerate(inv)]
    rels += [_commutator(i + 1, j + 1) for i in range(len(inv)) for j in range(i + 1, len(inv))]
    # order of (c_1, ..., c_r) = lcm_i m_i / gcd(c_i, m_i)
    orders = np.lcm.reduce([m // np.gcd(c, m) for c, m in zip(coords, inv, strict=True)], axis=0)
    return Group(
        right,
        permutations=_maybe_perms(n, sum(inv), perms),
        name=name,
        element_orders=orders,
        presentation=_presentation(names, rels, reduced=True),
    )


def klein_four() -> Group:
    """The Klein four-group ``V4 = C2 x C2`` (generators ``a``, ``b``).

    Examples
    --------
    >>> klein_four().exponent
    2
    """
    G = abelian([2, 2])
    return Group(
        G.right_action, permutations=G.permutations, name="V4", presentation=G.presentation
    )


# ---------------------------------------------------------------------- dihedral & dicyclic
def dihedral(n: int) -> Group:
    """The dihedral group of order ``2n``, ``<r, s | r^n, s^2, (s*r)^2>``, named ``"D{2n}"``.

    The symmetry group of the regular ``n``-gon (GAP's ``DihedralGroup(2n)``, sympy's
    ``DihedralGroup(n)``): ``r`` is the rotation by ``2*pi/n``, ``s`` a reflection. Element
    ``i + n*j`` is ``r^i s^j``. For ``n >= 3`` ``G.permutations`` is the action on the vertices
    ``0..n-1`` (``r^i s^j : x -> (-1)^j (x + i) mod n``); ``dihedral(1)`` = C2 and
    ``dihedral(2)`` = C2 x C2 act on their ``2n`` elements.

    Notes
    -----
    Right action (``s r = r^-1 s``): ``r^i s^j * r = r^{i + (-1)^j} s^j``,
    ``r^i s^j * s = r^i s^{1-j}``; ``O(n)``.

    Examples
    --------
    >>> G = dihedral(4)
    >>> G.name, G.order, G.generator_names, sorted(G.element_orders().tolist())
    ('D8', 8, ('r', 's'), [1, 2, 2, 2, 2, 2, 4, 4])
    """
    n = _check_int(n, "dihedral(n): n", 1)
    i = np.tile(np.arange(n), 2)
    j = np.repeat(np.arange(2), n)
    rot = (i + np.where(j == 0, 1, -1)) % n + n * j
    ref = i + n * (1 - j)
    if n >= 3:
        x = np.arange(n)

        def perms() -> np.ndarray:
            sign = np.where(j == 0, 1, -1)[:, None]
            return (sign * (x[None, :] + i[:, None])) % n

        perm = _maybe_perms(2 * n, n, perms)
    else:
        perm = _regular(np.stack([rot, ref]))
    return Group(
        np.stack([rot, ref]),
        generator_names=("r", "s"),
        permutations=perm,
        name=f"D{2 * n}",
        presentation=_presentation(("r", "s"), [_pow((1,), n), (2, 2), (2, 1, 2, 1)], reduced=True),
    )


def _regular(right: np.ndarray) -> np.ndarray | None:
    """Right regular permutation representation (row ``g`` = ``x -> x * g``) of a small group,
    from its Cayley table; ``None`` above the entry limit."""
    n = right.shape[1]
    if n * n > PERMUTATION_ENTRY_LIMIT:
        return None
    return _maybe_perms(n, n, lambda: Group(right).cayley_table(force=True).T)


def dicyclic(n: int) -> Group:
    """The dicyclic group ``Dic_n = <a, x | a^{2n}, x^2 = a^n, x^-1*a*x = a^-1>`` of order
    ``4n``, named ``"Dic{n}"``.

    ``Dic_2`` is the quaternion group ``Q8``; ``Dic_{2^k}`` is the generalised quaternion group
    of order ``2^{k+2}``; ``Dic_1`` is ``C4``. Element ``i + 2n*j`` is ``a^i x^j``;
    ``G.permutations`` is the right regular representation (for ``4n <= 2048``).

    Notes
    -----
    Right action (``x a = a^-1 x``, ``x^2 = a^n``): ``a^i * a = a^{i+1}``,
    ``a^i x * a = a^{i-1} x``, ``a^i * x = a^i x``, ``a^i x * x = a^{i+n}``; ``O(n)``.

    Examples
    --------
    >>> G = dicyclic(3)
    >>> G.name, G.order, G.is_abelian, G.exponent
    ('Dic3', 12, False, 12)
    """
    n = _check_int(n, "dicyclic(n): n", 1)
    return _dicyclic(n, ("a", "x"), f"Dic{n}")


def _dicyclic(n: int, names: tuple[str, str], name: str) -> Group:
    m = 2 * n
    i = np.tile(np.arange(m), 2)
    j = np.repeat(np.arange(2), m)
    by_a = np.where(j == 0, (i + 1) % m, (i - 1) % m + m)
    by_x = np.where(j == 0, i + m, (i + n) % m)
    right = np.stack([by_a, by_x])
    # < a, x | a^{2n}, x^2 a^-n, x^-1 a x a >
    rels = [_pow((1,), m), (2, 2, *_pow((1,), -n)), (-2, 1, 2, 1)]
    return Group(
        right,
        generator_names=names,
        permutations=_regular(right),
        name=name,
        presentation=_presentation(names, rels, reduced=True),
    )


def quaternion(n: int = 8) -> Group:
    """The (generalised) quaternion group ``Q_n`` of order ``n = 2^k >= 8``, named ``"Q{n}"``.

    ``Q_n = <i, j | i^{n/2}, j^2 = i^{n/4}, j^-1*i*j = i^-1>`` (the dicyclic group
    ``Dic_{n/4}``); ``quaternion()`` is ``Q8 = {±1, ±i, ±j, ±k}`` with generators ``i``, ``j``.
    Element ``t + (n/2)*e`` is ``i^t j^e``.

    Examples
    --------
    >>> G = quaternion()
    >>> G.name, G.order, sorted(set(G.element_orders().tolist()))
    ('Q8', 8, [1, 2, 4])
    >>> i, j = G.gens
    >>> i**2 == j**2 == (i*j)**2, (i**2).order
    (True, 2)
    """
    n = _check_int(n, "quaternion(n): n", 8)
    if n & (n - 1):
        raise NotAGroupError(
            f"quaternion(n) needs n a power of 2 >= 8, got {n}; for order 4m use dicyclic(m)"
        )
    return _dicyclic(n // 4, ("i", "j"), f"Q{n}")


def _refuse_listing(name: str, order: int, handoff: str) -> None:
    """:class:`SizeLimitError` naming the chain-backed constructor when a named permutation
    group has more elements than can be listed."""
    from groupmat.algebra._permutations import DEFAULT_MAX_ORDER
    from groupmat.errors import SizeLimitError

    if order > DEFAULT_MAX_ORDER:
        raise SizeLimitError(
            f"{name} has {order} elements, more than DEFAULT_MAX_ORDER={DEFAULT_MAX_ORDER} can "
            f"list; use {handoff} (a PermGroup on a stabiliser chain: order, membership, "
            "stabilisers, orbits, blocks, derived series without listing elements)"
        )


# ---------------------------------------------------------------------- permutation families
def symmetric(n: int) -> Group:
    """The symmetric group ``S_n`` on ``0..n-1``, order ``n!``, named ``"S{n}"``.

    Generators as GAP and sympy: ``a = (0 1 ... n-1)`` and ``b = (0 1)`` (only ``a`` for
    ``n = 2``, none for ``n = 1``). Closed with
    :meth:`~groupmat.Group.from_permutations`, ``O(n! * n)``.

    Examples
    --------
    >>> G = symmetric(4)
    >>> G.name, G.order, G.exponent
    ('S4', 24, 12)
    """
    n = _check_int(n, "symmetric(n): n", 1)
    _refuse_listing(f"S{n}", factorial(n), f"gm.PermGroup.symmetric({n})")
    if n == 1:
        return _with_presentation(Group.from_permutations([], degree=1, name="S1"), [])
    cycle = [*range(1, n), 0]
    if n == 2:
        return _with_presentation(Group.from_permutations([cycle], name="S2"), [(1, 1)])
    transposition = [1, 0, *range(2, n)]
    G = Group.from_permutations([cycle, transposition], name=f"S{n}")
    # Coxeter and Moser, Generators and Relations (6.21): a = (0 1 ... n-1), b = (0 1)
    a, b = (1,), (2,)
    rels = [_pow(a, n), _pow(b, 2), _pow(a + b, n - 1), _pow(b + _pow(a, -1) + b + a, 3)]
    rels += [_pow(b + _pow(a, -j) + b + _pow(a, j), 2) for j in range(2, n - 1)]
    return _with_presentation(G, rels)


def alternating(n: int) -> Group:
    """The alternating group ``A_n`` on ``0..n-1``, order ``n!/2`` (``n >= 2``), named
    ``"A{n}"``.

    Generators: ``(0 1 ... n-1)`` and ``(0 1 2)`` for odd ``n``; ``(1 2 ... n-1)`` and
    ``(0 1 2)`` for even ``n`` (both even permutations, and they generate ``A_n``; as sympy).
    ``A_1`` and ``A_2`` are trivial, ``A_3`` = C3 has the single generator ``(0 1 2)``.

    Examples
    --------
    >>> G = alternating(5)
    >>> G.name, G.order, G.exponent
    ('A5', 60, 30)
    """
    n = _check_int(n, "alternating(n): n", 1)
    _refuse_listing(f"A{n}", factorial(n) // 2, f"gm.PermGroup.alternating({n})")
    if n <= 2:
        return _with_presentation(Group.from_permutations([], degree=n, name=f"A{n}"), [])
    three = [1, 2, 0, *range(3, n)]
    if n == 3:
        return _with_presentation(Group.from_permutations([three], name="A3"), [(1, 1, 1)])
    if n % 2:
        long = [*range(1, n), 0]
    else:
        long = [0, *range(2, n), 1]
    G = Group.from_permutations([long, three], name=f"A{n}")
    # Coxeter and Moser (6.31, 6.32) in s = a b^-1 (odd n), s = a^-1 b^-1 (even n), t = b:
    # s^{n-2} = t^3 = (s t)^{n or n-1} = (t^{e_k} s^-k t s^k)^2 = 1, e_k = 1 (odd n), (-1)^k.
    t = (2,)
    if n % 2:
        sw, top, ks, signs = (1, -2), n, range(1, (n - 3) // 2 + 1), lambda k: 1
    else:
        sw, top, ks, signs = (-1, -2), n - 1, range(1, (n - 2) // 2 + 1), lambda k: (-1) ** k
    rels = [_pow(sw, n - 2), _pow(t, 3), _pow(sw + t, top)]
    rels += [_pow(_pow(t, signs(k)) + _pow(sw, -k) + t + _pow(sw, k), 2) for k in ks]
    return _with_presentation(G, rels)


def psl(n: int, q: int) -> Group:
    """``PSL(2, p)`` for a prime ``p``, acting on the ``p + 1`` points of the projective line.

    Points ``0..p-1`` are ``GF(p)``, point ``p`` is ``infinity``. Generators
    ``a: x -> x + 1`` and ``b: x -> -1/x`` (the images of ``[[1,1],[0,1]]`` and
    ``[[0,-1],[1,0]]``, which generate ``SL(2, Z)`` and hence ``SL(2, p)``). Order
    ``p (p^2 - 1) / gcd(2, p - 1)``.

    Examples
    --------
    >>> G = psl(2, 7)
    >>> G.name, G.order, G.permutations.shape
    ('PSL(2,7)', 168, (168, 8))
    """
    if _check_int(n, "psl(n, q): n", 2) != 2:
        raise NotAGroupError(
            f"psl(n, q) is implemented for n = 2 only, got n = {n}; use sl(n, p) for matrices, "
            f"or gm.PermGroup.psl({n}, q) for the action on projective points"
        )
    p = _check_prime(q, "psl(2, q): q")
    _refuse_listing(f"PSL(2,{p})", _order_psl2(p), f"gm.PermGroup.psl(2, {p})")
    return Group.from_permutations(_projective_line_gens(p, with_scalar=False), name=f"PSL(2,{p})")


def pgl(n: int, q: int) -> Group:
    """``PGL(2, p)`` for a prime ``p`` on the projective line (order ``p (p^2 - 1)``):
    :func:`psl`'s generators and ``c: x -> w x`` for a primitive root ``w`` mod ``p``.

    Examples
    --------
    >>> pgl(2, 5).order
    120
    """
    if _check_int(n, "pgl(n, q): n", 2) != 2:
        raise NotAGroupError(f"pgl(n, q) is implemented for n = 2 only, got n = {n}")
    p = _check_prime(q, "pgl(2, q): q")
    return Group.from_permutations(_projective_line_gens(p, with_scalar=True), name=f"PGL(2,{p})")


def _primitive_root(p: int) -> int:
    if p == 2:
        return 1
    factors = {f for f in range(2, p) if (p - 1) % f == 0 and _is_prime(f)}
    for w in range(2, p):
        if all(pow(w, (p - 1) // f, p) != 1 for f in factors):
            return w
    raise AssertionError("unreachable")  # pragma: no cover


def _projective_line_gens(p: int, *, with_scalar: bool) -> list[list[int]]:
    x = np.arange(p)
    inf = p
    translate = [*((x + 1) % p).tolist(), inf]
    invert = [inf] + [(-pow(int(v), -1, p)) % p for v in range(1, p)] + [0]
    gens = [translate, invert]
    if with_scalar and p > 2:
        w = _primitive_root(p)
        gens.append([*((w * x) % p).tolist(), inf])
    return gens


def sl(n: int, p: int, *, max_order: int | None = None) -> Group:
    """``SL(n, p)`` as ``n x n`` matrices mod a prime ``p`` (a
    :class:`~groupmat.MatrixGroup`), generated by the elementary
    transvections ``I + E_{i,i+1}`` and ``I + E_{i+1,i}``; order
    ``|GL(n, p)| / (p - 1)``.

    The order is known before closing, so a group above ``max_order`` is refused at once with
    :class:`~groupmat.SizeLimitError` (default: the limit of
    :meth:`~groupmat.Group.from_matrices`, about 1 GiB of matrices and a few seconds of work;
    ``SL(5,7)`` has 7.8e16 elements).

    Examples
    --------
    >>> G = sl(2, 5)
    >>> G.name, G.order, G.matrices.shape
    ('SL(2,5)', 120, (120, 2, 2))
    """
    n = _check_int(n, "sl(n, p): n", 1)
    p = _check_prime(p, "sl(n, p): p")
    mats = _transvections(n)
    return _matrix_family(mats, p, f"SL({n},{p})", _gl_order(n, p) // (p - 1), max_order)


def gl(n: int, p: int, *, max_order: int | None = None) -> Group:
    """``GL(n, p)`` as ``n x n`` matrices mod a prime ``p``: the generators of :func:`sl` and
    ``diag(w, 1, ..., 1)`` for a primitive root ``w`` (order
    ``prod_{i<n} (p^n - p^i)``; above ``max_order`` refused at once, as in :func:`sl`).

    Examples
    --------
    >>> gl(2, 3).order, gl(3, 2).order
    (48, 168)
    """
    n = _check_int(n, "gl(n, p): n", 1)
    p = _check_prime(p, "gl(n, p): p")
    mats = _transvections(n)
    w = _primitive_root(p)
    if w != 1:
        d = np.eye(n, dtype=np.int64)
        d[0, 0] = w
        mats.append(d)
    return _matrix_family(mats, p, f"GL({n},{p})", _gl_order(n, p), max_order)


def _gl_order(n: int, p: int) -> int:
    """``|GL(n, p)| = prod_{i<n} (p^n - p^i)`` (exact Python int)."""
    return prod(p**n - p**i for i in range(n))


def _transvections(n: int) -> list[np.ndarray]:
    mats = []
    for i in range(n - 1):
        for a, b in ((i, i + 1), (i + 1, i)):
            t = np.eye(n, dtype=np.int64)
            t[a, b] = 1
            mats.append(t)
    return mats


def _matrix_family(
    mats: list[np.ndarray], p: int, name: str, order: int, max_order: int | None
) -> Group:
    """Close ``mats`` mod ``p`` into the group ``name`` of known ``order``: refused before any
    work when ``order`` exceeds ``max_order`` (default: what :func:`matrix_group` would allow
    for these generators), else closed with exactly ``order`` as the limit."""
    from groupmat.algebra._matrix_groups import (
        DEFAULT_MATRIX_BYTES,
        DEFAULT_MATRIX_WORK,
        matrix_group,
    )
    from groupmat.algebra._permutations import DEFAULT_MAX_ORDER
    from groupmat.algebra._validate import as_int
    from groupmat.errors import SizeLimitError

    if not mats:  # n = 1 and p = 2: the trivial group of 1x1 matrices
        mats = [np.eye(1, dtype=np.int64)]
    k, d = len(mats), mats[0].shape[0]
    if max_order is None:
        limit = min(
            DEFAULT_MAX_ORDER,
            DEFAULT_MATRIX_BYTES // (8 * d * d),
            DEFAULT_MATRIX_WORK // (2 * k * d**3),
        )
    else:
        limit = as_int(max_order, "max_order", minimum=1)
    if order > limit:
        gib = order * 8 * d * d / 2**30
        raise SizeLimitError(
            f"{name} has {order:_} elements (~{gib:.3g} GiB of {d}x{d} matrices), more than "
            f"max_order={limit:_}; pass max_order= to list it anyway, or use gm.PermGroup on a "
            "permutation action for questions that need no list of elements"
        )
    return matrix_group(Group, mats, modulus=p, name=name, max_order=order)


def mathieu(n: int) -> Group:
    """The Mathieu group ``M_n`` for ``n`` in 11, 12, 22 (orders 7920, 95040, 443520), listed.

    Generators (0-based, GAP's ``MathieuGroup(n)``): ``M11 = <(0 1 ... 10), (2 6 10 7)(3 9 4
    5)>``, ``M12`` adds ``(0 11)(1 10)(2 5)(3 7)(4 8)(6 9)``; ``M22`` as in
    :meth:`groupmat.PermGroup.mathieu`. ``M23`` and ``M24`` (10200960 and 244823040 elements) are
    too big to list: :class:`~groupmat.errors.SizeLimitError` names
    ``gm.PermGroup.mathieu(n)``, which answers questions about them on a stabiliser chain.

    Examples
    --------
    >>> G = mathieu(11)
    >>> G.name, G.order
    ('M11', 7920)
    """
    from groupmat.algebra.permgroups._named import mathieu_group

    P = mathieu_group(_check_int(n, "mathieu(n): n", 1))
    _refuse_listing(f"M{n}", P.order, f"gm.PermGroup.mathieu({n})")
    return P.to_group()


def _order_gl(n: int, p: int) -> int:
    """``|GL(n, p)| = prod_{i<n} (p^n - p^i)`` (used by tests and the matrix guards)."""
    return prod(p**n - p**i for i in range(n))


def _order_psl2(p: int) -> int:
    return p * (p * p - 1) // gcd(2, p - 1)
