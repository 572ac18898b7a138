"""How counts read in the summary lines of build, check and the preview, and what --strict
makes an error."""

from __future__ import annotations

import pytest

from recordhub.diagnostics import Severity, counted, error, hardened, notice, warning


@pytest.mark.parametrize(
    ("n", "word", "said"),
    [
        (0, "error", "0 errors"),
        (1, "error", "1 error"),
        (1, "file", "1 file"),
        (2, "page", "2 pages"),
    ],
)
def test_one_of_a_thing_is_singular(n: int, word: str, said: str) -> None:
    assert counted(n, word) == said


def test_strict_tells_every_warning_and_its_notices_as_errors_and_keeps_other_notices() -> None:
    told = hardened(
        [
            warning("a.md", 1, 1, "w", "h"),
            notice("b.md", None, None, "stale", "h", strict=True),
            notice("c.md", None, None, "news", "h"),
            error("d.md", 2, 3, "e", "h"),
        ]
    )
    assert [(d.path, d.severity) for d in told] == [
        ("a.md", Severity.ERROR),
        ("b.md", Severity.ERROR),
        ("c.md", Severity.NOTICE),
        ("d.md", Severity.ERROR),
    ]
