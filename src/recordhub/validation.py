"""Turn pydantic validation errors into diagnostics that point at the YAML that caused them."""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping
from typing import Any

from pydantic import ValidationError

from recordhub.diagnostics import Diagnostic, error
from recordhub.yamldoc import Path, Positions


def suggest(word: str, choices: Iterable[str]) -> str | None:
    """The closest known word, for a did-you-mean hint."""
    matches = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return matches[0] if matches else None


def _dotted(loc: Path) -> str:
    parts: list[str] = []
    for item in loc:
        if isinstance(item, int):
            parts.append(f"[{item}]")
        else:
            parts.append(("." if parts else "") + item)
    return "".join(parts)


def _describe(value: Any) -> str:
    if isinstance(value, bool):
        return "a true/false value"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return "text"


def diagnostics_from(
    exc: ValidationError,
    path: str,
    positions: Positions,
    known_fields: Mapping[Path, Iterable[str]] | None = None,
    loc_offset: Path = (),
) -> list[Diagnostic]:
    """One diagnostic per validation error, placed at the offending key or value."""
    found: list[Diagnostic] = []
    for item in exc.errors(include_url=False):
        loc: Path = tuple(
            part
            for part in item["loc"]
            if not (isinstance(part, str) and part.startswith("function-"))
        )
        loc = (*loc_offset, *loc)
        name = _dotted(loc)
        kind = item["type"]
        value = item.get("input")
        if kind == "extra_forbidden":
            key = str(loc[-1])
            line, col = positions.key(loc)
            choices = (known_fields or {}).get(loc[:-1], ())
            guess = suggest(key, choices)
            hint = f"did you mean '{guess}'? " if guess else ""
            hint += "Values of your own go under `extra:`" if not loc[:-1] else "remove it"
            found.append(error(path, line, col, f"unknown field '{name}'", hint))
        elif kind == "missing":
            line, col = positions.value(loc[:-1])
            found.append(
                error(path, line, col, f"missing required field '{name}'", f"add `{loc[-1]}: ...`")
            )
        elif kind in {"string_type"} and isinstance(value, bool | int | float):
            line, col = positions.value(loc)
            raw = positions.raw.get(loc, str(value))
            found.append(
                error(
                    path,
                    line,
                    col,
                    f"'{name}' must be text, but YAML read `{raw}` as {_describe(value)}",
                    f'put the value in quotes: {loc[-1]}: "{raw}"',
                )
            )
        elif kind.startswith(("date", "datetime")):
            line, col = positions.value(loc)
            raw = positions.raw.get(loc, str(value))
            reason = item["msg"].split(",", 1)[-1].strip() if "," in item["msg"] else item["msg"]
            found.append(
                error(
                    path,
                    line,
                    col,
                    f"'{name}' is not a valid date: {raw} ({reason})",
                    "write dates as YYYY-MM-DD, e.g. 2026-03-01",
                )
            )
        elif kind == "literal_error":
            line, col = positions.value(loc)
            expected = item.get("ctx", {}).get("expected", "")
            options = [part.strip(" '") for part in expected.replace(" or ", ", ").split(",")]
            guess = suggest(str(value), options)
            hint = f"did you mean '{guess}'?" if guess else f"use one of: {', '.join(options)}"
            found.append(error(path, line, col, f"'{name}' has unknown value '{value}'", hint))
        else:
            line, col = positions.value(loc)
            message = item["msg"]
            if kind == "value_error":
                message = message.removeprefix("Value error, ")
            hint = f"expected {_expected(kind)}" if _expected(kind) else "fix this value"
            if kind.endswith("_type") and value is not None:
                message = f"{message}, got {_describe(value)}"
            found.append(error(path, line, col, f"'{name}': {message}", hint))
    return found


def _expected(kind: str) -> str | None:
    return {
        "string_type": "text",
        "int_type": "a whole number",
        "int_parsing": "a whole number",
        "bool_type": "true or false",
        "bool_parsing": "true or false",
        "list_type": "a list, e.g. [a, b] or lines starting with '- '",
        "dict_type": "a mapping of key: value lines",
        "model_type": "a mapping of key: value lines",
        "url_parsing": "a full URL starting with https://",
    }.get(kind)
