"""Strings a hub's file leaves empty (`home: ""`) or null (`home: ~`): another text is shown in
their place."""

from __future__ import annotations

from recordhub.diagnostics import Diagnostic, warning
from recordhub.yamldoc import Positions

# how YAML writes null besides nothing at all; quoted ("~") each is text, and so given
_NULLS = frozenset({"~", "null", "Null", "NULL"})


def unset(positions: Positions, given: dict[str, str]) -> list[str]:
    """The keys of a strings file whose text is empty or null; given: the texts it does give."""
    return [
        key
        for (key, *more), raw in positions.raw.items()
        if not more and isinstance(key, str) and (raw == "" or (raw in _NULLS and key not in given))
    ]


def blank(positions: Positions, known: set[str], given: dict[str, str]) -> list[str]:
    """unset's keys that templates ask for (any other is told as unused)."""
    return [key for key in unset(positions, given) if key in known]


def told(shown: str, positions: Positions, key: str, instead: str) -> Diagnostic:
    """The warning for a key of a strings file (shown) left empty or null, and the text shown
    instead."""
    raw = positions.raw[(key,)]
    if raw in _NULLS:
        message = (
            f"'{key}' is {raw}, which YAML reads as no text, so '{instead}' is shown in its place"
        )
        hint = f"write its text in place of {raw}, or remove the line"
        return warning(shown, *positions.value((key,)), message, hint)
    message = f"'{key}' is empty, so '{instead}' is shown in its place"
    hint = f"write its text after {key}:, or remove the line"
    return warning(shown, *positions.key((key,)), message, hint)


def unknown(key: str, files: list[str]) -> str:
    """What is wrong with a key that no text gives, where files give it empty or null."""
    if not files:
        return f"unknown theme string '{key}'"
    where = " and ".join(files)
    return f"the string '{key}' is given no text: write its text after {key}: in {where}"
