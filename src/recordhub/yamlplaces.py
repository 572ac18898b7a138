"""Places in a YAML text: the parser that reads it, and its lines as an editor counts them."""

from __future__ import annotations

import bisect
import re

import yaml

from recordhub import invisible

try:  # the C parser is several times faster; the constructor stays the safe one
    BaseLoader: type[yaml.SafeLoader] = yaml.CSafeLoader  # type: ignore[assignment]
except AttributeError:  # pragma: no cover - PyYAML built without libyaml
    BaseLoader = yaml.SafeLoader


class Lines:
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


def line_end(text: str, start: int) -> int:
    """Where the line that holds start ends."""
    end = text.find("\n", start)
    return len(text) if end < 0 else end
