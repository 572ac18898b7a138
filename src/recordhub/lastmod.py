"""The date of a page's last change as the sitemap gives it, listings included."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from recordhub import moments
from recordhub.pages import Page


def unlisted(page: Page) -> bool:
    """A draft or a scheduled page, or one that waits for its section or original, shown with
    --drafts or --future, marked noindex there."""
    return bool(page.matter.draft or page.future or page.waits)


def _newest(days: Iterable[dt.date | None]) -> dt.date | None:
    return moments.newest(days)  # a day or a moment, each page's own


def lastmods(pages: list[Page]) -> dict[Page, dt.date]:
    """Each page's last change: a section's, a topic's and the corrections page's is the newest
    of its own and of what it lists (a new page changes the listing, which search engines
    recrawl by this date); a page that lists nothing dated has none."""
    # each page's own, worked out once: a page is in its section's listing and each topic's
    own = {id(page): page.last_changed for page in pages}

    def changed(page: Page) -> dt.date | None:
        try:
            return own[id(page)]
        except KeyError:  # listed, though not one of pages
            return page.last_changed

    def of(listed: Iterable[Page]) -> dt.date | None:
        """The newest last change among listed pages; one the sitemap leaves out dates nothing."""
        return _newest(changed(p) for p in listed if not unlisted(p))

    found: dict[Page, dt.date] = {}
    topics: dict[str, dt.date | None] = {}  # each language's newest topic page
    for page in pages:
        day = own[id(page)]
        if page.kind == "section":
            day = _newest((day, of(page.pages), of(page.subsections)))
        elif page.kind == "tag":
            day = of(page.pages)
            topics[page.lang] = _newest((day, topics.get(page.lang)))
        elif page.kind == "corrections":
            day = _newest(c.date for c in page.corrections if not unlisted(c.page))
        if day is not None:
            found[page] = day
    for page in pages:
        # the list of topics, with how many pages each has, changes with its topics' pages
        if page.kind == "tags" and (day := topics.get(page.lang)) is not None:
            found[page] = day
    return found
