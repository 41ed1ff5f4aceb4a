"""Tests of the word metric (shortlex BFS tree), left letter actions and inverses from the tree."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings

from groupmat import Group, coxeter_presentation
from groupmat.algebra._cayley import inverse_map, left_letter_actions, shortlex_bfs, word_metric
from tests.algebra.presentations.presentation_catalogue import psl2_presentation
from tests.strategies import groups

PRESENTATIONS = [
    "< a, b | a^2, b^3, (a*b)^7, [a,b]^4 >",
    "< a, b | a^4, b^3, (a*b)^2 >",
    "< a | a^12 >",
    psl2_presentation(7),
    str(coxeter_presentation("B3")),
]


def _reference_bfs(right: np.ndarray) -> tuple[list[int], list[int], list[int]]:
    """Plain-Python breadth-first search with the documented letter order (x_1..x_k, then the
    inverses, skipping a letter whose permutation repeats an earlier one), node-major."""
    k, n = right.shape
    inv = np.argsort(right, axis=1)
    letters, perms = [], [np.arange(n)]
    for letter in [*range(1, k + 1), *range(-1, -k - 1, -1)]:
        p = right[letter - 1] if letter > 0 else inv[-letter - 1]
        if not any(np.array_equal(p, q) for q in perms):
            perms.append(p)
            letters.append((letter, p))
    parent, last, order = [-1] * n, [0] * n, [0]
    seen = {0}
    frontier = [0]
    while frontier:
        nxt = []
        for g in frontier:
            for letter, p in letters:
                h = int(p[g])
                if h not in seen:
                    seen.add(h)
                    parent[h], last[h] = g, letter
                    nxt.append(h)
        order += nxt
        frontier = nxt
    return parent, last, order


def _check_tree_functions(G: Group) -> None:
    n = G.order
    wm = G.word_metric
    T = G.cayley_table(force=True)
    k = len(G.generators)
    letters = [*range(1, k + 1), *range(-1, -k - 1, -1)]
    left = left_letter_actions(wm, letters)
    assert left.dtype == np.int32 and left.shape == (2 * k, n)
    for row, letter in zip(left, letters, strict=True):
        y = int(wm.letter_perms[k + letter, 0])  # the element x_letter
        assert np.array_equal(row, T[y])
    inv = inverse_map(wm)
    assert np.array_equal(T[np.arange(n), inv], np.zeros(n, dtype=T.dtype))
    assert np.array_equal(inv[inv], np.arange(n))


@settings(max_examples=60, deadline=None)
@given(groups(max_order=400))
def test_left_actions_and_inverses_match_the_table(G):
    _check_tree_functions(G)


@pytest.mark.parametrize("text", PRESENTATIONS)
def test_left_actions_and_inverses_on_presentations(text):
    _check_tree_functions(Group.from_presentation(text))


@settings(max_examples=40, deadline=None)
@given(groups(max_order=400))
def test_shortlex_bfs_matches_plain_bfs(G):
    parent, last, order = _reference_bfs(np.asarray(G.right_action))
    _, p, lt, lengths, layers = shortlex_bfs(G.right_action)
    assert p.tolist() == parent and lt.tolist() == last
    assert np.concatenate(layers).tolist() == order
    assert all((lengths[layer] == d).all() for d, layer in enumerate(layers))


def test_step_form_is_built_only_for_products():
    G = Group.from_presentation(str(coxeter_presentation("D4")))
    wm = G.word_metric
    _ = inverse_map(wm), G.conjugacy_classes()
    assert "_step_form" not in wm.__dict__  # inverses and classes need only the tree
    a, b = 5, 17
    assert G.multiply(a, b) == int(G.table[a, b])
    assert "_step_form" in wm.__dict__


def test_left_letter_actions_rejects_bad_letters():
    wm = word_metric(np.array([[1, 2, 0]]))
    with pytest.raises(ValueError, match=r"letters must lie in -1\.\.1"):
        left_letter_actions(wm, [2])


def test_inverse_codes_keep_their_dtype():
    G = Group.from_presentation("< a, b | a^2, b^3, (a*b)^5 >")
    steps = G.word_metric.steps
    codes = G.word_metric.inverse_codes(steps)
    assert codes.dtype == steps.dtype and codes.shape == steps.shape
