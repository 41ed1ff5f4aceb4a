"""Tests of homogeneous spaces, double cosets, equivariant kernels and quotient lifts."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import groupmat as fam
from groupmat import (
    Group,
    GroupmatError,
    HomogeneousSpace,
    NotAnActionError,
    SizeLimitError,
    Subgroup,
    double_coset_labels,
    double_cosets,
    equivariant_basis,
    pair_orbit_labels,
    quotient_map,
)
from groupmat.algebra.representations import character_table, permutation_character
from tests.strategies import group_and_subgroup, groups, permutation_groups


def group_matrix(G: Group, a: np.ndarray) -> np.ndarray:
    """M[i, j] = a(g_i^-1 g_j), built locally from the Cayley table."""
    return np.asarray(a)[G.cayley_table()[G.inverse]]


def translate_G(G: Group, a: np.ndarray, u: int) -> np.ndarray:
    """(L_u a)(g) = a(u^-1 g)."""
    return a[..., np.asarray(G.multiply(G.inverse[u], np.arange(G.order)))]


def perm_matrix(p: np.ndarray) -> np.ndarray:
    """P[x, x'] = [x = p(x')], so (P f)(x) = f(p^-1 x)."""
    m = p.size
    P = np.zeros((m, m))
    P[p, np.arange(m)] = 1
    return P


# ---------------------------------------------------------------- icosahedron
def icosahedron():
    """A5 as the rotation group of the icosahedron, with its actions on vertices, faces and
    edges as (right-action) image lists of the two generators."""
    phi = (1 + 5**0.5) / 2
    V = []
    for a, b in itertools.product((1, -1), repeat=2):
        V += [(0, a, b * phi), (a, b * phi, 0), (b * phi, 0, a)]
    V = np.array(V)
    dist = np.linalg.norm(V[:, None] - V[None, :], axis=-1)
    adj = np.isclose(dist, 2.0)
    edges = [tuple(e) for e in zip(*np.nonzero(np.triu(adj)), strict=True)]
    faces = [
        f
        for f in itertools.combinations(range(12), 3)
        if adj[f[0], f[1]] and adj[f[1], f[2]] and adj[f[0], f[2]]
    ]

    def rotation(axis, angle):
        axis = axis / np.linalg.norm(axis)
        K = np.array([[0, -axis[2], axis[1]], [axis[2], 0, -axis[0]], [-axis[1], axis[0], 0]])
        return np.eye(3) + np.sin(angle) * K + (1 - np.cos(angle)) * K @ K

    def vperm(R):
        img = V @ R.T
        return [int(np.argmin(np.linalg.norm(V - w, axis=1))) for w in img]

    nb = int(np.flatnonzero(adj[0])[0])
    gens = [vperm(rotation(V[0], 2 * np.pi / 5)), vperm(rotation(V[0] + V[nb], np.pi))]
    fidx = {frozenset(f): i for i, f in enumerate(faces)}
    eidx = {frozenset(e): i for i, e in enumerate(edges)}
    fperms = [[fidx[frozenset(p[v] for v in f)] for f in faces] for p in gens]
    eperms = [[eidx[frozenset(p[v] for v in e)] for e in edges] for p in gens]
    return Group.from_permutations(gens), gens, fperms, eperms


def test_icosahedron_spaces():
    G, vp, fp, ep = icosahedron()
    assert G.order == 60
    spaces = {
        name: HomogeneousSpace.from_action(G, p) for name, p in (("V", vp), ("F", fp), ("E", ep))
    }
    assert {k: len(X) for k, X in spaces.items()} == {"V": 12, "F": 20, "E": 30}
    stab = {k: X.subgroup.order for k, X in spaces.items()}
    assert stab == {"V": 5, "F": 3, "E": 2}
    for X in spaces.values():
        for x in range(len(X)):
            assert X.stabilizer(x).order == 60 // len(X)
    # orbits of A5 on pairs = double cosets = dim of equivariant maps
    expected = {
        ("V", "V"): 4,
        ("F", "F"): 8,
        ("E", "E"): 16,
        ("V", "F"): 4,
        ("V", "E"): 6,
        ("F", "E"): 10,
        ("F", "V"): 4,
    }
    for (a, b), m in expected.items():
        X, Y = spaces[a], spaces[b]
        assert equivariant_basis(X, Y).shape == (m, len(X), len(Y))
        assert len(double_cosets(G, X.subgroup, Y.subgroup)) == m
    # the same G-sets from a presentation: A5 = <a, b | a^2, b^3, (ab)^5>
    pres = "< a, b | a^2, b^3, (a*b)^5 >"
    for words, size, order in ((["a*b"], 12, 5), (["b"], 20, 3), (["a"], 30, 2)):
        X = HomogeneousSpace.from_presentation(pres, words)
        assert (len(X), X.subgroup.order, X.group.order) == (size, order, 60)
        _check_left_action(X)
    X = HomogeneousSpace.from_presentation(pres, ["b"])
    Y = HomogeneousSpace.from_presentation(pres, ["a"], group=X.group)
    assert len(double_cosets(X.group, X.subgroup, Y.subgroup)) == 10


# ---------------------------------------------------------------- coset spaces
def _check_left_action(X: HomogeneousSpace) -> None:
    G, A = X.group, X.action
    n, m = G.order, len(X)
    assert A.shape == (n, m)
    assert np.array_equal(A[0], np.arange(m)) and np.array_equal(A[:, X.base_point], X.coset_of)
    for h in np.random.default_rng(n).integers(n, size=3).tolist():  # (gh).x = g.(h.x)
        gh = np.asarray(G.multiply(np.arange(n), h))
        assert np.array_equal(A[gh], A[:, A[h]])
    assert np.array_equal(X.generator_action, A[list(G.generators)])
    assert np.array_equal(np.unique(A[:, X.base_point]), np.arange(m))  # transitive
    reps = X.representatives
    assert np.array_equal(X.coset_of[reps], np.arange(m))


@settings(max_examples=40, deadline=None)
@given(group_and_subgroup(max_order=200))
def test_coset_space(GH):
    G, H = GH
    X = HomogeneousSpace(G, H)
    n = G.order
    assert len(X) == H.index and X.base_point == 0 and X.subgroup is H
    assert np.array_equal(X.coset_of, H.left_cosets())
    assert np.array_equal(X.representatives, H.left_transversal())
    _check_left_action(X)
    A = X.action
    direct = X.coset_of[np.asarray(G.multiply(np.arange(n)[:, None], X.representatives[None, :]))]
    assert np.array_equal(A, direct)  # g.(rH) = (g r)H
    g = np.random.default_rng(0).integers(n, size=(5, 4))
    x = np.random.default_rng(1).integers(len(X), size=(5, 4))
    assert np.array_equal(X.act(g, x), A[g, x])
    for x in {0, len(X) - 1}:
        S = X.stabilizer(x)
        assert S.order == H.order
        assert np.array_equal(S.elements, np.flatnonzero(A[:, x] == x))
    labels = X.point_labels()
    assert len(labels) == len(X) and labels[0] == "H"


@settings(max_examples=30, deadline=None)
@given(group_and_subgroup(max_order=200), st.data())
def test_induce_restrict_intertwine(GH, data):
    G, H = GH
    X = HomogeneousSpace(G, H)
    rng = np.random.default_rng(data.draw(st.integers(0, 100)))
    f = rng.standard_normal((2, len(X)))
    a = rng.standard_normal((2, G.order))
    u = data.draw(st.integers(0, G.order - 1))
    lifted = X.induce(f)
    assert np.allclose(X.restrict(lifted), f)
    assert np.allclose(X.induce(X.translate(f, u)), translate_G(G, lifted, u))
    assert np.allclose(X.restrict(translate_G(G, a, u)), X.translate(X.restrict(a), u))
    assert np.allclose(X.induce_matrix() @ f[0], lifted[0])
    assert np.allclose(X.restrict_matrix() @ a[1], X.restrict(a)[1])
    # lifted functions are right-H-invariant
    for h in H.generators:
        assert np.allclose(lifted[..., np.asarray(G.multiply(np.arange(G.order), h))], lifted)


@settings(max_examples=30, deadline=None)
@given(group_and_subgroup(max_order=200))
def test_from_action_roundtrip(GH):
    G, H = GH
    X = HomogeneousSpace(G, H)
    Y = HomogeneousSpace.from_action(G, X.generator_action, side="left")
    assert np.array_equal(Y.action, X.action) and Y.subgroup == H
    inv = np.argsort(X.generator_action, axis=1)
    Z = HomogeneousSpace.from_action(G, inv, side="right")
    assert np.array_equal(Z.action, X.action)


@settings(max_examples=30, deadline=None)
@given(permutation_groups(max_degree=7, max_order=500))
def test_natural_action(G):
    P = G.permutations
    gens = P[list(G.generators)]
    orbit0 = np.unique(P[:, 0])
    if orbit0.size != P.shape[1]:
        with pytest.raises(NotAnActionError, match="not transitive"):
            HomogeneousSpace.from_action(G, gens)
        return
    X = HomogeneousSpace.from_action(G, gens)
    # g.x = x^(g^-1) for the right action x^g = P[g][x]
    assert np.array_equal(X.action, P[G.inverse])
    _check_left_action(X)
    Y = HomogeneousSpace.from_action(G, gens, base_point=P.shape[1] - 1)
    assert Y.base_point == P.shape[1] - 1
    assert Y.subgroup.order == X.subgroup.order


def test_from_action_errors():
    G = fam.cyclic(4)
    with pytest.raises(NotAnActionError, match="relation"):
        HomogeneousSpace.from_action(G, [[1, 2, 0]])  # a 3-cycle is no image of a^4 = 1
    S3 = fam.symmetric(3)
    with pytest.raises(NotAnActionError, match="not transitive"):
        HomogeneousSpace.from_action(S3, [[1, 2, 0, 3], [1, 0, 2, 3]])
    with pytest.raises(NotAnActionError, match="expected 2 image lists"):
        HomogeneousSpace.from_action(S3, [[1, 2, 0]])
    with pytest.raises(NotAnActionError, match="not a permutation"):
        HomogeneousSpace.from_action(S3, [[1, 1, 0], [1, 0, 2]])
    with pytest.raises(NotAnActionError, match="base_point"):
        HomogeneousSpace.from_action(S3, [[1, 2, 0], [1, 0, 2]], base_point=3)
    with pytest.raises(ValueError, match="side"):
        HomogeneousSpace.from_action(S3, [[1, 2, 0], [1, 0, 2]], side="up")
    # S3 on 3 points read as a left action: still an action (of the opposite group = S3)
    X = HomogeneousSpace.from_action(S3, [[1, 2, 0], [1, 0, 2]], side="left")
    assert len(X) == 3 and isinstance(X.subgroup, Subgroup)
    with pytest.raises(GroupmatError):
        HomogeneousSpace(S3, fam.cyclic(2).subgroup([1]))


# ---------------------------------------------------------------- double cosets
@st.composite
def group_and_two_subgroups(draw, max_order=150):
    G = draw(groups(max_order=max_order))
    subs = []
    for _ in range(2):
        k = draw(st.integers(0, 2))
        subs.append(G.subgroup([draw(st.integers(0, G.order - 1)) for _ in range(k)]))
    return G, subs[0], subs[1]


@settings(max_examples=40, deadline=None)
@given(group_and_two_subgroups())
def test_double_cosets(GHK):
    G, H, K = GHK
    D = double_cosets(G, H, K)
    n = G.order
    assert int(D.sizes.sum()) == n
    ar = np.arange(n)
    for h in H.generators:  # constant on H g K
        assert np.array_equal(D.labels[np.asarray(G.multiply(h, ar))], D.labels)
    for k in K.generators:
        assert np.array_equal(D.labels[np.asarray(G.multiply(ar, k))], D.labels)
    assert np.array_equal(D.labels[D.representatives], np.arange(len(D)))
    for i, r in enumerate(D.representatives.tolist()):  # |HrK| = |H||K| / |H ∩ rKr^-1|
        conj = K.conjugate(int(G.inverse[r]))
        assert D.sizes[i] * H.intersection(conj).order == H.order * K.order
    labels, reps = double_coset_labels(H, K)
    assert np.array_equal(labels, D.labels) and np.array_equal(reps, D.representatives)
    # = <pi_{G/H}, pi_{G/K}> (Mackey / Burnside)
    T = character_table(G)
    pi_h = permutation_character(HomogeneousSpace(G, H))
    pi_k = permutation_character(HomogeneousSpace(G, K))
    assert np.isclose(T.inner(pi_h, pi_k).real, len(D))


# ---------------------------------------------------------------- equivariant maps
@settings(max_examples=30, deadline=None)
@given(group_and_two_subgroups(max_order=100))
def test_equivariant_basis(GHK):
    G, H, K = GHK
    X, Y = HomogeneousSpace(G, H), HomogeneousSpace(G, K)
    B = equivariant_basis(X, Y)
    m = len(double_cosets(G, H, K))
    assert B.shape == (m, len(X), len(Y))
    assert np.array_equal(B.sum(0), np.ones((len(X), len(Y))))
    for g in [*G.generators, int(np.random.default_rng(0).integers(G.order))]:
        PX, PY = perm_matrix(X.point_permutation(g)), perm_matrix(Y.point_permutation(g))
        for b in B:
            assert np.array_equal(PX @ b, b @ PY)
    sparse = equivariant_basis(X, Y, sparse=True)
    assert all(np.array_equal(s.toarray(), b) for s, b in zip(sparse, B, strict=True))
    T, mm = pair_orbit_labels(X, Y)
    assert mm == m and np.array_equal(B.argmax(0), T)
    # completeness: the solution space of P_s^X B = B P_s^Y (generators) has dimension m
    if len(X) * len(Y) <= 400:
        eqs = []
        for s in G.generators:
            PX, PY = perm_matrix(X.point_permutation(s)), perm_matrix(Y.point_permutation(s))
            # vec(PX B - B PY) = (I ⊗ PX - PY^T ⊗ I) vec(B)  (column-major vec)
            eqs.append(np.kron(np.eye(len(Y)), PX) - np.kron(PY.T, np.eye(len(X))))
        if eqs:
            rank = np.linalg.matrix_rank(np.concatenate(eqs))
            assert len(X) * len(Y) - rank == m


def test_equivariant_basis_regular_space_gives_group_matrices():
    G = fam.dihedral(4)
    X = HomogeneousSpace(G)
    B = equivariant_basis(X, X)
    assert B.shape == (8, 8, 8)
    w = np.random.default_rng(0).standard_normal(8)
    M = np.tensordot(w, B, axes=1)
    # an equivariant map G -> G is a group matrix M_a with a(s) = M[0, s]
    assert np.allclose(M, group_matrix(G, M[0]))


def test_guards():
    G = fam.cyclic(6)
    X = HomogeneousSpace(G)
    Y = HomogeneousSpace(fam.cyclic(6))
    with pytest.raises(GroupmatError, match="different groups"):
        pair_orbit_labels(X, Y)
    import groupmat.algebra._homogeneous as hom

    old = hom.MAX_ACTION_ENTRIES
    try:
        hom.MAX_ACTION_ENTRIES = 10
        with pytest.raises(SizeLimitError):
            HomogeneousSpace(G).action  # noqa: B018
    finally:
        hom.MAX_ACTION_ENTRIES = old
    assert "6 points" in repr(X)


# ---------------------------------------------------------------- quotients
@settings(max_examples=30, deadline=None)
@given(groups(max_order=120), st.sampled_from(["center", "derived", "closure"]), st.data())
def test_quotient_map(G, which, data):
    if which == "center":
        N = G.center()
    elif which == "derived":
        N = G.derived_subgroup()
    else:
        N = G.subgroup([data.draw(st.integers(0, G.order - 1))]).normal_closure()
    qm = quotient_map(G, N)
    Q, proj = qm.quotient, qm.projection
    assert Q.order * N.order == G.order
    for s in range(len(G.generators)):  # proj is a homomorphism
        assert np.array_equal(proj[G.right_action[s]], Q.right_action[s][proj])
    rng = np.random.default_rng(G.order)
    b, c = rng.standard_normal(Q.order), rng.standard_normal(Q.order)
    M = qm.pullback_group_matrix(b)
    assert np.allclose(M, group_matrix(G, qm.lift(b)))
    o = qm.block_order
    assert np.allclose(M[o][:, o], np.kron(group_matrix(Q, b), np.ones((N.order, N.order))))
    bc = (group_matrix(Q, b) @ group_matrix(Q, c))[0]  # b * c on Q
    assert np.allclose(M @ qm.pullback_group_matrix(c), N.order * qm.pullback_group_matrix(bc))
    # the coset space G/N carries the same projection
    X = HomogeneousSpace(G, N)
    assert np.array_equal(X.coset_of, proj)
