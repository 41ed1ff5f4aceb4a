"""Smoke test: the benchmark scripts run end to end on tiny sizes (so they cannot rot)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_algebra_benchmark_quick(tmp_path):
    out = tmp_path / "algebra.json"
    cmd = [
        sys.executable,
        str(ROOT / "benchmarks" / "algebra.py"),
        "--quick",
        "--groups",
        "S4",
        "PSL(2,5)",
        "--cap",
        "5",
        "--json",
        str(out),
    ]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "groupmat s" in proc.stdout and "MISMATCH" not in proc.stdout
    data = json.loads(out.read_text())
    rows = data["results"]
    assert {(r["group"], r["task"]) for r in rows} == {
        (g, t) for g in ("S4", "PSL(2,5)") for t in ("order", "elements", "table", "classes")
    }
    for r in rows:
        assert r["groupmat"]["status"] == "ok", r
        assert r["sympy"]["status"] == "ok", r  # tiny groups: sympy finishes well inside the cap
        assert r["agree"] is True, r
    by = {(r["group"], r["task"]): r for r in rows}
    assert by[("PSL(2,5)", "order")]["groupmat"]["value"] == 60


def test_algebra_benchmark_issue19_quick(tmp_path):
    """The issue-19 table in its quick form: fresh processes, peak RSS, values agree."""
    out = tmp_path / "fp.json"
    cases = ["S5 orders", "M11 classes", "D5 inverses"]
    cmd = [
        sys.executable,
        str(ROOT / "benchmarks" / "algebra.py"),
        "--section",
        "fp",
        "--quick",
        "--cap",
        "30",
        "--fp-cases",
        *cases,
        "--json",
        str(out),
    ]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=240, cwd=ROOT)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "MISMATCH" not in proc.stdout
    records = {r["case"]: r for r in json.loads(out.read_text())["issue19"]}
    assert list(records) == cases
    for rec in records.values():
        ours = rec["results"]["groupmat"]
        assert ours["status"] == "ok" and ours["peak_gib"] > 0, rec
        assert rec["agree"] is not False, rec
    assert records["S5 orders"]["results"]["sympy"]["value"] == [0, 1, 25, 20, 30, 24, 20]
    assert records["D5 inverses"]["results"]["groupmat"]["value"] == [1920, True]


def test_presentations_benchmark_smoke(tmp_path):
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    out = tmp_path / "presentations.json"
    cmd = [
        sys.executable,
        os.path.join(root, "benchmarks", "presentations.py"),
        "--quick",
        "--no-sympy",
        "--no-gap",
        "--cases",
        "PSL(2,11)",
        "F4",
        "--repeat",
        "1",
        "--json",
        str(out),
    ]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=120, cwd=root)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "MISMATCH" not in proc.stdout and "PSL(2,11)" in proc.stdout
    rows = json.loads(out.read_text())["results"]
    assert [r["groupmat hlt"]["value"] for r in rows] == [660, 1152]


def test_representations_benchmark_quick(tmp_path):
    """benchmarks/representations.py runs end to end on small groups and its checks pass."""
    import json
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    out = tmp_path / "rep.json"
    cmd = [
        sys.executable,
        str(root / "benchmarks" / "representations.py"),
        "--quick",
        "--threads",
        "1",
        "--json",
        str(out),
    ]
    res = subprocess.run(cmd, capture_output=True, text=True, timeout=300, check=False)
    assert res.returncode == 0, res.stdout + res.stderr
    rows = json.loads(out.read_text())["rows"]
    assert {r["group"] for r in rows} >= {"PSL(2,13)", "S5"} and all(r["ok"] for r in rows)
