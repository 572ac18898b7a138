"""A strings value that is no text: a list or a mapping, such as the whole file nested under
its language (`es:`), as Rails' locale files are written."""

from __future__ import annotations

from typing import Any

from recordhub.diagnostics import Diagnostic, error
from recordhub.validation import describe
from recordhub.yamldoc import Positions


def not_text(shown: str, key: str, value: list[Any] | dict[Any, Any], at: Positions) -> Diagnostic:
    """The error for a strings file's (shown) key whose value is a list or a mapping."""
    file_language = shown.rpartition("/")[2].partition(".")[0].lower()
    if isinstance(value, dict) and key.lower().replace("_", "-").split("-")[0] == file_language:
        message = f"the strings are nested under '{key}:', which recordhub does not read"
        hint = (
            f"remove the line '{key}:' and the indentation of the lines under it: a strings "
            "file is one `key: text` line per string, as the theme's strings/en.yml"
        )
        return error(shown, *at.key((key,)), message, hint)
    message = f"the string '{key}' must be text, not {describe(value)}"
    return error(shown, *at.value((key,)), message, f"write it on one line: {key}: ...")
