"""Group homomorphisms given by the images of generators.

A homomorphism ``φ: G -> H`` of array-based groups is stored as its **map array**
``φ.map[i]`` = index in ``H`` of ``φ(g_i)``. It is built from the images of ``G``'s generators
along the breadth-first tree of ``G``'s word metric (``φ(g x) = φ(g) φ(x)``, one vectorised
product per BFS layer and letter) and then checked on every edge of the Cayley graph:

.. math:: φ(g x_s) = φ(g) φ(x_s) \\quad \\text{for all } g ∈ G, s = 1..k,

which holds iff the images satisfy all relations of ``G`` (then ``φ(gw) = φ(g)φ(w)`` follows
for every word ``w`` by induction). Cost ``O(n_G k L_H)`` with ``L_H`` the word length of the
images in ``H``; no Cayley table.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np

from groupmat.algebra._element_arrays import bfs_layers, right_multiply
from groupmat.algebra._subgroup import (
    NotAnElementError,
    Subgroup,
    _as_subgroup,
    quotient,
)
from groupmat.algebra._validate import element_index, element_indices
from groupmat.errors import NotAGroupError

if TYPE_CHECKING:  # pragma: no cover
    from numpy.typing import ArrayLike

    from groupmat.algebra._element import Element
    from groupmat.algebra._group import Group
    from groupmat.algebra._subgroup import SubgroupLike
    from groupmat.algebra._validate import ElementLike, ElementsLike

__all__ = ["Homomorphism", "natural_homomorphism"]


def _name(G: Group, i: int) -> str:
    try:
        return repr(G.label(i))
    except Exception:  # pragma: no cover - labels need presentation.py
        return f"element {i}"


class Homomorphism:
    """The homomorphism ``φ: G -> H`` sending the generators of ``G`` to given images.

    Parameters
    ----------
    G, H
        Source and target groups.
    images
        One image per generator of ``G`` (in ``G.generators`` order): indices, Elements of
        ``H`` or word strings in ``H``'s generators.
    check
        Verify that the images define a homomorphism (default ``True``; ``O(n_G k L_H)``).

    Raises
    ------
    NotAGroupError
        If the images do not satisfy the relations of ``G`` (the message names an element
        ``g`` and a generator ``x`` with ``φ(g x) != φ(g) φ(x)``).
    NotAnElementError
        Wrong number of images, or images that are not elements of ``H``.

    Examples
    --------
    >>> from groupmat import Group
    >>> S3 = Group.from_permutations([[1, 2, 0], [1, 0, 2]])
    >>> C2 = Group.from_permutations([[1, 0]])
    >>> sign = Homomorphism(S3, C2, [0, C2.generators[0]])    # a 3-cycle, a transposition
    >>> sign.kernel().order, sign.is_surjective, sign.is_injective
    (3, True, False)
    >>> try:
    ...     Homomorphism(S3, C2, [C2.generators[0], 0])   # a 3-cycle cannot map to -1
    ... except NotAGroupError as err:
    ...     print(type(err).__name__)
    NotAGroupError
    """

    def __init__(
        self, G: Group, H: Group, images: Sequence[ElementLike] | np.ndarray, *, check: bool = True
    ) -> None:
        imgs = element_indices(H, images, "image") if not isinstance(images, Subgroup) else None
        if imgs is None:
            raise NotAnElementError("images must be a sequence of elements, not a Subgroup")
        k = G.right_action.shape[0]
        if len(imgs) != k:
            raise NotAnElementError(
                f"{len(imgs)} images given for the {k} generators of {G!r}; give one image per "
                "generator, in G.generators order"
            )
        self._source, self._target = G, H
        self._images = tuple(imgs)
        phi = self._build()
        phi.setflags(write=False)
        self._map = phi
        if check:
            self._check()

    # -------------------------------------------------------------- construction
    def _build(self) -> np.ndarray:
        G, H = self._source, self._target
        wm = G.word_metric
        phi = np.zeros(G.order, dtype=np.int64)
        hinv = H.inverse
        for layer in bfs_layers(G)[1:]:
            letters = wm.last_letter[layer]
            for letter in np.unique(letters).tolist():
                sel = layer[letters == letter]
                img = self._images[abs(letter) - 1]
                img = img if letter > 0 else int(hinv[img])
                phi[sel] = right_multiply(H, phi[wm.parent[sel]], img)
        return phi

    def _check(self) -> None:
        G, H = self._source, self._target
        for s, img in enumerate(self._images):
            lhs = self._map[G.right_action[s]]
            rhs = right_multiply(H, self._map, img)
            bad = np.flatnonzero(lhs != rhs)
            if bad.size:
                g = int(bad[0])
                raise NotAGroupError(
                    "the images do not define a homomorphism "
                    f"{G!r} -> {H!r}: phi(g*{G.generator_names[s]}) != phi(g)*phi("
                    f"{G.generator_names[s]}) for g = {_name(G, g)}, i.e. the images violate a "
                    "relation of the source group; check the images and their order "
                    "(one per generator, in G.generators order)"
                )

    @classmethod
    def from_map(cls, G: Group, H: Group, mapping: ArrayLike) -> Homomorphism:
        """A homomorphism from its full map array (``mapping[i]`` = image of ``g_i``), checked.

        Raises :class:`NotAGroupError` unless ``mapping`` is the homomorphism determined by its
        values on the generators.
        """
        m = np.asarray(mapping)
        if m.shape != (G.order,) or not np.issubdtype(m.dtype, np.integer):
            raise NotAnElementError(
                f"mapping must be an integer array of shape ({G.order},), got {m.dtype} "
                f"array of shape {m.shape}"
            )
        phi = cls(G, H, [int(m[g]) for g in G.generators])
        if not np.array_equal(phi.map, m):
            g = int(np.flatnonzero(phi.map != m)[0])
            raise NotAGroupError(
                f"mapping is not a homomorphism: its value at {_name(G, g)} differs from the "
                "product of the images of the generators along a word"
            )
        return phi

    @classmethod
    def identity(cls, G: Group) -> Homomorphism:
        """The identity map of ``G``."""
        return cls(G, G, list(G.generators), check=False)

    @classmethod
    def inclusion(cls, K: Subgroup) -> Homomorphism:
        """The embedding ``K -> G`` of a subgroup, ``K`` as a group (``K.as_group()``)."""
        Kg, emb = K.as_group()
        return cls(Kg, K.group, [int(emb[g]) for g in Kg.generators], check=False)

    # -------------------------------------------------------------- data
    @property
    def source(self) -> Group:
        """The domain ``G`` (GAP's ``Source``)."""
        return self._source

    @property
    def target(self) -> Group:
        """The codomain ``H`` (GAP's ``Range``)."""
        return self._target

    @property
    def images(self) -> tuple[int, ...]:
        """Images of the generators of ``G`` (indices in ``H``)."""
        return self._images

    @property
    def map(self) -> np.ndarray:
        """``(n_G,)`` read-only int array, ``map[i]`` = index of ``φ(g_i)`` in ``H``."""
        return self._map

    def __call__(self, x: ElementsLike) -> int | Element | np.ndarray:
        """Image of an element: an index gives an index, an Element or word an Element of ``H``,
        an index array an index array."""
        from groupmat.algebra._group import Element

        if isinstance(x, (Element, str)):
            return self._target.element(int(self._map[element_index(self._source, x)]))
        if isinstance(x, (int, np.integer)):
            return int(self._map[element_index(self._source, x)])
        a = np.asarray(x)
        if a.size and (
            not np.issubdtype(a.dtype, np.integer) or a.min() < 0 or a.max() >= self._source.order
        ):
            raise NotAnElementError(f"not an index array of elements of {self._source!r}")
        return self._map[a]

    def __repr__(self) -> str:
        return f"<Homomorphism {self._source!r} -> {self._target!r}>"

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Homomorphism):
            return NotImplemented
        return (
            other._source is self._source
            and other._target is self._target
            and np.array_equal(other._map, self._map)
        )

    def __hash__(self) -> int:
        return hash((id(self._source), id(self._target), self._images))

    # -------------------------------------------------------------- structure
    def kernel(self) -> Subgroup:
        """``ker φ = {g : φ(g) = 1}``, a normal subgroup of ``G``."""
        return Subgroup._from_elements(self._source, np.flatnonzero(self._map == 0))

    def image(self) -> Subgroup:
        """``φ(G)``, the subgroup of ``H`` generated by the images."""
        return Subgroup._from_elements(self._target, np.unique(self._map), self._images)

    def preimage(self, K: SubgroupLike) -> Subgroup:
        """``φ^-1(K)`` of a subgroup ``K`` of ``H`` (or of the subgroup generated by elements)."""
        K = _as_subgroup(self._target, K, "K")
        return Subgroup._from_elements(self._source, np.flatnonzero(K.mask[self._map]))

    @property
    def is_injective(self) -> bool:
        return int(np.count_nonzero(self._map == 0)) == 1

    @property
    def is_surjective(self) -> bool:
        return np.unique(self._map).size == self._target.order

    @property
    def is_isomorphism(self) -> bool:
        return self._source.order == self._target.order and self.is_injective

    def inverse(self) -> Homomorphism:
        """The inverse of an isomorphism.

        Raises
        ------
        NotAGroupError
            If ``φ`` is not bijective.
        """
        if not self.is_isomorphism:
            raise NotAGroupError(f"{self!r} is not an isomorphism, so it has no inverse")
        back = np.empty(self._target.order, dtype=np.int64)
        back[self._map] = np.arange(self._source.order)
        return Homomorphism(
            self._target,
            self._source,
            [int(back[h]) for h in self._target.generators],
            check=False,
        )

    # -------------------------------------------------------------- composition
    def then(self, other: Homomorphism) -> Homomorphism:
        """``other ∘ self``: first ``self: G -> H``, then ``other: H -> K``."""
        if not isinstance(other, Homomorphism):
            raise TypeError(f"expected a Homomorphism, got {type(other).__name__}")
        if other._source is not self._target:
            raise NotAnElementError(
                f"cannot compose: {self!r} lands in {self._target!r} but {other!r} starts "
                f"from {other._source!r}"
            )
        return Homomorphism(
            self._source, other._target, [int(other._map[i]) for i in self._images], check=False
        )

    def __matmul__(self, other: Homomorphism) -> Homomorphism:
        """``psi @ phi`` is ``psi ∘ phi`` (apply ``phi`` first)."""
        if not isinstance(other, Homomorphism):
            return NotImplemented
        return other.then(self)


def natural_homomorphism(G: Group, N: SubgroupLike) -> Homomorphism:
    """The projection ``G -> G/N`` onto the quotient by a normal subgroup (GAP's
    ``NaturalHomomorphismByNormalSubgroup``); its target is ``quotient(G, N)``.

    Examples
    --------
    >>> from groupmat import Group
    >>> D8 = Group.from_permutations([[1, 2, 3, 0], [3, 2, 1, 0]])
    >>> pi = natural_homomorphism(D8, D8.center())
    >>> pi.target.order, pi.kernel() == D8.center()
    (4, True)
    """
    Q, proj = quotient(G, N, return_map=True)
    return Homomorphism(G, Q, [int(proj[g]) for g in G.generators], check=False)
