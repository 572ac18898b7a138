"""samebytes.write on a real disk: a link to the live file only when it holds the very bytes."""

from __future__ import annotations

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


def test_the_very_bytes_are_linked(places: tuple[Path, Path]) -> None:
    live, path = places
    live.write_bytes(BIG)
    samebytes.write(str(path), BIG, str(live))
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
    samebytes.write(str(path), BIG, str(live))
    assert path.stat().st_ino != live.stat().st_ino
    assert path.read_bytes() == BIG
    assert live.read_bytes() == there  # never written through


def test_nothing_there_or_no_live_folder(places: tuple[Path, Path]) -> None:
    live, path = places
    samebytes.write(str(path), b"new", str(live))
    assert path.read_bytes() == b"new"
    other = path.with_name("other")
    samebytes.write(str(other), b"new", None)  # `check`, or a writer without a live output
    assert other.read_bytes() == b"new"


def test_a_folder_there_is_not_read(places: tuple[Path, Path]) -> None:
    live, path = places
    live.mkdir()
    samebytes.write(str(path), b"", str(live))
    assert path.is_file() and path.read_bytes() == b""


def test_a_symbolic_link_there_is_not_followed(tmp_path: Path, places: tuple[Path, Path]) -> None:
    live, path = places
    target = tmp_path / "elsewhere"
    target.write_bytes(BIG)
    live.symlink_to(target)
    samebytes.write(str(path), BIG, str(live))
    assert not path.is_symlink()
    assert path.stat().st_ino != target.stat().st_ino
    assert path.read_bytes() == BIG
    assert os.stat(target).st_nlink == 1
