"""Stage 3: decode a page and split its YAML front matter from its body, with file positions."""

from __future__ import annotations

import codecs
import os
from pathlib import Path
from typing import Any

from msgspec import Struct

from recordhub import errorplaces, invisible, yamldoc, yamlerrors
from recordhub.diagnostics import DiagnosticError, error

MAX_PAGE_BYTES = 5 * 1024 * 1024  # a page is prose; anything larger is an accident
_FENCE = "---"


class RawPage(Struct, frozen=True):
    """Front matter as parsed YAML plus the Markdown body and the line it starts on."""

    path: str
    data: dict[str, Any]
    positions: yamldoc.Positions
    body: str
    body_line: int


def decode(raw: bytes, path: str) -> str:
    """Bytes to text: UTF-8 (a BOM is fine), newlines normalised; anything else is an error."""
    if len(raw) > MAX_PAGE_BYTES:
        raise DiagnosticError(
            [
                error(
                    path,
                    None,
                    None,
                    f"file is {len(raw) / 1048576:.1f} MB, "
                    f"over the {MAX_PAGE_BYTES // 1048576} MB limit for a page",
                    "split it into several pages or link large data as a download from static/",
                )
            ]
        )
    wide = _wide(raw)
    if wide:
        raise DiagnosticError(
            [error(path, None, None, f"file is {wide} encoded (byte 0)", "save as UTF-8")]
        )
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        bom = len(codecs.BOM_UTF8) if raw.startswith(codecs.BOM_UTF8) else 0
        start = exc.start + bom  # the decoder counts from after a byte-order mark
        line, col = _position(raw[bom:start].decode("utf-8", errors="replace"))
        raise DiagnosticError(
            [
                error(
                    path,
                    line,
                    col,
                    f"not valid UTF-8 at byte {start} "
                    f"(0x{raw[start]:02x}); the file looks like "
                    "Windows-1252 or Latin-1",
                    "save as UTF-8",
                )
            ]
        ) from None
    if "\x00" in text:
        offset = text.index("\x00")
        raise DiagnosticError(
            [
                error(
                    path,
                    _position(text[:offset])[0],
                    None,
                    "file contains a NUL byte; it is not a text file",
                    "save as UTF-8 text",
                )
            ]
        )
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _position(before: str) -> tuple[int, int]:
    """The line and column after the text before a place, counting \r\n, \r and \n each as
    one line end, as decode() makes them, and the editors that wrote them show them."""
    lines = before.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return len(lines), len(lines[-1]) + 1


def _wide(raw: bytes) -> str:
    """UTF-32 or UTF-16, by a byte-order mark or by the NUL bytes of ASCII text, else ""."""
    # UTF-32 first: its little-endian mark starts with UTF-16's
    if raw.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)) or _looks_utf32(raw):
        return "UTF-32"
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or _looks_utf16(raw):
        return "UTF-16"
    return ""


def _looks_utf32(raw: bytes) -> bool:
    """UTF-32 without a byte-order mark: three bytes in four of ASCII text are NUL."""
    head = raw[:400]
    return len(head) >= 8 and head.count(0) > len(head) * 2 // 3


def _looks_utf16(raw: bytes) -> bool:
    """UTF-16 without a byte-order mark: every other byte of ASCII text is NUL."""
    head = raw[:200]
    return len(head) >= 4 and (
        head[1::2].count(0) > len(head) // 3 or head[0::2].count(0) > len(head) // 3
    )


def _closing(lines: list[str]) -> int | None:
    return next((i for i in range(1, len(lines)) if lines[i].rstrip() == _FENCE), None)


def body_of(path: Path) -> str | None:
    """The Markdown body of a page file, split as parse() splits it; None if it has none."""
    try:
        found = split_body(decode(path.read_bytes(), str(path)))
    except (OSError, DiagnosticError):
        return None
    return None if found is None else found[0]


def split_body(text: str) -> tuple[str, int] | None:
    """A page's Markdown body and the line it starts on, split as parse() splits it, whether
    or not its front matter parses; None if it has none."""
    lines = text.split("\n")
    closing = _closing(lines) if lines[0].rstrip() == _FENCE else None
    return None if closing is None else ("\n".join(lines[closing + 1 :]), closing + 2)


def parse(text: str, path: str) -> RawPage:
    """Split and parse front matter; raise DiagnosticError with positions in the Markdown file."""
    if not text.strip():
        raise DiagnosticError(
            [
                error(
                    path,
                    1,
                    1,
                    "the file is empty",
                    "start it with front matter: ---, title: ..., ---",
                )
            ]
        )
    lines = text.split("\n")
    if lines[0].rstrip() == "+++":  # Hugo's TOML front matter
        message = "front matter between +++ lines is TOML; recordhub reads YAML between --- lines"
        hint = 'convert it to YAML: --- instead of each +++, and title: X for title = "X"'
        raise DiagnosticError([error(path, 1, 1, message, hint)])
    first = next(i for i, line in enumerate(lines) if line.strip())  # the text is not blank
    if first and lines[first].rstrip() == _FENCE:  # strict: a page's first line is ---
        blank = "a blank line" if first == 1 else f"{first} blank lines"
        message = f"the front matter starts after {blank}; the first line must be ---"
        hint = f"remove the blank line{'s' if first > 1 else ''} before the first ---"
        raise DiagnosticError([error(path, 1, 1, message, hint)])
    if lines[0].rstrip() != _FENCE:
        raise DiagnosticError(
            [
                error(
                    path,
                    1,
                    1,
                    "the file does not start with front matter",
                    "add a first line ---, then title: ..., then a line ---",
                )
            ]
        )
    closing = _closing(lines)
    ended = next((i for i in range(1, len(lines)) if lines[i].rstrip() == "..."), None)
    if ended is not None and (closing is None or ended < closing):  # YAML's document end
        message = "front matter is closed with ..., YAML's document end; it must end with ---"
        raise DiagnosticError([error(path, ended + 1, 1, message, "write --- instead of ...")])
    if closing is None:
        raise DiagnosticError(
            [
                error(
                    path,
                    1,
                    1,
                    "front matter is never closed",
                    "add a line with only --- after the last front matter line",
                )
            ]
        )
    yaml_text = "\n".join(lines[1:closing]) + "\n"
    data, positions = yamldoc.load(yaml_text, path, line_offset=1, lenient=True)
    if data is None:
        data = {}
    if not isinstance(data, dict):
        # title:<non-breaking space>Data is one value to YAML, not a key and its value
        found = invisible.blamed(yaml_text, 0, len(yaml_text), [])
        if found is not None:
            line, col = invisible.place(yaml_text, found.offset)
            raise DiagnosticError([error(path, line + 1, col, found.message, found.hint)])
        colon = yaml_text.find(yamlerrors.FULL_WIDTH_COLON)
        if isinstance(data, str) and colon >= 0:  # title, U+FF1A, About: one text to YAML
            line, col = invisible.place(yaml_text, colon)
            message = "front matter is a single value, not a mapping"
            raise DiagnosticError([error(path, line + 1, col, message, yamlerrors.FULL_WIDTH_HINT)])
        kind = "a list" if isinstance(data, list) else "a single value"
        raise DiagnosticError(
            [
                error(
                    path,
                    2,
                    1,
                    f"front matter is {kind}, not a mapping",
                    "write one key: value per line, e.g. title: About us",
                )
            ]
        )
    non_text = [key for key in data if not isinstance(key, str)]
    if non_text:
        # `yes:` or `~:` is the key True or None, whose place is kept under the text written
        written = errorplaces.written_key((non_text[0],), positions)
        line, col = positions.key((written,))
        raise DiagnosticError(
            [
                error(
                    path,
                    line,
                    col,
                    f"key {written} is not text",
                    "keys are field names such as title or date",
                )
            ]
        )
    body = "\n".join(lines[closing + 1 :])
    return RawPage(path, data, positions, body, closing + 2)


class Deferred(yamldoc.Positions):
    """A page's front-matter positions, read from its file again when a message needs them."""

    # once a page is validated, only a problem found later asks where a value was written, and
    # the positions of every page were a fifth of the model's memory; if the file changed
    # since, the message points where the value is now

    def __init__(self, file: Path, shown: str) -> None:  # no super().__init__(): see __getattr__
        self._file = os.fspath(file)  # text: a build loads thousands, and a Path loads slowly
        self._shown = shown

    def __getattr__(self, name: str) -> Any:
        if name not in ("keys", "values", "raw", "cut", "twice"):
            raise AttributeError(name)
        try:
            found = parse(decode(Path(self._file).read_bytes(), self._shown), self._shown).positions
        except (OSError, DiagnosticError):
            found = yamldoc.Positions()  # gone or broken since: the messages point at line 1
        self.keys, self.values, self.raw = found.keys, found.values, found.raw
        self.cut, self.twice = found.cut, found.twice
        return getattr(self, name)

    def __getstate__(self) -> dict[str, object]:
        return {"_file": self._file, "_shown": self._shown}  # never the positions themselves

    def __setstate__(self, state: dict[str, object]) -> None:
        self.__dict__.update(state)
