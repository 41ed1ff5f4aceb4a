"""Schreier-Sims: building a base and strong generating set from generators.

Three steps, each cited to Holt, Eick & O'Brien, *Handbook of Computational Group Theory* (HEO)
and Seress, *Permutation Group Algorithms* (S):

1. **Giant recognition** (S, sec. 10.2; HEO, sec. 4.5.4 remarks). If the group is transitive
   on its support ``Ω`` (``|Ω| = n >= 8``) and a random element has a cycle of prime length
   ``p`` with ``n/2 < p < n - 2``, a power of it is a ``p``-cycle; a transitive group with such a
   ``p``-cycle is primitive, and by Jordan's theorem a primitive group containing a ``p``-cycle
   with ``p <= n - 3`` contains ``Alt(Ω)``. The group is then ``Sym(Ω)`` if a generator is odd,
   else ``Alt(Ω)``, and its chain is written down in closed form (:class:`GiantChain`). The
   random search only *finds* the certificate: the conclusion is exact.
2. **Random Schreier-Sims** (HEO, sec. 4.5.1; S, sec. 4.3): sift random elements (product
   replacement, HEO sec. 3.2.2) in batches and add every non-trivial residue as a strong
   generator, until a run of consecutive random elements sifts to the identity or the order
   reaches a known value.
3. **Verification** by the deterministic Schreier-Sims test (HEO, sec. 4.4.2, ``SchreierSims``;
   S, sec. 4.2): from the last level up, all Schreier generators ``u_y s u_{y^s}^{-1}`` of a
   level (``s`` in ``S^(i)``, ``y`` in ``Δ_i``) are sifted, as one batch, through the levels
   below; a non-trivial residue is added and the test resumes at the level where it was added.
   With a known order the check is ``prod |Δ_i| = |G|`` instead (the chain's group is always a
   subgroup of ``G``, so equal orders prove it complete).

Without step 2 (``method="deterministic"``), step 3 alone is the deterministic algorithm.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from typing import Any

import numpy as np

from groupmat.algebra.permgroups._certify import cyclic_order, orbit_product_bound, regular_order
from groupmat.algebra.permgroups._chain import GiantChain, StabChain
from groupmat.algebra.permgroups._orbits import schreier_tree
from groupmat.algebra.permgroups._perms import cycle_lengths, invert, is_identity, parity

__all__ = ["ProductReplacement", "build_chain", "schreier_generators"]

#: ``method="auto"`` runs the random phase from this degree up.
RANDOM_FROM_DEGREE = 64

#: Estimated verification work (entries gathered) above which a progress bar is shown.
_PROGRESS_WORK = 5 * 10**8

#: Verification work (see :func:`_verification_work`) above which the orbit-product bound of
#: :mod:`._certify` is tried first (it builds a chain per orbit, cheap next to 10^8 gathers).
_CERTIFY_WORK = 10**8

#: Entries the three layers (and inverses) of :func:`layered_schreier_batches` may hold.
_LAYER_ENTRIES = 1 << 25

#: Rows per batch of Schreier generators (times the degree, bounds memory).
_BATCH_ENTRIES = 1 << 21


class ProductReplacement:
    """Random elements by the product replacement algorithm (HEO, sec. 3.2.2, ``Prandom``).

    A state of ``max(10, k)`` group elements and an accumulator; each step replaces a random
    slot ``x_i`` by ``x_i x_j^{±1}`` and multiplies the accumulator by the new slot ("rattle").
    Deterministic for a given ``seed``.
    """

    def __init__(
        self, gens: np.ndarray, seed: int | np.random.Generator | None = 0, warmup: int = 50
    ) -> None:
        gens = np.asarray(gens, dtype=np.int64)
        d = gens.shape[1]
        self.rng = np.random.default_rng(seed)
        self._rand = random.Random(int(self.rng.integers(2**62)))  # cheap scalar draws
        r = max(10, gens.shape[0])
        if gens.shape[0]:
            self.state = np.stack([gens[i % gens.shape[0]] for i in range(r)])
        else:
            self.state = np.arange(d)[None, :].repeat(r, axis=0)
        self.acc = np.arange(d, dtype=np.int64)
        for _ in range(warmup):
            self._step()

    def _step(self) -> np.ndarray:
        r = self.state.shape[0]
        rand = self._rand
        i, j, coin = rand.randrange(r), rand.randrange(r - 1), rand.getrandbits(2)
        j += j >= i  # j != i
        x = self.state[j] if coin & 1 else invert(self.state[j])
        if coin & 2:
            self.state[i] = x[self.state[i]]  # x_i * x
        else:
            self.state[i] = self.state[i][x]  # x * x_i
        self.acc = self.state[i][self.acc]
        return self.acc

    def sample(self, count: int) -> np.ndarray:
        """``(count, d)`` random elements."""
        return np.stack([self._step().copy() for _ in range(count)])


# ---------------------------------------------------------------------- giant recognition
def _primes_between(lo: float, hi: float) -> set[int]:
    return {
        p
        for p in range(max(2, int(lo) + 1), int(np.ceil(hi)))
        if all(p % q for q in range(2, int(p**0.5) + 1))
    }


def recognise_giant(
    gens: np.ndarray, tries: int | None = None, seed: int | np.random.Generator | None = 0
) -> GiantChain | None:
    """The closed-form chain if ``<gens>`` is ``Sym`` or ``Alt`` of its support, else ``None``
    (possibly wrongly ``None`` with probability about ``(1 - ln2/ln n)^tries``, never wrongly
    a giant; ``tries`` defaults to 20 below 64 points, where the generic chain is cheap anyway,
    and 60 above). See step 1 of the module docstring."""
    gens = np.asarray(gens, dtype=np.int64)
    k, d = gens.shape
    moved = (gens != np.arange(d)).any(axis=0)
    support = np.flatnonzero(moved)
    n = support.size
    if n < 8 or k == 0:
        return None
    from groupmat.algebra.permgroups._orbits import schreier_tree

    if schreier_tree(gens, int(support[0])).orbit.size != n:
        return None
    primes = _primes_between(n / 2, n - 2)
    if not primes:
        return None
    if tries is None:
        tries = 20 if n < 64 else 60
    pr = ProductReplacement(gens, seed=seed, warmup=30)
    for _ in range(tries):
        if not primes.isdisjoint(cycle_lengths(pr._step()).tolist()):
            alt = all(parity(g) == 0 for g in gens)
            return GiantChain(d, support, alternating=alt)
    return None


# ---------------------------------------------------------------------- Schreier generators
def schreier_generator_batches(chain: StabChain, i: int) -> Iterator[np.ndarray]:
    """The Schreier generators ``u_y s u_{y^s}^{-1}`` of level ``i`` (``s`` in ``S^(i)``,
    ``y`` in ``Δ_i``), skipping the tree edges (which are the identity), in batches of at most
    ``_BATCH_ENTRIES / d`` rows (orbit points are taken a chunk at a time, so memory stays
    ``O(_BATCH_ENTRIES)`` even for a traced level of 10^4 points).

    ``O(|Δ_i| |S^(i)| d)`` in all; they generate ``G^(i+1)`` when the chain is complete
    (Schreier's lemma, HEO, Thm. 4.1).
    """
    gens = chain.level_generators(i)
    use = chain.schreier_rows(i)
    tree = chain.tree(i)
    m = tree.orbit.size
    k = max(len(use), 1)
    step = max(1, _BATCH_ENTRIES // (max(chain.degree, 1) * k))
    for lo in range(0, m, step):
        ys = np.arange(lo, min(m, lo + step))
        u = chain.representatives(i, ys)  # (chunk, d)
        out = []
        for s in use:
            img = gens[s][tree.orbit[ys]]  # y^s
            pos = tree.position[img]
            edge = (tree.label[pos] == s) & (tree.parent[pos] == ys)
            keep = np.flatnonzero(~edge)
            if keep.size:
                out.append(chain.apply_inverse(i, gens[s][u[keep]], pos[keep]))
        if out:
            yield np.concatenate(out)


def layered_schreier_batches(chain: StabChain, i: int) -> Iterator[np.ndarray] | None:
    """The Schreier generators of a level whose representatives are traced, computed layer by
    layer along a breadth-first tree of the level's generating set ``X``
    (:meth:`StabChain.schreier_rows`), or ``None`` when a layer is too wide for memory.

    The tree is grown by ``X`` and ``X^{-1}``, so the image ``y^x`` of a point of layer ``t``
    lies in layer ``t - 1``, ``t`` or ``t + 1``; with the representatives of three consecutive
    layers (``u_z = u_{parent(z)} x_{label(z)}``, one gather per point) and their inverses,
    ``u_y x u_{y^x}^{-1}`` costs two gathers of ``d`` points instead of two traces through the
    chain's tree (``2 depth`` gathers). Tree edges (by ``x`` or ``x^{-1}``) give the identity
    and are skipped (``|Δ| (|X| - 1) + 1`` generators remain). Schreier's lemma holds for any
    transversal and any generating set (HEO, Thm. 4.1), so these generate ``G^(i+1)`` when the
    chain is complete, as the chain's own do. ``O(|Δ| |X| d)`` time, ``O(w d)`` memory for the
    widest layer ``w``; the dihedral group of order 20000 on 10^4 points: ~2.4 s instead of
    ~14.5 s.
    """
    from groupmat.algebra.permgroups._chain import _take_rows, value_dtype

    d = chain.degree
    gens = chain.level_generators(i)[chain.schreier_rows(i)]
    k = gens.shape[0]
    # the tree grows by X and X^{-1}, so every edge y -> y^x joins neighbouring layers
    both = np.concatenate([gens, invert(gens)])
    tree = schreier_tree(both, chain.base[i])
    if not k or tree.orbit.size != chain.tree(i).orbit.size:
        return None
    layers = tree.layers
    if int(np.diff(layers).max()) * d * 6 > _LAYER_ENTRIES:
        return None
    dt = value_dtype(d)
    xs = both.astype(dt)

    def batches() -> Iterator[np.ndarray]:
        depth = len(layers) - 1
        u_cur = np.arange(d, dtype=dt)[None, :]
        inv = [np.zeros((0, d), dtype=dt), u_cur.copy()]  # inverses of layers t-1, t
        out: list[np.ndarray] = []
        rows = 0
        for t in range(depth):
            lo, hi = int(layers[t]), int(layers[t + 1])
            if t + 1 < depth:
                nxt = slice(hi, int(layers[t + 2]))
                lab, par = tree.label[nxt], tree.parent[nxt] - lo
                u_next = xs[lab[:, None], u_cur[par]]
                # u_z^{-1} = x^{-1} u_parent^{-1}: a gather, cheaper than inverting u_z
                inv.append(_take_rows(inv[1], par, xs[(lab + k) % (2 * k)]))
            else:
                u_next = None
                inv.append(np.zeros((0, d), dtype=dt))
            window = np.concatenate(inv)  # layers t-1, t, t+1
            base = int(layers[t - 1]) if t else 0
            pts = np.arange(lo, hi)
            for x in range(k):
                z = tree.position[gens[x][tree.orbit[pts]]]
                forward = (tree.parent[z] == pts) & (tree.label[z] == x)  # z = y^x, tree edge
                back = (tree.parent[pts] == z) & (tree.label[pts] == x + k)  # y = z^{x^-1}
                keep = np.flatnonzero(~(forward | back))
                if not keep.size:
                    continue
                g = xs[x][u_cur[keep]]  # u_y x
                out.append(_take_rows(window, z[keep] - base, g))  # ... u_{y^x}^{-1}
                rows += keep.size
            if rows * d >= _BATCH_ENTRIES:
                yield np.concatenate(out)
                out, rows = [], 0
            inv = inv[1:]
            if u_next is not None:
                u_cur = u_next
        if out:
            yield np.concatenate(out)

    return batches()


def schreier_generators(chain: StabChain, i: int) -> np.ndarray:
    """All Schreier generators of level ``i`` as one array (see
    :func:`schreier_generator_batches`)."""
    batches = list(schreier_generator_batches(chain, i))
    if not batches:
        return np.zeros((0, chain.degree), dtype=np.int64)
    return np.concatenate(batches)


def _absorb(chain: StabChain, residues: np.ndarray, start: int) -> int:
    """Add the non-trivial residues one by one (re-sifting the rest after each addition);
    returns the deepest level changed (``-1`` if none)."""
    deepest = -1
    while residues.shape[0]:
        res, drop = chain.sift(residues, start)
        keep = (drop < len(chain.base)) | ~is_identity(res)
        res = res[keep]
        if not res.shape[0]:
            break
        deepest = max(deepest, chain.add_generator(res[0]))
        residues = res[1:]
    return deepest


def prune_chain(chain: StabChain, gens: np.ndarray) -> StabChain:
    """A chain with the same base and basic orbits from fewer strong generators.

    The random phase adds many redundant residues, and the verification costs
    ``sum_i |Δ_i| |S^(i)|`` sifts. The new chain starts from the original generators (so it
    generates the same group whatever happens) and adds residues, deepest first, only when one
    enlarges a basic orbit of a level it belongs to, until no residue does (Seress, sec. 4.4,
    removal of redundant strong generators). The verification that follows works on this
    chain, so the pruning can only save time, never change a result. ``O(s m d)``.
    """
    new = StabChain(chain.degree, chain.base)
    for g in gens:
        if not is_identity(g):
            new.add_generator(g)
    new.generating_rows = new.strong_generators.shape[0]
    strong = chain.strong_generators
    depth = np.asarray(chain._depth)
    pending = [int(r) for r in np.argsort(-depth, kind="stable")]
    grew = True
    while pending and grew:
        grew = False
        rest = []
        for r in pending:
            h = strong[r]
            j = int(depth[r])
            if any(
                (new.tree(i).position[h[new.tree(i).orbit]] < 0).any()
                for i in range(min(j, len(new.base) - 1) + 1)
            ):
                new.add_generator(h)
                grew = True
            else:
                rest.append(r)
        pending = rest
    return new


def _certified(order: int, stated: int | None) -> int:
    """A proven order, checked against an order stated by the caller."""
    if stated is not None and stated != order:
        raise ValueError(
            f"the generators generate a group of order {order}, not the stated {stated}"
        )
    return order


def _constituent_order(seed: Any) -> Any:
    def order(sub: np.ndarray) -> int:
        return build_chain(sub, seed=seed).order if sub.shape[0] else 1

    return order


def _verification_work(chain: StabChain) -> int:
    """Entries the deterministic verification gathers, roughly: ``sum_i |Δ_i| |S^(i)| d``."""
    return sum(
        len(chain.levels[i].rows) * size * chain.degree
        for i, size in enumerate(chain.orbit_sizes())
    )


def verify_chain(chain: StabChain, progress: bool | None = None) -> None:
    """Make the chain complete by the deterministic Schreier-Sims test (step 3 of the module
    docstring); ``O(sum_i |Δ_i| |S^(i)| m d)`` per pass. A tqdm bar over the levels appears
    when that work estimate exceeds ``_PROGRESS_WORK`` (``progress=True``/``False`` forces
    it on/off)."""
    work = sum(
        len(chain.levels[i].rows) * size * chain.degree * (len(chain.base) - i)
        for i, size in enumerate(chain.orbit_sizes())
    )
    bar = None
    if progress or (progress is None and work > _PROGRESS_WORK):
        from tqdm.auto import tqdm

        bar = tqdm(
            total=len(chain.base),
            desc="Schreier-Sims verification",
            unit="level",
            disable=None if progress is None else False,  # automatic: only on a terminal
        )
    i = len(chain.base) - 1
    while i >= 0:
        changed = -1
        layered = chain.levels[i].uinv is None and layered_schreier_batches(chain, i)
        for batch in layered or schreier_generator_batches(chain, i):
            res, drop = chain.sift(batch, i + 1)
            bad = (drop < len(chain.base)) | ~is_identity(res)
            if bad.any():
                changed = max(changed, _absorb(chain, res[bad], i + 1))
                if changed > i:  # levels above i changed: re-check from there
                    break
        if changed > i:
            if bar is not None:
                bar.total = len(chain.base)
                bar.n = len(chain.base) - 1 - changed
                bar.refresh()
            i = changed
        else:
            i -= 1
            if bar is not None:
                bar.update(1)
    if bar is not None:
        bar.close()


def build_chain(
    gens: np.ndarray,
    *,
    base: tuple[int, ...] | list[int] = (),
    known_order: int | None = None,
    method: str = "auto",
    seed: int | np.random.Generator | None = 0,
    consecutive: int = 24,
    giant_test: bool = True,
    trust_order: bool = True,
) -> StabChain | GiantChain:
    """A complete stabiliser chain of ``<gens>`` (see the module docstring).

    Parameters
    ----------
    gens
        ``(k, d)`` generators.
    base
        Points that must start the base, in order (for stabilisers of points).
    known_order
        The group's order if known: the random phase stops when it is reached, and (with
        ``trust_order``) no other verification is needed.
    method
        ``"random"`` (giant recognition, random Schreier-Sims, then verification),
        ``"deterministic"`` (verification alone), or ``"auto"``: giant recognition, then random
        Schreier-Sims above :data:`RANDOM_FROM_DEGREE` points and the deterministic algorithm
        below (where it is faster: few Schreier generators, and no random elements to make).
    seed
        Seed of the random phase (results never depend on it, only the time taken).
    consecutive
        Random elements in a row that must sift to the identity before verification starts.
    giant_test
        Try giant recognition first.
    trust_order
        Whether ``known_order`` is certain (computed, or a theorem); if not, the chain is
        verified by Schreier generators anyway and a wrong value raises ``ValueError``.

    Examples
    --------
    >>> c = build_chain(np.array([[1, 2, 3, 4, 0], [1, 0, 2, 3, 4]]))
    >>> c.order
    120
    """
    if method not in ("auto", "random", "deterministic"):
        raise ValueError(f"method must be 'auto', 'random' or 'deterministic', got {method!r}")
    gens = np.asarray(gens, dtype=np.int64)
    d = gens.shape[1]
    gens = gens[~is_identity(gens)] if gens.shape[0] else gens
    requested = method
    if method == "auto":
        method = "random" if d > RANDOM_FROM_DEGREE else "deterministic"
    if method == "random" and gens.shape[0] == 1:
        known_order, trust_order = _certified(cyclic_order(gens[0]), known_order), True
    if giant_test and requested != "deterministic" and gens.shape[0] > 1:
        giant = recognise_giant(gens, seed=seed)
        if giant is not None:
            pts = list(dict.fromkeys([*base, *giant.points.tolist()]))
            if len(pts) == giant.points.size:
                return GiantChain(d, np.asarray(pts), alternating=giant.alternating)
    if method == "random" and gens.shape[0] > 1 and (known_order is None or not trust_order):
        regular = regular_order(gens)
        if regular is not None:
            known_order, trust_order = _certified(regular, known_order), True
    chain = StabChain(d, base)
    _absorb(chain, gens, 0)
    chain.generating_rows = chain.strong_generators.shape[0]
    if method == "random" and gens.shape[0] and (known_order is None or chain.order < known_order):
        pr = ProductReplacement(gens, seed=seed)
        quiet = 0
        batch = 8
        while quiet < consecutive:
            if known_order is not None and chain.order >= known_order:
                break
            sample = pr.sample(batch)
            res, drop = chain.sift(sample)
            bad = (drop < len(chain.base)) | ~is_identity(res)
            if bad.any():
                quiet = 0
                _absorb(chain, res[bad], 0)
            else:
                quiet += batch
        if known_order is None or chain.order < known_order or not trust_order:
            chain = prune_chain(chain, gens)
    if known_order is not None and chain.order == known_order and trust_order:
        return chain
    if method == "random" and known_order is None and _verification_work(chain) > _CERTIFY_WORK:
        bound = orbit_product_bound(gens, _constituent_order(seed))
        if bound is not None and bound == chain.order:  # chain's group <= G, |G| <= bound
            return chain
    verify_chain(chain)
    if known_order is not None and chain.order != known_order:
        raise ValueError(
            f"the generators generate a group of order {chain.order}, not the stated {known_order}"
        )
    return chain
