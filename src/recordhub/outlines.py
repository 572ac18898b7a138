"""What templates say before they run, read once per build with Jinja's own parser."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import jinja2
from jinja2 import nodes

# parsing needs only the syntax, which is Jinja's default in the renderer too
_PARSER = jinja2.Environment(trim_blocks=True, lstrip_blocks=True)


@dataclass(frozen=True)
class Outline:
    """One template as its source reads, without running it."""

    keys: frozenset[str]  # the keys of its t("...") calls


def outline(source: str, name: str) -> Outline:
    """Parse one template's source; raise TemplateSyntaxError when it does not parse."""
    tree = _PARSER.parse(source, name)
    keys = frozenset(
        str(call.args[0].value)
        for call in tree.find_all(nodes.Call)
        if isinstance(call.node, nodes.Name)
        and call.node.name == "t"
        and call.args
        and isinstance(call.args[0], nodes.Const)
    )
    return Outline(keys)


def read_own(folder: Path) -> dict[str, Outline]:
    """Every template of the hub that parses, by name; one that does not is told when used."""
    found: dict[str, Outline] = {}
    if not folder.is_dir():
        return found
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            name = path.relative_to(folder).as_posix()
            try:
                found[name] = outline(path.read_text(encoding="utf-8"), name)
            except (OSError, UnicodeDecodeError, jinja2.TemplateSyntaxError):
                continue
    return found


def used_keys(own: dict[str, Outline]) -> frozenset[str]:
    """The theme strings the hub's own templates ask for by name."""
    return frozenset().union(*(item.keys for item in own.values()))
