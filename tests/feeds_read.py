"""Build a test hub and read its Atom feeds as feed readers do (feedparser)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import feedparser

from hubtest import run_cli


def build(hub: Path, out: Path, *flags: str) -> None:
    """recordhub build into out, which must succeed."""
    run = run_cli("-C", hub, "build", "-o", out, *flags)
    assert run.code == 0, run.err
    assert "Traceback" not in run.err + run.out


def feed(out: Path, rel: str) -> Any:
    """The feed at rel in out, parsed; a feed feedparser finds fault with fails the test."""
    parsed = feedparser.parse((out / rel).read_bytes())
    assert parsed.bozo == 0, parsed.get("bozo_exception")
    assert parsed.version == "atom10"
    return parsed
