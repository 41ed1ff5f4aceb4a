"""The ``conv`` algorithm: a layer on a crystallographic group lowered to one circular
``conv{d}d`` on the cell torus, with padding that is never saved for backward.

The filter bank moves the kernel weights by the point group (taps from
:meth:`~groupmat.algebra.crystal.CrystallographicGroup.conv_taps`); images on refined grids
enter as phase channels (:func:`~groupmat.nn._layout.phase_split`).

Circular padding: ``F.pad(..., mode="circular")`` followed by ``conv2d`` keeps the padded copy
alive until backward (autograd saves the convolution's input). :class:`CircularConv` pads
inside an autograd function, saves the *unpadded* input (usually a view of the previous
layer's output, which autograd holds anyway), and recomputes the padding in backward; the
input gradient is the padded gradient folded back onto the torus (the adjoint of circular
padding). Peak memory drops by one padded activation per layer; time is unchanged (one
extra pad in backward against one fewer saved tensor).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import numpy as np
import torch
import torch.nn.functional as F
from torch.autograd.function import once_differentiable
from torch.types import Device

from groupmat.nn._algorithms import ConvAlgorithm
from groupmat.nn._layout import phase_merge, phase_split

__all__ = ["CircularConv", "Lowering", "circular_conv", "fold_circular"]

_CONV = {1: F.conv1d, 2: F.conv2d, 3: F.conv3d}


def _pad(x: torch.Tensor, pad: Sequence[int]) -> torch.Tensor:
    return F.pad(x, tuple(p for q in reversed(pad) for p in (q, q)), mode="circular")


def fold_circular(g: torch.Tensor, pad: Sequence[int]) -> torch.Tensor:
    """Adjoint of circular padding: ``(B, C, *(N + 2p))`` -> ``(B, C, *N)``, each padded
    entry added back onto the position it copied (``O(B C prod(N + 2p))``)."""
    for axis, p in enumerate(pad):
        if p == 0:
            continue
        dim = 2 + axis
        n = g.shape[dim] - 2 * p
        core = g.narrow(dim, p, n).clone()
        core.narrow(dim, 0, p).add_(g.narrow(dim, n + p, p))  # right pad copied x[:p]
        core.narrow(dim, n - p, p).add_(g.narrow(dim, 0, p))  # left pad copied x[n-p:]
        g = core
    return g


class CircularConv(torch.autograd.Function):
    """``conv{d}d(circular_pad(x), weight, bias)`` saving ``x`` (not the padded copy)."""

    @staticmethod
    def forward(
        ctx: Any,
        x: torch.Tensor,
        weight: torch.Tensor,
        bias: torch.Tensor | None,
        pad: Sequence[int],
    ) -> torch.Tensor:
        ctx.pad = tuple(int(p) for p in pad)
        ctx.has_bias = bias is not None
        ctx.save_for_backward(x, weight)
        return _CONV[x.dim() - 2](_pad(x, ctx.pad), weight, bias)

    @staticmethod
    @once_differentiable
    def backward(
        ctx: Any, grad: torch.Tensor
    ) -> tuple[torch.Tensor | None, torch.Tensor | None, torch.Tensor | None, None]:
        x, weight = ctx.saved_tensors
        d = x.dim() - 2
        need_x, need_w, need_b = ctx.needs_input_grad[:3]
        gx, gw, gb = torch.ops.aten.convolution_backward(
            grad,
            _pad(x, ctx.pad),
            weight,
            [weight.shape[0]] if ctx.has_bias else None,
            [1] * d,
            [0] * d,
            [1] * d,
            False,
            [0] * d,
            1,
            [bool(need_x), bool(need_w), bool(need_b and ctx.has_bias)],
        )
        if gx is not None:
            gx = fold_circular(gx, ctx.pad)
        return gx, gw, gb, None


def circular_conv(
    x: torch.Tensor, weight: torch.Tensor, bias: torch.Tensor | None, pad: Sequence[int]
) -> torch.Tensor:
    """Circular ``conv{d}d``; through :class:`CircularConv` when a gradient is needed.

    Examples
    --------
    >>> x, w = torch.randn(2, 3, 5, 5), torch.randn(4, 3, 3, 3)
    >>> ref = F.conv2d(F.pad(x, (1, 1, 1, 1), mode="circular"), w)
    >>> torch.allclose(circular_conv(x, w, None, (1, 1)), ref, atol=1e-5)
    True
    """
    if not any(pad):
        return _CONV[x.dim() - 2](x, weight, bias)
    grad = torch.is_grad_enabled() and (
        x.requires_grad or weight.requires_grad or (bias is not None and bias.requires_grad)
    )
    if not grad:
        return _CONV[x.dim() - 2](_pad(x, pad), weight, bias)
    return CircularConv.apply(x, weight, bias, tuple(pad))


class Lowering(ConvAlgorithm):
    """One circular ``conv{d}d`` on the cell torus with the weights' filter bank.

    ``2 B (O P_out)(C Q_in) prod(extent) prod(cells)`` flops; the bank has
    ``O C P_out Q_in prod(extent)`` entries.
    """

    name = "conv"

    def __init__(
        self,
        taps: np.ndarray,
        padding: Sequence[int],
        cells: Sequence[int],
        refinement: Sequence[int],
        source_is_group: bool,
        target_is_group: bool,
        device: Device = None,
    ) -> None:
        super().__init__()
        self.taps_shape = tuple(int(s) for s in taps.shape)
        self.padding = tuple(int(p) for p in padding)
        self.cells = tuple(int(c) for c in cells)
        self.refinement = tuple(int(r) for r in refinement)
        self.source_is_group, self.target_is_group = source_is_group, target_is_group
        flat = torch.tensor(np.asarray(taps, dtype=np.int64).reshape(-1), device=device)
        self.register_buffer("taps", flat, persistent=False)

    def extra_repr(self) -> str:
        return f"conv{len(self.cells)}d on {'x'.join(map(str, self.cells))} cells"

    def prepare(self, w: torch.Tensor) -> torch.Tensor:
        """The filter bank ``(O P_out, C Q_in, *extent)``."""
        o, c = w.shape[0], w.shape[1]
        p_out, q_in, *extent = self.taps_shape
        wpad = torch.cat([w, w.new_zeros(o, c, 1)], dim=2)
        bank = wpad.index_select(2, self.taps).reshape(o, c, p_out, q_in, *extent)
        perm = (0, 2, 1, 3, *range(4, 4 + len(extent)))
        return bank.permute(*perm).reshape(o * p_out, c * q_in, *extent)

    def apply(self, x: torch.Tensor, bank: torch.Tensor, bias: torch.Tensor | None) -> torch.Tensor:
        b, c, _ = x.shape
        p_out, q_in = self.taps_shape[0], self.taps_shape[1]
        o = bank.shape[0] // p_out
        if self.source_is_group:
            img = x.reshape(b, c * q_in, *self.cells)
        else:
            img = phase_split(x, self.cells, self.refinement)
        bias_p = None if bias is None else bias.repeat_interleave(p_out)
        y = circular_conv(img, bank, bias_p, self.padding)
        if self.target_is_group:  # explicit sizes: an empty batch has no -1 to infer
            return y.reshape(b, o, p_out * math.prod(self.cells))
        return phase_merge(y, o, self.cells, self.refinement)
