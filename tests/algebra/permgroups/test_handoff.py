"""Hand-off between the listed Group and the chain-backed PermGroup."""

from __future__ import annotations

import pytest

import groupmat as gm


def test_named_families_refuse_with_the_permgroup_constructor():
    for call, name in [
        (lambda: gm.symmetric(11), "PermGroup.symmetric(11)"),
        (lambda: gm.alternating(12), "PermGroup.alternating(12)"),
        (lambda: gm.mathieu(24), "PermGroup.mathieu(24)"),
    ]:
        with pytest.raises(gm.SizeLimitError, match=name.replace("(", r"\(").replace(")", r"\)")):
            call()
    assert gm.mathieu(22).order == 443520
    with pytest.raises(gm.NotAGroupError, match=r"PermGroup.psl\(3, q\)"):
        gm.psl(3, 5)


def test_from_permutations_names_permgroup_above_max_order():
    gens = gm.PermGroup.mathieu(23).generators
    with pytest.raises(gm.SizeLimitError, match="PermGroup"):
        gm.Group.from_permutations(gens)


def test_to_group_round_trip():
    P = gm.PermGroup.psl(2, 7)
    G = P.to_group()
    assert G.order == P.order == 168
    assert all(row.tolist() in P for row in G.permutations[:20])


def test_permgroup_from_a_listed_group():
    G = gm.symmetric(5)
    P = gm.PermGroup(G)
    assert P.order == 120 and P.degree == 5
    with pytest.raises(gm.NotAGroupError, match="no permutation representation"):
        gm.PermGroup(gm.Group.from_presentation("< a | a^3 >"))
