"""Group actions on tensors and the equivariance error of any ``nn.Module``.

Conventions (public contract):

- :class:`RegularAction` ``(G)``: signals ``(..., n)`` on ``G`` (spatial groups also
  ``(..., |P|, H, W)``), ``(h.f)(g) = f(h^{-1} g)``, i.e. ``f_h[..., G.table[h, g]] = f[..., g]``.
- :class:`SpaceAction` ``(X)``: signals ``(..., |X|)`` on ``X = G/H``,
  ``f_h[..., X.action[h, x]] = f[..., x]`` (pixels of a spatial group also as ``(..., H, W)``).
- :class:`SpatialAction` ``(S)``: images ``(B, C, H, W)`` (pixels moved by ``x -> p x + t``) and
  lifted signals ``(B, C, |P|, H, W)`` (regular action), told apart by their number of
  dimensions; flat ``(B, C, N)`` by size. The same for every crystallographic group: images
  ``(B, C, *S.shape)`` (hexagonal images in axial coordinates, voxels), lifted
  ``(B, C, m, *N)``.
- :class:`TrivialAction`: nothing moves (invariant outputs such as class logits).
- :class:`ImageAction` (``"C4"``, ``"D4"``, ...): quarter turns about the image centre and
  flips of ordinary images ``(..., H, W)``, as ``torch.rot90`` / ``torch.flip`` do (no torus).

Any object satisfying :class:`ActionLike` works as an action: a ``.group`` and a call
``action(x, g) -> g.x``; a plain callable ``(x, g) -> g.x`` works when the group is passed as
``group=``.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol, runtime_checkable

import numpy as np
import torch
from numpy.typing import ArrayLike
from torch import nn

from groupmat.algebra._group import Group
from groupmat.algebra._validate import (
    ElementLike,
    ElementsLike,
    as_int,
    element_index,
    element_indices,
)
from groupmat.algebra.crystal._crystallographic import CrystallographicGroup
from groupmat.algebra.matrices._progress import stderr_is_tty
from groupmat.errors import NotFiniteError
from groupmat.nn._compile import Space, SpaceLike, as_space

__all__ = [
    "Action",
    "ActionLike",
    "EquivarianceReport",
    "ImageAction",
    "RegularAction",
    "RestrictedAction",
    "SpaceAction",
    "SpatialAction",
    "TrivialAction",
    "actions_of",
    "assert_equivariant",
    "equivariance_error",
]


@runtime_checkable
class ActionLike(Protocol):
    """What :func:`equivariance_error` needs from an action.

    - ``group``: the acting :class:`~groupmat.Group` (``None`` for a trivial action; then the
      other action, or ``group=``, names the group);
    - ``action(x, g)``: the tensor ``g.x`` for an element index ``g`` (``0 <= g < |G|``), of
      the same shape as ``x``, and a *left action*: ``action(action(x, h), g)`` equals
      ``action(x, G.multiply(g, h))``;
    - optionally ``element_name(g) -> str``, used in reports (default: ``group.label(g)``).

    A plain function ``(x, g) -> g.x`` has no ``group``: pass ``group=G`` to
    :func:`equivariance_error` / :func:`assert_equivariant` with it.
    """

    group: Any

    def __call__(self, x: torch.Tensor, g: int) -> torch.Tensor: ...


#: A plain function ``(x, g) -> g.x`` used as an action (with ``group=`` given).
ActionFunction = Callable[[torch.Tensor, int], torch.Tensor]


class Action:
    """How a group acts on tensors: ``action(x, g)`` is ``g.x`` for an element index ``g``
    (see :class:`ActionLike` for the contract)."""

    group: Any = None

    def __call__(self, x: torch.Tensor, g: int) -> torch.Tensor:  # pragma: no cover - abstract
        raise NotImplementedError

    def element_name(self, g: int) -> str:
        """A readable name of element ``g`` (the group's label)."""
        return _label(self.group, g)


def _label(group: Any, g: int) -> str:
    try:
        return str(group.label(int(g)))
    except Exception:  # a group without labels: the index
        return f"#{int(g)}"


def _permute_last(x: torch.Tensor, space: Space, perm: np.ndarray, who: str) -> torch.Tensor:
    """``out[..., a] = x[..., perm[a]]`` on the last axis, or on the grid axes."""
    p = torch.as_tensor(perm, device=x.device)
    if x.dim() >= 1 and x.shape[-1] == space.size:
        return x.index_select(-1, p)
    grid = space.grid
    if grid is not None and x.dim() >= len(grid) and tuple(x.shape[-len(grid) :]) == grid:
        flat = x.reshape(*x.shape[: -len(grid)], space.size)
        return flat.index_select(-1, p).reshape(x.shape)
    shapes = f"(..., {space.size})" + (
        "" if grid is None else f" or (..., {', '.join(map(str, grid))})"
    )
    raise ValueError(f"{who}: expected a {shapes} signal on {space.name}, got {tuple(x.shape)}")


class RegularAction(Action):
    """Left translation on signals over a group: ``(h.f)(g) = f(h^{-1} g)``.

    Examples
    --------
    >>> import torch
    >>> from groupmat import Group
    >>> G = Group.from_permutations([[1, 2, 3, 0]])
    >>> f = torch.arange(4.0)[None]
    >>> RegularAction(G)(f, 1).tolist()       # f_h[table[h, g]] = f[g]
    [[2.0, 0.0, 3.0, 1.0]]
    """

    def __init__(self, group: SpaceLike) -> None:
        self.space = as_space(group)
        if self.space.kind != "group":
            raise TypeError(f"RegularAction needs a group, got {self.space.name}; use SpaceAction")
        self.group = self.space.group

    def permutation(self, g: ElementLike) -> np.ndarray:
        """Positions read: ``out[..., a] = x[..., perm[a]]`` with ``perm[a] = g^{-1} a``."""
        n = self.space.size
        return self.space.act(self.group.inverse[element_index(self.group, g, "g")], np.arange(n))

    def __call__(self, x: torch.Tensor, g: ElementLike) -> torch.Tensor:
        return _permute_last(x, self.space, self.permutation(g), "RegularAction")

    def __repr__(self) -> str:
        return f"RegularAction({self.space.name})"


class SpaceAction(Action):
    """The action on signals over a homogeneous space: ``(h.f)(x) = f(h^{-1}.x)``."""

    def __init__(self, space: SpaceLike) -> None:
        self.space = as_space(space)
        if self.space.kind != "points":
            raise TypeError(f"SpaceAction needs a HomogeneousSpace, got {self.space.name}")
        self.group = self.space.group

    def permutation(self, g: ElementLike) -> np.ndarray:
        g = element_index(self.group, g, "g")
        return self.space.act(self.group.inverse[g], np.arange(self.space.size))

    def __call__(self, x: torch.Tensor, g: ElementLike) -> torch.Tensor:
        return _permute_last(x, self.space, self.permutation(g), "SpaceAction")

    def __repr__(self) -> str:
        return f"SpaceAction({self.space.name})"


class SpatialAction(Action):
    """A spatial group acting on images ``(B, C, H, W)`` (``x -> p x + t`` on pixels) and on
    lifted signals ``(B, C, |P|, H, W)`` (left translation); flat ``(B, C, N)`` signals by their
    size ``N`` (``n`` or ``H W``).

    Parameters
    ----------
    spatial
        The :class:`~groupmat.SpatialGroup`.
    kind
        ``"auto"`` (by the number of dimensions, as above), ``"image"`` (any ``(..., H, W)``)
        or ``"lifted"`` (any ``(..., |P|, H, W)`` or ``(..., n)``).

    Examples
    --------
    >>> import torch
    >>> from groupmat import spatial_group
    >>> S = spatial_group((3, 3), "C4")
    >>> img = torch.arange(9.0).reshape(1, 1, 3, 3)
    >>> SpatialAction(S)(img, S.translation(0, 1))[0, 0, 0].tolist()   # shift one column
    [2.0, 0.0, 1.0]
    """

    def __init__(self, spatial: SpaceLike, kind: str = "auto") -> None:
        from groupmat.algebra.crystal._crystallographic import CrystallographicGroup

        sp = as_space(spatial)
        if sp.spatial is None or not isinstance(sp.spatial, CrystallographicGroup):
            raise TypeError(
                f"SpatialAction needs a SpatialGroup or crystallographic group, got {sp.name}"
            )
        if kind not in ("auto", "image", "lifted"):
            raise ValueError(f"kind must be 'auto', 'image' or 'lifted', got {kind!r}")
        self.spatial = sp.spatial
        self.kind = kind
        self.group = self.spatial.group
        self._regular = RegularAction(self.spatial)
        self._pixels = SpaceAction(self.spatial.pixels)

    def __call__(self, x: torch.Tensor, g: ElementLike) -> torch.Tensor:
        kind = self.kind
        d = self.spatial.dim
        if kind == "auto":
            if x.dim() == 3 + d:
                kind = "lifted"
            elif x.dim() == 2 + d:
                kind = "image"
            elif x.dim() == 3:
                n, npix = self.spatial.order, self.spatial.num_pixels
                if x.shape[-1] == n == npix:
                    raise ValueError(
                        f"SpatialAction({self.spatial.name}): a flat signal of length {n} is "
                        f"ambiguous, since the group and its pixels both have {n} positions; "
                        "pass kind='lifted' (a signal on the group) or kind='image' (pixels)"
                    )
                kind = "lifted" if x.shape[-1] == n else "image"
            else:
                img = ", ".join(map(str, self.spatial.shape))
                lifted = ", ".join(map(str, self.spatial.grid_shape))
                raise ValueError(
                    f"SpatialAction: expected an image (B, C, {img}), a lifted signal "
                    f"(B, C, {lifted}) or a flat (B, C, N) signal, got {tuple(x.shape)}; pass "
                    "kind='image' or kind='lifted' for other layouts"
                )
        return self._regular(x, g) if kind == "lifted" else self._pixels(x, g)

    def element_name(self, g: int) -> str:
        """The Seitz symbol ``(x + 1, y)``-style: where the element sends a pixel."""
        try:
            return str(self.spatial.label_seitz(int(g)))
        except Exception:
            return _label(self.group, g)

    def __repr__(self) -> str:
        kind = "" if self.kind == "auto" else f", kind={self.kind!r}"
        return f"SpatialAction({self.spatial.name}{kind})"


class RestrictedAction(Action):
    """An action of a larger group seen through an embedding ``K -> G``: element ``k`` of
    ``group`` acts as ``embedding[k]`` does under ``action``.

    ``RestrictedAction(RegularAction(S), S.subsample(2))`` is how the strided subgroup acts on
    the fine signals (the embedding is read from a subsampled spatial group).
    """

    def __init__(
        self,
        action: ActionLike,
        group: Group | CrystallographicGroup,
        embedding: ArrayLike | None = None,
    ) -> None:
        from groupmat.algebra.crystal._crystallographic import CrystallographicGroup as Crystal

        if embedding is None and isinstance(group, Crystal) and group.embedding is not None:
            embedding = group.embedding
        if embedding is None:
            raise ValueError("RestrictedAction needs an embedding (an index array K -> G)")
        self.action = action
        self.group = group.group if isinstance(group, Crystal) else group
        self.embedding = np.asarray(embedding, dtype=np.int64)
        if self.embedding.shape != (self.group.order,):
            raise ValueError(
                f"embedding must have one entry per element ({self.group.order}), got shape "
                f"{self.embedding.shape}"
            )

    def __call__(self, x: torch.Tensor, g: ElementLike) -> torch.Tensor:
        return self.action(x, int(self.embedding[element_index(self.group, g, "g")]))

    def element_name(self, g: int) -> str:
        name = getattr(self.action, "element_name", None)
        e = int(self.embedding[int(g)])
        return str(name(e)) if name is not None else _label(self.group, g)

    def __repr__(self) -> str:
        return f"RestrictedAction({self.action!r})"


class TrivialAction(Action):
    """Every element acts as the identity (for invariant outputs)."""

    def __call__(self, x: torch.Tensor, g: int) -> torch.Tensor:
        return x

    def __repr__(self) -> str:
        return "TrivialAction()"


_IMAGE_GROUPS = {
    # name: the (quarter turns k, flip) pairs of the subgroup of D4, identity first
    "C1": [(0, 0)],
    "C2": [(0, 0), (2, 0)],
    "C4": [(0, 0), (1, 0), (2, 0), (3, 0)],
    "D1": [(0, 0), (0, 1)],
    "D2": [(0, 0), (2, 0), (0, 1), (2, 1)],
    "D4": [(0, 0), (1, 0), (2, 0), (3, 0), (0, 1), (1, 1), (2, 1), (3, 1)],
}


def _turn(x: torch.Tensor, k: int, flip: int) -> torch.Tensor:
    """``rot90(flip(x), k)`` on the last two axes (``flip``: left-right mirror)."""
    if flip:
        x = torch.flip(x, dims=(-1,))
    return torch.rot90(x, k, dims=(-2, -1)) if k else x


class ImageAction(Action):
    """Rotations by quarter turns about the image centre and mirror flips of ordinary images
    ``(..., H, W)``, with ``torch.rot90`` / ``torch.flip`` semantics (no torus, no
    wrap-around: the pixel grid is mapped onto itself).

    Element ``(k, f)`` acts as ``x -> rot90(flip^f(x), k)`` (``k`` counter-clockwise quarter
    turns after an optional left-right mirror ``flip(x, dims=(-1,))``); ``"D4"`` is the
    symmetry group of the square, of order 8. Quarter turns need square images (``H == W``);
    ``"C2"``, ``"D1"`` and ``"D2"`` act on any ``H x W``.

    Parameters
    ----------
    point_group
        ``"C4"`` (rotations), ``"D4"`` (rotations and flips, order 8), or the subgroups ``"C1"``,
        ``"C2"`` (half turn), ``"D1"`` (one flip), ``"D2"`` (half turn and flips).

    Attributes
    ----------
    group
        The :class:`~groupmat.Group` (Cayley table in the order of :attr:`elements`).
    elements
        ``(k, f)`` per element index; ``element_name(g)`` is ``"rot90"``, ``"flip"``,
        ``"rot90*flip"`` (the flip first), ...

    Examples
    --------
    >>> import torch
    >>> A = ImageAction("D4")
    >>> x = torch.arange(4.0).reshape(1, 1, 2, 2)
    >>> torch.equal(A(x, 1), torch.rot90(x, 1, dims=(-2, -1))), A.element_name(5)
    (True, 'rot90*flip')
    >>> conv = torch.nn.Conv2d(1, 1, 3, padding=1, bias=False)
    >>> with torch.no_grad():                     # an isotropic kernel commutes with D4
    ...     _ = conv.weight.copy_(torch.tensor([[[[0., 1, 0], [1, 2, 1], [0, 1, 0]]]]))
    >>> assert_equivariant(conv, torch.randn(2, 1, 9, 9), A, A).max < 1e-6
    True
    """

    def __init__(self, point_group: str = "C4") -> None:
        from groupmat.algebra._group import Group

        if point_group not in _IMAGE_GROUPS:
            raise ValueError(
                f"point_group must be one of {sorted(_IMAGE_GROUPS)}, got {point_group!r}"
            )
        self.point_group = point_group
        self.elements = list(_IMAGE_GROUPS[point_group])
        probe = torch.arange(4).reshape(2, 2)  # the corners of a square: a faithful action
        perms = [tuple(_turn(probe, k, f).reshape(-1).tolist()) for k, f in self.elements]
        where = {p: i for i, p in enumerate(perms)}
        # T_g(T_h(x))[a] = x[P_h[P_g[a]]]: the product g h has permutation P_h o P_g
        table = [
            [where[tuple(perms[h][perms[g][a]] for a in range(4))] for h in range(len(perms))]
            for g in range(len(perms))
        ]
        self.group = Group.from_cayley_table(np.asarray(table), name=f"{point_group} on images")

    def element_name(self, g: int) -> str:
        k, f = self.elements[int(g)]
        parts = ([f"rot{90 * k}"] if k else []) + (["flip"] if f else [])
        return "*".join(parts) if parts else "identity"

    def __call__(self, x: torch.Tensor, g: ElementLike) -> torch.Tensor:
        k, f = self.elements[element_index(self.group, g, "g")]
        if x.dim() < 2:
            raise ValueError(f"ImageAction: expected images (..., H, W), got {tuple(x.shape)}")
        h, w = x.shape[-2], x.shape[-1]
        if k % 2 and h != w:
            raise ValueError(
                f"ImageAction({self.point_group!r}): a quarter turn maps an {h}x{w} image onto a "
                f"{w}x{h} one; rotations need square images (H == W): crop or pad to a square, "
                "or check only 'C2' / 'D2'"
            )
        return _turn(x, k, f)

    def __repr__(self) -> str:
        return f"ImageAction({self.point_group!r})"


@dataclass(frozen=True)
class EquivarianceReport:
    """Per-element equivariance errors ``||F(g.x) - g.F(x)|| / ||g.F(x)||`` (Frobenius norms
    over the whole batch).

    Attributes
    ----------
    elements
        Element indices tested.
    errors
        Relative errors, one per element.
    abs_errors, norms
        ``||F(g.x) - g.F(x)||`` and ``||F(x)||`` (the action permutes, so norms are equal).
    names
        A readable name per element (the group's label, a Seitz symbol ``(x+1, y)``, or
        ``"rot90*flip"``), as the action names it.
    """

    elements: np.ndarray
    errors: np.ndarray
    abs_errors: np.ndarray
    norms: np.ndarray
    names: tuple[str, ...] = field(default=())

    @property
    def max(self) -> float:
        return float(self.errors.max()) if self.errors.size else 0.0

    @property
    def mean(self) -> float:
        return float(self.errors.mean()) if self.errors.size else 0.0

    @property
    def worst(self) -> int:
        """The element with the largest error."""
        return int(self.elements[int(np.argmax(self.errors))])

    def name(self, i: int) -> str:
        """Readable name of the ``i``-th tested element."""
        return self.names[i] if i < len(self.names) else f"#{int(self.elements[i])}"

    def __repr__(self) -> str:
        worst = "-"
        if self.elements.size:
            i = int(np.argmax(self.errors))
            worst = f"{self.name(i)} (index {int(self.elements[i])})"
        return (
            f"EquivarianceReport({self.elements.size} elements: max {self.max:.3g} at "
            f"{worst}, mean {self.mean:.3g})"
        )


def _group_of(in_action: Any, out_action: Any, group: Any) -> Any:
    for who, a in (("in_action", in_action), ("out_action", out_action)):
        if not callable(a):
            raise TypeError(
                f"{who} must be an action: a callable (x, g) -> g.x, e.g. RegularAction(G) "
                f"(see groupmat.nn.ActionLike), got {type(a).__name__} {a!r}"
            )
    gi, go = getattr(in_action, "group", None), getattr(out_action, "group", None)
    if group is not None:
        group = getattr(group, "group", group)  # a SpatialGroup: its Group
        for who, g in (("in_action", gi), ("out_action", go)):
            if g is not None and g is not group:
                raise ValueError(f"group= is not the group {who} acts through ({g!r})")
        return group
    if gi is not None and go is not None and gi is not go:
        raise ValueError("in_action and out_action act through different group objects")
    group = gi if gi is not None else go
    if group is None:
        raise ValueError(
            f"cannot tell which group acts: neither in_action ({in_action!r}) nor out_action "
            f"({out_action!r}) has a .group; pass group=G (a plain function (x, g) -> g.x "
            "is fine as an action then)"
        )
    return group


def default_elements(group: Group, max_elements: int = 16, seed: int = 0) -> np.ndarray:
    """All elements of a small group; else the generators plus random non-identity elements
    (seeded), ``max_elements`` in all."""
    n = group.order
    if n <= max_elements:
        return np.arange(n)
    gens = np.unique(np.asarray(group.generators, dtype=np.int64))
    gens = gens[gens != 0][:max_elements]
    rest = np.setdiff1d(np.arange(1, n), gens)
    rng = np.random.default_rng(seed)
    extra = rng.choice(rest, size=min(rest.size, max(0, max_elements - gens.size)), replace=False)
    return np.concatenate([gens, extra])


def _namer(in_action: Any, out_action: Any, group: Any) -> Callable[[int], str]:
    for a in (in_action, out_action):
        f = getattr(a, "element_name", None)
        if f is not None and getattr(a, "group", None) is not None:
            return f
    return lambda g: _label(group, g)


def _check_finite(t: Any, what: str, offset: int = 0, batch: int | None = None) -> None:
    """Raise :class:`NotFiniteError` naming ``what`` and the first NaN / Inf index (batch
    index taken modulo ``batch`` for element-batched tensors)."""
    if not isinstance(t, torch.Tensor) or not (t.is_floating_point() or t.is_complex()):
        return
    if bool(torch.isfinite(t.sum())):  # one cheap pass; NaN and Inf propagate into the sum
        return
    bad = ~torch.isfinite(t)
    if not bool(bad.any()):  # finite values whose sum overflowed
        return
    idx = [int(i) for i in torch.nonzero(bad)[0].tolist()]
    if batch is not None and idx:
        idx[0] -= offset
    kinds = "NaN" if bool(torch.isnan(t).any()) else "Inf"
    if kinds == "NaN" and bool(torch.isinf(t).any()):
        kinds = "NaN and Inf"
    raise NotFiniteError(
        f"{what} has {int(bad.sum())} {kinds} value(s); the first at index {tuple(idx)} "
        f"(of shape {tuple(t.shape) if batch is None else (batch, *t.shape[1:])})"
    )


def _module_dtype(module: Any) -> torch.dtype | None:
    if isinstance(module, nn.Module):
        for p in module.parameters():
            if p.is_floating_point():
                return p.dtype
    return None


def _example_input(module: Any, in_action: Any) -> torch.Tensor:
    """A random input for a groupmat module (for the one-call check)."""
    from groupmat.nn._fields import FieldAction
    from groupmat.testing import random_signal

    channels = _first_attr(module, "in_channels")
    dtype = _module_dtype(module) or torch.float64
    base = in_action.action if isinstance(in_action, RestrictedAction) else in_action
    if isinstance(base, FieldAction):
        if channels is None:
            raise ValueError(f"cannot tell the input channels of {type(module).__name__}: pass x")
        ft = base.field_type
        gen = torch.Generator().manual_seed(0)
        return torch.randn(
            2, channels // ft.dim, ft.dim, *ft.crystal.shape, dtype=dtype, generator=gen
        )
    space = getattr(base, "space", None)
    if isinstance(base, SpatialAction):
        space = base.spatial.pixels if base.kind == "image" else base.spatial
    if channels is None and not any(True for _ in getattr(module, "parameters", list)()):
        channels = 3  # a parameter-free module (pooling): any channel count works
    if space is None or channels is None:
        raise ValueError(
            f"cannot make an example input for {type(module).__name__} (no in_space / "
            "in_channels found): pass x"
        )
    sp = as_space(space)
    return random_signal(
        sp.obj, batch=2, channels=int(channels), grid=sp.grid is not None, dtype=dtype
    )


def _first_attr(module: Any, name: str) -> Any:
    if hasattr(module, name):
        return getattr(module, name)
    if isinstance(module, nn.Sequential):
        for child in module:
            v = _first_attr(child, name)
            if v is not None:
                return v
    return None


def _action_of_space(space: Any) -> Any:
    sp = as_space(space)
    if sp.spatial is not None:
        return SpatialAction(sp.spatial, kind="lifted" if sp.kind == "group" else "image")
    return RegularAction(sp.obj) if sp.kind == "group" else SpaceAction(sp.obj)


def _ends(module: Any) -> tuple[Any, Any]:
    """(in action, out action) of one module, ``None`` where it does not tell."""
    from groupmat.nn._fields import FieldAction, LiftField, ProjectField
    from groupmat.nn._pool import InvariantPool

    a_in, a_out = getattr(module, "in_action", None), getattr(module, "out_action", None)
    if a_in is not None or a_out is not None:
        return a_in, a_out
    if isinstance(module, LiftField):
        return FieldAction(module.field_type), _action_of_space(module.field_type.crystal)
    if isinstance(module, ProjectField):
        return _action_of_space(module.field_type.crystal), FieldAction(module.field_type)
    if isinstance(module, InvariantPool):
        sp = module._space
        return (None if sp is None else _action_of_space(sp.obj)), TrivialAction()
    if isinstance(module, nn.Sequential):
        ends = [_ends(c) for c in module]
        a_in = next((a for a, _ in ends if a is not None), None)
        a_out = next((b for _, b in reversed(ends) if b is not None), None)
        inner = next((b for _, b in reversed(ends) if getattr(b, "group", None) is not None), None)
        if a_out is not None and getattr(a_out, "group", None) is None and inner is not None:
            # an invariant head after strided pooling: invariant to the coarse group only
            a_in = _restrict(a_in, inner)[0]
        return a_in, a_out
    sin, sout = getattr(module, "in_space", None), getattr(module, "out_space", None)
    return (
        None if sin is None else _action_of_space(sin),
        None if sout is None else _action_of_space(sout),
    )


def _restrict(a_in: Any, a_out: Any) -> tuple[Any, Any]:
    """Make both actions act through one group: a strided layer's coarse group acts on the
    fine signals through its embedding."""
    gi, go = getattr(a_in, "group", None), getattr(a_out, "group", None)
    if gi is None or go is None or gi is go:
        return a_in, a_out
    for fine, coarse, swap in ((a_in, a_out, False), (a_out, a_in, True)):
        sub = getattr(coarse, "spatial", None)
        if sub is not None and sub.embedding is not None and sub.parent is not None:
            if getattr(fine, "spatial", None) is sub.parent:
                r = RestrictedAction(fine, sub)
                return (coarse, r) if swap else (r, coarse)
    return a_in, a_out


def actions_of(module: nn.Module) -> tuple[ActionLike, ActionLike]:
    """The actions on the input and the output of a groupmat module, read from its spaces:
    :class:`SpatialAction` for spatial groups (lifted signals) and their pixels (images),
    :class:`RegularAction` / :class:`SpaceAction` otherwise, :class:`~groupmat.nn.FieldAction`
    for field layers, :class:`TrivialAction` after an :class:`~groupmat.nn.InvariantPool`.
    ``nn.Sequential`` models use their first and last group-aware layers; a module may also
    define ``in_action`` / ``out_action`` attributes. Strided pooling onto a coarse group
    restricts the fine action to it.

    Examples
    --------
    >>> from groupmat import spatial_group
    >>> from groupmat.nn import GMConv
    >>> S = spatial_group((4, 4), "C4")
    >>> a_in, a_out = actions_of(GMConv(S.pixels, S, 1, 2, kernel=3))
    >>> a_in, a_out  # doctest: +NORMALIZE_WHITESPACE
    (SpatialAction(p4 on a 4x4 torus, kind='image'),
     SpatialAction(p4 on a 4x4 torus, kind='lifted'))
    """
    a_in, a_out = _ends(module)
    if a_in is None or a_out is None:
        raise ValueError(
            f"cannot read the {'input' if a_in is None else 'output'} action of "
            f"{type(module).__name__}: pass in_action= and out_action= (it has no in_space / "
            "out_space and is no nn.Sequential of groupmat layers)"
        )
    return _restrict(a_in, a_out)


@torch.no_grad()
def equivariance_error(
    module: Callable[[torch.Tensor], torch.Tensor],
    x: torch.Tensor | None = None,
    in_action: ActionLike | ActionFunction | None = None,
    out_action: ActionLike | ActionFunction | None = None,
    elements: ElementsLike | None = None,
    *,
    group: Group | None = None,
    max_elements: int = 16,
    seed: int = 0,
    progress: bool | None = None,
    elements_per_call: int | None = None,
) -> EquivarianceReport:
    """How far ``module`` is from commuting with the group: for each element ``g``,
    ``||F(g.x) - g.F(x)|| / ||F(x)||``.

    Works for any callable (layers, whole models); put models with dropout or batch
    statistics in ``eval()`` mode first. ``elements`` defaults to all elements of groups of
    order ``<= max_elements``, else the generators and random elements.

    Parameters
    ----------
    module
        The map ``F``.
    x
        A batch of inputs; default (groupmat modules only) a random one on the input space.
    in_action, out_action
        :class:`ActionLike` actions on inputs and outputs; default :func:`actions_of`
        ``(module)``. Plain functions ``(x, g) -> g.x`` need ``group=``.
    elements
        Elements to test: indices, Elements or word strings of the group
        (validated: out of range, floats, bools and NaN are refused).
    group
        The acting group when neither action has a ``.group``.
    progress
        tqdm bar: ``True``, ``False``, or ``None`` (on a terminal, for checks estimated over 2 s).
    elements_per_call
        How many transformed copies of ``x`` go through ``module`` in one call, stacked on the
        batch axis (default 1: one call per element). Stacking saves per-call overhead where
        that dominates (small inputs, GPUs); on CPU convolutions it gained nothing measurable.
        Only for modules whose outputs do not depend on the rest of the batch (``eval()``).

    Raises
    ------
    NotFiniteError
        A NaN or Inf in ``x``, ``F(x)``, ``g.x``, ``F(g.x)`` or ``g.F(x)``, naming the element and
        the index: a NaN compares false with every tolerance, so it must not pass silently.

    Notes
    -----
    ``|elements| + 1`` evaluations of ``F`` and ``2 |elements|`` actions, in
    ``ceil(|elements| / elements_per_call)`` calls of ``F``.

    Examples
    --------
    >>> import torch
    >>> from groupmat import Group
    >>> from groupmat.nn import GMConv
    >>> G = Group.from_permutations([[1, 2, 0], [1, 0, 2]])
    >>> conv = GMConv(G, G, 2, 3).double()
    >>> rep = equivariance_error(conv, torch.randn(4, 2, 6, dtype=torch.float64),
    ...                          RegularAction(G), RegularAction(G))
    >>> rep.max < 1e-12, rep.elements.size
    (True, 6)
    >>> equivariance_error(conv).max < 1e-12     # actions and input read from the module
    True
    """
    if in_action is None or out_action is None:
        if in_action is not None or out_action is not None:
            raise ValueError("pass both in_action and out_action, or neither (read from module)")
        in_action, out_action = actions_of(module)
    group = _group_of(in_action, out_action, group)
    max_elements = as_int(max_elements, "max_elements", minimum=1)
    if elements is None:
        els = default_elements(group, max_elements, seed)
    else:
        els = np.asarray(element_indices(group, elements, "elements"), dtype=np.int64)
        if els.size == 0:
            raise ValueError("elements= is empty: pass at least one element (or None for all)")
    els = np.asarray(els, dtype=np.int64)
    if x is None:
        x = _example_input(module, in_action)
    if not isinstance(x, torch.Tensor):
        raise TypeError(f"x must be a torch.Tensor, got {type(x).__name__}")
    name = _namer(in_action, out_action, group)
    _check_finite(x, "the input x")
    t0 = time.perf_counter()
    y = module(x)
    t_fwd = time.perf_counter() - t0
    _check_finite(y, "the module's output F(x)")
    norm = float(torch.linalg.vector_norm(y.double()))
    b = x.shape[0] if x.dim() else 1
    per = (
        1
        if elements_per_call is None
        else as_int(elements_per_call, "elements_per_call", minimum=1)
    )
    batched = per > 1 and x.dim() >= 1 and isinstance(y, torch.Tensor) and y.dim() >= 1
    per = per if batched else 1
    chunks = [els[i : i + per] for i in range(0, els.size, per)]
    show = progress
    if show is None:
        show = t_fwd * els.size > 2.0 and stderr_is_tty()
    bar = None
    if show:
        from tqdm.auto import tqdm

        bar = tqdm(total=int(els.size), desc="equivariance", unit="element")
    errs: list[float] = []
    abs_errs: list[float] = []
    try:
        for chunk in chunks:
            moved = []
            for g in chunk.tolist():
                gx = in_action(x, g)
                _check_finite(gx, f"the transformed input g.x for element {name(g)} (index {g})")
                moved.append(gx)
            if batched:
                out = module(torch.cat(moved, 0))
                if out.shape[0] != b * len(moved):
                    raise ValueError(
                        f"the module's output has batch {out.shape[0]} for {b * len(moved)} "
                        "stacked inputs: pass elements_per_call=1"
                    )
                lhs_all = list(out.split(b, 0))
            else:
                lhs_all = [module(gx) for gx in moved]
            for g, lhs in zip(chunk.tolist(), lhs_all, strict=True):
                who = f"element {name(g)} (index {g})"
                _check_finite(lhs, f"the output F(g.x) for {who}")
                rhs = out_action(y, g)
                _check_finite(rhs, f"the transformed output g.F(x) for {who}")
                if lhs.shape != rhs.shape:
                    raise ValueError(
                        f"output shapes differ under {who}: F(g.x) {tuple(lhs.shape)} vs "
                        f"g.F(x) {tuple(rhs.shape)}"
                    )
                d = float(torch.linalg.vector_norm((lhs - rhs).double()))
                abs_errs.append(d)
                errs.append(d / norm if norm > 0 else d)
            if bar is not None:
                bar.update(len(chunk))
    finally:
        if bar is not None:
            bar.close()
    return EquivarianceReport(
        elements=els,
        errors=np.asarray(errs),
        abs_errors=np.asarray(abs_errs),
        norms=np.full(len(errs), norm),
        names=tuple(name(int(g)) for g in els.tolist()),
    )


_DEFAULT_TOL = {torch.float64: (1e-10, 1e-12), torch.float32: (1e-4, 1e-6)}


def assert_equivariant(
    module: Callable[[torch.Tensor], torch.Tensor],
    x: torch.Tensor | None = None,
    in_action: ActionLike | ActionFunction | None = None,
    out_action: ActionLike | ActionFunction | None = None,
    *,
    elements: ElementsLike | None = None,
    group: Group | None = None,
    atol: float | None = None,
    rtol: float | None = None,
    max_elements: int = 16,
    progress: bool | None = None,
    elements_per_call: int | None = None,
) -> EquivarianceReport:
    """Assert ``||F(g.x) - g.F(x)|| <= atol + rtol ||F(x)||`` for every tested element, and
    that nothing is NaN or infinite.

    ``gnn.assert_equivariant(layer)`` checks a groupmat layer (or ``nn.Sequential`` of them)
    against the actions of its own spaces (:func:`actions_of`) on a random input. Defaults:
    ``rtol=1e-10, atol=1e-12`` for float64 inputs, ``rtol=1e-4, atol=1e-6`` otherwise.
    Other arguments as :func:`equivariance_error`. Returns the :class:`EquivarianceReport`;
    raises ``AssertionError`` naming the failing elements (by their readable names).

    Examples
    --------
    >>> from groupmat import spatial_group
    >>> from groupmat.nn import GMConv
    >>> S = spatial_group((6, 6), "D4")
    >>> rep = assert_equivariant(GMConv(S, S, 2, 2, kernel=3).double())
    >>> rep.elements.size, rep.names[:3]
    (16, ('(x+1, y)', '(x, y+1)', '(y, -x)'))
    """
    ref = x
    if ref is None:
        dt = _module_dtype(module)
        ref = torch.empty(0, dtype=dt or torch.float64)
    rt, at = _DEFAULT_TOL.get(ref.dtype, _DEFAULT_TOL[torch.float32])
    rtol = rt if rtol is None else float(rtol)
    atol = at if atol is None else float(atol)
    for what, v in (("atol", atol), ("rtol", rtol)):
        if math.isnan(v) or v < 0:
            raise ValueError(f"{what} must be a number >= 0 (inf: no bound), got {v}")
    if in_action is None and out_action is None:
        in_action, out_action = actions_of(module)
    try:
        rep = equivariance_error(
            module,
            x,
            in_action,
            out_action,
            elements=elements,
            group=group,
            max_elements=max_elements,
            progress=progress,
            elements_per_call=elements_per_call,
        )
    except NotFiniteError as e:
        raise AssertionError(f"not equivariant: {e}") from e
    bound = atol + rtol * rep.norms
    bad = rep.abs_errors > bound
    if bad.any():
        worst = np.argsort(-rep.errors)[:5]
        lines = ", ".join(
            f"{rep.name(int(i))} (index {int(rep.elements[i])}): rel {rep.errors[i]:.3g}"
            for i in worst
            if bad[i]
        )
        raise AssertionError(
            f"not equivariant under {int(bad.sum())} of {rep.elements.size} elements "
            f"(atol={atol}, rtol={rtol}, ||F(x)||={rep.norms[0]:.3g}); worst: {lines}; "
            f"in_action={in_action!r}, out_action={out_action!r}"
        )
    return rep
