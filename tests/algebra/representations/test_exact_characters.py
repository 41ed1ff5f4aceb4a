"""Exact character values: simplified radicals and GAP's E(n) notation (issue 16)."""

from __future__ import annotations

import numpy as np
import pytest
import sympy as sp

import groupmat as gm
from groupmat.algebra.representations._cyclotomics import (
    conductor,
    gap_cyclotomic,
    sympy_cyclotomic,
)

PHI = (1 + sp.sqrt(5)) / 2
B7 = (-1 + sp.sqrt(7) * sp.I) / 2


def _irrationals(M):
    return {sp.nsimplify(v) for v in M if not v.is_integer}


def test_a5_exact_values_are_golden_ratio():
    E = gm.character_table(gm.alternating(5)).exact()
    vals = {sp.simplify(v) for v in E if not v.is_integer}
    assert vals == {sp.simplify(PHI), sp.simplify(1 - PHI)}
    assert all("exp" not in str(v) for v in E)


def test_psl27_exact_values_are_b7():
    E = gm.character_table(gm.psl(2, 7)).exact()
    vals = {sp.simplify(v) for v in E if not v.is_integer}
    assert vals == {sp.simplify(B7), sp.simplify(sp.conjugate(B7))}


@pytest.mark.parametrize("G", [gm.alternating(5), gm.psl(2, 7), gm.dicyclic(3), gm.symmetric(4)])
def test_exact_values_equal_the_float_table(G):
    T = gm.character_table(G)
    for style in ("simplified", "roots"):
        E = np.array(T.exact(style).evalf(), dtype=complex)
        assert np.allclose(E, T.values, atol=1e-9)


def test_gap_strings_a5_and_psl27():
    a5 = {s for row in gm.character_table(gm.alternating(5)).to_gap() for s in row}
    assert {"-E(5)-E(5)^4", "-E(5)^2-E(5)^3"} <= a5
    psl = {s for row in gm.character_table(gm.psl(2, 7)).to_gap() for s in row}
    assert {"E(7)+E(7)^2+E(7)^4", "E(7)^3+E(7)^5+E(7)^6"} <= psl


def test_gap_strings_evaluate_to_the_values():
    """Every GAP string, read with E(n) = exp(2 pi i / n), is the float value."""
    for G in (gm.alternating(5), gm.psl(2, 7), gm.dicyclic(5), gm.abelian([8])):
        T = gm.character_table(G)
        for i, row in enumerate(T.to_gap()):
            for k, s in enumerate(row):
                expr = sp.sympify(
                    s.replace("^", "**"), locals={"E": lambda n: sp.exp(2 * sp.pi * sp.I / n)}
                )
                assert abs(complex(expr.evalf()) - T.values[i, k]) < 1e-9, (G.name, s)


@pytest.mark.parametrize(
    "a, gap, c",
    [
        ([1, 1, 0, 0, 1], "-E(5)^2-E(5)^3", 5),
        ([0, 1, 0, 0], "E(4)", 4),
        ([1, 0, 1, 0], "0", 1),
        ([0, 0, 1, 0, 0, 0, 0, 0, 0, 0], "E(5)", 5),
        ([2], "2", 1),
    ],
)
def test_gap_cyclotomic_table(a, gap, c):
    assert gap_cyclotomic(a) == gap
    assert conductor(a) == c


def test_sympy_cyclotomic_quadratic_and_fallback():
    assert sp.simplify(sympy_cyclotomic([1, 1, 0, 0, 1]) - PHI) == 0
    assert (
        sp.simplify(sympy_cyclotomic([0, 0, 1, 0, 0, 0, 0, 0, 0]) - sp.exp(4 * sp.pi * sp.I / 9))
        == 0
    )


def test_exact_style_is_checked():
    with pytest.raises(ValueError, match="style"):
        gm.character_table(gm.symmetric(3)).exact("gap")
