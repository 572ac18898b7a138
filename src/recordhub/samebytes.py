"""A file that the live output already holds byte for byte is linked to it, not written anew.

A build without its cache (the first after the cache was removed, or `--no-cache`) renders
every page, and most come out as they were. Writing each as a new file would give it a new
inode and modification time: an upload that compares times (rsync, aws s3 sync) sends it
again, and on a disk where making files is slow, making them is much of such a build. So a
file whose bytes the live output has at the same place becomes a hard link to that file, as a
page carried over by its fingerprint does (reuse.py); nothing is ever written through one.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

_PIECE = 1 << 20
_FLAGS = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
# no hard links on that file system, or the output on another one than the new folder: true
# of every file, where too many links to one file (EMLINK) is true of that file alone
_NEVER = frozenset({errno.EPERM, errno.EXDEV, errno.ENOTSUP, errno.EOPNOTSUPP, errno.ENOSYS})


class Linker:
    """Writes the files of a new output folder, linking those the output in place (out, if
    any) holds already."""

    def __init__(self, out: str | None) -> None:
        self.out = out
        self.refused = False  # the system would not link: no file is read to be compared

    def write(self, path: str, data: bytes, rel: str) -> None:
        """Put data at path, where nothing stands and whose folder is made: a hard link to the
        output's file rel when that holds these very bytes, else a new file."""
        if self.out is None or self.refused or not self._linked(self.out, rel, path, data):
            Path(path).write_bytes(data)

    def _linked(self, out: str, rel: str, path: str, data: bytes) -> bool:
        live = os.path.join(out, rel)
        try:
            fd = os.open(live, _FLAGS)  # a symbolic link there is not followed: written anew
        except OSError:  # none there yet (a new page), or a folder that cannot be read
            return False
        try:
            info = os.fstat(fd)
            same = stat.S_ISREG(info.st_mode) and info.st_size == len(data) and _holds(fd, data)
            if not same:
                return False
            os.link(live, path)
        except OSError as exc:  # another file system, no hard links there, or too many of them
            self.refused = exc.errno in _NEVER
            return False
        finally:
            os.close(fd)
        # the name may have been given to another file since it was read: only that one will do
        there = os.lstat(path)
        if (there.st_ino, there.st_dev) == (info.st_ino, info.st_dev):
            return True
        os.unlink(path)
        return False


def _holds(fd: int, data: bytes) -> bool:
    """Whether the open file holds data to its end (it may have grown since it was looked at),
    read a piece at a time: a large video is not held twice in memory."""
    view, at = memoryview(data), 0
    while piece := os.read(fd, _PIECE):
        if view[at : at + len(piece)] != piece:
            return False
        at += len(piece)
    return at == len(data)
