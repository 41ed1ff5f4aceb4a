"""The documentation site builds with ``mkdocs build --strict`` (skipped without mkdocs), and its
result pages are generated from the JSON outputs, not typed in."""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _gen_tables():
    spec = importlib.util.spec_from_file_location("gen_tables", ROOT / "docs" / "gen_tables.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_json_tables_are_generated_from_the_data(tmp_path):
    gt = _gen_tables()
    data = {
        "experiment": "toy",
        "quick": True,
        "total_seconds": 1.23456,
        "config": {"epochs": 2},
        "results": [
            {
                "model": "exact",
                "accuracy": {"mean": 0.91234, "std": 0.01, "n": 3},
                "parameters": 120,
                "runs": [{"seed": 0}],
            },
            {"model": "ldr1", "accuracy": {"mean": 0.95, "std": 0.0, "n": 3}, "parameters": 180},
        ],
        "symmetry_breaking": {"0.0": {"mean": 1e-15, "std": 0.0, "n": 1}},
    }
    md = gt.json_to_markdown(data)
    assert "| model | accuracy | parameters |" in md  # nested "runs" left out
    assert "| exact | 0.9123 ± 0.01 | 120 |" in md and "| ldr1 | 0.95 | 180 |" in md
    assert "| total_seconds | 1.235 |" in md and "### symmetry_breaking" in md
    assert '??? note "config"' in md
    # a results tree: pages list what exists and say how to produce what is missing
    (tmp_path / "benchmarks" / "results").mkdir(parents=True)
    (tmp_path / "benchmarks" / "algebra.py").write_text("")
    (tmp_path / "benchmarks" / "layers.py").write_text("")
    (tmp_path / "benchmarks" / "results" / "layers.json").write_text(
        json.dumps({"rows": [{"row": "a", "median_ms": 14.1}]})
    )
    page = gt.benchmarks_page(tmp_path)
    assert "| a | 14.1 |" in page
    assert "python benchmarks/algebra.py --json benchmarks/results/algebra.json" in page
    (tmp_path / "experiments" / "results").mkdir(parents=True)
    (tmp_path / "experiments" / "results" / "toy_quick.json").write_text(json.dumps(data))
    (tmp_path / "experiments" / "results" / "toy_quick.png").write_bytes(b"\x89PNG")
    page, figures = gt.experiments_page(tmp_path)
    assert "`python experiments/toy.py --quick`" in page and "![toy_quick](toy_quick.png)" in page
    assert [f.name for f in figures] == ["toy_quick.png"]


@pytest.mark.slow
def test_mkdocs_build_strict(tmp_path):
    """~20 s: griffe reads every module's docstrings."""
    if shutil.which("mkdocs", path=str(Path(sys.executable).parent)) is None:
        pytest.skip("mkdocs is not installed (pip install -e '.[docs]')")
    for mod in ("material", "mkdocstrings", "mkdocstrings_handlers.python"):
        pytest.importorskip(mod)
    site = tmp_path / "site"
    proc = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", str(site)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert (site / "index.html").is_file()
    api = (site / "api" / "group-matrices" / "index.html").read_text()
    assert "group_matrix" in api and "displacement_rank" in api
    assert (site / "results" / "benchmarks" / "index.html").is_file()
