"""What machines read on every page: social tags, canonical URLs and schema.org JSON-LD; the
dates a page shows; and which pages a build leaves out (drafts, embargoes, expired pages)."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest

# --------------------------------------------------------------------------- HTML helpers
from htmldoc import Node, jsonld, of_type, page
from hubtest import make_site, run_cli, tree
from recordhub.config import DEFAULT_VERDICTS

# --------------------------------------------------------------------------- the hub

BASE_URL = "https://hub.example/"
SITE = """\
title: Meta Hub
description: Facts about Example Co, with sources.
base_url: https://hub.example/
organization: {name: Example Co, logo: /logo.png, url: "https://www.example.com/"}
contact: {press: press@hub.example, security: security@hub.example}
"""
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
HUB: dict[str, str | bytes] = {
    "static/logo.png": PNG,
    "content/_index.md": "---\ntitle: Home\ndate: 2026-01-01\n---\nWelcome.\n",
    "content/about.md": (
        "---\ntitle: About Example Co\nsummary: Who we are.\ndate: 2026-01-10\n"
        "updated: 2026-02-20\nreviewed: 2026-03-01\ntags: [company]\n"
        "changelog:\n  - {date: 2026-02-20, kind: correction, note: Fixed the staff count.}\n"
        "---\nWho we are.\n"
    ),
    "content/shared.md": (
        "---\ntitle: A page with its own share image\ndate: 2026-01-11\nimage: shared.png\n"
        "tags: [company]\n---\nPicture.\n"
    ),
    "content/shared.png": PNG,
    "content/press/kit.md": "---\ntitle: Press kit\ndate: 2026-01-12\nimage: kit.png\n---\nKit.\n",
    "content/press/kit.png": PNG,
    "content/claims/_index.md": (
        "---\ntitle: Claims\ndate: 2026-01-02\ncascade: {type: claim}\n---\nChecked claims.\n"
    ),
    "content/claims/minds.md": (
        "---\ntitle: The app reads minds\nclaim: The app can read your mind.\n"
        'verdict: "false"\nfact: It cannot.\nclaimed_by: {who: A viral post, where: Network X, '
        "date: 2026-01-05}\ndate: 2026-01-12\nclaim_review: true\n---\nExplained.\n"
    ),
    "content/faq/_index.md": "---\ntitle: Questions\ndate: 2026-01-03\n---\nAnswers.\n",
    "content/faq/common.md": (
        "---\ntitle: Common questions\ntype: faq\ndate: 2026-01-13\n---\n"
        "## Data\n\n### Where is data stored?\n\nIn Virginia.\n\n"
        "### Is data sold?\n\nNo.\n\n## Security\n\n### How to report a bug?\n\nBy email.\n"
    ),
    "content/statements/_index.md": (
        "---\ntitle: Statements\ndate: 2026-01-04\ncascade: {type: statement}\n---\nSaid.\n"
    ),
    "content/statements/spoken.md": (
        "---\ntitle: Statement by the CEO\ndate: 2026-02-01\nspeaker: Jane Roe\n"
        "role: Chief Executive Officer\n---\nWe said it.\n"
    ),
    "content/statements/unsigned.md": (
        "---\ntitle: Company statement\ndate: 2026-02-02\n---\nThe company said it.\n"
    ),
    "content/security/roadmap.md": (
        "---\ntitle: Roadmap\ntype: roadmap\ndate: 2026-01-14\n"
        "milestones:\n  - {title: Passkeys, status: planned}\n---\nPlans.\n"
    ),
}
CONTENT_PAGES = {
    # output file: (kind of page, JSON-LD article type, title)
    "index.html": ("home", None, "Home"),
    "about/index.html": ("page", "Article", "About Example Co"),
    "shared/index.html": ("page", "Article", "A page with its own share image"),
    "claims/index.html": ("section", "Article", "Claims"),
    "claims/minds/index.html": ("page", "Article", "The app reads minds"),
    "faq/index.html": ("section", "Article", "Questions"),
    "faq/common/index.html": ("page", "Article", "Common questions"),
    "statements/index.html": ("section", "Article", "Statements"),
    "statements/spoken/index.html": ("page", "NewsArticle", "Statement by the CEO"),
    "statements/unsigned/index.html": ("page", "NewsArticle", "Company statement"),
    "security/roadmap/index.html": ("page", "Article", "Roadmap"),
}


def build(hub: Path, out: Path, *flags: str) -> str:
    run = run_cli("-C", hub, "build", "-o", out, *flags)
    assert run.code == 0, run.err
    assert "Traceback" not in run.err + run.out
    return run.err


@pytest.fixture(scope="module")
def site_out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("meta")
    hub = make_site(root / "hub", HUB, site_yml=SITE)
    out = root / "out"
    err = build(hub, out)
    assert "warning:" not in err, err
    return out


def html_pages(out: Path) -> list[str]:
    return sorted(rel for rel in tree(out) if rel.endswith(".html") and rel != "404.html")


def permalink(rel: str) -> str:
    return BASE_URL + rel.removesuffix("index.html")


def meta(doc: Node, key: str) -> list[str]:
    return [
        m.attrs.get("content", "")
        for m in doc.find_all("meta")
        if m.attrs.get("property") == key or m.attrs.get("name") == key
    ]


# --------------------------------------------------------------------------- social tags, canonical


def test_every_content_page_is_built(site_out: Path) -> None:
    assert set(CONTENT_PAGES) <= set(html_pages(site_out))
    # generated pages are checked below too
    assert {"corrections/index.html", "tags/index.html", "tags/company/index.html"} <= set(
        html_pages(site_out)
    )


def test_social_tags_and_canonical_on_every_page(site_out: Path) -> None:
    for rel in html_pages(site_out):
        doc = page(site_out, rel)
        url = permalink(rel)
        canonical = [
            link.attrs["href"]
            for link in doc.find_all("link")
            if link.attrs.get("rel") == "canonical"
        ]
        assert canonical == [url], rel
        assert meta(doc, "og:url") == [url], rel
        [title] = meta(doc, "og:title")
        assert title.strip(), rel
        [description] = meta(doc, "og:description")
        assert description.strip(), rel
        assert meta(doc, "twitter:card") in (["summary"], ["summary_large_image"]), rel
        if CONTENT_PAGES.get(rel, ("home",))[0] != "home":
            assert title == doc.one("h1").text, rel


def test_page_summary_is_the_description(site_out: Path) -> None:
    doc = page(site_out, "about/index.html")
    assert meta(doc, "og:description") == ["Who we are."]
    assert meta(doc, "description") == ["Who we are."]
    other = page(site_out, "faq/common/index.html")
    assert meta(other, "og:description") == ["Facts about Example Co, with sources."]


def test_share_image_is_absolute_and_makes_a_large_card(site_out: Path) -> None:
    doc = page(site_out, "shared/index.html")
    assert meta(doc, "og:image") == [BASE_URL + "shared.png"]
    assert meta(doc, "twitter:card") == ["summary_large_image"]
    [article] = of_type(doc, "Article")
    assert article["image"] in ([BASE_URL + "shared.png"], BASE_URL + "shared.png")


def test_a_share_image_beside_a_page_in_a_folder_is_found_there(site_out: Path) -> None:
    doc = page(site_out, "press/kit/index.html")
    assert meta(doc, "og:image") == [BASE_URL + "press/kit.png"]
    assert meta(doc, "twitter:image") == [BASE_URL + "press/kit.png"]
    [article] = of_type(doc, "Article")
    assert article["image"] in ([BASE_URL + "press/kit.png"], BASE_URL + "press/kit.png")
    assert (site_out / "press" / "kit.png").is_file()


# --------------------------------------------------------------------------- JSON-LD


def test_jsonld_is_valid_schema_org_on_every_page(site_out: Path) -> None:
    for rel in html_pages(site_out):
        objects = jsonld(page(site_out, rel))
        assert objects, rel
        for obj in objects:
            assert obj["@context"] in ("https://schema.org", "https://schema.org/"), rel
            assert obj["@type"], rel


def test_home_has_organization_and_website(site_out: Path) -> None:
    doc = page(site_out, "index.html")
    [org] = of_type(doc, "Organization")
    assert org["name"] == "Example Co"
    assert org["url"] == "https://www.example.com/"
    logo = org["logo"] if isinstance(org["logo"], str) else org["logo"]["url"]
    assert logo == BASE_URL + "logo.png"
    [website] = of_type(doc, "WebSite")
    assert website["name"] == "Meta Hub"
    assert website["url"] == BASE_URL
    assert not of_type(doc, "BreadcrumbList")
    assert not of_type(doc, "Article") and not of_type(doc, "NewsArticle")


def test_other_pages_have_no_organization_or_website_block(site_out: Path) -> None:
    for rel in html_pages(site_out):
        if rel != "index.html":
            types = [o["@type"] for o in jsonld(page(site_out, rel))]
            assert "WebSite" not in types and "Organization" not in types, rel


def test_breadcrumbs_on_every_other_page(site_out: Path) -> None:
    for rel in html_pages(site_out):
        if rel == "index.html":
            continue
        doc = page(site_out, rel)
        [crumbs] = of_type(doc, "BreadcrumbList")
        items = crumbs["itemListElement"]
        assert len(items) >= 2, rel
        assert [i["position"] for i in items] == list(range(1, len(items) + 1)), rel
        for item in items:
            assert item["@type"] == "ListItem"
            assert isinstance(item["name"], str) and item["name"].strip(), rel
            target = item["item"] if isinstance(item["item"], str) else item["item"]["@id"]
            assert target.startswith(BASE_URL), rel
        first = items[0]["item"]
        assert (first if isinstance(first, str) else first["@id"]) == BASE_URL
        last = items[-1]["item"]
        assert (last if isinstance(last, str) else last["@id"]) == permalink(rel), rel
        if rel in CONTENT_PAGES:
            assert items[-1]["name"] == CONTENT_PAGES[rel][2]


def test_breadcrumbs_follow_the_folders(site_out: Path) -> None:
    [crumbs] = of_type(page(site_out, "claims/minds/index.html"), "BreadcrumbList")
    assert [(i["name"], i["item"]) for i in crumbs["itemListElement"]] == [
        ("Home", BASE_URL),
        ("Claims", BASE_URL + "claims/"),
        ("The app reads minds", BASE_URL + "claims/minds/"),
    ]


def names(value: Any) -> list[str]:
    people = value if isinstance(value, list) else [value]
    return [p["name"] for p in people]


@pytest.mark.parametrize("rel", [r for r, v in CONTENT_PAGES.items() if v[1]])
def test_article_has_the_properties_google_asks_for(site_out: Path, rel: str) -> None:
    _kind, expected, title = CONTENT_PAGES[rel]
    doc = page(site_out, rel)
    articles = [o for o in jsonld(doc) if o["@type"] in ("Article", "NewsArticle")]
    assert [a["@type"] for a in articles] == [expected]
    [article] = articles
    assert article["headline"] == title
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}(T.*)?", article["datePublished"])
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}(T.*)?", article["dateModified"])
    assert article["dateModified"] >= article["datePublished"]
    assert all(n.strip() for n in names(article["author"]))
    assert names(article["publisher"]) == ["Example Co"]
    images = article["image"] if isinstance(article["image"], list) else [article["image"]]
    assert images and all(i.startswith(BASE_URL) for i in images)
    main_entity = article["mainEntityOfPage"]
    if isinstance(main_entity, dict):
        main_entity = main_entity["@id"]
    assert article["url"] == main_entity == permalink(rel)


def test_statement_author_is_the_speaker(site_out: Path) -> None:
    [news] = of_type(page(site_out, "statements/spoken/index.html"), "NewsArticle")
    authors = news["author"] if isinstance(news["author"], list) else [news["author"]]
    person = next(a for a in authors if a["@type"] == "Person")
    assert person["name"] == "Jane Roe"
    assert person.get("jobTitle") == "Chief Executive Officer"
    [unsigned] = of_type(page(site_out, "statements/unsigned/index.html"), "NewsArticle")
    assert names(unsigned["author"]) == ["Example Co"]
    # and on the page, the speaker and the role apart
    assert (
        "Jane Roe, Chief Executive Officer" in page(site_out, "statements/spoken/index.html").text
    )


@pytest.mark.parametrize("rel", ["tags/index.html", "corrections/index.html", "search/index.html"])
def test_a_page_the_build_makes_is_no_article(site_out: Path, rel: str) -> None:
    doc = page(site_out, rel)
    assert meta(doc, "og:type") == ["website"]
    assert meta(doc, "article:published_time") == []


def test_faq_page_jsonld(site_out: Path) -> None:
    [faq] = of_type(page(site_out, "faq/common/index.html"), "FAQPage")
    questions = faq["mainEntity"]
    assert [q["name"] for q in questions] == [
        "Where is data stored?",
        "Is data sold?",
        "How to report a bug?",
    ]
    assert [q["@type"] for q in questions] == ["Question"] * 3
    assert [q["acceptedAnswer"]["@type"] for q in questions] == ["Answer"] * 3
    assert [q["acceptedAnswer"]["text"] for q in questions] == ["In Virginia.", "No.", "By email."]
    for rel in html_pages(site_out):
        if rel != "faq/common/index.html":
            assert not of_type(page(site_out, rel), "FAQPage"), rel


def test_claim_review_jsonld(site_out: Path) -> None:
    doc = page(site_out, "claims/minds/index.html")
    [review] = of_type(doc, "ClaimReview")
    assert review["claimReviewed"] == "The app can read your mind."
    assert review["url"] == permalink("claims/minds/index.html")
    assert names(review["author"]) == ["Example Co"]
    rating = review["reviewRating"]
    assert rating["@type"] == "Rating"
    assert rating["alternateName"] == "False"
    assert "False" in doc.one("main").text  # the label the page shows
    # a false claim has the worst rating of the scale, the first verdict of site.yml
    assert (rating["ratingValue"], rating["worstRating"]) == (1, 1)
    assert rating["bestRating"] == len(DEFAULT_VERDICTS)
    claim = review["itemReviewed"]
    assert claim["@type"] == "Claim"
    assert names(claim["author"]) == ["A viral post"]
    assert claim["datePublished"] == "2026-01-05"
    assert claim["appearance"]
    assert review["datePublished"] == "2026-01-12"


# --------------------------------------------------------------------------- dates

EPOCH_2026_03_01 = "1772323200"  # 2026-03-01T00:00:00Z
DATED = (
    "---\ntitle: Dated page\ndate: 2026-01-10\nupdated: 2026-02-20\nreviewed: 2026-03-01\n"
    "changelog:\n  - {date: 2026-02-20, kind: update, note: Added figures.}\n---\nText.\n"
)


def shown_dates(doc: Node) -> dict[str, str]:
    """Each dated label the page shows (Published, Updated, ...) with its machine date."""
    found: dict[str, str] = {}
    for term in doc.one("main").find_all("dt"):
        parent = term.parent
        assert parent is not None
        siblings = [c for c in parent.children if isinstance(c, Node)]
        following = siblings[siblings.index(term) + 1 :]
        if following and following[0].tag == "dd":
            times = following[0].find_all("time")
            if times:
                found[term.text] = times[0].attrs["datetime"]
    return found


def dated_hub(tmp_path: Path, files: dict[str, str]) -> Path:
    return make_site(
        tmp_path / "hub",
        {"static/logo.png": PNG, "content/_index.md": "---\ntitle: Home\n---\n", **files},
        SITE,
    )


def test_dates_shown_are_the_dates_in_jsonld(tmp_path: Path) -> None:
    hub = dated_hub(tmp_path, {"content/dated.md": DATED})
    build(hub, tmp_path / "out")
    doc = page(tmp_path / "out", "dated/index.html")
    shown = shown_dates(doc)
    assert shown == {
        "Published": "2026-01-10",
        "Updated": "2026-02-20",
        "Last reviewed": "2026-03-01",
    }
    [article] = of_type(doc, "Article")
    assert article["datePublished"][:10] == shown["Published"]
    assert article["dateModified"][:10] == shown["Updated"]
    # lastReviewed belongs to the page (WebPage), not to the Article
    assert "lastReviewed" not in article
    assert article["mainEntityOfPage"]["lastReviewed"] == shown["Last reviewed"]
    assert article["mainEntityOfPage"]["@type"] == "WebPage"
    assert meta(doc, "article:published_time")[0][:10] == "2026-01-10"
    assert meta(doc, "article:modified_time")[0][:10] == "2026-02-20"
    sitemap = ET.fromstring((tmp_path / "out" / "sitemap.xml").read_bytes())
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    lastmod = {
        u.findtext("s:loc", namespaces=ns): u.findtext("s:lastmod", namespaces=ns)
        for u in sitemap.findall("s:url", ns)
    }
    assert lastmod[BASE_URL + "dated/"] == "2026-02-20"


def test_never_updated_page_is_modified_when_published(tmp_path: Path) -> None:
    hub = dated_hub(tmp_path, {"content/dated.md": "---\ntitle: D\ndate: 2026-01-10\n---\nT.\n"})
    build(hub, tmp_path / "out")
    doc = page(tmp_path / "out", "dated/index.html")
    assert shown_dates(doc) == {"Published": "2026-01-10"}
    [article] = of_type(doc, "Article")
    assert article["datePublished"][:10] == article["dateModified"][:10] == "2026-01-10"


def test_statement_date_shown_is_the_jsonld_date(site_out: Path) -> None:
    doc = page(site_out, "statements/spoken/index.html")
    [news] = of_type(doc, "NewsArticle")
    times = {t.attrs["datetime"] for t in doc.one("main").find_all("time")}
    assert times == {"2026-02-01"}
    assert news["datePublished"][:10] == news["dateModified"][:10] == "2026-02-01"


SILENT_EDIT = "---\ntitle: P\ndate: 2026-01-10\nupdated: 2026-02-20\n{changelog}---\nText.\n"
SILENT_WARNING = (
    "content/p.md:4:10: warning: updated (2026-02-20) is later than date (2026-01-10) but the "
    "{said}\n"
    "  hint: add a changelog entry: {{date: 2026-02-20, kind: correction/clarification/update, "
    "note: what changed}}"
)


@pytest.mark.parametrize(
    ("changelog", "said"),
    [
        pytest.param("", "changelog says nothing about the change", id="no-changelog"),
        pytest.param(
            "changelog:\n  - {date: 2025-12-01, kind: update, note: Before publication.}\n",
            "changelog's last entry is of 2025-12-01",
            id="only-older-entries",
        ),
        # an entry for an earlier change does not record the one of the updated: day
        pytest.param(
            "changelog:\n  - {date: 2026-02-01, kind: clarification, note: Named the team.}\n",
            "changelog's last entry is of 2026-02-01",
            id="an-earlier-change-only",
        ),
    ],
)
def test_silent_edit_warns_and_fails_under_strict(
    tmp_path: Path, changelog: str, said: str
) -> None:
    hub = dated_hub(tmp_path, {"content/p.md": SILENT_EDIT.format(changelog=changelog)})
    out = tmp_path / "out"
    run = run_cli("-C", hub, "build", "-o", out)
    assert run.code == 0, run.err
    expected = SILENT_WARNING.format(said=said)
    assert f"\n{expected}\n" in f"\n{run.err}", run.err
    assert (out / "p" / "index.html").is_file()
    strict_out = tmp_path / "strict"
    strict = run_cli("-C", hub, "build", "-o", strict_out, "--strict")
    assert strict.code == 1, strict.err
    # what fails a strict build is told as an error
    failed = expected.replace(": warning: ", ": error: ", 1)
    assert f"\n{failed}\n" in f"\n{strict.err}", strict.err
    assert "nothing was written" in strict.err
    assert not strict_out.exists()
    assert run_cli("-C", hub, "check", "--strict").code == 1


def test_edit_with_a_changelog_entry_does_not_warn(tmp_path: Path) -> None:
    entry = "changelog:\n  - {date: 2026-02-20, kind: update, note: New figures.}\n"
    hub = dated_hub(tmp_path, {"content/p.md": SILENT_EDIT.format(changelog=entry)})
    run = run_cli("-C", hub, "build", "-o", tmp_path / "out", "--strict")
    assert run.code == 0, run.err
    assert "warning:" not in run.err


def test_check_lists_pages_past_review_due_as_stale(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH_2026_03_01)
    hub = dated_hub(
        tmp_path,
        {
            "content/stale.md": "---\ntitle: Stale\nreview_due: 2026-02-28\n---\nOld.\n",
            "content/due-today.md": "---\ntitle: Due today\nreview_due: 2026-03-01\n---\nT.\n",
            "content/fresh.md": "---\ntitle: Fresh\nreview_due: 2026-09-01\n---\nNew.\n",
        },
    )
    run = run_cli("-C", hub, "check")
    assert run.code == 0, run.err
    notices = [line for line in run.err.splitlines() if ": notice: stale" in line]
    assert notices == ["content/stale.md:3:13: notice: stale: review was due on 2026-02-28"]
    assert (
        "\ncontent/stale.md:3:13: notice: stale: review was due on 2026-02-28\n"
        "  hint: check the page is still true, then set reviewed: and a new review_due:\n"
    ) in f"\n{run.err}"
    assert re.search(r"\b[1-9]\d* notices?\b", run.out), run.out
    # notices never fail a build, not even a strict one
    assert run_cli("-C", hub, "check", "--strict").code == 0
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")  # 2026-01-01: nothing is stale yet
    assert ": notice: stale" not in run_cli("-C", hub, "check").err


# --------------------------------------------------------------------------- drafts and embargoes

HIDDEN_TOKENS = {
    "draft": "qx1",
    "embargoed": "qx2",
    "expired": "qx3",
    "draft-faq": "qx4",
    "draft-claim": "qx5",
    "embargoed-naive-time": "qx6",
}
EMBARGO_HUB: dict[str, str | bytes] = {
    "static/logo.png": PNG,
    "content/_index.md": "---\ntitle: Home\n---\nWelcome.\n",
    "content/statements/_index.md": "---\ntitle: Statements\ncascade: {type: statement}\n---\n",
    "content/statements/public.md": (
        "---\ntitle: Public statement\ndate: 2026-02-01\ntags: [shared]\n"
        "publish_at: 2026-02-01T09:00:00Z\n---\nOut in the open.\n"
    ),
    "content/statements/zebra-qx1.md": (
        "---\ntitle: Zebra draft statement QX1\nsummary: Summary QX1.\ndate: 2026-02-10\n"
        "draft: true\ntags: [shared, only-qx1]\n"
        "changelog:\n  - {date: 2026-02-11, kind: correction, note: Correction QX1.}\n"
        "---\nBody QX1.\n"
    ),
    "content/statements/okapi-qx2.md": (
        "---\ntitle: Okapi embargoed statement QX2\nsummary: Summary QX2.\ndate: 2026-03-05\n"
        "publish_at: 2026-03-05T09:00:00Z\ntags: [shared, only-qx2]\n"
        "changelog:\n  - {date: 2026-03-05, kind: clarification, note: Clarification QX2.}\n"
        "---\nBody QX2.\n"
    ),
    "content/narwhal-qx3.md": (
        "---\ntitle: Narwhal expired page QX3\nsummary: Summary QX3.\ndate: 2025-01-01\n"
        "expires: 2026-02-01T00:00:00Z\ntags: [shared, only-qx3]\n"
        "changelog:\n  - {date: 2025-06-01, kind: correction, note: Correction QX3.}\n"
        "---\nBody QX3.\n"
    ),
    "content/faq/quokka-qx4.md": (
        "---\ntitle: Quokka draft faq QX4\ntype: faq\ndraft: true\ntags: [shared]\n---\n"
        "## Category QX4\n\n### Question QX4?\n\nAnswer QX4.\n"
    ),
    "content/claims/axolotl-qx5.md": (
        "---\ntitle: Axolotl draft claim QX5\ntype: claim\nclaim: Claim QX5.\n"
        'verdict: "false"\nfact: Fact QX5.\ndraft: true\nclaim_review: true\n---\nBody QX5.\n'
    ),
    "content/claims/visible.md": (
        "---\ntitle: Visible claim\ntype: claim\nclaim: A claim.\nverdict: misleading\n"
        "fact: A fact.\n---\nBody.\n"
    ),
    "content/tapir-qx6.md": (
        "---\ntitle: Tapir naive-time page QX6\npublish_at: 2026-03-01T09:00:00\n---\nQX6.\n"
    ),
}


def hidden_in(out: Path, token: str) -> list[str]:
    """Output files that mention token in any case (titles, URLs, JSON, feeds)."""
    needle = token.lower().encode()
    return [rel for rel, data in tree(out).items() if needle in data.lower()]


@pytest.fixture
def embargo_hub(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH_2026_03_01)
    return make_site(tmp_path / "hub", EMBARGO_HUB, SITE)


def test_unpublished_pages_are_in_no_output_file(embargo_hub: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    build(embargo_hub, out)
    for what, token in HIDDEN_TOKENS.items():
        assert hidden_in(out, token) == [], what
    files = set(tree(out))
    assert "statements/public/index.html" in files
    assert "claims/visible/index.html" in files
    assert not any(rel.startswith(("tags/only-", "faq/")) for rel in files), sorted(files)
    # the published pages around them are complete
    assert "Public statement" in (out / "statements" / "feed.xml").read_text()
    assert "Public statement" in (out / "tags" / "shared" / "index.html").read_text()


@pytest.mark.parametrize(
    ("flags", "shown"),
    [
        (("--drafts",), {"draft", "draft-faq", "draft-claim"}),
        (("--future",), {"embargoed", "embargoed-naive-time"}),
        (
            ("--drafts", "--future"),
            {"draft", "draft-faq", "draft-claim", "embargoed", "embargoed-naive-time"},
        ),
    ],
)
def test_drafts_and_future_flags_include_them(
    embargo_hub: Path, tmp_path: Path, flags: tuple[str, ...], shown: set[str]
) -> None:
    out = tmp_path / "out"
    build(embargo_hub, out, *flags)
    for what, token in HIDDEN_TOKENS.items():
        assert bool(hidden_in(out, token)) is (what in shown), what
    files = set(tree(out))
    if "draft" in shown:
        assert "statements/zebra-qx1/index.html" in files
        assert "Zebra draft statement QX1" in (out / "statements" / "feed.xml").read_text()
        assert "Correction QX1." in (out / "corrections" / "index.html").read_text()
        assert "tags/only-qx1/index.html" in files
    if "embargoed" in shown:
        assert "statements/okapi-qx2/index.html" in files
        assert "Okapi embargoed statement QX2" in (out / "statements" / "feed.xml").read_text()
    # an expired page stays out whatever the flags
    assert "narwhal-qx3/index.html" not in files


def test_time_without_zone_is_utc(
    embargo_hub: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(EPOCH_2026_03_01) + 9 * 3600 - 1))
    build(embargo_hub, tmp_path / "before")
    assert hidden_in(tmp_path / "before", "qx6") == []
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(EPOCH_2026_03_01) + 9 * 3600))
    build(embargo_hub, tmp_path / "after")
    assert (tmp_path / "after" / "tapir-qx6" / "index.html").is_file()


def test_expired_page_is_dropped_only_after_it_expires(
    embargo_hub: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")  # 2026-01-01, before it expires
    build(embargo_hub, tmp_path / "out")
    assert (tmp_path / "out" / "narwhal-qx3" / "index.html").is_file()
    assert "Correction QX3." in (tmp_path / "out" / "corrections" / "index.html").read_text()


@pytest.mark.parametrize(
    ("target", "state_flag"),
    [("okapi-qx2.md", "--future"), ("zebra-qx1.md", "--drafts")],
)
def test_link_to_an_unpublished_page_names_both_files(
    embargo_hub: Path, tmp_path: Path, target: str, state_flag: str
) -> None:
    make_site(
        embargo_hub,
        {
            "content/statements/public.md": (
                "---\ntitle: Public statement\ndate: 2026-02-01\n---\n"
                f"Out in the open, unlike [that one]({target}).\n"
            )
        },
        site_yml=None,
    )
    out = tmp_path / "out"
    run = run_cli("-C", embargo_hub, "build", "-o", out)
    assert run.code == 1
    expected = (
        f"content/statements/public.md:5:36: error: links to content/statements/{target}, "
        "which is a draft, embargoed or expired\n"
        "  hint: publish that page first, or remove the link"
    )
    assert f"\n{expected}\n" in f"\n{run.err}", run.err
    assert not out.exists()
    assert run_cli("-C", embargo_hub, "build", "-o", out, state_flag).code == 0


def test_a_contact_may_be_a_web_page_or_a_mailto_address(tmp_path: Path) -> None:
    site = SITE.replace(
        "contact: {press: press@hub.example, security: security@hub.example}",
        "contact: {press: 'mailto:press@hub.example', security: 'https://corp.example/report'}",
    )
    files = {"static/logo.png": PNG, "content/_index.md": "---\ntitle: Home\n---\nHi.\n"}
    hub = make_site(tmp_path / "hub", files, site)
    out = tmp_path / "out"
    run = run_cli("-C", hub, "build", "--no-search", "-o", out)
    assert run.code == 0, run.err
    home = (out / "index.html").read_text("utf-8")
    assert '<a href="mailto:press@hub.example">press@hub.example</a>' in home
    assert '<a href="https://corp.example/report">https://corp.example/report</a>' in home
    [org] = of_type(page(out, "index.html"), "Organization")
    assert {p["contactType"]: p.get("email") or p.get("url") for p in org["contactPoint"]} == {
        "press": "press@hub.example",
        "security": "https://corp.example/report",
    }
    security_txt = (out / ".well-known/security.txt").read_text()
    assert "Contact: https://corp.example/report\n" in security_txt
    bad = make_site(tmp_path / "bad", {}, site.replace("'mailto:press@hub.example'", "press"))
    run = run_cli("-C", bad, "check")
    assert run.code == 2
    assert "error: 'press' is neither an email address nor a web address" in run.err


def test_a_contact_page_of_the_hub_that_it_does_not_publish_is_told_at_site_yml(
    tmp_path: Path,
) -> None:
    site = SITE.replace(
        "contact: {press: press@hub.example, security: security@hub.example}",
        "contact: {press: press@hub.example, security: 'https://hub.example/report'}",
    )
    files = {"static/logo.png": PNG, "content/_index.md": "---\ntitle: Home\n---\nHi.\n"}
    hub = make_site(tmp_path / "hub", files, site)
    run = run_cli("-C", hub, "check")
    assert run.code == 1
    errors = [line for line in run.err.splitlines() if ": error: " in line]
    # once, where it is written, not once per page in the theme's footer
    assert errors == [
        f"site.yml:{_line_of(site, 'https://hub.example/report')}: error: broken link to "
        "https://hub.example/report, given as contact.security in site.yml: no page or file "
        "has that address"
    ], run.err
    assert (
        "  hint: give the address of a page the hub publishes, or of one on another host"
    ) in run.err
    # published as a page of the hub, it is found
    (hub / "content/report.md").write_text("---\ntitle: Report a problem\n---\nWrite to us.\n")
    assert run_cli("-C", hub, "check").code == 0


def _line_of(text: str, value: str) -> str:
    """line:column of value in text, counted from 1."""
    for number, line in enumerate(text.splitlines(), 1):
        if value in line:
            return f"{number}:{line.index(value)}"
    raise AssertionError(value)


def test_a_correction_in_the_changelog_is_the_pages_last_change_everywhere(
    tmp_path: Path,
) -> None:
    corrected = (
        "---\ntitle: Where data is stored\ndate: 2026-01-01\n"
        "changelog:\n"
        "  - {date: 2026-02-15, kind: correction, note: The backup is in Singapore.}\n"
        "---\nBody.\n"
    )
    hub = make_site(tmp_path / "hub", {**HUB, "content/stored.md": corrected}, site_yml=SITE)
    out = tmp_path / "out"
    build(hub, out)
    doc = page(out, "stored/index.html")
    [article] = [d for d in jsonld(doc) if d.get("@type") == "Article"]
    assert (article["datePublished"], article["dateModified"]) == ("2026-01-01", "2026-02-15")
    assert meta(doc, "article:modified_time") == ["2026-02-15"]
    html = (out / "stored" / "index.html").read_text()  # the Updated date the reader sees
    assert re.search(r'<dt>Updated</dt>\s*<dd><time datetime="2026-02-15">', html)
    sitemap = (out / "sitemap.xml").read_text()
    assert f"<loc>{BASE_URL}stored/</loc>\n    <lastmod>2026-02-15</lastmod>" in sitemap


def test_a_long_title_is_the_whole_headline(tmp_path: Path) -> None:
    title = (
        "Lumiclip has never given any user's private messages to a foreign government, "
        "and would refuse any such request unless a court orders it"
    )
    hub = make_site(
        tmp_path / "hub", {**HUB, "content/long.md": f"---\ntitle: {title}\n---\nText.\n"}, SITE
    )
    build(hub, tmp_path / "out")
    [article] = of_type(page(tmp_path / "out", "long/index.html"), "Article")
    assert article["headline"] == title
