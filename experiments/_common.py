"""Shared plumbing for the experiment scripts: CLI flags, seeding, training loop, summary
statistics, JSON and (optional, lazily imported) matplotlib plots.

The comparison protocol (equal tuning budgets chosen on validation, seeds, paired confidence
intervals, parameter factors from width sweeps, provenance) lives in ``_protocol.py`` and is
re-exported here; :func:`run_and_save` stamps every result file with :func:`provenance`."""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import time
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # run from a checkout without installing
    sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402
import torch  # noqa: E402

RESULTS = ROOT / "experiments" / "results"

from _protocol import (  # noqa: E402, F401  (re-exported: one place for the protocol)
    configurations,
    paired,
    params_factor,
    provenance,
    run_protocol,
)


def base_parser(description: str, name: str) -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        description=description, formatter_class=argparse.ArgumentDefaultsHelpFormatter
    )
    p.add_argument("--quick", action="store_true", help="tiny sizes (seconds; for CI)")
    p.add_argument(
        "--seeds", type=int, nargs="+", default=None, help="seeds (default 0 1 2; quick: 0)"
    )
    p.add_argument("--threads", type=int, default=1, help="torch.set_num_threads")
    p.add_argument(
        "--json",
        type=Path,
        default=None,
        help=f"results file (default experiments/results/{name}[_quick].json)",
    )
    p.add_argument(
        "--plot",
        type=Path,
        default=None,
        help=f"figure (default experiments/results/{name}[_quick].png)",
    )
    p.add_argument("--no-plot", action="store_true", help="skip the figure")
    p.add_argument("--epochs", type=int, default=None, help="override the epoch count")
    return p


def finish_args(args: argparse.Namespace, name: str) -> argparse.Namespace:
    if args.seeds is None:
        args.seeds = [0] if args.quick else [0, 1, 2]
    suffix = "_quick" if args.quick else ""
    if args.json is None:
        args.json = RESULTS / f"{name}{suffix}.json"
    if args.plot is None:
        args.plot = RESULTS / f"{name}{suffix}.png"
    torch.set_num_threads(max(1, int(args.threads)))
    return args


def seed_all(seed: int) -> None:
    """Seed torch (model initialisation); numpy randomness uses explicit Generators."""
    torch.manual_seed(seed)


def n_params(model: torch.nn.Module) -> int:
    return int(sum(p.numel() for p in model.parameters() if p.requires_grad))


def batches(n: int, batch: int, rng: np.random.Generator) -> Iterable[np.ndarray]:
    order = rng.permutation(n)
    for lo in range(0, n, batch):
        yield order[lo : lo + batch]


def train(
    model: torch.nn.Module,
    x: torch.Tensor,
    y: torch.Tensor,
    loss_fn: Callable[[torch.Tensor, torch.Tensor], torch.Tensor],
    *,
    epochs: int,
    lr: float,
    batch: int,
    seed: int,
    penalty: Callable[[], torch.Tensor] | None = None,
    on_epoch: Callable[[int], None] | None = None,
    augment: Callable[[torch.Tensor, np.random.Generator], torch.Tensor] | None = None,
    lr_scale: dict[str, float] | None = None,
) -> list[float]:
    """Adam with a cosine learning-rate schedule; returns the mean training loss per epoch.

    ``augment(x_batch, rng)``, when given, transforms every batch afresh (data augmentation).
    ``lr_scale`` maps a parameter-name suffix (e.g. ``"logits"``) to a learning-rate factor
    for the parameters whose names end with it.
    """
    scale = lr_scale or {}
    groups: dict[float, list[torch.nn.Parameter]] = {}
    for name, param in model.named_parameters():
        factor = next((f for suffix, f in scale.items() if name.endswith(suffix)), 1.0)
        groups.setdefault(factor, []).append(param)
    opt = torch.optim.Adam([{"params": ps, "lr": lr * f} for f, ps in groups.items()], lr=lr)
    steps = max(1, epochs * ((len(x) + batch - 1) // batch))
    sched = torch.optim.lr_scheduler.CosineAnnealingLR(opt, steps)
    rng = np.random.default_rng(seed)
    history = []
    model.train()
    for epoch in range(epochs):
        if on_epoch is not None:
            on_epoch(epoch)
        total, count = 0.0, 0
        for idx in batches(len(x), batch, rng):
            t = torch.as_tensor(idx)
            xb = x[t] if augment is None else augment(x[t], rng)
            loss = loss_fn(model(xb), y[t])
            full = loss + penalty() if penalty is not None else loss
            opt.zero_grad(set_to_none=True)
            full.backward()
            opt.step()
            sched.step()
            total += float(loss.detach()) * len(idx)
            count += len(idx)
        history.append(total / max(count, 1))
    model.eval()
    return history


def sinkhorn_annealer(
    model: torch.nn.Module, t_start: float, t_end: float, epochs: int
) -> Callable[[int], None]:
    """An ``on_epoch`` hook for :func:`train` that sets every Sinkhorn stack's temperature to
    ``t_start * (t_end / t_start) ** (epoch / (epochs - 1))`` (geometric annealing)."""
    from groupmat.nn import SinkhornStack

    stacks = [m for m in model.modules() if isinstance(m, SinkhornStack)]
    ratio = (t_end / t_start) ** (1.0 / max(1, epochs - 1))

    def anneal(epoch: int) -> None:
        for st in stacks:
            st.temperature = t_start * ratio**epoch

    return anneal


def mean_std(values: Sequence[float]) -> dict[str, float]:
    a = np.asarray(values, dtype=float)
    return {
        "mean": float(a.mean()),
        "std": float(a.std(ddof=1)) if a.size > 1 else 0.0,
        "n": int(a.size),
    }


def environment() -> dict[str, Any]:
    return {
        "python": platform.python_version(),
        "torch": torch.__version__,
        "numpy": np.__version__,
        "machine": platform.machine(),
        "cpus": os.cpu_count(),
        "threads": torch.get_num_threads(),
    }


def write_json(path: Path, payload: dict[str, Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(payload, indent=2, sort_keys=False) + "\n")


def pyplot():
    """matplotlib.pyplot with the Agg backend, or None when matplotlib is missing."""
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        return None
    return plt


def save_figure(fig: Any, path: Path) -> bool:
    """Lay out, write (130 dpi) and close a matplotlib figure; returns ``True`` (written)."""
    fig.tight_layout()
    fig.savefig(path, dpi=130)
    pyplot().close(fig)
    return True


def sweep_panels(
    axes: Sequence[Any],
    sweep: Sequence[dict[str, Any]],
    metric: str,
    *,
    scale: float = 1.0,
    label: str | None = None,
    title: str = "",
) -> None:
    """Two panels of a width sweep: the metric (mean ± std over the sweep seeds, times
    ``scale``) against the parameter count and against the training time per fit, one line
    per model, both axes logarithmic: "equal metric with k times fewer parameters (or
    seconds)" is a horizontal reading."""
    by: dict[str, dict[int, list[dict[str, Any]]]] = {}
    for r in sweep:
        by.setdefault(r["model"], {}).setdefault(r["width"], []).append(r)
    for ax, xkey, xlabel in (
        (axes[0], "parameters", "parameters"),
        (axes[1], "train_seconds", "training time per fit (s, 1 thread, shared box)"),
    ):
        for model, widths in by.items():
            pts = sorted(
                (
                    float(np.mean([r[xkey] for r in rs])),
                    scale * float(np.mean([r[metric] for r in rs])),
                    scale * float(np.std([r[metric] for r in rs], ddof=1)) if len(rs) > 1 else 0.0,
                )
                for rs in widths.values()
            )
            xs, ys, es = zip(*pts, strict=True)
            ax.errorbar(xs, ys, yerr=es, marker="o", capsize=3, label=model)
        ax.set_xscale("log")
        ax.set_yscale("log")
        ax.set_xlabel(xlabel)
        ax.set_ylabel(label or metric)
        ax.set_title(title)
    axes[0].legend(fontsize=8)


def run_and_save(
    args: argparse.Namespace,
    run: Callable[[argparse.Namespace], dict[str, Any]],
    plot: Callable[[dict[str, Any], Path], bool],
) -> dict[str, Any]:
    """Time ``run(args)``, write its payload (with ``total_seconds``) to ``args.json`` and,
    unless ``--no-plot``, its figure to ``args.plot``; returns the payload.

    ``provenance`` is taken when the run *starts* (the code that ran). If the commit or the
    uncommitted sources differ when it is saved (the tree was edited during a long run),
    the state at the end is kept too, as ``provenance_at_save``, and a warning is printed."""
    start = provenance()
    with Timer() as t:
        payload = run(args)
    payload["total_seconds"] = t.seconds
    end = payload.get("provenance") or provenance()
    payload["provenance"] = start
    if provenance_changed(start, end):
        payload["provenance_at_save"] = end
        print(
            "warning: the sources changed during the run (commit or uncommitted files); "
            "provenance is the state at the start, provenance_at_save the state at the end",
            file=sys.stderr,
        )
    write_json(args.json, payload)
    print(f"wrote {args.json} ({t.seconds:.1f}s)")
    if not args.no_plot and plot(payload, args.plot):
        print(f"wrote {args.plot}")
    return payload


def provenance_changed(start: dict[str, Any], end: dict[str, Any]) -> bool:
    """Whether two :func:`provenance` records name different code (commit, dirty files or
    the diff of the uncommitted sources)."""
    keys = ("git_commit", "git_dirty_files", "git_diff_sha256")
    return any(start.get(k) != end.get(k) for k in keys)


class Timer:
    def __enter__(self) -> Timer:
        self.t0 = time.perf_counter()
        return self

    def __exit__(self, *exc: Any) -> None:
        self.seconds = time.perf_counter() - self.t0
