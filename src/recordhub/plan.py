"""Every file a build writes, each with a fingerprint of all it depends on.

Equal fingerprints mean equal bytes, so the preview re-renders only the pages whose
fingerprint changed: the page itself, and the listings, neighbours and breadcrumbs that show
its title, summary or date. Anything that every page shows (site.yml, templates, menus, the
list of topics) goes into the global part of every fingerprint.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from recordhub.pages import Page, Site

AGGREGATE_KINDS = frozenset({"tag", "tags", "corrections", "404"})


@dataclass(frozen=True)
class Output:
    """One file of the build: rendered text or a copied file, and its fingerprint."""

    rel: str
    origin: str
    key: bytes
    render: Callable[[], str] | None = None
    text: str | None = None
    source: Path | None = None


def _digest(parts: Iterable[object]) -> bytes:
    hasher = hashlib.blake2b(digest_size=16)
    for part in parts:
        hasher.update(repr(part).encode("utf-8", "surrogatepass"))
        hasher.update(b"\x00")
    return hasher.digest()


def summary(page: Page) -> tuple[object, ...]:
    """What another page may show of this one: title, summary, dates, verdict, and so on."""
    matter = page.matter
    return (
        page.url,
        page.kind,
        page.lang,
        matter.title,
        matter.summary,
        matter.type,
        matter.date,
        matter.updated,
        matter.reviewed,
        matter.status,
        matter.weight,
        matter.draft,
        page.future,
        matter.tags,
        matter.image,
        page.verdict_label,
        page.fact,
        page.claim,
        page.speaker,
        page.role,
        matter.changelog,
        len(page.pages),
        len(page.subsections),
    )


def own(page: Page) -> tuple[object, ...]:
    """Everything of the page itself that its own HTML shows."""
    return (page.matter.model_dump_json(), str(page.content), page.toc, page.faq, page.rel_path)


def _neighbours(page: Page, site: Site) -> list[Page]:
    found = [*page.breadcrumbs, *page.pages, *page.subsections]
    found += [p for p in (page.prev, page.next, page.superseded_by) if p is not None]
    if page.kind == "home":
        found += [*site.statements, *site.claims, *site.sections]
    return found


def site_token(site: Site, extra: Iterable[object]) -> bytes:
    """The part of every fingerprint that every page shares."""
    return _digest(
        [
            site.config.settings.model_dump_json(),
            site.root,
            site.menu,
            site.footer_menu,
            site.feeds,
            [(t.name, t.url) for t in site.tags],
            *extra,
        ]
    )


def page_key(page: Page, site: Site, shared: bytes, everything: bytes) -> bytes:
    """Fingerprint of one page's HTML."""
    if page.kind in AGGREGATE_KINDS:
        return _digest([shared, everything, own(page), page.kind])
    return _digest([shared, own(page), [summary(p) for p in _neighbours(page, site)]])


def everything_token(pages: list[Page]) -> bytes:
    """Fingerprint of what aggregate pages (topics, corrections) show of every page."""
    return _digest(summary(p) for p in sorted(pages, key=lambda p: p.url))


def text_key(text: str) -> bytes:
    """Fingerprint of an already generated text."""
    return hashlib.blake2b(text.encode("utf-8"), digest_size=16).digest()


def file_key(path: Path) -> bytes:
    """Fingerprint of a copied file: its bytes."""
    return hashlib.blake2b(path.read_bytes(), digest_size=16).digest()
