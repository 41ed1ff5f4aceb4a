"""Integer layer options and element arguments of groupmat.nn that used to go through
``int(...)`` (issue 17): ``LDRGMConv(displacement_rank=2.5)`` made a rank-2 layer,
``RelaxedGMConv(num_banks=2.5)`` two banks, ``GMConv(batch_hint=2.5)`` planned for batch 2,
``spatial_representation(S, 2.5)`` a 2x2 window, ``FieldType.element_matrix(2.5)`` returned
element 2's matrix. Now each is refused with a message naming the argument."""

from __future__ import annotations

import math

import numpy as np
import pytest

import groupmat as gm
from groupmat import nn as gnn
from groupmat.errors import LayerSpecError, NotAnElementError

S = gm.spatial_group((4, 4), "C4")

# name -> (call(value), argument name, a valid value)
LAYER_OPTIONS = {
    "LDRGMConv(displacement_rank=)": (
        lambda v: gnn.LDRGMConv(S, S, 2, 3, displacement_rank=v),
        "displacement_rank",
        2,
    ),
    "RelaxedGMConv(num_banks=)": (
        lambda v: gnn.RelaxedGMConv(S, S, 2, 3, num_banks=v),
        "num_banks",
        2,
    ),
    "GMConv(batch_hint=)": (lambda v: gnn.GMConv(S, S, 2, 3, batch_hint=v), "batch_hint", 8),
}
BAD_INTS = [2.5, math.nan, math.inf, True, np.float64(2.0), "2", -1]


@pytest.mark.parametrize("name", sorted(LAYER_OPTIONS))
@pytest.mark.parametrize("bad", BAD_INTS, ids=repr)
def test_bad_integer_layer_options_refused(name, bad):
    call, arg, _ = LAYER_OPTIONS[name]
    with pytest.raises(LayerSpecError, match=rf"^{arg} must be an integer >= \d, got "):
        call(bad)


@pytest.mark.parametrize("name", sorted(LAYER_OPTIONS))
def test_integer_layer_options_accepted(name):
    call, _, good = LAYER_OPTIONS[name]
    call(good)
    call(np.int64(good))


def test_displacement_rank_kept_exactly():
    assert gnn.LDRGMConv(S, S, 2, 3, displacement_rank=np.int32(2)).rank == 2


@pytest.mark.parametrize("bad", [2.5, math.nan, True, 0, -3])
def test_spatial_representation_kernel_size_refused(bad):
    with pytest.raises((TypeError, ValueError), match="kernel_size"):
        gnn.spatial_representation(S, bad)


@pytest.mark.parametrize("bad", [2.5, math.nan, True, 64, -1])
def test_field_type_element_matrix_refuses_non_elements(bad):
    ft = gnn.FieldType(S, "standard")
    with pytest.raises(NotAnElementError, match=r"\bg\b"):
        ft.element_matrix(bad)


@pytest.mark.parametrize("kw", ["stride", "size"])
@pytest.mark.parametrize("bad", [2.5, math.nan, True, 0])
def test_compile_stride_pool_refuses_non_integer_sizes(kw, bad):
    from groupmat.nn._compile import compile_stride_pool

    args = {"stride": 2, "size": None, kw: bad}
    with pytest.raises((TypeError, ValueError), match=kw):
        compile_stride_pool(S, args["stride"], args["size"])
