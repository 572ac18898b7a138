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
from functools import partial
from pathlib import Path

from recordhub import deploy, feeds
from recordhub.config import SiteConfig
from recordhub.diagnostics import Diagnostic, error
from recordhub.pages import Feed, Page, Site
from recordhub.sources import is_ignored
from recordhub.strings import THEME_DIR
from recordhub.urls import output_file

AGGREGATE_KINDS = frozenset({"tag", "tags", "corrections", "search", "404"})


@dataclass(frozen=True, slots=True)  # slots: one per output file
class Output:
    """One file of the build: rendered text or a copied file, and its fingerprint."""

    rel: str
    origin: str
    key: bytes
    render: Callable[[], str] | None = None
    text: str | None = None
    source: Path | None = None
    page: Page | None = None
    blob: bytes | None = None


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
    return (
        page.matter.model_dump_json(),
        page.content_fingerprint(),  # also decides page.toc: headings come from the same body
        page.faq,
        page.rel_path,
        [(t.lang, t.url) for t in page.translations],
        page.stale,
        page.original.url if page.original else None,
    )


def _neighbours(page: Page, site: Site) -> list[Page]:
    found = [*page.breadcrumbs, *page.pages, *page.subsections]
    found += [p for p in (page.prev, page.next, page.superseded_by) if p is not None]
    if page.kind == "home":
        found += [*site.statements, *site.claims, *site.sections]
    return found


class Keys:
    """The fingerprints of one build; each page's summary is digested once."""

    def __init__(
        self, site: Site, pages: list[Page], extra: Iterable[object], memo: dict[str, object]
    ) -> None:
        self.site = site
        self._memo = memo
        self._summaries = {id(p): _digest(summary(p)) for p in pages}
        self.shared = _digest(
            [
                site.config.settings.model_dump_json(),
                site.root,
                [
                    (v.language, v.menu, v.footer_menu, v.feeds, [(t.name, t.url) for t in v.tags])
                    for v in (site.languages or {"": site}).values()
                ],
                *extra,
            ]
        )
        self.everything = _digest(sorted((p.url, self._summaries[id(p)]) for p in site.pages))

    def own(self, page: Page) -> bytes:
        """Digest of the page's own front matter and HTML, reused while both are unchanged."""
        known = self._memo.get(page.source_path + page.kind + page.path)
        content = page.content_fingerprint()
        if isinstance(known, tuple) and known[0] is page.matter and known[1] == content:
            heavy: bytes = known[2]
        else:
            heavy = _digest(own(page))
            self._memo[page.source_path + page.kind + page.path] = (page.matter, content, heavy)
        # what other pages decide about this one is cheap to look at, so never memoised
        return _digest(
            [
                heavy,
                [(t.lang, t.url) for t in page.translations],
                page.stale,
                page.original.url if page.original else None,
            ]
        )

    def page(self, page: Page) -> bytes:
        """Fingerprint of one page's HTML."""
        if page.kind in AGGREGATE_KINDS:
            return _digest([self.shared, self.everything, self.own(page), page.kind])
        near = [
            self._summaries.get(id(p)) or _digest(summary(p)) for p in _neighbours(page, self.site)
        ]
        return _digest([self.shared, self.own(page), near])

    def of(self, *parts: object) -> bytes:
        """Fingerprint of a generated file from what it shows."""
        return _digest([self.shared, *parts])

    def contents(self, pages: list[Page]) -> bytes:
        """Fingerprint of these pages' summaries and HTML, for feeds that carry the text."""
        return _digest([(self._summaries.get(id(p)), self.own(p)) for p in pages])


Label = Callable[[str, str], str | None]  # a theme string by language and key


def announce_feeds(
    site: Site, pages: list[Page], label: Label
) -> dict[str, list[feeds.Correction]]:
    """Register each language's feeds, titled in it, and give its corrections page its entries."""
    by_lang: dict[str, list[feeds.Correction]] = {}
    for code, view in (site.languages or {site.language: site}).items():
        own = [p for p in site.pages if p.lang == code]
        corrections = by_lang[code] = feeds.corrections(own)
        for page in pages:
            if page.kind == "corrections" and page.lang == code:
                page.corrections = corrections
                path = f"{page.path}feed.xml"
                title = label(code, "feed_corrections") or "Corrections"
                view.feeds.append(Feed("corrections", title, site.root + path, path))
        if view.statements:
            section = view.statements[0].section
            path = f"{section.path if section else ''}feed.xml"
            title = label(code, "feed_statements") or "Statements"
            view.feeds.append(Feed("statements", title, site.root + path, path))
    return by_lang


def feed_outputs(
    site: Site,
    pages: list[Page],
    corrections: dict[str, list[feeds.Correction]],
    keys: Keys,
    label: Label,
) -> list[Output]:
    """The feeds, sitemap and robots.txt, rendered only when their fingerprint asks for it."""
    made: list[Output] = []
    for code, view in (site.languages or {site.language: site}).items():
        for feed in view.feeds:
            if feed.kind == "corrections":
                listing = feed.path.removesuffix("feed.xml")
                # the theme strings are in keys.shared, through the templates' token
                kinds = {
                    k: label(code, f"change_{k}") or k.capitalize() for k in feeds.PUBLIC_KINDS
                }
                render = partial(
                    feeds.corrections_feed, view, corrections[code], feed, listing, kinds
                )
                made.append(Output(feed.path, "recordhub", keys.of(feed, keys.everything), render))
            else:
                render = partial(feeds.statements_feed, view, feed)
                key = keys.of(feed, keys.contents(view.statements))
                made.append(Output(feed.path, "recordhub", key, render))
    urls = [p.url for p in pages]
    made.append(
        Output(
            "sitemap.xml",
            "recordhub",
            keys.of(keys.everything, urls),
            partial(feeds.sitemap, site, pages),
        )
    )
    made.append(Output("robots.txt", "recordhub", keys.of("robots"), partial(feeds.robots, site)))
    return made


def deploy_outputs(
    site: Site, planned: list[Output], precompress: bool = False, search: bool = False
) -> list[Output]:
    """Redirect pages, _redirects, security.txt and _headers, which describe the rest."""
    made: list[Output] = []
    rules, moved = deploy.redirects(site, site.pages)
    for path, text in sorted(moved.items()):
        made.append(Output(output_file(path), "aliases", text_key(text), text=text))
    made.append(Output("_redirects", "aliases", text_key(rules), text=rules))
    security = deploy.security_txt(site, site.pages)
    if security is not None:
        made.append(
            Output(
                ".well-known/security.txt",
                "site.yml contact.security",
                text_key(security),
                text=security,
            )
        )
    top = {item.rel.split("/", 1)[0] + ("/" if "/" in item.rel else "") for item in planned + made}
    rules = deploy.headers(site, top, precompress, search)
    made.append(Output("_headers", "recordhub", text_key(rules), text=rules))
    return made


def text_key(text: str) -> bytes:
    """Fingerprint of an already generated text."""
    return hashlib.blake2b(text.encode("utf-8"), digest_size=16).digest()


def static_files(config: SiteConfig) -> dict[str, Path]:
    """Theme assets, then the site's static/ files, which win on a name clash."""
    found: dict[str, Path] = {}
    for folder in (THEME_DIR / "static", config.static_dir):
        if not folder.is_dir():
            continue
        for path in sorted(folder.rglob("*")):
            if path.is_file() and not is_ignored(path.name):
                found[path.relative_to(folder).as_posix()] = path
    return found


def file_key(path: Path) -> bytes:
    """Fingerprint of a copied file: its bytes."""
    return hashlib.blake2b(path.read_bytes(), digest_size=16).digest()


def collisions(planned: list[tuple[str, str]]) -> list[Diagnostic]:
    """Two outputs for one path (compared without case, as most hosts and disks do)."""
    seen: dict[str, str] = {}
    found: list[Diagnostic] = []
    for rel, origin in planned:
        key = rel.casefold()
        if key in seen:
            found.append(
                error(
                    origin,
                    None,
                    None,
                    f"writes {rel}, which {seen[key]} also writes",
                    "give one of them a different slug or file name",
                )
            )
        else:
            seen[key] = origin
    return found


def templates_token(config: SiteConfig) -> bytes:
    """Changes whenever any template or theme string file changes."""
    hasher = hashlib.blake2b(digest_size=16)
    own = (config.templates_dir, config.root / "strings")
    for folder in (*own, THEME_DIR / "templates", THEME_DIR / "strings"):
        if folder.is_dir():
            for path in sorted(folder.rglob("*")):
                if path.is_file():  # by content: two saves within one clock tick look alike
                    hasher.update(f"{path}\0".encode())
                    hasher.update(path.read_bytes())
    return hasher.digest()
