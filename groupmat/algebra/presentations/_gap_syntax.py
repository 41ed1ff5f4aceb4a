"""Words in letter representation and the GAP-syntax parser behind
:mod:`groupmat.algebra.presentations._presentation` (which re-exports the public names).

A word is a tuple of nonzero ints: generator ``j`` (1-based) is ``j``, its inverse ``-j``. The
grammar is described in :class:`~groupmat.Presentation`; the parser is a hand-written
recursive descent over a token list, and every error it raises is a
:class:`~groupmat.errors.PresentationError` showing the column and a caret line.
"""

from __future__ import annotations

import numbers
import re
from collections.abc import Iterable, Sequence
from typing import Any

from groupmat.errors import PresentationError

Word = tuple[int, ...]

#: Longest word the parser will build (guards against ``(a*b)^10^9``-style blow-ups).
MAX_WORD_LENGTH = 1_000_000

#: Deepest nesting of brackets, commutators and conjugations the parser accepts (each level
#: costs a few Python frames; deeper input raises a PresentationError, never RecursionError).
MAX_NESTING = 150

_IDENT = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


# --------------------------------------------------------------------------------------------
# words
# --------------------------------------------------------------------------------------------


def free_reduce(word: Iterable[int]) -> Word:
    """Freely reduce a word: cancel adjacent ``x x^-1`` pairs until none is left.

    One left-to-right pass with a stack, O(len(word)).

    Examples
    --------
    >>> free_reduce([1, 2, -2, -1, 1, 1])
    (1, 1)
    """
    out: list[int] = []
    for x in word:
        if out and out[-1] == -x:
            out.pop()
        else:
            out.append(x)
    return tuple(out)


def cyclically_reduce(word: Iterable[int]) -> Word:
    """Freely reduce, then strip letters ``x ... x^-1`` from both ends (a cyclic conjugate).

    A relator and its cyclically reduced form have the same normal closure.

    Examples
    --------
    >>> cyclically_reduce([-1, 2, 2, 1])
    (2, 2)
    """
    w = free_reduce(word)
    i, j = 0, len(w) - 1
    while i < j and w[i] == -w[j]:
        i += 1
        j -= 1
    return w[i : j + 1]


def invert_word(word: Sequence[int]) -> Word:
    """The inverse word: ``(x_1 ... x_n)^-1 = x_n^-1 ... x_1^-1``.

    Examples
    --------
    >>> invert_word((1, 2, 2))
    (-2, -2, -1)
    """
    return tuple(-x for x in reversed(word))


def as_word(word: Any, ngens: int, what: str = "word") -> Word:
    """A word given as a sequence of letters, checked: every letter a nonzero int (no float,
    bool, NaN) with ``|letter| <= ngens``. Not reduced. O(len(word)).

    Examples
    --------
    >>> as_word([1, -2], 2)
    (1, -2)
    >>> as_word((1.7,), 1)
    Traceback (most recent call last):
    ...
    groupmat.errors.PresentationError: word (1.7,) has letter 1.7 of type float: ...
    """
    if isinstance(word, (str, bytes)) or not isinstance(word, Iterable):
        raise PresentationError(
            f"{what} must be a sequence of letters (ints ±1..±{ngens}) or a word string, "
            f"got {type(word).__name__} {_shown(word)}"
        )
    letters = tuple(word)
    if all(type(x) is int for x in letters):  # fast path: plain ints, check the range only
        if not letters or (min(letters) >= -ngens and max(letters) <= ngens and 0 not in letters):
            return letters
    out = []
    for x in letters:
        if isinstance(x, bool) or type(x).__name__ == "bool_":
            x = bool(x)
        if isinstance(x, bool) or not isinstance(x, numbers.Integral):
            shown = letters if len(letters) <= 8 else (*letters[:8], "...")
            raise PresentationError(
                f"{what} {_shown(shown, 120)} has letter {_shown(x)} of type "
                f"{type(x).__name__}: letters must be the ints ±1..±{ngens} (generator j is j, "
                "its inverse -j)"
            )
        v = int(x)
        if v == 0 or abs(v) > ngens:
            shown = letters if len(letters) <= 8 else (*letters[:8], "...")
            raise PresentationError(
                f"{what} {_shown(shown, 120)} has letter {_shown(v)} outside ±1..±{ngens} "
                "(generator j is j, its inverse -j)"
            )
        out.append(v)
    return tuple(out)


def _letter(x: int, generators: Sequence[str]) -> str:
    if x == 0 or abs(x) > len(generators):
        raise PresentationError(
            f"letter {_shown(x)} is not a generator index: expected ±1..±{len(generators)} "
            f"for the generators {_shown(tuple(generators), 80)}"
        )
    return generators[abs(x) - 1]


def _runs(word: Sequence[int], generators: Sequence[str]) -> list[str]:
    """Syllables ``a``, ``a^3``, ``b^-1`` of a word (maximal runs of one letter)."""
    parts: list[str] = []
    n = len(word)
    i = 0
    while i < n:
        x = word[i]
        j = i + 1
        while j < n and word[j] == x:
            j += 1
        e = j - i if x > 0 else i - j
        name = _letter(x, generators)
        parts.append(name if e == 1 else f"{name}^{e}")
        i = j
    return parts


def word_to_string(word: Sequence[int], generators: Sequence[str]) -> str:
    """Write a word in GAP syntax with runs of a letter collapsed into powers.

    ``(1, -2)`` becomes ``"a*b^-1"``, ``(1, 1, 2)`` becomes ``"a^2*b"``, the empty word ``"1"``.
    The result parses back to the same word with :func:`parse_word`. O(len(word)).

    Parameters
    ----------
    word
        Letters ``±j`` (generator ``j``, 1-based, or its inverse).
    generators
        Generator names.

    Examples
    --------
    >>> word_to_string((1, 1, 2, -1), ["a", "b"])
    'a^2*b*a^-1'
    >>> word_to_string((), ["a"])
    '1'
    """
    if not word:
        return "1"
    return "*".join(_runs(word, generators))


def _primitive_root(word: Word) -> tuple[Word, int]:
    """``(u, n)`` with ``word = u^n`` and ``n`` maximal."""
    n = len(word)
    for d in range(1, n // 2 + 1):
        if n % d == 0 and word[:d] * (n // d) == word:
            return word[:d], n // d
    return word, 1


def _pretty(word: Word, generators: Sequence[str], max_block: int = 12) -> str:
    """Readable GAP string: whole-word powers ``(a*b)^7`` and repeated blocks ``(a*b^-1)^5``."""
    if not word:
        return "1"
    root, n = _primitive_root(word)
    if n > 1 and len(root) > 1 and len(set(root)) > 1:
        return f"({_pretty(root, generators, max_block)})^{n}"
    parts: list[str] = []
    i, m = 0, len(word)
    while i < m:
        best_len, best_reps = 1, 1
        for length in range(2, min(max_block, (m - i) // 2) + 1):
            block = word[i : i + length]
            if len(set(block)) == 1:
                continue  # a run of one letter: the syllable form is shorter
            reps = 1
            while word[i + reps * length : i + (reps + 1) * length] == block:
                reps += 1
            if reps > 1 and length * (reps - 1) > best_len * (best_reps - 1):
                best_len, best_reps = length, reps
        if best_reps > 1:
            block = word[i : i + best_len]
            parts.append(f"({word_to_string(block, generators)})^{best_reps}")
            i += best_len * best_reps
        else:
            j = i + 1
            while j < m and word[j] == word[i]:
                j += 1
            parts.extend(_runs(word[i:j], generators))
            i = j
    return "*".join(parts)


# --------------------------------------------------------------------------------------------
# parser
# --------------------------------------------------------------------------------------------


#: Characters of context shown on each side of the column in a parse error; a longer line is
#: cut to this window with ``...`` marks, so the message stays short however long the input.
ERROR_CONTEXT = 60

#: Longest name (generator, identifier) repeated verbatim in an error message.
MAX_SHOWN_NAME = 40


def _shown(value: Any, limit: int = MAX_SHOWN_NAME) -> str:
    """``repr(value)``, cut to about ``limit`` characters with ``...`` and the full length,
    so that an error message never repeats a long user input in full. O(limit) for strings."""
    if isinstance(value, str) and len(value) > limit:
        return f"{value[:limit]!r}... ({len(value)} characters)"
    if isinstance(value, int) and value.bit_length() > 4 * limit:
        return f"an int of {value.bit_length()} bits"  # repr() refuses > 4300 digits
    try:
        text = repr(value)
    except Exception:  # a huge int inside a tuple, a broken __repr__
        return f"a {type(value).__name__}"
    if len(text) > limit + 20:
        return f"{text[:limit]}... ({len(text)} characters)"
    return text


def _error(text: str, pos: int, message: str) -> PresentationError:
    """A PresentationError naming the column (1-based) and showing a caret under it.

    A line longer than ``2 * ERROR_CONTEXT + 40`` characters is shown as a window of
    ``ERROR_CONTEXT`` characters on each side of the column, with ``...`` where it was cut, so
    the message has O(ERROR_CONTEXT) characters for any input.
    """
    pos = max(0, min(pos, len(text)))
    line_start = text.rfind("\n", 0, pos) + 1
    line_end = text.find("\n", pos)
    if line_end < 0:
        line_end = len(text)
    line_no = text.count("\n", 0, pos) + 1
    col = pos - line_start + 1
    where = f"column {col}" if "\n" not in text else f"line {line_no}, column {col}"
    offset = col - 1  # caret position within the shown line
    if line_end - line_start > 2 * ERROR_CONTEXT + 40:
        lo = max(line_start, pos - ERROR_CONTEXT)
        hi = min(line_end, pos + ERROR_CONTEXT + 1)
        head = "..." if lo > line_start else ""
        tail = "..." if hi < line_end else ""
        line = head + text[lo:hi].replace("\t", " ") + tail
        offset = len(head) + pos - lo
    else:
        line = text[line_start:line_end].replace("\t", " ")
    return PresentationError(f"{message} at {where}\n{line}\n{' ' * offset}^")


class _Token:
    __slots__ = ("kind", "pos", "value")

    def __init__(self, kind: str, value: Any, pos: int) -> None:
        self.kind = kind  # "id", "int", a punctuation character, or "end"
        self.value = value
        self.pos = pos

    def describe(self) -> str:
        if self.kind == "end":
            return "end of input"
        if self.kind == "id":
            return f"name {_shown(self.value)}"
        if self.kind == "int":
            return f"number {self.value}"
        return repr(self.kind)


_TOKEN = re.compile(r"\s*(?:([<>,|*/^()\[\]=\-])|([A-Za-z_][A-Za-z0-9_]*)|([0-9]+)|(\S))")


def _tokenize(text: str) -> list[_Token]:
    """Tokens of ``text`` in one regular-expression pass, O(len(text))."""
    tokens: list[_Token] = []
    append = tokens.append
    for m in _TOKEN.finditer(text):
        punct, ident, digits, other = m.groups()
        if punct is not None:
            append(_Token(punct, punct, m.start(1)))
        elif ident is not None:
            append(_Token("id", ident, m.start(2)))
        elif digits is not None:
            if len(digits) > 12:
                raise _error(text, m.start(3), f"number {digits[:12]}... is too large")
            append(_Token("int", int(digits), m.start(3)))
        elif other is not None:
            raise _error(text, m.start(4), f"unexpected character {other!r}")
    tokens.append(_Token("end", None, len(text)))
    return tokens


class _Parser:
    """Recursive-descent parser over a token list (grammar in the module docstring)."""

    def __init__(self, text: str) -> None:
        if not isinstance(text, str):
            raise PresentationError(f"expected a string, got {type(text).__name__}")
        self.text = text
        self.tokens = _tokenize(text)
        self.i = 0
        self.depth = 0
        self.index: dict[str, int] = {}

    # -- helpers -------------------------------------------------------------------------------
    @property
    def tok(self) -> _Token:
        return self.tokens[self.i]

    def advance(self) -> _Token:
        t = self.tokens[self.i]
        if t.kind != "end":
            self.i += 1
        return t

    def error(self, message: str, tok: _Token | None = None) -> PresentationError:
        return _error(self.text, (tok or self.tok).pos, message)

    def unexpected(self, expected: str) -> PresentationError:
        t = self.tok
        if t.kind in ")]":
            return self.error(f"unbalanced {t.kind!r}: no matching opening bracket")
        if t.kind == "=":
            return self.error("unexpected '=': a relation has exactly one '='")
        return self.error(f"expected {expected}, found {t.describe()}")

    def expect(self, kind: str, expected: str) -> _Token:
        if self.tok.kind != kind:
            raise self.unexpected(expected)
        return self.advance()

    def set_generators(self, generators: Sequence[str]) -> None:
        for k, name in enumerate(generators):
            if not isinstance(name, str) or not _IDENT.fullmatch(name):
                raise PresentationError(f"generator name {_shown(name)} is not an identifier")
            if name in self.index:
                raise PresentationError(f"duplicate generator {_shown(name)}")
            self.index[name] = k + 1

    # -- grammar -------------------------------------------------------------------------------
    def presentation(self) -> tuple[tuple[str, ...], list[Word]]:
        self.expect("<", "'<' to open the presentation '< generators | relators >'")
        gens: list[str] = []
        if self.tok.kind == "|":  # GAP's trivial group < | >: no generators, no relators
            bar = self.advance()
            if self.tok.kind == ">":
                self.advance()
                if self.tok.kind != "end":
                    raise self.error(f"unexpected {self.tok.describe()} after the closing '>'")
                return (), []
            raise self.error(
                "empty generator list: relators need generators (the trivial group is < | >)", bar
            )
        if self.tok.kind == ">" or self.tok.kind == "end":
            raise self.error("empty generator list: a presentation needs at least one generator")
        while True:
            t = self.tok
            if t.kind != "id":
                raise self.unexpected("a generator name")
            if t.value in self.index:
                raise self.error(f"duplicate generator {_shown(t.value)}")
            self.advance()
            gens.append(t.value)
            self.index[t.value] = len(gens)
            if self.tok.kind == ",":
                self.advance()
                continue
            break
        relators: list[Word] = []
        if self.tok.kind == "|":
            self.advance()
            if self.tok.kind != ">":
                while True:
                    relators.extend(self.relation())
                    if self.tok.kind == ",":
                        self.advance()
                        continue
                    break
        if self.tok.kind == "end":
            raise self.error("expected '>' to close the presentation, found end of input")
        self.expect(">", "',' or '>'" if relators else "'|' or '>'")
        if self.tok.kind != "end":
            raise self.error(f"unexpected {self.tok.describe()} after the closing '>'")
        return tuple(gens), relators

    def relation(self) -> list[Word]:
        lhs = self.word()
        if self.tok.kind != "=":
            return [free_reduce(lhs)]
        self.advance()
        rhs = self.word()
        return [free_reduce(lhs + list(invert_word(rhs)))]

    def word(self) -> list[int]:
        if self.tok.kind in (",", ">", "=", "end", "|", ")", "]"):
            raise self.error(
                f"expected a word (write 1 for the identity), found {self.tok.describe()}"
            )
        out = self.power()
        while self.tok.kind in "*/":
            op = self.advance()
            if self.tok.kind in (",", ">", "=", "end", ")", "]", "|"):
                raise self.error(f"dangling {op.kind!r}: expected a word after it", op)
            rhs = self.power()
            out.extend(rhs if op.kind == "*" else invert_word(rhs))  # amortised O(len(rhs))
            self.check_length(len(out), op)
        return out

    def check_length(self, n: int, tok: _Token) -> None:
        if n > MAX_WORD_LENGTH:
            raise self.error(f"word longer than {MAX_WORD_LENGTH} letters", tok)

    def power(self) -> list[int]:
        base = self.factor()
        if self.tok.kind != "^":
            return base
        caret = self.advance()
        t = self.tok
        if t.kind in (",", ">", "=", "end", ")", "]", "*", "/", "|", "^"):
            raise self.error("dangling '^': expected an exponent or a conjugating word", caret)
        exponent = self.integer_exponent()
        if exponent is not None:
            n = len(base) * abs(exponent)
            self.check_length(n, caret)
            result = (base if exponent > 0 else list(invert_word(base))) * abs(exponent)
        else:
            conj = self.factor()
            result = list(invert_word(conj)) + base + conj
            self.check_length(len(result), caret)
        if self.tok.kind == "^":
            raise self.error("'^' does not chain (as in GAP): add parentheses, e.g. (a^b)^2")
        return result

    def integer_exponent(self) -> int | None:
        """Parse ``n``, ``-n``, ``(n)`` or ``(-n)``; return None (consuming nothing) otherwise."""
        toks, i = self.tokens, self.i
        paren = toks[i].kind == "("
        j = i + 1 if paren else i
        sign = 1
        if toks[j].kind == "-":
            sign = -1
            j += 1
        if toks[j].kind != "int":
            if sign < 0:
                raise self.error(
                    "expected a number after '-' (only integer exponents may be negative)",
                    toks[j],
                )
            return None
        value = sign * toks[j].value
        j += 1
        if paren:
            if toks[j].kind != ")":
                if sign < 0:
                    raise self.error("expected ')' after the exponent", toks[j])
                return None  # e.g. a^(1*b): a conjugating word that starts with 1
            j += 1
        self.i = j
        return value

    def factor(self) -> list[int]:
        t = self.tok
        if t.kind in "([":
            if self.depth >= MAX_NESTING:
                raise self.error(
                    f"brackets, commutators and conjugations nested deeper than {MAX_NESTING} "
                    "levels: expand the innermost words first",
                    t,
                )
            self.depth += 1
            try:
                return self.nested()
            finally:
                self.depth -= 1
        if t.kind == "id":
            k = self.index.get(t.value)
            if k is None:
                raise self.error(f"unknown generator {_shown(t.value)}")
            self.advance()
            return [k]
        if t.kind == "int":
            if t.value != 1:
                raise self.error(
                    f"unexpected number {t.value}: only 1 (the identity) can stand for a word"
                )
            self.advance()
            return []
        if t.kind == "-":
            raise self.error("unexpected '-': write inverses as x^-1")
        raise self.unexpected("a generator, 1, '(' or '['")

    def nested(self) -> list[int]:
        """A bracketed word ``( w )`` or a commutator ``[u, v, ...]`` (one nesting level)."""
        t = self.tok
        if t.kind == "(":
            self.advance()
            inner = self.word()
            if self.tok.kind != ")":
                if self.tok.kind in ("end", ",", ">", "]", "|", "="):
                    raise self.error("unbalanced '(': no matching ')'", t)
                raise self.unexpected("')' or an operator")
            self.advance()
            return inner
        # a commutator: t is "["
        self.advance()
        acc = self.word()
        count = 1
        while self.tok.kind == ",":
            self.advance()
            rhs = self.word()
            acc = list(invert_word(acc)) + list(invert_word(rhs)) + acc + rhs
            self.check_length(len(acc), t)
            acc = list(free_reduce(acc))
            count += 1
        if self.tok.kind != "]":
            if self.tok.kind in ("end", ">", ")", "|", "="):
                raise self.error("unbalanced '[': no matching ']'", t)
            raise self.unexpected("',' or ']'")
        if count < 2:
            raise self.error("a commutator [u, v] needs at least two entries", t)
        self.advance()
        return acc
