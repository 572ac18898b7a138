"""cachefile: a damaged file made again by one process while another still has it open. Each
Store here stands for a process of its own (a render worker, or another build): each has its
own connection, as each process does."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from cacheentries import entries
from recordhub import cachefile, converted
from recordhub.markdown import Rendered

BODY = Rendered("<p>A body.</p>", (), ())
KEYS = [f"{i:03}".ljust(40, "a") for i in range(300)]  # enough for a tree of many pages


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    store = converted.Store(tmp_path / "cache")
    assert store.save_all(dict.fromkeys(KEYS, BODY))
    store.finish(set())
    return tmp_path / "cache"


def damage(folder: Path) -> None:
    """Overwrite every page but the first, in place; with a new change counter, so that a
    connection that has the file open reads it again rather than what it remembers of it."""
    path = folder / cachefile.FILE
    data = path.read_bytes()
    counter = int.from_bytes(data[24:28], "big") + 1
    path.write_bytes(data[:24] + counter.to_bytes(4, "big") + data[28:4096] + b"\xee" * 8192)


def keys_in_file(folder: Path) -> set[str]:
    with sqlite3.connect(folder / cachefile.FILE) as db:
        found = {row[0] for row in db.execute("SELECT key FROM body")}
    db.close()
    return found


def test_a_file_made_again_by_another_process_is_taken_not_made_again(folder: Path) -> None:
    first, second = converted.Store(folder), converted.Store(folder)
    assert second.load(KEYS[0]) == BODY  # open: it has the file that is about to be damaged
    damage(folder)
    assert first.load(KEYS[-1]) is None  # found damaged: made again, empty
    assert first.save("new".ljust(40, "b"), BODY)
    # the second finds the damage in the file it has open, which is no longer in place: it
    # takes the file the first made, rather than making another and losing what is in it
    assert second.load(KEYS[-1]) is None
    assert second.save("two".ljust(40, "c"), BODY)
    assert keys_in_file(folder) == {"new".ljust(40, "b"), "two".ljust(40, "c")}
    assert converted.Store(folder, writable=False).load("new".ljust(40, "b")) == BODY


def test_a_write_goes_to_the_file_in_place_not_to_the_one_it_replaced(folder: Path) -> None:
    store = converted.Store(folder)
    assert store.load(KEYS[0]) == BODY  # open
    # another process found the file damaged and made it again meanwhile
    (folder / cachefile.FILE).unlink()
    assert converted.Store(folder).save(KEYS[1], BODY)
    assert store.save("late".ljust(40, "d"), BODY)
    assert keys_in_file(folder) == {KEYS[1], "late".ljust(40, "d")}
    assert [e.key for e in entries(folder)] == sorted([KEYS[1], "late".ljust(40, "d")])


def test_a_damaged_file_is_still_made_again_only_once_by_one_process(folder: Path) -> None:
    store = converted.Store(folder)
    damage(folder)
    assert store.load(KEYS[-1]) is None  # made again
    assert store.save(KEYS[0], BODY)
    damage(folder)  # damaged again: this process does not make it again and again
    assert store.load(KEYS[-1]) is None
    assert not store.save(KEYS[1], BODY)
    assert converted.Store(folder).save(KEYS[1], BODY)  # a new build does, once
