"""Pages carried over from the previous build when nothing they show has changed.

A page's fingerprint (fingerprints.Keys) covers its own front matter and HTML, what it shows
of other pages, the settings, the templates, the asset names and the recordhub version. When it
equals the one recorded for the file the previous build wrote, and that file still holds the
bytes recorded, the file is taken (hard-linked into the new output) instead of rendering the page
again, together with what the checks found in it and the theme strings it showed in the
default language. A file whose size, modification time and inode are still those recorded is
trusted, as make and rsync trust them; any other is read and compared with the digest.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from recordhub import __version__
from recordhub.htmlscan import Kept
from recordhub.sealed import Sealer, drop_unused, put

FORMAT = 6  # bump when what is recorded changes
Stat = tuple[int, int, int]  # size, modification time (ns), inode
_FIELDS = (
    "key",
    "size",
    "sha256",
    "stat",
    "ids",
    "links",
    "loads",
    "inline",
    "fallbacks",
)  # of a page


def stat_of(path: str) -> Stat | None:
    """What tells a file changed without reading it."""
    try:
        info = os.stat(path)
    except OSError:
        return None
    return (info.st_size, info.st_mtime_ns, info.st_ino)


def _head() -> str:
    return json.dumps({"format": FORMAT, "version": __version__})[:-1] + ', "pages": {'


def _end(sealer: Sealer) -> bytes:
    # the last line: the digest of every line before it (a changed link or size in a record
    # that is whole would be believed), and the end of the JSON document
    return b'}, "digest": "' + sealer.line().rstrip() + b'"}\n'


def _text(value: object) -> str:
    if not isinstance(value, str):
        raise TypeError("not a joined list")  # a damaged record: the page is rendered again
    return value


@dataclass(frozen=True)
class Carried:
    """One page as the previous build wrote it: still there, with these bytes."""

    path: str
    size: int
    digest: str
    scan: Kept
    fallbacks: list[tuple[str, str]]
    stat: Stat  # a hard link to it has the same


@dataclass
class Previous:
    """What the previous build into one output folder recorded, and what this one records."""

    out: Path | None
    path: Path | None
    entries: dict[str, Any] = field(default_factory=dict)  # parsed JSON, checked on use
    recorded: dict[str, tuple[object, ...]] = field(default_factory=dict)  # _FIELDS each
    taken: int = 0

    @classmethod
    def load(cls, cache: Path | None, out: Path | None) -> Previous:
        """The record for this output folder, or an empty one (no cache, none yet, unreadable)."""
        if cache is None or out is None:
            return cls(None, None)
        name = hashlib.blake2b(str(out.resolve()).encode(), digest_size=8).hexdigest()
        path = cache / f"pages-{name}.json"
        entries: dict[str, Any] = {}
        sealer = Sealer()
        try:
            # a page a line, read a line at a time: the whole file as one string, and its
            # parse, would be the build's peak (30 MB at 10,000 pages)
            with open(path, "rb") as stream:
                head = stream.readline()
                if head != _head().encode() + b"\n":
                    return cls(out, path)  # another format or version of recordhub
                sealer.update(head)
                for line in stream:
                    if line.startswith(b"}"):
                        if line == _end(sealer):
                            return cls(out, path, entries)
                        break
                    sealer.update(line)
                    entries.update(json.loads(b"{" + line.rstrip().removesuffix(b",") + b"}"))
        except (OSError, ValueError):
            pass
        return cls(out, path)  # a damaged or cut record is never trusted, only replaced

    def take(self, rel: str, key: bytes) -> Carried | None:
        """The previous file of rel when its fingerprint is unchanged and the file intact."""
        entry = self.entries.pop(rel, None)  # taken once; what is kept is noted anew
        if self.out is None or not isinstance(entry, dict) or entry.get("key") != key.hex():
            return None
        path = os.path.join(self.out, rel)
        stat = stat_of(path)
        if stat is None:
            return None  # removed since
        try:
            size, digest = int(entry["size"]), str(entry["sha256"])
            # touched since, or a record that disagrees with itself: compare the bytes
            if list(stat) != entry["stat"] or stat[0] != size:
                with open(path, "rb") as stream:
                    data = stream.read()
                if len(data) != size or hashlib.sha256(data).hexdigest() != digest:
                    return None  # changed by hand since: render it again
            loads = tuple((str(what), str(url)) for what, url in entry["loads"])
            # kept joined, as recorded: a carried page costs no list or set of its links
            found = tuple((str(kind), str(shown)) for kind, shown in entry["inline"])
            scan = Kept(_text(entry["ids"]), _text(entry["links"]), loads, found)
            fallbacks = [(str(lang), str(name)) for lang, name in entry["fallbacks"]]
        except (OSError, KeyError, TypeError, ValueError):
            return None
        self.taken += 1
        return Carried(path, size, digest, scan, fallbacks, stat)

    def note(
        self,
        rel: str,
        key: bytes,
        written: tuple[int, str],
        scan: Kept,
        fallbacks: list[tuple[str, str]],
        stat: Stat | None,
    ) -> None:
        """Record one page this build wrote."""
        # a tuple until it is saved: a dict per page held 3 MB more at 10,000 pages
        self.recorded[rel] = (
            key.hex(),
            written[0],
            written[1],
            tuple(stat or ()),
            scan.ids,
            scan.links,
            scan.loads,
            scan.inline,
            sorted(fallbacks),
        )

    def save(self) -> None:
        """Replace the record, in one step, once the new output is in place."""
        if self.path is None:
            return
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError:
            return  # the next build renders everything; the output itself is complete
        if put(self.path, self._lines(), ".pages-"):
            drop_unused(self.path.parent, "pages-")  # those of output folders long unused

    def _lines(self) -> Iterator[bytes]:
        # a page a line (JSON escapes every line break inside a value), and the whole still
        # one JSON document, whose last line is the digest of every line before it
        sealer = Sealer()
        head = _head().encode() + b"\n"
        sealer.update(head)
        yield head
        last = len(self.recorded) - 1
        for n, (rel, entry) in enumerate(self.recorded.items()):
            fields = json.dumps(dict(zip(_FIELDS, entry, strict=True)))
            line = f"{json.dumps(rel)}: {fields}{',' if n < last else ''}\n".encode()
            sealer.update(line)
            yield line
        yield _end(sealer)
