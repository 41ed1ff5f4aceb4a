"""``PermGroup``: a permutation group given by generators, backed by a stabiliser chain.

For groups too big to list (``S_100``, ``M24``, Rubik's cube groups): nothing is ever
enumerated; order, membership, random elements, stabilisers, orbits, blocks, normal closures
and derived series are computed on a base and strong generating set (:mod:`._schreier_sims`).
:meth:`PermGroup.to_group` lists the elements as an array-based :class:`~groupmat.Group`
when they fit.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cached_property
from math import factorial
from typing import Any

import numpy as np

from groupmat.algebra.permgroups import _blocks, _orbits
from groupmat.algebra.permgroups._chain import GiantChain, StabChain, _giant_generators
from groupmat.algebra.permgroups._perms import (
    as_batch,
    as_generators,
    as_permutation,
    invert,
    is_identity,
    mul,
)
from groupmat.algebra.permgroups._schreier_sims import build_chain, recognise_giant
from groupmat.errors import NotAGroupError, NotAnElementError

__all__ = ["FACTOR_MAX_ENTRIES", "FACTOR_SECONDS", "PermGroup"]

#: Time budget (seconds) for filling the table of short words used by ``factor``.
FACTOR_SECONDS = 10.0
#: ``factor`` refuses chains with more coset representatives than this in all.
FACTOR_MAX_ENTRIES = 20_000


class PermGroup:
    """A permutation group on ``0..d-1`` given by generators, stored as a stabiliser chain.

    Parameters
    ----------
    gens
        Generators: 0-based image lists, a ``(k, d)`` int array, sympy ``Permutation`` objects
        or a sympy ``PermutationGroup``. Products read left to right, ``(p*q)[x] = q[p[x]]``
        (sympy and GAP convention).
    degree
        Number of points (default: the generators' length); pads shorter image lists, and with
        no generators gives the trivial group on ``degree`` points.
    order
        The group's order if known: the random phase of the chain's construction stops as soon
        as it is reached; the chain is still verified, and a wrong value raises ``ValueError``.
    base
        Points that must start the base (in this order).
    method
        ``"auto"`` (default: giant recognition, then random Schreier-Sims with the deterministic
        verification above 64 points, deterministic Schreier-Sims below), ``"random"`` or
        ``"deterministic"`` (Schreier-Sims with Schreier vectors only). All are exact.
    seed
        Seed of the random phase (affects time, never results).
    name
        Optional short name shown in ``repr``.
    max_degree
        Degree guard (default :data:`~groupmat.algebra.permgroups._perms.MAX_DEGREE`).

    Notes
    -----
    The chain is built lazily on first use and cached; the object is immutable. Orders are
    exact Python ints. See :mod:`groupmat.algebra.permgroups._schreier_sims` for the
    algorithms (Holt, Eick & O'Brien, *Handbook of Computational Group Theory*, ch. 4; Seress,
    *Permutation Group Algorithms*, ch. 4 and 10).

    Examples
    --------
    >>> P = PermGroup([[*range(1, 100), 0], [1, 0, *range(2, 100)]])   # S_100
    >>> P.order == factorial(100), P.degree
    (True, 100)
    >>> [1, 0, *range(2, 100)] in P, P.is_transitive(), P.is_primitive()
    (True, True, True)
    """

    def __init__(
        self,
        gens: Any,
        *,
        degree: int | None = None,
        order: int | None = None,
        base: Sequence[int] = (),
        method: str = "auto",
        seed: Any = 0,
        name: str | None = None,
        max_degree: int | None = None,
        _chain: Any = None,
        _trusted_order: bool = False,
    ) -> None:
        arr = as_generators(gens, degree, max_degree=max_degree)
        arr.setflags(write=False)
        self._gens = arr
        self.name = name
        d = arr.shape[1]
        base = tuple(int(b) for b in base)
        if any(not 0 <= b < d for b in base):
            raise NotAGroupError(f"base points {base} out of range 0..{d - 1}")
        if order is not None and (isinstance(order, bool) or int(order) < 1):
            raise ValueError(f"order must be a positive integer, got {order!r}")
        self._known_order = None if order is None else int(order)
        self._base_request = base
        if method not in ("auto", "random", "deterministic"):
            raise ValueError(f"method must be 'auto', 'random' or 'deterministic', got {method!r}")
        self._method = method
        self._seed = seed
        self._trusted = bool(_trusted_order)
        if _chain is not None:
            self.__dict__["chain"] = _chain

    # ------------------------------------------------------------------ named groups
    @classmethod
    def symmetric(cls, n: int) -> PermGroup:
        """``S_n`` at any size (chain in closed form); see
        :func:`~groupmat.algebra.permgroups._named.symmetric_group`."""
        from groupmat.algebra.permgroups._named import symmetric_group

        return symmetric_group(n)

    @classmethod
    def alternating(cls, n: int) -> PermGroup:
        """``A_n`` at any size (chain in closed form)."""
        from groupmat.algebra.permgroups._named import alternating_group

        return alternating_group(n)

    @classmethod
    def mathieu(cls, n: int) -> PermGroup:
        """``M_11``, ``M_12``, ``M_22``, ``M_23``, ``M_24`` (GAP's generators, 0-based)."""
        from groupmat.algebra.permgroups._named import mathieu_group

        return mathieu_group(n)

    @classmethod
    def psl(cls, n: int, p: int) -> PermGroup:
        """``PSL(n, p)`` on the points of projective space ``PG(n-1, p)``, ``p`` prime."""
        from groupmat.algebra.permgroups._named import psl_group

        return psl_group(n, p)

    @classmethod
    def rubik(cls, n: int = 3) -> PermGroup:
        """Rubik's ``n x n x n`` cube group on its ``6 n^2`` facelets."""
        from groupmat.algebra.permgroups._named import rubik_group

        return rubik_group(n)

    # ------------------------------------------------------------------ chain
    @cached_property
    def chain(self) -> StabChain | GiantChain:
        """The base and strong generating set (built on first use)."""
        return build_chain(
            self._gens,
            base=self._base_request,
            known_order=self._known_order,
            method=self._method,
            seed=self._seed,
            trust_order=self._trusted,
        )

    @property
    def degree(self) -> int:
        """Number of points ``d``."""
        return int(self._gens.shape[1])

    @property
    def generators(self) -> np.ndarray:
        """``(k, d)`` generators as given (read-only)."""
        return self._gens

    @cached_property
    def order(self) -> int:
        """``|G| = prod_i |Δ_i|`` (exact Python int)."""
        return self.chain.order

    def __len__(self) -> int:
        return self.order

    @property
    def base(self) -> list[int]:
        """The base ``b_0, ..., b_{m-1}`` of the chain."""
        return list(self.chain.base)

    @property
    def basic_orbit_sizes(self) -> list[int]:
        """``|Δ_i| = |G^(i) : G^(i+1)|`` for each level."""
        return self.chain.orbit_sizes()

    def basic_orbit(self, i: int) -> np.ndarray:
        """The basic orbit ``Δ_i = b_i^{G^(i)}``."""
        return np.asarray(self.chain.basic_orbit(i))

    @cached_property
    def strong_generators(self) -> np.ndarray:
        """``(s, d)`` strong generators: those fixing ``b_0..b_{i-1}`` generate ``G^(i)``."""
        c = self.chain
        if isinstance(c, GiantChain):
            levels = c.strong_generators_by_level()
            out = np.concatenate(levels) if levels else np.zeros((0, self.degree), np.int64)
        else:
            out = c.strong_generators.copy()
        out.setflags(write=False)
        return out

    def _level_generators(self, i: int) -> np.ndarray:
        c = self.chain
        if isinstance(c, GiantChain):
            if i >= len(c.base):
                return np.zeros((0, self.degree), dtype=np.int64)
            return np.stack(_giant_generators(self.degree, c.points[i:], c.alternating))
        return c.level_generators(i)

    def __repr__(self) -> str:
        nm = f" {self.name}" if self.name else ""
        return f"<PermGroup{nm} of degree {self.degree}, order {self.order}>"

    def _sub(
        self,
        gens: np.ndarray,
        *,
        order: int | None = None,
        name: str | None = None,
        chain: Any = None,
    ) -> PermGroup:
        return PermGroup(
            np.asarray(gens).reshape(-1, self.degree),
            degree=self.degree,
            order=order,
            name=name,
            seed=self._seed,
            _chain=chain,
            _trusted_order=True,
        )

    # ------------------------------------------------------------------ membership
    def _batch(self, perms: Any) -> tuple[np.ndarray, bool]:
        arr = np.asarray(perms) if not hasattr(perms, "array_form") else None
        if arr is not None and arr.ndim == 2 and arr.dtype != object:
            return as_batch(arr, self.degree), False
        return as_permutation(perms, self.degree)[None, :], True

    def contains(self, perms: Any) -> np.ndarray | bool:
        """Membership of one permutation or of each row of a ``(B, d)`` batch (vectorised
        sifting, ``O(B m d)``).

        Raises
        ------
        NotAGroupError
            Not permutations, or a degree mismatch.
        """
        batch, single = self._batch(perms)
        res = self.chain.contains(batch)
        return bool(res[0]) if single else res

    def __contains__(self, perm: Any) -> bool:
        try:
            return bool(self.contains(perm))
        except NotAGroupError:
            return False

    def sift(self, perm: Any) -> tuple[np.ndarray, int]:
        """``(residue, level)`` of stripping ``perm`` through the chain (Handbook, sec. 4.4.1):
        ``level == len(base)`` and an identity residue iff ``perm`` is in the group."""
        res, drop = self.chain.sift(as_permutation(perm, self.degree)[None, :])
        return res[0].astype(np.int64), int(drop[0])

    def index_of(self, perms: Any) -> int | np.ndarray:
        """Canonical number ``0..|G|-1`` of an element (or of each row of a batch).

        The number of ``g = v_{m-1} * ... * v_0`` (``v_i`` the level-``i`` coset
        representative of the point at position ``c_i`` of ``Δ_i``) is the mixed-radix number
        ``c_0 c_1 ... c_{m-1}`` (``c_0`` most significant); :meth:`element` inverts it. The
        identity is 0. Exact Python ints for big groups.

        Raises
        ------
        NotAnElementError
            A permutation that is not in the group.

        Examples
        --------
        >>> P = PermGroup([[1, 2, 0], [1, 0, 2]])
        >>> sorted(P.index_of(P.element(i)) for i in range(6))
        [0, 1, 2, 3, 4, 5]
        """
        batch, single = self._batch(perms)
        res, drop, coords = self.chain.sift(batch, coordinates=True)
        ok = (drop == len(self.chain.base)) & is_identity(res)
        if not ok.all():
            r = int(np.flatnonzero(~ok)[0])
            raise NotAnElementError(f"permutation {batch[r].tolist()} is not in the group")
        sizes = self.chain.orbit_sizes()
        total = int(np.prod(np.asarray(sizes, dtype=object))) if sizes else 1
        if total < 2**62:
            idx = np.zeros(batch.shape[0], dtype=np.int64)
            for i, s in enumerate(sizes):
                idx = idx * s + coords[:, i]
            return int(idx[0]) if single else idx
        out = []
        for row in coords.tolist():
            v = 0
            for c, s in zip(row, sizes, strict=True):
                v = v * s + c
            out.append(v)
        return out[0] if single else np.asarray(out, dtype=object)

    def element(self, index: int) -> np.ndarray:
        """The element with canonical number ``index`` (inverse of :meth:`index_of`)."""
        index = int(index)
        if not 0 <= index < self.order:
            raise IndexError(
                f"element index {index} out of range for a group of order {self.order}"
            )
        sizes = self.chain.orbit_sizes()
        coords = []
        for s in reversed(sizes):
            index, c = divmod(index, s)
            coords.append(c)
        return self.chain.elements_from_coordinates(np.asarray(coords[::-1])[None, :])[0]

    def random(self, count: int | None = None, *, seed: Any = None) -> np.ndarray:
        """Uniformly random elements: independent uniform coset coordinates on every level of
        the chain, multiplied out (``O(count m d)``). One ``(d,)`` permutation, or
        ``(count, d)``.

        Examples
        --------
        >>> P = PermGroup([[1, 2, 3, 4, 0], [1, 0, 2, 3, 4]])
        >>> bool(P.contains(P.random(10, seed=1)).all())
        True
        """
        rng = np.random.default_rng(seed)
        sizes = self.chain.orbit_sizes()
        n = 1 if count is None else int(count)
        coords = (
            np.stack([rng.integers(0, s, size=n) for s in sizes], axis=1)
            if sizes
            else np.zeros((n, 0), dtype=np.int64)
        )
        out = self.chain.elements_from_coordinates(coords).astype(np.int64)
        return out[0] if count is None else out

    # ------------------------------------------------------------------ words
    @cached_property
    def _word_chain(self) -> Any:
        from groupmat.algebra.permgroups._words import WordChain

        return WordChain(self._gens)

    @cached_property
    def _short_words(self) -> Any:
        from groupmat.algebra.permgroups._words import ShortWordTable

        table = ShortWordTable(self._gens, self.chain)
        return table if table.build(seconds=FACTOR_SECONDS) else None

    def factor(self, perm: Any, *, max_length: int = 10**6) -> tuple[int, ...]:
        """A word in the generators for an element, as GAP letters (generator ``s`` is
        ``s + 1``, its inverse ``-(s + 1)``), read left to right: the element is
        ``x_{|w_0|}^{±1} * x_{|w_1|}^{±1} * ...`` (first the first letter).

        Not necessarily shortest: the first call fills a table of short words for the
        chain's coset representatives (Minkwitz's algorithm, at most ``FACTOR_SECONDS``;
        Rubik's cube: under 1 s, words of about 190 moves); if it cannot be completed, words
        come from a chain whose strong generators carry straight-line programs (correct, but
        possibly thousands of letters). See :mod:`groupmat.algebra.permgroups._words`.
        ``len(word)`` is its length. Groups whose chain has more than
        :data:`FACTOR_MAX_ENTRIES` coset representatives in all are refused.

        Raises
        ------
        NotAnElementError
            ``perm`` is not in the group.
        SizeLimitError
            The word would have more than ``max_length`` letters before cancellation, or the
            chain is too big for word tables.

        Examples
        --------
        >>> P = PermGroup([[1, 2, 3, 0], [1, 0, 2, 3]])
        >>> w = P.factor([3, 2, 1, 0])
        >>> np.array_equal(P.evaluate(w), [3, 2, 1, 0])
        True
        """
        g = as_permutation(perm, self.degree)
        entries = sum(self.basic_orbit_sizes)
        if entries > FACTOR_MAX_ENTRIES:
            from groupmat.errors import SizeLimitError

            raise SizeLimitError(
                f"factor: the chain has {entries} coset representatives, more than "
                f"FACTOR_MAX_ENTRIES={FACTOR_MAX_ENTRIES} for which words are tabulated"
            )
        if not self.chain.contains(g[None, :])[0]:
            raise NotAnElementError(f"permutation {g.tolist()} is not in the group")
        table = self._short_words
        if table is not None:
            word = table.factor(g)
            if word is not None and len(word) <= max_length:
                return word
        return self._word_chain.factor(g, max_length)

    def evaluate(self, word: Sequence[int]) -> np.ndarray:
        """The permutation of a word of GAP letters (inverse of :meth:`factor`)."""
        g = np.arange(self.degree)
        inv = invert(self._gens) if self._gens.shape[0] else self._gens
        k = self._gens.shape[0]
        for letter in word:
            letter = int(letter)
            if letter == 0 or abs(letter) > k:
                raise ValueError(f"letter {letter} out of range for {k} generators")
            h = self._gens[letter - 1] if letter > 0 else inv[-letter - 1]
            g = h[g]
        return g

    # ------------------------------------------------------------------ subgroups
    def _rebased(self, points: Sequence[int]) -> StabChain | GiantChain:
        """A chain of the same group whose base starts with ``points`` (base change by
        rebuilding with the known order: random Schreier-Sims stops when the order is
        reached, HEO sec. 4.5.1)."""
        points = [int(p) for p in points]
        for p in points:
            if not 0 <= p < self.degree:
                raise NotAGroupError(f"point {p} out of range 0..{self.degree - 1}")
        c = self.chain
        if list(c.base[: len(points)]) == points:
            return c
        if isinstance(c, GiantChain):
            inside = [p for p in points if c._rank[p] >= 0]
            if len(inside) == len(points):
                rest = [int(x) for x in c.points if x not in set(points)]
                return GiantChain(self.degree, np.asarray(inside + rest), alternating=c.alternating)
        return build_chain(
            self.strong_generators,
            base=points,
            known_order=self.order,
            seed=self._seed,
            giant_test=False,
        )

    def pointwise_stabilizer(self, points: Sequence[int]) -> PermGroup:
        """``G_(points)``, the elements fixing every given point.

        Examples
        --------
        >>> P = PermGroup([[1, 2, 3, 4, 0], [1, 0, 2, 3, 4]])
        >>> P.pointwise_stabilizer([0, 1]).order
        6
        """
        points = list(dict.fromkeys(int(p) for p in points))
        c = self._rebased(points)
        k = len(points)
        gens = _level_gens(c, k, self.degree)
        sizes = c.orbit_sizes()
        order = 1
        for s in sizes[k:]:
            order *= s
        sub = None
        if isinstance(c, StabChain):
            sub = StabChain(self.degree, c.base[k:])
            from groupmat.algebra.permgroups._schreier_sims import _absorb

            _absorb(sub, gens, 0)
            if sub.order != order:  # cannot happen for a complete chain
                sub = None
        return self._sub(gens, order=order, chain=sub)

    def stabilizer(self, point: int) -> PermGroup:
        """The point stabiliser ``G_point`` (order ``|G| / |point^G|``).

        Examples
        --------
        >>> P = PermGroup([[1, 2, 3, 4, 0], [1, 0, 2, 3, 4]])
        >>> P.stabilizer(3).order, P.stabilizer(3).orbit(3).tolist()
        (24, [3])
        """
        return self.pointwise_stabilizer([point])

    def stabilizer_chain(self) -> list[PermGroup]:
        """``[G^(0) = G, G^(1), ..., G^(m) = 1]``, the pointwise stabilisers of the base
        prefixes; ``|G^(i)| / |G^(i+1)| = |Δ_i|``."""
        return [self.pointwise_stabilizer(self.base[:i]) for i in range(len(self.base) + 1)]

    def subgroup(self, gens: Any) -> PermGroup:
        """The subgroup generated by elements of this group (checked)."""
        arr = as_generators(gens, self.degree)
        if arr.shape[0] and not self.chain.contains(arr).all():
            bad = int(np.flatnonzero(~self.chain.contains(arr))[0])
            raise NotAnElementError(f"generator {bad} is not in the group")
        return self._sub(arr)

    def is_subgroup(self, other: PermGroup) -> bool:
        """Whether ``self`` is a subgroup of ``other`` (same degree, generators contained)."""
        if not isinstance(other, PermGroup) or other.degree != self.degree:
            return False
        return bool(other.chain.contains(self._gens).all()) if self._gens.shape[0] else True

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, PermGroup) or other.degree != self.degree:
            return NotImplemented if not isinstance(other, PermGroup) else False
        return self.order == other.order and self.is_subgroup(other)

    def __hash__(self) -> int:
        return hash((self.degree, self.order))

    # ------------------------------------------------------------------ orbits and blocks
    def orbits(self, points: Sequence[int] | None = None) -> list[np.ndarray]:
        """Orbits on ``0..d-1`` (sorted arrays ordered by smallest point), or only those
        containing ``points``."""
        return _orbits.orbits(self._gens, self.degree, points)

    def orbit(self, point: int) -> np.ndarray:
        """The orbit of ``point`` (sorted)."""
        return self.orbits([point])[0]

    def is_transitive(self) -> bool:
        """Whether there is a single orbit on ``0..d-1``."""
        return len(self.orbits()) == 1

    def transitivity(self) -> int:
        """The largest ``k`` such that the group is ``k``-transitive on ``0..d-1`` (0 if not
        transitive; GAP's ``Transitivity``): ``k`` is the number of leading levels of a chain
        with base ``0, 1, 2, ...`` whose basic orbit is all remaining points. A 6-transitive
        group is ``S_d`` (``d``-transitive) or ``A_d`` (``(d-2)``-transitive) by the
        classification of finite simple groups.

        Examples
        --------
        >>> PermGroup([[1, 2, 3, 4, 0], [0, 2, 3, 1, 4]]).transitivity()   # A5
        3
        """
        d = self.degree
        if not self.is_transitive():
            return 0
        if self.order == factorial(d):
            return d
        if d >= 3 and self.order == factorial(d) // 2:
            return d - 2
        depth = min(d, 6)
        c = self._rebased(list(range(depth)))
        sizes = c.orbit_sizes()
        k = 0
        while k < depth and k < len(sizes) and sizes[k] == d - k:
            k += 1
        return k

    def blocks(self, seed: Sequence[int] | None = None) -> list[np.ndarray]:
        """A block system (sorted blocks ordered by smallest point): the finest one with all of
        ``seed`` in one block (HEO sec. 4.3.1, ``MinimalBlock``), or without ``seed`` a system of
        minimal nontrivial blocks (GAP's ``Blocks``); the system of single points when the group
        is primitive.

        Raises
        ------
        NotAGroupError
            The group is not transitive (blocks are defined for transitive actions).

        Examples
        --------
        >>> [b.tolist() for b in PermGroup([[1, 2, 3, 4, 5, 0]]).blocks()]
        [[0, 3], [1, 4], [2, 5]]
        """
        self._need_transitive("blocks")
        if seed is not None:
            pts = [int(p) for p in seed]
            if any(not 0 <= p < self.degree for p in pts) or not pts:
                raise NotAGroupError(f"seed {pts} must be points of 0..{self.degree - 1}")
            return _blocks.block_system(self._gens, pts)
        systems = self.minimal_blocks()
        if not systems:
            return [np.array([x]) for x in range(self.degree)]
        return systems[0]

    def minimal_blocks(self) -> list[list[np.ndarray]]:
        """All minimal nontrivial block systems (sympy's ``minimal_blocks``); empty iff the
        group is primitive (HEO, sec. 4.3)."""
        self._need_transitive("minimal_blocks")
        if self.degree <= 2:
            return []
        c = self.chain
        if isinstance(c, GiantChain) and c.points.size == self.degree and self.degree >= 3:
            return []
        return _blocks.minimal_block_systems(self._gens, self.stabilizer(0).strong_generators)

    def is_primitive(self) -> bool:
        """Transitive with no nontrivial blocks.

        Examples
        --------
        >>> PermGroup([[1, 2, 3, 0]]).is_primitive(), PermGroup([[1, 2, 0]]).is_primitive()
        (False, True)
        """
        if not self.is_transitive():
            return False
        return not self.minimal_blocks()

    def _need_transitive(self, what: str) -> None:
        if not self.is_transitive():
            raise NotAGroupError(
                f"{what}: the group is not transitive on 0..{self.degree - 1} (orbits of sizes "
                f"{[len(o) for o in self.orbits()]}); blocks are defined for transitive actions"
            )

    def representative_action(self, x: int, y: int) -> np.ndarray | None:
        """An element ``g`` with ``x^g = y`` (``g[x] == y``), or ``None`` if ``y`` is not in the
        orbit of ``x`` (GAP's ``RepresentativeAction`` on points).

        Examples
        --------
        >>> g = PermGroup([[1, 2, 3, 4, 0]]).representative_action(1, 4)
        >>> int(g[1])
        4
        """
        c = self._rebased([int(x)])
        pos = c.position(0)[int(y)] if len(c.base) else (-1 if x != y else 0)
        if x == y:
            return np.arange(self.degree)
        if pos < 0:
            return None
        return c.representatives(0, np.asarray([pos]))[0].astype(np.int64)

    # ------------------------------------------------------------------ normal structure
    def normal_closure(self, other: Any) -> PermGroup:
        """The normal closure ``<other^G>`` of a subgroup or of elements (need not lie in
        ``G``), HEO sec. 4.6.3.

        The closure is grown one conjugate at a time: a conjugate ``h^s`` (``h`` a generator so
        far, ``s`` a generator of ``G``) is added when sifting through the chain of the
        generators so far fails. That chain may be incomplete during the loop, but a
        successful sift is always a proof of membership, so no conjugate is wrongly skipped;
        the final group gets a verified chain.

        Examples
        --------
        >>> S4 = PermGroup([[1, 2, 3, 0], [1, 0, 2, 3]])
        >>> S4.normal_closure([[1, 0, 3, 2]]).order        # V4
        4
        """
        if isinstance(other, PermGroup):
            src = other.generators
            if other.degree != self.degree:
                raise NotAGroupError(f"degree mismatch: {other.degree} vs {self.degree}")
        else:
            src = as_generators(other, self.degree)
        return self._sub(_normal_closure(self._gens, src, self.degree))

    def derived_subgroup(self) -> PermGroup:
        """``G' = [G, G]``: the normal closure of the commutators of the generators (HEO, sec.
        4.6.3). For ``Sym``/``Alt`` of ``n >= 5`` points it is ``Alt`` in closed form.

        Examples
        --------
        >>> PermGroup([[1, 2, 3, 0], [1, 0, 2, 3]]).derived_subgroup().order   # A4
        12
        """
        c = self.chain
        if isinstance(c, GiantChain):
            n = c.points.size
            if n >= 5 or (n >= 3 and not c.alternating):
                pts = np.sort(c.points)
                gens = np.stack(_giant_generators(self.degree, pts, True))
                return self._sub(
                    gens,
                    order=factorial(n) // 2,
                    chain=GiantChain(self.degree, pts, alternating=True),
                )
        gens = self._gens
        comms = []
        for i in range(gens.shape[0]):
            for j in range(i + 1, gens.shape[0]):
                a, b = gens[i], gens[j]
                comms.append(mul(mul(invert(a), invert(b)), mul(a, b)))
        src = np.asarray(comms).reshape(-1, self.degree)
        src = src[~is_identity(src)] if src.shape[0] else src
        if not src.shape[0]:
            return self._sub(np.zeros((0, self.degree), dtype=np.int64), order=1)
        return self._sub(_normal_closure(gens, src, self.degree))

    def derived_series(self) -> list[PermGroup]:
        """``G >= G' >= G'' >= ...`` until it stabilises (the last term is perfect)."""
        series = [self]
        while True:
            nxt = series[-1].derived_subgroup()
            if nxt.order == series[-1].order:
                return series
            series.append(nxt)

    @cached_property
    def is_solvable(self) -> bool:
        """Whether the derived series reaches the trivial group."""
        return self.derived_series()[-1].order == 1

    @cached_property
    def is_abelian(self) -> bool:
        """Whether the generators commute."""
        g = self._gens
        return all(
            np.array_equal(mul(g[i], g[j]), mul(g[j], g[i]))
            for i in range(g.shape[0])
            for j in range(i + 1, g.shape[0])
        )

    def is_normal(self, other: PermGroup) -> bool:
        """Whether ``self`` is normalised by ``other`` (``s^-1 h s`` in ``self`` for generators
        ``h`` of ``self`` and ``s`` of ``other``)."""
        if not self._gens.shape[0]:
            return True
        conj = [mul(mul(invert(s), h), s) for s in other.generators for h in self._gens]
        return bool(self.chain.contains(np.asarray(conj).reshape(-1, self.degree)).all())

    def centralizer(self, x: Any, *, max_class: int = 1_000_000) -> PermGroup:
        """``C_G(x) = {g in G : g x = x g}`` for a permutation ``x`` (in ``G`` or not), by the
        orbit-stabiliser theorem on the conjugacy class of ``x`` (enumerated, at most
        ``max_class`` elements) and random Schreier generators; see
        :mod:`groupmat.algebra.permgroups._centralizer`.

        Examples
        --------
        >>> M = PermGroup.mathieu(11)
        >>> M.centralizer(M.generators[0]).order      # an 11-cycle
        11
        """
        from groupmat.algebra.permgroups._centralizer import centralizer

        return centralizer(self, as_permutation(x, self.degree), max_class=max_class)

    def sylow_subgroup(self, p: int, *, max_order: int | None = None) -> PermGroup:
        """A Sylow ``p``-subgroup, for groups that can be listed (at most ``max_order``
        elements, default ``DEFAULT_MAX_ORDER``): through :meth:`to_group` and
        :func:`groupmat.algebra.subgroups.sylow_subgroup` (HEO sec. 4.7).

        Examples
        --------
        >>> PermGroup.mathieu(11).sylow_subgroup(2).order
        16
        """
        from groupmat.algebra.permgroups._centralizer import sylow_subgroup

        return sylow_subgroup(self, p, max_order=max_order)

    def homomorphism(self, images: Any, codomain: PermGroup | None = None) -> Any:
        """The homomorphism sending generator ``i`` to ``images[i]`` (checked to be one), with
        kernel and image on chains; see :class:`~groupmat.PermHomomorphism`.

        Examples
        --------
        >>> S4 = PermGroup([[1, 2, 3, 0], [1, 0, 2, 3]])
        >>> S4.homomorphism([[1, 0], [1, 0]]).kernel().order     # the sign map: A4
        12
        """
        from groupmat.algebra.permgroups._homomorphism import PermHomomorphism

        return PermHomomorphism(self, images, codomain)

    # ------------------------------------------------------------------ conversions
    def to_group(self, *, max_order: int | None = None, names: Sequence[str] | None = None):
        """The array-based :class:`~groupmat.Group` listing every element (refused with
        :class:`~groupmat.errors.SizeLimitError` above ``max_order``, default
        :data:`~groupmat.algebra._permutations.DEFAULT_MAX_ORDER`)."""
        from groupmat.algebra._group import Group
        from groupmat.algebra._permutations import DEFAULT_MAX_ORDER
        from groupmat.errors import SizeLimitError

        limit = max_order or DEFAULT_MAX_ORDER
        if self.order > limit:
            raise SizeLimitError(
                f"{self!r} has {self.order} elements, more than max_order={limit} (listing "
                f"them takes about {self.order * self.degree / 2**30:.3g} GiB); keep working "
                "with the PermGroup, or pass a larger max_order="
            )
        if not self._gens.shape[0]:
            return Group.from_permutations([], degree=self.degree, name=self.name)
        return Group.from_permutations(self._gens, names=names, max_order=limit, name=self.name)

    def to_sympy(self) -> Any:
        """The same group as a sympy ``PermutationGroup``."""
        from sympy.combinatorics import Permutation, PermutationGroup

        gens = [Permutation(g.tolist()) for g in self._gens] or [Permutation(self.degree - 1)]
        return PermutationGroup(gens)


def _level_gens(c: StabChain | GiantChain, k: int, d: int) -> np.ndarray:
    if isinstance(c, GiantChain):
        if k >= len(c.base):
            return np.zeros((0, d), dtype=np.int64)
        return np.stack(_giant_generators(d, c.points[k:], c.alternating))
    return c.level_generators(k)


def _normal_closure(gens: np.ndarray, src: np.ndarray, d: int) -> np.ndarray:
    """Generators of ``<src^<gens>>`` (see :meth:`PermGroup.normal_closure`)."""
    from groupmat.algebra.permgroups._schreier_sims import _absorb

    src = np.asarray(src, dtype=np.int64).reshape(-1, d)
    src = src[~is_identity(src)] if src.shape[0] else src
    if not src.shape[0]:
        return src
    chain = StabChain(d)
    _absorb(chain, src, 0)
    members = [g for g in src]
    ginv = invert(gens)
    i = 0
    giant = None
    next_giant_check = 8
    while i < len(members):
        h = members[i]
        conj = np.stack([mul(mul(ginv[s], h), gens[s]) for s in range(gens.shape[0])])
        if giant is not None:
            new = conj[~giant.contains(conj)]
        else:
            res, drop = chain.sift(conj)
            new = conj[(drop < len(chain.base)) | ~is_identity(res)]
        if new.shape[0]:
            members.extend(new)
            if giant is not None:  # grew beyond the giant: recognise again, or rebuild
                giant = recognise_giant(np.asarray(members))
                if giant is None:
                    chain = StabChain(d)
                    _absorb(chain, np.asarray(members), 0)
            else:
                _absorb(chain, new, 0)
        if giant is None and len(members) >= next_giant_check:
            next_giant_check *= 2
            giant = recognise_giant(np.asarray(members))
        i += 1
    if giant is not None:
        return np.stack(_giant_generators(d, np.sort(giant.points), giant.alternating))
    return chain.strong_generators.copy()
