"""Spatial models (images on tori, every point group): stacked equivariance in float64,
encoder-decoder with strided pooling, image rotations, device moves (CUDA behind a marker)."""

from __future__ import annotations

import pytest
import torch

from groupmat import POINT_GROUPS, spatial_group
from groupmat.nn import (
    GMConv,
    GMPool,
    GMUnpool,
    InvariantPool,
    RegularAction,
    RestrictedAction,
    SpatialAction,
    TrivialAction,
)
from groupmat.testing import assert_equivariant, random_signal

POINTS = list(POINT_GROUPS)
cuda = pytest.mark.skipif(not torch.cuda.is_available(), reason="needs CUDA")


def _shape(point: str) -> tuple[int, int]:
    return (8, 8) if point in ("C4", "D4") else (8, 6)


def _classifier(S, channels: int = 4) -> torch.nn.Module:
    pool = GMPool(S, stride=2)
    S2 = pool.out_space
    return torch.nn.Sequential(
        GMConv(S.pixels, S, 1, channels, kernel=3),
        torch.nn.ReLU(),
        GMConv(S, S, channels, channels, kernel=3),
        torch.nn.ReLU(),
        pool,
        GMConv(S2, S2, channels, channels, kernel=3),
        torch.nn.ReLU(),
        InvariantPool("max"),
        torch.nn.Linear(channels, 3),
    )


@pytest.mark.parametrize("point", POINTS)
def test_image_model_equivariant_float64(point):
    S = spatial_group(_shape(point), point)
    torch.manual_seed(0)
    body = torch.nn.Sequential(
        GMConv(S.pixels, S, 2, 4, kernel=3),
        torch.nn.ReLU(),
        GMConv(S, S, 4, 4, kernel=3),
        torch.nn.ReLU(),
        GMConv(S, S.pixels, 4, 2, kernel=3),
    ).double()
    x = torch.randn(2, 2, *S.shape, dtype=torch.float64)
    assert body(x).shape == (2, 2, *S.shape)
    assert_equivariant(body, x, SpatialAction(S), SpatialAction(S), rtol=1e-12, atol=0)


@pytest.mark.parametrize("point", POINTS)
def test_classifier_invariant_to_the_strided_subgroup(point):
    S = spatial_group(_shape(point), point)
    S2 = S.subsample(2)
    torch.manual_seed(0)
    model = _classifier(S).double()
    x = torch.randn(3, 1, *S.shape, dtype=torch.float64)
    assert model(x).shape == (3, 3)
    assert_equivariant(
        model, x, RestrictedAction(SpatialAction(S), S2), TrivialAction(), rtol=1e-12, atol=0
    )


@pytest.mark.parametrize("point", ["C4", "D4"])
def test_encoder_decoder(point):
    S = spatial_group((8, 8), point)
    S2 = S.subsample(2)
    torch.manual_seed(0)
    model = torch.nn.Sequential(
        GMConv(S.pixels, S, 1, 3),
        torch.nn.ReLU(),
        GMPool(S, stride=2),
        GMConv(S2, S2, 3, 3),
        torch.nn.ReLU(),
        GMUnpool(S, stride=2),
        GMConv(S, S.pixels, 3, 1),
    ).double()
    x = torch.randn(2, 1, 8, 8, dtype=torch.float64)
    assert model(x).shape == x.shape
    act = RestrictedAction(SpatialAction(S), S2)
    assert_equivariant(model, x, act, act, rtol=1e-12, atol=0)


def test_rotating_the_image_rotates_the_lifted_output():
    """A p4 lifting layer: rotating the input image by torch.rot90 (about the image centre, an
    odd torus) permutes the output like the group element does."""
    S = spatial_group((7, 7), "C4")
    conv = GMConv(S.pixels, S, 1, 2).double()
    img = torch.randn(1, 1, 7, 7, dtype=torch.float64)
    # rot90 about the centre (3, 3) = translate by (3, 3) after rotating about pixel 0
    r = S.point(S.point_group.generators[0])
    g = int(S.multiply(S.translation(3, 3), S.multiply(r, S.translation(-3, -3))))
    rot = torch.rot90(img, 1, dims=(-2, -1))
    torch.testing.assert_close(SpatialAction(S)(img, g), rot)
    torch.testing.assert_close(conv(rot), RegularAction(S)(conv(img), g))


def test_training_step_moves_weights():
    S = spatial_group((6, 6), "D4")
    torch.manual_seed(0)
    model = _classifier(S)
    opt = torch.optim.SGD(model.parameters(), lr=0.1)
    x, target = torch.randn(4, 1, 6, 6), torch.tensor([0, 1, 2, 0])
    before = [p.detach().clone() for p in model.parameters()]
    loss = torch.nn.functional.cross_entropy(model(x), target)
    loss.backward()
    opt.step()
    assert all(not torch.equal(a, b) for a, b in zip(before, model.parameters(), strict=True))


def _device_roundtrip(device: str) -> None:
    S = spatial_group((8, 8), "D4")
    torch.manual_seed(0)
    model = _classifier(S).double()
    x = torch.randn(2, 1, 8, 8, dtype=torch.float64)
    ref = model(x)
    moved = model.to(device)
    assert all(b.device.type == device for b in moved.buffers())
    out = moved(x.to(device))
    torch.testing.assert_close(out.cpu(), ref, rtol=1e-10, atol=1e-10)
    gather = GMConv(S, S, 2, 2, method="gather").double().to(device)
    low = GMConv(S, S, 2, 2).double().to(device)
    low.load_state_dict(gather.state_dict())
    z = random_signal(S, channels=2, grid=True, device=device)
    torch.testing.assert_close(low(z), gather(z), rtol=1e-10, atol=1e-10)


def test_device_move_cpu():
    _device_roundtrip("cpu")


@cuda
def test_device_move_cuda():
    _device_roundtrip("cuda")


@cuda
def test_cuda_equivariance_float32():
    S = spatial_group((16, 16), "D4")
    conv = GMConv(S.pixels, S, 3, 8).cuda()
    x = torch.randn(4, 3, 16, 16, device="cuda")
    rep = assert_equivariant(conv, x, SpatialAction(S), SpatialAction(S))
    assert rep.max < 1e-5
