"""The conversion cache: converted page bodies on disk, and those that could not go there.

Entries live under content-derived names, so builds running at once write the same bytes to
the same name. The build keeps no page's HTML or headings in memory: they are read back from
here when a page is rendered.
"""

from __future__ import annotations

import contextlib
import json
import os
import sys
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

from markupsafe import Markup

from recordhub import sealed
from recordhub.markdown import Heading, Rendered, Shown
from recordhub.sealed import unseal

KEEP_DAYS = 30  # entries no build has used for this long are pruned
PRUNED = ".pruned"  # in the store's folder: when it was last pruned


def _to_json(key: str, rendered: Rendered) -> str:
    return json.dumps(
        {
            "key": key,
            "html": rendered.html,
            "removed": list(rendered.removed),
            "headings": [_as_dict(h) for h in rendered.headings or ()],
            "links": list(rendered.links),
        }
    )


def _as_dict(heading: Heading) -> dict[str, object]:
    """A heading as JSON holds it (dataclasses.asdict copies deeply, 25 times as slow)."""
    return {
        "level": heading.level,
        "id": heading.id,
        "title": heading.title,
        "children": [_as_dict(child) for child in heading.children],
    }


def _heading(data: dict[str, object]) -> Heading:
    children = data.get("children") or []
    assert isinstance(children, list)
    return Heading(
        int(str(data["level"])),
        str(data["id"]),
        Markup(str(data["title"])),
        tuple(_heading(c) for c in children),
    )


def stored(rendered: Rendered) -> Rendered:
    """What the build holds of a conversion whose HTML and headings are in the store."""
    return replace(rendered, html=None, headings=None)


class Store:
    """Converted bodies on disk, and held in memory where they cannot be written there."""

    def __init__(self, folder: Path | None, writable: bool = True) -> None:
        self.folder = folder / "markdown" if folder is not None else None
        self.writable = writable  # `check` reads the cache but writes nothing at all
        self.hits = 0
        self.misses = 0  # bodies converted because no good entry was found
        self.held: dict[str, Shown] = {}

    def _path(self, key: str) -> Path:
        assert self.folder is not None
        return self.folder / key[:2] / f"{key}.json"

    def _entry(self, key: str) -> dict[str, Any] | None:
        """The entry stored under key, if its digest holds and it names that key and has HTML."""
        if self.folder is None:
            return None
        try:
            payload = unseal(self._path(key).read_bytes())
            if payload is None:
                return None  # damaged: a changed byte of HTML would be published as it is
            data = json.loads(bytes(payload))
        except (OSError, ValueError):
            return None
        whole = isinstance(data, dict) and data.get("key") == key
        return data if whole and isinstance(data.get("html"), str) else None

    def load(self, key: str, count: bool = True) -> Rendered | None:
        """A cached conversion, or None when missing, truncated or not what its name says;
        counted as a hit unless count is False (the caller counts it once it is used)."""
        data = self._entry(key)
        if data is None:
            return None
        try:
            rendered = Rendered(
                str(data["html"]),
                tuple(_heading(h) for h in data["headings"]),
                tuple(str(r) for r in data["removed"]),
                tuple(sys.intern(str(link)) for link in data["links"]),  # as converted
            )
        except (ValueError, KeyError, TypeError, AssertionError, AttributeError):
            return None  # a damaged entry is converted again, never served
        if self.writable:
            with contextlib.suppress(OSError):  # a read-only cache is still read
                os.utime(self._path(key))  # marks the entry as used, for pruning
        self.hits += count
        return rendered

    def shown(self, key: str) -> Shown | None:
        """The HTML and headings of a body kept or held earlier in this build; None if the
        entry has gone or is damaged since."""
        held = self.held.get(key)
        if held is not None:
            return held
        data = self._entry(key)
        if data is None:
            return None
        try:
            return Shown(str(data["html"]), tuple(_heading(h) for h in data["headings"]))
        except (ValueError, KeyError, TypeError, AssertionError, AttributeError):
            return None

    def keep(self, key: str, rendered: Rendered) -> Rendered:
        """Put a conversion's HTML and headings on disk, or hold them; return the rest."""
        if rendered.html is not None and not self.save(key, rendered):
            self.held[key] = Shown(rendered.html, rendered.headings or ())
        return stored(rendered)

    def save(self, key: str, rendered: Rendered) -> bool:
        """Write one entry atomically (a reader sees the whole entry or none); True if done."""
        if self.folder is None or not self.writable or rendered.html is None:
            return False
        assert rendered.headings is not None, "a body's headings are stored with its HTML"
        path = self._path(key)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError:
            return False  # a cache that cannot be written only makes the next build slower
        return sealed.write(path, _to_json(key, rendered).encode())

    def prune_daily(self, using: set[str] | frozenset[str]) -> int:
        """prune, unless it was pruned within the last day: what it removes has gone unused
        for weeks, and looking at every entry took a one-page edit at 1,000 pages 25 ms."""
        if self.folder is None or not self.writable:
            return 0
        stamp = self.folder / PRUNED
        try:
            # a day or more ahead: pruned while the clock ran ahead, which it must not wait for
            if abs(time.time() - stamp.stat().st_mtime) < 86400:
                return 0
        except OSError:
            pass  # never pruned
        removed = self.prune(using)
        with contextlib.suppress(OSError):  # no store yet, or a read-only one: looked at again
            stamp.touch()
        return removed

    def prune(
        self, using: set[str] | frozenset[str] = frozenset(), keep_days: int = KEEP_DAYS
    ) -> int:
        """Remove entries no build has used for keep_days, except those in use; return how many."""
        if self.folder is None or not self.writable or not self.folder.is_dir():
            return 0
        now = time.time()
        limit, day_ago = now - keep_days * 86400, now - 86400
        removed = 0
        for path in self.folder.glob("*/*"):
            try:
                used = path.stat().st_mtime
                if used > now + 86400:  # marked while the clock ran ahead: it ages from now on
                    os.utime(path)
                elif path.stem in using:  # known from the last build's snapshot, so not loaded
                    if used < day_ago:
                        os.utime(path)  # marked as used, once a day is enough
                elif used < limit:
                    path.unlink()
                    removed += 1
            except OSError:
                continue
        return removed
