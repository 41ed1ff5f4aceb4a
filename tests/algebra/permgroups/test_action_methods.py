"""Group methods for permutation actions (issue 13, section 3): orbits, stabilisers,
transitivity, blocks, primitivity, representative actions, permutation -> element index."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from sympy.combinatorics import Permutation, PermutationGroup

import groupmat as gm
from groupmat import NotAnActionError, NotAnElementError
from groupmat.algebra.permgroups._action_methods import PermutationActionMethods
from tests.strategies import permutation_generators

# Group gets the mixin as a base class (REQUESTS.md); until then test through a subclass.
if issubclass(gm.Group, PermutationActionMethods):
    G_ = gm.Group
else:
    G_ = type("GroupWithActions", (gm.Group, PermutationActionMethods), {})


def perm_group(gens):
    return G_.from_permutations(gens)


@settings(max_examples=40, deadline=None)
@given(permutation_generators(max_degree=8))
def test_orbits_stabilisers_and_representatives(gens):
    G = perm_group(gens)
    S = PermutationGroup([Permutation(g) for g in gens])
    assert sorted(tuple(o.tolist()) for o in G.orbits()) == sorted(
        tuple(sorted(o)) for o in S.orbits()
    )
    d = G.permutations.shape[1]
    for x in range(d):
        H = G.stabilizer(x)
        assert H.order * len(G.orbit(x)) == G.order  # orbit-stabiliser, intransitive too
        assert (G.permutations[H.elements][:, x] == x).all()
        for y in range(d):
            g = G.representative_action(x, y)
            if y in set(G.orbit(x).tolist()):
                assert G.permutations[g.index][x] == y
            else:
                assert g is None
    assert G.is_transitive() == S.is_transitive()


@settings(max_examples=30, deadline=None)
@given(permutation_generators(max_degree=8))
def test_index_of_inverts_permutations(gens):
    G = perm_group(gens)
    perms = np.asarray(G.permutations)
    assert G.index_of(perms).tolist() == list(range(G.order))
    assert G.index_of(perms[-1]) == G.order - 1


def test_transitivity_blocks_primitivity():
    S4 = perm_group([[1, 2, 3, 0], [1, 0, 2, 3]])
    assert S4.transitivity() == 4 and S4.is_primitive()
    A5 = perm_group([[1, 2, 3, 4, 0], [1, 2, 0, 3, 4]])
    assert A5.transitivity() == 3
    D8 = perm_group([[1, 2, 3, 0], [3, 2, 1, 0]])
    assert D8.transitivity() == 1 and not D8.is_primitive()
    assert [b.tolist() for b in D8.blocks()] == [[0, 2], [1, 3]]
    assert len(D8.minimal_blocks()) == 1
    assert perm_group([[1, 0, 2]]).transitivity() == 0


def test_other_actions():
    S4 = perm_group([[1, 2, 3, 0], [1, 0, 2, 3]])
    X = gm.HomogeneousSpace(S4, S4.subgroup([S4.generators[0]]))  # 6 cosets of C4
    assert S4.is_transitive(action=X.action)
    assert S4.stabilizer(0, action=X.action).order == 4
    assert len(S4.orbits(action="regular")) == 1
    assert S4.stabilizer(0, action="regular").order == 1
    assert not S4.is_primitive(action="regular")


def test_bad_input():
    S4 = perm_group([[1, 2, 3, 0], [1, 0, 2, 3]])
    with pytest.raises(NotAnElementError):
        perm_group([[1, 2, 3, 0]]).index_of([1, 0, 2, 3])
    with pytest.raises(NotAnElementError):
        S4.index_of([1, 0, 2, 3, 4])
    with pytest.raises(NotAnActionError, match="point 9"):
        S4.stabilizer(9)
    with pytest.raises(NotAnActionError, match="rows"):
        S4.orbits(action=np.zeros((3, 4), dtype=int))
    with pytest.raises(NotAnActionError, match="permutation representation"):
        G_.from_presentation("< a | a^3 >").orbits()
    with pytest.raises(gm.NotAGroupError, match="not transitive"):
        perm_group([[1, 0, 2]]).blocks()
