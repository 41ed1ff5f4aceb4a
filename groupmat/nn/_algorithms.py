"""Exact algorithms for one :class:`~groupmat.nn.GMConv` layer.

Every algorithm computes the same map ``y_o(a) = b_o + sum_c sum_j w'_{ocj} f_c(index[a, j])``
(see :mod:`groupmat.nn._compile`) and differs only in how it spends flops and bytes:

``gather``
    One ``index_select`` of the input into ``(B, N_out, m C)`` columns and one batched matmul:
    ``2 B O C m N_out`` flops, ``B N_out m C`` gathered entries. Any spaces, any kernel.
``expanded``
    The dense ``(O N_out, C N_in)`` matrix built from the weights by one ``index_select``
    (``M[(o, a), (c, z)] = w'_{ocj}`` where ``index[a, j] = z``), then one GEMM:
    ``2 B O C N_out N_in`` flops with large-GEMM efficiency; ``O C N_out N_in`` matrix entries
    (refused above :data:`MAX_EXPANDED_ENTRIES`). Any spaces, any kernel.
``conv``
    The lowering of crystallographic groups to one ``conv{d}d`` on the cell torus
    (:mod:`groupmat.nn._lowering`). Spaces of one spatial / crystallographic group.
``spectral``
    The real Fourier transform (:mod:`groupmat.nn._spectral`). Any spaces of a group.

Each algorithm is an ``nn.Module`` holding only non-persistent buffers (so ``.to()`` moves
them and ``state_dict`` holds just the layer's weights) with two steps: :meth:`prepare` turns
the weights into the operand the forward needs (the expanded matrix, the filter bank, the
transformed kernel; batch-independent, cached by the layer in eval mode) and :meth:`apply`
runs the batch.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import torch
from torch import nn
from torch.types import Device

from groupmat.errors import LayerSpecError, SizeLimitError

__all__ = ["ALGORITHMS", "MAX_EXPANDED_ENTRIES", "ConvAlgorithm", "Expanded", "Gather"]

#: Largest expanded matrix (entries) the ``expanded`` algorithm builds (512 MiB in float32).
MAX_EXPANDED_ENTRIES = 1 << 27

ALGORITHMS = ("gather", "expanded", "conv", "spectral")


class ConvAlgorithm(nn.Module):
    """Base class: ``apply(x, prepare(w), bias)`` equals the layer's map.

    ``x`` is ``(B, C, N_in)`` (``C = 1`` for layers sharing one kernel over input channels),
    ``w`` the effective weights ``(O, C, m)`` on the support; the result is ``(B, O, N_out)``.
    """

    name = "?"

    def prepare(self, w: torch.Tensor) -> Any:
        return w

    def apply(self, x: torch.Tensor, op: Any, bias: torch.Tensor | None) -> torch.Tensor:
        raise NotImplementedError

    def extra_repr(self) -> str:
        return ""


def _add_bias(y: torch.Tensor, bias: torch.Tensor | None) -> torch.Tensor:
    return y if bias is None else y + bias[:, None]


class Gather(ConvAlgorithm):
    """Gather + matmul: ``cols[b, a, (j, c)] = x[b, c, index[a, j]]``, ``y = W cols``.

    ``O(B N_out m C)`` gathered entries (saved for backward), ``2 B O C m N_out`` flops.
    """

    name = "gather"

    def __init__(self, index: np.ndarray, device: Device = None) -> None:
        super().__init__()
        self.n_out, self.m = int(index.shape[0]), int(index.shape[1])
        flat = torch.tensor(np.asarray(index, dtype=np.int64).reshape(-1), device=device)
        self.register_buffer("index", flat, persistent=False)

    def apply(self, x: torch.Tensor, w: torch.Tensor, bias: torch.Tensor | None) -> torch.Tensor:
        b, c, _ = x.shape
        o = w.shape[0]
        cols = x.transpose(1, 2).index_select(1, self.index)  # (B, N_out m, C)
        cols = cols.reshape(b, self.n_out, self.m * c)
        wm = w.permute(0, 2, 1).reshape(o, self.m * c)  # (O, m C), the (j, c) order of cols
        return _add_bias(torch.matmul(wm, cols.transpose(1, 2)), bias)


def dense_positions(index: np.ndarray, n_in: int) -> np.ndarray:
    """``(N_out, N_in)`` support entry ``j`` with ``index[a, j] = z`` (``m`` where none).

    Raises ``LayerSpecError`` if one output reads an input position twice (the support
    positions of a layer are distinct, so this cannot happen for compiled maps).
    """
    n_out, m = index.shape
    dense = np.full((n_out, n_in), m, dtype=np.int64)
    rows = np.repeat(np.arange(n_out), m)
    dense[rows, index.ravel()] = np.tile(np.arange(m), n_out)
    if (dense != m).sum() != index.size:
        raise LayerSpecError("the expanded algorithm needs distinct input positions per output")
    return dense


class Expanded(ConvAlgorithm):
    """Expanded weights + one GEMM: ``M = wpad[..., E]`` (one ``index_select``), ``y = x M^T``.

    ``E[(a, c, z)] = c (m + 1) + j(a, z)`` indexes the zero-padded weights ``(O, C (m + 1))``
    so that the gathered ``(O, N_out, C, N_in)`` tensor is the matrix
    ``M[(o, a), (c, z)]`` in GEMM layout without a permute. ``O C N_out N_in`` entries
    (workspace and gradient), ``2 B O C N_out N_in`` flops.
    """

    name = "expanded"

    def __init__(
        self,
        index: np.ndarray,
        n_in: int,
        in_channels: int,
        out_channels: int,
        device: Device = None,
    ) -> None:
        super().__init__()
        n_out, m = index.shape
        entries = out_channels * in_channels * n_out * n_in
        if entries > MAX_EXPANDED_ENTRIES:
            raise SizeLimitError(
                f"method='expanded' builds an (O N_out, C N_in) = ({out_channels * n_out}, "
                f"{in_channels * n_in}) matrix, {entries} entries (limit "
                f"{MAX_EXPANDED_ENTRIES}); use method='gather' or 'spectral'"
            )
        dense = dense_positions(np.asarray(index), n_in)  # (N_out, N_in)
        chan = np.arange(in_channels, dtype=np.int64)[None, :, None] * (m + 1)
        eidx = (chan + dense[:, None, :]).reshape(-1)  # (N_out, C, N_in) raveled
        self.n_out, self.n_in, self.m = int(n_out), int(n_in), int(m)
        self.register_buffer("eindex", torch.tensor(eidx, device=device), persistent=False)

    def prepare(self, w: torch.Tensor) -> torch.Tensor:
        o, c, m = w.shape
        wpad = torch.cat([w, w.new_zeros(o, c, 1)], dim=2).reshape(o, c * (m + 1))
        mat = wpad.index_select(1, self.eindex)  # (O, N_out C N_in)
        return mat.reshape(o * self.n_out, c * self.n_in)

    def apply(self, x: torch.Tensor, mat: torch.Tensor, bias: torch.Tensor | None) -> torch.Tensor:
        b = x.shape[0]
        full_bias = None if bias is None else bias.repeat_interleave(self.n_out)
        y = torch.nn.functional.linear(x.reshape(b, mat.shape[1]), mat, full_bias)  # (B, O N_out)
        return y.reshape(b, mat.shape[0] // self.n_out, self.n_out)
