"""Data-parallel training (issue 16, "Models"): a small GMConv model trained with
``torch.nn.parallel.DistributedDataParallel`` (gloo, 2 CPU processes started with
``torch.multiprocessing.spawn``) has the gradients and final weights of a single-process run on
the same global batch. groupmat needs nothing from DDP but picklable, deterministic modules."""

from __future__ import annotations

import pytest
import torch
import torch.distributed as dist
import torch.multiprocessing as mp

import groupmat as gm
from groupmat import nn as gnn

F64 = torch.float64
WORLD = 2
STEPS = 3
BATCH = 8  # global batch, split evenly over the ranks


def _model() -> torch.nn.Module:
    torch.manual_seed(0)
    S = gm.spatial_group((4, 4), "C4")
    G = gm.dihedral(4)
    return torch.nn.Sequential(
        gnn.GMConv(S.pixels, S, 1, 3, kernel=3),  # conv2d lowering
        torch.nn.ReLU(),
        gnn.LDRGMConv(S, S, 3, 3, kernel=3, init_scale=0.5),
        torch.nn.ReLU(),
        gnn.GMConv(S, S, 3, 2, kernel=3, method="spectral"),
        gnn.InvariantPool("mean"),
        torch.nn.Linear(2, G.order),
    ).to(F64)


def _data() -> tuple[torch.Tensor, torch.Tensor]:
    g = torch.Generator().manual_seed(1)
    x = torch.randn(STEPS, BATCH, 1, 4, 4, generator=g, dtype=F64)
    t = torch.randn(STEPS, BATCH, 8, generator=g, dtype=F64)
    return x, t


def _train(model: torch.nn.Module, x: torch.Tensor, t: torch.Tensor) -> list[dict]:
    """SGD steps on ``(x[s], t[s])``; returns the gradients of every step, then the weights."""
    opt = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
    grads = []
    for s in range(STEPS):
        opt.zero_grad()
        torch.nn.functional.mse_loss(model(x[s]), t[s]).backward()
        grads.append({k: p.grad.detach().clone() for k, p in model.named_parameters()})
        opt.step()
    return grads


def _worker(rank: int, init: str, path: str) -> None:
    torch.set_num_threads(1)
    dist.init_process_group("gloo", init_method=init, rank=rank, world_size=WORLD)
    try:
        ddp = torch.nn.parallel.DistributedDataParallel(_model())
        x, t = _data()
        per = BATCH // WORLD
        part = slice(rank * per, (rank + 1) * per)
        grads = _train(ddp, x[:, part], t[:, part])
        weights = {k: p.detach().clone() for k, p in ddp.module.named_parameters()}
        grads = [{k.removeprefix("module."): v for k, v in g.items()} for g in grads]
        torch.save({"grads": grads, "weights": weights}, f"{path}.{rank}")
    finally:
        dist.destroy_process_group()


@pytest.mark.slow
def test_ddp_equals_single_process(tmp_path):
    init = f"file://{tmp_path / 'store'}"
    path = str(tmp_path / "out")
    mp.spawn(_worker, args=(init, path), nprocs=WORLD, join=True)

    ref = _model()
    x, t = _data()
    ref_grads = _train(ref, x, t)
    ref_weights = dict(ref.named_parameters())
    for rank in range(WORLD):
        got = torch.load(f"{path}.{rank}")
        for step, (g, r) in enumerate(zip(got["grads"], ref_grads, strict=True)):
            assert g.keys() == r.keys()
            for k in g:
                torch.testing.assert_close(g[k], r[k], rtol=1e-12, atol=1e-13, msg=f"{step} {k}")
        for k, w in got["weights"].items():
            torch.testing.assert_close(w, ref_weights[k].detach(), rtol=1e-12, atol=1e-13)
        # the training moved the weights (the comparison is not of untouched inits)
        assert not torch.equal(got["weights"]["0.weight"], _model()[0].weight)
