"""What the preview shows when a rebuild fails: the overlay over its pages, and the errors for
a file it could not read, or a fault of its own."""

from __future__ import annotations

import html
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


def overlay(errors: list[Diagnostic], shown: bool) -> str:
    """The error overlay put into each page served; shown says a good build is under it."""
    items = "".join(
        f"<li><code>{html.escape(e.format().splitlines()[0])}</code>"
        + (f"<p>{html.escape(e.hint)}</p>" if e.hint else "")
        + "</li>"
        for e in errors
    )
    return (
        '<link rel="stylesheet" href="/__recordhub/overlay.css">'
        # the tool's own words, in English, left to right: inside an Arabic page the bidi
        # rules would move a quoted ']' to the front of the line and mirror it
        '<div id="recordhub-overlay" role="alert" aria-live="assertive" lang="en" dir="ltr">'
        f"<h2>The last save could not be built</h2><ul>{items}</ul>"
        + (
            "<p>The preview shows the last good version. "
            if shown
            else "<p>Nothing could be built yet, so there is no page to show. "
        )
        + "Fix the file and save; this message goes away by itself.</p></div>"
    )
