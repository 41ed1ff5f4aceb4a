"""Benchmark: p6 on a hexagonal torus (groupmat) against escnn's C6 on a square grid.

Both models are a lifting layer (1 -> F fields) + ReLU + a group convolution (F -> F) with
kernels of radius one (groupmat: the 7-pixel hexagon, times the 6 rotations in the group
layer; escnn: ``R2Conv`` 3x3 on ``rot2dOnR2(6)`` regular fields, steerable basis), run on
images with the same number of pixels (``N x N`` axial hexagonal vs ``N x N`` square).

Reported (float32, forward + backward of ``out.square().mean()``, median and best of
interleaved rounds, as in ``benchmarks/layers.py``):

* time per step and parameter count;
* the equivariance error under the 60-degree rotation, ``||F(g x) - g F(x)|| / ||F(x)||``:
  groupmat rotates the hexagonal image by an index permutation, exactly, so its error is float
  rounding (float32 and float64 reported); escnn must rotate the square image by
  interpolation (``GeometricTensor.transform``), so its error is measured on a smooth input
  (Gaussian-filtered noise) inside the central disk, away from the corners the rotation cuts.

escnn runs in a separate Python (``--escnn-python`` or ``$ESCNN_PYTHON``, see
``benchmarks/README.md``); its row is skipped, with the reason, when there is none.

Usage::

    python benchmarks/wallpaper.py --threads 1
    python benchmarks/wallpaper.py --escnn-python /tmp/escnn-venv/bin/python --threads 1
    python benchmarks/wallpaper.py --quick --json out.json          # smoke test
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
HERE = Path(__file__).resolve().parent
for p in (ROOT, HERE):
    if str(p) not in sys.path:  # run from a checkout without installing
        sys.path.insert(0, str(p))

import torch  # noqa: E402
from _escnn_child import run_escnn_child  # noqa: E402
from layers import time_contenders  # noqa: E402

from groupmat import wallpaper_group  # noqa: E402
from groupmat.nn import GMConv, SpatialAction  # noqa: E402


def gm_p6_model(size: int, fields: int, device: str, dtype=torch.float32) -> torch.nn.Module:
    """p6 lifting (1 -> fields, hexagon of 7 pixels) + ReLU + group conv (7 x 6 elements)."""
    G = wallpaper_group("p6", size)
    torch.manual_seed(0)
    return torch.nn.Sequential(
        GMConv(G.pixels, G, 1, fields, kernel=3),
        torch.nn.ReLU(),
        GMConv(G, G, fields, fields, kernel=3),
    ).to(device=device, dtype=dtype)


@torch.no_grad()
def gm_equivariance(size: int, fields: int, dtype: torch.dtype) -> float:
    G = wallpaper_group("p6", size)
    model = gm_p6_model(size, fields, "cpu", dtype)
    rot = G.element_of([[0, 1], [-1, 1]], [0, 0])  # (x-y, x): 60 degrees
    act = SpatialAction(G)
    torch.manual_seed(1)
    x = torch.randn(2, 1, *G.shape, dtype=dtype)
    y = model(x)
    return float((model(act(x, rot)) - act(y, rot)).norm() / y.norm())


def row_groupmat(size: int, fields: int, batch: int, device: str, rounds: int) -> dict:
    model = gm_p6_model(size, fields, device)
    x = torch.randn(batch, 1, size, size, device=device, requires_grad=True)
    res = time_contenders({"groupmat p6": (model, x, list(model.parameters()))}, rounds, 2, device)
    return {
        **res["groupmat p6"],
        "params": sum(p.numel() for p in model.parameters()),
        "equivariance_error": gm_equivariance(size, fields, torch.float32),
        "equivariance_error_float64": gm_equivariance(size, fields, torch.float64),
        "method": model[0].method,
    }


_ESCNN_SCRIPT = r"""
import json, sys
sys.path.insert(0, sys.argv[1]); sys.path.insert(0, sys.argv[3])
import torch
cfg = json.loads(sys.argv[2])
torch.set_num_threads(cfg["threads"])
from escnn import gspaces, nn as enn
from layers import time_contenders
gs = gspaces.rot2dOnR2(6)
dev, s, b, f = cfg["device"], cfg["size"], cfg["batch"], cfg["fields"]
fin = enn.FieldType(gs, [gs.trivial_repr])
reg = enn.FieldType(gs, f * [gs.regular_repr])
torch.manual_seed(0)
model = enn.SequentialModule(
    enn.R2Conv(fin, reg, 3, padding=1), enn.ReLU(reg), enn.R2Conv(reg, reg, 3, padding=1)
).to(dev)
model.train()
img = torch.randn(b, 1, s, s, device=dev, requires_grad=True)
fn = lambda x: model(enn.GeometricTensor(x, fin)).tensor
res = time_contenders({"escnn": (fn, img, list(model.parameters()))}, cfg["rounds"], 2, dev)
model.eval()
with torch.no_grad():
    torch.manual_seed(1)
    x = torch.randn(2, 1, s, s)
    k = torch.exp(-torch.arange(-4, 5.0) ** 2 / 4)
    k = (k[:, None] * k[None, :]) / (k.sum() ** 2)
    x = torch.nn.functional.conv2d(x, k[None, None], padding=4)  # smooth input
    g = gs.fibergroup.element(1)  # 60 degrees
    xt = enn.GeometricTensor(x, fin).transform(g)
    y = model(enn.GeometricTensor(x, fin))
    lhs, rhs = model(xt).tensor, y.transform(g).tensor
    c = (s - 1) / 2
    yy, xx = torch.meshgrid(torch.arange(s) - c, torch.arange(s) - c, indexing="ij")
    mask = ((yy ** 2 + xx ** 2) <= (s / 2 - 4) ** 2).float()
    err = float(((lhs - rhs) * mask).norm() / (rhs * mask).norm())
    err_full = float((lhs - rhs).norm() / rhs.norm())
out = {**res["escnn"], "params": sum(p.numel() for p in model.parameters()),
       "equivariance_error": err, "equivariance_error_full_image": err_full}
print(json.dumps(out))
"""


def row_escnn(
    python: str | None, size: int, fields: int, batch: int, device: str, rounds: int
) -> dict[str, Any]:
    if not python:
        return {"skipped": "no Python with escnn given (--escnn-python or $ESCNN_PYTHON)"}
    cfg = {
        "size": size,
        "fields": fields,
        "batch": batch,
        "device": device,
        "rounds": rounds,
        "threads": torch.get_num_threads(),
    }
    return run_escnn_child(python, _ESCNN_SCRIPT, [str(ROOT), json.dumps(cfg), str(HERE)])


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--quick", action="store_true", help="tiny sizes, few rounds (smoke test)")
    ap.add_argument("--size", type=int, default=None, help="image side N (default 30)")
    ap.add_argument("--fields", type=int, default=None, help="regular fields F (default 8)")
    ap.add_argument("--batch", type=int, default=None, help="batch size (default 16)")
    ap.add_argument("--device", default="cpu")
    ap.add_argument("--rounds", type=int, default=None)
    ap.add_argument("--threads", type=int, default=None, help="torch.set_num_threads")
    ap.add_argument("--escnn-python", default=os.environ.get("ESCNN_PYTHON"))
    ap.add_argument("--json", default=None, help="write the results here")
    args = ap.parse_args(argv)
    if args.threads:
        torch.set_num_threads(args.threads)
    q = args.quick
    size = args.size or (6 if q else 30)
    fields = args.fields or (2 if q else 8)
    batch = args.batch or (2 if q else 16)
    rounds = args.rounds or (2 if q else 15)
    setting = (
        f"lift 1->{fields} + group conv {fields}->{fields}, radius-1 kernels, "
        f"{size}x{size} images, batch {batch}"
    )
    print(
        f"p6 (hexagonal torus) vs escnn C6 (square grid): {setting}; torch "
        f"{torch.__version__}, device {args.device}, {torch.get_num_threads()} threads"
    )
    ours = row_groupmat(size, fields, batch, args.device, rounds)
    theirs = row_escnn(args.escnn_python, size, fields, batch, args.device, rounds)
    print(
        f"    {'model':28s} {'median ms':>10s} {'best ms':>9s} {'params':>7s} "
        f"{'equiv. error (60 deg)':>22s}"
    )
    print(
        f"    {'groupmat p6, hexagonal':28s} {ours['median_ms']:10.2f} {ours['best_ms']:9.2f} "
        f"{ours['params']:7d} {ours['equivariance_error']:22.2e}"
    )
    print(
        f"    {'  (float64)':28s} {'':10s} {'':9s} {'':7s} "
        f"{ours['equivariance_error_float64']:22.2e}"
    )
    if "skipped" in theirs:
        print(f"    escnn: skipped: {theirs['skipped']}")
    else:
        print(
            f"    {'escnn C6, square, 3x3':28s} {theirs['median_ms']:10.2f} "
            f"{theirs['best_ms']:9.2f} {theirs['params']:7d} "
            f"{theirs['equivariance_error']:22.2e}"
        )
        print(
            f"    {'  (whole image)':28s} {'':10s} {'':9s} {'':7s} "
            f"{theirs['equivariance_error_full_image']:22.2e}"
        )
    if args.json:
        meta = {
            "torch": torch.__version__,
            "device": args.device,
            "threads": torch.get_num_threads(),
            "setting": setting,
        }
        Path(args.json).write_text(
            json.dumps({"meta": meta, "groupmat": ours, "escnn": theirs}, indent=2)
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
