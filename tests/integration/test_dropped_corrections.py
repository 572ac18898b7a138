"""A build tells of the corrections the last build published that it would drop because their
page is gone; never of a page that moved, nor without a last build to compare with."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import feedparser
import pytest

from hubtest import SITE_YML, Run, make_site, resave, run_cli, tree

HOME = {"content/_index.md": "---\ntitle: Home\n---\nWelcome.\n"}
CHANGELOG = (
    "changelog:\n"
    "  - {date: 2026-06-03, kind: correction, note: The figure was 12 and not 21.}\n"
    "  - {date: 2026-06-02, kind: clarification, note: The region is the EU.}\n"
)


def corrected(title: str, extra: str = "") -> str:
    dates = "date: 2026-06-01\nupdated: 2026-06-03\n"
    return f"---\ntitle: {title}\n{dates}{extra}{CHANGELOG}---\nText.\n"


FILES = {
    **HOME,
    "content/storage.md": corrected("Where data is stored"),
    "content/about.md": "---\ntitle: About\n---\nUs.\n",
}
TOLD = (
    "warning: 2 corrections the last build published for /storage/ would be dropped from "
    "/corrections/: the page is gone\n"
    "  hint: to keep them listed, restore the page with status: archived (or status: retracted "
    "and a status_note saying why)"
)


def build(hub: Path, out: Path, *flags: str) -> Run:
    run = run_cli("-C", hub, "build", "-o", out, *flags)
    assert "Traceback" not in run.err + run.out
    return run


def notes(out: Path) -> list[str]:
    parsed = feedparser.parse((out / "corrections/feed.xml").read_bytes())
    assert parsed.bozo == 0, parsed.get("bozo_exception")
    return [entry.summary for entry in parsed.entries]


def deleted(tmp_path: Path, *flags: str) -> tuple[Path, Path]:
    """A hub built once, then with its corrected page deleted."""
    hub = make_site(tmp_path / "hub", FILES)
    out = tmp_path / "out"
    assert build(hub, out, *flags).code == 0
    (hub / "content/storage.md").unlink()
    return hub, out


def test_a_deleted_page_with_corrections_is_told_with_its_address_and_count(
    tmp_path: Path,
) -> None:
    hub, out = deleted(tmp_path)
    run = build(hub, out)
    assert run.code == 0
    assert f"{out / 'corrections/feed.xml'}: {TOLD}" in run.err
    assert notes(out) == []  # told, not kept: the build still does what it was asked
    make_site(hub, {"content/about.md": "---\ntitle: About\n---\nUs, edited.\n"}, None)
    assert "would be dropped" not in build(hub, out, "--strict").err  # told once


def test_one_correction_is_told_as_one(tmp_path: Path) -> None:
    hub = make_site(tmp_path / "hub", FILES)
    single = corrected("Where data is stored").replace(CHANGELOG.splitlines()[2], "")
    make_site(hub, {"content/storage.md": single.replace("\n\n", "\n")}, None)
    out = tmp_path / "out"
    assert build(hub, out, "--strict").code == 0
    (hub / "content/storage.md").unlink()
    run = build(hub, out)
    told = TOLD.replace("2 corrections", "1 correction").replace("keep them", "keep it")
    assert f"{out / 'corrections/feed.xml'}: {told}" in run.err


def test_strict_fails_the_build_and_keeps_the_published_corrections(tmp_path: Path) -> None:
    hub, out = deleted(tmp_path)
    run = build(hub, out, "--strict")
    assert run.code == 1
    assert f"{out / 'corrections/feed.xml'}: {TOLD.replace('warning', 'error', 1)}" in run.err
    assert len(notes(out)) == 2


def test_the_hint_keeps_the_corrections_listed_with_the_page_archived(tmp_path: Path) -> None:
    for status in ("status: archived\n", "status: retracted\nstatus_note: It was wrong.\n"):
        hub, out = deleted(tmp_path / status[8:16])
        kept = corrected("Where data is stored", status)
        make_site(hub, {"content/storage.md": kept}, site_yml=None)
        run = build(hub, out, "--strict")
        assert run.code == 0, run.err
        assert "would be dropped" not in run.err
        assert notes(out) == ["The figure was 12 and not 21.", "The region is the EU."]
        listed = (out / "corrections/index.html").read_text("utf-8")
        assert "The figure was 12 and not 21." in listed
        assert 'href="/storage/#change-2026-06-03"' in listed


def test_a_page_moved_with_its_old_address_in_aliases_is_not_told(tmp_path: Path) -> None:
    hub, out = deleted(tmp_path)
    moved = corrected("Where data is stored", "aliases: [/storage/]\n")
    make_site(hub, {"content/data/where.md": moved}, site_yml=None)
    run = build(hub, out, "--strict")
    assert run.code == 0, run.err
    assert len(notes(out)) == 2


def test_a_page_moved_without_an_alias_is_not_told(tmp_path: Path) -> None:
    hub, out = deleted(tmp_path)
    make_site(hub, {"content/data/where.md": corrected("Where data is stored")}, site_yml=None)
    run = build(hub, out, "--strict")
    assert run.code == 0, run.err
    assert len(notes(out)) == 2


def test_a_page_that_stays_is_not_told_whatever_its_changelog_becomes(tmp_path: Path) -> None:
    # a corrected date moves the entry's anchor, and so its id: the page is still there
    hub = make_site(tmp_path / "hub", FILES)
    out = tmp_path / "out"
    assert build(hub, out).code == 0
    redated = corrected("Where data is stored").replace("2026-06-02", "2026-06-01")
    make_site(hub, {"content/storage.md": redated.replace("The region", "Our region")}, None)
    run = build(hub, out, "--strict")
    assert run.code == 0, run.err
    assert notes(out) == ["The figure was 12 and not 21.", "Our region is the EU."]


def test_a_first_build_into_a_folder_has_nothing_to_tell(tmp_path: Path) -> None:
    hub, _ = deleted(tmp_path)
    run = build(hub, tmp_path / "elsewhere", "--strict")
    assert run.code == 0, run.err


def test_an_output_folder_deleted_by_hand_has_nothing_to_tell(tmp_path: Path) -> None:
    hub, out = deleted(tmp_path)
    shutil.rmtree(out)
    run = build(hub, out, "--strict")
    assert run.code == 0, run.err


def test_without_the_cache_the_output_is_still_what_was_published(tmp_path: Path) -> None:
    hub = make_site(tmp_path / "hub", FILES)
    out = tmp_path / "out"
    assert build(hub, out, "--no-cache").code == 0
    resave(hub)
    again = build(hub, out, "--no-cache", "--strict")
    assert again.code == 0, again.err
    (hub / "content/storage.md").unlink()
    run = build(hub, out, "--no-cache")
    assert f"{out / 'corrections/feed.xml'}: {TOLD}" in run.err


@pytest.mark.parametrize(
    "damage",
    [
        lambda text: text[: len(text) // 2],
        lambda text: b"\xff\xfe not a feed",
        lambda text: b'<?xml version="1.0"?>\n<rss><channel /></rss>\n',
        lambda text: text.replace(b"<link", b"<lnk"),
        lambda text: text.replace(b'href="https://', b'href="http://[bad/'),
    ],
    ids=["cut short", "not xml", "another format", "no links", "links that are no URLs"],
)
def test_a_damaged_previous_feed_tells_nothing_and_stops_nothing(
    tmp_path: Path, damage: Callable[[bytes], bytes]
) -> None:
    hub, out = deleted(tmp_path)
    feed = out / "corrections/feed.xml"
    feed.write_bytes(damage(feed.read_bytes()))
    run = build(hub, out, "--strict")
    assert run.code == 0, run.err


def test_ids_made_otherwise_by_an_older_build_tell_nothing(tmp_path: Path) -> None:
    # ids changed once, when they stopped coming from files: the same entries are no loss
    hub = make_site(tmp_path / "hub", FILES)
    out = tmp_path / "out"
    assert build(hub, out).code == 0
    feed = out / "corrections/feed.xml"
    feed.write_text(feed.read_text("utf-8").replace("/storage.md#", "/data/storage.md#"))
    resave(hub)
    run = build(hub, out, "--strict")
    assert run.code == 0, run.err
    (hub / "content/storage.md").rename(hub / "content/kept.md")  # moved, and ids differ too
    feed.write_text(feed.read_text("utf-8").replace("/storage.md#", "/data/storage.md#"))
    run = build(hub, out, "--strict")
    assert run.code == 0, run.err


def test_a_build_for_another_address_tells_nothing_of_an_unchanged_hub(tmp_path: Path) -> None:
    hub = make_site(tmp_path / "hub", FILES)
    out = tmp_path / "out"
    assert build(hub, out, "--base-url", "https://staging.example/preview/").code == 0
    run = build(hub, out, "--strict")
    assert run.code == 0, run.err


def test_each_language_and_a_hub_in_a_folder_are_told_their_own_addresses(
    tmp_path: Path,
) -> None:
    site_yml = SITE_YML.replace("https://hub.example/", "https://example.com/facts/") + (
        "languages:\n  - {code: en, name: English}\n  - {code: es, name: Español}\n"
    )
    files = {
        **FILES,
        "content/_index.es.md": "---\ntitle: Inicio\n---\nHola.\n",
        "content/storage.es.md": corrected("Dónde se guardan")
        .replace("The figure was 12 and not 21.", "La cifra era 12.")
        .replace("The region is the EU.", "La región es la UE."),
    }
    hub = make_site(tmp_path / "hub", files, site_yml)
    out = tmp_path / "out"
    assert build(hub, out).code == 0
    (hub / "content/storage.es.md").unlink()
    run = build(hub, out)
    told = TOLD.replace("/storage/", "/facts/es/storage/").replace(
        "/corrections/", "/facts/es/corrections/"
    )
    assert f"{out / 'es/corrections/feed.xml'}: {told}" in run.err
    assert run.err.count("would be dropped") == 1


def test_check_tells_what_a_build_into_public_would_drop_and_writes_nothing(
    tmp_path: Path,
) -> None:
    hub = make_site(tmp_path / "hub", FILES)
    assert run_cli("-C", hub, "build").code == 0
    (hub / "content/storage.md").unlink()
    before = tree(hub / "public")
    run = run_cli("-C", hub, "check", "--strict")
    assert run.code == 1
    told = TOLD.replace("warning", "error", 1)
    assert f"{hub / 'public/corrections/feed.xml'}: {told}" in run.err
    assert tree(hub / "public") == before
    shutil.rmtree(hub / "public")
    assert run_cli("-C", hub, "check", "--strict").code == 0
