"""The preview's quick path: a save that changed only pages' Markdown bodies re-renders just
those pages (and the feeds that quote them), and checks just their links."""

from __future__ import annotations

import unicodedata
from pathlib import Path
from typing import TYPE_CHECKING

from recordhub import addresses, checks, htmlscan, ingest, model, plan, search, served, writing
from recordhub.build import Gathered
from recordhub.config import SiteConfig
from recordhub.diagnostics import Diagnostic, Severity
from recordhub.htmlscan import split
from recordhub.outcome import Outcome
from recordhub.pageoutput import planned
from recordhub.pages import Page
from recordhub.showing import Read
from recordhub.sources import SourceFile
from recordhub.uptodate import clock
from recordhub.visibility import answers_ahead

if TYPE_CHECKING:  # the preview imports this module
    from recordhub.preview import Preview


def checked_as_shown(gathered: Gathered, page: Page, scan: htmlscan.Kept) -> checks.Checked:
    """A page's links and anchors as its finished HTML shows them, for the link checks."""
    return checks.Checked(scan, page.url, page, gathered.renderer.template_path(page))


def bodies_only(
    preview: Preview, config: SiteConfig, last: Gathered, changed: set[Path]
) -> Outcome | None:
    """Re-render just the changed pages when only their Markdown bodies changed.

    This is the common save. Anything else (front matter, a new or deleted file, a template,
    an error) returns None and takes the full path, which re-plans the whole site.
    """
    content = config.content_dir
    site = last.site
    rels = []
    for path in changed:
        inside = path.is_relative_to(content)
        rel = unicodedata.normalize("NFC", path.relative_to(content).as_posix()) if inside else ""
        known = preview.memo.files.get(rel)
        if rel not in site.by_source or known is None or known.raw is None:
            return None
        rels.append((rel, path, known.raw.data))
    problems: list[Diagnostic] = []
    preview.memo.forget({rel for rel, _, _ in rels})
    sources = [SourceFile(rel, path) for rel, path, _ in rels]
    entries = ingest.read_pages(config, sources, problems, preview.memo, complete=False)
    if len(entries) != len(rels) or any(p.severity is Severity.ERROR for p in problems):
        return None
    bodies: dict[str, int] = {}  # each saved page's first line of its body
    now = clock()
    for entry, (rel, _, data) in zip(entries, rels, strict=True):
        page = site.by_source[rel]
        if entry.raw.data != data or entry.raw.positions != page.positions:
            return None  # what other pages show of this one, or where it is, may differ
        answered = page.answered
        found = model.place_content(page, entry, site.targets, site.hidden, site.invalid)
        # an answer's date dates the page too (the sitemap, security.txt), and one to
        # come is a warning, which only the full path tells
        if found or page.answered != answered or answers_ahead(entry.matter, answered, now):
            return None
        bodies[page.source_path] = entry.raw.body_line
        page.matter = entry.matter
        page.positions = entry.raw.positions
        if addresses.place(page, entry, site.targets, site.hidden, site.invalid):
            return None
    outputs = [
        planned(last.renderer, last.keys, site.by_source[rel], site, last.references)
        for rel, _, _ in rels
    ]
    label = last.renderer.strings.get
    outputs += plan.feed_outputs(site, last.pages, last.corrections, last.keys, label)
    edited = {site.by_source[rel].source_path for rel, _, _ in rels}
    if preview.showing.shown_by_others(edited, {item.rel for item in outputs}):
        return None  # another page shows this one's text: the full path renders it again
    read: dict[str, Read] = {}
    updates: dict[str, bytes | Path] = {}
    keys, checked = dict(preview.keys), dict(preview.checked)
    only, moved = set(), False  # the pages to check; whether an anchor others use may be gone
    for item in outputs:
        if keys.get(item.rel) != item.key and item.render is not None:
            text, read[item.rel] = preview.showing.render(item)
            updates[item.rel] = text.encode("utf-8")
            keys[item.rel] = item.key
            if item.page is not None and item.rel in checked:
                scan, before = htmlscan.kept(htmlscan.scan(text)), checked[item.rel]
                moved |= not set(split(before.scan.ids)) <= set(split(scan.ids))
                checked[item.rel] = checked_as_shown(last, item.page, scan)
                only.add(item.rel)
    named = site.hidden_files
    if named and _links_changed(named, only, preview.checked, checked, site.root):
        return None  # a file hidden pages name may be published, or taken out, now
    # a save touches one page's links, and its anchors only now and then: all pages are
    # checked again only when an anchor went, as that costs 40 ms at 1,000 pages
    files = set(keys) | set(search.FIXED)
    # a saved page whose output is unchanged is checked too: its warnings are told anew
    only |= {item.rel for item in outputs[: len(rels)] if item.rel in checked}
    found = checks.verify(checked, files, site, {}, None if moved else only)
    # the other pages' warnings stand, as a build would tell them again, and those of a
    # saved page's front matter, which did not change; those of its body are told anew
    kept = [d for d in preview.told if d.line is None or d.line < bodies.get(d.path, d.line + 1)]
    found = list(dict.fromkeys(kept + problems + found))
    if failed(found):
        return Outcome(False, problems=found)
    written, _ = served.sync(preview.out, set(keys), updates, set(preview.keys))  # pages only
    preview.keys, preview.checked, preview.told = keys, checked, found
    preview.showing.keep(read, set(keys))
    return Outcome(True, written, found, rendered=len(updates))


def _links_changed(
    files: frozenset[str],
    pages: set[str],
    before: dict[str, checks.Checked],
    after: dict[str, checks.Checked],
    root: str,
) -> bool:
    """True when these pages link to one of these files and did not before, or the reverse."""
    old = writing.linked((before[rel] for rel in pages), root)
    new = writing.linked((after[rel] for rel in pages), root)
    return bool((old ^ new) & files)


def failed(found: list[Diagnostic]) -> bool:
    """Whether these problems fail a build."""
    return any(p.severity is Severity.ERROR for p in found)
