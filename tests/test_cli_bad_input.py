"""The ``groupmat`` command on careless and hostile input, its naming conventions and its round
trips: every error is one line without a Python class name, size guards answer before work,
and everything the command writes that determines a group reads back as that group."""

from __future__ import annotations

import io
import re
import sys
import time

import pytest

import groupmat as gm
from groupmat.cli import main, parse_spec

# a Python exception class name (ValueError, MemoryError, SizeLimitError, ...) in a message
PY_NAME = re.compile(r"\b[A-Z][A-Za-z]*(Error|Exception|Interrupt)\b")


@pytest.fixture
def cli(capsys, monkeypatch):
    """``cli(*args, stdin=None) -> (rc, stdout, stderr)`` through ``main`` in-process."""

    def call(*args: str, stdin: str | None = None) -> tuple[int, str, str]:
        if stdin is not None:
            monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
        try:
            rc = main(list(args))
        except SystemExit as exc:
            rc = int(exc.code or 0)
        out, err = capsys.readouterr()
        return rc, out, err

    return call


def order_of(cli, *args: str, stdin: str | None = None) -> int:
    import json

    rc, out, err = cli("info", *args, "--json", stdin=stdin)
    assert rc == 0, err
    return json.loads(out)["order"]


# ---------------------------------------------------------------------- one dihedral convention
@pytest.mark.parametrize("n", [1, 2, 3, 4, 6, 7])
def test_dihedral_names_agree_with_python_api(n):
    """``D<n>`` is gm.dihedral(n) of order 2n, as spatial_group's point group "D4" (order 8)."""
    G = parse_spec(f"D{n}")
    assert G.order == gm.dihedral(n).order == 2 * n
    assert G.name == f"D{n}"
    assert parse_spec(f"DihedralGroup({2 * n})").order == 2 * n  # GAP: the argument is the order
    assert parse_spec(f"Dih{n}").order == 2 * n


def test_dihedral_point_group_matches_spatial_group():
    S = gm.spatial_group((4, 4), "D4")
    assert S.order // 16 == parse_spec("D4").order == 8


def test_ambiguous_dihedral_name_gets_a_note(cli):
    rc, out, err = cli("info", "D4")
    assert rc == 0 and "order               8" in out
    assert err.startswith("groupmat: note: D4 is the dihedral group of order 8")
    assert "DihedralGroup(4)" in err
    rc, _, err = cli("info", "D3")  # odd: GAP has no D3, nothing to warn about
    assert rc == 0 and err == ""
    rc, _, err = cli("info", "DihedralGroup(8)")
    assert rc == 0 and err == ""


# ---------------------------------------------------------------------- round trips
@pytest.mark.parametrize("spec", ["Q8", "S3", "C5", "Dih4"])
@pytest.mark.parametrize(
    "write",
    [
        ("table", "--format", "text"),
        ("table", "--format", "text", "--labels"),
        ("table", "--format", "csv"),
        ("table", "--format", "csv", "--labels"),
        ("table", "--format", "latex"),
        ("matrix",),
        ("matrix", "--symbolic"),
        ("matrix", "--latex"),
        ("matrix", "--symbolic", "--latex"),
    ],
)
def test_written_tables_and_matrices_read_back(spec, write, cli, tmp_path):
    rc, out, err = cli(write[0], spec, *write[1:])
    assert rc == 0, err
    f = tmp_path / "written.txt"
    f.write_text(out)
    G = parse_spec(spec)
    H = parse_spec(str(f))
    assert H.order == G.order
    assert sorted(len(c) for c in H.conjugacy_classes()) == sorted(
        len(c) for c in G.conjugacy_classes()
    )
    assert order_of(cli, "-", stdin=out) == G.order  # and through a pipe


def test_csv_table_round_trip_as_in_the_issue(cli, tmp_path):
    rc, out, _ = cli("table", "Q8", "--format", "csv")
    assert rc == 0
    (tmp_path / "t.csv").write_text(out)
    assert order_of(cli, str(tmp_path / "t.csv")) == 8


def test_matrix_with_determinant_and_distinct_values_read_back(cli, tmp_path):
    rc, out, _ = cli("matrix", "S3", "--symbolic", "--determinant")
    assert rc == 0
    (tmp_path / "m.txt").write_text(out)
    assert parse_spec(str(tmp_path / "m.txt")).order == 6
    rc, out, _ = cli("matrix", "C3", "--values", "1.5,2,3")
    (tmp_path / "v.txt").write_text(out)
    assert parse_spec(str(tmp_path / "v.txt")).order == 3
    rc, out, _ = cli("matrix", "C3", "--values", "1,1,3")
    (tmp_path / "w.txt").write_text(out)
    rc, out, err = cli("info", str(tmp_path / "w.txt"))
    assert rc == 1 and "values differ" in err


@pytest.mark.parametrize("suffix", [".dot", ".graphml", ".gexf"])
def test_written_graphs_read_back(suffix, cli, tmp_path):
    f = tmp_path / f"g{suffix}"
    rc, _, err = cli("graph", "Dih4", "--out", str(f))
    assert rc == 0, err
    G = parse_spec(str(f))
    assert G.order == 8 and not G.is_abelian and G.center().order == 2


def test_corrupt_written_table_is_not_a_group(cli, tmp_path):
    rc, out, _ = cli("table", "C3", "--format", "csv")
    f = tmp_path / "bad.csv"
    f.write_text(out.replace("2,0,1", "2,0,7"))
    rc, out, err = cli("info", str(f))
    assert rc == 1 and "not a group" in err and "'7'" in err


def test_matrix_and_table_latex_name_elements_alike(cli):
    """matrix --latex --symbolic writes x_{w} with w exactly as table --format latex writes."""
    rc, table, _ = cli("table", "S3", "--format", "latex")
    header = table.splitlines()[1].split(r"\\")[0]
    words = {c.strip().strip("$") for c in header.split("&")[1:]}
    rc, matrix, _ = cli("matrix", "S3", "--symbolic", "--latex")
    assert rc == 0
    row = matrix.splitlines()[2].rstrip("\\ ")
    symbols = {c.strip() for c in row.split("&")}
    assert symbols == {f"x_{{{w}}}" for w in words}
    assert "x_{a^{-1}}" in symbols and "am1" not in matrix


# ---------------------------------------------------------------------- bad input, table-driven
BAD = [
    # (args, exit status, words in the one stderr line)
    (("info", "nonexistent.txt"), 1, "'nonexistent.txt' does not exist"),
    (("info", "/none"), 1, "'/none' does not exist"),
    (("info", "groups/my.group"), 1, "does not exist"),
    (("info", "SL(5,7)"), 1, "too large: SL(5,7) has 187035198320488089600 elements"),
    (("info", "GL(3,7)"), 1, "DEFAULT_MAX_ORDER"),
    (("info", "W(E8)"), 1, "696729600"),
    (("info", "C100000000"), 1, "too large"),
    (("info", "D100000000"), 1, "too large"),
    (("info", "(0 99999999)"), 1, "MAX_SPEC_DEGREE"),
    (("info", "[[1, 0, 99999999]]"), 1, "MAX_SPEC_DEGREE"),
    (("info", "[[]]"), 1, "at least one point"),
    (("info", "[[True, False]]"), 1, "integers"),
    (("info", "DihedralGroup(0)"), 1, ""),
    (("info", "PSL(3,7)"), 1, ""),
    (("info", "SL(2,4)"), 1, ""),
    (("bench", "--repeat", "0"), 2, "--repeat: expected a whole number >= 1, got 0"),
    (("bench", "--repeat", "-3"), 2, ">= 1"),
    (("bench", "--repeat", "2.5"), 2, ">= 1"),
    (("bench", "--repeat", "nan"), 2, ">= 1"),
    (("graph", "C3", "--out", "x.dot", "--dpi", "0"), 2, "--dpi"),
    (("matrix", "C2", "--values", "nan,1"), 1, "finite"),
    (("matrix", "C2", "--values", "1,inf"), 1, "finite"),
    (("matrix", "C2", "--values", "1,x"), 1, "numbers"),
    # a SPEC too long to be a file name is parsed as a SPEC, never "File name too long"
    (("info", "(" * 400 + "a" + ")" * 400), 1, "cannot read group spec '((((("),
    (("info", "x" * 300), 1, "cannot read group spec 'xxxxx"),
    (("info", "(0 " + "9" * 5000 + ")"), 1, "(5000 digits); a SPEC may use points 0..1048575"),
    (("info", "[[0, " + "9" * 5000 + "]]"), 1, "MAX_SPEC_DEGREE"),
    (("info", ", ".join(["(0 1048575)"] * 17)), 1, "above MAX_SPEC_ENTRIES=16_777_216"),
    (("info", "< a | " + "a*" * 5000 + "c >"), 1, "unknown generator 'c' at column 10007"),
]

LONG = [
    "(" * 400 + "a" + ")" * 400,
    "(" * 5000 + "a" + ")" * 5000,
    "x" * 100_000,
    "(0 " + "9" * 5000 + ")",
    "[[0, " + "9" * 5000 + "]]",
    "[[0, 1], " + "[0, 1, 2], " * 2000 + "x]",
    "(0 1)" * 2000 + ", (0 1 1)",
    "(0 1)" * 2000 + ", ,",
    "< a | " + "a*" * 5000 + "c >",
    "< a | " + "[a," * 5000 + "a" + "]" * 5000 + " >",
    "C" + "9" * 5000,
]


@pytest.mark.parametrize("spec", LONG, ids=lambda s: s[:12])
def test_long_spec_errors_are_brief(spec, cli):
    code, out, err = cli("info", spec)
    assert code == 1 and out == ""
    assert len(err) < 600, err[:700]
    assert "File name too long" not in err


def test_cycles_to_images_checks_the_largest_point_before_allocating(monkeypatch):
    from groupmat.cli import _spec

    def no_arange(*args, **kwargs):
        raise AssertionError("allocated before the size check")

    monkeypatch.setattr(_spec.np, "arange", no_arange)
    monkeypatch.setattr(_spec.np, "empty", no_arange)
    with pytest.raises(gm.errors.SizeLimitError, match="MAX_SPEC_DEGREE"):
        _spec._cycles_to_images("(0 99999999)")
    with pytest.raises(gm.errors.SizeLimitError, match="MAX_SPEC_ENTRIES"):
        _spec._cycles_to_images(", ".join(["(0 1048575)"] * 17))


def test_cycles_compose_left_to_right_like_gap():
    from groupmat.cli._spec import _cycles_to_images

    # (0 1)(1 2): first (0 1), then (1 2), as GAP (and sympy's Permutation product) compose
    assert _cycles_to_images("(0 1)(1 2)").tolist() == [[2, 0, 1]]
    assert _cycles_to_images("(0 1 2)(2 3)(0 3), (4)").tolist() == [
        [1, 0, 3, 2, 4],
        [0, 1, 2, 3, 4],
    ]


@pytest.mark.parametrize(("args", "rc", "words"), BAD)
def test_bad_input_is_one_clear_line_fast(args, rc, words, cli):
    t0 = time.perf_counter()
    code, out, err = cli(*args)
    elapsed = time.perf_counter() - t0
    assert code == rc, (code, out, err)
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("groupmat") and out == ""
    assert words in lines[0]
    assert not PY_NAME.search(lines[0]), lines[0]
    assert elapsed < 2.0, f"{args} took {elapsed:.1f} s"


@pytest.mark.parametrize(
    ("exc", "rc", "words"),
    [
        (MemoryError(), 1, "out of memory"),
        (MemoryError("Unable to allocate 74.5 GiB for an array"), 1, "out of memory"),
        (ValueError("zero-size array to reduction operation maximum"), 3, "internal error"),
        (RecursionError("maximum recursion depth exceeded"), 1, "nested too deeply"),
        (gm.SizeLimitError("the group has 10 elements > 5"), 1, "too large: the group"),
        (gm.CosetEnumerationError("coset limit reached"), 1, "coset enumeration gave up"),
        (FileNotFoundError(2, "No such file or directory", "x.png"), 1, "cannot access x.png"),
        (ZeroDivisionError("division by zero"), 3, "report it"),
    ],
)
def test_exceptions_map_to_messages_without_python_names(exc, rc, words, cli, monkeypatch):
    import groupmat.cli._main as cm

    def boom(args):
        raise exc

    monkeypatch.setattr(cm, "cmd_info", boom)
    code, out, err = cli("info", "C2")
    assert code == rc and out == ""
    line = err.strip()
    assert words in line and not PY_NAME.search(line), line


def test_keyboard_interrupt_exits_130(cli, monkeypatch):
    import groupmat.cli._main as cm

    def interrupted(args):
        raise KeyboardInterrupt

    monkeypatch.setattr(cm, "cmd_info", interrupted)
    code, out, err = cli("info", "C2")
    assert code == 130 and out == "" and err.strip() == "groupmat: interrupted"


def test_traceback_flag_still_raises(cli, monkeypatch):
    import groupmat.cli._main as cm

    def boom(args):
        raise MemoryError

    monkeypatch.setattr(cm, "cmd_info", boom)
    with pytest.raises(MemoryError):
        main(["--traceback", "info", "C2"])
