"""Benchmark: stabiliser chains (Schreier-Sims) for big permutation groups, groupmat vs sympy
(and GAP when ``gap`` is on the PATH), in the same run.

Cases (issue 14): orders of ``S_100``, ``A_1000`` (degree 1000), ``M24``, Rubik's 3x3x3 and
4x4x4 cube groups, ``PSL(3,5)`` on 31 points and a random 2-generated subgroup of ``S_200``, all
*from generators* (no contender is told the order or the name); membership of 1000 random
permutations (half of them group elements) in the Rubik 3x3x3 group, chain built beforehand;
the chain of point stabilisers ``M24 > M23 > M22 > ...`` (five points, orders included).

* ``groupmat``: :class:`groupmat.PermGroup` in this process, a fresh object per run, best
  wall-clock time of ``--repeat`` runs after a warm-up run;
* ``sympy``: ``PermutationGroup`` in a subprocess per case (the same generators), best of
  ``--repeat`` runs with a wall-clock cap (``--cap``) on the whole subprocess; a capped case
  shows ``>cap``;
* ``GAP``: ``Group(...)``, ``Size``, ``\\in``, ``Stabilizer`` timed with ``Runtime()`` in one
  ``gap -q`` process per case; skipped when ``gap`` is not on the PATH.

Targets: every case under 1 s here and at most sympy's time. The ``ratio`` column is
sympy / groupmat (> 1: groupmat faster); ``MISMATCH`` marks different answers.

Usage::

    python benchmarks/stabiliser_chains.py                 # all cases (sympy capped at 60 s)
    python benchmarks/stabiliser_chains.py --quick         # small cases (smoke test)
    python benchmarks/stabiliser_chains.py --cases M24 rubik3 --json out.json
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # run from a checkout without installing
    sys.path.insert(0, str(ROOT))

from groupmat import PermGroup  # noqa: E402


# ---------------------------------------------------------------------- cases
def _symmetric(n: int) -> np.ndarray:
    return np.array([[*range(1, n), 0], [1, 0, *range(2, n)]])


def _alternating(n: int) -> np.ndarray:
    long = [*range(1, n), 0] if n % 2 else [0, *range(2, n), 1]
    return np.array([long, [1, 2, 0, *range(3, n)]])


def _random_pair(n: int) -> np.ndarray:
    rng = np.random.default_rng(200)
    return np.stack([rng.permutation(n), rng.permutation(n)])


def _membership_batch(gens: np.ndarray, count: int) -> np.ndarray:
    """``count`` permutations, the first half group elements (random words), the rest
    uniformly random permutations of the points."""
    rng = np.random.default_rng(7)
    d = gens.shape[1]
    half = count // 2
    members = []
    for _ in range(half):
        g = np.arange(d)
        for s in rng.integers(0, gens.shape[0], size=60):
            g = gens[s][g]
        members.append(g)
    others = [rng.permutation(d) for _ in range(count - half)]
    return np.stack(members + others)


def cases(quick: bool) -> dict[str, dict[str, Any]]:
    """name -> {gens, task, extra}: task is "order", "membership" or "stabilisers"."""
    if quick:
        return {
            "S20": {"gens": _symmetric(20), "task": "order"},
            "A50": {"gens": _alternating(50), "task": "order"},
            "M11": {"gens": PermGroup.mathieu(11).generators, "task": "order"},
            "rubik2": {"gens": PermGroup.rubik(2).generators, "task": "order"},
            "PSL(2,7)": {"gens": PermGroup.psl(2, 7).generators, "task": "order"},
            "random S30": {"gens": _random_pair(30), "task": "order"},
            "membership M11": {
                "gens": PermGroup.mathieu(11).generators,
                "task": "membership",
                "count": 100,
            },
            "stabilisers M12": {
                "gens": PermGroup.mathieu(12).generators,
                "task": "stabilisers",
                "points": 3,
            },
        }
    return {
        "S100": {"gens": _symmetric(100), "task": "order"},
        "A1000": {"gens": _alternating(1000), "task": "order"},
        "M24": {"gens": PermGroup.mathieu(24).generators, "task": "order"},
        "rubik3": {"gens": PermGroup.rubik(3).generators, "task": "order"},
        "rubik4": {"gens": PermGroup.rubik(4).generators, "task": "order"},
        "PSL(3,5)": {"gens": PermGroup.psl(3, 5).generators, "task": "order"},
        "random S200": {"gens": _random_pair(200), "task": "order"},
        "membership rubik3": {
            "gens": PermGroup.rubik(3).generators,
            "task": "membership",
            "count": 1000,
        },
        "stabilisers M24": {
            "gens": PermGroup.mathieu(24).generators,
            "task": "stabilisers",
            "points": 5,
        },
    }


# ---------------------------------------------------------------------- contenders
def run_groupmat(case: dict[str, Any]) -> tuple[Any, float]:
    gens = np.asarray(case["gens"])
    task = case["task"]
    if task == "order":
        t0 = time.perf_counter()
        result = PermGroup(gens).order
        return str(result), time.perf_counter() - t0
    if task == "membership":
        batch = _membership_batch(gens, case["count"])
        P = PermGroup(gens)
        _ = P.order  # chain built beforehand, as for sympy
        t0 = time.perf_counter()
        result = int(P.contains(batch).sum())
        return result, time.perf_counter() - t0
    t0 = time.perf_counter()
    P = PermGroup(gens)
    orders = [str(P.order)]
    orders += [str(P.pointwise_stabilizer(range(i)).order) for i in range(1, case["points"] + 1)]
    return " ".join(orders), time.perf_counter() - t0


SYMPY_WORKER = r"""
import json, sys, time
import numpy as np
from sympy.combinatorics import Permutation, PermutationGroup
spec = json.loads(sys.stdin.read())
gens = [Permutation(g) for g in spec["gens"]]
best, result = float("inf"), None
for _ in range(spec["repeat"]):
    if spec["task"] == "order":
        t0 = time.perf_counter()
        result = str(PermutationGroup(gens).order())
    elif spec["task"] == "membership":
        G = PermutationGroup(gens)
        G.schreier_sims()
        batch = [Permutation(p) for p in spec["batch"]]
        t0 = time.perf_counter()
        result = sum(bool(G.contains(p)) for p in batch)
    else:
        t0 = time.perf_counter()
        G = PermutationGroup(gens)
        orders = [str(G.order())]
        H = G
        for i in range(spec["points"]):
            H = H.stabilizer(i)
            orders.append(str(H.order()))
        result = " ".join(orders)
    best = min(best, time.perf_counter() - t0)
    print(json.dumps({"result": result, "time": best}), flush=True)
"""


def run_sympy(case: dict[str, Any], repeat: int, cap: float) -> tuple[Any, float | None]:
    spec = {
        "gens": np.asarray(case["gens"]).tolist(),
        "task": case["task"],
        "repeat": repeat,
        "points": case.get("points", 0),
    }
    if case["task"] == "membership":
        spec["batch"] = _membership_batch(np.asarray(case["gens"]), case["count"]).tolist()
    try:
        proc = subprocess.run(
            [sys.executable, "-c", SYMPY_WORKER],
            input=json.dumps(spec),
            capture_output=True,
            text=True,
            timeout=cap,
        )
        lines = proc.stdout.strip().splitlines()
    except subprocess.TimeoutExpired as exc:  # keep the runs finished before the cap
        out = exc.stdout.decode() if isinstance(exc.stdout, bytes) else (exc.stdout or "")
        lines = out.strip().splitlines()
    if not lines:
        return None, None
    last = json.loads(lines[-1])
    return last["result"], last["time"]


def _gap_perm(g: list[int]) -> str:
    return "PermList([" + ",".join(str(x + 1) for x in g) + "])"


def run_gap(case: dict[str, Any], cap: float) -> tuple[Any, float | None]:
    """One ``gap -q`` process; the operation is timed with ``Runtime()`` (ms). Untested here:
    GAP is not installed on the machine this benchmark was written on."""
    gap = shutil.which("gap")
    if gap is None:
        return None, None
    gens = "[" + ",".join(_gap_perm(g) for g in np.asarray(case["gens"]).tolist()) + "]"
    task = case["task"]
    if task == "order":
        body = f"gens := {gens};; t := Runtime();; r := Size(Group(gens));; t := Runtime() - t;;"
    elif task == "membership":
        batch = _membership_batch(np.asarray(case["gens"]), case["count"]).tolist()
        perms = "[" + ",".join(_gap_perm(p) for p in batch) + "]"
        body = (
            f"G := Group({gens});; Size(G);; L := {perms};; t := Runtime();; "
            "r := Number(L, p -> p in G);; t := Runtime() - t;;"
        )
    else:
        body = (
            f"gens := {gens};; t := Runtime();; G := Group(gens);; r := [Size(G)];; "
            f"H := G;; for i in [1..{case['points']}] do H := Stabilizer(H, i); "
            'Add(r, Size(H)); od;; r := JoinStringsWithSeparator(List(r, String), " ");; '
            "t := Runtime() - t;;"
        )
    script = body + ' Print("RESULT ", r, " ", t, "\\n");; QUIT;\n'
    with tempfile.NamedTemporaryFile("w", suffix=".g", delete=False) as fh:
        fh.write(script)
        path = fh.name
    try:
        proc = subprocess.run([gap, "-q", path], capture_output=True, text=True, timeout=cap)
    except subprocess.TimeoutExpired:
        return None, None
    finally:
        os.unlink(path)
    for line in proc.stdout.splitlines():
        if line.startswith("RESULT "):
            parts = line.split()
            return " ".join(parts[1:-1]), int(parts[-1]) / 1000.0
    return None, None


# ---------------------------------------------------------------------- driver
def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--quick", action="store_true", help="small cases (smoke test)")
    ap.add_argument("--cases", nargs="*", help="run only these cases (names as printed)")
    ap.add_argument("--repeat", type=int, default=3, help="runs per contender (best is kept)")
    ap.add_argument("--cap", type=float, default=60.0, help="wall-clock cap per sympy/GAP case")
    ap.add_argument("--json", type=Path, help="write the results to this JSON file")
    args = ap.parse_args(argv)
    table = cases(args.quick)
    if args.cases:
        unknown = [c for c in args.cases if c not in table]
        if unknown:
            ap.error(f"unknown cases {unknown}; choose from {list(table)}")
        table = {k: table[k] for k in args.cases}
    have_gap = shutil.which("gap") is not None
    print(
        f"stabiliser chains: groupmat vs sympy{' vs GAP' if have_gap else ''} "
        f"(best of {args.repeat}, sympy capped at {args.cap:.0f} s)"
    )
    if not have_gap:
        print("GAP column skipped: `gap` is not on the PATH")
    header = f"{'case':20s} {'groupmat s':>11s} {'sympy s':>10s} {'ratio':>8s}"
    header += f" {'GAP s':>8s}" if have_gap else ""
    print(header + "  result")
    rows = []
    for name, case in table.items():
        run_groupmat(case)  # warm-up
        best, result = float("inf"), None
        for _ in range(args.repeat):
            result, t = run_groupmat(case)
            best = min(best, t)
        s_result, s_time = run_sympy(case, args.repeat, args.cap)
        g_result, g_time = run_gap(case, args.cap) if have_gap else (None, None)
        mismatch = (s_result is not None and str(s_result) != str(result)) or (
            g_result is not None and str(g_result) != str(result)
        )
        ratio = s_time / best if s_time is not None else None
        s_txt = f"{s_time:10.4f}" if s_time is not None else f"{'>' + str(int(args.cap)):>10s}"
        r_txt = f"{ratio:8.1f}" if ratio is not None else f"{'>' + f'{args.cap / best:.0f}':>8s}"
        line = f"{name:20s} {best:11.4f} {s_txt} {r_txt}"
        if have_gap:
            line += f" {g_time:8.4f}" if g_time is not None else f" {'-':>8s}"
        shown = str(result) if len(str(result)) <= 40 else str(result)[:37] + "..."
        print(line + "  " + shown + ("  MISMATCH" if mismatch else ""), flush=True)
        rows.append(
            {
                "case": name,
                "task": case["task"],
                "groupmat_s": best,
                "sympy_s": s_time,
                "sympy_capped": s_time is None,
                "gap_s": g_time,
                "ratio_sympy_over_groupmat": ratio,
                "result": str(result),
                "mismatch": bool(mismatch),
            }
        )
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(
            json.dumps(
                {
                    "benchmark": "stabiliser_chains",
                    "cap_s": args.cap,
                    "repeat": args.repeat,
                    "results": rows,
                },
                indent=1,
            )
        )
    return 1 if any(r["mismatch"] for r in rows) else 0


if __name__ == "__main__":
    raise SystemExit(main())
