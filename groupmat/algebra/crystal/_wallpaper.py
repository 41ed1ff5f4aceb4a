"""The 17 wallpaper groups truncated to tori, with exact pixel actions.

``wallpaper_group(name, size)`` is the plane crystallographic group ``G`` modulo the
translations of ``size`` cells along each lattice axis, ``G_N = G / N T`` (order
``|P| N^2`` in a primitive cell), as a
:class:`~groupmat.CrystallographicGroup`: index arithmetic on
``(t, p)``, a transitive action on an image grid, and ``conv2d`` lowerings for all 17 groups.

=========  ====  ===========  =====================  =====  ================  ================
symbol     IT    full         lattice                ``|P|``  pixels per cell   origin of pixel 0
=========  ====  ===========  =====================  =====  ================  ================
p1         1     p1           oblique                1      1                 0
p2         2     p2           oblique                2      1                 0 (2-fold centre)
pm         3     p1m1         rectangular            2      1                 0 (on a mirror)
pg         4     p1g1         rectangular            2      2 x 1             0
cm         5     c1m1         centred rectangular    2      1 (primitive)     0 (on a mirror)
pmm        6     p2mm         rectangular            4      1                 0
pmg        7     p2mg         rectangular            4      2 x 1 (cols)      0 (2-fold centre)
pgg        8     p2gg         rectangular            4      2 x 2             (1/4, 1/4)
cmm        9     c2mm         centred rectangular    4      1 (primitive)     0
p4         10    p4           square                 4      1                 0
p4m        11    p4mm         square                 8      1                 0
p4g        12    p4gm         square                 8      2 x 2             (1/4, 1/4) (mirror)
p3         13    p3           hexagonal              3      1 (axial)         0
p3m1       14    p3m1         hexagonal              6      1 (axial)         0
p31m       15    p31m         hexagonal              6      1 (axial)         0
p6         16    p6           hexagonal              6      1 (axial)         0
p6m        17    p6mm         hexagonal              12     1 (axial)         0
=========  ====  ===========  =====================  =====  ================  ================

Conventions (as for Seitz symbols): images are arrays ``(rows, cols)``; ``x`` is
the column axis and ``y`` the row axis. Mirrors of ``pm`` flip columns (``(-x, y)``), the glide
of ``pg`` flips columns and shifts half a cell down (``(-x, y+1/2)``, one pixel on the
``2N x N`` image). Hexagonal images are ``N x N`` arrays in axial coordinates ``(y, x)`` of the
basis ``a`` (columns) and ``b`` (rows) at 120 degrees (the International Tables' hexagonal
axes): the 60-degree rotation is the index permutation ``(y, x) -> (x, x - y)``. Centred
groups use a primitive cell by default (``cm``: the diagonal mirror ``(y, x)`` of a square
pixel grid), or the conventional cell with ``cell="conventional"`` (twice the cells'
area, the centring ``(1/2, 1/2)``, images ``2N x 2N``).

Valid sizes: every ``N >= 1`` (``N T`` is normal in ``G``); ``N >= 3`` for a faithful pixel
action; ``N`` **even** keeps the non-symmorphic groups (``pg, pmg, pgg, p4g``) non-isomorphic to
their symmorphic partners (for odd ``N`` the glide times half a lattice period is an
involution, see :class:`~groupmat.CrystallographicGroup`). Groups whose point group permutes
the axes (``cm, cmm``, square and hexagonal) need a square torus; the others accept
``size=(N_0, N_1)``. Strided pooling (``subsample``) needs factors ``= 1 mod 2`` for the
glide groups.

References
----------
International Tables for Crystallography, Vol. A (2016), ch. 2.3 (the 17 plane groups);
J. H. Conway, H. Burgiel, C. Goodman-Strauss, *The Symmetries of Things* (2008), ch. 6.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from groupmat.algebra.crystal._crystallographic import (
    CrystallographicGroup,
    CrystallographicGroupError,
    _as_shape,
)
from groupmat.algebra.crystal._seitz import seitz_set
from groupmat.algebra.crystal._wallpaper_data import ALIASES, BASES, CENTRED_CELLS, WALLPAPER

__all__ = ["WALLPAPER_GROUPS", "wallpaper_group"]

#: The 17 IUC symbols in IT order.
WALLPAPER_GROUPS: tuple[str, ...] = tuple(WALLPAPER)


def _resolve(name: Any) -> str:
    key = str(name).strip().lower().replace(" ", "")
    key = ALIASES.get(key, key)
    if key not in WALLPAPER:
        raise CrystallographicGroupError(
            f"unknown wallpaper group {name!r}; choose one of {', '.join(WALLPAPER)} (or an IT "
            "number 1-17, or a full symbol such as 'p4gm')"
        )
    return key


def wallpaper_group(
    name: str | int, size: int | tuple[int, int] = 4, *, cell: str = "primitive"
) -> CrystallographicGroup:
    """The wallpaper group ``name`` truncated to a torus of ``size x size`` cells.

    Parameters
    ----------
    name
        IUC symbol (``"p4g"``), full symbol (``"p4gm"``) or IT number (``12``).
    size
        Cells per axis (an int, or ``(N_0, N_1)`` for lattices that are not square,
        hexagonal or centred-primitive). See the module docstring for valid sizes.
    cell
        ``"primitive"`` (default) or ``"conventional"`` (``cm``, ``cmm`` only: the centred
        rectangular cell with the centring as a pure translation).

    Returns
    -------
    CrystallographicGroup
        With ``.point_group``, ``.translation_subgroup()``, ``.pixels`` (transitive), images of
        shape ``.shape``; ``p1, p2, pm, pmm, p4, p4m`` are the
        :class:`~groupmat.SpatialGroup` of the same point group. Extra
        attributes ``it_number`` and ``lattice_system``.

    Examples
    --------
    >>> G = wallpaper_group("p4g", 4)
    >>> G.order, G.shape, G.point_group.order, G.is_symmorphic
    (128, (8, 8), 8, False)
    >>> H = wallpaper_group("p6", 6)
    >>> H.order, H.shape, H.translation_subgroup().order
    (216, (6, 6), 36)
    """
    key = _resolve(name)
    data = WALLPAPER[key]
    if cell not in ("primitive", "conventional"):
        raise CrystallographicGroupError(
            f"cell must be 'primitive' or 'conventional', not {cell!r}"
        )
    conventional = cell == "conventional"
    if conventional and key not in CENTRED_CELLS:
        raise CrystallographicGroupError(
            f"{key} has a primitive lattice; cell='conventional' is for cm and cmm"
        )
    shape = _as_shape(size, 2)
    if (data.square and not conventional) and len(set(shape)) > 1:
        raise CrystallographicGroupError(
            f"{key} has a {data.lattice} lattice whose point group permutes the axes: it needs "
            f"a square torus, got {shape}"
        )
    G: CrystallographicGroup
    if data.spatial is not None:
        from groupmat.algebra.crystal._spatial import SpatialGroup

        G = SpatialGroup(shape, data.spatial)  # type: ignore[arg-type]
    else:
        triplets, gens, names = data.triplets, data.generators, data.names
        if conventional:
            triplets, gens, names = CENTRED_CELLS[key]
        S = seitz_set(list(triplets))
        G = CrystallographicGroup(
            S,
            shape,
            origin=data.origin,
            symbol=key,
            generators=gens,
            generator_names=names,
        )
    G.basis = BASES[data.lattice] * np.array(G.refinement)[None, :]
    G.it_number = data.number  # type: ignore[attr-defined]
    G.lattice_system = data.lattice  # type: ignore[attr-defined]
    return G
