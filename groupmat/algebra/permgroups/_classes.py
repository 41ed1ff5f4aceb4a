"""Conjugacy classes of permutation groups too large to list.

For a chain-backed group ``G`` the classes come from random elements, the way computer algebra
systems find class representatives of groups they cannot list, with exact class sizes from
centralisers (Holt, Eick & O'Brien, *Handbook of Computational Group Theory*, sec. 4.6 for the
backtrack search):

1. The identity and the centre ``Z(G)`` (one backtrack search for the elements commuting with
   every generator) are classes of size 1.
2. Uniform random elements ``y`` (:meth:`~groupmat.PermGroup.random`, in batches) are sorted
   by a class function: the cycle type of ``y`` and how many points ``a`` have ``(a, y[a])``
   in each orbital of ``G`` (orbit of ``G`` on ordered pairs of points; conjugation in ``G``
   preserves orbitals). A ``y`` whose invariant matches no known class starts a new class.
   One that matches is, at first, taken to be in a known class (no test), unless its
   invariant turns up more than four standard deviations more often than its known classes
   explain; once no new class has appeared for ``4 |G| / (|G| - covered)`` draws, the
   missing classes must share invariants with known ones, and from then on every ``y`` is
   tested for conjugacy with the known representatives of its invariant (a hash look-up in
   the class when it was enumerated, else a backtrack search). A class is only ever added
   after such a test against every known class of its invariant. Every new representative
   ``r`` also brings the classes of its powers ``r^k``, which finds small classes that random
   elements rarely hit.
3. The size of each class is exact: ``|G| / |C_G(r)|`` with ``|C_G(r)|`` counted by the
   backtrack search while that is cheap, else ``|r^G|`` by enumerating the class (breadth
   first under conjugation by the generators, at most ``enumerate_limit`` elements).
4. The search stops when the class sizes add up to ``|G|``: the classes found are then all of
   them, and the answer is exact whatever the random choices (they change only the
   representatives and the time). After ``max_samples`` random elements it raises
   :class:`~groupmat.errors.SizeLimitError` instead.

The backtrack search for ``g in G`` with ``g^-1 x_j g = y_j`` for given lists ``x``, ``y``
(right actions, ``(p q)[a] = q[p[a]]``, so the condition is ``y_j[g[a]] = g[x_j[a]]``) runs
over the images of a base of ``G`` chosen along the cycles of ``x_0``: once the image ``g[a]``
of one point is chosen, the images of the whole orbit of ``a`` under ``<x>`` are forced
(``g[x_j[a]] = y_j[g[a]]``), so only the first point of each such orbit branches, and a forced
image that leaves the coset of the current stabiliser prunes the branch. The last level's
candidates are whole elements, tested in one vectorised step. Counting ``C_G(x)`` this way
costs ``O(|C_G(x)| d)`` and more (branches that die at the last level); a conjugacy test stops
at the first solution.

The symmetric and alternating groups (:class:`~groupmat.algebra.permgroups._chain.GiantChain`)
get their classes in closed form: cycle types (partitions), with the classes of ``Alt(n)``
whose cycle lengths are distinct and odd split in two.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from groupmat.algebra.permgroups._chain import GiantChain
from groupmat.algebra.permgroups._perms import cycle_lengths, cycle_lists, invert, power
from groupmat.algebra.permgroups._schreier_sims import build_chain
from groupmat.errors import SizeLimitError

if TYPE_CHECKING:  # pragma: no cover
    from groupmat.algebra.permgroups._permgroup import PermGroup

__all__ = ["PermClass", "centralizer_order", "conjugacy_classes", "is_conjugate"]

#: Most centraliser elements counted before the class is enumerated instead.
COUNT_FIRST = 100_000
#: Default bounds: classes enumerated (``O(size d)`` memory), centraliser elements counted.
ENUMERATE_LIMIT = 200_000
MAX_CENTRALIZER = 1_000_000


@dataclass(frozen=True)
class PermClass:
    """One conjugacy class of a :class:`~groupmat.PermGroup`.

    Attributes
    ----------
    representative
        ``(d,)`` image list of one element of the class.
    size
        ``|r^G|``, exact.
    centralizer_order
        ``|C_G(r)| = |G| / size``.
    element_order
        The order of every element of the class.
    """

    representative: np.ndarray
    size: int
    centralizer_order: int
    element_order: int

    def __repr__(self) -> str:
        return (
            f"PermClass(order {self.element_order}, size {self.size}, "
            f"|C| = {self.centralizer_order})"
        )


# ---------------------------------------------------------------------------- invariants
def _cycle_type(p: np.ndarray) -> tuple[int, ...]:
    lengths = cycle_lengths(p)
    counts = np.bincount(lengths)
    out: list[int] = []
    for k in range(counts.size - 1, 0, -1):
        out += [k] * (int(counts[k]) // k)
    return tuple(out)


def _order_of_type(ctype: tuple[int, ...]) -> int:
    return math.lcm(*ctype) if ctype else 1


#: Orbital signatures are used up to this degree (the orbital labels take ``d^2`` entries).
MAX_ORBITAL_DEGREE = 2_000


def _orbitals(gens: np.ndarray) -> np.ndarray | None:
    """``(d, d)`` labels of the orbitals (the orbits of ``G`` on ordered pairs of points), or
    ``None`` above :data:`MAX_ORBITAL_DEGREE`. ``O(d^2 k)``."""
    from groupmat.algebra._element_arrays import _orbit_labels

    d = gens.shape[1]
    if d > MAX_ORBITAL_DEGREE:
        return None
    pairs = np.arange(d * d).reshape(d, d)
    moves = [pairs[g][:, g].reshape(-1) for g in gens]  # (a, b) -> (g[a], g[b])
    return _orbit_labels(d * d, moves)[0].reshape(d, d)


def _point_cycle_lengths(batch: np.ndarray) -> np.ndarray:
    """``(B, d)``: the length of the cycle through each point, for a batch of permutations.
    Vectorised by composing up to ``d`` times (for degrees up to 64), else row by row."""
    b, d = batch.shape
    if d > 64:
        return np.stack([cycle_lengths(p) for p in batch]) if b else np.zeros((0, d), np.int64)
    rows = np.arange(b)[:, None]
    ident = np.arange(d)
    lengths = np.zeros((b, d), dtype=np.int64)
    cur = batch.copy()
    for k in range(1, d + 1):
        hit = (cur == ident) & (lengths == 0)
        lengths[hit] = k
        if (lengths > 0).all():
            break
        cur = batch[rows, cur]
    return lengths


def _invariants(batch: np.ndarray, orbitals: np.ndarray | None) -> list[tuple[bytes, bytes]]:
    """A class function for each permutation of a batch: its cycle type (the sorted cycle
    lengths through the points; the cycle types of its powers follow from it) and how many
    points ``a`` have ``(a, p[a])`` in each orbital of ``G`` (the orbitals are preserved by
    conjugation in ``G``, so this separates classes of equal cycle type, e.g. the two
    directions of a twist of a cube's corner). ``O(B d)`` vectorised."""
    batch = np.atleast_2d(batch)
    ctype = np.sort(_point_cycle_lengths(batch), axis=1)
    if orbitals is None:
        sig = np.zeros((batch.shape[0], 0), dtype=np.int64)
    else:
        sig = np.sort(orbitals[np.arange(batch.shape[1]), batch], axis=1)
    return [(c.tobytes(), o.tobytes()) for c, o in zip(ctype, sig, strict=True)]


# ---------------------------------------------------------------------------- backtrack
class _Search:
    """Backtrack over base images for ``g in G`` with ``y_j[g[a]] = g[x_j[a]]`` for all
    ``j`` and points ``a`` (see the module docstring). ``xs``/``ys``: ``(k, d)`` arrays."""

    def __init__(self, P: PermGroup, xs: np.ndarray, order_points: list[int]) -> None:
        d = P.degree
        moved = (P.generators != np.arange(d)).any(axis=0)
        seen: set[int] = set()
        points = []
        for a in order_points:
            if moved[a] and a not in seen:
                seen.add(a)
                points.append(int(a))
        # a chain whose base runs along the cycles (random Schreier-Sims stops at |G|)
        chain = build_chain(
            P.strong_generators,
            base=points,
            known_order=P.order,
            method="random",
            seed=0,
            giant_test=False,
        )
        self.d = d
        self.xs = xs
        self.base = [int(b) for b in chain.base]
        sizes = chain.orbit_sizes()
        # levels after the last non-trivial orbit change nothing: the leaf test checks them
        depth = max((i + 1 for i, s in enumerate(sizes) if s > 1), default=0)
        self.base = self.base[:depth]
        self.levels = []  # (orbit points, position array, transversal rows, their inverses)
        for i in range(depth):
            orb = np.asarray(chain.basic_orbit(i), dtype=np.int64)
            pos = np.asarray(chain.position(i), dtype=np.int64)
            rows = np.asarray(chain.representatives(i, pos[orb]), dtype=np.int64)
            self.levels.append((orb.tolist(), pos, rows, invert(rows)))
        # one constraint: its cycles, so that a choice assigns a whole cycle in one step
        self.cycles = _Cycles(xs[0]) if xs.shape[0] == 1 else None

    def run(
        self,
        ys: np.ndarray,
        *,
        count: bool,
        limit: int | None = None,
        collect: list[np.ndarray] | None = None,
    ) -> tuple[int, Any]:
        """``(solutions counted, first solution or None)``; with ``count=False`` it stops at
        the first solution, with ``collect`` every solution is appended to it. Raises
        ``SizeLimitError`` past ``limit`` solutions."""
        d, xs = self.d, self.xs
        img = np.full(d, -1, dtype=np.int64)
        used = np.zeros(d, dtype=bool)
        xl = xs.tolist()
        yl = ys.tolist()
        found: list[np.ndarray] = []
        total = 0

        xcycles = self.cycles
        ycycles = _Cycles(ys[0]) if xcycles is not None else None

        def assign(a: int, c: int, trail: list[int]) -> bool:
            if xcycles is not None and ycycles is not None:  # the cycle of a onto that of c
                if xcycles.length[a] != ycycles.length[c]:
                    return False
                pts, ims = xcycles.starting_at(a), ycycles.starting_at(c)
                img[pts] = ims
                used[ims] = True
                trail.extend(pts.tolist())
                return True
            stack = [(a, c)]
            while stack:
                p, q = stack.pop()
                cur = img[p]
                if cur >= 0:
                    if cur != q:
                        return False
                    continue
                if used[q]:
                    return False
                img[p] = q
                used[q] = True
                trail.append(p)
                for xj, yj in zip(xl, yl, strict=True):
                    stack.append((xj[p], yj[q]))
            return True

        def undo(trail: list[int]) -> None:
            for p in trail:
                used[img[p]] = False
                img[p] = -1

        pairs = list(zip(ys, xs, strict=True))

        def leaf(h: np.ndarray) -> bool:
            return all(bool((y[h] == h[x]).all()) for y, x in pairs)

        def dfs(i: int, h: np.ndarray, hinv: np.ndarray) -> bool:
            nonlocal total
            if i == len(self.levels):
                if leaf(h):
                    total += 1
                    if not found:
                        found.append(h.copy())
                    if collect is not None:
                        collect.append(h.copy())
                    if limit is not None and total > limit:
                        raise SizeLimitError(f"more than {limit} centralising elements")
                    return not count
                return False
            orb, pos, rows, rinv = self.levels[i]
            b = self.base[i]
            forced = int(img[b])
            if i == last:  # every candidate is a whole element: test them all at once
                if forced < 0:
                    cand = h[rows]
                else:
                    j = int(pos[hinv[forced]])
                    if j < 0:
                        return False
                    cand = h[rows[j]][None, :]
                ok = np.ones(cand.shape[0], dtype=bool)
                for y, x in pairs:
                    ok &= (y[cand] == cand[:, x]).all(axis=1)
                hits = cand[ok]
                if not hits.shape[0]:
                    return False
                total += int(hits.shape[0])
                if not found:
                    found.append(hits[0].copy())
                if collect is not None:
                    collect.extend(hits.copy())
                if limit is not None and total > limit:
                    raise SizeLimitError(f"more than {limit} solutions")
                return not count
            if forced >= 0:
                j = int(pos[hinv[forced]])
                if j < 0:
                    return False
                return dfs(i + 1, h[rows[j]], rinv[j][hinv])
            hl = h.tolist()
            for j, delta in enumerate(orb):
                c = hl[delta]
                if used[c]:
                    continue
                trail: list[int] = []
                if assign(b, c, trail) and dfs(i + 1, h[rows[j]], rinv[j][hinv]):
                    undo(trail)
                    return True
                undo(trail)
            return False

        last = len(self.levels) - 1
        ident = np.arange(d)
        dfs(0, ident, ident)
        return total, (found[0] if found else None)


class _Cycles:
    """The cycles of a permutation: ``starting_at(a)`` is ``a, x[a], x[x[a]], ...``."""

    def __init__(self, x: np.ndarray) -> None:
        d = x.size
        self.members: list[np.ndarray] = []
        self.cid = np.empty(d, dtype=np.int64)
        self.pos = np.empty(d, dtype=np.int64)
        for cyc in cycle_lists(x):
            arr = np.asarray(cyc, dtype=np.int64)
            self.cid[arr] = len(self.members)
            self.pos[arr] = np.arange(arr.size)
            self.members.append(arr)
        self.length = [int(self.members[c].size) for c in self.cid.tolist()]
        self.cid_list = self.cid.tolist()
        self.pos_list = self.pos.tolist()

    def starting_at(self, a: int) -> np.ndarray:
        arr = self.members[self.cid_list[a]]
        k = self.pos_list[a]
        return arr if k == 0 else np.concatenate([arr[k:], arr[:k]])


def _adapted_order(x: np.ndarray) -> list[int]:
    """All points, the cycles of ``x`` longest first (then by smallest point), each in cycle
    order from its smallest point."""
    cycles = sorted(cycle_lists(x), key=len, reverse=True)  # stable: ties keep point order
    return [a for cyc in cycles for a in cyc]


def centralizer_order(P: PermGroup, x: np.ndarray, *, limit: int | None = None) -> int:
    """``|C_G(x)|`` by counting the backtrack's solutions (``O(|C_G(x)|)`` leaves)."""
    s = _Search(P, x[None, :], _adapted_order(x))
    total, _ = s.run(x[None, :], count=True, limit=limit)
    return total


def is_conjugate(P: PermGroup, x: np.ndarray, y: np.ndarray) -> np.ndarray | None:
    """An element ``g`` of ``G`` with ``g^-1 x g = y`` (``y[g] == g[x]``), or ``None``."""
    if _cycle_type(x) != _cycle_type(y):
        return None
    s = _Search(P, x[None, :], _adapted_order(x))
    _, g = s.run(y[None, :], count=False)
    return g


# ---------------------------------------------------------------------------- class records
class _Known:
    """A class found so far: its representative, size, and a fast membership test."""

    def __init__(
        self,
        P: PermGroup,
        rep: np.ndarray,
        enumerate_limit: int,
        max_centralizer: int,
        size: int | None = None,
    ) -> None:
        from groupmat.algebra.permgroups._centralizer import _conjugacy_orbit

        self.rep = rep
        self.members: set[bytes] | None = None
        self._dtype = np.int32 if P.degree > 32767 else np.int16
        if size is not None:  # the identity and central elements: no search needed
            self.size = size
            self.members = {rep.astype(self._dtype).tobytes()}
            return
        # |C_G(rep)| by counting the search's solutions while that is cheap; a larger
        # centraliser means a small class, which is enumerated (its size read off); only when
        # that fails too is the count continued up to max_centralizer
        self.search = _Search(P, rep[None, :], _adapted_order(rep))
        # counting |C| leaves costs about as much as enumerating |G| / |C| / 4 conjugates:
        # switch at |C| ~ sqrt(|G| / 4), so that neither costs more than twice the cheaper
        first = min(max(math.isqrt(P.order // 4), 100), COUNT_FIRST)
        try:
            cent = self._count(first)
        except SizeLimitError:
            cent = None
        if cent is None:
            try:
                orbit = _conjugacy_orbit(P.generators, rep, enumerate_limit)[0]
            except SizeLimitError:
                orbit = None
            if orbit is not None:
                self.size = int(orbit.shape[0])
                self.members = {row.tobytes() for row in orbit.astype(self._dtype)}
                return
            try:
                cent = self._count(max_centralizer)
            except SizeLimitError:
                raise SizeLimitError(
                    f"an element of order {_order_of_type(_cycle_type(rep))} has a class of "
                    f"more than enumerate_limit={enumerate_limit} elements and a centraliser "
                    f"of more than max_centralizer={max_centralizer}; pass larger limits"
                ) from None
        if P.order % cent:  # pragma: no cover - the count is |C_G(rep)|
            raise AssertionError("centraliser count does not divide |G|")
        self.size = P.order // cent

    def _count(self, limit: int) -> int:
        return self.search.run(self.rep[None, :], count=True, limit=limit)[0]

    def contains(self, y: np.ndarray) -> bool:
        if self.members is not None:
            return y.astype(self._dtype).tobytes() in self.members
        _, g = self.search.run(y[None, :], count=False)
        return g is not None


# ---------------------------------------------------------------------------- giants
def _partitions(n: int) -> Iterator[tuple[int, ...]]:
    """Partitions of ``n`` in non-increasing parts, largest first."""

    def rec(n: int, most: int) -> Iterator[tuple[int, ...]]:
        if n == 0:
            yield ()
            return
        for k in range(min(n, most), 0, -1):
            for rest in rec(n - k, k):
                yield (k, *rest)

    yield from rec(n, n)


def _giant_class_count(n: int, alternating: bool) -> int:
    """Classes of ``Sym(n)``: the partitions ``p(n)``. Of ``Alt(n)``: the even partitions,
    ``(p(n) + d(n)) / 2``, plus ``d(n)`` for the split ones, where ``d(n)`` counts partitions
    into distinct odd parts (their number is the excess of even over odd partitions, as they
    correspond to the self-conjugate partitions)."""
    p = [1] + [0] * n
    for k in range(1, n + 1):
        for m in range(k, n + 1):
            p[m] += p[m - k]
    if not alternating:
        return p[n]
    dist = [1] + [0] * n
    for k in range(1, n + 1, 2):  # each odd part at most once
        for m in range(n, k - 1, -1):
            dist[m] += dist[m - k]
    split = dist[n] if n >= 2 else 0
    return (p[n] + dist[n]) // 2 + split


def _giant_classes(P: PermGroup, chain: GiantChain, max_classes: int) -> list[PermClass]:
    pts = chain.points.tolist()
    n, d = len(pts), P.degree
    count = _giant_class_count(n, chain.alternating)
    if count > max_classes:
        raise SizeLimitError(
            f"{'Alt' if chain.alternating else 'Sym'}({n}) has {count:_} conjugacy classes, "
            f"more than max_classes={max_classes}"
        )
    out = []
    group_order = P.order
    for part in _partitions(n):
        even = sum(k - 1 for k in part) % 2 == 0
        if chain.alternating and not even:
            continue
        rep = np.arange(d)
        start = 0
        for k in part:
            cyc = pts[start : start + k]
            rep[cyc] = np.roll(cyc, -1)
            start += k
        counts: dict[int, int] = {}
        for k in part:
            counts[k] = counts.get(k, 0) + 1
        cent = 1
        for k, a in counts.items():
            cent *= k**a * math.factorial(a)
        size = math.factorial(n) // cent
        order = _order_of_type(part)
        split = (
            chain.alternating
            and n >= 2
            and len(set(part)) == len(part)
            and all(k % 2 for k in part)
        )
        if chain.alternating and not split:
            out.append(PermClass(rep, size, group_order // size, order))
        elif split:  # two classes of half the size: rep, and rep conjugated by a transposition
            t = np.arange(d)
            t[pts[0]], t[pts[1]] = pts[1], pts[0]
            other = t[rep[t]]  # t^-1 rep t
            for r in (rep, other):
                out.append(PermClass(r, size // 2, group_order // (size // 2), order))
        else:
            out.append(PermClass(rep, size, group_order // size, order))
    return out


# ---------------------------------------------------------------------------- the search
def conjugacy_classes(
    P: PermGroup,
    *,
    max_classes: int = 10_000,
    max_samples: int | None = None,
    enumerate_limit: int = ENUMERATE_LIMIT,
    max_centralizer: int = MAX_CENTRALIZER,
    seed: int = 0,
    progress: bool | None = None,
) -> list[PermClass]:
    """The conjugacy classes of ``P`` (see the module docstring), identity first, then by
    element order and size."""
    from groupmat.algebra.matrices._progress import DelayedBar

    d = P.degree
    ident = np.arange(d)
    chain = P.chain
    if isinstance(chain, GiantChain):
        classes = _giant_classes(P, chain, max_classes)
        return sorted(classes, key=lambda c: (c.element_order, c.size, c.representative.tolist()))
    gens = P.generators
    group_order = P.order
    if max_samples is None:
        max_samples = 200_000
    orbitals = _orbitals(gens)
    known: dict[tuple[bytes, bytes], list[_Known]] = {}
    found: list[_Known] = []
    total = 0

    def add(rep: np.ndarray, size: int | None = None) -> bool:
        """Record ``rep``'s class unless known; True when it is new."""
        nonlocal total
        inv = _invariants(rep, orbitals)[0]
        for k in known.get(inv, []):
            if k.contains(rep):
                return False
        if len(found) >= max_classes:
            raise SizeLimitError(
                f"the group has more than max_classes={max_classes} conjugacy classes; pass a "
                "larger max_classes="
            )
        k = _Known(P, rep, enumerate_limit, max_centralizer, size)
        known.setdefault(inv, []).append(k)
        found.append(k)
        total += k.size
        return True

    def add_with_powers(rep: np.ndarray) -> None:
        if not add(rep):
            return
        order = _order_of_type(_cycle_type(rep))
        for e in range(2, order):
            if total == group_order:
                return
            add(power(rep, e))

    add(ident, 1)
    # the centre: elements commuting with every generator, one class each
    if gens.shape[0] and total < group_order:
        zs = _Search(P, gens, _adapted_order(gens[0]))
        centre = _centre_elements(zs, gens, max_classes)
        for z in centre:
            if not np.array_equal(z, ident):
                add(z, 1)
    rng = np.random.default_rng(seed)
    samples = 0
    seen: dict[tuple[bytes, bytes], int] = {}  # random elements drawn per invariant
    full, last_new = False, 0

    def suspicious(inv: tuple[bytes, bytes]) -> bool:
        """Whether the elements drawn with invariant ``inv`` outnumber what its known classes
        explain by more than four standard deviations: then an unknown class shares it, and
        elements with it are tested. (Only the speed depends on this: a class is added only
        after a test against every known class of its invariant, and the search ends when
        the exact sizes add up to |G|.)"""
        share = sum(k.size for k in known[inv]) / group_order
        expect = samples * share
        return seen[inv] > expect + 4.0 * math.sqrt(expect * (1.0 - share)) + 3.0

    bar = DelayedBar("classes: random elements", " elements", enabled=progress)
    try:
        while total < group_order:
            if samples >= max_samples:
                raise SizeLimitError(
                    f"{len(found)} conjugacy classes found after {samples} random elements "
                    f"cover {total} of the {group_order} elements; pass a larger max_samples="
                )
            batch = P.random(min(256, max_samples - samples), seed=rng)
            for y, inv in zip(batch, _invariants(batch, orbitals), strict=True):
                samples += 1
                seen[inv] = seen.get(inv, 0) + 1
                if not full and samples - last_new > max(
                    1_000, 4 * group_order // (group_order - total)
                ):
                    # the missing classes (a known share of G) should have shown up by now:
                    # they share invariants with known ones, so test every element from here
                    full = True
                if inv in known and not full and not suspicious(inv):
                    continue  # most likely a known class: not worth a conjugacy test
                before = len(found)
                add_with_powers(y)
                if len(found) > before:
                    last_new = samples
                if total >= group_order:
                    break
            bar.tick(len(batch))
    finally:
        bar.close()
    if total != group_order:  # pragma: no cover - classes are disjoint and exact
        raise AssertionError("class sizes overshoot the group order")
    out = [
        PermClass(k.rep, k.size, group_order // k.size, _order_of_type(_cycle_type(k.rep)))
        for k in found
    ]
    return sorted(
        out,
        key=lambda c: (c.element_order, c.size, c.representative.tolist()),
    )


def _centre_elements(search: _Search, gens: np.ndarray, limit: int) -> list[np.ndarray]:
    """Every element of ``Z(G)``: the solutions of ``g^-1 s g = s`` for all generators ``s``
    (at most ``limit``, else ``SizeLimitError``)."""
    out: list[np.ndarray] = []
    try:
        search.run(gens, count=True, limit=limit, collect=out)
    except SizeLimitError:
        raise SizeLimitError(
            f"the centre has more than max_classes={limit} elements (each a class); pass a "
            "larger max_classes="
        ) from None
    return out
