"""Helpers for testing equivariant code, shared by groupmat's own tests and users' tests.

- :func:`assert_equivariant`: fail with a readable message when a module does not commute with
  a group action (see :func:`groupmat.nn.equivariance_error`).
- :func:`random_signal`: a random signal on a group, spatial group or homogeneous space.
- :func:`signals`: a hypothesis strategy for such signals (needs ``hypothesis``).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import torch

__all__ = ["assert_equivariant", "random_signal", "signals"]

_DEFAULT_TOL = {torch.float64: (1e-10, 1e-12), torch.float32: (1e-4, 1e-6)}


def assert_equivariant(
    module: Any,
    x: torch.Tensor,
    in_action: Any,
    out_action: Any,
    *,
    elements: Any = None,
    atol: float | None = None,
    rtol: float | None = None,
    max_elements: int = 16,
) -> Any:
    """Assert ``||F(g.x) - g.F(x)|| <= atol + rtol ||F(x)||`` for every tested element.

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
    """
    from groupmat.nn._equivariance import equivariance_error

    rt, at = _DEFAULT_TOL.get(x.dtype, _DEFAULT_TOL[torch.float32])
    rtol = rt if rtol is None else rtol
    atol = at if atol is None else atol
    rep = equivariance_error(
        module, x, in_action, out_action, elements=elements, max_elements=max_elements
    )
    bound = atol + rtol * rep.norms
    bad = rep.abs_errors > bound
    if bad.any():
        worst = np.argsort(-rep.errors)[:5]
        lines = ", ".join(
            f"element {int(rep.elements[i])}: rel {rep.errors[i]:.3g}" for i in worst if bad[i]
        )
        raise AssertionError(
            f"not equivariant under {int(bad.sum())} of {rep.elements.size} elements "
            f"(atol={atol}, rtol={rtol}, ||F(x)||={rep.norms[0]:.3g}); worst: {lines}; "
            f"in_action={in_action!r}, out_action={out_action!r}"
        )
    return rep


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
    from groupmat.nn._compile import as_space

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
