"""How counts read in the summary lines of build, check and the preview."""

from __future__ import annotations

import pytest

from recordhub.diagnostics import counted


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
