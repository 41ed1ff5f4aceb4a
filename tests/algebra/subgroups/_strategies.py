"""A strategy of structurally interesting groups for the subgroup tests: the shared random
groups (``tests.strategies.groups``) are often tiny, so half of the draws come from a pool of
non-abelian groups (named families, direct and semidirect products, presentations)."""

from __future__ import annotations

from hypothesis import assume
from hypothesis import strategies as st

import groupmat as gm
from tests.algebra.subgroups._gap_table import GAP_DESCRIPTIONS
from tests.strategies import groups

_POOL = [build for _, build in GAP_DESCRIPTIONS]


@st.composite
def interesting_groups(draw: st.DrawFn, max_order: int = 200) -> gm.Group:
    """A group of order ``<= max_order``: from the pool of the GAP description table, or a
    random group of order at least 6."""
    if draw(st.booleans()):
        G = draw(st.sampled_from(_POOL))()
    else:
        G = draw(groups(max_order=max_order))
        assume(G.order >= 6)
    assume(G.order <= max_order)
    return G
