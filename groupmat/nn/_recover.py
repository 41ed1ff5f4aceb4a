"""Recovering a group from learned (soft) permutations.

:func:`recover_group` hardens soft permutation matrices into permutations (Hungarian algorithm,
Kuhn 1955, via ``scipy.optimize.linear_sum_assignment``), closes them under composition
(:meth:`~groupmat.Group.from_permutations`: Schreier-Sims, Holt, Eick & O'Brien, *Handbook of
Computational Group Theory*, sec. 4.4) and reports what they generate: order, abelian
invariants, class sizes, element orders and a family name when the structure matches one, or a
clear message when they do not close into a small group (``max_order``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np
import torch

from groupmat.algebra._identify import identify
from groupmat.errors import GroupmatError, SizeLimitError

if TYPE_CHECKING:  # pragma: no cover
    from numpy.typing import ArrayLike

    from groupmat.nn._weight_sharing import SinkhornStack, WeightSharingConv

__all__ = ["RecoveredGroup", "harden", "identify", "recover_group"]


def harden(R: ArrayLike | torch.Tensor) -> np.ndarray:
    """Nearest permutations ``(N, d)`` of soft matrices ``(N, d, d)`` by the Hungarian
    algorithm (``scipy.optimize.linear_sum_assignment``, ``O(d^3)`` each)."""
    from scipy.optimize import linear_sum_assignment

    M = R.detach().cpu().double().numpy() if isinstance(R, torch.Tensor) else np.asarray(R, float)
    if M.ndim != 3 or M.shape[1] != M.shape[2]:
        raise ValueError(f"expected (N, d, d) matrices, got shape {M.shape}")
    if M.shape[0] == 0 or M.shape[1] == 0:
        raise ValueError(f"expected at least one non-empty (d, d) matrix, got shape {M.shape}")
    if not np.isfinite(M).all():
        i = tuple(int(v) for v in np.argwhere(~np.isfinite(M))[0])
        raise ValueError(
            f"the matrices hold NaN or Inf (first at index {i}): a diverged training run? "
            "harden needs finite (soft) permutation matrices"
        )
    out = np.empty(M.shape[:2], dtype=np.int64)
    for i, m in enumerate(M):
        rows, cols = linear_sum_assignment(m, maximize=True)
        out[i, rows] = cols
    return out


@dataclass(frozen=True)
class RecoveredGroup:
    """What :func:`recover_group` found.

    Attributes
    ----------
    permutations
        ``(N, d)`` hardened permutations (``perm[a]`` = point read at ``a``).
    distinct
        Number of distinct hardened permutations.
    group
        The :class:`~groupmat.Group` they generate (``None`` when above ``max_order``).
    order
        ``group.order`` (``None`` when too large).
    closed
        The hardened set is itself closed under composition (it *is* the group).
    abelian_invariants, class_sizes, element_orders
        Structure of the group (``element_orders``: order -> count).
    name, family
        ``"C4"``, ``"V4"``, ``"D8"`` (dihedral of order 8: the square's symmetries, D4 in
        Schoenflies notation), ``"Q8"``, ``"S4"``, ... and ``"cyclic"``, ``"abelian"``,
        ``"dihedral"``, ``"quaternion"``, ``"dicyclic"``, ``"symmetric"``, ``"alternating"``
        when the structure matches a family (abelian groups are identified exactly by their
        invariants; non-abelian ones by order, class sizes and element orders), else ``None``.
    hardness
        Mean over elements of ``sum_a R[a, perm[a]] / d`` (1 for exact permutations).
    message
        One paragraph for humans.
    """

    permutations: np.ndarray
    distinct: int
    group: Any
    order: int | None
    closed: bool
    abelian_invariants: list[int] = field(default_factory=list)
    class_sizes: list[int] = field(default_factory=list)
    element_orders: dict[int, int] = field(default_factory=dict)
    name: str | None = None
    family: str | None = None
    hardness: float = 1.0
    message: str = ""

    def as_dict(self) -> dict[str, Any]:
        return {
            "permutations": np.asarray(self.permutations).tolist(),
            "distinct": self.distinct,
            "order": self.order,
            "closed": self.closed,
            "abelian_invariants": self.abelian_invariants,
            "class_sizes": self.class_sizes,
            "element_orders": {str(k): v for k, v in self.element_orders.items()},
            "name": self.name,
            "family": self.family,
            "hardness": self.hardness,
            "message": self.message,
        }

    def __str__(self) -> str:
        return self.message


def _as_soft(source: Any) -> tuple[np.ndarray | None, np.ndarray]:
    """(soft matrices or None, hardened permutations) from a layer, stack, matrices or perms."""
    if hasattr(source, "representation") and callable(source.representation):
        source = source.representation()  # a WeightSharingConv
    if isinstance(source, torch.nn.Module) and hasattr(source, "logits"):
        source = source()  # a SinkhornStack
    if isinstance(source, torch.Tensor):
        source = source.detach().cpu().double().numpy()
    arr = np.asarray(source)
    if arr.ndim == 3:
        return arr.astype(float), harden(arr)
    if arr.ndim == 2 and np.issubdtype(arr.dtype, np.integer):
        d = arr.shape[1]
        if arr.size == 0:
            raise ValueError(f"expected at least one permutation of d >= 1 points, got {arr.shape}")
        if not (np.sort(arr, axis=1) == np.arange(d)).all():
            raise ValueError("each row of the permutation array must be a permutation of 0..d-1")
        return None, arr.astype(np.int64)
    raise ValueError(
        f"recover_group needs (N, d, d) soft matrices, (N, d) permutations, a SinkhornStack or "
        f"a WeightSharingConv; got an array of shape {arr.shape}"
    )


def recover_group(
    source: WeightSharingConv | SinkhornStack | ArrayLike | torch.Tensor, *, max_order: int = 5040
) -> RecoveredGroup:
    """Harden learned soft permutations, close them under composition and say what group
    they form.

    Parameters
    ----------
    source
        A :class:`WeightSharingConv`, a :class:`SinkhornStack`, ``(N, d, d)`` (soft)
        matrices or ``(N, d)`` permutations.
    max_order
        Give up (with a message, not an exception) when the hardened permutations generate
        more elements than this: they do not close into a small group.

    Notes
    -----
    Hungarian assignment ``O(N d^3)``; closure by Schreier-Sims
    (:meth:`~groupmat.Group.from_permutations`), fast for any ``d``; identification
    computes conjugacy classes of the (small) result.

    Examples
    --------
    >>> from groupmat import spatial_group
    >>> from groupmat.nn._weight_sharing import spatial_representation
    >>> rec = recover_group(spatial_representation(spatial_group((5, 5), "C4"), 3))
    >>> rec.name, rec.order, rec.closed, rec.abelian_invariants
    ('C4', 4, True, [4])
    """
    from groupmat.algebra._group import Group
    from groupmat.algebra._validate import as_int

    max_order = as_int(max_order, "max_order", minimum=1)
    soft, perms = _as_soft(source)
    n_el, d = perms.shape
    hardness = 1.0
    if soft is not None:
        picked = np.take_along_axis(soft, perms[:, :, None], axis=2)[..., 0]
        hardness = float(picked.sum(1).mean() / d)
    uniq = np.unique(perms, axis=0)
    distinct = int(uniq.shape[0])
    ident = np.arange(d)
    gens = uniq[~(uniq == ident).all(1)]
    head = (
        f"{n_el} learned element(s) harden to {distinct} distinct permutation(s) of {d} "
        f"points (hardness {hardness:.3f})"
    )
    try:
        G = (
            Group.from_permutations(gens, degree=d, max_order=max_order)
            if gens.size
            else Group.from_permutations([], degree=d)
        )
    except SizeLimitError:
        msg = (
            f"{head}; they generate a group with more than max_order={max_order} elements, "
            "so they do not close into a small group (the sharing learned is not a small "
            "group's regular representation; train longer, lower the temperature, or raise "
            "max_order)"
        )
        return RecoveredGroup(perms, distinct, None, None, False, hardness=hardness, message=msg)
    except GroupmatError as exc:  # pragma: no cover - defensive
        return RecoveredGroup(
            perms,
            distinct,
            None,
            None,
            False,
            hardness=hardness,
            message=f"{head}; closure failed: {exc}",
        )
    order = G.order
    closed = order == distinct
    inv = [int(x) for x in G.abelian_invariants()]
    sizes = sorted(len(c) for c in G.conjugacy_classes())
    orders, counts = np.unique(np.asarray(G.element_orders()), return_counts=True)
    el_orders = {int(a): int(b) for a, b in zip(orders, counts, strict=True)}
    name, family = identify(G)
    what = f"{name} ({family})" if name else "a group that matches no family checked"
    shape = (
        "they form a group by themselves"
        if closed
        else f"they are not closed under composition and generate a group of order {order}"
    )
    msg = f"{head}; {shape}: {what}, order {order}, abelian invariants {inv}, class sizes {sizes}"
    return RecoveredGroup(
        perms, distinct, G, order, closed, inv, sizes, el_orders, name, family, hardness, msg
    )
