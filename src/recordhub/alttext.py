"""Images written in HTML with no alt attribute: HTML requires one, and a screen reader says the
image's file name in its place. A Markdown image always has one (![words](address)), empty for
an image that only decorates; an <img> in the text is told where it is written."""

from __future__ import annotations

import re
from collections.abc import Sequence

from recordhub import attrurls
from recordhub.diagnostics import Diagnostic, warning

PREFIX = "no alt: "  # what the converter lists for each, as "no alt: chart.png"

_IMAGE = re.compile(r"<img(?![\w-])[^>]*>", re.IGNORECASE)
_ALT = re.compile(r"\salt(?:\s*=|[\s/>])", re.IGNORECASE)


def found(html: str) -> list[str]:
    """Each image of the HTML with no alt attribute, as PREFIX and its address, in order."""
    if "<img" not in html:
        return []
    return [
        PREFIX + attrurls.value(image[0], "src")
        for image in _IMAGE.finditer(html)
        if not _ALT.search(image[0])
    ]


def told(path: str, body: str, body_line: int, items: Sequence[str]) -> list[Diagnostic]:
    """A warning for each image with no alt text, at its <img> in the Markdown."""
    written = [m.start() for m in _IMAGE.finditer(body) if not _ALT.search(m[0])]
    problems: list[Diagnostic] = []
    for nth, item in enumerate(items):
        offset = written[min(nth, len(written) - 1)] if written else None
        line = body_line + body.count("\n", 0, offset) if offset is not None else body_line
        col = offset - body.rfind("\n", 0, offset) if offset is not None else None
        address = item.removeprefix(PREFIX)
        image = f"the image {address}" if address else "an image"
        problems.append(
            warning(
                path,
                line,
                col,
                f"{image} has no alt text: a screen reader says its file name",
                'add alt="what it shows" to the <img>, or alt="" if it only decorates',
            )
        )
    return problems
