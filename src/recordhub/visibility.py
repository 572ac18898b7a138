"""What a build publishes: drafts, embargoes and expiry, and the files only hidden pages use."""

from __future__ import annotations

import datetime as dt
import posixpath
from collections.abc import Collection, Iterable

from msgspec import Struct

from recordhub import links, milestones, moments
from recordhub.diagnostics import Diagnostic, notice, warning
from recordhub.schema import FrontMatter
from recordhub.urls import resolve
from recordhub.yamldoc import Positions


class Visibility(Struct, frozen=True):
    """Which unpublished pages a build includes, and the clock that decides embargoes."""

    drafts: bool
    future: bool
    now: dt.datetime


def next_change(matters: list[FrontMatter], now: dt.datetime) -> dt.datetime | None:
    """The first moment after now when a page's dates decide differently (embargo, expiry,
    review, a planned milestone), or None."""
    moments: list[dt.datetime] = []
    for matter in matters:
        moments += [t for t in (matter.publish_at, matter.expires) if t is not None]
        # "review was due" from the day after; 9999-12-31, the calendar's last day, never is
        if matter.review_due and matter.review_due < dt.date.max:
            day = matter.review_due + dt.timedelta(days=1)
            moments.append(dt.datetime.combine(day, dt.time(), dt.UTC))
        moments += milestones.passing(matter)
    return min((t for t in moments if t > now), default=None)


def is_hidden(matter: FrontMatter, visibility: Visibility) -> bool:
    """True when a page is a draft, embargoed or expired under these settings."""
    if matter.draft and not visibility.drafts:
        return True
    if matter.publish_at and matter.publish_at > visibility.now and not visibility.future:
        return True
    return bool(matter.expires and matter.expires <= visibility.now)


Uses = tuple[str, tuple[str, ...], str | None]  # a page's file, its relative links, its image


class Placed(Struct, frozen=True):
    """What decides whether a page waits for another: its files, language and front matter."""

    rel_path: str  # as on disk
    rel_key: str  # without its language
    lang: str
    matter: FrontMatter
    shown: str  # the path shown in messages
    where: Positions

    @property
    def section(self) -> str | None:
        """The folder whose _index.md this page is (none for the home page or a page)."""
        if posixpath.basename(self.rel_key) != "_index.md" or self.rel_key == "_index.md":
            return None
        return posixpath.dirname(self.rel_key)


def spread(
    pages: list[Placed], hidden: set[str], default: str, visibility: Visibility
) -> tuple[set[str], list[Diagnostic]]:
    """Every page that waits: the hidden ones, those below a hidden section, and the
    translations of a hidden original; with a notice for each section and translation."""
    indexes = {(p.section, p.lang): p for p in pages if p.section is not None}
    waiting = set(hidden)
    below: dict[str, int] = {}
    for page in pages:
        if page.rel_path in waiting:
            continue
        section = _hidden_above(page, indexes, hidden, default)
        if section is not None:
            waiting.add(page.rel_path)
            below[section.rel_path] = below.get(section.rel_path, 0) + 1
    found = [_waits(p, below[p.rel_path], visibility) for p in pages if p.rel_path in below]
    groups: dict[str, list[Placed]] = {}
    declared = {p.rel_key: p.matter.translation_key for p in pages if p.matter.translation_key}
    for page in pages:
        key = page.matter.translation_key or declared.get(page.rel_key) or page.rel_key
        groups.setdefault(key, []).append(page)
    for members in groups.values():
        original = next((p for p in members if p.lang == default), None)
        if original is None or original.rel_path not in waiting:
            continue
        for page in members:
            if page.rel_path not in waiting:
                waiting.add(page.rel_path)
                found.append(_translation_waits(page, original))
    return waiting, found


def scheduled(pages: list[Placed], visibility: Visibility) -> list[Diagnostic]:
    """A notice for each page still embargoed: its links and address are not checked yet,
    and a fault found when it goes out would stop that build."""
    found = []
    for page in pages:
        when = page.matter.publish_at
        if is_hidden(page.matter, visibility) and _reason(page.matter, visibility) == "publish_at":
            assert when is not None
            line, col = page.where.value(("publish_at",))
            at = when.astimezone(dt.UTC) if when.tzinfo else when  # +02:00, say
            message = f"scheduled for {at:%Y-%m-%d %H:%M} UTC, so not checked with the others yet"
            hint = "run recordhub check --future to check the site as it will be then"
            found.append(notice(page.shown, line, col, message, hint))
    return found


def hidden_sections(pages: list[Placed], hidden: set[str], default: str) -> dict[str, str]:
    """Folder to _index.md of each hidden section (the default language's, or the folder's
    only one): the files in it wait with it."""
    indexes: dict[str, list[Placed]] = {}
    for page in pages:
        if page.section is not None:
            indexes.setdefault(page.section, []).append(page)
    found: dict[str, str] = {}
    for folder, members in indexes.items():
        only = members[0] if len(members) == 1 else None
        main = next((p for p in members if p.lang == default), only)
        if main is not None and main.rel_path in hidden:
            found[folder] = main.rel_path
    return found


def _hidden_above(
    page: Placed, indexes: dict[tuple[str, str], Placed], hidden: set[str], default: str
) -> Placed | None:
    """The nearest section above the page that is hidden: in its language, else the default
    language's where the folder has no section of the page's language."""
    folder = posixpath.dirname(page.rel_key)
    while folder:
        index = indexes.get((folder, page.lang)) or indexes.get((folder, default))
        if index is not None and index.rel_path in hidden and index is not page:
            return index
        folder = posixpath.dirname(folder)
    return None


def _waits(section: Placed, count: int, visibility: Visibility) -> Diagnostic:
    key = _reason(section.matter, visibility)
    line, col = section.where.value((key,))
    what = "the page below it waits" if count == 1 else f"the {count} pages below it wait"
    hint = f"this section is {_WHY[key]}; to publish a page of it now, move it to another folder"
    return notice(section.shown, line, col, f"not published: {what} with it", hint)


def _translation_waits(page: Placed, original: Placed) -> Diagnostic:
    return notice(
        page.shown,
        None,
        None,
        f"not published: it translates {original.shown}, which is not published",
        "it is published with its original; to publish it on its own, give it a "
        "translation_key of its own",
    )


def state(matter: FrontMatter, visibility: Visibility) -> tuple[str, str]:
    """Why a page is not published, as a phrase after its name, and when a link to it appears."""
    if not is_hidden(matter, visibility):  # it waits for its section or the page it translates
        hint = "the entry appears once the page is published, with its section or original"
        return "is not published yet", hint
    key = _reason(matter, visibility)
    if key == "draft":
        return "is a draft", (
            "the entry appears once the page is published (without draft: true); "
            "recordhub build --drafts shows it now"
        )
    when = matter.publish_at if key == "publish_at" else matter.expires
    assert when is not None
    at = f"{when.astimezone(dt.UTC) if when.tzinfo else when:%Y-%m-%d %H:%M} UTC"
    if key == "publish_at":
        hint = "the entry appears once the page is published then; recordhub build --future "
        return f"is embargoed until {at}", hint + "shows it now"
    hint = "the entry appears once the page is published again: give it a later expires:, "
    return f"expired at {at}", hint + "or remove the entry"


_WHY = {"draft": "a draft", "publish_at": "embargoed", "expires": "expired"}


def _reason(matter: FrontMatter, visibility: Visibility) -> str:
    """The front matter key that hides a page under these settings."""
    if matter.draft and not visibility.drafts:
        return "draft"
    if matter.publish_at and matter.publish_at > visibility.now and not visibility.future:
        return "publish_at"
    return "expires"


def held_back(
    hidden_pages: Iterable[Uses],
    shown_pages: Iterable[Uses],
    files: Collection[str],
    sections: dict[str, str] | None = None,
) -> tuple[dict[str, tuple[str, ...]], frozenset[str]]:
    """The content files that hidden pages name, or that lie in a hidden section (sections:
    folder to its _index.md), and no shown page names, each with those pages or that section;
    and every content file that hidden pages name.

    An embargoed statement's PDF or chart would otherwise be published before the statement,
    at an address anyone can guess from the file's name.
    """
    wanted: dict[str, list[str]] = {}
    for rel in files:
        folder = posixpath.dirname(rel)
        while folder and sections:
            if folder in sections:
                wanted[rel] = [sections[folder]]
                break
            folder = posixpath.dirname(folder)
    for rel_path, written, image in hidden_pages:
        for target in _named(rel_path, written, image):
            wanted.setdefault(target, []).append(rel_path)
    named_files = {rel: tuple(by) for rel, by in sorted(wanted.items()) if rel in files}
    if not named_files:  # the usual build: the shown pages' links need not be resolved for this
        return {}, frozenset()
    shown: set[str] = set()
    for rel_path, written, image in shown_pages:
        shown |= _named(rel_path, written, image)
    held = {rel: by for rel, by in named_files.items() if rel not in shown}
    return held, frozenset(named_files)


def _named(rel_path: str, written: tuple[str, ...], image: str | None) -> set[str]:
    """The files a page names in its text and front matter, and its image."""
    named = links.named(written, rel_path)
    if image and "://" not in image and not image.startswith(("/", "data:")):
        named.add(resolve(rel_path, image))
    return named


def dated(matter: FrontMatter, where: Positions, path: str, now: dt.datetime) -> list[Diagnostic]:
    """What the clock says of a page's own dates: a review that is due, or a date still ahead
    (a mistyped year, which would also push security.txt's expiry years away)."""
    found = []
    today = now.date()
    if matter.review_due and matter.review_due < today:
        line, col = where.value(("review_due",))
        hint = "check the page is still true, then set reviewed: and a new review_due:"
        found.append(notice(path, line, col, f"stale: review was due on {matter.review_due}", hint))
    ahead = _last_day(matter, now)
    days: list[tuple[tuple[str | int, ...], dt.date | None]] = [
        (("date",), matter.date),
        (("updated",), matter.updated),
        (("reviewed",), matter.reviewed),
    ]
    days += [(("changelog", n, "date"), c.date) for n, c in enumerate(matter.changelog)]
    days += [(("sources", n, "date"), source.date) for n, source in enumerate(matter.sources)]
    claimed = getattr(matter, "claimed_by", None)  # when a claim was made: never ahead either
    if claimed is not None:
        days.append((("claimed_by", "date"), claimed.date))
    for key, day in days:  # a moment's own day: the day's leeway covers every offset
        if day is not None and moments.day_of(day) > ahead:
            line, col = where.value(key)
            name = "".join(f"[{k}]" if isinstance(k, int) else f".{k}" for k in key)[1:]
            message = f"{name} is {moments.written(day)}, which is still to come"
            hint = f"check the year; {_WHEN[str(key[0])]}"
            found.append(warning(path, line, col, message, hint))
    return found + milestones.dated(matter, where, path, today, ahead)


_WHEN = {  # publish_at is the way to date a page ahead; the others record what happened
    "date": "to publish a page later, give it publish_at:",
    "updated": "give the day the page was actually updated",
    "reviewed": "give the day the page was actually reviewed",
    "changelog": "give the day the change was actually made",
    "sources": "give the day the source was published",
    "claimed_by": "give the day the claim was made",
}


def answers_ahead(matter: FrontMatter, days: list[dt.date], now: dt.datetime) -> list[dt.date]:
    """The dates of an FAQ's Updated: lines that are still to come, in their order."""
    ahead = _last_day(matter, now)
    return [day for day in days if day > ahead]


def _last_day(matter: FrontMatter, now: dt.datetime) -> dt.date:
    """The last day a page's dates may give: a day's leeway for time zones; a page scheduled
    with publish_at may carry its own day."""
    last = max(now.date(), matter.publish_at.date() if matter.publish_at else now.date())
    return last + dt.timedelta(days=1) if last < dt.date.max else last
