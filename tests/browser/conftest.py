"""Real Chromium through Playwright; skipped without a browser, except under CI."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


def chromium_path() -> str | None:
    """RECORDHUB_CHROMIUM, then Debian's /usr/bin/chromium."""
    for candidate in (os.environ.get("RECORDHUB_CHROMIUM"), "/usr/bin/chromium"):
        if candidate and (Path(candidate).is_file() or shutil.which(candidate)):
            return candidate
    return None


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """One headless Chromium for the session."""
    executable = chromium_path()
    if executable is None:
        message = (
            "no Chromium: set RECORDHUB_CHROMIUM or install Debian's chromium "
            "(apt-get install chromium) to run the browser tests"
        )
        if os.environ.get("CI"):
            pytest.fail(message + " (CI is set, so a missing browser is a failure)")
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture
def page(browser: object) -> Iterator[object]:
    """A fresh browser page (its own context: no shared cookies or storage)."""
    context = browser.new_context()  # type: ignore[attr-defined]
    tab = context.new_page()
    yield tab
    context.close()


@pytest.fixture(scope="session")
def artifacts() -> Path:
    """Folder for screenshots a person can look at after the run."""
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS
