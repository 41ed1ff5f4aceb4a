"""Bad input to group matrices, displacements, regular matrices and the group determinant:
clear errors naming the argument and the shapes, size guards before allocating (issue 17)."""

from __future__ import annotations

import time

import numpy as np
import pytest

import groupmat as gm
from groupmat.algebra.matrices._limits import (
    MAX_DETERMINANT_ORDER,
    MAX_SYMBOLIC_ORDER,
)
from groupmat.errors import GroupmatError, NotAnElementError, SizeLimitError

S3 = gm.symmetric(3)
OP = gm.GroupMatrixOperator(S3, np.arange(6.0))
KR = gm.KroneckerGroupMatrix(gm.cyclic(2), gm.cyclic(3), np.ones((2, 3)))
NAN = np.full((6, 6), np.nan)
INF = np.eye(6)
INF[2, 3] = np.inf

CASES = [
    # (call, error, words the message must contain)
    (lambda: gm.group_displacement(np.zeros((10, 10)), S3, 1), ValueError, ["M", "(10, 10)", "6"]),
    (lambda: gm.group_displacement(np.zeros((3, 3)), S3, 1), ValueError, ["M", "(3, 3)", "6"]),
    (lambda: gm.group_displacement(np.zeros(6), S3, 1), ValueError, ["M", "(6,)"]),
    (lambda: gm.group_displacement(np.zeros((6, 6)), S3, 99), NotAnElementError, ["u", "99"]),
    (lambda: gm.group_displacement(np.zeros((6, 6)), S3, 1.5), NotAnElementError, ["u"]),
    (lambda: gm.group_displacements(np.zeros((4, 4)), S3), ValueError, ["M", "(4, 4)"]),
    (lambda: gm.group_displacements(np.eye(6), S3, [7]), NotAnElementError, ["generators", "7"]),
    (lambda: gm.displacement_rank(np.zeros((5, 5)), S3), ValueError, ["(5, 5)"]),
    (lambda: gm.displacement_rank(NAN, S3), ValueError, ["finite", "nan"]),
    (lambda: gm.displacement_rank(INF, np.eye(6), np.eye(6)), ValueError, ["M", "inf"]),
    (lambda: gm.displacement_rank(np.eye(6), NAN, np.eye(6)), ValueError, ["A", "nan"]),
    (lambda: gm.numerical_rank(NAN), ValueError, ["finite", "nan"]),
    (lambda: gm.numerical_rank(INF), ValueError, ["(2, 3)", "inf"]),
    (lambda: OP @ np.ones(5), ValueError, ["x", "6", "(5,)"]),
    (lambda: OP @ np.ones((5, 2)), ValueError, ["6", "(5, 2)"]),
    (lambda: OP @ np.ones((2, 6, 6)), ValueError, ["(2, 6, 6)", "apply"]),
    (lambda: OP.matvec(np.ones(7)), ValueError, ["x", "(7,)"]),
    (lambda: OP.apply(np.ones((3, 5))), ValueError, ["last axis", "(3, 5)"]),
    (lambda: KR @ np.ones(5), ValueError, ["6", "(5,)"]),
    (lambda: KR.apply(np.ones((2, 4))), ValueError, ["6", "(2, 4)"]),
    (lambda: gm.GroupMatrixOperator(S3, np.ones(6), support=[8]), NotAnElementError, ["support"]),
    (lambda: gm.regular_matrix(S3, 1, side="up"), ValueError, ["side", "up"]),
    (lambda: gm.regular_matrix(S3, 6), NotAnElementError, ["g", "6"]),
]


@pytest.mark.parametrize("call, err, words", CASES, ids=range(len(CASES)))
def test_bad_input_is_refused_clearly(call, err, words):
    with pytest.raises(err) as info:
        call()
    msg = str(info.value)
    for w in words:
        assert w in msg, (w, msg)


def test_torch_operands_are_checked_too():
    torch = pytest.importorskip("torch")
    with pytest.raises(ValueError, match="last axis"):
        OP.apply(torch.ones(2, 5))
    with pytest.raises(ValueError, match=r"\(10, 10\)"):
        gm.group_displacement(torch.zeros(10, 10), S3, 1)


@pytest.mark.parametrize(
    "call, words",
    [
        (lambda: gm.regular_matrix(gm.cyclic(100_000), 1, sparse=False), ["100000", "force"]),
        (lambda: gm.group_matrix(gm.cyclic(100_000)), ["MAX_SYMBOLIC_ORDER", "force"]),
        (lambda: gm.group_matrix(gm.cyclic(65)), ["MAX_SYMBOLIC_ORDER"]),
        (lambda: gm.group_determinant(gm.cyclic(100)), ["MAX_SYMBOLIC_ORDER"]),
        (
            lambda: gm.group_determinant(gm.symmetric(4), factor=True),
            ["MAX_DETERMINANT_ORDER=8", "section=3", "force=True"],
        ),
    ],
)
def test_size_guards_refuse_before_allocating(call, words):
    t = time.perf_counter()
    with pytest.raises(SizeLimitError) as info:
        call()
    assert time.perf_counter() - t < 2.0
    assert isinstance(info.value, GroupmatError)
    for w in words:
        assert w in str(info.value)


def test_guards_are_one_constant_each():
    assert MAX_DETERMINANT_ORDER == 8 and gm.algebra.matrices.MAX_DETERMINANT_ORDER == 8
    assert gm.algebra.matrices.MAX_SYMBOLIC_ORDER == MAX_SYMBOLIC_ORDER
    # at the guard: still computed (dihedral of order 8 factors exactly)
    F = gm.group_determinant(gm.cyclic(8), factor=True, progress=False)
    assert F.degrees == [(1, 1)] * 8
    # force lifts the symbolic guard
    assert gm.group_matrix(gm.cyclic(65), force=True).shape == (65, 65)


def test_regular_matrix_dense_under_force_and_sparse_default():
    G = gm.cyclic(5)
    assert gm.regular_matrix(G, 1).shape == (5, 5)
    assert gm.regular_matrix(G, 1, sparse=False, force=True).sum() == 5


def test_group_determinant_progress_bar(capsys):
    gm.group_determinant(gm.symmetric(3), factor=True, progress=True)
    err = capsys.readouterr().err
    assert "group determinant" in err and "factoring" in err
    gm.group_determinant(gm.symmetric(3), factor=True, progress=False)
    assert capsys.readouterr().err == ""


@pytest.mark.parametrize("bad, exc", [(3.5, TypeError), (True, TypeError), (2, ValueError)])
def test_group_determinant_section_must_be_an_integer_from_3(bad, exc):
    # int(section) used to turn 3.5 into a 3-variable section
    with pytest.raises(exc, match="section"):
        gm.group_determinant(gm.symmetric(3), factor=True, section=bad)


def test_delayed_bar_opens_late_with_the_count_so_far(capsys):
    # the shared "bar after a second" of the subgroup, isomorphism and Aut searches
    from groupmat.algebra.matrices._progress import DelayedBar

    quiet = DelayedBar("search", "node", after=0.0, enabled=False)
    for _ in range(5):
        quiet.tick()
    quiet.close()
    assert quiet.count == 5 and "search" not in capsys.readouterr().err
    slow = DelayedBar("search", "node", after=3600.0, enabled=True)
    slow.tick(3)
    slow.close()
    assert "search" not in capsys.readouterr().err  # never reached its delay
    shown = DelayedBar("search", "node", after=0.0, enabled=True)
    shown.tick(2)
    shown.tick()
    shown.close()
    assert shown.count == 3 and "search" in capsys.readouterr().err
