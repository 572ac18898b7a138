"""Safe YAML loading that remembers where every key and value was written."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from typing import Any, ClassVar

import yaml

from recordhub import invisible
from recordhub.diagnostics import Diagnostic, DiagnosticError, error

try:  # the C parser is several times faster; the constructor stays the safe one
    _BaseLoader: type[yaml.SafeLoader] = yaml.CSafeLoader  # type: ignore[assignment]
except AttributeError:  # pragma: no cover - PyYAML built without libyaml
    _BaseLoader = yaml.SafeLoader

Path = tuple[str | int, ...]


class _Loader(_BaseLoader):  # type: ignore[misc,valid-type]
    """Safe loader that keeps dates as text, so the schema can report bad ones with a position."""

    yaml_implicit_resolvers: ClassVar[dict[Any, Any]] = {
        first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
        for first, resolvers in _BaseLoader.yaml_implicit_resolvers.items()
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
    tab = _TAB_INDENT.search(text)
    if tab:
        line = text.count("\n", 0, tab.start()) + 1 + line_offset
        raise DiagnosticError(
            [
                error(
                    path,
                    line,
                    len(tab.group(1)) + 1,
                    "tab character in indentation",
                    "YAML indentation must use spaces; replace the tab with spaces",
                )
            ]
        )
    lines = _Lines(text, line_offset)
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
        raise DiagnosticError([_syntax_error(exc, text, path, lines)]) from None
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
                    _hint("exceeded maximum nesting depth"),
                )
            ]
        ) from None
    finally:
        loader.dispose()
    return data, positions


class _Lines:
    """Where a YAML mark is, in lines as an editor counts them."""

    # YAML also ends a line at U+2028, U+2029 and U+0085, which an editor shows inside one;
    # counted as YAML counts them, every later line would be reported one line too far down

    def __init__(self, text: str, line_offset: int) -> None:
        self.offset = line_offset
        self.starts: list[int] | None = None
        if any(char in text for char in invisible.BREAKS):
            self.starts = [0, *(m.end() for m in re.finditer("\n", text))]

    def __call__(self, mark: yaml.Mark) -> tuple[int, int]:
        """1-based line (in the file) and column of mark."""
        if self.starts is None:
            return mark.line + 1 + self.offset, mark.column + 1
        line = bisect.bisect_right(self.starts, mark.index) - 1
        return line + 1 + self.offset, mark.index - self.starts[line] + 1


def _syntax_error(exc: yaml.MarkedYAMLError, text: str, path: str, lines: _Lines) -> Diagnostic:
    """The diagnostic for YAML the parser could not read, placed where the editor can fix it."""
    mark = exc.problem_mark or exc.context_mark
    problem = exc.problem or exc.context or "invalid YAML"
    message = f"invalid YAML: {problem}"
    if exc.context_mark and exc.context and "scanning a quoted scalar" in exc.context:
        mark = exc.context_mark  # point at the opening quote, not the end of the text
        message, problem = "invalid YAML: a quoted value is never closed", "quote"
    elif mark is not None and (quote := _quote_at_fault(text, mark, path, lines)):
        return quote
    elif mark is not None and isinstance(exc, yaml.scanner.ScannerError | yaml.parser.ParserError):
        # from the last line written before the one YAML stopped at, or from where it began
        # reading what it stopped in
        start = text.rfind("\n", 0, mark.index) + 1
        while start > 0:
            start = text.rfind("\n", 0, start - 1) + 1
            if text[start : text.index("\n", start)].strip():
                break
        if exc.context_mark is not None:
            start = min(start, text.rfind("\n", 0, exc.context_mark.index) + 1)
        end = text.find("\n", mark.index)
        stops = [m.index for m in (exc.problem_mark, exc.context_mark) if m is not None]
        found = invisible.blamed(text, start, len(text) if end < 0 else end, stops)
        if found is not None:
            line, col = invisible.place(text, found.offset)
            return error(path, line + lines.offset, col, found.message, found.hint)
    at_line, at_col = lines(mark) if mark else (None, None)
    hint = _indented(text, mark.index) if mark else None
    return error(path, at_line, at_col, message, hint or _hint(problem))


def _quote_at_fault(text: str, mark: yaml.Mark, path: str, lines: _Lines) -> Diagnostic | None:
    """The diagnostic for a quoted value that ended where its writer did not mean it to, which
    YAML reports only at what follows (often lines further down)."""
    before = None
    try:
        for token in yaml.scan(text, Loader=_BaseLoader):
            if token.start_mark.index >= mark.index:
                break
            before = token
    except yaml.YAMLError:
        return None
    if not isinstance(before, yaml.ScalarToken) or before.style not in ('"', "'"):
        return None
    quote, (line, col) = before.style, lines(before.start_mark)
    end_line, end_col = lines(before.end_mark)
    if end_line != line:  # `title: "Text` with no closing quote: YAML reads on to the next one
        return error(
            path,
            line,
            col,
            f"invalid YAML: this quoted value is not closed on its line, so YAML reads on to "
            f"the next {quote} on line {end_line}",
            f"add the closing {quote} at the end of this line",
        )
    if lines(mark)[0] != line:
        return None
    inner = (
        "an apostrophe inside '...' is written twice (don''t), or put the value in double quotes"
        if quote == "'"
        else 'a " inside "..." is written \\", or put the value in single quotes'
    )
    return error(
        path,
        end_line,
        end_col - 1,
        f"invalid YAML: the value's closing {quote} is followed by more text",
        inner,
    )


_HASHTAG = re.compile(r"([ \t]+)#[^\s#]")  # `#1`, `#privacy`; `# note` is a comment

_KEY_LINE = re.compile(r"(?P<indent> *)(?P<key>[A-Za-z_][\w-]*):(?: |$)")
_VALUE_LINE = re.compile(r"(?P<indent> *(?:- +)?)(?P<key>[^\s:#][^:#]*):[ ]+(?P<value>[^\s|>#].*)")


def _indented(text: str, index: int) -> str | None:
    """The hint for a key indented under one that already has a value, if that is the case."""
    # YAML reads the indented line as more of the value above, then finds a key in it, and
    # says a value containing ': ' must be quoted: the spaces were the mistake, not the colon
    start = text.rfind("\n", 0, index) + 1
    here = _KEY_LINE.match(text, start, _line_end(text, start))
    above_end = start - 1
    while here and above_end > 0:
        above_start = text.rfind("\n", 0, above_end) + 1
        line = text[above_start:above_end]
        if line.strip() and not line.lstrip().startswith("#"):
            above = _VALUE_LINE.fullmatch(line.rstrip())
            if above is None or len(here["indent"]) <= len(above["indent"]):
                return None
            key, parent = here["key"], above["key"].strip()
            return (
                f"remove the extra spaces before {key}: so that it lines up with {parent}: above it"
            )
        above_end = above_start - 1
    return None


def _line_end(text: str, start: int) -> int:
    end = text.find("\n", start)
    return len(text) if end < 0 else end


def _hint(problem: str) -> str:
    if "nesting depth" in problem:
        return "flatten the value: front matter is a few levels deep at most"
    if problem == "quote":
        return "add the closing quote at the end of the value"
    if "could not determine a constructor" in problem:
        return "tags such as !!python/object are not allowed; remove the tag"
    if "mapping values are not allowed" in problem:
        return "a value containing ': ' must be quoted, e.g. title: \"Fact: text\""
    if "expected <block end>" in problem or "did not find expected" in problem:
        return "check the indentation and quoting of this line and the one before"
    return "check the YAML syntax near this position; quote values with special characters"


def _walk(
    node: yaml.Node,
    at: Path,
    positions: Positions,
    seen: set[int],
    path: str,
    lines: _Lines,
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
                comment = text[cut.end(1) : _line_end(text, cut.end(1))].rstrip()
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
