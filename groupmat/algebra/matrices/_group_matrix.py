"""Group matrices, regular representations and the group algebra of a finite group.

Conventions
-----------
Elements are indices ``0..n-1`` (``g_0`` = identity). Signals ``f: G -> R`` are vectors of
length ``n``; the **left** and **right translations** are

    ``(L_u f)(h) = f(u^-1 h)``,   ``(R_s f)(h) = f(h s)``,

as permutation matrices ``L_u[i, j] = 1`` iff ``g_i = u g_j`` and ``R_s[i, j] = 1`` iff
``g_j = g_i s``. Both are homomorphisms (``L_u L_v = L_{uv}``, ``R_s R_t = R_{st}``) and they
commute with each other (docs/concepts/group-matrices.md).

The **group matrix** of ``a: G -> R`` (Frobenius 1896) comes in two index conventions:

``convention="left"`` (default; docs/concepts/group-matrices.md, and the GM paper's public code,
whose ``get_group_matrix`` labels entry ``(k, j)`` by ``g_k^-1 g_j``)
    ``M_a[i, j] = a(g_i^-1 g_j)`` = ``sum_s a(s) R_s``, so ``(M_a f)(h) = sum_s a(s) f(h s)``:
    a group convolution that commutes with every ``L_u`` (left-equivariant).
``convention="right"`` (Frobenius' and K. W. Johnson's ``x_{g h^-1}``)
    ``M_a[i, j] = a(g_i g_j^-1)`` = ``sum_t a(t) L_t``, ``(M_a f)(h) = sum_t a(t) f(t^-1 h)``;
    it commutes with every ``R_s``.

The two are conjugate by the inversion permutation ``J: g -> g^-1``:
``M^right_a = J M^left_a J``, i.e. ``M^right = M^left[inv][:, inv]``. In both,
``M_a M_b = M_{a*b}`` with the convolution ``(a*b)(u) = sum_s a(s) b(s^-1 u)`` and
``M_a^T = M_{a*}`` with the involution ``a*(g) = a(g^-1)``; for the left convention row 0 is
``a`` itself (``M_a[0, j] = a(g_j)``). For a cyclic group numbered by powers (``cyclic(n)``:
element ``i`` is ``a^i``) the right convention is exactly ``scipy.linalg.circulant(a)`` and the
left one its transpose.

Coefficient form (docs/concepts/displacement.md): any ``n x n`` matrix is
``M = sum_s diag(F[:, s]) R_s``
with ``F[h, s] = M[h, h s]`` (:func:`coefficient_matrix`); ``M`` is a (left) group matrix iff
every column of ``F`` is constant. Entries of ``M`` and ``F`` are a permutation of each other,
so the orthogonal projection onto the group matrices is "replace each column of ``F`` by its
mean", ``P(M) = mean_u L_u M L_u^-1`` (:func:`project_to_group_matrices`).

Backends: numpy arrays, torch tensors (differentiable, on ``a``'s device and dtype; leading
batch axes allowed) and sympy (lists of symbols, :func:`group_symbols`). Structured operators
that never form ``n x n`` entries are :class:`~groupmat.GroupMatrixOperator` and
:class:`~groupmat.KroneckerGroupMatrix`; the group determinant is
:func:`~groupmat.group_determinant`.

References
----------
K. W. Johnson, *Group Matrices, Group Determinants and Representation Theory*, Lecture Notes in
Mathematics 2233, Springer 2019, ch. 1-2; P. J. Davis, *Circulant Matrices*, Wiley 1979;
A. Samudre, M. Petrache, B. D. Nord, S. Trivedi, "Symmetry-Based Structured Matrices for
Efficient Approximately Equivariant Networks", AISTATS 2025 (arXiv:2409.11772).
"""

from __future__ import annotations

import re
import sys
from typing import TYPE_CHECKING, Any, Literal, TypeAlias

import numpy as np

from groupmat.algebra.matrices._limits import MAX_DENSE_ORDER, dense_guard, symbolic_guard
from groupmat.algebra.matrices._regular import left_translates
from groupmat.errors import NotAGroupMatrixError

if TYPE_CHECKING:  # pragma: no cover
    import scipy.sparse
    import sympy
    import torch
    from numpy.typing import ArrayLike

    from groupmat.algebra._group import Group

#: A matrix (or batch of matrices, or coefficient vector) argument: a numpy array or nested
#: sequence, or a torch tensor (results stay tensors on its device, differentiable); scipy
#: sparse matrices where a function says so.
MatrixLike: TypeAlias = "ArrayLike | torch.Tensor | scipy.sparse.sparray | scipy.sparse.spmatrix"

#: What a matrix function returns: numpy for numpy / sequence input, torch for tensors.
Matrix: TypeAlias = "np.ndarray | torch.Tensor"

__all__ = [
    "MAX_DENSE_ORDER",
    "NotAGroupMatrixError",
    "coefficient_matrix",
    "convolve",
    "distance_to_group_matrices",
    "from_coefficient_matrix",
    "group_matrix",
    "group_matrix_coefficients",
    "group_matrix_index",
    "group_symbols",
    "involution",
    "is_group_matrix",
    "project_to_group_matrices",
    "squared_distance_to_group_matrices",
]

Convention = Literal["left", "right"]


# ------------------------------------------------------------------ helpers
def _is_torch(x: Any) -> bool:
    torch = sys.modules.get("torch")
    return torch is not None and isinstance(x, torch.Tensor)


def _long(idx: Any, device: Any) -> Any:
    """An index array as a fresh (writable) int64 torch tensor on ``device``."""
    import torch

    return torch.from_numpy(np.array(idx, dtype=np.int64)).to(device)


def _is_sympy(x: Any) -> bool:
    sp = sys.modules.get("sympy")
    if sp is None:
        return False
    if isinstance(x, (sp.MatrixBase, sp.NDimArray, sp.Basic)):
        return True
    if isinstance(x, np.ndarray):
        return x.dtype == object and x.size > 0 and isinstance(x.flat[0], sp.Basic)
    if isinstance(x, (list, tuple)) and x:
        return any(isinstance(v, sp.Basic) for v in x)
    return False


def _check_convention(convention: str) -> None:
    if convention not in ("left", "right"):
        raise ValueError(f"convention must be 'left' or 'right', got {convention!r}")


def _guard(n: int, force: bool, what: str) -> None:
    dense_guard(
        n,
        force,
        what,
        "use GroupMatrixOperator(G, a) (matvec in O(n |support a|) without forming the "
        "matrix), or pass force=True",
    )


# ------------------------------------------------------------------ construction
def group_matrix_index(
    G: Group, convention: Convention = "left", *, force: bool = False
) -> np.ndarray:
    """The ``(n, n)`` index array ``I`` with ``group_matrix(G, a) == a[I]``.

    ``I[i, j]`` = index of ``g_i^-1 g_j`` (left convention) or of ``g_i g_j^-1`` (right).
    ``O(n^2)`` time and int32 memory (a gather of the Cayley table).

    Examples
    --------
    >>> from groupmat import cyclic
    >>> group_matrix_index(cyclic(3)).tolist()
    [[0, 1, 2], [2, 0, 1], [1, 2, 0]]
    """
    _check_convention(convention)
    _guard(G.order, force, "the group matrix index")
    table = G.table if G.order <= MAX_DENSE_ORDER else G.cayley_table(force=True)
    inv = G.inverse
    return table[inv] if convention == "left" else table[:, inv]


def group_symbols(
    G: Group, prefix: str = "x", *, style: Literal["label", "index"] = "label", **assumptions: bool
) -> list[sympy.Symbol]:
    """One sympy symbol per element, named after the element's label.

    The label (shortest word, ``"a*b^-1"``) is made a valid identifier: ``*`` becomes ``_``,
    ``^-k`` becomes ``mk`` and ``^k`` becomes ``k``, so ``1 -> x_1``, ``a -> x_a``,
    ``a*b^-1 -> x_a_bm1``, ``a^2 -> x_a2``. If two labels collide after that (generator names
    ending in digits) or ``style="index"``, the names are ``x_0, x_1, ...`` by index.

    Examples
    --------
    >>> from groupmat import dihedral
    >>> group_symbols(dihedral(3))
    [x_1, x_r, x_rm1, x_s, x_r_s, x_s_r]
    """
    import sympy as sp

    n = G.order
    names: list[str] | None = None
    if style == "label":
        try:
            labels = G.labels()
        except Exception:  # pragma: no cover - labels need presentation.py
            labels = None
        if labels is not None:
            names = [f"{prefix}_{_sanitize(lab)}" for lab in labels]
            if len(set(names)) != n:
                names = None
    elif style != "index":
        raise ValueError(f"style must be 'label' or 'index', got {style!r}")
    if names is None:
        names = [f"{prefix}_{i}" for i in range(n)]
    return [sp.Symbol(nm, **assumptions) for nm in names]


def _sanitize(label: str) -> str:
    s = re.sub(r"\^-(\d+)", r"m\1", label)
    s = s.replace("^", "").replace("*", "_")
    return re.sub(r"[^0-9A-Za-z_]", "_", s)


def group_matrix(
    G: Group, a: MatrixLike | None = None, *, convention: Convention = "left", force: bool = False
) -> Matrix | sympy.Matrix:
    """The group matrix ``M_a`` of a function ``a: G -> R`` (numpy, torch or sympy).

    Parameters
    ----------
    G
        The group (``n`` elements).
    a
        Values ``a(g_0), ..., a(g_{n-1})``: a numpy array of shape ``(..., n)`` (result
        ``(..., n, n)``), a torch tensor of that shape (result on its device and dtype,
        differentiable in ``a``), or a list of sympy expressions (result a ``sympy.Matrix``).
        ``None`` means :func:`group_symbols` ``(G)``.
    convention
        ``"left"`` (default): ``M[i, j] = a(g_i^-1 g_j)``, commutes with left translations;
        ``"right"``: ``M[i, j] = a(g_i g_j^-1)``, commutes with right translations (see the
        module notes).
    force
        Lift the :data:`MAX_DENSE_ORDER` guard (and, for symbolic ``a``, the
        :data:`MAX_SYMBOLIC_ORDER` guard).

    Notes
    -----
    One gather ``a[..., I]`` of :func:`group_matrix_index`: ``O(n^2)`` time and memory per
    matrix.

    Raises
    ------
    SizeLimitError
        Above :data:`MAX_DENSE_ORDER` (symbolic ``a``: :data:`MAX_SYMBOLIC_ORDER`) without
        ``force``; the message points to :class:`~groupmat.GroupMatrixOperator`.

    Examples
    --------
    >>> from groupmat import cyclic
    >>> group_matrix(cyclic(3), [1, 2, 3]).tolist()
    [[1, 2, 3], [3, 1, 2], [2, 3, 1]]
    >>> group_matrix(cyclic(3), [1, 2, 3], convention="right").tolist()
    [[1, 3, 2], [2, 1, 3], [3, 2, 1]]
    >>> group_matrix(cyclic(2))
    Matrix([
    [x_1, x_a],
    [x_a, x_1]])
    """
    n = G.order
    if a is None:
        symbolic_guard(n, force, "the symbolic group matrix (a=None: one symbol per element)")
        a = group_symbols(G)
    elif not _is_torch(a) and _is_sympy(a):
        symbolic_guard(n, force, "the symbolic group matrix")
    idx = group_matrix_index(G, convention, force=force)
    if _is_torch(a):
        if a.shape[-1] != n:
            raise ValueError(
                f"a must have last dimension {n} (the group order), got {tuple(a.shape)}"
            )
        return a[..., _long(idx, a.device)]
    if _is_sympy(a):
        import sympy as sp

        vals = list(a) if not isinstance(a, np.ndarray) else list(a.ravel())
        if len(vals) != n:
            raise ValueError(f"need {n} values (one per element), got {len(vals)}")
        vals = [sp.sympify(v) for v in vals]
        return sp.Matrix(n, n, lambda i, j: vals[idx[i, j]])
    arr = np.asarray(a)
    if arr.ndim == 0 or arr.shape[-1] != n:
        raise ValueError(f"a must have last dimension {n} (the group order), got shape {arr.shape}")
    return arr[..., idx]


# ------------------------------------------------------------------ group algebra
def involution(G: Group, a: MatrixLike) -> Matrix:
    """``a*(g) = a(g^-1)`` along the last axis; ``M_{a*} = M_a^T`` (both conventions).

    Examples
    --------
    >>> from groupmat import cyclic
    >>> involution(cyclic(4), [0, 1, 2, 3]).tolist()
    [0, 3, 2, 1]
    """
    if _is_torch(a):
        return a[..., _long(G.inverse, a.device)]
    return np.asarray(a)[..., G.inverse]


#: Entries of the gathered block in :func:`convolve` (bounds its temporary memory).
_CHUNK_ENTRIES = 1 << 22


def convolve(G: Group, a: MatrixLike, b: MatrixLike) -> Matrix:
    """Group convolution ``(a*b)(u) = sum_s a(s) b(s^-1 u)``, so ``M_a M_b = M_{a*b}``.

    Works on the last axis of numpy arrays or torch tensors (leading axes broadcast; torch is
    differentiable). Only the support of ``a`` is visited when ``a`` is one numpy vector:
    ``O(n |supp a|)`` time; batched inputs cost ``O(n^2)`` per pair. Temporary memory is
    bounded by chunking over ``s``.

    Examples
    --------
    >>> import numpy as np
    >>> from groupmat import cyclic
    >>> convolve(cyclic(4), np.array([0, 1, 0, 0]), np.array([1, 2, 3, 4])).tolist()
    [4, 1, 2, 3]
    """
    n = G.order
    if _is_torch(a) or _is_torch(b):
        import torch

        ref = a if _is_torch(a) else b
        a_t = torch.as_tensor(a, device=ref.device)
        b_t = torch.as_tensor(b, device=ref.device)
        dt = torch.promote_types(a_t.dtype, b_t.dtype)
        a_t, b_t = a_t.to(dt), b_t.to(dt)
        support = np.arange(n)
        out = None
        step = max(1, _CHUNK_ENTRIES // max(n, 1))
        for lo in range(0, n, step):
            s = support[lo : lo + step]
            idx = _long(left_translates(G, G.inverse[s]), ref.device)  # idx[j, u] = s_j^-1 u
            part = torch.einsum("...j,...ju->...u", a_t[..., _long(s, ref.device)], b_t[..., idx])
            out = part if out is None else out + part
        return out
    a_n, b_n = np.asarray(a), np.asarray(b)
    if a_n.shape[-1] != n or b_n.shape[-1] != n:
        raise ValueError(f"a and b must have last dimension {n}, got {a_n.shape} and {b_n.shape}")
    support = np.flatnonzero(a_n) if a_n.ndim == 1 else np.arange(n)
    dtype = np.result_type(a_n, b_n)
    shape = (*np.broadcast_shapes(a_n.shape[:-1], b_n.shape[:-1]), n)
    out = np.zeros(shape, dtype=dtype)
    step = max(1, _CHUNK_ENTRIES // max(n, 1))
    for lo in range(0, support.size, step):
        s = support[lo : lo + step]
        idx = left_translates(G, G.inverse[s])
        out = out + np.einsum("...j,...ju->...u", a_n[..., s], b_n[..., idx])
    return out


# ------------------------------------------------------------------ coefficient form
def _to_left(M: Any, G: Group, convention: str) -> Any:
    _check_convention(convention)
    if convention == "left":
        return M
    inv = G.inverse
    if _is_torch(M):
        t = _long(inv, M.device)
        return M[..., t, :][..., :, t]
    return np.asarray(M)[..., inv, :][..., :, inv]


def _check_square(M: Any, n: int) -> None:
    shape = tuple(M.shape)
    if len(shape) < 2 or shape[-2:] != (n, n):
        raise ValueError(
            f"expected an (..., {n}, {n}) matrix for a group of order {n}, got shape {shape}"
        )


def coefficient_matrix(M: MatrixLike, G: Group, *, convention: Convention = "left") -> Matrix:
    """The coefficient form ``F[h, s] = M[h, h s]``, so ``M = sum_s diag(F[:, s]) R_s``.

    ``(M f)(h) = sum_s F[h, s] f(h s)``: position ``h``, kernel element ``s``. ``M`` is a
    group matrix iff every column of ``F`` is constant (then ``F[h, s] = a(s)``). Entries of
    ``F`` are those of ``M`` permuted, so ``||F||_F = ||M||_F``. ``O(n^2)``; numpy or torch,
    leading batch axes allowed. For ``convention="right"`` ``M`` is first conjugated by the
    inversion ``J`` (``J M J`` is a left group matrix iff ``M`` is a right one).

    Examples
    --------
    >>> from groupmat import cyclic
    >>> G = cyclic(3)
    >>> coefficient_matrix(group_matrix(G, [1, 2, 3]), G).tolist()
    [[1, 2, 3], [1, 2, 3], [1, 2, 3]]
    """
    n = G.order
    _check_square(M, n)
    M = _to_left(M, G, convention)
    tab = G.table if n <= MAX_DENSE_ORDER else G.cayley_table(force=True)
    rows = np.arange(n)[:, None]
    if _is_torch(M):
        return M[..., _long(rows, M.device), _long(tab, M.device)]
    return np.asarray(M)[..., rows, tab]


def from_coefficient_matrix(F: MatrixLike, G: Group, *, convention: Convention = "left") -> Matrix:
    """Inverse of :func:`coefficient_matrix`: ``M[h, h s] = F[h, s]``. ``O(n^2)``.

    Examples
    --------
    >>> import numpy as np
    >>> from groupmat import dihedral
    >>> G = dihedral(3)
    >>> M = np.arange(36.0).reshape(6, 6)
    >>> bool((from_coefficient_matrix(coefficient_matrix(M, G), G) == M).all())
    True
    """
    n = G.order
    _check_square(F, n)
    tab = G.table if n <= MAX_DENSE_ORDER else G.cayley_table(force=True)
    rows = np.arange(n)[:, None]
    if _is_torch(F):
        out = F.new_zeros(F.shape)
        out[..., _long(rows, F.device), _long(tab, F.device)] = F
    else:
        F = np.asarray(F)
        out = np.zeros_like(F)
        out[..., rows, tab] = F
    return _to_left(out, G, convention)  # J is an involution: the same map goes back


def _default_tol(F: Any) -> float:
    if _is_torch(F):
        scale = float(F.detach().abs().max()) if F.numel() else 0.0
        eps = float(__import__("torch").finfo(F.dtype).eps) if F.is_floating_point() else 0.0
    else:
        F = np.asarray(F)
        if F.dtype == object or not np.issubdtype(F.dtype, np.inexact):
            return 0.0
        scale = float(np.abs(F).max()) if F.size else 0.0
        eps = float(np.finfo(F.dtype).eps)
    return 64 * eps * max(scale, 1.0) * max(1, F.shape[-1]) ** 0.5


def _max_deviation(F: Any) -> tuple[float, int]:
    """Largest ``|F[..., h, s] - F[..., 0, s]|`` and its flat position."""
    D = F - F[..., :1, :]
    if _is_torch(D):
        dev = D.detach().abs().reshape(-1)
        return (float(dev.max()), int(dev.argmax())) if dev.numel() else (0.0, 0)
    D = np.asarray(D)
    dev = np.abs(D.astype(complex) if D.dtype == object else D).reshape(-1)
    return (float(dev.max()), int(dev.argmax())) if dev.size else (0.0, 0)


def is_group_matrix(
    M: MatrixLike, G: Group, tol: float | None = None, *, convention: Convention = "left"
) -> bool:
    """Whether ``M`` is a group matrix of ``G``: ``max |F[h, s] - F[0, s]| <= tol``.

    ``tol`` defaults to ``0`` for exact (integer, object/sympy) input and to
    ``64 eps max(|M|, 1) sqrt(n)`` for floating point. ``O(n^2)``. Equivalent to all generator
    displacements ``L_u M - M L_u`` vanishing (see
    :func:`groupmat.displacement_vanishes`).

    Examples
    --------
    >>> import numpy as np
    >>> from groupmat import symmetric
    >>> G = symmetric(3)
    >>> is_group_matrix(group_matrix(G, np.arange(6.0)), G), is_group_matrix(np.eye(6)[::-1], G)
    (True, False)
    """
    if _is_sympy(M) and not isinstance(M, np.ndarray):
        M = np.array(M.tolist() if hasattr(M, "tolist") else M, dtype=object)
    F = coefficient_matrix(M, G, convention=convention)
    if tol is None:
        tol = _default_tol(F)
    if not _is_torch(F) and np.asarray(F).dtype == object:
        import sympy as sp

        D = np.asarray(F - F[..., :1, :])
        free = any(getattr(v, "free_symbols", None) for v in D.ravel())
        if free or tol == 0:
            return all(sp.simplify(v) == 0 for v in D.ravel())
    return _max_deviation(F)[0] <= tol


def group_matrix_coefficients(
    M: MatrixLike,
    G: Group,
    *,
    project: bool = False,
    tol: float | None = None,
    convention: Convention = "left",
) -> Matrix:
    """The function ``a`` with ``M = M_a`` (the inverse of :func:`group_matrix`).

    Parameters
    ----------
    project
        If ``True`` return the coefficients of the orthogonal projection of ``M`` onto the
        group matrices (column means of the coefficient form, ``a(s) = mean_h M[h, h s]``)
        for any ``M``; if ``False`` (default) ``M`` must be a group matrix.
    tol
        Tolerance of the check (see :func:`is_group_matrix`).

    Raises
    ------
    NotAGroupMatrixError
        ``M`` is not a group matrix and ``project`` is false (the message gives the largest
        deviation and the position).

    Examples
    --------
    >>> import numpy as np
    >>> from groupmat import dihedral
    >>> G = dihedral(3)
    >>> group_matrix_coefficients(group_matrix(G, np.arange(6)), G).tolist()
    [0, 1, 2, 3, 4, 5]
    """
    F = coefficient_matrix(M, G, convention=convention)
    if project:
        return F.mean(-2) if _is_torch(F) else np.asarray(F).mean(-2)
    if tol is None:
        tol = _default_tol(F)
    worst, flat = _max_deviation(F)
    if worst > tol:
        h, s = divmod(flat % (G.order * G.order), G.order)
        raise NotAGroupMatrixError(
            f"not a group matrix of {G!r}: M[h, h*s] varies with h by up to {worst:.3g} > "
            f"tol={tol:.3g} (first at h={h}, s={s}); pass project=True for the coefficients of "
            "the nearest group matrix"
        )
    return F[..., 0, :]


def project_to_group_matrices(
    M: MatrixLike, G: Group, *, convention: Convention = "left"
) -> Matrix:
    """Orthogonal (Frobenius) projection of ``M`` onto the group matrices of ``G``.

    ``P(M) = M_a`` with ``a(s) = mean_h M[h, h s]``; equivalently ``P(M) = mean_u L_u M
    L_u^-1`` (Reynolds operator; ``R_s`` instead of ``L_u`` for the right convention).
    ``O(n^2)`` time, vectorised; numpy or torch (differentiable), batch axes allowed.

    Examples
    --------
    >>> import numpy as np
    >>> from groupmat import cyclic
    >>> project_to_group_matrices(np.eye(3)[[1, 0, 2]], cyclic(3)).round(3).tolist()
    [[0.333, 0.333, 0.333], [0.333, 0.333, 0.333], [0.333, 0.333, 0.333]]
    """
    a = group_matrix_coefficients(M, G, project=True, convention=convention)
    return group_matrix(G, a, convention=convention, force=True)


def distance_to_group_matrices(
    M: MatrixLike, G: Group, *, convention: Convention = "left"
) -> float | Matrix:
    """Frobenius distance ``||M - P(M)||_F`` to the nearest group matrix, in ``O(n^2)``.

    Computed on the coefficient form (column-centred ``F``), without forming ``P(M)``; numpy
    (a float or an array over batch axes) or torch (differentiable).

    Examples
    --------
    >>> import numpy as np
    >>> from groupmat import cyclic
    >>> G = cyclic(4)
    >>> float(distance_to_group_matrices(group_matrix(G, np.arange(4.0)), G))
    0.0
    """
    sq = squared_distance_to_group_matrices(M, G, convention=convention)
    if _is_torch(sq):
        return sq.sqrt()
    out = np.sqrt(sq)
    return float(out) if np.ndim(out) == 0 else out


def squared_distance_to_group_matrices(
    M: MatrixLike, G: Group, *, convention: Convention = "left"
) -> float | Matrix:
    """``||M - P(M)||_F^2`` (smooth everywhere, unlike the distance: use it in losses).

    Examples
    --------
    >>> import numpy as np
    >>> from groupmat import cyclic
    >>> float(squared_distance_to_group_matrices(np.eye(2)[::-1] * 2, cyclic(2)))
    0.0
    """
    F = coefficient_matrix(M, G, convention=convention)
    if _is_torch(F):
        D = F - F.mean(-2, keepdim=True)
        return (D * D.conj()).real.sum((-2, -1))
    F = np.asarray(F)
    D = F - F.mean(-2, keepdims=True)
    out = (np.abs(D) ** 2).sum((-2, -1))
    return float(out) if np.ndim(out) == 0 else out
