"""The output a build replaced, kept in the cache to be written over by the next build.

Making a folder for every page was most of a build in which few pages changed (each mkdir
costs more than taking the page's file over), and removing the replaced tree cost as much
again. So the replaced tree is parked in the cache instead, and the next build starts from
it: its folders are already there. Nothing in it is trusted: every file the build writes
replaces whatever stood at that path (its files may be hard links to the live output's, which
must never be written through), a file or symbolic link where a folder belongs is removed, never
followed, and whatever the build did not write is removed before the folder is indexed or
swapped in.
"""

from __future__ import annotations

import contextlib
import os
import posixpath
import re
import secrets
import shutil
import stat
import subprocess
import sys
import time
from collections.abc import Iterable
from pathlib import Path

try:
    import fcntl
except ImportError:  # Windows: no locks, so no folder is ever taken for another build's leftover
    fcntl = None  # type: ignore[assignment]

SPARE = "spare"  # its name in the cache folder; recordhub.uptodate leaves it out


def spare_of(cache: Path | None, out: Path | None) -> Path | None:
    """Where a replaced output is parked: in the cache, so nowhere without one."""
    # one place whatever the output folder (nothing in it is trusted), so builds into many
    # folders leave one tree behind, not one each
    if cache is None or out is None:
        return None
    return cache / SPARE


def take(spare: Path | None, out: Path) -> Path | None:
    """Move the parked tree beside out under a fresh temporary name; None if there is none."""
    # none also when another build took it first, or it lies on another file system
    if spare is None or not spare.is_dir() or spare.is_symlink():
        return None
    folder = out.parent / f".{out.name}.tmp-{secrets.token_hex(6)}"
    try:
        os.rename(spare, folder)
    except OSError:
        return None
    return folder


def park(old: Path, spare: Path | None) -> bool:
    """Keep a replaced output for the next build; False when it must be removed instead."""
    if spare is None:
        return False
    try:
        spare.parent.mkdir(parents=True, exist_ok=True)
        os.rename(old, spare)  # fails if a parked tree is already there: one is enough
    except OSError:
        return False
    return True


def make_way(root: str, path: str, real: set[str] | None = None) -> None:
    """Make a new file's folder under root, and clear what a reused tree has in its place.

    real holds the folders already made real by this build, which are not looked at again.
    """
    real_folder(root, os.path.dirname(path), set() if real is None else real)
    try:
        os.unlink(path)
    except FileNotFoundError:
        pass
    except (IsADirectoryError, PermissionError):  # a folder where the file belongs
        if not os.path.isdir(path) or os.path.islink(path):
            raise
        shutil.rmtree(path)


def same_file(source: str, path: str) -> bool:
    """True when path is a hard link to source's file already (not a symbolic link to it)."""
    try:
        known, there = os.stat(source), os.lstat(path)
    except OSError:  # not there, or a file where one of its folders belongs
        return False
    return stat.S_ISREG(there.st_mode) and (there.st_ino, there.st_dev) == (
        known.st_ino,
        known.st_dev,
    )


def real_folder(root: str, folder: str, real: set[str]) -> None:
    """Make folder, below root, a folder of the tree itself: a file or a symbolic link that
    stands where it or one of its parents belongs is removed, never followed."""
    if folder in real or len(folder) <= len(root):
        return
    real_folder(root, os.path.dirname(folder), real)
    try:
        mode: int | None = os.lstat(folder).st_mode
    except FileNotFoundError:
        mode = None
    if mode is None or not stat.S_ISDIR(mode):
        if mode is not None:
            with contextlib.suppress(FileNotFoundError, IsADirectoryError):
                os.unlink(folder)  # (another worker may have replaced it by a folder first)
        with contextlib.suppress(FileExistsError):
            os.mkdir(folder)
        if not stat.S_ISDIR(os.lstat(folder).st_mode):
            raise NotADirectoryError(f"cannot make a folder at {folder}")
    real.add(folder)


def sweep(root: Path, written: Iterable[str]) -> None:
    """Remove every file under root but the written ones, then the folders left empty."""
    keep = {"/".join(p for p in rel.split("/") if p not in ("", ".")) for rel in written}
    holding = {""}  # the folders of written files, which are not empty: rmdir is not tried
    for rel in keep:
        folder = posixpath.dirname(rel)
        while folder not in holding:
            holding.add(folder)
            folder = posixpath.dirname(folder)
    top = str(root)
    for folder, folders, names in os.walk(top, topdown=False):
        inside = folder[len(top) + 1 :]
        for name in names:
            if (f"{inside}/{name}" if inside else name) not in keep:
                os.unlink(os.path.join(folder, name))
        for name in folders:
            path = os.path.join(folder, name)
            if os.path.islink(path):  # walk does not follow it, and nothing of ours is a link
                os.unlink(path)
        if inside not in holding:
            with contextlib.suppress(OSError):  # one that could not be emptied stays
                os.rmdir(folder)


BACKGROUND_FROM = 400  # files: deleting a big old tree can take seconds on a slow disk


def larger_than(folder: Path, count: int) -> bool:
    """True when folder holds more than count entries, found without listing every one."""
    stack, seen = [str(folder)], 0
    while stack:
        try:
            with os.scandir(stack.pop()) as entries:
                for entry in entries:
                    seen += 1
                    if seen > count:
                        return True
                    if entry.is_dir(follow_symlinks=False):
                        stack.append(entry.path)
        except OSError:  # gone or unreadable: deleting it will not take long either
            continue
    return False


def discard(folder: Path, background: bool) -> None:
    """Delete a replaced output; a big one in a detached process, so the build returns now."""
    if background:
        try:
            code = "import shutil, sys; shutil.rmtree(sys.argv[1], True)"
            subprocess.Popen(
                [sys.executable, "-c", code, str(folder)],
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                start_new_session=True,
            )
            return
        except OSError:
            pass
    shutil.rmtree(folder, ignore_errors=True)


# Another build may be using a temporary folder beside the same output: it holds a lock on it
# (hold) from the moment it is made or taken, and the age covers that moment and the one after a
# swap, when the replaced output waits under a temporary name to be parked.
LEFTOVER_AGE = 60.0  # seconds since the folder was made or renamed (its ctime)


def hold(folder: Path) -> int | None:
    """Lock a temporary folder while this build uses it; the descriptor to close, or None."""
    if fcntl is None:
        return None
    try:
        fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    except OSError:
        return None
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:  # another build's
        os.close(fd)
        return None
    return fd


def release(fd: int | None) -> None:
    """Let go of a folder hold locked."""
    if fd is not None:
        os.close(fd)


def sweep_leftovers(out: Path) -> None:
    """Remove the temporary folders that builds into out left beside it when they were killed:
    only ours by name, only folders, only while out is in place (else one may hold the only
    copy of the site), and never one another build holds or may have only just made."""
    if fcntl is None or not out.is_dir() or out.is_symlink():
        return
    # tempfile.mkdtemp's 8 characters, or take's 12 hex digits
    ours = re.compile(rf"\.{re.escape(out.name)}\.(?:tmp|old)-(?:[a-z0-9_]{{8}}|[0-9a-f]{{12}})")
    with contextlib.suppress(OSError), os.scandir(out.parent) as entries:
        for entry in entries:
            if not ours.fullmatch(entry.name):
                continue
            try:
                info = entry.stat(follow_symlinks=False)
            except OSError:  # removed meanwhile, by the build that left it or another sweep
                continue
            young = time.time() - info.st_ctime < LEFTOVER_AGE
            if not stat.S_ISDIR(info.st_mode) or info.st_uid != os.geteuid() or young:
                continue
            fd = hold(Path(entry.path))
            if fd is not None:
                try:
                    shutil.rmtree(entry.path, ignore_errors=True)
                finally:
                    release(fd)
