"""Footnotes make valid HTML whatever their labels, and a note with no mark or a mark with no
note is a warning where it is written, not a broken link blamed on the theme nor nothing."""

from __future__ import annotations

import re
from pathlib import Path

from hubtest import make_site, run_cli

HOME = "---\ntitle: Home\n---\nWelcome.\n"


def build(tmp_path: Path, body: str) -> tuple[list[str], str]:
    """The lines the build prints about content/, and the page's HTML."""
    page = "---\ntitle: Page\n---\n" + body
    hub = make_site(tmp_path / "hub", {"content/_index.md": HOME, "content/page.md": page})
    run = run_cli("-C", hub, "build", "--no-search", "-o", tmp_path / "out")
    assert run.code == 0, run.err
    told = [line for line in run.err.splitlines() if line.startswith(("content/", "  hint"))]
    return told, (tmp_path / "out" / "page" / "index.html").read_text(encoding="utf-8")


def test_a_label_with_spaces_gives_ids_and_links_with_none(tmp_path: Path) -> None:
    told, html = build(tmp_path, "Stored in Virginia[^our source].\n\n[^our source]: A report.\n")
    assert told == []
    assert '<sup id="fnref:our-source"><a class="footnote-ref" href="#fn:our-source">1</a>' in html
    assert '<li id="fn:our-source">' in html
    assert '<a class="footnote-backref" href="#fnref:our-source"' in html
    names = re.findall(r'(?:id="|href="#)(fn[^"]*)"', html)
    assert names and not [name for name in names if " " in name]


def test_a_note_never_marked_is_told_at_its_line_and_has_no_way_back(tmp_path: Path) -> None:
    body = "Marked[^a].\n\n[^a]: First.\n[^later]: Never marked.\n"
    told, html = build(tmp_path, body)
    assert told == [
        "content/page.md:7:1: warning: the footnote [^later] is never marked in the text: it is "
        "listed alone",
        "  hint: mark the place it belongs to with [^later], or remove the note",
    ]
    assert '<li id="fn:later">\n<p>Never marked.</p>\n</li>' in html
    assert 'href="#fnref:later"' not in html
    assert '<a class="footnote-backref" href="#fnref:a"' in html


def test_a_mark_with_no_note_is_told_where_it_is_written(tmp_path: Path) -> None:
    body = "Marked[^a] and[^gone], `[^code]` and \\[^escaped].\n\n[^a]: First.\n"
    told, html = build(tmp_path, body)
    assert told == [
        "content/page.md:4:15: warning: [^gone] is shown as written: the page has no [^gone]: "
        "line to give it",
        "  hint: add a line [^gone]: ... below the text, or remove the mark",
    ]
    assert "and[^gone]," in html
