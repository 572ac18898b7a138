"""What a build publishes: drafts, embargoes and expiry, and the files only hidden pages use."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable
from dataclasses import dataclass

from recordhub import links
from recordhub.diagnostics import Diagnostic, notice, warning
from recordhub.schema import FrontMatter
from recordhub.urls import resolve
from recordhub.yamldoc import Positions


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


def dated(matter: FrontMatter, where: Positions, path: str, now: dt.datetime) -> list[Diagnostic]:
    """What the clock says of a page's own dates: a review that is due, or a date still ahead
    (a mistyped year, which would also push security.txt's expiry years away)."""
    found = []
    today = now.date()
    if matter.review_due and matter.review_due < today:
        line, col = where.value(("review_due",))
        hint = "check the page is still true, then set reviewed: and a new review_due:"
        found.append(notice(path, line, col, f"stale: review was due on {matter.review_due}", hint))
    # a day's leeway for time zones; a page scheduled with publish_at may carry its own day
    ahead = max(today, matter.publish_at.date() if matter.publish_at else today)
    ahead += dt.timedelta(days=1)
    days: list[tuple[tuple[str | int, ...], dt.date | None]] = [
        (("date",), matter.date),
        (("updated",), matter.updated),
        (("reviewed",), matter.reviewed),
    ]
    days += [(("changelog", n, "date"), c.date) for n, c in enumerate(matter.changelog)]
    for key, day in days:
        if day is not None and day > ahead:
            line, col = where.value(key)
            name = "".join(f"[{k}]" if isinstance(k, int) else f".{k}" for k in key)[1:]
            message = f"{name} is {day}, which is still to come"
            hint = "check the year; to publish a page later, give it publish_at:"
            found.append(warning(path, line, col, message, hint))
    return found
