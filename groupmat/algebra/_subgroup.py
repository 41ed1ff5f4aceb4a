"""Subgroups, cosets, normality and quotients of an array-based :class:`~groupmat.Group`.

A :class:`Subgroup` ``H <= G`` is stored as its generators (element indices of ``G``) and, once
asked for, its sorted element array and a boolean membership mask over ``G``. Nothing here
forms the Cayley table: products with a fixed element ``h`` are a short chain of gathers along
a shortest word of ``h`` (``O(m |h|)`` for ``m`` elements), and coset labellings are connected
components of the graph of a few permutations of ``0..n-1`` (scipy's ``csgraph``); those
index-array helpers live in :mod:`groupmat.algebra._element_arrays` (``right_multiply``,
``left_multiply``, ``conjugate_by`` and ``double_coset_labels`` are re-exported here).

Conventions
-----------
Left cosets are ``gH``, right cosets ``Hg``. ``gH`` is the orbit of ``g`` under right
multiplication by the generators of ``H``, and ``Hg`` its orbit under left multiplication.
Coset ids are numbered by first appearance in index order, so the identity's coset is ``0`` and
the transversals list the smallest element of each coset.

References
----------
D. F. Holt, B. Eick, E. A. O'Brien, *Handbook of Computational Group Theory*, CRC 2005,
sections 4.1 (orbits, normal closure) and 3.3 (cosets).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from functools import cached_property
from typing import TYPE_CHECKING, TypeAlias

import numpy as np

from groupmat.algebra._element_arrays import (
    _left_perms,
    _orbit_labels,
    _right_perms,
    conjugate_by,
    double_coset_labels,
    left_multiply,
    right_multiply,
)
from groupmat.algebra._validate import (
    ElementLike,
    ElementsLike,
    element_array,
    element_index,
    element_indices,
)
from groupmat.errors import NotAGroupError, NotAnElementError

if TYPE_CHECKING:  # pragma: no cover
    from groupmat.algebra._element import Element
    from groupmat.algebra._group import Group

__all__ = [  # the array helpers are re-exported from element_arrays
    "NotAnElementError",
    "Subgroup",
    "SubgroupLike",
    "conjugate_by",
    "double_coset_labels",
    "left_multiply",
    "quotient",
    "right_multiply",
]


# ------------------------------------------------------------------ closure helpers
def _bfs(
    G: Group, mask: np.ndarray, frontier: np.ndarray, gens: Sequence[int], size: int
) -> list[np.ndarray]:
    """Grow the set marked in ``mask`` (``size`` elements, ``frontier`` among them) by right
    multiplication with ``gens``; returns the newly reached elements (``mask`` is updated in
    place). Once more than ``n/2`` elements are reached the subgroup must be ``G`` (Lagrange),
    so the search stops and marks everything."""
    n = G.order
    parts = []
    while frontier.size:
        nxt = []
        for h in gens:
            c = right_multiply(G, frontier, h)
            c = c[~mask[c]]
            if c.size:
                c = np.unique(c)
                mask[c] = True
                nxt.append(c)
                size += c.size
        frontier = np.concatenate(nxt) if nxt else frontier[:0]
        parts.append(frontier)
        if 2 * size > n and size < n:
            rest = np.flatnonzero(~mask)
            mask[:] = True
            parts.append(rest)
            break
    return parts


def _closure(G: Group, gens: Sequence[int]) -> tuple[np.ndarray, np.ndarray]:
    """Sorted elements and membership mask of ``<gens>``, ``O(|H| k_H L)`` (no table)."""
    mask = np.zeros(G.order, dtype=bool)
    mask[0] = True
    start = np.zeros(1, dtype=np.int64)
    gens = [h for h in dict.fromkeys(gens) if h != 0]
    elements = np.sort(np.concatenate([start, *_bfs(G, mask, start, gens, 1)]))
    return elements, mask


def _extend(
    G: Group, elements: np.ndarray, mask: np.ndarray, gens: Sequence[int], y: int
) -> np.ndarray:
    """Elements of ``<E, y>`` where ``E = <gens>`` has sorted ``elements`` (``mask`` updated).

    ``E`` is closed under the old generators, so the only new products of ``E`` are ``E y``;
    a BFS from those over all generators reaches the rest."""
    start = np.unique(right_multiply(G, elements, y))
    start = start[~mask[start]]
    mask[start] = True
    new = _bfs(G, mask, start, [*gens, y], elements.size + start.size)
    return np.sort(np.concatenate([elements, start, *new]))


def _readonly(a: np.ndarray) -> np.ndarray:
    a.setflags(write=False)
    return a


# ------------------------------------------------------------------ Subgroup
class Subgroup:
    """The subgroup ``H = <h_1, ..., h_m>`` of a :class:`~groupmat.Group` (immutable).

    Parameters
    ----------
    G
        The ambient group.
    gens
        Generators: element indices, :class:`~groupmat.Element` handles of ``G`` or word strings
        in ``G``'s generator names (one element may be given alone). Empty: the trivial group.

    Notes
    -----
    The elements are found by a breadth-first search under right multiplication by the ``k_H``
    generators, ``O(|H| k_H L)`` time for diameter ``L`` of ``G`` and ``O(n)`` memory for the
    membership mask. Equality compares element sets (of the same ambient group).

    Examples
    --------
    >>> from groupmat import Group
    >>> G = Group.from_permutations([[1, 2, 3, 0], [3, 2, 1, 0]])   # D8 on a square
    >>> H = G.subgroup("a^2")
    >>> H.order, H.index, H.is_normal(), H == G.center()
    (2, 4, True, True)
    >>> H.left_cosets().tolist() == H.right_cosets().tolist()
    True
    >>> K = G.subgroup("b")
    >>> K.is_normal(), K.normal_closure().order
    (False, 4)
    """

    def __init__(self, G: Group, gens: SubgroupLike | Iterable[ElementLike] = ()) -> None:
        self._group = G
        self.__dict__["generators"] = tuple(element_indices(G, gens, "generator"))

    @classmethod
    def _from_elements(
        cls, G: Group, elements: np.ndarray, generators: Sequence[int] | None = None
    ) -> Subgroup:
        """A subgroup given by its (known closed) element set; generators are chosen greedily
        on demand if not given."""
        H = cls.__new__(cls)
        H._group = G
        H.__dict__["elements"] = _readonly(np.sort(np.asarray(elements, dtype=np.int64)))
        if generators is not None:
            H.__dict__["generators"] = tuple(int(g) for g in generators)
        return H

    # -------------------------------------------------------------- basic data
    @property
    def group(self) -> Group:
        """The ambient group ``G``."""
        return self._group

    @cached_property
    def generators(self) -> tuple[int, ...]:
        """Generator indices. For a subgroup defined by its elements (centre, centraliser,
        kernel, ...) a small generating set is chosen greedily: repeatedly add the largest
        element not yet generated (at most ``log2 |H|`` generators)."""
        G, target = self._group, self.elements
        gens: list[int] = []
        elems, mask = _closure(G, [])
        while elems.size < target.size:
            missing = target[~mask[target]]
            y = int(missing[-1])
            elems = _extend(G, elems, mask, gens, y)
            gens.append(y)
        return tuple(gens)

    @cached_property
    def _elems_mask(self) -> tuple[np.ndarray, np.ndarray]:
        elements, mask = _closure(self._group, self.generators)
        return _readonly(elements), _readonly(mask)

    @cached_property
    def elements(self) -> np.ndarray:
        """Sorted element indices (read-only int64 array)."""
        return self._elems_mask[0]

    @cached_property
    def mask(self) -> np.ndarray:
        """``(n,)`` bool membership array over ``G``."""
        if "_elems_mask" in self.__dict__:
            return self._elems_mask[1]
        m = np.zeros(self._group.order, dtype=bool)
        m[self.elements] = True
        return _readonly(m)

    @property
    def order(self) -> int:
        """``|H|``."""
        return int(self.elements.size)

    def __len__(self) -> int:
        return self.order

    @property
    def index(self) -> int:
        """``[G : H] = |G| / |H|``."""
        return self._group.order // self.order

    @property
    def gens(self) -> tuple[Element, ...]:
        """Generators as :class:`~groupmat.Element` handles of ``G``."""
        return tuple(self._group.element(g) for g in self.generators)

    def __contains__(self, x: object) -> bool:
        try:
            i = element_index(self._group, x)
        except NotAnElementError:
            return False
        return bool(self.mask[i])

    def contains(self, a: ElementsLike) -> np.ndarray:
        """Membership of an index array (or one element), as a bool array of the same shape.

        Elements go through the one validator: an index out of range, a float or an Element
        of another group raises :class:`~groupmat.NotAnElementError`.
        """
        return self.mask[element_array(self._group, a)]

    def __iter__(self):
        return iter(self._group.element(int(i)) for i in self.elements)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Subgroup):
            return NotImplemented
        return (
            other._group is self._group
            and other.order == self.order
            and np.array_equal(other.elements, self.elements)
        )

    def __hash__(self) -> int:
        return hash((id(self._group), self.order, self.elements[: min(64, self.order)].tobytes()))

    def __le__(self, other: Subgroup) -> bool:
        """``H <= K``: ``H`` is a subgroup of ``K`` (same ambient group)."""
        if not isinstance(other, Subgroup) or other._group is not self._group:
            return NotImplemented
        return bool(other.mask[self.elements].all())

    def __lt__(self, other: Subgroup) -> bool:
        res = self.__le__(other)
        return res if res is NotImplemented else (res and self.order < other.order)

    def __repr__(self) -> str:
        return f"<Subgroup of order {self.order} (index {self.index}) of {self._group!r}>"

    # -------------------------------------------------------------- cosets
    @cached_property
    def _left(self) -> tuple[np.ndarray, np.ndarray]:
        lab, first = _orbit_labels(self._group.order, _right_perms(self._group, self.generators))
        return _readonly(lab), _readonly(first)

    @cached_property
    def _right(self) -> tuple[np.ndarray, np.ndarray]:
        if self.is_normal():
            return self._left
        lab, first = _orbit_labels(self._group.order, _left_perms(self._group, self.generators))
        return _readonly(lab), _readonly(first)

    def left_cosets(self) -> np.ndarray:
        """``(n,)`` int array: the id of the left coset ``gH`` of each element ``g``.

        Ids are numbered by first appearance in index order (the identity's coset is 0).
        ``gH`` is the orbit of ``g`` under ``g -> g h_j``: ``O(n k_H L)``.
        """
        return self._left[0]

    def right_cosets(self) -> np.ndarray:
        """``(n,)`` int array: the id of the right coset ``Hg`` of each element (as
        :meth:`left_cosets`, orbits under ``g -> h_j g``)."""
        return self._right[0]

    def left_transversal(self) -> np.ndarray:
        """Smallest element of each left coset, in coset-id order (increasing)."""
        return self._left[1]

    def right_transversal(self) -> np.ndarray:
        """Smallest element of each right coset, in coset-id order (increasing)."""
        return self._right[1]

    # -------------------------------------------------------------- normality
    def _non_normal_witness(self) -> tuple[int, int] | None:
        G = self._group
        if self.order in (1, G.order):
            return None
        hs = np.array(sorted(set(self.generators)), dtype=np.int64)
        for x in dict.fromkeys(G.generators):
            bad = ~self.mask[conjugate_by(G, hs, x)]
            if bad.any():
                return int(hs[np.argmax(bad)]), int(x)
        return None

    def is_normal(self) -> bool:
        """Whether ``H`` is normal in ``G``: every ``x^-1 h x`` (``x`` a generator of ``G``,
        ``h`` of ``H``) lies in ``H``. ``O(k k_H L)`` after the closure."""
        return self._non_normal_witness() is None

    def normal_closure(self) -> Subgroup:
        """The smallest normal subgroup of ``G`` containing ``H``.

        Conjugates ``h^x`` of the generators by the generators of ``G`` that fall outside the
        current subgroup are added as generators (each addition at least doubles the order, so
        there are at most ``log2 |G|`` of them), extending the closure incrementally
        (Holt-Eick-O'Brien, section 3.3.1).
        """
        return _normal_closure(self._group, self.generators)

    def conjugate(self, x: ElementLike) -> Subgroup:
        """``H^x = x^-1 H x``."""
        G = self._group
        xi = element_index(G, x)
        elems = np.sort(conjugate_by(G, self.elements, xi))
        gens = conjugate_by(G, np.array(self.generators, dtype=np.int64), xi).tolist()
        return Subgroup._from_elements(G, elems, gens)

    # -------------------------------------------------------------- lattice
    def intersection(self, other: Subgroup) -> Subgroup:
        """``H ∩ K`` (by element sets, ``O(|H| + |K|)``)."""
        self._check_same(other)
        return Subgroup._from_elements(self._group, np.intersect1d(self.elements, other.elements))

    def join(self, other: Subgroup) -> Subgroup:
        """``<H, K>``, the subgroup generated by both."""
        self._check_same(other)
        return Subgroup(self._group, [*self.generators, *other.generators])

    def _check_same(self, other: object) -> None:
        if not isinstance(other, Subgroup) or other._group is not self._group:
            raise NotAnElementError(f"expected a subgroup of {self._group!r}, got {other!r}")

    @property
    def is_abelian(self) -> bool:
        """Whether the generators of ``H`` commute pairwise."""
        G = self._group
        hs = np.array(sorted(set(self.generators)), dtype=np.int64)
        return all(
            np.array_equal(right_multiply(G, hs, h), left_multiply(G, hs, h)) for h in hs.tolist()
        )

    def as_group(self) -> tuple[Group, np.ndarray]:
        """``H`` as a :class:`~groupmat.Group` of its own, with the embedding.

        Returns
        -------
        (Hg, embedding)
            ``Hg`` has the generators of ``H`` (in order) and element ``i`` is ``G``'s element
            ``embedding[i]`` (``embedding = H.elements``, so the identity stays at 0).
            ``O(|H| k_H L)``.

        Examples
        --------
        >>> from groupmat import Group
        >>> G = Group.from_permutations([[1, 2, 0, 3], [1, 0, 2, 3], [0, 1, 3, 2]])
        >>> K, emb = G.subgroup(["a", "b"]).as_group()
        >>> K.order, emb.shape
        (6, (6,))
        """
        from groupmat.algebra._group import Group

        G, elems = self._group, self.elements
        rows = [np.searchsorted(elems, right_multiply(G, elems, h)) for h in self.generators]
        right = np.array(rows, dtype=np.int32).reshape(len(rows), elems.size)
        perms = G.permutations[elems] if G.permutations is not None else None
        return Group(right, permutations=perms), elems


#: A subgroup of ``G`` as the functions taking one accept it: a :class:`Subgroup` of ``G``, or
#: its generators as :data:`~groupmat.algebra._validate.ElementsLike` (one element, a sequence
#: of them or an index array), which generate it.
SubgroupLike: TypeAlias = Subgroup | ElementsLike


# ------------------------------------------------------------------ functions
def _normal_closure(G: Group, gens: Sequence[int], by: Sequence[int] | None = None) -> Subgroup:
    """Normal closure of ``<gens>`` under conjugation by ``by`` (default: ``G``'s generators),
    i.e. the normal closure in ``<gens, by>``."""
    gens = [h for h in dict.fromkeys(gens) if h != 0]
    elements, mask = _closure(G, gens)
    xs = [x for x in dict.fromkeys(G.generators if by is None else by) if x != 0]
    queue = list(gens)
    while queue and elements.size < G.order:
        a = queue.pop()
        for x in xs:
            c = int(conjugate_by(G, np.array([a]), x)[0])
            if not mask[c]:
                elements = _extend(G, elements, mask, gens, c)
                gens.append(c)
                queue.append(c)
    return Subgroup._from_elements(G, elements, gens)


def _as_subgroup(G: Group, N: SubgroupLike, what: str = "N") -> Subgroup:
    if isinstance(N, Subgroup):
        if N.group is not G:
            raise NotAnElementError(f"{what} is a subgroup of {N.group!r}, not of {G!r}")
        return N
    return Subgroup(G, N)


def quotient(
    G: Group, N: SubgroupLike, return_map: bool = False
) -> Group | tuple[Group, np.ndarray]:
    """The quotient group ``G/N`` by a normal subgroup.

    Parameters
    ----------
    G
        The group.
    N
        A normal :class:`Subgroup` of ``G`` (or generators of one).
    return_map
        Also return the projection ``G -> G/N``.

    Returns
    -------
    Q or (Q, projection)
        ``Q`` is a :class:`~groupmat.Group` whose elements are the cosets ``gN`` numbered by
        first appearance (so ``N`` itself is 0) and whose generators are the images of ``G``'s
        generators, acting by right multiplication ``Ng -> Ngx`` (same generator names).
        ``projection`` is the ``(n,)`` int array of coset ids (``N.left_cosets()``).

    Raises
    ------
    NotAGroupError
        If ``N`` is not normal in ``G`` (the cosets do not form a group); the message names a
        generator ``h`` of ``N`` and a generator ``x`` of ``G`` with ``h^x`` outside ``N``.

    Notes
    -----
    ``O(n k_N L)`` for the coset labelling plus ``O(|G/N| k)`` for the action.

    Examples
    --------
    >>> from groupmat import Group
    >>> G = Group.from_permutations([[1, 2, 3, 0], [3, 2, 1, 0]])   # D8
    >>> Q, proj = quotient(G, G.center(), return_map=True)
    >>> Q.order, Q.is_abelian, int(proj.max()) + 1
    (4, True, 4)
    """
    from groupmat.algebra._group import Group

    N = _as_subgroup(G, N)
    witness = N._non_normal_witness()
    if witness is not None:
        h, x = witness
        raise NotAGroupError(
            f"cannot form G/N: N (order {N.order}) is not normal in {G!r}: the conjugate of "
            f"N's generator {_name(G, h)} by G's generator {_name(G, x)} is not in N. Use "
            "N.normal_closure() for the smallest normal subgroup containing N, or "
            "HomogeneousSpace(G, N) for the coset space"
        )
    labels = N.left_cosets()
    reps = N.left_transversal()
    right = labels[G.right_action[:, reps]].astype(np.int32)
    Q = Group(right, generator_names=G.generator_names)
    return (Q, labels) if return_map else Q


def _name(G: Group, i: int) -> str:
    try:
        return f"{G.label(i)!r} (index {i})"
    except Exception:  # pragma: no cover - labels need presentation.py
        return f"index {i}"
