"""Pictures of plane crystallographic groups: the orbit of a motif under ``G_N``.

:func:`plot_wallpaper` draws, on the torus of ``N x N`` cells of a 2-D
:class:`~groupmat.CrystallographicGroup`, the images ``g . F`` of an
asymmetric motif (a letter F) under every element ``g`` of the group, coloured by whether ``g``
preserves orientation (rotations, translations) or reverses it (mirrors, glides), with the cell
lattice and, optionally, the pixels the group acts on. A reader checks the group by eye:
glides show as mirrored Fs shifted half a cell, hexagonal groups as 3- and 6-fold rosettes.

matplotlib is optional (``pip install matplotlib``, or the ``plot`` extra); it is imported only
when a picture is drawn.

Examples
--------
>>> from groupmat import wallpaper_group
>>> polygons, proper = motif_orbit(wallpaper_group("pg", 2))   # no matplotlib needed
>>> polygons.shape, int(proper.sum())                  # one F per element, half of them mirrored
((8, 10, 2), 4)
>>> ax = plot_wallpaper(wallpaper_group("pg", 2))      # doctest: +SKIP
"""

from __future__ import annotations

from typing import Any

import numpy as np

__all__ = ["F_MOTIF", "motif_orbit", "plot_wallpaper"]

#: The letter F (no symmetry at all), in units of its height, anchored at its foot.
F_MOTIF = np.array(
    [
        [0, 0],
        [0, 1],
        [0.6, 1],
        [0.6, 0.8],
        [0.2, 0.8],
        [0.2, 0.6],
        [0.5, 0.6],
        [0.5, 0.4],
        [0.2, 0.4],
        [0.2, 0],
    ]
)


def motif_orbit(
    G: Any,
    motif: np.ndarray | None = None,
    anchor: tuple[float, float] = (0.1, 0.28),
    scale: float = 0.13,
) -> tuple[np.ndarray, np.ndarray]:
    """Cartesian polygons of the motif's orbit under all of ``G``.

    Parameters
    ----------
    G
        A 2-D crystallographic group (``wallpaper_group(...)``).
    motif
        ``(k, 2)`` vertices in Cartesian units of its size (default :data:`F_MOTIF`).
    anchor
        Lattice coordinates ``(axis 0, axis 1)`` of the motif's foot, a general position.
    scale
        Motif height as a fraction of the shortest cell edge.

    Returns
    -------
    polygons
        ``(n, k, 2)`` Cartesian vertices, each image moved by whole tori into
        ``[0, N)^2`` (by its anchor).
    proper
        ``(n,)`` bool: ``det W = +1``.
    """
    if G.dim != 2:
        raise ValueError(f"plot_wallpaper draws plane groups, got a {G.dim}-D group")
    B = np.asarray(G.basis, dtype=float)
    motif = F_MOTIF if motif is None else np.asarray(motif, dtype=float)
    edge = float(np.linalg.norm(B, axis=0).min())
    a = np.asarray(anchor, dtype=float)
    verts = a[None, :] + np.linalg.solve(B, (motif * scale * edge).T).T  # lattice coords
    N = np.asarray(G.lattice_shape, dtype=float)
    polys, proper = [], []
    for g in range(G.order):
        W, w = G.seitz_pair(g)
        shift = np.array([float(x) for x in w])
        img = verts @ W.T + shift
        foot = a @ W.T + shift
        img -= np.floor(foot / N) * N
        polys.append(img @ B.T)
        proper.append(round(np.linalg.det(W)) == 1)
    return np.asarray(polys), np.asarray(proper)


def plot_wallpaper(
    G: Any,
    *,
    ax: Any = None,
    motif: np.ndarray | None = None,
    show_pixels: bool = True,
    colors: tuple[str, str] = ("#1f77b4", "#ff7f0e"),
    title: str | None = None,
) -> Any:
    """Draw the orbit of a motif under a plane group on its torus (see the module docstring).

    Parameters
    ----------
    G
        A 2-D crystallographic group; tori of 2-3 cells per side read best.
    ax
        matplotlib ``Axes`` (a new 4 x 4 inch figure when ``None``).
    motif
        Vertices of the motif (default the letter F).
    show_pixels
        Mark the pixels (image grid) the group acts on.
    colors
        Orientation-preserving and orientation-reversing images.
    title
        Default: symbol, IT number, torus and order.

    Returns
    -------
    matplotlib.axes.Axes
    """
    import matplotlib.pyplot as plt
    from matplotlib.patches import Polygon

    if ax is None:
        _, ax = plt.subplots(figsize=(4, 4))
    polys, proper = motif_orbit(G, motif)
    B = np.asarray(G.basis, dtype=float)
    n0, n1 = G.lattice_shape
    for i in range(n0 + 1):  # cell lattice
        ax.plot(*np.array([B @ [i, 0], B @ [i, n1]]).T, color="0.75", lw=0.6, zorder=0)
    for j in range(n1 + 1):
        ax.plot(*np.array([B @ [0, j], B @ [n0, j]]).T, color="0.75", lw=0.6, zorder=0)
    if show_pixels:
        D = np.asarray(G.refinement, dtype=float)
        o = np.array([float(x) for x in G.grid.origin])
        coords = np.stack(G.pixel_coordinates(np.arange(G.num_pixels)), axis=1)
        pts = (o[None, :] + coords / D[None, :]) @ B.T
        ax.scatter(pts[:, 0], pts[:, 1], s=3, color="0.55", zorder=1, linewidths=0)
    for poly, prop in zip(polys, proper, strict=True):
        ax.add_patch(Polygon(poly, closed=True, color=colors[0 if prop else 1], lw=0))
    corners = np.array([B @ c for c in ([0, 0], [n0, 0], [0, n1], [n0, n1])])
    lo, hi = corners.min(axis=0), corners.max(axis=0)
    pad = 0.04 * float((hi - lo).max())
    ax.set_xlim(lo[0] - pad, hi[0] + pad)
    ax.set_ylim(lo[1] - pad, hi[1] + pad)
    ax.set_aspect("equal")
    ax.set_xticks([])
    ax.set_yticks([])
    if title is None:
        num = getattr(G, "it_number", None)
        title = f"{G.symbol}" + (f" (No. {num})" if num else "") + f", |G| = {G.order}"
    ax.set_title(title, fontsize=9)
    return ax
