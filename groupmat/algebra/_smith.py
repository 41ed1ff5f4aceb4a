"""Smith normal form of a small integer matrix (exact, Python ints).

Used for abelian invariants (the relation matrix of ``G / [G, G]``) and for the explicit
cyclic decomposition of an abelian group. The matrices are tiny (one row per relation, one
column per generator of an abelian group, so at most ``log2 |G|`` columns), so plain Python
integers are the right tool: exact, no overflow.

Reference: H. Cohen, *A Course in Computational Algebraic Number Theory*, Springer 1993,
§2.4.4 (Smith normal form by unimodular row and column operations).
"""

from __future__ import annotations

from collections.abc import Sequence

__all__ = ["smith_normal_form"]


def smith_normal_form(rows: Sequence[Sequence[int]]) -> tuple[list[int], list[list[int]]]:
    """Smith normal form ``U A V = diag(d_1, ..., d_r, 0, ...)`` of an ``m x k`` integer matrix.

    Returns ``(d, V)``: the ``min(m, k)`` diagonal entries ``d_i >= 0`` with
    ``d_1 | d_2 | ...`` (zeros last) and the unimodular ``k x k`` column transform ``V``
    (``U`` is not needed by the callers and not returned). ``Z^k / rowspace(A)`` is the direct
    sum of ``Z / d_i`` (a zero ``d_i``, or a column beyond ``m``, is a free ``Z``).

    Cost ``O(min(m, k) * m * k)`` integer operations per Euclid round; the entries stay
    bounded by the input's for the relation matrices met here.

    Examples
    --------
    >>> smith_normal_form([[2, 0], [0, 3]])[0]
    [1, 6]
    >>> smith_normal_form([[4, 6]])[0]
    [2]
    """
    A = [[int(a) for a in r] for r in rows]
    m = len(A)
    k = len(A[0]) if m else 0
    if any(len(r) != k for r in A):
        raise ValueError("smith_normal_form needs a rectangular matrix")
    V = [[int(i == j) for j in range(k)] for i in range(k)]

    def col_op(i: int, j: int, q: int) -> None:  # col_j -= q col_i
        for row in A:
            row[j] -= q * row[i]
        for row in V:
            row[j] -= q * row[i]

    def swap_cols(i: int, j: int) -> None:
        for row in A:
            row[i], row[j] = row[j], row[i]
        for row in V:
            row[i], row[j] = row[j], row[i]

    r = min(m, k)
    for t in range(r):
        while True:
            nz = [(abs(A[i][j]), i, j) for i in range(t, m) for j in range(t, k) if A[i][j]]
            if not nz:  # the rest is zero
                return [abs(A[i][i]) for i in range(r)], V
            _, i, j = min(nz)
            A[t], A[i] = A[i], A[t]
            swap_cols(t, j)
            done = True
            for i in range(t + 1, m):
                q = A[i][t] // A[t][t]
                if q:
                    A[i] = [a - q * b for a, b in zip(A[i], A[t], strict=True)]
                done &= A[i][t] == 0
            for j in range(t + 1, k):
                q = A[t][j] // A[t][t]
                if q:
                    col_op(t, j, q)
                done &= A[t][j] == 0
            if not done:
                continue
            # divisibility: every later entry must be a multiple of the pivot
            bad = [i for i in range(t + 1, m) for j in range(t + 1, k) if A[i][j] % A[t][t]]
            if not bad:
                break
            A[t] = [a + b for a, b in zip(A[t], A[bad[0]], strict=True)]
        if A[t][t] < 0:
            A[t][t] = -A[t][t]
            for row in V:
                row[t] = -row[t]
    return [abs(A[i][i]) for i in range(r)], V
