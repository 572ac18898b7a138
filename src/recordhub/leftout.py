"""What the walk of a hub's folders leaves out, and what it refuses: editors' droppings, the
folders tools make, and links that lead nowhere or into what builds write."""

from __future__ import annotations

import errno
import os
import re
from pathlib import Path

from recordhub.diagnostics import Diagnostic, error, warning

# Editors save through temp, swap, lock and backup files; none of them are content.
_IGNORED = re.compile(
    r"""(
        ^\.                      # hidden files, Vim .swp/.swx, Emacs .#lock
      | ~$                       # backups
      | ^\#.*\#$                 # Emacs autosave
      | \.(swp|swx|swo|tmp|bak|orig|part|crdownload|crswap)$  # .crswap: editors in Chromium
      | ___jb_(tmp|old|bak)___$  # JetBrains safe write
      | ^4913$                   # Vim's write test
      | ^(Thumbs\.db|desktop\.ini)$
      | ^~\$                     # Microsoft Office owner files, which hold the editor's name
      | \.sb-[0-9a-f]{8}-[a-z0-9]{6}$  # macOS safe-save temp files
    )""",
    re.VERBOSE | re.IGNORECASE,
)
# folders that tools make inside a hub's folders: never sources, and never watched for changes
TOOL_FOLDERS = frozenset({"node_modules", "__pycache__"})


# what builds write: an output folder (outfolder.MARKER is in it: that stage writes it, this one
# only looks), the temporary folders beside it (output.Writer) and the cache (convert.CACHE_DIR)
_OUTPUT_MARKER = ".recordhub-output"
_BUILD_FOLDER = re.compile(r"^(?:\..+\.(?:tmp|old)-\w+|\.recordhub-cache)$")


def generated(path: Path, root: Path | None) -> bool:
    """True when path, reached through a link, is or lies in a folder that builds write
    (below root, given one: where the project itself lies is no concern of its own)."""
    try:
        real = path.resolve()
        return any(
            _BUILD_FOLDER.match(folder.name) or (folder / _OUTPUT_MARKER).is_file()
            for folder in (real, *real.parents)
            if root is None or (folder.is_relative_to(root) and folder != root)
        )
    except (OSError, RuntimeError):
        return False


def into_generated(shown: str, path: Path) -> Diagnostic:
    if path.is_symlink():
        what = f"this link leads into what builds write ({os.readlink(path)})"
    else:
        what = "this folder, reached through a link, is an output folder that a build wrote"
    return error(
        shown,
        None,
        None,
        f"{what}: the site would copy itself into itself at every build; not followed",
        "remove the link, or point it at the files you mean to publish",
    )


def outside_link(shown: str, folder: bool) -> Diagnostic:
    """A warning for a link out of the project, which is neither followed nor published: it
    could publish any file the build can read (/etc/passwd, a key)."""
    what = "not followed" if folder else "not published"
    message = f"symlink points outside the project; {what}"
    return warning(shown, None, None, message, "copy it in instead")


def leads_outside(path: Path, root_real: Path) -> bool:
    """True when path's real place is not under root_real (or cannot be told: a loop)."""
    try:
        return not path.resolve().is_relative_to(root_real)
    except (OSError, RuntimeError):  # a symlink loop resolves to nothing
        return True


def shown_name(text: str) -> str:
    """A path as messages can show it: bytes of a name that are not UTF-8 (which Python keeps
    as lone surrogates, and which no terminal can print) as \\xe9 escapes."""
    return text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def not_utf8(name: str) -> bool:
    """True for a file name whose bytes are not UTF-8 (a Latin-1 name from an old archive)."""
    try:
        name.encode("utf-8")
        return False
    except UnicodeEncodeError:
        return True


def misnamed(shown: str, folder: bool) -> Diagnostic:
    """An error for a file or folder whose name is not UTF-8: no URL or page can name it."""
    what = "folder" if folder else "file"
    return error(
        shown_name(shown),
        None,
        None,
        f"this {what}'s name is not UTF-8, so it cannot be published under it",
        "rename it (the escaped bytes stand for letters in another encoding, such as Latin-1)",
    )


def unreadable_folder(shown: str, exc: OSError) -> Diagnostic:
    return error(
        shown,
        None,
        None,
        f"cannot read this folder ({exc.strerror}): nothing in it would be published",
        f"give the build read access to it (chmod -R a+rX {shown}), or move it out",
    )


def broken_link(path: Path, shown: str) -> Diagnostic | None:
    """An error for a link that does not reach a file or folder; None for one that does."""
    try:
        path.stat()
        return None
    except FileNotFoundError:
        why = f"this link leads nowhere: its target {os.readlink(path)} does not exist"
        return error(shown, None, None, why, "point the link at the file, or remove it")
    except OSError as exc:
        if exc.errno == errno.ELOOP:  # e.g. two links to each other
            why = "symlink loop: this link never reaches a file"
            return error(shown, None, None, why, "remove the symlink")
        why = f"cannot follow this link to {os.readlink(path)} ({exc.strerror})"
        return error(shown, None, None, why, "fix the permissions along the link, or remove it")


def skipped_folder(name: str) -> bool:
    """Folders tools make, and hidden ones (a .git clone, whose config may hold a token),
    except .well-known/, whose files hosts and browsers look for."""
    return name in TOOL_FOLDERS or (name.startswith(".") and name != ".well-known")


def is_ignored(name: str) -> bool:
    """True for editor temp, swap, lock and backup files."""
    return bool(_IGNORED.search(name))
