"""One validator for element arguments: the same mistake gives the same error everywhere."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import groupmat as gm
from groupmat.errors import NotAnElementError


def _entry_points(G):
    """Every public call that takes one element argument ``x``."""
    return {
        "multiply(x, 0)": lambda x: G.multiply(x, 0),
        "multiply(0, x)": lambda x: G.multiply(0, x),
        "element": G.element,
        "label": G.label,
        "word": G.word,
        "power(x, 2)": lambda x: G.power(x, 2),
        "subgroup": G.subgroup,
        "centralizer": G.centralizer,
        "class_of": lambda x: gm.class_of(G, x),
        "left_regular_representation": lambda x: gm.left_regular_representation(G, [x]),
        "right_regular_representation": lambda x: gm.right_regular_representation(G, [x]),
    }


@pytest.mark.parametrize("bad", [99, -1, 2.5, True, None, np.float64(1.0)])
def test_bad_element_raises_not_an_element_everywhere(bad):
    G = gm.symmetric(3)
    for name, call in _entry_points(G).items():
        with pytest.raises(NotAnElementError) as info:
            call(bad)
        assert str(bad) in str(info.value) or type(bad).__name__ in str(info.value), name


def test_not_an_element_error_is_also_index_and_value_error():
    G = gm.cyclic(4)
    for cls in (IndexError, ValueError, gm.GroupmatError):
        with pytest.raises(cls):
            G.element(7)


def test_element_of_another_group():
    G, H = gm.cyclic(4), gm.cyclic(4)
    with pytest.raises(NotAnElementError, match="different group"):
        G.multiply(H.gens[0], 0)
    with pytest.raises(NotAnElementError, match="different group"):
        G.subgroup(H.gens[0])


@settings(max_examples=40, deadline=None)
@given(st.integers(-50, 50))
def test_index_range_is_checked_exactly(i):
    G = gm.dihedral(5)
    if 0 <= i < G.order:
        assert G.element(i).index == i
    else:
        with pytest.raises(NotAnElementError, match=f"index {i} out of range"):
            G.element(i)


@pytest.mark.parametrize("e", [0.5, 2.5, float("nan"), float("inf"), True])
def test_exponents_must_be_integers(e):
    g = gm.cyclic(6).gens[0]
    with pytest.raises((TypeError, ValueError), match="exponent"):
        _ = g**e


def test_group_is_immutable():
    G = gm.cyclic(4)
    with pytest.raises(AttributeError):
        G.name = "X"  # type: ignore[misc]
    H = G.renamed("Z4")
    assert H.name == "Z4" and G.name != "Z4" and repr(H).startswith("<Group Z4 of order 4")
    with pytest.raises(ValueError):
        G.right_action[0, 0] = 1
    assert G.source_indices is None
    T = gm.Group.from_cayley_table([[(i + j) % 3 for j in range(3)] for i in range(3)])
    assert T.source_indices.tolist() == [0, 1, 2] and not T.source_indices.flags.writeable
