"""Level-1 headings in a page's text (# Title, a === underline, or <h1> in HTML) that give the
published page a second h1, and a screen reader's list of headings two tops. The theme's
templates show the page's title as its h1, so any there is one too many; a hub's own template
that shows none leaves the text's first as the page's h1. Each is told where it is written."""

from __future__ import annotations

import re
from pathlib import Path

from recordhub import emptyheadings, frontmatter
from recordhub.diagnostics import Diagnostic, warning

_FENCE = re.compile(r" {0,3}(`{3,}|~{3,})")
_ATX = re.compile(r" {0,3}#(?:[ \t]|$)")
_SETEXT = re.compile(r" {0,3}=+[ \t]*$")
_RAW = re.compile(r"<h1(?![\w-])", re.IGNORECASE)
_CODE_SPAN = re.compile(r"(`+)(?!`).*?(?<!`)\1(?!`)")  # shown as text, a tag in it too
_HINT = "make it a ## heading (<h2> in HTML): the text's headings start at level 2"


def in_file(path: str, body_line: int, root: Path, h1s: int, of_text: int) -> list[Diagnostic]:
    """told() for the page written in path (from the hub's root), read again only when the
    page has more than one h1."""
    if h1s < 2 or not of_text:
        return []
    return told(path, frontmatter.body_of(root / path) or "", body_line, h1s, of_text)


def told(path: str, body: str, body_line: int, h1s: int, of_text: int) -> list[Diagnostic]:
    """A warning for each of the of_text h1s of the text (its HTML's) that makes the page,
    which has h1s as published, one with more than one."""
    places = _written(body)

    def at(nth: int, message: str, hint: str) -> Diagnostic:
        line, col = places[min(nth, len(places) - 1)] if places else (None, None)
        shown = body_line + line if line is not None else body_line
        return warning(path, shown, col, message, hint)

    if h1s > of_text:  # the template gives one of its own: the page's title, as a rule
        message = (
            "a heading of level 1 in the text: the page's title is already its h1, so the "
            "page would have two"
        )
        return [at(nth, message, _HINT) for nth in range(of_text)]
    message = (
        "a second heading of level 1 in the text: the page's template shows no h1, so the "
        "text's first is the page's h1, and the page would have two"
    )
    hint = "make it a ## heading (<h2> in HTML): the headings after the first start at level 2"
    return [at(nth, message, hint) for nth in range(1, of_text)]


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
            shown = _CODE_SPAN.sub(lambda span: " " * len(span[0]), written)
            raw = (m.start() for m in _RAW.finditer(shown))
            places += [(number, at + 1) for at in raw if not emptyheadings.RAW.match(written, at)]
        before = "" if fence else written
    return places
