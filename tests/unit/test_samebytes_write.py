"""samebytes.Linker on a real disk: a link to the live file only when it holds the very bytes."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

from recordhub import samebytes

BIG = bytes(range(256)) * 12_000  # about 3 MB: compared over several pieces


@pytest.fixture
def places(tmp_path: Path) -> tuple[Path, Path]:
    (tmp_path / "live").mkdir()
    (tmp_path / "new").mkdir()
    return tmp_path / "live" / "file", tmp_path / "new" / "file"


def write(live: Path, path: Path, data: bytes) -> samebytes.Linker:
    linker = samebytes.Linker(str(live.parent))
    linker.write(str(path), data, live.name)
    return linker


def test_the_very_bytes_are_linked(places: tuple[Path, Path]) -> None:
    live, path = places
    live.write_bytes(BIG)
    write(live, path, BIG)
    assert path.stat().st_ino == live.stat().st_ino
    assert path.read_bytes() == BIG


@pytest.mark.parametrize(
    "there",
    [
        pytest.param(BIG[:-1] + b"\x00", id="last-byte-differs"),
        pytest.param(b"\x01" + BIG[1:], id="first-byte-differs"),
        pytest.param(BIG + b"more", id="longer"),
        pytest.param(BIG[:-5], id="shorter"),
        pytest.param(b"", id="empty"),
    ],
)
def test_other_bytes_are_written_anew(places: tuple[Path, Path], there: bytes) -> None:
    live, path = places
    live.write_bytes(there)
    write(live, path, BIG)
    assert path.stat().st_ino != live.stat().st_ino
    assert path.read_bytes() == BIG
    assert live.read_bytes() == there  # never written through


def test_nothing_there_or_no_live_folder(places: tuple[Path, Path]) -> None:
    live, path = places
    write(live, path, b"new")
    assert path.read_bytes() == b"new"
    other = path.with_name("other")
    samebytes.Linker(None).write(str(other), b"new", "other")  # no output in place yet
    assert other.read_bytes() == b"new"


def test_a_folder_there_is_not_read(places: tuple[Path, Path]) -> None:
    live, path = places
    live.mkdir()
    write(live, path, b"")
    assert path.is_file() and path.read_bytes() == b""


def test_a_symbolic_link_there_is_not_followed(tmp_path: Path, places: tuple[Path, Path]) -> None:
    live, path = places
    target = tmp_path / "elsewhere"
    target.write_bytes(BIG)
    live.symlink_to(target)
    write(live, path, BIG)
    assert not path.is_symlink()
    assert path.stat().st_ino != target.stat().st_ino
    assert path.read_bytes() == BIG
    assert os.stat(target).st_nlink == 1


# a file system without hard links cannot be made here: its refusal is injected at os.link
@pytest.mark.parametrize(
    ("code", "again"), [(errno.EPERM, False), (errno.EXDEV, False), (errno.EMLINK, True)]
)
def test_a_refused_link_is_written_and_only_a_file_s_own_refusal_is_tried_again(
    places: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch, code: int, again: bool
) -> None:
    live, path = places
    live.write_bytes(BIG)
    live.with_name("second").write_bytes(b"second")
    tried: list[str] = []

    def link(source: str, target: str, *args: object, **kwargs: object) -> None:
        tried.append(source)
        raise OSError(code, os.strerror(code))

    monkeypatch.setattr(os, "link", link)
    linker = write(live, path, BIG)
    assert path.read_bytes() == BIG and path.stat().st_ino != live.stat().st_ino
    linker.write(str(path.with_name("second")), b"second", "second")
    assert path.with_name("second").read_bytes() == b"second"
    assert len(tried) == (2 if again else 1)
