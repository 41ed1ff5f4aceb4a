"""Displacement operators, displacement rank and the equivariance error of a matrix.

Classical operators (Kailath, Kung & Morf 1979; V. Y. Pan, *Structured Matrices and
Polynomials*, Birkhäuser 2001, ch. 4), for square ``A``, ``B``:

* Sylvester ``nabla_{A,B}(M) = A M - M B`` (:func:`sylvester_displacement`, alias
  :func:`displacement`, the public ``gm.displacement(M, A, B)``),
* Stein ``Delta_{A,B}(M) = M - A M B`` (:func:`stein_displacement`).

Both are linear in ``M``, so ``rank nabla(M + N) <= rank nabla(M) + rank nabla(N)``, and the
Sylvester operator obeys the product rule
``nabla_{A,C}(M N) = nabla_{A,B}(M) N + M nabla_{B,C}(N)``, hence
``rank nabla_{A,C}(MN) <= rank nabla_{A,B}(M) + rank nabla_{B,C}(N)`` (Pan, Thm 1.5.4).

Group displacement (docs/concepts/displacement.md; the GM paper, arXiv:2409.11772). With the left
regular matrices ``L_u`` (:func:`~groupmat.regular_matrix`):

* **Sylvester form** ``nabla_u(M) = L_u M - M L_u``. ``M`` is a (left) group matrix iff
  ``nabla_u(M) = 0`` for every generator ``u`` (the commutant of the left regular
  representation is spanned by the ``R_s``; generators suffice because ``u -> L_u`` is a
  homomorphism): :func:`displacement_vanishes`.
* **Coefficient form** ``D_u(F) = F - P_u F`` on ``F[h, s] = M[h, h s]``
  (:func:`~groupmat.coefficient_matrix`), with ``(P_u F)[h] = F[u^-1 h]``:
  ``P_u F`` is the coefficient form of ``L_u M L_u^-1``. The paper's displacement acts on
  ``F`` this way (docs/concepts/displacement.md states which form every figure and layer
  uses).

**Theorem** (coefficient displacement rank). For a generating set ``U`` the stacked
``D(F) = [D_u(F)]_{u in U}`` (``|U| n x n``) has rank ``rank(F - 1 mean(F))`` = the rank of the
coefficient form of ``M - P(M)``, ``P`` the projection onto group matrices. *Proof:* the stacked
operator ``T = [I - P_u]_u`` kills constants, so ``T F = T F_0`` with ``F_0 = F - 1 mean(F)``;
its kernel is the vectors invariant under all ``P_u``, i.e. (``U`` generates ``G``, which acts
transitively) the constants, and the columns of ``F_0`` have mean zero, so ``T`` is injective
on them and ``rank T F_0 = rank F_0``. Hence the LDR matrices ``F = 1 b^T + sum_{i<=r} a_i
c_i^T`` (:mod:`groupmat.algebra.matrices._ldr`) have coefficient displacement rank ``<= r``, ``= r``
generically, and 0 exactly for group matrices. Their *Sylvester* displacement rank is
generally much larger (``[L_u, diag(a_i)] M_{c_i}`` has rank up to ``n``), which is why
:func:`displacement_rank` ``(M, G)`` defaults to the coefficient form.

**Equivariance error.** ``E(M) = mean_{u in G} ||L_u M L_u^-1 - M||_F^2 = 2 ||M - P(M)||_F^2``.
*Proof:* in coefficient form ``L_u M L_u^-1 - M`` is ``P_u F_0 - F_0`` (the row-constant part
cancels) and ``||P_u F_0 - F_0||^2 = 2 ||F_0||^2 - 2 <P_u F_0, F_0>``; averaging over ``u in G``,
``mean_u P_u F_0`` replaces every row by the column means of ``F_0``, which are 0. The constant
2 is the one in docs/concepts/approximate-equivariance.md. Also
``||L_u M - M L_u||_F = ||L_u M L_u^-1 - M||_F``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Literal

import numpy as np

from groupmat.algebra._validate import as_int, element_array
from groupmat.algebra.matrices._group_matrix import (
    Matrix,
    MatrixLike,
    _is_torch,
    _long,
    coefficient_matrix,
    squared_distance_to_group_matrices,
)
from groupmat.algebra.matrices._regular import left_translates, regular_matrix
from groupmat.errors import SizeLimitError

if TYPE_CHECKING:  # pragma: no cover
    import scipy.sparse
    import torch

    from groupmat.algebra._group import Group
    from groupmat.algebra._validate import ElementLike, ElementsLike

__all__ = [
    "MAX_RANK_ENTRIES",
    "displacement",
    "displacement_rank",
    "displacement_vanishes",
    "equivariance_error_of_matrix",
    "group_displacement",
    "group_displacement_operators",
    "group_displacements",
    "numerical_rank",
    "stein_displacement",
    "sylvester_displacement",
]

Form = Literal["coefficient", "sylvester"]

#: Largest number of entries :func:`numerical_rank` densifies from a sparse input.
MAX_RANK_ENTRIES = 1 << 26


def _is_sparse(x: Any) -> bool:
    sps = __import__("sys").modules.get("scipy.sparse")
    return sps is not None and sps.issparse(x)


def _check_square_ops(M: Any, A: Any, B: Any) -> None:
    for nm, X in (("A", A), ("B", B)):
        s = tuple(X.shape)
        if len(s) != 2 or s[0] != s[1]:
            raise ValueError(f"{nm} must be a square matrix, got shape {s}")
    ms = tuple(M.shape)
    if len(ms) < 2 or ms[-2] != A.shape[0] or ms[-1] != B.shape[0]:
        raise ValueError(f"shapes do not match: A {tuple(A.shape)}, M {ms}, B {tuple(B.shape)}")


def sylvester_displacement(M: MatrixLike, A: MatrixLike, B: MatrixLike) -> MatrixLike:
    """Sylvester displacement ``nabla_{A,B}(M) = A M - M B``.

    numpy arrays, torch tensors (differentiable) or scipy sparse matrices (mixed sparse/dense
    gives dense); ``O(n^3)`` dense, ``O(nnz n)`` for sparse permutation operators.

    Examples
    --------
    >>> import numpy as np
    >>> Z = np.roll(np.eye(3, dtype=int), 1, axis=0)     # cyclic shift
    >>> C = np.array([[1, 2, 3], [3, 1, 2], [2, 3, 1]])  # circulant: commutes with Z
    >>> sylvester_displacement(C, Z, Z).tolist()
    [[0, 0, 0], [0, 0, 0], [0, 0, 0]]
    """
    _check_square_ops(M, A, B)
    return A @ M - M @ B


#: The public name: ``gm.displacement(M, A, B) = A @ M - M @ B``.
displacement = sylvester_displacement


def stein_displacement(M: MatrixLike, A: MatrixLike, B: MatrixLike) -> MatrixLike:
    """Stein displacement ``Delta_{A,B}(M) = M - A M B``.

    Examples
    --------
    >>> import numpy as np
    >>> Z = np.roll(np.eye(3), 1, axis=0)
    >>> C = np.array([[1., 2, 3], [3, 1, 2], [2, 3, 1]])
    >>> float(np.abs(stein_displacement(C, Z, Z.T)).max())   # Z C Z^T = C
    0.0
    """
    _check_square_ops(M, A, B)
    return M - A @ M @ B


def _dense_numpy(X: Any, max_entries: int | None = None) -> np.ndarray:
    if _is_sparse(X):
        limit = MAX_RANK_ENTRIES if max_entries is None else max_entries
        entries = int(X.shape[0]) * int(X.shape[1])
        if entries > limit:
            raise SizeLimitError(
                f"numerical_rank densifies a {X.shape} sparse matrix: {entries:_} entries "
                f"(~{entries * 8 / 2**30:.2f} GiB as float64), above max_entries={limit:_} "
                f"(default MAX_RANK_ENTRIES={MAX_RANK_ENTRIES:_}); pass max_entries= to "
                "allow it"
            )
        X = X.toarray()
    if _is_torch(X):
        X = X.detach().cpu().numpy()
    Xn = np.asarray(X)
    if not np.issubdtype(Xn.dtype, np.inexact):
        Xn = Xn.astype(np.float64)
    return Xn


def _spectral_norm(X: Any, what: str = "M") -> float:
    Xn = _dense_numpy(X)
    if Xn.size and not np.isfinite(Xn).all():
        bad = tuple(int(i) for i in np.argwhere(~np.isfinite(Xn))[0])
        raise ValueError(
            f"{what} must be finite; entry {bad} of the {Xn.shape} matrix is {Xn[bad]} "
            "(the displacement rank of a matrix with NaN or inf entries is undefined)"
        )
    return float(np.linalg.norm(Xn, 2)) if Xn.size else 0.0


def numerical_rank(
    X: MatrixLike,
    tol: float | None = None,
    *,
    rtol: float | None = None,
    scale: float | None = None,
    max_entries: int | None = None,
) -> int:
    """Numerical rank: the number of singular values ``> tol``.

    Default ``tol = rtol * scale`` with ``rtol = max(shape) * eps`` (numpy's ``matrix_rank``
    rule; ``eps`` of the input's float type) and ``scale = sigma_max(X)``. Pass ``scale`` when
    ``X`` is a difference of larger terms (a displacement ``A M - M B``): then round-off is
    relative to those terms, and a displacement that is zero up to round-off has rank 0.
    Batched input is not accepted. Sparse input is densified up to ``max_entries`` entries
    (default :data:`MAX_RANK_ENTRIES`, ``2^26``: 512 MiB of float64); larger ones raise
    :class:`~groupmat.SizeLimitError` before allocating. Cost ``O(m n min(m, n))`` (one SVD).

    Examples
    --------
    >>> import numpy as np
    >>> numerical_rank(np.outer([1.0, 2, 3], [1.0, 1, 0]) + 1e-14)
    2
    >>> numerical_rank(np.full((3, 3), 1e-17), scale=1.0)
    0
    """
    if max_entries is not None:
        max_entries = as_int(max_entries, "max_entries", minimum=1)
    Xn = _dense_numpy(X, max_entries)
    if Xn.ndim != 2:
        raise ValueError(f"numerical_rank needs a 2-d matrix, got shape {Xn.shape}")
    if Xn.size == 0:
        return 0
    if not np.isfinite(Xn).all():
        bad = tuple(int(i) for i in np.argwhere(~np.isfinite(Xn))[0])
        raise ValueError(
            f"numerical_rank needs a finite matrix; entry {bad} of the {Xn.shape} matrix is "
            f"{Xn[bad]} (the rank of a matrix with NaN or inf entries is undefined)"
        )
    s = np.linalg.svd(Xn, compute_uv=False)
    if tol is None:
        eps = float(np.finfo(Xn.dtype).eps)
        ref = float(s.max()) if scale is None else max(float(scale), float(s.max()))
        tol = (rtol if rtol is not None else max(Xn.shape) * eps) * ref
    return int((s > tol).sum())


# ------------------------------------------------------------------ group displacement
def _generators(G: Group, generators: ElementsLike | None) -> np.ndarray:
    if generators is None:
        return np.asarray(G.generators, dtype=np.int64).reshape(-1)
    return element_array(G, generators, "generators").reshape(-1)


def group_displacement_operators(
    G: Group, generators: ElementsLike | None = None, *, sparse: bool = True
) -> list[np.ndarray | scipy.sparse.csr_array]:
    """The left regular matrices ``L_u`` of the generators (scipy sparse or dense).

    Examples
    --------
    >>> from groupmat import dihedral
    >>> [op.nnz for op in group_displacement_operators(dihedral(4))]
    [8, 8]
    """
    return [regular_matrix(G, int(u), "left", sparse=sparse) for u in _generators(G, generators)]


def _check_square(M: Any, n: int, what: str = "M") -> None:
    """Refuse (``ValueError``) an ``M`` whose last two axes are not ``n x n``."""
    shape = tuple(getattr(M, "shape", np.shape(M)))
    if len(shape) < 2 or shape[-2:] != (n, n):
        raise ValueError(
            f"{what} must have shape (..., {n}, {n}) for a group of order {n}, got shape {shape}"
        )


def _take(M: Any, idx: np.ndarray, axis: int) -> Any:
    if _is_torch(M):
        t = _long(idx, M.device)
        return M.index_select(M.ndim + axis, t)
    return np.take(np.asarray(M), idx, axis=axis)


def group_displacement(
    M: MatrixLike, G: Group, u: ElementLike, *, form: Form = "sylvester"
) -> Matrix:
    """The displacement of ``M`` with respect to one element ``u`` (usually a generator).

    ``form="sylvester"``: ``L_u M - M L_u``, computed as the gathers ``M[u^-1 g_i, :]`` and
    ``M[:, u g_j]`` in ``O(n^2)`` (no matrix product). ``form="coefficient"``:
    ``D_u(F) = F - P_u F`` with ``F`` the coefficient form and ``(P_u F)[h] = F[u^-1 h]``.
    numpy or torch (differentiable), batch axes allowed.

    Examples
    --------
    >>> import numpy as np
    >>> from groupmat import symmetric
    >>> from groupmat import group_matrix
    >>> G = symmetric(3)
    >>> M = group_matrix(G, np.arange(6.0))
    >>> float(np.abs(group_displacement(M, G, G.generators[0])).max())
    0.0
    """
    from groupmat.algebra._validate import element_index

    u = element_index(G, u, "u")
    _check_square(M, G.order)
    lp = left_translates(G, [G.inverse[u]])[0]  # u^-1 g_j
    if form == "sylvester":
        lu = left_translates(G, [u])[0]  # u g_j
        return _take(M, lp, -2) - _take(M, lu, -1)
    if form == "coefficient":
        F = coefficient_matrix(M, G)
        return F - _take(F, lp, -2)
    raise ValueError(f"form must be 'coefficient' or 'sylvester', got {form!r}")


def group_displacements(
    M: MatrixLike, G: Group, generators: ElementsLike | None = None, *, form: Form = "coefficient"
) -> Matrix:
    """Displacements for every generator stacked on a new axis ``-3``: ``(..., k, n, n)``.

    See :func:`group_displacement`. ``O(k n^2)``.
    """
    _check_square(M, G.order)
    parts = [group_displacement(M, G, int(u), form=form) for u in _generators(G, generators)]
    if _is_torch(M):
        import torch

        return torch.stack(parts, dim=-3)
    return np.stack(parts, axis=-3)


def displacement_rank(
    M: MatrixLike,
    A: MatrixLike | Group,
    B: MatrixLike | None = None,
    *,
    generators: ElementsLike | None = None,
    form: Form = "coefficient",
    kind: Literal["sylvester", "stein"] = "sylvester",
    tol: float | None = None,
    rtol: float | None = None,
) -> int:
    """Numerical displacement rank, for explicit operators or for a group.

    ``displacement_rank(M, A, B)`` is ``rank(A M - M B)`` (``kind="sylvester"``, default) or
    ``rank(M - A M B)`` (``kind="stein"``).

    ``displacement_rank(M, G)`` stacks the displacements of all generators (or ``generators``)
    vertically and takes the rank: ``form="coefficient"`` (default;
    docs/concepts/displacement.md, the GM paper's form, equal to ``rank(F - 1 mean(F))`` by
    the theorem in the module notes, so it recovers ``r`` for
    :class:`~groupmat.LDRPerturbation` matrices) or
    ``form="sylvester"`` (``[L_u M - M L_u]_u``).

    ``tol`` / ``rtol``: see :func:`numerical_rank`; the default tolerance is
    ``max(shape) eps`` times the size of the terms being subtracted (``||M|| (||A|| + ||B||)``,
    ``||M|| (1 + ||A|| ||B||)``, or ``2 ||M||`` / ``2 ||F||`` for a group, spectral norms), so
    exact structure up to round-off has rank 0.

    Examples
    --------
    >>> import numpy as np
    >>> from groupmat import cyclic
    >>> from groupmat import ldr_matrix
    >>> G = cyclic(12)
    >>> rng = np.random.default_rng(0)
    >>> L = ldr_matrix(G, rng.normal(size=12), rng.normal(size=(12, 2)), rng.normal(size=(12, 2)))
    >>> displacement_rank(L.to_dense(), G), displacement_rank(np.eye(12), G)
    (2, 0)
    """
    from groupmat.algebra._group import Group

    if isinstance(A, Group):
        if B is not None:
            raise TypeError("displacement_rank(M, G) takes no third operand; use generators=")
        D = group_displacements(M, A, generators, form=form)
        n = A.order
        if D.ndim != 3:
            raise ValueError("displacement_rank takes one matrix, not a batch")
        ref = coefficient_matrix(M, A) if form == "coefficient" else M
        return numerical_rank(D.reshape(-1, n), tol, rtol=rtol, scale=2 * _spectral_norm(ref))
    if B is None:
        raise TypeError("displacement_rank(M, A, B) needs both operators (or a Group as A)")
    nm, na, nb = _spectral_norm(M), _spectral_norm(A, "A"), _spectral_norm(B, "B")
    if kind == "sylvester":
        D, scale = sylvester_displacement(M, A, B), nm * (na + nb)
    elif kind == "stein":
        D, scale = stein_displacement(M, A, B), nm * (1 + na * nb)
    else:
        raise ValueError(f"kind must be 'sylvester' or 'stein', got {kind!r}")
    return numerical_rank(D, tol, rtol=rtol, scale=scale)


def displacement_vanishes(
    M: MatrixLike, G: Group, generators: ElementsLike | None = None, *, tol: float | None = None
) -> bool:
    """Whether ``L_u M = M L_u`` for every generator ``u`` (within ``tol``).

    By the characterisation theorem (module notes) this holds iff ``M`` is a group matrix
    (:func:`~groupmat.is_group_matrix`); ``O(k n^2)``. Default ``tol``:
    ``64 eps max(|M|, 1) sqrt(n)`` for floats, 0 for exact input.

    Examples
    --------
    >>> import numpy as np
    >>> from groupmat import dihedral
    >>> G = dihedral(4)
    >>> displacement_vanishes(np.eye(8), G), displacement_vanishes(np.diag(np.arange(8.0)), G)
    (True, False)
    """
    from groupmat.algebra.matrices._group_matrix import _default_tol

    D = group_displacements(M, G, generators, form="sylvester")
    if tol is None:
        tol = _default_tol(M)
    if _is_torch(D):
        return bool(D.detach().abs().max() <= tol) if D.numel() else True
    return bool(np.abs(D).max() <= tol) if D.size else True


def equivariance_error_of_matrix(
    M: MatrixLike,
    G: Group,
    elements: ElementsLike | None = None,
    *,
    method: Literal["auto", "direct", "projection"] = "auto",
) -> float | torch.Tensor:
    """Mean squared equivariance defect ``mean_u ||L_u M L_u^-1 - M||_F^2``.

    Parameters
    ----------
    elements
        The ``u`` to average over (default: all of ``G``).
    method
        ``"projection"``: ``2 ||M - P(M)||_F^2`` (the identity in the module notes; only for
        all of ``G``), ``O(n^2)``. ``"direct"``: the definition, via the coefficient form
        (``||P_u F - F||_F^2``), ``O(m n^2)`` for ``m`` elements, chunked. ``"auto"``:
        projection for all of ``G``, direct otherwise.

    Returns
    -------
    float or torch.Tensor
        A float (numpy) or a differentiable scalar / batch tensor (torch).

    Examples
    --------
    >>> import numpy as np
    >>> from groupmat import cyclic
    >>> G = cyclic(5)
    >>> M = np.random.default_rng(1).normal(size=(5, 5))
    >>> bool(np.isclose(equivariance_error_of_matrix(M, G, method="direct"),
    ...                 equivariance_error_of_matrix(M, G)))
    True
    """
    if method not in ("auto", "direct", "projection"):
        raise ValueError(f"method must be 'auto', 'direct' or 'projection', got {method!r}")
    if method == "projection" and elements is not None:
        raise ValueError("method='projection' averages over all of G; drop elements=")
    if elements is None and method in ("auto", "projection"):
        return 2 * squared_distance_to_group_matrices(M, G)
    if elements is None:
        u = np.arange(G.order)
    else:
        u = element_array(G, elements, "elements").reshape(-1)
    F = coefficient_matrix(M, G)
    n = G.order
    total: Any = 0.0
    step = max(1, (1 << 22) // max(n * n, 1))
    for lo in range(0, u.size, step):
        idx = left_translates(G, G.inverse[u[lo : lo + step]])  # (m, n): u^-1 h
        if _is_torch(F):
            t = _long(idx, F.device)
            diff = F[..., t, :] - F[..., None, :, :]
            total = total + (diff * diff.conj()).real.sum((-3, -2, -1))
        else:
            diff = np.asarray(F)[..., idx, :] - np.asarray(F)[..., None, :, :]
            total = total + (np.abs(diff) ** 2).sum((-3, -2, -1))
    out = total / max(u.size, 1)
    return float(out) if not _is_torch(out) and np.ndim(out) == 0 else out
