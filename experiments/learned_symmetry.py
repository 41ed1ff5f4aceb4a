"""Learned symmetry: train learned weight sharing on rotated digits and recover the group.

A :class:`groupmat.nn._weight_sharing.WeightSharingConv` network (a lifting layer whose ``N``
kernel copies are ``R_i w`` for learned doubly stochastic ``R_i`` acting on the ``k x k``
taps, a group layer with its own ``R_i`` on the ``N k^2`` (copy, tap) points, max pool over
copies and pixels, linear classifier) is trained on scikit-learn's 8x8 digits rotated by
random quarter turns (C4; ``--flips``: also mirrored, D4) on an 8x8 torus, with the Sinkhorn
temperature annealed from ``--t-start`` to ``--t-end``; every training batch is moved again by
fresh random elements (``--no-augment`` turns that off), so the 1200 training digits are seen
in all orientations. Afterwards
:func:`groupmat.nn._weight_sharing.recover_group` hardens each layer's ``R_i`` (Hungarian
assignment) and closes them under composition: success means the lifting layer's copies form
C4 (D8, the dihedral group of order 8 = the square's D4, with flips) acting on the taps as the
rotations do. Reported per seed: test accuracy, the recovered groups, whether the learned
permutations *are* the rotations of the window (``matches_rotations``), and the hardness of
the soft matrices and ``kept_initial``: the fraction of learned lifting elements whose
hardened permutation at the end is the one they started at (1 means training only tuned the
kernels around the initial random sharing).

The logits start at ``strength * P + N(0, noise^2)`` with ``P`` the one-hot matrices of the
regular representation (the window's rotations in the lifting layer, the group convolution's
in the group layer): ``--strengths 0`` is a random start (discovery from scratch); positive
strengths start biased towards the answer (with noise ``1``, a margin of 1 leaves ~1% of the
initial hardened lifting permutations equal to the rotations, 2 about 40%, 3 about 90%;
``initial_rotations`` in the JSON) and test whether training finds / keeps it: the size of
the regular representation's basin of attraction. The sweep reports the fraction of seeds
whose lifting layer hardens to the group at each strength.

Usage::

    python experiments/learned_symmetry.py --quick
    python experiments/learned_symmetry.py                 # full run (see experiments/README.md)
    python experiments/learned_symmetry.py --flips
"""

from __future__ import annotations

import argparse
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
    train,
)
from rotated_digits import PoolHead, accuracy, make_data, transform_images
from torch import nn

from groupmat import spatial_group
from groupmat.nn import (
    SinkhornStack,
    SpatialAction,
    TrivialAction,
    WeightSharingConv,
    equivariance_error,
    recover_group,
    spatial_representation,
)

NAME = "learned_symmetry"


def build(
    S: Any, width: int, head: int, kernel: int, iterations: int, strength: float, noise: float
) -> nn.Sequential:
    """Learned lifting + learned group layer, max pool, linear; stacks start at
    ``strength * regular + N(0, noise^2)`` logits (``strength = 0``: random)."""
    n = len(S.point_group)

    def stack(size: int, perms: np.ndarray) -> SinkhornStack:
        init = perms if strength > 0 else "random"
        return SinkhornStack(
            n, size, iterations=iterations, init=init, strength=strength, noise=noise
        )

    lift = stack(kernel * kernel, spatial_representation(S, kernel))
    grp = stack(n * 9, spatial_representation(S, 3, lifting=False))
    return nn.Sequential(
        WeightSharingConv(1, width, n, kernel_size=kernel, representation=lift),
        nn.GELU(),
        WeightSharingConv(width, head, n, in_elements=n, kernel_size=3, representation=grp),
        nn.GELU(),
        PoolHead(head),
    )


def _stacks(model: nn.Sequential) -> list[Any]:
    return [m.stack for m in model if isinstance(m, WeightSharingConv)]


def matches(perms: np.ndarray, reference: np.ndarray) -> bool:
    """Whether the learned permutations are exactly the reference ones (as sets)."""
    a = {tuple(p) for p in np.asarray(perms).tolist()}
    b = {tuple(p) for p in np.asarray(reference).tolist()}
    return a == b


def run(args: Any) -> dict[str, Any]:
    quick = args.quick
    point = "D4" if args.flips else "C4"
    S = spatial_group((8, 8), point)
    n = len(S.point_group)
    epochs = args.epochs or (2 if quick else 60)
    width, head = (4, 8) if quick else (args.width, args.head)
    sizes = dict(n_train=120 if quick else args.train, n_test=80 if quick else args.test)
    reference = spatial_representation(S, args.kernel)  # the rotations (and mirrors) of taps
    target = "D8" if args.flips else "C4"
    strengths = (
        [0.0, 3.0] if quick and args.strengths is None else (args.strengths or [0.0, 1.0, 2.0, 3.0])
    )
    iterations = 10 if quick else args.iterations
    runs, summary = [], []
    for strength in strengths:
        group_runs = []
        for seed in args.seeds:
            data = make_data(S, "full", 1.0, seed, torus=8, **sizes)
            seed_all(3000 + seed)
            model = build(S, width, head, args.kernel, iterations, strength, args.noise)
            stacks = _stacks(model)
            init_hard = stacks[0].hard()
            init_right = float((init_hard[1:] == reference[1:]).all(1).mean())

            def penalty(stacks: list = stacks) -> torch.Tensor:
                return args.entropy * sum(st.entropy() for st in stacks)

            def rotate(xb: torch.Tensor, rng: np.random.Generator) -> torch.Tensor:
                moved = transform_images(xb[:, 0].numpy(), S, rng.integers(0, n, len(xb)))
                return torch.from_numpy(moved)[:, None]

            with Timer() as tm:
                hist = train(
                    model,
                    data["x_train"],
                    data["y_train"],
                    nn.functional.cross_entropy,
                    epochs=epochs,
                    lr=args.lr,
                    batch=32,
                    seed=seed,
                    on_epoch=sinkhorn_annealer(model, args.t_start, args.t_end, epochs),
                    penalty=penalty if args.entropy > 0 else None,
                    augment=rotate if args.augment else None,
                    lr_scale={"logits": args.logit_lr_scale},
                )
            acc = accuracy(model, data["x_test"], data["y_test"])
            points = [S.point(q) for q in range(1, n)]
            inv_err = equivariance_error(
                model, data["x_test"][:64], SpatialAction(S), TrivialAction(), elements=points
            ).mean
            recs = [recover_group(st) for st in stacks]
            lifting = recs[0]
            kept = float((lifting.permutations[1:] == init_hard[1:]).all(1).mean())
            run = {
                "strength": strength,
                "seed": seed,
                "accuracy": acc,
                "invariance_error": inv_err,
                "train_seconds": tm.seconds,
                "final_train_loss": hist[-1],
                "lifting": lifting.as_dict(),
                "initial_rotations": init_right,
                "kept_initial": kept,
                "group_layer": recs[1].as_dict(),
                "recovered": lifting.name == target,
                "matches_rotations": matches(lifting.permutations, reference),
            }
            runs.append(run)
            group_runs.append(run)
            print(
                f"strength {strength:g} seed {seed}: acc {acc:.4f}  inv.err {inv_err:.3g}  "
                f"lifting -> "
                f"{lifting.name} (order {lifting.order}, hardness {lifting.hardness:.3f}, "
                f"rotations {run['matches_rotations']})  group layer -> {recs[1].name} "
                f"(order {recs[1].order})  {tm.seconds:.1f}s",
                flush=True,
            )
            print("   ", lifting.message, flush=True)
        summary.append(
            {
                "strength": strength,
                "accuracy": mean_std([r["accuracy"] for r in group_runs]),
                "invariance_error": mean_std([r["invariance_error"] for r in group_runs]),
                "final_train_loss": mean_std([r["final_train_loss"] for r in group_runs]),
                "recovered_fraction": float(np.mean([r["recovered"] for r in group_runs])),
                "rotations_fraction": float(np.mean([r["matches_rotations"] for r in group_runs])),
                "group_layer_recovered_fraction": float(
                    np.mean([r["group_layer"]["order"] == n for r in group_runs])
                ),
                "hardness": mean_std([r["lifting"]["hardness"] for r in group_runs]),
                "initial_rotations": mean_std([r["initial_rotations"] for r in group_runs]),
                "kept_initial": mean_std([r["kept_initial"] for r in group_runs]),
            }
        )
    return {
        "experiment": NAME,
        "quick": quick,
        "config": {
            "point_group": point,
            "target": target,
            "elements": n,
            "kernel": args.kernel,
            "width": width,
            "head": head,
            "epochs": epochs,
            "lr": args.lr,
            "t_start": args.t_start,
            "t_end": args.t_end,
            "entropy": args.entropy,
            "noise": args.noise,
            "logit_lr_scale": args.logit_lr_scale,
            "strengths": strengths,
            "iterations": iterations,
            "seeds": args.seeds,
            "augment": args.augment,
            **sizes,
        },
        "parameters": n_params(model),
        "summary": summary,
        "environment": environment(),
        "runs": runs,
    }


def plot(payload: dict[str, Any], path: Any) -> bool:
    plt = pyplot()
    if plt is None:
        return False
    summ = payload["summary"]
    fig, ax = plt.subplots(figsize=(5.5, 3.4))
    xs = np.arange(len(summ))
    ax.bar(
        xs - 0.2,
        [100 * s["recovered_fraction"] for s in summ],
        0.4,
        label=f"lifting layer = {payload['config']['target']}",
    )
    ax.bar(
        xs + 0.2,
        [100 * s["accuracy"]["mean"] for s in summ],
        0.4,
        yerr=[100 * s["accuracy"]["std"] for s in summ],
        capsize=3,
        label="test accuracy",
    )
    ax.set_xticks(xs, [f"{s['strength']:g}" for s in summ])
    ax.set_xlabel("initial logit margin towards the regular representation (0 = random)")
    ax.set_ylabel("%")
    ax.set_ylim(0, 105)
    ax.legend(fontsize=8)
    ax.set_title(
        f"learned weight sharing on {payload['config']['point_group']}-rotated digits", fontsize=9
    )
    return save_figure(fig, path)


def main(argv: list[str] | None = None) -> int:
    p = base_parser(__doc__.splitlines()[0], NAME)
    p.add_argument("--flips", action="store_true", help="D4 data and 8 learned elements")
    p.add_argument("--kernel", type=int, default=3, help="lifting window (odd)")
    p.add_argument("--width", type=int, default=8)
    p.add_argument("--head", type=int, default=32)
    p.add_argument("--train", type=int, default=1200)
    p.add_argument("--test", type=int, default=597, help="1797 digits in all")
    p.add_argument("--lr", type=float, default=1e-2)
    p.add_argument("--iterations", type=int, default=20, help="Sinkhorn iterations")
    p.add_argument(
        "--logit-lr-scale",
        type=float,
        default=1.0,
        help="learning-rate factor for the Sinkhorn logits (10: they move faster "
        "than the kernels adapt to them)",
    )
    p.add_argument("--t-start", type=float, default=1.0, help="initial Sinkhorn temperature")
    p.add_argument("--t-end", type=float, default=0.05, help="final Sinkhorn temperature")
    p.add_argument(
        "--entropy",
        type=float,
        default=0.0,
        help="weight of the row-entropy penalty on the soft permutations",
    )
    p.add_argument(
        "--strengths",
        type=float,
        nargs="+",
        default=None,
        help="initial logit margins towards the regular representation (0 = random "
        "start; default 0 1 2 3, quick 0 3)",
    )
    p.add_argument("--noise", type=float, default=1.0, help="std of the initial logit noise")
    p.add_argument(
        "--augment",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="move every training batch by fresh random elements of the point group "
        "(the data stay fully rotated; more distinct views per epoch)",
    )
    args = finish_args(p.parse_args(argv), NAME)
    payload = run_and_save(args, run, plot)
    cfg = payload["config"]
    for s in payload["summary"]:
        print(
            f"strength {s['strength']:g}: accuracy {100 * s['accuracy']['mean']:.2f} ± "
            f"{100 * s['accuracy']['std']:.2f}; lifting layer = {cfg['target']} in "
            f"{s['recovered_fraction']:.0%} of seeds (exactly the rotations in "
            f"{s['rotations_fraction']:.0%}), group layer of order {cfg['elements']} in "
            f"{s['group_layer_recovered_fraction']:.0%}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
