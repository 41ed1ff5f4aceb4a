"""Hostile input to presentations, the parser and coset enumeration (issue 17): every mistake
ends in a clear PresentationError / ValueError / TypeError, never a RecursionError, an
OverflowError or silent acceptance; long input parses in linear time."""

from __future__ import annotations

import math
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import groupmat as gm
from groupmat.algebra.presentations import Presentation, enumerate_cosets, parse_word
from groupmat.algebra.presentations._gap_syntax import MAX_NESTING
from groupmat.errors import CosetEnumerationError, GroupmatError, PresentationError

A5 = "< a, b | a^2, b^3, (a*b)^5 >"


@pytest.mark.parametrize(
    ("gens", "rels", "match"),
    [
        (("a",), ((1.7,),), "letter 1.7 of type float"),
        (("a",), ((float("nan"),),), "letter nan"),
        (("a",), ((True,),), "type bool"),
        (("a",), ((1, 2),), "letter 2 outside"),
        (("a",), ((0,),), "letter 0 outside"),
        (("a",), (5,), "sequence of letters"),
        (("a*b",), (), "not an identifier"),
        (("a b",), (), "not an identifier"),
        ((1,), (), "not an identifier"),
    ],
)
def test_presentation_constructor_refuses(gens, rels, match):
    with pytest.raises(PresentationError, match=match):
        Presentation(gens, rels)


def test_generator_names_that_are_not_identifiers_never_reach_labels():
    with pytest.raises(PresentationError, match="identifier"):
        gm.Group.from_permutations([[1, 0]], generator_names=["a*b"])


@pytest.mark.parametrize(
    "text",
    [
        "<a|" + "(" * 400 + "a" + ")" * 400 + ">",
        "<a,b|" + "[a," * 400 + "b" + "]" * 400 + ">",
        "<a,b|" + "a^(" * 400 + "b" + ")" * 400 + ">",
    ],
)
def test_deep_nesting_is_a_presentation_error(text):
    with pytest.raises(PresentationError, match="nested deeper"):
        Presentation.parse(text)


def test_nesting_up_to_the_limit_parses():
    depth = MAX_NESTING
    P = Presentation.parse("<a|" + "(" * depth + "a" + ")" * depth + ">")
    assert P.relators == ((1,),)


def test_evaluate_deep_nesting():
    G = gm.symmetric(3)
    with pytest.raises(PresentationError, match="nested deeper"):
        G.evaluate("(" * 400 + "a" + ")" * 400)
    with pytest.raises(PresentationError, match="type float"):
        G.evaluate([1, 2.5])


def test_long_relator_parses_in_linear_time():
    text = "<a,b|" + "*".join(["a*b"] * 50_000) + ">"  # 200,005 characters
    t0 = time.perf_counter()
    P = Presentation.parse(text)
    assert time.perf_counter() - t0 < 2.0  # ~0.35 s; quadratic concatenation took > 5 s
    assert len(P.relators[0]) == 100_000


@pytest.mark.parametrize(
    ("value", "exc", "match"),
    [
        (math.inf, ValueError, "finite integer"),
        (math.nan, ValueError, "finite integer"),
        (0, ValueError, "positive"),
        (-1, ValueError, "positive"),
        (2.5, TypeError, "integer"),
        (True, TypeError, "integer"),
        ("10", TypeError, "integer"),
    ],
)
def test_max_cosets_refused(value, exc, match):
    with pytest.raises(exc, match=match):
        enumerate_cosets(A5, max_cosets=value)


@pytest.mark.parametrize("subgroup", [5, None, 2.5, [2.5], [[1, 0]], [[True]]])
def test_subgroup_refused(subgroup):
    with pytest.raises(PresentationError, match="subgroup"):
        enumerate_cosets(A5, subgroup)


def test_default_coset_limit_is_sized_by_memory():
    free = Presentation(tuple(f"x{i}" for i in range(200)), ())
    t0 = time.perf_counter()
    with pytest.raises(CosetEnumerationError) as err:
        enumerate_cosets(free, progress=False)
    assert time.perf_counter() - t0 < 10
    msg = str(err.value)
    assert "200 generators" in msg and len(msg) < 400  # brief: no 200-name list


def test_enumeration_error_message_is_brief():
    import random

    rng = random.Random(0)
    rel = tuple(rng.choice([1, 2]) for _ in range(10_000))  # positive letters: no reduction
    with pytest.raises(CosetEnumerationError) as err:
        enumerate_cosets(Presentation(("a", "b"), (rel,)), max_cosets=100)
    msg = str(err.value)
    assert len(msg) < 400 and "total length 10000" in msg


def test_from_presentation_accepts_sympy():
    from sympy.combinatorics.fp_groups import FpGroup
    from sympy.combinatorics.free_groups import free_group

    F, x, y = free_group("x, y")
    G = gm.Group.from_presentation(FpGroup(F, [x**2, y**3, (x * y) ** 4]))
    assert G.order == 24 and G.generator_names == ("x", "y")
    with pytest.raises(TypeError, match="FpGroup"):
        gm.Group.from_presentation(5)


# -- fuzz: any string either parses or raises a PresentationError -------------------------

_ALPHABET = st.sampled_from([*"ab<>,|*/^()[]=-1 2x", "a^-1", "[a,b]", "(a*b)^3"])


@settings(max_examples=400, deadline=None)
@given(st.lists(_ALPHABET, max_size=40).map("".join))
def test_fuzz_parser_only_raises_presentation_errors(text):
    for parse in (Presentation.parse, lambda t: parse_word(t, ["a", "b"])):
        try:
            parse(text)
        except PresentationError:
            pass


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=30))
def test_fuzz_parser_arbitrary_text(text):
    try:
        Presentation.parse("<a,b|" + text + ">")
    except GroupmatError as e:
        assert isinstance(e, PresentationError)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.sampled_from(["(", "[a,", "a^("]), min_size=1, max_size=600))
def test_fuzz_nesting_never_recursion_error(opens):
    closes = "".join(")" if o != "[a," else "]" for o in reversed(opens))
    try:
        parse_word("".join(opens) + "b" + closes, ["a", "b"])
    except PresentationError:
        assert len(opens) > MAX_NESTING


# -- brief parse errors (issue 17): a window around the column, never the whole input ------------

_TYPO = "*".join(["a", "b"] * 50_000) + "*c"  # a 2e5-character relator, one typo at the end
_NESTED = "[a," * 5_000 + "b" + "]" * 5_000


@pytest.mark.parametrize(
    ("call", "match"),
    [
        (lambda: Presentation.parse("< a, b | " + _TYPO + " >"), "unknown generator 'c' at column"),
        (lambda: Presentation.parse("< a, b | " + _NESTED + " >"), "nested deeper than"),
        (lambda: parse_word(_TYPO, ["a", "b"]), f"unknown generator 'c' at column {len(_TYPO)}\n"),
        (lambda: gm.cyclic(3).evaluate(_NESTED), "nested deeper than"),
        (lambda: Presentation.parse("< a | " + "x" * 100_000 + " >"), r"100000 characters"),
        (lambda: Presentation.parse("< " + "a" * 100_000 + ", b | c >"), "unknown generator"),
        (lambda: Presentation(("a" * 100_000 + "*",), ()), "not an identifier"),
        (lambda: Presentation(("a",), ("a" * 100_000,)), "is a string"),
        (lambda: Presentation(("a",), ((1,) * 100_000 + (2,),)), "letter 2 outside"),
        (lambda: Presentation(("a",), ((1, 10**10_000),)), "10000 digits|bits"),
        (lambda: enumerate_cosets(A5, subgroup=10**10_000), "trivial subgroup"),
    ],
)
def test_error_message_is_brief_for_long_input(call, match):
    with pytest.raises(PresentationError, match=match) as info:
        call()
    assert len(str(info.value)) < 500, len(str(info.value))


def test_long_line_error_shows_a_window_with_the_caret_under_the_column():
    with pytest.raises(PresentationError) as info:
        Presentation.parse("< a, b | " + _TYPO + " >")
    head, line, caret = str(info.value).split("\n")
    assert head == f"unknown generator 'c' at column {9 + len(_TYPO)}"
    assert line.startswith("...") and line.endswith("*c >")
    assert line[len(caret) - 1] == "c" and caret.strip() == "^"


def test_short_line_error_echoes_the_whole_line():
    with pytest.raises(PresentationError) as info:
        Presentation.parse("< a, b | a^2, c >")
    assert (
        str(info.value)
        == "unknown generator 'c' at column 15\n< a, b | a^2, c >\n" + " " * 14 + "^"
    )
