"""Homogeneous spaces ``G/H``, transitive ``G``-sets and quotient maps.

A homogeneous space of a finite group ``G`` is a set ``X`` with a transitive **left** action
``(g, x) -> g.x``, ``(gh).x = g.(h.x)``. Choosing a base point ``x_0`` with stabiliser ``H``
identifies ``X`` with the left cosets: ``g.x_0 <-> gH``. Everything is stored as arrays: the
points are ``0..|X|-1``, ``coset_of[g] = g.x_0`` (an ``(n,)`` map ``G -> X``), one coset
representative per point, and the action of each generator (a ``(k, |X|)`` array); the full
``(n, |X|)`` action table is built on demand, one BFS layer of ``G`` at a time, ``O(n |X|)``.

Functions on ``X`` carry the left translation ``(L_u f)(x) = f(u^{-1}.x)``. Double cosets and
the equivariant maps between homogeneous spaces live in
:mod:`groupmat.algebra._equivariant_kernels` (re-exported here).

Conventions
-----------
Permutations given as image lists compose as in the rest of groupmat (and sympy, GAP):
``(p*q)[x] = q[p[x]]``, which is a *right* action ``x^g``. :meth:`HomogeneousSpace.from_action`
therefore reads generator images as a right action by default and turns it into our left action
by ``g.x = x^(g^-1)``; pass ``side="left"`` for images that already describe ``x -> x_s.x``.
Coset tables from Todd-Coxeter are right actions on right cosets ``Hw``; the same conversion
makes coset ``Hw`` the point ``w^{-1}H``.

References
----------
D. F. Holt, B. Eick, E. A. O'Brien, *Handbook of Computational Group Theory*, CRC 2005, §4.1
(orbits, Schreier vectors) and §5 (coset tables). J.-P. Serre, *Linear Representations of Finite
Groups*, §7.3-7.4 (permutation representations, Mackey's criterion).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING, Any

import numpy as np

from groupmat.algebra._element_arrays import _orbit_labels, bfs_layers, letter_stack
from groupmat.algebra._equivariant_kernels import (
    DoubleCosets,
    double_cosets,
    equivariant_basis,
    pair_orbit_labels,
)
from groupmat.algebra._subgroup import _as_subgroup
from groupmat.algebra._validate import element_index
from groupmat.errors import NotAnActionError, SizeLimitError

if TYPE_CHECKING:  # pragma: no cover
    import scipy.sparse as sp
    from numpy.typing import ArrayLike

    from groupmat.algebra._group import Group
    from groupmat.algebra._subgroup import Subgroup, SubgroupLike
    from groupmat.algebra._validate import ElementLike, ElementsLike
    from groupmat.algebra.presentations._presentation import Presentation

__all__ = [
    "MAX_ACTION_ENTRIES",
    "DoubleCosets",
    "HomogeneousSpace",
    "NotAnActionError",
    "QuotientMap",
    "double_cosets",
    "equivariant_basis",
    "pair_orbit_labels",
    "quotient_map",
]

#: Largest ``n * |X|`` for which the full action table (and ``n x |X|`` dense objects) are built.
MAX_ACTION_ENTRIES = 1 << 28


# ------------------------------------------------------------------ helpers
def _multiply(G: Group, a: ElementsLike, b: ElementsLike) -> np.ndarray:
    """``g_a * g_b`` for broadcast index arrays, as an int64 array (:meth:`Group.multiply`)."""
    return np.asarray(G.multiply(a, b), dtype=np.int64)


def _subgroup_from_elements(G: Group, elements: np.ndarray) -> Subgroup:
    """The subgroup with a known (closed) element set, by a greedy generating set: add a random
    element not generated yet until the order matches (each step at least doubles the order, so
    at most ``log2 |H|`` closures)."""
    from groupmat.algebra._subgroup import Subgroup

    rng = np.random.default_rng(len(elements))
    gens: list[int] = []
    while True:
        H = Subgroup(G, gens)
        if H.order == elements.size:
            return H
        missing = elements[~H.mask[elements]]
        gens.append(int(missing[rng.integers(missing.size)]))


# ------------------------------------------------------------------ the space
class HomogeneousSpace:
    """The homogeneous space ``X = G/H`` of left cosets ``gH`` (immutable).

    Parameters
    ----------
    G
        The group.
    H
        A :class:`~groupmat.Subgroup` of ``G`` or generators of one (indices,
        :class:`~groupmat.Element` s or word strings); default the trivial subgroup (``X = G``).

    Attributes
    ----------
    group, subgroup
        ``G`` and the stabiliser ``H`` of the base point.
    coset_of
        ``(n,)`` int array, ``coset_of[g] = g.x_0``: the point of the coset ``gH``.
    representatives
        ``(|X|,)`` smallest element of each coset, increasing (``representatives[0] = 0``).
    generator_action
        ``(k, |X|)``: ``generator_action[s, x]`` = point ``x_s.x``.

    Notes
    -----
    Points are the left cosets numbered by first appearance in element index order, so the base
    point ``H`` is point 0 and ``coset_of == H.left_cosets()``. The left action is
    ``g.(rH) = (g r)H``. Construction costs ``O(n k_H L)`` (coset labelling) plus
    ``O(|X| k L)`` for the generators' action; :attr:`action` adds ``O(n |X|)``.

    Examples
    --------
    >>> from groupmat import Group
    >>> G = Group.from_permutations([[1, 2, 0], [1, 0, 2]])   # S3
    >>> X = HomogeneousSpace(G, G.subgroup("b"))             # 3 points
    >>> len(X), X.base_point, X.stabilizer(1).order
    (3, 0, 2)
    >>> bool((X.action[G.multiply(3, 4)] == X.action[3][X.action[4]]).all())   # (gh).x = g.(h.x)
    True
    """

    def __init__(self, G: Group, H: SubgroupLike = ()) -> None:
        Hs = _as_subgroup(G, H, "H")
        reps = np.asarray(Hs.left_transversal(), dtype=np.int64)
        coset_of = np.asarray(Hs.left_cosets(), dtype=np.int64)
        gens = np.asarray(G.generators, dtype=np.int64)
        gen_act = coset_of[_multiply(G, gens[:, None], reps[None, :])]
        self._setup(G, coset_of, reps, gen_act.reshape(len(gens), reps.size), 0, Hs)

    def _setup(
        self,
        G: Group,
        coset_of: np.ndarray,
        reps: np.ndarray,
        gen_act: np.ndarray,
        base: int,
        H: Subgroup | None,
    ) -> None:
        for a in (coset_of, reps, gen_act):
            a.setflags(write=False)
        self._group = G
        self.coset_of = coset_of
        self.representatives = reps
        self.generator_action = gen_act
        self._base = int(base)
        if H is not None:
            self.__dict__["subgroup"] = H

    # -------------------------------------------------------------- constructors
    @classmethod
    def from_action(
        cls, G: Group, perms: ArrayLike, *, side: str = "right", base_point: int = 0
    ) -> HomogeneousSpace:
        """The ``G``-set given by the generators' permutations of ``m`` points.

        Parameters
        ----------
        G
            The group.
        perms
            ``(k, m)`` image lists, one per generator of ``G`` (in ``G.generators`` order).
        side
            ``"right"`` (default): ``perms[s]`` is ``x -> x^{x_s}`` and permutations compose as
            image lists do in groupmat (``(p*q)[x] = q[p[x]]``, GAP/sympy), so a permutation
            group acts on its own points by
            ``from_action(G, G.permutations[list(G.generators)])``; the left action is
            ``g.x = x^(g^-1)``. ``"left"``: ``perms[s]`` is ``x -> x_s.x``
            with ``(gh).x = g.(h.x)``.
        base_point
            The point playing the role of the coset ``H``; its stabiliser is :attr:`subgroup`.

        Raises
        ------
        NotAnActionError
            Wrong shape, not permutations, not transitive (names the orbit sizes), or the
            generators' images violate a relation of ``G`` (names two words that are equal in
            ``G`` but move the base point differently).

        Notes
        -----
        Points keep the caller's numbering. Checking that the map ``G -> Sym(X)`` is well
        defined costs ``O(n k)``: along a BFS tree of ``G`` the orbit map ``g -> x_0^g`` is
        defined, and it is a homomorphism iff ``x_0^{g x_s} = (x_0^g)^{x_s}`` for all ``g`` and
        ``s`` (transitivity then carries every relation to every point).

        Examples
        --------
        >>> from groupmat import Group
        >>> G = Group.from_permutations([[1, 2, 3, 0], [3, 2, 1, 0]])   # D8 on a square
        >>> X = HomogeneousSpace.from_action(G, G.permutations[list(G.generators)])
        >>> len(X), X.subgroup.order
        (4, 2)
        """
        if side not in ("right", "left"):
            raise ValueError(f"side must be 'right' or 'left', got {side!r}")
        arr = _check_perms(G, perms)
        k, m = arr.shape
        # letter_stack rows k-1..0 are the inverses of the k image lists, in reverse order
        right = arr if side == "right" else letter_stack(arr)[:k][::-1]
        if not 0 <= base_point < m:
            raise NotAnActionError(f"base_point {base_point} out of range for {m} points")
        orbit = _orbit_labels(m, list(right))[0]
        if m and orbit.max() > 0:
            sizes = np.bincount(orbit)
            raise NotAnActionError(
                f"the action on {m} points is not transitive: orbits of sizes "
                f"{sorted(sizes.tolist(), reverse=True)}; restrict the permutations to one orbit "
                "(a homogeneous space is a single orbit)"
            )
        # y[g] = x_0^g along the BFS tree (right action): y[p * x_l] = rho_l[y[p]]
        stack = letter_stack(right)
        wm = G.word_metric
        y = np.empty(G.order, dtype=np.int64)
        y[0] = base_point
        for layer in bfs_layers(G)[1:]:
            y[layer] = stack[k + wm.last_letter[layer], y[wm.parent[layer]]]
        images = right[np.arange(k)[:, None], y[None, :]]  # (x_0^g)^{x_s}
        bad = images != y[G.right_action]
        if bad.any():
            s, g = (int(v[0]) for v in np.nonzero(bad))
            gx = int(G.right_action[s, g])
            raise NotAnActionError(
                "the permutations do not define an action of G (a relation of G fails): "
                f"{_name(G, g)}*{G.generator_names[s]} and {_name(G, gx)} are the same element "
                f"of G but send point {base_point} to {int(images[s, g])} and {int(y[gx])}; "
                "check the generator order and the side ('right' = GAP/sympy image lists)"
            )
        coset_of = y[G.inverse]  # g.x_0 = x_0^(g^-1)
        _, reps = np.unique(coset_of, return_index=True)
        gen_act = np.ascontiguousarray(stack[:k][::-1])  # left action of x_s: x -> x^(x_s^-1)
        X = cls.__new__(cls)
        X._setup(G, coset_of, reps.astype(np.int64), gen_act, base_point, None)
        return X

    @classmethod
    def from_presentation(
        cls,
        spec: str | Presentation,
        subgroup_words: Sequence[str | Sequence[int]] = (),
        *,
        group: Group | None = None,
        **enumeration_options: Any,
    ) -> HomogeneousSpace:
        """``G/H`` for ``G = <X | R>`` and ``H`` given by words, by coset enumeration.

        Parameters
        ----------
        spec
            A GAP-syntax presentation string or a
            :class:`~groupmat.Presentation`.
        subgroup_words
            Generators of ``H`` as word strings (``"a*b"``) or letter tuples.
        group
            The group built from the same presentation, if already at hand (else built with
            :meth:`Group.from_presentation`).
        **enumeration_options
            Passed to :func:`~groupmat.enumerate_cosets`.

        Notes
        -----
        Todd-Coxeter gives the right action ``c -> c.x_s`` on right cosets ``Hw`` (coset 0 is
        ``H``, numbered in lenlex order). It is converted to our left action by
        ``g.x = x^(g^-1)``: point ``c`` is the left coset ``w_c^{-1} H``; points keep the coset
        table's numbering.

        Examples
        --------
        >>> X = HomogeneousSpace.from_presentation("< a, b | a^2, b^3, (a*b)^5 >", ["b"])
        >>> len(X), X.group.order, X.subgroup.order    # A5 on the 20 faces of an icosahedron
        (20, 60, 3)
        """
        from groupmat.algebra._group import Group
        from groupmat.algebra.presentations._coset_enumeration import enumerate_cosets
        from groupmat.algebra.presentations._presentation import Presentation

        pres = spec if isinstance(spec, Presentation) else Presentation.parse(str(spec))
        G = group if group is not None else Group.from_presentation(pres, **enumeration_options)
        if len(G.generators) != len(pres.generators):
            raise NotAnActionError(
                f"the group has {len(G.generators)} generators but the presentation "
                f"{len(pres.generators)}; pass the group built from this presentation"
            )
        table = enumerate_cosets(pres, list(subgroup_words), **enumeration_options)
        return cls.from_action(G, table.action, side="right")

    # -------------------------------------------------------------- basic data
    @property
    def group(self) -> Group:
        return self._group

    @cached_property
    def subgroup(self) -> Subgroup:
        """Stabiliser ``H`` of the base point (a :class:`Subgroup`)."""
        elems = np.flatnonzero(self.coset_of == self._base)
        return _subgroup_from_elements(self._group, elems)

    @property
    def base_point(self) -> int:
        return self._base

    def __len__(self) -> int:
        return int(self.representatives.size)

    @property
    def size(self) -> int:
        """Number of points ``|X| = [G : H]``."""
        return len(self)

    def __repr__(self) -> str:
        return (
            f"<HomogeneousSpace of {len(self)} points of {self._group!r}, "
            f"stabiliser order {self._group.order // max(len(self), 1)}>"
        )

    def act(self, g: ElementsLike, x: ArrayLike) -> np.ndarray:
        """Points ``g.x`` for broadcast index arrays (no action table): ``g.x`` is the point of
        ``(g r_x)``, ``O(m L)`` for ``m`` pairs."""
        reps = self.representatives[np.asarray(x, dtype=np.int64)]
        return self.coset_of[_multiply(self._group, g, reps)]

    @cached_property
    def action(self) -> np.ndarray:
        """``(n, |X|)`` int32 array, ``action[g, x]`` = point ``g.x`` (read-only).

        Built along the BFS tree of ``G``: ``g = p * x_l`` gives ``g.x = p.(x_l.x)``, so
        ``action[g] = action[p][lambda_l]`` (one gather per BFS layer), ``O(n |X|)`` time and
        memory. Refuses above :data:`MAX_ACTION_ENTRIES` (use :meth:`act`).
        """
        G, m = self._group, len(self)
        if G.order * m > MAX_ACTION_ENTRIES:
            raise SizeLimitError(
                f"the action table of {G.order} elements on {m} points has {G.order * m} "
                f"entries (limit MAX_ACTION_ENTRIES={MAX_ACTION_ENTRIES}); use X.act(g, x) or "
                "X.generator_action"
            )
        k = self.generator_action.shape[0]
        stack = letter_stack(self.generator_action)
        wm = G.word_metric
        out = np.empty((G.order, m), dtype=np.int32)
        out[0] = np.arange(m)
        for layer in bfs_layers(G)[1:]:
            lam = stack[k + wm.last_letter[layer]]  # (layer, m)
            out[layer] = out[wm.parent[layer][:, None], lam]
        out.setflags(write=False)
        return out

    def point_permutation(self, g: ElementLike) -> np.ndarray:
        """The permutation ``x -> g.x`` of the points, as an image list."""
        return self.act(g, np.arange(len(self)))

    def translate(self, f: ArrayLike, g: ElementLike) -> np.ndarray:
        """Left translation of functions on ``X``: ``(L_g f)(x) = f(g^{-1}.x)`` (last axis)."""
        ginv = self._group.inverse[element_index(self._group, g, "g")]
        return np.asarray(f)[..., self.point_permutation(ginv)]

    def stabilizer(self, x: int) -> Subgroup:
        """``Stab(x) = r_x H r_x^{-1}`` for a representative ``r_x`` of the point ``x``."""
        from groupmat.algebra.permgroups._action_methods import _point

        r = int(self.representatives[_point(x, len(self))])
        return self.subgroup.conjugate(int(self._group.inverse[r]))

    def point_labels(self) -> list[str]:
        """Coset labels ``"a*b H"`` (shortest word of the smallest representative; ``"H"`` for
        the base point)."""
        out = []
        for r in self.representatives.tolist():
            lab = self._group.label(r)
            out.append("H" if lab == "1" else f"{lab} H")
        return out

    # -------------------------------------------------------------- G <-> G/H
    def induce(self, f: ArrayLike) -> np.ndarray:
        """Lift functions on ``X`` to right-``H``-invariant functions on ``G``:
        ``(Ind f)(g) = f(g.x_0)`` (last axis). ``Ind(L_u f) = L_u Ind(f)``."""
        return np.asarray(f)[..., self.coset_of]

    def restrict(self, a: ArrayLike) -> np.ndarray:
        """Average functions on ``G`` over the cosets: ``(Res a)(x) = |H|^-1 sum_{g.x_0 = x}
        a(g)`` (last axis). ``Res`` is ``Ind^*/|H|``, ``Res Ind = id`` and ``Ind Res`` is the
        orthogonal projection onto right-``H``-invariant functions; both intertwine ``L_u``."""
        a = np.asarray(a)
        flat = a.reshape(-1, a.shape[-1])
        out = (self.restrict_matrix() @ flat.T).T
        return np.asarray(out).reshape(*a.shape[:-1], len(self))

    def induce_matrix(self) -> sp.csr_matrix:
        """``(n, |X|)`` sparse 0/1 matrix of :meth:`induce` (``P[g, x] = [g.x_0 = x]``)."""
        import scipy.sparse as sp

        n = self._group.order
        return sp.csr_matrix((np.ones(n), (np.arange(n), self.coset_of)), shape=(n, len(self)))

    def restrict_matrix(self) -> sp.csr_matrix:
        """``(|X|, n)`` sparse matrix of :meth:`restrict` (``P^T / |H|``)."""
        h = self._group.order // len(self)
        return (self.induce_matrix().T / h).tocsr()


def _check_perms(G: Group, perms: ArrayLike) -> np.ndarray:
    try:
        arr = np.asarray(perms)
    except ValueError as exc:
        raise NotAnActionError(f"permutations of unequal lengths: {exc}") from None
    k = len(G.generators)
    if arr.ndim == 1 and k == 1:
        arr = arr[None, :]
    if arr.ndim != 2 or arr.shape[0] != k:
        raise NotAnActionError(
            f"expected {k} image lists (one per generator of G), got an array of shape {arr.shape}"
        )
    if arr.size and not np.issubdtype(arr.dtype, np.integer):
        raise NotAnActionError(f"image lists must hold integers, got dtype {arr.dtype}")
    arr = arr.astype(np.int64)
    m = arr.shape[1]
    for s in range(k):
        if not np.array_equal(np.sort(arr[s]), np.arange(m)):
            raise NotAnActionError(
                f"the image list of generator {G.generator_names[s]} is not a permutation of "
                f"0..{m - 1}: {arr[s].tolist()[:20]}"
            )
    return arr


def _name(G: Group, i: int) -> str:
    try:
        return repr(G.label(i))
    except Exception:  # pragma: no cover - labels need presentation.py
        return f"element {i}"


# ------------------------------------------------------------------ quotients
@dataclass(frozen=True, eq=False)
class QuotientMap:
    """The projection ``pi: G -> Q = G/N`` and the pull-back of functions and group matrices.

    A function ``b`` on ``Q`` lifts to ``a = b o pi`` on ``G``, and its group matrix is the
    pulled-back group matrix of ``Q``:

    ``M_a[i, j] = a(g_i^{-1} g_j) = b(pi(g_i)^{-1} pi(g_j)) = M_b^Q[pi(i), pi(j)]``,

    i.e. ``M_a = P M_b^Q P^T`` with ``P[g, q] = [pi(g) = q]``; with the elements ordered by coset
    (:attr:`block_order`) it is ``M_b^Q ⊗ J_{|N|}`` (constant ``|N| x |N|`` blocks). Lifting is
    an algebra map up to ``|N|``: ``M_{b o pi} M_{c o pi} = |N| M_{(b*c) o pi}``.
    """

    group: Group
    normal: Subgroup
    quotient: Group
    projection: np.ndarray

    def lift(self, b: ArrayLike) -> np.ndarray:
        """``b o pi`` (last axis indexed by ``Q``'s elements)."""
        return np.asarray(b)[..., self.projection]

    @cached_property
    def block_order(self) -> np.ndarray:
        """Elements of ``G`` sorted by coset (stable): ``pi`` is constant on consecutive runs of
        length ``|N|``."""
        return np.argsort(self.projection, kind="stable")

    def pullback_group_matrix(self, b: ArrayLike) -> np.ndarray:
        """The dense ``n x n`` group matrix of ``b o pi`` computed from ``Q``'s:
        ``M_b^Q[pi][:, pi]``, with ``M_b^Q[p, q] = b(q_p^{-1} q_q)``."""
        Q = self.quotient
        b = np.asarray(b)
        mq = b[Q.cayley_table()[Q.inverse]]
        return mq[self.projection][:, self.projection]


def quotient_map(G: Group, N: SubgroupLike) -> QuotientMap:
    """:class:`QuotientMap` for a normal subgroup ``N`` (see :meth:`Group.quotient`).

    Examples
    --------
    >>> from groupmat import Group
    >>> G = Group.from_permutations([[1, 2, 3, 0], [3, 2, 1, 0]])   # D8
    >>> qm = quotient_map(G, G.center())
    >>> qm.quotient.order, qm.lift([1.0, 2.0, 3.0, 4.0]).shape
    (4, (8,))
    """
    Ns = _as_subgroup(G, N)
    Q, proj = G.quotient(Ns, return_map=True)
    proj = np.asarray(proj, dtype=np.int64)
    proj.setflags(write=False)
    return QuotientMap(G, Ns, Q, proj)
