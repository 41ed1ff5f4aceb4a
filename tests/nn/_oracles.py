"""Dense oracles for the layers' closed-form norms, shared by the approximate-layer tests.

They work on a layer's dense matrix through the spaces' action permutations only, so they are
independent of the closed forms they check.
"""

from __future__ import annotations

import numpy as np
import pytest

from groupmat.nn._compile import as_space  # the spaces' actions: the seam under test


def dense_displacement(M: np.ndarray, layer) -> tuple[float, float]:
    """``(sum_u ||L_u M - M L_u||^2)^(1/2)`` over the generators and ``||M - P(M)||`` with
    ``P(M) = mean_u L_u^-1 M L_u``, from the dense ``(out, in)`` matrix ``M`` of ``layer``."""
    src, dst = as_space(layer.in_space), as_space(layer.out_space)
    G = src.group
    o, c = layer.out_channels, layer.in_channels
    Mb = M.reshape(o, dst.size, c, src.size)
    disp = 0.0
    for u in G.generators:
        po = np.asarray(dst.act(G.inverse[u], np.arange(dst.size)))
        pi = np.asarray(src.act(G.inverse[u], np.arange(src.size)))
        disp += ((Mb[:, po] - Mb[:, :, :, np.argsort(pi)]) ** 2).sum()
    P = np.zeros_like(Mb)
    for u in range(G.order):
        ua = np.asarray(dst.act(u, np.arange(dst.size)))
        uz = np.asarray(src.act(u, np.arange(src.size)))
        P += Mb[:, ua][:, :, :, uz]
    P /= G.order
    return float(np.sqrt(disp)), float(np.sqrt(((Mb - P) ** 2).sum()))


def assert_norms_match_dense(
    layer,
    M: np.ndarray,
    *,
    rel: float = 1e-10,
    atol: float = 1e-12,
    norm_rel: float | None = 1e-12,
) -> None:
    """``layer``'s closed-form displacement norm and distance to the equivariant layers (and,
    unless ``norm_rel`` is None, its Frobenius norm) equal the dense oracles on its dense
    ``(out, in)`` matrix ``M``."""
    disp, dist = dense_displacement(M, layer)
    assert float(layer.displacement_norm().detach()) == pytest.approx(disp, rel=rel, abs=atol)
    assert float(layer.equivariance_distance().detach()) == pytest.approx(dist, rel=rel, abs=atol)
    if norm_rel is not None:
        norm = float(np.linalg.norm(M))
        assert float(layer.matrix_norm().detach()) == pytest.approx(norm, rel=norm_rel)
