"""What a section's _index.md gives the pages below it: their type, unless they say theirs."""

from __future__ import annotations

import os
from collections.abc import Iterator


def _above(rel_key: str) -> Iterator[str]:
    """The folders whose _index.md speaks for the page, nearest first, up to content/ ('')."""
    folder = os.path.dirname(rel_key)
    if rel_key.endswith("_index.md"):  # a section's own page does not take its cascade
        if not folder:
            return
        folder = os.path.dirname(folder)
    while True:
        yield folder
        if not folder:
            return
        folder = os.path.dirname(folder)


def below(rel_key: str, folders: set[str]) -> bool:
    """True when one of these folders speaks for the page."""
    return any(folder in folders for folder in _above(rel_key))


def type_of(
    rel_key: str, lang: str, default: str, cascades: dict[tuple[str, str], dict[str, object]]
) -> str:
    """The type a page gets from the nearest _index.md above it that cascades one: the index in
    the page's language, else the one in the default language."""
    if rel_key.endswith("_index.md"):
        # a section's own page lists its pages (a year's statements), it is not one of them
        return "page"
    for folder in _above(rel_key):
        for code in (lang, default):  # a translated index speaks for its own language only
            kind = cascades.get((folder, code), {}).get("type")
            if isinstance(kind, str):
                return kind
    return "page"
