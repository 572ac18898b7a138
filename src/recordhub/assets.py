"""Fingerprinted CSS and JS: content-hashed names, Subresource Integrity, rewritten references."""

from __future__ import annotations

import base64
import hashlib
import posixpath
import re
from collections.abc import Callable
from pathlib import Path
from urllib.parse import unquote

from msgspec import Struct

from recordhub import references
from recordhub.destinations import own_path
from recordhub.diagnostics import Diagnostic, error, warning
from recordhub.htmlscan import in_tag
from recordhub.pages import Page
from recordhub.urls import SCHEME, base_path

FINGERPRINTED = (".css", ".js")
ASSET_DIR = "assets/"  # one folder, so one _headers rule can make every hashed file immutable
# a tag's name ignores case in ASCII only, as HTML reads it: a dotless i (U+0131) makes no link
_TAG = re.compile(r"<(?P<name>link|script)(?u:\b)(?P<attrs>[^>]*)>", re.IGNORECASE | re.ASCII)
_KEPT = 256  # rewritten tags kept: a template's few, and the first pages' own canonical links
_REF = re.compile(r'(?P<attr>\b(?:href|src))=(?P<q>["\'])(?P<url>[^"\']*)(?P=q)', re.IGNORECASE)
_INTEGRITY = re.compile(
    r"""(?<![-\w:])integrity\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'>]+)""", re.IGNORECASE
)


class Asset(Struct, frozen=True):
    """A static file as published: its URL path and, when fingerprinted, its integrity."""

    name: str  # the plain name in static/, e.g. app.css
    rel: str  # where it is written, e.g. assets/app.3f9c2a1b4d.css
    source: Path
    integrity: str | None
    data: bytes | None = None  # the bytes to write when they differ from the source's


def reserved(rel: str, origin: str, folder: str) -> list[Diagnostic]:
    """An error for a plain-named file that would land in the fingerprinted files' folder.

    Every file under assets/ is served as immutable for a year, so a plain name there could
    never be updated in readers' browsers.
    """
    if not rel.startswith(ASSET_DIR):
        return []
    message = f"{ASSET_DIR} is where recordhub puts fingerprinted files, cached for a year"
    hint = f"move this file out of {folder}/{ASSET_DIR}, e.g. to {folder}/files/"
    return [error(origin, None, None, message, hint)]


def reserved_pages(pages: list[Page]) -> list[Diagnostic]:
    """An error for each page whose address is in the fingerprinted files' folder."""
    found = []
    for page in pages:
        if page.path.startswith(ASSET_DIR) and page.positions is not None:
            line, col = page.positions.value(("slug",)) if page.matter.slug else (None, None)
            message = f"the page's address /{page.path} is in /{ASSET_DIR}, cached for a year"
            hint = "give the page another slug, or move it out of a folder named assets"
            found.append(error(page.source_path, line, col, message, hint))
    return found


def missing_images(pages: list[Page], files: set[str], base_url: str) -> list[Diagnostic]:
    """An error for each share image given from the site's root, or by the hub's own full
    address (base_url's host, under its folder), that the site does not have."""
    found = []
    root = base_path(base_url)
    for page in pages:
        image = page.image or ""
        path = own_path(image, base_url)
        if not path.startswith("/") or path.startswith("//") or page.positions is None:
            continue  # beside the page (checked when placed), on another site, or none
        rel = unquote(path.split("#", 1)[0].split("?", 1)[0]).removeprefix(root)
        if rel.lstrip("/") not in files:
            line, col = page.positions.value(("image",))
            message = f"image '{image}': the site has no file at that address"
            hint = "put the image in static/ (static/images/x.png is /images/x.png)"
            found.append(error(page.source_path, line, col, message, hint))
    return found


def plan_assets(
    files: dict[str, Path], fingerprint: bool, root: str
) -> tuple[dict[str, Asset], list[Diagnostic]]:
    """Every static file by its plain name, with hashed names for CSS and JS when asked.

    A stylesheet moves to assets/, so the relative url() and @import targets inside it are
    rewritten to root-relative ones (and to hashed names where the target is hashed too).
    """
    found: dict[str, Asset] = {}
    problems: list[Diagnostic] = []
    for name, path in sorted(files.items()):
        if not fingerprint or not name.endswith(FINGERPRINTED):
            if not name.endswith(FINGERPRINTED):  # checked in the preview too, to warn early
                problems += reserved(name, f"static/{name}", "static")
            found[name] = Asset(name, name, path, None)
    busy: set[str] = set()

    def hashed(name: str) -> Asset:
        if name in found:
            return found[name]
        path = files[name]
        data = path.read_bytes()
        if name.endswith(FINGERPRINTED):
            if name in busy:  # two files importing each other: leave the import as is
                return Asset(name, name, path, None)
            busy.add(name)
            problems.extend(_not_utf8(name, data))
            # bytes that are not UTF-8 go through as they are: a stylesheet may say @charset
            text = data.decode("utf-8", "surrogateescape")
            data = _rewrite(text, name, files, root, hashed).encode("utf-8", "surrogateescape")
            busy.discard(name)
        digest = hashlib.sha256(data).hexdigest()[:10]
        stem, ext = posixpath.splitext(name)
        integrity = "sha384-" + base64.b64encode(hashlib.sha384(data).digest()).decode()
        found[name] = Asset(name, f"{ASSET_DIR}{stem}.{digest}{ext}", path, integrity, data)
        return found[name]

    for name in sorted(files):
        hashed(name)
    return found, problems


def _not_utf8(name: str, data: bytes) -> list[Diagnostic]:
    """A warning where a stylesheet or script is not UTF-8, which pages and browsers assume."""
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = data[: exc.start]
        line = before.count(b"\n") + 1
        col = len(before[before.rfind(b"\n") + 1 :].decode("utf-8", "replace")) + 1
        message = f"not valid UTF-8 at byte {exc.start}; it is published as it is"
        hint = "save the file as UTF-8 in your editor; browsers read scripts and styles as UTF-8"
        return [warning(f"static/{name}", line, col, message, hint)]
    return []


def _rewrite(
    text: str,
    name: str,
    files: dict[str, Path],
    root: str,
    hashed: Callable[[str], Asset],
) -> str:
    """A stylesheet's url(), @import and image-set() addresses, or a module's relative imports
    and new URL(..., import.meta.url), as they are published: from the site's root, and hashed
    where the target is hashed too."""
    folder = posixpath.dirname(name)
    parts: list[str] = []
    last = 0
    for ref in references.of(name, text):
        url = ref.url
        # a scheme in any case (DATA:, HTTPS:), which names no file of the site
        if url.startswith(("#", "/")) or SCHEME.match(url) or "//" in url[:8]:
            continue
        path, mark, rest = url.partition("?") if "?" in url else url.partition("#")
        target = posixpath.normpath(posixpath.join(folder, path))
        if target in files and target.endswith(FINGERPRINTED):
            published = root + hashed(target).rel
        else:
            published = root + target
        parts += [text[last : ref.start], f"{published}{mark}{rest}"]
        last = ref.end
    return "".join(parts) + text[last:]


class References:
    """Rewrites plain asset URLs in HTML to published ones, adding integrity to tags."""

    def __init__(self, assets: dict[str, Asset], root: str) -> None:
        moved = [a for a in assets.values() if a.rel != a.name]
        self._moved = {root + a.name: a for a in moved}
        self._published = {root + a.rel: a for a in moved}  # what asset() already returns
        self._root = root
        # where a plain name is written: one search, not one for each name
        self._named = re.compile("|".join(re.escape(url) for url in self._moved))
        self._done: dict[str, str] = {}  # a template's tags as rewritten, by their text

    def __bool__(self) -> bool:
        return bool(self._moved)

    def rewrite(self, html: str, at: str | None = None) -> str:
        """Point every href/src at the hashed file; give <link> and <script> their integrity.

        A plain name may carry a query or a fragment (/app.css?v=2), which is kept; at is the
        output path of an HTML file published as it is, whose addresses may also be relative
        to it, as no asset() wrote them.
        """
        if not self._moved:
            return html
        pieces: list[str] = []
        last = 0
        for match in _TAG.finditer(html):
            whole = match.group(0)
            # a template's tag is the same on every page: its stylesheet's, its script's
            new = self._done.get(whole) if at is None else None
            if new is None:
                new = self._tag(match, at)
                if at is None and len(self._done) < _KEPT:
                    self._done[whole] = new
            if new != whole:
                pieces += (html[last : match.start()], new)
                last = match.end()
        html = "".join((*pieces, html[last:])) if pieces else html
        if at is None and not self._named.search(html):
            return html  # the usual case: templates already ask asset() for the hashed name

        def other(match: re.Match[str]) -> str:
            found = self._find(match["url"], at)
            # a code sample shows a tag as text, its < escaped: the plain name is what it teaches
            if found is None or not in_tag(match.string, match.start()):
                return match.group(0)
            return f'{match["attr"]}="{self._root}{found[0].rel}{found[1]}"'

        return _REF.sub(other, html)

    def _tag(self, match: re.Match[str], at: str | None) -> str:
        """A <link> or <script> tag pointed at the hashed file, with its integrity."""
        attrs = match["attrs"]
        ref = _REF.search(attrs)
        found = self._find(ref["url"], at, self._published) if ref else None
        if found is None or ref is None:
            return match.group(0)
        asset, rest = found
        new = f'{ref["attr"]}="{self._root}{asset.rel}{rest}"'
        attrs = attrs.replace(ref.group(0), new, 1)
        if asset.integrity and _INTEGRITY.search(attrs):
            # one copied with the file from a CDN names the bytes as they were there, not
            # as published here (a stylesheet's url() rewritten): browsers would refuse it
            attrs = _INTEGRITY.sub(f'integrity="{asset.integrity}"', attrs, count=1)
        elif asset.integrity:
            closing = "/" if attrs.rstrip().endswith("/") else ""
            attrs = attrs.rstrip().removesuffix("/").rstrip()
            attrs += f' integrity="{asset.integrity}"{" /" if closing else ""}'
        return f"<{match['name']}{attrs}>"

    def _find(
        self, url: str, at: str | None, published: dict[str, Asset] | None = None
    ) -> tuple[Asset, str] | None:
        """The moved asset an address names, and what follows its path (a query, a fragment)."""
        asset = self._moved.get(url) or (published or {}).get(url)
        if asset is not None:
            return asset, ""
        written = url.split("#", 1)[0].split("?", 1)[0]
        if not written or ":" in written or written.startswith("//"):
            return None  # another site's, or a data: address
        if at is None:  # a template's: from the site's root, with a query (?v=2) as it may be
            path = written
        else:
            path = posixpath.normpath(posixpath.join(posixpath.dirname(self._root + at), written))
        asset = self._moved.get(path) or (published or {}).get(path)
        return (asset, url[len(written) :]) if asset is not None else None


def shown(root: Path, path: Path) -> str:
    """Where a static file lives, as messages show it: in the hub, or in the theme."""
    if path.is_relative_to(root):
        return path.relative_to(root).as_posix()
    return f"recordhub theme: {path.name}"
