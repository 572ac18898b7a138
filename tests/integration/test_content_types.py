"""The hub's content types as readers see them: claims, FAQs, statements, roadmaps, fact sheets,
sources, changelogs, page status; ``recordhub new``; and the diagnostics for bad type fields."""

from __future__ import annotations

import itertools
import re
from pathlib import Path
from typing import Any

import pytest
import yaml

# --------------------------------------------------------------------------- HTML helpers
from htmldoc import Node, before, jsonld, main, of_type, page, text_before
from hubtest import SITE_YML, make_site, run_cli, tree

# --------------------------------------------------------------------------- building

SITE = SITE_YML + (
    "description: Facts about Example Co.\n"
    "verdicts:\n"
    '  "false": Not true\n'
    "  misleading: Misleading\n"
    "  outdated: Out of date\n"
)
HOME = {"content/_index.md": "---\ntitle: Home\n---\nWelcome.\n"}


def build(hub: Path, out: Path, *flags: str) -> str:
    run = run_cli("-C", hub, "build", "-o", out, *flags)
    assert run.code == 0, run.err
    assert "Traceback" not in run.err + run.out
    return run.err


def built(tmp_path: Path, files: dict[str, str], site_yml: str = SITE) -> Path:
    hub = make_site(tmp_path / "hub", {**HOME, **files}, site_yml=site_yml)
    out = tmp_path / "out"
    build(hub, out)
    return out


# --------------------------------------------------------------------------- claims

CLAIMS_INDEX = "---\ntitle: Claims checked\ncascade:\n  type: claim\n---\nChecked claims.\n"
CLAIM = """\
---
title: "Claim: the app reads minds"
summary: It does not.
claim: The app can read your mind through the camera.
verdict: "false"
fact: The app cannot read minds; it records only the video you choose to record.
claimed_by:
  who: A viral post
  where: Social network X
  date: 2026-01-05
date: 2026-01-10
sources:
  - title: Camera permissions explained
    url: https://news.example/camera
    publisher: News Example
    date: 2026-01-06
  - {title: Independent audit of the app, url: "https://audit.example/report"}
{extra}---
The body explains the camera permissions in detail.
"""


def claim_hub(tmp_path: Path, extra: str = "", site_yml: str = SITE) -> Path:
    return built(
        tmp_path,
        {
            "content/claims/_index.md": CLAIMS_INDEX,
            "content/claims/minds.md": CLAIM.replace("{extra}", extra),
        },
        site_yml,
    )


def test_claim_fact_comes_before_the_quoted_claim(tmp_path: Path) -> None:
    doc = page(claim_hub(tmp_path), "claims/minds/index.html")
    quote = main(doc).one("blockquote")
    assert quote.text == "The app can read your mind through the camera."
    fact = main(doc).innermost(
        "The app cannot read minds; it records only the video you choose to record."
    )
    assert fact.closest("blockquote") is None
    assert before(doc, fact, quote)
    body = main(doc).innermost("The body explains the camera permissions in detail.")
    assert before(doc, quote, body)


def test_claim_quote_says_who_and_where(tmp_path: Path) -> None:
    doc = page(claim_hub(tmp_path), "claims/minds/index.html")
    quote = main(doc).one("blockquote")
    holder = quote.parent
    assert holder is not None
    # who, where and when are shown with the quote, outside the quoted words themselves
    assert "A viral post" in holder.text and "A viral post" not in quote.text
    assert "Social network X" in holder.text and "Social network X" not in quote.text
    assert holder.find_all("time", {"datetime": "2026-01-05"})


def test_claim_verdict_label_from_site_yml_is_text(tmp_path: Path) -> None:
    doc = page(claim_hub(tmp_path), "claims/minds/index.html")
    label = main(doc).innermost("Not true")
    assert label.closest("blockquote") is None
    assert before(doc, label, main(doc).one("blockquote"))
    # and in the listing on the section page
    section = page(tmp_path / "out", "claims/index.html")
    assert "Not true" in main(section).text


def test_claim_sources_are_listed(tmp_path: Path) -> None:
    doc = page(claim_hub(tmp_path), "claims/minds/index.html")
    first = main(doc).one("a", {"href": "https://news.example/camera"})
    second = main(doc).one("a", {"href": "https://audit.example/report"})
    assert first.text == "Camera permissions explained"
    assert second.text == "Independent audit of the app"
    assert first.closest("ol") is second.closest("ol") is not None


@pytest.mark.parametrize("status", ["retracted", "superseded"])
def test_a_withdrawn_check_rates_nothing(tmp_path: Path, status: str) -> None:
    extra = f"status: {status}\nstatus_note: Our check was wrong.\n"
    if status == "superseded":
        extra += "superseded_by: newer.md\n"
    files = {
        "content/claims/_index.md": CLAIMS_INDEX,
        "content/claims/minds.md": CLAIM.replace("{extra}", extra),
        "content/claims/newer.md": CLAIM.replace("{extra}", "").replace("reads minds", "v2"),
    }
    out = built(tmp_path, files, SITE + "claim_review: true\n")
    assert of_type(page(out, "claims/minds/index.html"), "ClaimReview") == []
    assert len(of_type(page(out, "claims/newer/index.html"), "ClaimReview")) == 1


def test_where_a_claim_appeared_is_an_address_when_it_is_one(tmp_path: Path) -> None:
    claim = CLAIM.replace("where: Social network X", "where: https://social.example/post/1")
    out = built(
        tmp_path,
        {
            "content/claims/_index.md": CLAIMS_INDEX,
            "content/claims/minds.md": claim.replace("{extra}", ""),
        },
        SITE + "claim_review: true\n",
    )
    [review] = of_type(page(out, "claims/minds/index.html"), "ClaimReview")
    appearance = review["itemReviewed"]["appearance"]
    assert appearance == {"@type": "CreativeWork", "url": "https://social.example/post/1"}


@pytest.mark.parametrize(
    ("site_setting", "page_setting", "expected"),
    [
        (None, None, False),
        ("false", None, False),
        ("false", "true", True),
        (None, "true", True),
        ("true", None, True),
        ("true", "false", False),
        ("true", "true", True),
    ],
)
def test_claim_review_only_when_opted_in(
    tmp_path: Path, site_setting: str | None, page_setting: str | None, expected: bool
) -> None:
    site_yml = SITE + (f"claim_review: {site_setting}\n" if site_setting else "")
    extra = f"claim_review: {page_setting}\n" if page_setting else ""
    out = claim_hub(tmp_path, extra, site_yml)
    doc = page(out, "claims/minds/index.html")
    assert bool(of_type(doc, "ClaimReview")) is expected
    assert len(of_type(doc, "ClaimReview")) == (1 if expected else 0)
    # never on other pages
    for rel, data in tree(out).items():
        if rel.endswith(".html") and rel != "claims/minds/index.html":
            assert b"ClaimReview" not in data, rel


# --------------------------------------------------------------------------- FAQ

FAQ_HEAD = "---\ntitle: Common questions\ntype: faq\ndate: 2026-01-10\n---\nShort answers.\n\n"
FAQ_V1 = (
    FAQ_HEAD
    + """\
## Your data

### Where is my data stored?

In Virginia, USA.

### Does the company sell data?

No, never.

## Security

### How do I report a vulnerability?

Email the security team.
"""
)
# the same FAQ with a question and a category inserted before the others
FAQ_V2 = (
    FAQ_HEAD
    + """\
## Accounts

### How do I delete my account?

Open the settings.

## Your data

### Is my data encrypted?

Yes, at rest and in transit.

### Where is my data stored?

In Virginia, USA.

### Does the company sell data?

No, never.

## Security

### Can I use a passkey?

Not yet.

### How do I report a vulnerability?

Email the security team.
"""
)
V1_QUESTIONS = {
    "Where is my data stored?": ("Your data", "In Virginia, USA."),
    "Does the company sell data?": ("Your data", "No, never."),
    "How do I report a vulnerability?": ("Security", "Email the security team."),
}


def faq_doc(tmp_path: Path, body: str, name: str = "v1") -> Node:
    out = built(tmp_path / name, {"content/faq/questions.md": body})
    return page(out, "faq/questions/index.html")


def question_ids(doc: Node) -> dict[str, str]:
    return {h.text: h.attrs.get("id", "") for h in main(doc).find_all("h3")}


def test_faq_questions_grouped_under_categories(tmp_path: Path) -> None:
    doc = faq_doc(tmp_path, FAQ_V1)
    headings = [(h.tag, h.text) for h in main(doc).iter() if h.tag in {"h2", "h3"}]
    body = headings[headings.index(("h2", "Your data")) :]
    assert body[:5] == [
        ("h2", "Your data"),
        ("h3", "Where is my data stored?"),
        ("h3", "Does the company sell data?"),
        ("h2", "Security"),
        ("h3", "How do I report a vulnerability?"),
    ]


def test_faq_every_question_has_an_id(tmp_path: Path) -> None:
    ids = question_ids(faq_doc(tmp_path, FAQ_V1))
    assert set(ids) == set(V1_QUESTIONS)
    assert all(ids.values())
    assert len(set(ids.values())) == len(ids)


def test_faq_question_ids_survive_inserted_questions(tmp_path: Path) -> None:
    first = question_ids(faq_doc(tmp_path, FAQ_V1, "v1"))
    second = question_ids(faq_doc(tmp_path, FAQ_V2, "v2"))
    assert len(second) == 6
    for title, anchor in first.items():
        assert second[title] == anchor, title


DUPLICATES = (
    "## Data\n\n### How do I turn it off?\n\nA.\n\n## Security\n\n### How do I turn it off?\n\nB.\n"
)


def test_faq_repeated_question_ids_survive_inserted_questions(tmp_path: Path) -> None:
    def anchors(doc: Node) -> dict[str, str]:
        found: dict[str, str] = {}
        category = ""
        for node in main(doc).iter():
            if node.tag == "h2":
                category = node.text
            elif node.tag == "h3":
                found[f"{category}/{node.text}"] = node.attrs["id"]
        return found

    first = anchors(faq_doc(tmp_path, FAQ_HEAD + DUPLICATES, "v1"))
    inserted = (
        "## Billing\n\n### How do I pay?\n\nD.\n\n"
        + DUPLICATES
        + "\n## Accounts\n\n### How do I turn it off?\n\nC.\n"
    )
    second = anchors(faq_doc(tmp_path, FAQ_HEAD + inserted, "v2"))
    assert len(set(second.values())) == 4
    for key, anchor in first.items():
        assert second[key] == anchor, key


def test_faq_question_keeps_its_anchor_when_its_text_is_repeated_below(tmp_path: Path) -> None:
    once = "## Data\n\n### Where is my data stored?\n\nIn Virginia.\n"
    twice = once + "\n## Accounts\n\n### Where is my data stored?\n\nIn the EU.\n"
    # a page that links to each question from outside, as readers' bookmarks do
    linking = (
        "---\ntitle: Links\n---\n[Data](faq/questions.md#where-is-my-data-stored), "
        "[accounts](faq/questions.md#accounts-where-is-my-data-stored).\n"
    )
    first = question_ids(faq_doc(tmp_path, FAQ_HEAD + once, "v1"))
    assert first == {"Where is my data stored?": "where-is-my-data-stored"}
    out = built(
        tmp_path / "v2", {"content/faq/questions.md": FAQ_HEAD + twice, "content/links.md": linking}
    )
    doc = page(out, "faq/questions/index.html")
    ids = [h.attrs["id"] for h in main(doc).find_all("h3")]
    assert ids == ["where-is-my-data-stored", "accounts-where-is-my-data-stored"]
    contents = [
        a.attrs["href"] for a in main(doc).find_all("a") if "-stored" in a.attrs.get("href", "")
    ]
    assert contents == [f"#{i}" for i in ids]
    [faq] = of_type(doc, "FAQPage")
    answers = [q["acceptedAnswer"]["text"] for q in faq["mainEntity"]]
    assert answers == ["In Virginia.", "In the EU."]
    hrefs = [a.attrs["href"] for a in main(page(out, "links/index.html")).find_all("a")]
    assert hrefs == [f"/faq/questions/#{i}" for i in ids]
    # the first keeps its category anchor too, which earlier versions gave it: links made
    # then, and a page linking to it now, still land on it
    html = (out / "faq/questions/index.html").read_text()
    assert '<h3 id="where-is-my-data-stored"><span id="data-where-is-my-data-stored"></span>' in (
        html
    )
    old = "---\ntitle: Old\n---\n[Data](faq/questions.md#data-where-is-my-data-stored).\n"
    again = built(
        tmp_path / "v3",
        {
            "content/faq/questions.md": FAQ_HEAD + twice,
            "content/links.md": linking,
            "content/old.md": old,
        },
    )
    assert (again / "old/index.html").is_file()


def test_faq_repeated_questions_get_category_anchors_that_everything_links_to(
    tmp_path: Path,
) -> None:
    body = (
        FAQ_HEAD
        + DUPLICATES
        + "\n### How do I turn it off?\n\nAgain.\n\n"
        + "See [the first](#security-how-do-i-turn-it-off).\n"
    )
    doc = faq_doc(tmp_path, body)
    ids = [h.attrs["id"] for h in main(doc).find_all("h3")]
    assert ids == [
        "how-do-i-turn-it-off",
        "security-how-do-i-turn-it-off",
        "security-how-do-i-turn-it-off-2",
    ]
    contents = {
        a.attrs["href"] for a in main(doc).find_all("a") if a.attrs.get("href", "").startswith("#")
    }
    assert {f"#{i}" for i in ids} <= contents
    [faq] = of_type(doc, "FAQPage")
    assert [q["acceptedAnswer"]["text"] for q in faq["mainEntity"]][:2] == ["A.", "B."]


def test_faq_table_of_contents_links_every_question(tmp_path: Path) -> None:
    doc = faq_doc(tmp_path, FAQ_V2)
    ids = question_ids(doc)
    for title, anchor in ids.items():
        [link] = main(doc).find_all("a", {"href": f"#{anchor}"})
        assert link.text == title
        assert link.closest("li") is not None
        heading = main(doc).one("h3", {"id": anchor})
        assert before(doc, link, heading)  # the contents come first


def test_faq_table_of_contents_groups_questions_by_category(tmp_path: Path) -> None:
    doc = faq_doc(tmp_path, FAQ_V1)
    ids = question_ids(doc)
    for category in ("Your data", "Security"):
        heading = main(doc).one("h2", text=category)
        link = main(doc).one("a", {"href": f"#{heading.attrs['id']}"})
        item = link.closest("li")
        assert item is not None
        linked = {a.attrs["href"] for a in item.find_all("a")} - {link.attrs["href"]}
        expected = {f"#{ids[q]}" for q, (c, _) in V1_QUESTIONS.items() if c == category}
        assert linked == expected


def test_faq_page_jsonld_lists_every_question_and_answer(tmp_path: Path) -> None:
    doc = faq_doc(tmp_path, FAQ_V1)
    [faq] = of_type(doc, "FAQPage")
    found = [
        (q["@type"], q["name"], q["acceptedAnswer"]["@type"], q["acceptedAnswer"]["text"])
        for q in faq["mainEntity"]
    ]
    assert found == [
        ("Question", title, "Answer", answer) for title, (_, answer) in V1_QUESTIONS.items()
    ]


@pytest.mark.parametrize(
    ("status", "listed"),
    [("current", True), ("archived", True), ("retracted", False), ("superseded", False)],
)
def test_a_withdrawn_faq_answers_nothing_in_the_jsonld(
    tmp_path: Path, status: str, listed: bool
) -> None:
    fields = f"status: {status}\nstatus_note: Withdrawn.\n"
    fields += "superseded_by: newer.md\n" if status == "superseded" else ""
    fields += "changelog:\n  - {date: 2026-01-11, kind: correction, note: Withdrawn.}\n"
    files = {
        "content/faq/questions.md": FAQ_V1.replace(
            "date: 2026-01-10\n", f"date: 2026-01-10\n{fields}"
        ),
        "content/faq/newer.md": FAQ_V1,
    }
    out = built(tmp_path, files)
    doc = page(out, "faq/questions/index.html")
    # its answers in search results would outlive the banner that withdraws them
    assert len(of_type(doc, "FAQPage")) == (1 if listed else 0)
    assert len(of_type(doc, "Article")) == 1
    assert len(of_type(page(out, "faq/newer/index.html"), "FAQPage")) == 1


def test_faq_footnotes_are_part_of_no_answer_in_the_jsonld(tmp_path: Path) -> None:
    body = (
        FAQ_HEAD + "## General\n\n### Is data encrypted?\n\nYes, with AES-256.[^1]\n\n"
        "### Where is it stored?\n\nIn Virginia.\n\n[^1]: See the security whitepaper.\n"
    )
    [faq] = of_type(faq_doc(tmp_path, body), "FAQPage")
    texts = [q["acceptedAnswer"]["text"] for q in faq["mainEntity"]]
    assert texts == ["Yes, with AES-256.", "In Virginia."]


FAQ_UPDATED = (
    FAQ_HEAD
    + """\
## Your data

### Where is my data stored?

Updated: 2026-03-01

In Virginia, USA.

### Does the company sell data?

No, never.
"""
)


def test_faq_updated_line_becomes_a_dated_element(tmp_path: Path) -> None:
    doc = faq_doc(tmp_path, FAQ_UPDATED)
    question = main(doc).one("h3", text="Where is my data stored?")
    siblings = (
        [c for c in question.parent.children if isinstance(c, Node)] if question.parent else []
    )
    after = siblings[siblings.index(question) + 1]
    assert after.tag != "h3"
    [stamp] = after.find_all("time")
    assert stamp.attrs["datetime"] == "2026-03-01"
    assert "2026" in stamp.text
    assert "Updated: 2026-03-01" not in main(doc).text
    # the other question is not dated
    other = main(doc).one("h3", text="Does the company sell data?")
    nxt = siblings[siblings.index(other) + 1]
    assert not nxt.find_all("time") and nxt.text == "No, never."


def test_a_later_answer_makes_the_faq_page_modified_then(tmp_path: Path) -> None:
    # the page says 2026-01-10; its answer says it was updated on 2026-03-01
    doc = faq_doc(tmp_path, FAQ_UPDATED)
    assert [b["dateModified"] for b in jsonld(doc) if "dateModified" in b] == ["2026-03-01"]
    sitemap = (tmp_path / "v1" / "out" / "sitemap.xml").read_text("utf-8")
    entry = sitemap.split("/faq/questions/</loc>", 1)[1].split("</url>", 1)[0]
    assert "<lastmod>2026-03-01</lastmod>" in entry


def test_faq_updated_line_is_not_part_of_the_jsonld_answer(tmp_path: Path) -> None:
    doc = faq_doc(tmp_path, FAQ_UPDATED)
    [faq] = of_type(doc, "FAQPage")
    assert faq["mainEntity"][0]["acceptedAnswer"]["text"] == "In Virginia, USA."


def test_faq_updated_line_right_above_the_answer_dates_it(tmp_path: Path) -> None:
    # no blank line between the date and the answer: one paragraph in Markdown
    body = FAQ_UPDATED.replace("2026-03-01\n\nIn Virginia", "2026-03-01\nIn Virginia")
    doc = faq_doc(tmp_path, body)
    question = main(doc).one("h3", text="Where is my data stored?")
    siblings = (
        [c for c in question.parent.children if isinstance(c, Node)] if question.parent else []
    )
    stamp, answer = siblings[siblings.index(question) + 1 : siblings.index(question) + 3]
    assert [t.attrs["datetime"] for t in stamp.find_all("time")] == ["2026-03-01"]
    assert "Updated: 2026-03-01" not in stamp.text
    assert (answer.tag, answer.text) == ("p", "In Virginia, USA.")
    [faq] = of_type(doc, "FAQPage")
    assert faq["mainEntity"][0]["acceptedAnswer"]["text"] == "In Virginia, USA."
    assert [b["dateModified"] for b in jsonld(doc) if "dateModified" in b] == ["2026-03-01"]


def test_an_answers_date_is_shown_beside_its_own_question_only(tmp_path: Path) -> None:
    # the first question has no Updated: line; the date of the second is not the first's
    body = FAQ_HEAD + (
        "## Data\n\n### Is it sold?\n\nNo.\n\n"
        "### Where is it stored?\n\nUpdated: 2026-03-01\n\nIn Virginia.\n"
    )
    doc = faq_doc(tmp_path, body)
    toc = main(doc).one("nav")
    dated = {
        item.one("a").text: [t.attrs["datetime"] for t in item.find_all("time")]
        for item in toc.find_all("li")
        if item.find_all("a") and not item.find_all("ol")
    }
    assert dated == {"Is it sold?": [], "Where is it stored?": ["2026-03-01"]}


def test_faq_jsonld_answer_text_keeps_inline_markup_spacing(tmp_path: Path) -> None:
    body = FAQ_HEAD + "## Data\n\n### Is it sold?\n\nNo. See our [policy](https://e.example/p).\n"
    doc = faq_doc(tmp_path, body)
    [faq] = of_type(doc, "FAQPage")
    assert faq["mainEntity"][0]["acceptedAnswer"]["text"] == "No. See our policy."


def test_faq_table_of_contents_shows_ampersands_once(tmp_path: Path) -> None:
    body = FAQ_HEAD + "## Data & privacy\n\n### Do you share data with Q&A partners?\n\nNo.\n"
    doc = faq_doc(tmp_path, body)
    question = main(doc).one("h3")
    [link] = main(doc).find_all("a", {"href": f"#{question.attrs['id']}"})
    assert link.text == "Do you share data with Q&A partners?"
    category = main(doc).one("h2", text="Data & privacy")
    [link] = main(doc).find_all("a", {"href": f"#{category.attrs['id']}"})
    assert link.text == "Data & privacy"


# --------------------------------------------------------------------------- tables of contents

PICTURED = """\
---
title: Pictured
---
## ![Our logo](logo.png)

Text.

##

### Under an empty heading

## Plain

More.
"""


def test_a_heading_with_no_words_is_no_empty_link_in_the_table_of_contents(
    tmp_path: Path,
) -> None:
    out = built(tmp_path, {"content/pictured.md": PICTURED, "content/logo.png": "PNG"})
    toc = main(page(out, "pictured/index.html")).one("nav", {"class": "toc"})
    # an image's words are its alt text; an empty heading leaves its own out, and keeps those
    # under it
    assert [(a.attrs["href"], a.text) for a in toc.find_all("a")] == [
        ("#_1", "Our logo"),
        ("#under-an-empty-heading", "Under an empty heading"),
        ("#plain", "Plain"),
    ]
    assert [len(li.find_all("ol")) for li in toc.find_all("li")] == [0, 0, 0]


def test_a_heading_with_no_words_is_no_empty_link_in_a_toc_marker(tmp_path: Path) -> None:
    marked = PICTURED.replace("---\n## ", "---\n[TOC]\n\n## ", 1)
    out = built(tmp_path, {"content/pictured.md": marked, "content/logo.png": "PNG"})
    listed = main(page(out, "pictured/index.html")).one("div", {"class": "toc"})
    assert [(a.attrs["href"], a.text) for a in listed.find_all("a")] == [
        ("#_1", "Our logo"),
        ("#under-an-empty-heading", "Under an empty heading"),
        ("#plain", "Plain"),
    ]
    assert [li.text.strip() for li in listed.find_all("li") if not li.find_all("a")] == []


# --------------------------------------------------------------------------- statements

STATEMENTS_INDEX = (
    "---\ntitle: Statements\ncascade:\n  type: statement\n---\nOn-the-record statements.\n"
)


def statement(title: str, day: str, extra: str = "") -> str:
    return f"---\ntitle: {title}\ndate: {day}\n{extra}---\nThe text of {title}.\n"


STATEMENTS = {
    "content/statements/_index.md": STATEMENTS_INDEX,
    "content/statements/a-middle.md": statement("Middle statement", "2026-02-01"),
    "content/statements/b-oldest.md": statement("Oldest statement", "2025-06-15"),
    "content/statements/c-newest.md": statement(
        "Newest statement",
        "2026-03-20",
        "speaker: Jane Roe\nrole: Chief Privacy Officer\n"
        "responds_to: {title: Report says data goes abroad, url: 'https://news.example/report'}\n"
        "original_url: https://newsroom.example/jane-roe\n",
    ),
}
NEWEST_FIRST = ["Newest statement", "Middle statement", "Oldest statement"]


def test_statement_shows_speaker_role_and_links(tmp_path: Path) -> None:
    doc = page(built(tmp_path, STATEMENTS), "statements/c-newest/index.html")
    content = main(doc)
    speaker = content.one("span", {"class": "byline__speaker"})
    assert speaker.text == "Jane Roe,"  # the comma hidden on screen, said and copied
    assert content.find_all(text="Chief Privacy Officer")
    responds = content.one("a", {"href": "https://news.example/report"})
    assert responds.text == "Report says data goes abroad"
    original = content.one("a", {"href": "https://newsroom.example/jane-roe"})
    assert original.text
    assert content.find_all("time", {"datetime": "2026-03-20"})
    assert [o["@type"] for o in jsonld(doc)].count("NewsArticle") == 1


def test_a_role_without_a_speaker_is_warned_of_where_it_is_written(tmp_path: Path) -> None:
    said = statement("Said", "2026-01-05", "role: Chief Privacy Officer\n")
    files = {**HOME, "content/statements/_index.md": STATEMENTS_INDEX}
    hub = make_site(tmp_path / "hub", {**files, "content/statements/said.md": said}, SITE)
    run = run_cli("-C", hub, "check")
    assert run.code == 0, run.err
    # the byline and the NewsArticle's author show a role only beside the speaker's name
    assert (
        "content/statements/said.md:4:7: warning: role is given, but speaker is not, so the role "
        "is shown nowhere\n"
        "  hint: add speaker: the name of the person who made the statement, or remove role\n"
    ) in run.err
    make_site(
        hub, {"content/statements/said.md": said.replace("role:", "speaker: Jane Roe\nrole:")}
    )
    assert run_cli("-C", hub, "check", "--strict").code == 0


def test_a_cards_status_speaker_and_date_read_as_words_apart(tmp_path: Path) -> None:
    withdrawn = statement(
        "Withdrawn statement",
        "2026-01-05",
        "speaker: Dana Reyes\nstatus: retracted\nstatus_note: It was wrong.\n",
    )
    files = {**STATEMENTS, "content/statements/d-withdrawn.md": withdrawn}
    doc = page(built(tmp_path, files), "statements/index.html")
    # apart on screen by the layout, but search excerpts and copied text take the text itself
    assert [p.text for p in main(doc).find_all("p", {"class": "card__meta"})] == [
        "Jane Roe, Chief Privacy Officer March 20, 2026",
        "February 1, 2026",
        "Retracted Dana Reyes January 5, 2026",
        "June 15, 2025",
    ]


def titles_in_order(container: Node, titles: list[str]) -> list[str]:
    found = [a.text for a in container.find_all("a") if a.text in titles]
    return list(dict.fromkeys(found))


def test_statements_newest_first_on_the_home_page(tmp_path: Path) -> None:
    doc = page(built(tmp_path, STATEMENTS), "index.html")
    heading = main(doc).one(text="On the record")
    block = heading.parent
    assert block is not None
    assert titles_in_order(block, NEWEST_FIRST) == NEWEST_FIRST


def test_statements_newest_first_on_the_section_page(tmp_path: Path) -> None:
    doc = page(built(tmp_path, STATEMENTS), "statements/index.html")
    assert titles_in_order(main(doc), NEWEST_FIRST) == NEWEST_FIRST


# --------------------------------------------------------------------------- roadmap

ROADMAP = """\
---
title: Security roadmap
type: roadmap
date: 2026-01-10
milestones:
  - {title: Two-step verification, status: done, date: 2025-03-18, summary: For everyone.}
  - {title: Passkeys, status: in-progress, date: 2026-12-15}
  - {title: ISO 27001 certification, status: planned, date: 2027-10-31}
  - {title: Undated idea, status: planned}
---
What we will do next.
"""
MILESTONES = [
    ("Two-step verification", "Done", "2025-03-18"),
    ("Passkeys", "In progress", "2026-12-15"),
    ("ISO 27001 certification", "Planned", "2027-10-31"),
    ("Undated idea", "Planned", None),
]


def test_roadmap_milestones_are_list_items_with_status_and_date(tmp_path: Path) -> None:
    doc = page(built(tmp_path, {"content/roadmap.md": ROADMAP}), "roadmap/index.html")
    items = []
    for title, status, day in MILESTONES:
        item = main(doc).innermost(title).closest("li")
        assert item is not None, title
        assert item.parent is not None and item.parent.tag in {"ol", "ul"}
        assert status in item.text, (title, item.text)
        others = {"Done", "In progress", "Planned"} - {status}
        assert not any(re.search(rf"\b{o}\b", item.text) for o in others), item.text
        times = [t.attrs["datetime"] for t in item.find_all("time")]
        assert times == ([day] if day else []), title
        items.append(item)
    assert len({id(i.parent) for i in items}) == 1  # one list
    assert all(before(doc, a, b) for a, b in itertools.pairwise(items))
    assert "For everyone." in items[0].text


# --------------------------------------------------------------------------- fact sheets

FACTS = """\
facts:
  - {label: Primary storage, value: "Virginia, USA", source: "https://audit.example/storage"}
  - {label: Backup retention, value: 35 days}
"""


def with_facts(kind: str) -> dict[str, str]:
    body = "The body starts here.\n"
    if kind == "faq":
        body = "The body starts here.\n\n## Data\n\n### Where?\n\nVirginia.\n"
    fields = {
        "page": "",
        "claim": "claim: C is true.\nverdict: misleading\nfact: C is half true.\n",
        "statement": "",
        "roadmap": "milestones:\n  - {title: M, status: done}\n",
        "faq": "",
    }[kind]
    text = f"---\ntitle: Sheet\ntype: {kind}\ndate: 2026-01-10\n{fields}{FACTS}---\n{body}"
    return {"content/sheet.md": text}


@pytest.mark.parametrize("kind", ["page", "claim", "statement", "roadmap", "faq"])
def test_fact_sheet_is_a_description_list_before_the_body(tmp_path: Path, kind: str) -> None:
    doc = page(built(tmp_path, with_facts(kind)), "sheet/index.html")
    label = main(doc).one("dt", text="Primary storage")
    sheet = label.closest("dl")
    assert sheet is not None
    pairs = []
    for dt_node in sheet.find_all("dt"):
        parent = dt_node.parent
        assert parent is not None
        siblings = [c for c in parent.children if isinstance(c, Node)]
        dd = siblings[siblings.index(dt_node) + 1]
        assert dd.tag == "dd"
        pairs.append((dt_node.text, dd))
    assert [
        (k, v.text.startswith(val))
        for (k, v), val in zip(pairs, ["Virginia, USA", "35 days"], strict=True)
    ] == [
        ("Primary storage", True),
        ("Backup retention", True),
    ]
    assert pairs[0][1].find_all("a", {"href": "https://audit.example/storage"})
    assert not pairs[1][1].find_all("a")
    body = main(doc).innermost("The body starts here.")
    assert before(doc, sheet, body)


def test_fact_sheet_on_a_section_and_the_home_page(tmp_path: Path) -> None:
    section = f"---\ntitle: Data\n{FACTS}---\nSection text.\n"
    home = f"---\ntitle: Home\n{FACTS}---\nWelcome.\n"
    out = built(tmp_path, {"content/_index.md": home, "content/data/_index.md": section})
    for rel, text in (("data/index.html", "Section text."), ("index.html", "Welcome.")):
        doc = page(out, rel)
        sheet = main(doc).one("dt", text="Primary storage").closest("dl")
        assert sheet is not None
        assert before(doc, sheet, main(doc).innermost(text)), rel


# --------------------------------------------------------------------------- sources, changelog

SOURCED = """\
---
title: Sourced page
date: 2026-01-10
updated: 2026-02-20
sources:
  - {title: First report, url: "https://one.example/", publisher: One Times, date: 2026-01-02}
  - {title: Second report, url: "https://two.example/", archived_url: "https://archive.example/two"}
  - {title: Third report, url: "https://three.example/"}
changelog:
  - {date: 2026-01-15, kind: clarification, note: Explained the second report.}
  - {date: 2026-02-20, kind: correction, note: Fixed the figure for 2025.}
  - {date: 2026-01-12, kind: update, note: Added the third report.}
---
Text with claims.
"""


def test_sources_are_a_numbered_list(tmp_path: Path) -> None:
    doc = page(built(tmp_path, {"content/sourced.md": SOURCED}), "sourced/index.html")
    links = [
        main(doc).one("a", {"href": url})
        for url in ("https://one.example/", "https://two.example/", "https://three.example/")
    ]
    assert [a.text for a in links] == ["First report", "Second report", "Third report"]
    items = [a.closest("li") for a in links]
    assert all(items)
    lists = {id(i.parent) for i in items if i is not None}
    assert len(lists) == 1
    first = items[0]
    assert first is not None and first.parent is not None
    assert first.parent.tag == "ol"
    assert [c for c in first.parent.children if isinstance(c, Node)] == items
    assert "One Times" in first.text
    assert first.find_all("time", {"datetime": "2026-01-02"})
    assert items[1] is not None
    assert items[1].find_all("a", {"href": "https://archive.example/two"})


def test_changelog_entries_are_shown_on_the_page(tmp_path: Path) -> None:
    doc = page(built(tmp_path, {"content/sourced.md": SOURCED}), "sourced/index.html")
    notes = [
        ("Fixed the figure for 2025.", "Correction", "2026-02-20"),
        ("Explained the second report.", "Clarification", "2026-01-15"),
        ("Added the third report.", "Update", "2026-01-12"),
    ]
    entries = []
    for note, kind, day in notes:
        entry = main(doc).innermost(note).closest("li")
        assert entry is not None, note
        assert kind in entry.text
        assert entry.find_all("time", {"datetime": day})
        entries.append(entry)
    # newest first, whatever the order in the front matter
    assert all(before(doc, a, b) for a, b in itertools.pairwise(entries))


def test_many_changes_on_one_day_keep_their_order(tmp_path: Path) -> None:
    # written newest first, as the README asks: Fix 11 is the latest of the day
    changes = "".join(
        f"  - {{date: 2026-03-01, kind: correction, note: Fix {n}.}}\n" for n in range(11, 0, -1)
    )
    many = f"---\ntitle: Many\ndate: 2026-01-01\nchangelog:\n{changes}---\nText.\n"
    out = built(tmp_path, {"content/many.md": many})
    for rel in ("many/index.html", "corrections/index.html"):
        text = main(page(out, rel)).text
        found = [text.index(f"Fix {n}.") for n in range(11, 0, -1)]
        assert found == sorted(found), rel
    feed = (out / "corrections" / "feed.xml").read_text()
    found = [feed.index(f"Fix {n}.") for n in range(11, 0, -1)]
    assert found == sorted(found)


# --------------------------------------------------------------------------- page status

STATUS_PAGES = {
    "content/new.md": "---\ntitle: The replacing page\n---\nCurrent information.\n",
    "content/old.md": (
        "---\ntitle: The old page\nstatus: superseded\nsuperseded_by: new.md\n"
        "status_note: Replaced after the 2025 migration.\n---\nOld information.\n"
    ),
    "content/kept.md": (
        "---\ntitle: The archived page\nstatus: archived\n"
        "status_note: Kept for the record since 2024.\n---\nArchived information.\n"
    ),
    "content/wrong.md": (
        "---\ntitle: The retracted page\nstatus: retracted\n"
        "status_note: Retracted because the figures were wrong.\n---\nRetracted information.\n"
    ),
}


def banner_text(doc: Node) -> str:
    """Text in main before the page's heading: where a status banner belongs."""
    return text_before(doc, main(doc).one("h1"), main(doc))


def test_superseded_page_banner_links_the_replacing_page(tmp_path: Path) -> None:
    doc = page(built(tmp_path, STATUS_PAGES), "old/index.html")
    heading = main(doc).one("h1")
    link = main(doc).find_all("a", {"href": "/new/"})[0]
    assert before(doc, link, heading)
    assert link.text == "The replacing page"
    banner = banner_text(doc)
    assert "superseded" in banner.lower()
    assert "Replaced after the 2025 migration." in banner


@pytest.mark.parametrize(
    ("rel", "word", "note"),
    [
        ("kept/index.html", "archived", "Kept for the record since 2024."),
        ("wrong/index.html", "retracted", "Retracted because the figures were wrong."),
    ],
)
def test_archived_and_retracted_banners_show_the_note(
    tmp_path: Path, rel: str, word: str, note: str
) -> None:
    out = built(tmp_path, STATUS_PAGES)
    doc = page(out, rel)  # a retracted page is still built
    banner = banner_text(doc)
    assert word in banner.lower()
    assert note in banner
    assert main(doc).innermost(f"{word.capitalize()} information.")


def test_current_page_has_no_banner(tmp_path: Path) -> None:
    doc = page(built(tmp_path, STATUS_PAGES), "new/index.html")
    assert banner_text(doc) == ""


# --------------------------------------------------------------------------- recordhub new

EPOCH_2026_03_01 = "1772323200"  # 2026-03-01T00:00:00Z


def front_matter(path: Path) -> dict[str, Any]:
    text = path.read_text(encoding="utf-8")
    match = re.match(r"---\n(.*?)\n---\n", text, re.DOTALL)
    assert match, text
    data = yaml.safe_load(match[1])
    assert isinstance(data, dict)
    return data


TYPE_FIELDS = {
    "claim": {"claim", "verdict", "fact", "claimed_by"},
    "faq": set(),
    "statement": {"speaker", "role"},
    "roadmap": {"milestones"},
    "page": set(),
}


@pytest.mark.parametrize(
    ("kind", "cascade_folder", "expected_folder"),
    [
        ("claim", None, "claims"),
        ("claim", "myths", "myths"),
        ("faq", None, "faq"),
        ("faq", "help/answers", "help/answers"),
        ("statement", None, "statements"),
        ("statement", "news", "news"),
        ("roadmap", None, "roadmap"),
        ("page", None, ""),
    ],
)
def test_new_writes_a_page_of_the_type_where_it_belongs(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    kind: str,
    cascade_folder: str | None,
    expected_folder: str,
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH_2026_03_01)
    files = dict(HOME)
    if cascade_folder:
        files[f"content/{cascade_folder}/_index.md"] = (
            f"---\ntitle: Section\ncascade:\n  type: {kind}\n---\n"
        )
    hub = make_site(tmp_path / "hub", files, site_yml=SITE)
    before_files = set(tree(hub))
    run = run_cli("-C", hub, "new", kind, "Our new page: test")
    assert run.code == 0, run.err
    folder = hub / "content" / expected_folder if expected_folder else hub / "content"
    path = folder / "our-new-page-test.md"
    assert set(tree(hub)) - before_files == {path.relative_to(hub).as_posix()}
    data = front_matter(path)
    assert data["title"] == "Our new page: test"
    assert str(data["date"]) == "2026-03-01"
    assert data.get("type", kind if cascade_folder else None) == kind
    assert TYPE_FIELDS[kind] <= set(data)
    if kind == "faq":
        assert "\n## " in path.read_text() and "\n### " in path.read_text()
    assert data["draft"] is True  # until its author says otherwise
    out = tmp_path / "out"
    err = build(hub, out, "--drafts")
    assert "warning:" not in err, err
    url = path.relative_to(hub / "content").with_suffix("").as_posix()
    assert (out / url / "index.html").is_file()


# --------------------------------------------------------------------------- bad input

BAD = [
    (
        "unknown-verdict-close",
        {"content/x.md": "---\ntitle: X\ntype: claim\nclaim: C\nverdict: flase\nfact: F\n---\n"},
        "content/x.md:5:10: error: unknown verdict 'flase'\n  hint: did you mean 'false'?",
    ),
    (
        "unknown-verdict",
        {"content/x.md": "---\ntitle: X\ntype: claim\nclaim: C\nverdict: wrongish\nfact: F\n---\n"},
        "content/x.md:5:10: error: unknown verdict 'wrongish'\n"
        "  hint: use a key of verdicts in site.yml: false, misleading, outdated",
    ),
    (
        "milestone-unknown-status",
        {
            "content/x.md": "---\ntitle: R\ntype: roadmap\nmilestones:\n  - title: M1\n"
            "    status: done\n  - title: M2\n    status: finished\n---\n"
        },
        "content/x.md:8:13: error: 'milestones[1].status' has unknown value 'finished'\n"
        "  hint: use one of: done, in-progress, planned",
    ),
    (
        "milestone-misspelt-status",
        {
            "content/x.md": "---\ntitle: R\ntype: roadmap\nmilestones:\n"
            "  - {title: M, status: plannd}\n---\n"
        },
        "content/x.md:5:24: error: 'milestones[0].status' has unknown value 'plannd'\n"
        "  hint: did you mean 'planned'?",
    ),
    (
        "superseded-without-superseded-by",
        {"content/x.md": "---\ntitle: X\nstatus: superseded\n---\n"},
        "content/x.md:3:9: error: status is superseded but superseded_by is missing\n"
        "  hint: add superseded_by: the path of the page that replaces it",
    ),
    (
        "superseded-by-nowhere",
        {"content/x.md": "---\ntitle: X\nstatus: superseded\nsuperseded_by: gone.md\n---\n"},
        "content/x.md:4:16: error: superseded_by points to content/gone.md, which does not exist\n"
        "  hint: give the path of the replacing page's file, relative to this file, "
        "e.g. ../faq/data.md",
    ),
    (
        "superseded-by-a-web-address",
        {
            "content/x.md": "---\ntitle: X\nstatus: superseded\n"
            "superseded_by: https://acme.example/new\n---\n"
        },
        "content/x.md:4:16: error: superseded_by takes a page of this hub, not a web address\n"
        "  hint: give the path of the replacing page's file, relative to this file, "
        "e.g. ../faq/data.md; link to a newer text elsewhere from the page's own text",
    ),
    (
        "superseded-by-a-site-path",
        {
            "content/x.md": "---\ntitle: X\nstatus: superseded\nsuperseded_by: /news/new/\n---\n",
            "content/news/new.md": "---\ntitle: New\n---\nNow.\n",
        },
        "content/x.md:4:16: error: superseded_by takes the file of a page, not its address: "
        "/news/new/\n"
        "  hint: give the path of the replacing page's file, relative to this file: "
        "superseded_by: news/new.md",
    ),
    (
        "superseded-by-a-path-of-no-page",
        {"content/x.md": "---\ntitle: X\nstatus: superseded\nsuperseded_by: /about/\n---\n"},
        "content/x.md:4:16: error: superseded_by takes the file of a page, not its address: "
        "/about/\n"
        "  hint: give the path of the replacing page's file, relative to this file, "
        "e.g. ../faq/data.md",
    ),
    (
        "superseded-by-the-web-address-of-a-page-of-the-hub",
        {
            "content/x.md": "---\ntitle: X\nstatus: superseded\n"
            "superseded_by: https://hub.example/news/new/#now\n---\n",
            "content/news/new.md": "---\ntitle: New\n---\n## Now\n\nNow.\n",
        },
        "content/x.md:4:16: error: superseded_by takes a page of this hub, not a web address\n"
        "  hint: give the path of the replacing page's file, relative to this file: "
        "superseded_by: news/new.md#now",
    ),
    (
        "superseded-by-itself",
        {"content/x.md": "---\ntitle: X\nstatus: superseded\nsuperseded_by: x.md\n---\n"},
        "content/x.md:4:16: error: superseded_by points to this page itself\n"
        "  hint: give the path of the replacing page's file, relative to this file, "
        "e.g. ../faq/data.md",
    ),
    (
        # its own error is told; "does not exist" of the page superseded would mislead
        "superseded-by-a-page-with-errors-of-its-own",
        {
            "content/x.md": "---\ntitle: X\nstatus: superseded\nsuperseded_by: news.md\n---\n",
            "content/news.md": "---\ntitle: News\nstatus: curent\n---\nNow.\n",
        },
        "content/news.md:3:9: error: 'status' has unknown value 'curent'\n"
        "  hint: did you mean 'current'?",
    ),
    (
        "superseded-by-a-file-in-another-case",
        {
            "content/x.md": "---\ntitle: X\nstatus: superseded\nsuperseded_by: News.md\n---\n",
            "content/news.md": "---\ntitle: News\n---\nNow.\n",
        },
        "content/x.md:4:16: error: superseded_by points to content/News.md, which does not exist\n"
        "  hint: the file is content/news.md: write its name in the same case, as servers tell "
        "cases apart",
    ),
    (
        # the place is on the page itself too: told once, not again as the theme's link
        "superseded-by-a-place-of-itself",
        {"content/x.md": '---\ntitle: X\nstatus: superseded\nsuperseded_by: "#later"\n---\n'},
        "content/x.md:4:16: error: superseded_by points to this page itself\n"
        "  hint: give the path of the replacing page's file, relative to this file, "
        "e.g. ../faq/data.md",
    ),
    (
        "superseded-by-a-heading-of-itself",
        {
            "content/x.md": "---\ntitle: X\nstatus: superseded\nsuperseded_by: x.md#now\n---\n"
            "## Now\n\nText.\n"
        },
        "content/x.md:4:16: error: superseded_by points to this page itself\n"
        "  hint: give the path of the replacing page's file, relative to this file, "
        "e.g. ../faq/data.md",
    ),
    (
        "changelog-entry-without-date",
        {
            "content/x.md": "---\ntitle: X\nchangelog:\n  - kind: correction\n"
            "    note: Fixed.\n---\n"
        },
        "content/x.md:4:5: error: missing required field 'changelog[0].date'\n"
        "  hint: add `date: ...`",
    ),
    (
        "source-without-url",
        {"content/x.md": "---\ntitle: X\nsources:\n  - title: Report\n    publisher: P\n---\n"},
        "content/x.md:4:5: error: missing required field 'sources[0].url'\n  hint: add `url: ...`",
    ),
    (
        "source-without-title",
        {
            "content/x.md": "---\ntitle: X\nsources:\n  - {title: A, url: 'https://a.example/'}\n"
            "  - url: https://b.example/\n    publisher: P\n---\n"
        },
        "content/x.md:5:5: error: missing required field 'sources[1].title'\n"
        "  hint: add `title: ...`",
    ),
    (
        # the type left out, and the field mistyped: the hint names both
        "mistyped-field-of-another-type",
        {"content/x.md": "---\ntitle: X\ndate: 2026-01-05\nspeakr: Jane Doe\n---\n"},
        "content/x.md:4:1: error: unknown field 'speakr'\n"
        "  hint: did you mean 'speaker'? It is a field of type statement: set `type: statement` "
        "or remove 'speakr'",
    ),
    (
        "mistyped-field-of-another-type-on-a-page-of-a-type",
        {
            "content/x.md": "---\ntitle: X\ntype: claim\nclaim: It is so.\nverdict: misleading\n"
            "fact: It is not.\nmilestone:\n  - {title: Audit, status: done}\n---\n"
        },
        "content/x.md:7:1: error: unknown field 'milestone'\n"
        "  hint: did you mean 'milestones'? It is a field of type roadmap: set `type: roadmap` "
        "or remove 'milestone'",
    ),
    # a blank text a page shows would be an empty heading, link, quote or line
    (
        "blank-claim",
        {
            "content/x.md": "---\ntitle: X\ntype: claim\nclaim: ' '\nverdict: misleading\n"
            "fact: It is not so.\n---\n"
        },
        "content/x.md:4:8: error: 'claim' is empty\n  hint: write a claim after `claim:`",
    ),
    (
        "blank-fact",
        {
            "content/x.md": "---\ntitle: X\ntype: claim\nclaim: It is so.\nverdict: misleading\n"
            'fact: ""\n---\n'
        },
        "content/x.md:6:7: error: 'fact' is empty\n  hint: write a fact after `fact:`",
    ),
    (
        "blank-changelog-note",
        {
            "content/x.md": "---\ntitle: X\nchangelog:\n"
            '  - {date: 2026-01-05, kind: correction, note: ""}\n---\n'
        },
        "content/x.md:4:48: error: 'changelog[0].note' is empty\n"
        "  hint: write a note after `note:`",
    ),
    (
        "blank-source-title",
        {
            "content/x.md": "---\ntitle: X\nsources:\n  - title: ' '\n"
            "    url: https://a.example/\n---\n"
        },
        "content/x.md:4:12: error: 'sources[0].title' is empty\n"
        "  hint: write a title after `title:`",
    ),
    (
        "blank-fact-value",
        {"content/x.md": "---\ntitle: X\nfacts:\n  - {label: Storage, value: ''}\n---\n"},
        "content/x.md:4:29: error: 'facts[0].value' is empty\n  hint: write a value after `value:`",
    ),
    (
        "blank-fact-label",
        {"content/x.md": "---\ntitle: X\nfacts:\n  - {label: '', value: Virginia}\n---\n"},
        "content/x.md:4:13: error: 'facts[0].label' is empty\n  hint: write a label after `label:`",
    ),
    (
        "blank-responds-to-title",
        {
            "content/x.md": "---\ntitle: X\ntype: statement\ndate: 2026-01-05\n"
            "responds_to: {title: '', url: 'https://news.example/a'}\n---\n"
        },
        "content/x.md:5:22: error: 'responds_to.title' is empty\n"
        "  hint: write a title after `title:`",
    ),
    (
        "blank-milestone-title",
        {
            "content/x.md": "---\ntitle: X\ntype: roadmap\nmilestones:\n"
            "  - {title: ' ', status: planned}\n---\n"
        },
        "content/x.md:5:13: error: 'milestones[0].title' is empty\n"
        "  hint: write a title after `title:`",
    ),
    (
        # it would stand in the archived banner for the words that say what archived means
        "blank-status-note",
        {"content/x.md": "---\ntitle: X\nstatus: archived\nstatus_note: '  '\n---\n"},
        "content/x.md:4:14: error: 'status_note' is empty\n"
        "  hint: write a status_note after `status_note:`",
    ),
]


@pytest.mark.parametrize(("files", "expected"), [pytest.param(*r[1:], id=r[0]) for r in BAD])
def test_bad_type_fields(tmp_path: Path, files: dict[str, str], expected: str) -> None:
    hub = make_site(tmp_path / "hub", {**HOME, "content/x.md": "---\ntitle: X\n---\n"}, SITE)
    out = tmp_path / "out"
    build(hub, out)
    previous = tree(out)
    make_site(hub, files, site_yml=None)
    run = run_cli("-C", hub, "build", "-o", out)
    assert run.code == 1, run.err
    assert f"\n{expected}\n" in f"\n{run.err}", run.err
    assert [line for line in run.err.splitlines() if ": error: " in line] == [
        expected.splitlines()[0]
    ]
    assert "Traceback" not in run.err + run.out
    assert tree(out) == previous
    assert sorted(p.name for p in tmp_path.iterdir()) == ["hub", "out"]
    # a fresh output folder is not even created
    fresh = tmp_path / "fresh"
    assert run_cli("-C", hub, "build", "-o", fresh).code == 1
    assert not fresh.exists()


def test_superseded_by_a_page_that_is_itself_withdrawn_warns(tmp_path: Path) -> None:
    files = {
        "content/v1.md": "---\ntitle: V1\nstatus: superseded\nsuperseded_by: v2.md\n---\n",
        "content/v2.md": "---\ntitle: V2\nstatus: retracted\nstatus_note: Wrong.\n---\n",
    }
    hub = make_site(tmp_path / "hub", {**HOME, **files}, SITE)
    run = run_cli("-C", hub, "build", "--no-search", "-o", tmp_path / "out")
    assert run.code == 0, run.err
    assert (
        "content/v1.md:4:16: warning: superseded_by points to content/v2.md, which is retracted "
        "itself\n  hint: point to the page that is current now"
    ) in run.err


def test_superseded_by_a_superseded_page_is_told_the_current_one(tmp_path: Path) -> None:
    files = {
        # v1 -> v2 -> v3: v1's replacement is v3 now, from v1's own folder
        "content/old/v1.md": "---\ntitle: V1\nstatus: superseded\nsuperseded_by: ../v2.md\n---\n",
        "content/v2.md": "---\ntitle: V2\nstatus: superseded\nsuperseded_by: new/v3.md\n---\n",
        "content/new/v3.md": "---\ntitle: V3\n---\nNow.\n",
        # b and c replace each other: no page is current, and none is named
        "content/b.md": "---\ntitle: B\nstatus: superseded\nsuperseded_by: c.md\n---\n",
        "content/c.md": "---\ntitle: C\nstatus: superseded\nsuperseded_by: b.md\n---\n",
    }
    _, warned, err = check_warnings(tmp_path, files)
    assert (
        "content/old/v1.md:4:16: warning: superseded_by points to content/v2.md, which is "
        "superseded itself\n"
        "  hint: point to the page that is current now: superseded_by: ../new/v3.md\n"
    ) in err
    circle = ", in a circle of pages that supersede each other: none is current"
    assert warned == [
        f"content/b.md:4:16: warning: superseded_by points to content/c.md, which is superseded "
        f"itself{circle}",
        f"content/c.md:4:16: warning: superseded_by points to content/b.md, which is superseded "
        f"itself{circle}",
        "content/old/v1.md:4:16: warning: superseded_by points to content/v2.md, which is "
        "superseded itself",
    ], err
    assert err.count("  hint: point to the page that is current now\n") == 2


def test_superseded_by_a_site_path_is_told_the_file_to_give(tmp_path: Path) -> None:
    old = "---\ntitle: Old\nstatus: superseded\nsuperseded_by: /about/\n---\nText.\n"
    files = {"content/old/page.md": old, "content/about.md": "---\ntitle: About\n---\nText.\n"}
    hub = make_site(tmp_path / "hub", {**HOME, **files}, SITE)
    run = run_cli("-C", hub, "build", "--no-search", "-o", tmp_path / "out")
    assert run.code == 1
    assert run.err.startswith(
        "content/old/page.md:4:16: error: superseded_by takes the file of a page, not its "
        "address: /about/\n"
        "  hint: give the path of the replacing page's file, relative to this file: "
        "superseded_by: ../about.md\n"
    )
    make_site(hub, {"content/old/page.md": old.replace("/about/", "../about.md")})
    run = run_cli("-C", hub, "build", "--no-search", "-o", tmp_path / "out")
    assert run.code == 0, run.err
    assert 'href="/about/">About</a>' in (tmp_path / "out/old/page/index.html").read_text()


def test_superseded_by_may_name_a_place_in_the_replacing_page(tmp_path: Path) -> None:
    files = {
        "content/v1.md": "---\ntitle: V1\nstatus: superseded\nsuperseded_by: v2.md#details\n---\n",
        "content/v2.md": "---\ntitle: V2\n---\n## Details\n\nNow.\n",
    }
    hub = make_site(tmp_path / "hub", {**HOME, **files}, SITE)
    run = run_cli("-C", hub, "build", "--no-search", "-o", tmp_path / "out")
    assert run.code == 0, run.err
    assert "superseded_by" not in run.err
    banner = (tmp_path / "out/v1/index.html").read_text()
    assert 'href="/v2/#details">V2</a>' in banner  # the reader lands on that place
    # a place the page does not have is an error where it is written
    make_site(hub, {"content/v1.md": files["content/v1.md"].replace("#details", "#detail")})
    run = run_cli("-C", hub, "build", "--no-search", "-o", tmp_path / "out")
    assert run.code == 1
    assert (
        "content/v1.md:4:16: error: broken link to v2.md#detail: the page has no anchor #detail\n"
        "  hint: link to a heading of content/v2.md by its anchor (#details), or leave out #detail"
    ) in run.err


def check_warnings(tmp_path: Path, files: dict[str, str]) -> tuple[Path, list[str], str]:
    """`check` of a hub of these files, which passes: the hub, its warnings' lines, its report."""
    hub = make_site(tmp_path / "hub", {**HOME, **files}, SITE)
    run = run_cli("-C", hub, "check")
    assert run.code == 0, run.err
    return hub, [line for line in run.err.splitlines() if ": warning: " in line], run.err


@pytest.mark.parametrize("status", ["current", "archived", "retracted"])
def test_superseded_by_without_the_status_that_shows_it_warns(tmp_path: Path, status: str) -> None:
    fields = "" if status == "current" else f"status: {status}\n"
    changelog = "changelog:\n  - {date: 2026-01-02, kind: correction, note: Wrong.}\n"
    files = {
        "content/v1.md": (f"---\ntitle: V1\n{fields}superseded_by: v2.md\n{changelog}---\nOld.\n"),
        "content/v2.md": "---\ntitle: V2\n---\nNew.\n",
    }
    _, warned, err = check_warnings(tmp_path, files)
    line = 3 if status == "current" else 4
    assert warned == [
        f"content/v1.md:{line}:16: warning: superseded_by is given, but status is {status}, "
        "so no banner names it"
    ], err
    assert "  hint: add status: superseded, or remove superseded_by" in err


@pytest.mark.parametrize("fields", ["", "status: current\n"])
def test_a_status_note_without_the_status_that_shows_it_warns(tmp_path: Path, fields: str) -> None:
    files = {
        "content/v1.md": f"---\ntitle: V1\n{fields}status_note: It was wrong.\n---\nOld.\n",
    }
    hub, warned, err = check_warnings(tmp_path, files)
    line = 4 if fields else 3
    assert warned == [
        f"content/v1.md:{line}:14: warning: status_note is given, but status is current, "
        "so no banner shows it"
    ], err
    assert "  hint: add status: superseded, archived or retracted, or remove status_note" in err
    # the note is shown nowhere: not on the page
    run = run_cli("-C", hub, "build", "--no-search", "-o", tmp_path / "out")
    assert run.code == 0, run.err
    assert "It was wrong." not in (tmp_path / "out/v1/index.html").read_text()


def test_a_status_of_no_such_name_beside_superseded_by_is_told_once(tmp_path: Path) -> None:
    files = {
        "content/v1.md": "---\ntitle: V1\nstatus: Superseded\nsuperseded_by: v2.md\n---\nOld.\n",
        "content/v2.md": "---\ntitle: V2\n---\nNew.\n",
    }
    hub = make_site(tmp_path / "hub", {**HOME, **files}, SITE)
    run = run_cli("-C", hub, "check")
    assert run.code == 1
    # one mistake: the status's name, not a status that no banner shows
    assert run.err == (
        "content/v1.md:3:9: error: 'status' has unknown value 'Superseded'\n"
        "  hint: did you mean 'superseded'?\n"
        "Check failed: 1 error, 0 warnings; nothing was written\n"
    )


@pytest.mark.parametrize(
    "changelog",
    [
        pytest.param("", id="none"),
        pytest.param(
            "changelog:\n  - {date: 2026-01-02, kind: clarification, note: Worded.}\n",
            id="no-correction",
        ),
    ],
)
def test_a_retraction_no_correction_records_warns(tmp_path: Path, changelog: str) -> None:
    page = f"---\ntitle: R\ndate: 2026-01-01\nstatus: retracted\n{changelog}---\nText.\n"
    hub, warned, err = check_warnings(tmp_path, {"content/r.md": page})
    assert warned == [
        "content/r.md:4:9: warning: status is retracted, but no changelog entry of kind "
        "correction says so"
    ], err
    assert (
        "  hint: add a changelog entry: {date: YYYY-MM-DD, kind: correction, note: what was "
        "wrong}, so that the retraction is listed among the corrections"
    ) in err
    recorded = page.replace(
        "status: retracted\n",
        "status: retracted\nchangelog:\n  - {date: 2026-01-02, kind: correction, note: Wrong.}\n",
    ).replace(changelog, "")
    (hub / "content/r.md").write_text(recorded)
    again = run_cli("-C", hub, "check", "--strict")
    assert again.code == 0, again.err


def test_a_retraction_whose_correction_is_misspelled_is_told_once(tmp_path: Path) -> None:
    changelog = "changelog:\n  - {date: 2026-01-02, kind: corection, note: Wrong.}\n"
    page = f"---\ntitle: R\ndate: 2026-01-01\nstatus: retracted\n{changelog}---\nText.\n"
    hub = make_site(tmp_path / "hub", {**HOME, "content/r.md": page}, SITE)
    run = run_cli("-C", hub, "check")
    assert run.code == 1
    # one mistake: the kind's name, not a retraction that no correction records
    assert run.err == (
        "content/r.md:6:30: error: 'changelog[0].kind' has unknown value 'corection'\n"
        "  hint: did you mean 'correction'?\n"
        "Check failed: 1 error, 0 warnings; nothing was written\n"
    )


LIST_HINT = "  hint: expected a list, e.g. [a, b] or lines starting with '- '\n"


@pytest.mark.parametrize(
    ("changelog", "told"),
    [
        (
            "changelog: {date: 2026-01-02, kind: correction, note: Wrong.}\n",
            "content/r.md:5:12: error: 'changelog' must be a list, not a mapping\n" + LIST_HINT,
        ),
        (
            "changelog:\n  date: 2026-01-02\n  kind: correction\n  note: Wrong.\n",
            "content/r.md:6:3: error: 'changelog' must be a list, not a mapping\n" + LIST_HINT,
        ),
        (
            "changelog:\n  - Corrected on 2026-01-02.\n",
            "content/r.md:6:5: error: 'changelog[0]' must be a mapping of key: value lines, "
            "not text\n  hint: expected a mapping of key: value lines\n",
        ),
    ],
)
def test_a_retraction_whose_changelog_is_misshapen_is_told_once(
    tmp_path: Path, changelog: str, told: str
) -> None:
    page = f"---\ntitle: R\ndate: 2026-01-01\nstatus: retracted\n{changelog}---\nText.\n"
    hub = make_site(tmp_path / "hub", {**HOME, "content/r.md": page}, SITE)
    run = run_cli("-C", hub, "check")
    assert run.code == 1
    # one mistake: the changelog's shape, not a retraction that no correction records
    assert run.err == told + "Check failed: 1 error, 0 warnings; nothing was written\n"


def test_an_faq_answer_dated_in_the_future_warns(tmp_path: Path) -> None:
    body = (
        "## Data\n\n### Where is it stored?\n\nUpdated: 2026-03-01\n\nIn Virginia.\n\n"
        "### Who sees it?\n\nUpdated: 2062-03-01\n\nNobody.\n"
    )
    _, warned, err = check_warnings(tmp_path, {"content/faq.md": FAQ_HEAD + body})
    assert warned == [
        "content/faq.md:18:10: warning: 'Updated: 2062-03-01' under a question is still to come"
    ], err
    assert "  hint: check the year; an answer's date is the day it last changed" in err


def test_a_sub_section_of_statements_lists_them_and_is_not_one(tmp_path: Path) -> None:
    files = {
        "content/statements/_index.md": (
            "---\ntitle: Statements\ncascade: {type: statement}\n---\nAll.\n"
        ),
        "content/statements/2025/_index.md": '---\ntitle: "2025"\n---\nThe year\'s statements.\n',
        "content/statements/2025/march.md": "---\ntitle: March\ndate: 2025-03-01\n---\nSaid.\n",
    }
    hub = make_site(tmp_path / "hub", {**HOME, **files}, SITE)
    out = tmp_path / "out"
    run = run_cli("-C", hub, "build", "--no-search", "--strict", "-o", out)
    assert run.code == 0, run.err
    year = (out / "statements/2025/index.html").read_text()
    assert "NewsArticle" not in year
    assert "/statements/2025/march/" in year
    # the pages below still take the cascade: a statement needs its date
    assert "NewsArticle" in (out / "statements/2025/march/index.html").read_text()
    (hub / "content/statements/2025/april.md").write_text("---\ntitle: April\n---\nSaid.\n")
    failed = run_cli("-C", hub, "check")
    assert failed.code == 1
    assert "content/statements/2025/april.md" in failed.err
    assert "missing required field 'date'" in failed.err


def test_a_milestone_done_in_the_future_warns(tmp_path: Path) -> None:
    page = (
        "---\ntitle: Roadmap\ntype: roadmap\nmilestones:\n"
        "  - {title: Audit, status: done, date: 2026-01-10}\n"
        "  - {title: Keys, status: done, date: 2031-01-10}\n"
        "  - {title: Rotation, status: planned, date: 2031-06-01}\n---\n"
    )
    _, warned, err = check_warnings(tmp_path, {"content/roadmap.md": page})
    assert warned == [
        "content/roadmap.md:6:39: warning: milestones[1] is done, but its date, 2031-01-10, is "
        "still to come"
    ], err
    assert "  hint: check the year, or give it status: in-progress or planned" in err


def test_a_milestone_still_planned_for_a_day_gone_by_is_a_notice(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1772323200")  # 2026-03-01
    page = (
        "---\ntitle: Roadmap\ntype: roadmap\nmilestones:\n"
        "  - {title: Audit, status: planned, date: 2026-02-27}\n"
        "  - {title: Keys, status: in-progress, date: 2026-02-01}\n"
        "  - {title: Rotation, status: planned, date: 2026-03-01}\n"
        "  - {title: Someday, status: planned}\n---\n"
    )
    hub = make_site(tmp_path / "hub", {**HOME, "content/roadmap.md": page}, SITE)
    out = tmp_path / "out"
    run = run_cli("-C", hub, "build", "--no-search", "-o", out)
    assert run.code == 0, run.err
    notices = [line for line in run.err.splitlines() if ": notice: " in line]
    assert notices == [
        "content/roadmap.md:5:43: notice: stale: milestones[0] is still planned for 2026-02-27, "
        "which has passed"
    ], run.err
    assert (
        "  hint: give it the status it has now (in-progress or done), or the date now planned"
        in run.err
    )
    # the next day, Rotation's day has passed too: the build does not give the last report
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1772409600")  # 2026-03-02
    again = run_cli("-C", hub, "build", "--no-search", "-o", out)
    assert "milestones[2] is still planned for 2026-03-01, which has passed" in again.err


def test_changelog_entries_of_one_day_written_with_a_zone_are_in_order(tmp_path: Path) -> None:
    # each entry is the day written: midnight in New York is that day, not 05:00 in London
    page = (
        "---\ntitle: X\ndate: 2026-05-01\nchangelog:\n"
        "  - {date: 2026-05-02, kind: correction, note: Second.}\n"
        "  - {date: 2026-05-02 00:00:00 -05:00, kind: correction, note: First.}\n"
        "  - {date: 2026-05-01T00:00:00+02:00, kind: update, note: Published.}\n"
        "---\nText.\n"
    )
    hub, warned, err = check_warnings(tmp_path, {"content/x.md": page})
    assert warned == [], err
    run = run_cli("-C", hub, "build", "--no-search", "-o", tmp_path / "out")
    assert run.code == 0, run.err
    ids = re.findall(r'id="(change-[^"]*)"', (tmp_path / "out/x/index.html").read_text())
    assert ids == ["change-2026-05-02-2", "change-2026-05-02", "change-2026-05-01"]


def test_a_changelog_written_oldest_first_or_before_the_date_is_warned_of(
    tmp_path: Path,
) -> None:
    page = (
        "---\ntitle: X\ndate: 2026-01-05\nupdated: 2026-01-09\nchangelog:\n"
        "  - {date: 2026-01-08, kind: update, note: First.}\n"
        "  - {date: 2026-01-09, kind: correction, note: Added at the bottom.}\n"
        "  - {date: 2025-01-04, kind: update, note: A year too early.}\n"
        "---\nText.\n"
    )
    hub, warned, err = check_warnings(tmp_path, {"content/x.md": page})
    assert warned == [
        "content/x.md:7:12: warning: changelog entry of 2026-01-09 is below an older one, "
        "of 2026-01-08",
        "content/x.md:8:12: warning: changelog entry of 2025-01-04 is earlier than date "
        "(2026-01-05)",
    ], err
    assert "  hint: write the changelog newest first: each new entry on top of the list" in err
    assert "  hint: a changelog records changes after the page was published: check the year" in err
    # newest first, and after the date: nothing to tell
    fixed = page.replace("2025-01-04", "2026-01-07").splitlines()
    fixed[5], fixed[6] = fixed[6], fixed[5]
    make_site(hub, {"content/x.md": "\n".join(fixed) + "\n"}, site_yml=None)
    again = run_cli("-C", hub, "check")
    assert ": warning: " not in again.err, again.err
