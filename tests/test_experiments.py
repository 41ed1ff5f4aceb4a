"""The experiment scripts: quick modes end to end (tiny sizes, JSON + plot), and the pieces
whose correctness the results rest on (the solver's symmetry, the data transforms)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
import torch

ROOT = Path(__file__).resolve().parents[1]
EXP = ROOT / "experiments"
if str(EXP) not in sys.path:
    sys.path.insert(0, str(EXP))


def _run(script: str, tmp_path: Path, *extra: str) -> dict:
    out, fig = tmp_path / f"{script}.json", tmp_path / f"{script}.png"
    cmd = [
        sys.executable,
        str(EXP / f"{script}.py"),
        "--quick",
        "--json",
        str(out),
        "--plot",
        str(fig),
        *extra,
    ]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=300, cwd=ROOT)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    data = json.loads(out.read_text())
    assert data["quick"] is True and data["environment"]["threads"] == 1
    try:
        import matplotlib  # noqa: F401
    except ImportError:
        pass
    else:
        assert fig.stat().st_size > 1000
    import summarize

    table = summarize.summarize(out)
    assert table.startswith(f"### {data['experiment']}") and "|---" in table
    return data


# ---------------------------------------------------------------------- quick modes
def test_rotated_digits_quick(tmp_path):
    pytest.importorskip("sklearn")
    data = _run("rotated_digits", tmp_path)
    rows = data["results"]
    assert {r["setting"] for r in rows} == {"full", "partial"}
    by = {(r["setting"], r["model"]): r for r in rows}
    exact = by[("full", "exact-p4")]
    assert exact["invariance_error"]["mean"] < 1e-5  # exactly invariant model
    assert by[("full", "cnn")]["invariance_error"]["mean"] > 1e-3
    for r in rows:
        assert 0 <= r["accuracy"]["mean"] <= 1 and r["parameters"] > 0
    layers = by[("full", "ldr1")]["runs"][0]["layers"]
    assert [l["kind"] for l in layers] == ["LDRGMConv"] * 3
    # the protocol: tuned on a validation split, chosen by validation error, provenance
    for r in rows:
        assert len(r["trials"]) == data["config"]["budget"]
        assert r["chosen"] == min(r["trials"], key=lambda t: t["val"])["hparams"]
    cfg = data["config"]
    assert cfg["n_val"] > 0 and cfg["n_test_actual"] == cfg["n_test"]
    assert data["provenance"]["argv"] and data["provenance"]["git_commit"]


def test_dynamics_quick(tmp_path):
    data = _run("dynamics", tmp_path)
    betas = data["config"]["betas"]
    assert data["symmetry_breaking"][str(betas[0])]["mean"] < 1e-10  # beta = 0: symmetric
    assert data["symmetry_breaking"][str(betas[-1])]["mean"] > 0.1
    models = {r["model"] for r in data["results"]}
    assert {"persistence", "cnn", "exact", "ldr1", "ldr1-exactlast", "rpp", "relaxed"} <= models
    for r in data["results"]:
        assert np.isfinite(r["rmse"]["mean"]) and r["rmse"]["mean"] > 0
        if r["model"] != "persistence":
            assert r["chosen"] == min(r["trials"], key=lambda t: t["val"])["hparams"]
    assert data["provenance"]["argv"] and data["provenance"]["versions"]["torch"]


def test_dynamics_ldr_relaxes_the_last_layer_and_starts_exact():
    """``ldr1`` relaxes all three layers like RPP / relaxed (the pre-protocol confound, an
    exact last layer, is the separate ``ldr1-exactlast``); both start exactly equivariant."""
    import dynamics as dyn

    from groupmat import spatial_group
    from groupmat.nn import GMConv, LDRGMConv, SpatialAction, equivariance_error

    S = spatial_group((8, 8), "C4")
    x = torch.randn(3, 1, 8, 8)
    quarter = [S.point(p) for p in (1, 2, 3)]
    for family, n_ldr in (("ldr1", 3), ("ldr1-exactlast", 2)):
        torch.manual_seed(0)
        model = dyn.build_model(family, S, 4, 4, {"ldr_penalty": 1e-4})
        kinds = [type(m) for m in model.modules() if isinstance(m, GMConv | LDRGMConv)]
        assert kinds.count(LDRGMConv) == n_ldr, (family, kinds)
        act = SpatialAction(S)
        assert equivariance_error(model, x, act, act, elements=quarter).mean < 1e-5
        with torch.no_grad():  # a non-zero factor breaks the symmetry in every LDR layer
            for m in model.modules():
                if isinstance(m, LDRGMConv):
                    for prm in m.parameters():
                        prm.add_(0.3 * torch.randn_like(prm))
        assert equivariance_error(model, x, act, act, elements=quarter).mean > 1e-3


def test_learned_symmetry_quick(tmp_path):
    pytest.importorskip("sklearn")
    data = _run("learned_symmetry", tmp_path)
    run = data["runs"][0]
    assert set(run["lifting"]) >= {"order", "name", "hardness", "message"}
    assert 0 < run["lifting"]["hardness"] <= 1


def test_learned_symmetry_teacher_quick(tmp_path):
    pytest.importorskip("sklearn")
    data = _run("learned_symmetry_teacher", tmp_path)
    assert len(data["runs"]) == 1 and len(data["runs"][0]["restarts"]) == 2
    best = data["runs"][0]["restarts"][data["runs"][0]["selected"]]
    assert best["final_train_loss"] == min(
        t["final_train_loss"] for t in data["runs"][0]["restarts"]
    )
    assert 0 <= data["summary"]["selected_matches_teacher"] <= 1


def test_plume_quick(tmp_path):
    pytest.importorskip("phi")
    data = _run("plume", tmp_path)
    rows = {r["model"]: r for r in data["results"]}
    assert {"cnn", "exact", "ldr1-point", "rpp", "relaxed"} <= set(rows)
    assert rows["exact"]["equivariance_error"]["mean"] < 1e-5  # exact p4 on vector fields
    assert rows["cnn"]["equivariance_error"]["mean"] > 1e-3
    for r in rows.values():
        assert len(r["trials"]) == data["config"]["budget"] and len(r["runs"]) == 2
        chosen = min(r["trials"], key=lambda t: t["val"])["hparams"]
        assert r["chosen"] == chosen  # chosen on validation
        assert np.isfinite(r["future"]["mean"]) and np.isfinite(r["domain"]["mean"])
    assert "ldr1-point vs cnn" in data["paired"]
    prov = data["provenance"]
    assert prov["argv"] and prov["git_commit"] and prov["versions"]["torch"]


def test_plume_cost_quick(tmp_path):
    """The cost probe times one epoch and one evaluation per model and grid (random fields of
    the data's shape) and projects the protocol run from them."""
    data = _run("plume_cost", tmp_path)
    cfg = data["config"]
    assert [(r["grid"], r["model"]) for r in data["results"]] == [(8, "cnn"), (8, "exact")]
    for r in data["results"]:
        assert r["epoch_seconds"] > 0 and r["eval_seconds"] > 0 and r["parameters"] > 0
        fit = cfg["epochs"] * r["epoch_seconds"] + r["eval_seconds"]
        assert r["fit_seconds"] == pytest.approx(fit)
        assert r["run_seconds"] == pytest.approx((cfg["budget"] + cfg["seeds"]) * fit)
    assert data["projected_run_seconds"]["8"] == pytest.approx(
        sum(r["run_seconds"] for r in data["results"])
    )


def test_provenance_records_the_uncommitted_state():
    """A run from a tree with uncommitted source changes says which files and which diff."""
    from _protocol import provenance

    prov = provenance(["x"])
    assert prov["argv"] == ["x"]
    if prov["git_commit"] is None:  # not a checkout (an unpacked sdist)
        pytest.skip("no git checkout")
    assert len(prov["git_commit"]) == 40 and isinstance(prov["git_dirty"], bool)
    assert prov["git_dirty"] == bool(prov["git_dirty_files"])
    assert (prov["git_diff_sha256"] is None) or len(prov["git_diff_sha256"]) == 64


def test_run_and_save_records_the_code_at_the_start(tmp_path, monkeypatch, capsys):
    """Provenance is the state when the run starts; a tree edited during the run is recorded
    as well (``provenance_at_save``), with a warning, instead of silently replacing it."""
    import argparse

    import _common

    states = iter([{"git_commit": "a" * 40, "git_dirty_files": [], "git_diff_sha256": None}])
    monkeypatch.setattr(_common, "provenance", lambda: next(states))
    edited = {
        "git_commit": "a" * 40,
        "git_dirty_files": ["M groupmat/x.py"],
        "git_diff_sha256": "f",
    }
    args = argparse.Namespace(json=tmp_path / "r.json", plot=tmp_path / "r.png", no_plot=True)
    out = _common.run_and_save(args, lambda a: {"provenance": dict(edited)}, lambda p, f: False)
    assert out["provenance"]["git_dirty_files"] == []
    assert out["provenance_at_save"] == edited
    assert "sources changed during the run" in capsys.readouterr().err
    saved = json.loads((tmp_path / "r.json").read_text())
    assert saved["provenance"]["git_dirty_files"] == [] and "provenance_at_save" in saved
    # unchanged: one record, no warning
    states = iter([dict(edited)])
    monkeypatch.setattr(_common, "provenance", lambda: next(states))
    out = _common.run_and_save(args, lambda a: {"provenance": dict(edited)}, lambda p, f: False)
    assert out["provenance"] == edited and "provenance_at_save" not in out
    assert "changed" not in capsys.readouterr().err


def test_sweep_factors_flag_lower_bounds():
    """When the smallest LDR width already beats a baseline, the factor is only a bound."""
    from _protocol import sweep_factors

    sweep = [
        {"model": "ldr1", "width": 1, "parameters": 100, "m": 0.5},
        {"model": "ldr1", "width": 2, "parameters": 400, "m": 0.2},
        {"model": "cnn", "width": 4, "parameters": 1000, "m": 0.6},
        {"model": "cnn", "width": 8, "parameters": 4000, "m": 0.3},
    ]
    out = sweep_factors(sweep, ["ldr1", "cnn"], "m")["ldr1 vs cnn"]
    assert out[0]["lower_bound"] and out[0]["factor"] == pytest.approx(10.0)
    assert not out[1]["lower_bound"] and 100 < out[1]["ldr_params_needed"] < 400


def _teacher_setup(n_train: int, n_test: int):
    from rotated_digits import make_data

    from groupmat import spatial_group
    from groupmat.nn import WeightSharingConv, spatial_representation

    S = spatial_group((8, 8), "C4")
    ref = spatial_representation(S, 3)
    data = make_data(S, "full", 1.0, 0, n_train=n_train, n_test=n_test, torus=8)
    torch.manual_seed(7000)
    teacher = WeightSharingConv(1, 8, 4, kernel_size=3, representation=ref)
    return S, ref, data, teacher


def test_teacher_is_exactly_equivariant():
    """The premise of the teacher task: the teacher's sharing is the group's."""
    pytest.importorskip("sklearn")
    from groupmat.nn import SpatialAction, equivariance_error

    S, _, data, teacher = _teacher_setup(16, 32)
    act = SpatialAction(S)
    err = equivariance_error(
        teacher, data["x_test"], act, act, elements=[S.point(q) for q in (1, 2, 3)]
    ).max
    assert err < 1e-5


@pytest.mark.slow
def test_student_finds_c4_from_random_starts():
    """Learned sharing recovers the teacher's C4 from a random start in at least one of four
    restarts (about half do at full length), and that restart has the lowest training loss."""
    pytest.importorskip("sklearn")
    import learned_symmetry_teacher as lst

    S, ref, data, teacher = _teacher_setup(1200, 100)
    args = type(
        "Args",
        (),
        dict(
            kernel=3,
            noise=1.0,
            iterations=20,
            lr=1e-2,
            batch=64,
            t_start=1.0,
            t_end=0.05,
            target="C4",
        ),
    )()
    tries = [
        lst.fit_student(args, S, ref, data, teacher, epochs=100, width=8, seed=10_000 + r)
        for r in range(4)
    ]
    found = [t for t in tries if t["matches_teacher"]]
    assert found and all(t["recovered"] for t in found)
    best = min(tries, key=lambda t: t["final_train_loss"])
    assert best["matches_teacher"] and best["equivariance_error"] < 1e-2


# ---------------------------------------------------------------------- pieces
def test_solver_is_p4_equivariant_without_beta_and_not_with():
    import dynamics as dyn

    rng = np.random.default_rng(0)
    w = dyn.random_vorticity(2, 16, rng)
    for beta, symmetric in ((0.0, True), (1.0, False)):
        s = dyn.BetaPlaneSolver(16, beta, 2e-3, 0.05)
        step = s.advance(w, 0.5)
        for p in (1, 2, 3):
            diff = np.abs(s.advance(dyn.rot90(w, p), 0.5) - dyn.rot90(step, p)).max()
            assert (diff < 1e-10) == symmetric, (beta, p, diff)
        # translations stay exact for every beta
        shifted = s.advance(np.roll(w, (3, 5), axis=(-2, -1)), 0.5)
        assert np.abs(shifted - np.roll(step, (3, 5), axis=(-2, -1))).max() < 1e-10


def test_truncation_commutes_with_quarter_turns_and_keeps_low_modes():
    import dynamics as dyn

    rng = np.random.default_rng(1)
    w = rng.normal(size=(2, 16, 16))
    assert np.abs(dyn.rot90(w, 4) - w).max() == 0
    t = dyn.truncate(w, 8)
    assert np.abs(dyn.truncate(dyn.rot90(w, 1), 8) - dyn.rot90(t, 1)).max() < 1e-12
    smooth = np.cos(2 * np.pi * np.arange(16) / 16)[None, :] * np.ones((16, 1))
    assert np.allclose(dyn.truncate(smooth, 8), smooth[::2, ::2])


def test_digit_transforms_are_the_group_action():
    pytest.importorskip("sklearn")
    import rotated_digits as rd

    from groupmat import spatial_group
    from groupmat.nn import SpatialAction

    S = spatial_group((8, 8), "D4")
    rng = np.random.default_rng(2)
    imgs = rng.random((len(S.point_group), 8, 8)).astype(np.float32)
    els = np.arange(len(S.point_group))
    moved = rd.transform_images(imgs, S, els)
    act = SpatialAction(S)
    for p in els:
        want = act(torch.from_numpy(imgs[p])[None, None], S.point(int(p)))[0, 0].numpy()
        assert np.array_equal(moved[p], want)


def test_train_augment_and_sinkhorn_annealer():
    from _common import sinkhorn_annealer, train

    from groupmat.nn import WeightSharingConv

    torch.manual_seed(0)
    model = torch.nn.Sequential(
        WeightSharingConv(1, 2, 4, kernel_size=3), torch.nn.Flatten(), torch.nn.LazyLinear(3)
    )
    x, y = torch.randn(8, 1, 5, 5), torch.tensor([0, 1, 2, 0, 1, 2, 0, 1])
    seen = []

    def augment(xb, rng):
        seen.append(len(xb))
        return -xb

    anneal = sinkhorn_annealer(model, 1.0, 0.01, epochs=3)
    taus = []

    def on_epoch(epoch):
        anneal(epoch)
        taus.append(model[0].stack.temperature)

    hist = train(
        model,
        x,
        y,
        torch.nn.functional.cross_entropy,
        epochs=3,
        lr=1e-2,
        batch=4,
        seed=0,
        on_epoch=on_epoch,
        augment=augment,
    )
    assert len(hist) == 3 and seen == [4, 4] * 3
    assert np.allclose(taus, [1.0, 0.1, 0.01])


def _tiny_plume(symmetric: bool):
    import plume_data as pd

    return pd.PlumeConfig(
        resolution=8,
        pool=1,
        tasks=4,
        steps=8,
        inputs=1,
        outputs=1,
        test_outputs=1,
        train_tasks=(1, 2),
        domain_tasks=(3,),
        train_starts=(0, 1),
        val_starts=(1, 2),
        future_starts=(2, 3),
        domain_starts=(0, 1),
        symmetric=symmetric,
    )


def test_plume_solver_is_rotation_equivariant_only_with_equal_buoyancy():
    """The data's premise and the vector convention: with equal buoyancy the four rotated
    inflows give exactly rotated velocity fields (pixels and vectors turned by rotate_field);
    with the task-dependent buoyancy they do not."""
    pytest.importorskip("phi")
    import plume_data as pd

    for symmetric in (True, False):
        cfg = _tiny_plume(symmetric)
        v = pd.simulate(cfg, progress=False)
        assert v.shape == (4, 7, 2, 8, 8) and np.abs(v).max() > 1e-3
        gap = pd.symmetry_gap(v, cfg)
        assert (gap < 1e-6) == symmetric, (symmetric, gap)


def test_plume_rotation_is_the_field_action_and_splits_read_the_right_frames():
    import plume_data as pd

    from groupmat import spatial_group
    from groupmat.nn import FieldAction, FieldType

    rng = np.random.default_rng(3)
    v = rng.normal(size=(3, 2, 6, 6))
    assert np.array_equal(pd.rotate_field(v, 4), v)
    assert np.allclose(pd.rotate_field(pd.rotate_field(v, 1), 3), v)
    # a quarter turn about the centre = a quarter turn about pixel 0, then a shift: both in p4
    S = spatial_group((6, 6), "C4")
    act = FieldAction(FieldType(S, "standard"))
    g = S.multiply(S.translation(5, 0), S.point(1))
    want = act(torch.from_numpy(v)[:, None], g)[:, 0].numpy()
    assert np.allclose(pd.rotate_field(v, 1), want)
    cfg = _tiny_plume(False)
    vel = np.arange(4 * 7, dtype=float).reshape(4, 7, 1, 1, 1) * np.ones((1, 1, 2, 8, 8))
    x, y = pd.windows(vel, cfg, (2,), (0, 1), 1)
    assert x[0, 0, 0, 0, 0] == 7 + cfg.offset - 1 and y[0, 0, 0, 0, 0] == 7 + cfg.offset


def test_protocol_same_learning_rates_paired_intervals_and_parameter_factor():
    import _protocol as pr

    cnn = pr.configurations("cnn", 4, tune_seed=3)
    ldr = pr.configurations("ldr2-point", 4, tune_seed=3)
    rpp = pr.configurations("rpp", 4, tune_seed=3)
    assert [c["lr"] for c in cnn] == [c["lr"] for c in ldr] == [c["lr"] for c in rpp]
    assert set(ldr[0]) == {"lr", "ldr_penalty", "ldr_scale"} and set(cnn[0]) == {"lr"}
    for c in rpp:
        assert 1e-4 <= c["rpp_free"] <= 1.0 and 1e-6 <= c["rpp_exact"] <= 1e-3
    p = pr.paired([1.0, 2.0, 3.0], [1.5, 2.5, 3.4])
    assert p["wins"] == 3 and p["ci95"][0] < p["mean_diff"] < p["ci95"][1] < 0
    # (params, metric): 100 -> 1.0, 1000 -> 0.1; metric 0.316 is reached at ~316 params
    need = pr.params_factor([(100, 1.0), (1000, 0.1)], 10**-0.5)
    assert abs(need - 10**2.5) < 1e-6
    assert pr.params_factor([(100, 1.0), (1000, 0.5)], 0.1) is None
    assert pr.select([{"val": 2.0}, {"val": float("nan")}, {"val": 1.0}])["val"] == 1.0
    rows = [
        {"model": "ldr1", "runs": [{"seed": s, "m": 1.0 + s} for s in range(3)]},
        {"model": "cnn", "runs": [{"seed": s, "m": 2.0 + s} for s in range(3)]},
        {"model": "persistence", "runs": [{"seed": s, "m": 0.0} for s in range(3)]},
    ]
    table = pr.paired_table(rows, ["m"])
    assert list(table) == ["ldr1 vs cnn"] and table["ldr1 vs cnn"]["m"]["wins"] == 3
    sweep = [
        {"model": "ldr1", "width": 4, "parameters": 100, "m": 1.0},
        {"model": "ldr1", "width": 8, "parameters": 1000, "m": 0.1},
        {"model": "cnn", "width": 8, "parameters": 2000, "m": 10**-0.5},
        {"model": "cnn", "width": 2, "parameters": 50, "m": 0.05},
    ]
    fac = pr.sweep_factors(sweep, ["ldr1", "cnn"], "m")["ldr1 vs cnn"]
    assert fac[0]["ldr_params_needed"] is None and fac[0]["factor"] is None  # 0.05: not reached
    assert abs(fac[1]["factor"] - 2000 / 10**2.5) < 1e-9
