"""A level-1 heading in a page's text: the theme shows the page's title as its h1, so the page
would have two; the build says where, and that the text's headings start at level 2. A hub's
own template that shows no h1 leaves the text's first as the page's one h1."""

from __future__ import annotations

from pathlib import Path

from hubtest import make_site, resave, run_cli
from recordhub.preview import Preview

HOME = {"content/_index.md": "---\ntitle: Home\n---\nHi.\n"}
TOLD = (
    "warning: a heading of level 1 in the text: the page's title is already its h1, so the "
    "page would have two"
)
HINT = "  hint: make it a ## heading (<h2> in HTML): the text's headings start at level 2"
SUB_PATH = "title: Hub\nbase_url: https://example.org/record/\n"


def _told(err: str) -> list[str]:
    return [line for line in err.splitlines() if line.startswith(("content/", "  hint: make"))]


def test_each_h1_of_the_text_is_told_at_its_line(tmp_path: Path) -> None:
    body = (
        "---\ntitle: Storage\n---\n"
        "# Where data lives\n\n"  # line 4
        "Text.\n\n"
        "```\n# a comment in code\n```\n\n"
        "Also here\n=========\n\n"  # line 12
        'Raw: <h1 class="x">In HTML</h1>\n\n'  # line 15, column 6
        "## Fine\n"
    )
    hub = make_site(tmp_path / "hub", {**HOME, "content/storage.md": body}, SUB_PATH)
    run = run_cli("-C", hub, "build", "--no-search", "-o", tmp_path / "out")
    assert run.code == 0, run.err
    assert _told(run.err) == [
        f"content/storage.md:4:1: {TOLD}",
        HINT,
        f"content/storage.md:12:1: {TOLD}",
        HINT,
        f"content/storage.md:15:6: {TOLD}",
        HINT,
    ]


def test_an_h1_fails_a_strict_check_and_second_levels_do_not(tmp_path: Path) -> None:
    files = {
        "content/_index.md": "---\ntitle: Home\n---\n# Welcome\n\nHi.\n",
        "content/about.md": "---\ntitle: About\n---\n## Who we are\n\n### Team\n",
    }
    hub = make_site(tmp_path / "hub", files)
    run = run_cli("-C", hub, "check", "--strict")
    assert run.code == 1, run.err
    assert _told(run.err) == [f"content/_index.md:4:1: {TOLD.replace('warning', 'error')}", HINT]


BARE = (  # a hub's own template that shows the page's title, but not as an h1
    '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{{ page.title }}'
    '</title></head><body><main><p class="kicker">{{ page.title }}</p>\n'
    "{{ page.content }}</main></body></html>\n"
)


def test_a_hubs_template_with_no_h1_leaves_the_texts_first_as_the_pages_h1(
    tmp_path: Path,
) -> None:
    files = {
        **HOME,
        "templates/page.html": BARE,  # the hub's own, in place of the theme's
        "templates/plain.html": BARE,
        "templates/titled.html": BARE.replace('<p class="kicker">', "<h1>").replace(
            "</p>\n", "</h1>\n"
        ),
        "content/one.md": "---\ntitle: One\n---\n# The only h1\n\nText.\n",
        "content/named.md": "---\ntitle: Named\ntemplate: plain.html\n---\n# Its h1\n",
        "content/two.md": (
            "---\ntitle: Two\n---\n"
            "# First\n\n"  # line 4: the page's h1
            "Text.\n\n"
            "# Second\n\n"  # line 8: another
            'Raw: <h1 class="x">Third</h1> and `<h1>` in code\n'  # line 10, column 6
        ),
        "content/titled.md": (
            "---\ntitle: T\ntemplate: titled.html\n---\n"
            "# Also\n\n"  # line 5
            "    <h1>shown as code</h1>\n"
        ),
    }
    hub = make_site(tmp_path / "hub", files)
    out = tmp_path / "out"
    for carried in (False, True):  # the second carries the pages over, and tells the same
        resave(hub)
        run = run_cli("-C", hub, "build", "--no-search", "-o", out)
        assert run.code == 0, run.err
        assert ("pages unchanged" in run.out) is carried, run.out
        second = (
            "warning: a second heading of level 1 in the text: the page's template shows no "
            "h1, so the text's first is the page's h1, and the page would have two"
        )
        hint = (
            "  hint: make it a ## heading (<h2> in HTML): the headings after the first start "
            "at level 2"
        )
        assert [
            line for line in run.err.splitlines() if line.startswith(("content/", "  hint"))
        ] == [
            f"content/titled.md:5:1: {TOLD}",
            HINT,
            f"content/two.md:8:1: {second}",
            hint,
            f"content/two.md:10:6: {second}",
            hint,
        ]
    one = (out / "one/index.html").read_text("utf-8")
    assert one.count("<h1") == 1 and '<h1 id="the-only-h1">' in one


def test_a_preview_tells_the_h1s_of_a_saved_body_as_published(tmp_path: Path) -> None:
    page = "---\ntitle: Named\ntemplate: plain.html\n---\n{}\n"
    files = {**HOME, "templates/plain.html": BARE, "content/named.md": page.format("# Only")}
    hub = make_site(tmp_path / "hub", files)
    (tmp_path / "preview").mkdir()
    preview = Preview(hub, tmp_path / "preview")
    assert [p.format() for p in preview.rebuild(None).problems] == []
    second = (
        "content/named.md:7:1: warning: a second heading of level 1 in the text: the page's "
        "template shows no h1, so the text's first is the page's h1, and the page would have "
        "two\n"
        "  hint: make it a ## heading (<h2> in HTML): the headings after the first start at "
        "level 2"
    )
    for body, told in (("# Only\n\n# Two", [second]), ("# Only\n\n## Two", [])):
        (hub / "content/named.md").write_text(page.format(body), "utf-8")
        outcome = preview.rebuild({hub / "content/named.md"})
        assert outcome.ok and outcome.rendered == 1
        assert [p.format() for p in outcome.problems] == told
