"""Group matrices, regular representations, group algebra, structured operators, recognition
(circulant, BCCB, dihedral block form) and Frobenius' group determinant."""

from __future__ import annotations

import numpy as np
import pytest
import scipy.linalg
import sympy as sp
import torch
from hypothesis import given, settings
from hypothesis import strategies as st

import groupmat as gm
from groupmat import (
    Group,
    GroupMatrixOperator,
    KroneckerGroupMatrix,
    NotAGroupMatrixError,
    SizeLimitError,
    abelian,
    alternating,
    coefficient_matrix,
    convolve,
    cyclic,
    dicyclic,
    dihedral,
    direct_product,
    distance_to_group_matrices,
    from_coefficient_matrix,
    group_determinant,
    group_matrix,
    group_matrix_coefficients,
    group_symbols,
    involution,
    is_group_matrix,
    left_regular_representation,
    project_to_group_matrices,
    quaternion,
    regular_matrix,
    right_regular_representation,
    symmetric,
)
from tests.strategies import groups

SMALL = 48  # dense O(n^3) checks
SETTINGS = settings(max_examples=25, deadline=None)


def signal(draw_seed: int, n: int, *shape: int) -> np.ndarray:
    return np.random.default_rng(draw_seed).normal(size=(*shape, n))


def dense_L(G: Group, u: int) -> np.ndarray:
    return regular_matrix(G, u, "left", sparse=False)


def dense_R(G: Group, s: int) -> np.ndarray:
    return regular_matrix(G, s, "right", sparse=False)


# ---------------------------------------------------------------- definition and conventions
@SETTINGS
@given(groups(max_order=200), st.integers(0, 2**31))
def test_entries_match_the_definition_in_both_conventions(G, seed):
    n = G.order
    a = signal(seed, n)
    rng = np.random.default_rng(seed)
    i, j = rng.integers(0, n, size=(2, 50))
    inv = G.inverse
    left = group_matrix(G, a)
    right = group_matrix(G, a, convention="right")
    assert np.array_equal(left[i, j], a[G.multiply(inv[i], j)])
    assert np.array_equal(right[i, j], a[G.multiply(i, inv[j])])
    assert np.array_equal(left[0], a)
    # right = J left J with J the inversion permutation
    assert np.array_equal(right, left[inv][:, inv])


@SETTINGS
@given(groups(max_order=SMALL), st.integers(0, 2**31))
def test_group_matrix_is_sum_of_right_translations_and_commutes_with_left(G, seed):
    n = G.order
    a = signal(seed, n)
    M = group_matrix(G, a)
    assert np.allclose(M, sum(a[s] * dense_R(G, s) for s in range(n)))
    Mr = group_matrix(G, a, convention="right")
    assert np.allclose(Mr, sum(a[t] * dense_L(G, t) for t in range(n)))
    for u in range(n):
        L, R = dense_L(G, u), dense_R(G, u)
        assert np.allclose(L @ M, M @ L)
        assert np.allclose(R @ Mr, Mr @ R)
    # (M_a f)(h) = sum_s a(s) f(h s)
    f = signal(seed + 1, n)
    R_all = right_regular_representation(G)
    assert np.allclose(M @ f, (a[:, None] * f[R_all]).sum(0))


@SETTINGS
@given(groups(max_order=SMALL))
def test_regular_representations_are_commuting_homomorphisms(G):
    n = G.order
    T = G.table
    assert np.array_equal(left_regular_representation(G), T)
    assert np.array_equal(right_regular_representation(G), T.T)
    rng = np.random.default_rng(n)
    for g, h in rng.integers(0, n, size=(5, 2)):
        gh = int(T[g, h])
        assert np.array_equal(dense_L(G, g) @ dense_L(G, h), dense_L(G, gh))
        assert np.array_equal(dense_R(G, g) @ dense_R(G, h), dense_R(G, gh))
        assert np.array_equal(dense_L(G, g) @ dense_R(G, h), dense_R(G, h) @ dense_L(G, g))
        f = rng.normal(size=n)
        # (L_g f)(x) = f(g^-1 x), (R_g f)(x) = f(x g)
        assert np.allclose(dense_L(G, g) @ f, f[T[G.inverse[g]]])
        assert np.allclose(dense_R(G, g) @ f, f[T[:, g]])
    sp_mat = regular_matrix(G, n - 1, "left")
    assert sp_mat.nnz == n and np.array_equal(sp_mat.toarray(), dense_L(G, n - 1))


# ---------------------------------------------------------------- group algebra
@SETTINGS
@given(groups(max_order=120), st.integers(0, 2**31), st.sampled_from(["left", "right"]))
def test_convolution_theorem_and_involution(G, seed, convention):
    n = G.order
    a, b, c = signal(seed, n, 3)
    a[np.random.default_rng(seed).random(n) < 0.5] = 0.0  # exercise the sparse path
    Ma = group_matrix(G, a, convention=convention)
    Mb = group_matrix(G, b, convention=convention)
    ab = convolve(G, a, b)
    assert np.allclose(Ma @ Mb, group_matrix(G, ab, convention=convention))
    assert np.allclose(convolve(G, ab, c), convolve(G, a, convolve(G, b, c)))  # associative
    assert np.allclose(Ma.T, group_matrix(G, involution(G, a), convention=convention))
    assert np.allclose(involution(G, involution(G, a)), a)
    # batched and torch agree with the vector path
    batch = convolve(G, np.stack([a, b]), c)
    assert np.allclose(batch, [convolve(G, a, c), convolve(G, b, c)])
    t = convolve(G, torch.tensor(a), torch.tensor(b))
    assert np.allclose(t.numpy(), ab)


def test_convolution_identity_is_delta():
    G = dihedral(5)
    a = np.random.default_rng(0).normal(size=10)
    delta = np.eye(10)[0]
    assert np.allclose(convolve(G, delta, a), a)
    assert np.allclose(convolve(G, a, delta), a)


# ---------------------------------------------------------------- recognition and projection
@SETTINGS
@given(groups(max_order=120), st.integers(0, 2**31), st.sampled_from(["left", "right"]))
def test_coefficients_roundtrip_and_recognition(G, seed, convention):
    n = G.order
    a = signal(seed, n)
    M = group_matrix(G, a, convention=convention)
    assert is_group_matrix(M, G, convention=convention)
    assert np.allclose(group_matrix_coefficients(M, G, convention=convention), a)
    if n > 1:
        rng = np.random.default_rng(seed)
        i, j = rng.integers(0, n, size=2)
        bad = M.copy()
        bad[i, j] += 1.0
        assert not is_group_matrix(bad, G, convention=convention)
        with pytest.raises(NotAGroupMatrixError, match="not a group matrix"):
            group_matrix_coefficients(bad, G, convention=convention)


@SETTINGS
@given(groups(max_order=SMALL), st.integers(0, 2**31))
def test_projection_is_orthogonal_reynolds_average(G, seed):
    n = G.order
    rng = np.random.default_rng(seed)
    M = rng.normal(size=(n, n))
    P = project_to_group_matrices(M, G)
    assert is_group_matrix(P, G)
    assert np.allclose(project_to_group_matrices(P, G), P)  # idempotent
    reynolds = sum(dense_L(G, u) @ M @ dense_L(G, u).T for u in range(n)) / n
    assert np.allclose(P, reynolds)
    b = rng.normal(size=n)
    assert abs(np.sum((M - P) * group_matrix(G, b))) < 1e-9 * max(1.0, np.abs(M).sum())
    assert np.isclose(distance_to_group_matrices(M, G), np.linalg.norm(M - P))
    # right convention: average over right translations
    Pr = project_to_group_matrices(M, G, convention="right")
    reyn_r = sum(dense_R(G, u) @ M @ dense_R(G, u).T for u in range(n)) / n
    assert np.allclose(Pr, reyn_r)


@SETTINGS
@given(groups(max_order=SMALL), st.integers(0, 2**31))
def test_coefficient_form(G, seed):
    n = G.order
    M = np.random.default_rng(seed).normal(size=(n, n))
    F = coefficient_matrix(M, G)
    assert np.allclose(M, sum(np.diag(F[:, s]) @ dense_R(G, s) for s in range(n)))
    assert np.allclose(from_coefficient_matrix(F, G), M)
    assert np.isclose(np.linalg.norm(F), np.linalg.norm(M))
    Mt = torch.tensor(M, requires_grad=True)
    Ft = coefficient_matrix(Mt, G)
    assert np.allclose(Ft.detach().numpy(), F)
    assert torch.allclose(from_coefficient_matrix(Ft, G), Mt)


def test_exact_and_symbolic_inputs():
    G = symmetric(3)
    M = group_matrix(G, np.arange(6))
    assert M.dtype.kind == "i" and is_group_matrix(M, G, tol=0)
    S = group_matrix(G)  # sympy symbols
    assert isinstance(S, sp.MatrixBase)
    assert list(S.row(0)) == group_symbols(G)
    assert is_group_matrix(S, G)
    S2 = S.copy()
    S2[1, 2] = S2[1, 2] + 1
    assert not is_group_matrix(S2, G)


def test_group_symbols_are_named_after_labels():
    G = dihedral(3)
    names = [str(x) for x in group_symbols(G)]
    assert names[0] == "x_1" and len(set(names)) == 6
    assert all(nm.isidentifier() for nm in names)
    assert [str(x) for x in group_symbols(G, "y", style="index")] == [f"y_{i}" for i in range(6)]
    assert str(group_symbols(cyclic(4))[2]) in ("x_a2", "x_am2")


# ---------------------------------------------------------------- torch
def test_torch_group_matrix_is_differentiable_and_keeps_dtype():
    G = dihedral(4)
    a = torch.randn(3, 8, dtype=torch.float32, requires_grad=True)
    M = group_matrix(G, a)
    assert M.shape == (3, 8, 8) and M.dtype == torch.float32
    assert torch.allclose(M[1], torch.tensor(group_matrix(G, a[1].detach().numpy())))
    W = torch.randn(3, 8, 8)
    (M * W).sum().backward()
    # d/da(s) sum_ij W_ij [a(g_i^-1 g_j) = s] = sum over the entries showing s
    idx = gm.group_matrix_index(G)
    expect = np.zeros((3, 8))
    for s in range(8):
        expect[:, s] = W.numpy()[:, idx == s].sum(-1)
    assert np.allclose(a.grad.numpy(), expect, atol=1e-5)
    P = project_to_group_matrices(torch.randn(8, 8, dtype=torch.float64), G)
    assert P.dtype == torch.float64 and is_group_matrix(P, G)


# ---------------------------------------------------------------- guards and errors
def test_size_guard_points_to_the_operator():
    n = gm.MAX_DENSE_ORDER + 1  # refused before anything n x n is allocated
    with pytest.raises(SizeLimitError, match="GroupMatrixOperator"):
        group_matrix(cyclic(n), np.ones(n))
    G = cyclic(12)
    assert group_matrix(G, np.ones(12), force=True).shape == (12, 12)
    op = GroupMatrixOperator(G, np.eye(12)[1])
    assert np.allclose(op @ np.arange(12.0), np.roll(np.arange(12.0), -1))


def test_bad_inputs():
    G = cyclic(4)
    with pytest.raises(ValueError, match="last dimension 4"):
        group_matrix(G, np.ones(5))
    with pytest.raises(ValueError, match="convention"):
        group_matrix(G, np.ones(4), convention="middle")
    with pytest.raises(ValueError, match="4, 4"):
        is_group_matrix(np.ones((3, 3)), G)
    with pytest.raises(ValueError, match="shape"):
        GroupMatrixOperator(G, np.ones(3))


# ---------------------------------------------------------------- structured operators
@SETTINGS
@given(groups(max_order=200), st.integers(0, 2**31), st.sampled_from(["left", "right"]))
def test_operator_matches_dense(G, seed, convention):
    n = G.order
    rng = np.random.default_rng(seed)
    a = np.where(rng.random(n) < 0.3, rng.normal(size=n), 0.0)
    op = GroupMatrixOperator(G, a, convention=convention)
    M = group_matrix(G, a, convention=convention)
    x, X = rng.normal(size=n), rng.normal(size=(n, 3))
    assert op.nnz == n * np.count_nonzero(a)
    assert np.allclose(op @ x, M @ x) and np.allclose(op @ X, M @ X)
    assert np.allclose(op.apply(X.T), (M @ X).T)
    assert np.allclose(op.T @ x, M.T @ x)
    assert np.allclose(op.to_sparse().toarray(), M)
    lin = op.aslinearoperator()
    assert np.allclose(lin.matvec(x), M @ x) and np.allclose(lin.rmatvec(x), M.T @ x)
    # torch: same values, differentiable in a
    at = torch.tensor(a, requires_grad=True)
    opt = GroupMatrixOperator(G, at, convention=convention, support=np.flatnonzero(a))
    y = opt.apply(torch.tensor(X.T))
    assert np.allclose(y.detach().numpy(), (M @ X).T)
    y.sum().backward()
    expect = np.zeros(n)
    expect[np.flatnonzero(a)] = (
        group_matrix(G, np.eye(n)[np.flatnonzero(a)], convention=convention) @ X.sum(1)
    ).sum(-1)
    assert np.allclose(at.grad.numpy(), expect)


def test_operator_solves_with_scipy():
    from scipy.sparse.linalg import cg

    G = dihedral(60)
    a = np.zeros(120)
    a[G.ball(1)] = [5.0, -1.0, -1.0, -1.0]  # symmetric (generators closed under inverse)
    op = GroupMatrixOperator(G, a)
    b = np.random.default_rng(0).normal(size=120)
    x, info = cg(op.aslinearoperator(), b, rtol=1e-10)
    assert info == 0 and np.allclose(op @ x, b, atol=1e-7)


@settings(max_examples=15, deadline=None)
@given(
    groups(max_order=12),
    groups(max_order=12),
    st.integers(0, 2**31),
    st.sampled_from(["left", "right"]),
)
def test_kronecker_is_the_group_matrix_of_the_direct_product(G, H, seed, convention):
    P = direct_product(G, H)
    rng = np.random.default_rng(seed)
    A = np.where(rng.random((G.order, H.order)) < 0.5, rng.normal(size=(G.order, H.order)), 0)
    K = KroneckerGroupMatrix(G, H, A, convention=convention)
    M = group_matrix(P, A.ravel(), convention=convention)
    assert np.allclose(K.to_dense(), M)
    x = rng.normal(size=(2, P.order))
    assert np.allclose(K.apply(x), x @ M.T)
    assert np.allclose(K @ x.T, M @ x.T)
    y = K.apply(torch.tensor(x))
    assert np.allclose(y.numpy(), x @ M.T)
    # transposes: M_a^T = M_{a*}, numpy and torch, and the LinearOperator's adjoint
    assert np.allclose(K.T.to_dense(), M.T)
    assert np.allclose(K.T.apply(torch.tensor(x)).numpy(), x @ M)
    Kc = KroneckerGroupMatrix(G, H, A * (1 + 2j), convention=convention)
    assert np.allclose(Kc.rmatvec(x[0]), (M * (1 + 2j)).conj().T @ x[0])
    assert np.allclose(K.aslinearoperator().rmatmat(x.T), M.T @ x.T)
    # block (g, g') is the H-group matrix of A[g^-1 g', :]
    g, g2 = rng.integers(0, G.order, size=2)
    blk = M[g * H.order : (g + 1) * H.order, g2 * H.order : (g2 + 1) * H.order]
    assert np.allclose(blk, group_matrix(H, K.block(g, g2), convention=convention))


def test_kronecker_rank_one_is_kron_of_group_matrices():
    G, H = dihedral(3), cyclic(4)
    u, v = np.random.default_rng(1).normal(size=6), np.random.default_rng(2).normal(size=4)
    K = KroneckerGroupMatrix(G, H, np.outer(u, v))
    assert np.allclose(K.to_dense(), np.kron(group_matrix(G, u), group_matrix(H, v)))


# ---------------------------------------------------------------- known block forms
@pytest.mark.parametrize("n", [1, 2, 5, 8])
def test_cyclic_group_matrices_are_circulants(n):
    a = np.random.default_rng(n).normal(size=n)
    G = cyclic(n)  # element i is a^i
    assert np.allclose(group_matrix(G, a, convention="right"), scipy.linalg.circulant(a))
    assert np.allclose(group_matrix(G, a), scipy.linalg.circulant(a).T)
    # a cyclic group numbered differently (from a permutation): reorder by powers of a
    H = Group.from_permutations([[*range(1, n), 0]]) if n > 1 else cyclic(1)
    powers = [0]
    for _ in range(n - 1):
        powers.append(int(H.multiply(powers[-1], H.generators[0])))
    b = np.empty(n)
    b[powers] = a
    Mh = group_matrix(H, b, convention="right")
    assert np.allclose(Mh[np.ix_(powers, powers)], scipy.linalg.circulant(a))


@pytest.mark.parametrize(("m", "n"), [(2, 3), (3, 4), (4, 4)])
def test_two_dimensional_cyclic_gives_bccb(m, n):
    A = np.random.default_rng(m * n).normal(size=(m, n))
    for G in (direct_product(cyclic(m), cyclic(n)), abelian([m, n])):  # (i, j) -> i n + j
        M = group_matrix(G, A.ravel(), convention="right")
        # block circulant with circulant blocks: block (i, k) = circulant(A[(i - k) mod m])
        bccb = np.block(
            [[scipy.linalg.circulant(A[(i - k) % m]) for k in range(m)] for i in range(m)]
        )
        assert np.allclose(M, bccb)


@pytest.mark.parametrize("n", [3, 4, 7])
def test_dihedral_block_form(n):
    """dihedral(n) numbers r^i s^j as i + n j. With alpha_i = a(r^i), beta_i = a(r^i s):
    (r^i)^-1 r^j = r^{j-i}, (r^i)^-1 r^j s = r^{j-i} s, (r^i s)^-1 r^j = r^{i-j} s and
    (r^i s)^-1 r^j s = r^{i-j}, so M = [[C1, C2], [C2^T, C1^T]] with C1[i, j] = alpha_{j-i},
    C2[i, j] = beta_{j-i}: C1 = circulant(alpha)^T, C2 = circulant(beta)^T."""
    a = np.random.default_rng(n).normal(size=2 * n)
    alpha, beta = a[:n], a[n:]
    C1, C2 = scipy.linalg.circulant(alpha).T, scipy.linalg.circulant(beta).T
    expect = np.block([[C1, C2], [C2.T, C1.T]])
    assert np.allclose(group_matrix(dihedral(n), a), expect)
    # the same block form for a dihedral group numbered by closure, after reordering
    rot = [*range(1, n), 0]
    ref = [(-x) % n for x in range(n)]
    D = Group.from_permutations([rot, ref])
    r, s = D.generators
    order = [0]
    for _ in range(n - 1):
        order.append(int(D.multiply(order[-1], r)))
    order += [int(D.multiply(g, s)) for g in order]
    b = np.empty(2 * n)
    b[order] = a
    assert np.allclose(group_matrix(D, b)[np.ix_(order, order)], expect)


# ---------------------------------------------------------------- Frobenius' group determinant
def class_number(G: Group) -> int:
    """k(G) = #{(x, y): x y = y x} / |G| (Burnside), independent of structure.py."""
    T = G.table
    return int((T == T.T).sum()) // G.order


KNOWN_DEGREES = {
    "S3": [1, 1, 2],
    "Q8": [1, 1, 1, 1, 2],
    "D8": [1, 1, 1, 1, 2],
    "C2x2x2": [1] * 8,
    "A4": [1, 1, 1, 3],
    "Dic3": [1, 1, 1, 1, 2, 2],
    "C5": [1] * 5,
}


def frobenius_check(G: Group, F, degrees: list[int]) -> None:
    assert len(F) == class_number(G) == len(degrees)
    assert F.degrees == sorted((d, d) for d in degrees)
    assert sorted(G.character_degrees()) == sorted(degrees)
    assert sum(d * m for d, m in F.degrees) == G.order


@pytest.mark.parametrize(
    ("name", "make"),
    [
        ("S3", lambda: symmetric(3)),
        ("Q8", quaternion),
        ("D8", lambda: dihedral(4)),
        ("C2x2x2", lambda: abelian([2, 2, 2])),
        ("C5", lambda: cyclic(5)),
    ],
)
def test_frobenius_factorisation_exact(name, make):
    G = make()
    F = group_determinant(G, factor=True)
    frobenius_check(G, F, KNOWN_DEGREES[name])
    det = group_determinant(G)
    # the factors multiply back to the determinant (numerically: coefficients in Q(zeta_e))
    rng = np.random.default_rng(0)
    point = {
        x: sp.Rational(int(rng.integers(-9, 10)), int(rng.integers(1, 4))) for x in F.variables
    }
    lhs = complex(sp.N(F.as_expr().subs(point), 40))
    rhs = complex(sp.N(det.subs(point), 40))
    assert abs(lhs - rhs) <= 1e-20 * max(1.0, abs(rhs))


def test_group_determinant_matches_sympy_det():
    for G in (symmetric(3), cyclic(4), abelian([2, 2])):
        assert sp.expand(group_determinant(G) - group_matrix(G).det(method="berkowitz")) == 0
    x = sp.symbols("u0:4")
    assert sp.expand(group_determinant(cyclic(4), x) - group_matrix(cyclic(4), x).det()) == 0


def test_frobenius_factorisation_order_12_section():
    G = alternating(4)
    frobenius_check(G, group_determinant(G, factor=True, section=3), KNOWN_DEGREES["A4"])


@pytest.mark.slow
def test_frobenius_factorisation_dicyclic_12_section():
    G = dicyclic(3)
    for seed in (0, 1):
        F = group_determinant(G, factor=True, section=3, seed=seed)
        frobenius_check(G, F, KNOWN_DEGREES["Dic3"])


def _record_number_field_factorisations(monkeypatch) -> list[int]:
    """Numbers of variables of every sympy factorisation over a number field (not QQ)."""
    calls: list[int] = []
    original = sp.Poly.factor_list

    def factor_list(self, *args, **kwargs):
        if self.domain != sp.QQ and self.domain != sp.ZZ:
            calls.append(len(self.gens))
        return original(self, *args, **kwargs)

    monkeypatch.setattr(sp.Poly, "factor_list", factor_list)
    return calls


def test_section_factorisation_avoids_three_variable_number_field_factoring(monkeypatch):
    """Trager's method over Q(zeta_e) in 3 variables took 7-10 s per cubic of S4's section
    (S4 section=3: 20 s at rest, 44-56 s under load); absolute irreducibility is now proved on
    a line (1 variable) and splitting works on the dehomogenised form (2 variables)."""
    calls = _record_number_field_factorisations(monkeypatch)
    frobenius_check(
        alternating(4), group_determinant(alternating(4), factor=True, section=3), [1, 1, 1, 3]
    )
    F = group_determinant(dihedral(6), factor=True, section=3)  # quartics split over Q(sqrt3)
    assert F.degrees == [(1, 1)] * 4 + [(2, 2)] * 2
    assert calls and max(calls) <= 2, calls


def test_line_factor_count_and_subfield_splitting():
    from groupmat.algebra.matrices._group_determinant import (
        _absolute_factors,
        _field,
        _line_factor_count,
    )

    y = sp.symbols("y0:3")
    K12 = _field(12)
    rng = np.random.default_rng(0)
    cubic = sp.Poly(y[0] ** 3 + y[1] ** 3 + 7 * y[2] ** 3 - y[0] * y[1] * y[2], *y)
    assert _line_factor_count(cubic, K12, rng) == 1  # a smooth cubic: absolutely irreducible
    norm = sp.Poly(y[0] ** 2 + y[1] ** 2 + y[2] ** 2 - y[0] * y[1], *y)  # irreducible over C
    assert _line_factor_count(norm, K12, rng) == 1
    split = sp.Poly(y[0] ** 2 + y[1] ** 2, *y)  # (y0 + i y1)(y0 - i y1) over Q(i) in Q(zeta_12)
    bound = _line_factor_count(split, K12, rng)
    assert bound == 2
    pieces = _absolute_factors(split, K12, 12, bound)
    assert sorted(g.total_degree() for g, _ in pieces) == [1, 1]
    assert all(g.domain == K12 for g, _ in pieces)
    product = pieces[0][0] * pieces[1][0]
    assert (product - product.LC() * split.set_domain(K12)).is_zero


@pytest.mark.slow
@pytest.mark.parametrize(
    ("name", "make", "degrees"),
    [
        ("S4", lambda: symmetric(4), [1, 1, 2, 3, 3]),
        ("D12", lambda: dihedral(12), [1] * 4 + [2] * 5),
        (
            "C3:C8",
            lambda: gm.Group.from_presentation("< a, b | a^3, b^8, b^-1*a*b*a >"),
            [1] * 8 + [2] * 4,
        ),
    ],
)
def test_frobenius_factorisation_order_24_section(name, make, degrees):
    """Order 24 with section=3: 2-30 s each on a busy core (S4 was 20 s, D12 55 s, C3:C8 594 s)."""
    G = make()
    F = group_determinant(G, factor=True, section=3)
    frobenius_check(G, F, degrees)
    det = group_determinant(G, section=3)
    rng = np.random.default_rng(1)
    ratios = []
    for _ in range(2):
        point = {
            v: sp.Rational(int(rng.integers(-9, 10)), int(rng.integers(1, 4))) for v in F.variables
        }
        ratios.append(complex(sp.N(F.as_expr().subs(point), 40)) / complex(det.subs(point)))
    assert abs(ratios[0] - ratios[1]) <= 1e-12 * abs(ratios[0])  # factors multiply back


def test_group_determinant_guards():
    with pytest.raises(ValueError, match="section"):
        group_determinant(cyclic(3), section=2)
    with pytest.raises(SizeLimitError, match="MAX_SYMBOLIC_ORDER"):
        group_determinant(cyclic(100))
