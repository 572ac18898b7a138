"""Markdown extensions as site.yml names them: listed twice, or given settings but not used."""

from __future__ import annotations

from typing import Any

from recordhub.config import CONFIG_FILE, MarkdownSettings
from recordhub.diagnostics import Diagnostic, error, warning
from recordhub.suggestions import suggest
from recordhub.yamldoc import Positions


def unlisted(settings: MarkdownSettings, positions: Positions) -> list[Diagnostic]:
    """Settings of an extension that is not used: a misspelt name, or one left out."""
    found = []
    for name in settings.extension_configs:
        if name in settings.extensions:
            continue
        guess = suggest(name, settings.extensions)
        listed = ", ".join(dict.fromkeys(settings.extensions))  # each once, if listed twice
        hint = (
            f"did you mean '{guess}'?"
            if guess
            else (f"add {name} to markdown.extensions ({listed}), or remove its settings")
        )
        message = f"markdown.extension_configs has settings for '{name}', which is not in use"
        at = positions.key(("markdown", "extension_configs", name))
        found.append(error(CONFIG_FILE, *at, message, hint))
    return found


def repeated(data: dict[str, Any], positions: Positions) -> list[Diagnostic]:
    """A warning for each extension listed again: it is loaded once, so the line does nothing."""
    markdown = data.get("markdown")
    given = markdown.get("extensions") if isinstance(markdown, dict) else None
    names: list[Any] = given if isinstance(given, list) else []
    found = []
    for index, name in enumerate(names):
        if isinstance(name, str) and name in names[:index]:
            at = positions.value(("markdown", "extensions", index))
            message = f"Markdown extension '{name}' is listed twice"
            found.append(warning(CONFIG_FILE, *at, message, "remove the duplicate entry"))
    return found
