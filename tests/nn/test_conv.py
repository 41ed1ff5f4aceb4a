"""GMConv: the gather path against the dense group matrix, the conv2d lowering against the gather
path, shapes and errors, dtypes, state_dict, shared weights, gradcheck, torch.compile."""

from __future__ import annotations

import numpy as np
import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st

from groupmat import POINT_GROUPS, Group, SizeLimitError, spatial_group
from groupmat.errors import LayerSpecError
from groupmat.nn import GMConv
from groupmat.nn._compile import compile_conv  # the compiled index maps: tested directly
from groupmat.testing import random_signal
from tests.nn._cases import GROUP_BUILDERS, group, space

NAMES = list(GROUP_BUILDERS)
KINDS = ["lifting", "group", "projection", "points"]


def _pair(name: str, kind: str):
    G, X = group(name), space(name)
    return {"lifting": (X, G), "group": (G, G), "projection": (G, X), "points": (X, X)}[kind]


def _size(sp) -> int:
    return sp.order if isinstance(sp, Group) else len(sp)


def _dense_reference(conv: GMConv, x: torch.Tensor) -> torch.Tensor:
    """Direct evaluation of y(a) = b + sum_{c, j} w'[o, c, j] x[c, index[a, j]] in numpy."""
    w = conv.effective_weight().detach().expand(conv.out_channels, conv.in_channels, -1).numpy()
    idx = conv.index_map.reshape(-1, w.shape[-1])
    xs = x.numpy()
    y = np.einsum("ocj,bcaj->boa", w, xs[:, :, idx])
    if conv.bias is not None:
        y = y + conv.bias.detach().numpy()[:, None]
    return torch.from_numpy(y)


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("kind", KINDS)
def test_gather_matches_group_matrix_and_reference(name, kind):
    a, b = _pair(name, kind)
    torch.manual_seed(0)
    conv = GMConv(a, b, 3, 2, kernel=1).double()
    x = random_signal(a, batch=2, channels=3)
    y = conv(x)
    assert y.shape == (2, 2, _size(b))
    torch.testing.assert_close(y, _dense_reference(conv, x), rtol=1e-12, atol=1e-12)
    M = conv.group_matrix()
    bias = conv.bias.detach().repeat_interleave(_size(b))
    torch.testing.assert_close(x.reshape(2, -1) @ M.T + bias, y.reshape(2, -1))


@pytest.mark.parametrize("name", NAMES)
def test_group_layer_is_a_group_matrix(name):
    """Each (o, c) block satisfies M[g, g'] = w(g^-1 g'): it commutes with every L_h."""
    G = group(name)
    conv = GMConv(G, G, 2, 2, kernel=2).double()
    M = conv.group_matrix(structured=True).numpy()
    T = G.table
    for h in G.generators:
        assert np.array_equal(M[:, :, T[h]][:, :, :, T[h]], M)
    # and equals the group matrix of the kernel: M[g, g s] = w_s
    g = np.arange(G.order)
    for j, s in enumerate(conv.kernel_elements):
        vals = M[:, :, g, T[g, s]]
        assert np.allclose(vals, conv.weight.detach().numpy()[:, :, j, None])


@pytest.mark.parametrize("point", list(POINT_GROUPS))
@pytest.mark.parametrize("kind", KINDS)
def test_conv2d_lowering_equals_gather(point, kind):
    S = spatial_group((5, 5) if point in ("C4", "D4") else (4, 6), point)
    a, b = {
        "lifting": (S.pixels, S),
        "group": (S, S),
        "projection": (S, S.pixels),
        "points": (S.pixels, S.pixels),
    }[kind]
    torch.manual_seed(1)
    low = GMConv(a, b, 3, 4, kernel=3, method="conv").double()
    gat = GMConv(a, b, 3, 4, kernel=3, method="gather").double()
    gat.load_state_dict(low.state_dict())
    assert low.method == "conv2d" and gat.method == "gather"
    x = random_signal(a, batch=2, channels=3)
    torch.testing.assert_close(low(x), gat(x), rtol=1e-12, atol=1e-12)
    xg = random_signal(a, batch=2, channels=3, grid=True)
    torch.testing.assert_close(low(xg), gat(xg), rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize("point", ["C4", "D2", "D4"])
def test_lowering_with_explicit_kernels(point):
    """Arbitrary kernel element sets (far translations, missing point elements, wrapping) lower
    to the same map as the gather path."""
    S = spatial_group((6, 6), point)
    rng = np.random.default_rng(0)
    for _ in range(3):
        kern = rng.choice(S.order, size=10, replace=False)
        low = GMConv(S, S, 2, 3, kernel=kern, method="conv").double()
        gat = GMConv(S, S, 2, 3, kernel=kern, method="gather").double()
        gat.load_state_dict(low.state_dict())
        x = random_signal(S, channels=2)
        torch.testing.assert_close(low(x), gat(x), rtol=1e-12, atol=1e-12)
    pts = rng.choice(S.num_pixels, size=7, replace=False)
    low = GMConv(S.pixels, S, 2, 3, kernel=pts, method="conv").double()
    gat = GMConv(S.pixels, S, 2, 3, kernel=pts, method="gather").double()
    gat.load_state_dict(low.state_dict())
    x = random_signal(S.pixels, channels=2)
    torch.testing.assert_close(low(x), gat(x), rtol=1e-12, atol=1e-12)


def test_shapes_and_layouts():
    S = spatial_group((8, 8), "D4")
    lift = GMConv(S.pixels, S, 3, 5, kernel=3)
    assert lift(torch.randn(2, 3, 8, 8)).shape == (2, 5, 8, 8, 8)
    assert lift(torch.randn(2, 3, 64)).shape == (2, 5, 512)
    gconv = GMConv(S, S, 5, 6, kernel=5)
    assert gconv(torch.randn(2, 5, 8, 8, 8)).shape == (2, 6, 8, 8, 8)
    assert gconv(torch.randn(2, 5, 512)).shape == (2, 6, 512)
    proj = GMConv(S, S.pixels, 6, 1, kernel=1)
    assert proj(torch.randn(2, 6, 8, 8, 8)).shape == (2, 1, 8, 8)
    assert gconv.weight.shape == (6, 5, 8 * 25)
    assert gconv.kernel_elements.shape == (200,)


def test_shape_errors():
    G = group("S4 (permutations)")
    conv = GMConv(G, G, 3, 4)
    with pytest.raises(ValueError, match=r"expected \(B, 3, 24\) signal on .*got \(2, 3, 20\)"):
        conv(torch.randn(2, 3, 20))
    with pytest.raises(ValueError, match=r"got \(2, 4, 24\)"):
        conv(torch.randn(2, 4, 24))
    with pytest.raises(ValueError, match="expected"):
        conv(torch.randn(3, 24))
    S = spatial_group((12, 12), "D4")
    conv = GMConv(S, S, 3, 4)
    with pytest.raises(ValueError, match=r"\(B, 3, 8, 12, 12\) or \(B, 3, 1152\).*\(2, 3, 160\)"):
        conv(torch.randn(2, 3, 160))


def test_spec_errors():
    G = group("S4 (permutations)")
    S = spatial_group((6, 6), "C4")
    with pytest.raises(LayerSpecError, match="odd"):
        GMConv(S, S, 1, 1, kernel=4)
    with pytest.raises(LayerSpecError, match="empty"):
        GMConv(G, G, 1, 1, kernel=[])
    with pytest.raises(LayerSpecError, match="repeated"):
        GMConv(G, G, 1, 1, kernel=[0, 1, 1])
    with pytest.raises(LayerSpecError, match="out of range"):
        GMConv(G, G, 1, 1, kernel=[0, 24])
    with pytest.raises(LayerSpecError, match="same group"):
        GMConv(G, S, 1, 1)
    with pytest.raises(LayerSpecError, match="conv2d"):
        GMConv(G, G, 1, 1, method="conv2d")
    with pytest.raises(LayerSpecError, match="method"):
        GMConv(G, G, 1, 1, method="fft")
    with pytest.raises(LayerSpecError, match="positive"):
        GMConv(G, G, 0, 1)
    with pytest.raises(TypeError, match="HomogeneousSpace"):
        GMConv(G.subgroup([1]), G, 1, 1)


def test_kernel_specs():
    G = group("S4 (permutations)")
    a, b = G.gens
    conv = GMConv(G, G, 1, 1, kernel=[G.identity, a, "b"])
    assert conv.kernel_elements.tolist() == [0, a.index, b.index]
    assert GMConv(G, G, 1, 1, kernel=0).kernel_elements.tolist() == [0]
    assert np.array_equal(GMConv(G, G, 1, 1, kernel=2).kernel_elements, G.ball(2))
    X = space("S4 (permutations)")
    lift = GMConv(X, G, 1, 1, kernel=1)
    assert lift.kernel_elements[0] == X.base_point and len(set(lift.kernel_elements)) > 1


def test_compiled_maps_are_cached_and_never_dense():
    S = spatial_group((48, 48), "D4")  # n = 18432: a Cayley table would be 1.3 GB
    assert compile_conv(S, S, 3) is compile_conv(S, S, 3)
    conv = GMConv(S, S, 1, 1, kernel=3)
    # the lowering needs no index
    assert conv.method == "conv2d" and not compile_conv(S, S, 3).has_index
    assert conv.index_map.shape == (S.order, 72) and compile_conv(S, S, 3).has_index
    conv(torch.randn(1, 1, 8, 48, 48)).sum().backward()
    assert not S.group.table_is_built
    with pytest.raises(SizeLimitError, match="force=True"):
        conv.group_matrix()


def test_dtypes_devices_state_dict():
    G = group("D6 (family)")
    conv = GMConv(G, G, 2, 3)
    assert conv(torch.randn(1, 2, 12)).dtype == torch.float32
    conv64 = GMConv(G, G, 2, 3, dtype=torch.float64)
    assert conv64(torch.randn(1, 2, 12, dtype=torch.float64)).dtype == torch.float64
    sd = conv.state_dict()
    assert set(sd) == {"weight", "bias"}
    other = GMConv(G, G, 2, 3)
    other.load_state_dict(sd)
    x = torch.randn(4, 2, 12)
    torch.testing.assert_close(other(x), conv(x))
    X = space("D6 (family)")
    proj = GMConv(G, X, 2, 3).double()  # the averaging buffer follows .double()
    assert proj.expand.dtype == torch.float64
    assert proj(torch.randn(1, 2, 12, dtype=torch.float64)).dtype == torch.float64
    nobias = GMConv(G, G, 2, 3, bias=False)
    assert nobias.bias is None and set(nobias.state_dict()) == {"weight"}


def test_shared_input_channels():
    G = group("Q8 (family)")
    shared = GMConv(G, G, 4, 3, kernel=1, share_input_channels=True).double()
    full = GMConv(G, G, 4, 3, kernel=1).double()
    assert shared.weight.shape == (3, 1, shared.kernel_elements.size)
    with torch.no_grad():
        full.weight.copy_(shared.weight.expand_as(full.weight))
        full.bias.copy_(shared.bias)
    x = random_signal(G, channels=4)
    torch.testing.assert_close(shared(x), full(x))
    S = spatial_group((5, 5), "C4")
    low = GMConv(S, S, 4, 3, share_input_channels=True, method="conv").double()
    gat = GMConv(S, S, 4, 3, share_input_channels=True, method="gather").double()
    gat.load_state_dict(low.state_dict())
    x = random_signal(S, channels=4)
    torch.testing.assert_close(low(x), gat(x))


@pytest.mark.parametrize("method", ["gather", "conv2d", "expanded"])
def test_gradcheck(method):
    S = spatial_group((3, 3), "D4")
    conv = GMConv(S, S.pixels, 2, 2, kernel=3, method=method).double()
    x = random_signal(S, batch=1, channels=2).requires_grad_()
    params = {"weight": conv.weight, "bias": conv.bias}

    def f(x, w, b):
        return torch.func.functional_call(conv, {"weight": w, "bias": b}, (x,))

    assert torch.autograd.gradcheck(f, (x, params["weight"], params["bias"]))


def test_torch_compile_fullgraph():
    S = spatial_group((6, 6), "C4")
    model = torch.nn.Sequential(
        GMConv(S.pixels, S, 1, 3), torch.nn.ReLU(), GMConv(S, S, 3, 2, method="gather")
    )
    x = torch.randn(2, 1, 6, 6)
    compiled = torch.compile(model, backend="aot_eager", fullgraph=True)
    torch.testing.assert_close(compiled(x), model(x))


@settings(max_examples=25, deadline=None)
@given(st.sampled_from(list(POINT_GROUPS)), st.integers(1, 6), st.integers(1, 6), st.data())
def test_lowering_equals_gather_random(point, h, w, data):
    """Random tori (including 1- and 2-pixel sides, where flips act trivially), random kernels,
    random layer kinds."""
    if point in ("C4", "D4"):
        w = h
    S = spatial_group((h, w), point)
    kind = data.draw(st.sampled_from(KINDS))
    a, b = {
        "lifting": (S.pixels, S),
        "group": (S, S),
        "projection": (S, S.pixels),
        "points": (S.pixels, S.pixels),
    }[kind]
    n_in = S.order if a is S else S.num_pixels
    size = data.draw(st.integers(1, n_in))
    seed = data.draw(st.integers(0, 2**31 - 1))
    kern = np.random.default_rng(seed).choice(n_in, size=size, replace=False)
    low = GMConv(a, b, 2, 2, kernel=kern, method="conv").double()
    gat = GMConv(a, b, 2, 2, kernel=kern, method="gather").double()
    gat.load_state_dict(low.state_dict())
    x = random_signal(a, channels=2, seed=seed)
    torch.testing.assert_close(low(x), gat(x), rtol=1e-12, atol=1e-12)


@pytest.mark.slow
def test_torch_compile_inductor_forward_backward():
    S = spatial_group((6, 6), "C4")
    model = torch.nn.Sequential(
        GMConv(S.pixels, S, 1, 3), torch.nn.ReLU(), GMConv(S, S, 3, 2, method="gather")
    )
    x = torch.randn(2, 1, 6, 6, requires_grad=True)
    compiled = torch.compile(model, fullgraph=True)
    torch.testing.assert_close(compiled(x), model(x))
    compiled(x).sum().backward()
    g = x.grad.clone()
    x.grad = None
    model(x).sum().backward()
    torch.testing.assert_close(g, x.grad)


def test_index_map_is_public_read_only_and_the_products():
    """``GMConv.index_map`` (issue 18): row ``a`` is ``a * u_j``; writing to it is refused."""
    G = group("D6 (family)")
    conv = GMConv(G, G, 1, 1, kernel=2)
    idx = conv.index_map
    assert idx.shape == (G.order, conv.support.size) and idx.dtype == np.int64
    want = np.asarray(G.multiply(np.arange(G.order)[:, None], conv.support[None, :]))
    np.testing.assert_array_equal(idx, want)
    with pytest.raises(ValueError, match="read-only"):
        idx[0, 0] = 1
    with pytest.raises(AttributeError):
        conv.index_map = idx
