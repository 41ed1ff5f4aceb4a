"""Named permutation groups at any size, as :class:`~groupmat.PermGroup` objects.

Symmetric and alternating groups get their stabiliser chain in closed form; Mathieu groups,
``PSL(n, p)`` and ``PGL``-free projective actions are given with their known orders (which
make the chain's construction stop, and prove it complete); Rubik's cube groups are built
from face turns of a geometric facelet model.
"""

from __future__ import annotations

from math import factorial, gcd, prod

import numpy as np

from groupmat.algebra.permgroups._chain import GiantChain, _giant_generators
from groupmat.errors import NotAGroupError, SizeLimitError

__all__ = ["alternating_group", "mathieu_group", "psl_group", "rubik_group", "symmetric_group"]


def _check_int(value: object, what: str, minimum: int) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < minimum:
        raise NotAGroupError(f"{what} must be an integer >= {minimum}, got {value!r}")
    return int(value)


def symmetric_group(n: int):
    """``S_n`` on ``0..n-1`` (generators ``(0 1 ... n-1)`` and ``(0 1)``, as GAP and sympy),
    with its stabiliser chain in closed form: any ``n`` up to the degree guard.

    Examples
    --------
    >>> symmetric_group(30).order == factorial(30)
    True
    """
    from groupmat.algebra.permgroups._permgroup import PermGroup

    n = _check_int(n, "symmetric(n): n", 1)
    pts = np.arange(n)
    gens = _giant_generators(n, pts, False) if n >= 2 else []
    return PermGroup(
        np.asarray(gens).reshape(-1, n),
        degree=n,
        order=factorial(n),
        name=f"S{n}",
        _chain=GiantChain(n, pts, alternating=False),
    )


def alternating_group(n: int):
    """``A_n`` on ``0..n-1`` (generators a 3-cycle and a long cycle), chain in closed form.

    Examples
    --------
    >>> alternating_group(1000).order == factorial(1000) // 2
    True
    """
    from groupmat.algebra.permgroups._permgroup import PermGroup

    n = _check_int(n, "alternating(n): n", 1)
    pts = np.arange(n)
    gens = _giant_generators(n, pts, True) if n >= 3 else []
    return PermGroup(
        np.asarray(gens).reshape(-1, n),
        degree=n,
        order=max(factorial(n) // 2, 1),
        name=f"A{n}",
        _chain=GiantChain(n, pts, alternating=True),
    )


# 0-based versions of GAP's MathieuGroup(n) generators (cycle notation).
_MATHIEU = {
    11: (7920, ["(0 1 2 3 4 5 6 7 8 9 10)", "(2 6 10 7)(3 9 4 5)"]),
    12: (
        95040,
        ["(0 1 2 3 4 5 6 7 8 9 10)", "(2 6 10 7)(3 9 4 5)", "(0 11)(1 10)(2 5)(3 7)(4 8)(6 9)"],
    ),
    22: (
        443520,
        [
            "(0 1 2 3 4 5 6 7 8 9 10)(11 12 13 14 15 16 17 18 19 20 21)",
            "(0 3 4 8 2)(1 7 9 6 5)(11 14 15 19 13)(12 18 20 17 16)",
            "(0 20)(1 9 7 5)(2 12 3 16)(4 18 8 17)(10 21)(11 13 15 19)",
        ],
    ),
    23: (
        10200960,
        [
            "(" + " ".join(map(str, range(23))) + ")",
            "(2 16 9 6 8)(3 12 13 18 4)(7 17 10 11 22)(14 19 21 20 15)",
        ],
    ),
    24: (
        244823040,
        [
            "(" + " ".join(map(str, range(23))) + ")",
            "(2 16 9 6 8)(3 12 13 18 4)(7 17 10 11 22)(14 19 21 20 15)",
            "(0 23)(1 22)(2 11)(3 15)(4 17)(5 9)(6 19)(7 13)(8 20)(10 16)(12 21)(14 18)",
        ],
    ),
}


def mathieu_group(n: int):
    """The Mathieu group ``M_n`` (``n`` in 11, 12, 22, 23, 24) on ``n`` points, with GAP's
    ``MathieuGroup(n)`` generators (0-based).

    Examples
    --------
    >>> mathieu_group(24).order
    244823040
    """
    from groupmat.algebra._permutations import from_cycles
    from groupmat.algebra.permgroups._permgroup import PermGroup

    n = _check_int(n, "mathieu(n): n", 1)
    if n not in _MATHIEU:
        raise NotAGroupError(
            f"mathieu(n): Mathieu groups exist for n = 11, 12, 22, 23, 24; got {n}"
        )
    order, cycles = _MATHIEU[n]
    return PermGroup(
        [from_cycles(c, n) for c in cycles], order=order, name=f"M{n}", _trusted_order=True
    )


def _is_prime(p: int) -> bool:
    return p >= 2 and all(p % q for q in range(2, int(p**0.5) + 1))


def psl_group(n: int, p: int):
    """``PSL(n, p)`` (``p`` prime) acting on the ``(p^n - 1)/(p - 1)`` points of projective
    space ``PG(n-1, p)``.

    Points are the nonzero row vectors of ``GF(p)^n`` whose first nonzero entry is 1, numbered
    in increasing base-``p`` value (``v_0`` most significant); a matrix ``M`` acts by
    ``v -> v M`` normalised (a right action, matching ``(p*q)[x] = q[p[x]]``). Generators: the
    elementary transvections ``I + E_{i,i+1}``, ``I + E_{i+1,i}``, which generate ``SL(n, p)``.
    Order ``|SL(n, p)| / gcd(n, p - 1)``.

    Examples
    --------
    >>> P = psl_group(3, 5)
    >>> P.degree, P.order
    (31, 372000)
    """
    from groupmat.algebra.permgroups._permgroup import PermGroup

    n = _check_int(n, "psl(n, p): n", 2)
    p = _check_int(p, "psl(n, p): p", 2)
    if not _is_prime(p):
        raise NotAGroupError(f"psl(n, p) needs a prime p (prime fields GF(p) only), got {p}")
    if p**n > 10**7:
        raise SizeLimitError(
            f"PG({n - 1}, {p}) has {(p**n - 1) // (p - 1)} points: above the "
            "10^7 vectors this construction enumerates"
        )
    vecs = np.array(np.unravel_index(np.arange(1, p**n), (p,) * n)).T  # all nonzero vectors
    first = vecs[np.arange(vecs.shape[0]), np.argmax(vecs != 0, axis=1)]
    points = vecs[first == 1]
    code = np.full(p**n, -1, dtype=np.int64)
    weights = p ** np.arange(n - 1, -1, -1)
    code[points @ weights] = np.arange(points.shape[0])
    inverse = np.array([0] + [pow(a, -1, p) for a in range(1, p)])
    gens = []
    for i in range(n - 1):
        for a, b in ((i, i + 1), (i + 1, i)):
            m = np.eye(n, dtype=np.int64)
            m[a, b] = 1
            img = (points @ m) % p
            lead = img[np.arange(img.shape[0]), np.argmax(img != 0, axis=1)]
            img = (img * inverse[lead][:, None]) % p
            gens.append(code[img @ weights])
    gl = prod(p**n - p**i for i in range(n))
    order = gl // (p - 1) // gcd(n, p - 1)
    return PermGroup(np.asarray(gens), order=order, name=f"PSL({n},{p})", _trusted_order=True)


def rubik_group(n: int = 3):
    """The group of Rubik's ``n x n x n`` cube acting on its ``6 n^2`` facelets.

    Facelets are numbered face by face (faces ``+x, -x, +y, -y, +z, -z``), row-major within a
    face. Generators: a quarter turn (in one fixed direction per axis; the group does not
    depend on it) of every layer perpendicular to each axis, except the central layer when
    ``n`` is odd (so centres stay fixed and ``rubik_group(3)`` is the usual group of the 6
    face turns, order 43252003274489856000). For ``n = 2`` this is the 2x2x2 cube with all 6
    face turns. Generators are in the order: layers along ``x`` from ``-`` to ``+``, then
    ``y``, then ``z``.

    Examples
    --------
    >>> rubik_group(3).order
    43252003274489856000
    """
    from groupmat.algebra.permgroups._permgroup import PermGroup

    n = _check_int(n, "rubik(n): n", 2)
    grid = np.arange(-(n - 1), n, 2)  # cubie coordinates (scaled by 2)
    uu, vv = np.meshgrid(grid, grid, indexing="ij")
    uu, vv = uu.ravel(), vv.ravel()
    pts = []
    for axis in range(3):
        for sign in (1, -1):
            p = np.zeros((n * n, 3), dtype=np.int64)
            p[:, axis] = sign * n
            others = [a for a in range(3) if a != axis]
            p[:, others[0]], p[:, others[1]] = uu, vv
            pts.append(p)
    pts = np.concatenate(pts)
    key = {tuple(x): i for i, x in enumerate(pts.tolist())}
    gens = []
    for axis in range(3):
        a, b = [x for x in range(3) if x != axis]
        for c in grid:
            if n % 2 and c == 0:
                continue
            on_layer = pts[:, axis] == c
            if abs(c) == n - 1:
                on_layer |= pts[:, axis] == np.sign(c) * n
            rot = pts.copy()
            rot[on_layer, a] = -pts[on_layer, b]
            rot[on_layer, b] = pts[on_layer, a]
            gens.append([key[tuple(x)] for x in rot.tolist()])
    return PermGroup(np.asarray(gens), name=f"Rubik{n}")
