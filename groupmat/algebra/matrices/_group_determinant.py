"""Frobenius' group determinant ``det(M_x)`` and its factorisation (sympy).

For independent variables ``x_g`` the group determinant ``Theta_G = det(x(g_i^-1 g_j))`` factors
over ``C`` as ``prod_chi Phi_chi^{chi(1)}``: one absolutely irreducible factor ``Phi_chi`` of
degree ``chi(1)`` per irreducible character, i.e. per conjugacy class (Frobenius 1896; Johnson,
*Group Matrices, Group Determinants and Representation Theory*, LNM 2233, ch. 1). Every factor
has coefficients in ``Q(chi) ⊆ Q(zeta_e)``, ``e`` the exponent of ``G``, so factoring over
``Q(zeta_e)`` gives the absolute factorisation. The convention of the group matrix does not
matter: the right one is the left one conjugated by a permutation.

Algorithm (Dedekind's reduction by a cyclic subgroup, cf. Johnson sec. 1.3.6). Let
``H = <h>`` be cyclic of order ``m`` (an element of maximal order), ``t_1, ..., t_k`` a
transversal of the right cosets ``H t``, and number ``G`` as ``g_{(a, p)} = h^p t_a``. Then
``M[(a, p), (b, q)] = x(t_a^-1 h^{q-p} t_b)``: each block is circulant, and the Fourier matrix
of ``C_m`` turns ``M`` into ``⊕_{j < m} Lambda_j`` with the ``k x k`` matrices
``Lambda_j[a, b] = sum_r x(t_a^-1 h^r t_b) zeta_m^{r j}``. So
``Theta_G = prod_j det Lambda_j``: ``m`` determinants of size ``k = n/m`` over
``Q(zeta_m)[x]`` instead of one of size ``n``. The product of ``det Lambda_j`` over a Galois
orbit ``{t j : gcd(t, m) = 1}`` is rational and is factored over ``Q`` (sympy's multivariate
factorisation), then each rational factor of degree ``> 1`` over ``Q(zeta_e)``.

Multivariate factorisation in ``n`` variables is the expensive step (minutes at order 12), so
``section=d`` substitutes a random integer linear form ``x = A y`` in ``d >= 3`` new variables
first: by Bertini's theorem a generic 3-dimensional linear section of an irreducible form stays
irreducible, and distinct factors stay distinct, so the factor *degrees and multiplicities* are
those of ``Theta_G`` with probability ~1 (rerun with another ``seed`` to confirm).

A rational factor is then split over ``Q(zeta_e)`` only when it must be: its restriction to a
random line, factored in one variable, bounds the number of absolute factors (``1`` proves it
absolutely irreducible, Hilbert irreducibility makes the bound exact almost always); a factor
that does split is factored in one variable fewer (dehomogenised) over the smallest cyclotomic
subfield ``Q(zeta_d)``, ``d | e``, that reaches the bound. With ``section=3`` groups of order 12
take about a second, and the 15 groups of order 24 take 2-30 s each on one busy core (load
average 6 on 2 cores: ``C_24`` 2 s, ``S_4`` 6 s, ``D_12`` 8 s, ``C_2 x C_12`` 18 s, ``C_3 : C_8``
27 s; ``S_4`` 2-3 s on a quieter core). ``S_4``, ``D_12`` and ``C_3 : C_8`` took 20 s, 55 s and
10 minutes when every split ran in 3 variables over ``Q(zeta_e)``.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from math import gcd
from typing import TYPE_CHECKING, Any

import numpy as np

from groupmat.algebra.matrices._limits import (
    MAX_DETERMINANT_ORDER,
    MAX_SYMBOLIC_ORDER,
    determinant_guard,
    symbolic_guard,
)

if TYPE_CHECKING:  # pragma: no cover
    from collections.abc import Sequence

    import sympy

    from groupmat.algebra._group import Group

__all__ = [
    "MAX_DETERMINANT_ORDER",
    "MAX_SYMBOLIC_ORDER",
    "GroupDeterminantFactorization",
    "group_determinant",
]


@dataclass(frozen=True)
class GroupDeterminantFactorization:
    """Absolutely irreducible factors of a group determinant.

    Attributes
    ----------
    factors
        ``((Phi, multiplicity), ...)``, ``Phi`` a sympy expression (monic in sympy's term
        order, coefficients in ``Q(zeta_e)`` written with ``exp(2*I*pi/e)``), sorted by degree.
    variables
        The variables of the factors: the ``x_g`` or, for a section, ``y_0, ..., y_{d-1}``.
    field
        The sympy domain the factors were computed over (``QQ`` or ``QQ<exp(2*I*pi/e)>``).
    section
        ``None``, or the ``(n, d)`` integer matrix ``A`` of the substitution ``x = A y``.
    """

    factors: tuple[tuple[Any, int], ...]
    factor_degrees: tuple[int, ...]
    variables: tuple[Any, ...]
    field: Any
    section: np.ndarray | None = None

    @property
    def degrees(self) -> list[tuple[int, int]]:
        """Sorted ``(degree, multiplicity)`` pairs: for ``Theta_G`` these are
        ``(chi(1), chi(1))`` over the irreducible characters."""
        return sorted((d, m) for d, (_, m) in zip(self.factor_degrees, self.factors, strict=True))

    def __len__(self) -> int:
        return len(self.factors)

    def __iter__(self) -> Any:
        return iter(self.factors)

    def as_expr(self) -> Any:
        """``prod Phi^multiplicity`` as an unexpanded sympy expression."""
        import sympy as sp

        return sp.Mul(*(f**m for f, m in self.factors))


@lru_cache(maxsize=64)
def _field(m: int) -> Any:
    import sympy as sp

    return sp.QQ if m <= 2 else sp.QQ.algebraic_field(sp.exp(2 * sp.pi * sp.I / m))


def _root_of_unity(K: Any, m: int) -> Any:
    import sympy as sp

    if m == 1:
        return K.one
    if m == 2:
        return K(-1)
    return K.from_sympy(sp.exp(2 * sp.pi * sp.I / m))


def _cyclic_blocks(G: Group) -> tuple[int, np.ndarray]:
    """``(m, E)``: ``E[a, b, r]`` = index of ``t_a^-1 h^r t_b`` for ``h`` of maximal order ``m``."""
    n = G.order
    orders = G.element_orders()
    h = int(np.argmax(orders))
    m = int(orders[h])
    pw = np.zeros(m, dtype=np.int64)
    for r in range(1, m):
        pw[r] = G.multiply(int(pw[r - 1]), h)
    table = G.table
    canon = table[pw].min(axis=0)  # smallest element of each right coset H g
    trans = np.unique(canon)
    inv = G.inverse
    left = table[inv[trans]][:, pw]  # (k, m): t_a^-1 h^r
    E = table[left[:, None, :], trans[None, :, None]]  # (k, k, m)
    assert trans.size * m == n
    return m, E


def _to_rational(p: Any, Rq: Any, K: Any) -> Any:
    """A polynomial over ``Q(zeta)`` whose coefficients are rational, as an element of ``Rq``."""
    if K == Rq.domain:
        return Rq(dict(p.items()))
    terms = {}
    for monom, c in p.items():
        rep = c.to_list()
        if len(rep) > 1:
            raise ArithmeticError("internal error: a Galois-orbit product is not rational")
        if rep:
            terms[monom] = Rq.domain.convert(rep[0])
    return Rq(terms)


def group_determinant(
    G: Group,
    symbols: Sequence[sympy.Symbol] | None = None,
    *,
    factor: bool = False,
    section: int | None = None,
    seed: int = 0,
    force: bool = False,
    progress: bool | None = None,
) -> sympy.Expr | GroupDeterminantFactorization:
    """Frobenius' group determinant ``det(M_x)``, optionally factorised.

    Parameters
    ----------
    G
        The group (order ``n``).
    symbols
        ``n`` sympy symbols ``x_g`` (default :func:`~groupmat.group_symbols`).
    factor
        ``False``: return ``det(M_x)`` as an expanded sympy expression (integer coefficients).
        ``True``: return a :class:`GroupDeterminantFactorization` over ``Q(zeta_e)``.
    section
        ``None`` (exact, all ``n`` variables) or ``d >= 3``: work on the generic section
        ``x = A y`` (random integer ``A``, ``seed``), see the module notes. Exact
        factorisation is practical up to order about 8 (:data:`MAX_DETERMINANT_ORDER`);
        sections up to about 24 (order 12: about a second; order 24: 2-30 s on one core,
        see the module notes; sympy's cost grows steeply beyond).
    force
        Lift the guards: :data:`MAX_DETERMINANT_ORDER` (``factor=True`` without ``section``)
        and :data:`MAX_SYMBOLIC_ORDER` (otherwise).
    progress
        Show a tqdm progress bar over the block determinants and the factorisations
        (``None``: only when stderr is a terminal).

    Returns
    -------
    sympy.Expr or GroupDeterminantFactorization
        The expanded determinant (``factor=False``, in ``y_0, ..., y_{d-1}`` with
        ``section=d``), or its factorisation (``factor=True``).

    Raises
    ------
    SizeLimitError
        Above the guard that applies, without ``force``; the message names the constant and
        suggests ``section=3``.

    Notes
    -----
    ``m`` determinants of size ``n/m`` (``m`` the largest element order) over
    ``Q(zeta_m)[x]`` by fraction-free elimination, then sympy's factorisation; cost is
    dominated by the latter and grows quickly with the number of variables and the degrees.

    Examples
    --------
    >>> import sympy as sp
    >>> from groupmat import cyclic, symmetric
    >>> group_determinant(cyclic(2))
    x_1**2 - x_a**2
    >>> F = group_determinant(symmetric(3), factor=True)
    >>> F.degrees                      # three classes; characters of degrees 1, 1, 2
    [(1, 1), (1, 1), (2, 2)]
    >>> sp.expand(F.as_expr() - group_determinant(symmetric(3)))
    0
    """
    import sympy as sp
    from sympy.polys.matrices import DomainMatrix

    from groupmat.algebra._validate import as_int
    from groupmat.algebra.matrices._group_matrix import group_symbols
    from groupmat.algebra.matrices._progress import progress_bar

    n = G.order
    if factor and section is None:
        determinant_guard(n, force)
    else:
        symbolic_guard(n, force, "the group determinant (a degree-n form; consider section=3)")
    x = list(group_symbols(G) if symbols is None else symbols)
    if len(x) != n:
        raise ValueError(f"need {n} symbols (one per element), got {len(x)}")
    A = None
    if section is None:
        variables = tuple(x)
    else:
        section = as_int(section, "section")
        if section < 3:
            raise ValueError(f"section must be >= 3 (a generic plane section), got {section}")
        variables = tuple(sp.symbols(f"y_0:{section}"))
        A = np.random.default_rng(seed).integers(-(4 * n), 4 * n + 1, size=(n, len(variables)))
    m, E = _cyclic_blocks(G)
    k = E.shape[0]
    Km = _field(m)
    R = Km[variables]
    gens = R.gens
    if A is None:
        forms = list(gens)
    else:
        forms = [sum((int(A[g, c]) * gens[c] for c in range(len(gens))), R.zero) for g in range(n)]
    zeta = R.convert_from(_root_of_unity(Km, m), Km)
    zpow = [R.one]
    for _ in range(1, m):
        zpow.append(zpow[-1] * zeta)
    bar = progress_bar(
        total=m, desc=f"group determinant (order {n})", unit="block", enabled=progress
    )
    dets = []
    for j in range(m):
        rows = [
            [
                sum((forms[int(E[a, b, r])] * zpow[(r * j) % m] for r in range(m)), R.zero)
                for b in range(k)
            ]
            for a in range(k)
        ]
        dets.append(DomainMatrix(rows, (k, k), R).det())
        bar.update()
    bar.close()
    Rq = sp.QQ[variables]
    if not factor:
        total = R.one
        for d in dets:
            total = total * d
        return Rq.to_sympy(_to_rational(total, Rq, Km))
    e = G.exponent
    Ke = _field(e)
    if k == 1:  # G cyclic: the det Lambda_j are distinct linear forms, absolute factors
        return GroupDeterminantFactorization(
            tuple((R.to_sympy(d.monic()), 1) for d in dets), (1,) * m, variables, Ke, A
        )
    # rational products over Galois orbits j -> t j (gcd(t, m) = 1), factored over Q
    seen: set[int] = set()
    rational: list[tuple[Any, int]] = []
    units = [t for t in range(1, m + 1) if gcd(t, m) == 1]
    orbits = []
    for j in range(m):
        if j not in seen:
            orbits.append(sorted({(t * j) % m for t in units}))
            seen.update(orbits[-1])
    bar = progress_bar(total=len(orbits), desc="factoring over Q", unit="orbit", enabled=progress)
    for orbit in orbits:
        p = R.one
        for jj in orbit:
            p = p * dets[jj]
        poly = sp.Poly(Rq.to_sympy(_to_rational(p, Rq, Km)), *variables, domain=sp.QQ)
        rational.extend(poly.factor_list()[1])
        bar.update()
    bar.close()
    merged = _merge(rational)
    rng = np.random.default_rng(seed + 1)
    out: list[tuple[Any, int]] = []
    bar = progress_bar(
        total=len(merged), desc=f"factoring over {Ke}", unit="factor", enabled=progress
    )
    for f, mult in merged:
        bound = 1 if f.total_degree() <= 1 or Ke == sp.QQ else _line_factor_count(f, Ke, rng)
        if bound > 1:
            out.extend((g.monic(), mult * mg) for g, mg in _absolute_factors(f, Ke, e, bound))
        else:
            out.append((f, mult))
        bar.update()
    bar.close()
    out = _merge(out)
    out.sort(key=lambda t: (t[0].total_degree(), str(t[0].as_expr())))
    return GroupDeterminantFactorization(
        tuple((f.as_expr(), mult) for f, mult in out),
        tuple(f.total_degree() for f, _ in out),
        variables,
        Ke,
        A,
    )


def _line_factor_count(f: Any, Ke: Any, rng: np.random.Generator, tries: int = 2) -> int:
    """An upper bound on the number of irreducible factors over ``Ke`` of the form ``f`` (a
    ``Poly`` over ``QQ``); ``1`` proves ``f`` irreducible over ``Ke``.

    The restriction ``g(t) = f(a + t b)`` to a random line (integer ``a, b``) of the same degree
    has at least as many factors over ``Ke`` as ``f``: ``f = u v`` restricts to ``g = u(a + t b)
    v(a + t b)`` with ``deg u(a + t b) = deg u`` (its top coefficient is ``u(b) != 0``, as ``g``
    keeps the degree). By Hilbert's irreducibility theorem (``Ke`` is a number field) a random
    line keeps the count exact outside a thin set; the smallest count over ``tries`` lines is
    returned (``deg f`` when every line lost degree). Cheap: univariate factorisations over
    ``Ke`` of degree ``deg f``, milliseconds (the 3-variable section this replaced took 7-10 s
    per cubic over ``Q(zeta_12)``).
    """
    import sympy as sp

    d = f.total_degree()
    nv = len(f.gens)
    tvar = sp.Symbol("_t")
    R1 = sp.QQ[tvar]
    t = R1.gens[0]
    terms = f.rep.to_dict().items()
    best = d
    for _ in range(tries):
        a, b = rng.integers(-50, 51, size=(2, nv))
        line = [int(a[i]) + int(b[i]) * t for i in range(nv)]
        g = R1.zero
        for monom, coeff in terms:
            term = R1(coeff)
            for v, ex in zip(line, monom, strict=True):
                if ex:
                    term = term * v**ex
            g += term
        if g.degree() != d:
            continue
        pieces = sp.Poly(R1.to_sympy(g), tvar, domain=Ke).factor_list()[1]
        best = min(best, sum(mult for _, mult in pieces))
        if best == 1:
            break
    return best


def _absolute_factors(f: Any, Ke: Any, e: int, bound: int) -> list[tuple[Any, int]]:
    """The irreducible factors over ``Ke = Q(zeta_e)`` of the form ``f`` (irreducible over
    ``QQ``), given an upper bound ``bound`` on their number (:func:`_line_factor_count`).

    Factors over the cyclotomic subfields ``Q(zeta_d)``, ``d | e``, smallest degree first, and
    stops at the first that gives ``bound`` factors: a factorisation over a subfield refines
    over ``Ke`` into at most ``bound`` factors, so it is already the one over ``Ke``. Trager's
    method costs steeply in the degree of the field: ``C3 : C8`` (``e = 24``) split its two
    quartics in 83 s and 98 s over ``Q(zeta_24)``, and in seconds over ``Q(zeta_8)`` and a
    quadratic subfield.
    """
    subfields = sorted(
        (d for d in range(3, e) if e % d == 0 and d % 4 != 2), key=lambda d: (_phi(d), d)
    )
    for d in subfields:
        pieces = _factor_form(f, _field(d))
        if sum(m for _, m in pieces) == bound:
            return [(_embed(g, d, Ke, e), m) for g, m in pieces]
    return _factor_form(f, Ke)


def _phi(d: int) -> int:
    """Euler's totient (the degree of ``Q(zeta_d)``), for the small ``d`` dividing an exponent."""
    return sum(1 for k in range(1, d + 1) if gcd(k, d) == 1)


def _embed(g: Any, d: int, Ke: Any, e: int) -> Any:
    """The ``Poly`` ``g`` over ``Q(zeta_d)`` as a ``Poly`` over ``Ke = Q(zeta_e)``, ``d | e``
    (``zeta_d = zeta_e^(e/d)``), coefficient by coefficient without sympy expressions."""
    import sympy as sp

    z = _root_of_unity(Ke, e) ** (e // d)
    zpow = [Ke.one]
    for _ in range(1, _phi(d)):
        zpow.append(zpow[-1] * z)
    terms = {}
    for mon, c in g.rep.to_dict().items():
        coeffs = c.to_list()[::-1]  # lowest power of zeta_d first
        terms[mon] = sum((Ke.convert(q, Ke.dom) * zpow[i] for i, q in enumerate(coeffs)), Ke.zero)
    return sp.Poly.from_dict(terms, *g.gens, domain=Ke)


def _factor_form(f: Any, Ke: Any) -> list[tuple[Any, int]]:
    """Irreducible factors over ``Ke`` of the form ``f`` (a homogeneous ``Poly`` over ``QQ``).

    Factors the dehomogenisation ``f(..., 1)`` in one variable fewer (a variable ``v`` with
    ``f(..., 0) != 0``, so no factor ``v`` is lost) and homogenises the factors back. sympy
    factors over a number field by Trager's norm method, whose resultants cost steeply in the
    number of variables: the quartic of ``D_12``'s section over ``Q(zeta_12)`` took 54 s in 3
    variables and 1.9 s in 2. The factors stay ``Poly`` objects throughout (converting their
    algebraic coefficients back from sympy expressions costs more than the factorisation).
    """
    import sympy as sp

    gens = f.gens
    d = f.total_degree()
    raw = f.rep.to_dict()  # monomial -> QQ element
    for i in reversed(range(len(gens))):
        top = {mon: c for mon, c in raw.items() if mon[i] == 0}  # f(..., v=0, ...)
        if not top or max(sum(mon) for mon in top) != d:
            continue  # v divides f: dehomogenising by v would lose a factor
        rest = gens[:i] + gens[i + 1 :]
        low: dict[tuple[int, ...], Any] = {}
        for mon, c in raw.items():  # f(..., v=1, ...)
            key = mon[:i] + mon[i + 1 :]
            low[key] = low[key] + c if key in low else c
        lowp = sp.Poly.from_dict(low, *rest, domain=sp.QQ).set_domain(Ke)
        out = []
        for g, m in lowp.factor_list()[1]:
            gd = g.total_degree()
            terms = {}
            for mon, c in g.rep.to_dict().items():  # domain elements, not sympy expressions
                terms[(*mon[:i], gd - sum(mon), *mon[i:])] = c
            out.append((sp.Poly.from_dict(terms, *gens, domain=Ke), m))
        return out
    return f.set_domain(Ke).factor_list()[1]


def _merge(pairs: list[tuple[Any, int]]) -> list[tuple[Any, int]]:
    """Combine equal factors (up to a constant) and drop constants."""
    merged: list[tuple[Any, int]] = []
    for f, mult in pairs:
        if f.total_degree() == 0:
            continue
        f = f.monic()
        for i, (g, mg) in enumerate(merged):
            if g == f:
                merged[i] = (g, mg + mult)
                break
        else:
            merged.append((f, mult))
    return merged
