"""What the preview shows when a rebuild fails for want of a file, or by a fault of its own."""

from __future__ import annotations

import sys
import traceback
from pathlib import Path

from recordhub.diagnostics import Diagnostic, error


def shown(root: Path, filename: object) -> str:
    """A path as messages show it: from the hub's folder when it is inside."""
    path = Path(str(filename or root))
    return path.relative_to(root).as_posix() if path.is_relative_to(root) else str(path)


def unreadable(root: Path, out: Path, exc: OSError) -> Diagnostic:
    """An error for the overlay: a source the preview cannot read, or write to its folder."""
    where, reason = shown(root, exc.filename), exc.strerror or str(exc)
    if Path(str(exc.filename or "")).is_relative_to(out):
        message = f"the preview could not write this file: {reason}"
        return error(where, None, None, message, "check free disk space and permissions")
    hint = "make it a file you may read, or remove it; the preview rebuilds when it changes"
    return error(where, None, None, f"cannot be read: {reason}", hint)


def fault(exc: Exception, debug: bool) -> Diagnostic:
    """An error for the overlay: recordhub itself failed (its traceback printed with --debug)."""
    if debug:
        traceback.print_exception(exc, file=sys.stderr)
    message = f"internal error: {type(exc).__name__}: {exc}"
    hint = (
        "the preview keeps the last good pages and tries again at the next save; "
        "recordhub build --debug shows where it failed"
    )
    return error("recordhub", None, None, message, hint)
