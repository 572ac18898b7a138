"""site.yml's menus resolved, in each language, to the pages and paths they name."""

from __future__ import annotations

import posixpath
from collections.abc import Mapping

from msgspec import Struct

from recordhub.config import MenuEntry
from recordhub.diagnostics import Diagnostic, error, notice, warning
from recordhub.pages import MenuItem, Page, Tag
from recordhub.urls import is_external, site_path
from recordhub.yamldoc import Positions


def resolve(
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
) -> tuple[list[MenuItem], list[Diagnostic], list[Diagnostic]]:
    """Resolve site.yml menu entries to URLs in one language (leaving out untranslated pages,
    and pages not published yet: waiting maps their files to their state and a hint), with
    what to tell of this language's menu alone: titles it shows in another language."""
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
                            else f"points to content/{target}, which does not exist or is "
                            "not published"
                        ),
                        _meant(target, by_source),
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
            path = (paths or SitePaths()).version(site_path(entry.url, root), prefix)
            if path is None:
                continue  # only other languages have it: as for a page not translated
            home = _split(path)[0] in ("", prefix)  # a home link would match every page below
            title = entry.title_in(lang, default)
            items.append(MenuItem(title, root + path, False, not home, said))
        placed += [index] * (len(items) - len(placed))  # the item this entry added, if any
    return (
        items,
        found + _twice(items, placed, key, positions),
        _untitled(items, placed, entries, key, positions, lang),
    )


def _meant(target: str, by_source: dict[str, Page]) -> str:
    """The hint for a menu's file that is not there: the page most likely meant, if any."""
    # `content/faq/_index.md` as the file is shown, or `About.md` for about.md
    folded = {source.casefold(): source for source in by_source}
    meant = folded.get(target.removeprefix("content/").casefold())
    if meant is None:
        return "give a path under content/, e.g. faq/_index.md"
    return f"did you mean {meant}? A menu names a page by its path inside content/"


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


def _untitled(
    items: list[MenuItem],
    placed: list[int],
    entries: tuple[MenuEntry, ...],
    key: str,
    positions: Positions,
    lang: str,
) -> list[Diagnostic]:
    """A warning for each item whose entry gives titles per language, but not in lang."""
    found: list[Diagnostic] = []
    for item, index in zip(items, placed, strict=True):
        if item.lang and isinstance(entries[index].title, dict):
            name = f"{key}[{index}].title"
            message = (
                f"{name} has no '{lang}' text; the {item.lang} text is shown in the {lang} menu"
            )
            at = positions.value((key, index, "title"))
            found.append(warning("site.yml", *at, message, f"add {lang}: ... to {name}"))
    return found


def _title_language(entry: MenuEntry, lang: str, default: str) -> str:
    """The language entry.title_in(lang, default) is written in, where it is not lang."""
    given = entry.title if isinstance(entry.title, dict) else {default: entry.title}
    said = lang if given.get(lang) else default if given.get(default) else next(iter(given))
    return "" if said == lang else said


class SitePaths(Struct, frozen=True):
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
