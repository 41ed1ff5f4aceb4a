"""identify(): named families certified by an explicit isomorphism, else a structure
description (issue 13 replaced the old fingerprint match)."""

from __future__ import annotations

import pytest

import groupmat as gm


@pytest.mark.parametrize(
    ("build", "expected"),
    [
        (lambda: gm.trivial(), ("C1", "cyclic")),
        (lambda: gm.abelian([2, 6]), ("C2 x C2 x C3", "abelian")),
        (lambda: gm.Group.from_presentation("< r, s | r^4, s^2, (r*s)^2 >"), ("D8", "dihedral")),
        (lambda: gm.dicyclic(2), ("Q8", "quaternion")),
        (lambda: gm.dicyclic(3), ("Dic3", "dicyclic")),
        (lambda: gm.pgl(2, 5), ("S5", "symmetric")),
        (lambda: gm.psl(2, 5), ("A5", "alternating")),
        (
            lambda: gm.direct_product(gm.cyclic(2), gm.symmetric(4)),
            ("C2 x S4", "structure description"),
        ),
        (lambda: gm.gl(3, 2), ("PSL(3,2)", "structure description")),
    ],
)
def test_identify(build, expected):
    assert gm.identify(build()) == expected


def test_family_needs_an_isomorphism_not_a_fingerprint():
    """C4 : C4 and C2 x Q8 share order, class sizes and element orders; neither is a named
    family, so both get their own (different) descriptions."""
    a = gm.Group.from_presentation("< a, b | a^4, b^4, b^-1*a*b = a^-1 >")
    b = gm.direct_product(gm.cyclic(2), gm.quaternion(8))
    assert gm.identify(a) == ("C4 : C4", "structure description")
    assert gm.identify(b) == ("C2 x Q8", "structure description")
