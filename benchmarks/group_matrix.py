"""Benchmark: structured group-matrix matvec against dense matmul and the plain gather method.

For dihedral groups of order ``n`` (``dihedral(n/2)``) and a kernel ``a`` supported on the
word-metric ball of radius ``--radius`` (small support ``|S|``), the script times ``y = M_a x``
for ``x`` with ``--cols`` columns, best of ``--repeat``:

* ``dense``      ``M @ x`` with the ``n x n`` matrix built beforehand (numpy / BLAS),
* ``gather``     the straightforward method: rebuild ``M = a[I]`` from the ``(n, n)`` index
                 ``I[i, j] = g_i^-1 g_j`` by one gather, then ``M @ x`` (what a layer that
                 materialises its group matrix does every forward pass),
* ``structured`` :class:`groupmat.algebra.matrices._group_matrix_operator.GroupMatrixOperator`
                 (CSR with the ``n |S|`` non-zeros, ``O(n |S|)``),
* ``struct-gather`` the same operator's gather path ``w @ x[I_S]`` on the ``(|S|, n)`` index
                 (what the torch path does), ``O(n |S|)``.

Every row checks that all methods agree. The dense and gather columns are skipped above
``--dense-max`` (they need ``n^2`` memory). Target (issue 5): structured beats dense from
``n >= 256`` for small support.

Usage::

    python benchmarks/group_matrix.py                     # n = 64 ... 10^4 (about a minute)
    python benchmarks/group_matrix.py --quick             # tiny sizes (smoke test)
    python benchmarks/group_matrix.py --cols 16 --json out.json

BLAS threads are pinned to ``--threads`` (default 1) before numpy is imported, so the numbers
are comparable on a shared machine.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # run from a checkout without installing
    sys.path.insert(0, str(ROOT))

SIZES = [64, 256, 1024, 4096, 10000]
QUICK_SIZES = [16, 64, 256]


def parse(argv: list[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--sizes", type=int, nargs="+", help="group orders (even; dihedral groups)")
    p.add_argument("--radius", type=int, default=2, help="kernel = ball of this word radius")
    p.add_argument("--cols", type=int, default=1, help="columns of x (1 = matvec)")
    p.add_argument("--repeat", type=int, default=5, help="best of this many timings")
    p.add_argument(
        "--dense-max",
        type=int,
        default=4096,
        help="largest n for the dense and gather columns (n^2 memory)",
    )
    p.add_argument("--threads", type=int, default=1, help="BLAS threads")
    p.add_argument("--quick", action="store_true", help="tiny sizes, 2 repeats (smoke test)")
    p.add_argument("--json", type=Path, help="also write the results here")
    args = p.parse_args(argv)
    if args.quick:
        args.sizes = args.sizes or QUICK_SIZES
        args.repeat = min(args.repeat, 2)
    args.sizes = args.sizes or SIZES
    return args


def best_time(fn: Any, repeat: int, budget: float = 0.05) -> float:
    """Best per-call seconds over ``repeat`` runs of a loop sized to ~``budget`` seconds."""
    fn()
    t0 = time.perf_counter()
    fn()
    once = max(time.perf_counter() - t0, 1e-7)
    loops = max(1, min(10_000, int(budget / once)))
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        for _ in range(loops):
            fn()
        best = min(best, (time.perf_counter() - t0) / loops)
    return best


def run_one(n: int, args: argparse.Namespace) -> dict[str, Any]:
    import numpy as np

    from groupmat import GroupMatrixOperator, dihedral, group_matrix_index

    if n % 2 or n < 4:
        raise SystemExit(f"sizes must be even and >= 4 (dihedral groups), got {n}")
    G = dihedral(n // 2)
    rng = np.random.default_rng(n)
    support = G.ball(args.radius)
    a = np.zeros(n)
    a[support] = rng.normal(size=support.size)
    x = rng.normal(size=(n, args.cols)) if args.cols > 1 else rng.normal(size=n)
    row: dict[str, Any] = {"n": n, "support": int(support.size), "cols": args.cols}
    t0 = time.perf_counter()
    op = GroupMatrixOperator(G, a)
    op.to_sparse()
    row["build_structured_s"] = time.perf_counter() - t0
    y_ref = op @ x
    row["structured_s"] = best_time(lambda: op @ x, args.repeat)
    idx, w = op.index, op.weights
    if args.cols > 1:

        def sg() -> Any:
            return np.tensordot(w, x[idx], axes=1)
    else:

        def sg() -> Any:
            return w @ x[idx]

    row["struct_gather_s"] = best_time(sg, args.repeat)
    agree = bool(np.allclose(sg(), y_ref))
    if n <= args.dense_max:
        t0 = time.perf_counter()
        I = group_matrix_index(G, force=True)
        M = a[I]
        row["build_dense_s"] = time.perf_counter() - t0
        row["dense_s"] = best_time(lambda: M @ x, args.repeat)
        row["gather_s"] = best_time(lambda: a[I] @ x, args.repeat)
        agree = agree and bool(np.allclose(M @ x, y_ref))
        del M, I
    else:
        row["dense_s"] = row["gather_s"] = None
    row["agree"] = agree
    return row


def fmt_us(t: float | None) -> str:
    return "n/a" if t is None else f"{t * 1e6:.1f}"


def fmt_ratio(a: float | None, b: float) -> str:
    return "n/a" if a is None else f"{a / b:.1f}x"


def main(argv: list[str] | None = None) -> int:
    args = parse(argv)
    for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ[var] = str(args.threads)
    import numpy as np
    import scipy

    rows = [run_one(n, args) for n in args.sizes]
    head = (
        f"{'n':>6} {'|S|':>4} {'dense us':>10} {'gather us':>10} {'struct us':>10} "
        f"{'s-gather us':>11} {'dense/struct':>12} {'gather/struct':>13}  ok"
    )
    print(
        f"group matrix apply, dihedral groups, kernel = ball({args.radius}), "
        f"x with {args.cols} column(s), best of {args.repeat}, {args.threads} BLAS thread(s)"
    )
    print(head)
    print("-" * len(head))
    for r in rows:
        s = r["structured_s"]
        print(
            f"{r['n']:>6} {r['support']:>4} {fmt_us(r['dense_s']):>10} "
            f"{fmt_us(r['gather_s']):>10} {fmt_us(s):>10} {fmt_us(r['struct_gather_s']):>11} "
            f"{fmt_ratio(r['dense_s'], s):>12} {fmt_ratio(r['gather_s'], s):>13}  "
            f"{'yes' if r['agree'] else 'MISMATCH'}"
        )
    big = [r for r in rows if r["n"] >= 256 and r["dense_s"] is not None]
    if big:
        ok = all(r["structured_s"] < r["dense_s"] for r in big)
        print(
            f"target (structured faster than dense for every n >= 256 timed): "
            f"{'met' if ok else 'NOT met'}"
        )
    if args.json:
        meta = {
            "python": sys.version.split()[0],
            "numpy": np.__version__,
            "scipy": scipy.__version__,
            "platform": platform.platform(),
            "threads": args.threads,
            "radius": args.radius,
            "repeat": args.repeat,
        }
        args.json.write_text(json.dumps({"meta": meta, "results": rows}, indent=2))
    return 0 if all(r["agree"] for r in rows) else 1


if __name__ == "__main__":
    raise SystemExit(main())
