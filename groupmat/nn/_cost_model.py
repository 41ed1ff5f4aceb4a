"""Cost model that picks a :class:`~groupmat.nn.GMConv` algorithm at construction.

For each algorithm that supports the layer, :func:`estimate` counts the forward + backward
flops, the bytes moved by gathers, scatters and layout copies, and the peak memory it holds
(tensors saved for backward and weight-side operands), for given channels, batch, dtype and
device; time is ``flops / rate + bytes / bandwidth + calls * overhead`` with per-device rates.
:func:`choose` takes the fastest estimate among those whose memory fits the budget (or the
smallest one when none fits).

The CPU constants were calibrated with ``benchmarks/layers.py`` (1 thread, float32, shared
2-core box; the table is in ``docs/concepts/layer-algorithms.md``); they only need to rank the
algorithms, not predict absolute times. The CUDA constants are rough (no GPU was available
for calibration): large GEMMs fast, gathers and scatters cheap relative to CPU.
"""

from __future__ import annotations

from dataclasses import dataclass, field

__all__ = ["MEMORY_BUDGET", "Estimate", "LayerCost", "choose", "estimate"]

#: Peak working memory (bytes) above which ``method="auto"`` avoids an algorithm.
MEMORY_BUDGET = 4 << 30

#: Gathered columns up to this size stay in cache (index ops then run ~3x faster).
CACHE_BYTES = 8 << 20


@dataclass(frozen=True)
class Rates:
    """Throughputs of one device (per second) and the fixed cost of one op call."""

    gemm: float  # flops of large dense GEMMs
    small: float  # flops of batched / skinny / strided GEMMs
    conv: float  # flops of cuDNN / oneDNN convolutions
    copy: float  # bytes of contiguous layout copies (read + write)
    index: float  # bytes of index_select / index_add (read + write)
    call: float  # seconds per op launch


#: float32 throughputs. float64 halves the flop rates, float16/bfloat16 doubles them on CUDA.
RATES = {
    "cpu": Rates(gemm=7e10, small=2e10, conv=4.5e10, copy=6e9, index=1.6e9, call=2e-5),
    "cuda": Rates(gemm=4e13, small=1e13, conv=2e13, copy=1e12, index=3e11, call=1e-5),
}


@dataclass(frozen=True)
class LayerCost:
    """What the model needs to know about one layer.

    ``n_in``/``n_out`` positions, ``m`` support size, ``c``/``o`` channels (``c = 1`` when the
    kernel is shared over input channels), ``batch``, ``itemsize`` (bytes), ``device``
    (``"cpu"`` or ``"cuda"``); ``conv_taps`` the bank size per output channel
    (``P_out Q_in prod(extent)``) and ``cells`` for the lowering; ``block_cost``
    ``sum_b r_b D_b^2`` and ``shapes`` (block shapes) for the spectral path.
    """

    n_in: int
    n_out: int
    m: int
    c: int
    o: int
    batch: int
    itemsize: int = 4
    device: str = "cpu"
    conv_taps: int | None = None
    cells: int | None = None
    block_cost: int | None = None
    shapes: int = 1
    extra: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Estimate:
    """Predicted forward + backward cost of one algorithm (see the module docstring)."""

    method: str
    flops: float
    bytes: float
    memory: float
    seconds: float

    def __str__(self) -> str:
        return (
            f"{self.method}: {self.flops / 1e9:.2f} GFlop, {self.bytes / 1e6:.0f} MB moved, "
            f"{self.memory / 2**20:.0f} MiB held, ~{1e3 * self.seconds:.2f} ms"
        )


def _rates(lc: LayerCost) -> tuple[Rates, float]:
    r = RATES["cuda" if lc.device.startswith("cuda") else "cpu"]
    scale = {8: 0.5, 4: 1.0, 2: 2.0 if lc.device.startswith("cuda") else 0.5}.get(lc.itemsize, 1)
    return r, scale


def estimate(method: str, lc: LayerCost) -> Estimate:
    """Forward + backward estimate of ``method`` (``gather``, ``expanded``, ``conv``,
    ``spectral``) for the layer ``lc``.

    Examples
    --------
    >>> lc = LayerCost(n_in=64, n_out=64, m=64, c=16, o=16, batch=4096)
    >>> estimate("expanded", lc).flops / estimate("gather", lc).flops
    1.0
    """
    r, s = _rates(lc)
    b, c, o, it = lc.batch, lc.c, lc.o, lc.itemsize
    act_in, act_out = b * c * lc.n_in * it, b * o * lc.n_out * it
    if method == "gather":
        cols = b * lc.n_out * lc.m * c * it
        flops = 6.0 * b * o * c * lc.m * lc.n_out
        moved = 4.0 * cols  # gather (fwd), index_add (bwd), both read + write
        acts = 4.0 * (act_in + act_out)
        index_rate = r.index * (3.0 if cols <= CACHE_BYTES else 1.0)  # cache-resident columns
        secs = (
            flops / (r.small * s) + moved / index_rate + (2.0 * cols + acts) / r.copy + 8 * r.call
        )
        memory = 2.0 * cols
    elif method == "expanded":
        mat = o * lc.n_out * c * lc.n_in * it
        flops = 6.0 * b * o * c * lc.n_out * lc.n_in
        moved = 4.0 * mat
        acts = 4.0 * (act_in + act_out)  # GEMM operands and gradients, read + write
        secs = flops / (r.gemm * s) + moved / r.index + acts / r.copy + 10 * r.call
        memory = 2.0 * mat
    elif method == "conv":
        if lc.conv_taps is None or lc.cells is None:
            raise ValueError("conv needs conv_taps and cells")
        flops = 6.0 * b * o * c * lc.conv_taps * lc.cells
        moved = 4.0 * act_in  # the circular pad (forward and recomputed in backward) + fold
        secs = flops / (r.conv * s) + moved / r.copy + 12 * r.call
        memory = act_in + act_out
    elif method == "spectral":
        if lc.block_cost is None:
            raise ValueError("spectral needs block_cost")
        n = lc.n_in
        transform = 6.0 * b * (c + o) * n * n
        blocks = 6.0 * b * c * o * lc.block_cost
        weights = 6.0 * o * c * lc.m * n
        flops = transform + blocks + weights
        moved = 8.0 * (act_in + act_out)  # transforms and layout copies, forward and backward
        transform_rate = r.gemm if n >= 256 else r.small  # skinny GEMMs for small n
        secs = (
            transform / (transform_rate * s)
            + (blocks + weights) / (r.small * s)
            + moved / r.copy
            + (60 + 20 * lc.shapes) * r.call  # ~20 ops per block shape, forward + backward
        )
        memory = 3.0 * act_in + 2.0 * act_out + n * n * it
    else:
        raise ValueError(f"unknown method {method!r}")
    return Estimate(method, flops, moved, memory, secs)


def choose(estimates: list[Estimate], budget: float = MEMORY_BUDGET) -> Estimate:
    """The fastest estimate whose memory fits ``budget``; the leanest if none fits."""
    if not estimates:
        raise ValueError("no algorithm to choose from")
    fits = [e for e in estimates if e.memory <= budget]
    if fits:
        return min(fits, key=lambda e: e.seconds)
    return min(estimates, key=lambda e: e.memory)
