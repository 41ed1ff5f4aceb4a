"""The group Fourier transform over the unitary irreducible representations.

Fourier transform convention
----------------------------
``a^(rho) = sum_g a(g) rho(g)``, ``a(g) = |G|^{-1} sum_rho d_rho tr(rho(g)^* a^(rho))``. It turns
convolution into products, ``(a*b)^ = a^ b^`` for ``(a*b)(s) = sum_t a(t) b(t^{-1} s)``, and
block-diagonalises the group matrix ``M_a[i, j] = a(g_i^{-1} g_j)``: with the unitary
``U[g, (rho, i, j)] = sqrt(d_rho/|G|) rho(g)_{ij}`` (columns ordered by irrep, then ``i``, then
``j``), ``U^* M_a U = ⊕_rho I_{d_rho} ⊗ a^(rho)`` (:func:`fourier_basis`,
:func:`block_diagonal_form`).


References
----------
J.-P. Serre, *Linear Representations of Finite Groups*, §2 and §6.2 (Fourier inversion).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
from numpy.typing import ArrayLike

from groupmat.algebra._validate import as_int
from groupmat.algebra.representations._characters import _guard, character_table
from groupmat.algebra.representations._irreps import (
    Irrep,
    _cache_matrices,
    _stream,
    irreducible_representations,
)

if TYPE_CHECKING:  # pragma: no cover
    from groupmat.algebra._group import Group

__all__ = [
    "FOURIER_CACHE_ENTRIES",
    "block_diagonal_form",
    "fourier",
    "fourier_basis",
    "inverse_fourier",
]

#: Default of ``cache_entries=`` in :func:`fourier` / :func:`inverse_fourier`: the matrices
#: ``rho(g)`` of all irreps of one degree are built once and cached when they take at most this
#: many entries (``2^22``, 64 MiB of complex128), else regenerated layer by layer on each call.
FOURIER_CACHE_ENTRIES = 1 << 22


def _cache_limit(cache_entries: int | None) -> int:
    if cache_entries is None:
        return FOURIER_CACHE_ENTRIES
    return as_int(cache_entries, "cache_entries", minimum=0)


def _by_degree(G: Group, irreps: Sequence[Irrep], limit: int) -> list[tuple[list[int], bool]]:
    """Irreps grouped by degree, each group with whether its ``rho(g)`` are (now) cached:
    groups with at most ``limit`` entries in all are built and cached."""
    groups: dict[int, list[int]] = {}
    for i, rho in enumerate(irreps):
        groups.setdefault(rho.degree, []).append(i)
    plan = []
    for d, idx in groups.items():
        todo = [irreps[i] for i in idx if "_matrices" not in irreps[i].__dict__]
        if todo and len(todo) * G.order * d * d <= limit:
            _cache_matrices(G, todo)
            todo = []
        plan.append((idx, not todo))
    return plan


def _default_irreps(G: Group, irreps: Sequence[Irrep] | None) -> list[Irrep]:
    return list(irreps) if irreps is not None else irreducible_representations(G)


def _use_fft(G: Group, irreps: Any) -> bool:
    return irreps is None and G.is_abelian


def fourier(
    G: Group,
    a: ArrayLike,
    irreps: Sequence[Irrep] | None = None,
    *,
    cache_entries: int | None = None,
) -> list[np.ndarray]:
    """Group Fourier transform ``a^(rho) = sum_g a(g) rho(g)`` for every irrep.

    Parameters
    ----------
    a
        ``(..., n)`` values (the last axis indexed by elements; leading axes batch).
    irreps
        The representations to use (default :func:`irreducible_representations`; for a direct
        product, :func:`tensor_product_irreps`).
    cache_entries
        Cache the ``rho(g)`` of the irreps of one degree when they take at most this many
        entries in all (default :data:`FOURIER_CACHE_ENTRIES`, ``2^22``); ``0`` streams every
        irrep not cached yet (least memory, the matrices are regenerated on each call).

    Returns
    -------
    list of ``(..., d, d)`` complex arrays, one per irrep.

    Notes
    -----
    Abelian groups (default irreps) use an FFT on the grid of :func:`abelian_structure`,
    ``O(n log n)``; otherwise ``O(n sum d^2)`` with cached ``rho(g)``: irreps of one degree are
    built together in one BFS pass and cached when they take at most ``cache_entries`` entries,
    larger ones are regenerated layer by layer on each call (``O(n d^3)``; call
    ``rho.matrices()`` once to cache them). The convention makes
    ``M_a`` (``M_a[i, j] = a(g_i^{-1} g_j)``) block diagonal, see :func:`fourier_basis`.

    Examples
    --------
    >>> from groupmat import Group
    >>> G = Group.from_permutations([[1, 2, 0], [1, 0, 2]])
    >>> a = np.arange(6.0)
    >>> np.allclose(inverse_fourier(G, fourier(G, a)), a)
    True
    """
    limit = _cache_limit(cache_entries)
    a = np.asarray(a)
    n = G.order
    if a.shape[-1] != n:
        raise ValueError(f"the last axis of a has length {a.shape[-1]}, expected |G| = {n}")
    if _use_fft(G, irreps):
        S = character_table(G).abelian
        assert S is not None
        grid = np.zeros(a.shape, dtype=np.complex128)
        grid[..., S.grid_index] = a
        shape = a.shape[:-1] + (S.invariants or (1,))
        axes = tuple(range(-len(S.invariants), 0)) if S.invariants else (-1,)
        f = (np.fft.ifftn(grid.reshape(shape), axes=axes) * n).reshape(a.shape)
        return [f[..., j, None, None] for j in range(n)]
    irr = _default_irreps(G, irreps)
    out: list[np.ndarray] = [np.empty(0)] * len(irr)
    for idx, cached in _by_degree(G, irr, limit):
        if cached:
            for i in idx:
                out[i] = np.tensordot(a, irr[i].matrices(), axes=([-1], [0]))
            continue
        d = irr[idx[0]].degree
        acc = np.zeros((len(idx), *a.shape[:-1], d, d), dtype=np.complex128)
        for layer, mats in _stream(G, np.stack([irr[i].generator_matrices for i in idx])):
            acc += np.moveaxis(
                np.tensordot(mats, a[..., layer], axes=([1], [-1])), (1, 2), (-2, -1)
            )
        for j, i in enumerate(idx):
            out[i] = acc[j]
    return out


def _check_coefficients(coeffs: list[Any], degrees: list[int]) -> list[np.ndarray]:
    """``coeffs`` as arrays, refusing (``ValueError``) a wrong count, a block that is not
    ``(..., d, d)`` for its irrep's degree ``d``, or batch shapes that differ."""
    if len(coeffs) != len(degrees):
        raise ValueError(
            f"coeffs must hold one block per irreducible representation: expected "
            f"{len(degrees)}, got {len(coeffs)}"
        )
    out = [np.asarray(c) for c in coeffs]
    batch = None
    for i, (c, d) in enumerate(zip(out, degrees, strict=True)):
        if c.ndim < 2 or c.shape[-2:] != (d, d):
            raise ValueError(
                f"coeffs[{i}] must have shape (..., {d}, {d}) (irrep {i} has degree {d}), got "
                f"shape {c.shape}"
            )
        if batch is None:
            batch = c.shape[:-2]
        elif c.shape[:-2] != batch:
            raise ValueError(
                f"coeffs[{i}] has batch shape {c.shape[:-2]}, coeffs[0] has {batch}: all blocks "
                "need the same leading axes"
            )
    return out


def inverse_fourier(
    G: Group,
    coeffs: Sequence[ArrayLike],
    irreps: Sequence[Irrep] | None = None,
    *,
    cache_entries: int | None = None,
) -> np.ndarray:
    """``a(g) = |G|^{-1} sum_rho d_rho tr(rho(g)^* a^(rho))`` (complex; take ``.real`` for real
    signals). ``coeffs`` as returned by :func:`fourier`; ``cache_entries`` as there."""
    n = G.order
    limit = _cache_limit(cache_entries)
    coeffs = list(coeffs)
    if _use_fft(G, irreps):
        S = character_table(G).abelian
        assert S is not None
        _check_coefficients(coeffs, [1] * n)
        f = np.stack([np.asarray(c)[..., 0, 0] for c in coeffs], axis=-1)
        shape = f.shape[:-1] + (S.invariants or (1,))
        axes = tuple(range(-len(S.invariants), 0)) if S.invariants else (-1,)
        grid = (np.fft.fftn(f.reshape(shape), axes=axes) / n).reshape(f.shape)
        return grid[..., S.grid_index]
    irr = _default_irreps(G, irreps)
    coeffs = _check_coefficients(coeffs, [rho.degree for rho in irr])
    out = np.zeros((*coeffs[0].shape[:-2], n), dtype=np.complex128)
    for idx, cached in _by_degree(G, irr, limit):
        d = irr[idx[0]].degree
        C = np.stack([coeffs[i] for i in idx]).reshape(len(idx), -1, d * d)  # (m, batch, d^2)
        if cached:
            mats = np.stack([irr[i].matrices() for i in idx]).reshape(len(idx), n, d * d)
            out += d / n * np.einsum("mbx,mgx->bg", C, np.conj(mats)).reshape(out.shape)
            continue
        for layer, mats in _stream(G, np.stack([irr[i].generator_matrices for i in idx])):
            m2 = np.conj(mats).reshape(len(idx), layer.size, d * d)
            out[..., layer] += (
                d / n * np.einsum("mbx,mgx->bg", C, m2).reshape((*out.shape[:-1], layer.size))
            )
    return out


def fourier_basis(G: Group, irreps: Sequence[Irrep] | None = None) -> np.ndarray:
    """The unitary ``n x n`` matrix ``U[g, (rho, i, j)] = sqrt(d_rho / n) rho(g)_{ij}``.

    Columns are ordered by irrep, then row index ``i``, then column index ``j``; then
    ``U^* M_a U = block_diagonal_form(fourier(G, a))`` for every group matrix ``M_a``
    (Schur orthogonality makes ``U`` unitary).
    """
    n = G.order
    _guard(n * n, "the Fourier basis", "use fourier()")
    cols = [
        np.sqrt(rho.degree / n) * rho.matrices().reshape(n, -1)
        for rho in _default_irreps(G, irreps)
    ]
    return np.concatenate(cols, axis=1)


def block_diagonal_form(coeffs: Sequence[ArrayLike]) -> np.ndarray:
    """``⊕_rho I_{d_rho} ⊗ a^(rho)``: each Fourier block repeated ``d_rho`` times (the form of
    a group matrix in :func:`fourier_basis`)."""
    import scipy.linalg

    blocks = []
    for c in coeffs:
        c = np.asarray(c)
        blocks.extend([c] * c.shape[-1])
    return scipy.linalg.block_diag(*blocks)
