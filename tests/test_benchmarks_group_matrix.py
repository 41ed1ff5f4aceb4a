"""Smoke test: benchmarks/group_matrix.py runs end to end on tiny sizes and its methods agree."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_group_matrix_benchmark_quick(tmp_path):
    out = tmp_path / "group_matrix.json"
    cmd = [
        sys.executable,
        str(ROOT / "benchmarks" / "group_matrix.py"),
        "--quick",
        "--sizes",
        "8",
        "32",
        "--cols",
        "2",
        "--json",
        str(out),
    ]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "struct us" in proc.stdout and "MISMATCH" not in proc.stdout
    rows = json.loads(out.read_text())["results"]
    assert [r["n"] for r in rows] == [8, 32]
    for r in rows:
        assert r["agree"] is True
        assert r["support"] >= 1 and r["cols"] == 2
        assert all(r[k] > 0 for k in ("dense_s", "gather_s", "structured_s", "struct_gather_s"))
