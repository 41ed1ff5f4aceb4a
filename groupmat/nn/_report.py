"""Model-level helpers for approximately equivariant networks: the displacement penalty, each
layer's own prior, and a per-layer report of displacement norms next to measured equivariance
errors. They work by duck typing on any layer that defines ``displacement_norm`` /
``penalty`` / ``matrix_norm`` / ``equivariance_distance`` (:class:`~groupmat.nn.LDRGMConv`,
the baselines) and treat :class:`~groupmat.nn.GMConv` as exact."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import torch
from torch import nn

from groupmat.algebra._validate import ElementsLike
from groupmat.nn._compile import as_space
from groupmat.nn._conv import GMConv
from groupmat.nn._protocols import ApproximateLayer

__all__ = [
    "DisplacementReport",
    "DisplacementRow",
    "displacement_penalty",
    "displacement_report",
    "prior_penalty",
]


def _action_for(space: Any) -> Any:
    from groupmat.nn._equivariance import RegularAction, SpaceAction

    sp = as_space(space)
    return RegularAction(sp.obj) if sp.kind == "group" else SpaceAction(sp.obj)


def _approx_layers(model: nn.Module) -> Iterator[tuple[str, nn.Module]]:
    """Top-level layers of ``model`` that are group-aware (GMConv or an approximate layer),
    skipping those nested inside another such layer."""
    taken: list[str] = []
    for name, mod in model.named_modules():
        if any(t == "" or name == t or name.startswith(t + ".") for t in taken):
            continue  # inside a layer already listed (or the model is itself one layer)
        if isinstance(mod, (GMConv, ApproximateLayer)):
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
    >>> from groupmat.nn import LDRGMConv
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
            (
                r.name or "<model>",
                r.kind,
                str(r.parameters),
                f"{r.displacement:.3g}",
                f"{r.relative_displacement:.3g}",
                f"{r.distance:.3g}",
                f"{r.error_mean:.3g}",
                f"{r.error_max:.3g}",
            )
            for r in self.rows
        ]
        widths = [max(len(x[i]) for x in (head, *body)) for i in range(len(head))]
        lines = [
            "  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)) for row in (head, *body)
        ]
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
    elements: ElementsLike | None = None,
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
    >>> from groupmat.nn import LDRGMConv
    >>> G = dihedral(3)
    >>> model = torch.nn.Sequential(LDRGMConv(G, G, 1, 2, displacement_rank=1, init_scale=0.5),
    ...                             torch.nn.ReLU(), LDRGMConv(G, G, 2, 1, displacement_rank=0))
    >>> rep = displacement_report(model, torch.randn(4, 1, 6))
    >>> [r.name for r in rep], rep.rows[1].displacement
    (['0', '2'], 0.0)
    """
    from groupmat.nn._equivariance import equivariance_error

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
                layer,
                inputs[name],
                _action_for(layer.in_space),
                _action_for(layer.out_space),
                elements,
                max_elements=max_elements,
                seed=seed,
            )
            d, norm, dist = _norms(layer)
            rel = d / norm if norm and norm == norm and norm > 0 else float("nan")
            reldist = dist / norm if norm and norm == norm and norm > 0 else float("nan")
            params = sum(p.numel() for p in layer.parameters() if p.requires_grad)
            rows.append(
                DisplacementRow(
                    name=name,
                    kind=type(layer).__name__,
                    displacement=d,
                    relative_displacement=rel,
                    distance=reldist,
                    error_mean=rep.mean,
                    error_max=rep.max,
                    parameters=int(params),
                )
            )
    finally:
        for h in hooks:
            h.remove()
        model.train(was_training)
    return DisplacementReport(tuple(rows))
