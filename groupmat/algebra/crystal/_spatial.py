"""Spatial groups: translations of an ``H x W`` torus extended by a crystallographic point group.

``spatial_group((H, W), point_group=P)`` is the symmorphic plane group (``p1, p2, p4, pm, pmm,
p4m`` for ``P = C1, C2, C4, D1, D2, D4``) with its lattice ``Z^2`` truncated to the torus
``Z_H x Z_W``: the semidirect product ``G = T ⋊ P`` with ``T = Z_H x Z_W`` and ``P`` acting on
pixel coordinates ``(row, col)`` by signed permutation matrices.

An element ``g = (t, p)`` acts on a pixel by ``x -> p x + t``; composing affine maps gives

.. math::  (t_1, p_1) (t_2, p_2) = (t_1 + p_1 t_2,\\; p_1 p_2),

a left action: ``(g_1 g_2).x = g_1.(g_2.x)``. Element ``(t, p)`` has index
``p * H * W + row * W + col`` (``p`` = index in :attr:`SpatialGroup.point_group`), so a signal on
``G`` laid out as ``(..., n)`` reshapes to ``(..., |P|, H, W)`` and pixel ``row * W + col`` is
the left coset ``(t, p) P`` of every ``(t, p)``. Everything is index arithmetic on these three
coordinates: the generators' right action costs ``O(n k)``, a product ``O(1)``, and no closure
or Cayley table is ever needed.

:class:`SpatialGroup` is the symmorphic special case of
:class:`~groupmat.CrystallographicGroup` (all ``w_p = 0``, pixels =
cells), which supplies the arithmetic, pixels, kernels, ``conv2d`` taps and subsampling; all
17 wallpaper groups (glides, centred and hexagonal lattices) are
:func:`~groupmat.wallpaper_group`.

Coordinates: ``row`` grows downwards, ``col`` to the right. The rotation ``r`` of ``C4``/``D4``
turns an image a quarter counter-clockwise about pixel ``(0, 0)``: ``(row, col) -> (-col, row)``
(the rotation of ``C2``/``D2`` is its square); the mirror ``m`` flips columns,
``(row, col) -> (row, -col)``. Point group elements are numbered ``r^a m^b -> a + |C| b``.
"""

from __future__ import annotations

import numpy as np

from groupmat.algebra.crystal._crystallographic import (
    CrystallographicGroup,
    PointGroup,
    _as_shape,
)
from groupmat.algebra.crystal._seitz import seitz_set
from groupmat.errors import SpatialGroupError

__all__ = [
    "POINT_GROUPS",
    "PointGroup",
    "SpatialGroup",
    "SpatialGroupError",
    "spatial_group",
]

#: Errors of spatial groups are those of crystallographic groups (one class, two names).

_ROT90 = np.array([[0, -1], [1, 0]], dtype=np.int64)  # (row, col) -> (-col, row)
_ROT180 = -np.eye(2, dtype=np.int64)
_MIRROR = np.array([[1, 0], [0, -1]], dtype=np.int64)  # (row, col) -> (row, -col)

#: Point groups: name -> (rotation generating the cyclic part, or None; has a mirror,
#: wallpaper group name).
POINT_GROUPS: dict[str, tuple[np.ndarray | None, bool, str]] = {
    "C1": (None, False, "p1"),
    "C2": (_ROT180, False, "p2"),
    "C4": (_ROT90, False, "p4"),
    "D1": (None, True, "pm"),
    "D2": (_ROT180, True, "pmm"),
    "D4": (_ROT90, True, "p4m"),
}


def _cyclic_powers(rot: np.ndarray | None) -> list[np.ndarray]:
    mats = [np.eye(2, dtype=np.int64)]
    if rot is None:
        return mats
    while True:
        nxt = mats[-1] @ rot
        if np.array_equal(nxt, mats[0]):
            return mats
        mats.append(nxt)


class SpatialGroup(CrystallographicGroup):
    """Translations of an ``H x W`` torus times a point group (see the module docstring).

    Build with :func:`spatial_group`. Everything else (``multiply``, ``act``, ``pixels``,
    ``window``, ``conv2d_taps``, ``subsample``, ...) is inherited from
    :class:`~groupmat.CrystallographicGroup`.

    Attributes
    ----------
    shape
        ``(H, W)`` (cells = pixels).
    point_group
        The :class:`PointGroup` ``P`` (its ``.matrices``), also as :attr:`point_matrices`.
    group
        The :class:`~groupmat.Group` ``G = T ⋊ P`` of order ``|P| H W``; its
        generators are the unit translations ``x`` (one column right), ``y`` (one row down)
        and the point group's generators (``r`` rotation, ``m`` mirror).
    pixels
        The homogeneous space ``G/P`` of pixels (index ``row * W + col``).
    parent, factor, embedding, pixel_embedding
        Set by :meth:`subsample`: the finer spatial group, the stride, and the index maps
        ``(t', p) -> (factor * t', p)`` into ``parent.group`` and ``t' -> factor * t'`` into
        ``parent``'s pixels (``None`` for a group that is not a subsample).

    Examples
    --------
    >>> S = spatial_group((4, 4), point_group="C4")
    >>> S.group.order, S.name
    (64, 'p4 on a 4x4 torus')
    >>> g = S.index(1, 0, 1)             # rotate a quarter turn, then shift one column
    >>> S.decompose(g)
    (1, 0, 1)
    >>> int(S.act(g, S.pixel_index(2, 0)))   # (2, 0) -> (0, 2) -> (0, 3)
    3
    """

    def __init__(self, shape: tuple[int, int], point_group: str = "C1") -> None:
        h, w = _as_shape(shape, 2)  # positive ints; floats such as (3.7, 3.2) are refused
        key = str(point_group).upper()
        if key not in POINT_GROUPS:
            raise SpatialGroupError(
                f"unknown point group {point_group!r}; choose one of {', '.join(POINT_GROUPS)} "
                "(all 17 wallpaper groups: groupmat.wallpaper_group)"
            )
        rot, mirror, wallpaper = POINT_GROUPS[key]
        if rot is _ROT90 and h != w:
            raise SpatialGroupError(
                f"point group {key} rotates by 90 degrees, which needs a square torus; "
                f"got shape ({h}, {w}) (use C2/D2 for rectangles)"
            )
        rots = _cyclic_powers(rot)
        mats = rots + ([r @ _MIRROR for r in rots] if mirror else [])
        gen_ids, gen_names = [], []
        if rot is not None:
            gen_ids.append(1)
            gen_names.append("r")
        if mirror:
            gen_ids.append(len(rots))
            gen_names.append("m")
        super().__init__(
            seitz_set(np.stack(mats)),
            (h, w),
            origin=(0, 0),
            symbol=wallpaper,
            generators=gen_ids,
            generator_names=gen_names,
        )
        self.point_group_name = key
        self.wallpaper_name = wallpaper

    def _with_lattice(self, shape: tuple[int, ...]) -> SpatialGroup:
        return SpatialGroup((shape[0], shape[1]), self.point_group_name)


def spatial_group(shape: tuple[int, int] | int, point_group: str = "C1") -> SpatialGroup:
    """The plane group with point group ``P`` truncated to an ``H x W`` torus.

    Parameters
    ----------
    shape
        ``(H, W)`` (or one int for a square torus).
    point_group
        ``"C1"`` (p1, translations only), ``"C2"`` (p2), ``"C4"`` (p4), ``"D1"`` (pm),
        ``"D2"`` (pmm) or ``"D4"`` (p4m). ``C4`` and ``D4`` need ``H == W``.

    Raises
    ------
    SpatialGroupError
        Unknown point group, non-positive shape, or a quarter turn on a non-square torus.

    Examples
    --------
    >>> S = spatial_group((12, 12), point_group="D4")
    >>> S.group.order, S.point_group.order, len(S.pixels)
    (1152, 8, 144)
    """
    return SpatialGroup(shape if not isinstance(shape, int) else (shape, shape), point_group)
