"""Layers on all 17 wallpaper groups and on cubic space groups: exact equivariance (float64,
<= 1e-12) under each group's own symmetries applied to the input array with plain torch ops
(rot90, flips, transposes, glides as shift + flip, hexagonal rotations as index permutations,
voxel rotations), the conv2d/conv3d lowering against the gather path for every layer kind,
pooling, and the benchmark's smoke test."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from functools import cache
from pathlib import Path

import numpy as np
import pytest
import torch

from groupmat import WALLPAPER_GROUPS, CrystallographicGroupError, space_group, wallpaper_group
from groupmat.nn import (
    GMConv,
    GMPool,
    GMUnpool,
    InvariantPool,
    RegularAction,
    RestrictedAction,
    SpatialAction,
    TrivialAction,
)
from groupmat.testing import assert_equivariant

ROOT = Path(__file__).resolve().parents[2]


# ---------------------------------------------------------------------- array symmetries
def _flip_c(x):
    return torch.flip(x, [-1])


def _flip_r(x):
    return torch.flip(x, [-2])


def _rot90(x):
    return torch.rot90(x, 1, (-2, -1))


def _transpose(x):
    return x.transpose(-2, -1)


def _hex(fy, fx):
    """Push an (N, N) axial image forward by the pixel map (y, x) -> (fy, fx) mod N."""

    def op(x):
        n = x.shape[-1]
        yy, xx = np.meshgrid(np.arange(n), np.arange(n), indexing="ij")
        dst = (np.mod(fy(yy, xx), n) * n + np.mod(fx(yy, xx), n)).ravel()
        out = torch.empty_like(x.reshape(*x.shape[:-2], n * n))
        out[..., torch.as_tensor(dst)] = x.reshape(*x.shape[:-2], n * n)
        return out.reshape(x.shape)

    return op


_ROT60 = _hex(lambda y, x: x, lambda y, x: x - y)  # (x-y, x)
_ROT120 = _hex(lambda y, x: x - y, lambda y, x: -y)  # (-y, x-y)
_MIRROR_31M = _hex(lambda y, x: x, lambda y, x: y)  # (y, x)
_MIRROR_3M1 = _hex(lambda y, x: -x, lambda y, x: -y)  # (-y, -x)


def _glide_pg(x):  # flip columns, one pixel down
    return torch.roll(_flip_c(x), 1, -2)


def _glide_pmg(x):  # flip rows, one pixel right
    return torch.roll(_flip_r(x), 1, -1)


def _glide_diag(x):  # pgg, p4g: flip columns, one pixel down and right
    return torch.roll(_flip_c(x), (1, 1), (-2, -1))


#: symbol -> array operations that must be symmetries of the group (besides translations)
OPS = {
    "p1": [],
    "p2": [lambda x: _flip_c(_flip_r(x))],
    "pm": [_flip_c],
    "pg": [_glide_pg],
    "cm": [_transpose],
    "pmm": [_flip_c, _flip_r],
    "pmg": [_flip_c, _glide_pmg],
    "pgg": [lambda x: _flip_c(_flip_r(x)), _glide_diag],
    "cmm": [_transpose, lambda x: _flip_c(_flip_r(x))],
    "p4": [_rot90],
    "p4m": [_rot90, _flip_c],
    "p4g": [_rot90, _glide_diag],
    "p3": [_ROT120],
    "p3m1": [_ROT120, _MIRROR_3M1],
    "p31m": [_ROT120, _MIRROR_31M],
    "p6": [_ROT60],
    "p6m": [_ROT60, _MIRROR_31M],
}


def _shifts(G):
    """Translations by one cell: rolls by D pixels."""
    d0, d1 = G.refinement
    return [lambda x: torch.roll(x, d0, -2), lambda x: torch.roll(x, d1, -1)]


def _element_of_op(G, op) -> int:
    """The element whose action on images is ``op`` (asserting there is one)."""
    probe = torch.arange(G.num_pixels, dtype=torch.float64).reshape(1, 1, *G.shape)
    q = op(probe).reshape(-1).long().numpy()  # out[a] = x[q[a]] = x[g^-1 . a]
    perms = G.pixel_permutations()
    hits = np.flatnonzero((perms == q[None, :]).all(axis=1))
    assert hits.size >= 1, "the array operation is not a symmetry of the group"
    return int(G.group.inverse[hits[0]])


@cache
def _group(name: str, size: int = 4):
    return wallpaper_group(name, size)


def _model(G, method):
    torch.manual_seed(0)
    return torch.nn.Sequential(
        GMConv(G.pixels, G, 2, 3, kernel=3, method=method),
        torch.nn.ReLU(),
        GMConv(G, G, 3, 3, kernel=3, method=method),
        torch.nn.ReLU(),
        GMConv(G, G.pixels, 3, 2, kernel=3, method=method),
    ).double()


@pytest.mark.parametrize("method", ["conv", "gather"])
@pytest.mark.parametrize("name", WALLPAPER_GROUPS)
def test_array_symmetries_commute_with_the_model(name, method):
    G = _group(name)
    model = _model(G, method)
    lift = model[0]
    x = torch.randn(2, 2, *G.shape, dtype=torch.float64)
    y, fx = model(x), lift(x)
    assert y.shape == x.shape and fx.shape == (2, 3, *G.grid_shape)
    reg = RegularAction(G)
    for op in OPS[name] + _shifts(G):
        g = _element_of_op(G, op)
        torch.testing.assert_close(model(op(x)), op(y), rtol=1e-12, atol=1e-12)
        torch.testing.assert_close(lift(op(x)), reg(fx, g), rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize("name", WALLPAPER_GROUPS)
def test_lowering_equals_gather_for_every_layer_kind(name):
    G = _group(name)
    spaces = [(G.pixels, G), (G, G), (G, G.pixels), (G.pixels, G.pixels)]
    for src, dst in spaces:
        torch.manual_seed(1)
        low = GMConv(src, dst, 2, 3, kernel=3).double()
        gat = GMConv(src, dst, 2, 3, kernel=3, method="gather").double()
        gat.load_state_dict(low.state_dict())
        assert low.method == "conv2d" and gat.method == "gather"
        n_in = G.num_pixels if src is G.pixels else G.order
        x = torch.randn(3, 2, n_in, dtype=torch.float64)
        torch.testing.assert_close(low(x), gat(x), rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize("name", WALLPAPER_GROUPS)
def test_pooling_and_invariant_classifier(name):
    G = _group(name, 6)
    stride = 2 if G.is_symmorphic else 3  # glide groups subsample by odd factors
    pool = GMPool(G, stride=stride)
    S2 = pool.out_space
    assert S2.lattice_shape == (6 // stride, 6 // stride)
    torch.manual_seed(0)
    model = torch.nn.Sequential(
        GMConv(G.pixels, G, 1, 2, kernel=3),
        torch.nn.ReLU(),
        pool,
        GMConv(S2, S2, 2, 2, kernel=1),
        InvariantPool("max"),
    ).double()
    x = torch.randn(2, 1, *G.shape, dtype=torch.float64)
    assert_equivariant(
        model, x, RestrictedAction(SpatialAction(G), S2), TrivialAction(), rtol=1e-12, atol=0
    )
    f = torch.randn(2, 2, *G.grid_shape, dtype=torch.float64)
    act = SpatialAction(G)
    assert_equivariant(GMPool(G), f, act, act, rtol=1e-12, atol=0)  # onto the pixels
    up = GMUnpool(G, stride=stride)
    assert up(pool(f)).shape == f.shape


@pytest.mark.parametrize("name", ["Pm-3m", "P-43m", "Im-3m", "Pa-3"])
def test_space_group_layers(name):
    G = space_group(name, 3 if name in ("Pm-3m", "P-43m") else 2)
    act = SpatialAction(G)
    x = torch.randn(2, 1, *G.shape, dtype=torch.float64)
    outs = []
    for method in ("conv", "gather"):
        torch.manual_seed(0)
        model = torch.nn.Sequential(
            GMConv(G.pixels, G, 1, 2, kernel=3, method=method),
            torch.nn.ReLU(),
            GMConv(G, G, 2, 2, kernel=1, method=method),
            torch.nn.ReLU(),
            GMConv(G, G.pixels, 2, 1, kernel=1, method=method),
        ).double()
        assert model[0].method == ("conv3d" if method == "conv" else "gather")
        assert_equivariant(model, x, act, act, rtol=1e-12, atol=0, max_elements=6)
        outs.append(model(x))
    torch.testing.assert_close(outs[0], outs[1], rtol=1e-12, atol=1e-12)


def test_voxel_rotations_are_symmetries_of_pm3m():
    G = space_group("Pm-3m", 3)
    torch.manual_seed(0)
    model = torch.nn.Sequential(
        GMConv(G.pixels, G, 1, 2, kernel=3), torch.nn.ReLU(), GMConv(G, G.pixels, 2, 1, kernel=1)
    ).double()
    x = torch.randn(1, 1, 3, 3, 3, dtype=torch.float64)
    ops = [
        lambda v: torch.rot90(v, 1, (-2, -1)),
        lambda v: torch.rot90(v, 1, (-3, -1)),
        lambda v: torch.flip(v, [-3]),
        lambda v: v.permute(0, 1, 3, 4, 2),  # the 3-fold axis along the body diagonal
    ]
    for op in ops:
        torch.testing.assert_close(model(op(x)), op(model(x)), rtol=1e-12, atol=1e-12)


def test_group_layers_without_transitive_pixels():
    G = space_group("P2_13", 2)
    conv = GMConv(G, G, 2, 2, kernel=1).double()
    f = torch.randn(2, 2, G.order, dtype=torch.float64)
    act = RegularAction(G)
    assert_equivariant(conv, f, act, act, rtol=1e-12, atol=0)
    with pytest.raises(CrystallographicGroupError, match="orbits"):
        GMConv(G.pixels, G, 1, 1)


def test_wallpaper_benchmark_quick(tmp_path):
    out = tmp_path / "wallpaper.json"
    env = {k: v for k, v in os.environ.items() if k != "ESCNN_PYTHON"}
    env["OMP_NUM_THREADS"] = "1"
    cmd = [sys.executable, str(ROOT / "benchmarks" / "wallpaper.py"), "--quick", "--json", str(out)]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=300, cwd=ROOT, env=env)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    data = json.loads(out.read_text())
    ours = data["groupmat"]
    assert ours["equivariance_error"] < 1e-5 and ours["median_ms"] > 0
    assert "skipped" in data["escnn"]
