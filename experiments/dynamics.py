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
channels), a residual pathway prior and a relaxed group convolution. Mean ± std over seeds
(each seed: new trajectories, new initialisation). RMSE is in units of the training
vorticity's standard deviation; ``persistence`` (predict no change) is the scale.

Usage::

    python experiments/dynamics.py --quick
    python experiments/dynamics.py                     # full run (see experiments/README.md)
    python experiments/dynamics.py --betas 0 1 2 4 8 --models cnn exact ldr1
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
    train,
)
from _models import group_layer, ldr_rank, pixel_layer
from torch import nn

from groupmat import spatial_group
from groupmat.nn import GMConv, displacement_penalty, displacement_report, prior_penalty

NAME = "dynamics"
ALL_MODELS = ("cnn", "exact", "ldr1", "ldr2", "ldr3", "ldr4", "rpp", "relaxed")
# ldr4 on C4 with modulate="point" is a rank-3 layer with more parameters (|P| - 1 = 3
# independent zero-mean factors; docs/concepts/displacement.md): ldr3 is the largest rank
DEFAULT_MODELS = ("cnn", "exact", "ldr1", "ldr2", "ldr3", "rpp", "relaxed")


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
    kind = family
    # LDR factors live on the output's point channels, which pixels do not have: the
    # projection back to pixels stays exact for LDR models.
    last = (
        GMConv(S, P, width, 1, 3)
        if ldr_rank(family) is not None or family == "exact"
        else group_layer(kind, S, P, width, 1, 3, options)
    )
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
    quick = args.quick
    cfg = {
        "grid": 16 if quick else args.grid,
        "out": 8 if quick else args.out,
        "nu": args.nu,
        "dt": args.dt,
        "spinup": 0.5 if quick else args.spinup,
        "interval": args.interval,
    }
    n_train, n_test = (3, 2) if quick else (args.train_traj, args.test_traj)
    snaps = 4 if quick else args.snapshots
    epochs = args.epochs or (2 if quick else 30)
    width = 4 if quick else args.width
    cnn_width = 6 if quick else args.cnn_width
    options = {"ldr_penalty": args.ldr_penalty}
    models = args.models or (
        ["cnn", "exact", "ldr1", "rpp", "relaxed"] if quick else list(DEFAULT_MODELS)
    )
    betas = [0.0, 1.0] if quick and args.betas is None else (args.betas or [0, 0.25, 0.5, 1, 2])
    S = spatial_group((cfg["out"], cfg["out"]), "C4")
    rollout = min(args.rollout, snaps - 1)
    rows, breaking = [], {}
    for beta in betas:
        breaking[str(beta)] = mean_std([symmetry_breaking(beta, s, cfg) for s in args.seeds])
        print(
            f"beta {beta:g}: true one-step map non-equivariance {breaking[str(beta)]['mean']:.3g}",
            flush=True,
        )
        per_seed = {}
        for seed in args.seeds:
            data = simulate(beta, n_train + n_test, snaps, seed * 7919 + 17, cfg)
            std = float(data[:n_train].std())
            t = torch.from_numpy((data / std).astype(np.float32))
            tr, te = t[:n_train], t[n_train:]
            (xtr, ytr), (xte, yte) = _pairs(tr), _pairs(te)
            per_seed[seed] = (xtr, ytr, xte, yte, te, float((xte - yte).square().mean().sqrt()))
        for family in ["persistence", *models]:
            runs = []
            for seed in args.seeds:
                xtr, ytr, xte, yte, te, persist = per_seed[seed]
                if family == "persistence":
                    runs.append(
                        {
                            "seed": seed,
                            "rmse": persist,
                            "rollout_rmse": float(
                                (te[:, rollout:] - te[:, :-rollout]).square().mean().sqrt()
                            )
                            if rollout
                            else persist,
                            "train_seconds": 0.0,
                        }
                    )
                    continue
                seed_all(2000 + seed)
                model = build_model(family, S, width, cnn_width, options)
                with Timer() as tm:
                    hist = train(
                        model,
                        xtr,
                        ytr,
                        nn.functional.mse_loss,
                        epochs=epochs,
                        lr=args.lr,
                        batch=args.batch,
                        seed=seed,
                        penalty=penalty_for(family, model, options),
                    )
                run = {
                    "seed": seed,
                    "rmse": rmse(model, xte, yte),
                    "rollout_rmse": rollout_rmse(model, te, rollout) if rollout else None,
                    "train_seconds": tm.seconds,
                    "final_train_loss": hist[-1],
                    "parameters": n_params(model),
                }
                if family not in ("cnn",):
                    run["layers"] = displacement_report(model, xte[:8]).as_dicts()
                runs.append(run)
                print(
                    f"beta {beta:g} {family:8s} seed {seed}: rmse {run['rmse']:.4f} "
                    f"(persistence {persist:.4f})  {tm.seconds:.1f}s",
                    flush=True,
                )
            rows.append(
                {
                    "beta": beta,
                    "model": family,
                    "parameters": runs[-1].get("parameters", 0),
                    "rmse": mean_std([r["rmse"] for r in runs]),
                    "rollout_rmse": mean_std(
                        [r["rollout_rmse"] for r in runs if r["rollout_rmse"] is not None]
                    ),
                    "train_seconds": mean_std([r["train_seconds"] for r in runs]),
                    "runs": runs,
                }
            )
    return {
        "experiment": NAME,
        "quick": quick,
        "config": {
            **cfg,
            "betas": betas,
            "seeds": args.seeds,
            "train_trajectories": n_train,
            "test_trajectories": n_test,
            "snapshots": snaps,
            "epochs": epochs,
            "width": width,
            "cnn_width": cnn_width,
            "lr": args.lr,
            "batch": args.batch,
            "rollout_steps": rollout,
            "models": models,
            **options,
        },
        "symmetry_breaking": breaking,
        "environment": environment(),
        "results": rows,
    }


def plot(payload: dict[str, Any], path: Any) -> bool:
    """One-step RMSE, rollout RMSE (log scale) and one-step RMSE relative to the CNN, against
    beta, with the true map's measured non-equivariance on a secondary axis label."""
    plt = pyplot()
    if plt is None:
        return False
    fig, axes = plt.subplots(1, 3, figsize=(15, 4.2))
    cfg = payload["config"]
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
        help="symmetry-breaking strengths (default 0 0.25 0.5 1 2; quick: 0 1)",
    )
    p.add_argument("--models", nargs="+", default=None, choices=ALL_MODELS)
    p.add_argument("--grid", type=int, default=32, help="simulation grid")
    p.add_argument("--out", type=int, default=16, help="learning grid (spectral truncation)")
    p.add_argument("--nu", type=float, default=2e-3, help="viscosity")
    p.add_argument("--dt", type=float, default=0.05, help="solver time step")
    p.add_argument("--spinup", type=float, default=2.0, help="time before the first frame")
    p.add_argument("--interval", type=float, default=0.5, help="time between frames")
    p.add_argument("--train-traj", type=int, default=16)
    p.add_argument("--test-traj", type=int, default=8)
    p.add_argument("--snapshots", type=int, default=16, help="frames per trajectory")
    p.add_argument("--rollout", type=int, default=4, help="autoregressive steps to score")
    p.add_argument("--width", type=int, default=8, help="channels of group models")
    p.add_argument("--cnn-width", type=int, default=16, help="channels of the CNN")
    p.add_argument("--lr", type=float, default=3e-3)
    p.add_argument("--batch", type=int, default=16)
    p.add_argument("--ldr-penalty", type=float, default=1e-4)
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
            f"beta {r['beta']:<4g} {r['model']:12s} {r['parameters']:6d} params  rmse "
            f"{r['rmse']['mean']:.4f} ± {r['rmse']['std']:.4f}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
