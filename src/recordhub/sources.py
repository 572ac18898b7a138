"""Stage 2: find the hub's Markdown pages and content assets, sorted, ignoring editor droppings."""

from __future__ import annotations

import os
import re
import time
import unicodedata
from collections.abc import Iterator
from pathlib import Path

from msgspec import Struct

from recordhub.diagnostics import Diagnostic, DiagnosticError, Severity, error, warning
from recordhub.leftout import (
    TOOL_FOLDERS,
    broken_link,
    generated,
    into_generated,
    is_ignored,
    leads_outside,
    misnamed,
    not_utf8,
    outside_link,
    skipped_folder,
    unreadable_folder,
)

_WINDOWS_RESERVED = re.compile(r"^(con|prn|aux|nul|com[1-9]|lpt[1-9])(\.|$)", re.IGNORECASE)
# what other tools and editors call Markdown, and what Notepad saves it as: not pages here, and
# a file that is not a page is published as it is, front matter, draft text and all
_LIKE_A_PAGE = re.compile(
    r"\.(?:md|markdown|mdown|mkdn?|mkd|mdwn|mdtxt|mdtext|md\.txt)$", re.IGNORECASE
)


def walk(
    folder: Path, within: Path | None = None, problems: list[Diagnostic] | None = None
) -> Iterator[Path]:
    """Every file under folder, in a fixed order, through links to folders (partials/ linked
    to a brand folder shared by hubs, say): each folder once, none that tools make, and, given
    within, only links that stay in it (folder itself may be linked from anywhere).

    A folder it cannot read, or a link that leads nowhere, is an error, added to problems or,
    without them, raised once every file has been listed: its files would be missing from the
    site. So is a link into what builds write, which would copy the site into itself.
    """
    seen: set[tuple[int, int]] = set()
    found: list[Diagnostic] = [] if problems is None else problems
    via_link: set[Path] = set()  # folders reached through a link: they may hold an output

    def shown(path: str | Path) -> str:
        return Path(path).relative_to(folder.parent).as_posix()

    def unreadable(exc: OSError) -> None:
        if not isinstance(exc, FileNotFoundError):  # a folder that is not there holds nothing
            found.append(unreadable_folder(shown(exc.filename), exc))

    gone = broken_link(folder, shown(folder)) if folder.is_symlink() else None
    if gone is not None:  # static/ linked to a shared folder that has moved: os.walk sees none
        found.append(gone)
    for top, folders, names in os.walk(folder, onerror=unreadable, followlinks=True):
        here = Path(top)
        info = here.stat()
        linked = here != folder and (here.is_symlink() or here.parent in via_link)
        outside = linked and within is not None and not here.resolve().is_relative_to(within)
        if linked:
            via_link.add(here)
        if linked and not outside and generated(here, within):
            found.append(into_generated(shown(here), here))
            outside = True
        if (info.st_dev, info.st_ino) in seen or outside:
            folders.clear()  # a link back up, or out of the project
            continue
        seen.add((info.st_dev, info.st_ino))
        folders[:] = sorted(name for name in folders if not skipped_folder(name))
        for name in [*folders]:
            if not_utf8(name):
                found.append(misnamed(shown(here / name), folder=True))
                folders.remove(name)
                continue
            if (unfit := not_for_windows(shown(here / name), name, folder=True)) is not None:
                found.append(unfit)
            if _links_out(here / name, within):
                found.append(outside_link(shown(here / name), folder=True))
                folders.remove(name)
        for name in sorted(names):
            if is_ignored(name):  # an editor's backup or lock file: never published, nor told of
                continue
            path = here / name
            broken = broken_link(path, shown(path)) if path.is_symlink() else None
            if not_utf8(name):
                found.append(misnamed(shown(path), folder=False))
                continue
            if (unfit := not_for_windows(shown(path), name, folder=False)) is not None:
                found.append(unfit)
            if broken is not None:
                found.append(broken)
            elif _links_out(path, within):
                found.append(outside_link(shown(path), folder=False))
            elif path.is_symlink() and path.is_file() and generated(path, within):
                found.append(into_generated(shown(path), path))
            elif path.is_file():
                yield path
    if problems is None and found:
        raise DiagnosticError(found)


def reserved_on_windows(name: str) -> bool:
    """Whether Windows keeps a file or folder name for a device (con, nul.txt, com1)."""
    return _WINDOWS_RESERVED.match(name) is not None


def not_for_windows(shown: str, name: str, folder: bool) -> Diagnostic | None:
    """A warning for a name Windows refuses (con, aux.txt, a trailing dot or space): a
    teammate there cannot check the hub out, and the copy a CDN's tools make may fail too."""
    if not (reserved_on_windows(name) or name.endswith((".", " "))):
        return None
    what = "folder" if folder else "file"
    return warning(
        shown, None, None, f"'{name}' is not a valid {what} name on Windows", f"rename the {what}"
    )


def _links_out(path: Path, within: Path | None) -> bool:
    # an editor's backup left beside a link is not published anyway: nothing to warn of
    if within is None or not path.is_symlink() or is_ignored(path.name):
        return False
    return leads_outside(path, within)


class SourceFile(Struct, frozen=True, order=True):
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
    if not content_dir.is_dir():
        hint = "create content/_index.md for the home page"
        return [], [error("content", None, None, "no content/ folder", hint)]
    walk = _Walk(content_dir, root.resolve())
    walk.folder(content_dir, "")
    walk.files.sort()
    return walk.files, walk.problems


def no_pages(content_dir: Path, files: list[SourceFile]) -> list[Diagnostic]:
    """A warning when content/ is there but holds no page: emptied by mistake, say."""
    if not content_dir.is_dir() or any(f.is_markdown for f in files):
        return []  # no folder at all is an error of discover's
    return [warning("content", None, None, _EMPTY, _EMPTY_HINT)]


_EMPTY = "content/ has no pages: the site is a home page with nothing on it"
_EMPTY_HINT = (
    'add pages as Markdown files, such as content/_index.md, or run: recordhub new page "About us"'
)


def unusable(
    files: list[SourceFile], placed: set[str], problems: list[Diagnostic]
) -> frozenset[str]:
    """Pages with errors of their own, so that a link to one is not said to go nowhere too:
    those that could not be read, and files refused by name (About.md beside about.md)."""
    refused = {
        found.path.removeprefix("content/")
        for found in problems
        if found.severity is Severity.ERROR and found.path.startswith("content/")
    }
    return frozenset(
        refused | {f.rel_path for f in files if f.is_markdown and f.rel_path not in placed}
    )


class _Walk:
    """One pass over content/: scandir, following only symlinks that stay in the project."""

    def __init__(self, content_dir: Path, root_real: Path) -> None:
        self.content_dir = content_dir
        self.root_real = root_real
        self.files: list[SourceFile] = []
        self.problems: list[Diagnostic] = []
        self.seen_dirs: set[tuple[int, int]] = set()
        self.by_folded: dict[str, str] = {}

    def folder(self, path: Path, rel: str, linked: bool = False) -> None:
        stat = path.stat()
        shown = f"content/{rel}".rstrip("/")
        if (stat.st_dev, stat.st_ino) in self.seen_dirs:
            self.problems.append(
                error(
                    shown,
                    None,
                    None,
                    "symlink loop: this folder contains itself",
                    "remove the symlink that points back up",
                )
            )
            return
        self.seen_dirs.add((stat.st_dev, stat.st_ino))
        try:
            entries = sorted(os.scandir(path), key=lambda e: e.name)
        except OSError as exc:
            self.problems.append(unreadable_folder(shown, exc))
            return
        for entry in entries:
            if is_ignored(entry.name):
                continue
            if not_utf8(entry.name):
                self.problems.append(misnamed(f"content/{rel}{entry.name}", entry.is_dir()))
                continue
            child = unicodedata.normalize("NFC", f"{rel}{entry.name}")
            here = Path(entry.path)
            broken = broken_link(here, f"content/{child}") if entry.is_symlink() else None
            if broken is not None:
                self.problems.append(broken)
            elif entry.is_symlink() and leads_outside(here, self.root_real):
                self.problems.append(outside_link(f"content/{child}", entry.is_dir()))
            elif (entry.is_symlink() or (linked and entry.is_dir())) and self.generated(here):
                self.problems.append(into_generated(f"content/{child}", here))
            elif entry.is_dir():
                if entry.name not in TOOL_FOLDERS:
                    unfit = not_for_windows(f"content/{child}", entry.name, folder=True)
                    self.problems += [unfit] if unfit is not None else []
                    self.folder(here, f"{child}/", linked or entry.is_symlink())
            elif entry.is_file():
                self.file(here, child, entry.name)

    def generated(self, path: Path) -> bool:
        return generated(path, self.root_real)

    def file(self, path: Path, rel: str, name: str) -> None:
        like = None if rel.endswith(".md") else _LIKE_A_PAGE.search(name)
        if like is not None:
            self.problems.append(
                error(
                    f"content/{rel}",
                    None,
                    None,
                    "looks like a page, but only files whose names end in .md are pages: "
                    "it would be published as it is, unbuilt",
                    f"rename it to {name[: like.start()]}.md",
                )
            )
            return
        if (unfit := not_for_windows(f"content/{rel}", name, folder=False)) is not None:
            self.problems.append(unfit)
        folded = rel.casefold()
        if folded in self.by_folded:
            other = self.by_folded[folded]
            why = (
                "has the same name in another Unicode form (NFC/NFD) as"
                if other == rel
                else "differs only in case from"
            )
            self.problems.append(
                error(
                    f"content/{rel}",
                    None,
                    None,
                    f"{why} content/{other}",
                    "rename one of the two; they would collide on macOS, Windows and most CDNs",
                )
            )
            return
        self.by_folded[folded] = rel
        self.files.append(SourceFile(rel, path))


_STILL_NS = 2_000_000_000  # far longer than any file system's clock tick


def settled(stat: os.stat_result) -> bool:
    """True when a file had not changed for a while when its stat was taken, so that the next
    build may trust an unchanged stat, as make and rsync do, without reading the file: a file
    changed again within the same clock tick could keep its times, but only if it had just
    changed (git's "racily clean" files)."""
    return stat.st_ctime_ns < time.time_ns() - _STILL_NS
