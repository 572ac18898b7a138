"""Which output folder a build may replace, and the names in it the build keeps for itself."""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from recordhub.diagnostics import ConfigError, Diagnostic, error

# convert.CACHE_DIR, not imported: the command line checks the folder before it loads that
CACHE_DIR = ".recordhub-cache"
MARKER = ".recordhub-output"  # proves we created a folder before we agree to replace it
MANIFEST = "manifest.json"
SEARCH_DIR = "pagefind/"  # where Pagefind writes the search index
_ALIASES = " aliases"  # plan.ALIASES, not imported: plan comes after this stage


# what the build writes into the files the hosts read, and where a writer gives more of it
HOSTS_FILES = {
    "_headers": (
        "the security and cache headers of every path",
        "remove this file; give other headers in the host's own settings (on Netlify, "
        "[[headers]] in netlify.toml)",
    ),
    "_redirects": (
        "a redirect for each old address in the pages' aliases:",
        "remove this file; give each old address in its page's front matter, "
        "aliases: [/old/address/]",
    ),
}


def writers_own(rel: str, origin: str) -> bool:
    """True for a file of static/ or content/ named as one the build writes for the host."""
    return rel.casefold() in HOSTS_FILES and origin.startswith(("static/", "content/"))


def reserved(planned: Iterable[tuple[str, str, int | None, int | None]]) -> list[Diagnostic]:
    """An error for each planned file (path, origin, its slug's line, column) at manifest.json
    or in pagefind/, and for a writer's own _headers or _redirects."""
    found = []
    for rel, origin, line, col in planned:
        key, page = rel.casefold(), origin.removesuffix(_ALIASES)
        if writers_own(rel, origin):
            # the host reads one file of each: the build's, which holds what the hub needs
            made, named = HOSTS_FILES[key]
            message = f"the build writes {key} itself, with {made}, and does not merge this "
            message += "file's rules into it"
            found.append(error(origin, None, None, message, named))
            continue
        if key == MANIFEST or key.startswith(MANIFEST + "/"):
            # upload scripts read public/manifest.json (see the README): it cannot give way
            message = f"{MANIFEST} is reserved: the build writes its list of every file there, "
            message += "which upload tools compare"
            named = "give this file another name; a web app manifest is usually "
            named += "manifest.webmanifest"
        elif key.startswith(SEARCH_DIR):
            # Pagefind writes the search index there once the pages are written, over any file
            # of the same name, and reads every file of its folder as its own
            message = f"{SEARCH_DIR} is reserved: the build writes the search index there"
            what = "page" if origin.endswith(".md") else "file"
            named = f"move this {what} out of its folder named {SEARCH_DIR.rstrip('/')}"
        else:
            continue
        if page != origin:  # a redirect page, at one of the page's aliases
            named = "remove that alias, or change it"
        elif line is not None:
            named = "give the page another slug"
        found.append(error(page, line, col, message, named))
    return found


def check_target(out: Path, root: Path, replacing: bool = False) -> None:
    """Refuse an output folder whose replacement could destroy something (exit code 2), and,
    replacing it, one the build could not move away (see check_movable)."""
    root = root.resolve()
    target = Path(os.path.abspath(out))
    shown = str(out)

    def refuse(why: str, hint: str) -> None:
        _refuse(shown, why, hint)

    if target.is_symlink():
        refuse("it is a symlink", "give the real folder it points to, or remove the link")
    resolved = target.resolve()
    home = Path.home().resolve()
    if resolved == Path(resolved.anchor) or resolved == home:
        refuse("it is the file-system root or your home folder", "use a folder such as public/")
    if resolved == root or root.is_relative_to(resolved):
        refuse("it is the project folder or one of its parents", "use a folder such as public/")
    for name in ("content", "templates", "static", "strings"):
        # resolved: content/ may be a link to a folder elsewhere, whose files the next build
        # would publish again
        if resolved.is_relative_to((root / name).resolve()):
            refuse(f"it is inside the {name}/ folder", "use a folder such as public/")
    if resolved.is_relative_to((root / CACHE_DIR).resolve()):
        refuse(f"it is the build cache ({CACHE_DIR}/) or inside it", "use a folder such as public/")
    if resolved.exists() and not resolved.is_dir():
        refuse("it is a file", "remove the file or choose another folder")
    above = next((p for p in target.parents if p.exists() and not p.is_dir()), None)
    if above is not None:  # mkdir would fail there, as if the disk were full
        refuse(f"{above} is a file, not a folder", "choose another folder, or move that file")
    if resolved.is_dir() and any(resolved.iterdir()) and not (resolved / MARKER).exists():
        refuse(
            "it is not empty and was not created by recordhub",
            "empty it yourself, or choose a new folder",
        )
    if replacing:
        check_movable(out)


def check_movable(out: Path) -> None:
    """Refuse an existing output folder the build could put the new site in place of, but not
    move away from there (exit code 2), before anything is written."""
    # moving a folder to another parent rewrites its '..' entry, which needs write access to
    # the folder itself: without it the new site would be in place and the old one stuck
    # beside it, under a temporary name no later build could remove
    target = Path(os.path.abspath(out))
    if target.is_dir() and not os.access(target, os.W_OK | os.X_OK):
        if _on_read_only_disk(target):
            _refuse(str(out), _READ_ONLY_DISK, _OTHER_DISK)
        _refuse(
            str(out),
            "it is read-only, so the build cannot move it aside to put the new site there",
            f"make it writable (chmod u+w {out}), or choose another folder",
        )
    # the new site is written beside it, in a temporary folder, and swapped in there
    beside = next((p for p in target.parents if p.is_dir()), None)
    if beside is not None and not os.access(beside, os.W_OK | os.X_OK):
        if _on_read_only_disk(beside):
            _refuse(str(out), _READ_ONLY_DISK, _OTHER_DISK)
        _refuse(
            str(out),
            f"the folder it is in, {beside}, is read-only, so the build cannot write the new "
            "site beside it",
            f"make that folder writable (chmod u+w {beside}), or choose another folder",
        )


# a disk mounted read-only (a CD, a snapshot, a container's image) is so whatever the folders'
# permissions say: chmod cannot change it
_READ_ONLY_DISK = "it is on a disk mounted read-only, so the build cannot write the new site there"
_OTHER_DISK = "choose a folder on a disk that can be written to, or mount this one read-write"


def _on_read_only_disk(folder: Path) -> bool:
    """Whether the file system that holds folder is mounted read-only."""
    try:
        return bool(os.statvfs(folder).f_flag & os.ST_RDONLY)
    except (OSError, AttributeError):  # no statvfs on Windows
        return False


def _refuse(shown: str, why: str, hint: str) -> None:
    message = f"refusing to use {shown} as the output folder: {why}"
    raise ConfigError([error(shown, None, None, message, hint)])
