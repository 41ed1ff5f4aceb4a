"""Benchmark: groupmat vs GAP on subgroup structure and recognition (issue 13's "within 10x").

Operations, each on a freshly built group (nothing cached between repeats):

* ``classes``: conjugacy classes of subgroups (GAP ``ConjugacyClassesSubgroups``);
* ``normal``: normal subgroups (GAP ``NormalSubgroups``);
* ``aut``: the automorphism group (GAP ``AutomorphismGroup``; the order is compared);
* ``sd``: the structure description (GAP ``StructureDescription``);
* ``sylow``: a Sylow ``p``-subgroup for every prime ``p`` dividing the order (GAP
  ``SylowSubgroup``), on M11 and M12;
* ``iso``: an isomorphism between two groups or ``fail`` (GAP ``IsomorphismGroups``): two
  finite presentations of PSL(2,7), and PSL(2,7) on 8 points against GL(3,2) as matrices.

Groups (issue 13's list): S5, SL(2,5), M11, three groups of order 64 and C4 x S4 (order 96);
M12 and the PSL(2,7) pairs for ``sylow`` and ``iso``. groupmat builds
S5, SL(2,5), M11 and C4 x S4 with its own constructors and the order-64 groups from the
permutation generators in the GAP table of the tests; GAP runs on its natural objects
(``SymmetricGroup(5)``, the matrix group ``SL(2,5)``, ``MathieuGroup(11)``, pc groups from
``SmallGroup(64, i)`` and ``DirectProduct(CyclicGroup(4), SymmetricGroup(4))``), which is how a
GAP user would meet them.

GAP runs in one ``gap -q`` subprocess per case and times itself (``NanosecondsSinceEpoch``),
start-up excluded; groupmat runs in a subprocess per case too, import and construction excluded.
Both report the best of ``--repeat`` runs after one warm-up, with a wall-clock cap
(``--cap``) per case. ``gm/GAP`` is groupmat's time over GAP's: the target is <= 10; the
``agree`` column compares the answers (numbers, descriptions, isomorphic or not).

Usage::

    python benchmarks/subgroups_gap.py                   # all cases (needs gap on PATH)
    python benchmarks/subgroups_gap.py --cases "classes S5" "sd M11" --json out.json
    # rerun some cases and replace only their rows in an existing results file
    python benchmarks/subgroups_gap.py --cases "aut M11" --json results.json --update \
        --note "aut M11 rerun after ..."
"""

from __future__ import annotations

import argparse
import gzip
import json
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # run from a checkout without installing
    sys.path.insert(0, str(ROOT))

DATA = ROOT / "tests" / "algebra" / "subgroups" / "data" / "gap_small_groups.json.gz"
SMALL_64 = (138, 226, 250)  # 226 = D8 x D8


def _small_group(n: int, i: int) -> Any:
    import groupmat as gm

    with gzip.open(DATA, "rt", encoding="utf-8") as fh:
        rec = next(r for r in json.load(fh)["groups"] if r["id"] == [n, i])
    return gm.Group.from_permutations(rec["gens"], degree=len(rec["gens"][0]))


def _builders() -> dict[str, tuple[Callable[[], Any], str]]:
    import groupmat as gm

    out: dict[str, tuple[Callable[[], Any], str]] = {
        "S5": (lambda: gm.symmetric(5), "SymmetricGroup(5)"),
        "SL(2,5)": (lambda: gm.sl(2, 5), "SL(2,5)"),
        "C4 x S4": (
            lambda: gm.direct_product(gm.cyclic(4), gm.symmetric(4)),
            "DirectProduct(CyclicGroup(4), SymmetricGroup(4))",
        ),
        "M11": (lambda: gm.mathieu(11), "MathieuGroup(11)"),
        "M12": (lambda: gm.mathieu(12), "MathieuGroup(12)"),
        "PSL(2,7) presentations": (
            lambda: tuple(gm.Group.from_presentation(p) for p in (PSL27_A, PSL27_B)),
            f"[{_gap_fp(PSL27_A)}, {_gap_fp(PSL27_B)}]",
        ),
        "PSL(2,7) ~ GL(3,2)": (lambda: (gm.psl(2, 7), gm.gl(3, 2)), "[PSL(2,7), GL(3,2)]"),
    }
    for i in SMALL_64:
        out[f"SmallGroup(64,{i})"] = (lambda i=i: _small_group(64, i), f"SmallGroup(64,{i})")
    return out


GROUPS = ["S5", "SL(2,5)", *[f"SmallGroup(64,{i})" for i in SMALL_64], "C4 x S4", "M11"]
TASKS = ["classes", "normal", "aut", "sd"]
CASES = [
    *(f"{t} {g}" for g in GROUPS for t in TASKS),
    "sylow M11",
    "sylow M12",
    "iso PSL(2,7) presentations",
    "iso PSL(2,7) ~ GL(3,2)",
]
PSL27_A = "< a, b | a^2, b^3, (a*b)^7, (a*b*a*b^-1)^4 >"
PSL27_B = "< a, b | a^7, b^2, (a*b)^3, (a^4*b*a^4*b)^2 >"


def _gap_fp(pres: str) -> str:
    """A GAP expression for the finitely presented group ``< a, b | ... >``."""
    rels = pres.split("|")[1].strip(" >").replace("a", "F.1").replace("b", "F.2")
    return f"CallFuncList(function() local F; F := FreeGroup(2); return F / [{rels}]; end, [])"


GAP_TASK = {
    "classes": "Length(ConjugacyClassesSubgroups(G))",
    "normal": "Length(NormalSubgroups(G))",
    "aut": "Size(AutomorphismGroup(G))",
    "sd": "StructureDescription(G)",
    "sylow": "List(PrimeDivisors(Size(G)), p -> Size(SylowSubgroup(G, p)))",
    "iso": "IsomorphismGroups(G[1], G[2]) <> fail",
}


def _groupmat_value(task: str, G: Any) -> Any:
    import groupmat as gm

    if task == "classes":
        return len(G.conjugacy_classes_subgroups(progress=False))
    if task == "normal":
        return len(gm.normal_subgroups(G))
    if task == "aut":
        return int(gm.automorphism_group(G).order)
    if task == "sylow":
        n, primes, p = G.order, [], 2
        while n > 1:  # the prime divisors of |G|, increasing
            if n % p == 0:
                primes.append(p)
                while n % p == 0:
                    n //= p
            p += 1
        return [gm.sylow_subgroup(G, p).order for p in primes]
    if task == "iso":
        return gm.isomorphism(*G) is not None
    return G.structure_description()


def groupmat_child(case: str, repeat: int) -> None:
    """Run one case in this process and print ``{"seconds", "value"}`` as JSON."""
    task, name = case.split(" ", 1)
    build = _builders()[name][0]
    times, value = [], None
    for _ in range(repeat + 1):  # the first run is the warm-up
        G = build()
        for H in G if isinstance(G, tuple) else (G,):
            H.order  # noqa: B018  (construction excluded from the timing)
        start = time.perf_counter()
        value = _groupmat_value(task, G)
        times.append(time.perf_counter() - start)
    print(json.dumps({"seconds": min(times[1:]), "value": value}))


def _run(cmd: list[str], cap: float, stdin: str | None = None) -> dict[str, Any]:
    try:
        proc = subprocess.run(
            cmd, input=stdin, capture_output=True, text=True, timeout=cap, cwd=ROOT
        )
    except subprocess.TimeoutExpired:
        return {"status": "timeout", "cap": cap}
    lines = [ln for ln in proc.stdout.strip().splitlines() if ln.startswith("{")]
    if proc.returncode != 0 or not lines:
        return {"status": "error", "stderr": (proc.stderr or proc.stdout)[-500:]}
    return {"status": "ok", **json.loads(lines[-1])}


def run_groupmat(case: str, repeat: int, cap: float) -> dict[str, Any]:
    script = str(Path(__file__).resolve())
    return _run([sys.executable, script, "--groupmat-child", case, "--repeat", str(repeat)], cap)


def run_gap(case: str, repeat: int, cap: float) -> dict[str, Any]:
    gap = shutil.which("gap")
    if gap is None:
        return {"status": "n/a", "why": "gap not on PATH"}
    task, name = case.split(" ", 1)
    expr = _builders()[name][1]
    program = f"""
SetPrintFormattingStatus("*stdout*", false);
best := infinity;;
for r in [0 .. {repeat}] do
  G := {expr};; if IsList(G) then List(G, Size);; else Size(G);; fi;
  t := NanosecondsSinceEpoch();; v := {GAP_TASK[task]};; t := NanosecondsSinceEpoch() - t;;
  if r > 0 and t < best then best := t; fi;
od;
if IsString(v) then v := Concatenation("\\"", v, "\\""); fi;
Print("{{\\"ns\\": ", best, ", \\"value\\": ", v, "}}\\n");
QUIT;
"""
    res = _run([gap, "-q", "-o", "4g"], cap, stdin=program)
    if "ns" in res:  # integer nanoseconds (GAP prints the float 0 as "0.", not JSON)
        res["seconds"] = res.pop("ns") / 1e9
    return res


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--cases", nargs="+", choices=CASES, help="run only these cases")
    ap.add_argument("--repeat", type=int, default=3, help="timed runs per case (best of)")
    ap.add_argument("--cap", type=float, default=120.0, help="seconds per case and system")
    ap.add_argument("--json", type=Path, help="write the results to this JSON file")
    ap.add_argument(
        "--update",
        action="store_true",
        help="with --json: replace only the rows of the cases run in an existing file (the "
        "other rows are kept, in their order; new cases are appended)",
    )
    ap.add_argument("--note", help="a note stored with the results (what was rerun and why)")
    ap.add_argument("--groupmat-child", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.groupmat_child:
        groupmat_child(args.groupmat_child, args.repeat)
        return 0
    rows = []
    head = f"{'case':28s} {'groupmat s':>11s} {'GAP s':>10s} {'gm/GAP':>9s} {'<= 10x':>7s}  agree"
    print(head)
    print("-" * len(head))
    for case in args.cases or CASES:
        gm_res = run_groupmat(case, args.repeat, args.cap)
        gap_res = run_gap(case, args.repeat, args.cap)
        both = gm_res["status"] == gap_res["status"] == "ok"
        ratio = gm_res["seconds"] / max(gap_res["seconds"], 1e-6) if both else None
        agree = gm_res.get("value") == gap_res.get("value") if both else None
        row = {"case": case, "groupmat": gm_res, "gap": gap_res, "ratio": ratio, "agree": agree}
        rows.append(row)
        gm_s = f"{gm_res['seconds']:.4f}" if gm_res["status"] == "ok" else gm_res["status"]
        gap_s = f"{gap_res['seconds']:.4f}" if gap_res["status"] == "ok" else gap_res["status"]
        met = "-" if ratio is None else ("yes" if ratio <= 10 else "NO")
        note = "" if agree in (True, None) else f"  {gm_res['value']!r} vs GAP {gap_res['value']!r}"
        print(
            f"{case:28s} {gm_s:>11s} {gap_s:>10s} {(f'{ratio:.1f}x' if ratio else '-'):>9s} "
            f"{met:>7s}  {'' if agree is None else agree}{note}",
            flush=True,
        )
    if args.json:
        out: dict[str, Any] = {"results": rows}
        if args.update and args.json.exists():
            out = json.loads(args.json.read_text())
            fresh = {r["case"]: r for r in rows}
            kept = [fresh.pop(r["case"], r) for r in out.get("results", [])]
            out["results"] = kept + list(fresh.values())
        if args.note:
            out["note"] = args.note
        args.json.write_text(json.dumps(out, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
