"""Element orders of a finite group, for all elements at once.

Three vectorised methods; :func:`element_orders` picks the cheapest one available:

* **permutations** (a faithful permutation representation of degree ``d`` is stored): the order
  of a permutation is the lcm of its cycle lengths, found for all elements together by iterating
  ``x -> g(x)`` on every point, ``O(n d * max cycle)``;
* **table** (the Cayley table is built, or worth building: order ``<= 8192`` and a diameter
  ``L`` with ``L log^2 n > n``, e.g. large cyclic or dihedral groups): all powers ``g^t``
  advanced together, ``O(n e)`` for exponent ``e``;
* **prime stripping** (otherwise): every order divides ``n``, so start from ``n`` and divide by
  each prime ``p`` while ``g^(ord/p) = 1``, with elementwise square-and-multiply powers,
  ``O(n S log^2 n)`` for ``S`` word steps (see :class:`~groupmat.WordMetric`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
from sympy import primefactors

if TYPE_CHECKING:  # pragma: no cover
    from groupmat.algebra._group import Group

__all__ = ["element_orders", "elementwise_power"]


def element_orders(G: Group) -> np.ndarray:
    """``(n,)`` read-only array of element orders (see the module docstring for the method).

    Examples
    --------
    >>> from groupmat import symmetric
    >>> np.bincount(element_orders(symmetric(4))).tolist()
    [0, 1, 9, 8, 6]
    """
    n = G.order
    from groupmat.algebra._structure import class_element_orders, small_permutation_representation

    perms = small_permutation_representation(G)  # stored, or derived from the coset table
    if perms is not None:
        orders = _permutation_orders(np.asarray(perms, dtype=np.int64))
    elif G._has_table() or (n <= 8192 and G.diameter * np.log2(max(n, 2)) ** 2 > n):
        table = G.cayley_table()
        orders = np.ones(n, dtype=np.int64)
        todo = np.arange(1, n)
        cur = todo.copy()
        t = 1
        while todo.size:
            t += 1
            cur = table[cur, todo]
            done = cur == 0
            orders[todo[done]] = t
            todo, cur = todo[~done], cur[~done]
    elif (by_classes := class_element_orders(G)) is not None:
        orders = by_classes
    else:
        orders = np.full(n, n, dtype=np.int64)
        elems = np.arange(n)
        for p in primefactors(n):
            while True:
                idx = np.flatnonzero(orders % p == 0)
                if not idx.size:
                    break
                hit = elementwise_power(G, elems[idx], orders[idx] // p) == 0
                if not hit.any():
                    break
                orders[idx[hit]] //= p
    orders.setflags(write=False)
    return orders


def elementwise_power(G: Group, a: np.ndarray, e: np.ndarray) -> np.ndarray:
    """``g_{a[i]} ** e[i]`` for index and non-negative exponent arrays of one shape:
    square-and-multiply on index arrays, ``O(m S log max(e))``.

    Examples
    --------
    >>> from groupmat import cyclic
    >>> elementwise_power(cyclic(6), np.array([1, 2, 1]), np.array([2, 3, 6])).tolist()
    [2, 0, 0]
    """
    a = np.asarray(a, dtype=np.int64)
    res = np.zeros_like(a)
    base = a.copy()
    e = np.asarray(e, dtype=np.int64).copy()
    while e.any():
        odd = (e & 1).astype(bool)
        if odd.any():
            res[odd] = G.multiply(res[odd], base[odd])
        e >>= 1
        live = e > 0
        if live.any():
            base[live] = G.multiply(base[live], base[live])
    return res


def _permutation_orders(perms: np.ndarray) -> np.ndarray:
    """Orders of the rows of an ``(n, d)`` array of permutations: lcm of cycle lengths.

    The cycle length of every point under every permutation is found by iterating
    ``y -> g(y)`` until each point returns, ``O(n d * max cycle)``.
    """
    n, d = perms.shape
    if d == 0:  # permutations of no points: only the identity, of order 1
        return np.ones(n, dtype=np.int64)
    lengths = np.zeros((n, d), dtype=np.int64)
    start = np.broadcast_to(np.arange(d), (n, d))
    y = perms.copy()
    t = 1
    while True:
        back = (y == start) & (lengths == 0)
        lengths[back] = t
        if (lengths > 0).all():
            break
        y = np.take_along_axis(perms, y, axis=1)
        t += 1
    return np.lcm.reduce(lengths, axis=1)
