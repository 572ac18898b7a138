"""The snapshot of what the last build learnt of each page file (recordhub.ingested)."""

from __future__ import annotations

import os
import pickle
import re
from pathlib import Path

import pytest

from hubtest import make_site, resave, run_cli, tree
from recordhub import config, convert, ingest, ingested, sources
from recordhub.sealed import seal, unseal

HUB = {
    "content/_index.md": "---\ntitle: Home\n---\nWelcome.\n",
    "content/about.md": "---\ntitle: About\nsummary: Who we are.\n---\nWe make BLUE videos.\n",
    "content/press.md": (
        "---\ntitle: Press\nsummary: " + "A very long summary. " * 10 + "\n---\nContact us.\n"
    ),
}


@pytest.fixture
def hub(tmp_path: Path) -> Path:
    return make_site(tmp_path / "hub", HUB)


def build(hub: Path, out: Path, *flags: str) -> tuple[str, str]:
    resave(hub)  # a full build each time, not the answer from the last build's record
    run = run_cli("-C", hub, "build", "--no-search", "-o", out, *flags)
    assert run.code == 0, run.err
    assert "Traceback" not in run.err + run.out
    return run.out, run.err


def hits(summary: str) -> int:
    found = re.search(r"\((\d+) from cache", summary)
    assert found, summary
    return int(found.group(1))


def snapshot_of(hub: Path) -> Path:
    return hub / convert.CACHE_DIR / ingested.FOLDER


def loaded(hub: Path) -> dict[str, object]:
    """What the next build would take from the snapshot."""
    return ingested.Snapshot(hub / convert.CACHE_DIR, ingested.token(config.load(hub))).load()


def shards(hub: Path) -> list[Path]:
    return sorted(snapshot_of(hub).glob("*.pickle"))


def test_a_build_leaves_a_snapshot_the_next_one_uses(hub: Path, tmp_path: Path) -> None:
    build(hub, tmp_path / "out")
    assert sorted(loaded(hub)) == ["_index.md", "about.md", "press.md"]
    assert len(shards(hub)) == ingested.SHARDS
    out, _ = build(hub, tmp_path / "out")
    assert hits(out) == 3


def test_its_problems_are_reported_again(hub: Path, tmp_path: Path) -> None:
    _, first = build(hub, tmp_path / "out")
    _, second = build(hub, tmp_path / "out")
    assert "content/press.md:3:10: warning: summary is" in first
    assert second == first


def test_a_file_edited_in_place_is_read_again_whatever_its_stat_says(
    hub: Path, tmp_path: Path
) -> None:
    # same size, same modification time: only the bytes tell, and they are compared
    build(hub, tmp_path / "out")
    about = hub / "content" / "about.md"
    before = about.stat()
    about.write_text(HUB["content/about.md"].replace("BLUE", "PINK"), "utf-8")
    os.utime(about, ns=(before.st_atime_ns, before.st_mtime_ns))
    out, _ = build(hub, tmp_path / "out")
    assert "PINK" in (tmp_path / "out" / "about" / "index.html").read_text("utf-8")
    assert hits(out) == 2


def pages_read(monkeypatch: pytest.MonkeyPatch, hub: Path, out: Path) -> set[str]:
    """The page files one build read (a build in another process: nothing kept in memory)."""
    read: set[str] = set()
    original = Path.read_bytes

    def spied(path: Path) -> bytes:
        if path.suffix == ".md" and path.is_relative_to(hub / "content"):
            read.add(path.relative_to(hub / "content").as_posix())
        return original(path)

    with monkeypatch.context() as patched:
        patched.setattr(Path, "read_bytes", spied)
        build(hub, out)
    return read


def test_a_file_unchanged_for_a_while_is_not_read_again(
    hub: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # its stat is trusted, as make trusts it: the hub's files were still long before the build
    monkeypatch.setattr(sources, "_STILL_NS", 0)
    build(hub, tmp_path / "out")
    about = hub / "content" / "about.md"
    about.write_text(HUB["content/about.md"].replace("BLUE", "GREEN"), "utf-8")
    assert pages_read(monkeypatch, hub, tmp_path / "out") == {"about.md"}
    assert "GREEN" in (tmp_path / "out" / "about" / "index.html").read_text("utf-8")
    assert pages_read(monkeypatch, hub, tmp_path / "out") == set()


def test_a_file_that_had_just_changed_when_it_was_read_is_read_again(
    hub: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # changed a moment before the build read it (an hour counts as a moment here, so that a
    # slow machine tells the same): a second write in the same clock tick could have kept
    # every time of its stat, so the next build compares its bytes
    monkeypatch.setattr(sources, "_STILL_NS", 3600 * 10**9)
    build(hub, tmp_path / "out")
    every = {"_index.md", "about.md", "press.md"}
    assert pages_read(monkeypatch, hub, tmp_path / "out") == every
    assert pages_read(monkeypatch, hub, tmp_path / "out") == every


def test_a_still_file_rewritten_with_its_old_times_is_read_again(
    hub: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # same size, same modification time: its change time, which no one can set, tells
    monkeypatch.setattr(sources, "_STILL_NS", 0)
    build(hub, tmp_path / "out")
    about = hub / "content" / "about.md"
    before = about.stat()
    about.write_text(HUB["content/about.md"].replace("BLUE", "PINK"), "utf-8")
    os.utime(about, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert pages_read(monkeypatch, hub, tmp_path / "out") == {"about.md"}
    assert "PINK" in (tmp_path / "out" / "about" / "index.html").read_text("utf-8")


def test_an_edited_front_matter_is_validated_again(hub: Path, tmp_path: Path) -> None:
    build(hub, tmp_path / "out")
    about = hub / "content" / "about.md"
    about.write_text("---\ntitle: About\nsumary: typo\n---\nWe make BLUE videos.\n", "utf-8")
    resave(hub)
    run = run_cli("-C", hub, "build", "--no-search", "-o", tmp_path / "out")
    assert run.code == 1
    assert "content/about.md:3:1: error: unknown field 'sumary'" in run.err


def test_other_settings_start_afresh(hub: Path, tmp_path: Path) -> None:
    build(hub, tmp_path / "out")
    made = ingested.token(config.load(hub))
    site = hub / "site.yml"
    site.write_text(site.read_text("utf-8").replace("Test Hub", "Other Hub"), "utf-8")
    assert ingested.token(config.load(hub)) != made
    assert loaded(hub) == {}
    build(hub, tmp_path / "out")
    assert "Other Hub" in (tmp_path / "out" / "about" / "index.html").read_text("utf-8")


def held(data: bytes) -> tuple[str, object]:
    """A shard's token and contents, read past its digest."""
    payload = unseal(data)
    assert payload is not None
    made, files = pickle.loads(payload)
    return made, files


def changed(data: bytes) -> bytes:
    """One field's name changed in a shard that holds a page: unpickled, it makes a page that
    lacks that field (an uncaught AttributeError, before shards had a digest)."""
    assert b"expires" in data or b"about.md" not in data
    return data.replace(b"expires", b"eypires")


DAMAGE = {
    "truncated": lambda data: data[: len(data) // 2],
    "empty": lambda data: b"",
    "garbage": lambda data: b"\x80\x05not a pickle at all",
    "one-name-changed": changed,
    "unsealed": lambda data: bytes(unseal(data) or b""),
    "sealed-garbage": lambda data: seal(b"\x80\x05not a pickle at all"),
    "other-token": lambda data: seal(pickle.dumps(("0" * 32, held(data)[1]))),
    "not-a-dict": lambda data: seal(pickle.dumps((held(data)[0], ["x"]))),
    "other-values": lambda data: seal(pickle.dumps((held(data)[0], {"about.md": "x"}))),
}


@pytest.mark.parametrize("name", sorted(DAMAGE))
def test_a_damaged_snapshot_is_ignored_and_written_again(
    hub: Path, tmp_path: Path, name: str
) -> None:
    build(hub, tmp_path / "out")
    good = tree(tmp_path / "out")
    for path in shards(hub):
        path.write_bytes(DAMAGE[name](path.read_bytes()))
    out, _ = build(hub, tmp_path / "out")
    assert hits(out) == 3  # every body from the conversion cache instead
    assert tree(tmp_path / "out") == good
    memo = ingest.Memo()
    memo.remember(loaded(hub))  # written again, whole
    assert sorted(memo.files) == ["_index.md", "about.md", "press.md"]


def test_a_snapshot_that_cannot_be_written_costs_only_time(hub: Path, tmp_path: Path) -> None:
    snapshot_of(hub).parent.mkdir()
    snapshot_of(hub).write_text("a file where the folder belongs")
    build(hub, tmp_path / "out")
    second, _ = build(hub, tmp_path / "out")
    assert hits(second) == 3  # from the conversion cache
    assert snapshot_of(hub).is_file()
    build(hub, tmp_path / "fresh", "--no-cache")
    assert tree(tmp_path / "out") == tree(tmp_path / "fresh")


def test_no_cache_neither_reads_nor_writes_a_snapshot(hub: Path, tmp_path: Path) -> None:
    build(hub, tmp_path / "out", "--no-cache")
    assert not (hub / convert.CACHE_DIR).exists()


def test_check_reads_the_snapshot_and_writes_none(hub: Path, tmp_path: Path) -> None:
    build(hub, tmp_path / "out")
    before = [(p.read_bytes(), p.stat().st_mtime_ns) for p in shards(hub)]
    run = run_cli("-C", hub, "check")
    assert run.code == 0, run.err
    assert hits(run.out) == 3
    assert [(p.read_bytes(), p.stat().st_mtime_ns) for p in shards(hub)] == before


def test_an_edit_rewrites_only_the_shard_of_that_file(hub: Path, tmp_path: Path) -> None:
    build(hub, tmp_path / "out")
    before = {p.name: p.stat().st_mtime_ns for p in shards(hub)}
    about = hub / "content" / "about.md"
    about.write_text(HUB["content/about.md"].replace("BLUE", "GREEN"), "utf-8")
    build(hub, tmp_path / "out")
    after = {p.name: p.stat().st_mtime_ns for p in shards(hub)}
    changed = {name for name in after if after[name] != before[name]}
    assert changed == {f"{ingested.shard('about.md'):02d}.pickle"}
    assert "GREEN" in (tmp_path / "out" / "about" / "index.html").read_text("utf-8")
    (hub / "content" / "press.md").unlink()  # a removed file changes its shard too
    build(hub, tmp_path / "out")
    assert sorted(loaded(hub)) == ["_index.md", "about.md"]


def test_a_later_problem_on_a_remembered_page_points_at_its_line(hub: Path, tmp_path: Path) -> None:
    # positions are not kept in the model or the snapshot; a message reads them from the file
    (hub / "content" / "news.md").write_text(
        "---\ntitle: News\nsummary: What changed.\n\ndate: 2026-01-05\nupdated: 2026-02-01\n"
        "---\nIt changed.\n",
        "utf-8",
    )
    _, first = build(hub, tmp_path / "out")
    out, second = build(hub, tmp_path / "out")
    assert hits(out) == 4  # every page from the snapshot
    assert "content/news.md:6:10: warning: updated (2026-02-01) is later than date" in first
    assert second == first


def test_a_hub_moved_elsewhere_starts_afresh(hub: Path, tmp_path: Path) -> None:
    # what is kept names files by absolute path: taken after a move, a later problem would
    # point at line 1 of a file that is no longer there
    (hub / "content" / "news.md").write_text(
        "---\ntitle: News\nsummary: What changed.\n\ndate: 2026-01-05\nupdated: 2026-02-01\n"
        "---\nIt changed.\n",
        "utf-8",
    )
    build(hub, tmp_path / "out")
    moved = hub.rename(tmp_path / "moved")
    assert loaded(moved) == {}
    _, err = build(moved, tmp_path / "out")
    assert "content/news.md:6:10: warning: updated" in err
    assert sorted(loaded(moved)) == ["_index.md", "about.md", "news.md", "press.md"]
