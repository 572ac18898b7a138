"""A page's date and updated given with a time of day and its offset: the order of statements
of one day, the time shown, the feeds, the sitemap and JSON-LD, and days and times mixed."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import feedparser

from htmldoc import Node, of_type, page
from hubtest import SITE_YML, make_site, run_cli

STATEMENTS_INDEX = "---\ntitle: Statements\ncascade: {type: statement}\n---\nSaid.\n"


def statement(title: str, date: str, extra: str = "") -> str:
    return f"---\ntitle: {title}\ndate: {date}\nsummary: About {title}.\n{extra}---\nText.\n"


# file names out of time order, so that the order must come from the times
ONE_DAY = {
    "content/_index.md": "---\ntitle: Home\n---\nWelcome.\n",
    "content/statements/_index.md": STATEMENTS_INDEX,
    "content/statements/a.md": statement("Morning", "2026-03-01T09:30:00+01:00"),
    "content/statements/b.md": statement("Evening", "2026-03-01T18:00:00Z"),
    "content/statements/c.md": statement("Noon", "2026-03-01 12:00:00 +0000"),
    "content/statements/d.md": statement("Day before", "2026-02-28"),
}
NEWEST_FIRST = ["Evening", "Noon", "Morning", "Day before"]


def build(hub: Path, out: Path) -> str:
    run = run_cli("-C", hub, "build", "-o", out)
    assert run.code == 0, run.err
    assert "Traceback" not in run.err + run.out
    return run.err


def titles(doc: Node, cls: str) -> list[str]:
    return [n.text for n in doc.find_all("h3", {"class": cls})]


def test_statements_of_one_day_are_listed_newest_first_by_their_time(tmp_path: Path) -> None:
    out = tmp_path / "out"
    build(make_site(tmp_path / "hub", ONE_DAY), out)
    assert titles(page(out, "statements/index.html"), "card__title") == NEWEST_FIRST
    assert titles(page(out, "index.html"), "card__title")[-4:] == NEWEST_FIRST
    parsed = feedparser.parse((out / "statements/feed.xml").read_bytes())
    assert parsed.bozo == 0, parsed.get("bozo_exception")
    assert [e.title for e in parsed.entries] == NEWEST_FIRST


def test_a_statement_shows_its_time_in_the_offset_it_was_given_in(tmp_path: Path) -> None:
    out = tmp_path / "out"
    build(make_site(tmp_path / "hub", ONE_DAY), out)
    [time] = page(out, "statements/a/index.html").one("main").find_all("time")
    assert time.attrs["datetime"] == "2026-03-01T09:30:00+01:00"
    assert time.text == "March 1, 2026, 9:30 AM +0100"
    card = page(out, "statements/index.html").find_all("span", {"class": "card__date"})[0]
    assert card.one("time").attrs["datetime"] == "2026-03-01T18:00:00+00:00"
    assert card.text == "March 1, 2026, 6:00 PM UTC"
    # a day alone is shown as it always was
    [day] = page(out, "statements/d/index.html").one("main").find_all("time")
    assert (day.attrs["datetime"], day.text) == ("2026-02-28", "February 28, 2026")


LANGUAGES = SITE_YML + (
    "languages:\n  - {code: en, name: English}\n  - {code: es, name: Español}\n"
    "  - {code: ar, name: العربية}\n"
)


def test_the_time_is_written_as_each_language_writes_times(tmp_path: Path) -> None:
    moment = "2026-03-01T09:30:00+01:00"
    files = {
        "content/_index.md": "---\ntitle: Home\n---\nWelcome.\n",
        "content/said.md": statement("Said", moment, "type: statement\n"),
        "content/said.es.md": statement("Dicho", moment, "type: statement\n"),
        "content/said.ar.md": statement("قيل", moment, "type: statement\n"),
    }
    out = tmp_path / "out"
    build(make_site(tmp_path / "hub", files, LANGUAGES), out)
    shown = {
        rel: page(out, rel).one("span", {"class": "byline__date"}).text
        for rel in ("said/index.html", "es/said/index.html", "ar/said/index.html")
    }
    assert shown == {
        "said/index.html": "March 1, 2026, 9:30 AM +0100",
        "es/said/index.html": "1 de marzo de 2026, 9:30 +0100",
        "ar/said/index.html": "1 مارس 2026، 9:30 ص +0100",
    }


def test_the_feed_gives_each_statement_its_moment(tmp_path: Path) -> None:
    files = {
        **ONE_DAY,
        "content/statements/b.md": statement(
            "Evening",
            "2026-03-01T18:00:00Z",
            "updated: 2026-03-01T19:15:00-05:00\n"
            "changelog:\n  - {date: 2026-03-01, kind: correction, note: Fixed a figure.}\n",
        ),
    }
    out = tmp_path / "out"
    build(make_site(tmp_path / "hub", files), out)
    parsed = feedparser.parse((out / "statements/feed.xml").read_bytes())
    assert parsed.bozo == 0, parsed.get("bozo_exception")
    times = {e.title: (e.published, e.updated) for e in parsed.entries}
    assert times == {
        "Evening": ("2026-03-01T18:00:00Z", "2026-03-02T00:15:00Z"),
        "Noon": ("2026-03-01T12:00:00Z", "2026-03-01T12:00:00Z"),
        "Morning": ("2026-03-01T08:30:00Z", "2026-03-01T08:30:00Z"),
        "Day before": ("2026-02-28T00:00:00Z", "2026-02-28T00:00:00Z"),
    }
    assert parsed.feed.updated == "2026-03-02T00:15:00Z"


def test_a_timed_statement_is_published_when_its_embargo_ended_if_that_was_later(
    tmp_path: Path,
) -> None:
    files = {
        **ONE_DAY,  # an embargo that ended after the time given, and one that ended before it
        "content/statements/a.md": statement(
            "Morning", "2026-03-01T09:30:00+01:00", "publish_at: 2026-03-01T10:00:00Z\n"
        ),
        "content/statements/b.md": statement(
            "Evening", "2026-03-01T18:00:00Z", "publish_at: 2026-03-01T17:00:00Z\n"
        ),
    }
    out = tmp_path / "out"
    build(make_site(tmp_path / "hub", files), out)
    parsed = feedparser.parse((out / "statements/feed.xml").read_bytes())
    published = {e.title: e.published for e in parsed.entries}
    assert published["Morning"] == "2026-03-01T10:00:00Z"
    assert published["Evening"] == "2026-03-01T18:00:00Z"


def test_structured_data_and_the_sitemap_carry_the_moment_the_page_shows(tmp_path: Path) -> None:
    files = {
        **ONE_DAY,
        "content/statements/b.md": statement(
            "Evening",
            "2026-03-01T18:00:00Z",
            "updated: 2026-03-01T19:15:00-05:00\n"
            "changelog:\n  - {date: 2026-03-01, kind: update, note: Added a figure.}\n",
        ),
    }
    out = tmp_path / "out"
    build(make_site(tmp_path / "hub", files), out)
    doc = page(out, "statements/b/index.html")
    shown = [t.attrs["datetime"] for t in doc.one("dl", {"class": "dates"}).find_all("time")]
    assert shown == ["2026-03-01T19:15:00-05:00"]  # the byline gives the date
    assert doc.one("span", {"class": "byline__date"}).one("time").attrs["datetime"] == (
        "2026-03-01T18:00:00+00:00"
    )
    [news] = of_type(doc, "NewsArticle")
    assert news["datePublished"] == "2026-03-01T18:00:00+00:00"
    assert news["dateModified"] == "2026-03-01T19:15:00-05:00"
    metas = {n.attrs.get("property"): n.attrs.get("content") for n in doc.find_all("meta")}
    assert metas["article:published_time"] == "2026-03-01T18:00:00+00:00"
    assert metas["article:modified_time"] == "2026-03-01T19:15:00-05:00"
    sitemap = ET.fromstring((out / "sitemap.xml").read_bytes())
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    lastmod = {
        u.findtext("s:loc", namespaces=ns): u.findtext("s:lastmod", namespaces=ns)
        for u in sitemap.findall("s:url", ns)
    }
    assert lastmod["https://hub.example/statements/b/"] == "2026-03-01T19:15:00-05:00"
    assert lastmod["https://hub.example/statements/d/"] == "2026-02-28"
    # the listing's is its newest page's
    assert lastmod["https://hub.example/statements/"] == "2026-03-01T19:15:00-05:00"


CLAIM = (
    '---\ntitle: {title}\ntype: claim\nclaim: It is so.\nverdict: "false"\nfact: It is not.\n'
    "date: {date}\n{extra}---\nText.\n"
)


def test_days_and_moments_mixed_across_pages_build_and_sort_together(tmp_path: Path) -> None:
    files = {
        "content/_index.md": "---\ntitle: Home\n---\nWelcome.\n",
        "content/claims/_index.md": "---\ntitle: Claims\n---\nChecked.\n",
        "content/claims/a.md": CLAIM.format(
            title="Timed", date="2026-03-02T08:00:00+02:00", extra=""
        ),
        "content/claims/b.md": CLAIM.format(title="Dated", date="2026-03-02", extra=""),
        "content/claims/c.md": CLAIM.format(
            title="Corrected",
            date="2026-03-01",
            extra="updated: 2026-03-03T10:00:00+01:00\nchangelog:\n"
            "  - {date: 2026-03-03, kind: correction, note: Fixed it.}\n",
        ),
        "content/about.md": (
            "---\ntitle: About\ndate: 2026-03-01T23:30:00-05:00\ntags: [x]\n---\nT.\n"
        ),
        "content/more.md": "---\ntitle: More\ndate: 2026-03-02\ntags: [x]\n---\nT.\n",
    }
    out = tmp_path / "out"
    err = build(make_site(tmp_path / "hub", files), out)
    assert "warning" not in err
    home = page(out, "index.html")
    claims = home.one("section", {"aria-labelledby": "rh-recent-claims"})
    # by date: 2 March at 06:00 UTC, 2 March, 1 March
    assert titles(claims, "card__title") == ["Timed", "Dated", "Corrected"]
    # a section lists by date too: 2 March (a day, at its midnight in UTC) after 04:30 that day
    assert titles(page(out, "tags/x/index.html"), "card__title") == ["About", "More"]
    security = (out / ".well-known/security.txt").read_text(encoding="utf-8")
    assert "Expires: 2027-03-03T00:00:00Z" in security


def warnings_of(tmp_path: Path, files: dict[str, str]) -> str:
    hub = make_site(tmp_path / "hub", {"content/_index.md": "---\ntitle: Home\n---\n", **files})
    return build(hub, tmp_path / "out")


def test_a_same_day_correction_without_a_changelog_entry_is_warned_of(tmp_path: Path) -> None:
    said = (
        "---\ntitle: P\ndate: 2026-03-01T09:30:00+01:00\nupdated: 2026-03-01T15:00:00+01:00\n"
        "---\nText.\n"
    )
    err = warnings_of(tmp_path, {"content/p.md": said})
    assert err.splitlines()[:2] == [
        "content/p.md:4:10: warning: updated (2026-03-01T15:00:00+01:00) is later than date "
        "(2026-03-01T09:30:00+01:00) but the changelog says nothing about the change",
        "  hint: add a changelog entry: {date: 2026-03-01, kind: "
        "correction/clarification/update, note: what changed}",
    ]


def test_the_changelog_entry_the_hint_asks_for_ends_the_warning(tmp_path: Path) -> None:
    said = (
        "---\ntitle: P\ndate: 2026-03-01T09:30:00+01:00\nupdated: 2026-03-01T15:00:00+01:00\n"
        "changelog:\n  - {date: 2026-03-01, kind: correction, note: Fixed a figure.}\n"
        "---\nText.\n"
    )
    assert "warning" not in warnings_of(tmp_path, {"content/p.md": said})


def test_an_update_timed_a_day_later_than_a_day_asks_for_that_day(tmp_path: Path) -> None:
    said = "---\ntitle: P\ndate: 2026-03-01\nupdated: 2026-03-02T01:00:00+02:00\n---\nText.\n"
    err = warnings_of(tmp_path, {"content/p.md": said})
    assert err.splitlines()[:2] == [
        "content/p.md:4:10: warning: updated (2026-03-02T01:00:00+02:00) is later than date "
        "(2026-03-01) but the changelog says nothing about the change",
        "  hint: add a changelog entry: {date: 2026-03-02, kind: "
        "correction/clarification/update, note: what changed}",
    ]


def test_a_time_on_the_day_of_a_date_needs_no_changelog_entry(tmp_path: Path) -> None:
    # the day says nothing of the hour: the update may be the first publication's day itself
    said = "---\ntitle: P\ndate: 2026-03-01\nupdated: 2026-03-01T17:00:00Z\n---\nText.\n"
    assert "warning" not in warnings_of(tmp_path, {"content/p.md": said})


def test_a_timed_date_still_to_come_is_warned_of_as_written(tmp_path: Path) -> None:
    said = "---\ntitle: P\ndate: 2099-03-01T09:30:00+01:00\n---\nText.\n"
    err = warnings_of(tmp_path, {"content/p.md": said})
    assert err.splitlines()[:2] == [
        "content/p.md:3:7: warning: date is 2099-03-01T09:30:00+01:00, which is still to come",
        "  hint: check the year; to publish a page later, give it publish_at:",
    ]


def test_a_translation_updated_later_that_day_is_not_stale(tmp_path: Path) -> None:
    site = SITE_YML + "languages:\n  - {code: en, name: English}\n  - {code: es, name: Español}\n"
    files = {
        "content/_index.md": "---\ntitle: Home\n---\nWelcome.\n",
        "content/_index.es.md": "---\ntitle: Inicio\n---\nHola.\n",
        "content/p.md": "---\ntitle: P\ndate: 2026-03-01T09:00:00Z\n---\nText.\n",
        "content/p.es.md": "---\ntitle: P\ndate: 2026-03-01T11:00:00+01:00\n---\nTexto.\n",
        "content/q.md": "---\ntitle: Q\ndate: 2026-03-01T12:00:00Z\n---\nText.\n",
        "content/q.es.md": "---\ntitle: Q\ndate: 2026-03-01T10:00:00Z\n---\nTexto.\n",
    }
    err = build(make_site(tmp_path / "hub", files, site), tmp_path / "out")
    assert err.splitlines()[:2] == [
        "content/q.es.md:3:7: notice: stale translation: the original content/q.md was updated "
        "on 2026-03-01T12:00:00+00:00, this translation on 2026-03-01T10:00:00+00:00",
        "  hint: bring the translation up to date, then set its updated: date",
    ]
    assert "p.es.md" not in err


def test_a_template_that_sorts_days_and_times_by_date_is_told_to_sort_by_date_utc(
    tmp_path: Path,
) -> None:
    files = {
        "content/_index.md": "---\ntitle: Home\n---\nWelcome.\n",
        "content/a.md": "---\ntitle: A\ndate: 2026-03-01T09:30:00+01:00\n---\nT.\n",
        "content/b.md": "---\ntitle: B\ndate: 2026-03-02\n---\nT.\n",
        "templates/home.html": (
            "{% extends 'base.html' %}\n{% block content %}\n"
            "{% for p in site.pages|selectattr('date')|sort(attribute='date') %}{{ p.title }}"
            "{% endfor %}\n{% endblock %}\n"
        ),
    }
    run = run_cli("-C", make_site(tmp_path / "hub", files), "build", "-o", tmp_path / "out")
    assert run.code == 1
    assert run.err.splitlines()[:2] == [
        "templates/home.html:3: error: TypeError: can't compare datetime.datetime to datetime.date",
        "  hint: while rendering content/_index.md; a date with a time of day and a day alone "
        'cannot be compared: sort pages by date_utc instead, e.g. sort(attribute="date_utc")',
    ]
    sorted_home = files["templates/home.html"].replace("'date')", "'date_utc')", 1)
    sorted_home = sorted_home.replace("attribute='date'", "attribute='date_utc'")
    make_site(tmp_path / "hub", {"templates/home.html": sorted_home})
    build(tmp_path / "hub", tmp_path / "out")
    assert "AB" in (tmp_path / "out/index.html").read_text(encoding="utf-8")


def test_an_update_timed_before_the_time_of_the_date_is_warned_of(tmp_path: Path) -> None:
    said = (
        "---\ntitle: P\ndate: 2026-03-01T15:00:00+01:00\nupdated: 2026-03-01T09:00:00+01:00\n"
        "---\nText.\n"
    )
    err = warnings_of(tmp_path, {"content/p.md": said})
    assert err.splitlines()[:2] == [
        "content/p.md:4:10: warning: updated (2026-03-01T09:00:00+01:00) is earlier than date "
        "(2026-03-01T15:00:00+01:00)",
        "  hint: updated: is the day of the last change, on or after the first publication",
    ]


def test_an_update_later_in_time_but_on_an_earlier_day_where_it_was_is_not_early(
    tmp_path: Path,
) -> None:
    # 23:00 in London is 01:00 the next day in Athens, half an hour after the statement there
    said = (
        "---\ntitle: P\ndate: 2026-03-02T00:30:00+02:00\nupdated: 2026-03-01T23:00:00Z\n"
        "changelog:\n  - {date: 2026-03-02, kind: update, note: Added a figure.}\n---\nText.\n"
    )
    assert "warning" not in warnings_of(tmp_path, {"content/p.md": said})


def test_a_time_with_a_fraction_of_a_second_is_given_to_the_second_everywhere(
    tmp_path: Path,
) -> None:
    # HTML's datetime takes three digits of a second at most; Python would write six
    files = {**ONE_DAY, "content/statements/a.md": statement("Morning", "2026-03-01T09:30:00.25Z")}
    out = tmp_path / "out"
    build(make_site(tmp_path / "hub", files), out)
    doc = page(out, "statements/a/index.html")
    [time] = doc.one("main").find_all("time")
    [news] = of_type(doc, "NewsArticle")
    assert time.attrs["datetime"] == news["datePublished"] == "2026-03-01T09:30:00+00:00"


def test_a_statement_given_a_later_time_moves_up_its_listing_in_the_next_build(
    tmp_path: Path,
) -> None:
    hub, out = make_site(tmp_path / "hub", ONE_DAY), tmp_path / "out"
    build(hub, out)
    later = {"content/statements/a.md": statement("Morning", "2026-03-01T20:00:00+01:00")}
    make_site(hub, later, site_yml=None)  # site.yml as it was: the build reuses what it can
    build(hub, out)
    listed = titles(page(out, "statements/index.html"), "card__title")
    assert listed == ["Morning", "Evening", "Noon", "Day before"]
    parsed = feedparser.parse((out / "statements/feed.xml").read_bytes())
    assert parsed.entries[0].published == "2026-03-01T19:00:00Z"


def test_midnight_at_an_offset_is_a_moment_and_at_utc_the_day_alone(tmp_path: Path) -> None:
    files = {
        **ONE_DAY,
        "content/statements/a.md": statement("New York", "2026-03-01T00:00:00-05:00"),
        "content/statements/b.md": statement("UTC", "2026-03-01T00:00:00Z"),
    }
    out = tmp_path / "out"
    build(make_site(tmp_path / "hub", files), out)
    parsed = feedparser.parse((out / "statements/feed.xml").read_bytes())
    published = {e.title: e.published for e in parsed.entries}
    # five hours after midnight UTC, not midnight: the offset is kept, not dropped
    assert published["New York"] == "2026-03-01T05:00:00Z"
    assert published["UTC"] == "2026-03-01T00:00:00Z"
    shown = (out / "statements/a/index.html").read_text("utf-8")
    assert '<time datetime="2026-03-01T00:00:00-05:00" class="moment">' in shown
    assert '<time datetime="2026-03-01">' in (out / "statements/b/index.html").read_text("utf-8")


def test_an_update_given_as_the_day_of_a_timed_date_is_no_change_after_it(
    tmp_path: Path,
) -> None:
    files = {
        **ONE_DAY,
        "content/statements/b.md": statement(
            "Evening", "2026-03-01T18:00:00Z", "updated: 2026-03-01\n"
        ),
    }
    out = tmp_path / "out"
    run = build(make_site(tmp_path / "hub", files), out)
    assert "content/statements/b.md" not in run, run
    doc = page(out, "statements/b/index.html")
    assert doc.find_all("dl", {"class": "dates"}) == []  # no "Updated" before the publishing
    [news] = of_type(doc, "NewsArticle")
    assert news["datePublished"] == news["dateModified"] == "2026-03-01T18:00:00+00:00"
