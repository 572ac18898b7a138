"""Every file a build writes, each with its fingerprint (fingerprints.py)."""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Callable
from functools import partial
from pathlib import Path

from msgspec import Struct
from msgspec.structs import replace

from recordhub import assets, deploy, feeds, redirects, securitytxt
from recordhub.config import SiteConfig
from recordhub.diagnostics import Diagnostic
from recordhub.fingerprints import Keys, text_key
from recordhub.leftout import is_ignored
from recordhub.pages import Feed, Page
from recordhub.siteview import Site
from recordhub.sources import walk
from recordhub.strings import THEME_DIR, Label
from recordhub.urls import output_file


class Output(Struct, frozen=True):
    """One file of the build: rendered text or a copied file, and its fingerprint."""

    rel: str
    origin: str
    key: bytes
    render: Callable[[], str] | None = None
    text: str | None = None
    source: Path | None = None
    page: Page | None = None
    blob: bytes | None = None
    # a content file only these hidden pages name: written only if a shown page links to it
    held_by: tuple[str, ...] = ()
    at: tuple[int | None, int | None] = (None, None)  # an alias's line and column, for its page

    @property
    def copied_html(self) -> bool:
        """True for an HTML file published as it is (from static/ or content/), not rendered."""
        return self.page is None and self.source is not None and self.rel.lower().endswith(HTML)


HTML = (".html", ".htm")
ALIASES = " aliases"  # the end of the origin of a page's redirect pages


def rewritten(outputs: list[Output], references: assets.References) -> list[Output]:
    """The outputs, each HTML file published as it is pointing at the published names of the
    fingerprinted files it names by their plain ones, as the preview's plain names serve it."""
    if not references:  # the preview, which keeps plain names
        return outputs
    found = []
    for item in outputs:
        if item.copied_html and item.source is not None:
            # bytes that are not UTF-8 go through as they are
            text = (item.blob or item.source.read_bytes()).decode("utf-8", "surrogateescape")
            new = references.rewrite(text, item.rel)
            if new != text:
                blob = new.encode("utf-8", "surrogateescape")
                item = replace(item, key=text_key(new), blob=blob)
        found.append(item)
    return found


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
            path = f"{_statements_folder(pages, code, site.default_language)}feed.xml"
            title = label(code, "feed_statements") or "Statements"
            view.feeds.append(Feed("statements", title, site.root + path, path))
    return by_lang


def _statements_folder(pages: list[Page], code: str, default: str) -> str:
    """Where a language's statements feed lives, which must not move when a statement is
    added elsewhere (its address is what readers subscribed to): the section of the folder
    statements/ when it has statements, else the first section whose _index.md makes its pages
    statements; in this language or else in the default one; or else statements/."""
    prefix = "" if code == default else f"{code}/"
    sections = sorted((p for p in pages if p.kind == "section"), key=lambda p: p.path)

    def cascades(section: Page) -> bool:
        cascade = section.matter.cascade
        return cascade is not None and cascade.type == "statement"

    def named(section: Page) -> bool:
        # a section cascading statements from a folder that sorts first (acquisition/) must
        # not take the feed from where it has always been
        holds = any(p.matter.type == "statement" for p in section.pages)
        return section.rel_path == "statements/_index.md" and (holds or cascades(section))

    for wanted in (named, cascades):
        for lang in dict.fromkeys((code, default)):
            for section in sections:
                if section.lang == lang and wanted(section):
                    if section.lang == code:
                        return section.path  # which already says its language
                    own = [t.path for t in section.translations if t.lang == code]
                    return own[0] if own else prefix + section.path
    return f"{prefix}statements/"


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
                # an entry's id comes from its page's first alias, which no page shows
                ids = [feeds.entry_id(view, c.page, c.anchor) for c in corrections[code]]
                key = keys.of(feed, keys.everything, ids)
                made.append(Output(feed.path, "recordhub", key, render))
            else:
                states = {k: label(code, f"status_{k}") or k.title() for k in feeds.NOT_CURRENT}
                # as the statements' pages title them; asked only of a feed with footnotes
                back = partial(label, code, "footnote_back")
                render = partial(feeds.statements_feed, view, feed, states, back)
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
    site: Site,
    planned: list[Output],
    label: Label,
    today: dt.date,
    precompress: bool = False,
    search: bool = False,
) -> tuple[list[Output], list[Diagnostic]]:
    """Redirect pages, _redirects, security.txt and _headers, which describe the rest."""
    made: list[Output] = []
    missing = [i.page for i in planned if i.page is not None and i.page.kind == "404"]
    rules, moved = redirects.redirects(site, site.pages, missing, label)
    for path, (text, source, at) in sorted(moved.items()):
        key = text_key(text)
        made.append(Output(output_file(path), f"{source} aliases", key, text=text, at=at))
    made.append(Output("_redirects", "aliases", text_key(rules), text=rules))
    security = securitytxt.text(site, site.pages, today)
    if security is not None:
        made.append(
            Output(
                ".well-known/security.txt",
                "site.yml contact.security",
                text_key(security),
                text=security,
            )
        )
    # not the redirect pages, which both hosts redirect from before serving them, nor a file
    # held back (see Output.held_by), whose name would be public before it is
    served = [i for i in planned + made if not i.origin.endswith("aliases") and not i.held_by]
    top = {item.rel.split("/", 1)[0] + ("/" if "/" in item.rel else "") for item in served}
    rules = deploy.headers(site, top, precompress, search)
    made.append(Output("_headers", "recordhub", text_key(rules), text=rules))
    return made, deploy.header_limit(rules)


def static_files(config: SiteConfig) -> tuple[dict[str, Path], list[Diagnostic]]:
    """Theme assets, then the site's static/ files, which win on a name clash, by their NFC
    names, with an error for each folder that cannot be read and each broken link.

    A linked folder is followed, as under content/, when it stays in the project (a logo
    folder shared with another site, say) and does not lead back into itself.
    """
    found: dict[str, Path] = {}
    problems: list[Diagnostic] = []
    project = config.root.resolve()
    for folder in (THEME_DIR / "static", config.static_dir):
        # walked even when it is no folder: a file named static is told, as templates is
        for path in walk(folder, project, problems):
            if not is_ignored(path.name):
                # published under NFC names, as content/ is, whatever form the disk's names
                # take (macOS)
                found[unicodedata.normalize("NFC", path.relative_to(folder).as_posix())] = path
    return dict(sorted(found.items())), problems
