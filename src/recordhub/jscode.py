"""What of a script is code: its comments, told apart from strings, template literals and
regular expressions that may hold // or /* themselves ("https://x", /\\/*/)."""

from __future__ import annotations

import bisect
import functools
import re

from msgspec import Struct

_NEXT = re.compile(r"//|/\*|[\"'`/]")
_NEXT_NESTED = re.compile(r"//|/\*|[\"'`/{}]")  # in a template's ${...}, up to its }
_QUOTED = {
    '"': re.compile(r'"(?:[^"\\\n]|\\[\s\S])*"?'),  # an unclosed string ends at its line
    "'": re.compile(r"'(?:[^'\\\n]|\\[\s\S])*'?"),
}
_TEMPLATE_NEXT = re.compile(r"\\[\s\S]|`|\$\{")
_REGEX = re.compile(r"/(?![*/])(?:[^/\\\[\n]|\\.|\[(?:[^\]\\\n]|\\.)*\])+/[a-z]*")
# after these words a / starts a regular expression, as after an operator; after any other
# word, a number or a closing bracket it divides
_BEFORE_REGEX = re.compile(
    "return|typeof|instanceof|in|of|new|delete|void|throw|case|do|else|yield|await"
)


class Script(Struct, frozen=True):
    """A script with its comments as spaces (line breaks kept, so offsets still hold), and
    where its strings, template literals and regular expressions are."""

    code: str
    literals: tuple[tuple[int, int], ...]  # (start, end), in order

    def in_literal(self, at: int) -> bool:
        """Whether the offset is inside a string, template literal or regular expression."""
        index = bisect.bisect_right(self.literals, (at, len(self.code) + 1)) - 1
        return index >= 0 and self.literals[index][0] <= at < self.literals[index][1]


# a script is read by the rewriting and then by the checks, both as written and as published
@functools.lru_cache(maxsize=32)
def read(code: str) -> Script:
    """The script's code without its comments, and its literals."""
    comments: list[tuple[int, int]] = []
    literals: list[tuple[int, int]] = []
    _scan(code, 0, False, comments, literals)
    parts: list[str] = []
    last = 0
    for start, end in comments:
        parts += [code[last:start], re.sub(r"[^\n]", " ", code[start:end])]
        last = end
    return Script("".join(parts) + code[last:], tuple(sorted(literals)))


def _scan(
    code: str,
    at: int,
    nested: bool,
    comments: list[tuple[int, int]],
    literals: list[tuple[int, int]],
) -> int:
    """Note the comments and literals from at; in a template's ${...}, stop after its }."""
    depth = 0
    pattern = _NEXT_NESTED if nested else _NEXT
    while (match := pattern.search(code, at)) is not None:
        start, token = match.start(), match[0]
        if token in "{}":
            if token == "}" and depth == 0:
                return start + 1
            depth += 1 if token == "{" else -1
            at = start + 1
            continue
        if token == "//":
            end = code.find("\n", start)
            at = len(code) if end < 0 else end
            comments.append((start, at))
            continue
        if token == "/*":
            end = code.find("*/", start + 2)
            at = len(code) if end < 0 else end + 2
            comments.append((start, at))
            continue
        if token == "`":
            at = _template(code, start + 1, comments)
        elif token in _QUOTED:
            quoted = _QUOTED[token].match(code, start)
            assert quoted is not None  # it matches its opening quote at least
            at = quoted.end()
        elif _regex_may_start(code, start) and (regex := _REGEX.match(code, start)):
            at = regex.end()
        else:  # a division
            at = start + 1
            continue
        literals.append((start, at))
    return len(code)


def _template(code: str, at: int, comments: list[tuple[int, int]]) -> int:
    """The offset after a template literal whose text starts at at."""
    while (match := _TEMPLATE_NEXT.search(code, at)) is not None:
        if match[0] == "`":
            return match.end()
        # the literals inside ${...} are inside this one, which is noted whole
        at = _scan(code, match.end(), True, comments, []) if match[0] == "${" else match.end()
    return len(code)


def _regex_may_start(code: str, at: int) -> bool:
    """Whether a / here starts a regular expression rather than divides, by what precedes it."""
    before = at - 1
    while before >= 0 and code[before] in " \t\r\n":
        before -= 1
    if before < 0:
        return True
    char = code[before]
    if char in ")]}\"'`":
        return False
    if not (char.isalnum() or char in "_$"):
        return True
    start = before
    while start > 0 and (code[start - 1].isalnum() or code[start - 1] in "_$"):
        start -= 1
    return _BEFORE_REGEX.fullmatch(code, start, before + 1) is not None
