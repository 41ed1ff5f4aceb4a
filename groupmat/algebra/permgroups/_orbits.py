"""Orbits and Schreier trees of permutation generators, on generator arrays.

Every routine takes the generators as an int array ``(k, d)`` of image lists, so the
chain-backed :class:`~groupmat.PermGroup` and the listed :class:`~groupmat.Group` (through the
permutation action of its generators) share one implementation.

A *Schreier vector* (Holt, Eick & O'Brien, *Handbook of Computational Group Theory*, sec. 4.1.1;
Seress, *Permutation Group Algorithms*, sec. 4.1) records for every point ``y`` of the orbit of
``b`` the generator ``s`` and the point ``x`` with ``y = x^s`` on a breadth-first spanning tree.
The tree gives a coset representative ``u_y`` (with ``b^{u_y} = y``) as the word of labels from
the root, without storing ``u_y``; :func:`transversal` materialises all of them in one gather per
tree layer when memory allows.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

__all__ = ["SchreierTree", "orbit_labels", "orbits", "schreier_tree", "transversal"]


@dataclass(frozen=True)
class SchreierTree:
    """A breadth-first Schreier tree of the orbit of ``root``.

    Attributes
    ----------
    root
        The point ``b``.
    orbit
        ``(m,)`` orbit points in breadth-first order (``orbit[0] = root``).
    position
        ``(d,)`` position of each point in ``orbit``, ``-1`` off the orbit.
    label
        ``(m,)`` generator row that reaches ``orbit[j]`` from its parent (``-1`` at the root).
    parent
        ``(m,)`` position of the parent of ``orbit[j]`` (``-1`` at the root).
    layers
        ``(L + 1,)`` offsets: ``orbit[layers[t]:layers[t + 1]]`` are the points at depth ``t``.
    """

    root: int
    orbit: np.ndarray
    position: np.ndarray
    label: np.ndarray
    parent: np.ndarray
    layers: np.ndarray

    @property
    def depth(self) -> int:
        """Height of the tree (longest word of a coset representative)."""
        return len(self.layers) - 2


def schreier_tree(gens: np.ndarray, root: int) -> SchreierTree:
    """Breadth-first Schreier tree (Schreier vector) of ``root`` under the rows of ``gens``.

    One vectorised step per layer: the images ``gens[:, frontier]`` of the frontier, first
    occurrences of new points kept (generator-major order, so labels are deterministic).
    ``O(k |orbit|)`` time, ``O(d)`` memory.

    Examples
    --------
    >>> t = schreier_tree(np.array([[1, 2, 0, 3], [1, 0, 2, 3]]), 0)
    >>> t.orbit.tolist(), t.label.tolist(), t.parent.tolist()
    ([0, 1, 2], [-1, 0, 0], [-1, 0, 1])
    """
    gens = np.asarray(gens)
    k, d = gens.shape
    if k * d <= _SMALL:
        return _schreier_tree_small(gens, root)
    position = np.full(d, -1, dtype=np.int64)
    position[root] = 0
    orbit = [np.array([root], dtype=np.int64)]
    labels = [np.array([-1], dtype=np.int64)]
    parents = [np.array([-1], dtype=np.int64)]
    frontier = orbit[0]
    start, count = 0, 1
    layers = [0, 1]
    images = None
    while frontier.size and k:
        if frontier.size * k <= _THIN:  # thin layers (long cycles): a loop beats numpy calls
            if images is None:
                images = gens.tolist()
            pos_l = position  # numpy item access; the layers are thin
            fr = frontier.tolist()
            pts_l, lab_l, par_l = [], [], []
            while fr and len(fr) * k <= _THIN:
                new_pts = []
                for s, img in enumerate(images):  # generator-major, as below
                    for j, x in enumerate(fr):
                        y = img[x]
                        if pos_l[y] < 0:
                            pos_l[y] = count + len(new_pts)
                            new_pts.append(y)
                            lab_l.append(s)
                            par_l.append(start + j)
                if not new_pts:
                    break
                pts_l += new_pts
                start, count = count, count + len(new_pts)
                layers.append(count)
                fr = new_pts
            if pts_l:
                orbit.append(np.asarray(pts_l, dtype=np.int64))
                labels.append(np.asarray(lab_l, dtype=np.int64))
                parents.append(np.asarray(par_l, dtype=np.int64))
            frontier = np.asarray(fr, dtype=np.int64) if pts_l else frontier[:0]
            continue
        img = gens[:, frontier].ravel()  # generator-major: row s, then frontier points
        new = position[img] < 0
        if not new.any():
            break
        idx = np.flatnonzero(new)
        pts, first = np.unique(img[idx], return_index=True)
        first = idx[first]
        keep = np.argsort(first, kind="stable")  # order of discovery
        pts, first = pts[keep], first[keep]
        position[pts] = count + np.arange(pts.size)
        orbit.append(pts)
        labels.append(first // frontier.size)
        parents.append(start + first % frontier.size)
        start, count = count, count + pts.size
        layers.append(count)
        frontier = pts
    return SchreierTree(
        root=int(root),
        orbit=np.concatenate(orbit),
        position=position,
        label=np.concatenate(labels),
        parent=np.concatenate(parents),
        layers=np.asarray(layers, dtype=np.int64),
    )


#: Below this many generator entries the tree is grown by a plain loop (numpy's per-call
#: overhead dominates small orbits).
_SMALL = 4096
#: Layers with at most this many (generator, point) pairs are grown by a plain loop: a long
#: cycle gives a path-like tree of ``|orbit| / k`` thin layers, where a dozen numpy calls per
#: layer cost ~1 s for 10^4 points.
_THIN = 48


def _schreier_tree_small(gens: np.ndarray, root: int) -> SchreierTree:
    """:func:`schreier_tree` by a Python loop over lists (same tree: breadth-first, layer by
    layer, generator-major within a layer)."""
    d = gens.shape[1]
    images = gens.tolist()
    position = [-1] * d
    position[root] = 0
    orbit, label, parent, layers = [root], [-1], [-1], [0, 1]
    start = 0
    while start < len(orbit):
        end = len(orbit)
        for s, img in enumerate(images):
            for j in range(start, end):
                y = img[orbit[j]]
                if position[y] < 0:
                    position[y] = len(orbit)
                    orbit.append(y)
                    label.append(s)
                    parent.append(j)
        if len(orbit) == end:
            break
        layers.append(len(orbit))
        start = end
    return SchreierTree(
        root=int(root),
        orbit=np.asarray(orbit, dtype=np.int64),
        position=np.asarray(position, dtype=np.int64),
        label=np.asarray(label, dtype=np.int64),
        parent=np.asarray(parent, dtype=np.int64),
        layers=np.asarray(layers, dtype=np.int64),
    )


def transversal(gens: np.ndarray, tree: SchreierTree) -> np.ndarray:
    """All coset representatives ``u_y`` (``root^{u_y} = y``) as an ``(m, d)`` array.

    ``u_y = u_{parent(y)} * s_{label(y)}``, i.e. ``u_y[x] = s[u_parent[x]]``: one gather per
    layer of the tree, ``O(m d)`` time and memory.

    Examples
    --------
    >>> g = np.array([[1, 2, 0]])
    >>> transversal(g, schreier_tree(g, 0)).tolist()
    [[0, 1, 2], [1, 2, 0], [2, 0, 1]]
    """
    gens = np.asarray(gens)
    d = gens.shape[1]
    m = tree.orbit.size
    u = np.empty((m, d), dtype=np.int64)
    u[0] = np.arange(d)
    for t in range(1, len(tree.layers) - 1):
        sl = slice(tree.layers[t], tree.layers[t + 1])
        lab = tree.label[sl]
        u[sl] = gens[lab[:, None], u[tree.parent[sl]]]
    return u


def orbit_labels(gens: np.ndarray | Sequence[np.ndarray], degree: int) -> np.ndarray:
    """``(d,)`` orbit number of every point (orbits numbered by their smallest point).

    Weakly connected components of the graph ``x -> x^s``, ``O(d k)``.

    Examples
    --------
    >>> orbit_labels(np.array([[1, 0, 2, 4, 3]]), 5).tolist()
    [0, 0, 1, 2, 2]
    """
    from groupmat.algebra._element_arrays import _orbit_labels

    labels, _ = _orbit_labels(degree, list(np.asarray(gens).reshape(-1, degree)))
    return labels


def orbits(gens: np.ndarray, degree: int, points: Sequence[int] | None = None) -> list[np.ndarray]:
    """Orbits (sorted point arrays, ordered by smallest point), or only those meeting
    ``points``.

    Examples
    --------
    >>> [o.tolist() for o in orbits(np.array([[1, 0, 2, 4, 3]]), 5)]
    [[0, 1], [2], [3, 4]]
    """
    labels = orbit_labels(gens, degree)
    order = np.argsort(labels, kind="stable")
    out = np.split(order, np.flatnonzero(np.diff(labels[order])) + 1)
    if points is None:
        return out
    wanted = np.unique(labels[np.asarray(points, dtype=np.int64)])
    return [out[i] for i in wanted]
