"""What a section's _index.md gives the pages below it: their type, unless they say theirs."""

from __future__ import annotations

import os


def below(rel_key: str, folders: set[str]) -> bool:
    """True when one of these folders holds the page (a section's page: a folder above it)."""
    folder = os.path.dirname(rel_key)
    if rel_key.endswith("_index.md"):
        if not folder:
            return False
        folder = os.path.dirname(folder)
    while True:
        if folder in folders:
            return True
        if not folder:
            return False
        folder = os.path.dirname(folder)


def type_of(
    rel_key: str, lang: str, default: str, cascades: dict[tuple[str, str], dict[str, object]]
) -> str:
    """The type a page gets from the nearest _index.md above it that cascades one: the index in
    the page's language, else the one in the default language."""
    folder = os.path.dirname(rel_key)
    if rel_key.endswith("_index.md"):  # a section's own page does not take its cascade
        if not folder:
            return "page"
        folder = os.path.dirname(folder)
    while True:
        for code in (lang, default):  # a translated index speaks for its own language only
            kind = cascades.get((folder, code), {}).get("type")
            if isinstance(kind, str):
                return kind
        if not folder:
            return "page"
        folder = os.path.dirname(folder)
