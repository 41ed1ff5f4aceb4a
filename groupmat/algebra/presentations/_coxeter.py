"""Coxeter groups from Coxeter matrices: presentations, standard types, and Groups.

A Coxeter matrix ``M`` is a symmetric ``n x n`` matrix with ``m_ii = 1`` and
``m_ij in {2, 3, ..., ∞}`` for ``i != j``. Its Coxeter group is

.. math::

    W(M) = \\langle s_1, \\dots, s_n \\mid (s_i s_j)^{m_{ij}} = 1 \\rangle,

so every ``s_i`` is an involution, ``m_ij = 2`` makes ``s_i, s_j`` commute, and ``m_ij = ∞``
imposes no relation. In integer arrays we write ``∞`` as ``0`` (``None`` and ``math.inf`` are
accepted on input).

The finite irreducible types (Bourbaki numbering; Humphreys, *Reflection Groups and Coxeter
Groups*, 1990, §2.4 and Table 2.4) are available by name: ``A_n`` (n >= 1), ``B_n`` (= ``C_n``,
n >= 2), ``D_n`` (n >= 4), ``E6``, ``E7``, ``E8``, ``F4``, ``G2``, ``H3``, ``H4`` and the dihedral
``I2(m)``; names may be written ``"E6"``, ``"E_6"`` or ``"e6"``.

Examples
--------
>>> coxeter_matrix("A3")
array([[1, 3, 2],
       [3, 1, 3],
       [2, 3, 1]])
>>> print(coxeter_presentation("B2"))
< s1, s2 | s1^2, s2^2, (s1*s2)^4 >
>>> coxeter_order("E6")
51840
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
from numpy.typing import ArrayLike

from groupmat.algebra.presentations._gap_syntax import _shown
from groupmat.algebra.presentations._presentation import Presentation
from groupmat.errors import PresentationError

if TYPE_CHECKING:  # pragma: no cover
    from groupmat.algebra._group import Group

__all__ = [
    "coxeter_group",
    "coxeter_matrix",
    "coxeter_order",
    "coxeter_presentation",
]

_NAME = re.compile(r"^\s*([A-Ia-i])_?\s*(\d+)\s*(?:\(\s*(\d+)\s*\))?\s*$")


def _parse_type(name: str) -> tuple[str, int, int | None]:
    m = _NAME.match(name)
    if not m:
        raise ValueError(
            f"unknown Coxeter type {_shown(name)}: expected e.g. 'A4', 'B3', 'D5', 'E6', 'F4', "
            f"'G2', 'H3', 'H4' or 'I2(7)'"
        )
    letter, n, m_ = m.group(1).upper(), int(m.group(2)), m.group(3)
    return letter, n, int(m_) if m_ is not None else None


def _chain(n: int) -> np.ndarray:
    M = np.full((n, n), 2, dtype=np.int64)
    np.fill_diagonal(M, 1)
    for i in range(n - 1):
        M[i, i + 1] = M[i + 1, i] = 3
    return M


def coxeter_matrix(name: str) -> np.ndarray:
    """The Coxeter matrix of a finite irreducible type, in Bourbaki's numbering.

    Parameters
    ----------
    name
        ``"A<n>"``, ``"B<n>"``, ``"C<n>"``, ``"D<n>"``, ``"E6"``-``"E8"``, ``"F4"``, ``"G2"``,
        ``"H3"``, ``"H4"`` or ``"I2(<m>)"``.

    Returns
    -------
    numpy.ndarray
        ``int64`` array of shape ``(n, n)``.

    Examples
    --------
    >>> coxeter_matrix("F4")
    array([[1, 3, 2, 2],
           [3, 1, 4, 2],
           [2, 4, 1, 3],
           [2, 2, 3, 1]])
    >>> coxeter_matrix("I2(5)")
    array([[1, 5],
           [5, 1]])
    """
    letter, n, m = _parse_type(name)

    def bad(why: str) -> ValueError:
        return ValueError(f"Coxeter type {_shown(name)}: {why}")

    if m is not None and letter != "I":
        raise bad("only type I2(m) takes a parameter")
    if letter == "A":
        if n < 1:
            raise bad("A_n needs n >= 1")
        return _chain(n)
    if letter in "BC":
        if n < 2:
            raise bad("B_n needs n >= 2")
        M = _chain(n)
        M[n - 2, n - 1] = M[n - 1, n - 2] = 4
        return M
    if letter == "D":
        if n < 4:
            raise bad("D_n needs n >= 4 (D3 = A3, D2 = A1 x A1)")
        M = _chain(n)
        M[n - 2, n - 1] = M[n - 1, n - 2] = 2
        M[n - 3, n - 1] = M[n - 1, n - 3] = 3
        return M
    if letter == "E":
        if n not in (6, 7, 8):
            raise bad("E_n exists for n = 6, 7, 8")
        M = np.full((n, n), 2, dtype=np.int64)
        np.fill_diagonal(M, 1)
        edges = [(1, 3), (2, 4), (3, 4)] + [(i, i + 1) for i in range(4, n)]
        for i, j in edges:
            M[i - 1, j - 1] = M[j - 1, i - 1] = 3
        return M
    if letter == "F":
        if n != 4:
            raise bad("only F4 exists")
        M = _chain(4)
        M[1, 2] = M[2, 1] = 4
        return M
    if letter == "G":
        if n != 2:
            raise bad("only G2 exists")
        return np.array([[1, 6], [6, 1]], dtype=np.int64)
    if letter == "H":
        if n not in (3, 4):
            raise bad("H_n exists for n = 3, 4")
        M = _chain(n)
        M[0, 1] = M[1, 0] = 5
        return M
    if letter == "I":
        if n != 2 or m is None or m < 2:
            raise bad("write I2(m) with m >= 2")
        return np.array([[1, m], [m, 1]], dtype=np.int64)
    raise bad("no finite Coxeter group of this type")


def coxeter_order(name: str) -> int:
    """The order of the finite Coxeter group of a type (Humphreys, Table 2.4).

    Examples
    --------
    >>> [coxeter_order(t) for t in ("A3", "B3", "D4", "F4", "H4")]
    [24, 48, 192, 1152, 14400]
    """
    coxeter_matrix(name)  # validates the name
    letter, n, m = _parse_type(name)
    f = math.factorial
    table: dict[str, Any] = {
        "A": lambda: f(n + 1),
        "B": lambda: 2**n * f(n),
        "C": lambda: 2**n * f(n),
        "D": lambda: 2 ** (n - 1) * f(n),
        "E": lambda: {6: 51840, 7: 2903040, 8: 696729600}[n],
        "F": lambda: 1152,
        "G": lambda: 12,
        "H": lambda: {3: 120, 4: 14400}[n],
        "I": lambda: 2 * m,
    }
    return int(table[letter]())


def _validate(matrix: Any) -> list[list[int]]:
    """A Coxeter matrix as a list of lists with 0 for ∞, checked."""
    if isinstance(matrix, str):
        return coxeter_matrix(matrix).tolist()
    rows = [list(r) for r in matrix]
    n = len(rows)
    if n == 0:
        raise ValueError("a Coxeter matrix needs at least one row")
    out: list[list[int]] = []
    for i, r in enumerate(rows):
        if len(r) != n:
            raise ValueError(f"Coxeter matrix is not square: row {i} has {len(r)} entries")
        row = []
        for v in r:
            if v is None or (isinstance(v, float) and math.isinf(v)):
                row.append(0)
            else:
                iv = int(v)
                if iv != v:
                    raise ValueError(f"Coxeter matrix entry {v!r} is not an integer")
                row.append(iv)
        out.append(row)
    for i in range(n):
        if out[i][i] != 1:
            raise ValueError(f"Coxeter matrix needs m_ii = 1, got m_{i}{i} = {out[i][i]}")
        for j in range(i + 1, n):
            if out[i][j] != out[j][i]:
                raise ValueError(f"Coxeter matrix is not symmetric at ({i}, {j})")
            if out[i][j] == 1 or out[i][j] < 0:
                raise ValueError(
                    f"Coxeter matrix entry m_{i}{j} = {out[i][j]}: need >= 2, or 0 / inf / "
                    f"None for no relation"
                )
    return out


def coxeter_presentation(
    matrix: str | ArrayLike, names: Sequence[str] | None = None
) -> Presentation:
    """The presentation ``< s_1..s_n | s_i^2, (s_i s_j)^{m_ij} (i < j, m_ij finite) >``.

    Parameters
    ----------
    matrix
        A Coxeter matrix (nested sequence or array; ``0``, ``None`` or ``inf`` for ∞), or a
        type name such as ``"E6"`` (see :func:`coxeter_matrix`).
    names
        Generator names; default ``s1, ..., sn``.

    Examples
    --------
    >>> str(coxeter_presentation([[1, 3], [3, 1]], names=["a", "b"]))
    '< a, b | a^2, b^2, (a*b)^3 >'
    >>> str(coxeter_presentation([[1, 0], [0, 1]]))  # infinite dihedral group
    '< s1, s2 | s1^2, s2^2 >'
    """
    M = _validate(matrix)
    n = len(M)
    gens = tuple(names) if names is not None else tuple(f"s{i + 1}" for i in range(n))
    if len(gens) != n:
        raise PresentationError(f"{len(gens)} names given for a {n} x {n} Coxeter matrix")
    rels: list[tuple[int, ...]] = [(i + 1, i + 1) for i in range(n)]
    for i in range(n):
        for j in range(i + 1, n):
            if M[i][j]:
                rels.append((i + 1, j + 1) * M[i][j])
    return Presentation(gens, tuple(rels))


def coxeter_group(matrix: str | ArrayLike, names: Sequence[str] | None = None) -> Group:
    """The Coxeter group of a Coxeter matrix (or type name), enumerated as a :class:`Group`.

    Calls ``Group.from_presentation(coxeter_presentation(matrix, names))``; the group must be
    finite (spherical type), otherwise the coset enumeration stops at its limit with
    :class:`~groupmat.errors.CosetEnumerationError`.

    Examples
    --------
    >>> coxeter_group("A3").order
    24
    """
    from groupmat.algebra._group import Group

    return Group.from_presentation(coxeter_presentation(matrix, names))
