"""The preview's listening sockets: the host and port asked for, or the next free port."""

from __future__ import annotations

import errno
import re
import socket

from recordhub.diagnostics import ConfigError, error

_WITH_PORT = re.compile(r"(?:\[(?P<v6>[^\]]+)\]|(?P<name>[^:\[\]]+)):(?P<port>[0-9]+)")


def bind(host: str, port: int, explicit: bool) -> tuple[list[socket.socket], int]:
    """Listening sockets: the asked port, or with the default the next free one."""
    from tornado.netutil import bind_sockets

    for candidate in [port] if explicit else range(port, port + 50):
        try:
            sockets = bind_sockets(candidate, address=host)
            return sockets, int(sockets[0].getsockname()[1])  # port 0 asks for any free port
        except OSError as exc:
            if exc.errno == errno.EACCES and 0 < candidate < 1024:  # not the host's fault
                message = f"port {candidate} is reserved for programs run by an administrator"
                hint = "choose a port from 1024 up, such as --port 8000"
                raise ConfigError([error("--port", None, None, message, hint)]) from None
            if exc.errno != errno.EADDRINUSE:
                hint = "use --host 127.0.0.1"
                with_port = _WITH_PORT.fullmatch(host)  # localhost:8000, [::1]:8000
                if with_port is not None:
                    named, number = with_port["name"] or with_port["v6"], with_port["port"]
                    hint = f"give the port on its own: --host {named} --port {number}"
                message = f"cannot listen on {host}: {exc.strerror}"
                raise ConfigError([error("--host", None, None, message, hint)]) from None
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
