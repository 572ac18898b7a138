"""Stage 6: assemble validated pages into a Site: sections, listings, menus, links (pure)."""

from __future__ import annotations

import datetime as dt
import posixpath
from dataclasses import dataclass

from markupsafe import Markup

from recordhub import faq, links
from recordhub.config import MenuEntry, SiteConfig
from recordhub.diagnostics import Diagnostic, error, notice, warning
from recordhub.frontmatter import RawPage
from recordhub.markdown import Rendered
from recordhub.pages import MenuItem, Page, Site, Tag
from recordhub.schema import ClaimMatter, FrontMatter
from recordhub.urls import base_path, is_external, page_path, resolve, slugify


@dataclass(frozen=True)
class Entry:
    """A validated, converted page ready to be placed in the site."""

    rel_path: str  # as on disk, relative to content/
    rel_key: str  # language suffix removed
    lang: str
    raw: RawPage
    matter: FrontMatter
    rendered: Rendered


@dataclass(frozen=True)
class Visibility:
    """Which unpublished pages a build includes, and the clock that decides embargoes."""

    drafts: bool
    future: bool
    now: dt.datetime


def is_hidden(matter: FrontMatter, visibility: Visibility) -> bool:
    """True when a page is a draft, embargoed or expired under these settings."""
    if matter.draft and not visibility.drafts:
        return True
    if matter.publish_at and matter.publish_at > visibility.now and not visibility.future:
        return True
    return bool(matter.expires and matter.expires <= visibility.now)


def build_site(
    config: SiteConfig, entries: list[Entry], assets: list[str], visibility: Visibility
) -> tuple[Site, list[Diagnostic]]:
    """Place every visible entry, wire sections and menus, and rewrite links between pages."""
    settings = config.settings
    root = base_path(settings.base_url)
    default = config.default_language
    problems: list[Diagnostic] = []
    hidden = {e.rel_path for e in entries if is_hidden(e.matter, visibility)}
    by_source: dict[str, Page] = {}
    by_path: dict[str, Page] = {}
    for entry in entries:
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
            toc=entry.rendered.headings,
            body_line=entry.raw.body_line,
            future=bool(entry.matter.publish_at and entry.matter.publish_at > visibility.now),
        )
        clash = by_path.get(path.casefold())
        if clash is not None:
            problems.append(
                error(
                    page.source_path,
                    None,
                    None,
                    f"maps to the same URL /{path} as {clash.source_path}",
                    "give one of them a different slug",
                )
            )
            continue
        by_path[path.casefold()] = page
        by_source[entry.rel_path] = page
    pages = list(by_source.values())
    sections = _wire_sections(pages, settings.title, root, settings.base_url, default)
    home = sections[("", default)]
    all_pages = sorted(
        {id(p): p for p in [*pages, *sections.values()]}.values(), key=lambda p: p.path
    )

    asset_urls = {rel: root + rel for rel in assets}

    def lookup(target: str) -> str | None:
        page = by_source.get(target)
        return page.url if page else asset_urls.get(target)

    for entry in entries:
        placed = by_source.get(entry.rel_path)
        if placed is None:
            continue
        page = placed
        html, broken = links.rewrite(entry.rendered.html, entry.rel_path, lookup)
        page.content = Markup(html)
        for link in broken:
            line, col = links.locate(entry.raw.body, entry.raw.body_line, link.written)
            if link.target in hidden:
                problems.append(
                    error(
                        page.source_path,
                        line,
                        col,
                        f"links to content/{link.target}, which is a draft, embargoed or expired",
                        "publish that page first, or remove the link",
                    )
                )
            else:
                problems.append(
                    error(
                        page.source_path,
                        line,
                        col,
                        f"link to '{link.written}': content/{link.target} does not exist",
                        "check the file name; links are relative to this file",
                    )
                )
        problems += _page_checks(page, entry, by_source, hidden, settings.verdicts)
        if entry.matter.review_due and entry.matter.review_due < visibility.now.date():
            line, col = entry.raw.positions.value(("review_due",))
            problems.append(
                notice(
                    page.source_path,
                    line,
                    col,
                    f"stale: review was due on {entry.matter.review_due}",
                    "check the page is still true, then set reviewed: and a new review_due:",
                )
            )
    tags = _tags(pages, root)
    menu, menu_problems = _menu(settings.menu, by_source, root, "menu")
    footer, footer_problems = _menu(settings.footer_menu, by_source, root, "footer_menu")
    problems += menu_problems + footer_problems
    top = [s for s in home.subsections]
    site = Site(
        config=config,
        home=home,
        pages=all_pages,
        sections=top,
        tags=tags,
        menu=menu,
        footer_menu=footer,
        root=root,
    )
    return site, problems


def _page_checks(
    page: Page, entry: Entry, by_source: dict[str, Page], hidden: set[str], verdicts: dict[str, str]
) -> list[Diagnostic]:
    """Per-page rules that need other pages: supersession, dates, verdict labels, FAQ."""
    found: list[Diagnostic] = []
    matter = entry.matter
    where = entry.raw.positions
    if matter.superseded_by:
        target = resolve(entry.rel_path, matter.superseded_by)
        page.superseded_by = by_source.get(target)
        if page.superseded_by is None:
            line, col = where.value(("superseded_by",))
            state = "is not published" if target in hidden else "does not exist"
            found.append(
                error(
                    page.source_path,
                    line,
                    col,
                    f"superseded_by points to content/{target}, which {state}",
                    "give the path of the replacing page's "
                    "file, relative to this file, e.g. ../faq/data.md",
                )
            )
    explained = any(change.date >= (matter.date or change.date) for change in matter.changelog)
    if matter.updated and matter.date and matter.updated > matter.date and not explained:
        line, col = where.value(("updated",))
        found.append(
            warning(
                page.source_path,
                line,
                col,
                f"updated ({matter.updated}) is "
                f"later than date ({matter.date}) but the changelog says "
                "nothing about the change",
                "add a changelog entry: {date, kind: correction/clarification/update, note}",
            )
        )
    if isinstance(matter, ClaimMatter):
        page.verdict_label = verdicts.get(matter.verdict, matter.verdict)
    if matter.type == "faq":
        page.faq = faq.categories(entry.rendered.html, entry.rendered.headings)
    return found


def _wire_sections(
    pages: list[Page], title: str, root: str, base_url: str, default: str
) -> dict[tuple[str, str], Page]:
    """Attach every page to its folder's section, creating sections for folders without one."""
    sections: dict[tuple[str, str], Page] = {}
    for page in pages:
        if page.kind in {"home", "section"}:
            sections[(posixpath.dirname(page.rel_path), page.lang)] = page

    def section_for(folder: str, lang: str) -> Page:
        key = (folder, lang)
        if key not in sections:
            prefix = "" if lang == default else f"{lang}/"
            name = posixpath.basename(folder)
            label = name.replace("-", " ").replace("_", " ").capitalize() if folder else title
            path = prefix + "".join(f"{slugify(part)}/" for part in folder.split("/") if part)
            kind = "section" if folder else "home"
            rel = f"{folder}/_index.md" if folder else "_index.md"
            sections[key] = Page(
                matter=FrontMatter(title=label),
                source_path=f"content/{rel}",
                rel_path=rel,
                kind=kind,
                path=path,
                url=root + path,
                permalink=base_url + path,
                lang=lang,
            )
            if folder:
                parent = section_for(posixpath.dirname(folder), lang)
                sections[key].section = parent
                parent.subsections.append(sections[key])
        return sections[key]

    section_for("", default)
    for page in pages:
        if page.kind == "home":
            continue
        if page.kind == "section":
            folder = posixpath.dirname(page.rel_path)
            parent = section_for(posixpath.dirname(folder), page.lang)
            page.section = parent
            parent.subsections.append(page)
        else:
            parent = section_for(posixpath.dirname(page.rel_path), page.lang)
            page.section = parent
            parent.pages.append(page)
    for section in sections.values():
        section.pages.sort(key=Page.sort_key)
        section.subsections.sort(key=Page.sort_key)
        for before, after in zip(section.pages, section.pages[1:], strict=False):
            before.next, after.prev = after, before
    return sections


def _tags(pages: list[Page], root: str) -> list[Tag]:
    """Tags in name order, each with its pages newest first."""
    by_slug: dict[str, Tag] = {}
    for page in pages:
        for name in page.matter.tags:
            slug = slugify(name)
            tag = by_slug.setdefault(slug, Tag(name, slug, f"{root}tags/{slug}/"))
            if page not in tag.pages:
                tag.pages.append(page)
                page.tags.append(tag)
    for tag in by_slug.values():
        tag.pages.sort(key=lambda p: (-(p.last_changed or dt.date.min).toordinal(), p.path))
    return sorted(by_slug.values(), key=lambda t: t.slug)


def _menu(
    entries: tuple[MenuEntry, ...], by_source: dict[str, Page], root: str, key: str
) -> tuple[list[MenuItem], list[Diagnostic]]:
    """Resolve site.yml menu entries to URLs."""
    items: list[MenuItem] = []
    found: list[Diagnostic] = []
    for index, entry in enumerate(entries):
        if is_external(entry.url):
            items.append(MenuItem(entry.title, entry.url, external=True, covers_below=False))
        elif entry.url.endswith(".md"):
            page = by_source.get(posixpath.normpath(entry.url.lstrip("/")))
            if page is None:
                found.append(
                    error(
                        "site.yml",
                        None,
                        None,
                        f"{key}[{index}] '{entry.title}' "
                        f"points to content/{entry.url}, which does not exist or is "
                        "not published",
                        "give a path under content/, e.g. faq/_index.md",
                    )
                )
                continue
            items.append(MenuItem(entry.title, page.url, False, page.kind == "section"))
        else:
            url = root + entry.url.lstrip("/")
            items.append(MenuItem(entry.title, url, False, url != root))
    return items, found


def generated_pages(site: Site) -> list[Page]:
    """Pages made by the build rather than written: tags, corrections and 404."""
    made: list[Page] = []

    def make(title: str, kind: str, path: str, listed: list[Page] | None = None) -> None:
        made.append(
            Page(
                matter=FrontMatter(title=title),
                source_path="content",
                rel_path=path,
                kind=kind,
                path=path,
                url=site.root + path,
                permalink=site.base_url + path,
                lang=site.language,
                pages=listed or [],
                section=None if kind == "404" else site.home,
            )
        )

    for tag in site.tags:
        make(tag.name, "tag", f"tags/{tag.slug}/", tag.pages)
    if site.tags:
        make("Topics", "tags", "tags/")
    make("Corrections", "corrections", "corrections/")
    make("Page not found", "404", "404.html")
    return made
