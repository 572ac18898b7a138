"""Pages in several languages: which pages translate which, and which ones lag behind."""

from __future__ import annotations

import posixpath
from collections.abc import Collection

from recordhub import moments
from recordhub.config import SiteConfig
from recordhub.diagnostics import Diagnostic, error, notice, warning
from recordhub.pages import Page
from recordhub.suggestions import suggest
from recordhub.urls import cased_tag

_STRICT_TYPES = ("statement", "claim")  # a stale one of these states yesterday's facts
_INDEXES = ("home", "section")


def _declare(code: str, config: SiteConfig) -> str:
    """How to declare a language: a hub that lists none has English by default, which a
    list holding only the new language would replace as the default of every page."""
    settings = config.settings
    tag = cased_tag(code.replace("_", "-"))  # what site.yml would take as a tag
    same = [lang.code for lang in settings.languages if lang.code.lower() == tag.lower()]
    if same:  # pt_br for pt-BR: site.yml would not take pt_br as a language tag either
        return f"site.yml declares it as '{same[0]}': write lang: {same[0]}"
    entry = f"{{code: {tag}, name: {_name(tag)}}}"
    if "languages" in settings.model_fields_set:
        codes = ", ".join(language.code for language in settings.languages)
        return f"add {entry} to languages in site.yml, or use one of: {codes}"
    listed = [f"{{code: {lang.code}, name: {lang.name}}}" for lang in settings.languages]
    whole = ", ".join([*listed, entry])
    return f"add it to languages in site.yml, after the default language: languages: [{whole}]"


def _name(code: str) -> str:
    """A language's name in itself, from Babel's locale data (the code if it has none)."""
    from babel import Locale, UnknownLocaleError  # asked only of an undeclared language

    try:
        name = Locale.parse(code.replace("-", "_")).get_display_name(code.replace("-", "_"))
    except (UnknownLocaleError, ValueError, TypeError):
        return code
    return code if not name else name[:1].upper() + name[1:]


def link(pages: list[Page], config: SiteConfig, invalid: Collection[str] = ()) -> list[Diagnostic]:
    """Group translations, point each at its original, and report stale translations."""
    default = config.default_language
    order = [language.code for language in config.settings.languages]
    groups: dict[str, dict[str, Page]] = {}
    found: list[Diagnostic] = []
    declared = _declared(pages)
    # a page the editor wrote claims its place before a section the build made for a folder
    for page in sorted(pages, key=lambda p: p.positions is None):
        if page.kind not in {"home", "section", "page"}:
            continue
        if page.lang not in order:
            if page.positions is None:
                continue  # a section made for the page that names the language, which is told
            line, col = page.positions.value(("lang",))
            found.append(
                error(
                    page.source_path,
                    line,
                    col,
                    f"language '{page.matter.lang or page.lang}' is not declared in site.yml",
                    _declare(page.lang, config),
                )
            )
            continue
        group = groups.setdefault(_key(page, declared), {})
        if page.lang in group and page.positions is None:
            continue  # made by the build: the written translation is the one readers get
        if page.lang in group:
            other = group[page.lang]
            if _joined(other) > _joined(page):
                # told where a page says it is this translation, not at one that is so by name
                other, page = page, other
                group[page.lang] = other
            field = "translation_key" if _joined(page) == 2 else "lang"
            place = page.positions.value((field,)) if page.positions and _joined(page) else None
            found.append(
                error(
                    page.source_path,
                    place[0] if place else None,
                    place[1] if place else None,
                    f"is a second '{page.lang}' page "
                    f"for the same translation as {other.source_path}",
                    "give one of them another translation_key or language",
                )
            )
            continue
        group[page.lang] = page
    keyed = sorted(k for k, group in groups.items() if default in group and k in declared.values())
    for group in groups.values():
        members = sorted(group.values(), key=lambda p: order.index(p.lang))
        original = group.get(default)
        for page in members:
            page.translations = members if len(members) > 1 else []
            page.x_default = original or members[0]
            paired = page.kind == "page" or page.matter.translation_key  # a section: by key
            # an original with errors of its own is told, not said to be missing
            if original is None and paired and page.positions and page.rel_path not in invalid:
                found += _unpaired(page, default, keyed)
            if original is None or page is original:
                continue
            page.original = original
            if page.positions is not None:  # a section made by the build has no file to update
                found += _staleness(page, original) + _disagreement(page, original)
    return found


def stand_ins(pages: list[Page]) -> dict[tuple[str, str], Page]:
    """(folder, language) -> the written translation of that folder's index, where none is."""
    declared = _declared(pages)
    groups: dict[str, list[Page]] = {}
    for page in pages:
        groups.setdefault(_key(page, declared), []).append(page)
    indexes = {(posixpath.dirname(p.rel_path), p.lang) for p in pages if p.kind in _INDEXES}
    found: dict[tuple[str, str], Page] = {}
    for members in groups.values():
        folders = sorted({posixpath.dirname(p.rel_path) for p in members if p.kind in _INDEXES})
        for folder, page in ((f, p) for f in folders for p in members):
            own = posixpath.dirname(page.rel_path)
            # a section cannot stand for a folder above its own: it would be its own parent
            fits = not folder or (page.kind == "section" and not own.startswith(f"{folder}/"))
            if fits and (folder, page.lang) not in indexes:
                found.setdefault((folder, page.lang), page)
    return found


def _joined(page: Page) -> int:
    """How a page says which translation it is: 2 by translation_key, 1 by lang, 0 by name."""
    keys = page.positions.keys if page.positions is not None else {}
    return 2 if ("translation_key",) in keys else 1 if ("lang",) in keys else 0


def _declared(pages: list[Page]) -> dict[str, str]:
    """A file-name translation (about.es.md) joins the key its original declares."""
    return {p.rel_path: p.matter.translation_key for p in pages if p.matter.translation_key}


def _key(page: Page, declared: dict[str, str]) -> str:
    return page.matter.translation_key or declared.get(page.rel_path) or page.rel_path


def _unpaired(page: Page, default: str, keyed: list[str]) -> list[Diagnostic]:
    """A notice for a translation, by its name or its translation_key, with no original: when
    the original was renamed or removed, it goes on alone and is never called stale. keyed:
    the translation_keys an original has, for one misspelt."""
    named = page.source_path.removesuffix(f".{page.lang}.md")
    key = page.matter.translation_key
    line = col = None
    if key and page.positions is not None:
        missing = f"no {default} page has translation_key '{key}'"
        line, col = page.positions.value(("translation_key",))
        close = suggest(key, keyed)
        fix = f"did you mean '{close}'? If not, " if close else ""
        fix += "give the original the same"
    elif named != page.source_path:
        missing = f"there is no {named}.md"
        fix = "if the original was renamed, rename this file with it, or give both one"
    else:
        return []  # lang: in its front matter, and no key: a page of that language alone
    said = f"no original: {missing}, so this {page.lang} page is published on its own and is "
    hint = f"{fix} translation_key; if the page is only in {page.lang}, this is as meant"
    return [notice(page.source_path, line, col, f"{said}never told it is stale", hint)]


def _staleness(page: Page, original: Page) -> list[Diagnostic]:
    newer, mine = original.last_changed, page.last_changed
    if newer is None or (mine is not None and not moments.later(newer, mine)):
        return []
    page.stale = True
    # at the date it is known by (updated, date, changelog), not at the top of its front matter
    where, dates = page.positions, ("updated", "date", "changelog")
    dated = next((f for f in dates if where and (f,) in where.keys), "updated")
    line, col = where.value((dated,)) if where else (None, None)
    return [
        notice(  # news for the editor, not a fault of the build; a stale claim fails --strict
            page.source_path,
            line,
            col,
            f"stale translation: the original "
            f"{original.source_path} was updated on {moments.written(newer)}, this translation "
            f"on {moments.written(mine) if mine else 'no date'}",
            "bring the translation up to date, then set its updated: date",
            # a translation kept in a folder of its own may be typed a page: what it states
            # is still its original's statement or claim
            strict=page.matter.type in _STRICT_TYPES or original.matter.type in _STRICT_TYPES,
        )
    ]


def _disagreement(page: Page, original: Page) -> list[Diagnostic]:
    """A translation whose verdict or status is not its original's tells readers another story."""
    found: list[Diagnostic] = []
    assert page.positions is not None
    for field, noun in (("verdict", "verdict"), ("status", "status")):
        mine, theirs = getattr(page.matter, field, None), getattr(original.matter, field, None)
        if mine is None or theirs is None or mine == theirs:
            continue  # a verdict is compared only where both pages are claims
        told = f"this translation's {noun} is '{mine}', but the original "
        told += f"{original.source_path} says '{theirs}'"
        hint = f"a translation states what its original states: set {field}: {theirs}, "
        at = page.positions.value((field,))
        found.append(warning(page.source_path, *at, told, hint + "or change the original too"))
    return found


def unnamed(
    sections: dict[tuple[str, str], Page], pages: list[Page], config: SiteConfig
) -> list[Diagnostic]:
    """A notice for each section page made for a language other than the default: with no
    _index of its own in that language, it is titled from the folder's name, in no language."""
    written = {id(page) for page in pages}
    # a language site.yml does not declare is an error of its own: no _index is asked for it
    others = {lang.code for lang in config.settings.languages} - {config.default_language}
    found = []
    for (folder, lang), section in sorted(sections.items()):
        if not folder or lang not in others or id(section) in written:
            continue
        index = f"content/{folder}/_index.{lang}.md"
        found.append(
            notice(
                _first_file(section, written) or index,
                None,
                None,
                f"the section page {section.url} is titled '{section.matter.title}', made from "
                f"the folder's name, as there is no {index}",
                f"give it a title in {lang}: write {index} with a title: line",
            )
        )
    return found


def pageless(sections: dict[tuple[str, str], Page], config: SiteConfig) -> list[Diagnostic]:
    """A notice for each language of site.yml with no page yet: nothing is published at /<code>/
    and no language switcher offers it, which a build would otherwise not say."""
    found = []
    for index, language in enumerate(config.settings.languages):
        if ("", language.code) in sections:
            continue
        code = language.code
        found.append(
            notice(
                "site.yml",
                *config.positions.value(("languages", index, "code")),
                f"language '{code}' has no page yet, so nothing is published under /{code}/",
                f"write a translation beside its page (about.{code}.md beside about.md; "
                f"content/_index.{code}.md for the home page), or leave '{code}' out until then",
            )
        )
    return found


def _first_file(section: Page, written: set[int]) -> str | None:
    """The first page file in a section or in the sections below it (a made one has none)."""
    for page in sorted([*section.pages, *section.subsections], key=lambda p: p.source_path):
        if id(page) in written:
            return page.source_path
        below = _first_file(page, written) if page.kind == "section" else None
        if below is not None:
            return below
    return None
