"""Exact character values from eigenvalue multiplicities: sympy radicals and GAP's ``E(n)``.

A character value ``v = sum_l a_l zeta_o^l`` (``zeta_o = exp(2 pi i / o)``, ``a_l`` the
eigenvalue multiplicities, ``o`` the element order) lies in the cyclotomic field ``Q(zeta_o)``.
Its Galois conjugates are ``sigma_t(v) = sum_l a_l zeta_o^{l t}`` for ``t`` prime to ``o``
(computed in floating point and rounded: they are algebraic integers given exactly by ``a``).

- **conductor** ``c``: the smallest divisor of ``o`` with ``v`` fixed by every ``sigma_t``,
  ``t = 1 mod c``; then ``v`` lies in ``Q(zeta_c)`` (GAP's ``Conductor``).
- **sympy form**: ``v`` rational: an ``Integer``. Two conjugates ``v, v'``: ``v`` is a root of
  ``x^2 - s x + p`` with integers ``s = v + v'``, ``p = v v'``, so
  ``v = (s ± sqrt(s^2 - 4 p)) / 2`` (the sign chosen numerically): ``(1 + sqrt(5))/2`` for the
  golden ratio in ``A5``, ``-1/2 + sqrt(7) i / 2`` in ``PSL(2, 7)``. More conjugates: the sum of
  cosines (real ``v``) or of ``exp(2 pi i l / o)``.
- **GAP form** (:func:`gap_cyclotomic`): GAP writes ``E(n) = exp(2 pi i / n)`` and prints a
  cyclotomic in the Zumbroich basis of ``Q(zeta_c)``. For prime ``c`` that basis is
  ``E(c)^1, ..., E(c)^{c-1}`` and the coefficients are
  ``b_l = (Tr(v zeta_c^-l) - Tr(v)) / c`` (traces over ``Q(zeta_c)``), so the string is GAP's
  own (``A5``: ``-E(5)-E(5)^4``; ``PSL(2,7)``: ``E(7)+E(7)^2+E(7)^4``). For ``c = 4``:
  ``x+y*E(4)``. Other conductors: ``sum_l a_l E(o)^l`` with exponents reduced
  (``E(10)^2 = E(5)``): a valid GAP expression of the same value, not necessarily GAP's normal
  form.
"""

from __future__ import annotations

from collections.abc import Sequence
from math import gcd
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:  # pragma: no cover
    import sympy

__all__ = ["conductor", "gap_cyclotomic", "sympy_cyclotomic"]

_TOL = 1e-6


def _units(o: int) -> list[int]:
    return [t for t in range(1, o + 1) if gcd(t, o) == 1] if o > 1 else [1]


def _conjugates(a: np.ndarray, o: int) -> dict[int, complex]:
    """``{t: sigma_t(v)}`` for the units ``t`` mod ``o``."""
    lv = np.arange(o)
    return {t: complex((a * np.exp(2j * np.pi * lv * t / o)).sum()) for t in _units(o)}


def conductor(a: Sequence[int] | np.ndarray) -> int:
    """The conductor of ``v = sum_l a_l zeta_o^l`` (``o = len(a)``): the smallest ``c | o``
    with ``v`` in ``Q(zeta_c)`` (``1`` for rationals).

    Examples
    --------
    >>> conductor([0, 1, 0, 0, 1])   # zeta + zeta^4 = 2 cos(2 pi / 5)
    5
    >>> conductor([1, 0])            # 1
    1
    """
    a = np.asarray(a, dtype=np.int64)
    o = int(a.size)
    conj = _conjugates(a, o)
    v = conj[1]
    for c in (d for d in range(1, o + 1) if o % d == 0):
        if all(abs(conj[t] - v) < _TOL for t in conj if t % c == 1 % c):
            return c
    return o  # pragma: no cover - c = o always qualifies


def sympy_cyclotomic(a: Sequence[int] | np.ndarray) -> sympy.Expr:
    """``v = sum_l a_l zeta_o^l`` as a simplified sympy number (see the module notes).

    Examples
    --------
    >>> sympy_cyclotomic([1, 1, 0, 0, 1])       # 1 + zeta_5 + zeta_5^4: the golden ratio
    1/2 + sqrt(5)/2
    >>> sympy_cyclotomic([0, 1, 1, 0, 1, 0, 0])  # zeta_7 + zeta_7^2 + zeta_7^4
    -1/2 + sqrt(7)*I/2
    """
    import sympy

    a = np.asarray(a, dtype=np.int64)
    o = int(a.size)
    conj = _conjugates(a, o)
    v = conj[1]
    distinct: list[complex] = []
    for w in conj.values():
        if all(abs(w - u) > _TOL for u in distinct):
            distinct.append(w)
    if len(distinct) == 1:
        return sympy.Integer(round(v.real))
    if len(distinct) == 2:
        s = round((distinct[0] + distinct[1]).real)
        p = round((distinct[0] * distinct[1]).real)
        root = sympy.sqrt(s * s - 4 * p)
        for sign in (1, -1):
            cand = (sympy.Integer(s) + sign * root) / 2
            if abs(complex(cand) - v) < _TOL:
                return sympy.expand(cand)
    terms = [(int(c), sympy.Rational(l, o)) for l, c in enumerate(a.tolist()) if c]
    if abs(v.imag) < _TOL:
        return sympy.Add(*[c * sympy.cos(2 * sympy.pi * q) for c, q in terms])
    return sympy.Add(*[c * sympy.exp(2 * sympy.pi * sympy.I * q) for c, q in terms])


def _e(n: int, k: int) -> str:
    g = gcd(k, n)
    n, k = n // g, k // g
    if n == 1:
        return "1"
    if n == 2:
        return "-1"
    return f"E({n})" if k == 1 else f"E({n})^{k}"


def _join(terms: list[tuple[int, str]]) -> str:
    out = ""
    for c, b in terms:
        if c == 0:
            continue
        if b == "1":
            piece = str(abs(c))
        elif abs(c) == 1:
            piece = b
        else:
            piece = f"{abs(c)}*{b}"
        out += ("-" if c < 0 else ("+" if out else "")) + piece
    return out or "0"


def gap_cyclotomic(a: Sequence[int] | np.ndarray) -> str:
    """``v = sum_l a_l zeta_o^l`` in GAP's notation ``E(n)`` (see the module notes).

    Examples
    --------
    >>> gap_cyclotomic([1, 1, 0, 0, 1])        # golden ratio
    '-E(5)^2-E(5)^3'
    >>> gap_cyclotomic([0, 0, 1, 1, 0])
    'E(5)^2+E(5)^3'
    >>> gap_cyclotomic([0, 1, 0, 0])           # i
    'E(4)'
    >>> gap_cyclotomic([3, 0, 0])
    '3'
    >>> gap_cyclotomic([0, 1, 0, 0, 0, 0, 0, 0])    # conductor 8: E(8), as GAP
    'E(8)'
    """
    a = np.asarray(a, dtype=np.int64)
    o = int(a.size)
    c = conductor(a)
    conj = _conjugates(a, o)
    if c == 1:
        return str(round(conj[1].real))
    # lift the units mod c to units mod o (t = t' mod c) to apply sigma_t' on Q(zeta_c)
    lift: dict[int, int] = {}
    for t in conj:
        lift.setdefault(t % c, t)
    if c == 4:
        v = conj[1]
        return _join([(round(v.real), "1"), (round(v.imag), "E(4)")])
    if all(c % p for p in range(2, int(c**0.5) + 1)):  # c an odd prime: Zumbroich basis
        tr = sum(conj[t] for t in lift.values()).real
        b = []
        for ell in range(1, c):
            x = sum(conj[t] * np.exp(-2j * np.pi * ell * (t % c) / c) for t in lift.values())
            b.append(round((x.real - tr) / c))
        return _join([(bl, _e(c, ell)) for ell, bl in enumerate(b, start=1)])
    acc: dict[str, int] = {"1": 0}
    for ell, x in enumerate(a.tolist()):
        base = _e(o, ell)
        if base == "-1":
            acc["1"] -= int(x)
        else:
            acc[base] = acc.get(base, 0) + int(x)
    return _join([(x, base) for base, x in acc.items()])
