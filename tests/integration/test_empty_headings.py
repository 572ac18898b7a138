"""A heading with no text (## alone) and a [TOC] marker with no headings to list: a screen reader
announces an empty heading or list. Neither is published, and each is told at its line."""

from __future__ import annotations

from pathlib import Path

from hubtest import make_site, run_cli

HOME = {"content/_index.md": "---\ntitle: Home\n---\nHi.\n"}
SUB_PATH = "title: Hub\nbase_url: https://example.org/record/\n"


def _told(err: str) -> list[str]:
    return [line for line in err.splitlines() if line.startswith(("content/", "  hint: w"))]


def _prose(out: Path, rel: str) -> str:
    html = (out / rel).read_text("utf-8")
    return html.split('<div class="prose">', 1)[1].split("</div>", 1)[0]


def test_an_empty_heading_is_told_at_its_line_and_left_out(tmp_path: Path) -> None:
    body = (
        "---\ntitle: Storage\n---\n"
        "## Where\n\n"
        "Text.\n\n"
        "##\n\n"  # line 8
        "### Under it\n\n"
        "```\n##\n```\n\n"
        "#### ####\n\n"  # line 16: a closing sequence, no text
        "Raw: <h3 class='x'><span></span></h3>\n\n"  # line 18, column 6
        "## ![Logo](logo.png)\n\n"  # named by its image's alt text
        "#\n"  # line 22: no second h1 either, told once
    )
    files = {**HOME, "content/storage.md": body, "content/logo.png": "PNG"}
    hub = make_site(tmp_path / "hub", files, SUB_PATH)
    run = run_cli("-C", hub, "build", "--no-search", "-o", tmp_path / "out")
    assert run.code == 0, run.err
    assert _told(run.err) == [
        "content/storage.md:8:1: warning: an empty heading (## with no text): it is left out "
        "of the page",
        "  hint: write the heading's words after ##, or remove it",
        "content/storage.md:16:1: warning: an empty heading (#### with no text): it is left "
        "out of the page",
        "  hint: write the heading's words after ####, or remove it",
        "content/storage.md:18:6: warning: an empty heading (<h3> with no text): it is left "
        "out of the page",
        "  hint: write the heading's words inside <h3>, or remove it",
        "content/storage.md:22:1: warning: an empty heading (# with no text): it is left out "
        "of the page",
        "  hint: write the heading's words after #, or remove it",
    ]
    prose = _prose(tmp_path / "out", "storage/index.html")
    assert '<h2 id="where">Where</h2>' in prose
    assert '<h3 id="under-it">Under it</h3>' in prose
    assert '<img alt="Logo" src="/record/logo.png"></h2>' in prose
    assert prose.count("<h2") == 2 and prose.count("<h3") == 1 and "<h1" not in prose
    assert "<h3 class" not in prose and "<h4" not in prose


def test_a_toc_marker_with_nothing_to_list_is_told_and_left_out(tmp_path: Path) -> None:
    files = {
        **HOME,
        "content/plain.md": "---\ntitle: Plain\n---\nIntro.\n\n[TOC]\n\nOnly text.\n",
        "content/hollow.md": "---\ntitle: Hollow\n---\n[TOC]\n\n##\n\nText.\n",
        "content/listed.md": "---\ntitle: Listed\n---\n[TOC]\n\n## One\n\n##\n\nText.\n",
    }
    hub = make_site(tmp_path / "hub", files)
    run = run_cli("-C", hub, "check", "--strict")
    assert run.code == 1, run.err
    toc = (
        "error: [TOC] on a page with no headings: its table of contents would be empty, "
        "and is left out"
    )
    toc_hint = "  hint: write ## headings for it to list, or remove the [TOC] line"
    empty = "error: an empty heading (## with no text): it is left out of the page"
    empty_hint = "  hint: write the heading's words after ##, or remove it"
    assert _told(run.err) == [
        f"content/hollow.md:4:1: {toc}",
        toc_hint,
        f"content/hollow.md:6:1: {empty}",
        empty_hint,
        f"content/listed.md:8:1: {empty}",
        empty_hint,
        f"content/plain.md:6:1: {toc}",
        toc_hint,
    ]
    out = tmp_path / "out"
    run = run_cli("-C", hub, "build", "--no-search", "-o", out)
    assert run.code == 0, run.err
    assert 'class="toc"' not in _prose(out, "plain/index.html")
    assert 'class="toc"' not in _prose(out, "hollow/index.html")
    listed = (out / "listed/index.html").read_text("utf-8")
    assert '<div class="toc">\n<ul>\n<li><a href="#one">One</a></li>\n</ul>\n</div>' in listed


def test_an_faqs_empty_question_is_told_once_as_the_faq_tells_it(tmp_path: Path) -> None:
    body = "---\ntitle: FAQ\ntype: faq\n---\n## Data\n\n### Sold?\n\nNo.\n\n###\n\nYes.\n"
    hub = make_site(tmp_path / "hub", {**HOME, "content/faq.md": body})
    run = run_cli("-C", hub, "build", "--no-search", "-o", tmp_path / "out")
    assert run.code == 0, run.err
    assert [line for line in run.err.splitlines() if "warning" in line] == [
        "content/faq.md:11:1: warning: a question has no text"
    ]


def test_a_marker_and_permalinks_set_in_site_yml_are_minded(tmp_path: Path) -> None:
    site = (
        "title: Hub\nbase_url: https://example.org/record/\nmarkdown:\n  extension_configs:\n"
        '    toc: {marker: "[[contents]]", permalink: true}\n'
    )
    body = "---\ntitle: A\n---\n[[contents]]\n\nText.\n\n##\n"
    hub = make_site(tmp_path / "hub", {**HOME, "content/a.md": body}, site)
    out = tmp_path / "out"
    run = run_cli("-C", hub, "build", "--no-search", "-o", out)
    assert run.code == 0, run.err
    assert _told(run.err) == [
        "content/a.md:4:1: warning: [[contents]] on a page with no headings: its table of "
        "contents would be empty, and is left out",
        "  hint: write ## headings for it to list, or remove the [[contents]] line",
        "content/a.md:8:1: warning: an empty heading (## with no text): it is left out of the page",
        "  hint: write the heading's words after ##, or remove it",
    ]
    prose = _prose(out, "a/index.html")
    assert 'class="toc"' not in prose and "<h2" not in prose and "headerlink" not in prose
