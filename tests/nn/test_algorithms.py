"""GMConv's exact algorithms (gather, expanded, conv lowering, spectral) agree to float64
round-off on every group family and layer kind; errors for unsupported methods; the cost
model's choice; the eval-mode operand cache; pickling / deepcopy / torch.save."""

from __future__ import annotations

import copy
import io
import pickle

import numpy as np
import pytest
import torch

import groupmat as gm
from groupmat import Group, HomogeneousSpace, SizeLimitError, spatial_group, wallpaper_group
from groupmat.errors import LayerSpecError
from groupmat.nn import GMConv
from groupmat.testing import random_signal
from tests.nn._cases import GROUP_BUILDERS, group, space

METHODS = ["gather", "expanded", "conv", "spectral"]
KINDS = ["lifting", "group", "projection", "points"]

#: spatial / wallpaper groups (every algorithm runs on them; spectral on G -> G)
SPATIAL = {
    "p4m 3x3": lambda: spatial_group((3, 3), "D4"),
    "p2 3x4": lambda: spatial_group((3, 4), "C2"),
    "p6 3x3": lambda: wallpaper_group("p6", 3),
    "p4g 3x3": lambda: wallpaper_group("p4g", 3),
}


def _pair(G, X, kind):
    return {"lifting": (X, G), "group": (G, G), "projection": (G, X), "points": (X, X)}[kind]


def _supported(method: str, a, b) -> bool:
    spatial = getattr(getattr(a, "group", a), "spatial", None) is not None or hasattr(a, "seitz")
    return spatial if method == "conv" else True


def _check_all_methods(a, b, kernel, channels=(2, 3)) -> None:
    c, o = channels
    torch.manual_seed(0)
    ref = GMConv(a, b, c, o, kernel=kernel, method="gather").double()
    x = random_signal(a, batch=2, channels=c).requires_grad_()
    y_ref = ref(x)
    g = torch.randn_like(y_ref)
    gx_ref, gw_ref = torch.autograd.grad((y_ref * g).sum(), (x, ref.weight))
    for method in METHODS[1:]:
        if not _supported(method, a, b):
            with pytest.raises(LayerSpecError, match=method):
                GMConv(a, b, c, o, kernel=kernel, method=method)
            continue
        conv = GMConv(a, b, c, o, kernel=kernel, method=method).double()
        conv.load_state_dict(ref.state_dict())
        y = conv(x)
        torch.testing.assert_close(y, y_ref, rtol=1e-10, atol=1e-11)
        gx, gw = torch.autograd.grad((y * g).sum(), (x, conv.weight))
        torch.testing.assert_close(gx, gx_ref, rtol=1e-10, atol=1e-11)
        torch.testing.assert_close(gw, gw_ref, rtol=1e-10, atol=1e-11)


@pytest.mark.parametrize("name", list(GROUP_BUILDERS))
@pytest.mark.parametrize("kind", KINDS)
def test_algorithms_agree_on_every_family(name, kind):
    a, b = _pair(group(name), space(name), kind)
    _check_all_methods(a, b, kernel=1)


@pytest.mark.parametrize(
    "G",
    [
        gm.alternating(4),
        gm.direct_product(gm.cyclic(3), gm.quaternion()),  # real, complex, quaternionic blocks
        gm.abelian([2, 4]),
        gm.dicyclic(5),
    ],
    ids=["A4", "C3xQ8", "C2xC4", "Dic5"],
)
def test_full_support_group_convolution(G):
    """Full kernels (the spectral algorithm's use case) and a random explicit kernel."""
    _check_all_methods(G, G, kernel=list(range(G.order)))
    kern = np.random.default_rng(1).choice(G.order, size=max(2, G.order // 3), replace=False)
    _check_all_methods(G, G, kernel=kern)


@pytest.mark.parametrize("name", list(SPATIAL))
@pytest.mark.parametrize("kind", KINDS)
def test_algorithms_agree_on_spatial_groups(name, kind):
    S = SPATIAL[name]()
    a, b = _pair(S, S.pixels, kind)
    _check_all_methods(a, b, kernel=3)


def test_shared_input_channels_every_method():
    G = group("D6 (family)")
    ref = GMConv(G, G, 3, 2, kernel=2, share_input_channels=True, method="gather").double()
    x = random_signal(G, channels=3)
    for method in ("expanded", "spectral"):
        conv = GMConv(G, G, 3, 2, kernel=2, share_input_channels=True, method=method).double()
        conv.load_state_dict(ref.state_dict())
        torch.testing.assert_close(conv(x), ref(x), rtol=1e-10, atol=1e-11)


def test_unsupported_methods_raise_clear_errors():
    G = group("S4 (permutations)")
    with pytest.raises(LayerSpecError, match="spatial / crystallographic"):
        GMConv(G, G, 1, 1, method="conv")
    with pytest.raises(LayerSpecError, match="method must be one of"):
        GMConv(G, G, 1, 1, method="fft")
    with pytest.raises(LayerSpecError, match="batch_hint"):
        GMConv(G, G, 1, 1, batch_hint=0)
    S = spatial_group((48, 48), "C4")  # expanded matrix (4 * 9216)^2 entries
    with pytest.raises(SizeLimitError, match="expanded"):
        GMConv(S, S, 4, 4, method="expanded")
    big = spatial_group((48, 48), "D4")  # n = 18432
    with pytest.raises(SizeLimitError, match="Fourier"):
        GMConv(big, big, 1, 1, method="spectral")


def test_auto_choice_is_shown_and_sensible():
    C = gm.cyclic(8)
    small = GMConv(C, C, 4, 4, kernel=list(range(8)))
    assert small.method in ("expanded", "spectral") and "(auto)" in repr(small)
    assert f"method={small.method}" in repr(small)
    explicit = GMConv(C, C, 4, 4, method="gather")
    assert "(auto)" not in repr(explicit) and explicit.method == "gather"
    S = spatial_group((28, 28), "C4")
    plane = GMConv(S, S, 16, 16, kernel=3)
    assert plane.method == "conv2d"
    assert plane.cost_estimate.method == "conv"
    assert set(plane.cost_estimates) == {"gather", "conv"}  # expanded: over the size limit
    S5 = gm.symmetric(5)  # measured: spectral ~0.65x expanded at batch 256 (benchmarks row l)
    full = GMConv(S5, S5, 8, 8, kernel=list(range(120)), batch_hint=256)
    assert full.method == "spectral"
    est = full.cost_estimates
    assert est["spectral"].flops < est["expanded"].flops < est["gather"].flops * 1.01


def test_eval_cache_is_invalidated():
    G = gm.dihedral(5)
    for method in ("expanded", "spectral", "gather"):
        conv = GMConv(G, G, 2, 2, kernel=1, method=method).double().eval()
        x = random_signal(G, channels=2)
        with torch.no_grad():
            y0 = conv(x)
            op = conv._operand_cache
            assert op is not None
            conv(x)
            assert conv._operand_cache is op  # reused while the weights are unchanged
            conv.weight.mul_(2.0)  # in-place change bumps the version
            y1 = conv(x)
        torch.testing.assert_close(y1 - conv.bias[:, None], 2 * (y0 - conv.bias[:, None]))
        other = GMConv(G, G, 2, 2, kernel=1, method=method).double()
        conv.load_state_dict(other.state_dict())
        with torch.no_grad():
            torch.testing.assert_close(conv(x), other(x))
        conv.train()
        assert conv._operand_cache is None
        y = conv(x)  # training: fresh operand, gradients reach the weights
        y.sum().backward()
        assert conv.weight.grad is not None and conv._operand_cache is None
        conv.eval()
        conv.weight.grad = None
        conv(x).sum().backward()  # eval with grad enabled: no stale graph, grads flow
        assert conv.weight.grad is not None


@pytest.mark.parametrize("method", METHODS)
def test_pickle_deepcopy_torch_save(method):
    S = spatial_group((4, 4), "D4")
    G = gm.dihedral(4)
    layers = [GMConv(S, S, 2, 3, kernel=3, method=method if method != "spectral" else "gather")]
    if method != "conv":
        layers.append(GMConv(G, G, 2, 3, kernel=1, method=method))
        layers.append(GMConv(S, S, 2, 3, kernel=3, method=method))
    for conv in layers:
        conv = conv.double().eval()
        x = random_signal(conv.in_space, batch=2, channels=2)
        y = conv(x)
        buf = io.BytesIO()
        torch.save(conv, buf)
        buf.seek(0)
        copies = [
            pickle.loads(pickle.dumps(conv)),
            copy.deepcopy(conv),
            torch.load(buf, weights_only=False),
        ]
        for other in copies:
            assert other.method == conv.method
            torch.testing.assert_close(other(x), y, rtol=0, atol=0)


def test_to_dtype_rebuilds_exact_buffers():
    """A float32-built spectral layer moved to float64 is exact (its Fourier matrix is rebuilt
    from float64, not cast from float32)."""
    G = gm.symmetric(4)
    ref = GMConv(G, G, 2, 2, kernel=2, method="gather").double()
    spec = GMConv(G, G, 2, 2, kernel=2, method="spectral").double()
    spec.load_state_dict(ref.state_dict())
    x = random_signal(G, channels=2)
    torch.testing.assert_close(spec(x), ref(x), rtol=1e-12, atol=1e-12)
    assert spec.algorithm.phi.dtype == torch.float64
    H = Group.from_permutations([[1, 2, 0, 3], [1, 0, 2, 3]])
    X = HomogeneousSpace(H, H.subgroup([4]))
    proj = GMConv(H, X, 1, 1).double()
    assert proj.expand.dtype == torch.float64


@pytest.mark.skipif(not torch.cuda.is_available(), reason="needs CUDA")
@pytest.mark.parametrize("method", METHODS)
def test_cuda_matches_cpu(method):
    S = spatial_group((4, 4), "D4")
    G = gm.symmetric(4)
    a = S if method == "conv" else G
    kernel = 3 if a is S else 2
    cpu = GMConv(a, a, 2, 3, kernel=kernel, method=method).double()
    dev = copy.deepcopy(cpu).to("cuda")
    x = random_signal(a, batch=2, channels=2)
    torch.testing.assert_close(dev(x.cuda()).cpu(), cpu(x), rtol=1e-10, atol=1e-11)
    dev(x.cuda()).sum().backward()


@pytest.mark.slow
@pytest.mark.parametrize("method", ["expanded", "spectral"])
def test_torch_compile_fullgraph(method):
    G = gm.dihedral(5)
    model = torch.nn.Sequential(
        GMConv(G, G, 2, 3, kernel=1, method=method),
        torch.nn.ReLU(),
        GMConv(G, G, 3, 2, kernel=2, method=method),
    )
    x = torch.randn(4, 2, 10)
    compiled = torch.compile(model, backend="aot_eager", fullgraph=True)
    torch.testing.assert_close(compiled(x), model(x))
