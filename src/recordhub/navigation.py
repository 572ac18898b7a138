"""How readers move around the site: sections, menus, topics and the generated pages."""

from __future__ import annotations

import posixpath
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from recordhub.config import MenuEntry
from recordhub.diagnostics import Diagnostic, error, notice, warning
from recordhub.pages import MenuItem, Page, Tag
from recordhub.schema import FrontMatter
from recordhub.siteview import Site
from recordhub.strings import Strings
from recordhub.urls import is_external, slugify, tag_slug
from recordhub.yamldoc import Positions


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


def menu(
    entries: tuple[MenuEntry, ...],
    by_source: dict[str, Page],
    root: str,
    key: str,
    positions: Positions,
    lang: str,
    default: str,
    invalid: frozenset[str] = frozenset(),
    paths: SitePaths | None = None,
    waiting: Mapping[str, tuple[str, str]] | None = None,
) -> tuple[list[MenuItem], list[Diagnostic]]:
    """Resolve site.yml menu entries to URLs in one language (leaving out untranslated pages,
    and pages not published yet: waiting maps their files to their state and a hint)."""
    items: list[MenuItem] = []
    placed: list[int] = []  # the entry of each item
    found: list[Diagnostic] = []
    for index, entry in enumerate(entries):
        file, mark, fragment = entry.url.partition("#")  # about.md#our-team: a heading of it
        said = _title_language(entry, lang, default)
        if is_external(entry.url):
            items.append(MenuItem(entry.title_in(lang, default), entry.url, True, False, said))
        elif file.endswith(".md"):
            target = posixpath.normpath(file.lstrip("/"))
            page = by_source.get(target)
            if page is None and target in invalid:
                continue  # its own errors are reported; "does not exist" would mislead
            line, col = positions.value((key, index, "url"))
            if page is None and target in (waiting or {}):
                # a launch's entry is written before the launch, and an expiry needs no edit
                state, hint = (waiting or {})[target]
                name = f"{key}[{index}] '{entry.title_in(lang, default)}'"
                message = f"{name} is left out of the menu: content/{target} {state}"
                found.append(notice("site.yml", line, col, message, hint))
                continue
            if page is None:
                found.append(
                    error(
                        "site.yml",
                        line,
                        col,
                        f"{key}[{index}] '{entry.title_in(lang, default)}' "
                        + (
                            f"points to {file}, which leads out of content/"
                            if target == ".." or target.startswith("../")
                            else f"points to content/{file}, which does not exist or is "
                            "not published"
                        ),
                        "give a path under content/, e.g. faq/_index.md",
                    )
                )
                continue
            if page.lang != lang:
                page = next((t for t in page.translations if t.lang == lang), None)
                if page is None:
                    continue  # not translated: the menu of this language does not offer it
            url, section = page.url + mark + fragment, page.kind == "section" and not mark
            items.append(MenuItem(entry.title_in(lang, default), url, False, section, said))
        else:
            prefix = "" if lang == default else f"{lang}/"
            path = (paths or SitePaths()).version(entry.url.lstrip("/"), prefix)
            if path is None:
                continue  # only other languages have it: as for a page not translated
            home = _split(path)[0] in ("", prefix)  # a home link would match every page below
            title = entry.title_in(lang, default)
            items.append(MenuItem(title, root + path, False, not home, said))
        placed += [index] * (len(items) - len(placed))  # the item this entry added, if any
    return items, found + _twice(items, placed, key, positions)


def _twice(items: list[MenuItem], placed: list[int], key: str, at: Positions) -> list[Diagnostic]:
    """A warning for each entry that goes where an earlier one of the menu goes."""
    first: dict[str, str] = {}
    found = []
    for item, index in zip(items, placed, strict=True):
        if item.url in first:
            message = f"{key}[{index}] '{item.title}' goes to {item.url}, as {first[item.url]} does"
            hint = "remove one of them: the menu offers the same page twice"
            found.append(warning("site.yml", *at.value((key, index, "url")), message, hint))
        first.setdefault(item.url, f"{key}[{index}] '{item.title}'")
    return found


def _title_language(entry: MenuEntry, lang: str, default: str) -> str:
    """The language entry.title_in(lang, default) is written in, where it is not lang."""
    given = entry.title if isinstance(entry.title, dict) else {default: entry.title}
    said = lang if given.get(lang) else default if given.get(default) else next(iter(given))
    return "" if said == lang else said


@dataclass(frozen=True)
class SitePaths:
    """The paths of the site's pages, written and made, to find a menu path's language version."""

    pages: frozenset[str] = frozenset()
    prefixes: tuple[str, ...] = ()  # of every language: "" for the default, "es/"...

    def version(self, written: str, prefix: str) -> str | None:
        """written in prefix's language if a page is there, else as written; None if only others."""
        path, after = _split(written)
        if prefix + path in self.pages:
            return prefix + path + after
        if path not in self.pages and any(p + path in self.pages for p in self.prefixes):
            return None
        return written

    @classmethod
    def of(cls, pages: list[Page], tags: dict[str, list[Tag]], default: str) -> SitePaths:
        """The pages, and those generated_pages makes in each language of tags (with a home)."""
        found = {page.path for page in pages}
        prefixes = tuple("" if code == default else f"{code}/" for code in tags)
        for prefix, own in zip(prefixes, tags.values(), strict=True):
            found |= {f"{prefix}corrections/", f"{prefix}search/"}
            if own:
                found |= {f"{prefix}tags/", *(f"{prefix}tags/{tag.slug}/" for tag in own)}
        return cls(frozenset(found), prefixes)


def _split(written: str) -> tuple[str, str]:
    """A site path and what follows it: faq/#data -> (faq/, #data)."""
    cut = min((i for i in (written.find("#"), written.find("?")) if i >= 0), default=len(written))
    return written[:cut], written[cut:]


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
