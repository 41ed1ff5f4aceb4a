"""Normal subgroups, minimal normal subgroups, socle, Fitting and Frattini subgroups."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings

import groupmat as gm
from groupmat import SizeLimitError
from tests.algebra.subgroups._strategies import interesting_groups


def _nilpotent(H) -> bool:
    Hg, _ = H.as_group()
    return Hg.is_nilpotent


@settings(max_examples=25, deadline=None)
@given(interesting_groups(max_order=200))
def test_normal_subgroups_are_the_normal_classes(G):
    mine = sorted(N.elements.tobytes() for N in G.normal_subgroups())
    lattice = sorted(
        c.representative.elements.tobytes() for c in G.conjugacy_classes_subgroups() if c.size == 1
    )
    assert mine == lattice


@settings(max_examples=25, deadline=None)
@given(interesting_groups(max_order=200))
def test_minimal_normal_and_socle(G):
    normals = G.normal_subgroups()
    expected = [
        N
        for N in normals
        if N.order > 1 and not any(1 < M.order < N.order and M <= N for M in normals)
    ]
    mine = G.minimal_normal_subgroups()
    assert sorted(N.elements.tobytes() for N in mine) == sorted(
        N.elements.tobytes() for N in expected
    )
    soc = G.socle()
    assert soc.is_normal() and all(N <= soc for N in mine)
    if G.order > 1:
        assert soc == G.subgroup([g for N in mine for g in N.generators])


@settings(max_examples=25, deadline=None)
@given(interesting_groups(max_order=200))
def test_fitting_is_largest_nilpotent_normal(G):
    F = G.fitting_subgroup()
    assert F.is_normal() and _nilpotent(F)
    for N in G.normal_subgroups():
        if _nilpotent(N):
            assert N <= F


@settings(max_examples=25, deadline=None)
@given(interesting_groups(max_order=200))
def test_frattini_is_intersection_of_maximal_subgroups(G):
    mask = np.ones(G.order, dtype=bool)
    for c in G.maximal_subgroups():
        for M in c.members():
            mask &= M.mask
    assert np.array_equal(G.frattini_subgroup().mask, mask)


@pytest.mark.parametrize(
    ("build", "phi", "fit", "soc"),
    [
        (lambda: gm.symmetric(4), 1, 4, 4),
        (lambda: gm.sl(2, 3), 2, 8, 2),
        (lambda: gm.quaternion(16), 4, 16, 2),
        (lambda: gm.symmetric(5), 1, 1, 60),
        (lambda: gm.sl(2, 5), 2, 2, 2),
        (lambda: gm.cyclic(12), 2, 12, 6),
        (lambda: gm.direct_product(gm.alternating(5), gm.alternating(5)), 1, 1, 3600),
    ],
)
def test_known_characteristic_subgroups(build, phi, fit, soc):
    G = build()
    assert (G.frattini_subgroup().order, G.fitting_subgroup().order, G.socle().order) == (
        phi,
        fit,
        soc,
    )


def test_normal_subgroups_known_and_guard():
    assert [N.order for N in gm.symmetric(4).normal_subgroups()] == [1, 4, 12, 24]
    assert len(gm.abelian([2, 2, 2, 2]).normal_subgroups()) == 67
    assert [N.order for N in gm.mathieu(11).normal_subgroups()] == [1, 7920]
    with pytest.raises(SizeLimitError, match="max_count=5"):
        gm.abelian([2, 2, 2]).normal_subgroups(max_count=5)
