"""How readers move around the site: sections, topics and the generated pages."""

from __future__ import annotations

import posixpath
import unicodedata
from collections.abc import Callable

from recordhub.diagnostics import Diagnostic, warning
from recordhub.pages import Page, Tag
from recordhub.schema import FrontMatter
from recordhub.siteview import Site
from recordhub.strings import Strings
from recordhub.urls import slugify, tag_slug


def wire_sections(
    pages: list[Page],
    title: Callable[[str], str],
    root: str,
    base_url: str,
    default: str,
    stand_ins: dict[tuple[str, str], Page] | None = None,
) -> dict[tuple[str, str], Page]:
    """Attach every page to its folder's section, creating sections for folders without one."""
    sections: dict[tuple[str, str], Page] = {}
    for page in pages:
        if page.kind in {"home", "section"}:
            # a home may be written under another name, in a folder it does not stand for
            folder = "" if page.kind == "home" else posixpath.dirname(page.rel_path)
            sections[(folder, page.lang)] = page
            if page.kind == "home" and page.rel_path.endswith("/_index.md"):
                # a folder's index that is a language's home is still its folder's section
                sections.setdefault((posixpath.dirname(page.rel_path), page.lang), page)
    # a translation of a folder's index written under another name is that folder's section
    sections.update(stand_ins or {})

    def section_for(folder: str, lang: str) -> Page:
        key = (folder, lang)
        if key not in sections:
            prefix = "" if lang == default else f"{lang}/"
            name = posixpath.basename(folder)
            # a made home page is titled as the hub is in its language
            label = name.replace("-", " ").replace("_", " ").capitalize() if folder else title(lang)
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
    for lang in sorted({page.lang for page in pages}):
        section_for("", lang)  # every language with pages has a home
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


def tags(pages: list[Page], root: str, default: str) -> tuple[list[Tag], list[Diagnostic]]:
    """Tags of every language in name order, each with its pages newest first, and a warning for
    each spelling that lands on the address of a tag written otherwise."""
    by_slug: dict[tuple[str, str], Tag] = {}
    first: dict[tuple[str, str], tuple[Page, int]] = {}  # where each tag's name was written
    told: set[tuple[str, str, str]] = set()
    found: list[Diagnostic] = []
    for page in pages:
        prefix = "" if page.lang == default else f"{page.lang}/"
        for index, name in enumerate(page.matter.tags):
            slug = tag_slug(name)
            key = (page.lang, slug)
            tag = by_slug.setdefault(key, Tag(name, slug, f"{root}{prefix}tags/{slug}/", page.lang))
            first.setdefault(key, (page, index))
            spelling = _spelling(name)
            # "Privacy" and "privacy" are one topic, as in Hugo and Zola; "C" and "C++" are not
            if spelling != _spelling(tag.name) and (*key, spelling) not in told:
                told.add((*key, spelling))
                found.append(_merged(tag, name, page, index, *first[key]))
            if not tag.pages or tag.pages[-1] is not page:  # a tag the page named twice
                tag.pages.append(page)
                page.tags.append(tag)
    for tag in by_slug.values():
        tag.pages.sort(key=Page.sort_key)  # as every listing: weight, then newest first
    return sorted(by_slug.values(), key=lambda t: (t.lang, t.slug)), found


def _spelling(name: str) -> str:
    """A tag as written, without the differences of case and spacing that no reader notices."""
    return " ".join(unicodedata.normalize("NFC", name).casefold().split())


def _where(page: Page, index: int) -> tuple[int | None, int | None]:
    """The line and column of a page's tag."""
    return page.positions.value(("tags", index)) if page.positions else (None, None)


def _merged(tag: Tag, name: str, page: Page, index: int, other: Page, at: int) -> Diagnostic:
    """The warning for tag name on page, which has the address of tag, first written on other."""
    line, col = _where(page, index)
    place = ":".join(str(n) for n in (other.source_path, *_where(other, at)) if n is not None)
    return warning(
        page.source_path,
        line,
        col,
        f"tag '{name}' gets the same address, {tag.url}, as tag '{tag.name}' ({place}), so "
        f"both are listed on one topic page named '{tag.name}'",
        "if they are one topic, write them the same; if not, make them differ in a letter or "
        "digit, since addresses leave out punctuation, symbols and case",
    )


def generated_pages(site: Site) -> list[Page]:
    """Pages made by the build rather than written: topics, corrections, search and the page
    for a missing address, in every language."""
    made: list[Page] = []
    words = Strings(site.config)  # titles in each page's own language
    for view in site.languages.values() or [site]:
        prefix = "" if view.language == site.default_language else f"{view.language}/"

        def word(key: str, fallback: str, lang: str = view.language) -> str:
            return words.get(lang, key) or fallback

        def make(
            title: str, kind: str, path: str, listed: list[Page] | None = None, view: Site = view
        ) -> None:
            made.append(
                Page(
                    matter=FrontMatter(title=title),
                    source_path=f"generated page /{path}",
                    rel_path=path,
                    kind=kind,
                    path=path,
                    url=site.root + path,
                    permalink=site.base_url + path,
                    lang=view.language,
                    pages=listed or [],
                    section=None if kind == "404" else view.home,
                )
            )

        for tag in view.tags:
            make(tag.name, "tag", f"{prefix}tags/{tag.slug}/", tag.pages)
        if view.tags:
            make(word("all_topics", "All topics"), "tags", f"{prefix}tags/")
        make(word("corrections_log", "Corrections"), "corrections", f"{prefix}corrections/")
        make(word("search", "Search"), "search", f"{prefix}search/")
        # a reader of /ar/ who follows a dead link is told so in Arabic (see redirects.redirects)
        make(word("not_found_title", "Page not found"), "404", f"{prefix}404.html")
    # each language's search, corrections and topic pages translate the others: a reader who
    # lands on one in the wrong language can switch, as on a written page (not the 404 page,
    # which answers at any address)
    same: dict[tuple[str, str], list[Page]] = {}
    for page in (p for p in made if p.kind != "404"):
        prefix = "" if page.lang == site.default_language else f"{page.lang}/"
        same.setdefault((page.kind, page.path.removeprefix(prefix)), []).append(page)
    for group in same.values():
        default = next((p for p in group if p.lang == site.default_language), group[0])
        for page in group if len(group) > 1 else ():
            page.translations, page.x_default = group, default
    return made
