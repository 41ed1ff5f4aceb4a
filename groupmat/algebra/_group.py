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
from groupmat.algebra._validate import (
    ElementLike,
    ElementsLike,
    as_int,
    element_array,
    element_index,
)
from groupmat.algebra.permgroups._action_methods import PermutationActionMethods
from groupmat.algebra.subgroups._methods import SubgroupLatticeMethods
from groupmat.errors import NotAGroupError, PresentationError, SizeLimitError

if TYPE_CHECKING:  # pragma: no cover
    import sympy
    from numpy.typing import ArrayLike
    from sympy.combinatorics import PermutationGroup

    from groupmat.algebra.permgroups._perms import PermutationsLike
    from groupmat.algebra.presentations._presentation import Presentation

__all__ = ["MAX_TABLE_ORDER", "Element", "Group", "default_generator_names"]

#: Largest order for which ``G.table`` is built without being asked explicitly
#: (an ``n x n`` int32 table: 20000 elements take 1.6 GB). Use ``G.cayley_table(force=True)``.
MAX_TABLE_ORDER = 20_000


#: Largest degree :meth:`Group.from_permutations` accepts (elements are stored as image lists).
MAX_LISTED_DEGREE = 1 << 22


def _input_degree(gens: Any, degree: Any) -> int:
    """The degree permutation input asks for, read without converting it (0 if unknown)."""
    d = degree if isinstance(degree, int) else 0
    if isinstance(gens, np.ndarray):
        return max(d, int(gens.shape[-1]) if gens.ndim else 0)
    if hasattr(gens, "degree") and hasattr(gens, "generators"):  # sympy PermutationGroup
        return max(d, int(gens.degree))
    if isinstance(gens, (list, tuple)):
        for r in gens:
            size = getattr(r, "size", None)  # sympy Permutation, numpy array
            if isinstance(size, int):
                d = max(d, size)
            elif hasattr(r, "__len__"):
                d = max(d, len(r))
    return d


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
    element_names
        Optional ``n`` distinct strings naming the elements (in index order); they become the
        labels (:meth:`label`) and :meth:`evaluate` reads them back.

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
        element_names: Sequence[str] | None = None,
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
        from groupmat.algebra.presentations._gap_syntax import _IDENT

        for nm in names:
            if not isinstance(nm, str) or not _IDENT.fullmatch(nm):
                raise PresentationError(
                    f"generator name {nm!r} is not an identifier ([A-Za-z_][A-Za-z0-9_]*): "
                    "labels such as 'a*b^-1' must parse back; pick names like 'r', 's', 'x1'"
                )
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
        self._element_names: tuple[str, ...] | None = None
        self._name_index: dict[str, int] = {}
        if element_names is not None:
            if isinstance(element_names, str):
                raise TypeError("element_names must be a sequence of strings, not one string")
            en = tuple(element_names)
            if len(en) != n:
                raise ValueError(f"{len(en)} element names for a group of order {n}")
            bad = [x for x in en if not isinstance(x, str) or not x.strip()]
            if bad:
                raise TypeError(f"element names must be non-empty strings, got {bad[0]!r}")
            if len(set(en)) != n:
                dup = next(x for x in en if en.count(x) > 1)
                raise ValueError(f"element names must be distinct, {dup!r} appears twice")
            self._element_names = en
            self._name_index = {x: i for i, x in enumerate(en)}
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
        gens: PermutationsLike,
        *,
        degree: int | None = None,
        names: Sequence[str] | None = None,
        max_order: int | None = None,
        name: str | None = None,
        generator_names: Sequence[str] | None = None,
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
        names, generator_names
            Generator names for labels (default ``a, b, c, ...``); the two spellings are the
            same argument (``generator_names`` as in :meth:`from_cayley_table`).
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

        if generator_names is not None:
            if names is not None:
                raise TypeError("pass names= or generator_names=, not both")
            names = generator_names
        d_in = _input_degree(gens, degree)
        if d_in > MAX_LISTED_DEGREE:
            raise SizeLimitError(
                f"permutations on {d_in:_} points: a listed Group stores every element as an "
                f"image list (at least {2 * d_in * 8 / 2**30:.2f} GiB for two elements), above "
                f"MAX_LISTED_DEGREE={MAX_LISTED_DEGREE:_}. Relabel the moved points 0..m-1 "
                "first, or use groupmat.PermGroup(gens) (stabiliser chain)"
            )
        arr = normalize_permutations(gens, degree)
        if arr.shape[0] == 0:  # trivial group on `degree` points
            ident = np.arange(arr.shape[1])[None, :]
            return cls(np.zeros((0, 1), dtype=np.int32), permutations=ident, name=name or "1")
        if max_order is not None:
            max_order = as_int(max_order, "max_order", minimum=1)
        try:
            closure = close_permutations(
                arr, max_order=DEFAULT_MAX_ORDER if max_order is None else max_order
            )
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
        cls,
        table: ArrayLike,
        *,
        element_names: Sequence[str] | None = None,
        generator_names: Sequence[str] | None = None,
        name: str | None = None,
        names: Sequence[str] | None = None,
    ) -> Group:
        """The group with a given multiplication table (validated).

        ``table[i, j]`` is the index of ``x_i * x_j``, or the *name* of ``x_i * x_j`` in a
        table of strings (then ``element_names`` gives the row and column order). The identity
        may be any index; elements are renumbered only to move it to 0 (``x_e`` and ``x_0``
        swap places); the map is kept in ``G.source_indices`` (``G`` element ``i`` is table
        element ``G.source_indices[i]``). A small generating set is chosen greedily (elements
        of largest order first).

        Parameters
        ----------
        table
            ``n x n`` integers in ``0..n-1``, or strings from ``element_names``.
        element_names
            ``n`` distinct names of the rows/columns, kept as the element labels
            (:meth:`label`, :attr:`element_names`; :meth:`evaluate` reads them back). When the
            chosen generators' names are identifiers they also become the generator names.
        generator_names
            Names of the chosen generators (default: their element names when those are
            identifiers, else ``a, b, c, ...``).
        name
            Short name shown in ``repr``.
        names
            Deprecated (ambiguous): ``n`` names are taken as ``element_names``, any other
            number as ``generator_names``; a ``DeprecationWarning`` says which.

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
        >>> names = ["e", "r", "r2", "r3"]
        >>> t = [[names[(i + j) % 4] for j in range(4)] for i in range(4)]
        >>> G = Group.from_cayley_table(t, element_names=names)
        >>> G.labels(), G.evaluate("r2")
        (['e', 'r', 'r2', 'r3'], 2)
        """
        from groupmat.algebra._cayley_table import group_from_table

        if names is not None:
            import warnings

            n = len(np.asarray(table, dtype=object))
            if len(names) == n and element_names is None:
                element_names, which = names, "element_names"
            elif generator_names is None:
                generator_names, which = names, "generator_names"
            else:
                raise TypeError("pass names= or element_names=/generator_names=, not both")
            warnings.warn(
                f"from_cayley_table(names=...) is deprecated and ambiguous; these {len(names)} "
                f"names were taken as {which}=: pass {which}= (or the other) explicitly",
                DeprecationWarning,
                stacklevel=2,
            )
        return group_from_table(
            cls, table, element_names=element_names, generator_names=generator_names, name=name
        )

    @classmethod
    def from_presentation(cls, spec: str | Presentation, **enumeration_options: Any) -> Group:
        """The finite group defined by a presentation, by Todd-Coxeter coset enumeration.

        Parameters
        ----------
        spec
            A GAP-syntax string ``"< a, b | a^2, b^3, (a*b)^7 >"``, a
            :class:`~groupmat.Presentation`, or a sympy ``FpGroup`` (generator names kept).
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

        if isinstance(spec, Presentation):
            pres = spec
        elif isinstance(spec, str):
            pres = Presentation.parse(spec)
        elif hasattr(spec, "free_group") and hasattr(spec, "relators"):
            pres = Presentation.from_sympy(spec)
        else:
            raise TypeError(
                "from_presentation expects a GAP-syntax string like '< a, b | a^2, b^3 >', a "
                f"Presentation or a sympy FpGroup, got {type(spec).__name__}"
            )
        table = enumerate_cosets(pres, **enumeration_options)
        return cls(table.action, generator_names=pres.generators, presentation=pres)

    @classmethod
    def from_matrices(
        cls, mats: ArrayLike | Sequence[sympy.Matrix], modulus: int | None = None, **options: Any
    ) -> Group:
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

    def element(self, x: ElementLike | Sequence[int]) -> Element:
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

    def word(self, i: ElementLike) -> tuple[int, ...]:
        """A shortest word of element ``i`` as GAP letters (generator ``s`` is ``s+1``, inverse
        ``-(s+1)``)."""
        return self.word_metric.word(element_index(self, i))

    @property
    def element_names(self) -> tuple[str, ...] | None:
        """The elements' own names (a group read from a table of names), or ``None``."""
        return self._element_names

    def label(self, i: ElementLike) -> str:
        """Element ``i`` printed as a shortest word in the generators, e.g. ``"a*b^-1"``, or by
        its name when the group has :attr:`element_names`.

        Examples
        --------
        >>> G = Group.from_permutations([[1, 2, 3, 0]])
        >>> [G.label(i) for i in range(4)]
        ['1', 'a', 'a^-1', 'a^2']
        """
        from groupmat.algebra.presentations._presentation import word_to_string

        if self._element_names is not None:
            return self._element_names[element_index(self, i)]
        return word_to_string(self.word(element_index(self, i)), self._names)

    def labels(self) -> list[str]:
        """Labels of all elements, in index order (the same strings as :meth:`label`).

        Built along the shortest-word tree, extending the parent's label by one letter (a run
        of one letter only raises the last exponent), so the cost is the total length of the
        labels, not of the words: ``O(n)`` for a cyclic group (``a^k``), where labelling
        each element from its word would cost ``O(n^2)``.
        """
        if self._element_names is not None:
            return list(self._element_names)
        wm = self.word_metric
        names = self._names
        parent = wm.parent.tolist()
        last = wm.last_letter.tolist()
        n = self.order
        prefix = [""] * n  # the label without its last syllable ("" for the first one)
        run = [0] * n  # exponent of the last syllable (0 for the identity)
        out = ["1"] * n

        def syllable(x: int, e: int) -> str:
            name = names[abs(x) - 1]
            e = e if x > 0 else -e
            return name if e == 1 else f"{name}^{e}"

        for i in wm.order.tolist()[1:]:  # parents come before children
            p, x = parent[i], last[i]
            if p != 0 and last[p] == x:
                prefix[i], run[i] = prefix[p], run[p] + 1
            else:
                prefix[i], run[i] = ("" if p == 0 else out[p] + "*"), 1
            out[i] = prefix[i] + syllable(x, run[i])
        return out

    def evaluate(self, word: str | Sequence[int]) -> int:
        """Index of the element given by a word: a string in the generator names (GAP syntax,
        commutators and powers allowed), one of :attr:`element_names`, or a sequence of GAP
        letters.

        Examples
        --------
        >>> G = Group.from_permutations([[1, 2, 3, 0]])
        >>> G.evaluate("a^3*a^2"), G.evaluate([1, 1, -1])
        (1, 1)
        """
        if isinstance(word, str) and word.strip() in self._name_index:
            return self._name_index[word.strip()]
        if isinstance(word, str):
            from groupmat.algebra.presentations._presentation import parse_word

            letters = parse_word(word, self._names)
        else:
            from groupmat.algebra.presentations._gap_syntax import as_word

            letters = as_word(word, len(self._names), "word")
        k = len(self._names)
        lp = self.word_metric.letter_perms
        cur = 0
        for letter in letters:
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

    def multiply(self, a: ElementsLike, b: ElementsLike) -> np.ndarray | int:
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

    def power(self, a: ElementsLike, e: int) -> np.ndarray | int:
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

    def to_sympy(self, action: str = "auto") -> PermutationGroup:
        """The group as a sympy ``PermutationGroup`` on the same generators (in order).

        Parameters
        ----------
        action
            ``"natural"``: the permutation representation the group was built from
            (:attr:`permutations`, e.g. degree 5 for ``S5`` from image lists); ``"regular"``:
            the right regular action on the ``n`` element indices, generator ``x_s`` acting as
            ``i -> index(g_i x_s)`` (:attr:`right_action`, degree ``n``, always faithful);
            ``"auto"`` (default): natural when the group has a permutation representation,
            else regular.

        Notes
        -----
        Both conventions agree with sympy's product ``(p*q)(x) = q(p(x))`` (first ``p``), so
        ``x_s -> sympy generator s`` extends to an isomorphism. Cost ``O(k d)`` for ``k``
        generators of degree ``d``.

        Examples
        --------
        >>> G = Group.from_permutations([[1, 2, 3, 0], [3, 2, 1, 0]])
        >>> P = G.to_sympy()
        >>> P.order(), P.degree, G.to_sympy("regular").degree
        (8, 4, 8)
        """
        from sympy.combinatorics import Permutation, PermutationGroup

        if action not in ("auto", "natural", "regular"):
            raise ValueError(f"action must be 'auto', 'natural' or 'regular', got {action!r}")
        if action == "natural" and self._perms is None:
            raise ValueError(
                f"{self!r} has no permutation representation to use as its natural action: "
                "pass action='regular' (or 'auto')"
            )
        if action == "regular" or self._perms is None:
            images = self._right
            degree = self.order
        else:
            images = np.asarray(self._perms)[list(self.generators)]
            degree = int(np.asarray(self._perms).shape[1])
        gens = [Permutation([int(v) for v in row], size=max(degree, 1)) for row in images]
        if not gens:
            gens = [Permutation(list(range(max(degree, 1))))]
        return PermutationGroup(gens)

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
