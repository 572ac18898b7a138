"""The preview's watcher: real inotify events, filtered and coalesced into rebuilds.

Every test synchronises on events (a Condition that the rebuild callback signals), never on a
fixed sleep. "No rebuild" is asserted twice over: nothing arrives within a short window after
the debounce interval, and then a sentinel save must come back as a batch of its own, which
proves that every earlier event has already passed the filter (inotify keeps order).
"""

from __future__ import annotations

import errno
import logging
import os
import shutil
import subprocess
import sys
import threading
import warnings
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from watchdog.observers.api import BaseObserver
from watchdog.observers.polling import PollingObserver

from hubtest import make_site
from recordhub import watch
from recordhub.emptypages import EMPTY_PAGE_WAIT
from recordhub.leftout import is_ignored

QUIET = 0.3  # the debounce interval used here: long enough that a burst is never split
ARRIVE = 5.0  # how long a rebuild that must come may take to come
SETTLE = QUIET + 0.5  # how long to watch for a rebuild that must not come

HUB = {
    "content/_index.md": "---\ntitle: Home\n---\nWelcome.\n",
    "content/page.md": "---\ntitle: A page\n---\nFirst version.\n",
    "content/sentinel.md": "---\ntitle: Sentinel\n---\nTouched to flush the watcher.\n",
    "content/many/_index.md": "---\ntitle: Many\n---\nA section.\n",
    "content/generated/keep.txt": "written by some other tool\n",
    "templates/partials/sources.html": "{% macro sources(items) %}{% endmacro %}\n",
    "static/app.css": "body { color: black; }\n",
    "README.md": "not part of the site\n",
}


class Rebuilds:
    """The rebuild callback: records each batch and wakes whoever waits for one."""

    def __init__(self) -> None:
        self.batches: list[set[Path]] = []
        self.cond = threading.Condition()
        self.gate: threading.Event | None = None  # when set, the first rebuild blocks on it
        self.entered = threading.Event()

    def __call__(self, batch: set[Path]) -> None:
        with self.cond:
            self.batches.append(set(batch))
            first = len(self.batches) == 1
            self.cond.notify_all()
        if first and self.gate is not None:
            self.entered.set()
            assert self.gate.wait(ARRIVE * 2), "the test never released the blocked rebuild"

    def wait_for(self, count: int, timeout: float) -> bool:
        """True once at least count rebuilds have started, False after timeout."""
        with self.cond:
            return self.cond.wait_for(lambda: len(self.batches) >= count, timeout)

    def snapshot(self) -> list[set[Path]]:
        with self.cond:
            return [set(b) for b in self.batches]


class Seen:
    """Every path the relay passed on, for tests that must know an event has arrived."""

    def __init__(self, forward: Callable[[set[Path]], None]) -> None:
        self.forward = forward
        self.paths: set[Path] = set()
        self.cond = threading.Condition()

    def __call__(self, paths: set[Path]) -> None:
        with self.cond:
            self.paths |= paths
            self.cond.notify_all()
        self.forward(paths)

    def wait_for(self, path: Path, timeout: float) -> bool:
        with self.cond:
            return self.cond.wait_for(lambda: path in self.paths, timeout)


class Watching:
    """A hub, a Debouncer and a started observer, stopped again after the test."""

    def __init__(self, root: Path, quiet: float = QUIET, poll: bool = False) -> None:
        self.root = root
        self.content = root / "content"
        self.rebuilds = Rebuilds()
        self.debouncer = watch.Debouncer(self.rebuilds, quiet=quiet)
        self.seen = Seen(self.debouncer.add)
        self.ignored = [root / "public", root / ".recordhub-cache", self.content / "generated"]
        self.observer: BaseObserver
        self.observer, self.how = watch.start(root, self.ignored, self.seen, poll=poll)

    def close(self) -> None:
        self.observer.stop()
        self.observer.join(timeout=5)
        if self.rebuilds.gate is not None:
            self.rebuilds.gate.set()
        self.debouncer.stop(timeout=5)

    def expect_nothing(self) -> None:
        """No rebuild now, and a sentinel save comes back alone."""
        assert not self.rebuilds.wait_for(1, SETTLE), self.rebuilds.snapshot()
        sentinel = self.content / "sentinel.md"
        sentinel.write_text("---\ntitle: Sentinel\n---\nTouched again.\n", encoding="utf-8")
        assert self.rebuilds.wait_for(1, ARRIVE), "the sentinel save gave no rebuild"
        assert self.rebuilds.snapshot() == [{sentinel}]


@pytest.fixture
def hub(tmp_path: Path) -> Path:
    return make_site(tmp_path / "hub", HUB)


@pytest.fixture
def watching(hub: Path) -> Iterator[Watching]:
    started = Watching(hub)
    assert started.how == "inotify"
    try:
        yield started
    finally:
        started.close()


def one_rebuild(w: Watching) -> set[Path]:
    """Wait for exactly one rebuild and return its batch."""
    assert w.rebuilds.wait_for(1, ARRIVE), "no rebuild came"
    assert not w.rebuilds.wait_for(2, SETTLE), f"more than one rebuild: {w.rebuilds.snapshot()}"
    return w.rebuilds.snapshot()[0]


def test_a_burst_of_writes_gives_one_rebuild_with_every_path(watching: Watching) -> None:
    root = watching.root
    changed = {
        root / "content/page.md",
        root / "content/many/_index.md",
        root / "content/new-page.md",
        root / "templates/partials/sources.html",
        root / "static/app.css",
        root / "static/fresh.js",
    }
    for number, path in enumerate(sorted(changed)):
        path.write_text(f"version {number}\n", encoding="utf-8")
    assert one_rebuild(watching) == changed


def test_a_change_during_a_rebuild_gives_exactly_one_more(watching: Watching) -> None:
    rebuilds = watching.rebuilds
    rebuilds.gate = threading.Event()
    first = watching.content / "page.md"
    first.write_text("---\ntitle: A page\n---\nSecond version.\n", encoding="utf-8")
    assert rebuilds.entered.wait(ARRIVE), "the first rebuild never started"
    during = [watching.content / "during-1.md", watching.content / "during-2.md"]
    for path in during:
        path.write_text("---\ntitle: Written during the rebuild\n---\nBody.\n", encoding="utf-8")
    for path in during:  # the events are in the debouncer before the rebuild ends
        assert watching.seen.wait_for(path, ARRIVE), f"no event for {path.name}"
    rebuilds.gate.set()
    assert rebuilds.wait_for(2, ARRIVE), "the change made during the rebuild was lost"
    assert not rebuilds.wait_for(3, SETTLE), f"too many rebuilds: {rebuilds.snapshot()}"
    batches = rebuilds.snapshot()
    assert first in batches[0]
    assert set(during) <= batches[1]


@pytest.mark.parametrize("swap", ["page.md~", ".page.md.swp"])
def test_vim_save_by_rename(watching: Watching, swap: str) -> None:
    content = watching.content
    page = content / "page.md"
    (content / swap).write_bytes(b"b0VIM 9.0 swap data")
    (content / "4913").write_bytes(b"")  # Vim's can-I-write test file
    (content / "4913").unlink()
    os.rename(page, content / "page.md~")
    page.write_text("---\ntitle: A page\n---\nSaved by Vim.\n", encoding="utf-8")
    (content / "page.md~").unlink()
    (content / swap).unlink(missing_ok=True)
    batch = one_rebuild(watching)
    assert page in batch
    assert not [p.name for p in batch if is_ignored(p.name)]
    assert batch == {page}


def test_jetbrains_safe_write(watching: Watching) -> None:
    content = watching.content
    page = content / "page.md"
    tmp, old = content / "page.md___jb_tmp___", content / "page.md___jb_old___"
    tmp.write_text("---\ntitle: A page\n---\nSaved by a JetBrains IDE.\n", encoding="utf-8")
    os.rename(page, old)
    os.rename(tmp, page)
    old.unlink()
    batch = one_rebuild(watching)
    assert page in batch
    assert not [p.name for p in batch if is_ignored(p.name)]
    assert batch == {page}


def test_emacs_lock_and_autosave_files_alone_give_no_rebuild(watching: Watching) -> None:
    content = watching.content
    lock, autosave = content / ".#page.md", content / "#page.md#"
    lock.symlink_to("editor@host.1234:1700000000")  # Emacs locks with a dangling symlink
    autosave.write_text("---\ntitle: A page\n---\nUnsaved edits.\n", encoding="utf-8")
    autosave.write_text("---\ntitle: A page\n---\nMore unsaved edits.\n", encoding="utf-8")
    autosave.unlink()
    lock.unlink()
    watching.expect_nothing()


def test_a_git_checkout_of_200_files_gives_one_rebuild(watching: Watching) -> None:
    folder = watching.content / "many"
    written = set()
    for number in range(200):
        path = folder / f"page-{number:03}.md"
        path.write_text(f"---\ntitle: Page {number}\n---\nBody {number}.\n", encoding="utf-8")
        written.add(path)
    assert one_rebuild(watching) == written


def test_ignored_folders_and_other_root_files_give_no_rebuild(watching: Watching) -> None:
    root = watching.root
    for rel in (
        "public/index.html",
        "public/deep/page/index.html",
        ".recordhub-cache/state.bin",
        "content/generated/report.md",
        "content/generated/keep.txt",
        "content/.git/index",
        "content/node_modules/pkg/readme.md",
        "README.md",
        "notes.txt",
        "Makefile",
    ):
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("changed\n", encoding="utf-8")
    (root / "README.md").unlink()
    watching.expect_nothing()


def test_folder_trees_made_in_one_go_keep_the_watcher_alive(watching: Watching) -> None:
    # `mkdir -p` and copies can reach a new folder twice inside watchdog (its parent's walk and
    # its own event); watchdog then warns from the inotify thread that every observer shares.
    # Under load that happens here too; when it does, watching must go on.
    tree = watching.content / "imported"
    for i in range(40):
        (tree / f"batch{i}" / "a" / "b" / "c").mkdir(parents=True)
    assert watching.rebuilds.wait_for(1, ARRIVE), "the new folders gave no rebuild"
    watching.rebuilds.batches.clear()
    sentinel = watching.content / "sentinel.md"
    sentinel.write_text("---\ntitle: Sentinel\n---\nAfter the trees.\n", encoding="utf-8")
    assert watching.rebuilds.wait_for(1, ARRIVE), "the watcher stopped after the folder trees"


def settle(w: Watching) -> None:
    """Wait until the rebuilds a burst gave are over, then forget them."""
    assert w.rebuilds.wait_for(1, ARRIVE), "no rebuild came"
    count = 1
    while w.rebuilds.wait_for(count + 1, SETTLE):
        count += 1
    with w.rebuilds.cond:
        w.rebuilds.batches.clear()


@pytest.mark.parametrize("how", ["moved", "deleted"])
@pytest.mark.parametrize(
    ("folder", "name"), [("content", "page.md"), ("templates", "partials/sources.html")]
)
def test_a_recreated_folder_is_watched_again(
    watching: Watching, folder: str, name: str, how: str
) -> None:
    # `mv content content.old && cp -r content.old content`: the watch follows the old folder
    root = watching.root
    now, old = root / folder, root / f"{folder}.old"
    if how == "moved":
        os.rename(now, old)
    else:
        shutil.copytree(now, old)
        shutil.rmtree(now)
    shutil.copytree(old, now)
    settle(watching)

    edited = now / name
    edited.write_text("edited in the new folder\n", encoding="utf-8")
    assert one_rebuild(watching) == {edited}
    with watching.rebuilds.cond:
        watching.rebuilds.batches.clear()
    (old / name).write_text("edited in the old folder\n", encoding="utf-8")
    watching.expect_nothing()


def test_watchdogs_duplicate_watch_warning_does_not_end_watching(watching: Watching) -> None:
    # The race above is rare on an idle machine, so raise the warning as watchdog words it
    # (observers/inotify_c.py), from a thread of its own, where tests turn warnings into errors.
    failed: list[BaseException] = []

    def warn() -> None:
        try:
            warnings.warn(
                "Callback with id '1' already exists for watch Watch(wd=3). "
                "It will be Overwritten.",
                RuntimeWarning,
                stacklevel=1,
            )
        except BaseException as exc:  # the test reports whatever escaped
            failed.append(exc)

    thread = threading.Thread(target=warn)
    thread.start()
    thread.join()
    assert failed == []
    watching.expect_nothing()


def test_an_inotify_queue_overflow_rebuilds_everything(
    watching: Watching, capsys: pytest.CaptureFixture[str]
) -> None:
    # the kernel drops events past max_queued_events (16384 by default) and watchdog only logs
    # it; log it as watchdog does, since overflowing the queue on purpose depends on load
    logging.getLogger("watchdog.observers.inotify_c").warning(
        "Inotify queue overflowed; filesystem events were lost"
    )
    assert one_rebuild(watching) == {watching.root / "site.yml"}
    assert "too many files changed at once" in capsys.readouterr().err


def test_site_yml_changes_give_a_rebuild(watching: Watching) -> None:
    config = watching.root / "site.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("Test Hub", "Renamed Hub"))
    assert one_rebuild(watching) == {config}


def test_polling_sees_a_change(hub: Path) -> None:
    w = Watching(hub, poll=True)
    try:
        assert w.how == "polling"
        assert isinstance(w.observer, PollingObserver)
        page = w.content / "page.md"
        page.write_text("---\ntitle: A page\n---\nChanged, seen by polling.\n", encoding="utf-8")
        assert w.rebuilds.wait_for(1, ARRIVE), "polling never saw the change"
        assert page in w.rebuilds.snapshot()[0]
    finally:
        w.close()


class _OutOfWatches(PollingObserver):
    """Stands in for inotify when the kernel's watch limit is reached."""

    def start(self) -> None:
        raise OSError(errno.ENOSPC, "inotify watch limit reached")


def test_the_inotify_watch_limit_falls_back_to_polling(
    hub: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(watch, "Observer", _OutOfWatches)
    w = Watching(hub)
    try:
        assert isinstance(w.observer, PollingObserver)
        assert not isinstance(w.observer, _OutOfWatches)
        assert w.observer.is_alive()
        assert "watch limit" in w.how
        assert "polling" in w.how
        page = w.content / "page.md"
        page.write_text("---\ntitle: A page\n---\nChanged after the fallback.\n", encoding="utf-8")
        assert w.rebuilds.wait_for(1, ARRIVE), "the polling fallback never saw the change"
        assert page in w.rebuilds.snapshot()[0]
    finally:
        w.close()


def test_other_observer_errors_are_not_swallowed(
    hub: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    class Denied(PollingObserver):
        def start(self) -> None:
            raise PermissionError(errno.EACCES, "permission denied")

    monkeypatch.setattr(watch, "Observer", Denied)
    with pytest.raises(PermissionError):
        watch.start(hub, [], lambda paths: None)


def test_a_signal_given_to_another_thread_still_stops_the_waiting_debouncer(
    tmp_path: Path,
) -> None:
    """The kernel may give Ctrl-C to any thread (one forking the search indexer, say); Python
    then only notes it, and runs the handler when the main thread next runs Python code. The
    preview's main thread waits in the debouncer, so that wait must not last for ever."""
    script = tmp_path / "wait.py"
    script.write_text(
        "import signal, sys, threading, time\n"
        "from recordhub import watch\n"
        "debouncer = watch.Debouncer(lambda batch: None, thread=False)\n"
        "other = threading.Thread(target=time.sleep, args=(60,), daemon=True)\n"
        "other.start()\n"
        "def later():\n"
        "    time.sleep(0.3)\n"
        "    print('sent', flush=True)\n"
        "    signal.pthread_kill(other.ident, signal.SIGINT)\n"
        "threading.Thread(target=later, daemon=True).start()\n"
        "try:\n"
        "    debouncer.run()\n"
        "except KeyboardInterrupt:\n"
        "    print('interrupted', flush=True)\n"
    )
    proc = subprocess.Popen(
        [sys.executable, str(script)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    try:
        out, err = proc.communicate(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
        out, err = proc.communicate()
    assert out.split() == ["sent", "interrupted"], (out, err)
    assert proc.returncode == 0


@pytest.fixture
def linked_hub(tmp_path: Path) -> Path:
    """A hub whose source folders link to folders beside them, as the build follows them."""
    hub = make_site(
        tmp_path / "hub",
        {
            **HUB,
            "shared/statement.md": "---\ntitle: Shared\n---\nFirst version.\n",
            "brand/partials/logo.html": "<img alt='logo' src='/brand/logo.svg'>\n",
            "brand/logo.svg": "<svg/>\n",
        },
    )
    (hub / "content/shared").symlink_to("../shared")
    (hub / "templates/brand").symlink_to("../brand/partials")
    (hub / "static/brand").symlink_to("../brand")
    return hub


def test_edits_in_linked_folders_are_passed_on_as_the_build_sees_them(linked_hub: Path) -> None:
    w = Watching(linked_hub)
    try:
        (linked_hub / "shared/statement.md").write_text("---\ntitle: Shared\n---\nSecond.\n")
        assert one_rebuild(w) == {linked_hub / "content/shared/statement.md"}
        w.rebuilds.batches.clear()
        (linked_hub / "brand/partials/logo.html").write_text("<p>logo</p>\n")
        assert one_rebuild(w) == {
            linked_hub / "templates/brand/logo.html",
            linked_hub / "static/brand/partials/logo.html",  # static/brand is all of brand/
        }
        w.rebuilds.batches.clear()
        (linked_hub / "brand/logo.svg").write_text("<svg></svg>\n")
        assert one_rebuild(w) == {linked_hub / "static/brand/logo.svg"}
        w.rebuilds.batches.clear()
        (linked_hub / "brand/notes.txt").write_text("beside the linked folders\n")
        (linked_hub / "brand/partials/.logo.html.swp").write_text("an editor's swap file\n")
        assert one_rebuild(w) == {linked_hub / "static/brand/notes.txt"}
    finally:
        w.close()


def test_a_folder_linked_while_serving_is_watched(watching: Watching) -> None:
    root = watching.root
    (root / "shared").mkdir()
    (root / "shared/faq.md").write_text("---\ntitle: FAQ\n---\nFirst.\n")
    link = watching.content / "shared"
    link.symlink_to("../shared")
    assert one_rebuild(watching) == {link}
    with watching.rebuilds.cond:
        watching.rebuilds.batches.clear()
    (root / "shared/faq.md").write_text("---\ntitle: FAQ\n---\nSecond.\n")
    assert one_rebuild(watching) == {link / "faq.md"}
    with watching.rebuilds.cond:
        watching.rebuilds.batches.clear()
    link.unlink()
    assert one_rebuild(watching) == {link}
    with watching.rebuilds.cond:
        watching.rebuilds.batches.clear()
    (root / "shared/faq.md").write_text("---\ntitle: FAQ\n---\nNo longer linked.\n")
    watching.expect_nothing()


def test_a_link_out_of_the_project_under_content_is_not_watched(tmp_path: Path) -> None:
    outside = make_site(tmp_path / "elsewhere", {"notes.md": "private\n"}, site_yml=None)
    hub = make_site(tmp_path / "hub", HUB)
    (hub / "content/notes").symlink_to(outside)  # the build warns and does not follow it
    w = Watching(hub)
    try:
        (outside / "notes.md").write_text("private, edited\n")
        w.expect_nothing()
    finally:
        w.close()


def test_office_owner_files_and_macos_safe_saves_give_no_rebuild(watching: Watching) -> None:
    content = watching.content
    owner = content / "~$statement.docx"
    owner.write_bytes(b"\x0bJane Editor")  # Word, as the file is opened
    safe = content / "statement.docx.sb-2f4a1c3d-Qz1xYb"
    safe.write_bytes(b"being saved")
    safe.unlink()
    (watching.root / "static/~$deck.pptx").write_bytes(b"\x0bJane Editor")
    owner.unlink()
    watching.expect_nothing()


@pytest.mark.parametrize(
    "name",
    ["content/page.md", "site.yml", "templates/partials/sources.html", "static/app.css"],
)
def test_a_file_saved_in_two_steps_is_not_passed_on_while_it_is_empty(
    watching: Watching, name: str
) -> None:
    # some editors and sync tools empty the file, then write the text in a second step: a
    # rebuild between the two would show "the file is empty" over the page for a moment, or
    # "site.yml must be a mapping of settings" over every page, or blank or unstyled pages
    page, sentinel = watching.root / name, watching.content / "sentinel.md"
    page.write_bytes(b"")
    sentinel.write_text("---\ntitle: Sentinel\n---\nTouched.\n", encoding="utf-8")
    assert watching.seen.wait_for(sentinel, ARRIVE), "no event for the sentinel"
    # its events were read (inotify keeps order within a folder; across folders, for a while)
    assert not watching.seen.wait_for(page, EMPTY_PAGE_WAIT / 2)
    page.write_text(HUB.get(name, "title: T\n"), encoding="utf-8")  # the second step
    rebuilds = watching.rebuilds
    with rebuilds.cond:
        assert rebuilds.cond.wait_for(lambda: any(page in b for b in rebuilds.batches), ARRIVE)
        count = len(rebuilds.batches)
    # and the empty page held back is not passed on later
    assert not rebuilds.wait_for(count + 1, SETTLE + EMPTY_PAGE_WAIT), rebuilds.snapshot()


def test_a_page_left_empty_is_passed_on_after_a_moment(watching: Watching) -> None:
    page = watching.content / "page.md"
    page.write_bytes(b"")  # emptied for good: the preview shows that it is empty
    assert watching.seen.wait_for(page, ARRIVE + EMPTY_PAGE_WAIT)
    assert one_rebuild(watching) == {page}
