"""Tests of character tables, irreducible representations and the group Fourier transform."""

from __future__ import annotations

import itertools
import time

import numpy as np
import pytest
import sympy
from hypothesis import given, settings
from hypothesis import strategies as st

import groupmat as fam
from groupmat import Group, GroupmatError, SizeLimitError, direct_product
from groupmat.algebra.representations import (
    FOURIER_CACHE_ENTRIES,
    Irrep,
    abelian_structure,
    block_diagonal_form,
    character_degrees,
    character_table,
    class_multiplication_coefficients,
    fourier,
    fourier_basis,
    inverse_fourier,
    irreducible_representations,
    tensor_product_irreps,
)
from tests.strategies import groups

PHI = (1 + 5**0.5) / 2
W = np.exp(2j * np.pi / 3)

# known tables: (element order, class size) per column, rows = irreducible characters
KNOWN = {
    "S3": (fam.symmetric, (3,), [(1, 1), (2, 3), (3, 2)], [[1, 1, 1], [1, -1, 1], [2, 0, -1]]),
    "S4": (
        fam.symmetric,
        (4,),
        [(1, 1), (2, 6), (2, 3), (3, 8), (4, 6)],
        [
            [1, 1, 1, 1, 1],
            [1, -1, 1, 1, -1],
            [2, 0, 2, -1, 0],
            [3, 1, -1, 0, -1],
            [3, -1, -1, 0, 1],
        ],
    ),
    "A4": (
        fam.alternating,
        (4,),
        [(1, 1), (2, 3), (3, 4), (3, 4)],
        [[1, 1, 1, 1], [1, 1, W, W**2], [1, 1, W**2, W], [3, -1, 0, 0]],
    ),
    "A5": (
        fam.alternating,
        (5,),
        [(1, 1), (2, 15), (3, 20), (5, 12), (5, 12)],
        [
            [1, 1, 1, 1, 1],
            [3, -1, 0, PHI, 1 - PHI],
            [3, -1, 0, 1 - PHI, PHI],
            [4, 0, 1, -1, -1],
            [5, 1, -1, 0, 0],
        ],
    ),
    "Q8": (
        fam.quaternion,
        (),
        [(1, 1), (2, 1), (4, 2), (4, 2), (4, 2)],
        [
            [1, 1, 1, 1, 1],
            [1, 1, 1, -1, -1],
            [1, 1, -1, 1, -1],
            [1, 1, -1, -1, 1],
            [2, -2, 0, 0, 0],
        ],
    ),
    "D8": (
        fam.dihedral,
        (4,),
        [(1, 1), (2, 1), (4, 2), (2, 2), (2, 2)],
        [
            [1, 1, 1, 1, 1],
            [1, 1, 1, -1, -1],
            [1, 1, -1, 1, -1],
            [1, 1, -1, -1, 1],
            [2, -2, 0, 0, 0],
        ],
    ),
}


def group_matrix(G: Group, a: np.ndarray) -> np.ndarray:
    """M[i, j] = a(g_i^-1 g_j), built locally from the Cayley table."""
    return np.asarray(a)[G.cayley_table()[G.inverse]]


def _rows(vals: np.ndarray) -> list[tuple]:
    return sorted(tuple(np.round(np.c_[v.real, v.imag].ravel(), 6)) for v in vals)


# ---------------------------------------------------------------- known tables
@pytest.mark.parametrize("name", sorted(KNOWN))
def test_known_character_tables(name):
    family, args, cols, rows = KNOWN[name]
    G = family(*args)
    T = character_table(G)
    labels = list(zip(T.class_orders.tolist(), T.class_sizes.tolist(), strict=True))
    assert sorted(labels) == sorted(cols)
    known = np.array(rows, dtype=complex)
    # match our columns to the known ones: try every assignment preserving (order, size)
    options = [[j for j, c in enumerate(cols) if c == lab] for lab in labels]
    found = False
    for perm in itertools.product(*options):
        if len(set(perm)) == len(perm) and _rows(known[:, list(perm)]) == _rows(T.values):
            found = True
            break
    assert found, f"{name}: table\n{T}"
    assert T.values[0].tolist() == [1] * len(T)
    assert character_degrees(G) == sorted(r[0] for r in rows) == G.character_degrees()


def test_exact_values_a5():
    T = character_table(fam.alternating(5))
    E = T.exact()
    num = np.array(E.evalf(), dtype=complex)
    assert np.allclose(num, T.values)
    assert all(isinstance(E[i, 0], sympy.Integer) for i in range(len(T)))
    irrational = [e for e in E if not isinstance(e, sympy.Integer)]
    simplified = {sympy.nsimplify(sympy.expand_complex(e)) for e in irrational}
    s5 = sympy.sqrt(5)
    assert len(irrational) == 4 and simplified == {(1 + s5) / 2, (1 - s5) / 2}
    assert "X.5" in str(T) and "1.618" in str(T)


def test_indicators():
    assert character_table(fam.quaternion()).indicators.tolist() == [1, 1, 1, 1, -1]
    assert character_table(fam.dihedral(4)).indicators.tolist() == [1, 1, 1, 1, 1]
    assert sorted(character_table(fam.alternating(4)).indicators.tolist()) == [0, 0, 1, 1]


# ---------------------------------------------------------------- properties
@settings(max_examples=40, deadline=None)
@given(groups(max_order=300))
def test_orthogonality_and_degrees(G):
    T = character_table(G)
    V, s, n = T.values, T.class_sizes, G.order
    r = len(T)
    assert r == len(G.conjugacy_classes())
    assert np.allclose((V * s[None, :]) @ V.conj().T, n * np.eye(r), atol=1e-8)  # rows
    assert np.allclose(V.conj().T @ V, np.diag(n / s), atol=1e-8)  # columns
    d = T.degrees
    assert int((d**2).sum()) == n and all(n % int(x) == 0 for x in d)
    assert d[0] == 1 and np.allclose(V[0], 1) and list(d) == sorted(d)
    # chi(g^-1) = conj(chi(g))
    inv_cls = T.class_map[G.inverse[T.representatives]]
    assert np.allclose(V[:, inv_cls], V.conj())
    # eigenvalue multiplicities are non-negative integers summing to the degree
    for k in range(r):
        m = T.eigenvalue_multiplicities(k)
        assert (m >= 0).all() and np.array_equal(m.sum(1), d)
    assert T.decompose(V[-1]).round(8).tolist() == [0] * (r - 1) + [1]


@settings(max_examples=25, deadline=None)
@given(groups(max_order=120))
def test_central_characters_are_eigenvectors_of_class_matrices(G):
    T = character_table(G)
    c = class_multiplication_coefficients(G)
    s = T.class_sizes
    # brute-force structure constants from the table on a small case
    if G.order <= 60:
        tab = G.cayley_table()
        for j, i, k in [(1 % len(T), len(T) - 1, 0), (len(T) - 1, len(T) - 1, len(T) // 2)]:
            Cj, Ci = G.conjugacy_classes()[j], G.conjugacy_classes()[i]
            z = T.representatives[k]
            assert c[j, i, k] == int((tab[Cj[:, None], Ci[None, :]] == z).sum())
    w = T.values * s[None, :] / T.degrees[:, None]  # omega_chi(C_j)
    lhs = w[:, :, None] * w[:, None, :]  # omega(C_j) omega(C_i)
    rhs = np.einsum("jik,xk->xji", c, w)
    assert np.allclose(lhs, rhs)


def test_large_groups_degrees_and_time():
    cases = [
        (fam.mathieu(11), [1, 10, 10, 10, 11, 16, 16, 44, 45, 55]),
        (fam.psl(2, 13), [1, 7, 7, 12, 12, 12, 13, 14, 14]),
    ]
    for G, degrees in cases:
        t = time.perf_counter()
        T = character_table(G)
        elapsed = time.perf_counter() - t
        assert sorted(T.degrees.tolist()) == degrees
        assert elapsed < 5.0, f"{G}: {elapsed:.1f} s"


# ---------------------------------------------------------------- abelian fast path
@settings(max_examples=30, deadline=None)
@given(st.lists(st.integers(1, 12), min_size=1, max_size=3))
def test_abelian_structure(invariants):
    G = fam.abelian(invariants)
    S = abelian_structure(G)
    assert int(np.prod(S.invariants)) == G.order
    assert all(b % a == 0 for a, b in itertools.pairwise(S.invariants))
    m = np.asarray(S.invariants, dtype=np.int64)
    c = S.coordinates
    for s, x in enumerate(G.generators):  # c is a homomorphism
        assert np.array_equal(c[G.right_action[s]], (c + c[x]) % m)
    T = character_table(G)
    assert T.degrees.tolist() == [1] * G.order == character_degrees(G)
    V = T.values
    assert np.allclose(V @ V.conj().T, G.order * np.eye(G.order))
    # characters are homomorphisms
    for s, x in enumerate(G.generators):
        assert np.allclose(V[:, G.right_action[s]], V * V[:, [x]])


def test_abelian_fft_matches_generic_path():
    G = direct_product(fam.cyclic(4), fam.cyclic(6))
    irr = irreducible_representations(G)
    a = np.random.default_rng(0).standard_normal((2, G.order))
    fast = fourier(G, a)
    slow = fourier(G, a, irreps=irr)
    assert all(np.allclose(f, s) for f, s in zip(fast, slow, strict=True))
    assert np.allclose(inverse_fourier(G, fast).real, a)
    assert np.allclose(inverse_fourier(G, slow, irreps=irr).real, a)


def test_abelian_large_values_guard():
    G = fam.cyclic(5000)
    T = character_table(G)
    assert character_degrees(G) == [1] * 5000
    with pytest.raises(SizeLimitError):
        T.values  # noqa: B018
    a = np.random.default_rng(1).standard_normal(5000)
    f = fourier(G, a)
    assert np.isclose(f[0][0, 0], a.sum())
    assert np.allclose(inverse_fourier(G, f).real, a)
    assert np.allclose(np.array([x[0, 0] for x in f]), np.fft.ifft(a) * 5000)


# ---------------------------------------------------------------- irreps and Fourier
def _check_irreps(G: Group, irr) -> None:
    n = G.order
    rng = np.random.default_rng(0)
    assert sum(rho.degree**2 for rho in irr) == n
    chars = []
    for rho in irr:
        R = rho.matrices()
        d = rho.degree
        assert np.allclose(R[0], np.eye(d))
        assert np.allclose(R @ np.conj(np.transpose(R, (0, 2, 1))), np.eye(d), atol=1e-8)
        for h in rng.integers(n, size=3).tolist():  # homomorphism
            gh = np.asarray(G.multiply(np.arange(n), h))
            assert np.allclose(R[gh], R @ R[h], atol=1e-8)
        chars.append(np.trace(R, axis1=1, axis2=2))
    X = np.array(chars)
    assert np.allclose(X @ X.conj().T / n, np.eye(len(irr)), atol=1e-8)  # irreducible, distinct


@settings(max_examples=25, deadline=None)
@given(groups(max_order=200))
def test_irreps_and_block_diagonalisation(G):
    irr = irreducible_representations(G)
    T = character_table(G)
    assert [rho.degree for rho in irr] == T.degrees.tolist()
    _check_irreps(G, irr)
    for rho in irr:  # traces at class representatives = table row
        assert np.allclose(
            np.trace(rho.matrices()[T.representatives], axis1=1, axis2=2),
            T.values[rho.index],
            atol=1e-8,
        )
    rng = np.random.default_rng(G.order)
    a = rng.standard_normal(G.order)
    b = rng.standard_normal(G.order)
    U = fourier_basis(G) if not G.is_abelian else fourier_basis(G, irr)
    assert np.allclose(U.conj().T @ U, np.eye(G.order), atol=1e-8)
    fa = fourier(G, a)
    assert np.allclose(U.conj().T @ group_matrix(G, a) @ U, block_diagonal_form(fa), atol=1e-8)
    # inverse, convolution theorem and Plancherel
    assert np.allclose(inverse_fourier(G, fa), a, atol=1e-8)
    conv = group_matrix(G, a) @ group_matrix(G, b)
    ab = conv[0]  # (a*b)(g) = M_{a*b}[1, g]
    fb, fab = fourier(G, b), fourier(G, ab)
    assert all(np.allclose(x @ y, z, atol=1e-8) for x, y, z in zip(fa, fb, fab, strict=True))
    energy = sum(rho.degree * np.sum(np.abs(f) ** 2) for rho, f in zip(irr, fa, strict=True))
    assert np.isclose(energy / G.order, np.sum(a**2))


def test_irreps_with_isotypic_splitting():
    """Q8 x Q8's degree-4 irrep has every eigenvalue of every element twice (m = 2), so the
    induced block must be split; PSL(2,11) has degrees up to 12."""
    G = direct_product(fam.quaternion(), fam.quaternion())
    T = character_table(G)
    i = int(np.flatnonzero(T.degrees == 4)[0])
    assert (
        min(
            T.eigenvalue_multiplicities(k, i)[0][T.eigenvalue_multiplicities(k, i)[0] > 0].min()
            for k in range(len(T))
        )
        == 2
    )
    _check_irreps(G, irreducible_representations(G))
    H = fam.psl(2, 11)
    irr = irreducible_representations(H)
    assert sorted(rho.degree for rho in irr) == [1, 5, 5, 10, 10, 11, 12, 12]
    _check_irreps(H, irr)


def test_irreps_m11():
    G = fam.mathieu(11)
    irr = irreducible_representations(G)
    assert [rho.degree for rho in irr] == [1, 10, 10, 10, 11, 16, 16, 44, 45, 55]
    T = character_table(G)
    for rho in irr:
        reps = [rho(z) for z in T.representatives.tolist()]
        assert np.allclose([np.trace(r) for r in reps], T.values[rho.index], atol=1e-8)
        x = int(G.multiply(G.generators[0], G.generators[1]))
        assert np.allclose(rho(x), rho(G.generators[0]) @ rho(G.generators[1]))


def test_tensor_product_irreps():
    A, B = fam.symmetric(3), fam.quaternion()
    P = direct_product(A, B)
    irr = tensor_product_irreps(P, irreducible_representations(A), irreducible_representations(B))
    _check_irreps(P, irr)
    a = np.random.default_rng(2).standard_normal(P.order)
    U = fourier_basis(P, irr)
    fa = fourier(P, a, irreps=irr)
    assert np.allclose(U.conj().T @ group_matrix(P, a) @ U, block_diagonal_form(fa), atol=1e-8)
    assert np.allclose(inverse_fourier(P, fa, irreps=irr), a)
    with pytest.raises(GroupmatError, match="generators"):
        tensor_product_irreps(A, irreducible_representations(A), irreducible_representations(B))


def test_batched_fourier_and_errors():
    G = fam.dihedral(5)
    a = np.random.default_rng(3).standard_normal((4, 3, G.order))
    fa = fourier(G, a)
    assert [f.shape for f in fa][:3] == [(4, 3, 1, 1), (4, 3, 1, 1), (4, 3, 2, 2)]
    assert np.allclose(fa[2][1, 2], fourier(G, a[1, 2])[2])
    assert np.allclose(inverse_fourier(G, fa), a)
    with pytest.raises(ValueError, match="last axis"):
        fourier(G, np.zeros(3))


def test_fourier_streams_large_irreps():
    G = fam.psl(2, 13)
    a = np.random.default_rng(4).standard_normal((2, G.order))
    cached = fourier(G, a)
    assert FOURIER_CACHE_ENTRIES == 1 << 22
    assert all(rho.is_cached for rho in irreducible_representations(G))  # 1092 d^2 << 2^22
    fresh = [Irrep(G, rho.generator_matrices) for rho in irreducible_representations(G)]
    # only the trivial irrep's 1092 entries fit in 1100: every other degree is streamed
    streamed = fourier(G, a, irreps=fresh, cache_entries=1100)
    assert fresh[0].is_cached and not any(rho.is_cached for rho in fresh[1:])
    assert all(np.allclose(x, y) for x, y in zip(cached, streamed, strict=True))
    back = inverse_fourier(G, streamed, irreps=fresh, cache_entries=0)
    assert np.allclose(back, a)
    assert not any(rho.is_cached for rho in fresh[1:])


@pytest.mark.parametrize("bad", [-1, 2.5, True, float("inf"), "big"])
def test_fourier_refuses_bad_cache_entries(bad):
    G = fam.dihedral(3)
    with pytest.raises((TypeError, ValueError), match="cache_entries"):
        fourier(G, np.zeros(6), cache_entries=bad)
    with pytest.raises((TypeError, ValueError), match="cache_entries"):
        inverse_fourier(G, fourier(G, np.zeros(6)), cache_entries=bad)


def test_trivial_group():
    G = fam.trivial()
    T = character_table(G)
    assert T.degrees.tolist() == [1] and character_degrees(G) == [1]
    assert np.allclose(inverse_fourier(G, fourier(G, [2.0])), [2.0])
