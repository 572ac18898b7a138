"""What a CDN reads besides the pages: _headers, _redirects, redirect pages, content types."""

from __future__ import annotations

import functools
import html
import mimetypes
import os
from collections.abc import Iterable
from urllib.parse import unquote

from recordhub.assets import ASSET_DIR
from recordhub.destinations import origin
from recordhub.diagnostics import Diagnostic, error, notice, warning
from recordhub.pages import Page
from recordhub.siteview import Site
from recordhub.strings import Label
from recordhub.urls import encode

# what --precompress may write a .br and .gz of
COMPRESSIBLE = (".html", ".css", ".js", ".xml", ".json", ".txt", ".svg", ".map", ".webmanifest")

REVALIDATE = "public, max-age=0, must-revalidate"
IMMUTABLE = "public, max-age=31536000, immutable"
_CSP_SOURCES = (
    "script-src",
    "style-src",
    "img-src",
    "font-src",
    "connect-src",
    "media-src",
    "frame-src",
)


def content_security_policy(site: Site, search: bool = False) -> str:
    """A strict policy: our own origin only, no inline code, no framing.

    Site search adds 'wasm-unsafe-eval' to script-src, which Pagefind's WebAssembly needs,
    and nothing else.
    """
    extra = sorted({o for o in (origin(u) for u in site.config.settings.allow_origins) if o})
    allowed = " ".join(["'self'", *extra])

    def sources(name: str) -> str:
        more = " data:" if name == "img-src" else ""
        more += " 'wasm-unsafe-eval'" if name == "script-src" and search else ""
        return f"{name} {allowed}{more}"

    directives = [
        "default-src 'self'",
        *(sources(name) for name in _CSP_SOURCES),
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
        "upgrade-insecure-requests",
    ]
    return "; ".join(directives)


def headers(
    site: Site, top_level: Iterable[str], precompressed: bool = False, search: bool = False
) -> str:
    """The _headers file (Netlify and Cloudflare Pages format).

    Both hosts apply every matching rule and join repeated headers with commas, so each path
    gets Cache-Control from exactly one rule: hashed assets live under assets/, and every other
    top-level file or folder gets a revalidating rule of its own.
    """
    root = site.root
    lines = [
        "# Written by recordhub build. Security headers for every path:",
        f"{root}*",
        f"  Content-Security-Policy: {content_security_policy(site, search)}",
        "  X-Content-Type-Options: nosniff",
        "  Referrer-Policy: no-referrer",
        "  Permissions-Policy: camera=(), microphone=(), geolocation=(), payment=(), usb=(), "
        "browsing-topics=()",
        # a hub in a folder of its domain speaks for that folder, not for the domain's hosts
        "  Strict-Transport-Security: max-age=63072000"
        + ("; includeSubDomains" if root == "/" else ""),
        "  X-Frame-Options: DENY",
        "  Cross-Origin-Opener-Policy: same-origin",
        "",
        "# Fingerprinted CSS and JS never change under one name: cache them for a year.",
        f"{root}{ASSET_DIR}*",
        f"  Cache-Control: {IMMUTABLE}",
        "",
        "# Pages, feeds, the sitemap and plain-named files: revalidate on every request.",
        root,
        f"  Cache-Control: {REVALIDATE}",
    ]
    names = {*top_level, "manifest.json", *(["pagefind/"] if search else [])}
    for name in sorted(names):
        if name.rstrip("/") + "/" == ASSET_DIR or name in {"_headers", "_redirects"}:
            continue  # the host reads those two itself and never serves them
        # --precompress writes name.br and name.gz beside a text file when they are smaller:
        # one rule covers those it wrote, and names none it did not
        spread = name.endswith("/") or (precompressed and name.endswith(COMPRESSIBLE))
        lines += [f"{root}{name}*" if spread else f"{root}{name}", f"  Cache-Control: {REVALIDATE}"]
    return "\n".join(lines) + "\n"


HEADER_RULES = 100  # the most rules Cloudflare Pages allows in _headers


def header_limit(rules: str) -> list[Diagnostic]:
    """A warning when _headers has more rules than Cloudflare Pages reads."""
    count = sum(1 for line in rules.splitlines() if line.startswith("/"))
    if count <= HEADER_RULES:
        return []
    message = f"_headers has {count} rules, over the {HEADER_RULES} that Cloudflare Pages allows"
    hint = "each top-level page, folder or file gets a rule: put pages in sections (folders)"
    return [warning("_headers", None, None, message, hint)]


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
    others = [page for page in missing if page.path != "404.html"]
    if others:  # Cloudflare Pages finds the nearest 404.html itself, and skips these lines
        lines.append("# Netlify: a missing address in a language gets that language's own page.")
        for page in sorted(others, key=lambda p: p.path):
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
    # a "." part names the folder it is in: browsers ask for '/about/' when given '/./about/'
    path = "/".join(part for part in path.strip("/").split("/") if part != ".")
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


def folder_notice(site: Site) -> list[Diagnostic]:
    """A notice, for a hub in a folder of its domain, of the files read only at a root."""
    if site.root == "/":
        return []
    message = (
        f"the hub lives in {site.root} of its domain: robots.txt and .well-known/security.txt "
        "are read only at the domain's root, and _headers and _redirects only at the root of "
        "what is uploaded"
    )
    hint = "copy those files to the domain's root, or merge their rules into the domain's own"
    if site.config.base_url_given:
        return [notice("--base-url", None, None, message, hint)]
    line, col = site.config.positions.value(("base_url",))
    return [notice("site.yml", line, col, message, hint)]


# the web's own types, which older Pythons' tables lack (their .woff2 and .webp came only from
# the machine's /etc/mime.types); the standard library's table answers the rest
_TYPES = {
    ".xml": "application/xml",
    ".json": "application/json",
    ".map": "application/json",
    ".js": "text/javascript",
    ".mjs": "text/javascript",
    ".webmanifest": "application/manifest+json",
    ".txt": "text/plain",
    ".md": "text/markdown",
    ".ics": "text/calendar",
    ".woff": "font/woff",
    ".woff2": "font/woff2",
    ".ttf": "font/ttf",
    ".otf": "font/otf",
    ".webp": "image/webp",
    ".avif": "image/avif",
}


def content_type(rel: str) -> str:
    """The Content-Type a host should send for a file, charset included for text."""
    name = rel.rpartition("/")[2]
    if name in {"_headers", "_redirects"}:
        return "text/plain; charset=utf-8"
    if name.endswith((".br", ".gz")):
        return "application/x-brotli" if name.endswith(".br") else "application/gzip"
    return _by_suffix(os.path.splitext(name)[1].lower())


@functools.cache
def _by_suffix(suffix: str) -> str:
    # the standard library's own table, not the machine's /etc/mime.types: the manifest and the
    # preview say the same on every machine
    known = _TYPES.get(suffix) or mimetypes.MimeTypes(filenames=()).guess_type(f"f{suffix}")[0]
    kind = known or "application/octet-stream"
    if kind.startswith("text/") or kind in {
        "application/xml",
        "application/json",
        "image/svg+xml",
        "application/manifest+json",
    }:
        kind += "; charset=utf-8"
    return kind
