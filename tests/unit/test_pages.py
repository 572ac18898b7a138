"""The page model stays small: a build holds one Page for every page of the hub."""

from __future__ import annotations

import dataclasses

from recordhub.pages import Page


def test_a_page_has_fewer_than_thirty_fields() -> None:
    # CPython lets instances share one key table for their __dict__ up to a limit; a Page with a
    # thirtieth field had a table of its own, 1.3 KB more a page: 12 MB of a 10,000-page build
    # (peak 154 MiB against 141). Keep what varies by page elsewhere (its front matter, say).
    assert len(dataclasses.fields(Page)) < 30
