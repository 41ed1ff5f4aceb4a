"""Equivariant pooling: over cosets (``G -> G/H``), strided on spatial groups
(``S -> S.subsample(s)``), the matching unpooling, and group-invariant heads.

- Coset pooling: ``y(x) = reduce_{g : g.x_0 = x} f(g)`` for ``X = G/H``. Since
  ``u.(gH) = (ug)H``, it commutes with left translation.
- Strided pooling on a spatial group ``S``: ``y(g') = reduce_{w in W} f(g' w)`` for ``g'`` in the
  subgroup ``S' = (sZ x sZ) ⋊ P ≅ S.subsample(s)`` and a box ``W`` of translations; right
  translation followed by restriction to a subgroup, hence exactly ``S'``-equivariant. On point
  channel ``p`` the pooled box is ``p W`` (rotated / flipped boxes), which is what exactness
  requires for boxes of even size.
- Unpooling copies each coarse value to its window (nearest neighbour), the transpose of sum
  pooling up to scale; it is equivariant for the same reasons.
"""

from __future__ import annotations

import torch
from torch import nn

from groupmat.algebra._validate import as_int
from groupmat.nn._compile import (
    LayerSpecError,
    PoolMaps,
    Space,
    SpaceLike,
    SubgroupLike,
    as_space,
    compile_coset_pool,
    compile_stride_pool,
)
from groupmat.nn._layout import to_flat, to_layout

__all__ = ["GMPool", "GMUnpool", "InvariantPool"]

_REDUCTIONS = ("max", "mean")


def check_input_dtype(x: object, who: str, dtype: torch.dtype | None = None) -> None:
    """Refuse inputs that are not real floating tensors, and (with ``dtype``, a layer's
    parameter dtype) floating inputs of another precision, saying how to convert."""
    if not isinstance(x, torch.Tensor):
        raise TypeError(f"{who}: the input must be a torch.Tensor, got {type(x).__name__}")
    if not x.is_floating_point():
        kind = "complex" if x.is_complex() else "integer or bool"
        raise TypeError(
            f"{who} takes real floating-point input, got {x.dtype} ({kind}); convert it with "
            f"x.to({dtype or torch.get_default_dtype()})"
            + (" (or pass the real and imaginary parts as channels)" if x.is_complex() else "")
        )
    if dtype is not None and x.dtype != dtype:
        name = {
            torch.float64: "double",
            torch.float32: "float",
            torch.float16: "half",
            torch.bfloat16: "bfloat16",
        }.get(x.dtype)
        to_layer = f"layer.{name}()" if name else f"layer.to({x.dtype})"
        raise TypeError(
            f"{who}: input dtype {x.dtype} does not match the layer's dtype {dtype}; convert "
            f"the input with x.to({dtype}) or the layer with {to_layer}"
        )


def _flat_input(x: torch.Tensor, space: Space, who: str) -> tuple[torch.Tensor, bool]:
    """A pooling layer's input as ``(B, C, N)`` on ``space`` (any channel count) and whether it
    came in grid layout; refuses non-float tensors first."""
    check_input_dtype(x, who)
    return to_flat(x, space, None, who)


def _resolve(
    space: SpaceLike,
    subgroup: SubgroupLike,
    stride: int | None,
    size: int | None,
    who: str,
) -> tuple[Space, PoolMaps, bool]:
    """(input Space, PoolMaps, whether it is the point-group pooling of a spatial group)."""
    if stride is not None:
        stride = as_int(stride, "stride", minimum=1)
    if size is not None:
        size = as_int(size, "size", minimum=1)
    src = as_space(space)
    if src.kind != "group":
        raise LayerSpecError(f"{who} pools signals on a group, got {src.name}")
    if stride is not None:
        if subgroup is not None:
            raise LayerSpecError(f"{who}: give either a subgroup or a stride, not both")
        return src, compile_stride_pool(src.obj, stride, size), False
    if size is not None:
        raise LayerSpecError(f"{who}: size= only applies to strided pooling (stride=...)")
    if subgroup is None:
        if src.spatial is None:
            raise LayerSpecError(
                f"{who}({src.name}) needs a subgroup H (pool onto G/H) or, on spatial groups, "
                "a stride; for pooling over the whole group use InvariantPool"
            )
        return (
            src,
            compile_coset_pool(src.group, src.spatial.pixels),
            src.spatial.pixels_are_lattice,
        )
    return src, compile_coset_pool(src.group, subgroup), False


class GMPool(nn.Module):
    """Pooling onto a coarser space, equivariant to the group (or the strided subgroup).

    Parameters
    ----------
    space
        The input space: a group or spatial group.
    subgroup
        ``H``: a :class:`~groupmat.Subgroup`, generators of one, or the
        homogeneous space ``G/H`` itself; output is a signal on ``G/H``. On a spatial group,
        leaving it out (and no stride) pools over the point group onto the pixels
        (``(B, C, |P|, H, W) -> (B, C, H, W)``).
    stride
        Spatial groups only: pool ``size x size`` windows with this stride onto
        ``S.subsample(stride)`` (``(B, C, |P|, H, W) -> (B, C, |P|, H/s, W/s)``).
    size
        Window size for strided pooling (default ``stride``; odd sizes are centred).
    reduce
        ``"max"`` or ``"mean"``.

    Attributes
    ----------
    out_space
        The output's :class:`HomogeneousSpace` or :class:`SpatialGroup` (for the next layer).

    Examples
    --------
    >>> import torch
    >>> from groupmat import spatial_group
    >>> S = spatial_group((8, 8), "D4")
    >>> GMPool(S, stride=2)(torch.randn(2, 3, 8, 8, 8)).shape
    torch.Size([2, 3, 8, 4, 4])
    >>> GMPool(S)(torch.randn(2, 3, 8, 8, 8)).shape
    torch.Size([2, 3, 8, 8])
    """

    def __init__(
        self,
        space: SpaceLike,
        subgroup: SubgroupLike = None,
        *,
        stride: int | None = None,
        size: int | None = None,
        reduce: str = "max",
    ) -> None:
        super().__init__()
        if reduce not in _REDUCTIONS:
            raise LayerSpecError(f"reduce must be one of {_REDUCTIONS}, got {reduce!r}")
        src, maps, point_pool = _resolve(space, subgroup, stride, size, "GMPool")
        self.reduce = reduce
        self.in_space, self.out_space = src.obj, maps.out_space
        self._src, self._dst = src, as_space(maps.out_space)
        self._point_pool = point_pool
        self._n_out, self._w = maps.index.shape
        self.register_buffer("index", torch.tensor(maps.index.reshape(-1)), persistent=False)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        xf, grid = _flat_input(x, self._src, "GMPool")
        b, c, _ = xf.shape
        if self._point_pool:  # index[t, p] = p * cells + t: reduce over the point axis directly
            windows = xf.reshape(b, c, self._w, self._n_out)
            dim = 2
        else:
            windows = xf.index_select(2, self.index).reshape(b, c, self._n_out, self._w)
            dim = 3
        y = windows.amax(dim=dim) if self.reduce == "max" else windows.mean(dim=dim)
        return to_layout(y, self._dst, grid)

    def extra_repr(self) -> str:
        return f"{self._src.name} -> {self._dst.name}, window {self._w}, reduce={self.reduce}"


class GMUnpool(nn.Module):
    """Nearest-neighbour unpooling, the inverse direction of :class:`GMPool`.

    Takes the same arguments as the :class:`GMPool` it undoes (the *fine* space first) and maps
    a signal on its ``out_space`` back to ``space``: ``y(g) = f(coarse(g))`` (the coset
    ``gH``, or the strided window containing ``g``). Needs non-overlapping windows
    (``size == stride``).

    Examples
    --------
    >>> import torch
    >>> from groupmat import spatial_group
    >>> S = spatial_group((8, 8), "C4")
    >>> GMUnpool(S, stride=2)(torch.randn(2, 3, 4, 4, 4)).shape
    torch.Size([2, 3, 4, 8, 8])
    """

    def __init__(
        self,
        space: SpaceLike,
        subgroup: SubgroupLike = None,
        *,
        stride: int | None = None,
        size: int | None = None,
    ) -> None:
        super().__init__()
        src, maps, _ = _resolve(space, subgroup, stride, size, "GMUnpool")
        if maps.coarse is None:
            raise LayerSpecError(
                "GMUnpool needs windows that tile the group exactly (size == stride)"
            )
        self.in_space, self.out_space = maps.out_space, src.obj
        self._src, self._dst = as_space(maps.out_space), src
        self.register_buffer("coarse", torch.tensor(maps.coarse), persistent=False)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        xf, grid = _flat_input(x, self._src, "GMUnpool")
        return to_layout(xf.index_select(2, self.coarse), self._dst, grid)

    def extra_repr(self) -> str:
        return f"{self._src.name} -> {self._dst.name}"


class InvariantPool(nn.Module):
    """Group-invariant head: reduce a signal over the whole space, ``(B, C, ...) -> (B, C)``.

    ``max`` or ``mean`` over all positions is invariant under any permutation of them, hence
    under the group. Pass ``space`` to have input shapes checked.

    Examples
    --------
    >>> import torch
    >>> InvariantPool("mean")(torch.ones(2, 3, 4, 5, 5)).shape
    torch.Size([2, 3])
    """

    def __init__(self, reduce: str = "max", space: SpaceLike | None = None) -> None:
        super().__init__()
        if reduce not in _REDUCTIONS:
            raise LayerSpecError(f"reduce must be one of {_REDUCTIONS}, got {reduce!r}")
        self.reduce = reduce
        self._space = None if space is None else as_space(space)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        check_input_dtype(x, "InvariantPool")
        if self._space is not None:
            x, _ = to_flat(x, self._space, None, "InvariantPool")
        if x.dim() < 3:
            raise ValueError(
                f"InvariantPool: expected (B, C, ...) with a space axis, got {tuple(x.shape)}"
            )
        flat = x.flatten(2)
        if flat.shape[2] == 0:
            raise ValueError(
                f"InvariantPool: the input {tuple(x.shape)} has no positions to pool over "
                "(an empty space axis); pass a (B, C, ...) signal with at least one position"
            )
        return flat.amax(dim=2) if self.reduce == "max" else flat.mean(dim=2)

    def extra_repr(self) -> str:
        return f"reduce={self.reduce}"
