"""Stage 6: assemble validated pages into a Site: sections, listings, menus, links."""

from __future__ import annotations

import datetime as dt
import hashlib
import posixpath
from collections.abc import Callable, Iterator
from pathlib import Path

from markupsafe import Markup
from msgspec import Struct

from recordhub import (
    addresses,
    faq,
    frontmatter,
    links,
    navigation,
    redirects,
    translations,
    trust,
    undeclaredlanguages,
)
from recordhub.config import SiteConfig
from recordhub.diagnostics import Diagnostic, DiagnosticError, error, warning
from recordhub.faqchecks import gaps as faq_gaps
from recordhub.frontmatter import RawPage
from recordhub.markdown import Rendered, Shown
from recordhub.menus import SitePaths, resolve
from recordhub.pages import Page
from recordhub.schema import FrontMatter
from recordhub.siteview import Site
from recordhub.unchecked import drafts as unchecked_drafts
from recordhub.urls import base_path, file_address, page_path
from recordhub.visibility import (
    Placed,
    Uses,
    Visibility,
    answers_ahead,
    dated,
    held_back,
    hidden_sections,
    is_hidden,
    scheduled,
    spread,
    state,
)


class Entry(Struct, frozen=True):
    """A validated, converted page ready to be placed in the site."""

    rel_path: str  # as on disk, relative to content/
    rel_key: str  # language suffix removed
    lang: str
    raw: RawPage
    matter: FrontMatter
    rendered: Rendered  # html and headings are None unless held (an FAQ): load() reads them
    key: str = ""  # of the converted body in the store
    load: Callable[[], Shown] = lambda: Shown("", ())
    source: Path | None = None  # the file, read again to locate a broken link in its body


def build_site(
    config: SiteConfig,
    entries: list[Entry],
    assets: list[str],
    visibility: Visibility,
    invalid: frozenset[str] = frozenset(),
) -> tuple[Site, list[Diagnostic]]:
    """Place every visible entry, wire sections and menus, and rewrite links between pages."""
    settings = config.settings
    root = base_path(settings.base_url)
    default = config.default_language
    problems: list[Diagnostic] = []
    hidden = {e.rel_path for e in entries if is_hidden(e.matter, visibility)}
    waiting: dict[str, str] = {}  # folder to its hidden _index.md
    if hidden:  # a hidden section's pages and files, and a hidden page's translations, wait
        every = _placed(entries)
        hidden, problems = spread(every, hidden, default, visibility)
        problems += scheduled(every, visibility) + unchecked_drafts(every, visibility)
        waiting = hidden_sections(every, hidden, default)
    waits = _would_wait(entries, default, visibility)
    by_source: dict[str, Page] = {}
    by_path: dict[str, Page] = {}
    # about.en.md in an en hub is about.md's page again: the one named for its language is told
    for entry in sorted(entries, key=lambda e: e.lang == default and e.rel_path != e.rel_key):
        if entry.rel_path in hidden:
            continue
        prefix = "" if entry.lang == default else f"{entry.lang}/"
        path = prefix + page_path(entry.rel_key, entry.matter.slug)
        name = posixpath.basename(entry.rel_key)
        kind = (
            "home" if entry.rel_key == "_index.md" else "section" if name == "_index.md" else "page"
        )
        page = Page(
            matter=entry.matter,
            source_path=entry.raw.path,
            rel_path=entry.rel_key,
            kind=kind,
            path=path,
            url=root + path,
            permalink=settings.base_url + path,
            lang=entry.lang,
            positions=entry.raw.positions,
            body_line=entry.raw.body_line,
            future=bool(entry.matter.publish_at and entry.matter.publish_at > visibility.now),
        )
        if entry.rel_path in waits:
            page.waits = True
        clash = by_path.get(path.casefold())
        if clash is not None:
            line, col = entry.raw.positions.value(("slug",)) if "slug" in entry.raw.data else (0, 0)
            hint = "give one of them a different slug"
            if clash.rel_path == page.rel_path:  # the same page in the same language, twice
                hint = f"{clash.source_path} is the {page.lang} page: keep one of the two"
            message = f"maps to the same URL /{path} as {clash.source_path}"
            problems.append(error(page.source_path, line or None, col or None, message, hint))
            # told there: a link or menu entry to it is no "missing page" besides
            invalid |= {entry.rel_path}
            continue
        by_path[path.casefold()] = page
        by_source[entry.rel_path] = page
    pages = list(by_source.values())
    # a written translation of the home page or a section is that language's: none is made
    stand_ins = translations.stand_ins(pages)
    for (folder, lang), page in stand_ins.items():
        if not folder and page.kind != "home":  # a language's home is at /<code>/, always
            page.kind, page.path = "home", "" if lang == default else f"{lang}/"
            page.url, page.permalink = root + page.path, settings.base_url + page.path
    sections = navigation.wire_sections(
        pages,
        lambda lang: settings.text_in("title", lang) or "",
        root,
        settings.base_url,
        default,
        stand_ins,
    )
    all_pages = sorted(
        {id(p): p for p in [*pages, *sections.values()]}.values(), key=lambda p: p.path
    )

    # a file's name may hold what a URL cannot (a space, '#', '?'): its address encodes them
    targets = {rel: root + file_address(rel) for rel in assets}

    # a file named in the text or in the front matter (a source, the original) is used
    def uses(shown: bool) -> Iterator[Uses]:
        for e in entries:
            if (e.rel_path not in hidden) is shown:
                yield e.rel_path, e.rendered.links + addresses.written(e.matter), e.matter.image

    held, hidden_files = held_back(uses(False), uses(True), assets, waiting)
    targets.update((rel, page.url) for rel, page in by_source.items())
    for entry in entries:
        placed = by_source.get(entry.rel_path)
        if placed is None:
            continue
        page = placed
        problems += place_content(page, entry, targets, hidden, invalid)
        problems += trust.check(page, entry, by_source, hidden, settings.verdicts, invalid)
        problems += addresses.place(page, entry, targets, hidden, invalid)
        problems += dated(entry.matter, entry.raw.positions, page.source_path, visibility.now)
        answered = [q.updated for group in page.faq for q in group.questions if q.updated]
        if answered:  # they date the page as its own dates do (sitemap, security.txt)
            problems += _answers_ahead(
                page, entry, answers_ahead(entry.matter, answered, visibility.now)
            )
    problems += redirects.alias_problems(all_pages, root)
    problems += translations.link(all_pages, config, invalid)
    problems += translations.unnamed(sections, pages, config)
    problems += translations.pageless(sections, config)
    problems += undeclaredlanguages.undeclared([(e.raw.path, e.rel_key) for e in entries], config)
    all_tags, found = navigation.tags(pages, root, default)
    problems += found
    where = config.positions
    languages: dict[str, Site] = {}
    codes = [language.code for language in settings.languages if ("", language.code) in sections]
    own_tags = {code: [t for t in all_tags if t.lang == code] for code in codes}
    paths = SitePaths.of(all_pages, own_tags, default)
    unshown = {e.rel_path: state(e.matter, visibility) for e in entries if e.rel_path in hidden}
    for code in codes:  # a language with no page yet has no pages to list
        lang_home = sections[("", code)]
        listed = (("menu", settings.menu), ("footer_menu", settings.footer_menu))
        (menu, found, titled), (footer, more, retitled) = (
            resolve(entries, by_source, root, key, where, code, default, invalid, paths, unshown)
            for key, entries in listed
        )
        problems += titled + retitled  # a title this language's menu lacks, told for each
        if code == default:
            problems += found + more  # a missing page is reported once, not per language
        languages[code] = Site(
            config=config,
            home=lang_home,
            pages=all_pages,
            sections=list(lang_home.subsections),
            tags=own_tags[code],
            menu=menu,
            footer_menu=footer,
            root=root,
            lang=code,
            languages=languages,
            targets=targets,
            by_source=by_source,
            hidden=frozenset(hidden),
            held=held,
            hidden_files=hidden_files,
            invalid=invalid,
        )
    site = languages[default]
    return site, problems


def _placed(entries: list[Entry]) -> list[Placed]:
    return [
        Placed(e.rel_path, e.rel_key, e.lang, e.matter, e.raw.path, e.raw.positions)
        for e in entries
    ]


def _would_wait(entries: list[Entry], default: str, visibility: Visibility) -> set[str]:
    """The pages an output with drafts or embargoed pages shows that a build for readers holds
    back for their section or their original, so that the preview can say so."""
    if not (visibility.drafts or visibility.future):
        return set()
    strict = Visibility(drafts=False, future=False, now=visibility.now)
    hidden = {e.rel_path for e in entries if is_hidden(e.matter, strict)}
    if not hidden:
        return set()
    held, _ = spread(_placed(entries), hidden, default, strict)
    return held - hidden


def place_content(
    page: Page,
    entry: Entry,
    targets: dict[str, str],
    hidden: set[str] | frozenset[str],
    invalid: frozenset[str] = frozenset(),
) -> list[Diagnostic]:
    """Give a page its HTML, links rewritten to URLs when shown; report links that go nowhere."""
    rendered, lookup = entry.rendered, targets.get
    root = page.url.removesuffix(page.path)  # the site's path on its host
    if rendered.html is not None:  # held: an FAQ, whose questions are read from it here
        page.content = Markup(links.rewrite(rendered.html, entry.rel_path, lookup, root))
        page.faq = faq.categories(rendered.html, rendered.headings or ())
        page._body = None
    resolved, broken = links.resolved(rendered.links, entry.rel_path, lookup)
    if rendered.html is None:
        page._held = None
        # a digest, not the text: at 10,000 pages the text would hold 3 MB for nothing
        seen = f"{entry.key}\n{resolved}".encode("utf-8", "surrogatepass")
        fingerprint = hashlib.blake2b(seen, digest_size=16).hexdigest()
        page._body = links.Body(entry.load, entry.rel_path, lookup, fingerprint, root)
    page._toc = rendered.headings  # None: in the store with the HTML
    found: list[Diagnostic] = []
    if page.matter.type == "faq" and rendered.html is not None:
        headings = rendered.headings or ()
        found += faq_gaps(rendered.html, headings, page.source_path, lambda: _body(entry))
    dates = faq.unreadable_dates(rendered.html) if rendered.html is not None else []
    body, body_line = _body(entry) if broken or dates else ("", 1)
    for line, col, written in faq.date_places(body, body_line, dates):
        message = f"'Updated: {written}' under a question is not a date"
        found.append(error(page.source_path, line, col, message, faq.date_hint(written)))
    found += links.told(page.source_path, broken, (body, body_line), targets, hidden, invalid)
    return list(dict.fromkeys(found))  # written once, used twice (a reference): told once


def _answers_ahead(page: Page, entry: Entry, days: list[dt.date]) -> list[Diagnostic]:
    """A warning at each Updated: line of an FAQ whose date is still to come."""
    if not days:
        return []
    body, body_line = _body(entry)
    return [
        warning(
            page.source_path,
            line,
            col,
            f"'Updated: {written}' under a question is still to come",
            "check the year; an answer's date is the day it last changed",
        )
        for line, col, written in faq.date_places(body, body_line, [d.isoformat() for d in days])
    ]


def _body(entry: Entry) -> tuple[str, int]:
    """The Markdown body and its first line; the model keeps it only until it is converted."""
    if entry.raw.body or entry.source is None:
        return entry.raw.body, entry.raw.body_line
    try:
        text = frontmatter.decode(entry.source.read_bytes(), entry.raw.path)
        raw = frontmatter.parse(text, entry.raw.path)
    except (OSError, DiagnosticError):
        return "", entry.raw.body_line  # changed since: the link is shown at the body's start
    return raw.body, raw.body_line
