"""Direct, semidirect and wreath products, built by index arithmetic (no closure).

Element numbering
-----------------
A product of factors ``G_1, ..., G_r`` numbers the pair/tuple ``(g_1, ..., g_r)`` of factor
element indices in row-major (mixed radix) order, first factor most significant:
``index = sum_i g_i * stride_i`` with ``stride_i = |G_{i+1}| ... |G_r|`` (``np.ravel_multi_index``).
For two factors, ``(g, h) -> g * |H| + h``. The identity ``(0, ..., 0)`` is index 0.

Semidirect products
-------------------
``N ⋊_φ H`` for a homomorphism ``φ: H -> Aut(N)`` (automorphisms compose as functions,
``φ(h1 h2) = φ(h1) ∘ φ(h2)``) has elements ``(n, h)`` and product
``(n1, h1)(n2, h2) = (n1 φ_{h1}(n2), h1 h2)``, so ``h n h^-1 = φ_h(n)`` (Dummit & Foote,
*Abstract Algebra*, 3rd ed., sec. 5.5). Index ``(n, h) -> n * |H| + h``; with the trivial
action this is exactly :func:`direct_product` ``(N, H)``.

Generators and names
--------------------
Generators are the factors' generators, in order. Names are kept when they are distinct;
otherwise every name gets its factor's 1-based position as suffix (``C2 x C3``: ``a1, a2``).
Pass ``names=`` to choose them.

Canonical maps
--------------
With ``return_maps=True`` each constructor also returns :class:`ProductMaps`: the embeddings of
the factors and the coordinate functions, as index arrays.

Automorphisms from generator images (:func:`~groupmat.extend_automorphism`)
and the holomorph (:func:`~groupmat.holomorph`) live in
:mod:`groupmat.algebra._automorphisms` and are re-exported here.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from math import prod
from typing import Any

import numpy as np
from numpy.typing import ArrayLike

from groupmat.algebra._automorphisms import extend_automorphism, holomorph
from groupmat.algebra._element_arrays import bfs_layers, letter_stack
from groupmat.algebra._group import Group
from groupmat.errors import NotAGroupError, SizeLimitError

__all__ = [  # extend_automorphism and holomorph are re-exported from automorphisms
    "ProductMaps",
    "direct_product",
    "extend_automorphism",
    "holomorph",
    "semidirect_product",
    "wreath_product",
]


@dataclass(frozen=True)
class ProductMaps:
    """Canonical maps of a product ``P`` of factors ``G_1, ..., G_r``, as index arrays.

    Attributes
    ----------
    embeddings
        ``embeddings[i]``: ``(|G_i|,)`` array, factor element ``x`` -> index of
        ``(1, ..., x, ..., 1)`` in ``P`` (an injective homomorphism).
    coordinates
        ``coordinates[i]``: ``(|P|,)`` array, product element -> its ``i``-th coordinate.
    projections
        ``projections[i]`` is ``coordinates[i]`` when that map is a homomorphism ``P -> G_i``
        (every factor of a direct product; only the acting factor ``H`` of a semidirect
        product), else ``None``.
    """

    embeddings: tuple[np.ndarray, ...]
    coordinates: tuple[np.ndarray, ...]
    projections: tuple[np.ndarray | None, ...]


#: ``φ`` of :func:`semidirect_product`: one automorphism of ``N`` per generator of ``H`` (an
#: index array of length ``|N|`` or the images of ``N``'s generators), as a sequence in
#: ``H.generators`` order or a mapping from ``H``'s generator names.
ActionLike = Sequence[ArrayLike] | Mapping[str, ArrayLike]


def _ro(a: np.ndarray) -> np.ndarray:
    a = np.ascontiguousarray(a, dtype=np.int64)
    a.setflags(write=False)
    return a


def _check_groups(groups: Sequence[Any], what: str) -> list[Group]:
    for i, G in enumerate(groups):
        if not isinstance(G, Group):
            raise NotAGroupError(f"{what}: factor {i} is a {type(G).__name__}, not a Group")
    return list(groups)


def _check_size(n: int, max_order: int | None, what: str) -> None:
    from groupmat.algebra._permutations import DEFAULT_MAX_ORDER

    limit = max_order or DEFAULT_MAX_ORDER
    if n > limit:
        raise SizeLimitError(f"{what} has {n} elements > max_order={limit}; pass max_order=")


def _names(groups: Sequence[Group], names: Sequence[str] | None) -> tuple[str, ...]:
    if names is not None:
        return tuple(names)
    flat = [nm for G in groups for nm in G.generator_names]
    if len(set(flat)) == len(flat):
        return tuple(flat)
    return tuple(f"{nm}{i + 1}" for i, G in enumerate(groups) for nm in G.generator_names)


def _factor_name(G: Group) -> str | None:
    if G.name is None:
        return None
    return f"({G.name})" if (" : " in G.name or " wr " in G.name) else G.name


def _joined(groups: Sequence[Group], sep: str) -> str | None:
    parts = [_factor_name(G) for G in groups]
    return None if any(p is None for p in parts) else sep.join(parts)  # type: ignore[arg-type]


# ---------------------------------------------------------------------- direct product
def direct_product(
    *groups: Group,
    names: Sequence[str] | None = None,
    name: str | None = None,
    max_order: int | None = None,
    return_maps: bool = False,
) -> Group | tuple[Group, ProductMaps]:
    """The direct product ``G_1 x ... x G_r``.

    Parameters
    ----------
    *groups
        The factors (at least one).
    names, name
        Generator names (default: see module notes) and the product's name (default
        ``"G1 x G2"`` from the factors' names).
    max_order
        Size guard (default :data:`~groupmat.DEFAULT_MAX_ORDER`).
    return_maps
        Also return the :class:`ProductMaps` (embeddings and projections).

    Notes
    -----
    Index ``(g_1, ..., g_r) -> sum_i g_i stride_i``; generator ``s`` of factor ``i`` acts by
    ``e -> e + (R_i[s, g_i] - g_i) stride_i``: ``O(n k)`` time for ``k`` generators in total,
    no closure. When every factor has ``permutations`` (degrees ``d_i``), the product gets the
    intransitive one of degree ``sum d_i`` (if ``n sum d_i <= 2^22``).

    Examples
    --------
    >>> from groupmat import cyclic, symmetric
    >>> P, maps = direct_product(symmetric(3), cyclic(2), return_maps=True)
    >>> P.name, P.order, P.generator_names, P.is_abelian
    ('S3 x C2', 12, ('a1', 'b1', 'a2'), False)
    >>> maps.embeddings[1].tolist(), maps.projections[0][:4].tolist()
    ([0, 1], [0, 0, 1, 1])
    """
    gs = _check_groups(groups, "direct_product")
    if not gs:
        raise NotAGroupError("direct_product() needs at least one group")
    orders = [G.order for G in gs]
    n = prod(orders)
    _check_size(n, max_order, "the direct product")
    strides = [prod(orders[i + 1 :]) for i in range(len(gs))]
    e = np.arange(n, dtype=np.int64)
    coords = [(e // s) % m for s, m in zip(strides, orders, strict=True)]
    rows = []
    for G, c, s in zip(gs, coords, strides, strict=True):
        r = G.right_action.astype(np.int64)
        rows.extend(e + (r[t][c] - c) * s for t in range(r.shape[0]))
    right = np.stack(rows) if rows else np.zeros((0, n), dtype=np.int64)
    perms = None
    if all(G.permutations is not None for G in gs):
        degs = [G.permutations.shape[1] for G in gs]
        if n * sum(degs) <= 1 << 22:
            offs = np.cumsum([0, *degs[:-1]])
            perms = np.concatenate(
                [
                    G.permutations[c].astype(np.int64) + o
                    for G, c, o in zip(gs, coords, offs, strict=True)
                ],
                axis=1,
            )
            from groupmat.algebra._families import _perm_dtype

            perms = perms.astype(_perm_dtype(sum(degs)))
    P = Group(
        right,
        generator_names=_names(gs, names),
        permutations=perms,
        name=name if name is not None else _joined(gs, " x "),
    )
    if not return_maps:
        return P
    coords_ro = tuple(_ro(c) for c in coords)
    embeddings = tuple(_ro(np.arange(m) * s) for m, s in zip(orders, strides, strict=True))
    return P, ProductMaps(embeddings, coords_ro, coords_ro)


# ---------------------------------------------------------------------- semidirect product
def _action_table(N: Group, H: Group, phis: np.ndarray) -> np.ndarray:
    """``Phi[h]`` = the automorphism ``φ(h)`` of ``N`` as an index array, for every ``h`` in
    ``H``, from the generators' images ``phis`` (``(k_H, |N|)``); checks ``φ`` is a
    homomorphism. ``O(|H| |N| k_H)``."""
    kh = phis.shape[0]
    wm = H.word_metric
    letter = letter_stack(phis)
    Phi = np.empty((H.order, N.order), dtype=np.int64)
    Phi[0] = np.arange(N.order)
    for layer in bfs_layers(H)[1:]:
        # φ(p y) = φ(p) ∘ φ(y): Phi[h][m] = Phi[p][φ_y[m]]
        Phi[layer] = np.take_along_axis(
            Phi[wm.parent[layer]], letter[kh + wm.last_letter[layer]], axis=1
        )
    for t in range(kh):
        expect = Phi[:, phis[t]]  # expect[h, m] = Phi[h][φ_t[m]]
        bad = np.flatnonzero((Phi[H.right_action[t]] != expect).any(axis=1))
        if bad.size:
            raise NotAGroupError(
                f"the action is not a homomorphism H -> Aut(N): φ(h*{H.generator_names[t]}) != "
                f"φ(h)∘φ({H.generator_names[t]}) for h = element {int(bad[0])} of H (the "
                "automorphisms must satisfy H's relations, e.g. an automorphism assigned to a "
                "generator of order m must have order dividing m)"
            )
    return Phi


def semidirect_product(
    N: Group,
    H: Group,
    action: ActionLike,
    *,
    names: Sequence[str] | None = None,
    name: str | None = None,
    max_order: int | None = None,
    return_maps: bool = False,
) -> Group | tuple[Group, ProductMaps]:
    """The semidirect product ``N ⋊_φ H``, with ``h n h^-1 = φ_h(n)``.

    Parameters
    ----------
    N, H
        The normal factor and the acting factor.
    action
        ``φ`` on ``H``'s generators: a sequence with one automorphism of ``N`` per generator of
        ``H`` (in ``H.generators`` order), each an index array of length ``|N|`` or the images of
        ``N``'s generators (see :func:`~groupmat.extend_automorphism`). A
        mapping ``{H generator name: automorphism}`` is accepted too.
    names, name
        Generator names and the group's name (default ``"N : H"``, as GAP).
    max_order
        Size guard (default :data:`~groupmat.DEFAULT_MAX_ORDER`).
    return_maps
        Also return :class:`ProductMaps` (embeddings of ``N`` and ``H``; the coordinate map to
        ``H`` is the projection homomorphism).

    Raises
    ------
    NotAGroupError
        An image that is not an automorphism of ``N``, a wrong number of automorphisms, or
        automorphisms that violate ``H``'s relations (``φ`` is not a homomorphism).

    Notes
    -----
    ``(n, h) * (x, 1) = (n φ_h(x), h)`` and ``(n, h) * (1, y) = (n, h y)``: building the table
    ``Phi[h] = φ_h`` costs ``O(|N| |H|)`` (one gather per BFS layer of ``H``) and the right
    action ``O(|N| |H| (k_N L_N + k_H))``; no closure.

    Examples
    --------
    >>> from groupmat import cyclic
    >>> G = semidirect_product(cyclic(7), cyclic(3), [[2]])   # b a b^-1 = a^2
    >>> G.name, G.order, G.is_abelian, G.generator_names
    ('C7 : C3', 21, False, ('a1', 'a2'))
    >>> a, b = G.gens
    >>> b * a * b**-1 == a**2
    True
    """
    N, H = _check_groups([N, H], "semidirect_product")
    n = N.order * H.order
    _check_size(n, max_order, "the semidirect product")
    phis = _action_images(N, H, action)
    Phi = _action_table(N, H, phis)
    right = _semidirect_right(N, H, Phi)
    P = Group(
        right,
        generator_names=_names([N, H], names),
        name=name if name is not None else _joined([N, H], " : "),
    )
    return (P, _semidirect_maps(N.order, H.order)) if return_maps else P


def _action_images(N: Group, H: Group, action: ActionLike) -> np.ndarray:
    kh = len(H.generators)
    if isinstance(action, Mapping):
        items = [None] * kh
        for key, val in action.items():
            if key not in H.generator_names:
                raise NotAGroupError(
                    f"action: {key!r} is not a generator name of H {H.generator_names}"
                )
            items[H.generator_names.index(key)] = val
        if any(x is None for x in items):
            raise NotAGroupError(
                f"action: give an automorphism for every generator of H {H.generator_names}"
            )
        action = items
    try:
        acts = list(action)
    except TypeError:
        raise NotAGroupError(
            f"action must be a list of automorphisms of N, one per generator of H, got "
            f"{type(action).__name__}"
        ) from None
    if len(acts) != kh:
        raise NotAGroupError(
            f"action has {len(acts)} automorphisms but H has {kh} generators "
            f"{H.generator_names}: give one automorphism of N per generator of H"
        )
    rows = [
        extend_automorphism(N, a, what=f"action of {H.generator_names[t]}")
        for t, a in enumerate(acts)
    ]
    return np.stack(rows) if rows else np.zeros((0, N.order), dtype=np.int64)


def _semidirect_maps(nn: int, nh: int) -> ProductMaps:
    """Maps of ``N ⋊ H`` (index ``(m, h) -> m |H| + h``): only the coordinate to ``H`` is a
    homomorphism."""
    e = np.arange(nn * nh, dtype=np.int64)
    emb = (_ro(np.arange(nn) * nh), _ro(np.arange(nh)))
    coords = (_ro(e // nh), _ro(e % nh))
    return ProductMaps(emb, coords, (None, coords[1]))


def _semidirect_right(N: Group, H: Group, Phi: np.ndarray) -> np.ndarray:
    nn, nh = N.order, H.order
    m = np.arange(nn, dtype=np.int64)[:, None]
    h = np.arange(nh, dtype=np.int64)[None, :]
    rows = []
    for x in N.generators:
        # (m, h) * (x, 1) = (m * φ_h(x), h)
        prod_ = np.asarray(N.multiply(m, Phi[:, x][None, :]))
        rows.append((prod_ * nh + h).ravel())
    for t in range(len(H.generators)):
        rows.append((m * nh + H.right_action[t].astype(np.int64)[None, :]).ravel())
    return np.stack(rows) if rows else np.zeros((0, nn * nh), dtype=np.int64)


# ---------------------------------------------------------------------- wreath product
def wreath_product(
    G: Group,
    H: Group | Sequence[Sequence[int]],
    *,
    names: Sequence[str] | None = None,
    name: str | None = None,
    max_order: int | None = None,
    return_maps: bool = False,
) -> Group | tuple[Group, ProductMaps]:
    """The (permutational) wreath product ``G wr H = G^d ⋊ H`` for ``H`` acting on ``d`` points.

    Parameters
    ----------
    G
        The base factor.
    H
        A permutation group on ``0..d-1``: a :class:`Group` with ``permutations``, or generators
        as accepted by :meth:`Group.from_permutations`.
    names, name, max_order, return_maps
        As for :func:`semidirect_product`; maps are for the factors ``G^d`` and ``H``.

    Notes
    -----
    ``h`` acts on the base by permuting coordinates, ``φ_h(f)_i = f_{h[i]}`` (a homomorphism for
    the left-to-right product of image lists). Generators: ``G``'s generators in the first
    coordinate of each ``H``-orbit (their conjugates give the whole base), then ``H``'s.
    If ``G`` has ``permutations`` of degree ``m``, the result has the imprimitive action on
    ``m d`` points, ``(f, h): (x, i) -> (x^{f_i}, h[i])`` (point ``(x, i)`` is ``i m + x``).
    Order ``|G|^d |H|``.

    Examples
    --------
    >>> from groupmat import cyclic, symmetric
    >>> W = wreath_product(cyclic(2), symmetric(3))   # the hyperoctahedral group B3
    >>> W.name, W.order, W.permutations.shape
    ('C2 wr S3', 48, (48, 6))
    """
    if not isinstance(H, Group):
        H = Group.from_permutations(H)
    if H.permutations is None:
        raise NotAGroupError(
            "wreath_product(G, H): H must be a permutation group (built from permutations, so "
            "that H.permutations is set)"
        )
    G = _check_groups([G], "wreath_product")[0]
    d = int(H.permutations.shape[1])
    base_order = G.order**d
    _check_size(base_order * H.order, max_order, "the wreath product")
    base = direct_product(*([G] * d), max_order=max_order)
    e = np.arange(base_order, dtype=np.int64)
    strides = np.array([G.order ** (d - 1 - i) for i in range(d)], dtype=np.int64)
    coords = (e[:, None] // strides[None, :]) % G.order  # (|G|^d, d)
    hperms = H.permutations[list(H.generators)].astype(np.int64)
    phis = (
        np.stack([coords[:, hp] @ strides for hp in hperms])
        if len(hperms)
        else np.zeros((0, base_order), dtype=np.int64)
    )
    Phi = _action_table(base, H, phis)
    right = _semidirect_right(base, H, Phi)
    from groupmat.algebra._permutations import orbits

    reps = (
        [int(o[0]) for o in orbits(H.permutations[list(H.generators)], d)]
        if len(hperms)
        else list(range(d))
    )
    kg = len(G.generators)
    keep = [i * kg + s for i in reps for s in range(kg)]
    keep += list(range(d * kg, d * kg + len(H.generators)))
    right = right[keep]
    if names is None:  # G's names (with the point as suffix when there are several orbits)
        base_names = [
            f"{nm}_{i}" if len(reps) > 1 else nm for i in reps for nm in G.generator_names
        ]
        flat = base_names + list(H.generator_names)
        if len(set(flat)) != len(flat):
            flat = [f"{x}1" for x in base_names] + [f"{x}2" for x in H.generator_names]
        names = flat
    perms = None
    n = base_order * H.order
    if G.permutations is not None:
        m = int(G.permutations.shape[1])
        if n * m * d <= 1 << 22:
            hp_all = H.permutations.astype(np.int64)
            gp = G.permutations.astype(np.int64)
            # element (f, h) = base index b * |H| + h: image of point i*m + x is h[i]*m + f_i(x)
            b = np.repeat(np.arange(base_order), H.order)
            hh = np.tile(np.arange(H.order), base_order)
            blocks = [hp_all[hh, i][:, None] * m + gp[coords[b, i]] for i in range(d)]
            from groupmat.algebra._families import _perm_dtype

            perms = np.concatenate(blocks, axis=1).astype(_perm_dtype(m * d))
    gname = _factor_name(G)
    hname = _factor_name(H)
    W = Group(
        right,
        generator_names=names,
        permutations=perms,
        name=name if name is not None else (f"{gname} wr {hname}" if gname and hname else None),
    )
    return (W, _semidirect_maps(base_order, H.order)) if return_maps else W
