"""Character tables of finite groups: Burnside / Dixon with exact values.

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

Abelian groups (``r = n`` classes) skip all this:
:func:`~groupmat.abelian_structure` gives
``G ≅ Z_{m_1} x ... x Z_{m_r}`` explicitly and the characters in closed form.

References
----------
W. Burnside, *Theory of Groups of Finite Order* (1911), §223; J. D. Dixon, "High speed
computation of group characters", Numer. Math. 10 (1967); G. J. A. Schneider, J. Symb. Comp. 9
(1990).
"""

from __future__ import annotations

import weakref
from functools import cached_property
from typing import TYPE_CHECKING, Literal

import numpy as np

from groupmat.algebra._element_arrays import right_multiply
from groupmat.algebra.representations._abelian_decomposition import (
    AbelianStructure,
    abelian_structure,
)
from groupmat.errors import GroupmatError, SizeLimitError

if TYPE_CHECKING:  # pragma: no cover
    import sympy
    from numpy.typing import ArrayLike

    from groupmat.algebra._group import Group
    from groupmat.algebra._homogeneous import HomogeneousSpace
    from groupmat.algebra._subgroup import Subgroup

__all__ = [
    "MAX_DENSE_ENTRIES",
    "AbelianStructure",
    "CharacterTable",
    "abelian_structure",
    "character_degrees",
    "character_table",
    "class_multiplication_coefficients",
    "permutation_character",
]

#: Largest number of complex entries of a dense object built on request (abelian character
#: tables, all ``rho(g)`` of an irrep, the Fourier basis): ``2**24`` entries = 256 MiB.
MAX_DENSE_ENTRIES = 1 << 24

_TABLES: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
_SEED = 20240917
#: Values of a class whose representative has order ``o`` are snapped to exact sums of roots of
#: unity during construction when ``r * o`` is at most this (else only near-integers are).
_SNAP_BUDGET = 1 << 16


def _guard(entries: int, what: str, hint: str) -> None:
    if entries > MAX_DENSE_ENTRIES:
        raise SizeLimitError(
            f"{what} has {entries} entries (limit MAX_DENSE_ENTRIES={MAX_DENSE_ENTRIES}); {hint}"
        )


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
        _guard(
            r * r,
            f"the character table of an abelian group of order {r}",
            "use abelian_structure(G).character_values(chars) for a few characters",
        )
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
            out = (
                np.lcm.reduce(m // np.gcd(c, m), axis=1)
                if m.size
                else np.ones(len(self), dtype=np.int64)
            )
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

    def inner(self, chi: ArrayLike, psi: ArrayLike) -> complex:
        """``<chi, psi> = |G|^{-1} sum_k |C_k| chi(z_k) conj(psi(z_k))`` for class functions
        given on the classes."""
        chi, psi = np.asarray(chi), np.asarray(psi)
        return complex(np.sum(self.class_sizes * chi * np.conj(psi)) / self.group.order)

    def decompose(self, psi: ArrayLike) -> np.ndarray:
        """Multiplicities ``<psi, chi_i>`` of the irreducibles in a class function (on
        classes), as complex numbers (integers for characters)."""
        psi = np.asarray(psi)
        return (np.conj(self.values) * (self.class_sizes * psi)[None, :]).sum(1) / self.group.order

    def restrict(self, chi: int | ArrayLike, H: Subgroup) -> np.ndarray:
        """``Res^G_H chi`` on the classes of ``H.as_group()``, for a class function ``chi`` of
        ``G`` (on the classes) or the index of an irreducible; see
        :func:`~groupmat.algebra.representations._induction.restrict`."""
        from groupmat.algebra.representations._induction import restrict

        return restrict(self, chi, H)

    def induce(self, psi: int | ArrayLike, H: Subgroup, G: Group | None = None) -> np.ndarray:
        """``Ind_H^G psi`` on the classes of ``G`` (this table's group; ``G`` may be given
        again for readability) for a class function ``psi`` of the subgroup ``H`` on the
        classes of ``H.as_group()``; see
        :func:`~groupmat.algebra.representations._induction.induce`. Frobenius reciprocity:
        ``<Res chi, psi>_H = <chi, Ind psi>_G``."""
        from groupmat.algebra.representations._induction import induce

        if G is not None and G is not self.group:
            raise ValueError(f"G must be this table's group {self.group!r}, got {G!r}")
        return induce(self, psi, H)

    def eigenvalue_multiplicities(self, k: int, rows: ArrayLike | None = None) -> np.ndarray:
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
            w = (
                np.stack(np.unravel_index(np.arange(len(self)), tuple(m)), axis=-1)
                if m.size
                else np.zeros((len(self), 0), dtype=np.int64)
            )
            return ((2 * w) % m == 0).all(axis=1).astype(np.int64) if m.size else np.ones(1, int)
        ind = (self.values[:, self.power_map(2)] * self.class_sizes[None, :]).sum(1)
        return np.rint(ind.real / self.group.order).astype(np.int64)

    def exact(self, style: Literal["simplified", "roots"] = "simplified") -> sympy.Matrix:
        """The table as a sympy matrix of exact values.

        ``style="simplified"`` (default): integers, quadratic irrationalities in radicals
        (``(1 + sqrt(5))/2`` rather than ``1 + exp(-2 i pi/5) + exp(2 i pi/5)``), else sums of
        cosines (real values) or of roots of unity; see
        :mod:`groupmat.algebra.representations._cyclotomics`. ``style="roots"``: every
        non-integer value as the sum ``sum_l a_l exp(2 pi i l / o)`` of its eigenvalues.
        :meth:`to_gap` gives GAP's ``E(n)`` notation. ``O(r^2 o)`` for ``r`` classes.

        Examples
        --------
        >>> from groupmat import alternating
        >>> T = character_table(alternating(5))
        >>> sorted({str(v) for v in T.exact() if not v.is_integer})
        ['1/2 + sqrt(5)/2', '1/2 - sqrt(5)/2']
        """
        import sympy

        from groupmat.algebra.representations._cyclotomics import sympy_cyclotomic

        if style not in ("simplified", "roots"):
            raise ValueError(f"style must be 'simplified' or 'roots', got {style!r}")
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
                elif style == "simplified":
                    col.append(sympy_cyclotomic(mult[i]))
                else:
                    col.append(
                        sympy.Add(*[int(a) * z for a, z in zip(mult[i], roots, strict=True) if a])
                    )
            cols.append(col)
        return sympy.Matrix(r, r, lambda i, k: cols[k][i])

    def to_gap(self) -> list[list[str]]:
        """The values as strings in GAP's notation (``E(n) = exp(2 pi i / n)``), rows the
        irreducible characters as :attr:`values`.

        For prime conductors these are GAP's own strings (the Zumbroich basis
        ``E(p)^1 .. E(p)^{p-1}``: ``-E(5)-E(5)^4`` for the golden ratio's conjugate pair in
        ``A5``); ``i`` is ``E(4)``; other conductors give a valid GAP expression of the same
        value (exponents reduced), not necessarily GAP's normal form. See
        :mod:`groupmat.algebra.representations._cyclotomics`.

        Examples
        --------
        >>> from groupmat import alternating
        >>> character_table(alternating(5)).to_gap()[1]
        ['3', '-E(5)^2-E(5)^3', '0', '-E(5)-E(5)^4', '-1']
        """
        from groupmat.algebra.representations._cyclotomics import gap_cyclotomic

        r = len(self)
        _guard(r * r, "the GAP character table", "use .values")
        out = [[""] * r for _ in range(r)]
        for k in range(r):
            mult = self.eigenvalue_multiplicities(k)
            for i in range(r):
                v = self.values[i, k]
                if abs(v - round(v.real)) < 1e-9:
                    out[i][k] = str(round(v.real))
                else:
                    out[i][k] = gap_cyclotomic(mult[i])
        return out

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


def _right_perm(G: Group, z: int) -> np.ndarray:
    """``p[i]`` = index of ``g_i z``, ``O(n S)`` for the ``S`` steps of ``z``'s word (runs of one
    letter are binary powers in :class:`~groupmat.WordMetric`)."""
    return right_multiply(G, np.arange(G.order), int(z))


def _cycle_of_identity(G: Group, R: np.ndarray) -> np.ndarray:
    """``[1, z, z^2, ..., z^{o-1}]`` for the right multiplication ``R`` by ``z``: a short scalar
    walk to ``z^m``, then doubling (``seq -> seq ++ seq z^m``, ``m = len(seq)``, with the right
    multiplication by ``z^m`` from its word and squared each round, ``O(n log o)``) for long
    cycles."""
    seq, p = [0], int(R[0])
    while p != 0 and len(seq) < 64:
        seq.append(p)
        p = int(R[p])
    if p == 0:
        return np.asarray(seq, dtype=np.int64)
    arr = np.asarray(seq, dtype=np.int64)
    Pm = _right_perm(G, p)  # p = z^m
    while True:
        nxt = Pm[arr]
        hit = np.flatnonzero(nxt == 0)
        if hit.size:
            return np.concatenate([arr, nxt[: hit[0]]])
        arr = np.concatenate([arr, nxt])
        Pm = Pm[Pm]


def _class_data(
    G: Group, cmap: np.ndarray, reps: np.ndarray
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
        powers.append(cmap[_cycle_of_identity(G, R)])
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
    from groupmat.algebra._structure import class_map

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
                (
                    done.append((Q @ V[:, part])[:, 0])
                    if part.size == 1
                    else pending.append(Q @ V[:, part])
                )
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
    from groupmat.algebra._structure import class_map

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
        [*(-np.round(exact.imag, 6).T[::-1]), *(-np.round(exact.real, 6).T[::-1]), exact[:, 0].real]
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
