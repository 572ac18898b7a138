"""Markdown conversion for a whole build: from the cache (converted.py), else on all cores."""

from __future__ import annotations

import functools
import hashlib
import os
import signal
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from recordhub import __version__, frontmatter, workers
from recordhub.config import MarkdownSettings
from recordhub.converted import Store, stored
from recordhub.diagnostics import Diagnostic
from recordhub.markdown import Converter, Rendered

CACHE_DIR = ".recordhub-cache"
CACHE_FORMAT = 7  # bump when conversion or sanitising changes what a body becomes
PARALLEL_FROM = 48  # below this, starting processes costs more than it saves


def settings_token(settings: MarkdownSettings) -> str:
    """What, besides the text, decides the HTML: the settings and this version of recordhub."""
    tools = _tools()
    if any(name.endswith("codehilite") for name in settings.extensions):
        tools += f"\0{_colours()}"
    return f"{__version__}\0{CACHE_FORMAT}\0{tools}\0{settings.model_dump_json()}"


@functools.cache
def _tools() -> str:
    """The converter's and the sanitiser's versions, which decide the HTML as much as the
    settings do (read from their installed metadata once per process, not per token)."""
    from importlib.metadata import version

    return f"{version('markdown')}\0{version('nh3')}"


@functools.cache
def _colours() -> str:
    """The Pygments that codehilite colours code with, or none (it then leaves code plain),
    as the module is found: installed, upgraded or removed, it changes the HTML."""
    from importlib import import_module

    try:
        pygments = import_module("pygments")  # which codehilite imports anyway, to convert
    except ImportError:
        return "no pygments"
    return f"pygments {getattr(pygments, '__version__', '?')}"


def body_key(body: str, token: str) -> str:
    """Cache key of one page body."""
    return hashlib.blake2b(
        f"{token}\0{body}".encode("utf-8", "surrogatepass"), digest_size=20
    ).hexdigest()


@dataclass(frozen=True)
class Failure:
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
    results: list[Rendered | Failure] = []
    for key, path in pairs:
        rendered = convert_file(converter, key, path, token, limit)
        if isinstance(rendered, Rendered) and store.save(key, rendered):
            rendered = stored(rendered)
        results.append(rendered)
    return results


def convert_all(
    work: dict[str, Path],
    settings: MarkdownSettings,
    store: Store,
    converter: Converter,
    progress: Callable[[int], None] | None = None,
) -> dict[str, Rendered | Failure]:
    """Every page file's conversion by its body's key (its HTML in the store): from the cache,
    else on all cores, else in process."""
    done: dict[str, Rendered | Failure] = {}
    missing: list[str] = []
    for key in work:
        cached = store.load(key)
        if cached is None:
            missing.append(key)
        else:
            done[key] = stored(cached)
    store.misses += len(missing)
    if progress:
        progress(len(done))
    cores = os.cpu_count() or 1
    if len(missing) >= PARALLEL_FROM and cores > 1:
        folder = store.folder.parent if store.folder is not None and store.writable else None
        results = _in_pool(missing, work, settings, folder, min(cores, 8), progress, len(done))
    else:
        results = {}
        token = settings_token(settings)
        for key in missing:
            results[key] = convert_file(converter, key, work[key], token, settings.time_limit)
            if progress:
                progress(len(done) + len(results))
    for key, rendered in results.items():
        done[key] = store.keep(key, rendered) if isinstance(rendered, Rendered) else rendered
    return done


def _in_pool(
    missing: list[str],
    work: dict[str, Path],
    settings: MarkdownSettings,
    folder: Path | None,
    count: int,
    progress: Callable[[int], None] | None,
    before: int,
) -> dict[str, Rendered | Failure]:
    # few, large chunks keep start-up and transfer small; a few per worker even out the load
    size = max(8, len(missing) // (count * 4))
    chunks = [missing[i : i + size] for i in range(0, len(missing), size)]
    results: dict[str, Rendered | Failure] = {}
    jobs = list(_jobs(chunks, work, settings))

    def done(index: int, rendered: list[Rendered | Failure]) -> None:
        results.update(zip(chunks[index], rendered, strict=True))
        if progress:
            progress(before + len(results))

    # workers start by fork where that is safe (a conversion needs nothing of the parent's)
    workers.run(_convert_chunk, jobs, count, _start_worker, (settings, folder), done)
    return results


def _jobs(
    chunks: list[list[str]], work: dict[str, Path], settings: MarkdownSettings
) -> Iterable[tuple[list[tuple[str, Path]], float]]:
    return (([(key, work[key]) for key in chunk], settings.time_limit) for chunk in chunks)
