"""Markdown tables from the experiments' JSON results (so numbers are never retyped).

Usage::

    python experiments/summarize.py                 # experiments/reference/*.json (committed runs)
    python experiments/summarize.py results/dynamics_quick.json
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

REFERENCE = Path(__file__).resolve().parent / "reference"


def _pm(stat: dict[str, float], scale: float = 1.0, digits: int = 4) -> str:
    return f"{scale * stat['mean']:.{digits}f} ± {scale * stat['std']:.{digits}f}"


def _chosen(r: dict[str, Any]) -> str:
    return ", ".join(f"{k} {v:.2g}" for k, v in (r.get("chosen") or {}).items())


def paired_rows(
    comps: dict[str, Any], metric: str, label: str, scale: float = 1.0, digits: int = 4
) -> list[str]:
    """A markdown table of :func:`_protocol.paired_table` output for one metric."""
    rows = [
        f"| comparison | {label}: mean diff [95 % CI] | ratio of means | wins |",
        "|---|---:|---:|---:|",
    ]
    for name, c in comps.items():
        m = c[metric]
        lo, hi = (scale * v for v in m["ci95"])
        rows.append(
            f"| {name} | {scale * m['mean_diff']:+.{digits}f} [{lo:+.{digits}f}, "
            f"{hi:+.{digits}f}] | {m['ratio']:.3f} | {m['wins']}/{m['n']} |"
        )
    return rows


def paired_multi_rows(comps: dict[str, Any], metrics: list[tuple[str, str]]) -> list[str]:
    """One markdown table of :func:`_protocol.paired_table` output, several metrics side by
    side (mean difference [95 % CI] and wins per metric)."""
    head = " | ".join(f"{label}: mean diff [95 % CI] | wins" for _, label in metrics)
    rows = [
        f"| comparison | {head} |",
        "|---|" + "---:|---:|" * len(metrics),
    ]
    for name, c in comps.items():
        cells = []
        for key, _ in metrics:
            m = c[key]
            cells.append(
                f"{m['mean_diff']:+.4f} [{m['ci95'][0]:+.4f}, {m['ci95'][1]:+.4f}] | "
                f"{m['wins']}/{m['n']}"
            )
        rows.append(f"| {name} | " + " | ".join(cells) + " |")
    return rows


def factor_rows(factors: dict[str, Any], metric: str, scale: float = 1.0) -> list[str]:
    """A markdown table of :func:`_protocol.sweep_factors` output."""
    rows = [
        f"| comparison | baseline params | baseline {metric} | LDR params needed | factor |",
        "|---|---:|---:|---:|---:|",
    ]
    for name, entries in factors.items():
        for e in entries:
            need = e["ldr_params_needed"]
            rows.append(
                f"| {name} | {e['baseline_params']} | {scale * e[f'baseline_{metric}']:.4g} | "
                + (
                    "not reached | - |"
                    if need is None
                    else f"{'≤ ' if e.get('lower_bound') else ''}{need:.0f} | "
                    f"{'≥ ' if e.get('lower_bound') else ''}{e['factor']:.2f} |"
                )
            )
    return rows


def sweep_rows(sweep: list[dict[str, Any]], metric: str, scale: float = 1.0) -> list[str]:
    """Mean metric per (model, width) of a width sweep."""
    by: dict[tuple[str, int], list[dict[str, Any]]] = {}
    for r in sweep:
        by.setdefault((r["model"], r["width"]), []).append(r)
    rows = [
        f"| model | width | params | {metric} (mean over sweep seeds) | seeds |",
        "|---|---:|---:|---:|---:|",
    ]
    for (m, w), rs in sorted(by.items(), key=lambda kv: (kv[0][0], kv[1][0]["parameters"])):
        mean = sum(scale * r[metric] for r in rs) / len(rs)
        rows.append(f"| {m} | {w} | {rs[0]['parameters']} | {mean:.4g} | {len(rs)} |")
    return rows


def dynamics_table(d: dict[str, Any]) -> str:
    cfg = d["config"]
    betas = cfg["betas"]
    models = ["persistence", *cfg["models"]]
    br = d["symmetry_breaking"]
    head = "| model | params | " + " | ".join(f"β = {b:g}" for b in betas) + " |"
    sep = "|---|---:|" + "---:|" * len(betas)
    lines = [
        head,
        sep,
        "| *true map non-equivariance* | | "
        + " | ".join(f"*{br[str(b)]['mean']:.3f}*" for b in betas)
        + " |",
    ]
    for m in models:
        rows = [next(r for r in d["results"] if r["beta"] == b and r["model"] == m) for b in betas]
        lines.append(
            f"| {m} | {rows[0]['parameters']} | " + " | ".join(_pm(r["rmse"]) for r in rows) + " |"
        )
    out = "\n".join(lines)
    if cfg.get("rollout_steps"):
        lines = [f"\n{cfg['rollout_steps']}-step rollout RMSE:\n", head, sep]
        for m in models:
            rows = [
                next(r for r in d["results"] if r["beta"] == b and r["model"] == m) for b in betas
            ]
            lines.append(
                f"| {m} | {rows[0]['parameters']} | "
                + " | ".join(_pm(r["rollout_rmse"]) for r in rows)
                + " |"
            )
        out += "\n" + "\n".join(lines)
    if d.get("protocol"):
        lines = [
            f"\nChosen on validation (per beta; budget {cfg['budget']} per model):\n",
            "| model | " + " | ".join(f"β = {b:g}" for b in betas) + " |",
            "|---|" + "---|" * len(betas),
        ]
        for m in cfg["models"]:
            rows = [
                next(r for r in d["results"] if r["beta"] == b and r["model"] == m) for b in betas
            ]
            lines.append(f"| {m} | " + " | ".join(_chosen(r) for r in rows) + " |")
        for b in betas:
            comps = d["paired"].get(str(b)) or {}
            if comps:
                metrics = [("rmse", "one-step RMSE")]
                if cfg.get("rollout_steps") and all("rollout_rmse" in c for c in comps.values()):
                    metrics.append(("rollout_rmse", f"{cfg['rollout_steps']}-step rollout RMSE"))
                lines += [
                    f"\nβ = {b:g}: paired differences of test RMSE (LDR minus other model, "
                    "same seeds; negative = LDR better; 95 % t-interval; wins = seeds where "
                    "LDR is better):\n",
                    *paired_multi_rows(comps, metrics),
                ]
        for b, fac in (d.get("param_factors") or {}).items():
            here = [r for r in d["sweep"] if str(r["beta"]) == b]
            lines += [
                f"\nβ = {float(b):g}: width sweep (one-step test RMSE):\n",
                *sweep_rows(here, "rmse"),
                "\nParameter factors (factor = baseline params / LDR params needed to reach "
                "the baseline's RMSE; > 1: LDR needs fewer; ≥: already LDR's smallest width "
                "reaches it, so the factor is at least this):\n",
                *factor_rows(fac, "rmse"),
            ]
        out += "\n" + "\n".join(lines)
    return out


def digits_table(d: dict[str, Any]) -> str:
    lines = [
        "| setting | model | params | test accuracy (%) | invariance error | s / seed |",
        "|---|---|---:|---:|---:|---:|",
    ]
    if d.get("protocol"):
        lines = [
            "| setting | model | params | chosen (on validation) | val accuracy (%) | "
            "test accuracy (%) | invariance error | s / seed |",
            "|---|---|---:|---|---:|---:|---:|---:|",
        ]
    for r in d["results"]:
        extra = f"{_chosen(r)} | {_pm(r['val_accuracy'], 100, 2)} | " if d.get("protocol") else ""
        lines.append(
            f"| {r['setting']} | {r['model']} | {r['parameters']} | {extra}"
            f"{_pm(r['accuracy'], 100, 2)} | {r['invariance_error']['mean']:.3g} | "
            f"{r['train_seconds']['mean']:.0f} |"
        )
    for setting, comps in (d.get("paired") or {}).items():
        if comps:
            lines += [
                f"\n{setting}: paired differences of test error in points (LDR minus other "
                "model, same seeds; negative = LDR better):\n",
                *paired_rows(comps, "error", "test error (points)", 100, 2),
            ]
    for setting, fac in (d.get("param_factors") or {}).items():
        here = [r for r in d["sweep"] if r["setting"] == setting]
        lines += [
            f"\n{setting}: width sweep (test error, %):\n",
            *sweep_rows(here, "error", 100),
            "\nParameter factors (factor = baseline params / LDR params needed to reach "
            "the baseline's test error; > 1: LDR needs fewer; ≥: already LDR's smallest "
            "width reaches it, so the factor is at least this):\n",
            *factor_rows(fac, "error", 100),
        ]
    if d.get("protocol"):
        c = d["config"]
        lines.append(
            f"\n{c['n_train']} training / {c['n_val']} validation / {c['n_test_actual']} test "
            f"images (one fixed split, data seed {c['data_seed']}), {c['epochs']} epochs, "
            f"tuning budget {c['budget']} per model."
        )
    return "\n".join(lines)


def learned_table(d: dict[str, Any]) -> str:
    cfg = d["config"]
    lines = [
        f"| initial margin | rotations at start | final train loss | test accuracy (%) | "
        f"invariance error | lifting = "
        f"{cfg['target']} | exactly the rotations | group layer of order {cfg['elements']} | "
        "hardness | kept initial assignment |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for s in d["summary"]:
        start = s.get("initial_rotations", {"mean": float("nan")})["mean"]
        kept = s.get("kept_initial", {"mean": float("nan")})["mean"]
        inv = s.get("invariance_error", {"mean": float("nan")})["mean"]
        loss = _pm(s["final_train_loss"], 1, 3) if "final_train_loss" in s else ""
        lines.append(
            f"| {s['strength']:g} | {start:.0%} | {loss} | {_pm(s['accuracy'], 100, 2)} | "
            f"{inv:.3g} | "
            f"{s['recovered_fraction']:.0%} | {s['rotations_fraction']:.0%} | "
            f"{s['group_layer_recovered_fraction']:.0%} | {_pm(s['hardness'], 1, 3)} | "
            f"{kept:.0%} |"
        )

    def what(lift: dict[str, Any]) -> str:
        if lift["name"]:
            return f"{lift['name']} (order {lift['order']})"
        if lift["order"] is not None:
            return f"an unnamed group of order {lift['order']}"
        return "no small group"

    found = [
        f"seed {r['seed']} (margin {r['strength']:g}): {what(r['lifting'])}" for r in d["runs"]
    ]
    return "\n".join(lines) + "\n\nLifting layer per run: " + "; ".join(found) + "."


def teacher_table(d: dict[str, Any]) -> str:
    cfg, s = d["config"], d["summary"]
    k = cfg["restarts"]
    lines = [
        "| point group | seeds x restarts | single run = teacher's sharing | best of "
        f"{k} by training loss | `recover_group` names {cfg['target']} (selected) | test "
        "relative error (selected) | equivariance error (selected) |",
        "|---|---:|---:|---:|---:|---:|---:|",
        f"| {cfg['point_group']} | {len(d['runs'])} x {k} | "
        f"{s['single_run_matches_teacher']:.0%} | {s['selected_matches_teacher']:.0%} | "
        f"{s['selected_recovered']:.0%} | "
        f"{s['selected_test_relative_error']['mean']:.2g} | "
        f"{s['selected_equivariance_error']['mean']:.2g} |",
    ]

    def seed_line(run: dict[str, Any]) -> str:
        losses = ", ".join(
            f"{t['final_train_loss']:.0e}" + ("*" if t["matches_teacher"] else "")
            for t in run["restarts"]
        )
        return f"seed {run['seed']}: {losses}"

    return (
        "\n".join(lines) + "\n\nFinal training losses per restart (* = the teacher's "
        "sharing recovered exactly): " + "; ".join(seed_line(r) for r in d["runs"]) + "."
    )


def plume_table(d: dict[str, Any]) -> str:
    """Tuned models (mean ± std over seeds), published numbers, paired comparisons and the
    parameter factors of the width sweep."""
    cfg = d["config"]
    per = d["persistence"]
    lines = [
        "| model | params | chosen (on validation) | val RMSE | future RMSE | domain RMSE | "
        "C4 equivariance error | train s / seed |",
        "|---|---:|---|---:|---:|---:|---:|---:|",
        f"| *persistence* | 0 | | {per['val']:.3f} | {per['future']:.3f} | "
        f"{per['domain']:.3f} | 0 | |",
    ]
    for r in d["results"]:
        hp = ", ".join(f"{k} {v:.2g}" for k, v in r["chosen"].items())
        lines.append(
            f"| {r['model']} | {r['parameters']} | {hp} | {_pm(r['val'], 1, 3)} | "
            f"{_pm(r['future'], 1, 3)} | {_pm(r['domain'], 1, 3)} | "
            f"{r['equivariance_error']['mean']:.2g} | "
            f"{r['train_seconds']['mean']:.0f} |"
        )
    for name, pub in d.get("published", {}).items():
        lines.append(
            f"| {name} (published, 64x64, not rerun) | | | | {pub['future']:.2f} | "
            f"{pub['domain']:.2f} | | |"
        )
    out = "\n".join(lines)
    if d.get("paired"):
        rows = [
            "\nPaired differences (LDR minus baseline, same seeds; negative = LDR better; "
            "95 % t-interval; wins = seeds where LDR is better):\n",
            "| comparison | future: mean diff [95 % CI] | wins | domain: mean diff [95 % CI] "
            "| wins |",
            "|---|---:|---:|---:|---:|",
        ]
        for name, c in d["paired"].items():
            f, m = c["future"], c["domain"]
            rows.append(
                f"| {name} | {f['mean_diff']:+.3f} [{f['ci95'][0]:+.3f}, "
                f"{f['ci95'][1]:+.3f}] | {f['wins']}/{f['n']} | {m['mean_diff']:+.3f} "
                f"[{m['ci95'][0]:+.3f}, {m['ci95'][1]:+.3f}] | {m['wins']}/{m['n']} |"
            )
        out += "\n" + "\n".join(rows)
    if d.get("param_factors"):
        rows = [
            "\nParameter factors from the width sweep (future RMSE; factor = baseline "
            "params / LDR params needed for the baseline's RMSE, > 1: LDR needs fewer; "
            "'not reached': no LDR width in the sweep is as good):\n",
            "| comparison | baseline params | baseline future RMSE | LDR params needed | factor |",
            "|---|---:|---:|---:|---:|",
        ]
        for name, entries in d["param_factors"].items():
            for e in entries:
                need = e["ldr_params_needed"]
                rows.append(
                    f"| {name} | {e['baseline_params']} | {e['baseline_future']:.3f} | "
                    + ("not reached | - |" if need is None else f"{need:.0f} | {e['factor']:.2f} |")
                )
        out += "\n" + "\n".join(rows)
    grid = cfg["learn_grid"]
    out += (
        f"\n\nGrid {grid}x{grid} (simulated {cfg['plume']['resolution']}x"
        f"{cfg['plume']['resolution']}), samples {cfg['samples']}, {cfg['epochs']} epochs, "
        f"tuning budget {cfg['budget']} per model."
    )
    return out


def plume_cost_table(d: dict[str, Any]) -> str:
    """Measured epoch / evaluation time per model and grid and the projected protocol run."""
    c = d["config"]
    lines = [
        "| grid | model | params | one epoch (s) | evaluation (s) | "
        f"{c['epochs']}-epoch fit (min) | budget {c['budget']} + {c['seeds']} seeds (min) |",
        "|---:|---|---:|---:|---:|---:|---:|",
    ]
    for r in d["results"]:
        lines.append(
            f"| {r['grid']} | {r['model']} | {r['parameters']} | {r['epoch_seconds']:.1f} | "
            f"{r['eval_seconds']:.1f} | {r['fit_seconds'] / 60:.1f} | "
            f"{r['run_seconds'] / 60:.1f} |"
        )
    w = c["windows"]
    lines.append(
        f"\nWindows: {w['train']} training, {w['val']} validation, {w['future']} future, "
        f"{w['domain']} domain; batch {c['batch']}, {c['horizon']}-step training rollouts, "
        f"{c['test_horizon']}-step test rollouts. Projected whole run (one thread): "
        + ", ".join(f"{g}x{g}: {t / 3600:.2f} h" for g, t in d["projected_run_seconds"].items())
        + "."
    )
    return "\n".join(lines)


TABLES = {
    "plume_cost": plume_cost_table,
    "dynamics": dynamics_table,
    "rotated_digits": digits_table,
    "learned_symmetry": learned_table,
    "learned_symmetry_teacher": teacher_table,
    "plume": plume_table,
}


def summarize(path: Path) -> str:
    d = json.loads(path.read_text())
    name = d["experiment"]
    env = d["environment"]
    header = (
        f"### {name} ({path.name}; {d.get('total_seconds', 0) / 60:.1f} min wall, "
        f"{env['threads']} thread(s), torch {env['torch']}, seeds {d['config']['seeds']})"
    )
    prov = d.get("provenance") or {}
    if prov.get("git_commit"):
        dirty = prov.get("git_dirty_files") or []
        header += f"\n\nCode: commit {prov['git_commit'][:10]}" + (
            f" plus uncommitted changes to {', '.join(f.split()[-1] for f in dirty)} (diff "
            f"SHA-256 {(prov.get('git_diff_sha256') or '?')[:12]})"
            if dirty
            else (" with uncommitted changes" if prov.get("git_dirty") else "")
        )
        header += f"; command `{' '.join(prov.get('argv') or [])}`."
    return header + "\n\n" + TABLES[name](d)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("files", nargs="*", type=Path)
    args = p.parse_args(argv)
    files = args.files or sorted(REFERENCE.glob("*.json"))
    print("\n\n".join(summarize(f) for f in files))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
