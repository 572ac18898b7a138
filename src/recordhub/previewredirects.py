"""The redirects of the preview folder's _redirects, as the hosts answer them: an alias's old
address leads to its page, before the redirect page there is served."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote

# an alias's two lines: "301!" for Netlify, "301" for Cloudflare Pages (see redirects.py)
_MOVED = frozenset({"301", "301!"})


def moves(text: str) -> dict[str, str]:
    """Each old address of a _redirects, decoded, with the address it leads to (the lines of
    a language's 404 page, with their status 404, are no redirects)."""
    found: dict[str, str] = {}
    for line in text.splitlines():
        parts = line.split()
        if len(parts) == 3 and parts[2] in _MOVED and not parts[0].startswith("#"):
            found.setdefault(unquote(parts[0]), parts[1])  # the first match wins
    return found


class Moves:
    """The moves of the preview folder's _redirects, read again only once it is replaced."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._read: tuple[tuple[int, int, int], dict[str, str]] | None = None

    def target(self, path: str) -> str | None:
        """Where the address path leads, with or without its trailing /; None if nowhere."""
        try:
            found = (self.folder / "_redirects").stat()
        except OSError:  # no good build yet
            return None
        # replaced whole by each build that changes it (served.write_atomic): a new file
        version = (found.st_ino, found.st_mtime_ns, found.st_size)
        if self._read is None or self._read[0] != version:
            try:
                text = (self.folder / "_redirects").read_text("utf-8")
            except (OSError, UnicodeError):
                return None
            self._read = version, moves(text)
        known, decoded = self._read[1], unquote(path)
        return known.get(decoded) or known.get(decoded + "/")
