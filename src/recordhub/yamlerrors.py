"""Why a YAML text could not be read, said at the place an editor can fix it."""

from __future__ import annotations

import re

import yaml

from recordhub import invisible, yamlquotes
from recordhub.diagnostics import Diagnostic, error
from recordhub.yamlplaces import Lines, line_end

try:  # the C parser is several times faster; the constructor stays the safe one
    BaseLoader: type[yaml.SafeLoader] = yaml.CSafeLoader  # type: ignore[assignment]
except AttributeError:  # pragma: no cover - PyYAML built without libyaml
    BaseLoader = yaml.SafeLoader


def tab_in_indentation(path: str, line: int, col: int) -> Diagnostic:
    """The diagnostic for a tab where YAML takes only spaces."""
    return error(
        path,
        line,
        col,
        "tab character in indentation",
        "YAML indentation must use spaces; replace the tab with spaces",
    )


_DASHES = re.compile(r"[ -]*-[ ]*")  # the start of a line of list items, `  - ` or `- - `


def syntax_error(exc: yaml.MarkedYAMLError, text: str, path: str, lines: Lines) -> Diagnostic:
    """The diagnostic for YAML the parser could not read, placed where the editor can fix it."""
    mark = exc.problem_mark or exc.context_mark
    if mark is not None and text[mark.index : mark.index + 1] == "\t":
        start = text.rfind("\n", 0, mark.index) + 1
        if _DASHES.fullmatch(text, start, mark.index):  # `-<tab>item` indents the item
            return tab_in_indentation(path, *lines(mark))
    problem = exc.problem or exc.context or "invalid YAML"
    message = f"invalid YAML: {problem}"
    if "found another document" in problem:  # `---` under settings, as front matter ends
        message = "invalid YAML: a --- line starts a second document, and this file holds one"
    if exc.context == "while scanning a simple key" and exc.context_mark is not None:
        # YAML notices the missing ':' only where the next line starts (or the text ends),
        # but the line to fix is the one that holds no key
        mark = exc.context_mark
    if exc.context_mark and exc.context and "scanning a quoted scalar" in exc.context:
        mark = exc.context_mark  # point at the opening quote, not the end of the text
        message, problem = "invalid YAML: a quoted value is never closed", "quote"
    elif mark is not None and (opened := yamlquotes.never_closed(exc, text, mark)):
        kind, closing, at = opened
        message = (
            f"invalid YAML: a {kind} in {yamlquotes.OPENING[closing]}...{closing} is never closed"
        )
        line, col = lines(at)
        hidden = yamlquotes.in_comment(text, at.index, closing)
        if hidden is not None:  # `{note: Fixed issue #12}`: the } is there, in a comment
            shift, value = hidden
            message += f": a '#' after a space starts a comment, which holds the {closing}"
            said = f'put the text with the # in quotes: "{value}"'
            return error(path, line, col + shift, message, said)
        return error(
            path, line, col, message, f"add the closing {closing} at the end of the {kind}"
        )
    elif mark is not None and (quote := yamlquotes.quote_at_fault(text, mark, path, lines)):
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
    dash = _dash(text, mark.index) if mark and "mapping values" in problem else None
    if dash is not None:  # `-title: A`: YAML reads the item as text, then a key inside it
        start = text.rfind("\n", 0, dash) + 1
        at = yaml.Mark(path, dash, text.count("\n", 0, dash), dash - start, None, 0)
        fixed = text[dash + 1 : line_end(text, dash)]
        said = f"write a space after the dash that starts a list item: - {fixed}"
        return error(path, *lines(at), message, said)
    at_line, at_col = lines(mark) if mark else (None, None)
    hint = (_indented(text, mark.index) or _curly(text, mark.index, problem)) if mark else None
    if hint is None and mark is not None and "mapping values" in problem:
        hint = _quoted(text, mark.index)
    return error(path, at_line, at_col, message, hint or advice(problem))


# `  - title: Report: final`: the key, and the value that holds a second ': '
_KEY_VALUE = re.compile(r"[ \t]*(?:-[ \t]+)?(?P<key>[^\s:#'\"][^:#]*?):[ \t]+(?P<value>.*?)[ \t]*")


def _quoted(text: str, index: int) -> str | None:
    """The line YAML stopped in, its value quoted as it must be: summary: "Facts: where"."""
    start = text.rfind("\n", 0, index) + 1
    found = _KEY_VALUE.fullmatch(text, start, line_end(text, start))
    if found is None or found["value"][:1] in ("'", '"'):
        return None
    value = found["value"].split(" #", 1)[0].rstrip()  # a comment, as YAML reads one
    if ": " not in f"{value} ":  # the line goes on a value above it, which is to be quoted
        return None
    # in double quotes a backslash starts an escape (C:\\new would be C:, a line break, ew)
    plain = '"' not in value and "\\" not in value
    quoted = f'"{value}"' if plain else "'" + value.replace("'", "''") + "'"
    return f"a value containing ': ' must be quoted: {found['key']}: {quoted}"


_KEY_LINE = re.compile(r"(?P<indent> *)(?P<key>[A-Za-z_][\w-]*):(?: |$)")
_VALUE_LINE = re.compile(r"(?P<indent> *(?:- +)?)(?P<key>[^\s:#][^:#]*):[ ]+(?P<value>[^\s|>#].*)")


def _indented(text: str, index: int) -> str | None:
    """The hint for a key indented under one that already has a value, if that is the case."""
    # YAML reads the indented line as more of the value above, then finds a key in it, and
    # says a value containing ': ' must be quoted: the spaces were the mistake, not the colon
    start = text.rfind("\n", 0, index) + 1
    here = _KEY_LINE.match(text, start, line_end(text, start))
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


_NO_SPACE = re.compile(r" *(-)[^\s-]")  # a dash with no space after it, at the start of a line


def _dash(text: str, index: int) -> int | None:
    """Where a list item's dash with no space after it is, on the line YAML stopped at or the
    one above it, where the item's next line is read as more of its text."""
    start = text.rfind("\n", 0, index) + 1
    above = text.rfind("\n", 0, start - 1) + 1 if start else 0
    for at in dict.fromkeys((start, above)):
        found = _NO_SPACE.match(text, at)
        if found is not None:
            return found.start(1)
    return None


_CURLY = "\u201c\u201d\u2018\u2019"  # what a word processor makes of " and '


def _curly(text: str, index: int, problem: str) -> str | None:
    """The hint for a value put in a word processor's quotes, which are text to YAML, or a
    key followed by an East Asian keyboard's colon, which is text too."""
    start = text.rfind("\n", 0, index) + 1
    if FULL_WIDTH_COLON in text[start : line_end(text, index)]:
        return FULL_WIDTH_HINT
    if "mapping values" not in problem or not any(c in _CURLY for c in text[start:index]):
        return None
    return 'curly quotes are text to YAML: quote the value with straight quotes, "..."'


FULL_WIDTH_COLON = "\uff1a"
FULL_WIDTH_HINT = "a full-width colon \uff1a is text to YAML: write ':' and a space after the key"


def advice(problem: str) -> str:
    if "found another document" in problem:
        return "remove the --- line: only a page's front matter is closed with one"
    if "nesting depth" in problem:
        return "flatten the value: front matter is a few levels deep at most"
    if problem == "quote":
        return "add the closing quote at the end of the value"
    if "could not determine a constructor" in problem:
        return "tags such as !!python/object are not allowed; remove the tag"
    if "mapping values are not allowed" in problem:
        return "a value containing ': ' must be quoted, e.g. title: \"Fact: text\""
    if "could not find expected ':'" in problem:
        return "write this line as key: value, or indent it if it goes on with the value above"
    if "expected <block end>" in problem or "did not find expected" in problem:
        return "check the indentation and quoting of this line and the one before"
    return "check the YAML syntax near this position; quote values with special characters"
