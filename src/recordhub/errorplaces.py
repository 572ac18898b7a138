"""Where in the YAML a pydantic error is: the member of a union it names, a key not text."""

from __future__ import annotations

import re
from typing import Any

import yaml

from recordhub.yamldoc import Path, Positions

# pydantic's name, in an error's place, for the member of a union (str | dict[str, str]) that
# the value failed as
_MEMBER = re.compile(r"(str|int|float|bool|list|tuple|dict|set)(\[.*\])?")


def _member_at(loc: Path) -> int | None:
    """Where in an error's place pydantic named the member of a union, if it did."""
    return next(
        (i for i, p in enumerate(loc) if i and isinstance(p, str) and _MEMBER.fullmatch(p)), None
    )


def one_member(items: list[tuple[Any, Path]]) -> list[tuple[Any, Path]]:
    """A value of a union (one text, or one per language) is told of as the member it was
    written as, a mapping as the mapping, anything else as the first, not once per member."""
    members: dict[Path, list[str]] = {}  # each union's members, in pydantic's order
    unlike: set[Path] = set()  # members the value is not even of the kind of
    for item, loc in items:
        at = _member_at(loc)
        if at is not None:
            named = members.setdefault(loc[:at], [])
            named += [] if loc[at] in named else [str(loc[at])]
            if len(loc) == at + 1 and str(item["type"]).endswith("_type"):
                unlike.add(loc)
    kept: list[tuple[Any, Path]] = []
    for item, loc in items:
        at = _member_at(loc)
        if at is None:
            kept.append((item, loc))
            continue
        named = members[loc[:at]]
        fits = [m for m in named if (*loc[:at], m) not in unlike] or named
        if loc[at] == fits[0]:
            kept.append((item, (*loc[:at], *loc[at + 1 :])))
    return kept


def written_key(loc: Path, positions: Positions) -> str:
    """A key YAML read as something else than text (`1:`, `yes:`, `~:`), as it was written."""
    read = loc[-1]
    for path in positions.keys:
        if len(path) == len(loc) and path[:-1] == loc[:-1]:
            try:
                value = yaml.safe_load(str(path[-1]))
            except yaml.YAMLError:
                continue
            if not isinstance(value, str) and (value == read or str(value) == str(read)):
                return str(path[-1])
    return str(read)
