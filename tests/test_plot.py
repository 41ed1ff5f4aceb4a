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
    # exact values: the golden ratio and its conjugate, not 1.62 / -0.62
    assert len(cells) == 25 and "(1+√5)/2" in cells and "(1-√5)/2" in cells
    assert "1.62" not in cells
    ticks = [t.get_text() for t in ax.get_xticklabels()]
    assert ticks[0] == "1a\n|1|" and {"5a\n|12|", "5b\n|12|"} <= set(ticks)
    png(ax)
    T = gm.character_table(gm.cyclic(3))  # complex values: roots of unity as GAP writes them
    ax = plot_character_table(T)
    assert {"E(3)", "E(3)^2"} <= {t.get_text() for t in ax.texts}
    png(ax)


def test_character_table_falls_back_to_decimals_without_exact_values():
    class NoExact:  # a table whose exact() fails: decimals, no exception
        def __init__(self, T):
            self._T = T

        def __getattr__(self, name):
            return getattr(self._T, name)

        def __len__(self):
            return len(self._T)

        def exact(self):
            raise RuntimeError("not available")

    from groupmat.plot import _exact_labels

    T = gm.character_table(gm.alternating(5))
    assert _exact_labels(NoExact(T)) is None
    labels = _exact_labels(T)
    assert labels[1][1] == "(1+√5)/2" and labels[3] == ["4", "-1", "1", "-1", "0"]


def test_exact_labels_of_character_values():
    sympy = pytest.importorskip("sympy")
    from groupmat.plot import _exact_label, _exact_labels

    golden = 1 + sympy.exp(2 * sympy.pi * sympy.I / 5) + sympy.exp(-2 * sympy.pi * sympy.I / 5)
    cases = [
        (sympy.Integer(-3), "-3"),
        (golden, "(1+√5)/2"),  # unsimplified, as exact() gives it today
        (sympy.Rational(1, 2) + sympy.sqrt(5) / 2, "(1+√5)/2"),  # already simplified
        (sympy.sqrt(2), "√2"),
        (-sympy.sqrt(2), "-√2"),
        (sympy.I, "E(4)"),
        (sympy.exp(-2 * sympy.pi * sympy.I / 3), "E(3)^2"),
        ((-1 + sympy.sqrt(7) * sympy.I) / 2, "(-1+i√7)/2"),  # b7 in PSL(2,7)
        (2 * sympy.cos(2 * sympy.pi / 7), None),  # cubic irrationality: decimals
    ]
    for value, label in cases:
        assert _exact_label(value) == label, value
    labels = _exact_labels(gm.character_table(gm.psl(2, 7)))
    assert {"(-1+i√7)/2", "(-1-i√7)/2"} <= {x for row in labels for x in row}


def test_cayley_graph_d8_prism_keeps_s_edges_off_the_centre():
    from groupmat.plot import _layout

    G = gm.dihedral(4)
    pos = _layout(G, G.cayley_graph(), "auto", 0)
    centre = np.mean(list(pos.values()), axis=0)
    s = np.asarray(G.right_action[1])
    radius = max(np.linalg.norm(p - centre) for p in pos.values())
    for g in range(8):  # no s edge passes near the centre (Kamada-Kawai routed all through it)
        mid = (pos[g] + pos[int(s[g])]) / 2
        assert np.linalg.norm(mid - centre) > 0.5 * radius
    # the r-cycles are two concentric squares
    r = np.asarray(G.right_action[0])
    for g in range(8):
        assert np.isclose(np.linalg.norm(pos[g] - centre), np.linalg.norm(pos[int(r[g])] - centre))


@pytest.mark.parametrize(("G", "labelled"), [(gm.dihedral(4), True), (gm.alternating(5), False)])
def test_cayley_graph_labels_by_size(G, labelled):
    ax = plot_cayley_graph(G)
    assert bool(ax.texts) is labelled  # node labels only up to MAX_GRAPH_LABELS = 40 nodes
    png(ax)


def test_cayley_graph_cycles_layout_separates_cycles():
    from groupmat.plot import _cycle_generator, _cycles, _cycles_layout

    G = gm.alternating(5)
    # b (order 3): each triangle meets 6 others through a; a's 12 pentagons would meet 10 each
    assert G.generator_names[_cycle_generator(G)] == "b"
    pos = _cycles_layout(G)
    assert len(pos) == 60
    cycles = _cycles(np.asarray(G.right_action[1]))
    assert len(cycles) == 20 and all(len(c) == 3 for c in cycles)
    centres = np.array([np.mean([pos[g] for g in c], axis=0) for c in cycles])
    radii = [max(np.linalg.norm(pos[g] - centres[k]) for g in c) for k, c in enumerate(cycles)]
    gaps = np.linalg.norm(centres[:, None] - centres[None], axis=-1) + np.eye(20) * 1e9
    assert gaps.min() > 2 * max(radii)  # the polygons do not overlap
    assert _cycles_layout(gm.symmetric(2)) == {}  # only involutions: no cycles to draw
    png(plot_cayley_graph(gm.psl(2, 7)))  # 168 nodes


def test_orbit_matrix():
    from groupmat.plot import plot_orbit_matrix

    G = gm.alternating(5)
    V = gm.HomogeneousSpace(G, G.subgroup(["a"]))  # 12 vertices
    ax = plot_orbit_matrix(V)
    data = np.asarray(ax.images[0].get_array())
    assert data.shape == (12, 12) and len(np.unique(data)) == 4
    assert (np.diag(data) == data[0, 0]).all()  # the diagonal is one orbit
    assert ax.get_title() == "4 orbits of A5 on X x Y"
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
