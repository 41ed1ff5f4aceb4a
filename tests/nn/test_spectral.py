"""Real orthogonal forms of the irreps (real, complex and quaternionic types) and the real
Fourier matrix the spectral GMConv runs on; the circular convolution that does not save its
padded input; the cost model."""

from __future__ import annotations

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from hypothesis import given, settings
from hypothesis import strategies as st

import groupmat as gm
from groupmat import real_fourier, spatial_group
from groupmat.algebra.representations import character_table
from groupmat.nn import GMConv
from groupmat.nn._cost_model import LayerCost, choose, estimate
from groupmat.nn._lowering import circular_conv, fold_circular
from groupmat.nn._method import spectral_profile
from tests.nn._cases import GROUP_BUILDERS, group

GROUPS = {
    **{k: v for k, v in GROUP_BUILDERS.items()},
    "C8": lambda: gm.cyclic(8),
    "C2xC4": lambda: gm.abelian([2, 4]),
    "Dic5": lambda: gm.dicyclic(5),
    "C3xQ8": lambda: gm.direct_product(gm.cyclic(3), gm.quaternion()),
    "A4": lambda: gm.alternating(4),
    "SL(2,3)": lambda: gm.sl(2, 3),  # real, complex and quaternionic irreps of degree <= 3
    "PSL(2,7)": lambda: gm.psl(2, 7),
}


def _group(name):
    return group(name) if name in GROUP_BUILDERS else GROUPS[name]()


@pytest.mark.parametrize("name", list(GROUPS))
def test_real_fourier_matrix_is_orthogonal_and_blocks_are_homomorphisms(name):
    G = _group(name)
    rf = real_fourier(G)
    n = G.order
    Phi = rf.matrix
    assert Phi.shape == (n, n) and np.isrealobj(Phi)
    # Schur orthogonality: Phi diag(c) Phi^T = I (the inverse transform)
    np.testing.assert_allclose(Phi @ np.diag(rf.coeffs) @ Phi.T, np.eye(n), atol=1e-12)
    rng = np.random.default_rng(0)
    a, b = rng.integers(0, n, size=(2, 25))
    ab = np.asarray(G.multiply(a, b))
    for Da, Db, Dab, blk in zip(
        rf.full_matrices(a), rf.full_matrices(b), rf.full_matrices(ab), rf.blocks, strict=True
    ):
        np.testing.assert_allclose(Da @ Db, Dab, atol=1e-12)  # D(ab) = D(a) D(b)
        eye = np.broadcast_to(np.eye(blk.dim), Da.shape)
        np.testing.assert_allclose(Da @ np.swapaxes(Da, 1, 2), eye, atol=1e-12)  # orthogonal
    np.testing.assert_allclose(rf.full_matrices([0])[0][0], np.eye(rf.blocks[0].dim))


def test_block_types_follow_the_frobenius_schur_indicators():
    G = gm.direct_product(gm.cyclic(3), gm.quaternion())
    ct = character_table(G)
    ind = np.asarray(ct.indicators)
    deg = np.asarray(ct.degrees)
    rf = real_fourier(G)
    kinds = [b.kind for b in rf.blocks]
    assert kinds.count("real") == int((ind == 1).sum())
    assert kinds.count("quaternionic") == int((ind == -1).sum())
    assert kinds.count("complex") == int((ind == 0).sum()) // 2  # pairs merged
    shapes = {(b.kind, b.degree): (b.rows, b.dim) for b in rf.blocks}
    assert shapes[("quaternionic", 2)] == (1, 4) and shapes[("complex", 2)] == (2, 4)
    cost, nshapes = spectral_profile(G)
    assert cost == sum(b.rows * b.dim**2 for b in rf.blocks)
    assert nshapes == len(rf.shape_groups())
    assert sum(int(d) ** 2 for d in deg) == G.order


def test_real_forms_are_real_and_equivalent_to_the_complex_irreps():
    """Same characters: the real block of a real-type irrep has the irrep's character; a
    complex block carries chi + conj(chi), a quaternionic one 2 chi."""
    G = gm.dicyclic(3)
    ct = character_table(G)
    reps = np.array([c[0] for c in G.conjugacy_classes()])
    rf = real_fourier(G)
    traces = np.array([np.trace(m, axis1=1, axis2=2) for m in rf.full_matrices(reps)])
    vals = np.asarray(ct.values)
    ind = np.asarray(ct.indicators)
    for blk, tr in zip(rf.blocks, traces, strict=True):
        if blk.kind == "real":
            target = vals[ind == 1]
        elif blk.kind == "complex":
            target = 2 * vals[ind == 0].real
        else:
            target = 2 * vals[ind == -1].real
        assert np.abs(target - tr[None, :]).max(axis=1).min() < 1e-10


@settings(max_examples=20, deadline=None)
@given(st.sampled_from(list(GROUPS)), st.integers(0, 2**31 - 1))
def test_spectral_layer_equals_gather_random_kernels(name, seed):
    G = _group(name)
    rng = np.random.default_rng(seed)
    kern = rng.choice(G.order, size=int(rng.integers(1, G.order + 1)), replace=False)
    torch.manual_seed(seed % 1000)
    ref = GMConv(G, G, 2, 3, kernel=kern, method="gather").double()
    spec = GMConv(G, G, 2, 3, kernel=kern, method="spectral").double()
    spec.load_state_dict(ref.state_dict())
    x = torch.from_numpy(rng.normal(size=(3, 2, G.order)))
    torch.testing.assert_close(spec(x), ref(x), rtol=1e-10, atol=1e-11)


# ---------------------------------------------------------------------- circular padding
@settings(max_examples=25, deadline=None)
@given(st.integers(1, 4), st.integers(1, 4), st.integers(0, 2), st.integers(0, 2))
def test_fold_is_the_adjoint_of_circular_padding(h, w, ph, pw):
    ph, pw = min(ph, h), min(pw, w)
    x = torch.randn(2, 3, h, w, dtype=torch.float64)
    g = torch.randn(2, 3, h + 2 * ph, w + 2 * pw, dtype=torch.float64)
    padded = F.pad(x, (pw, pw, ph, ph), mode="circular") if ph or pw else x
    lhs = (padded * g).sum()
    rhs = (x * fold_circular(g, (ph, pw))).sum()
    torch.testing.assert_close(lhs, rhs)


def test_circular_conv_matches_pad_then_conv_and_saves_no_padded_copy():
    x = torch.randn(2, 4, 7, 7, dtype=torch.float64, requires_grad=True)
    w = torch.randn(5, 4, 5, 5, dtype=torch.float64, requires_grad=True)
    b = torch.randn(5, dtype=torch.float64, requires_grad=True)
    ref = F.conv2d(F.pad(x, (2, 2, 2, 2), mode="circular"), w, b)
    y = circular_conv(x, w, b, (2, 2))
    torch.testing.assert_close(y, ref)
    g = torch.randn_like(y)
    for a, r in zip(
        torch.autograd.grad((y * g).sum(), (x, w, b)),
        torch.autograd.grad((ref * g).sum(), (x, w, b)),
        strict=True,
    ):
        torch.testing.assert_close(a, r)
    assert torch.autograd.gradcheck(lambda x, w, b: circular_conv(x, w, b, (2, 1)), (x, w, b))
    saved = []
    with torch.autograd.graph.saved_tensors_hooks(
        lambda t: saved.append(t.shape) or t, lambda t: t
    ):
        circular_conv(x, w, b, (2, 2))
    assert (2, 4, 11, 11) not in saved and (2, 4, 7, 7) in saved


def test_lowered_model_saves_less_than_conv2d_circular():
    S = spatial_group((16, 16), "D4")
    model = torch.nn.Sequential(
        GMConv(S, S, 2, 2, kernel=5), torch.nn.ReLU(), GMConv(S, S, 2, 2, kernel=5)
    )
    ref = torch.nn.Sequential(
        torch.nn.Conv2d(16, 16, 5, padding=2, padding_mode="circular"),
        torch.nn.ReLU(),
        torch.nn.Conv2d(16, 16, 5, padding=2, padding_mode="circular"),
    )
    x = torch.randn(8, 2, S.order, requires_grad=True)

    def saved(fn):
        sizes: dict[int, int] = {}

        def pack(t):
            sizes[t.untyped_storage().data_ptr()] = t.untyped_storage().nbytes()
            return t

        with torch.autograd.graph.saved_tensors_hooks(pack, lambda t: t):
            fn()
        return sum(sizes.values())

    padded_copy = 8 * 16 * (20 * 20) * 4  # what Conv2d(padding_mode="circular") keeps per layer
    ours, theirs = saved(lambda: model(x)), saved(lambda: ref(x.reshape(8, 16, 16, 16)))
    assert ours < theirs - padded_copy  # the second layer's input is the saved ReLU output


# ---------------------------------------------------------------------- cost model
def test_cost_model_scales_and_respects_the_memory_budget():
    lc = LayerCost(n_in=120, n_out=120, m=120, c=8, o=8, batch=256, block_cost=596, shapes=4)
    est = {m: estimate(m, lc) for m in ("gather", "expanded", "spectral")}
    assert est["gather"].flops == est["expanded"].flops > est["spectral"].flops
    big = LayerCost(n_in=120, n_out=120, m=120, c=8, o=8, batch=2560, block_cost=596, shapes=4)
    assert estimate("gather", big).seconds > 9 * est["gather"].seconds
    f64 = LayerCost(n_in=120, n_out=120, m=120, c=8, o=8, batch=256, itemsize=8, block_cost=596)
    assert estimate("expanded", f64).seconds > est["expanded"].seconds
    picked = choose(list(est.values()), budget=est["expanded"].memory * 0.99)
    assert picked.memory <= est["expanded"].memory * 0.99
    lean = choose(list(est.values()), budget=1)  # nothing fits: the leanest
    assert lean.memory == min(e.memory for e in est.values())
    with pytest.raises(ValueError, match="unknown method"):
        estimate("fft", lc)
