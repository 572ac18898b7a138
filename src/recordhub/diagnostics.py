"""One type for every user-facing problem, and the one place that formats them."""

from __future__ import annotations

import enum
import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import TextIO


class Severity(enum.Enum):
    """How bad a problem is; notices never fail a build."""

    ERROR = "error"
    WARNING = "warning"
    NOTICE = "notice"


@dataclass(frozen=True)
class Diagnostic:
    """A problem at a place in the project: ``path:line:col: severity: message`` plus a hint."""

    path: str
    line: int | None
    col: int | None
    severity: Severity = field(compare=False)
    message: str
    hint: str | None = field(default=None, compare=False)
    # a notice that --strict makes an error (a stale translation of a claim, say), as it
    # makes every warning one
    strict: bool = field(default=False, compare=False)

    def __lt__(self, other: Diagnostic) -> bool:
        # by place; a message without a line sorts before the lines of the same file
        return (self.path, self.line or 0, self.col or 0, self.message) < (
            other.path,
            other.line or 0,
            other.col or 0,
            other.message,
        )

    def format(self) -> str:
        """Render as the two lines the terminal and the browser overlay show."""
        where = _escaped(self.path)
        if self.line is not None:
            where += f":{self.line}"
            if self.col is not None:
                where += f":{self.col}"
        text = f"{where}: {self.severity.value}: {_escaped(self.message)}"
        if self.hint:
            text += f"\n  hint: {_escaped(self.hint)}"
        return text


# a line break in what a message quotes (a key written "ti\ntle", a link's address, a file's
# name) would split its line in two, where tools and readers expect path:line:col first;
# other control characters show as nothing
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def _escaped(text: str) -> str:
    """text with each control character written as an escape, as YAML's double quotes take it."""
    return _CONTROL.sub(lambda found: found[0].encode("unicode_escape").decode("ascii"), text)


def error(
    path: str, line: int | None, col: int | None, message: str, hint: str | None = None
) -> Diagnostic:
    """Shorthand for an error diagnostic."""
    return Diagnostic(path, line, col, Severity.ERROR, message, hint)


def warning(
    path: str, line: int | None, col: int | None, message: str, hint: str | None = None
) -> Diagnostic:
    """Shorthand for a warning diagnostic."""
    return Diagnostic(path, line, col, Severity.WARNING, message, hint)


def notice(
    path: str,
    line: int | None,
    col: int | None,
    message: str,
    hint: str | None = None,
    strict: bool = False,
) -> Diagnostic:
    """Shorthand for a notice diagnostic; strict: an error under --strict."""
    return Diagnostic(path, line, col, Severity.NOTICE, message, hint, strict)


class DiagnosticError(Exception):
    """Raised by a stage that cannot go on; carries every problem it found."""

    def __init__(self, diagnostics: Iterable[Diagnostic]) -> None:
        self.diagnostics = sorted(diagnostics)
        super().__init__("\n".join(d.format() for d in self.diagnostics))


class ConfigError(DiagnosticError):
    """A problem with site.yml, the command line or the output folder (exit code 2)."""


def counted(n: int, word: str) -> str:
    """A count and its noun, singular for one: 1 file, 2 files."""
    return f"{n} {word}{'' if n == 1 else 's'}"


def has_errors(diagnostics: Iterable[Diagnostic], strict: bool = False) -> bool:
    """True when a build must fail: any error, or any warning under --strict."""
    failing = {Severity.ERROR, Severity.WARNING} if strict else {Severity.ERROR}
    return any(d.severity in failing or (strict and d.strict) for d in diagnostics)


def hardened(diagnostics: Iterable[Diagnostic]) -> list[Diagnostic]:
    """The diagnostics as --strict tells them: every warning, and the notices it makes
    errors, as errors, so that the tally counts what failed the build."""
    return [
        replace(d, severity=Severity.ERROR) if d.strict or d.severity is Severity.WARNING else d
        for d in diagnostics
    ]


def report(diagnostics: Iterable[Diagnostic], stream: TextIO) -> None:
    """Print diagnostics sorted by place, one blank-line-free block each."""
    for diagnostic in sorted(diagnostics):
        print(diagnostic.format(), file=stream)
