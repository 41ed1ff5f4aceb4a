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
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import torch
from torch import nn

from groupmat.nn._compile import Space, as_space

__all__ = [
    "Action",
    "EquivarianceReport",
    "RegularAction",
    "RestrictedAction",
    "SpaceAction",
    "SpatialAction",
    "TrivialAction",
    "equivariance_error",
]


class Action:
    """How a group acts on tensors: ``action(x, g)`` is ``g.x`` for an element index ``g``."""

    group: Any = None

    def __call__(self, x: torch.Tensor, g: int) -> torch.Tensor:  # pragma: no cover - abstract
        raise NotImplementedError


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

    def __init__(self, group: Any) -> None:
        self.space = as_space(group)
        if self.space.kind != "group":
            raise TypeError(f"RegularAction needs a group, got {self.space.name}; use SpaceAction")
        self.group = self.space.group

    def permutation(self, g: int) -> np.ndarray:
        """Positions read: ``out[..., a] = x[..., perm[a]]`` with ``perm[a] = g^{-1} a``."""
        n = self.space.size
        return self.space.act(self.group.inverse[int(g)], np.arange(n))

    def __call__(self, x: torch.Tensor, g: int) -> torch.Tensor:
        return _permute_last(x, self.space, self.permutation(g), "RegularAction")

    def __repr__(self) -> str:
        return f"RegularAction({self.space.name})"


class SpaceAction(Action):
    """The action on signals over a homogeneous space: ``(h.f)(x) = f(h^{-1}.x)``."""

    def __init__(self, space: Any) -> None:
        self.space = as_space(space)
        if self.space.kind != "points":
            raise TypeError(f"SpaceAction needs a HomogeneousSpace, got {self.space.name}")
        self.group = self.space.group

    def permutation(self, g: int) -> np.ndarray:
        return self.space.act(self.group.inverse[int(g)], np.arange(self.space.size))

    def __call__(self, x: torch.Tensor, g: int) -> torch.Tensor:
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

    def __init__(self, spatial: Any, kind: str = "auto") -> None:
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

    def __call__(self, x: torch.Tensor, g: int) -> torch.Tensor:
        kind = self.kind
        d = self.spatial.dim
        if kind == "auto":
            if x.dim() == 3 + d:
                kind = "lifted"
            elif x.dim() == 2 + d:
                kind = "image"
            elif x.dim() == 3:
                kind = "lifted" if x.shape[-1] == self.spatial.order else "image"
            else:
                img = ", ".join(map(str, self.spatial.shape))
                lifted = ", ".join(map(str, self.spatial.grid_shape))
                raise ValueError(
                    f"SpatialAction: expected an image (B, C, {img}), a lifted signal "
                    f"(B, C, {lifted}) or a flat (B, C, N) signal, got {tuple(x.shape)}; pass "
                    "kind='image' or kind='lifted' for other layouts"
                )
        return self._regular(x, g) if kind == "lifted" else self._pixels(x, g)

    def __repr__(self) -> str:
        return f"SpatialAction({self.spatial.name})"


class RestrictedAction(Action):
    """An action of a larger group seen through an embedding ``K -> G``: element ``k`` of
    ``group`` acts as ``embedding[k]`` does under ``action``.

    ``RestrictedAction(RegularAction(S), S.subsample(2))`` is how the strided subgroup acts on
    the fine signals (the embedding is read from a subsampled spatial group).
    """

    def __init__(self, action: Action, group: Any, embedding: Any = None) -> None:
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

    def __call__(self, x: torch.Tensor, g: int) -> torch.Tensor:
        return self.action(x, int(self.embedding[int(g)]))

    def __repr__(self) -> str:
        return f"RestrictedAction({self.action!r})"


class TrivialAction(Action):
    """Every element acts as the identity (for invariant outputs)."""

    def __call__(self, x: torch.Tensor, g: int) -> torch.Tensor:
        return x

    def __repr__(self) -> str:
        return "TrivialAction()"


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
    """

    elements: np.ndarray
    errors: np.ndarray
    abs_errors: np.ndarray
    norms: np.ndarray

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

    def __repr__(self) -> str:
        return (
            f"EquivarianceReport({self.elements.size} elements: max {self.max:.3g} at element "
            f"{self.worst if self.elements.size else '-'}, mean {self.mean:.3g})"
        )


def _group_of(in_action: Action, out_action: Action) -> Any:
    gi, go = in_action.group, out_action.group
    if gi is not None and go is not None and gi is not go:
        raise ValueError("in_action and out_action act through different group objects")
    group = gi if gi is not None else go
    if group is None:
        raise ValueError("both actions are trivial: pass elements= and a group action")
    return group


def default_elements(group: Any, max_elements: int = 16, seed: int = 0) -> np.ndarray:
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


@torch.no_grad()
def equivariance_error(
    module: nn.Module | Any,
    x: torch.Tensor,
    in_action: Action,
    out_action: Action,
    elements: Any = None,
    *,
    max_elements: int = 16,
    seed: int = 0,
) -> EquivarianceReport:
    """How far ``module`` is from commuting with the group: for each element ``g``,
    ``||F(g.x) - g.F(x)|| / ||F(x)||``.

    Works for any callable (layers, whole models); put models with dropout or batch
    statistics in ``eval()`` mode first. ``elements`` defaults to all elements of groups of
    order ``<= max_elements``, else the generators and random elements.

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
    """
    group = _group_of(in_action, out_action)
    els = default_elements(group, max_elements, seed) if elements is None else elements
    els = np.asarray([int(e) for e in np.ravel(np.asarray(els, dtype=object))], dtype=np.int64)
    y = module(x)
    norm = float(torch.linalg.vector_norm(y.double()))
    errs, abs_errs = [], []
    for g in els.tolist():
        lhs = module(in_action(x, g))
        rhs = out_action(y, g)
        if lhs.shape != rhs.shape:
            raise ValueError(
                f"output shapes differ under element {g}: {tuple(lhs.shape)} vs {tuple(rhs.shape)}"
            )
        d = float(torch.linalg.vector_norm((lhs - rhs).double()))
        abs_errs.append(d)
        errs.append(d / norm if norm > 0 else d)
    return EquivarianceReport(
        elements=els,
        errors=np.asarray(errs),
        abs_errors=np.asarray(abs_errs),
        norms=np.full(len(errs), norm),
    )
