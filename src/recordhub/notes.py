"""Footnotes as Python-Markdown writes them, made valid: a label with a space ([^our source])
becomes an id with none, and a note the text never marks loses its link back to a mark that is
not there. Each such note, and each mark with no note (shown as written), is told of where it
is written."""

from __future__ import annotations

import html
import re
from collections.abc import Sequence

from recordhub.diagnostics import Diagnostic, warning

UNMARKED = "no mark: "  # what the converter lists for a note the text never marks
UNDEFINED = "no note: "  # and for a mark with no note, shown as written

# where footnote markup names a note or a mark: their ids, and the links between them
_NAMED = re.compile(r'(<sup id="|<li id="|<a class="footnote-(?:back)?ref" href="#)(fn[^"]*)"')
_SPACE = re.compile(r"\s+")
_BACK = re.compile(
    r'(?:&nbsp;|&#160;|\xa0)?<a class="footnote-backref" href="#([^"]*)"[^>]*>.*?</a>'
)
_MARK = re.compile(r"\[\^([^\]\n]+)\]")
_CODE = re.compile(r"<(code|pre)\b[^>]*>.*?</\1>", re.DOTALL)


def mended(converted: str, body: str) -> tuple[str, list[str]]:
    """The HTML with valid footnote ids and no link back to a mark that is not there, and the
    notes the text never marks and the marks with no note, each as UNMARKED or UNDEFINED and
    its label."""
    found: list[str] = []
    if "[^" in converted:  # Python-Markdown shows a mark with no note as it is written
        text = _CODE.sub("", converted)
        found += [UNDEFINED + m[1] for m in _MARK.finditer(text) if _marks(body, m[1])]
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


def _marks(body: str, label: str) -> list[int]:
    """Where a footnote's mark is written in body: not escaped, nor a note's own line."""
    return [
        m.start()
        for m in re.finditer(re.escape(f"[^{label}]"), body)
        if body[m.start() - 1 : m.start()] != "\\" and body[m.end() : m.end() + 1] != ":"
    ]


def told(path: str, body: str, body_line: int, found: Sequence[str]) -> list[Diagnostic]:
    """A warning for each note the text never marks, at the line that gives it, and for each
    mark with no note, where it is written."""
    problems: list[Diagnostic] = []
    seen: dict[str, int] = {}  # the same mark written twice is told at each place
    for item in found:
        if item.startswith(UNMARKED):
            label = item.removeprefix(UNMARKED)
            written = re.compile(rf"^ {{0,3}}\[\^{re.escape(label)}\]:", re.MULTILINE)
            at = written.search(body)
            places = [at.start() + at[0].index("[")] if at else []
            message = f"the footnote [^{label}] is never marked in the text: it is listed alone"
            hint = f"mark the place it belongs to with [^{label}], or remove the note"
        else:
            label = item.removeprefix(UNDEFINED)
            nth = seen[label] = seen.get(label, -1) + 1
            places = _marks(body, label)[nth:] or _marks(body, label)[-1:]
            message = f"[^{label}] is shown as written: the page has no [^{label}]: line to give it"
            hint = f"add a line [^{label}]: ... below the text, or remove the mark"
        offset = places[0] if places else None
        line = body_line + body.count("\n", 0, offset) if offset is not None else body_line
        col = offset - body.rfind("\n", 0, offset) if offset is not None else None
        problems.append(warning(path, line, col, message, hint))
    return problems
