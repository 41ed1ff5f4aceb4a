"""The ``spectral`` algorithm: a group convolution in the real Fourier domain
(``docs/concepts/layer-algorithms.md``).

For ``y(g) = sum_j w_j f(g u_j)`` on a finite group ``G`` (:func:`~groupmat.real_fourier`):

1. ``F = f Phi``: every channel's signal to its real Fourier coefficients (one GEMM,
   ``2 B C n^2`` flops); block ``b`` is an ``r_b x D_b`` matrix;
2. ``W_b = sum_j w_j D_b(u_j)^T``: the kernel's transform (``2 O C m n`` flops, lifted from the
   kept rows to ``D_b x D_b``, batch-independent, cached by the layer in eval mode);
3. ``Y_b = F_b W_b`` summed over input channels: for all blocks of one shape at once, one
   ``bmm`` of ``(n_b, B r, C D) x (n_b, C D, O D)`` (``2 B C O sum_b r_b D_b^2`` flops; a
   Python loop over the few distinct block shapes, never over irreps or elements);
4. ``y = Y diag(c) Phi^T`` (one GEMM, ``2 B O n^2``; ``c`` is folded into ``W``).

Against the ``2 B C O n |K|`` of gather or expanded weights this wins for large kernels on
groups whose blocks are small: full support on ``S5`` costs ``sum r D^2 = 1,220`` against
``n^2 = 14,400`` per channel pair. Any spaces of the group (lifting from and projection to
``G/H`` through the coset sums of ``Phi``, see :class:`Spectral`), any kernel support.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
import torch
from torch.types import Device

from groupmat.algebra.representations._real_forms import real_fourier
from groupmat.nn._algorithms import ConvAlgorithm

if TYPE_CHECKING:  # pragma: no cover
    from groupmat.algebra._group import Group

__all__ = ["Spectral"]


class Spectral(ConvAlgorithm):
    """Group convolution through the real Fourier transform (see the module docstring).

    Homogeneous spaces: a signal on ``X = G/H`` enters as ``f~(g) = f(g.x_0)``, whose
    transform is ``f Phi_X`` with ``Phi_X[x] = sum_{g.x_0 = x} Phi[g]`` (``in_cosets`` is the
    map ``g -> g.x_0``); an output on ``X`` is the group output at the representatives
    ``r_a`` (``out_points``), ``y = Y diag(c) Phi[r_a]^T``; ``support`` then holds group
    elements ``k_j`` with ``k_j.x_0 = u_j`` (``f(r_a.u_j) = f~(r_a k_j)``).

    Buffers: ``phi`` ``(n, n)``, ``phi_support`` ``(m, n)`` (absent for a full support in
    element order), ``phi_in`` ``(|X|, n)`` and ``phi_out`` ``(|X|, n)`` for spaces, one
    ``lift{k}`` ``(n_b, mu, D, D)`` per block shape (the inversion weights folded in).
    """

    name = "spectral"

    def __init__(
        self,
        group: Group,
        support: np.ndarray,
        device: Device = None,
        dtype: torch.dtype | None = None,
        *,
        in_cosets: np.ndarray | None = None,
        out_points: np.ndarray | None = None,
    ) -> None:
        super().__init__()
        rf = real_fourier(group)
        self.group = group
        self.n = group.order
        self.support = np.asarray(support, dtype=np.int64)
        self.in_cosets = None if in_cosets is None else np.asarray(in_cosets, dtype=np.int64)
        self.out_points = None if out_points is None else np.asarray(out_points, dtype=np.int64)
        self.shapes: list[tuple[int, int, int, int, int]] = []  # (offset, n_b, r, D, mu)
        for r, dim, idx in rf.shape_groups():
            mu = rf.blocks[idx[0]].lifts.shape[0]
            self.shapes.append((int(rf.offsets[idx[0]]), len(idx), r, dim, mu))
        self.block_sizes = [(b.kind, b.rows, b.dim) for b in rf.blocks]
        self._register(dtype or torch.get_default_dtype(), device)

    def _register(self, dtype: torch.dtype, device: Any) -> None:
        """(Re)build the float buffers from the float64 real forms (so ``.double()`` after a
        float32 construction is exact, not a cast of rounded values)."""
        rf = real_fourier(self.group)
        n, support, phi = self.n, self.support, rf.matrix
        fk = {"dtype": dtype, "device": device}
        self.register_buffer("phi", torch.as_tensor(phi, **fk), persistent=False)
        full = support.size == n and bool((support == np.arange(n)).all())
        ps = None if full else torch.as_tensor(phi[support], **fk)
        self.register_buffer("phi_support", ps, persistent=False)
        phi_in = None
        if self.in_cosets is not None:  # f~(g) = f(g.x_0): F = sum_x f(x) sum_{g.x_0 = x} D(g)
            sums = np.zeros((int(self.in_cosets.max()) + 1, n))
            np.add.at(sums, self.in_cosets, phi)
            phi_in = torch.as_tensor(sums, **fk)
        self.register_buffer("phi_in", phi_in, persistent=False)
        phi_out = None if self.out_points is None else torch.as_tensor(phi[self.out_points], **fk)
        self.register_buffer("phi_out", phi_out, persistent=False)
        for k, (_, _, idx) in enumerate(rf.shape_groups()):
            lifts = np.stack([rf.blocks[i].lifts * rf.blocks[i].coeff for i in idx])
            self.register_buffer(f"lift{k}", torch.as_tensor(lifts, **fk), persistent=False)
        self._dtype = dtype

    def _apply(self, fn: Any, recurse: bool = True) -> Spectral:
        super()._apply(fn, recurse)
        if self.phi.dtype != self._dtype and self.phi.dtype.is_floating_point:
            self._register(self.phi.dtype, self.phi.device)
        return self

    def extra_repr(self) -> str:
        return f"{len(self.block_sizes)} real blocks in {len(self.shapes)} shapes"

    def prepare(self, w: torch.Tensor) -> list[torch.Tensor]:
        """Per block shape, ``(n_b, C D, O D)`` matrices ``W_b`` (times ``c_b``)."""
        o, c, m = w.shape
        phis = self.phi if self.phi_support is None else self.phi_support
        wh = torch.matmul(w.reshape(o * c, m), phis)  # (O C, n): kept rows of sum_j w_j D(u_j)
        out = []
        sizes = [nb * r * d for _, nb, r, d, _ in self.shapes]
        for k, ((_, nb, r, d, _), part) in enumerate(
            zip(self.shapes, torch.split(wh, sizes, dim=1), strict=True)
        ):
            kept = part.reshape(o, c, nb, r, d)
            lift = getattr(self, f"lift{k}")  # (nb, mu, D, D)
            full = torch.einsum("ocbaj,bkjl->ocbkal", kept, lift).reshape(o, c, nb, d, d)
            # W_b[(p, c), (q, o)] = full[o, c, b, q, p], repeated over the r kept rows
            wb = full.permute(2, 4, 1, 3, 0).reshape(nb, 1, d * c, d * o)
            out.append(wb.expand(nb, r, d * c, d * o).reshape(nb * r, d * c, d * o))
        return out

    def apply(
        self, x: torch.Tensor, ws: list[torch.Tensor], bias: torch.Tensor | None
    ) -> torch.Tensor:
        b, c, n_in = x.shape
        n = self.n
        o = ws[0].shape[-1] // self.shapes[0][3]
        phi_in = self.phi if self.phi_in is None else self.phi_in
        # (B, n, C): coefficients with channels innermost, so that every block's
        # (B, D C) matrix is a strided view (no per-block copies)
        xh = torch.mm(x.reshape(b * c, n_in), phi_in).view(b, c, n).transpose(1, 2)
        xh = xh.contiguous()
        yh = x.new_empty(b, n, o)
        sizes = [nb * r * d for _, nb, r, d, _ in self.shapes]
        for (off, nb, r, d, _), xs, wb in zip(
            self.shapes, torch.split(xh, sizes, dim=1), ws, strict=True
        ):
            k = nb * r * d
            xs = xs.view(b, nb * r, d * c).transpose(0, 1)  # (nb r, B, D C)
            ys = torch.bmm(xs, wb)  # (nb r, B, D O)
            yh[:, off : off + k].view(b, nb * r, d * o).copy_(ys.transpose(0, 1))
        # one (B O, n) x (n, N_out) GEMM (a batched matmul over B would be 10x slower)
        phi_out = self.phi if self.phi_out is None else self.phi_out
        y = torch.mm(yh.transpose(1, 2).reshape(b * o, n), phi_out.t()).view(b, o, phi_out.shape[0])
        return y if bias is None else y + bias[:, None]
