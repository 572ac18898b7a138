"""Headings of a page's text that skip a level (a #### under a ##): the list of headings a
screen reader offers, and the page's outline, have a gap there. Each is told where it is."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Any

from recordhub.diagnostics import Diagnostic, warning

PREFIX = "skips a level: "  # listed as "skips a level: 4 2 id", its level, its parent's, its id

_FENCE = re.compile(r" {0,3}(`{3,}|~{3,})")
_ATX = re.compile(r" {0,3}(#{1,6})[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$")
_ATTRS = re.compile(r"[ \t]*\{[^{}]*\}[ \t]*$")


def found(tokens: Sequence[dict[str, Any]]) -> list[str]:
    """Each heading, in the toc extension's tokens, more than one level under its parent."""
    skipped = []
    for token in tokens:
        level = int(token["level"])
        for child in token.get("children", []):
            if int(child["level"]) > level + 1:
                skipped.append(f"{PREFIX}{child['level']} {level} {child['id']}")
        skipped += found(token.get("children", []))
    return skipped


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
        level, parent, anchor = item.removeprefix(PREFIX).split(" ", 2)
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
