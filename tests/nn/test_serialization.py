"""Whole-model serialisation (issue 16, "Models"): pickle, ``torch.save(model)`` /
``torch.load(weights_only=False)``, ``copy.deepcopy`` and a ``torch.multiprocessing`` spawn
round-trip every layer class on every kind of space to identical outputs.

Before the index maps were picklable, every spatial ``GMConv`` / ``LDRGMConv`` (and any
``Sequential`` holding one) failed with "Can't pickle local object
'_build_conv.<locals>.index'"."""

from __future__ import annotations

import copy
import io
import pickle

import pytest
import torch
import torch.multiprocessing as mp

import groupmat as gm
from groupmat import HomogeneousSpace
from groupmat import nn as gnn
from groupmat.testing import random_signal

F64 = torch.float64
G = gm.dihedral(4)
X = HomogeneousSpace(G, G.subgroup([G.generators[-1]]))
S = gm.spatial_group((4, 4), "C4")
W = gm.wallpaper_group("p4m", (4, 4))

#: kind of space -> (input, output, kernel)
SPACES = {
    "group": (G, G, 1),
    "homogeneous": (X, X, 1),
    "homogeneous->group": (X, G, 1),
    "group->homogeneous": (G, X, 1),
    "spatial": (S, S, 3),
    "spatial lifting": (S.pixels, S, 3),
    "wallpaper": (W, W, 3),
    "wallpaper projection": (W, W.pixels, 3),
}

#: layer name -> builder (in_space, out_space, kernel) -> module taking 2 input channels
LAYERS = {
    "GMConv": lambda a, b, k: gnn.GMConv(a, b, 2, 3, kernel=k),
    "GMConv gather": lambda a, b, k: gnn.GMConv(a, b, 2, 3, kernel=k, method="gather"),
    "GMConv expanded": lambda a, b, k: gnn.GMConv(a, b, 2, 3, kernel=k, method="expanded"),
    "GMConv spectral": lambda a, b, k: gnn.GMConv(a, b, 2, 3, kernel=k, method="spectral"),
    "GMConv full": lambda a, b, k: gnn.GMConv(a, b, 2, 3, kernel="full"),
    "LDRGMConv": lambda a, b, k: gnn.LDRGMConv(a, b, 2, 3, kernel=k, init_scale=0.5),
    "RPPConv": lambda a, b, k: gnn.RPPConv(a, b, 2, 3, kernel=k),
    "RelaxedGMConv": lambda a, b, k: gnn.RelaxedGMConv(a, b, 2, 3, kernel=k),
    "PlainConv": lambda a, b, k: gnn.PlainConv(a, b, 2, 3, kernel=k),
}


def _model(layer: str, kind: str) -> tuple[torch.nn.Module, torch.Tensor]:
    a, b, k = SPACES[kind]
    torch.manual_seed(0)
    m = LAYERS[layer](a, b, k).to(F64).eval()
    return m, random_signal(a, batch=2, channels=2)


def _pools() -> dict:
    return {
        "GMPool coset": (gnn.GMPool(G, G.subgroup([G.generators[-1]])), G),
        "GMPool stride": (gnn.GMPool(S, stride=2), S),
        "GMPool point group": (gnn.GMPool(W), W),
        "InvariantPool": (gnn.InvariantPool("mean"), G),
    }


def _others() -> dict:
    """Modules that are not ``(in_space, out_space)`` layers: pools, field layers, a stack."""
    torch.manual_seed(0)
    out = {name: (m, random_signal(sp, batch=2, channels=2)) for name, (m, sp) in _pools().items()}
    for sp in (S, W):
        ft = gnn.FieldType(sp, "standard")
        lift = gnn.FieldLifting(ft, 2, 3, kernel=3).to(F64)
        x = torch.randn(2, 2, ft.dim, *sp.shape, dtype=F64)
        out[f"FieldLifting {sp.name}"] = (lift, x)
        proj = gnn.FieldProjection(ft, 2, 3, kernel=3).to(F64)
        out[f"FieldProjection {sp.name}"] = (proj, random_signal(sp, batch=2, channels=2))
    for sp in (G, S, W):
        k = 1 if sp is G else 3
        seq = torch.nn.Sequential(
            gnn.GMConv(sp, sp, 2, 4, kernel=k),
            torch.nn.ReLU(),
            gnn.LDRGMConv(sp, sp, 4, 4, kernel=k, init_scale=0.5),
            torch.nn.ReLU(),
            gnn.InvariantPool("max"),
        ).to(F64)
        out[f"Sequential on {getattr(sp, 'name', None) or 'D4'}"] = (seq, random_signal(sp, 2, 2))
    return {k: (m.eval(), x) for k, (m, x) in out.items()}


def _round_trips(m: torch.nn.Module) -> dict:
    buf = io.BytesIO()
    torch.save(m, buf)
    buf.seek(0)
    return {
        "pickle": pickle.loads(pickle.dumps(m)),
        "pickle protocol 2": pickle.loads(pickle.dumps(m, protocol=2)),
        "deepcopy": copy.deepcopy(m),
        "torch.save": torch.load(buf, weights_only=False),
    }


def _check(m: torch.nn.Module, x: torch.Tensor) -> None:
    y = m(x)
    for how, other in _round_trips(m).items():
        assert type(other) is type(m), how
        torch.testing.assert_close(other(x), y, rtol=0, atol=0, msg=how)
        sd, so = m.state_dict(), other.state_dict()
        assert sd.keys() == so.keys(), how
        for key in sd:
            assert torch.equal(sd[key], so[key]), (how, key)
        # the copy is independent: training it leaves the original alone
        if any(p.requires_grad for p in other.parameters()):
            other.train()
            other(x).sum().backward()
            assert all(p.grad is None for p in m.parameters()), how


@pytest.mark.parametrize("kind", SPACES)
@pytest.mark.parametrize("layer", LAYERS)
def test_layer_round_trips(layer, kind):
    if layer == "GMConv full" and kind.startswith(("spatial", "wallpaper")):
        pytest.skip("kernel='full' on a torus is a dense layer; covered on finite spaces")
    _check(*_model(layer, kind))


@pytest.mark.parametrize("name", list(_others()))
def test_other_module_round_trips(name):
    _check(*_others()[name])


def test_round_trip_after_forward_in_eval_keeps_cache_out():
    """The eval-mode operand cache is not pickled (a cache on another device or for stale
    weights would be wrong after loading)."""
    m, x = _model("GMConv", "spatial")
    with torch.no_grad():
        m(x)
    assert m._operand_cache is not None
    for other in _round_trips(m).values():
        assert other._operand_cache is None


def _spawned(rank: int, blob: bytes, x: torch.Tensor, path: str) -> None:
    torch.set_num_threads(1)
    model = pickle.loads(blob)
    torch.save(model(x), path)


@pytest.mark.slow
def test_spawn_round_trip(tmp_path):
    """A model sent to a ``torch.multiprocessing`` spawn child (a fresh interpreter) gives
    the same output there."""
    seq, x = _others()[f"Sequential on {W.name}"]
    path = str(tmp_path / "y.pt")
    mp.spawn(_spawned, args=(pickle.dumps(seq), x, path), nprocs=1, join=True)
    torch.testing.assert_close(torch.load(path), seq(x), rtol=0, atol=0)
