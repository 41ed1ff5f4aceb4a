"""Benchmark: GMConv forward + backward against the obvious alternatives.

Rows (float32, forward + backward of ``out.square().mean()``; median and best of interleaved
rounds, so contenders share the machine's load):

* ``(a)`` translations of an ``H x W`` torus (point group C1), ``C -> C`` channels, 3x3 kernel:
  ``GMConv`` (default: lowered to one circular ``conv2d``), ``GMConv(method="gather")`` and
  ``torch.nn.Conv2d(padding_mode="circular")``. Target: GMConv <= 1.1x Conv2d.
* ``(b)`` p4m on a 12x12 torus (``n = 1152``), 8 -> 8 channels, kernel 3 (3x3 window x D4):
  ``GMConv`` (conv2d lowering and gather path) against the *dense group-matrix method* of the
  paper's code: the weights gathered into an ``(O, C, n, n)`` tensor through a precomputed
  ``n x n`` index map ``M[g, g'] = w(g^{-1} g')``, then one einsum. Target: >= 10x faster.
* ``(c)`` p4m lifting + group conv on 28x28 images against escnn's ``R2Conv`` on
  ``flipRot2dOnR2(4)`` regular fields (train mode: escnn expands its filter basis every
  forward), at equal width and at (about) equal parameter count. Needs a Python with escnn
  (``--escnn-python``, default ``$ESCNN_PYTHON``); the row is skipped, with the reason, when
  there is none (see ``benchmarks/README.md``).

Rows ``(g)``, ``(l)``, ``(p)``, ``(m)`` time every GMConv algorithm (gather, expanded weights,
conv lowering, spectral) and the one ``method="auto"`` picks, with the bytes each saves for
backward; see :mod:`_layers_algorithms` (group convolutions on C4 ... D32 and S5, SL(2,5),
M11 against an escnn-style dense Linear; plane groups p4, p6, p4m, p6m against torch's
conv2d; memory of a 6-layer p4m model).

Each GMConv is checked against its reference (same weights, same output) before timing.

Usage::

    python benchmarks/layers.py                    # full run, CPU
    python benchmarks/layers.py --device cuda      # on a GPU
    python benchmarks/layers.py --quick            # tiny sizes (smoke test)
    python benchmarks/layers.py --escnn-python /tmp/escnn-venv/bin/python --json out.json
    python benchmarks/layers.py --rows glpm --threads 1   # the algorithm rows (issue 19)
    python benchmarks/layers.py --rows l --only M11        # one group of a row
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # run from a checkout without installing
    sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402
import torch  # noqa: E402

from groupmat import spatial_group  # noqa: E402
from groupmat.nn import GMConv  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))
import _layers_algorithms as algo  # noqa: E402
from _escnn_child import run_escnn_child  # noqa: E402


# ---------------------------------------------------------------------- timing
def _sync(device: str) -> None:
    if device.startswith("cuda"):
        torch.cuda.synchronize()


def time_contenders(
    contenders: dict[str, tuple[Callable[[torch.Tensor], torch.Tensor], torch.Tensor, Sequence]],
    rounds: int,
    warmup: int,
    device: str,
) -> dict[str, dict[str, float]]:
    """Interleaved rounds: each round runs every contender once (forward + backward)."""

    def step(fn, x, params) -> float:
        for p in params:
            p.grad = None
        if x.grad is not None:
            x.grad = None
        _sync(device)
        t0 = time.perf_counter()
        fn(x).square().mean().backward()
        _sync(device)
        return time.perf_counter() - t0

    for _ in range(warmup):
        for fn, x, params in contenders.values():
            step(fn, x, params)
    times: dict[str, list[float]] = {k: [] for k in contenders}
    for _ in range(rounds):
        for name, (fn, x, params) in contenders.items():
            times[name].append(step(fn, x, params))
    return {
        k: {"median_ms": 1e3 * statistics.median(v), "best_ms": 1e3 * min(v)}
        for k, v in times.items()
    }


def _params(m: torch.nn.Module) -> list[torch.Tensor]:
    return [p for p in m.parameters() if p.requires_grad]


def _count(m: torch.nn.Module) -> int:
    return sum(p.numel() for p in m.parameters())


# ---------------------------------------------------------------------- (a)
def row_translations(size: int, channels: int, batch: int, device: str, rounds: int) -> dict:
    S = spatial_group((size, size), "C1")
    torch.manual_seed(0)
    gm = GMConv(S, S, channels, channels, kernel=3).to(device)
    gm_gather = GMConv(S, S, channels, channels, kernel=3, method="gather").to(device)
    gm_gather.load_state_dict(gm.state_dict())
    conv = torch.nn.Conv2d(channels, channels, 3, padding=1, padding_mode="circular").to(device)
    with torch.no_grad():  # kernel elements are ordered (row offset, col offset), -1..1
        conv.weight.copy_(gm.weight.reshape(channels, channels, 3, 3))
        conv.bias.copy_(gm.bias)
    x = torch.randn(batch, channels, size, size, device=device, requires_grad=True)
    xg = x.detach()[:, :, None].clone().requires_grad_()
    ref = conv(x)
    torch.testing.assert_close(gm(xg)[:, :, 0], ref, rtol=1e-4, atol=1e-4)
    torch.testing.assert_close(gm_gather(xg)[:, :, 0], ref, rtol=1e-4, atol=1e-4)
    res = time_contenders(
        {
            "GMConv (conv2d lowering)": (gm, xg, _params(gm)),
            "GMConv (gather)": (gm_gather, xg, _params(gm_gather)),
            "nn.Conv2d circular": (conv, x, _params(conv)),
        },
        rounds,
        2,
        device,
    )
    base = res["nn.Conv2d circular"]["median_ms"]
    return {
        "row": "a",
        "setting": f"C1 on {size}x{size}, {channels}->{channels} ch, 3x3, batch {batch}",
        "results": res,
        "ratio": {k: v["median_ms"] / base for k, v in res.items()},
        "target": "GMConv <= 1.1x nn.Conv2d",
        "met": res["GMConv (conv2d lowering)"]["median_ms"] <= 1.1 * base,
    }


# ---------------------------------------------------------------------- (b)
class DenseGroupMatrixConv(torch.nn.Module):
    """The paper-code method: ``(O, C, n, n)`` weights gathered per forward, one einsum."""

    def __init__(self, conv: GMConv) -> None:
        super().__init__()
        G = conv.in_space.group
        kern = conv.kernel_elements
        lookup = np.full(G.order, kern.size, dtype=np.int64)
        lookup[kern] = np.arange(kern.size)
        inv = np.asarray(G.inverse)
        T = G.table  # n x n, built once here (this method needs it)
        dense = lookup[T[inv[:, None], np.arange(G.order)[None, :]]]  # position of g^-1 g'
        self.register_buffer("dense_index", torch.from_numpy(dense))
        self.weight = torch.nn.Parameter(conv.weight.detach().clone())
        self.bias = torch.nn.Parameter(conv.bias.detach().clone())

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        b = x.shape[0]
        xf = x.reshape(b, x.shape[1], -1)
        o, c, _ = self.weight.shape
        wpad = torch.cat([self.weight, self.weight.new_zeros(o, c, 1)], dim=2)
        mats = wpad[:, :, self.dense_index]  # (O, C, n, n)
        y = torch.einsum("ocgh,bch->bog", mats, xf) + self.bias[:, None]
        return y.reshape(b, o, *x.shape[2:])


def row_p4m_dense(size: int, channels: int, batch: int, device: str, rounds: int) -> dict:
    S = spatial_group((size, size), "D4")
    torch.manual_seed(0)
    gm = GMConv(S, S, channels, channels, kernel=3).to(device)
    gm_gather = GMConv(S, S, channels, channels, kernel=3, method="gather").to(device)
    gm_gather.load_state_dict(gm.state_dict())
    dense = DenseGroupMatrixConv(gm).to(device)
    x = torch.randn(batch, channels, 8, size, size, device=device, requires_grad=True)
    ref = dense(x)
    torch.testing.assert_close(gm(x), ref, rtol=1e-4, atol=1e-4)
    torch.testing.assert_close(gm_gather(x), ref, rtol=1e-4, atol=1e-4)
    res = time_contenders(
        {
            "GMConv (conv2d lowering)": (gm, x, _params(gm)),
            "GMConv (gather)": (gm_gather, x, _params(gm_gather)),
            "dense group matrix + einsum": (dense, x, _params(dense)),
        },
        rounds,
        1,
        device,
    )
    base = res["dense group matrix + einsum"]["median_ms"]
    speed = {k: base / v["median_ms"] for k, v in res.items()}
    return {
        "row": "b",
        "setting": f"p4m on {size}x{size} (n={S.order}), {channels}->{channels} ch, 3x3 x D4 "
        f"(|K|=72), batch {batch}",
        "results": res,
        "speedup_vs_dense": speed,
        "target": "GMConv >= 10x faster than dense",
        "met": speed["GMConv (conv2d lowering)"] >= 10 and speed["GMConv (gather)"] >= 10,
    }


# ---------------------------------------------------------------------- (c)
_ESCNN_SCRIPT = r"""
import json, sys, time, statistics
sys.path.insert(0, sys.argv[1])
import torch
cfg = json.loads(sys.argv[2])
torch.set_num_threads(cfg["threads"])
from escnn import gspaces, nn as enn
sys.path.insert(0, sys.argv[3])
from layers import time_contenders, gm_p4m_model
gs = gspaces.flipRot2dOnR2(4)
dev = cfg["device"]
def escnn_model(fields):
    fin = enn.FieldType(gs, [gs.trivial_repr])
    reg = enn.FieldType(gs, fields * [gs.regular_repr])
    model = enn.SequentialModule(
        enn.R2Conv(fin, reg, 3, padding=1), enn.ReLU(reg), enn.R2Conv(reg, reg, 3, padding=1)
    ).to(dev)
    model.train()
    return model, fin
s, b = cfg["size"], cfg["batch"]
torch.manual_seed(0)
img = torch.randn(b, 1, s, s, device=dev, requires_grad=True)
cont, params = {}, {}
for f in cfg["escnn_fields"]:
    m, fin = escnn_model(f)
    fn = (lambda m, fin: lambda x: m(enn.GeometricTensor(x, fin)).tensor)(m, fin)
    name = f"escnn R2Conv x2, {f} fields"
    cont[name] = (fn, img, [p for p in m.parameters()])
    params[name] = sum(p.numel() for p in m.parameters())
for f in cfg["gm_fields"]:
    m = gm_p4m_model(s, f, dev)
    name = f"GMConv lift + group, {f} fields"
    cont[name] = (m, img, [p for p in m.parameters()])
    params[name] = sum(p.numel() for p in m.parameters())
res = time_contenders(cont, cfg["rounds"], 2, dev)
print(json.dumps({"results": res, "params": params}))
"""


def gm_p4m_model(size: int, fields: int, device: str) -> torch.nn.Module:
    """p4m lifting (1 -> fields) + ReLU + group conv (fields -> fields), 3x3 kernels."""
    S = spatial_group((size, size), "D4")
    torch.manual_seed(0)
    return torch.nn.Sequential(
        GMConv(S.pixels, S, 1, fields, kernel=3),
        torch.nn.ReLU(),
        GMConv(S, S, fields, fields, kernel=3),
    ).to(device)


def row_escnn(
    python: str | None, size: int, batch: int, device: str, rounds: int, fields: int
) -> dict:
    row: dict[str, Any] = {
        "row": "c",
        "setting": f"p4m lifting + group conv, 28x28 -> {fields} regular fields, 3x3, batch "
        f"{batch}".replace("28x28", f"{size}x{size}"),
        "target": "GMConv faster than escnn at equal parameters",
    }
    if not python:
        row["skipped"] = "no Python with escnn given (--escnn-python or $ESCNN_PYTHON)"
        return row
    # escnn's regular->regular 3x3 basis has 48 weights per field pair, GMConv 72 (3x3 x D4):
    # equal parameters at about sqrt(48/72) of the fields.
    eq_fields = max(1, round(fields * (48 / 72) ** 0.5))
    cfg = {
        "size": size,
        "batch": batch,
        "device": device,
        "rounds": rounds,
        "threads": torch.get_num_threads(),
        "escnn_fields": [fields],
        "gm_fields": sorted({fields, eq_fields}),
    }
    data = run_escnn_child(
        python, _ESCNN_SCRIPT, [str(ROOT), json.dumps(cfg), str(Path(__file__).parent)]
    )
    if "skipped" in data:
        row.update(data)
        return row
    row.update(data)
    esc = next(v["median_ms"] for k, v in data["results"].items() if k.startswith("escnn"))
    row["speedup_vs_escnn"] = {k: esc / v["median_ms"] for k, v in data["results"].items()}
    eq = f"GMConv lift + group, {eq_fields} fields"
    row["met"] = row["speedup_vs_escnn"][eq] > 1
    return row


# ---------------------------------------------------------------------- report
def _print_row(row: dict) -> None:
    print(f"\n({row['row']}) {row['setting']}")
    print(f"    target: {row['target']}")
    if "skipped" in row:
        print(f"    skipped: {row['skipped']}")
        return
    params = row.get("params", {})
    rel = row.get("ratio") or row.get("speedup_vs_dense") or row.get("speedup_vs_escnn") or {}
    rel_name = "x Conv2d" if "ratio" in row else "speedup"
    print(f"    {'method':40s} {'median ms':>10s} {'best ms':>9s} {rel_name:>10s} {'params':>8s}")
    for name, r in row["results"].items():
        p = f"{params[name]:8d}" if name in params else ""
        print(
            f"    {name:40s} {r['median_ms']:10.2f} {r['best_ms']:9.2f} "
            f"{rel.get(name, float('nan')):10.2f} {p}"
        )
    print(f"    target met: {row['met']}")


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--quick", action="store_true", help="tiny sizes, few rounds (smoke test)")
    ap.add_argument("--device", default="cpu")
    ap.add_argument("--rounds", type=int, default=None, help="timed rounds per contender")
    ap.add_argument("--threads", type=int, default=None, help="torch.set_num_threads")
    ap.add_argument("--rows", default="abcglpm", help="which rows to run, e.g. 'ab' or 'gl'")
    ap.add_argument("--only", default=None, help="comma-separated group names in rows g/l/p")
    ap.add_argument("--escnn-python", default=os.environ.get("ESCNN_PYTHON"))
    ap.add_argument("--json", default=None, help="write the results here")
    ap.add_argument("--markdown", action="store_true", help="also print markdown tables")
    args = ap.parse_args(argv)
    if args.threads:
        torch.set_num_threads(args.threads)
    q = args.quick
    rounds = args.rounds or (2 if q else 15)
    dev = args.device
    print(
        f"groupmat layer benchmark: torch {torch.__version__}, device {dev}, "
        f"{torch.get_num_threads()} threads, float32, forward + backward"
    )
    rows = []
    if "a" in args.rows:
        rows.append(row_translations(8 if q else 32, 4 if q else 32, 2 if q else 16, dev, rounds))
        _print_row(rows[-1])
    if "b" in args.rows:
        rows.append(row_p4m_dense(4 if q else 12, 2 if q else 8, 2 if q else 16, dev, rounds))
        _print_row(rows[-1])
    if "c" in args.rows:
        rows.append(
            row_escnn(
                args.escnn_python, 8 if q else 28, 2 if q else 16, dev, rounds, 2 if q else 16
            )
        )
        _print_row(rows[-1])
    # commas inside parentheses belong to a name: "S5,SL(2,5)" -> {"S5", "SL(2,5)"}
    only = None if args.only is None else set(re.split(r",(?![^()]*\))", args.only))

    def pick(names):
        return [k for k in names if only is None or k in only]

    if "g" in args.rows:
        for name in pick(["C4", "C8"] if q else list(algo.GROUP_ROWS)):
            G = algo.GROUP_ROWS[name]()
            rows.append(
                algo.group_row(
                    name,
                    G,
                    2 if q else 16,
                    8 if q else 4096,
                    dev,
                    rounds,
                    time_contenders,
                    escnn_python=args.escnn_python,
                )
            )
            algo.print_algorithm_row(rows[-1])
    if "l" in args.rows:
        for name in pick(["S5"] if q else list(algo.LARGE_ROWS)):
            G = algo.LARGE_ROWS[name]()
            r = 1 if name == "M11" and not q else rounds
            rows.append(
                algo.group_row(name, G, 2 if q else 8, algo.large_batch(q), dev, r, time_contenders)
            )
            algo.print_algorithm_row(rows[-1])
    if "p" in args.rows:
        for name in pick(["p4"] if q else list(algo.PLANE_ROWS)):
            rows.append(
                algo.plane_row(
                    name,
                    algo.plane_size(q),
                    2 if q else 8,
                    2 if q else 16,
                    dev,
                    rounds,
                    time_contenders,
                )
            )
            algo.print_algorithm_row(rows[-1])
    if "m" in args.rows:
        rows.append(
            algo.memory_row(
                6 if q else 28,
                2 if q else 16,
                3 if q else 5,
                2 if q else 64,
                6,
                escnn_python=args.escnn_python,
            )
        )
        algo.print_memory_row(rows[-1])
    if args.markdown:
        print("\n" + algo.markdown(rows))
    if args.json:
        meta = {
            "torch": torch.__version__,
            "device": dev,
            "threads": torch.get_num_threads(),
            "argv": ["python", *sys.argv],
            "commit": _git_commit(),
        }
        Path(args.json).write_text(json.dumps({"meta": meta, "rows": rows}, indent=2))
    return 0


def _git_commit() -> str | None:
    """The checkout's commit, with ``-dirty`` when tracked files differ (None outside git)."""
    import subprocess

    def git(*a: str) -> str | None:
        try:
            out = subprocess.run(["git", *a], cwd=ROOT, capture_output=True, text=True, timeout=10)
        except (OSError, subprocess.SubprocessError):
            return None
        return out.stdout.strip() if out.returncode == 0 else None

    head = git("rev-parse", "HEAD")
    if head is None:
        return None
    return head + ("-dirty" if git("status", "--porcelain", "--untracked-files=no") else "")


if __name__ == "__main__":
    raise SystemExit(main())
