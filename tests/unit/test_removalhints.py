"""Each thing the sanitiser takes out of a page gets the hint that fits it."""

from __future__ import annotations

import pytest

from recordhub.removalhints import REMOVED, hint
from recordhub.sanitize import ATTRIBUTES

KEPT_ON_A = "class, dir, href, hreflang, id, lang, rel, title"


@pytest.mark.parametrize(
    ("item", "expected"),
    [
        ("<script>", REMOVED),
        ("onclick on <p>", REMOVED),
        ("style on <p>", REMOVED),
        ("href on <a>", REMOVED),  # for its javascript: or data: address
        ("poster on <video>", REMOVED),
        ("cite on <blockquote>", REMOVED),
        ("<td>", "put it inside a <table>, with the rest of its table, or write a Markdown table"),
        ("<li>", "put it inside a <ul> or <ol>, or write a Markdown list"),
        (
            "<embed>",
            "a page may not embed another site's page or player, which would see its readers: "
            "link to it, or put the file in static/ and play it with <video controls src=...>",
        ),
        (
            "autoplay on <audio>",
            "remove autoplay: a page plays a video or recording when its reader starts it",
        ),
        ("target on <a>", f"<a> in a page takes {KEPT_ON_A}: remove target"),
        (
            "srcset on <img>",
            "<img> in a page takes alt, class, dir, height, id, lang, loading, src, title, "
            "width: remove srcset",
        ),
        ("data-x on <p>", "<p> in a page takes class, dir, id, lang, title: remove data-x"),
    ],
)
def test_each_removal_gets_the_hint_that_fits_it(item: str, expected: str) -> None:
    assert hint(item, ATTRIBUTES) == expected
