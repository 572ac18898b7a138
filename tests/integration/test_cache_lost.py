"""A cache file damaged between builds, found by the worker processes that render the pages:
what they convert again is counted as converted, not as from the cache, and is written back."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from cacheentries import entries
from hubtest import make_site, run_cli, tree
from recordhub import cachefile, convert, writing
from recordhub.render import THEME_DIR

PAGES = writing.PARALLEL_FROM + 20  # rendered by worker processes


@pytest.fixture
def hub(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setattr(os, "cpu_count", lambda: 4)  # workers, whatever the machine
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1772366400")
    files = {"content/_index.md": "---\ntitle: Home\n---\nHome.\n"}
    for n in range(PAGES - 1):
        files[f"content/notes/n{n:03}.md"] = (
            f"---\ntitle: Note {n}\n---\n# Note {n}\n\nText *{n}*, said once.\n"
        )
    return make_site(tmp_path / "hub", files)


def build(hub: Path, out: Path, *flags: str) -> str:
    run = run_cli("-C", hub, "build", "--no-search", "-o", out, *flags)
    assert run.code == 0, run.err
    assert "Traceback" not in run.err
    return run.out


def from_cache(summary: str) -> int:
    found = re.search(r"\((\d+) from cache[,)]", summary)
    assert found, summary
    return int(found.group(1))


def rendered_again(hub: Path, mark: str) -> None:
    """Change the frame of every page, so that every page is rendered, none carried over."""
    (hub / "templates").mkdir(exist_ok=True)
    base = (THEME_DIR / "templates" / "base.html").read_text("utf-8")
    (hub / "templates" / "base.html").write_text(base.replace("</body>", f"{mark}</body>"))


# each loses every body: a file cut short, whose entries a worker may still find in the part
# left, is counted as found (tests/integration/test_cache.py)
DAMAGE = {
    "pages-overwritten": lambda data: data[:4096] + b"\xee" * (len(data) - 4096),
    "not-a-database": lambda data: b"not a database at all\n" * 500,
    "empty": lambda data: b"",
}


@pytest.mark.parametrize("damage", list(DAMAGE))
def test_bodies_the_cache_lost_are_converted_again_counted_and_kept(
    hub: Path, tmp_path: Path, damage: str
) -> None:
    out = tmp_path / "out"
    assert from_cache(build(hub, out)) == 0
    path = hub / convert.CACHE_DIR / cachefile.FILE
    path.write_bytes(DAMAGE[damage](path.read_bytes()))
    # the last build's snapshot still knows every body: only rendering reads them, in workers
    rendered_again(hub, "<!-- two -->")
    summary = build(hub, out)
    assert from_cache(summary) == 0, summary  # each was converted again, by a worker
    build(hub, tmp_path / "fresh", "--no-cache")
    assert tree(out) == tree(tmp_path / "fresh")
    # what the workers converted again is in the file in place, every body of it
    assert len(entries(hub / convert.CACHE_DIR)) == PAGES
    rendered_again(hub, "<!-- three -->")
    assert from_cache(build(hub, out)) == PAGES
