"""mkdocs hooks: MathJax served by the site itself, and the notebooks rendered as pages.

* **Offline maths.** ``on_files`` copies MathJax 3 (the ``es5`` build, CommonHTML output with
  its fonts, the TeX input and its extensions, the menu) from the installed PyPI package
  ``django-static-mathjax`` (pure static files, no Django needed; in the ``docs`` extra) into
  the site as ``javascripts/mathjax/``; ``mkdocs.yml`` loads
  ``javascripts/mathjax/tex-mml-chtml.js`` from there. Nothing is fetched from a CDN, so the
  built site renders its maths without internet. The files are copied at build time, not
  committed.
* **Notebooks.** ``on_files`` (run before the ``mkdocs-jupyter`` plugin's) adds
  ``notebooks/*.ipynb`` of the repository as pages ``notebooks/<name>/``; mkdocs-jupyter
  executes and renders them. Its template loads MathJax 2 from a CDN; ``on_post_page`` drops
  that block, so notebook pages use the site's MathJax too (``javascripts/mathjax.js`` also
  typesets the notebooks' ``$...$`` maths).
"""

from __future__ import annotations

import logging
import re
from pathlib import Path
from typing import Any

from mkdocs.plugins import event_priority

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"
log = logging.getLogger("mkdocs.plugins.groupmat.site")

#: Parts of MathJax's es5 build the site needs (paths relative to ``es5/``): the combined
#: TeX + MathML -> CommonHTML component, what it loads on demand, and the web fonts.
MATHJAX_PARTS = (
    "tex-mml-chtml.js",
    "input/tex/extensions",
    "input/mml/extensions",
    "output/chtml/fonts/woff-v2",
    "ui",
    "a11y",
    "adaptors",
)
#: The notebook template's MathJax 2 block (a CDN script and its configuration).
NOTEBOOK_MATHJAX = re.compile(
    r"<!-- Load mathjax -->.*?<!-- End of mathjax configuration -->", re.S
)


def mathjax_root() -> Path | None:
    """The ``es5`` directory of the installed MathJax package, or ``None``."""
    try:
        import mathjax  # the import name of django-static-mathjax
    except ImportError:
        return None
    root = Path(mathjax.__file__).resolve().parent / "static" / "mathjax" / "es5"
    return root if (root / "tex-mml-chtml.js").is_file() else None


def _mathjax_files(config: Any) -> list[Any]:
    from mkdocs.structure.files import File

    root = mathjax_root()
    if root is None:
        log.warning(
            "MathJax is not installed, so the site's maths will not render: "
            "pip install -e '.[docs]' (it installs django-static-mathjax)"
        )
        return []
    out = []
    for part in MATHJAX_PARTS:
        src = root / part
        paths = [src] if src.is_file() else sorted(p for p in src.rglob("*") if p.is_file())
        for path in paths:
            uri = "javascripts/mathjax/" + path.relative_to(root).as_posix()
            out.append(File.generated(config, uri, abs_src_path=str(path)))
    return out


def _notebook_files(config: Any) -> list[Any]:
    from mkdocs.structure.files import File

    # real files with the repository root as their source directory (mkdocs-jupyter's
    # NotebookFile reads abs_src_path from src_dir, which a File.generated lacks)
    return [
        File(
            f"notebooks/{path.name}",
            src_dir=str(ROOT),
            dest_dir=config["site_dir"],
            use_directory_urls=config["use_directory_urls"],
        )
        for path in sorted(NOTEBOOKS.glob("*.ipynb"))
    ]


@event_priority(100)  # before mkdocs-jupyter's on_files, which turns .ipynb files into pages
def on_files(files: Any, config: Any) -> Any:
    for file in _mathjax_files(config) + _notebook_files(config):
        old = files.get_file_from_path(file.src_uri)
        if old is not None:
            files.remove(old)
        files.append(file)
    return files


def on_post_page(output: str, page: Any, config: Any) -> str:
    if page.file.src_uri.endswith(".ipynb"):
        output = NOTEBOOK_MATHJAX.sub("", output)
    return output
