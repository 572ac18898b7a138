"""A build with nothing to do: when every file of the hub and of the output is as the last
successful build left it, that build's output and report stand, and nothing is read again.
Anything that could change what a build writes or reports takes a full build."""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from hubtest import SITE_YML, make_site, run_cli, tree
from recordhub import build as build_stage
from recordhub import config, convert, ingested, output, uptodate, visibility
from recordhub.schema import FrontMatter
from recordhub.sealed import seal, unseal

HUB = {
    "content/_index.md": "---\ntitle: Home\n---\nWelcome. See [about](about.md).\n",
    "content/about.md": "---\ntitle: About\nsummary: Who we are.\n---\nWe make videos.\n",
    "content/press.md": (
        "---\ntitle: Press\nsummary: " + "A very long summary. " * 10 + "\n---\nContact us.\n"
    ),
    "templates/partials/extra.html": "<p>extra</p>\n",
    "static/downloads/report.txt": "A report.\n",
}
FAST = "nothing changed since the last build"


@pytest.fixture
def hub(tmp_path: Path) -> Path:
    return make_site(tmp_path / "hub", HUB)


def build(hub: Path, out: Path, *flags: str) -> tuple[str, str]:
    run = run_cli("-C", hub, "build", "--no-search", "-o", out, *flags)
    assert run.code == 0, run.err
    assert "Traceback" not in run.err
    return run.out, run.err


def test_nothing_changed_gives_the_last_output_and_report_again(hub: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    first, first_err = build(hub, out)
    before = tree(out)
    second, second_err = build(hub, out)
    assert FAST not in first
    assert FAST in second
    assert "(3 from cache, 6 pages unchanged: nothing changed" in second  # 3 Markdown bodies
    assert second_err == first_err
    assert "summary is" in second_err  # the long summary's warning is reported again
    counts = [line.split(" in ")[0] for line in (first, second)]
    assert counts[0] == counts[1]  # the same pages and files
    assert first.rsplit(": ", 1)[1] == second.rsplit(": ", 1)[1]  # the same tally
    assert tree(out) == before


@pytest.mark.parametrize(
    "change",
    [
        "content/about.md",
        "content/new.md",
        "templates/partials/extra.html",
        "static/downloads/report.txt",
        "site.yml",
        "strings/en.yml",
        "delete content/press.md",
    ],
)
def test_any_change_to_the_hub_takes_a_full_build(hub: Path, tmp_path: Path, change: str) -> None:
    out = tmp_path / "out"
    build(hub, out)
    if change.startswith("delete "):
        (hub / change.removeprefix("delete ")).unlink()
    elif change == "site.yml":
        path = hub / change
        path.write_text(path.read_text("utf-8").replace("Test Hub", "Renamed Hub"), "utf-8")
    elif change == "content/new.md":
        make_site(hub, {change: "---\ntitle: New\n---\nNew page.\n"}, site_yml=None)
    elif change == "strings/en.yml":
        make_site(hub, {change: "skip_link: Jump to the text\n"}, site_yml=None)
    else:
        path = hub / change
        path.write_text(path.read_text("utf-8") + "\nMore.\n", "utf-8")
    summary, _ = build(hub, out)
    assert FAST not in summary
    fresh = tmp_path / "fresh"
    build(hub, fresh, "--no-cache")
    assert tree(out) == tree(fresh)


def test_a_file_saved_again_unchanged_takes_a_full_build(hub: Path, tmp_path: Path) -> None:
    # an editor's save rewrites the file; only its times tell, and times are what is compared
    out = tmp_path / "out"
    build(hub, out)
    about = hub / "content" / "about.md"
    about.write_bytes(about.read_bytes())
    summary, _ = build(hub, out)
    assert FAST not in summary


@pytest.mark.parametrize(
    "flags", [["--drafts"], ["--strict"], ["--base-url", "https://x.example/"]]
)
def test_other_options_take_a_full_build(hub: Path, tmp_path: Path, flags: list[str]) -> None:
    out = tmp_path / "out"
    build(hub, out)
    run = run_cli("-C", hub, "build", "--no-search", "-o", out, *flags)
    assert FAST not in run.out


def test_each_output_folder_is_compared_on_its_own(hub: Path, tmp_path: Path) -> None:
    build(hub, tmp_path / "one")
    summary, _ = build(hub, tmp_path / "two")
    assert FAST not in summary
    # building two used the shared cache, so one is built again in full, every page carried
    # over; after that it has nothing to do
    again, _ = build(hub, tmp_path / "one")
    assert "6 pages unchanged" in again
    last, _ = build(hub, tmp_path / "one")
    assert FAST in last
    assert tree(tmp_path / "one") == tree(tmp_path / "two")


@pytest.mark.parametrize("how", ["delete", "edit", "add"])
def test_a_changed_output_takes_a_full_build_that_repairs_it(
    hub: Path, tmp_path: Path, how: str
) -> None:
    out = tmp_path / "out"
    build(hub, out)
    before = tree(out)
    target = out / "about" / "index.html"
    if how == "delete":
        target.unlink()
    elif how == "edit":
        target.write_text("<p>changed by hand</p>\n", "utf-8")
    else:  # in a folder the build writes (at the top, someone's file is kept: test_recycle)
        (out / "about" / "stray.html").write_text("<p>left by another tool</p>\n", "utf-8")
    summary, _ = build(hub, out)
    assert FAST not in summary
    assert tree(out) == before


def test_removing_the_old_output_after_pages_were_carried_over_is_no_change(
    hub: Path, tmp_path: Path
) -> None:
    # an unchanged page is a hard link to the last build's file; the old tree is removed
    # (in the background for a big hub) after the record is written, which moves the shared
    # file's change time but changes nothing in the output
    out = tmp_path / "out"
    build(hub, out)
    (hub / "site.yml").touch()
    carried, _ = build(hub, out)
    assert "pages unchanged" in carried and FAST not in carried
    page = out / "about" / "index.html"
    old = tmp_path / "old-link.html"
    old.hardlink_to(page)
    old.unlink()  # what removing the previous output does to a carried page
    again, _ = build(hub, out)
    assert FAST in again


@pytest.mark.parametrize("how", ["delete", "damage"])
def test_a_changed_cache_takes_a_full_build_that_repairs_it(
    hub: Path, tmp_path: Path, how: str
) -> None:
    out = tmp_path / "out"
    build(hub, out)
    snapshot = hub / convert.CACHE_DIR / ingested.FOLDER
    for shard in snapshot.glob("*.pickle"):
        if how == "delete":
            shard.unlink()
        else:
            shard.write_bytes(shard.read_bytes()[:100])
    summary, _ = build(hub, out)
    assert FAST not in summary
    assert "(3 from cache" in summary  # the bodies came from the conversion cache
    made = ingested.token(config.load(hub))
    assert ingested.Snapshot(snapshot.parent, made).load()  # written again
    again, _ = build(hub, out)
    assert FAST in again


def test_a_file_of_the_cache_gone_while_it_is_compared_takes_a_full_build(
    hub: Path, tmp_path: Path
) -> None:
    # another build's temporary file, gone between listing the cache and looking at it; a
    # link that leads nowhere is gone in the same way every time
    out = tmp_path / "out"
    build(hub, out)
    (hub / convert.CACHE_DIR / ".pages-gone.tmp").symlink_to(tmp_path / "nowhere")
    (hub / convert.CACHE_DIR / "gone").symlink_to(tmp_path / "nowhere")
    summary, _ = build(hub, out)
    assert FAST not in summary
    again, _ = build(hub, out)
    assert FAST in again


def test_a_converted_body_is_not_compared_when_nothing_changed(hub: Path, tmp_path: Path) -> None:
    # the path that answers from the record reads no converted body, so it need not walk them
    # all; a build that needs a removed one converts it again (test_cache)
    out = tmp_path / "out"
    build(hub, out)
    for entry in (hub / convert.CACHE_DIR / "markdown").rglob("*.json"):
        entry.unlink()
    summary, _ = build(hub, out)
    assert FAST in summary


def test_a_symlink_out_of_the_hub_is_not_followed(hub: Path, tmp_path: Path) -> None:
    # the build does not follow it (and warns), so what lies behind it is never compared: a
    # link to / must not make every build walk the disk
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.md").write_text("---\ntitle: Secret\n---\nNot ours.\n", "utf-8")
    link = hub / "content" / "linked"
    link.symlink_to(outside, target_is_directory=True)
    out = tmp_path / "out"
    _, err = build(hub, out)
    assert "symlink points outside the project" in err
    (outside / "secret.md").write_text("---\ntitle: Secret\n---\nChanged.\n", "utf-8")
    (outside / "more.md").write_text("---\ntitle: More\n---\nMore.\n", "utf-8")
    summary, again = build(hub, out)
    assert FAST in summary
    assert again == err
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    link.unlink()
    link.symlink_to(elsewhere, target_is_directory=True)  # the link itself is compared
    summary, _ = build(hub, out)
    assert FAST not in summary


@pytest.mark.parametrize(
    ("link", "points_to", "changed", "shown"),
    [
        ("static", ".", "downloads/report.txt", "downloads/report.txt"),
        ("templates", ".", "partials/extra.html", "about/index.html"),
    ],
    # a link out of the project below static/ or templates/ is refused, as under content/
    ids=["the-folder-static", "the-folder-templates"],
)
def test_a_file_the_build_reads_through_a_link_out_of_the_hub_is_compared(
    hub: Path, tmp_path: Path, link: str, points_to: str, changed: str, shown: str
) -> None:
    # a brand folder shared by several hubs, say: the build reads through such links
    shared = tmp_path / "shared"
    (shared / changed).parent.mkdir(parents=True, exist_ok=True)
    (shared / changed).write_text("Shared, first.\n", "utf-8")
    linked = hub / link
    shutil.rmtree(linked)
    linked.symlink_to((shared / points_to).resolve())
    (hub / "templates" / "page.html").write_text(
        "{% extends 'base.html' %}{% block content %}"
        "{% include 'partials/extra.html' %}{% endblock %}\n",
        "utf-8",
    )
    out = tmp_path / "out"
    build(hub, out)
    assert "Shared, first." in (out / shown).read_text("utf-8")
    (shared / changed).write_text("Shared, second.\n", "utf-8")
    summary, _ = build(hub, out)
    assert FAST not in summary
    assert "Shared, second." in (out / shown).read_text("utf-8")
    summary, _ = build(hub, out)
    assert FAST in summary


def test_an_output_another_build_put_in_place_is_not_recorded_as_this_ones(
    hub: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # two builds at once: an older one swaps its output in just after this one did
    out = tmp_path / "out"
    build(hub, out)
    older = tmp_path / "older"
    shutil.copytree(out, older)
    about = hub / "content" / "about.md"
    about.write_text(about.read_text("utf-8").replace("We make videos.", "We edit."), "utf-8")
    commit = output.Writer.commit

    def overtaken(writer: output.Writer) -> None:
        commit(writer)
        shutil.rmtree(out)
        older.rename(out)

    monkeypatch.setattr(output.Writer, "commit", overtaken)
    build(hub, out)
    monkeypatch.setattr(output.Writer, "commit", commit)
    assert "We edit." not in (out / "about" / "index.html").read_text("utf-8")
    summary, _ = build(hub, out)
    assert FAST not in summary
    assert "We edit." in (out / "about" / "index.html").read_text("utf-8")


def test_no_cache_always_builds_in_full(hub: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    build(hub, out)
    summary, _ = build(hub, out, "--no-cache")
    assert FAST not in summary
    assert "(cache off)" in summary


RECORD_DAMAGE: dict[str, Callable[[bytes], bytes]] = {
    "empty": lambda data: b"",
    "no-digest": lambda data: bytes(unseal(data) or b""),
    # a count changed after it was written: believed, the summary would print it
    "pages-changed": lambda data: re.sub(rb'"pages": (\d+)', rb'"pages": 9\1', data),
    "not-json": lambda data: seal(b"{not json"),
    "a-list": lambda data: seal(b"[]"),
    "old-format": lambda data: seal(b'{"format": 0}'),
    "no-fields": lambda data: seal(b'{"format": 1}'),
    "later-format": lambda data: seal(b'{"format": 99}'),
}


@pytest.mark.parametrize("damage", sorted(RECORD_DAMAGE))
def test_a_damaged_record_takes_a_full_build(hub: Path, tmp_path: Path, damage: str) -> None:
    out = tmp_path / "out"
    build(hub, out)
    [record] = (hub / convert.CACHE_DIR).glob("last-build-*.json")
    record.write_bytes(RECORD_DAMAGE[damage](record.read_bytes()))
    summary, _ = build(hub, out)
    assert FAST not in summary
    again, _ = build(hub, out)
    assert FAST in again


def test_a_failed_build_is_never_taken_for_a_good_one(hub: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    build(hub, out)
    about = hub / "content" / "about.md"
    good = about.read_text("utf-8")
    about.write_text("---\ntitle: [unclosed\n---\nBroken.\n", "utf-8")
    for _ in range(2):  # a second try with the error still there fails again in full
        failed = run_cli("-C", hub, "build", "--no-search", "-o", out)
        assert failed.code == 1
        assert "error" in failed.err
    about.write_text(good, "utf-8")
    summary, _ = build(hub, out)
    assert FAST not in summary


def test_an_embargo_that_ends_takes_a_full_build(
    hub: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # the clock must move between builds, which SOURCE_DATE_EPOCH cannot do (it is part of what
    # a build compares); the test moves it itself, so that however long the first builds take
    # on a busy machine, they run before the embargo ends and the last one after it
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    moment = [dt.datetime.now(dt.UTC)]
    monkeypatch.setattr(uptodate, "clock", lambda: moment[0])  # the no-change check's clock
    monkeypatch.setattr(build_stage, "clock", lambda: moment[0])  # the build's own
    soon = moment[0] + dt.timedelta(seconds=2)
    make_site(
        hub,
        {"content/soon.md": f"---\ntitle: Soon\npublish_at: {soon.isoformat()}\n---\nNews.\n"},
        site_yml=None,
    )
    out = tmp_path / "out"
    build(hub, out)
    assert "soon/index.html" not in tree(out)
    summary, _ = build(hub, out)
    assert FAST in summary  # still embargoed: nothing to do
    moment[0] = soon + dt.timedelta(seconds=0.1)
    summary, _ = build(hub, out)
    assert FAST not in summary
    assert "soon/index.html" in tree(out)


def test_a_clock_set_back_takes_a_full_build(
    hub: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # a machine whose clock ran ahead, then was corrected: a page whose embargo had ended by
    # the wrong clock is embargoed again by the right one
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    moment = [dt.datetime.now(dt.UTC)]
    monkeypatch.setattr(uptodate, "clock", lambda: moment[0])
    monkeypatch.setattr(build_stage, "clock", lambda: moment[0])
    ended = moment[0] - dt.timedelta(days=1)
    make_site(
        hub,
        {"content/news.md": f"---\ntitle: News\npublish_at: {ended.isoformat()}\n---\nNews.\n"},
        site_yml=None,
    )
    out = tmp_path / "out"
    build(hub, out)
    summary, _ = build(hub, out)
    assert FAST in summary
    assert "news/index.html" in tree(out)
    moment[0] -= dt.timedelta(days=2)
    summary, _ = build(hub, out)
    assert FAST not in summary
    assert "news/index.html" not in tree(out)


def test_the_record_holds_the_next_moment_a_date_decides(hub: Path, tmp_path: Path) -> None:
    make_site(
        hub,
        {
            "content/later.md": (
                "---\ntitle: Later\npublish_at: 2099-01-01T09:00:00Z\n---\nLater.\n"
            ),
            "content/gone.md": "---\ntitle: Gone\nexpires: 2098-06-01T00:00:00Z\n---\nGone.\n",
            # without a security contact: with no dated page, security.txt would renew daily
            "site.yml": SITE_YML.replace(", security: security@hub.example", ""),
        },
    )
    build(hub, tmp_path / "out")
    [record] = (hub / convert.CACHE_DIR).glob("last-build-*.json")
    payload = unseal(record.read_bytes())
    assert payload is not None
    assert json.loads(bytes(payload))["boundary"] == "2098-06-01T00:00:00+00:00"


def test_next_change_takes_the_first_date_still_ahead() -> None:
    now = dt.datetime(2026, 3, 1, 12, tzinfo=dt.UTC)
    matters = [
        FrontMatter(title="a", publish_at=dt.datetime(2026, 2, 1, tzinfo=dt.UTC)),
        FrontMatter(title="b", expires=dt.datetime(2026, 5, 1, tzinfo=dt.UTC)),
        FrontMatter(title="c", review_due=dt.date(2026, 3, 1)),
        FrontMatter(title="d"),
    ]
    # review was due on 1 March: the notice starts with 2 March
    assert visibility.next_change(matters, now) == dt.datetime(2026, 3, 2, tzinfo=dt.UTC)
    assert visibility.next_change(matters[:2], now) == dt.datetime(2026, 5, 1, tzinfo=dt.UTC)
    assert visibility.next_change(matters[3:], now) is None


def test_clock_honours_source_date_epoch(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1772366400")
    assert uptodate.clock() == dt.datetime(2026, 3, 1, 12, tzinfo=dt.UTC)
