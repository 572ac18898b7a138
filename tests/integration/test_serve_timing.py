"""The preview and saves that come at awkward moments: during its first build, and in the
middle of a checkout that writes a page before the page it links to; and an embargo that ends
while nobody saves anything."""

from __future__ import annotations

import datetime as dt
import http.client
import os
import re
import signal
import subprocess
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from hubtest import make_site, spawn

URL = re.compile(r"Serving the preview at http://127\.0\.0\.1:(\d+)/")
NOTES = 250  # enough pages that the first build, and a rebuild, take a while


def hub_files() -> dict[str, str]:
    files = {
        "content/_index.md": "---\ntitle: Home\n---\nWelcome.\n",
        "content/notes/_index.md": "---\ntitle: Notes\n---\nAll notes.\n",
    }
    for n in range(NOTES):
        body = f"Note {n}. " + "Some words about data storage and access. " * 40
        files[f"content/notes/n{n:03d}.md"] = (
            f"---\ntitle: Note {n}\ntags: [t{n % 9}]\n---\n{body}\n"
        )
    return files


class Preview:
    """A running preview: its process, what it printed, and its port once it serves."""

    def __init__(self, proc: subprocess.Popen[str]) -> None:
        self.proc = proc
        self.out: list[str] = []
        self.err: list[str] = []
        self.serving = threading.Event()
        self.port = 0
        self.readers = [threading.Thread(target=t) for t in (self._read_out, self._read_err)]
        for reader in self.readers:
            reader.start()

    def close(self) -> None:
        """Read what is left of the output once the preview has ended, and close its pipes."""
        for reader in self.readers:
            reader.join(10)
        for stream in (self.proc.stdout, self.proc.stderr):
            if stream is not None:
                stream.close()

    def _read_out(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            self.out.append(line)
            if (found := URL.search(line)) is not None:
                self.port = int(found[1])
                self.serving.set()
        self.serving.set()

    def _read_err(self) -> None:
        assert self.proc.stderr is not None
        self.err.extend(self.proc.stderr)

    def get(self, path: str) -> str:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            conn.request("GET", path)
            return conn.getresponse().read().decode("utf-8")
        finally:
            conn.close()

    def shows(self, path: str, text: str, within: float) -> bool:
        deadline = time.monotonic() + within
        while time.monotonic() < deadline:
            if text in self.get(path):
                return True
            time.sleep(0.1)
        return False

    def rebuilds(self) -> int:
        return sum(line.startswith("Rebuilt in ") for line in self.out)


@contextmanager
def preview(hub: Path, tmp_path: Path) -> Iterator[Preview]:
    tmpdir = tmp_path / "tmp"
    tmpdir.mkdir()
    proc = spawn("-C", hub, "serve", "--port", "0", TMPDIR=str(tmpdir))
    running = Preview(proc)
    try:
        yield running
    finally:
        os.killpg(proc.pid, signal.SIGINT)
        proc.wait(10)
        running.close()
    assert "Traceback" not in "".join(running.err)
    assert list(tmpdir.iterdir()) == []  # the preview folder is gone, and nothing in it


def test_saves_made_while_the_first_build_runs_all_show(tmp_path: Path) -> None:
    hub = make_site(tmp_path / "hub", hub_files())
    saved: list[int] = []
    with preview(hub, tmp_path) as running:
        # a save every 0.15 s, each to its own page, until the preview serves: some land
        # before the first build reads the page, some after
        while not running.serving.is_set() and len(saved) < 40:
            n = len(saved)
            page = hub / "content" / "notes" / f"n{n:03d}.md"
            page.write_text(f"---\ntitle: Note {n}\n---\nSaved-{n}-while-starting.\n")
            saved.append(n)
            time.sleep(0.15)
        assert running.serving.wait(60), "".join(running.err)
        assert len(saved) >= 3, "the first build was too quick to save during it"
        missing = [
            n
            for n in saved
            if not running.shows(f"/notes/n{n:03d}/", f"Saved-{n}-while-starting.", within=15)
        ]
        assert missing == [], "".join(running.err)


def test_a_page_linking_to_one_written_a_moment_later_shows_no_error(tmp_path: Path) -> None:
    # as a checkout does: a.md is written first, b.md, which a.md links to, just after; the
    # rebuild that starts between the two fails, and is over before anyone needs to know
    hub = make_site(tmp_path / "hub", hub_files())
    with preview(hub, tmp_path) as running:
        assert running.serving.wait(60), "".join(running.err)
        before = running.rebuilds()
        notes = hub / "content" / "notes"
        # long enough that its own conversion outlasts the pause below on any machine: b.md
        # comes while the rebuild of a.md alone runs (its debounce is 5 ms), not after it
        long = "".join(f"Paragraph {n} of the page about data storage.\n\n" for n in range(4000))
        (notes / "a.md").write_text(f"---\ntitle: A\n---\nSee [b](b.md).\n\n{long}")
        time.sleep(0.05)
        (notes / "b.md").write_text("---\ntitle: B\n---\nThe page a.md links to.\n")
        assert running.shows("/notes/a/", 'href="/notes/b/"', within=20)
        assert running.shows("/notes/b/", "The page a.md links to.", within=5)
        deadline = time.monotonic() + 5
        while running.rebuilds() == before and time.monotonic() < deadline:
            time.sleep(0.05)
        errors = "".join(running.err)
        assert "does not exist" not in errors and "Build failed" not in errors, errors


def test_an_embargo_that_ends_shows_the_page_published_with_no_save(tmp_path: Path) -> None:
    ends = (dt.datetime.now(dt.UTC) + dt.timedelta(seconds=8)).replace(microsecond=0)
    news = f"---\ntitle: News\npublish_at: {ends.isoformat()}\n---\nSoon.\n"
    hub = make_site(tmp_path / "hub", {"content/_index.md": "---\ntitle: Home\n---\nHi.\n"})
    (hub / "content" / "news.md").write_text(news)
    with preview(hub, tmp_path) as running:
        assert running.serving.wait(60), "".join(running.err)
        assert "scheduled and not yet published" in running.get("/news/")
        # nothing is saved: the preview rebuilds by itself once the time has come
        while "scheduled and not yet published" in running.get("/news/"):
            assert dt.datetime.now(dt.UTC) < ends + dt.timedelta(seconds=20), "".join(running.err)
            time.sleep(0.2)
        assert dt.datetime.now(dt.UTC) >= ends, "shown as published before its time"
