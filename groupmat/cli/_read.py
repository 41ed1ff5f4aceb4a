"""Read back what the ``groupmat`` command writes: every output that determines a group.

=========================================  ==========================================
written by                                 read back as
=========================================  ==========================================
``table --format text|csv|latex``          the Cayley table (indices or ``--labels``)
``matrix`` and ``matrix --symbolic``       the group matrix ``M[i, j] = a(g_i^-1 g_j)``
(text or ``--latex``)                      (``g_0`` is the identity, so row 0 names the
                                           elements and ``T[i, j] = M[M[i, 0], j]``)
``matrix --values``                        only when the values are distinct
``graph --out F.dot|.graphml|.gexf``       the Cayley graph (edge ``u -> v`` labelled
                                           ``s`` means ``v = u s``): the group generated
                                           by the generators' permutations of the nodes
=========================================  ==========================================

Not readable, because they do not determine the group: ``info`` and ``classes`` (invariants
only: C4 x C4 and C2 x Q8 share all of them), pictures (``graph --out F.png|.svg|.pdf``), and
``bench``. A group is given up to isomorphism: element numbering follows the file.

>>> text = "  | 0 1\\n--+----\\n0 | 0 1\\n1 | 1 0"
>>> read_written(text).order
2
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np

from groupmat.cli._spec import brief
from groupmat.errors import NotAGroupError

if TYPE_CHECKING:  # pragma: no cover
    from groupmat.algebra._group import Group

__all__ = ["read_written"]

_RULE_RE = re.compile(r"^-+\+-*$")
_MATRIX_HEAD = "M[i, j] = a(g_i^-1 g_j)"
_DOT_EDGE_RE = re.compile(r'^\s*(\d+)\s*->\s*(\d+)\s*\[.*?label="([^"]*)"')


def _from_cells(rows: Sequence[str], cols: Sequence[str], cells: Sequence[Sequence[str]]) -> Group:
    """A Cayley table with element names: ``cells[r][c]`` is ``rows[r] * cols[c]``."""
    from groupmat.algebra._group import Group

    n = len(cols)
    if len(set(cols)) != n:
        raise NotAGroupError("the table's header row repeats an element name")
    index = {name: i for i, name in enumerate(cols)}
    if len(rows) != n or sorted(rows) != sorted(cols):
        raise NotAGroupError(
            f"the table has {len(rows)} rows named {list(rows)[:5]}... but its header row names "
            f"{n} elements: not a square Cayley table"
        )
    T = np.empty((n, n), dtype=np.int64)
    for r, row in zip(rows, cells, strict=True):
        if len(row) != n:
            raise NotAGroupError(f"row {brief(r)} has {len(row)} entries, expected {n}")
        for c, cell in enumerate(row):
            if cell not in index:
                raise NotAGroupError(
                    f"row {brief(r)} holds {brief(cell)}, which is not an element name"
                )
            T[index[r], c] = index[cell]
    # index tables (written without --labels) number the elements; named ones keep the names
    names = None if all(c.isdigit() for c in cols) else list(cols)
    return Group.from_cayley_table(T, element_names=names)


def _from_group_matrix(cells: Sequence[Sequence[str]]) -> Group:
    """``cells[i][j]`` names ``g_i^-1 g_j`` with ``g_0`` the identity."""
    n = len(cells)
    first = list(cells[0]) if n else []
    if any(len(row) != n for row in cells):
        raise NotAGroupError("the group matrix is not square")
    if len(set(first)) != n:
        raise NotAGroupError(
            "row 0 of the group matrix repeats an entry, so its entries do not name the "
            "elements (a matrix of values determines the group only when the values differ); "
            "write it with 'groupmat matrix SPEC' or 'matrix --symbolic' instead"
        )
    index = {name: j for j, name in enumerate(first)}
    try:
        K = np.array([[index[c] for c in row] for row in cells], dtype=np.int64)
    except KeyError as exc:
        raise NotAGroupError(f"the group matrix holds {brief(exc.args[0])}, not in row 0") from None
    names = [str(i) for i in range(n)]
    T = K[K[:, 0]]  # g_a g_b = (g_a^-1)^-1 g_b, and M[a, 0] names g_a^-1
    return _from_cells(names, names, [[str(x) for x in row] for row in T.tolist()])


def _from_graph(n_nodes: int, edges: Sequence[tuple[int, int, str]]) -> Group:
    from groupmat.algebra._group import Group

    gens: dict[str, list[int]] = {}
    for u, v, s in edges:
        if not (0 <= u < n_nodes and 0 <= v < n_nodes):
            raise NotAGroupError(f"edge {u} -> {v} names a node outside 0..{n_nodes - 1}")
        gens.setdefault(s, [-1] * n_nodes)[u] = v
    if not gens:
        raise NotAGroupError("the Cayley graph has no edges")
    for s, img in gens.items():
        if -1 in img or len(set(img)) != n_nodes:
            raise NotAGroupError(
                f"the edges labelled {brief(s)} do not permute the {n_nodes} nodes"
            )
    return Group.from_permutations(list(gens.values()))


def _csv(text: str) -> Group:
    rows = list(csv.reader(io.StringIO(text)))
    rows = [r for r in rows if r]
    return _from_cells([r[0] for r in rows[1:]], rows[0][1:], [r[1:] for r in rows[1:]])


def _text_table(lines: list[str]) -> Group:
    cols = lines[0].split("|", 1)[1].split()
    rows, cells = [], []
    for ln in lines[2:]:
        if "|" not in ln:
            raise NotAGroupError(f"cannot read table row {brief(ln)}")
        name, rest = ln.split("|", 1)
        rows.append(name.strip())
        cells.append(rest.split())
    return _from_cells(rows, cols, cells)


def _latex_rows(lines: list[str]) -> list[list[str]]:
    out = []
    for ln in lines:
        ln = ln.replace(r"\hline", "").strip()
        if ln.endswith(r"\\"):
            ln = ln[:-2]
        if ln:
            out.append([c.strip().strip("$").strip() for c in ln.split("&")])
    return out


def _latex_table(lines: list[str]) -> Group:
    body = [ln for ln in lines if not ln.startswith(("\\begin", "\\end"))]
    rows = _latex_rows(body)
    return _from_cells([r[0] for r in rows[1:]], rows[0][1:], [r[1:] for r in rows[1:]])


def _matrix(lines: list[str]) -> Group:
    if any(ln.startswith("\\begin{pmatrix}") for ln in lines):
        start = next(i for i, ln in enumerate(lines) if ln.startswith("\\begin{pmatrix}"))
        stop = next(i for i, ln in enumerate(lines) if ln.startswith("\\end{pmatrix}"))
        return _from_group_matrix(_latex_rows(lines[start + 1 : stop]))
    body = []
    for ln in lines[1:]:
        if not ln.strip() or "=" in ln:  # the legend and the determinant lines
            break
        body.append(ln.split())
    return _from_group_matrix(body)


def _xml_graph(text: str) -> Group:
    import networkx as nx

    try:
        if "<gexf" in text[:2000]:
            g = nx.read_gexf(io.BytesIO(text.encode()), node_type=int)
        else:
            g = nx.parse_graphml(text, node_type=int)
    except Exception as exc:  # networkx raises several unrelated types on bad XML
        raise NotAGroupError(f"cannot read the graph file: {exc}") from None
    nodes = sorted(g.nodes)
    pos = {v: i for i, v in enumerate(nodes)}
    edges = []
    for u, v, data in g.edges(data=True):
        if "generator" not in data:
            raise NotAGroupError("graph edges carry no 'generator' attribute: not a Cayley graph")
        edges.append((pos[u], pos[v], str(data["generator"])))
    return _from_graph(len(nodes), edges)


def _dot(lines: list[str]) -> Group:
    edges, nodes = [], set()
    for ln in lines:
        m = _DOT_EDGE_RE.match(ln)
        if m:
            u, v = int(m.group(1)), int(m.group(2))
            edges.append((u, v, m.group(3)))
            nodes.update((u, v))
    return _from_graph(len(nodes), edges)


def read_written(text: str) -> Group | None:
    """The group in a text the ``groupmat`` command wrote, or ``None`` when ``text`` is not
    one of its output formats (then it is read as a SPEC).

    Raises
    ------
    NotAGroupError
        The text has the shape of a written table, matrix or graph but does not define a
        group (a row or entry that names no element, not square, not associative, ...).
    """
    stripped = text.strip()
    if not stripped:
        return None
    lines = [ln.rstrip() for ln in stripped.splitlines()]
    lines = [ln for ln in lines if ln]
    head = lines[0]
    if head.startswith("<?xml") or head.startswith(("<graphml", "<gexf")):
        return _xml_graph(stripped)
    if head.startswith("digraph"):
        return _dot(lines)
    if head.startswith("\\begin{tabular}"):
        return _latex_table(lines)
    if _MATRIX_HEAD in head:
        return _matrix(lines)
    if len(lines) >= 2 and "|" in head and _RULE_RE.match(lines[1]):
        return _text_table(lines)
    if head.startswith(",") and len(lines) >= 2:
        return _csv(stripped)
    return None
