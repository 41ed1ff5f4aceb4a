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
those of ``Theta_G`` with probability ~1 (rerun with another ``seed`` to confirm). With
``section=3`` order 12 takes a few seconds.
"""

from __future__ import annotations

from dataclasses import dataclass
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
    symbols: Any = None,
    *,
    factor: bool = False,
    section: int | None = None,
    seed: int = 0,
    force: bool = False,
    progress: bool | None = None,
) -> Any:
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
        sections up to about 24 (order 12: seconds, order 24: about a minute).
    force
        Lift the guards: :data:`MAX_DETERMINANT_ORDER` (``factor=True`` without ``section``)
        and :data:`MAX_SYMBOLIC_ORDER` (otherwise).
    progress
        Show a tqdm progress bar over the block determinants and the factorisations
        (``None``: only when stderr is a terminal).

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
        if int(section) < 3:
            raise ValueError(f"section must be >= 3 (a generic plane section), got {section}")
        variables = tuple(sp.symbols(f"y_0:{int(section)}"))
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
        if f.total_degree() > 1 and Ke != sp.QQ and not _absolutely_irreducible(f, Ke, rng):
            pieces = sp.Poly(f.as_expr(), *variables, domain=Ke).factor_list()[1]
            out.extend((g.monic(), mult * mg) for g, mg in pieces)
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


def _absolutely_irreducible(f: Any, Ke: Any, rng: np.random.Generator) -> bool:
    """Sufficient test that the form ``f`` (a ``Poly`` over ``QQ``) is irreducible over ``Ke``.

    A random 3-variable linear section ``f(A y)`` of the same degree that is irreducible over
    ``Ke`` proves it: a factorisation ``f = g h`` would restrict to one with both parts of
    positive degree. Cheap (the factorisation runs in 3 variables); ``False`` means "maybe
    reducible".
    """
    import sympy as sp

    nv = len(f.gens)
    if nv <= 3:
        sec = f
    else:
        ys = sp.symbols("_s0:3")
        R3 = sp.QQ[ys]
        A = rng.integers(-50, 51, size=(nv, 3))
        forms = [sum((int(A[i, c]) * R3.gens[c] for c in range(3)), R3.zero) for i in range(nv)]
        q = R3.zero
        for monom, coeff in f.rep.to_dict().items():
            term = R3(coeff)
            for v, ex in zip(forms, monom, strict=True):
                if ex:
                    term = term * v**ex
            q += term
        sec = sp.Poly(R3.to_sympy(q), *ys, domain=sp.QQ)
        if sec.is_zero or sec.total_degree() != f.total_degree():
            return False
    pieces = sp.Poly(sec.as_expr(), *sec.gens, domain=Ke).factor_list()[1]
    return len(pieces) == 1 and pieces[0][1] == 1


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
