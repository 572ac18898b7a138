"""What a person put at the top of the output folder (a CNAME file, a .git checkout to deploy
from, a host's verification page): a build replaces the folder whole, so it carries them over.

The last build's manifest.json tells its own top-level names from the rest. Deeper down, only
what a build writes is kept: so a folder of the person's that the build now writes into too (a
page at /press/ where press/kit.pdf was put by hand) stops the build before anything is
replaced, rather than have its files go with the next build.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from pathlib import Path

from recordhub.diagnostics import Diagnostic, error, notice
from recordhub.outfolder import MANIFEST, MARKER


def clashes(out: Path, written: Iterable[str]) -> list[Diagnostic]:
    """An error for each top-level entry put in out by hand that the new build writes into too;
    run before the swap, so that nothing is lost when there is one."""
    first: dict[str, str] = {}  # a file the build writes there, to name in the message
    for rel in sorted(written):
        first.setdefault(rel.split("/", 1)[0], rel)
    before = _top_level(out / MANIFEST)
    try:
        names = sorted(entry.name for entry in os.scandir(out))
    except OSError:
        return []
    if before is None:
        return []  # which entries the last build wrote is unknown: carry_over keeps the rest
    return [
        error(
            str(out / name),
            None,
            None,
            f"put here by hand, and the build now writes {first[name]} here too; deeper in the "
            "output folder, a build keeps only what it writes",
            f"to publish what you put there, move it into static/{name}, else delete it; then "
            "build again",
        )
        for name in names
        if name in first and name not in before and _holds_files(out / name)
    ]


def _holds_files(path: Path) -> bool:
    """Whether there is anything to lose: a file, or a folder with a file somewhere below."""
    if not path.is_dir() or path.is_symlink():
        return True
    return any(files for _, _, files in os.walk(path))


def carry_over(old: Path, new: Path, written: Iterable[str]) -> list[Diagnostic]:
    """Move into new the top-level entries of old that no build wrote: neither the one that
    made new (written) nor the one that made old (its manifest lists what it wrote); a notice
    for each but the hidden ones (.git, .nojekyll), which deploy tools put there."""
    ours = {rel.split("/", 1)[0] for rel in written}
    try:
        others = [entry.name for entry in os.scandir(old) if entry.name not in ours]
    except OSError:
        return []
    if not others:
        return []  # the usual build: it wrote at the top what the last one wrote there
    before = _top_level(old / MANIFEST)
    # with no manifest to read (deleted by hand, say), a page's folder the last build left is
    # kept too: the notice names it, and deleting it once is the whole cost
    kept = sorted(name for name in others if before is None or name not in before)
    for name in kept:
        os.replace(old / name, new / name)
    return [
        notice(
            str(new / name),
            None,
            None,
            "kept, though no page or file of the hub makes it",
            "to publish it from the hub, put it in static/; to drop it, delete it here",
        )
        for name in kept
        if not name.startswith(".")
    ]


def _top_level(manifest: Path) -> set[str] | None:
    """The top-level names of the files a manifest.json lists, and its own and the marker's,
    or None if it cannot be read."""
    try:
        listed = json.loads(manifest.read_bytes())["files"]
        return {MANIFEST, MARKER, *(str(entry["path"]).split("/", 1)[0] for entry in listed)}
    except (OSError, ValueError, KeyError, TypeError):
        return None
