"""Smoke test: benchmarks/stabiliser_chains.py runs in its quick mode and agrees with sympy."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_stabiliser_chains_benchmark_quick(tmp_path):
    out = tmp_path / "chains.json"
    cmd = [
        sys.executable,
        str(ROOT / "benchmarks" / "stabiliser_chains.py"),
        "--quick",
        "--cases",
        "S20",
        "M11",
        "membership M11",
        "stabilisers M12",
        "M11 classes",
        "--repeat",
        "1",
        "--cap",
        "30",
        "--json",
        str(out),
    ]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=180, cwd=ROOT)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "groupmat s" in proc.stdout and "MISMATCH" not in proc.stdout
    rows = json.loads(out.read_text())["results"]
    cases = ["S20", "M11", "membership M11", "stabilisers M12", "M11 classes"]
    assert [r["case"] for r in rows] == cases
    results = {r["case"]: r["result"] for r in rows}
    assert results["M11"] == "7920" and results["membership M11"] == "50"
    assert results["stabilisers M12"] == "95040 7920 720 72"
    assert results["M11 classes"] == "1 165 440 720 720 990 990 990 1320 1584"
    assert all(r["groupmat_s"] > 0 and not r["mismatch"] for r in rows)
