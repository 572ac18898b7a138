"""What the main process prepares while workers convert, for the workers forked to render."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from babel import localedata

from hubtest import SITE_YML, make_site
from recordhub import config, strings, theming

LANGUAGES = "languages:\n  - {code: en, name: English}\n  - {code: ar, name: العربية}\n"


def test_every_languages_data_is_loaded_ahead(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    hub = make_site(
        tmp_path, {"content/_index.md": "---\ntitle: Home\n---\n"}, SITE_YML + LANGUAGES
    )
    for cached in (strings.format_date, strings.direction_of, strings._locale):
        cached.cache_clear()
    monkeypatch.setattr(localedata, "_cache", {})
    theming.Preparation(config.load(hub), False, False, None).ahead()

    def refused(*args: object, **kwargs: object) -> object:
        raise AssertionError("locale data read after ahead()")

    # what a page shows next, as a worker forked now would, reads nothing more
    monkeypatch.setattr(localedata, "load", refused)
    day = dt.date(2026, 11, 28)
    assert strings.format_date(day, "en") == "November 28, 2026"
    assert "2026" in strings.format_date(day, "ar")
    assert (strings.direction_of("en"), strings.direction_of("ar")) == ("ltr", "rtl")
