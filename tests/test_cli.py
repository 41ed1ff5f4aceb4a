"""The ``groupmat`` command.

A few tests run it as a user does: the installed console script in a subprocess (through
``python -m groupmat.cli`` when the script is not installed, e.g. before ``pip install -e .``).
The detailed output checks call :func:`groupmat.cli.main` in-process (no interpreter start-up per
case), which runs the same code path: argument parsing, the command, error handling."""

from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import groupmat as gm
from groupmat.cli import SpecError, main, parse_spec

# the console script of this interpreter's environment (not another install on PATH)
SCRIPT = shutil.which("groupmat", path=str(Path(sys.executable).parent))
BASE = [SCRIPT] if SCRIPT else [sys.executable, "-m", "groupmat.cli"]


def run(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    """The installed command in a subprocess."""
    return subprocess.run(
        [*BASE, *args], capture_output=True, text=True, input=stdin, timeout=120, check=False
    )


@pytest.fixture
def cli(capsys, monkeypatch):
    """``cli(*args, stdin=None) -> (rc, stdout, stderr)`` through ``main`` in-process."""

    def call(*args: str, stdin: str | None = None) -> tuple[int, str, str]:
        if stdin is not None:
            monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
        try:
            rc = main(list(args))
        except SystemExit as exc:  # argparse usage errors and --version
            rc = int(exc.code or 0)
        out, err = capsys.readouterr()
        return rc, out, err

    return call


@pytest.fixture
def ok(cli):
    def call(*args: str, stdin: str | None = None) -> str:
        rc, out, err = cli(*args, stdin=stdin)
        assert rc == 0, err
        assert err == ""
        return out

    return call


@pytest.fixture
def fails(cli):
    def call(*args: str, rc: int = 1) -> str:
        code, out, err = cli(*args)
        assert code == rc, (code, out, err)
        lines = err.strip().splitlines()
        assert len(lines) == 1, err
        assert out == ""
        return lines[0]

    return call


# ---------------------------------------------------------------------- the installed command
def test_installed_command_runs():
    proc = run("info", "PSL(2,7)")
    assert proc.returncode == 0, proc.stderr
    assert "order               168" in proc.stdout
    assert "character degrees   1, 3^2, 6, 7, 8" in proc.stdout
    proc = run("classes", "-", stdin="D4\n")  # order 8: 5 classes
    assert proc.returncode == 0 and len(proc.stdout.strip().splitlines()) == 6


@pytest.mark.parametrize(
    ("args", "rc", "words"),
    [
        (("info", "< a, b | a^2, b^^3 >"), 1, "bad presentation: dangling '^'"),
        (("info", "nonsense"), 1, "cannot read group spec"),
        (("frobnicate",), 2, "invalid choice"),
    ],
)
def test_installed_command_errors_are_one_line(args, rc, words):
    proc = run(*args)
    assert proc.returncode == rc
    assert "Traceback" not in proc.stderr and proc.stdout == ""
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("groupmat") and words in lines[0]


def test_console_script_installed():
    if SCRIPT is None:
        pytest.skip(
            "the groupmat console script is not installed in this environment "
            "(pip install -e .); the tests ran through python -m groupmat.cli"
        )
    proc = run("--version")
    assert proc.returncode == 0 and proc.stdout.startswith("groupmat ")


# ---------------------------------------------------------------------- spec parsing
@pytest.mark.parametrize(
    ("spec", "order"),
    [
        ("C12", 12),
        ("Z7", 7),
        ("D4", 8),
        ("D8", 16),
        ("d5", 10),
        ("D3", 6),
        ("D1", 2),
        ("Dih4", 8),
        ("DihedralGroup(8)", 8),
        ("dihedral(4)", 8),
        ("D4 x C2", 16),
        ("Q8", 8),
        ("Q16", 16),
        ("Dic3", 12),
        ("V4", 4),
        ("S4", 24),
        ("A5", 60),
        ("PSL(2,7)", 168),
        ("psl(2, 5)", 60),
        ("PGL(2,5)", 120),
        ("SL(2,3)", 24),
        ("GL(2,3)", 48),
        ("M11", 7920),
        ("W(B3)", 48),
        ("1", 1),
        ("S3 x C4", 24),
        ("C2xC2xC2", 8),
        ("p4m:4x4", 128),
        ("p4:3", 36),
        ("p1:2x5", 10),
        ("pmm:2x4", 32),
        ("p6m:3", 108),
        ("pg:4x6", 48),
        ("p4g:2", 32),
        ("[[1,2,0],[1,0,2]]", 6),
        ("[1, 2, 3, 0]", 4),
        ("(0 1 2)(3 4), (0 1)", 12),
        ("(0,1,2); (0,1)", 6),
        ("(0 1 2 3 4)", 5),
        ("< a, b | a^2, b^3, (a*b)^5 >", 60),
        ("<a|a^6>", 6),
    ],
)
def test_parse_spec_orders(spec, order):
    assert parse_spec(spec).order == order


def test_cycle_notation_composes_left_to_right():
    # (0 1)(1 2) as GAP: first (0 1), then (1 2): 0 -> 1 -> 2, 1 -> 0, 2 -> 1
    G = parse_spec("(0 1)(1 2)")
    assert G.permutations is None or [2, 0, 1] in G.permutations.tolist()
    assert G.order == 3


@settings(max_examples=30, deadline=None)
@given(st.lists(st.permutations(list(range(5))), min_size=1, max_size=3))
def test_image_lists_and_cycles_agree(perms):
    """The same generators written as image lists and as cycles give the same group."""

    def cycles(p):
        seen, out = set(), []
        for s in range(len(p)):
            if s in seen or p[s] == s:
                continue
            c, x = [], s
            while x not in seen:
                seen.add(x)
                c.append(x)
                x = p[x]
            out.append("(" + " ".join(map(str, c)) + ")")
        return "".join(out) or "()"

    a = parse_spec(json.dumps([list(p) for p in perms]))
    b = parse_spec(", ".join(cycles(p) for p in perms))
    assert a.order == b.order
    assert sorted(len(c) for c in a.conjugacy_classes()) == sorted(
        len(c) for c in b.conjugacy_classes()
    )


@pytest.mark.parametrize(
    ("spec", "words"),
    [
        ("DihedralGroup(7)", "order, which is even"),
        ("p4m", "torus size"),
        ("p3m1", "torus size"),
        ("nonsense", "cannot read group spec"),
        ("(0 1 1)", "repeats"),
        ("[[1, 'a']]", "integers"),
        ("", "empty"),
        ("[[1,2]", "cannot read"),
        ("((0 1)", "cycles"),
    ],
)
def test_parse_spec_errors(spec, words):
    with pytest.raises(SpecError, match=words):
        parse_spec(spec)


def test_parse_spec_library_errors_pass_through():
    with pytest.raises(gm.NotAGroupError):
        parse_spec("[[1, 1, 0]]")
    with pytest.raises(gm.PresentationError):
        parse_spec("< a | b >")
    with pytest.raises(gm.SizeLimitError):
        parse_spec("S13")


def test_spec_from_file(tmp_path):
    f = tmp_path / "a5.txt"
    f.write_text("# A5 on five points\n[[1,2,3,4,0],\n [1,2,0,3,4]]\n")
    assert parse_spec(str(f)).order == 60


# ---------------------------------------------------------------------- commands
def test_info_text_and_json(ok):
    out = ok("info", "PSL(2,7)")
    assert "order               168" in out
    assert "character degrees   1, 3^2, 6, 7, 8" in out
    assert "solvable            no" in out
    d = json.loads(ok("info", "C12", "--json"))
    assert d["order"] == 12 and d["abelian_invariants"] == [3, 4]
    assert d["character_degrees"] == [1] * 12 and d["solvable"] and d["center_order"] == 12
    d = json.loads(ok("info", "p4m:8x8", "--json"))
    assert d["order"] == 512 and d["group"] == "p4m on a 8x8 torus"
    assert sum(x * x for x in d["character_degrees"]) == 512
    assert sum(d["class_sizes"]) == 512


def test_info_matches_library(ok):
    G = gm.symmetric(4)
    d = json.loads(ok("info", "S4", "--json"))
    assert d["class_sizes"] == [len(c) for c in G.conjugacy_classes()]
    assert d["derived_subgroup_order"] == G.derived_subgroup().order == 12
    assert d["abelian_invariants"] == G.abelian_invariants() == [2]
    assert d["character_degrees"] == [1, 1, 2, 3, 3]


def test_info_reads_stdin_and_files(tmp_path, ok):
    assert json.loads(ok("info", "-", "--json", stdin="Q8\n"))["order"] == 8
    f = tmp_path / "g.txt"
    f.write_text("< a, b | a^4, b^2, (a*b)^2 >\n")
    assert json.loads(ok("info", str(f), "--json"))["order"] == 8


@pytest.mark.parametrize("fmt", ["text", "csv", "latex"])
def test_table_formats(fmt, ok):
    out = ok("table", "S3", "--format", fmt)
    T = gm.symmetric(3).table
    if fmt == "csv":
        rows = list(csv.reader(io.StringIO(out)))
        assert rows[0] == ["", *map(str, range(6))]
        assert np.array_equal(np.array([r[1:] for r in rows[1:]], dtype=int), T)
    elif fmt == "text":
        body = [ln.split("|")[1].split() for ln in out.strip().splitlines()[2:]]
        assert np.array_equal(np.array(body, dtype=int), T)
    else:
        assert out.startswith("\\begin{tabular}{c|cccccc}") and "$a^{-1}$" in out
        assert out.strip().endswith("\\end{tabular}")


def test_table_labels_and_guard(ok, fails):
    out = ok("table", "C3", "--labels")
    assert "a^-1" in out
    msg = fails("table", "S6")
    assert "order 720" in msg and "--force" in msg


def test_matrix_is_group_matrix(ok):
    out = ok("matrix", "Dih4")
    G = gm.dihedral(4)
    rows = [ln.split() for ln in out.strip().splitlines()[1:9]]
    M = np.array(rows, dtype=int)
    inv, T = G.inverse, G.table
    assert np.array_equal(M, T[inv])  # M[i, j] = index of g_i^-1 g_j
    assert "g1 = r" in out


def test_matrix_symbolic_latex_values_determinant(ok, fails):
    out = ok("matrix", "C3", "--symbolic")
    assert out.splitlines()[1].split() == ["x[1]", "x[a]", "x[a^-1]"]  # as table --labels
    assert out.splitlines()[2].split() == ["x[a^-1]", "x[1]", "x[a]"]  # circulant
    out = ok("matrix", "C3", "--symbolic", "--latex", "--determinant")
    assert "\\begin{pmatrix}" in out and "x_{e} & x_{a} & x_{a^{-1}}" in out
    assert "x_{e} + x_{a} + x_{a^{-1}}" in out  # the trivial character's linear factor
    out = ok("matrix", "C2", "--values", "5,7")
    assert out.splitlines()[1:3] == ["5 7", "7 5"]
    out = ok("matrix", "S3", "--determinant")
    det, degrees = out.strip().splitlines()[-2:]
    assert det.startswith("det = ") and ")**2" in det  # the degree-2 irrep's factor, squared
    assert degrees.endswith("1, 1, 2^2")
    assert "--values needs 3 numbers" in fails("matrix", "C3", "--values", "1,2")
    assert "limited to order 8" in fails("matrix", "C12", "--determinant")


def test_classes(ok):
    out = ok("classes", "A5")
    lines = out.strip().splitlines()
    assert len(lines) == 6
    sizes = sorted(int(ln.split()[1]) for ln in lines[1:])
    assert sizes == [1, 12, 12, 15, 20]
    data = json.loads(ok("classes", "S3", "--json", "--elements"))
    assert [d["size"] for d in data] == [1, 2, 3]
    assert sorted(x for d in data for x in d["elements"]) == list(range(6))
    assert all(d["size"] * d["centralizer_order"] == 6 for d in data)


def test_graph_dot_graphml(tmp_path, ok):
    import networkx as nx

    out = tmp_path / "d8.graphml"
    assert "8 nodes, 16 edges" in ok("graph", "Dih4", "--out", str(out))
    g = nx.read_graphml(out)
    assert g.number_of_nodes() == 8 and g.number_of_edges() == 16
    dot = tmp_path / "c5.dot"
    ok("graph", "C5", "--out", str(dot))
    text = dot.read_text()
    assert text.startswith("digraph cayley {") and text.count("->") == 5


def test_graph_png(tmp_path, ok):
    pytest.importorskip("matplotlib")
    out = tmp_path / "q8.png"
    ok("graph", "Q8", "--out", str(out))
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_graph_errors(tmp_path, fails):
    assert "unknown output type" in fails("graph", "C4", "--out", str(tmp_path / "x.bmpx"))
    assert "--force" in fails("graph", "S6", "--out", str(tmp_path / "s6.png"))


def test_bench_builtin_output(tmp_path, ok, monkeypatch):
    import groupmat.cli._bench as cb

    rows = [{"task": "closure M11 (7920)", "best_ms": 3.5, "result": "order 7920"}]
    monkeypatch.setattr(cb, "quick_benchmark", lambda repeat: rows)
    out = tmp_path / "bench.json"
    text = ok("bench", "--builtin", "--json", str(out))
    assert json.loads(out.read_text()) == rows
    assert "closure M11 (7920)" in text and "order 7920" in text


@pytest.mark.slow
def test_bench_builtin(tmp_path, ok):
    out = tmp_path / "bench.json"
    text = ok("bench", "--builtin", "--repeat", "1", "--json", str(out))
    rows = json.loads(out.read_text())
    assert {r["task"] for r in rows} >= {"closure M11 (7920)", "character table PSL(2,11)"}
    assert "order 7920" in text


@pytest.mark.slow
def test_bench_script_quick():
    if not (Path(__file__).resolve().parents[1] / "benchmarks" / "algebra.py").is_file():
        pytest.skip("no benchmarks/ checkout")
    proc = run("bench")  # the script writes to the real stdout: run the command as a user does
    assert proc.returncode == 0, proc.stderr
    assert "PSL(2,5)" in proc.stdout and "sympy" in proc.stdout


@pytest.mark.parametrize(
    ("args", "rc", "words"),
    [
        (("info", "nonsense"), 1, "cannot read group spec"),
        (("info", "DihedralGroup(7)"), 1, "even"),
        (("info", "< a, b | a^2, b^^3 >"), 1, "bad presentation"),
        (("info", "[[0, 0, 1]]"), 1, "not a group"),
        (("info", "S13"), 1, "too large"),
        (("info", "/no/such/file.txt"), 1, "does not exist"),
        (("frobnicate",), 2, "invalid choice"),
        (("info",), 2, "SPEC"),
        (("table", "S3", "--format", "xml"), 2, "invalid choice"),
    ],
)
def test_errors_are_one_line(args, rc, words, fails):
    line = fails(*args, rc=rc)
    assert line.startswith("groupmat") and words in line
