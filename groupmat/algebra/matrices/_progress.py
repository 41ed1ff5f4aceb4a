"""A tqdm progress bar that is off unless asked for or on a terminal (shared by the
matrices and representations modules)."""

from __future__ import annotations

import sys
from typing import Protocol

__all__ = ["ProgressBar", "progress_bar"]


class ProgressBar(Protocol):
    """What callers use of a progress bar: a ``tqdm`` bar or the silent stand-in."""

    def update(self, n: int = 1) -> object: ...

    def set_postfix_str(self, s: str) -> object: ...

    def close(self) -> None: ...


class _NoBar:
    """The do-nothing bar used when progress is off (no tqdm import, no output)."""

    def update(self, n: int = 1) -> None:
        pass

    def set_postfix_str(self, s: str) -> None:
        pass

    def close(self) -> None:
        pass


def progress_bar(*, total: int, desc: str, unit: str, enabled: bool | None = None) -> ProgressBar:
    """A ``tqdm`` bar (``enabled=True``), nothing (``False``), or a bar only when stderr is a
    terminal (``None``, the default of every ``progress=`` argument).

    Examples
    --------
    >>> bar = progress_bar(total=3, desc="demo", unit="step", enabled=False)
    >>> bar.update(); bar.close()
    """
    if enabled is None:
        enabled = bool(getattr(sys.stderr, "isatty", lambda: False)())
    if not enabled:
        return _NoBar()
    from tqdm.auto import tqdm

    return tqdm(total=total, desc=desc, unit=unit, leave=False)
