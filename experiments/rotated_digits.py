"""Rotated digits: exact, approximate and learned equivariance on scikit-learn's 8x8 digits.

The digits (1797 images, shipped with scikit-learn, no download) are placed on an ``T x T``
torus and moved by the point group ``P`` (C4: quarter turns; D4 with ``--flips``: also
mirrors) acting on pixels as in :class:`groupmat.algebra.crystal._spatial.SpatialGroup`
(``x -> p x``), in two settings:

- ``full``: every image (train and test) gets a uniformly random element of ``P``: the task is
  exactly ``P``-invariant;
- ``partial``: an image is transformed with probability ``--prob`` (default 0.25), otherwise
  left upright: orientation carries information (a 6 is mostly a 6, not a rotated 9), so exact
  invariance is too strong.

Models (all translation-equivariant on the torus, invariant heads for group models): ``cnn``
(plain convolutions, wider to match parameters), ``exact-p4`` / ``exact-p4m`` (GMConv lifting
+ two group layers + invariant max pool), ``ldr1/2/3`` (``ldr1/2/4`` with ``--flips``; the
same with LDRGMConv layers of displacement rank r, factors over point channels), ``rpp``
(residual pathway prior), ``relaxed`` (relaxed group convolution, two banks), ``wsharing``
(learned weight sharing, Sinkhorn, temperature annealed geometrically from ``--t-start`` to
``--t-end``). Reported per model and setting: test accuracy (mean ± std over seeds), parameter
count, measured invariance error of the logits under ``P`` and the training time.

Usage::

    python experiments/rotated_digits.py --quick            # seconds
    python experiments/rotated_digits.py                    # full run (see experiments/README.md)
    python experiments/rotated_digits.py --flips --settings full
"""

from __future__ import annotations

import json
from typing import Any

import numpy as np
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
    sinkhorn_annealer,
    sweep_panels,
    train,
)
from _models import group_layer, ldr_rank, pixel_layer
from _protocol import paired_table, provenance, run_protocol, sweep_factors
from torch import nn

from groupmat import spatial_group
from groupmat.nn import (
    InvariantPool,
    SpatialAction,
    TrivialAction,
    WeightSharingConv,
    displacement_penalty,
    displacement_report,
    equivariance_error,
    prior_penalty,
)

NAME = "rotated_digits"
ALL_MODELS = (
    "cnn",
    "exact-p4",
    "exact-p4m",
    "ldr1",
    "ldr2",
    "ldr3",
    "ldr4",
    "rpp",
    "relaxed",
    "wsharing",
)


# ---------------------------------------------------------------------- data
def load_digits_array() -> tuple[np.ndarray, np.ndarray]:
    try:
        from sklearn.datasets import load_digits
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise SystemExit(
            "rotated_digits needs scikit-learn (pip install scikit-learn; it ships the digits)"
        ) from exc
    d = load_digits()
    return d.images.astype(np.float32) / 16.0, d.target.astype(np.int64)


def transform_images(images: np.ndarray, S: Any, elements: np.ndarray) -> np.ndarray:
    """Move each ``T x T`` image by its point-group element (``x -> p x`` on the torus)."""
    flat = images.reshape(len(images), -1)
    perms = S.pixel_permutations(
        np.asarray([S.point(int(p)) for p in range(len(S.point_group))])
    )  # (|P|, T T): pixel x goes to perms[p, x]
    out = np.empty_like(flat)
    for p in range(len(S.point_group)):
        sel = elements == p
        out[np.flatnonzero(sel)[:, None], perms[p][None, :]] = flat[sel]
    return out.reshape(images.shape)


def make_data(
    S: Any,
    setting: str,
    prob: float,
    seed: int,
    n_train: int,
    n_test: int,
    torus: int,
    n_val: int = 0,
) -> dict[str, torch.Tensor]:
    """Train / validation / test splits (disjoint images; ``n_test = 0``: every image left
    after training and validation)."""
    images, labels = load_digits_array()
    if n_test == 0:
        n_test = len(images) - n_train - n_val
    if n_train < 1 or n_test < 1 or n_val < 0 or n_train + n_val + n_test > len(images):
        raise SystemExit(
            f"--train {n_train}, --val {n_val} and --test {n_test} must be positive and add up "
            f"to at most {len(images)} (the digits data set)"
        )
    rng = np.random.default_rng(seed)
    order = rng.permutation(len(images))[: n_train + n_val + n_test]
    images, labels = images[order], labels[order]
    canvas = np.zeros((len(images), torus, torus), dtype=np.float32)
    off = (torus - 8) // 2
    canvas[:, off : off + 8, off : off + 8] = images
    n_p = len(S.point_group)
    elements = rng.integers(0, n_p, size=len(images))
    if setting == "partial":
        elements = np.where(rng.random(len(images)) < prob, elements, 0)
    elif setting != "full":
        raise ValueError(f"unknown setting {setting!r}")
    moved = transform_images(canvas, S, elements)
    x = torch.from_numpy(moved)[:, None]
    y = torch.from_numpy(labels)
    return {
        "x_train": x[:n_train],
        "y_train": y[:n_train],
        "x_val": x[n_train : n_train + n_val],
        "y_val": y[n_train : n_train + n_val],
        "x_test": x[n_train + n_val :],
        "y_test": y[n_train + n_val :],
    }


# ---------------------------------------------------------------------- models
class PoolHead(nn.Module):
    """Max over every axis after the channels, then a linear classifier."""

    def __init__(self, channels: int, classes: int = 10) -> None:
        super().__init__()
        self.fc = nn.Linear(channels, classes)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.fc(x.flatten(2).amax(-1))


def build_model(
    family: str, S: dict[str, Any], width: int, cnn_width: int, options: dict[str, Any]
) -> nn.Module:
    """Three layers (the last ``head`` channels wide), a max pool over every position and a
    linear classifier. Group models pool over the whole group (invariant head)."""
    act = nn.GELU  # no dead units: ReLU + max pool occasionally collapsed (one p4m seed)
    head = options["head"]
    if family == "cnn":
        P = S["main"]
        return nn.Sequential(
            pixel_layer(P.pixels, 1, cnn_width, 3),
            act(),
            pixel_layer(P.pixels, cnn_width, cnn_width, 3),
            act(),
            pixel_layer(P.pixels, cnn_width, 2 * head, 3),
            act(),
            PoolHead(2 * head),
        )
    if family == "wsharing":
        n = len(S["main"].point_group)
        ws = {
            "iterations": options["sinkhorn_iters"],
            "noise": options["ws_noise"],
            "kernel_size": 3,
        }
        return nn.Sequential(
            WeightSharingConv(1, width, n, **ws),
            act(),
            WeightSharingConv(width, width, n, in_elements=n, **ws),
            act(),
            WeightSharingConv(width, head, n, in_elements=n, **ws),
            act(),
            PoolHead(head),
        )
    key = {"exact-p4": "C4", "exact-p4m": "D4"}.get(family)
    G = S[key] if key else S["main"]
    kind = "exact" if key else family
    return nn.Sequential(
        group_layer(kind, G.pixels, G, 1, width, 3, options),
        act(),
        group_layer(kind, G, G, width, width, 3, options),
        act(),
        group_layer(kind, G, G, width, head, 3, options),
        act(),
        InvariantPool("max"),
        nn.Linear(head, 10),
    )


def penalty_for(family: str, model: nn.Module, options: dict[str, Any]):
    if ldr_rank(family) is not None:
        lam = options["ldr_penalty"]
        return (lambda: lam * displacement_penalty(model)) if lam > 0 else None
    if family in ("rpp", "relaxed"):
        return lambda: prior_penalty(model)
    return None


@torch.no_grad()
def accuracy(model: nn.Module, x: torch.Tensor, y: torch.Tensor, batch: int = 256) -> float:
    correct = 0
    for lo in range(0, len(x), batch):
        correct += int((model(x[lo : lo + batch]).argmax(1) == y[lo : lo + batch]).sum())
    return correct / len(x)


# ---------------------------------------------------------------------- run
def run(args: Any) -> dict[str, Any]:
    """Per setting: one fixed train / validation / test split; every model tuned on
    validation error with the same budget (``_protocol.run_protocol``), the chosen
    configuration retrained on every seed, paired differences of the LDR models against the
    others (test error), an optional width sweep."""
    quick = args.quick
    torus = args.torus
    point = "D4" if args.flips else "C4"
    S = {"C4": spatial_group((torus, torus), "C4"), "D4": spatial_group((torus, torus), "D4")}
    S["main"] = S[point]
    sizes = {
        "n_train": 80 if quick else args.train,
        "n_val": 40 if quick else args.val,
        "n_test": 60 if quick else args.test,
    }
    epochs = args.epochs or (2 if quick else 20)
    width = 4 if quick else args.width
    cnn_width = 6 if quick else args.cnn_width
    head = 8 if quick else args.head
    budget = args.budget or (2 if quick else 3)
    options = {
        "ldr_penalty": args.ldr_penalty,
        "sinkhorn_iters": 10 if quick else 20,
        "head": head,
        "t_start": args.t_start,
        "t_end": args.t_end,
        "ws_noise": args.ws_noise,
    }
    # modulate="point" on C4 reaches coefficient displacement rank |P| - 1 = 3 at most (rank 4
    # would only add parameters; docs/concepts/displacement.md), on D4 rank 7
    cap = "ldr4" if args.flips else "ldr3"
    full = [m for m in ALL_MODELS if m not in ("ldr3", "ldr4")] + [cap]
    models = args.models or (["cnn", "exact-p4", "ldr1", "rpp", "relaxed"] if quick else full)
    points = [S["main"].point(p) for p in range(1, len(S["main"].point_group))]
    rows: list[dict[str, Any]] = []
    comparisons: dict[str, Any] = {}
    sweep: list[dict[str, Any]] = []
    factors: dict[str, Any] = {}
    for setting in args.settings:
        data = make_data(S["main"], setting, args.prob, args.data_seed, torus=torus, **sizes)

        def fit(
            family: str,
            hp: dict[str, float],
            seed: int,
            extra: dict[str, Any],
            w: int | None = None,
            data: dict[str, torch.Tensor] = data,
            setting: str = setting,
        ) -> dict[str, Any]:
            seed_all(1000 + seed)
            opts = {**options, **hp}
            wd = w if w is not None else (cnn_width if family == "cnn" else width)
            model = build_model(family, S, wd, wd, opts)
            anneal = (
                sinkhorn_annealer(model, args.t_start, args.t_end, epochs)
                if family == "wsharing"
                else None
            )
            with Timer() as t:
                hist = train(
                    model,
                    data["x_train"],
                    data["y_train"],
                    nn.functional.cross_entropy,
                    epochs=epochs,
                    lr=hp["lr"],
                    batch=args.batch,
                    seed=seed,
                    penalty=penalty_for(family, model, opts),
                    on_epoch=anneal,
                )
            val_acc = accuracy(model, data["x_val"], data["y_val"])
            res: dict[str, Any] = {
                "val": 1.0 - val_acc,
                "val_accuracy": val_acc,
                "train_seconds": t.seconds,
                "final_train_loss": hist[-1],
                "parameters": n_params(model),
                "width": wd,
            }
            if extra.get("phase") != "tune":
                acc = accuracy(model, data["x_test"], data["y_test"])
                xs = data["x_test"][:64]
                res["accuracy"] = acc
                res["error"] = 1.0 - acc
                res["invariance_error"] = equivariance_error(
                    model, xs, SpatialAction(S["main"]), TrivialAction(), elements=points
                ).mean
                if family not in ("cnn", "wsharing") and extra.get("phase") == "final":
                    res["layers"] = displacement_report(model, xs[:16]).as_dicts()
                print(
                    f"{setting:8s} {family:10s} seed {seed} width {wd}: val {val_acc:.4f} "
                    f"test {acc:.4f}  inv.err {res['invariance_error']:.3g}  "
                    f"{res['parameters']} params  {t.seconds:.1f}s",
                    flush=True,
                )
            return res

        out = run_protocol(
            models,
            fit,
            budget=budget,
            seeds=args.seeds,
            tune_seed=args.tune_seed,
            defaults={"lr": args.lr, **options},
            log=lambda line, setting=setting: print(f"{setting:8s}{line}", flush=True),
        )
        here = []
        for family in models:
            runs = out[family]["runs"]
            here.append(
                {
                    "setting": setting,
                    "model": family,
                    "parameters": runs[0]["parameters"],
                    "chosen": out[family]["chosen"],
                    "val_accuracy": mean_std([r["val_accuracy"] for r in runs]),
                    "accuracy": mean_std([r["accuracy"] for r in runs]),
                    "invariance_error": mean_std([r["invariance_error"] for r in runs]),
                    "train_seconds": mean_std([r["train_seconds"] for r in runs]),
                    "runs": runs,
                    "trials": out[family]["trials"],
                }
            )
        rows += here
        comparisons[setting] = paired_table(here, ["error"])
        if setting in args.sweep_settings and (args.widths or args.cnn_widths):
            part = []
            for fam in args.sweep_models or models:
                widths = args.cnn_widths if fam == "cnn" else args.widths
                for wd in widths:
                    for s in args.sweep_seeds:
                        res = fit(fam, out[fam]["chosen"], s, {"phase": "sweep"}, w=wd)
                        part.append({"setting": setting, "model": fam, "seed": s, **res})
                for r in out[fam]["runs"]:
                    if r["seed"] in args.sweep_seeds and r["width"] not in widths:
                        part.append({"setting": setting, "model": fam, **r})
            sweep += part
            factors[setting] = sweep_factors(part, args.sweep_models or models, "error")
    return {
        "experiment": NAME,
        "quick": quick,
        "provenance": provenance(),
        "protocol": True,
        "config": {
            "torus": torus,
            "point_group": point,
            "settings": args.settings,
            "prob": args.prob,
            "seeds": args.seeds,
            "data_seed": args.data_seed,
            "epochs": epochs,
            "width": width,
            "cnn_width": cnn_width,
            "budget": budget,
            "tune_seed": args.tune_seed,
            "default_lr": args.lr,
            "batch": args.batch,
            "models": models,
            "widths": args.widths,
            "cnn_widths": args.cnn_widths,
            "sweep_settings": args.sweep_settings,
            "sweep_seeds": args.sweep_seeds,
            "sweep_models": args.sweep_models or models,
            **sizes,
            "n_test_actual": len(data["y_test"]),
            **options,
        },
        "environment": environment(),
        "results": rows,
        "paired": comparisons,
        "sweep": sweep,
        "param_factors": factors,
    }


def plot(payload: dict[str, Any], path: Any) -> bool:
    plt = pyplot()
    if plt is None:
        return False
    settings = payload["config"]["settings"]
    swept = {r["setting"] for r in payload.get("sweep") or []}
    sweep_settings = [s for s in settings if s in swept]
    cols = max(2, len(settings))
    nrows = 1 + len(sweep_settings)
    fig, axes = plt.subplots(nrows, cols, figsize=(5.5 * cols, 3.8 * nrows), squeeze=False)
    for row, setting in zip(axes[1:], sweep_settings, strict=True):
        here = [r for r in payload["sweep"] if r["setting"] == setting]
        sweep_panels(
            row[:2],
            here,
            "error",
            scale=100,
            label="test error (%)",
            title=f"width sweep, {setting}",
        )
    for ax in axes[0][len(settings) :]:
        ax.axis("off")
    for ax, setting in zip(axes[0], settings, strict=True):
        rows = [r for r in payload["results"] if r["setting"] == setting]
        names = [r["model"] for r in rows]
        means = [100 * r["accuracy"]["mean"] for r in rows]
        stds = [100 * r["accuracy"]["std"] for r in rows]
        ax.bar(range(len(rows)), means, yerr=stds, capsize=3, color="tab:blue", alpha=0.8)
        ax.set_xticks(range(len(rows)), names, rotation=40, ha="right")
        lo = min(m - s for m, s in zip(means, stds, strict=True))
        ax.set_ylim(max(0, lo - 5), 100)
        ax.set_ylabel("test accuracy (%)")
        extra = f", p={payload['config']['prob']}" if setting == "partial" else ""
        ax.set_title(f"{setting} {payload['config']['point_group']}{extra}")
    return save_figure(fig, path)


def main(argv: list[str] | None = None) -> int:
    p = base_parser(__doc__.splitlines()[0], NAME)
    p.add_argument(
        "--settings", nargs="+", default=["full", "partial"], choices=["full", "partial"]
    )
    p.add_argument(
        "--prob",
        type=float,
        default=0.25,
        help="partial setting: probability that an image is transformed",
    )
    p.add_argument("--flips", action="store_true", help="D4 (rotations and mirrors) not C4")
    p.add_argument("--models", nargs="+", default=None, choices=ALL_MODELS)
    p.add_argument("--torus", type=int, default=8, help="torus side T (>= 8)")
    p.add_argument("--train", type=int, default=600)
    p.add_argument("--val", type=int, default=300, help="validation images (tuning)")
    p.add_argument(
        "--test", type=int, default=0, help="test images (0: all the rest, 897 by default)"
    )
    p.add_argument("--data-seed", type=int, default=0, help="seed of the split (fixed)")
    p.add_argument(
        "--budget", type=int, default=None, help="tuning configurations per model (3; quick 2)"
    )
    p.add_argument("--tune-seed", type=int, default=0)
    p.add_argument("--widths", type=int, nargs="*", default=[], help="width sweep, group models")
    p.add_argument("--cnn-widths", type=int, nargs="*", default=[], help="width sweep, CNN")
    p.add_argument("--sweep-seeds", type=int, nargs="+", default=[0])
    p.add_argument("--sweep-models", nargs="+", default=None, choices=ALL_MODELS)
    p.add_argument(
        "--sweep-settings",
        nargs="*",
        default=["partial"],
        choices=["full", "partial"],
        help="settings in which to run the width sweep",
    )
    p.add_argument("--width", type=int, default=8, help="channels of group models")
    p.add_argument(
        "--head",
        type=int,
        default=32,
        help="channels of the last group layer (the CNN's last layer has twice as "
        "many: no point channels)",
    )
    p.add_argument("--cnn-width", type=int, default=16, help="hidden channels of the CNN")
    p.add_argument(
        "--lr", type=float, default=3e-3, help="learning rate when --budget 1 (else tuned)"
    )
    p.add_argument("--batch", type=int, default=32)
    p.add_argument(
        "--ldr-penalty",
        type=float,
        default=1e-4,
        help="weight of the squared displacement norm for LDR models",
    )
    p.add_argument(
        "--t-start",
        type=float,
        default=1.0,
        help="wsharing: Sinkhorn temperature at the first epoch",
    )
    p.add_argument(
        "--t-end",
        type=float,
        default=0.05,
        help="wsharing: Sinkhorn temperature at the last epoch (geometric annealing)",
    )
    p.add_argument(
        "--ws-noise",
        type=float,
        default=3.0,
        help="wsharing: standard deviation of the initial Sinkhorn logits",
    )
    p.add_argument(
        "--replot", action="store_true", help="only redraw the figure from the --json results"
    )
    args = finish_args(p.parse_args(argv), NAME)
    if args.replot:
        if plot(json.loads(args.json.read_text()), args.plot):
            print(f"wrote {args.plot}")
        return 0
    payload = run_and_save(args, run, plot)
    for r in payload["results"]:
        a = r["accuracy"]
        print(
            f"{r['setting']:8s} {r['model']:10s} {r['parameters']:7d} params  acc "
            f"{100 * a['mean']:.2f} ± {100 * a['std']:.2f}  inv.err "
            f"{r['invariance_error']['mean']:.3g}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
