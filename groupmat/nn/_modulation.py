"""Position modulations shared by the approximate layers (:mod:`groupmat.nn._approx`,
:mod:`groupmat.nn._baselines`): generator permutations of a space, modulation labels, and the
quadratic form that gives exact Frobenius norms of ``sum_i diag(m_i) M_{k_i}``.

For layers ``M = sum_i diag(m_i) M_{k_i}`` (``M_k`` an equivariant layer with kernel ``k``,
whose rows each hold the kernel once): ``||M||_F^2 = sum_{ij} <m_i, m_j> <k_i, k_j>``. The
displacement ``L_u M L_u^-1 - M`` has the same form with ``m_i - P_u m_i``, and the distance
to the equivariant layers with ``m_i - mean(m_i)``; column modulations
``sum_i M_{k_i} diag(m_i)`` follow the same rule with a factor ``1 / |H|`` for outputs ``G/H``.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import torch

from groupmat.nn._compile import LayerSpecError, Space

__all__ = ["generator_permutations", "kernel_gram", "modulated_sq", "position_labels"]

#: Where modulation coefficients live: ``"position"``, ``"point"`` or explicit ``(N,)`` integer
#: labels (see :func:`position_labels`).
LabelsLike = str | Sequence[int] | np.ndarray


def generator_permutations(space: Space) -> np.ndarray:
    """``(|U|, N)`` int64: row ``u`` is ``perm[a] = u^{-1}.a`` for the group's generators ``u``,
    so ``f[..., perm]`` is the translated signal ``(L_u f)(a) = f(u^{-1} a)``. ``O(|U| N)``
    products from the core."""
    G = space.group
    gens = np.asarray(G.generators, dtype=np.int64)
    if gens.size == 0:
        return np.zeros((0, space.size), dtype=np.int64)
    inv = np.asarray(G.inverse)[gens]
    return np.asarray(space.act(inv[:, None], np.arange(space.size)[None, :]), dtype=np.int64)


def position_labels(space: Space, modulate: LabelsLike) -> tuple[np.ndarray, int]:
    """Which modulation entry each position of ``space`` reads: ``(labels (N,), L)``.

    ``"position"``: every position its own (``L = N``). ``"point"``: on spatial groups the
    point-group component ``p`` of ``(t, p)`` (``L = |P|``; translation-equivariant, only the
    point symmetry is relaxed; pixels all read label 0). An ``(N,)`` integer array: explicit
    labels ``0..L-1``.
    """
    n = space.size
    if isinstance(modulate, str):
        if modulate == "position":
            return np.arange(n, dtype=np.int64), n
        if modulate == "point":
            if space.spatial is None:
                raise LayerSpecError(
                    f"modulate='point' needs a spatial group, got {space.name}; use "
                    "'position' or explicit labels"
                )
            if space.kind != "group":
                return np.zeros(n, dtype=np.int64), 1
            p = np.asarray(space.spatial.decompose(np.arange(n))[0], dtype=np.int64)
            return p, len(space.spatial.point_group)
        raise LayerSpecError(
            f"modulate must be 'position', 'point' or an (N,) label array, got {modulate!r}"
        )
    lab = np.asarray(modulate)
    if lab.shape != (n,) or not np.issubdtype(lab.dtype, np.integer) or (lab < 0).any():
        raise LayerSpecError(
            f"explicit modulation labels must be {n} non-negative integers (one per position "
            f"of {space.name}), got shape {lab.shape}"
        )
    lab = lab.astype(np.int64)
    return lab, int(lab.max()) + 1 if lab.size else 1


def kernel_gram(weight: torch.Tensor, groups: int, per_row: bool, factor: float) -> torch.Tensor:
    """Gram matrices ``<k_i, k_j>`` of ``groups`` stacked kernels.

    ``weight``: ``(groups * O, C', m)`` effective weights. Returns ``(groups, groups, O)``
    (summed over input channels and support) if ``per_row``, else ``(groups, groups, 1)``
    summed over output channels too; times ``factor``.
    """
    o_total, c, m = weight.shape
    w = weight.reshape(groups, o_total // groups, c * m)
    g = torch.einsum("iok,jok->ijo", w, w) * factor
    return g if per_row else g.sum(-1, keepdim=True)


def modulated_sq(mods: torch.Tensor, gram: torch.Tensor) -> torch.Tensor:
    """``Q(m) = sum_{a} sum_{ij} <m_{i a}, m_{j a}> G_{i j a}`` for ``mods (..., R, A, N)`` and
    ``gram (R, R, A or 1)``; leading axes of ``mods`` are summed."""
    inner = torch.einsum("...ian,...jan->ija", mods, mods)
    return (inner * gram).sum()
