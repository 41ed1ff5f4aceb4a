"""Group-matrix convolutions: lifting (``X -> G``), group (``G -> G``) and projection
(``G -> X``, also ``X -> X``) layers for any finite group the core builds.

Semantics (left-equivariant correlation): for output position ``a`` with representative
``r_a`` (``r_a = a`` on a group),

.. math::  y_o(a) = b_o + \\sum_c \\sum_{j} w'_{o c j} f_c(r_a u_j)

where ``u_j`` runs over the kernel ``K`` (group output) or ``H K`` (output ``G/H``; then ``w'`` is
``w`` averaged over ``H``, see :mod:`groupmat.nn._compile`). On a group this is the group matrix
``M_w = sum_s w(s) R_s``: ``(M_w f)(g) = sum_s w(s) f(g s)``, which commutes with every left
translation ``(L_h f)(g) = f(h^{-1} g)``.

Forward is one gather (``index_select`` with a precompiled ``(N_out m)`` index) and one matmul;
on crystallographic groups (spatial groups, all 17 wallpaper groups, space groups on voxel tori)
it is lowered by default to one ``conv2d`` / ``conv3d`` with circular padding on the cell torus,
on a filter bank whose taps are the kernel weights moved by the point group (rotated / flipped
filters, permuted point channels, and for glides and screws taps shifted by the cocycle; images
on refined grids enter as phase channels), identical to the gather path to float precision
(:mod:`groupmat.algebra.crystal._crystal_kernels`). No ``n x n`` object is ever formed in forward or
backward.
"""

from __future__ import annotations

import math
from typing import Any

import torch
import torch.nn.functional as F
from torch import nn

from groupmat.errors import SizeLimitError
from groupmat.nn._compile import LayerSpecError, as_space, compile_conv
from groupmat.nn._layout import phase_merge, phase_split, to_flat, to_layout

__all__ = ["GMConv"]

_CONV = {1: F.conv1d, 2: F.conv2d, 3: F.conv3d}

#: Largest number of entries :meth:`GMConv.group_matrix` builds without ``force=True``.
MAX_DENSE_ENTRIES = 1 << 26


class GMConv(nn.Module):
    """Equivariant convolution between signals on a group or its homogeneous spaces.

    Parameters
    ----------
    in_space, out_space
        A :class:`~groupmat.Group`, a :class:`~groupmat.SpatialGroup` or a
        :class:`~groupmat.HomogeneousSpace` of the same group: ``X -> G``
        is a lifting layer, ``G -> G`` a group convolution, ``G -> X`` a projection.
    in_channels, out_channels
        ``C`` and ``O``.
    kernel
        A word-metric radius (``G.ball(r)``; on ``X`` the points ``ball(r).x_0``), on spatial
        groups an odd window size ``k`` (``k x k`` translations times all of ``P``, or ``k x k``
        pixels), or an explicit sequence of elements / points. Default: radius 1, window 3.
    bias
        Learn one bias per output channel (constant over the space, so equivariant).
    share_input_channels
        One kernel shared by all input channels, weights ``(O, 1, |K|)`` (the paper's code,
        for parameter parity); default full ``(O, C, |K|)`` weights.
    method
        ``"auto"`` (``conv2d`` / ``conv3d`` lowering on crystallographic groups, else gather),
        ``"gather"``, or ``"conv"`` (also spelled ``"conv2d"`` / ``"conv3d"``).

    Shapes
    ------
    Input ``(B, C, N_in)``; on a spatial group also ``(B, C, |P|, H, W)``, on its pixels images
    ``(B, C, H, W)`` (crystallographic groups: ``(B, C, m, *N)`` and images
    ``(B, C, *G.shape)``, voxels ``(B, C, D, H, W)`` in 3-D). Output ``(B, O, N_out)``, or the
    output space's grid layout when the input came in grid layout (lifting images gives
    ``(B, O, |P|, H, W)``).

    Examples
    --------
    >>> import torch
    >>> from groupmat import Group
    >>> G = Group.from_permutations([[1, 2, 0], [1, 0, 2]])     # S3
    >>> conv = GMConv(G, G, 2, 4, kernel=1)
    >>> conv(torch.randn(5, 2, 6)).shape, conv.kernel_elements.tolist()
    (torch.Size([5, 4, 6]), [0, 1, 2, 3])
    """

    def __init__(
        self,
        in_space: Any,
        out_space: Any,
        in_channels: int,
        out_channels: int,
        kernel: Any = None,
        bias: bool = True,
        *,
        share_input_channels: bool = False,
        method: str = "auto",
        device: Any = None,
        dtype: torch.dtype | None = None,
    ) -> None:
        super().__init__()
        src, dst = as_space(in_space), as_space(out_space)
        if kernel is None:
            kernel = 3 if src.spatial is not None else 1
        if int(in_channels) < 1 or int(out_channels) < 1:
            raise LayerSpecError(
                f"channels must be positive, got in={in_channels}, out={out_channels}"
            )
        maps = compile_conv(src.obj, dst.obj, kernel)
        if method not in ("auto", "gather", "conv", "conv1d", "conv2d", "conv3d"):
            raise LayerSpecError(
                f"method must be 'auto', 'gather' or 'conv' ('conv2d'/'conv3d'), got {method!r}"
            )
        if method.startswith("conv") and maps.taps is None:
            raise LayerSpecError(
                f"method={method!r} needs spaces of one spatial / crystallographic group, got "
                f"{src.name} -> {dst.name}"
            )
        if method.startswith("conv") and method != "conv":
            want = f"conv{src.spatial.dim}d"
            if method != want:
                raise LayerSpecError(f"method={method!r} on a {src.spatial.dim}-D group: {want}")
        self.in_space, self.out_space = src.obj, dst.obj
        self._src, self._dst, self._maps = src, dst, maps
        self.in_channels, self.out_channels = int(in_channels), int(out_channels)
        self.share_input_channels = bool(share_input_channels)
        self.use_conv2d = maps.taps is not None and method != "gather"
        self.method = f"conv{src.spatial.dim}d" if self.use_conv2d else "gather"
        fk = {"device": device, "dtype": dtype}
        k = maps.kernel.size
        m = maps.support.size
        self._m, self._n_out = m, maps.n_out
        c_w = 1 if self.share_input_channels else self.in_channels
        self.weight = nn.Parameter(torch.empty(self.out_channels, c_w, k, **fk))
        self.bias = nn.Parameter(torch.empty(self.out_channels, **fk)) if bias else None
        # the gather index (N_out m int64) lives on the device only when forward uses it
        idx = None if self.use_conv2d else torch.tensor(maps.index.reshape(-1), device=device)
        self.register_buffer("index", idx, persistent=False)
        ex = None
        if maps.expand is not None:
            ex = torch.tensor(maps.expand).to(
                device=device, dtype=dtype or torch.get_default_dtype()
            )
        self.register_buffer("expand", ex, persistent=False)
        if self.use_conv2d:
            assert maps.taps is not None and maps.padding is not None
            self._taps_shape = tuple(maps.taps.shape)
            taps = torch.tensor(maps.taps.reshape(-1), device=device)
            self.register_buffer("taps", taps, persistent=False)
            self._padding = maps.padding
        self.reset_parameters()

    # ------------------------------------------------------------------ parameters
    def reset_parameters(self) -> None:
        """Uniform in ``±1/sqrt(C |K|)`` (as ``nn.Conv2d``'s default)."""
        fan_in = self.in_channels * self.weight.shape[-1]
        bound = 1.0 / math.sqrt(fan_in)
        nn.init.uniform_(self.weight, -bound, bound)
        if self.bias is not None:
            nn.init.uniform_(self.bias, -bound, bound)

    @property
    def kernel_elements(self) -> Any:
        """``(|K|,)`` numpy array: the kernel's elements (or points) on the input space; the
        last weight axis is indexed like it."""
        return self._maps.kernel

    @property
    def support(self) -> Any:
        """Positions read at the base point: the kernel, or ``H K`` for an output ``G/H``."""
        return self._maps.support

    def effective_weight(self) -> torch.Tensor:
        """``(O, C or 1, m)`` weights on the support (the kernel averaged over the output
        stabiliser for outputs ``G/H``)."""
        if self.expand is None:
            return self.weight
        return torch.matmul(self.weight, self.expand)

    # ------------------------------------------------------------------ forward
    def forward(self, x: torch.Tensor) -> torch.Tensor:
        xf, grid = to_flat(x, self._src, self.in_channels, type(self).__name__)
        if self.share_input_channels:
            xf = xf.sum(dim=1, keepdim=True)
        w = self.effective_weight()
        y = self._conv2d(xf, w) if self.use_conv2d else self._gather(xf, w)
        return to_layout(y, self._dst, grid)

    def _gather(self, x: torch.Tensor, w: torch.Tensor) -> torch.Tensor:
        b, c, _ = x.shape
        o, m, n_out = self.out_channels, self._m, self._n_out
        cols = x.transpose(1, 2).index_select(1, self.index)  # (B, N_out * m, C)
        cols = cols.reshape(b, n_out, m * c)
        wm = w.permute(0, 2, 1).reshape(o, m * c)  # (O, m C), same (j, c) order as cols
        y = torch.matmul(wm, cols.transpose(1, 2))  # (B, O, N_out), contiguous
        if self.bias is not None:
            y = y + self.bias[:, None]
        return y

    def _filter_bank(self, w: torch.Tensor) -> torch.Tensor:
        o, c = w.shape[0], w.shape[1]
        p_out, q_in, *extent = self._taps_shape
        wpad = torch.cat([w, w.new_zeros(o, c, 1)], dim=2)
        bank = wpad.index_select(2, self.taps).reshape(o, c, p_out, q_in, *extent)
        perm = (0, 2, 1, 3, *range(4, 4 + len(extent)))
        return bank.permute(*perm).reshape(o * p_out, c * q_in, *extent)

    def _conv2d(self, x: torch.Tensor, w: torch.Tensor) -> torch.Tensor:
        """The lowering: one circular ``conv{d}d`` on the cell torus (phases for images)."""
        spatial = self._src.spatial
        cells = spatial.lattice_shape
        b, c, _ = x.shape
        p_out, q_in = self._taps_shape[0], self._taps_shape[1]
        if self._src.kind == "group":
            img = x.reshape(b, c * q_in, *cells)
        else:
            img = phase_split(x, cells, spatial.refinement)
        pad = self._padding
        if any(pad):
            img = F.pad(img, tuple(p for q in reversed(pad) for p in (q, q)), mode="circular")
        bias = None if self.bias is None else self.bias.repeat_interleave(p_out)
        y = _CONV[len(cells)](img, self._filter_bank(w), bias)
        if self._dst.kind == "group":
            return y.reshape(b, self.out_channels, -1)
        return phase_merge(y, self.out_channels, cells, spatial.refinement)

    # ------------------------------------------------------------------ inspection
    def group_matrix(self, *, structured: bool = False, force: bool = False) -> torch.Tensor:
        """The layer as a dense matrix (for inspection in notebooks; never used in forward).

        Returns ``(O N_out, C N_in)`` with ``M[(o, a), (c, z)] = sum_{j: index[a, j] = z}
        w'_{o c j}``, or ``(O, C, N_out, N_in)`` with ``structured=True``: for a group layer,
        each ``(o, c)`` block is the group matrix ``M[g, g'] = w(g^-1 g')`` (zero off the
        kernel). ``y = M f + b`` on flat signals. Refuses above ``MAX_DENSE_ENTRIES`` entries
        unless ``force=True``.
        """
        o, c, n_in = self.out_channels, self.in_channels, self._src.size
        n_out, m = self._n_out, self._m
        total = o * c * n_out * n_in
        if total > MAX_DENSE_ENTRIES and not force:
            raise SizeLimitError(
                f"the dense matrix of this layer has {o}*{c}*{n_out}*{n_in} = {total} entries "
                f"(limit {MAX_DENSE_ENTRIES}); pass force=True if you have the memory"
            )
        w = self.effective_weight().detach().expand(o, c, m)
        dev = w.device
        index = torch.from_numpy(self._maps.index.reshape(-1).astype("int64")).to(dev)
        flat = torch.arange(n_out, device=dev).repeat_interleave(m) * n_in + index
        dense = w.new_zeros(o, c, n_out * n_in)
        src = w[:, :, None, :].expand(o, c, n_out, m).reshape(o, c, n_out * m)
        dense.index_add_(2, flat, src)
        dense = dense.reshape(o, c, n_out, n_in)
        if structured:
            return dense
        return dense.permute(0, 2, 1, 3).reshape(o * n_out, c * n_in)

    def extra_repr(self) -> str:
        kinds = {
            ("points", "group"): "lifting",
            ("group", "group"): "group",
            ("points", "points"): "space",
        }
        kind = kinds.get((self._src.kind, self._dst.kind), "projection")
        share = ", shared over input channels" if self.share_input_channels else ""
        return (
            f"{kind}: {self._src.name} -> {self._dst.name}, {self.in_channels} -> "
            f"{self.out_channels}, |K|={self.weight.shape[-1]}, method={self.method}, "
            f"bias={self.bias is not None}{share}"
        )
