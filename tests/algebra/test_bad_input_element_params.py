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


@pytest.fixture(scope="module")
def P4():
    return gm.spatial_group((6, 6), "C4")


# name -> call(S, x) for an integer argument x (a size, a factor, an element index) of a
# spatial group S that used to go through int(x)
INT_CALLS = {
    "subsample(factor)": lambda S, x: S.subsample(x),
    "window(size)": lambda S, x: S.window(x),
    "translation_window(size)": lambda S, x: S.translation_window(x),
    "pixel_window(size)": lambda S, x: S.pixel_window(x),
    "seitz_pair(g)": lambda S, x: S.seitz_pair(x),
}


@pytest.mark.parametrize("name", sorted(INT_CALLS))
@pytest.mark.parametrize(
    ("bad", "exc"), [(2.5, TypeError), (math.nan, ValueError), (True, TypeError)]
)
def test_non_integer_sizes_refused(P4, name, bad, exc):
    arg = name.split("(")[1].rstrip(")")
    with pytest.raises(exc, match=rf"^{arg} must be (an|a finite) integer"):
        INT_CALLS[name](P4, bad)


@pytest.mark.parametrize("name", sorted(INT_CALLS))
def test_integer_sizes_still_accepted(P4, name):
    INT_CALLS[name](P4, 3)
    INT_CALLS[name](P4, np.int64(3))


# name -> call(G, xs) for an argument of several elements of G = S3 that used to be cast
# with np.asarray(xs, dtype=np.int64) (0.5 -> 0, 1.7 -> 1) or indexed into numpy directly
ARRAY_CALLS = {
    "equivariance_error_of_matrix(elements=)": lambda G, xs: gm.equivariance_error_of_matrix(
        np.eye(6), G, elements=xs
    ),
    "LDRPerturbation(kernel=)": lambda G, xs: gm.LDRPerturbation(
        G, np.ones(2), np.ones((6, 1)), np.ones((2, 1)), kernel=xs
    ),
    "KroneckerGroupMatrix.block(i)": lambda G, xs: gm.KroneckerGroupMatrix(
        G, gm.cyclic(2), np.ones((6, 2))
    ).block(xs[-1], 0),
    "RealFourier.full_matrices": lambda G, xs: gm.real_fourier(G).full_matrices(xs),
}


@pytest.mark.parametrize("name", sorted(ARRAY_CALLS))
@pytest.mark.parametrize("bad", [[0.5, 1.7], [math.nan, 1.0], [0, 6]])
def test_non_integer_element_arrays_refused(S3, name, bad):
    with pytest.raises(NotAnElementError):
        ARRAY_CALLS[name](S3, bad)


@pytest.mark.parametrize("name", sorted(ARRAY_CALLS))
def test_integer_element_arrays_accepted(S3, name):
    ARRAY_CALLS[name](S3, [0, 1])
    ARRAY_CALLS[name](S3, np.array([0, 1], dtype=np.int32))


# name -> call(x) for an integer argument (a limit, a count, an index, a point) that used to go
# through int(x): 2.5 meant 2, 24.0 was an order hint of 24, 0.5 the point 0
S4 = gm.symmetric(4)
PERM4 = gm.PermGroup([[1, 2, 3, 0], [1, 0, 2, 3]])
LIMIT_CALLS = {
    "normal_subgroups(max_count=)": lambda v: gm.normal_subgroups(S4, max_count=v),
    "isomorphism(max_search=)": lambda v: gm.isomorphism(S4, S4, max_search=v),
    "subgroups(max_subgroups=)": lambda v: S4.subgroups(max_subgroups=v),
    "conjugacy_classes_subgroups(max_order=)": lambda v: gm.cyclic(6).conjugacy_classes_subgroups(
        max_order=v
    ),
    "is_isomorphic(max_order=)": lambda v: gm.is_isomorphic(gm.symmetric(4), S4, max_order=v),
    "PermGroup.sylow_subgroup(max_class=)": lambda v: PERM4.sylow_subgroup(2, max_class=v),
    "PermGroup(order=)": lambda v: gm.PermGroup([[1, 2, 3, 0], [1, 0, 2, 3]], order=v),
    "PermGroup.element(index)": lambda v: PERM4.element(v),
    "PermGroup.random(count)": lambda v: PERM4.random(v),
}


@pytest.mark.parametrize("name", sorted(LIMIT_CALLS))
@pytest.mark.parametrize(("bad", "exc"), [(2.5, TypeError), (24.0, TypeError), (True, TypeError)])
def test_non_integer_limits_refused(name, bad, exc):
    arg = name.split("(")[1].rstrip(")=")
    with pytest.raises(exc, match=rf"^{arg} must be an integer"):
        LIMIT_CALLS[name](bad)


@pytest.mark.parametrize("name", sorted(LIMIT_CALLS))
def test_integer_limits_accepted(name):
    LIMIT_CALLS[name](np.int64(24) if "order" in name else 10**6 if "max" in name else 3)


# name -> call(x) for a point of a permutation action
POINT_CALLS = {
    "HomogeneousSpace.stabilizer": lambda x: gm.HomogeneousSpace(S4, [1]).stabilizer(x),
    "PermGroup.representative_action(x)": lambda x: PERM4.representative_action(x, 1),
    "PermGroup.representative_action(y)": lambda x: PERM4.representative_action(1, x),
}


@pytest.mark.parametrize("name", sorted(POINT_CALLS))
@pytest.mark.parametrize("bad", [0.5, 2.0, True, -1, 99])
def test_bad_points_refused(name, bad):
    with pytest.raises(gm.errors.NotAnActionError, match="not among"):
        POINT_CALLS[name](bad)


@pytest.mark.parametrize("bad", [2.5, math.nan, True])
def test_word_metric_word_refuses_non_integers(S3, bad):
    # G.word validates first, but the WordMetric's own word(i) used int(i): 2.5 meant element 2
    with pytest.raises((TypeError, ValueError), match=r"element index must be a.*integer"):
        S3.word_metric.word(bad)
    assert S3.word_metric.word(np.int64(2)) == S3.word(2)


@pytest.mark.parametrize("bad, exc", [(2.5, TypeError), (math.nan, ValueError), (0, ValueError)])
def test_automorphism_group_max_aut_order_checked(S3, bad, exc):
    # int(max_aut_order) turned 2.5 into a limit of 2
    with pytest.raises(exc, match="max_aut_order must be"):
        gm.automorphism_group(S3, max_aut_order=bad)
    with pytest.raises(exc, match="max_aut_order must be"):
        gm.symmetric(4).automorphism_group(max_aut_order=bad)
