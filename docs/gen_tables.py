"""Benchmark and experiment pages generated from their JSON outputs (no retyped numbers).

Used two ways:

* as an mkdocs hook (``hooks: [docs/gen_tables.py]`` in ``mkdocs.yml``): ``on_files`` adds the
  generated pages ``results/benchmarks.md`` and ``results/experiments.md`` (and the experiments'
  PNG figures) to the build;
* as a script: ``python docs/gen_tables.py [OUT_DIR]`` writes the two pages (default: prints
  them).

Inputs: ``benchmarks/results/*.json`` (written by ``python benchmarks/<name>.py --json
benchmarks/results/<name>.json``) and ``experiments/reference/*.json`` (committed full
runs; ``experiments/results/`` holds local scratch runs, written by
``python experiments/<name>.py [--quick]``). The JSON layouts differ between scripts, so tables
are built generically: every top-level list of flat records (``results``, ``rows``, ``runs``)
becomes a table whose columns are the records' scalar fields (``{"mean", "std", "n"}``
summaries print as ``mean ± std``); top-level scalars and summaries go into a summary table,
``config`` and ``environment`` into a details block.
"""

from __future__ import annotations

import json
import logging
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
BENCH_DIR = ROOT / "benchmarks"
EXP_DIR = ROOT / "experiments"

# ---------------------------------------------------------------------- formatting


def _is_summary(v: Any) -> bool:
    return isinstance(v, dict) and "mean" in v and set(v) <= {"mean", "std", "n", "min", "max"}


def _num(x: float) -> str:
    if x != x:  # nan
        return "nan"
    if x == int(x) and abs(x) < 1e15:
        return str(int(x))
    return f"{x:.4g}"


def fmt(v: Any) -> str | None:
    """One table cell, or ``None`` when the value does not fit in a cell."""
    if v is None:
        return "–"
    if isinstance(v, bool):
        return "yes" if v else "no"
    if isinstance(v, (int, float)):
        return _num(float(v))
    if isinstance(v, str):
        return v.replace("|", "\\|").replace("\n", " ")
    if _is_summary(v):
        m = v.get("mean")
        if not isinstance(m, (int, float)):
            return None
        s = v.get("std")
        if isinstance(s, (int, float)) and s > 0:
            return f"{_num(float(m))} ± {_num(float(s))}"
        return _num(float(m))
    if (
        isinstance(v, list)
        and len(v) <= 8
        and all(isinstance(x, (int, float, str)) and not isinstance(x, bool) for x in v)
    ):
        return ", ".join(fmt(x) or "" for x in v)
    return None


def records_table(records: list[dict[str, Any]]) -> str:
    """A markdown table of the scalar fields of ``records`` (first-appearance column order)."""
    cols: list[str] = []
    for rec in records:
        for k, v in rec.items():
            if k not in cols and fmt(v) is not None:
                cols.append(k)
    if not cols:
        return ""
    lines = ["| " + " | ".join(cols) + " |", "|" + "---|" * len(cols)]
    for rec in records:
        cells = [fmt(rec.get(c)) if c in rec else "" for c in cols]
        lines.append("| " + " | ".join(c if c is not None else "" for c in cells) + " |")
    return "\n".join(lines)


def _details(title: str, value: Any) -> str:
    body = json.dumps(value, indent=2, sort_keys=False, default=str)
    return (
        f'??? note "{title}"\n    ```json\n'
        + "\n".join("    " + ln for ln in body.splitlines())
        + "\n    ```\n"
    )


def json_to_markdown(data: Any, heading: str = "###") -> str:
    """Tables for one result file (see the module docstring)."""
    if isinstance(data, list):
        data = {"results": data}
    if not isinstance(data, dict):
        return f"```\n{data!r}\n```\n"
    out: list[str] = []
    summary = {
        k: v
        for k, v in data.items()
        if k not in ("config", "environment", "meta") and fmt(v) is not None
    }
    if summary:
        out.append("| quantity | value |\n|---|---|")
        out.extend(f"| {k} | {fmt(v)} |" for k, v in summary.items())
        out.append("")
    for key, value in data.items():
        if isinstance(value, list) and value and all(isinstance(r, dict) for r in value):
            table = records_table(value)
            if table:
                out.append(f"{heading} {key}\n\n{table}\n")
        elif (
            isinstance(value, dict)
            and key not in ("config", "environment", "meta")
            and (value and all(isinstance(r, dict) for r in value.values()))
        ):
            recs = [
                {"key": k, "value": r} if _is_summary(r) else {"key": k, **r}
                for k, r in value.items()
            ]
            table = records_table(recs)
            if table:
                out.append(f"{heading} {key}\n\n{table}\n")
    for key in ("config", "meta", "environment"):
        if key in data:
            out.append(_details(key, data[key]))
    return "\n".join(out)


# ---------------------------------------------------------------------- pages
def _load(path: Path) -> tuple[Any, str | None]:
    try:
        return json.loads(path.read_text()), None
    except (OSError, ValueError) as exc:
        return None, f"could not read {path.name}: {exc}"


def benchmarks_page(root: Path = ROOT) -> str:
    bench, res = root / "benchmarks", root / "benchmarks" / "results"
    scripts = sorted(p.stem for p in bench.glob("*.py") if not p.stem.startswith("_"))
    files = sorted(res.glob("*.json")) if res.is_dir() else []
    out = [
        "# Benchmarks",
        "",
        "Generated at build time from `benchmarks/results/*.json`; numbers are never typed in by "
        "hand. Each script prints its table and writes the JSON with "
        "`python benchmarks/<name>.py --json benchmarks/results/<name>.json` "
        "(add `--quick` for the small smoke-test setting). Timings depend on the machine: the "
        "environment block of each file says where they were taken. The discussion of the "
        "numbers is in `benchmarks/README.md`.",
        "",
    ]
    done = set()
    for path in files:
        data, err = _load(path)
        done.add(path.stem.removesuffix("_quick"))
        out.append(f"## {path.stem}\n\nSource: `benchmarks/results/{path.name}`.\n")
        out.append(err or json_to_markdown(data))
    missing = [s for s in scripts if s not in done]
    if missing:
        out.append("## Not yet run\n")
        out.append("No JSON results are stored for these scripts; run them to fill this page:\n")
        out.extend(
            f"- `python benchmarks/{s}.py --json benchmarks/results/{s}.json`" for s in missing
        )
        out.append("")
    return "\n".join(out)


def experiments_page(root: Path = ROOT) -> tuple[str, list[Path]]:
    # committed full runs live in experiments/reference/; experiments/results/ is local scratch
    files = []
    for sub in ("reference", "results"):
        res = root / "experiments" / sub
        files += sorted(res.glob("*.json")) if res.is_dir() else []
    figures: list[Path] = []
    out = [
        "# Experiments",
        "",
        "Generated at build time from `experiments/reference/*.json` (the committed full runs) "
        "and any local `experiments/results/*.json` (written by "
        "`python experiments/<name>.py`, or `--quick` for the CI-sized run, whose results "
        "carry the `_quick` suffix and are too small to compare models: they only show that the "
        "pipeline runs).",
        "",
    ]
    if not files:
        out.append("No experiment results are stored yet: run `python experiments/<name>.py`.")
    for path in files:
        data, err = _load(path)
        name = data.get("experiment", path.stem) if isinstance(data, dict) else path.stem
        quick = isinstance(data, dict) and data.get("quick")
        cfg = data.get("config", {}) if isinstance(data, dict) else {}
        flips = isinstance(cfg, dict) and cfg.get("point_group") == "D4"
        prov = data.get("provenance", {}) if isinstance(data, dict) else {}
        prov = prov if isinstance(prov, dict) else {}
        argv = prov.get("argv")
        if isinstance(argv, list) and argv:
            cmd = "python " + " ".join(str(a) for a in argv)
        else:  # results written before provenance was recorded
            cmd = (
                f"python experiments/{name}.py"
                + (" --quick" if quick else "")
                + (" --flips" if flips else "")
            )
        rel = path.relative_to(root).as_posix()
        source = f"Source: `{rel}` (`{cmd}`)."
        commit = prov.get("git_commit")
        if isinstance(commit, str) and commit:
            source += f" Commit `{commit[:10]}`"
            dirty = prov.get("git_dirty_files") or []
            if dirty:
                files = ", ".join(str(f).split()[-1] for f in dirty)
                source += f" (+ uncommitted changes to {files})"
            source += "."
        out.append(f"## {path.stem}\n\n{source}\n")
        png = path.with_suffix(".png")
        if png.is_file():
            figures.append(png)
            out.append(f"![{path.stem}]({png.name})\n")
        curated = None if err else _curated_table(root, data)
        if curated:
            out.append(curated + "\n")
            body = json_to_markdown(data)
            out.append(
                '??? note "all recorded fields"\n'
                + "\n".join(("    " + ln) if ln else "" for ln in body.splitlines())
                + "\n"
            )
        else:
            out.append(err or json_to_markdown(data))
    return "\n".join(out), figures


def _curated_table(root: Path, data: Any) -> str | None:
    """The experiment's own table from ``experiments/summarize.py`` (its ``TABLES``), if any."""
    script = root / "experiments" / "summarize.py"
    name = data.get("experiment") if isinstance(data, dict) else None
    if not script.is_file() or not name:
        return None
    try:
        import importlib.util

        spec = importlib.util.spec_from_file_location("_experiments_summarize", script)
        mod = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(mod)
        table = getattr(mod, "TABLES", {}).get(name)
        return table(data) if table else None
    except Exception as exc:  # a summary that cannot read this file: fall back to generic
        logging.getLogger("mkdocs.plugins.groupmat").info(
            "experiments/summarize.py could not render %s (%s); using generic tables", name, exc
        )
        return None


# ---------------------------------------------------------------------- mkdocs hook
def on_files(files: Any, config: Any) -> Any:
    """mkdocs hook: add the generated result pages and figures."""
    from mkdocs.structure.files import File

    for uri in ("results/benchmarks.md", "results/experiments.md"):
        old = files.get_file_from_path(uri)
        if old is not None:
            files.remove(old)
    files.append(File.generated(config, "results/benchmarks.md", content=benchmarks_page()))
    page, figures = experiments_page()
    files.append(File.generated(config, "results/experiments.md", content=page))
    for fig in figures:
        files.append(File.generated(config, f"results/{fig.name}", abs_src_path=str(fig)))
    return files


def main(argv: list[str] | None = None) -> int:
    import argparse

    parser = argparse.ArgumentParser(
        description="Render the benchmark and experiment pages from their JSON results."
    )
    parser.add_argument("out", nargs="?", help="directory to write the pages to (default: print)")
    args = parser.parse_args(sys.argv[1:] if argv is None else argv)
    bench = benchmarks_page()
    exp, figures = experiments_page()
    if args.out is None:
        print(bench)
        print(exp)
        return 0
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    (out / "benchmarks.md").write_text(bench)
    (out / "experiments.md").write_text(exp)
    for fig in figures:
        (out / fig.name).write_bytes(fig.read_bytes())
    return 0


if __name__ == "__main__":
    sys.exit(main())
