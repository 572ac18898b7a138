"""The aliases of _redirects as the preview follows them."""

from __future__ import annotations

from pathlib import Path

from recordhub import previewredirects

REDIRECTS = """\
# Written by recordhub build from the pages' aliases.
/record/old/ /record/page/ 301!
/record/old/ /record/page/ 301
/record/caf%C3%A9/ /record/caf%C3%A9-new/ 301!
/record/caf%C3%A9/ /record/caf%C3%A9-new/ 301
# Netlify: a missing address in a language gets that language's own page.
/record/fr/* /record/fr/404.html 404
"""


def test_each_alias_leads_to_its_page_and_a_404_line_is_no_redirect() -> None:
    assert previewredirects.moves(REDIRECTS) == {
        "/record/old/": "/record/page/",
        "/record/café/": "/record/caf%C3%A9-new/",
    }


def test_the_folders_redirects_are_read_again_once_replaced(tmp_path: Path) -> None:
    moves = previewredirects.Moves(tmp_path)
    assert moves.target("/record/old/") is None  # no good build yet
    (tmp_path / "_redirects").write_text(REDIRECTS, "utf-8")
    assert moves.target("/record/old") == "/record/page/"
    assert moves.target("/record/caf%C3%A9/") == "/record/caf%C3%A9-new/"
    assert moves.target("/record/fr/missing/") is None
    replaced = tmp_path / "_redirects.new"
    replaced.write_text("/record/older/ /record/page/ 301\n", "utf-8")
    replaced.replace(tmp_path / "_redirects")
    assert (moves.target("/record/old/"), moves.target("/record/older/")) == (None, "/record/page/")
