"""Stage 5: Markdown to HTML with Python-Markdown, plus the headings for tables of contents."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence
from html import unescape
from typing import Any, NamedTuple

import markdown as md
from markdown.extensions.toc import slugify_unicode
from markupsafe import Markup, escape
from msgspec import Struct, field

from recordhub import (
    alttext,
    emptyheadings,
    headinglevels,
    langmarks,
    linkrefs,
    links,
    mediaplay,
    needed,
    notes,
    sanitize,
    strayparts,
    unclosed,
)
from recordhub.config import DEFAULT_EXTENSIONS, MarkdownSettings
from recordhub.diagnostics import Diagnostic


class Heading(Struct, frozen=True):
    """A heading of a page, with its anchor and sub-headings."""

    level: int
    id: str
    title: str
    children: tuple[Heading, ...] = field(default=())


class Rendered(Struct, frozen=True):
    """The HTML of a body before links are rewritten, its headings and its relative links."""

    # both None once in the conversion store, read back when the page is shown: the site
    # model holds no page's HTML, and no page's headings (16 MB at 10,000 pages)
    html: str | None
    headings: tuple[Heading, ...] | None
    removed: tuple[str, ...] = ()  # what the sanitiser took out of raw HTML
    links: tuple[str, ...] = ()  # href and src values that may name content files


class Shown(NamedTuple):
    """A body's HTML and headings, as read back when its page is shown."""

    html: str
    headings: tuple[Heading, ...]


def plain_text(value: object) -> object:
    """msgspec's hook for what it does not write itself: Markup (a title) as the text it is."""
    if isinstance(value, str):
        return str(value)
    raise TypeError(f"a {type(value).__name__} cannot be written as JSON")


# an image's alt text as Python-Markdown writes it, escaped for an attribute
_ALT = re.compile(r'<img\s[^>]*?\balt="([^"]*)"')


def headings_of(tokens: list[dict[str, Any]]) -> tuple[Heading, ...]:
    """The headings of the toc extension's tokens, titled as tables of contents show them."""
    return tuple(
        # toc already escaped the names: Markup keeps templates from escaping them twice
        Heading(int(t["level"]), str(t["id"]), title(t), headings_of(t.get("children", [])))
        for t in tokens
    )


def listed(headings: tuple[Heading, ...]) -> tuple[Heading, ...]:
    """The headings as a table of contents lists them: one with no words (## alone) would be a
    link with none, so the headings under it take its place."""
    found: list[Heading] = []
    same = True  # nearly always: then the very tuple is given back, made anew by nothing
    for heading in headings:
        children = listed(heading.children) if heading.children else ()
        if not _has_words(heading.title):
            found += children
            same = False
        elif children is heading.children:
            found.append(heading)
        else:
            found.append(Heading(heading.level, heading.id, heading.title, children))
            same = False
    return headings if same else tuple(found)


def _has_words(title: str) -> bool:
    """Whether a heading's title shows any text, tags aside."""
    return bool((Markup(title).striptags() if "<" in title else title).strip())


def title(token: dict[str, Any]) -> Markup:
    """A heading's words; for one of only images (a logo), their alt text, which is its name
    to a screen reader, where toc, which takes its text, leaves it none."""
    name = str(token["name"])
    if name.strip() or "<img" not in str(token.get("html", "")):
        return Markup(name)
    return Markup(" ".join(alt.strip() for alt in _ALT.findall(token["html"]) if alt.strip()))


def anchor(text: str, separator: str) -> str:
    """A heading's anchor: its words (Unicode slugs stay readable and stable in every
    language), or, for a heading of only symbols or punctuation, its code points. The toc
    extension would number those _1, _2 in order, and one added above would move the rest."""
    slug = slugify_unicode(text, separator)
    if slug:
        return slug
    spelt = unicodedata.normalize("NFC", text)
    return separator.join(f"u{ord(c):04x}" for c in spelt if not c.isspace())


# Python-Markdown titles a footnote's way back to its mark in English, on a page in any language
_BACKLINK = 'class="footnote-backref"'
_BACKLINK_TITLE = re.compile(
    r'(<a class="footnote-backref" href="[^"]*" title=")Jump back to footnote (\d+) in the text"'
)


def backlinks(html: str, title: Callable[[], str | None]) -> str:
    """Footnote back-links titled with title() ({number}: the note's), unless site.yml titles
    them; html as it is when it has none (title is asked only then)."""
    words = title() if _BACKLINK in html else None
    if words is None:
        return html
    return _BACKLINK_TITLE.sub(lambda m: f'{m[1]}{escape(words.replace("{number}", m[2]))}"', html)


class Converter:
    """A reusable Python-Markdown instance for one set of settings."""

    def __init__(self, settings: MarkdownSettings) -> None:
        self._settings = settings
        self._md = self._make(settings)
        self._needed = needed.Needed(self._md, settings)
        names = {name.removeprefix("markdown.extensions.") for name in settings.extensions}
        # their markup is all in the sanitiser's allowlist; settings could add other markup
        self._known = names <= set(DEFAULT_EXTENSIONS) and not settings.extension_configs
        self._notes = "footnotes" in names
        marker = settings.extension_configs.get("toc", {}).get("marker", "[TOC]")
        self._marker = marker if isinstance(marker, str) else "[TOC]"

    @staticmethod
    def _make(settings: MarkdownSettings) -> md.Markdown:
        configs: dict[str, dict[str, Any]] = {
            k: dict(v) for k, v in settings.extension_configs.items()
        }
        if "toc" in settings.extensions:
            configs.setdefault("toc", {}).setdefault("slugify", anchor)
        return md.Markdown(
            extensions=list(settings.extensions), extension_configs=configs, output_format="html"
        )

    def reset(self) -> None:
        """Start afresh after an interrupted conversion, whose state reset() does not clear."""
        self._md = self._make(self._settings)
        self._needed = needed.Needed(self._md, self._settings)

    def render(self, body: str) -> Rendered:
        """Convert one page body."""
        self._md.reset()
        levels = self._md.block_level_elements
        loose = unclosed.raw_blocks(body, levels, sanitize.TAGS)
        if loose:  # each as inline HTML, which the sanitiser shows as text
            self._md.block_level_elements = [name for name in levels if name not in loose]
        body, escaped = unclosed.escaped_in_blocks(body, self._md.block_level_elements)
        markup_only = self._known and "<" not in body and "{" not in body
        try:
            self._needed.choose(body)  # which takes the block-level tags
            converted = self._md.convert(body)
        finally:
            self._md.block_level_elements = levels
        html, removed = sanitize.clean(converted, markup_only)
        if strayparts.written(body):  # a part written outside its element, as raw HTML
            html, stray = strayparts.loose(html)
            removed += stray
        removed += escaped + linkrefs.undefined(body, html)
        if self._notes and "[^" in body:
            html, unmarked = notes.mended(html, body)
            removed += unmarked
        removed += langmarks.found(html) + alttext.found(html) + mediaplay.found(html)
        tokens = getattr(self._md, "toc_tokens", [])
        headings = headings_of(tokens)
        removed += headinglevels.found(tokens)
        if '<div class="toc">' in html and '"></a>' in html:
            html = named_entries(html, headings)
        if '<div class="toc">' in html:  # one with nothing to list is left out
            html, bare = emptyheadings.bare_tocs(html, self._marker)
            removed += bare
        removed += emptyheadings.found(html)  # left out when the page is shown
        shown = {unclosed.name_of(item) for item in removed if item.startswith(unclosed.PREFIX)}
        if shown:
            headings = _retitled(headings, html, shown)
        return Rendered(html, headings, tuple(removed), links.relative(html))


_MARKER_TOC = re.compile(r'<div class="toc">.*?</div>', re.DOTALL)
_NAMELESS = re.compile(r'<a href="#([^"]*)"></a>')
_EMPTY_ITEM = re.compile(r"<li></li>\n?")


def named_entries(html: str, headings: tuple[Heading, ...]) -> str:
    """The lists of a [TOC] marker with no link of no words: toc names a heading of only
    images by none, and one of nothing too. The first take their titles (alt text); the
    others are left out, the headings under them kept."""
    titles: dict[str, str] = {}
    stack = list(headings)
    while stack:
        heading = stack.pop()
        titles[heading.id] = heading.title
        stack += heading.children

    def entry(link: re.Match[str]) -> str:
        title = titles.get(unescape(link[1]), "")
        return f'<a href="#{link[1]}">{title}</a>' if title.strip() else ""

    return _MARKER_TOC.sub(lambda toc: _EMPTY_ITEM.sub("", _NAMELESS.sub(entry, toc[0])), html)


def told(path: str, body: str, body_line: int, removed: Sequence[str]) -> list[Diagnostic]:
    """What a conversion removed, showed as text or left unlinked, told where it is written."""

    def levels(path: str, body: str, body_line: int, items: Sequence[str]) -> list[Diagnostic]:
        return headinglevels.told(path, body, body_line, items, lambda text: anchor(text, "-"))

    # each stage's own items, by the prefixes it lists them with; the rest are removals
    tellers: list[tuple[tuple[str, ...], Callable[..., list[Diagnostic]]]] = [
        ((unclosed.PREFIX,), unclosed.told),
        ((linkrefs.PREFIX,), linkrefs.told),
        ((notes.UNMARKED, notes.UNDEFINED), notes.told),
        ((langmarks.PREFIX,), langmarks.told),
        ((alttext.PREFIX,), alttext.told),
        ((mediaplay.PREFIX,), mediaplay.told),
        ((headinglevels.PREFIX, headinglevels.BUT_ON_FAQ, headinglevels.ON_FAQ), levels),
        ((emptyheadings.PREFIX, emptyheadings.TOC_PREFIX), emptyheadings.told),
    ]
    ours = tuple(prefix for prefixes, _ in tellers for prefix in prefixes)
    found = sanitize.removals(path, body, body_line, [r for r in removed if not r.startswith(ours)])
    for prefixes, teller in tellers:
        found += teller(path, body, body_line, [r for r in removed if r.startswith(prefixes)])
    return found


_HEADING = re.compile(r'<h([1-6]) id="([^"]*)"[^>]*>(.*?)</h\1>', re.DOTALL)
# what the table of contents leaves out of a title: the permalink, a footnote's mark
_PERMALINK = re.compile(r'<a class="headerlink"[^>]*>.*?</a>|<sup id="fnref[^"]*">.*?</sup>', re.S)
_TAG = re.compile(r"<[^>]*>")


def _retitled(headings: tuple[Heading, ...], html: str, shown: set[str]) -> tuple[Heading, ...]:
    """The headings titled as the HTML shows them where a tag in one is shown as text (these
    names), which the table of contents left out as it leaves out every tag."""
    texts = {m[2]: _TAG.sub("", _PERMALINK.sub("", m[3])).strip() for m in _HEADING.finditer(html)}

    def titled(heading: Heading) -> Heading:
        text = texts.get(heading.id, "")
        written = any(f"&lt;{name}" in text.lower() for name in shown)
        title = Markup(text) if written else heading.title
        return Heading(heading.level, heading.id, title, tuple(map(titled, heading.children)))

    return tuple(map(titled, headings))
