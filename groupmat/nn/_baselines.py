"""Baselines for approximate equivariance, in the API of :class:`~groupmat.nn.GMConv` (same
spaces, kernels and layouts), each able to report its displacement norm:

- :class:`PlainConv`: no point-group symmetry. On spatial groups a circular ``conv2d`` that
  treats point-group channels as ordinary channels (a CNN layer: translation-equivariant
  only); elsewhere a dense linear map (an MLP layer: no symmetry at all).
- :class:`RPPConv`: residual pathway prior (Finzi, Benton & Wilson, *Residual Pathway Priors
  for Soft Equivariance Constraints*, NeurIPS 2021): ``exact(x) + free(x)`` with an exact
  :class:`~groupmat.nn.GMConv` and a :class:`PlainConv`, and a prior (weight decay) that is
  much stronger on the free pathway, so the data must pay for non-equivariance.
- :class:`RelaxedGMConv`: relaxed group convolution (Wang, Walters & Yu, *Approximately
  Equivariant Networks for Imperfectly Symmetric Dynamics*, ICML 2022):
  ``[f * Psi](g) = sum_h f(h) sum_l w_l(h) psi_l(g^{-1} h)``, i.e. ``M = sum_l M_{psi_l}
  diag(w_l)``: ``L`` filter banks mixed by learned coefficients over the *input* group
  elements (over the *output* elements for lifting layers, whose input has no group axis).
  With constant ``w_l`` it is exact; the coefficients start at 1.

Displacement norms are exact, from the weights: for a weight tensor ``W`` on which a
generator ``u`` acts by an index permutation (``(u.W)`` = ``W`` read at ``perm_u``),
``||L_u M - M L_u||_F^2 = mult * ||W - u.W||_F^2`` where ``mult`` counts how often each entry
appears in ``M`` (``H W`` for a convolution, 1 for a dense map). For a filter bank
``W[p, q, v]`` (output point channel ``p``, input point channel ``q``, offset ``v``) and
``u = (s, pi)``: ``(u.W)[p, q, v] = W[pi p, pi q, pi v]`` (translations act trivially).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn
from torch.types import Device

from groupmat.errors import SizeLimitError
from groupmat.nn._compile import (
    KernelLike,
    LayerSpecError,
    Space,
    SpaceLike,
    as_space,
    compile_conv,
)
from groupmat.nn._conv import GMConv, init_uniform
from groupmat.nn._layout import layer_channels, layer_int, layer_io, to_flat, to_layout
from groupmat.nn._modulation import (
    LabelsLike,
    generator_permutations,
    kernel_gram,
    modulated_sq,
    position_labels,
)

__all__ = ["PlainConv", "RPPConv", "RelaxedGMConv"]

#: Largest dense weight (entries) :class:`PlainConv` builds off spatial groups.
MAX_DENSE_WEIGHT = 1 << 24


def _window(kernel: KernelLike, src: Space) -> int:
    k = 3 if kernel is None else kernel
    if not isinstance(k, (int, np.integer)) or isinstance(k, bool) or k < 1 or k % 2 == 0:
        raise LayerSpecError(
            f"PlainConv on {src.name} needs an odd window size as kernel, got {kernel!r}"
        )
    h, w = src.spatial.shape
    if k > min(h, w):
        raise LayerSpecError(f"a {k}x{k} window does not fit on the {h}x{w} torus")
    return int(k)


def _point_channels(sp: Space) -> int:
    return len(sp.spatial.point_group) if sp.kind == "group" else 1


class PlainConv(nn.Module):
    """A layer with the spaces and layouts of :class:`~groupmat.nn.GMConv` but no point-group
    weight sharing.

    On two spaces of one spatial group (pixels or the group) it is a circular ``conv2d`` with a
    ``k x k`` window on the stacked ``(channel, point)`` axes: weight
    ``(O, P_out, C, Q_in, k, k)`` (``P_out``/``Q_in`` = ``|P|`` on the group, 1 on pixels), so
    ``y(t, p) = sum_{c, q, v} W[o, p, c, q, v] f_{c, q}(t + v)``. Otherwise (or with
    ``dense=True``) a dense ``(O, N_out, C, N_in)`` linear map, guarded by
    :data:`MAX_DENSE_WEIGHT`.

    Examples
    --------
    >>> import torch
    >>> from groupmat import spatial_group
    >>> S = spatial_group((6, 6), "C4")
    >>> cnn = PlainConv(S.pixels, S.pixels, 1, 8, kernel=3)
    >>> cnn(torch.randn(2, 1, 6, 6)).shape, float(cnn.displacement_norm().detach()) > 0
    (torch.Size([2, 8, 6, 6]), True)
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
        dense: bool = False,
        init_scale: float = 1.0,
        device: Device = None,
        dtype: torch.dtype | None = None,
    ) -> None:
        super().__init__()
        src, dst, in_channels, out_channels = layer_io(
            in_space, out_space, in_channels, out_channels
        )
        if src.group is not dst.group:
            raise LayerSpecError("in_space and out_space must be spaces of the same group object")
        self.in_space, self.out_space = src.obj, dst.obj
        self._src, self._dst = src, dst
        self.in_channels, self.out_channels = in_channels, out_channels
        self.init_scale = float(init_scale)
        fk = {"device": device, "dtype": dtype}
        self.spatial = (not dense) and src.spatial is not None and dst.spatial is src.spatial
        o, c = self.out_channels, self.in_channels
        if self.spatial:
            k = _window(kernel, src)
            self.window = k
            p_out, q_in = _point_channels(dst), _point_channels(src)
            self.weight = nn.Parameter(torch.empty(o, p_out, c, q_in, k, k, **fk))
            self._mult = float(src.spatial.num_pixels)
            perms, all_perms = self._conv_permutations(src.spatial, p_out, q_in, k)
        else:
            total = o * dst.size * c * src.size
            if total > MAX_DENSE_WEIGHT:
                raise SizeLimitError(
                    f"a dense {o}x{dst.size}x{c}x{src.size} weight has {total} entries (limit "
                    f"{MAX_DENSE_WEIGHT}); use a spatial group (conv2d) or fewer channels"
                )
            self.window = None
            self.weight = nn.Parameter(torch.empty(o, dst.size, c, src.size, **fk))
            self._mult = 1.0
            perms, all_perms = self._dense_permutations()
        self.register_buffer("gen_perms", torch.as_tensor(perms, device=device), persistent=False)
        self.register_buffer(
            "all_perms", torch.as_tensor(all_perms, device=device), persistent=False
        )
        self.bias = nn.Parameter(torch.empty(o, **fk)) if bias else None
        self.reset_parameters()

    # ------------------------------------------------------------------ index maps
    def _conv_permutations(self, S: Any, p_out: int, q_in: int, k: int) -> tuple[Any, Any]:
        """Entry permutations of ``u.W`` for the generators and for every point element."""
        half = k // 2
        o, c = self.out_channels, self.in_channels
        shape = (o, p_out, c, q_in, k, k)
        idx = np.arange(int(np.prod(shape))).reshape(shape)
        table = np.asarray(S.point_group.table)
        mats = np.asarray(S.point_matrices)

        def perm_for(pi: int) -> np.ndarray:
            pp = table[pi, np.arange(p_out)] if p_out > 1 else np.zeros(1, np.int64)
            qq = table[pi, np.arange(q_in)] if q_in > 1 else np.zeros(1, np.int64)
            vr, vc = np.meshgrid(
                np.arange(-half, half + 1), np.arange(-half, half + 1), indexing="ij"
            )
            m = mats[pi]
            wr = m[0, 0] * vr + m[0, 1] * vc + half
            wc = m[1, 0] * vr + m[1, 1] * vc + half
            return idx[:, pp][:, :, :, qq][:, :, :, :, wr, wc].reshape(-1)

        gens = np.asarray(S.group.generators, dtype=np.int64)
        points = np.asarray(S.decompose(gens)[0], dtype=np.int64)
        gp = [perm_for(int(p)) for p in points if int(p) != 0]
        gen_perms = np.stack(gp) if gp else np.zeros((0, idx.size), np.int64)
        all_perms = np.stack([perm_for(p) for p in range(len(S.point_group))])
        return gen_perms, all_perms

    def _dense_permutations(self) -> tuple[Any, Any]:
        src, dst = self._src, self._dst
        G = src.group
        o, c = self.out_channels, self.in_channels
        shape = (o, dst.size, c, src.size)
        idx = np.arange(int(np.prod(shape))).reshape(shape)

        def perm_for(u: int) -> np.ndarray:  # (u.W)[o, a, c, z] = W[o, u a, c, u z]
            ua = np.asarray(dst.act(u, np.arange(dst.size)), dtype=np.int64)
            uz = np.asarray(src.act(u, np.arange(src.size)), dtype=np.int64)
            return idx[:, ua][:, :, :, uz].reshape(-1)

        gens = [int(u) for u in G.generators]
        gen_perms = np.stack([perm_for(u) for u in gens]) if gens else np.zeros((0, idx.size))
        all_perms = (
            np.stack([perm_for(u) for u in range(G.order)])
            if G.order * idx.size <= 1 << 24
            else np.zeros((0, idx.size), np.int64)
        )
        return gen_perms.astype(np.int64), all_perms

    # ------------------------------------------------------------------ parameters
    def reset_parameters(self) -> None:
        """Uniform in ``± init_scale / sqrt(fan_in)`` (``nn.Conv2d``'s default at scale 1)."""
        fan_in = self.weight[0, 0].numel()
        init_uniform(self.weight, fan_in, self.init_scale)
        init_uniform(self.bias, fan_in)

    # ------------------------------------------------------------------ forward
    def forward(self, x: torch.Tensor) -> torch.Tensor:
        who = type(self).__name__
        xf, grid = to_flat(x, self._src, self.in_channels, who, dtype=self.weight.dtype)
        y = self._linear(xf, self.weight)
        if self.bias is not None:
            y = y + self.bias[:, None]
        return to_layout(y, self._dst, grid)

    def _linear(self, xf: torch.Tensor, weight: torch.Tensor) -> torch.Tensor:
        b = xf.shape[0]
        if not self.spatial:
            return torch.einsum("oacz,bcz->boa", weight, xf)
        h, w = self._src.spatial.shape
        o, p_out, c, q_in, k, _ = weight.shape
        img = xf.reshape(b, c * q_in, h, w)
        half = k // 2
        img = F.pad(img, (half, half, half, half), mode="circular")
        y = F.conv2d(img, weight.reshape(o * p_out, c * q_in, k, k))
        return y.reshape(b, o, p_out * h * w)

    # ------------------------------------------------------------------ norms
    def _weight_for_norms(self) -> torch.Tensor:
        return self.weight

    def displacement_norm(self, squared: bool = False) -> torch.Tensor:
        """``(sum_u ||L_u M - M L_u||_F^2)^{1/2}`` over the group's generators, exact."""
        w = self._weight_for_norms().reshape(-1)
        if self.gen_perms.numel() == 0:
            sq = w.new_zeros(())
        else:
            sq = (w[None] - w[self.gen_perms]).square().sum() * self._mult
        return sq if squared else sq.clamp_min(0).sqrt()

    def equivariance_distance(self, squared: bool = False) -> torch.Tensor:
        """``||M - P(M)||_F``, ``P(M)`` the average of ``L_u M L_u^-1`` over the group (over the
        point group for convolutions: translations commute already); ``nan`` when the dense
        map is too large to average."""
        w = self._weight_for_norms().reshape(-1)
        if self.all_perms.numel() == 0:
            return w.new_full((), float("nan"))
        proj = w[self.all_perms].mean(0)
        sq = (w - proj).square().sum() * self._mult
        return sq if squared else sq.clamp_min(0).sqrt()

    def matrix_norm(self) -> torch.Tensor:
        """``||M||_F`` of the linear part."""
        return self._weight_for_norms().square().sum().mul(self._mult).sqrt()

    def extra_repr(self) -> str:
        kind = f"conv2d {self.window}x{self.window}" if self.spatial else "dense"
        return (
            f"{kind}: {self._src.name} -> {self._dst.name}, {self.in_channels} -> "
            f"{self.out_channels}"
        )


class RPPConv(nn.Module):
    """Residual pathway prior: an exact :class:`~groupmat.nn.GMConv` plus an unconstrained
    :class:`PlainConv` (a CNN layer on spatial groups, a dense layer elsewhere).

    ``y = M_exact f + M_free f + bias``; :meth:`penalty` is the Gaussian prior
    ``exact_decay ||w_exact||^2 + free_decay ||W_free||^2`` with ``free_decay >> exact_decay``
    (Finzi et al. 2021): the free pathway is used only where the data pays for it.

    Parameters
    ----------
    in_space, out_space, in_channels, out_channels, kernel, bias, share_input_channels, method
        As :class:`~groupmat.nn.GMConv` (the free pathway uses the same window size on
        spatial groups).
    exact_decay, free_decay
        Prior strengths (weight decays, summed squares; tune per task).
    free_init
        Initial scale of the free pathway relative to ``nn.Conv2d``'s default.
    dense
        Force a dense free pathway.

    Examples
    --------
    >>> import torch
    >>> from groupmat import dihedral
    >>> G = dihedral(4)
    >>> layer = RPPConv(G, G, 2, 3, kernel=1)
    >>> layer(torch.randn(4, 2, 8)).shape, sum(p.numel() for p in layer.parameters())
    (torch.Size([4, 3, 8]), 411)
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
        exact_decay: float = 1e-5,
        free_decay: float = 1e-2,
        free_init: float = 0.1,
        dense: bool = False,
        share_input_channels: bool = False,
        method: str = "auto",
        device: Device = None,
        dtype: torch.dtype | None = None,
    ) -> None:
        super().__init__()
        in_channels = layer_channels(in_channels, "in_channels")
        out_channels = layer_channels(out_channels, "out_channels")
        fk = {"device": device, "dtype": dtype}
        self.exact = GMConv(
            in_space,
            out_space,
            in_channels,
            out_channels,
            kernel,
            bias,
            share_input_channels=share_input_channels,
            method=method,
            **fk,
        )
        src = as_space(in_space)
        free_kernel = kernel if src.spatial is not None and not dense else None
        if free_kernel is None and src.spatial is not None and not dense:
            free_kernel = 3
        self.free = PlainConv(
            in_space,
            out_space,
            in_channels,
            out_channels,
            free_kernel,
            bias=False,
            dense=dense,
            init_scale=free_init,
            **fk,
        )
        self.in_space, self.out_space = self.exact.in_space, self.exact.out_space
        self.in_channels, self.out_channels = int(in_channels), int(out_channels)
        self.exact_decay, self.free_decay = float(exact_decay), float(free_decay)
        if self.free.spatial:
            maps = compile_conv(self.in_space, self.out_space, self.exact.kernel_elements)
            taps = np.asarray(maps.taps)
            if taps.shape[-1] != self.free.window:
                raise LayerSpecError(
                    f"the exact kernel spans a {taps.shape[-1]}x{taps.shape[-1]} window but the "
                    f"free pathway a {self.free.window}x{self.free.window} one; pass an odd "
                    "window size as kernel"
                )
            self.register_buffer("taps", torch.tensor(taps, device=device), persistent=False)
        else:
            self.taps = None

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        who, dt = type(self).__name__, self.exact.weight.dtype
        to_flat(x, self.exact._src, self.in_channels, who, dtype=dt)
        return self.exact(x) + self.free(x)

    def penalty(self) -> torch.Tensor:
        """``exact_decay ||w_exact||^2 + free_decay ||W_free||^2``."""
        return (
            self.exact_decay * self.exact.weight.square().sum()
            + self.free_decay * self.free.weight.square().sum()
        )

    def _combined_weight(self) -> torch.Tensor:
        """The whole layer as one :class:`PlainConv` weight: the exact kernel laid out on the
        free pathway's filter bank (through the compiled ``conv2d`` taps) or dense matrix."""
        wf = self.free.weight
        w = self.exact.effective_weight()
        if self.taps is not None:
            o, c = self.out_channels, self.in_channels
            w = w.expand(o, c, w.shape[-1])
            wpad = torch.cat([w, w.new_zeros(o, c, 1)], dim=2)
            bank = wpad[:, :, self.taps]  # (O, C, P_out, Q_in, k, k)
            return wf + bank.permute(0, 2, 1, 3, 4, 5)
        dense = self.exact.group_matrix(structured=True, force=True)  # (O, C, N_out, N_in)
        return wf + dense.permute(0, 2, 1, 3).to(wf)

    def displacement_norm(self, squared: bool = False) -> torch.Tensor:
        """Displacement of the whole layer (that of the free pathway: the exact one commutes)."""
        return self.free.displacement_norm(squared)

    def equivariance_distance(self, squared: bool = False) -> torch.Tensor:
        return self.free.equivariance_distance(squared)

    def matrix_norm(self) -> torch.Tensor:
        return self._combined_weight().square().sum().mul(self.free._mult).sqrt()


class RelaxedGMConv(nn.Module):
    """Relaxed group convolution: ``M = sum_l M_{psi_l} diag(w_l)`` (Wang et al. 2022).

    Parameters
    ----------
    in_space, out_space, in_channels, out_channels, kernel, bias, method
        As :class:`~groupmat.nn.GMConv`.
    num_banks
        ``L``, the number of filter banks ``psi_l``.
    relax_over
        ``"point"`` (spatial groups, default there: ``w_l`` depends on the point-group part
        of the element, as in Wang et al., so translations stay exact), ``"position"``
        (default elsewhere: a coefficient per element) or explicit labels.
    side
        ``"input"`` (coefficients on the input elements ``h``, the paper's group layer) or
        ``"output"`` (on the output elements: its lifting layer, ``M = sum_l diag(w_l)
        M_{psi_l}``); ``"auto"`` picks input when the input is a group, else output.
    smoothness
        Strength of :meth:`penalty`, ``smoothness * sum_u mean (w - P_u w)^2`` over the
        generators (the paper penalises differences of neighbouring coefficients).

    Notes
    -----
    ``L O C |K|`` kernel weights plus ``L`` coefficients per label; one
    :class:`~groupmat.nn.GMConv` with ``L C`` inputs (input side) or ``L O`` outputs.

    Examples
    --------
    >>> import torch
    >>> from groupmat import spatial_group
    >>> S = spatial_group((6, 6), "D4")
    >>> layer = RelaxedGMConv(S, S, 2, 3, kernel=3, num_banks=2)
    >>> layer(torch.randn(1, 2, 8, 6, 6)).shape, tuple(layer.relaxed_weights.shape)
    (torch.Size([1, 3, 8, 6, 6]), (2, 8))
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
        num_banks: int = 2,
        relax_over: LabelsLike = "auto",
        side: str = "auto",
        smoothness: float = 1e-3,
        method: str = "auto",
        device: Device = None,
        dtype: torch.dtype | None = None,
    ) -> None:
        super().__init__()
        src, dst = as_space(in_space), as_space(out_space)
        L = layer_int(num_banks, "num_banks", minimum=1)
        if side == "auto":
            side = "input" if src.kind == "group" else "output"
        if side not in ("input", "output"):
            raise LayerSpecError(f"side must be 'auto', 'input' or 'output', got {side!r}")
        if side == "input" and src.kind != "group":
            raise LayerSpecError(
                f"side='input' needs an input on a group, got {src.name}; use side='output'"
            )
        self.side, self.num_banks = side, L
        self.in_channels = layer_channels(in_channels, "in_channels")
        self.out_channels = layer_channels(out_channels, "out_channels")
        self.smoothness = float(smoothness)
        fk = {"device": device, "dtype": dtype}
        # the L banks stack on the relaxed side's channels
        c_in, c_out = self.in_channels, self.out_channels
        if side == "input":
            c_in *= L
        else:
            c_out *= L
        self.conv = GMConv(
            in_space, out_space, c_in, c_out, kernel, bias=False, method=method, **fk
        )
        self.in_space, self.out_space = self.conv.in_space, self.conv.out_space
        self._src, self._dst = src, dst
        where = src if side == "input" else dst
        if isinstance(relax_over, str) and relax_over == "auto":
            relax_over = "point" if where.spatial is not None else "position"
        labels, n_labels = position_labels(where, relax_over)
        self.relax_over = relax_over if isinstance(relax_over, str) else "labels"
        self.register_buffer("labels", torch.as_tensor(labels, device=device), persistent=False)
        perms = generator_permutations(where)
        self.register_buffer("gen_perms", torch.as_tensor(perms, device=device), persistent=False)
        self._stab = dst.stabilizer().size if side == "input" else 1
        self.relaxed_weights = nn.Parameter(torch.ones(L, n_labels, **fk))
        self.bias = nn.Parameter(torch.empty(self.out_channels, **fk)) if bias else None
        init_uniform(self.bias, self.in_channels * self.conv.weight.shape[-1])

    def coefficients(self) -> torch.Tensor:
        """``(L, N)`` mixing coefficients on every position of the relaxed side."""
        return self.relaxed_weights.index_select(1, self.labels)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        who, dt = type(self).__name__, self.relaxed_weights.dtype
        xf, grid = to_flat(x, self._src, self.in_channels, who, dtype=dt)
        w = self.coefficients()
        L, b = self.num_banks, xf.shape[0]
        if self.side == "input":
            xm = (w[None, :, None, :] * xf[:, None]).reshape(b, L * self.in_channels, xf.shape[-1])
            y = self.conv(xm)
        else:
            z = self.conv(xf).reshape(b, L, self.out_channels, self._dst.size)
            y = torch.einsum("ln,blon->bon", w, z)
        if self.bias is not None:
            y = y + self.bias[:, None]
        return to_layout(y, self._dst, grid)

    # ------------------------------------------------------------------ norms
    def _mods_and_gram(self) -> tuple[torch.Tensor, torch.Tensor]:
        w = self.coefficients()[:, None, :]  # (L, 1, N)
        eff = self.conv.effective_weight()
        L = self.num_banks
        if self.side == "input":
            o, _, m = eff.shape
            k = eff.reshape(o, L, self.in_channels * m)
            gram = torch.einsum("olk,ojk->lj", k, k)[:, :, None] / self._stab
        else:
            gram = kernel_gram(eff, L, False, 1.0)
        return w, gram

    def displacement_norm(self, squared: bool = False) -> torch.Tensor:
        """``(sum_u ||L_u M - M L_u||_F^2)^{1/2}`` over the generators, exact:
        ``D_u(M) = sum_l M_{psi_l} diag(w_l - P_u w_l)`` (input side)."""
        w, gram = self._mods_and_gram()
        if self.gen_perms.numel() == 0:
            return w.new_zeros(())
        d = w[None] - w[:, :, self.gen_perms].permute(2, 0, 1, 3)
        sq = modulated_sq(d, gram)
        return sq if squared else sq.clamp_min(0).sqrt()

    def equivariance_distance(self, squared: bool = False) -> torch.Tensor:
        """``||M - P(M)||_F`` (``P(M)`` uses the mean coefficients)."""
        w, gram = self._mods_and_gram()
        sq = modulated_sq(w - w.mean(-1, keepdim=True), gram)
        return sq if squared else sq.clamp_min(0).sqrt()

    def matrix_norm(self) -> torch.Tensor:
        w, gram = self._mods_and_gram()
        return modulated_sq(w, gram).clamp_min(0).sqrt()

    def penalty(self) -> torch.Tensor:
        """``smoothness * sum_u mean_a (w(a) - w(u^{-1} a))^2`` over generators ``u``."""
        w = self.coefficients()
        if self.gen_perms.numel() == 0:
            return w.new_zeros(())
        d = w[None] - w[:, self.gen_perms].permute(1, 0, 2)
        return self.smoothness * d.square().mean(-1).sum()

    def extra_repr(self) -> str:
        return (
            f"banks={self.num_banks}, side={self.side!r}, relax_over={self.relax_over!r}, "
            f"{self.in_channels} -> {self.out_channels}"
        )
