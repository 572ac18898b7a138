"""Stage 4: a page's raw front matter validated into the model of its content type."""

from __future__ import annotations

from dataclasses import replace
from typing import Any, get_origin

from pydantic import BaseModel, ValidationError

from recordhub import rules
from recordhub.config import Settings
from recordhub.diagnostics import Diagnostic, error
from recordhub.frontmatter import RawPage
from recordhub.schema import (
    CONTENT_TYPES,
    FIELDS,
    MODELS,
    Cascade,
    ChangelogEntry,
    ClaimedBy,
    Fact,
    FrontMatter,
    Milestone,
    RespondsTo,
    Source,
)
from recordhub.suggestions import suggest
from recordhub.validation import diagnostics_from
from recordhub.yamldoc import Path

_FIELDS_SET: dict[frozenset[str], set[str]] = {}  # see validate()
_OWNERS: dict[str, tuple[str, ...]] = {
    name: tuple(kind for kind, names in FIELDS.items() if name in names)
    for name in frozenset().union(*FIELDS.values())
}
# an empty list or mapping field (`tags:`, as an editor leaves it on deleting the last tag)
_EMPTY: dict[str, dict[str, object]] = {
    kind: {
        n: f.get_default()
        for n, f in m.model_fields.items()
        if get_origin(f.annotation) in (tuple, dict)
    }
    for kind, m in MODELS.items()
}
_NESTED: dict[str, type[BaseModel]] = {
    "changelog": ChangelogEntry,
    "sources": Source,
    "facts": Fact,
    "claimed_by": ClaimedBy,
    "responds_to": RespondsTo,
    "milestones": Milestone,
    "cascade": Cascade,
}


def _known_fields(model: type[FrontMatter], data: dict[str, Any]) -> dict[Path, tuple[str, ...]]:
    known: dict[Path, tuple[str, ...]] = {(): tuple(model.model_fields)}
    for key, nested in _NESTED.items():
        value = data.get(key)
        fields = tuple(nested.model_fields)
        if isinstance(value, list):
            known.update({(key, index): fields for index in range(len(value))})
        else:
            known[(key,)] = fields
    return known


def validate(
    raw: RawPage, default_type: str, settings: Settings, blind: bool = False
) -> tuple[FrontMatter | None, list[Diagnostic]]:
    """Typed front matter for raw, or None with every problem found; blind: the type a section
    above gives is not known (its _index.md has errors), so fields of other types are no error."""
    data = dict(raw.data)
    problems: list[Diagnostic] = list(raw.positions.twice)  # with the rest, not before them
    kind = data.get("type", default_type)
    if not isinstance(kind, str) or kind not in MODELS:
        line, col = raw.positions.value(("type",))
        guess = suggest(str(kind), CONTENT_TYPES) if kind is not None else None
        hint = f"did you mean '{guess}'?" if guess else f"use one of: {', '.join(CONTENT_TYPES)}"
        # `type:` with nothing after it has no value: it is no type named 'None'
        told = "'type' has no value" if kind is None else f"unknown content type '{kind}'"
        problems.append(error(raw.path, line, col, told, hint))
        kind = "page"
    data["type"] = kind  # a cascaded type is the page's type, as if it were written
    data.update({k: empty for k, empty in _EMPTY[kind].items() if k in data and data[k] is None})
    model, fields = MODELS[kind], FIELDS[kind]
    for key in list(data):
        owners = () if key in fields else _OWNERS.get(key, ())
        if owners and blind:
            del data[key]
        elif owners:
            line, col = raw.positions.key((key,))
            problems.append(
                error(
                    raw.path,
                    line,
                    col,
                    f"field '{key}' belongs to type "
                    f"{' or '.join(owners)}, and this page is of type {kind}",
                    f"set `type: {owners[0]}` or remove '{key}'",
                )
            )
            del data[key]
    try:
        matter = model.model_validate(data)
    except ValidationError as exc:
        known, quoted = _known_fields(model, data), rules.quoted(data, kind, raw, settings)
        problems += diagnostics_from(
            exc, raw.path, raw.positions, known, quoted=quoted, owners=_OWNERS
        )
        if "type" not in raw.data:  # a page of claims/ that is no claim is told how it is one
            problems = _by_cascade(problems, kind)
        return None, problems + rules.check(data, kind, raw, settings)  # reported with the rest
    # which fields a page sets is one of a few combinations, but each model held its own set
    # of their names (0.7 KB a page, 7 MB at 10,000): pages that set the same ones share it,
    # which is safe because the models are frozen and never change it
    names = frozenset(matter.model_fields_set)
    shared = _FIELDS_SET.setdefault(names, set(names))
    object.__setattr__(matter, "__pydantic_fields_set__", shared)
    problems += rules.check(data, kind, raw, settings)
    return (None if any(p.severity.value == "error" for p in problems) else matter), problems


def _by_cascade(found: list[Diagnostic], kind: str) -> list[Diagnostic]:
    """found, where a field its type requires is missing from a page whose type its section's
    cascade gives, with a hint that says where the type comes from."""
    own = {n for n, f in MODELS[kind].model_fields.items() if f.is_required()} - {"title"}
    missing = {f"missing required field '{name}'" for name in own}
    why = f"; its section's cascade makes this page of type {kind}: if it is not one, "
    why += "set `type: page`"
    return [replace(d, hint=f"{d.hint}{why}") if d.message in missing else d for d in found]
