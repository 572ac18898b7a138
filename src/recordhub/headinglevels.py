"""Headings of a page's text that skip a level (a #### under a ##): the list of headings a
screen reader offers, and the page's outline, have a gap there. The levels are those of the
page as published, without its empty headings; each is told where it is."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Any

from recordhub.diagnostics import Diagnostic, warning

PREFIX = "skips a level: "  # listed as "skips a level: 4 2 id", its level, its parent's, its id
BUT_ON_FAQ = "skips a level but on an faq: "  # an FAQ shows an empty heading between the two
ON_FAQ = "skips a level on an faq: "  # only by one an FAQ shows

_FENCE = re.compile(r" {0,3}(`{3,}|~{3,})")
_ATX = re.compile(r" {0,3}(#{1,6})[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$")
_ATTRS = re.compile(r"[ \t]*\{[^{}]*\}[ \t]*$")
_TAG = re.compile(r"<[^>]*>")


def found(tokens: Sequence[dict[str, Any]]) -> list[str]:
    """Each heading, in the toc extension's tokens, more than one level under its parent as
    the page is published: one with no words is left out, and those under it are then under
    the heading above it. An FAQ shows its empty ## and ### (categories and questions): where
    that makes a difference, the item says for which pages it holds (BUT_ON_FAQ, ON_FAQ)."""
    skipped = []
    above: list[int] = []  # the levels of the published headings the next one may be under
    on_faq: list[int] = []  # and of those an FAQ shows
    for token in _in_order(tokens):
        level = int(token["level"])
        if _no_words(str(token.get("html", token["name"]))):
            if level in (2, 3):
                _parent(on_faq, level)
                on_faq.append(level)
            continue
        parent, faqs = _parent(above, level), _parent(on_faq, level)
        above.append(level)
        on_faq.append(level)
        skips = parent is not None and level > parent + 1
        if parent == faqs and skips:
            skipped.append(f"{PREFIX}{level} {parent} {token['id']}")
            continue
        if skips:
            skipped.append(f"{BUT_ON_FAQ}{level} {parent} {token['id']}")
        if faqs is not None and level > faqs + 1:
            skipped.append(f"{ON_FAQ}{level} {faqs} {token['id']}")
    return skipped


def _parent(above: list[int], level: int) -> int | None:
    """The level of the heading a heading of this level is under, the levels above it being
    above's; those it is not under are taken off."""
    while above and above[-1] >= level:
        above.pop()
    return above[-1] if above else None


def _in_order(tokens: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """The tokens and those under them, in the page's order."""
    return [t for token in tokens for t in (token, *_in_order(token.get("children", [])))]


def _no_words(html: str) -> bool:
    """Whether a heading's HTML shows nothing (an image is a heading's name): it is left out."""
    return "<img" not in html and not _TAG.sub("", html).strip()


def told(
    path: str, body: str, body_line: int, items: Sequence[str], slug: Callable[[str], str]
) -> list[Diagnostic]:
    """A warning for each heading that skips a level, at its line (slug: a heading's anchor)."""
    headings: list[tuple[int, int, str, str]] = []  # line, level, text, line as written
    fence = ""
    for number, written in enumerate(body.splitlines()):
        opened = _FENCE.match(written)
        if opened and (not fence or opened[1].startswith(fence)):
            fence = "" if fence else opened[1]
        elif not fence and (atx := _ATX.match(written)):
            headings.append((number, len(atx[1]), _ATTRS.sub("", atx[2]), written))
    problems: list[Diagnostic] = []
    for item in items:
        listed = item.split(": ", 1)[1]  # after any of the prefixes
        level, parent, anchor = listed.split(" ", 2)
        at = next(
            (n for n, lv, text, line in headings if lv == int(level) and f"#{anchor}" in line),
            None,
        )
        if at is None:
            at = next(
                (n for n, lv, text, _ in headings if lv == int(level) and slug(text) == anchor),
                None,
            )
        line = body_line + at if at is not None else body_line
        deeper = "#" * (int(parent) + 1)
        problems.append(
            warning(
                path,
                line,
                1 if at is not None else None,
                f"a heading of level {level} under one of level {parent}: the list of headings "
                "a screen reader gives skips a level",
                f"make it {deeper}, one # more than the heading it is under",
            )
        )
    return problems
