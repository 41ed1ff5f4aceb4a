"""Run an escnn measurement in another Python (escnn is not a dependency of groupmat).

The benchmarks that compare with escnn pass a script and its arguments to the interpreter given
by ``--escnn-python`` (or ``$ESCNN_PYTHON``); the script prints one JSON line last.
"""

from __future__ import annotations

import json
import subprocess
from typing import Any


def run_escnn_child(python: str, script: str, args: list[str], timeout: float = 1800) -> dict:
    """The JSON the child ``python -c script *args`` printed last, or ``{"skipped": reason}``
    when it could not start, timed out or failed (the reason is its last error line)."""
    try:
        proc = subprocess.run(
            [python, "-c", script, *args], capture_output=True, text=True, timeout=timeout
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        return {"skipped": f"could not run {python}: {exc}"}
    if proc.returncode != 0:
        tail = (proc.stderr or proc.stdout).strip().splitlines()[-1:] or ["?"]
        return {"skipped": f"escnn run failed: {tail[0]}"}
    out: dict[str, Any] = json.loads(proc.stdout.strip().splitlines()[-1])
    return out
