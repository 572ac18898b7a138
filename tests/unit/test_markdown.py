"""Markdown conversion skips the inline patterns and block processors a page cannot match, and
gives the same HTML.

Each case is converted twice: by the converter, and by a plain Python-Markdown instance with
the same extensions and settings, whose HTML is then sanitised, and its footnotes and [TOC]
lists mended, in the same way.
"""

from __future__ import annotations

import sys
import types
from typing import Any

import markdown as md
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from markdown.extensions import Extension
from markdown.preprocessors import Preprocessor

from recordhub import emptyheadings, notes, sanitize
from recordhub import needed as converting
from recordhub.config import DEFAULT_EXTENSIONS, MarkdownSettings
from recordhub.markdown import Converter, anchor, headings_of, named_entries, title

PROPERTY = settings(
    max_examples=300,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)
# every extension of Python-Markdown's own that a hub may name, at once ("extra" is some of them)
BUNDLED = (
    *("abbr", "admonition", "attr_list", "codehilite", "def_list", "fenced_code", "footnotes"),
    *("legacy_attrs", "md_in_html", "meta", "nl2br", "sane_lists", "smarty", "tables", "toc"),
    *("wikilinks", "legacy_em"),
)
PLAIN = MarkdownSettings()
ALL = MarkdownSettings(extensions=BUNDLED)
# a footnote mark of asterisks: emphasis that no page's text asks for
MARKED = MarkdownSettings(extension_configs={"footnotes": {"SUPERSCRIPT_TEXT": "*{}*"}})

FRAGMENTS = [
    *("word", "two words", " ", "é", "日本", ".", ",", "!", "?", "-", "|", ":", "="),
    *("*", "**", "_", "__", "*em*", "**strong**", "_em_", "__strong__", "***both***"),
    *("`", "`code`", "``a`b``", "\\", "\\*", "\\[", "\\_", "\\\\"),
    *("[", "]", "[link](https://a.example/x)", "[text][r]", "[r]", "[r][]", "[^1]", "[^n]"),
    *("!", "![", "![alt](a.png)", "![alt][r]", "![r]", "(", ")", '"'),
    *("<", ">", "<https://a.example/>", "<me@a.example>", "<span>", "</span>", "<b>x</b>"),
    *("<!-- note -->", "&", "&amp;", "&#35;", "&copy;", "&x", ";", "#", "{", "}"),
    *("{: .cls }", "{#anchor}", "  \n", "\t", "\r\n", "\r", "[[Wiki Page]]", "--", "..."),
    *("'quoted'", '"double"', "<<", ">>", "@", "/", "~", "^", "*[HTML]: Hyper Text"),
]
PREFIXES = [
    *("", "", "", "# ", "## ", "### ", "> ", "> > ", "- ", "* ", "1. ", "    ", "\t"),
    *("!!! note ", '!!! warning "Take care" ', "[^1]: ", "[^n]: ", "[r]: https://r.example/ "),
    *("```\n", "~~~python\n", "| a | b |\n|---|---|\n| ", "Term\n: ", "Title: ", "---\n"),
    *('<div markdown="1">\n', "</div>\n", "<div>\n", "[TOC]\n", "Heading\n=======\n"),
    # an admonition's indented rest, after a div of its class made without "!!!"
    *('<div class="admonition" markdown="1">\n', "{: .admonition }\n", "a|b\n-|-\n"),
    *("[TOC]", "  [TOC]  \n", "# H {: #h }\n", "Title {: .t }\n===\n", "`{: .no }`\n"),
    # what the sanitiser changes in markup that holds no raw HTML
    *("\0", "\xa0", "[j](javascript:alert(1))", "[u](HTTP://A.EXAMPLE/)", "[c](a:b)"),
    *("![d](data:image/png;base64,AA==)", "[m](mailto:a@a.example)", "[t](tel:+1)"),
    *("[[y][r]](z)", "[a [b](x) c](y)", "*[TOC]*", "[[TOC]](x)"),
    *("[h](http://[::1)", "[s](http://a b)", "![e](http:)", "[p](http://a:99999/)"),
    *('<div class="&#97;dmonition" markdown="1">\n', '<div class="ad&#109;onition x">\n'),
]
INLINE = st.sampled_from(FRAGMENTS)
PREFIX = st.sampled_from(PREFIXES)
LINE = st.tuples(PREFIX, st.lists(INLINE, max_size=8)).map(lambda t: t[0] + "".join(t[1]))
BODY = st.lists(LINE, max_size=10).map("\n".join)


def plain(settings: MarkdownSettings, body: str) -> tuple[str, list[dict[str, Any]]]:
    """The sanitised HTML and the table of contents of a plain Python-Markdown instance."""
    configs: dict[str, dict[str, Any]] = {k: dict(v) for k, v in settings.extension_configs.items()}
    if "toc" in settings.extensions:
        # the same anchors as recordhub's (the toc extension's, but symbols spelt out)
        configs.setdefault("toc", {}).setdefault("slugify", anchor)
    converter = md.Markdown(
        extensions=list(settings.extensions), extension_configs=configs, output_format="html"
    )
    html = sanitize.clean(converter.convert(body))[0]
    if "footnotes" in settings.extensions and "[^" in body:
        html = notes.mended(html, body)[0]
    tokens = getattr(converter, "toc_tokens", [])
    if '<div class="toc">' in html:
        html = named_entries(html, headings_of(tokens))
        # a marker with nothing to list is left out, and told of
        marker = configs.get("toc", {}).get("marker", "[TOC]")
        html = emptyheadings.bare_tocs(html, marker if isinstance(marker, str) else "[TOC]")[0]
    return html, tokens


def heading_tree(tokens: list[dict[str, Any]]) -> list[tuple[int, str, str, list[Any]]]:
    """The table of contents as plain values, each heading titled as recordhub titles it."""
    return [
        (int(t["level"]), t["id"], str(title(t)), heading_tree(t.get("children", [])))
        for t in tokens
    ]


def same_as_plain(converter: Converter, settings: MarkdownSettings, body: str) -> None:
    """The converter gives what plain Python-Markdown gives."""
    rendered = converter.render(body)
    html, tokens = plain(settings, body)
    assert rendered.html == html
    assert rendered.headings is not None
    ours = [(h.level, h.id, str(h.title), h.children) for h in rendered.headings]
    theirs = heading_tree(tokens)
    assert [o[:3] for o in ours] == [t[:3] for t in theirs]


@pytest.fixture(scope="module")
def converters() -> dict[str, Converter]:
    """One converter per set of settings, reused as a build reuses it."""
    return {"plain": Converter(PLAIN), "all": Converter(ALL), "marked": Converter(MARKED)}


@pytest.mark.parametrize("fragment", FRAGMENTS)
def test_each_fragment_alone_gives_what_python_markdown_gives(
    converters: dict[str, Converter], fragment: str
) -> None:
    """Each text on its own, where nothing else on the page asks for the pattern it needs."""
    for body in (fragment, f"Some {fragment} text", *(p + fragment for p in PREFIXES)):
        same_as_plain(converters["plain"], PLAIN, body)
        same_as_plain(converters["all"], ALL, body)


@PROPERTY
@given(body=BODY)
@example(body="a\t\nb")  # a tab before a line's end becomes the spaces of a line break
@example(body="a  \r\nb")
@example(body="Some *emphasis* and `code` and &amp; and <b>bold</b> and a [link](x)")
@example(body="Text[^1]\n\n[^1]: The note with **strong** text")
@example(body='<div class="&#97;dmonition" markdown="1">\nx\n</div>\n    indented\n')
def test_the_default_extensions_give_what_python_markdown_gives(
    converters: dict[str, Converter], body: str
) -> None:
    same_as_plain(converters["plain"], PLAIN, body)


@PROPERTY
@given(body=BODY)
@example(body="*[HTML]: Hyper Text\n\nSome HTML here")
@example(body="'quoted' -- text... <<x>>")
@example(body="[[Wiki Page]] and [TOC]\n\n# Heading")
def test_every_bundled_extension_gives_what_python_markdown_gives(
    converters: dict[str, Converter], body: str
) -> None:
    same_as_plain(converters["all"], ALL, body)


@pytest.mark.parametrize("body", ["A mark[^1].\n\n[^1]: The note.", "No mark at all."])
def test_a_setting_that_adds_text_keeps_the_patterns_for_it(
    converters: dict[str, Converter], body: str
) -> None:
    same_as_plain(converters["marked"], MARKED, body)
    if "[^1]" in body:
        assert "<em>1</em>" in (converters["marked"].render(body).html or "")


def test_a_page_without_their_characters_skips_the_patterns_that_need_them() -> None:
    converter = Converter(PLAIN)
    everything = "`a` \\* [l](x) ![i](y) <b>c</b> &amp; *e* _f_ g[^1]  \nh\n\n[^1]: n"
    counts = {}
    for name, body in (("plain", "Just words, and more words."), ("everything", everything)):
        converter.render(body)
        counts[name] = len(converter._md.treeprocessors["inline"].inlinePatterns)
    assert counts["everything"] == len(converter._md.inlinePatterns)
    assert counts["plain"] < counts["everything"]


def test_a_page_without_their_characters_skips_the_block_processors_that_need_them() -> None:
    converter = Converter(PLAIN)
    everything = "# H\n\n> q\n\n!!! note\n    n\n\na | b\n--|--\n1 | 2\n\nt[^1]\n\n[^1]: f\n"
    counts = {}
    for name, body in (("plain", "Just words.\n\n- and a list"), ("everything", everything)):
        assert converter.render(body).html == plain(PLAIN, body)[0]
        counts[name] = len(converter._md.parser.blockprocessors)
    full = md.Markdown(extensions=list(DEFAULT_EXTENSIONS)).parser.blockprocessors
    assert counts["everything"] == len(full)
    assert counts["plain"] == len(full) - 6  # headings, quotes, references, tables, notes...


def test_a_page_without_braces_or_a_marker_skips_attribute_lists_and_the_marker_search() -> None:
    converter = Converter(PLAIN)
    toc = converter._md.treeprocessors["toc"]
    for body in ("Words.\n\n# A heading", "# H {: #mine }\n\n[TOC]\n\ntext"):
        assert converter.render(body).html == plain(PLAIN, body)[0]
        kept = "attr_list" in converter._md.treeprocessors
        assert kept == ("{" in body)
        assert toc.marker == ("[TOC]" if "[TOC]" in body else "")
    assert '<div class="toc">' in (converter.render("# H\n\n[TOC]").html or "")


@pytest.mark.parametrize("body", ["!!! note\n    Text.\n\nNote", "Note\n\n# H", "Words."])
def test_a_marker_set_in_the_settings_is_always_looked_for(body: str) -> None:
    """An admonition's title is its kind, capitalised: "!!! note" gives the marker "Note"."""
    marked = MarkdownSettings(extension_configs={"toc": {"marker": "Note"}})
    same_as_plain(Converter(marked), marked, body)


def test_tags_named_block_level_later_are_block_level() -> None:
    converter = Converter(PLAIN)
    body = "<custom>\n*x*\n</custom>\n\n<span>y</span>"
    before = converter.render(body).html
    assert before == plain(PLAIN, body)[0]
    converter._md.block_level_elements.append("custom")  # as an extension may
    after = converter.render(body).html
    assert after != before
    reference = md.Markdown(extensions=list(DEFAULT_EXTENSIONS), output_format="html")
    reference.block_level_elements.append("custom")
    assert after == sanitize.clean(reference.convert(body))[0]


class _Counting:
    """The sanitiser, counting the HTML it is given."""

    def __init__(self) -> None:
        self.given: list[str] = []

    def clean(self, html: str) -> str:
        self.given.append(html)
        return str(_REAL.clean(html))


_REAL = sanitize._CLEANER


@pytest.mark.parametrize(
    ("body", "cleaned"),
    [
        ("Plain *words*, a [link](../a/) and a [page](other.md#part).", False),
        ("| a | b |\n|:--|--:|\n| 1 | 2 |\n\n!!! note\n    Text.", False),
        ("A [bad](javascript:alert(1)) link.", True),
        ("A [colon](a:b) in an address.", True),
        ("An [address](https://a.example/) with a scheme.", True),  # it may be no URL
        ("An [address](http://[::1) that is no URL.", True),
        ("Raw <b>HTML</b>.", True),
        ("An attribute list.\n{: onclick=x }", True),
        ("An entity: &copy;.", True),
        ("A note[^1].\n\n[^1]: Its text.", True),  # the back link is an entity
        ("A [link [in](x) a](y) link.", False),  # one link: Python-Markdown takes the inner
        ("A [[link][r]](y) in a link.\n\n[r]: /r", True),  # two, which HTML takes apart
        ("| a | b |\n|---|---|\n| [TOC] | x |", True),  # a <div> in a row, moved out of it
    ],
)
def test_markup_the_sanitiser_would_leave_as_it_is_is_not_parsed_again(
    monkeypatch: pytest.MonkeyPatch, body: str, cleaned: bool
) -> None:
    counting = _Counting()
    monkeypatch.setattr(sanitize, "_CLEANER", counting)
    rendered = Converter(PLAIN).render(body)
    assert bool(counting.given) == cleaned
    monkeypatch.setattr(sanitize, "_CLEANER", _REAL)
    assert rendered.html == plain(PLAIN, body)[0]
    if "javascript" in body or "onclick" in body:
        assert rendered.removed


def test_a_run_of_text_without_their_characters_skips_the_patterns_that_need_them(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    tried: list[tuple[object, str]] = []
    original = converting._APPLY

    def counting(processor: Any, pattern: Any, data: str, index: int, start: int = 0) -> Any:
        tried.append((pattern, data))
        return original(processor, pattern, data, index, start)

    monkeypatch.setattr(converting, "_APPLY", counting)
    converter = Converter(PLAIN)
    body = "A [link](x) and *more*.\n\nPlain words only.\n\n- an *item*"
    assert converter.render(body).html == plain(PLAIN, body)[0]
    patterns = converter._md.inlinePatterns
    links = [data for pattern, data in tried if pattern is patterns["link"]]
    emphasis = [data for pattern, data in tried if pattern is patterns["em_strong"]]
    assert links == ["A [link](x) and *more*."]
    assert len(emphasis) == 2
    assert emphasis[1] == "an *item*"
    assert not [data for _, data in tried if "Plain" in data]


class _Shout(Extension):
    """An extension that adds emphasised text to every page before the inline patterns run."""

    def extendMarkdown(self, converter: md.Markdown) -> None:
        converter.preprocessors.register(_Added(converter), "shout", 5)


class _Added(Preprocessor):
    def run(self, lines: list[str]) -> list[str]:
        return [*lines, "", "*shouted*"]


def test_a_hub_that_names_another_extension_gets_every_pattern(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    module = types.ModuleType("recordhub_shout")
    module.makeExtension = _Shout
    monkeypatch.setitem(sys.modules, "recordhub_shout", module)
    settings = MarkdownSettings(extensions=(*DEFAULT_EXTENSIONS, "recordhub_shout"))
    same_as_plain(Converter(settings), settings, "Plain words.")
    assert "<em>shouted</em>" in (Converter(settings).render("Plain words.").html or "")


@given(text=st.text(alphabet="ab[^!&\n \r\t:]#", max_size=30), needle=st.text(max_size=4))
@example(text="a [link] here", needle="[^")
@example(text="x^ and [ apart", needle="[^")
def test_a_text_holds_a_string_exactly_when_it_contains_it(text: str, needle: str) -> None:
    holds = converting._Holds(text)
    assert holds(needle) is (needle in text)
    assert holds(needle) is (needle in text)  # asked again: the answer kept
