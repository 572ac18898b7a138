"""An error the system gave a command (a full disk, a file it may not read), as it is told."""

from __future__ import annotations

import errno
from pathlib import Path

_SOURCES = ("content", "static", "templates", "strings")


def told(exc: OSError, hub: Path) -> str:
    """An error the system gave, with its hint, at the file it names when it is known."""
    kept = "the previous output is unchanged"
    where = Path(exc.filename) if isinstance(exc.filename, str) else None
    reason = (exc.strerror or str(exc)).lower()
    if where is not None and exc.errno in (errno.ENOSPC, errno.EDQUOT):
        hint = f"free some disk space, then build again; {kept}"
        return f"{where}: error: cannot be written: {reason}\n  hint: {hint}"
    if where is not None and exc.errno == errno.EROFS:  # as a system remounts a failing disk
        hint = f"the disk was made read-only during the build, as on a disk error: check it; {kept}"
        return f"{where}: error: cannot be written: {reason}\n  hint: {hint}"
    if where is not None and exc.errno == errno.EACCES:
        source = where.relative_to(hub.resolve()) if where.is_relative_to(hub.resolve()) else None
        if source is not None and source.parts[:1] and source.parts[0] in _SOURCES:
            access = f"give the build read access to it (chmod a+r {source.as_posix()})"
            return f"{source.as_posix()}: error: cannot be read: {reason}\n  hint: {access}; {kept}"
    said = f"error: {exc.strerror or exc}: {exc.filename or ''}".rstrip(": ")
    return f"{said}\n  hint: check free disk space and permissions; {kept}"
