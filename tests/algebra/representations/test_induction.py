"""Restriction and induction of class functions (CharacterTable.restrict / induce)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import groupmat as gm
from groupmat import HomogeneousSpace, NotAnElementError, permutation_character
from tests.strategies import group_and_subgroup


def _class_function(rng: np.random.Generator, r: int) -> np.ndarray:
    return rng.normal(size=r) + 1j * rng.normal(size=r)


@settings(max_examples=40, deadline=None)
@given(group_and_subgroup(max_order=300), st.integers(0, 2**32 - 1))
def test_frobenius_reciprocity(GH, seed):
    """<Res chi, psi>_H = <chi, Ind psi>_G for arbitrary complex class functions."""
    G, H = GH
    rng = np.random.default_rng(seed)
    T = G.character_table()
    Hg, _ = H.as_group()
    TH = Hg.character_table()
    chi = _class_function(rng, len(T))
    psi = _class_function(rng, len(TH))
    lhs = TH.inner(T.restrict(chi, H), psi)
    rhs = T.inner(chi, T.induce(psi, H, G))
    assert abs(lhs - rhs) < 1e-9 * (1 + abs(lhs))


@settings(max_examples=30, deadline=None)
@given(group_and_subgroup(max_order=300))
def test_induced_trivial_character_is_the_permutation_character(GH):
    G, H = GH
    T = G.character_table()
    Hg, _ = H.as_group()
    ind = T.induce(np.ones(len(Hg.character_table())), H)
    assert np.allclose(ind, permutation_character(HomogeneousSpace(G, H)))
    assert np.isclose(ind[0], G.order // H.order)


@settings(max_examples=30, deadline=None)
@given(group_and_subgroup(max_order=300))
def test_restricted_and_induced_irreducibles_are_characters(GH):
    G, H = GH
    T = G.character_table()
    Hg, _ = H.as_group()
    TH = Hg.character_table()
    for i in range(len(T)):
        m = TH.decompose(T.restrict(i, H))
        assert np.allclose(m, np.round(m.real)) and (m.real > -1e-9).all()
        assert np.isclose(T.restrict(i, H)[0], T.degrees[i])
    for j in range(len(TH)):
        m = T.decompose(T.induce(j, H))
        assert np.allclose(m, np.round(m.real)) and (m.real > -1e-9).all()


def test_known_s4():
    G = gm.symmetric(4)
    T = G.character_table()
    A4 = G.derived_subgroup()
    # the sign character restricts to the trivial character of A4
    sign = next(i for i in range(len(T)) if T.degrees[i] == 1 and i != 0)
    assert np.allclose(T.restrict(sign, A4), 1)
    # inducing the trivial character of A4 gives trivial + sign
    ind = T.induce(np.ones(len(A4.as_group()[0].character_table())), A4)
    assert np.allclose(T.decompose(ind), [1 if i in (0, sign) else 0 for i in range(len(T))])


def test_bad_input():
    G = gm.symmetric(3)
    T = G.character_table()
    H = G.subgroup([G.generators[0]])
    with pytest.raises(ValueError, match="class function"):
        T.restrict([1, 2], H)
    with pytest.raises(IndexError, match="out of range"):
        T.restrict(7, H)
    with pytest.raises(TypeError, match="Subgroup"):
        T.restrict(0, [0, 1])
    with pytest.raises(NotAnElementError, match="subgroup of"):
        T.restrict(0, gm.symmetric(3).subgroup([1]))
    with pytest.raises(ValueError, match="table's group"):
        T.induce([1, 1, 1], H, gm.symmetric(4))
