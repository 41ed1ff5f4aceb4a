"""groupmat.plot renders headless (Agg) to PNG; skipped when matplotlib is not installed."""

from __future__ import annotations

import io

import numpy as np
import pytest

matplotlib = pytest.importorskip("matplotlib")
matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import torch  # noqa: E402

import groupmat as gm  # noqa: E402
from groupmat import nn as gnn  # noqa: E402
from groupmat.plot import (  # noqa: E402
    curves_from_records,
    plot_cayley_graph,
    plot_character_table,
    plot_equivariance,
    plot_group_matrix,
    plot_ldr_curves,
    plot_singular_values,
)

PNG = b"\x89PNG\r\n\x1a\n"


def png(ax) -> bytes:
    buf = io.BytesIO()
    ax.figure.savefig(buf, format="png", dpi=40)
    plt.close(ax.figure)
    data = buf.getvalue()
    assert data[:8] == PNG and len(data) > 500
    return data


@pytest.mark.parametrize("layout", ["auto", "spring", "circular", "shell", "spectral"])
def test_cayley_graph(layout):
    G = gm.dihedral(4)
    ax = plot_cayley_graph(G, layout=layout)
    assert ax.get_title() == "Cayley graph of D8"
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert legend == ["r", "s"]
    png(ax)


def test_cayley_graph_no_labels_and_errors():
    png(plot_cayley_graph(gm.psl(2, 7), labels=False))
    with pytest.raises(ValueError, match="unknown layout"):
        plot_cayley_graph(gm.cyclic(3), layout="nope")


def test_group_matrix_default_is_index_pattern():
    G = gm.symmetric(3)
    ax = plot_group_matrix(G)
    data = ax.images[0].get_array()
    assert np.array_equal(np.asarray(data), G.table[G.inverse])
    assert [t.get_text() for t in ax.get_xticklabels()] == G.labels()
    assert len(ax.texts) == 36  # every cell annotated with its word
    png(ax)


def test_group_matrix_values_and_coset_order():
    G = gm.dihedral(6)
    H = G.subgroup("r")
    a = np.arange(G.order, dtype=float) ** 2
    ax = plot_group_matrix(G, a, order=H)
    M = np.asarray(ax.images[0].get_array())
    perm = np.argsort(np.asarray(H.left_cosets()), kind="stable")
    assert np.allclose(M, a[G.table[G.inverse]][np.ix_(perm, perm)])
    png(ax)
    with pytest.raises(ValueError, match="one value per element"):
        plot_group_matrix(G, a[:-1])
    with pytest.raises(ValueError, match="permutation"):
        plot_group_matrix(G, order=[0, 0, 1])


def test_group_matrix_of_plain_matrix_and_tensor():
    png(plot_group_matrix(np.eye(5)))
    png(plot_group_matrix(torch.eye(4)))
    with pytest.raises(ValueError, match="2-d"):
        plot_group_matrix(np.zeros(3))


def test_character_table():
    ax = plot_character_table(gm.alternating(5))
    assert ax.get_title() == "character table of A5"
    cells = [t.get_text() for t in ax.texts]
    assert len(cells) == 25 and "1.62" in cells and "-0.62" in cells
    ticks = [t.get_text() for t in ax.get_xticklabels()]
    assert ticks[0] == "1a\n|1|" and {"5a\n|12|", "5b\n|12|"} <= set(ticks)
    png(ax)
    T = gm.character_table(gm.cyclic(3))  # complex values
    ax = plot_character_table(T)
    assert any("i" in t.get_text() for t in ax.texts)
    png(ax)


def test_equivariance_bars():
    G = gm.symmetric(3)
    x = torch.randn(3, 2, 6, dtype=torch.float64)
    act = gnn.RegularAction(G)
    exact = gnn.equivariance_error(gnn.GMConv(G, G, 2, 2).double(), x, act, act)
    dense = gnn.equivariance_error(torch.nn.Linear(6, 6).double(), x, act, act)
    ax = plot_equivariance({"GMConv": exact, "Linear": dense}, group=G)
    assert len(ax.patches) == 12 and ax.get_yscale() == "log"
    assert [t.get_text() for t in ax.get_xticklabels()] == G.labels()
    png(ax)
    other = gnn.equivariance_error(torch.nn.Linear(6, 6).double(), x, act, act, elements=[1, 2])
    ax = plot_equivariance({"a": exact, "b": other})  # different elements: summary bars
    assert len(ax.patches) == 4
    png(ax)
    png(plot_equivariance(exact, log=False))


def test_ldr_curves_and_records():
    recs = [
        {"rank": r, "acc": 0.5 + 0.1 * r + 0.01 * s, "model": m, "seed": s}
        for r in (0, 1, 2)
        for s in (0, 1)
        for m in ("ldr", "relaxed")
    ]
    xs, mean, std = curves_from_records(recs, "rank", "acc", hue="model")
    assert xs.tolist() == [0, 1, 2] and set(mean) == {"ldr", "relaxed"}
    assert np.allclose(mean["ldr"], [0.505, 0.605, 0.705]) and np.allclose(std["ldr"], 0.005)
    ax = plot_ldr_curves(xs, mean, errors=std, ylabel="accuracy")
    assert ax.get_xlabel() == "displacement rank r" and len(ax.get_legend().get_texts()) == 2
    png(ax)
    png(plot_ldr_curves([0, 1], {"err": [1e-7, 1e-2]}, logy=True))


def test_singular_values():
    rng = np.random.default_rng(0)
    low = rng.normal(size=(20, 2)) @ rng.normal(size=(2, 20))
    ax = plot_singular_values({"rank 2": low, "full": rng.normal(size=(20, 20))})
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert labels == ["rank 2 (rank 2)", "full (rank 20)"]
    png(ax)


def test_size_guard():
    with pytest.raises(gm.SizeLimitError):
        plot_group_matrix(gm.cyclic(5000))
