"""What the ingest stage learnt of each page file, kept in the cache for the next build.

A build still reads every page file, but one whose bytes are as the last build read them is
not parsed, validated or looked up in the conversion cache again: its front matter, problems
and converted headings come from here. The snapshot is tied to recordhub's own code, Python,
pydantic and the site's settings, so anything else starts afresh.

It is a pickle: the cache folder already holds compiled template code that the build runs,
so whoever can write there could already run code, and pickle is what loads fast enough.
"""

from __future__ import annotations

import gc
import hashlib
import os
import pickle
import sys
import tempfile
from pathlib import Path
from typing import Any

import pydantic

from recordhub import convert
from recordhub.config import SiteConfig

NAME = "ingested.pickle"


def token(config: SiteConfig) -> str:
    """What a snapshot is only good for: this code, this Python and these settings."""
    package = Path(__file__).resolve().parent
    # the conversion cache's own token: its version, format, tools and Markdown settings
    markdown = convert.settings_token(config.settings.markdown)
    parts = [markdown, sys.version, pydantic.VERSION, config.settings.model_dump_json()]
    with os.scandir(package) as found:
        for entry in sorted(found, key=lambda e: e.name):
            if entry.name.endswith(".py"):
                stat = entry.stat()
                parts.append(f"{entry.name} {stat.st_size} {stat.st_mtime_ns}")
    return hashlib.blake2b("\0".join(parts).encode(), digest_size=16).hexdigest()


def load(folder: Path, expected: str) -> dict[str, Any]:
    """The last build's results by file, or nothing when missing, damaged or made otherwise."""
    try:
        data = (folder / NAME).read_bytes()
    except OSError:
        return {}
    gc.disable()  # thousands of small objects: collecting while they arrive only costs time
    try:
        made, files = pickle.loads(data)
    except Exception:  # a damaged snapshot can fail in any way; it is rebuilt, never used
        return {}
    finally:
        gc.enable()
    return files if made == expected and isinstance(files, dict) else {}


def save(folder: Path, made: str, files: dict[str, Any]) -> None:
    """Write the snapshot atomically; a snapshot that cannot be written costs the next build."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handle, tmp = tempfile.mkstemp(dir=folder, prefix=".ingested-", suffix=".tmp")
    except OSError:
        return
    try:
        with os.fdopen(handle, "wb") as stream:
            pickle.dump((made, files), stream, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, folder / NAME)
    except (OSError, pickle.PicklingError):
        Path(tmp).unlink(missing_ok=True)
