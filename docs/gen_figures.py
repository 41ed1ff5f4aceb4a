"""Figures of the concept and how-to pages, drawn with ``groupmat.plot`` at build time.

Used two ways:

* as an mkdocs hook (``hooks:`` in ``mkdocs.yml``): ``on_files`` draws every figure of
  :data:`FIGURES` and adds it to the site as ``figures/<name>.png`` (pages link to
  ``../figures/<name>.png``; the wallpaper gallery's as ``img/wallpaper/<group>.png``), so
  the pictures always show what the current code computes and none is committed;
* as a script: ``python docs/gen_figures.py OUT_DIR [NAME ...]`` writes the PNGs.

Each figure is a small function of an empty matplotlib ``Figure``; the whole set takes
about 15 s on one CPU core. Without matplotlib the hook logs a warning and the pages show no
pictures (a strict build then fails: their image links point nowhere).
"""

from __future__ import annotations

import io
import logging
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

log = logging.getLogger("mkdocs.plugins.groupmat.figures")


def group_matrices(fig: Any) -> None:
    """D8 in its own order, by cosets of <r>, and C3 x C4 (block-circulant, circulant blocks)."""
    import groupmat as gm
    from groupmat.plot import plot_group_matrix

    G = gm.dihedral(4)
    axes = fig.subplots(1, 3)
    plot_group_matrix(G, ax=axes[0], annotate=False)
    axes[0].set_title("D8, elements r^i s^j")
    axes[0].axhline(3.5, color="k", lw=1.2)
    axes[0].axvline(3.5, color="k", lw=1.2)
    H = G.subgroup(["s"])
    plot_group_matrix(G, order=H, ax=axes[1], annotate=False)
    axes[1].set_title("D8 by cosets of <s>")
    for k in range(1, 4):
        for ax in axes[1:2]:
            ax.axhline(2 * k - 0.5, color="k", lw=1.2)
            ax.axvline(2 * k - 0.5, color="k", lw=1.2)
    A = gm.abelian([3, 4])
    plot_group_matrix(A, ax=axes[2], labels=False, annotate=False, cmap="twilight")
    for k in range(1, 3):
        axes[2].axhline(4 * k - 0.5, color="k", lw=1.2)
        axes[2].axvline(4 * k - 0.5, color="k", lw=1.2)
    axes[2].set_title("C3 x C4: circulant blocks")
    fig.set_size_inches(13, 4.6)


def cayley_graphs(fig: Any) -> None:
    """Cayley graphs of D8 (8 nodes), A5 (60) and PSL(2,7) (168) with the size-based layouts."""
    import groupmat as gm
    from groupmat.plot import plot_cayley_graph

    axes = fig.subplots(1, 3)
    psl = gm.Group.from_presentation("< a, b | a^2, b^3, (a*b)^7, [a,b]^4 >")
    for ax, G, title in zip(
        axes,
        (gm.dihedral(4), gm.alternating(5), psl),
        ("D8 = < r, s >", "A5: 20 cycles of b (order 3)", "PSL(2,7): 56 cycles of b"),
        strict=True,
    ):
        plot_cayley_graph(G, ax=ax)
        ax.set_title(title)
    fig.set_size_inches(15, 5.2)


def character_table_a5(fig: Any) -> None:
    """A5's character table, exact values (golden ratio) in the cells."""
    import groupmat as gm
    from groupmat.plot import plot_character_table

    plot_character_table(gm.alternating(5), ax=fig.subplots())
    fig.set_size_inches(6.5, 4.2)


def displacement_singular_values(fig: Any) -> None:
    """Singular values of the coefficient displacement D(F) vs the Sylvester displacement."""
    import groupmat as gm
    from groupmat.plot import plot_singular_values

    G = gm.dihedral(6)
    n = G.order
    rng = np.random.default_rng(0)
    curves = {}
    for r in (1, 2, 4):
        L = gm.ldr_matrix(G, rng.normal(size=n), rng.normal(size=(n, r)), rng.normal(size=(n, r)))
        F = gm.coefficient_matrix(L.to_dense(), G)
        curves[f"F - 1 mean(F), r = {r}"] = F - F.mean(axis=0, keepdims=True)
    M = L.to_dense()
    syl = gm.group_displacements(M, G, form="sylvester")
    curves["Sylvester [L_u, M], r = 4"] = np.concatenate(list(syl), axis=1)
    ax = fig.subplots()
    plot_singular_values(curves, ax=ax)
    ax.set_title(f"displacement of LDR matrices on D12 (n = {n})")
    fig.set_size_inches(6.5, 4)


def equivariance_vs_perturbation(fig: Any) -> None:
    """Mean equivariance defect of M_b + eps * (rank-r part) against eps: grows as eps^2."""
    import groupmat as gm
    from groupmat.plot import plot_ldr_curves

    G = gm.dihedral(6)
    n = G.order
    rng = np.random.default_rng(1)
    eps = np.logspace(-3, 0, 7)
    b = rng.normal(size=n)
    curves = {}
    for r in (1, 2, 4):
        A, C = rng.normal(size=(n, r)), rng.normal(size=(n, r)) / np.sqrt(n)
        curves[f"r = {r}"] = [
            float(gm.equivariance_error_of_matrix(gm.ldr_matrix(G, b, e * A, C).to_dense(), G))
            for e in eps
        ]
    ax = fig.subplots()
    plot_ldr_curves(
        eps,
        curves,
        xlabel="perturbation size ε (position factors a_i scaled by ε)",
        ylabel="mean_u ||L_u M L_u^-1 - M||_F^2",
        logy=True,
        ax=ax,
    )
    ax.set_xscale("log")
    ax.set_title("exact at ε = 0, quadratic in ε (D12)")
    fig.set_size_inches(6.5, 4)


def orbit_matrices(fig: Any) -> None:
    """A5 on the icosahedron: orbits on vertices x vertices, x faces, x edges."""
    import groupmat as gm
    from groupmat.plot import plot_orbit_matrix

    G = gm.alternating(5)
    orders = np.asarray(G.element_orders())
    by_order = {o: int(np.flatnonzero(orders == o)[0]) for o in (2, 3, 5)}
    V, F, E = (gm.HomogeneousSpace(G, G.subgroup([by_order[o]])) for o in (5, 3, 2))
    axes = fig.subplots(1, 3, gridspec_kw={"width_ratios": [12, 20, 30]})
    for ax, (X, Y, name) in zip(
        axes,
        ((V, V, "vertices x vertices"), (V, F, "vertices x faces"), (V, E, "vertices x edges")),
        strict=True,
    ):
        plot_orbit_matrix(X, Y, ax=ax)
        k = ax.get_title().split()[0]
        ax.set_title(f"{name}: {k} orbits")
    fig.set_size_inches(15, 4.2)


def _wallpaper(name: str) -> Callable[[Any], None]:
    def draw(fig: Any) -> None:
        """The orbit of a letter F under one wallpaper group on a 3 x 3 torus."""
        from groupmat import wallpaper_group
        from groupmat.plot import plot_wallpaper

        plot_wallpaper(wallpaper_group(name, 3), ax=fig.subplots())
        fig.set_size_inches(4, 4)

    return draw


def _wallpaper_names() -> list[str]:
    from groupmat import WALLPAPER_GROUPS

    return list(WALLPAPER_GROUPS)


#: name -> drawing function; the PNG is ``figures/<name>.png``, or
#: ``img/wallpaper/<group>.png`` for ``wallpaper-<group>`` (the gallery page).
FIGURES: dict[str, Callable[[Any], None]] = {
    "group-matrices": group_matrices,
    "cayley-graphs": cayley_graphs,
    "character-table-a5": character_table_a5,
    "displacement-singular-values": displacement_singular_values,
    "equivariance-vs-perturbation": equivariance_vs_perturbation,
    "orbit-matrices": orbit_matrices,
} | {f"wallpaper-{name}": _wallpaper(name) for name in _wallpaper_names()}


def uri(name: str) -> str:
    """Where figure ``name`` lives in the site."""
    if name.startswith("wallpaper-"):
        return f"img/wallpaper/{name.removeprefix('wallpaper-')}.png"
    return f"figures/{name}.png"


def render(name: str, dpi: int = 90) -> bytes:
    """One figure as PNG bytes."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig = plt.figure()
    try:
        FIGURES[name](fig)
        fig.tight_layout()
        buf = io.BytesIO()
        fig.savefig(buf, format="png", dpi=dpi, bbox_inches="tight")
        return buf.getvalue()
    finally:
        plt.close(fig)


def on_files(files: Any, config: Any) -> Any:
    """mkdocs hook: add ``figures/<name>.png`` for every figure."""
    from mkdocs.structure.files import File

    try:
        import matplotlib  # noqa: F401
    except ImportError:
        log.warning("matplotlib is not installed: the docs' figures are left out")
        return files
    for name in FIGURES:
        path = uri(name)
        old = files.get_file_from_path(path)
        if old is not None:
            files.remove(old)
        files.append(File.generated(config, path, content=render(name)))
    return files


def main(argv: list[str] | None = None) -> int:
    import argparse

    parser = argparse.ArgumentParser(description="Draw the documentation's figures as PNGs.")
    parser.add_argument("out", help="directory to write <name>.png to")
    parser.add_argument("names", nargs="*", help=f"figures (default all: {', '.join(FIGURES)})")
    parser.add_argument("--dpi", type=int, default=90)
    args = parser.parse_args(sys.argv[1:] if argv is None else argv)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    for name in args.names or FIGURES:
        if name not in FIGURES:
            parser.error(f"unknown figure {name!r}: choose from {', '.join(FIGURES)}")
        (out / f"{name}.png").write_bytes(render(name, args.dpi))
    return 0


if __name__ == "__main__":
    sys.exit(main())
