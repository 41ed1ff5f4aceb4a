"""Tensor layouts of signals on spaces: flat ``(B, C, N)`` or grid ``(B, C, |P|, H, W)`` /
``(B, C, H, W)`` on spatial groups and their pixels, with the shape errors users see; the
polyphase split of images on refined grids (``D`` pixels per cell) into ``prod(D)`` channels on
the cell torus, and back."""

from __future__ import annotations

import math
from collections.abc import Sequence

import torch

from groupmat.algebra._validate import as_int
from groupmat.errors import LayerSpecError
from groupmat.nn._compile import Space, as_space

__all__ = [
    "check_dtype",
    "expected_shapes",
    "layer_channels",
    "layer_int",
    "layer_io",
    "phase_merge",
    "phase_split",
    "to_flat",
    "to_layout",
]


def layer_channels(value: object, name: str) -> int:
    """A layer's channel count as an int >= 1: the one check every conv layer's constructor
    uses (``2.5``, ``True``, NaN, inf, ``0`` and ``-1`` are refused, not truncated).

    Raises ``LayerSpecError`` (a ``ValueError``) naming the argument and its value.

    Examples
    --------
    >>> layer_channels(3, "in_channels")
    3
    >>> layer_channels(2.5, "in_channels")
    Traceback (most recent call last):
    ...
    groupmat.errors.LayerSpecError: in_channels must be a positive integer, got float 2.5
    """
    try:
        return as_int(value, name, minimum=1)
    except (TypeError, ValueError):
        kind = type(value).__name__
        raise LayerSpecError(f"{name} must be a positive integer, got {kind} {value!r}") from None


def layer_int(value: object, name: str, *, minimum: int = 0) -> int:
    """An integer layer option (a rank, a number of banks, a batch hint) as an int
    ``>= minimum``: :func:`~groupmat.algebra._validate.as_int` with ``LayerSpecError`` (a
    ``ValueError``) naming the argument, so ``2.5``, ``True``, NaN and inf are refused, not
    truncated.

    Examples
    --------
    >>> layer_int(2, "displacement_rank")
    2
    >>> layer_int(2.5, "displacement_rank")
    Traceback (most recent call last):
    ...
    groupmat.errors.LayerSpecError: displacement_rank must be an integer >= 0, got float 2.5
    """
    try:
        return as_int(value, name, minimum=minimum)
    except (TypeError, ValueError):
        kind = type(value).__name__
        raise LayerSpecError(
            f"{name} must be an integer >= {minimum}, got {kind} {value!r}"
        ) from None


def layer_io(
    in_space: object, out_space: object, in_channels: object, out_channels: object
) -> tuple[Space, Space, int, int]:
    """The checked spaces (:func:`~groupmat.nn._compile.as_space`) and channel counts
    (:func:`layer_channels`) every conv layer's constructor starts from."""
    src, dst = as_space(in_space), as_space(out_space)
    c_in = layer_channels(in_channels, "in_channels")
    return src, dst, c_in, layer_channels(out_channels, "out_channels")


def check_dtype(x: object, dtype: torch.dtype | None, who: str) -> None:
    """Refuse an input a layer computing in ``dtype`` cannot take, with the conversion to use.

    Non-tensors and integer / bool / complex tensors raise ``TypeError``; a floating dtype other
    than the layer's (``float64`` or ``float16`` into a ``float32`` layer) raises ``TypeError``
    naming both dtypes and the two conversions (``x.to(dtype)`` or ``layer.to(x.dtype)``).
    Under ``torch.autocast`` mixed dtypes are left to autocast.
    """
    if not isinstance(x, torch.Tensor):
        raise TypeError(f"{who}: expected a torch.Tensor input, got {type(x).__name__}")
    if dtype is None or x.dtype == dtype:
        return
    layer = f"the layer computes in {dtype}"
    if not x.dtype.is_floating_point:
        raise TypeError(
            f"{who}: input dtype {x.dtype} is not supported ({layer}, real floating point "
            f"only); convert the input with x.to({dtype})"
        )
    if torch.is_autocast_enabled(x.device.type):
        return
    raise TypeError(
        f"{who}: input dtype {x.dtype} does not match the layer's dtype {dtype}; convert the "
        f"input with x.to({dtype}) or the layer with layer.to({x.dtype})"
    )


def expected_shapes(space: Space, channels: int | None) -> str:
    c = "C" if channels is None else str(channels)
    shapes = [f"(B, {c}, {space.size})"]
    if space.grid is not None:
        shapes.insert(0, "(B, " + ", ".join([c, *map(str, space.grid)]) + ")")
    return " or ".join(shapes)


def to_flat(
    x: torch.Tensor,
    space: Space,
    channels: int | None,
    who: str,
    *,
    dtype: torch.dtype | None = None,
) -> tuple[torch.Tensor, bool]:
    """``(B, C, N)`` view of a signal on ``space`` and whether it came in grid layout.

    Raises ``ValueError`` naming the expected and the actual shape
    (``expected (B, 3, 168) signal on G, got (2, 3, 160)``); with ``dtype`` (the layer's),
    the ``TypeError`` of :func:`check_dtype` for an input of another dtype.
    """
    check_dtype(x, dtype, who)
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


def phase_split(x: torch.Tensor, cells: Sequence[int], refinement: Sequence[int]) -> torch.Tensor:
    """``(B, C, prod(D N))`` flat image -> ``(B, C prod(D), *N)``: pixel ``D t + o`` goes to
    channel ``(c, o)`` (``o`` raveled over ``D``) at cell ``t``. A reshape when ``D = 1``."""
    b, c = x.shape[0], x.shape[1]
    d = len(cells)
    if all(r == 1 for r in refinement):
        return x.reshape(b, c, *cells)
    inter = [s for n, r in zip(cells, refinement, strict=True) for s in (n, r)]
    y = x.reshape(b, c, *inter)
    perm = (0, 1, *(3 + 2 * i for i in range(d)), *(2 + 2 * i for i in range(d)))
    return y.permute(*perm).reshape(b, c * math.prod(refinement), *cells)


def phase_merge(
    y: torch.Tensor, channels: int, cells: Sequence[int], refinement: Sequence[int]
) -> torch.Tensor:
    """Inverse of :func:`phase_split`: ``(B, C prod(D), *N)`` -> flat ``(B, C, prod(D N))``."""
    b = y.shape[0]
    d = len(cells)
    if all(r == 1 for r in refinement):
        return y.reshape(b, channels, math.prod(y.shape[2:]))
    z = y.reshape(b, channels, *refinement, *cells)
    perm = (0, 1, *(p for i in range(d) for p in (2 + d + i, 2 + i)))
    return z.permute(*perm).reshape(b, channels, math.prod(y.shape[1:]) // channels)
