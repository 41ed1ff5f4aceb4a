"""Learned weight sharing: Sinkhorn is doubly stochastic, the layer with the regular
representation is GMConv (set and spatial cases), and recover_group names known groups."""

from __future__ import annotations

import numpy as np
import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st

import groupmat as gm
from groupmat import identify, spatial_group
from groupmat.errors import LayerSpecError
from groupmat.nn import (
    GMConv,
    SinkhornStack,
    WeightSharingConv,
    harden,
    permutation_matrices,
    recover_group,
    regular_representation,
    sinkhorn,
    spatial_representation,
)
from tests.nn._cases import GROUP_BUILDERS, group

F64 = torch.float64


# ---------------------------------------------------------------------- Sinkhorn
@settings(max_examples=40, deadline=None)
@given(
    n=st.integers(1, 4),
    d=st.integers(1, 12),
    temperature=st.floats(0.5, 4.0),
    ratio=st.floats(0.0, 1.0),
    seed=st.integers(0, 2**16),
)
def test_sinkhorn_is_doubly_stochastic(n, d, temperature, ratio, seed):
    """Logits of the order of the temperature (the regime of training): 1e-6 in 50 rounds."""
    g = torch.Generator().manual_seed(seed)
    logits = ratio * temperature * torch.randn(n, d, d, generator=g, dtype=F64)
    P = sinkhorn(logits, temperature, iterations=50)
    assert (P >= 0).all()
    assert (P.sum(-2) - 1).abs().max() < 1e-12
    assert (P.sum(-1) - 1).abs().max() < 1e-6


def test_sinkhorn_converges_slowly_near_permutations_but_monotonically():
    """Near a permutation (large logits / low temperature) the geometric rate degrades
    (Sinkhorn & Knopp); the row residual still falls with every round."""
    logits = torch.tensor([[[4.0, -4.0], [-4.0, 4.0]]], dtype=F64) + 0.3 * torch.tensor(
        [[[1.0, 0.0], [0.0, -1.0]]], dtype=F64
    )
    res = [float((sinkhorn(logits, 1.0, it).sum(-1) - 1).abs().max()) for it in (1, 10, 100, 1000)]
    assert res[0] > res[1] > res[2] > res[3]
    assert res[2] > 1e-4  # 100 rounds are not enough here: the rate is close to 1


def test_default_stack_is_doubly_stochastic_to_1e6():
    torch.manual_seed(0)
    for init in ("random", "identity"):
        R = SinkhornStack(8, 36, init=init)().double()
        assert (R.sum(-1) - 1).abs().max() < 1e-6 and (R.sum(-2) - 1).abs().max() < 1e-6


def test_sinkhorn_of_permutation_logits_is_the_permutation():
    perms = np.array([[2, 0, 1], [0, 1, 2], [1, 2, 0]])
    R = sinkhorn(50.0 * permutation_matrices(perms, dtype=F64), iterations=5)
    assert torch.allclose(R, permutation_matrices(perms, dtype=F64), atol=1e-15)
    assert (harden(R) == perms).all()


def test_sinkhorn_rejects_bad_temperature():
    with pytest.raises(ValueError, match="temperature"):
        sinkhorn(torch.zeros(2, 2), temperature=0)


def test_stack_fix_identity_entropy_and_hard():
    stack = SinkhornStack(3, 5, init="random", noise=1.0)
    R = stack()
    assert torch.equal(R[0], torch.eye(5))
    assert stack.entropy() > 0
    hard = stack.hard()
    assert hard.shape == (3, 5) and (hard[0] == np.arange(5)).all()
    assert (np.sort(hard, axis=1) == np.arange(5)).all()
    with pytest.raises(LayerSpecError, match="init"):
        SinkhornStack(2, 3, init="uniform")
    with pytest.raises(LayerSpecError, match="shape"):
        SinkhornStack(2, 3, init=np.zeros((3, 3), dtype=int))


# ---------------------------------------------------------------------- reduces to GMConv
@pytest.mark.parametrize(
    "name", ["S4 (permutations)", "D6 (family)", "Q8 (family)", "C7 (family)", "S3 (Cayley table)"]
)
def test_regular_representation_gives_gmconv_on_a_group(name):
    G = group(name)
    n = G.order
    torch.manual_seed(0)
    conv = GMConv(G, G, 2, 3, kernel=np.arange(n)).double()
    layer = WeightSharingConv(
        2, 3, n, in_elements=n, kernel_size=1, representation=regular_representation(G), dtype=F64
    )
    with torch.no_grad():
        layer.weight.copy_(conv.weight)
        layer.bias.copy_(conv.bias)
    x = torch.randn(4, 2, n, dtype=F64)
    assert (layer(x) - conv(x)).abs().max() < 1e-12


def test_learned_stack_initialised_at_regular_representation_gives_gmconv():
    G = group("D6 (family)")
    n = G.order
    conv = GMConv(G, G, 1, 2, kernel=np.arange(n)).double()
    layer = WeightSharingConv(
        1, 2, n, in_elements=n, kernel_size=1, init=regular_representation(G), dtype=F64
    )
    assert layer.fixed is None and layer.stack is not None
    with torch.no_grad():
        layer.weight.copy_(conv.weight)
        layer.bias.copy_(conv.bias)
    x = torch.randn(3, 1, n, dtype=F64)
    assert (layer(x) - conv(x)).abs().max() < 1e-12
    rec = recover_group(layer)
    assert rec.order == n and rec.closed and rec.name == "D12"


@pytest.mark.parametrize("point_group", ["C2", "C4", "D2", "D4"])
@pytest.mark.parametrize("lifting", [True, False])
@pytest.mark.parametrize("k", [1, 3])
def test_spatial_representation_gives_gmconv(point_group, lifting, k):
    S = spatial_group((5, 5), point_group)
    p = len(S.point_group)
    src = S.pixels if lifting else S
    torch.manual_seed(1)
    conv = GMConv(src, S, 2, 3, kernel=k).double()
    q = 1 if lifting else p
    layer = WeightSharingConv(
        2,
        3,
        p,
        in_elements=q,
        kernel_size=k,
        representation=spatial_representation(S, k, lifting=lifting),
        dtype=F64,
    )
    with torch.no_grad():
        layer.weight.copy_(conv.weight)
        layer.bias.copy_(conv.bias)
    x = torch.randn(2, 2, 5, 5, dtype=F64) if lifting else torch.randn(2, 2, p, 5, 5, dtype=F64)
    assert (layer(x) - conv(x)).abs().max() < 1e-12


def test_layer_shapes_and_errors():
    lift = WeightSharingConv(1, 4, 4, kernel_size=3)
    assert lift(torch.randn(2, 1, 6, 6)).shape == (2, 4, 4, 6, 6)
    group_layer = WeightSharingConv(4, 2, 4, in_elements=4)
    assert group_layer(torch.randn(2, 4, 4, 6, 6)).shape == (2, 2, 4, 6, 6)
    with pytest.raises(ValueError, match="expected"):
        group_layer(torch.randn(2, 4, 6, 6))
    with pytest.raises(LayerSpecError, match="odd"):
        WeightSharingConv(1, 1, 4, kernel_size=2)
    with pytest.raises(LayerSpecError, match="representation"):
        WeightSharingConv(1, 1, 4, representation=SinkhornStack(4, 5))
    with pytest.raises(LayerSpecError, match="fixed representation"):
        WeightSharingConv(1, 1, 4, representation=np.tile(np.arange(4), (4, 1)))


def test_layer_passes_noise_to_its_stack():
    torch.manual_seed(0)
    quiet = WeightSharingConv(1, 2, 4, kernel_size=3, noise=0.01).stack.logits
    loud = WeightSharingConv(1, 2, 4, kernel_size=3, noise=3.0).stack.logits
    assert quiet.std() < 0.02 and 2.5 < loud.std() < 3.5


def test_shared_stack_and_gradients():
    stack = SinkhornStack(4, 9)
    a = WeightSharingConv(1, 2, 4, representation=stack)
    b = WeightSharingConv(1, 2, 4, representation=stack)
    (a(torch.randn(2, 1, 5, 5)).sum() + b(torch.randn(2, 1, 5, 5)).sum()).backward()
    assert stack.logits.grad is not None and stack.logits.grad[1:].abs().sum() > 0
    assert a.weight.grad is not None


# ---------------------------------------------------------------------- recover_group
KNOWN = [
    (lambda: gm.cyclic(6), "C6", [2, 3]),
    (lambda: gm.dihedral(4), "D8", [2, 2]),
    (lambda: gm.quaternion(), "Q8", [2, 2]),
    (lambda: gm.symmetric(3), "D6", [2]),
    (lambda: gm.symmetric(4), "S4", [2]),
    (lambda: gm.abelian([2, 2]), "C2 x C2", [2, 2]),
    (lambda: gm.alternating(4), "A4", [3]),
    (lambda: gm.dicyclic(3), "Dic3", [4]),
]


@pytest.mark.parametrize("build, name, invariants", KNOWN)
def test_recover_group_from_regular_permutations(build, name, invariants):
    G = build()
    rec = recover_group(regular_representation(G))
    assert rec.order == G.order and rec.closed and rec.distinct == G.order
    assert rec.name == name and rec.abelian_invariants == invariants
    assert rec.class_sizes == sorted(len(c) for c in G.conjugacy_classes())
    assert rec.hardness == 1.0 and name in rec.message


@pytest.mark.parametrize(
    "point_group, name", [("C4", "C4"), ("D4", "D8"), ("C2", "C2"), ("D2", "C2 x C2")]
)
def test_recover_point_groups_from_soft_kernel_permutations(point_group, name):
    perms = spatial_representation(spatial_group((5, 5), point_group), 3)
    rng = np.random.default_rng(0)
    soft = 0.8 * permutation_matrices(perms, dtype=F64).numpy()
    soft = soft + 0.2 * rng.dirichlet(np.ones(9), size=soft.shape[:2])  # still near-permutations
    rec = recover_group(soft)
    assert rec.name == name and rec.closed and 0.8 < rec.hardness < 1
    assert (rec.permutations == perms).all()


def test_recover_group_from_generators_only_is_not_closed():
    perms = spatial_representation(spatial_group((5, 5), "D4"), 3)
    rec = recover_group(perms[[0, 1, 4]])  # identity, quarter turn, a mirror
    assert rec.order == 8 and not rec.closed and rec.name == "D8"
    assert "not closed" in rec.message


def test_recover_group_too_large():
    rng = np.random.default_rng(1)
    perms = np.stack([rng.permutation(12) for _ in range(3)])
    rec = recover_group(perms, max_order=100)
    assert rec.group is None and rec.order is None
    assert "do not close into a small group" in rec.message


def test_recover_group_trivial_and_bad_input():
    rec = recover_group(np.tile(np.arange(4), (3, 1)))
    assert rec.order == 1 and rec.name == "C1" and rec.distinct == 1
    with pytest.raises(ValueError, match="permutation"):
        recover_group(np.array([[0, 0, 1]]))
    with pytest.raises(ValueError, match="shape"):
        recover_group(np.zeros(3))


@settings(max_examples=10, deadline=None)
@given(name=st.sampled_from(list(GROUP_BUILDERS)))
def test_property_recover_regular_representation(name):
    G = group(name)
    rec = recover_group(regular_representation(G), max_order=10_000)
    assert rec.order == G.order and rec.closed
    assert rec.abelian_invariants == [int(x) for x in G.abelian_invariants()]
    assert rec.name == identify(G)[0]
