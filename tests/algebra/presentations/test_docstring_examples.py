"""Doctest blocks sit under a numpy ``Examples`` header (issue 16): without one, mkdocstrings
renders the ``>>>`` lines as nested blockquotes (and ``x**2`` as bold text), not as code."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import groupmat

ROOT = Path(groupmat.__file__).parent
ALGEBRA = ROOT / "algebra"
FILES = [*sorted((ALGEBRA / "presentations").glob("*.py")), ALGEBRA / "_families.py"]


def _doctests_outside_examples(path: Path) -> list[str]:
    bad = []
    for node in ast.walk(ast.parse(path.read_text())):
        if not isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
            continue
        doc = ast.get_docstring(node, clean=True)
        if not doc or ">>>" not in doc:
            continue
        lines = doc.split("\n")
        section = None
        for i, line in enumerate(lines):
            below = lines[i + 1].strip() if i + 1 < len(lines) else ""
            if line.strip() and below and set(below) == {"-"}:
                section = line.strip()
            if line.lstrip().startswith(">>>"):
                if section != "Examples":
                    bad.append(f"{getattr(node, 'name', '<module>')} (under {section})")
                break
    return bad


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_doctests_are_under_an_examples_header(path):
    assert _doctests_outside_examples(path) == []
