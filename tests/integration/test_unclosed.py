"""A tag a page may not hold, opened in its text and never closed, is shown as text: the rest
of the page is kept, where HTML would read it into that tag and the sanitiser drop it."""

from __future__ import annotations

from pathlib import Path

import pytest

from hubtest import Built, Run, make_site, run_cli, tree
from recordhub.config import MarkdownSettings
from recordhub.markdown import Converter

HOME = "---\ntitle: Home\n---\nWelcome.\n"
REST = "Text *after* it, and [a link](/y/).\n\n## Next\n\nMore text.\n"
# every kind HTML reads the rest of a page into (as text, or as content it then drops or
# nests), and others the page may not hold that do not do that, which are kept apart alike
SWALLOWING = (
    *("script", "style", "title", "textarea", "xmp", "iframe", "noembed", "noframes"),
    *("noscript", "plaintext", "template", "select", "object", "svg", "math"),
)
OTHERS = ("button", "form", "dialog", "video", "canvas", "marquee", "custom-tag")
BUILT_REST = (
    '<p>Text <em>after</em> it, and <a href="/y/">a link</a>.</p>\n'
    '<h2 id="next">Next</h2>\n<p>More text.</p>'
)
EMBEDDED = (
    "a page may not embed another site's page or player, which would see its readers: link to "
    "it, or put the file in static/ and play it with <video controls src=...>"
)


def converted(body: str) -> tuple[str, tuple[str, ...]]:
    rendered = Converter(MarkdownSettings(extensions=["toc", "tables", "fenced_code"])).render(body)
    assert rendered.html is not None
    return rendered.html, rendered.removed


@pytest.mark.parametrize("name", SWALLOWING + OTHERS)
@pytest.mark.parametrize("where", ["## How the {} tag works\n\n", "The {} tag works.\n\n"])
def test_an_unclosed_tag_is_text_and_the_rest_of_the_page_is_kept(name: str, where: str) -> None:
    html, removed = converted(where.format(f"<{name}>") + REST)
    assert f"&lt;{name}&gt; tag works" in html
    assert html.endswith(BUILT_REST), html
    assert removed == (f"as text: <{name}>",)


@pytest.mark.parametrize("name", ["script", "iframe", "select", "SCRIPT"])
def test_a_closed_element_is_still_removed(name: str) -> None:
    html, removed = converted(f"A <{name} id=x>inner</{name}> b.\n\n" + REST)
    assert f"<{name.lower()}" not in html.lower() and "&lt;" not in html
    assert removed == (f"<{name.lower()}>",)
    assert html.endswith(BUILT_REST), html


def test_only_the_tags_after_the_last_end_tag_are_text() -> None:
    html, removed = converted(
        "<script>one()</script>\n\nThen <script> in prose, and <script src=x> too.\n\n" + REST
    )
    assert "one()" not in html
    assert "Then &lt;script&gt; in prose, and &lt;script src=x&gt; too." in html
    assert removed == ("<script>", "as text: <script>", "as text: <script ...>")


def test_allowed_and_void_tags_are_left_as_they_were() -> None:
    # an allowed tag is an element (raw HTML in Markdown); a void one never holds anything
    html, removed = converted("A <b>bold</b> <span>open, <input type=text> and <br> b.\n")
    assert html == "<p>A <b>bold</b> <span>open,  and <br> b.</span></p>"
    assert removed == ("<input>",)


def test_the_table_of_contents_shows_the_tag_as_the_heading_does() -> None:
    rendered = Converter(MarkdownSettings(extensions=["toc", "footnotes"])).render(
        "## How the <script> tag works\n\n### A *b* and <style>[^1]\n\n### Costs < 5[^1]\n\n"
        "Text.\n\n[^1]: A note.\n"
    )
    assert rendered.headings is not None
    (heading,) = rendered.headings
    assert heading.title == "How the &lt;script&gt; tag works"
    assert heading.children[0].title == "A b and &lt;style&gt;"
    assert heading.children[1].title == "Costs &lt; 5"  # as the table of contents has it
    assert '<h2 id="how-the-tag-works">How the &lt;script&gt; tag works</h2>' in str(rendered.html)


# --- what a build tells -------------------------------------------------------------------


@pytest.fixture
def built(tmp_path: Path) -> Built:
    files = {"content/_index.md": HOME, "content/y.md": "---\ntitle: Y\n---\nText.\n"}
    hub = make_site(tmp_path / "hub", files)
    out = tmp_path / "out"
    assert build(hub, out).code == 0
    return Built(hub, out, tree(out))


def build(hub: Path, out: Path, *args: str) -> Run:
    return run_cli("-C", hub, "build", "--no-search", "-o", out, *args)


def told(err: str) -> list[str]:
    return [line for line in err.splitlines() if line.startswith(("content/", "  hint"))]


PAGE = (
    "---\ntitle: X\n---\n"
    "Write `<script>` in backticks.\n\n"  # line 4: code, not a tag
    "## How the <script> tag works\n\n"  # line 6
    + REST
    + '\n<iframe src="https://video.example/embed/1">\n'  # line 14
)


def test_a_build_tells_where_each_tag_shown_as_text_is(built: Built) -> None:
    make_site(built.hub, {"content/x.md": PAGE}, site_yml=None)
    run = build(built.hub, built.out)
    assert run.code == 0, run.err
    assert told(run.err) == [
        "content/x.md:6:12: notice: <script> is shown as text: no </script> closes it, and "
        "pages may not hold <script>",
        "  hint: to show the tag's name as code, put it in backticks: `<script>`",
        "content/x.md:14:1: warning: <iframe ...> is shown as text: no </iframe> closes it, and "
        "pages may not hold <iframe>",
        "  hint: remove it, or put it in backticks to show it as code; scripts, frames, forms "
        "and embedded objects are not allowed in pages",
    ]
    page = (built.out / "x" / "index.html").read_text(encoding="utf-8")
    assert "How the &lt;script&gt; tag works</h2>" in page
    assert BUILT_REST in page
    assert '&lt;iframe src="https://video.example/embed/1"&gt;' in page
    assert "<iframe" not in page


def test_strict_fails_on_an_element_shown_as_text_and_not_on_a_name(built: Built) -> None:
    make_site(built.hub, {"content/x.md": PAGE}, site_yml=None)
    run = build(built.hub, built.out, "--strict")
    assert run.code == 1, run.err
    assert "content/x.md:14:1: error: <iframe ...> is shown as text" in run.err
    assert "content/x.md:6:12: notice: <script> is shown as text" in run.err
    assert tree(built.out) == built.before  # nothing was written

    make_site(built.hub, {"content/x.md": PAGE.rsplit("\n<iframe", 1)[0]}, site_yml=None)
    run = build(built.hub, built.out, "--strict")
    assert run.code == 0, run.err
    assert "Traceback" not in run.err


@pytest.mark.parametrize("tag", ["<script>", "<STYLE>", "   <iframe src=x>", "<form action=x>"])
def test_an_unclosed_tag_on_a_line_of_its_own_leaves_the_rest_to_markdown(tag: str) -> None:
    # at a line's start, Markdown read it as a block of raw HTML running to the page's end
    html, removed = converted(f"Intro.\n\n{tag}\n\n" + REST)
    shown = tag.strip().replace("<", "&lt;").replace(">", "&gt;")
    assert html == f"<p>Intro.</p>\n<p>{shown}</p>\n" + BUILT_REST
    name = tag.strip().split()[0].strip("<>").lower()
    assert removed == (f"as text: <{name}{' ...' if ' ' in tag.strip() else ''}>",)


def test_a_closed_element_on_lines_of_its_own_is_still_removed_whole() -> None:
    html, removed = converted("<script>\nvar a;\n\nvar *b*;\n</script>\n\n" + REST)
    assert html == "\n\n" + BUILT_REST
    assert removed == ("<script>",)


def test_a_build_tells_an_unclosed_tag_on_a_line_of_its_own_there(built: Built) -> None:
    body = "---\ntitle: X\n---\nIntro.\n\n<script>\n\n" + REST
    make_site(built.hub, {"content/x.md": body}, site_yml=None)
    run = build(built.hub, built.out)
    assert run.code == 0, run.err
    assert told(run.err) == [
        "content/x.md:6:1: notice: <script> is shown as text: no </script> closes it, and "
        "pages may not hold <script>",
        "  hint: to show the tag's name as code, put it in backticks: `<script>`",
    ]
    page = (built.out / "x" / "index.html").read_text(encoding="utf-8")
    assert "<p>Intro.</p>\n<p>&lt;script&gt;</p>\n" + BUILT_REST in page


def test_a_tag_in_code_after_it_does_not_move_where_it_is_told(built: Built) -> None:
    body = (
        "---\ntitle: X\n---\n"
        "## How the <style> tag works\n\n"  # line 4: the one shown as text
        "Write `<style>` or `` <style> ``.\n\n"
        "```html\n<style>\n```\n\n"
        "~~~\n<style>\n~~~\n"
    )
    make_site(built.hub, {"content/x.md": body}, site_yml=None)
    run = build(built.hub, built.out)
    assert run.code == 0, run.err
    assert told(run.err) == [
        "content/x.md:4:12: notice: <style> is shown as text: no </style> closes it, and "
        "pages may not hold <style>",
        "  hint: to show the tag's name as code, put it in backticks: `<style>`",
    ]


def test_a_tag_in_an_html_comment_is_not_told_as_shown(built: Built) -> None:
    body = (
        "---\ntitle: X\n---\n"
        "The <script> tag.\n\n"  # line 4: shown as text
        '<!-- not yet: <iframe src="https://video.example/embed/1"> -->\n\n'  # line 6: removed
        + REST
    )
    make_site(built.hub, {"content/x.md": body}, site_yml=None)
    run = build(built.hub, built.out, "--strict")
    assert run.code == 1, run.err
    assert told(run.err) == [
        "content/x.md:4:5: notice: <script> is shown as text: no </script> closes it, and "
        "pages may not hold <script>",
        "  hint: to show the tag's name as code, put it in backticks: `<script>`",
        "content/x.md:6:15: error: removed from the page's HTML: <iframe>",
        f"  hint: {EMBEDDED}",
    ]


@pytest.mark.parametrize("name", ["script", "iframe", "style"])
def test_a_tag_named_in_prose_before_an_element_of_its_name_is_text(name: str) -> None:
    # the end tag closes the element it follows, not the name in the heading above it
    html, removed = converted(
        f"## How the <{name}> tag works\n\nSome *text*.\n\n<{name} id=x></{name}>\n\n" + REST
    )
    assert html.startswith(
        f'<h2 id="how-the-tag-works">How the &lt;{name}&gt; tag works</h2>\n'
        "<p>Some <em>text</em>.</p>\n"
    ), html
    assert html.endswith(BUILT_REST), html
    assert removed == (f"<{name}>", f"as text: <{name}>")


def test_a_tag_named_before_an_element_of_its_name_is_told_at_each(built: Built) -> None:
    body = (
        "---\ntitle: X\n---\n"
        "## How the <iframe> tag works\n\n"  # line 4: shown as text
        "Some *text*.\n\n"
        '<iframe src="https://video.example/embed/1"></iframe>\n\n' + REST  # line 8: removed
    )
    make_site(built.hub, {"content/x.md": body}, site_yml=None)
    run = build(built.hub, built.out)
    assert run.code == 0, run.err
    assert told(run.err) == [
        "content/x.md:4:12: notice: <iframe> is shown as text: no </iframe> closes it, and "
        "pages may not hold <iframe>",
        "  hint: to show the tag's name as code, put it in backticks: `<iframe>`",
        "content/x.md:8:1: warning: removed from the page's HTML: <iframe>",
        f"  hint: {EMBEDDED}",
    ]
    page = (built.out / "x" / "index.html").read_text(encoding="utf-8")
    assert "How the &lt;iframe&gt; tag works</h2>\n<p>Some <em>text</em>.</p>" in page


def test_a_tag_named_on_a_line_of_its_own_before_an_element_of_its_name_is_text() -> None:
    html, removed = converted("<script>\n\nSome *text*.\n\n<script>x()</script>\n\n" + REST)
    assert html == "<p>&lt;script&gt;</p>\n<p>Some <em>text</em>.</p>\n<p></p>\n" + BUILT_REST
    assert removed == ("<script>", "as text: <script>")


@pytest.mark.parametrize(
    ("block", "shown", "item"),
    [
        ('<div class="n">\nUse the <style> tag.\n</div>', "Use the &lt;style&gt; tag.", "<style>"),
        ("<p>A <script src=x> b.</p>", "A &lt;script src=x&gt; b.", "<script ...>"),
        ("<details>\n<summary>On <SCRIPT></summary>\n</details>", "On &lt;SCRIPT&gt;", "<script>"),
    ],
)
def test_an_unclosed_script_or_style_in_a_block_of_html_leaves_the_rest_to_markdown(
    block: str, shown: str, item: str
) -> None:
    # HTML's parser reads all after <script> or <style> as their text, to the page's end
    html, removed = converted(f"{block}\n\n" + REST)
    assert shown in html
    assert html.endswith("\n" + BUILT_REST), html
    assert removed == (f"as text: {item}",)


def test_tags_shown_as_text_in_and_out_of_html_blocks_are_told_as_written(built: Built) -> None:
    body = (
        "---\ntitle: X\n---\n"
        "The <script> tag.\n\n"  # line 4
        '<div class="note">\nA <script src="x.js"> b.\n</div>\n\n' + REST  # line 7
    )
    make_site(built.hub, {"content/x.md": body}, site_yml=None)
    run = build(built.hub, built.out)
    assert run.code == 0, run.err
    assert told(run.err) == [
        "content/x.md:4:5: notice: <script> is shown as text: no </script> closes it, and "
        "pages may not hold <script>",
        "  hint: to show the tag's name as code, put it in backticks: `<script>`",
        "content/x.md:7:3: warning: <script ...> is shown as text: no </script> closes it, and "
        "pages may not hold <script>",
        "  hint: remove it, or put it in backticks to show it as code; scripts, frames, forms "
        "and embedded objects are not allowed in pages",
    ]
    page = (built.out / "x" / "index.html").read_text(encoding="utf-8")
    assert 'A &lt;script src="x.js"&gt; b.\n</div>' in page
    assert BUILT_REST in page


@pytest.mark.parametrize(
    "body",
    [
        'A <script>var a = "<iframe>";</script> b.\n',
        "<style>p::before { content: '<select>' }</style>\n\nText.\n",
        "A <textarea>type <svg> here</textarea> b.\n",
    ],
)
def test_a_tag_in_the_text_of_a_closed_script_or_style_is_not_shown_as_text(body: str) -> None:
    # it is that element's text, removed with it (or shown with it), never a tag left open
    html, removed = converted(body)
    assert not [item for item in removed if item.startswith("as text: ")], removed
    assert "&lt;iframe" not in html and "&lt;select" not in html


@pytest.mark.parametrize(
    ("body", "removed"),
    [
        ('A <script>var a = "<iframe>";</script> b.\n', ("<script>",)),
        ("A <textarea>type <b>here</b></textarea> b.\n", ("<textarea>",)),
        ("<style>p::before { content: '<select>' }</style>\n\nText.\n", ("<style>",)),
    ],
)
def test_a_tag_in_the_text_of_a_removed_element_is_not_told_apart(
    body: str, removed: tuple[str, ...]
) -> None:
    # the <iframe> in a script's string is removed with the script, not as one of its own
    assert converted(body)[1] == removed
