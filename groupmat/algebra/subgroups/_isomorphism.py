"""Isomorphism of finite groups: invariants first, then a backtrack over generator images.

Invariants (:func:`group_invariants`): order, abelian invariants of ``G``, of ``G'`` and of
``Z(G)``, the orders along the derived, lower and upper central series, the multiset of
square-root counts ``#{x : x^2 = g}``, and the multiset of
**class signatures**: for each conjugacy class, its size, its element order and the
signatures of the classes of its ``p``-th powers (refined twice). Any isomorphism maps a
class to a class of the same signature, so these must agree.

Search (Holt, Eick & O'Brien, *Handbook of Computational Group Theory*, sec. 4.6 for
backtrack searches, 3.4 for homomorphisms given by generator images, 9.1 for automorphism
groups found as generator images): a generating
sequence ``g_1, ..., g_k`` of ``G`` is chosen greedily from the classes with the fewest
candidate images in ``H``. Images ``y_j`` range over the elements of ``H`` with the signature
of ``g_j``, filtered (one vectorised test over all candidates) by the signatures of
``y_i y_j``, ``y_i^-1 y_j`` and ``[y_i, y_j]`` against those of ``g_i g_j``, ... for all
``i < j``. Each partial tuple is then checked at once: ``g_i -> y_i`` (``i <= j``) must
define an injective homomorphism on ``S_j = <g_1, ..., g_j>``, built along a breadth-first
tree of ``S_j`` and checked on every edge of its Cayley graph (so on all relations of
``S_j``), ``O(|S_j| j)`` per node; a branch dies at the first level where a relation fails.
A full tuple passing the check is an isomorphism (``S_k = G``, equal orders). The first
image may be taken up to conjugacy in ``H``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from groupmat.algebra._validate import as_int
from groupmat.algebra.matrices._progress import DelayedBar
from groupmat.algebra.subgroups._generator_trees import prefix_trees
from groupmat.algebra.subgroups._tables import closure, table
from groupmat.errors import SizeLimitError

if TYPE_CHECKING:  # pragma: no cover
    from groupmat.algebra._group import Group
    from groupmat.algebra._homomorphism import Homomorphism

__all__ = ["DEFAULT_MAX_SEARCH", "group_invariants", "is_isomorphic", "isomorphism"]

#: Largest size of the search space (product of candidate counts per generator) that
#: :func:`isomorphism` explores without being asked explicitly.
DEFAULT_MAX_SEARCH = 10**9


def _class_signatures(G: Group, rounds: int = 2) -> list[tuple]:
    """Signature of each conjugacy class (in ``G.conjugacy_classes()`` order)."""
    classes = G.conjugacy_classes()
    cmap = np.asarray(G.class_map())
    reps = np.array([int(c[0]) for c in classes], dtype=np.int64)
    orders = np.asarray(G.element_orders())[reps]
    primes = [
        p
        for p in range(2, G.exponent + 1)
        if G.exponent % p == 0 and all(p % q for q in range(2, p))
    ]
    power_class = [cmap[np.asarray(G.power(reps, p))] for p in primes]
    sig: list[Any] = [(int(o), int(c.size)) for o, c in zip(orders, classes, strict=True)]
    for _ in range(rounds):
        sig = [(sig[i], tuple(sig[int(pc[i])] for pc in power_class)) for i in range(len(sig))]
    return sig


def _root_counts(G: Group) -> tuple[int, ...]:
    """Sorted numbers of square roots ``#{x : x^2 = g}`` over the elements ``g``, ``O(n L)``
    (tells apart, e.g., the two groups ``C8 : C4`` of order 32, whose other invariants agree)."""
    squares = np.asarray(G.power(np.arange(G.order), 2))
    return tuple(np.sort(np.bincount(squares, minlength=G.order)).tolist())


def group_invariants(G: Group) -> tuple:
    """A tuple of isomorphism invariants of ``G`` (equal for isomorphic groups).

    Examples
    --------
    >>> import groupmat as gm
    >>> group_invariants(gm.dihedral(4)) == group_invariants(gm.quaternion(8))
    False
    """
    from groupmat.algebra.subgroups._cache import cache_of

    cache = cache_of(G)
    if "invariants" in cache:
        return cache["invariants"]

    def inv_of(S: Any) -> tuple:
        Sg, _ = S.as_group()
        return tuple(Sg.abelian_invariants()) if Sg.order > 1 else ()

    out = (
        G.order,
        tuple(G.abelian_invariants()),
        tuple(sorted(map(repr, _class_signatures(G)))),
        tuple(H.order for H in G.derived_series()),
        tuple(H.order for H in G.lower_central_series()),
        tuple(H.order for H in G.upper_central_series()),
        inv_of(G.derived_subgroup()),
        inv_of(G.center()),
        _root_counts(G),
    )
    cache["invariants"] = out
    return out


class _Search:
    """Backtrack over generator images ``G -> H`` (see the module docstring)."""

    def __init__(self, G: Group, H: Group, max_order: int | None) -> None:
        self.G, self.H = G, H
        self.TG = table(G, max_order, "an isomorphism search")
        self.TH = table(H, max_order, "an isomorphism search")
        self.invG = np.asarray(G.inverse, dtype=np.int64)
        self.invH = np.asarray(H.inverse, dtype=np.int64)
        sg, sh = _class_signatures(G), _class_signatures(H)
        labels: dict[Any, int] = {}
        for s in sg + sh:
            labels.setdefault(repr(s), len(labels))
        self.sigG = np.array([labels[repr(s)] for s in sg])[np.asarray(G.class_map())]
        self.sigH = np.array([labels[repr(s)] for s in sh])[np.asarray(H.class_map())]
        self.repsH = np.array([int(c[0]) for c in H.conjugacy_classes()], dtype=np.int64)
        self._choose_generators()

    def _choose_generators(self) -> None:
        """Greedy generating sequence, classes with the fewest candidate images first."""
        G, TG = self.G, self.TG
        counts = np.bincount(self.sigH, minlength=int(self.sigG.max()) + 1)
        classes = G.conjugacy_classes()[1:]
        classes.sort(
            key=lambda c: (
                counts[self.sigG[c[0]]] if self.sigG[c[0]] < counts.size else 0,
                -int(np.asarray(G.element_orders())[c[0]]),
            )
        )
        gens: list[int] = []
        cur = closure(TG, [])
        sizes: list[int] = []
        while int(cur.sum()) < G.order:
            for c in classes:
                outside = c[~cur[c]]
                if outside.size:
                    best, best_size = None, -1
                    for x in outside[:8].tolist():  # the largest extension among a few
                        s = int(closure(TG, [*gens, x], cur).sum())
                        if s > best_size:
                            best, best_size = x, s
                    gens.append(int(best))
                    cur = closure(TG, gens, cur)
                    sizes.append(int(cur.sum()))
                    break
        self.gens = gens
        self.sizes = sizes
        self._build_levels()

    def _build_levels(self) -> None:
        """For each ``j``, the breadth-first tree of ``S_j = <g_1, ..., g_j>``, its elements
        and its edges ``s -> s g_i`` (:func:`~groupmat.algebra.subgroups._generator_trees.
        prefix_trees`)."""
        TG = self.TG
        trees = prefix_trees(self.G.order, self.gens, lambda a, g: TG[a, g])
        self.layers, self.elems, self.edges = trees.layers, trees.elems, trees.edges

    def partial(self, ys: list[int]) -> np.ndarray | None:
        """The map ``S_j -> H`` defined by ``g_i -> y_i`` (``j = len(ys)``) if it is an injective
        homomorphism, else None: built along the tree of ``S_j``, then checked on every edge
        ``s -> s g_i`` of its Cayley graph (all relations of ``S_j``), ``O(|S_j| j)``."""
        j = len(ys)
        y = np.asarray(ys, dtype=np.int64)
        phi = np.zeros(self.G.order, dtype=np.int64)
        for child, parent, gen in self.layers[j - 1]:
            phi[child] = self.TH[phi[parent], y[gen]]
        pe = phi[self.elems[j - 1]]
        if not np.array_equal(phi[self.edges[j - 1]], self.TH[pe[None, :], y[:, None]]):
            return None
        if np.unique(pe).size != pe.size:
            return None
        return phi

    def space(self) -> int:
        """Upper bound on the leaves of the search: candidates per generator (the first up to
        conjugacy)."""
        counts = [int((self.sigH == self.sigG[g]).sum()) for g in self.gens]
        if counts:
            counts[0] = int(
                np.isin(self.repsH, np.flatnonzero(self.sigH == self.sigG[self.gens[0]])).sum()
            )
        return int(np.prod([max(c, 1) for c in counts], dtype=object)) if counts else 1

    def candidates(self, ys: list[int], reps_first: bool = True) -> np.ndarray:
        """Images for the next generator after ``ys`` that pass the vectorised tests; the
        first image only up to conjugacy in ``H`` when ``reps_first``."""
        j = len(ys)
        TG, TH, invG, invH = self.TG, self.TH, self.invG, self.invH
        g = self.gens[j]
        cand = np.flatnonzero(self.sigH == self.sigG[g])
        if j == 0:
            return np.intersect1d(cand, self.repsH) if reps_first else cand
        for i, y in enumerate(ys):
            gi = self.gens[i]
            tests = (
                (lambda c, y=y: TH[y, c], TG[gi, g]),
                (lambda c, y=y: TH[invH[y], c], TG[invG[gi], g]),
                (
                    lambda c, y=y: TH[TH[TH[invH[y], invH[c]], y], c],
                    TG[TG[TG[invG[gi], invG[g]], gi], g],
                ),
            )
            for got, want in tests:
                cand = cand[self.sigH[got(cand)] == self.sigG[want]]
                if not cand.size:
                    return cand
        return cand

    def first(self, prefix: list[int], reps_first: bool = True) -> np.ndarray | None:
        """Depth-first search for one isomorphism extending ``prefix``."""
        bar = DelayedBar("isomorphism search", "node")
        k = len(self.gens)

        def rec(ys: list[int]) -> np.ndarray | None:
            for y in self.candidates(ys, reps_first).tolist():
                bar.tick()
                nxt = [*ys, int(y)]
                phi = self.partial(nxt)
                if phi is None:
                    continue
                if len(nxt) == k:
                    return phi
                res = rec(nxt)
                if res is not None:
                    return res
            return None

        if prefix:
            phi = self.partial(list(prefix))
            if phi is None or len(prefix) == k:
                return phi
        try:
            return rec(list(prefix))
        finally:
            bar.close()


def _check(G: Any, H: Any) -> None:
    from groupmat.algebra._group import Group

    for X, nm in ((G, "G"), (H, "H")):
        if not isinstance(X, Group):
            raise TypeError(f"{nm} must be a groupmat Group, got {type(X).__name__}")


def isomorphism(
    G: Group, H: Group, *, max_order: int | None = None, max_search: int | None = None
) -> Homomorphism | None:
    """An isomorphism ``G -> H`` as a :class:`~groupmat.Homomorphism`, or ``None`` if the
    groups are not isomorphic (GAP's ``IsomorphismGroups``).

    Parameters
    ----------
    G, H
        The groups.
    max_order
        Size guard on the Cayley tables the search uses (default 10000).
    max_search
        Refuse (:class:`SizeLimitError`, before searching) when the product of the numbers of
        candidate images of the chosen generators exceeds this (default
        :data:`DEFAULT_MAX_SEARCH`); pruning usually visits a tiny part of it.

    Notes
    -----
    Invariants are compared first (``O(n k L)`` each); the search is exponential in the
    number of generators in the worst case (groups with equal invariants that are not
    isomorphic), each leaf costing ``O(n k L)``.

    Examples
    --------
    >>> import groupmat as gm
    >>> S3 = gm.symmetric(3)
    >>> D6 = gm.Group.from_presentation("< r, s | r^3, s^2, (r*s)^2 >")
    >>> phi = isomorphism(D6, S3)
    >>> phi.is_isomorphism, isomorphism(gm.cyclic(6), S3)
    (True, None)
    """
    from groupmat.algebra._homomorphism import Homomorphism

    _check(G, H)
    if G.order != H.order:
        return None
    if G.order == 1:
        return Homomorphism(G, H, [0] * len(G.generators))
    if group_invariants(G) != group_invariants(H):
        return None
    if G.is_abelian:  # both abelian with equal invariants: match explicit cyclic decompositions
        return _abelian_isomorphism(G, H)
    search = _Search(G, H, max_order)
    limit = (
        DEFAULT_MAX_SEARCH if max_search is None else as_int(max_search, "max_search", minimum=1)
    )
    space = search.space()
    if space > limit:
        raise SizeLimitError(
            f"the isomorphism search for groups of order {G.order} has {space} candidate "
            f"generator images (> max_search={limit}); pass max_search={space} to search anyway"
        )
    phi = search.first([])
    if phi is None:
        return None
    return Homomorphism(G, H, [int(phi[g]) for g in G.generators], check=False)


def _abelian_isomorphism(G: Group, H: Group) -> Homomorphism:
    """``G -> H`` for abelian groups with equal invariants: both
    :func:`~groupmat.algebra.representations._abelian_decomposition.abelian_structure` maps are
    isomorphisms onto the same grid ``Z_{m_1} x ... x Z_{m_r}``; compose one with the inverse of
    the other. ``O(n k L)``."""
    from groupmat.algebra._homomorphism import Homomorphism
    from groupmat.algebra.representations._abelian_decomposition import abelian_structure

    grid_g = abelian_structure(G).grid_index
    grid_h = abelian_structure(H).grid_index
    back = np.empty(H.order, dtype=np.int64)
    back[grid_h] = np.arange(H.order)
    phi = back[grid_g]
    return Homomorphism(G, H, [int(phi[g]) for g in G.generators])


def is_isomorphic(G: Group, H: Group, **options: Any) -> bool:
    """Whether ``G`` and ``H`` are isomorphic (see :func:`isomorphism` for the method and the
    options).

    Examples
    --------
    >>> import groupmat as gm
    >>> is_isomorphic(gm.psl(2, 7), gm.gl(3, 2)), is_isomorphic(gm.dihedral(4), gm.quaternion(8))
    (True, False)
    """
    return isomorphism(G, H, **options) is not None
