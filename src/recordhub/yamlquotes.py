"""Brackets and quotes a YAML text left open, which YAML tells only lines further down."""

from __future__ import annotations

import re

import yaml

from recordhub.diagnostics import Diagnostic, error
from recordhub.yamlplaces import BaseLoader, Lines, line_end

OPENING = {"]": "[", "}": "{"}
_KEY_BEFORE = re.compile(r" *[A-Za-z_][\w-]*")


def never_closed(
    exc: yaml.MarkedYAMLError, text: str, mark: yaml.Mark
) -> tuple[str, str, yaml.Mark] | None:
    """The kind of value and the bracket that closes it, when YAML stopped in a [...] or {...}
    opened on an earlier line at the next key or item, or at the end: the closing bracket was
    left out (`- {label: A, value: B` over the next item), which YAML tells only there."""
    kinds = {
        "while parsing a flow sequence": ("list", "]"),
        "while parsing a flow mapping": ("mapping", "}"),
    }
    opened = exc.context_mark
    if exc.context not in kinds or opened is None or mark.line <= opened.line:
        return None
    start = text.rfind("\n", 0, mark.index) + 1
    before = text[start : mark.index]
    # at a line's first item or key (`summary: s`, read as text up to its colon; `- {`, the
    # dash read as text), not inside a line it went on to, where something else is amiss
    kind, closing = kinds[exc.context]
    at_key = _KEY_BEFORE.fullmatch(before) is not None and text.startswith(":", mark.index)
    if at_key and closing in text[mark.index : line_end(text, mark.index)]:
        return None  # {a: 1 on one line, b: 2} on the next: a comma is missing, not the }
    if mark.index < len(text) and before.strip(" -") and not at_key:
        return None
    return kind, closing, opened


def in_comment(text: str, start: int, closing: str) -> tuple[int, str] | None:
    """Where on the line a [...] or {...} opens at start a '#' begins a comment that holds the
    closing bracket, from start, and the text it cuts in two; None where none does."""
    line = text[start : line_end(text, start)]
    # not a '#' inside quotes (`"a #1"`), which is text
    found = next(
        (m for m in re.finditer(r"[ \t]#", line) if not _in_quotes(line[: m.start()])), None
    )
    if found is None or closing not in line[found.end() :]:
        return None
    at, head = found.start() + 1, line[: found.start() + 1]
    cut = max(head.rfind(","), head.rfind("["), head.rfind("{"), head.rfind(": ") + 1)
    value = head[cut + 1 :] + re.split(r"[,\]}]", line[at:], maxsplit=1)[0]  # to the next item
    return at, value.strip().replace('"', '\\"')


# a quoted value, and the opening quote of one: only where a value starts (Lumiclip's is text)
_QUOTED_VALUE = re.compile(r"""((?:^|[\[{,]|:[ \t])[ \t]*)(?:"(?:[^"\\]|\\.)*"|'(?:[^']|'')*')""")
_OPEN_QUOTE = re.compile(r"""(?:^|[\[{,]|:[ \t])[ \t]*["']""")


def _in_quotes(before: str) -> bool:
    """True when the end of before is inside a quoted value."""
    return _OPEN_QUOTE.search(_QUOTED_VALUE.sub(r"\1", before)) is not None


def quote_at_fault(text: str, mark: yaml.Mark, path: str, lines: Lines) -> Diagnostic | None:
    """The diagnostic for a quoted value that ended where its writer did not mean it to, which
    YAML reports only at what follows (often lines further down)."""
    before = None
    try:
        for token in yaml.scan(text, Loader=BaseLoader):
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
