"""Bad input to the conv layers (issue 17): channel counts, empty batches, dtypes, shapes.

Every conv layer class goes through the one validator of :mod:`groupmat.nn._layout`
(``layer_channels`` in the constructors, ``to_flat(..., dtype=)`` in forward)."""

from __future__ import annotations

import math

import pytest
import torch

import groupmat as gm
from groupmat import HomogeneousSpace
from groupmat import nn as gnn
from groupmat.errors import LayerSpecError

S = gm.spatial_group((4, 4), "C4")
G = gm.dihedral(4)
X = HomogeneousSpace(G, G.subgroup([G.generators[-1]]))

LAYERS = {
    "GMConv": gnn.GMConv,
    "LDRGMConv": gnn.LDRGMConv,
    "RPPConv": gnn.RPPConv,
    "RelaxedGMConv": gnn.RelaxedGMConv,
    "PlainConv": gnn.PlainConv,
}
BAD_CHANNELS = [2.5, 0, -1, True, False, math.nan, math.inf, "2", None]


@pytest.mark.parametrize("name", LAYERS)
@pytest.mark.parametrize("bad", BAD_CHANNELS, ids=repr)
@pytest.mark.parametrize("which", ["in_channels", "out_channels"])
def test_bad_channels_refused(name, bad, which):
    kwargs = {"in_channels": 2, "out_channels": 3, which: bad}
    with pytest.raises(LayerSpecError, match=which):
        LAYERS[name](S, S, **kwargs)


def test_float_channels_not_truncated():
    """``GMConv(in_channels=2.5)`` made a 2-channel layer."""
    with pytest.raises(LayerSpecError, match=r"in_channels must be a positive integer, got float"):
        gnn.GMConv(S, S, 2.5, 3)


# (input space, output space, input shape after the batch axis, output shape, method)
EMPTY_CASES = [
    (S, S, (2, 4, 4, 4), (3, 4, 4, 4), "conv"),
    (S.pixels, S, (2, 4, 4), (3, 4, 4, 4), "conv"),
    (S, S.pixels, (2, 4, 4, 4), (3, 4, 4), "conv"),
    (S, S, (2, 4, 4, 4), (3, 4, 4, 4), "gather"),
    (S, S, (2, 4, 4, 4), (3, 4, 4, 4), "expanded"),
    (S, S, (2, 4, 4, 4), (3, 4, 4, 4), "spectral"),
    (X, X, (2, 4), (3, 4), "gather"),
    (X, X, (2, 4), (3, 4), "expanded"),
    (X, G, (2, 4), (3, 8), "spectral"),
]


@pytest.mark.parametrize(("src", "dst", "shape_in", "shape_out", "method"), EMPTY_CASES)
def test_empty_batch_every_algorithm(src, dst, shape_in, shape_out, method):
    """An empty batch through a conv2d-lowered GMConv was a reshape error."""
    conv = gnn.GMConv(src, dst, 2, 3, method=method)
    x = torch.randn(0, *shape_in, requires_grad=True)
    y = conv(x)
    assert y.shape == (0, *shape_out)
    y.sum().backward()
    assert x.grad.shape == x.shape


@pytest.mark.parametrize("name", LAYERS)
def test_empty_batch_every_layer(name):
    layer = LAYERS[name](S, S, 2, 3)
    assert layer(torch.randn(0, 2, 4, 4, 4)).shape == (0, 3, 4, 4, 4)
    assert layer(torch.randn(0, 2, S.order)).shape == (0, 3, S.order)


@pytest.mark.parametrize("name", LAYERS)
@pytest.mark.parametrize("dtype", [torch.float64, torch.float16])
def test_other_float_dtype_says_how_to_convert(name, dtype):
    layer = LAYERS[name](S, S, 2, 3)
    x = torch.randn(1, 2, 4, 4, 4).to(dtype)
    with pytest.raises(TypeError, match=r"torch\.float32") as info:
        layer(x)
    msg = str(info.value)
    assert f"layer.to({dtype})" in msg and "x.to(torch.float32)" in msg and name in msg


@pytest.mark.parametrize("name", LAYERS)
@pytest.mark.parametrize("dtype", [torch.int64, torch.bool, torch.complex64])
def test_non_real_float_input_refused(name, dtype):
    layer = LAYERS[name](S, S, 2, 3)
    with pytest.raises(TypeError, match="not supported"):
        layer(torch.ones(1, 2, 4, 4, 4, dtype=dtype))


@pytest.mark.parametrize("name", LAYERS)
def test_matching_dtype_float64_works(name):
    layer = LAYERS[name](S, S, 2, 3).to(torch.float64)
    assert layer(torch.randn(1, 2, 4, 4, 4, dtype=torch.float64)).dtype == torch.float64


def test_non_tensor_refused():
    with pytest.raises(TypeError, match=r"torch\.Tensor"):
        gnn.GMConv(S, S, 2, 3)([[1.0]])


@pytest.mark.parametrize("name", LAYERS)
@pytest.mark.parametrize(
    "shape", [(1, 3, 4, 4, 4), (1, 2, 4, 4), (1, 2, 63), (2, 4, 4, 4), (1, 2, 4, 4, 5)]
)
def test_wrong_shape_names_expected_and_got(name, shape):
    layer = LAYERS[name](S, S, 2, 3)
    with pytest.raises(ValueError, match=r"expected \(B, 2, 4, 4, 4\) or \(B, 2, 64\)") as info:
        layer(torch.randn(*shape))
    assert f"got {shape}" in str(info.value)


def test_autocast_left_to_torch():
    layer = gnn.GMConv(G, G, 2, 3, method="gather")
    with torch.autocast("cpu", dtype=torch.bfloat16):
        y = layer(torch.randn(1, 2, 8).to(torch.bfloat16))
    assert y.shape == (1, 3, 8)
