"""A build without the cache links each file the live output holds byte for byte (samebytes)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from hubtest import make_site, run_cli, tree
from recordhub import writing
from recordhub.outfolder import MARKER

PAGES = {
    "content/_index.md": "---\ntitle: Home\n---\nWelcome. See [about](about.md).\n",
    "content/about.md": "---\ntitle: About\nsummary: Who we are.\n---\nWe make videos.\n",
    "content/press.md": "---\ntitle: Press\nsummary: Contact.\n---\nWrite to us.\n",
    "static/downloads/report.txt": "A report.\n",
}


def build(hub: Path, out: Path, *flags: str) -> None:
    run = run_cli("-C", hub, "build", "--no-search", "-o", out, *flags)
    assert run.code == 0, run.err
    assert "Traceback" not in run.err


def inodes(out: Path) -> dict[str, int]:
    return {
        str(path.relative_to(out)): path.lstat().st_ino
        for path in out.rglob("*")
        if path.is_file() and not path.is_symlink()
    }


@pytest.fixture(params=["serial", "workers"])
def hub(request: pytest.FixtureRequest, tmp_path: Path) -> Path:
    files = dict(PAGES)
    if request.param == "workers":  # enough pages to render in worker processes
        for n in range(writing.PARALLEL_FROM + 6):
            files[f"content/notes/n{n:03d}.md"] = f"---\ntitle: Note {n}\n---\nNote {n}.\n"
    return make_site(tmp_path / "hub", files)


def test_unchanged_files_keep_their_inode_and_time(hub: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    build(hub, out, "--no-cache")
    before, first = tree(out), inodes(out)
    times = {rel: (out / rel).stat().st_mtime_ns for rel in first}
    about = (out / "about/index.html").read_bytes()
    keep = tmp_path / "about-then.html"
    os.link(out / "about/index.html", keep)  # the file as it was, by another name
    page = hub / "content/about.md"
    page.write_text(page.read_text("utf-8").replace("videos", "films"), "utf-8")
    build(hub, out, "--no-cache")
    after, second = tree(out), inodes(out)
    changed = {rel for rel in after if after[rel] != before.get(rel)}
    assert "about/index.html" in changed
    assert b"films" in after["about/index.html"]
    # the page that changed is a new file, and the old one was not written through
    assert second["about/index.html"] != first["about/index.html"]
    assert keep.read_bytes() == about
    # all but the folder's mark, written anew by each build that puts a folder in place
    same = [rel for rel in second if rel not in changed and rel in first and rel != MARKER]
    assert "press/index.html" in same and "downloads/report.txt" in same
    assert len(same) > len(changed)
    for rel in same:
        assert second[rel] == first[rel], rel
        assert (out / rel).stat().st_mtime_ns == times[rel], rel
    # and what a fresh folder gets is the same, byte for byte
    build(hub, tmp_path / "fresh", "--no-cache")
    assert tree(tmp_path / "fresh") == after


def test_a_live_file_with_other_bytes_of_the_same_size_is_replaced(
    hub: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    build(hub, out, "--no-cache")
    want = tree(out)
    target = out / "press/index.html"
    data = target.read_bytes()
    target.write_bytes(data.replace(b"Write to us", b"WRITE TO US"))  # edited by hand
    mark = target.stat().st_ino
    build(hub, out, "--no-cache")
    assert tree(out) == want
    assert (out / "press/index.html").stat().st_ino != mark


def test_a_symbolic_link_in_the_live_output_is_not_followed(hub: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    build(hub, out, "--no-cache")
    want = tree(out)
    elsewhere = tmp_path / "elsewhere.html"
    elsewhere.write_bytes((out / "press/index.html").read_bytes())  # the very bytes
    (out / "press/index.html").unlink()
    (out / "press/index.html").symlink_to(elsewhere)
    build(hub, out, "--no-cache")
    placed = out / "press/index.html"
    assert not placed.is_symlink()
    assert placed.lstat().st_ino != elsewhere.stat().st_ino
    assert tree(out) == want
    assert elsewhere.stat().st_nlink == 1
