"""Turn pydantic validation errors into diagnostics that point at the YAML that caused them."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import yaml
from pydantic import ValidationError

from recordhub import errorplaces, invisible, moments
from recordhub.diagnostics import Diagnostic, error
from recordhub.suggestions import suggest, suggest_field
from recordhub.yamldoc import Path, Positions

_EXPECTED = {
    "string_type": "text",
    "int_type": "a whole number",
    "int_parsing": "a whole number",
    "bool_type": "true or false",
    "bool_parsing": "true or false",
    "list_type": "a list, e.g. [a, b] or lines starting with '- '",
    "tuple_type": "a list, e.g. [a, b] or lines starting with '- '",
    "float_type": "a number",
    "float_parsing": "a number",
    "dict_type": "a mapping of key: value lines",
    "model_type": "a mapping of key: value lines",
    "model_attributes_type": "a mapping of key: value lines",
}
# what to write instead, for fields whose own validators reject a value
_FIELD_HINTS = {
    "slug": "use letters, digits and dashes, e.g. slug: data-storage",
    "base_url": "e.g. base_url: https://facts.example.com/",
    "code": "use a language tag such as en, es, ar or pt-BR",
    "title": "write one title, or one per language: {en: Data storage, es: Datos}",
    "aliases": "give the page's old addresses as paths, e.g. aliases: [/old/page/]",
    "template": "name a template by its path inside templates/, e.g. template: page.html",
    "press": "e.g. press: press@example.com, or a contact page's full address, "
    "https://example.com/press/",
    "security": "e.g. security: security@example.com, or a page's full address, "
    "https://example.com/security/",
    "logo": "give the logo's path from the site's root, e.g. logo: /logo.svg (in static/)",
    "same_as": "give the web addresses (https://...) of the organisation's own profiles",
    "time_limit": "give the seconds one page may take to convert, e.g. time_limit: 10",
    **dict.fromkeys(
        ("url", "archived_url", "original_url", "source"),
        "give a web address (https://...), or a path to a file of the hub",
    ),
}

# what a number out of its field's range must be instead
_BOUNDS = {
    "greater_than": "more than {gt:g}",
    "less_than_equal": "at most {le:g}",
    "finite_number": "a finite number",
}

_DAY = {False: "date", True: "time"}
_TIME_HINT = "write times as 2026-03-01T09:00:00Z (or a date, 2026-03-01)"
_DATE_TIME_HINT = (
    "write a time with its offset from UTC, e.g. 2026-03-01T09:30:00+01:00, or the day alone, "
    "2026-03-01"
)

# what one item of a list field is called, for a hint about an empty item
_ITEM_NAMES = {"tags": "tag"}


def as_option(hint: str | None) -> str | None:
    """A hint in site.yml's words (base_url: ...) put as the command line's (--base-url ...)."""
    return hint.replace("base_url: ", "--base-url ") if hint else hint


def _dotted(loc: Path) -> str:
    parts: list[str] = []
    for item in loc:
        if isinstance(item, int):
            parts.append(f"[{item}]")
        else:
            parts.append(("." if parts else "") + item)
    return "".join(parts)


def describe(value: Any) -> str:
    """What YAML made of a value, in words."""
    if value is None:
        return "nothing (an empty value)"
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
    extra_allowed: bool = True,
    quoted: Mapping[Path, str] | None = None,
    owners: Mapping[str, tuple[str, ...]] | None = None,
) -> list[Diagnostic]:
    """One diagnostic per validation error, placed at the offending key or value.

    quoted gives, by path, the text to put in quotes where YAML read something else than the
    text it must be (a key of verdicts, for `verdict: False`); the text as written otherwise.
    owners gives the content types each top-level field of any type belongs to.
    """
    known = known_fields or {}
    items = [
        (
            item,
            tuple(p for p in item["loc"] if not (isinstance(p, str) and p.startswith("function-"))),
        )
        for item in exc.errors(include_url=False)
    ]
    items = errorplaces.one_member(items)
    # `Title: About` is one mistake, not an unknown field and a missing one: the unknown
    # field's did-you-mean names the missing one, and says all there is to say
    meant = {
        (*loc[:-1], suggest_field(str(loc[-1]), known.get(loc[:-1], ())))
        for item, loc in items
        if item["type"] == "extra_forbidden"
    }
    return [
        _one(item, loc, path, positions, known, extra_allowed, quoted or {}, owners or {})
        for item, loc in items
        if not (item["type"] == "missing" and loc in meant)
    ]


def _one(
    item: Any,
    loc: Path,
    path: str,
    positions: Positions,
    known_fields: Mapping[Path, Iterable[str]],
    extra_allowed: bool,
    quoted: Mapping[Path, str],
    owners: Mapping[str, tuple[str, ...]],
) -> Diagnostic:
    name = _dotted(loc)
    kind: str = item["type"]
    value = item.get("input")
    field = next((str(part) for part in reversed(loc) if isinstance(part, str)), "")
    if loc[-1:] == ("[key]",):  # a key of a mapping of texts: the same, one level down
        kind, loc = "invalid_key", loc[:-1]
    if kind == "invalid_key":  # `1:`, `yes:`, `~:` where a name is due
        written = errorplaces.written_key(loc, positions)
        guess = suggest_field(written, known_fields.get(loc[:-1], ()))
        hint = f"did you mean '{guess}'?" if guess else "remove it"
        message = f"key `{written}` was read by YAML as {describe(yaml.safe_load(written))}, "
        message += "not as the name of a setting"
        return error(path, *positions.key((*loc[:-1], written)), message, hint)
    if kind == "extra_forbidden" and (hidden := invisible.in_name(field)):
        return _hidden_in_name(path, loc, positions, known_fields, hidden)
    if kind == "extra_forbidden":
        line, col = positions.key(loc)
        guess = suggest_field(field, known_fields.get(loc[:-1], ()))
        # `speakr:` on a page whose type was left out: the field meant is another type's
        other = suggest(field, owners) if not guess and len(loc) == 1 else None
        if other is not None:
            types = owners[other]
            hint = f"did you mean '{other}'? It is a field of type {' or '.join(types)}: "
            hint += f"set `type: {types[0]}` or remove '{field}'"
            return error(path, line, col, f"unknown field '{name}'", hint)
        hint = f"did you mean '{guess}'? " if guess else ""
        # {date: 2026-01-09, note: fixed, with thanks}: a comma in a {...} ends the note, and
        # the rest becomes a field of its own, with no value; removing it would cut the note
        before = [
            (place, str(other[-1]))
            for other, place in positions.keys.items()
            if other[:-1] == loc[:-1] and place[0] == line and place[1] < col
        ]
        if value is None and before and not guess:
            cut = f'{max(before)[1]}: "..., {field.strip()}"'
            hint = (
                "if it is the end of the value before it, cut off at a comma, put that whole "
                f"value in quotes: {cut}"
            )
        elif extra_allowed and len(loc) == 1:
            hint += "Values of your own go under `extra:`"
        else:
            hint += "remove it" if not guess else ""
        return error(path, line, col, f"unknown field '{name}'", hint.strip())
    if kind == "missing":
        line, col = positions.value(loc[:-1])
        return error(path, line, col, f"missing required field '{name}'", f"add `{field}: ...`")
    line, col = positions.value(loc)
    raw = positions.raw.get(loc, str(value))
    text = quoted.get(loc, raw)
    # an item of a list is written `- value` or `[a, value]`, not `1: value`
    written = f'"{text}"' if isinstance(loc[-1] if loc else None, int) else f'{field}: "{text}"'
    if value is None and kind.endswith("_type"):
        where = "this item" if isinstance(loc[-1] if loc else None, int) else f"`{field}:`"
        return error(path, line, col, f"'{name}' has no value", f"write a value after {where}")
    if kind == "string_too_short" and isinstance(loc[-1] if loc else None, int):
        item_name = _ITEM_NAMES.get(field, "value")
        hint = f"remove the empty item from `{field}:`, or write the {item_name} in it"
        return error(path, line, col, f"'{name}' is empty", hint)
    if kind == "string_too_short":
        return error(path, line, col, f"'{name}' is empty", f"write a {field} after `{field}:`")
    if kind == "string_type" and isinstance(value, bool | int | float):
        # `logo: 5` wants a path, not "5"; `title: 2026` and `code: no` want their quotes
        instead = _FIELD_HINTS.get(field) if field not in ("title", "code", "slug") else None
        message = f"'{name}' must be text, but YAML read `{raw}` as {describe(value)}"
        return error(path, line, col, message, instead or f"put the value in quotes: {written}")
    if kind == "date_from_datetime_inexact":  # 2026-03-01T10:00:00Z where a day is due
        message = f"'{name}' takes a day without a time of day, not {raw}"
        return error(path, line, col, message, f"write the day alone, {str(value)[:10]}")
    if kind == moments.NO_OFFSET:  # value: as the schema read it, 2026-03-01T09:30:00
        message = f"'{name}' has a time of day but no offset from UTC: {raw}"
        hint = f"add the offset: {value}Z for UTC, or e.g. {value}+01:00 for an hour ahead of UTC"
        return error(path, line, col, message, hint)
    if kind.startswith(("date", "datetime")):
        # date: and updated: take a time too: 09:30 CET is one, meant so
        either = loc in (("date",), ("updated",)) and isinstance(value, str) and ":" in raw
        timed = kind.startswith("datetime") or either
        hint = _TIME_HINT if timed else "write dates as YYYY-MM-DD, e.g. 2026-03-01"
        hint = _DATE_TIME_HINT if either else hint
        if isinstance(value, list | dict):  # not a text to read a date from
            return error(
                path, line, col, f"'{name}' must be a {_DAY[timed]}, not {describe(value)}", hint
            )
        reason = item["msg"].split(",", 1)[-1].strip() if "," in item["msg"] else item["msg"]
        # "month value is outside expected range of 1-12" helps; "input is too short" does not
        reason = "" if "input" in reason or "character" in reason else f" ({reason})"
        message = f"'{name}' is not a valid {_DAY[timed]}: {raw}{reason}"
        if any(c.isdecimal() and not c.isascii() for c in raw):  # Arabic-Indic digits, say
            hint += ", with the digits 0 to 9"
        return error(path, line, col, message, hint)
    if kind == "literal_error":
        expected = item.get("ctx", {}).get("expected", "")
        options = [part.strip(" '") for part in expected.replace(" or ", ", ").split(",")]
        guess, use = suggest(raw, options), f"use one of: {', '.join(options)}"
        if value is None:  # `status:` with nothing after it, not a status named 'None'
            return error(path, line, col, f"'{name}' has no value", use)
        if isinstance(value, list | dict):  # `status: [retracted]`: no Python repr of it
            one = value[0] if isinstance(value, list) and len(value) == 1 else None
            meant = (
                (one if one in options else suggest(one, options)) if isinstance(one, str) else None
            )
            hint = f"write the value alone: {field}: {meant}" if meant else use
            message = f"'{name}' must be one value, not {describe(value)}"
            return error(path, line, col, message, hint)
        hint = f"did you mean '{guess}'?" if guess else use
        # as written: `status: no` is no status 'False'
        return error(path, line, col, f"'{name}' has unknown value '{raw}'", hint)
    if kind == "int_from_float":  # `weight: 1.5`: the number as written, not pydantic's words
        message = f"'{name}' must be a whole number, not {raw}"
        return error(path, line, col, message, "expected a whole number")
    if kind in _BOUNDS:
        bound = _BOUNDS[kind].format(**item.get("ctx", {}))
        hint = _FIELD_HINTS.get(field, "change this value")
        return error(path, line, col, f"'{name}' must be {bound}, not {raw}", hint)
    if kind == "value_error":
        message = item["msg"].removeprefix("Value error, ")
        return error(path, line, col, message, _FIELD_HINTS.get(field, "change this value"))
    expected = _EXPECTED.get(kind)
    if expected:
        hint = f"expected {expected}"
        if field == "cascade" and isinstance(value, str) and value.strip():  # cascade: claim
            hint = f"give the defaults by name, e.g. cascade: {{type: {value.strip()}}}"
        message = f"'{name}' must be {expected.split(',')[0]}, not {describe(value)}"
        return error(path, line, col, message, hint)
    return error(path, line, col, f"'{name}': {item['msg']}", "change this value")


def _hidden_in_name(
    path: str,
    loc: Path,
    positions: Positions,
    known_fields: Mapping[Path, Iterable[str]],
    hidden: list[tuple[int, str]],
) -> Diagnostic:
    """An unknown key that is a known one with a character that does not show in it."""
    offset, char = hidden[0]
    line, col = positions.key(loc)
    shown = "".join(c for c in str(loc[-1]) if c not in invisible.NAMES)
    name = _dotted((*loc[:-1], shown))
    # the name on screen is a known field's (or nearly): say which character is in the way
    guess = suggest_field(shown, known_fields.get(loc[:-1], ()))
    also = f"; did you mean '{guess}'?" if guess and guess != shown else ""
    return error(
        path,
        line,
        col + offset,
        f"unknown field '{name}': its name has {invisible.named(char)} in it",
        ("delete it" if char in invisible.SPACES else invisible.fix(char)) + also,
    )
