"""Tests for the GAP-syntax presentation parser, words, and sympy / GAP interop."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import groupmat as gm
from groupmat import (
    Presentation,
    cyclically_reduce,
    free_reduce,
    invert_word,
    parse_word,
    word_to_string,
)
from groupmat.errors import GroupmatError, PresentationError
from tests.algebra.presentations.presentation_catalogue import CATALOGUE

AB = ("a", "b")

# ----------------------------------------------------------------------------------------------
# syntax
# ----------------------------------------------------------------------------------------------

WORDS = [
    ("a", (1,)),
    ("a^-1", (-1,)),
    ("a^ -1", (-1,)),
    ("a^(-2)", (-1, -1)),
    ("a^(3)", (1, 1, 1)),
    ("a^0", ()),
    ("1", ()),
    ("1^5*a", (1,)),
    ("a*b", (1, 2)),
    ("a*1*b", (1, 2)),
    ("a/b", (1, -2)),
    ("a^2*b^-3", (1, 1, -2, -2, -2)),
    ("(a*b)^2", (1, 2, 1, 2)),
    ("(a*b)^-2", (-2, -1, -2, -1)),
    ("((a*b)^2*b^-1)^2", (1, 2, 1, 1, 2, 1)),
    ("[a,b]", (-1, -2, 1, 2)),
    ("[a, b]^2", (-1, -2, 1, 2, -1, -2, 1, 2)),
    ("[a,b,a]", (-2, -1, 2, -1, -2, 1, 2, 1)),  # [[a,b],a]
    ("[[a,b],a]", (-2, -1, 2, -1, -2, 1, 2, 1)),
    ("[a*b, b]", (-2, -1, -2, 1, 2, 2)),  # (ab)^-1 b^-1 (ab) b
    ("a^b", (-2, 1, 2)),
    ("a^(b*a)", (-1, -2, 1, 2, 1)),
    ("a^[a,b]", (-2, -1, 2, 1, -2, 1, 2)),
    ("(a^b)^2", (-2, 1, 1, 2)),
    ("a^(b^2)", (-2, -2, 1, 2, 2)),
    ("a*a^-1*b", (2,)),
    ("  a\t*\nb  ", (1, 2)),
]


@pytest.mark.parametrize(("text", "expected"), WORDS)
def test_parse_word(text, expected):
    assert parse_word(text, AB) == expected


def test_presentation_syntax():
    P = Presentation.parse("< a, b | a^2, b^3, (a*b)^7, [a,b]^4, a^b = b*a >")
    assert P.generators == AB
    assert P.relators[:3] == ((1, 1), (2, 2, 2), (1, 2) * 7)
    assert P.relators[3] == (-1, -2, 1, 2) * 4
    # a^b = b*a  ->  b^-1 a b (b a)^-1 = b^-1 a b a^-1 b^-1
    assert P.relators[4] == (-2, 1, 2, -1, -2)


@pytest.mark.parametrize(
    "text",
    ["< a, b >", "<a,b|>", "< a, b | >", " <\ta ,\n b\n|\n>\n"],
)
def test_empty_relator_list(text):
    P = Presentation.parse(text)
    assert P.generators == AB and P.relators == ()


def test_trivial_relators_dropped_and_identifiers():
    P = Presentation.parse("< x_1, Y2, _z | x_1*x_1^-1, 1, Y2 = Y2, _z^3 >")
    assert P.generators == ("x_1", "Y2", "_z")
    assert P.relators == ((3, 3, 3),)


def test_relation_sides():
    assert Presentation.parse("< a | a^3 = 1 >").relators == ((1, 1, 1),)
    assert Presentation.parse("< a | 1 = a^3 >").relators == ((-1, -1, -1),)
    assert Presentation.parse("< a, b | a*b = b*a >").relators == ((1, 2, -1, -2),)


# ----------------------------------------------------------------------------------------------
# errors: message, column, caret
# ----------------------------------------------------------------------------------------------

ERRORS = [
    # (text, message fragment, 1-based column)
    ("< a, b | a^2, c >", "unknown generator 'c'", 15),
    ("< a, b | (a*b^2 >", "unbalanced '('", 10),
    ("< a, b | a*b) >", "unbalanced ')'", 13),
    ("< a, b | [a, b >", "unbalanced '['", 10),
    ("< a, b | a, b] >", "unbalanced ']'", 14),
    ("< a, b | a^ >", "dangling '^'", 11),
    ("< a, b | a^, b >", "dangling '^'", 11),
    ("< a, b | a^*b >", "dangling '^'", 11),
    ("< a, b | a* >", "dangling '*'", 11),
    ("< | a >", "empty generator list", 3),
    ("<>", "empty generator list", 2),
    ("< a, a | a >", "duplicate generator 'a'", 6),
    ("< a, b", "expected '>'", 7),
    ("< a, b | a^2", "expected '>'", 13),
    ("a, b | a >", "expected '<'", 1),
    ("< a, b | a > x", "after the closing '>'", 14),
    ("< a, b | a = b = a >", "exactly one '='", 16),
    ("< a, b | a^b^2 >", "does not chain", 13),
    ("< a, b | a^-b >", "expected a number after '-'", 13),
    ("< a, b | -a >", "unexpected '-'", 10),
    ("< a, b | 2 >", "unexpected number 2", 10),
    ("< a, b | [a] >", "needs at least two entries", 10),
    ("< a, b | () >", "expected a word", 11),
    ("< a, b | a, >", "expected a word", 13),
    ("< a, b | a $ b >", "unexpected character '$'", 12),
    ("< a, 1 | a >", "expected a generator name", 6),
    ("< a b | a >", "expected", 5),
    ("< a | a^99999999999 >", "longer than", 8),
    ("< a | (a^1000)^1000000 >", "longer than", 15),
    ("< a | a^1234567890123456 >", "too large", 9),
]


@pytest.mark.parametrize(("text", "fragment", "column"), ERRORS)
def test_errors_have_column_and_caret(text, fragment, column):
    with pytest.raises(PresentationError) as info:
        Presentation.parse(text)
    msg = str(info.value)
    assert fragment in msg, msg
    first, line, caret = msg.split("\n")
    assert first.endswith(f"at column {column}"), msg
    assert line == text
    assert caret == " " * (column - 1) + "^"


def test_error_line_and_column_multiline():
    text = "< a, b |\n  a^2,\n  c^3 >"
    with pytest.raises(PresentationError, match=r"unknown generator 'c' at line 3, column 3"):
        Presentation.parse(text)


def test_presentation_error_is_a_groupmat_value_error():
    with pytest.raises(GroupmatError):
        Presentation.parse("<")
    with pytest.raises(ValueError):
        Presentation.parse("<")


@pytest.mark.parametrize(
    ("text", "fragment"),
    [("", "empty word"), ("c", "unknown generator 'c'"), ("a = b", "'='"), ("a,", "expected")],
)
def test_parse_word_errors(text, fragment):
    with pytest.raises(PresentationError, match=re.escape(fragment)):
        parse_word(text, AB)


def test_constructor_validation():
    with pytest.raises(PresentationError, match="empty generator list"):
        Presentation((), ((1,),))
    with pytest.raises(PresentationError, match="duplicate"):
        Presentation(("a", "a"), ())
    with pytest.raises(PresentationError, match="not an identifier"):
        Presentation(("a b",), ())
    with pytest.raises(PresentationError, match="letter 3"):
        Presentation(AB, ((1, 3),))
    with pytest.raises(PresentationError, match="letter 0"):
        Presentation(AB, ((0,),))
    with pytest.raises(PresentationError, match="string"):
        Presentation("ab", ())
    with pytest.raises(PresentationError, match=r"Presentation\.parse"):
        Presentation(AB, ("a^2",))
    P = Presentation(["a", "b"], [[1, 2, -2, 1], []])
    assert P.relators == ((1, 1),) and P.generators == AB
    assert hash(P) == hash(Presentation.parse("< a, b | a^2 >"))


def test_parse_rejects_non_strings():
    with pytest.raises(PresentationError, match="expected a string"):
        Presentation.parse(42)  # type: ignore[arg-type]


# ----------------------------------------------------------------------------------------------
# fuzzing: nothing but PresentationError escapes
# ----------------------------------------------------------------------------------------------

_ALPHABET = "<>|,*/^()[]=-1023ab c_\n\tx$"


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=_ALPHABET, max_size=40))
def test_fuzz_parse_random_text(text):
    try:
        P = Presentation.parse(text)
    except PresentationError as e:
        assert " at " in str(e) and str(e).count("\n") == 2
        return
    assert Presentation.parse(str(P)) == P


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=30))
def test_fuzz_parse_word_arbitrary_unicode(text):
    try:
        w = parse_word(text, ("a", "b", "c"))
    except PresentationError:
        return
    assert parse_word(word_to_string(w, ("a", "b", "c")), ("a", "b", "c")) == w


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from([t for _, t, _ in CATALOGUE]), st.data())
def test_fuzz_mutated_catalogue_presentations(text, data):
    """Delete, duplicate or replace one character of a valid presentation."""
    i = data.draw(st.integers(0, len(text) - 1))
    op = data.draw(st.sampled_from(["delete", "duplicate", "replace"]))
    if op == "delete":
        mutated = text[:i] + text[i + 1 :]
    elif op == "duplicate":
        mutated = text[:i] + text[i] + text[i:]
    else:
        mutated = text[:i] + data.draw(st.sampled_from(_ALPHABET)) + text[i + 1 :]
    try:
        P = Presentation.parse(mutated)
    except PresentationError:
        return
    assert Presentation.parse(str(P)) == P


# ----------------------------------------------------------------------------------------------
# words and round trips
# ----------------------------------------------------------------------------------------------


def words(k: int = 3, max_size: int = 30) -> st.SearchStrategy[tuple[int, ...]]:
    letters = st.sampled_from([x for j in range(1, k + 1) for x in (j, -j)])
    return st.lists(letters, max_size=max_size).map(free_reduce)


def test_word_to_string_examples():
    assert word_to_string((1, -2), AB) == "a*b^-1"
    assert word_to_string((1, 1, 2), AB) == "a^2*b"
    assert word_to_string((), AB) == "1"
    assert word_to_string((-2, -2, -2), AB) == "b^-3"
    with pytest.raises(PresentationError, match="letter 3"):
        word_to_string((3,), AB)


@given(words())
def test_word_to_string_round_trip(w):
    assert parse_word(word_to_string(w, "xyz"), "xyz") == w


@given(words())
def test_reduction_and_inverse(w):
    assert free_reduce(w) == w
    assert free_reduce(w + invert_word(w)) == ()
    c = cyclically_reduce(w)
    assert not c or len(c) == 1 or c[0] != -c[-1]
    k = (len(w) - len(c)) // 2  # w = u c u^-1 with u = w[:k]
    assert w[k : k + len(c)] == c
    assert w[len(w) - k :] == invert_word(w[:k])


names = st.lists(
    st.from_regex(r"[A-Za-z_][A-Za-z0-9_]{0,3}", fullmatch=True),
    min_size=1,
    max_size=4,
    unique=True,
)


@settings(max_examples=200, deadline=None)
@given(names, st.data())
def test_str_round_trip(gens, data):
    rels = data.draw(st.lists(words(len(gens), 40), max_size=5))
    P = Presentation(tuple(gens), tuple(rels))
    assert Presentation.parse(str(P)) == P
    assert eval(repr(P), {"Presentation": Presentation}) == P


@pytest.mark.parametrize(("name", "text", "order"), CATALOGUE)
def test_catalogue_round_trips(name, text, order):
    P = Presentation.parse(text)
    assert Presentation.parse(str(P)) == P
    assert P.to_gap().count("F.") >= sum(len(r) > 0 for r in P.relators)


@pytest.mark.parametrize("index", range(0, len(CATALOGUE), 7))
def test_catalogue_sympy_round_trips(index):
    P = Presentation.parse(CATALOGUE[index][1])
    assert Presentation.from_sympy(P.to_sympy()) == P


def test_str_is_readable():
    P = Presentation.parse("< a, b | a^2, b^3, (a*b)^11, ((a*b)^4*(a*b^-1)^5)^2 >")
    assert str(P) == "< a, b | a^2, b^3, (a*b)^11, ((a*b)^4*(a*b^-1)^5)^2 >"
    assert str(Presentation.parse("< a | >")) == "< a | >"


# ----------------------------------------------------------------------------------------------
# sympy and GAP interop
# ----------------------------------------------------------------------------------------------


def test_sympy_round_trip_and_order():
    P = Presentation.parse("< r, s | r^4, s^2, (s*r)^2 >")
    G = P.to_sympy()
    assert [str(g) for g in G.generators] == ["r", "s"]
    assert G.order() == 8
    assert Presentation.from_sympy(G) == P


def test_from_sympy_free_group_and_errors():
    from sympy.combinatorics.free_groups import free_group

    F, *_ = free_group("x, y")
    assert Presentation.from_sympy(F) == Presentation(("x", "y"), ())
    with pytest.raises(PresentationError, match="FpGroup"):
        Presentation.from_sympy(42)


@given(names, st.data())
@settings(max_examples=15, deadline=None)
def test_sympy_round_trip_random(gens, data):
    rels = data.draw(st.lists(words(len(gens), 12), max_size=4))
    P = Presentation(tuple(gens), tuple(rels))
    assert Presentation.from_sympy(P.to_sympy()) == P


def test_to_gap_format():
    P = Presentation.parse("< a, b | a^2, (a*b)^3, [a,b] >")
    assert P.to_gap() == (
        "CallFuncList(function(F) return F / [F.1^2, (F.1*F.2)^3, F.1^-1*F.2^-1*F.1*F.2]; end, "
        '[FreeGroup("a", "b")])'
    )


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("gap") is None, reason="GAP is not installed")
def test_to_gap_runs_in_gap():
    cases = [(t, n) for _, t, n in CATALOGUE if n <= 2000][:12]
    script = "".join(f'Print(Size({Presentation.parse(t).to_gap()}), "\\n");\n' for t, _ in cases)
    out = subprocess.run(
        ["gap", "-q", "-b"],
        input=script + "QUIT;\n",
        capture_output=True,
        text=True,
        timeout=120,
    ).stdout.split()
    assert [int(x) for x in out] == [n for _, n in cases]


def test_trivial_presentation():
    """GAP writes SmallGroup(1,1) as < | >: no generators, no relators."""
    for text in ("< | >", "<|>"):
        P = Presentation.parse(text)
        assert P.generators == () and P.relators == () and str(P) == "< | >"
    G = gm.Group.from_presentation("< | >")
    assert G.order == 1 and G.generators == () and G.label(0) == "1"
    with pytest.raises(PresentationError, match="relators need generators"):
        Presentation.parse("< | a >")
