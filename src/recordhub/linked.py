"""Folders linked into the hub's source folders: where each really is, for the watcher.

The build follows a link to a folder (content/shared linked to ../shared, templates/partials
to a brand folder); the system's file events do not, so the preview watches where such a
folder really is, and passes on each event there under the paths the build reads it by.
"""

from __future__ import annotations

import os
from pathlib import Path

from recordhub.leftout import TOOL_FOLDERS

# the folders whose links the build follows only when they stay in the project (sources.walk
# and sources.discover); templates and strings are read through any link
_WITHIN_PROJECT = frozenset({"content", "static"})


def folders(root: Path, names: tuple[str, ...]) -> dict[Path, list[Path]]:
    """Each linked folder the build follows, by where it really is: the paths it is read by."""
    project = root.resolve()
    found: dict[Path, list[Path]] = {}
    for name in names:
        top = root / name
        within = project if name in _WITHIN_PROJECT else None
        seen: set[tuple[int, int]] = set()
        for here, below, _ in os.walk(top, followlinks=True):
            path = Path(here)
            try:
                info, real = path.stat(), path.resolve()
            except (OSError, RuntimeError):  # gone meanwhile, or a loop of links
                below.clear()
                continue
            linked = path != top and path.is_symlink()
            if (info.st_dev, info.st_ino) in seen or (
                linked and within is not None and not real.is_relative_to(within)
            ):
                below.clear()  # a link back up, or out of the project: the build skips it too
                continue
            seen.add((info.st_dev, info.st_ino))
            below[:] = sorted(n for n in below if n not in TOOL_FOLDERS and n != ".git")
            if linked:
                found.setdefault(real, []).append(path)
    return found


def seen_as(path: Path, links: dict[Path, list[Path]]) -> set[Path]:
    """The paths the build reads a file by, when it is in a linked folder's real place."""
    found: set[Path] = set()
    for real, aliases in links.items():
        if path.is_relative_to(real):
            rest = path.relative_to(real)
            found.update(alias / rest for alias in aliases)
    return found
