"""Did you mean: the known name most likely meant by one written wrong."""

from __future__ import annotations

import difflib
from collections.abc import Iterable

# a setting's name as other tools (Hugo, Jekyll, HTML) spell it, which spelling alone does not
# lead to: `description:` moved under extra: as told would leave the page without a summary
_OTHER_NAMES = {
    **dict.fromkeys(("description", "excerpt"), "summary"),
    **dict.fromkeys(("lastmod", "modified"), "updated"),
    **dict.fromkeys(("categories", "keywords"), "tags"),
    **dict.fromkeys(("link", "href"), "url"),
    **dict.fromkeys(("label", "name"), "title"),
    "publishdate": "publish_at",
    "expirydate": "expires",
    "layout": "template",
    "direction": "dir",
    "url": "base_url",
}


def suggest_field(word: str, choices: Iterable[str]) -> str | None:
    """The known field most likely meant, by the name other tools give it or by its spelling."""
    known = {choice.casefold(): choice for choice in choices}
    other = _OTHER_NAMES.get(word.casefold().replace("-", "_"))
    return known[other] if other in known else suggest(word, known.values())


def suggest(word: str, choices: Iterable[str], cutoff: float = 0.6) -> str | None:
    """The closest known word, for a did-you-mean hint (cutoff: how alike, from 0 to 1)."""
    # in any case: `Base_URL:` is base_url, though half its letters differ as written
    known = {choice.casefold(): choice for choice in reversed(list(choices))}
    matches = difflib.get_close_matches(word.casefold(), list(known), n=1, cutoff=cutoff)
    return known[matches[0]] if matches else None
