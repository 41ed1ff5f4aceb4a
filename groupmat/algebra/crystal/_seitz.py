"""Seitz pairs ``(W|w)`` modulo a lattice: parsing, closure, validation, cocycles, pixel grids.

A crystallographic group ``G`` in ``d`` dimensions is a group of affine maps
``(W|w): x -> W x + w`` whose translations ``(I|t)`` form a lattice ``T``; in a basis of that
lattice ``W`` is an integer matrix and ``w`` a rational vector. ``G`` is determined by one pair
per coset of the *integer* translations ``Z^d``: the *Seitz representatives*
``(W_p|w_p)``, ``p = 0..m-1``, with ``w_p`` reduced to ``[0, 1)^d``. Their products close up to
integer translations,

.. math::  (W_a|w_a)(W_b|w_b) = (W_a W_b \\,|\\, W_a w_b + w_a)
           = (I|c(a, b)) \\, (W_{ab}|w_{ab}),\\qquad c(a, b) \\in \\mathbb{Z}^d,

which defines the coset table ``ab`` and the integer *cocycle* ``c``. Non-symmorphic groups
(glides, screws) are those whose cocycle cannot be removed by moving the origin.

Coordinates are in array axis order (axis 0 first). Coordinate triplets such as
``"-x+1/2, y+1/2"`` (the notation of the International Tables) name the *last* axis ``x``,
the one before ``y`` and the first of three ``z`` (images ``(H, W)``: ``x`` = column,
``y`` = row; volumes ``(D, H, W)``: ``z`` = depth) and list components in ``x, y, z`` order.

References
----------
International Tables for Crystallography, Vol. A (2016), sections 1.2 (Seitz symbols,
coordinate triplets) and 1.4 (space-group types); W. Hiller, *Kristallographische Gruppen*
(1993); H. Burzlaff and H. Zimmermann in ITA for the cocycle description of space groups.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from functools import cached_property
from itertools import product
from typing import Any, TypeAlias

import numpy as np
from numpy.typing import ArrayLike

from groupmat.errors import NotAGroupError

__all__ = [
    "PixelGrid",
    "RationalLike",
    "SeitzSet",
    "format_seitz",
    "parse_triplet",
    "pixel_grid",
    "seitz_set",
]

#: Largest number of Seitz representatives (cosets of Z^d) accepted or generated.
MAX_SEITZ = 4096

#: One rational coordinate of a translation or origin: a ``Fraction``, an int, a string such
#: as ``"1/2"``, or a float with a small denominator (``0.25``).
RationalLike: TypeAlias = Fraction | int | np.integer[Any] | str | float

_VARS = "xyz"


# ------------------------------------------------------------------ triplets
def _axis_of(var: str, d: int) -> int:
    k = _VARS.index(var)
    if k >= d:
        raise NotAGroupError(f"variable {var!r} used in a {d}-dimensional coordinate triplet")
    return d - 1 - k


def parse_triplet(text: str, d: int | None = None) -> tuple[np.ndarray, list[Fraction]]:
    """Parse a coordinate triplet (``"-y+1/2, x, z+1/4"``) into ``(W, w)`` in axis order.

    Components are listed as ``x, y[, z]`` (the last axis first, see the module docstring);
    each is a sum of ``±[coefficient]variable`` and rational constants.

    Examples
    --------
    >>> W, w = parse_triplet("-y+1/2, x")          # 2-D: x = axis 1, y = axis 0
    >>> W.tolist(), [str(c) for c in w]
    ([[0, 1], [-1, 0]], ['0', '1/2'])
    """
    parts = [p.strip() for p in str(text).replace("−", "-").split(",")]
    d = len(parts) if d is None else d
    if len(parts) != d or not 1 <= d <= 3:
        raise NotAGroupError(
            f"coordinate triplet {text!r} has {len(parts)} components; expected {d} (1 to 3)"
        )
    W = np.zeros((d, d), dtype=np.int64)
    w = [Fraction(0)] * d
    for k, comp in enumerate(parts):
        row = d - 1 - k  # component k (x, y, z) is axis d-1-k
        s = comp.replace(" ", "")
        if not s:
            raise NotAGroupError(f"empty component in coordinate triplet {text!r}")
        if s[0] not in "+-":
            s = "+" + s
        terms = re.findall(r"[+-][^+-]+", s)
        if "".join(terms) != s:
            raise NotAGroupError(f"cannot parse {comp!r} in coordinate triplet {text!r}")
        for term in terms:
            sign, body = (-1 if term[0] == "-" else 1), term[1:]
            try:
                if body[-1] in _VARS:
                    coef = body[:-1].rstrip("*")
                    W[row, _axis_of(body[-1], d)] += sign * (int(coef) if coef else 1)
                else:
                    w[row] += sign * Fraction(body)
            except (ValueError, ZeroDivisionError):
                raise NotAGroupError(
                    f"cannot parse term {term!r} in coordinate triplet {text!r}"
                ) from None
    return W, w


def format_seitz(W: ArrayLike, w: Sequence[RationalLike]) -> str:
    """The coordinate triplet of ``(W|w)`` (inverse of :func:`parse_triplet`).

    Examples
    --------
    >>> format_seitz([[0, 1], [-1, 0]], [0, Fraction(1, 2)])
    '(-y+1/2, x)'
    """
    W = np.asarray(W, dtype=np.int64)
    d = W.shape[0]
    comps = []
    for k in range(d):
        row = d - 1 - k
        s = ""
        for kv in range(d):
            c = int(W[row, d - 1 - kv])
            if c:
                s += ("+" if c > 0 else "-") + ("" if abs(c) == 1 else str(abs(c))) + _VARS[kv]
        c = Fraction(w[row])
        if c:
            s += ("+" if c > 0 else "-") + str(abs(c))
        s = s or "0"
        comps.append(s[1:] if s[0] == "+" else s)
    return "(" + ", ".join(comps) + ")"


# ------------------------------------------------------------------ parsing
def _as_fraction(x: RationalLike) -> Fraction:
    if isinstance(x, Fraction):
        return x
    if isinstance(x, (int, np.integer)):
        return Fraction(int(x))
    if isinstance(x, str):
        return Fraction(x.strip())
    f = float(x)
    fr = Fraction(f).limit_denominator(1000)
    if abs(float(fr) - f) > 1e-9:
        raise NotAGroupError(
            f"translation component {x!r} is not a rational with a small denominator; pass "
            "Fractions or strings such as '1/3'"
        )
    return fr


def _as_pairs(
    point_matrices: ArrayLike | Sequence[str],
    translations: Sequence[Sequence[RationalLike]] | None,
) -> tuple[np.ndarray, list[list[Fraction]]]:
    if (
        isinstance(point_matrices, Sequence)
        and len(point_matrices)
        and all(isinstance(s, str) for s in point_matrices)
    ):
        if translations is not None:
            raise NotAGroupError("give either coordinate triplets or (matrices, translations)")
        parsed = [parse_triplet(s) for s in point_matrices]
        dims = {W.shape[0] for W, _ in parsed}
        if len(dims) != 1:
            raise NotAGroupError(f"coordinate triplets of different dimensions {sorted(dims)}")
        return np.stack([W for W, _ in parsed]), [w for _, w in parsed]
    raw = np.asarray(point_matrices)
    if raw.ndim != 3 or raw.shape[1] != raw.shape[2] or raw.shape[0] == 0:
        raise NotAGroupError(
            f"point_matrices must be a non-empty (m, d, d) array, got shape {raw.shape}"
        )
    mats = np.rint(raw.astype(float)).astype(np.int64)
    if not np.allclose(mats, raw.astype(float)):
        raise NotAGroupError("point matrices must be integer in the lattice basis")
    m, d = raw.shape[0], raw.shape[1]
    if translations is None:
        return mats, [[Fraction(0)] * d for _ in range(m)]
    rows = list(translations)
    if len(rows) != m or any(len(list(r)) != d for r in rows):
        raise NotAGroupError(
            f"translations must be {m} vectors of length {d}, one per point matrix"
        )
    return mats, [[_as_fraction(c) for c in r] for r in rows]


# ------------------------------------------------------------------ the set of representatives
@dataclass(frozen=True, eq=False)
class SeitzSet:
    """Validated Seitz representatives of ``G / Z^d`` (read-only arrays).

    Attributes
    ----------
    matrices
        ``(m, d, d)`` int64 ``W_p`` (index 0 is the identity).
    numerators, denominator
        ``w_p = numerators[p] / denominator`` with ``0 <= numerators < denominator``.
    table
        ``(m, m)`` int64 coset table: ``table[a, b]`` is the representative of
        ``(W_a|w_a)(W_b|w_b)`` modulo ``Z^d``.
    cocycle
        ``(m, m, d)`` int64 ``c(a, b) = W_a w_b + w_a - w_{ab}`` (an integer vector).
    inverse
        ``(m,)`` the coset of ``(W_p|w_p)^{-1}``.
    """

    matrices: np.ndarray
    numerators: np.ndarray
    denominator: int
    table: np.ndarray
    cocycle: np.ndarray
    inverse: np.ndarray

    @property
    def dim(self) -> int:
        return int(self.matrices.shape[1])

    def __len__(self) -> int:
        return int(self.matrices.shape[0])

    def translation(self, p: int) -> list[Fraction]:
        """``w_p`` as Fractions."""
        q = self.denominator
        return [Fraction(int(u), q) for u in self.numerators[p]]

    def triplet(self, p: int) -> str:
        """``(W_p|w_p)`` as a coordinate triplet."""
        return format_seitz(self.matrices[p], self.translation(p))

    @cached_property
    def point_matrices(self) -> np.ndarray:
        """Distinct ``W`` in first-appearance order: the point group."""
        _, first = np.unique(self.matrices.reshape(len(self), -1), axis=0, return_index=True)
        out = self.matrices[np.sort(first)]
        out.setflags(write=False)
        return out

    @cached_property
    def point_of(self) -> np.ndarray:
        """``(m,)`` index of ``W_p`` in :attr:`point_matrices` (the map ``G -> P``)."""
        key = {w.tobytes(): i for i, w in enumerate(self.point_matrices)}
        out = np.array([key[w.tobytes()] for w in self.matrices], dtype=np.int64)
        out.setflags(write=False)
        return out

    def generating_set(self) -> list[int]:
        """A small generating set of the coset group (greedy: largest order first)."""
        m = len(self)
        orders = np.ones(m, dtype=np.int64)
        for p in range(1, m):
            x, k = p, 1
            while x != 0:
                x, k = int(self.table[x, p]), k + 1
            orders[p] = k
        gens: list[int] = []
        have = np.zeros(m, dtype=bool)
        have[0] = True
        for p in sorted(range(1, m), key=lambda i: (-orders[i], i)):
            if have[p]:
                continue
            gens.append(p)
            have = _close(self.table, gens)
            if have.all():
                break
        return gens


def _close(table: np.ndarray, gens: Sequence[int]) -> np.ndarray:
    have = np.zeros(table.shape[0], dtype=bool)
    have[0] = True
    frontier = np.array([0])
    while frontier.size:
        new = np.unique(table[frontier[:, None], np.asarray(gens, dtype=np.int64)[None, :]].ravel())
        new = new[~have[new]]
        have[new] = True
        frontier = new
    return have


def _key(W: np.ndarray, u: np.ndarray, q: int) -> bytes:
    return W.tobytes() + np.mod(u, q).astype(np.int64).tobytes()


def seitz_set(
    point_matrices: ArrayLike | Sequence[str],
    translations: Sequence[Sequence[RationalLike]] | None = None,
    *,
    close: bool = False,
) -> SeitzSet:
    """Validate (or, with ``close=True``, generate) Seitz representatives modulo ``Z^d``.

    Parameters
    ----------
    point_matrices
        ``(m, d, d)`` integer matrices ``W_p`` in the lattice basis (axis order), or ``m``
        coordinate triplets (then ``translations`` is ``None``).
    translations
        ``m`` rational vectors ``w_p`` (Fractions, ints, strings ``"1/2"`` or floats with small
        denominators); default zeros.
    close
        Treat the pairs as generators and close them under products modulo ``Z^d``.

    Raises
    ------
    NotAGroupError
        A matrix that is not unimodular, two pairs equal modulo the lattice, no identity, or a
        product that is not in the list (naming both factors and the product), or a closure
        above :data:`MAX_SEITZ` pairs (a point matrix of infinite order).

    Notes
    -----
    ``O(m^2 d^2 log m)``: all products are looked up at once by sorting.

    Examples
    --------
    >>> S = seitz_set(["x, y", "-x, y+1/2"])           # pg: a glide
    >>> len(S), S.cocycle[1, 1].tolist()               # the glide squares to (I|(1, 0))
    (2, [1, 0])
    """
    mats, fracs = _as_pairs(point_matrices, translations)
    m, d = mats.shape[0], mats.shape[1]
    dets = np.rint(np.linalg.det(mats.astype(float))).astype(int)
    if not np.isin(dets, (-1, 1)).all():
        p = int(np.flatnonzero(~np.isin(dets, (-1, 1)))[0])
        raise NotAGroupError(
            f"point matrix {p} {mats[p].tolist()} has determinant {dets[p]}; the matrices of a "
            "crystallographic group are unimodular in a lattice basis"
        )
    q = math.lcm(*(f.denominator for row in fracs for f in row)) if fracs else 1
    nums = np.array([[int(f * q) for f in row] for row in fracs], dtype=np.int64).reshape(m, d)
    nums = np.mod(nums, q)
    if close:
        mats, nums = _generate(mats, nums, q)
        m = mats.shape[0]
    keys: dict[bytes, int] = {}
    for p in range(m):
        k = _key(mats[p], nums[p], q)
        if k in keys:
            raise NotAGroupError(
                f"pairs {keys[k]} and {p} are the same coset modulo the lattice: "
                f"{format_seitz(mats[p], [Fraction(int(u), q) for u in nums[p]])}; give one "
                "representative per coset of the integer translations"
            )
        keys[k] = p
    ident = keys.get(_key(np.eye(d, dtype=np.int64), np.zeros(d, np.int64), q))
    if ident is None:
        raise NotAGroupError("the identity (x, y, ...) is not among the pairs; add it")
    order = [ident] + [p for p in range(m) if p != ident]
    mats, nums = mats[order], nums[order]
    prods_W = np.einsum("aij,bjk->abik", mats, mats)
    prods_u = np.einsum("aij,bj->abi", mats, nums) + nums[:, None, :]
    # look every product up among the representatives at once: rows (W, u mod q), O(m^2 log)
    reps = np.concatenate([mats.reshape(m, -1), nums], axis=1)
    prods = np.concatenate(
        [prods_W.reshape(m * m, -1), np.mod(prods_u, q).reshape(m * m, -1)], axis=1
    )
    labels = _row_labels(np.concatenate([reps, prods]))
    where = np.full(labels.max() + 1, -1, dtype=np.int64)
    where[labels[:m]] = np.arange(m)
    table = where[labels[m:]].reshape(m, m)
    if (table < 0).any():
        a, b = (int(v[0]) for v in np.nonzero(table < 0))
        fa = [Fraction(int(u), q) for u in nums[a]]
        fb = [Fraction(int(u), q) for u in nums[b]]
        fc = [Fraction(int(u), q) for u in prods_u[a, b]]
        raise NotAGroupError(
            f"the pairs are not a group modulo the lattice: {format_seitz(mats[a], fa)}"
            f" * {format_seitz(mats[b], fb)} = {format_seitz(prods_W[a, b], fc)} is not "
            "in the list (modulo integer translations); add it, or pass close=True to "
            "generate the group from these pairs"
        )
    cocycle = (prods_u - nums[table]) // q
    inverse = np.argmax(table == 0, axis=1)
    for arr in (mats, nums, table, cocycle, inverse):
        arr.setflags(write=False)
    return SeitzSet(mats, nums, int(q), table, cocycle, inverse)


def _row_labels(rows: np.ndarray) -> np.ndarray:
    """Equal rows get equal labels: one int64 key per row (mixed radix) when it fits, else
    ``np.unique(axis=0)``."""
    lo = rows.min(axis=0)
    radix = rows.max(axis=0) - lo + 1
    if float(np.prod(radix.astype(float))) < 2.0**62:
        key = np.zeros(rows.shape[0], dtype=np.int64)
        for j in range(rows.shape[1]):
            key = key * int(radix[j]) + (rows[:, j] - lo[j])
        return np.unique(key, return_inverse=True)[1].ravel()
    return np.unique(rows, axis=0, return_inverse=True)[1].ravel()


def _generate(mats: np.ndarray, nums: np.ndarray, q: int) -> tuple[np.ndarray, np.ndarray]:
    d = mats.shape[1]
    elems_W = [np.eye(d, dtype=np.int64)]
    elems_u = [np.zeros(d, dtype=np.int64)]
    seen = {_key(elems_W[0], elems_u[0], q)}
    frontier = [0]
    while frontier:
        nxt = []
        for i in frontier:
            for W, u in zip(mats, nums, strict=True):
                W2, u2 = elems_W[i] @ W, np.mod(elems_W[i] @ u + elems_u[i], q)
                k = _key(W2, u2, q)
                if k not in seen:
                    if len(seen) >= MAX_SEITZ:
                        raise NotAGroupError(
                            f"closing the pairs gives more than {MAX_SEITZ} cosets of the "
                            "lattice; a point matrix has infinite order (not crystallographic)"
                        )
                    seen.add(k)
                    elems_W.append(W2)
                    elems_u.append(u2)
                    nxt.append(len(elems_W) - 1)
        frontier = nxt
    return np.stack(elems_W), np.stack(elems_u)


# ------------------------------------------------------------------ pixel grids
@dataclass(frozen=True, eq=False)
class PixelGrid:
    """The grid ``o + D^{-1} Z^d`` a crystallographic group acts on, in integer pixel units.

    A pixel ``x`` (integer vector) sits at lattice position ``o + D^{-1} x``; ``(W_p|w_p + t)``
    maps it to ``W'_p x + v'_p + D t`` with ``W'_p = D W_p D^{-1}`` and
    ``v'_p = D (W_p o + w_p - o)`` (both integer).

    Attributes
    ----------
    refinement
        ``D`` as a tuple: pixels per lattice cell along each axis.
    origin
        ``o`` as Fractions (position of pixel 0 in lattice coordinates).
    matrices, shifts
        ``(m, d, d)`` ``W'_p`` and ``(m, d)`` ``v'_p`` (int64).
    transitive
        Whether the group has one orbit on the pixels: true iff exactly ``m / prod(D)`` of the
        representatives fix pixel 0 modulo ``D`` (``v'_p = 0 mod D``).
    """

    refinement: tuple[int, ...]
    origin: tuple[Fraction, ...]
    matrices: np.ndarray
    shifts: np.ndarray
    transitive: bool


def _grid_at(S: SeitzSet, origin: Sequence[Fraction]) -> PixelGrid:
    d, q = S.dim, S.denominator
    o = [Fraction(x) for x in origin]
    Q = math.lcm(q, *(x.denominator for x in o))
    o_num = np.array([int(x * Q) for x in o], dtype=np.int64)
    # W_p o + w_p - o over the common denominator Q, all p at once
    shift = S.matrices @ o_num + S.numerators * (Q // q) - o_num[None, :]
    g = np.gcd.reduce(np.concatenate([shift, np.full((1, d), Q)]), axis=0)
    D = Q // g  # pixels per cell: the denominators of the shifts, per axis
    mats = S.matrices * D[None, :, None]
    if (mats % D[None, None, :]).any():  # D W D^-1 not integral: refine all axes alike
        D = np.full(d, math.lcm(*D.tolist()), dtype=np.int64)
        mats = S.matrices * D[None, :, None]
    mats = mats // D[None, None, :]
    v = shift * D[None, :] // Q
    fixing = int((np.mod(v, D) == 0).all(axis=1).sum())
    transitive = len(S) == fixing * int(D.prod())
    for arr in (mats, v):
        arr.setflags(write=False)
    return PixelGrid(tuple(int(x) for x in D), tuple(o), mats, v, transitive)


def pixel_grid(S: SeitzSet, origin: Sequence[RationalLike] | None = None) -> PixelGrid:
    """The coarsest pixel grid for ``S`` (see :class:`PixelGrid`).

    With ``origin=None``, tries ``o = 0`` and the shifts ``o_i in {0, 1/(2q)}`` (``q`` the
    translations' denominator) and keeps the first grid on which the group is transitive with
    the fewest pixels per cell (``o = 0`` when it is transitive); e.g. ``p4g`` and ``pgg`` get
    ``o = (1/4, 1/4)``, where no pixel is a 4-fold or 2-fold centre.

    Examples
    --------
    >>> S = seitz_set(["x, y", "-x, -y", "-x+1/2, y+1/2", "x+1/2, -y+1/2"])   # pgg
    >>> g = pixel_grid(S)
    >>> g.refinement, [str(c) for c in g.origin], g.transitive
    ((2, 2), ['0', '1/4'], True)
    """
    d = S.dim
    if origin is not None:
        o = [_as_fraction(x) for x in origin]
        if len(o) != d:
            raise NotAGroupError(f"origin must have {d} coordinates, got {len(o)}")
        return _grid_at(S, o)
    step = Fraction(1, 2 * S.denominator)
    best: tuple[tuple[bool, int], PixelGrid] | None = None
    for o in product((Fraction(0), step), repeat=d):
        grid = _grid_at(S, o)
        score = (not grid.transitive, int(np.prod(grid.refinement)))
        if best is None or score < best[0]:
            best = (score, grid)
    assert best is not None
    return best[1]
