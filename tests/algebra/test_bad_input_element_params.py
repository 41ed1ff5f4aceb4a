"""Element and integer arguments that used to be truncated with ``int(...)`` (issue 17):
``2.5``, NaN, ``True`` and out-of-range indices are refused by the one validator
(:func:`~groupmat.algebra._validate.element_index` / ``as_int``) with a message naming the
argument, instead of silently meaning element 2."""

from __future__ import annotations

import math

import numpy as np
import pytest

import groupmat as gm
from groupmat.errors import NotAnElementError


@pytest.fixture(scope="module")
def S3():
    return gm.symmetric(3)


# name -> call(G, x) for one element argument x of a group G = S3
ELEMENT_CALLS = {
    "HomogeneousSpace.translate": lambda G, x: gm.HomogeneousSpace(G, [1]).translate(
        np.arange(3.0), x
    ),
    "Irrep.__call__": lambda G, x: G.irreducible_representations()[2](x),
}


@pytest.mark.parametrize("name", sorted(ELEMENT_CALLS))
@pytest.mark.parametrize("bad", [2.5, math.nan, True, np.float64(1.0)])
def test_non_integer_elements_refused(S3, name, bad):
    with pytest.raises(NotAnElementError, match=r"\bg\b.*must be an index"):
        ELEMENT_CALLS[name](S3, bad)


@pytest.mark.parametrize("name", sorted(ELEMENT_CALLS))
@pytest.mark.parametrize("bad", [6, -1])
def test_out_of_range_elements_refused(S3, name, bad):
    with pytest.raises(NotAnElementError, match="out of range"):
        ELEMENT_CALLS[name](S3, bad)


@pytest.mark.parametrize("name", sorted(ELEMENT_CALLS))
def test_valid_elements_still_accepted(S3, name):
    # an index, a numpy integer, an Element handle and a word string name the same element
    ref = ELEMENT_CALLS[name](S3, 1)
    for x in (np.int64(1), S3.element(1), S3.label(1)):
        assert np.array_equal(ELEMENT_CALLS[name](S3, x), ref)
