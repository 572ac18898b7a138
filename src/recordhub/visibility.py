"""What a build publishes: drafts, embargoes and expiry, and the files only hidden pages use."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable
from dataclasses import dataclass

from recordhub import links
from recordhub.schema import FrontMatter
from recordhub.urls import resolve


@dataclass(frozen=True)
class Visibility:
    """Which unpublished pages a build includes, and the clock that decides embargoes."""

    drafts: bool
    future: bool
    now: dt.datetime


def next_change(matters: list[FrontMatter], now: dt.datetime) -> dt.datetime | None:
    """The first moment after now when a page's dates decide differently (embargo, expiry,
    review), or None."""
    moments: list[dt.datetime] = []
    for matter in matters:
        moments += [t for t in (matter.publish_at, matter.expires) if t is not None]
        if matter.review_due:  # "review was due" from the day after
            day = matter.review_due + dt.timedelta(days=1)
            moments.append(dt.datetime.combine(day, dt.time(), dt.UTC))
    return min((t for t in moments if t > now), default=None)


def is_hidden(matter: FrontMatter, visibility: Visibility) -> bool:
    """True when a page is a draft, embargoed or expired under these settings."""
    if matter.draft and not visibility.drafts:
        return True
    if matter.publish_at and matter.publish_at > visibility.now and not visibility.future:
        return True
    return bool(matter.expires and matter.expires <= visibility.now)


Uses = tuple[str, tuple[str, ...], str | None]  # a page's file, its relative links, its image


def held_back(
    pages: Iterable[Uses], hidden: Collection[str], files: Collection[str]
) -> tuple[dict[str, tuple[str, ...]], frozenset[str]]:
    """The content files that hidden pages name and no shown page does, each with those
    pages; and every content file that hidden pages name.

    An embargoed statement's PDF or chart would otherwise be published before the statement,
    at an address anyone can guess from the file's name.
    """
    wanted: dict[str, list[str]] = {}
    shown: set[str] = set()
    for rel_path, written, image in pages:
        named = links.named(written, rel_path)
        if image and "://" not in image and not image.startswith(("/", "data:")):
            named.add(resolve(rel_path, image))
        if rel_path in hidden:
            for target in named:
                wanted.setdefault(target, []).append(rel_path)
        else:
            shown |= named
    named_files = {rel: tuple(by) for rel, by in sorted(wanted.items()) if rel in files}
    held = {rel: by for rel, by in named_files.items() if rel not in shown}
    return held, frozenset(named_files)
