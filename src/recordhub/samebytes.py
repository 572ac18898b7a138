"""A file that the live output already holds byte for byte is linked to it, not written anew.

A build without its cache (the first after the cache was removed, or `--no-cache`) renders
every page, and most come out as they were. Writing each as a new file would give it a new
inode and modification time: an upload that compares times (rsync, aws s3 sync) sends it
again, and on a disk where making files is slow, making them is much of such a build. So a
file whose bytes the live output has at the same place becomes a hard link to that file, as a
page carried over by its fingerprint does (reuse.py); nothing is ever written through one.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

_PIECE = 1 << 20
_FLAGS = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)


def write(path: str, data: bytes, live: str | None) -> None:
    """Put data at path, where nothing stands and whose folder is made: a hard link to live
    when that file holds these very bytes, else a new file."""
    if live is None or not _linked(live, path, data):
        Path(path).write_bytes(data)


def _linked(live: str, path: str, data: bytes) -> bool:
    try:
        fd = os.open(live, _FLAGS)  # a symbolic link there is not followed: written anew
    except OSError:  # none there yet (a new page), or a folder that cannot be read
        return False
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode) or info.st_size != len(data) or not _holds(fd, data):
            return False
        os.link(live, path)
    except OSError:  # another file system, no hard links there, or too many of them
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
