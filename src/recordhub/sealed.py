"""Cache files that carry a digest of their own bytes, so a damaged one is never used.

Writing to a temporary name and renaming already rules out a file cut short by a crash. What
that cannot rule out is damage afterwards: a disk error, a copy or restore cut short, an edit
by hand. A byte changed in a compiled template or a converted body would be published as it
is, and one changed in a pickle can make any object at all, so each such file starts with a
digest of the rest, checked before anything in it is read.

The cache folder tells git and backup tools to leave it out, and records kept per output
folder are dropped here once no build has written them for a while: a build into a new folder
each time (a temporary one in CI, say) would otherwise leave one more behind every time,
megabytes each at 10,000 pages.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import tempfile
import time
from collections.abc import Iterable
from pathlib import Path

_SIZE = 16  # bytes of digest: damage, not an attacker, is what this guards against
_HEAD = 2 * _SIZE + 1  # the digest in hexadecimal, and a line break
_MARKS = {
    ".gitignore": "# made by recordhub: this folder holds only what a build makes again\n*\n",
    "CACHEDIR.TAG": (
        "Signature: 8a477f597d28d172789f06886806bc55\n"
        "# a cache directory tag made by recordhub: backups may leave this folder out\n"
        "# see https://bford.info/cachedir/\n"
    ),
}


def _digest(payload: bytes | memoryview) -> bytes:
    return hashlib.blake2b(payload, digest_size=_SIZE).hexdigest().encode("ascii")


def seal(payload: bytes) -> bytes:
    """The file's bytes: a line with the digest of payload, then payload."""
    return _digest(payload) + b"\n" + payload


def unseal(data: bytes) -> memoryview | None:
    """What seal was given, or None when data is not one whole sealed file."""
    payload = memoryview(data)[_HEAD:]
    whole = len(data) >= _HEAD and data[_HEAD - 1 : _HEAD] == b"\n"
    return payload if whole and data[: _HEAD - 1] == _digest(payload) else None


class Sealer:
    """A digest taken piece by piece, for a file that is read a line at a time."""

    def __init__(self) -> None:
        self._hash = hashlib.blake2b(digest_size=_SIZE)

    def update(self, piece: bytes) -> None:
        """Add the next piece of the file."""
        self._hash.update(piece)

    def line(self) -> bytes:
        """The digest of every piece so far, as the file's last line."""
        return self._hash.hexdigest().encode("ascii") + b"\n"


def write(path: Path, payload: bytes, prefix: str = ".") -> bool:
    """Write payload, sealed, through a temporary file of its own moved into place (a reader,
    or another build writing the same file, sees one whole file or the other); False if it
    could not be written, which costs only time."""
    return put(path, [seal(payload)], prefix)


def mark(cache: Path) -> None:
    """Tell git, and backup tools that read cache directory tags, to leave the cache out
    (wherever the hub is kept, whatever its own .gitignore says)."""
    for name, text in _MARKS.items():
        path = cache / name
        if not path.is_file():
            with contextlib.suppress(OSError):  # a read-only disk, say: a notice tells of it
                cache.mkdir(exist_ok=True)
                put(path, [text.encode()], f".{name}-")


def put(path: Path, pieces: Iterable[bytes], prefix: str) -> bool:
    """Write pieces through a temporary file named prefix... moved into place; False if it
    could not be written (nothing of it is left)."""
    tmp = ""
    try:
        handle, tmp = tempfile.mkstemp(dir=path.parent, prefix=prefix, suffix=".tmp")
        with os.fdopen(handle, "wb") as stream:
            for piece in pieces:
                stream.write(piece)
        os.replace(tmp, path)
    except OSError:
        if tmp:
            Path(tmp).unlink(missing_ok=True)  # a full disk, say: nothing half-written is left
        return False
    return True


def drop_unused(folder: Path, prefix: str, keep_days: int = 30) -> None:
    """Remove folder's files named prefix... that no build has written for keep_days, and
    the .prefix... temporary files of builds stopped while writing one, after a day."""
    now = time.time()
    try:
        found = list(os.scandir(folder))
    except OSError:
        return
    for entry in found:
        if entry.name.startswith(prefix):
            limit = keep_days * 86400
        elif entry.name.startswith("." + prefix):
            limit = 86400  # no build takes a day to write one
        else:
            continue
        try:
            if not entry.is_file(follow_symlinks=False):
                continue
            written = entry.stat().st_mtime
            if written > now + 86400:  # written while the clock ran ahead: it ages from now on
                os.utime(entry.path)
            elif now - written > limit:
                os.unlink(entry.path)
        except OSError:
            continue  # removed by another build meanwhile, say
