"""Stage 2: find the hub's Markdown pages and content assets, sorted, ignoring editor droppings."""

from __future__ import annotations

import os
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from recordhub.diagnostics import Diagnostic, error, warning

# Editors save through temp, swap, lock and backup files; none of them are content.
_IGNORED = re.compile(
    r"""(
        ^\.                      # hidden files, Vim .swp/.swx, Emacs .#lock
      | ~$                       # backups
      | ^\#.*\#$                 # Emacs autosave
      | \.(swp|swx|swo|tmp|bak|orig|part|crdownload)$
      | ___jb_(tmp|old|bak)___$  # JetBrains safe write
      | ^4913$                   # Vim's write test
      | ^(Thumbs\.db|desktop\.ini)$
    )""",
    re.VERBOSE | re.IGNORECASE,
)
_WINDOWS_RESERVED = re.compile(r"^(con|prn|aux|nul|com[1-9]|lpt[1-9])(\.|$)", re.IGNORECASE)


def is_ignored(name: str) -> bool:
    """True for editor temp, swap, lock and backup files."""
    return bool(_IGNORED.search(name))


@dataclass(frozen=True, order=True)
class SourceFile:
    """A file under content/: its path relative to content/ (NFC, '/'-separated) and on disk."""

    rel_path: str
    abs_path: Path

    @property
    def is_markdown(self) -> bool:
        """Pages are .md files; everything else is copied beside them."""
        return self.rel_path.endswith(".md")

    @property
    def display_path(self) -> str:
        """The path as shown in messages, relative to the project root."""
        return f"content/{self.rel_path}"


def discover(content_dir: Path, root: Path) -> tuple[list[SourceFile], list[Diagnostic]]:
    """All files under content_dir, sorted, with problems such as outside symlinks."""
    files: list[SourceFile] = []
    problems: list[Diagnostic] = []
    if not content_dir.is_dir():
        return files, [
            error(
                "content",
                None,
                None,
                "no content/ folder",
                "create content/_index.md for the home page",
            )
        ]
    root_real = root.resolve()
    seen_dirs: set[tuple[int, int]] = set()
    by_folded: dict[str, str] = {}
    for folder, dirnames, filenames in os.walk(content_dir, followlinks=True):
        here = Path(folder)
        stat = here.stat()
        if (stat.st_dev, stat.st_ino) in seen_dirs:
            rel = here.relative_to(content_dir).as_posix()
            problems.append(
                error(
                    f"content/{rel}",
                    None,
                    None,
                    "symlink loop: this folder contains itself",
                    "remove the symlink that points back up",
                )
            )
            dirnames[:] = []
            continue
        seen_dirs.add((stat.st_dev, stat.st_ino))
        kept = []
        for name in sorted(dirnames):
            if is_ignored(name):
                continue
            if not _inside(here / name, root_real):
                rel = (here / name).relative_to(content_dir).as_posix()
                problems.append(
                    warning(
                        f"content/{rel}",
                        None,
                        None,
                        "symlink points outside the project; not followed",
                        "copy the files in instead",
                    )
                )
                continue
            kept.append(name)
        dirnames[:] = kept
        for name in sorted(filenames):
            if is_ignored(name):
                continue
            path = here / name
            rel = unicodedata.normalize("NFC", path.relative_to(content_dir).as_posix())
            if not _inside(path, root_real):
                problems.append(
                    warning(
                        f"content/{rel}",
                        None,
                        None,
                        "symlink points outside the project; not published",
                        "copy the file in instead",
                    )
                )
                continue
            if not path.is_file():
                continue
            if _WINDOWS_RESERVED.match(name) or name.endswith((".", " ")):
                problems.append(
                    warning(
                        f"content/{rel}",
                        None,
                        None,
                        f"'{name}' is not a valid file name on Windows",
                        "rename the file",
                    )
                )
            folded = rel.casefold()
            if folded in by_folded:
                problems.append(
                    error(
                        f"content/{rel}",
                        None,
                        None,
                        f"differs only in case from content/{by_folded[folded]}",
                        "rename one of the two; they would collide on macOS, Windows and most CDNs",
                    )
                )
                continue
            by_folded[folded] = rel
            files.append(SourceFile(rel, path))
    files.sort()
    return files, problems


def _inside(path: Path, root_real: Path) -> bool:
    try:
        return path.resolve().is_relative_to(root_real)
    except (OSError, RuntimeError):  # a symlink loop resolves to nothing
        return False
