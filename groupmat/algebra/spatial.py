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

Coordinates: ``row`` grows downwards, ``col`` to the right. The rotation ``r`` of ``C4``/``D4``
turns an image a quarter counter-clockwise about pixel ``(0, 0)``: ``(row, col) -> (-col, row)``
(the rotation of ``C2``/``D2`` is its square); the mirror ``m`` flips columns,
``(row, col) -> (row, -col)``. Point group elements are numbered ``r^a m^b -> a + |C| b``.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cached_property
from typing import TYPE_CHECKING, Any

import numpy as np

from groupmat.algebra.group import MAX_TABLE_ORDER, Group
from groupmat.errors import GroupmatError, SizeLimitError

if TYPE_CHECKING:  # pragma: no cover
    from groupmat.algebra.homogeneous import HomogeneousSpace

__all__ = [
    "POINT_GROUPS",
    "PointGroup",
    "SpatialGroup",
    "SpatialGroupError",
    "spatial_group",
]


class SpatialGroupError(GroupmatError, ValueError):
    """Bad torus shape, point group or kernel for a spatial group."""


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


class PointGroup(Group):
    """A finite point group ``P <= GL(2, Z)`` given by its integer matrices (immutable).

    Element ``i`` is the matrix ``matrices[i]`` acting on column vectors ``(row, col)``; the
    product is the matrix product (``g_i * g_j`` acts as ``g_i(g_j(x))``). Build one with
    :func:`spatial_group`; it is exposed as :attr:`SpatialGroup.point_group`.

    Examples
    --------
    >>> P = spatial_group((4, 4), point_group="D4").point_group
    >>> P.order, P.matrices[1].tolist()
    (8, [[0, -1], [1, 0]])
    """

    def __init__(
        self, name: str, matrices: np.ndarray, gen_ids: Sequence[int], names: Sequence[str]
    ):
        mats = np.asarray(matrices, dtype=np.int64)
        key = {m.tobytes(): i for i, m in enumerate(mats)}
        # |P| <= 8 and k <= 2: a double loop over point matrices, never over spatial elements.
        table = np.array([[key[(a @ b).tobytes()] for b in mats] for a in mats], dtype=np.int32)
        right = table[:, list(gen_ids)].T
        super().__init__(right, generator_names=names, name=name)
        mats.setflags(write=False)
        table.setflags(write=False)
        self._matrices = mats
        self._point_table = table

    @property
    def matrices(self) -> np.ndarray:
        """``(|P|, 2, 2)`` int64 read-only: ``matrices[i]`` acts on ``(row, col)`` columns."""
        return self._matrices

    def cayley_table(self, *, force: bool = False) -> np.ndarray:
        """Cayley table (``|P| <= 8``), from the matrix products."""
        return self._point_table


class _SpatialCore(Group):
    """The abstract group of a :class:`SpatialGroup`: products and inverses by index arithmetic
    on ``(p, row, col)`` instead of word-metric walks (``O(1)`` per product)."""

    def __init__(self, spatial: SpatialGroup, right: np.ndarray, names: Sequence[str], name: str):
        super().__init__(right, generator_names=names, name=name)
        self._spatial = spatial

    @property
    def spatial(self) -> SpatialGroup:
        """The :class:`SpatialGroup` this group belongs to."""
        return self._spatial

    def multiply(self, a: Any, b: Any) -> np.ndarray | int:
        """Products ``g_a * g_b`` of index arrays (broadcast), ``O(1)`` each."""
        return self._spatial.multiply(a, b)

    @cached_property
    def inverse(self) -> np.ndarray:  # type: ignore[override]
        """``(n,)``: ``(t, p)^-1 = (-p^-1 t, p^-1)``, ``O(n)``."""
        inv = np.asarray(self._spatial.invert(np.arange(self.order)))
        inv.setflags(write=False)
        return inv

    def cayley_table(self, *, force: bool = False) -> np.ndarray:
        """Cayley table by index arithmetic, ``O(n^2)``; guarded like ``Group.cayley_table``."""
        if "_table" in self.__dict__:
            return self.__dict__["_table"]
        n = self.order
        if n > MAX_TABLE_ORDER and not force:
            raise SizeLimitError(
                f"the Cayley table of a group of order {n} is {n}x{n} int32 "
                f"({4 * n * n / 2**30:.1f} GiB), above MAX_TABLE_ORDER={MAX_TABLE_ORDER}; use "
                "G.multiply(a, b) for products, or G.cayley_table(force=True)"
            )
        table = np.empty((n, n), dtype=np.int32)
        cols = np.arange(n)
        step = max(1, 2**22 // max(n, 1))
        for start in range(0, n, step):
            rows = np.arange(start, min(n, start + step))
            table[rows] = self._spatial.multiply(rows[:, None], cols[None, :])
        table.setflags(write=False)
        self.__dict__["_table"] = table
        return table


def _signed(a: np.ndarray, size: int) -> np.ndarray:
    """Representative of ``a mod size`` in ``[-(size - 1) // 2, size // 2]``."""
    half = (size - 1) // 2
    return (np.asarray(a) + half) % size - half


class SpatialGroup:
    """Translations of an ``H x W`` torus times a point group (see the module docstring).

    Build with :func:`spatial_group`. Attributes are read-only; derived arrays are cached.

    Attributes
    ----------
    shape
        ``(H, W)``.
    point_group
        The :class:`PointGroup` ``P`` (its ``.matrices``), also as :attr:`point_matrices`.
    group
        The :class:`~groupmat.algebra.group.Group` ``G = T ⋊ P`` of order ``|P| H W``; its
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
        if isinstance(shape, (int, np.integer)):
            shape = (int(shape), int(shape))
        try:
            h, w = (int(s) for s in shape)
        except (TypeError, ValueError):
            raise SpatialGroupError(
                f"torus shape must be a pair (H, W) of positive integers, got {shape!r}"
            ) from None
        if h < 1 or w < 1:
            raise SpatialGroupError(f"torus shape must be positive, got ({h}, {w})")
        key = str(point_group).upper()
        if key not in POINT_GROUPS:
            raise SpatialGroupError(
                f"unknown point group {point_group!r}; choose one of {', '.join(POINT_GROUPS)}"
            )
        rot, mirror, wallpaper = POINT_GROUPS[key]
        if rot is _ROT90 and h != w:
            raise SpatialGroupError(
                f"point group {key} rotates by 90 degrees, which needs a square torus; "
                f"got shape ({h}, {w}) (use C2/D2 for rectangles)"
            )
        self.shape = (h, w)
        self.point_group_name = key
        self.wallpaper_name = wallpaper
        self.name = f"{wallpaper} on a {h}x{w} torus"
        rots = _cyclic_powers(rot)
        mats = rots + ([r @ _MIRROR for r in rots] if mirror else [])
        gen_ids, gen_names = [], []
        if rot is not None:
            gen_ids.append(1)
            gen_names.append("r")
        if mirror:
            gen_ids.append(len(rots))
            gen_names.append("m")
        self.point_group = PointGroup(key, np.stack(mats), gen_ids, gen_names)
        self.parent: SpatialGroup | None = None
        self.factor: int | None = None
        self.embedding: np.ndarray | None = None
        self.pixel_embedding: np.ndarray | None = None
        self._subsamples: dict[int, SpatialGroup] = {}

    # ------------------------------------------------------------------ sizes and coordinates
    @property
    def point_matrices(self) -> np.ndarray:
        """``(|P|, 2, 2)`` signed permutation matrices acting on ``(row, col)``."""
        return self.point_group.matrices

    @property
    def order(self) -> int:
        """``|P| * H * W``."""
        return len(self.point_group) * self.shape[0] * self.shape[1]

    @property
    def num_pixels(self) -> int:
        return self.shape[0] * self.shape[1]

    def __len__(self) -> int:
        return self.order

    def __repr__(self) -> str:
        return f"<SpatialGroup {self.name}, order {self.order}>"

    def index(self, p: Any, row: Any, col: Any) -> np.ndarray | int:
        """Index of ``(t, p)`` with ``t = (row, col)`` (taken mod the torus), vectorised."""
        h, w = self.shape
        out = np.asarray(p) * (h * w) + (np.asarray(row) % h) * w + np.asarray(col) % w
        return int(out) if out.ndim == 0 else out

    def decompose(self, g: Any) -> tuple[Any, Any, Any]:
        """``(p, row, col)`` of element indices (arrays or ints)."""
        h, w = self.shape
        a = np.asarray(g)
        if a.size and ((a < 0).any() or (a >= self.order).any()):
            raise IndexError(f"element index out of range for {self.name} (order {self.order})")
        p, t = np.divmod(a, h * w)
        r, c = np.divmod(t, w)
        if a.ndim == 0:
            return int(p), int(r), int(c)
        return p, r, c

    def pixel_index(self, row: Any, col: Any) -> np.ndarray | int:
        """Pixel index ``row * W + col`` (coordinates taken mod the torus)."""
        h, w = self.shape
        out = (np.asarray(row) % h) * w + np.asarray(col) % w
        return int(out) if out.ndim == 0 else out

    def _apply_point(self, p: Any, row: Any, col: Any) -> tuple[np.ndarray, np.ndarray]:
        m = self.point_matrices[np.asarray(p)]
        row, col = np.asarray(row), np.asarray(col)
        return m[..., 0, 0] * row + m[..., 0, 1] * col, m[..., 1, 0] * row + m[..., 1, 1] * col

    # ------------------------------------------------------------------ arithmetic
    def multiply(self, a: Any, b: Any) -> np.ndarray | int:
        """``(t_a + p_a t_b, p_a p_b)`` for index arrays (broadcast), ``O(1)`` each.

        Examples
        --------
        >>> S = spatial_group((3, 3), point_group="C2")
        >>> r = S.index(1, 0, 0)
        >>> S.multiply(r, r), S.multiply(r, S.index(0, 1, 0)) == S.index(1, 2, 0)
        (0, True)
        """
        pa, ra, ca = self.decompose(a)
        pb, rb, cb = self.decompose(b)
        dr, dc = self._apply_point(pa, rb, cb)
        return self.index(self.point_group.table[pa, pb], ra + dr, ca + dc)

    def invert(self, a: Any) -> np.ndarray | int:
        """``(t, p)^-1 = (-p^-1 t, p^-1)`` for index arrays."""
        p, r, c = self.decompose(a)
        pinv = self.point_group.inverse[np.asarray(p)]
        dr, dc = self._apply_point(pinv, r, c)
        return self.index(pinv, -dr, -dc)

    def act(self, g: Any, x: Any) -> np.ndarray | int:
        """Pixel index of ``g.x = p x + t`` for element and pixel index arrays (broadcast)."""
        p, r, c = self.decompose(g)
        xr, xc = np.divmod(np.asarray(x), self.shape[1])
        dr, dc = self._apply_point(p, xr, xc)
        return self.pixel_index(r + dr, c + dc)

    def pixel_permutations(self, elements: Any = None) -> np.ndarray:
        """``(m, H W)`` int64: row ``i`` maps pixel ``x`` to ``elements[i].x`` (all elements by
        default; that is ``n H W`` entries, so pass a selection for large tori)."""
        els = np.arange(self.order) if elements is None else np.asarray(elements)
        return np.asarray(self.act(els[..., None], np.arange(self.num_pixels)))

    def translation(self, row: int, col: int) -> int:
        """Index of the pure translation by ``(row, col)``."""
        return int(self.index(0, row, col))

    def point(self, p: int) -> int:
        """Index of the point group element ``p`` (fixing pixel 0)."""
        return int(self.index(p, 0, 0))

    # ------------------------------------------------------------------ the group and spaces
    @cached_property
    def group(self) -> Group:
        """The abstract group ``T ⋊ P``, with its generators' right action by index arithmetic
        (``O(n k)``; no closure). Products use :meth:`multiply`."""
        n = self.order
        gens = [self.index(0, 0, 1), self.index(0, 1, 0)]
        gens += [self.point(int(s)) for s in self.point_group.generators]
        names = ["x", "y", *self.point_group.generator_names]
        idx = np.arange(n)
        right = np.stack([np.asarray(self.multiply(idx, s)) for s in gens]).astype(np.int32)
        return _SpatialCore(self, right, names, name=self.wallpaper_name)

    @cached_property
    def pixels(self) -> HomogeneousSpace:
        """The pixels as the homogeneous space ``G/P``: point ``row * W + col`` is the coset
        ``(t, p) P`` with ``t = (row, col)``, base point 0 (stabiliser ``P``), representative
        ``(t, e)`` (index ``row * W + col``). Built from the generators' pixel permutations,
        ``O(n k)``."""
        from groupmat.algebra.homogeneous import HomogeneousSpace

        gens = np.asarray(self.group.generators)
        return HomogeneousSpace.from_action(
            self.group, self.pixel_permutations(gens), side="left", base_point=0
        )

    @cached_property
    def point_subgroup_elements(self) -> np.ndarray:
        """Indices of ``P`` inside :attr:`group` (stabiliser of pixel 0): ``0, HW, 2HW, ...``."""
        out = np.arange(len(self.point_group)) * self.num_pixels
        out.setflags(write=False)
        return out

    def point_subgroup(self) -> Any:
        """``P`` as a :class:`~groupmat.algebra.subgroup.Subgroup` of :attr:`group`."""
        return self.group.subgroup([self.point(int(s)) for s in self.point_group.generators])

    def translation_subgroup(self) -> Any:
        """``T`` as a (normal) :class:`~groupmat.algebra.subgroup.Subgroup` of :attr:`group`."""
        return self.group.subgroup([self.translation(0, 1), self.translation(1, 0)])

    def subsample(self, factor: int = 2) -> SpatialGroup:
        """The same point group on the ``H/factor x W/factor`` torus, i.e. the subgroup
        ``(factor Z_H x factor Z_W) ⋊ P``, with index maps into this group.

        Examples
        --------
        >>> S = spatial_group((4, 6), point_group="D2")
        >>> S2 = S.subsample(2)
        >>> S2.shape, S2.parent is S, int(S2.embedding[S2.index(0, 1, 1)]) == S.index(0, 2, 2)
        ((2, 3), True, True)
        """
        factor = int(factor)
        if factor in self._subsamples:
            return self._subsamples[factor]
        h, w = self.shape
        if factor < 1 or h % factor or w % factor:
            raise SpatialGroupError(
                f"cannot subsample the {h}x{w} torus by {factor}: both sides must be multiples "
                "of the factor"
            )
        sub = SpatialGroup((h // factor, w // factor), self.point_group_name)
        p, r, c = sub.decompose(np.arange(sub.order))
        emb = np.asarray(self.index(p, factor * r, factor * c))
        pr, pc = np.divmod(np.arange(sub.num_pixels), sub.shape[1])
        pix = np.asarray(self.pixel_index(factor * pr, factor * pc))
        for a in (emb, pix):
            a.setflags(write=False)
        sub.parent, sub.factor, sub.embedding, sub.pixel_embedding = self, factor, emb, pix
        self._subsamples[factor] = sub
        return sub

    # ------------------------------------------------------------------ kernels and taps
    def _offsets(self, size: int) -> np.ndarray:
        size = int(size)
        h, w = self.shape
        if size < 1 or size > min(h, w):
            raise SpatialGroupError(
                f"a {size}x{size} window does not fit on the {h}x{w} torus (need 1 <= size <= "
                f"{min(h, w)})"
            )
        return np.arange(-((size - 1) // 2), size // 2 + 1)

    def window(self, size: int) -> np.ndarray:
        """Kernel elements: the ``size x size`` translation window (offsets
        ``-(size-1)//2 .. size//2``) times all of ``P``, ordered ``(p, row offset, col offset)``
        so that weights reshape to ``(..., |P|, size, size)``.

        Examples
        --------
        >>> spatial_group((5, 5), "C2").window(3).shape
        (18,)
        """
        off = self._offsets(size)
        p, r, c = np.meshgrid(np.arange(len(self.point_group)), off, off, indexing="ij")
        return np.asarray(self.index(p.ravel(), r.ravel(), c.ravel()))

    def pixel_window(self, size: int) -> np.ndarray:
        """Pixel indices of the ``size x size`` window around pixel 0, row-major offsets."""
        off = self._offsets(size)
        r, c = np.meshgrid(off, off, indexing="ij")
        return np.asarray(self.pixel_index(r.ravel(), c.ravel()))

    def conv2d_taps(
        self, kernel: Any, *, source: str = "group", target: str = "group"
    ) -> tuple[np.ndarray, tuple[int, int]]:
        """Where each kernel element lands in a ``conv2d`` filter bank.

        For a correlation ``y(g) = sum_j w_j f(g u_j)`` over kernel elements ``u_j`` of the
        group (``source="group"``) or ``f(g.x_j)`` over kernel pixels (``source="pixels"``),
        output elements ``g = (t, p)`` with ``p`` in ``P`` (``target="group"``) or only the
        coset representatives ``(t, e)`` (``target="pixels"``):
        ``(t, p) u = (t + p u_t, p u_p)``, so ``y(t, p) = sum_j w_j f_{q_j}(t + v_j)`` with input
        point channel ``q_j = p u_p`` and offset ``v_j = p u_t`` (``u_t`` taken as its signed
        representative). That is a circular cross-correlation (``conv2d``) with filter
        ``bank[p, q, v] = w_j``.

        Returns
        -------
        taps
            ``(P_out, Q_in, kh, kw)`` int64 with entries in ``0..m``: the kernel position
            feeding each tap, ``m = len(kernel)`` for taps that stay zero. ``P_out = |P|`` or 1,
            ``Q_in = |P|`` or 1.
        padding
            ``(ph, pw)``: circular padding (half the tap window), at most ``(H/2, W/2)``.

        Notes
        -----
        For fixed ``p`` the map ``j -> (q_j, v_j)`` is injective, so every weight appears once
        per output point channel. ``O(|P| m)``.
        """
        if source not in ("group", "pixels") or target not in ("group", "pixels"):
            raise ValueError(f"source/target must be 'group' or 'pixels', got {source}, {target}")
        h, w = self.shape
        kern = np.asarray(kernel, dtype=np.int64).ravel()
        m = kern.size
        if source == "group":
            if kern.size and ((kern < 0).any() or (kern >= self.order).any()):
                raise IndexError(f"kernel element out of range for {self.name}")
            up, ur, uc = self.decompose(kern)
        else:
            if kern.size and ((kern < 0).any() or (kern >= self.num_pixels).any()):
                raise IndexError(f"kernel pixel out of range for the {h}x{w} torus")
            up = np.zeros_like(kern)
            ur, uc = np.divmod(kern, w)
        ur, uc = _signed(ur, h), _signed(uc, w)
        pout = np.arange(len(self.point_group)) if target == "group" else np.zeros(1, np.int64)
        vr, vc = self._apply_point(pout[:, None], ur[None, :], uc[None, :])  # (P_out, m)
        q = self.point_group.table[pout[:, None], up[None, :]] if source == "group" else 0 * vr
        ph = int(np.abs(vr).max()) if m else 0
        pw = int(np.abs(vc).max()) if m else 0
        n_in = len(self.point_group) if source == "group" else 1
        taps = np.full((pout.size, n_in, 2 * ph + 1, 2 * pw + 1), m, dtype=np.int64)
        pp = np.broadcast_to(np.arange(pout.size)[:, None], vr.shape)
        taps[pp, q, vr + ph, vc + pw] = np.broadcast_to(np.arange(m)[None, :], vr.shape)
        return taps, (ph, pw)


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
