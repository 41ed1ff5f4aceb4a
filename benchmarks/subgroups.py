"""Benchmark: subgroup lattices, Sylow subgroups and isomorphism tests, groupmat vs sympy.

Cases (issue 13):

* ``classes``: ``G.conjugacy_classes_subgroups()`` (the Cayley table build included) on S5,
  SL(2,5), M11, an order-64 group (D8 x D8) and an order-96 group (C4 x S4). sympy has no
  subgroup lattice: its column reads ``n/a``;
* ``sylow``: ``sylow_subgroup(G, p)`` for every prime ``p`` dividing ``|G|`` (M11) or for
  ``p = 2, 3`` (M12); sympy: ``PermutationGroup.sylow_subgroup(p)`` on the same generators;
* ``isomorphism``: ``isomorphism(G, H)`` between two presentations of PSL(2,7), and between
  PSL(2,7) on 8 points and GL(3,2) as matrices; sympy: ``homomorphisms.is_isomorphic`` on the
  same presentations / permutation groups.

groupmat runs in this process on freshly built groups (building excluded, nothing cached
between repeats), best wall-clock time of ``--repeat`` after a warm-up run; sympy runs in a
subprocess per case with a wall-clock cap (``--cap``), import and set-up excluded. The same
cases against GAP (ratio to GAP's time, target <= 10x) are in ``benchmarks/subgroups_gap.py``.
Target: every case under 2 s for groupmat; the last column says whether it is met.
Every groupmat answer is compared with the known value; a sympy answer that differs from it
is reported (sympy 1.x's ``is_isomorphic`` answers ``False`` for the two presentations of
PSL(2,7), both of order 168, which groupmat shows isomorphic by an explicit, relation-checked
isomorphism: there is one simple group of order 168).

Usage::

    python benchmarks/subgroups.py                 # all cases
    python benchmarks/subgroups.py --quick         # small cases, short caps (smoke test)
    python benchmarks/subgroups.py --cases "classes S5" --json out.json
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

import groupmat as gm  # noqa: E402

PSL27_A = "< a, b | a^2, b^3, (a*b)^7, (a*b*a*b^-1)^4 >"
PSL27_B = "< x, y | x^7, y^2, (x*y)^3, (x^4*y*x^4*y)^2 >"

BUILD: dict[str, Callable[[], gm.Group]] = {
    "S5": lambda: gm.symmetric(5),
    "SL(2,5)": lambda: gm.sl(2, 5),
    "M11": lambda: gm.mathieu(11),
    "M12": lambda: gm.mathieu(12),
    "D8 x D8": lambda: gm.direct_product(gm.dihedral(4), gm.dihedral(4)),
    "C4 x S4": lambda: gm.direct_product(gm.cyclic(4), gm.symmetric(4)),
    "PSL(2,7) pres. A": lambda: gm.Group.from_presentation(PSL27_A),
    "PSL(2,7) pres. B": lambda: gm.Group.from_presentation(PSL27_B),
    "PSL(2,7)": lambda: gm.psl(2, 7),
    "GL(3,2)": lambda: gm.gl(3, 2),
}

# name -> (task, groups, expected value)
CASES: dict[str, tuple[str, tuple[str, ...], Any]] = {
    "classes S5": ("classes", ("S5",), [19, 156]),
    "classes SL(2,5)": ("classes", ("SL(2,5)",), [12, 76]),
    "classes D8 x D8 (64)": ("classes", ("D8 x D8",), None),
    "classes C4 x S4 (96)": ("classes", ("C4 x S4",), None),
    "classes M11": ("classes", ("M11",), [39, 8651]),
    "sylow M11": ("sylow", ("M11",), [16, 9, 5, 11]),
    "sylow M12": ("sylow", ("M12",), [64, 27]),
    "isomorphism PSL(2,7) presentations": (
        "isomorphism",
        ("PSL(2,7) pres. A", "PSL(2,7) pres. B"),
        True,
    ),
    "isomorphism PSL(2,7) ~ GL(3,2)": ("isomorphism", ("PSL(2,7)", "GL(3,2)"), True),
}
QUICK = ["classes S5", "sylow M11", "isomorphism PSL(2,7) presentations"]
SYLOW_PRIMES = {"M11": [2, 3, 5, 11], "M12": [2, 3]}


# ---------------------------------------------------------------------------------- groupmat
def run_groupmat(task: str, names: tuple[str, ...]) -> tuple[float, Any]:
    """One timed run on freshly built groups: ``(seconds, value)``."""
    from groupmat import SubgroupLattice, isomorphism, sylow_subgroup

    groups = [BUILD[n]() for n in names]
    G = groups[0]
    start = time.perf_counter()
    if task == "classes":
        cls = SubgroupLattice(G, progress=False).classes  # = G.conjugacy_classes_subgroups()
        value: Any = [len(cls), sum(c.size for c in cls)]
    elif task == "sylow":
        value = [sylow_subgroup(G, p).order for p in SYLOW_PRIMES[names[0]]]
    else:
        value = isomorphism(G, groups[1]) is not None
    return time.perf_counter() - start, value


# ---------------------------------------------------------------------------------- sympy
def _sympy_group(name: str) -> Any:
    from sympy.combinatorics import Permutation, PermutationGroup

    G = BUILD[name]()
    if G.presentation is not None:
        return G.presentation.to_sympy()
    perms = G.permutations
    if perms is None:  # matrix groups: their regular permutation representation
        import numpy as np

        perms = np.asarray(G.right_action).T
        return PermutationGroup([Permutation(perms[:, s].tolist()) for s in range(perms.shape[1])])
    return PermutationGroup([Permutation(perms[g].tolist()) for g in G.generators])


def sympy_child(case: str) -> None:
    """Run one case with sympy and print ``seconds value`` as JSON (in a subprocess)."""
    task, names, _ = CASES[case]
    groups = [_sympy_group(n) for n in names]
    start = time.perf_counter()
    if task == "sylow":
        value: Any = [int(groups[0].sylow_subgroup(p).order()) for p in SYLOW_PRIMES[names[0]]]
    elif task == "isomorphism":
        from sympy.combinatorics.homomorphisms import is_isomorphic

        value = bool(is_isomorphic(groups[0], groups[1]))
    else:
        raise ValueError(task)
    print(json.dumps({"seconds": time.perf_counter() - start, "value": value}))


def run_sympy(case: str, cap: float) -> dict[str, Any]:
    task = CASES[case][0]
    if task == "classes":
        return {"status": "n/a", "why": "sympy has no conjugacy classes of subgroups"}
    cmd = [sys.executable, str(Path(__file__).resolve()), "--sympy-child", case]
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=cap, cwd=ROOT)
    except subprocess.TimeoutExpired:
        return {"status": "timeout", "cap": cap}
    if proc.returncode != 0:
        return {"status": "error", "stderr": proc.stderr[-500:]}
    out = json.loads(proc.stdout.strip().splitlines()[-1])
    return {"status": "ok", **out}


# ---------------------------------------------------------------------------------- main
def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--quick", action="store_true", help="small cases, short caps")
    ap.add_argument("--cases", nargs="+", choices=list(CASES), help="run only these cases")
    ap.add_argument("--repeat", type=int, default=None, help="groupmat repeats (best of)")
    ap.add_argument("--cap", type=float, default=None, help="seconds per sympy case")
    ap.add_argument("--json", type=Path, help="write the results to this JSON file")
    ap.add_argument("--sympy-child", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.sympy_child:
        sympy_child(args.sympy_child)
        return 0
    cases = args.cases or (QUICK if args.quick else list(CASES))
    repeat = args.repeat or (1 if args.quick else 3)
    cap = args.cap or (20.0 if args.quick else 120.0)
    rows = []
    head = f"{'case':38s} {'groupmat s':>11s} {'sympy s':>10s} {'sympy/gm':>9s} {'< 2 s':>6s}"
    print(head)
    print("-" * len(head))
    for case in cases:
        task, names, expected = CASES[case]
        times, value = [], None
        run_groupmat(task, names)  # warm-up (imports, first-call costs)
        for _ in range(repeat):
            t, value = run_groupmat(task, names)
            times.append(t)
        best = min(times)
        sym = run_sympy(case, cap)
        agree = None
        if sym["status"] == "ok":
            agree = sym["value"] == value
        ok_value = expected is None or value == expected
        ratio = sym["seconds"] / best if sym["status"] == "ok" else None
        rows.append(
            {
                "case": case,
                "groupmat": {"seconds": best, "all": times, "value": value, "correct": ok_value},
                "sympy": sym,
                "agree": agree,
                "ratio_sympy_over_groupmat": ratio,
                "target_met": best < 2.0,
            }
        )
        sym_s = f"{sym['seconds']:.3f}" if sym["status"] == "ok" else sym["status"]
        flag = "" if ok_value else "  MISMATCH (groupmat wrong)"
        if ok_value and agree is False:
            flag = f"  sympy answers {sym['value']!r}, expected {expected!r}"
        print(
            f"{case:38s} {best:11.3f} {sym_s:>10s} "
            f"{(f'{ratio:.1f}x' if ratio else '-'):>9s} {('yes' if best < 2 else 'NO'):>6s}{flag}"
        )
    if args.json:
        args.json.write_text(json.dumps({"results": rows}, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
