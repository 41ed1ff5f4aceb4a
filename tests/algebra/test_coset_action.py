"""Tests of permutation actions on cosets derived from a group's regular action."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from sympy.combinatorics import Permutation, PermutationGroup

from groupmat import Group, coxeter_presentation, cyclic
from groupmat.algebra._coset_action import (
    cached_faithful_coset_action,
    coset_action,
    faithful_coset_action,
)
from tests.algebra.presentations.presentation_catalogue import psl2_presentation
from tests.strategies import groups


def _check_action(G: Group, perms: np.ndarray) -> None:
    """Rows are a homomorphism for "first g, then h": perms[g h] = perms[h][perms[g]]."""
    rng = np.random.default_rng(0)
    g = rng.integers(0, G.order, 200)
    h = rng.integers(0, G.order, 200)
    p = perms.astype(np.int64)
    assert np.array_equal(p[G.multiply(g, h)], np.take_along_axis(p[h], p[g], axis=1))


@pytest.mark.parametrize(
    ("text", "degree"),
    [
        (str(coxeter_presentation("A4")), 5),  # S5 on the cosets of S4
        (str(coxeter_presentation("B3")), 6),  # signed permutations of 3 points
        (str(coxeter_presentation("E6")), 27),  # W(E6) on the 27 lines
        (psl2_presentation(7), 21),  # the cosets of <y, y^x> (a Klein four-group... or S4)
    ],
)
def test_faithful_action_of_presentations(text, degree):
    G = Group.from_presentation(text)
    act = faithful_coset_action(G)
    assert act is not None and act.faithful and act.degree <= degree
    perms = act.permutations
    assert perms.shape == (G.order, degree)
    assert len({tuple(r) for r in perms.tolist()}) == G.order  # faithful: rows distinct
    _check_action(G, perms)
    # the generators' coset permutations generate a group of order |G|
    P = PermutationGroup([Permutation(p.tolist()) for p in act.generators])
    assert P.order() == G.order
    # orders from cycle types agree with powers computed on words (a sample of elements)
    for g in np.random.default_rng(1).integers(0, G.order, 30).tolist():
        m = Permutation(perms[g].tolist()).order()
        assert G.power(g, m) == 0
        assert all(G.power(g, m // q) != 0 for q in range(2, m + 1) if m % q == 0)


@settings(max_examples=40, deadline=None)
@given(groups(max_order=500))
def test_derived_action_without_presentation(G):
    """Groups without a presentation size candidates by closure; any action found is a
    faithful homomorphism, of degree at most the index bound."""
    H = Group.from_cayley_table(G.table)
    act = faithful_coset_action(H)
    if act is None:
        return
    assert act.faithful and 2 <= act.degree and act.degree**2 <= 64 * H.order
    assert len({tuple(r) for r in act.permutations.tolist()}) == H.order
    _check_action(H, act.permutations)


def test_coset_action_labels_and_unfaithful_actions():
    G = Group.from_presentation("< a, b | a^2, b^3, (a*b)^3 >")  # A4
    act = coset_action(G, ["a", "b*a*b^-1"], permutations=True)  # the Klein four-group V
    assert act.degree == 3 and act.faithful is False  # V is normal: kernel V
    labels = act.labels
    assert np.bincount(labels).tolist() == [4, 4, 4]
    # coset of g x is the image of the coset of g
    for s in range(2):
        assert np.array_equal(labels[G.right_action[s]], act.generators[s][labels])
    _check_action(G, act.permutations)


def test_no_action_for_cyclic_and_tiny_groups():
    assert faithful_coset_action(cyclic(12)) is None
    assert faithful_coset_action(Group.from_presentation("< a | a^2 >")) is None


def test_cache_is_per_group():
    G = Group.from_presentation(str(coxeter_presentation("A3")))
    assert cached_faithful_coset_action(G) is cached_faithful_coset_action(G)
    assert cached_faithful_coset_action(G).degree == 4
