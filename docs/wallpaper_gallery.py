"""Render one picture per wallpaper group: the orbit of a letter F under the group on a torus of
3 x 3 cells (2 x 2 for the groups whose cells hold several pixels), with the pixels it acts on.

Usage::

    python docs/wallpaper_gallery.py                 # PNGs and index.md in docs/img/wallpaper/
    python docs/wallpaper_gallery.py --out /tmp/gallery --dpi 100

Needs matplotlib (``pip install matplotlib``).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # run from a checkout without installing
    sys.path.insert(0, str(ROOT))

import matplotlib  # noqa: E402

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

from groupmat import WALLPAPER_GROUPS, wallpaper_group  # noqa: E402
from groupmat.plot import plot_wallpaper  # noqa: E402


def render(out: Path, dpi: int = 110) -> list[tuple[str, Path, int]]:
    out.mkdir(parents=True, exist_ok=True)
    done = []
    for name in WALLPAPER_GROUPS:
        G = wallpaper_group(name, 3)
        fig, ax = plt.subplots(figsize=(4, 4))
        plot_wallpaper(G, ax=ax)
        path = out / f"{name}.png"
        fig.savefig(path, dpi=dpi, bbox_inches="tight")
        plt.close(fig)
        done.append((name, path, path.stat().st_size))
    lines = [
        "# The 17 wallpaper groups on a 3 x 3 torus",
        "",
        "Each picture is the orbit of a letter F under `groupmat.wallpaper_group(name, 3)`: blue",
        "images by rotations and translations, orange by mirrors and glides; grey dots are the",
        "pixels the group acts on (two per cell edge for the glide groups, axial for hexagonal",
        "lattices). Regenerate with `python docs/wallpaper_gallery.py`.",
        "",
        "| | | | |",
        "|---|---|---|---|",
    ]
    cells = [f"![{n}]({p.name})" for n, p, _ in done]
    for i in range(0, len(cells), 4):
        row = cells[i : i + 4] + [""] * (4 - len(cells[i : i + 4]))
        lines.append("| " + " | ".join(row) + " |")
    (out / "index.md").write_text("\n".join(lines) + "\n")
    return done


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", default=str(ROOT / "docs" / "img" / "wallpaper"))
    ap.add_argument("--dpi", type=int, default=110)
    args = ap.parse_args(argv)
    for name, path, size in render(Path(args.out), args.dpi):
        print(f"{name:5s} {path} {size / 1024:.1f} kB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
