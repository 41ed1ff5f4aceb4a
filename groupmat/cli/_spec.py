"""Group specifications for the ``groupmat`` command line: one string -> one :class:`Group`.

A SPEC is any of

* a presentation in GAP syntax: ``"< a, b | a^2, b^3, (a*b)^7, [a,b]^4 >"``;
* permutations as 0-based image lists: ``"[[1,2,0],[1,0,2]]"``;
* permutations in cycle notation, generators separated by commas or semicolons outside the
  parentheses, points 0-based: ``"(0 1 2)(3 4), (0 1)"`` (``"(0,1,2), (0,1)"`` also works; a
  1-based GAP cycle list gives an isomorphic group with point 0 fixed);
* a name, as GAP's ``StructureDescription`` writes it (subscripts are orders): ``C12`` (or
  ``Z12``), ``D8`` (dihedral of order 8), ``Q8`` / ``Q16``, ``Dic3``, ``V4``, ``S4``, ``A5``,
  ``PSL(2,7)``, ``PGL(2,5)``, ``SL(2,5)``, ``GL(2,3)``, ``M11``, ``M12``, a Coxeter group
  ``W(E6)``, a direct product ``"S3 x C4"``, or one of the 17 wallpaper groups on a torus of
  cells, ``p4m:16x16`` (``p1, p2, pm, pg, cm, pmm, pmg, pgg, cmm, p4, p4m, p4g, p3, p3m1,
  p31m, p6, p6m``; ``p6:8`` means ``8x8`` cells; see
  :func:`~groupmat.wallpaper_group`);
* ``-`` (read the SPEC from standard input) or the path of a file holding one of the above
  (lines starting with ``#`` are comments).

Every failure raises a :class:`~groupmat.errors.GroupmatError` subclass with a one-line message.

Examples
--------
>>> parse_spec("D8").order, parse_spec("(0 1 2), (0 1)").order, parse_spec("p4m:4x4").order
(8, 6, 128)
>>> parse_spec("S3 x C4").name
'S3 x C4'
"""

from __future__ import annotations

import ast
import re
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from groupmat.errors import GroupmatError, NotAGroupError

if TYPE_CHECKING:  # pragma: no cover
    from groupmat.algebra._group import Group

__all__ = ["SpecError", "parse_spec", "split_top_level"]

SPEC_HELP = (
    "a presentation '< a, b | a^2, b^3 >', image lists '[[1,2,0],[1,0,2]]', cycles "
    "'(0 1 2), (0 1)', a name (C12, D8, Q8, Dic3, S4, A5, PSL(2,7), M11, W(E6), 'S3 x C4', "
    "p4m:16x16), '-' for stdin, or a file holding one of these"
)

_WALLPAPER_RE = re.compile(r"^([pc][0-9a-z]*)\s*(?::\s*(\d+)\s*(?:[x×]\s*(\d+))?)?$")
_CYCLES_RE = re.compile(r"^[\s\d(),;]*$")


class SpecError(GroupmatError, ValueError):
    """A SPEC string (or file) that names no group this parser knows."""


def split_top_level(text: str, seps: str) -> list[str]:
    """Split ``text`` at the characters in ``seps`` that are outside all brackets.

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


def _cycles_to_images(text: str) -> list[list[int]]:
    """``"(0 1 2)(3 4), (0 1)"`` -> 0-based image lists of a common degree."""
    gens: list[list[list[int]]] = []
    for part in split_top_level(text, ",;"):
        part = part.strip()
        if not part:
            raise SpecError(f"empty generator in cycle list {text!r}")
        if not re.fullmatch(r"(\([\d\s,]*\)\s*)+", part):
            raise SpecError(f"cannot read {part!r} as a product of cycles such as '(0 1 2)(3 4)'")
        cycles = []
        for body in re.findall(r"\(([\d\s,]*)\)", part):
            pts = [int(v) for v in re.split(r"[\s,]+", body.strip()) if v]
            if len(set(pts)) != len(pts):
                raise SpecError(f"cycle ({body}) repeats a point")
            cycles.append(pts)
        gens.append(cycles)
    degree = 1 + max((p for g in gens for c in g for p in c), default=0)
    images = []
    for cycles in gens:
        img = list(range(degree))
        for c in cycles:  # cycles compose left to right, as in GAP: (p*q)[x] = q[p[x]]
            step = list(range(degree))
            for a, b in zip(c, c[1:] + c[:1], strict=True):
                step[a] = b
            img = [step[x] for x in img]
        images.append(img)
    return images


def _image_lists(text: str) -> list[list[int]]:
    try:
        value = ast.literal_eval(text)
    except (ValueError, SyntaxError) as exc:
        raise SpecError(f"cannot read {text!r} as a list of image lists: {exc}") from None
    if isinstance(value, list) and value and all(isinstance(v, int) for v in value):
        value = [value]  # a single permutation
    if not (isinstance(value, (list, tuple)) and all(isinstance(v, (list, tuple)) for v in value)):
        raise SpecError(
            f"permutations must be a list of 0-based image lists such as [[1,2,0],[1,0,2]], "
            f"got {text!r}"
        )
    if not all(isinstance(x, int) for v in value for x in v):
        raise SpecError(f"image lists must hold integers, got {text!r}")
    return [list(v) for v in value]


def _wallpaper(name: str, h: str | None, w: str | None) -> Group | None:
    from groupmat.algebra.crystal._wallpaper import WALLPAPER_GROUPS, wallpaper_group

    if name not in WALLPAPER_GROUPS:
        return None
    if h is None:
        raise SpecError(f"{name} needs a torus size, e.g. {name}:16x16 or {name}:16 (cells)")
    size = int(h) if w is None else (int(h), int(w))
    return wallpaper_group(name, size).group


def _named(text: str) -> Group | None:
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
            if k % 2:
                raise SpecError(
                    f"D{k}: dihedral groups are named by their order (D8 is the square's "
                    f"symmetry group, order 8); use an even number, e.g. D{2 * k} for the "
                    f"{k}-gon"
                )
            return fam.dihedral(k // 2)
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
    m = re.fullmatch(r"(?i)(PSL|PGL|SL|GL)\((\d+),(\d+)\)", compact)
    if m:
        build = {"psl": fam.psl, "pgl": fam.pgl, "sl": fam.sl, "gl": fam.gl}[m.group(1).lower()]
        return build(int(m.group(2)), int(m.group(3)))
    m = re.fullmatch(r"(?i)(?:W|Coxeter)\((.+)\)", compact)
    if m:
        from groupmat.algebra.presentations._coxeter import coxeter_group

        return coxeter_group(m.group(1))
    return None


def _product(text: str) -> Group | None:
    """``"S3 x C4"`` (or ``S3xC4``, ``S3 × C4``): the direct product of the factors' SPECs."""
    factors = split_top_level(text, "x×")
    if len(factors) < 2 or not all(f.strip() for f in factors):
        return None
    from groupmat.algebra._products import direct_product

    return direct_product(*(parse_spec(f.strip()) for f in factors))


def _strip_comments(text: str) -> str:
    lines = [ln for ln in text.splitlines() if not ln.lstrip().startswith("#")]
    return " ".join(ln.strip() for ln in lines).strip()


def parse_spec(spec: str) -> Group:
    """Build the group a SPEC string describes (see the module docstring for the forms).

    Raises
    ------
    SpecError
        The text is none of the known forms (the message lists them).
    GroupmatError
        The text has a known form but defines no finite group within the size guards
        (:class:`~groupmat.errors.PresentationError`, ``NotAGroupError``, ``SizeLimitError``,
        ``CosetEnumerationError``).
    """
    return _parse(str(spec), nested=False)


def _parse(spec: str, *, nested: bool) -> Group:
    from groupmat.algebra._group import Group

    text = spec.strip()
    if not text:
        raise SpecError(f"empty group spec; give {SPEC_HELP}")
    if text == "-":
        return _parse(_strip_comments(sys.stdin.read()), nested=True)
    if text.startswith("<"):
        return Group.from_presentation(text)
    if text.startswith("["):
        return Group.from_permutations(_image_lists(text))
    if text.startswith("(") and _CYCLES_RE.match(text):
        return Group.from_permutations(_cycles_to_images(text))
    try:
        group = _named(text)
    except (TypeError, ValueError) as exc:
        if isinstance(exc, GroupmatError):
            raise
        raise NotAGroupError(f"{text}: {exc}") from None
    if group is not None:
        return group
    path = Path(text)
    if not nested and len(text) < 4096 and path.is_file():
        try:
            content = path.read_text()
        except (OSError, UnicodeDecodeError) as exc:
            raise SpecError(f"cannot read group spec file {text}: {exc}") from None
        return _parse(_strip_comments(content), nested=True)
    group = _product(text)
    if group is not None:
        return group
    raise SpecError(f"cannot read group spec {text!r}: expected {SPEC_HELP}")
