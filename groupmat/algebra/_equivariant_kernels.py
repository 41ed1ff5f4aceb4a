"""Double cosets ``H\\G/K`` and the equivariant linear maps between homogeneous spaces.

A linear map ``B: C^Y -> C^X`` between functions on two homogeneous spaces of ``G`` is
``G``-equivariant iff ``B[g.x, g.y] = B[x, y]`` for all ``g``, i.e. ``B`` is constant on the
orbits of ``G`` on ``X x Y``. Those orbits correspond to the double cosets ``H\\G/K`` (``H``,
``K`` the stabilisers of the base points), so the equivariant maps form a space of dimension
``|H\\G/K|`` (Mackey; for ``X = Y = G`` these are the group matrices). Re-exported by
:mod:`groupmat.algebra._homogeneous`.

References
----------
D. F. Holt, B. Eick, E. A. O'Brien, *Handbook of Computational Group Theory*, CRC 2005, §4.1
(orbits). J.-P. Serre, *Linear Representations of Finite Groups*, §7.3-7.4 (permutation
representations, Mackey's criterion).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from groupmat.algebra._element_arrays import _orbit_labels, double_coset_labels
from groupmat.algebra._subgroup import _as_subgroup
from groupmat.errors import GroupmatError, SizeLimitError

if TYPE_CHECKING:  # pragma: no cover
    import scipy.sparse as sp

    from groupmat.algebra._group import Group
    from groupmat.algebra._homogeneous import HomogeneousSpace
    from groupmat.algebra._subgroup import Subgroup, SubgroupLike

__all__ = ["DoubleCosets", "double_cosets", "equivariant_basis", "pair_orbit_labels"]


@dataclass(frozen=True, eq=False)
class DoubleCosets:
    """The double cosets ``H g K`` of two subgroups.

    Attributes
    ----------
    labels
        ``(n,)`` int array: the id of ``H g K`` for each ``g`` (first-appearance numbering,
        ``H K`` is 0).
    representatives
        Smallest element of each double coset (increasing).
    sizes
        ``|H g K| = |H| |K| / |H ∩ g K g^-1|``.
    """

    H: Subgroup
    K: Subgroup
    labels: np.ndarray
    representatives: np.ndarray
    sizes: np.ndarray

    def __len__(self) -> int:
        return int(self.representatives.size)


def double_cosets(G: Group, H: SubgroupLike, K: SubgroupLike) -> DoubleCosets:
    """Double cosets ``H\\G/K`` with sizes and representatives.

    ``HgK`` is the orbit of ``g`` under ``g -> h g`` and ``g -> g k`` for the generators of
    ``H`` and ``K``: connected components, numbered by first appearance
    (:func:`~groupmat.double_coset_labels`), ``O(n (k_H + k_K) L)``.

    Examples
    --------
    >>> from groupmat import Group
    >>> G = Group.from_permutations([[1, 2, 3, 0], [1, 0, 2, 3]])   # S4
    >>> H = G.subgroup("a")                                          # a 4-cycle
    >>> D = double_cosets(G, H, H)
    >>> len(D), sorted(D.sizes.tolist())
    (3, [4, 4, 16])
    """
    Hs, Ks = _as_subgroup(G, H, "H"), _as_subgroup(G, K, "K")
    labels, reps = double_coset_labels(Hs, Ks)
    sizes = np.bincount(labels)
    for a in (labels, reps, sizes):
        a.setflags(write=False)
    return DoubleCosets(Hs, Ks, labels, reps, sizes)


# ------------------------------------------------------------------ equivariant maps
def _space_size(X: object, what: str) -> int:
    """Number of points of a space, or of a Group's regular space, without building it."""
    from groupmat.algebra._group import Group
    from groupmat.algebra._homogeneous import HomogeneousSpace

    if isinstance(X, Group):
        return X.order
    if isinstance(X, HomogeneousSpace):
        return len(X)
    return _as_space(X, what) and 0  # raises the TypeError


def _as_space(X: object, what: str) -> HomogeneousSpace:
    """``X`` as a HomogeneousSpace: a space itself, or a Group as its regular space ``G/1``."""
    from groupmat.algebra._group import Group
    from groupmat.algebra._homogeneous import HomogeneousSpace

    if isinstance(X, HomogeneousSpace):
        return X
    if isinstance(X, Group):
        return HomogeneousSpace(X)
    raise TypeError(
        f"{what} must be a HomogeneousSpace (or a Group, for its regular space), got "
        f"{type(X).__name__} {X!r:.60}"
    )


def pair_orbit_labels(X: HomogeneousSpace, Y: HomogeneousSpace) -> tuple[np.ndarray, int]:
    """Orbits of ``G`` on ``X x Y`` as an ``(|X|, |Y|)`` int label matrix ``T``.

    Every ``G``-equivariant linear map ``C^Y -> C^X`` is ``B = w[T]`` for a weight vector
    ``w`` of length ``m`` (a bi-invariant kernel), and conversely.

    Returns
    -------
    (T, m)
        ``T[x, y]`` = orbit of ``(x, y)``, numbered by first appearance in row 0 (every orbit
        meets ``{x_0} x Y``); ``m`` = number of orbits = ``|H\\G/K|``.

    Notes
    -----
    ``(x, y) ~ (x_0, r_x^{-1}.y)``, and ``(x_0, y) ~ (x_0, y')`` iff ``y' in H.y`` with
    ``H = Stab(x_0)``; so ``T[x, y] = o(r_x^{-1}.y)`` for the ``H``-orbit labelling ``o`` of
    ``Y``. ``O(|X| |Y| L)`` time, ``O(|X| |Y|)`` memory; a :class:`~groupmat.Group` stands for its
    regular space ``G / 1``.

    Raises
    ------
    TypeError
        ``X`` or ``Y`` is neither a HomogeneousSpace nor a Group.
    SizeLimitError
        ``|X| |Y|`` above ``MAX_ACTION_ENTRIES`` (``2**28``), before allocating.
    """
    from groupmat.algebra._homogeneous import MAX_ACTION_ENTRIES

    nx_, ny_ = _space_size(X, "X"), _space_size(Y, "Y")
    if nx_ * ny_ > MAX_ACTION_ENTRIES:
        raise SizeLimitError(
            f"the orbit labels of G on X x Y are a {nx_:_} x {ny_:_} matrix "
            f"({nx_ * ny_ * 8 / 2**30:.3g} GiB), above MAX_ACTION_ENTRIES="
            f"{MAX_ACTION_ENTRIES:_} (groupmat.algebra._homogeneous): use smaller spaces, or "
            "the double cosets (groupmat.double_cosets(G, H, K)) which describe the same basis "
            "in O(|G|)"
        )
    X, Y = _as_space(X, "X"), _as_space(Y, "Y")
    if X.group is not Y.group:
        raise GroupmatError("the two homogeneous spaces belong to different groups")
    G = X.group
    perms = [Y.point_permutation(h) for h in dict.fromkeys(X.subgroup.generators)]
    o = _orbit_labels(len(Y), perms)[0]
    rinv = G.inverse[X.representatives]
    T = o[Y.act(rinv[:, None], np.arange(len(Y))[None, :])]
    return T, int(o.max()) + 1 if o.size else 0


def equivariant_basis(
    X: HomogeneousSpace, Y: HomogeneousSpace, *, sparse: bool = False
) -> np.ndarray | list[sp.csr_matrix]:
    """A basis of the ``G``-equivariant linear maps from functions on ``Y`` to functions on
    ``X``: one 0/1 matrix per orbit of ``G`` on ``X x Y``.

    Returns
    -------
    np.ndarray or list of scipy.sparse.csr_matrix
        ``(m, |X|, |Y|)`` float64 array (or ``m`` sparse matrices), ``m = |H\\G/K|`` for the
        stabilisers ``H``, ``K`` of the base points. Each ``B`` satisfies ``P_g^X B = B P_g^Y``
        for the permutation matrices ``P_g[x, x'] = [x = g.x']``; the ``B``'s have disjoint
        supports summing to the all-ones matrix.

    Examples
    --------
    >>> from groupmat import Group
    >>> from groupmat import HomogeneousSpace
    >>> G = Group.from_permutations([[1, 2, 0], [1, 0, 2]])   # S3
    >>> X = HomogeneousSpace(G, G.subgroup("b"))
    >>> equivariant_basis(X, X).shape     # identity and J - I
    (2, 3, 3)
    >>> equivariant_basis(G, X).shape     # a Group is its regular space
    (3, 6, 3)

    Raises
    ------
    TypeError
        ``X`` or ``Y`` is neither a HomogeneousSpace nor a Group.
    SizeLimitError
        Above ``MAX_ACTION_ENTRIES`` (``2**28``) label or basis entries, before allocating.
    """
    T, m = pair_orbit_labels(X, Y)
    if sparse:
        import scipy.sparse as sp

        rows, cols = np.indices(T.shape)
        return [
            sp.csr_matrix((np.ones(int(mask.sum())), (rows[mask], cols[mask])), shape=T.shape)
            for mask in (T == j for j in range(m))
        ]
    from groupmat.algebra._homogeneous import MAX_ACTION_ENTRIES

    if m * T.size > MAX_ACTION_ENTRIES:
        raise SizeLimitError(
            f"a dense basis of {m} matrices of shape {T.shape} is too large; use sparse=True or "
            "pair_orbit_labels(X, Y)"
        )
    return (T[None, :, :] == np.arange(m)[:, None, None]).astype(np.float64)
