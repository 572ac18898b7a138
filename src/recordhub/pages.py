"""The Page objects that templates see (the documented ``page`` API), and what they hold."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

import msgspec
from markupsafe import Markup
from msgspec import Struct

from recordhub import moments
from recordhub.faq import Category
from recordhub.links import Body
from recordhub.markdown import Heading, listed
from recordhub.pagereads import IN_KEYS
from recordhub.pagereads import READERS as _READERS
from recordhub.schema import FIELDS, MODELS, FrontMatter
from recordhub.yamldoc import Positions

NO_MARKUP = Markup()  # one for every page that shows none (an empty string each is 0.5 MB)
# Fields of one content type read as None on pages of another, so shared partials can test them.
_TYPE_FIELDS = frozenset().union(*FIELDS.values())
_FIELDS_OF = {MODELS[kind]: names for kind, names in FIELDS.items()}


@dataclass(eq=False)
class Page:
    """One output page: its front matter, where it lives, and its place in the site."""

    matter: FrontMatter
    source_path: str  # relative to the project root, e.g. content/faq/data.md
    rel_path: str  # relative to content/, language suffix removed
    kind: str  # home, section, page, tag, corrections, 404
    path: str  # site-relative, e.g. faq/data/
    url: str  # root-relative, with the base path
    permalink: str
    lang: str
    body_line: int = 1
    section: Page | None = None
    pages: list[Page] = field(default_factory=list)
    subsections: list[Page] = field(default_factory=list)
    prev: Page | None = None
    next: Page | None = None
    tags: list[Tag] = field(default_factory=list)
    superseded_by: Page | None = None
    faq: tuple[Category, ...] = ()
    future: bool = False
    verdict_label: str | None = None
    jsonld: Markup = NO_MARKUP
    corrections: list[Any] = field(default_factory=list)  # on the corrections page only
    positions: Positions | None = None  # where each front-matter value was written
    translations: list[Page] = field(default_factory=list)  # every language, this one included
    original: Page | None = None  # the default-language page this one translates
    x_default: Page | None = None  # the version for readers of no listed language
    stale: bool = False  # the original changed after this translation
    _held: Markup | None = None  # HTML set here, rather than read when shown
    _body: Body | None = None  # where the HTML is read from when it is shown
    _toc: tuple[Heading, ...] | None = None  # None: read with the HTML when shown

    # shown, but a build for readers holds it back for its section or original (set on those
    # few pages only: a thirtieth field would cost every page its shared key table)
    waits = False

    @property
    def content(self) -> Markup:
        """The page's HTML, links rewritten; read from the conversion store, never kept."""
        if _READERS:
            _READERS[-1].add(self)
        if self._held is not None:
            return self._held
        return self._body() if self._body is not None else Markup()

    @content.setter
    def content(self, value: Markup) -> None:
        self._held = value

    @property
    def toc(self) -> tuple[Heading, ...]:
        """The page's headings as its table of contents lists them (one with no words gives
        way to those under it); read with its HTML, never kept."""
        if _READERS:
            _READERS[-1].add(self)
        if self._toc is not None:
            return listed(self._toc)
        return listed(self._body.headings()) if self._body is not None else ()

    @toc.setter
    def toc(self, value: tuple[Heading, ...]) -> None:
        self._toc = value

    @property
    def replacement(self) -> Page | None:
        """What supersedes this page, in this page's language where it is translated."""
        now = self.superseded_by
        return next((t for t in now.translations if t.lang == self.lang), now) if now else None

    @property
    def replacement_part(self) -> str:
        """The #place superseded_by names in the replacing page ("" for a translation of it,
        whose headings differ), for the link to the replacement."""
        part = (self.matter.superseded_by or "").partition("#")[2]
        return f"#{part}" if part and self.replacement is self.superseded_by else ""

    def content_fingerprint(self) -> str:
        """What decides the content, without reading it: equal fingerprints, equal HTML."""
        if self._held is not None:
            return str(self._held)
        return self._body.fingerprint if self._body is not None else ""

    def __getattr__(self, name: str) -> Any:
        # dataclass fields never reach here; front matter and other types' fields do
        if name.startswith("__"):
            raise AttributeError(name)
        matter = self.__dict__.get("matter")
        if matter is not None and name in (
            _FIELDS_OF.get(type(matter)) or type(matter).model_fields
        ):
            if _READERS and name not in IN_KEYS:
                _READERS[-1].add(self)
            return getattr(matter, name)
        if name in _TYPE_FIELDS:
            return None
        raise AttributeError(f"page has no attribute '{name}'")

    @property
    def breadcrumbs(self) -> list[Page]:
        """Section pages from home down to this page's parent."""
        trail: list[Page] = []
        node = self.section
        while node is not None:
            trail.append(node)
            node = node.section
        return trail[::-1]

    @property
    def changelog(self) -> list[Change]:
        """Changes, newest first, each with a stable anchor."""
        # numbered from the bottom of the list within one date: new entries go on top, so
        # the anchors (and feed ids) of older ones never move
        seen: dict[dt.date, int] = {}
        anchors: list[str] = []
        for entry in reversed(self.matter.changelog):
            seen[entry.date] = seen.get(entry.date, 0) + 1
            suffix = "" if seen[entry.date] == 1 else f"-{seen[entry.date]}"
            anchors.append(f"change-{entry.date.isoformat()}{suffix}")
        changes = [
            Change(entry.date, entry.kind, entry.note, anchor)
            for entry, anchor in zip(self.matter.changelog, reversed(anchors), strict=True)
        ]
        # within a date the anchors differ by their number: -10 comes after -9, not before -2
        return sorted(changes, key=lambda c: (c.date, len(c.anchor), c.anchor), reverse=True)

    @property
    def answered(self) -> list[dt.date]:
        """The dates written under an FAQ's questions (Updated: ...), in the page's order."""
        return [q.updated for c in self.faq for q in c.questions if q.updated]

    @property
    def last_changed(self) -> dt.date | None:
        """updated, else date, or a later changelog entry's or FAQ answer's date: the one date
        of the last change that the page, its structured data, feeds and the sitemap give."""
        answered = self.answered
        changed = [change.date for change in self.matter.changelog]
        updated, date = self.matter.updated, self.matter.date
        # an update given as the day of a date given with its time is no change after it
        if isinstance(date, dt.datetime) and updated == moments.day_of(date):
            updated = date
        first = [d for d in (updated or date,) if d]
        return moments.newest(first + answered + changed)

    @property
    def date_utc(self) -> dt.datetime | None:
        """The date as a moment in UTC (a day at its midnight): what sorts days and times."""
        return moments.instant(self.matter.date) if self.matter.date else None

    def sort_key(self) -> tuple[int, int, int, str, str]:
        """Listing order: weight, then newest first, then title."""
        day = moments.instant(self.matter.date).toordinal() if self.matter.date else 0
        return (
            self.matter.weight,
            -day,
            -self.seconds_out,
            self.matter.title.casefold(),
            self.path,
        )

    @property
    def seconds_out(self) -> int:
        """Seconds into its date (UTC) when the page came out: the time its date gives, else
        its embargo's end, which orders two pages of one date (at 9:00, another at 18:00)."""
        day, moment = self.matter.date, self.matter.publish_at
        if isinstance(day, dt.datetime):
            moment, day = day, moments.instant(day).date()
        if day is None or moment is None:
            return 0
        utc = moment.astimezone(dt.UTC)
        return int(utc.timestamp() - dt.datetime.combine(day, dt.time(), dt.UTC).timestamp())


class Change(Struct, frozen=True):
    """A changelog entry as shown: date, kind, note, and the anchor feeds link to."""

    date: dt.date
    kind: str
    note: str
    anchor: str


class Tag(Struct, eq=False):
    """A topic and the pages that carry it."""

    name: str
    slug: str
    url: str
    lang: str = ""
    pages: list[Page] = msgspec.field(default_factory=list)


class MenuItem(Struct, frozen=True):
    """A menu link resolved to a URL."""

    title: str
    url: str
    external: bool
    covers_below: bool  # False for the home link, which would otherwise match every page
    lang: str = ""  # the language the title is written in, where it is not the menu's

    def is_active(self, page: Page) -> bool:
        """True on the linked page and, for a section, on the pages below it."""
        if self.external:
            return False
        return page.url == self.url or (self.covers_below and page.url.startswith(self.url))


class Feed(Struct, frozen=True):
    """An Atom feed the pages announce in their head."""

    kind: str  # corrections or statements
    title: str  # in the feed's language
    url: str
    path: str
