"""Low-displacement-rank (LDR) perturbations of group matrices.

In coefficient form (docs/concepts/displacement.md) a matrix is ``M = sum_s diag(F[:, s]) R_s``,
``(M f)(h) = sum_s F[h, s] f(h s)``. The LDR family of rank ``r`` over a kernel ``K`` is

    ``F = 1 b^T + sum_{i <= r} a_i c_i^T``   (``a_i`` over positions, ``c_i``, ``b`` over ``K``)

so ``M f = M_b f + sum_i a_i * (M_{c_i} f)``: ``r + 1`` group convolutions with kernels
supported on ``K`` and ``r`` pointwise modulations, ``O(n |K| (r + 1))`` per vector and never an
``n x n`` matrix. ``r = 0`` is the exact (equivariant) layer ``M_b``; the coefficient
displacement ``D_u(F) = F - P_u F = sum_i (a_i - P_u a_i) c_i^T`` has rank ``<= r``
(:func:`~groupmat.displacement_rank`, which recovers ``r`` for generic
``a_i, c_i``). The family contains the GM paper's regression variant (one position modulation,
``F = w e^T``) and is close to Wang et al.'s relaxed group convolution (ICML 2022: a few filter
banks mixed by position-dependent coefficients).

Parameters beyond the exact layer: ``n r + |K| r`` (plus ``|K|`` for ``b``), versus ``n^2`` for a
dense matrix; :attr:`LDRPerturbation.parameter_counts` reports them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from groupmat.algebra._validate import element_array
from groupmat.algebra.matrices._group_matrix import (
    _guard,
    _is_torch,
    _long,
    from_coefficient_matrix,
)
from groupmat.algebra.matrices._group_matrix_operator import AppliedAlongLastAxis, _translate_index

if TYPE_CHECKING:  # pragma: no cover
    from groupmat.algebra._group import Group
    from groupmat.algebra._validate import ElementsLike
    from groupmat.algebra.matrices._group_matrix import Matrix, MatrixLike
    from groupmat.algebra.matrices._group_matrix_operator import GroupMatrixOperator

__all__ = ["LDRPerturbation", "ldr_matrix"]


def _shape(x: Any) -> tuple[int, ...]:
    return tuple(x.shape) if _is_torch(x) else np.shape(x)


class LDRPerturbation(AppliedAlongLastAxis):
    """The matrix with coefficient form ``F = 1 b^T + A C^T`` (rank-``r`` perturbation of ``M_b``).

    All of ``b, A, C`` may be numpy arrays or torch tensors (then application is
    differentiable in them, on their device).

    Parameters
    ----------
    G
        The group (``n`` elements).
    b
        ``(|K|,)`` kernel of the exact part ``M_b``.
    A
        ``(n, r)`` position factors ``a_i`` (columns).
    C
        ``(|K|, r)`` kernel factors ``c_i`` (columns).
    kernel
        Element indices ``K`` (distinct) the kernels live on; default all of ``G`` (then
        ``|K| = n``). Left convention: ``(M f)(h) = sum_{s in K} F[h, s] f(h s)``.

    Examples
    --------
    >>> import numpy as np
    >>> from groupmat import dihedral
    >>> G = dihedral(6)
    >>> K = G.ball(1)                              # 1, r, r^-1, s
    >>> rng = np.random.default_rng(0)
    >>> L = LDRPerturbation(G, rng.normal(size=4), rng.normal(size=(12, 2)),
    ...                     rng.normal(size=(4, 2)), kernel=K)
    >>> L.rank, L.parameter_counts["total"], L.parameter_counts["dense"]
    (2, 36, 144)
    >>> x = rng.normal(size=12)
    >>> bool(np.allclose(L @ x, L.to_dense() @ x))
    True
    """

    def __init__(
        self,
        G: Group,
        b: MatrixLike,
        A: MatrixLike,
        C: MatrixLike,
        *,
        kernel: ElementsLike | None = None,
    ) -> None:
        n = G.order
        if kernel is None:
            K = np.arange(n, dtype=np.int64)
        else:
            K = element_array(G, kernel, "kernel")
        K = K.reshape(-1)
        if np.unique(K).size != K.size or (K.size and (K.min() < 0 or K.max() >= n)):
            raise ValueError(f"kernel must be distinct element indices in 0..{n - 1}")
        k = K.size
        sa, sc = _shape(A), _shape(C)
        if _shape(b) != (k,):
            raise ValueError(f"b must have shape ({k},) = (|K|,), got {_shape(b)}")
        if len(sa) != 2 or sa[0] != n:
            raise ValueError(f"A must have shape ({n}, r) = (n, r), got {sa}")
        if len(sc) != 2 or sc != (k, sa[1]):
            raise ValueError(f"C must have shape ({k}, {sa[1]}) = (|K|, r), got {sc}")
        self.group = G
        self.kernel = K
        self.b, self.A, self.C = (x if _is_torch(x) else np.asarray(x) for x in (b, A, C))
        self.index = _translate_index(G, K, "left")  # (|K|, n): h s_j
        self._torch_index: Any = None

    # ------------------------------------------------------------------ sizes
    @property
    def rank(self) -> int:
        """``r``, the number of rank-one terms (an upper bound on the displacement rank)."""
        return int(_shape(self.A)[1])

    @property
    def shape(self) -> tuple[int, int]:
        return (self.group.order, self.group.order)

    @property
    def parameter_counts(self) -> dict[str, int]:
        """``base`` = ``|K|`` (``b``), ``positions`` = ``n r``, ``kernel`` = ``|K| r``,
        ``total``, and for comparison ``dense`` = ``n^2``."""
        n, k, r = self.group.order, self.kernel.size, self.rank
        return {
            "base": k,
            "positions": n * r,
            "kernel": k * r,
            "total": k + n * r + k * r,
            "dense": n * n,
        }

    def __repr__(self) -> str:
        return (
            f"<LDRPerturbation rank {self.rank} of order {self.group.order}, "
            f"kernel {self.kernel.size}>"
        )

    # ------------------------------------------------------------------ forms
    def coefficient_matrix(self) -> Matrix:
        """``F = 1 b^T + A C^T`` on the kernel: ``(n, |K|)``."""
        return self.b[None, :] + self.A @ self.C.T

    def full_coefficient_matrix(self) -> Matrix:
        """``F`` as ``(n, n)`` (zero outside the kernel), for
        :func:`~groupmat.from_coefficient_matrix`."""
        n = self.group.order
        F = self.coefficient_matrix()
        if _is_torch(F):
            out = F.new_zeros((n, n))
            out[:, _long(self.kernel, F.device)] = F
            return out
        out = np.zeros((n, n), dtype=F.dtype)
        out[:, self.kernel] = F
        return out

    def to_dense(self, *, force: bool = False) -> Matrix:
        """The ``n x n`` matrix (for checks; guarded like
        :func:`~groupmat.group_matrix`)."""
        _guard(self.group.order, force, "the dense LDR matrix")
        return from_coefficient_matrix(self.full_coefficient_matrix(), self.group)

    # ------------------------------------------------------------------ application
    def apply(self, x: MatrixLike) -> Matrix:
        """``M x`` along the last axis, ``(..., n) -> (..., n)``: one gather of ``x`` at the
        ``(|K|, n)`` index ``h s``, one contraction with ``[b, C]`` (``r + 1`` convolutions)
        and the position modulation by ``A``. ``O(n |K| (r + 1))``."""
        n = self.group.order
        if any(_is_torch(v) for v in (x, self.b, self.A, self.C)):
            import torch

            ref = next(v for v in (x, self.b, self.A, self.C) if _is_torch(v))
            dev = ref.device
            xt = torch.as_tensor(x, device=dev)
            b, A, C = (torch.as_tensor(v, device=dev) for v in (self.b, self.A, self.C))
            dt = xt.dtype
            for v in (b, A, C):
                dt = torch.promote_types(dt, v.dtype)
            if self._torch_index is None or self._torch_index.device != dev:
                self._torch_index = _long(self.index, dev)
            W = torch.cat([b[:, None], C], dim=1).to(dt)  # (|K|, r + 1)
            Y = torch.einsum("jq,...jh->...qh", W, xt.to(dt)[..., self._torch_index])
            return Y[..., 0, :] + torch.einsum("hi,...ih->...h", A.to(dt), Y[..., 1:, :])
        xn = np.asarray(x)
        if xn.shape[-1] != n:
            raise ValueError(f"expected last dimension {n}, got shape {xn.shape}")
        W = np.concatenate([self.b[:, None], self.C], axis=1)
        Y = np.einsum("jq,...jh->...qh", W, xn[..., self.index])
        return Y[..., 0, :] + np.einsum("hi,...ih->...h", self.A, Y[..., 1:, :])

    def exact_part(self) -> GroupMatrixOperator:
        """The equivariant part ``M_b`` as a
        :class:`~groupmat.GroupMatrixOperator`."""
        from groupmat.algebra.matrices._group_matrix_operator import GroupMatrixOperator

        n = self.group.order
        if _is_torch(self.b):
            a = self.b.new_zeros(n)
            a[_long(self.kernel, self.b.device)] = self.b
        else:
            a = np.zeros(n, dtype=self.b.dtype)
            a[self.kernel] = self.b
        return GroupMatrixOperator(self.group, a, support=self.kernel)


def ldr_matrix(
    G: Group, b: MatrixLike, A: MatrixLike, C: MatrixLike, kernel: ElementsLike | None = None
) -> LDRPerturbation:
    """``F = 1 b^T + A C^T`` as an :class:`LDRPerturbation` (see there).

    Examples
    --------
    >>> import numpy as np
    >>> from groupmat import cyclic
    >>> L = ldr_matrix(cyclic(4), np.ones(4), np.zeros((4, 1)), np.zeros((4, 1)))
    >>> L.to_dense().tolist()
    [[1.0, 1.0, 1.0, 1.0], [1.0, 1.0, 1.0, 1.0], [1.0, 1.0, 1.0, 1.0], [1.0, 1.0, 1.0, 1.0]]
    """
    return LDRPerturbation(G, b, A, C, kernel=kernel)
