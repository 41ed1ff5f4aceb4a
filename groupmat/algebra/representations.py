"""Characters, unitary irreducible representations and the group Fourier transform.

Character table (Burnside / Dixon)
----------------------------------
With classes ``C_1 = {1}, ..., C_r`` (representatives ``z_k``) and class-sum structure
constants ``c_{jik} = #{(x, y) in C_j x C_i : x y = z_k}``, every irreducible ``chi`` gives a
common eigenvector ``w_k = |C_k| chi(z_k) / chi(1)`` of the matrices ``(M_j)_{ik} = c_{jik}``,
``M_j w = w_j w`` (Burnside). Conjugating by ``D^{1/2}``, ``D = diag |C_k|``, makes them
simultaneously *unitarily* diagonalisable, ``D^{-1/2} M_j D^{1/2} = X Lambda_j X^*`` with the
unitary ``X[k, chi] = sqrt(|C_k|/|G|) chi(z_k)``; so one Hermitian random combination
``A = N + N^*``, ``N = sum_j t_j D^{-1/2} M_j D^{1/2}``, has the columns of ``X`` as
eigenvectors (eigenvalue clusters, probability zero, are split again with fresh combinations, as
in Dixon-Schneider). ``chi(1) = sqrt(|G|) |v_1|`` and
``chi(z_k) = sqrt(|G|/|C_k|) v_k conj(v_1)/|v_1|`` for a unit eigenvector ``v``. The needed
sums ``sum_j t_j c_{jik}`` are one weighted ``bincount`` over ``x in G`` of the classes of
``x^{-1} z_k`` per ``k``: ``O(r n L)`` time, ``O(r n)`` memory, no Cayley table. Values are
then made exact: for ``z`` of order ``o`` the multiplicity of the eigenvalue ``zeta_o^l`` of
``rho(z)`` is ``a_l = o^{-1} sum_j chi(z^j) zeta_o^{-jl}`` (a discrete Fourier transform along
the power map), a non-negative integer; ``chi(z) = sum_l a_l zeta_o^l``.

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
W. Burnside, *Theory of Groups of Finite Order* (1911), §223; J. D. Dixon, "High speed
computation of group characters", Numer. Math. 10 (1967); G. J. A. Schneider, J. Symb. Comp. 9
(1990); J. D. Dixon, "Computing irreducible representations of groups", Math. Comp. 24 (1970);
J.-P. Serre, *Linear Representations of Finite Groups*, §2 and §7 (induction, projections).
"""

from __future__ import annotations

import weakref
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING, Any

import numpy as np

from groupmat.algebra.element_arrays import _orbit_labels, bfs_layers
from groupmat.errors import GroupmatError, SizeLimitError

if TYPE_CHECKING:  # pragma: no cover
    import sympy

    from groupmat.algebra.group import Group
    from groupmat.algebra.homogeneous import HomogeneousSpace

__all__ = [
    "MAX_DENSE_ENTRIES",
    "AbelianStructure",
    "CharacterTable",
    "Irrep",
    "abelian_structure",
    "block_diagonal_form",
    "character_degrees",
    "character_table",
    "class_multiplication_coefficients",
    "fourier",
    "fourier_basis",
    "inverse_fourier",
    "irreducible_representations",
    "permutation_character",
    "tensor_product_irreps",
]

#: Largest number of complex entries of a dense object built on request (abelian character
#: tables, all ``rho(g)`` of an irrep, the Fourier basis): ``2**24`` entries = 256 MiB.
MAX_DENSE_ENTRIES = 1 << 24

_TABLES: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
_IRREPS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
_SEED = 20240917
#: Values of a class whose representative has order ``o`` are snapped to exact sums of roots of
#: unity during construction when ``r * o`` is at most this (else only near-integers are).
_SNAP_BUDGET = 1 << 16
#: :func:`fourier` caches ``rho(g)`` for all irreps of one degree when they take at most this
#: many entries (64 MiB), else regenerates them layer by layer.
_CACHE_ENTRIES = 1 << 22


def _guard(entries: int, what: str, hint: str) -> None:
    if entries > MAX_DENSE_ENTRIES:
        raise SizeLimitError(
            f"{what} has {entries} entries (limit MAX_DENSE_ENTRIES={MAX_DENSE_ENTRIES}); {hint}"
        )


# ------------------------------------------------------------------ abelian groups
@dataclass(frozen=True, eq=False)
class AbelianStructure:
    """An explicit isomorphism ``G ≅ Z_{m_1} x ... x Z_{m_r}`` of an abelian group.

    Attributes
    ----------
    invariants
        ``(m_1, ..., m_r)`` (Smith normal form, ``m_i | m_{i+1}``, factors 1 dropped).
    coordinates
        ``(n, r)`` int array, ``c(g)``; ``c`` is an isomorphism onto the grid.
    grid_index
        ``(n,)`` ``np.ravel_multi_index(c(g), invariants)``: where ``g`` sits in the grid.

    The characters are ``chi_w(g) = exp(2 pi i sum_i w_i c_i(g) / m_i)``, indexed by the grid
    position of ``w``; the Fourier transform is an ``fftn`` on the grid.
    """

    invariants: tuple[int, ...]
    coordinates: np.ndarray
    grid_index: np.ndarray

    def values_at(self, elements: Any) -> np.ndarray:
        """``(n, len(elements))``: every character at the given elements, ``O(n m r)``."""
        m = np.asarray(self.invariants, dtype=np.float64)
        n = self.coordinates.shape[0]
        c = self.coordinates[np.asarray(elements, dtype=np.int64)]
        if not m.size:
            return np.ones((n, c.shape[0]), dtype=np.complex128)
        w = np.stack(np.unravel_index(np.arange(n), self.invariants), axis=-1)
        return np.exp(2j * np.pi * np.mod((w / m) @ c.T, 1.0))

    def character_values(self, chars: Any = None) -> np.ndarray:
        """``values[j, g] = chi_j(g)`` for characters ``chars`` (default all)."""
        m = np.asarray(self.invariants, dtype=np.float64)
        n = self.coordinates.shape[0]
        chars = np.arange(n) if chars is None else np.asarray(chars)
        w = np.stack(np.unravel_index(chars, self.invariants), axis=-1) if m.size else (
            np.zeros((chars.size, 0)))
        phase = (w / m) @ self.coordinates.T if m.size else np.zeros((chars.size, n))
        return np.exp(2j * np.pi * np.mod(phase, 1.0))


def _smith(A: list[list[int]]) -> tuple[list[int], list[list[int]]]:
    """Smith normal form of a square integer matrix: ``(diag, V)`` with ``U A V = diag``
    (``U`` not returned). Plain unimodular row/column operations on Python ints."""
    k = len(A)
    A = [row[:] for row in A]
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

    for t in range(k):
        while True:
            nz = [(abs(A[i][j]), i, j) for i in range(t, k) for j in range(t, k) if A[i][j]]
            if not nz:
                return [A[i][i] for i in range(k)], V
            _, i, j = min(nz)
            A[t], A[i] = A[i], A[t]
            swap_cols(t, j)
            done = True
            for i in range(t + 1, k):
                q = A[i][t] // A[t][t]
                A[i] = [a - q * b for a, b in zip(A[i], A[t], strict=True)]
                done &= A[i][t] == 0
            for j in range(t + 1, k):
                col_op(t, j, A[t][j] // A[t][t])
                done &= A[t][j] == 0
            if not done:
                continue
            bad = [(i, j) for i in range(t + 1, k) for j in range(t + 1, k)
                   if A[i][j] % A[t][t]]
            if not bad:
                break
            A[t] = [a + b for a, b in zip(A[t], A[bad[0][0]], strict=True)]
        if A[t][t] < 0:
            A[t][t] = -A[t][t]
            for row in V:
                row[t] = -row[t]
    return [A[i][i] for i in range(k)], V


def abelian_structure(G: Group) -> AbelianStructure:
    """Decompose an abelian group as a product of cyclic groups, with coordinates.

    Along the chain ``A_s = <x_1, ..., x_s>``, ``q_s`` is the least ``q`` with
    ``x_s^q in A_{s-1}`` and ``x_s^{q_s} = prod_{t<s} x_t^{c_{st}}``; every element is uniquely
    ``prod x_s^{e_s}``, ``0 <= e_s < q_s``, and the triangular relation rows
    ``q_s e_s - c_s`` generate all relations. Their Smith form ``U R V = diag(m)`` gives the
    coordinates ``c(g) = e(g) V mod m``. ``O(n k)`` time (gathers with the generators' right
    action) plus ``O(sum_s q_s)`` scalar steps, ``O(n k)`` memory.

    Examples
    --------
    >>> from groupmat import Group
    >>> S = abelian_structure(Group.from_permutations([[1, 2, 0, 3, 4], [0, 1, 2, 4, 3]]))
    >>> S.invariants
    (6,)
    """
    if not G.is_abelian:
        raise GroupmatError(f"{G!r} is not abelian")
    n = G.order
    pos = np.full(n, -1, dtype=np.int64)
    pos[0] = 0
    elems = np.zeros(1, dtype=np.int64)
    qs: list[int] = []
    rows: list[list[int]] = []
    for s_, x in enumerate(G.generators):
        R = G.right_action[s_]
        q, p = 1, int(x)
        while pos[p] < 0:
            p = int(R[p])
            q += 1
        size = elems.size
        e = _decode(pos[p], qs)
        rows.append([-c for c in e] + [q])
        blocks = [elems]
        for _ in range(q - 1):
            blocks.append(R[blocks[-1]].astype(np.int64))
        elems = np.concatenate(blocks)
        pos[elems[size:]] = np.arange(size, elems.size)
        qs.append(q)
    k = len(qs)
    R = [r + [0] * (k - len(r)) for r in rows]
    diag, V = _smith(R)
    keep = [i for i, m in enumerate(diag) if m != 1]
    inv = tuple(int(diag[i]) for i in keep)
    strides = np.cumprod([1, *qs[:-1]]).astype(np.int64)
    e = (pos[:, None] // strides[None, :]) % np.asarray(qs, dtype=np.int64)[None, :]
    Vk = np.array(V, dtype=np.int64).reshape(k, k)
    coords = ((e.reshape(n, k) @ Vk)[:, keep] % np.asarray(inv, dtype=np.int64)).reshape(
        n, len(keep))
    gi = np.ravel_multi_index(tuple(coords.T), inv) if keep else np.zeros(n, dtype=np.int64)
    if np.unique(gi).size != n:  # pragma: no cover - would be a bug
        raise GroupmatError("internal error: abelian coordinates are not a bijection")
    for a in (coords, gi):
        a.setflags(write=False)
    return AbelianStructure(inv, coords, np.asarray(gi, dtype=np.int64))


def _decode(p: int, qs: Sequence[int]) -> list[int]:
    out = []
    for q in qs:
        out.append(int(p % q))
        p //= q
    return out


# ------------------------------------------------------------------ character table
class CharacterTable:
    """The character table of a finite group (immutable).

    Attributes
    ----------
    group
        ``G``.
    classes
        Conjugacy classes (``G.conjugacy_classes()``: identity first, then by smallest element).
    class_sizes, representatives, class_orders
        ``|C_k|``, the smallest element ``z_k`` of each class, its order.
    values
        ``(r, r)`` complex array, **rows are irreducible characters**, columns classes (as GAP):
        ``values[i, k] = chi_i(z_k)``. Rows sorted by degree (trivial character first).
    degrees
        ``chi_i(1)`` as ints.

    Notes
    -----
    Values are exact up to float rounding: they are rebuilt from the integer eigenvalue
    multiplicities (:meth:`eigenvalue_multiplicities`; for classes of large order ``o`` with
    ``r o > 2^16`` only near-integers are snapped); :meth:`exact` gives sympy numbers.
    Abelian groups (``r = n`` classes) keep the :class:`AbelianStructure` and build
    :attr:`values` only on request.

    Examples
    --------
    >>> from groupmat import Group
    >>> T = character_table(Group.from_permutations([[1, 2, 0], [1, 0, 2]]))   # S3
    >>> T.degrees.tolist(), T.class_sizes.tolist()
    ([1, 1, 2], [1, 2, 3])
    >>> np.round(T.values.real).astype(int).tolist()
    [[1, 1, 1], [1, 1, -1], [2, -1, 0]]
    """

    def __init__(
        self,
        group: Group,
        classes: list[np.ndarray],
        values: np.ndarray | None,
        abelian: AbelianStructure | None = None,
        powers: list[np.ndarray] | None = None,
    ) -> None:
        self.group = group
        self.classes = classes
        self.class_sizes = np.array([c.size for c in classes], dtype=np.int64)
        self.representatives = np.array([int(c[0]) for c in classes], dtype=np.int64)
        self.abelian = abelian
        self._powers = powers
        if values is not None:
            values.setflags(write=False)
            self.__dict__["values"] = values
        for a in (self.class_sizes, self.representatives):
            a.setflags(write=False)

    def __len__(self) -> int:
        return len(self.classes)

    @cached_property
    def values(self) -> np.ndarray:
        """``values[i, k] = chi_i(z_k)`` (built on request for abelian groups)."""
        r = len(self)
        _guard(r * r, f"the character table of an abelian group of order {r}",
               "use abelian_structure(G).character_values(chars) for a few characters")
        assert self.abelian is not None
        vals = self.abelian.character_values()[:, self.representatives]
        vals.setflags(write=False)
        return vals

    @cached_property
    def degrees(self) -> np.ndarray:
        if self.abelian is not None:
            d = np.ones(len(self), dtype=np.int64)
        else:
            d = np.rint(self.values[:, 0].real).astype(np.int64)
        d.setflags(write=False)
        return d

    @cached_property
    def class_orders(self) -> np.ndarray:
        """Element order of each class."""
        if self._powers is not None:
            out = np.array([p.size for p in self._powers], dtype=np.int64)
        else:
            assert self.abelian is not None
            m = np.asarray(self.abelian.invariants, dtype=np.int64)
            c = self.abelian.coordinates[self.representatives]
            out = np.lcm.reduce(m // np.gcd(c, m), axis=1) if m.size else np.ones(
                len(self), dtype=np.int64)
        out.setflags(write=False)
        return out

    def power_map(self, e: int) -> np.ndarray:
        """Class of ``z_k^e`` for each class ``k`` (GAP's ``PowerMap``)."""
        if self._powers is not None:
            return np.array([p[e % p.size] for p in self._powers], dtype=np.int64)
        assert self.abelian is not None
        return self.class_map[np.asarray(self.group.power(self.representatives, e))]

    @cached_property
    def class_map(self) -> np.ndarray:
        """``(n,)`` class index of every element."""
        out = np.empty(self.group.order, dtype=np.int64)
        out[np.concatenate(self.classes)] = np.repeat(np.arange(len(self)), self.class_sizes)
        out.setflags(write=False)
        return out

    def character(self, i: int) -> np.ndarray:
        """``chi_i`` on every element, an ``(n,)`` complex array."""
        if self.abelian is not None and "values" not in self.__dict__:
            return self.abelian.character_values([i])[0]
        return self.values[i][self.class_map]

    def inner(self, chi: Any, psi: Any) -> complex:
        """``<chi, psi> = |G|^{-1} sum_k |C_k| chi(z_k) conj(psi(z_k))`` for class functions
        given on the classes."""
        chi, psi = np.asarray(chi), np.asarray(psi)
        return complex(np.sum(self.class_sizes * chi * np.conj(psi)) / self.group.order)

    def decompose(self, psi: Any) -> np.ndarray:
        """Multiplicities ``<psi, chi_i>`` of the irreducibles in a class function (on
        classes), as complex numbers (integers for characters)."""
        psi = np.asarray(psi)
        return (np.conj(self.values) * (self.class_sizes * psi)[None, :]).sum(1) / self.group.order

    def eigenvalue_multiplicities(self, k: int, rows: Any = None) -> np.ndarray:
        """``(len(rows), o)`` int array: entry ``[i, l]`` = multiplicity of ``exp(2 pi i l/o)`` as
        an eigenvalue of ``rho_i(z_k)`` (``o`` = order of ``z_k``; default all irreps).

        ``a_l = o^{-1} sum_j chi(z_k^j) zeta_o^{-jl}`` along the power map, ``O(r o log o)``.
        """
        rows = np.arange(len(self)) if rows is None else np.atleast_1d(rows)
        if self._powers is None:  # abelian: chi_j(z) = zeta_o^l for one l
            o = int(self.class_orders[k])
            vals = self.abelian.character_values(rows)[:, self.representatives[k]]
            out = np.zeros((rows.size, o), dtype=np.int64)
            ang = np.rint(np.angle(vals) / (2 * np.pi) * o).astype(np.int64) % o
            out[np.arange(rows.size), ang] = 1
            return out
        pk = self._powers[k]
        a = np.fft.fft(self.values[rows][:, pk], axis=1) / pk.size
        return np.rint(a.real).astype(np.int64)

    @cached_property
    def indicators(self) -> np.ndarray:
        """Frobenius-Schur indicators ``|G|^{-1} sum_g chi(g^2)`` in ``{1, 0, -1}`` (real,
        complex, quaternionic)."""
        if self.abelian is not None:  # chi_w is real iff 2w = 0
            m = np.asarray(self.abelian.invariants, dtype=np.int64)
            w = np.stack(np.unravel_index(np.arange(len(self)), tuple(m)), axis=-1) if m.size \
                else np.zeros((len(self), 0), dtype=np.int64)
            return ((2 * w) % m == 0).all(axis=1).astype(np.int64) if m.size else np.ones(1, int)
        ind = (self.values[:, self.power_map(2)] * self.class_sizes[None, :]).sum(1)
        return np.rint(ind.real / self.group.order).astype(np.int64)

    def exact(self) -> sympy.Matrix:
        """The table as a sympy matrix: integers where the value is an integer, otherwise the
        exact sum ``sum_l a_l exp(2 pi i l / o)`` of roots of unity."""
        import sympy

        r = len(self)
        _guard(r * r, "the exact character table", "use .values")
        cols = []
        for k in range(r):
            mult = self.eigenvalue_multiplicities(k)
            o = mult.shape[1]
            roots = [sympy.exp(2 * sympy.pi * sympy.I * sympy.Rational(l, o)) for l in range(o)]
            col = []
            for i in range(r):
                v = self.values[i, k]
                if abs(v - round(v.real)) < 1e-9:
                    col.append(sympy.Integer(round(v.real)))
                else:
                    col.append(sympy.Add(*[int(a) * z for a, z in zip(mult[i], roots, strict=True)
                                           if a]))
            cols.append(col)
        return sympy.Matrix(r, r, lambda i, k: cols[k][i])

    def __repr__(self) -> str:
        return f"<CharacterTable of {self.group!r}: {len(self)} irreducible characters>"

    def class_names(self) -> list[str]:
        """ATLAS/GAP-style names: element order and a letter per class of that order, in class
        order (``1a, 2a, 3a, 5a, 5b`` for A5)."""
        seen: dict[int, int] = {}
        out = []
        for o in self.class_orders.tolist():
            i = seen.get(o, 0)
            seen[o] = i + 1
            out.append(f"{o}{chr(97 + i % 26)}{i // 26 or ''}")
        return out

    def __str__(self) -> str:
        r = len(self)
        if r > 40:
            return repr(self)
        head = ["", *self.class_names()]
        size = ["|C|", *(str(s) for s in self.class_sizes.tolist())]
        rows = [[f"X.{i + 1}", *(_fmt(v) for v in self.values[i])] for i in range(r)]
        table = [head, size, *rows]
        w = [max(len(row[c]) for row in table) for c in range(r + 1)]
        return "\n".join("  ".join(x.rjust(w[c]) for c, x in enumerate(row)) for row in table)


def _fmt(v: complex) -> str:
    if abs(v.imag) < 1e-9:
        x = v.real
        return str(round(x)) if abs(x - round(x)) < 1e-9 else f"{x:.3f}"
    im = f"{v.imag:.3f}i"
    return im if abs(v.real) < 1e-9 else f"{v.real:.3f}{'+' if v.imag > 0 else ''}{im}"


def _perm_power(P: np.ndarray, c: int) -> np.ndarray:
    """``P^c`` by repeated squaring (``O(n log c)``)."""
    out = np.arange(P.size)
    while c:
        if c & 1:
            out = P[out]
        c >>= 1
        if c:
            P = P[P]
    return out


def _right_perm(G: Group, z: int) -> np.ndarray:
    """``p[i]`` = index of ``g_i z``, ``O(n S)`` for the ``S`` steps of ``z``'s word (runs of one
    letter are binary powers in :class:`~groupmat.algebra.cayley.WordMetric`)."""
    from groupmat.algebra.element_arrays import right_multiply

    return right_multiply(G, np.arange(G.order), int(z))


def _cycle_of_identity(R: np.ndarray) -> np.ndarray:
    """``[1, z, z^2, ..., z^{o-1}]`` for the right multiplication ``R`` by ``z``: a short scalar
    walk, then doubling (``seq -> seq ++ R^m[seq]``, ``O(n log o)``) for long cycles."""
    seq, p = [0], int(R[0])
    while p != 0 and len(seq) < 64:
        seq.append(p)
        p = int(R[p])
    if p == 0:
        return np.asarray(seq, dtype=np.int64)
    arr = np.asarray(seq, dtype=np.int64)
    Pm = _perm_power(R, arr.size)
    while True:
        nxt = Pm[arr]
        hit = np.flatnonzero(nxt == 0)
        if hit.size:
            return np.concatenate([arr, nxt[: hit[0]]])
        arr = np.concatenate([arr, nxt])
        Pm = Pm[Pm]


def _class_data(G: Group, cmap: np.ndarray, reps: np.ndarray
                ) -> tuple[np.ndarray, list[np.ndarray]]:
    """``Y[k, x]`` = class of ``x^{-1} z_k`` and the power maps ``[class of z_k^j, j < o_k]``:
    one right-multiplication permutation per class, ``O(r n log L + sum_k o_k)``."""
    r, n = reps.size, G.order
    _guard(r * n // 4, "the class product array", "the group has too many classes")
    inv = G.inverse
    Y = np.empty((r, n), dtype=np.int16 if r < 2**15 else np.int32)
    powers = []
    for k, z in enumerate(reps.tolist()):
        R = _right_perm(G, z)
        Y[k] = cmap[R[inv]]
        powers.append(cmap[_cycle_of_identity(R)])
    return Y, powers


def class_multiplication_coefficients(G: Group) -> np.ndarray:
    """Structure constants ``c[j, i, k] = #{(x, y) in C_j x C_i : x y = z_k}`` of the centre of
    the group algebra, ``C_j C_i = sum_k c[j, i, k] C_k`` (classes as ``G.conjugacy_classes()``).

    ``O(r n L)`` time; the ``r^3`` result is guarded by :data:`MAX_DENSE_ENTRIES`.

    Examples
    --------
    >>> from groupmat import Group
    >>> c = class_multiplication_coefficients(Group.from_permutations([[1, 2, 0], [1, 0, 2]]))
    >>> c[2, 2].tolist()      # (sum of transpositions)^2 = 3 * 1 + 3 * (3-cycles)
    [3, 3, 0]
    """
    from groupmat.algebra.structure import class_map

    classes = G.conjugacy_classes()
    r = len(classes)
    _guard(r**3, "the class multiplication tensor", "use character_table(G)")
    cmap = class_map(G)
    reps = np.array([int(c[0]) for c in classes], dtype=np.int64)
    Y, _ = _class_data(G, cmap, reps)
    out = np.empty((r, r, r), dtype=np.int64)
    for k in range(r):
        out[:, :, k] = np.bincount(cmap * r + Y[k], minlength=r * r).reshape(r, r)
    return out


def _combination(Y: np.ndarray, cmap: np.ndarray, t: np.ndarray) -> np.ndarray:
    """``B[i, k] = sum_j t_j c_{jik}``: one weighted bincount per class (``O(r n)``)."""
    r = Y.shape[0]
    wt = t[cmap]
    B = np.empty((r, r), dtype=np.complex128)
    for k in range(r):
        B[:, k] = np.bincount(Y[k], weights=wt.real, minlength=r)
        B[:, k] += 1j * np.bincount(Y[k], weights=wt.imag, minlength=r)
    return B


def _dixon_eigenvectors(Y: np.ndarray, cmap: np.ndarray, sizes: np.ndarray) -> np.ndarray:
    """Unit common eigenvectors of the normalised class matrices (columns of ``X`` up to
    phases), splitting eigenvalue clusters with fresh random combinations.

    The first combination is real, so ``A = N + N^T`` is real symmetric (a real ``eigh``, several
    times faster than a complex one); its eigenvalue ``2 Re(sum_j t_j w_j)`` cannot separate
    ``chi`` from ``conj(chi)``, so such pairs (and accidental clusters) are split by complex
    Hermitian combinations restricted to the cluster."""
    import scipy.linalg

    r = sizes.size
    rng = np.random.default_rng(_SEED)
    sq = np.sqrt(sizes.astype(np.float64))
    t = rng.standard_normal(r) / sizes
    N = _combination(Y, cmap, t.astype(np.complex128)).real * sq[None, :] / sq[:, None]
    w, V = scipy.linalg.eigh(N + N.T, driver="evr")
    pending = [V[:, part].astype(np.complex128) for part in _clusters(w)]
    done = [Q[:, 0] for Q in pending if Q.shape[1] == 1]
    pending = [Q for Q in pending if Q.shape[1] > 1]
    for _ in range(50):
        if not pending:
            return np.stack(done, axis=1)
        t = (rng.standard_normal(r) + 1j * rng.standard_normal(r)) / sizes
        N = _combination(Y, cmap, t) * sq[None, :] / sq[:, None]
        A = N + N.conj().T
        todo, pending = pending, []
        for Q in todo:
            S = Q.conj().T @ A @ Q
            w, V = np.linalg.eigh((S + S.conj().T) / 2)
            for part in _clusters(w):
                (done.append((Q @ V[:, part])[:, 0]) if part.size == 1
                 else pending.append(Q @ V[:, part]))
    raise GroupmatError("character table: eigenvalue clusters do not split (internal)")


def _clusters(w: np.ndarray) -> list[np.ndarray]:
    """Indices of sorted eigenvalues grouped where consecutive gaps are below tolerance."""
    tol = 1e-7 * max(1.0, float(np.abs(w).max()))
    return np.split(np.arange(w.size), np.flatnonzero(np.diff(w) > tol) + 1)


def character_table(G: Group) -> CharacterTable:
    """The character table of ``G`` (cached per group).

    See the module docstring for the method. Cost ``O(r n L + r^3 + sum_k o_k r)`` for ``r``
    classes, diameter ``L`` and element orders ``o_k``; abelian groups use
    :func:`abelian_structure` instead (``O(n k L)``, table values on request).

    Raises
    ------
    GroupmatError
        If the floating-point computation fails its exactness checks (integral eigenvalue
        multiplicities, orthogonality); this indicates a bug, please report it.

    Examples
    --------
    >>> from groupmat import Group
    >>> T = character_table(Group.from_permutations([[1, 2, 3, 4, 0], [1, 2, 0, 3, 4]]))  # A5
    >>> T.degrees.tolist()
    [1, 3, 3, 4, 5]
    """
    if G in _TABLES:
        return _TABLES[G]
    if G.is_abelian:
        classes = [np.array([i], dtype=np.int64) for i in range(G.order)]
        T = CharacterTable(G, classes, None, abelian_structure(G))
        _TABLES[G] = T
        return T
    from groupmat.algebra.structure import class_map

    classes = G.conjugacy_classes()
    if classes[0].tolist() != [0]:  # pragma: no cover - structure.py contract
        raise GroupmatError("conjugacy_classes() must list the identity's class first")
    n = G.order
    cmap = np.asarray(class_map(G), dtype=np.int64)
    sizes = np.array([c.size for c in classes], dtype=np.int64)
    reps = np.array([int(c[0]) for c in classes], dtype=np.int64)
    Y, powers = _class_data(G, cmap, reps)
    V = _dixon_eigenvectors(Y, cmap, sizes)
    v1 = V[0]
    vals = np.sqrt(n / sizes)[None, :] * (V * (np.conj(v1) / np.abs(v1))[None, :]).T
    del Y
    exact = vals.copy()
    r = len(classes)
    worst = 0.0
    for k, pk in enumerate(powers):  # snap to sums of roots of unity where cheap
        o = pk.size
        if r * o > _SNAP_BUDGET:
            near = np.abs(vals[:, k] - np.rint(vals[:, k].real)) < 1e-8
            exact[near, k] = np.rint(vals[near, k].real)
            continue
        a = np.fft.fft(vals[:, pk], axis=1) / o
        ai = np.rint(a.real)
        worst = max(worst, float(np.abs(a - ai).max()), float(-ai.min()))
        exact[:, k] = ai @ np.exp(2j * np.pi * np.arange(o) / o)
    if worst > 0.05:
        raise GroupmatError(
            f"character table of {G!r}: values are not sums of roots of unity (error "
            f"{worst:.2g}); numerical failure, please report"
        )
    X = np.sqrt(sizes / n)[:, None] * exact.T  # unitary: check on random vectors, O(r^2)
    u = np.random.default_rng(_SEED).standard_normal((r, 2))
    if not np.allclose(X.conj().T @ (X @ u), u, atol=1e-6):
        raise GroupmatError(f"character table of {G!r} fails orthogonality; please report")
    key = np.lexsort(
        [*(-np.round(exact.imag, 6).T[::-1]), *(-np.round(exact.real, 6).T[::-1]),
         exact[:, 0].real]
    )
    T = CharacterTable(G, classes, exact[key], powers=powers)
    _TABLES[G] = T
    return T


def character_degrees(G: Group) -> list[int]:
    """Sorted degrees of the irreducible characters (``G.character_degrees()``).

    Examples
    --------
    >>> from groupmat import Group
    >>> character_degrees(Group.from_permutations([[1, 2, 3, 0], [1, 0, 2, 3]]))   # S4
    [1, 1, 2, 3, 3]
    """
    if G.is_abelian:
        return [1] * G.order
    return sorted(int(d) for d in character_table(G).degrees)


def permutation_character(X: HomogeneousSpace) -> np.ndarray:
    """The permutation character of ``G`` on ``X``: number of fixed points of each class
    representative (classes as ``G.conjugacy_classes()``), ``O(r |X| L)``.

    ``<pi_X, pi_Y>`` is the number of double cosets ``H\\G/K`` (the dimension of the
    equivariant maps between functions on ``X`` and ``Y``).
    """
    G = X.group
    reps = np.array([int(c[0]) for c in G.conjugacy_classes()], dtype=np.int64)
    pts = np.arange(len(X))
    fixed = X.act(reps[:, None], pts[None, :]) == pts[None, :]
    return fixed.sum(axis=1).astype(np.float64)


# ------------------------------------------------------------------ irreducible representations
def _letter_matrices(gens: np.ndarray) -> np.ndarray:
    """``(2k+1, d, d)``: row ``k + l`` is the matrix of letter ``l`` (unitary, so the inverse
    letter is the conjugate transpose)."""
    d = gens.shape[1]
    inv = np.conj(np.transpose(gens, (0, 2, 1)))
    return np.concatenate([inv[::-1], np.eye(d, dtype=gens.dtype)[None], gens], axis=0)


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

    def __init__(self, group: Group, generator_matrices: np.ndarray,
                 character: np.ndarray | None = None, index: int | None = None) -> None:
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

    def __repr__(self) -> str:
        return f"<Irrep of degree {self.degree} of {self.group!r}>"

    @cached_property
    def _stack(self) -> np.ndarray:
        return _letter_matrices(self.generator_matrices)

    def __call__(self, g: Any) -> np.ndarray:
        """``rho(g)`` for one element (along a shortest word, ``O(L d^3)``)."""
        if "_matrices" in self.__dict__:
            return self.__dict__["_matrices"][int(g)]
        return _word_matrix(self.group, self._stack, int(g))

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
    stack = np.concatenate(
        [np.conj(np.swapaxes(gens, -1, -2))[:, ::-1],
         np.broadcast_to(np.eye(d, dtype=np.complex128), (m, 1, d, d)), gens], axis=1)
    wm = G.word_metric
    where = np.zeros(G.order, dtype=np.int64)
    prev = np.broadcast_to(np.eye(d, dtype=np.complex128), (m, 1, d, d))
    for t, layer in enumerate(bfs_layers(G)):
        cur = prev if t == 0 else (
            prev[:, where[wm.parent[layer]]] @ stack[:, k + wm.last_letter[layer]])
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


def _by_degree(G: Group, irreps: Sequence[Irrep]) -> list[tuple[list[int], bool]]:
    """Irreps grouped by degree, each group with whether its ``rho(g)`` are (now) cached:
    groups with at most ``_CACHE_ENTRIES`` entries in all are built and cached."""
    groups: dict[int, list[int]] = {}
    for i, rho in enumerate(irreps):
        groups.setdefault(rho.degree, []).append(i)
    plan = []
    for d, idx in groups.items():
        todo = [irreps[i] for i in idx if "_matrices" not in irreps[i].__dict__]
        if todo and len(todo) * G.order * d * d <= _CACHE_ENTRIES:
            _cache_matrices(G, todo)
            todo = []
        plan.append((idx, not todo))
    return plan


def _cyclic_cosets(G: Group, z: int) -> np.ndarray:
    """``C[c, j] = y_c z^j``: the left cosets of ``<z>`` as rows (cycles of right
    multiplication by ``z``), ``C[0, 0] = 1``; ``O(n log L)``."""
    R = _right_perm(G, z)
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


def _induced_block(G: Group, chi: np.ndarray, C: np.ndarray, l: int, D: int,
                   rng: np.random.Generator) -> np.ndarray:
    """Generator matrices of ``rho ⊗ I_m`` (dimension ``D = d m``) in an orthonormal basis of
    ``span{rho(y) E}`` built from the Gram kernel ``phi`` (``y`` over coset representatives of
    ``<z>``, the rows of ``C``)."""
    from groupmat.algebra.homogeneous import _multiply

    phi = _spherical(chi, C, l)
    short = C[np.arange(C.shape[0]), np.argmin(G.word_lengths()[C], axis=1)]  # shortest per coset
    pool = np.concatenate([[0], rng.permutation(short[1:])])
    inv = G.inverse
    size = min(pool.size, D + 16)
    while True:
        Y = pool[:size]
        gram = phi[_multiply(G, inv[Y][:, None], Y[None, :])]
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
        psi = phi[_multiply(G, inv[Y][:, None], _multiply(G, x, Y)[None, :])]
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


def _check_irrep(G: Group, rho: Irrep, chi: np.ndarray, reps: np.ndarray,
                 rng: np.random.Generator) -> None:
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
    >>> from groupmat.algebra.families import cyclic, symmetric
    >>> from groupmat.algebra.products import direct_product
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


# ------------------------------------------------------------------ Fourier transform
def _default_irreps(G: Group, irreps: Sequence[Irrep] | None) -> list[Irrep]:
    return list(irreps) if irreps is not None else irreducible_representations(G)


def _use_fft(G: Group, irreps: Any) -> bool:
    return irreps is None and G.is_abelian


def fourier(G: Group, a: Any, irreps: Sequence[Irrep] | None = None) -> list[np.ndarray]:
    """Group Fourier transform ``a^(rho) = sum_g a(g) rho(g)`` for every irrep.

    Parameters
    ----------
    a
        ``(..., n)`` values (the last axis indexed by elements; leading axes batch).
    irreps
        The representations to use (default :func:`irreducible_representations`; for a direct
        product, :func:`tensor_product_irreps`).

    Returns
    -------
    list of ``(..., d, d)`` complex arrays, one per irrep.

    Notes
    -----
    Abelian groups (default irreps) use an FFT on the grid of :func:`abelian_structure`,
    ``O(n log n)``; otherwise ``O(n sum d^2)`` with cached ``rho(g)``: irreps of one degree are
    built together in one BFS pass and cached when they take at most ``2^22`` entries, larger
    ones are regenerated layer by layer on each call (``O(n d^3)``; call ``rho.matrices()`` once
    to cache them). The convention makes
    ``M_a`` (``M_a[i, j] = a(g_i^{-1} g_j)``) block diagonal, see :func:`fourier_basis`.

    Examples
    --------
    >>> from groupmat import Group
    >>> G = Group.from_permutations([[1, 2, 0], [1, 0, 2]])
    >>> a = np.arange(6.0)
    >>> np.allclose(inverse_fourier(G, fourier(G, a)), a)
    True
    """
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
    for idx, cached in _by_degree(G, irr):
        if cached:
            for i in idx:
                out[i] = np.tensordot(a, irr[i].matrices(), axes=([-1], [0]))
            continue
        d = irr[idx[0]].degree
        acc = np.zeros((len(idx), *a.shape[:-1], d, d), dtype=np.complex128)
        for layer, mats in _stream(G, np.stack([irr[i].generator_matrices for i in idx])):
            acc += np.moveaxis(np.tensordot(mats, a[..., layer], axes=([1], [-1])), (1, 2),
                               (-2, -1))
        for j, i in enumerate(idx):
            out[i] = acc[j]
    return out


def inverse_fourier(G: Group, coeffs: Sequence[Any], irreps: Sequence[Irrep] | None = None
                    ) -> np.ndarray:
    """``a(g) = |G|^{-1} sum_rho d_rho tr(rho(g)^* a^(rho))`` (complex; take ``.real`` for real
    signals). ``coeffs`` as returned by :func:`fourier`."""
    n = G.order
    if _use_fft(G, irreps):
        S = character_table(G).abelian
        assert S is not None
        f = np.stack([np.asarray(c)[..., 0, 0] for c in coeffs], axis=-1)
        shape = f.shape[:-1] + (S.invariants or (1,))
        axes = tuple(range(-len(S.invariants), 0)) if S.invariants else (-1,)
        grid = (np.fft.fftn(f.reshape(shape), axes=axes) / n).reshape(f.shape)
        return grid[..., S.grid_index]
    irr = _default_irreps(G, irreps)
    coeffs = [np.asarray(c) for c in coeffs]
    if len(coeffs) != len(irr):
        raise ValueError(f"{len(coeffs)} Fourier coefficients for {len(irr)} representations")
    out = np.zeros((*coeffs[0].shape[:-2], n), dtype=np.complex128)
    for idx, cached in _by_degree(G, irr):
        d = irr[idx[0]].degree
        C = np.stack([coeffs[i] for i in idx]).reshape(len(idx), -1, d * d)  # (m, batch, d^2)
        if cached:
            mats = np.stack([irr[i].matrices() for i in idx]).reshape(len(idx), n, d * d)
            out += d / n * np.einsum("mbx,mgx->bg", C, np.conj(mats)).reshape(out.shape)
            continue
        for layer, mats in _stream(G, np.stack([irr[i].generator_matrices for i in idx])):
            m2 = np.conj(mats).reshape(len(idx), layer.size, d * d)
            out[..., layer] += d / n * np.einsum("mbx,mgx->bg", C, m2).reshape(
                (*out.shape[:-1], layer.size))
    return out


def fourier_basis(G: Group, irreps: Sequence[Irrep] | None = None) -> np.ndarray:
    """The unitary ``n x n`` matrix ``U[g, (rho, i, j)] = sqrt(d_rho / n) rho(g)_{ij}``.

    Columns are ordered by irrep, then row index ``i``, then column index ``j``; then
    ``U^* M_a U = block_diagonal_form(fourier(G, a))`` for every group matrix ``M_a``
    (Schur orthogonality makes ``U`` unitary).
    """
    n = G.order
    _guard(n * n, "the Fourier basis", "use fourier()")
    cols = [np.sqrt(rho.degree / n) * rho.matrices().reshape(n, -1)
            for rho in _default_irreps(G, irreps)]
    return np.concatenate(cols, axis=1)


def block_diagonal_form(coeffs: Sequence[Any]) -> np.ndarray:
    """``⊕_rho I_{d_rho} ⊗ a^(rho)``: each Fourier block repeated ``d_rho`` times (the form of
    a group matrix in :func:`fourier_basis`)."""
    import scipy.linalg

    blocks = []
    for c in coeffs:
        c = np.asarray(c)
        blocks.extend([c] * c.shape[-1])
    return scipy.linalg.block_diag(*blocks)
