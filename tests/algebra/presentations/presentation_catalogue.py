"""Finite presentations with known orders, shared by the presentation and coset tests and the
benchmark.

Each entry is ``(name, presentation, order)``. Orders are from the literature (cited per
family) and were cross-checked against GAP 4.12 (``Size`` of the same presentation) when the
catalogue was written. ``CATALOGUE`` holds the fast cases (milliseconds each with the compiled
kernel, well under a second with the pure-Python one); ``LARGE`` holds cases for the benchmark
and the slow test selection.
"""

from __future__ import annotations

from groupmat import coxeter_order, coxeter_presentation


def _coxeter(t: str) -> tuple[str, str, int]:
    return (f"Coxeter {t}", str(coxeter_presentation(t)), coxeter_order(t))


def psl2_presentation(p: int) -> str:
    """PSL(2, p), p an odd prime, on x = [[1,1],[0,1]] (order p) and y = [[0,-1],[1,0]]."""
    return f"< x, y | x^{p}, y^2, (x*y)^3, (x^4*y*x^{(p + 1) // 2}*y)^2 >"


def psl2_presentation_23(p: int) -> str:
    """PSL(2, p) on an involution and an element of order 3 (the issue's form for p = 11)."""
    return f"< a, b | a^2, b^3, (a*b)^{p}, ((a*b)^4*(a*b^-1)^{(p - 1) // 2})^2 >"


def sl2_presentation(p: int) -> str:
    """SL(2, p): the central extension of :func:`psl2_presentation` by z = y^2 = -I."""
    return f"< x, y | x^{p}, y^4, (x*y)^3 = y^2, (x^4*y*x^{(p + 1) // 2}*y)^2 = y^2 >"


def heisenberg_presentation(p: int) -> str:
    """Upper unitriangular 3x3 matrices mod an odd prime p (order p^3)."""
    return f"< x, y | x^{p}, y^{p}, [x,y]^{p}, [x,y,x], [x,y,y] >"


def binary_polyhedral(l: int, m: int, n: int) -> str:
    """<l, m, n> = < r, s, t | r^l = s^m = t^n = r*s*t >, of order 4 / (1/l + 1/m + 1/n - 1)."""
    return f"< r, s, t | r^{l} = s^{m}, s^{m} = t^{n}, t^{n} = r*s*t >"


# PSL(2, 59), a 2-generator presentation found by GAP 4.12 (IsomorphismFpGroupByGenerators on
# the generators of PSL(2,59), of orders 29 and 3), and two more from the families above.
PSL2_59_GAP = (
    "< F1, F2 | F2^3, F1^-1*F2^-1*F1*F2*F1^2*F2^-1*F1^-2*F2*F1^-2, "
    "F2*F1^-1*F2^-1*F1^-2*F2*F1^2*F2^-1*F1^3, (F1^2*F2*F1^3*F2)^2, "
    "F2*F1^-1*F2^-1*F1*F2*F1^-1*F2^-1*F1^-1*F2*F1^-2*F2^-1*F1*F2*F1^-1*F2^-1*F1^-6, "
    "F2^-1*F1*F2*F1^-1*F2^-1*F1^2*F2^-1*F1*F2*F1^10*F2*F1*F2^-1*F1^4, F1^29 >"
)

CATALOGUE: list[tuple[str, str, int]] = [
    # cyclic, abelian, trivial
    ("trivial", "< a | a >", 1),
    ("C1 from two generators", "< a, b | a*b, b >", 1),
    ("C7", "< a | a^7 >", 7),
    ("C12 as C3 x C4", "< a, b | a^3, b^4, [a,b] >", 12),
    ("C4 x C6", "< a, b | a^4, b^6, a*b = b*a >", 24),
    ("C2^3", "< a, b, c | a^2, b^2, c^2, [a,b], [a,c], [b,c] >", 8),
    ("C6 with a redundant generator", "< a, b | b = a^2, a^6 >", 6),
    # a^b = a^2 and b^a = b^2 force a = b = 1 (a classical trivial presentation)
    ("trivial: a^b = a^2, b^a = b^2", "< a, b | a^b = a^2, b^a = b^2 >", 1),
    # Fibonacci group F(2,5) is cyclic of order 11 (Conway 1965)
    ("Fibonacci F(2,5)", "< a, b, c, d, e | a*b = c, b*c = d, c*d = e, d*e = a, e*a = b >", 11),
    # dihedral (order 2n), relators not all in normal form
    ("D8", "< r, s | r^4, s^2, (s*r)^2 >", 8),
    ("D10", "< r, s | r^5, s^2, s*r*s = r^-1 >", 10),
    ("D24", "< r, s | r^12, s^2, r^s = r^-1 >", 24),
    (
        "D12 as Coxeter I2(6) with non-normal-form relators",
        "< a, b | a*a, b^-2, a*b*a*b*a*b*a*b*a*b*a*b >",
        12,
    ),
    # quaternion and dicyclic: Dic_n = < a, x | a^(2n), x^2 = a^n, a^x = a^-1 >, order 4n
    ("Q8", "< i, j | i^4, i^2 = j^2, j^-1*i*j = i^-1 >", 8),
    ("Q8 (i, j, k)", "< i, j, k | i^2 = j^2, j^2 = k^2, k^2 = i*j*k >", 8),
    ("Q16", "< a, x | a^8, x^2 = a^4, a^x = a^-1 >", 16),
    ("Dic3", "< a, x | a^6, x^2 = a^3, x^-1*a*x = a^-1 >", 12),
    ("Dic5", "< a, x | a^10, x^2*a^-5, a^x*a >", 20),
    # binary polyhedral groups <l,m,n> (Coxeter & Moser, Generators and Relations, §6.5)
    ("binary dihedral <2,2,5>", binary_polyhedral(2, 2, 5), 20),
    ("binary tetrahedral <2,3,3> = SL(2,3)", binary_polyhedral(2, 3, 3), 24),
    ("binary octahedral <2,3,4>", binary_polyhedral(2, 3, 4), 48),
    ("binary icosahedral <2,3,5> = SL(2,5)", binary_polyhedral(2, 3, 5), 120),
    # Coxeter groups (Humphreys, Reflection Groups and Coxeter Groups, Table 2.4)
    _coxeter("A1"),
    _coxeter("A3"),
    _coxeter("A5"),
    _coxeter("B3"),
    _coxeter("B4"),
    _coxeter("D4"),
    _coxeter("D5"),
    _coxeter("F4"),
    _coxeter("G2"),
    _coxeter("H3"),
    _coxeter("H4"),
    _coxeter("I2(7)"),
    # PSL(2,p) of order p(p^2-1)/2 and SL(2,p) of order p(p^2-1) (Sunday 1972; Todd 1936)
    ("PSL(2,5)", psl2_presentation(5), 60),
    ("PSL(2,7)", psl2_presentation(7), 168),
    ("PSL(2,11)", psl2_presentation_23(11), 660),
    ("PSL(2,13)", psl2_presentation_23(13), 1092),
    ("SL(2,5)", sl2_presentation(5), 120),
    ("SL(2,7)", sl2_presentation(7), 336),
    ("SL(2,11)", sl2_presentation(11), 1320),
    # Heisenberg groups mod p, order p^3
    ("Heisenberg mod 3", heisenberg_presentation(3), 27),
    ("Heisenberg mod 5", heisenberg_presentation(5), 125),
    ("Heisenberg mod 7", heisenberg_presentation(7), 343),
    # von Dyck (2,3,7) quotients G^{2,3,7;n} = < a, b | a^2, b^3, (ab)^7, [a,b]^n >
    # (Leech 1965; Coxeter & Moser Table 5): n = 4 gives PSL(2,7), n = 7 PSL(2,13), n = 8 a
    # group of order 10752, and n = 5 the trivial group (the triangle group is perfect)
    ("(2,3,7;4) = PSL(2,7)", "< a, b | a^2, b^3, (a*b)^7, [a,b]^4 >", 168),
    ("(2,3,7;5) = 1", "< a, b | a^2, b^3, (a*b)^7, [a,b]^5 >", 1),
    ("(2,3,7;7) = PSL(2,13)", "< a, b | a^2, b^3, (a*b)^7, [a,b]^7 >", 1092),
    ("(2,3,7;8)", "< a, b | a^2, b^3, (a*b)^7, [a,b]^8 >", 10752),
    # Mathieu group M11 (ATLAS presentation on standard generators of orders 2 and 4)
    (
        "M11",
        "< a, b | a^2, b^4, (a*b)^11, (a*b^2)^6, "
        "a*b*a*b*a*b^-1*a*b*a*b^2*a*b^-1*a*b*a*b^-1*a*b^-1 >",
        7920,
    ),
]

#: Larger cases: the benchmark and the slow test selection.
LARGE: list[tuple[str, str, int]] = [
    _coxeter("E6"),
    _coxeter("A7"),
    ("PSL(2,29)", psl2_presentation(29), 12180),
    ("PSL(2,59) (GAP's presentation)", PSL2_59_GAP, 102660),
    ("PSL(2,59) on (2,3) generators", psl2_presentation_23(59), 102660),
]
