"""Runtime faults: files vanishing, full or read-only disks, and signals during build and serve.

Whatever goes wrong, the user sees one plain message and the exit code, never a traceback; the
previous output folder is byte-identical and no temporary folder is left beside it.
"""

from __future__ import annotations

import errno
import os
import pathlib
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
import types
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from hubtest import SITE_YML, Built, Run, group_alive, make_site, resave, run_cli, spawn, tree

if TYPE_CHECKING:
    from recordhub.preview import Preview

DISK_HINT = "  hint: check free disk space and permissions; the previous output is unchanged"
BASE = {
    "content/_index.md": "---\ntitle: Home\n---\nWelcome.\n",
    **{f"content/p{i}.md": f"---\ntitle: Page {i}\n---\nText {i}.\n" for i in range(8)},
    "content/img.png": b"\x89PNG\r\n\x1a\n-not-really-an-image",
}


@pytest.fixture
def built(tmp_path: Path) -> Built:
    hub = make_site(tmp_path / "hub", BASE)
    out = tmp_path / "out"
    first = build(hub, out)
    assert first.code == 0, first.err
    return Built(hub, out, tree(out))


def build(hub: Path, out: Path) -> Run:
    resave(hub)  # a full build, even of an unchanged hub: the faults are injected into it
    return run_cli("-C", hub, "build", "--no-search", "-o", out)


def leftovers(out: Path) -> list[str]:
    return sorted(p.name for p in out.parent.iterdir() if p.name.startswith(f".{out.name}."))


def assert_untouched(built: Built, run: Run) -> None:
    assert "Traceback" not in run.out + run.err
    assert tree(built.out) == built.before
    assert leftovers(built.out) == []


# --- a file deleted between listing and reading ---------------------------------------------


@pytest.mark.parametrize("victim", ["p3.md", "img.png"])
def test_file_deleted_between_listing_and_reading(
    built: Built, monkeypatch: pytest.MonkeyPatch, victim: str
) -> None:
    from recordhub import sources

    discover = sources.discover
    listed: list[str] = []

    def discover_then_delete(content_dir: Path, root: Path) -> object:
        files, problems = discover(content_dir, root)
        listed.extend(f.rel_path for f in files)
        (content_dir / victim).unlink()  # gone after the listing, before anything reads it
        return files, problems

    monkeypatch.setattr(sources, "discover", discover_then_delete)
    run = build(built.hub, built.out)
    assert victim in listed
    assert "Traceback" not in run.out + run.err
    assert leftovers(built.out) == []
    if victim.endswith(".md"):  # a page that is gone is simply not part of this build
        assert run.code == 0, run.err
        assert run.err == ""
        after = tree(built.out)
        assert "p3/index.html" in built.before and "p3/index.html" not in after
        assert "p2/index.html" in after
    else:  # an asset that is gone fails the build with its name, and nothing is replaced
        assert run.code == 1
        assert run.err == (
            f"error: No such file or directory: {built.hub / 'content' / victim}\n{DISK_HINT}\n"
        )
        assert_untouched(built, run)


# --- a full disk or a read-only output, injected at the edge ---------------------------------


def test_full_disk_during_the_write(built: Built, monkeypatch: pytest.MonkeyPatch) -> None:
    real = pathlib.Path.write_bytes
    written: list[Path] = []

    def write_bytes(self: Path, data: bytes) -> int:  # type: ignore[override]
        written.append(self)
        if len(written) > 5:
            raise OSError(errno.ENOSPC, "No space left on device")  # as a write() says it
        return real(self, data)

    # a new title changes every page: a file the output already holds is linked, not written
    site = built.hub / "site.yml"
    site.write_text(site.read_text().replace("Test Hub", "Test Hub, renamed"))
    monkeypatch.setattr(pathlib.Path, "write_bytes", write_bytes)
    run = build(built.hub, built.out)
    monkeypatch.undo()
    assert run.code == 1
    # told at the file that did not fit, by its place in the output folder
    tried = written.pop()
    tmp = built.out.parent / tried.relative_to(built.out.parent).parts[0]
    failed = built.out / tried.relative_to(tmp)
    assert run.err == (
        f"{failed}: error: cannot be written: no space left on device\n"
        "  hint: free some disk space, then build again; the previous output is unchanged\n"
    )
    assert len(written) == 5
    assert all(".out.tmp-" in str(p) for p in written)
    assert_untouched(built, run)


def test_full_disk_while_the_manifest_is_written(
    built: Built, monkeypatch: pytest.MonkeyPatch
) -> None:
    # manifest.json is written a line at a time, through its own open file
    real = pathlib.Path.open
    tried: list[Path] = []

    def open_(self: Path, mode: str = "r", *args: object, **kwargs: object) -> object:
        if self.name == "manifest.json" and "w" in mode:
            tried.append(self)
            raise OSError(errno.ENOSPC, "No space left on device")
        return real(self, mode, *args, **kwargs)  # type: ignore[call-overload]

    monkeypatch.setattr(pathlib.Path, "open", open_)
    run = build(built.hub, built.out)
    monkeypatch.undo()
    assert run.code == 1
    assert run.err == (
        f"{built.out / 'manifest.json'}: error: cannot be written: no space left on device\n"
        "  hint: free some disk space, then build again; the previous output is unchanged\n"
    )
    assert [p.parent.name.startswith(".out.tmp-") for p in tried] == [True]
    assert_untouched(built, run)


ROOT = hasattr(os, "geteuid") and os.geteuid() == 0


@pytest.mark.parametrize("how", ["chmod", "injected-erofs"])
def test_read_only_output(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, how: str) -> None:
    hub = make_site(tmp_path / "hub", BASE)
    parent = tmp_path / "readonly"
    parent.mkdir()
    out = parent / "out"
    first = build(hub, out)
    assert first.code == 0, first.err
    built = Built(hub, out, tree(out))
    if how == "chmod":  # seen before anything is written: the new site goes beside the old
        parent.chmod(0o555)
        try:
            resave(hub)
            run = as_a_user("-C", hub, "build", "--no-search", "-o", out)
        finally:
            parent.chmod(0o755)
        assert run.code == 2, run.err
        assert run.err == (
            f"{out}: error: refusing to use {out} as the output folder: the folder it is in, "
            f"{parent}, is read-only, so the build cannot write the new site beside it\n"
            f"  hint: make that folder writable (chmod u+w {parent}), or choose another folder\n"
        )
    else:  # a file system that turns read-only half way: seen only when a write fails
        real = pathlib.Path.write_bytes

        def write_bytes(self: Path, data: bytes) -> int:  # type: ignore[override]
            if ".out.tmp-" in str(self):
                raise OSError(errno.EROFS, "Read-only file system", str(self))
            return real(self, data)

        real_link = os.link

        def link(source: str, path: str, *args: object, **kwargs: object) -> None:
            if ".out.tmp-" in str(path):  # a page the output holds already is linked to it
                raise OSError(errno.EROFS, "Read-only file system", str(path))
            real_link(source, path, *args, **kwargs)  # type: ignore[arg-type]

        monkeypatch.setattr(pathlib.Path, "write_bytes", write_bytes)
        monkeypatch.setattr(os, "link", link)
        run = build(hub, out)
        monkeypatch.undo()
        assert run.code == 1
        [message, hint] = run.err.splitlines()
        # by its place in the output folder: the temporary folder it was written in is gone
        assert re.fullmatch(
            rf"{re.escape(str(out))}/\S+: error: cannot be written: read-only file system", message
        ), message
        assert hint == (
            "  hint: the disk was made read-only during the build, as on a disk error: check it; "
            "the previous output is unchanged"
        )
    assert_untouched(built, run)


@pytest.mark.parametrize("where", ["output", "beside"])
def test_an_output_on_a_disk_mounted_read_only_is_refused_with_what_can_help(
    built: Built, monkeypatch: pytest.MonkeyPatch, where: str
) -> None:
    # chmod, which the refusal of a read-only folder suggests, cannot make such a disk writable
    if not hasattr(os, "statvfs"):
        pytest.skip("no statvfs on this system")
    out = built.out if where == "output" else built.out.parent / "new"
    real_access, real_statvfs = os.access, os.statvfs
    on_disk = {built.out, built.out.parent}

    def access(path: object, mode: int, **kwargs: object) -> bool:
        if Path(str(path)) in on_disk and mode & os.W_OK:
            return False
        return real_access(path, mode, **kwargs)  # type: ignore[arg-type]

    def statvfs(path: object) -> object:
        if Path(str(path)) in on_disk:
            return types.SimpleNamespace(f_flag=os.ST_RDONLY)
        return real_statvfs(path)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "access", access)
    monkeypatch.setattr(os, "statvfs", statvfs)
    run = build(built.hub, out)
    monkeypatch.undo()
    assert run.code == 2, run.err
    assert run.err == (
        f"{out}: error: refusing to use {out} as the output folder: it is on a disk mounted "
        "read-only, so the build cannot write the new site there\n"
        "  hint: choose a folder on a disk that can be written to, or mount this one read-write\n"
    )
    assert_untouched(built, run)
    assert not (built.out.parent / "new").exists()


def test_a_file_the_replaced_output_cannot_lose_fails_one_build_not_every_one(
    built: Built, monkeypatch: pytest.MonkeyPatch
) -> None:
    # the output a build replaced is parked in the cache and written over by the next build;
    # one of its files that cannot be removed (made immutable, say) must not be parked again
    second = build(built.hub, built.out)
    assert second.code == 0, second.err
    spare = built.hub / ".recordhub-cache" / "spare"
    stuck = (spare / "p3" / "index.html").stat().st_ino
    real_unlink = os.unlink

    def unlink(path: str, *, dir_fd: int | None = None) -> None:
        try:
            found = os.stat(path, dir_fd=dir_fd, follow_symlinks=False).st_ino
        except OSError:
            found = None
        if found == stuck:
            raise PermissionError(errno.EPERM, "Operation not permitted", os.fspath(path))
        real_unlink(path, dir_fd=dir_fd)

    monkeypatch.setattr(os, "unlink", unlink)
    make_site(built.hub, {"content/p3.md": "---\ntitle: Page 3\n---\nText 3, edited.\n"}, None)
    failed = build(built.hub, built.out)
    assert failed.code == 1, failed.err
    # told where it is: beside the output, in the folder the build could not write over
    [message, hint] = failed.err.splitlines()
    parent = re.escape(str(built.out.parent))
    assert re.fullmatch(
        rf"error: Operation not permitted: {parent}/\.out\.tmp-\w+/p3/index\.html", message
    ), message
    assert hint == DISK_HINT
    again = build(built.hub, built.out)  # the file is still there, and still stuck
    monkeypatch.undo()
    assert again.code == 0, again.err
    assert b"Text 3, edited." in (built.out / "p3" / "index.html").read_bytes()


def as_a_user(*args: str | Path) -> Run:
    """``recordhub ARGS`` in a process file permissions apply to: as root, through setpriv,
    without the capabilities that let root write into a read-only folder."""
    command = [sys.executable, "-m", "recordhub", *map(str, args)]
    if ROOT:
        setpriv = shutil.which("setpriv")
        if setpriv is None:
            pytest.skip(
                "runs as root, and setpriv (util-linux), which drops root's access, is missing"
            )
        caps = "-dac_override,-dac_read_search,-fowner"
        command = [setpriv, f"--bounding-set={caps}", f"--inh-caps={caps}", *command]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    return Run(done.returncode, done.stdout, done.stderr)


def test_a_read_only_output_folder_is_refused_before_anything_is_written(built: Built) -> None:
    # the new site could take its place, but the old one could not be moved away from there
    built.out.chmod(0o555)
    try:
        resave(built.hub)
        run = as_a_user("-C", built.hub, "build", "--no-search", "-o", built.out)
        assert run.code == 2, run.err
        assert run.err == (
            f"{built.out}: error: refusing to use {built.out} as the output folder: it is "
            "read-only, so the build cannot move it aside to put the new site there\n"
            f"  hint: make it writable (chmod u+w {built.out}), or choose another folder\n"
        )
        assert_untouched(built, run)
    finally:
        built.out.chmod(0o755)


def test_a_read_only_cache_is_still_read(built: Built) -> None:
    # a cache made by another build, kept read-only (restored in CI, say): what it holds is
    # used, only nothing new is kept
    cache = built.hub / ".recordhub-cache"
    shutil.rmtree(cache / "ingested")  # each body is looked up in the cache, not remembered
    folders = [cache, *(p for p in cache.rglob("*") if p.is_dir())]
    for folder in folders:
        folder.chmod(0o555)
    try:
        resave(built.hub)
        run = as_a_user("-C", built.hub, "build", "--no-search", "-o", built.out)
    finally:
        for folder in folders:
            folder.chmod(0o755)
    assert run.code == 0, run.err
    assert (
        ".recordhub-cache: notice: the build cache cannot be written here (permission denied): "
        "what it holds is used, but pages changed since are converted again by every build\n"
    ) in run.err
    assert "(9 from cache" in run.out
    assert tree(built.out) == built.before


def test_an_entry_whose_use_cannot_be_noted_is_still_served(
    built: Built, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A cache on a read-only disk: noting an entry's use fails, as no test can cause for real."""
    shutil.rmtree(built.hub / ".recordhub-cache" / "ingested")

    def read_only(*args: object, **kwargs: object) -> None:
        raise OSError(errno.EROFS, "Read-only file system")

    resave(built.hub)
    monkeypatch.setattr(os, "utime", read_only)
    run = run_cli("-C", built.hub, "build", "--no-search", "-o", built.out)
    monkeypatch.undo()
    assert run.code == 0, run.err
    assert "(9 from cache" in run.out
    assert tree(built.out) == built.before


def test_an_unreadable_page_is_an_error_at_it_beside_the_others(built: Built) -> None:
    files = {
        "content/secret.md": "---\ntitle: Secret\n---\nText.\n",
        "content/broken.md": "---\ntitle: [broken\n---\nText.\n",
    }
    make_site(built.hub, files, site_yml=None)
    (built.hub / "content/secret.md").chmod(0)
    resave(built.hub)
    run = as_a_user("-C", built.hub, "build", "--no-search", "-o", built.out)
    assert run.code == 1, run.err
    assert run.err == (
        "content/broken.md:2:8: error: invalid YAML: a list in [...] is never closed\n"
        "  hint: add the closing ] at the end of the list\n"
        "content/secret.md: error: cannot be read: permission denied\n"
        "  hint: give the build read access to it (chmod a+r content/secret.md), or move it out\n"
        "Build failed: 2 errors, 0 warnings; nothing was written\n"
    )
    assert_untouched(built, run)


def test_an_unreadable_file_beside_the_pages_is_named_where_it_is(built: Built) -> None:
    (built.hub / "content/img.png").chmod(0)
    resave(built.hub)
    run = as_a_user("-C", built.hub, "build", "--no-search", "-o", built.out)
    assert run.code == 1, run.err
    assert run.err == (
        "content/img.png: error: cannot be read: permission denied\n"
        "  hint: give the build read access to it (chmod a+r content/img.png); the previous "
        "output is unchanged\n"
    )
    assert_untouched(built, run)


# --- signals during a build -----------------------------------------------------------------

SECTION = "## Part {j}\n\nSome *text* with [a link](p0.md) and `code` {j}.\n\n- one\n- two\n"
BODY = "\n".join(SECTION.format(j=j) for j in range(5))
# How soon a build or a preview must stop after Ctrl-C or SIGTERM. It takes a few tenths of a
# second; the margin is for a busy machine. What these tests guard against (waiting for the
# workers' chunks of slow pages, or never stopping) takes far longer.
STOP = 3.0

SIGNALS = pytest.mark.parametrize(
    ("sig", "code", "word"),
    [(signal.SIGINT, 130, "interrupted"), (signal.SIGTERM, 143, "terminated")],
    ids=["SIGINT", "SIGTERM"],
)


def reap(pgid: int) -> list[str]:
    """Wait up to 2 s for a process group to empty; kill and return what was left."""
    deadline = time.monotonic() + 2
    while (alive := group_alive(pgid)) and time.monotonic() < deadline:
        time.sleep(0.05)
    if alive:
        os.killpg(pgid, signal.SIGKILL)
    return alive


def wait_until(proc: subprocess.Popen[str], ready: Callable[[], bool], what: str) -> None:
    deadline = time.monotonic() + 60
    while not ready() and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.002)
    assert proc.poll() is None, f"the build ended before {what}; make the hub bigger"
    assert ready(), f"never saw {what}"


def interrupt(
    proc: subprocess.Popen[str], sig: signal.Signals, group: bool | None = None
) -> tuple[int, float, str]:
    """Send sig (by default SIGINT to the group, as Ctrl-C does, and SIGTERM to the process, as
    kill does); return the exit code, the seconds it took and everything printed."""
    sent = time.monotonic()
    if group if group is not None else sig is signal.SIGINT:
        os.killpg(proc.pid, sig)
    else:
        os.kill(proc.pid, sig)
    try:
        out, err = proc.communicate(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        out, err = proc.communicate()
        pytest.fail(f"still running 30 s after {sig.name}\nstderr: {err}")
    return proc.returncode, time.monotonic() - sent, out + err


def cleanup(proc: subprocess.Popen[str]) -> None:
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGKILL)
    proc.communicate()  # reads and closes both pipes, whatever happened before


def assert_stopped(
    built: Built, proc: subprocess.Popen[str], result: tuple[int, float, str], code: int, word: str
) -> None:
    returned, seconds, printed = result
    assert returned == code, printed
    assert printed.splitlines()[-1] == word, printed
    assert "Traceback" not in printed
    assert seconds < STOP, f"the build took {seconds:.2f} s to stop after the signal"
    assert reap(proc.pid) == [], "worker processes outlived the build"
    assert leftovers(built.out) == []
    assert tree(built.out) == built.before


@pytest.fixture(scope="module")
def big(tmp_path_factory: pytest.TempPathFactory) -> Built:
    """A 300-page hub (every page different, so conversion runs on all cores), built once."""
    root = tmp_path_factory.mktemp("signals")
    files = {
        "content/_index.md": "---\ntitle: Home\n---\nWelcome.\n",
        **{
            f"content/p{i}.md": f"---\ntitle: Page {i}\ntags: [t{i % 7}]\n---\nPage {i}.\n\n{BODY}"
            for i in range(300)
        },
    }
    hub = make_site(root / "hub", files)
    out = root / "out"
    proc = spawn("-C", hub, "build", "--no-search", "--no-cache", "-o", out)
    _, err = proc.communicate(timeout=180)
    assert proc.returncode == 0, err
    return Built(hub, out, tree(out))


# workers whose results are larger than a pipe holds, stopped once the first result is in:
# the others are killed while they write theirs
BIG_RESULTS = """
import os, signal, sys
from recordhub import workers

def big(job):
    return b"x" * (4 * 1024 * 1024)

def done(index, result):
    os.kill(os.getpid(), signal.SIGTERM)

signal.signal(signal.SIGTERM, lambda *a: sys.exit(143))
workers.run(big, list(range(40)), 2, workers.start, (), done)
"""


def test_workers_killed_while_they_send_their_results_do_not_hold_up_the_stop() -> None:
    # each of these hung in the pool's shutdown, waiting for the rest of a half-sent result
    for _ in range(3):
        proc = subprocess.Popen(
            [sys.executable, "-c", BIG_RESULTS],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            start_new_session=True,
        )
        try:
            _, err = proc.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.communicate()
            pytest.fail("still running 30 s after the signal")
        assert proc.returncode == 143, err
        assert reap(proc.pid) == [], "worker processes outlived the stop"


@SIGNALS
def test_signal_during_build(big: Built, sig: signal.Signals, code: int, word: str) -> None:
    """The signal lands while the build writes pages into the temporary folder beside the output.

    (A signal during the parallel Markdown conversion, and one in the instant the temporary
    folder is made, are covered by the tests below.)
    """
    stale = set(leftovers(big.out))
    proc = spawn("-C", big.hub, "build", "--no-search", "--no-cache", "-o", big.out)

    def writing() -> bool:
        # a new temporary folder with pages in it: well inside `with Writer(...)`
        fresh = [big.out.parent / name for name in leftovers(big.out) if name not in stale]
        return any(sum(1 for _ in folder.glob("p*/index.html")) >= 20 for folder in fresh)

    try:
        wait_until(proc, writing, "pages written into the temporary folder")
        result = interrupt(proc, sig)
    finally:
        cleanup(proc)
    assert_stopped(big, proc, result, code, word)


def test_a_build_that_ignores_ctrl_c_finishes_whole(big: Built, tmp_path: Path) -> None:
    """A shell starts a background job (build &) with Ctrl-C ignored: Ctrl-C must not stop
    its work half done, then publish that half as if it were whole."""
    out = tmp_path / "out"
    command = ["-C", str(big.hub), "build", "--no-search", "--no-cache", "-o", str(out)]
    proc = subprocess.Popen(
        [sys.executable, "-m", "recordhub", *command],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_IGN),  # kept across exec
        # on the real clock, as spawn() built big: the day is in security.txt's Expires
        env={name: value for name, value in os.environ.items() if name != "SOURCE_DATE_EPOCH"},
    )
    try:
        deadline = time.monotonic() + 120
        while proc.poll() is None and time.monotonic() < deadline:
            os.killpg(proc.pid, signal.SIGINT)  # through conversion, rendering and writing
            time.sleep(0.02)
        _, err = proc.communicate(timeout=30)
    finally:
        cleanup(proc)
    assert proc.returncode == 0, err
    assert tree(out) == big.before


# every body different (equal bodies are converted once); over any time limit, on any machine
SLOW = "---\ntitle: Slow {i}\n---\nSlow {i}.\n\n" + "[" * 10_000 + "\n"


@SIGNALS
def test_signal_during_slow_parallel_conversion(
    tmp_path: Path, sig: signal.Signals, code: int, word: str
) -> None:
    # each worker's chunk holds 8 or more pages, so waiting for the chunks would take 8 s or more
    site_yml = SITE_YML + "markdown: {time_limit: 1}\n"
    hub = make_site(tmp_path / "hub", BASE, site_yml=site_yml)
    out = tmp_path / "out"
    first = build(hub, out)
    assert first.code == 0, first.err
    built = Built(hub, out, tree(out))
    make_site(hub, {f"content/slow{i}.md": SLOW.format(i=i) for i in range(60)}, site_yml=None)
    proc = spawn("-C", hub, "build", "--no-search", "--no-cache", "-o", out)
    try:
        wait_until(proc, lambda: len(group_alive(proc.pid)) > 1, "the conversion workers")
        time.sleep(0.2)
        # to the main process only (kill -INT / kill -TERM): the workers go on with their chunks
        result = interrupt(proc, sig, group=False)
    finally:
        cleanup(proc)
    assert_stopped(built, proc, result, code, word)


def test_workers_die_with_a_killed_build(tmp_path: Path) -> None:
    # SIGKILL (the OOM killer, `kill -9`) gives the build no chance to stop its workers; they
    # must not go on converting, orphaned, holding the terminal's pipes open
    hub = make_site(tmp_path / "hub", BASE, site_yml=SITE_YML + "markdown: {time_limit: 5}\n")
    make_site(hub, {f"content/slow{i}.md": SLOW.format(i=i) for i in range(60)}, site_yml=None)
    proc = spawn("-C", hub, "build", "--no-search", "--no-cache", "-o", tmp_path / "out")
    try:
        wait_until(proc, lambda: len(group_alive(proc.pid)) > 1, "the conversion workers")
        os.kill(proc.pid, signal.SIGKILL)
        assert proc.wait(timeout=10) == -signal.SIGKILL
        assert reap(proc.pid) == [], "worker processes outlived the killed build"
    finally:
        cleanup(proc)


def test_a_killed_worker_fails_the_build_plainly_and_keeps_the_output(tmp_path: Path) -> None:
    # the OOM killer, or `kill -9` of one process: the build cannot finish, and must say why
    # in words, not as a fault of its own
    hub = make_site(tmp_path / "hub", BASE, site_yml=SITE_YML + "markdown: {time_limit: 5}\n")
    out = tmp_path / "out"
    assert build(hub, out).code == 0
    built = Built(hub, out, tree(out))
    make_site(hub, {f"content/slow{i}.md": SLOW.format(i=i) for i in range(60)}, site_yml=None)
    proc = spawn("-C", hub, "build", "--no-search", "--no-cache", "-o", out)
    try:
        wait_until(proc, lambda: len(group_alive(proc.pid)) > 1, "the conversion workers")
        pids = [int(line.split(" ", 1)[0]) for line in group_alive(proc.pid)]
        os.kill(next(pid for pid in pids if pid != proc.pid), signal.SIGKILL)
        _, err = proc.communicate(timeout=30)
    finally:
        cleanup(proc)
    assert proc.returncode == 1, err
    assert "internal error" not in err and "Traceback" not in err
    assert err.startswith("error: a worker process of the build was killed"), err
    assert "the previous output is unchanged" in err
    assert reap(proc.pid) == [], "worker processes outlived the build"
    assert leftovers(out) == []
    assert tree(out) == built.before


def wchan(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/wchan").read_text()
    except OSError:
        return ""


def test_ctrl_c_while_conversion_workers_wait_for_work(tmp_path: Path) -> None:
    hub = make_site(tmp_path / "hub", BASE)
    out = tmp_path / "out"
    first = build(hub, out)
    assert first.code == 0, first.err
    built = Built(hub, out, tree(out))
    pages = {f"content/n{i}.md": f"---\ntitle: N {i}\n---\nNote {i}.\n" for i in range(300)}
    make_site(hub, pages, site_yml=None)
    proc = spawn("-C", hub, "build", "--no-search", "--no-cache", "-o", out)
    try:
        wait_until(proc, lambda: len(group_alive(proc.pid)) > 1, "the conversion workers")
        # hold the main process for a moment (as a busy machine does) so that the workers
        # finish what they were handed and wait for more: the moment Ctrl-C lands here
        os.kill(proc.pid, signal.SIGSTOP)
        try:
            workers = [
                int(name.split()[0])
                for name in group_alive(proc.pid)
                if not name.startswith(f"{proc.pid} ")
            ]
            if not workers or not Path(f"/proc/{workers[0]}/wchan").is_file():
                pytest.skip("this system does not show what a process waits on")
            deadline = time.monotonic() + 20
            while time.monotonic() < deadline:
                if all(("pipe_read" in w or "futex" in w) for w in map(wchan, workers)):
                    break
                time.sleep(0.01)
            os.killpg(proc.pid, signal.SIGINT)
        finally:
            os.kill(proc.pid, signal.SIGCONT)
        try:
            printed = "".join(proc.communicate(timeout=10))
        except subprocess.TimeoutExpired:
            pytest.fail("the build hangs after Ctrl-C")
        result = (proc.returncode, 0.0, printed)
    finally:
        cleanup(proc)
    assert_stopped(built, proc, result, 130, "interrupted")


@SIGNALS
def test_signal_right_after_the_temporary_folder_is_made(
    built: Built, monkeypatch: pytest.MonkeyPatch, sig: signal.Signals, code: int, word: str
) -> None:
    from recordhub.cli import Terminated

    real = pathlib.Path.chmod

    def chmod(self: Path, mode: int, **kwargs: bool) -> None:
        if self.name.startswith(".out.tmp-"):  # the signal handler runs right here
            raise KeyboardInterrupt if sig is signal.SIGINT else Terminated()
        real(self, mode, **kwargs)

    monkeypatch.setattr(pathlib.Path, "chmod", chmod)
    run = build(built.hub, built.out)
    monkeypatch.undo()
    assert (run.code, run.err) == (code, f"{word}\n")
    assert_untouched(built, run)


# --- signals during serve -------------------------------------------------------------------


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[subprocess.Popen[str], Path, list[str]]]:
    hub = make_site(tmp_path / "hub", BASE)
    tmpdir = tmp_path / "tmp"
    tmpdir.mkdir()
    proc = spawn("-C", hub, "serve", "--port", "0", TMPDIR=str(tmpdir))
    lines: list[str] = []
    ready = threading.Event()

    def read() -> None:
        assert proc.stdout is not None
        for line in proc.stdout:
            lines.append(line)
            if "Serving the preview at" in line:
                ready.set()
        ready.set()

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    try:
        assert ready.wait(60), "the preview never started"
        assert any("Serving the preview at" in line for line in lines), lines
        yield proc, tmpdir, lines
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(10)
        reader.join(10)
        for stream in (proc.stdout, proc.stderr):
            if stream is not None:
                stream.close()


@SIGNALS
def test_signal_during_serve(
    served: tuple[subprocess.Popen[str], Path, list[str]],
    sig: signal.Signals,
    code: int,
    word: str,
) -> None:
    proc, tmpdir, _ = served
    assert [p.name[:18] for p in tmpdir.iterdir()] == ["recordhub-preview-"]
    time.sleep(0.3)  # let it settle into waiting for changes
    sent = time.monotonic()
    if sig is signal.SIGINT:
        os.killpg(proc.pid, sig)
    else:
        os.kill(proc.pid, sig)
    returned = proc.wait(10)
    seconds = time.monotonic() - sent
    assert proc.stderr is not None
    err = proc.stderr.read()
    assert returned == code, err
    assert seconds < STOP, f"exit took {seconds:.2f} s after {sig.name}"
    assert err.splitlines()[-1] == word, err
    assert "Traceback" not in err
    assert list(tmpdir.iterdir()) == []
    assert reap(proc.pid) == []


# --- files going away while the preview rebuilds --------------------------------------------


def previewed(tmp_path: Path, files: dict[str, str | bytes]) -> tuple[Path, Path, Preview]:
    """A hub of these files, and its preview after a first good build."""
    from recordhub.preview import Preview

    hub = make_site(tmp_path / "hub", files)
    out = tmp_path / "preview"
    out.mkdir()
    preview = Preview(hub, out)
    assert preview.rebuild(None).ok
    return hub, out, preview


def listing_then_deleting(monkeypatch: pytest.MonkeyPatch, victim: Path, call: int) -> None:
    """On the call-th listing of static/, delete victim once it has been listed, before the
    rebuild reads it: what a checkout that runs alongside the rebuild does."""
    from recordhub import plan

    listing = plan.static_files
    calls: list[int] = []

    def static_files(config: object) -> dict[str, Path]:
        found = listing(config)  # type: ignore[arg-type]
        calls.append(1)
        if len(calls) == call:
            victim.unlink()
        return found

    monkeypatch.setattr(plan, "static_files", static_files)


def test_a_file_gone_mid_rebuild_leaves_the_preview_as_it_was_until_files_settle(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    files = {**BASE, "static/img/p001.jpg": b"one", "static/img/p002.jpg": b"two"}
    hub, out, preview = previewed(tmp_path, files)
    before = tree(out)
    victim = hub / "static/img/p001.jpg"
    listing_then_deleting(monkeypatch, victim, call=1)
    (hub / "static/img/p002.jpg").write_bytes(b"two, again")
    outcome = preview.rebuild({hub / "static/img/p002.jpg"})
    assert not outcome.ok and outcome.settling
    assert outcome.vanished == "static/img/p001.jpg"
    assert outcome.problems == [] and preview.last_errors == []
    assert tree(out) == before
    # the rebuild once files are quiet, with the paths of both events
    outcome = preview.rebuild({hub / "static/img/p002.jpg", victim})
    assert outcome.ok, outcome.problems
    assert sorted(outcome.changed) == ["img/p001.jpg", "img/p002.jpg"]
    assert "img/p001.jpg" not in tree(out)
    assert tree(out)["img/p002.jpg"] == b"two, again"


def saving_while_converting(monkeypatch: pytest.MonkeyPatch, page: Path) -> list[bool]:
    """While the switch returned is on, every conversion finds page saved again since its front
    matter was read: an editor that writes a file in steps, or saves on the heels of a save."""
    from recordhub import convert

    real = convert.Conversions.done
    switch = [True]

    def saved_meanwhile(self: convert.Conversions, work: dict[str, Path], *args: object) -> object:
        if switch[0]:
            page.write_text(page.read_text() + "Saved again.\n")
        return real(self, work, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(convert.Conversions, "done", saved_meanwhile)
    return switch


def test_a_page_saved_while_it_is_read_is_rebuilt_once_quiet_not_shown_as_an_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    hub, out, preview = previewed(tmp_path, BASE)
    before = tree(out)
    page = hub / "content/p1.md"
    page.write_text("---\ntitle: Page 1\n---\nFirst save.\n")
    switch = saving_while_converting(monkeypatch, page)
    outcome = preview.rebuild({page})
    assert not outcome.ok and outcome.settling
    assert outcome.moving == "content/p1.md" and outcome.vanished is None
    assert outcome.problems == [] and preview.last_errors == []
    assert tree(out) == before  # the last good pages stay
    switch[0] = False  # the rebuild once files are quiet shows the page as last saved
    outcome = preview.rebuild({page})
    assert outcome.ok, outcome.problems
    shown = (out / "p1/index.html").read_text("utf-8")
    assert "First save." in shown and "Saved again." in shown


def test_a_page_that_keeps_changing_while_it_is_read_is_shown_as_an_error_at_last(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from recordhub.preview import SETTLE_TRIES

    hub, _, preview = previewed(tmp_path, BASE)
    page = hub / "content/p2.md"
    switch = saving_while_converting(monkeypatch, page)
    for _ in range(SETTLE_TRIES):
        assert preview.rebuild({page}).moving == "content/p2.md"
    outcome = preview.rebuild({page})
    assert [d.format() for d in outcome.problems] == [
        "content/p2.md: error: cannot convert this page: the file changed while the site was "
        "being built\n  hint: build again once the files are saved"
    ]
    assert preview.last_errors == outcome.problems
    switch[0] = False
    assert preview.rebuild({page}).ok  # it stopped changing
    assert preview.last_errors == []


def test_a_file_that_keeps_going_away_is_shown_as_an_error_at_last(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from recordhub import fingerprints
    from recordhub.preview import SETTLE_TRIES

    hub, _, preview = previewed(tmp_path, {**BASE, "static/logo.svg": "<svg/>"})
    logo = hub / "static/logo.svg"

    def gone(path: Path, known: fingerprints.FileKeys | None = None) -> bytes:
        if path == logo:  # a file system that lists a file it cannot open
            raise FileNotFoundError(errno.ENOENT, "No such file or directory", str(path))
        return real(path, known)

    real = fingerprints.file_key
    monkeypatch.setattr(fingerprints, "file_key", gone)
    for _ in range(SETTLE_TRIES):
        assert preview.rebuild({logo}).vanished == "static/logo.svg"
    outcome = preview.rebuild({logo})
    assert [d.format() for d in outcome.problems] == [
        "static/logo.svg: error: cannot be read: No such file or directory\n"
        "  hint: make it a file you may read, or remove it; the preview rebuilds when it changes"
    ]
    assert preview.last_errors == outcome.problems
    monkeypatch.setattr(fingerprints, "file_key", real)
    assert preview.rebuild({logo}).ok
    assert preview.last_errors == []


def test_a_file_gone_before_the_preview_copies_it_is_skipped(tmp_path: Path) -> None:
    from recordhub import served

    out = tmp_path / "preview"
    (out / "img").mkdir(parents=True)
    (out / "img/old.png").write_bytes(b"old")
    updates: dict[str, bytes | Path] = {"img/old.png": tmp_path / "gone.png", "a.txt": b"a"}
    changed, gone = served.sync(out, {"img/old.png", "a.txt"}, updates, {"img/old.png"})
    assert (changed, gone) == (["a.txt"], {"img/old.png"})
    assert (out / "img/old.png").read_bytes() == b"old"  # until the rebuild its removal brings


@pytest.mark.parametrize("debug", [False, True])
def test_a_fault_of_recordhubs_own_is_shown_and_the_preview_goes_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], debug: bool
) -> None:
    # no input makes recordhub fail so (each such input is a bug, fixed once found): the
    # fault is put in by hand
    from recordhub import model

    hub, out, preview = previewed(tmp_path, {"content/_index.md": "---\ntitle: Home\n---\nOld.\n"})
    preview.debug = debug
    shown = (out / "index.html").read_bytes()
    working = model.build_site

    def failing(*args: object, **kwargs: object) -> object:
        raise RuntimeError("a fault")

    monkeypatch.setattr(model, "build_site", failing)
    (hub / "content/_index.md").write_text("---\ntitle: Home\n---\nNew.\n")
    outcome = preview.rebuild(None)  # everything, as after a change of site.yml
    assert [(p.path, p.message, p.hint) for p in outcome.errors] == [
        (
            "recordhub",
            "internal error: RuntimeError: a fault",
            "the preview keeps the last good pages and tries again at the next save; "
            "recordhub build --debug shows where it failed",
        )
    ]
    assert (out / "index.html").read_bytes() == shown
    assert ("Traceback" in capsys.readouterr().err) is debug
    monkeypatch.setattr(model, "build_site", working)
    assert preview.rebuild(None).ok
    assert "New." in (out / "index.html").read_text()


@pytest.mark.parametrize("command", [["build"], ["check"], ["new", "page", "X"]])
def test_a_hub_under_a_folder_it_may_not_look_into_is_a_usage_error(
    tmp_path: Path, command: list[str]
) -> None:
    hub = make_site(tmp_path / "locked" / "hub", BASE)
    (tmp_path / "locked").chmod(0o000)
    try:
        run = as_a_user("-C", hub, *command)
    finally:
        (tmp_path / "locked").chmod(0o755)
    assert run.code == 2, run.err
    assert run.err == (
        f"{hub}: error: -C names a folder that cannot be opened (Permission denied)\n"
        "  hint: check the folder's name, and that you may open every folder on its path\n"
    )


@pytest.mark.parametrize(
    ("kind", "told"), [("claim", "content/claims/x.md"), ("page", "content/claims/_index.md")]
)
def test_new_in_a_hub_with_a_folder_it_may_not_open_says_which(
    tmp_path: Path, kind: str, told: str
) -> None:
    claims = "---\ntitle: Claims\ncascade: {type: claim}\n---\n"
    hub = make_site(tmp_path / "hub", {**BASE, "content/claims/_index.md": claims})
    (hub / "content/claims").chmod(0o000)
    try:
        run = as_a_user("-C", hub, "new", kind, "X")
    finally:
        (hub / "content/claims").chmod(0o755)
    assert run.code == 2, run.err
    assert run.err == (
        f"{told}: error: cannot be read: permission denied\n"
        "  hint: give yourself access to content/claims/ and the folders in it\n"
    )


def test_init_under_a_folder_it_may_not_look_into_says_it_cannot_write_there(
    tmp_path: Path,
) -> None:
    locked = tmp_path / "locked"
    locked.mkdir(mode=0o000)
    try:
        run = as_a_user("init", locked / "hub")
    finally:
        locked.chmod(0o755)
    assert run.code == 2, run.err
    assert run.err == (
        f"{locked / 'hub'}: error: cannot be written: Permission denied\n"
        "  hint: choose a folder you may write in, on a disk with free space\n"
    )
    assert list(locked.iterdir()) == []


@pytest.mark.parametrize(
    ("kind", "written", "locked"),
    [
        ("page", "content/locked.md", "content/"),
        ("roadmap", "content/roadmap/locked.md", "content/"),
    ],
)
def test_new_into_a_read_only_folder_says_it_cannot_write_there(
    tmp_path: Path, kind: str, written: str, locked: str
) -> None:
    hub = make_site(tmp_path / "hub", BASE)
    (hub / "content").chmod(0o555)
    try:
        run = as_a_user("-C", hub, "new", kind, "Locked")
    finally:
        (hub / "content").chmod(0o755)
    assert run.code == 2, run.err
    assert run.err == (
        f"{written}: error: cannot be written: Permission denied\n"
        f"  hint: give yourself write access to {locked}\n"
    )
    assert not (hub / written).exists()
