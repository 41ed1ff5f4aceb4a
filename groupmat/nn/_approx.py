"""Approximately equivariant layers: group-matrix convolutions plus a low-displacement-rank
(LDR) perturbation, with the displacement norm as a regulariser and a per-layer report.

Coefficient form (docs/concepts/displacement.md). A linear layer from signals on ``G`` to signals on
``G`` is ``(M f)(h) = sum_s F[h, s] f(h s)`` with ``F[h, s] = M[h, h s]``; it is a group
convolution (commutes with every left translation ``L_u``) iff every column ``F[:, s]`` is
constant. :class:`LDRGMConv` uses

.. math::  F = 1 b^T + \\sum_{i \\le r} a_i c_i^T,
           \\qquad M f = M_b f + \\sum_{i \\le r} a_i \\odot (M_{c_i} f)

per channel pair: an exact group convolution with kernel ``b`` plus ``r`` group convolutions
with kernels ``c_i`` whose outputs are modulated pointwise by position factors ``a_i``. That is
``r + 1`` group convolutions (computed as *one* :class:`~groupmat.nn.GMConv` with
``(r + 1) O`` output channels: one gather + matmul, or one ``conv2d`` on spatial groups) and
never an ``n x n`` matrix. The coefficient displacement ``D_u(F) = F - P_u F = sum_i
(a_i - P_u a_i) c_i^T`` has rank ``<= r`` (docs/concepts/displacement.md); ``r = 0``
is exactly :class:`~groupmat.nn.GMConv`. The same construction works for lifting
(``X -> G``) and projection (``G -> X``) layers, with ``a_i`` functions on the output space.

Norms (all exact, computed from the factors in ``O(|U| r^2 A N + r^2 O C m)``, no dense
matrix; ``U`` the generators, ``A`` the number of modulation rows, ``N`` output positions,
``m`` the kernel support): writing ``M = sum_{i=0}^r diag(m_i) M_{k_i}`` with ``m_0 = 1``,
``k_0 = b``, ``m_i = a_i``, ``k_i = c_i`` and ``Q(m) = sum_{ij} <m_i, m_j> <k_i, k_j>``:

- ``||M||_F^2 = Q(m)`` (rows of ``M_k`` hold the kernel once each),
- displacement norm ``sum_u ||L_u M - M L_u||_F^2 = sum_u Q(m - P_u m)``,
- distance to the equivariant layers ``||M - P(M)||_F^2 = Q(m - mean(m))``, where
  ``P(M) = mean_u L_u M L_u^-1`` is the orthogonal projection (:meth:`LDRGMConv.project` returns
  it as a :class:`~groupmat.nn.GMConv`); the mean equivariance defect over the group is
  ``2 ||M - P(M)||_F^2``.

The baselines live in :mod:`groupmat.nn._baselines` (residual pathway prior, relaxed group
convolution, plain CNN / MLP); :func:`displacement_report` covers all of them.

Examples
--------
>>> import torch
>>> from groupmat import dihedral
>>> G = dihedral(4)
>>> layer = LDRGMConv(G, G, 2, 3, kernel=1, displacement_rank=2, init_scale=0.1).double()
>>> layer(torch.randn(5, 2, 8, dtype=torch.float64)).shape
torch.Size([5, 3, 8])
>>> exact = LDRGMConv(G, G, 2, 3, kernel=1, displacement_rank=0)
>>> float(exact.displacement_norm())
0.0
"""

from __future__ import annotations

import warnings
from typing import Any

import numpy as np
import torch
from torch import nn
from torch.types import Device

from groupmat.nn._compile import KernelLike, SpaceLike, as_space
from groupmat.nn._conv import GMConv, gmconv_args, init_uniform
from groupmat.nn._layout import layer_channels, layer_int, to_flat, to_layout
from groupmat.nn._modulation import (
    LabelsLike,
    generator_permutations,
    kernel_gram,
    modulated_sq,
    position_labels,
)
from groupmat.nn._report import (
    DisplacementReport,
    DisplacementRow,
    displacement_penalty,
    displacement_report,
    prior_penalty,
)

__all__ = [
    "DisplacementReport",
    "DisplacementRow",
    "LDRGMConv",
    "displacement_penalty",
    "displacement_report",
    "prior_penalty",
]

# the model-level helpers live in groupmat.nn._report; re-exported here (they cover every layer
# of this module and of groupmat.nn._baselines)


# ---------------------------------------------------------------------- the layer
class LDRGMConv(nn.Module):
    """A group-matrix convolution plus a perturbation of displacement rank ``<= r``.

    ``y_o = M_{b_o} f + sum_{i <= r} a_{i,o} * (M_{c_{i,o}} f) + bias_o`` (per output channel
    ``o``, summed over input channels inside each ``M``); see the module docstring.

    Parameters
    ----------
    in_space, out_space, in_channels, out_channels, kernel, bias, share_input_channels, method
        As :class:`~groupmat.nn.GMConv` (lifting ``X -> G``, group ``G -> G``, projection
        ``G -> X``).
    displacement_rank
        ``r >= 0``; ``r = 0`` is exactly the equivariant layer. ``r`` bounds the rank of the
        *coefficient-form* displacement (``rank(F - 1 mean(F))`` per channel block; the
        Sylvester displacement ``[L_u M - M L_u]_u`` is generically of full rank for any
        ``r >= 1``). The bound is ``min(r, L - 1)`` for ``L`` modulation labels
        (:attr:`max_displacement_rank`; ``L = |P|`` with ``modulate="point"``): a larger ``r``
        warns. See ``docs/concepts/displacement.md``.
    modulate
        Where the position factors ``a_i`` live: ``"position"`` (a value per output position,
        ``N`` per factor, the general LDR family), ``"point"`` (spatial groups: a value per
        point-group element, so the layer stays exactly translation-equivariant and relaxes
        only rotations / reflections, ``|P|`` per factor) or explicit labels (see
        :func:`position_labels`).
    share_modulation
        One set of factors ``a_i`` for all output channels (``(r, 1, L)``) instead of one per
        output channel (``(r, O, L)``, default).
    init_scale
        Standard deviation of the initial ``a_i``. The default 0 starts exactly equivariant
        (the perturbation kernels ``c_i`` are random, so gradients reach ``a_i`` at once).
    scale
        A fixed multiplier on the perturbation (``a_i -> scale a_i``), e.g. to sweep the
        distance from equivariance; it is not a parameter.

    Attributes
    ----------
    conv
        The inner :class:`~groupmat.nn.GMConv` with ``(r + 1) O`` output channels: channel
        ``k O + o`` holds kernel ``b_o`` (``k = 0``) or ``c_{k,o}``.
    modulation
        ``(r, A, L)`` parameter, ``A`` = ``O`` or 1 (``None`` for ``r = 0``).
    max_displacement_rank
        ``L - 1``: the largest coefficient displacement rank the modulation can reach.

    Notes
    -----
    Parameters: ``(r + 1) O C |K|`` kernel weights (``O |K|`` with shared input channels) plus
    ``r A L`` factors plus ``O`` biases; cost per forward ``(r + 1)`` times a
    :class:`~groupmat.nn.GMConv`'s plus ``O(r O N)`` for the modulation.

    Examples
    --------
    >>> import torch
    >>> from groupmat import spatial_group
    >>> S = spatial_group((6, 6), "C4")
    >>> lift = LDRGMConv(S.pixels, S, 1, 4, kernel=3, displacement_rank=1, modulate="point")
    >>> lift(torch.randn(2, 1, 6, 6)).shape, tuple(lift.modulation.shape)
    (torch.Size([2, 4, 4, 6, 6]), (1, 4, 4))
    """

    def __init__(
        self,
        in_space: SpaceLike,
        out_space: SpaceLike,
        in_channels: int,
        out_channels: int,
        kernel: KernelLike = None,
        bias: bool = True,
        *,
        displacement_rank: int = 1,
        modulate: LabelsLike = "position",
        share_modulation: bool = False,
        init_scale: float = 0.0,
        scale: float = 1.0,
        share_input_channels: bool = False,
        method: str = "auto",
        device: Device = None,
        dtype: torch.dtype | None = None,
    ) -> None:
        super().__init__()
        r = layer_int(displacement_rank, "displacement_rank", minimum=0)
        self.rank = r
        self.out_channels = layer_channels(out_channels, "out_channels")
        self.in_channels = layer_channels(in_channels, "in_channels")
        fk = {"device": device, "dtype": dtype}
        self.conv = GMConv(
            in_space,
            out_space,
            in_channels,
            self.out_channels * (r + 1),
            kernel,
            bias=False,
            share_input_channels=share_input_channels,
            method=method,
            **fk,
        )
        self.in_space, self.out_space = self.conv.in_space, self.conv.out_space
        self._src, self._dst = as_space(self.in_space), as_space(self.out_space)
        self.share_modulation = bool(share_modulation)
        self.scale = float(scale)
        self.init_scale = float(init_scale)
        labels, n_labels = position_labels(self._dst, modulate)
        self.modulate = modulate if isinstance(modulate, str) else "labels"
        # only the zero-mean parts of the factors displace (the mean is an equivariant
        # kernel): a space of dimension L - 1 (docs/concepts/displacement.md)
        self.max_displacement_rank = max(0, n_labels - 1)
        if r > self.max_displacement_rank:
            warnings.warn(
                f"displacement_rank={r} exceeds the {self.max_displacement_rank} independent "
                f"zero-mean factors that modulate={self.modulate!r} allows on "
                f"{self._dst.name} ({n_labels} labels): the layer's coefficient displacement "
                f"rank is at most {self.max_displacement_rank}; pass displacement_rank="
                f"{self.max_displacement_rank} for the same family with fewer parameters",
                UserWarning,
                stacklevel=2,
            )
        self.register_buffer("labels", torch.as_tensor(labels, device=device), persistent=False)
        perms = generator_permutations(self._dst)
        self.register_buffer("gen_perms", torch.as_tensor(perms, device=device), persistent=False)
        self.bias = nn.Parameter(torch.empty(self.out_channels, **fk)) if bias else None
        a_rows = 1 if self.share_modulation else self.out_channels
        self.modulation = nn.Parameter(torch.empty(r, a_rows, n_labels, **fk)) if r > 0 else None
        self.reset_parameters()

    # ------------------------------------------------------------------ construction
    @classmethod
    def from_gmconv(cls, conv: GMConv, displacement_rank: int = 1, **kwargs: Any) -> LDRGMConv:
        """An LDR layer whose exact part copies ``conv``'s weights and bias (same spaces,
        kernel, method); with the default ``init_scale=0`` it computes exactly what ``conv``
        does until trained."""
        layer = cls(**gmconv_args(conv, displacement_rank=displacement_rank, **kwargs))
        with torch.no_grad():
            layer.conv.weight[: conv.out_channels].copy_(conv.weight)
            if conv.bias is not None and layer.bias is not None:
                layer.bias.copy_(conv.bias)
        return layer

    def reset_parameters(self) -> None:
        """Kernels as :class:`~groupmat.nn.GMConv`, bias uniform in ``±1/sqrt(C |K|)``,
        factors ``a_i ~ N(0, init_scale^2)``."""
        self.conv.reset_parameters()
        init_uniform(self.bias, self.in_channels * self.conv.weight.shape[-1])
        if self.modulation is not None:
            nn.init.normal_(self.modulation, 0.0, self.init_scale)

    # ------------------------------------------------------------------ views
    @property
    def kernel_elements(self) -> np.ndarray:
        return self.conv.kernel_elements

    @property
    def exact_weight(self) -> torch.Tensor:
        """``(O, C or 1, |K|)`` kernel ``b`` of the exact part."""
        return self.conv.weight[: self.out_channels]

    @property
    def perturbation_weight(self) -> torch.Tensor:
        """``(r, O, C or 1, |K|)`` kernels ``c_i``."""
        w = self.conv.weight[self.out_channels :]
        return w.reshape(self.rank, self.out_channels, *w.shape[1:])

    def factors(self) -> torch.Tensor:
        """``(r, A, N_out)`` position factors ``scale * a_i`` on every output position."""
        if self.modulation is None:
            return self.conv.weight.new_zeros(0, 1, self._dst.size)
        return self.scale * self.modulation.index_select(2, self.labels)

    # ------------------------------------------------------------------ forward
    def forward(self, x: torch.Tensor) -> torch.Tensor:
        who, dt = type(self).__name__, self.conv.weight.dtype
        _, grid = to_flat(x, self._src, self.in_channels, who, dtype=dt)
        y = self.conv(x)
        o, n = self.out_channels, self._dst.size
        y = y.reshape(y.shape[0], self.rank + 1, o, n)
        out = y[:, 0]
        if self.modulation is not None:
            a = self.factors().expand(self.rank, o, n)
            out = out + torch.einsum("ion,bion->bon", a, y[:, 1:])
        if self.bias is not None:
            out = out + self.bias[:, None]
        return to_layout(out, self._dst, grid)

    # ------------------------------------------------------------------ norms
    def _mods_and_gram(self) -> tuple[torch.Tensor, torch.Tensor]:
        """``m = [1, a_1, ..., a_r]`` as ``(r + 1, A, N)`` and the kernel Gram ``(r+1, r+1, A)``."""
        a = self.factors()
        rows = a.shape[1] if self.rank else 1
        ones = a.new_ones(1, rows, self._dst.size)
        mods = torch.cat([ones, a], dim=0)
        factor = float(self.in_channels) if self.conv.share_input_channels else 1.0
        gram = kernel_gram(
            self.conv.effective_weight(), self.rank + 1, not self.share_modulation, factor
        )
        return mods, gram

    def displacement_norm(self, squared: bool = False) -> torch.Tensor:
        """``(sum_u ||L_u M - M L_u||_F^2)^{1/2}`` over the generators ``u`` (all channel
        blocks), exact and differentiable; 0 for ``r = 0``. Equals the Frobenius norm of the
        stacked coefficient displacements ``D_u(F) = F - P_u F``."""
        if self.modulation is None:
            z = self.conv.weight.new_zeros(())
            return z
        mods, gram = self._mods_and_gram()
        a = mods[1:]
        d = a[None] - a[:, :, self.gen_perms].permute(2, 0, 1, 3)  # (U, r, A, N)
        sq = modulated_sq(d, gram[1:, 1:])
        return sq if squared else sq.clamp_min(0).sqrt()

    def equivariance_distance(self, squared: bool = False) -> torch.Tensor:
        """``||M - P(M)||_F``: Frobenius distance to the nearest exactly equivariant layer
        (whose own mean equivariance defect over ``G`` is ``2 ||M - P(M)||_F^2``)."""
        if self.modulation is None:
            return self.conv.weight.new_zeros(())
        mods, gram = self._mods_and_gram()
        a = mods[1:]
        sq = modulated_sq(a - a.mean(-1, keepdim=True), gram[1:, 1:])
        return sq if squared else sq.clamp_min(0).sqrt()

    def matrix_norm(self) -> torch.Tensor:
        """``||M||_F`` of the layer's linear part."""
        mods, gram = self._mods_and_gram()
        return modulated_sq(mods, gram).clamp_min(0).sqrt()

    def penalty(self) -> torch.Tensor:
        """The layer's regulariser: the squared displacement norm."""
        return self.displacement_norm(squared=True)

    # ------------------------------------------------------------------ inspection
    @torch.no_grad()
    def project(self) -> GMConv:
        """The orthogonal projection ``P(M)`` as an exact :class:`~groupmat.nn.GMConv`
        (kernel ``b_o + sum_i mean(a_{i,o}) c_{i,o}``, same bias)."""
        conv = GMConv(
            **gmconv_args(self.conv, out_channels=self.out_channels, bias=self.bias is not None)
        )
        kern = self.exact_weight.clone()
        if self.modulation is not None:
            mean = self.factors().mean(-1).expand(self.rank, self.out_channels)  # (r, O)
            kern = kern + torch.einsum("io,iock->ock", mean, self.perturbation_weight)
        conv.weight.copy_(kern)
        if self.bias is not None and conv.bias is not None:
            conv.bias.copy_(self.bias)
        return conv

    @torch.no_grad()
    def dense_matrix(self, *, force: bool = False) -> torch.Tensor:
        """``(O N_out, C N_in)`` dense matrix of the linear part (inspection and tests;
        guarded like :meth:`GMConv.group_matrix`)."""
        blocks = self.conv.group_matrix(structured=True, force=force)
        o, n = self.out_channels, self._dst.size
        blocks = blocks.reshape(self.rank + 1, o, *blocks.shape[1:])
        dense = blocks[0]
        if self.modulation is not None:
            a = self.factors().expand(self.rank, o, n)
            dense = dense + torch.einsum("ion,iocnz->ocnz", a, blocks[1:])
        c, n_in = dense.shape[1], dense.shape[3]
        return dense.permute(0, 2, 1, 3).reshape(o * n, c * n_in)

    def extra_repr(self) -> str:
        share = ", shared factors" if self.share_modulation else ""
        return (
            f"rank={self.rank}, modulate={self.modulate!r}{share}, scale={self.scale:g}, "
            f"{self.in_channels} -> {self.out_channels}"
        )
