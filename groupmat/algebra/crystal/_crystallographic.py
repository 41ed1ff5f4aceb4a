"""Crystallographic groups truncated to tori: ``G / N T`` by index arithmetic.

A crystallographic group ``G`` (wallpaper group in 2-D, space group in 3-D) is given by Seitz
representatives ``(W_p|w_p)`` of its cosets modulo the integer translations ``Z^d`` of a
lattice basis (Seitz symbols). For a torus of ``N = (N_0, ..., N_{d-1})``
cells, ``N Z^d = N_0 Z x ... x N_{d-1} Z`` is a normal subgroup of ``G`` (``W N Z^d = N Z^d`` is
checked), and the finite group is the quotient ``G_N = G / N Z^d`` of order ``m N_0 ... N_{d-1}``.

**The quotient map.** Every element of the infinite group is uniquely ``(W_p | w_p + t)`` with
``t in Z^d``; it maps to the element ``(t mod N, p)`` of ``G_N``, index
``p * prod(N) + ravel(t mod N)``. A signal on ``G_N`` laid out as ``(..., n)`` reshapes to
``(..., m, N_0, ..., N_{d-1})``. Products follow from the cocycle ``c`` of the representatives:

.. math::  (t_a, a)(t_b, b) = (t_a + W_a t_b + c(a, b) \\bmod N,\\; ab),

``O(d^2)`` per product and no closure, hashing or Cayley table.

**Pixels.** Glides and screws translate by fractions of a cell, so ``G_N`` acts on a refined
grid: pixel ``x`` in ``Z^d mod D N`` sits at lattice position ``o + D^{-1} x``
(:class:`~groupmat.PixelGrid`: ``D`` pixels per cell along each axis, origin
``o``), and ``(t, p)`` maps it to ``W'_p x + v'_p + D t``. The grid is chosen so that ``G_N``
is transitive on it; the pixels are then the homogeneous space ``G_N / G_x`` with ``G_x`` the
site-symmetry group of pixel 0 (the point group itself when ``D = 1`` and ``o = 0``).

**Sizes.** Every ``N >= 1`` gives a group. The pixel action is faithful from ``N = 3`` (on a
torus of side ``<= 2``, ``x = -x``). When ``N`` is coprime to the denominator ``q`` of the
fractional translations, the cocycle becomes a coboundary modulo ``N`` (its class is killed by
``q`` and by ``N``), so the quotient of a non-symmorphic group is isomorphic, as an abstract
group, to the split extension ``Z_N^d ⋊ P``: for odd ``N`` the glide of ``pg`` times half a
lattice period is an involution and ``pg_N = pm_N``. Use ``N`` divisible by ``q`` (even ``N``
for glides) to keep glides and screws distinct (``pg, pmg, pgg, p4g`` against ``pm, pmm, pmm,
p4m`` differ in element orders for even ``N``, agree for odd ``N``). The pixel action and the
layers are exact for every ``N``.
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction
from functools import cached_property
from typing import TYPE_CHECKING

import numpy as np

from groupmat.algebra._group import Group
from groupmat.algebra._validate import as_int
from groupmat.algebra.crystal._crystal_core import PointGroup, _classify, _CrystalCore
from groupmat.algebra.crystal._crystal_kernels import CrystalKernels, _matvec
from groupmat.algebra.crystal._seitz import (
    PixelGrid,
    RationalLike,
    SeitzSet,
    _close,
    format_seitz,
    pixel_grid,
    seitz_set,
)
from groupmat.errors import CrystallographicGroupError, NotAGroupError

if TYPE_CHECKING:  # pragma: no cover
    from numpy.typing import ArrayLike

    from groupmat.algebra._homogeneous import HomogeneousSpace
    from groupmat.algebra._subgroup import Subgroup

__all__ = [
    "CrystallographicGroup",
    "CrystallographicGroupError",
    "PointGroup",
    "crystallographic_group",
]

_AXIS_NAMES = "xyz"


class CrystallographicGroup(CrystalKernels):
    """A crystallographic group truncated to a torus (see the module docstring).

    Index arithmetic (:meth:`multiply`, :meth:`act`, :meth:`index`) works at any size; the
    abstract :attr:`group` and the :attr:`pixels` space store ``O(order x generators)``
    arrays and are refused above :attr:`max_order` elements (``2**26``, about 2 GiB of
    arrays) with a :class:`~groupmat.SizeLimitError`; raise it per group
    (``G.max_order = ...``) or for all (``CrystallographicGroup.max_order = ...``).

    Build one with :func:`crystallographic_group`, :func:`~groupmat.wallpaper_group`,
    :func:`~groupmat.space_group` or :func:`~groupmat.spatial_group`. Attributes are read-only;
    derived arrays are cached.

    Attributes
    ----------
    seitz
        The :class:`~groupmat.SeitzSet` (representatives, coset table, cocycle).
    lattice_shape
        ``N``: cells along each axis; group signals are ``(..., m, *N)``.
    grid
        The :class:`~groupmat.PixelGrid`; images are ``(..., *shape)`` with
        ``shape = D * N`` (:attr:`pixel_shape`).
    point_group
        The :class:`PointGroup` ``P`` (distinct ``W_p``), the image of :attr:`point_map`.
    group
        The abstract :class:`~groupmat.Group` ``G_N`` (generators: unit translations ``x``
        (last axis), ``y``, ``z``, then one Seitz representative per generator of ``G/Z^d``).
    pixels
        The pixels as a :class:`~groupmat.HomogeneousSpace`.
    parent, factor, embedding, pixel_embedding
        Set by :meth:`subsample` (``None`` otherwise).

    Examples
    --------
    >>> G = crystallographic_group(["x, y", "-x, y+1/2"], lattice_size=4)   # pg
    >>> G.order, G.shape, G.is_symmorphic
    (32, (8, 4), False)
    >>> glide = G.element_of([[1, 0], [0, -1]], [Fraction(1, 2), 0])
    >>> G.multiply(glide, glide) == G.translation(1, 0)      # the glide squares to a translation
    True
    """

    #: Largest order for which :attr:`group` / :attr:`pixels` are built (see the class doc).
    max_order: int = 1 << 26

    def __init__(
        self,
        seitz: SeitzSet,
        lattice_shape: int | Sequence[int],
        *,
        origin: Sequence[RationalLike] | None = None,
        basis: ArrayLike | None = None,
        symbol: str | None = None,
        generators: Sequence[int] | None = None,
        generator_names: Sequence[str] | None = None,
    ) -> None:
        d = seitz.dim
        shape = _as_shape(lattice_shape, d)
        for p in range(len(seitz)):
            W = seitz.matrices[p]
            n = np.array(shape)
            if (np.mod(W * n[None, :], n[:, None]) != 0).any():
                raise CrystallographicGroupError(
                    f"{seitz.triplet(p)} does not map the torus lattice {shape} to itself (it "
                    "mixes axes of different lengths); use equal sides on the axes it permutes"
                )
        self.seitz = seitz
        self.dim = d
        self.lattice_shape = shape
        self.grid: PixelGrid = pixel_grid(seitz, origin)
        self.symbol = symbol or f"crystallographic group of {len(seitz)} cosets"
        self.basis = np.eye(d) if basis is None else np.asarray(basis, dtype=float)
        gens = list(seitz.generating_set() if generators is None else generators)
        if not _close(seitz.table, gens).all():
            raise CrystallographicGroupError(
                f"the representatives {gens} do not generate the group modulo the lattice"
            )
        if generator_names is None:
            generator_names = _dedupe([_classify(seitz, p) for p in gens])
        self._seitz_gens = tuple(int(g) for g in gens)
        self._seitz_names = tuple(generator_names)
        self.parent: CrystallographicGroup | None = None
        self.factor: int | None = None
        self.embedding: np.ndarray | None = None
        self.pixel_embedding: np.ndarray | None = None
        self._subsamples: dict[int, CrystallographicGroup] = {}

    # ------------------------------------------------------------------ sizes
    @property
    def name(self) -> str:
        return f"{self.symbol} on a {'x'.join(map(str, self.lattice_shape))} torus"

    @property
    def num_cosets(self) -> int:
        """``m = [G : Z^d]`` (``|P|`` for primitive lattices)."""
        return len(self.seitz)

    @property
    def num_cells(self) -> int:
        return int(np.prod(self.lattice_shape))

    @property
    def order(self) -> int:
        """``m * prod(N)``."""
        return self.num_cosets * self.num_cells

    def __len__(self) -> int:
        return self.order

    @property
    def refinement(self) -> tuple[int, ...]:
        """``D``: pixels per cell along each axis."""
        return self.grid.refinement

    @property
    def shape(self) -> tuple[int, ...]:
        """Shape of the images the group acts on: ``D * N`` (:attr:`pixel_shape`)."""
        return tuple(int(d * n) for d, n in zip(self.refinement, self.lattice_shape, strict=True))

    pixel_shape = shape

    @property
    def grid_shape(self) -> tuple[int, ...]:
        """Layout of signals on the group: ``(m, *N)``."""
        return (self.num_cosets, *self.lattice_shape)

    @property
    def num_pixels(self) -> int:
        return int(np.prod(self.shape))

    @property
    def pixels_are_lattice(self) -> bool:
        """``D = 1`` and every representative fixes pixel 0: pixel ``x`` is the coset
        ``{(x, p)}`` (signals pool over the ``m`` axis)."""
        return all(d == 1 for d in self.refinement) and not self.grid.shifts.any()

    @cached_property
    def point_group(self) -> PointGroup:
        """The point group ``P`` (distinct ``W_p``; the quotient ``G / T``)."""
        mats = self.seitz.point_matrices
        tab = {m.tobytes(): i for i, m in enumerate(mats)}
        ids = sorted({tab[self.seitz.matrices[p].tobytes()] for p in self._seitz_gens} - {0})
        names = [f"p{i + 1}" for i in range(len(ids))]
        return PointGroup(self.symbol + " point group", mats, ids, names)

    @property
    def point_matrices(self) -> np.ndarray:
        """``(m, d, d)`` the ``W_p`` of the representatives (pixel basis: ``grid.matrices``)."""
        return self.seitz.matrices

    @cached_property
    def is_symmorphic(self) -> bool:
        """Whether some origin is fixed by a representative of every point operation, i.e.
        ``G = T ⋊ P``: searched over ``o in (1/(12 q)) Z^d``, enough for ``d <= 3``."""
        S = self.seitz
        d, q = S.dim, S.denominator
        den = 12 * q
        axes = np.meshgrid(*([np.arange(den)] * d), indexing="ij")
        o = np.stack([a.ravel() for a in axes], axis=1)  # numerators over den
        ok = np.zeros((len(S.point_matrices), o.shape[0]), dtype=bool)
        for p in range(len(S)):
            shift = o @ S.matrices[p].T - o + (S.numerators[p] * (den // q))[None, :]
            ok[S.point_of[p]] |= (np.mod(shift, den) == 0).all(axis=1)
        return bool(ok.all(axis=0).any())

    # ------------------------------------------------------------------ coordinates
    def index(self, p: ArrayLike, *t: ArrayLike) -> np.ndarray | int:
        """Index of ``(t, p)`` (``t`` taken mod the torus), vectorised."""
        if len(t) != self.dim:
            raise TypeError(f"index(p, *t) needs {self.dim} translation coordinates")
        out = np.asarray(p) * self.num_cells + self._ravel(t, self.lattice_shape)
        return int(out) if out.ndim == 0 else out

    def decompose(self, g: ArrayLike) -> tuple[int, ...] | tuple[np.ndarray, ...]:
        """``(p, t_0, ..., t_{d-1})`` of element indices (arrays or ints)."""
        a = np.asarray(g)
        if a.size and ((a < 0).any() or (a >= self.order).any()):
            raise IndexError(f"element index out of range for {self.name} (order {self.order})")
        p, rest = np.divmod(a, self.num_cells)
        t = self._unravel(rest, self.lattice_shape)
        if a.ndim == 0:
            return (int(p), *(int(x) for x in t))
        return (p, *t)

    def pixel_index(self, *x: ArrayLike) -> np.ndarray | int:
        """Pixel index of integer pixel coordinates (taken mod the pixel torus)."""
        if len(x) != self.dim:
            raise TypeError(f"pixel_index needs {self.dim} coordinates")
        out = self._ravel(x, self.shape)
        return int(out) if out.ndim == 0 else out

    def pixel_coordinates(self, x: ArrayLike) -> tuple[np.ndarray, ...]:
        """Integer coordinates of pixel indices."""
        return tuple(self._unravel(np.asarray(x), self.shape))

    @staticmethod
    def _ravel(coords: Sequence[ArrayLike], shape: Sequence[int]) -> np.ndarray:
        out = np.asarray(0)
        for c, n in zip(coords, shape, strict=True):
            out = out * n + np.mod(np.asarray(c), n)
        return out

    @staticmethod
    def _unravel(a: np.ndarray, shape: Sequence[int]) -> list[np.ndarray]:
        coords = []
        for n in reversed(shape):
            a, r = np.divmod(a, n)
            coords.append(r)
        return coords[::-1]

    # ------------------------------------------------------------------ arithmetic
    def multiply(self, a: ArrayLike, b: ArrayLike) -> np.ndarray | int:
        """``(t_a + W_a t_b + c(a, b), ab)`` for index arrays (broadcast), ``O(d^2)`` each.

        Examples
        --------
        >>> G = crystallographic_group(["x, y", "-x, -y"], lattice_size=3)    # p2
        >>> r = G.index(1, 0, 0)
        >>> G.multiply(r, r), G.multiply(r, G.translation(1, 0)) == G.index(1, 2, 0)
        (0, True)
        """
        pa, *ta = self.decompose(a)
        pb, *tb = self.decompose(b)
        wt = _matvec(self.seitz.matrices, pa, tb)
        pab = self.seitz.table[pa, pb]
        c = self.seitz.cocycle[pa, pb]
        t = [ta[i] + wt[i] + c[..., i] for i in range(self.dim)]
        return self.index(pab, *t)

    def invert(self, a: ArrayLike) -> np.ndarray | int:
        """``(t, p)^{-1} = (-W_p^{-1} (t + c(p, p^{-1})), p^{-1})`` for index arrays."""
        p, *t = self.decompose(a)
        pinv = self.seitz.inverse[np.asarray(p)]
        c = self.seitz.cocycle[p, pinv]
        u = _matvec(self.seitz.matrices, pinv, [t[i] + c[..., i] for i in range(self.dim)])
        return self.index(pinv, *[-x for x in u])

    def act(self, g: ArrayLike, x: ArrayLike) -> np.ndarray | int:
        """Pixel index of ``g.x = W'_p x + v'_p + D t`` for element and pixel index arrays."""
        p, *t = self.decompose(g)
        xs = self.pixel_coordinates(x)
        wx = _matvec(self.grid.matrices, p, xs)
        v = self.grid.shifts[np.asarray(p)]
        out = [wx[i] + v[..., i] + self.refinement[i] * t[i] for i in range(self.dim)]
        return self.pixel_index(*out)

    def pixel_permutations(self, elements: ArrayLike | None = None) -> np.ndarray:
        """``(k, num_pixels)`` int64: row ``i`` maps pixel ``x`` to ``elements[i].x`` (all
        elements by default: ``n * num_pixels`` entries, so pass a selection on large tori)."""
        count = self.order if elements is None else int(np.size(elements))
        entries = count * self.num_pixels
        if entries > self.max_order:
            from groupmat.errors import SizeLimitError

            raise SizeLimitError(
                f"pixel_permutations of {count:_} elements on {self.num_pixels:_} pixels "
                f"would hold {entries:_} int64 entries ({entries * 8 / 2**30:.3g} GiB), above "
                f"max_order={self.max_order:_}: pass a selection (elements=...) or raise "
                "G.max_order"
            )
        els = np.arange(self.order) if elements is None else np.asarray(elements)
        return np.asarray(self.act(els[..., None], np.arange(self.num_pixels)))

    def translation(self, *t: int) -> int:
        """Index of the lattice translation by ``t`` (axis order)."""
        return int(self.index(0, *t))

    def point(self, p: int) -> int:
        """Index of the Seitz representative ``(W_p|w_p)`` (``t = 0``)."""
        return int(self.index(p, *([0] * self.dim)))

    def point_map(self, g: ArrayLike) -> np.ndarray:
        """The homomorphism ``G_N -> P``: index of ``W`` in :attr:`point_group`."""
        return self.seitz.point_of[np.asarray(g) // self.num_cells]

    # ------------------------------------------------------------------ the infinite group
    def element_of(self, W: ArrayLike, w: Sequence[RationalLike]) -> int:
        """The quotient map ``(W | w) -> (t mod N, p)`` from the infinite group: ``p`` is the
        representative with ``W_p = W`` and ``w - w_p = t in Z^d`` (Fractions, ints or
        strings ``"1/2"`` for ``w``).

        Raises
        ------
        NotAGroupError
            ``(W|w)`` is not in the infinite group.
        """
        S = self.seitz
        Wm = np.asarray(W, dtype=np.int64)
        w = [Fraction(x) for x in w]
        for p in np.flatnonzero((S.matrices == Wm[None]).all(axis=(1, 2))).tolist():
            t = [w[i] - Fraction(int(S.numerators[p][i]), S.denominator) for i in range(self.dim)]
            if all(x.denominator == 1 for x in t):
                return int(self.index(p, *[int(x) for x in t]))
        raise NotAGroupError(f"{format_seitz(Wm, w)} is not an element of {self.symbol}")

    def seitz_pair(self, g: int) -> tuple[np.ndarray, list[Fraction]]:
        """The affine map ``(W_p | w_p + t)`` of element ``g`` with ``0 <= t < N``."""
        p, *t = self.decompose(as_int(g, "g"))
        w = self.seitz.translation(p)
        return self.seitz.matrices[p].copy(), [w[i] + t[i] for i in range(self.dim)]

    def label_seitz(self, g: int) -> str:
        """Element ``g`` as a coordinate triplet, e.g. ``'(-x+1/2, y+3/2)'``."""
        return format_seitz(*self.seitz_pair(g))

    # ------------------------------------------------------------------ the group and spaces
    def _translation_generators(self) -> tuple[list[int], list[str]]:
        gens, names = [], []
        for k in range(self.dim):  # x = last axis, then y, z
            t = [0] * self.dim
            t[self.dim - 1 - k] = 1
            gens.append(self.translation(*t))
            names.append(_AXIS_NAMES[k] if self.dim <= 3 else f"t{self.dim - 1 - k}")
        return gens, names

    @cached_property
    def group(self) -> Group:
        """The abstract group ``G_N``, its generators' right action by index arithmetic
        (``O(n k)``; no closure). Products use :meth:`multiply`.

        Raises
        ------
        SizeLimitError
            Above :attr:`max_order` elements, before allocating anything.
        """
        self._guard_order("its Group")
        gens, names = self._translation_generators()
        gens += [self.point(p) for p in self._seitz_gens]
        names += list(self._seitz_names)
        idx = np.arange(self.order)
        right = np.stack([np.asarray(self.multiply(idx, s)) for s in gens]).astype(np.int32)
        return _CrystalCore(self, right, names, name=self.symbol)

    def _guard_order(self, what: str) -> None:
        """Refuse, before allocating, to build ``O(order)`` arrays above :attr:`max_order`."""
        from groupmat.errors import SizeLimitError

        n = self.order
        if n > self.max_order:
            k = self.dim + len(self._seitz_gens)
            gib = n * (4 * k + 32) / 2**30
            raise SizeLimitError(
                f"{self.name} has {n:_} elements: building {what} needs about {gib:.3g} GiB "
                f"(a right action of {k} generators plus index arrays), above max_order="
                f"{self.max_order:_}. Use a smaller size, work with the index arithmetic "
                "(G.multiply, G.act need no table), or raise the limit (G.max_order = ... or "
                "CrystallographicGroup.max_order = ...)"
            )

    def is_pixel_space(self, X: object) -> bool:
        """Whether ``X`` is this group's :attr:`pixels` space (the very object), without
        building :attr:`pixels` when it has not been asked for yet."""
        return self.__dict__.get("pixels") is X

    @cached_property
    def pixels(self) -> HomogeneousSpace:
        """The pixels as the homogeneous space ``G_N / G_0`` (``G_0`` the stabiliser of
        pixel 0); points keep the pixel numbering. ``O(n k)``.

        Raises
        ------
        CrystallographicGroupError
            The group is not transitive on the chosen grid (pass another ``origin``).
        """
        from groupmat.algebra._homogeneous import HomogeneousSpace

        if not self.grid.transitive:
            raise CrystallographicGroupError(
                f"{self.name} has several orbits on its pixel grid (origin "
                f"{[str(c) for c in self.grid.origin]}, {self.refinement} pixels per cell); "
                "pass an origin off the special positions (origin=...) for a transitive grid"
            )
        gens = np.asarray(self.group.generators)
        return HomogeneousSpace.from_action(
            self.group, self.pixel_permutations(gens), side="left", base_point=0
        )

    @cached_property
    def site_elements(self) -> np.ndarray:
        """Indices of the stabiliser of pixel 0 (its site-symmetry group): ``(t_p, p)`` for the
        ``p`` with ``v'_p = 0 mod D``, ``t_p = -v'_p / D``."""
        D = np.array(self.refinement)
        v = self.grid.shifts
        ps = np.flatnonzero((np.mod(v, D) == 0).all(axis=1))
        t = -(v[ps] // D)
        out = np.asarray(self.index(ps, *t.T)).reshape(-1)
        out.setflags(write=False)
        return out

    @property
    def point_subgroup_elements(self) -> np.ndarray:
        """Alias of :attr:`site_elements` (the point group ``P`` for spatial groups)."""
        return self.site_elements

    def site_subgroup(self) -> Subgroup:
        """The stabiliser of pixel 0 as a :class:`~groupmat.Subgroup`."""
        from groupmat.algebra._subgroup import Subgroup

        return Subgroup._from_elements(self.group, np.sort(self.site_elements))

    def point_subgroup(self) -> Subgroup:
        """A complement ``P`` of the translations fixing pixel 0 (symmorphic groups on their
        natural grid); raises for groups whose site symmetry at pixel 0 is smaller."""
        if self.site_elements.size != len(self.point_group):
            raise CrystallographicGroupError(
                f"pixel 0 of {self.name} has site symmetry of order {self.site_elements.size}, "
                f"not |P| = {len(self.point_group)}: the point group is the quotient G/T "
                "(point_map), not a subgroup fixing a pixel; use site_subgroup()"
            )
        return self.site_subgroup()

    def translation_subgroup(self) -> Subgroup:
        """``T``: all pure translations (lattice and centring), a normal subgroup."""
        gens, _ = self._translation_generators()
        eye = np.eye(self.dim, dtype=np.int64)
        cent = [
            self.point(p)
            for p in range(1, self.num_cosets)
            if np.array_equal(self.seitz.matrices[p], eye)
        ]
        return self.group.subgroup(gens + cent)

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.name}, order {self.order}>"

    def _with_lattice(self, shape: tuple[int, ...]) -> CrystallographicGroup:
        return CrystallographicGroup(
            self.seitz,
            shape,
            origin=self.grid.origin,
            basis=self.basis,
            symbol=self.symbol,
            generators=self._seitz_gens,
            generator_names=self._seitz_names,
        )


def _as_shape(size: int | Sequence[int], d: int) -> tuple[int, ...]:
    """The torus sides as ``d`` positive Python ints. Floats (``3.7``, even ``4.0``), bools,
    NaN and strings are refused, never truncated (``(3.7, 3.2)`` is not a 3 x 3 torus)."""
    import numbers

    def bad(what: str) -> CrystallographicGroupError:
        return CrystallographicGroupError(
            f"torus size must be a positive int or {d} positive ints (cells per axis), got {what}"
        )

    def side(s: object) -> int:
        if isinstance(s, (bool, np.bool_)) or not isinstance(s, numbers.Integral):
            raise bad(f"{size!r} (a {type(s).__name__} side {s!r})")
        return int(s)

    if isinstance(size, (str, bytes)) or size is None:
        raise bad(repr(size))
    if isinstance(size, numbers.Number) or (isinstance(size, np.ndarray) and size.ndim == 0):
        shape = (side(size.item() if isinstance(size, np.ndarray) else size),) * d
    else:
        try:
            shape = tuple(side(s) for s in size)
        except TypeError:
            raise bad(f"{type(size).__name__} {size!r}") from None
    if len(shape) != d:
        raise CrystallographicGroupError(f"lattice size needs {d} sides, got {shape}")
    if min(shape) < 1:
        raise CrystallographicGroupError(f"torus shape must be positive, got {shape}")
    return shape


def _dedupe(names: Sequence[str]) -> list[str]:
    out: list[str] = []
    for n in names:
        k, cand = 1, n
        while cand in out or cand in _AXIS_NAMES:
            k += 1
            cand = f"{n}{k}"
        out.append(cand)
    return out


def crystallographic_group(
    point_matrices: ArrayLike | Sequence[str],
    translations: Sequence[Sequence[RationalLike]] | None = None,
    lattice_size: int | Sequence[int] = 4,
    *,
    origin: Sequence[RationalLike] | None = None,
    basis: ArrayLike | None = None,
    close: bool = False,
    name: str | None = None,
) -> CrystallographicGroup:
    """The crystallographic group with Seitz pairs ``(W|w)`` truncated to a torus of cells.

    Parameters
    ----------
    point_matrices
        ``(m, d, d)`` integer ``W`` in the lattice basis (axis order, acting on columns), or
        ``m`` coordinate triplets such as ``"-x+1/2, y+1/2"`` (``x`` = last axis; see
        :mod:`groupmat.algebra.crystal._seitz`).
    translations
        ``m`` rational vectors ``w`` (Fractions, ints, ``"1/2"``); ``None`` for zeros or with
        triplets. One pair per coset of the integer translations (centrings are pairs with
        ``W = I``), unless ``close=True`` (then any generating pairs).
    lattice_size
        ``N``: an int (all sides) or ``d`` ints; the torus is ``Z^d / N Z^d``.
    origin
        Position of pixel 0 in lattice coordinates; default: chosen so the group is transitive
        on the coarsest grid (:func:`~groupmat.pixel_grid`).
    basis
        ``(d, d)`` Cartesian vectors of the lattice axes (columns; for drawing and metrics).
    close
        Generate the group from the pairs.
    name
        Symbol used in names (``"p4g"``).

    Raises
    ------
    NotAGroupError
        The pairs are not a group modulo the lattice (names the failing product).
    CrystallographicGroupError
        A torus the point matrices do not preserve, or a bad size.

    Examples
    --------
    >>> G = crystallographic_group(["x, y", "-y, x", "-x, -y", "y, -x"], None, 5, name="p4")
    >>> G.order, G.group.order, len(G.pixels), G.point_group.order
    (100, 100, 25, 4)
    """
    S = seitz_set(point_matrices, translations, close=close)
    return CrystallographicGroup(S, lattice_size, origin=origin, basis=basis, symbol=name)
