"""What of Python-Markdown each page needs: the inline patterns, block processors and tree
processors that its text can set off, and nothing else.

Python-Markdown tries every inline pattern on every run of text, every block processor on
every block until one takes it, and every tree processor on the whole page. Most pages have
no backticks, raw HTML, tables, admonitions or attribute lists, and the work of looking for
them was a large part of each conversion. What a page's text cannot set off is left out, so
the HTML is the same (tests/unit/test_markdown.py compares it with plain Python-Markdown's).
Only Python-Markdown's own extensions are known well enough for this, and the texts of a
hub's extension settings count as part of every page.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import markdown as md
from markdown import blockprocessors as bp
from markdown import inlinepatterns as ip
from markdown.extensions.admonition import AdmonitionProcessor
from markdown.extensions.attr_list import AttrListTreeprocessor
from markdown.extensions.footnotes import FootnoteBlockProcessor, FootnoteInlineProcessor
from markdown.extensions.tables import TableProcessor
from markdown.extensions.toc import TocTreeprocessor
from markdown.treeprocessors import InlineProcessor
from markdown.util import Registry

from recordhub.config import MarkdownSettings

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
    # or the indented rest of a <div class="admonition"> made some other way, its class
    # perhaps spelt with character references (class="&#97;dmonition")
    "admonition": (AdmonitionProcessor, ("!!!", "admonition", "&#")),
}


# Python-Markdown's own tree processors that only act on what a text holds
_TREE_NEEDS: dict[str, tuple[type[Any], tuple[str, ...]]] = {
    "attr_list": (AttrListTreeprocessor, ("{",)),  # every attribute list is in braces
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


class _Holds:
    """Whether a page's text holds each of the strings that parts of Python-Markdown need,
    each looked for once (several parts need "[" or "<")."""

    def __init__(self, text: str) -> None:
        self._text = text
        self._found: dict[str, bool] = {}

    def __call__(self, needle: str) -> bool:
        found = self._found.get(needle)
        if found is None:
            text = self._text
            # one character is found, or found missing, at the speed of reading memory; a
            # search for two or more took 4 or 5 µs a page, each: so the characters first,
            # as "^" is missing from most pages, and "[^" with it
            if len(needle) < 2:
                found = needle in text
            else:
                found = all(map(text.__contains__, needle)) and needle in text
            self._found[needle] = found
        return found


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

    def __init__(self, converter: md.Markdown, bundled: bool, given: str) -> None:
        # Any: the stubs type an InlineProcessor's patterns wrongly, as tree processors
        full: Registry[Any] = converter.inlinePatterns
        processors = converter.treeprocessors  # the one that applies them (smarty has its own)
        self._inline = next(
            (p for p in processors if isinstance(p, InlineProcessor) and p.inlinePatterns is full),
            None,
        )
        self._chosen: dict[tuple[bool, ...], tuple[Registry[Any], tuple[tuple[str, ...], ...]]] = {}
        own = self._inline is not None and bundled
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
        self._needs = [() if any(n in given for n in needs) else needs for needs in self._needs]

    def choose(self, holds: _Holds) -> None:
        """Set the inline patterns for converting a text, which holds what holds says."""
        if not self._items or self._inline is None:
            return
        kept = tuple(not needs or any(map(holds, needs)) for needs in self._needs)
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


class _Subset:
    """Gives each page a copy of one of Python-Markdown's registries without the processors
    that its text cannot set off; the names and order of the rest are kept."""

    def __init__(
        self,
        holder: object,
        attribute: str,
        needs: dict[str, tuple[type[Any], tuple[str, ...]]],
        given: str,
    ) -> None:
        self._holder, self._attribute = holder, attribute
        self._full: Registry[Any] = getattr(holder, attribute)
        self._needs = {
            name: wanted
            for name, (kind, wanted) in needs.items()
            if name in self._full
            and type(self._full[name]) is kind
            and not any(n in given for n in wanted)
        }
        self._chosen: dict[frozenset[str], Registry[Any]] = {}

    def choose(self, holds: _Holds) -> None:
        """Set the registry for converting a text, which holds what holds says."""
        if not self._needs:
            return
        left_out = frozenset(
            name for name, wanted in self._needs.items() if not any(map(holds, wanted))
        )
        chosen = self._chosen.get(left_out)
        if chosen is None:
            chosen = self._chosen[left_out] = self._full[:]  # a copy
            for name in left_out:
                chosen.deregister(name)
        setattr(self._holder, self._attribute, chosen)


class _Marker:
    """Spares a page the toc extension's search of every element for its marker ("[TOC]")
    when the page's text lacks the marker's words."""

    def __init__(self, converter: md.Markdown, given: str) -> None:
        try:
            found = converter.treeprocessors["toc"]
        except KeyError:
            found = None
        self._toc = found if type(found) is TocTreeprocessor else None
        self._marker = self._toc.marker if self._toc is not None else ""
        self._words = self._marker.split()  # white space may change: a tab becomes spaces
        if any(word in given for word in self._words):  # a marker set in site.yml, say
            self._toc = None

    def choose(self, holds: _Holds) -> None:
        """Set the marker the toc extension looks for in a text, which holds what holds says:
        none, if it cannot be there."""
        if self._toc is not None and self._words:
            here = all(map(holds, self._words))
            self._toc.marker = self._marker if here else ""


class Needed:
    """What of Python-Markdown each page is converted with."""

    def __init__(self, converter: md.Markdown, settings: MarkdownSettings) -> None:
        self._converter = converter
        names = [name.removeprefix("markdown.extensions.") for name in settings.extensions]
        self._own = all(name in _BUNDLED for name in names)
        given = "\0".join(_texts(settings.extension_configs))
        self._patterns = _Patterns(converter, self._own, given)
        self._parts: list[_Subset | _Marker] = (
            [
                _Subset(converter.parser, "blockprocessors", _BLOCK_NEEDS, given),
                _Subset(converter, "treeprocessors", _TREE_NEEDS, given),
                _Marker(converter, given),
            ]
            if self._own
            else []
        )
        if self._own:  # a set, not the list of some fifty names, asked some 200 times a page
            converter.is_block_level = self._is_block_level  # type: ignore[method-assign]
        self._block_level: frozenset[str] = frozenset()

    def _is_block_level(self, tag: object) -> bool:
        return isinstance(tag, str) and tag.lower().rstrip("/") in self._block_level

    def choose(self, text: str) -> None:
        """Set what this text is converted with."""
        holds = _Holds(text)
        self._patterns.choose(holds)
        for part in self._parts:
            part.choose(holds)
        # taken again for each page: an extension may name more block-level tags at any time
        self._block_level = frozenset(self._converter.block_level_elements)
