"""The link checks' reading of final HTML: anchors, links and loads, found the same way on
every page however often a tag repeats."""

from __future__ import annotations

import re
import time
from html.parser import HTMLParser

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from recordhub import destinations, htmlscan, inline

# what an id looks like, written as one pattern: the scanner takes those of these that are
# attributes of a tag, not text that shows one or part of another attribute's value
ID_SPEC = re.compile(r'\sid\s*=\s*(?:"([^"]*)"|\'([^\']*)\')')
PIECES = st.sampled_from(
    [" ", "\t", "\n", "\u00a0", "\u2003", "id", "ID", "x", "-", "=", '"', "'", "v", "<p", ">"]
)


def spec_ids(html: str) -> set[str]:
    return {a or b for a, b in ID_SPEC.findall(html)}


@settings(
    max_examples=500, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow]
)
@given(st.lists(PIECES, max_size=40).map("".join))
def test_ids_are_values_of_id_attributes_after_white_space(html: str) -> None:
    assert htmlscan.scan(html).ids <= spec_ids(html)


class _Parsed(HTMLParser):
    """The id attributes of every start tag, as Python's HTML parser reads them."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.ids += [value or "" for name, value in attrs if name == "id"]


VALUES = st.lists(
    # a < before a letter in a value is left out: Markdown, the sanitiser and Jinja all write &lt;
    st.sampled_from(["a", "b", " ", "< ", ">", "=", "x < y", "a > b", ' id="v" ', "id='w'"]),
    max_size=4,
).map("".join)
ATTRIBUTES = st.tuples(
    st.sampled_from(["id", "title", "class", "data-id"]), VALUES, st.sampled_from([" ", "\n  "])
)


@st.composite
def start_tag(draw: st.DrawFn) -> str:
    name = draw(st.sampled_from(["p", "h2", "span", "a"]))
    written = ""
    for key, value, space in draw(st.lists(ATTRIBUTES, max_size=4)):
        quote = "'" if '"' in value else '"'
        written += f"{space}{key}={quote}{value.replace(quote, '')}{quote}"
    return f"<{name}{written}>"


TEXT = st.sampled_from([" ", "Text", ' id="t" ', '&lt;span id="c"&gt;', "\n", "</p>", "</span>"])


@settings(max_examples=500, deadline=None, database=None)
@given(st.lists(st.one_of(TEXT, start_tag()), max_size=12).map("".join))
def test_ids_are_those_of_the_tags_as_an_html_parser_reads_them(html: str) -> None:
    parsed = _Parsed()
    parsed.feed(html)
    parsed.close()
    found = htmlscan.scan(html)
    assert found.ids == set(parsed.ids)
    firsts = list(dict.fromkeys(parsed.ids))
    again = list(parsed.ids)
    for value in firsts:
        again.remove(value)
    assert sorted(found.twice) == sorted(again)


def test_ids_in_awkward_places() -> None:
    cases = {
        '<p xid=" id="v">': set(),  # the value of xid is ' id=', then comes an attribute v"
        '<p data-id="a">': set(),
        "<h2 id='b'>": {"b"},
        'id="c" <p id="d">': {"d"},  # no white space before the first
        '<p id = "e"\u00a0id="f">': {"e"},  # a no-break space separates no attributes
        '<p id="">': {""},
        '<p ID="g">': set(),  # attribute names are lower case in the HTML that is checked
        '<code>&lt;span id="h"&gt;</code> and id="i" in text': set(),
        '<img alt=\'shows id="j"\' title="a < b > c" id="k">': {"k"},
        '<p title=\' id="l" id="m"\'\n  class=x id="n">': {"n"},
    }
    for html, ids in cases.items():
        assert htmlscan.scan(html).ids == ids, html


def test_ids_in_a_long_code_sample_or_one_long_tag_are_read_in_one_pass() -> None:
    sample = "<pre><code>" + '&lt;span id="x"&gt;\n' * 50_000 + "</code></pre>"
    tag = "<p" + ' title="a < b" id="y"' * 50_000 + ">"
    value = "<p title='" + ' id="z"' * 50_000 + "'>"
    started = time.perf_counter()
    assert htmlscan.scan(sample).ids == set() == htmlscan.scan(value).ids
    assert htmlscan.scan(tag).ids == {"y"}
    assert time.perf_counter() - started < 5  # reading each from every id's tag took minutes


PAGE = (
    '<link rel="stylesheet" href="/app.css"><link rel="canonical" href="https://hub.example/">'
    '<a href="/a/">A</a><a name="old">x</a><img src="/i.png" srcset="/i1.png 1x, /i2.png 2x">'
    '<script src="/app.js"></script><A HREF="/b/#top">B</A>'
)


HEAD = ["/app.css", "https://hub.example/"]  # a <link> names a file to check, as <a> does


def test_an_id_two_elements_have_is_repeated_once_and_still_an_anchor() -> None:
    html = '<main id="main"><h2 id="main">M</h2><p id="a">x</p><h3 id="b"></h3><i id="main">'
    kept = htmlscan.kept(htmlscan.scan(html))
    assert kept.repeated() == ["main"]
    assert kept.has_id("main") and kept.has_id("a") and kept.has_id("b")
    assert htmlscan.kept(htmlscan.scan('<p id="a"></p><p id="b"></p>')).repeated() == []


def test_tags_give_their_links_and_loads_in_the_pages_order() -> None:
    found = htmlscan.scan(PAGE)
    assert found.ids == {"old"}
    assert found.links == [*HEAD, "/a/", "/i.png", "/i1.png", "/i2.png", "/app.js", "/b/#top"]
    assert found.loads == [
        ("<link rel=stylesheet>", "/app.css"),
        ("<img src>", "/i.png"),
        ("<img srcset>", "/i1.png"),
        ("<img srcset>", "/i2.png"),
        ("<script src>", "/app.js"),
    ]


def test_a_link_that_names_an_origin_names_no_file() -> None:
    head = (
        '<link rel="preconnect" href="https://cdn.example"><link rel="dns-prefetch" '
        'href="//cdn.example"><link rel="icon preload" href="/i.svg"><link rel=alternate '
        'type="application/atom+xml" href="/feed.xml"><link rel="me" href="/about/">'
    )
    assert htmlscan.scan(head).links == ["/i.svg", "/feed.xml", "/about/"]


@pytest.mark.parametrize(
    "tag",
    [
        '<meta http-equiv="refresh" content="0; url=/moved/">',
        "<META HTTP-EQUIV=Refresh CONTENT='0;URL=/moved/'>",
        '<meta content="0; url=/moved/" http-equiv="refresh">',
        '<meta\n  content="0; url=/moved/"\n  http-equiv="refresh">',
        '<meta name="x" content="0; url=/moved/" http-equiv="refresh" />',
    ],
)
def test_a_refresh_is_a_link_wherever_its_attributes_are(tag: str) -> None:
    head = '<meta charset="utf-8"><meta property="og:url" content="https://h.example/p/">'
    found = htmlscan.scan(f"{head}{tag}<meta name=description content='http-equiv'>")
    assert found.links == ["/moved/"]
    assert found.loads == [("<meta http-equiv=refresh>", "/moved/")]


def test_meta_tags_but_a_refresh_link_and_load_nothing() -> None:
    head = (
        '<meta charset="utf-8"><meta name="description" content="url=/not-a-link/">'
        '<meta property="og:image" content="/card.png"><meta http-equiv="content-language" '
        'content="en"><meta name="twitter:title" content="0; url=/no/">'
    )
    assert htmlscan.scan(head) == htmlscan.Scan()


def test_a_tag_repeated_on_many_pages_is_read_the_same_on_each() -> None:
    first = htmlscan.scan(PAGE)
    first.links.append("/changed-by-a-caller/")
    first.ids.add("added")
    again = htmlscan.scan(PAGE + PAGE)
    assert again.ids == {"old"}
    assert again.links == [*HEAD, "/a/", "/i.png", "/i1.png", "/i2.png", "/app.js", "/b/#top"] * 2
    assert len(again.loads) == 10


def test_inline_code_the_csp_blocks_is_found_once_per_kind_as_written() -> None:
    page = (
        '<p>In prose: style="x" onclick="y".</p><code>&lt;b onclick="z"&gt;</code>'
        '<div\n  STYLE="color:red" class="a"><a onClick=\'go()\' onkeyup="k()">x</a></div>'
        '<script type="application/ld+json">{}</script><script src="/a.js"></script>'
        '<script type="module">run()</script><script>other()</script><style media="print">'
    )
    assert htmlscan.scan(page).inline == (
        ("<style> element", '<style media="print">'),
        ("style attribute", 'STYLE="color:red"'),
        ("event handler attribute", "onClick='go()'"),
        ("inline <script>", '<script type="module">'),
    )
    assert htmlscan.scan('<p class="on" data-onclick="x" title="style=a">').inline == ()


def test_names_and_white_space_are_htmls_own_ascii_ones() -> None:
    css = "background:url(/bg.png)"
    page = f'<P\rSTYLE="{css}"><Style>p{{{css.replace("bg", "sheet")}}}</Style><H1>T</H1>'
    found = htmlscan.scan(page)
    assert found.loads == [("CSS url()", "/bg.png"), ("CSS url()", "/sheet.png")]
    assert [kind for kind, _ in found.inline] == ["<style> element", "style attribute"]
    assert found.h1s == 1
    # a long s is no s, and a no-break space parts no names, to a browser: not CSS, not a link
    other = (
        f'<p\u00a0style="{css}"><\u017ftyle>p{{{css}}}</\u017ftyle><a\u00a0href="/x/"><h1\u00a0>'
    )
    nothing = htmlscan.scan(other)
    assert (nothing.loads, nothing.inline, nothing.links, nothing.h1s) == ([], (), [], 0)


STYLE_PIECES = st.sampled_from(
    [
        "<",
        ">",
        "p",
        " ",
        "\r",
        "\f",
        "\u00a0",
        "\u017f",
        "=",
        '"',
        "style",
        "STYLE",
        "sTyLe",
        "tyle",
    ]
)


@settings(max_examples=500, deadline=None, database=None)
@given(st.lists(STYLE_PIECES, max_size=30).map("".join))
def test_a_page_said_to_have_no_css_has_none_the_searches_would_find(html: str) -> None:
    styled = inline.styles(html)
    assert styled.attribute or htmlscan._STYLE_ATTR.search(html) is None
    assert styled.element or htmlscan._STYLE_BLOCK.search(html + "</style>") is None


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://t.example/p.gif", "https://t.example"),
        ("https:\\\\t.example\\p.gif", "https://t.example"),  # a backslash is a slash there
        ("\\\\t.example\\p.gif", "https://t.example"),  # so on a web page, relative too
        ("/\\t.example/p.gif", "https://t.example"),
        (" \thttps://t.\nexample/p.gif ", "https://t.example"),  # tabs and breaks are dropped
        ("HTTPS://T.EXAMPLE/", "https://t.example"),
        ("https://t.example:443/p.gif", "https://t.example"),  # the scheme's own port
        ("http://t.example:80/", "http://t.example"),
        ("https://t.example:/", "https://t.example"),
        ("//t.example:0443/", "https://t.example"),
        ("https://t.example:80/", "https://t.example:80"),
        ("https://u:p@t.example/", "https://t.example"),  # a user name is no part of it
        ("http://[::1]:80/", "http://[::1]"),
        ("http://[::1]/", "http://[::1]"),
        ("http://[::1]:8000/", "http://[::1]:8000"),
        ("https://Bücher.example/p.gif", "https://xn--bcher-kva.example"),  # as DNS names it
        ("http:t.example/p.gif", "http://t.example"),  # another scheme than the page's
        ("https:\\t.example\\p.gif", None),  # the page's own: a path of the site
        ("/p.gif?from=\\\\t.example", None),  # in the query it is a backslash
        ("p\\q.gif", None),
        ("javascript:\\\\t.example", None),
        ("mailto:a@t.example", None),
    ],
)
def test_an_origin_is_the_one_browsers_would_load_from(url: str, expected: str | None) -> None:
    assert destinations.origin(url) == expected


CLOUDINARY = "https://res.cloudinary.com/demo/image/upload/w_800,h_600/sample.jpg"


@pytest.mark.parametrize(
    ("srcset", "urls"),
    [
        ("/i1.png 1x, /i2.png 2x", ["/i1.png", "/i2.png"]),
        (
            "data:image/gif;base64,R0lGODlhAQABAAAAACw= 1x, /x.png 2x",
            ["data:image/gif;base64,R0lGODlhAQABAAAAACw=", "/x.png"],
        ),
        (f"{CLOUDINARY} 2x", [CLOUDINARY]),
        (f"/small.jpg 400w,{CLOUDINARY} 800w", ["/small.jpg", CLOUDINARY]),
        ("/a.png,/b.png 2x", ["/a.png,/b.png"]),  # no white space: one address with a comma
        ("/a.png, /b.png 2x", ["/a.png", "/b.png"]),
        ("/a.png,, /b.png", ["/a.png", "/b.png"]),  # an address's trailing commas are dropped
        ("/a.png 1x (x, y), /b.png 2x", ["/a.png", "/b.png"]),  # a comma in parentheses
        (" \n, /a.png 100w  ,\t/b.png 200w , ", ["/a.png", "/b.png"]),
        (", ,", []),
    ],
)
def test_a_srcset_is_read_as_browsers_read_it(srcset: str, urls: list[str]) -> None:
    found = htmlscan.scan(f'<img alt="" srcset="{srcset}">')
    assert found.loads == [("<img srcset>", url) for url in urls]


@pytest.mark.parametrize(
    ("html", "count"),
    [
        ('<h1 class="t">Title</h1><h2>A</h2>', 1),
        ("<header><H1>Title</H1></header><h1\nid=x>Text's</h1>", 2),
        ("<!-- <h1>old title</h1> --><h1>Title</h1>", 1),  # one in a comment is not shown
        ("<h10>x</h10><h1-x>y</h1-x><p>&lt;h1&gt; as text</p><h2>A</h2>", 0),
    ],
)
def test_a_pages_level_one_headings_are_counted_as_published(html: str, count: int) -> None:
    assert htmlscan.kept(htmlscan.scan(html)).h1s == count
