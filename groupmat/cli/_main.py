"""The ``groupmat`` command: look at a finite group from the shell.

::

    groupmat info "PSL(2,7)"                       # order, classes, centre, invariants, degrees
    groupmat table S3 --format latex --labels      # Cayley table
    groupmat matrix C4 --symbolic                  # group matrix M[i, j] = x(g_i^-1 g_j)
    groupmat classes "< a, b | a^2, b^3, (a*b)^5 >"
    groupmat graph D8 --out d8.png                 # Cayley graph (.png .svg .pdf .dot .graphml)
    groupmat bench                                 # quick benchmark

SPEC is a presentation, permutations (image lists or cycles), a name (``C12``, ``D8``, ``Q8``,
``S4``, ``A5``, ``PSL(2,7)``, ``W(E6)``, ``S3 x C4``, ``p4m:16x16``), ``-`` or a file: see
:mod:`groupmat.cli._spec`. Errors print one line to stderr and exit with status 1 (2 for usage
errors); ``--traceback`` shows the Python traceback instead.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any, NoReturn

import numpy as np

from groupmat.algebra.matrices import MAX_DETERMINANT_ORDER  # the API's guard for exact factoring
from groupmat.cli._format import (
    csv_table,
    dot_graph,
    latex_matrix,
    latex_table,
    latex_word,
    text_table,
)
from groupmat.cli._spec import SPEC_HELP, parse_spec

__all__ = ["main"]

#: Largest order printed as an ``n x n`` table or matrix without ``--force``.
MAX_PRINT_ORDER = 200
#: Largest order whose Cayley graph is drawn as an image without ``--force``.
MAX_DRAW_ORDER = 500


class CliError(Exception):
    """A user error found by the command itself (bad option combination, size guard)."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:  # one line, not usage + error
        self.exit(2, f"{self.prog}: error: {message} (see '{self.prog} --help')\n")


# ---------------------------------------------------------------------- commands
def _spec(spec: str) -> Any:
    """:func:`parse_spec`, its notes (how an ambiguous name was read) printed to stderr; a
    plain ``ValueError``/``TypeError`` while building the group is the SPEC's fault."""
    from groupmat.cli._spec import SpecError, brief
    from groupmat.errors import GroupmatError

    notes: list[str] = []
    try:
        G = parse_spec(spec, notes=notes)
    except (ValueError, TypeError) as exc:
        if isinstance(exc, GroupmatError):
            raise
        raise SpecError(f"cannot build a group from {brief(spec)}: {_first_line(exc)}") from None
    for note in notes:
        sys.stderr.write(f"groupmat: note: {note}\n")
    return G


def _positive_int(text: str) -> int:
    """argparse type: an integer >= 1 (``--repeat 0`` would time nothing and print inf)."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number >= 1, got {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number >= 1, got {value}")
    return value


def _group_name(G: Any, spec: str) -> str:
    spatial = getattr(G, "spatial", None)
    if spatial is not None:
        return spatial.name
    return G.name or spec


def _info(G: Any, spec: str) -> dict[str, Any]:
    classes = G.conjugacy_classes()
    center, derived = G.center(), G.derived_subgroup()
    return {
        "group": _group_name(G, spec),
        "order": G.order,
        "generators": [
            {"name": name, "index": int(i), "order": int(G.element_orders()[i])}
            for name, i in zip(G.generator_names, G.generators, strict=True)
        ],
        "exponent": int(G.exponent),
        "abelian": bool(G.is_abelian),
        "solvable": bool(G.is_solvable),
        "num_classes": len(classes),
        "class_sizes": [len(c) for c in classes],
        "center_order": int(center.order),
        "derived_subgroup_order": int(derived.order),
        "abelian_invariants": [int(x) for x in G.abelian_invariants()],
        "character_degrees": [int(x) for x in G.character_degrees()],
    }


def _compress(values: list[int]) -> str:
    """``[1, 1, 1, 2]`` -> ``1^3, 2`` (GAP-like multiplicities)."""
    out, i = [], 0
    while i < len(values):
        j = i
        while j < len(values) and values[j] == values[i]:
            j += 1
        out.append(f"{values[i]}" + (f"^{j - i}" if j - i > 1 else ""))
        i = j
    return ", ".join(out) if out else "-"


def cmd_info(args: argparse.Namespace) -> str:
    G = _spec(args.spec)
    d = _info(G, args.spec)
    if args.json:
        return json.dumps(d, indent=2)
    gens = ", ".join(
        f"{g['name']} (index {g['index']}, order {g['order']})" for g in d["generators"]
    )
    z, dz, n = d["center_order"], d["derived_subgroup_order"], d["order"]
    inv = d["abelian_invariants"]
    rows = [
        ("group", d["group"]),
        ("order", str(n)),
        ("generators", gens or "none"),
        ("exponent", str(d["exponent"])),
        ("abelian", "yes" if d["abelian"] else "no"),
        ("solvable", "yes" if d["solvable"] else "no"),
        (
            "classes",
            f"{d['num_classes']}, sizes {d['class_sizes']}"
            if d["num_classes"] <= 40
            else f"{d['num_classes']}, sizes {_compress(sorted(d['class_sizes']))}",
        ),
        ("centre", f"order {z}" + (" (the whole group)" if z == n else "")),
        ("derived subgroup", f"order {dz}" + (" (perfect)" if dz == n else "")),
        ("abelian invariants", str(inv) + ("  (perfect group)" if not inv else "")),
        (
            "character degrees",
            _compress(d["character_degrees"])
            + f"  (sum of squares {sum(x * x for x in d['character_degrees'])})",
        ),
    ]
    w = max(len(k) for k, _ in rows)
    return "\n".join(f"{k.ljust(w)}  {v}" for k, v in rows)


def cmd_classes(args: argparse.Namespace) -> str:
    G = _spec(args.spec)
    classes = G.conjugacy_classes()
    orders = G.element_orders()
    data = [
        {
            "class": k,
            "size": int(c.size),
            "representative": int(c[0]),
            "label": G.label(int(c[0])),
            "element_order": int(orders[c[0]]),
            "centralizer_order": G.order // int(c.size),
            **({"elements": [int(x) for x in c]} if args.elements else {}),
        }
        for k, c in enumerate(classes)
    ]
    if args.json:
        return json.dumps(data, indent=2)
    head = ["class", "size", "order", "|C(g)|", "representative"]
    rows = [
        [
            str(d["class"]),
            str(d["size"]),
            str(d["element_order"]),
            str(d["centralizer_order"]),
            f"{d['label']} (index {d['representative']})",
        ]
        for d in data
    ]
    w = [max(len(r[i]) for r in [head, *rows]) for i in range(len(head))]
    lines = ["  ".join(h.rjust(w[i]) if i < 4 else h for i, h in enumerate(head))]
    for d, r in zip(data, rows, strict=True):
        lines.append("  ".join(x.rjust(w[i]) if i < 4 else x for i, x in enumerate(r)))
        if args.elements:
            lines.append("      elements: " + ", ".join(G.label(int(x)) for x in d["elements"]))
    return "\n".join(lines)


def _check_print_size(G: Any, force: bool, what: str) -> None:
    if G.order > MAX_PRINT_ORDER and not force:
        raise CliError(
            f"the {what} of a group of order {G.order} has {G.order**2} entries; "
            f"printing is limited to order {MAX_PRINT_ORDER} (pass --force to print anyway)"
        )


def _render(cells: list[list[str]], rows: list[str], cols: list[str], fmt: str) -> str:
    if fmt == "csv":
        return csv_table(cells, rows, cols)
    if fmt == "latex":
        return latex_table(cells, rows, cols)
    return text_table(cells, rows, cols)


def cmd_table(args: argparse.Namespace) -> str:
    G = _spec(args.spec)
    _check_print_size(G, args.force, "Cayley table")
    T = G.cayley_table(force=args.force)
    if args.labels or args.format == "latex":
        names = [latex_word(x) for x in G.labels()] if args.format == "latex" else G.labels()
    else:
        names = [str(i) for i in range(G.order)]
    cells = [[names[x] for x in row] for row in T.tolist()]
    return _render(cells, names, names, args.format)


def _group_matrix(G: Any, a: Any) -> Any:
    """``M[i, j] = a(g_i^{-1} g_j)``."""
    from groupmat.algebra.matrices._group_matrix import group_matrix

    return group_matrix(G, a, force=True)


def cmd_matrix(args: argparse.Namespace) -> str:
    G = _spec(args.spec)
    n = G.order
    _check_print_size(G, args.force, "group matrix")
    if args.values is not None:
        try:
            a = [float(v) for v in args.values.replace(",", " ").split()]
        except ValueError:
            raise CliError(f"--values must be {n} numbers, got {args.values!r}") from None
        bad = [v for v in a if not np.isfinite(v)]
        if bad:
            raise CliError(f"--values must be finite numbers, got {bad[0]} in {args.values!r}")
        if len(a) != n:
            raise CliError(f"--values needs {n} numbers (one per element), got {len(a)}")
        a = [int(v) if float(v).is_integer() else v for v in a]
        cells = [[str(x) for x in row] for row in np.asarray(_group_matrix(G, a)).tolist()]
        legend = ""
    else:
        from groupmat.algebra.matrices._group_matrix import group_matrix_index

        if args.symbolic:
            names = _symbol_names(G, args.latex)
            idx = group_matrix_index(G, force=True)
            cells = [[names[k] for k in row] for row in idx.tolist()]
            legend = (
                "x_{w} = a(w) for the element with shortest word w, written as in "
                "'table --format latex' (x_{e}: the identity)"
                if args.latex
                else "x[w] = a(w) for the element with shortest word w, written as in "
                "'table --labels' (x[1]: the identity)"
            )
        else:
            cells = [[str(k) for k in row] for row in group_matrix_index(G, force=True).tolist()]
            legend = "entry k = a(g_k): " + ", ".join(
                f"g{k} = {w}" for k, w in enumerate(G.labels())
            )
    if args.latex:
        out = latex_matrix(cells)
    else:
        width = max(len(c) for row in cells for c in row)
        out = "\n".join(" ".join(c.rjust(width) for c in row) for row in cells)
    head = f"M[i, j] = a(g_i^-1 g_j) for {_group_name(G, args.spec)} (order {n})"
    parts = [("% " if args.latex else "") + head, out]
    if legend:
        parts.append(("% " if args.latex else "") + legend)
    if args.determinant:
        parts.append(_determinant(G, args.latex))
    return "\n".join(parts)


def _symbol_names(G: Any, latex: bool) -> list[str]:
    """One symbol per element, named by its shortest word as ``table`` writes it: ``x[a^-1]``
    (text, as ``table --labels``) or ``x_{a^{-1}}`` (LaTeX, as ``table --format latex``)."""
    labels = G.labels()
    if latex:
        return [f"x_{{{latex_word(w)}}}" for w in labels]
    return [f"x[{w}]" for w in labels]


def _determinant(G: Any, latex: bool) -> str:
    """Frobenius' group determinant ``det(x(g_i^-1 g_j))``, factorised into absolutely
    irreducible factors (:func:`~groupmat.group_determinant`, whose size guard applies)."""
    import sympy

    from groupmat.algebra.matrices._group_determinant import group_determinant

    n = G.order
    if n > MAX_DETERMINANT_ORDER:
        raise CliError(
            f"--determinant is limited to order {MAX_DETERMINANT_ORDER} (exact multivariate "
            f"factorisation takes minutes beyond); got order {n}: use "
            "groupmat.group_determinant(G, factor=True, section=3)"
        )
    text = _symbol_names(G, latex=False)
    syms = [sympy.Symbol(t) for t in text]
    F = group_determinant(G, factor=True, symbols=syms)
    degrees = ", ".join(f"{d}^{m}" if m > 1 else str(d) for d, m in F.degrees)
    if latex:
        names = dict(zip(syms, _symbol_names(G, latex=True), strict=True))
        det = sympy.latex(F.as_expr(), symbol_names=names)
        return f"% det = {det}\n% factor degrees (^multiplicity): {degrees}"
    return f"det = {F.as_expr()}\nfactor degrees (^multiplicity): {degrees}"


def cmd_graph(args: argparse.Namespace) -> str:
    G = _spec(args.spec)
    out = Path(args.out)
    suffix = out.suffix.lower()
    graph = G.cayley_graph()
    if suffix == ".graphml":
        import networkx as nx

        nx.write_graphml(graph, out)
    elif suffix == ".gexf":
        import networkx as nx

        nx.write_gexf(graph, out)
    elif suffix in (".dot", ".gv"):
        out.write_text(dot_graph(graph, G.generator_names))
    elif suffix in (".png", ".svg", ".pdf", ".jpg", ".jpeg"):
        if G.order > MAX_DRAW_ORDER and not args.force:
            raise CliError(
                f"drawing {G.order} nodes makes an unreadable picture; the limit is "
                f"{MAX_DRAW_ORDER} (pass --force, or write .graphml/.dot for a graph tool)"
            )
        try:
            import matplotlib

            matplotlib.use("Agg")
        except ImportError:
            raise CliError(
                "drawing needs matplotlib: pip install 'groupmat[plot]' (or write .dot/.graphml)"
            ) from None
        from groupmat.plot import plot_cayley_graph

        ax = plot_cayley_graph(G, layout=args.layout, labels=not args.no_labels)
        ax.figure.savefig(out, dpi=args.dpi, bbox_inches="tight")
    else:
        raise CliError(
            f"unknown output type {suffix or '(none)'!r} for {out}: use .png, .svg, .pdf, .dot, "
            ".graphml or .gexf"
        )
    return f"wrote {out} ({G.order} nodes, {graph.number_of_edges()} edges)"


def cmd_bench(args: argparse.Namespace) -> str:
    from groupmat.cli._bench import run_bench

    try:
        return run_bench(
            args.script,
            builtin=args.builtin,
            full=args.full,
            json_path=args.json,
            repeat=args.repeat,
        )
    except RuntimeError as exc:
        raise CliError(str(exc)) from None


# ---------------------------------------------------------------------- parser and main
def build_parser() -> argparse.ArgumentParser:
    from groupmat import __version__

    p = _Parser(
        prog="groupmat",
        description="Finite groups as arrays: inspect a group, print "
        "its Cayley table or group matrix, draw its Cayley graph.",
        epilog=f"SPEC: {SPEC_HELP}.",
    )
    p.add_argument("--version", action="version", version=f"groupmat {__version__}")
    p.add_argument("--traceback", action="store_true", help="show Python tracebacks on errors")
    sub = p.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    sub.required = True

    def add(name: str, func: Any, help_: str, spec: bool = True) -> argparse.ArgumentParser:
        sp = sub.add_parser(name, help=help_, description=help_)
        if spec:
            sp.add_argument("spec", metavar="SPEC", help=SPEC_HELP)
        sp.set_defaults(func=func)
        return sp

    sp = add(
        "info",
        cmd_info,
        "order, generators, classes, centre, derived subgroup, abelian "
        "invariants, character degrees, solvability",
    )
    sp.add_argument("--json", action="store_true", help="print JSON")
    sp = add("table", cmd_table, "the Cayley table T[i, j] = index of g_i * g_j")
    sp.add_argument("--format", choices=("text", "csv", "latex"), default="text")
    sp.add_argument("--labels", action="store_true", help="shortest words instead of indices")
    sp.add_argument("--force", action="store_true", help=f"print beyond order {MAX_PRINT_ORDER}")
    sp = add("matrix", cmd_matrix, "the group matrix M[i, j] = a(g_i^-1 g_j)")
    sp.add_argument("--symbolic", action="store_true", help="entries x_k = a(g_k) as symbols")
    sp.add_argument("--latex", action="store_true", help="print a LaTeX pmatrix")
    sp.add_argument("--values", help="the n values a(g_0), ..., a(g_{n-1}) (comma separated)")
    sp.add_argument(
        "--determinant",
        action="store_true",
        help="also print Frobenius' group determinant, factorised (order <= "
        f"{MAX_DETERMINANT_ORDER})",
    )
    sp.add_argument("--force", action="store_true", help=f"print beyond order {MAX_PRINT_ORDER}")
    sp = add(
        "classes",
        cmd_classes,
        "conjugacy classes: size, element order, centraliser order, representative",
    )
    sp.add_argument("--elements", action="store_true", help="list the elements of each class")
    sp.add_argument("--json", action="store_true", help="print JSON")
    sp = add("graph", cmd_graph, "write the Cayley graph (.png .svg .pdf .dot .graphml .gexf)")
    sp.add_argument("--out", required=True, help="output file; its suffix picks the format")
    sp.add_argument(
        "--layout",
        default="auto",
        choices=("auto", "kamada_kawai", "spring", "circular", "shell", "spectral"),
    )
    sp.add_argument("--no-labels", action="store_true", help="no word labels on the nodes")
    sp.add_argument("--dpi", type=_positive_int, default=150)
    sp.add_argument("--force", action="store_true", help=f"draw beyond order {MAX_DRAW_ORDER}")
    sp = add(
        "bench",
        cmd_bench,
        "quick benchmark: benchmarks/<script>.py --quick from a source "
        "checkout, else a built-in set of timings",
        spec=False,
    )
    sp.add_argument("--script", default="algebra", help="benchmark script name (default algebra)")
    sp.add_argument("--full", action="store_true", help="run the script's full (slow) setting")
    sp.add_argument("--builtin", action="store_true", help="run the built-in timings")
    sp.add_argument(
        "--repeat", type=_positive_int, default=3, help="built-in timings: best of N >= 1 runs"
    )
    sp.add_argument("--json", metavar="PATH", help="also write the results as JSON")
    return p


#: What the user reads before a library error's message, instead of a Python class name.
_KINDS = (
    ("PresentationError", "bad presentation"),
    ("NotAGroupError", "not a group"),
    ("SizeLimitError", "too large"),
    ("CosetEnumerationError", "coset enumeration gave up"),
    ("InfiniteGroupError", "infinite group"),
    ("NotAnElementError", "not an element"),
    ("CrystallographicGroupError", "bad wallpaper group"),
)


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return text[0].strip() if text else ""


def _user_message(exc: BaseException) -> tuple[str, int]:
    """``(one line for stderr, exit status)`` for an exception: never a Python class name.

    Library errors (:class:`~groupmat.errors.GroupmatError`) and the command's own errors are
    the user's (status 1); memory and recursion exhaustion say what to do (status 1);
    anything else is a bug in groupmat (status 3)."""
    from groupmat.cli._spec import SpecError
    from groupmat.errors import GroupmatError

    msg = _first_line(exc)
    if isinstance(exc, (CliError, SpecError)):
        return f"error: {msg}", 1
    if isinstance(exc, GroupmatError):
        names = {cls.__name__ for cls in type(exc).__mro__}
        kind = next((k for name, k in _KINDS if name in names), None)
        return (f"error: {kind}: {msg}" if kind else f"error: {msg}"), 1
    if isinstance(exc, MemoryError):
        return (
            "error: out of memory: the group or the requested object is too large for this "
            "machine; try a smaller group (the size limits are listed in the README)",
            1,
        )
    if isinstance(exc, RecursionError):
        return "error: the input is nested too deeply; flatten brackets or split it", 1
    if isinstance(exc, OSError):
        where = f" {exc.filename}" if getattr(exc, "filename", None) else ""
        return f"error: cannot access{where}: {exc.strerror or msg}", 1
    detail = f": {msg}" if msg else ""
    return f"internal error{detail} (rerun with --traceback and report it)", 3


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``groupmat`` console script; returns the exit status (0 success,
    1 an error in the input or a size guard, 2 a usage error, 3 a bug, 130 interrupted)."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        out = args.func(args)
        if out:
            sys.stdout.write(out + "\n")
            sys.stdout.flush()
        return 0
    except KeyboardInterrupt:
        sys.stderr.write("groupmat: interrupted\n")
        return 130
    except BrokenPipeError:  # e.g. `groupmat table S5 | head`
        sys.stderr.close()
        return 0
    except Exception as exc:  # MemoryError and RecursionError are Exceptions too
        if args.traceback:
            raise
        line, status = _user_message(exc)
        sys.stderr.write(f"groupmat: {line}\n")
        return status


if __name__ == "__main__":
    sys.exit(main())
