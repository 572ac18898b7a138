"""Files under content/ that only unpublished pages name stay unpublished with them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from hubtest import make_site, run_cli, tree
from recordhub.preview import Preview

EPOCH_2026_03_01 = "1772323200"
HOME = "---\ntitle: Home\n---\nWelcome.\n"
SECTION = "---\ntitle: Statements\n---\nAll statements.\n"
EMBARGOED = (
    "---\ntitle: Results\ndate: 2026-03-02\npublish_at: 2026-03-02T09:00:00Z\n"
    "image: share.png\n---\n"
    "Read [the report](results.pdf), see ![the chart](chart.png "
    '"Chart").\n\n<a href="annex.pdf">annex</a>\n'
)
HUB = {
    "content/_index.md": HOME,
    "content/statements/_index.md": SECTION,
    "content/statements/results.md": EMBARGOED,
    "content/statements/results.pdf": b"%PDF-1.4 report",
    "content/statements/chart.png": b"\x89PNG chart",
    "content/statements/annex.pdf": b"%PDF-1.4 annex",
    "content/statements/share.png": b"\x89PNG share",
    "content/statements/loose.txt": "no page names this file\n",
}


@pytest.fixture(autouse=True)
def _clock(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH_2026_03_01)


def build(hub: Path, out: Path, *flags: str) -> str:
    run = run_cli("-C", hub, "build", "--no-search", "-o", out, *flags)
    assert run.code == 0, run.err
    assert "Traceback" not in run.err + run.out
    return run.err


def test_files_only_an_embargoed_page_names_are_not_published(tmp_path: Path) -> None:
    hub = make_site(tmp_path / "hub", HUB)
    err = build(hub, tmp_path / "out")
    files = set(tree(tmp_path / "out"))
    for name in ("results.pdf", "chart.png", "annex.pdf", "share.png"):
        assert f"statements/{name}" not in files
        assert (
            f"content/statements/{name}: notice: not published: only "
            "content/statements/results.md links to it, which is a draft, embargoed or expired"
        ) in err
    assert "hint: it is published once a published page links to it" in err
    # a file that no page names is published as before, and nothing else is withheld
    assert "statements/loose.txt" in files
    assert err.count("not published") == 4
    manifest = json.loads((tmp_path / "out" / "manifest.json").read_text())
    assert not any("results" in str(entry) for entry in manifest["files"])
    # not even by name in the files a host reads (and a plain server serves)
    for name in ("_headers", "_redirects", "sitemap.xml"):
        assert "results" not in (tmp_path / "out" / name).read_text(), name


FRONT_MATTER_FILES = ("letter.pdf", "reply.pdf", "source.pdf", "archive.pdf", "figure.csv")
NAMED_IN_FRONT_MATTER = (
    "---\ntitle: Layoffs\ntype: statement\ndate: 2026-03-02\n"
    "publish_at: 2026-03-02T09:00:00Z\noriginal_url: letter.pdf\n"
    "responds_to: {title: A letter, url: reply.pdf}\n"
    'sources:\n  - {title: Source, url: source.pdf, archived_url: "archive.pdf#page=2"}\n'
    "facts:\n  - {label: Staff, value: '120', source: figure.csv}\n---\nEmbargoed.\n"
)


def test_files_an_embargoed_page_names_in_its_front_matter_wait_too(tmp_path: Path) -> None:
    files: dict[str, str | bytes] = {
        **HUB,
        "content/statements/layoffs.md": NAMED_IN_FRONT_MATTER,
        **{f"content/statements/{name}": b"secret" for name in FRONT_MATTER_FILES},
    }
    hub = make_site(tmp_path / "hub", files)
    err = build(hub, tmp_path / "out")
    published = set(tree(tmp_path / "out"))
    for name in FRONT_MATTER_FILES:
        assert f"statements/{name}" not in published
        assert (
            f"content/statements/{name}: notice: not published: only "
            "content/statements/layoffs.md links to it, which is a draft, embargoed or expired"
        ) in err
    # once the page is out, they are out with it, and its addresses lead to them
    err = build(hub, tmp_path / "later", "--future")
    published = set(tree(tmp_path / "later"))
    assert {f"statements/{name}" for name in FRONT_MATTER_FILES} <= published
    shown = (tmp_path / "later/statements/layoffs/index.html").read_text()
    assert 'href="/statements/letter.pdf"' in shown


def test_a_held_file_at_the_top_is_not_named_in_headers(tmp_path: Path) -> None:
    page = "---\ntitle: Soon\ndraft: true\n---\n[Plan](q4-layoffs.pdf)\n"
    hub = make_site(
        tmp_path / "hub", {**HUB, "content/soon.md": page, "content/q4-layoffs.pdf": b"%PDF"}
    )
    build(hub, tmp_path / "out")
    assert not (tmp_path / "out" / "q4-layoffs.pdf").exists()
    assert "layoffs" not in (tmp_path / "out" / "_headers").read_text()


def test_they_are_published_with_the_page(tmp_path: Path) -> None:
    hub = make_site(tmp_path / "hub", HUB)
    err = build(hub, tmp_path / "out", "--future")
    files = tree(tmp_path / "out")
    assert files["statements/results.pdf"] == b"%PDF-1.4 report"
    assert {"statements/chart.png", "statements/annex.pdf", "statements/share.png"} <= set(files)
    assert "not published" not in err


def test_a_published_page_that_links_to_one_publishes_it(tmp_path: Path) -> None:
    hub = make_site(
        tmp_path / "hub",
        {
            **HUB,
            # by file name, by its address, and as its share image: each publishes the file
            "content/statements/summary.md": (
                "---\ntitle: Summary\nimage: share.png\n---\n"
                "The [report](results.pdf) and [the annex](/statements/annex.pdf).\n"
            ),
        },
    )
    err = build(hub, tmp_path / "out")
    files = set(tree(tmp_path / "out"))
    assert {"statements/results.pdf", "statements/annex.pdf", "statements/share.png"} <= files
    assert "statements/chart.png" not in files
    assert err.count("not published") == 1
    assert "content/statements/chart.png: notice: not published" in err
    assert "no page or file has that address" not in err


def test_a_file_two_hidden_pages_name_names_both(tmp_path: Path) -> None:
    draft = "---\ntitle: Draft\ndraft: true\n---\n![chart](chart.png)\n"
    hub = make_site(tmp_path / "hub", {**HUB, "content/statements/draft.md": draft})
    err = build(hub, tmp_path / "out")
    assert (
        "content/statements/chart.png: notice: not published: only "
        "content/statements/draft.md, content/statements/results.md link to it, "
        "which are drafts, embargoed or expired"
    ) in err
    assert "statements/chart.png" not in set(tree(tmp_path / "out"))


def test_a_published_translation_that_links_to_it_publishes_it(tmp_path: Path) -> None:
    site = (
        "title: T\nbase_url: https://t.example/\n"
        "languages: [{code: en, name: English}, {code: fr, name: Français}]\n"
    )
    # a page of its own (the translation of the embargoed page waits with it)
    translated = "---\ntitle: Résultats\n---\nLe [rapport](results.pdf).\n"
    files = {
        **HUB,
        "content/_index.fr.md": HOME,
        "content/statements/_index.fr.md": SECTION,
        "content/statements/apercu.fr.md": translated,
    }
    hub = make_site(tmp_path / "hub", files, site)
    build(hub, tmp_path / "out")
    assert "statements/results.pdf" in set(tree(tmp_path / "out"))


def test_a_file_of_a_page_that_expired_is_taken_out(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    page = "---\ntitle: Offer\nexpires: 2026-04-01T00:00:00Z\n---\n[Terms](terms.pdf)\n"
    hub = make_site(
        tmp_path / "hub", {**HUB, "content/offer.md": page, "content/terms.pdf": b"%PDF terms"}
    )
    out = tmp_path / "out"
    build(hub, out)
    assert (out / "terms.pdf").read_bytes() == b"%PDF terms"
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(EPOCH_2026_03_01) + 40 * 86400))
    err = build(hub, out)
    assert not (out / "terms.pdf").exists()
    assert not (out / "offer").exists()
    assert "content/terms.pdf: notice: not published: only content/offer.md links to it" in err


def test_check_reports_them_too(tmp_path: Path) -> None:
    hub = make_site(tmp_path / "hub", HUB)
    run = run_cli("-C", hub, "check")
    assert run.code == 0, run.err
    assert run.err.count("notice: not published") == 4


def test_the_preview_without_drafts_holds_them_back_until_a_page_links(tmp_path: Path) -> None:
    hub = make_site(
        tmp_path / "hub",
        {**HUB, "content/statements/summary.md": "---\ntitle: Summary\n---\nIn short.\n"},
    )
    out = tmp_path / "preview"
    preview = Preview(hub, out, drafts=False)
    first = preview.rebuild(None)
    assert first.ok, [p.format() for p in first.errors]
    assert not (out / "statements" / "results.pdf").exists()
    assert sum("not published" in p.message for p in first.problems) == 4
    summary = hub / "content" / "statements" / "summary.md"
    summary.write_text("---\ntitle: Summary\n---\nIn short: [the report](results.pdf).\n")
    second = preview.rebuild({summary})
    assert second.ok, [p.format() for p in second.errors]
    assert (out / "statements" / "results.pdf").read_bytes() == b"%PDF-1.4 report"
    assert b'href="/statements/results.pdf"' in (out / "statements/summary/index.html").read_bytes()
    # by its address rather than by file name: the same, found in the page as written
    summary.write_text("---\ntitle: Summary\n---\nThe [annex](/statements/annex.pdf).\n")
    third = preview.rebuild({summary})
    assert third.ok, [p.format() for p in third.errors]
    assert not (out / "statements" / "results.pdf").exists()
    assert (out / "statements" / "annex.pdf").read_bytes() == b"%PDF-1.4 annex"
    summary.write_text("---\ntitle: Summary\n---\nIn short.\n")
    fourth = preview.rebuild({summary})
    assert fourth.ok, [p.format() for p in fourth.errors]
    assert not (out / "statements" / "annex.pdf").exists()
    assert sum("not published" in p.message for p in fourth.problems) == 4


def test_the_preview_with_drafts_shows_them(tmp_path: Path) -> None:
    hub = make_site(tmp_path / "hub", HUB)
    out = tmp_path / "preview"
    outcome = Preview(hub, out).rebuild(None)
    assert outcome.ok, [p.format() for p in outcome.errors]
    assert (out / "statements" / "results.pdf").is_file()
    assert not any("not published" in p.message for p in outcome.problems)


# a hidden section and a hidden original: what hangs on them waits with them

ACQUISITION = {
    "content/_index.md": HOME,
    "content/acquisition/_index.md": (
        "---\ntitle: Our acquisition\npublish_at: 2026-04-01T09:00:00Z\n---\nSoon.\n"
    ),
    "content/acquisition/what-changes.md": "---\ntitle: What changes\n---\nYour data moves.\n",
    "content/acquisition/faq/_index.md": "---\ntitle: Questions\n---\nAsked.\n",
    "content/acquisition/faq/jobs.md": "---\ntitle: Jobs\n---\nNone lost.\n",
    "content/acquisition/terms.pdf": b"%PDF terms",
    "content/about.md": "---\ntitle: About\n---\nWho we are.\n",
}


def test_the_pages_of_a_hidden_section_wait_with_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    hub = make_site(tmp_path / "hub", ACQUISITION)
    out = tmp_path / "out"
    err = build(hub, out)
    assert (
        "content/acquisition/_index.md:3:13: notice: not published: the 3 pages below it wait "
        "with it\n  hint: this section is embargoed; to publish a page of it now, move it to "
        "another folder"
    ) in err
    # and so do the files in it that no published page names
    assert (
        "content/acquisition/terms.pdf: notice: not published: it is in the section of "
        "content/acquisition/_index.md, which is not published\n"
        "  hint: it is published with its section, or once a published page links to it"
    ) in err
    files = set(tree(out))
    assert not any(name.startswith("acquisition/") for name in files), files
    for name in ("index.html", "sitemap.xml", "_redirects", "_headers", "manifest.json"):
        if name in files:
            assert "acquisition" not in (out / name).read_text(), name
    assert "about/index.html" in files
    # a draft section holds back the same way, and says why
    draft = "---\ntitle: Our acquisition\ndraft: true\n---\nSoon.\n"
    (hub / "content/acquisition/_index.md").write_text(draft)
    err = build(hub, out)
    assert "content/acquisition/_index.md:3:8: notice: not published: the 3 pages" in err
    assert "hint: this section is a draft;" in err
    assert not (out / "acquisition").exists()
    # published, it publishes them all
    (hub / "content/acquisition/_index.md").write_text(ACQUISITION["content/acquisition/_index.md"])
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(EPOCH_2026_03_01) + 40 * 86400))
    err = build(hub, out)
    assert "not published" not in err
    for name in ("what-changes", "faq", "faq/jobs"):
        assert (out / "acquisition" / name / "index.html").is_file(), name
    assert (out / "acquisition/terms.pdf").is_file()


def test_a_hidden_subsection_holds_only_its_own_pages(tmp_path: Path) -> None:
    files = {
        **ACQUISITION,
        "content/acquisition/_index.md": "---\ntitle: Our acquisition\n---\nDone.\n",
        "content/acquisition/faq/_index.md": "---\ntitle: Questions\ndraft: true\n---\nAsked.\n",
    }
    hub = make_site(tmp_path / "hub", files)
    err = build(hub, tmp_path / "out")
    assert (
        "content/acquisition/faq/_index.md:3:8: notice: not published: the page below it "
        "waits with it" in err
    )
    files_out = set(tree(tmp_path / "out"))
    assert "acquisition/what-changes/index.html" in files_out
    assert not any(name.startswith("acquisition/faq/") for name in files_out)


LANGUAGES = (
    "title: T\nbase_url: https://t.example/\n"
    "languages: [{code: en, name: English}, {code: es, name: Español}]\n"
)


def test_the_translation_of_a_hidden_page_waits_with_it(tmp_path: Path) -> None:
    files = {
        "content/_index.md": HOME,
        "content/_index.es.md": HOME,
        "content/statements/_index.md": SECTION,
        "content/statements/merger.md": (
            "---\ntitle: Merger\ndate: 2026-03-01\npublish_at: 2026-03-05T09:00:00Z\n---\n"
            "We merge.\n"
        ),
        # by its file name, and by a translation_key of the original's
        "content/statements/merger.es.md": "---\ntitle: Fusión\n---\nNos fusionamos.\n",
        "content/statements/deal.md": (
            "---\ntitle: Deal\ndraft: true\ntranslation_key: deal\n---\nA deal.\n"
        ),
        "content/acuerdo.md": (
            "---\ntitle: Acuerdo\nlang: es\ntranslation_key: deal\n---\nUn acuerdo.\n"
        ),
        "content/about.md": "---\ntitle: About\n---\nUs.\n",
        "content/about.es.md": "---\ntitle: Nosotros\n---\nNosotros.\n",
    }
    hub = make_site(tmp_path / "hub", files, LANGUAGES)
    out = tmp_path / "out"
    err = build(hub, out)
    assert (
        "content/statements/merger.es.md: notice: not published: it translates "
        "content/statements/merger.md, which is not published\n"
        "  hint: it is published with its original; to publish it on its own, give it a "
        "translation_key of its own"
    ) in err
    assert (
        "content/acuerdo.md: notice: not published: it translates content/statements/deal.md, "
        "which is not published"
    ) in err
    files_out = set(tree(out))
    assert "es/about/index.html" in files_out
    for name in files_out:
        assert "merger" not in name and "acuerdo" not in name, name
    for name in ("es/index.html", "sitemap.xml"):
        text = (out / name).read_text()
        assert "Fusión" not in text and "merger" not in text, name
    # with the original out, the translation is out too
    err = build(hub, tmp_path / "later", "--future", "--drafts")
    assert "not published: it translates" not in err
    assert (tmp_path / "later/es/statements/merger/index.html").is_file()


def test_check_says_which_scheduled_pages_it_did_not_check(tmp_path: Path) -> None:
    later = (
        "---\ntitle: Merger\ndate: 2026-03-02\npublish_at: 2026-03-02T09:00:00Z\n---\n"
        "See [about](../abuot.md).\n"
    )
    hub = make_site(tmp_path / "hub", {**HUB, "content/statements/merger.md": later})
    run = run_cli("-C", hub, "check")
    assert run.code == 0, run.err
    assert (
        "content/statements/merger.md:4:13: notice: scheduled for 2026-03-02 09:00 UTC, so not "
        "checked with the others yet\n"
        "  hint: run recordhub check --future to check the site as it will be then"
    ) in run.err
    assert "abuot" not in run.err
    # a time given in another zone is said in UTC, as the message says it is
    make_site(hub, {"content/statements/merger.md": later.replace("09:00:00Z", "09:00:00+02:00")})
    zoned = run_cli("-C", hub, "check")
    assert "merger.md:4:13: notice: scheduled for 2026-03-02 07:00 UTC, so not" in zoned.err
    make_site(hub, {"content/statements/merger.md": later})
    # what the hint says finds what would stop the build at 09:00
    future = run_cli("-C", hub, "check", "--future")
    assert future.code == 1
    assert "content/statements/merger.md:6:13: error: link to '../abuot.md'" in future.err
    assert "scheduled for" not in future.err


def test_html_copied_as_it_is_publishes_what_it_links_to_and_waits_when_held(
    tmp_path: Path,
) -> None:
    # an HTML file beside the embargoed page, which only that page names: held back, and its
    # broken link is not reported while it is; a published copied file's link publishes a file
    annex = '<p><a href="results.pdf">Report</a> and <a href="/nowhere/">more</a></p>\n'
    page = EMBARGOED.replace("annex.pdf", "annex.html")
    files = {**HUB, "content/statements/results.md": page, "content/statements/annex.html": annex}
    widget = '<a href="/statements/results.pdf">The report</a>\n'
    hub = make_site(tmp_path / "hub", {**files, "static/embed/widget.html": widget})
    err = build(hub, tmp_path / "out", "--strict")
    published = set(tree(tmp_path / "out"))
    assert "statements/annex.html" not in published
    assert "statements/results.pdf" in published
    assert "statements/chart.png" not in published
    assert (
        "content/statements/annex.html: notice: not published: only "
        "content/statements/results.md links to it, which is a draft, embargoed or expired"
    ) in err
    # once published, it is checked as a page is
    make_site(hub, {"content/_index.md": HOME + "\nThe [annex](statements/annex.html).\n"}, None)
    run = run_cli("-C", hub, "check")
    assert run.code == 1
    assert [line for line in run.err.splitlines() if ": error: " in line] == [
        "content/statements/annex.html:1:50: error: broken link to /nowhere/: no page or file "
        "has that address"
    ]
