"""Imperfectly symmetric dynamics: forecasting 2-D turbulence on a beta-plane.

Data: the vorticity equation on the periodic square ``[0, 2 pi)^2`` on a beta-plane,

.. math::  \\partial_t \\omega + J(\\psi, \\omega) + \\beta \\partial_x \\psi
           = \\nu \\Delta \\omega, \\qquad \\Delta \\psi = \\omega,

solved by the project itself (numpy, pseudo-spectral, 2/3 dealiasing, RK4), from random
initial fields with energy near wavenumber 4, on a ``grid x grid`` mesh, then truncated
spectrally to ``out x out`` for learning (spectral truncation commutes with quarter turns of
the grid). With ``beta = 0`` the equation commutes with translations and quarter turns (p4; the
vorticity is a pseudo-scalar, so mirrors flip its sign and are left out); ``beta`` (the
planetary vorticity gradient, which makes Rossby waves travel west) breaks the rotations
*continuously* and keeps the translations. We report, per ``beta``, how non-equivariant the
true one-step map is (``||Phi(g w) - g Phi(w)|| / ||Phi(w) - w||`` averaged over quarter
turns) and the test RMSE of learned one-step forecasters: a CNN (translations only), exact
p4 group convolutions (GMConv), LDR-perturbed layers (ranks 1, 2, factors over point
channels; all three layers relaxed, the last one through a parameter-free projection of a
relaxed ``G -> G`` layer; ``ldr{r}-exactlast`` keeps the pre-protocol exact last layer), a
residual pathway prior and a relaxed group convolution.

Protocol (``_protocol.py``): per ``beta`` one fixed set of trajectories split into training,
validation and test trajectories; every model gets the same tuning budget (``--budget``
configurations of learning rate and its own knobs, chosen on validation RMSE), the chosen
configuration is retrained on ``--seeds`` (initialisation and batch order), and LDR models
are compared with each other model seed by seed (paired 95 % intervals). ``--widths`` /
``--cnn-widths`` add a width sweep at ``--sweep-betas`` and the measured parameter factors.
RMSE is in units of the training vorticity's standard deviation; ``persistence`` (predict no
change) is the scale.

Usage::

    python experiments/dynamics.py --quick
    python experiments/dynamics.py                     # full run (see experiments/README.md)
    python experiments/dynamics.py --betas 0 1 2 4 8 --models cnn exact ldr1 --budget 2
"""

from __future__ import annotations

import functools
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
    sweep_panels,
    train,
)
from _models import group_layer, ldr_rank, pixel_layer
from _protocol import paired_table, provenance, run_protocol, sweep_factors
from torch import nn

from groupmat import spatial_group
from groupmat.nn import (
    FieldProjection,
    FieldType,
    GMConv,
    LDRGMConv,
    displacement_penalty,
    displacement_report,
    prior_penalty,
)

NAME = "dynamics"
ALL_MODELS = (
    "cnn",
    "exact",
    "ldr1",
    "ldr2",
    "ldr3",
    "ldr4",
    "ldr1-exactlast",
    "ldr2-exactlast",
    "rpp",
    "relaxed",
)
# ldr4 on C4 with modulate="point" is a rank-3 layer with more parameters (|P| - 1 = 3
# independent zero-mean factors; docs/concepts/displacement.md): ldr3 is the largest rank
DEFAULT_MODELS = ("cnn", "exact", "ldr1", "ldr2", "rpp", "relaxed")


# ---------------------------------------------------------------------- solver
class BetaPlaneSolver:
    """Pseudo-spectral solver of the barotropic vorticity equation on a beta-plane.

    Arrays are ``(..., N, N)`` with axis ``-2`` = ``y`` (rows) and ``-1`` = ``x`` (columns);
    ``u = -psi_y``, ``v = psi_x``; ``J(psi, w) = u w_x + v w_y``. Classical RK4 in time with the
    nonlinear term evaluated on the 2/3-dealiased grid (Orszag 1971; Canuto et al., *Spectral
    Methods*, 2006, ch. 3). ``O(N^2 log N)`` per step, vectorised over trajectories.
    """

    def __init__(self, n: int, beta: float, nu: float, dt: float) -> None:
        self.n, self.beta, self.nu, self.dt = int(n), float(beta), float(nu), float(dt)
        self.kx = np.fft.rfftfreq(self.n, 1.0 / self.n)[None, :]  # real FFT along x
        self.ky = np.fft.fftfreq(self.n, 1.0 / self.n)[:, None]
        k2 = self.kx**2 + self.ky**2
        self.k2 = k2
        self.inv_k2 = np.where(k2 > 0, -1.0 / np.where(k2 > 0, k2, 1.0), 0.0)  # psi = w / -k^2
        cut = self.n // 3
        self.mask = (np.abs(self.kx) <= cut) & (np.abs(self.ky) <= cut)

    def _ifft(self, a: np.ndarray) -> np.ndarray:
        return np.fft.irfft2(a, s=(self.n, self.n))

    def rhs(self, wh: np.ndarray) -> np.ndarray:
        ph = wh * self.inv_k2
        u = self._ifft(-1j * self.ky * ph)
        v = self._ifft(1j * self.kx * ph)
        wx = self._ifft(1j * self.kx * wh)
        wy = self._ifft(1j * self.ky * wh)
        nl = np.fft.rfft2(u * wx + v * wy) * self.mask
        return -nl - self.beta * (1j * self.kx * ph) - self.nu * self.k2 * wh

    def step(self, wh: np.ndarray) -> np.ndarray:
        dt = self.dt
        k1 = self.rhs(wh)
        k2 = self.rhs(wh + 0.5 * dt * k1)
        k3 = self.rhs(wh + 0.5 * dt * k2)
        k4 = self.rhs(wh + dt * k3)
        return (wh + dt / 6.0 * (k1 + 2 * k2 + 2 * k3 + k4)) * self.mask

    def advance(self, w: np.ndarray, time: float) -> np.ndarray:
        steps = max(1, round(time / self.dt))
        wh = np.fft.rfft2(w) * self.mask
        for _ in range(steps):
            wh = self.step(wh)
        return self._ifft(wh)


def random_vorticity(count: int, n: int, rng: np.random.Generator, k0: float = 4.0) -> np.ndarray:
    """Random fields with energy spectrum ``~ k^4 exp(-2 (k / k0)^2)``, unit RMS vorticity."""
    k = np.fft.fftfreq(n, 1.0 / n)
    kk = np.sqrt(k[None, :] ** 2 + k[:, None] ** 2)
    amp = np.where(kk > 0, kk**2 * np.exp(-((kk / k0) ** 2)), 0.0)  # |w_hat| ~ k sqrt(E)
    noise = rng.normal(size=(count, n, n)) + 1j * rng.normal(size=(count, n, n))
    w = np.fft.ifft2(noise * amp).real
    return w / w.std(axis=(-2, -1), keepdims=True)


def truncate(w: np.ndarray, out: int) -> np.ndarray:
    """Spectral truncation of ``(..., N, N)`` fields to ``(..., out, out)`` (modes
    ``|k| < out / 2``; the Nyquist mode is dropped, so quarter turns commute with it)."""
    n = w.shape[-1]
    if out == n:
        return w
    wh = np.fft.fft2(w)
    keep = np.r_[0 : out // 2, n - out // 2 + 1 : n]
    kept = wh[..., keep[:, None], keep[None, :]]
    small = np.zeros((*w.shape[:-2], out, out), dtype=complex)
    pos = np.r_[0 : out // 2, out - out // 2 + 1 : out]
    small[..., pos[:, None], pos[None, :]] = kept
    return np.fft.ifft2(small).real * (out / n) ** 2


def simulate(
    beta: float, trajectories: int, snapshots: int, seed: int, cfg: dict[str, Any]
) -> np.ndarray:
    """``(trajectories, snapshots, out, out)`` vorticity fields."""
    rng = np.random.default_rng(seed)
    solver = BetaPlaneSolver(cfg["grid"], beta, cfg["nu"], cfg["dt"])
    w = solver.advance(random_vorticity(trajectories, cfg["grid"], rng), cfg["spinup"])
    frames = []
    for _ in range(snapshots):
        frames.append(truncate(w, cfg["out"]))
        w = solver.advance(w, cfg["interval"])
    return np.stack(frames, axis=1)


def rot90(w: np.ndarray, p: int) -> np.ndarray:
    """Quarter turns about pixel ``(0, 0)`` of the torus: ``out[i, j] = w[j, -i]`` (applied
    ``p`` times). Unlike ``np.rot90`` (about the array centre) this maps the coarse grid of
    :func:`truncate` onto itself."""
    n = w.shape[-1]
    idx = (-np.arange(n)) % n
    for _ in range(p % 4):
        w = np.swapaxes(w, -2, -1)[..., idx, :]
    return w


def symmetry_breaking(beta: float, seed: int, cfg: dict[str, Any], count: int = 4) -> float:
    """``mean_p ||Phi(g_p w) - g_p Phi(w)|| / ||Phi(w) - w||`` over quarter turns ``g_p`` for
    the true one-step map ``Phi`` at this ``beta`` (0 for ``beta = 0`` up to rounding)."""
    rng = np.random.default_rng(10_000 + seed)
    solver = BetaPlaneSolver(cfg["grid"], beta, cfg["nu"], cfg["dt"])
    w = solver.advance(random_vorticity(count, cfg["grid"], rng), cfg["spinup"])
    step = solver.advance(w, cfg["interval"])
    scale = np.linalg.norm(step - w)
    errs = [
        np.linalg.norm(solver.advance(rot90(w, p), cfg["interval"]) - rot90(step, p)) / scale
        for p in (1, 2, 3)
    ]
    return float(np.mean(errs))


# ---------------------------------------------------------------------- models
class Residual(nn.Module):
    """``w_{t+1} = w_t + body(w_t)`` on ``(B, 1, H, W)``."""

    def __init__(self, body: nn.Module) -> None:
        super().__init__()
        self.body = body

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return x + self.body(x)


def build_model(
    family: str, S: Any, width: int, cnn_width: int, options: dict[str, Any]
) -> nn.Module:
    act = nn.GELU
    P = S.pixels
    if family == "cnn":
        return Residual(
            nn.Sequential(
                pixel_layer(P, 1, cnn_width, 5),
                act(),
                pixel_layer(P, cnn_width, cnn_width, 3),
                act(),
                pixel_layer(P, cnn_width, 1, 3),
            )
        )
    kind = family.split("-")[0]
    r = ldr_rank(family)
    if family == "exact" or family.endswith("-exactlast"):
        # the pre-protocol LDR variant: an exact projection back to pixels
        last: nn.Module = GMConv(S, P, width, 1, 3)
    elif r is not None:
        # LDR factors live on point channels, which pixels lack: relax the last group layer
        # G -> G and project to the (trivial, vorticity) field without parameters, so LDR
        # relaxes all three layers like RPP and relaxed do
        ldr = functools.partial(
            LDRGMConv,
            displacement_rank=r,
            modulate="point",
            init_scale=options.get("ldr_init", 0.0),
            scale=options.get("ldr_scale", 1.0),
        )
        last = nn.Sequential(
            FieldProjection(FieldType(S, "trivial"), width, 1, 3, layer=ldr), nn.Flatten(1, 2)
        )
    else:
        last = group_layer(kind, S, P, width, 1, 3, options)
    return Residual(
        nn.Sequential(
            group_layer(kind, P, S, 1, width, 5, options),
            act(),
            group_layer(kind, S, S, width, width, 3, options),
            act(),
            last,
        )
    )


def penalty_for(family: str, model: nn.Module, options: dict[str, Any]):
    if ldr_rank(family) is not None:
        lam = options["ldr_penalty"]
        return (lambda: lam * displacement_penalty(model)) if lam > 0 else None
    if family in ("rpp", "relaxed"):
        return lambda: prior_penalty(model)
    return None


def _pairs(a: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
    """Consecutive frames ``(w_t, w_{t+1})`` of ``(traj, time, H, W)`` as ``(B, 1, H, W)``."""
    return (a[:, :-1].reshape(-1, 1, *a.shape[2:]), a[:, 1:].reshape(-1, 1, *a.shape[2:]))


@torch.no_grad()
def rmse(model: nn.Module, x: torch.Tensor, y: torch.Tensor) -> float:
    return float((model(x) - y).square().mean().sqrt())


@torch.no_grad()
def rollout_rmse(model: nn.Module, traj: torch.Tensor, steps: int) -> float:
    """RMSE after ``steps`` autoregressive steps from every admissible start."""
    starts = traj[:, : traj.shape[1] - steps].reshape(-1, 1, *traj.shape[2:])
    targets = traj[:, steps:].reshape(-1, 1, *traj.shape[2:])
    x = starts
    for _ in range(steps):
        x = model(x)
    return float((x - targets).square().mean().sqrt())


# ---------------------------------------------------------------------- run
def run(args: Any) -> dict[str, Any]:
    """Per beta: one fixed data set (train / validation / test trajectories), every model
    tuned on the validation trajectories with the same budget (``_protocol.run_protocol``),
    the chosen configuration retrained on every seed (initialisation and batch order), paired
    differences of the LDR models against the others, an optional width sweep."""
    quick = args.quick
    cfg = {
        "grid": 16 if quick else args.grid,
        "out": 8 if quick else args.out,
        "nu": args.nu,
        "dt": args.dt,
        "spinup": 0.5 if quick else args.spinup,
        "interval": args.interval,
    }
    n_train, n_val, n_test = (
        (3, 2, 2) if quick else (args.train_traj, args.val_traj, args.test_traj)
    )
    snaps = 4 if quick else args.snapshots
    epochs = args.epochs or (2 if quick else 30)
    width = 4 if quick else args.width
    cnn_width = 6 if quick else args.cnn_width
    budget = args.budget or (2 if quick else 3)
    options = {"ldr_penalty": args.ldr_penalty}
    models = args.models or (
        ["cnn", "exact", "ldr1", "ldr1-exactlast", "rpp", "relaxed"]
        if quick
        else list(DEFAULT_MODELS)
    )
    betas = [0.0, 1.0] if quick and args.betas is None else (args.betas or [0, 0.5, 2])
    sweep_betas = betas[-1:] if args.sweep_betas is None else args.sweep_betas
    S = spatial_group((cfg["out"], cfg["out"]), "C4")
    rollout = min(args.rollout, snaps - 1)
    rows: list[dict[str, Any]] = []
    breaking: dict[str, Any] = {}
    comparisons: dict[str, Any] = {}
    sweep: list[dict[str, Any]] = []
    factors: dict[str, Any] = {}
    for beta in betas:
        breaking[str(beta)] = mean_std([symmetry_breaking(beta, s, cfg) for s in range(3)])
        print(
            f"beta {beta:g}: true one-step map non-equivariance {breaking[str(beta)]['mean']:.3g}",
            flush=True,
        )
        data = simulate(beta, n_train + n_val + n_test, snaps, args.data_seed * 7919 + 17, cfg)
        std = float(data[:n_train].std())
        t = torch.from_numpy((data / std).astype(np.float32))
        tr, va, te = t[:n_train], t[n_train : n_train + n_val], t[n_train + n_val :]
        (xtr, ytr), (xva, yva), (xte, yte) = _pairs(tr), _pairs(va), _pairs(te)
        persist = float((xte - yte).square().mean().sqrt())

        def fit(
            family: str,
            hp: dict[str, float],
            seed: int,
            extra: dict[str, Any],
            w: int | None = None,
            beta: float = beta,
            xtr: torch.Tensor = xtr,
            ytr: torch.Tensor = ytr,
            xva: torch.Tensor = xva,
            yva: torch.Tensor = yva,
            xte: torch.Tensor = xte,
            yte: torch.Tensor = yte,
            te: torch.Tensor = te,
            persist: float = persist,
        ) -> dict[str, Any]:
            seed_all(2000 + seed)
            opts = {**options, **hp}
            wd = w if w is not None else (cnn_width if family == "cnn" else width)
            model = build_model(family, S, wd, wd, opts)
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
                    penalty=penalty_for(family, model, opts),
                )
            res: dict[str, Any] = {
                "val": rmse(model, xva, yva),
                "train_seconds": tm.seconds,
                "final_train_loss": hist[-1],
                "parameters": n_params(model),
                "width": wd,
            }
            if extra.get("phase") != "tune":
                res["rmse"] = rmse(model, xte, yte)
                res["rollout_rmse"] = rollout_rmse(model, te, rollout) if rollout else None
                if family != "cnn" and extra.get("phase") == "final":
                    res["layers"] = displacement_report(model, xte[:8]).as_dicts()
                print(
                    f"beta {beta:g} {family:14s} seed {seed} width {wd}: val {res['val']:.4f} "
                    f"test {res['rmse']:.4f} (persistence {persist:.4f})  "
                    f"{res['parameters']} params  {tm.seconds:.1f}s",
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
            log=lambda line, beta=beta: print(f"beta {beta:g}{line}", flush=True),
        )
        beta_rows = [
            {
                "beta": beta,
                "model": "persistence",
                "parameters": 0,
                "rmse": mean_std([persist] * len(args.seeds)),
                "rollout_rmse": mean_std(
                    [float((te[:, rollout:] - te[:, :-rollout]).square().mean().sqrt())]
                    if rollout
                    else [persist]
                ),
                "train_seconds": mean_std([0.0]),
                "runs": [{"seed": s, "rmse": persist} for s in args.seeds],
            }
        ]
        for fam in models:
            runs = out[fam]["runs"]
            beta_rows.append(
                {
                    "beta": beta,
                    "model": fam,
                    "parameters": runs[0]["parameters"],
                    "chosen": out[fam]["chosen"],
                    "val": mean_std([r["val"] for r in runs]),
                    "rmse": mean_std([r["rmse"] for r in runs]),
                    "rollout_rmse": mean_std(
                        [r["rollout_rmse"] for r in runs if r["rollout_rmse"] is not None]
                    ),
                    "train_seconds": mean_std([r["train_seconds"] for r in runs]),
                    "runs": runs,
                    "trials": out[fam]["trials"],
                }
            )
        rows += beta_rows
        comparisons[str(beta)] = paired_table(
            beta_rows[1:], ["rmse", "rollout_rmse"] if rollout else ["rmse"]
        )
        if beta in sweep_betas and (args.widths or args.cnn_widths):
            here = []
            for fam in args.sweep_models or models:
                widths = args.cnn_widths if fam == "cnn" else args.widths
                for wd in widths:
                    for s in args.sweep_seeds:
                        res = fit(fam, out[fam]["chosen"], s, {"phase": "sweep"}, w=wd)
                        here.append({"beta": beta, "model": fam, "seed": s, **res})
                # the tuned runs at the base width are points of the sweep too (same seeds)
                for run in out[fam]["runs"]:
                    if run["seed"] in args.sweep_seeds and run["width"] not in widths:
                        here.append({"beta": beta, "model": fam, **run})
            sweep += here
            factors[str(beta)] = sweep_factors(here, args.sweep_models or models, "rmse")
    return {
        "experiment": NAME,
        "quick": quick,
        "provenance": provenance(),
        "config": {
            **cfg,
            "betas": betas,
            "seeds": args.seeds,
            "data_seed": args.data_seed,
            "train_trajectories": n_train,
            "val_trajectories": n_val,
            "test_trajectories": n_test,
            "snapshots": snaps,
            "epochs": epochs,
            "width": width,
            "cnn_width": cnn_width,
            "budget": budget,
            "tune_seed": args.tune_seed,
            "default_lr": args.lr,
            "batch": args.batch,
            "rollout_steps": rollout,
            "models": models,
            "widths": args.widths,
            "cnn_widths": args.cnn_widths,
            "sweep_betas": sweep_betas,
            "sweep_seeds": args.sweep_seeds,
            "sweep_models": args.sweep_models or models,
            **options,
        },
        "protocol": True,
        "symmetry_breaking": breaking,
        "environment": environment(),
        "results": rows,
        "paired": comparisons,
        "sweep": sweep,
        "param_factors": factors,
    }


def plot(payload: dict[str, Any], path: Any) -> bool:
    """One-step RMSE, rollout RMSE (log scale) and one-step RMSE relative to the CNN, against
    beta, with the true map's measured non-equivariance on a secondary axis label."""
    plt = pyplot()
    if plt is None:
        return False
    cfg = payload["config"]
    sweep_betas = sorted({r["beta"] for r in payload.get("sweep") or []})
    rows = 1 + len(sweep_betas)
    fig, grid = plt.subplots(rows, 3, figsize=(15, 4.2 * rows), squeeze=False)
    axes = grid[0]
    for row, b in zip(grid[1:], sweep_betas, strict=True):
        here = [r for r in payload["sweep"] if r["beta"] == b]
        sweep_panels(
            row[:2], here, "rmse", label="one-step test RMSE", title=f"width sweep, β = {b:g}"
        )
        row[2].axis("off")
    models = ["persistence", *cfg["models"]]
    betas = cfg["betas"]
    br = payload["symmetry_breaking"]

    def series(m: str, key: str) -> tuple[list[float], list[float]]:
        rows = [
            next(r for r in payload["results"] if r["beta"] == b and r["model"] == m) for b in betas
        ]
        return [r[key]["mean"] for r in rows], [r[key]["std"] for r in rows]

    for key, ax, title in (
        ("rmse", axes[0], "one-step RMSE"),
        ("rollout_rmse", axes[1], f"{cfg['rollout_steps']}-step rollout RMSE"),
    ):
        for m in models:
            mean, std = series(m, key)
            style = {"ls": ":", "color": "gray"} if m == "persistence" else {}
            ax.errorbar(betas, mean, yerr=std, marker="o", capsize=3, label=m, **style)
        ax.set_ylabel("RMSE (units of vorticity std)")
        ax.set_title(title)
        ax.set_yscale("log")
    if "cnn" in models:

        def paired(m: str) -> tuple[list[float], list[float]]:
            """Per-seed ratio to the CNN on the same data (seeds share trajectories)."""
            mean, std = [], []
            for b in betas:
                rm = next(r for r in payload["results"] if r["beta"] == b and r["model"] == m)
                rc = next(r for r in payload["results"] if r["beta"] == b and r["model"] == "cnn")
                ratio = np.array(
                    [a["rmse"] / c["rmse"] for a, c in zip(rm["runs"], rc["runs"], strict=True)]
                )
                mean.append(float(ratio.mean()))
                std.append(float(ratio.std(ddof=1)) if ratio.size > 1 else 0.0)
            return mean, std

        for m in cfg["models"]:
            mean, std = paired(m)
            axes[2].errorbar(betas, mean, yerr=std, marker="o", capsize=3, label=m)
        axes[2].axhline(1.0, color="gray", lw=0.8)
        axes[2].set_ylim(0.85, 1.15)
        axes[2].set_ylabel("one-step RMSE / CNN's (paired by seed)")
        axes[2].set_title("relative to the CNN (below 1: better)")
    for ax in axes:
        ax.set_xlabel("beta (true map non-equivariance in brackets)")
        ax.set_xticks(betas, [f"{b:g}\n({br[str(b)]['mean']:.2f})" for b in betas], fontsize=8)
    axes[0].legend(fontsize=8)
    return save_figure(fig, path)


def main(argv: list[str] | None = None) -> int:
    p = base_parser(__doc__.splitlines()[0], NAME)
    p.add_argument(
        "--betas",
        type=float,
        nargs="+",
        default=None,
        help="symmetry-breaking strengths (default 0 0.5 2; quick: 0 1)",
    )
    p.add_argument("--models", nargs="+", default=None, choices=ALL_MODELS)
    p.add_argument("--grid", type=int, default=32, help="simulation grid")
    p.add_argument("--out", type=int, default=16, help="learning grid (spectral truncation)")
    p.add_argument("--nu", type=float, default=2e-3, help="viscosity")
    p.add_argument("--dt", type=float, default=0.05, help="solver time step")
    p.add_argument("--spinup", type=float, default=2.0, help="time before the first frame")
    p.add_argument("--interval", type=float, default=0.5, help="time between frames")
    p.add_argument("--train-traj", type=int, default=16)
    p.add_argument("--val-traj", type=int, default=4, help="validation trajectories (tuning)")
    p.add_argument("--test-traj", type=int, default=8)
    p.add_argument("--data-seed", type=int, default=0, help="seed of the trajectories (fixed)")
    p.add_argument("--snapshots", type=int, default=16, help="frames per trajectory")
    p.add_argument("--rollout", type=int, default=4, help="autoregressive steps to score")
    p.add_argument("--width", type=int, default=8, help="channels of group models")
    p.add_argument("--cnn-width", type=int, default=16, help="channels of the CNN")
    p.add_argument(
        "--lr", type=float, default=3e-3, help="learning rate when --budget 1 (else tuned)"
    )
    p.add_argument("--batch", type=int, default=16)
    p.add_argument(
        "--ldr-penalty", type=float, default=1e-4, help="LDR penalty when --budget 1 (else tuned)"
    )
    p.add_argument(
        "--budget", type=int, default=None, help="tuning configurations per model (3; quick 2)"
    )
    p.add_argument("--tune-seed", type=int, default=0)
    p.add_argument("--widths", type=int, nargs="*", default=[], help="width sweep, group models")
    p.add_argument("--cnn-widths", type=int, nargs="*", default=[], help="width sweep, CNN")
    p.add_argument("--sweep-seeds", type=int, nargs="+", default=[0])
    p.add_argument(
        "--sweep-models", nargs="+", default=None, choices=ALL_MODELS, help="default: --models"
    )
    p.add_argument(
        "--sweep-betas",
        type=float,
        nargs="*",
        default=None,
        help="betas at which to run the width sweep (default: the largest)",
    )
    p.add_argument(
        "--replot", action="store_true", help="only redraw the figure from the --json results"
    )
    args = finish_args(p.parse_args(argv), NAME)
    if args.replot:
        payload = json.loads(args.json.read_text())
        if plot(payload, args.plot):
            print(f"wrote {args.plot}")
        return 0
    payload = run_and_save(args, run, plot)
    for r in payload["results"]:
        print(
            f"beta {r['beta']:<4g} {r['model']:14s} {r['parameters']:6d} params  rmse "
            f"{r['rmse']['mean']:.4f} ± {r['rmse']['std']:.4f}"
        )
    for beta, comps in payload["paired"].items():
        for name, c in comps.items():
            d = c["rmse"]
            print(
                f"beta {beta:<4s} {name:26s} rmse diff {d['mean_diff']:+.4f} "
                f"[{d['ci95'][0]:+.4f}, {d['ci95'][1]:+.4f}] wins {d['wins']}/{d['n']}"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
