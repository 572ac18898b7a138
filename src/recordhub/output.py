"""Stage 8: the only code that writes files: atomic, contained, never twice to one path."""

from __future__ import annotations

import ctypes
import errno
import gzip
import hashlib
import json
import os
import shutil
import sys
import tempfile
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path, PurePosixPath
from types import TracebackType

from recordhub import foreign, recycle, samebytes
from recordhub.deploy import compressible, content_type
from recordhub.diagnostics import Diagnostic, DiagnosticError, error
from recordhub.outfolder import MANIFEST, MARKER

PRECOMPRESSED = (".br", ".gz")  # what --precompress writes beside a file


class Writer:
    """Writes a whole build into a temporary sibling folder, then swaps it in at once.

    Without an output folder (``recordhub check``) it writes nothing but still refuses
    paths that escape the folder and two writes to one path.
    """

    def __init__(self, out: Path | None, spare: Path | None = None) -> None:
        self.spare = spare  # where the replaced output is parked for the next build (recycle)
        self.reused = False  # True when the temporary folder is the last replaced output
        self.written: dict[str, str] = {}
        self.files: dict[str, tuple[int, str]] = {}
        self.out = Path(os.path.abspath(out)) if out is not None else None
        self.linker = samebytes.Linker(None if self.out is None else str(self.out))
        self.tmp: Path | None = None
        self.placed: int | None = None  # the inode of the folder this build put in place
        self.kept: list[Diagnostic] = []  # a notice for each file of someone's carried over
        self._made: set[str] = set()
        self._tmp = ""  # self.tmp as text, for the per-file paths
        self._held: int | None = None  # the lock on self.tmp (recycle.hold)

    def __enter__(self) -> Writer:
        # made here, not in __init__: once it exists, a Ctrl-C reaches the except or __exit__
        if self.out is not None:
            self.out.parent.mkdir(parents=True, exist_ok=True)
            try:
                self.tmp = recycle.take(self.spare, self.out)
                self.reused = self.tmp is not None
                if self.tmp is None:
                    prefix = f".{self.out.name}.tmp-"
                    self.tmp = Path(tempfile.mkdtemp(prefix=prefix, dir=self.out.parent))
                self._tmp = str(self.tmp)
                self._held = recycle.hold(self.tmp)
                self.tmp.chmod(0o755)  # mkdtemp makes 0700; a served folder must be readable
                recycle.sweep_leftovers(self.out)
            except BaseException:
                self.abort()
                recycle.release(self._held)
                self._held = None
                raise
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        denied = isinstance(exc, OSError) and exc.errno in (errno.EPERM, errno.EACCES)
        if kind is not None:
            # a reused tree the system would not write into (a file in it that cannot be
            # removed, say) would fail every later build the same way: it is not kept
            self.abort(keep=not (self.reused and isinstance(exc, OSError)))
        recycle.release(self._held)  # swapped in, parked or removed: no longer ours to guard
        self._held = None
        if isinstance(exc, OSError) and self.out is not None and self._tmp and not denied:
            # the temporary folder an error names is gone (or parked in the cache) by now: the
            # file is told by the place it was to have in the output folder; one the system
            # would not remove is told where it is, and stays
            written = exc.filename if isinstance(exc.filename, str) else ""
            if written.startswith(self._tmp + os.sep):
                named = str(self.out) + written[len(self._tmp) :]
                raise type(exc)(exc.errno, exc.strerror, named) from None

    def _target(self, rel: str, origin: str, clear: bool = True) -> str | None:
        # plain strings: this runs for every file, and pathlib's parsing was most of its cost
        parts = [part for part in rel.split("/") if part not in ("", ".")]
        if rel.startswith("/") or ".." in parts or not parts:
            message = f"output path '{rel}' would escape the output folder"
            raise DiagnosticError([error(origin, None, None, message, "use a plain relative name")])
        key = rel.casefold()
        if key in self.written:
            message = f"writes {rel}, which {self.written[key]} already wrote"
            hint = "give one of them a different slug or name"
            raise DiagnosticError([error(origin, None, None, message, hint)])
        self.written[key] = origin
        if self.tmp is None:
            return None
        path = os.path.join(self._tmp, *parts)
        if clear:
            self._make_way(path)
        return path

    def _make_way(self, path: str) -> None:
        if self.reused:
            recycle.make_way(self._tmp, path, self._made)
            return
        folder = os.path.dirname(path)
        if folder not in self._made:  # most pages share their folder's parents
            os.makedirs(folder, exist_ok=True)
            self._made.add(folder)

    def adopt(self, rel: str, origin: str, size: int, digest: str) -> None:
        """Take in a file a worker process wrote into the temporary folder itself."""
        if self._target(rel, origin, clear=False) is not None:  # written: nothing to clear
            self.files[rel] = (size, digest)

    def write_text(self, rel: str, text: str | Iterable[str], origin: str) -> None:
        """Write one UTF-8 text file with Unix newlines, whole or a piece at a time."""
        if isinstance(text, str):
            self.write_bytes(rel, text.encode("utf-8"), origin)
            return
        path = self._target(rel, origin)
        if path is not None:
            digest, size = hashlib.sha256(), 0
            try:
                with Path(path).open("wb") as stream:
                    for data in (piece.encode("utf-8") for piece in text):
                        size += stream.write(data)
                        digest.update(data)
            except OSError as exc:
                raise self._named(exc, rel) from None
            self.files[rel] = (size, digest.hexdigest())

    def write_bytes(self, rel: str, data: bytes, origin: str) -> None:
        """Write one file, noting its size and digest for the manifest."""
        path = self._target(rel, origin)
        if path is not None:
            try:
                self.linker.write(path, data, rel)
            except OSError as exc:
                raise self._named(exc, rel) from None
            self.files[rel] = (len(data), hashlib.sha256(data).hexdigest())

    def _named(self, exc: OSError, rel: str) -> OSError:
        """exc with the file it was writing, when it says none: a write on a full disk."""
        if exc.filename is not None or self.out is None:
            return exc
        return type(exc)(exc.errno, exc.strerror, str(self.out / PurePosixPath(rel)))

    def link(self, rel: str, source: str, size: int, digest: str, origin: str) -> bool:
        """Take a known file of the previous output; True when hard-linked, not copied."""
        path = self._target(rel, origin, clear=False)
        if path is None:
            return False
        if self.reused:
            recycle.real_folder(self._tmp, os.path.dirname(path), self._made)
        if self.reused and recycle.same_file(source, path):
            # the page was the same two builds ago: the reused folder has this very file
            self.files[rel] = (size, digest)
            return True
        self._make_way(path)
        try:
            os.link(source, path)
            same = True
        except OSError:  # a file system without hard links
            shutil.copyfile(source, path)
            same = False
        self.files[rel] = (size, digest)
        return same

    def revise(self, rel: str, change: Callable[[bytes], bytes]) -> None:
        """Change a file this build already wrote (the search page, once its index exists)."""
        if self.tmp is None or rel not in self.files:
            return
        path = self.tmp / PurePosixPath(rel)
        data = change(path.read_bytes())
        path.unlink()  # a new file, never one shared with the previous output by link()
        path.write_bytes(data)
        self.files[rel] = (len(data), hashlib.sha256(data).hexdigest())

    def copy(self, rel: str, source: Path, origin: str) -> None:
        """Copy a file's bytes (not its times, so output stays byte- and metadata-stable)."""
        if self.tmp is None:
            self._target(rel, origin)
        else:
            self.write_bytes(rel, source.read_bytes(), origin)

    def precompress(self) -> None:
        """Write .br and .gz beside every text file that compression makes clearly smaller."""
        import brotli  # only this option needs it

        for rel, (size, _) in sorted(self.files.items()):
            if self.tmp is None or size < 1024 or not compressible(rel):
                continue
            data = (self.tmp / rel).read_bytes()
            brotlied, gzipped = brotli.compress(data, quality=11), gzip.compress(data, 9, mtime=0)
            for suffix, packed in zip(PRECOMPRESSED, (brotlied, gzipped), strict=True):
                if len(packed) < size * 0.9:
                    self.write_bytes(rel + suffix, packed, "--precompress")

    def manifest(self) -> None:
        """manifest.json: every file with its size, sha256 and content type, sorted."""

        # a file a line, each by json's C encoder (indent= takes the pure-Python one), written
        # as made: at 10,000 files, the text joined whole was most of a small build's peak
        def pieces() -> Iterator[str]:
            yield '{"files": [\n'
            for n, (rel, (size, digest)) in enumerate(sorted(self.files.items())):
                entry = {"path": rel, "size": size, "sha256": digest, "type": content_type(rel)}
                yield (",\n" if n else "") + json.dumps(entry, ensure_ascii=False)
            yield "\n]}\n"

        self.write_text(MANIFEST, pieces(), "recordhub")

    def commit(self) -> None:
        """Swap the finished build in place of the old output, then remove the old one."""
        if self.tmp is None or self.out is None:
            return
        (self.tmp / MARKER).write_text("This folder is written by recordhub build.\n")
        if self.out.exists():  # a file put there by hand is never written over: stop first
            found = foreign.clashes(self.out, self.files)
            if found:
                raise DiagnosticError(found)
        self.placed = os.stat(self.tmp).st_ino  # a rename keeps it: how out is known as ours
        if self.out.exists() and _exchange(self.tmp, self.out):
            old_output, self.tmp = self.tmp, None  # the exchange left the old output there
            self.kept = foreign.carry_over(old_output, self.out, (*self.files, MARKER))
            if not recycle.park(old_output, self.spare):
                trash = Path(tempfile.mkdtemp(prefix=f".{self.out.name}.old-", dir=self.out.parent))
                os.replace(old_output, trash / "previous")
                recycle.discard(trash, background=len(self.files) > recycle.BACKGROUND_FROM)
            return
        old: Path | None = None
        if self.out.exists():
            old = Path(tempfile.mkdtemp(prefix=f".{self.out.name}.old-", dir=self.out.parent))
            os.replace(self.out, old / "previous")
        try:
            os.replace(self.tmp, self.out)
        except OSError:
            if old is not None:  # put the previous output back before giving up
                os.replace(old / "previous", self.out)
            raise
        self.tmp = None
        if old is None:
            return
        self.kept = foreign.carry_over(old / "previous", self.out, (*self.files, MARKER))
        if recycle.park(old / "previous", self.spare):
            shutil.rmtree(old, ignore_errors=True)  # the folder that held it, now empty
        else:
            recycle.discard(old, background=len(self.files) > recycle.BACKGROUND_FROM)

    def sweep(self) -> None:
        """In a reused folder, remove what this build did not write, before it is indexed."""
        if self.reused and self.tmp is not None:
            recycle.sweep(self.tmp, self.files)

    def abort(self, keep: bool = True) -> None:
        """Drop the unfinished build; the old output was never touched. keep: its folder may
        be parked for the next build to write over."""
        if self.tmp is not None:
            # deleting thousands of files takes seconds on a slow disk, and Ctrl-C must end the
            # build at once: the tree is parked for the next build, or deleted in the background
            if not (keep and recycle.park(self.tmp, self.spare)):
                # the pages the workers wrote are not in self.files yet: the folder is counted
                big = recycle.larger_than(self.tmp, recycle.BACKGROUND_FROM)
                recycle.discard(self.tmp, background=big)
            self.tmp = None


def _exchange(first: Path, second: Path) -> bool:
    """Swap two folders in one step (Linux renameat2); False where the system cannot."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    at_fdcwd, rename_exchange = -100, 2
    done = renameat2(at_fdcwd, os.fsencode(first), at_fdcwd, os.fsencode(second), rename_exchange)
    return bool(done == 0)


def replace_folder(new: Path, target: Path) -> None:
    """Put a finished folder in place of another at once (readers see old or new)."""
    if not target.exists():
        os.replace(new, target)
    elif _exchange(new, target):
        shutil.rmtree(new, ignore_errors=True)  # the exchange left the old folder there
    else:
        trash = Path(tempfile.mkdtemp(prefix=f".{target.name}.old-", dir=target.parent))
        os.replace(target, trash / "previous")
        os.replace(new, target)
        shutil.rmtree(trash, ignore_errors=True)
