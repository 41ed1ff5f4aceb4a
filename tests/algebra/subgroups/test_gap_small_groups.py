"""groupmat against GAP on every SmallGroup(n, i) of order n <= 100 (1048 groups).

``data/gap_small_groups.json.gz`` was generated once with GAP 4.12.1 (Debian's ``gap``
packages) by ``tools/gap_small_groups.py``: for each group GAP's ``StructureDescription``,
permutation generators, ``NrConjugacyClasses``, the number of classes of subgroups and the
number of normal subgroups. Each group is built here from its permutation generators alone.

What counts as agreeing:

* order, number of conjugacy classes, of classes of subgroups and of normal subgroups: equal;
* ``structure_description``: GAP's string, character for character, except for orders 64 and
  96: GAP has no table of names for those and writes the first split extension ``N : H`` it
  meets in its internal order of normal subgroups, which is not canonical. There ours may
  differ, but GAP's string must be one of :func:`structure_description_alternatives` (every
  ``N : H`` with ``N`` a non-trivial proper normal subgroup and ``H`` a complement, the parts
  named by ``structure_description``), so both strings describe true decompositions of the
  same group, and only where GAP's rule leaves the choice open.

The default run checks a sample of 137 groups chosen to exercise every rule (about 5 s); the
full table is ``slow`` (144 s on one shared core: 100 tests, one per order).
"""

from __future__ import annotations

import functools
import gzip
import json
from pathlib import Path

import pytest

import groupmat as gm
from groupmat.algebra.subgroups import normal_subgroups
from groupmat.algebra.subgroups._structure_description import (
    structure_description_alternatives,
)

DATA = Path(__file__).parent / "data" / "gap_small_groups.json.gz"
GAP_NOT_CANONICAL = (64, 96)  # orders GAP describes with its non-canonical default rule

# Every rule of structure_description (module docstring) on a few groups each: named families,
# direct products (ordering of the factors, merged cyclic part), GAP's "nice" split extensions
# including the 7 groups where GAP warns "Non-unique semidirect product", non-split
# extensions written with "=", GAP's default rule on orders 64 and 96 (normal Hall subgroup,
# and groups where GAP's choice is not canonical).
SAMPLE = [
    *((n, i) for n in range(1, 32) for i in range(1, 16)),  # all groups of order < 32
    (32, 8), (32, 15), (32, 29), (32, 44), (32, 49), (32, 50), (36, 10), (40, 3),
    (48, 3), (48, 16), (48, 28), (48, 29), (48, 30), (48, 33), (48, 35), (48, 38), (48, 39),
    (48, 41), (54, 8), (56, 11), (60, 5), (60, 8), (64, 8), (64, 9), (64, 52), (64, 186),
    (64, 226), (64, 230), (72, 15), (72, 20), (72, 40), (72, 43), (72, 44), (80, 16), (80, 40),
    (80, 42), (81, 10), (84, 8), (96, 64), (96, 70), (96, 187), (96, 197), (100, 13),
]  # fmt: skip


@functools.lru_cache(maxsize=1)
def gap_table() -> dict[tuple[int, int], dict]:
    with gzip.open(DATA, "rt", encoding="utf-8") as fh:
        data = json.load(fh)
    return {tuple(r["id"]): r for r in data["groups"]}


def build(rec: dict) -> gm.Group:
    if not rec["gens"]:
        return gm.trivial()
    return gm.Group.from_permutations(rec["gens"], degree=len(rec["gens"][0]))


def disagreements(rec: dict) -> list[str]:
    """What groupmat says differently from GAP's record ``rec`` (empty when all agree)."""
    n, i = rec["id"]
    G = build(rec)
    got = {
        "order": G.order,
        "ncl": len(G.conjugacy_classes()),
        "nccs": len(G.conjugacy_classes_subgroups(progress=False)),
        "nns": len(normal_subgroups(G)),
    }
    want = {"order": n, "ncl": rec["ncl"], "nccs": rec["nccs"], "nns": rec["nns"]}
    out = [f"{k}: {got[k]} != GAP {want[k]}" for k in got if got[k] != want[k]]
    sd = G.structure_description()
    if sd != rec["sd"]:
        alts = structure_description_alternatives(G) if n in GAP_NOT_CANONICAL else set()
        if rec["sd"] not in alts or sd not in alts:
            out.append(f"structure_description: {sd!r} != GAP {rec['sd']!r}")
    return [f"SmallGroup({n},{i}) {d}" for d in out]


def test_table_is_complete():
    table = gap_table()
    counts = {}
    for n, _ in table:
        counts[n] = counts.get(n, 0) + 1
    assert len(table) == 1048
    assert (counts[1], counts[8], counts[16], counts[32], counts[64], counts[96]) == (
        1, 5, 14, 51, 267, 231,
    )  # fmt: skip
    assert all(counts[n] == 1 for n in (2, 3, 5, 7, 11, 13, 97))


def test_sample_agrees_with_gap():
    table = gap_table()
    ids = [k for k in SAMPLE if k in table]
    assert len(ids) >= 120
    bad = [d for k in ids for d in disagreements(table[k])]
    assert not bad, "\n".join(bad)


@pytest.mark.parametrize(
    ("field", "value"),
    [("sd", "C2 x D8"), ("ncl", 7), ("nccs", 12), ("nns", 4), ("sd", "(C2 x C2) : C4")],
)
def test_disagreement_is_detected(field, value):
    """The check fails on a wrong record (SmallGroup(16,3), GAP: ``(C4 x C2) : C2``; the last
    value is GAP's default rule's string for it, not what GAP prints)."""
    rec = dict(gap_table()[(16, 3)])
    assert disagreements(rec) == []
    rec[field] = value
    assert len(disagreements(rec)) == 1


def test_order_64_accepts_only_gaps_alternatives():
    rec = dict(gap_table()[(64, 8)])
    G = build(rec)
    alts = structure_description_alternatives(G)
    assert rec["sd"] in alts and G.structure_description() in alts and len(alts) > 1
    rec["sd"] = "(C4 x C4) : C4"  # a split extension of order 64, but not of this group
    assert rec["sd"] not in alts and len(disagreements(rec)) == 1


def test_alternatives_are_unique_where_gap_is_canonical():
    G = build(gap_table()[(48, 39)])  # GAP warns "Non-unique semidirect product" here
    assert G.structure_description() == "(C4 x S3) : C2"
    assert structure_description_alternatives(G) == {
        "(C4 x S3) : C2",
        "(C3 x D8) : C2",
        "(C2 x (C3 : C4)) : C2",
    }
    G = build(gap_table()[(96, 70)])  # normal Sylow 2-subgroup: GAP's rule is canonical
    assert structure_description_alternatives(G) == {G.structure_description()}


def test_trivial_group_presentation():
    """GAP prints SmallGroup(1,1)'s presentation as ``< | >``; it is accepted."""
    G = gm.Group.from_presentation("< | >")
    assert G.order == 1 and G.structure_description() == gap_table()[(1, 1)]["sd"] == "1"


@pytest.mark.slow
@pytest.mark.parametrize("n", range(1, 101))
def test_all_small_groups_agree_with_gap(n):
    bad = [d for (m, _), rec in gap_table().items() if m == n for d in disagreements(rec)]
    assert not bad, "\n".join(bad)
