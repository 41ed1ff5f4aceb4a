"""Smoke test: benchmarks/layers.py runs end to end on tiny sizes, its GMConv outputs match the
references it times against (checked inside the script), the escnn row skips cleanly, and the
algorithm rows (issue 19) print the method ``auto`` chose and every algorithm's timing and
saved memory."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_layers_benchmark_quick(tmp_path):
    out = tmp_path / "layers.json"
    env = {k: v for k, v in os.environ.items() if k != "ESCNN_PYTHON"}
    env["OMP_NUM_THREADS"] = "1"
    cmd = [sys.executable, str(ROOT / "benchmarks" / "layers.py"), "--quick", "--json", str(out)]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=300, cwd=ROOT, env=env)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "(a)" in proc.stdout and "(b)" in proc.stdout and "skipped" in proc.stdout
    assert proc.stdout.count("auto chose:") == 4  # C4, C8, S5, p4
    rows = {r["row"]: r for r in json.loads(out.read_text())["rows"]}
    assert set(rows) == {"a", "b", "c", "C4", "C8", "S5", "p4", "m"}
    assert set(rows["a"]["results"]) == {
        "GMConv (conv2d lowering)",
        "GMConv (gather)",
        "nn.Conv2d circular",
    }
    assert "dense group matrix + einsum" in rows["b"]["results"]
    for r in (rows["a"], rows["b"]):
        assert all(v["median_ms"] > 0 for v in r["results"].values())
    assert "escnn" in rows["c"]["skipped"]
    for name in ("C4", "C8", "S5"):
        r = rows[name]
        assert set(r["results"]) == {
            "escnn-style Linear",
            "GMConv gather",
            "GMConv expanded",
            "GMConv spectral",
        }
        assert r["auto"] in ("gather", "expanded", "spectral")
        assert set(r["saved_mib"]) == set(r["results"])
    assert rows["p4"]["auto"] == "conv2d" and "torch conv2d circular" in rows["p4"]["results"]
    assert rows["m"]["saved_mib"]["GMConv (conv lowering)"] > 0
