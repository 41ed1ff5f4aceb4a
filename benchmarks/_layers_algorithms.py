"""Rows of ``benchmarks/layers.py`` that time every GMConv algorithm (issue 19).

* ``(g)`` group convolutions with full support, regular fields ``16 -> 16``, batch 4096, on
  C4, C8, C16, C32, D8, D32: gather, expanded, spectral against the *escnn-style Linear*
  (weights expanded every forward into the dense ``(O n, C n)`` block matrix by a basis
  contraction, then one GEMM: what escnn's ``Linear`` between regular fields does).
* ``(l)`` large groups S5, SL(2,5), M11, full support, ``8 -> 8``, batch 256: the same
  contenders; algorithms whose memory would not fit are listed as "too big" with their size.
* ``(p)`` plane groups p4, p6, p4m, p6m on 28 px tori, group convolution ``S -> S`` with a
  3-window: GMConv's lowering (auto) and gather against ``torch.nn.functional.conv2d`` with
  circular padding on a filter bank of the same shape.
* ``(m)`` memory of a 6-layer p4m model (lifting + 5 group convolutions, k = 5, 16 regular
  fields, batch 64, 28 px): bytes saved for backward, GMConv against the same model built from
  ``torch.nn.Conv2d(padding_mode="circular")`` (which saves a padded copy per layer).

With an escnn Python (``--escnn-python``), every ``(g)`` row also times escnn's own
``escnn.nn.Linear`` between the same regular fields (``gspaces.no_base_space``, train mode: the
weights are expanded every forward) against GMConv's automatic choice, interleaved in one
process under that Python, with equal parameter counts (both ``C O n + O``).

Every row prints the method ``method="auto"`` chose, the cost model's prediction, and the
bytes each contender saves for backward (unique storages, a direct measure of activation
memory); every GMConv output is checked against the reference before timing.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import torch
import torch.nn.functional as F
from _escnn_child import run_escnn_child

import groupmat as gm
from groupmat import spatial_group, wallpaper_group
from groupmat.nn import GMConv

ALGORITHMS = ("gather", "expanded", "spectral")


# ---------------------------------------------------------------------- memory
def saved_bytes(fn: Callable[[], torch.Tensor]) -> int:
    """Bytes of the distinct storages autograd saves for backward while ``fn`` runs."""
    seen: dict[int, int] = {}

    def pack(t: torch.Tensor) -> torch.Tensor:
        try:
            st = t.untyped_storage()
            seen[st.data_ptr()] = st.nbytes()
        except (RuntimeError, NotImplementedError):
            pass
        return t

    with torch.autograd.graph.saved_tensors_hooks(pack, lambda t: t):
        fn()
    return sum(seen.values())


# ---------------------------------------------------------------------- references
class EscnnStyleLinear(torch.nn.Module):
    """Weights ``(O, C, n)`` expanded every forward by a dense basis ``(n, n, n)``
    (``basis[s, g, h] = [g^{-1} h = s]``) into the ``(O n, C n)`` matrix, then one GEMM."""

    def __init__(self, conv: GMConv) -> None:
        super().__init__()
        G = conv.in_space
        n = G.order
        kern = np.asarray(conv.kernel_elements)
        inv = np.asarray(G.inverse)
        g = np.arange(n)
        s = np.asarray(G.multiply(inv[:, None], g[None, :]))  # s = g^-1 h
        pos = np.full(n, -1)
        pos[kern] = np.arange(kern.size)
        basis = np.zeros((kern.size, n, n), dtype=np.float32)
        gi, hi = np.nonzero(pos[s] >= 0)
        basis[pos[s[gi, hi]], gi, hi] = 1.0
        self.register_buffer("basis", torch.from_numpy(basis))
        self.weight = torch.nn.Parameter(conv.weight.detach().clone())
        self.bias = torch.nn.Parameter(conv.bias.detach().clone())

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        o, c = self.weight.shape[:2]
        n = self.basis.shape[1]
        mat = torch.einsum("ock,kgh->ogch", self.weight, self.basis.to(self.weight.dtype))
        bias = self.bias.repeat_interleave(n)  # escnn's Linear also adds an expanded bias
        y = F.linear(x.reshape(x.shape[0], -1), mat.reshape(o * n, c * n), bias)
        return y.reshape(x.shape[0], o, n)


class CircularConvReference(torch.nn.Module):
    """``conv2d(pad(x, circular), W)`` with ``W`` a parameter of GMConv's filter-bank shape."""

    def __init__(self, conv: GMConv) -> None:
        super().__init__()
        with torch.no_grad():
            bank = conv.algorithm.prepare(conv.effective_weight()).clone()
        self.weight = torch.nn.Parameter(bank)
        p_out = conv.algorithm.taps_shape[0]
        self.bias = torch.nn.Parameter(conv.bias.detach().repeat_interleave(p_out).clone())
        self.pad = conv.algorithm.padding
        self.cells = conv.algorithm.cells

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        b = x.shape[0]
        img = x.reshape(b, -1, *self.cells)
        p = tuple(q for a in reversed(self.pad) for q in (a, a))
        y = F.conv2d(F.pad(img, p, mode="circular"), self.weight, self.bias)
        return y.reshape(b, -1)


# ---------------------------------------------------------------------- helpers
def _layers(G: Any, c: int, kernel: Any, batch: int, device: str, methods) -> tuple[dict, dict]:
    """``{method: GMConv}`` with shared weights, plus ``{method: reason}`` for those skipped."""
    from groupmat.nn._cost_model import MEMORY_BUDGET

    torch.manual_seed(0)
    auto = GMConv(G, G, c, c, kernel=kernel, batch_hint=batch).to(device)
    layers = {"auto": auto}
    skipped = {}
    for m in methods:
        est = auto.cost_estimates.get(m)
        if est is not None and est.memory > MEMORY_BUDGET:
            skipped[m] = f"too big: needs ~{est.memory / 2**30:.1f} GiB (cost model)"
            continue
        try:
            layers[m] = GMConv(G, G, c, c, kernel=kernel, method=m, batch_hint=batch).to(device)
        except Exception as exc:
            skipped[m] = f"{type(exc).__name__}: {exc}"
            continue
        layers[m].load_state_dict(auto.state_dict())
    return layers, skipped


def _row(
    name: str,
    setting: str,
    layers: dict,
    reference: tuple[str, torch.nn.Module] | None,
    x: torch.Tensor,
    rounds: int,
    device: str,
    skipped: dict,
    time_contenders: Callable,
) -> dict:
    auto = layers["auto"]
    contenders: dict[str, Any] = {}
    check = None
    if reference is not None:
        ref_name, ref = reference
        check = ref(x).detach()
        contenders[ref_name] = ref
    for m, layer in layers.items():
        if m == "auto":
            continue
        y = layer(x).detach()
        if check is None:
            check = y
        scale = check.abs().max().item() + 1e-30
        err = (y.reshape(check.shape) - check).abs().max().item() / scale
        if err > 1e-4:
            raise AssertionError(f"{name}: {m} differs from the reference by {err:.1e}")
        contenders[f"GMConv {m}"] = layer
    memory = {k: saved_bytes(lambda mod=mod: mod(x)) for k, mod in contenders.items()}
    timed = {k: (mod, x, [p for p in mod.parameters()]) for k, mod in contenders.items()}
    res = time_contenders(timed, rounds, 1, device)
    base_name = reference[0] if reference is not None else None
    base = res[base_name]["median_ms"] if base_name else None
    chosen = f"GMConv {auto.algorithm.name}"
    fastest = min((v["median_ms"], k) for k, v in res.items() if k.startswith("GMConv"))
    row = {
        "row": name,
        "setting": setting,
        "auto": auto.method,
        "predicted_ms": {m: 1e3 * e.seconds for m, e in auto.cost_estimates.items()},
        "results": res,
        "saved_mib": {k: v / 2**20 for k, v in memory.items()},
        "skipped": skipped,
        "auto_vs_fastest": res[chosen]["median_ms"] / fastest[0] if chosen in res else None,
        "fastest": fastest[1],
    }
    if base:
        row["ratio"] = {k: v["median_ms"] / base for k, v in res.items()}
        row["reference"] = base_name
    return row


# ---------------------------------------------------------------------- escnn itself
_ESCNN_LINEAR_SCRIPT = r"""
import json, sys
root, bench, cfg = sys.argv[1], sys.argv[2], json.loads(sys.argv[3])
sys.path[:0] = [root, bench]
import torch
torch.set_num_threads(cfg["threads"])
from escnn import group as eg, gspaces, nn as enn
import groupmat as gm
from groupmat.nn import GMConv
from layers import time_contenders
N, c, batch, dev = cfg["N"], cfg["channels"], cfg["batch"], cfg["device"]
cyclic = cfg["kind"] == "C"
EG = eg.cyclic_group(N) if cyclic else eg.dihedral_group(N)
G = gm.cyclic(N) if cyclic else gm.dihedral(N)
n = G.order
assert EG.order() == n
ft = enn.FieldType(gspaces.no_base_space(EG), c * [EG.regular_representation])
torch.manual_seed(0)
lin = enn.Linear(ft, ft).to(dev).train()
conv = GMConv(G, G, c, c, kernel=list(range(n)), batch_hint=batch).to(dev)
x = torch.randn(batch, c, n, device=dev, requires_grad=True)
def escnn_fn(x):
    return lin(enn.GeometricTensor(x.reshape(x.shape[0], -1), ft)).tensor
auto = f"GMConv auto ({conv.method})"
cont = {
    "escnn Linear": (escnn_fn, x, list(lin.parameters())),
    auto: (conv, x, list(conv.parameters())),
}
res = time_contenders(cont, cfg["rounds"], 2, dev)
params = {k: sum(p.numel() for p in m[2]) for k, m in cont.items()}
print(json.dumps({"results": res, "params": params, "auto": auto}))
"""


def escnn_linear_times(
    python: str, name: str, channels: int, batch: int, device: str, rounds: int
) -> dict:
    """escnn's ``Linear`` against GMConv ``method="auto"`` on the group ``name`` (``C<N>`` or
    ``D<N>``, escnn's ``cyclic_group(N)`` / ``dihedral_group(N)``), timed in one process
    under ``python``. Returns ``{"results", "params", "auto", "ratio"}`` or ``{"skipped"}``."""
    cfg = {
        "kind": name[0],
        "N": int(name[1:]),
        "channels": channels,
        "batch": batch,
        "device": device,
        "rounds": rounds,
        "threads": torch.get_num_threads(),
    }
    here = Path(__file__).resolve().parent
    data = run_escnn_child(
        python, _ESCNN_LINEAR_SCRIPT, [str(here.parent), str(here), json.dumps(cfg)]
    )
    if "skipped" in data:
        return data
    base = data["results"]["escnn Linear"]["median_ms"]
    data["ratio"] = data["results"][data["auto"]]["median_ms"] / base
    return data


# ---------------------------------------------------------------------- rows
GROUP_ROWS = {
    "C4": lambda: gm.cyclic(4),
    "C8": lambda: gm.cyclic(8),
    "C16": lambda: gm.cyclic(16),
    "C32": lambda: gm.cyclic(32),
    "D8": lambda: gm.dihedral(8),
    "D32": lambda: gm.dihedral(32),
}


LARGE_ROWS = {
    "S5": lambda: gm.symmetric(5),
    "SL(2,5)": lambda: gm.sl(2, 5),
    "M11": lambda: gm.mathieu(11),
}

PLANE_ROWS = {
    "p4": lambda s: spatial_group((s, s), "C4"),
    "p6": lambda s: wallpaper_group("p6", s),
    "p4m": lambda s: spatial_group((s, s), "D4"),
    "p6m": lambda s: wallpaper_group("p6m", s),
}


def group_row(
    name: str,
    G: Any,
    channels: int,
    batch: int,
    device: str,
    rounds: int,
    time_contenders,
    escnn_python: str | None = None,
) -> dict:
    n = G.order
    kernel = list(range(n))
    layers, skipped = _layers(G, channels, kernel, batch, device, ALGORITHMS)
    ref = None
    dense_entries = channels * channels * n * n
    if dense_entries * n <= 1 << 30:  # the basis contraction touches O C n^3 entries
        ref = ("escnn-style Linear", EscnnStyleLinear(layers["auto"]).to(device))
    else:
        skipped["escnn-style Linear"] = f"too big: basis of {n}^3 entries"
    x = torch.randn(batch, channels, n, device=device, requires_grad=True)
    setting = f"{name} (n={n}), full support, {channels}->{channels} regular, batch {batch}"
    row = _row(name, setting, layers, ref, x, rounds, device, skipped, time_contenders)
    if escnn_python and name in GROUP_ROWS:
        row["escnn"] = escnn_linear_times(escnn_python, name, channels, batch, device, rounds)
    return row


def plane_row(
    name: str, size: int, channels: int, batch: int, device: str, rounds: int, time_contenders
) -> dict:
    S = PLANE_ROWS[name](size)
    layers, skipped = _layers(S, channels, 3, batch, device, ("gather", "conv"))
    ref = ("torch conv2d circular", CircularConvReference(layers["conv"]).to(device))
    x = torch.randn(batch, channels, S.order, device=device, requires_grad=True)
    setting = (
        f"{name} on {size}x{size} (n={S.order}), {channels}->{channels} fields, 3-window, "
        f"batch {batch}"
    )
    row = _row(name, setting, layers, ref, x, rounds, device, skipped, time_contenders)
    row["skipped"].setdefault("expanded", "too big: (O n, C n) matrix over the size limit")
    row["skipped"].setdefault("spectral", "not run: n x n Fourier matrix of a plane group")
    return row


def p4m_model(size: int, fields: int, kernel: int, layers: int, conv2d: bool) -> Any:
    """Lifting + ``layers - 1`` group convolutions (ReLU between), GMConv or nn.Conv2d."""
    S = spatial_group((size, size), "D4")
    torch.manual_seed(0)
    if not conv2d:
        mods: list[torch.nn.Module] = [GMConv(S.pixels, S, 1, fields, kernel=kernel)]
        for _ in range(layers - 1):
            mods += [torch.nn.ReLU(), GMConv(S, S, fields, fields, kernel=kernel)]
        return torch.nn.Sequential(*mods)
    pad = kernel // 2
    mods = [torch.nn.Conv2d(1, 8 * fields, kernel, padding=pad, padding_mode="circular")]
    for _ in range(layers - 1):
        mods += [
            torch.nn.ReLU(),
            torch.nn.Conv2d(8 * fields, 8 * fields, kernel, padding=pad, padding_mode="circular"),
        ]
    return torch.nn.Sequential(*mods)


_ESCNN_MEMORY_SCRIPT = r"""
import json, sys
sys.path.insert(0, sys.argv[1])
sys.path.insert(0, sys.argv[3])
import torch
from escnn import gspaces, nn as enn
from _layers_algorithms import saved_bytes
cfg = json.loads(sys.argv[2])
size, fields, k, batch, depth = (cfg[x] for x in ("size", "fields", "kernel", "batch", "depth"))
gs = gspaces.flipRot2dOnR2(4)
fin = enn.FieldType(gs, [gs.trivial_repr])
reg = enn.FieldType(gs, fields * [gs.regular_repr])
torch.manual_seed(0)
mods = [enn.R2Conv(fin, reg, k, padding=k // 2)]
for _ in range(depth - 1):
    mods += [enn.ReLU(reg), enn.R2Conv(reg, reg, k, padding=k // 2)]
model = enn.SequentialModule(*mods)
model.train()
img = torch.randn(batch, 1, size, size, requires_grad=True)
mib = saved_bytes(lambda: model(enn.GeometricTensor(img, fin)).tensor) / 2**20
params = sum(p.numel() for p in model.parameters())
print(json.dumps({"saved_mib": mib, "params": params}))
"""


def memory_row(
    size: int, fields: int, kernel: int, batch: int, depth: int, escnn_python: str | None = None
) -> dict:
    """Bytes saved for backward by the same p4m model built from GMConv, from
    ``nn.Conv2d(padding_mode="circular")`` and (with ``escnn_python``) from escnn's ``R2Conv``
    (zero padding, its default; train mode, so the filter expansion is included)."""
    img = torch.randn(batch, 1, size, size, requires_grad=True)
    out = {}
    for label, conv2d in (("GMConv (conv lowering)", False), ("nn.Conv2d circular", True)):
        model = p4m_model(size, fields, kernel, depth, conv2d)
        out[label] = saved_bytes(lambda model=model: model(img)) / 2**20
    act = batch * 8 * fields * size * size * 4 / 2**20
    row = {
        "row": "m",
        "setting": f"{depth}-layer p4m model, k={kernel}, {fields} regular fields, batch {batch}, "
        f"{size}x{size} (one activation = {act:.1f} MiB)",
        "saved_mib": out,
        "ratio": out["GMConv (conv lowering)"] / out["nn.Conv2d circular"],
    }
    if escnn_python:
        cfg = {"size": size, "fields": fields, "kernel": kernel, "batch": batch, "depth": depth}
        data = run_escnn_child(
            escnn_python,
            _ESCNN_MEMORY_SCRIPT,
            [str(Path(__file__).resolve().parents[1]), json.dumps(cfg), str(Path(__file__).parent)],
        )
        if "skipped" in data:
            row["escnn_skipped"] = data["skipped"]
        else:
            out["escnn R2Conv"] = data["saved_mib"]
            row["ratio_vs_escnn"] = out["GMConv (conv lowering)"] / data["saved_mib"]
    return row


def print_algorithm_row(row: dict) -> None:
    print(f"\n({row['row']}) {row['setting']}")
    print(
        f"    auto chose: {row['auto']}   (cost model, ms: "
        + ", ".join(f"{k} {v:.1f}" for k, v in row["predicted_ms"].items())
        + ")"
    )
    ref = row.get("reference")
    rel = row.get("ratio", {})
    head = f"x {ref}" if ref else ""
    print(
        f"    {'contender':28s} {'median ms':>10s} {'best ms':>9s} {head:>14s} {'saved MiB':>10s}"
    )
    for k, v in row["results"].items():
        r = f"{rel[k]:14.2f}" if k in rel else " " * 14
        print(
            f"    {k:28s} {v['median_ms']:10.2f} {v['best_ms']:9.2f} {r} "
            f"{row['saved_mib'][k]:10.1f}"
        )
    for k, why in row["skipped"].items():
        print(f"    {k:28s} {why[:90]}")
    if row.get("auto_vs_fastest") is not None:
        print(f"    auto / fastest GMConv: {row['auto_vs_fastest']:.2f} ({row['fastest']})")
    esc = row.get("escnn")
    if esc is not None and "skipped" in esc:
        print(f"    escnn Linear: skipped: {esc['skipped']}")
    elif esc is not None:
        print("    against escnn itself (one process, interleaved, equal parameters):")
        for k, v in esc["results"].items():
            print(
                f"    {k:28s} {v['median_ms']:10.2f} {v['best_ms']:9.2f}  params {esc['params'][k]}"
            )
        print(f"    GMConv auto / escnn Linear: {esc['ratio']:.2f}")


def print_memory_row(row: dict) -> None:
    print(f"\n(m) {row['setting']}")
    for k, v in row["saved_mib"].items():
        print(f"    {k:28s} saved for backward {v:9.1f} MiB")
    print(f"    GMConv / Conv2d: {row['ratio']:.2f}")
    if "ratio_vs_escnn" in row:
        print(f"    GMConv / escnn R2Conv: {row['ratio_vs_escnn']:.2f}")
    elif "escnn_skipped" in row:
        print(f"    escnn R2Conv: skipped: {row['escnn_skipped']}")


def plane_size(quick: bool) -> int:
    return 4 if quick else 28


def large_batch(quick: bool) -> int:
    return 2 if quick else 256


def markdown(rows: list[dict]) -> str:
    """The algorithm rows as markdown tables (median ms, ratio to the row's reference, saved
    MiB, the cost model's prediction), as pasted into docs/concepts/layer-algorithms.md."""
    out = []
    algo_rows = [r for r in rows if "predicted_ms" in r]
    if algo_rows:
        out.append(
            "| row | contender | median ms | best ms | x reference | saved MiB | predicted ms |"
        )
        out.append("|---|---|---|---|---|---|---|")
        for r in algo_rows:
            for k, v in r["results"].items():
                m = k.removeprefix("GMConv ")
                pred = r["predicted_ms"].get(m)
                chosen = (
                    " (auto)"
                    if k == f"GMConv {r['auto']}"
                    or (r["auto"].startswith("conv") and k == "GMConv conv")
                    else ""
                )
                ratio = r.get("ratio", {}).get(k)
                out.append(
                    f"| {r['row']} | {k}{chosen} | {v['median_ms']:.1f} | {v['best_ms']:.1f} | "
                    + (f"{ratio:.2f}" if ratio is not None else "-")
                    + f" | {r['saved_mib'][k]:.1f} | "
                    + (f"{pred:.1f}" if pred is not None else "-")
                    + " |"
                )
            for k, why in r["skipped"].items():
                out.append(f"| {r['row']} | {k} | - | - | - | - | {why[:60]} |")
    esc_rows = [r for r in rows if "results" in r.get("escnn", {})]
    if esc_rows:
        out.append("")
        out.append(
            "| row | escnn Linear ms (best) | GMConv auto ms (best) | auto / escnn | params |"
        )
        out.append("|---|---|---|---|---|")
        for r in esc_rows:
            e = r["escnn"]
            a, b = e["results"]["escnn Linear"], e["results"][e["auto"]]
            out.append(
                f"| {r['row']} | {a['median_ms']:.1f} ({a['best_ms']:.1f}) | "
                f"{b['median_ms']:.1f} ({b['best_ms']:.1f}) [{e['auto'].split('(')[-1][:-1]}] | "
                f"{e['ratio']:.2f} | {e['params']['escnn Linear']} / {e['params'][e['auto']]} |"
            )
    for r in rows:
        if r.get("row") == "m":
            out.append("")
            out.append(f"{r['setting']}:")
            out.append("")
            out.append("| model | saved for backward (MiB) |")
            out.append("|---|---|")
            for k, v in r["saved_mib"].items():
                out.append(f"| {k} | {v:.1f} |")
    return "\n".join(out)
