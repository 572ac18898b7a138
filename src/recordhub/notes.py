"""Footnotes as Python-Markdown writes them, made valid: a label with a space ([^our source])
becomes an id with none, and a note the text never marks loses its link back to a mark that is
not there, and is told of where it is written."""

from __future__ import annotations

import html
import re
from collections.abc import Sequence

from recordhub.diagnostics import Diagnostic, warning

UNMARKED = "no mark: "  # what the converter lists for a note the text never marks

# where footnote markup names a note or a mark: their ids, and the links between them
_NAMED = re.compile(r'(<sup id="|<li id="|<a class="footnote-(?:back)?ref" href="#)(fn[^"]*)"')
_SPACE = re.compile(r"\s+")
_BACK = re.compile(
    r'(?:&nbsp;|&#160;|\xa0)?<a class="footnote-backref" href="#([^"]*)"[^>]*>.*?</a>'
)


def mended(converted: str) -> tuple[str, list[str]]:
    """The HTML with valid footnote ids and no link back to a mark that is not there, and the
    notes the text never marks, each as UNMARKED and its label."""
    found: list[str] = []
    if 'class="footnote-backref"' not in converted:
        return converted, found

    # a note with no mark is still listed, with a link back to an id no element has
    def unmarked(back: re.Match[str]) -> str:
        if f'id="{back[1]}"' in converted:
            return back[0]
        found.append(UNMARKED + html.unescape(back[1].partition(":")[2]))
        return ""

    converted = _BACK.sub(unmarked, converted)
    return _NAMED.sub(lambda m: f'{m[1]}{_SPACE.sub("-", m[2])}"', converted), found


def told(path: str, body: str, body_line: int, found: Sequence[str]) -> list[Diagnostic]:
    """A warning for each note the text never marks, at the line that gives it."""
    problems: list[Diagnostic] = []
    for item in found:
        label = item.removeprefix(UNMARKED)
        written = re.compile(rf"^ {{0,3}}\[\^{re.escape(label)}\]:", re.MULTILINE)
        at = written.search(body)
        offset = at.start() + at[0].index("[") if at else None
        line = body_line + body.count("\n", 0, offset) if offset is not None else body_line
        col = offset - body.rfind("\n", 0, offset) if offset is not None else None
        problems.append(
            warning(
                path,
                line,
                col,
                f"the footnote [^{label}] is never marked in the text: it is listed alone",
                f"mark the place it belongs to with [^{label}], or remove the note",
            )
        )
    return problems
