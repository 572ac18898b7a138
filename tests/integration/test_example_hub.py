"""The repository's own example hub (Lumiclip Facts) builds cleanly and has every content type."""

from __future__ import annotations

import json
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import feedparser
import pytest

from hubtest import run_cli, tree

PROJECT = Path(__file__).resolve().parents[2]
# the English theme's words for the parts these tests look for
STRINGS = {
    "changelog": "Changes to this page",
    "change_correction": "Correction",
    "milestones": "Milestones",
}


class _Page(HTMLParser):
    """A built page as a flat stream of events: every piece of text, and each closed heading,
    list item, term or definition with all the text inside it; plus body classes and JSON-LD."""

    TRACKED = frozenset({"h1", "h2", "h3", "dt", "dd", "li", "ol", "ul", "blockquote"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.body_classes: set[str] = set()
        self.jsonld: list[dict[str, Any]] = []
        self.events: list[tuple[str, str]] = []
        self.links: list[tuple[str, int]] = []  # href, and how many events came before it
        self.main_at: int | None = None
        self.h1_at: int | None = None
        self._open: list[tuple[str, list[str]]] = []
        self._script: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        if tag == "body":
            self.body_classes = set(values.get("class", "").split())
        elif tag == "script" and values.get("type") == "application/ld+json":
            self._script = []
        elif tag == "a" and "href" in values:
            self.links.append((values["href"], len(self.events)))
        elif tag == "main" and self.main_at is None:
            self.main_at = len(self.events)
        if tag == "h1" and self.h1_at is None:
            self.h1_at = len(self.events)
        if tag in self.TRACKED:
            self._open.append((tag, []))

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self._script is not None:
            self.jsonld.append(json.loads("".join(self._script)))
            self._script = None
        for index in range(len(self._open) - 1, -1, -1):
            if self._open[index][0] == tag:
                _, parts = self._open.pop(index)
                self.events.append((tag, " ".join(" ".join(parts).split())))
                return

    def handle_data(self, data: str) -> None:
        if self._script is not None:
            self._script.append(data)
            return
        self.events.append(("#text", data))
        for _, parts in self._open:
            parts.append(data)

    def of_type(self, kind: str) -> list[dict[str, Any]]:
        return [o for o in self.jsonld if o.get("@type") == kind]

    def items_after(self, heading: str) -> list[str]:
        """The list items of the first list after the h2 with this text."""
        start = self.events.index(("h2", heading))
        found: list[str] = []
        for tag, text in self.events[start + 1 :]:
            if tag == "li":
                found.append(text)
            elif tag in {"ol", "ul"}:
                break
        return found


def parse(path: Path) -> _Page:
    parser = _Page()
    parser.feed(path.read_text(encoding="utf-8"))
    parser.close()
    return parser


@pytest.fixture(scope="module")
def example(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    out = tmp_path_factory.mktemp("example") / "public"
    run = run_cli("-C", PROJECT, "build", "-o", out)
    assert run.code == 0, run.err
    return out, run.err


@pytest.fixture(scope="module")
def pages(example: tuple[Path, str]) -> dict[str, _Page]:
    out, _ = example
    return {p.relative_to(out).as_posix(): parse(p) for p in sorted(out.rglob("*.html"))}


def test_builds_without_warnings(example: tuple[Path, str]) -> None:
    _, err = example
    assert "warning:" not in err, err
    assert "error:" not in err, err
    assert "Traceback" not in err


def test_counts_of_each_content_type(pages: dict[str, _Page]) -> None:
    kinds = Counter(
        next(
            (c.removeprefix("type-") for c in sorted(p.body_classes) if c.startswith("type-")), "?"
        )
        for rel, p in pages.items()
        if "kind-page" in p.body_classes
    )
    assert kinds["claim"] >= 4, kinds
    assert kinds["faq"] >= 1, kinds
    assert kinds["statement"] == 6, kinds
    assert kinds["roadmap"] >= 1, kinds
    news = [rel for rel, p in pages.items() if p.of_type("NewsArticle")]
    assert len(news) == 6, news
    assert all(rel.startswith("statements/") for rel in news)
    # every claim page quotes its claim
    for rel, p in pages.items():
        if {"kind-page", "type-claim"} <= p.body_classes:
            assert any(tag == "blockquote" and text for tag, text in p.events), rel


def test_faq_has_twelve_questions_in_three_categories(pages: dict[str, _Page]) -> None:
    faqs = [(rel, p) for rel, p in pages.items() if p.of_type("FAQPage")]
    assert faqs
    rel, faq = max(faqs, key=lambda item: len(item[1].of_type("FAQPage")[0]["mainEntity"]))
    questions = faq.of_type("FAQPage")[0]["mainEntity"]
    assert len(questions) >= 12, rel
    assert all(q["name"] and q["acceptedAnswer"]["text"] for q in questions)
    names = {q["name"] for q in questions}
    # the categories are the h2 headings under which the question h3s stand
    categories: Counter[str] = Counter()
    current = None
    for tag, text in faq.events:
        if tag == "h2":
            current = text
        elif tag == "h3" and text in names and current is not None:
            categories[current] += 1
    assert sum(categories.values()) == len(questions), categories
    assert len(categories) >= 3, categories


def test_roadmap_has_eight_milestones(pages: dict[str, _Page]) -> None:
    roadmap = pages["security/roadmap/index.html"]
    assert "type-roadmap" in roadmap.body_classes
    milestones = roadmap.items_after(STRINGS["milestones"])
    assert len(milestones) == 8, milestones
    statuses = ("Done", "In progress", "Planned")
    assert all(sum(s in m for s in statuses) == 1 for m in milestones), milestones
    assert {s for s in statuses for m in milestones if s in m} == set(statuses)


def test_data_storage_page_has_a_fact_sheet(pages: dict[str, _Page]) -> None:
    events = [e for e in pages["data-storage/index.html"].events if e[0] in {"dt", "dd"}]
    pairs = [
        (events[i][1], events[i + 1][1])
        for i in range(len(events) - 1)
        if events[i][0] == "dt" and events[i + 1][0] == "dd"
    ]
    facts = dict(pairs)
    assert facts.get("Primary storage", "").startswith("Virginia, USA"), facts
    assert facts.get("Backup", "").startswith("Singapore"), facts


def test_one_superseded_page_links_its_replacement(pages: dict[str, _Page]) -> None:
    replacement = "/data-storage/where-data-is-stored/"
    superseded = []
    for rel, p in pages.items():
        if p.main_at is None or p.h1_at is None:
            continue
        banner = "".join(text for tag, text in p.events[p.main_at : p.h1_at] if tag == "#text")
        if "superseded" in banner.lower():
            superseded.append(rel)
            assert any(
                href == replacement and p.main_at <= at <= p.h1_at for href, at in p.links
            ), rel
    assert superseded == ["data-storage/2024-data-storage-overview/index.html"]


def test_changelogs_include_a_correction(
    example: tuple[Path, str], pages: dict[str, _Page]
) -> None:
    out, _ = example
    corrections = feedparser.parse((out / "corrections" / "feed.xml").read_bytes())
    assert corrections.bozo == 0
    kinds = Counter(e.title.split(":", 1)[0] for e in corrections.entries)
    assert kinds["Correction"] >= 1, kinds
    assert len(corrections.entries) >= 2
    # a page shows two or more changes, one of them a correction
    heading = STRINGS["changelog"]
    shown = {rel: p.items_after(heading) for rel, p in pages.items() if ("h2", heading) in p.events}
    assert any(
        len(items) >= 2 and any(STRINGS["change_correction"] in i for i in items)
        for items in shown.values()
    ), shown


def test_both_feeds_parse(example: tuple[Path, str]) -> None:
    out, _ = example
    statements = feedparser.parse((out / "statements" / "feed.xml").read_bytes())
    assert statements.bozo == 0
    assert len(statements.entries) == 6
    published = [e.published for e in statements.entries]
    assert published == sorted(published, reverse=True)
    corrections = feedparser.parse((out / "corrections" / "feed.xml").read_bytes())
    assert corrections.bozo == 0
    updated = [e.updated for e in corrections.entries]
    assert updated == sorted(updated, reverse=True)


def test_two_builds_are_byte_identical(example: tuple[Path, str], tmp_path: Path) -> None:
    first, _ = example
    second = tmp_path / "again"
    run = run_cli("-C", PROJECT, "build", "-o", second)
    assert run.code == 0, run.err
    assert tree(second) == tree(first)


def test_the_press_page_uses_the_hubs_own_template_and_stylesheet(
    example: tuple[Path, str], pages: dict[str, _Page]
) -> None:
    out, _ = example
    press = pages["press/index.html"]
    # templates/press.html: the link to write comes before the facts and the body
    write = [i for href, i in press.links if href.startswith("mailto:press@lumiclip.example")]
    assert [href for href, _ in press.links if "subject=" in href] == [
        "mailto:press@lumiclip.example?subject=Press%20request%3A%20"
    ]
    assert press.events.index(("dt", "Hours in Singapore")) > write[0]
    assert press.events.index(("h2", "Security reports")) > write[0]
    # static/press.css: published under a fingerprinted name, linked with its integrity
    html = (out / "press" / "index.html").read_text(encoding="utf-8")
    (sheet,) = sorted((out / "assets").glob("press.*.css"))
    assert f'href="/assets/{sheet.name}" integrity="sha384-' in html
    assert ".press-desk__write" in sheet.read_text(encoding="utf-8")
    # the theme's own page template serves every other page
    assert not any(
        href.startswith("mailto:") and "subject=" in href
        for rel, page in pages.items()
        if rel != "press/index.html"
        for href, _ in page.links
    )
