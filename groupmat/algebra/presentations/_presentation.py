"""Finitely presented groups: a GAP-syntax parser, words, and sympy / GAP interop.

A presentation ``< x_1, ..., x_k | r_1, ..., r_m >`` defines the group ``F / N`` where ``F`` is
the free group on the generators and ``N`` the normal closure of the relators. Words are stored
in GAP's *letter representation*: a tuple of nonzero ints, generator ``x_j`` (1-based) is ``j``
and its inverse ``-j``, always freely reduced (no ``j`` next to ``-j``).

Syntax (as GAP prints it)::

    < a, b | a^2, b^3, (a*b)^7, [a,b]^4, a^b = b*a >

* generators are identifiers (``[A-Za-z_][A-Za-z0-9_]*``), separated by commas;
* ``u*v`` product, ``u/v = u*v^-1``, ``w^n`` and ``w^-n`` powers (``w`` a letter or a bracketed
  word), ``1`` the identity;
* ``[u,v] = u^-1*v^-1*u*v``, left-normed for more entries: ``[u,v,w] = [[u,v],w]``;
* ``u^v = v^-1*u*v`` (conjugation, ``v`` a generator or a bracketed word); like GAP, ``^`` does
  not chain: write ``(a^b)^2`` or ``a^(b^2)``;
* a relation ``u = v`` stands for the relator ``u*v^-1``; the relator list may be empty.

Malformed input raises :class:`~groupmat.errors.PresentationError` whose message names the
problem and its column, followed by the offending line and a caret under the column. A line
longer than 160 characters is cut to 60 characters on each side of the column (``...`` marks
the cuts) and long names are shortened, so a message stays a few hundred characters long
whatever the input.

Examples
--------
>>> P = Presentation.parse("< a, b | a^2, b^3, (a*b)^5 >")
>>> P.generators
('a', 'b')
>>> P.relators
((1, 1), (2, 2, 2), (1, 2, 1, 2, 1, 2, 1, 2, 1, 2))
>>> str(P)
'< a, b | a^2, b^3, (a*b)^5 >'
>>> parse_word("[a, b]", ["a", "b"])
(-1, -2, 1, 2)
>>> word_to_string((1, -2, -2), ["a", "b"])
'a*b^-2'
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from groupmat.algebra.presentations._gap_syntax import (
    _IDENT,
    MAX_WORD_LENGTH,
    Word,
    _Parser,
    _pretty,
    _shown,
    as_word,
    cyclically_reduce,
    free_reduce,
    invert_word,
    word_to_string,
)
from groupmat.errors import PresentationError

if TYPE_CHECKING:  # pragma: no cover
    from sympy.combinatorics.fp_groups import FpGroup

__all__ = [
    "MAX_WORD_LENGTH",
    "Presentation",
    "cyclically_reduce",
    "free_reduce",
    "invert_word",
    "parse_word",
    "word_to_string",
]


def parse_word(text: str, generators: Sequence[str]) -> Word:
    """Parse one word in the given generator names; return it freely reduced.

    Same grammar as the relators of :meth:`Presentation.parse` (products, ``/``, powers,
    commutators, conjugation, ``1``), but no ``=``.

    Parameters
    ----------
    text
        The word, e.g. ``"a*b^-1"`` or ``"[a, b]^a"``.
    generators
        Generator names; generator ``j`` (0-based position) becomes letter ``j + 1``.

    Raises
    ------
    PresentationError
        With the column and a caret line, on any malformed input.

    Examples
    --------
    >>> parse_word("a^2*b^-1", ["a", "b"])
    (1, 1, -2)
    >>> parse_word("a^b", ["a", "b"])
    (-2, 1, 2)
    >>> parse_word("1", ["a"])
    ()
    """
    p = _Parser(text)
    p.set_generators(generators)
    if p.tok.kind == "end":
        raise p.error("empty word: write 1 for the identity")
    w = p.word()
    if p.tok.kind != "end":
        raise p.unexpected("an operator or the end of the word")
    return free_reduce(w)


# --------------------------------------------------------------------------------------------
# Presentation
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Presentation:
    """A finite presentation ``< generators | relators >`` (immutable, hashable).

    The group defined is ``F / N``: the free group ``F`` on the generators modulo the normal
    closure ``N`` of the relators. Build one with :meth:`parse`; ``str()`` gives GAP syntax that
    parses back to an equal presentation.

    Parameters
    ----------
    generators
        Distinct identifiers, at least one.
    relators
        Words in letter representation (``±j`` for generator ``j``, 1-based). They are stored
        freely reduced; empty relators are dropped. A relation ``u = v`` is the relator
        ``u v^-1``.

    Examples
    --------
    >>> P = Presentation.parse("< r, s | r^4, s^2, s*r*s = r^-1 >")
    >>> P.relators
    ((1, 1, 1, 1), (2, 2), (2, 1, 2, 1))
    >>> Presentation.parse(str(P)) == P
    True
    >>> Presentation(("x",), ((1, 1, 1),)).to_gap()
    'CallFuncList(function(F) return F / [F.1^3]; end, [FreeGroup("x")])'
    """

    generators: tuple[str, ...]
    relators: tuple[Word, ...] = ()

    def __post_init__(self) -> None:
        gens = tuple(self.generators) if not isinstance(self.generators, str) else None
        if gens is None:
            raise PresentationError(
                f"generators must be a sequence of names, got the string {_shown(self.generators)}"
            )
        if not gens and self.relators:
            raise PresentationError(
                "empty generator list: relators need generators (the trivial group is < | >)"
            )
        seen: set[str] = set()
        for name in gens:
            if not isinstance(name, str) or not _IDENT.fullmatch(name):
                raise PresentationError(f"generator name {_shown(name)} is not an identifier")
            if name in seen:
                raise PresentationError(f"duplicate generator {_shown(name)}")
            seen.add(name)
        k = len(gens)
        rels: list[Word] = []
        for r in self.relators:
            if isinstance(r, str):
                raise PresentationError(
                    f"relator {_shown(r)} is a string: use Presentation.parse, or parse_word first"
                )
            word = free_reduce(as_word(r, k, "relator"))
            if word:
                rels.append(word)
        object.__setattr__(self, "generators", gens)
        object.__setattr__(self, "relators", tuple(rels))

    # -- construction --------------------------------------------------------------------------
    @classmethod
    def parse(cls, text: str) -> Presentation:
        """Parse GAP syntax ``< a, b | a^2, b^3, (a*b)^7 >`` (see the module docstring).

        Raises
        ------
        PresentationError
            Naming the problem, its column, and showing a caret line.

        Examples
        --------
        >>> Presentation.parse("<a,b|[a,b]>").relators
        ((-1, -2, 1, 2),)
        """
        if isinstance(text, Presentation):
            return text
        p = _Parser(text)
        gens, rels = p.presentation()
        return cls(gens, tuple(rels))

    @classmethod
    def from_sympy(cls, group: FpGroup) -> Presentation:
        """Convert a sympy ``FpGroup`` (or ``FreeGroup``) to a :class:`Presentation`.

        Examples
        --------
        >>> from sympy.combinatorics.free_groups import free_group
        >>> from sympy.combinatorics.fp_groups import FpGroup
        >>> F, x, y = free_group("x, y")
        >>> str(Presentation.from_sympy(FpGroup(F, [x**2, y**3, (x*y)**4])))
        '< x, y | x^2, y^3, (x*y)^4 >'
        """
        free = getattr(group, "free_group", None)
        if free is None and hasattr(group, "symbols") and hasattr(group, "generators"):
            free, relators = group, []
        elif free is not None:
            relators = list(group.relators)
        else:
            raise PresentationError(
                f"expected a sympy FpGroup or FreeGroup, got {type(group).__name__}"
            )
        names = tuple(str(s) for s in free.symbols)
        index = {s: k + 1 for k, s in enumerate(free.symbols)}
        words = []
        for r in relators:
            w: list[int] = []
            for sym, e in r.array_form:
                w.extend([index[sym] if e > 0 else -index[sym]] * abs(e))
            words.append(tuple(w))
        return cls(names, tuple(words))

    # -- conversion ----------------------------------------------------------------------------
    def __str__(self) -> str:
        rels = ", ".join(_pretty(r, self.generators) for r in self.relators)
        if not self.generators:
            return "< | >"
        return (
            f"< {', '.join(self.generators)} | {rels} >"
            if rels
            else (f"< {', '.join(self.generators)} | >")
        )

    def __repr__(self) -> str:
        return f"Presentation.parse({str(self)!r})"

    def word(self, text: str) -> Word:
        """Parse a word in this presentation's generators (see :func:`parse_word`)."""
        return parse_word(text, self.generators)

    def word_to_string(self, word: Sequence[int]) -> str:
        """Write a word in this presentation's generator names (see :func:`word_to_string`)."""
        return word_to_string(word, self.generators)

    def to_sympy(self) -> FpGroup:
        """The same group as a sympy ``FpGroup`` (generator names kept).

        Examples
        --------
        >>> G = Presentation.parse("< a, b | a^2, b^2, (a*b)^3 >").to_sympy()
        >>> G.order()
        6
        """
        from sympy.combinatorics.fp_groups import FpGroup
        from sympy.combinatorics.free_groups import free_group

        F, *gens = free_group(",".join(self.generators))
        rels = []
        for r in self.relators:
            g = F.identity
            for x in r:
                g = g * (gens[x - 1] if x > 0 else gens[-x - 1] ** -1)
            rels.append(g)
        return FpGroup(F, rels)

    def to_gap(self) -> str:
        """A GAP expression evaluating to this finitely presented group.

        Generator names are passed to ``FreeGroup``; the relators refer to ``F.1, F.2, ...`` so
        that names which are GAP keywords or globals cannot clash.
        """
        names = ", ".join(f'"{g}"' for g in self.generators)

        letters = [f"F.{j + 1}" for j in range(len(self.generators))]
        rels = ", ".join(_pretty(r, letters) for r in self.relators)
        return f"CallFuncList(function(F) return F / [{rels}]; end, [FreeGroup({names})])"
