"""Todd-Coxeter coset enumeration: the right action of a finitely presented group on the cosets
of a subgroup, as integer arrays.

Given ``G = < X | R >`` and ``H = < w_1, ..., w_m > <= G`` of finite index, the enumeration
builds the *coset table*: for every coset ``H g`` and generator ``x``, the coset ``H g x``. For
the trivial subgroup the cosets are the elements and the table is the right regular
representation of ``G``.

Two strategies (Holt, Eick, O'Brien, *Handbook of Computational Group Theory*, 2005, ch. 5;
Havas, *Coset enumeration strategies*, ISSAC 1991; Havas & Ramsay, *Coset enumeration: ACE*):

* ``"hlt"`` (Hazelgrove-Leech-Trotter, the default): take the live cosets in order and trace
  every relator from each, defining new cosets wherever the trace has a gap ("scan and fill").
  Fast per coset, but may define many redundant cosets; when the table fills, a *lookahead*
  scans the remaining cosets without defining any, so that pending coincidences free rows, and
  the table is *compressed* (or, below ``max_cosets``, doubled).
* ``"felsch"``: define only the first undefined table entry, then immediately trace every
  cyclic conjugate of every relator (and inverse relator) through each new entry
  ("deductions"). Defines few cosets (often exactly the index), at a higher cost per
  definition; good when memory is tight.

Coincidences (two coset numbers found to name one coset) are processed with a queue and
union-find forwarding (§5.1.3); the compiled kernel keeps the forwarding in the queue and marks
a dead coset in its own row, as ACE does, so the table is all it holds per coset. Generators
with a relator ``x^2`` share one column for ``x`` and ``x^-1``, halving the work for Coxeter
groups.

The hot loop runs in a small C extension (``groupmat.algebra.presentations._coset_kernel``, built by
``pip install -e .``); when it is not available, a pure-Python kernel with exactly the same
steps (and therefore the same table and statistics) is used, about 30-100 times slower.

Examples
--------
>>> ct = enumerate_cosets("< a, b | a^2, b^3, (a*b)^5 >")
>>> ct.index
60
>>> ct.action.shape
(2, 60)
>>> subgroup_index("< a, b | a^2, b^3, (a*b)^5 >", ["b"])
20
"""

from __future__ import annotations

import numbers
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import numpy as np

from groupmat.algebra._validate import as_int
from groupmat.algebra.matrices._progress import stderr_is_tty
from groupmat.algebra.presentations import _coset_python
from groupmat.algebra.presentations._gap_syntax import _shown, as_word
from groupmat.algebra.presentations._presentation import (
    Presentation,
    cyclically_reduce,
    free_reduce,
    parse_word,
    word_to_string,
)
from groupmat.errors import CosetEnumerationError, PresentationError, SizeLimitError

__all__ = [
    "STRATEGIES",
    "CosetTable",
    "EnumerationStats",
    "enumerate_cosets",
    "kernel_backend",
    "subgroup_index",
]

Word = tuple[int, ...]

#: Strategy names accepted by :func:`enumerate_cosets`.
STRATEGIES = ("hlt", "felsch")
DEFAULT_MAX_COSETS = 4_000_000
#: Memory the default coset limit allows the table (``max_cosets=None``): the limit is
#: ``min(DEFAULT_MAX_COSETS, DEFAULT_MAX_TABLE_BYTES // (4 * (columns + 1)))``.
DEFAULT_MAX_TABLE_BYTES = 1 << 30
_WORK_PER_CALL = 20_000_000  # ~table look-ups per kernel call (keeps Ctrl-C and the bar live)
_INIT_CAP = 4096
_LOOKAHEAD_FROM = 1 << 20  # HLT: look ahead before growing a full table of this many rows
_CHUNK = 8192  # cosets scanned per kernel call (progress bar and Ctrl-C granularity)
_PROGRESS_AFTER_S = 1.0


def _c_kernel() -> Any:
    try:
        from groupmat.algebra.presentations import _coset_kernel  # type: ignore[attr-defined]
    except ImportError:  # pragma: no cover - depends on the build
        return None
    return _coset_kernel


def kernel_backend() -> str:
    """``"c"`` if the compiled kernel is importable, else ``"python"``.

    Examples
    --------
    >>> kernel_backend() in ("c", "python")
    True
    """
    return "c" if _c_kernel() is not None else "python"


# --------------------------------------------------------------------------------------------
# result objects
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class EnumerationStats:
    """Work done by one enumeration: ``defined`` cosets in total, the largest number of live
    cosets at any time (``max_live``; the index is the final number), coincidences,
    lookahead passes, compressions, and wall-clock ``seconds``."""

    strategy: str
    backend: str
    defined: int
    max_live: int
    coincidences: int
    lookaheads: int
    compressions: int
    seconds: float


@dataclass(frozen=True, eq=False)
class CosetTable:
    """The right action of the generators on the cosets of a subgroup ``H`` (a coset table).

    Attributes
    ----------
    presentation
        The finitely presented group ``G``.
    subgroup
        Generators of ``H`` as words (letter representation).
    action
        ``int32`` array of shape ``(k, index)``: ``action[s, c]`` is the coset ``c · x_s``
        (0-based; generator ``s`` is letter ``s + 1``). Coset 0 is ``H`` itself.
    inverse_action
        Same for the inverses: ``inverse_action[s, action[s, c]] == c``.
    parent, parent_letter
        The BFS tree: coset ``c > 0`` is ``parent[c] · x`` with ``x = parent_letter[c]`` (a
        letter ``±(s+1)``); ``parent[0] == -1``, ``parent_letter[0] == 0``. Computed from the
        table on first access (O(index × columns), 8 bytes per coset), not by the enumeration.
    stats
        :class:`EnumerationStats`.

    Cosets are numbered in *lenlex standard order*: breadth first from ``H``, trying the
    letters in the order ``x_1, x_1^-1, x_2, x_2^-1, ...``. So coset ``c`` is represented by
    the shortlex-least word ``w`` with ``H w = c`` (:meth:`representative`), and the numbering
    depends only on ``G``, ``H`` and the order of the generators, not on the strategy.

    Examples
    --------
    >>> ct = enumerate_cosets("< a, b | a^3, b^2, (a*b)^2 >")
    >>> ct.index
    6
    >>> ct.action[0]  # a: 0 -> 1 -> 2 -> 0, ...
    array([1, 2, 0, 5, 3, 4], dtype=int32)
    >>> ct.representative(5), ct.word(5)  # lenlex: a < a^-1 < b < b^-1
    ((-1, 2), 'a^-1*b')
    """

    presentation: Presentation
    subgroup: tuple[Word, ...]
    action: np.ndarray
    inverse_action: np.ndarray
    stats: EnumerationStats = field(repr=False)

    @cached_property
    def _tree(self) -> tuple[np.ndarray, np.ndarray]:
        """(parent, parent_letter) of the BFS tree, read off the table.

        The cosets are numbered breadth first, rows in increasing order, letters in the order
        ``x_1, x_1^-1, x_2, ...``; so the parent of ``c > 0`` is the least coset ``j`` with
        ``j · x = c`` for some letter ``x`` (the first row that reaches ``c``), i.e. the least
        ``c · x^-1``, and its letter is the first ``x`` in that order attaining it.
        """
        n, k = self.index, self.action.shape[0]
        parent = np.full(n, n, dtype=np.int32)
        letter = np.zeros(n, dtype=np.int32)
        for s in range(k):  # parents along x_s, then along x_s^-1 (j = c x_s^-1, c x_s)
            for sign, src in ((1, self.inverse_action[s]), (-1, self.action[s])):
                better = src < parent  # strict: an earlier letter keeps a tie
                np.copyto(parent, src, where=better)
                letter[better] = sign * (s + 1)
        parent[0], letter[0] = -1, 0
        for a in (parent, letter):
            a.flags.writeable = False
        return parent, letter

    @property
    def parent(self) -> np.ndarray:
        """BFS parent of each coset (``int32``, ``parent[0] == -1``), see the class notes."""
        return self._tree[0]

    @property
    def parent_letter(self) -> np.ndarray:
        """Letter ``±(s+1)`` from ``parent[c]`` to ``c`` (``int32``, 0 for coset 0)."""
        return self._tree[1]

    @property
    def index(self) -> int:
        """``[G : H]``, the number of cosets."""
        return int(self.action.shape[1])

    def __len__(self) -> int:
        return self.index

    def __repr__(self) -> str:
        return (
            f"CosetTable(index={self.index}, generators={self.presentation.generators}, "
            f"subgroup={len(self.subgroup)} words, strategy={self.stats.strategy!r})"
        )

    def representative(self, coset: int) -> Word:
        """The shortlex-least word ``w`` with ``H w`` = coset ``coset``. O(len(w))."""
        if not 0 <= coset < self.index:
            raise IndexError(f"coset {coset} out of range 0..{self.index - 1}")
        out = []
        while coset > 0:
            out.append(int(self.parent_letter[coset]))
            coset = int(self.parent[coset])
        return tuple(reversed(out))

    def word(self, coset: int) -> str:
        """:meth:`representative` as a string in the generator names, e.g. ``"a*b^-1"``."""
        return word_to_string(self.representative(coset), self.presentation.generators)

    @cached_property
    def depth(self) -> np.ndarray:
        """Length of each coset's representative (BFS distance from ``H``), ``int32``."""
        d = np.zeros(self.index, dtype=np.int32)
        for c in range(1, self.index):  # parents precede children in BFS order
            d[c] = d[self.parent[c]] + 1
        return d

    def apply(self, coset: int, word: Sequence[int] | str) -> int:
        """The coset ``coset · w`` for a word (tuple of letters or a string).

        Examples
        --------
        >>> ct = enumerate_cosets("< a | a^5 >")
        >>> ct.apply(0, "a^7"), ct.word(3)  # cosets in lenlex order: 1, a, a^-1, a^2, a^-2
        (3, 'a^2')
        """
        if isinstance(word, str):
            word = parse_word(word, self.presentation.generators)
        c = int(coset)
        for x in word:
            c = int(self.action[x - 1, c] if x > 0 else self.inverse_action[-x - 1, c])
        return c


# --------------------------------------------------------------------------------------------
# preparation: letters -> table columns
# --------------------------------------------------------------------------------------------


@dataclass
class _Compiled:
    ncols: int
    inv: list[int]
    col: dict[int, int]  # letter -> column
    letter: list[int]  # column -> letter
    relators: list[list[int]]
    subgroup: list[list[int]]
    conjugates: list[list[list[int]]]


def _as_presentation(presentation: Presentation | str) -> Presentation:
    if isinstance(presentation, Presentation):
        return presentation
    if isinstance(presentation, str):
        return Presentation.parse(presentation)
    if hasattr(presentation, "free_group") and hasattr(presentation, "relators"):
        return Presentation.from_sympy(presentation)
    raise TypeError(
        f"expected a Presentation or a string like '< a, b | a^2 >', "
        f"got {type(presentation).__name__}"
    )


def _subgroup_words(pres: Presentation, subgroup: Any) -> tuple[Word, ...]:
    if isinstance(subgroup, str):
        subgroup = [subgroup]
    k = len(pres.generators)
    if (
        subgroup is None
        or isinstance(subgroup, (bytes, numbers.Number))
        or not isinstance(subgroup, Iterable)
    ):
        raise PresentationError(
            f"subgroup must be a list of words (strings such as 'a*b' or tuples of letters "
            f"±1..±{k}); pass () for the trivial subgroup, got {type(subgroup).__name__} "
            f"{_shown(subgroup)}"
        )
    out = []
    for w in subgroup:
        if isinstance(w, str):
            out.append(parse_word(w, pres.generators))
            continue
        out.append(free_reduce(as_word(w, k, "subgroup word")))
    return tuple(out)


def _compile(pres: Presentation, subgroup: tuple[Word, ...], felsch: bool) -> _Compiled:
    rels = [cyclically_reduce(r) for r in pres.relators]
    involutions = {abs(r[0]) for r in rels if len(r) == 2 and r[0] == r[1]}
    col: dict[int, int] = {}
    inv: list[int] = []
    letter: list[int] = []
    for g in range(1, len(pres.generators) + 1):
        c = len(inv)
        if g in involutions:
            col[g] = col[-g] = c
            inv.append(c)
            letter.append(g)
        else:
            col[g], col[-g] = c, c + 1
            inv += [c + 1, c]
            letter += [g, -g]

    def reduce(word: Sequence[int], cyclic: bool) -> list[int]:
        out: list[int] = []
        for x in word:
            c = col[x]
            if out and out[-1] == inv[c]:
                out.pop()
            else:
                out.append(c)
        if cyclic:
            i, j = 0, len(out) - 1
            while i < j and out[i] == inv[out[j]]:
                i += 1
                j -= 1
            out = out[i : j + 1]
        return out

    seen: set[tuple[int, ...]] = set()
    relcols: list[list[int]] = []
    for r in rels:
        w = reduce(r, cyclic=True)
        if w and tuple(w) not in seen:
            seen.add(tuple(w))
            relcols.append(w)
    relcols.sort(key=len)
    hcols = [w for w in (reduce(h, cyclic=False) for h in subgroup) if w]
    conj: list[list[list[int]]] = [[] for _ in inv]
    if felsch:
        cseen: set[tuple[int, ...]] = set()
        for r in relcols:
            for w in (r, [inv[x] for x in reversed(r)]):
                for s in range(len(w)):
                    rot = tuple(w[s:] + w[:s])
                    if rot not in cseen:
                        cseen.add(rot)
                        conj[rot[0]].append(list(rot))
    return _Compiled(len(inv), inv, col, letter, relcols, hcols, conj)


# --------------------------------------------------------------------------------------------
# enumeration
# --------------------------------------------------------------------------------------------


def _describe(pres: Presentation, limit: int = 80) -> str:
    """The presentation itself when short, else a summary: generators (the first few), number
    and total length of the relators. Keeps error messages to a few lines."""
    text = str(pres)
    if len(text) <= limit:
        return text
    gens = pres.generators
    shown = ", ".join(g if len(g) <= 20 else f"{g[:20]}... ({len(g)} characters)" for g in gens[:6])
    shown += f", ... ({len(gens)} generators)" if len(gens) > 6 else ""
    total = sum(len(r) for r in pres.relators)
    return f"a presentation on {shown} with {len(pres.relators)} relators of total length {total}"


def _limit_message(
    max_cosets: int, pres: Presentation, subgroup: tuple[Word, ...], strategy: str, ncols: int
) -> str:
    what = "the group" if not subgroup else "the index of the subgroup"
    other = "felsch" if strategy == "hlt" else "hlt"
    mib = 4 * max_cosets * 4 * (ncols + 1) / 2**20
    size = f"{mib / 1024:.1f} GiB" if mib >= 1024 else f"{mib:.0f} MiB"
    return (
        f"coset enumeration of {_describe(pres)} reached max_cosets={max_cosets:_} without "
        f"closing: {what} may be infinite, or needs more room: pass max_cosets="
        f"{4 * max_cosets:_} (~{size}), or try strategy='{other}'."
    )


def _resolve_max_cosets(max_cosets: Any, ncols: int) -> int:
    """``max_cosets`` checked (a positive int or None), or the memory-sized default."""
    from groupmat.algebra._validate import as_int

    if max_cosets is None:
        by_memory = DEFAULT_MAX_TABLE_BYTES // (4 * (ncols + 1))
        return max(1, min(DEFAULT_MAX_COSETS, by_memory))
    m = as_int(max_cosets, "max_cosets")
    if m < 1:
        raise ValueError(f"max_cosets must be positive, got {m} (None: sized by memory)")
    if m >= 2**31 - 2:
        raise ValueError(f"max_cosets={m} exceeds the int32 table limit (2**31 - 3)")
    return m


def enumerate_cosets(
    presentation: Presentation | str,
    subgroup: Sequence[Sequence[int] | str] = (),
    *,
    strategy: str = "hlt",
    max_cosets: int | None = None,
    progress: bool | None = None,
    backend: str = "auto",
    initial_capacity: int = _INIT_CAP,
    lookahead_from: int = _LOOKAHEAD_FROM,
    chunk: int = _CHUNK,
) -> CosetTable:
    """Enumerate the right cosets of ``H = <subgroup>`` in ``G = <X | R>`` (Todd-Coxeter).

    Parameters
    ----------
    presentation
        A :class:`~groupmat.Presentation`, a GAP-syntax string
        ``"< a, b | a^2, b^3 >"``, or a sympy ``FpGroup``.
    subgroup
        Generators of ``H``: words as tuples of letters or strings in the generator names.
        Empty (the default) means ``H = 1``, so the cosets are the elements of ``G``.
    strategy
        ``"hlt"`` (default; HLT with lookahead) or ``"felsch"``. Both give the same table.
    max_cosets
        Most cosets the table may hold at once (live or awaiting compression), a positive
        int. Reaching it without closing raises :class:`~groupmat.errors.CosetEnumerationError`.
        ``None`` (default) sizes it by memory: ``min(DEFAULT_MAX_COSETS,
        DEFAULT_MAX_TABLE_BYTES // (4 * (columns + 1)))`` with 4,000,000 cosets and 1 GiB, a
        column per generator and one more per generator without a relator ``x^2`` (a free
        group on 200 generators gets 669,415 cosets).
    progress
        ``True`` shows a tqdm progress bar, ``False`` never does; ``None`` (default) shows one
        once an enumeration has run for a second, and only when stderr is a terminal (so logs
        and pipes get no ``\\r`` lines).
    backend
        ``"auto"`` (default: the compiled kernel when built, else the pure-Python twin),
        ``"c"`` (raise if the compiled kernel is not built) or ``"python"``. The two kernels
        take exactly the same steps, so they give the same table and statistics.
    initial_capacity, lookahead_from, chunk
        Tuning knobs that do not change the result: rows allocated at the start (the table
        doubles as it fills), the table size from which HLT looks ahead before growing, and
        cosets scanned per kernel call (the granularity of the progress bar and of Ctrl-C).

    Returns
    -------
    CosetTable
        ``action[s, c] = c · x_s`` on cosets in lenlex standard order (coset 0 is ``H``).

    Raises
    ------
    CosetEnumerationError
        If ``max_cosets`` is reached (the index may be infinite).
    PresentationError
        If the presentation or a subgroup word does not parse.

    Notes
    -----
    Todd-Coxeter terminates exactly when ``[G : H]`` is finite and the limit is large enough;
    no bound on the work in terms of the index exists in general. A typical run costs
    O(defined cosets × total relator length) table look-ups. Memory (compiled kernel): the
    table, 4 bytes per coset per column (a column per generator, two for a generator without
    a relator ``x^2``), and for HLT 1-8 bytes per coset for the closed proper-power relators,
    counted over the cosets defined so far (rows of the doubled capacity are not touched
    before they are used). Nothing else grows with the table: a dead coset is marked in its
    own row and forwarded through the coincidence queue (12 bytes per entry, its capacity
    doubling to hold the largest wave of coincidences), compression renumbers through a
    1.5-bit-per-coset bitmap, and the final table is renumbered into BFS order by swapping
    cosets in place and transposed in place in blocks of 1024 rows, then becomes
    :attr:`CosetTable.action` without a copy; the BFS tree (:attr:`CosetTable.parent`) is
    read off the table on first access. So a Felsch enumeration peaks at the table itself,
    as ACE does (Coxeter A9, 3,628,800 cosets: 0.122 GiB above the interpreter, the table's
    size; B8, 10,321,920 cosets: 0.308 GiB). The pure-Python kernel keeps a forwarding array
    and lists besides.
    Interrupting (Ctrl-C) raises ``KeyboardInterrupt`` and leaves nothing behind: all state is
    local to the call.

    Examples
    --------
    >>> ct = enumerate_cosets("< a, b | a^2, b^3, (a*b)^11, ((a*b)^4*(a*b^-1)^5)^2 >")
    >>> ct.index  # PSL(2, 11)
    660
    >>> enumerate_cosets("< a, b | a^2, b^3, (a*b)^7 >", max_cosets=1000)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    groupmat.errors.CosetEnumerationError: coset enumeration of < a, b | a^2, b^3, (a*b)^7 > ...
    """
    pres = _as_presentation(presentation)
    words = _subgroup_words(pres, subgroup)
    if strategy not in STRATEGIES:
        raise ValueError(f"unknown strategy {strategy!r}: choose one of {STRATEGIES}")
    user_max = max_cosets
    max_cosets = _resolve_max_cosets(max_cosets, 2 * len(pres.generators))
    if backend not in ("auto", "c", "python"):
        raise ValueError(f"unknown backend {backend!r}: choose 'auto', 'c' or 'python'")
    if not pres.generators:  # the trivial group < | >: one coset, no columns
        one = np.zeros((0, 1), dtype=np.int32)
        one.flags.writeable = False
        stats = EnumerationStats(strategy, "none", 1, 1, 0, 0, 0, 0.0)
        return CosetTable(pres, words, one, one, stats)
    felsch = strategy == "felsch"
    comp = _compile(pres, words, felsch)
    if user_max is None:
        max_cosets = _resolve_max_cosets(None, comp.ncols)
    # cosets per kernel call: fewer when every coset costs a long relator scan (HLT) or
    # many deductions (Felsch), so that the bar moves and Ctrl-C answers within ~a second
    work = (
        sum(len(c) for cs in comp.conjugates for c in cs)
        if felsch
        else sum(len(r) for r in comp.relators)
    )
    chunk = max(1, min(as_int(chunk, "chunk", minimum=1), _WORK_PER_CALL // max(1, work)))
    kernel = _c_kernel() if backend in ("auto", "c") else None
    if backend == "c" and kernel is None:
        raise RuntimeError("the compiled coset kernel is not built (pip install -e .)")
    cls = kernel.Enumerator if kernel is not None else _coset_python.PyEnumerator
    used = "c" if kernel is not None else "python"
    if progress is None and not stderr_is_tty():
        progress = False  # automatic bars only on a terminal
    t0 = time.perf_counter()
    e = cls(
        comp.ncols,
        comp.inv,
        comp.relators,
        comp.subgroup,
        comp.conjugates,
        int(felsch),
        max_cosets,
        min(int(initial_capacity), max_cosets),
        int(lookahead_from),
    )
    bar = None
    try:
        while True:
            try:
                status = e.run(int(chunk))
            except MemoryError:
                cap = e.stats()[-1]
                raise SizeLimitError(
                    f"coset enumeration of {_describe(pres)} ran out of memory growing the "
                    f"table beyond {cap:_} cosets x {comp.ncols} columns (4 bytes each): "
                    f"pass a smaller max_cosets (now {max_cosets:_}) to stop earlier with a "
                    "CosetEnumerationError, or add relators"
                ) from None
            if status == _coset_python.DONE:
                break
            if status == _coset_python.LIMIT:
                raise CosetEnumerationError(
                    _limit_message(max_cosets, pres, words, strategy, comp.ncols)
                )
            if progress is False:
                continue
            if bar is None and (progress or time.perf_counter() - t0 > _PROGRESS_AFTER_S):
                from tqdm.auto import tqdm

                bar = tqdm(desc="Todd-Coxeter", unit=" cosets", leave=False)
            if bar is not None:
                defined, live, maxlive, *_ = e.stats()
                bar.update(defined - bar.n)
                bar.set_postfix(live=live, max_live=maxlive, refresh=False)
    finally:
        if bar is not None:
            bar.close()
    flat = e.result(list(range(comp.ncols)), _output_rows(comp, pres))
    defined, _live, maxlive, ncoinc, nlook, ncomp, _cap = e.stats()
    stats = EnumerationStats(
        strategy,
        used,
        int(defined),
        int(maxlive),
        int(ncoinc),
        int(nlook),
        int(ncomp),
        time.perf_counter() - t0,
    )
    return _table(pres, words, comp, flat, stats)


def _output_rows(comp: _Compiled, pres: Presentation) -> list[int]:
    """Table columns the kernel writes out: the generators', then the inverses' of the
    generators that are not involutions (an involution's column is its own inverse)."""
    k = len(pres.generators)
    rows = [comp.col[g] for g in range(1, k + 1)]
    return rows + [comp.col[-g] for g in range(1, k + 1) if comp.col[-g] != comp.col[g]]


def _table(
    pres: Presentation,
    words: tuple[Word, ...],
    comp: _Compiled,
    result: Any,
    stats: EnumerationStats,
) -> CosetTable:
    """Wrap a kernel result (a buffer from C, a list from Python) as a read-only CosetTable,
    without copying the table: the kernel already wrote the rows of :func:`_output_rows`.
    Only a mix of involutions and other generators costs a copy (of the inverse action)."""
    if isinstance(result, list):
        flat = np.asarray(result, np.int32)
    else:
        flat = np.frombuffer(result, dtype=np.int32)
    k = len(pres.generators)
    tab = flat.reshape(comp.ncols, -1)
    action = tab[:k]
    extra = iter(range(k, tab.shape[0]))
    inv_rows = [g if comp.col[-g - 1] == comp.col[g + 1] else next(extra) for g in range(k)]
    if inv_rows == list(range(k)):
        inverse_action = action
    elif inv_rows == list(range(k, 2 * k)):
        inverse_action = tab[k:]
    else:
        inverse_action = tab[inv_rows]
    for a in (action, inverse_action):
        a.flags.writeable = False
    return CosetTable(pres, words, action, inverse_action, stats)


def subgroup_index(
    presentation: Presentation | str,
    subgroup: Sequence[Sequence[int] | str] = (),
    *,
    strategy: str = "hlt",
    max_cosets: int | None = None,
) -> int:
    """``[G : H]`` by coset enumeration (see :func:`enumerate_cosets`).

    Examples
    --------
    >>> subgroup_index("< a, b | a^4, b^2, (a*b)^2 >", ["a"])
    2
    """
    return enumerate_cosets(presentation, subgroup, strategy=strategy, max_cosets=max_cosets).index
