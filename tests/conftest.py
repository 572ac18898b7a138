"""Fixtures shared by every test folder."""

from __future__ import annotations

from pathlib import Path

import pytest

from hubtest import make_site


@pytest.fixture
def site(tmp_path: Path) -> Path:
    """A minimal valid hub."""
    return make_site(
        tmp_path / "hub",
        {"content/_index.md": "---\ntitle: Home\n---\nWelcome.\n"},
    )
