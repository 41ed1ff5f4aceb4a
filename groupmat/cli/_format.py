"""Text, CSV and LaTeX rendering of integer / symbolic matrices for the ``groupmat`` command.

Pure formatting: every function takes arrays or lists of strings and returns one string.

>>> print(text_table([["1", "a"], ["a", "1"]], ["1", "a"], ["1", "a"]))
  | 1 a
--+----
1 | 1 a
a | a 1
>>> latex_word("a*b^-1*a^2")
'ab^{-1}a^{2}'
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Sequence
from typing import Any

__all__ = ["csv_table", "dot_graph", "latex_matrix", "latex_table", "latex_word", "text_table"]


def latex_word(word: str) -> str:
    """A shortest-word label in LaTeX: ``a*b^-1`` -> ``ab^{-1}``, the identity ``1`` -> ``e``.

    >>> latex_word("1"), latex_word("x_1*y^2")
    ('e', 'x_1y^{2}')
    """
    if word == "1":
        return "e"
    out = re.sub(r"\^(-?\d+)", r"^{\1}", word)
    return out.replace("*", "")


def text_table(
    cells: Sequence[Sequence[str]], row_names: Sequence[str], col_names: Sequence[str]
) -> str:
    """Right-aligned columns with a header row and a header column (GAP-like multiplication
    table layout)."""
    width = max([len(c) for row in cells for c in row] + [len(c) for c in col_names] + [1])
    lead = max([len(r) for r in row_names] + [1])
    head = " " * lead + " | " + " ".join(c.rjust(width) for c in col_names)
    rule = "-" * (lead + 1) + "+" + "-" * (len(head) - lead - 2)
    body = [
        r.ljust(lead) + " | " + " ".join(c.rjust(width) for c in row)
        for r, row in zip(row_names, cells, strict=True)
    ]
    return "\n".join([head, rule, *body])


def csv_table(
    cells: Sequence[Sequence[str]], row_names: Sequence[str], col_names: Sequence[str]
) -> str:
    """CSV with the column names as the first row and the row names as the first column."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["", *col_names])
    for r, row in zip(row_names, cells, strict=True):
        w.writerow([r, *row])
    return buf.getvalue().rstrip("\n")


def latex_table(
    cells: Sequence[Sequence[str]], row_names: Sequence[str], col_names: Sequence[str]
) -> str:
    """A ``tabular`` with math-mode entries and a ruled header (needs no LaTeX package)."""
    spec = "c|" + "c" * len(col_names)
    lines = [f"\\begin{{tabular}}{{{spec}}}"]
    lines.append(" & ".join(["$\\cdot$", *(f"${c}$" for c in col_names)]) + r" \\ \hline")
    for r, row in zip(row_names, cells, strict=True):
        lines.append(" & ".join([f"${r}$", *(f"${c}$" for c in row)]) + r" \\")
    lines.append(r"\end{tabular}")
    return "\n".join(lines)


def latex_matrix(cells: Sequence[Sequence[str]], env: str = "pmatrix") -> str:
    """A LaTeX matrix environment (``pmatrix`` needs amsmath)."""
    rows = [" & ".join(row) + r" \\" for row in cells]
    if rows:
        rows[-1] = rows[-1][:-3]
    return "\n".join([f"\\begin{{{env}}}", *rows, f"\\end{{{env}}}"])


def dot_graph(graph: Any, generator_names: Sequence[str]) -> str:
    """Graphviz DOT text of a Cayley graph (``Group.cayley_graph()``: node attribute
    ``label``, edge attribute ``generator``), one colour per generator; needs neither pydot
    nor pygraphviz."""
    palette = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2"]
    colour = {s: palette[i % len(palette)] for i, s in enumerate(generator_names)}
    lines = ["digraph cayley {", "  node [shape=circle, fontsize=10];"]
    for v, data in graph.nodes(data=True):
        lines.append(f'  {v} [label="{data["label"]}"];')
    for u, v, data in graph.edges(data=True):
        s = data["generator"]
        lines.append(f'  {u} -> {v} [color="{colour[s]}", label="{s}"];')
    lines.append("}")
    return "\n".join(lines) + "\n"
