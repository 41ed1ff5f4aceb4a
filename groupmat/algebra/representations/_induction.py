"""Restriction and induction of class functions between a group and a subgroup.

For ``H <= G`` with ``H`` taken as a group of its own (``H.as_group()``, whose conjugacy
classes number the entries of a class function of ``H``):

* restriction ``Res^G_H χ (h) = χ(h)``: read ``χ`` at the ``G``-class of each ``H``-class
  representative;
* induction (Frobenius' formula)

  .. math:: \\operatorname{Ind}_H^G ψ (g) = \\frac{1}{|H|} \\sum_{x ∈ G} ψ^°(x g x^{-1})
            = \\frac{|G|}{|H|\\,|g^G|} \\sum_{h ∈ H ∩ g^G} ψ(h),

  one weighted ``bincount`` of the elements of ``H`` by their ``G``-class, ``O(|H|)`` after
  the class maps.

They are adjoint (Frobenius reciprocity): ``<Res χ, ψ>_H = <χ, Ind ψ>_G``
(J.-P. Serre, *Linear Representations of Finite Groups*, sec. 7.2; I. M. Isaacs, *Character
Theory of Finite Groups*, (5.2)).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from groupmat.errors import NotAnElementError

if TYPE_CHECKING:  # pragma: no cover
    from numpy.typing import ArrayLike

    from groupmat.algebra._group import Group
    from groupmat.algebra._subgroup import Subgroup
    from groupmat.algebra.representations._characters import CharacterTable

__all__ = ["induce", "restrict"]


def _check_subgroup(table: CharacterTable, H: object) -> Subgroup:
    from groupmat.algebra._subgroup import Subgroup

    if not isinstance(H, Subgroup):
        raise TypeError(
            f"H must be a Subgroup of the table's group, got {type(H).__name__}; use "
            "G.subgroup(gens)"
        )
    if H.group is not table.group:
        raise NotAnElementError(
            f"H is a subgroup of {H.group!r}, not of the table's group {table.group!r}"
        )
    return H


def _class_function(values: int | ArrayLike, table: CharacterTable, what: str) -> np.ndarray:
    """A class function on the classes of ``table``: an array of length ``r``, or an int
    ``i`` for the irreducible character ``χ_i``."""
    r = len(table)
    if isinstance(values, (int, np.integer)) and not isinstance(values, bool):
        if not 0 <= int(values) < r:
            raise IndexError(f"{what}: irreducible character {int(values)} out of range 0..{r - 1}")
        return np.asarray(table.values[int(values)], dtype=np.complex128)
    arr = np.asarray(values, dtype=np.complex128)
    if arr.shape != (r,):
        raise ValueError(
            f"{what} must be a class function given on the {r} classes of "
            f"{table.group!r} (shape ({r},)) or an irreducible's index, got shape {arr.shape}"
        )
    return arr


def _subgroup_data(H: Subgroup) -> tuple[Group, np.ndarray]:
    """``H`` as a group and its embedding (``H.as_group()`` numbers elements by ``H.elements``,
    so its classes are the same on every call)."""
    return H.as_group()


def restrict(table: CharacterTable, chi: int | ArrayLike, H: Subgroup) -> np.ndarray:
    """``Res^G_H χ`` on the conjugacy classes of ``H.as_group()`` (in its
    ``conjugacy_classes()`` order), for a class function ``χ`` of ``G`` (or the index of an
    irreducible character). ``O(r_H)`` after the class maps.

    Examples
    --------
    >>> import groupmat as gm
    >>> G = gm.symmetric(3)
    >>> H = G.subgroup([G.generators[0]])           # the 3-cycles: C3
    >>> T = G.character_table()
    >>> np.round(restrict(T, 2, H).real).astype(int).tolist()   # the 2-dim irreducible
    [2, -1, -1]
    """
    H = _check_subgroup(table, H)
    values = _class_function(chi, table, "chi")
    Hg, emb = _subgroup_data(H)
    reps = np.array([int(c[0]) for c in Hg.conjugacy_classes()], dtype=np.int64)
    return values[table.class_map[emb[reps]]]


def induce(table: CharacterTable, psi: int | ArrayLike, H: Subgroup) -> np.ndarray:
    """``Ind_H^G ψ`` on the classes of ``G`` for a class function ``ψ`` of ``H`` given on the
    classes of ``H.as_group()`` (or the index of an irreducible character of ``H``):
    ``Ind ψ (g) = |G| / (|H| |g^G|) sum_{h ∈ H ∩ g^G} ψ(h)``, ``O(|H|)``.

    Examples
    --------
    >>> import groupmat as gm
    >>> G = gm.symmetric(3)
    >>> H = G.subgroup([G.generators[1]])           # a transposition: C2
    >>> T = G.character_table()
    >>> np.round(induce(T, [1, 1], H).real).astype(int).tolist()   # permutation character
    [3, 0, 1]
    """
    from groupmat.algebra.representations._characters import character_table

    H = _check_subgroup(table, H)
    Hg, emb = _subgroup_data(H)
    psi_values = _class_function(psi, character_table(Hg), "psi")
    hmap = np.asarray(Hg.class_map())
    gclass = table.class_map[emb]
    r = len(table)
    vals = psi_values[hmap]
    sums = np.bincount(gclass, weights=vals.real, minlength=r) + 1j * np.bincount(
        gclass, weights=vals.imag, minlength=r
    )
    return sums * table.group.order / (H.order * table.class_sizes)
