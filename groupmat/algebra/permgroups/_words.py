"""Writing group elements as words in the generators (``PermGroup.factor``).

Two methods. :class:`ShortWordTable` (Minkwitz's algorithm) fills a table of short words for
every coset representative of the chain and gives words of a few hundred letters at most
(Rubik's cube: about 190 moves, ``M24``: about 90 letters); it is tried first, with a time
budget. :class:`WordChain` always succeeds but its words can be long: a separate
stabiliser chain is built by the deterministic Schreier-Sims algorithm from the original
generators only (no random elements, whose words would be long), keeping for every
strong generator a *straight-line program* (SLP): a product of earlier strong generators and
inverses (Holt, Eick & O'Brien, *Handbook of Computational Group Theory*, sec. 4.4 with the
words of sec. 3.1.4; Seress, *Permutation Group Algorithms*, sec. 4.2; the approach of sympy's
``coset_factor``/``generator_product``). A Schreier generator ``u_y s u_{y^s}^{-1}`` sifted to a
residue ``r = u_y s u_{y^s}^{-1} v_{i+1}^{-1} ... v_j^{-1}`` gets exactly that product as its
program, with each ``u`` read off its Schreier tree as a path of strong generators.

``factor(g)`` sifts ``g`` (``g = v_{m-1} ... v_0``), expands the programs of the ``v_i`` into
letters and cancels ``x x^{-1}`` pairs. Words are not shortest (the Rubik cube's are a few
hundred to a few thousand moves); their length is computed before expansion and refused above
``max_length``.
"""

from __future__ import annotations

import numpy as np

from groupmat.algebra.permgroups._chain import StabChain
from groupmat.algebra.permgroups._perms import is_identity
from groupmat.algebra.permgroups._schreier_sims import schreier_generators
from groupmat.errors import NotAnElementError, SizeLimitError

__all__ = ["WordChain"]

Word = list[tuple[int, int]]  # (SLP node, +1 or -1), read left to right


def _inverse(word: Word) -> Word:
    return [(node, -sign) for node, sign in reversed(word)]


class WordChain:
    """A complete stabiliser chain of ``<gens>`` whose strong generators carry programs in
    the generators (see the module docstring)."""

    def __init__(self, gens: np.ndarray) -> None:
        gens = np.asarray(gens, dtype=np.int64)
        self.degree = gens.shape[1]
        self.chain = StabChain(self.degree)
        self.programs: list[Word | int] = []  # int s: generator s; else a product of nodes
        self.row_node: list[int] = []  # SLP node of each strong generator row
        self._lengths: list[int] = []
        for s, g in enumerate(gens):
            leaf = len(self.programs)
            self.programs.append(s)
            self._lengths.append(1)
            self._absorb(g, [(leaf, 1)], 0)
        self._complete()

    # -------------------------------------------------------------- construction
    def _node(self, word: Word) -> int:
        self.programs.append(word)
        self._lengths.append(sum(self._lengths[n] for n, _ in word))
        return len(self.programs) - 1

    def path(self, i: int, pos: int) -> Word:
        """The coset representative ``u`` at position ``pos`` of level ``i`` as strong
        generators: the labels on the tree path from the root."""
        tree = self.chain.tree(i)
        rows = self.chain.levels[i].rows
        out = []
        while pos > 0:
            out.append((self.row_node[rows[int(tree.label[pos])]], 1))
            pos = int(tree.parent[pos])
        return out[::-1]

    def sift_word(self, g: np.ndarray, start: int) -> tuple[np.ndarray, int, Word]:
        """Sift one permutation from level ``start``: ``(residue, drop, w)`` with
        ``residue = g * w`` (``w`` the product of the peeled-off inverse representatives)."""
        g = np.asarray(g)[None, :]
        word: Word = []
        c = self.chain
        for i in range(start, len(c.base)):
            pos = int(c.position(i)[g[0, c.base[i]]])
            if pos < 0:
                return g[0].astype(np.int64), i, word
            if pos:
                word += _inverse(self.path(i, pos))
                g = c.apply_inverse(i, g, np.asarray([pos]))
        return g[0].astype(np.int64), len(c.base), word

    def _absorb(self, g: np.ndarray, word: Word, start: int) -> int:
        """Sift ``g`` (= the product ``word``); add a non-trivial residue as a strong
        generator with its program. Returns the deepest level changed or -1."""
        res, drop, w = self.sift_word(g, start)
        if drop == len(self.chain.base) and is_identity(res):
            return -1
        node = self._node(word + w)
        self.row_node.append(node)
        return self.chain.add_generator(res)

    def _complete(self) -> None:
        """Deterministic Schreier-Sims (HEO sec. 4.4.2): Schreier generators are tested in a
        batch; the first failing one is re-sifted with its word and added."""
        c = self.chain
        i = len(c.base) - 1
        while i >= 0:
            changed = -1
            sg = schreier_generators(c, i)
            if sg.shape[0]:
                res, drop = c.sift(sg, i + 1)
                bad = (drop < len(c.base)) | ~is_identity(res)
                if bad.any():
                    changed = self._add_schreier_generator(i, sg[int(np.flatnonzero(bad)[0])])
            if changed > i:
                i = changed
            elif changed == i:
                continue
            else:
                i -= 1

    def _add_schreier_generator(self, i: int, target: np.ndarray) -> int:
        """Find the (orbit point, generator) pair of the Schreier generator ``target`` of level
        ``i`` and add its residue with the program ``u_y s u_{y^s}^{-1} ...``."""
        c = self.chain
        tree = c.tree(i)
        rows = c.levels[i].rows
        gens = c.strong_generators[rows]
        u = c.representatives(i, np.arange(tree.orbit.size))
        for s in range(gens.shape[0]):
            img = gens[s][tree.orbit]
            pos = tree.position[img]
            cand = c.apply_inverse(i, gens[s][u], pos)
            hit = np.flatnonzero((cand == target).all(axis=1))
            if hit.size:
                j = int(hit[0])
                back = _inverse(self.path(i, int(pos[j])))
                word = [*self.path(i, j), (self.row_node[rows[s]], 1), *back]
                return self._absorb(cand[j], word, i + 1)
        raise AssertionError("Schreier generator not found")  # pragma: no cover

    # -------------------------------------------------------------- factorisation
    def factor(self, g: np.ndarray, max_length: int) -> tuple[int, ...]:
        """Letters (generator ``s`` is ``s+1``, its inverse ``-(s+1)``) of a word for ``g``."""
        res, drop, w = self.sift_word(g, 0)
        if drop != len(self.chain.base) or not is_identity(res):
            raise NotAnElementError(f"permutation {np.asarray(g).tolist()} is not in the group")
        word = _inverse(w)  # g = residue * w^{-1}, residue = 1
        bound = sum(self._lengths[n] for n, _ in word)
        if bound > max_length:
            raise SizeLimitError(
                f"the word for this element has up to {bound} letters before cancellation, "
                f"more than max_length={max_length}; pass a larger max_length="
            )
        out: list[int] = []
        stack = [(n, sgn) for n, sgn in reversed(word)]
        while stack:
            n, sgn = stack.pop()
            prog = self.programs[n]
            if isinstance(prog, int):
                letter = sgn * (prog + 1)
                if out and out[-1] == -letter:
                    out.pop()
                else:
                    out.append(letter)
                continue
            parts = prog if sgn > 0 else _inverse(prog)
            stack.extend(reversed(parts))
        return tuple(out)


class ShortWordTable:
    """Minkwitz's table of short transversal words (T. Minkwitz, "An algorithm for solving the
    factorization problem in permutation groups", J. Symb. Comput. 26 (1998)).

    For a complete chain (base ``b_i``, basic orbits ``Δ_i``), entry ``(i, y)`` holds an element
    ``t`` of ``G^(i)`` with ``b_i^t = y`` together with a word for it. Words (all words of the
    generators and inverses up to a length, then products of table entries of the same level)
    are sifted through the table: an empty entry is filled, a longer one is replaced (and the
    displaced element sifted on), and the element moves on as ``g t^{-1}`` with word
    ``w w_t^{-1}``. Words longer than ``max_length`` are dropped. When every entry is filled,
    ``factor(g)`` is the concatenation of the entries' words met while sifting ``g``.
    """

    def __init__(
        self, gens: np.ndarray, chain: object, *, max_length: int = 400, bfs_words: int = 1000
    ) -> None:
        self.gens = np.asarray(gens, dtype=np.int64)
        self.degree = self.gens.shape[1]
        self.base = list(chain.base)
        self.positions = [chain.position(i) for i in range(len(self.base))]
        self.sizes = chain.orbit_sizes()
        self.max_length = max_length
        self.bfs_words = bfs_words
        ident = np.arange(self.degree)
        self.table: list[dict[int, tuple[np.ndarray, tuple[int, ...]]]] = [
            {0: (ident, ())} for _ in self.base
        ]
        k = self.gens.shape[0]
        inv = np.argsort(self.gens, axis=1)
        self.letters = {s + 1: self.gens[s] for s in range(k)}
        self.letters.update({-(s + 1): inv[s] for s in range(k)})

    @property
    def complete(self) -> bool:
        return all(len(t) == s for t, s in zip(self.table, self.sizes, strict=True))

    def _reduce(self, w: tuple[int, ...]) -> tuple[int, ...]:
        out: list[int] = []
        for x in w:
            if out and out[-1] == -x:
                out.pop()
            else:
                out.append(x)
        return tuple(out)

    def insert(self, g: np.ndarray, w: tuple[int, ...], level: int = 0) -> None:
        for i in range(level, len(self.base)):
            if len(w) > self.max_length:
                return
            pos = int(self.positions[i][g[self.base[i]]])
            entry = self.table[i].get(pos)
            if entry is None or len(w) < len(entry[1]):
                self.table[i][pos] = (g, w)
                if entry is None:
                    return
                g, w = entry  # sift the displaced, longer element on
            t, tw = self.table[i][pos]
            tinv = np.argsort(t)
            g = tinv[g]  # g * t^{-1}
            w = self._reduce(w + tuple(-x for x in reversed(tw)))
            if (g == np.arange(self.degree)).all():
                return

    def build(self, *, seconds: float = 5.0, seed: int = 0) -> bool:
        """Fill the table (within ``seconds``); returns whether it is complete."""
        import time

        start = time.perf_counter()
        rng = np.random.default_rng(seed)
        # 1. all reduced words in breadth-first order, as long as they are few
        frontier = [(np.arange(self.degree), ())]
        letters = list(self.letters)
        count = 0
        while frontier and count < self.bfs_words and not self.complete:
            nxt = []
            for g, w in frontier:
                for x in letters:
                    if w and w[-1] == -x:
                        continue
                    h = self.letters[x][g]
                    nxt.append((h, (*w, x)))
                    self.insert(h, (*w, x))
                    count += 1
            frontier = nxt
            if time.perf_counter() - start > seconds / 4:
                break
        # 2. products of entries of one level, and random entry products, until complete
        while not self.complete and time.perf_counter() - start < seconds:
            for i, t in enumerate(self.table):
                entries = list(t.values())
                if len(entries) < 2:
                    continue
                for _ in range(min(64, len(entries) ** 2)):
                    a = entries[int(rng.integers(len(entries)))]
                    b = entries[int(rng.integers(len(entries)))]
                    self.insert(b[0][a[0]], self._reduce(a[1] + b[1]), i)
            for _ in range(64):
                i, j = sorted(int(v) for v in rng.integers(0, len(self.table), size=2))
                a = list(self.table[i].values())[int(rng.integers(len(self.table[i])))]
                b = list(self.table[j].values())[int(rng.integers(len(self.table[j])))]
                self.insert(b[0][a[0]], self._reduce(a[1] + b[1]), 0)
        return self.complete

    def factor(self, g: np.ndarray) -> tuple[int, ...] | None:
        """A word for ``g`` from the table (``None`` if an entry on its way is missing)."""
        w: tuple[int, ...] = ()
        for i in range(len(self.base)):
            pos = int(self.positions[i][g[self.base[i]]])
            entry = self.table[i].get(pos)
            if entry is None:
                return None
            t, tw = entry
            g = np.argsort(t)[g]
            w = w + tuple(-x for x in reversed(tw))
        # g = (product of t's) ... : g_0 = g_m t_{m-1} ... t_0 with g_m = 1
        return self._reduce(tuple(-x for x in reversed(w)))
