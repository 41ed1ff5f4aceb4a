"""Crystallographic groups truncated to a torus: the plane (:func:`spatial_group`), the 17
wallpaper groups, the 230 space groups, Seitz symbols and pixel/voxel grids.

A crystallographic group ``T x| P`` acts on a periodic grid of pixels (or voxels); truncating
its translations to a ``H x W`` torus makes it finite, so everything in groupmat (group
matrices, homogeneous spaces, layers) applies. Layers reach the grid through
:meth:`CrystallographicGroup.conv2d_taps` and the kernels of :class:`CrystallographicGroup`.

Examples
--------
>>> from groupmat.algebra.crystal import spatial_group, wallpaper_group
>>> spatial_group((8, 8), point_group="D4").order
512
>>> wallpaper_group("p6m", 6).order  # 12 point operations x 6 x 6 translations
432
"""

from groupmat.algebra.crystal._crystallographic import (
    CrystallographicGroup,
    PointGroup,
    crystallographic_group,
)
from groupmat.algebra.crystal._seitz import (
    PixelGrid,
    SeitzSet,
    format_seitz,
    parse_triplet,
    pixel_grid,
    seitz_set,
)
from groupmat.algebra.crystal._space_groups import (
    CUBIC_POINT_GROUPS,
    SPACE_GROUPS,
    cubic_point_group,
    space_group,
)
from groupmat.algebra.crystal._spatial import POINT_GROUPS, SpatialGroup, spatial_group
from groupmat.algebra.crystal._wallpaper import WALLPAPER_GROUPS, wallpaper_group
from groupmat.errors import CrystallographicGroupError, SpatialGroupError

__all__ = [
    "CUBIC_POINT_GROUPS",
    "POINT_GROUPS",
    "SPACE_GROUPS",
    "WALLPAPER_GROUPS",
    "CrystallographicGroup",
    "CrystallographicGroupError",
    "PixelGrid",
    "PointGroup",
    "SeitzSet",
    "SpatialGroup",
    "SpatialGroupError",
    "crystallographic_group",
    "cubic_point_group",
    "format_seitz",
    "parse_triplet",
    "pixel_grid",
    "seitz_set",
    "space_group",
    "spatial_group",
    "wallpaper_group",
]
