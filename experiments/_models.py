"""Layer factory shared by the experiments: one constructor per model family, all with the
spaces / layouts of :class:`groupmat.nn.GMConv`, so an architecture is written once.

Families: ``cnn`` (:class:`PlainConv` on pixels: translation-equivariant only), ``exact``
(:class:`GMConv`), ``ldr{r}`` (:class:`LDRGMConv`, rank ``r``, factors over point channels),
``rpp`` (:class:`RPPConv`), ``relaxed`` (:class:`RelaxedGMConv`, two filter banks).
"""

from __future__ import annotations

from typing import Any

import torch

from groupmat.nn import GMConv, LDRGMConv, PlainConv, RelaxedGMConv, RPPConv

FAMILIES = ("cnn", "exact", "ldr1", "ldr2", "ldr4", "rpp", "relaxed")


def ldr_rank(family: str) -> int | None:
    """The displacement rank of an ``ldr{r}`` / ``ldr{r}-<variant>`` family, else ``None``."""
    return int(family[3:].split("-")[0]) if family.startswith("ldr") else None


def group_layer(
    family: str, src: Any, dst: Any, cin: int, cout: int, kernel: int, options: dict[str, Any]
) -> torch.nn.Module:
    """One layer ``src -> dst`` of a group model of this family (not ``cnn``)."""
    r = ldr_rank(family)
    if family == "exact":
        return GMConv(src, dst, cin, cout, kernel)
    if r is not None:
        return LDRGMConv(
            src,
            dst,
            cin,
            cout,
            kernel,
            displacement_rank=r,
            modulate="point",
            init_scale=options.get("ldr_init", 0.0),
            scale=options.get("ldr_scale", 1.0),
        )
    if family == "rpp":
        return RPPConv(
            src,
            dst,
            cin,
            cout,
            kernel,
            exact_decay=options.get("rpp_exact", 1e-5),
            free_decay=options.get("rpp_free", 1e-2),
            free_init=options.get("rpp_init", 0.1),
        )
    if family == "relaxed":
        return RelaxedGMConv(
            src,
            dst,
            cin,
            cout,
            kernel,
            num_banks=options.get("banks", 2),
            smoothness=options.get("relaxed_smooth", 1e-3),
        )
    raise ValueError(f"unknown model family {family!r}; choose from {FAMILIES}")


def pixel_layer(src: Any, cin: int, cout: int, kernel: int) -> torch.nn.Module:
    """A CNN layer on the pixels (circular padding)."""
    return PlainConv(src, src, cin, cout, kernel)
