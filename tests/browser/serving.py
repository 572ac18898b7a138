"""Run ``recordhub serve`` as a subprocess for the browser tests."""

from __future__ import annotations

import functools
import os
import re
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import IO, Any

READY = "Serving the preview at"
_URL = re.compile(r"Serving the preview at (http://\S+/)")


class Server:
    """A running preview server and everything it has printed so far (stdout and stderr)."""

    def __init__(self, process: subprocess.Popen[str]) -> None:
        self.process = process
        self.url = ""
        self._lines: list[str] = []
        self._cond = threading.Condition()
        self._open = 2  # streams still being read
        self._readers = [
            threading.Thread(target=self._read, args=(stream,), daemon=True)
            for stream in (process.stdout, process.stderr)
        ]
        for reader in self._readers:
            reader.start()

    def _read(self, stream: IO[str] | None) -> None:
        assert stream is not None
        try:
            for line in stream:
                with self._cond:
                    self._lines.append(line.rstrip("\n"))
                    self._cond.notify_all()
        finally:
            with self._cond:
                self._open -= 1
                self._cond.notify_all()

    @property
    def lines(self) -> list[str]:
        """Every line printed so far, stdout and stderr interleaved in arrival order."""
        with self._cond:
            return list(self._lines)

    @property
    def output(self) -> str:
        return "\n".join(self.lines)

    def mark(self) -> int:
        """The number of lines so far: pass it to wait_for_line to look only at newer ones."""
        with self._cond:
            return len(self._lines)

    def wait_for_line(self, substring: str, timeout: float = 10.0, since: int = 0) -> str:
        """The first line (from index ``since`` on) containing substring; fails after timeout."""
        deadline = time.monotonic() + timeout
        with self._cond:
            while True:
                for line in self._lines[since:]:
                    if substring in line:
                        return line
                left = deadline - time.monotonic()
                if left <= 0 or self._open == 0:  # no more lines can come once both are closed
                    break
                self._cond.wait(left)
            output = "\n".join(self._lines)
        try:  # the streams close just before the process ends: give it a moment to
            code: int | None = self.process.wait(min(5.0, max(0.0, deadline - time.monotonic())))
        except subprocess.TimeoutExpired:
            code = None
        when = f"within {timeout} s" if code is None else f"before it exited with code {code}"
        raise AssertionError(
            f"the server did not print {substring!r} {when}; it printed:\n{output}"
        )

    def close(self, timeout: float = 10.0) -> int:
        """Ctrl-C, then wait; returns the exit code (killing the process if it hangs)."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
        try:
            code = self.process.wait(timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(5)
            raise AssertionError(
                f"the server did not stop within {timeout} s of SIGINT; it printed:\n" + self.output
            ) from None
        finally:
            for reader in self._readers:
                reader.join(5)
            for stream in (self.process.stdout, self.process.stderr):
                if stream is not None:
                    stream.close()
        return code


@contextmanager
def serve(hub: Path, *args: str, timeout: float = 60.0) -> Iterator[Server]:
    """``recordhub -C hub serve --port 0 ARGS``, ready to take requests; stopped on exit."""
    environment = dict(os.environ)
    environment.pop("SOURCE_DATE_EPOCH", None)  # the preview on the real clock, as a writer's
    process = subprocess.Popen(
        [sys.executable, "-m", "recordhub", "-C", str(hub), "serve", "--port", "0", *args],
        env=environment,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        encoding="utf-8",
        bufsize=1,
    )
    server = Server(process)
    try:
        found = _URL.search(server.wait_for_line(READY, timeout))
        assert found, server.output
        server.url = found.group(1)
        yield server
    except BaseException as failure:
        # stop the server all the same, without hiding the first error behind another
        try:
            server.close()
        except AssertionError as problem:
            failure.add_note(str(problem))
        raise
    server.close()  # Ctrl-C; fails (after killing it) if the server does not stop
    assert server.process.poll() is not None, "the server is still running after SIGINT"
    assert "Traceback" not in server.output, server.output


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@contextmanager
def static_host(folder: Path) -> Iterator[str]:
    """A built folder served on 127.0.0.1 as a plain static host serves it; yields its origin."""
    handler = functools.partial(_Quiet, directory=str(folder))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)
