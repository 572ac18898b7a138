"""What a person put at the top of the output folder (a CNAME file, a .git checkout to deploy
from, a host's verification page): a build replaces the folder whole, so it carries them over."""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from pathlib import Path

from recordhub.diagnostics import Diagnostic, notice


def carry_over(old: Path, new: Path, written: Iterable[str], manifest: str) -> list[Diagnostic]:
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
    before = _top_level(old / manifest)
    if before is None:
        return []  # no list of what recordhub wrote there, so nothing can be told apart
    kept = sorted(name for name in others if name not in before)
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
    """The top-level names of the files a manifest.json lists, or None if it cannot be read."""
    try:
        listed = json.loads(manifest.read_bytes())["files"]
        return {str(entry["path"]).split("/", 1)[0] for entry in listed}
    except (OSError, ValueError, KeyError, TypeError):
        return None
