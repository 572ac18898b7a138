"""``recordhub serve``: the preview server, with live reload and an error overlay."""

from __future__ import annotations

import asyncio
import errno
import html
import mimetypes
import shutil
import socket
import sys
import tempfile
import threading
import webbrowser
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import unquote

from livereload.handlers import LiveReloadHandler, LiveReloadJSHandler
from tornado import httpserver, ioloop, web

from recordhub import watch
from recordhub.diagnostics import ConfigError, error
from recordhub.preview import Outcome, Preview

DEFAULT_PORT = 8000
LOCAL_HOSTS = ("127.0.0.1", "localhost", "::1", "[::1]")
_PREVIEW_DIR = Path(__file__).parent / "theme" / "preview"


@dataclass
class State:
    """What the request handlers share: the folder, the allowed hosts, the last error."""

    folder: Path
    hosts: frozenset[str]
    port: int
    any_host: bool
    preview: Preview


def _allowed(state: State, host_header: str | None) -> bool:
    if state.any_host:
        return True
    if not host_header:
        return False
    host = host_header.rsplit(":", 1)[0] if not host_header.endswith("]") else host_header
    return host.strip("[]").lower() in state.hosts


class Socket(LiveReloadHandler):  # type: ignore[misc]
    """livereload's WebSocket, refusing pages from other origins."""

    def initialize(self, state: State) -> None:
        self.state = state

    def check_origin(self, origin: str) -> bool:
        host = origin.split("://", 1)[-1]
        return _allowed(self.state, host)


class Files(web.RequestHandler):
    """Serves the preview folder and nothing outside it."""

    def initialize(self, state: State) -> None:
        self.state = state

    def prepare(self) -> None:
        if not _allowed(self.state, self.request.headers.get("Host")):
            self.send_error(400, reason="Invalid Host header")

    def write_error(self, status_code: int, **kwargs: Any) -> None:
        # a fixed body: never echo a path or a traceback back to the browser
        self.set_header("Content-Type", "text/plain; charset=utf-8")
        self.finish(f"{status_code} {self._reason}\n")

    def head(self) -> None:
        self.get(include_body=False)

    def get(self, include_body: bool = True) -> None:
        target = self._resolve(self.request.path)
        if target is None:
            raise web.HTTPError(400)
        if target.is_dir():
            if not self.request.path.endswith("/"):
                # rebuilt from the checked path: never "//host/", which would leave the site
                clean = "/" + target.relative_to(self.state.folder.resolve()).as_posix()
                self.redirect(clean.rstrip("/") + "/", permanent=False)
                return
            target = target / "index.html"
        status = 200
        if not target.is_file():
            status, target = 404, self.state.folder / "404.html"
            if not target.is_file():
                raise web.HTTPError(404)
        data = target.read_bytes()
        kind = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
        if kind == "text/html":
            data = self._inject(data)
        if kind.startswith("text/") or kind in {"application/javascript", "application/json"}:
            kind += "; charset=utf-8"
        self.set_status(status)
        self.set_header("Content-Type", kind)
        self.set_header("Cache-Control", "no-store")
        self.set_header("X-Content-Type-Options", "nosniff")
        if include_body:
            self.write(data)

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
        try:
            resolved = target.resolve()
        except OSError:
            return None
        return resolved if resolved.is_relative_to(root) else None

    def _inject(self, page: bytes) -> bytes:
        snippet = (
            '<script src="/__recordhub/preview.js"></script>'
            f'<script src="/livereload.js?port={self.state.port}"></script>'
        )
        errors = self.state.preview.last_errors
        if errors:
            snippet += _overlay(errors)
        marker = b"</body>" if b"</body>" in page else b"</html>"
        return (
            page.replace(marker, snippet.encode() + marker, 1)
            if marker in page
            else page + snippet.encode()
        )


class PreviewAsset(web.RequestHandler):
    """The preview's own script and overlay stylesheet, kept out of the written pages."""

    def get(self, name: str) -> None:
        kind = "text/css" if name.endswith(".css") else "application/javascript"
        self.set_header("Content-Type", f"{kind}; charset=utf-8")
        self.set_header("Cache-Control", "no-store")
        self.write((_PREVIEW_DIR / name).read_bytes())


def _overlay(errors: list[Any]) -> str:
    items = "".join(
        f"<li><code>{html.escape(e.format().splitlines()[0])}</code>"
        + (f"<p>{html.escape(e.hint)}</p>" if e.hint else "")
        + "</li>"
        for e in errors
    )
    return (
        '<link rel="stylesheet" href="/__recordhub/overlay.css">'
        '<div id="recordhub-overlay" role="alert" aria-live="assertive">'
        f"<h2>The last save could not be built</h2><ul>{items}</ul>"
        "<p>The preview shows the last good version. Fix the file and save; this message goes "
        "away by itself.</p></div>"
    )


def _bind(host: str, port: int, explicit: bool) -> tuple[list[socket.socket], int]:
    """Listening sockets: the asked port, or with the default the next free one."""
    from tornado.netutil import bind_sockets

    for candidate in [port] if explicit else range(port, port + 50):
        try:
            sockets = bind_sockets(candidate, address=host)
            return sockets, int(sockets[0].getsockname()[1])  # port 0 asks for any free port
        except OSError as exc:
            if exc.errno != errno.EADDRINUSE:
                raise ConfigError(
                    [
                        error(
                            "--host",
                            None,
                            None,
                            f"cannot listen on {host}: {exc.strerror}",
                            "use --host 127.0.0.1",
                        )
                    ]
                ) from None
    raise ConfigError(
        [
            error(
                "--port",
                None,
                None,
                f"port {port} is already in use",
                "stop the other server, or choose another port with --port",
            )
        ]
    )


def _say(outcome: Outcome) -> None:
    from recordhub.diagnostics import report

    if outcome.problems:
        report(outcome.problems, sys.stderr)
    if outcome.ok:
        print(
            f"Rebuilt in {outcome.seconds * 1000:.0f} ms: {len(outcome.changed)} files changed",
            flush=True,
        )
    else:
        print(
            "Build failed; the preview keeps the last good pages and shows the error.",
            file=sys.stderr,
            flush=True,
        )


def _notify(outcome: Outcome, was_failing: bool) -> None:
    """Tell every connected browser what to reload, after the files are written."""
    if outcome.ok and not outcome.changed and not was_failing:
        return
    styles = [rel for rel in outcome.changed if rel.endswith(".css")]
    if outcome.ok and not was_failing and styles and len(styles) == len(outcome.changed):
        paths = styles  # livereload.js swaps a stylesheet in place when liveCSS is on
    else:
        paths = ["*"]
    for waiter in list(LiveReloadHandler.waiters):
        for path in paths:
            try:
                waiter.write_message(
                    {"command": "reload", "path": path, "liveCSS": True, "liveImg": True}
                )
            except Exception:  # a closed tab must not stop the others
                LiveReloadHandler.waiters.discard(waiter)


def run(
    root: Path, host: str, port: int | None, open_browser: bool, drafts: bool, poll: bool
) -> int:
    """Serve the preview until Ctrl-C; never stops because a build failed."""
    sockets, bound = _bind(host, DEFAULT_PORT if port is None else port, explicit=port is not None)
    workdir = Path(tempfile.mkdtemp(prefix="recordhub-preview-"))
    folder = workdir / "site"
    folder.mkdir()
    preview = Preview(root, folder, drafts=drafts)
    debouncer: watch.Debouncer | None = None
    observer = None
    try:
        first = preview.rebuild(None)
        _say(first)
        exposed = host not in LOCAL_HOSTS
        hosts = frozenset({"127.0.0.1", "localhost", "::1", host.strip("[]").lower()})
        state = State(folder, hosts, bound, any_host=host in {"0.0.0.0", "::"}, preview=preview)
        app = web.Application(
            [
                (r"/livereload", Socket, {"state": state}),
                (r"/livereload\.js", LiveReloadJSHandler),
                (r"/__recordhub/(overlay\.css|preview\.js)", PreviewAsset),
                (r"/.*", Files, {"state": state}),
            ]
        )
        asyncio.set_event_loop(asyncio.new_event_loop())
        loop = ioloop.IOLoop.current()
        server = httpserver.HTTPServer(app)
        server.add_sockets(sockets)
        failing = [not first.ok]

        def changed(paths: set[Path]) -> None:
            outcome = preview.rebuild(paths)
            _say(outcome)
            was = failing[0]
            failing[0] = not outcome.ok
            loop.add_callback(_notify, outcome, was)

        debouncer = watch.Debouncer(changed)
        ignored = [workdir, root / ".recordhub-cache", root / "public"]
        observer, how = watch.start(root, ignored, debouncer.add, poll=poll)
        if how not in {"inotify", "polling"}:
            print(f"warning: {how}", file=sys.stderr)
        display = f"[{host}]" if ":" in host else host
        url = f"http://{display}:{bound}/"
        if exposed:
            print(
                f"warning: the preview is reachable from other machines at {url}; it shows "
                "drafts and embargoed pages",
                file=sys.stderr,
            )
        print(
            f"Serving the preview at {url} (watching by {'polling' if poll else how}; "
            "Ctrl-C to stop)",
            flush=True,
        )
        if open_browser:
            threading.Timer(0.2, webbrowser.open, [url]).start()
        loop.start()
    finally:
        if observer is not None:
            observer.stop()
        if debouncer is not None:
            debouncer.stop(timeout=0.5)
        for sock in sockets:
            sock.close()
        shutil.rmtree(workdir, ignore_errors=True)
    return 0
