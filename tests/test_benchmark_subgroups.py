"""Smoke test: benchmarks/subgroups.py runs end to end in quick mode and writes its JSON."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_subgroups_benchmark_quick(tmp_path):
    out = tmp_path / "subgroups.json"
    cmd = [
        sys.executable,
        str(ROOT / "benchmarks" / "subgroups.py"),
        "--quick",
        "--cases",
        "classes S5",
        "sylow M11",
        "--cap",
        "60",
        "--json",
        str(out),
    ]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=300, cwd=ROOT)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "groupmat s" in proc.stdout and "MISMATCH" not in proc.stdout
    rows = {r["case"]: r for r in json.loads(out.read_text())["results"]}
    assert rows["classes S5"]["groupmat"]["value"] == [19, 156]
    assert rows["classes S5"]["sympy"]["status"] == "n/a"
    assert rows["sylow M11"]["groupmat"]["value"] == [16, 9, 5, 11]
    assert rows["sylow M11"]["agree"] is True
