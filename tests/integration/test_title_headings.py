"""A level-1 heading in a page's text: the theme shows the page's title as its h1, so the page
would have two; the build says where, and that the text's headings start at level 2."""

from __future__ import annotations

from pathlib import Path

from hubtest import make_site, run_cli

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
