"""Figures for groups, group matrices, characters and equivariance (matplotlib, optional).

Every function draws into ``ax`` (a new figure when ``ax`` is ``None``) and returns the
matplotlib ``Axes``; ``ax.figure`` is the ``Figure`` (``ax.figure.savefig("out.png")``).
matplotlib is an optional dependency (``pip install "groupmat[plot]"``), imported when a
function draws; without it the functions raise an ``ImportError`` that says so.

* :func:`plot_cayley_graph` -- the right Cayley graph, one colour per generator.
* :func:`plot_group_matrix` -- ``M[i, j] = a(g_i^{-1} g_j)`` as a heatmap with element labels,
  optionally with the elements reordered (e.g. by cosets) to show block structure.
* :func:`plot_orbit_matrix` -- the orbits of ``G`` on ``X x Y`` for homogeneous spaces: the
  pattern shared by every equivariant map between them (one colour per double coset).
* :func:`plot_character_table` -- the character table as an annotated heatmap, with exact
  values where short ones exist.
* :func:`plot_equivariance` -- per-element equivariance errors of one or several models
  (:class:`~groupmat.nn.EquivarianceReport`).
* :func:`plot_ldr_curves` -- metrics against the displacement rank ``r`` (approximate
  equivariance), with :func:`curves_from_records` to average JSON records over seeds.
* :func:`plot_singular_values` -- normalised singular values (e.g. of a displacement ``D(F)``,
  whose numerical rank is the displacement rank).

Examples
--------
>>> import matplotlib                              # doctest: +SKIP
>>> matplotlib.use("Agg")                          # doctest: +SKIP
>>> from groupmat import dihedral
>>> ax = plot_group_matrix(dihedral(3))            # doctest: +SKIP
>>> ax.get_title()                                 # doctest: +SKIP
'group matrix of D6'
>>> ax.figure.savefig("d6.png")                    # doctest: +SKIP
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from groupmat._plot_wallpaper import F_MOTIF, motif_orbit, plot_wallpaper

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.axes import Axes

__all__ = [
    "F_MOTIF",
    "curves_from_records",
    "motif_orbit",
    "plot_cayley_graph",
    "plot_character_table",
    "plot_equivariance",
    "plot_group_matrix",
    "plot_ldr_curves",
    "plot_orbit_matrix",
    "plot_singular_values",
    "plot_wallpaper",
]

#: Largest order drawn by :func:`plot_cayley_graph` and :func:`plot_group_matrix`.
MAX_PLOT_ORDER = 4096
#: Tick labels (element words) are shown up to this many elements.
MAX_TICK_LABELS = 48


def _pyplot() -> Any:
    try:
        import matplotlib.pyplot as plt
    except ImportError as exc:  # pragma: no cover - exercised only without matplotlib
        raise ImportError(
            "groupmat.plot needs matplotlib: pip install 'groupmat[plot]' (or pip install "
            "matplotlib)"
        ) from exc
    return plt


def _axes(ax: Axes | None, size: tuple[float, float]) -> Axes:
    if ax is not None:
        return ax
    _, ax = _pyplot().subplots(figsize=size)
    return ax


def _check_order(n: int, what: str) -> None:
    if n > MAX_PLOT_ORDER:
        from groupmat.errors import SizeLimitError

        raise SizeLimitError(
            f"{what} of a group of order {n} is too large to draw (limit {MAX_PLOT_ORDER}); "
            "plot a subgroup or a quotient"
        )


def _name(G: Any) -> str:
    spatial = getattr(G, "spatial", None)
    return spatial.name if spatial is not None else (getattr(G, "name", None) or f"order {G.order}")


# ---------------------------------------------------------------------- Cayley graph
#: Node labels (element words) are written on Cayley graphs up to this many nodes.
MAX_GRAPH_LABELS = 40
LAYOUTS = ("auto", "cycles", "kamada_kawai", "spring", "circular", "shell", "spectral")


def _cycles(perm: np.ndarray) -> list[list[int]]:
    """The cycles of a permutation, each from its smallest point, in order of that point."""
    seen = np.zeros(perm.size, dtype=bool)
    out = []
    for start in range(perm.size):
        if seen[start]:
            continue
        cyc = [start]
        seen[start] = True
        x = int(perm[start])
        while x != start:
            cyc.append(x)
            seen[x] = True
            x = int(perm[x])
        out.append(cyc)
    return out


def _cycle_generator(G: Any) -> int | None:
    """The generator (of order >= 3) whose cycles, drawn as polygons, keep the other edges
    most local: fewest distinct neighbouring cycles per cycle, then the longest cycles."""
    k = len(G.generator_names)
    best, best_key = None, None
    for c in range(k):
        cycles = _cycles(np.asarray(G.right_action[c]))
        if len(cycles[0]) < 3:
            continue
        owner = np.empty(G.order, dtype=np.int64)
        for j, cyc in enumerate(cycles):
            owner[cyc] = j
        pairs = {
            (int(owner[g]), int(owner[h]))
            for s in range(k)
            if s != c
            for g, h in enumerate(np.asarray(G.right_action[s]).tolist())
            if owner[g] != owner[h]
        }
        key = (len(pairs) / len(cycles), -len(cycles[0]))
        if best_key is None or key < best_key:
            best, best_key = c, key
    return best


def _cycles_layout(G: Any) -> dict[int, np.ndarray]:
    """Cycles of one generator ``c`` as small regular polygons, placed apart.

    The right Cayley graph splits into the ``n / m`` cycles ``g, gc, gc^2, ...`` of a generator
    ``c`` of order ``m`` (the one whose polygons have the fewest neighbouring polygons). Each
    becomes a regular ``m``-gon; the polygons' centres come from a Kamada-Kawai layout of the
    quotient graph (one node per cycle, joined by the other generators). Two cycles are drawn
    as concentric rings (a prism, as for dihedral groups), one cycle as a circle. Each
    polygon's rotation and orientation is the one of its ``2m`` that minimises the squared
    length of its edges to the other polygons (placed breadth first, then two sweeps over
    all), so edges of the other generators run between neighbouring polygons, not across.
    """
    import networkx as nx

    n = G.order
    c = _cycle_generator(G)
    if c is None:
        return {}
    cycles = _cycles(np.asarray(G.right_action[c]))
    m, q = len(cycles[0]), len(cycles)
    owner = np.empty(n, dtype=np.int64)
    for k, cyc in enumerate(cycles):
        owner[cyc] = k
    others = [np.asarray(G.right_action[s]) for s in range(len(G.generator_names)) if s != c]
    angles = 2 * np.pi * np.arange(m) / m
    unit = np.stack([np.cos(angles), np.sin(angles)], axis=1)
    if q == 1:
        return {int(g): unit[i] for i, g in enumerate(cycles[0])}
    if q == 2:
        centres, radii = np.zeros((2, 2)), np.array([1.0, 0.55])
    else:
        quotient = nx.Graph()
        quotient.add_nodes_from(range(q))
        for perm in others:
            for g in range(n):
                a, b = int(owner[g]), int(owner[perm[g]])
                if a != b:
                    quotient.add_edge(a, b)
        cpos = nx.kamada_kawai_layout(quotient)
        centres = np.array([cpos[k] for k in range(q)])
        gaps = np.linalg.norm(centres[:, None] - centres[None], axis=-1) + np.eye(q) * 1e9
        radii = np.full(q, 0.38 * float(gaps.min()))
    pos: dict[int, np.ndarray] = {}
    # neighbours of g through the other generators, both directions: g x and g x^-1
    inverses = [np.argsort(perm) for perm in others]
    links = [
        [int(h) for perm, inv in zip(others, inverses, strict=True) for h in (perm[g], inv[g])]
        for g in range(n)
    ]
    # breadth-first over the quotient from cycle 0, so each new polygon has placed neighbours
    order, placed = [0], {0}
    for k in order:
        for perm in others:
            for g in cycles[k]:
                nb = int(owner[perm[g]])
                if nb not in placed:
                    placed.add(nb)
                    order.append(nb)
    order += [k for k in range(q) if k not in placed]
    # first pass against the polygons placed so far, then two sweeps against all of them
    for k in order + order[1:] * 2 if q > 2 else order:
        cyc = np.asarray(cycles[k])
        best, best_cost = None, np.inf
        for direction in (1, -1):
            for shift in range(m):
                pts = centres[k] + radii[k] * unit[(direction * np.arange(m) + shift) % m]
                cost = 0.0
                for i, g in enumerate(cyc):
                    for h in links[g]:
                        if h in pos and owner[h] != k:
                            cost += float(((pts[i] - pos[h]) ** 2).sum())
                if cost < best_cost - 1e-12:
                    best, best_cost = pts, cost
        for i, g in enumerate(cyc):
            pos[int(g)] = best[i]
    return pos


def _layout(G: Any, graph: Any, layout: str, seed: int) -> dict[int, np.ndarray]:
    import networkx as nx

    n = graph.number_of_nodes()
    if layout not in LAYOUTS:
        raise ValueError(f"unknown layout {layout!r}: use one of {', '.join(LAYOUTS)}")
    if layout in ("auto", "cycles"):
        pos = _cycles_layout(G) if n <= 2000 or layout == "cycles" else {}
        if pos:
            return pos
        layout = "kamada_kawai" if n <= 120 else "spring"
    und = graph.to_undirected()
    if layout == "kamada_kawai":
        return nx.kamada_kawai_layout(und)
    if layout == "spring":
        return nx.spring_layout(und, seed=seed, iterations=200 if n <= 500 else 50)
    return getattr(nx, f"{layout}_layout")(und)


def plot_cayley_graph(
    G: Any,
    *,
    layout: str = "auto",
    labels: bool | None = None,
    colors: Sequence[str] | None = None,
    node_size: float | None = None,
    seed: int = 0,
    ax: Axes | None = None,
) -> Axes:
    """Draw the right Cayley graph of ``G``: an arrow ``g -> g x`` per generator ``x``.

    Involutions (``x^2 = 1``) are drawn as plain lines (each edge stands for both directions);
    other generators as arrows. Colours follow ``colors`` (default matplotlib's ``tab10``), with
    a legend naming the generators.

    Parameters
    ----------
    G
        A :class:`~groupmat.Group` of order at most :data:`MAX_PLOT_ORDER`.
    layout
        ``"auto"`` (default) and ``"cycles"``: the cycles ``g, gc, gc^2, ...`` of a generator
        ``c`` of order at least 3 (the one whose cycles touch the fewest other cycles) drawn as
        regular polygons, the polygons placed apart by a Kamada-Kawai layout of the graph of
        cycles (two cycles: concentric rings, e.g. the
        prism of a dihedral group; one: a circle). ``"auto"`` falls back to Kamada-Kawai (up to
        120 nodes) or spring when every generator is an involution. Or one of networkx's
        ``"kamada_kawai"``, ``"spring"``, ``"circular"``, ``"shell"``, ``"spectral"``.
    labels
        Write shortest-word labels on the nodes (default: when ``n <=`` :data:`MAX_GRAPH_LABELS`).
    colors
        Edge colours, one per generator (cycled).
    node_size
        Marker area (default: 300 with labels, smaller for bigger graphs).
    seed
        Seed of the spring layout.
    ax
        Axes to draw into (default: a new figure).

    Notes
    -----
    The cycle layout costs ``O(q^2)`` per Kamada-Kawai iteration for ``q = n / m`` cycles plus
    ``O(n m k)`` to orient the polygons; Kamada-Kawai on the whole graph is ``O(n^2)`` per
    iteration, spring ``O(n^2)`` in networkx's dense implementation; drawing is ``O(n k)``.

    Examples
    --------
    >>> import matplotlib                              # doctest: +SKIP
    >>> matplotlib.use("Agg")                          # doctest: +SKIP
    >>> from groupmat import dihedral
    >>> ax = plot_cayley_graph(dihedral(4))            # doctest: +SKIP
    >>> ax.get_title()                                 # doctest: +SKIP
    'Cayley graph of D8'
    """
    import networkx as nx

    n = G.order
    _check_order(n, "the Cayley graph")
    ax = _axes(ax, (6, 6))
    graph = G.cayley_graph()
    pos = _layout(G, graph, layout, seed)
    plt = _pyplot()
    palette = list(colors) if colors is not None else list(plt.get_cmap("tab10").colors)
    labels = n <= MAX_GRAPH_LABELS if labels is None else labels
    size = node_size if node_size is not None else (300 if labels else max(6.0, 1500.0 / n))
    nx.draw_networkx_nodes(
        graph,
        pos,
        ax=ax,
        node_size=size,
        node_color="#f5f5f5",
        edgecolors="#444444",
        linewidths=0.8 if n <= 200 else 0.4,
    )
    right = G.right_action
    src = np.arange(n)
    handles = []
    width = 1.4 if n <= MAX_GRAPH_LABELS else 0.8
    for s, gname in enumerate(G.generator_names):
        colour = palette[s % len(palette)]
        dst = np.asarray(right[s])
        involution = bool((dst[dst] == src).all())
        keep = (src < dst) if involution else (src != dst)
        edges = list(zip(src[keep].tolist(), dst[keep].tolist(), strict=True))
        style = (
            {}
            if involution or n > MAX_GRAPH_LABELS
            else {
                "arrows": True,
                "arrowstyle": "-|>",
                "arrowsize": 10,
                "connectionstyle": "arc3,rad=0.08",
            }
        )
        nx.draw_networkx_edges(
            graph,
            pos,
            edgelist=edges,
            ax=ax,
            edge_color=colour,
            width=width,
            node_size=size,
            **({"arrows": False} | style),
        )
        handles.append(plt.Line2D([], [], color=colour, lw=2, label=gname))
    if labels:
        words = dict(enumerate(G.labels()))
        nx.draw_networkx_labels(graph, pos, labels=words, ax=ax, font_size=7)
    ax.legend(handles=handles, title="generator", loc="upper right", fontsize=8)
    ax.set_title(f"Cayley graph of {_name(G)}")
    ax.set_aspect("equal")
    ax.set_axis_off()
    return ax


# ---------------------------------------------------------------------- group matrices
def _element_order(G: Any, order: Any) -> np.ndarray:
    if order is None:
        return np.arange(G.order)
    cosets = getattr(order, "left_cosets", None)
    if callable(cosets):  # a Subgroup: sort the elements by left coset gH (stable)
        return np.argsort(np.asarray(cosets()), kind="stable")
    perm = np.asarray(order, dtype=np.int64)
    if perm.shape != (G.order,) or not np.array_equal(np.sort(perm), np.arange(G.order)):
        raise ValueError(f"order must be a permutation of 0..{G.order - 1} or a Subgroup")
    return perm


def plot_group_matrix(
    G: Any,
    a: Any = None,
    *,
    order: Any = None,
    labels: bool | None = None,
    annotate: bool | None = None,
    cmap: str | None = None,
    colorbar: bool | None = None,
    ax: Axes | None = None,
) -> Axes:
    """Heatmap of the group matrix ``M[i, j] = a(g_i^{-1} g_j)`` (or of any square matrix).

    Parameters
    ----------
    G
        A :class:`~groupmat.Group`, or a 2-d array / tensor (drawn as is, no labels).
    a
        Values ``a(g)`` (length ``n``). Default: the element index itself, drawn with a cyclic
        colormap, so equal colours mean equal group elements ``g_i^{-1} g_j``.
    order
        Reorder rows and columns: a permutation of ``0..n-1`` or a
        :class:`~groupmat.Subgroup` ``H`` (elements grouped by left coset ``gH``, which shows
        the ``|G:H| x |G:H|`` block structure; for a direct product ``C_m x C_k`` in its natural
        order the blocks are circulant: block-circulant with circulant blocks).
    labels
        Shortest-word tick labels (default: when ``n <= 48``).
    annotate
        Write the word of ``g_i^{-1} g_j`` (or the value) in each cell (default: ``n <= 12``).

    Notes
    -----
    Builds the dense ``n x n`` matrix (``O(n^2)``; the Cayley table is computed if needed).
    """
    if not hasattr(G, "generators"):
        M = np.asarray(G.detach().cpu() if hasattr(G, "detach") else G)
        if M.ndim != 2:
            raise ValueError(f"expected a group or a 2-d matrix, got shape {M.shape}")
        ax = _axes(ax, (5, 5))
        im = ax.imshow(M, cmap=cmap or "viridis", interpolation="nearest")
        if colorbar is not False:
            ax.figure.colorbar(im, ax=ax, fraction=0.046, pad=0.04)
        ax.set_title("matrix")
        return ax
    n = G.order
    _check_order(n, "the group matrix")
    perm = _element_order(G, order)
    idx = G.cayley_table(force=n <= MAX_PLOT_ORDER)[G.inverse][np.ix_(perm, perm)]
    ax = _axes(ax, (6, 5))
    if a is None:
        values, kind = idx, "index"
        default = "tab20" if n <= 20 else "twilight"
        im = ax.imshow(
            values,
            cmap=cmap or default,
            interpolation="nearest",
            vmin=-0.5,
            vmax=(19.5 if n <= 20 else n - 0.5),
        )
    else:
        av = np.asarray(a.detach().cpu() if hasattr(a, "detach") else a, dtype=float)
        if av.shape != (n,):
            raise ValueError(f"a must have one value per element, shape ({n},), got {av.shape}")
        values, kind = av[idx], "value"
        im = ax.imshow(values, cmap=cmap or "viridis", interpolation="nearest")
    if colorbar if colorbar is not None else a is not None:
        ax.figure.colorbar(im, ax=ax, fraction=0.046, pad=0.04)
    labels = n <= MAX_TICK_LABELS if labels is None else labels
    annotate = n <= 12 if annotate is None else annotate
    words = G.labels() if labels or annotate else None
    if labels:
        ticks = [words[int(p)] for p in perm]
        ax.set_xticks(range(n), ticks, rotation=90, fontsize=7)
        ax.set_yticks(range(n), ticks, fontsize=7)
    else:
        ax.set_xticks([])
        ax.set_yticks([])
    if annotate:
        for i in range(n):
            for j in range(n):
                txt = words[int(idx[i, j])] if a is None else f"{values[i, j]:.2g}"
                ax.text(j, i, txt, ha="center", va="center", fontsize=8 if n <= 8 else 6)
    ax.set_title(f"group matrix of {_name(G)}" + ("" if kind == "index" else ", values a"))
    return ax


def plot_orbit_matrix(
    X: Any, Y: Any = None, *, cmap: str | None = None, ax: Axes | None = None
) -> Axes:
    """The orbits of ``G`` on ``X x Y`` as a matrix: cell ``(x, y)`` coloured by its orbit.

    A linear map ``B: R^Y -> R^X`` is ``G``-equivariant iff ``B[g.x, g.y] = B[x, y]``, i.e.
    constant on these orbits, so the picture is the pattern every equivariant map between
    the two spaces shares: one colour per double coset ``H \\ G / K`` (``H, K`` the stabilisers
    of the base points), ``|H \\ G / K|`` free weights in all.

    Parameters
    ----------
    X, Y
        :class:`~groupmat.HomogeneousSpace` of the same group (``Y`` defaults to ``X``).
    cmap
        Colormap of the orbit labels (default ``tab10``/``tab20`` by their number).
    ax
        Axes to draw into (default: a new figure).

    Notes
    -----
    Uses :func:`~groupmat.equivariant_basis` (``O(n |X| |Y|)`` at most); dense ``|X| x |Y|``.
    """
    from groupmat import equivariant_basis

    Y = X if Y is None else Y
    nx_, ny = len(X), len(Y)
    _check_order(max(nx_, ny), "the orbit matrix")
    basis = np.asarray(equivariant_basis(X, Y))
    labels = np.tensordot(np.arange(len(basis)), basis, axes=1).astype(np.int64)
    k = len(basis)
    ax = _axes(ax, (5, 5 * nx_ / max(ny, 1) + 0.4))
    default = "tab10" if k <= 10 else "tab20" if k <= 20 else "viridis"
    ax.imshow(
        labels,
        cmap=cmap or default,
        vmin=-0.5,
        vmax=(k - 0.5 if k > 20 else (9.5 if k <= 10 else 19.5)),
        interpolation="nearest",
    )
    ax.set_xticks([])
    ax.set_yticks([])
    ax.set_xlabel(f"y in Y ({ny} points)")
    ax.set_ylabel(f"x in X ({nx_} points)")
    ax.set_title(f"{k} orbits of {_name(X.group)} on X x Y")
    return ax


# ---------------------------------------------------------------------- characters
def _class_names(orders: Sequence[int]) -> list[str]:
    """ATLAS-style class names: element order and a letter per class of that order."""
    seen: dict[int, int] = defaultdict(int)
    out = []
    for o in orders:
        out.append(f"{o}{chr(97 + seen[o] % 26)}")
        seen[o] += 1
    return out


def _fmt(v: complex) -> str:
    if abs(v.imag) < 1e-9:
        x = v.real
        return str(round(x)) if abs(x - round(x)) < 1e-9 else f"{x:.2f}"
    re_ = "" if abs(v.real) < 1e-9 else f"{v.real:.2f}"
    return f"{re_}{v.imag:+.2f}i"


#: Exact cell labels are tried up to this many classes (sympy simplification per cell).
MAX_EXACT_LABELS = 16


#: Square-free radicands tried when recognising quadratic irrationalities.
_RADICANDS = (2, 3, 5, 6, 7, 10, 11, 13, 14, 15, 17, 19, 21, 22, 23, 29, 30)


def _root_of_unity(v: complex, tol: float = 1e-9) -> str | None:
    """``E(m)^k`` (GAP's ``exp(2 pi i k/m)``) when ``v`` is a root of unity of order <= 120."""
    if abs(abs(v) - 1) > tol:
        return None
    turns = (np.angle(v) / (2 * np.pi)) % 1.0
    for m in range(2, 121):
        k = round(turns * m)
        if abs(turns * m - k) < tol * m and k % m:
            k %= m
            return f"E({m})" if k == 1 else f"E({m})^{k}"
    return None


def _quadratic(x: float, tol: float = 1e-9) -> str | None:
    """``(p ± q√d)/2``-style text for a real quadratic irrationality with small terms."""
    for d in _RADICANDS:
        r = float(np.sqrt(d))
        for den in (1, 2):
            for q in (1, 2, 3):
                for sign in (1, -1):
                    p = den * x - sign * q * r
                    if abs(p - round(p)) < tol * max(1.0, abs(x)) and abs(round(p)) <= 9:
                        p = round(p)
                        root = ("" if q == 1 else str(q)) + f"√{d}"
                        body = (
                            f"{p}{'+' if sign > 0 else '-'}{root}"
                            if p
                            else ("" if sign > 0 else "-") + root
                        )
                        if den == 2:
                            body = f"({body})/2" if p else f"{body}/2"
                        return body
    return None


def _exact_label(e: Any) -> str | None:
    """A short exact label for one character value (a sympy expression), or ``None``.

    Integers as they are; a root of unity in GAP's notation ``E(m)^k`` (``exp(2 pi i k/m)``);
    a real quadratic irrationality with small terms as a radical (``(1+√5)/2`` for the
    golden ratio); an expression without roots of unity as sympy prints it. Other values (or
    labels over 10 characters) return ``None`` and the caller writes decimals. Recognition is
    numeric (``1e-9``) on the exact value, so it is fast whatever form ``exact()`` returns.
    """
    import sympy

    if e.is_Integer:
        return str(int(e))
    v = complex(e.evalf(30))
    if abs(v.imag) > 1e-9:  # a root of unity, or (p + i q√d)/2 such as b7 = (-1+i√7)/2
        label = _root_of_unity(v)
        if label is None and abs(2 * v.real - round(2 * v.real)) < 1e-9:
            im = _quadratic(2 * v.imag)
            if im is not None and im.lstrip("-").startswith("√"):
                sign = "-" if im.startswith("-") else "+"
                re_ = str(round(2 * v.real))
                label = f"({'' if re_ == '0' else re_}{sign}i{im.lstrip('-')})/2"
        return label if label is not None and len(label) <= 10 else None
    label = _quadratic(v.real)
    if label is None and not e.has(sympy.exp, sympy.I, sympy.cos, sympy.sin):
        text = sympy.sstr(e).replace("**", "^").replace("*", "").replace(" ", "")
        label = re.sub(r"sqrt\((\d+)\)", r"√\1", text).replace("sqrt", "√")
    return label if label is not None and len(label) <= 10 else None


def _exact_labels(T: Any) -> list[list[str | None]] | None:
    """Exact labels of a character table's cells (``None`` per cell where none is short),
    or ``None`` when ``T.exact()`` is unavailable or fails."""
    exact = getattr(T, "exact", None)
    if exact is None or len(T) > MAX_EXACT_LABELS:
        return None
    try:
        M = exact()
        return [[_exact_label(M[i, k]) for k in range(M.shape[1])] for i in range(M.shape[0])]
    except Exception:  # exact values are a nicety: any failure falls back to decimals
        return None


def plot_character_table(G: Any, *, cmap: str = "RdBu_r", ax: Axes | None = None) -> Axes:
    """The character table (rows: irreducible characters, columns: classes) as a heatmap of
    ``Re chi(g) / chi(1)`` with the values written in the cells.

    Column labels are ATLAS-style class names (element order + letter) over the class sizes.
    Cells show exact values where a short one exists (from ``CharacterTable.exact()``,
    simplified: ``(1+√5)/2`` for the golden ratio in ``A_5``, ``E(3)`` for ``exp(2 pi i/3)``
    as GAP writes it), decimals otherwise.

    Parameters
    ----------
    G
        A :class:`~groupmat.Group` or a
        :class:`~groupmat.algebra.representations.CharacterTable`.
    """
    from groupmat.algebra.representations import CharacterTable, character_table

    T = G if isinstance(G, CharacterTable) else character_table(G)
    vals = np.asarray(T.values)
    r = len(T)
    if r > 60:
        from groupmat.errors import SizeLimitError

        raise SizeLimitError(f"a character table with {r} classes is too large to draw (max 60)")
    exact = _exact_labels(T)
    ax = _axes(ax, (0.9 * r + 2, 0.5 * r + 2))
    norm = vals.real / np.asarray(T.degrees)[:, None]
    ax.imshow(norm, cmap=cmap, vmin=-1, vmax=1, interpolation="nearest", aspect="auto")
    for i in range(r):
        for k in range(r):
            ax.text(
                k,
                i,
                (exact and exact[i][k]) or _fmt(complex(vals[i, k])),
                ha="center",
                va="center",
                fontsize=8 if r <= 12 else 6,
                color="white" if abs(norm[i, k]) > 0.6 else "black",
            )
    names = _class_names(np.asarray(T.class_orders).tolist())
    sizes = np.asarray(T.class_sizes).tolist()
    ax.set_xticks(range(r), [f"{c}\n|{s}|" for c, s in zip(names, sizes, strict=True)], fontsize=8)
    ax.xaxis.tick_top()
    ax.set_yticks(range(r), [f"χ{i + 1}" for i in range(r)], fontsize=8)
    ax.set_title(f"character table of {_name(T.group)}", pad=36)
    ax.figure.tight_layout()
    return ax


# ---------------------------------------------------------------------- equivariance
def plot_equivariance(
    reports: Any,
    *,
    group: Any = None,
    log: bool = True,
    ax: Axes | None = None,
) -> Axes:
    """Bar chart of relative equivariance errors ``||F(g.x) - g.F(x)|| / ||F(x)||``.

    Parameters
    ----------
    reports
        One :class:`~groupmat.nn.EquivarianceReport` or a mapping
        ``name -> report``. Reports on the same elements are drawn as grouped bars per element;
        otherwise one pair of bars (max, mean) per report.
    group
        Label the elements with their shortest words (``group.label``).
    log
        Logarithmic error axis (exact layers sit at float rounding, ~1e-7 or ~1e-16).
    """
    if not isinstance(reports, Mapping):
        reports = {"model": reports}
    items = list(reports.items())
    if not items:
        raise ValueError("no reports to plot")
    ax = _axes(ax, (max(5.0, 0.35 * items[0][1].elements.size * len(items) + 2), 3.5))
    same = all(np.array_equal(r.elements, items[0][1].elements) for _, r in items)
    tiny = 1e-18
    if same:
        els = items[0][1].elements
        width = 0.8 / len(items)
        for k, (name, rep) in enumerate(items):
            x = np.arange(els.size) + (k - (len(items) - 1) / 2) * width
            ax.bar(x, np.maximum(rep.errors, tiny), width=width, label=name)
        ticks = [group.label(int(e)) if group is not None else str(int(e)) for e in els]
        ax.set_xticks(range(els.size), ticks, rotation=90 if len(ticks) > 8 else 0, fontsize=8)
        ax.set_xlabel("group element g")
    else:
        x = np.arange(len(items))
        ax.bar(x - 0.2, [max(r.max, tiny) for _, r in items], width=0.4, label="max")
        ax.bar(x + 0.2, [max(r.mean, tiny) for _, r in items], width=0.4, label="mean")
        ax.set_xticks(x, [name for name, _ in items])
    if log:
        ax.set_yscale("log")
    ax.set_ylabel("relative equivariance error")
    if len(items) > 1 or not same:
        ax.legend(fontsize=8)
    ax.set_title("||F(g.x) - g.F(x)|| / ||F(x)||")
    return ax


# ---------------------------------------------------------------------- LDR curves
def curves_from_records(
    records: Sequence[Mapping[str, Any]], x: str, y: str, hue: str | None = None
) -> tuple[np.ndarray, dict[str, np.ndarray], dict[str, np.ndarray]]:
    """Average ``y`` over records with equal ``(hue, x)`` (e.g. seeds of an experiment's JSON).

    Returns
    -------
    (xs, means, stds)
        The sorted distinct ``x`` values and, per hue value, the mean and standard deviation of
        ``y`` at each ``x`` (``nan`` where a hue has no record).

    Examples
    --------
    >>> runs = [(0, 0.5, 0), (0, 0.7, 1), (2, 0.9, 0)]
    >>> recs = [{"rank": r, "acc": a, "seed": s} for r, a, s in runs]
    >>> xs, mean, std = curves_from_records(recs, "rank", "acc")
    >>> xs.tolist(), mean["acc"].tolist()
    ([0, 2], [0.6, 0.9])
    """
    xs = np.array(sorted({rec[x] for rec in records}))
    groups: dict[str, dict[Any, list[float]]] = defaultdict(lambda: defaultdict(list))
    for rec in records:
        groups[str(rec[hue]) if hue else y][rec[x]].append(float(rec[y]))
    means, stds = {}, {}
    for name, by_x in groups.items():
        means[name] = np.array([np.mean(by_x[v]) if by_x.get(v) else np.nan for v in xs])
        stds[name] = np.array([np.std(by_x[v]) if by_x.get(v) else np.nan for v in xs])
    return xs, means, stds


def plot_ldr_curves(
    ranks: Sequence[float],
    curves: Mapping[str, Sequence[float]],
    *,
    errors: Mapping[str, Sequence[float]] | None = None,
    xlabel: str = "displacement rank r",
    ylabel: str = "",
    logy: bool = False,
    ax: Axes | None = None,
) -> Axes:
    """Metric curves against the displacement rank ``r`` (``r = 0``: the exact layer).

    Parameters
    ----------
    ranks
        The ``x`` values (ranks; ``r = n`` or ``inf`` for an unconstrained layer can be given as
        a large number).
    curves
        ``name -> values`` (one value per rank), e.g. test accuracy of several models.
    errors
        ``name -> standard deviations`` drawn as error bars.
    """
    ax = _axes(ax, (5, 3.5))
    xs = np.asarray(ranks, dtype=float)
    for name, ys in curves.items():
        err = None if errors is None or name not in errors else np.asarray(errors[name])
        ax.errorbar(xs, np.asarray(ys, dtype=float), yerr=err, marker="o", capsize=3, label=name)
    if np.all(np.isfinite(xs)) and np.allclose(xs, np.round(xs)):
        from matplotlib.ticker import MaxNLocator

        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    if logy:
        ax.set_yscale("log")
    if len(curves) > 1:
        ax.legend(fontsize=8)
    ax.grid(alpha=0.3)
    return ax


def plot_singular_values(matrices: Any, *, rtol: float = 1e-10, ax: Axes | None = None) -> Axes:
    """Normalised singular values ``sigma_i / sigma_1`` of one or several matrices (a mapping
    ``name -> matrix``), log scale, with the tolerance ``rtol`` under which a singular value
    counts as zero; the number of points above it is the numerical rank (for a displacement
    ``D(F)``, the displacement rank)."""
    if not isinstance(matrices, Mapping):
        matrices = {"matrix": matrices}
    ax = _axes(ax, (5, 3.5))
    for name, M in matrices.items():
        arr = np.asarray(M.detach().cpu() if hasattr(M, "detach") else M, dtype=float)
        s = np.linalg.svd(arr, compute_uv=False)
        s = s / s[0] if s.size and s[0] > 0 else np.zeros_like(s)
        rank = int((s > rtol).sum())
        ax.semilogy(
            np.arange(1, s.size + 1),
            np.maximum(s, 1e-17),
            marker=".",
            label=f"{name} (rank {rank})",
        )
    ax.axhline(rtol, color="grey", ls="--", lw=0.8)
    ax.set_xlabel("i")
    ax.set_ylabel("sigma_i / sigma_1")
    ax.legend(fontsize=8)
    return ax
