"""What a plume run costs at a given learning grid, measured without the data.

Training and evaluation time of the plume models depends on the shapes (windows, frames,
grid, rollout lengths, batch), not on the values, so one epoch on random fields of the
right shape measures the cost of one epoch on the real data. This script times, per model
and grid, one training epoch (``plume.py``'s ``Forecaster`` and ``train``: Adam, 6-step
rollouts, the model's penalty) and one evaluation of the validation, future and domain
splits (20-step rollouts), and projects the wall time of a protocol run
(``fits = models x (budget + seeds)``, each ``epochs`` epochs plus evaluations).

The default sizes are those of the reference runs (``--train-stride 16 --val-stride 8
--test-stride 10`` on the authors' split: 250 training, 125 validation, 125 future and 100
domain windows; 10 input frames).

Usage::

    python experiments/plume_cost.py --grids 16 32 --models cnn exact ldr1-point
    python experiments/plume_cost.py --quick
"""

from __future__ import annotations

from typing import Any

import torch
from _common import (
    Timer,
    base_parser,
    environment,
    finish_args,
    n_params,
    pyplot,
    run_and_save,
    save_figure,
    train,
)
from plume import Forecaster, build_step, penalty_for, rollout_rmse
from torch import nn

from groupmat import spatial_group

NAME = "plume_cost"


def run(args: Any) -> dict[str, Any]:
    quick = args.quick
    grids = [8] if quick else args.grids
    models = args.models or (["cnn", "exact"] if quick else ["cnn", "exact", "ldr1-point"])
    n_train, n_val, n_future, n_domain = (8, 4, 4, 4) if quick else tuple(args.windows)
    frames, horizon, test_horizon = 10, 6, 4 if quick else 20
    hp = {"lr": 3e-3, "ldr_penalty": 1e-4, "ldr_scale": 1.0}
    gen = torch.Generator().manual_seed(0)
    rows = []
    for n in grids:
        S = spatial_group((n, n), "C4")

        def rand(count: int, t: int, n: int = n) -> torch.Tensor:
            return torch.randn(count, t, 2, n, n, generator=gen)

        xtr, ytr = rand(n_train, frames), rand(n_train, horizon)
        tests = [(rand(k, frames), rand(k, test_horizon)) for k in (n_val, n_future, n_domain)]
        for fam in models:
            width = args.cnn_width if fam == "cnn" else args.width
            model = Forecaster(build_step(fam, S, frames, width, hp), horizon, 1.0)
            with Timer() as tt:
                train(
                    model,
                    xtr,
                    ytr,
                    nn.functional.mse_loss,
                    epochs=1,
                    lr=hp["lr"],
                    batch=args.batch,
                    seed=0,
                    penalty=penalty_for(fam, model.step, hp),
                )
            with Timer() as te:
                for x, y in tests:
                    rollout_rmse(model, x, y)
            fit = args.epochs * tt.seconds + te.seconds
            rows.append(
                {
                    "grid": n,
                    "model": fam,
                    "parameters": n_params(model),
                    "epoch_seconds": tt.seconds,
                    "eval_seconds": te.seconds,
                    "fit_seconds": fit,
                    "run_seconds": (args.budget + args.seeds_count) * fit,
                }
            )
            print(
                f"grid {n:3d} {fam:14s} {n_params(model):7d} params: epoch {tt.seconds:7.1f}s, "
                f"evaluation {te.seconds:6.1f}s; {args.epochs}-epoch fit {fit / 60:6.1f} min; "
                f"budget {args.budget} + {args.seeds_count} seeds "
                f"{(args.budget + args.seeds_count) * fit / 60:6.1f} min",
                flush=True,
            )
    totals = {str(n): sum(r["run_seconds"] for r in rows if r["grid"] == n) for n in grids}
    for n, t in totals.items():
        print(f"grid {n}: whole run for {', '.join(models)}: {t / 3600:.2f} h on one thread")
    return {
        "experiment": NAME,
        "quick": quick,
        "config": {
            "grids": grids,
            "models": models,
            "windows": {"train": n_train, "val": n_val, "future": n_future, "domain": n_domain},
            "frames": frames,
            "horizon": horizon,
            "test_horizon": test_horizon,
            "batch": args.batch,
            "width": args.width,
            "cnn_width": args.cnn_width,
            "epochs": args.epochs,
            "budget": args.budget,
            "seeds": args.seeds_count,
        },
        "environment": environment(),
        "results": rows,
        "projected_run_seconds": totals,
    }


def plot(payload: dict[str, Any], path: Any) -> bool:
    """Projected protocol run time (minutes, one thread) per model, one group of bars per
    grid."""
    plt = pyplot()
    if plt is None:
        return False
    rows = payload["results"]
    grids = payload["config"]["grids"]
    models = payload["config"]["models"]
    fig, ax = plt.subplots(figsize=(6, 3.6))
    width = 0.8 / len(models)
    for k, fam in enumerate(models):
        mins = [
            next(r["run_seconds"] for r in rows if r["grid"] == g and r["model"] == fam) / 60
            for g in grids
        ]
        ax.bar([i + k * width for i in range(len(grids))], mins, width, label=fam)
    ax.set_xticks([i + 0.4 - width / 2 for i in range(len(grids))], [f"{g}x{g}" for g in grids])
    ax.set_ylabel("projected run (min, 1 thread)")
    ax.set_title("plume protocol run cost (budget + seeds fits)")
    ax.legend(fontsize=8)
    return save_figure(fig, path)


def main(argv: list[str] | None = None) -> int:
    p = base_parser(__doc__.splitlines()[0], NAME)
    p.add_argument("--grids", type=int, nargs="+", default=[16, 32])
    p.add_argument(
        "--models",
        nargs="+",
        default=None,
        help="plume.py model families (default: cnn exact ldr1-point)",
    )
    p.add_argument(
        "--windows",
        type=int,
        nargs=4,
        default=[250, 125, 125, 100],
        metavar=("TRAIN", "VAL", "FUTURE", "DOMAIN"),
    )
    p.add_argument("--width", type=int, default=8)
    p.add_argument("--cnn-width", type=int, default=24)
    p.add_argument("--batch", type=int, default=16)
    p.add_argument("--budget", type=int, default=2, help="tuning fits per model (projection)")
    p.add_argument("--seeds-count", type=int, default=5, help="final seeds (projection)")
    p.set_defaults(epochs=16)
    args = finish_args(p.parse_args(argv), NAME)
    run_and_save(args, run, plot)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
