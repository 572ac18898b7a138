"""A hub's site.yml found: missing, under another name, or there but not readable."""

from __future__ import annotations

import errno
import os
import shlex
from pathlib import Path

from recordhub.diagnostics import ConfigError, Diagnostic, error

CONFIG_FILE = "site.yml"


def missing(root: Path) -> Diagnostic:
    """No site.yml: one under the other spelling is named, else the way to make a hub."""
    if (root / "site.yaml").is_file():
        # the preview watches site.yml and nothing else, so the one name is the only one read
        message = "found site.yaml: rename it to site.yml"
        return error("site.yaml", None, None, message, "recordhub reads its settings from site.yml")
    hint = "run the command inside a hub, or create one with `recordhub init DIR`"
    hub = next((p for p in root.resolve().parents if (p / CONFIG_FILE).is_file()), None)
    if hub is not None:  # run from a folder of the hub, content/faq/ say
        hint = f"this folder is inside the hub in {hub}: run the command there, or give -C "
        hint += shlex.quote(str(hub))
    return error(CONFIG_FILE, None, None, f"no {CONFIG_FILE} in {root}", hint)


def unreadable(exc: OSError) -> Diagnostic:
    """A site.yml that is there but cannot be read: a folder, or a file not ours to read."""
    hint = "make site.yml a file of the hub's settings that you may read (chmod a+r site.yml)"
    if exc.errno == errno.EISDIR:  # no chmod makes a folder readable as settings
        hint = "move the folder site.yml away, and write the hub's settings in a file so named"
    return error(CONFIG_FILE, None, None, f"cannot be read: {exc.strerror or exc}", hint)


def require(root: Path) -> None:
    """Raise ConfigError when root holds no site.yml: not a hub at all."""
    if (root / CONFIG_FILE).is_dir():  # a hub whose settings cannot be read, not no hub
        raise ConfigError([unreadable(IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR)))])
    if not (root / CONFIG_FILE).is_file():
        raise ConfigError([missing(root)])
