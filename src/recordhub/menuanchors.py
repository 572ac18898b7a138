"""An anchor a menu entry names that pages lack: told once, for every language that lacks it.

One entry of site.yml gives the menu of each language, so the same missing anchor is found on
the pages of each language; the writer has one place to fix, and is told of it once.
"""

from __future__ import annotations

import posixpath
from collections.abc import Mapping
from typing import TYPE_CHECKING

from recordhub.destinations import resolve
from recordhub.diagnostics import Diagnostic, error
from recordhub.pages import Page
from recordhub.siteview import Site
from recordhub.urls import site_path

if TYPE_CHECKING:
    from recordhub.checks import Checked


def once(told: Diagnostic, fragment: str, checked: Mapping[str, Checked], site: Site) -> Diagnostic:
    """told, a menu entry's anchor missing on one language's page, as one error for all the
    languages whose page lacks it: the same whichever page it was found on."""
    written = _entry_at(site, (told.line, told.col), fragment) if told.path == "site.yml" else None
    if written is None:
        return told  # not the menu's: a link of a page's text or of a template
    versions = _versions(written, site)
    has = {code: _has(url, fragment, checked, site) for code, url, _ in versions}
    lacking = [(code, page) for code, _, page in versions if has[code] is False]
    if len(lacking) < 2:
        return told  # one language's page: its own link and hint say it best
    codes = [code for code, _ in lacking]
    written_in = [code for code, there in has.items() if there is not None]
    where = "any of its languages" if codes == written_in else _listed(codes)
    message = f"broken link to {written} in a menu: the page has no anchor #{fragment} in {where}"
    pages = [page for _, page in lacking if page is not None]
    return error("site.yml", told.line, told.col, message, _hint(fragment, pages, told, site))


def _entry_at(site: Site, at: tuple[int | None, int | None], fragment: str) -> str | None:
    """The address of the menu entry written at this place of site.yml, if it names fragment."""
    settings, positions = site.config.settings, site.config.positions
    for key, entries in (("menu", settings.menu), ("footer_menu", settings.footer_menu)):
        for index, entry in enumerate(entries):
            if (
                positions.value((key, index, "url")) == at
                and entry.url.partition("#")[2] == fragment
            ):
                return entry.url
    return None


def _versions(written: str, site: Site) -> list[tuple[str, str, Page | None]]:
    """Each language's version of what an entry names: its code, URL and page (None for a
    page the build makes, such as /corrections/), in the order of site.yml's languages."""
    file = written.partition("#")[0]
    codes = [language.code for language in site.config.settings.languages]
    if file.endswith(".md"):
        page = site.by_source.get(posixpath.normpath(file.lstrip("/")))
        if page is None:
            return []
        pages = {each.lang: each for each in (page, *page.translations)}
        return [(code, pages[code].url, pages[code]) for code in codes if code in pages]
    path, default = site_path(file, site.root), site.default_language
    return [(c, site.root + ("" if c == default else f"{c}/") + path, None) for c in codes]


def _has(url: str, fragment: str, checked: Mapping[str, Checked], site: Site) -> bool | None:
    """Whether the page at url has an element with the id fragment; None if it was not written
    (a language with no pages yet has no /ar/corrections/)."""
    target = resolve(url, url, site.root)
    path = "" if target is None else target[0]
    key = path if path in checked else f"{path}/index.html"
    return checked[key].scan.has_id(fragment) if target and key in checked else None


def _hint(fragment: str, pages: list[Page], told: Diagnostic, site: Site) -> str | None:
    """What to do: give the original a heading with that anchor, and its translations the
    same anchor by hand, since a translated heading's own words make another."""
    if not pages:
        return told.hint  # pages the build makes: the same hint in every language
    default = site.default_language
    others = [page.source_path for page in pages if page.lang != default]
    named = {name.rpartition(".")[2] for name in site.config.settings.markdown.extensions}
    add = "" if "attr_list" in named else "add attr_list to markdown.extensions, "
    if len(others) == len(pages):
        return (
            f"{add}write {{#{fragment}}} after the heading that translates it in "
            f"{_listed(others)}, or leave out #{fragment}"
        )
    first = next(page.source_path for page in pages if page.lang == default)
    hint = f"use the anchor of a heading of {first}"
    if others:
        hint = (
            f"{add}{hint}, and write it as {{#anchor}} after the heading that translates that "
            f"one in {_listed(others)}"
        )
    return f"{hint}, or leave out #{fragment}"


def _listed(names: list[str]) -> str:
    """Names joined as a sentence lists them: a, b and c."""
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
