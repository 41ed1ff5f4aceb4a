"""Which algorithm runs a :class:`~groupmat.nn.GMConv`: what each supports, the cost model's
choice for ``method="auto"``, and the clear error for a method that cannot run the layer.

Supports (``X``: a homogeneous space ``G/H``, ``S``: a spatial / crystallographic group)::

    gather     any spaces, any kernel
    expanded   any spaces, any kernel; O C N_out N_in <= MAX_EXPANDED_ENTRIES
    conv       spaces of one crystallographic group S (S -> S, pixels -> S, S -> pixels, ...)
    spectral   any spaces of a group with |G| <= MAX_FOURIER_ORDER, any kernel

``auto`` estimates every supported algorithm with :func:`~groupmat.nn._cost_model.estimate`
(the spectral one only on groups without a lowering and up to ``AUTO_SPECTRAL_ORDER``
elements, since its setup computes all irreps) and takes the fastest that fits
:data:`~groupmat.nn._cost_model.MEMORY_BUDGET`; on spaces of a crystallographic group it
takes the ``conv`` lowering (the others only beat it on toy tori, where nothing is slow).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
import torch
from torch.types import Device

from groupmat.algebra.representations._real_forms import MAX_FOURIER_ORDER
from groupmat.errors import LayerSpecError, SizeLimitError
from groupmat.nn._algorithms import MAX_EXPANDED_ENTRIES, ConvAlgorithm, Expanded, Gather
from groupmat.nn._compile import ConvMaps, Space
from groupmat.nn._cost_model import Estimate, LayerCost, choose, estimate

if TYPE_CHECKING:  # pragma: no cover
    from groupmat.algebra._group import Group

__all__ = ["METHODS", "build_algorithm", "plan_method"]

METHODS = ("auto", "gather", "expanded", "conv", "conv1d", "conv2d", "conv3d", "spectral")

#: ``method="auto"`` considers the spectral algorithm up to this group order.
AUTO_SPECTRAL_ORDER = 8000

#: Batch size the cost model assumes when the layer is given none.
DEFAULT_BATCH_HINT = 64


def _block_shape(kind: int, d: int) -> tuple[int, int]:
    return {1: (d, d), 0: (d, 2 * d), -1: (d // 2, 2 * d)}[kind]


def spectral_profile(group: Group) -> tuple[int, int]:
    """``(sum_b r_b D_b^2, number of block shapes)`` of the real Fourier blocks, from the
    character table alone (degrees and Frobenius-Schur indicators; complex pairs merged)."""
    from groupmat.algebra.representations._characters import character_table

    ct = character_table(group)
    deg = np.asarray(ct.degrees, dtype=np.int64)
    ind = np.asarray(ct.indicators, dtype=np.int64)
    shapes = []
    for d, k in zip(deg, ind, strict=True):
        r, dim = _block_shape(int(k), int(d))
        shapes.append((r, dim))
    # a complex pair appears twice in the table and once as a block
    cost = sum(r * dim * dim / (2 if dim == 2 * r else 1) for r, dim in shapes)
    return round(cost), len(set(shapes))


def _cost(lc_kwargs: dict, method: str, **extra: Any) -> Estimate:
    return estimate(method, LayerCost(**lc_kwargs, **extra))


def plan_method(
    method: str,
    src: Space,
    dst: Space,
    maps: ConvMaps,
    c: int,
    o: int,
    batch: int,
    itemsize: int,
    device: str,
) -> tuple[str, dict[str, Estimate]]:
    """The algorithm to build (``gather``, ``expanded``, ``conv``, ``spectral``) and the cost
    estimates of the supported ones. Raises :class:`LayerSpecError` for a method the layer
    cannot use and :class:`SizeLimitError` for one that would exceed its size limit."""
    if method not in METHODS:
        raise LayerSpecError(
            f"method must be one of {', '.join(repr(m) for m in METHODS)}, got {method!r}"
        )
    spatial = maps.taps is not None
    if method.startswith("conv"):
        if not spatial:
            raise LayerSpecError(
                f"method={method!r} needs spaces of one spatial / crystallographic group, got "
                f"{src.name} -> {dst.name}"
            )
        if method != "conv":
            want = f"conv{src.spatial.dim}d"
            if method != want:
                raise LayerSpecError(f"method={method!r} on a {src.spatial.dim}-D group: {want}")
        method = "conv"
    if method == "spectral" and src.group.order > MAX_FOURIER_ORDER:
        raise SizeLimitError(
            f"method='spectral' builds an n x n Fourier matrix, n = {src.group.order} (limit "
            f"{MAX_FOURIER_ORDER})"
        )
    expanded_entries = o * dst.size * c * src.size
    if method == "expanded" and expanded_entries > MAX_EXPANDED_ENTRIES:
        raise SizeLimitError(
            f"method='expanded' builds an (O N_out, C N_in) = ({o * dst.size}, {c * src.size}) "
            f"matrix, {expanded_entries} entries (limit {MAX_EXPANDED_ENTRIES}); use "
            "method='gather', 'spectral' or 'conv'"
        )
    base = {
        "n_in": src.size,
        "n_out": dst.size,
        "m": int(maps.support.size),
        "c": c,
        "o": o,
        "batch": batch,
        "itemsize": itemsize,
        "device": device,
    }
    costs = {"gather": _cost(base, "gather")}
    if expanded_entries <= MAX_EXPANDED_ENTRIES:
        costs["expanded"] = _cost(base, "expanded")
    if spatial:
        taps = int(np.prod(maps.taps.shape[1:]))  # per output channel and cell
        cells = int(np.prod(src.spatial.lattice_shape)) * int(maps.taps.shape[0])
        costs["conv"] = _cost(base, "conv", conv_taps=taps, cells=cells)
    order = src.group.order
    consider_spectral = method == "spectral" or (not spatial and order <= AUTO_SPECTRAL_ORDER)
    if consider_spectral:
        block_cost, shapes = spectral_profile(src.group)
        costs["spectral"] = _cost(
            {**base, "n_in": order}, "spectral", block_cost=block_cost, shapes=shapes
        )
    if method == "auto":
        # on crystallographic spaces the lowering is the plane path (torch's conv2d speed, no
        # index buffers, no n x n object); the others only win on toy tori
        method = "conv" if spatial else choose(list(costs.values())).method
    return method, costs


def _points_of(space: Space) -> np.ndarray:
    """``(n,)`` the point ``g.x_0`` of every element (``O(n)``, from the space's action)."""
    reps = np.arange(space.group.order, dtype=np.int64)
    return np.asarray(space.act(reps, space.base), dtype=np.int64)


def build_algorithm(
    method: str,
    src: Space,
    dst: Space,
    maps: ConvMaps,
    c: int,
    o: int,
    device: Device = None,
    dtype: torch.dtype | None = None,
) -> ConvAlgorithm:
    """The algorithm module for a resolved ``method`` (see :func:`plan_method`)."""
    if method == "gather":
        return Gather(maps.index, device=device)
    if method == "expanded":
        return Expanded(maps.index, src.size, c, o, device=device)
    if method == "conv":
        from groupmat.nn._lowering import Lowering

        assert maps.taps is not None and maps.padding is not None
        spatial = src.spatial
        return Lowering(
            maps.taps,
            maps.padding,
            spatial.lattice_shape,
            spatial.refinement,
            source_is_group=src.kind == "group",
            target_is_group=dst.kind == "group",
            device=device,
        )
    if method == "spectral":
        from groupmat.nn._spectral import Spectral

        support = np.asarray(maps.support, dtype=np.int64)
        in_cosets = out_points = None
        if src.kind == "points":  # kernel points u_j = k_j.x_0 with k_j = r_{u_j}
            support = src.representatives()[support]
            in_cosets = _points_of(src)
        if dst.kind == "points":
            out_points = dst.representatives()
        return Spectral(
            src.group,
            support,
            device=device,
            dtype=dtype,
            in_cosets=in_cosets,
            out_points=out_points,
        )
    raise LayerSpecError(f"unknown method {method!r}")
