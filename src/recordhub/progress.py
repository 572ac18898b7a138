"""Progress on a terminal for builds that take more than a second; nothing when piped."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TextIO

DELAY = 1.0  # short builds stay quiet
INTERVAL = 0.1


class Progress:
    """Shows ``converting 512/1000 pages`` on one line, then clears it; a stage of no count
    (total 0, such as the search index) shows as ``indexing for search…``."""

    def __init__(self, stream: TextIO, enabled: bool | None = None) -> None:
        self.stream = stream
        self.enabled = stream.isatty() if enabled is None else enabled
        self.started = time.monotonic()
        self.last = 0.0
        self.shown = False

    def __call__(self, stage: str, done: int, total: int) -> None:
        """Note progress; draw it at most ten times a second, after the first second."""
        now = time.monotonic()
        if (
            not self.enabled
            or now - self.started < DELAY
            or (now - self.last < INTERVAL and done < total)
        ):
            return
        self.last = now
        self.shown = True
        shown = f"{stage} {done}/{total} pages" if total else f"{stage}…"
        self.stream.write(f"\r{shown}\x1b[K")
        self.stream.flush()

    def close(self) -> None:
        """Clear the line so the summary starts clean."""
        if self.shown:
            self.stream.write("\r\x1b[K")
            self.stream.flush()


def stage(progress: Callable[[str, int, int], None] | None, name: str) -> None:
    """Say which step runs after the pages are written, so the line does not stay at N/N."""
    if progress is not None:
        progress(name, 0, 0)
