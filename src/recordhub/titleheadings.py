"""Level-1 headings in a page's text (# Title, a === underline, or <h1> in HTML): every theme
template of a page shows its title as the page's h1, so the page would have two, and a screen
reader's list of headings two tops. Each is told where it is written."""

from __future__ import annotations

import re
from collections.abc import Sequence

from recordhub import emptyheadings
from recordhub.diagnostics import Diagnostic, warning

PREFIX = "an h1"  # what the converter lists for each h1 of a body, in order

_FENCE = re.compile(r" {0,3}(`{3,}|~{3,})")
_ATX = re.compile(r" {0,3}#(?:[ \t]|$)")
_SETEXT = re.compile(r" {0,3}=+[ \t]*$")
_RAW = re.compile(r"<h1(?![\w-])", re.IGNORECASE)
_EMPTY_H1 = f"{emptyheadings.PREFIX}1"  # and " id" after it, if it has one


def found(html: str) -> list[str]:
    """PREFIX once for each h1 of a body's sanitised HTML (where no tag is written as text)
    but those of no text, which are left out of the page."""
    if "<h1" not in html:
        return []
    empty = [item for item in emptyheadings.found(html) if item.startswith(_EMPTY_H1)]
    return [PREFIX] * (html.count("<h1") - len(empty))


def told(path: str, body: str, body_line: int, items: Sequence[str]) -> list[Diagnostic]:
    """A warning for each h1 of the text, at its heading's line."""
    places = _written(body)
    problems: list[Diagnostic] = []
    for nth, _ in enumerate(items):
        line, col = places[min(nth, len(places) - 1)] if places else (None, None)
        problems.append(
            warning(
                path,
                body_line + line if line is not None else body_line,
                col,
                "a heading of level 1 in the text: the page's title is already its h1, so the "
                "page would have two",
                "make it a ## heading (<h2> in HTML): the text's headings start at level 2",
            )
        )
    return problems


def _written(body: str) -> list[tuple[int, int]]:
    """Where the body's level-1 headings are written, as (line in the body, column), in order."""
    places: list[tuple[int, int]] = []
    fence, before = "", ""
    for number, written in enumerate(body.splitlines()):
        opened = _FENCE.match(written)
        if opened and (not fence or opened[1].startswith(fence)):
            fence = "" if fence else opened[1]
        elif not fence:
            # one with no words is left out of the page: no second h1
            if _ATX.match(written) and not emptyheadings.untitled(written.lstrip(" #")):
                places.append((number, written.index("#") + 1))
            elif _SETEXT.match(written) and before.strip() and not before.startswith("    "):
                places.append((number - 1, len(before) - len(before.lstrip()) + 1))
            raw = (m.start() for m in _RAW.finditer(written))
            places += [(number, at + 1) for at in raw if not emptyheadings.RAW.match(written, at)]
        before = "" if fence else written
    return places
