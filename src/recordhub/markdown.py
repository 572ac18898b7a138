"""Stage 5: Markdown to HTML with Python-Markdown, plus the headings for tables of contents."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, NamedTuple

import markdown as md
from markdown import blockprocessors as bp
from markdown import inlinepatterns as ip
from markdown.extensions.admonition import AdmonitionProcessor
from markdown.extensions.footnotes import FootnoteBlockProcessor, FootnoteInlineProcessor
from markdown.extensions.tables import TableProcessor
from markdown.extensions.toc import slugify_unicode
from markdown.treeprocessors import InlineProcessor
from markdown.util import Registry
from markupsafe import Markup

from recordhub import links, sanitize
from recordhub.config import MarkdownSettings


@dataclass(frozen=True, slots=True)  # slots: a build may hold many (FAQs', and --no-cache)
class Heading:
    """A heading of a page, with its anchor and sub-headings."""

    level: int
    id: str
    title: str
    children: tuple[Heading, ...] = field(default=())


@dataclass(frozen=True, slots=True)
class Rendered:
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


def _headings(tokens: list[dict[str, Any]]) -> tuple[Heading, ...]:
    return tuple(
        # toc already escaped the names: Markup keeps templates from escaping them twice
        Heading(int(t["level"]), str(t["id"]), Markup(t["name"]), _headings(t.get("children", [])))
        for t in tokens
    )


# Python-Markdown's own extensions: none adds text to a page before its inline patterns run
_BUNDLED = frozenset(
    {
        *("abbr", "admonition", "attr_list", "codehilite", "def_list", "extra", "fenced_code"),
        *("footnotes", "legacy_attrs", "legacy_em", "md_in_html", "meta", "nl2br", "sane_lists"),
        *("smarty", "tables", "toc", "wikilinks"),
    }
)
# Python-Markdown's own inline patterns, and what a text must contain for each to match it
_NEEDS: dict[str, tuple[type[ip.Pattern], tuple[str, ...]]] = {
    "backtick": (ip.BacktickInlineProcessor, ("`",)),
    "escape": (ip.EscapeInlineProcessor, ("\\",)),
    "footnote": (FootnoteInlineProcessor, ("[^",)),
    "reference": (ip.ReferenceInlineProcessor, ("[",)),
    "link": (ip.LinkInlineProcessor, ("[",)),
    "image_link": (ip.ImageInlineProcessor, ("![",)),
    "image_reference": (ip.ImageReferenceInlineProcessor, ("![",)),
    "short_reference": (ip.ShortReferenceInlineProcessor, ("[",)),
    "short_image_ref": (ip.ShortImageReferenceInlineProcessor, ("![",)),
    "autolink": (ip.AutolinkInlineProcessor, ("<",)),
    "automail": (ip.AutomailInlineProcessor, ("<",)),
    # two spaces end a line, or a tab becomes them, and a line may end in a carriage return
    "linebreak": (ip.SubstituteTagInlineProcessor, ("  \n", "  \r", "\t")),
    "html": (ip.HtmlInlineProcessor, ("<",)),
    "entity": (ip.HtmlInlineProcessor, ("&",)),
}

# Python-Markdown's own block processors, and what a text must contain for each to take a block
# of it. Each need lies within one line, so it survives the indent and "> " that list items and
# quotes strip from the blocks inside them.
_BLOCK_NEEDS: dict[str, tuple[type[bp.BlockProcessor], tuple[str, ...]]] = {
    "hashheader": (bp.HashHeaderProcessor, ("#",)),
    "quote": (bp.BlockQuoteProcessor, (">",)),
    "reference": (bp.ReferenceProcessor, ("]:",)),
    "table": (TableProcessor, ("|",)),
    "footnote": (FootnoteBlockProcessor, ("[^",)),
    # or the indented rest of a <div class="admonition"> made some other way
    "admonition": (AdmonitionProcessor, ("!!!", "admonition")),
}


def _texts(value: object) -> Iterator[str]:
    """Every text in a setting's value."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _texts(key)
            yield from _texts(item)
    elif isinstance(value, list | tuple | set | frozenset):
        for item in value:
            yield from _texts(item)


class _Skipping(InlineProcessor):
    """Python-Markdown's inline processor, which does not try a pattern on a run of text that
    lacks what the pattern needs."""

    needs: tuple[tuple[str, ...], ...] = ()  # of each pattern in inlinePatterns, in order

    # Python-Markdown tries every pattern on every run of text: a page's paragraphs, headings,
    # list items and cells, and the text inside each match. Most runs have no link or emphasis.
    # A skipped pattern returns what Python-Markdown returns for a pattern that did not match.
    def _InlineProcessor__applyPattern(  # the one step that tries a pattern on a run of text
        self, pattern: ip.Pattern, data: str, patternIndex: int, startIndex: int = 0
    ) -> tuple[str, bool, int]:
        needs = self.needs[patternIndex]
        for need in needs:  # a loop, not any(): this runs for every pattern and run of text
            if need in data:
                break
        else:
            if needs:
                return data, False, 0
        applied: tuple[str, bool, int] = _APPLY(self, pattern, data, patternIndex, startIndex)
        return applied


# None if a later Python-Markdown names that step otherwise; then no run of text is skipped
_APPLY: Any = getattr(InlineProcessor, "_InlineProcessor__applyPattern", None)


class _Patterns:
    """Gives each page only the inline patterns that can match its text, and each run of text
    within it only those that can match that run."""

    # Python-Markdown tries every inline pattern on every run of text; most pages have no
    # backticks, raw HTML or entities, and the patterns that look for them took a fifth of the
    # conversion. Only patterns of Python-Markdown's own are skipped, and only with its own
    # extensions, whose settings' texts count as part of every page (a footnote mark is one).

    def __init__(self, converter: md.Markdown, settings: MarkdownSettings) -> None:
        # Any: the stubs type an InlineProcessor's patterns wrongly, as tree processors
        full: Registry[Any] = converter.inlinePatterns
        processors = converter.treeprocessors  # the one that applies them (smarty has its own)
        self._inline = next(
            (p for p in processors if isinstance(p, InlineProcessor) and p.inlinePatterns is full),
            None,
        )
        self._chosen: dict[tuple[bool, ...], tuple[Registry[Any], tuple[tuple[str, ...], ...]]] = {}
        names = [name.removeprefix("markdown.extensions.") for name in settings.extensions]
        own = self._inline is not None and all(name in _BUNDLED for name in names)
        if own and _APPLY is not None and type(self._inline) is InlineProcessor:
            self._inline.__class__ = _Skipping  # the same processor, which now skips per run
        self._items = list(full) if own else []
        self._needs: list[tuple[str, ...]] = [()] * len(self._items)  # (): always tried
        for name, (kind, needs) in _NEEDS.items():
            if own and name in full and type(full[name]) is kind:
                self._needs[full.get_index_for_name(name)] = needs
        for index, item in enumerate(self._items):
            if type(item) is ip.DelimiterProcessor:  # emphasis: its delimiters say what it needs
                self._needs[index] = tuple(item.delimiters)
        given = "\0".join(_texts(settings.extension_configs))
        self._needs = [() if any(n in given for n in needs) else needs for needs in self._needs]

    def choose(self, text: str) -> None:
        """Set the inline patterns for converting this text."""
        if not self._items or self._inline is None:
            return
        kept = tuple(not needs or any(n in text for n in needs) for needs in self._needs)
        chosen = self._chosen.get(kept)
        if chosen is None:
            patterns: Registry[Any] = Registry()
            for index, item in enumerate(self._items):
                if kept[index]:  # the order is kept; the names are not looked up while converting
                    patterns.register(item, str(index), len(self._items) - index)
            needs = tuple(n for n, k in zip(self._needs, kept, strict=True) if k)
            chosen = self._chosen[kept] = (patterns, needs)
        self._inline.inlinePatterns = chosen[0]
        if isinstance(self._inline, _Skipping):
            self._inline.needs = chosen[1]


class _Blocks:
    """Gives each page only the block processors that can take a block of its text."""

    # Python-Markdown tries the processors on every block in turn until one takes it, so a
    # paragraph is first tested for an admonition, a table, a quote and a footnote; those tests
    # were a third of the block parsing on pages that have none of them. As with the inline
    # patterns, only with Python-Markdown's own extensions, whose settings count as text.

    def __init__(self, converter: md.Markdown, settings: MarkdownSettings) -> None:
        self._parser = converter.parser
        full: Registry[bp.BlockProcessor] = self._parser.blockprocessors
        names = [name.removeprefix("markdown.extensions.") for name in settings.extensions]
        self._items = list(full) if all(name in _BUNDLED for name in names) else []
        given = "\0".join(_texts(settings.extension_configs))
        self._needs: list[tuple[str, ...]] = [()] * len(self._items)  # (): always tried
        for name, (kind, needs) in _BLOCK_NEEDS.items():
            mine = self._items and name in full and type(full[name]) is kind
            if mine and not any(n in given for n in needs):
                self._needs[full.get_index_for_name(name)] = needs
        self._chosen: dict[tuple[bool, ...], Registry[bp.BlockProcessor]] = {}

    def choose(self, text: str) -> None:
        """Set the block processors for converting this text."""
        if not self._items:
            return
        kept = tuple(not needs or any(n in text for n in needs) for needs in self._needs)
        chosen = self._chosen.get(kept)
        if chosen is None:
            chosen = self._chosen[kept] = Registry()
            for index, item in enumerate(self._items):
                if kept[index]:  # in their order; none looks another up by name
                    chosen.register(item, str(index), len(self._items) - index)
        self._parser.blockprocessors = chosen


def anchor(text: str, separator: str) -> str:
    """A heading's anchor: its words (Unicode slugs stay readable and stable in every
    language), or, for a heading of only symbols or punctuation, its code points. The toc
    extension would number those _1, _2 in order, and one added above would move the rest."""
    slug = slugify_unicode(text, separator)
    if slug:
        return slug
    spelt = unicodedata.normalize("NFC", text)
    return separator.join(f"u{ord(c):04x}" for c in spelt if not c.isspace())


class Converter:
    """A reusable Python-Markdown instance for one set of settings."""

    def __init__(self, settings: MarkdownSettings) -> None:
        self._settings = settings
        self._md = self._make(settings)
        self._patterns = _Patterns(self._md, settings)
        self._blocks = _Blocks(self._md, settings)

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
        self._patterns = _Patterns(self._md, self._settings)
        self._blocks = _Blocks(self._md, self._settings)

    def render(self, body: str) -> Rendered:
        """Convert one page body."""
        self._md.reset()
        self._patterns.choose(body)
        self._blocks.choose(body)
        html, removed = sanitize.clean(self._md.convert(body))
        tokens = getattr(self._md, "toc_tokens", [])
        return Rendered(html, _headings(tokens), tuple(removed), links.relative(html))
