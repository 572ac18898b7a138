"""Pages in several languages: which pages translate which, and which ones lag behind."""

from __future__ import annotations

import re

from recordhub.config import SiteConfig
from recordhub.diagnostics import Diagnostic, error, notice, warning
from recordhub.pages import Page

_LANGUAGE_SUFFIX = re.compile(r"\.([a-zA-Z]{2,3}(?:-[a-zA-Z0-9]{2,8})*)\.md$")
_STRICT_TYPES = ("statement", "claim")  # a stale one of these states yesterday's facts


def undeclared(rel_keys: list[tuple[str, str]], config: SiteConfig) -> list[Diagnostic]:
    """Files named like a translation (about.fr.md) in a language site.yml does not declare.

    rel_keys holds (shown path, path without a declared language suffix) for every page.
    """
    codes = [language.code for language in config.settings.languages]
    keys = {key for _, key in rel_keys}
    found: list[Diagnostic] = []
    for shown, key in rel_keys:
        match = _LANGUAGE_SUFFIX.search(key)
        if match and key[: match.start()] + ".md" in keys and match[1] not in codes:
            found.append(
                error(
                    shown,
                    None,
                    None,
                    f"translation into '{match[1]}', a language site.yml does not declare",
                    f"add {{code: {match[1]}, name: ...}}"
                    f" to languages in site.yml (declared: {', '.join(codes)}), or "
                    "rename the file",
                )
            )
    return found


def link(pages: list[Page], config: SiteConfig) -> list[Diagnostic]:
    """Group translations, point each at its original, and report stale translations."""
    default = config.default_language
    order = [language.code for language in config.settings.languages]
    groups: dict[str, dict[str, Page]] = {}
    found: list[Diagnostic] = []
    # a file-name translation (about.es.md) joins the key its original declares
    declared = {p.rel_path: p.matter.translation_key for p in pages if p.matter.translation_key}
    for page in pages:
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
                    f"language '{page.lang}' is not declared in site.yml",
                    f"add it to languages in site.yml, or use one of: {', '.join(order)}",
                )
            )
            continue
        key = page.matter.translation_key or declared.get(page.rel_path) or page.rel_path
        group = groups.setdefault(key, {})
        if page.lang in group:
            other = group[page.lang]
            found.append(
                error(
                    page.source_path,
                    None,
                    None,
                    f"is a second '{page.lang}' page "
                    f"for the same translation as {other.source_path}",
                    "give one of them another translation_key or language",
                )
            )
            continue
        group[page.lang] = page
    for group in groups.values():
        members = sorted(group.values(), key=lambda p: order.index(p.lang))
        original = group.get(default)
        for page in members:
            page.translations = members if len(members) > 1 else []
            page.x_default = original or members[0]
            if original is None or page is original:
                continue
            page.original = original
            if page.positions is not None:  # a section made by the build has no file to update
                found += _staleness(page, original)
    return found


def _staleness(page: Page, original: Page) -> list[Diagnostic]:
    newer, mine = original.last_changed, page.last_changed
    if newer is None or (mine is not None and mine >= newer):
        return []
    page.stale = True
    report = warning if page.matter.type in _STRICT_TYPES else notice
    line, col = page.positions.value(("updated",)) if page.positions else (None, None)
    return [
        report(
            page.source_path,
            line,
            col,
            f"stale translation: the original "
            f"{original.source_path} was updated on {newer}, this translation on "
            f"{mine or 'no date'}",
            "bring the translation up to date, then set its updated: date",
        )
    ]
