"""Files that are empty for a moment, held back before they are passed on to a rebuild.

Editors and sync tools that save in two steps (empty the file, then write the text) would
otherwise show "the file is empty" over a page, "site.yml must be a mapping of settings" over
every page, blank pages from an emptied template, or pages without their stylesheet, between
the two.
"""

from __future__ import annotations

import stat
import threading
from collections.abc import Callable
from pathlib import Path

EMPTY_PAGE_WAIT = 1.0  # seconds a file may stay empty before it is passed on


class Holder:
    """Passes changed paths on to sink, holding back an empty file for EMPTY_PAGE_WAIT."""

    def __init__(self, sink: Callable[[set[Path]], None]) -> None:
        self._sink = sink
        self._held: dict[Path, int] = {}  # empty files held back, each by its latest event
        self._lock = threading.Lock()
        self._events = 0

    def __call__(self, paths: set[Path]) -> None:
        empty = {path for path in paths if _is_empty(path)}
        with self._lock:
            for path in paths:
                self._held.pop(path, None)  # a later event: the one held is passed on with it
            for path in empty:
                self._events += 1
                self._held[path] = self._events
                timer = threading.Timer(EMPTY_PAGE_WAIT, self._release, [path, self._events])
                timer.daemon = True
                timer.start()
        if paths - empty:
            self._sink(paths - empty)

    def _release(self, path: Path, event: int) -> None:
        """Pass on a file that has stayed empty since this event."""
        with self._lock:
            if self._held.get(path) != event:
                return
            del self._held[path]
        self._sink({path})


def _is_empty(path: Path) -> bool:
    try:
        found = path.stat()
    except OSError:
        return False
    return stat.S_ISREG(found.st_mode) and found.st_size == 0
