"""Structured group matrices: matvec in ``O(n |support|)`` without forming ``n x n`` entries.

:class:`GroupMatrixOperator` applies ``M_a`` (see :func:`~groupmat.group_matrix` for the
conventions) through the regular action restricted to the support ``S`` of ``a``:

    left:  ``(M_a f)(h) = sum_{s in S} a(s) f(h s)``,
    right: ``(M_a f)(h) = sum_{t in S} a(t) f(t^-1 h)``,

i.e. one gather ``f[..., I]`` with the ``(|S|, n)`` index array ``I[j, h] = h s_j`` (left) or
``t_j^-1 h`` (right) and a contraction with the ``|S|`` weights. numpy inputs use a
``scipy.sparse`` CSR matrix with the same ``n |S|`` entries (C speed); torch inputs use the
gather (differentiable in ``a`` and the input, on the weights' device).

:class:`KroneckerGroupMatrix` is the group matrix of a direct product ``G x H`` (element
``(g, h) -> g |H| + h``, as :func:`groupmat.direct_product` numbers it) with
coefficients ``A[g, h] = a((g, h))``. It is the block group matrix
``M_a = sum_{s in G} R^G_s ⊗ M^H_{A[s, :]}`` (block ``(g, g')`` is the ``H``-group matrix of
``A[g^-1 g', :]``; for ``A = u v^T`` it is ``M^G_u ⊗ M^H_v``) and is applied as two separable
gathers, ``O(n |S_G| |S_H|)`` for row/column supports ``S_G``, ``S_H`` of ``A``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from groupmat.algebra.matrices._group_matrix import (
    Convention,
    _check_convention,
    _is_torch,
    _long,
    group_matrix,
    group_matrix_index,
)
from groupmat.algebra.matrices._regular import left_translates, right_translates
from groupmat.errors import SizeLimitError

if TYPE_CHECKING:  # pragma: no cover
    import scipy.sparse
    import scipy.sparse.linalg
    import torch

    from groupmat.algebra._group import Group
    from groupmat.algebra._validate import ElementLike, ElementsLike
    from groupmat.algebra.matrices._group_matrix import Matrix, MatrixLike

__all__ = ["GATHER_NNZ", "MAX_INDEX_ENTRIES", "GroupMatrixOperator", "KroneckerGroupMatrix"]

#: Largest index array ``|S| * n`` an operator builds (2^28 int64 entries = 2 GiB).
MAX_INDEX_ENTRIES = 1 << 28

#: Up to this many non-zeros a numpy matvec uses the gather path instead of scipy's CSR
#: product (measured crossover on one core: ~4000; see benchmarks/group_matrix.py).
GATHER_NNZ = 4096


def _support(a: Any) -> np.ndarray:
    if _is_torch(a):
        return np.flatnonzero(a.detach().cpu().numpy())
    return np.flatnonzero(np.asarray(a))


def _translate_index(G: Group, support: np.ndarray, convention: str) -> np.ndarray:
    """``I[j, h]`` = index of ``h s_j`` (left) or ``s_j^-1 h`` (right)."""
    if support.size * G.order > MAX_INDEX_ENTRIES:
        raise SizeLimitError(
            f"the structured operator needs a {support.size} x {G.order} index array "
            f"({support.size * G.order} entries > MAX_INDEX_ENTRIES={MAX_INDEX_ENTRIES}); "
            "use a smaller support (the operator pays off only when |support| << n)"
        )
    if convention == "left":
        return right_translates(G, support)
    return left_translates(G, G.inverse[support])


def _check_length(x: Any, n: int, axis: int, what: str) -> None:
    """Refuse (``ValueError``) an operand whose axis ``axis`` is not of length ``n``."""
    shape = tuple(x.shape) if hasattr(x, "shape") else np.shape(x)
    if len(shape) == 0 or shape[axis] != n:
        where = "last axis" if axis == -1 else "first axis"
        raise ValueError(
            f"{what} must have length {n} (the group order) on its {where}, got shape {shape}"
        )


class AppliedAlongLastAxis:
    """``matvec``, ``matmat``, ``@`` and calls for an operator defined by its ``apply``
    (``(..., n) -> (..., n)`` along the last axis, numpy or torch)."""

    def apply(self, x: MatrixLike) -> Matrix:  # pragma: no cover - provided by subclasses
        raise NotImplementedError

    def __call__(self, x: MatrixLike) -> Matrix:
        return self.apply(x)

    def matvec(self, x: MatrixLike) -> Matrix:
        """``M x`` for ``x`` of shape ``(n,)`` or ``(n, 1)``."""
        _check_length(x, self.shape[0], 0, "x")
        return self.apply(x.T).T if np.ndim(x) == 2 else self.apply(x)

    def matmat(self, X: MatrixLike) -> Matrix:
        """``M X`` for ``X`` of shape ``(n, k)``."""
        _check_length(X, self.shape[0], 0, "X")
        return self.apply(X.T).T

    def __matmul__(self, x: MatrixLike) -> Matrix:
        return self.matvec(x) if np.ndim(x) == 1 else self.matmat(x)


class GroupMatrixOperator:
    """The group matrix ``M_a`` as a structured operator (never ``n x n``).

    Parameters
    ----------
    G
        The group (``n`` elements).
    a
        Coefficients ``a(g_0), ..., a(g_{n-1})`` (numpy array or torch tensor of length ``n``).
    convention
        ``"left"`` (default, ``M[i, j] = a(g_i^-1 g_j)``) or ``"right"``
        (``M[i, j] = a(g_i g_j^-1)``).
    support
        Element indices where ``a`` may be non-zero (default: its non-zeros). Give it for
        torch parameters that are zero now but trained later.

    Notes
    -----
    Building costs ``O(|S| n)`` (``O(|S| n L)`` without the Cayley table) time and memory for
    the index array; ``matvec`` / ``matmat`` cost ``O(n |S|)`` per column. Compatible with
    :mod:`scipy.sparse.linalg` through :meth:`aslinearoperator` (and ``@``), exports to CSR
    (:meth:`to_sparse`) and to dense (:meth:`to_dense`, guarded).

    Examples
    --------
    >>> import numpy as np
    >>> from groupmat import dihedral
    >>> G = dihedral(50)
    >>> a = np.zeros(100); a[list(G.ball(1))] = [4.0, -1.0, -1.0, -1.0]
    >>> op = GroupMatrixOperator(G, a)
    >>> op.shape, op.nnz
    ((100, 100), 400)
    >>> x = np.random.default_rng(0).normal(size=100)
    >>> bool(np.allclose(op @ x, op.to_dense() @ x))
    True
    """

    def __init__(
        self,
        G: Group,
        a: MatrixLike,
        *,
        convention: Convention = "left",
        support: ElementsLike | None = None,
    ) -> None:
        _check_convention(convention)
        n = G.order
        if tuple(a.shape if _is_torch(a) else np.shape(a)) != (n,):
            raise ValueError(
                f"a must have shape ({n},) (one value per element), got "
                f"{tuple(a.shape if _is_torch(a) else np.shape(a))}"
            )
        self.group = G
        self.convention = convention
        self.coefficients = a if _is_torch(a) else np.asarray(a)
        if support is None:
            sup = _support(a)
        else:
            from groupmat.algebra._validate import element_array

            sup = np.unique(element_array(G, support, "support").reshape(-1))
        self.support = sup
        self.index = _translate_index(G, sup, convention)
        self._csr: Any = None
        self._torch_index: Any = None
        self._w = None if _is_torch(a) else self.coefficients[sup]
        self._gather = self._w is not None and self.nnz <= GATHER_NNZ
        self._vec = (n,)

    # ------------------------------------------------------------------ basics
    @property
    def shape(self) -> tuple[int, int]:
        return (self.group.order, self.group.order)

    @property
    def dtype(self) -> np.dtype | torch.dtype:
        return self.coefficients.dtype

    @property
    def nnz(self) -> int:
        """Stored entries, ``n |S|`` (the dense matrix has ``n^2``)."""
        return int(self.support.size * self.group.order)

    @property
    def weights(self) -> Matrix:
        """``a`` on the support (same backend as ``a``)."""
        if _is_torch(self.coefficients):
            return self.coefficients[_long(self.support, self.coefficients.device)]
        return self.coefficients[self.support]

    def __repr__(self) -> str:
        return (
            f"<GroupMatrixOperator {self.convention} of order {self.group.order}, "
            f"support {self.support.size}>"
        )

    # ------------------------------------------------------------------ application
    def apply(self, x: MatrixLike) -> Matrix:
        """``M_a`` applied along the **last** axis: ``(..., n) -> (..., n)`` (numpy or torch).

        torch input (or a torch ``a``) runs the differentiable gather
        ``y[..., h] = sum_j w_j x[..., I[j, h]]`` on ``x``'s device; numpy uses the CSR matrix.
        """
        n = self.group.order
        _check_length(x, n, -1, "x (applied along its last axis)")
        if _is_torch(x) or _is_torch(self.coefficients):
            import torch

            ref = x if _is_torch(x) else self.coefficients
            xt = torch.as_tensor(x, device=ref.device)
            w = self.weights
            w = torch.as_tensor(w, device=ref.device)
            dt = torch.promote_types(xt.dtype, w.dtype)
            if self._torch_index is None or self._torch_index.device != ref.device:
                self._torch_index = _long(self.index, ref.device)
            return torch.einsum("j,...jh->...h", w.to(dt), xt.to(dt)[..., self._torch_index])
        xn = np.asarray(x)
        flat = xn.reshape(-1, n)
        return np.asarray(self.to_sparse() @ flat.T).T.reshape(xn.shape)

    def matvec(self, x: MatrixLike) -> Matrix:
        """``M_a x`` for ``x`` of shape ``(n,)`` or ``(n, 1)`` (scipy convention).

        Small operators (``n |S| <=`` :data:`GATHER_NNZ`) use the gather ``w @ x[I]``, which
        has less call overhead than scipy's CSR product; larger ones use the CSR matrix.
        """
        if self._gather and type(x) is np.ndarray and x.shape == self._vec:
            return self._w @ x[self.index]  # fast path: no dispatch
        _check_length(x, self.group.order, 0, "x")
        if _is_torch(x) or _is_torch(self.coefficients):
            return self.apply(x.T).T if x.ndim == 2 else self.apply(x)
        return np.asarray(self.to_sparse() @ np.asarray(x))

    def matmat(self, X: MatrixLike) -> Matrix:
        """``M_a X`` for ``X`` of shape ``(n, k)``: ``O(n |S| k)``."""
        _check_length(X, self.group.order, 0, "X")
        if _is_torch(X) or _is_torch(self.coefficients):
            return self.apply(X.T).T
        return np.asarray(self.to_sparse() @ np.asarray(X))

    def __matmul__(self, x: MatrixLike) -> Matrix:
        if self._gather and type(x) is np.ndarray and x.shape == self._vec:
            return self._w @ x[self.index]
        nd = x.ndim if hasattr(x, "ndim") else np.ndim(x)
        if nd not in (1, 2):
            raise ValueError(
                f"M @ x needs a vector (n,) or a matrix (n, k) with n = {self.group.order}, got "
                f"shape {tuple(np.shape(x))}; use M.apply(x) for batches along the last axis"
            )
        return self.matvec(x) if nd == 1 or (nd == 2 and x.shape[1] == 1) else self.matmat(x)

    def __call__(self, x: MatrixLike) -> Matrix:
        return self.apply(x)

    # ------------------------------------------------------------------ transposes
    @property
    def T(self) -> GroupMatrixOperator:
        """``M_a^T = M_{a*}`` with ``a*(g) = a(g^-1)`` (support ``S^-1``), same convention."""
        G = self.group
        inv = G.inverse
        if _is_torch(self.coefficients):
            a_star = self.coefficients[_long(inv, self.coefficients.device)]
        else:
            a_star = self.coefficients[inv]
        return GroupMatrixOperator(G, a_star, convention=self.convention, support=inv[self.support])

    @property
    def H(self) -> GroupMatrixOperator:
        """Conjugate transpose ``M_{conj(a)*}``."""
        t = self.T
        t.coefficients = t.coefficients.conj()
        t._csr = None
        t._w = None if t._w is None else t._w.conj()
        t._gather = t._w is not None and t.nnz <= GATHER_NNZ
        return t

    def rmatvec(self, x: MatrixLike) -> Matrix:
        """``M_a^H x`` (for :class:`scipy.sparse.linalg.LinearOperator`)."""
        return self.H.matvec(x)

    # ------------------------------------------------------------------ exports
    def to_sparse(self) -> scipy.sparse.csr_array:
        """The ``n |S|`` non-zeros as a ``scipy.sparse.csr_array`` (cached; numpy ``a`` only;
        a torch ``a`` is detached)."""
        if self._csr is None:
            import scipy.sparse as sps

            n, k = self.group.order, self.support.size
            w = self.weights
            if _is_torch(w):
                w = w.detach().cpu().numpy()
            data = np.broadcast_to(w, (n, k)).ravel()
            indptr = np.arange(n + 1, dtype=np.int64) * k
            self._csr = sps.csr_array((data, self.index.T.ravel(), indptr), shape=(n, n))
        return self._csr

    def to_dense(self, *, force: bool = False) -> Matrix:
        """The dense ``n x n`` group matrix (see :func:`group_matrix`; guarded)."""
        return group_matrix(self.group, self.coefficients, convention=self.convention, force=force)

    def aslinearoperator(self) -> scipy.sparse.linalg.LinearOperator:
        """A :class:`scipy.sparse.linalg.LinearOperator` (for ``cg``, ``gmres``, ``eigs``...)."""
        from scipy.sparse.linalg import LinearOperator

        return LinearOperator(
            self.shape,
            matvec=self.matvec,
            rmatvec=self.rmatvec,
            matmat=self.matmat,
            dtype=np.dtype(str(self.dtype).replace("torch.", "")),
        )


class KroneckerGroupMatrix(AppliedAlongLastAxis):
    """Group matrix of a direct product ``G x H`` applied through its block structure.

    Parameters
    ----------
    G, H
        The factors; the product's element ``(g, h)`` has index ``g |H| + h``.
    A
        ``(|G|, |H|)`` coefficients, ``A[g, h] = a((g, h))`` (``a.reshape(|G|, |H|)`` for ``a``
        on the product), numpy or torch.
    convention
        As in :func:`~groupmat.group_matrix`.

    Notes
    -----
    ``(M_a x)[(g, h)] = sum_{s, t} A[s, t] x[(g s, h t)]`` (left convention) is evaluated as
    ``Y[t] = sum_s A[s, t] X[g s, :]`` (a gather over ``G``) followed by a gather over ``H``:
    ``O(n |S_G| |S_H|)`` time and ``O(n |S_H|)`` temporary memory per vector, ``n = |G||H|``;
    nothing of size ``n^2`` is formed.

    Examples
    --------
    >>> import numpy as np
    >>> from groupmat import cyclic, direct_product
    >>> G, H = cyclic(3), cyclic(4)
    >>> A = np.arange(12.0).reshape(3, 4)
    >>> K = KroneckerGroupMatrix(G, H, A)
    >>> M = group_matrix(direct_product(G, H), A.ravel())
    >>> bool(np.allclose(K.to_dense(), M)), bool(np.allclose(K @ np.ones(12), M.sum(1)))
    (True, True)
    """

    def __init__(
        self, G: Group, H: Group, A: MatrixLike, *, convention: Convention = "left"
    ) -> None:
        _check_convention(convention)
        shape = tuple(A.shape) if _is_torch(A) else np.shape(A)
        if shape != (G.order, H.order):
            raise ValueError(f"A must have shape ({G.order}, {H.order}) = (|G|, |H|), got {shape}")
        self.factors = (G, H)
        self.convention = convention
        self.coefficients = A if _is_torch(A) else np.asarray(A)
        nz = _support(A).reshape(-1)
        rows, cols = np.unique(nz // H.order), np.unique(nz % H.order)
        self.support = (rows, cols)
        self.index = (_translate_index(G, rows, convention), _translate_index(H, cols, convention))
        self._torch: dict[Any, Any] = {}

    @property
    def shape(self) -> tuple[int, int]:
        n = self.factors[0].order * self.factors[1].order
        return (n, n)

    @property
    def dtype(self) -> np.dtype | torch.dtype:
        return self.coefficients.dtype

    def __repr__(self) -> str:
        G, H = self.factors
        return (
            f"<KroneckerGroupMatrix {self.convention} of order {G.order}x{H.order}, "
            f"support {self.support[0].size}x{self.support[1].size}>"
        )

    def apply(self, x: MatrixLike) -> Matrix:
        """``M_a`` along the last axis, ``(..., n) -> (..., n)``, numpy or torch."""
        G, H = self.factors
        _check_length(x, G.order * H.order, -1, "x (applied along its last axis)")
        (rows, cols), (ig, ih) = self.support, self.index
        if _is_torch(x) or _is_torch(self.coefficients):
            import torch

            ref = x if _is_torch(x) else self.coefficients
            dev = ref.device
            if dev not in self._torch:
                self._torch[dev] = tuple(_long(v, dev) for v in (ig, ih, rows, cols))
            tig, tih, trows, tcols = self._torch[dev]
            xt = torch.as_tensor(x, device=dev)
            A = torch.as_tensor(self.coefficients, device=dev)
            dt = torch.promote_types(xt.dtype, A.dtype)
            X = xt.to(dt).reshape(*xt.shape[:-1], G.order, H.order)
            W = A.to(dt)[trows][:, tcols]
            Y = torch.einsum("st,...sgh->...tgh", W, X[..., tig, :])
            idx = tih[:, None, :].expand(*Y.shape[:-3], tih.shape[0], G.order, H.order)
            return torch.gather(Y, -1, idx).sum(-3).reshape(xt.shape)
        xn = np.asarray(x)
        X = xn.reshape(*xn.shape[:-1], G.order, H.order)
        W = self.coefficients[np.ix_(rows, cols)]
        Y = np.einsum("st,...sgh->...tgh", W, X[..., ig, :])
        idx = np.broadcast_to(ih[:, None, :], Y.shape)
        return np.take_along_axis(Y, idx, axis=-1).sum(-3).reshape(xn.shape)

    # ------------------------------------------------------------------ transposes
    @property
    def T(self) -> KroneckerGroupMatrix:
        """``M_a^T = M_{a*}`` with ``a*((g, h)) = a((g^-1, h^-1))``: ``A*[s, t] =
        A[s^-1, t^-1]``, same factors and convention."""
        G, H = self.factors
        A = self.coefficients
        if _is_torch(A):
            A = A[_long(G.inverse, A.device)][:, _long(H.inverse, A.device)]
        else:
            A = A[np.ix_(G.inverse, H.inverse)]
        return KroneckerGroupMatrix(G, H, A, convention=self.convention)

    @property
    def H(self) -> KroneckerGroupMatrix:
        """Conjugate transpose ``M_{conj(a)*}``."""
        t = self.T
        t.coefficients = t.coefficients.conj()
        return t

    def rmatvec(self, x: MatrixLike) -> Matrix:
        """``M_a^H x`` (for :class:`scipy.sparse.linalg.LinearOperator`)."""
        return self.H.matvec(x)

    def rmatmat(self, X: MatrixLike) -> Matrix:
        """``M_a^H X`` for ``X`` of shape ``(n, k)``."""
        return self.H.matmat(X)

    def block(self, i: ElementLike, j: ElementLike) -> Matrix:
        """Coefficients on ``H`` of block ``(g_i, g_j)``: ``A[g_i^-1 g_j, :]`` (left) or
        ``A[g_i g_j^-1, :]`` (right); the block is the ``H``-group matrix of that row."""
        from groupmat.algebra._validate import element_index

        G = self.factors[0]
        i, j = element_index(G, i, "i"), element_index(G, j, "j")
        inv = G.inverse
        s = G.multiply(inv[i], j) if self.convention == "left" else G.multiply(i, inv[j])
        return self.coefficients[int(s)]

    def to_dense(self, *, force: bool = False) -> Matrix:
        """Dense ``n x n`` matrix, ``M[(g,h), (g',h')] = A[I_G[g, g'], I_H[h, h']]`` (guarded)."""
        G, H = self.factors
        from groupmat.algebra.matrices._group_matrix import _guard

        _guard(G.order * H.order, force, "the dense Kronecker group matrix")
        IG = group_matrix_index(G, self.convention, force=True)
        IH = group_matrix_index(H, self.convention, force=True)
        n = G.order * H.order
        rows, cols = IG[:, None, :, None], IH[None, :, None, :]
        if _is_torch(self.coefficients):
            dev = self.coefficients.device
            rows = _long(rows, dev)
            cols = _long(cols, dev)
        return self.coefficients[rows, cols].reshape(n, n)

    def aslinearoperator(self) -> scipy.sparse.linalg.LinearOperator:
        """A :class:`scipy.sparse.linalg.LinearOperator` (numpy coefficients)."""
        from scipy.sparse.linalg import LinearOperator

        return LinearOperator(
            self.shape,
            matvec=self.matvec,
            matmat=self.matmat,
            rmatvec=self.rmatvec,
            rmatmat=self.rmatmat,
            dtype=self.coefficients.dtype,
        )
