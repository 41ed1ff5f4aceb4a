"""Tests for direct, semidirect and wreath products (groupmat/algebra/products.py)."""

from __future__ import annotations

from collections import Counter

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sympy.combinatorics import Permutation, PermutationGroup

import groupmat as fam
from groupmat import (
    Group,
    GroupmatError,
    NotAGroupError,
    SizeLimitError,
    direct_product,
    extend_automorphism,
    holomorph,
    semidirect_product,
    wreath_product,
)
from tests.algebra.test_families import check_axioms, check_permutations, order_histogram
from tests.strategies import permutation_groups


def to_sympy(G: Group) -> PermutationGroup:
    return PermutationGroup([Permutation(G.permutations[x].tolist()) for x in G.generators])


def class_sizes(G: Group) -> list[int]:
    return sorted(len(c) for c in G.conjugacy_classes())


# ---------------------------------------------------------------------- direct products
@given(
    permutation_groups(max_degree=5, max_order=60), permutation_groups(max_degree=5, max_order=60)
)
@settings(max_examples=20, deadline=None)
def test_direct_product_is_coordinatewise(G, H):
    P, maps = direct_product(G, H, return_maps=True)
    assert P.order == G.order * H.order
    check_axioms(P)
    check_permutations(P)
    T = P.table
    pg, ph = maps.projections
    # the projections are homomorphisms and (g, h) -> g*|H| + h
    assert (pg[T] == G.table[pg[:, None], pg[None, :]]).all()
    assert (ph[T] == H.table[ph[:, None], ph[None, :]]).all()
    assert (pg * H.order + ph == np.arange(P.order)).all()
    eg, eh = maps.embeddings
    assert (P.table[eg[:, None], eg[None, :]] == eg[G.table]).all()
    assert (P.table[eh[:, None], eh[None, :]] == eh[H.table]).all()
    assert P.is_abelian == (G.is_abelian and H.is_abelian)
    assert P.exponent == np.lcm(G.exponent, H.exponent)


def test_direct_product_names_and_three_factors():
    P = direct_product(fam.cyclic(2), fam.cyclic(3), fam.cyclic(4))
    assert P.name == "C2 x C3 x C4" and P.order == 24
    assert P.generator_names == ("a1", "a2", "a3")
    assert P.abelian_invariants() == [2, 3, 4]
    Q = direct_product(fam.dihedral(3), fam.quaternion())
    assert Q.generator_names == ("r", "s", "i", "j") and Q.name == "D6 x Q8"
    R = direct_product(fam.cyclic(2), fam.cyclic(2), names=["x", "y"], name="V")
    assert R.generator_names == ("x", "y") and R.name == "V"
    assert direct_product(fam.symmetric(3)).order == 6
    assert direct_product(fam.trivial(), fam.cyclic(5)).order == 5


def test_direct_product_matches_abelian():
    P = direct_product(fam.cyclic(2), fam.cyclic(4))
    A = fam.abelian([2, 4])
    assert np.array_equal(P.right_action, A.right_action)


def test_direct_product_vs_sympy():
    G, H = fam.symmetric(3), fam.alternating(4)
    P = direct_product(G, H)
    sp = to_sympy(P)
    assert sp.order() == P.order == 72
    assert order_histogram(P) == dict(Counter(int(p.order()) for p in sp.elements))
    assert len(P.conjugacy_classes()) == len(sp.conjugacy_classes()) == 3 * 4


def test_direct_product_bad_input():
    with pytest.raises(NotAGroupError, match="at least one"):
        direct_product()
    with pytest.raises(NotAGroupError, match="not a Group"):
        direct_product(fam.cyclic(2), [[1, 0]])
    with pytest.raises(SizeLimitError, match="max_order"):
        direct_product(fam.cyclic(100), fam.cyclic(100), max_order=1000)


# ---------------------------------------------------------------------- automorphisms
def test_extend_automorphism_forms():
    C = fam.cyclic(7)
    f = extend_automorphism(C, [3])
    assert f.tolist() == [(3 * i) % 7 for i in range(7)]
    assert extend_automorphism(C, {"a": "a^3"}).tolist() == f.tolist()
    assert extend_automorphism(C, {C.gens[0]: C.gens[0] ** 3}).tolist() == f.tolist()
    assert extend_automorphism(C, f).tolist() == f.tolist()
    V = fam.klein_four()
    assert sorted(extend_automorphism(V, [2, 1]).tolist()) == [0, 1, 2, 3]


@pytest.mark.parametrize(
    ("N", "images", "match"),
    [
        (fam.cyclic(6), [2], "not a bijection"),
        (fam.cyclic(6), [0], "not a bijection"),
        (fam.dihedral(4), [1, 0], "not a homomorphism"),  # r -> r, s -> 1: (s*r)^2 -> r^2
        (fam.dihedral(4), [4, 1], "not a homomorphism"),  # r -> s, s -> r: s^2 -> r^2
        (fam.cyclic(5), [1, 2], "expected 1 generator images"),
        (fam.cyclic(5), [1, 2, 3, 4, 0], "not a homomorphism"),  # full array, not a hom
        (fam.cyclic(5), [0, 2, 4, 1, 9], "element indices"),
        (fam.cyclic(5), {"b": 2}, "not a generator"),
        (fam.cyclic(5), [7], "out of range"),
        (fam.cyclic(5), ["q"], "image of a"),
    ],
)
def test_extend_automorphism_rejects(N, images, match):
    with pytest.raises(NotAGroupError, match=match):
        extend_automorphism(N, images)


def test_random_maps_are_rejected_unless_automorphisms():
    # On S3 exactly 6 of the 36 generator-image pairs are automorphisms (Aut(S3) = S3).
    G = fam.symmetric(3)
    ok = 0
    for x in range(6):
        for y in range(6):
            try:
                extend_automorphism(G, [x, y])
                ok += 1
            except NotAGroupError:
                pass
    assert ok == 6


# ---------------------------------------------------------------------- semidirect products
def test_c7_by_c3_is_nonabelian_of_order_21():
    G, maps = semidirect_product(fam.cyclic(7), fam.cyclic(3), [[2]], return_maps=True)
    assert G.order == 21 and not G.is_abelian
    check_axioms(G)
    assert order_histogram(G) == {1: 1, 3: 14, 7: 6}
    assert class_sizes(G) == [1, 3, 3, 7, 7]
    a, b = G.gens
    assert b * a * b**-1 == a**2
    # N is normal, H's coordinate is a homomorphism, N's embedding is a homomorphism
    emb_n, emb_h = maps.embeddings
    assert G.subgroup(emb_n[1:2].tolist()).is_normal()
    ph = maps.projections[1]
    assert maps.projections[0] is None
    assert (ph[G.table] == fam.cyclic(3).table[ph[:, None], ph[None, :]]).all()
    assert (G.table[emb_h[:, None], emb_h[None, :]] == emb_h[fam.cyclic(3).table]).all()


@pytest.mark.parametrize("n", [3, 4, 5, 8])
def test_dihedral_as_semidirect_product(n):
    S = semidirect_product(fam.cyclic(n), fam.cyclic(2), [[n - 1]])
    D = fam.dihedral(n)
    assert S.order == D.order
    assert order_histogram(S) == order_histogram(D)
    assert class_sizes(S) == class_sizes(D)
    # explicit isomorphism: (a^i, b^j) -> r^i s^j has the same index i*2 + j vs i + n j
    iso = np.array([i + n * j for i in range(n) for j in range(2)])
    assert (iso[S.table] == D.table[iso[:, None], iso[None, :]]).all()


def test_trivial_action_gives_direct_product():
    N, H = fam.symmetric(3), fam.cyclic(4)
    S = semidirect_product(N, H, [np.arange(6)])
    assert np.array_equal(S.right_action, direct_product(N, H).right_action)


def test_semidirect_with_nonabelian_acting_group():
    # S3 acting faithfully on V4 = C2 x C2 (Aut(V4) = S3): V4 : S3 = S4
    V = fam.klein_four()
    S3 = fam.symmetric(3)  # a = (0 1 2), b = (0 1)
    # a permutes the three involutions a_, b_, a_*b_ cyclically, b swaps a_ and b_
    a_, b_ = V.generators
    ab = int(V.multiply(a_, b_))
    act = {"a": [b_, ab], "b": [b_, a_]}
    G = semidirect_product(V, S3, act)
    assert G.order == 24
    assert order_histogram(G) == order_histogram(fam.symmetric(4))
    assert class_sizes(G) == class_sizes(fam.symmetric(4))


def test_semidirect_rejects_non_homomorphic_action():
    # a -> a^2 has order 3 in Aut(C7), but C2's generator has order 2
    with pytest.raises(NotAGroupError, match="not a homomorphism H -> Aut"):
        semidirect_product(fam.cyclic(7), fam.cyclic(2), [[2]])
    # relations of a nonabelian H: S3 acting on C3 with a -> inversion is not consistent
    with pytest.raises(NotAGroupError, match="not a homomorphism H -> Aut"):
        semidirect_product(fam.cyclic(3), fam.symmetric(3), [[2], [1]])
    with pytest.raises(NotAGroupError, match="automorphisms but H has"):
        semidirect_product(fam.cyclic(7), fam.cyclic(3), [[2], [4]])
    with pytest.raises(NotAGroupError, match="not a bijection"):
        semidirect_product(fam.cyclic(8), fam.cyclic(2), [[2]])
    with pytest.raises(NotAGroupError, match="list of automorphisms"):
        semidirect_product(fam.cyclic(8), fam.cyclic(2), 3)
    with pytest.raises(GroupmatError):
        semidirect_product(fam.cyclic(8), fam.cyclic(2), {"z": [3]})


@given(st.integers(2, 15), st.integers(1, 6), st.data())
@settings(max_examples=25, deadline=None)
def test_cyclic_by_cyclic(n, m, data):
    """C_n : C_m with b a b^-1 = a^u exists iff u is a unit with u^m = 1 mod n."""
    u = data.draw(st.integers(0, n - 1))
    valid = np.gcd(u, n) == 1 and pow(u, m, n) == 1 % n
    if not valid:
        with pytest.raises(NotAGroupError):
            semidirect_product(fam.cyclic(n), fam.cyclic(m), [[u]])
        return
    G = semidirect_product(fam.cyclic(n), fam.cyclic(m), [[u]])
    check_axioms(G)
    a, b = G.gens
    assert b * a * b**-1 == a**u
    assert G.order == n * m and b.order == m
    assert G.is_abelian == (u % n == 1 % n)


# ---------------------------------------------------------------------- holomorph
@pytest.mark.parametrize(("n", "order"), [(1, 1), (2, 2), (5, 20), (7, 42), (8, 32), (12, 48)])
def test_holomorph_of_cyclic(n, order):
    G = holomorph(fam.cyclic(n))
    assert G.order == order
    check_axioms(G)
    # C_n is normal and self-centralising in Hol(C_n) for n > 1
    N = G.subgroup([G.generators[0]])
    assert N.order == n and N.is_normal()
    if n > 1:
        assert G.centralizer(G.generators[0]).order == n


def test_holomorph_with_given_automorphisms_and_errors():
    V = fam.klein_four()
    a, b = V.generators
    ab = int(V.multiply(a, b))
    G = holomorph(V, [[b, a], [ab, b]])
    assert G.order == 24 and class_sizes(G) == class_sizes(fam.symmetric(4))
    with pytest.raises(NotAGroupError, match="cyclic"):
        holomorph(V)
    with pytest.raises(NotAGroupError, match="at least one"):
        holomorph(V, [])


# ---------------------------------------------------------------------- wreath products
def test_hyperoctahedral_c2_wr_s3():
    W, maps = wreath_product(fam.cyclic(2), fam.symmetric(3), return_maps=True)
    assert W.order == 48 and W.name == "C2 wr S3"
    check_axioms(W)
    check_permutations(W)
    sp = to_sympy(W)
    assert sp.order() == 48
    assert len(W.conjugacy_classes()) == len(sp.conjugacy_classes()) == 10
    assert W.center().order == 2
    base = W.subgroup(maps.embeddings[0][1:].tolist())
    assert base.order == 8 and base.is_normal()


@pytest.mark.parametrize(
    ("G", "H", "order"),
    [
        (fam.cyclic(3), [[1, 0]], 18),  # C3 wr C2
        (fam.symmetric(3), [[1, 0, 2, 3], [0, 1, 3, 2]], 6**4 * 4),  # intransitive H
        (fam.cyclic(2), fam.cyclic(4), 64),  # H = C4 in its regular action
        (fam.quaternion(), fam.symmetric(2), 128),
    ],
)
def test_wreath_orders(G, H, order):
    W = wreath_product(G, H)
    d = H.permutations.shape[1] if isinstance(H, Group) else len(H[0])
    hord = H.order if isinstance(H, Group) else Group.from_permutations(H).order
    assert W.order == G.order**d * hord
    if order is not None:
        assert W.order == order
    if W.order <= 2000:
        check_axioms(W)
    if W.permutations is not None:
        check_permutations(W)


def test_wreath_needs_a_permutation_group():
    H = semidirect_product(fam.cyclic(3), fam.cyclic(2), [[2]])
    with pytest.raises(NotAGroupError, match="permutation group"):
        wreath_product(fam.cyclic(2), H)
