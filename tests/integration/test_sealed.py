"""A damaged cache is never used, one that cannot be written only costs time, and records
of output folders no build has used for a month are dropped.

The conversion cache, the snapshot and the records have their own damage tests (test_cache,
test_ingested, test_reuse, test_uptodate); these are the compiled templates and the search
index kept in the cache, and the digest itself.
"""

from __future__ import annotations

import errno
import hashlib
import json
import os
import shutil
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from hubtest import make_site, resave, run_cli, tree
from recordhub import convert, external, indexes, reuse, search, uptodate
from recordhub.sealed import Sealer, seal, unseal

EPOCH = "1772366400"
HUB = {
    "content/_index.md": "---\ntitle: Home\n---\nWelcome to the *hub*.\n",
    "content/about.md": "---\ntitle: About\n---\n## Who we are\n\nA company.\n",
    "content/faq/_index.md": "---\ntitle: Questions\n---\nCommon questions.\n",
    "content/faq/answer.md": "---\ntitle: Answer\n---\nIt is **stored** in Europe.\n",
}


@pytest.fixture(autouse=True)
def _fixed_now(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)


@pytest.fixture
def hub(tmp_path: Path) -> Path:
    return make_site(tmp_path / "hub", HUB)


def build(hub: Path, out: Path, *flags: str) -> str:
    resave(hub)  # a full build, not the answer of the last one
    run = run_cli("-C", hub, "build", "-o", out, *flags)
    assert run.code == 0, run.err
    assert "Traceback" not in run.out + run.err
    return run.out


# ---- the digest ------------------------------------------------------------------------------


def test_a_sealed_payload_comes_back_whole() -> None:
    for payload in (b"", b"x", b"\n\n", bytes(range(256)) * 40):
        back = unseal(seal(payload))
        assert back is not None and bytes(back) == payload


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"\n",
        b"0" * 32,  # a digest's length, and nothing after it
        seal(b"payload")[:-1],
        seal(b"payload") + b"!",
        seal(b"payload").replace(b"\n", b" ", 1),
        seal(b"payload").upper(),  # the digest in capitals is not the one written
        b"payload",
    ],
)
def test_anything_but_a_whole_sealed_file_is_refused(data: bytes) -> None:
    assert unseal(data) is None


def test_a_digest_taken_piece_by_piece_is_the_digest_of_the_whole() -> None:
    sealer = Sealer()
    for piece in (b"head\n", b"one\n", b"", b"two\n"):
        sealer.update(piece)
    assert sealer.line() == seal(b"head\none\ntwo\n")[:33]


def test_a_record_written_while_the_clock_ran_ahead_ages_from_now(
    hub: Path, tmp_path: Path
) -> None:
    build(hub, tmp_path / "first", "--no-search")
    cache = hub / convert.CACHE_DIR
    ahead = time.time() + 200 * 86400  # the clock was months ahead, then was corrected
    record = cache / "last-build-2222222222222222.json"
    record.write_text("{}", "utf-8")
    os.utime(record, (ahead, ahead))
    build(hub, tmp_path / "second", "--no-search")
    assert record.exists() and record.stat().st_mtime < time.time() + 60  # dropped in 30 days


# ---- compiled templates ----------------------------------------------------------------------


def _renamed(data: bytes) -> bytes:
    # text the base template writes into every page, changed inside its compiled code
    return data.replace(b"og:type", b"og-type")


TEMPLATE_DAMAGE: dict[str, Callable[[bytes], bytes]] = {
    "one-string-changed": _renamed,
    "cut-at-40-bytes": lambda data: data[:40],  # mid-way through Jinja's own header
    "cut-in-half": lambda data: data[: len(data) // 2],
    "empty": lambda data: b"",
    "no-digest": lambda data: bytes(unseal(data) or b""),
    "garbage-sealed": lambda data: seal(os.urandom(200)),
}


@pytest.mark.parametrize("damage", sorted(TEMPLATE_DAMAGE))
def test_a_damaged_compiled_template_is_compiled_again(
    hub: Path, tmp_path: Path, damage: str
) -> None:
    build(hub, tmp_path / "first", "--no-search")
    compiled = sorted((hub / convert.CACHE_DIR / "templates").iterdir())
    assert compiled
    before = {path: path.read_bytes() for path in compiled}
    if damage == "one-string-changed":
        assert any(b"og:type" in data for data in before.values())
    for path, data in before.items():
        path.write_bytes(TEMPLATE_DAMAGE[damage](data))
    # a new output folder: no page can be carried over, so every page is rendered
    build(hub, tmp_path / "out", "--no-search")
    build(hub, tmp_path / "fresh", "--no-search", "--no-cache")
    assert tree(tmp_path / "out") == tree(tmp_path / "fresh")
    assert b"og-type" not in (tmp_path / "out" / "about" / "index.html").read_bytes()
    for path in compiled:  # compiled again and written back, whole
        assert path.read_bytes() == before[path]


# ---- the search index kept in the cache ------------------------------------------------------


def kept_index(hub: Path) -> Path:
    [folder] = (hub / convert.CACHE_DIR / "search").glob(f"*/{search.FOLDER}")
    return folder


def listed(folder: Path) -> dict[str, str]:
    files = json.loads((folder / "recordhub-pages.json").read_text("utf-8"))["files"]
    assert isinstance(files, dict) and files
    return files


def as_made(folder: Path) -> bool:
    """True when every file the stamp lists is there with the digest it lists."""
    return all(
        (folder / name).is_file()
        and hashlib.sha256((folder / name).read_bytes()).hexdigest() == digest
        for name, digest in listed(folder).items()
    )


INDEX_DAMAGE: dict[str, Callable[[Path], None]] = {
    "script-cut-short": lambda f: (f / "pagefind-ui.js").write_bytes(
        (f / "pagefind-ui.js").read_bytes()[:100]
    ),
    "script-changed": lambda f: (f / "pagefind-ui.js").write_bytes(
        b"alert(1);" + (f / "pagefind-ui.js").read_bytes()[9:]
    ),
    "entry-removed": lambda f: (f / "pagefind-entry.json").unlink(),
    "stamp-not-json": lambda f: (f / "recordhub-pages.json").write_text("{", "utf-8"),
    "stamp-of-a-list": lambda f: (f / "recordhub-pages.json").write_text(
        json.dumps({"pages": "x", "files": ["pagefind-ui.js"]}), "utf-8"
    ),
}


@pytest.mark.parametrize("damage", sorted(INDEX_DAMAGE))
def test_a_damaged_search_index_in_the_cache_is_made_again(
    hub: Path, tmp_path: Path, damage: str
) -> None:
    build(hub, tmp_path / "first")
    folder = kept_index(hub)
    assert as_made(folder)
    script = (folder / "pagefind-ui.js").read_bytes()
    INDEX_DAMAGE[damage](folder)
    build(hub, tmp_path / "out")  # a new output folder: the index can only come from the cache
    published = tmp_path / "out" / search.FOLDER
    assert as_made(published)
    assert (published / "pagefind-ui.js").read_bytes() == script
    assert (published / "pagefind-entry.json").is_file()
    assert as_made(kept_index(hub))  # the kept one replaced by the new one


def test_an_entry_of_the_kept_indexes_that_is_gone_when_looked_at_is_passed_over(
    hub: Path, tmp_path: Path
) -> None:
    # another build removing an index no build used for a month, just as this one looks at it;
    # a link that leads nowhere is gone in the same way every time
    build(hub, tmp_path / "first")
    (hub / convert.CACHE_DIR / "search" / "gone").symlink_to(tmp_path / "nowhere")
    (hub / "content" / "about.md").write_text("---\ntitle: About\n---\nChanged.\n", "utf-8")
    build(hub, tmp_path / "out")  # new pages: a new index, kept beside the others
    assert as_made(tmp_path / "out" / search.FOLDER)


def test_a_kept_index_used_while_the_clock_ran_ahead_ages_from_now(
    hub: Path, tmp_path: Path
) -> None:
    build(hub, tmp_path / "first")
    ahead = time.time() + 200 * 86400  # the clock was months ahead, then was corrected
    old = hub / convert.CACHE_DIR / "search" / ("0" * 64)
    old.mkdir()
    os.utime(old, (ahead, ahead))
    (hub / "content" / "about.md").write_text("---\ntitle: About\n---\nChanged.\n", "utf-8")
    build(hub, tmp_path / "out")  # new pages: a new index, kept beside the others
    assert old.stat().st_mtime < time.time() + 60  # dropped once unused for 30 days from now


def test_a_damaged_index_in_the_last_output_is_not_carried_over(hub: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    build(hub, out)
    script = (out / search.FOLDER / "pagefind-ui.js").read_bytes()
    (out / search.FOLDER / "pagefind-ui.js").write_bytes(script[:100])
    build(hub, out)
    assert (out / search.FOLDER / "pagefind-ui.js").read_bytes() == script
    assert as_made(out / search.FOLDER)


def test_a_whole_index_is_taken_from_the_cache_unchanged(hub: Path, tmp_path: Path) -> None:
    """The other side of the damage tests: a kept index really is reused."""
    build(hub, tmp_path / "first")
    folder = kept_index(hub)
    stamp = (folder / "recordhub-pages.json").read_bytes()
    build(hub, tmp_path / "second")
    assert (tmp_path / "second" / search.FOLDER / "recordhub-pages.json").read_bytes() == stamp
    assert tree(tmp_path / "first" / search.FOLDER) == tree(tmp_path / "second" / search.FOLDER)


def test_an_index_another_pagefind_made_is_made_again(
    hub: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # an index of the same pages made without the extended build's word splitting (Chinese,
    # Japanese) was kept through an upgrade for as long as no page changed
    from pagefind.service import get_executable

    installed = get_executable()
    assert installed is not None
    other = tmp_path / "bin" / "pagefind"
    other.parent.mkdir()
    other.symlink_to(installed)
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(other))
    build(hub, tmp_path / "out")
    stamp = (tmp_path / "out" / search.FOLDER / "recordhub-pages.json").read_bytes()
    monkeypatch.delenv("PAGEFIND_BINARY_PATH")
    build(hub, tmp_path / "out")
    again = (tmp_path / "out" / search.FOLDER / "recordhub-pages.json").read_bytes()
    assert json.loads(again)["pages"] != json.loads(stamp)["pages"]


# ---- a cache that cannot be written ----------------------------------------------------------


@pytest.mark.parametrize(
    ("blocked", "where", "cost"),
    [
        (".recordhub-cache", ".recordhub-cache", "each build converts every page again"),
        ("templates", ".recordhub-cache/templates", "each build compiles every template again"),
    ],
)
def test_a_cache_that_cannot_be_written_is_a_notice_and_the_build_goes_on(
    hub: Path, tmp_path: Path, blocked: str, where: str, cost: str
) -> None:
    cache = hub / convert.CACHE_DIR
    if blocked == "templates":
        cache.mkdir()
        (cache / "templates").write_text("a file where the folder belongs", "utf-8")
    else:
        cache.write_text("a file where the folder belongs", "utf-8")
    for _ in range(2):  # the second build, from whatever cache there is, says it again
        resave(hub)
        run = run_cli("-C", hub, "build", "--no-search", "-o", tmp_path / "out")
        assert run.code == 0, run.err
        assert "Traceback" not in run.out + run.err
        assert (
            f"{where}: notice: the build cache cannot be written here "
            f"(a file stands where a folder belongs): {cost}\n"
            f"  hint: remove {where} (it holds only what a build makes again), "
            "or build with --no-cache\n"
        ) in run.err
    assert tree(tmp_path / "out") == tree(build_fresh(hub, tmp_path / "fresh"))
    if blocked == "templates":  # the rest of the cache still works
        assert "(4 from cache" in run.out


def build_fresh(hub: Path, out: Path) -> Path:
    run = run_cli("-C", hub, "build", "--no-search", "--no-cache", "-o", out)
    assert run.code == 0, run.err
    return out


def test_a_strict_build_is_not_failed_by_an_unwritable_cache(hub: Path, tmp_path: Path) -> None:
    (hub / convert.CACHE_DIR).write_text("a file where the folder belongs", "utf-8")
    run = run_cli("-C", hub, "build", "--no-search", "--strict", "-o", tmp_path / "out")
    assert run.code == 0, run.err
    assert "notice: the build cache cannot be written here" in run.err


def _full_disk(src: object, dst: object) -> None:
    raise OSError(errno.ENOSPC, "No space left on device")


def test_records_that_cannot_be_put_in_place_leave_no_temporary_file(
    hub: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A full disk is the one edge here that cannot be caused for real."""
    cache, out = hub / convert.CACHE_DIR, tmp_path / "out"
    out.mkdir()
    check = uptodate.Check(hub, out, [])
    record = reuse.Previous(out, cache / "pages-x.json")
    checker = external.Checker(cache)
    monkeypatch.setattr(os, "replace", _full_disk)
    check.save(None, "", (0, 0, 0), "")
    record.save()
    checker.check([])
    assert sorted(p.name for p in cache.iterdir()) == []  # no record, and nothing half-written


def test_an_index_another_build_kept_first_leaves_no_staging_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    made = tmp_path / "made" / search.FOLDER
    made.mkdir(parents=True)
    (made / "pagefind-ui.js").write_text("ui();\n", "utf-8")
    indexes.stamp(made, "pages")
    cache = tmp_path / "cache"
    real = os.replace

    def another_build_first(src: str, dst: str) -> None:
        shutil.copytree(made.parent, dst)  # its index is put in place between our two steps
        real(src, dst)  # a folder cannot replace a folder that has files: OSError

    monkeypatch.setattr(os, "replace", another_build_first)
    indexes.keep(cache, "pages", made)
    assert [p.name for p in (cache / "search").iterdir()] == ["pages"]
    assert as_made(cache / "search" / "pages" / search.FOLDER)


# ---- records of other output folders ---------------------------------------------------------


def test_records_of_output_folders_no_build_used_for_30_days_are_dropped(
    hub: Path, tmp_path: Path
) -> None:
    build(hub, tmp_path / "first", "--no-search")
    cache = hub / convert.CACHE_DIR
    kept = sorted(p.name for p in cache.glob("*-*.*"))
    assert kept[0].startswith("last-build-") and kept[0].endswith(".json")  # for "first"
    assert kept[1].startswith("pages-") and kept[1].endswith(".marshal") and len(kept) == 2
    now = time.time()
    old, recent, stopped = now - 31 * 86400, now - 29 * 86400, now - 2 * 86400
    aged = {
        "pages-0000000000000000.json": old,  # an output folder long gone
        "last-build-0000000000000000.json": old,
        "pages-1111111111111111.json": recent,  # one used within the month
        "last-build-1111111111111111.json": recent,
        ".pages-stopped": stopped,  # a build stopped while writing its record
        ".last-build-stopped": stopped,
        ".pages-writing": now,  # another build writing one now
        "pagesnot-a-record.json": old,  # not a record: left alone
    }
    for name, when in aged.items():
        (cache / name).write_text("{}", "utf-8")
        os.utime(cache / name, (when, when))
    build(hub, tmp_path / "second", "--no-search")
    names = {p.name for p in cache.iterdir() if p.is_file()}
    assert not names & {
        "pages-0000000000000000.json",
        "last-build-0000000000000000.json",
        ".pages-stopped",
        ".last-build-stopped",
    }
    assert {
        "pages-1111111111111111.json",
        "last-build-1111111111111111.json",
        ".pages-writing",
        "pagesnot-a-record.json",
        *kept,
    } <= names
    assert len([n for n in names if n.startswith("pages-")]) == 3  # first, second, recent


# ---- compiled templates ----------------------------------------------------------------------


def test_compiled_templates_a_build_loads_are_marked_used_once_a_day(
    hub: Path, tmp_path: Path
) -> None:
    build(hub, tmp_path / "out", "--no-search")
    folder = hub / convert.CACHE_DIR / "templates"
    before = {p.name: p.stat() for p in folder.iterdir()}
    assert before and all(n.startswith("__jinja2_") for n in before)
    two_days_ago = time.time() - 2 * 86400
    for name in before:
        os.utime(folder / name, (two_days_ago, two_days_ago))
    build(hub, tmp_path / "other", "--no-search")  # a new folder: every page is rendered
    after = {p.name: p.stat() for p in folder.iterdir()}
    assert after.keys() == before.keys()
    for name, was in before.items():
        assert after[name].st_ino == was.st_ino  # loaded, not compiled and written again
        assert after[name].st_mtime > two_days_ago + 86400  # and marked as used


def test_compiled_templates_no_build_loaded_for_30_days_are_dropped(
    hub: Path, tmp_path: Path
) -> None:
    build(hub, tmp_path / "out", "--no-search")
    folder = hub / convert.CACHE_DIR / "templates"
    used = {p.name: p.stat().st_ino for p in folder.iterdir()}
    now = time.time()
    old, stopped = now - 31 * 86400, now - 2 * 86400
    held = tmp_path / "held"  # a link to each, so that no new file can take its inode number
    held.mkdir()
    for name in used:  # not loaded by any build for a month
        os.utime(folder / name, (old, old))
        os.link(folder / name, held / name)
    aged = {
        "__jinja2_" + "0" * 40 + ".cache": old,  # a template since renamed, or the hub moved
        ".__jinja2_stopped.tmp": stopped,  # a build stopped while writing one
        ".__jinja2_writing.tmp": now,  # another build writing one now
        "notes.txt": old,  # not the cache's: left alone
    }
    for name, when in aged.items():
        (folder / name).write_bytes(b"x")
        os.utime(folder / name, (when, when))
    build(hub, tmp_path / "other", "--no-search")  # a new folder: every page is rendered
    names = {p.name for p in folder.iterdir()}
    assert names == set(used) | {".__jinja2_writing.tmp", "notes.txt"}
    for name, inode in used.items():  # dropped, then compiled again for this build
        assert (folder / name).stat().st_ino != inode
        assert (folder / name).stat().st_mtime > now - 60


def test_a_temporary_shard_of_a_stopped_build_is_dropped_after_a_day(
    hub: Path, tmp_path: Path
) -> None:
    folder = hub / convert.CACHE_DIR / "ingested"
    folder.mkdir(parents=True)
    stopped, writing = folder / ".shard-stopped.tmp", folder / ".shard-writing.tmp"
    for path, when in ((stopped, time.time() - 2 * 86400), (writing, time.time())):
        path.write_bytes(b"x")
        os.utime(path, (when, when))
    build(hub, tmp_path / "out", "--no-search")
    assert not stopped.exists()
    assert writing.exists()
    assert any(p.suffix == ".pickle" for p in folder.iterdir())
