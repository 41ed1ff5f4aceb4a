"""Centralisers of elements of chain-backed permutation groups.

``C_G(x)`` is the stabiliser of ``x`` in the conjugation action of ``G``. The conjugacy class
``x^G`` is enumerated breadth-first with a Schreier tree (one vectorised conjugation per
generator and layer), so ``|C_G(x)| = |G| / |x^G|`` exactly; random Schreier generators
``u_j s u_k^{-1}`` (Schreier's lemma, Holt, Eick & O'Brien, *Handbook of Computational Group
Theory*, sec. 4.1 and 4.5) are sifted into a chain until it reaches that order, which proves it
complete. ``O(|x^G| k d)`` time and ``O(|x^G| d)`` memory: fine for groups up to ~10^8 whose
classes are at most ``max_class`` elements.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from groupmat.algebra.permgroups._chain import StabChain
from groupmat.algebra.permgroups._perms import invert, is_identity
from groupmat.errors import SizeLimitError

__all__ = ["centralizer"]


def _conjugacy_orbit(
    gens: np.ndarray, x: np.ndarray, max_class: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """``(orbit, parent, label, image)``: ``orbit[j] = u_j^{-1} x u_j`` with
    ``u_j = u_{parent[j]} s_{label[j]}``; ``image[s, j]`` = index of ``s^{-1} orbit[j] s``.

    Breadth-first, one batch per layer: all conjugates of the layer by all generators are
    hashed (a random 64-bit linear hash), looked up in the sorted hashes of the class so far
    (``searchsorted``) and deduplicated with ``np.unique``; every hash match is confirmed by
    comparing the permutations, so a collision cannot go unnoticed (it raises).
    ``O(|x^G| k d)`` time, ``O(|x^G| d)`` memory.
    """
    k, d = gens.shape
    ginv = invert(gens)
    weights = np.random.default_rng(12345).integers(1, 2**63, size=d, dtype=np.uint64)

    def hashes(rows: np.ndarray) -> np.ndarray:
        return (rows.astype(np.uint64) * weights).sum(axis=1, dtype=np.uint64)

    orbit = [x[None, :].astype(np.int64)]
    parent = [np.array([-1])]
    label = [np.array([-1])]
    known_h = hashes(orbit[0])
    known_i = np.zeros(1, dtype=np.int64)
    images = []
    frontier, first, count = orbit[0], 0, 1
    all_rows = orbit[0]
    while frontier.shape[0]:
        f = frontier.shape[0]
        conj = np.concatenate([gens[s][frontier[:, ginv[s]]] for s in range(k)])  # s^-1 y s
        h = hashes(conj)
        at = np.minimum(np.searchsorted(known_h, h), known_h.size - 1)
        found = known_h[at] == h
        idx = np.full(conj.shape[0], -1, dtype=np.int64)
        idx[found] = known_i[at[found]]
        fresh = np.flatnonzero(~found)
        new_rows = np.zeros((0, d), dtype=np.int64)
        if fresh.size:
            uh, first_pos, inv = np.unique(h[fresh], return_index=True, return_inverse=True)
            order = np.argsort(fresh[first_pos], kind="stable")  # discovery order
            rank = np.empty(order.size, dtype=np.int64)
            rank[order] = np.arange(order.size)
            idx[fresh] = count + rank[inv]
            reps = fresh[first_pos][order]
            new_rows = conj[reps]
            if not np.array_equal(conj[fresh], new_rows[rank[inv]]):
                raise RuntimeError("64-bit hash collision in the conjugacy class enumeration")
            parent.append(first + reps % f)
            label.append(reps // f)
            known_h = np.concatenate([known_h, uh])
            known_i = np.concatenate([known_i, count + rank])
            srt = np.argsort(known_h, kind="stable")
            known_h, known_i = known_h[srt], known_i[srt]
            count += reps.size
            orbit.append(new_rows)
            all_rows = None
        if found.any():
            rows = np.concatenate(orbit) if all_rows is None else all_rows
            all_rows = rows
            if not np.array_equal(rows[idx[found]], conj[found]):
                raise RuntimeError("64-bit hash collision in the conjugacy class enumeration")
        if count > max_class:
            raise SizeLimitError(
                f"centralizer: the conjugacy class has more than max_class={max_class} elements "
                f"(storing it takes {count * d * 8 / 2**20:.0f}+ MiB of memory); pass a larger "
                "max_class="
            )
        images.append((first, idx.reshape(k, f)))
        first += f
        frontier = new_rows
    image = np.concatenate([blk for _, blk in images], axis=1)
    return np.concatenate(orbit), np.concatenate(parent), np.concatenate(label), image


def centralizer(P: Any, x: np.ndarray, *, max_class: int = 1_000_000, seed: int = 0) -> Any:
    """``C_G(x)`` for a permutation ``x`` of the same degree (see the module docstring)."""
    from groupmat.algebra.permgroups._permgroup import PermGroup
    from groupmat.algebra.permgroups._schreier_sims import _absorb, verify_chain

    gens = P.generators
    d = P.degree
    if not gens.shape[0]:
        return P
    _, parent, label, image = _conjugacy_orbit(gens, x, max_class)
    n = parent.size
    target = P.order // n
    chain = StabChain(d)
    seeds = [g for g in gens if np.array_equal(g[x], x[g])]  # generators commuting with x
    if P.contains(x):
        seeds.append(x)
    if seeds:
        _absorb(chain, np.asarray(seeds), 0)

    def word(j: int) -> np.ndarray:
        u = np.arange(d)
        path = []
        while j > 0:
            path.append(int(label[j]))
            j = int(parent[j])
        for s in reversed(path):
            u = gens[s][u]
        return u

    rng = np.random.default_rng(seed)
    ginv_cache: dict[int, np.ndarray] = {}
    stuck = 0
    while chain.order < target:
        before = chain.order
        if stuck >= 2:  # complete the chain of what was found (it may lack Schreier closure)
            verify_chain(chain)
            stuck = 0
            if chain.order >= target:
                break
        batch = []
        for _ in range(8):
            j = int(rng.integers(n))
            s = int(rng.integers(gens.shape[0]))
            kk = int(image[s, j])
            if kk not in ginv_cache:
                ginv_cache[kk] = invert(word(kk))
            g = ginv_cache[kk][gens[s][word(j)]]  # u_j * s * u_k^{-1}
            if not is_identity(g):
                batch.append(g)
        if batch:
            _absorb(chain, np.asarray(batch), 0)
        stuck = stuck + 1 if chain.order == before else 0
    if chain.order != target:  # pragma: no cover - the chain's group lies in C_G(x)
        raise AssertionError("centraliser chain overshoots the orbit-stabiliser order")
    strong = chain.strong_generators
    return PermGroup(strong.reshape(-1, d), degree=d, order=target, _trusted_order=True)
