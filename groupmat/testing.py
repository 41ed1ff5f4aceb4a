"""Helpers for testing equivariant code, shared by groupmat's own tests and users' tests.

- :func:`assert_equivariant`: fail with a readable message when a module does not commute with
  a group action (see :func:`groupmat.nn.equivariance_error`).
- :func:`random_signal`: a random signal on a group, spatial group or homogeneous space.
- :func:`signals`: a hypothesis strategy for such signals (needs ``hypothesis``).
- :class:`ImageAction` (quarter turns and flips of ordinary images), :func:`actions_of` (the
  actions a groupmat module's spaces imply) and the :class:`ActionLike` protocol, re-exported
  from :mod:`groupmat.nn` for tests.
"""

from __future__ import annotations

from typing import Any

import torch

from groupmat.nn._equivariance import ActionLike, ImageAction, actions_of

__all__ = [
    "ActionLike",
    "ImageAction",
    "actions_of",
    "assert_equivariant",
    "random_signal",
    "signals",
]


def assert_equivariant(
    module: Any, x: Any = None, in_action: Any = None, out_action: Any = None, **kwargs: Any
) -> Any:
    """Assert ``||F(g.x) - g.F(x)|| <= atol + rtol ||F(x)||`` for every tested element (and no
    NaN or Inf anywhere): :func:`groupmat.nn.assert_equivariant`, with the same arguments
    (``elements=``, ``group=``, ``atol=``, ``rtol=``, ``max_elements=``, ``progress=``).

    Defaults: ``rtol=1e-10, atol=1e-12`` for float64 inputs, ``rtol=1e-4, atol=1e-6``
    otherwise. Returns the :class:`~groupmat.nn.EquivarianceReport`.

    Examples
    --------
    >>> import torch
    >>> from groupmat import Group
    >>> from groupmat.nn import GMConv, RegularAction
    >>> G = Group.from_permutations([[1, 2, 3, 0]])
    >>> conv = GMConv(G, G, 1, 2).double()
    >>> x = random_signal(G, channels=1)
    >>> assert_equivariant(conv, x, RegularAction(G), RegularAction(G)).max < 1e-12
    True
    >>> assert_equivariant(conv).max < 1e-12          # actions read from the layer's spaces
    True
    """
    from groupmat.nn._equivariance import assert_equivariant as _assert

    return _assert(module, x, in_action, out_action, **kwargs)


def random_signal(
    space: Any,
    batch: int = 2,
    channels: int = 3,
    *,
    grid: bool = False,
    dtype: torch.dtype = torch.float64,
    device: Any = None,
    seed: int | None = 0,
) -> torch.Tensor:
    """A standard normal signal ``(B, C, N)`` on a group, spatial group or homogeneous space;
    with ``grid=True`` on spatial spaces ``(B, C, |P|, H, W)`` or images ``(B, C, H, W)``.

    Examples
    --------
    >>> from groupmat import spatial_group
    >>> random_signal(spatial_group((4, 4), "C4"), grid=True).shape
    torch.Size([2, 3, 4, 4, 4])
    """
    from groupmat.algebra._validate import as_int
    from groupmat.nn._compile import as_space

    batch = as_int(batch, "batch", minimum=0)
    channels = as_int(channels, "channels", minimum=1)
    if not isinstance(dtype, torch.dtype) or not dtype.is_floating_point:
        raise TypeError(f"dtype must be a floating torch.dtype (torch.float64, ...), got {dtype!r}")
    sp = as_space(space)
    gen = torch.Generator().manual_seed(seed) if seed is not None else None
    tail = sp.grid if grid and sp.grid is not None else (sp.size,)
    x = torch.randn(batch, channels, *tail, dtype=dtype, generator=gen)
    return x.to(device) if device is not None else x


def signals(space: Any, batch: int = 2, channels: int = 3, dtype: torch.dtype = torch.float64):
    """Hypothesis strategy: random signals on ``space`` (bounded floats, shape as
    :func:`random_signal`)."""
    from hypothesis import strategies as st

    return st.integers(0, 2**31 - 1).map(
        lambda s: random_signal(space, batch, channels, dtype=dtype, seed=s)
    )
