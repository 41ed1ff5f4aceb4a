"""Built-in quick benchmark for ``groupmat bench --builtin`` (and installs without a checkout).

A handful of core operations on small groups, each timed best-of-``repeat`` after one warm-up
run; the whole set takes about a second. For comparisons against sympy, GAP, torch and escnn use
the scripts in ``benchmarks/`` of a source checkout.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

__all__ = ["quick_benchmark", "run_bench"]


def _time(fn: Callable[[], Any], repeat: int) -> tuple[float, Any]:
    result = fn()  # warm-up (imports, caches of other objects)
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - t0)
    return 1000 * best, result


def quick_benchmark(repeat: int = 3) -> list[dict[str, Any]]:
    """Time core operations; returns ``[{"task", "best_ms", "result"}, ...]``.

    Every task builds its group afresh (caches live on the group object), so the numbers are
    end-to-end from generators.
    """
    import torch

    import groupmat as gm
    from groupmat import nn as gnn

    def conv() -> str:
        S = gm.spatial_group((12, 12), point_group="D4")
        layer = gnn.GMConv(S, S, 8, 8, kernel=3)
        with torch.no_grad():
            y = layer(torch.randn(4, 8, S.order))
        return f"out {tuple(y.shape)}"

    def char_table() -> str:
        from groupmat.algebra.representations import character_table

        return f"degrees {character_table(gm.psl(2, 11)).degrees.tolist()}"

    psl27 = "< a, b | a^2, b^3, (a*b)^7, [a,b]^4 >"
    tasks: list[tuple[str, Callable[[], Any]]] = [
        ("closure S7 (5040)", lambda: f"order {gm.symmetric(7).order}"),
        ("closure M11 (7920)", lambda: f"order {gm.mathieu(11).order}"),
        (
            "Todd-Coxeter PSL(2,7) presentation",
            lambda: f"order {gm.Group.from_presentation(psl27).order}",
        ),
        ("Cayley table A6 (360 x 360)", lambda: f"shape {gm.alternating(6).table.shape}"),
        ("conjugacy classes M11", lambda: f"{len(gm.mathieu(11).conjugacy_classes())} classes"),
        ("character table PSL(2,11)", char_table),
        ("GMConv p4m 12x12, 8->8 ch, batch 4", conv),
    ]
    torch.manual_seed(0)
    rows = []
    for name, fn in tasks:
        ms, result = _time(fn, repeat)
        rows.append({"task": name, "best_ms": round(ms, 3), "result": str(result)})
    return rows


def run_bench(
    script: str = "algebra",
    *,
    builtin: bool = False,
    full: bool = False,
    json_path: str | None = None,
    repeat: int = 3,
) -> str:
    """``groupmat bench``: run ``benchmarks/<script>.py`` (``--quick`` unless ``full``) from a
    source checkout, its output going straight to the terminal; otherwise (or with
    ``builtin``) :func:`quick_benchmark`, returned as a table. Raises ``RuntimeError`` when the
    script fails or does not exist."""
    path = Path(__file__).resolve().parents[2] / "benchmarks" / f"{script}.py"
    if not builtin and path.is_file():
        cmd = [sys.executable, str(path), *([] if full else ["--quick"])]
        if json_path:
            cmd += ["--json", json_path]
        proc = subprocess.run(cmd, check=False)
        if proc.returncode:
            raise RuntimeError(f"{path.name} exited with status {proc.returncode}")
        return ""
    if not builtin and script != "algebra":
        raise RuntimeError(f"no benchmark script {path} (run from a source checkout)")
    rows = quick_benchmark(repeat=repeat)
    if json_path:
        Path(json_path).write_text(json.dumps(rows, indent=2))
    w = max(len(r["task"]) for r in rows)
    lines = [f"{'task'.ljust(w)}  {'best ms':>9}  result", "-" * (w + 30)]
    lines += [f"{r['task'].ljust(w)}  {r['best_ms']:9.2f}  {r['result']}" for r in rows]
    return "\n".join(lines)
