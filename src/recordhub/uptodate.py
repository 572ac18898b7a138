"""A build with nothing to do: every file of the hub, and the output, as the last build left them.

Like make, a build first compares what it is about to read with what the last successful build
into the same folder read: every file's name, size, times and inode, the command's options,
recordhub itself and the installed packages. When nothing differs, and no date that decides
what is published (an embargo, an expiry, a review or renewal date) has passed since, that build's
output and report still hold, so they are given again without reading a page. Anything else
takes the full build. This module imports nothing of the pipeline: it runs before it loads.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
import sys
from dataclasses import asdict, dataclass
from pathlib import Path

from recordhub import sealed
from recordhub.diagnostics import ConfigError, error
from recordhub.sealed import unseal

CACHE_DIR = ".recordhub-cache"  # convert.CACHE_DIR, not imported: this module runs first
FORMAT = 2
# folders that are not the hub's sources and change on their own
_SKIPPED = frozenset(
    {
        ".git",
        CACHE_DIR,
        "node_modules",
        ".venv",
        "__pycache__",
        ".hypothesis",
        ".pytest_cache",
        ".mypy_cache",
        ".ruff_cache",
    }
)


@dataclass(frozen=True)
class Record:
    """What a successful build read, and what it reported."""

    sources: str
    output: str
    cache: str  # a damaged or removed cache entry makes a full build, which repairs it
    boundary: str | None  # ISO time when a date decides differently; None: never
    built: str  # ISO time of the build's clock: one set back since may hide what it showed
    report: str  # the diagnostics, as printed
    pages: int
    files: int
    tally: str
    converted: int  # the Markdown bodies, every one of them now in the cache


def clock() -> dt.datetime:
    """Now, or SOURCE_DATE_EPOCH when set, so a build can be reproduced exactly; a value that
    is no time is a ConfigError, as a build at another time than the one asked for would be
    silently other (the reproducible-builds specification asks for an error)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not epoch:
        return dt.datetime.now(dt.UTC)
    # as `date +%s` prints it: int() would also take 1_772_323_200, +1772323200 and other
    # scripts' digits, which the README says are refused
    if not re.fullmatch(r"-?[0-9]+", epoch):
        problem = f"'{epoch}' is not a whole number of seconds since 1970-01-01"
    else:
        try:  # a year of room at the end: dates a year ahead are worked out (security.txt)
            now = dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC)
            if now.year < 9999:
                return now
        except (ValueError, OverflowError, OSError):
            pass
        problem = f"{epoch} seconds from 1970-01-01 is outside the years 1 to 9998"
    hint = "give the time as `date +%s` prints it (2026-03-01 is 1772323200), or unset it"
    raise ConfigError([error("SOURCE_DATE_EPOCH", None, None, problem, hint)])


def _tree(root: Path, skip: set[Path], ctime: bool = True, follow: tuple[str, ...] = ()) -> str:
    """Digest of the names, sizes, times and inodes of every file under root; a symlink that
    leads out of root is followed to a file, and to a folder only under one of follow."""
    hasher = hashlib.blake2b(digest_size=16)

    def add(text: str) -> None:
        # a name that is not UTF-8 is digested as its bytes: the build tells of it, not this
        hasher.update(text.encode("utf-8", "surrogateescape"))

    top = os.path.realpath(root)
    skipped = {str(path) for path in skip}  # compared as written: entry.path joins root's text
    followed = tuple(os.path.join(root, name) for name in follow)
    try:
        info = os.stat(root)
    except OSError:
        return ""
    # folders are known by device and inode: a symlink back into the hub is walked once, and
    # no path needs resolving on the way
    seen = {(info.st_dev, info.st_ino)}
    stack = [str(root)]
    while stack:
        folder = stack.pop()
        try:
            with os.scandir(folder) as found:
                entries = sorted(found, key=lambda e: e.name)
        except OSError:
            add(f"? {folder}\0")
            continue
        for entry in entries:
            if entry.name in _SKIPPED or entry.path in skipped or entry.name.endswith(".tmp"):
                continue
            try:
                if entry.is_symlink():
                    add(f"l {entry.path} {os.readlink(entry.path)}\0")
                    target = os.path.realpath(entry.path)
                    outside = os.path.commonpath([top, target]) != top
                    if outside and entry.is_dir() and not _under(entry.path, followed):
                        continue  # a folder the build does not read either
                stat = entry.stat()
                if entry.is_dir():
                    add(f"d {entry.path}\0")
                    if (stat.st_dev, stat.st_ino) not in seen:
                        seen.add((stat.st_dev, stat.st_ino))
                        stack.append(entry.path)
                    continue
            except OSError:
                add(f"? {entry.path}\0")  # a dangling link, say
                continue
            changed = stat.st_ctime_ns if ctime else 0
            line = f"f {entry.path} {stat.st_size} {stat.st_mtime_ns} {changed}"
            add(f"{line} {stat.st_ino}\0")
    return hasher.hexdigest()


def _under(path: str, folders: tuple[str, ...]) -> bool:
    return any(path == folder or path.startswith(folder + os.sep) for folder in folders)


def _output_tree(out: Path) -> str:
    """The output's digest, without change times: an unchanged page is a hard link to the last
    build's file, and removing that old tree (in the background) changes the link's ctime."""
    return _tree(out, set(), ctime=False)


def _file(path: Path) -> str:
    try:
        stat = path.stat()
    except OSError:  # gone since it was listed (another build's), or a link leading nowhere
        return f"? {path}\0"
    return f"{path} {stat.st_size} {stat.st_mtime_ns}\0"


_RECORDS = ("last-build-", ".last-build-")
_CONVERTED = "markdown"  # converted.Store's file, and its journal and pruning stamp
_SPARE = "spare"  # recycle.SPARE: the last replaced output, written over by the next build


def _record_path(root: Path, out: Path) -> Path:
    name = hashlib.blake2b(str(out).encode(errors="surrogateescape"), digest_size=8).hexdigest()
    return root / CACHE_DIR / f"{_RECORDS[0]}{name}.json"


def _sources(root: Path, out: Path, request: list[object]) -> str:
    """Digest of the hub's files, the request, recordhub and the installed packages."""
    beside = {p for p in out.parent.glob(f".{out.name}.*")} if out.parent.is_dir() else set()
    package = Path(__file__).resolve().parent
    installed = [Path(p) for p in sys.path if p.endswith("site-packages") and Path(p).is_dir()]
    parts = [
        request,
        sys.version,
        os.environ.get("SOURCE_DATE_EPOCH"),
        # the build reads these folders through links, to a brand folder shared by hubs, say
        _tree(root, {out, *beside}, follow=("static", "templates", "strings")),
        _tree(package, set()),
        [os.stat(p).st_mtime_ns for p in installed],  # changes when packages come or go
    ]
    return hashlib.blake2b(json.dumps(parts, default=str).encode(), digest_size=16).hexdigest()


class Check:
    """The comparison for one build: made before it runs, recorded after it succeeded."""

    def __init__(self, root: Path, out: Path, request: list[object]) -> None:
        self.root = root
        self.out = out
        self.path = _record_path(root, out)
        self.cache = root / CACHE_DIR
        self.sources = _sources(root, out, request)  # before reading: an edit during the build
        # then counts as a change next time

    def unchanged(self, now: dt.datetime) -> Record | None:
        """The last build's record when nothing it depends on has changed."""
        try:
            payload = unseal(self.path.read_bytes())
            if payload is None:
                return None  # damaged: its report would be printed as this build's
            data = json.loads(bytes(payload))
            if data.pop("format") != FORMAT:
                return None
            record = Record(**data)
        except (OSError, ValueError, TypeError, KeyError, AttributeError):
            return None
        if record.sources != self.sources or not self.out.is_dir():
            return None
        if record.boundary is not None and now >= dt.datetime.fromisoformat(record.boundary):
            return None
        if now < dt.datetime.fromisoformat(record.built):
            return None  # the clock was set back: an embargo that had ended may hold again
        if _output_tree(self.out) != record.output:
            return None  # the output was changed by hand or by another tool
        if self._cache_tree() != record.cache:
            return None
        return record

    def _cache_tree(self) -> str:
        """The cache as a build leaves it (this module's own records aside)."""
        if not self.cache.is_dir():
            return ""
        # _tree skips folders named like the cache itself; walk its contents instead. The
        # converted bodies are left out: this path reads none of them, and a build that needs
        # one checks it then (walking thousands of them took longer than the rest together);
        # so are another build's temporary files, which come and go (as in _tree)
        found = sorted(
            p
            for p in self.cache.iterdir()
            if not p.name.startswith(_RECORDS)
            and not p.name.startswith(_CONVERTED)
            and p.name != _SPARE
            and not p.name.endswith(".tmp")
        )
        return "".join(_tree(p, set()) if p.is_dir() else _file(p) for p in found)

    def save(
        self,
        boundary: dt.datetime | None,
        report: str,
        counts: tuple[int, int, int],
        tally: str,
        placed: int | None = None,
        now: dt.datetime | None = None,
    ) -> None:
        """Record a successful build (pages, files, bodies converted) whose output folder has
        inode placed, made at the moment now; a failure to record only costs the next build
        time."""
        pages, files, converted = counts
        try:
            cache = self._cache_tree()
            output = _output_tree(self.out)
            # another build may have put its output in place since this one did: this build's
            # sources and that output must not be recorded together
            if placed is not None and os.stat(self.out).st_ino != placed:
                return
        except OSError:
            return
        record = Record(
            self.sources,
            output,
            cache,
            boundary.isoformat() if boundary else None,
            (now or clock()).isoformat(),
            report,
            pages,
            files,
            tally,
            converted,
        )
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError:
            return  # the next build is a full one, nothing more
        payload = json.dumps({"format": FORMAT, **asdict(record)}).encode()
        if sealed.write(self.path, payload, _RECORDS[1]):
            sealed.drop_unused(self.path.parent, _RECORDS[0])  # of output folders long unused
