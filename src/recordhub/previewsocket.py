"""The preview's live-reload WebSocket: livereload's, for the preview's own pages only."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import urlsplit

from livereload.handlers import LiveReloadHandler

from recordhub.handlers import State, allowed


class Socket(LiveReloadHandler):  # type: ignore[misc]
    """livereload's WebSocket, refusing pages from other origins."""

    def send_message(self, message: Any) -> None:
        # livereload's own version catches everything, Ctrl-C included
        try:
            self.write_message(message)
        except Exception:
            LiveReloadHandler.waiters.discard(self)

    def initialize(self, state: State) -> None:
        self.state = state

    def on_message(self, message: str | bytes) -> None:
        # livereload's own version lets a message that is not a JSON object raise, which
        # tornado prints as a traceback; livereload.js never sends one, so close the socket
        try:
            decoded = json.loads(message)
        except ValueError:  # not JSON, or not UTF-8
            decoded = None
        if not isinstance(decoded, dict) or not isinstance(decoded.get("command"), str):
            self.close(1007, "expected a livereload command")
            return
        super().on_message(message)

    async def get(self, *args: Any, **kwargs: Any) -> None:
        # tornado lets a socket through without asking check_origin when the Origin names the
        # Host header (both "evil.example:8000" after a DNS rebinding) or when the client says
        # Sec-Fetch-Site: same-origin; the preview checks both headers itself first
        if not allowed(self.state, self.request.headers.get("Host")):
            self._refuse(400, "Invalid Host header")
            return
        origin = self.request.headers.get("Origin")
        if origin is not None and not self.check_origin(origin):
            self._refuse(403, "Cross origin websockets not allowed")
            return
        await super().get(*args, **kwargs)

    def _refuse(self, status: int, reason: str) -> None:
        self.set_status(status, reason=reason)
        self.set_header("Content-Type", "text/plain; charset=utf-8")
        self.finish(f"{status} {reason}\n")

    def check_origin(self, origin: str) -> bool:
        """Only the preview's own origins: http, one of its hosts, and its port."""
        try:
            parsed = urlsplit(origin)
            port = parsed.port
        except ValueError:  # "http://host:port" with a port that is no number
            return False
        if parsed.scheme != "http" or port != self.state.port or parsed.hostname is None:
            return False
        if self.state.any_host:  # listening on every address: the page's own, as it asked
            return parsed.netloc.lower() == str(self.request.headers.get("Host", "")).lower()
        return parsed.hostname.lower() in self.state.hosts
