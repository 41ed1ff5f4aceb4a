"""Group-matrix convolutions: lifting (``X -> G``), group (``G -> G``) and projection
(``G -> X``, also ``X -> X``) layers for any finite group the core builds.

Semantics (left-equivariant correlation): for output position ``a`` with representative
``r_a`` (``r_a = a`` on a group),

.. math::  y_o(a) = b_o + \\sum_c \\sum_{j} w'_{o c j} f_c(r_a u_j)

where ``u_j`` runs over the kernel ``K`` (group output) or ``H K`` (output ``G/H``; then ``w'`` is
``w`` averaged over ``H``, see :mod:`groupmat.nn._compile`). On a group this is the group matrix
``M_w = sum_s w(s) R_s``: ``(M_w f)(g) = sum_s w(s) f(g s)``, which commutes with every left
translation ``(L_h f)(g) = f(h^{-1} g)``.

Four exact algorithms compute this map (:mod:`groupmat.nn._algorithms`), all equal to float
round-off: ``gather`` (one ``index_select`` and one matmul), ``expanded`` (the dense
``(O N_out, C N_in)`` matrix built from the weights by one ``index_select``, then one GEMM),
``conv`` (crystallographic groups: spatial groups, all 17 wallpaper groups, space groups on
voxel tori, lowered to one circular ``conv2d`` / ``conv3d`` on the cell torus with a filter
bank of the weights moved by the point group, :mod:`groupmat.nn._lowering`) and ``spectral``
(multiplied block by block in the real Fourier domain of the group, for any of its
spaces, :mod:`groupmat.nn._spectral`). ``method="auto"`` picks one with a cost model
(:mod:`groupmat.nn._cost_model`) at construction; the choice is shown in ``repr``.
Weight-side work (the expanded matrix, the filter bank, the transformed kernel) is cached
in eval mode while the weights are unchanged and gradients are off.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import torch
from torch import nn
from torch.types import Device

from groupmat.errors import LayerSpecError, SizeLimitError
from groupmat.nn._compile import KernelLike, SpaceLike, compile_conv
from groupmat.nn._cost_model import Estimate
from groupmat.nn._layout import layer_int, layer_io, to_flat, to_layout
from groupmat.nn._method import DEFAULT_BATCH_HINT, build_algorithm, plan_method

__all__ = ["GMConv"]

#: Largest number of entries :meth:`GMConv.group_matrix` builds without ``force=True``.
MAX_DENSE_ENTRIES = 1 << 26


def init_uniform(param: torch.Tensor | None, fan_in: int, scale: float = 1.0) -> None:
    """Fill ``param`` (if any) uniformly in ``±scale/sqrt(fan_in)`` (``nn.Conv2d``'s default at
    ``scale = 1``): the one initialisation of the kernels and biases of the conv layers."""
    if param is not None:
        bound = scale / math.sqrt(fan_in)
        nn.init.uniform_(param, -bound, bound)


def gmconv_args(conv: GMConv, **changes: Any) -> dict[str, Any]:
    """The constructor arguments of a layer on ``conv``'s spaces, channels, kernel (its
    resolved :attr:`~GMConv.kernel_elements`), bias, input-channel sharing, running method,
    device and dtype, with ``changes`` overriding any of them: what rebuilds a layer like
    ``conv`` (``GMConv(**gmconv_args(conv))``) or one of its relatives."""
    w = conv.weight
    args: dict[str, Any] = {
        "in_space": conv.in_space,
        "out_space": conv.out_space,
        "in_channels": conv.in_channels,
        "out_channels": conv.out_channels,
        "kernel": np.asarray(conv.kernel_elements),
        "bias": conv.bias is not None,
        "share_input_channels": conv.share_input_channels,
        "method": conv.method,
        "device": w.device,
        "dtype": w.dtype,
    }
    args.update(changes)
    return args


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
        pixels), an explicit sequence of elements / points, or ``"full"``: one weight per
        double coset ``K\\G/H`` (``H``, ``K`` the stabilisers of the input and output base
        points), which spans exactly the equivariant maps ``G/H -> G/K`` (their dimension is
        the number of orbits of ``G`` on ``Y x X``). Weights are averaged over ``K``, so kernel
        positions in one ``K``-orbit would be the same weight: only the first is kept
        (:attr:`kernel_elements`). Default: radius 1, window 3 (local, as on groups;
        ``"full"`` reads every input position from every output, ``N_out N_in`` work, and
        is refused above ``2^26`` index entries).
    bias
        Learn one bias per output channel (constant over the space, so equivariant).
    share_input_channels
        One kernel shared by all input channels, weights ``(O, 1, |K|)`` (the paper's code,
        for parameter parity); default full ``(O, C, |K|)`` weights.
    method
        ``"auto"`` (the cost model's choice for ``batch_hint``, dtype and device), or one of
        ``"gather"`` (any layer), ``"expanded"`` (any layer whose dense matrix has at most
        ``2^27`` entries), ``"conv"`` (also ``"conv2d"`` / ``"conv3d"``; crystallographic
        groups), ``"spectral"`` (groups up to 12,000 elements). A method that cannot run the
        layer raises :class:`~groupmat.nn.LayerSpecError` (or ``SizeLimitError``).
    batch_hint
        Batch size the cost model assumes (default 64); only the choice of ``"auto"``
        depends on it, and it is made for the ``device`` and ``dtype`` given here (moving the
        layer later keeps the algorithm).

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
    >>> spec = GMConv(G, G, 2, 4, kernel=1, method="spectral")
    >>> spec.load_state_dict(conv.state_dict())
    <All keys matched successfully>
    >>> x = torch.randn(5, 2, 6)
    >>> torch.allclose(spec(x), conv(x), atol=1e-5)
    True
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
        share_input_channels: bool = False,
        method: str = "auto",
        batch_hint: int | None = None,
        device: Device = None,
        dtype: torch.dtype | None = None,
    ) -> None:
        super().__init__()
        src, dst, in_channels, out_channels = layer_io(
            in_space, out_space, in_channels, out_channels
        )
        if kernel is None:
            kernel = 3 if src.spatial is not None else 1
        if not isinstance(method, str):
            raise LayerSpecError(f"method must be a string, got {method!r}")
        if batch_hint is not None:
            batch_hint = layer_int(batch_hint, "batch_hint", minimum=1)
        maps = compile_conv(src.obj, dst.obj, kernel)
        self.in_space, self.out_space = src.obj, dst.obj
        self._src, self._dst, self._maps = src, dst, maps
        self.in_channels, self.out_channels = int(in_channels), int(out_channels)
        self.share_input_channels = bool(share_input_channels)
        self._m, self._n_out = int(maps.support.size), int(maps.n_out)
        c_w = 1 if self.share_input_channels else self.in_channels
        dt = dtype or torch.get_default_dtype()
        dev = torch.device(device) if device is not None else torch.device("cpu")
        self.batch_hint = int(batch_hint or DEFAULT_BATCH_HINT)
        self.requested_method = method
        chosen, self.cost_estimates = plan_method(
            method,
            src,
            dst,
            maps,
            c_w,
            self.out_channels,
            self.batch_hint,
            torch.empty(0, dtype=dt).element_size(),
            dev.type,
        )
        self.algorithm = build_algorithm(
            chosen, src, dst, maps, c_w, self.out_channels, device=device, dtype=dt
        )
        fk = {"device": device, "dtype": dtype}
        self.weight = nn.Parameter(torch.empty(self.out_channels, c_w, maps.kernel.size, **fk))
        self.bias = nn.Parameter(torch.empty(self.out_channels, **fk)) if bias else None
        ex = None
        if maps.expand is not None:
            ex = torch.tensor(maps.expand).to(device=device, dtype=dt)
        self.register_buffer("expand", ex, persistent=False)
        self._operand_cache: tuple[Any, Any] | None = None
        self.reset_parameters()

    # ------------------------------------------------------------------ parameters
    def reset_parameters(self) -> None:
        """Uniform in ``±1/sqrt(C |K|)`` (as ``nn.Conv2d``'s default)."""
        fan_in = self.in_channels * self.weight.shape[-1]
        init_uniform(self.weight, fan_in)
        init_uniform(self.bias, fan_in)

    @property
    def method(self) -> str:
        """The algorithm that runs forward: ``gather``, ``expanded``, ``spectral``, or
        ``conv1d`` / ``conv2d`` / ``conv3d`` for the lowering."""
        name = self.algorithm.name
        return f"conv{self._src.spatial.dim}d" if name == "conv" else name

    @property
    def cost_estimate(self) -> Estimate | None:
        """The cost model's :class:`~groupmat.nn._cost_model.Estimate` for the running
        algorithm (forward + backward at ``batch_hint``)."""
        return self.cost_estimates.get(self.algorithm.name)

    @property
    def kernel_elements(self) -> np.ndarray:
        """``(|K|,)`` numpy array: the kernel's elements (or points) on the input space; the
        last weight axis is indexed like it."""
        return self._maps.kernel

    @property
    def index_map(self) -> np.ndarray:
        """``(N_out, m)`` read-only int64 array: ``index_map[a, j]`` is the input position that
        output position ``a`` reads through support entry ``j``, so that (flat signals)

        .. math::  y_o(a) = b_o + \\sum_c \\sum_j w'_{o c j} f_c(\\mathrm{index\\_map}[a, j]).

        Row ``a`` is ``r_a u_j`` (input on ``G``) or ``r_a . u_j`` (input on ``X``) for the
        :attr:`support` ``u_j``. Computed on first access (the ``conv`` lowering never
        needs it): ``O(N_out m)`` products from the algebra core, ``O(N_out m)`` int64 memory.

        Examples
        --------
        >>> from groupmat import Group
        >>> G = Group.from_permutations([[1, 2, 3, 0]])          # C4
        >>> conv = GMConv(G, G, 1, 1, kernel=1)
        >>> conv.index_map[1].tolist()                          # g_1 * {e, a, a^-1}
        [1, 3, 0]
        >>> conv.index_map.flags.writeable
        False
        """
        return self._maps.index

    @property
    def support(self) -> np.ndarray:
        """Positions read at the base point: the kernel, or ``H K`` for an output ``G/H``."""
        return self._maps.support

    def effective_weight(self) -> torch.Tensor:
        """``(O, C or 1, m)`` weights on the support (the kernel averaged over the output
        stabiliser for outputs ``G/H``)."""
        if self.expand is None:
            return self.weight
        return torch.matmul(self.weight, self.expand)

    # ------------------------------------------------------------------ forward
    def _apply(self, fn: Any, recurse: bool = True) -> GMConv:
        super()._apply(fn, recurse)
        ex = self.expand
        if ex is not None and ex.dtype != torch.float64 and ex.dtype.is_floating_point:
            # averaging weights k / |H| from float64, not a cast of their rounded values
            exact = torch.tensor(self._maps.expand, dtype=torch.float64).to(ex.device)
            self.expand = exact.to(ex.dtype)
        self._operand_cache = None
        return self

    def train(self, mode: bool = True) -> GMConv:
        self._operand_cache = None
        return super().train(mode)

    def _operand(self) -> Any:
        """The algorithm's weight-side operand; cached in eval mode while neither the weights
        (version, storage, device, dtype) nor the grad mode change and no gradient flows to
        the weights."""
        w = self.weight
        if self.training or (torch.is_grad_enabled() and w.requires_grad):
            self._operand_cache = None
            return self.algorithm.prepare(self.effective_weight())
        ex = self.expand
        key = (
            w._version,
            w.data_ptr(),
            w.device,
            w.dtype,
            None if ex is None else (ex._version, ex.data_ptr()),
            torch.is_inference_mode_enabled(),
        )
        hit = self._operand_cache
        if hit is not None and hit[0] == key:
            return hit[1]
        op = self.algorithm.prepare(self.effective_weight())
        self._operand_cache = (key, op)
        return op

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        who = type(self).__name__
        xf, grid = to_flat(x, self._src, self.in_channels, who, dtype=self.weight.dtype)
        if self.share_input_channels:
            xf = xf.sum(dim=1, keepdim=True)
        y = self.algorithm.apply(xf, self._operand(), self.bias)
        return to_layout(y, self._dst, grid)

    def __getstate__(self) -> dict:
        state = super().__getstate__()
        state = dict(state)
        state["_operand_cache"] = None
        return state

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
        auto = " (auto)" if self.requested_method == "auto" else ""
        return (
            f"{kind}: {self._src.name} -> {self._dst.name}, {self.in_channels} -> "
            f"{self.out_channels}, |K|={self.weight.shape[-1]}, method={self.method}{auto}, "
            f"bias={self.bias is not None}{share}"
        )
