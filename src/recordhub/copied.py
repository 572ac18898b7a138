"""HTML files published as they are (from static/, or beside the pages in content/).

No template writes them, so nothing else looks at their links and loads: they are checked as
a rendered page is, and each problem is told at its line and column in the file.
"""

from __future__ import annotations

from collections.abc import Iterable

from recordhub import checks, htmlscan, plan


def scanned(outputs: Iterable[plan.Output], root: str) -> dict[str, checks.Checked]:
    """What the checks need of each copied HTML file among outputs, as it is published."""
    found = {}
    for item in outputs:
        if not item.copied_html or item.source is None:
            continue
        data = item.blob if item.blob is not None else item.source.read_bytes()
        scan = htmlscan.kept(htmlscan.scan(data.decode("utf-8", "replace")))
        found[item.rel] = checks.Checked(scan, root + item.rel, None, item.origin, item.source)
    return found
