"""Characters that do not show on screen but change how YAML reads a line.

Text pasted from Word or a web page brings them along, and the editor sees nothing wrong.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

# what YAML reads: tab, line breaks and printable characters
_REFUSED = re.compile("[^\t\n\r\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_DELETE = "delete it; it does not show on screen, so retype the line if your editor cannot find it"


@dataclass(frozen=True)
class Found:
    """One such character: where it is in the text, and what to tell the editor."""

    offset: int
    message: str
    hint: str


def code(char: str) -> str:
    """U+00A0 for a non-breaking space."""
    return f"U+{ord(char):04X}"


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


def place(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column of offset, counting lines as an editor does: at each newline."""
    start = text.rfind("\n", 0, offset) + 1
    return text.count("\n", 0, offset) + 1, offset - start + 1
