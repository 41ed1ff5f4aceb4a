"""Displacement operators and ranks, the characterisation theorem, LDR perturbations and the
equivariance-error identity."""

from __future__ import annotations

from math import lcm

import numpy as np
import pytest
import scipy.linalg
import scipy.sparse as sps
import torch
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from groupmat import (
    LDRPerturbation,
    SizeLimitError,
    coefficient_matrix,
    cyclic,
    dihedral,
    displacement,
    displacement_rank,
    displacement_vanishes,
    distance_to_group_matrices,
    equivariance_error_of_matrix,
    group_displacement,
    group_displacement_operators,
    group_displacements,
    group_matrix,
    is_group_matrix,
    ldr_matrix,
    numerical_rank,
    project_to_group_matrices,
    regular_matrix,
    stein_displacement,
    sylvester_displacement,
)
from groupmat.algebra.matrices import MAX_RANK_ENTRIES
from tests.strategies import groups

SETTINGS = settings(max_examples=25, deadline=None)


def L(G, u):
    return regular_matrix(G, u, "left", sparse=False)


# ---------------------------------------------------------------- classical operators
def test_sylvester_and_stein_on_all_backends():
    rng = np.random.default_rng(0)
    A, B, M = rng.normal(size=(3, 5, 5))
    syl, ste = A @ M - M @ B, M - A @ M @ B
    assert np.allclose(sylvester_displacement(M, A, B), syl)
    assert displacement is sylvester_displacement
    assert np.allclose(stein_displacement(M, A, B), ste)
    tA, tB, tM = (torch.tensor(x) for x in (A, B, M))
    assert np.allclose(sylvester_displacement(tM, tA, tB).numpy(), syl)
    assert np.allclose(stein_displacement(tM, tA, tB).numpy(), ste)
    sA, sB = sps.csr_array(A), sps.csr_array(B)
    assert np.allclose(np.asarray(sylvester_displacement(M, sA, sB)), syl)
    assert np.allclose(np.asarray(stein_displacement(M, sA, sB)), ste)
    with pytest.raises(ValueError, match="square"):
        sylvester_displacement(M, A[:, :4], B)
    with pytest.raises(ValueError, match="do not match"):
        stein_displacement(M[:4], A, B)


def test_toeplitz_has_displacement_rank_two():
    """Classical LDR: Z_1 T - T Z_-1 has rank <= 2 for Toeplitz T (Kailath-Kung-Morf)."""
    n = 9
    rng = np.random.default_rng(1)
    T = scipy.linalg.toeplitz(rng.normal(size=n), rng.normal(size=n))
    Z1 = np.roll(np.eye(n), 1, axis=0)
    Zm1 = Z1.copy()
    Zm1[0, -1] = -1
    assert displacement_rank(T, Z1, Zm1) == 2
    C = scipy.linalg.circulant(rng.normal(size=n))
    assert displacement_rank(C, Z1, Z1) == 0
    assert displacement_rank(C, Z1, Z1.T, kind="stein") == 0
    assert displacement_rank(rng.normal(size=(n, n)), Z1, Zm1) == n


def test_numerical_rank_backends_and_tolerance():
    rng = np.random.default_rng(2)
    X = rng.normal(size=(8, 3)) @ rng.normal(size=(3, 7))
    assert numerical_rank(X) == 3
    assert numerical_rank(torch.tensor(X)) == 3
    assert numerical_rank(sps.csr_array(X)) == 3
    assert numerical_rank(X + 1e-6 * rng.normal(size=X.shape)) == 7
    assert numerical_rank(X + 1e-6 * rng.normal(size=X.shape), rtol=1e-4) == 3
    assert numerical_rank(np.zeros((4, 4))) == 0


# ---------------------------------------------------------------- the characterisation theorem
@SETTINGS
@given(
    groups(max_order=60),
    st.integers(0, 2**31),
    st.sampled_from(["group", "perturbed", "random", "projected"]),
)
def test_group_matrix_iff_generator_displacements_vanish(G, seed, kind):
    n = G.order
    rng = np.random.default_rng(seed)
    M = group_matrix(G, rng.normal(size=n))
    if kind == "perturbed":
        M[rng.integers(n), rng.integers(n)] += 1e-3
    elif kind == "random":
        M = rng.normal(size=(n, n))
    elif kind == "projected":
        M = project_to_group_matrices(rng.normal(size=(n, n)), G)
    expect = kind in ("group", "projected") or n == 1
    assert is_group_matrix(M, G) == displacement_vanishes(M, G) == expect
    # vanishing on the generators forces vanishing on every element (homomorphism)
    if expect:
        assert all(np.allclose(L(G, u) @ M, M @ L(G, u)) for u in range(n))


@SETTINGS
@given(groups(max_order=40), st.integers(0, 2**31))
def test_group_displacement_matches_dense_operators(G, seed):
    n = G.order
    rng = np.random.default_rng(seed)
    M = rng.normal(size=(n, n))
    ops = group_displacement_operators(G)
    D = group_displacements(M, G, form="sylvester")
    assert D.shape == (len(G.generators), n, n)
    for k, u in enumerate(G.generators):
        Lu = L(G, u)
        assert np.allclose(D[k], Lu @ M - M @ Lu)
        assert np.allclose(D[k], sylvester_displacement(M, ops[k], ops[k]))
        # coefficient form: F - P_u F, P_u F the coefficient form of L_u M L_u^-1
        Dc = group_displacement(M, G, u, form="coefficient")
        assert np.allclose(Dc, coefficient_matrix(M, G) - coefficient_matrix(Lu @ M @ Lu.T, G))
    Dt = group_displacements(torch.tensor(M), G, form="sylvester")
    assert np.allclose(Dt.numpy(), D)


# ---------------------------------------------------------------- sums and products
@SETTINGS
@given(
    groups(max_order=40),
    st.integers(0, 2**31),
    st.integers(1, 3),
    st.integers(1, 3),
    st.sampled_from(["coefficient", "sylvester"]),
)
def test_subadditivity_under_sums(G, seed, r1, r2, form):
    n = G.order
    assume(n >= 4)
    rng = np.random.default_rng(seed)
    M = group_matrix(G, rng.normal(size=n)) + rng.normal(size=(n, r1)) @ rng.normal(size=(r1, n))
    N = group_matrix(G, rng.normal(size=n)) + rng.normal(size=(n, r2)) @ rng.normal(size=(r2, n))
    rm, rn = displacement_rank(M, G, form=form), displacement_rank(N, G, form=form)
    assert displacement_rank(M + N, G, form=form) <= rm + rn
    assert displacement_rank(M - M, G, form=form) == 0


def _structured(A, B, r, rng):
    """A matrix with rank(A X - X B) <= 2 r for permutation matrices A, B: an intertwiner
    X0 = sum_k A^k Y B^-k (k over a common period, so A X0 = X0 B) plus a rank-r term."""
    p = lcm(_perm_order(A), _perm_order(B))
    Y = rng.normal(size=(A.shape[0], B.shape[0]))
    X0 = sum(np.linalg.matrix_power(A, k) @ Y @ np.linalg.matrix_power(B.T, k) for k in range(p))
    assert np.allclose(A @ X0, X0 @ B)
    return X0 + rng.normal(size=(A.shape[0], r)) @ rng.normal(size=(r, B.shape[0]))


def _perm_order(P):
    k, Q = 1, P.copy()
    while not np.allclose(Q, np.eye(P.shape[0])):
        Q, k = Q @ P, k + 1
    return k


@SETTINGS
@given(st.integers(0, 2**31), st.integers(4, 9), st.integers(0, 2), st.integers(0, 2))
def test_product_rule_for_sylvester_displacement(seed, n, r1, r2):
    rng = np.random.default_rng(seed)
    A, B, C = (np.eye(n)[rng.permutation(n)] for _ in range(3))
    M, N = _structured(A, B, r1, rng), _structured(B, C, r2, rng)
    # the identity nabla_{A,C}(MN) = nabla_{A,B}(M) N + M nabla_{B,C}(N) ...
    lhs = sylvester_displacement(M @ N, A, C)
    rhs = sylvester_displacement(M, A, B) @ N + M @ sylvester_displacement(N, B, C)
    assert np.allclose(lhs, rhs)
    # ... and the rank bound it implies
    rm, rn = displacement_rank(M, A, B), displacement_rank(N, B, C)
    assert rm <= 2 * r1 and rn <= 2 * r2
    # round-off in M @ N is relative to |M| |N| (which can exceed |M N| by cancellation), so
    # the numerical rank of the product's displacement is taken at that scale
    tol = 4 * n * np.finfo(float).eps * np.linalg.norm(M, 2) * np.linalg.norm(N, 2)
    assert displacement_rank(M @ N, A, C, tol=tol) <= rm + rn


@SETTINGS
@given(groups(max_order=40), st.integers(0, 2**31), st.integers(0, 2), st.integers(0, 2))
def test_product_rule_for_group_sylvester_rank(G, seed, r1, r2):
    n = G.order
    rng = np.random.default_rng(seed)
    M = group_matrix(G, rng.normal(size=n)) + rng.normal(size=(n, r1)) @ rng.normal(size=(r1, n))
    N = group_matrix(G, rng.normal(size=n)) + rng.normal(size=(n, r2)) @ rng.normal(size=(r2, n))
    rm = displacement_rank(M, G, form="sylvester")
    rn = displacement_rank(N, G, form="sylvester")
    assert displacement_rank(M @ N, G, form="sylvester") <= rm + rn


# ---------------------------------------------------------------- LDR perturbations
@SETTINGS
@given(groups(max_order=120), st.integers(0, 2**31), st.integers(0, 4), st.booleans())
def test_displacement_rank_recovers_ldr_rank(G, seed, r, use_kernel):
    n = G.order
    rng = np.random.default_rng(seed)
    K = np.sort(rng.choice(n, size=max(1, n // 2), replace=False)) if use_kernel else None
    k = n if K is None else K.size
    assume(r <= min(n - 1, k))  # generic factors then give exactly rank r
    Lr = ldr_matrix(
        G, rng.normal(size=k), rng.normal(size=(n, r)), rng.normal(size=(k, r)), kernel=K
    )
    M = Lr.to_dense()
    assert displacement_rank(M, G) == r
    # the theorem: coefficient displacement rank = rank of the centred coefficient form
    F = coefficient_matrix(M, G)
    assert numerical_rank(F - F.mean(0), scale=np.linalg.norm(F, 2)) == r
    assert (r == 0) == is_group_matrix(M, G, tol=1e-9)
    # a group matrix has displacement rank 0 in both forms
    Mb = group_matrix(G, rng.normal(size=n))
    assert displacement_rank(Mb, G) == displacement_rank(Mb, G, form="sylvester") == 0


@SETTINGS
@given(groups(max_order=120), st.integers(0, 2**31), st.integers(0, 3))
def test_ldr_matvec_without_dense_matrix(G, seed, r):
    n = G.order
    rng = np.random.default_rng(seed)
    K = np.sort(rng.choice(n, size=max(1, n // 3), replace=False))
    b, A, C = rng.normal(size=K.size), rng.normal(size=(n, r)), rng.normal(size=(K.size, r))
    Lr = LDRPerturbation(G, b, A, C, kernel=K)
    M = Lr.to_dense()
    x, X = rng.normal(size=n), rng.normal(size=(n, 2))
    assert np.allclose(Lr @ x, M @ x) and np.allclose(Lr @ X, M @ X)
    assert np.allclose(Lr.apply(X.T), (M @ X).T)
    # M f = M_b f + sum_i a_i * (M_{c_i} f)
    full = np.zeros((r + 1, n))
    full[0, K] = b
    full[1:, K] = C.T
    Ms = group_matrix(G, full)
    assert np.allclose(M, Ms[0] + sum(A[:, i : i + 1] * Ms[1 + i] for i in range(r)))
    assert np.allclose(Lr.exact_part() @ x, Ms[0] @ x)
    counts = Lr.parameter_counts
    assert counts == {
        "base": K.size,
        "positions": n * r,
        "kernel": K.size * r,
        "total": K.size + n * r + K.size * r,
        "dense": n * n,
    }


def test_ldr_torch_is_differentiable():
    G = dihedral(6)
    n = G.order
    K = G.ball(1)
    rng = np.random.default_rng(3)
    b = torch.tensor(rng.normal(size=K.size), requires_grad=True)
    A = torch.tensor(rng.normal(size=(n, 2)), requires_grad=True)
    C = torch.tensor(rng.normal(size=(K.size, 2)), requires_grad=True)
    Lt = LDRPerturbation(G, b, A, C, kernel=K)
    Ln = LDRPerturbation(G, b.detach().numpy(), A.detach().numpy(), C.detach().numpy(), kernel=K)
    x = torch.tensor(rng.normal(size=(4, n)))
    y = Lt(x)
    assert np.allclose(y.detach().numpy(), Ln(x.numpy()))
    y.square().sum().backward()
    assert all(t.grad is not None and t.grad.abs().sum() > 0 for t in (b, A, C))
    assert torch.allclose(Lt.to_dense(), torch.tensor(Ln.to_dense()))


def test_ldr_shape_errors():
    G = cyclic(5)
    with pytest.raises(ValueError, match=r"A must have shape \(5, r\)"):
        ldr_matrix(G, np.ones(5), np.ones((4, 1)), np.ones((5, 1)))
    with pytest.raises(ValueError, match="C must have shape"):
        ldr_matrix(G, np.ones(5), np.ones((5, 2)), np.ones((5, 1)))
    with pytest.raises(ValueError, match="kernel"):
        ldr_matrix(G, np.ones(2), np.ones((5, 1)), np.ones((2, 1)), kernel=[1, 1])


# ---------------------------------------------------------------- equivariance error
@SETTINGS
@given(groups(max_order=30), st.integers(0, 2**31))
def test_equivariance_error_identity(G, seed):
    n = G.order
    M = np.random.default_rng(seed).normal(size=(n, n))
    dense = np.mean([np.linalg.norm(L(G, u) @ M @ L(G, u).T - M) ** 2 for u in range(n)])
    P = project_to_group_matrices(M, G)
    assert np.isclose(dense, 2 * np.linalg.norm(M - P) ** 2)
    assert np.isclose(equivariance_error_of_matrix(M, G), dense)
    assert np.isclose(equivariance_error_of_matrix(M, G, method="direct"), dense)
    # over the generators only: the Sylvester displacements' mean squared norm
    gens = list(G.generators)
    by_gens = np.mean([np.linalg.norm(L(G, u) @ M - M @ L(G, u)) ** 2 for u in gens])
    assert np.isclose(equivariance_error_of_matrix(M, G, gens), by_gens)
    Mt = torch.tensor(M, requires_grad=True)
    e = equivariance_error_of_matrix(Mt, G)
    e.backward()
    assert np.isclose(e.item(), dense)
    assert np.allclose(Mt.grad.numpy(), 4 * (M - P))  # d/dM 2||M - P M||^2, P a projection
    assert np.isclose(distance_to_group_matrices(Mt, G).item() ** 2, dense / 2)


def test_equivariance_error_arguments():
    G = cyclic(4)
    with pytest.raises(ValueError, match="projection"):
        equivariance_error_of_matrix(np.eye(4), G, [1], method="projection")
    assert equivariance_error_of_matrix(np.eye(4), G) == 0.0


def test_displacement_rank_arguments():
    G = cyclic(4)
    with pytest.raises(TypeError, match="generators="):
        displacement_rank(np.eye(4), G, np.eye(4))
    with pytest.raises(TypeError, match="both operators"):
        displacement_rank(np.eye(4), np.eye(4))
    with pytest.raises(ValueError, match="form"):
        displacement_rank(np.eye(4), G, form="other")


def test_numerical_rank_refuses_to_densify_above_the_limit():
    # a sparse matrix one row above MAX_RANK_ENTRIES: refused from its shape, nothing allocated
    side = 1 << 13
    assert side * side == MAX_RANK_ENTRIES
    big = sps.csr_array((side + 1, side))
    with pytest.raises(SizeLimitError, match=r"max_entries=67_108_864.*MAX_RANK_ENTRIES"):
        numerical_rank(big)
    # the keyword lowers (or lifts) the limit
    with pytest.raises(SizeLimitError, match="8_200 entries"):
        numerical_rank(sps.eye(100, 82, format="csr"), max_entries=8_199)
    assert numerical_rank(sps.eye(100, 82, format="csr"), max_entries=8_200) == 82
    assert numerical_rank(sps.eye(3, format="csr"), max_entries=9) == 3


@pytest.mark.parametrize("bad", [0, -1, 2.5, True, float("nan")])
def test_numerical_rank_refuses_bad_max_entries(bad):
    with pytest.raises((TypeError, ValueError), match="max_entries"):
        numerical_rank(np.eye(2), max_entries=bad)
