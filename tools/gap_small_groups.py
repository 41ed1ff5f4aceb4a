"""Generate the table of GAP's answers for every SmallGroup(n, i), n <= N (default 100).

Runs GAP (``gap -q``, e.g. from Debian's ``gap-core``, ``gap-libs`` and ``gap-smallgrp``
packages) once and writes ``tests/algebra/subgroups/data/gap_small_groups.json.gz``: one record
per group with

* ``id``: ``[n, i]`` (GAP's ``IdGroup``);
* ``sd``: GAP's ``StructureDescription``;
* ``gens``: generators of a faithful permutation representation as 0-based image lists
  (``SmallerDegreePermutationRepresentation`` of ``IsomorphismPermGroup``), so the test can
  build the group without GAP;
* ``ncl``: number of conjugacy classes of elements; ``nccs``: number of conjugacy classes
  of subgroups; ``nns``: number of normal subgroups.

The table in the repository was generated with GAP 4.12.1 (Debian bookworm packages). The
script is only needed to regenerate it; the tests read the JSON file.

Usage::

    python tools/gap_small_groups.py [--max-order 100] [--out PATH]
"""

from __future__ import annotations

import argparse
import gzip
import json
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_OUT = ROOT / "tests" / "algebra" / "subgroups" / "data" / "gap_small_groups.json.gz"

GAP_PROGRAM = r"""
SetPrintFormattingStatus("*stdout*", false);
for n in [1 .. MAXN] do
  for i in [1 .. NrSmallGroups(n)] do
    G := SmallGroup(n, i);
    P := Image(IsomorphismPermGroup(G));
    P := Image(SmallerDegreePermutationRepresentation(P));
    d := Maximum(1, LargestMovedPoint(P));
    gens := List(GeneratorsOfGroup(P), g -> List(ListPerm(g, d), x -> x - 1));
    Print("REC ", n, " ", i, " \"", StructureDescription(G), "\" ",
          NrConjugacyClasses(G), " ", Length(ConjugacyClassesSubgroups(G)), " ",
          Length(NormalSubgroups(G)), " ", gens, "\n");
  od;
od;
QUIT;
"""


def run_gap(max_order: int) -> list[dict]:
    """Run GAP on the program above and parse its records."""
    gap = shutil.which("gap")
    if gap is None:
        raise SystemExit(
            "gap not found on PATH: install GAP (Debian: gap-core gap-libs gap-smallgrp)"
        )
    program = GAP_PROGRAM.replace("MAXN", str(max_order))
    out = subprocess.run(
        [gap, "-q", "-o", "4g"], input=program, capture_output=True, text=True, check=True
    ).stdout
    # GAP wraps long output lines with a backslash-newline; undo that first.
    out = out.replace("\\\n", "")
    records = []
    for line in out.splitlines():
        if not line.startswith("REC "):
            continue
        head, sd, tail = line[4:].split('"', 2)
        n, i = (int(t) for t in head.split())
        rest = tail.split(maxsplit=3)
        ncl, nccs, nns = (int(t) for t in rest[:3])
        gens = json.loads(rest[3])
        records.append({"id": [n, i], "sd": sd, "ncl": ncl, "nccs": nccs, "nns": nns, "gens": gens})
    return records


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--max-order", type=int, default=100)
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = ap.parse_args(argv)
    records = run_gap(args.max_order)
    version = subprocess.run(
        ["gap", "-q"], input='Print(GAPInfo.Version, "\\n");QUIT;', capture_output=True, text=True
    ).stdout.strip()
    payload = {"gap_version": version, "max_order": args.max_order, "groups": records}
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with gzip.open(args.out, "wt", encoding="utf-8") as fh:
        json.dump(payload, fh, separators=(",", ":"))
    print(f"{len(records)} groups written to {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
