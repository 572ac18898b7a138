"""What a killed build leaves beside the output folder, and how the next build clears it.

A build killed with SIGKILL cannot clean up: its temporary folder (a whole copy of the output
when it took the parked one) stays beside the output. The next build removes such folders,
only by the names builds give them, and never one that another build is still using.
"""

from __future__ import annotations

import fcntl
import os
import signal
import time
from pathlib import Path

import pytest

from hubtest import make_site, resave, run_cli, spawn, tree
from recordhub import recycle

FILES = {
    "content/_index.md": "---\ntitle: Home\n---\nWelcome.\n",
    **{f"content/p{i}.md": f"---\ntitle: Page {i}\n---\nPage {i}.\n" for i in range(150)},
}


def leftovers(out: Path) -> list[str]:
    return sorted(p.name for p in out.parent.iterdir() if p.name.startswith(f".{out.name}."))


def build(hub: Path, out: Path) -> None:
    resave(hub)
    run = run_cli("-C", hub, "build", "--no-search", "-o", out)
    assert run.code == 0, run.err


def killed_build(hub: Path, out: Path) -> None:
    """A build killed with SIGKILL once its temporary folder is there."""
    before = set(leftovers(out))
    resave(hub)
    proc = spawn("-C", hub, "build", "--no-search", "-o", out)
    try:
        deadline = time.monotonic() + 60
        while set(leftovers(out)) <= before and proc.poll() is None:
            assert time.monotonic() < deadline, "never saw the build's temporary folder"
            time.sleep(0.001)
        assert proc.poll() is None, "the build ended before its temporary folder was seen"
        os.killpg(proc.pid, signal.SIGKILL)
    finally:
        proc.communicate()


def locked(folder: Path) -> int | None:
    """Lock a folder as a build locks the one it writes into; None when another holds it."""
    fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        os.close(fd)
        return None
    return fd


@pytest.fixture
def hub(tmp_path: Path) -> Path:
    hub = make_site(tmp_path / "hub", FILES)
    out = tmp_path / "out"
    build(hub, out)
    build(hub, out)  # the first output is parked: the next build takes it, a whole copy
    return hub


def test_the_next_build_removes_what_killed_builds_left(
    hub: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    killed_build(hub, out)
    killed_build(hub, out)
    left = leftovers(out)
    assert len(left) == 2, left
    assert any(sum(1 for _ in (out.parent / name).rglob("index.html")) > 100 for name in left)
    before = tree(out)
    # a folder just made may be another build's that has not locked it yet: left for a minute
    build(hub, out)
    assert set(left) <= set(leftovers(out))
    monkeypatch.setattr(recycle, "LEFTOVER_AGE", 0.0, raising=False)  # the minute has passed
    build(hub, out)
    assert leftovers(out) == []
    assert tree(out) == before


def test_only_unused_folders_named_as_builds_name_them_are_removed(
    hub: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    kept = [
        ".out.tmp-backup",  # not a name a build gives
        ".out.old-notes-2026",
        ".outer.tmp-abcd1234",  # beside another output folder
        "out.tmp-abcd1234",
    ]
    for name in kept:
        (tmp_path / name).mkdir()
        (tmp_path / name / "keep.txt").write_text("mine\n")
    (tmp_path / ".out.tmp-file0000").write_text("a file, not a build's folder\n")
    busy = tmp_path / ".out.tmp-busy0000"  # another build is writing into it
    busy.mkdir()
    stale = tmp_path / ".out.old-stale000"
    (stale / "previous").mkdir(parents=True)
    monkeypatch.setattr(recycle, "LEFTOVER_AGE", 0.0, raising=False)
    lock = locked(busy)
    assert lock is not None
    try:
        build(hub, out)
    finally:
        os.close(lock)
    assert not stale.exists()
    assert busy.is_dir()
    assert (tmp_path / ".out.tmp-file0000").is_file()
    assert all((tmp_path / name / "keep.txt").read_text() == "mine\n" for name in kept)


def test_another_build_s_folder_is_locked_while_it_is_in_use(hub: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    resave(hub)
    proc = spawn("-C", hub, "build", "--no-search", "--no-cache", "-o", out)

    def writing() -> bool:  # pages in it: well after the build made and locked it
        return any(
            sum(1 for _ in (out.parent / n).glob("p*/index.html")) >= 5 for n in leftovers(out)
        )

    try:
        deadline = time.monotonic() + 60
        while not writing() and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.001)
        assert proc.poll() is None, "the build ended before it was seen writing"
        os.killpg(proc.pid, signal.SIGSTOP)
        try:
            [name] = leftovers(out)
            taken = locked(out.parent / name)
        finally:
            os.killpg(proc.pid, signal.SIGCONT)
    finally:
        _, err = proc.communicate()
    if taken is not None:
        os.close(taken)
    assert taken is None, "a build's temporary folder was not locked"
    assert proc.returncode == 0, err
    assert leftovers(out) == []
