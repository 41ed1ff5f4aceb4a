"""Issue 19 rows of ``benchmarks/algebra.py``: groups from presentations, classes of large
groups, and the memory of coset enumeration and inverses.

Each case is measured in a fresh child process (``algebra.py --fp-child CASE TOOL``), so that
peak resident memory (``ru_maxrss``) belongs to that case alone and nothing is cached between
cases; the child reports the time of the task (and of building the group, when that is a
separate step), the peak RSS and a value that the parent compares between tools.

Tools per case: ``groupmat`` (this checkout), and where the peer has the operation ``sympy``
(same run, same cap). GAP and ACE are not installed here: the issue's figures for them, and the
issue's groupmat figures before the change, are printed as quoted, never rerun.

Cases (``quick`` ones are small versions used by the smoke test):

* ``orders``: element orders of a group from its presentation (S9 = Coxeter A8), against the
  same group from permutations in groupmat and in sympy (``generate()`` + ``order()``); and of
  J1 from its ATLAS presentation (no small permutation representation is derived for it:
  orders come from class representatives);
* ``simple``: ``is_simple`` of A10 from Carmichael's presentation
  ``< x_1..x_8 | x_i^3, (x_i x_j)^2 >`` (sympy has no ``is_simple``);
* ``classes``: conjugacy classes of J1 from its ATLAS presentation (no permutation
  representation is at hand for sympy) and of M12 from permutations (sympy too);
* ``cosets``: Todd-Coxeter on the Coxeter presentations of A9 and (``--large``) B8, Felsch,
  time and peak RSS (sympy's enumeration is capped);
* ``inverses``: the inverse map of Coxeter E7 (2,903,040 elements), time and peak RSS.
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

J1_ATLAS = (
    "< a, b | a^2, b^3, (a*b)^7, (a*b*(a*b*a*b^-1)^3)^5, "
    "(a*b*(a*b*a*b^-1)^6*a*b*a*b*(a*b^-1)^2)^2 >"
)


def carmichael(n: int) -> str:
    """Carmichael's presentation of A_n on n - 2 generators of order 3."""
    m = n - 2
    names = [f"x{i}" for i in range(1, m + 1)]
    rels = [f"{x}^3" for x in names]
    rels += [f"({names[i]}*{names[j]})^2" for i in range(m) for j in range(i + 1, m)]
    return "< " + ", ".join(names) + " | " + ", ".join(rels) + " >"


def symmetric_gens(n: int) -> list[list[int]]:
    return [[*range(1, n), 0], [1, 0, *range(2, n)]]


def m12_gens() -> list[list[int]]:
    from groupmat import from_cycles

    return [
        from_cycles("(0 1 2 3 4 5 6 7 8 9 10)", 12),
        from_cycles("(2 6 10 7)(3 9 4 5)", 12),
        from_cycles("(0 11)(1 10)(2 5)(3 7)(4 8)(6 9)", 12),
    ]


# name -> (case kind, spec, tools, quoted figures {label: text}, quick?)
CASES: dict[str, dict[str, Any]] = {
    "S5 orders": {"kind": "orders", "n": 5, "quick": True},
    "S9 orders": {
        "kind": "orders",
        "n": 9,
        "quoted": {"groupmat before": "38 s (0.2 s from permutations)"},
    },
    "J1 orders": {"kind": "orders", "group": "J1"},
    "A6 is_simple": {"kind": "simple", "n": 6, "quick": True},
    "A10 is_simple": {"kind": "simple", "n": 10, "quoted": {"groupmat before": "79 s"}},
    "M11 classes": {"kind": "classes", "group": "M11", "quick": True},
    "M12 classes": {
        "kind": "classes",
        "group": "M12",
        "quoted": {"GAP": "0.13 s", "groupmat before": "0.32 s"},
    },
    "J1 classes": {
        "kind": "classes",
        "group": "J1",
        "quoted": {"GAP": "0.29 s", "groupmat before": "2.5 s"},
    },
    "A6 cosets": {"kind": "cosets", "coxeter": "A6", "quick": True},
    "A9 cosets": {
        "kind": "cosets",
        "coxeter": "A9",
        "quoted": {"ACE": "2.6 s, 0.12 GiB", "groupmat before": "2.8 s, 0.96 GiB"},
    },
    "B8 cosets": {
        "kind": "cosets",
        "coxeter": "B8",
        "large": True,
        "quoted": {"ACE": "5.7 s, 0.31 GiB", "groupmat before": "6.3 s, 2.41 GiB"},
    },
    "D5 inverses": {"kind": "inverses", "coxeter": "D5", "quick": True},
    "E7 inverses": {
        "kind": "inverses",
        "coxeter": "E7",
        "quoted": {"groupmat before": "(n, 63) int64 inverse codes: 1.36 GiB"},
    },
}


def _peak_gib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 2**20


# ---------------------------------------------------------------------- child measurements
def child(case: str, tool: str) -> dict[str, Any]:
    """Run one case with one tool in this (fresh) process; returns the measurement."""
    spec = CASES[case]
    kind = spec["kind"]
    if tool == "sympy":
        return _sympy_child(spec)
    import numpy as np

    import groupmat as gm

    if tool == "groupmat-perms":
        t0 = time.perf_counter()
        G = gm.Group.from_permutations(symmetric_gens(spec["n"]))
        t1 = time.perf_counter()
        orders = G.element_orders()
        t2 = time.perf_counter()
        return _out(t2 - t1, t1 - t0, np.bincount(orders).tolist())
    if kind == "orders":
        pres = (
            J1_ATLAS if spec.get("group") == "J1" else gm.coxeter_presentation(f"A{spec['n'] - 1}")
        )
        t0 = time.perf_counter()
        G = gm.Group.from_presentation(pres, progress=False)
        t1 = time.perf_counter()
        orders = G.element_orders()
        t2 = time.perf_counter()
        return _out(t2 - t1, t1 - t0, np.bincount(orders).tolist())
    if kind == "simple":
        t0 = time.perf_counter()
        G = gm.Group.from_presentation(carmichael(spec["n"]), strategy="felsch", progress=False)
        t1 = time.perf_counter()
        value = bool(G.is_simple)
        t2 = time.perf_counter()
        return _out(t2 - t1, t1 - t0, value)
    if kind == "classes":
        import scipy.sparse.csgraph  # noqa: F401  (import time is not class time)

        t0 = time.perf_counter()
        if spec["group"] == "J1":
            G = gm.Group.from_presentation(J1_ATLAS, progress=False)
        elif spec["group"] == "M11":
            G = gm.mathieu(11)
        else:
            G = gm.Group.from_permutations(m12_gens())
        t1 = time.perf_counter()
        classes = G.conjugacy_classes()
        t2 = time.perf_counter()
        return _out(t2 - t1, t1 - t0, sorted(int(c.size) for c in classes))
    if kind == "cosets":
        pres = gm.coxeter_presentation(spec["coxeter"])
        t0 = time.perf_counter()
        ct = gm.enumerate_cosets(pres, strategy="felsch", max_cosets=16_000_000, progress=False)
        t1 = time.perf_counter()
        return _out(t1 - t0, None, ct.index)
    if kind == "inverses":
        pres = gm.coxeter_presentation(spec["coxeter"])
        t0 = time.perf_counter()
        G = gm.Group.from_presentation(pres, strategy="felsch", progress=False)
        t1 = time.perf_counter()
        inv = G.inverse
        t2 = time.perf_counter()
        # checked without products (G.multiply would build the (n, S) step form): an
        # involution, and g * g^-1 = 1 on a sample, evaluated along shortest words
        sample = np.random.default_rng(0).integers(0, G.order, 300).tolist()
        ok = bool(np.array_equal(inv[inv], np.arange(G.order))) and all(
            G.evaluate(G.word(g) + G.word(int(inv[g]))) == 0 for g in sample
        )
        return _out(t2 - t1, t1 - t0, [G.order, ok])
    raise ValueError(case)


def _out(seconds: float, build: float | None, value: Any) -> dict[str, Any]:
    return {
        "status": "ok",
        "time": seconds,
        "build": build,
        "peak_gib": _peak_gib(),
        "value": value,
    }


def _sympy_child(spec: dict[str, Any]) -> dict[str, Any]:
    from sympy.combinatorics import Permutation, PermutationGroup

    kind = spec["kind"]
    t0 = time.perf_counter()
    if kind == "orders":
        P = PermutationGroup([Permutation(g) for g in symmetric_gens(spec["n"])])
        counts: dict[int, int] = {}
        for g in P.generate():
            o = int(g.order())
            counts[o] = counts.get(o, 0) + 1
        value = [counts.get(i, 0) for i in range(max(counts) + 1)]
        return _out(time.perf_counter() - t0, None, value)
    if kind == "classes":
        gens = m12_gens() if spec["group"] == "M12" else None
        if gens is None:
            from groupmat import from_cycles

            gens = [[*range(1, 11), 0], from_cycles("(2 6 10 7)(3 9 4 5)", 11)]
        P = PermutationGroup([Permutation(g) for g in gens])
        classes = P.conjugacy_classes()
        return _out(time.perf_counter() - t0, None, sorted(len(c) for c in classes))
    if kind == "cosets":
        from groupmat import coxeter_presentation

        F = coxeter_presentation(spec["coxeter"]).to_sympy()
        return _out(time.perf_counter() - t0, None, int(F.order()))
    return {"status": "n/a"}


# ---------------------------------------------------------------------- parent
def tools_for(spec: dict[str, Any]) -> list[str]:
    kind = spec["kind"]
    out = ["groupmat"]
    j1 = spec.get("group") == "J1"  # no permutation representation at hand for J1
    if kind == "orders" and not j1:
        out.append("groupmat-perms")
    if (kind in ("orders", "classes") and not j1) or kind == "cosets":
        out.append("sympy")
    return out


def run_child(script: Path, case: str, tool: str, cap: float) -> dict[str, Any]:
    cmd = [sys.executable, str(script), "--fp-child", case, tool]
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=cap + 30)
    except subprocess.TimeoutExpired:
        return {"status": "timeout", "time": cap}
    if proc.returncode != 0:
        tail = (proc.stderr.strip().splitlines() or ["?"])[-1]
        return {"status": "error", "error": tail}
    res = json.loads(proc.stdout.strip().splitlines()[-1])
    if res.get("status") == "ok" and res["time"] > cap:
        res["status"] = "over-cap"
    return res


def _fmt(r: dict[str, Any], cap: float) -> str:
    s = r.get("status")
    if s == "ok":
        b = f" (+{r['build']:.2f} build)" if r.get("build") is not None else ""
        return f"{r['time']:.3f} s{b}, {r['peak_gib']:.2f} GiB"
    if s in ("timeout", "over-cap"):
        return f">{cap:g} s (cap)"
    return str(s)


def main(
    script: Path,
    *,
    quick: bool,
    large: bool,
    cap: float,
    cases: list[str] | None,
    sympy: bool = True,
) -> tuple[list[dict[str, Any]], bool]:
    """Run the issue-19 cases; print a table; return the records and whether all agreed."""
    names = cases or [
        c
        for c, s in CASES.items()
        if (s.get("quick", False) == quick) and (large or not s.get("large", False))
    ]
    print(
        "\nIssue 19: presentations, classes, enumeration memory (each cell: one fresh process; "
        "peak = max resident set)"
    )
    header = (
        f"{'case':<14} {'tool':<15} {'time (build), peak RSS':<36} {'ratio':>8}  quoted (issue)"
    )
    print(header)
    print("-" * len(header))
    records, all_agree = [], True
    for case in names:
        spec = CASES[case]
        tools = [t for t in tools_for(spec) if sympy or t != "sympy"]
        results = {tool: run_child(script, case, tool, cap) for tool in tools}
        ours = results["groupmat"]
        values = [r["value"] for r in results.values() if r.get("status") == "ok"]
        agree = all(v == values[0] for v in values) if values else None
        all_agree &= agree is not False
        quoted = "; ".join(f"{k}: {v}" for k, v in spec.get("quoted", {}).items())
        for i, (tool, r) in enumerate(results.items()):
            ratio = ""
            if tool != "groupmat" and ours.get("status") == "ok":
                if r.get("status") == "ok":
                    q = r["time"] / max(ours["time"], 1e-9)
                    ratio = f"{q:.0f}x" if q >= 100 else f"{q:.1f}x" if q >= 1 else f"{q:.2f}x"
                elif r.get("status") in ("timeout", "over-cap"):
                    ratio = f">{cap / max(ours['time'], 1e-9):.0f}x"
            mark = "  MISMATCH" if agree is False and i == 0 else ""
            print(
                f"{case if i == 0 else '':<14} {tool:<15} {_fmt(r, cap):<36} {ratio:>8}  "
                f"{quoted if i == 0 else ''}{mark}",
                flush=True,
            )
        records.append(
            {"case": case, "results": results, "agree": agree, "quoted": spec.get("quoted", {})}
        )
    print(
        "ratio = peer time / groupmat time (task only, build excluded). GAP/ACE and "
        "'groupmat before' are the issue's figures, quoted, not rerun."
    )
    return records, all_agree
