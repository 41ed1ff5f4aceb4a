"""``GMConv(kernel="full")``: exactly the equivariant maps ``G/H -> G/K``, one weight per
double coset ``K\\G/H``; redundant kernel positions (one orbit of the output stabiliser) dropped.

Checked against three independent answers: ``double_cosets`` (the count), ``equivariant_basis``
(orbits of ``G`` on ``Y x X``) and a brute-force null space of the commutation equations
``P_Y(g) M = M P_X(g)`` for the generators ``g``."""

from __future__ import annotations

import numpy as np
import pytest
import torch

import groupmat as gm
from groupmat import Group, HomogeneousSpace
from groupmat.errors import LayerSpecError, SizeLimitError
from groupmat.nn import GMConv
from groupmat.nn._compile import as_space
from tests.nn._cases import GROUP_BUILDERS, group, space

F64 = torch.float64


def _stab(sp):
    """The stabiliser of the base point as a subgroup (trivial for a group)."""
    s = as_space(sp)
    return s.group.subgroup(s.stabilizer().tolist()[1:] or [])


def _perm(sp, g: int) -> np.ndarray:
    """``P[g.x, x] = 1``: the left action of ``g`` on functions on ``sp``."""
    s = as_space(sp)
    n = s.size
    img = s.act(g, np.arange(n))
    P = np.zeros((n, n))
    P[img, np.arange(n)] = 1.0
    return P


def _commutant(src, dst) -> np.ndarray:
    """Orthonormal basis (rows, flattened ``(N_out, N_in)``) of ``{M : P_Y(g) M = M P_X(g)}``."""
    G = as_space(src).group
    n_in, n_out = as_space(src).size, as_space(dst).size
    eqs = []
    for g in G.generators:
        py, px = _perm(dst, g), _perm(src, g)
        # vec(P_Y M - M P_X) = (P_Y (x) I - I (x) P_X^T) vec(M), row-major vec
        eqs.append(np.kron(py, np.eye(n_in)) - np.kron(np.eye(n_out), px.T))
    A = np.concatenate(eqs)
    _, s, vt = np.linalg.svd(A)
    rank = int((s > 1e-9).sum())
    return vt[rank:]


def _layer_span(conv: GMConv) -> np.ndarray:
    """The dense matrices of the layer for each unit weight, flattened (rows)."""
    rows = []
    with torch.no_grad():
        for k in range(conv.weight.shape[-1]):
            conv.weight.zero_()
            conv.weight[0, 0, k] = 1.0
            rows.append(conv.group_matrix().numpy().ravel())
    return np.asarray(rows)


def _cases():
    out = []
    for name in ["S4 (permutations)", "D6 (family)", "Q8 (family)", "C3 x S3 (direct product)"]:
        G, X = group(name), space(name)
        out += [(name, "G->X", G, X), (name, "X->G", X, G), (name, "X->X", X, X)]
        out.append((name, "G->G", G, G))
    G = gm.dihedral(6)
    atoms = HomogeneousSpace(G, G.subgroup([6]))  # benzene: D12 on the 6 carbons
    bonds = HomogeneousSpace(G, G.subgroup([7]))  # the 6 bond midpoints
    out += [("benzene", "X->X", atoms, atoms), ("benzene", "X->Y", atoms, bonds)]
    out += [("benzene", "Y->X", bonds, atoms)]
    return out


CASES = _cases()
IDS = [f"{n}:{k}" for n, k, _, _ in CASES]


@pytest.mark.parametrize(("name", "kind", "src", "dst"), CASES, ids=IDS)
def test_full_kernel_one_weight_per_double_coset(name, kind, src, dst):
    conv = GMConv(src, dst, 1, 1, kernel="full", bias=False)
    G = as_space(src).group
    n_double = len(gm.double_cosets(G, _stab(dst), _stab(src)))
    assert conv.weight.shape[-1] == n_double
    assert conv.weight.shape[-1] == gm.equivariant_basis(dst, src).shape[0]


@pytest.mark.parametrize(("name", "kind", "src", "dst"), CASES, ids=IDS)
def test_full_kernel_spans_the_commutant(name, kind, src, dst):
    conv = GMConv(src, dst, 1, 1, kernel="full", bias=False, dtype=F64)
    span = _layer_span(conv)
    comm = _commutant(src, dst)
    assert np.linalg.matrix_rank(span) == comm.shape[0] == span.shape[0]  # independent, full
    # every layer matrix is equivariant, and together they give the whole commutant
    assert np.linalg.matrix_rank(np.concatenate([span, comm])) == comm.shape[0]


@pytest.mark.parametrize(("name", "kind", "src", "dst"), CASES, ids=IDS)
def test_full_kernel_equivariant_float64(name, kind, src, dst):
    torch.manual_seed(0)
    conv = GMConv(src, dst, 2, 3, kernel="full", dtype=F64)
    M = conv.group_matrix(structured=True).numpy()  # (O, C, N_out, N_in)
    G = as_space(src).group
    for g in range(G.order):
        py, px = _perm(dst, g), _perm(src, g)
        err = np.abs(np.einsum("ab,ocbz->ocaz", py, M) - M @ px).max()
        assert err <= 1e-12


def test_benzene_default_drops_redundant_weights():
    """Radius 1 on the 6 atoms reads the atom and its two neighbours: the neighbours are one
    orbit of the atom's stabiliser, so 2 weights (3 before, spanning the same 2 maps); the
    full kernel spans all 4 (distances 0, 1, 2, 3 around the ring)."""
    G = gm.dihedral(6)
    X = HomogeneousSpace(G, G.subgroup([6]))
    local = GMConv(X, X, 1, 1, kernel=1, bias=False, dtype=F64)
    assert local.weight.shape[-1] == 2
    assert np.linalg.matrix_rank(_layer_span(local)) == 2
    full = GMConv(X, X, 1, 1, kernel="full", bias=False, dtype=F64)
    assert full.weight.shape[-1] == 4 == _commutant(X, X).shape[0]


@pytest.mark.parametrize("name", list(GROUP_BUILDERS))
def test_default_kernel_has_no_redundant_weights(name):
    G, X = group(name), space(name)
    for src, dst in [(X, X), (G, X)]:
        conv = GMConv(src, dst, 1, 1, kernel=2, bias=False, dtype=F64)
        assert np.linalg.matrix_rank(_layer_span(conv)) == conv.weight.shape[-1]


def test_full_kernel_forward_matches_dense_matrix():
    G = gm.dihedral(6)
    X = HomogeneousSpace(G, G.subgroup([6]))
    for method in ["gather", "expanded", "spectral"]:
        conv = GMConv(X, X, 2, 3, kernel="full", method=method, dtype=F64)
        x = torch.randn(4, 2, 6, dtype=F64)
        want = (conv.group_matrix() @ x.reshape(4, -1).T).T.reshape(4, 3, 6)
        torch.testing.assert_close(conv(x), want + conv.bias[:, None], rtol=0, atol=1e-12)


@pytest.mark.parametrize("bad", ["Full", "all", ""])
def test_unknown_kernel_string_refused(bad):
    G = Group.from_permutations([[1, 2, 0]])
    with pytest.raises(LayerSpecError, match="'full'"):
        GMConv(G, G, 1, 1, kernel=bad)


def test_full_kernel_size_guard():
    S = gm.spatial_group((96, 96), "C4")  # 36864^2 entries
    with pytest.raises(SizeLimitError, match="kernel='full'"):
        GMConv(S, S, 1, 1, kernel="full")
