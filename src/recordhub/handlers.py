"""The preview's HTTP handlers: files of the preview folder, and nothing else."""

from __future__ import annotations

import hashlib
import os
import re
import stat
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import quote, unquote

from livereload.handlers import LiveReloadJSHandler
from tornado import web

from recordhub import previewfaults, previewheaders, ranges
from recordhub.deploy import HOST_FILES, content_type
from recordhub.preview import Preview
from recordhub.previewredirects import Moves
from recordhub.urls import base_path

_PREVIEW_DIR = Path(__file__).parent / "theme" / "preview"
# a name, an IPv4 address or a bracketed IPv6 one, and a port: nothing that needs escaping
_HOST = re.compile(r"(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]+)(?::[0-9]+)?")
# marked so that the preview script reloads it whole once a build succeeds: a swap would keep
# its empty head, and the page would stay without its stylesheets and scripts; in the
# overlay's language, which assistive technology reads it in
_EMPTY_PAGE = (
    b'<!doctype html><html lang="en" dir="ltr"><head><meta charset="utf-8">'
    b'<meta name="recordhub-preview-error">'
    b"<title>Build failed</title></head><body></body></html>"
)


@dataclass
class State:
    """What the request handlers share: the folder, the allowed hosts, the last error."""

    folder: Path
    hosts: frozenset[str]
    port: int
    any_host: bool
    preview: Preview
    root: str = "/"  # the path of base_url, where the site is served, as it is deployed
    built: bool = False  # whether the folder holds the pages of a good build
    moves: Moves = field(init=False)  # the aliases of its _redirects

    def __post_init__(self) -> None:
        self.moves = Moves(self.folder)

    def site_root(self) -> str:
        """The path the site is served under: that of the pages shown, whose links lead there,
        while a build fails; before a good build, site.yml's, kept while it cannot be read."""
        last = self.preview.last  # None after a fault of recordhub's own: the root is kept
        if last is not None:
            self.root, self.built = last.site.root, True
        elif self.preview.config is not None and not self.built:
            self.root = base_path(self.preview.config.settings.base_url)
        return self.root

    def headers(self, path: str, host: str | None) -> dict[str, str]:
        """What the deployed hub sends for path, as the preview sends it to host; for a path
        outside the hub, what it sends for its root."""
        root = self.site_root()
        config = self.preview.config  # None while site.yml cannot be read: no origin allowed
        origins = config.settings.allow_origins if config is not None else ()
        rules = previewheaders.deployed_rules(self.folder, origins, root)
        inside = path if path.startswith(root) else root
        return previewheaders.for_preview(rules, inside, host, self.port)


def _is(path: Path, kind: Callable[[int], bool]) -> bool:
    """Whether path is of this kind; a name too long for the system names nothing."""
    try:
        return kind(path.stat().st_mode)
    except (OSError, ValueError):
        return False


def allowed(state: State, host_header: str | None) -> bool:
    """Whether a request's Host header names one of the preview's hosts."""
    if state.any_host:
        return True
    if not host_header:
        return False
    host = host_header.rsplit(":", 1)[0] if not host_header.endswith("]") else host_header
    return host.strip("[]").lower() in state.hosts


def _page_host(host_header: str | None) -> str | None:
    """The host part of a Host header, IPv6 in brackets; None for anything else."""
    found = _HOST.fullmatch(host_header or "")
    return found.group(1) if found else None


class _Readable(web.RequestHandler):
    """Answers GET and HEAD; refuses any other method with the Allow header RFC 9110 asks for."""

    def write_error(self, status_code: int, **kwargs: Any) -> None:
        # a fixed body: never echo a path or a traceback back to the browser
        if status_code == 405:
            self.set_header("Allow", "GET, HEAD")
        self.set_header("Content-Type", "text/plain; charset=utf-8")
        self.finish(f"{status_code} {self._reason}\n")

    def head(self, *args: str) -> None:
        # the whole response, as for GET: tornado sends only its headers, whose length and
        # ETag are then those of the body a GET would get
        self.get(*args)


class ReloadScript(_Readable, LiveReloadJSHandler):  # type: ignore[misc]
    """livereload.js, as livereload serves it."""


class Files(_Readable):
    """Serves the preview folder and nothing outside it."""

    def initialize(self, state: State) -> None:
        self.state = state

    def prepare(self) -> None:
        if not allowed(self.state, self.request.headers.get("Host")):
            self.send_error(400, reason="Invalid Host header")
            return
        self._deployed_headers()

    def write_error(self, status_code: int, **kwargs: Any) -> None:
        # sending an error clears the headers set: a host refused gets none of the hub's
        if allowed(self.state, self.request.headers.get("Host")):
            self._deployed_headers()
        super().write_error(status_code, **kwargs)

    def _deployed_headers(self) -> None:
        """The headers the deployed hub sends, on pages, redirects and errors alike (a page the
        policy breaks once deployed breaks here), with the preview's own caching."""
        self.set_header("Cache-Control", "no-store")  # never kept: each save shows
        host = self.request.headers.get("Host")
        for name, value in self.state.headers(self.request.path, host).items():
            self.set_header(name, value)

    def get(self) -> None:
        root, path = self.state.site_root(), self.request.path
        if not path.startswith(root):
            if path in {"/", root.rstrip("/")}:
                # a hub deployed at https://example.com/facts/ links to /facts/...: it is
                # served there, as the CDN serves it, and the server's own address leads to it
                query = f"?{self.request.query}" if self.request.query else ""
                self.redirect(quote(root, safe="/") + query, permanent=False)
            else:  # outside the site: its 404 page, as the host would answer
                self._missing(self.state.folder / "404.html")
            return
        moved = self.state.moves.target(path)
        if moved is not None:  # an alias: the hosts redirect before serving its redirect page
            query = f"?{self.request.query}" if self.request.query else ""
            # not their 301, which a browser keeps: the alias may be gone at the next save
            self.redirect(moved + query, permanent=False)
            return
        target = self._resolve("/" + path[len(root) :])
        if target is None:
            raise web.HTTPError(400)
        if target.parent == self.state.folder.resolve() and target.name in HOST_FILES:
            self._missing(self._not_found_page(target))  # the CDN reads them, and serves neither
            return
        if _is(target, stat.S_ISDIR):
            if not path.endswith("/"):
                # rebuilt from the checked path: never "//host/", which would leave the site;
                # encoded, or a "#" or "?" in a folder's name would end the path
                clean = root + target.relative_to(self.state.folder.resolve()).as_posix()
                location = quote(clean.rstrip("/") + "/", safe="/")
                if self.request.query:
                    location += "?" + self.request.query
                self.redirect(location, permanent=False)
                return
            target = target / "index.html"
        elif path.endswith("/"):
            target = target / "index.html"  # a file is no folder: /page/index.html/ is missing
        if _is(target, stat.S_ISREG):
            self._send(target, 200)
        else:
            self._missing(self._not_found_page(target))

    def _missing(self, page: Path) -> None:
        """A 404 with the site's page for it; a 503 while no build has made one."""
        if page.is_file():
            self._send(page, 404)
        elif self.state.preview.last_errors:
            # no good build yet: a bare page that carries the overlay and live reload
            self.set_status(503)
            self.set_header("Content-Type", "text/html; charset=utf-8")
            self.finish(self._inject(_EMPTY_PAGE))
        else:
            raise web.HTTPError(404)

    def _send(self, target: Path, status: int) -> None:
        kind = content_type(target.name)  # what the manifest tells the CDN to send
        self.set_status(status)
        self.set_header("Content-Type", kind)
        with target.open("rb") as stream:
            if kind.startswith("text/html"):
                data = self._inject(stream.read())
                part = ranges.part(self, len(data), hashlib.sha1(data).hexdigest(), status)
                if part.stop > part.start:  # tornado refuses even an empty body with a 304
                    self.write(data[part])
                return
            # a video may be large: its identity from its stat, and only the part asked read
            found = os.fstat(stream.fileno())
            version = f"{found.st_mtime_ns:x}-{found.st_ino:x}-{found.st_size:x}"
            part = ranges.part(self, found.st_size, version, status)
            if part.stop > part.start:
                stream.seek(part.start)
                self.write(stream.read(part.stop - part.start))

    def _not_found_page(self, missing: Path) -> Path:
        """The nearest 404.html above a missing file (a language's own), as hosts serve it."""
        root = self.state.folder.resolve()
        # down from the root through the folders there are: a path of thousands of parts, one
        # request, must not keep the server busy looking up as many folders, each ever longer
        folders = [root]
        for part in missing.relative_to(root).parts[:-1] if missing.is_relative_to(root) else ():
            if not _is(folders[-1] / part, stat.S_ISDIR):
                break
            folders.append(folders[-1] / part)
        found = (f / "404.html" for f in reversed(folders) if _is(f / "404.html", stat.S_ISREG))
        return next(found, self.state.folder / "404.html")

    def _resolve(self, raw: str) -> Path | None:
        """The file for a request path, or None for anything that tries to leave the folder."""
        decoded = unquote(raw.split("?", 1)[0])
        if "\x00" in decoded or "\\" in decoded or not decoded.startswith("/"):
            return None
        parts = PurePosixPath(decoded).parts[1:]
        if any(part in {"..", "."} or part.startswith("/") for part in parts):
            return None
        root = self.state.folder.resolve()
        target = (root / PurePosixPath(*parts)) if parts else root
        if len(os.fsencode(target)) >= os.pathconf(root, "PC_PATH_MAX"):
            return target  # names nothing; resolving looks up each of its thousands of parts
        try:
            resolved = target.resolve()
        except OSError:
            return None
        return resolved if resolved.is_relative_to(root) else None

    def _inject(self, page: bytes) -> bytes:
        # livereload.js reads the socket's host from its own address, and misses a bracketed
        # IPv6 one ("[::1]:8000"), connecting to "ws://null": the host is given it as asked
        host = _page_host(self.request.headers.get("Host"))
        query = f"port={self.state.port}" + (f"&amp;host={host}" if host else "")
        snippet = (
            '<script src="/__recordhub/preview.js"></script>'
            f'<script src="/livereload.js?{query}"></script>'
        )
        errors = self.state.preview.last_errors
        if errors:
            snippet += previewfaults.overlay(errors, self.state.preview.last is not None)
        marker = b"</body>" if b"</body>" in page else b"</html>"
        return (
            page.replace(marker, snippet.encode() + marker, 1)
            if marker in page
            else page + snippet.encode()
        )


class PreviewAsset(_Readable):
    """The preview's own script and overlay stylesheet, kept out of the written pages."""

    def get(self, name: str) -> None:
        kind = "text/css" if name.endswith(".css") else "application/javascript"
        self.set_header("Content-Type", f"{kind}; charset=utf-8")
        self.set_header("Cache-Control", "no-store")
        self.write((_PREVIEW_DIR / name).read_bytes())
