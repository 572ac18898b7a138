"""A part of an element written as raw HTML outside it (a <summary> outside <details>, a
<figcaption> outside <figure>, an <li> outside a list) is no valid HTML: as for a table's cell
outside a table, its tags are taken out, its text kept, and it is told where written."""

from __future__ import annotations

from pathlib import Path

from hubtest import make_site, run_cli

HOME = {"content/_index.md": "---\ntitle: Home\n---\nHi.\n"}


def _told(err: str) -> list[str]:
    return [line for line in err.splitlines() if line.startswith(("content/", "  hint: put"))]


def test_a_part_outside_its_element_is_told_there_and_not_published(tmp_path: Path) -> None:
    body = (
        "---\ntitle: Parts\n---\n"
        "<details><summary>Kept</summary>Open me.</details>\n\n"
        '<figure><p>"Words."</p><figcaption>Kept too</figcaption></figure>\n\n'
        "<ul><li>Kept item</li></ul>\n\n"
        "- a Markdown item\n\n"
        "<summary>Stray summary</summary>\n\n"  # line 12
        "Text <figcaption>stray caption</figcaption>.\n\n"  # line 14, column 6
        "<li>Stray item</li>\n"  # line 16
    )
    files = {**HOME, "content/parts.md": body}
    hub = make_site(tmp_path / "hub", files, "title: Hub\nbase_url: https://example.org/record/\n")
    run = run_cli("-C", hub, "build", "--no-search", "-o", tmp_path / "out")
    assert run.code == 0, run.err
    assert _told(run.err) == [
        "content/parts.md:12:1: warning: removed from the page's HTML: <summary>",
        "  hint: put it first inside a <details>, or write it as text",
        "content/parts.md:14:6: warning: removed from the page's HTML: <figcaption>",
        "  hint: put it inside the <figure> it captions, or write it as text",
        "content/parts.md:16:1: warning: removed from the page's HTML: <li>",
        "  hint: put it inside a <ul> or <ol>, or write a Markdown list",
    ]
    html = (tmp_path / "out" / "parts" / "index.html").read_text("utf-8")
    assert "<details><summary>Kept</summary>" in html
    assert "<figcaption>Kept too</figcaption></figure>" in html
    assert "<ul><li>Kept item</li></ul>" in html
    assert "<li>a Markdown item</li>" in html
    assert "Stray summary" in html and "<summary>Stray" not in html
    assert "stray caption" in html and "<figcaption>stray" not in html
    assert "Stray item" in html and "<li>Stray" not in html
