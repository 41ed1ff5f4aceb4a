"""Cheap proofs of a group's order, used instead of the Schreier-generator verification.

The deterministic verification of a stabiliser chain sifts ``sum_i |Δ_i| |S^(i)|`` Schreier
generators of ``d`` points each (Holt, Eick & O'Brien, *Handbook of Computational Group
Theory* (HEO), sec. 4.4.2): ``10^8 |S|`` gathers and ~45 s for the cyclic group of order
10000 on 10000 points, whose order is obvious. A chain built by random Schreier-Sims is
always a chain of a *subgroup* of ``G``, so it is complete as soon as its order reaches an
upper bound on ``|G|`` (HEO, sec. 4.5, "known order"; Seress, *Permutation Group Algorithms*,
sec. 4.3). This module supplies such bounds, each an exact theorem:

* **One generator** ``g``: ``|<g>|`` is the least common multiple of the cycle lengths of
  ``g``; ``O(d log d)``.
* **Regular groups** (Dixon & Mortimer, *Permutation Groups*, Thm. 4.2A: the centraliser of a
  transitive group in the symmetric group is semiregular): let ``G = <X>`` be transitive on its
  support ``Δ``. For ``x`` in ``X`` define ``c_x : Δ -> Δ`` along a Schreier tree of ``b`` by
  ``c_x(b) = b^x`` and ``c_x(y^s) = c_x(y)^s`` on every tree edge ``y -> y^s``. If every ``c_x``
  commutes with every generator on every point (``c_x(y^s) = c_x(y)^s`` for all ``y``, ``s``),
  the ``c_x`` lie in the centraliser ``C`` of ``G^Δ`` in ``Sym(Δ)``, and ``b^C`` contains
  ``b^w`` for every positive word ``w`` in ``X``, i.e. all of ``Δ``. So ``C`` is transitive, and
  its own centraliser, which contains ``G^Δ``, is semiregular; transitive and semiregular is
  regular, and ``|G| = |G^Δ| = |Δ|`` (``G`` acts faithfully on its support). Conversely if
  ``G^Δ`` is regular then ``b^g -> b^{xg}`` is well defined and the test passes, so it decides
  regularity in ``O(|Δ| |X|^2)`` index operations on orbit positions, never touching ``d``-point
  permutations. Transitive abelian groups are regular, so it covers every one of them.
* **Intransitive groups**: restriction to the orbits ``O_1, ..., O_r`` embeds ``G`` into
  ``G^{O_1} x ... x G^{O_r}``, so ``|G| <= prod_j |G^{O_j}|`` (equality for direct products
  such as ``C_5000 x C_2`` on ``5000 + 2`` points); the constituents are smaller groups whose
  orders are computed recursively (:func:`orbit_product_bound`).
"""

from __future__ import annotations

from collections.abc import Callable
from math import lcm

import numpy as np

from groupmat.algebra.permgroups._orbits import schreier_tree
from groupmat.algebra.permgroups._perms import cycle_lengths

__all__ = ["cyclic_order", "orbit_product_bound", "quick_order", "regular_order"]

#: The product bound is tried only when the support has at most this many non-trivial orbits
#: (each orbit costs one recursive chain).
MAX_CONSTITUENTS = 32


def cyclic_order(g: np.ndarray) -> int:
    """``|<g>|``: the lcm of the cycle lengths of ``g`` (``O(d log d)``).

    Examples
    --------
    >>> cyclic_order(np.array([1, 0, 3, 4, 2]))
    6
    """
    return lcm(1, *np.unique(cycle_lengths(np.asarray(g))).tolist())


def regular_order(gens: np.ndarray) -> int | None:
    """``|G| = |Δ|`` if ``G = <gens>`` is transitive and regular on its support ``Δ``,
    else ``None`` (exact both ways; see the module docstring). ``O(|Δ| k^2)`` after an
    ``O(k d)`` orbit computation.

    Examples
    --------
    >>> a = np.array([1, 2, 3, 0, 4]); b = np.array([2, 3, 0, 1, 4])    # C_4 on 0..3
    >>> regular_order(np.stack([a, b]))
    4
    >>> regular_order(np.array([[1, 2, 3, 0], [3, 2, 1, 0]])) is None  # D_4 is not regular
    True
    """
    gens = np.asarray(gens, dtype=np.int64)
    k, d = gens.shape
    moved = np.flatnonzero((gens != np.arange(d)).any(axis=0)) if k else np.zeros(0, np.int64)
    if not moved.size:
        return 1
    tree = schreier_tree(gens, int(moved[0]))
    m = tree.orbit.size
    if m != moved.size:
        return None
    act = tree.position[gens[:, tree.orbit]]  # (k, m): position of orbit[p]^s
    phi = np.empty((k, m), dtype=np.int64)  # phi[x, p] = position of c_x(orbit[p])
    phi[:, 0] = act[:, 0]
    for t in range(1, len(tree.layers) - 1):
        sl = slice(int(tree.layers[t]), int(tree.layers[t + 1]))
        phi[:, sl] = act[tree.label[sl][None, :], phi[:, tree.parent[sl]]]
    for s in range(k):  # c_x(y^s) == c_x(y)^s for every x, y
        if not np.array_equal(phi[:, act[s]], act[s][phi]):
            return None
    return m


def quick_order(gens: np.ndarray) -> int | None:
    """``|<gens>|`` when one of the cheap certificates applies (trivial group, one generator,
    regular on a transitive support), else ``None``.

    Examples
    --------
    >>> quick_order(np.array([np.roll(np.arange(10000), -1)]))
    10000
    """
    gens = np.asarray(gens, dtype=np.int64)
    if gens.shape[0] == 0:
        return 1
    if gens.shape[0] == 1:
        return cyclic_order(gens[0])
    return regular_order(gens)


def orbit_product_bound(
    gens: np.ndarray, constituent_order: Callable[[np.ndarray], int]
) -> int | None:
    """``prod_j |G^{O_j}|`` over the orbits ``O_j`` of ``G = <gens>`` on its support (an upper
    bound on ``|G|``, equal to it for direct products), or ``None`` when ``G`` is transitive
    on its support or has more than :data:`MAX_CONSTITUENTS` non-trivial orbits.
    ``O(k d)`` per orbit plus the constituents' chains.

    ``constituent_order`` returns the exact order of a group from ``(k, |O|)`` generators.

    Examples
    --------
    >>> g = np.array([[1, 2, 0, 3, 4], [0, 1, 2, 4, 3]])
    >>> orbit_product_bound(g, lambda h: quick_order(h))
    6
    """
    gens = np.asarray(gens, dtype=np.int64)
    d = gens.shape[1]
    moved = (gens != np.arange(d)).any(axis=0)
    orbits = []
    while moved.any():  # one Schreier tree per orbit (no graph library import)
        if len(orbits) == MAX_CONSTITUENTS:
            return None
        pts = schreier_tree(gens, int(np.argmax(moved))).orbit
        moved[pts] = False
        orbits.append(np.sort(pts))
    if len(orbits) < 2:
        return None
    relabel = np.empty(d, dtype=np.int64)
    bound = 1
    for pts in orbits:
        relabel[pts] = np.arange(pts.size)
        sub = relabel[gens[:, pts]]
        sub = sub[(sub != np.arange(pts.size)).any(axis=1)]
        bound *= int(constituent_order(sub))
    return bound
