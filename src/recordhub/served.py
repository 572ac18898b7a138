"""The preview's folder, changed file by file while it is served: each file is replaced at once,
and only when its bytes differ."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path, PurePosixPath

from recordhub.diagnostics import DiagnosticError, error


def write_atomic(path: Path, data: bytes) -> None:
    """Replace one file at once, so a reader sees the old bytes or the new, never half."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def sync(
    out: Path, present: set[str], updates: dict[str, bytes | Path], previous: set[str]
) -> tuple[list[str], set[str]]:
    """Make out hold the present files, writing updates whose bytes differ; return what changed,
    and the files to copy that had gone from the sources by then.

    Used by the preview, whose folder stays in place and is served while it changes.
    """
    changed: list[str] = []
    gone: set[str] = set()
    root = out.resolve()
    for rel in updates:  # before anything changes: the folder is left as it was
        if ".." in PurePosixPath(rel).parts or not (out / rel).resolve().is_relative_to(root):
            message = "output path would escape the output folder"
            raise DiagnosticError([error(rel, None, None, message, "use a plain relative name")])
    # the files gone go first: a file may take the place of a folder that held one of them
    # (content/report replacing content/report.md), or a folder the place of such a file
    for rel in sorted(previous - present):
        target = out / PurePosixPath(rel)
        target.unlink(missing_ok=True)
        changed.append(rel)
        parent = target.parent
        while parent != out and parent.is_dir() and not any(parent.iterdir()):
            parent.rmdir()
            parent = parent.parent
    for rel, content in sorted(updates.items()):
        target = out / PurePosixPath(rel)
        try:
            data = content.read_bytes() if isinstance(content, Path) else content
        except (FileNotFoundError, NotADirectoryError):  # deleted by a checkout, say
            gone.add(rel)
            continue
        try:
            if target.read_bytes() == data:
                continue
        except OSError:
            pass
        write_atomic(target, data)
        changed.append(rel)
    return changed, gone
