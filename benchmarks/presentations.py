"""Benchmark: Todd-Coxeter coset enumeration, groupmat vs sympy vs GAP.

Every case is a finite presentation; each contender enumerates the cosets of the trivial
subgroup (so the index is the group order) starting from the same relators:

* ``groupmat hlt`` / ``groupmat felsch``: ``enumerate_cosets(text, strategy=...)`` in this
  process, parse included, best CPU time (``time.process_time``, like GAP's ``Runtime()``) of
  ``--repeat`` after a warm-up call; the best wall-clock time is in the JSON output;
* ``sympy``: ``FpGroup.order()`` on ``Presentation.to_sympy()``, in a subprocess per case with a
  wall-clock cap (``--cap``), import and set-up excluded;
* ``GAP``: ``CosetTableFromGensAndRels`` (GAP's Felsch-type enumerator, coset limit 16M)
  timed with GAP's own ``Runtime()`` (start-up excluded; repeated until 200 ms have passed,
  mean reported), one ``gap`` process per case with the same cap. The column is skipped when
  ``gap`` is not on the PATH (Debian: ``apt-get install gap-core gap-libs``).

Targets (issue 4): PSL(2,11) <= 20 ms, Coxeter F4 <= 30 ms, Coxeter E6 and PSL(2,59) within 3x
of GAP, and no case slower than sympy. The last column says whether the row's target is met.

Usage::

    python benchmarks/presentations.py                # all cases (about two minutes)
    python benchmarks/presentations.py --quick        # small cases, short caps (smoke test)
    python benchmarks/presentations.py --cases F4 E6 --json out.json
    python benchmarks/presentations.py --large        # adds Coxeter E7 (2.9 million elements)
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

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # run from a checkout without installing
    sys.path.insert(0, str(ROOT))

from groupmat import (  # noqa: E402  # noqa: E402
    Presentation,
    coxeter_order,
    coxeter_presentation,
    enumerate_cosets,
    kernel_backend,
)
from groupmat.errors import CosetEnumerationError  # noqa: E402
from tests.algebra.presentations.presentation_catalogue import (  # noqa: E402
    PSL2_59_GAP,
    psl2_presentation,
    psl2_presentation_23,
)

PSL2_11 = "< a, b | a^2, b^3, (a*b)^11, ((a*b)^4*(a*b^-1)^5)^2 >"
M11 = "< a, b | a^2, b^4, (a*b)^11, (a*b^2)^6, a*b*a*b*a*b^-1*a*b*a*b^2*a*b^-1*a*b*a*b^-1*a*b^-1 >"

# name -> (presentation, order, target); target: ("ms", limit) or ("gap", factor) or None
CASES: dict[str, tuple[str, int, tuple[str, float] | None]] = {
    "PSL(2,11)": (PSL2_11, 660, ("ms", 20.0)),
    "F4": (str(coxeter_presentation("F4")), 1152, ("ms", 30.0)),
    "H4": (str(coxeter_presentation("H4")), 14400, None),
    "M11": (M11, 7920, None),
    "(2,3,7;8)": ("< a, b | a^2, b^3, (a*b)^7, [a,b]^8 >", 10752, None),
    "PSL(2,29)": (psl2_presentation(29), 12180, None),
    "A7": (str(coxeter_presentation("A7")), 40320, None),
    "E6": (str(coxeter_presentation("E6")), 51840, ("gap", 3.0)),
    "PSL(2,59) GAP pres.": (PSL2_59_GAP, 102660, ("gap", 3.0)),
    "PSL(2,59) (2,3,59)": (psl2_presentation_23(59), 102660, ("gap", 3.0)),
}
LARGE = {"E7": (str(coxeter_presentation("E7")), coxeter_order("E7"), ("gap", 3.0))}
QUICK = ["PSL(2,11)", "F4", "M11"]


# ---------------------------------------------------------------------------------- groupmat
def run_groupmat(text: str, strategy: str, repeat: int) -> dict[str, Any]:
    try:  # warm-up, and the same coset limit as GAP's column
        enumerate_cosets(text, strategy=strategy, max_cosets=16_000_000, progress=False)
    except CosetEnumerationError:
        return {"status": "fail>16M", "time": float("inf")}
    best, wall, index, stats = float("inf"), float("inf"), None, None
    for _ in range(repeat):
        t0, w0 = time.process_time(), time.perf_counter()
        ct = enumerate_cosets(text, strategy=strategy, max_cosets=16_000_000, progress=False)
        dt, dw = time.process_time() - t0, time.perf_counter() - w0
        wall = min(wall, dw)
        if dt < best:
            best, index, stats = dt, ct.index, ct.stats
    return {
        "status": "ok",
        "time": best,
        "wall": wall,
        "value": index,
        "defined": stats.defined,
        "max_live": stats.max_live,
    }


# ------------------------------------------------------------------------------------- sympy
_SYMPY_CHILD = """
import json, sys, time
sys.path.insert(0, {root!r})
from groupmat.algebra.presentations._presentation import Presentation
G = Presentation.parse({text!r}).to_sympy()
t0 = time.perf_counter()
n = G.order()
print(json.dumps({{"time": time.perf_counter() - t0, "value": int(n)}}), flush=True)
"""


def _limit_memory() -> None:  # pragma: no cover - runs in the child
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_CAP, MEMORY_CAP))


MEMORY_CAP = 6 * 2**30  # bytes of address space for a sympy child


def _run_capped(
    cmd: list[str], cap: float, stdin: str | None = None, limit_memory: bool = False
) -> tuple[str, str | None]:
    """Run ``cmd``; return ("ok", stdout) or ("timeout", None) / ("error", stderr)."""
    try:
        proc = subprocess.run(
            cmd,
            input=stdin,
            capture_output=True,
            text=True,
            timeout=cap,
            preexec_fn=_limit_memory if limit_memory else None,
        )
    except subprocess.TimeoutExpired:
        return "timeout", None
    if proc.returncode != 0:
        return "error", (proc.stderr or proc.stdout)[-300:]
    return "ok", proc.stdout


def run_sympy(text: str, cap: float) -> dict[str, Any]:
    # the cap covers the whole child; import and set-up (about a second) get extra slack
    status, out = _run_capped(
        [sys.executable, "-c", _SYMPY_CHILD.format(root=str(ROOT), text=text)],
        cap + 3,
        limit_memory=True,
    )
    if status != "ok":
        return {"status": status, "time": cap, "detail": out}
    r = json.loads(out.strip().splitlines()[-1])
    if r["time"] > cap:
        return {"status": "timeout", "time": cap}
    return {"status": "ok", **r}


# --------------------------------------------------------------------------------------- GAP
_GAP_SCRIPT = """
G := {expr};;
fgens := FreeGeneratorsOfFpGroup(G);; rels := RelatorsOfFpGroup(G);;
ct := CosetTableFromGensAndRels(fgens, rels, [] : max := 16000000, silent := true);;
if ct = fail then
  Print("RESULT fail\\n");
else
  t := Runtime();; n := 0;;
  repeat
    ct := CosetTableFromGensAndRels(fgens, rels, [] : max := 16000000);; n := n + 1;;
  until Runtime() - t >= 200 or n >= 1000;
  Print("RESULT ", Length(ct[1]), " ", Runtime() - t, " ", n, "\\n");
fi;
QUIT;
"""


def gap_available() -> bool:
    return shutil.which("gap") is not None


def run_gap(text: str, cap: float) -> dict[str, Any]:
    expr = Presentation.parse(text).to_gap()
    with tempfile.NamedTemporaryFile("w", suffix=".g", delete=False) as f:
        f.write(_GAP_SCRIPT.format(expr=expr))
        path = f.name
    try:
        # GAP starts in about a second; the cap applies to the enumeration (plus start-up)
        status, out = _run_capped(["gap", "-q", "-b", "-o", "8g", path], cap + 2, stdin="")
    finally:
        os.unlink(path)
    if status != "ok" or out is None or "RESULT" not in out:
        return {
            "status": "timeout" if status == "timeout" else "error",
            "time": cap,
            "detail": None if out is None else out[-300:],
        }
    fields = out.split("RESULT", 1)[1].split()
    if fields[0] == "fail":
        return {"status": "fail>16M", "time": cap, "detail": "more than 16M cosets"}
    index, ms, reps = int(fields[0]), int(fields[1]), int(fields[2])
    return {"status": "ok", "time": ms / 1000 / reps, "value": index}


# ------------------------------------------------------------------------------------ output
def _fmt(r: dict[str, Any] | None, cap: float) -> str:
    if r is None:
        return "-"
    if r["status"] == "ok":
        t = r["time"]
        return f"{t * 1e3:.2f} ms" if t < 1 else f"{t:.2f} s"
    if r["status"] == "timeout":
        return f"> {cap:g} s"
    return r["status"]


def _target(row: dict[str, Any]) -> str:
    ours = row["groupmat hlt"]
    verdicts = []
    sym = row.get("sympy")
    if sym is not None and sym["status"] == "ok" and ours["time"] > sym["time"]:
        verdicts.append("SLOWER THAN SYMPY")
    tgt = row["target"]
    if tgt is not None:
        kind, lim = tgt
        if kind == "ms":
            ok = ours["time"] * 1e3 <= lim
            verdicts.append(f"{'ok' if ok else 'MISSED'} (<= {lim:g} ms)")
        else:
            gap = row.get("gap")
            if gap is None:
                verdicts.append(f"n/a (<= {lim:g}x GAP, no gap)")
            elif gap["status"] == "ok":
                ratio = ours["time"] / gap["time"] if gap["time"] > 0 else float("inf")
                ok = ratio <= lim
                verdicts.append(f"{'ok' if ok else 'MISSED'} ({ratio:.2f}x GAP)")
            else:
                verdicts.append(f"ok (GAP: {gap['status']})")
    return "; ".join(verdicts) or "ok"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--quick", action="store_true", help="small cases, short caps")
    ap.add_argument("--large", action="store_true", help="add Coxeter E7 (2.9M elements)")
    ap.add_argument("--cases", nargs="+", help=f"subset of {list(CASES) + list(LARGE)}")
    ap.add_argument("--cap", type=float, default=None, help="sympy / GAP cap in s (60)")
    ap.add_argument("--repeat", type=int, default=None, help="groupmat repeats (5)")
    ap.add_argument("--no-sympy", action="store_true")
    ap.add_argument("--no-gap", action="store_true")
    ap.add_argument("--json", type=Path, help="write the results here")
    args = ap.parse_args(argv)
    cap = args.cap if args.cap is not None else (10.0 if args.quick else 60.0)
    repeat = args.repeat if args.repeat is not None else (2 if args.quick else 5)
    cases = dict(CASES)
    if args.large:
        cases.update(LARGE)
    names = args.cases or (QUICK if args.quick else list(cases))
    for n in names:
        if n not in cases and n not in LARGE:
            ap.error(f"unknown case {n!r}; choose from {list(CASES) + list(LARGE)}")
    cases.update(LARGE)
    use_gap = gap_available() and not args.no_gap
    gap_note = "yes" if use_gap else "off" if args.no_gap else "not installed (column skipped)"
    print(f"groupmat kernel: {kernel_backend()}; sympy/GAP cap {cap:g} s; GAP: {gap_note}")
    cols = ["case", "order", "groupmat hlt", "groupmat felsch", "sympy", "GAP", "target"]
    widths = [20, 8, 13, 15, 11, 11, 30]
    print("  ".join(c.ljust(w) for c, w in zip(cols, widths, strict=True)))
    rows = []
    for name in names:
        text, order, target = cases[name]
        row: dict[str, Any] = {"case": name, "order": order, "presentation": text, "target": target}
        row["groupmat hlt"] = run_groupmat(text, "hlt", repeat)
        row["groupmat felsch"] = run_groupmat(text, "felsch", repeat) if order < 10**6 else None
        row["sympy"] = None if args.no_sympy else run_sympy(text, cap)
        row["gap"] = run_gap(text, cap) if use_gap else None
        for key in ("groupmat hlt", "groupmat felsch", "sympy", "gap"):
            r = row[key]
            if r is not None and r["status"] == "ok" and r["value"] != order:
                r["status"] = f"MISMATCH {r['value']}"
        row["verdict"] = _target(row)
        cells = [
            name,
            str(order),
            _fmt(row["groupmat hlt"], cap),
            _fmt(row["groupmat felsch"], cap),
            _fmt(row["sympy"], cap),
            _fmt(row["gap"], cap),
            row["verdict"],
        ]
        print("  ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True)), flush=True)
        rows.append(row)
    if args.json:
        args.json.write_text(
            json.dumps({"cap": cap, "kernel": kernel_backend(), "results": rows}, indent=1)
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
