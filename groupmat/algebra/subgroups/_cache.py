"""Per-group cache of the subgroup algorithms' results (a group never changes).

The cache is a dictionary owned by the :class:`SubgroupLatticeMethods` mixin of
:class:`~groupmat.Group` (a ``cached_property``); :func:`cache_of` gives it, or a fresh
throw-away dictionary for objects without the mixin, so the functions work either way.
"""

from __future__ import annotations

from typing import Any

__all__ = ["cache_of"]


def cache_of(G: object) -> dict[str, Any]:
    """The subgroup-results cache of ``G`` (empty and not kept if ``G`` has none)."""
    cache = getattr(G, "_subgroup_cache", None)
    return cache if isinstance(cache, dict) else {}
