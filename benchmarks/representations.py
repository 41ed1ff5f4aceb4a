"""Benchmark: character tables, irreducible representations and the group Fourier transform
against the group order.

For each group the script times, on a freshly built group object (so nothing is cached):

* ``classes``  ``G.conjugacy_classes()`` (structure.py; the character table needs them),
* ``table``    ``character_table(G)`` after the classes (Burnside/Dixon, exact snapping),
* ``irreps``   ``irreducible_representations(G)`` after the table,
* ``fourier``  ``fourier(G, a)`` of one random signal after the irreps (this includes building
  ``rho(g)`` for all ``g``, ``O(n sum d^3)``; abelian groups use the FFT path),

best of ``--repeat``. Every row is checked: the squared degrees sum to ``|G|``, known degree lists
match (M11, PSL(2,13), ...), and ``inverse_fourier(fourier(a)) == a``. Target (issue 5): the
character tables of M11 (7920) and PSL(2,13) (1092) in <= 5 s each.

Usage::

    python benchmarks/representations.py --threads 1          # full run (about a minute)
    python benchmarks/representations.py --quick              # small groups (smoke test)
    python benchmarks/representations.py --json out.json --groups M11 "PSL(2,13)"

On a shared machine use ``--threads 1``: LAPACK's worker threads contend with other processes
and a 2500 x 2500 ``eigh`` can take 10x longer.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # run from a checkout without installing
    sys.path.insert(0, str(ROOT))

KNOWN_DEGREES = {
    "M11": [1, 10, 10, 10, 11, 16, 16, 44, 45, 55],
    "PSL(2,13)": [1, 7, 7, 12, 12, 12, 13, 14, 14],
    "PSL(2,7)": [1, 3, 3, 6, 7, 8],
    "S5": [1, 1, 4, 4, 5, 5, 6],
    "A8": [1, 7, 14, 20, 21, 21, 21, 28, 35, 45, 45, 56, 64, 70],
}


def groups() -> dict[str, Callable[[], Any]]:
    import groupmat as fam

    return {
        "S5": lambda: fam.symmetric(5),
        "PSL(2,7)": lambda: fam.psl(2, 7),
        "D100": lambda: fam.dihedral(50),
        "C100": lambda: fam.cyclic(100),
        "S6": lambda: fam.symmetric(6),
        "PSL(2,13)": lambda: fam.psl(2, 13),
        "GL(2,7)": lambda: fam.gl(2, 7),
        "D2000": lambda: fam.dihedral(1000),
        "SL(2,13)": lambda: fam.sl(2, 13),
        "S7": lambda: fam.symmetric(7),
        "PSL(2,23)": lambda: fam.psl(2, 23),
        "M11": lambda: fam.mathieu(11),
        "C10000": lambda: fam.cyclic(10000),
        "C10 x C10 x C100": lambda: fam.abelian([10, 10, 100]),
        "D10000": lambda: fam.dihedral(5000),
        "PSL(2,29)": lambda: fam.psl(2, 29),
        "A8": lambda: fam.alternating(8),
    }


QUICK = ["S5", "PSL(2,7)", "D100", "C100", "PSL(2,13)"]


def _best(
    build: Callable[[], Any], step: Callable[[Any], Any], prepare: Callable[[Any], Any], repeat: int
) -> tuple[float, Any, Any]:
    best, out, G = float("inf"), None, None
    for _ in range(repeat):
        G = build()
        prepare(G)
        t = time.perf_counter()
        out = step(G)
        best = min(best, time.perf_counter() - t)
    return best, out, G


def run_group(
    name: str, build: Callable[[], Any], repeat: int, fourier_limit: int
) -> dict[str, Any]:
    import numpy as np

    from groupmat.algebra.representations import (
        character_table,
        fourier,
        inverse_fourier,
        irreducible_representations,
    )

    row: dict[str, Any] = {"group": name}
    t_cls, _, G = _best(build, lambda G: G.conjugacy_classes(), lambda G: None, repeat)
    t_tab, T, G = _best(build, character_table, lambda G: G.conjugacy_classes(), repeat)
    degrees = sorted(int(d) for d in T.degrees)
    row.update(
        order=G.order, classes=len(T), max_degree=max(degrees), t_classes=t_cls, t_table=t_tab
    )
    checks = [sum(d * d for d in degrees) == G.order]
    if name in KNOWN_DEGREES:
        checks.append(degrees == KNOWN_DEGREES[name])
    if G.order <= fourier_limit:
        t_irr, irr, G = _best(build, irreducible_representations, character_table, repeat)
        a = np.random.default_rng(0).standard_normal(G.order)
        t_f, coeffs, _ = _best(lambda: G, lambda G: fourier(G, a), lambda G: None, 1)
        checks.append(bool(np.allclose(inverse_fourier(G, coeffs).real, a, atol=1e-8)))
        checks.append(len(irr) == len(T))
        row.update(t_irreps=t_irr, t_fourier=t_f)
    row["ok"] = all(checks)
    return row


def _fmt(t: float | None) -> str:
    if t is None:
        return "-"
    return f"{t * 1e3:.1f} ms" if t < 1 else f"{t:.2f} s"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--quick", action="store_true", help="small groups only (smoke test)")
    ap.add_argument("--json", type=Path, help="write the results to this JSON file")
    ap.add_argument("--repeat", type=int, default=None, help="best of (default 3, quick 1)")
    ap.add_argument("--groups", nargs="*", help="subset of group names")
    ap.add_argument(
        "--threads",
        type=int,
        default=None,
        help="BLAS/OpenMP threads (set before numpy is imported)",
    )
    ap.add_argument(
        "--fourier-limit",
        type=int,
        default=10_000,
        help="time irreps and Fourier only up to this order (default 10000)",
    )
    args = ap.parse_args(argv)
    if args.threads:
        for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
            os.environ[var] = str(args.threads)
    import numpy as np

    table = groups()
    names = args.groups or (QUICK if args.quick else list(table))
    unknown = [g for g in names if g not in table]
    if unknown:
        ap.error(f"unknown groups {unknown}; choose from {list(table)}")
    repeat = args.repeat or (1 if args.quick else 3)
    run_group("warm-up", table["PSL(2,7)"], 1, 1000)  # imports (scipy, sympy) and caches
    header = (
        f"{'group':<18} {'order':>6} {'classes':>7} {'max d':>5} {'classes':>10} "
        f"{'table':>10} {'irreps':>10} {'fourier':>10}  ok"
    )
    print(header)
    print("-" * len(header))
    rows = []
    for name in names:
        row = run_group(name, table[name], repeat, args.fourier_limit)
        rows.append(row)
        print(
            f"{name:<18} {row['order']:>6} {row['classes']:>7} {row['max_degree']:>5} "
            f"{_fmt(row['t_classes']):>10} {_fmt(row['t_table']):>10} "
            f"{_fmt(row.get('t_irreps')):>10} {_fmt(row.get('t_fourier')):>10}  "
            f"{'yes' if row['ok'] else 'NO'}",
            flush=True,
        )
    print(
        "\ntable: character_table(G) after the classes; irreps and fourier after the table "
        f"(best of {repeat}). Target: M11 and PSL(2,13) tables <= 5 s."
    )
    if args.json:
        meta = {
            "python": sys.version.split()[0],
            "numpy": np.__version__,
            "machine": platform.machine(),
            "threads": args.threads,
            "repeat": repeat,
        }
        args.json.write_text(json.dumps({"meta": meta, "rows": rows}, indent=2))
    return 0 if all(r["ok"] for r in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
