"""Cubic space groups on voxel tori.

The cubic point groups are groups of signed permutation matrices of ``Z^3``: ``O_h = m-3m``
(all 48), ``O = 432`` (determinant 1), ``T_h = m-3`` (even coordinate permutations, any signs),
``T_d = -43m`` (an even number of sign changes) and ``T = 23`` (both). ``space_group(name,
size)`` is the space group truncated to ``size^3`` cells (order ``m size^3`` with ``m`` the
cosets of ``Z^3``: ``|P|`` for primitive lattices, ``2|P|`` / ``4|P|`` for body / face
centring), a :class:`~groupmat.CrystallographicGroup` acting on a voxel
torus: layers lower to ``conv3d``. Volumes are arrays ``(z, y, x)`` (axis 0 = ``z``).

=====  =======  ======  ====================================================================
IT     symbol   cosets  voxels per cell, origin of voxel 0
=====  =======  ======  ====================================================================
195    P23      12      1, 0
198    P2_13    12      2^3, (1/8, 1/8, 1/8)-type shift (no voxel on a rotation axis) [*]
200    Pm-3     24      1, 0
205    Pa-3     24      2^3 [*]
207    P432     24      1, 0
215    P-43m    24      1, 0
221    Pm-3m    48      1, 0
225    Fm-3m    192     2^3, (1/4, 1/4, 1/4) (site -43m)
229    Im-3m    96      2^3, (1/4, 1/4, 1/4) (site -42m)
=====  =======  ======  ====================================================================

[*] non-symmorphic (screw axes, glides); their voxel grids are chosen by
:func:`~groupmat.pixel_grid` and may have several orbits (then ``.pixels`` says
so, and only group-to-group layers apply).

Valid sizes: any ``N >= 1``; ``N >= 3`` for a faithful voxel action; even ``N`` keeps screws and
glides distinct from their symmorphic partners.

References
----------
International Tables for Crystallography, Vol. A (2016), ch. 2.3 (space groups 195-230) and
table 3.2.3.2 (the cubic point groups).
"""

from __future__ import annotations

from itertools import permutations, product
from typing import Any

import numpy as np

from groupmat.algebra.crystal._crystallographic import (
    CrystallographicGroup,
    CrystallographicGroupError,
    crystallographic_group,
)

__all__ = ["CUBIC_POINT_GROUPS", "SPACE_GROUPS", "cubic_point_group", "space_group"]


def _perm_sign(p: tuple[int, ...]) -> int:
    sign, seen = 1, list(p)
    for i in range(len(seen)):
        while seen[i] != i:
            j = seen[i]
            seen[i], seen[j] = seen[j], seen[i]
            sign = -sign
    return sign


def _oh() -> list[tuple[np.ndarray, int, int]]:
    """All 48 signed permutation matrices with (matrix, permutation sign, sign product),
    identity first."""
    out = []
    for perm in permutations(range(3)):
        for signs in product((1, -1), repeat=3):
            M = np.zeros((3, 3), dtype=np.int64)
            M[np.arange(3), perm] = signs
            out.append((M, _perm_sign(perm), int(np.prod(signs))))
    return out


#: Cubic point groups (Hermann-Mauguin symbol -> (Schoenflies, order, membership test on
#: (permutation sign, product of signs))).
CUBIC_POINT_GROUPS: dict[str, tuple[str, int, Any]] = {
    "23": ("T", 12, lambda ps, ss: ps == 1 and ss == 1),
    "m-3": ("Th", 24, lambda ps, ss: ps == 1),
    "432": ("O", 24, lambda ps, ss: ps * ss == 1),
    "-43m": ("Td", 24, lambda ps, ss: ss == 1),
    "m-3m": ("Oh", 48, lambda ps, ss: True),
}


def cubic_point_group(name: str) -> np.ndarray:
    """The matrices of a cubic point group (``"23"``, ``"m-3"``, ``"432"``, ``"-43m"``,
    ``"m-3m"`` or the Schoenflies ``"T"``, ``"Th"``, ``"O"``, ``"Td"``, ``"Oh"``), identity
    first.

    Examples
    --------
    >>> [cubic_point_group(n).shape[0] for n in ("T", "Th", "O", "Td", "Oh")]
    [12, 24, 24, 24, 48]
    """
    key = str(name).strip()
    for hm, (sch, _, _) in CUBIC_POINT_GROUPS.items():
        if key.lower() in (hm, sch.lower()):
            key = hm
    if key not in CUBIC_POINT_GROUPS:
        raise CrystallographicGroupError(
            f"unknown cubic point group {name!r}; choose one of "
            f"{', '.join(CUBIC_POINT_GROUPS)} (or T, Th, O, Td, Oh)"
        )
    test = CUBIC_POINT_GROUPS[key][2]
    return np.stack([M for M, ps, ss in _oh() if test(ps, ss)])


_CENTRING = {
    "P": [(0, 0, 0)],
    "I": [(0, 0, 0), ("1/2", "1/2", "1/2")],
    "F": [(0, 0, 0), (0, "1/2", "1/2"), ("1/2", 0, "1/2"), ("1/2", "1/2", 0)],
}

#: Symmorphic groups: symbol -> (IT number, point group, centring).
_SYMMORPHIC = {
    "P23": (195, "23", "P"),
    "Pm-3": (200, "m-3", "P"),
    "P432": (207, "432", "P"),
    "P-43m": (215, "-43m", "P"),
    "Pm-3m": (221, "m-3m", "P"),
    "Fm-3m": (225, "m-3m", "F"),
    "Im-3m": (229, "m-3m", "I"),
}

#: Non-symmorphic groups by generators (coordinate triplets, International Tables settings).
_BY_GENERATORS = {
    "P2_13": (198, ["-x+1/2, -y, z+1/2", "-x, y+1/2, -z+1/2", "z, x, y"]),
    "Pa-3": (205, ["-x+1/2, -y, z+1/2", "-x, y+1/2, -z+1/2", "z, x, y", "-x, -y, -z"]),
}

#: All supported symbols with their IT numbers.
SPACE_GROUPS: dict[str, int] = {
    **{k: v[0] for k, v in _SYMMORPHIC.items()},
    **{k: v[0] for k, v in _BY_GENERATORS.items()},
}


def _resolve(name: Any) -> str:
    key = str(name).strip().replace(" ", "")
    for sym, num in SPACE_GROUPS.items():
        if key in (sym, str(num)) or key.lower() == sym.lower().replace("_", ""):
            return sym
        if key.lower() == sym.lower() or key.lower() == sym.lower().replace("-", ""):
            return sym
    raise CrystallographicGroupError(
        f"unknown or unsupported space group {name!r}; choose one of "
        f"{', '.join(SPACE_GROUPS)} (or their IT numbers)"
    )


def space_group(name: str | int, size: int = 4) -> CrystallographicGroup:
    """The cubic space group ``name`` truncated to ``size^3`` cells.

    Parameters
    ----------
    name
        Hermann-Mauguin symbol (``"Pm-3m"``, also ``"Pm3m"``, ``"P2_13"``) or IT number.
    size
        Cells per axis (``N``); volumes are ``(D N)^3`` voxels (``D = 1`` for the primitive
        symmorphic groups).

    Examples
    --------
    >>> G = space_group("Pm-3m", 3)
    >>> G.order, G.shape, G.point_group.order, len(G.pixels)
    (1296, (3, 3, 3), 48, 27)
    >>> space_group(229, 2).num_cosets          # Im-3m: 48 point operations x 2 centrings
    96
    """
    key = _resolve(name)
    if key in _SYMMORPHIC:
        number, point, centring = _SYMMORPHIC[key]
        mats = cubic_point_group(point)
        cents = _CENTRING[centring]
        W = np.concatenate([mats] * len(cents))
        w = [c for c in cents for _ in range(len(mats))]
        G = crystallographic_group(W, w, size, name=key)
    else:
        number, gens = _BY_GENERATORS[key]
        G = crystallographic_group(["x, y, z", *gens], None, size, close=True, name=key)
    G.it_number = number  # type: ignore[attr-defined]
    return G
