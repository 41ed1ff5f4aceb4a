"""Tests of homomorphisms from generator images (groupmat.algebra._homomorphism)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from groupmat import (
    Group,
    GroupmatError,
    Homomorphism,
    NotAGroupError,
    NotAnElementError,
    conjugate_by,
    natural_homomorphism,
)
from tests.strategies import groups, permutation_generators, permutation_groups

C2 = Group.from_permutations([[1, 0]])
S3 = Group.from_permutations([[1, 2, 0], [1, 0, 2]])


def parity(perms: np.ndarray) -> np.ndarray:
    """Sign of each row (0 even, 1 odd) from its cycle count."""
    n, d = perms.shape
    seen = np.zeros((n, d), dtype=bool)
    cycles = np.zeros(n, dtype=np.int64)
    for start in range(d):
        new = ~seen[:, start]
        cycles += new
        cur = np.full(n, start)
        for _ in range(d):
            seen[np.arange(n), cur] |= new
            cur = perms[np.arange(n), cur]
    return (d - cycles) % 2


def check_law(phi: Homomorphism, rng: np.random.Generator, m: int = 200) -> None:
    G, H = phi.source, phi.target
    a = rng.integers(0, G.order, m)
    b = rng.integers(0, G.order, m)
    assert np.array_equal(phi.map[G.multiply(a, b)], H.multiply(phi.map[a], phi.map[b]))
    assert phi(0) == 0


# ---------------------------------------------------------------- homomorphism law
@settings(max_examples=50, deadline=None)
@given(permutation_groups(max_order=1000))
def test_sign_map(G):
    sign = parity(G.permutations)
    phi = Homomorphism(G, C2, [C2.generators[0] if sign[g] else 0 for g in G.generators])
    assert np.array_equal(phi.map, np.where(sign == 1, C2.generators[0], 0))
    check_law(phi, np.random.default_rng(0))
    K = phi.kernel()
    assert K.is_normal() and K.order * phi.image().order == G.order
    assert phi.is_surjective == bool(sign.any())


@settings(max_examples=50, deadline=None)
@given(groups(max_order=500), st.data())
def test_inner_automorphisms_and_composition(G, data):
    t = data.draw(st.integers(0, G.order - 1))
    u = data.draw(st.integers(0, G.order - 1))
    ct = Homomorphism(G, G, conjugate_by(G, np.array(G.generators), t).tolist())
    cu = Homomorphism(G, G, conjugate_by(G, np.array(G.generators), u).tolist())
    assert np.array_equal(ct.map, conjugate_by(G, np.arange(G.order), t))
    assert ct.is_isomorphism and ct.is_injective and ct.is_surjective
    check_law(ct, np.random.default_rng(t))
    both = cu @ ct  # first conjugate by t, then by u: conjugation by t*u
    assert np.array_equal(both.map, cu.map[ct.map]) and both == ct.then(cu)
    assert np.array_equal(both.map, conjugate_by(G, np.arange(G.order), G.multiply(t, u)))
    inv = ct.inverse()
    assert (inv @ ct) == Homomorphism.identity(G)
    assert Homomorphism.from_map(G, G, ct.map) == ct


@settings(max_examples=50, deadline=None)
@given(groups(max_order=500), st.data())
def test_natural_homomorphisms(G, data):
    x = data.draw(st.integers(0, G.order - 1))
    for N in (G.derived_subgroup(), G.center(), G.subgroup([x]).normal_closure()):
        pi = natural_homomorphism(G, N)
        assert pi.kernel() == N and pi.is_surjective
        assert pi.target.order * N.order == G.order
        assert np.array_equal(pi.map, G.quotient(N, return_map=True)[1])
        check_law(pi, np.random.default_rng(x))
        # checking must agree: rebuilding with check=True raises nothing
        Homomorphism(G, pi.target, list(pi.images))


@settings(max_examples=80, deadline=None)
@given(
    permutation_generators(max_degree=5, max_gens=2), permutation_groups(max_degree=5), st.data()
)
def test_random_images_accepted_iff_graph_is_a_function(gens, H, data):
    """Oracle: images y_s define a homomorphism iff the subgroup <(x_s, y_s)> of G x H has
    order |G| (it is then the graph of the map)."""
    G = Group.from_permutations(gens)
    images = [data.draw(st.integers(0, H.order - 1)) for _ in G.generators]
    d = G.permutations.shape[1]
    pair = [
        np.concatenate([G.permutations[g], d + H.permutations[y]])
        for g, y in zip(G.generators, images, strict=True)
    ]
    graph_order = Group.from_permutations(pair).order
    try:
        phi = Homomorphism(G, H, images)
    except NotAGroupError:
        assert graph_order > G.order
    else:
        assert graph_order == G.order
        check_law(phi, np.random.default_rng(0))
        assert phi.kernel().order * phi.image().order == G.order


# ---------------------------------------------------------------- API
def test_call_image_preimage_inclusion():
    C3 = Group.from_permutations([[1, 2, 0]])
    # S3 -> S3 / A3 ~ C2: preimage of 1 is A3
    sign = Homomorphism(S3, C2, [0, 1])
    assert sign(S3.gens[1]) == C2.gens[0] and sign("a") == C2.identity
    assert sign(1) == 0 and sign(np.array([0, 2])).tolist() == [0, 1]
    assert sign.preimage(C2.subgroup([])).order == 3
    assert sign.preimage([1]).order == 6
    assert sign.image().order == 2 and not sign.is_injective
    A3 = S3.subgroup("a")
    inc = Homomorphism.inclusion(A3)
    assert inc.is_injective and not inc.is_surjective and inc.image() == A3
    assert inc.source.order == 3 and (sign @ inc).kernel().order == 3
    iso = Homomorphism(C3, inc.source, list(inc.source.generators))
    assert iso.is_isomorphism
    assert "Homomorphism" in repr(sign) and hash(sign) == hash(Homomorphism(S3, C2, [0, 1]))


def test_bad_input():
    with pytest.raises(NotAGroupError, match="do not define a homomorphism"):
        Homomorphism(S3, C2, [1, 0])  # a 3-cycle cannot map to an element of order 2
    with pytest.raises(NotAnElementError, match="2 generators"):
        Homomorphism(S3, C2, [0])
    with pytest.raises(NotAnElementError, match="out of range"):
        Homomorphism(S3, C2, [0, 5])
    with pytest.raises(NotAnElementError, match="different group"):
        Homomorphism(S3, C2, [0, S3.gens[1]])
    with pytest.raises(NotAGroupError):
        Homomorphism.from_map(S3, C2, [0, 0, 0, 1, 1, 0])
    with pytest.raises(NotAnElementError):
        Homomorphism.from_map(S3, C2, [0, 1])
    with pytest.raises(NotAGroupError, match="not an isomorphism"):
        Homomorphism(S3, C2, [0, 1]).inverse()
    with pytest.raises(NotAnElementError, match="cannot compose"):
        Homomorphism(S3, C2, [0, 1]).then(Homomorphism(S3, C2, [0, 1]))
    with pytest.raises(NotAnElementError):
        Homomorphism(S3, C2, [0, 1])(np.array([7]))
    with pytest.raises(GroupmatError):
        natural_homomorphism(S3, S3.subgroup("b"))
