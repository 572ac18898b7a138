"""The conversion cache's entries as the tests see them: rows of its SQLite file, read, damaged,
aged and made up without going through the Store they test."""

from __future__ import annotations

import contextlib
import json
import sqlite3
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from recordhub.cachefile import FILE
from recordhub.sealed import seal, unseal


@contextlib.contextmanager
def _db(cache: Path) -> Iterator[sqlite3.Connection]:
    db = sqlite3.connect(cache / FILE, timeout=30)
    try:
        with db:  # committed on leaving
            yield db
    finally:
        db.close()


@dataclass(frozen=True)
class Entry:
    """One entry of the cache in folder cache, by its key."""

    cache: Path
    key: str

    def exists(self) -> bool:
        with _db(self.cache) as db:
            return (
                db.execute("SELECT 1 FROM body WHERE key = ?", (self.key,)).fetchone() is not None
            )

    def read_bytes(self) -> bytes:
        with _db(self.cache) as db:
            (data,) = db.execute("SELECT data FROM body WHERE key = ?", (self.key,)).fetchone()
        assert isinstance(data, bytes)
        return data

    def write_bytes(self, data: bytes) -> None:
        """Put data in place of the entry's bytes, keeping when it was last used."""
        with _db(self.cache) as db:
            db.execute("UPDATE body SET data = ? WHERE key = ?", (data, self.key))

    def unlink(self) -> None:
        with _db(self.cache) as db:
            db.execute("DELETE FROM body WHERE key = ?", (self.key,))

    @property
    def used(self) -> float:
        """When a build last used it, as a time stamp."""
        with _db(self.cache) as db:
            (used,) = db.execute("SELECT used FROM body WHERE key = ?", (self.key,)).fetchone()
        return float(used)

    def age(self, days: float) -> None:
        """Make it last used days ago."""
        with _db(self.cache) as db:
            then = time.time() - days * 86400
            db.execute("UPDATE body SET used = ? WHERE key = ?", (then, self.key))

    def json(self) -> dict[str, object]:
        """Its JSON, after its digest line."""
        payload = unseal(self.read_bytes())
        assert payload is not None, f"{self.key} is not sealed"
        data = json.loads(bytes(payload))
        assert isinstance(data, dict)
        return data


def entries(cache: Path) -> list[Entry]:
    """Every entry of the cache in folder cache, by key."""
    if not (cache / FILE).is_file():
        return []
    with _db(cache) as db:
        keys = [key for (key,) in db.execute("SELECT key FROM body ORDER BY key")]
    return [Entry(cache, key) for key in keys]


def made_up(cache: Path, key: str, days_old: float) -> Entry:
    """An entry no page has, last used days_old ago."""
    data = seal(
        json.dumps({"key": key, "html": "<p>x</p>", "removed": [], "headings": []}).encode()
    )
    with _db(cache) as db:
        db.execute("INSERT INTO body (key, used, data) VALUES (?, 0, ?)", (key, data))
    entry = Entry(cache, key)
    entry.age(days_old)
    return entry


def snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    """Every file under folder with its bytes and mtime, to prove nothing was written."""
    return {
        p.relative_to(folder).as_posix(): (p.read_bytes(), p.stat().st_mtime_ns)
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }
