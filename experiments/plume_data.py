"""Smoke plumes with rotated inflows and unequal buoyancy: the rotation setting of Wang,
Walters & Yu (ICML 2022, "Approximately equivariant networks for imperfectly symmetric
dynamics"), generated with PhiFlow (``pip install phiflow``; tested with phiflow 3.4.0 on the
numpy backend, CPU).

The system. Incompressible smoke in a closed ``R x R`` box (zero velocity on the walls), one
circular inflow of radius ``R * 5/64`` per task placed ``R * 5/64`` from the middle of one of
the four walls (bottom, right, top, left: the four quarter-turn images of one placement) and
a buoyancy force ``b * d`` on the smoke density, where ``d`` is the unit vector pointing from
that wall into the box. Task ``k = 1..36`` uses wall ``(k - 1) mod 4`` and buoyancy
``b = 0.025 k``: the four walls never share a buoyancy, so the dynamics have the *shape* of a
quarter-turn symmetry (placing the inflow by rotation) but no task's rotated image is another
task, which breaks the symmetry. Each step (``dt = 1``): MacCormack advection of the smoke plus
the inflow, semi-Lagrangian self-advection of the velocity plus the buoyancy force, and a
pressure projection (sparse direct solve in float64, residual checked against ``1e-5``;
conjugate gradients in float32 failed to converge on the strongest buoyancies). All 36 tasks
are one batched simulation.

The splits follow the authors' public configuration for this setting: 25 training tasks and
10 held-out "domain" tasks (one of the 36 is unused); inside the training tasks, samples that
start at steps 0-159 train, 160-199 validate and 200-249 are the "future" test; domain tasks
are tested on starts 0-99. A sample starting at ``s`` reads ``inputs`` frames ending at step
``s + offset`` and predicts the following frames (``offset = inputs + 2``, as in their code).

Arrays. ``velocity`` is ``(tasks, steps, 2, R', R')`` float32 on the learning grid
``R' = R / pool`` (cell-centred velocity averaged over ``pool x pool`` blocks: a quarter
turn about the box centre commutes with that average). Channel 0 is the velocity along array
axis 0 (rows, phiflow's ``y``), channel 1 along axis 1 (columns, ``x``), so a pixel map
``x -> W x`` of array coordinates acts on vectors by the same ``W`` (:func:`rotate_field`).

Usage::

    python experiments/plume_data.py --quick            # a tiny set in seconds
    python experiments/plume_data.py                    # the full set (see CONFIG)
    python experiments/plume_data.py --data-dir /tmp/plume --resolution 32

Arrays are cached as ``<data-dir>/plume_<hash>.npz`` (keyed by every generator parameter),
default ``experiments/results/plume_data`` (git-ignored).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import time
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DIR = ROOT / "experiments" / "results" / "plume_data"

#: The authors' split of the 36 tasks (task ``k``: wall ``(k - 1) mod 4``, buoyancy 0.025 k).
TRAIN_TASKS = (
    27,
    33,
    3,
    28,
    9,
    12,
    22,
    8,
    30,
    25,
    16,
    11,
    23,
    29,
    36,
    26,
    1,
    35,
    19,
    34,
    4,
    2,
    7,
    31,
    17,
)
DOMAIN_TASKS = (6, 14, 15, 10, 18, 20, 24, 13, 21, 5)


@dataclass(frozen=True)
class PlumeConfig:
    """Every parameter of the generator and of the splits, in one place.

    ``resolution`` is the simulation grid ``R``, ``pool`` the block size of the learning
    grid; lengths in the simulation scale with ``R / 64``, the buoyancy ``b_k = unit * k`` does
    not (it is per step, per unit of smoke density).
    """

    resolution: int = 64
    pool: int = 2
    tasks: int = 36
    buoyancy_unit: float = 0.025
    inflow_radius: float = 5.0  # in units of R / 64
    inflow_offset: float = 5.0  # distance of the inflow centre from its wall, units of R / 64
    steps: int = 310  # simulated; frame 0 (all zero) is dropped
    dt: float = 1.0
    solver: str = "scipy-direct"  # sparse LU; CG (float32) fails to converge for b > 0.75
    solver_tol: float = 1e-5
    precision: int = 64  # phiflow's float precision
    inputs: int = 10
    outputs: int = 6
    train_tasks: tuple[int, ...] = TRAIN_TASKS
    domain_tasks: tuple[int, ...] = DOMAIN_TASKS
    train_starts: tuple[int, int] = (0, 160)
    val_starts: tuple[int, int] = (160, 200)
    future_starts: tuple[int, int] = (200, 250)
    domain_starts: tuple[int, int] = (0, 100)
    test_outputs: int = 20  # rollout length of the test splits (the authors' code)
    symmetric: bool = False  # control: the four walls of each group of 4 share one buoyancy
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def offset(self) -> int:
        """Step of the first predicted frame of the sample starting at 0."""
        return self.inputs + 2

    @property
    def learn_resolution(self) -> int:
        return self.resolution // self.pool

    def key(self) -> str:
        """A hash of every parameter (the cache file name)."""
        blob = json.dumps(asdict(self), sort_keys=True, default=list).encode()
        return hashlib.sha1(blob).hexdigest()[:12]

    def validate(self) -> None:
        if self.resolution % self.pool:
            raise ValueError(f"resolution {self.resolution} is not a multiple of pool {self.pool}")
        if (self.resolution // self.pool) % 2:
            raise ValueError(
                "the learning grid must have an even side (quarter turns about "
                "the box centre then map pool blocks onto pool blocks)"
            )
        bad = [k for k in (*self.train_tasks, *self.domain_tasks) if not 1 <= k <= self.tasks]
        if bad:
            raise ValueError(f"task ids {bad} outside 1..{self.tasks}")
        if set(self.train_tasks) & set(self.domain_tasks):
            raise ValueError("train and domain tasks overlap")
        last = max(self.future_starts[1], self.domain_starts[1], self.val_starts[1]) - 1
        need = last + self.offset + max(self.outputs, self.test_outputs)
        if need > self.steps - 1:
            raise ValueError(
                f"the splits read frame {need - 1}, but only {self.steps - 1} frames "
                "are simulated; raise steps"
            )


FULL = PlumeConfig()
#: A tiny set for tests: a 16x16 box, 8 tasks, 24 steps (about 8 s, phiflow's per-step
#: overhead dominates; cached after the first call).
QUICK = PlumeConfig(
    resolution=16,
    pool=2,
    tasks=8,
    steps=24,
    inputs=3,
    outputs=2,
    test_outputs=3,
    train_tasks=(1, 2, 3, 4, 5),
    domain_tasks=(6, 7),
    train_starts=(0, 8),
    val_starts=(8, 11),
    future_starts=(11, 14),
    domain_starts=(0, 8),
)


# ---------------------------------------------------------------------- geometry
def inflow_layout(cfg: PlumeConfig) -> tuple[np.ndarray, np.ndarray]:
    """``(tasks, 2)`` inflow centres and buoyancy vectors in phiflow's ``(x, y)`` order
    (bounds ``[0, R]^2``). Wall order: bottom, right, top, left (successive quarter turns)."""
    r = cfg.resolution
    s = r / 64.0
    c, e = r / 2.0, cfg.inflow_offset * s
    centres = np.array([[c, e], [r - e, c], [c, r - e], [e, c]])
    into = np.array([[0.0, 1.0], [-1.0, 0.0], [0.0, -1.0], [1.0, 0.0]])
    k = np.arange(1, cfg.tasks + 1)
    wall = (k - 1) % 4
    strength = k - wall if cfg.symmetric else k
    return centres[wall], into[wall] * (cfg.buoyancy_unit * strength)[:, None]


def rotate_field(v: np.ndarray, turns: int = 1) -> np.ndarray:
    """Quarter turns about the box centre of vector fields ``(..., 2, N, N)`` in the array
    convention of this module: pixel ``x -> W x`` about the centre and ``v -> W v`` with
    ``W = [[0, -1], [1, 0]]`` (array axes), i.e. ``out[..., W x] = W v[..., x]``.

    Examples
    --------
    >>> v = np.zeros((2, 4, 4)); v[0, 3, 1] = 1.0          # a vector along axis 0 at (3, 1)
    >>> w = rotate_field(v)
    >>> np.argwhere(w != 0).tolist(), float(w.sum())   # now along axis 1, at (2, 3)
    ([[1, 2, 3]], 1.0)
    """
    n = v.shape[-1]
    if v.shape[-2] != n or v.shape[-3] != 2:
        raise ValueError(f"expected vector fields (..., 2, N, N), got {v.shape}")
    out = v
    for _ in range(turns % 4):
        # W (x - c) + c with c = (n - 1) / 2: (i, j) -> (n - 1 - j, i)
        # inverse read: out[a, b] = W v[b, n - 1 - a]
        src = out[..., :, :, ::-1].swapaxes(-1, -2)  # src[a, b] = out[b, n - 1 - a]
        out = np.stack([-src[..., 1, :, :], src[..., 0, :, :]], axis=-3)
    return out


# ---------------------------------------------------------------------- simulation
def _phiflow():
    try:
        from phi import flow
    except ImportError as exc:  # pragma: no cover - exercised only without phiflow
        raise ImportError(
            "plume data needs phiflow: pip install phiflow (or the 'experiments' extra)"
        ) from exc
    return flow


def simulate(cfg: PlumeConfig, *, progress: bool = True) -> np.ndarray:
    """Run the batched simulation: ``(tasks, steps - 1, 2, R', R')`` float32 (see the module
    docstring for the axes). ``O(steps * tasks * (R^2 + sparse LU of R^2 unknowns))``."""
    cfg.validate()
    fl = _phiflow()
    from phiml import math as pm

    with pm.precision(cfg.precision):
        return _simulate(cfg, fl, progress)


def _simulate(cfg: PlumeConfig, fl: Any, progress: bool) -> np.ndarray:
    r = cfg.resolution
    bounds = fl.Box(x=r, y=r)
    grid = {"x": r, "y": r, "bounds": bounds}
    smoke = fl.CenteredGrid(0, fl.extrapolation.BOUNDARY, **grid)
    velocity = fl.StaggeredGrid(0, fl.extrapolation.ZERO, **grid)
    centres, force = inflow_layout(cfg)
    centre = fl.tensor(centres, fl.batch("task"), fl.channel(vector="x,y"))
    buoy = fl.tensor(force, fl.batch("task"), fl.channel(vector="x,y"))
    inflow = fl.CenteredGrid(
        fl.Sphere(center=centre, radius=cfg.inflow_radius * r / 64.0),
        fl.extrapolation.BOUNDARY,
        **grid,
    )
    pressure = None
    frames = []
    t0 = time.perf_counter()
    p = cfg.pool
    for step in range(1, cfg.steps):
        smoke = fl.advect.mac_cormack(smoke, velocity, dt=cfg.dt) + inflow
        force_grid = fl.resample(smoke * buoy, to=velocity)
        velocity = fl.advect.semi_lagrangian(velocity, velocity, dt=cfg.dt) + force_grid
        solve = fl.Solve(
            cfg.solver,
            cfg.solver_tol,
            cfg.solver_tol,
            x0=pressure,
            rank_deficiency=0,
            max_iterations=5000,
        )
        velocity, pressure = fl.fluid.make_incompressible(velocity, (), solve)
        centred = velocity.at_centers().values.numpy("task,vector,y,x")  # vector = (x, y)
        centred = centred[:, ::-1]  # -> (axis 0 = y, axis 1 = x)
        if p > 1:
            t, c = centred.shape[:2]
            centred = centred.reshape(t, c, r // p, p, r // p, p).mean(axis=(3, 5))
        frames.append(centred.astype(np.float32))
        if progress and (step % 25 == 0 or step == cfg.steps - 1):
            el = time.perf_counter() - t0
            eta = el / step * (cfg.steps - 1 - step)
            print(f"  step {step}/{cfg.steps - 1}  {el:.0f}s  (eta {eta:.0f}s)", flush=True)
    return np.stack(frames, axis=1)


def load_or_generate(
    cfg: PlumeConfig, data_dir: Path | None = None, *, progress: bool = True
) -> tuple[np.ndarray, dict[str, Any]]:
    """The cached velocity array for ``cfg`` (generated and saved on first use) and its
    metadata (config, generation seconds, phiflow version)."""
    data_dir = Path(data_dir) if data_dir is not None else DEFAULT_DIR
    path = data_dir / f"plume_{cfg.key()}.npz"
    if path.exists():
        with np.load(path, allow_pickle=False) as z:
            return z["velocity"], json.loads(str(z["meta"]))
    import phi

    t0 = time.perf_counter()
    vel = simulate(cfg, progress=progress)
    meta = {
        "config": asdict(cfg),
        "generation_seconds": time.perf_counter() - t0,
        "phiflow": getattr(phi, "__version__", "unknown"),
        "file": path.name,
    }
    data_dir.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp.npz")
    np.savez_compressed(tmp, velocity=vel, meta=json.dumps(meta, default=list))
    tmp.replace(path)
    return vel, meta


# ---------------------------------------------------------------------- samples
def windows(
    velocity: np.ndarray,
    cfg: PlumeConfig,
    tasks: tuple[int, ...],
    starts: tuple[int, int],
    outputs: int,
) -> tuple[np.ndarray, np.ndarray]:
    """Samples of the given tasks and start range: inputs ``(B, inputs, 2, R', R')`` and
    targets ``(B, outputs, 2, R', R')`` (frame ``s + offset - inputs .. s + offset - 1`` and
    the next ``outputs``)."""
    idx = np.asarray(tasks) - 1
    s = np.arange(*starts)
    first = cfg.offset - cfg.inputs
    t_in = s[:, None] + first + np.arange(cfg.inputs)[None]
    t_out = s[:, None] + cfg.offset + np.arange(outputs)[None]
    v = velocity[idx]
    x = v[:, t_in].reshape(-1, cfg.inputs, *v.shape[2:])
    y = v[:, t_out].reshape(-1, outputs, *v.shape[2:])
    return x, y


def splits(velocity: np.ndarray, cfg: PlumeConfig) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """``train`` / ``val`` (training tasks, ``outputs`` frames), ``future`` / ``domain``
    (``test_outputs`` frames)."""
    return {
        "train": windows(velocity, cfg, cfg.train_tasks, cfg.train_starts, cfg.outputs),
        "val": windows(velocity, cfg, cfg.train_tasks, cfg.val_starts, cfg.outputs),
        "future": windows(velocity, cfg, cfg.train_tasks, cfg.future_starts, cfg.test_outputs),
        "domain": windows(velocity, cfg, cfg.domain_tasks, cfg.domain_starts, cfg.test_outputs),
    }


def symmetry_gap(velocity: np.ndarray, cfg: PlumeConfig, frames: slice | None = None) -> float:
    """How far the data are from quarter-turn symmetry: for each group of four consecutive
    tasks (walls 0..3, buoyancies ``b, b+u, b+2u, b+3u``), the mean over walls ``j`` of
    ``||rot^j(v_wall 0) - v_wall j|| / ||v_wall j||``; 0 would mean the rotated plumes are
    identical (the Wang et al. notebook's "equivariance error" in relative form)."""
    frames = frames or slice(None)
    v = velocity[:, frames].astype(np.float64)
    errs = []
    for g in range(cfg.tasks // 4):
        base = v[4 * g]
        for j in (1, 2, 3):
            # walls go counter-clockwise in (x, y), rotate_field turns clockwise
            other = v[4 * g + j]
            errs.append(np.linalg.norm(rotate_field(base, 4 - j) - other) / np.linalg.norm(other))
    return float(np.mean(errs))


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(
        description=__doc__.splitlines()[0], formatter_class=argparse.ArgumentDefaultsHelpFormatter
    )
    p.add_argument("--quick", action="store_true", help="tiny set (seconds)")
    p.add_argument("--data-dir", type=Path, default=DEFAULT_DIR)
    p.add_argument("--resolution", type=int, default=None, help="simulation grid R")
    p.add_argument("--pool", type=int, default=None, help="learning grid = R / pool")
    p.add_argument("--steps", type=int, default=None)
    args = p.parse_args(argv)
    cfg = QUICK if args.quick else FULL
    over = {
        k: v
        for k, v in (("resolution", args.resolution), ("pool", args.pool), ("steps", args.steps))
        if v is not None
    }
    cfg = replace(cfg, **over)
    cfg.validate()
    vel, meta = load_or_generate(cfg, args.data_dir)
    print(
        f"velocity {vel.shape} ({vel.nbytes / 2**20:.1f} MiB), generated in "
        f"{meta['generation_seconds']:.1f}s with phiflow {meta['phiflow']}; "
        f"quarter-turn gap {symmetry_gap(vel, cfg):.3f}; file {args.data_dir / meta['file']}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
