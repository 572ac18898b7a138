"""What the ingest stage learnt of each page file, kept in the cache for the next build.

A build still looks at every page file: one whose stat is as the last build found it (and
which had been still for a while then) is not read again, and one whose bytes are as the last
build read them is not parsed, validated or looked up in the conversion cache again: its front
matter and problems come from here. The snapshot is tied to recordhub's own code, Python,
pydantic, the site's settings and the hub's folder, so anything else starts afresh.

It is a pickle: the cache folder already holds compiled template code that the build runs,
so whoever can write there could already run code, and pickle is what loads fast enough.
"""

from __future__ import annotations

import gc
import hashlib
import os
import pickle
import sys
from pathlib import Path
from typing import Any

import pydantic

from recordhub import bodykeys, sealed
from recordhub.config import SiteConfig
from recordhub.sealed import unseal

FOLDER = "ingested"
SHARDS = 16  # an edit rewrites one shard, not the whole snapshot


def shard(rel: str) -> int:
    """Which shard a file's results are kept in."""
    return hashlib.blake2b(rel.encode("utf-8", "surrogatepass"), digest_size=1).digest()[0] % SHARDS


def token(config: SiteConfig) -> str:
    """What a snapshot is only good for: this code, this Python and these settings."""
    package = Path(__file__).resolve().parent
    # the conversion cache's own token: its version, format, tools and Markdown settings
    markdown = bodykeys.settings_token(config.settings.markdown)
    settings = config.settings.model_dump_json()
    # the hub's place too: what is kept names its files by absolute path
    parts = [markdown, sys.version, pydantic.VERSION, settings, str(config.root)]
    with os.scandir(package) as found:
        for entry in sorted(found, key=lambda e: e.name):
            if entry.name.endswith(".py"):
                stat = entry.stat()
                parts.append(f"{entry.name} {stat.st_size} {stat.st_mtime_ns}")
    return hashlib.blake2b(
        "\0".join(parts).encode("utf-8", "surrogatepass"), digest_size=16
    ).hexdigest()


class Snapshot:
    """The shards in one cache folder, and which files each held when it was read."""

    def __init__(self, cache: Path, made: str) -> None:
        self.folder = cache / FOLDER
        self.made = made
        self.read: dict[int, set[str]] = {}

    def load(self) -> dict[str, Any]:
        """The last build's results by file, from every shard that is whole and made alike
        (frozen: see gc.freeze)."""
        files: dict[str, Any] = {}
        gc.disable()  # thousands of small objects: collecting while they arrive only costs time
        try:
            for n in range(SHARDS):
                try:
                    payload = unseal((self.folder / f"{n:02d}.pickle").read_bytes())
                    if payload is None:
                        continue  # damaged: a changed byte can unpickle into anything at all
                    made, held = pickle.loads(payload)
                except Exception:  # an unreadable shard can fail in any way; it is never used
                    continue
                if made == self.made and isinstance(held, dict):
                    files.update(held)
                    self.read[n] = set(held)
        finally:
            # what was loaded lives as long as the build, which unfreezes it at its end: frozen
            # before the collector is back, or its first pass scans all of it (17 ms at 1,000)
            gc.freeze()
            gc.enable()
        return files

    def save(self, files: dict[str, Any], fresh: set[str]) -> None:
        """Write the shards whose files changed, each atomically; failing costs only time."""
        shards: dict[int, dict[str, Any]] = {n: {} for n in range(SHARDS)}
        for rel, known in files.items():
            shards[shard(rel)][rel] = known
        for n, held in shards.items():
            if set(held) == self.read.get(n) and not fresh.intersection(held):
                continue
            try:
                self.folder.mkdir(parents=True, exist_ok=True)
                payload = pickle.dumps((self.made, held), pickle.HIGHEST_PROTOCOL)
            except OSError:
                return
            except (pickle.PicklingError, TypeError, AttributeError):
                continue  # something not picklable: that shard is made afresh next time
            if sealed.write(self.folder / f"{n:02d}.pickle", payload, ".shard-"):
                self.read[n] = set(held)
        sealed.drop_unused(self.folder, "shard-")  # only what builds stopped while writing left
