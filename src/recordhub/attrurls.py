"""An attribute's value as written in a tag, and the addresses one holds: a srcset and a ping
hold several."""

from __future__ import annotations

import functools
import re


def value(html: str, name: str) -> str:
    """The value of the first name= attribute written in html, as written; "" for none."""
    given = _attribute(name).search(html)
    return next((part for part in given.groups() if part is not None), "") if given else ""


@functools.cache
def _attribute(name: str) -> re.Pattern[str]:
    return re.compile(rf"""\s{name}\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.IGNORECASE)


def addresses(value: str | None, key: str) -> list[str]:
    """The addresses an attribute of this name holds: one, or a srcset's or a ping's several."""
    if not value:
        return []
    if key == "srcset":
        return _srcset(value)
    if key == "ping":  # addresses apart by white space
        return value.split()
    return [value.strip()]


# a srcset as the HTML standard parses it: a candidate's address runs to the next white space
# (a data: URL or a CDN's /w_800,h_600/ keeps its commas), and a comma ends a candidate only
# after the address and its descriptors, outside parentheses
_SPACE = "\t\n\f\r "
_CANDIDATE = re.compile(
    rf"[{_SPACE},]*(?:(?P<bare>[^{_SPACE},][^{_SPACE}]*?),+(?=[{_SPACE}]|\Z)"  # "a.png," ends
    rf"|(?P<url>[^{_SPACE},][^{_SPACE}]*)(?:[^,(]|\([^)]*\)?)*,?)"
)


def _srcset(value: str) -> list[str]:
    """The address of each image candidate of a srcset attribute."""
    return [found["bare"] or found["url"] for found in _CANDIDATE.finditer(value)]
