"""Benchmark: stabiliser chains (Schreier-Sims) for big permutation groups, groupmat vs sympy
(and GAP when ``gap`` is on the PATH), in the same run.

Cases (issue 14): orders of ``S_100``, ``A_1000`` (degree 1000), ``M24``, Rubik's 3x3x3 and
4x4x4 cube groups, ``PSL(3,5)`` on 31 points and a random 2-generated subgroup of ``S_200``, all
*from generators* (no contender is told the order or the name); membership of 1000 random
permutations (half of them group elements) in the Rubik 3x3x3 group, chain built beforehand;
the chain of point stabilisers ``M24 > M23 > M22 > ...`` (five points, orders included).
Small groups on many points, where the verification of a chain used to dominate: the cyclic
group ``C_10000`` (one 10000-cycle), ``C_5000 x C_2`` on 5002 points, ``C_100 x C_100``
regular on 10^4 points, the regular representation of the dihedral group of order 5000, the
dihedral group of order 20000 on 10^4 points, and ``S_2000`` / ``A_2000`` from 2 generators.

* ``groupmat``: :class:`groupmat.PermGroup` in this process, a fresh object per run, best
  wall-clock time of ``--repeat`` runs after a warm-up run;
* ``sympy``: ``PermutationGroup`` in a subprocess per case (the same generators), best of
  ``--repeat`` runs with a wall-clock cap (``--cap``) on the whole subprocess; a capped case
  shows ``>cap``;
* ``GAP``: ``Group(...)``, ``Size``, ``\\in``, ``Stabilizer`` in one ``gap -q`` process per
  case (the same generators, 1-based), timed by GAP itself with ``NanosecondsSinceEpoch()``
  around the operation only (start-up and reading the generators excluded), best of
  ``--repeat`` runs, each on a fresh ``Group``; capped like sympy; skipped when ``gap`` is not
  on the PATH.

Conjugacy classes (issue 19, ``task: classes``): ``M11``, ``M12``, ``M24``, ``PSL(3,5)`` and the
2x2x2 cube group from generators, answered as the sorted class sizes: groupmat's
:meth:`~groupmat.PermGroup.conjugacy_classes` (random elements and backtrack searches, nothing
listed), sympy's ``conjugacy_classes`` (which lists the group) and GAP's ``ConjugacyClasses``.

Targets: every case under 1 s here and at most sympy's time (goal: GAP's). The ratio columns
are groupmat / sympy and groupmat / GAP (< 1: groupmat faster; ``<x`` when the other side was
capped); ``MISMATCH`` marks different answers. Run with ``OMP_NUM_THREADS=1``.

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

if hasattr(sys, "set_int_max_str_digits"):  # S_2000 has 5700 digits
    sys.set_int_max_str_digits(0)


# ---------------------------------------------------------------------- cases
def _symmetric(n: int) -> np.ndarray:
    return np.array([[*range(1, n), 0], [1, 0, *range(2, n)]])


def _alternating(n: int) -> np.ndarray:
    long = [*range(1, n), 0] if n % 2 else [0, *range(2, n), 1]
    return np.array([long, [1, 2, 0, *range(3, n)]])


def _random_pair(n: int) -> np.ndarray:
    rng = np.random.default_rng(200)
    return np.stack([rng.permutation(n), rng.permutation(n)])


def _cycle(n: int) -> np.ndarray:
    return np.roll(np.arange(n), -1)


def _cyclic_by_two(n: int) -> np.ndarray:
    """C_n x C_2 on n + 2 points: an n-cycle and a transposition of the two extra points."""
    a = np.arange(n + 2)
    a[:n] = _cycle(n)
    b = np.arange(n + 2)
    b[[n, n + 1]] = [n + 1, n]
    return np.stack([a, b])


def _dihedral(n: int) -> np.ndarray:
    return np.stack([_cycle(n), (-np.arange(n)) % n])


def _abelian_regular(a: int, b: int) -> np.ndarray:
    """C_a x C_b acting regularly on a*b points (x = b i + j)."""
    i, j = np.divmod(np.arange(a * b), b)
    return np.stack([((i + 1) % a) * b + j, i * b + (j + 1) % b])


def _regular_dihedral(m: int) -> np.ndarray:
    """Right regular representation of the dihedral group of order 2m (r^k s^e -> 2k + e)."""
    k, e = np.divmod(np.arange(2 * m), 2)
    return np.stack([2 * ((k + np.where(e == 0, 1, -1)) % m) + e, 2 * k + (1 - e)])


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
            "M11 classes": {"gens": PermGroup.mathieu(11).generators, "task": "classes"},
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
        # small groups on many points (order certificates / Schreier-generator verification)
        "M24 classes": {"gens": PermGroup.mathieu(24).generators, "task": "classes"},
        "PSL(3,5) classes": {"gens": PermGroup.psl(3, 5).generators, "task": "classes"},
        "M12 classes": {"gens": PermGroup.mathieu(12).generators, "task": "classes"},
        "rubik2 classes": {"gens": PermGroup.rubik(2).generators, "task": "classes"},
        "C10000": {"gens": _cycle(10000)[None, :], "task": "order"},
        "C5000xC2": {"gens": _cyclic_by_two(5000), "task": "order"},
        "C100xC100 regular": {"gens": _abelian_regular(100, 100), "task": "order"},
        "regular D2500": {"gens": _regular_dihedral(2500), "task": "order"},
        "D10000": {"gens": _dihedral(10000), "task": "order"},
        "S2000": {"gens": _symmetric(2000), "task": "order"},
        "A2000": {"gens": _alternating(2000), "task": "order"},
    }


# ---------------------------------------------------------------------- contenders
def run_groupmat(case: dict[str, Any]) -> tuple[Any, float]:
    gens = np.asarray(case["gens"])
    task = case["task"]
    if task == "order":
        t0 = time.perf_counter()
        result = PermGroup(gens).order
        return str(result), time.perf_counter() - t0
    if task == "classes":  # sorted class sizes, from generators (the chain included)
        t0 = time.perf_counter()
        sizes = sorted(c.size for c in PermGroup(gens).conjugacy_classes())
        return " ".join(map(str, sizes)), time.perf_counter() - t0
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
sys.set_int_max_str_digits(0)
from sympy.combinatorics import Permutation, PermutationGroup
spec = json.loads(sys.stdin.read())
gens = [Permutation(g) for g in spec["gens"]]
best, result = float("inf"), None
for _ in range(spec["repeat"]):
    if spec["task"] == "order":
        t0 = time.perf_counter()
        result = str(PermutationGroup(gens).order())
    elif spec["task"] == "classes":
        t0 = time.perf_counter()
        sizes = sorted(len(c) for c in PermutationGroup(gens).conjugacy_classes())
        result = " ".join(map(str, sizes))
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


def run_gap(case: dict[str, Any], repeat: int, cap: float) -> tuple[Any, float | None]:
    """One ``gap -q`` process per case, started once (start-up and parsing the generators are
    not timed); GAP times each run itself with ``NanosecondsSinceEpoch()`` and the best of
    ``repeat`` runs is kept (a fresh ``Group`` each run, so no stabiliser chain is reused,
    except for membership, where the chain is built beforehand as for the others)."""
    gap = shutil.which("gap")
    if gap is None:
        return None, None
    gens = "[" + ",".join(_gap_perm(g) for g in np.asarray(case["gens"]).tolist()) + "]"
    task = case["task"]
    if task == "order":
        run = "r := Size(Group(gens));"
        setup = ""
    elif task == "classes":
        run = (
            "r := JoinStringsWithSeparator(List(SortedList(List(ConjugacyClasses(Group(gens)), "
            'Size)), String), " ");'
        )
        setup = ""
    elif task == "membership":
        batch = _membership_batch(np.asarray(case["gens"]), case["count"]).tolist()
        perms = "[" + ",".join(_gap_perm(p) for p in batch) + "]"
        setup = f"G := Group(gens);; Size(G);; L := {perms};;"
        run = "r := Number(L, p -> p in G);"
    else:
        setup = ""
        run = (
            "G := Group(gens); r := [Size(G)]; H := G; "
            f"for i in [1..{case['points']}] do H := Stabilizer(H, i); Add(r, Size(H)); od; "
            'r := JoinStringsWithSeparator(List(r, String), " ");'
        )
    script = (
        f"SizeScreen([4096, 24]);; gens := {gens};; {setup} best := infinity;; "
        f"for rep in [1..{repeat}] do t := NanosecondsSinceEpoch(); {run} "
        "t := NanosecondsSinceEpoch() - t; if t < best then best := t; fi; od;; "
        'Print("TIME ", best, "\\nRESULT ", r, "\\nEND\\n");; QUIT;\n'
    )
    with tempfile.NamedTemporaryFile("w", suffix=".g", delete=False) as fh:
        fh.write(script)
        path = fh.name
    try:
        proc = subprocess.run(
            [gap, "-q", "-o", "8g", path], capture_output=True, text=True, timeout=cap
        )
    except subprocess.TimeoutExpired:
        return None, None
    finally:
        os.unlink(path)
    out = proc.stdout
    if "TIME " not in out or "RESULT " not in out or "\nEND" not in out:
        return None, None
    seconds = int(out.split("TIME ")[1].split()[0]) / 1e9
    body = out.split("RESULT ", 1)[1].split("\nEND", 1)[0]
    body = body.replace("\\\n", "").replace("\n", "")  # GAP wraps long integers
    return body.strip(), seconds


# ---------------------------------------------------------------------- driver
def _short(text: str, width: int = 40) -> str:
    """Long results (S_2000 has 5700 digits) as head...tail and their length."""
    if len(text) <= width:
        return text
    return f"{text[:12]}...{text[-8:]} ({len(text)} chars)"


def _gap_version() -> str | None:
    try:
        proc = subprocess.run(
            [shutil.which("gap") or "gap", "-q"],
            input='Print(GAPInfo.Version, "\\n");; QUIT;\n',
            capture_output=True,
            text=True,
            timeout=60,
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    return proc.stdout.strip() or None


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--quick", action="store_true", help="small cases (smoke test)")
    ap.add_argument("--cases", nargs="*", help="run only these cases (names as printed)")
    ap.add_argument("--repeat", type=int, default=3, help="runs per contender (best is kept)")
    ap.add_argument("--cap", type=float, default=60.0, help="wall-clock cap per sympy/GAP case")
    ap.add_argument("--json", type=Path, help="write the results to this JSON file")
    raw = list(sys.argv[1:] if argv is None else argv)
    args = ap.parse_args(raw)
    table = cases(args.quick)
    if args.cases:
        unknown = [c for c in args.cases if c not in table]
        if unknown:
            ap.error(f"unknown cases {unknown}; choose from {list(table)}")
        table = {k: table[k] for k in args.cases}
    have_gap = shutil.which("gap") is not None
    print(
        f"stabiliser chains: groupmat vs sympy{' vs GAP' if have_gap else ''} "
        f"(best of {args.repeat}, sympy/GAP capped at {args.cap:.0f} s per case)"
    )
    if not have_gap:
        print("GAP column skipped: `gap` is not on the PATH")
    header = f"{'case':20s} {'groupmat s':>11s} {'sympy s':>9s} {'gm/sympy':>9s}"
    header += f" {'GAP s':>9s} {'gm/GAP':>8s}" if have_gap else ""
    print(header + "  result")
    rows = []

    def fmt(t: float | None, width: int) -> str:
        return f"{t:{width}.4f}" if t is not None else f"{'>' + str(int(args.cap)):>{width}s}"

    def fmt_ratio(t: float | None, best: float, width: int) -> str:
        if t is None:  # capped: groupmat is at least cap / best times faster
            return f"{'<' + f'{best / args.cap:.2g}':>{width}s}"
        return f"{best / t:{width}.3g}"

    for name, case in table.items():
        run_groupmat(case)  # warm-up
        best, result = float("inf"), None
        for _ in range(args.repeat):
            result, t = run_groupmat(case)
            best = min(best, t)
        s_result, s_time = run_sympy(case, args.repeat, args.cap)
        g_result, g_time = run_gap(case, args.repeat, args.cap) if have_gap else (None, None)
        mismatch = (s_result is not None and str(s_result) != str(result)) or (
            g_result is not None and str(g_result) != str(result)
        )
        line = f"{name:20s} {best:11.4f} {fmt(s_time, 9)} {fmt_ratio(s_time, best, 9)}"
        if have_gap:
            line += f" {fmt(g_time, 9)} {fmt_ratio(g_time, best, 8)}"
        shown = _short(str(result))
        print(line + "  " + shown + ("  MISMATCH" if mismatch else ""), flush=True)
        rows.append(
            {
                "case": name,
                "task": case["task"],
                "groupmat_s": best,
                "sympy_s": s_time,
                "sympy_capped": s_time is None,
                "gap_s": g_time,
                "gap_capped": have_gap and g_time is None,
                "ratio_groupmat_over_sympy": best / s_time if s_time else None,
                "ratio_groupmat_over_gap": best / g_time if g_time else None,
                "result": _short(str(result), 80),
                "mismatch": bool(mismatch),
            }
        )
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(
            json.dumps(
                {
                    "benchmark": "stabiliser_chains",
                    "command": " ".join(["python benchmarks/stabiliser_chains.py", *raw]),
                    "cap_s": args.cap,
                    "repeat": args.repeat,
                    "omp_num_threads": os.environ.get("OMP_NUM_THREADS"),
                    "gap": _gap_version() if have_gap else None,
                    "results": rows,
                },
                indent=1,
            )
        )
    return 1 if any(r["mismatch"] for r in rows) else 0


if __name__ == "__main__":
    raise SystemExit(main())
