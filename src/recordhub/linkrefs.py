"""Reference links with no definition ("see [our policy][policy]" and no "[policy]: ..." line):
Markdown shows them as written, brackets and all, and says nothing."""

from __future__ import annotations

import html
import re
from collections.abc import Sequence

from recordhub.diagnostics import Diagnostic, warning

PREFIX = "no definition: "  # what the converter lists for each, as "no definition: [a][b]"

# [text][id] or [text][], as the converted HTML still shows it when no definition gave it
_SHOWN = re.compile(r"\[([^\[\]\n]+)\]\[([^\[\]\n]*)\]")
_CODE = re.compile(r"<(code|pre)\b[^>]*>.*?</\1>", re.DOTALL)


def undefined(body: str, converted: str) -> list[str]:
    """The reference links of a body that its HTML shows as written, each as PREFIX and the
    link: written so in the Markdown, not with escaped brackets."""
    if "][" not in converted:
        return []
    shown = [html.unescape(m[0]) for m in _SHOWN.finditer(_CODE.sub("", converted))]
    return [PREFIX + link for link in shown if _written(body, link)]


def _written(body: str, link: str) -> list[int]:
    """Where a reference link is written in body as one: its bracket not escaped, nor right
    after a word (matrix[i][j] is an index, most likely, in text about code)."""
    return [
        m.start()
        for m in re.finditer(re.escape(link), body)
        if not re.match(r"[\\\w]", body[m.start() - 1 : m.start()])
    ]


def told(path: str, body: str, body_line: int, found: Sequence[str]) -> list[Diagnostic]:
    """A warning for each reference link with no definition, where it is written."""
    problems: list[Diagnostic] = []
    seen: dict[str, int] = {}  # the same link written twice is told at each place
    for item in found:
        link = item.removeprefix(PREFIX)
        nth = seen[link] = seen.get(link, -1) + 1
        places = _written(body, link)
        offset = places[min(nth, len(places) - 1)] if places else None
        line = body_line + body.count("\n", 0, offset) if offset is not None else body_line
        col = offset - body.rfind("\n", 0, offset) if offset is not None else None
        label, _, ref = link[1:-1].partition("][")
        name = ref or label
        image = offset is not None and body[offset - 1 : offset] == "!"
        message = f"{link} is shown as written: the page has no [{name}]: line to say where it goes"
        instead = (
            f"the image as ![{label}](address)" if image else f"the link as [{label}](address)"
        )
        hint = (
            f"add a line [{name}]: https://... below the text (the name in any case, spaced "
            f"as here), or write {instead}"
        )
        problems.append(warning(path, line, col, message, hint))
    return problems
