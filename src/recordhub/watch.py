"""File watching for the preview: watchdog events, filtered and coalesced into rebuilds."""

from __future__ import annotations

import contextlib
import errno
import logging
import stat
import sys
import threading
import time
import warnings
from collections.abc import Callable
from pathlib import Path

from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer
from watchdog.observers.api import BaseObserver, ObservedWatch
from watchdog.observers.polling import PollingObserver

from recordhub import emptypages, linked
from recordhub.config import CONFIG_FILE
from recordhub.leftout import is_ignored

WATCHED_FOLDERS = ("content", "templates", "static", "strings")
_SKIPPED_PARTS = frozenset({".git", ".recordhub-cache", "__pycache__", "node_modules", ".venv"})


SIGNAL_CHECK = 0.2  # seconds: how long a waiting main thread may leave a signal unhandled


class Debouncer:
    """Turns a stream of changed paths into rebuilds.

    A burst (a git checkout, a save by rename) gives one rebuild once the stream has been
    quiet for ``quiet`` seconds; paths that arrive while a rebuild runs give exactly one more.
    """

    # the events of one save or one checkout come microseconds apart, and every millisecond
    # waited here is one more before the browser shows the save; a burst split by a longer
    # pause still ends in a rebuild of the whole of it, the one more
    def __init__(
        self, rebuild: Callable[[set[Path]], None], quiet: float = 0.005, thread: bool = True
    ) -> None:
        self._rebuild = rebuild
        self._quiet = quiet
        self._pending: set[Path] = set()
        self._last = 0.0
        self._cond = threading.Condition()
        self._stopped = False
        self._thread: threading.Thread | None = None
        if thread:  # else the caller runs run() itself, e.g. on the main thread
            self._thread = threading.Thread(target=self.run, name="recordhub-rebuild", daemon=True)
            self._thread.start()

    def add(self, paths: set[Path]) -> None:
        """Note changed paths (called from the watcher's thread)."""
        with self._cond:
            self._pending |= paths
            self._last = time.monotonic()
            self._cond.notify()

    def waiting(self) -> bool:
        """Whether paths came in since the last rebuild began (one more rebuild is due)."""
        with self._cond:
            return bool(self._pending)

    def stop(self, timeout: float = 5.0) -> None:
        """End the rebuild thread after the current rebuild, waiting at most timeout."""
        with self._cond:
            self._stopped = True
            self._cond.notify()
        if self._thread is not None and self._thread is not threading.current_thread():
            self._thread.join(timeout=timeout)

    def run(self) -> None:
        """Wait for changes and rebuild, until stop()."""
        while True:
            with self._cond:
                while not self._pending and not self._stopped:
                    # woken now and then: a Ctrl-C the kernel gave to another thread (one that
                    # was forking the search indexer, say) only sets Python's flag, and the
                    # handler runs when the main thread next runs Python code
                    self._cond.wait(SIGNAL_CHECK)
                if self._stopped:
                    return
                while (wait := self._last + self._quiet - time.monotonic()) > 0:
                    self._cond.wait(wait)
                    if self._stopped:
                        return
                batch, self._pending = self._pending, set()
            self._rebuild(batch)


class _Relay(FileSystemEventHandler):
    """Passes on the events that matter: not editor droppings, output or caches."""

    def __init__(self, root: Path, ignored: list[Path], sink: Callable[[set[Path]], None]):
        self._root = root
        self._ignored = ignored
        self._sink = sink
        self.observer: BaseObserver | None = None
        # each watched folder's watch and identity: a watch follows its folder when it is
        # moved away, so a folder made again at the same path needs a watch of its own
        self._watched: dict[str, tuple[ObservedWatch, tuple[int, int]]] = {}
        self._watching = threading.Lock()
        # linked folders the build follows, by where they really are (see linked.py)
        self.links: dict[Path, list[Path]] = {}
        self._aliases: frozenset[Path] = frozenset()
        self._rescans = threading.Semaphore(1)  # one rescan at a time; a link made meanwhile
        self._again = threading.Event()  # asks the running one to look once more
        self._pass = emptypages.Holder(sink)  # a file emptied for a moment is held back

    def rescan(self) -> None:
        """Find the linked folders again and watch where each really is."""
        self._again.set()
        if not self._rescans.acquire(blocking=False):
            return  # the running rescan looks again before it ends
        try:
            while self._again.is_set():
                self._again.clear()
                links = linked.folders(self._root, WATCHED_FOLDERS)
                self.links = links
                self._aliases = frozenset(a for aliases in links.values() for a in aliases)
                watched = [self._root / name for name in WATCHED_FOLDERS]
                for real in sorted(links):  # a parent before the folders in it
                    if not any(real.is_relative_to(folder) for folder in watched):
                        self.watch_folder(real)
                        watched.append(real)
        finally:
            self._rescans.release()

    def watch_folder(self, folder: Path) -> None:
        """Watch the source folder now at this path, one made or made again while serving."""
        with self._watching:
            self._watch(folder)

    def _watch(self, folder: Path) -> None:
        if self.observer is None:
            return
        try:
            found = folder.stat()
            identity = (found.st_dev, found.st_ino) if stat.S_ISDIR(found.st_mode) else None
        except OSError:
            identity = None
        key = str(folder)
        known = self._watched.get(key)
        # gone, or another folder now; a folder deleted and made again at once may get the same
        # inode, but its watch has ended with the deletion
        ended = known is not None and not any(
            e.watch == known[0] and e.is_alive() for e in self.observer.emitters
        )
        if known is not None and (known[1] != identity or ended):
            del self._watched[key]
            with contextlib.suppress(KeyError):  # an emitter whose folder was deleted
                self.observer.unschedule(known[0])
        if identity is not None and key not in self._watched:
            watch = self.observer.schedule(self, key, recursive=True)
            self._watched[key] = (watch, identity)

    def relevant(self, raw: str | bytes) -> Path | None:
        """The path if an event on it should trigger a rebuild."""
        if not raw:
            return None  # events without a destination carry an empty dest_path
        path = Path(raw.decode() if isinstance(raw, bytes) else raw)
        if is_ignored(path.name) or _SKIPPED_PARTS.intersection(path.parts):
            return None
        if any(path.is_relative_to(folder) for folder in self._ignored):
            return None
        if path.parent == self._root and path.name in WATCHED_FOLDERS:
            # e.g. a first templates/ folder, made while serving; not on this thread, which
            # delivers the events: dropping the watch of a deleted folder waits for its reader
            threading.Thread(target=self.watch_folder, args=(path,), daemon=True).start()
            return path
        if path.parent == self._root and path.name != CONFIG_FILE:
            return None
        if path.parent != self._root and not any(
            path.is_relative_to(self._root / name) for name in WATCHED_FOLDERS
        ):
            return None  # in a linked folder's real place: passed on as the build sees it
        return path

    def on_any_event(self, event: FileSystemEvent) -> None:
        if event.event_type in {"opened", "closed_no_write"}:
            return
        if event.is_directory and event.event_type == "modified":
            return  # a folder's own mtime changes with every file event inside it
        raws = [event.src_path, getattr(event, "dest_path", "")]
        paths = [Path(r.decode() if isinstance(r, bytes) else r) for r in raws if r]
        if event.event_type != "modified" and any(
            p in self._aliases or p.is_symlink() for p in paths
        ):  # a linked folder made or taken away: watch where the links now lead
            threading.Thread(target=self.rescan, daemon=True).start()
        found = {self.relevant(str(p)) for p in paths}
        found |= {self.relevant(str(a)) for p in paths for a in linked.seen_as(p, self.links)}
        found.discard(None)
        if found:
            self._pass({p for p in found if p is not None})


class _Overflow(logging.Handler):
    """Turns watchdog's "inotify queue overflowed" into a rebuild of everything.

    The kernel drops events when thousands of files change at once (a large checkout); watchdog
    only logs it, and a dropped save must never leave the preview stale.
    """

    def __init__(self, root: Path, observer: BaseObserver, sink: Callable[[set[Path]], None]):
        super().__init__(logging.WARNING)
        self._everything = {root / CONFIG_FILE}  # a site.yml change reloads and rebuilds all
        self._observer = observer
        self._sink = sink

    @property
    def alive(self) -> bool:
        """Whether the preview that added this handler still watches."""
        return self._observer.is_alive()

    def emit(self, record: logging.LogRecord) -> None:
        if self.alive and "overflowed" in record.getMessage():
            print(
                "note: too many files changed at once for the file watcher; rebuilding everything",
                file=sys.stderr,
            )
            self._sink(set(self._everything))


_WATCHDOG_LOG = logging.getLogger("watchdog.observers.inotify_c")


def start(
    root: Path, ignored: list[Path], sink: Callable[[set[Path]], None], poll: bool = False
) -> tuple[BaseObserver, str]:
    """Watch the hub's sources; fall back to polling when inotify runs out of watches."""
    # watchdog warns from its inotify thread when a folder made by `mkdir -p` or a copy is
    # reached twice (by its parent's walk and by its own event); the watch is the same, so the
    # warning is noise to the writer, and where warnings are errors it would kill that thread,
    # which every observer in the process shares, and end all watching silently.
    warnings.filterwarnings(
        "ignore", message=r"Callback with id .* already exists", category=RuntimeWarning
    )
    relay = _Relay(root, ignored, sink)

    def schedule(observer: BaseObserver) -> BaseObserver:
        relay.observer = observer
        relay._watched.clear()
        observer.schedule(relay, str(root), recursive=False)
        for name in WATCHED_FOLDERS:
            relay.watch_folder(root / name)
        relay.rescan()
        observer.start()
        if not isinstance(observer, PollingObserver):
            for old in list(_WATCHDOG_LOG.handlers):  # those of previews that have stopped
                if isinstance(old, _Overflow) and not old.alive:
                    _WATCHDOG_LOG.removeHandler(old)
            _WATCHDOG_LOG.addHandler(_Overflow(root, observer, sink))
        return observer

    if not poll:
        try:
            return schedule(Observer()), "inotify"
        except OSError as exc:
            if exc.errno not in {errno.ENOSPC, errno.EMFILE}:
                raise
            reason = (
                f"the system's file watch limit is reached ({exc.strerror}); watching by "
                "polling instead, which is slower. Raise fs.inotify.max_user_watches to fix."
            )
            return schedule(PollingObserver(timeout=0.5)), reason
    return schedule(PollingObserver(timeout=0.5)), "polling"
