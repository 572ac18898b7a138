"""HTML files published as they are (from static/, or beside the pages in content/).

No template writes them, so nothing else looks at their links and loads: they are checked as
a rendered page is, and each problem is told at its line and column in the file.
"""

from __future__ import annotations

from collections.abc import Iterable

from recordhub import checks, htmlscan, plan

HTML = (".html", ".htm")


def is_html(item: plan.Output) -> bool:
    """True for an HTML file copied into the output rather than rendered from a page."""
    return item.page is None and item.source is not None and item.rel.lower().endswith(HTML)


def scanned(outputs: Iterable[plan.Output], root: str) -> dict[str, checks.Checked]:
    """What the checks need of each copied HTML file among outputs, as it is published."""
    found = {}
    for item in outputs:
        if not is_html(item):
            continue
        assert item.source is not None
        data = item.blob if item.blob is not None else item.source.read_bytes()
        scan = htmlscan.kept(htmlscan.scan(data.decode("utf-8", "replace")))
        found[item.rel] = checks.Checked(scan, root + item.rel, None, item.origin, item.source)
    return found
