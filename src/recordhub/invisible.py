"""Characters that do not show on screen but change how YAML reads a line.

Text pasted from Word or a web page brings them along: a non-breaking space after ``title:``
is not the space YAML needs there, a zero-width space makes ``summary`` another key, and a
line separator ends a line that the editor shows as one.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from msgspec import Struct

SPACES = {"\u00a0": "non-breaking space", "\u202f": "narrow non-breaking space"}
ZERO_WIDTH = {
    "\u200b": "zero-width space",
    "\u200c": "zero-width non-joiner",
    "\u200d": "zero-width joiner",
    "\u2060": "word joiner",
    "\ufeff": "zero-width no-break space",
}
# YAML ends a line at each of these; an editor shows the line whole
BREAKS = {
    "\u2028": "line separator",
    "\u2029": "paragraph separator",
    "\x85": "next-line character",
}
NAMES = {**SPACES, **ZERO_WIDTH, **BREAKS}
_ANY = re.compile(f"[{''.join(NAMES)}]")
# what YAML refuses: control characters but tab and line breaks, surrogates, U+FFFE and U+FFFF
# (named as they are, not as all but what it reads: that class took 10 ms to compile)
_REFUSED = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff]")
_LINE_END = re.compile(f"[\n{''.join(BREAKS)}]")
_SYNTAX_BEFORE = frozenset(":-,?")  # after these YAML needs a real space
_EFFECT = {
    **dict.fromkeys(SPACES, " where YAML needs a normal space"),
    **dict.fromkeys(ZERO_WIDTH, ", which YAML reads as text"),
    **dict.fromkeys(BREAKS, ", which YAML reads as the end of a line"),
}
_DELETE = "delete it; it does not show on screen, so retype the line if your editor cannot find it"


class Found(Struct, frozen=True):
    """One such character: where it is in the text, and what to tell the editor."""

    offset: int
    message: str
    hint: str


def code(char: str) -> str:
    """U+00A0 for a non-breaking space."""
    return f"U+{ord(char):04X}"


def named(char: str) -> str:
    """The character as an editor can recognise it: 'an invisible zero-width space (U+200B)'."""
    visible = "a " if char in SPACES else "an invisible "
    return f"{visible}{NAMES[char]} ({code(char)})"


def fix(char: str) -> str:
    """How to get rid of it."""
    if char in SPACES or char == " ":
        return "replace it with a normal space"
    if char in BREAKS:
        return "replace it with a space"
    return _DELETE


def refused(text: str) -> Iterator[Found]:
    """Every character YAML refuses to read: control characters and non-characters."""
    for match in _REFUSED.finditer(text):
        char = match[0]
        kind = "control character" if ord(char) < 0xA0 else "character"
        # Shift+Enter in Word is a line break that other programs keep as this character
        why = " (Word's Shift+Enter makes it)" if char == "\x0b" else ""
        yield Found(
            match.start(),
            f"invisible {kind} {code(char)}, which YAML does not allow",
            _DELETE.replace("delete it", f"delete it{why}", 1),
        )


# what HTML does not allow in text: control characters but tab, line breaks and form feed, and
# non-characters; a browser shows them as nothing, or as a box
_NOT_IN_HTML = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f\ufdd0-\ufdef\ufffe\uffff]")


def not_in_html(text: str) -> Found | None:
    """The first character of text that HTML does not allow, and how many more there are."""
    found = list(_NOT_IN_HTML.finditer(text))
    if not found:
        return None
    char = found[0][0]
    kind = "control character" if ord(char) < 0xA0 else "non-character"
    more = f" (and {len(found) - 1} more)" if len(found) > 1 else ""
    message = f"invisible {kind} {code(char)}{more}, which HTML does not allow: browsers show "
    return Found(found[0].start(), message + "it as nothing, or as a box", _DELETE)


def blamed(text: str, start: int, end: int, stops: list[int]) -> Found | None:
    """The first such character between start and end where YAML needs a plain space or line.

    One between words (French puts one before a colon) changes nothing for YAML and is left
    alone, and so is a line break inside quotes, unless YAML stopped (stops) on the line
    that it begins.
    """
    for match in _ANY.finditer(text, start, end):
        char, at = match[0], match.start()
        before = text[text.rfind("\n", 0, at) + 1 : at]
        if char in BREAKS:
            broken = _LINE_END.search(text, at + 1)
            if not any(at < stop <= (broken.start() if broken else len(text)) for stop in stops):
                continue
        elif before.strip(" " + "".join(NAMES)) and before[-1] not in _SYNTAX_BEFORE:
            continue
        # after a colon or a dash it stands where YAML needs a space
        spaced = char in ZERO_WIDTH and before[-1:] in _SYNTAX_BEFORE
        return Found(at, f"{named(char)}{_EFFECT[char]}", fix(" " if spaced else char))
    return None


def in_name(name: str) -> list[tuple[int, str]]:
    """Offset and character of each one in a key."""
    return [(m.start(), m[0]) for m in _ANY.finditer(name)]


def place(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column of offset, counting lines as an editor does: at each newline."""
    start = text.rfind("\n", 0, offset) + 1
    return text.count("\n", 0, offset) + 1, offset - start + 1
