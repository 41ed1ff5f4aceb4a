"""Hypothesis strategies for permutation groups of degree up to ~30 (too big to list, small
enough for sympy cross-checks): random, imprimitive (wreath-like), intransitive and sparse
generators."""

from __future__ import annotations

import numpy as np
from hypothesis import strategies as st

__all__ = ["big_permutation_generators"]


def _wreath_element(rng: np.random.Generator, d: int, b: int, cyclic: bool) -> np.ndarray:
    blocks = d // b
    sigma = rng.permutation(blocks)
    out = np.empty(d, dtype=np.int64)
    for i in range(blocks):
        tau = (np.arange(b) + rng.integers(b)) % b if cyclic else rng.permutation(b)
        out[i * b : (i + 1) * b] = sigma[i] * b + tau
    return out


@st.composite
def big_permutation_generators(
    draw: st.DrawFn, max_degree: int = 30, max_gens: int = 3
) -> np.ndarray:
    """``(k, d)`` generators of a random permutation group with ``d <= max_degree``."""
    d = draw(st.integers(2, max_degree))
    k = draw(st.integers(1, max_gens))
    kind = draw(st.sampled_from(["random", "imprimitive", "intransitive", "sparse"]))
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    if kind == "random":
        return np.stack([rng.permutation(d) for _ in range(k)])
    if kind == "imprimitive":
        divisors = [b for b in range(2, d) if d % b == 0]
        if divisors:
            b = divisors[rng.integers(len(divisors))]
            cyclic = bool(rng.integers(2))
            return np.stack([_wreath_element(rng, d, b, cyclic) for _ in range(k)])
    if kind in ("intransitive", "imprimitive"):
        cut = int(rng.integers(1, d)) if d > 1 else 1
        gens = []
        for _ in range(k):
            g = np.concatenate([rng.permutation(cut), cut + rng.permutation(d - cut)])
            gens.append(g)
        return np.stack(gens)
    gens = []
    for _ in range(k):  # sparse: a product of a few short cycles
        g = np.arange(d)
        for _ in range(int(rng.integers(1, 3))):
            length = int(rng.integers(2, min(4, d) + 1))
            pts = rng.choice(d, size=length, replace=False)
            h = np.arange(d)
            h[pts] = np.roll(pts, -1)
            g = h[g]
        gens.append(g)
    return np.stack(gens)
