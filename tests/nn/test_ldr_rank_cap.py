"""Which rank LDRGMConv's displacement_rank is: the coefficient-form displacement rank is
min(r, L - 1) for L modulation labels (a warning above the cap); the Sylvester displacement
is of full rank for any r >= 1 (docs/concepts/displacement.md)."""

from __future__ import annotations

import warnings

import pytest
import torch

from groupmat import spatial_group
from groupmat.algebra.matrices import displacement_rank
from groupmat.nn import LDRGMConv


def _layer(S, r, modulate):
    torch.manual_seed(0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        return LDRGMConv(
            S, S, 1, 1, kernel=3, displacement_rank=r, modulate=modulate, init_scale=1.0
        ).double()


@pytest.mark.parametrize(
    ("point", "modulate", "r", "coef"),
    [
        ("C4", "position", 1, 1),
        ("C4", "position", 4, 4),
        ("C4", "point", 2, 2),
        ("C4", "point", 3, 3),
        ("C4", "point", 4, 3),
        ("D4", "point", 4, 4),
        ("D4", "point", 8, 7),
    ],
)
def test_coefficient_rank_is_capped_and_sylvester_is_full(point, modulate, r, coef):
    S = spatial_group((4, 4), point)
    layer = _layer(S, r, modulate)
    M = layer.dense_matrix().numpy()
    n = S.group.order
    assert displacement_rank(M, S.group) == coef == min(r, layer.max_displacement_rank)
    assert displacement_rank(M, S.group, form="sylvester") == n


def test_rank_above_the_cap_warns_and_at_the_cap_does_not():
    S = spatial_group((4, 4), "C4")
    with pytest.warns(UserWarning, match=r"displacement_rank=4 exceeds the 3 independent"):
        LDRGMConv(S, S, 1, 1, 3, displacement_rank=4, modulate="point")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        layer = LDRGMConv(S, S, 1, 1, 3, displacement_rank=3, modulate="point")
    assert layer.max_displacement_rank == 3
    assert LDRGMConv(S, S, 1, 1, 3, displacement_rank=1).max_displacement_rank == S.group.order - 1
