"""Kernels, convolution taps and subsampling of crystallographic groups on tori.

A mixin of :class:`~groupmat.CrystallographicGroup` (which see for the
notation: cells ``N``, refinement ``D``, representatives ``(W_p|w_p)``, pixel maps
``x -> W'_p x + v'_p + D t``).

**Convolutions as circular convolutions on the cell torus.** A signal on the group,
``(m, *N)``, has one channel per representative; an image ``(*D N)`` has one channel per
*phase* ``o`` (pixel ``x = D t + o``, ``o`` in the box ``0 <= o < D``). For an output channel
``k`` with representative element ``r_k = (a_k, p_k)`` (``(0, p)`` on the group; on pixels an
element with ``r_k . 0 = o``), every layer of :class:`~groupmat.nn.GMConv` reads

- group input: ``(t + a_k, p_k)(s_j, q_j) = (t + a_k + W_{p_k} s_j + c(p_k, q_j), p_k q_j)``:
  channel ``p_k q_j`` at cell offset ``a_k + W_{p_k} s_j + c(p_k, q_j)``;
- pixel input: ``(t + a_k, p_k).x_j = D t + z`` with ``z = W'_{p_k} x_j + v'_{p_k} + D a_k``:
  phase ``z mod D`` at cell offset ``z div D``;

so each layer is one ``conv{d}d`` with circular padding on the ``N`` torus whose filter bank
holds every kernel weight once per output channel: exact for every crystallographic group,
symmorphic or not (the cocycle and the glide shifts only move taps).
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cached_property
from typing import TYPE_CHECKING, Any

import numpy as np

from groupmat.algebra._validate import as_int

if TYPE_CHECKING:  # pragma: no cover
    from numpy.typing import ArrayLike

    from groupmat.algebra.crystal._crystallographic import CrystallographicGroup
    from groupmat.algebra.crystal._seitz import PixelGrid, SeitzSet

__all__ = ["CrystalKernels"]


def _matvec(M: np.ndarray, p: Any, vec: Sequence[np.ndarray]) -> list[np.ndarray]:
    """Components of ``M[p] @ vec`` for broadcast index arrays ``p`` and component arrays
    (one gather per matrix entry: no ``(..., d, d)`` temporaries)."""
    p = np.asarray(p)
    d = len(vec)
    out = []
    for i in range(d):
        acc = M[p, i, 0] * vec[0]
        for j in range(1, d):
            acc = acc + M[p, i, j] * vec[j]
        out.append(np.asarray(acc))
    return out


def _signed(a: Any, size: int) -> np.ndarray:
    """Representative of ``a mod size`` in ``[-(size - 1) // 2, size // 2]``."""
    half = (size - 1) // 2
    return (np.asarray(a) + half) % size - half


class CrystalKernels:
    """Windows, ``conv{d}d`` taps and subsampling (mixed into ``CrystallographicGroup``)."""

    # provided by CrystallographicGroup
    dim: int
    lattice_shape: tuple[int, ...]
    seitz: SeitzSet
    grid: PixelGrid
    refinement: tuple[int, ...]
    shape: tuple[int, ...]
    name: str
    order: int
    num_pixels: int
    num_cosets: int
    _subsamples: dict[int, CrystallographicGroup]
    index: Any
    decompose: Any
    pixel_index: Any
    pixel_coordinates: Any
    _with_lattice: Any

    # ------------------------------------------------------------------ windows
    @cached_property
    def hexagonal(self) -> bool:
        """A 2-D group with 3- or 6-fold rotations: kernels are hexagons, not boxes."""
        if self.dim != 2:
            return False
        mats = self.seitz.point_matrices
        traces = np.trace(mats, axis1=1, axis2=2)
        dets = np.rint(np.linalg.det(mats.astype(float)))
        return bool(((dets == 1) & np.isin(traces, (-1, 1))).any())

    def _offsets(self, size: int, shape: tuple[int, ...], what: str) -> np.ndarray:
        size = as_int(size, "size")
        if size < 1 or size > min(shape):
            raise self._error(
                f"a {size}-wide {what} window does not fit on the "
                f"{'x'.join(map(str, shape))} torus (need 1 <= size <= {min(shape)})"
            )
        rng = np.arange(-((size - 1) // 2), size // 2 + 1)
        grids = np.meshgrid(*([rng] * self.dim), indexing="ij")
        box = np.stack([g.ravel() for g in grids], axis=1)
        if not self.hexagonal or any(d != 1 for d in self.refinement):
            return box
        if size % 2 == 0:
            raise self._error(f"hexagonal windows have odd sizes, got {size}")
        # hexagon of radius r: at most r steps along the six shortest vectors of the
        # point-group-invariant metric sum_p W_p^T W_p
        mats = self.seitz.point_matrices
        metric = np.einsum("pji,pjk->ik", mats, mats)
        unit = np.array([(a, b) for a in (-1, 0, 1) for b in (-1, 0, 1) if (a, b) != (0, 0)])
        norms = np.einsum("ki,ij,kj->k", unit, metric, unit)
        steps = unit[norms == norms.min()]
        dist = np.full(box.shape[0], -1)
        where = {tuple(v): i for i, v in enumerate(box.tolist())}
        frontier, dist[where[(0, 0)]] = [(0, 0)], 0
        for r in range(1, (size - 1) // 2 + 1):
            nxt = []
            for v in frontier:
                for s in steps.tolist():
                    i = where.get((v[0] + s[0], v[1] + s[1]))
                    if i is not None and dist[i] < 0:
                        dist[i] = r
                        nxt.append(tuple(box[i]))
            frontier = nxt
        return box[dist >= 0]

    def _error(self, msg: str) -> Exception:
        from groupmat.algebra.crystal._crystallographic import CrystallographicGroupError

        return CrystallographicGroupError(msg)

    def translation_window(self, size: int) -> np.ndarray:
        """Indices of the lattice translations in a ``size``-wide window around 0 (a box, or a
        hexagon of radius ``(size-1)//2`` on hexagonal lattices), in row-major offset order."""
        off = self._offsets(size, self.lattice_shape, "cell")
        return np.asarray(self.index(0, *off.T)).reshape(-1)

    def window(self, size: int) -> np.ndarray:
        """Kernel elements: :meth:`translation_window` times all ``m`` representatives,
        ordered ``(p, offset)`` so that weights reshape to ``(..., m, *window)`` on boxes.

        Examples
        --------
        >>> from groupmat import spatial_group
        >>> spatial_group((5, 5), "C2").window(3).shape
        (18,)
        """
        off = self._offsets(size, self.lattice_shape, "cell")
        m = self.num_cosets
        p = np.repeat(np.arange(m), off.shape[0])
        t = np.tile(off, (m, 1))
        return np.asarray(self.index(p, *t.T)).reshape(-1)

    def pixel_window(self, size: int) -> np.ndarray:
        """Pixel indices of the ``size``-wide window around pixel 0 (row-major offsets)."""
        off = self._offsets(size, self.shape, "pixel")
        return np.asarray(self.pixel_index(*off.T)).reshape(-1)

    # ------------------------------------------------------------------ conv taps
    @cached_property
    def phase_representatives(self) -> tuple[np.ndarray, np.ndarray]:
        """``(p_o, a_o)`` for each phase ``o`` (raveled over ``D``): the element
        ``(a_o, p_o)`` maps pixel 0 to pixel ``o`` (the smallest such ``p``)."""
        D = np.array(self.refinement)
        v = self.grid.shifts
        phases = np.stack(
            [g.ravel() for g in np.meshgrid(*[np.arange(x) for x in D], indexing="ij")], axis=1
        )
        match = (np.mod(v[None, :, :] - phases[:, None, :], D) == 0).all(axis=2)  # (phi, m)
        if not match.any(axis=1).all():
            raise self._error(f"{self.name} is not transitive on its pixels; no lowering onto them")
        p = np.argmax(match, axis=1)
        a = (phases - v[p]) // D
        return p, a

    def conv_taps(
        self, kernel: ArrayLike, *, source: str = "group", target: str = "group"
    ) -> tuple[np.ndarray, tuple[int, ...]]:
        """Where each kernel position lands in a ``conv{d}d`` filter bank on the cell torus.

        ``source``/``target`` are ``"group"`` (channels = representatives) or ``"pixels"``
        (channels = phases); ``kernel`` holds element indices (group source) or pixel indices.
        Output channel ``k`` at cell ``t`` reads input channel ``i`` at ``t + v`` through kernel
        position ``j = taps[k, i, v + pad]`` (see the module docstring; ``j = len(kernel)``
        marks a zero tap). For fixed ``k`` every position appears exactly once.

        Returns
        -------
        taps
            ``(K_out, Q_in, *extent)`` int64.
        padding
            Circular padding per axis (at most ``N_i / 2``).
        """
        if source not in ("group", "pixels") or target not in ("group", "pixels"):
            raise ValueError(f"source/target must be 'group' or 'pixels', got {source}, {target}")
        d, N = self.dim, self.lattice_shape
        D = self.refinement
        S = self.seitz
        kern = np.asarray(kernel, dtype=np.int64).ravel()
        m = kern.size
        if target == "group":
            pk = np.arange(len(S))
            ak = np.zeros((len(S), d), dtype=np.int64)
        else:
            pk, ak = self.phase_representatives
        if source == "group":
            if m and ((kern < 0).any() or (kern >= self.order).any()):
                raise IndexError(f"kernel element out of range for {self.name}")
            q, *s = self.decompose(kern)
            s = [_signed(s[i], N[i]) for i in range(d)]
            ws = _matvec(S.matrices, pk[:, None], s)
            c = S.cocycle[pk[:, None], np.asarray(q)[None, :]]
            off = [ak[:, i, None] + ws[i] + c[..., i] for i in range(d)]
            chan = S.table[pk[:, None], np.asarray(q)[None, :]]
            n_in = len(S)
        else:
            if m and ((kern < 0).any() or (kern >= self.num_pixels).any()):
                raise IndexError(f"kernel pixel out of range for {self.name}")
            xs = self.pixel_coordinates(kern)
            xs = [_signed(xs[i], D[i] * N[i]) for i in range(d)]
            wx = _matvec(self.grid.matrices, pk[:, None], xs)
            v = self.grid.shifts[pk]
            z = [wx[i] + v[:, i, None] + D[i] * ak[:, i, None] for i in range(d)]
            off = [np.floor_divide(z[i], D[i]) for i in range(d)]
            chan = np.zeros_like(off[0])
            for i in range(d):
                chan = chan * D[i] + np.mod(z[i], D[i])
            n_in = int(np.prod(D))
        off = [_signed(np.broadcast_to(o, (pk.size, m)), N[i]) for i, o in enumerate(off)]
        pad = tuple(int(np.abs(o).max()) if m else 0 for o in off)
        taps = np.full((pk.size, n_in, *(2 * p + 1 for p in pad)), m, dtype=np.int64)
        kk = np.broadcast_to(np.arange(pk.size)[:, None], (pk.size, m))
        jj = np.broadcast_to(np.arange(m)[None, :], (pk.size, m))
        taps[(kk, np.broadcast_to(chan, (pk.size, m)), *(off[i] + pad[i] for i in range(d)))] = jj
        return taps, pad

    def conv2d_taps(
        self, kernel: ArrayLike, *, source: str = "group", target: str = "group"
    ) -> tuple[np.ndarray, tuple[int, ...]]:
        """Alias of :meth:`conv_taps` (the name used for 2-D spatial groups)."""
        return self.conv_taps(kernel, source=source, target=target)

    # ------------------------------------------------------------------ subsampling
    def subsample(self, factor: int = 2) -> CrystallographicGroup:
        """The same group on the ``N / factor`` torus, embedded as the image of the scaling
        ``x -> factor x``: ``(W_p | w_p + t') -> (W_p | factor (w_p + t'))``, i.e.
        ``(t', p) -> (factor t' + (factor - 1) w_p, p)``; pixels ``x' -> factor x' +
        D (factor - 1) o``. A subgroup iff ``(factor - 1) w_p`` is integral: any factor for
        symmorphic groups on their natural grid, odd factors for glides by half a cell.

        Examples
        --------
        >>> from groupmat import spatial_group
        >>> S = spatial_group((4, 6), point_group="D2")
        >>> S2 = S.subsample(2)
        >>> S2.shape, S2.parent is S, int(S2.embedding[S2.index(0, 1, 1)]) == S.index(0, 2, 2)
        ((2, 3), True, True)
        """
        f = as_int(factor, "factor")
        cache = self._subsamples
        if f in cache:
            return cache[f]
        N = self.lattice_shape
        if f < 1 or any(n % f for n in N):
            raise self._error(
                f"cannot subsample the {'x'.join(map(str, N))} torus by {f}: both sides must be "
                "multiples of the factor"
            )
        S, grid = self.seitz, self.grid
        D = np.array(self.refinement)
        q = S.denominator
        bad_pix = any(((f - 1) * D[i] * grid.origin[i]).denominator != 1 for i in range(self.dim))
        if ((f - 1) * S.numerators % q).any() or bad_pix:
            raise self._error(
                f"{self.name} has fractional translations (denominator {q}): scaling by {f} "
                f"is not a subgroup; use a factor = 1 mod {q} (e.g. {q + 1}), or pool onto a "
                "subgroup instead"
            )
        sub = self._with_lattice(tuple(n // f for n in N))
        p, *t = sub.decompose(np.arange(sub.order))
        shift = (f - 1) * S.numerators[p] // q
        emb = np.asarray(self.index(p, *[f * t[i] + shift[:, i] for i in range(self.dim)]))
        xs = sub.pixel_coordinates(np.arange(sub.num_pixels))
        o_pix = [int((f - 1) * D[i] * grid.origin[i]) for i in range(self.dim)]
        pix = np.asarray(self.pixel_index(*[f * xs[i] + o_pix[i] for i in range(self.dim)]))
        for a in (emb, pix):
            a.setflags(write=False)
        sub.parent, sub.factor, sub.embedding, sub.pixel_embedding = self, f, emb, pix
        cache[f] = sub
        return sub
