"""Tests for matrix groups (groupmat/algebra/matrix_groups.py, Group.from_matrices)."""

from __future__ import annotations

import time

import numpy as np
import pytest
import sympy
from hypothesis import given, settings
from hypothesis import strategies as st

import groupmat as fam
from groupmat import (
    Group,
    GroupmatError,
    InfiniteGroupError,
    MatrixGroup,
    NotAGroupError,
    SizeLimitError,
    matrix_group,
    max_finite_order,
)
from tests.algebra.test_families import check_axioms, order_gl, order_histogram

T = [[1, 1], [0, 1]]
S = [[0, -1], [1, 0]]


def check_matrices(G: MatrixGroup) -> None:
    """The stored matrices are distinct and multiply like the group: M[g * x] = M[g] @ M[x]."""
    M = G.matrices
    assert len({m.tobytes() for m in M}) == G.order
    assert (M[0] == np.eye(G.dimension, dtype=M.dtype)).all()
    for s, x in enumerate(G.generators):
        prod = M @ M[x]
        if G.modulus is not None:
            prod %= G.modulus
        assert (M[G.right_action[s]] == prod).all()


@pytest.mark.parametrize(
    ("mats", "modulus", "order"),
    [
        ([T, S], 3, 24),  # SL(2,3)
        ([T, S], 5, 120),  # SL(2,5)
        ([T, S, [[2, 0], [0, 1]]], 3, 48),  # GL(2,3)
        ([T, S], 4, 48),  # SL(2, Z/4)
        ([T], 7, 7),
        ([[[3]]], 7, 6),  # the unit group mod 7 is cyclic of order 6
        ([[[1]]], 2, 1),
    ],
)
def test_modular_orders(mats, modulus, order):
    G = Group.from_matrices(mats, modulus=modulus)
    assert isinstance(G, MatrixGroup)
    assert G.order == order and G.modulus == modulus
    check_matrices(G)
    check_axioms(G)


def test_gl23_structure():
    G = Group.from_matrices(
        [T, S, [[2, 0], [0, 1]]], modulus=3, names=["t", "s", "d"], name="GL(2,3)"
    )
    assert G.generator_names == ("t", "s", "d") and G.name == "GL(2,3)"
    assert order_histogram(G) == {1: 1, 2: 13, 3: 8, 4: 6, 6: 8, 8: 12}
    assert G.center().order == 2
    assert len(G.conjugacy_classes()) == 8
    assert "2x2 over Z/3" in repr(G)


@pytest.mark.parametrize(
    ("mats", "order"),
    [
        ([S], 4),  # rotation by 90 degrees
        ([[[0, -1], [1, -1]]], 3),  # order 3
        ([[[1, -1], [1, 0]], [[0, 1], [1, 0]]], 12),  # D12, the hexagonal lattice symmetries
        ([S, [[1, 0], [0, -1]]], 8),  # D8, the square lattice
        (
            [
                [[0, 1, 0], [0, 0, 1], [1, 0, 0]],
                [[0, 1, 0], [1, 0, 0], [0, 0, 1]],
                [[-1, 0, 0], [0, 1, 0], [0, 0, 1]],
            ],
            48,
        ),  # the hyperoctahedral group B3
        ([[[-1]]], 2),
    ],
)
def test_integer_orders(mats, order):
    G = Group.from_matrices(mats)
    assert G.order == order and G.modulus is None
    check_matrices(G)


def test_sympy_matrices_and_numpy_arrays_accepted():
    G = Group.from_matrices([sympy.Matrix(S)], modulus=None)
    assert G.order == 4
    H = Group.from_matrices(np.array([T, S]), modulus=5)
    assert H.order == 120
    K = Group.from_matrices(np.array(S))  # a single matrix
    assert K.order == 4


def test_matches_families():
    assert order_histogram(fam.sl(2, 5)) == order_histogram(Group.from_matrices([T, S], 5))


@pytest.mark.parametrize(
    ("mats", "modulus", "match"),
    [
        ([], None, "empty"),
        ([[[1, 2, 3], [4, 5, 6]]], None, "not square"),
        ([[1, 2]], None, "not square"),
        ([[[1, 0], [0, 1]], [[1, 0, 0], [0, 1, 0], [0, 0, 1]]], None, "same size"),
        ([[[1, 0], [0]]], None, "ragged"),
        ([[[1.5, 0], [0, 1]]], None, "non-integer"),
        ([[[1, 0], [0, "x"]]], None, "non-integer"),
        ([[[2, 0], [0, 1]]], None, r"matrix 0 = \[\[2, 0\], \[0, 1\]\] is not invertible over"),
        ([T, [[1, 2], [2, 4]]], 5, "matrix 1 .* not invertible mod 5"),
        ([[[2, 0], [0, 1]]], 4, "not a unit mod 4"),
        ([T], 1, "modulus"),
        ([T], 2.5, "modulus"),
        (5, None, "list of square"),
    ],
)
def test_bad_input(mats, modulus, match):
    with pytest.raises(NotAGroupError, match=match) as info:
        Group.from_matrices(mats, modulus=modulus)
    assert isinstance(info.value, GroupmatError)


@pytest.mark.parametrize(
    "mats",
    [
        [T],  # a generator of infinite order
        [[[2, 1], [1, 1]]],  # hyperbolic (Fibonacci)
        [[[-1, 0], [0, 1]], [[-1, 1], [0, 1]]],  # two involutions, product of inf. order
        [S, [[0, 1], [-1, -1]]],  # orders 4 and 3 generate SL(2, Z)
        [[[0, 1, 0], [0, 0, 1], [1, 0, 0]], [[1, 1, 0], [0, 1, 0], [0, 0, 1]]],
        [
            [[0, 1, 0], [0, 0, 1], [1, 0, 0]],
            [[0, 1, 0], [1, 0, 0], [0, 0, 1]],
            [[-1, 1, 0], [0, 1, 0], [0, 0, 1]],
        ],  # finite-order generators, infinite group
    ],
)
def test_infinite_integer_groups_are_detected_quickly(mats):
    t = time.perf_counter()
    with pytest.raises(InfiniteGroupError, match="infinite"):
        Group.from_matrices(mats)
    assert time.perf_counter() - t < 5


def test_signed_permutations_b4():
    P = np.eye(4, dtype=int)
    G = Group.from_matrices([P[[1, 2, 3, 0]], np.diag([-1, 1, 1, 1]), P[[1, 0, 2, 3]]])
    assert G.order == 2**4 * 24
    check_matrices(G)


def test_size_limits():
    with pytest.raises(SizeLimitError, match="max_order"):
        Group.from_matrices([T, S], modulus=11, max_order=100)
    # a big finite integer group stopped by max_order without proof of infiniteness
    with pytest.raises(SizeLimitError):
        Group.from_matrices(
            [
                np.eye(4, dtype=int)[[1, 2, 3, 0]],
                np.diag([-1, 1, 1, 1]),
                np.eye(4, dtype=int)[[1, 0, 2, 3]],
            ],
            max_order=100,
        )
    with pytest.raises(SizeLimitError, match="entry_bound"):
        Group.from_matrices([[[1, 10**7], [0, -1]]], modulus=None, entry_bound=100)
    with pytest.raises(NotAGroupError, match="entry_bound"):
        Group.from_matrices([S], entry_bound=2**40)


def test_infinite_4x4_group_reports_infinite_not_size():
    A = np.eye(4, dtype=int)[[1, 2, 3, 0]]  # order 4
    B = np.eye(4, dtype=int)
    B[0, 1] = 1  # a transvection: infinite order
    with pytest.raises(InfiniteGroupError, match="infinite order"):
        Group.from_matrices([A, B])
    # involutions whose product has infinite order, in a 4x4 block: caught by max_order and a
    # witness of infinite order among the newest elements
    C = np.eye(4, dtype=int)
    C[:2, :2] = [[-1, 0], [0, 1]]
    D = np.eye(4, dtype=int)
    D[:2, :2] = [[-1, 1], [0, 1]]
    assert max_finite_order(4) == 12
    with pytest.raises(InfiniteGroupError, match="infinite order"):
        Group.from_matrices([C, D], max_order=500)


def test_matrix_group_function_and_subclass():
    class MyGroup(MatrixGroup):
        pass

    G = matrix_group(MyGroup, [S])
    assert type(G) is MyGroup and G.order == 4 and G.dimension == 2


@pytest.mark.parametrize("d", [1, 2, 3, 4, 5, 6, 8])
def test_max_finite_order_bounds_actual_orders(d):
    # companion matrices of cyclotomic polynomials realise orders m with phi(m) <= d
    x = sympy.Symbol("x")
    bound = max_finite_order(d)
    for m in range(1, 40):
        poly = sympy.Poly(sympy.cyclotomic_poly(m, x), x)
        if poly.degree() > d:
            continue
        assert m <= bound
        c = np.zeros((poly.degree(), poly.degree()), dtype=int)
        coeffs = [int(v) for v in poly.all_coeffs()[::-1]]  # a_0 .. a_{k-1}, a_k = 1
        c[1:, :-1] = np.eye(poly.degree() - 1, dtype=int)
        c[:, -1] = [-v for v in coeffs[:-1]]
        assert Group.from_matrices([c]).order == m


@given(
    st.sampled_from([2, 3, 5, 7]),
    st.lists(st.lists(st.integers(0, 6), min_size=4, max_size=4), min_size=1, max_size=2),
)
@settings(max_examples=30, deadline=None)
def test_random_2x2_mod_p(p, entries):
    mats = [np.array(e).reshape(2, 2) % p for e in entries]
    dets = [(m[0, 0] * m[1, 1] - m[0, 1] * m[1, 0]) % p for m in mats]
    if any(d == 0 for d in dets):
        with pytest.raises(NotAGroupError, match="not invertible"):
            Group.from_matrices(mats, modulus=p)
        return
    G = Group.from_matrices(mats, modulus=p)
    assert order_gl(2, p) % G.order == 0  # Lagrange inside GL(2, p)
    check_matrices(G)
