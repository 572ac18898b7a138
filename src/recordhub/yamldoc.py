"""Safe YAML loading that remembers where every key and value was written."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, ClassVar

import yaml

from recordhub import invisible, yamlerrors, yamlplaces
from recordhub.diagnostics import Diagnostic, DiagnosticError, error, warning

Path = tuple[str | int, ...]


class _Loader(yamlplaces.BaseLoader):  # type: ignore[misc,valid-type]
    """Safe loader that keeps dates as text, so the schema can report bad ones with a position."""

    yaml_implicit_resolvers: ClassVar[dict[Any, Any]] = {
        first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
        for first, resolvers in yamlplaces.BaseLoader.yaml_implicit_resolvers.items()
    }


@dataclass
class Positions:
    """1-based (line, col) of every key and value, by their path in the document."""

    keys: dict[Path, tuple[int, int]] = field(default_factory=dict)
    values: dict[Path, tuple[int, int]] = field(default_factory=dict)
    raw: dict[Path, str] = field(default_factory=dict)
    # where a '#' cut an unquoted text short (`summary: We are #1`): YAML reads the rest as a
    # comment, which a writer rarely means when the '#' is followed by a word or a number
    cut: dict[Path, tuple[int, int, str]] = field(default_factory=dict)  # and the comment
    twice: list[Diagnostic] = field(default_factory=list)  # keys given twice (the last counts)

    def value(self, path: Path) -> tuple[int, int]:
        """Position of the value at path, or of its nearest recorded ancestor."""
        for end in range(len(path), -1, -1):
            if path[:end] in self.values:
                return self.values[path[:end]]
        return (1, 1)

    def key(self, path: Path) -> tuple[int, int]:
        """Position of the key at path, falling back to its value's position."""
        return self.keys.get(path) or self.value(path)

    def cut_short(self, path: str) -> list[Diagnostic]:
        """A warning for each text a '#' cut short: `summary: We are #1` says "We are"."""
        return [_cut(path, at, place, self.raw.get(at, "")) for at, place in self.cut.items()]


def _cut(path: str, at: Path, place: tuple[int, int, str], kept: str) -> Diagnostic:
    line, col, comment = place
    whole = f"{kept} {comment}"
    quoted = f"'{whole.replace(chr(39), chr(39) * 2)}'" if '"' in whole else f'"{whole}"'
    field = next((str(part) for part in reversed(at) if isinstance(part, str)), "")
    item = bool(at) and isinstance(at[-1], int)
    return warning(
        path,
        line,
        col,
        f"'{comment}' is left out of {'this item of ' if item else ''}{field}: "
        "after a space, # starts a comment in YAML",
        f"put the whole value in quotes: {quoted if item else f'{field}: {quoted}'}",
    )


_TAB_INDENT = re.compile(r"^( *)\t", re.MULTILINE)


def load(
    text: str, path: str, line_offset: int = 0, lenient: bool = False
) -> tuple[Any, Positions]:
    """Parse one YAML document; raise DiagnosticError with file positions on any problem, but
    where lenient, leave keys given twice in positions.twice, reported beside the rest."""
    refused = [
        error(path, line + line_offset, col, found.message, found.hint)
        for found in invisible.refused(text)
        for line, col in [invisible.place(text, found.offset)]
    ]
    if refused:
        raise DiagnosticError(refused)
    tabs = [
        yamlerrors.tab_in_indentation(
            path, text.count("\n", 0, tab.start()) + 1 + line_offset, len(tab.group(1)) + 1
        )
        for tab in _TAB_INDENT.finditer(text)
    ]
    if tabs:  # each line with one: an editor that writes tabs writes them on every line
        raise DiagnosticError(tabs)
    lines = yamlplaces.Lines(text, line_offset)
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        positions = Positions()
        if node is not None:
            _walk(node, (), positions, set(), path, lines, text)
            data = loader.construct_document(node)
            if positions.twice and not lenient:
                raise DiagnosticError(positions.twice)
        else:
            data = None
    except yaml.MarkedYAMLError as exc:
        raise DiagnosticError([yamlerrors.syntax_error(exc, text, path, lines)]) from None
    except yaml.YAMLError as exc:
        raise DiagnosticError([error(path, None, None, f"invalid YAML: {exc}", None)]) from None
    except RecursionError:
        raise DiagnosticError(
            [
                error(
                    path,
                    1 + line_offset,
                    1,
                    "YAML is nested too deeply",
                    yamlerrors.advice("exceeded maximum nesting depth"),
                )
            ]
        ) from None
    finally:
        loader.dispose()
    return data, positions


_HASHTAG = re.compile(r"([ \t]+)#[^\s#]")  # `#1`, `#privacy`; `# note` is a comment


def _walk(
    node: yaml.Node,
    at: Path,
    positions: Positions,
    seen: set[int],
    path: str,
    lines: yamlplaces.Lines,
    text: str,
) -> None:
    """Record positions, refusing aliases (shared nodes) and duplicate keys."""
    if id(node) in seen:
        line, col = lines(node.start_mark)
        raise DiagnosticError(
            [
                error(
                    path,
                    line,
                    col,
                    "YAML anchors and aliases are not allowed here",
                    "write the value out in full instead of using & and *",
                )
            ]
        )
    seen.add(id(node))
    start = lines(node.start_mark)
    positions.values[at] = start
    if isinstance(node, yaml.ScalarNode):
        positions.raw[at] = str(node.value)
        if not node.style and node.tag == "tag:yaml.org,2002:str":  # plain: "" in libyaml
            cut = _HASHTAG.match(text, node.end_mark.index)
            if cut is not None:
                line, col = lines(node.end_mark)
                comment = text[cut.end(1) : yamlplaces.line_end(text, cut.end(1))].rstrip()
                positions.cut[at] = line, col + len(cut[1]), comment
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _walk(item, (*at, index), positions, seen, path, lines, text)
    elif isinstance(node, yaml.MappingNode):
        first: dict[str, int] = {}
        for key_node, value_node in node.value:
            key = str(key_node.value) if isinstance(key_node, yaml.ScalarNode) else "?"
            key_pos = lines(key_node.start_mark)
            if key in first:
                message = f"duplicate key '{key}' (first set on line {first[key]})"
                hint = "remove one of the two; a key may appear once per mapping"
                positions.twice.append(error(path, *key_pos, message, hint))
            first.setdefault(key, key_pos[0])
            positions.keys[(*at, key)] = key_pos
            _walk(value_node, (*at, key), positions, seen, path, lines, text)
