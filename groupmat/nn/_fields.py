"""Field types: signals on the pixels of a crystallographic group whose values transform by a
representation ``rho`` of the point group (vector fields, tensor fields, ...), with the maps
into and out of regular features and the group's action on them.

A ``rho``-field is ``f : pixels -> R^d``; the group acts by

.. math::  (g.f)(x) = \\rho(\\bar g)\\, f(g^{-1} x)

(``bar g`` the point part of ``g``: the pixels move and the values turn). Lifting and
projection (``docs/concepts/fields.md`` proves both equivariant):

.. math::  (\\Lambda f)(g) = \\rho(\\bar g)^{-1} f(g x_0), \\qquad
           (\\Pi F)(x) = \\frac{1}{|G_{x_0}|} \\sum_{g:\\, g x_0 = x} \\rho(\\bar g)\\, F(g)

``Lambda`` turns a ``rho``-field with ``C`` channels into a ``C d``-channel signal on ``G``
(left translation: ``Lambda(h.f) = L_h Lambda f``), so any group layer
(:class:`~groupmat.nn.GMConv`, :class:`~groupmat.nn.LDRGMConv`, :class:`~groupmat.nn.RPPConv`,
...) can follow it; ``Pi`` is its adjoint up to ``|G_{x_0}|`` for orthogonal ``rho`` and maps
``C d``-channel signals on ``G`` back to ``C``-channel ``rho``-fields. Both are
parameter-free, ``O(B C d^2 n)`` (``n = |G|``), one gather / one ``index_add``.

Layouts: fields are ``(B, C, d, *shape)`` (``shape`` the group's image shape) or flat
``(B, C, d, P)`` (``P`` pixels); signals on ``G`` as for :class:`~groupmat.nn.GMConv`
(``(B, C, m, *N)`` or flat ``(B, C, n)``); channel ``c d + i`` of a lifted signal is component
``i`` of field channel ``c``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import torch
from numpy.typing import ArrayLike
from torch import nn

from groupmat.algebra._validate import ElementLike, as_int, element_index
from groupmat.errors import LayerSpecError
from groupmat.nn._compile import KernelLike, SpaceLike, as_space
from groupmat.nn._conv import GMConv
from groupmat.nn._equivariance import Action
from groupmat.nn._pool import check_input_dtype

__all__ = [
    "FieldAction",
    "FieldLifting",
    "FieldProjection",
    "FieldType",
    "FieldTypeError",
    "LiftField",
    "ProjectField",
]

_NAMED = ("trivial", "standard", "lattice", "regular")


class FieldTypeError(LayerSpecError):
    """A representation that is not one: wrong shape, singular, or not a homomorphism."""


def _crystal(group: Any) -> Any:
    from groupmat.algebra.crystal import CrystallographicGroup

    if isinstance(group, FieldType):
        return group.crystal
    sp = as_space(group)
    if sp.spatial is None or not isinstance(sp.spatial, CrystallographicGroup):
        raise FieldTypeError(
            f"field types need a spatial / wallpaper / space group (a point group acting "
            f"linearly on the pixels), got {sp.name}"
        )
    return sp.spatial


class FieldType:
    """A representation ``rho`` of the point group ``P`` of a crystallographic group: the
    type of the values of a field on its pixels.

    Parameters
    ----------
    group
        A :class:`~groupmat.SpatialGroup`, wallpaper or space group (or a space of one).
    rho
        ``"trivial"`` (``d = 1``, scalars), ``"standard"`` (``d`` = dimension of the plane or
        space: ``B W_p B^{-1}`` with ``B`` the lattice basis, i.e. vector components in
        Cartesian coordinates; orthogonal), ``"lattice"`` (the point matrices in the pixel
        basis: vector components along the array axes; equal to ``"standard"`` on square
        lattices), ``"regular"`` (``d = |P|``, permutation matrices ``e_q -> e_{pq}``) or an
        array ``(|P|, d, d)`` of matrices indexed like ``group.point_group``.
    atol
        Tolerance of the homomorphism check ``rho(a) rho(b) = rho(ab)`` (relative to
        ``max |rho|``).

    Raises
    ------
    FieldTypeError
        Wrong shape, a singular matrix, or ``rho(a) rho(b) != rho(ab)`` (the pair is named).

    Examples
    --------
    >>> from groupmat import spatial_group
    >>> S = spatial_group((4, 4), "C4")
    >>> v = FieldType(S, "standard")
    >>> v.dim, v.matrices[1].tolist()                      # a quarter turn
    (2, [[0.0, -1.0], [1.0, 0.0]])
    >>> try:                                               # not a homomorphism of C4
    ...     FieldType(S, [[[1.0]], [[-1.0]], [[1.0]], [[1.0]]])
    ... except FieldTypeError as err:
    ...     print(str(err)[:62])
    rho is not a homomorphism of the point group: rho(1) rho(2) di
    """

    def __init__(
        self, group: SpaceLike | FieldType, rho: str | ArrayLike = "standard", *, atol: float = 1e-9
    ) -> None:
        if isinstance(atol, bool) or not isinstance(atol, (int, float)) or not atol >= 0:
            raise FieldTypeError(f"atol must be a number >= 0, got {atol!r}")
        crystal = _crystal(group)
        self.crystal = crystal
        P = crystal.point_group
        order = len(P)
        W = np.asarray(P.matrices, dtype=np.float64)
        if isinstance(rho, str):
            if rho not in _NAMED:
                raise FieldTypeError(
                    f"unknown field type {rho!r}; choose from {_NAMED} or pass an array of matrices"
                )
            self.name = rho
            if rho == "trivial":
                mats = np.ones((order, 1, 1))
            elif rho == "standard":
                B = np.asarray(crystal.basis, dtype=np.float64)
                mats = B[None] @ W @ np.linalg.inv(B)[None]
            elif rho == "lattice":
                D = np.diag(np.asarray(crystal.refinement, dtype=np.float64))
                mats = D[None] @ W @ np.linalg.inv(D)[None]
            else:
                table = np.asarray(P.cayley_table())
                mats = np.zeros((order, order, order))
                mats[np.arange(order)[:, None], table, np.arange(order)[None, :]] = 1.0
        else:
            self.name = "custom"
            mats = np.asarray(rho, dtype=np.float64)
            if mats.ndim != 3 or mats.shape[0] != order or mats.shape[1] != mats.shape[2]:
                raise FieldTypeError(
                    f"rho must be {order} square matrices (|P| = {order} for {crystal.name}), "
                    f"got shape {mats.shape}"
                )
        self.dim = int(mats.shape[1])
        self._check(mats, np.asarray(P.cayley_table()), atol)
        mats = np.ascontiguousarray(mats)
        inv = np.linalg.inv(mats)
        mats.setflags(write=False)
        inv.setflags(write=False)
        self.matrices, self.inverse_matrices = mats, inv
        self.orthogonal = bool(np.allclose(inv, mats.transpose(0, 2, 1), atol=1e-12))

    def _check(self, mats: np.ndarray, table: np.ndarray, atol: float) -> None:
        """``O(|P|^2 d^3)``: every product, and invertibility."""
        if not np.isfinite(mats).all():
            raise FieldTypeError("rho has non-finite entries")
        det = np.linalg.det(mats)
        scale = max(1.0, float(np.abs(mats).max()))
        if (np.abs(det) < 1e-12 * scale**self.dim).any():
            bad = int(np.argmin(np.abs(det)))
            raise FieldTypeError(f"rho(p{bad}) is singular (det {det[bad]:.3g})")
        prod = np.einsum("aij,bjk->abik", mats, mats)
        err = np.abs(prod - mats[table]).max(axis=(2, 3))
        if (err > atol * scale**2).any():
            a, b = (int(i) for i in np.unravel_index(np.argmax(err), err.shape))
            raise FieldTypeError(
                f"rho is not a homomorphism of the point group: rho({a}) rho({b}) differs from "
                f"rho({a}*{b} = {int(table[a, b])}) by {err[a, b]:.3g} (point-group elements "
                "indexed as group.point_group)"
            )

    # ------------------------------------------------------------------ per coset / element
    def coset_matrices(self, inverse: bool = False) -> np.ndarray:
        """``(m, d, d)``: ``rho`` (or ``rho^{-1}``) of the point part of each coset ``p`` of
        ``G / T_N`` (the ``m`` axis of signals on ``G``)."""
        point = np.asarray(self.crystal.seitz.point_of)
        return (self.inverse_matrices if inverse else self.matrices)[point]

    def element_matrix(self, g: ElementLike) -> np.ndarray:
        """``rho(bar g)`` for an element (index, Element or word) ``g`` of the group."""
        g = element_index(self.crystal.group, g, "g")
        return self.matrices[int(self.crystal.point_map(g))]

    def __repr__(self) -> str:
        return f"FieldType({self.crystal.name}, {self.name}, d={self.dim})"


def _as_field_type(ftype: Any) -> FieldType:
    if not isinstance(ftype, FieldType):
        raise TypeError(f"expected a FieldType, got {type(ftype).__name__}")
    return ftype


def _field_flat(x: torch.Tensor, ft: FieldType, who: str) -> tuple[torch.Tensor, bool]:
    """``(B, C, d, P)`` view of a field and whether it came as ``(B, C, d, *shape)``."""
    shape = tuple(ft.crystal.shape)
    npix = ft.crystal.num_pixels
    d = ft.dim
    if x.dim() == 4 and x.shape[2] == d and x.shape[3] == npix:
        return x, False
    if x.dim() == 3 + len(shape) and x.shape[2] == d and tuple(x.shape[3:]) == shape:
        return x.reshape(*x.shape[:3], npix), True
    img = ", ".join(map(str, shape))
    raise ValueError(
        f"{who}: expected a {ft.name} field (B, C, {d}, {img}) or (B, C, {d}, {npix}) on "
        f"{ft.crystal.name}, got {tuple(x.shape)}"
    )


class _FieldMap(nn.Module):
    def __init__(self, ftype: FieldType) -> None:
        super().__init__()
        ft = _as_field_type(ftype)
        self.field_type = ft
        cr = ft.crystal
        self.space = as_space(cr)
        m, cells = cr.num_cosets, cr.num_cells
        pix = np.asarray(cr.act(np.arange(cr.order), 0), dtype=np.int64).reshape(m, cells)
        self.register_buffer("pix", torch.as_tensor(pix), persistent=False)
        self.register_buffer("rho", torch.tensor(ft.coset_matrices()), persistent=False)
        self.register_buffer(
            "rho_inv", torch.tensor(ft.coset_matrices(inverse=True)), persistent=False
        )
        self.multiplicity = cr.order // cr.num_pixels  # |G_{x_0}|


class LiftField(_FieldMap):
    """``Lambda``: ``C``-channel ``rho``-fields ``(B, C, d, *shape)`` to ``C d``-channel signals
    on ``G`` (``(B, C d, m, *N)``; flat fields give flat ``(B, C d, n)``), with
    ``(Lambda f)(g) = rho(bar g)^{-1} f(g x_0)``. Equivariant: ``Lambda(h.f) = L_h Lambda f``.
    Parameter-free; ``O(B C d^2 n)``.

    Examples
    --------
    >>> import torch
    >>> from groupmat import spatial_group
    >>> S = spatial_group((4, 4), "C4")
    >>> LiftField(FieldType(S, "standard"))(torch.randn(3, 5, 2, 4, 4)).shape
    torch.Size([3, 10, 4, 4, 4])
    """

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        check_input_dtype(x, "LiftField")
        xf, grid = _field_flat(x, self.field_type, "LiftField")
        b, c, d, _ = xf.shape
        g = xf[..., self.pix]  # (B, C, d, m, cells)
        out = torch.einsum("pij,bcjpk->bcipk", self.rho_inv.to(xf.dtype), g)
        out = out.reshape(b, c * d, -1)
        if grid:
            return out.reshape(b, c * d, *self.space.grid)
        return out

    def extra_repr(self) -> str:
        return f"{self.field_type!r} -> regular"


class ProjectField(_FieldMap):
    """``Pi``: ``C d``-channel signals on ``G`` to ``C``-channel ``rho``-fields, ``(Pi F)(x) =
    |G_{x_0}|^{-1} sum_{g x_0 = x} rho(bar g) F(g)``. Equivariant: ``Pi(L_h F) = h.(Pi F)``;
    for orthogonal ``rho``, ``<Lambda f, F> = |G_{x_0}| <f, Pi F>``. Parameter-free,
    ``O(B C d^2 n)``. Grid input gives ``(B, C, d, *shape)``, flat input ``(B, C, d, P)``.

    Examples
    --------
    >>> import torch
    >>> from groupmat import spatial_group
    >>> S = spatial_group((4, 4), "C4")
    >>> ProjectField(FieldType(S, "standard"))(torch.randn(3, 10, 4, 4, 4)).shape
    torch.Size([3, 5, 2, 4, 4])
    """

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        check_input_dtype(x, "ProjectField")
        d = self.field_type.dim
        sp = self.space
        grid = False
        if x.dim() == 3 and x.shape[2] == sp.size:
            xf = x
        elif sp.grid is not None and x.dim() == 2 + len(sp.grid) and tuple(x.shape[2:]) == sp.grid:
            xf, grid = x.reshape(x.shape[0], x.shape[1], sp.size), True
        else:
            raise ValueError(
                f"ProjectField: expected a signal (B, C, n={sp.size}) or (B, C, "
                f"{', '.join(map(str, sp.grid or ()))}) on {sp.name}, got {tuple(x.shape)}"
            )
        b, cd, _ = xf.shape
        if cd % d:
            raise ValueError(f"ProjectField: {cd} channels is not a multiple of d = {d}")
        c = cd // d
        m, cells = self.pix.shape
        h = xf.reshape(b, c, d, m, cells)
        turned = torch.einsum("pij,bcjpk->bcipk", self.rho.to(xf.dtype), h)
        npix = self.field_type.crystal.num_pixels
        out = turned.new_zeros(b, c, d, npix)
        out.index_add_(3, self.pix.reshape(-1), turned.reshape(b, c, d, m * cells))
        out = out / self.multiplicity
        if grid:
            return out.reshape(b, c, d, *self.field_type.crystal.shape)
        return out

    def extra_repr(self) -> str:
        return f"regular -> {self.field_type!r}"


LayerFactory = Callable[..., nn.Module]


class _FieldLayer(nn.Sequential):
    """A group layer ``G -> G`` (``layer(G, G, C', O', kernel, **kwargs)``) behind
    :class:`LiftField` (``_lifts``: ``C' = in_channels * d``) or in front of
    :class:`ProjectField` (``O' = out_channels * d``)."""

    _lifts: bool

    def __init__(
        self,
        field_type: FieldType,
        in_channels: int,
        out_channels: int,
        kernel: KernelLike = None,
        *,
        layer: LayerFactory = GMConv,
        **kwargs: Any,
    ) -> None:
        ft = _as_field_type(field_type)
        G = ft.crystal
        if self._lifts:
            c = as_int(in_channels, "in_channels", minimum=1)
            super().__init__(LiftField(ft), layer(G, G, c * ft.dim, out_channels, kernel, **kwargs))
        else:
            o = as_int(out_channels, "out_channels", minimum=1)
            group_layer = layer(G, G, in_channels, o * ft.dim, kernel, **kwargs)
            super().__init__(group_layer, ProjectField(ft))
        self.field_type = ft


class FieldLifting(_FieldLayer):
    """A lifting layer from ``rho``-fields: :class:`LiftField` then a group layer
    ``G -> G`` with ``in_channels * d`` inputs (``layer(G, G, C d, O, kernel, **kwargs)``,
    default :class:`~groupmat.nn.GMConv`; any layer with that signature works, e.g.
    :class:`~groupmat.nn.LDRGMConv`). Input ``(B, C, d, *shape)``, output ``(B, O, m, *N)``.

    Examples
    --------
    >>> import torch
    >>> from groupmat import spatial_group
    >>> S = spatial_group((6, 6), "C4")
    >>> lift = FieldLifting(FieldType(S, "standard"), 3, 8, kernel=3)
    >>> lift(torch.randn(2, 3, 2, 6, 6)).shape
    torch.Size([2, 8, 4, 6, 6])
    """

    _lifts = True


class FieldProjection(_FieldLayer):
    """A projection layer to ``rho``-fields: a group layer ``G -> G`` with
    ``out_channels * d`` outputs then :class:`ProjectField`. Input ``(B, C, m, *N)``, output
    ``(B, O, d, *shape)``.

    Examples
    --------
    >>> import torch
    >>> from groupmat import spatial_group
    >>> S = spatial_group((6, 6), "C4")
    >>> proj = FieldProjection(FieldType(S, "standard"), 8, 1, kernel=3)
    >>> proj(torch.randn(2, 8, 4, 6, 6)).shape
    torch.Size([2, 1, 2, 6, 6])
    """

    _lifts = False


class FieldAction(Action):
    """The group acting on ``rho``-fields ``(..., d, *shape)`` or ``(..., d, P)``:
    ``(g.f)(x) = rho(bar g) f(g^{-1} x)`` (pixels move as under
    :class:`~groupmat.nn.SpatialAction`, values turn by ``rho``). Works with
    :func:`~groupmat.nn.equivariance_error` and :func:`groupmat.testing.assert_equivariant`.

    Examples
    --------
    >>> import torch
    >>> from groupmat import spatial_group
    >>> S = spatial_group((3, 3), "C4")
    >>> f = torch.zeros(1, 1, 2, 3, 3); f[0, 0, 0, 1, 0] = 1.0   # e_0 at pixel (1, 0)
    >>> g = FieldAction(FieldType(S, "standard"))(f, S.point(1))  # quarter turn about 0
    >>> torch.nonzero(g).tolist(), float(g.sum())               # e_1 at pixel (0, 1)
    ([[0, 0, 1, 0, 1]], 1.0)
    """

    def __init__(self, field_type: FieldType) -> None:
        self.field_type = _as_field_type(field_type)
        cr = self.field_type.crystal
        self.group = cr.group
        self._pixels = as_space(cr.pixels)

    def __call__(self, x: torch.Tensor, g: ElementLike) -> torch.Tensor:
        ft = self.field_type
        cr = ft.crystal
        npix = cr.num_pixels
        shape = tuple(cr.shape)
        d = ft.dim
        lead = x.shape[: x.dim() - (1 + len(shape))]
        if (
            x.dim() >= 1 + len(shape)
            and tuple(x.shape[-len(shape) :]) == shape
            and x.shape[-len(shape) - 1] == d
        ):
            flat = x.reshape(*lead, d, npix)
        elif x.dim() >= 2 and x.shape[-1] == npix and x.shape[-2] == d:
            flat = x
        else:
            img = ", ".join(map(str, shape))
            raise ValueError(
                f"FieldAction: expected a {ft.name} field (..., {d}, {img}) or (..., {d}, "
                f"{npix}) on {cr.name}, got {tuple(x.shape)}"
            )
        g = element_index(cr.group, g, "g")
        perm = self._pixels.act(cr.group.inverse[g], np.arange(npix))
        moved = flat.index_select(-1, torch.as_tensor(perm, device=x.device))
        rho = torch.tensor(ft.element_matrix(g), dtype=x.dtype, device=x.device)
        out = torch.einsum("ij,...jk->...ik", rho, moved)
        return out.reshape(x.shape)

    def element_name(self, g: int) -> str:
        """The Seitz symbol of element ``g`` (where it sends a pixel), e.g. ``(-y, x+1)``."""
        return str(self.field_type.crystal.label_seitz(int(g)))

    def __repr__(self) -> str:
        return f"FieldAction({self.field_type!r})"
