"""The documentation site builds with ``mkdocs build --strict`` (skipped without mkdocs), and its
result pages are generated from the JSON outputs, not typed in."""

from __future__ import annotations

import importlib.util
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _docs_module(name: str):
    spec = importlib.util.spec_from_file_location(name, ROOT / "docs" / f"{name}.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def _gen_tables():
    return _docs_module("gen_tables")


def test_sphinx_roles_and_math_become_markdown():
    pytest.importorskip("griffe")
    conv = _docs_module("griffe_sphinx").convert
    resolve = {"coxeter_matrix": "groupmat.algebra.presentations._coxeter.coxeter_matrix"}.get
    text = (
        "A :class:`~groupmat.Group`, a :func:`coxeter_matrix`, :meth:`groupmat.Group.order`,\n"
        ":func:`the lattice <groupmat.subgroup_lattice>` and :data:`UNKNOWN`.\n"
        "\n"
        ".. math::  a = b\n"
        "           + c\n"
        "\n"
        "* item\n"
        "\n"
        "  .. math:: x = y\n"
        "\n"
        "Syntax::\n"
        "\n"
        "    < a | a^2 >\n"
        "\n"
        ">>> f(':class:`kept`')\n"
    )
    out = conv(text, resolve)
    assert ":class:" not in out.split(">>>")[0] and ".. math::" not in out
    assert '<autoref identifier="groupmat.Group" optional><code>Group</code></autoref>' in out
    assert (
        '<autoref identifier="groupmat.algebra.presentations._coxeter.coxeter_matrix" optional>'
        "<code>coxeter_matrix</code></autoref>"
    ) in out
    assert "<code>groupmat.Group.order</code>" in out  # no ~: the full name is the title
    link = '<autoref identifier="groupmat.subgroup_lattice" optional><code>the lattice</code>'
    assert link in out
    assert "<code>UNKNOWN</code>" in out and 'identifier="UNKNOWN"' not in out  # unresolved
    assert "\n$$\na = b\n+ c\n$$\n" in out  # display maths for arithmatex
    assert "\n$$\nx = y\n$$\n" in out  # a 2-space rST indent is not a Markdown nesting level
    assert "Syntax:\n\n    < a | a^2 >" in out  # the literal-block marker :: becomes :
    assert ">>> f(':class:`kept`')" in out  # doctests are left alone


def test_notebook_mathjax_block_is_dropped():
    pytest.importorskip("mkdocs")
    hooks = _docs_module("site_hooks")
    html = (
        "<p>a</p><!-- Load mathjax -->\n<script src='https://cdn.example/MathJax.js'></script>"
        "<script type='text/x-mathjax-config'>x</script>\n<!-- End of mathjax configuration -->"
        "<p>b</p>"
    )

    class Page:
        class file:
            src_uri = "notebooks/01.ipynb"

    assert hooks.on_post_page(html, Page, {}) == "<p>a</p><p>b</p>"
    Page.file.src_uri = "index.md"
    assert hooks.on_post_page(html, Page, {}) == html


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
    # a result with provenance shows its recorded command and commit, not a rebuilt one
    prov = {
        "argv": ["experiments/toy.py", "--budget", "4", "--seeds", "0", "1"],
        "git_commit": "0123456789abcdef",
        "git_dirty_files": ["M groupmat/nn/_conv.py"],
    }
    (tmp_path / "experiments" / "results" / "toy_quick.json").write_text(
        json.dumps({**data, "provenance": prov})
    )
    page, _ = gt.experiments_page(tmp_path)
    assert "`python experiments/toy.py --budget 4 --seeds 0 1`" in page
    assert "Commit `0123456789` (+ uncommitted changes to groupmat/nn/_conv.py)." in page


@pytest.mark.slow
def test_mkdocs_build_strict(tmp_path):
    """~40 s: griffe reads every module's docstrings, the figures are drawn, the notebooks
    rendered (not run: tests/test_notebooks.py runs them)."""
    if shutil.which("mkdocs", path=str(Path(sys.executable).parent)) is None:
        pytest.skip("mkdocs is not installed (pip install -e '.[docs]')")
    for mod in (
        "material",
        "mkdocstrings",
        "mkdocstrings_handlers.python",
        "mkdocs_jupyter",
        "mathjax",
        "matplotlib",
    ):
        pytest.importorskip(mod)
    site = tmp_path / "site"
    proc = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", str(site)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
        # the notebooks' execution is tested by tests/test_notebooks.py: render them unrun here
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1", "GROUPMAT_DOCS_EXECUTE_NOTEBOOKS": "false"},
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert (site / "index.html").is_file()
    api = (site / "api" / "group-matrices" / "index.html").read_text()
    assert "group_matrix" in api and "displacement_rank" in api
    assert (site / "results" / "benchmarks" / "index.html").is_file()
    pages = {p: p.read_text() for p in site.rglob("*.html")}
    # docstrings render: no Sphinx roles or directives left as text in the API reference
    for path, html in pages.items():
        if "api" in path.parts:
            for raw in (":class:`", ":func:`", ":meth:`", ":attr:`", ":mod:`", ".. math::"):
                assert raw not in html, (path, raw)
    groups = pages[site / "api" / "groups" / "index.html"]
    assert 'class="autorefs autorefs-internal"' in groups
    # offline maths: MathJax is served by the site, no page loads it from elsewhere
    assert (site / "javascripts" / "mathjax" / "tex-mml-chtml.js").is_file()
    assert any((site / "javascripts" / "mathjax" / "output").rglob("*.woff"))
    for path, html in pages.items():
        for src in re.findall(r"<script[^>]*\bsrc=[\"']([^\"']+)", html):
            if re.search(r"mathjax|katex", src, re.I):
                assert not re.match(r"(https?:)?//", src), (path, src)
    # pictures drawn at build time, shown on the concept and how-to pages
    figures = sorted(p.name for p in (site / "figures").glob("*.png"))
    assert len(figures) >= 6
    for page, fig in [
        ("concepts/group-matrices", "group-matrices.png"),
        ("concepts/displacement", "displacement-singular-values.png"),
        ("concepts/approximate-equivariance", "equivariance-vs-perturbation.png"),
        ("concepts/homogeneous-spaces", "orbit-matrices.png"),
        ("howto/custom-group", "cayley-graphs.png"),
    ]:
        assert f"figures/{fig}" in pages[site / page / "index.html"], page
    # the notebooks are pages of the site
    for nb in sorted((ROOT / "notebooks").glob("*.ipynb")):
        html = pages[site / "notebooks" / nb.stem / "index.html"]
        assert "jp-Notebook" in html and "Load mathjax" not in html, nb.name
