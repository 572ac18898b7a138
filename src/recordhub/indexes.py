"""Search indexes made by earlier builds: the last output's, and those kept in the cache.

Indexing takes seconds at 10,000 pages, so an index is reused whenever the pages are the same
(indexorder makes one made afresh from them the same too). Each index carries a stamp listing
which pages it was made from and the digest of every file Pagefind wrote, and is reused only
while every one of those files is as it was made: a file cut short or changed since, in the
cache or in the last output, would be published.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import tempfile
import time
from pathlib import Path

from recordhub import output

FOLDER = "pagefind"  # its files keep their own names: Pagefind content-addresses its chunks
_STAMP = "recordhub-pages.json"  # which pages the index was made from


def pages_digest(files: dict[str, tuple[int, str]], indexer: str = "") -> str:
    """One digest of every HTML page's bytes and of the indexer: when both are unchanged, so
    is the index."""
    pages = sorted((rel, digest) for rel, (_, digest) in files.items() if rel.endswith(".html"))
    return hashlib.sha256(json.dumps([indexer, pages]).encode()).hexdigest()


def _listed(folder: Path, pages: str | None = None) -> dict[str, str] | None:
    """The files the stamp in folder lists, with their digests; None if it lists none, or
    when pages is given and the index was made from other pages."""
    try:
        stamp = json.loads((folder / _STAMP).read_text("utf-8"))
        listed = stamp["files"]
        if pages is not None and stamp["pages"] != pages:
            return None
    except (OSError, ValueError, KeyError, TypeError):
        return None
    if not isinstance(listed, dict) or not all(isinstance(v, str) for v in listed.values()):
        return None
    # only names inside the folder: the stamp is read back from the output, which anyone with
    # the folder could have edited
    return {n: sha for n, sha in listed.items() if ".." not in n.split("/") and n[:1] != "/"}


def _sha256(path: Path) -> str:
    with open(path, "rb") as stream:
        return hashlib.file_digest(stream, "sha256").hexdigest()


def _whole(folder: Path, digest: str) -> bool:
    """True when folder holds the index of exactly these pages, each file as Pagefind made it."""
    # a file cut short or changed since (in the cache or the last output) would be published
    listed = _listed(folder, digest)
    try:
        return listed is not None and all(_sha256(folder / n) == sha for n, sha in listed.items())
    except OSError:
        return False


def reusable(previous: Path | None, digest: str) -> Path | None:
    """The previous build's index folder, if it was made from exactly these pages."""
    if previous is None or not _whole(previous / FOLDER, digest):
        return None
    return previous / FOLDER


def cached(cache: Path | None, digest: str) -> Path | None:
    """An index made earlier from exactly these pages and kept in the build cache."""
    if cache is None:
        return None
    folder = cache / "search" / digest / FOLDER
    if not _whole(folder, digest):
        return None  # damaged: made again, and kept in its place
    with contextlib.suppress(OSError):
        os.utime(folder.parent)  # used: kept by pruning
    return folder


def keep(cache: Path | None, digest: str, folder: Path) -> None:
    """Copy a new index into the build cache (the first of two racing builds wins)."""
    if cache is None:
        return
    target = cache / "search" / digest
    if target.exists() and _whole(target / FOLDER, digest):
        return
    shutil.rmtree(target, ignore_errors=True)  # damaged: this build's index takes its place
    staging: Path | None = None
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=".search-", dir=target.parent))
        shutil.copytree(folder, staging / FOLDER)
        os.replace(staging, target)
    except OSError:
        if staging is not None:  # another build got there first, or the disk is full
            shutil.rmtree(staging, ignore_errors=True)
        return  # only slower next time
    now = time.time()
    for old in target.parent.iterdir():  # an index no build used for 30 days is dropped
        try:
            used = old.stat().st_mtime
            if used > now + 86400:  # used while the clock ran ahead: it ages from now on
                os.utime(old)
        except OSError:  # dropped by another build meanwhile, say: nothing to do
            continue
        if old != target and used < now - 30 * 86400:
            shutil.rmtree(old, ignore_errors=True)


def stamp(folder: Path, digest: str) -> None:
    """Write the stamp of a new index: the pages it was made from, and each file's digest."""
    made = {
        path.relative_to(folder).as_posix(): _sha256(path)
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }
    (folder / _STAMP).write_text(json.dumps({"pages": digest, "files": made}) + "\n", "utf-8")


def files_of(folder: Path) -> list[tuple[str, Path]]:
    """Every file Pagefind made in an index folder, by its path in the output.

    A folder reused from the last output also holds what --precompress added there; those
    are made again (or not) by this build.
    """
    listed = _listed(folder)
    if listed is not None:
        names = sorted({*listed, _STAMP})
    else:  # an index made before its files were listed
        found = (p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())
        names = sorted(n for n in found if not n.endswith(output.PRECOMPRESSED))
    return [(f"{FOLDER}/{name}", folder / name) for name in names if (folder / name).is_file()]
