"""Approximately equivariant layers: group-matrix convolutions plus a low-displacement-rank
(LDR) perturbation, with the displacement norm as a regulariser and a per-layer report.

Coefficient form (DESIGN.md section 6). A linear layer from signals on ``G`` to signals on
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
(a_i - P_u a_i) c_i^T`` has rank ``<= r`` (see :mod:`groupmat.algebra.displacement`); ``r = 0``
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

The baselines live in :mod:`groupmat.nn.baselines` (residual pathway prior, relaxed group
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

import math
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import numpy as np
import torch
from torch import nn

from groupmat.nn._layout import to_flat, to_layout
from groupmat.nn.compile import LayerSpecError, Space, as_space
from groupmat.nn.conv import GMConv

__all__ = [
    "DisplacementReport",
    "DisplacementRow",
    "LDRGMConv",
    "displacement_penalty",
    "displacement_report",
    "prior_penalty",
]


# ---------------------------------------------------------------------- shared helpers
def generator_permutations(space: Space) -> np.ndarray:
    """``(|U|, N)`` int64: row ``u`` is ``perm[a] = u^{-1}.a`` for the group's generators ``u``,
    so ``f[..., perm]`` is the translated signal ``(L_u f)(a) = f(u^{-1} a)``. ``O(|U| N)``
    products from the core."""
    G = space.group
    gens = np.asarray(G.generators, dtype=np.int64)
    if gens.size == 0:
        return np.zeros((0, space.size), dtype=np.int64)
    inv = np.asarray(G.inverse)[gens]
    return np.asarray(space.act(inv[:, None], np.arange(space.size)[None, :]), dtype=np.int64)


def position_labels(space: Space, modulate: Any) -> tuple[np.ndarray, int]:
    """Which modulation entry each position of ``space`` reads: ``(labels (N,), L)``.

    ``"position"``: every position its own (``L = N``). ``"point"``: on spatial groups the
    point-group component ``p`` of ``(t, p)`` (``L = |P|``; translation-equivariant, only the
    point symmetry is relaxed; pixels all read label 0). An ``(N,)`` integer array: explicit
    labels ``0..L-1``.
    """
    n = space.size
    if isinstance(modulate, str):
        if modulate == "position":
            return np.arange(n, dtype=np.int64), n
        if modulate == "point":
            if space.spatial is None:
                raise LayerSpecError(
                    f"modulate='point' needs a spatial group, got {space.name}; use "
                    "'position' or explicit labels"
                )
            if space.kind != "group":
                return np.zeros(n, dtype=np.int64), 1
            p = np.asarray(space.spatial.decompose(np.arange(n))[0], dtype=np.int64)
            return p, len(space.spatial.point_group)
        raise LayerSpecError(
            f"modulate must be 'position', 'point' or an (N,) label array, got {modulate!r}"
        )
    lab = np.asarray(modulate)
    if lab.shape != (n,) or not np.issubdtype(lab.dtype, np.integer) or (lab < 0).any():
        raise LayerSpecError(
            f"explicit modulation labels must be {n} non-negative integers (one per position "
            f"of {space.name}), got shape {lab.shape}"
        )
    lab = lab.astype(np.int64)
    return lab, int(lab.max()) + 1 if lab.size else 1


def kernel_gram(weight: torch.Tensor, groups: int, per_row: bool, factor: float) -> torch.Tensor:
    """Gram matrices ``<k_i, k_j>`` of ``groups`` stacked kernels.

    ``weight``: ``(groups * O, C', m)`` effective weights. Returns ``(groups, groups, O)``
    (summed over input channels and support) if ``per_row``, else ``(groups, groups, 1)``
    summed over output channels too; times ``factor``.
    """
    o_total, c, m = weight.shape
    w = weight.reshape(groups, o_total // groups, c * m)
    g = torch.einsum("iok,jok->ijo", w, w) * factor
    return g if per_row else g.sum(-1, keepdim=True)


def modulated_sq(mods: torch.Tensor, gram: torch.Tensor) -> torch.Tensor:
    """``Q(m) = sum_{a} sum_{ij} <m_{i a}, m_{j a}> G_{i j a}`` for ``mods (..., R, A, N)`` and
    ``gram (R, R, A or 1)``; leading axes of ``mods`` are summed."""
    inner = torch.einsum("...ian,...jan->ija", mods, mods)
    return (inner * gram).sum()


def _action_for(space: Any) -> Any:
    from groupmat.nn.equivariance import RegularAction, SpaceAction

    sp = as_space(space)
    return RegularAction(sp.obj) if sp.kind == "group" else SpaceAction(sp.obj)


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
        ``r >= 0``; ``r = 0`` is exactly the equivariant layer.
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

    Notes
    -----
    Parameters: ``(r + 1) O C |K|`` kernel weights (``O |K|`` with shared input channels) plus
    ``r A L`` factors plus ``O`` biases; cost per forward ``(r + 1)`` times a
    :class:`~groupmat.nn.GMConv`'s plus ``O(r O N)`` for the modulation.

    Examples
    --------
    >>> import torch
    >>> from groupmat.algebra.spatial import spatial_group
    >>> S = spatial_group((6, 6), "C4")
    >>> lift = LDRGMConv(S.pixels, S, 1, 4, kernel=3, displacement_rank=1, modulate="point")
    >>> lift(torch.randn(2, 1, 6, 6)).shape, tuple(lift.modulation.shape)
    (torch.Size([2, 4, 4, 6, 6]), (1, 4, 4))
    """

    _approx_layer = True

    def __init__(
        self,
        in_space: Any,
        out_space: Any,
        in_channels: int,
        out_channels: int,
        kernel: Any = None,
        bias: bool = True,
        *,
        displacement_rank: int = 1,
        modulate: Any = "position",
        share_modulation: bool = False,
        init_scale: float = 0.0,
        scale: float = 1.0,
        share_input_channels: bool = False,
        method: str = "auto",
        device: Any = None,
        dtype: torch.dtype | None = None,
    ) -> None:
        super().__init__()
        r = int(displacement_rank)
        if r < 0:
            raise LayerSpecError(f"displacement_rank must be >= 0, got {displacement_rank}")
        if int(out_channels) < 1:
            raise LayerSpecError(f"channels must be positive, got out={out_channels}")
        self.rank = r
        self.out_channels = int(out_channels)
        self.in_channels = int(in_channels)
        fk = {"device": device, "dtype": dtype}
        self.conv = GMConv(
            in_space, out_space, in_channels, self.out_channels * (r + 1), kernel, bias=False,
            share_input_channels=share_input_channels, method=method, **fk,
        )
        self.in_space, self.out_space = self.conv.in_space, self.conv.out_space
        self._src, self._dst = as_space(self.in_space), as_space(self.out_space)
        self.share_modulation = bool(share_modulation)
        self.scale = float(scale)
        self.init_scale = float(init_scale)
        labels, n_labels = position_labels(self._dst, modulate)
        self.modulate = modulate if isinstance(modulate, str) else "labels"
        self.register_buffer("labels", torch.as_tensor(labels, device=device), persistent=False)
        perms = generator_permutations(self._dst)
        self.register_buffer("gen_perms", torch.as_tensor(perms, device=device), persistent=False)
        self.bias = nn.Parameter(torch.empty(self.out_channels, **fk)) if bias else None
        a_rows = 1 if self.share_modulation else self.out_channels
        self.modulation = (
            nn.Parameter(torch.empty(r, a_rows, n_labels, **fk)) if r > 0 else None
        )
        self.reset_parameters()

    # ------------------------------------------------------------------ construction
    @classmethod
    def from_gmconv(cls, conv: GMConv, displacement_rank: int = 1, **kwargs: Any) -> LDRGMConv:
        """An LDR layer whose exact part copies ``conv``'s weights and bias (same spaces,
        kernel, method); with the default ``init_scale=0`` it computes exactly what ``conv``
        does until trained."""
        w = conv.weight
        layer = cls(
            conv.in_space, conv.out_space, conv.in_channels, conv.out_channels,
            np.asarray(conv.kernel_elements), conv.bias is not None,
            displacement_rank=displacement_rank,
            share_input_channels=conv.share_input_channels, method=conv.method,
            device=w.device, dtype=w.dtype, **kwargs,
        )
        with torch.no_grad():
            layer.conv.weight[: conv.out_channels].copy_(w)
            if conv.bias is not None and layer.bias is not None:
                layer.bias.copy_(conv.bias)
        return layer

    def reset_parameters(self) -> None:
        """Kernels as :class:`~groupmat.nn.GMConv`, bias uniform in ``±1/sqrt(C |K|)``,
        factors ``a_i ~ N(0, init_scale^2)``."""
        self.conv.reset_parameters()
        if self.bias is not None:
            bound = 1.0 / math.sqrt(self.in_channels * self.conv.weight.shape[-1])
            nn.init.uniform_(self.bias, -bound, bound)
        if self.modulation is not None:
            nn.init.normal_(self.modulation, 0.0, self.init_scale)

    # ------------------------------------------------------------------ views
    @property
    def kernel_elements(self) -> Any:
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
        _, grid = to_flat(x, self._src, self.in_channels, type(self).__name__)
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
        gram = kernel_gram(self.conv.effective_weight(), self.rank + 1,
                           not self.share_modulation, factor)
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
        w = self.exact_weight
        conv = GMConv(
            self.in_space, self.out_space, self.in_channels, self.out_channels,
            np.asarray(self.kernel_elements), self.bias is not None,
            share_input_channels=self.conv.share_input_channels, method=self.conv.method,
            device=w.device, dtype=w.dtype,
        )
        kern = w.clone()
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


# ---------------------------------------------------------------------- model-level helpers
def _approx_layers(model: nn.Module) -> Iterator[tuple[str, nn.Module]]:
    """Top-level layers of ``model`` that are group-aware (GMConv or an approximate layer),
    skipping those nested inside another such layer."""
    taken: list[str] = []
    for name, mod in model.named_modules():
        if any(name == t or name.startswith(t + ".") for t in taken if t != ""):
            continue
        if isinstance(mod, GMConv) or getattr(mod, "_approx_layer", False):
            taken.append(name)
            yield name, mod


def displacement_penalty(model: nn.Module) -> torch.Tensor:
    """Sum of the squared displacement norms of every approximate layer in ``model`` (exact
    layers contribute 0); add ``lam * displacement_penalty(model)`` to the training loss.

    Examples
    --------
    >>> import torch
    >>> from groupmat import cyclic
    >>> G = cyclic(6)
    >>> model = torch.nn.Sequential(LDRGMConv(G, G, 1, 2, displacement_rank=1, init_scale=1.0))
    >>> bool(displacement_penalty(model) > 0)
    True
    """
    total: Any = None
    for _, layer in _approx_layers(model):
        fn = getattr(layer, "displacement_norm", None)
        if fn is None:
            continue
        v = fn(squared=True)
        total = v if total is None else total + v
    if total is None:
        p = next(model.parameters(), None)
        return torch.zeros(()) if p is None else p.new_zeros(())
    return total


def prior_penalty(model: nn.Module) -> torch.Tensor:
    """Sum of each approximate layer's own regulariser ``layer.penalty()``: the squared
    displacement norm (:class:`LDRGMConv`), the mixing-coefficient smoothness (relaxed group
    convolution) or the residual-pathway weight prior; 0 for exact layers."""
    total: Any = None
    for _, layer in _approx_layers(model):
        fn = getattr(layer, "penalty", None)
        if fn is None:
            continue
        v = fn()
        total = v if total is None else total + v
    if total is None:
        p = next(model.parameters(), None)
        return torch.zeros(()) if p is None else p.new_zeros(())
    return total


@dataclass(frozen=True)
class DisplacementRow:
    """One layer of a :class:`DisplacementReport`.

    Attributes
    ----------
    name, kind
        Module path in the model and class name.
    displacement
        ``(sum_u ||L_u M - M L_u||_F^2)^{1/2}`` over the generators (0 for exact layers;
        ``nan`` when the layer cannot say).
    relative_displacement
        ``displacement / ||M||_F``.
    distance
        ``||M - P(M)||_F / ||M||_F``: relative distance to the nearest equivariant layer.
    error_mean, error_max
        Measured ``||F(g.x) - g.F(x)|| / ||F(x)||`` on the layer's actual input in the model
        (see :func:`~groupmat.nn.equivariance_error`; biases included).
    parameters
        Number of trainable parameters of the layer.
    """

    name: str
    kind: str
    displacement: float
    relative_displacement: float
    distance: float
    error_mean: float
    error_max: float
    parameters: int


@dataclass(frozen=True)
class DisplacementReport:
    """Per-layer displacement norms next to measured equivariance errors (a list of
    :class:`DisplacementRow`); ``str()`` is a table, :meth:`as_dicts` feeds JSON."""

    rows: tuple[DisplacementRow, ...]

    def __iter__(self) -> Iterator[DisplacementRow]:
        return iter(self.rows)

    def __len__(self) -> int:
        return len(self.rows)

    def as_dicts(self) -> list[dict[str, Any]]:
        return [dict(r.__dict__) for r in self.rows]

    def __str__(self) -> str:
        head = ("layer", "kind", "params", "||D(M)||", "rel", "dist", "err mean", "err max")
        body = [
            (r.name or "<model>", r.kind, str(r.parameters), f"{r.displacement:.3g}",
             f"{r.relative_displacement:.3g}", f"{r.distance:.3g}", f"{r.error_mean:.3g}",
             f"{r.error_max:.3g}")
            for r in self.rows
        ]
        widths = [max(len(x[i]) for x in (head, *body)) for i in range(len(head))]
        lines = ["  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True))
                 for row in (head, *body)]
        return "\n".join(lines)


def _norms(layer: nn.Module) -> tuple[float, float, float]:
    nan = float("nan")
    if isinstance(layer, GMConv):
        w = layer.effective_weight().detach()
        c = layer.in_channels if layer.share_input_channels else 1
        n_out = as_space(layer.out_space).size  # each row holds the kernel once
        norm = float(w.double().square().sum().mul(c * n_out).sqrt())
        return 0.0, norm, 0.0
    disp = getattr(layer, "displacement_norm", None)
    if disp is None:
        return nan, nan, nan
    with torch.no_grad():
        d = float(disp())
        fnorm = getattr(layer, "matrix_norm", None)
        norm = float(fnorm()) if fnorm is not None else nan
        fdist = getattr(layer, "equivariance_distance", None)
        dist = float(fdist()) if fdist is not None else nan
    return d, norm, dist


def displacement_report(
    model: nn.Module,
    x: torch.Tensor,
    elements: Any = None,
    *,
    max_elements: int = 16,
    seed: int = 0,
) -> DisplacementReport:
    """For each group-aware layer of ``model`` (:class:`~groupmat.nn.GMConv`,
    :class:`LDRGMConv` and the baselines), its displacement norm, its distance to the
    equivariant layers, and its equivariance error measured on the input it receives when
    ``model(x)`` runs.

    The model runs once in ``eval()`` mode (the previous mode is restored) with forward
    pre-hooks that record each layer's input; each layer is then tested with
    :func:`~groupmat.nn.equivariance_error` under the regular action on groups and the
    permutation action on homogeneous spaces (pixels), for ``elements`` (default: all
    elements of small groups, else generators plus random ones, ``max_elements`` in all).

    Examples
    --------
    >>> import torch
    >>> from groupmat import dihedral
    >>> G = dihedral(3)
    >>> model = torch.nn.Sequential(LDRGMConv(G, G, 1, 2, displacement_rank=1, init_scale=0.5),
    ...                             torch.nn.ReLU(), LDRGMConv(G, G, 2, 1, displacement_rank=0))
    >>> rep = displacement_report(model, torch.randn(4, 1, 6))
    >>> [r.name for r in rep], rep.rows[1].displacement
    (['0', '2'], 0.0)
    """
    from groupmat.nn.equivariance import equivariance_error

    layers = list(_approx_layers(model))
    inputs: dict[str, torch.Tensor] = {}
    hooks = []
    for name, layer in layers:
        def hook(mod: nn.Module, args: tuple, _name: str = name) -> None:
            inputs.setdefault(_name, args[0].detach())

        hooks.append(layer.register_forward_pre_hook(hook))
    was_training = model.training
    model.eval()
    try:
        with torch.no_grad():
            model(x)
        rows = []
        for name, layer in layers:
            if name not in inputs:
                continue
            rep = equivariance_error(
                layer, inputs[name], _action_for(layer.in_space), _action_for(layer.out_space),
                elements, max_elements=max_elements, seed=seed,
            )
            d, norm, dist = _norms(layer)
            rel = d / norm if norm and norm == norm and norm > 0 else float("nan")
            reldist = dist / norm if norm and norm == norm and norm > 0 else float("nan")
            params = sum(p.numel() for p in layer.parameters() if p.requires_grad)
            rows.append(DisplacementRow(
                name=name, kind=type(layer).__name__, displacement=d,
                relative_displacement=rel, distance=reldist, error_mean=rep.mean,
                error_max=rep.max, parameters=int(params),
            ))
    finally:
        for h in hooks:
            h.remove()
        model.train(was_training)
    return DisplacementReport(tuple(rows))
