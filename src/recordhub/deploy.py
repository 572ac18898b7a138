"""What a CDN reads besides the pages: _headers and the content types (see redirects.py for
_redirects and the redirect pages)."""

from __future__ import annotations

import functools
import mimetypes
import os
from collections.abc import Iterable

from recordhub.assets import ASSET_DIR
from recordhub.destinations import origin
from recordhub.diagnostics import Diagnostic, notice, warning
from recordhub.siteview import Site
from recordhub.urls import file_address

REVALIDATE = "public, max-age=0, must-revalidate"
IMMUTABLE = "public, max-age=31536000, immutable"
# the host's own files in the folder it publishes, which it reads and never serves
HOST_FILES = frozenset({"_headers", "_redirects"})
_CSP_SOURCES = (
    "script-src",
    "style-src",
    "img-src",
    "font-src",
    "connect-src",
    "media-src",
    "frame-src",
)


def content_security_policy(allow_origins: Iterable[str], search: bool = False) -> str:
    """A strict policy: our own origin and allow_origins only, no inline code, no framing.

    Site search adds 'wasm-unsafe-eval' to script-src, which Pagefind's WebAssembly needs,
    and nothing else.
    """
    extra = sorted({o for o in (origin(u) for u in allow_origins) if o})
    allowed = " ".join(["'self'", *extra])

    def sources(name: str) -> str:
        more = " data:" if name == "img-src" else ""
        more += " 'wasm-unsafe-eval'" if name == "script-src" and search else ""
        return f"{name} {allowed}{more}"

    directives = [
        # the build lets a page send a form to, or link a web app manifest from, an allowed
        # origin: form-action has no fallback, and manifest-src falls back to default-src
        f"default-src {allowed}",
        *(sources(name) for name in _CSP_SOURCES),
        "object-src 'none'",
        "base-uri 'self'",
        f"form-action {allowed}",
        "frame-ancestors 'none'",
        "upgrade-insecure-requests",
    ]
    return "; ".join(directives)


def security_headers(
    allow_origins: Iterable[str], root: str, search: bool = False
) -> list[tuple[str, str]]:
    """The security headers of every path of a hub served at root, in the order written."""
    return [
        ("Content-Security-Policy", content_security_policy(allow_origins, search)),
        ("X-Content-Type-Options", "nosniff"),
        ("Referrer-Policy", "no-referrer"),
        (
            "Permissions-Policy",
            "camera=(), microphone=(), geolocation=(), payment=(), usb=(), browsing-topics=()",
        ),
        # a hub in a folder of its domain speaks for that folder, not for the domain's hosts
        (
            "Strict-Transport-Security",
            "max-age=63072000" + ("; includeSubDomains" if root == "/" else ""),
        ),
        ("X-Frame-Options", "DENY"),
        ("Cross-Origin-Opener-Policy", "same-origin"),
    ]


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
        *(
            f"  {name}: {value}"
            for name, value in security_headers(site.config.settings.allow_origins, root, search)
        ),
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
        if name.rstrip("/") + "/" == ASSET_DIR or name in HOST_FILES:
            continue  # the host reads those two itself and never serves them
        if "*" in name:
            # no escape for it: both hosts read it as a wildcard, whose rule would reach other
            # paths too (/assets/, whose immutable caching it would spoil); without a rule the
            # file gets their default, which revalidates as the rule would
            continue
        # --precompress writes name.br and name.gz beside a text file when they are smaller:
        # one rule covers those it wrote, and names none it did not
        spread = name.endswith("/") or (precompressed and compressible(name))
        # the hosts match a rule against the path a browser sends, in which a space or a
        # letter outside ASCII is percent-encoded ('/caf%C3%A9/', not '/café/'), and so are
        # '%', '#' and '?' of a file's name, as the site's own links to it write them
        path = file_address(f"{root}{name}")
        lines += [f"{path}*" if spread else path, f"  Cache-Control: {REVALIDATE}"]
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
    ".yaml": "application/yaml",
    ".yml": "application/yaml",
    ".jsonld": "application/ld+json",
    ".geojson": "application/geo+json",
    ".rss": "application/rss+xml",
    ".atom": "application/atom+xml",
    ".xhtml": "application/xhtml+xml",
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
    if name in HOST_FILES:
        return "text/plain; charset=utf-8"
    if name.endswith((".br", ".gz")):
        return "application/x-brotli" if name.endswith(".br") else "application/gzip"
    return _by_suffix(os.path.splitext(name)[1].lower())


# application types whose bytes are text, beside text/* and the +json and +xml ones
_TEXT = {
    "application/javascript",
    "application/ecmascript",
    "application/x-javascript",
    "application/json",
    "application/xml",
    "application/yaml",
    "application/x-sh",
    "application/x-tex",
    "application/postscript",
    "application/rtf",
}


def compressible(rel: str) -> bool:
    """True for a text file, by its content type: what --precompress may write a .br and .gz of
    (images, fonts and archives are compressed already)."""
    name = rel.rpartition("/")[2]
    # the host reads _headers and _redirects itself: a .br of them would be served as a file
    if name in HOST_FILES or name.lower().endswith(".svgz"):  # gzipped SVG
        return False
    kind = content_type(rel).partition(";")[0]
    return kind.startswith("text/") or kind.endswith(("+json", "+xml")) or kind in _TEXT


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
