"""Automorphisms of a finite group from generator images; ``Aut(C_n)``; the holomorph.

An automorphism of ``N`` is stored as an index array ``f`` of length ``|N|`` (``f[i]`` = index
of ``f(g_i)``), a permutation of ``0..|N|-1``. :func:`extend_automorphism` builds it from the
images of ``N``'s generators (or checks a full array) through
:class:`~groupmat.Homomorphism`; automorphisms compose as functions,
``(f ∘ g)[i] = f[g[i]]``.

``Aut(C_n) = (Z/n)^×`` acts by ``c^i -> c^{u i}`` for units ``u`` (Dummit & Foote, *Abstract
Algebra*, 3rd ed., sec. 4.4); :func:`holomorph` forms ``N ⋊ A`` with
:func:`~groupmat.semidirect_product` (sec. 5.5).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TypeAlias

import numpy as np

from groupmat.algebra._group import Element, Group
from groupmat.algebra._validate import ElementLike, element_index
from groupmat.errors import NotAGroupError, SizeLimitError

__all__ = ["AutomorphismLike", "extend_automorphism", "holomorph"]

#: An automorphism of ``N`` as :func:`extend_automorphism` accepts it: a full index array of
#: length ``|N|``, the images of ``N``'s generators in order, or a mapping
#: ``{generator name or Element: image}``.
AutomorphismLike: TypeAlias = (
    np.ndarray | Sequence[ElementLike] | Mapping[str | Element, ElementLike]
)


# ---------------------------------------------------------------------- automorphisms
def _element_index(G: Group, x: ElementLike, what: str) -> int:
    """:func:`~groupmat.algebra._validate.element_index`, with errors as
    :class:`NotAGroupError` prefixed by ``what``."""
    try:
        return element_index(G, x, what)
    except (ValueError, IndexError) as err:  # NotAnElementError, bad words
        raise NotAGroupError(f"{what}: {err}") from None


def extend_automorphism(
    N: Group, images: AutomorphismLike, *, what: str = "automorphism"
) -> np.ndarray:
    """The automorphism of ``N`` given by generator images or a full index array, validated.

    Parameters
    ----------
    N
        The group.
    images
        Either an index array of length ``|N|`` (``f[i]`` = index of ``f(g_i)``), or the images
        of ``N``'s generators: a sequence of length ``k`` (element indices, :class:`Element`
        handles or word strings) or a mapping ``{generator name or Element: image}``. A sequence
        whose length is both ``|N|`` and ``k`` is read as a full array.

    Returns
    -------
    np.ndarray
        ``(|N|,)`` int64 permutation of ``0..|N|-1`` (read-only).

    Raises
    ------
    NotAGroupError
        If the images do not define a homomorphism (a relation of ``N`` is not respected: the
        message names the element and generator where ``f(g x) != f(g) f(x)``) or it is not
        bijective.

    Notes
    -----
    The images are extended along the breadth-first tree of ``N``'s word metric and checked
    on every edge of the Cayley graph by
    :class:`~groupmat.Homomorphism` (``O(n k L)`` for diameter ``L``),
    then ``f`` must be a permutation of ``0..n-1``.

    Examples
    --------
    >>> from groupmat import cyclic
    >>> extend_automorphism(cyclic(5), [2]).tolist()     # a -> a^2
    [0, 2, 4, 1, 3]
    >>> extend_automorphism(cyclic(4), [2])  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    groupmat.errors.NotAGroupError: automorphism: the map a -> a^2 of C4 is ... not a bijection...
    """
    n, k = N.order, len(N.generators)
    gen_names = N.generator_names
    if isinstance(images, Mapping):
        imgs: list[int | None] = [None] * k
        for key, val in images.items():
            if isinstance(key, Element) and key.index in N.generators:
                s = N.generators.index(key.index)
            elif isinstance(key, str) and key in gen_names:
                s = gen_names.index(key)
            else:
                raise NotAGroupError(
                    f"{what}: key {key!r} is not a generator of N (use names {gen_names})"
                )
            imgs[s] = _element_index(N, val, f"{what}: image of {gen_names[s]}")
        missing = [gen_names[s] for s in range(k) if imgs[s] is None]
        if missing:
            raise NotAGroupError(f"{what}: no image given for generator(s) {missing}")
        return _extend(N, np.array(imgs, dtype=np.int64), what)
    seq = images if isinstance(images, np.ndarray) else list(images)
    if len(seq) == n:
        f = np.asarray(seq)
        if f.dtype == object or not np.issubdtype(f.dtype, np.integer):
            f = np.array([_element_index(N, x, what) for x in seq], dtype=np.int64)
        f = f.astype(np.int64)
        if ((f < 0) | (f >= n)).any():
            raise NotAGroupError(f"{what}: entries must be element indices 0..{n - 1}")
        return _extend(N, f[list(N.generators)], what, full=f)
    if len(seq) == k:
        imgs2 = [
            _element_index(N, x, f"{what}: image of {gen_names[s]}") for s, x in enumerate(seq)
        ]
        return _extend(N, np.array(imgs2, dtype=np.int64), what)
    raise NotAGroupError(
        f"{what}: expected {k} generator images or a full index array of length {n}, got "
        f"{len(seq)} entries"
    )


def _describe(N: Group, imgs: np.ndarray) -> str:
    try:
        pairs = [
            f"{nm} -> {N.label(int(y))}" for nm, y in zip(N.generator_names, imgs, strict=True)
        ]
    except Exception:  # labels need presentation.py; fall back to indices
        pairs = [f"{nm} -> {int(y)}" for nm, y in zip(N.generator_names, imgs, strict=True)]
    return f"the map {', '.join(pairs)} of {N.name or 'N'}"


def _extend(N: Group, imgs: np.ndarray, what: str, full: np.ndarray | None = None) -> np.ndarray:
    """Extend generator images to a homomorphism ``N -> N`` (or check a full map ``full``) with
    :class:`~groupmat.Homomorphism`, then check bijectivity."""
    from groupmat.algebra._homomorphism import Homomorphism

    try:
        if full is None:
            f = Homomorphism(N, N, imgs.tolist()).map
        else:
            f = Homomorphism.from_map(N, N, full).map
    except NotAGroupError as err:
        raise NotAGroupError(
            f"{what}: {_describe(N, imgs)} is not a homomorphism ({err})"
        ) from None
    return _check_bijective(N, np.asarray(f, dtype=np.int64), what, _describe(N, imgs))


def _check_bijective(N: Group, f: np.ndarray, what: str, desc: str) -> np.ndarray:
    if np.bincount(f, minlength=N.order).max() > 1:
        raise NotAGroupError(
            f"{what}: {desc or 'the map'} is a homomorphism but not a bijection (it is not an "
            "automorphism)"
        )
    f = np.ascontiguousarray(f)
    f.setflags(write=False)
    return f


# ---------------------------------------------------------------------- holomorph
def holomorph(
    N: Group, automorphisms: Sequence[AutomorphismLike] | None = None, *, name: str | None = None
) -> Group:
    """``N ⋊ A`` for the group ``A <= Aut(N)`` generated by ``automorphisms`` (the holomorph
    ``Hol(N) = N ⋊ Aut(N)`` when they generate ``Aut(N)``).

    With ``automorphisms=None``, ``N`` must be cyclic, and ``A = Aut(C_n) = (Z/n)^×`` (the
    automorphisms ``a -> a^u`` for units ``u``). ``A`` is the permutation group on ``N``'s
    elements generated by the automorphisms; since permutations compose left to right, ``A``
    acts through ``α -> α^-1`` (the homomorphism ``A -> Aut(N)``).

    Examples
    --------
    >>> from groupmat import cyclic
    >>> holomorph(cyclic(7)).order, holomorph(cyclic(8)).order
    (42, 32)
    """
    if automorphisms is None:
        auts = _cyclic_automorphisms(N)
    else:
        auts = [extend_automorphism(N, a) for a in automorphisms]
        if not auts:
            raise NotAGroupError("holomorph: give at least one automorphism")
    from groupmat.algebra._products import semidirect_product  # products imports this module

    A = Group.from_permutations(np.stack(auts))
    inv = [np.argsort(a) for a in auts]
    return semidirect_product(
        N, A, inv, name=name if name is not None else (f"Hol({N.name})" if N.name else None)
    )


def _cyclic_automorphisms(N: Group) -> list[np.ndarray]:
    """Generators of ``Aut(C_n) = (Z/n)^×`` as index arrays (``c^i -> c^{u i}``)."""
    from groupmat.algebra._permutations import DEFAULT_MAX_ORDER

    n = N.order
    gens = np.flatnonzero(N.element_orders() == n)
    if gens.size == 0:
        raise NotAGroupError(
            f"holomorph(N) without automorphisms needs a cyclic N; {N.name or 'N'} is not "
            "cyclic: pass automorphisms=[...] generating the automorphism group you want"
        )
    units = np.flatnonzero(np.gcd(np.arange(n), n) == 1) if n > 1 else np.array([0])
    if n * units.size > DEFAULT_MAX_ORDER:
        raise SizeLimitError(f"Hol(C{n}) has {n * units.size} elements > {DEFAULT_MAX_ORDER}")
    c = int(gens[0])
    powers = np.zeros(n, dtype=np.int64)  # powers[i] = index of c^i, by doubling
    filled = 1
    while filled < n:
        step = int(N.multiply(int(powers[filled - 1]), c))  # c^filled
        take = min(filled, n - filled)
        powers[filled : filled + take] = N.multiply(powers[:take], step)
        filled += take
    exp_of = np.empty(n, dtype=np.int64)
    exp_of[powers] = np.arange(n)
    # greedy generating set of the unit group, units of largest multiplicative order first
    mult_order = np.ones(units.size, dtype=np.int64)
    cur = units % n
    todo = cur != 1 % n
    while todo.any():
        cur = np.where(todo, (cur * units) % n, cur)
        mult_order += todo
        todo &= cur != 1 % n
    reached = np.zeros(n, dtype=bool)
    reached[1 % n] = True
    chosen: list[int] = []
    for u in units[np.argsort(-mult_order, kind="stable")].tolist():
        if reached[u % n]:
            continue
        chosen.append(u)
        while True:  # close `reached` under multiplication by the chosen units
            grown = reached.copy()
            for v in chosen:
                grown[(np.flatnonzero(reached) * v) % n] = True
            if (grown == reached).all():
                break
            reached = grown
    if not chosen:
        return [np.arange(n)]
    return [powers[(exp_of * u) % n] for u in chosen]
