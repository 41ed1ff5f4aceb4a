"""A short demo printed by the README's setup command: ``python -m groupmat.demo``.

Builds PSL(2,7) from a presentation by coset enumeration and prints real structure.
"""

from __future__ import annotations

import time


def main() -> None:
    """Print order, classes, invariants and a label table of a group from a presentation."""
    import groupmat as gm

    spec = "< a, b | a^2, b^3, (a*b)^7, [a,b]^4 >"
    t0 = time.perf_counter()
    G = gm.Group.from_presentation(spec)
    ms = 1000 * (time.perf_counter() - t0)
    classes = G.conjugacy_classes()
    print(f"G = {spec}")
    print(f"  order {G.order} (coset enumeration: {ms:.1f} ms), exponent {G.exponent}")
    print(f"  conjugacy class sizes {[len(c) for c in classes]}")
    rep_orders = [int(G.element_orders()[c[0]]) for c in classes]
    print(f"  element orders of class representatives {rep_orders}")
    print(f"  abelian invariants {G.abelian_invariants()}, solvable: {G.is_solvable}")
    print(f"  centre order {G.center().order}, derived subgroup order {G.derived_subgroup().order}")
    print("  shortest-word labels of the first 12 elements:")
    for i in range(12):
        print(f"    g{i:<3} = {G.label(i):<14} order {int(G.element_orders()[i])}")


if __name__ == "__main__":
    main()
