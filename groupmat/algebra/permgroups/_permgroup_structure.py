"""Normal structure, centralisers, Sylow subgroups, homomorphisms and words of a
:class:`PermGroup` (a mixin of it)."""

from __future__ import annotations

from collections.abc import Sequence
from functools import cached_property
from math import factorial
from typing import TYPE_CHECKING, Any

import numpy as np

from groupmat.algebra._validate import as_int
from groupmat.algebra.permgroups._chain import GiantChain, StabChain, _giant_generators
from groupmat.algebra.permgroups._perms import (
    as_generators,
    as_permutation,
    invert,
    is_identity,
    mul,
)
from groupmat.algebra.permgroups._schreier_sims import recognise_giant
from groupmat.errors import NotAGroupError, NotAnElementError

if TYPE_CHECKING:  # pragma: no cover
    from groupmat.algebra.permgroups._classes import PermClass
    from groupmat.algebra.permgroups._homomorphism import PermHomomorphism
    from groupmat.algebra.permgroups._permgroup import PermGroup
    from groupmat.algebra.permgroups._perms import PermutationLike, PermutationsLike

__all__ = ["FACTOR_MAX_ENTRIES", "FACTOR_SECONDS", "PermGroupStructure"]

#: Time budget (seconds) for filling the table of short words used by ``factor``.
FACTOR_SECONDS = 10.0
#: ``factor`` refuses chains with more coset representatives than this in all.
FACTOR_MAX_ENTRIES = 20_000


class PermGroupStructure:
    """Mixin of :class:`~groupmat.PermGroup`: subgroups defined by the group structure, and
    words."""

    # ------------------------------------------------------------------ words
    @cached_property
    def _word_chain(self) -> Any:
        from groupmat.algebra.permgroups._words import WordChain

        return WordChain(self._gens)

    @cached_property
    def _short_words(self) -> Any:
        from groupmat.algebra.permgroups._words import ShortWordTable

        table = ShortWordTable(self._gens, self.chain)
        return table if table.build(seconds=FACTOR_SECONDS) else None

    def factor(self, perm: PermutationLike, *, max_length: int = 10**6) -> tuple[int, ...]:
        """A word in the generators for an element, as GAP letters (generator ``s`` is
        ``s + 1``, its inverse ``-(s + 1)``), read left to right: the element is
        ``x_{|w_0|}^{±1} * x_{|w_1|}^{±1} * ...`` (first the first letter).

        Not necessarily shortest: the first call fills a table of short words for the
        chain's coset representatives (Minkwitz's algorithm, at most ``FACTOR_SECONDS``;
        Rubik's cube: under 1 s, words of about 190 moves); if it cannot be completed, words
        come from a chain whose strong generators carry straight-line programs (correct, but
        possibly thousands of letters). See :mod:`groupmat.algebra.permgroups._words`.
        ``len(word)`` is its length. Groups whose chain has more than
        :data:`FACTOR_MAX_ENTRIES` coset representatives in all are refused.

        Raises
        ------
        NotAnElementError
            ``perm`` is not in the group.
        SizeLimitError
            The word would have more than ``max_length`` letters before cancellation, or the
            chain is too big for word tables.

        Examples
        --------
        >>> from groupmat import PermGroup
        >>> P = PermGroup([[1, 2, 3, 0], [1, 0, 2, 3]])
        >>> w = P.factor([3, 2, 1, 0])
        >>> np.array_equal(P.evaluate(w), [3, 2, 1, 0])
        True
        """
        g = as_permutation(perm, self.degree)
        entries = sum(self.basic_orbit_sizes)
        if entries > FACTOR_MAX_ENTRIES:
            from groupmat.errors import SizeLimitError

            raise SizeLimitError(
                f"factor: the chain has {entries} coset representatives, more than "
                f"FACTOR_MAX_ENTRIES={FACTOR_MAX_ENTRIES} for which words are tabulated"
            )
        if not self.chain.contains(g[None, :])[0]:
            raise NotAnElementError(f"permutation {g.tolist()} is not in the group")
        table = self._short_words
        if table is not None:
            word = table.factor(g)
            if word is not None and len(word) <= max_length:
                return word
        return self._word_chain.factor(g, max_length)

    def evaluate(self, word: Sequence[int]) -> np.ndarray:
        """The permutation of a word of GAP letters (inverse of :meth:`factor`)."""
        g = np.arange(self.degree)
        inv = invert(self._gens) if self._gens.shape[0] else self._gens
        k = self._gens.shape[0]
        for letter in word:
            letter = int(letter)
            if letter == 0 or abs(letter) > k:
                raise ValueError(f"letter {letter} out of range for {k} generators")
            h = self._gens[letter - 1] if letter > 0 else inv[-letter - 1]
            g = h[g]
        return g

    # ------------------------------------------------------------------ normal structure
    def normal_closure(self, other: PermGroup | PermutationsLike) -> PermGroup:
        """The normal closure ``<other^G>`` of a subgroup or of elements (need not lie in
        ``G``), HEO sec. 4.6.3.

        The closure is grown one conjugate at a time: a conjugate ``h^s`` (``h`` a generator so
        far, ``s`` a generator of ``G``) is added when sifting through the chain of the
        generators so far fails. That chain may be incomplete during the loop, but a
        successful sift is always a proof of membership, so no conjugate is wrongly skipped;
        the final group gets a verified chain.

        Examples
        --------
        >>> from groupmat import PermGroup
        >>> S4 = PermGroup([[1, 2, 3, 0], [1, 0, 2, 3]])
        >>> S4.normal_closure([[1, 0, 3, 2]]).order        # V4
        4
        """
        from groupmat.algebra.permgroups._permgroup import PermGroup

        if isinstance(other, PermGroup):
            src = other.generators
            if other.degree != self.degree:
                raise NotAGroupError(f"degree mismatch: {other.degree} vs {self.degree}")
        else:
            src = as_generators(other, self.degree)
        return self._sub(_normal_closure(self._gens, src, self.degree))

    def derived_subgroup(self) -> PermGroup:
        """``G' = [G, G]``: the normal closure of the commutators of the generators (HEO, sec.
        4.6.3). For ``Sym``/``Alt`` of ``n >= 5`` points it is ``Alt`` in closed form.

        Examples
        --------
        >>> from groupmat import PermGroup
        >>> PermGroup([[1, 2, 3, 0], [1, 0, 2, 3]]).derived_subgroup().order   # A4
        12
        """
        c = self.chain
        if isinstance(c, GiantChain):
            n = c.points.size
            if n >= 5 or (n >= 3 and not c.alternating):
                pts = np.sort(c.points)
                gens = np.stack(_giant_generators(self.degree, pts, True))
                return self._sub(
                    gens,
                    order=factorial(n) // 2,
                    chain=GiantChain(self.degree, pts, alternating=True),
                )
        gens = self._gens
        comms = []
        for i in range(gens.shape[0]):
            for j in range(i + 1, gens.shape[0]):
                a, b = gens[i], gens[j]
                comms.append(mul(mul(invert(a), invert(b)), mul(a, b)))
        src = np.asarray(comms).reshape(-1, self.degree)
        src = src[~is_identity(src)] if src.shape[0] else src
        if not src.shape[0]:
            return self._sub(np.zeros((0, self.degree), dtype=np.int64), order=1)
        return self._sub(_normal_closure(gens, src, self.degree))

    def derived_series(self) -> list[PermGroup]:
        """``G >= G' >= G'' >= ...`` until it stabilises (the last term is perfect)."""
        series = [self]
        while True:
            nxt = series[-1].derived_subgroup()
            if nxt.order == series[-1].order:
                return series
            series.append(nxt)

    @cached_property
    def is_solvable(self) -> bool:
        """Whether the derived series reaches the trivial group."""
        return self.derived_series()[-1].order == 1

    @cached_property
    def is_abelian(self) -> bool:
        """Whether the generators commute."""
        g = self._gens
        return all(
            np.array_equal(mul(g[i], g[j]), mul(g[j], g[i]))
            for i in range(g.shape[0])
            for j in range(i + 1, g.shape[0])
        )

    def is_normal(self, other: PermGroup) -> bool:
        """Whether ``self`` is normalised by ``other`` (``s^-1 h s`` in ``self`` for generators
        ``h`` of ``self`` and ``s`` of ``other``)."""
        if not self._gens.shape[0]:
            return True
        conj = [mul(mul(invert(s), h), s) for s in other.generators for h in self._gens]
        return bool(self.chain.contains(np.asarray(conj).reshape(-1, self.degree)).all())

    def centralizer(self, x: PermutationLike, *, max_class: int = 1_000_000) -> PermGroup:
        """``C_G(x) = {g in G : g x = x g}`` for a permutation ``x`` (in ``G`` or not), by the
        orbit-stabiliser theorem on the conjugacy class of ``x`` (enumerated, at most
        ``max_class`` elements) and random Schreier generators; see
        :mod:`groupmat.algebra.permgroups._centralizer`.

        Examples
        --------
        >>> from groupmat import PermGroup
        >>> M = PermGroup.mathieu(11)
        >>> M.centralizer(M.generators[0]).order      # an 11-cycle
        11
        """
        from groupmat.algebra.permgroups._centralizer import centralizer

        return centralizer(self, as_permutation(x, self.degree), max_class=max_class)

    def conjugacy_classes(
        self,
        *,
        max_classes: int = 10_000,
        max_samples: int = 200_000,
        enumerate_limit: int = 200_000,
        max_centralizer: int = 1_000_000,
        seed: int = 0,
        progress: bool | None = None,
    ) -> list[PermClass]:
        """The conjugacy classes, found without listing the group: representatives with exact
        class sizes ``|r^G| = |G| / |C_G(r)|``; identity first, then by element order and size.

        Random elements sorted by a class function (cycle type, and how many points ``a``
        have ``(a, g[a])`` in each orbital) and tested for conjugacy by a backtrack search
        along the cycles of each representative (HEO sec. 4.6), with the classes of powers of
        every representative and the centre added directly; class sizes by counting the
        centraliser in the same search or, for small classes, by enumerating the class.
        The search ends when the sizes add up to ``|G|``, so the answer is exact whatever the
        random choices (they change only the representatives and the time). ``Sym(n)`` and
        ``Alt(n)`` get their classes from cycle types in closed form. See
        :mod:`groupmat.algebra.permgroups._classes`.

        Parameters
        ----------
        max_classes
            Refuse groups with more classes (or a larger centre) than this.
        max_samples
            Random elements drawn before giving up (``SizeLimitError`` naming the coverage).
        enumerate_limit
            Largest class enumerated (``O(size d)`` memory); larger ones are sized by counting
            their centraliser.
        max_centralizer
            Largest centraliser counted element by element.
        seed
            Seed of the random elements.
        progress
            tqdm bar after a second on a terminal (``None``), always or never.

        Returns
        -------
        list of PermClass
            ``representative``, ``size``, ``centralizer_order``, ``element_order``.

        Raises
        ------
        SizeLimitError
            One of the limits above is reached.

        Examples
        --------
        >>> from groupmat import PermGroup
        >>> classes = PermGroup.mathieu(24).conjugacy_classes()
        >>> len(classes), sum(c.size for c in classes) == PermGroup.mathieu(24).order
        (26, True)
        >>> [(c.element_order, c.size) for c in classes[:3]]
        [(1, 1), (2, 11385), (2, 31878)]
        """
        from groupmat.algebra.permgroups._classes import conjugacy_classes

        return conjugacy_classes(
            self,  # type: ignore[arg-type]
            max_classes=as_int(max_classes, "max_classes", minimum=1),
            max_samples=as_int(max_samples, "max_samples", minimum=1),
            enumerate_limit=as_int(enumerate_limit, "enumerate_limit", minimum=1),
            max_centralizer=as_int(max_centralizer, "max_centralizer", minimum=1),
            seed=as_int(seed, "seed", minimum=0),
            progress=progress,
        )

    def sylow_subgroup(self, p: int, *, max_class: int = 1_000_000, seed: int = 0) -> PermGroup:
        """A Sylow ``p``-subgroup (order the ``p``-part of ``|G|``), found without listing the
        group: reductions to orbits and block systems, the explicit subgroup of ``Sym(n)`` and
        ``Alt(n)``, and centralisers of ``p``-central elements (HEO sec. 4.7); see
        :mod:`groupmat.algebra.permgroups._sylow`.

        Parameters
        ----------
        p
            A prime.
        max_class
            Largest conjugacy class a centraliser computation may enumerate.
        seed
            Seed for the random elements of the centraliser step.

        Raises
        ------
        ValueError
            ``p`` is not a prime.
        SizeLimitError
            A centraliser would enumerate more than ``max_class`` conjugates.

        Examples
        --------
        >>> from groupmat import PermGroup
        >>> PermGroup.mathieu(11).sylow_subgroup(2).order
        16
        >>> PermGroup.rubik(3).sylow_subgroup(3).order == 3**14
        True
        """
        from groupmat.algebra.permgroups._sylow import sylow_subgroup

        return sylow_subgroup(self, p, max_class=max_class, seed=seed)

    def homomorphism(
        self, images: PermutationsLike | PermGroup, codomain: PermGroup | None = None
    ) -> PermHomomorphism:
        """The homomorphism sending generator ``i`` to ``images[i]`` (checked to be one), with
        kernel and image on chains; see :class:`~groupmat.PermHomomorphism`.

        Examples
        --------
        >>> from groupmat import PermGroup
        >>> S4 = PermGroup([[1, 2, 3, 0], [1, 0, 2, 3]])
        >>> S4.homomorphism([[1, 0], [1, 0]]).kernel().order     # the sign map: A4
        12
        """
        from groupmat.algebra.permgroups._homomorphism import PermHomomorphism

        return PermHomomorphism(self, images, codomain)


def _normal_closure(gens: np.ndarray, src: np.ndarray, d: int) -> np.ndarray:
    """Generators of ``<src^<gens>>`` (see :meth:`PermGroup.normal_closure`)."""
    from groupmat.algebra.permgroups._schreier_sims import _absorb

    src = np.asarray(src, dtype=np.int64).reshape(-1, d)
    src = src[~is_identity(src)] if src.shape[0] else src
    if not src.shape[0]:
        return src
    chain = StabChain(d)
    _absorb(chain, src, 0)
    members = [g for g in src]
    ginv = invert(gens)
    i = 0
    giant = None
    next_giant_check = 8
    while i < len(members):
        h = members[i]
        conj = np.stack([mul(mul(ginv[s], h), gens[s]) for s in range(gens.shape[0])])
        if giant is not None:
            new = conj[~giant.contains(conj)]
        else:
            res, drop = chain.sift(conj)
            new = conj[(drop < len(chain.base)) | ~is_identity(res)]
        if new.shape[0]:
            members.extend(new)
            if giant is not None:  # grew beyond the giant: recognise again, or rebuild
                giant = recognise_giant(np.asarray(members))
                if giant is None:
                    chain = StabChain(d)
                    _absorb(chain, np.asarray(members), 0)
            else:
                _absorb(chain, new, 0)
        if giant is None and len(members) >= next_giant_check:
            next_giant_check *= 2
            giant = recognise_giant(np.asarray(members))
        i += 1
    if giant is not None:
        return np.stack(_giant_generators(d, np.sort(giant.points), giant.alternating))
    return chain.strong_generators.copy()
