"""Atom feeds (statements, corrections), the sitemap and robots.txt, built as XML trees."""

from __future__ import annotations

import datetime as dt
import html
import re
from collections.abc import Callable
from urllib.parse import urlsplit
from xml.etree import ElementTree as ET

from msgspec import Struct

from recordhub import markdown, moments
from recordhub.feedids import first_address
from recordhub.lastmod import lastmods, unlisted
from recordhub.links import absolute
from recordhub.pages import Feed, Page
from recordhub.siteview import Site
from recordhub.urls import encode

ATOM = "http://www.w3.org/2005/Atom"
SITEMAP = "http://www.sitemaps.org/schemas/sitemap/0.9"
XHTML = "http://www.w3.org/1999/xhtml"
PUBLIC_KINDS = ("correction", "clarification")


class Correction(Struct, frozen=True):
    """One public correction or clarification, with the page it corrects."""

    page: Page
    date: dt.date
    kind: str
    note: str
    anchor: str  # the entry's id on its page, stable across edits of other entries


def corrections(pages: list[Page]) -> list[Correction]:
    """Every correction and clarification on the site, newest first."""
    found = [
        Correction(page, change.date, change.kind, change.note, change.anchor)
        for page in pages
        if page.kind in {"page", "section", "home"}
        for change in page.changelog
        if change.kind in PUBLIC_KINDS
    ]
    return sorted(found, key=lambda c: (c.date, c.page.path, len(c.anchor), c.anchor), reverse=True)


def entry_id(site: Site, page: Page, anchor: str = "") -> str:
    """The id of a page's entry in a feed, or of one of its changelog entries (anchor)."""
    return _tag_id(site, site.root + first_address(page, site.root) + (anchor and f"#{anchor}"))


def _moment(day: dt.date) -> dt.datetime:
    """A date or a moment as a moment in UTC, to the second (publish_at keeps its fraction)."""
    return moments.instant(day).replace(microsecond=0)


def _stamp(day: dt.date) -> str:
    # isoformat, not strftime: %Y gives the year 500 as "500", which RFC 3339 does not read
    return _moment(day).replace(tzinfo=None).isoformat() + "Z"


def _published(page: Page) -> dt.date | None:
    """When a statement was published: the moment its embargo ended, where it has one on or
    after its date (a feed must not seem to have told of it before), else its date (a day,
    or the time of day it gives)."""
    day, moment = page.matter.date, page.matter.publish_at
    if moment is not None and (day is None or moment >= moments.instant(day)):
        return moment
    return day


# what an IRI may not hold (RFC 3987): spaces and a few marks, in a file name now and then
_NOT_IRI = re.compile(r'[\x00-\x20"<>\\^`{|}\x7f%]')


def _tag_id(site: Site, specific: str) -> str:
    """An RFC 4151 tag URI, the same when the page is edited, retitled, re-dated or moves from
    http to https; its date is fixed, as a page's own date may be corrected."""
    host = urlsplit(site.base_url).hostname or "localhost"
    specific = _NOT_IRI.sub(lambda m: "".join(f"%{b:02X}" for b in m[0].encode()), specific)
    return f"tag:{host},2000-01-01:{specific}"


def _feed(site: Site, title: str, path: str, alternate: str, newest: dt.date | None) -> ET.Element:
    ET.register_namespace("", ATOM)
    # the language of the feed's text, for readers that pick a voice or a hyphenation
    feed = ET.Element(
        f"{{{ATOM}}}feed", {"{http://www.w3.org/XML/1998/namespace}lang": site.language}
    )
    ET.SubElement(feed, f"{{{ATOM}}}id").text = _tag_id(site, f"{site.root}{path}")
    ET.SubElement(feed, f"{{{ATOM}}}title").text = f"{site.title}: {title}"
    ET.SubElement(feed, f"{{{ATOM}}}updated").text = _stamp(newest or dt.date(2000, 1, 1))
    ET.SubElement(feed, f"{{{ATOM}}}link", rel="self", href=encode(site.base_url + path))
    ET.SubElement(
        feed,
        f"{{{ATOM}}}link",
        rel="alternate",
        type="text/html",
        href=encode(site.base_url + alternate),
    )
    author = ET.SubElement(feed, f"{{{ATOM}}}author")
    ET.SubElement(author, f"{{{ATOM}}}name").text = site.organization.name
    return feed


def _entry(
    feed: ET.Element,
    entry_id: str,
    title: str,
    link: str,
    published: dt.date | None,
    updated: dt.date | None,
    summary: str | None,
    content: str | None,
) -> None:
    entry = ET.SubElement(feed, f"{{{ATOM}}}entry")
    ET.SubElement(entry, f"{{{ATOM}}}id").text = entry_id
    ET.SubElement(entry, f"{{{ATOM}}}title").text = title
    ET.SubElement(entry, f"{{{ATOM}}}link", rel="alternate", type="text/html", href=encode(link))
    if published:
        ET.SubElement(entry, f"{{{ATOM}}}published").text = _stamp(published)
    stamp = _moment(updated or dt.date(2000, 1, 1))
    # never updated before it was published: on the embargo's day, the embargo's moment
    ET.SubElement(entry, f"{{{ATOM}}}updated").text = _stamp(
        max(stamp, _moment(published or updated or dt.date(2000, 1, 1)))
    )
    if summary:
        ET.SubElement(entry, f"{{{ATOM}}}summary").text = summary
    if content:
        ET.SubElement(entry, f"{{{ATOM}}}content", type="html").text = content


# characters XML 1.0 has no place for, even escaped; text pasted from a word processor has some
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _serialise(root: ET.Element) -> str:
    ET.indent(root)
    text = _NOT_XML.sub("", ET.tostring(root, "unicode"))
    return '<?xml version="1.0" encoding="utf-8"?>\n' + text + "\n"


def _listing(site: Site, folder: str) -> str:
    """The page a feed's entries are listed on: its folder's, else its language's home."""
    for page in site.pages:
        if page.path == folder and page.lang == site.language:
            return folder
    return site.home.path


NOT_CURRENT = ("superseded", "archived", "retracted")  # statuses a feed entry carries


def _as_shown(
    site: Site, page: Page, states: dict[str, str], back: Callable[[], str | None] | None
) -> tuple[str, str]:
    """A statement's title and text as a feed shows them: a status other than current first,
    with the note that explains it, so that no reader takes it for a live statement."""
    status = page.matter.status
    content = absolute(str(page.content), encode(page.permalink))
    if back is not None:
        content = markdown.backlinks(content, back)
    if status not in states:
        return page.matter.title, content
    label = states[status]
    note = f" {html.escape(page.matter.status_note)}" if page.matter.status_note else ""
    now = page.replacement
    if now is not None:
        # a title in another language keeps its own direction: "Update (v2.0)" in Arabic text
        # would otherwise read "(Update (v2.0"
        said = f' hreflang="{now.lang}" lang="{now.lang}" dir="{site.direction(now.lang)}"'
        other = said if now.lang != page.lang else ""
        href = now.permalink + page.replacement_part
        note += f' <a href="{html.escape(href)}"{other}>{html.escape(now.matter.title)}</a>'
    text = f"<p><strong>{html.escape(label)}.</strong>{note}</p>\n{content}"
    return f"{label}: {page.matter.title}", text


def statements_feed(
    site: Site,
    announced: Feed,
    states: dict[str, str] | None = None,
    back: Callable[[], str | None] | None = None,
) -> str:
    """Atom feed of statements, newest first; an edit changes <updated>, never the id. A
    statement superseded, archived or retracted says so (states: those labels, in words;
    back: the title of a footnote's link back to its mark)."""
    statements = site.statements
    times = [t for p in statements for t in (p.last_changed, _published(p)) if t is not None]
    newest = max(times, key=_moment, default=None)
    feed = _feed(
        site,
        announced.title,
        announced.path,
        _listing(site, announced.path.removesuffix("feed.xml")),
        newest,
    )
    for page in statements:
        title, text = _as_shown(site, page, states or {}, back)
        _entry(
            feed,
            entry_id(site, page),
            title,
            page.permalink,
            _published(page),
            page.last_changed,
            page.matter.summary,
            text,
        )
    return _serialise(feed)


def corrections_feed(
    site: Site, items: list[Correction], announced: Feed, page_path: str, kinds: dict[str, str]
) -> str:
    """Atom feed of corrections and clarifications, newest first, labelled in its language."""
    newest = items[0].date if items else None
    feed = _feed(site, announced.title, announced.path, page_path, newest)
    for item in items:
        label = kinds.get(item.kind) or item.kind.capitalize()
        _entry(
            feed,
            entry_id(site, item.page, item.anchor),
            f"{label}: {item.page.matter.title}",
            f"{item.page.permalink}#{item.anchor}",
            item.date,
            item.date,
            item.note,
            None,
        )
    return _serialise(feed)


def sitemap(site: Site, pages: list[Page]) -> str:
    """sitemap.xml with lastmod from each page's own dates, a listing's from what it lists."""
    # written a URL at a time, not as one element tree: at 10,000 pages the tree and its
    # serialisation took 11 MB, the largest part of a one-edit build's peak memory
    urls: list[str] = []
    alternates = False
    changed = lastmods(pages)
    for page in sorted(pages, key=lambda p: p.path):
        if page.kind == "404" or unlisted(page):
            continue
        parts = [f"  <url>\n    <loc>{_text(encode(page.permalink))}</loc>\n"]
        if page in changed:
            parts.append(f"    <lastmod>{changed[page].isoformat()}</lastmod>\n")
        # every version lists every version, itself included, and the one for other readers
        listed = [(o.lang, o) for o in page.translations if not unlisted(o)]
        if listed and page.x_default is not None and not unlisted(page.x_default):
            listed.append(("x-default", page.x_default))
        for lang, other in listed:
            href = _attribute(encode(other.permalink))
            parts.append(
                f'    <xhtml:link rel="alternate" hreflang="{_attribute(lang)}" href="{href}" />\n'
            )
        alternates = alternates or bool(listed)
        urls.append(_NOT_XML.sub("", "".join(parts)) + "  </url>\n")
    names = f'xmlns="{SITEMAP}"' + (f' xmlns:xhtml="{XHTML}"' if alternates else "")
    body = f"<urlset {names}>\n{''.join(urls)}</urlset>" if urls else f"<urlset {names} />"
    return f'<?xml version="1.0" encoding="utf-8"?>\n{body}\n'


def _text(value: str) -> str:
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _attribute(value: str) -> str:
    escaped = _text(value).replace('"', "&quot;").replace("\r", "&#13;")
    return escaped.replace("\n", "&#10;").replace("\t", "&#09;")


def robots(site: Site) -> str:
    """robots.txt that allows everything of the hub and points to the sitemap."""
    # a hub in a folder has its rules merged into its domain's: it speaks for its folder alone
    allow = encode(site.root)
    return f"User-agent: *\nAllow: {allow}\n\nSitemap: {encode(site.base_url)}sitemap.xml\n"
