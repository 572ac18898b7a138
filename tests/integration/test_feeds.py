"""The Atom feeds and the corrections page: what they list, in which order, and which ids stay
the same from one build to the next."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest

from feeds_read import build, feed

# --------------------------------------------------------------------------- HTML helpers
from htmldoc import Node, before, page, parse
from hubtest import SITE_YML, make_site, tree

# --------------------------------------------------------------------------- building

HOME = {"content/_index.md": "---\ntitle: Home\n---\nWelcome.\n"}


def rebuilt(hub: Path, tmp_path: Path, name: str, files: dict[str, str]) -> Path:
    make_site(hub, files, site_yml=None)
    out = tmp_path / name
    build(hub, out)
    return out


# --------------------------------------------------------------------------- statements feed

STATEMENTS_INDEX = "---\ntitle: Statements\ncascade: {type: statement}\n---\nSaid.\n"


def statement(title: str, day: str, body: str, extra: str = "") -> str:
    return f"---\ntitle: {title}\ndate: {day}\nsummary: About {title}.\n{extra}---\n{body}\n"


STATEMENTS = {
    **HOME,
    "content/statements/_index.md": STATEMENTS_INDEX,
    # file names out of date order, so the order must come from the dates
    "content/statements/a.md": statement("Middle statement", "2026-02-01", "Middle text."),
    "content/statements/b.md": statement("Oldest statement", "2025-06-15", "Oldest text."),
    "content/statements/c.md": statement("Newest statement", "2026-03-20", "Newest text."),
}
NEWEST_FIRST = ["Newest statement", "Middle statement", "Oldest statement"]


@pytest.fixture
def statements_hub(tmp_path: Path) -> Path:
    return make_site(tmp_path / "hub", STATEMENTS)


def test_statements_feed_parses_and_is_newest_first(statements_hub: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    build(statements_hub, out)
    parsed = feed(out, "statements/feed.xml")
    assert [e.title for e in parsed.entries] == NEWEST_FIRST
    published = [e.published for e in parsed.entries]
    assert published == sorted(published, reverse=True)
    assert [e.published[:10] for e in parsed.entries] == ["2026-03-20", "2026-02-01", "2025-06-15"]
    assert [e.link for e in parsed.entries] == [
        "https://hub.example/statements/c/",
        "https://hub.example/statements/a/",
        "https://hub.example/statements/b/",
    ]
    assert parsed.feed.updated[:10] == "2026-03-20"
    ids = [e.id for e in parsed.entries]
    assert len(set(ids)) == 3 and all(ids)
    assert "Newest text." in parsed.entries[0].content[0].value
    assert parsed.entries[0].summary == "About Newest statement."


def test_an_embargoed_statement_is_published_in_the_feed_when_its_embargo_ended(
    tmp_path: Path,
) -> None:
    files = {
        **STATEMENTS,
        "content/statements/d.md": statement(
            "Embargoed statement",
            "2026-03-01",
            "Embargoed text.",
            "publish_at: 2026-03-01T20:00:00-08:00\n",
        ),
    }
    hub = make_site(tmp_path / "hub", files)
    build(hub, tmp_path / "out")
    parsed = feed(tmp_path / "out", "statements/feed.xml")
    entry = next(e for e in parsed.entries if e.title == "Embargoed statement")
    # 20:00 in California is 04:00 the next day in UTC: not midnight of its date, before it
    assert entry.published == "2026-03-02T04:00:00Z"
    assert entry.updated == "2026-03-02T04:00:00Z"  # never before it was published
    assert parsed.feed.updated >= entry.updated
    others = {e.title: e.published for e in parsed.entries if e.title != "Embargoed statement"}
    assert others["Newest statement"] == "2026-03-20T00:00:00Z"


def test_a_statement_published_before_the_year_1000_keeps_the_feed_dated_and_valid(
    tmp_path: Path,
) -> None:
    files = {
        **STATEMENTS,
        "content/statements/d.md": statement(
            "Ancient statement", "0500-01-01", "Old text.", "publish_at: 0500-01-01T10:00:00Z\n"
        ),
    }
    hub = make_site(tmp_path / "hub", files)
    build(hub, tmp_path / "out")
    parsed = feed(tmp_path / "out", "statements/feed.xml")
    entry = next(e for e in parsed.entries if e.title == "Ancient statement")
    assert entry.published == "0500-01-01T10:00:00Z"  # four digits, as RFC 3339 has it
    assert entry.updated == "0500-01-01T10:00:00Z"
    assert parsed.feed.updated == "2026-03-20T00:00:00Z"  # the newest, not the one of year 500


def test_statements_of_one_date_are_newest_first_by_the_hour_they_came_out(
    tmp_path: Path,
) -> None:
    # file names and titles in the other order, so the order must come from the hours
    evening = statement("A evening", "2026-03-21", "Evening.", "publish_at: 2026-03-21T18:00:00Z\n")
    morning = statement("Z morning", "2026-03-21", "Morning.", "publish_at: 2026-03-21T09:00:00Z\n")
    files = {**STATEMENTS, "content/statements/m.md": evening, "content/statements/z.md": morning}
    hub = make_site(tmp_path / "hub", files)
    build(hub, tmp_path / "out")
    parsed = feed(tmp_path / "out", "statements/feed.xml")
    assert [e.title for e in parsed.entries] == ["A evening", "Z morning", *NEWEST_FIRST]
    for listing in ("index.html", "statements/index.html"):
        text = (tmp_path / "out" / listing).read_text(encoding="utf-8")
        assert text.index("A evening") < text.index("Z morning") < text.index("Newest statement")


def test_statements_feed_is_announced_on_pages(statements_hub: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    build(statements_hub, out)
    doc = page(out, "statements/index.html")
    feeds = [
        link.attrs["href"]
        for link in doc.find_all("link")
        if link.attrs.get("type") == "application/atom+xml"
    ]
    assert "/statements/feed.xml" in feeds


def test_statement_entry_ids_survive_title_and_body_edits(
    statements_hub: Path, tmp_path: Path
) -> None:
    first = tmp_path / "first"
    build(statements_hub, first)
    before_ids = {e.link: e.id for e in feed(first, "statements/feed.xml").entries}
    second = rebuilt(
        statements_hub,
        tmp_path,
        "second",
        {
            "content/statements/a.md": statement(
                "Middle statement, retitled", "2026-02-01", "Entirely new text."
            )
        },
    )
    entries = feed(second, "statements/feed.xml").entries
    assert "Middle statement, retitled" in [e.title for e in entries]
    assert {e.link: e.id for e in entries} == before_ids


def test_statement_entry_ids_survive_a_corrected_date(statements_hub: Path, tmp_path: Path) -> None:
    first = tmp_path / "first"
    build(statements_hub, first)
    before_ids = {e.link: e.id for e in feed(first, "statements/feed.xml").entries}
    a = statement("Middle statement", "2026-02-02", "Middle text.")
    second = rebuilt(statements_hub, tmp_path, "second", {"content/statements/a.md": a})
    entries = feed(second, "statements/feed.xml").entries
    assert [e.published[:10] for e in entries][1] == "2026-02-02"
    assert {e.link: e.id for e in entries} == before_ids


def test_the_statements_feed_stays_where_readers_subscribed(
    statements_hub: Path, tmp_path: Path
) -> None:
    first = tmp_path / "first"
    build(statements_hub, first)
    subscribed = feed(first, "statements/feed.xml").feed.id
    # a newer statement in another section does not move the feed there
    press = {
        "content/press/_index.md": "---\ntitle: Press\n---\nPress.\n",
        "content/press/new.md": statement(
            "Press statement", "2026-05-01", "New.", "type: statement\n"
        ),
    }
    second = rebuilt(statements_hub, tmp_path, "second", press)
    parsed = feed(second, "statements/feed.xml")
    assert parsed.feed.id == subscribed
    assert [e.title for e in parsed.entries][:2] == ["Press statement", "Newest statement"]
    assert not (second / "press" / "feed.xml").exists()
    assert parsed.feed.link == "https://hub.example/statements/"
    announced = page(second, "press/new/index.html").find_all("link")
    assert "/statements/feed.xml" in [link.attrs.get("href") for link in announced]


# statements/ makes its pages statements, or each of its pages says it is one
@pytest.mark.parametrize("cascaded", [True, False], ids=["cascade", "each-page"])
def test_the_statements_feed_stays_when_a_section_before_it_makes_statements(
    tmp_path: Path, cascaded: bool
) -> None:
    files = dict(STATEMENTS)
    if not cascaded:
        files["content/statements/_index.md"] = "---\ntitle: Statements\n---\nSaid.\n"
        for rel, text in STATEMENTS.items():
            if rel.startswith("content/statements/") and not rel.endswith("_index.md"):
                files[rel] = text.replace("---\n", "---\ntype: statement\n", 1)
    statements_hub = make_site(tmp_path / "hub", files)
    first = tmp_path / "first"
    build(statements_hub, first)
    subscribed = feed(first, "statements/feed.xml").feed.id
    # acquisition/ sorts before statements/ and cascades the type as statements/ does
    acquisition = {
        "content/acquisition/_index.md": (
            "---\ntitle: The acquisition\ncascade: {type: statement}\n---\nBought.\n"
        ),
        "content/acquisition/ceo.md": statement("CEO on the acquisition", "2026-04-01", "We."),
    }
    second = rebuilt(statements_hub, tmp_path, "second", acquisition)
    parsed = feed(second, "statements/feed.xml")
    assert parsed.feed.id == subscribed
    assert [e.title for e in parsed.entries] == ["CEO on the acquisition", *NEWEST_FIRST]
    assert not (second / "acquisition" / "feed.xml").exists()
    announced = page(second, "acquisition/ceo/index.html").find_all("link")
    assert "/statements/feed.xml" in [link.attrs.get("href") for link in announced]


def test_a_newsroom_that_makes_its_pages_statements_holds_their_feed(tmp_path: Path) -> None:
    newsroom = "---\ntitle: Newsroom\ncascade: {type: statement}\n---\nNews.\n"
    hub = make_site(
        tmp_path / "hub",
        {
            **HOME,
            "content/newsroom/_index.md": newsroom,
            "content/newsroom/a.md": statement("Older", "2026-01-01", "Old."),
            "content/faq/_index.md": "---\ntitle: FAQ\n---\nAsked.\n",
            "content/faq/b.md": statement("Newer", "2026-04-01", "New.", "type: statement\n"),
        },
    )
    out = tmp_path / "out"
    build(hub, out)
    assert [e.title for e in feed(out, "newsroom/feed.xml").entries] == ["Newer", "Older"]
    assert not (out / "faq" / "feed.xml").exists()


def test_entry_ids_are_valid_iris_whatever_the_old_address(tmp_path: Path) -> None:
    # an id comes from the page's first address, which an alias may give as it was written
    hub = make_site(
        tmp_path / "hub",
        {
            **HOME,
            "content/statements/_index.md": STATEMENTS_INDEX,
            "content/statements/board.md": statement(
                "Board",
                "2026-06-01",
                "Text.",
                "aliases: ['/statements/Board statement (final) 100%/']\n"
                "changelog:\n  - {date: 2026-06-01, kind: correction, note: Fixed.}\n",
            ),
            "content/statements/arabic.md": statement(
                "Arabic", "2026-05-01", "Text.", "aliases: ['/statements/بيان رسمي/']\n"
            ),
        },
    )
    out = tmp_path / "out"
    build(hub, out)
    ids = [e.id for e in feed(out, "statements/feed.xml").entries]
    ids += [e.id for e in feed(out, "corrections/feed.xml").entries]
    assert len(ids) == 3
    for entry_id in ids:
        assert not any(c in entry_id for c in ' "<>\\^`{|}'), entry_id
        assert "%" not in entry_id.replace("%20", "").replace("%25", ""), entry_id
    assert "tag:hub.example,2000-01-01:/statements/Board%20statement%20(final)%20100%25.md" in ids
    assert "tag:hub.example,2000-01-01:/statements/بيان%20رسمي.md" in ids


def test_statement_updated_date_moves_the_entry_updated(
    statements_hub: Path, tmp_path: Path
) -> None:
    first = tmp_path / "first"
    build(statements_hub, first)
    old = {e.id: e.updated for e in feed(first, "statements/feed.xml").entries}
    second = rebuilt(
        statements_hub,
        tmp_path,
        "second",
        {
            "content/statements/b.md": statement(
                "Oldest statement",
                "2025-06-15",
                "Oldest text.",
                "updated: 2026-04-02\n"
                "changelog:\n  - {date: 2026-04-02, kind: update, note: Added a link.}\n",
            )
        },
    )
    parsed = feed(second, "statements/feed.xml")
    new = {e.id: e.updated for e in parsed.entries}
    assert set(new) == set(old)
    oldest = next(e for e in parsed.entries if e.title == "Oldest statement")
    assert oldest.updated[:10] == "2026-04-02"
    assert oldest.published[:10] == "2025-06-15"
    assert {k: v for k, v in new.items() if k != oldest.id} == {
        k: v for k, v in old.items() if k != oldest.id
    }
    assert parsed.feed.updated[:10] == "2026-04-02"
    # the order stays by publication date
    assert [e.title for e in parsed.entries] == NEWEST_FIRST


def test_hidden_statements_are_not_in_the_feed(
    statements_hub: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1772323200")  # 2026-03-01
    out = rebuilt(
        statements_hub,
        tmp_path,
        "out",
        {
            "content/statements/d.md": statement("Draft one", "2026-02-02", "D.", "draft: true\n"),
            "content/statements/e.md": statement(
                "Embargoed one", "2026-03-02", "E.", "publish_at: 2026-03-02T08:00:00Z\n"
            ),
        },
    )
    # a statement dated later is not embargoed: only publish_at holds a page back
    assert [e.title for e in feed(out, "statements/feed.xml").entries] == NEWEST_FIRST


# --------------------------------------------------------------------------- corrections

CHANGED = {
    **HOME,
    "content/alpha.md": (
        "---\ntitle: Alpha page\ndate: 2025-01-01\nupdated: 2026-03-01\nchangelog:\n"
        "  - {date: 2026-03-01, kind: update, note: Update note A3.}\n"
        "  - {date: 2025-06-01, kind: correction, note: Correction note A1.}\n"
        "  - {date: 2026-01-15, kind: clarification, note: Clarification note A2.}\n"
        "---\nAlpha.\n"
    ),
    "content/beta/_index.md": (
        "---\ntitle: Beta section\ndate: 2025-01-01\nupdated: 2026-02-10\nchangelog:\n"
        "  - {date: 2026-02-10, kind: correction, note: Correction note B1.}\n"
        "---\nBeta.\n"
    ),
    "content/beta/gamma.md": (
        "---\ntitle: Gamma page\ndate: 2025-01-01\nupdated: 2025-09-09\nchangelog:\n"
        "  - {date: 2025-09-09, kind: update, note: Update note G1.}\n"
        "---\nGamma.\n"
    ),
}
CORRECTIONS_NEWEST_FIRST = [
    ("Correction note B1.", "Beta section", "/beta/"),
    ("Clarification note A2.", "Alpha page", "/alpha/"),
    ("Correction note A1.", "Alpha page", "/alpha/"),
]


@pytest.fixture
def changed_hub(tmp_path: Path) -> Path:
    return make_site(tmp_path / "hub", CHANGED)


def item_with(container: Node, text: str) -> Node:
    """The innermost list item whose text contains text."""
    found = [li for li in container.find_all("li") if text in li.text]
    assert found, f"no list item with {text!r}"
    return found[-1]


def test_corrections_page_lists_corrections_and_clarifications_newest_first(
    changed_hub: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    build(changed_hub, out)
    doc = page(out, "corrections/index.html")
    content = doc.one("main")
    assert "Update note" not in content.text
    entries = [item_with(content, note) for note, _, _ in CORRECTIONS_NEWEST_FIRST]
    assert all(before(doc, a, b) for a, b in itertools.pairwise(entries))
    for entry, (note, title, url) in zip(entries, CORRECTIONS_NEWEST_FIRST, strict=True):
        links = [a for a in entry.find_all("a") if a.attrs["href"].startswith(url)]
        assert links and links[0].text == title, note
        kind = "Correction" if note.startswith("Correction") else "Clarification"
        assert kind in entry.text
    assert entries[0].find_all("time", {"datetime": "2026-02-10"})


def test_corrections_links_land_on_the_changelog_entry(changed_hub: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    build(changed_hub, out)
    content = page(out, "corrections/index.html").one("main")
    for note, _, url in CORRECTIONS_NEWEST_FIRST:
        entry = item_with(content, note)
        href = next(a.attrs["href"] for a in entry.find_all("a") if a.attrs["href"].startswith(url))
        path, _, anchor = href.partition("#")
        assert anchor, href
        target = page(out, path.strip("/") + "/index.html")
        [landing] = target.find_all(attrs={"id": anchor})
        assert note in landing.text


def test_corrections_feed_parses_and_is_newest_first(changed_hub: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    build(changed_hub, out)
    parsed = feed(out, "corrections/feed.xml")
    assert [e.summary for e in parsed.entries] == [n for n, _, _ in CORRECTIONS_NEWEST_FIRST]
    assert [e.updated[:10] for e in parsed.entries] == ["2026-02-10", "2026-01-15", "2025-06-01"]
    assert [e.link.split("#")[0] for e in parsed.entries] == [
        "https://hub.example" + u for _, _, u in CORRECTIONS_NEWEST_FIRST
    ]
    assert all(
        title in e.title
        for e, (_, title, _) in zip(parsed.entries, CORRECTIONS_NEWEST_FIRST, strict=True)
    )
    assert parsed.feed.updated[:10] == "2026-02-10"
    assert len({e.id for e in parsed.entries}) == 3


def test_no_corrections_gives_an_empty_valid_feed(tmp_path: Path) -> None:
    hub = make_site(tmp_path / "hub", HOME)
    out = tmp_path / "out"
    build(hub, out)
    assert feed(out, "corrections/feed.xml").entries == []
    assert (out / "corrections" / "index.html").is_file()


def test_characters_xml_cannot_hold_leave_the_feeds_well_formed(tmp_path: Path) -> None:
    # a line break pasted from a word processor is U+000B, which no XML document may hold
    files = {
        **HOME,
        "content/statements/_index.md": STATEMENTS_INDEX,
        "content/statements/a.md": statement("Pasted", "2026-02-01", "Line one\x0bline two."),
        "content/b.md": (
            '---\ntitle: B\ndate: 2026-01-01\nsummary: "a\\x01b"\nchangelog:\n'
            '  - {date: 2026-02-02, kind: correction, note: "Fixed\\x0cit."}\n---\nText.\n'
        ),
    }
    hub = make_site(tmp_path / "hub", files)
    out = tmp_path / "out"
    build(hub, out)
    [entry] = feed(out, "statements/feed.xml").entries
    assert "Line oneline two." in entry.content[0].value
    [correction] = feed(out, "corrections/feed.xml").entries
    assert "Fixedit." in correction.summary


def test_corrections_feed_ids_survive_unrelated_edits(changed_hub: Path, tmp_path: Path) -> None:
    first = tmp_path / "first"
    build(changed_hub, first)
    before_ids = [e.id for e in feed(first, "corrections/feed.xml").entries]
    second = rebuilt(
        changed_hub,
        tmp_path,
        "second",
        {
            "content/beta/_index.md": CHANGED["content/beta/_index.md"]
            .replace("title: Beta section", "title: Beta, renamed")
            .replace("Beta.\n", "Beta, rewritten.\n")
        },
    )
    assert [e.id for e in feed(second, "corrections/feed.xml").entries] == before_ids


def test_corrections_feed_ids_survive_a_new_changelog_entry(
    changed_hub: Path, tmp_path: Path
) -> None:
    first = tmp_path / "first"
    build(changed_hub, first)
    before_ids = [e.id for e in feed(first, "corrections/feed.xml").entries]
    before_links = [e.link for e in feed(first, "corrections/feed.xml").entries]
    alpha = CHANGED["content/alpha.md"].replace(
        "updated: 2026-03-01\nchangelog:\n",
        "updated: 2026-04-01\nchangelog:\n"
        "  - {date: 2026-04-01, kind: correction, note: Correction note A4.}\n",
    )
    second = rebuilt(changed_hub, tmp_path, "second", {"content/alpha.md": alpha})
    entries = feed(second, "corrections/feed.xml").entries
    assert entries[0].summary == "Correction note A4."
    assert [e.id for e in entries[1:]] == before_ids
    assert [e.link for e in entries[1:]] == before_links


def test_feeds_are_in_no_html_listing_as_pages(changed_hub: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    build(changed_hub, out)
    files = set(tree(out))
    assert "corrections/feed.xml" in files
    assert "statements/feed.xml" not in files  # no statements, no statements feed
    home = page(out, "index.html")
    feeds = [
        link.attrs["href"]
        for link in home.find_all("link")
        if link.attrs.get("type") == "application/atom+xml"
    ]
    assert feeds == ["/corrections/feed.xml"]


SITE_UNDER_PATH = SITE_YML.replace("https://hub.example/", "https://example.org/facts/")


def test_feeds_under_a_base_path(tmp_path: Path) -> None:
    hub = make_site(tmp_path / "hub", {**STATEMENTS, **CHANGED}, site_yml=SITE_UNDER_PATH)
    out = tmp_path / "out"
    build(hub, out)
    statements = feed(out, "statements/feed.xml")
    assert statements.entries[0].link == "https://example.org/facts/statements/c/"
    corrections = feed(out, "corrections/feed.xml")
    assert corrections.entries[0].link.startswith("https://example.org/facts/beta/#")


def test_links_in_a_feed_entry_are_whole_addresses(tmp_path: Path) -> None:
    # read in a feed reader, away from the page: "/facts/..." or "#part" would lead nowhere
    body = (
        "See [the middle one](a.md), [below](#part), [the home page](/), "
        "[elsewhere](https://other.example/x) and [mail](mailto:press@example.org).\n\n"
        "![A chart](chart.png)\n\n## Part\n\nMore.\n"
    )
    files = {
        **STATEMENTS,
        "content/statements/c.md": statement("Newest statement", "2026-03-20", body),
        "content/statements/chart.png": b"\x89PNG chart",
    }
    hub = make_site(tmp_path / "hub", files, site_yml=SITE_UNDER_PATH)
    build(hub, tmp_path / "out")
    entry = feed(tmp_path / "out", "statements/feed.xml").entries[0]
    content = parse(entry.content[0].value)
    assert [a.attrs["href"] for a in content.find_all("a")] == [
        "https://example.org/facts/statements/a/",
        "https://example.org/facts/statements/c/#part",
        "https://example.org/facts/",
        "https://other.example/x",
        "mailto:press@example.org",
    ]
    assert [img.attrs["src"] for img in content.find_all("img")] == [
        "https://example.org/facts/statements/chart.png"
    ]
    # the page itself keeps its addresses as they were
    html = (tmp_path / "out" / "statements" / "c" / "index.html").read_text("utf-8")
    assert 'href="/facts/statements/a/"' in html and 'href="#part"' in html


def test_a_retracted_statement_says_so_in_the_feed(statements_hub: Path, tmp_path: Path) -> None:
    retracted = statement(
        "Statement on the outage",
        "2026-02-01",
        "No user data was affected.",
        "status: retracted\nstatus_note: Some data was affected after all.\n",
    )
    out = rebuilt(statements_hub, tmp_path, "out", {"content/statements/a.md": retracted})
    entries = {e.link: e for e in feed(out, "statements/feed.xml").entries}
    entry = entries["https://hub.example/statements/a/"]
    assert entry.title == "Retracted: Statement on the outage"
    text = entry.content[0].value
    assert text.startswith("<p><strong>Retracted.</strong> Some data was affected after all.</p>")
    assert "No user data was affected." in text
    # the others are as they were
    assert entries["https://hub.example/statements/c/"].title == "Newest statement"
