"""Placeholders in a hub's theme strings ({number}): those the theme does not fill in show as
written, as a translator who translates the placeholder's name too would not expect."""

from __future__ import annotations

import re

from recordhub.diagnostics import Diagnostic, warning
from recordhub.yamldoc import Positions

_PLACEHOLDER = re.compile(r"\{[^{}\s]+\}")


def unfilled(
    shown: str, texts: dict[str, str], positions: Positions, english: dict[str, str]
) -> list[Diagnostic]:
    """A warning for each text of a hub's strings file (shown) with a placeholder that the
    theme's English text for the key does not have, and so is not filled in."""
    found: list[Diagnostic] = []
    for key, text in texts.items():
        theirs = english.get(key)
        if theirs is None or "{" not in text:
            continue
        filled = _PLACEHOLDER.findall(theirs)
        for written in dict.fromkeys(_PLACEHOLDER.findall(text)):
            if written in filled:
                continue
            which = " and ".join(filled) + " only" if filled else "none"
            message = f"{key} has {written}, which is shown as written: the theme fills in {which}"
            hint = (
                f'write {filled[0]} in its place, as the theme\'s strings/en.yml does: "{theirs}"'
                if filled
                else f"write the words themselves in place of {written}"
            )
            found.append(warning(shown, *positions.value((key,)), message, hint))
    return found
