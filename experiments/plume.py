"""Smoke-plume forecasting with rotated inflows and unequal buoyancy (Wang et al. 2022's
rotation setting; data from ``plume_data.py``), under the shared protocol of ``_protocol.py``.

Task: from 10 velocity frames predict the next ones autoregressively (one frame per step,
residual on the last input frame), trained on 6-frame rollouts; RMSE on the held-out
*future* (later times of the training tasks) and *domain* (unseen buoyancies) splits, in the
simulation's velocity units. Every model maps vector fields to vector fields with the same
three-layer skeleton: a field lifting (``FieldLifting``: the ``rho``-field of standard 2-d
vectors lifted to p4, ``docs/concepts/fields.md``), one group layer, a field projection
(``FieldProjection``); the learning grid is a ``R' x R'`` torus with ``C4`` acting about a
pixel (the box's quarter turns about its centre are elements of this p4).

Models (all three layers of the family; no model keeps an exact last layer):

- ``cnn``: :class:`PlainConv` on pixels, frames x components as channels.
- ``exact``: :class:`GMConv` (p4).
- ``ldr{r}-point`` / ``ldr{r}-position``: :class:`LDRGMConv` with displacement rank ``r``,
  factors per point-group channel (translation-exact) or per position.
- ``rpp``: :class:`RPPConv`; ``relaxed``: :class:`RelaxedGMConv` (two banks).

Protocol: equal tuning budget per model on the validation split (``--budget``), the chosen
configuration retrained on ``--seeds``, paired differences with 95 % intervals, and optionally
a width sweep (``--widths``) for parameter-matched comparisons.

Usage::

    python experiments/plume.py --quick
    python experiments/plume.py --coarsen 2 --budget 3 --seeds 0 1 2 3 4   # see README
"""

from __future__ import annotations

import functools
import json
import math
import sys
from pathlib import Path
from typing import Any

import numpy as np
import plume_data as pdata
import torch
from _common import (
    Timer,
    base_parser,
    environment,
    finish_args,
    mean_std,
    n_params,
    pyplot,
    run_and_save,
    save_figure,
    seed_all,
    train,
    write_json,
)
from _protocol import paired, params_factor, provenance, run_protocol
from torch import nn

from groupmat import spatial_group
from groupmat.nn import (
    FieldAction,
    FieldLifting,
    FieldProjection,
    FieldType,
    GMConv,
    LDRGMConv,
    PlainConv,
    RelaxedGMConv,
    RPPConv,
    displacement_penalty,
    equivariance_error,
    prior_penalty,
)

NAME = "plume"
ALL_MODELS = (
    "cnn",
    "exact",
    "ldr1-point",
    "ldr2-point",
    "ldr1-position",
    "ldr2-position",
    "rpp",
    "relaxed",
)
#: Published RMSE (Wang, Walters & Yu 2022, Table 2, smoke plume rotation; 64x64, their
#: architecture and training), quoted, not rerun.
PUBLISHED = {"RGroup": {"future": 0.82, "domain": 0.73}, "RSteer": {"future": 0.80, "domain": 0.67}}


# ---------------------------------------------------------------------- models
class Forecaster(nn.Module):
    """``(B, T_in, 2, H, W) -> (B, horizon, 2, H, W)``: ``horizon`` autoregressive steps of
    ``next = last + step(window)`` (the window slides by one frame per step)."""

    def __init__(self, step: nn.Module, horizon: int, scale: float) -> None:
        super().__init__()
        self.step = step
        self.horizon = int(horizon)
        self.scale = float(scale)  # inputs are divided by it, outputs multiplied back

    def one(self, window: torch.Tensor) -> torch.Tensor:
        return window[:, -1] + self.step(window / self.scale)[:, 0] * self.scale

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        outs = []
        for _ in range(self.horizon):
            nxt = self.one(x)
            outs.append(nxt)
            x = torch.cat([x[:, 1:], nxt[:, None]], dim=1)
        return torch.stack(outs, dim=1)


class PixelStep(nn.Module):
    """The CNN: fields flattened to ``T_in * 2`` channels, three circular convolutions."""

    def __init__(self, S: Any, frames: int, width: int) -> None:
        super().__init__()
        P = S.pixels
        self.body = nn.Sequential(
            PlainConv(P, P, 2 * frames, width, 5),
            nn.GELU(),
            PlainConv(P, P, width, width, 3),
            nn.GELU(),
            PlainConv(P, P, width, 2, 3),
        )

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        b, t, d, h, w = x.shape
        return self.body(x.reshape(b, t * d, h, w)).reshape(b, 1, d, h, w)


def layer_factory(family: str, hp: dict[str, float]):
    """``layer(G, G, cin, cout, kernel)`` for a group family."""
    if family == "exact":
        return GMConv
    if family.startswith("ldr"):
        rank, modulate = family[3:].split("-")
        return functools.partial(
            LDRGMConv,
            displacement_rank=int(rank),
            modulate=modulate,
            scale=hp.get("ldr_scale", 1.0),
        )
    if family == "rpp":
        return functools.partial(
            RPPConv, exact_decay=hp.get("rpp_exact", 1e-5), free_decay=hp.get("rpp_free", 1e-2)
        )
    if family == "relaxed":
        return functools.partial(
            RelaxedGMConv, num_banks=2, smoothness=hp.get("relaxed_smooth", 1e-3)
        )
    raise ValueError(f"unknown model family {family!r}; choose from {ALL_MODELS}")


def build_step(family: str, S: Any, frames: int, width: int, hp: dict[str, float]) -> nn.Module:
    if family == "cnn":
        return PixelStep(S, frames, width)
    vec = FieldType(S, "standard")
    layer = layer_factory(family, hp)
    return nn.Sequential(
        FieldLifting(vec, frames, width, 5, layer=layer),
        nn.GELU(),
        layer(S, S, width, width, 3),
        nn.GELU(),
        FieldProjection(vec, width, 1, 3, layer=layer),
    )


def penalty_for(family: str, model: nn.Module, hp: dict[str, float]):
    if family.startswith("ldr"):
        lam = hp.get("ldr_penalty", 1e-4)
        return lambda: lam * displacement_penalty(model)
    if family in ("rpp", "relaxed"):
        return lambda: prior_penalty(model)
    return None


# ---------------------------------------------------------------------- data
def coarsen(v: np.ndarray, k: int) -> np.ndarray:
    """Average ``k x k`` blocks of ``(..., 2, N, N)`` fields (commutes with quarter turns
    about the centre when ``N / k`` is even... and whenever ``k`` divides ``N``)."""
    if k == 1:
        return v
    *lead, d, n, _ = v.shape
    return v.reshape(*lead, d, n // k, k, n // k, k).mean(axis=(-3, -1))


def _every(x: np.ndarray, n_starts: int, stride: int) -> np.ndarray:
    """Mask keeping every ``stride``-th start of each task (samples are task-major)."""
    return (np.arange(len(x)) % n_starts) % stride == 0


def load(args: Any) -> tuple[dict[str, tuple[torch.Tensor, torch.Tensor]], Any, dict]:
    cfg = pdata.QUICK if args.quick else pdata.FULL
    vel, meta = pdata.load_or_generate(cfg, args.data_dir)
    vel = coarsen(vel, args.coarsen)
    sp = pdata.splits(vel, cfg)
    starts = {
        "train": cfg.train_starts,
        "val": cfg.val_starts,
        "future": cfg.future_starts,
        "domain": cfg.domain_starts,
    }
    strides = {
        "train": args.train_stride,
        "val": args.val_stride,
        "future": args.test_stride,
        "domain": args.test_stride,
    }
    out = {}
    for name, (x, y) in sp.items():
        k = max(1, strides[name])
        if k > 1:
            keep = _every(x, starts[name][1] - starts[name][0], k)
            x, y = x[keep], y[keep]
        out[name] = (
            torch.from_numpy(np.ascontiguousarray(x)),
            torch.from_numpy(np.ascontiguousarray(y)),
        )
    meta = {
        **meta,
        "learn_grid": vel.shape[-1],
        "coarsen": args.coarsen,
        "symmetry_gap": pdata.symmetry_gap(vel, cfg),
    }
    return out, cfg, meta


@torch.no_grad()
def rollout_rmse(model: Forecaster, x: torch.Tensor, y: torch.Tensor, batch: int = 256) -> float:
    model.eval()
    horizon = model.horizon
    model.horizon = y.shape[1]
    sq, count = 0.0, 0
    for lo in range(0, len(x), batch):
        pred = model(x[lo : lo + batch])
        sq += float((pred - y[lo : lo + batch]).double().square().sum())
        count += pred.numel()
    model.horizon = horizon
    return math.sqrt(sq / count)


@torch.no_grad()
def step_equivariance(model: Forecaster, x: torch.Tensor, S: Any) -> float:
    """Mean relative C4 equivariance error of the one-step map on ``x`` (quarter turns)."""
    act = FieldAction(FieldType(S, "standard"))
    rep = equivariance_error(model.one, x, act, act, elements=[S.point(p) for p in (1, 2, 3)])
    return rep.mean


# ---------------------------------------------------------------------- run
def run(args: Any) -> dict[str, Any]:
    data, cfg, meta = load(args)
    xtr, ytr = data["train"]
    scale = float(ytr.std())
    n = xtr.shape[-1]
    S = spatial_group((n, n), "C4")
    frames = cfg.inputs
    epochs = args.epochs or (2 if args.quick else 10)
    models = args.models or (
        ["cnn", "exact", "ldr1-point", "rpp", "relaxed"] if args.quick else list(ALL_MODELS)
    )
    width = args.width if not args.quick else 4
    cnn_width = args.cnn_width if not args.quick else 8
    budget = 2 if args.quick and args.budget is None else (args.budget or 3)

    def fit(
        family: str, hp: dict[str, float], seed: int, extra: dict[str, Any], w: int | None = None
    ) -> dict[str, Any]:
        seed_all(seed)
        wd = w if w is not None else (cnn_width if family == "cnn" else width)
        model = Forecaster(build_step(family, S, frames, wd, hp), cfg.outputs, scale)
        with Timer() as tm:
            hist = train(
                model,
                xtr,
                ytr,
                nn.functional.mse_loss,
                epochs=epochs,
                lr=hp["lr"],
                batch=args.batch,
                seed=seed,
                penalty=penalty_for(family, model.step, hp),
            )
        res = {
            "val": rollout_rmse(model, *data["val"]),
            "train_seconds": tm.seconds,
            "final_train_loss": hist[-1],
            "parameters": n_params(model),
            "width": wd,
        }
        if extra.get("phase") != "tune":
            res["future"] = rollout_rmse(model, *data["future"])
            res["domain"] = rollout_rmse(model, *data["domain"])
            res["equivariance_error"] = step_equivariance(model, data["val"][0][:16], S)
            print(
                f"  {family:14s} seed {seed} width {wd}: val {res['val']:.4f} future "
                f"{res['future']:.4f} domain {res['domain']:.4f} eq {res['equivariance_error']:.3g}"
                f"  {n_params(model)} params  {tm.seconds:.0f}s",
                flush=True,
            )
        return res

    persistence = {
        k: math.sqrt(float((data[k][1] - data[k][0][:, -1:]).double().square().mean()))
        for k in ("val", "future", "domain")
    }
    print(
        f"grid {n}x{n}, train {len(xtr)} / val {len(data['val'][0])} / future "
        f"{len(data['future'][0])} / domain {len(data['domain'][0])} samples; persistence "
        + ", ".join(f"{k} {v:.3f}" for k, v in persistence.items()),
        flush=True,
    )
    given = args.sweep_from or args.chosen_from
    if given:
        chosen = {}
        for path in given:
            chosen.update(
                {r["model"]: r["chosen"] for r in json.loads(path.read_text())["results"]}
            )
        missing = [m for m in models if m not in chosen]
        if missing:
            raise SystemExit(
                f"{[str(p) for p in given]} have no tuned hyper-parameters for {missing}"
            )
        rows = []
        if args.chosen_from:  # final runs only (more seeds for an already tuned model)
            for fam in models:
                runs = [
                    {"seed": s, **fit(fam, chosen[fam], s, {"phase": "final"})} for s in args.seeds
                ]
                rows.append(summary_row(fam, {"runs": runs, "chosen": chosen[fam], "trials": []}))
    else:
        results = run_protocol(
            models, fit, budget=budget, seeds=args.seeds, tune_seed=args.tune_seed
        )
        chosen = {fam: results[fam]["chosen"] for fam in models}
        rows = [summary_row(fam, results[fam]) for fam in models]
    sweep = []
    if args.widths or args.cnn_widths:
        for fam in models:
            widths = args.cnn_widths if fam == "cnn" else args.widths
            for wd in widths:
                for s in args.sweep_seeds:
                    res = fit(fam, chosen[fam], s, {"phase": "sweep"}, w=wd)
                    sweep.append({"model": fam, "seed": s, **res})
    return {
        "experiment": NAME,
        "quick": args.quick,
        "provenance": provenance(),
        "config": {
            "plume": {k: v for k, v in meta["config"].items()},
            "learn_grid": n,
            "coarsen": args.coarsen,
            "train_stride": args.train_stride,
            "epochs": epochs,
            "width": width,
            "cnn_width": cnn_width,
            "batch": args.batch,
            "budget": budget,
            "tune_seed": args.tune_seed,
            "seeds": args.seeds,
            "models": models,
            "widths": args.widths,
            "cnn_widths": args.cnn_widths,
            "sweep_seeds": args.sweep_seeds,
            "samples": {k: len(v[0]) for k, v in data.items()},
            "velocity_scale": scale,
        },
        "data": {
            "generation_seconds": meta["generation_seconds"],
            "phiflow": meta["phiflow"],
            "symmetry_gap": meta["symmetry_gap"],
            "file": meta["file"],
        },
        "persistence": persistence,
        "published": PUBLISHED,
        "environment": environment(),
        "results": rows,
        "paired": paired_table(rows),
        "sweep": sweep,
        "param_factors": param_factors(sweep, models) if sweep else {},
    }


def summary_row(fam: str, res: dict[str, Any]) -> dict[str, Any]:
    runs = res["runs"]
    keys = ("val", "future", "domain", "equivariance_error", "train_seconds")
    return {
        "model": fam,
        "parameters": runs[0]["parameters"],
        "chosen": res["chosen"],
        **{k: mean_std([r[k] for r in runs]) for k in keys},
        "runs": runs,
        "trials": res["trials"],
    }


def paired_table(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """Paired differences (same seeds) of every LDR model against every non-LDR model."""
    by = {r["model"]: r for r in rows}
    out = {}
    for a in by:
        if not a.startswith("ldr"):
            continue
        for b in by:
            if b.startswith("ldr"):
                continue
            ra = {r["seed"]: r for r in by[a]["runs"]}
            rb = {r["seed"]: r for r in by[b]["runs"]}
            common = sorted(set(ra) & set(rb))
            if len(common) < 2:
                continue
            out[f"{a} vs {b}"] = {
                split: paired([ra[s][split] for s in common], [rb[s][split] for s in common])
                for split in ("future", "domain")
            }
    return out


def _combine_rows(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Rows of one model from several files (tuning + some seeds, more seeds with
    ``--chosen-from``): runs concatenated (by seed), statistics recomputed; the chosen
    hyper-parameters must agree."""
    by: dict[str, list[dict[str, Any]]] = {}
    for r in rows:
        by.setdefault(r["model"], []).append(r)
    out = []
    for fam, parts in by.items():
        chosen = parts[0]["chosen"]
        if any(p["chosen"] != chosen for p in parts):
            raise ValueError(f"{fam}: the files chose different hyper-parameters")
        runs = sorted((run for p in parts for run in p["runs"]), key=lambda r: r["seed"])
        seeds = [r["seed"] for r in runs]
        if len(set(seeds)) != len(seeds):
            raise ValueError(f"{fam}: seed(s) run twice across the files: {seeds}")
        trials = next((p["trials"] for p in parts if p["trials"]), [])
        out.append(summary_row(fam, {"runs": runs, "chosen": chosen, "trials": trials}))
    return out


def merge(paths: list[Path]) -> dict[str, Any]:
    """One payload from runs of disjoint model sets (and width sweeps) on the same data and
    protocol: results, sweeps and timings are concatenated, comparisons recomputed."""
    parts = [json.loads(Path(p).read_text()) for p in paths]
    base = next((p for p in parts if p["results"]), parts[0])
    keys = ("learn_grid", "epochs", "budget", "samples", "train_stride")
    for p in parts:
        if p["data"]["file"] != base["data"]["file"]:
            raise ValueError(f"{p['data']['file']} and {base['data']['file']}: different data")
        diff = [k for k in keys if p["config"].get(k) != base["config"].get(k)]
        if diff and p["results"]:
            raise ValueError(f"runs differ in {diff}; merge only runs of one protocol")
    rows = _combine_rows([r for p in parts for r in p["results"]])
    sweep = [r for p in parts for r in p["sweep"]]
    # the tuned runs at the base width are points of the sweep too (same seeds)
    swept = {(r["model"], r["seed"], r["width"]) for r in sweep}
    seeds_of = {}
    for r in sweep:
        seeds_of.setdefault(r["model"], set()).add(r["seed"])
    for row in rows:
        for run in row["runs"]:
            key = (row["model"], run["seed"], run["width"])
            if run["seed"] in seeds_of.get(row["model"], ()) and key not in swept:
                sweep.append({"model": row["model"], **run})
    models = [r["model"] for r in rows]
    models += sorted({r["model"] for r in sweep} - set(models))
    out = dict(base)
    out["config"] = {
        **base["config"],
        "models": models,
        "seeds": sorted({r["seed"] for row in rows for r in row["runs"]}),
        "widths": sorted({w for p in parts for w in p["config"]["widths"]}),
        "cnn_widths": sorted({w for p in parts for w in p["config"]["cnn_widths"]}),
    }
    out["merged_from"] = [
        {"file": str(p), "provenance": q["provenance"], "total_seconds": q.get("total_seconds")}
        for p, q in zip(paths, parts, strict=True)
    ]
    out["results"], out["sweep"] = rows, sweep
    out["paired"] = paired_table(rows)
    out["param_factors"] = param_factors(sweep, models) if sweep else {}
    out["total_seconds"] = sum(q.get("total_seconds") or 0.0 for q in parts)
    return out


def param_factors(sweep: list[dict[str, Any]], models: list[str]) -> dict[str, Any]:
    """For each LDR model and baseline B at each of B's widths: the parameters the LDR model
    needs (log-log interpolation of its width sweep) to reach B's mean future RMSE, and the
    factor ``params(B) / params(LDR)`` (> 1: LDR needs fewer)."""
    curves: dict[str, list[tuple[int, float]]] = {}
    for fam in models:
        by_w: dict[int, list[dict[str, Any]]] = {}
        for r in sweep:
            if r["model"] == fam:
                by_w.setdefault(r["width"], []).append(r)
        curves[fam] = sorted(
            (rs[0]["parameters"], float(np.mean([r["future"] for r in rs]))) for rs in by_w.values()
        )
    out = {}
    for a in models:
        if not a.startswith("ldr"):
            continue
        for b in models:
            if b.startswith("ldr"):
                continue
            entries = []
            for pb, mb in curves[b]:
                need = params_factor(curves[a], mb)
                entries.append(
                    {
                        "baseline_params": pb,
                        "baseline_future": mb,
                        "ldr_params_needed": need,
                        "factor": None if need is None else pb / need,
                    }
                )
            out[f"{a} vs {b}"] = entries
    return out


def plot(payload: dict[str, Any], path: Path) -> bool:
    plt = pyplot()
    if plt is None:
        return False
    fig, axes = plt.subplots(1, 3, figsize=(15, 4.2))
    rows = payload["results"]
    names = [r["model"] for r in rows]
    xs = np.arange(len(rows))
    for off, split in ((-0.2, "future"), (0.2, "domain")):
        axes[0].errorbar(
            xs + off,
            [r[split]["mean"] for r in rows],
            yerr=[r[split]["std"] for r in rows],
            fmt="o",
            capsize=3,
            label=split,
        )
    axes[0].axhline(
        payload["persistence"]["future"], color="gray", ls=":", lw=0.8, label="persistence (future)"
    )
    axes[0].set_xticks(xs, names, rotation=45, ha="right", fontsize=8)
    axes[0].set_ylabel("rollout RMSE (velocity units)")
    axes[0].set_title("tuned on validation, mean ± std over seeds")
    axes[0].legend(fontsize=8)
    sweep = payload.get("sweep") or []
    for key, ax, label in (
        ("parameters", axes[1], "parameters"),
        ("train_seconds", axes[2], "training seconds (1 thread)"),
    ):
        for fam in names:
            pts: dict[int, list[dict[str, Any]]] = {}
            for r in sweep:
                if r["model"] == fam:
                    pts.setdefault(r["width"], []).append(r)
            if not pts:
                r = next(x for x in rows if x["model"] == fam)
                xv = [r["parameters"] if key == "parameters" else r["train_seconds"]["mean"]]
                yv = [r["future"]["mean"]]
            else:
                ws = sorted(pts)
                xv = [float(np.mean([r[key] for r in pts[w]])) for w in ws]
                yv = [float(np.mean([r["future"] for r in pts[w]])) for w in ws]
            ax.plot(xv, yv, marker="o", label=fam)
        ax.set_xscale("log")
        ax.set_xlabel(label)
        ax.set_ylabel("future RMSE")
        ax.set_title(f"future RMSE vs {label.split(' ')[0]}")
    axes[1].legend(fontsize=7)
    return save_figure(fig, path)


def main(argv: list[str] | None = None) -> int:
    p = base_parser(__doc__.splitlines()[0], NAME)
    p.add_argument("--models", nargs="+", default=None, choices=ALL_MODELS)
    p.add_argument("--data-dir", type=Path, default=pdata.DEFAULT_DIR)
    p.add_argument(
        "--coarsen",
        type=int,
        default=1,
        help="average k x k blocks of the cached learning grid (32x32 -> 32/k)",
    )
    p.add_argument(
        "--train-stride",
        type=int,
        default=1,
        help="keep every k-th training start (fewer, less correlated samples)",
    )
    p.add_argument("--val-stride", type=int, default=1, help="every k-th validation start")
    p.add_argument(
        "--test-stride",
        type=int,
        default=1,
        help="every k-th start of the future and domain test splits",
    )
    p.add_argument("--width", type=int, default=8, help="channels of group models")
    p.add_argument("--cnn-width", type=int, default=24, help="channels of the CNN")
    p.add_argument("--batch", type=int, default=16)
    p.add_argument(
        "--budget",
        type=int,
        default=None,
        help="tuning configurations per model (default 3; quick 2)",
    )
    p.add_argument("--tune-seed", type=int, default=0)
    p.add_argument(
        "--widths",
        type=int,
        nargs="*",
        default=[],
        help="width sweep of group models (empty: no sweep)",
    )
    p.add_argument("--cnn-widths", type=int, nargs="*", default=[])
    p.add_argument("--sweep-seeds", type=int, nargs="+", default=[0])
    p.add_argument(
        "--sweep-from",
        type=Path,
        nargs="+",
        default=None,
        help="skip tuning: width sweep with the hyper-parameters chosen in this JSON",
    )
    p.add_argument(
        "--chosen-from",
        type=Path,
        nargs="+",
        default=None,
        help="skip tuning: final runs on --seeds with the hyper-parameters chosen in these JSONs",
    )
    p.add_argument(
        "--merge",
        type=Path,
        nargs="+",
        default=None,
        help="combine result JSONs (disjoint models / sweeps) into --json",
    )
    p.add_argument("--replot", action="store_true")
    args = finish_args(p.parse_args(argv), NAME)
    if args.quick and args.seeds == [0]:
        args.seeds = [0, 1]
    if args.merge:
        payload = merge(args.merge)
        write_json(args.json, payload)
        print(f"wrote {args.json}")
        if not args.no_plot and plot(payload, args.plot):
            print(f"wrote {args.plot}")
        report(payload)
        return 0
    if args.replot:
        if plot(json.loads(args.json.read_text()), args.plot):
            print(f"wrote {args.plot}")
        return 0
    report(run_and_save(args, run, plot))
    return 0


def report(payload: dict[str, Any]) -> None:
    print(f"{'model':14s} {'params':>7s}  {'future':>15s}  {'domain':>15s}")
    for r in payload["results"]:
        print(
            f"{r['model']:14s} {r['parameters']:7d}  {r['future']['mean']:.4f} ± "
            f"{r['future']['std']:.4f}  {r['domain']['mean']:.4f} ± {r['domain']['std']:.4f}"
        )
    for name, comp in payload.get("paired", {}).items():
        f = comp["future"]
        print(
            f"{name:28s} future diff {f['mean_diff']:+.4f} [{f['ci95'][0]:+.4f}, "
            f"{f['ci95'][1]:+.4f}], wins {f['wins']}/{f['n']}"
        )


if __name__ == "__main__":
    sys.exit(main())
