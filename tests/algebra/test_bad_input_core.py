"""Hostile input to the core Group (issue 17): floats, bools, NaN, negative sizes and
out-of-range elements end in one clear error class each, never a numpy traceback, and sizes
are guarded before allocation."""

from __future__ import annotations

import math

import numpy as np
import pytest

import groupmat as gm
from groupmat.errors import NotAnElementError, PresentationError, SizeLimitError

S7_GENS = [[1, 2, 3, 4, 5, 6, 0], [1, 0, 2, 3, 4, 5, 6]]


@pytest.fixture(scope="module")
def S3():
    return gm.symmetric(3)


@pytest.mark.parametrize(
    ("call", "exc", "match"),
    [
        (lambda G: G.gens[0] ** 0.5, TypeError, "exponent must be an integer"),
        (lambda G: G.power(1, 2.5), TypeError, "exponent must be an integer"),
        (lambda G: G.power(1, math.nan), ValueError, "finite"),
        (lambda G: G.ball(2.5), TypeError, "radius"),
        (lambda G: G.ball(-1), ValueError, "radius"),
        (lambda G: G.evaluate([1, 2.5]), PresentationError, "type float"),
        (lambda G: G.evaluate([3]), PresentationError, "outside"),
    ],
)
def test_integer_arguments_refused(S3, call, exc, match):
    with pytest.raises(exc, match=match):
        call(S3)


# every function taking elements raises the same NotAnElementError for index 99 / a float
ELEMENT_CALLS = {
    "multiply": lambda G, x: G.multiply(0, x),
    "element": lambda G, x: G.element(x),
    "label": lambda G, x: G.label(x),
    "word": lambda G, x: G.word(x),
    "power": lambda G, x: G.power(x, 2),
    "subgroup": lambda G, x: G.subgroup([x]),
    "centralizer": lambda G, x: G.centralizer(x),
    "contains": lambda G, x: G.subgroup([1]).contains(x),
    "conjugate": lambda G, x: G.subgroup([1]).conjugate(x),
    "word_metric.word": lambda G, x: G.word_metric.word(x),
    "left_regular_representation": lambda G, x: gm.left_regular_representation(G, [x]),
}


@pytest.mark.parametrize("name", sorted(ELEMENT_CALLS))
@pytest.mark.parametrize("bad", [99, -1])
def test_out_of_range_elements_one_error(S3, name, bad):
    with pytest.raises(NotAnElementError, match="out of range"):
        ELEMENT_CALLS[name](S3, bad)


@pytest.mark.parametrize("name", sorted(set(ELEMENT_CALLS) - {"word_metric.word"}))
def test_float_elements_refused(S3, name):
    with pytest.raises(NotAnElementError):
        ELEMENT_CALLS[name](S3, 1.5)


@pytest.mark.parametrize(
    ("max_order", "exc"),
    [
        (0, ValueError),
        (-1, ValueError),
        (2.5, TypeError),
        (math.inf, ValueError),
        (True, TypeError),
    ],
)
def test_max_order_refused(max_order, exc):
    # max_order=0 used to mean "the default" and S7 came back with 5040 elements
    with pytest.raises(exc, match="max_order"):
        gm.Group.from_permutations(S7_GENS, max_order=max_order)


def test_max_order_small_is_a_size_error():
    with pytest.raises(SizeLimitError, match="max_order=10"):
        gm.Group.from_permutations(S7_GENS, max_order=10)


def test_permutations_of_no_points():
    G = gm.Group.from_permutations([[]])
    assert G.order == 1 and G.exponent == 1
    assert G.element_orders().tolist() == [1]


@pytest.mark.parametrize(("degree", "exc"), [(-1, ValueError), (2.5, TypeError)])
def test_degree_refused(degree, exc):
    with pytest.raises(exc, match="degree"):
        gm.Group.from_permutations([[1, 0]], degree=degree)


def test_huge_degree_refused_before_allocating():
    # a (1, 10^8) view costing no memory: only its shape is read before the guard
    huge = np.lib.stride_tricks.as_strided(np.zeros(1, np.int64), (1, 10**8), (0, 0))
    with pytest.raises(SizeLimitError, match="100_000_000 points"):
        gm.Group.from_permutations(huge)


@pytest.mark.parametrize("name", ["a*b", "a b", "1a", ""])
def test_generator_names_must_be_identifiers(name):
    with pytest.raises(PresentationError, match="identifier"):
        gm.Group.from_permutations([[1, 0]], names=[name])


def test_labels_parse_back(S3):
    assert all(S3.evaluate(S3.label(i)) == i for i in range(S3.order))


# -- size guards before allocation ------------------------------------------------------


def test_equivariant_basis_argument_types():
    G = gm.symmetric(3)
    with pytest.raises(TypeError, match="HomogeneousSpace"):
        gm.equivariant_basis(G, 5)  # AttributeError before
    X = gm.HomogeneousSpace(G, G.subgroup("b"))
    assert gm.equivariant_basis(G, X).shape == (3, 6, 3)  # a Group is its regular space


def test_equivariant_basis_on_a_large_space_is_refused_at_once():
    import time

    C = gm.cyclic(50_000)
    t0 = time.perf_counter()
    with pytest.raises(SizeLimitError, match="50_000 x 50_000"):
        gm.equivariant_basis(C, C, sparse=True)
    assert time.perf_counter() - t0 < 2.0


def test_labels_linear_for_deep_groups():
    import time

    G = gm.cyclic(5000)
    t0 = time.perf_counter()
    labels = G.labels()
    assert time.perf_counter() - t0 < 2.0  # 9.6 s before (quadratic)
    assert labels[0] == "1" and labels == [G.label(i) for i in range(G.order)]
    H = gm.Group.from_presentation("< a, b | a^2, b^3, (a*b)^7, [a,b]^4 >")
    assert H.labels() == [H.label(i) for i in range(H.order)]


def test_large_permutation_matrices_refused_quickly():
    import time

    a = np.roll(np.eye(100, dtype=int), 1, axis=0)
    b = np.eye(100, dtype=int)[[1, 0, *range(2, 100)]]
    t0 = time.perf_counter()
    with pytest.raises(SizeLimitError, match="max_order"):
        gm.Group.from_matrices([a, b], progress=False)  # S_100: ran for minutes
    assert time.perf_counter() - t0 < 10.0
    assert gm.Group.from_matrices([a], progress=False).order == 100


@pytest.mark.parametrize("entry", [0.5, "sqrt(3)/2"])
def test_from_matrices_non_integer_entries_say_what_to_do(entry):
    import sympy

    from groupmat.errors import NotAGroupError

    x = sympy.sympify(entry) if isinstance(entry, str) else entry
    with pytest.raises(NotAGroupError, match="lattice basis"):
        gm.Group.from_matrices([[[x, 0], [0, 1]]])


@pytest.mark.parametrize(("max_order", "exc"), [(0, ValueError), (2.5, TypeError)])
def test_from_matrices_max_order_refused(max_order, exc):
    with pytest.raises(exc, match="max_order"):
        gm.Group.from_matrices([[[0, -1], [1, 0]]], max_order=max_order)


def test_huge_permutation_groups_refused_by_size_not_overflow():
    # S_400: the old message computed n * d / 2**30 as a float (OverflowError for 400!)
    d = 400
    shift, swap = np.roll(np.arange(d), 1), np.arange(d)
    swap[[0, 1]] = swap[[1, 0]]
    with pytest.raises(gm.SizeLimitError, match=r"max_order=5000000 .* GiB"):
        gm.Group.from_permutations([shift, swap])


def test_listing_bytes_guarded_before_allocation():
    # C_70000 on 70000 points: few elements but 70000 x 70000 int32 entries (18 GiB); refused
    # from the chain's order before any (|U_i|, d) transversal array is built
    import time

    from groupmat.algebra._permutations import MAX_LISTING_BYTES

    t = time.perf_counter()
    with pytest.raises(gm.SizeLimitError, match="MAX_LISTING_BYTES"):
        gm.Group.from_permutations([np.roll(np.arange(70_000), 1)])
    assert time.perf_counter() - t < 10.0
    assert MAX_LISTING_BYTES == 2**33
