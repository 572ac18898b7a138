"""Stage 5: Markdown to HTML with Python-Markdown, plus the headings for tables of contents."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, NamedTuple

import markdown as md
from markdown.extensions.toc import slugify_unicode
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


class Converter:
    """A reusable Python-Markdown instance for one set of settings."""

    def __init__(self, settings: MarkdownSettings) -> None:
        self._settings = settings
        self._md = self._make(settings)

    @staticmethod
    def _make(settings: MarkdownSettings) -> md.Markdown:
        configs: dict[str, dict[str, Any]] = {
            k: dict(v) for k, v in settings.extension_configs.items()
        }
        if "toc" in settings.extensions:
            # Unicode slugs keep anchors readable and stable in every language
            configs.setdefault("toc", {}).setdefault("slugify", slugify_unicode)
        return md.Markdown(
            extensions=list(settings.extensions), extension_configs=configs, output_format="html"
        )

    def reset(self) -> None:
        """Start afresh after an interrupted conversion, whose state reset() does not clear."""
        self._md = self._make(self._settings)

    def render(self, body: str) -> Rendered:
        """Convert one page body."""
        self._md.reset()
        html, removed = sanitize.clean(self._md.convert(body))
        tokens = getattr(self._md, "toc_tokens", [])
        return Rendered(html, _headings(tokens), tuple(removed), links.relative(html))
