"""Fixtures shared by every test folder."""

from __future__ import annotations

import fcntl
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from hubtest import make_site
from recordhub import convert

# 2026-12-01T12:00:00Z. A build's clock decides which embargoed pages are in and when
# security.txt lapses, and the tests' hubs are dated: they are built at one moment, not on
# whichever day the tests run. A test of the real clock removes it; the previews and builds the
# tests start as processes of their own (hubtest.spawn, serving.serve) keep the real clock.
FIXED_NOW = "1796126400"


@pytest.fixture(autouse=True, scope="session")
def fixed_clock() -> Iterator[None]:
    """Builds in this process see the clock at FIXED_NOW (SOURCE_DATE_EPOCH), from the first
    fixture on: hubs that modules and sessions build once too."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", FIXED_NOW)
        yield


@pytest.fixture
def site(tmp_path: Path) -> Path:
    """A minimal valid hub."""
    return make_site(
        tmp_path / "hub",
        {"content/_index.md": "---\ntitle: Home\n---\nWelcome.\n"},
    )


@pytest.fixture
def port_8000() -> Iterator[None]:
    """Held by a test that takes or needs port 8000, the preview's default: tests that run at
    once (make test runs them on every core) take turns, so none finds another's socket there."""
    with open(Path(tempfile.gettempdir()) / "recordhub-tests-port-8000.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        yield


@pytest.fixture
def pooled(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The bodies each conversion of a build sent to the worker processes, when it sent any."""
    calls: list[int] = []
    real = convert.Conversions.done

    def spy(self: convert.Conversions, *args: object) -> object:
        try:
            return real(self, *args)  # type: ignore[arg-type]
        finally:
            if self.pooled:
                calls.append(self.pooled)

    monkeypatch.setattr(convert.Conversions, "done", spy)
    return calls
