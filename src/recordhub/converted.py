"""The conversion cache: converted page bodies on disk (cachefile.py), and those that could
not go there. Each entry keeps a digest of its bytes (sealed.py), so a damaged one is converted
again, never served. The build keeps no page's HTML or headings in memory: they are read back
from here when a page is rendered.
"""

from __future__ import annotations

import contextlib
import shutil
import sys
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

import msgspec
from markupsafe import Markup
from msgspec import Struct
from msgspec.structs import replace

from recordhub import cachefile
from recordhub.cachefile import FILE, Database
from recordhub.diagnostics import Diagnostic, notice
from recordhub.markdown import Heading, Rendered, Shown, plain_text
from recordhub.sealed import seal, unseal

if TYPE_CHECKING:  # a Python without it builds with no cache
    import sqlite3

KEEP_DAYS = 30  # entries no build has used for this long are pruned
PRUNED = "markdown.pruned"  # beside the file: when it was last pruned
_OLD = "markdown"  # the folder of one file per body that earlier versions kept
_DAY = 86400
_T = TypeVar("_T")


class _Entry(Struct, frozen=True):
    """A converted body as the store keeps it: JSON, its fields checked as it is read."""

    key: str
    html: str
    removed: tuple[str, ...]
    headings: tuple[Heading, ...]
    links: tuple[str, ...]


# msgspec rather than the json module, which checks the fields as it decodes (a damaged entry
# is refused, never served): an entry written and read back took 95 µs instead of 135
_ENCODE = msgspec.json.Encoder(enc_hook=plain_text).encode
_DECODE = msgspec.json.Decoder(_Entry).decode


def _encoded(key: str, rendered: Rendered) -> bytes:
    """The JSON the store keeps of a conversion whose HTML is known."""
    html, headings = rendered.html or "", rendered.headings or ()
    return _ENCODE(_Entry(key, html, rendered.removed, headings, rendered.links))


def _marked(headings: tuple[Heading, ...]) -> tuple[Heading, ...]:
    """Headings as decoded, their titles Markup again (they are HTML)."""
    return tuple(replace(h, title=Markup(h.title), children=_marked(h.children)) for h in headings)


def stored(rendered: Rendered) -> Rendered:
    """What the build holds of a conversion whose HTML and headings are in the store."""
    return replace(rendered, html=None, headings=None)


class Store:
    """Converted bodies on disk, and held in memory where they cannot be written there."""

    def __init__(self, folder: Path | None, writable: bool = True) -> None:
        self.writable = writable  # `check` reads the cache but writes nothing at all
        self.hits = 0
        self.misses = 0  # bodies converted because no good entry was found
        # bodies counted as from the cache, whose entry had gone when the page was rendered, so
        # converted after all: not from the cache
        self.redone: set[str] = set()
        self.held: dict[str, Shown] = {}
        self.used: set[str] = set()  # loaded by this build: marked as used when it ends
        self.told: list[Diagnostic] = []  # why there is no cache, where nothing else says
        if folder is not None and not cachefile.USABLE:
            message = "this Python has no sqlite3 module, which the build cache needs: each "
            message += "build converts every page again"
            hint = "run recordhub with a Python that has it (python.org's and every system's do)"
            self.told.append(notice(folder.name, None, None, message, hint))
            folder = None
        self.folder = folder  # the cache folder; None: nothing is read or written
        self._file = Database(folder, writable) if folder is not None else None

    def _run(self, work: Callable[[sqlite3.Connection], _T]) -> _T | None:
        return self._file.run(work) if self._file is not None else None

    def _write(self, statement: str, rows: Iterable[tuple[object, ...]]) -> bool:
        return self._file is not None and self._file.write(statement, rows)

    def _entry(self, key: str) -> _Entry | None:
        """The entry stored under key, if its digest holds and it is whole and names that key."""
        query = "SELECT data FROM body WHERE key = ?"
        row = self._run(lambda db: db.execute(query, (key,)).fetchone())
        if row is None or not isinstance(row[0], bytes):
            return None
        payload = unseal(row[0])
        if payload is None:
            return None  # damaged: a changed byte of HTML would be published as it is
        try:
            # refused too: a lone surrogate (\ud800), which no page's UTF-8 can hold
            entry = _DECODE(payload)
        except (msgspec.DecodeError, RecursionError):  # nested deeper than the stack allows
            return None
        return entry if entry.key == key else None

    def load(self, key: str, count: bool = True) -> Rendered | None:
        """A cached conversion, or None when missing, truncated or not what its name says;
        counted as a hit unless count is False (the caller counts it once it is used)."""
        entry = self._entry(key)
        if entry is None:
            return None
        try:
            headings = _marked(entry.headings)
        except RecursionError:
            return None  # a damaged entry is converted again, never served
        links = tuple(sys.intern(link) for link in entry.links)  # as converted
        rendered = Rendered(entry.html, headings, entry.removed, links)
        if self.writable:
            self.used.add(key)  # for pruning; marked in one write when the build ends
        self.hits += count
        return rendered

    def keys(self) -> frozenset[str]:
        """The key of every entry in the file, in one query; none when it cannot be read."""
        rows = self._run(lambda db: db.execute("SELECT key FROM body").fetchall())
        return frozenset(row[0] for row in rows or ())

    def shown(self, key: str) -> Shown | None:
        """The HTML and headings of a body kept or held earlier in this build; None if the
        entry has gone or is damaged since."""
        held = self.held.get(key)
        if held is not None:
            return held
        entry = self._entry(key)
        if entry is None:
            return None
        try:
            return Shown(entry.html, _marked(entry.headings))
        except RecursionError:
            return None

    def keep(self, key: str, rendered: Rendered) -> Rendered:
        """Put a conversion's HTML and headings on disk, or hold them; return the rest."""
        return self.keep_all({key: rendered})[key]

    def keep_all(self, found: dict[str, Rendered]) -> dict[str, Rendered]:
        """keep for many conversions, written in one transaction."""
        fresh = {key: r for key, r in found.items() if r.html is not None}
        if fresh and not self.save_all(fresh):
            self.held.update((k, Shown(r.html or "", r.headings or ())) for k, r in fresh.items())
        return {key: stored(r) for key, r in found.items()}

    def save(self, key: str, rendered: Rendered) -> bool:
        """Write one entry (a reader sees the whole entry or none); True if done."""
        return self.save_all({key: rendered})

    def save_all(self, found: dict[str, Rendered]) -> bool:
        """Write entries in one transaction: all of them, or none and False."""
        if self.folder is None or not self.writable or not found:
            return False
        if any(rendered.html is None for rendered in found.values()):
            return False
        now = time.time()
        # made one at a time as they are written: a worker's share of 10,000 pages is a
        # thousand bodies, which would be in memory twice over as a list
        rows = ((key, now, seal(_encoded(key, r))) for key, r in found.items())
        statement = "INSERT OR REPLACE INTO body (key, used, data) VALUES (?, ?, ?)"
        try:
            return self._write(statement, rows)
        except UnicodeEncodeError:  # a lone surrogate: the whole transaction is rolled back
            return False

    def from_cache(self, remembered: int) -> int:
        """Bodies this build did not convert: its hits and the remembered, less the redone."""
        known = self.hits + remembered
        return known - min(len(self.redone), known)

    def finish(self, using: set[str] | frozenset[str]) -> None:
        """At the end of a build: mark what it loaded as used, and prune once a day."""
        self._mark(self.used)
        self.used.clear()
        self.prune_daily(using)
        if self._file is not None:
            self._file.close()

    def _mark(self, keys: Iterable[str]) -> None:
        """Mark entries as used now, unless they were within the last day."""
        now = time.time()
        rows = [(now, key, now - _DAY) for key in keys]
        if rows:
            self._write("UPDATE body SET used = ? WHERE key = ? AND used < ?", rows)

    def prune_daily(self, using: set[str] | frozenset[str]) -> int:
        """prune, unless it was pruned within the last day: what it removes has gone unused
        for weeks, and looking at every entry took a one-page edit at 1,000 pages 25 ms."""
        if self.folder is None or not self.writable:
            return 0
        stamp = self.folder / PRUNED
        # a link is no stamp of the cache's: touching it would make or change a file elsewhere
        linked = stamp.is_symlink()
        try:
            # a day or more ahead: pruned while the clock ran ahead, which it must not wait for
            if not linked and abs(time.time() - stamp.stat().st_mtime) < _DAY:
                return 0
        except OSError:
            pass  # never pruned
        removed = self.prune(using)
        with contextlib.suppress(OSError):  # no cache yet, or a read-only one: looked at again
            if linked:
                stamp.unlink()
            stamp.touch()
        return removed

    def prune(
        self, using: set[str] | frozenset[str] = frozenset(), keep_days: int = KEEP_DAYS
    ) -> int:
        """Remove entries no build has used for keep_days, except those in use; return how many."""
        if self.folder is None or not self.writable or not (self.folder / FILE).is_file():
            return 0
        old = self.folder / _OLD
        if old.is_dir() and not old.is_symlink():
            shutil.rmtree(old, ignore_errors=True)  # an earlier version's cache, never read
        self._mark(self.used)
        self.used.clear()
        now = time.time()
        limit = now - keep_days * _DAY
        query = "SELECT key, used FROM body WHERE used < ? OR used > ?"
        since = max(now - _DAY, limit)  # older than a day: to mark as used, or to remove
        found = self._run(lambda db: db.execute(query, (since, now + _DAY)).fetchall())
        gone, marked = [], []
        for key, used in found or ():
            if not isinstance(used, (int, float)) or used > now + _DAY:
                marked.append(key)  # marked while the clock ran ahead: it ages from now on
            elif key in using:  # known from the last build's snapshot, so not loaded
                if used < now - _DAY:
                    marked.append(key)  # marked as used, once a day is enough
            elif used < limit:
                gone.append((key,))
        self._write("UPDATE body SET used = ? WHERE key = ?", [(now, key) for key in marked])
        if not gone or not self._write("DELETE FROM body WHERE key = ?", gone):
            return 0
        # the space given back to the disk; run as a script, as execute() frees one page only
        self._run(lambda db: db.executescript("PRAGMA incremental_vacuum;"))
        return len(gone)
