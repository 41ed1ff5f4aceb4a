"""Every ``python`` code block of the documentation pages runs (blocks of one page share a
namespace and run in order), so the examples in the docs cannot rot."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

DOCS = Path(__file__).resolve().parents[1] / "docs"
BLOCK = re.compile(r"^```python\n(.*?)^```", re.S | re.M)
PAGES = sorted(p for p in DOCS.rglob("*.md") if BLOCK.search(p.read_text()))


def test_pages_with_examples_are_found():
    assert len(PAGES) >= 5


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.relative_to(DOCS).as_posix())
def test_doc_page_examples_run(page, tmp_path, monkeypatch):
    pytest.importorskip("torch")
    monkeypatch.chdir(tmp_path)  # examples that save files write them here
    namespace: dict = {"__name__": "__docs__"}
    for i, block in enumerate(BLOCK.findall(page.read_text())):
        code = compile(block, f"{page.name}[block {i}]", "exec")
        exec(code, namespace)
