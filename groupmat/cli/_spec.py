"""Group specifications for the ``groupmat`` command line: one string -> one :class:`Group`.

A SPEC is any of

* a presentation in GAP syntax: ``"< a, b | a^2, b^3, (a*b)^7, [a,b]^4 >"``;
* permutations as 0-based image lists: ``"[[1,2,0],[1,0,2]]"``;
* permutations in cycle notation, generators separated by commas or semicolons outside the
  parentheses, points 0-based: ``"(0 1 2)(3 4), (0 1)"`` (``"(0,1,2), (0,1)"`` also works; a
  1-based GAP cycle list gives an isomorphic group with point 0 fixed);
* a name: ``C12`` (or ``Z12``), ``D4`` (the dihedral group of order 8, the square's
  symmetries: ``D<n>`` is :func:`~groupmat.dihedral` ``(n)`` of order ``2n``, as in the Python
  API and :func:`~groupmat.spatial_group`; GAP's order-subscript spelling is accepted as
  ``DihedralGroup(8)``, and ``Dih4`` means ``D4``), ``Q8`` / ``Q16`` (order), ``Dic3``
  (order 12), ``V4``, ``S4``, ``A5``,
  ``PSL(2,7)``, ``PGL(2,5)``, ``SL(2,5)``, ``GL(2,3)``, ``M11``, ``M12``, a Coxeter group
  ``W(E6)``, a direct product ``"S3 x C4"``, or one of the 17 wallpaper groups on a torus of
  cells, ``p4m:16x16`` (``p1, p2, pm, pg, cm, pmm, pmg, pgg, cmm, p4, p4m, p4g, p3, p3m1,
  p31m, p6, p6m``; ``p6:8`` means ``8x8`` cells; see
  :func:`~groupmat.wallpaper_group`);
* ``-`` (read the SPEC from standard input) or the path of a file holding one of the above
  (lines starting with ``#`` are comments), or anything the command writes that determines a
  group: a Cayley table (``table``, any format), a group matrix (``matrix``) or a Cayley graph
  (``graph --out F.dot|.graphml|.gexf``), see :mod:`groupmat.cli._read`. A SPEC that looks like
  a path (has a ``/`` or a file suffix such as ``.txt``) and names no file is reported as a
  missing file.

Every failure raises a :class:`~groupmat.errors.GroupmatError` subclass with a one-line message.

Examples
--------
>>> parse_spec("D4").order, parse_spec("(0 1 2), (0 1)").order, parse_spec("p4m:4x4").order
(8, 6, 128)
>>> parse_spec("S3 x C4").name
'S3 x C4'
"""

from __future__ import annotations

import ast
import errno
import math
import re
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from groupmat.errors import GroupmatError, NotAGroupError

if TYPE_CHECKING:  # pragma: no cover
    from groupmat.algebra._group import Group

__all__ = ["SpecError", "parse_spec", "split_top_level"]

SPEC_HELP = (
    "a presentation '< a, b | a^2, b^3 >', image lists '[[1,2,0],[1,0,2]]', cycles "
    "'(0 1 2), (0 1)', a name (C12, D4 = dihedral of order 8, Q8, Dic3, S4, A5, PSL(2,7), M11, "
    "W(E6), 'S3 x C4', p4m:16x16), '-' for stdin, or a file holding one of these or a table, "
    "matrix or graph written by groupmat"
)

_WALLPAPER_RE = re.compile(r"^([pc][0-9a-z]*)\s*(?::\s*(\d+)\s*(?:[x×]\s*(\d+))?)?$")
_CYCLES_RE = re.compile(r"^[\s\d(),;]*$")


class SpecError(GroupmatError, ValueError):
    """A SPEC string (or file) that names no group this parser knows."""


def brief(text: object) -> str:
    """``repr(text)`` cut to about 60 characters (with its length), for error messages: a
    message never repeats a long SPEC in full."""
    from groupmat.algebra.presentations._gap_syntax import _shown

    return _shown(text, 60)


def _cut(text: str) -> str:
    """``text`` itself, or its first 60 characters, ``...`` and its length."""
    return text if len(text) <= 60 else f"{text[:60]}... ({len(text)} characters)"


def split_top_level(text: str, seps: str) -> list[str]:
    """Split ``text`` at the characters in ``seps`` that are outside all brackets.

    Examples
    --------
    >>> split_top_level("(0 1, 2), (3 4)", ",;")
    ['(0 1, 2)', ' (3 4)']
    """
    parts, depth, cur = [], 0, []
    for ch in text:
        if ch in "([{<":
            depth += 1
        elif ch in ")]}>":
            depth -= 1
        if depth == 0 and ch in seps:
            parts.append("".join(cur))
            cur = []
        else:
            cur.append(ch)
    parts.append("".join(cur))
    return parts


def _cycles_to_images(text: str) -> np.ndarray:
    """``"(0 1 2)(3 4), (0 1)"`` -> 0-based image lists of a common degree, a ``(k, degree)``
    int64 array.

    The largest point and ``k * degree`` are checked against :data:`MAX_SPEC_DEGREE` and
    :data:`MAX_SPEC_ENTRIES` before anything of size ``degree`` is allocated; composing the
    cycles then costs ``O(k * degree + len(text))`` (each cycle updates only its own points).
    """
    gens: list[list[list[int]]] = []
    for part in split_top_level(text, ",;"):
        part = part.strip()
        if not part:
            raise SpecError(f"empty generator in cycle list {brief(text)}")
        if not re.fullmatch(r"(\([\d\s,]*\)\s*)+", part):
            raise SpecError(
                f"cannot read {brief(part)} as a product of cycles such as '(0 1 2)(3 4)'"
            )
        cycles = []
        for body in re.findall(r"\(([\d\s,]*)\)", part):
            _check_degree(body)  # before int() and before any allocation of size degree
            pts = [int(v) for v in re.split(r"[\s,]+", body.strip()) if v]
            if len(set(pts)) != len(pts):
                raise SpecError(f"cycle ({_cut(body)}) repeats a point")
            cycles.append(pts)
        gens.append(cycles)
    degree = 1 + max((p for g in gens for c in g for p in c), default=0)
    entries = len(gens) * degree
    if entries > MAX_SPEC_ENTRIES:
        from groupmat.errors import SizeLimitError

        raise SizeLimitError(
            f"{len(gens)} generators on {degree:_} points need {entries:_} image entries "
            f"(~{entries * 8 / 2**20:,.0f} MiB), above MAX_SPEC_ENTRIES={MAX_SPEC_ENTRIES:_}; "
            "renumber the points from 0, use fewer generators, or use gm.PermGroup in Python"
        )
    images = np.empty((len(gens), degree), dtype=np.int64)
    for row, cycles in zip(images, gens, strict=True):
        row[:] = np.arange(degree)
        inv = np.arange(degree)  # inv[row[x]] = x
        for c in cycles:  # cycles compose left to right, as in GAP: (p*q)[x] = q[p[x]]
            if len(c) < 2:
                continue
            pts = np.asarray(c, dtype=np.int64)
            nxt = np.roll(pts, -1)
            where = inv[pts]  # the x with row[x] in this cycle (a copy)
            row[where] = nxt
            inv[nxt] = where
    return images


def _image_lists(text: str) -> list[list[int]]:
    try:
        value = ast.literal_eval(text)
    except (ValueError, SyntaxError) as exc:
        raise SpecError(
            f"cannot read {brief(text)} as a list of image lists: {_first_line(exc)}"
        ) from None
    if isinstance(value, list) and value and all(isinstance(v, int) for v in value):
        value = [value]  # a single permutation
    if not (isinstance(value, (list, tuple)) and all(isinstance(v, (list, tuple)) for v in value)):
        raise SpecError(
            f"permutations must be a list of 0-based image lists such as [[1,2,0],[1,0,2]], "
            f"got {brief(text)}"
        )
    if not all(isinstance(x, int) and not isinstance(x, bool) for v in value for x in v):
        raise SpecError(f"image lists must hold integers, got {brief(text)}")
    if not value or any(len(v) == 0 for v in value):
        raise SpecError(
            f"an image list needs at least one point (the identity on one point is [0]), "
            f"got {brief(text)}"
        )
    return [list(v) for v in value]


def _wallpaper(name: str, h: str | None, w: str | None) -> Group | None:
    from groupmat.algebra.crystal._wallpaper import WALLPAPER_GROUPS, wallpaper_group

    if name not in WALLPAPER_GROUPS:
        return None
    if h is None:
        raise SpecError(f"{name} needs a torus size, e.g. {name}:16x16 or {name}:16 (cells)")
    size = int(h) if w is None else (int(h), int(w))
    return wallpaper_group(name, size).group


def _check_order(name: str, order: int) -> None:
    """Refuse a named group above :data:`~groupmat.DEFAULT_MAX_ORDER` before building it
    (building ``SL(5,7)`` would run for minutes and tens of GiB first)."""
    from groupmat.algebra._permutations import DEFAULT_MAX_ORDER
    from groupmat.errors import SizeLimitError

    if order > DEFAULT_MAX_ORDER:
        raise SizeLimitError(
            f"{name} has {order} elements (about {order:.3g}), more than the "
            f"DEFAULT_MAX_ORDER={DEFAULT_MAX_ORDER} elements groupmat lists; in Python, "
            "gm.PermGroup works on a stabiliser chain without listing elements"
        )


def _linear_order(kind: str, n: int, q: int) -> int:
    """``|GL(n, q)| = prod_{i<n} (q^n - q^i)``; SL and PGL divide by ``q - 1``, PSL also by
    ``gcd(n, q - 1)``. ``0`` when the arguments are degenerate (the builder explains)."""
    if n < 1 or q < 2:
        return 0
    gl = 1
    for i in range(n):
        gl *= q**n - q**i
    if kind == "GL":
        return gl
    sl = gl // (q - 1)
    return sl // math.gcd(n, q - 1) if kind == "PSL" else sl


def _coxeter_order(typ: str) -> int | None:
    """The order of a finite Coxeter group named by its type (``E8``, ``I2(5)``), ``None`` for
    other type strings (the builder reads or refuses them)."""
    from groupmat.algebra.presentations._coxeter import coxeter_order

    try:
        return coxeter_order(typ)
    except Exception:  # not a single type name: a matrix or a product, read by the builder
        return None


def _dihedral(k: int) -> Group:
    """``D<k>``: the dihedral group of order ``2k``, named ``D<k>`` as the command writes it."""
    from groupmat.algebra import _families as fam

    _check_order(f"D{k}", 2 * k)
    return fam.dihedral(k).renamed(f"D{k}")


def _named(text: str, notes: list[str] | None = None) -> Group | None:
    """A named group, or ``None`` when ``text`` is not a name."""
    from groupmat.algebra import _families as fam

    compact = re.sub(r"\s+", "", text)
    m = _WALLPAPER_RE.match(text.strip())
    if m:
        group = _wallpaper(m.group(1), m.group(2), m.group(3))
        if group is not None:
            return group
    simple = {"1": fam.trivial, "trivial": fam.trivial, "v4": fam.klein_four, "k4": fam.klein_four}
    if compact.lower() in simple:
        return simple[compact.lower()]()
    m = re.fullmatch(r"(?i)(C|Z|D|Q|Dic|S|A|M)(\d+)", compact)
    if m:
        kind, k = m.group(1).lower(), int(m.group(2))
        if kind == "d":
            if k % 2 == 0 and k >= 4 and notes is not None:
                notes.append(
                    f"D{k} is the dihedral group of order {2 * k} (the {k}-gon's symmetries, "
                    f"gm.dihedral({k})); GAP calls it D{2 * k}. For the dihedral group of "
                    f"order {k} write D{k // 2} or DihedralGroup({k})"
                )
            return _dihedral(k)
        size = {"c": k, "z": k, "q": k, "dic": 4 * k}.get(kind)
        if size is not None:
            _check_order(m.group(0), size)
        build = {
            "c": fam.cyclic,
            "z": fam.cyclic,
            "q": fam.quaternion,
            "dic": fam.dicyclic,
            "s": fam.symmetric,
            "a": fam.alternating,
            "m": fam.mathieu,
        }[kind]
        return build(k)
    m = re.fullmatch(r"(?i)Dih(\d+)", compact)
    if m:
        return _dihedral(int(m.group(1)))
    m = re.fullmatch(r"(?i)(?:DihedralGroup|dihedral)\((\d+)\)", compact)
    if m:
        k = int(m.group(1))
        if compact.lower().startswith("dihedral("):  # the Python API: dihedral(n), order 2n
            return _dihedral(k)
        if k % 2:
            raise SpecError(
                f"DihedralGroup({k}): GAP's argument is the order, which is even for a "
                f"dihedral group; the {k}-gon's group is DihedralGroup({2 * k}) = D{k}"
            )
        return _dihedral(k // 2)
    m = re.fullmatch(r"(?i)(PSL|PGL|SL|GL)\((\d+),(\d+)\)", compact)
    if m:
        kind, dim, q = m.group(1).upper(), int(m.group(2)), int(m.group(3))
        _check_order(f"{kind}({dim},{q})", _linear_order(kind, dim, q))
        build = {"PSL": fam.psl, "PGL": fam.pgl, "SL": fam.sl, "GL": fam.gl}[kind]
        return build(dim, q)
    m = re.fullmatch(r"(?i)(?:W|Coxeter)\((.+)\)", compact)
    if m:
        from groupmat.algebra.presentations._coxeter import coxeter_group

        order = _coxeter_order(m.group(1))
        if order is not None:
            _check_order(f"W({m.group(1)})", order)
        return coxeter_group(m.group(1))
    return None


def _product(text: str, notes: list[str] | None = None) -> Group | None:
    """``"S3 x C4"`` (or ``S3xC4``, ``S3 × C4``): the direct product of the factors' SPECs."""
    factors = split_top_level(text, "x×")
    if len(factors) < 2 or not all(f.strip() for f in factors):
        return None
    from groupmat.algebra._products import direct_product

    return direct_product(*(parse_spec(f.strip(), notes=notes) for f in factors))


def _strip_comments(text: str) -> str:
    lines = [ln for ln in text.splitlines() if not ln.lstrip().startswith("#")]
    return " ".join(ln.strip() for ln in lines).strip()


def parse_spec(spec: str, *, notes: list[str] | None = None) -> Group:
    """Build the group a SPEC string describes (see the module docstring for the forms).

    Parameters
    ----------
    spec
        The SPEC.
    notes
        When given, remarks on how an ambiguous spelling was read (``D4`` is the dihedral
        group of order 8, not GAP's ``D4``) are appended to it; the command prints them to
        stderr.

    Raises
    ------
    SpecError
        The text is none of the known forms (the message lists them), or it looks like a path
        and no such file exists.
    GroupmatError
        The text has a known form but defines no finite group within the size guards
        (:class:`~groupmat.errors.PresentationError`, ``NotAGroupError``, ``SizeLimitError``,
        ``CosetEnumerationError``).
    """
    return _parse(str(spec), nested=False, notes=notes)


#: Most points a permutation SPEC may move (the image lists are built in memory).
MAX_SPEC_DEGREE = 1 << 20

#: Most image entries (generators x degree) a SPEC in cycle notation may expand to: a short
#: SPEC such as ``"(0 1048575), (0 1048575), ..."`` would otherwise allocate far more memory
#: than its length suggests. ``2^24`` entries are 128 MiB of int64.
MAX_SPEC_ENTRIES = 1 << 24

_PATH_RE = re.compile(r"[/\\]|\.[A-Za-z][A-Za-z0-9]{0,7}$")


def _looks_like_path(text: str) -> bool:
    """``groups/a5.txt``, ``/none``, ``t.csv``: a slash or a file suffix, and no space."""
    return not re.search(r"\s", text) and bool(_PATH_RE.search(text))


def _check_degree(text: str) -> None:
    """Refuse point numbers above :data:`MAX_SPEC_DEGREE` before building image lists."""
    # compare digit strings by length first: int() of a 5000-digit string raises ValueError
    digits = [v.lstrip("0") or "0" for v in re.findall(r"\d+", text)]
    longest = max(digits, key=lambda v: (len(v), v), default="0")
    if len(longest) > len(str(MAX_SPEC_DEGREE)) or int(longest) >= MAX_SPEC_DEGREE:
        from groupmat.errors import SizeLimitError

        big = longest if len(longest) <= 20 else f"{longest[:8]}... ({len(longest)} digits)"
        raise SizeLimitError(
            f"the permutations move point {big}; a SPEC may use points 0..{MAX_SPEC_DEGREE - 1} "
            "(MAX_SPEC_DEGREE); renumber the points, or use gm.PermGroup in Python"
        )


def _read_file(text: str, notes: list[str] | None) -> Group:
    from groupmat.cli._read import read_written

    try:
        content = Path(text).read_text()
    except (OSError, UnicodeDecodeError) as exc:
        raise SpecError(f"cannot read group spec file {text}: {exc}") from None
    group = read_written(content)
    if group is not None:
        return group
    return _parse(_strip_comments(content), nested=True, notes=notes)


def _parse(spec: str, *, nested: bool, notes: list[str] | None) -> Group:
    from groupmat.algebra._group import Group
    from groupmat.cli._read import read_written

    text = spec.strip()
    if not text:
        raise SpecError(f"empty group spec; give {SPEC_HELP}")
    if text == "-" and not nested:
        content = sys.stdin.read()
        group = read_written(content)
        if group is not None:
            return group
        return _parse(_strip_comments(content), nested=True, notes=notes)
    if text.startswith("<"):
        return Group.from_presentation(text)
    if text.startswith("["):
        _check_degree(text)
        return Group.from_permutations(_image_lists(text))
    if text.startswith("(") and _CYCLES_RE.match(text):
        _check_degree(text)
        return Group.from_permutations(_cycles_to_images(text))
    try:
        group = _named(text, notes)
    except (TypeError, ValueError) as exc:
        if isinstance(exc, GroupmatError):
            raise
        raise NotAGroupError(f"{_cut(text)}: {_first_line(exc)}") from None
    if group is not None:
        return group
    if not nested and len(text) < 4096 and _may_be_file(text):
        path = Path(text)
        if path.is_file():
            return _read_file(text, notes)
        if _looks_like_path(text):
            what = "is a directory, not a file" if path.is_dir() else "does not exist"
            raise SpecError(
                f"group spec file {brief(text)} {what} (a SPEC with a '/' or a file suffix is read "
                "as a path)"
            )
    group = _product(text, notes)
    if group is not None:
        return group
    raise SpecError(f"cannot read group spec {brief(text)}: expected {SPEC_HELP}")


def _may_be_file(text: str) -> bool:
    """False when ``text`` cannot name a file (a component longer than the system allows, a
    NUL byte): such a SPEC is parsed as a SPEC, never reported as an unreadable path."""
    try:
        Path(text).stat()
    except FileNotFoundError:
        return True  # may still be reported as a missing file when it looks like a path
    except OSError as exc:
        return exc.errno not in (errno.ENAMETOOLONG, errno.EINVAL)
    except ValueError:  # embedded NUL
        return False
    return True


def _first_line(exc: BaseException) -> str:
    lines = str(exc).strip().splitlines()
    return lines[0].strip() if lines else ""
