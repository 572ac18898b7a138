"""Site search: a Pagefind index of the finished pages, one per language, built offline."""

from __future__ import annotations

import base64
import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from importlib import metadata
from pathlib import Path

from recordhub import indexes, indexorder, output
from recordhub.diagnostics import Diagnostic, error
from recordhub.indexes import FOLDER

PAGE = "search/index.html"  # in every language; revised once the index exists
UI = (f"{FOLDER}/pagefind-ui.js", f"{FOLDER}/pagefind-ui.css")  # what the search page loads
# every index has these, under these names: what a page or a script may name before it exists
FIXED = (
    *UI,
    *(f"{FOLDER}/pagefind{name}" for name in (".js", "-entry.json", "-worker.js", "-highlight.js")),
    *(
        f"{FOLDER}/pagefind-{kind}-ui.{ext}"
        for kind in ("modular", "component")
        for ext in ("js", "css")
    ),
)


def index(
    site_dir: Path,
    digest: str,
    gentle: bool = False,
    started: Callable[[subprocess.Popen[str], Path], None] | None = None,
    scratch: Path | None = None,
) -> tuple[Path | None, list[Diagnostic]]:
    """Run Pagefind over a built folder into a new temporary folder (in scratch, when given,
    which its owner removes however the run ends); return that folder."""
    try:
        out = Path(tempfile.mkdtemp(prefix="recordhub-search-", dir=scratch))
    except OSError as exc:  # the preview removed its folder as it stopped
        hint = "check that the temporary folder exists and is writable"
        return None, [error("search index", None, None, f"no scratch folder: {exc}", hint)]
    target = out / FOLDER
    command = [
        sys.executable,
        "-m",
        "pagefind",
        "--site",
        str(site_dir),
        "--output-path",
        str(target),
        "--quiet",
    ]
    try:
        process = subprocess.Popen(
            command,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            preexec_fn=_lower_priority if gentle else None,
        )
        if started is not None:
            started(process, out)  # so a preview that stops can stop it too
        stdout, stderr = process.communicate(timeout=600)
        done = subprocess.CompletedProcess(command, process.returncode, stdout, stderr)
    except (OSError, subprocess.TimeoutExpired) as exc:
        shutil.rmtree(out, ignore_errors=True)
        return None, [
            error(
                "search index",
                None,
                None,
                f"Pagefind could not run: {exc}",
                "install it with pip install 'pagefind[bin]', or build with --no-search",
            )
        ]
    if done.returncode != 0 or not target.is_dir():
        shutil.rmtree(out, ignore_errors=True)
        detail = (done.stderr or done.stdout).strip().splitlines()[-1:] or ["no output"]
        return None, [
            error(
                "search index",
                None,
                None,
                f"Pagefind failed: {detail[0]}",
                "build with --no-search to publish without search, and report this",
            )
        ]
    indexorder.settle(target)  # the same pages give the same bytes
    indexes.stamp(target, digest)
    return target, []


def indexer() -> str:
    """Which Pagefind makes the index: an index of the same pages made by another (the one
    without the extended build's word splitting for Chinese and Japanese) is not reused."""
    try:
        from pagefind.service import get_executable  # asked only of a build with search

        found, version = get_executable(), metadata.version("pagefind")
    except (ImportError, metadata.PackageNotFoundError):
        return ""  # not installed: running it is the error that is told
    return "" if found is None else f"{found.name} {version}"


def _lower_priority() -> None:
    os.nice(10)  # the preview's index yields the processor to rebuilds and the browser


class Background:
    """Keeps a preview folder's index fresh from a thread, one run at a time.

    The preview asks for a refresh after it has told the browser to reload, so indexing
    never delays a reload; saves that arrive meanwhile give one more run, not one each.
    """

    def __init__(self, folder: Path, quiet: float = 1.5) -> None:
        self.folder = folder
        self.quiet = quiet  # seconds without saves before indexing: typing is not interrupted
        self._last = 0.0
        self._lock = threading.Lock()
        self._running = False
        self._again = False
        self._stopped = False
        self._process: subprocess.Popen[str] | None = None
        self._scratch: Path | None = None
        self._thread: threading.Thread | None = None
        self._halt = threading.Event()  # wakes the thread from its wait for quiet
        self.runs = 0

    def stop(self, timeout: float = 0.5) -> None:
        """Stop any indexing now and remove its scratch folder (the preview is closing)."""
        with self._lock:
            self._stopped = True
            process, scratch, thread = self._process, self._scratch, self._thread
        self._halt.set()
        if process is not None and process.poll() is None:
            process.kill()
            process.wait(timeout=5)
        # the thread may be making its scratch folder: once the process exits, a thread cut
        # off there would leave it in the preview's temporary folder
        if thread is not None:
            thread.join(timeout)
        if scratch is not None:
            shutil.rmtree(scratch, ignore_errors=True)

    def _started(self, process: subprocess.Popen[str], scratch: Path) -> None:
        with self._lock:
            self._process, self._scratch = process, scratch
            stopped = self._stopped
        if stopped:
            process.kill()

    def request(self) -> None:
        """Refresh soon; returns at once."""
        with self._lock:
            self._last = time.monotonic()
            if self._running:
                self._again = True
                return
            self._running = True
            self._thread = threading.Thread(target=self._loop, name="recordhub-search", daemon=True)
        self._thread.start()

    def _loop(self) -> None:
        while True:
            while (wait := self._last + self.quiet - time.monotonic()) > 0:
                if self._halt.wait(wait):
                    break
            with self._lock:
                if self._stopped:
                    self._running = False
                    return
            # scratch beside the preview folder: removed with it, even if a Ctrl-C comes
            # before this thread has told stop() where it is
            scratch = self.folder.parent
            made, _ = index(self.folder, "preview", True, self._started, scratch)
            with self._lock:
                stopped = self._stopped
            if made is not None and not stopped:
                output.replace_folder(made, self.folder / FOLDER)
            if made is not None:
                shutil.rmtree(made.parent, ignore_errors=True)
            with self._lock:
                self.runs += 1
                self._process = self._scratch = None
                if not self._again or self._stopped:
                    self._running = False
                    return
                self._again = False


def with_integrity(html: bytes, root: str, folder: Path) -> bytes:
    """Give the search page's <link> and <script> for Pagefind's UI their integrity too."""
    text = html.decode("utf-8")
    for name in ("pagefind-ui.css", "pagefind-ui.js"):
        path = folder / name
        if not path.is_file():
            continue
        digest = base64.b64encode(hashlib.sha384(path.read_bytes()).digest()).decode()
        url = f'"{root}{FOLDER}/{name}"'
        text = text.replace(url, f'{url} integrity="sha384-{digest}"', 1)
    return text.encode("utf-8")


def add(
    writer: output.Writer,
    previous: Path | None,
    cache: Path | None,
    root: str,
    problems: list[Diagnostic],
) -> set[str]:
    """The Pagefind index, reused when no page's HTML changed since it was made."""
    assert writer.tmp is not None
    digest = indexes.pages_digest(writer.files, f"{indexer()} {indexorder.ORDER}")
    folder = indexes.reusable(previous, digest) or indexes.cached(cache, digest)
    made = None
    if folder is None:
        made, found = index(writer.tmp, digest)
        problems += found
        folder = made
        if made is not None:
            indexes.keep(cache, digest, made)
    added = set()
    if folder is not None:
        for rel, path in indexes.files_of(folder):
            writer.copy(rel, path, "search index")
            added.add(rel)
        for rel in [r for r in writer.files if r.endswith(PAGE)]:
            writer.revise(rel, lambda html: with_integrity(html, root, folder))
    if made is not None:
        shutil.rmtree(made.parent, ignore_errors=True)
    return added
