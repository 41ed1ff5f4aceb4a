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
from typing import TYPE_CHECKING

import numpy as np

from groupmat.algebra._validate import as_int
from groupmat.algebra.permgroups._chain import GiantChain, StabChain, _giant_generators
from groupmat.algebra.permgroups._permgroup_actions import PermGroupActions
from groupmat.algebra.permgroups._permgroup_structure import PermGroupStructure
from groupmat.algebra.permgroups._perms import (
    as_batch,
    as_generators,
    as_permutation,
    is_identity,
)
from groupmat.algebra.permgroups._schreier_sims import build_chain
from groupmat.errors import NotAGroupError, NotAnElementError

if TYPE_CHECKING:  # pragma: no cover
    from sympy.combinatorics import PermutationGroup as SympyPermutationGroup

    from groupmat.algebra._group import Group
    from groupmat.algebra.permgroups._perms import PermutationLike, PermutationsLike

__all__ = ["PermGroup"]


class PermGroup(PermGroupActions, PermGroupStructure):
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
    >>> from math import factorial
    >>> P.order == factorial(100), P.degree
    (True, 100)
    >>> [1, 0, *range(2, 100)] in P, P.is_transitive(), P.is_primitive()
    (True, True, True)
    """

    def __init__(
        self,
        gens: PermutationsLike | PermGroup | Group,
        *,
        degree: int | None = None,
        order: int | None = None,
        base: Sequence[int] = (),
        method: str = "auto",
        seed: int | np.random.Generator | None = 0,
        name: str | None = None,
        max_degree: int | None = None,
        _chain: StabChain | GiantChain | None = None,
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
        if order is not None:
            order = as_int(order, "order", minimum=1)
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
        chain: StabChain | GiantChain | None = None,
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
    def _batch(self, perms: PermutationLike | PermutationsLike) -> tuple[np.ndarray, bool]:
        arr = np.asarray(perms) if not hasattr(perms, "array_form") else None
        if arr is not None and arr.ndim == 2 and arr.dtype != object:
            return as_batch(arr, self.degree), False
        return as_permutation(perms, self.degree)[None, :], True

    def contains(self, perms: PermutationLike | PermutationsLike) -> np.ndarray | bool:
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

    def __contains__(self, perm: object) -> bool:
        try:
            return bool(self.contains(perm))
        except NotAGroupError:
            return False

    def sift(self, perm: PermutationLike) -> tuple[np.ndarray, int]:
        """``(residue, level)`` of stripping ``perm`` through the chain (Handbook, sec. 4.4.1):
        ``level == len(base)`` and an identity residue iff ``perm`` is in the group."""
        res, drop = self.chain.sift(as_permutation(perm, self.degree)[None, :])
        return res[0].astype(np.int64), int(drop[0])

    def index_of(self, perms: PermutationLike | PermutationsLike) -> int | np.ndarray:
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
        index = as_int(index, "index")
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

    def random(
        self, count: int | None = None, *, seed: int | np.random.Generator | None = None
    ) -> np.ndarray:
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
        n = 1 if count is None else as_int(count, "count", minimum=0)
        coords = (
            np.stack([rng.integers(0, s, size=n) for s in sizes], axis=1)
            if sizes
            else np.zeros((n, 0), dtype=np.int64)
        )
        out = self.chain.elements_from_coordinates(coords).astype(np.int64)
        return out[0] if count is None else out

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
        for p in points:
            if not 0 <= p < self.degree:
                raise NotAGroupError(f"point {p} out of range 0..{self.degree - 1}")
        moved = (self._gens != np.arange(self.degree)).any(axis=0)
        points = [p for p in points if moved[p]]  # points fixed by G change nothing
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

    def subgroup(self, gens: PermutationsLike | PermGroup) -> PermGroup:
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

    def to_sympy(self) -> SympyPermutationGroup:
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
