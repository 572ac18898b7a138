"""Markdown conversion for a whole build: from the cache (converted.py), else on all cores;
and a body read back from the cache when its page is shown."""

from __future__ import annotations

import os
import signal
import threading
from collections.abc import Callable
from pathlib import Path

from msgspec import Struct

from recordhub import frontmatter, workers
from recordhub.bodykeys import body_key, settings_token
from recordhub.config import MarkdownSettings
from recordhub.converted import Store, stored
from recordhub.diagnostics import Diagnostic, DiagnosticError, error
from recordhub.markdown import Converter, Rendered, Shown
from recordhub.sources import SourceFile

CACHE_DIR = ".recordhub-cache"
PARALLEL_FROM = 48  # below this, starting processes costs more than it saves
_LEAST = 8  # bodies in the smallest share: each share costs a message and its reply
# bodies looked up in the cache one by one; once that many are not there, the cache's keys are
# read in one query, and only a body among them is looked up: a cold build of 10,000 pages
# asked the cache 10,000 times for nothing, a third of a second of the main process. A body
# another build stores after that query is converted here too, which only costs time
_ALONE = 32


class Failure(Struct, frozen=True):
    """Why a page could not be converted (it took too long, nested too deep, or changed)."""

    reason: str
    hint: str = (
        "look for very long runs of [ or ` or deeply nested lists and quotes; split the page"
    )


CHANGED = Failure(
    "the file changed while the site was being built", "build again once the files are saved"
)


def changed_meanwhile(problem: Diagnostic) -> bool:
    """Whether a problem is a page that changed while it was read (see CHANGED)."""
    return problem.message.endswith(CHANGED.reason)


class _TimeUp(Exception):
    pass


def _alarm(signum: int, frame: object) -> None:
    raise _TimeUp


def convert_one(converter: Converter, body: str, limit: float) -> Rendered | Failure:
    """Convert one body within the time limit (enforced where signals can reach us)."""
    timed = threading.current_thread() is threading.main_thread() and hasattr(signal, "setitimer")
    previous = signal.signal(signal.SIGALRM, _alarm) if timed else None
    try:
        if timed:
            signal.setitimer(signal.ITIMER_REAL, limit)
        return converter.render(body)
    except _TimeUp:
        converter.reset()
        return Failure(f"converting it took over {limit:g} s, so it was stopped")
    except RecursionError:
        converter.reset()
        return Failure("it is nested too deeply to convert")
    finally:
        if timed:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous)


def convert_file(
    converter: Converter, key: str, path: Path, token: str, limit: float
) -> Rendered | Failure:
    """Convert the body of a page file, if it is still the body whose key is given."""
    # read here rather than passed in: no process holds every page's body at once
    body = frontmatter.body_of(path)
    if body is None or body_key(body, token) != key:
        return CHANGED
    return convert_one(converter, body, limit)


class Loader(Struct, frozen=True):
    """Reads a body's HTML and headings back from the store when the page is shown."""

    # an object, not a closure: a build holds one per page, and this is a third of the size
    store: Store
    key: str
    source: SourceFile
    settings: MarkdownSettings

    def __call__(self) -> Shown:
        shown = self.store.shown(self.key)
        if shown is None:  # the entry was removed or damaged since: convert the file again
            shown = _again(self.store, self.source, self.key, self.settings)
        return shown


def _again(store: Store, source: SourceFile, key: str, settings: MarkdownSettings) -> Shown:
    """A page converted once more (and cached again), if its file is unchanged."""
    token = settings_token(settings)
    limit = settings.time_limit
    result = convert_file(Converter(settings), key, source.abs_path, token, limit)
    if isinstance(result, Failure) or result.html is None:
        reason = result.reason if isinstance(result, Failure) else "it gave no HTML"
        hint = "build again once the files are saved"
        raise DiagnosticError([error(source.display_path, None, None, reason, hint)])
    shown = Shown(result.html, result.headings or ())
    store.redone.add(key)
    if not store.save(key, result):
        store.held[key] = shown
    return shown


_WORKER: tuple[Converter, Store, str] | None = None


def _start_worker(parent: int, settings: MarkdownSettings, folder: Path | None) -> None:
    global _WORKER  # one converter per worker process, built once
    workers.start(parent)
    _WORKER = (Converter(settings), Store(folder), settings_token(settings))


def _convert_chunk(job: tuple[list[tuple[str, Path]], float]) -> list[Rendered | Failure]:
    """In a worker: convert, and put the HTML in the store here rather than send it back."""
    assert _WORKER is not None
    converter, store, token = _WORKER
    pairs, limit = job
    results = [convert_file(converter, key, path, token, limit) for key, path in pairs]
    found = {key: r for (key, _), r in zip(pairs, results, strict=True) if isinstance(r, Rendered)}
    if store.save_all(found):  # in one transaction: one wait for the file, not one per page
        results = [stored(r) if isinstance(r, Rendered) else r for r in results]
    return results


class Conversions:
    """A build's Markdown bodies: from the cache, else on all cores, else in process.

    Bodies are sent to the workers while their files are still being read (add), so that
    reading every file's front matter takes no time of its own; done() then waits for those
    the build needs. A body whose page proves invalid was converted for nothing, and stays in
    the cache for when the page is fixed.
    """

    def __init__(self, settings: MarkdownSettings, store: Store, files: int = 0) -> None:
        self.settings = settings
        self.store = store
        cores = os.cpu_count() or 1
        self.count = min(cores, 8)
        self.files = files
        # a share is sent as soon as it is read: until then, a worker may wait for it
        self.most = max(_LEAST, files // (self.count * 4))
        self.ahead = files >= PARALLEL_FROM and cores > 1  # else all is decided in done()
        self.taken: set[str] = set()
        self.missed = 0  # bodies looked up one by one and not found
        self.present: frozenset[str] | None = None  # the cache's keys, once read (see _ALONE)
        self.cached: dict[str, Rendered] = {}
        self.waiting: dict[str, Path] = {}  # not yet sent
        self.chunks: list[list[str]] = []  # sent, by job index
        self.pooled = 0  # bodies sent to the workers
        self.results: dict[str, Rendered | Failure] = {}
        folder = store.folder if store.writable else None
        self.pool: workers.Pool[tuple[list[tuple[str, Path]], float], list[Rendered | Failure]]
        self.pool = workers.Pool(_convert_chunk, self.count, _start_worker, (settings, folder))

    def __enter__(self) -> Conversions:
        self.pool.__enter__()
        return self

    def __exit__(self, kind: type[BaseException] | None, *exc: object) -> None:
        self.pool.__exit__(kind, *exc)

    def add(self, key: str, path: Path) -> None:
        """A body that will probably be needed, sent to a worker unless it is cached."""
        if key in self.taken:
            return
        self.taken.add(key)
        if self.present is None and self.missed >= _ALONE:
            self.present = self.store.keys()
        if self.present is None or key in self.present:
            cached = self.store.load(key, count=False)
            if cached is not None:
                self.cached[key] = stored(cached)
                return
            self.missed += 1
        self.waiting[key] = path
        # a pool is started for many bodies only, as in done(): a few edited pages of a large
        # hub convert sooner here than workers start. The first share is no larger: until it
        # is sent, the workers wait for this process to read it (a second, at 10,000 pages)
        if self.pool.submitted:  # a share of what is left to send: not yet read, or waiting
            left = self.files - len(self.taken) + len(self.waiting)
            least = workers.share(left, self.count, _LEAST, self.most)
        else:
            least = PARALLEL_FROM
        if self.ahead and len(self.waiting) >= least:
            self._send(last=False)

    def _send(self, last: bool) -> None:
        """Send the bodies waiting: as one share while files are read, else in shrinking ones."""
        keys = list(self.waiting)
        self.pooled += len(keys)
        jobs = []
        cuts = workers.shares(len(keys), self.count, _LEAST, self.most)
        for cut in cuts if last else [range(len(keys))]:
            chunk = keys[cut.start : cut.stop]
            self.chunks.append(chunk)
            jobs.append(([(key, self.waiting[key]) for key in chunk], self.settings.time_limit))
        self.waiting.clear()
        self.pool.submit(jobs)

    def result(self, key: str, converter: Converter) -> Rendered | Failure | None:
        """A body the build did not ask for (its page has errors), converted if it was not."""
        if key not in self.cached and key not in self.results and self.pool.submitted:
            # sent to the workers while every page the build needs was in the cache, so
            # that done() was not called, or not asked to wait for it
            self.done({}, converter)
        found = self.cached.get(key) or self.results.get(key)
        if found is None and key in self.waiting:
            token, limit = settings_token(self.settings), self.settings.time_limit
            found = convert_file(converter, key, self.waiting[key], token, limit)
        return found

    def done(
        self,
        work: dict[str, Path],
        converter: Converter,
        progress: Callable[[int], None] | None = None,
        meanwhile: Callable[[], None] | None = None,
    ) -> dict[str, Rendered | Failure]:
        """Every page file's conversion by its body's key (its HTML in the store); meanwhile
        runs here while worker processes convert, if they do."""
        for key, path in work.items():
            self.add(key, path)
        needed = set(work)
        hits = [key for key in self.cached if key in needed]
        self.store.hits += len(hits)
        ready = len(hits)
        if progress:
            progress(ready)
        if self.pool.submitted or (len(self.waiting) >= PARALLEL_FROM and self.count > 1):
            self._send(last=True)
            if meanwhile is not None:
                meanwhile()

            def finished(index: int, rendered: list[Rendered | Failure]) -> None:
                nonlocal ready
                self.results.update(zip(self.chunks[index], rendered, strict=True))
                ready += sum(key in needed for key in self.chunks[index])
                if progress:
                    progress(ready)

            self.pool.wait(finished)
        else:
            token = settings_token(self.settings)
            for key, path in self.waiting.items():
                if key in needed:
                    limit = self.settings.time_limit
                    self.results[key] = convert_file(converter, key, path, token, limit)
                    ready += 1
                    if progress:
                        progress(ready)
        self.store.misses += sum(key in needed for key in self.results)
        done = {key: self.cached[key] if key in self.cached else self.results[key] for key in work}
        fresh = {k: r for k, r in done.items() if isinstance(r, Rendered) and r.html is not None}
        done.update(self.store.keep_all(fresh))
        return done
