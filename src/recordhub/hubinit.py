"""`recordhub init`: a new hub, made from the starter hub in a folder of its own."""

from __future__ import annotations

import errno
import shutil
from pathlib import Path

from recordhub.diagnostics import ConfigError, error

STARTER_DIR = Path(__file__).parent / "starter"
# a hub's source folders: a new hub in one would be published as part of that hub
_SOURCES = ("content", "templates", "static", "strings")


def init(target: Path) -> None:
    """Copy the starter hub into target, which must be new or hold only hidden files, and not in
    another hub's content/ or other source folder, whose build would publish the starter's pages."""
    try:
        _refuse_taken(target)
        _copy_starter(target)
    except OSError as exc:  # a folder not ours to write in, or a full disk
        message = f"cannot be written: {exc.strerror or exc}"
        hint = "choose a folder you may write in, on a disk with free space"
        if exc.errno == errno.ENAMETOOLONG:  # looking at the path fails already
            hint = "choose a shorter name: most disks take names of up to 255 bytes"
        raise ConfigError([error(str(target), None, None, message, hint)]) from None


def _refuse_taken(target: Path) -> None:
    """A ConfigError when target is no place for a new hub: a file, a folder of other files."""
    hub = next((p for p in target.resolve().parents if (p / "site.yml").is_file()), None)
    inside = [n for n in _SOURCES if hub is not None and target.resolve().is_relative_to(hub / n)]
    if hub is not None and inside:
        message = f"it is inside the {inside[0]}/ folder of the hub in {hub}"
        hint = "make the new hub in a folder of its own, outside that hub"
        raise ConfigError([error(str(target), None, None, message, hint)])
    if (target.exists() or target.is_symlink()) and not target.is_dir():  # a link to nothing too
        message = "a file with this name exists; the hub needs a folder of its own"
        raise ConfigError([error(str(target), None, None, message, "choose a new folder name")])
    # hidden files are taken as nothing: a fresh git clone holds .git, and the starter has none
    if target.exists() and any(not entry.name.startswith(".") for entry in target.iterdir()):
        raise ConfigError(
            [
                error(
                    str(target),
                    None,
                    None,
                    "folder exists and is not empty",
                    "choose a new folder name",
                )
            ]
        )
    above = next((p for p in target.parents if p.exists() or p.is_symlink()), None)
    if above is not None and not above.is_dir():  # mkdir would say only "Not a directory"
        what = "a file" if above.exists() else "a link to nothing"
        message = f"{above} is {what}, where a folder of the path belongs"
        raise ConfigError([error(str(target), None, None, message, "choose another folder")])


def _copy_starter(target: Path) -> None:
    """Copy the starter hub's files into target, made as any new file of the user's is."""
    # not copytree: it gives the folder given, which may be the user's own (a private clone),
    # and every file the modes of the installed package, which may be read-only
    target.mkdir(parents=True, exist_ok=True)
    for source in sorted(STARTER_DIR.rglob("*")):
        if "__pycache__" in source.parts:
            continue
        made = target / source.relative_to(STARTER_DIR)
        if source.is_dir():
            made.mkdir(exist_ok=True)
        else:
            shutil.copyfile(source, made)
