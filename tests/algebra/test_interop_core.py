"""Interop of the core Group (issue 16): Cayley tables of element names, sympy FpGroup in,
sympy PermutationGroup out."""

from __future__ import annotations

import warnings

import numpy as np
import pytest

import groupmat as gm
from groupmat.errors import NotAGroupError

Q8_NAMES = ["1", "-1", "i", "-i", "j", "-j", "k", "-k"]


def _q8_table():
    from sympy.algebras.quaternion import Quaternion

    q = {"1": Quaternion(1, 0, 0, 0), "i": Quaternion(0, 1, 0, 0)}
    q |= {"j": Quaternion(0, 0, 1, 0), "k": Quaternion(0, 0, 0, 1)}
    q |= {"-" + s: -v for s, v in list(q.items())}
    back = {v: s for s, v in q.items()}
    return [[back[q[a] * q[b]] for b in Q8_NAMES] for a in Q8_NAMES]


def test_table_of_element_names_keeps_the_names():
    G = gm.Group.from_cayley_table(_q8_table(), element_names=Q8_NAMES)
    assert G.order == 8 and G.abelian_invariants() == [2, 2]
    assert sorted(G.labels()) == sorted(Q8_NAMES)
    assert G.element_names is not None
    assert all(G.evaluate(G.label(i)) == i for i in range(8))
    assert G.generator_names == tuple(G.label(g) for g in G.generators)  # 'i', 'j'
    # products follow the table: i * j = k
    assert G.label(G.multiply(G.evaluate("i"), G.evaluate("j"))) == "k"


def test_integer_table_with_element_names_and_identity_elsewhere():
    names = ["r", "e"]  # identity at index 1: renumbered to 0, names follow
    G = gm.Group.from_cayley_table([[1, 0], [0, 1]], element_names=names)
    assert G.labels() == ["e", "r"] and G.generator_names == ("r",)


def test_old_names_keyword_warns_and_guesses_by_length():
    with pytest.warns(DeprecationWarning, match="element_names"):
        G = gm.Group.from_cayley_table(_q8_table(), names=Q8_NAMES)
    assert sorted(G.labels()) == sorted(Q8_NAMES)
    t = [[(i + j) % 4 for j in range(4)] for i in range(4)]
    with pytest.warns(DeprecationWarning, match="generator_names"):
        C4 = gm.Group.from_cayley_table(t, names=["z"])
    assert C4.generator_names == ("z",)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert gm.Group.from_cayley_table(t, generator_names=["z"]).generator_names == ("z",)


@pytest.mark.parametrize(
    ("table", "names", "match"),
    [
        (_q8_table, None, "needs element_names"),
        (lambda: [["e", "x"], ["x", "y"]], ["e", "x"], "not one of the element_names"),
        (_q8_table, Q8_NAMES[:7], "7 element_names"),
    ],
)
def test_bad_name_tables(table, names, match):
    with pytest.raises((NotAGroupError, ValueError), match=match):
        gm.Group.from_cayley_table(table(), element_names=names)


def test_from_presentation_sympy_fpgroup():
    from sympy.combinatorics.fp_groups import FpGroup
    from sympy.combinatorics.free_groups import free_group

    F, r, s = free_group("r, s")
    G = gm.Group.from_presentation(FpGroup(F, [r**4, s**2, (s * r) ** 2]))
    assert G.order == 8 and G.generator_names == ("r", "s")


def _check_isomorphism(G, P):
    """x_s -> P.generators[s] extends to an isomorphism G -> P (cross-check by products)."""
    from sympy.combinatorics import Permutation

    assert P.order() == G.order
    gens = P.generators
    if G.order == 1:
        return
    deg = P.degree
    elems = []
    for i in range(G.order):
        p = Permutation(list(range(deg)))
        for x in G.word(i):
            p = p * (gens[x - 1] if x > 0 else gens[-x - 1] ** -1)
        elems.append(p)
    assert len(set(elems)) == G.order  # injective
    rng = np.random.default_rng(0)
    for _ in range(50):
        i, j = (int(v) for v in rng.integers(G.order, size=2))
        assert elems[i] * elems[j] == elems[int(G.multiply(i, j))]


@pytest.mark.parametrize("action", ["auto", "natural", "regular"])
def test_to_sympy_cross_check(action):
    G = gm.symmetric(4)
    P = G.to_sympy(action)
    assert P.degree == (24 if action == "regular" else 4)
    _check_isomorphism(G, P)


def test_to_sympy_regular_for_presented_groups():
    G = gm.Group.from_presentation("< a, b | a^4, a^2 = b^2, b^-1*a*b = a^-1 >")
    P = G.to_sympy()
    assert P.degree == 8
    _check_isomorphism(G, P)
    with pytest.raises(ValueError, match="regular"):
        G.to_sympy("natural")
    with pytest.raises(ValueError, match="action"):
        G.to_sympy("left")
