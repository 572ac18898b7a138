"""What one rebuild of the preview did: the files it changed, and the problems it found."""

from __future__ import annotations

from msgspec import Struct, field

from recordhub.diagnostics import Diagnostic, Severity


class Outcome(Struct):
    """What one rebuild did."""

    ok: bool
    changed: list[str] = field(default_factory=list)
    problems: list[Diagnostic] = field(default_factory=list)
    seconds: float = 0.0
    rendered: int = 0
    vanished: str | None = None  # a file that went away while read: rebuild once quiet
    moving: str | None = None  # a page that changed while read (a save in steps): the same

    @property
    def settling(self) -> bool:
        """Whether files moved on mid-rebuild: nothing was shown, and it should run again."""
        return self.vanished is not None or self.moving is not None

    @property
    def errors(self) -> list[Diagnostic]:
        """The problems that failed the rebuild."""
        return [p for p in self.problems if p.severity is Severity.ERROR]
