"""A tqdm progress bar that is off unless asked for or on a terminal (shared by the
matrices, representations and subgroups modules), and a bar that appears only once a search
of unknown length has run for a while."""

from __future__ import annotations

import sys
import time
from typing import Protocol

__all__ = ["DelayedBar", "ProgressBar", "progress_bar", "stderr_is_tty"]


def stderr_is_tty() -> bool:
    """Whether stderr is a terminal: where an automatic (``progress=None``) bar is drawn, and
    not in logs, pipes or test captures (a replaced or closed stream counts as no terminal)."""
    try:
        return bool(sys.stderr.isatty())
    except (AttributeError, ValueError):
        return False


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
        enabled = stderr_is_tty()
    if not enabled:
        return _NoBar()
    from tqdm.auto import tqdm

    return tqdm(total=total, desc=desc, unit=unit, leave=False)


class DelayedBar:
    """A counter for a search of unknown length that shows a ``tqdm`` bar only once the search
    has run ``after`` seconds (then with the count so far), on a terminal (``enabled=None``),
    always (``True``) or never (``False``). Call :meth:`tick` per step and :meth:`close` at the
    end (also on errors).

    Examples
    --------
    >>> bar = DelayedBar("search", "node", enabled=False)
    >>> bar.tick(); bar.tick(); bar.close(); bar.count
    2
    """

    def __init__(
        self, desc: str, unit: str = "it", *, after: float = 1.0, enabled: bool | None = None
    ) -> None:
        if enabled is None:
            enabled = stderr_is_tty()
        self.desc, self.unit, self.after, self.enabled = desc, unit, after, enabled
        self.count = 0
        self._start = time.perf_counter()
        self._bar: object | None = None

    def tick(self, n: int = 1) -> None:
        """Count ``n`` more steps; opens the bar once ``after`` seconds have passed."""
        self.count += n
        if self._bar is not None:
            self._bar.update(n)  # type: ignore[attr-defined]
        elif self.enabled and time.perf_counter() - self._start > self.after:
            from tqdm.auto import tqdm

            self._bar = tqdm(desc=self.desc, unit=self.unit, initial=self.count, leave=False)

    def close(self) -> None:
        if self._bar is not None:
            self._bar.close()  # type: ignore[attr-defined]
            self._bar = None
