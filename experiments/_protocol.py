"""The comparison protocol shared by the experiments: equal tuning budgets chosen on a
validation split, several seeds with paired differences and confidence intervals, width
sweeps for parameter-matched comparisons, and provenance in every result file.

Protocol (what a result produced with these helpers means):

1. **Tuning.** Every model gets the same number ``budget`` of configurations. Configuration
   ``i`` is a point ``u_i`` of a shared ``budget x 4`` uniform sample (one generator, seed
   ``tune_seed``), mapped to the model's own search space (:data:`SPACES`: the learning rate
   from ``u_i[0]`` for every model, so all models try the same learning rates; the model's
   knobs from the other coordinates) and trained with training seed ``i``. The configuration
   with the lowest *validation* metric is chosen; test splits are never looked at while
   choosing.
2. **Seeds.** The chosen configuration is retrained with seeds ``0..S-1`` (initialisation and
   batch order; the data are fixed), and the test metrics of those runs are reported.
3. **Paired differences.** Models are compared seed by seed (same seed, same data):
   :func:`paired` gives the mean difference, its 95 % t-interval and the number of seeds on
   which the first model is better.
4. **Parameter matching.** :func:`params_factor` reads "equal accuracy with k times fewer
   parameters" off width sweeps: the parameter count at which a model's (log-log
   interpolated) metric curve reaches another model's metric.
5. **Provenance.** :func:`provenance` (argv, git commit and dirty flag, package versions) goes
   into every JSON, with the chosen hyper-parameters and every tried configuration.
"""

from __future__ import annotations

import hashlib
import importlib.metadata as md
import itertools
import math
import subprocess
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[1]

#: Search spaces: knob -> (low, high), sampled log-uniformly. ``lr`` always uses coordinate 0.
SPACES: dict[str, dict[str, tuple[float, float]]] = {
    "plain": {"lr": (3e-4, 1e-2)},
    "ldr": {"lr": (3e-4, 1e-2), "ldr_penalty": (1e-6, 1e-2), "ldr_scale": (0.1, 10.0)},
    "rpp": {"lr": (3e-4, 1e-2), "rpp_exact": (1e-6, 1e-3), "rpp_free": (1e-4, 1.0)},
    "relaxed": {"lr": (3e-4, 1e-2), "relaxed_smooth": (1e-5, 1e-1)},
}


def space_of(family: str) -> dict[str, tuple[float, float]]:
    """The search space of a model family (``ldr*`` -> ``ldr``; cnn / exact -> ``plain``)."""
    if family.startswith("ldr"):
        return SPACES["ldr"]
    return SPACES.get(family.split("-")[0], SPACES["plain"])


def configurations(
    family: str, budget: int, tune_seed: int = 0, defaults: dict[str, float] | None = None
) -> list[dict[str, float]]:
    """``budget`` configurations for ``family`` from the shared uniform sample. With
    ``budget == 1`` the defaults (or the geometric centre of the space) are used."""
    space = space_of(family)
    if budget <= 1:
        base = {k: math.sqrt(lo * hi) for k, (lo, hi) in space.items()}
        base.update({k: v for k, v in (defaults or {}).items() if k in space})
        return [base]
    u = np.random.default_rng(tune_seed).random((budget, 4))
    out = []
    for row in u:
        cfg = {}
        for j, (k, (lo, hi)) in enumerate(space.items()):
            cfg[k] = float(math.exp(math.log(lo) + row[j] * (math.log(hi) - math.log(lo))))
        out.append(cfg)
    return out


def t_quantile(df: int, q: float = 0.975) -> float:
    """Student-t quantile (scipy when available, else a table for ``q = 0.975``)."""
    try:
        from scipy import stats

        return float(stats.t.ppf(q, df))
    except ImportError:  # pragma: no cover - scipy ships with scikit-learn
        table = {
            1: 12.706,
            2: 4.303,
            3: 3.182,
            4: 2.776,
            5: 2.571,
            6: 2.447,
            7: 2.365,
            8: 2.306,
            9: 2.262,
            10: 2.228,
        }
        return table.get(df, 1.96)


def paired(a: Sequence[float], b: Sequence[float]) -> dict[str, float]:
    """Paired comparison of two models over the same seeds: ``mean(a - b)``, its 95 %
    t-interval, the ratio of means and how many seeds have ``a < b`` (lower is better)."""
    x, y = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    if x.shape != y.shape or x.size == 0:
        raise ValueError(f"paired() needs equal-length non-empty runs, got {x.size} and {y.size}")
    d = x - y
    n = d.size
    half = t_quantile(n - 1) * d.std(ddof=1) / math.sqrt(n) if n > 1 else float("nan")
    return {
        "mean_diff": float(d.mean()),
        "ci95": [float(d.mean() - half), float(d.mean() + half)],
        "ratio": float(x.mean() / y.mean()),
        "wins": int((d < 0).sum()),
        "n": int(n),
    }


def params_factor(sweep_a: Sequence[tuple[int, float]], target: float) -> float | None:
    """Parameters model A needs to reach ``target`` (lower metric is better), by log-log
    interpolation along its sweep ``[(params, metric), ...]``; ``None`` when no width of A
    reaches it (extrapolation is not done)."""
    pts = sorted((float(p), float(m)) for p, m in sweep_a)
    if not pts:
        return None
    if pts[0][1] <= target:
        return pts[0][0]
    for (p0, m0), (p1, m1) in itertools.pairwise(pts):
        if m1 <= target < m0:
            t = (math.log(m0) - math.log(target)) / (math.log(m0) - math.log(m1))
            return float(math.exp(math.log(p0) + t * (math.log(p1) - math.log(p0))))
    return None


def paired_table(
    rows: Sequence[dict[str, Any]], metrics: Sequence[str], key: str = "model"
) -> dict[str, Any]:
    """Paired differences (same seeds) of every LDR model (``ldr*``) against every other
    model of ``rows`` (each with ``runs`` of ``{"seed": s, metric: value}``), per metric."""
    by = {r[key]: r for r in rows}
    out: dict[str, Any] = {}
    for a in by:
        if not str(a).startswith("ldr"):
            continue
        for b in by:
            if str(b).startswith("ldr") or b == "persistence":
                continue
            ra = {r["seed"]: r for r in by[a]["runs"]}
            rb = {r["seed"]: r for r in by[b]["runs"]}
            common = sorted(set(ra) & set(rb))
            if len(common) < 2:
                continue
            out[f"{a} vs {b}"] = {
                m: paired([ra[s][m] for s in common], [rb[s][m] for s in common]) for m in metrics
            }
    return out


def sweep_factors(
    sweep: Sequence[dict[str, Any]], models: Sequence[str], metric: str
) -> dict[str, Any]:
    """Measured parameter factors from a width sweep (rows ``{"model", "width",
    "parameters", metric}``, several seeds per width averaged): for each LDR model A and
    other model B at each of B's widths, the parameters A needs to reach B's mean metric
    (:func:`params_factor`) and ``factor = params(B) / params(A)`` (> 1: A needs fewer;
    ``None``: no width of A reaches it). When A's *smallest* width already reaches B's metric,
    the true factor can only be larger: ``"lower_bound": True`` says so (a sweep with
    smaller widths of A would sharpen it)."""
    curves: dict[str, list[tuple[int, float]]] = {}
    for fam in models:
        by_w: dict[int, list[dict[str, Any]]] = {}
        for r in sweep:
            if r["model"] == fam:
                by_w.setdefault(r["width"], []).append(r)
        curves[fam] = sorted(
            (rs[0]["parameters"], float(np.mean([r[metric] for r in rs]))) for rs in by_w.values()
        )
    out: dict[str, Any] = {}
    for a in models:
        if not a.startswith("ldr") or not curves[a]:
            continue
        for b in models:
            if b.startswith("ldr") or not curves[b]:
                continue
            entries = []
            smallest_metric = curves[a][0][1]
            for pb, mb in curves[b]:
                need = params_factor(curves[a], mb)
                entries.append(
                    {
                        "baseline_params": pb,
                        f"baseline_{metric}": mb,
                        "ldr_params_needed": need,
                        "factor": None if need is None else pb / need,
                        "lower_bound": need is not None and smallest_metric <= mb,
                    }
                )
            out[f"{a} vs {b}"] = entries
    return out


def select(trials: list[dict[str, Any]], key: str = "val") -> dict[str, Any]:
    """The trial with the lowest validation metric (ties: the first)."""
    finite = [t for t in trials if np.isfinite(t[key])]
    if not finite:
        raise RuntimeError("every tuning trial diverged (non-finite validation metric)")
    return min(finite, key=lambda t: t[key])


def _git(*args: str) -> str | None:
    """stdout of ``git args`` in the repository (``strip``-ped), or ``None`` when git is
    missing, fails or the directory is not a checkout."""
    try:
        proc = subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.SubprocessError):
        return None
    return proc.stdout.strip() if proc.returncode == 0 else None


#: Tracked paths whose uncommitted changes can change a result.
SOURCE_PATHS = ("groupmat", "experiments", "pyproject.toml", "setup.py")


def provenance(argv: Sequence[str] | None = None) -> dict[str, Any]:
    """argv, git commit, the state of the tracked sources, versions of the packages.

    Results are produced in working trees that other work shares, so ``HEAD`` alone does not
    say what code ran: ``git_dirty`` tells whether tracked files under :data:`SOURCE_PATHS`
    differed from ``HEAD``, ``git_dirty_files`` names them (``git status --porcelain``
    lines) and ``git_diff_sha256`` is the SHA-256 of ``git diff HEAD`` over those paths (so
    a rerun can check that it applies the same changes). ``git_commit`` is ``None`` only when
    git is unavailable or the code does not run from a checkout.
    """
    versions = {}
    for pkg in (
        "groupmat",
        "torch",
        "numpy",
        "scipy",
        "phiflow",
        "phiml",
        "scikit-learn",
        "matplotlib",
    ):
        try:
            versions[pkg] = md.version(pkg)
        except md.PackageNotFoundError:
            versions[pkg] = None
    status = _git("status", "--porcelain", "--untracked-files=no", "--", *SOURCE_PATHS)
    diff = _git("diff", "HEAD", "--", *SOURCE_PATHS)
    files = [] if not status else [line.strip() for line in status.splitlines()]
    return {
        "argv": list(sys.argv if argv is None else argv),
        "git_commit": _git("rev-parse", "HEAD") or None,
        "git_dirty": None if status is None else bool(files),
        "git_dirty_files": files,
        "git_diff_sha256": (hashlib.sha256(diff.encode()).hexdigest() if diff else None),
        "versions": versions,
    }


def run_protocol(
    families: Sequence[str],
    fit: Callable[[str, dict[str, float], int, dict[str, Any]], dict[str, Any]],
    *,
    budget: int,
    seeds: Sequence[int],
    tune_seed: int = 0,
    defaults: dict[str, float] | None = None,
    log: Callable[[str], None] = print,
) -> dict[str, Any]:
    """Tune every family on validation with the same budget, then retrain the chosen
    configuration on every seed. ``fit(family, hparams, seed, extra)`` trains one model and
    returns a dict with at least ``"val"`` (the selection metric) and the test metrics.

    Returns ``{family: {"trials": [...], "chosen": hparams, "runs": [...]}}``.
    """
    out: dict[str, Any] = {}
    for fam in families:
        trials = []
        cfgs = configurations(fam, budget, tune_seed, defaults)
        for i, hp in enumerate(cfgs):
            res = fit(fam, hp, 1000 + i, {"phase": "tune"})
            trials.append({"hparams": hp, "seed": 1000 + i, **res})
            log(
                f"  tune {fam:14s} {i + 1}/{len(cfgs)} val {res['val']:.4f}  "
                + " ".join(f"{k}={v:.3g}" for k, v in hp.items())
            )
        best = select(trials)
        runs = []
        for s in seeds:
            res = fit(fam, best["hparams"], s, {"phase": "final"})
            runs.append({"seed": s, **res})
        out[fam] = {"trials": trials, "chosen": best["hparams"], "runs": runs}
    return out
