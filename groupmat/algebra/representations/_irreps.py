"""Unitary irreducible representations of finite groups.

Irreducible representations
---------------------------
For ``chi`` of degree ``d`` pick a cyclic subgroup ``H = <z>`` and a linear character
``lambda`` of ``H`` occurring ``m`` times in ``chi|_H`` (``m`` minimal, usually 1), with
projector ``E = |H|^{-1} sum_h conj(lambda(h)) rho(h)``. The spherical function
``phi(g) = tr(rho(g) E) = |H|^{-1} sum_h conj(lambda(h)) chi(g h)`` is the Gram kernel of the
vectors ``rho(y) E``: ``<rho(x)E, rho(y)E> = phi(x^{-1} y)``. Their span (over a pool of coset
representatives ``y`` of ``G/H``) is ``rho ⊗ C^m`` of dimension ``d m``; an orthonormal basis
from the Gram matrix gives ``rho(x_s)`` for the generators from ``phi(y_p^{-1} x_s y_q)`` alone
(Frobenius reciprocity: ``rho`` sits in ``Ind_H^G lambda``). For ``m > 1`` an eigenvector of a
random Hermitian element of the image of the group algebra spins up one irreducible copy.
Nothing of size ``n x n`` is formed.


References
----------
J. D. Dixon, "Computing irreducible representations of groups", Math. Comp. 24 (1970);
J.-P. Serre, *Linear Representations of Finite Groups*, §2, §3.2 and §7 (induction,
projections, products).
"""

from __future__ import annotations

import weakref
from collections.abc import Iterator, Sequence
from functools import cached_property
from typing import TYPE_CHECKING

import numpy as np

from groupmat.algebra._element_arrays import _orbit_labels, bfs_layers, right_multiply
from groupmat.algebra._validate import ElementLike, element_index
from groupmat.algebra.representations._characters import _SEED, _guard, character_table
from groupmat.errors import GroupmatError

if TYPE_CHECKING:  # pragma: no cover
    from groupmat.algebra._group import Group

__all__ = ["Irrep", "irreducible_representations", "tensor_product_irreps"]

_IRREPS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def _letter_matrices(gens: np.ndarray) -> np.ndarray:
    """``(..., 2k+1, d, d)`` from ``(..., k, d, d)`` generator matrices: row ``k + l`` is the
    matrix of letter ``l`` (unitary, so the inverse letter is the conjugate transpose)."""
    d = gens.shape[-1]
    inv = np.conj(np.swapaxes(gens, -1, -2))[..., ::-1, :, :]
    eye = np.broadcast_to(np.eye(d, dtype=gens.dtype), (*gens.shape[:-3], 1, d, d))
    return np.concatenate([inv, eye, gens], axis=-3)


def _word_matrix(G: Group, stack: np.ndarray, g: int) -> np.ndarray:
    """``rho(g)`` along a shortest word, runs of a letter as matrix powers."""
    k = len(G.generators)
    word = G.word(int(g))
    out = stack[k]
    i = 0
    while i < len(word):
        j = i
        while j < len(word) and word[j] == word[i]:
            j += 1
        out = out @ np.linalg.matrix_power(stack[k + word[i]], j - i)
        i = j
    return out


class Irrep:
    """A unitary irreducible representation, given by the matrices of the generators.

    Attributes
    ----------
    group
        ``G``.
    generator_matrices
        ``(k, d, d)`` complex unitary matrices ``rho(x_s)``; ``rho(g_i g_j) = rho(g_i) rho(g_j)``.
    character
        Values on the conjugacy classes (a row of :func:`character_table`).
    index
        Position in the character table (``None`` if built otherwise).

    Examples
    --------
    >>> from groupmat import Group
    >>> G = Group.from_permutations([[1, 2, 0], [1, 0, 2]])
    >>> rho = irreducible_representations(G)[2]
    >>> rho.degree, np.allclose(rho(G.multiply(3, 4)), rho(3) @ rho(4))
    (2, True)
    """

    def __init__(
        self,
        group: Group,
        generator_matrices: np.ndarray,
        character: np.ndarray | None = None,
        index: int | None = None,
    ) -> None:
        gens = np.asarray(generator_matrices, dtype=np.complex128)
        gens.setflags(write=False)
        self.group = group
        self.generator_matrices = gens
        self.index = index
        if character is not None:
            self.__dict__["character"] = np.asarray(character)

    @property
    def degree(self) -> int:
        return int(self.generator_matrices.shape[1])

    @property
    def is_cached(self) -> bool:
        """Whether ``rho(g)`` for all elements are held (after :meth:`matrices`, or a
        :func:`~groupmat.fourier` call within its ``cache_entries``); then ``rho(g)`` is a
        lookup."""
        return "_matrices" in self.__dict__

    def __repr__(self) -> str:
        return f"<Irrep of degree {self.degree} of {self.group!r}>"

    @cached_property
    def _stack(self) -> np.ndarray:
        return _letter_matrices(self.generator_matrices)

    def __call__(self, g: ElementLike) -> np.ndarray:
        """``rho(g)`` for one element (an index, an :class:`~groupmat.Element` or a word
        string; along a shortest word, ``O(L d^3)``)."""
        i = element_index(self.group, g, "g")
        if "_matrices" in self.__dict__:
            return self.__dict__["_matrices"][i]
        return _word_matrix(self.group, self._stack, i)

    @cached_property
    def character(self) -> np.ndarray:
        """Traces of ``rho`` on the class representatives."""
        reps = [int(c[0]) for c in self.group.conjugacy_classes()]
        return np.array([np.trace(self(z)) for z in reps])

    def matrices(self) -> np.ndarray:
        """``(n, d, d)``: ``rho(g)`` for all elements, one batched matmul per BFS layer
        (``rho(p x_l) = rho(p) rho(x_l)``), ``O(n d^3)``; cached; guarded by
        :data:`MAX_DENSE_ENTRIES`."""
        if "_matrices" not in self.__dict__:
            G, d = self.group, self.degree
            _guard(G.order * d * d, f"rho(g) for all g (degree {d})", "use rho(g) or fourier()")
            _cache_matrices(G, [self])
        return self.__dict__["_matrices"]


def _stream(G: Group, gens: np.ndarray) -> Iterator[tuple[np.ndarray, np.ndarray]]:
    """For ``m`` representations of one degree (``gens``: ``(m, k, d, d)`` unitary generator
    matrices) yield ``(layer, mats)`` per BFS layer of ``G``, ``mats[i, j] = rho_i(layer[j])``:
    one batched matmul per layer, keeping only the previous layer (``O(m n d^3)`` time,
    ``O(m * max layer * d^2)`` memory)."""
    m, k, d, _ = gens.shape
    stack = _letter_matrices(gens)
    wm = G.word_metric
    where = np.zeros(G.order, dtype=np.int64)
    prev = np.broadcast_to(np.eye(d, dtype=np.complex128), (m, 1, d, d))
    for t, layer in enumerate(bfs_layers(G)):
        cur = (
            prev
            if t == 0
            else (prev[:, where[wm.parent[layer]]] @ stack[:, k + wm.last_letter[layer]])
        )
        yield layer, cur
        where[layer] = np.arange(layer.size)
        prev = cur


def _cache_matrices(G: Group, irreps: Sequence[Irrep]) -> None:
    """Build and cache ``rho(g)`` for all ``g`` for irreps of one degree, in one BFS pass."""
    d, n = irreps[0].degree, G.order
    out = np.empty((len(irreps), n, d, d), dtype=np.complex128)
    for layer, mats in _stream(G, np.stack([r.generator_matrices for r in irreps])):
        out[:, layer] = mats
    out.setflags(write=False)
    for rho, mats in zip(irreps, out, strict=True):
        rho.__dict__["_matrices"] = mats


def _cyclic_cosets(G: Group, z: int) -> np.ndarray:
    """``C[c, j] = y_c z^j``: the left cosets of ``<z>`` as rows (cycles of right
    multiplication by ``z``), ``C[0, 0] = 1``; ``O(n log L)``."""
    R = right_multiply(G, np.arange(G.order), z)
    first = _orbit_labels(G.order, [R])[1]
    o = G.order // first.size
    C = np.empty((first.size, o), dtype=np.int64)
    C[:, 0] = first
    for j in range(1, o):
        C[:, j] = R[C[:, j - 1]]
    return C


def _spherical(chi: np.ndarray, C: np.ndarray, l: int) -> np.ndarray:
    """``phi(g) = o^{-1} sum_j zeta_o^{-lj} chi(g z^j)`` on all of ``G``, ``O(n)``.

    On a coset row ``C[c]``, ``phi(y_c z^t) = zeta_o^{lt} phi(y_c)``."""
    o = C.shape[1]
    zeta = np.exp(2j * np.pi * l * np.arange(o) / o)
    head = chi[C] @ np.conj(zeta) / o
    phi = np.empty(C.size, dtype=np.complex128)
    phi[C] = head[:, None] * zeta[None, :]
    return phi


def _induced_block(
    G: Group, chi: np.ndarray, C: np.ndarray, l: int, D: int, rng: np.random.Generator
) -> np.ndarray:
    """Generator matrices of ``rho ⊗ I_m`` (dimension ``D = d m``) in an orthonormal basis of
    ``span{rho(y) E}`` built from the Gram kernel ``phi`` (``y`` over coset representatives of
    ``<z>``, the rows of ``C``)."""
    phi = _spherical(chi, C, l)
    short = C[np.arange(C.shape[0]), np.argmin(G.word_lengths()[C], axis=1)]  # shortest per coset
    pool = np.concatenate([[0], rng.permutation(short[1:])])
    inv = G.inverse
    size = min(pool.size, D + 16)
    while True:
        Y = pool[:size]
        gram = phi[G.multiply(inv[Y][:, None], Y[None, :])]
        w, V = np.linalg.eigh((gram + gram.conj().T) / 2)
        rank = int((w > 1e-8 * w[-1]).sum())
        if rank >= D or size == pool.size:
            break
        size = min(pool.size, 2 * size)
    if rank != D:  # pragma: no cover - would be a bug
        raise GroupmatError(f"irreducible representation: Gram rank {rank}, expected {D}")
    B = V[:, -D:] / np.sqrt(w[-D:])[None, :]
    mats = []
    for x in G.generators:
        psi = phi[G.multiply(inv[Y][:, None], G.multiply(x, Y)[None, :])]
        mats.append(B.conj().T @ psi @ B)
    return np.stack(mats)


def _split_copy(U: np.ndarray, d: int, rng: np.random.Generator) -> np.ndarray:
    """One irreducible ``d``-dimensional constituent of ``U ≅ rho ⊗ I_m``.

    A random Hermitian combination ``S`` of short words in the generator matrices lies in the
    image of the group algebra, ``S ≅ S_0 ⊗ I_m``; if its top eigenvalue has multiplicity
    exactly ``m`` (``S_0``'s is simple) any eigenvector is ``u ⊗ w`` and spins up (closure under
    the generators) to an invariant subspace ``C^d ⊗ w`` carrying ``rho``. Longer words are
    added until that happens. ``O(D^3)`` per try for ``D = d m``."""
    D = U.shape[1]
    m = D // d
    words = [np.eye(D, dtype=np.complex128)]
    frontier = list(U)
    for _ in range(12):
        words.extend(frontier)
        S = sum((rng.standard_normal() + 1j * rng.standard_normal()) * w for w in words)
        w, V = np.linalg.eigh(S + S.conj().T)
        tol = 1e-6 * max(1.0, float(np.abs(w).max()))
        if w.size > m and w[-1] - w[-1 - m] > tol and w[-1] - w[-m] < tol:
            basis = V[:, -1:]
            while basis.shape[1] < d:
                new = np.concatenate([u @ basis for u in U], axis=1)
                new -= basis @ (basis.conj().T @ new)
                q, sv, _ = np.linalg.svd(new, full_matrices=False)
                keep = q[:, sv > 1e-6]
                if keep.shape[1] == 0:
                    break
                basis, _ = np.linalg.qr(np.concatenate([basis, keep], axis=1))
            if basis.shape[1] == d:
                return np.stack([basis.conj().T @ u @ basis for u in U])
        frontier = [f @ u for f in frontier[-8:] for u in U][:16]
    raise GroupmatError("irreducible representation: could not split an isotypic block")


def irreducible_representations(G: Group) -> list[Irrep]:
    """Unitary irreducible representations, in the order of :func:`character_table` (cached).

    Linear characters come straight from the table; for ``d > 1`` see the module docstring
    (a spherical function of a cyclic subgroup, Gram matrix over ``O(d m)`` coset
    representatives, ``O((d m)^2 (k + 1) L + n o L)`` per irrep; no ``n x n`` object). Each
    result is checked: unitary generators whose traces on the class representatives match the
    character.

    Examples
    --------
    >>> from groupmat import Group
    >>> G = Group.from_permutations([[1, 2, 3, 0], [1, 0, 2, 3]])   # S4
    >>> [rho.degree for rho in irreducible_representations(G)]
    [1, 1, 2, 3, 3]
    """
    if G in _IRREPS:
        return list(_IRREPS[G])
    T = character_table(G)
    rng = np.random.default_rng(_SEED)
    gens = np.asarray(G.generators, dtype=np.int64)
    out = []
    if T.abelian is not None:
        vals = T.abelian.values_at(gens)
        out = [Irrep(G, vals[i][:, None, None], None, i) for i in range(len(T))]
        _IRREPS[G] = out
        return list(out)
    reps = T.representatives
    cosets: dict[int, np.ndarray] = {}
    for i, d in enumerate(T.degrees.tolist()):
        chi = T.values[i][T.class_map]
        if d == 1:
            out.append(Irrep(G, chi[gens][:, None, None], T.values[i], i))
            continue
        best = (d + 1, 0, 0, 0)  # (multiplicity, -order, class, eigenvalue index)
        for k in np.argsort(-T.class_orders, kind="stable").tolist():
            mult = T.eigenvalue_multiplicities(k, i)[0]
            l = int(np.argmin(np.where(mult > 0, mult, d + 1)))
            best = min(best, (int(mult[l]), -mult.size, k, l))
            if best[0] == 1:
                break
        m, k, l = best[0], best[2], best[3]
        z = int(reps[k])
        if z not in cosets:
            cosets[z] = _cyclic_cosets(G, z)
        U = _induced_block(G, chi, cosets[z], l, d * m, rng)
        if m > 1:
            U = _split_copy(U, d, rng)
        rho = Irrep(G, U, T.values[i], i)
        _check_irrep(G, rho, T.values[i], T.representatives, rng)
        out.append(rho)
    _IRREPS[G] = out
    return list(out)


def _check_irrep(
    G: Group, rho: Irrep, chi: np.ndarray, reps: np.ndarray, rng: np.random.Generator
) -> None:
    """Unitary generators, and traces = character on (up to 8 random) classes."""
    U = rho.generator_matrices
    d = rho.degree
    unit = np.abs(U @ np.conj(np.transpose(U, (0, 2, 1))) - np.eye(d)).max() if U.size else 0.0
    ks = np.arange(reps.size) if reps.size <= 8 else rng.choice(reps.size, 8, replace=False)
    chi = chi[ks]
    tr = np.array([np.trace(rho(z)) for z in reps[ks].tolist()])
    err = max(float(unit), float(np.abs(tr - chi).max()))
    if err > 1e-6 * max(1, d):  # pragma: no cover - would be a bug
        raise GroupmatError(f"irreducible representation of degree {d}: check failed ({err:.2g})")


def tensor_product_irreps(P: Group, *factor_irreps: Sequence[Irrep]) -> list[Irrep]:
    """Irreducible representations of a direct product from those of its factors.

    ``P`` must have the factors' generators in order (as :func:`groupmat.direct_product`
    builds it): generator ``s`` of factor ``i`` maps to ``I ⊗ .. ⊗ rho_i(x_s) ⊗ .. ⊗ I``. Every
    irrep of ``G_1 x G_2`` is ``rho_1 ⊗ rho_2`` (Serre §3.2); returned in lexicographic
    order of the factors' irreps, ``index=None``.

    Examples
    --------
    >>> from groupmat import cyclic, symmetric
    >>> from groupmat import direct_product
    >>> S3, C2 = symmetric(3), cyclic(2)
    >>> irr = tensor_product_irreps(direct_product(S3, C2), irreducible_representations(S3),
    ...                             irreducible_representations(C2))
    >>> [rho.degree for rho in irr]
    [1, 1, 1, 1, 2, 2]
    """
    ks = [lst[0].generator_matrices.shape[0] for lst in factor_irreps]
    if sum(ks) != len(P.generators):
        raise GroupmatError(
            f"the factors have {sum(ks)} generators in all but the product has "
            f"{len(P.generators)}; P must be direct_product(*factors)"
        )
    out: list[Irrep] = []

    def rec(i: int, mats: list[np.ndarray], dim: int) -> None:
        if i == len(factor_irreps):
            out.append(Irrep(P, np.stack(mats) if mats else np.zeros((0, dim, dim)), None, None))
            return
        for rho in factor_irreps[i]:
            d = rho.degree
            lifted = [np.kron(m, np.eye(d)) for m in mats]
            lifted += [np.kron(np.eye(dim), u) for u in rho.generator_matrices]
            rec(i + 1, lifted, dim * d)

    rec(0, [], 1)
    return out
