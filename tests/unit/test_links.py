"""Links in rendered HTML: .md files become URLs; missing .md targets are reported."""

from __future__ import annotations

import pytest

from recordhub import links

URLS = {
    "faq/data.md": "/faq/data/",
    "faq/_index.md": "/faq/",
    "faq/a b.md": "/faq/a-b/",
    "about.md": "/about/",
    "_index.md": "/",
    "img/chart.png": "/img/chart.png",
    "faq/report.pdf": "/faq/report.pdf",
}
FROM = "faq/x.md"


def rewrite(html: str, rel_path: str = FROM) -> tuple[str, list[links.BrokenLink]]:
    """The rewritten HTML, and the broken links found from the links conversion noted."""
    return links.rewrite(html, rel_path, URLS.get), links.resolved(
        links.relative(html), rel_path, URLS.get
    )[1]


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        ('<a href="data.md">x</a>', '<a href="/faq/data/">x</a>'),
        ('<a href="./data.md">x</a>', '<a href="/faq/data/">x</a>'),
        ('<a href="data.md#who-can-see">x</a>', '<a href="/faq/data/#who-can-see">x</a>'),
        ('<a href="_index.md">x</a>', '<a href="/faq/">x</a>'),
        ('<a href="../about.md">x</a>', '<a href="/about/">x</a>'),
        ('<a href="../about.md#team">x</a>', '<a href="/about/#team">x</a>'),
        ('<a href="../_index.md">x</a>', '<a href="/">x</a>'),
        ('<a href="a%20b.md">x</a>', '<a href="/faq/a-b/">x</a>'),
        ('<a href="data.md#a&amp;b">x</a>', '<a href="/faq/data/#a&amp;b">x</a>'),
        ('<img src="../img/chart.png" alt="c">', '<img src="/img/chart.png" alt="c">'),
        ('<a href="report.pdf">r</a>', '<a href="/faq/report.pdf">r</a>'),
        (
            '<p><a href="data.md">1</a> and <a class="k" href="../about.md">2</a></p>',
            '<p><a href="/faq/data/">1</a> and <a class="k" href="/about/">2</a></p>',
        ),
    ],
)
def test_relative_links_become_urls(html: str, expected: str) -> None:
    assert rewrite(html) == (expected, [])


@pytest.mark.parametrize(
    "html",
    [
        pytest.param('<a href="https://e.example/data.md">x</a>', id="external"),
        pytest.param('<a href="//cdn.example/data.md">x</a>', id="protocol-relative"),
        pytest.param('<a href="mailto:press@hub.example">x</a>', id="mailto"),
        pytest.param('<a href="/about.md">x</a>', id="absolute-path"),
        pytest.param('<a href="/faq/data/">x</a>', id="absolute-url-path"),
        pytest.param('<a href="#top">x</a>', id="anchor"),
        pytest.param('<a href="?page=2">x</a>', id="query"),
        pytest.param('<a href="">x</a>', id="empty"),
        pytest.param('<a href="missing.pdf">x</a>', id="missing-non-markdown"),
        pytest.param("<p>data.md is mentioned, not linked</p>", id="plain-text"),
        # sanitised HTML escapes < and > in text, so an attribute shown in text is no attribute
        pytest.param('<pre><code>&lt;a href="nope.md"&gt;x&lt;/a&gt;</code></pre>', id="code"),
        pytest.param('<p><code>&lt;img src="nope.md"&gt;</code></p>', id="inline-code"),
        pytest.param('<p>the attribute href="nope.md" in prose</p>', id="prose"),
        pytest.param('<div data-href="nope.md">x</div>', id="data-attribute"),
    ],
)
def test_other_links_untouched(html: str) -> None:
    assert rewrite(html) == (html, [])


@pytest.mark.parametrize(
    ("html", "broken"),
    [
        ('<a href="nope.md">x</a>', [links.BrokenLink("nope.md", "faq/nope.md")]),
        ('<a href="nope.md#part">x</a>', [links.BrokenLink("nope.md#part", "faq/nope.md")]),
        ('<a href="../gone/page.md">x</a>', [links.BrokenLink("../gone/page.md", "gone/page.md")]),
        ('<a href="DATA.md">x</a>', [links.BrokenLink("DATA.md", "faq/DATA.md")]),
        (
            '<a href="data.md">ok</a> <a href="one.md">1</a> <a href="two.md">2</a>',
            [links.BrokenLink("one.md", "faq/one.md"), links.BrokenLink("two.md", "faq/two.md")],
        ),
    ],
)
def test_missing_markdown_targets_are_reported(html: str, broken: list[links.BrokenLink]) -> None:
    new, found = rewrite(html)
    assert found == broken
    for link in broken:  # a broken link is left as written
        assert f'href="{link.written}"' in new.replace("&amp;", "&")


def test_a_link_beside_a_code_sample_of_one_is_rewritten_alone() -> None:
    html = (
        '<p><code>&lt;a href="data.md"&gt;</code> and <a title="a &gt; b" href="data.md">x</a>'
        ' then <img alt="c" src="../img/chart.png"></p>'
    )
    assert rewrite(html) == (
        '<p><code>&lt;a href="data.md"&gt;</code> and <a title="a &gt; b" href="/faq/data/">x</a>'
        ' then <img alt="c" src="/img/chart.png"></p>',
        [],
    )
    assert links.relative(html) == ("data.md", "../img/chart.png")


def test_links_resolve_from_the_home_folder() -> None:
    assert rewrite('<a href="faq/data.md">x</a>', "_index.md") == ('<a href="/faq/data/">x</a>', [])


@pytest.mark.parametrize(
    ("body", "written", "where"),
    [
        ("See [x](nope.md).\n", "nope.md", (5, 9)),
        ("Intro.\n\nThen [x](../gone.md#a) here.\n", "../gone.md#a", (7, 10)),
        ("Nothing here.\n", "nope.md", (5, 1)),
        # an earlier link whose target starts with this one's is not it
        ("Read [a](faq/_index.md) first.\n\nThen [b](faq/) too.\n", "faq/", (7, 10)),
        ('[a](faq/_index.md "t")\n[b]: <faq/>\n', "faq/", (6, 7)),
        ('<a href="faq/_index.md">a</a> <a href="faq/">b</a>\n', "faq/", (5, 40)),
    ],
)
def test_locate(body: str, written: str, where: tuple[int, int]) -> None:
    assert links.locate(body, 5, written) == where


def test_locate_finds_the_link_not_a_mention() -> None:
    body = "See nope.md for details.\nThe link is [here](nope.md).\n"
    assert links.locate(body, 5, "nope.md") == (6, 20)
