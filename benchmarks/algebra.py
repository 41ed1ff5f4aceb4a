"""Benchmark: groupmat vs sympy on building and tabulating permutation groups.

For each group (given by permutation generators) and each task, both libraries start from the
same generators:

* ``order``    groupmat: closure (all elements + generators' right action);
               sympy: ``PermutationGroup(gens).order()`` (Schreier-Sims, no enumeration).
* ``elements`` groupmat: the same closure; sympy: ``list(PermutationGroup(gens).generate())``.
* ``table``    generators -> full Cayley table. groupmat: closure + ``G.table``; sympy: the
               elements, an index of their array forms and one row of ``Permutation`` products
               per element (stopped at the time cap; the full time is then extrapolated from the
               rows done and marked ``~``).
* ``classes``  generators -> conjugacy classes. groupmat: closure + ``G.conjugacy_classes()``;
               sympy: ``PermutationGroup(gens).conjugacy_classes()``.

groupmat runs in this process (after a warm-up, best of ``--repeat``); every sympy task runs in
its own subprocess with a wall-clock cap (``--cap``), import time excluded. Results are checked
against each other (orders and class counts) where sympy finished.

A second table (``--section fp``, see ``benchmarks/_algebra_fp.py``) covers issue 19: element
orders and ``is_simple`` of groups from presentations, conjugacy classes of J1 and M12, and the
time and peak memory of coset enumeration and of inverses, each case in a fresh process, with
sympy in the same run where it has the operation and the issue's GAP/ACE figures quoted.

Usage::

    python benchmarks/algebra.py                 # full run (several minutes, ~2 GB for A8)
    python benchmarks/algebra.py --quick         # small groups, short caps (smoke test)
    python benchmarks/algebra.py --section fp    # only the issue-19 table (--large adds B8)
    python benchmarks/algebra.py --json out.json
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # run from a checkout without installing
    sys.path.insert(0, str(ROOT))
if str(ROOT / "benchmarks") not in sys.path:
    sys.path.insert(0, str(ROOT / "benchmarks"))

TASKS = ("order", "elements", "table", "classes")


# ---------------------------------------------------------------------- groups
def symmetric_gens(n: int) -> list[list[int]]:
    return [[*range(1, n), 0], [1, 0, *range(2, n)]]


def alternating_gens(n: int) -> list[list[int]]:
    three = [1, 2, 0, *range(3, n)]
    long = [*range(1, n), 0] if n % 2 else [0, *range(2, n), 1]
    return [long, three]


def psl2_gens(p: int) -> list[list[int]]:
    """``x -> x + 1`` and ``x -> -1/x`` on the projective line ``GF(p) + {inf}`` (inf = p)."""
    translate = [*range(1, p), 0, p]
    invert = [p] + [(-pow(v, -1, p)) % p for v in range(1, p)] + [0]
    return [translate, invert]


def m11_gens() -> list[list[int]]:
    from groupmat import from_cycles

    return [[*range(1, 11), 0], from_cycles("(2 6 10 7)(3 9 4 5)", 11)]


FULL_GROUPS: dict[str, Callable[[], list[list[int]]]] = {
    "S6": lambda: symmetric_gens(6),
    "PSL(2,13)": lambda: psl2_gens(13),
    "M11": m11_gens,
    "A8": lambda: alternating_gens(8),
    "PSL(2,59)": lambda: psl2_gens(59),
}
QUICK_GROUPS: dict[str, Callable[[], list[list[int]]]] = {
    "S4": lambda: symmetric_gens(4),
    "PSL(2,5)": lambda: psl2_gens(5),
    "A6": lambda: alternating_gens(6),
}


# ---------------------------------------------------------------------- sympy (child process)
def _sympy_child(task: str, gens: list[list[int]], cap: float) -> dict[str, Any]:
    from sympy.combinatorics import Permutation, PermutationGroup

    t0 = time.perf_counter()
    G = PermutationGroup([Permutation(g) for g in gens])
    if task == "order":
        value = int(G.order())
        return {"status": "ok", "time": time.perf_counter() - t0, "value": value}
    if task == "elements":
        value = len(list(G.generate()))
        return {"status": "ok", "time": time.perf_counter() - t0, "value": value}
    if task == "classes":
        value = len(G.conjugacy_classes())
        return {"status": "ok", "time": time.perf_counter() - t0, "value": value}
    if task == "table":
        elems = list(G.generate())
        index = {tuple(p.array_form): i for i, p in enumerate(elems)}
        t_elems = time.perf_counter() - t0
        n = len(elems)
        rows = 0
        deadline = t0 + cap
        table = []
        for a in elems:
            table.append([index[tuple((a * b).array_form)] for b in elems])
            rows += 1
            if time.perf_counter() > deadline:
                break
        elapsed = time.perf_counter() - t0
        if rows == n:
            return {"status": "ok", "time": elapsed, "value": n}
        estimate = t_elems + (elapsed - t_elems) * n / rows
        return {"status": "partial", "time": elapsed, "estimate": estimate, "rows": rows, "n": n}
    raise ValueError(task)


def run_sympy(tasks: list[str], gens: list[list[int]], cap: float) -> dict[str, dict[str, Any]]:
    """sympy tasks in a fresh interpreter (one per group, restarted after a task hits its cap).

    Each task must report within ``cap`` seconds (plus slack for importing sympy) or the child
    is killed and the task recorded as ``timeout``.
    """
    import queue
    import threading

    results: dict[str, dict[str, Any]] = {}
    remaining = list(tasks)
    while remaining:
        cmd = [
            sys.executable,
            str(Path(__file__).resolve()),
            "--sympy-child",
            ",".join(remaining),
            json.dumps(gens),
            str(cap),
        ]
        proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        lines: queue.Queue[str | None] = queue.Queue()

        def pump(stream: Any = proc.stdout, out: queue.Queue = lines) -> None:
            for line in stream:
                out.put(line)
            out.put(None)

        threading.Thread(target=pump, daemon=True).start()
        slack = 30.0
        for task in list(remaining):
            try:
                line = lines.get(timeout=cap + slack)
            except queue.Empty:
                proc.kill()
                results[task] = {"status": "timeout", "time": cap}
                remaining.remove(task)
                break
            slack = 5.0
            if line is None:  # the child died
                err = proc.stderr.read().strip().splitlines()[-1:] if proc.stderr else []
                for t in remaining:
                    results[t] = {"status": "error", "error": err}
                remaining = []
                break
            result = json.loads(line)
            if result["status"] == "ok" and result["time"] > cap:
                result["status"] = "over-cap"
            results[task] = result
            remaining.remove(task)
        proc.wait()
    return results


# ---------------------------------------------------------------------- groupmat (this process)
def _best(fn: Callable[[], Any], repeat: int) -> tuple[float, Any]:
    best, value = float("inf"), None
    for _ in range(repeat):
        t0 = time.perf_counter()
        value = fn()
        best = min(best, time.perf_counter() - t0)
    return best, value


def run_groupmat(
    task: str, gens: list[list[int]], repeat: int, max_table_bytes: int
) -> dict[str, Any]:
    from groupmat import Group

    if task in ("order", "elements"):
        t, G = _best(lambda: Group.from_permutations(gens), repeat)
        return {"status": "ok", "time": t, "value": G.order}
    if task == "table":
        n = Group.from_permutations(gens).order
        if 4 * n * n > max_table_bytes:
            return {
                "status": "skipped",
                "why": f"table is {4 * n * n / 2**30:.0f} GiB > --max-table-gib",
            }

        def table() -> int:
            G = Group.from_permutations(gens)
            return int(G.cayley_table(force=True).shape[0])

        t, value = _best(table, repeat)
        return {"status": "ok", "time": t, "value": value}
    if task == "classes":

        def classes() -> int:
            G = Group.from_permutations(gens)
            return len(G.conjugacy_classes())

        t, value = _best(classes, repeat)
        return {"status": "ok", "time": t, "value": value}
    raise ValueError(task)


def warm_up() -> None:
    """Import everything and run each code path once on a tiny group."""
    from groupmat import Group

    G = Group.from_permutations(symmetric_gens(4))
    _ = G.table
    G.conjugacy_classes()


# ---------------------------------------------------------------------- report
def _fmt_time(r: dict[str, Any], cap: float) -> str:
    s = r["status"]
    if s == "ok":
        return f"{r['time']:.4f}"
    if s == "partial":
        return f"~{r['estimate']:.1f} ({r['rows']}/{r['n']} rows)"
    if s in ("timeout", "over-cap"):
        return f">{cap:g} (cap)"
    return s


def _ratio(ours: dict[str, Any], theirs: dict[str, Any], cap: float) -> tuple[str, float | None]:
    if ours.get("status") != "ok":
        return "-", None
    t = max(ours["time"], 1e-9)
    s = theirs.get("status")
    if s == "ok":
        r = theirs["time"] / t
        return (f"{r:.0f}x" if r >= 100 else f"{r:.1f}x" if r >= 1 else f"{r:.2f}x"), r
    if s == "partial":
        r = theirs["estimate"] / t
        return f"~{r:.0f}x", r
    if s in ("timeout", "over-cap"):
        r = cap / t
        return f">{r:.0f}x", r
    return "-", None


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--quick", action="store_true", help="small groups and short caps")
    ap.add_argument("--json", type=Path, help="write the results to this JSON file")
    ap.add_argument(
        "--cap",
        type=float,
        default=None,
        help="seconds per sympy task (default 60, or 3 with --quick)",
    )
    ap.add_argument("--repeat", type=int, default=None, help="groupmat repeats (best of)")
    ap.add_argument("--groups", nargs="*", help="subset of group names")
    ap.add_argument("--tasks", nargs="*", choices=TASKS, default=list(TASKS))
    ap.add_argument(
        "--max-table-gib", type=float, default=2.0, help="skip Cayley tables larger than this"
    )
    ap.add_argument("--no-sympy", action="store_true", help="do not run sympy")
    ap.add_argument("--no-gap", action="store_true", help="issue-19 table: do not run GAP")
    ap.add_argument(
        "--section",
        choices=("groups", "fp", "all"),
        default=None,
        help="permutation-group table, issue-19 table, or both (default: both, or only the "
        "groups table when --groups is given)",
    )
    ap.add_argument("--fp-cases", nargs="*", help="subset of issue-19 case names")
    ap.add_argument("--large", action="store_true", help="issue-19 table: add Coxeter B8")
    ap.add_argument("--sympy-child", nargs=3, help=argparse.SUPPRESS)
    ap.add_argument("--fp-child", nargs="+", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)

    if args.fp_child:
        import _algebra_fp

        print(json.dumps(_algebra_fp.child(*args.fp_child)), flush=True)
        return 0
    section = args.section or ("groups" if args.groups and not args.fp_cases else "all")
    if args.fp_cases and section == "groups":
        ap.error("--fp-cases needs --section fp or all")

    if args.sympy_child:
        tasks, gens, cap = args.sympy_child
        for task in tasks.split(","):
            print(json.dumps(_sympy_child(task, json.loads(gens), float(cap))), flush=True)
        return 0

    groups = QUICK_GROUPS if args.quick else FULL_GROUPS
    if args.groups:
        allg = {**FULL_GROUPS, **QUICK_GROUPS}
        groups = {g: allg[g] for g in args.groups}
    cap = args.cap if args.cap is not None else (3.0 if args.quick else 60.0)
    repeat = args.repeat or (1 if args.quick else 3)
    max_table_bytes = int(args.max_table_gib * 2**30)

    command = " ".join(["python", "benchmarks/algebra.py", *(argv or sys.argv[1:])])

    def issue19() -> tuple[list, bool]:
        import _algebra_fp

        return _algebra_fp.main(
            Path(__file__).resolve(),
            quick=args.quick,
            large=args.large,
            cap=cap,
            cases=args.fp_cases,
            sympy=not args.no_sympy,
            gap=not args.no_gap,
            repeat=repeat,
        )

    fp_records: list = []
    fp_agree = True
    if section == "fp":
        fp_records, fp_agree = issue19()
        if args.json:
            out = {"command": command, "cap": cap, "repeat": repeat, "issue19": fp_records}
            args.json.write_text(json.dumps(out, indent=1))
        return 0 if fp_agree else 1

    warm_up()
    results = []
    header = f"{'group':<10} {'n':>7} {'task':<9} {'groupmat s':>11} {'sympy s':>26} {'ratio':>9}"
    print(header)
    print("-" * len(header))
    for gname, make in groups.items():
        gens = make()
        ours_all = {task: run_groupmat(task, gens, repeat, max_table_bytes) for task in args.tasks}
        to_run = [t for t in args.tasks if ours_all[t]["status"] != "skipped"]
        theirs_all = {} if args.no_sympy or not to_run else run_sympy(to_run, gens, cap)
        for task in args.tasks:
            ours = ours_all[task]
            theirs = theirs_all.get(task, {"status": "not run"})
            ratio_s, ratio = _ratio(ours, theirs, cap)
            agree = None
            if ours.get("status") == "ok" and theirs.get("status") == "ok":
                agree = ours["value"] == theirs["value"]
            n = ours.get("value") if task != "classes" else None
            rec = {
                "group": gname,
                "task": task,
                "groupmat": ours,
                "sympy": theirs,
                "ratio": ratio,
                "agree": agree,
                "cap": cap,
            }
            results.append(rec)
            order_col = str(n) if n is not None else ""
            mark = "" if agree in (None, True) else "  MISMATCH"
            ours_s = _fmt_time(ours, cap) if ours["status"] == "ok" else ours["status"]
            print(
                f"{gname:<10} {order_col:>7} {task:<9} {ours_s:>11} "
                f"{_fmt_time(theirs, cap):>26} {ratio_s:>9}{mark}",
                flush=True,
            )
    print(
        "\norder: groupmat closure vs sympy order() (Schreier-Sims, no enumeration); "
        "elements: closure vs list(generate());\ntable/classes: from generators; "
        f"sympy capped at {cap:g} s per task, '~' = extrapolated from the rows done."
    )
    if section == "all":
        fp_records, fp_agree = issue19()
    if args.json:
        out = {"command": command, "cap": cap, "repeat": repeat, "results": results}
        if fp_records:
            out["issue19"] = fp_records
        args.json.write_text(json.dumps(out, indent=1))
    return 1 if any(r["agree"] is False for r in results) or not fp_agree else 0


if __name__ == "__main__":
    raise SystemExit(main())
