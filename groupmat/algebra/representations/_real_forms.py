"""Real orthogonal forms of the irreducible representations and the real Fourier transform that
the spectral convolution (:mod:`groupmat.nn._spectral`) runs on (the math, with proofs of the
block shapes and weights: ``docs/concepts/layer-algorithms.md``).

The core gives complex unitary irreps ``rho`` (:func:`irreducible_representations`). A layer on
real signals wants real arithmetic, so every ``rho`` is turned into a real orthogonal block
according to its Frobenius-Schur indicator (Serre, *Linear Representations of Finite Groups*,
§13.2). Write ``rho = A + iB`` and ``re(rho) = [[A, -B], [B, A]]`` (``C^d = R^{2d}``); ``J`` is
multiplication by ``i`` there and ``K = [[T_r, T_i], [T_i, -T_r]]`` the real matrix of the
antilinear intertwiner ``v -> T conj(v)``, where ``T = sum_g rho(g) X rho(g)^T`` satisfies
``rho(g) T = T conj(rho(g))`` (``T`` is computed from one vector per element, ``O(n d^2)``).

* **real** (indicator 1): ``T`` is symmetric, ``K`` a symmetric involution commuting with
  ``re(rho)``; on its ``+1`` eigenspace ``Q`` (``2d x d``), ``R = Q^T re(rho) Q`` is a real
  orthogonal form of ``rho``. Block: ``d`` rows, ``D = d`` columns.
* **complex** (indicator 0): ``rho`` and ``conj(rho)`` are merged into the real irreducible
  ``re(rho)`` (``D = 2d``), the partner is dropped. ``re(rho)``'s commutant is ``C = <1, J>``.
* **quaternionic** (indicator -1): ``re(rho)`` is irreducible over ``R`` (``D = 2d``) with
  commutant ``H = <1, J, K, JK>`` (``K`` antisymmetric, ``K^2 = -1``); a basis
  ``[v_a, J v_a, K v_a, JK v_a]`` (Gram-Schmidt) puts ``H`` in standard form.

For a signal ``f`` the block coefficient ``F = sum_g f(g) D(g)`` commutes with the commutant,
so its rows come in groups of ``mu`` (``mu = 1, 2, 4``): ``F[k r + a] = F[a] L_k`` with the
lifts ``L_k = (Q^T C_k Q)^T``; only ``r = D / mu`` rows are kept. The kept entries of all
blocks number exactly ``n``: the real Fourier matrix ``Phi[g, (b, i, j)] = D_b(g)[i, j]``
(``i < r_b``) is square and ``Phi diag(c) Phi^T = I`` with ``c_b = d / n`` (real) or
``2 d / n`` (complex, quaternionic) by Schur orthogonality.

A right convolution ``y(g) = sum_s w(s) f(g s)`` becomes ``Y_b = F_b W_b`` with
``W_b = sum_s w(s) D_b(s)^T`` (full ``D x D``, lifted from its kept rows): a product of an
``r x D`` by a ``D x D`` matrix per block, ``sum_b r_b D_b^2 <= sum_rho 4 d_rho^3`` multiply-adds
per channel pair instead of ``n |K|``.
"""

from __future__ import annotations

import weakref
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from groupmat.algebra._validate import element_array
from groupmat.errors import GroupmatError, SizeLimitError

if TYPE_CHECKING:  # pragma: no cover
    from groupmat.algebra._group import Group
    from groupmat.algebra._validate import ElementsLike

__all__ = ["RealBlock", "RealFourier", "real_fourier"]

#: Largest ``n`` for which :func:`real_fourier` builds the ``n x n`` matrix (float64 entries).
MAX_FOURIER_ORDER = 12_000

_CACHE: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


@dataclass(frozen=True)
class RealBlock:
    """One real irreducible block.

    Attributes
    ----------
    kind
        ``"real"``, ``"complex"`` or ``"quaternionic"`` (Frobenius-Schur indicator 1, 0, -1).
    degree
        Degree ``d`` of the complex irrep.
    rows, dim
        Kept rows ``r`` and real dimension ``D`` (``(d, d)``, ``(d, 2d)``, ``(d/2, 2d)``).
    coeff
        Inversion weight ``c``: ``f(g) = sum_b c_b sum_{i<r, j} D_b(g)[i, j] F_b[i, j]``.
    lifts
        ``(mu, D, D)``: full rows ``F[k r + a] = F[a] @ lifts[k]``.
    generators
        ``(k, D, D)`` real orthogonal matrices of the generators in the block's basis.
    """

    kind: str
    degree: int
    rows: int
    dim: int
    coeff: float
    lifts: np.ndarray
    generators: np.ndarray


def _realify(m: np.ndarray) -> np.ndarray:
    """``[[A, -B], [B, A]]`` of complex ``(..., d, d)`` matrices ``A + iB``."""
    a, b = m.real, m.imag
    top = np.concatenate([a, -b], axis=-1)
    bottom = np.concatenate([b, a], axis=-1)
    return np.concatenate([top, bottom], axis=-2)


def _bfs_tree(G: Any, side: str) -> list[tuple[np.ndarray, np.ndarray, np.ndarray]]:
    """BFS over ``G`` by generators: per layer ``(elements, parents, letters)`` with
    ``element = parent * x_letter`` (``side="right"``) or ``x_letter * parent`` (``"left"``).
    ``O(n k)`` products, one numpy call per layer and generator."""
    n = G.order
    gens = np.asarray(G.generators, dtype=np.int64)
    seen = np.zeros(n, dtype=bool)
    seen[0] = True
    frontier = np.zeros(1, dtype=np.int64)
    layers = []
    while frontier.size:
        els, par, let = [], [], []
        for li, x in enumerate(gens):
            if side == "right":
                prod = np.asarray(G.multiply(frontier, x), dtype=np.int64)
            else:
                prod = np.asarray(G.multiply(x, frontier), dtype=np.int64)
            new = ~seen[prod]
            prod, src = prod[new], frontier[new]
            prod, first = np.unique(prod, return_index=True)
            seen[prod] = True
            els.append(prod)
            par.append(src[first])
            let.append(np.full(prod.size, li, dtype=np.int64))
        frontier = np.concatenate(els)
        if frontier.size:
            layers.append((frontier, np.concatenate(par), np.concatenate(let)))
    if not seen.all():
        raise GroupmatError("the generators do not reach every element of the group")
    return layers


def _orbit_vectors(gens: np.ndarray, vecs: np.ndarray, tree: list, n: int) -> np.ndarray:
    """``(n, d, p)``: ``rho(g) V`` for all ``g`` along a left BFS tree (``O(n d^2 p)``)."""
    out = np.zeros((n, *vecs.shape), dtype=np.complex128)
    out[0] = vecs
    for els, par, let in tree:
        out[els] = np.matmul(gens[let], out[par])
    return out


def _intertwiner(gens: np.ndarray, tree: list, n: int, antisymmetric: bool) -> np.ndarray:
    """Unitary ``T`` with ``rho(g) T = T conj(rho(g))``: ``sum_g rho(g) X rho(g)^T`` for a
    random (anti)symmetric rank-2 ``X = x z^T -+ z x^T``, scaled to be unitary (a few random
    starts: a start orthogonal to the intertwiner gives ``T = 0``)."""
    d = gens.shape[-1]
    sign = -1.0 if antisymmetric else 1.0
    for attempt in range(8):
        rng = np.random.default_rng([1234, d, attempt])
        v = rng.normal(size=(d, 2)) + 1j * rng.normal(size=(d, 2))
        u = _orbit_vectors(gens, v, tree, n)  # (n, d, 2)
        x, z = u[:, :, 0], u[:, :, 1]
        T = x.T @ z + sign * (z.T @ x)
        scale = np.sqrt(np.trace(T @ T.conj().T).real / d)
        if scale > 1e-6 * n:
            return T / scale
    raise GroupmatError(f"no intertwiner found for a degree-{d} irrep (is it irreducible?)")


def _quaternionic_basis(J: np.ndarray, K: np.ndarray, d: int) -> np.ndarray:
    """Orthonormal ``[v_a..., J v_a..., K v_a..., JK v_a...]`` (``2d x 2d``)."""
    rng = np.random.default_rng(4321 + d)
    JK = J @ K
    vs: list[np.ndarray] = []
    basis = np.zeros((2 * d, 0))
    for _ in range(d // 2):
        v = rng.normal(size=2 * d)
        for _ in range(2):  # twice is enough (classical Gram-Schmidt, re-orthogonalised)
            v = v - basis @ (basis.T @ v)
        v /= np.linalg.norm(v)
        vs.append(v)
        basis = np.column_stack([basis, v, J @ v, K @ v, JK @ v])
    V = np.array(vs).T
    return np.column_stack([V, J @ V, K @ V, JK @ V])


def _real_block(rho: Any, kind: str, tree_left: list, n: int) -> tuple[RealBlock, np.ndarray]:
    """The block of one irrep and its basis ``Q`` (``2d x D``) in ``re(rho)`` coordinates."""
    gens = np.asarray(rho.generator_matrices, dtype=np.complex128)
    d = gens.shape[-1]
    J = np.block([[np.zeros((d, d)), -np.eye(d)], [np.eye(d), np.zeros((d, d))]])
    if kind == "complex":
        Q = np.eye(2 * d)
        lifts = np.stack([np.eye(2 * d), J.T])
        rows, dim, coeff = d, 2 * d, 2.0 * d / n
    else:
        T = _intertwiner(gens, tree_left, n, antisymmetric=kind == "quaternionic")
        K = np.block([[T.real, T.imag], [T.imag, -T.real]])
        if kind == "real":
            w, vecs = np.linalg.eigh((K + K.T) / 2)
            Q = vecs[:, w > 0]
            if Q.shape[1] != d:
                raise GroupmatError(f"real form of a degree-{d} irrep failed (spectrum {w})")
            lifts = np.eye(d)[None]
            rows, dim, coeff = d, d, float(d) / n
        else:
            K = (K - K.T) / 2
            Q = _quaternionic_basis(J, K, d)
            lifts = np.stack([(Q.T @ C @ Q).T for C in (np.eye(2 * d), J, K, J @ K)])
            rows, dim, coeff = d // 2, 2 * d, 2.0 * d / n
    real_gens = Q.T @ _realify(gens) @ Q
    block = RealBlock(kind, d, rows, dim, coeff, lifts, real_gens)
    return block, Q


class RealFourier:
    """Real orthogonal irreducible blocks of a finite group and its real Fourier matrix.

    Attributes
    ----------
    group
        ``G`` (order ``n``).
    blocks
        :class:`RealBlock` s, sorted by shape ``(rows, dim)``.
    matrix
        ``(n, n)`` float64 ``Phi``: column ``offset_b + i D_b + j`` holds ``D_b(g)[i, j]``
        (``i < r_b``); ``F = f @ Phi`` (row vectors), ``f = F @ (c[:, None] * Phi.T)``.
    offsets
        Column offset of each block.
    coeffs
        ``(n,)`` the inversion weight of each column.

    Examples
    --------
    >>> import groupmat as gm
    >>> rf = real_fourier(gm.symmetric(3))
    >>> [(b.kind, b.rows, b.dim) for b in rf.blocks]
    [('real', 1, 1), ('real', 1, 1), ('real', 2, 2)]
    >>> bool(np.allclose(rf.matrix @ np.diag(rf.coeffs) @ rf.matrix.T, np.eye(6)))
    True
    """

    def __init__(self, group: Group, blocks: list[RealBlock], matrix: np.ndarray) -> None:
        self.group = group
        self.blocks = blocks
        self.matrix = matrix
        sizes = [b.rows * b.dim for b in blocks]
        self.offsets = np.concatenate([[0], np.cumsum(sizes)[:-1]]).astype(np.int64)
        self.coeffs = np.repeat([b.coeff for b in blocks], sizes)

    def shape_groups(self) -> list[tuple[int, int, list[int]]]:
        """``(rows, dim, block indices)`` for runs of blocks of one shape (contiguous)."""
        out: list[tuple[int, int, list[int]]] = []
        for i, b in enumerate(self.blocks):
            if out and out[-1][:2] == (b.rows, b.dim):
                out[-1][2].append(i)
            else:
                out.append((b.rows, b.dim, [i]))
        return out

    def full_matrices(self, elements: ElementsLike) -> list[np.ndarray]:
        """``(len(elements), D_b, D_b)`` real matrices ``D_b(g)`` per block (lifted rows)."""
        els = element_array(self.group, elements, "elements")
        out = []
        for b, off in zip(self.blocks, self.offsets, strict=True):
            kept = self.matrix[els, off : off + b.rows * b.dim].reshape(-1, b.rows, b.dim)
            out.append(np.concatenate([kept @ L for L in b.lifts], axis=1))
        return out


def _kinds(G: Any, irreps: list) -> list[str | None]:
    """Type of each irrep, ``None`` for the dropped partner of a complex pair."""
    from groupmat.algebra.representations._characters import character_table

    ct = character_table(G)
    ind = np.asarray(ct.indicators)
    vals = np.asarray(ct.values)
    kinds: list[str | None] = []
    dropped: set[int] = set()
    for rho in irreps:
        i = int(rho.index)
        if i in dropped:
            kinds.append(None)
            continue
        if ind[i] == 1:
            kinds.append("real")
        elif ind[i] == -1:
            kinds.append("quaternionic")
        else:
            partner = np.flatnonzero(np.abs(vals - vals[i].conj()).max(axis=1) < 1e-6)
            dropped.update(int(p) for p in partner if p != i)
            kinds.append("complex")
    return kinds


def real_fourier(G: Group) -> RealFourier:
    """The real Fourier matrix of ``G`` (cached per group; see the module docstring).

    Cost: the core's irreps, then ``O(n k sum_rho d_rho^3)`` for the real forms and the BFS
    that fills ``Phi`` (``n^2`` float64 entries; refused above :data:`MAX_FOURIER_ORDER`).
    """
    hit = _CACHE.get(G)
    if hit is not None:
        return hit
    n = G.order
    if n > MAX_FOURIER_ORDER:
        raise SizeLimitError(
            f"the real Fourier matrix of a group of order {n} has {n * n} entries (limit "
            f"order {MAX_FOURIER_ORDER})"
        )
    from groupmat.algebra.representations._irreps import irreducible_representations

    irreps = list(irreducible_representations(G))
    kinds = _kinds(G, irreps)
    tree_left = _bfs_tree(G, "left")
    built = [_real_block(r, k, tree_left, n) for r, k in zip(irreps, kinds, strict=True) if k]
    order = sorted(range(len(built)), key=lambda i: (built[i][0].rows, built[i][0].dim))
    blocks = [built[i][0] for i in order]
    total = sum(b.rows * b.dim for b in blocks)
    if total != n:
        raise GroupmatError(f"real blocks have {total} entries for a group of order {n}")
    Phi = np.empty((n, n))
    tree_right = _bfs_tree(G, "right")
    col = 0
    for b in blocks:
        kept = np.zeros((n, b.rows, b.dim))
        kept[0] = np.eye(b.dim)[: b.rows]
        for els, par, let in tree_right:
            kept[els] = np.matmul(kept[par], b.generators[let])
        Phi[:, col : col + b.rows * b.dim] = kept.reshape(n, -1)
        col += b.rows * b.dim
    rf = RealFourier(G, blocks, Phi)
    _CACHE[G] = rf
    return rf
