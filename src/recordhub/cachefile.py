"""The conversion cache's file: one SQLite database, read and written by builds at once.

One file rather than one per body: at 1,000 pages, making and removing a file for each body
took a third of a second of a cold build, most of it in the file system. SQLite lets several
builds, and each build's workers, use the file at once, each write a transaction of its own. A
file SQLite finds damaged, or of another layout, is made again; it only ever costs time.
"""

from __future__ import annotations

import contextlib
import os
import stat
import threading
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TypeVar

try:
    import sqlite3
except ImportError:  # a Python built from source without SQLite: builds keep no cache
    USABLE = False
else:
    USABLE = True

FILE = "markdown.sqlite"
LAYOUT = 1  # the file's user_version: a file of another layout is made again
_DAMAGED = {11, 26}  # SQLITE_CORRUPT, SQLITE_NOTADB
_BUSY = 5  # SQLITE_BUSY: another process held the file for all of _WAIT
_WAIT = 15.0  # seconds to wait while another build writes (each write takes well under one)
_JOURNAL_KEPT = 1 << 16  # bytes of journal kept between writes: a build's new entries fit
_TABLES = (
    "CREATE TABLE IF NOT EXISTS body (key TEXT PRIMARY KEY, used REAL NOT NULL, data BLOB)",
    # pruning looks for entries unused for a day or more, not at every entry's bytes
    "CREATE INDEX IF NOT EXISTS body_used ON body (used)",
)
# the body table as _TABLES makes it, as PRAGMA table_info lists it: a table of that name made
# otherwise (by hand, or by another program) would fail every query, so the file is made again
_COLUMNS = [
    (0, "key", "TEXT", 0, None, 1),
    (1, "used", "REAL", 1, None, 0),
    (2, "data", "BLOB", 0, None, 0),
]
_T = TypeVar("_T")
# connections opened before a worker was forked: SQLite must not use them in the worker, and
# closing one there could release the parent's locks, so they are only kept from being collected
_INHERITED: list[sqlite3.Connection] = []


class _Damaged(Exception):
    """The file cannot be used as it is, and is made again."""


def _damaged(problem: sqlite3.Error) -> bool:
    return (getattr(problem, "sqlite_errorcode", 0) & 0xFF) in _DAMAGED


def _fits(db: sqlite3.Connection, new: bool = False) -> bool:
    """Whether the file's body table is the one _TABLES makes (or, if new, is not there yet)."""
    found = db.execute("PRAGMA table_info(body)").fetchall()
    return found == _COLUMNS or (new and not found)


def _identity(path: Path) -> tuple[int, int] | None:
    """Which file is at path now (its device and inode), if any."""
    try:
        found = os.stat(path)
    except OSError:
        return None
    return found.st_dev, found.st_ino


def _opened(seen: tuple[int, int] | None, path: Path) -> tuple[int, int] | None:
    """The file just opened at path, where seen was there before: that one, if it was (it may
    have been replaced since, while open here), else the one made there by opening it."""
    return seen if seen is not None else _identity(path)


def _not_a_file(path: Path) -> bool:
    """Whether something other than a file is at path."""
    # SQLite opening a FIFO waits for a writer for ever, through Ctrl-C and SIGTERM (it opens
    # again when interrupted): a build or a check would hang on one in the cache folder
    try:
        return not stat.S_ISREG(path.stat().st_mode)
    except OSError:
        return False  # not there: SQLite makes it, or tells why it cannot


class Database:
    """The file in folder, opened in each process on first use (a read-only one never made)."""

    def __init__(self, folder: Path, writable: bool) -> None:
        self.path = folder / FILE
        self.writable = writable
        self._db: sqlite3.Connection | None = None
        self._pid = 0  # the process _db was opened in
        self._failed = 0  # the process in which it could not be opened: not tried again there
        self._made_again = False  # a damaged file is made again once, not over and over
        self._opened: tuple[int, int] | None = None  # the file _db has open (see _replaced)
        self._lock = threading.Lock()  # one connection, used by one thread at a time
        self._lock_pid = os.getpid()

    def _guard(self) -> threading.Lock:
        if self._lock_pid != os.getpid():  # forked: held in the parent, maybe, but not here
            self._lock, self._lock_pid = threading.Lock(), os.getpid()
        return self._lock

    def run(self, work: Callable[[sqlite3.Connection], _T]) -> _T | None:
        """work's answer, or None if the file cannot be used (a damaged one is made again)."""
        with self._guard():
            db = self._connect()
            if db is None:
                return None
            try:
                return work(db)
            except BaseException as problem:  # an interrupt, too, leaves no transaction open
                if db.in_transaction:
                    with contextlib.suppress(sqlite3.Error):
                        db.execute("ROLLBACK")
                if not isinstance(problem, sqlite3.Error):
                    raise
                if _damaged(problem):
                    self._make_again()
                elif getattr(problem, "sqlite_errorcode", 0) & 0xFF == _BUSY:
                    # held that long, it is held by a build that is stopped or stuck: waiting
                    # as long again for each of a build's hundreds of reads and writes would
                    # make minutes of it, so from now on this process tries without waiting
                    with contextlib.suppress(sqlite3.Error):
                        db.execute("PRAGMA busy_timeout = 0")
                return None

    def write(self, statement: str, rows: Iterable[tuple[object, ...]]) -> bool:
        """Run statement for every row in one transaction; True if it was committed."""
        if not self.writable:
            return False
        with self._guard():
            if self._replaced():  # written there, the rows would go with the file it replaced
                self._let_go()

        def work(db: sqlite3.Connection) -> bool:
            db.execute("BEGIN IMMEDIATE")  # the write lock first: no deadlock with a reader
            db.executemany(statement, rows)
            db.execute("COMMIT")
            return True

        return self.run(work) is True

    def close(self) -> None:
        """Close this process's connection; the next use opens it again."""
        with self._guard():
            self._let_go()
            self._failed = 0

    def _let_go(self) -> None:
        """Drop the connection, closed if this process opened it; the next use opens again."""
        if self._db is not None and self._pid == os.getpid():
            with contextlib.suppress(sqlite3.Error):
                self._db.close()
        elif self._db is not None:  # the parent's, inherited: see _INHERITED
            _INHERITED.append(self._db)
        self._db, self._pid, self._opened = None, 0, None

    def _replaced(self) -> bool:
        """Whether another process (a worker, or another build) made the file again since this
        one opened it: what this one reads or writes then is in a file no build will open."""
        return self._opened is not None and _identity(self.path) != self._opened

    def _connect(self) -> sqlite3.Connection | None:
        pid = os.getpid()
        if self._db is not None and self._pid == pid:
            return self._db
        if self._db is not None:
            self._let_go()  # the parent's, inherited through fork
        if self._failed == pid:
            return None
        seen = _identity(self.path)
        try:
            self._db, self._pid = self._open(), pid
            self._opened = _opened(seen, self.path)
        except (sqlite3.Error, _Damaged) as problem:
            damaged = isinstance(problem, _Damaged) or _damaged(problem)
            self._opened = seen  # the damaged file, which another process may replace first
            if not (damaged and self._make_again()):
                self._failed = pid
        except OSError:
            self._failed = pid  # no cache folder, and none can be made: only slower
        return self._db

    def _open(self) -> sqlite3.Connection:
        # SQLite follows a link: it would write the cache into a file elsewhere, another
        # program's database say, and one to nothing could never be opened again
        journal = self.path.with_name(f"{FILE}-journal")
        if self.path.is_symlink() or journal.is_symlink():
            raise _Damaged("a link") if self.writable else sqlite3.OperationalError("a link")
        for path in (self.path, journal):
            if _not_a_file(path):
                raise OSError(f"{path} is not a file")
        if not self.writable:  # cannot make the file, or change it
            uri = f"{self.path.absolute().as_uri()}?mode=ro"
            db = sqlite3.connect(uri, uri=True, timeout=_WAIT, check_same_thread=False)
            db.isolation_level = None
            try:
                if db.execute("PRAGMA user_version").fetchone()[0] != LAYOUT or not _fits(db):
                    raise sqlite3.OperationalError("not a cache file of this layout")
            except sqlite3.Error:
                db.close()
                raise
            return db
        self.path.parent.mkdir(parents=True, exist_ok=True)
        db = sqlite3.connect(
            self.path, timeout=_WAIT, isolation_level=None, check_same_thread=False
        )
        try:
            # a cache needs no flush to the disk: after a power cut, a damaged entry is found by
            # its digest and a damaged file by SQLite, and either is made again
            db.execute("PRAGMA synchronous = OFF")
            db.execute("PRAGMA journal_mode = PERSIST")  # not a new journal file each write
            # a persisted journal keeps the size of the largest write: pruning's, of every page
            # it frees and moves, would keep the space it gave back on the disk after all
            db.execute(f"PRAGMA journal_size_limit = {_JOURNAL_KEPT}")
            layout = db.execute("PRAGMA user_version").fetchone()[0]
            if layout not in (0, LAYOUT):
                raise _Damaged(f"layout {layout}")
            if layout == 0:  # a new file; builds making it at once make one table
                db.execute("PRAGMA auto_vacuum = INCREMENTAL")  # so that pruning shrinks it
                db.execute("BEGIN IMMEDIATE")
                if not _fits(db, new=True):  # CREATE TABLE IF NOT EXISTS would keep it
                    raise _Damaged("a body table of other columns")
                for table in _TABLES:
                    db.execute(table)
                db.execute(f"PRAGMA user_version = {LAYOUT}")
                db.execute("COMMIT")
            if not _fits(db):
                raise _Damaged("a body table of other columns")
        except (sqlite3.Error, _Damaged):
            db.close()
            raise
        return db

    def _make_again(self) -> bool:
        """Put a new, empty file in place of a damaged one, or open the one another process
        put there first; True if a file is open."""
        if not self.writable:
            return False
        # made again by each of two workers, each would lose what the other wrote to its own
        replaced = self._replaced()
        self._let_go()
        if not replaced:
            if self._made_again:
                return False
            self._made_again = True
            for path in (self.path, self.path.with_name(f"{FILE}-journal")):
                with contextlib.suppress(OSError):
                    path.unlink()  # a build still using it keeps its own copy until it ends
        seen = _identity(self.path)
        try:
            self._db, self._pid = self._open(), os.getpid()
        except (sqlite3.Error, _Damaged, OSError):
            return False
        self._opened = _opened(seen, self.path)
        return True
