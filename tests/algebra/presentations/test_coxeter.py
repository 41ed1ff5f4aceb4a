"""Coxeter groups: matrices, presentations, orders."""

from __future__ import annotations

import numpy as np
import pytest

from groupmat import (
    coxeter_group,
    coxeter_matrix,
    coxeter_order,
    coxeter_presentation,
    enumerate_cosets,
)
from groupmat.errors import CosetEnumerationError, PresentationError


@pytest.mark.parametrize(
    "t", ["A1", "A2", "A4", "B2", "C3", "B5", "D4", "D6", "F4", "G2", "H3", "I2(5)", "I2(2)"]
)
def test_coxeter_orders(t):
    assert enumerate_cosets(coxeter_presentation(t)).index == coxeter_order(t)


def test_coxeter_group_is_a_group():
    W = coxeter_group("B3")
    assert W.order == 48 and W.generator_names == ("s1", "s2", "s3")
    assert all(int(o) == 2 for o in W.element_orders()[list(W.generators)])
    W2 = coxeter_group([[1, 3], [3, 1]], names=["x", "y"])
    assert W2.order == 6 and W2.generator_names == ("x", "y")


def test_coxeter_matrix_conventions():
    M = coxeter_matrix("E6")
    assert M.shape == (6, 6) and (M == M.T).all() and (np.diag(M) == 1).all()
    assert sorted(int(v) for v in M[np.triu_indices(6, 1)] if v == 3) == [3] * 5
    assert coxeter_matrix("e_6").tolist() == M.tolist() == coxeter_matrix(" E6 ").tolist()
    assert coxeter_matrix("C4").tolist() == coxeter_matrix("B4").tolist()
    D = coxeter_matrix("D5")
    assert D[2, 4] == 3 and D[3, 4] == 2
    assert coxeter_order("A5") == 720 and coxeter_order("I2(9)") == 18
    with pytest.raises(ValueError, match="unknown Coxeter type"):
        coxeter_matrix("Z3")
    for bad in ["E9", "D3", "F5", "H5", "G3", "I3(2)", "I2(1)", "A0", "B1", "A3(2)"]:
        with pytest.raises(ValueError):
            coxeter_matrix(bad)


def test_coxeter_presentation_validation():
    inf = float("inf")
    P = coxeter_presentation([[1, inf, 2], [inf, 1, None], [2, None, 1]])
    assert P.relators == ((1, 1), (2, 2), (3, 3), (1, 3, 1, 3))
    for bad, msg in [
        ([[1, 3], [2, 1]], "symmetric"),
        ([[2, 3], [3, 1]], "m_ii = 1"),
        ([[1, 1], [1, 1]], ">= 2"),
        ([[1, 3, 2], [3, 1]], "square"),
        ([], "at least one row"),
        ([[1, 2.5], [2.5, 1]], "not an integer"),
    ]:
        with pytest.raises(ValueError, match=msg):
            coxeter_presentation(bad)
    with pytest.raises(PresentationError, match="names"):
        coxeter_presentation("A3", names=["a", "b"])
    with pytest.raises(CosetEnumerationError):
        enumerate_cosets(
            coxeter_presentation([[1, 3, 3], [3, 1, 3], [3, 3, 1]]), max_cosets=5000
        )  # affine A2~ is infinite
