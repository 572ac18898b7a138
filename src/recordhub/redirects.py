"""Old addresses of pages (aliases): their _redirects rules and the redirect page at each,
for hosts that do not read _redirects."""

from __future__ import annotations

import html
from urllib.parse import unquote

from recordhub.assets import ASSET_DIR
from recordhub.diagnostics import Diagnostic, error, warning
from recordhub.pages import Page
from recordhub.siteview import Site
from recordhub.strings import Label
from recordhub.urls import encode


def redirects(
    site: Site, pages: list[Page], missing: list[Page], label: Label
) -> tuple[str, dict[str, tuple[str, str, tuple[int | None, int | None]]]]:
    """_redirects from every page's aliases, and an HTML redirect page for each old path,
    with the file of the page that gives it and the alias's line and column; then the
    languages' pages for a missing address.

    Netlify serves an existing file before a rule unless the rule is forced with "!", and the
    old path does hold a redirect page, so each alias gets a forced line. Cloudflare Pages
    ignores that line (its status must be a plain number) but always applies the plain line
    that follows, redirecting even where a file exists.
    """
    lines = [
        "# Written by recordhub build from the pages' aliases.",
        '# Each alias has two lines: "301!" for Netlify (the redirect page at the old path',
        '# would otherwise be served), plain "301" for Cloudflare Pages, which skips the first.',
    ]
    made: dict[str, tuple[str, str, tuple[int | None, int | None]]] = {}
    taken = {page.path.casefold() for page in pages}
    for page in sorted(pages, key=lambda p: p.source_path):
        for index, alias in enumerate(page.matter.aliases):
            path = alias_path(alias, site.root)
            old = site.root + path
            if old == page.url or path.casefold() in taken:
                continue  # a page's own address, or one alias_problems reports
            taken.add(path.casefold())
            lines += [
                f"{encode(old)} {encode(page.url)} 301!",
                f"{encode(old)} {encode(page.url)} 301",
            ]
            if fits_a_file(path):  # else only the rule: no disk can hold the page there
                at = page.positions.value(("aliases", index)) if page.positions else (None, None)
                made[path] = redirect_page(page, site, label), page.source_path, at
    # Netlify shows its root's 404.html for a missing address: in a hub in a folder of its
    # domain, the domain's own, unless a line names the hub's (last: the first match wins)
    others = [page for page in missing if page.path != "404.html" or site.root != "/"]
    if others:  # Cloudflare Pages finds the nearest 404.html itself, and skips these lines
        lines.append("# Netlify: a missing address in a language gets that language's own page.")
        for page in sorted(others, key=lambda p: (p.path == "404.html", p.path)):
            folder = site.root + page.path.removesuffix("404.html")
            lines.append(f"{encode(folder)}* {encode(page.url)} 404")
    return "\n".join(lines) + "\n", made


def alias_problems(pages: list[Page], root: str) -> list[Diagnostic]:
    """Aliases that are a page's own address, or that two pages give."""
    owners = {page.path.casefold(): page for page in pages}
    given: dict[str, Page] = {}
    found: list[Diagnostic] = []
    for page in sorted(pages, key=lambda p: p.source_path):
        for index, alias in enumerate(page.matter.aliases):
            path = alias_path(alias, root).casefold()
            if path == page.path.casefold():
                continue
            line, col = page.positions.value(("aliases", index)) if page.positions else (0, 0)
            owner, other = owners.get(path), given.setdefault(path, page)
            if path.startswith(ASSET_DIR):
                message = f"alias {alias} is in /{ASSET_DIR}, which is cached for a year"
                hint = "a redirect there could never be changed in readers' browsers: remove it"
            elif owner is not None:
                message = f"alias {alias} is the address of {owner.source_path}"
                hint = "remove the alias: that page is served there"
            elif other is not page:
                message = f"alias {alias} is also an alias of {other.source_path}"
                hint = "keep it on one of the two pages"
            elif not fits_a_file(alias_path(alias, root)):
                found.append(_too_long(page, alias_path(alias, root), line, col))
                continue
            else:
                continue
            found.append(error(page.source_path, line or None, col or None, message, hint))
    return found


NAME_MAX = 255  # bytes in one file or folder name on most disks (ext4, XFS, Btrfs, APFS)


def fits_a_file(path: str) -> bool:
    """True when every part of a site-relative path can be a file or folder name."""
    return all(len(part.encode("utf-8")) <= NAME_MAX for part in path.split("/"))


def _too_long(page: Page, path: str, line: int, col: int) -> Diagnostic:
    # the old address is what readers have: it cannot be shortened, so it is still redirected
    # where a rule can do it, and the other hosts are named
    longest = max(len(part.encode("utf-8")) for part in path.split("/"))
    return warning(
        page.source_path,
        line or None,
        col or None,
        f"this alias is too long for a file name (one part of it is {longest} bytes, and most "
        f"disks allow {NAME_MAX}): it is redirected by _redirects only, with no redirect page",
        "hosts that read _redirects (Netlify, Cloudflare Pages) redirect it; on another host, "
        "redirect it in the server's own settings, or remove the alias",
    )


def alias_path(alias: str, root: str) -> str:
    """An alias as a site-relative folder path: '/old/page' -> 'old/page/'; an address copied
    from a log ('/caf%C3%A9/') is decoded, as servers decode it before they look for the file."""
    path = unquote(alias.strip())
    if root != "/" and (path.startswith(root) or path == root.rstrip("/")):
        # it names the hub's folder already ('/facts/old/' of a hub at /facts/): as for links
        # (urls.rooted), the same old address as '/old/', not one in a folder /facts/facts/
        path = path[len(root) :]
    # a "." part names the folder it is in: browsers ask for '/about/' when given '/./about/';
    # an empty one ('/news//item/') names no folder on disk, where the page is written
    path = "/".join(part for part in path.split("/") if part not in {"", "."})
    return f"{path}/" if path and not path.endswith(".html") else path


def redirect_page(page: Page, site: Site, label: Label) -> str:
    """A page for hosts that do not read _redirects: canonical link and meta refresh, in the
    page's language (a reader of /ar/ who follows an old link is told in Arabic)."""
    title = html.escape(page.matter.title)
    url = html.escape(page.url)
    lang = html.escape(page.lang)
    direction = ' dir="rtl"' if site.direction(page.lang) == "rtl" else ""
    moved = html.escape(label(page.lang, "moved") or "Moved:")
    moved_to = html.escape(label(page.lang, "moved_to") or "This page has moved to:")
    return (
        f'<!doctype html>\n<html lang="{lang}"{direction}>\n<head>\n'
        '<meta charset="utf-8">\n'
        f"<title>{moved} {title}</title>\n"
        f'<link rel="canonical" href="{html.escape(page.permalink)}">\n'
        '<meta name="robots" content="noindex">\n'
        # as on every page: browsers ask for /favicon.ico otherwise, which the site lacks
        '<link rel="icon" href="data:,">\n'
        f'<meta http-equiv="refresh" content="0; url={url}">\n</head>\n<body>\n'
        f'<p>{moved_to} <a href="{url}">{title}</a></p>\n</body>\n</html>\n'
    )
