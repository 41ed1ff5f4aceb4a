"""Learned weight sharing through doubly stochastic matrices, and recovering the group.

Following van der Linden et al. (*Learning symmetries via weight-sharing with doubly
stochastic tensors*, NeurIPS 2024): a group convolution is a canonical kernel ``w`` (over a
``d``-point domain: the taps of a ``k x k`` window, times the input's group axis) copied once
per group element ``g`` by a permutation, ``w_g = R_g w``. Learning the sharing means learning
``N`` matrices ``R_1..R_N`` that are *doubly stochastic* (soft permutations): logits turned
into doubly stochastic matrices by Sinkhorn's alternate row/column normalisation
(:func:`sinkhorn`; Sinkhorn & Knopp 1967; Mena et al., *Gumbel-Sinkhorn networks*, ICLR 2018)
at a temperature ``tau`` (``tau -> 0`` approaches a permutation).

:class:`WeightSharingConv` computes, for input signals ``f_c(q, t)`` (``Q`` input "elements",
pixels ``t`` of a torus; ``Q = 1`` for images) and output element ``i``,

.. math::  y_o(i, t) = b_o + \\sum_{c} \\sum_{q, v} (R_i w_{oc})[q, v] \\, f_c(q, t + v)

as one circular ``conv2d`` with the ``N`` transformed kernels. When ``R_i`` are the regular
representation's permutations (:func:`spatial_representation`, :func:`regular_representation`)
it *is* :class:`~groupmat.nn.GMConv`'s lifting or group convolution (tested); a set of ``d``
points with no torus is the case ``H = W = 1``, ``k = 1``.

:func:`~groupmat.nn.recover_group` (re-exported here) hardens learned matrices into
permutations, closes them under composition and reports what they generate.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Literal

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn
from torch.types import Device

from groupmat.algebra._validate import as_int
from groupmat.nn._compile import LayerSpecError, SpaceLike, as_space, compile_conv
from groupmat.nn._pool import check_input_dtype
from groupmat.nn._recover import RecoveredGroup, harden, identify, recover_group

if TYPE_CHECKING:  # pragma: no cover
    from numpy.typing import ArrayLike

    from groupmat.algebra._group import Group
    from groupmat.algebra.crystal._spatial import SpatialGroup

__all__ = [
    "RecoveredGroup",
    "SinkhornStack",
    "WeightSharingConv",
    "harden",
    "identify",
    "permutation_matrices",
    "recover_group",
    "regular_representation",
    "sinkhorn",
    "spatial_representation",
]


# ---------------------------------------------------------------------- Sinkhorn
def sinkhorn(logits: torch.Tensor, temperature: float = 1.0, iterations: int = 20) -> torch.Tensor:
    """Doubly stochastic matrices from logits ``(..., d, d)`` by ``iterations`` rounds of
    row then column normalisation of ``exp(logits / temperature)``, in log space.

    Columns sum to 1 exactly (the last step), rows to within the Sinkhorn residual, which
    decays geometrically (Sinkhorn & Knopp 1967): for logits of the order of the temperature
    50 rounds reach ``1e-6``; near a permutation (large logits, low temperature) the rate
    degrades and many more rounds are needed, but there the Hungarian hardening
    (:func:`harden`) is unambiguous anyway. ``O(iterations d^2)`` per matrix, fixed iteration
    count (no data-dependent control flow).

    Examples
    --------
    >>> import torch
    >>> P = sinkhorn(torch.randn(3, 5, 5, dtype=torch.float64), iterations=50)
    >>> bool((P.sum(-1) - 1).abs().max() < 1e-6), bool((P.sum(-2) - 1).abs().max() < 1e-12)
    (True, True)
    """
    temperature = _positive(temperature, "temperature")
    iterations = as_int(iterations, "iterations", minimum=0)
    log_p = logits / temperature
    for _ in range(iterations):
        log_p = log_p - torch.logsumexp(log_p, dim=-1, keepdim=True)
        log_p = log_p - torch.logsumexp(log_p, dim=-2, keepdim=True)
    return log_p.exp()


def _positive(v: object, what: str) -> float:
    """A finite positive float argument (temperatures, scales)."""
    if isinstance(v, bool) or not isinstance(v, (int, float, np.integer, np.floating)):
        raise TypeError(f"{what} must be a positive number, got {type(v).__name__} {v!r}")
    f = float(v)
    if not math.isfinite(f) or f <= 0:
        raise ValueError(f"{what} must be a finite positive number, got {v}")
    return f


def permutation_matrices(perms: ArrayLike, dtype: torch.dtype | None = None) -> torch.Tensor:
    """``(N, d, d)`` 0/1 matrices ``R[i, a, perm[i, a]] = 1`` from ``(N, d)`` index arrays
    (``(R w)[a] = w[perm[a]]``)."""
    p = torch.as_tensor(np.asarray(perms), dtype=torch.long)
    if p.ndim != 2:
        raise ValueError(f"permutations must be an (N, d) array, got shape {tuple(p.shape)}")
    d = p.shape[1]
    out = torch.zeros(p.shape[0], d, d, dtype=dtype or torch.get_default_dtype())
    out.scatter_(2, p[:, :, None], 1.0)
    return out


class SinkhornStack(nn.Module):
    """``N`` learnable soft permutations of ``d`` points: ``forward()`` returns the
    ``(N, d, d)`` doubly stochastic matrices ``sinkhorn(logits)``.

    Parameters
    ----------
    num_elements, size
        ``N`` and ``d``.
    temperature, iterations
        Sinkhorn's ``tau`` and round count; ``temperature`` may be changed during training
        (annealing).
    init
        ``"random"`` (logits ``~ N(0, noise^2)``: near-uniform matrices), ``"identity"``
        (every element near the identity) or an ``(N, d)`` permutation array (e.g. a regular
        representation): logits ``strength * P + N(0, noise^2)``.
    fix_identity
        Keep element 0 the identity permutation (a group has one); its logits are unused.

    Examples
    --------
    >>> stack = SinkhornStack(4, 9, init="random", iterations=30)
    >>> R = stack()
    >>> tuple(R.shape), bool((R.sum(-1) - 1).abs().max() < 1e-5)
    ((4, 9, 9), True)
    >>> stack.hard().shape
    (4, 9)
    """

    def __init__(
        self,
        num_elements: int,
        size: int,
        *,
        temperature: float = 1.0,
        iterations: int = 20,
        init: Literal["random", "identity"] | ArrayLike = "random",
        noise: float = 0.1,
        strength: float = 50.0,
        fix_identity: bool = True,
        device: Device = None,
        dtype: torch.dtype | None = None,
    ) -> None:
        super().__init__()
        n = as_int(num_elements, "num_elements", minimum=1)
        d = as_int(size, "size", minimum=1)
        self.num_elements, self.size = n, d
        self.temperature = _positive(temperature, "temperature")
        self.iterations = as_int(iterations, "iterations", minimum=0)
        self.fix_identity = bool(fix_identity)
        fk = {"device": device, "dtype": dtype}
        logits = torch.randn(n, d, d, **fk) * float(noise)
        if isinstance(init, str):
            if init == "identity":
                logits = logits + float(strength) * torch.eye(d, **fk)
            elif init != "random":
                raise LayerSpecError(
                    f"init must be 'random', 'identity' or an (N, d) permutation array, got "
                    f"{init!r}"
                )
        else:
            perms = np.asarray(init)
            if perms.shape != (n, d):
                raise LayerSpecError(
                    f"init permutations must have shape ({n}, {d}), got {perms.shape}"
                )
            logits = logits + float(strength) * permutation_matrices(perms, dtype=logits.dtype).to(
                logits.device
            )
        self.logits = nn.Parameter(logits)
        self.register_buffer("eye", torch.eye(d, **fk), persistent=False)

    def forward(self) -> torch.Tensor:
        R = sinkhorn(self.logits, self.temperature, self.iterations)
        if self.fix_identity:
            R = torch.cat([self.eye[None].to(R), R[1:]], dim=0)
        return R

    def entropy(self) -> torch.Tensor:
        """Mean row entropy of the matrices (0 for permutations; a regulariser that pushes
        towards hard sharing)."""
        R = self().clamp_min(1e-12)
        return -(R * R.log()).sum(-1).mean()

    @torch.no_grad()
    def hard(self) -> np.ndarray:
        """``(N, d)`` permutations nearest the current matrices (Hungarian assignment
        maximising ``sum_a R[a, perm[a]]``)."""
        return harden(self())

    def extra_repr(self) -> str:
        return (
            f"{self.num_elements} x ({self.size} x {self.size}), tau={self.temperature:g}, "
            f"iterations={self.iterations}, fix_identity={self.fix_identity}"
        )


# ---------------------------------------------------------------------- exact representations
def regular_representation(G: Group) -> np.ndarray:
    """``(n, n)`` permutations of the left regular representation in the layer's convention:
    ``perm[g, h]`` = index of ``g^{-1} h``, so ``(R_g w)(h) = w(g^{-1} h)`` and
    ``y(g) = sum_h (R_g w)(h) f(h) = sum_s w(s) f(g s)``: :class:`~groupmat.nn.GMConv` with the
    whole group as kernel. ``O(n^2)`` products from the core.

    Examples
    --------
    >>> from groupmat import cyclic
    >>> regular_representation(cyclic(3)).tolist()
    [[0, 1, 2], [2, 0, 1], [1, 2, 0]]
    """
    from groupmat.algebra.matrices._regular import left_translates

    return left_translates(G, np.asarray(G.inverse))


def spatial_representation(
    spatial: SpatialGroup | SpaceLike, kernel_size: int, *, lifting: bool = True
) -> np.ndarray:
    """``(|P|, d)`` permutations that turn a canonical kernel into :class:`~groupmat.nn.GMConv`'s
    filters on a spatial group: lifting (``d = k^2`` taps, pixels -> group) or group
    convolution (``d = |P| k^2``, group -> group), read from the compiled ``conv2d`` taps.

    Examples
    --------
    >>> from groupmat import spatial_group
    >>> spatial_representation(spatial_group((5, 5), "C4"), 3)[1].tolist()  # a quarter turn
    [2, 5, 8, 1, 4, 7, 0, 3, 6]
    """
    from groupmat.algebra.crystal._spatial import SpatialGroup

    S = spatial.spatial if not isinstance(spatial, SpatialGroup) else spatial
    if not isinstance(S, SpatialGroup):
        S = as_space(spatial).spatial
    if S is None:
        raise LayerSpecError(f"spatial_representation needs a SpatialGroup, got {spatial!r}")
    src = S.pixels if lifting else S
    maps = compile_conv(src, S, as_int(kernel_size, "kernel_size", minimum=1))
    taps = np.asarray(maps.taps)
    m = maps.support.size
    perms = taps.reshape(taps.shape[0], -1)
    if perms.shape[1] != m or (perms == m).any():
        raise LayerSpecError(
            f"the {kernel_size}x{kernel_size} window is not closed under the point group of "
            f"{S.name}; use an odd square window"
        )
    return perms.astype(np.int64)


# ---------------------------------------------------------------------- the layer
class WeightSharingConv(nn.Module):
    """A convolution whose weight sharing over ``N`` "elements" is learned (or given).

    Parameters
    ----------
    in_channels, out_channels
        ``C`` and ``O``.
    num_elements
        ``N``: copies of the kernel, i.e. the size of the output's element axis.
    in_elements
        ``Q``: size of the input's element axis (1 for images: a lifting layer; ``N`` for a
        group layer stacked on a previous one).
    kernel_size
        Odd window ``k`` (circular padding on the torus); 1 for signals on a set.
    representation
        ``None`` (learn: a :class:`SinkhornStack` of ``N`` matrices of size ``d = Q k^2``), a
        :class:`SinkhornStack` (e.g. shared between layers), or fixed ``(N, d)`` permutations
        / ``(N, d, d)`` matrices (a buffer, e.g. :func:`spatial_representation`).
    temperature, iterations, init, noise, fix_identity
        Passed to the :class:`SinkhornStack` it creates (``noise``: standard deviation of
        the initial logits; with the default ``0.1`` and ``temperature=1`` the matrices start
        near uniform, i.e. every copy near the mean tap: anneal the temperature or raise it).

    Shapes
    ------
    Input ``(B, C, H, W)`` (``Q = 1``), ``(B, C, Q, H, W)``, or ``(B, C, Q)`` (a set: ``k = 1``).
    Output ``(B, O, N, H, W)``, or ``(B, O, N)`` for set input.

    Notes
    -----
    Parameters ``O C d + O`` plus ``N d^2`` logits; forward builds the ``(O N, C Q, k, k)``
    filter bank (``O(N d^2 O C)``) and runs one ``conv2d``.

    Examples
    --------
    >>> import torch
    >>> lift = WeightSharingConv(1, 4, num_elements=4, kernel_size=3)
    >>> lift(torch.randn(2, 1, 8, 8)).shape
    torch.Size([2, 4, 4, 8, 8])
    """

    def __init__(
        self,
        in_channels: int,
        out_channels: int,
        num_elements: int,
        *,
        in_elements: int = 1,
        kernel_size: int = 3,
        bias: bool = True,
        representation: SinkhornStack | ArrayLike | torch.Tensor | None = None,
        temperature: float = 1.0,
        iterations: int = 20,
        init: Literal["random", "identity"] | ArrayLike = "random",
        noise: float = 0.1,
        fix_identity: bool = True,
        device: Device = None,
        dtype: torch.dtype | None = None,
    ) -> None:
        super().__init__()
        k = as_int(kernel_size, "kernel_size", minimum=1)
        if k % 2 == 0:
            raise LayerSpecError(f"kernel_size must be odd and positive, got {kernel_size}")
        self.in_channels = as_int(in_channels, "in_channels", minimum=1)
        self.out_channels = as_int(out_channels, "out_channels", minimum=1)
        self.num_elements = as_int(num_elements, "num_elements", minimum=1)
        self.in_elements = as_int(in_elements, "in_elements", minimum=1)
        self.kernel_size = k
        d = self.in_elements * k * k
        self.size = d
        fk = {"device": device, "dtype": dtype}
        self.stack: SinkhornStack | None = None
        fixed = None
        if representation is None:
            self.stack = SinkhornStack(
                self.num_elements,
                d,
                temperature=temperature,
                iterations=iterations,
                init=init,
                noise=noise,
                fix_identity=fix_identity,
                **fk,
            )
        elif isinstance(representation, SinkhornStack):
            self.stack = representation
        else:
            rep = (
                torch.as_tensor(np.asarray(representation))
                if not isinstance(representation, torch.Tensor)
                else representation
            )
            if rep.ndim == 2:
                rep = permutation_matrices(rep.cpu().numpy(), dtype=dtype)
            fixed = rep.to(device=device, dtype=dtype or torch.get_default_dtype())
        if self.stack is not None and (self.stack.num_elements, self.stack.size) != (
            self.num_elements,
            d,
        ):
            raise LayerSpecError(
                f"the representation has {self.stack.num_elements} matrices of size "
                f"{self.stack.size}, the layer needs {self.num_elements} of size {d} "
                f"(in_elements * kernel_size^2)"
            )
        if fixed is not None and tuple(fixed.shape) != (self.num_elements, d, d):
            raise LayerSpecError(
                f"fixed representation must have shape ({self.num_elements}, {d}, {d}), got "
                f"{tuple(fixed.shape)}"
            )
        self.register_buffer("fixed", fixed)
        self.weight = nn.Parameter(torch.empty(self.out_channels, self.in_channels, d, **fk))
        self.bias = nn.Parameter(torch.empty(self.out_channels, **fk)) if bias else None
        self.reset_parameters()

    def reset_parameters(self) -> None:
        bound = 1.0 / math.sqrt(self.in_channels * self.size)
        nn.init.uniform_(self.weight, -bound, bound)
        if self.bias is not None:
            nn.init.uniform_(self.bias, -bound, bound)

    def representation(self) -> torch.Tensor:
        """The ``(N, d, d)`` matrices in use."""
        return self.fixed if self.fixed is not None else self.stack()

    def filter_bank(self) -> torch.Tensor:
        """``(O N, C Q, k, k)`` transformed kernels ``R_i w``."""
        R = self.representation().to(self.weight)
        o, c, k = self.out_channels, self.in_channels, self.kernel_size
        bank = torch.einsum("iaj,ocj->oica", R, self.weight)
        return bank.reshape(o * self.num_elements, c * self.in_elements, k, k)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        check_input_dtype(x, "WeightSharingConv", self.weight.dtype)
        c, q = self.in_channels, self.in_elements
        shape = tuple(x.shape)
        set_input = x.ndim == 3
        if set_input and shape[1:] == (c, q):
            img = x.reshape(shape[0], c * q, 1, 1)
        elif x.ndim == 5 and shape[1:3] == (c, q):
            img = x.reshape(shape[0], c * q, *shape[3:])
        elif x.ndim == 4 and q == 1 and shape[1] == c:
            img = x
        else:
            want = f"(B, {c}, {q}, H, W) or (B, {c}, {q})" + (
                f" or (B, {c}, H, W)" if q == 1 else ""
            )
            raise ValueError(f"WeightSharingConv: expected {want}, got {shape}")
        half = self.kernel_size // 2
        if half:
            img = F.pad(img, (half, half, half, half), mode="circular")
        y = F.conv2d(img, self.filter_bank(), None)
        if self.bias is not None:
            y = y + self.bias.repeat_interleave(self.num_elements)[:, None, None]
        y = y.reshape(shape[0], self.out_channels, self.num_elements, *y.shape[2:])
        return y.reshape(*y.shape[:3]) if set_input else y

    def extra_repr(self) -> str:
        kind = "learned" if self.fixed is None else "fixed"
        return (
            f"{self.in_channels} -> {self.out_channels}, elements {self.in_elements} -> "
            f"{self.num_elements}, k={self.kernel_size}, {kind} sharing"
        )
