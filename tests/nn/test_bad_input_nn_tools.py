"""Bad input to the equivariance checker, the pooling and the weight-sharing layers: every
mistake ends in a clear error naming the argument (issue 17), never in silent acceptance, a
ZeroDivisionError or torch's "expected m1 and m2 to have the same dtype"."""

from __future__ import annotations

import math

import pytest
import torch

from groupmat import Group, spatial_group
from groupmat.errors import NotAnElementError
from groupmat.nn import (
    GMPool,
    GMUnpool,
    InvariantPool,
    RegularAction,
    SinkhornStack,
    WeightSharingConv,
    equivariance_error,
    sinkhorn,
)
from groupmat.testing import random_signal

G4 = Group.from_permutations([[1, 2, 3, 0]])
S8 = spatial_group((8, 8), "C4")


def _identity_error(elements):
    x = random_signal(G4, channels=1)
    return equivariance_error(
        torch.nn.Identity(), x, RegularAction(G4), RegularAction(G4), elements=elements
    )


BAD_ELEMENTS = [
    ([-1], NotAnElementError, "elements index -1 out of range"),
    ([1.5], NotAnElementError, "float 1.5"),
    ([100], NotAnElementError, "elements index 100 out of range"),
    ([True], NotAnElementError, "bool True"),
    ([math.nan], NotAnElementError, "float nan"),
    (-1, NotAnElementError, "out of range"),
    ([], ValueError, "elements= is empty"),
    ("zz", ValueError, "unknown generator 'zz'"),
]


@pytest.mark.parametrize("elements, err, match", BAD_ELEMENTS, ids=lambda v: repr(v)[:20])
def test_equivariance_error_validates_elements(elements, err, match):
    with pytest.raises(err, match=match):
        _identity_error(elements)


def test_equivariance_error_accepts_words_and_elements():
    rep = _identity_error(["a", G4.gens[0], 3])
    assert rep.elements.tolist() == [1, 1, 3] and rep.max == 0.0


@pytest.mark.parametrize("max_elements", [0, -3, 2.5, math.nan, True])
def test_max_elements_validated(max_elements):
    x = random_signal(G4, channels=1)
    with pytest.raises((TypeError, ValueError), match="max_elements"):
        equivariance_error(
            torch.nn.Identity(), x, RegularAction(G4), RegularAction(G4), max_elements=max_elements
        )


LAYERS = [
    (lambda: GMPool(S8, stride=2.5), TypeError, "stride must be an integer"),
    (lambda: GMPool(S8, stride=0), ValueError, "stride must be >= 1"),
    (lambda: GMPool(S8, stride=-2), ValueError, "stride must be >= 1"),
    (lambda: GMPool(S8, stride=math.nan), ValueError, "stride must be a finite integer"),
    (lambda: GMPool(S8, stride=True), TypeError, "stride must be an integer"),
    (lambda: GMPool(S8, stride=2, size=1.5), TypeError, "size must be an integer"),
    (lambda: GMUnpool(S8, stride=2.0), TypeError, "stride must be an integer"),
    (lambda: WeightSharingConv(0, 4, 4), ValueError, "in_channels must be >= 1"),
    (lambda: WeightSharingConv(-1, 4, 4), ValueError, "in_channels must be >= 1"),
    (lambda: WeightSharingConv(2.5, 4, 4), TypeError, "in_channels must be an integer"),
    (lambda: WeightSharingConv(1, 0, 4), ValueError, "out_channels must be >= 1"),
    (lambda: WeightSharingConv(1, 4, 2.5), TypeError, "num_elements must be an integer"),
    (lambda: WeightSharingConv(1, 4, 4, in_elements=0), ValueError, "in_elements"),
    (lambda: WeightSharingConv(1, 4, 4, kernel_size=2.5), TypeError, "kernel_size"),
    (lambda: WeightSharingConv(1, 4, 4, kernel_size=2), ValueError, "kernel_size"),
    (lambda: WeightSharingConv(1, 4, 4, temperature=math.nan), ValueError, "temperature"),
    (lambda: WeightSharingConv(1, 4, 4, temperature=0), ValueError, "temperature"),
    (lambda: SinkhornStack(4, 2.5), TypeError, "size must be an integer"),
    (lambda: SinkhornStack(0, 4), ValueError, "num_elements must be >= 1"),
    (lambda: SinkhornStack(2, 4, iterations=-1), ValueError, "iterations"),
    (lambda: sinkhorn(torch.zeros(2, 2), math.nan), ValueError, "temperature"),
    (lambda: random_signal(G4, batch=-1), ValueError, "batch must be >= 0"),
    (lambda: random_signal(G4, batch=2.0), TypeError, "batch must be an integer"),
    (lambda: random_signal(G4, channels=0), ValueError, "channels must be >= 1"),
    (lambda: random_signal(G4, dtype=torch.int64), TypeError, "dtype"),
]


@pytest.mark.parametrize("make, err, match", LAYERS, ids=range(len(LAYERS)))
def test_bad_layer_arguments(make, err, match):
    with pytest.raises(err, match=match):
        make()


def test_random_signal_empty_batch_is_allowed():
    assert random_signal(G4, batch=0).shape == (0, 3, 4)


def test_invariant_pool_on_an_empty_axis():
    with pytest.raises(ValueError, match="no positions to pool over"):
        InvariantPool("max")(torch.zeros(2, 3, 0))
    with pytest.raises(ValueError, match="no positions"):
        InvariantPool("mean")(torch.zeros(2, 3, 4, 0, 5))


BAD_DTYPES = [torch.int64, torch.bool, torch.complex64]


def _modules():
    return {
        "GMPool": (GMPool(S8, stride=2), (2, 3, 4, 8, 8)),
        "GMUnpool": (GMUnpool(S8, stride=2), (2, 3, 4, 4, 4)),
        "InvariantPool": (InvariantPool("mean"), (2, 3, 5)),
        "WeightSharingConv": (WeightSharingConv(3, 2, 4), (2, 3, 8, 8)),
    }


@pytest.mark.parametrize("dtype", BAD_DTYPES, ids=str)
@pytest.mark.parametrize("name", ["GMPool", "GMUnpool", "InvariantPool", "WeightSharingConv"])
def test_integer_bool_complex_inputs_are_refused(name, dtype):
    layer, shape = _modules()[name]
    x = torch.zeros(shape, dtype=dtype)
    with pytest.raises(TypeError, match=rf"{name} takes real floating-point input, got {dtype}"):
        layer(x)


@pytest.mark.parametrize(
    "dtype, hint", [(torch.float64, "layer.double()"), (torch.float16, "layer.half()")]
)
def test_weight_sharing_dtype_mismatch_says_how_to_convert(dtype, hint):
    layer = WeightSharingConv(3, 2, 4)
    with pytest.raises(TypeError, match=r"layer's dtype torch\.float32") as e:
        layer(torch.zeros(2, 3, 8, 8, dtype=dtype))
    assert "x.to(torch.float32)" in str(e.value) and hint in str(e.value)
    assert layer.double()(torch.zeros(2, 3, 8, 8, dtype=torch.float64)).dtype == torch.float64


@pytest.mark.parametrize("dtype", [torch.float64, torch.float16])
def test_pools_take_any_float_dtype(dtype):
    layer, shape = _modules()["GMPool"]
    assert layer(torch.zeros(shape, dtype=dtype)).dtype == dtype
