"""Bad input to the equivariance checker, the pooling and the weight-sharing layers: every
mistake ends in a clear error naming the argument (issue 17), never in silent acceptance, a
ZeroDivisionError or torch's "expected m1 and m2 to have the same dtype"."""

from __future__ import annotations

import math

import numpy as np
import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st

from groupmat import Group, spatial_group
from groupmat.errors import NotAnElementError
from groupmat.nn import (
    FieldAction,
    FieldLifting,
    FieldProjection,
    FieldType,
    GMPool,
    GMUnpool,
    InvariantPool,
    RegularAction,
    SinkhornStack,
    SpatialAction,
    WeightSharingConv,
    equivariance_error,
    recover_group,
    sinkhorn,
)
from groupmat.nn._equivariance import ImageAction
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


# ------------------------------------------------------------------ fields, actions, recovery
def _fields():
    return FieldType(S8, "standard")


MORE = [
    (lambda: FieldLifting(_fields(), 2.5, 4, kernel=3), TypeError, "in_channels must be an int"),
    (lambda: FieldProjection(_fields(), 4, 2.5, kernel=3), TypeError, "out_channels must be an"),
    (lambda: FieldType(S8, "standard", atol=math.nan), ValueError, "atol must be a number >= 0"),
    (lambda: FieldAction(_fields())(torch.zeros(1, 1, 2, 8, 8), 1.5), NotAnElementError, "g must"),
    (lambda: FieldAction(_fields())(torch.zeros(1, 1, 2, 8, 8), 999), NotAnElementError, "g index"),
    (lambda: RegularAction(S8)(torch.zeros(1, 1, 256), 256), NotAnElementError, "g index 256"),
    (lambda: SpatialAction(S8)(torch.zeros(1, 1, 8, 8), -1), NotAnElementError, "g index -1"),
    (lambda: ImageAction("C4")(torch.zeros(1, 1, 4, 4), 4), NotAnElementError, "g index 4"),
    (lambda: recover_group(torch.eye(3)[None], max_order=2.5), TypeError, "max_order"),
    (lambda: recover_group(np.full((2, 3, 3), np.nan)), ValueError, "NaN or Inf"),
    (lambda: recover_group(np.zeros((0, 3, 3))), ValueError, "at least one"),
    (lambda: recover_group(np.zeros((0, 3), dtype=int)), ValueError, "at least one"),
]


@pytest.mark.parametrize("make, err, match", MORE, ids=range(len(MORE)))
def test_bad_field_action_and_recovery_arguments(make, err, match):
    with pytest.raises(err, match=match):
        make()


@pytest.mark.parametrize("dtype", BAD_DTYPES, ids=str)
def test_field_maps_refuse_integer_bool_complex(dtype):
    from groupmat.nn import LiftField, ProjectField

    with pytest.raises(TypeError, match="LiftField takes real floating-point input"):
        LiftField(_fields())(torch.zeros(2, 3, 2, 8, 8, dtype=dtype))
    with pytest.raises(TypeError, match="ProjectField takes real floating-point input"):
        ProjectField(_fields())(torch.zeros(2, 4, 4, 8, 8, dtype=dtype))


# ------------------------------------------------------------------ fuzz: layer arguments
_NUMBERS = st.one_of(
    st.integers(-3, 6),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.none(),
    st.text(max_size=2),
)


@settings(max_examples=60, deadline=None)
@given(c=_NUMBERS, o=_NUMBERS, n=_NUMBERS, k=_NUMBERS)
def test_fuzz_weight_sharing_arguments(c, o, n, k):
    """Any argument either builds a layer with exactly those sizes or raises a clear
    TypeError / ValueError; nothing is truncated, nothing crashes elsewhere."""
    try:
        layer = WeightSharingConv(c, o, n, kernel_size=k, iterations=2)
    except (TypeError, ValueError):
        return
    assert (layer.in_channels, layer.out_channels, layer.num_elements, layer.kernel_size) == (
        c,
        o,
        n,
        k,
    )
    assert all(type(v) is int and v >= 1 for v in (c, o, n, k))


@settings(max_examples=40, deadline=None)
@given(stride=_NUMBERS, size=st.one_of(st.none(), _NUMBERS))
def test_fuzz_pool_arguments(stride, size):
    try:
        pool = GMPool(S8, stride=stride, size=size)
    except (TypeError, ValueError):
        return
    if stride is None:  # pooling over the point group onto the pixels
        assert size is None and pool(torch.zeros(1, 1, 4, 8, 8)).shape == (1, 1, 8, 8)
        return
    assert type(stride) is int and stride >= 1
    assert pool(torch.zeros(1, 1, 4, 8, 8)).shape[-1] == 8 // stride
