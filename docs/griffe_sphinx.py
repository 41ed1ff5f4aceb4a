"""Griffe extension for the API reference: Sphinx markup in docstrings rendered as Markdown.

The docstrings are numpy style and use two pieces of reStructuredText that mkdocstrings does
not understand:

* cross-reference roles (``:class:`~groupmat.Group```, ``:func:`coxeter_matrix```, ``:meth:``,
  ``:attr:``, ``:mod:``, ``:data:``, ``:exc:``, ``:obj:``), which become autorefs links. Names
  are resolved the way Sphinx does it: absolute paths as written, other names in the scope of
  the documented object (its members, its module's members and imports). The links are
  *optional* autorefs: a target that the reference pages do not render (a private helper, a
  third-party class) shows as plain code instead of a broken link;
* ``.. math::`` directives (inline body or an indented block), which become ``$$ ... $$``
  display maths for ``pymdownx.arithmatex``; a paragraph's closing ``::`` (the literal-block
  marker) becomes ``:``.

Enabled in ``mkdocs.yml`` under the python handler's ``extensions`` option. The conversion
is pure text (see :func:`convert`), so the tests call it without building the site.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterator
from typing import Any

import griffe

ROLE = re.compile(r":(?:py:)?(?P<role>class|func|meth|attr|mod|data|exc|obj):`(?P<body>[^`]+)`")
EXPLICIT = re.compile(r"^(?P<title>.*?)\s*<(?P<target>[^<>]+)>$")
MATH = re.compile(r"^(?P<indent>[ \t]*)\.\. math::[ \t]*(?P<rest>.*)$")
#: A paragraph ending in ``::`` announces an indented literal block (which Markdown already
#: reads as code after a blank line): ``text::`` shows as ``text:``, ``text ::`` as ``text``.
LITERAL = re.compile(r"^(?P<text>[ \t]*(?!\.\.)\S.*?)(?P<space>[ \t]*)::[ \t]*$")


def _role_link(body: str, resolve: Callable[[str], str | None]) -> str:
    """One role's Markdown: an optional autoref to the resolved target, or plain code."""
    body = body.strip()
    explicit = EXPLICIT.match(body)
    if explicit:
        title, target = explicit["title"], explicit["target"].strip()
    else:
        target = body
        title = None
    short = target.startswith("~")
    target = target.lstrip("~.").removesuffix("()")
    if title is None:
        title = target.rsplit(".", 1)[-1] if short else target
    path = resolve(target)
    code = f"<code>{html.escape(title)}</code>"
    if path is None:
        return code
    return f'<autoref identifier="{html.escape(path)}" optional>{code}</autoref>'


def _convert_math(text: str) -> str:
    lines = text.split("\n")
    out: list[str] = []
    i = 0
    while i < len(lines):
        m = MATH.match(lines[i])
        if not m:
            out.append(lines[i])
            i += 1
            continue
        indent = m["indent"]
        body = [m["rest"].strip()] if m["rest"].strip() else []
        i += 1
        # the directive's body: following lines indented deeper than the directive (blank
        # lines inside the block allowed), as reStructuredText reads it
        while i < len(lines):
            line = lines[i]
            if line.strip() == "":
                if body and not (
                    i + 1 < len(lines) and _deeper(lines[i + 1], indent) and lines[i + 1].strip()
                ):
                    break
                i += 1
                continue
            if not _deeper(line, indent):
                break
            body.append(line.strip())
            i += 1
        # Python-Markdown nests blocks by 4 spaces: a 2-space rST indent (a bullet's body)
        # would leave the $$ in a paragraph, unrendered
        pad = " " * (len(indent.expandtabs(4)) // 4 * 4)
        if out and out[-1].strip():
            out.append("")
        out.append(f"{pad}$$")
        out.extend(f"{pad}{ln}" for ln in body)
        out.append(f"{pad}$$")
        out.append("")
    return "\n".join(out)


def _deeper(line: str, indent: str) -> bool:
    stripped = line.lstrip()
    return len(line) - len(stripped) > len(indent)


def convert(text: str, resolve: Callable[[str], str | None] | None = None) -> str:
    """Docstring text with Sphinx roles and ``.. math::`` blocks turned into Markdown.

    Absolute ``groupmat.*`` targets are linked as written; for other names ``resolve(name)``
    returns the full dotted path or ``None`` (then the target is shown as code, unlinked).
    Code spans and fenced/doctest lines are left as they are.
    """

    def full(name: str) -> str | None:  # absolute names as written, the rest via resolve
        if name.split(".")[0] == "groupmat":
            return name
        return resolve(name) if resolve is not None else None

    text = _convert_math(text)
    text = "\n".join(
        LITERAL.sub(lambda m: m["text"] + ("" if m["space"] else ":"), line)
        for line in text.split("\n")
    )
    out = []
    for line in text.split("\n"):
        if line.lstrip().startswith((">>>", "...")):
            out.append(line)
        else:
            out.append(ROLE.sub(lambda m: _role_link(m["body"], full), line))
    return "\n".join(out)


def _resolver(obj: Any) -> Callable[[str], str | None]:
    scope = obj if obj.is_module or obj.is_class else obj.parent

    def resolve(name: str) -> str | None:
        head, _, tail = name.partition(".")
        for where in (scope, getattr(scope, "module", None)):
            if where is None:
                continue
            try:
                path = where.resolve(head)
            except (griffe.NameResolutionError, AttributeError, KeyError):
                continue
            return f"{path}.{tail}" if tail else path
        return None

    return resolve


def _walk(obj: Any) -> Iterator[Any]:
    yield obj
    for member in obj.members.values():
        if member.is_alias:
            continue
        yield from _walk(member)


class SphinxRoles(griffe.Extension):
    """Rewrite every docstring of the loaded package (see the module docstring)."""

    def on_package(self, *, pkg: Any, **kwargs: Any) -> None:
        for obj in _walk(pkg):
            doc = obj.docstring
            if doc is not None and (":`" in doc.value or "::" in doc.value):
                doc.value = convert(doc.value, _resolver(obj))
