"""Index maps for the layers, compiled once per (space, kernel) from the algebra core's arrays.

A layer never re-derives algebra: it asks the core for products ``g * u`` (``G.multiply``), points
``g.x`` (``X.act``), cosets (``X.coset_of``) and, on spatial groups, ``conv2d`` tap positions
(:meth:`~groupmat.SpatialGroup.conv2d_taps`), and stores the answers as integer
arrays that the layers register as torch buffers.

Spaces
------
A *space* is a :class:`~groupmat.Group` (signals ``(B, C, n)``), a
:class:`~groupmat.SpatialGroup` (its group; signals ``(B, C, |P|, H, W)`` or
``(B, C, n)``) or a :class:`~groupmat.HomogeneousSpace` ``X = G/H`` (signals
``(B, C, |X|)``; the pixels of a spatial group also as images ``(B, C, H, W)``).

Convolutions
------------
Every :class:`~groupmat.nn.GMConv` is ``y(a) = sum_j w'_j f(index[a, j])``: output position ``a``
(an element, or a point with representative ``r_a``) reads the input at ``r_a u_j`` (input on
``G``) or ``r_a.u_j`` (input on ``X``) for the *support* ``U = {u_j}``. For a group output,
``U`` is the kernel ``K``; for an output space ``G/H`` it is ``H K`` and the effective weights
are ``w' = w E`` with ``E[k, j] = |{h in H : h u_k = u_j}| / |H|``, the averaging over ``H`` that
makes the kernel left-``H``-invariant (the general equivariant map onto ``G/H``).
"""

from __future__ import annotations

import functools
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import ArrayLike

from groupmat.algebra._group import Element, Group
from groupmat.algebra._homogeneous import HomogeneousSpace
from groupmat.algebra._subgroup import Subgroup
from groupmat.algebra._validate import as_int
from groupmat.algebra.crystal._crystallographic import CrystallographicGroup
from groupmat.errors import LayerSpecError

#: What a layer accepts as its input or output space: a group (signals ``(B, C, n)``), a
#: homogeneous space ``G/H`` (``(B, C, |X|)``) or a crystallographic / spatial group (its
#: group, or its ``.pixels`` space for images).
SpaceLike = Group | HomogeneousSpace | CrystallographicGroup

#: A layer's kernel: a word-metric radius or odd window size (``int``), ``"full"`` (one weight
#: per double coset), an explicit sequence of positions (indices, :class:`Element` s or word
#: strings; a 1-D integer array too), or ``None`` for the layer's default.
KernelLike = int | str | Sequence[int | str | Element] | np.ndarray | None

#: What coset pooling reduces over: a :class:`~groupmat.Subgroup` ``H``, generators of one
#: (indices, :class:`Element` s or words), the homogeneous space ``G/H`` itself, or ``None``
#: (a layer's default).
SubgroupLike = Subgroup | HomogeneousSpace | Sequence[int | str | Element] | None

__all__ = [
    "ConvMaps",
    "PoolMaps",
    "Space",
    "as_space",
    "compile_conv",
    "compile_coset_pool",
    "compile_stride_pool",
    "full_kernel",
    "resolve_kernel",
]


def _readonly(a: np.ndarray) -> np.ndarray:
    a = np.ascontiguousarray(a)
    a.setflags(write=False)
    return a


@dataclass(frozen=True, eq=False)
class Space:
    """A space a layer's signals live on (see the module docstring).

    Attributes
    ----------
    obj
        What the user passed.
    group
        The acting group ``G``.
    kind
        ``"group"`` (the regular space ``G``) or ``"points"`` (a homogeneous space).
    size
        Number of positions (``n`` or ``|X|``).
    spatial
        The :class:`~groupmat.CrystallographicGroup` (spatial,
        wallpaper or space group) when this is one or its pixels, else ``None``.
    homogeneous
        The :class:`HomogeneousSpace` for ``kind == "points"``.
    """

    obj: SpaceLike
    group: Group
    kind: str
    size: int
    spatial: CrystallographicGroup | None
    homogeneous: HomogeneousSpace | None

    @property
    def name(self) -> str:
        if self.spatial is not None:
            return self.spatial.name if self.kind == "group" else f"pixels of {self.spatial.name}"
        if self.kind == "group":
            return f"G (order {self.size})" if not self.group.name else self.group.name
        return f"G/H ({self.size} points)"

    @property
    def grid(self) -> tuple[int, ...] | None:
        """Spatial layout of the last axes: ``(m, *N)`` on the group (``(|P|, H, W)`` for
        spatial groups), the image shape ``D * N`` on pixels."""
        if self.spatial is None:
            return None
        return self.spatial.grid_shape if self.kind == "group" else self.spatial.shape

    def act(self, g: ArrayLike, x: ArrayLike) -> np.ndarray:
        """Position of ``g * x`` (group) or ``g.x`` (points), broadcast over index arrays."""
        if self.kind == "group":
            return np.asarray(self.group.multiply(g, x), dtype=np.int64)
        if self.spatial is not None:  # pixels keep their numbering: index arithmetic
            return np.asarray(self.spatial.act(g, x), dtype=np.int64)
        return np.asarray(self.homogeneous.act(g, x), dtype=np.int64)

    @property
    def base(self) -> int:
        return 0 if self.kind == "group" else int(self.homogeneous.base_point)

    def stabilizer(self) -> np.ndarray:
        """Elements fixing the base point (``[0]`` for the group itself)."""
        if self.kind == "group":
            return np.zeros(1, dtype=np.int64)
        return np.flatnonzero(np.asarray(self.homogeneous.coset_of) == self.base)

    def representatives(self) -> np.ndarray:
        """``r_a`` with ``r_a.x_0 = a`` for each position ``a``."""
        if self.kind == "group":
            return np.arange(self.size, dtype=np.int64)
        return np.asarray(self.homogeneous.representatives, dtype=np.int64)


def as_space(obj: object) -> Space:
    """Normalise a group, spatial group or homogeneous space into a :class:`Space`.

    Examples
    --------
    >>> from groupmat import spatial_group
    >>> sp = as_space(spatial_group((4, 4), "C4"))
    >>> sp.kind, sp.size, sp.grid
    ('group', 64, (4, 4, 4))
    """
    from groupmat.algebra._homogeneous import HomogeneousSpace
    from groupmat.algebra.crystal._crystallographic import CrystallographicGroup

    if isinstance(obj, Space):
        return obj
    if isinstance(obj, CrystallographicGroup):
        return Space(obj, obj.group, "group", obj.order, obj, None)
    if isinstance(obj, Group):
        spatial = getattr(obj, "spatial", None)
        return Space(obj, obj, "group", obj.order, spatial, None)
    if isinstance(obj, HomogeneousSpace):
        spatial = getattr(obj.group, "spatial", None)
        if spatial is not None and not spatial.is_pixel_space(obj):
            spatial = None
        return Space(obj, obj.group, "points", len(obj), spatial, obj)
    raise TypeError(
        f"expected a Group, SpatialGroup or HomogeneousSpace as a layer's space, got "
        f"{type(obj).__name__}; wrap a subgroup H as HomogeneousSpace(G, H)"
    )


def _element_indices(space: Space, kernel: Sequence[Any]) -> np.ndarray:
    out = []
    for x in kernel:
        if isinstance(x, Element):
            if x.group is not space.group:
                raise LayerSpecError("a kernel element belongs to another group")
            out.append(x.index)
        elif isinstance(x, str):
            if space.kind != "group":
                raise LayerSpecError(f"kernel word {x!r} given for points of {space.name}")
            out.append(space.group.evaluate(x))
        else:  # the algebra's one validator: no silent int(2.5)
            out.append(as_int(x, "kernel position"))
    return np.asarray(out, dtype=np.int64)


def resolve_kernel(space: Space, kernel: KernelLike) -> np.ndarray:
    """Kernel support on the *input* space, as position indices.

    ``kernel`` is an int (a word-metric radius: ``G.ball(r)``, or on a homogeneous space the
    points ``ball(r).x_0``; on spatial / crystallographic groups a ``k x k (x k)`` window:
    translations times all representatives on the group, pixels on the pixel space; hexagons
    on hexagonal lattices) or an explicit sequence of positions
    (indices, :class:`Element` s or word strings for a group).

    Examples
    --------
    >>> from groupmat import Group
    >>> G = as_space(Group.from_permutations([[1, 2, 3, 4, 0]]))
    >>> resolve_kernel(G, 1).tolist(), resolve_kernel(G, [0, "a^2"]).tolist()
    ([0, 1, 2], [0, 3])
    """
    if isinstance(kernel, (int, np.integer)) and not isinstance(kernel, bool):
        r = int(kernel)
        if space.spatial is not None:
            if r < 1 or r % 2 == 0:
                raise LayerSpecError(
                    f"on a spatial group, kernel={r} is a window size and must be odd and >= 1 "
                    "(or pass explicit kernel elements)"
                )
            return (
                space.spatial.window(r) if space.kind == "group" else space.spatial.pixel_window(r)
            )
        if r < 0:
            raise LayerSpecError(f"kernel radius must be >= 0, got {r}")
        ball = np.asarray(space.group.ball(r), dtype=np.int64)
        if space.kind == "group":
            return ball
        pts = space.act(ball, space.base)
        _, first = np.unique(pts, return_index=True)
        return pts[np.sort(first)]
    if isinstance(kernel, np.ndarray) and kernel.ndim != 1:
        raise LayerSpecError(f"explicit kernel must be 1-D, got shape {kernel.shape}")
    try:
        idx = _element_indices(space, list(kernel))
    except TypeError:
        raise LayerSpecError(
            f"kernel must be a radius (int) or a sequence of elements/points, got {kernel!r}"
        ) from None
    if idx.size == 0:
        raise LayerSpecError("kernel is empty")
    if (idx < 0).any() or (idx >= space.size).any():
        bad = int(idx[(idx < 0) | (idx >= space.size)][0])
        raise LayerSpecError(f"kernel position {bad} out of range for {space.name}")
    if np.unique(idx).size != idx.size:
        raise LayerSpecError("kernel has repeated elements; each must appear once")
    return idx


class ConvMaps:
    """Compiled index maps of one convolution (read-only arrays).

    Attributes
    ----------
    kernel
        ``(K,)`` kernel positions on the input space (weights are indexed like this).
    support
        ``(m,)`` positions read at the base point (``kernel`` for group outputs, ``H K`` else).
    index
        ``(N_out, m)`` int64: input position read by output ``a`` through support entry ``j``
        (computed on first access: the ``conv`` lowering never needs it).
    expand
        ``(K, m)`` float64 averaging matrix (``w' = w @ expand``), or ``None`` for identity.
    taps, padding
        Lowering on crystallographic groups: ``(P_out, Q_in, *extent)`` support index of each
        ``conv{d}d`` tap (``m`` = zero tap; channels are representatives on the group, phases
        on pixels) and the circular padding per axis; ``None`` elsewhere.
    n_out
        Number of output positions.
    """

    def __init__(
        self,
        kernel: np.ndarray,
        support: np.ndarray,
        index: np.ndarray | Callable[[], np.ndarray],
        expand: np.ndarray | None,
        taps: np.ndarray | None,
        padding: tuple[int, ...] | None,
        n_out: int | None = None,
    ) -> None:
        self.kernel, self.support, self.expand = kernel, support, expand
        self.taps, self.padding = taps, padding
        eager = isinstance(index, np.ndarray)
        self._index: np.ndarray | None = index if eager else None
        self._build_index = None if eager else index
        self.n_out = int(index.shape[0]) if eager else int(n_out or 0)

    @property
    def has_index(self) -> bool:
        """Whether :attr:`index` has been computed (the ``conv`` lowering never asks)."""
        return self._index is not None

    @property
    def index(self) -> np.ndarray:
        if self._index is None:
            self._index = _readonly(self._build_index())
        return self._index


_CACHE: OrderedDict[tuple, tuple[Any, ...]] = OrderedDict()
_CACHE_SIZE = 64


def _cached(key: tuple, objs: tuple[Any, ...], build: Any) -> Any:
    # Entries keep their objects alive, so an ``id`` in a key cannot be reused while cached.
    hit = _CACHE.get(key)
    if hit is not None and all(a is b for a, b in zip(hit[:-1], objs, strict=True)):
        _CACHE.move_to_end(key)
        return hit[-1]
    value = build()
    _CACHE[key] = (*objs, value)
    while len(_CACHE) > _CACHE_SIZE:
        _CACHE.popitem(last=False)
    return value


def compile_conv(
    in_space: SpaceLike | Space, out_space: SpaceLike | Space, kernel: KernelLike
) -> ConvMaps:
    """Index maps of ``y(a) = sum_j w'_j f(r_a u_j)`` (see the module docstring), cached.

    Cost: ``O(N_out m)`` products from the core (``O(1)`` each on spatial groups, ``O(L)``
    word-metric steps otherwise), ``O(N_out m)`` int64 memory; never ``n x n``.

    Examples
    --------
    >>> from groupmat import Group
    >>> G = Group.from_permutations([[1, 2, 3, 0]])          # C4
    >>> maps = compile_conv(G, G, 1)
    >>> maps.kernel.tolist(), maps.index[1].tolist()        # g_1 * {e, a, a^-1}
    ([0, 1, 2], [1, 3, 0])
    """
    src, dst = as_space(in_space), as_space(out_space)
    if src.group is not dst.group:
        raise LayerSpecError(
            f"in_space ({src.name}) and out_space ({dst.name}) must be spaces of the same group "
            "object"
        )
    if isinstance(kernel, str):
        if kernel != "full":
            raise LayerSpecError(
                f"kernel must be a radius / window size (int), a sequence of positions or "
                f"'full', got {kernel!r}"
            )
        kern = full_kernel(src, dst)
    else:
        kern = resolve_kernel(src, kernel)
    key = ("conv", id(src.obj), id(dst.obj), kern.tobytes())
    return _cached(key, (src.obj, dst.obj), lambda: _build_conv(src, dst, kern))


#: Largest ``N_out * N_in`` (entries of the index map) that ``kernel="full"`` builds.
MAX_FULL_ENTRIES = 1 << 26


def full_kernel(src: Space, dst: Space) -> np.ndarray:
    """One input position per orbit of the output stabiliser ``K`` on the input space (the
    smallest index of each orbit): the kernel of ``kernel="full"``.

    With the averaging over ``K`` of :func:`compile_conv`, weight ``k`` becomes the indicator
    of the orbit ``K u_k`` at the base point, i.e. of one orbit of ``G`` on ``Y x X``: the
    layer spans every equivariant map ``X -> Y``, with one weight per double coset
    ``K \\ G / H`` (``H`` the input stabiliser; ``|G| / |K|`` weights from a group,
    ``|X|`` onto a group). ``O(N_in |K|)`` products; the index map is dense
    (``N_out x N_in``), refused above ``MAX_FULL_ENTRIES`` entries.

    Examples
    --------
    >>> from groupmat import Group, HomogeneousSpace
    >>> G = Group.from_permutations([[1, 2, 0], [1, 0, 2]])   # S3 on 3 points
    >>> X = as_space(HomogeneousSpace(G, G.subgroup("b")))
    >>> full_kernel(X, X).tolist()                            # the base point, the other two
    [0, 1]
    """
    from groupmat.errors import SizeLimitError

    entries = src.size * dst.size
    if entries > MAX_FULL_ENTRIES:
        raise SizeLimitError(
            f"kernel='full' reads every input position from every output: an index map of "
            f"{dst.size} x {src.size} = {entries} entries (limit {MAX_FULL_ENTRIES}); use a "
            "local kernel (a radius or window size)"
        )
    stab = dst.stabilizer()
    pos = np.arange(src.size, dtype=np.int64)
    if stab.size == 1:
        return pos
    orbit_min = src.act(stab[None, :], pos[:, None]).min(axis=1)
    return np.unique(orbit_min)


def _act_index(src: Space, reps: np.ndarray, support: np.ndarray) -> np.ndarray:
    """``(N_out, m)``: ``r_a u_j`` (input on ``G``) or ``r_a . u_j`` (input on ``X``)."""
    return src.act(reps[:, None], support[None, :])


def _build_conv(src: Space, dst: Space, kern: np.ndarray) -> ConvMaps:
    expand = None
    support = kern
    if dst.kind == "points":
        stab = dst.stabilizer()
        if stab.size > 1:
            prods = src.act(stab[None, :], kern[:, None])  # (K, |H|): h . u_k
            # kernel positions in one H-orbit average to the same effective kernel: keep the
            # first of each (the others are provably redundant weights)
            _, keep = np.unique(prods.min(axis=1), return_index=True)
            if keep.size < kern.size:
                keep = np.sort(keep)
                kern, prods = kern[keep], prods[keep]
            flat = prods.ravel()
            _, first, inv = np.unique(flat, return_index=True, return_inverse=True)
            rank = np.empty(first.size, dtype=np.int64)
            rank[np.argsort(first, kind="stable")] = np.arange(first.size)
            col = rank[inv.ravel()].reshape(prods.shape)
            support = np.empty(first.size, dtype=np.int64)
            support[col.ravel()] = flat
            expand = np.zeros((kern.size, support.size))
            np.add.at(expand, (np.repeat(np.arange(kern.size), stab.size), col.ravel()), 1.0)
            expand /= stab.size
    reps = dst.representatives()
    index = functools.partial(_act_index, src, reps, support)  # picklable, unlike a closure

    taps = padding = None
    if src.spatial is not None and dst.spatial is src.spatial:
        taps, padding = src.spatial.conv_taps(
            support,
            source="group" if src.kind == "group" else "pixels",
            target="group" if dst.kind == "group" else "pixels",
        )
        taps = _readonly(taps)
    return ConvMaps(
        kernel=_readonly(kern),
        support=_readonly(support),
        index=index,  # lazy: the lowering and the spectral path never need it
        expand=None if expand is None else _readonly(expand),
        taps=taps,
        padding=padding,
        n_out=dst.size,
    )


@dataclass(frozen=True, eq=False)
class PoolMaps:
    """Compiled index maps of a pooling layer.

    Attributes
    ----------
    index
        ``(N_out, w)`` int64: the input positions pooled into output ``a``.
    coarse
        ``(N_in,)`` int64: the output position whose window contains each input position
        (for unpooling), or ``None`` when the windows overlap or miss positions.
    out_space
        The space of the output (a :class:`HomogeneousSpace` or :class:`SpatialGroup`).
    """

    index: np.ndarray
    coarse: np.ndarray | None
    out_space: HomogeneousSpace | CrystallographicGroup


def compile_coset_pool(group: SpaceLike | Space, subgroup: SubgroupLike) -> PoolMaps:
    """Pooling over the left cosets ``gH``: ``index[x]`` = the elements ``g`` with
    ``g.x_0 = x`` in ``X = G/H`` (``subgroup`` is a :class:`Subgroup`, generators of one, or the
    homogeneous space ``X`` itself). ``O(n log n)``.

    Examples
    --------
    >>> from groupmat import Group
    >>> G = Group.from_permutations([[1, 2, 3, 0]])
    >>> pm = compile_coset_pool(G, G.subgroup([3]))          # H = <a^2>
    >>> pm.index.tolist(), pm.coarse.tolist()
    ([[0, 3], [1, 2]], [0, 1, 1, 0])
    """
    from groupmat.algebra._homogeneous import HomogeneousSpace

    sp = as_space(group)
    if sp.kind != "group":
        raise LayerSpecError(f"coset pooling needs a signal on a group, got {sp.name}")
    G = sp.group
    X = subgroup if isinstance(subgroup, HomogeneousSpace) else None
    if X is not None and X.group is not G:
        raise LayerSpecError("the homogeneous space belongs to another group")

    def build() -> PoolMaps:
        space = X if X is not None else HomogeneousSpace(G, subgroup)
        coset_of = np.asarray(space.coset_of, dtype=np.int64)
        index = np.argsort(coset_of, kind="stable").reshape(len(space), -1)
        return PoolMaps(_readonly(index), _readonly(coset_of), space)

    if X is not None:
        return _cached(("coset", id(X)), (X,), build)
    return build()


def compile_stride_pool(
    spatial: SpaceLike | Space, stride: int, size: int | None = None
) -> PoolMaps:
    """Strided pooling on a spatial (crystallographic) group ``S`` onto
    ``S' = S.subsample(stride)``.

    Output ``g'`` (an element of the subgroup ``S'``) pools ``f(g' w)`` over the translations
    ``w`` of a ``size``-wide box (offsets ``-(size-1)//2 .. size//2`` on every axis;
    ``size = stride`` by default): right translation then restriction to the subgroup ``S'``,
    so exactly ``S'``-equivariant. On point channel ``p`` the window is ``W_p`` applied to the
    box (rotated and flipped boxes).

    Examples
    --------
    >>> from groupmat import spatial_group
    >>> pm = compile_stride_pool(spatial_group((4, 4), "C4"), 2)
    >>> pm.index.shape, pm.out_space.shape, pm.coarse is not None
    ((16, 4), (2, 2), True)
    """
    from groupmat.algebra.crystal._crystallographic import CrystallographicGroup

    sp = as_space(spatial)
    S = sp.spatial
    if S is None or sp.kind != "group" or not isinstance(S, CrystallographicGroup):
        raise LayerSpecError(f"strided pooling needs a spatial group, got {sp.name}")
    stride = as_int(stride, "stride", minimum=1)
    size = stride if size is None else as_int(size, "size", minimum=1)

    def build() -> PoolMaps:
        sub = S.subsample(stride)
        off = np.arange(-((size - 1) // 2), size // 2 + 1)
        if size < 1 or size > min(S.lattice_shape):
            raise LayerSpecError(f"pool window {size} does not fit on the {S.lattice_shape} torus")
        grids = np.meshgrid(*([off] * S.dim), indexing="ij")
        window = np.asarray(S.index(0, *(g.ravel() for g in grids)))
        index = np.asarray(S.multiply(sub.embedding[:, None], window[None, :]), dtype=np.int64)
        counts = np.bincount(index.ravel(), minlength=S.order)
        coarse = None
        if (counts == 1).all():
            coarse = np.empty(S.order, dtype=np.int64)
            coarse[index.ravel()] = np.repeat(np.arange(sub.order), window.size)
            coarse = _readonly(coarse)
        return PoolMaps(_readonly(index), coarse, sub)

    return _cached(("stride", id(S), stride, size), (S,), build)
