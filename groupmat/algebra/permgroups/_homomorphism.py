"""Homomorphisms between permutation groups given by the images of generators.

A map ``x_i -> y_i`` of generators of ``G`` (degree ``d``) to permutations of degree ``e``
extends to a homomorphism iff the diagonal group ``D = <(x_i, y_i)>`` on ``d + e`` points has
order ``|G|`` (then the projection ``D -> G`` is an isomorphism, and ``φ`` is the other
projection composed with its inverse). A chain of ``D`` whose base starts with a base of ``G``
evaluates ``φ``: sifting ``(g, 1)`` through the levels on the first ``d`` points leaves the
residue ``(1, φ(g)^{-1})``. The kernel is the pointwise stabiliser of the last ``e`` points of
``D``, restricted to the first ``d``; ``|image| = |G| / |kernel|`` (Holt, Eick & O'Brien,
*Handbook of Computational Group Theory*, sec. 4.6.4, direct-product construction; Seress,
*Permutation Group Algorithms*, sec. 5.1.2).
"""

from __future__ import annotations

from functools import cached_property
from typing import TYPE_CHECKING, Any

import numpy as np

from groupmat.algebra.permgroups._perms import as_batch, as_generators, invert
from groupmat.errors import NotAGroupError, NotAnElementError

if TYPE_CHECKING:  # pragma: no cover
    from groupmat.algebra._group import Group
    from groupmat.algebra.permgroups._permgroup import PermGroup
    from groupmat.algebra.permgroups._perms import PermutationLike, PermutationsLike

__all__ = ["PermHomomorphism"]


class PermHomomorphism:
    """The homomorphism ``φ: G -> Sym(e)`` with ``φ(x_i) = images[i]``.

    Parameters
    ----------
    domain
        A :class:`~groupmat.PermGroup`.
    images
        One permutation per generator of ``domain`` (all of one degree ``e``).
    codomain
        Optional :class:`~groupmat.PermGroup` that must contain the images.

    Raises
    ------
    NotAGroupError
        Wrong number of images, degree mismatch, or images that do not define a homomorphism
        (the message gives ``|D| / |G|``, the number of images the identity would have).

    Examples
    --------
    >>> from groupmat import PermGroup
    >>> S4 = PermGroup([[1, 2, 3, 0], [1, 0, 2, 3]])
    >>> sign = PermHomomorphism(S4, [[1, 0], [1, 0]])     # both generators are odd
    >>> sign.kernel().order, sign.image().order
    (12, 2)
    >>> sign([1, 2, 0, 3]).tolist()                       # a 3-cycle is even
    [0, 1]
    """

    def __init__(
        self,
        domain: PermGroup,
        images: PermutationsLike | PermGroup | Group,
        codomain: PermGroup | None = None,
    ) -> None:
        from groupmat.algebra.permgroups._permgroup import PermGroup

        if not isinstance(domain, PermGroup):
            raise NotAGroupError(f"domain must be a PermGroup, got {type(domain).__name__}")
        k = domain.generators.shape[0]
        if k == 0:
            raise NotAGroupError("the domain has no generators; nothing to map")
        imgs = as_generators(images)
        if imgs.shape[0] != k:
            raise NotAGroupError(f"{imgs.shape[0]} images for {k} generators of the domain")
        if codomain is not None:
            if not isinstance(codomain, PermGroup) or codomain.degree != imgs.shape[1]:
                raise NotAGroupError("codomain must be a PermGroup of the images' degree")
            inside = codomain.contains(imgs)
            if not inside.all():
                bad = int(np.flatnonzero(~inside)[0])
                raise NotAGroupError(f"image {bad} is not in the codomain")
        self.domain = domain
        self.images = imgs
        self.images.setflags(write=False)
        self.codomain = codomain
        d, e = domain.degree, imgs.shape[1]
        diag = np.concatenate([domain.generators, imgs + d], axis=1)
        D = PermGroup(diag, base=domain.base)
        if D.order != domain.order:
            raise NotAGroupError(
                f"the images do not define a homomorphism: <(x_i, y_i)> has order {D.order}, "
                f"{D.order // domain.order} times |G| = {domain.order} (the identity would "
                "have that many images)"
            )
        self._diagonal = D
        self._d, self._e = d, e

    def __call__(self, perms: PermutationLike | PermutationsLike) -> np.ndarray:
        """``φ(g)`` for one permutation of the domain or a ``(B, d)`` batch (``O(B m (d+e))``).

        Raises
        ------
        NotAnElementError
            A permutation that is not in the domain.
        """
        d, e = self._d, self._e
        arr = np.asarray(perms) if not hasattr(perms, "array_form") else None
        single = arr is None or arr.ndim == 1
        batch = as_batch(
            np.atleast_2d(np.asarray(perms if arr is not None else perms.array_form)), d
        )
        inside = self.domain.contains(batch)
        if not np.all(inside):
            raise NotAnElementError("a permutation is not in the domain of the homomorphism")
        full = np.concatenate(
            [batch, np.broadcast_to(np.arange(d, d + e), (batch.shape[0], e))], axis=1
        )
        chain = self._diagonal.chain
        m = len(self.domain.base)
        res, _ = chain.sift(full, stop=m)
        out = invert(np.asarray(res[:, d:], dtype=np.int64) - d)
        return out[0] if single else out

    @cached_property
    def _kernel(self) -> PermGroup:
        from groupmat.algebra.permgroups._permgroup import PermGroup

        d, e = self._d, self._e
        K = self._diagonal.pointwise_stabilizer(range(d, d + e))
        gens = K.strong_generators[:, :d] if K.order > 1 else np.zeros((0, d), dtype=np.int64)
        return PermGroup(gens, degree=d, order=K.order, _trusted_order=True)

    def kernel(self) -> PermGroup:
        """``ker φ`` as a :class:`~groupmat.PermGroup` on the domain's points."""
        return self._kernel

    def image(self) -> PermGroup:
        """``φ(G)`` as a :class:`~groupmat.PermGroup` (order ``|G| / |ker φ|``)."""
        from groupmat.algebra.permgroups._permgroup import PermGroup

        return PermGroup(
            self.images, order=self.domain.order // self._kernel.order, _trusted_order=True
        )

    @cached_property
    def _image_chain(self) -> Any:
        """A chain of ``D`` whose base starts on the image points ``d..d+e-1``, and the number
        of its levels on those points (sifting ``(1, y)`` through them leaves ``(x^{-1}, 1)``
        with ``φ(x) = y``)."""
        d, e = self._d, self._e
        c = self._diagonal._rebased(list(range(d, d + e)))
        levels = 0
        while levels < len(c.base) and c.base[levels] >= d:
            levels += 1
        return c, levels

    def lift(self, perms: PermutationLike | PermutationsLike) -> np.ndarray:
        """A preimage ``x`` (``φ(x) = y``) of each image permutation ``y`` (one or a
        ``(B, e)`` batch): one sift through the image levels of the diagonal group's chain,
        ``O(B m (d + e))``.

        Raises
        ------
        NotAnElementError
            A permutation that is not in the image.

        Examples
        --------
        >>> from groupmat import PermGroup
        >>> S4 = PermGroup([[1, 2, 3, 0], [1, 0, 2, 3]])
        >>> sign = PermHomomorphism(S4, [[1, 0], [1, 0]])
        >>> sign(sign.lift([1, 0])).tolist()
        [1, 0]
        """
        d, e = self._d, self._e
        arr = np.asarray(perms)
        single = arr.ndim == 1
        batch = as_batch(np.atleast_2d(arr), e)
        full = np.concatenate(
            [np.broadcast_to(np.arange(d), (batch.shape[0], d)), batch + d], axis=1
        )
        chain, levels = self._image_chain
        res, _ = chain.sift(full, stop=levels)
        res = np.asarray(res, dtype=np.int64)
        if not (res[:, d:] == np.arange(d, d + e)).all():
            raise NotAnElementError("a permutation is not in the image of the homomorphism")
        out = invert(res[:, :d])
        return out[0] if single else out

    def preimage(self, subgroup: PermGroup) -> PermGroup:
        """``φ^{-1}(U)`` for a subgroup ``U`` of the image (a :class:`~groupmat.PermGroup` of
        degree ``e``): generated by the kernel and lifts of ``U``'s generators, of order
        ``|ker φ| |U|``.

        Raises
        ------
        NotAnElementError
            A generator of ``U`` is not in the image.

        Examples
        --------
        >>> from groupmat import PermGroup
        >>> S4 = PermGroup([[1, 2, 3, 0], [1, 0, 2, 3]])
        >>> sign = PermHomomorphism(S4, [[1, 0], [1, 0]])
        >>> sign.preimage(PermGroup([[0, 1]])).order       # the kernel A4
        12
        """
        from groupmat.algebra.permgroups._permgroup import PermGroup

        if not isinstance(subgroup, PermGroup) or subgroup.degree != self._e:
            raise NotAGroupError(f"preimage needs a PermGroup of degree {self._e}")
        d = self._d
        K = self._kernel
        parts = [K.strong_generators.reshape(-1, d)] if K.order > 1 else []
        if subgroup.generators.shape[0]:
            parts.append(self.lift(subgroup.generators).reshape(-1, d))
        gens = np.concatenate(parts) if parts else np.zeros((0, d), dtype=np.int64)
        gens = gens[(gens != np.arange(d)).any(axis=1)]
        return PermGroup(gens, degree=d, order=K.order * subgroup.order, _trusted_order=True)

    @property
    def is_injective(self) -> bool:
        return self._kernel.order == 1

    @property
    def is_surjective(self) -> bool:
        """Onto the codomain (or onto ``Sym(e)`` when none was given)."""
        from math import factorial

        target = self.codomain.order if self.codomain is not None else factorial(self._e)
        return self.domain.order // self._kernel.order == target

    def __repr__(self) -> str:
        return f"<PermHomomorphism from {self.domain!r} to Sym({self._e})>"
