"""Tensor layouts of signals on spaces: flat ``(B, C, N)`` or grid ``(B, C, |P|, H, W)`` /
``(B, C, H, W)`` on spatial groups and their pixels, with the shape errors users see."""

from __future__ import annotations

import torch

from groupmat.nn.compile import Space

__all__ = ["expected_shapes", "to_flat", "to_layout"]


def expected_shapes(space: Space, channels: int | None) -> str:
    c = "C" if channels is None else str(channels)
    shapes = [f"(B, {c}, {space.size})"]
    if space.grid is not None:
        shapes.insert(0, "(B, " + ", ".join([c, *map(str, space.grid)]) + ")")
    return " or ".join(shapes)


def to_flat(
    x: torch.Tensor, space: Space, channels: int | None, who: str
) -> tuple[torch.Tensor, bool]:
    """``(B, C, N)`` view of a signal on ``space`` and whether it came in grid layout.

    Raises ``ValueError`` naming the expected and the actual shape
    (``expected (B, 3, 168) signal on G, got (2, 3, 160)``).
    """
    shape = tuple(x.shape)
    ok_channels = channels is None or (len(shape) > 1 and shape[1] == channels)
    if len(shape) == 3 and shape[2] == space.size and ok_channels:
        return x, False
    grid = space.grid
    if grid is not None and len(shape) == 2 + len(grid) and shape[2:] == grid and ok_channels:
        return x.reshape(shape[0], shape[1], space.size), True
    raise ValueError(
        f"{who}: expected {expected_shapes(space, channels)} signal on {space.name}, got {shape}"
    )


def to_layout(y: torch.Tensor, space: Space, grid: bool) -> torch.Tensor:
    """Reshape a flat ``(B, C, N)`` output to ``space``'s grid layout when ``grid`` is set."""
    if grid and space.grid is not None:
        return y.reshape(y.shape[0], y.shape[1], *space.grid)
    return y
