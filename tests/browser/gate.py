"""Shared parts of the browser quality gate (test_quality.py and test_lighthouse.py).

Loaded as a pytest plugin by both modules (``pytest_plugins = ["gate"]``), so the session
fixtures below exist once: the example hub is built once and served by one server.

The server is a stand-in for the CDN the site is deployed to: HTTP/1.1 with keep-alive, gzip
for text, the headers of every matching rule of the built ``_headers`` file (the strict
Content-Security-Policy among them), directory redirects and the built 404 page.

Its asserts are not rewritten (PYTEST_DONT_REWRITE): the test modules import their helpers
from here before pytest registers the module as a plugin, too late for rewriting, and pytest
would otherwise warn about that (and warnings are errors in this project).
"""

from __future__ import annotations

import gzip
import http.server
import mimetypes
import os
import re
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

ROOT = Path(__file__).resolve().parents[2]
NODE_MODULES = ROOT / "node_modules"
AXE_JS = NODE_MODULES / "axe-core" / "axe.min.js"
VNU_JAR = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"
LIGHTHOUSE_CLI = NODE_MODULES / "lighthouse" / "cli" / "index.js"

HOST = "127.0.0.1"
TEXT_TYPES = (
    "text/",
    "application/javascript",
    "application/json",
    "application/manifest+json",
    "application/xml",
    "application/atom+xml",
    "application/rss+xml",
    "image/svg+xml",
)
_TYPES = {
    ".html": "text/html",
    ".css": "text/css",
    ".js": "text/javascript",
    ".mjs": "text/javascript",
    ".json": "application/json",
    ".webmanifest": "application/manifest+json",
    ".xml": "application/xml",
    ".svg": "image/svg+xml",
    ".txt": "text/plain",
    ".wasm": "application/wasm",
    ".woff2": "font/woff2",
}
NEVER_SERVED = {"_headers", "_redirects"}  # read by the host, never served


# ---------- missing tools: skipped locally, a failure under CI ----------


def require(ok: bool, message: str) -> None:
    """Skip the test when a tool is missing, or fail it when the CI variable is set."""
    if ok:
        return
    if os.environ.get("CI"):
        pytest.fail(message + " (CI is set, so a missing tool is a failure)")
    pytest.skip(message)


NPM_HINT = "run `npm ci` in the repository root to install the quality gate's npm packages"


def require_npm_file(path: Path) -> Path:
    """A file from node_modules, or skip (fail under CI) with how to install it."""
    require(path.is_file(), f"{path.relative_to(ROOT)} is missing: {NPM_HINT}")
    return path


def require_java() -> str:
    java = shutil.which("java")
    require(
        java is not None,
        "no `java` on PATH: the Nu HTML Checker needs Java 11 or later "
        "(apt-get install default-jre-headless)",
    )
    assert java is not None
    return java


def require_chromium() -> str:
    """RECORDHUB_CHROMIUM, then Debian's /usr/bin/chromium (as the browser fixture looks)."""
    for candidate in (os.environ.get("RECORDHUB_CHROMIUM"), "/usr/bin/chromium"):
        if candidate and (Path(candidate).is_file() or shutil.which(candidate)):
            return shutil.which(candidate) or candidate
    require(False, "no Chromium: set RECORDHUB_CHROMIUM or install Debian's chromium")
    raise AssertionError("unreachable")


def require_node() -> str:
    node = shutil.which("node")
    require(node is not None, "no `node` on PATH: Lighthouse needs Node 18.16 or later")
    assert node is not None
    return node


# ---------- the _headers file ----------


def parse_headers(text: str) -> list[tuple[str, list[tuple[str, str]]]]:
    """Rules of a Netlify/Cloudflare ``_headers`` file: (path pattern, [(name, value)])."""
    rules: list[tuple[str, list[tuple[str, str]]]] = []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if not line[0].isspace():
            rules.append((line.strip(), []))
            continue
        name, colon, value = line.strip().partition(":")
        if not colon or not rules:
            raise ValueError(f"_headers line {number}: not a rule or a header: {line!r}")
        rules[-1][1].append((name.strip(), value.strip()))
    return rules


def _pattern(path: str) -> re.Pattern[str]:
    parts = (
        ".*" if piece == "*" else "[^/]+" if piece.startswith(":") else re.escape(piece)
        for piece in re.split(r"(\*|:[A-Za-z_]\w*)", path)
    )
    return re.compile("".join(parts))


class Headers:
    """What the host adds to each response, rule by rule as the _headers file says."""

    def __init__(self, text: str) -> None:
        self.rules = [(_pattern(path), path, values) for path, values in parse_headers(text)]

    def rule(self, path: str) -> dict[str, str]:
        """The headers of one rule, by its exact path line (such as ``/*``)."""
        for _, line, values in self.rules:
            if line == path:
                return dict(values)
        raise KeyError(f"no rule {path!r} in _headers")

    def for_path(self, path: str) -> list[tuple[str, str]]:
        """Every matching rule applies; a header set by several rules is joined with commas."""
        joined: dict[str, list[str]] = {}
        names: dict[str, str] = {}
        for pattern, _, values in self.rules:
            if pattern.fullmatch(path):
                for name, value in values:
                    names.setdefault(name.lower(), name)
                    joined.setdefault(name.lower(), []).append(value)
        return [(names[key], ", ".join(values)) for key, values in joined.items()]


# ---------- the example hub, built and served ----------


def build_hub(out: Path) -> Path:
    """``python -m recordhub -C ROOT build -o OUT``; fails the session if the build fails."""
    done = subprocess.run(
        [sys.executable, "-m", "recordhub", "-C", str(ROOT), "build", "-o", str(out)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=300,
        check=False,
    )
    if done.returncode != 0:
        pytest.fail(
            f"building the example hub failed with code {done.returncode}:\n"
            f"{done.stdout}\n{done.stderr}"
        )
    return out


class _Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, as every real host
    root: Path  # these three are set on a subclass per server
    rules: Headers
    log: list[str]

    def log_message(self, format: str, *args: object) -> None:
        self.log.append(format % args)

    def version_string(self) -> str:
        return "recordhub-gate"

    def do_GET(self) -> None:
        self._serve(body=True)

    def do_HEAD(self) -> None:
        self._serve(body=False)

    def _serve(self, body: bool) -> None:
        url = urlsplit(self.path)
        target = (self.root / unquote(url.path).lstrip("/")).resolve()
        if self.root not in (target, *target.parents) or target.name in NEVER_SERVED:
            target = self.root / "__missing__"
        if target.is_dir():
            if not url.path.endswith("/"):  # as the hosts do: /about -> /about/
                location = url.path + "/" + (f"?{url.query}" if url.query else "")
                self._respond(301, b"", url.path, location=location, body=body)
                return
            target = target / "index.html"
        status = 200
        if not target.is_file():
            status, target = 404, self.root / "404.html"
        data = target.read_bytes() if target.is_file() else b"Not found"
        kind = _TYPES.get(target.suffix) or mimetypes.guess_type(target.name)[0]
        self._respond(status, data, url.path, kind or "application/octet-stream", body=body)

    def _respond(
        self,
        status: int,
        data: bytes,
        url_path: str,
        kind: str = "text/plain",
        location: str | None = None,
        body: bool = True,
    ) -> None:
        text = kind.startswith(TEXT_TYPES)
        if text and "charset" not in kind:
            kind += "; charset=utf-8"
        accepts = self.headers.get("Accept-Encoding", "").lower()
        compress = text and len(data) > 256 and "gzip" in accepts
        if compress:
            data = gzip.compress(data, compresslevel=6, mtime=0)
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(data)))
        if text:
            self.send_header("Vary", "Accept-Encoding")
        if compress:
            self.send_header("Content-Encoding", "gzip")
        if location:
            self.send_header("Location", location)
        for name, value in self.rules.for_path(url_path):
            self.send_header(name, value)
        self.end_headers()
        if body:
            self.wfile.write(data)


class HubServer:
    """The built hub on 127.0.0.1 (a free port), in a background thread."""

    def __init__(self, out: Path) -> None:
        self.out = out
        self.headers = Headers((out / "_headers").read_text(encoding="utf-8"))
        self.log: list[str] = []
        handler = type(
            "Handler", (_Handler,), {"root": out.resolve(), "rules": self.headers, "log": self.log}
        )
        self.httpd = http.server.ThreadingHTTPServer((HOST, 0), handler)
        self.httpd.daemon_threads = True
        self.port = int(self.httpd.server_address[1])
        self.origin = f"http://{HOST}:{self.port}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def url(self, path: str) -> str:
        return self.origin + path

    def __enter__(self) -> HubServer:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join(10)


@pytest.fixture(scope="session")
def hub_out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example hub (the repository's own content), built once for the session."""
    return build_hub(tmp_path_factory.mktemp("gate") / "public")


@pytest.fixture(scope="session")
def hub_server(hub_out: Path) -> Iterator[HubServer]:
    """The built hub served with its real headers."""
    with HubServer(hub_out) as server:
        yield server
