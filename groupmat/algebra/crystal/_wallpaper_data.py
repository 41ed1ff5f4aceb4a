"""Seitz tables of the 17 plane crystallographic (wallpaper) groups.

General positions as coordinate triplets in the settings of the International Tables for
Crystallography, Vol. A (2016), chapter 2.3 (plane groups 1-17), with this library's axis
convention: ``x`` is the last array axis (image columns), ``y`` the first (rows); each list
starts with the identity and the point-group order is the list's length (primitive cells).

Centred groups (``cm``, ``cmm``) are listed in a *primitive* cell (the mirrors swap the two
primitive vectors, i.e. they are diagonal mirrors of the pixel grid) and, as
``CENTRED_CELLS``, in the conventional centred cell with the centring translation
``(1/2, 1/2)``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

__all__ = ["CENTRED_CELLS", "WALLPAPER", "WallpaperData"]


@dataclass(frozen=True)
class WallpaperData:
    """One plane group: IUC symbol, IT number, full symbol, lattice system, general positions
    (triplets), indices of the generators among them, their names, the pixel-grid origin
    (``None``: 0) and whether the lattice must be square (point matrices that swap axes)."""

    symbol: str
    number: int
    full: str
    lattice: str
    triplets: tuple[str, ...]
    generators: tuple[int, ...]
    names: tuple[str, ...]
    origin: tuple[str, str] | None = None
    square: bool = False
    spatial: str | None = None  # the point group of spatial_group() for the same group


_P4 = ("x, y", "y, -x", "-x, -y", "-y, x")  # spatial_group's C4 order: r^0..r^3
_P3 = ("x, y", "-y, x-y", "-x+y, -x")
_P6 = ("x, y", "x-y, x", "-y, x-y", "-x, -y", "-x+y, -x", "y, -x+y")

WALLPAPER: dict[str, WallpaperData] = {
    d.symbol: d
    for d in [
        WallpaperData("p1", 1, "p1", "oblique", ("x, y",), (), (), spatial="C1"),
        WallpaperData("p2", 2, "p2", "oblique", ("x, y", "-x, -y"), (1,), ("r",), spatial="C2"),
        WallpaperData(
            "pm", 3, "p1m1", "rectangular", ("x, y", "-x, y"), (1,), ("m",), spatial="D1"
        ),
        WallpaperData("pg", 4, "p1g1", "rectangular", ("x, y", "-x, y+1/2"), (1,), ("g",)),
        WallpaperData(
            "cm", 5, "c1m1", "centred rectangular", ("x, y", "y, x"), (1,), ("m",), square=True
        ),
        WallpaperData(
            "pmm",
            6,
            "p2mm",
            "rectangular",
            ("x, y", "-x, -y", "-x, y", "x, -y"),
            (1, 2),
            ("r", "m"),
            spatial="D2",
        ),
        WallpaperData(
            "pmg",
            7,
            "p2mg",
            "rectangular",
            ("x, y", "-x, -y", "-x+1/2, y", "x+1/2, -y"),
            (1, 2),
            ("r", "m"),
        ),
        WallpaperData(
            "pgg",
            8,
            "p2gg",
            "rectangular",
            ("x, y", "-x, -y", "-x+1/2, y+1/2", "x+1/2, -y+1/2"),
            (1, 2),
            ("r", "g"),
            origin=("1/4", "1/4"),
        ),
        WallpaperData(
            "cmm",
            9,
            "c2mm",
            "centred rectangular",
            ("x, y", "-x, -y", "y, x", "-y, -x"),
            (1, 2),
            ("r", "m"),
            square=True,
        ),
        WallpaperData("p4", 10, "p4", "square", _P4, (1,), ("r",), square=True, spatial="C4"),
        WallpaperData(
            "p4m",
            11,
            "p4mm",
            "square",
            (*_P4, "-x, y", "y, x", "x, -y", "-y, -x"),
            (1, 4),
            ("r", "m"),
            square=True,
            spatial="D4",
        ),
        WallpaperData(
            "p4g",
            12,
            "p4gm",
            "square",
            (*_P4, "-x+1/2, y+1/2", "y+1/2, x+1/2", "x+1/2, -y+1/2", "-y+1/2, -x+1/2"),
            (1, 4),
            ("r", "g"),
            origin=("1/4", "1/4"),
            square=True,
        ),
        WallpaperData("p3", 13, "p3", "hexagonal", _P3, (1,), ("r",), square=True),
        WallpaperData(
            "p3m1",
            14,
            "p3m1",
            "hexagonal",
            (*_P3, "-y, -x", "-x+y, y", "x, x-y"),
            (1, 3),
            ("r", "m"),
            square=True,
        ),
        WallpaperData(
            "p31m",
            15,
            "p31m",
            "hexagonal",
            (*_P3, "y, x", "x-y, -y", "-x, -x+y"),
            (1, 3),
            ("r", "m"),
            square=True,
        ),
        WallpaperData("p6", 16, "p6", "hexagonal", _P6, (1,), ("r",), square=True),
        WallpaperData(
            "p6m",
            17,
            "p6mm",
            "hexagonal",
            (*_P6, "-y, -x", "-x+y, y", "x, x-y", "y, x", "x-y, -y", "-x, -x+y"),
            (1, 6),
            ("r", "m"),
            square=True,
        ),
    ]
}

#: Conventional centred cells: symbol -> (triplets with the centring, generators, names).
CENTRED_CELLS: dict[str, tuple[tuple[str, ...], tuple[int, ...], tuple[str, ...]]] = {
    "cm": (("x, y", "-x, y", "x+1/2, y+1/2", "-x+1/2, y+1/2"), (1, 2), ("m", "c")),
    "cmm": (
        (
            "x, y",
            "-x, -y",
            "-x, y",
            "x, -y",
            "x+1/2, y+1/2",
            "-x+1/2, -y+1/2",
            "-x+1/2, y+1/2",
            "x+1/2, -y+1/2",
        ),
        (1, 2, 4),
        ("r", "m", "c"),
    ),
}

#: Cartesian vectors (horizontal, vertical) of the lattice axes (axis 0 = y, axis 1 = x),
#: per lattice system, in cells; multiplied by the refinement for square pixels.
_SQ = np.array([[0.0, 1.0], [-1.0, 0.0]])
BASES: dict[str, np.ndarray] = {
    "oblique": _SQ,
    "rectangular": _SQ,
    "centred rectangular": _SQ,
    "square": _SQ,
    "hexagonal": np.array([[-0.5, 1.0], [np.sqrt(3) / 2, 0.0]]),
}

#: Alternative spellings: full Hermann-Mauguin symbols and IT numbers.
ALIASES: dict[str, str] = {
    **{d.full.lower(): d.symbol for d in WALLPAPER.values()},
    **{str(d.number): d.symbol for d in WALLPAPER.values()},
    "p4gm": "p4g",
    "p2mg": "pmg",
    "p2gg": "pgg",
}
