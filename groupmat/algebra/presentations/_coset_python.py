"""Pure-Python Todd-Coxeter kernel: the reference for, and fallback of, ``_coset_kernel.c``.

Both kernels implement the same algorithm step for step (same definitions, same coincidence
order, same compressions), so they report identical statistics as well as identical tables; the
tests check this. Read this file to understand the C file.

Conventions: cosets are numbered from 1 (0 means "undefined"); the coset table ``T`` is a flat
list, row ``c`` at ``T[c * ncols : (c + 1) * ncols]``; column ``x`` has inverse column
``inv[x]`` (``inv[x] == x`` for a generator known to be an involution). ``p`` is the forwarding
array of the coincidence procedure: ``p[c] == c`` iff coset ``c`` is live, otherwise ``p[c] < c``
points towards the coset it was merged into. Algorithms: Holt, Eick, O'Brien, *Handbook of
Computational Group Theory* (2005), §5.1 (COINCIDENCE, REP, MERGE), §5.2 (HLT, Felsch,
SCANANDFILL, PROCESSDEDUCTIONS), §5.3 (lookahead, compression).

Two refinements of the textbook versions, neither of which changes what is defined:

* Felsch scans, for a new entry ``c^x``, only the cyclic conjugates starting with ``x`` of the
  relators *and their inverses*; a relator cycle through the edge traversed backwards is the
  reverse of one of those, so scanning again from ``c^x`` (as the Handbook does) is redundant.
* HLT records, per coset, which proper-power relators ``u^m`` are known to close there: once
  ``u^m`` closes at ``c`` it closes at ``c u, ..., c u^(m-1)`` too, and scanning a closed cycle
  does nothing, so those scans are skipped (saving most of the work for ``(a*b)^p``-type
  relators). Merges OR the bits; compression moves them.

Policy (same in both kernels): the table starts at ``init_cap`` rows and doubles up to
``max_cosets``. When it is full: compress if a quarter of the rows are dead; else, for HLT and
a table of at least ``lookahead_from`` rows, look ahead and compress if that frees a quarter;
else double; at ``max_cosets`` look ahead (HLT) and compress if that frees at least 0.1% of the
rows, else give up (LIMIT).
"""

from __future__ import annotations

from collections.abc import Sequence

__all__ = ["DONE", "LIMIT", "RUNNING", "PyEnumerator"]

RUNNING, DONE, LIMIT = 0, 1, 2
HLT, FELSCH = 0, 1
_NEED_SPACE = False


def _period(w: Sequence[int]) -> int:
    """Least ``d`` with ``w = u^(len(w)/d)``, ``len(u) = d``."""
    n = len(w)
    for d in range(1, n):
        if n % d == 0 and all(w[i] == w[i - d] for i in range(d, n)):
            return d
    return n


class PyEnumerator:
    """Resumable enumeration state; :meth:`run` does a bounded amount of work per call.

    Parameters
    ----------
    ncols
        Number of table columns (generators and the inverses of non-involutions).
    inv
        ``inv[x]``: the column of the inverse letter.
    relators, subgroup
        Words over the columns (cyclically reduced relators; freely reduced subgroup words).
    conjugates
        Felsch only: ``conjugates[x]`` lists the distinct cyclic conjugates of the relators and
        their inverses that start with column ``x``.
    strategy
        0 for HLT with lookahead, 1 for Felsch.
    max_cosets
        Most rows the table may ever hold.
    init_cap
        Rows allocated at the start (the table doubles up to ``max_cosets``).
    lookahead_from
        HLT: when a table of at least this many rows is full, look ahead first and double it
        only if that frees less than a quarter of the rows.
    """

    def __init__(
        self,
        ncols: int,
        inv: Sequence[int],
        relators: Sequence[Sequence[int]],
        subgroup: Sequence[Sequence[int]],
        conjugates: Sequence[Sequence[Sequence[int]]],
        strategy: int,
        max_cosets: int,
        init_cap: int,
        lookahead_from: int = 1 << 20,
    ) -> None:
        self.n = ncols
        self.inv = list(inv)
        self.rels = [list(r) for r in relators]
        # Relators that are proper powers u^m (m >= 2) get a bit: once u^m is traced closed
        # at a coset c, it is also closed at c u, c u^2, ..., which HLT then need not scan.
        self.period: list[int] = []
        self.bit: list[int] = []
        nbits = 0
        for r in self.rels:
            d = _period(r)
            self.period.append(d)
            if d < len(r) and nbits < 64:
                self.bit.append(1 << nbits)
                nbits += 1
            else:
                self.bit.append(0)
        self.hgens = [list(w) for w in subgroup]
        self.conj = [[list(w) for w in ws] for ws in conjugates]
        self.felsch = strategy == FELSCH
        self.max_cosets = max(1, int(max_cosets))
        self.cap = max(1, min(int(init_cap), self.max_cosets))
        self.lookahead_from = int(lookahead_from)
        self.T = [0] * ((self.cap + 1) * ncols)
        self.p = list(range(self.cap + 1))
        self.done = [0] * (self.cap + 1)  # bits of power relators known closed at a coset
        self.queue: list[int] = []
        self.stack: list[tuple[int, int]] = []
        self.nextfree = 2  # coset 1 (the subgroup H) exists from the start
        self.nlive = 1
        self.maxlive = 1
        self.ndefined = 1
        self.ncoinc = 0
        self.nlookahead = 0
        self.ncompress = 0
        self.phase = 0
        self.hpos = 0
        self.alpha = 1

    # -- primitive operations --------------------------------------------------------------
    def define(self, c: int, x: int) -> bool:
        """New coset ``d = c^x`` (and ``d^{x^-1} = c``); False when the table is full."""
        d = self.nextfree
        if d > self.cap:
            return False
        n = self.n
        self.nextfree = d + 1
        T = self.T
        base = d * n
        T[base : base + n] = [0] * n
        self.p[d] = d
        self.done[d] = 0
        T[c * n + x] = d
        T[base + self.inv[x]] = c
        self.nlive += 1
        self.ndefined += 1
        if self.nlive > self.maxlive:
            self.maxlive = self.nlive
        if self.felsch:
            self.stack.append((c, x))
        return True

    def rep(self, c: int) -> int:
        """The live coset ``c`` was merged into, compressing the forwarding path."""
        p = self.p
        r = c
        while p[r] != r:
            r = p[r]
        while p[c] != r:
            nxt = p[c]
            p[c] = r
            c = nxt
        return r

    def merge(self, a: int, b: int) -> None:
        a = self.rep(a)
        b = self.rep(b)
        if a == b:
            return
        if a > b:
            a, b = b, a
        self.p[b] = a
        self.done[a] |= self.done[b]
        self.queue.append(b)
        self.nlive -= 1
        self.ncoinc += 1

    def coincidence(self, a: int, b: int) -> None:
        """Identify cosets ``a`` and ``b`` and everything this forces (Handbook §5.1.3)."""
        T, n, inv = self.T, self.n, self.inv
        queue = self.queue
        self.merge(a, b)
        i = 0
        while i < len(queue):
            g = queue[i]
            i += 1
            gbase = g * n
            for x in range(n):
                d = T[gbase + x]
                if d == 0:
                    continue
                xi = inv[x]
                T[d * n + xi] = 0
                mu = self.rep(g)
                nu = self.rep(d)
                e = T[mu * n + x]
                if e:
                    self.merge(nu, e)
                else:
                    e = T[nu * n + xi]
                    if e:
                        self.merge(mu, e)
                    else:
                        T[mu * n + x] = nu
                        T[nu * n + xi] = mu
                        if self.felsch:
                            self.stack.append((mu, x))
        queue.clear()

    def scan_and_fill(self, a: int, w: list[int], fill: bool = True) -> bool:
        """Trace ``w`` from ``a`` both ways, defining cosets to close the gap (HLT step).

        With ``fill=False`` (a plain scan) no coset is defined: the scan only deduces (a gap of
        one letter) or identifies cosets (no gap). Returns False (having made partial,
        consistent progress) if the table is full.
        """
        T, n, inv = self.T, self.n, self.inv
        f = b = a
        i, j = 0, len(w) - 1
        while True:
            while i <= j:
                e = T[f * n + w[i]]
                if e == 0:
                    break
                f = e
                i += 1
            if i > j:
                if f != a:
                    self.coincidence(f, a)
                return True
            while j >= i:
                e = T[b * n + inv[w[j]]]
                if e == 0:
                    break
                b = e
                j -= 1
            if j < i:
                self.coincidence(f, b)
                return True
            if j == i:
                x = w[i]
                T[f * n + x] = b
                T[b * n + inv[x]] = f
                if self.felsch:
                    self.stack.append((f, x))
                return True
            if not fill:
                return True
            if not self.define(f, w[i]):
                return _NEED_SPACE

    def scan(self, a: int, w: list[int]) -> None:
        """Trace ``w`` from ``a`` both ways without defining cosets; deduce or identify."""
        self.scan_and_fill(a, w, fill=False)

    def process_deductions(self) -> None:
        """Felsch: scan every relator cycle through each newly set table entry."""
        stack, p, conj = self.stack, self.p, self.conj
        while stack:
            a, x = stack.pop()
            if p[a] != a:
                continue
            for w in conj[x]:
                self.scan(a, w)
                if p[a] != a:
                    break

    def mark_closed(self, a: int, k: int) -> None:
        """Relator ``k = u^m`` is closed at ``a``: record that it is closed at ``a u^i`` too."""
        T, n, done, bit = self.T, self.n, self.done, self.bit[k]
        w, d = self.rels[k], self.period[k]
        f = a
        for i in range(len(w) - d):
            f = T[f * n + w[i]]
            if i % d == d - 1:
                done[f] |= bit

    def lookahead(self) -> None:
        """HLT: scan every coset from the current one on under all relators, defining nothing."""
        self.nlookahead += 1
        p, done, bits = self.p, self.done, self.bit
        for c in range(self.alpha, self.nextfree):
            for k, r in enumerate(self.rels):
                if p[c] != c:
                    break
                if not done[c] & bits[k]:
                    self.scan(c, r)

    def compress(self) -> None:
        """Renumber the live cosets 1, 2, ... in order, dropping the dead rows (§5.3)."""
        self.ncompress += 1
        T, n, p = self.T, self.n, self.p
        top = self.nextfree
        newnum = [0] * top
        k = 0
        alpha_new = 0
        for c in range(1, top):
            if p[c] == c:
                k += 1
                newnum[c] = k
                if alpha_new == 0 and c >= self.alpha:
                    alpha_new = k
        for c in range(1, top):
            if p[c] == c:
                self.done[newnum[c]] = self.done[c]
                src, dst = c * n, newnum[c] * n
                for x in range(n):
                    e = T[src + x]
                    T[dst + x] = newnum[e] if e else 0
        self.stack = [(newnum[a], x) for a, x in self.stack if p[a] == a and newnum[a]]
        for c in range(1, k + 1):
            p[c] = c
        self.alpha = alpha_new if alpha_new else k + 1
        self.nextfree = k + 1

    def grow(self) -> None:
        new_cap = min(self.max_cosets, 2 * self.cap)
        self.T.extend([0] * ((new_cap - self.cap) * self.n))
        self.p.extend(range(self.cap + 1, new_cap + 1))
        self.done.extend([0] * (new_cap - self.cap))
        self.cap = new_cap

    def make_space(self) -> bool:
        """Free or add rows when the table is full; False means the coset limit is reached."""
        dead = self.nextfree - 1 - self.nlive
        if 4 * dead >= self.cap:
            self.compress()
            return True
        if self.cap < self.max_cosets:
            if not self.felsch and self.cap >= self.lookahead_from:
                self.lookahead()
                dead = self.nextfree - 1 - self.nlive
                if 4 * dead >= self.cap:
                    self.compress()
                    return True
            self.grow()
            return True
        if not self.felsch:
            self.lookahead()
            dead = self.nextfree - 1 - self.nlive
        if dead > 0 and dead >= self.cap // 1000:
            self.compress()
            return True
        return False

    # -- driver ---------------------------------------------------------------------------
    def run(self, budget: int) -> int:
        """Scan up to ``budget`` cosets; return RUNNING, DONE or LIMIT."""
        p, T, n = self.p, self.T, self.n
        if self.phase == 0:
            while self.hpos < len(self.hgens):
                if not self.scan_and_fill(1, self.hgens[self.hpos]):
                    if not self.make_space():
                        return LIMIT
                    continue
                self.hpos += 1
                self.process_deductions()
            self.phase = 1
            self.alpha = 1
        if self.phase == 2:
            return DONE
        T = self.T
        while budget > 0:
            a = self.alpha
            while a < self.nextfree and p[a] != a:
                a += 1
            self.alpha = a
            if a >= self.nextfree:
                self.phase = 2
                return DONE
            full = False
            if self.felsch:
                base = a * n
                for x in range(n):
                    if T[base + x] == 0:
                        if not self.define(a, x):
                            full = True
                            break
                        self.process_deductions()
                        if p[a] != a:
                            break
            else:
                done, bits = self.done, self.bit
                for k, r in enumerate(self.rels):
                    if done[a] & bits[k]:
                        continue
                    if not self.scan_and_fill(a, r):
                        full = True
                        break
                    if p[a] != a:
                        break
                    if bits[k]:
                        self.mark_closed(a, k)
                if not full and p[a] == a:
                    base = a * n
                    for x in range(n):
                        if T[base + x] == 0 and not self.define(a, x):
                            full = True
                            break
            if full:
                if not self.make_space():
                    return LIMIT
                T = self.T
                continue
            if p[a] == a:
                self.alpha = a + 1
            budget -= 1
        return RUNNING

    # -- results --------------------------------------------------------------------------
    def stats(self) -> tuple[int, int, int, int, int, int, int]:
        """(defined, live, max live, coincidences, lookaheads, compressions, capacity)."""
        return (
            self.ndefined,
            self.nlive,
            self.maxlive,
            self.ncoinc,
            self.nlookahead,
            self.ncompress,
            self.cap,
        )

    def result(self, order: Sequence[int], rows: Sequence[int]) -> list[int]:
        """Standardised table after DONE: BFS from coset 1 over the columns in ``order``.

        Returns the table with one row per column in ``rows``: ``table[r * index + i]`` is the
        ``i``-th coset in BFS order times column ``rows[r]``, 0-based. (The BFS tree is read
        off this table by :attr:`CosetTable.parent`, as for the compiled kernel.)
        """
        T, n, p = self.T, self.n, self.p
        top = self.nextfree
        newnum = [-1] * top
        old = [1]
        newnum[1] = 0
        i = 0
        while i < len(old):
            c = old[i]
            base = c * n
            for x in order:
                d = T[base + x]
                if newnum[d] < 0:
                    newnum[d] = len(old)
                    old.append(d)
            i += 1
        assert len(old) == self.nlive and all(p[c] == c for c in old)
        flat: list[int] = []
        for x in rows:
            flat.extend(newnum[T[c * n + x]] for c in old)
        return flat
