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

import copy
from collections.abc import Iterator, Sequence
from functools import cached_property
from typing import TYPE_CHECKING, Any

import numpy as np

from groupmat.algebra._cayley import WordMetric, word_metric
from groupmat.algebra._element import Element
from groupmat.algebra._group_structure import StructureMethods
from groupmat.algebra._validate import as_int, element_array, element_index
from groupmat.algebra.permgroups._action_methods import PermutationActionMethods
from groupmat.algebra.subgroups._methods import SubgroupLatticeMethods
from groupmat.errors import NotAGroupError, SizeLimitError

if TYPE_CHECKING:  # pragma: no cover
    from groupmat.algebra.presentations._presentation import Presentation

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


class Group(StructureMethods, SubgroupLatticeMethods, PermutationActionMethods):
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
        Optional :class:`~groupmat.Presentation` the group was built from.
    name
        Optional short name (``"D8"``, ``"PSL(2,7)"``) shown in ``repr``.
    element_orders
        Optional ``(n,)`` element orders when known in closed form (named families); otherwise
        computed on demand.
    table
        Optional ``(n, n)`` Cayley table already known (a group read from its table); it must
        agree with ``right_action`` on the generators' columns.
    source_indices
        Optional ``(n,)`` map from this group's element indices to those of the data it was
        built from (see :meth:`from_cayley_table`).

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
        presentation: Presentation | None = None,
        name: str | None = None,
        element_orders: np.ndarray | None = None,
        table: np.ndarray | None = None,
        source_indices: np.ndarray | None = None,
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
        if name is not None and not isinstance(name, str):
            raise TypeError(f"name must be a string, got {type(name).__name__}")
        self._name = name
        n = right.shape[1]
        if table is not None:
            tab = np.ascontiguousarray(table, dtype=np.int32)
            if tab.shape != (n, n) or (k and not np.array_equal(tab[:, right[:, 0]].T, right)):
                raise NotAGroupError("table does not agree with right_action")
            tab.setflags(write=False)
            self.__dict__["_table"] = tab
        if source_indices is not None:
            src = np.array(source_indices, dtype=np.int64)
            if src.shape != (n,):
                raise ValueError(f"source_indices must have shape ({n},), got {src.shape}")
            src.setflags(write=False)
        self._source = source_indices if source_indices is None else src
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
            Size guard (default :data:`~groupmat.DEFAULT_MAX_ORDER`).

        Notes
        -----
        Elements are numbered in shortlex order of their shortest words; closure (through a
        Schreier-Sims stabiliser chain) costs ``O(n (d + m k))`` time for a base of length ``m``
        and ``O(n d)`` memory (see
        :func:`~groupmat.algebra._permutations.close_permutations`).

        Examples
        --------
        >>> Group.from_permutations([[1, 2, 3, 0]]).order
        4
        """
        from groupmat.algebra._permutations import (
            DEFAULT_MAX_ORDER,
            close_permutations,
            normalize_permutations,
        )

        arr = normalize_permutations(gens, degree)
        if arr.shape[0] == 0:  # trivial group on `degree` points
            ident = np.arange(arr.shape[1])[None, :]
            return cls(np.zeros((0, 1), dtype=np.int32), permutations=ident, name=name or "1")
        try:
            closure = close_permutations(arr, max_order=max_order or DEFAULT_MAX_ORDER)
        except SizeLimitError as exc:
            raise SizeLimitError(
                f"{exc}. To work with the group without listing its elements use "
                "groupmat.PermGroup(gens) (stabiliser chain: order, membership, stabilisers, "
                "orbits, blocks, derived series at any size); PermGroup.to_group() lists it "
                "when it fits"
            ) from None
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
        from groupmat.algebra._cayley_table import group_from_table

        return group_from_table(cls, table, names=names, name=name)

    @classmethod
    def from_presentation(cls, spec: str | Presentation, **enumeration_options: Any) -> Group:
        """The finite group defined by a presentation, by Todd-Coxeter coset enumeration.

        Parameters
        ----------
        spec
            A GAP-syntax string ``"< a, b | a^2, b^3, (a*b)^7 >"`` or a
            :class:`~groupmat.Presentation`.
        **enumeration_options
            Passed to :func:`~groupmat.enumerate_cosets`
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
        from groupmat.algebra.presentations._coset_enumeration import enumerate_cosets
        from groupmat.algebra.presentations._presentation import Presentation

        pres = spec if isinstance(spec, Presentation) else Presentation.parse(str(spec))
        table = enumerate_cosets(pres, **enumeration_options)
        return cls(table.action, generator_names=pres.generators, presentation=pres)

    @classmethod
    def from_matrices(cls, mats: Any, modulus: int | None = None, **options: Any) -> Group:
        """The group generated by invertible integer matrices, optionally mod a prime power.

        See :func:`groupmat.matrix_group` for options and guards.
        """
        from groupmat.algebra._matrix_groups import matrix_group

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
    def name(self) -> str | None:
        """Short name shown in ``repr`` (``"D8"``), or ``None``. Read-only: a group never
        changes after construction."""
        return self._name

    def renamed(self, name: str) -> Group:
        """The same group under another name (a new object sharing this one's read-only
        arrays and cached data; subgroups and elements of ``self`` do not belong to it).

        Examples
        --------
        >>> G = Group.from_permutations([[1, 2, 0]])
        >>> G.renamed("C3")
        <Group C3 of order 3 on generators a>
        """
        if not isinstance(name, str):
            raise TypeError(f"name must be a string, got {type(name).__name__}")
        H = copy.copy(self)
        H._name = name
        return H

    @property
    def source_indices(self) -> np.ndarray | None:
        """For a group read from data with its own numbering (a Cayley table): element ``i``
        is element ``source_indices[i]`` there. ``None`` for other groups."""
        return self._source

    @property
    def presentation(self) -> Presentation | None:
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
        if isinstance(x, (str, tuple, list)):
            return Element(self, self.evaluate(x))
        return Element(self, element_index(self, x))

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
        """Shortest words, word lengths and BFS tree (see :mod:`groupmat.algebra._cayley`)."""
        return word_metric(self._right)

    def word(self, i: int) -> tuple[int, ...]:
        """A shortest word of element ``i`` as GAP letters (generator ``s`` is ``s+1``, inverse
        ``-(s+1)``)."""
        return self.word_metric.word(element_index(self, i))

    def label(self, i: int | Element) -> str:
        """Element ``i`` printed as a shortest word in the generators, e.g. ``"a*b^-1"``.

        Examples
        --------
        >>> G = Group.from_permutations([[1, 2, 3, 0]])
        >>> [G.label(i) for i in range(4)]
        ['1', 'a', 'a^-1', 'a^2']
        """
        from groupmat.algebra.presentations._presentation import word_to_string

        return word_to_string(self.word(element_index(self, i)), self._names)

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
            from groupmat.algebra.presentations._presentation import parse_word

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

    @property
    def table_is_built(self) -> bool:
        """Whether the Cayley table has been built (``G.table`` is then free; nothing that
        merely reads the group builds it)."""
        return self._has_table()

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
        aa = element_array(self, a)
        bb = element_array(self, b)
        scalar = aa.ndim == 0 and bb.ndim == 0
        aa, bb = np.broadcast_arrays(aa, bb)
        if self._has_table():
            res = self.__dict__["_table"][aa, bb].astype(np.int64)
        elif bb.ndim == 0 or (bb.size and (bb == bb.flat[0]).all()):  # one right factor
            from groupmat.algebra._element_arrays import right_multiply

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
        aa = element_array(self, a)
        e = as_int(e, "exponent")
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

        Computed along the tree of shortest words (``(p x)^-1 = x^-1 p^-1``, see
        :func:`~groupmat.algebra._cayley.inverse_map`): ``O(n k)`` time and ``O(n k)`` int32
        memory, independent of word lengths.
        """
        from groupmat.algebra._cayley import inverse_map

        res = inverse_map(self.word_metric)
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

    def cayley_table(self, *, force: bool = False, max_order: int | None = None) -> np.ndarray:
        """The Cayley table (see :attr:`table`).

        ``force=True`` lifts the size guard; ``max_order`` sets it for this call (default
        :data:`MAX_TABLE_ORDER`). A table already built is returned whatever the guard.
        """
        if "_table" in self.__dict__:
            return self.__dict__["_table"]
        n = self.order
        limit = MAX_TABLE_ORDER if max_order is None else max_order
        if n > limit and not force:
            raise SizeLimitError(
                f"the Cayley table of a group of order {n} is {n}x{n} int32 "
                f"({4 * n * n / 2**30:.1f} GiB), above max_order={limit}; use "
                "G.multiply(a, b) for products, or G.cayley_table(force=True)"
            )
        table = self._build_cayley_table()
        self.__dict__["_table"] = table
        return table

    def _build_cayley_table(self) -> np.ndarray:
        """Build the table (no guard, no cache): along shortest words by default; subclasses
        with index arithmetic (crystallographic groups) override only this."""
        from groupmat.algebra._cayley import build_cayley_table

        return build_cayley_table(self)

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
        from groupmat.algebra._orders import element_orders

        return element_orders(self)

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
