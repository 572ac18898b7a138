"""Strings a hub's file leaves empty (`home: ""`): another text is shown in their place."""

from __future__ import annotations

from recordhub.diagnostics import Diagnostic, warning
from recordhub.yamldoc import Positions


def blank(positions: Positions, known: set[str]) -> list[str]:
    """The keys of a strings file whose text is empty, among the keys templates ask for (any
    other is told as unused)."""
    return [
        key
        for (key, *more), raw in positions.raw.items()
        if not more and raw == "" and key in known
    ]


def told(shown: str, positions: Positions, key: str, instead: str) -> Diagnostic:
    """The warning for a key of a strings file (shown) left empty, and the text shown instead."""
    message = f"'{key}' is empty, so '{instead}' is shown in its place"
    hint = f"write its text after {key}:, or remove the line"
    return warning(shown, *positions.key((key,)), message, hint)
