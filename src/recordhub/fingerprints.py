"""Fingerprints: for each file a build writes, a digest of everything it depends on.

Equal fingerprints mean equal bytes, so the preview re-renders only the pages whose
fingerprint changed: the page itself, and the listings, neighbours and breadcrumbs that show
its title, summary or date. Anything that every page shows (site.yml, templates, menus, the
list of topics) goes into the global part of every fingerprint.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from pathlib import Path

from recordhub.config import SiteConfig
from recordhub.diagnostics import Diagnostic, DiagnosticError, Severity
from recordhub.pages import Page
from recordhub.siteview import Site
from recordhub.sources import walk
from recordhub.strings import THEME_DIR

AGGREGATE_KINDS = frozenset({"tag", "tags", "corrections", "search", "404"})


def _digest(parts: Iterable[object]) -> bytes:
    # one repr of them all: a repr quotes and escapes each text, so parts cannot run together
    text = repr(tuple(parts)).encode("utf-8", "surrogatepass")
    return hashlib.blake2b(text, digest_size=16).digest()


def summary(page: Page) -> tuple[object, ...]:
    """What another page may show of this one: title, summary, dates, verdict, and so on
    (pagereads.IN_KEYS; a render that reads more of another page notes it, see reuse.py)."""
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
        page.last_changed,  # an FAQ's answers may have later dates of their own
        matter.reviewed,
        matter.status,
        matter.weight,
        matter.draft,
        page.future,
        page.waits,
        matter.publish_at,  # the time a listing's embargoed card shows
        matter.tags,
        matter.image,
        page.verdict_label,
        page.verdict,  # a card may show the key (as a class) as well as its label
        page.review_due,  # the theme's cards show these too
        page.sources,
        page.facts,
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
    )


def _neighbours(page: Page, site: Site) -> list[Page]:
    found = [*page.breadcrumbs, *page.pages, *page.subsections]
    found += [p for p in (page.prev, page.next, page.superseded_by, page.replacement) if p]
    # a page's other languages: a template may show their titles, or its original's summary
    found += [*page.translations, *(p for p in (page.original, page.x_default) if p)]
    if page.kind == "home":  # it lists those of its own language, as home.html is given them
        own = site.languages.get(page.lang, site)
        found += [*own.statements, *own.claims, *own.sections]
    return found


class Keys:
    """The fingerprints of one build; each page's summary is digested once."""

    def __init__(
        self,
        site: Site,
        pages: list[Page],
        extra: Iterable[object],
        memo: dict[str, object],
        wide: bool = False,
    ) -> None:
        self.site = site
        self.wide = wide  # every page may show every page (see lists_pages)
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
                page.future,  # shown scheduled until its time passes, with --future
                page.waits,
            ]
        )

    def page(self, page: Page) -> bytes:
        """Fingerprint of one page's HTML."""
        if page.kind in AGGREGATE_KINDS or self.wide:
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


def text_key(text: str) -> bytes:
    """Fingerprint of an already generated text."""
    # surrogates stand for the bytes of a copied file that are not UTF-8
    return hashlib.blake2b(text.encode("utf-8", "surrogateescape"), digest_size=16).digest()


# a file's place and stat, as far as they tell that its bytes are the same as before
FileKeys = dict[Path, tuple[tuple[int, ...], bytes]]


def file_key(path: Path, known: FileKeys | None = None) -> bytes:
    """Fingerprint of a copied file: its bytes, or, given what earlier runs of the same process
    found, the last digest of a file whose stat is unchanged (the preview's 300 MB of images
    are not read again on every save)."""
    if known is None:
        return _file_digest(path)
    info = path.stat()
    stamp = (info.st_mtime_ns, info.st_ctime_ns, info.st_size, info.st_ino, info.st_dev)
    found = known.get(path)
    if found is not None and found[0] == stamp:
        return found[1]
    digest = _file_digest(path)
    known[path] = (stamp, digest)
    return digest


def _file_digest(path: Path) -> bytes:
    return hashlib.blake2b(path.read_bytes(), digest_size=16).digest()


def templates_token_told(config: SiteConfig) -> tuple[bytes, list[Diagnostic]]:
    """templates_token, or none and the problems when a folder of templates cannot be read."""
    try:
        return templates_token(config), []
    except DiagnosticError as exc:
        return b"", list(exc.diagnostics)


def templates_token(config: SiteConfig) -> bytes:
    """Changes whenever any template or theme string file changes."""
    hasher = hashlib.blake2b(digest_size=16)
    own = (config.templates_dir, config.root / "strings")
    for folder in (*own, THEME_DIR / "templates", THEME_DIR / "strings"):
        for path in _files(folder, config.root):  # by content: two saves in one clock tick
            hasher.update(f"{path}\0".encode(errors="surrogateescape"))
            hasher.update(path.read_bytes())
    return hasher.digest()


# what a template reads of the site's pages beyond a page's own neighbours (the theme reads
# these on the home page only, which fingerprints for them)
_SITE_LISTS = re.compile(
    rb"\bsite\s*\.\s*(?:statements|claims|listing|sections|pages|tags|languages)\b"
    # another page's listing: the siblings (page.section.pages), the home page's, and so on
    rb"|\.\s*(?:section|home|original|x_default|superseded_by|replacement|prev|next)"
    rb"\s*\.\s*(?:pages|subsections)\b"
)


def lists_pages(config: SiteConfig) -> bool:
    """True when one of the hub's own templates lists the site's pages: then any page's
    title or summary may show on every page, and each page's key holds them all."""
    try:
        files = _files(config.templates_dir, config.root)
    except DiagnosticError:  # told by templates_token; the build fails, whatever keys it makes
        return True
    return any(_SITE_LISTS.search(path.read_bytes()) for path in files)


def _files(folder: Path, root: Path) -> list[Path]:
    """Every file under folder, less links out of the project, which the loaders refuse when
    a page uses one (render.Renderer); raise DiagnosticError for a broken link or the like."""
    problems: list[Diagnostic] = []
    files = list(walk(folder, root.resolve(), problems))
    errors = [found for found in problems if found.severity is Severity.ERROR]
    if errors:
        raise DiagnosticError(errors)
    return files
