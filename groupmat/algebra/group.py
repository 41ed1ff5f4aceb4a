"""The array-based finite group and its element handles.

A :class:`Group` with ``n`` elements is stored as arrays: elements are the indices ``0..n-1``,
index ``0`` is the identity, and the group is given by the **right regular action of its
generators**, a ``(k, n)`` int32 array ``R`` with ``R[s, i]`` = index of ``g_i * x_s``.
Everything else (shortest words, inverses, the Cayley table, element orders, structure) is
derived from ``R`` on demand and cached; the object itself never changes.

Conventions
-----------
``g_i * g_j`` is the group product; for groups built from permutations written as 0-based image
lists it is "first ``g_i``, then ``g_j``": ``(p*q)[x] = q[p[x]]``, as in sympy and GAP.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from functools import cached_property
from typing import TYPE_CHECKING, Any

import numpy as np

from groupmat.algebra.cayley import WordMetric, word_metric
from groupmat.errors import NotAGroupError, SizeLimitError

if TYPE_CHECKING:  # pragma: no cover
    import networkx as nx

    from groupmat.algebra.subgroup import Subgroup

__all__ = ["MAX_TABLE_ORDER", "Element", "Group", "default_generator_names"]

#: Largest order for which ``G.table`` is built without being asked explicitly
#: (an ``n x n`` int32 table: 20000 elements take 1.6 GB). Use ``G.cayley_table(force=True)``.
MAX_TABLE_ORDER = 20_000


def default_generator_names(k: int) -> tuple[str, ...]:
    """``a, b, c, ...`` for up to 26 generators, else ``g1, g2, ...``.

    Examples
    --------
    >>> default_generator_names(3)
    ('a', 'b', 'c')
    """
    if k <= 26:
        return tuple(chr(ord("a") + i) for i in range(k))
    return tuple(f"g{i + 1}" for i in range(k))


def _as_index_array(x: Any, n: int, what: str = "element") -> np.ndarray:
    a = np.asarray(x)
    if isinstance(x, Element):
        a = np.asarray(x.index)
    if a.dtype == object:
        a = np.asarray([e.index if isinstance(e, Element) else e for e in np.ravel(a)]).reshape(
            a.shape
        )
    if a.size and not np.issubdtype(a.dtype, np.integer):
        raise TypeError(f"{what} indices must be integers, got dtype {a.dtype}")
    if a.size and ((a < 0).any() or (a >= n).any()):
        bad = a[(a < 0) | (a >= n)].ravel()[0]
        raise IndexError(f"{what} index {int(bad)} out of range for a group of order {n}")
    return a.astype(np.int64, copy=False)


class Group:
    """A finite group stored as arrays (immutable).

    Do not call the constructor directly; use one of the ``Group.from_*`` class methods or a
    named family (:func:`groupmat.cyclic`, ...).

    Parameters
    ----------
    right_action
        ``(k, n)`` int array, ``right_action[s, i]`` = index of ``g_i * x_s``: the right regular
        representation of the ``k`` generators. Element 0 is the identity.
    generator_names
        Names used in labels (``"a*b^-1"``); default ``a, b, c, ...``.
    permutations
        Optional ``(n, d)`` array: a faithful permutation representation, row ``i`` = element ``i``.
    presentation
        Optional :class:`~groupmat.algebra.presentation.Presentation` the group was built from.
    name
        Optional short name (``"D8"``, ``"PSL(2,7)"``) shown in ``repr``.
    element_orders
        Optional ``(n,)`` element orders when known in closed form (named families); otherwise
        computed on demand.

    Examples
    --------
    >>> G = Group.from_permutations([[1, 2, 0], [1, 0, 2]])
    >>> G.order, G.is_abelian, sorted(len(c) for c in G.conjugacy_classes())
    (6, False, [1, 2, 3])
    >>> a, b = G.gens
    >>> (a * b) ** 2 == G.identity, (a * b).order
    (True, 2)
    """

    def __init__(
        self,
        right_action: np.ndarray,
        *,
        generator_names: Sequence[str] | None = None,
        permutations: np.ndarray | None = None,
        presentation: Any = None,
        name: str | None = None,
        element_orders: np.ndarray | None = None,
    ) -> None:
        right = np.ascontiguousarray(right_action, dtype=np.int32)
        if right.ndim != 2:
            raise NotAGroupError(f"right_action must be a (k, n) array, got shape {right.shape}")
        right.setflags(write=False)
        self._right = right
        k = right.shape[0]
        names = tuple(generator_names) if generator_names is not None else None
        if names is None:
            names = default_generator_names(k)
        if len(names) != k:
            raise ValueError(f"{len(names)} generator names for {k} generators")
        if len(set(names)) != len(names):
            raise ValueError(f"generator names must be distinct, got {names}")
        self._names = names
        if permutations is not None:
            permutations = np.asarray(permutations)
            permutations.setflags(write=False)
        self._perms = permutations
        self._presentation = presentation
        self.name = name
        if element_orders is not None:  # known in closed form (families); checked for shape
            orders = np.asarray(element_orders, dtype=np.int64)
            if orders.shape != (right.shape[1],) or (right.shape[1] and orders[0] != 1):
                raise ValueError("element_orders must be an (n,) array with orders[0] == 1")
            orders.setflags(write=False)
            self.__dict__["_element_orders"] = orders

    # ------------------------------------------------------------------ constructors
    @classmethod
    def from_permutations(
        cls,
        gens: Any,
        *,
        degree: int | None = None,
        names: Sequence[str] | None = None,
        max_order: int | None = None,
        name: str | None = None,
    ) -> Group:
        """The group generated by permutations.

        Parameters
        ----------
        gens
            0-based image lists, a ``(k, d)`` array, sympy ``Permutation`` objects or a sympy
            ``PermutationGroup``. Composition is "first left, then right":
            ``(p*q)[x] = q[p[x]]`` (sympy and GAP convention).
        degree
            Pad image lists to this degree; with an empty ``gens`` gives the trivial group.
        names
            Generator names for labels (default ``a, b, c, ...``).
        max_order
            Size guard (default :data:`~groupmat.algebra.permutations.DEFAULT_MAX_ORDER`).

        Notes
        -----
        Elements are numbered in shortlex order of their shortest words; closure (through a
        Schreier-Sims stabiliser chain) costs ``O(n (d + m k))`` time for a base of length ``m``
        and ``O(n d)`` memory (see
        :func:`~groupmat.algebra.permutations.close_permutations`).

        Examples
        --------
        >>> Group.from_permutations([[1, 2, 3, 0]]).order
        4
        """
        from groupmat.algebra.permutations import (
            DEFAULT_MAX_ORDER,
            close_permutations,
            normalize_permutations,
        )

        arr = normalize_permutations(gens, degree)
        if arr.shape[0] == 0:  # trivial group on `degree` points
            ident = np.arange(arr.shape[1])[None, :]
            return cls(np.zeros((0, 1), dtype=np.int32), permutations=ident, name=name or "1")
        closure = close_permutations(
            arr, max_order=max_order or DEFAULT_MAX_ORDER
        )
        return cls(
            closure.right_action,
            generator_names=names,
            permutations=closure.elements,
            name=name,
        )

    @classmethod
    def from_cayley_table(
        cls, table: Any, *, names: Sequence[str] | None = None, name: str | None = None
    ) -> Group:
        """The group with a given multiplication table (validated).

        ``table[i, j]`` is the index of ``x_i * x_j``. The identity may be any index; elements
        are renumbered only to move it to 0 (``x_e`` and ``x_0`` swap places); the map is kept in
        ``G.source_indices`` (``G`` element ``i`` is table element ``G.source_indices[i]``).
        A small generating set is chosen greedily (elements of largest order first).

        Raises
        ------
        NotAGroupError
            Not square, entries out of range, a row or column that is not a permutation
            (names it), no identity, or a non-associative triple (names it). Associativity is
            checked by Light's test against the chosen generators, ``O(n^2 k)``.

        Examples
        --------
        >>> t = [[(i + j) % 4 for j in range(4)] for i in range(4)]
        >>> Group.from_cayley_table(t).abelian_invariants()
        [4]
        """
        from groupmat.algebra.cayley_table import group_from_table

        return group_from_table(cls, table, names=names, name=name)

    @classmethod
    def from_presentation(cls, spec: Any, **enumeration_options: Any) -> Group:
        """The finite group defined by a presentation, by Todd-Coxeter coset enumeration.

        Parameters
        ----------
        spec
            A GAP-syntax string ``"< a, b | a^2, b^3, (a*b)^7 >"`` or a
            :class:`~groupmat.algebra.presentation.Presentation`.
        **enumeration_options
            Passed to :func:`~groupmat.algebra.coset_enumeration.enumerate_cosets`
            (``strategy``, ``max_cosets``, ``progress``).

        Notes
        -----
        The coset table of the trivial subgroup *is* the right regular representation, so
        element ``i`` is coset ``i`` and labels are words in the presentation's generators.

        Examples
        --------
        >>> G = Group.from_presentation("< a, b | a^2, b^3, (a*b)^3 >")
        >>> G.order, G.label(G.generators[1])
        (12, 'b')
        """
        from groupmat.algebra.coset_enumeration import enumerate_cosets
        from groupmat.algebra.presentation import Presentation

        pres = spec if isinstance(spec, Presentation) else Presentation.parse(str(spec))
        table = enumerate_cosets(pres, **enumeration_options)
        return cls(table.action, generator_names=pres.generators, presentation=pres)

    @classmethod
    def from_matrices(cls, mats: Any, modulus: int | None = None, **options: Any) -> Group:
        """The group generated by invertible integer matrices, optionally mod a prime power.

        See :func:`groupmat.algebra.matrix_groups.matrix_group` for options and guards.
        """
        from groupmat.algebra.matrix_groups import matrix_group

        return matrix_group(cls, mats, modulus=modulus, **options)

    # ------------------------------------------------------------------ basic data
    @property
    def order(self) -> int:
        """Number of elements ``n``."""
        return int(self._right.shape[1])

    def __len__(self) -> int:
        return self.order

    @property
    def right_action(self) -> np.ndarray:
        """``(k, n)`` int32: ``right_action[s, i]`` = index of ``g_i * x_s`` (read-only)."""
        return self._right

    @property
    def generator_names(self) -> tuple[str, ...]:
        return self._names

    @property
    def presentation(self) -> Any:
        """The :class:`Presentation` the group was built from, or ``None``."""
        return self._presentation

    @property
    def permutations(self) -> np.ndarray | None:
        """``(n, d)`` faithful permutation representation (row ``i`` = element ``i``), or None."""
        return self._perms

    @cached_property
    def generators(self) -> tuple[int, ...]:
        """Element indices of the generators ``x_1, ..., x_k`` (``R[s, 0]``)."""
        return tuple(int(x) for x in self._right[:, 0])

    @property
    def gens(self) -> tuple[Element, ...]:
        """Generators as :class:`Element` handles."""
        return tuple(Element(self, i) for i in self.generators)

    @property
    def identity(self) -> Element:
        return Element(self, 0)

    def element(self, x: Any) -> Element:
        """An element handle from an index, a word string (``"a*b^-1"``) or a letter tuple."""
        if isinstance(x, Element):
            if x.group is not self:
                raise ValueError("element belongs to a different group")
            return x
        if isinstance(x, (int, np.integer)):
            return Element(self, int(_as_index_array(int(x), self.order)))
        return Element(self, self.evaluate(x))

    def elements(self) -> list[Element]:
        """All elements as handles (for notebooks; algorithms use index arrays)."""
        return [Element(self, i) for i in range(self.order)]

    def __iter__(self) -> Iterator[Element]:
        return iter(self.elements())

    def __repr__(self) -> str:
        nm = f" {self.name}" if self.name else ""
        return f"<Group{nm} of order {self.order} on generators {', '.join(self._names)}>"

    # ------------------------------------------------------------------ words and labels
    @cached_property
    def word_metric(self) -> WordMetric:
        """Shortest words, word lengths and BFS tree (see :mod:`groupmat.algebra.cayley`)."""
        return word_metric(self._right)

    def word(self, i: int) -> tuple[int, ...]:
        """A shortest word of element ``i`` as GAP letters (generator ``s`` is ``s+1``, inverse
        ``-(s+1)``)."""
        return self.word_metric.word(int(_as_index_array(i, self.order)))

    def label(self, i: int | Element) -> str:
        """Element ``i`` printed as a shortest word in the generators, e.g. ``"a*b^-1"``.

        Examples
        --------
        >>> G = Group.from_permutations([[1, 2, 3, 0]])
        >>> [G.label(i) for i in range(4)]
        ['1', 'a', 'a^-1', 'a^2']
        """
        from groupmat.algebra.presentation import word_to_string

        idx = i.index if isinstance(i, Element) else i
        return word_to_string(self.word(idx), self._names)

    def labels(self) -> list[str]:
        """Labels of all elements, in index order."""
        return [self.label(i) for i in range(self.order)]

    def evaluate(self, word: Any) -> int:
        """Index of the element given by a word: a string in the generator names (GAP syntax,
        commutators and powers allowed) or a sequence of GAP letters.

        Examples
        --------
        >>> G = Group.from_permutations([[1, 2, 3, 0]])
        >>> G.evaluate("a^3*a^2"), G.evaluate([1, 1, -1])
        (1, 1)
        """
        if isinstance(word, str):
            from groupmat.algebra.presentation import parse_word

            letters = parse_word(word, self._names)
        else:
            letters = tuple(int(x) for x in word)
        k = len(self._names)
        lp = self.word_metric.letter_perms
        cur = 0
        for letter in letters:
            if letter == 0 or abs(letter) > k:
                raise ValueError(f"letter {letter} out of range for {k} generators")
            cur = int(lp[k + letter, cur])
        return cur

    # ------------------------------------------------------------------ arithmetic
    def _has_table(self) -> bool:
        return "_table" in self.__dict__

    def multiply(self, a: Any, b: Any) -> np.ndarray | int:
        """Products ``g_a * g_b`` of index arrays (broadcast), without forming the table.

        Cost ``O(m L)`` for ``m`` products and diameter ``L`` (one gather per word position of
        ``b``); ``O(m)`` when the Cayley table has been built.

        Examples
        --------
        >>> G = Group.from_permutations([[1, 2, 3, 0]])
        >>> G.multiply([1, 2], 3).tolist()  # a * a^2 = a^-1, a^-1 * a^2 = a
        [2, 1]
        """
        n = self.order
        aa = _as_index_array(a, n)
        bb = _as_index_array(b, n)
        scalar = aa.ndim == 0 and bb.ndim == 0
        aa, bb = np.broadcast_arrays(aa, bb)
        if self._has_table():
            res = self.__dict__["_table"][aa, bb].astype(np.int64)
        elif bb.ndim == 0 or (bb.size and (bb == bb.flat[0]).all()):  # one right factor
            from groupmat.algebra.element_arrays import right_multiply

            res = right_multiply(self, aa, int(bb.flat[0]) if bb.size else 0)
        else:
            wm = self.word_metric
            k = len(self._names)
            res = aa.astype(np.int64).copy()
            steps = wm.steps[bb]
            longest = int((steps != k).sum(axis=-1).max()) if bb.size else 0
            for pos in range(longest):  # only as many steps as the longest word needs
                res = wm.ladder[steps[..., pos], res]
        return int(res) if scalar else res

    def power(self, a: Any, e: int) -> np.ndarray | int:
        """``g_a ** e`` for an index array and any integer ``e`` (square-and-multiply)."""
        aa = _as_index_array(a, self.order)
        if e < 0:
            aa = self.inverse[aa]
            e = -e
        result = np.zeros_like(aa)
        base = aa.copy()
        while e:
            if e & 1:
                result = self.multiply(result, base)
            e >>= 1
            if e:
                base = self.multiply(base, base)
        return int(result) if np.ndim(result) == 0 else result

    @cached_property
    def inverse(self) -> np.ndarray:
        """``(n,)`` array: ``inverse[i]`` = index of ``g_i^-1``.

        Computed from the step form of shortest words (``(y_1 ... y_S)^-1 = y_S^-1 ... y_1^-1``
        for the pieces ``y = x_l^(2^j)`` of :class:`~groupmat.algebra.cayley.WordMetric`):
        ``O(n S)`` with ``S <= L`` steps per word.
        """
        wm = self.word_metric
        codes = wm.inverse_codes(wm.steps)
        res = np.zeros(self.order, dtype=np.int64)
        for pos in range(codes.shape[1] - 1, -1, -1):
            res = wm.ladder[codes[:, pos], res]
        res.setflags(write=False)
        return res

    @property
    def table(self) -> np.ndarray:
        """Cayley table, ``(n, n)`` int32, ``table[i, j]`` = index of ``g_i * g_j``.

        Built lazily, one row per element, along shortest words read from the left: if
        ``g_i = y * g_q`` (``y = x^(2^j)`` the first piece of the step form of the shortlex word
        of ``g_i``, ``g_q`` the rest, a strictly shorter element) then row ``i`` (left
        multiplication by ``g_i``) is ``L_y`` applied to row ``q``. One vectorised gather per
        block of (length, first piece), written into contiguous slices: ``O(n^2)`` time and
        memory. Refuses (:class:`SizeLimitError`) above :data:`MAX_TABLE_ORDER`; call
        :meth:`cayley_table` with ``force=True`` to build it anyway.
        """
        return self.cayley_table()

    def cayley_table(self, *, force: bool = False) -> np.ndarray:
        """The Cayley table (see :attr:`table`); ``force=True`` lifts the size guard."""
        if "_table" in self.__dict__:
            return self.__dict__["_table"]
        n = self.order
        if n > MAX_TABLE_ORDER and not force:
            raise SizeLimitError(
                f"the Cayley table of a group of order {n} is {n}x{n} int32 "
                f"({4 * n * n / 2**30:.1f} GiB), above MAX_TABLE_ORDER={MAX_TABLE_ORDER}; use "
                "G.multiply(a, b) for products, or G.cayley_table(force=True)"
            )
        wm = self.word_metric
        inv = self.inverse
        steps = wm.steps
        first = steps[:, 0].astype(np.int64) if steps.shape[1] else np.zeros(n, np.int64)
        suffix = np.zeros(n, dtype=np.int64)  # element of the steps after the first
        for pos in range(1, steps.shape[1]):
            suffix = wm.ladder[steps[:, pos], suffix]
        # process rows by (word length, first step): suffixes are strictly shorter, so done
        order = np.lexsort((first, wm.lengths))
        rank = np.empty(n, dtype=np.int64)
        rank[order] = np.arange(n)
        key = wm.lengths[order] * wm.ladder.shape[0] + first[order]
        cuts = np.flatnonzero(np.diff(key)) + 1
        table = np.empty((n, n), dtype=np.int32)  # row p = row of element order[p]
        table[0] = np.arange(n, dtype=np.int32)
        inv_first = wm.inverse_codes(first)
        for a, b in zip(np.r_[1, cuts[cuts > 1]], np.r_[cuts[cuts > 1], n], strict=True):
            if a < b:
                elem = order[a]
                # left action of the piece y: index of y * g_j = inv[R_{y^-1}[inv[j]]]
                left = inv[wm.ladder[inv_first[elem]][inv]].astype(np.int32)
                table[a:b] = left[table[rank[suffix[order[a:b]]]]]
        if not np.array_equal(order, np.arange(n)):
            table = table[rank]
        table.setflags(write=False)
        self.__dict__["_table"] = table
        return table

    def element_orders(self) -> np.ndarray:
        """``(n,)`` array of element orders.

        Three vectorised paths, the cheapest available:

        * with a faithful permutation representation of degree ``d``: the order of a
          permutation is the lcm of its cycle lengths, found for all elements at once by
          iterating ``x -> g(x)`` on all points, ``O(n d^2)``;
        * with the Cayley table built: all powers ``g^t`` advanced together, ``O(n e)`` for
          exponent ``e``. Groups of order ``<= 8192`` whose diameter ``L`` makes word
          products expensive (``L log^2 n > n``, e.g. large cyclic or dihedral groups) build
          (and keep) their table for this;
        * otherwise: every order divides ``n``, so start from ``n`` and strip each prime ``p``
          while ``g^(ord/p) = 1``, with elementwise square-and-multiply powers:
          ``O(n L log^2 n)`` for diameter ``L``.
        """
        return self._element_orders

    @cached_property
    def _element_orders(self) -> np.ndarray:
        n = self.order
        if self._perms is not None and self._perms.shape[1] ** 2 <= 64 * n:
            orders = _permutation_orders(np.asarray(self._perms, dtype=np.int64))
        elif self._has_table() or (
            n <= 8192 and self.diameter * np.log2(max(n, 2)) ** 2 > n
        ):
            table = self.cayley_table()
            orders = np.ones(n, dtype=np.int64)
            todo = np.arange(1, n)
            cur = todo.copy()
            t = 1
            while todo.size:
                t += 1
                cur = table[cur, todo]
                done = cur == 0
                orders[todo[done]] = t
                todo, cur = todo[~done], cur[~done]
        else:
            orders = np.full(n, n, dtype=np.int64)
            elems = np.arange(n)
            for p in _prime_factors(n):
                while True:
                    cand = orders % p == 0
                    if not cand.any():
                        break
                    idx = np.flatnonzero(cand)
                    hit = self._powers(elems[idx], orders[idx] // p) == 0
                    if not hit.any():
                        break
                    orders[idx[hit]] //= p
        orders.setflags(write=False)
        return orders

    def _powers(self, a: np.ndarray, e: np.ndarray) -> np.ndarray:
        """Elementwise ``g_a[i] ** e[i]`` for non-negative ``e``: square-and-multiply on index
        arrays, ``O(m L log max(e))``."""
        res = np.zeros_like(a)
        base = a.copy()
        e = e.copy()
        while e.any():
            odd = (e & 1).astype(bool)
            if odd.any():
                res[odd] = self.multiply(res[odd], base[odd])
            e >>= 1
            live = e > 0
            if live.any():
                base[live] = self.multiply(base[live], base[live])
        return res

    @cached_property
    def exponent(self) -> int:
        """Least common multiple of the element orders."""
        return int(np.lcm.reduce(np.unique(self.element_orders())))

    @cached_property
    def is_abelian(self) -> bool:
        """Whether all generators commute (``R_s R_t = R_t R_s``), ``O(k^2 n)``."""
        r = self._right
        return all(
            np.array_equal(r[s][r[t]], r[t][r[s]])
            for s in range(r.shape[0])
            for t in range(s + 1, r.shape[0])
        )

    # ------------------------------------------------------------------ structure
    # Thin delegations: the algorithms live in subgroup.py / structure.py / representations.py;
    # results are computed once and cached (a Group never changes).
    def subgroup(self, gens: Any) -> Subgroup:
        """The subgroup generated by elements (indices, :class:`Element` s or word strings)."""
        from groupmat.algebra.subgroup import Subgroup

        return Subgroup(self, gens)

    def quotient(self, N: Any, *, return_map: bool = False) -> Any:
        """The quotient ``G/N`` by a normal subgroup, as a :class:`Group`; with
        ``return_map=True`` also the projection, an ``(n,)`` int array ``G -> G/N``."""
        from groupmat.algebra.subgroup import quotient

        return quotient(self, N, return_map=return_map)

    @cached_property
    def _conjugacy_classes(self) -> list[np.ndarray]:
        from groupmat.algebra.structure import conjugacy_classes

        return conjugacy_classes(self)

    def conjugacy_classes(self) -> list[np.ndarray]:
        """Conjugacy classes as sorted index arrays, the identity's class first."""
        return list(self._conjugacy_classes)

    @cached_property
    def _center(self) -> Subgroup:
        from groupmat.algebra.structure import center

        return center(self)

    def center(self) -> Subgroup:
        """The centre ``Z(G)``."""
        return self._center

    def centralizer(self, x: Any) -> Subgroup:
        """Centraliser of an element (or of a subgroup / set of elements)."""
        from groupmat.algebra.structure import centralizer

        return centralizer(self, x)

    def normalizer(self, H: Any) -> Subgroup:
        """Normaliser ``N_G(H)`` of a subgroup."""
        from groupmat.algebra.structure import normalizer

        return normalizer(self, H)

    @cached_property
    def _derived_series(self) -> list[Subgroup]:
        from groupmat.algebra.structure import derived_series

        return derived_series(self)

    def derived_subgroup(self) -> Subgroup:
        """The commutator subgroup ``G' = [G, G]``."""
        return self._derived_series[1] if len(self._derived_series) > 1 else self._derived_series[0]

    def derived_series(self) -> list[Subgroup]:
        """``G = G^(0) >= G^(1) = G' >= ...`` down to the point where it stabilises."""
        return list(self._derived_series)

    @cached_property
    def _lower_central_series(self) -> list[Subgroup]:
        from groupmat.algebra.structure import lower_central_series

        return lower_central_series(self)

    def lower_central_series(self) -> list[Subgroup]:
        """``G = γ_1 >= γ_2 = [G, G] >= γ_3 = [γ_2, G] >= ...`` until it stabilises."""
        return list(self._lower_central_series)

    @property
    def is_solvable(self) -> bool:
        """Whether the derived series reaches the trivial group."""
        return self._derived_series[-1].order == 1

    @property
    def is_nilpotent(self) -> bool:
        """Whether the lower central series reaches the trivial group."""
        return self._lower_central_series[-1].order == 1

    @property
    def is_perfect(self) -> bool:
        """Whether ``G = G'``."""
        return self.derived_subgroup().order == self.order

    @cached_property
    def is_simple(self) -> bool:
        """Whether ``G`` is nontrivial with no normal subgroups but ``1`` and ``G``."""
        from groupmat.algebra.structure import is_simple

        return is_simple(self)

    def upper_central_series(self) -> list[Subgroup]:
        """``1 = Z_0 <= Z_1 = Z(G) <= Z_2 <= ...`` until it stabilises."""
        from groupmat.algebra.structure import upper_central_series

        return upper_central_series(self)

    def class_map(self) -> np.ndarray:
        """``(n,)`` array: index of the conjugacy class of each element (in the order of
        :meth:`conjugacy_classes`)."""
        from groupmat.algebra.structure import class_map

        return class_map(self)

    @cached_property
    def _abelian_invariants(self) -> list[int]:
        from groupmat.algebra.structure import abelian_invariants

        return abelian_invariants(self)

    def abelian_invariants(self) -> list[int]:
        """Prime-power invariants of ``G/G'``, sorted (GAP's ``AbelianInvariants``)."""
        return list(self._abelian_invariants)

    @cached_property
    def _character_table(self) -> Any:
        from groupmat.algebra.representations import character_table

        return character_table(self)

    def character_table(self) -> Any:
        """The :class:`~groupmat.algebra.representations.CharacterTable` (computed once)."""
        return self._character_table

    def irreducible_representations(self) -> Any:
        """Unitary irreducible representations, see
        :func:`~groupmat.algebra.representations.irreducible_representations`."""
        from groupmat.algebra.representations import irreducible_representations

        return irreducible_representations(self)

    @cached_property
    def _character_degrees(self) -> list[int]:
        from groupmat.algebra.representations import character_degrees

        return character_degrees(self)

    def character_degrees(self) -> list[int]:
        """Sorted degrees of the irreducible complex characters."""
        return list(self._character_degrees)

    # ------------------------------------------------------------------ Cayley graph
    def cayley_graph(self) -> nx.DiGraph:
        """Right Cayley graph: an edge ``g -> g*x`` per element and generator, edge attribute
        ``generator`` (the generator's name); nodes carry ``label``."""
        from groupmat.algebra.cayley import cayley_graph

        return cayley_graph(self)

    def word_lengths(self) -> np.ndarray:
        """Word length ``|g_i|`` in the generators and their inverses, for every element."""
        return self.word_metric.lengths

    @property
    def diameter(self) -> int:
        """Largest word length."""
        return self.word_metric.diameter

    def ball(self, r: int) -> np.ndarray:
        """Sorted indices of the elements of word length ``<= r``."""
        return np.flatnonzero(self.word_metric.lengths <= r)


def _prime_factors(n: int) -> list[int]:
    """Distinct prime factors of ``n`` (trial division; ``n`` is a group order)."""
    out, p = [], 2
    while p * p <= n:
        if n % p == 0:
            out.append(p)
            while n % p == 0:
                n //= p
        p += 1
    if n > 1:
        out.append(n)
    return out


def _permutation_orders(perms: np.ndarray) -> np.ndarray:
    """Orders of the rows of an ``(n, d)`` array of permutations: lcm of cycle lengths.

    The cycle length of every point under every permutation is found by iterating
    ``y -> g(y)`` until each point returns, ``O(n d * max cycle)``.
    """
    n, d = perms.shape
    lengths = np.zeros((n, d), dtype=np.int64)
    start = np.broadcast_to(np.arange(d), (n, d))
    y = perms.copy()
    t = 1
    while True:
        back = (y == start) & (lengths == 0)
        lengths[back] = t
        if (lengths > 0).all():
            break
        y = np.take_along_axis(perms, y, axis=1)
        t += 1
    return np.lcm.reduce(lengths, axis=1)


class Element:
    """A light handle on one group element, for interactive use.

    Supports ``*``, ``**`` (negative exponents too), ``~`` (inverse), ``==``, ``hash``,
    ``.order`` and prints as its shortest word.
    """

    __slots__ = ("group", "index")

    def __init__(self, group: Group, index: int) -> None:
        self.group = group
        self.index = int(index)

    def _check(self, other: Any) -> Element:
        if not isinstance(other, Element):
            return NotImplemented  # type: ignore[return-value]
        if other.group is not self.group:
            raise ValueError("cannot combine elements of different groups")
        return other

    def __mul__(self, other: Any) -> Element:
        o = self._check(other)
        if o is NotImplemented:
            return NotImplemented
        return Element(self.group, int(self.group.multiply(self.index, o.index)))

    def __pow__(self, e: int) -> Element:
        return Element(self.group, int(self.group.power(self.index, int(e))))

    def __invert__(self) -> Element:
        return Element(self.group, int(self.group.inverse[self.index]))

    def inverse(self) -> Element:
        return ~self

    def __eq__(self, other: object) -> bool:
        return (
            isinstance(other, Element) and other.group is self.group and other.index == self.index
        )

    def __hash__(self) -> int:
        return hash((id(self.group), self.index))

    def __int__(self) -> int:
        return self.index

    def __index__(self) -> int:
        return self.index

    @property
    def order(self) -> int:
        return int(self.group.element_orders()[self.index])

    @property
    def word(self) -> tuple[int, ...]:
        return self.group.word(self.index)

    def __repr__(self) -> str:
        return self.group.label(self.index)

    __str__ = __repr__
