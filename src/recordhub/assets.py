"""Fingerprinted CSS and JS: content-hashed names, Subresource Integrity, rewritten references."""

from __future__ import annotations

import base64
import hashlib
import posixpath
import re
from dataclasses import dataclass
from pathlib import Path

FINGERPRINTED = (".css", ".js")
ASSET_DIR = "assets/"  # one folder, so one _headers rule can make every hashed file immutable
_TAG = re.compile(r"<(?P<name>link|script)\b(?P<attrs>[^>]*)>", re.IGNORECASE)
_REF = re.compile(r'(?P<attr>\b(?:href|src))=(?P<q>["\'])(?P<url>[^"\']*)(?P=q)', re.IGNORECASE)


@dataclass(frozen=True)
class Asset:
    """A static file as published: its URL path and, when fingerprinted, its integrity."""

    name: str  # the plain name in static/, e.g. app.css
    rel: str  # where it is written, e.g. assets/app.3f9c2a1b4d.css
    source: Path
    integrity: str | None


def plan_assets(files: dict[str, Path], fingerprint: bool) -> dict[str, Asset]:
    """Every static file by its plain name, with hashed names for CSS and JS when asked."""
    found: dict[str, Asset] = {}
    for name, path in sorted(files.items()):
        if not fingerprint or not name.endswith(FINGERPRINTED):
            found[name] = Asset(name, name, path, None)
            continue
        data = path.read_bytes()
        digest = hashlib.sha256(data).hexdigest()[:10]
        stem, ext = posixpath.splitext(name)
        integrity = "sha384-" + base64.b64encode(hashlib.sha384(data).digest()).decode()
        found[name] = Asset(name, f"{ASSET_DIR}{stem}.{digest}{ext}", path, integrity)
    return found


class References:
    """Rewrites plain asset URLs in HTML to published ones, adding integrity to tags."""

    def __init__(self, assets: dict[str, Asset], root: str) -> None:
        self._moved = {root + a.name: a for a in assets.values() if a.rel != a.name}
        self._root = root

    def __bool__(self) -> bool:
        return bool(self._moved)

    def rewrite(self, html: str) -> str:
        """Point every href/src at the hashed file; give <link> and <script> their integrity."""
        if not self._moved:
            return html

        def tag(match: re.Match[str]) -> str:
            attrs = match["attrs"]
            ref = _REF.search(attrs)
            asset = self._moved.get(ref["url"]) if ref else None
            if asset is None or ref is None:
                return match.group(0)
            attrs = attrs.replace(ref.group(0), f'{ref["attr"]}="{self._root}{asset.rel}"', 1)
            if asset.integrity and "integrity=" not in attrs:
                closing = "/" if attrs.rstrip().endswith("/") else ""
                attrs = attrs.rstrip().removesuffix("/").rstrip()
                attrs += f' integrity="{asset.integrity}"{" /" if closing else ""}'
            return f"<{match['name']}{attrs}>"

        def other(match: re.Match[str]) -> str:
            asset = self._moved.get(match["url"])
            if asset is None:
                return match.group(0)
            return f'{match["attr"]}="{self._root}{asset.rel}"'

        html = _TAG.sub(tag, html)
        if not any(url in html for url in self._moved):
            return html  # the usual case: templates already ask asset() for the hashed name
        return _REF.sub(other, html)
