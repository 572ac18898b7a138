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
import marshal
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, BinaryIO

from msgspec import Struct, field

from recordhub import __version__
from recordhub.htmlscan import Kept
from recordhub.sealed import Sealer, drop_unused, put, seal, unseal

FORMAT = 14  # bump when what is recorded changes
Stat = tuple[int, int, int]  # size, modification time (ns), inode
# a page's record: fingerprint, size, SHA-256 and stat of its file, what the checks need, and
# the other pages it read more of than its fingerprint holds, each with pagereads.shown of it
Entry = tuple[
    str, int, str, tuple[int, ...], str, str, tuple[Any, ...], tuple[Any, ...], int, list[Any], Any
]
# (address, pagereads.shown), or (pagereads.ALL, a digest of all)
Read = tuple[tuple[str, str], ...]
_FRAME = 256  # pages a frame: the record is read a frame at a time
_SIZE = 4  # bytes of a frame's length


def stat_of(path: str) -> Stat | None:
    """What tells a file changed without reading it."""
    try:
        info = os.stat(path)
    except OSError:
        return None
    return (info.st_size, info.st_mtime_ns, info.st_ino)


def _head() -> bytes:
    # marshal's own format may change with Python: a record of another is read as no record
    return f"recordhub pages record {FORMAT} {__version__} marshal {marshal.version}\n".encode()


def _text(value: object) -> str:
    if not isinstance(value, str):
        raise TypeError("not a joined list")  # a damaged record: the page is rendered again
    return value


class Carried(Struct, frozen=True):
    """One page as the previous build wrote it: still there, with these bytes."""

    path: str
    size: int
    digest: str
    scan: Kept
    fallbacks: list[tuple[str, str]]
    stat: Stat  # a hard link to it has the same
    read: Read = ()


class Previous(Struct):
    """What the previous build into one output folder recorded, and what this one records."""

    out: Path | None
    path: Path | None
    entries: dict[str, Any] = field(default_factory=dict)  # as read, checked on use
    recorded: dict[str, Entry] = field(default_factory=dict)
    taken: int = 0

    @classmethod
    def load(cls, cache: Path | None, out: Path | None) -> Previous:
        """The record for this output folder, or an empty one (no cache, none yet, unreadable)."""
        if cache is None or out is None:
            return cls(None, None)
        where = str(out.resolve()).encode("utf-8", "surrogateescape")  # any name the disk takes
        name = hashlib.blake2b(where, digest_size=8).hexdigest()
        path = cache / f"pages-{name}.marshal"
        try:
            with open(path, "rb") as stream:
                entries = _read(stream)
        except OSError:
            entries = None
        # a damaged or cut record, or another version's, is never trusted, only replaced
        return cls(out, path, entries or {})

    def take(self, rel: str, key: bytes, shown: Callable[[str], str]) -> Carried | None:
        """The previous file of rel when its fingerprint is unchanged, the other pages it read
        still give what they gave (shown(address) says what each gives now), and the file is
        intact."""
        entry = self.entries.pop(rel, None)  # taken once; what is kept is noted anew
        if self.out is None or not isinstance(entry, tuple) or entry[:1] != (key.hex(),):
            return None
        path = os.path.join(self.out, rel)
        stat = stat_of(path)
        if stat is None:
            return None  # removed since
        try:
            _, size, digest, recorded, ids, links, loads, inline, h1s, fallbacks, read = entry
            size, digest = int(size), str(digest)
            read = tuple((str(address), str(then)) for address, then in read)
            if any(shown(address) != then for address, then in read):
                return None  # a page it shows the text of has changed
            # touched since, or a record that disagrees with itself: compare the bytes
            if stat != tuple(recorded) or stat[0] != size:
                with open(path, "rb") as stream:
                    data = stream.read()
                if len(data) != size or hashlib.sha256(data).hexdigest() != digest:
                    return None  # changed by hand since: render it again
            # kept joined, as recorded: a carried page costs no list or set of its links
            scan = Kept(
                _text(ids),
                _text(links),
                tuple((str(what), str(url)) for what, url in loads),
                tuple((str(kind), str(code)) for kind, code in inline),
                int(h1s),
            )
            strings = [(str(lang), str(name)) for lang, name in fallbacks]
        except (OSError, TypeError, ValueError):
            return None
        self.taken += 1
        return Carried(path, size, digest, scan, strings, stat, read)

    def note(
        self,
        rel: str,
        key: bytes,
        written: tuple[int, str],
        scan: Kept,
        fallbacks: list[tuple[str, str]],
        stat: Stat | None,
        read: Read = (),
    ) -> None:
        """Record one page this build wrote."""
        self.recorded[rel] = (
            key.hex(),
            written[0],
            written[1],
            tuple(stat or ()),
            scan.ids,
            scan.links,
            scan.loads,
            scan.inline,
            scan.h1s,
            sorted(fallbacks),
            read,
        )

    def save(self) -> None:
        """Replace the record, in one step, once the new output is in place."""
        if self.path is None:
            return
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError:
            return  # the next build renders everything; the output itself is complete
        if put(self.path, _frames(self.recorded), ".pages-"):
            drop_unused(self.path.parent, "pages-")  # those of output folders long unused


# The record is marshal's (three times as fast to read and write as JSON was, and it makes
# nothing but plain values): a head line, then frames of pages, each its length and its
# sealed bytes, and last an empty frame with the digest of everything before it. It is read a
# frame at a time, each checked before it is loaded: the whole file, and all of it parsed at
# once, would raise the build's peak (11 MB at 10,000 pages).


def _frames(recorded: dict[str, Entry]) -> Iterator[bytes]:
    whole = Sealer()
    head = _head()
    whole.update(head)
    yield head
    pages = list(recorded.items())
    for start in range(0, len(pages), _FRAME):
        piece = seal(marshal.dumps(dict(pages[start : start + _FRAME])))
        framed = len(piece).to_bytes(_SIZE, "little") + piece
        whole.update(framed)
        yield framed
    yield bytes(_SIZE) + whole.line()


def _read(stream: BinaryIO) -> dict[str, Any] | None:
    """The pages of a whole record of this format and version; None for any other."""
    whole = Sealer()
    head = stream.readline()
    if head != _head():
        return None
    whole.update(head)
    entries: dict[str, Any] = {}
    while True:
        length = stream.read(_SIZE)
        if len(length) != _SIZE:
            return None  # cut short
        size = int.from_bytes(length, "little")
        if size == 0:
            return entries if stream.read() == whole.line() else None
        piece = stream.read(size)
        payload = unseal(piece) if len(piece) == size else None
        if payload is None:
            return None
        whole.update(length + piece)
        try:
            pages = marshal.loads(payload)
        except (EOFError, ValueError, TypeError):
            return None
        if not isinstance(pages, dict):
            return None
        entries.update(pages)
