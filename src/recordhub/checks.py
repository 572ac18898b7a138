"""Checks of the final HTML: every internal link and anchor resolves; nothing loads elsewhere."""

from __future__ import annotations

from collections.abc import Callable, Collection
from pathlib import Path
from urllib.parse import unquote

from markupsafe import escape
from msgspec import Struct

from recordhub import (
    assetchecks,
    duplicateids,
    inline,
    linkhints,
    menuanchors,
    provenance,
    titleheadings,
    urls,
)
from recordhub.anchors import anchored
from recordhub.destinations import foreign, missing, origin, own_path, resolve
from recordhub.diagnostics import Diagnostic, error
from recordhub.htmlscan import Kept, h1s, split
from recordhub.pages import Page
from recordhub.siteview import Site


class Checked(Struct):
    """One written HTML file, what it links to, and the page it came from."""

    scan: Kept
    url: str  # the page's URL path, for resolving relative links
    page: Page | None
    template: str  # where its non-Markdown links were written, for messages
    copied: Path | None = None  # an HTML file published as it is: where it was written


def place(item: Checked, url: str, site: Site) -> tuple[str, int | None, int | None]:
    """Where url on this page was written: in its Markdown file or the HTML file it was
    copied from, at the line and column; else in its template, at no line."""
    page, found = item.page, None
    if item.copied is not None:
        found = provenance.written_at(provenance.text_of(item.copied), url)
    elif page is not None and page.kind in _FROM_FILES:
        found = provenance.where_written(
            site.config.root / page.source_path, page.rel_path, url, {}
        )
        if found is not None:
            return page.source_path, *found
    return item.template, *(found or (None, None))


def verify(
    checked: dict[str, Checked],
    files: set[str],
    site: Site,
    texts: dict[str, tuple[str, str]],
    only: Collection[str] | None = None,
) -> list[Diagnostic]:
    """Every broken internal link or anchor, and every load from another origin, as errors.

    texts holds the site's own CSS, JS and SVG (output path -> (shown source, text)), whose
    url(), @import and fetch() targets are checked for other origins too. With only, just the
    links and loads of those pages are checked (against every page's anchors).
    """
    own = origin(site.base_url) or ""
    allowed = {o for o in (origin(u) for u in site.config.settings.allow_origins) if o}
    problems: list[Diagnostic] = []
    locate = _Locator(site)
    # links found whole that mean the same from every page (from the site's root, or to
    # another site): the menu's and the footer's are on every page, checked once
    whole: set[str] = set()
    base_url, root = site.base_url, site.root
    for rel, item in sorted(checked.items()):
        if only is not None and rel not in only:
            continue
        times: dict[str, int] = {}  # a broken link written twice is told at each place
        for link in split(item.scan.links):
            times[link] = times.get(link, 0) + 1
        for link, count in times.items():
            if link in whole:
                continue
            address = own_path(link, base_url)
            target = resolve(item.url, address, root)
            if target is None:
                whole.add(link)
                continue
            path, fragment = target
            if missing(files, path):
                if not _to_invalid(item, link, site):
                    why = _nothing_at(item, link, files, site)
                    problems += [_broken(item, link, why, site, nth) for nth in range(count)]
                continue
            key = path if path in checked else f"{path}/index.html"
            if anchored(fragment) and key in checked and not checked[key].scan.has_id(fragment):
                why = f"the page has no anchor #{fragment}"
                hint = linkhints.for_anchor(fragment, checked[key].page)
                found = [_broken(item, link, why, site, nth, hint) for nth in range(count)]
                problems += [menuanchors.once(told, fragment, checked, site) for told in found]
            elif address.startswith("/") and not address.startswith("//"):
                whole.add(link)
        for what, url in foreign(item.scan.loads, own, allowed):
            problems.append(_leak(item, what, url, site))
        problems += [
            _framed(item, what, url, site) for what, url in _own_frames(item, site, allowed)
        ]
        if item.scan.inline:
            problems += inline.blocked(item.scan.inline, item.url, item.template, locate(item))
        problems += [
            duplicateids.told(item.page, item.url, item.template, anchor, site)
            for anchor in item.scan.repeated()
        ]
        if item.scan.h1s > 1 and item.page is not None and item.page.kind in _FROM_FILES:
            # whether its template shows an h1 of its own is told by the page as published
            at = (item.page.source_path, item.page.body_line, site.config.root)
            problems += titleheadings.in_file(*at, item.scan.h1s, h1s(item.page.content))
    problems = list(dict.fromkeys(problems))  # a menu's link is on every page, reported once
    loaded = (own, allowed)
    problems += assetchecks.verify_texts(texts, files, site.root, site.config.root, loaded)
    return problems


_FROM_FILES = duplicateids.FROM_FILES


class _Locator:
    """Where inline code was written: in one template, or else in the page's own file."""

    def __init__(self, site: Site) -> None:
        from recordhub.strings import THEME_DIR

        self._site = site
        hub, theme = site.config.templates_dir, THEME_DIR / "templates"
        self._folders = [(hub, "templates/"), (theme, "recordhub theme: ")]
        self._found: dict[str, tuple[str, int, int] | None] = {}

    def __call__(self, item: Checked) -> Callable[[str], tuple[str, int, int] | None]:
        if item.copied is not None:  # written in that file, as it is published: no template
            text, shown_as = provenance.text_of(item.copied), item.template
            return lambda shown: next(
                ((shown_as, *at) for at in inline.positions(text, shown)), None
            )

        def where(shown: str) -> tuple[str, int, int] | None:
            if shown not in self._found:
                self._found[shown] = inline.in_templates(shown, self._folders)
            page = item.page
            if self._found[shown] is not None or page is None or page.kind not in _FROM_FILES:
                return self._found[shown]
            try:  # a front-matter value a template shows unescaped, say
                text = (self._site.config.root / page.source_path).read_text("utf-8")
            except OSError:
                return None
            found = inline.positions(text, shown)
            return (page.source_path, *found[0]) if found else None

        return where


_NOWHERE = "no page or file has that address"


def _nothing_at(item: Checked, link: str, files: set[str], site: Site) -> str:
    """Why a link finds nothing: an address from the domain's root, in a hub that lives in a
    folder of its domain, is the usual slip, and its right form is given."""
    root = site.root
    if root == "/" or not link.startswith("/") or link.startswith(("//", root)):
        return _NOWHERE
    meant = root + link[1:]
    target = resolve(item.url, meant, root)
    if target is None or assetchecks.unpublished(files, target[0]):
        return _NOWHERE
    return f"the hub is served under {root}, so the address is {meant}"


def _to_invalid(item: Checked, link: str, site: Site) -> bool:
    """True for a link to a page file whose own errors kept it out of the site: those errors
    are reported, and 'no page has that address' would mislead."""
    written = link.split("#", 1)[0]
    if item.page is None or not written.endswith(".md") or not site.invalid:
        return False
    return urls.resolve(item.page.rel_path, unquote(written)) in site.invalid


_LEAK_HINT = assetchecks.LEAK_HINT
_COPIED_HINT = (
    "fix the address; this file is published as it is, so link to a page by its address "
    "(such as {root}faq/data/), not by its .md file"
)


def _written(item: Checked, url: str, site: Site) -> tuple[str, int | None, int | None]:
    """Where a page's url was written, at its template's line if it came from a template."""
    shown, line, col = place(item, url, site)
    if line is None and shown == item.template:
        shown, line = provenance.template_with(url, site, item.template)
    return shown, line, col


def _leak(item: Checked, what: str, url: str, site: Site) -> Diagnostic:
    return error(
        *_written(item, url, site),
        f"{what} on {item.url} loads {url} from another origin; "
        "readers' visits would be seen there",
        _LEAK_HINT,
    )


_FRAMES = {"<iframe src>", "<frame src>", "<object data>", "<embed src>"}


_OBJECTS = {"<object data>", "<embed src>"}


def _own_frames(item: Checked, site: Site, allowed: set[str]) -> list[tuple[str, str]]:
    """The frames of a page that show a page or file of the site (about:blank shows none; a
    frame of another origin is the privacy check's), and its <object> and <embed> of an
    allowed origin or a data: address, which object-src 'none' blocks as well."""
    found = []
    for what, url in item.scan.loads:
        if what in _OBJECTS and (url[:5].lower() == "data:" or origin(url) in allowed):
            found.append((what, url))
        elif what in _FRAMES:
            target = resolve(item.url, own_path(url, site.base_url), site.root)
            if target is not None and target[0]:  # "": elsewhere on the domain, not the hub
                found.append((what, url))
    return found


def _framed(item: Checked, what: str, url: str, site: Site) -> Diagnostic:
    """A frame that shows nothing: every path of the site is sent with frame-ancestors 'none'
    and X-Frame-Options: DENY (deploy.headers), so no page may frame it, not even its own; and
    object-src 'none' blocks <object> and <embed> whatever they name."""
    why = "the site's headers forbid framing its own pages"
    why += " (frame-ancestors 'none', X-Frame-Options: DENY)"
    if what in _OBJECTS:
        why = "the site's Content-Security-Policy blocks <object> and <embed> (object-src 'none')"
    return error(
        *_written(item, url, site),
        f"{what} on {item.url} shows {url}, but {why}, so browsers show nothing there",
        f'link to it instead, <a href="{url}">, or put what it shows into this page',
    )


def _broken(
    item: Checked, link: str, why: str, site: Site, nth: int = 0, hint: str | None = None
) -> Diagnostic:
    """The error for the nth time (from 0) a page has this broken link, where it was written,
    with hint (for a missing anchor) or one that fits the link as written."""
    page = item.page
    if item.copied is not None:
        # its addresses are not put in the hub's folder: the example names it
        hint = _COPIED_HINT.format(root=site.root)
        return error(*place(item, link, site), f"broken link to {link}: {why}", hint)
    found = None
    if page is not None and page.kind in {"home", "section", "page"}:
        source = site.config.root / page.source_path
        found = provenance.written_as(source, page.rel_path, link, site.targets, site.root, nth)
    if found is not None and page is not None:
        line, col, written = found  # a .md file's link is shown as written, not its address
        if hint is None:
            general = why != _NOWHERE  # the hub's folder is named in why
            hint = linkhints.GENERAL if general else linkhints.for_address(written)
        return error(page.source_path, line, col, f"broken link to {written}: {why}", hint)
    menu = provenance.menu_entry(link, site, hint)
    if menu is not None:
        at, hint = menu
        return error("site.yml", *at, f"broken link to {link} in a menu: {why}", hint)
    given = provenance.given_in_site_yml(link, site)
    if given is not None:  # a contact or the organization's page, shown by every page
        name, at = given
        message = f"broken link to {link}, given as {name} in site.yml: {why}"
        hint = "give the address of a page the hub publishes, or of one on another host"
        return error("site.yml", *at, message, hint)
    template, at_line = provenance.template_with(link, site, item.template)
    # made by an extension from other words ([[Page]] of wikilinks): in the text all the same
    made = page is not None and page.kind in _FROM_FILES and at_line is None
    if made and page is not None and f'="{escape(link)}"' in page.content:
        message = f"broken link to {link}, made from the page's text: {why}"
        return error(page.source_path, None, None, message, hint or linkhints.GENERAL)
    return error(
        template,
        at_line,
        None,
        f"broken link to {link} on {item.url}: {why}",
        "fix the link in this template",
    )
