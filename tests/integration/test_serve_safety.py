"""``recordhub serve`` as a real process: where it listens, what it refuses, how it stops.

Every request goes to 127.0.0.1 only, through http.client with the raw request target so that
nothing on the client side normalises a hostile path.
"""

from __future__ import annotations

import base64
import errno
import hashlib
import http.client
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from hubtest import group_alive, make_site, run_cli, spawn
from recordhub import previewheaders

START = 60.0  # generous: the machine may be busy; the first build runs before the URL prints
URL = re.compile(r"Serving the preview at (http://(\S+?):(\d+)/)")

HUB = {
    "content/_index.md": "---\ntitle: Home\n---\nWelcome to the hub.\n",
    "content/page.md": "---\ntitle: A page\n---\nrh-version-0\n",
    "content/faq/_index.md": "---\ntitle: Questions\ntags: [privacy]\n---\nCommon questions.\n",
    "content/faq/data.md": "---\ntitle: Where data lives\n---\nIn Virginia.\n",
}


class Server:
    """One ``recordhub serve`` subprocess, its output collected by two reader threads."""

    def __init__(self, hub: Path, tmpdir: Path, *args: str, **env: str) -> None:
        tmpdir.mkdir(parents=True, exist_ok=True)
        self.tmpdir = tmpdir
        self.proc = spawn("-C", hub, "serve", *args, TMPDIR=str(tmpdir), **env)
        self.out: list[str] = []
        self.err: list[str] = []
        self.cond = threading.Condition()
        self.readers = [
            threading.Thread(target=self._read, args=(self.proc.stdout, self.out), daemon=True),
            threading.Thread(target=self._read, args=(self.proc.stderr, self.err), daemon=True),
        ]
        for reader in self.readers:
            reader.start()
        self.url = ""
        self.host = ""
        self.port = 0

    def _read(self, stream: object, into: list[str]) -> None:
        for line in stream:  # type: ignore[attr-defined]
            with self.cond:
                into.append(line)
                self.cond.notify_all()
        with self.cond:
            self.cond.notify_all()

    @property
    def stdout(self) -> str:
        with self.cond:
            return "".join(self.out)

    @property
    def stderr(self) -> str:
        with self.cond:
            return "".join(self.err)

    def wait_for_url(self) -> str:
        """Wait for the 'Serving the preview at' line; fail with the output if it never comes."""

        def found() -> bool:
            return bool(URL.search("".join(self.out))) or self.proc.poll() is not None

        with self.cond:
            self.cond.wait_for(found, START)
        match = URL.search(self.stdout)
        assert match, f"no URL printed\nstdout: {self.stdout}\nstderr: {self.stderr}"
        self.url, self.host, self.port = match[1], match[2], int(match[3])
        return self.url

    def wait_for_error(self, text: str, timeout: float = START) -> bool:
        """Wait until text has been printed on stderr (read by its own thread)."""
        with self.cond:
            return self.cond.wait_for(
                lambda: text in "".join(self.err) or self.proc.poll() is not None, timeout
            ) and text in "".join(self.err)

    def wait_for_count(self, text: str, count: int, timeout: float = START) -> bool:
        """Wait until text has been printed count times on stdout."""
        with self.cond:
            return self.cond.wait_for(lambda: "".join(self.out).count(text) >= count, timeout)

    def finish(self, timeout: float = START) -> int:
        """Wait for exit and for both pipes to be read to the end."""
        code = self.proc.wait(timeout)
        for reader in self.readers:
            reader.join(timeout)
        return code

    def interrupt(self) -> None:
        """Ctrl-C: a terminal sends SIGINT to the whole foreground process group."""
        os.killpg(self.proc.pid, signal.SIGINT)

    def leftovers(self, grace: float = 2.0) -> list[str]:
        """The live processes of the server's group (workers, indexer) once grace seconds have
        passed without it emptying; zombies do not count. multiprocessing's resource tracker
        ends by itself once it sees the server gone, which on a loaded machine takes a moment."""
        deadline = time.monotonic() + grace
        while (alive := group_alive(self.proc.pid)) and time.monotonic() < deadline:
            time.sleep(0.05)
        return alive

    def close(self) -> None:
        if self.proc.poll() is None:
            self.interrupt()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(10)
        if self.leftovers(grace=0):
            os.killpg(self.proc.pid, signal.SIGKILL)  # an orphaned indexer, say
        for reader in self.readers:
            reader.join(10)
        for stream in (self.proc.stdout, self.proc.stderr):
            if stream is not None:
                stream.close()

    def request(
        self, target: str, headers: dict[str, str] | None = None, method: str = "GET"
    ) -> tuple[int, dict[str, str], bytes]:
        """One request to 127.0.0.1 with the target sent exactly as given."""
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            conn.request(method, target, headers=headers or {})
            response = conn.getresponse()
            body = response.read()
            return response.status, {k.lower(): v for k, v in response.getheaders()}, body
        finally:
            conn.close()


@pytest.fixture
def hub(tmp_path: Path) -> Path:
    return make_site(tmp_path / "hub", HUB)


@pytest.fixture
def serve(hub: Path, tmp_path: Path) -> Iterator[Server]:
    server = Server(hub, tmp_path / "tmp", "--port", "0")
    try:
        server.wait_for_url()
        yield server
    finally:
        server.close()


def listening(pid: int) -> set[tuple[str, int]]:
    """The (address, port) pairs a process listens on, from /proc, without connecting."""
    inodes = set()
    for fd in Path(f"/proc/{pid}/fd").iterdir():
        try:
            link = os.readlink(fd)
        except OSError:
            continue
        if link.startswith("socket:["):
            inodes.add(link[8:-1])
    found = set()
    for table, size in (("tcp", 4), ("tcp6", 16)):
        path = Path(f"/proc/net/{table}")
        if not path.exists():
            continue
        for line in path.read_text().splitlines()[1:]:
            fields = line.split()
            local, state, inode = fields[1], fields[3], fields[9]
            if state != "0A" or inode not in inodes:  # 0A: LISTEN
                continue
            address, port = local.split(":")
            raw = bytes.fromhex(address)
            if size == 4:
                shown = socket.inet_ntop(socket.AF_INET, raw[::-1])
            else:
                words = b"".join(raw[i : i + 4][::-1] for i in range(0, 16, 4))
                shown = socket.inet_ntop(socket.AF_INET6, words)
            found.add((shown, int(port, 16)))
    return found


def test_binds_127_0_0_1_by_default(serve: Server) -> None:
    assert serve.host == "127.0.0.1"
    assert serve.url == f"http://127.0.0.1:{serve.port}/"
    assert listening(serve.proc.pid) == {("127.0.0.1", serve.port)}
    status, _, body = serve.request("/")
    assert status == 200
    assert b"Welcome to the hub." in body
    assert "reachable from other machines" not in serve.stderr


def test_port_0_picks_any_free_port(hub: Path, tmp_path: Path, port_8000: None) -> None:
    blocker = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        try:
            blocker.bind(("127.0.0.1", 8000))
            blocker.listen(1)
        except OSError as exc:
            if exc.errno != errno.EADDRINUSE:
                raise  # held by another program: busy either way, which is all this needs
        server = Server(hub, tmp_path / "tmp", "--port", "0")
        try:
            server.wait_for_url()
            assert server.port not in {0, 8000}
            status, _, _ = server.request("/")
            assert status == 200
        finally:
            server.close()
    finally:
        blocker.close()


def test_host_0_0_0_0_warns_that_other_machines_can_reach_it(hub: Path, tmp_path: Path) -> None:
    server = Server(hub, tmp_path / "tmp", "--host", "0.0.0.0", "--port", "0")
    try:
        server.wait_for_url()
        assert server.host == "0.0.0.0"
        assert ("0.0.0.0", server.port) in listening(server.proc.pid)
        assert server.wait_for_error("reachable from other machines"), server.stderr
        assert "warning" in server.stderr
        status, _, _ = server.request("/")  # still over loopback only
        assert status == 200
    finally:
        server.close()


def test_a_busy_default_port_moves_to_the_next_free_one(
    hub: Path, tmp_path: Path, port_8000: None
) -> None:
    blocker = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        try:
            blocker.bind(("127.0.0.1", 8000))
        except OSError as exc:
            if exc.errno == errno.EADDRINUSE:
                pytest.skip("port 8000 is held by another program, so this test cannot hold it")
            raise
        blocker.listen(1)
        server = Server(hub, tmp_path / "tmp")  # no --port: the default, 8000
        try:
            server.wait_for_url()
            assert server.port != 8000
            assert 8000 < server.port < 8050
            assert server.url == f"http://127.0.0.1:{server.port}/"
            status, _, body = server.request("/")
            assert status == 200 and b"Welcome to the hub." in body
        finally:
            server.close()
    finally:
        blocker.close()


def test_a_busy_explicit_port_exits_2_with_a_plain_message(hub: Path, tmp_path: Path) -> None:
    blocker = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        blocker.bind(("127.0.0.1", 0))
        blocker.listen(1)
        port = blocker.getsockname()[1]
        server = Server(hub, tmp_path / "tmp", "--port", str(port))
        try:
            assert server.finish() == 2
            assert f"port {port} is already in use" in server.stderr
            assert "Traceback" not in server.stderr + server.stdout
            assert "Serving the preview" not in server.stdout
        finally:
            server.close()
        assert not list((tmp_path / "tmp").glob("recordhub-preview-*"))
    finally:
        blocker.close()


@pytest.mark.parametrize(
    ("host", "hint"),
    [
        ("localhost:8000", "give the port on its own: --host localhost --port 8000"),
        ("[::1]:8000", "give the port on its own: --host ::1 --port 8000"),
        ("no-such-host.invalid", "use --host 127.0.0.1"),
    ],
)
def test_a_host_that_cannot_be_listened_on_exits_2_with_a_hint(
    hub: Path, tmp_path: Path, host: str, hint: str
) -> None:
    server = Server(hub, tmp_path / "tmp", "--host", host, "--port", "0")
    try:
        assert server.finish() == 2
        assert f"--host: error: cannot listen on {host}: " in server.stderr
        assert server.stderr.rstrip().endswith(f"hint: {hint}"), server.stderr
        assert "Traceback" not in server.stderr + server.stdout
    finally:
        server.close()


def test_a_port_that_needs_administrator_rights_is_told_at_the_port(
    hub: Path, tmp_path: Path
) -> None:
    # what an ordinary user meets: root is refused too once it gives up binding such ports
    command = [sys.executable, "-m", "recordhub", "-C", str(hub), "serve", "--port", "80"]
    if os.geteuid() == 0:
        if shutil.which("setpriv") is None:
            pytest.skip("running as root, and no setpriv to give up the right to low ports")
        dropped = "-net_bind_service"
        command = ["setpriv", f"--bounding-set={dropped}", f"--inh-caps={dropped}", *command]
    environment = {**os.environ, "TMPDIR": str(tmp_path)}
    done = subprocess.run(command, capture_output=True, text=True, env=environment, timeout=60)
    assert done.returncode == 2
    assert done.stderr.splitlines()[:2] == [
        "--port: error: port 80 is reserved for programs run by an administrator",
        "  hint: choose a port from 1024 up, such as --port 8000",
    ]
    assert not list(tmp_path.glob("recordhub-preview-*"))


def test_a_folder_that_is_no_hub_exits_2_before_serving(tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    server = Server(empty, tmp_path / "tmp", "--port", "0")
    try:
        assert server.finish() == 2
        assert server.stderr == (
            f"site.yml: error: no site.yml in {empty}\n"
            "  hint: run the command inside a hub, or create one with `recordhub init DIR`\n"
        )
        assert "Serving the preview" not in server.stdout
    finally:
        server.close()
    assert not list((tmp_path / "tmp").glob("recordhub-preview-*"))


@pytest.mark.parametrize("port", ["70000", "83636", "65536", "-1", "eighty"])
def test_a_port_out_of_range_is_a_usage_error(hub: Path, tmp_path: Path, port: str) -> None:
    # 70000 once served on 4464 (the number modulo 65536), and -1 blamed --host
    server = Server(hub, tmp_path / "tmp", "--port", port)
    try:
        assert server.finish() == 2
        assert "argument --port" in server.stderr, server.stderr
        assert "0 to 65535" in server.stderr, server.stderr
        assert "--host" not in server.stderr.splitlines()[-1], server.stderr
        assert "Traceback" not in server.stderr
        assert "Serving the preview" not in server.stdout
    finally:
        server.close()


@pytest.mark.parametrize(
    "target",
    [
        "/../../etc/passwd",
        "/%2e%2e/%2e%2e/etc/passwd",
        "/%252e%252e/etc/passwd",
        "/..%5c..%5cetc%5cpasswd",
        "//etc/passwd",
        "/a%00b",
        "/faq/../../../../etc/passwd",
        "/%2e%2e%2f%2e%2e%2fetc%2fpasswd",
        "/.%2e/.%2e/etc/passwd",
    ],
)
def test_path_traversal_is_refused_without_revealing_paths(
    serve: Server, target: str, tmp_path: Path
) -> None:
    status, _, body = serve.request(target)
    assert status in {400, 404}, (status, body[:200])
    for leak in (b"/etc", b"/tmp", b"root:", b"passwd", str(tmp_path).encode()):
        assert leak not in body, f"{target}: the response shows {leak!r}"


def test_names_longer_than_the_system_allows_get_404_without_a_traceback(
    serve: Server,
) -> None:
    targets = [
        "/" + "a" * 300,  # one name over 255 bytes
        "/" + "a" * 300 + "/",
        "/" + "%C3%BC" * 200,  # 200 characters, 400 bytes once decoded
        "/" + "a/" * 2100,  # a path over 4096 bytes
        "/faq/" + "a" * 300 + "/index.html",
    ]
    for target in targets:
        status, _, body = serve.request(target)
        assert status in {404, 414}, (target[:40], status, body[:200])
    assert serve.request("/faq/data/")[0] == 200  # and the server goes on
    serve.interrupt()
    serve.finish()  # every line it printed is read
    assert "Traceback" not in serve.stderr, serve.stderr[-2000:]
    assert "Error" not in serve.stderr, serve.stderr[-2000:]
    # each request is one short line in the terminal, however long its address
    assert max(len(line) for line in serve.stderr.splitlines()) < 300
    assert f"404 GET /{'a' * 199}... (301 characters) (127.0.0.1) " in serve.stderr


def test_a_path_of_thousands_of_folders_is_answered_at_once(serve: Server) -> None:
    """One request must not keep the server from every other: looking for the nearest 404
    page, and resolving the path, took half a minute for a 60 KB path of 30,000 parts."""
    started = time.monotonic()
    status, _, body = serve.request("/a" * 30_000 + "/")
    assert (status, b"Page not found" in body) == (404, True)
    assert time.monotonic() - started < 5.0  # 0.05 s here; 33 s when it was quadratic
    assert serve.request("/faq/data/")[0] == 200


@pytest.mark.parametrize("target", ["/", "/faq/data/", "/app.css", "/no-such-page/", "/faq"])
def test_head_sends_the_headers_of_get(serve: Server, target: str) -> None:
    got_status, got, body = serve.request(target)
    head_status, head, empty = serve.request(target, method="HEAD")
    assert head_status == got_status
    assert empty == b""
    got.pop("date", None)
    head.pop("date", None)
    assert head == got
    if got_status in {200, 404}:
        assert int(head["content-length"]) == len(body) > 0


def test_another_method_gets_405_naming_the_ones_allowed(serve: Server) -> None:
    for target in ("/faq/data/", "/livereload.js", "/__recordhub/preview.js"):
        for method in ("POST", "PUT", "DELETE", "PATCH", "OPTIONS", "PROPFIND"):
            status, headers, body = serve.request(target, method=method)
            assert status == 405 and headers["allow"] == "GET, HEAD", (method, target)
            assert body == b"405 Method Not Allowed\n", (method, target)


def test_head_of_the_previews_own_scripts_sends_the_headers_of_get(serve: Server) -> None:
    for target in ("/livereload.js", "/__recordhub/preview.js"):
        got_status, got, body = serve.request(target)
        head_status, head, empty = serve.request(target, method="HEAD")
        assert got_status == head_status == 200 and empty == b"", target
        got.pop("date", None)
        head.pop("date", None)
        assert head == got and int(head["content-length"]) == len(body) > 0, target


def test_a_byte_range_is_answered_as_a_host_answers_it(serve: Server) -> None:
    """A browser seeks in audio or video, or resumes a download, by asking for a range."""
    status, headers, whole = serve.request("/app.css")
    assert status == 200 and headers["accept-ranges"] == "bytes"
    size = len(whole)
    status, headers, part = serve.request("/app.css", {"Range": "bytes=10-19"})
    assert status == 206 and part == whole[10:20]
    assert headers["content-range"] == f"bytes 10-19/{size}"
    assert headers["content-type"] == "text/css; charset=utf-8"
    assert serve.request("/app.css", {"Range": "bytes=-5"})[2] == whole[-5:]
    assert serve.request("/app.css", {"Range": f"bytes={size - 3}-"})[2] == whole[-3:]
    assert serve.request("/app.css", {"Range": f"bytes=5-{size * 2}"})[2] == whole[5:]
    status, headers, _ = serve.request("/app.css", {"Range": f"bytes={size}-"})
    assert status == 416 and headers["content-range"] == f"bytes */{size}"
    # a range of another version (If-Range), or one the server does not take, gets it all
    for asked in ({"Range": "bytes=0-1", "If-Range": '"old"'}, {"Range": "bytes=0-1,4-5"}):
        assert serve.request("/app.css", asked)[:1] == (200,)
    tag = serve.request("/app.css")[1]["etag"]
    assert serve.request("/app.css", {"Range": "bytes=0-1", "If-Range": tag})[0] == 206
    assert serve.request("/no-such-page/", {"Range": "bytes=0-1"})[0] == 404


@pytest.mark.parametrize("target", ["/page/", "/app.css"])
def test_a_version_the_browser_has_gets_304_without_a_body(serve: Server, target: str) -> None:
    """The ETag sent is honoured: If-None-Match naming it is answered as a host answers it."""
    tag = serve.request(target)[1]["etag"]
    for method in ("GET", "HEAD"):
        status, headers, body = serve.request(target, {"If-None-Match": tag}, method)
        assert (status, body, headers["etag"]) == (304, b"", tag)
        assert "content-length" not in headers
    assert serve.request(target, {"If-None-Match": f'"other", W/{tag}'})[0] == 304
    status, _, body = serve.request(target, {"If-None-Match": '"other"'})
    assert status == 200 and body == serve.request(target)[2]


def test_a_directory_redirect_is_never_protocol_relative(serve: Server) -> None:
    """``//tags`` names the tags/ folder; a Location of ``//tags/`` would send the browser
    to the host "tags" (an open redirect to any host named like a folder of the site)."""
    status, headers, _ = serve.request("/faq")
    assert status == 302 and headers["location"] == "/faq/"  # the ordinary case
    status, headers, _ = serve.request("//faq")
    location = headers.get("location", "")
    assert not location.startswith("//"), f"//faq redirects to {location!r}"


@pytest.mark.parametrize(
    ("target", "location"),
    [
        ("/c%23d", "/c%23d/"),  # unencoded, "#" would end the path: the browser went to /c
        ("/z%C3%BCrich", "/z%C3%BCrich/"),
        ("/a%20b", "/a%20b/"),
        ("/faq?x=1", "/faq/?x=1"),
        ("/c%23d?q=%23&r=2", "/c%23d/?q=%23&r=2"),
    ],
)
def test_the_trailing_slash_redirect_encodes_the_path_and_keeps_the_query(
    tmp_path: Path, target: str, location: str
) -> None:
    page = "<!doctype html><html><head><title>t</title></head><body>here</body></html>"
    folders = {f"static/{name}/index.html": page for name in ("c#d", "zürich", "a b")}
    hub = make_site(tmp_path / "hub", {**HUB, **folders})
    server = Server(hub, tmp_path / "tmp", "--port", "0")
    try:
        server.wait_for_url()
        status, headers, _ = server.request(target)
        assert status == 302
        assert headers["location"] == location
        status, _, body = server.request(location)
        assert status == 200, location
        assert b"here" in body
    finally:
        server.close()


@pytest.mark.parametrize(
    "host", ["evil.example", "evil.example:80", "127.0.0.1.evil.example", "localhost.evil"]
)
def test_a_foreign_host_header_gets_400(serve: Server, host: str) -> None:
    status, _, body = serve.request("/", headers={"Host": host})
    assert status == 400
    assert b"Welcome" not in body
    status, _, _ = serve.request("/faq/data/", headers={"Host": host})
    assert status == 400


def test_local_host_headers_are_served(serve: Server) -> None:
    for host in (f"127.0.0.1:{serve.port}", f"localhost:{serve.port}", "localhost"):
        status, _, _ = serve.request("/", headers={"Host": host})
        assert status == 200, host


def test_pages_get_the_headers_the_deployed_site_sends(
    serve: Server, hub: Path, tmp_path: Path
) -> None:
    # the preview serves a page whose inline script the policy blocks as the CDN would
    assert run_cli("-C", hub, "build", "-o", tmp_path / "out").code == 0
    rules = (tmp_path / "out/_headers").read_text("utf-8")
    origin = f"127.0.0.1:{serve.port}"
    for target in ("/faq/data/", "/app.css", "/no-such-page/"):
        deployed = previewheaders.matching(rules, target)
        status, sent, _ = serve.request(target)
        assert status in {200, 404}, target
        assert sent["cache-control"] == "no-store"  # the preview's own: every save shows
        policy = deployed.pop("Content-Security-Policy")
        deployed.pop("Cache-Control", None)
        assert {k: sent[k.lower()] for k in deployed} == deployed, target
        # what the preview adds to each page, from its own address, and plain http
        assert sent["content-security-policy"] == (
            policy.replace(
                "script-src 'self' 'wasm-unsafe-eval'",
                f"script-src 'self' 'wasm-unsafe-eval' http://{origin}/__recordhub/preview.js "
                f"http://{origin}/livereload.js",
            )
            .replace(
                "style-src 'self'", f"style-src 'self' http://{origin}/__recordhub/overlay.css"
            )
            .replace("connect-src 'self'", f"connect-src 'self' ws://{origin}/livereload")
            .replace("; upgrade-insecure-requests", "")
        ), target
    # the preview's own scripts are no part of the site
    for target in ("/livereload.js", "/__recordhub/preview.js"):
        assert "content-security-policy" not in serve.request(target)[1], target


RECORD_YML = """\
title: Test Hub
base_url: https://hub.example/record/
organization: {name: Example Co}
contact: {press: press@hub.example, security: security@hub.example}
allow_origins: [https://media.example]
"""


def previewed(port: int, origins: str = " https://media.example", hsts: str = "") -> dict[str, str]:
    """The headers the preview sends for every path of a hub allowing origins (site.yml's
    allow_origins), its policy widened for the preview's own scripts, overlay and socket."""
    at = f"127.0.0.1:{port}"
    return {
        "cache-control": "no-store",
        "content-security-policy": (
            f"default-src 'self'{origins}; "
            f"script-src 'self'{origins} 'wasm-unsafe-eval' http://{at}/__recordhub/preview.js "
            f"http://{at}/livereload.js; "
            f"style-src 'self'{origins} http://{at}/__recordhub/overlay.css; "
            f"img-src 'self'{origins} data:; font-src 'self'{origins}; "
            f"connect-src 'self'{origins} ws://{at}/livereload; media-src 'self'{origins}; "
            f"frame-src 'self'{origins}; object-src 'none'; base-uri 'self'; "
            f"form-action 'self'{origins}; frame-ancestors 'none'"
        ),
        "x-content-type-options": "nosniff",
        "referrer-policy": "no-referrer",
        "permissions-policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=(), "
        "browsing-topics=()",
        "strict-transport-security": f"max-age=63072000{hsts}",
        "x-frame-options": "DENY",
        "cross-origin-opener-policy": "same-origin",
    }


def sent_headers(sent: dict[str, str], expected: dict[str, str]) -> dict[str, str | None]:
    return {name: sent.get(name) for name in expected}


def test_a_preview_whose_first_build_fails_sends_the_headers_site_yml_gives(
    tmp_path: Path,
) -> None:
    broken = {**HUB, "content/page.md": "---\ntitle: [unclosed\n---\nText.\n"}
    hub = make_site(tmp_path / "hub", broken, RECORD_YML)
    server = Server(hub, tmp_path / "tmp", "--port", "0")
    try:
        server.wait_for_url()
        expected = previewed(server.port)
        # the error page at every address of the hub, and the addresses that lead to it
        for target, status in (("/record/page/", 503), ("/elsewhere/", 503), ("/", 302)):
            answer, sent, _ = server.request(target)
            assert answer == status, target
            assert sent_headers(sent, expected) == expected, target
        # once the page is fixed, the headers of the build's own _headers: the same
        (hub / "content/page.md").write_text("---\ntitle: A page\n---\nText.\n", "utf-8")
        assert server.wait_for_count("Rebuilt in", 1)
        status, sent, _ = server.request("/record/page/")
        assert status == 200
        assert sent_headers(sent, expected) == expected
    finally:
        server.close()


def test_a_preview_whose_site_yml_cannot_be_read_sends_the_strictest_policy(
    tmp_path: Path,
) -> None:
    hub = make_site(tmp_path / "hub", HUB, RECORD_YML + "menu: [unclosed\n")
    server = Server(hub, tmp_path / "tmp", "--port", "0")
    try:
        server.wait_for_url()
        # no origin allowed, and the hub at the root of its domain until site.yml says
        expected = previewed(server.port, origins="", hsts="; includeSubDomains")
        status, sent, _ = server.request("/record/page/")
        assert status == 503
        assert sent_headers(sent, expected) == expected
    finally:
        server.close()


def test_a_build_failing_after_a_good_one_keeps_the_headers_it_sent(tmp_path: Path) -> None:
    hub = make_site(tmp_path / "hub", HUB, RECORD_YML)
    server = Server(hub, tmp_path / "tmp", "--port", "0")
    try:
        server.wait_for_url()
        expected = previewed(server.port)

        def failed(times: int) -> bool:
            with server.cond:
                return server.cond.wait_for(
                    lambda: "".join(server.err).count("keeps the last good pages") >= times,
                    START,
                )

        (hub / "content/page.md").write_text("---\ntitle: [unclosed\n---\n", "utf-8")
        assert failed(1)
        # an origin allowed while the build fails is not sent before a build succeeds
        (hub / "site.yml").write_text(RECORD_YML.replace("media", "video"), "utf-8")
        assert failed(2)
        status, sent, _ = server.request("/record/page/")
        assert status == 200
        assert sent_headers(sent, expected) == expected
        (hub / "site.yml").write_text(RECORD_YML + "menu: [unclosed\n", "utf-8")
        assert failed(3)
        status, sent, _ = server.request("/record/page/")
        assert (status, sent_headers(sent, expected)) == (200, expected)
        (hub / "content/page.md").write_text(HUB["content/page.md"], "utf-8")
        (hub / "site.yml").write_text(RECORD_YML.replace("media", "video"), "utf-8")
        assert server.wait_for_count("Rebuilt in", 2)
        status, sent, _ = server.request("/record/page/")
        now = previewed(server.port, origins=" https://video.example")
        assert (status, sent_headers(sent, now)) == (200, now)
    finally:
        server.close()


def test_a_build_failing_with_a_new_base_url_keeps_the_pages_where_they_were(
    tmp_path: Path,
) -> None:
    hub = make_site(tmp_path / "hub", HUB, RECORD_YML)
    server = Server(hub, tmp_path / "tmp", "--port", "0")
    try:
        server.wait_for_url()
        expected = previewed(server.port)
        (hub / "content/page.md").write_text("---\ntitle: [unclosed\n---\n", "utf-8")
        assert server.wait_for_error("keeps the last good pages")
        (hub / "site.yml").write_text(RECORD_YML.replace("/record/", "/facts/"), "utf-8")
        assert server.wait_for_error("the hub lives in /facts/ of its domain")
        # the last good pages link to /record/: they stay there, with the headers they had
        for target, status in (("/record/page/", 200), ("/record/faq/data/", 200)):
            answer, sent, _ = server.request(target)
            assert (answer, sent_headers(sent, expected)) == (status, expected), target
        answer, sent, body = server.request("/facts/page/")
        assert (answer, b"Page not found" in body) == (404, True)
        assert sent_headers(sent, expected) == expected
        (hub / "content/page.md").write_text(HUB["content/page.md"], "utf-8")
        assert server.wait_for_count("Rebuilt in", 2)
        assert server.request("/facts/page/")[0] == 200
        assert server.request("/record/page/")[0] == 404
    finally:
        server.close()


def test_an_alias_leads_to_its_page_as_on_the_host(tmp_path: Path) -> None:
    long = "a" * 300  # too long for a file name: it has no redirect page, only the rule
    aliases = f"[/record/old/, /record/{long}/, /café/, /record/old.html]"
    page = f"---\ntitle: A page\naliases: {aliases}\n---\nText.\n"
    hub = make_site(tmp_path / "hub", {**HUB, "content/page.md": page}, RECORD_YML)
    server = Server(hub, tmp_path / "tmp", "--port", "0")
    try:
        server.wait_for_url()
        expected = previewed(server.port)
        answers = {
            "/record/old/": "/record/page/",
            "/record/old": "/record/page/",  # as hosts do, with or without the trailing /
            "/record/old/?from=feed": "/record/page/?from=feed",
            f"/record/{long}/": "/record/page/",
            "/record/caf%C3%A9/": "/record/page/",
            "/record/old.html": "/record/page/",
        }
        for target, location in answers.items():
            for method in ("GET", "HEAD"):
                status, sent, body = server.request(target, method=method)
                assert (status, sent.get("location"), body) == (302, location, b""), target
                assert sent_headers(sent, expected) == expected, target
        # an alias taken out is gone at once: a browser has kept no permanent redirect
        (hub / "content/page.md").write_text(HUB["content/page.md"], "utf-8")
        assert server.wait_for_count("Rebuilt in", 2)
        assert server.request("/record/old/")[0] == 404
    finally:
        server.close()


@pytest.fixture
def record(tmp_path: Path) -> Iterator[Server]:
    """A preview of a hub at /record/ of its domain, with an alias."""
    files = {**HUB, "content/page.md": "---\ntitle: A page\naliases: [/record/old/]\n---\nText.\n"}
    server = Server(make_site(tmp_path / "hub", files, RECORD_YML), tmp_path / "tmp", "--port", "0")
    try:
        server.wait_for_url()
        yield server
    finally:
        server.close()


def test_the_cdns_own_files_are_not_served(record: Server) -> None:
    missing = record.request("/record/no-such-page/")
    assert missing[0] == 404 and b"Page not found" in missing[2]
    for target in ("/record/_headers", "/record/_redirects", "/record/%5Fheaders"):
        for method in ("GET", "HEAD"):
            status, sent, body = record.request(target, method=method)
            assert status == 404, (target, method)
            assert body == (missing[2] if method == "GET" else b""), (target, method)
            expected = previewed(record.port)
            assert sent_headers(sent, expected) == expected, (target, method)


def test_redirects_and_errors_send_the_headers_pages_send(record: Server) -> None:
    expected = previewed(record.port)
    answers = {
        "/": (302, "/record/"),  # the server's own address leads to the hub
        "/record": (302, "/record/"),
        "/record/faq": (302, "/record/faq/"),
        "/record/old/": (302, "/record/page/"),  # an alias
        "/record/no-such-page/": (404, None),
        "/elsewhere/": (404, None),  # outside the hub: its 404 page
        "/record/a%00b": (400, None),
    }
    for target, (status, location) in answers.items():
        answer, sent, _ = record.request(target)
        assert (answer, sent.get("location")) == (status, location), target
        assert sent_headers(sent, expected) == expected, target
    status, sent, _ = record.request("/record/", method="POST")
    assert status == 405 and sent_headers(sent, expected) == expected
    # a foreign Host header is refused with nothing of the hub's
    status, sent, _ = record.request("/record/", {"Host": "evil.example"})
    assert status == 400 and "content-security-policy" not in sent


def handshake(
    server: Server, origin: str, host: str = "", **more: str
) -> tuple[int, dict[str, str]]:
    """A raw WebSocket opening handshake on /livereload with this Origin (and Host)."""
    key = base64.b64encode(os.urandom(16)).decode()
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
    try:
        conn.request(
            "GET",
            "/livereload",
            headers={
                "Host": host or f"127.0.0.1:{server.port}",
                "Upgrade": "websocket",
                "Connection": "Upgrade",
                "Sec-WebSocket-Key": key,
                "Sec-WebSocket-Version": "13",
                "Origin": origin,
                **{name.replace("_", "-"): value for name, value in more.items()},
            },
        )
        response = conn.getresponse()
        headers = {k.lower(): v for k, v in response.getheaders()}
        if response.status == 101:
            accept = base64.b64encode(
                hashlib.sha1((key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11").encode()).digest()
            ).decode()
            assert headers.get("sec-websocket-accept") == accept
        return response.status, headers
    finally:
        conn.close()


def test_the_livereload_socket_refuses_a_foreign_origin(serve: Server) -> None:
    status, _ = handshake(serve, f"http://127.0.0.1:{serve.port}")
    assert status == 101
    status, _ = handshake(serve, f"http://localhost:{serve.port}")
    assert status == 101
    for origin in ("http://evil.example", f"http://evil.example:{serve.port}", "null"):
        status, _ = handshake(serve, origin)
        assert status == 403, origin


def test_the_livereload_socket_takes_only_the_previews_own_origins(serve: Server) -> None:
    port = serve.port
    own = f"http://127.0.0.1:{port}"
    assert handshake(serve, own)[0] == 101
    assert handshake(serve, f"http://localhost:{port}", f"localhost:{port}")[0] == 101
    # a page of another site whose name now leads to 127.0.0.1 (DNS rebinding): tornado lets
    # an Origin that names the Host header through without asking the preview
    assert handshake(serve, f"http://evil.example:{port}", f"evil.example:{port}")[0] == 400
    for origin in (
        "http://localhost:3000",  # another local development server
        f"https://127.0.0.1:{port}",
        f"http://127.0.0.1:{port + 1}",
        f"http://127.0.0.1.evil.example:{port}",
        "http://127.0.0.1",
        f"http://127.0.0.1:{port}x",
    ):
        assert handshake(serve, origin)[0] == 403, origin
    # a client that says it is on the same origin is asked for its Origin all the same
    assert handshake(serve, "http://evil.example", Sec_Fetch_Site="same-origin")[0] == 403
    assert handshake(serve, own, Sec_Fetch_Site="same-origin")[0] == 101


def socket_exchange(server: Server, message: str | bytes) -> object:
    """Send one message on a livereload socket from an allowed origin; its answer, or None."""
    import asyncio

    from tornado.httpclient import HTTPRequest
    from tornado.websocket import websocket_connect

    async def exchange() -> object:
        request = HTTPRequest(
            f"ws://127.0.0.1:{server.port}/livereload",
            headers={"Origin": f"http://127.0.0.1:{server.port}"},
        )
        connection = await websocket_connect(request)
        try:
            await connection.write_message(message, binary=isinstance(message, bytes))
            return await asyncio.wait_for(connection.read_message(), 10)
        finally:
            connection.close()

    # on a thread of its own: the browser tests' driver may keep an event loop on this one
    answers: list[object] = []
    failures: list[BaseException] = []

    def run() -> None:
        try:
            answers.append(asyncio.run(exchange()))
        except BaseException as exc:
            failures.append(exc)

    thread = threading.Thread(target=run)
    thread.start()
    thread.join(30)
    if failures:
        raise failures[0]
    return answers[0]


def test_a_malformed_livereload_message_is_refused_quietly(serve: Server) -> None:
    for message in ("not json", "[1, 2]", '"hello"', '{"command": 5}', b"\xff\xfe"):
        assert socket_exchange(serve, message) is None, message  # closed, no answer
    hello = '{"command": "hello", "protocols": ["http://livereload.com/protocols/official-7"]}'
    answer = socket_exchange(serve, hello)
    assert isinstance(answer, str) and '"command": "hello"' in answer
    serve.interrupt()
    serve.finish()  # every line it printed is read
    assert "Traceback" not in serve.stderr, serve.stderr[-2000:]
    assert "Error" not in serve.stderr, serve.stderr[-2000:]


def test_a_page_requested_during_rebuilds_is_always_complete(serve: Server, hub: Path) -> None:
    page = hub / "content/page.md"
    temp = hub / "content/.page.md.tmp"  # an ignored name, then renamed over: an atomic save
    written = {0}
    done = threading.Event()
    failures: list[BaseException] = []

    def rewrite() -> None:
        try:
            version = 0
            while not done.is_set():
                version += 1
                rebuilt = serve.stdout.count("Rebuilt in")
                filler = "More words in the body. " * (version % 40)
                temp.write_text(
                    f"---\ntitle: A page\n---\nrh-version-{version}\n\n{filler}\n", encoding="utf-8"
                )
                written.add(version)
                os.replace(temp, page)
                # the next save once this one is rebuilt, so rebuilds run back to back
                assert serve.wait_for_count("Rebuilt in", rebuilt + 1), "no rebuild came"
        except BaseException as exc:
            failures.append(exc)

    writer = threading.Thread(target=rewrite)
    writer.start()
    seen: list[int] = []
    deadline = time.monotonic() + START
    try:
        # 200 requests at least, and on until the page has changed while it was fetched: how
        # many requests a rebuild takes depends on the machine's load, not on the code
        number = 0
        while number < 200 or (len(set(seen)) < 2 and time.monotonic() < deadline):
            number += 1
            status, _, body = serve.request("/page/")
            text = body.decode("utf-8")
            assert status == 200, f"request {number}: {status}"
            assert text.lstrip().lower().startswith("<!doctype html>"), f"request {number}"
            assert text.rstrip().endswith("</html>"), f"request {number}: {text[-200:]!r}"
            found = re.findall(r"rh-version-(\d+)", text)
            assert len(found) == 1, f"request {number}: {found}"
            assert int(found[0]) in written
            seen.append(int(found[0]))
    finally:
        done.set()
        writer.join(START)
    assert not failures, failures
    assert len(set(seen)) > 1, "the page never changed while it was fetched"


def wait_until_idle(server: Server) -> None:
    """Warm-up: the first build is served and its background search index is written.

    There is no event for the index, so this looks at the preview folder (in our TMPDIR)
    until it is there and no indexing folder remains, for at most START seconds.
    """
    status, _, _ = server.request("/")
    assert status == 200
    deadline = time.monotonic() + START
    while time.monotonic() < deadline:
        indexed = list(server.tmpdir.glob("recordhub-preview-*/site/pagefind"))
        if indexed and not list(server.tmpdir.glob("recordhub-preview-*/recordhub-search-*")):
            break
        time.sleep(0.05)
    time.sleep(0.2)  # let the last request's own work settle; not a synchronisation


def test_ctrl_c_exits_within_a_second_and_removes_the_preview_folder(serve: Server) -> None:
    assert list(serve.tmpdir.glob("recordhub-preview-*")), "the preview folder is not in TMPDIR"
    wait_until_idle(serve)
    sent = time.monotonic()
    serve.interrupt()
    code = serve.proc.wait(10)
    took = time.monotonic() - sent
    assert took <= 3.0, f"took {took:.2f} s to stop"  # a few tenths; the rest is for load
    assert code == 130
    serve.finish()
    assert "Traceback" not in serve.stderr
    assert not list(serve.tmpdir.glob("recordhub-preview-*"))
    assert not list(serve.tmpdir.glob("recordhub-*")), list(serve.tmpdir.iterdir())
    assert not (left := serve.leftovers()), f"a process of the server outlived it: {left}"


def _grown(serve: Server, files: int) -> Path:
    """The preview's folder, once served, with files more pages in it (100 to a folder)."""
    wait_until_idle(serve)
    (folder,) = serve.tmpdir.glob("recordhub-preview-*")
    for n in range(files // 100):
        pages = folder / "site" / "many" / str(n)
        pages.mkdir(parents=True)
        for m in range(100):
            (pages / f"{m}.html").write_bytes(b"<!doctype html>")
    return folder


def test_ctrl_c_on_a_big_hub_exits_at_once_and_the_folder_goes_after(serve: Server) -> None:
    # a 10,000-page hub's preview holds some 30,000 files, which take a second or more to
    # delete: the preview must not make Ctrl-C wait for that
    folder = _grown(serve, 20_000)
    sent = time.monotonic()
    serve.interrupt()
    code = serve.proc.wait(10)
    took = time.monotonic() - sent
    assert folder.exists()  # still being deleted, by a process of its own
    assert took <= 3.0, f"took {took:.2f} s to stop"
    assert code == 130
    serve.finish()
    deadline = time.monotonic() + 60
    while folder.exists() and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not folder.exists()
    assert not (left := serve.leftovers()), f"a process of the server outlived it: {left}"


def test_ctrl_c_on_a_hub_of_some_hundred_pages_leaves_nothing_at_exit(serve: Server) -> None:
    # a few thousand files are deleted in a tenth of a second: gone when the preview exits,
    # as a script that runs the preview and then cleans up expects
    folder = _grown(serve, 1_000)
    serve.interrupt()
    assert serve.proc.wait(10) == 130
    assert not folder.exists()
    serve.finish()
    assert not list(serve.tmpdir.iterdir()), "left in TMPDIR"


def test_sigterm_exits_143_and_removes_the_preview_folder(serve: Server) -> None:
    status, _, _ = serve.request("/")
    assert status == 200
    wait_until_idle(serve)
    serve.proc.send_signal(signal.SIGTERM)
    assert serve.finish() == 143
    assert "Traceback" not in serve.stderr
    assert not list(serve.tmpdir.glob("recordhub-preview-*"))


def test_sigterm_while_serving_requests_still_exits_143(hub: Path, tmp_path: Path) -> None:
    # SIGTERM must stop the server even when it arrives while a request is being handled (it
    # was once raised inside an asyncio callback there, logged and ignored); three attempts
    for attempt in range(3):
        server = Server(hub, tmp_path / f"tmp-{attempt}", "--port", "0")
        stop = threading.Event()
        served = threading.Semaphore(0)

        def hammer(
            server: Server = server,
            stop: threading.Event = stop,
            served: threading.Semaphore = served,
        ) -> None:
            while not stop.is_set():
                try:
                    server.request("/")
                except OSError:
                    return  # the server has gone
                served.release()

        clients = [threading.Thread(target=hammer) for _ in range(8)]
        try:
            server.wait_for_url()
            for client in clients:
                client.start()
            for _ in range(50):  # the server is busy serving when the signal comes
                assert served.acquire(timeout=START)
            server.proc.send_signal(signal.SIGTERM)
            try:
                code = server.proc.wait(10)
            except subprocess.TimeoutExpired:
                code = None
            assert code == 143, f"attempt {attempt}: still running 10 s after SIGTERM"
        finally:
            stop.set()
            for client in clients:
                if client.is_alive():
                    client.join(START)
            server.close()


MANY = {
    **HUB,
    **{
        f"content/bulk/page-{n}.md": f"---\ntitle: Page {n}\ntags: [topic-{n % 20}]\n---\n"
        + ("Some words of the body. " * 150 + "\n\n## A heading\n\n") * 5
        for n in range(250)
    },
}


def main_thread_cpu(pid: int) -> float:
    """Seconds of processor time used by a process's main thread, where the preview rebuilds."""
    fields = Path(f"/proc/{pid}/task/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def stop(proc: subprocess.Popen[str]) -> None:
    """SIGSTOP, and wait until every thread of the process has stopped (or it has ended)."""
    os.kill(proc.pid, signal.SIGSTOP)
    deadline = time.monotonic() + START
    while proc.poll() is None and time.monotonic() < deadline:
        states = []
        for task in Path(f"/proc/{proc.pid}/task").iterdir():
            try:
                states.append((task / "stat").read_text().rsplit(")", 1)[1].split()[0])
            except OSError:
                continue  # a thread that has just ended
        if all(state in {"T", "t"} for state in states):
            return
        time.sleep(0.001)


# How far into the rebuild Ctrl-C comes, in processor time of the server's main thread (idle
# between rebuilds; this rebuild takes about 0.7 s of it): as soon as it runs, or well into it.
MOMENTS = {"start": 0.0, "middle": 0.15}


@pytest.mark.slow
@pytest.mark.parametrize("moment", list(MOMENTS))
def test_ctrl_c_during_a_rebuild_leaves_nothing(tmp_path: Path, moment: str) -> None:
    """Once, clean-up waited 0.5 s for the rebuild thread and then removed the folder it was
    still writing into: the folder came back and the thread died with a traceback.

    Ctrl-C must land while the rebuild runs, whatever the load. A pause measured from the first
    build could outlast the rebuild (which may run faster than the first build did), so the
    server is stopped (SIGSTOP) while the test looks at how far the rebuild has got, and Ctrl-C
    is sent before it goes on: what the test saw is still true when the signal arrives.
    """
    hub = make_site(tmp_path / "hub", MANY)
    config = hub / "site.yml"
    server = Server(hub, tmp_path / "tmp", "--port", "0")
    try:
        server.wait_for_url()
        wait_until_idle(server)  # so that no search indexing runs when the signal comes
        [site] = server.tmpdir.glob("recordhub-preview-*/site")
        last = site / "tags/topic-9/index.html"  # the last page the rebuild writes (by name)
        assert b"Test Hub" in last.read_bytes()
        before = main_thread_cpu(server.proc.pid)
        config.write_text(config.read_text().replace("Test Hub", "Renamed Hub"))
        deadline = time.monotonic() + START
        while True:
            assert time.monotonic() < deadline, "the rebuild never started"
            time.sleep(0.005)
            stop(server.proc)
            try:
                assert server.proc.poll() is None, server.stderr
                assert b"Renamed Hub" not in last.read_bytes(), (
                    "the rebuild was over before Ctrl-C was due: make MANY bigger"
                )
                if main_thread_cpu(server.proc.pid) - before > MOMENTS[moment]:
                    server.interrupt()  # held until SIGCONT, so it lands where the test looked
                    break
            finally:
                if server.proc.poll() is None:
                    os.kill(server.proc.pid, signal.SIGCONT)
        code = server.proc.wait(START)
        server.finish()
        assert server.stdout.count("Rebuilt in") == 1, "the rebuild was over before Ctrl-C"
        assert code == 130
        assert "Traceback" not in server.stderr, server.stderr[-2000:]
        # no time limit here: removing a folder of 250 pages alone can take a second under load
        assert not list(server.tmpdir.iterdir()), "left in TMPDIR"
        assert not (left := server.leftovers()), f"a process of the server outlived it: {left}"
    finally:
        server.close()


CONVERTED = {
    **HUB,
    **{
        f"content/bulk/page-{n}.md": f"---\ntitle: Page {n}\n---\nPage {n}, first version.\n"
        for n in range(100)  # enough for the rebuild to convert them in worker processes
    },
}


def spawned_workers(pid: int) -> list[int]:
    """The children of pid that multiprocessing started by spawn (a new interpreter each)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            parent = int(stat.read_text().rsplit(")", 1)[1].split()[1])
            command = (stat.parent / "cmdline").read_bytes() if parent == pid else b""
        except OSError:
            continue
        if b"spawn_main" in command:
            found.append(int(stat.parent.name))
    return found


def stopped_ignoring_sigint(pid: int) -> bool | None:
    """Once the process is stopped: whether it ignores SIGINT; None if it has ended."""
    deadline = time.monotonic() + START
    try:
        while (Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]) not in "Tt":
            assert time.monotonic() < deadline, "the worker never stopped"
            time.sleep(0.001)
        status = Path(f"/proc/{pid}/status").read_text()
    except (OSError, IndexError):
        return None
    ignored = int(re.search(r"^SigIgn:\s*([0-9a-f]+)", status, re.M)[1], 16)  # type: ignore[index]
    return bool(ignored & (1 << (signal.SIGINT - 1)))


@pytest.mark.skipif((os.cpu_count() or 1) < 2, reason="one core: no worker processes")
def test_ctrl_c_while_workers_start_exits_at_once_without_tracebacks(tmp_path: Path) -> None:
    """Rebuilds start their workers by spawn (the server's threads rule out fork). Ctrl-C once
    reached a worker before its start-up code ignored it, which printed a KeyboardInterrupt
    traceback from multiprocessing for each such worker.

    The server is stopped (SIGSTOP, the whole group) as soon as a worker appears, and Ctrl-C is
    sent before it goes on if that worker does not ignore SIGINT yet: it lands in the window.
    """
    hub = make_site(tmp_path / "hub", CONVERTED)
    server = Server(hub, tmp_path / "tmp", "--port", "0")
    group = server.proc.pid
    try:
        server.wait_for_url()
        wait_until_idle(server)  # no search indexing when the signal comes
        caught = False
        for attempt in range(1, 6):
            rebuilt = server.stdout.count("Rebuilt in")
            for n in range(100):
                page = hub / f"content/bulk/page-{n}.md"
                page.write_text(f"---\ntitle: Page {n}\n---\nPage {n}, save {attempt}.\n")
            deadline = time.monotonic() + START
            while not caught and server.stdout.count("Rebuilt in") == rebuilt:
                assert time.monotonic() < deadline, "the rebuild never ended"
                for worker in spawned_workers(group):
                    os.killpg(group, signal.SIGSTOP)
                    if stopped_ignoring_sigint(worker) is False:
                        caught = True
                        server.interrupt()  # held until SIGCONT: lands where the test looked
                        break
                    os.killpg(group, signal.SIGCONT)
            if caught:
                break
        assert caught, "no worker was ever seen starting"
        os.killpg(group, signal.SIGCONT)
        sent = time.monotonic()
        code = server.proc.wait(START)
        took = time.monotonic() - sent
        server.finish()
        assert "Traceback" not in server.stderr, server.stderr[-3000:]
        assert "KeyboardInterrupt" not in server.stderr, server.stderr[-3000:]
        assert code == 130
        assert took <= 3.0, f"took {took:.2f} s to stop"  # a few tenths; the rest is for load
        assert not (left := server.leftovers()), f"a process of the server outlived it: {left}"
    finally:
        if server.proc.poll() is None:
            os.killpg(group, signal.SIGCONT)
        server.close()


@pytest.mark.slow
def test_sigterm_while_the_search_index_is_written_leaves_nothing(tmp_path: Path) -> None:
    hub = make_site(tmp_path / "hub", MANY)
    server = Server(hub, tmp_path / "tmp", "--port", "0")
    try:
        server.wait_for_url()
        deadline = time.monotonic() + START  # the index starts after 1.5 s without saves
        while not list(server.tmpdir.glob("recordhub-preview-*/recordhub-search-*")):
            if time.monotonic() > deadline or list(server.tmpdir.glob("*/site/pagefind")):
                pytest.skip("no background search indexing was seen (is Pagefind installed?)")
            time.sleep(0.01)
        server.proc.send_signal(signal.SIGTERM)  # as `kill` or a service manager sends it
        assert server.finish() == 143
        assert not list(server.tmpdir.iterdir()), "left in TMPDIR"
        assert not (left := server.leftovers()), f"a process of the server outlived it: {left}"
    finally:
        server.close()


def test_files_are_served_with_the_type_the_manifest_gives_them(tmp_path: Path) -> None:
    png = base64.b64decode(
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="
    )
    hub = make_site(tmp_path / "hub", {**HUB, "content/faq/chart.PNG": png})
    server = Server(hub, tmp_path / "tmp", "--port", "0")
    try:
        server.wait_for_url()
        expected = {
            "/": "text/html; charset=utf-8",
            "/faq/chart.PNG": "image/png",
            "/sitemap.xml": "application/xml; charset=utf-8",
            "/corrections/feed.xml": "application/xml; charset=utf-8",
            "/app.css": "text/css; charset=utf-8",
            "/app.js": "text/javascript; charset=utf-8",
        }
        for target, kind in expected.items():
            status, headers, _ = server.request(target)
            assert status == 200, target
            assert headers["content-type"] == kind, target
        assert server.request("/faq/chart.PNG")[2] == png
    finally:
        server.close()


def test_a_missing_address_gets_the_nearest_page_for_it(tmp_path: Path) -> None:
    site = (
        "title: T\nbase_url: https://hub.example/\n"
        "languages: [{code: en, name: English}, {code: ar, name: العربية, dir: rtl}]\n"
    )
    files = {**HUB, "content/_index.ar.md": "---\ntitle: Home in Arabic\n---\nText.\n"}
    server = Server(make_site(tmp_path / "hub", files, site), tmp_path / "tmp", "--port", "0")
    try:
        server.wait_for_url()
        status, _, body = server.request("/ar/no/such/page/")
        assert status == 404 and 'lang="ar"' in body.decode()
        status, _, body = server.request("/no/such/page/")
        assert status == 404 and 'lang="en"' in body.decode()
    finally:
        server.close()


def test_a_hub_deployed_under_a_path_is_previewed_under_it(tmp_path: Path) -> None:
    site = "title: T\nbase_url: https://example.com/facts/\n"
    server = Server(make_site(tmp_path / "hub", HUB, site), tmp_path / "tmp", "--port", "0")
    try:
        server.wait_for_url()
        assert f"at http://127.0.0.1:{server.port}/facts/ (" in server.stdout  # the site's
        status, _, body = server.request("/facts/faq/data/")
        assert status == 200 and b"In Virginia." in body
        # its pages link to /facts/...: each of those is served
        for link in set(re.findall(rb'(?:href|src)="(/facts/[^"#?]*)', body)):
            assert server.request(link.decode())[0] == 200, link
        # the server's own address, and the path without its slash, lead to the site
        for target, location in (("/", "/facts/"), ("/facts", "/facts/"), ("/?q=1", "/facts/?q=1")):
            status, headers, _ = server.request(target)
            assert (status, headers["location"]) == (302, location), target
        status, headers, _ = server.request("/facts/faq")
        assert (status, headers["location"]) == (302, "/facts/faq/")
        # outside the site, as on the host: the site's 404 page
        status, _, body = server.request("/faq/data/")
        assert status == 404 and b'href="/facts/' in body
        # a file is no folder, as on the host
        assert server.request("/facts/faq/data/index.html/")[0] == 404
        assert server.request("/facts/faq/data/index.html")[0] == 200
    finally:
        server.close()


def test_the_error_overlay_reads_left_to_right_in_a_right_to_left_page(tmp_path: Path) -> None:
    site = (
        "title: T\nbase_url: https://hub.example/\n"
        "languages: [{code: en, name: English}, {code: ar, name: العربية, dir: rtl}]\n"
    )
    files = {**HUB, "content/_index.ar.md": "---\ntitle: Home in Arabic\n---\nText.\n"}
    hub = make_site(tmp_path / "hub", files, site)
    server = Server(hub, tmp_path / "tmp", "--port", "0")
    try:
        server.wait_for_url()
        (hub / "content/_index.ar.md").write_text("---\ntitle: [broken\n---\nText.\n", "utf-8")
        assert server.wait_for_error("invalid YAML")
        _, _, body = server.request("/ar/")
        assert b'<html lang="ar" dir="rtl">' in body
        assert (
            b'<div id="recordhub-overlay" role="alert" aria-live="assertive" lang="en" dir="ltr">'
            in (body)
        )
    finally:
        server.close()


def test_the_page_of_a_failed_first_build_says_its_language(tmp_path: Path) -> None:
    """The bare page that carries the overlay before anything was built is a page of its own:
    assistive technology reads it in the language it declares (WCAG 3.1.1)."""
    hub = make_site(tmp_path / "hub", {**HUB, "content/page.md": "---\ntitle: [broken\n---\n"})
    server = Server(hub, tmp_path / "tmp", "--port", "0")
    try:
        server.wait_for_url()
        status, headers, body = server.request("/page/")
        assert (status, headers["content-type"]) == (503, "text/html; charset=utf-8")
        assert body.startswith(
            b'<!doctype html><html lang="en" dir="ltr"><head><meta charset="utf-8">'
            b'<meta name="recordhub-preview-error"><title>Build failed</title></head><body>'
        )
        assert b"<li><code>content/page.md:2:8: error: invalid YAML: " in body
    finally:
        server.close()


# Loaded by the served process at start (Python imports sitecustomize from its path): the
# second listing of static/ deletes a file it has just listed, as a checkout running alongside
# the rebuild does, so that the file is gone when the rebuild reads it.
DELETE_AFTER_LISTING = """
from recordhub import plan

listing = plan.static_files
calls = []


def static_files(config):
    found = listing(config)
    calls.append(1)
    if len(calls) == 2:
        (config.static_dir / "img" / "p001.jpg").unlink()
    return found


plan.static_files = static_files
"""


def test_a_file_deleted_during_a_rebuild_does_not_stop_the_server(tmp_path: Path) -> None:
    files = {**HUB, **{f"static/img/p00{n}.jpg": f"image {n}" for n in range(1, 4)}}
    hub = make_site(tmp_path / "hub", files)
    hook = tmp_path / "hook"
    hook.mkdir()
    (hook / "sitecustomize.py").write_text(DELETE_AFTER_LISTING)
    path = os.pathsep.join(filter(None, [str(hook), os.environ.get("PYTHONPATH")]))
    server = Server(hub, tmp_path / "tmp", "--port", "0", PYTHONPATH=path)
    try:
        server.wait_for_url()
        assert server.request("/img/p001.jpg")[0] == 200
        (hub / "static/img/p002.jpg").write_text("image 2, again")
        note = (
            "note: static/img/p001.jpg went away while the preview read it; rebuilding once "
            "files stop changing\n"
        )
        assert server.wait_for_error(note), server.stderr
        assert server.wait_for_count("Rebuilt in", 2), server.stderr  # the first build's, then
        assert server.proc.poll() is None
        assert server.stderr == note
        assert server.request("/img/p002.jpg")[2] == b"image 2, again"
        assert server.request("/img/p001.jpg")[0] == 404
        server.interrupt()
        assert server.finish() == 130
    finally:
        server.close()


def test_an_unreadable_site_yml_is_shown_and_the_server_keeps_running(
    serve: Server, hub: Path
) -> None:
    config = hub / "site.yml"
    text = config.read_text()
    config.unlink()
    config.mkdir()  # replaced by a folder: reading it fails, but not because it went away
    message = (
        "site.yml: error: cannot be read: Is a directory\n"
        "  hint: make it a file you may read, or remove it; the preview rebuilds when it changes\n"
        "Build failed; the preview keeps the last good pages and shows the error.\n"
    )
    assert serve.wait_for_error(message), serve.stderr
    status, _, body = serve.request("/page/")
    assert status == 200 and b"rh-version-0" in body
    assert b"site.yml: error: cannot be read: Is a directory" in body  # the overlay
    config.rmdir()
    config.write_text(text.replace("Test Hub", "Renamed Hub"))
    assert serve.wait_for_count("Rebuilt in", 2), serve.stderr  # the first build's, then
    status, _, body = serve.request("/page/")
    assert b"Renamed Hub" in body and b"recordhub-overlay" not in body
    serve.interrupt()
    assert serve.finish() == 130
    assert serve.stderr.endswith(message + "interrupted\n"), serve.stderr


def test_a_file_name_that_is_not_utf8_is_shown_and_the_server_keeps_running(
    serve: Server, hub: Path
) -> None:
    bad = Path(os.fsdecode(os.fsencode(hub / "static") + "/café.txt".encode("latin-1")))
    bad.parent.mkdir(exist_ok=True)
    bad.write_text("x\n")
    message = (
        "static/caf\\xe9.txt: error: this file's name is not UTF-8, so it cannot be published "
        "under it\n"
        "  hint: rename it (the escaped bytes stand for letters in another encoding, such as "
        "Latin-1)\n"
        "Build failed; the preview keeps the last good pages and shows the error.\n"
    )
    assert serve.wait_for_error(message), serve.stderr
    assert serve.proc.poll() is None
    status, _, body = serve.request("/page/")
    assert status == 200 and b"rh-version-0" in body
    assert b"static/caf\\xe9.txt: error: this file&#x27;s name is not UTF-8" in body
    bad.unlink()
    assert serve.wait_for_count("Rebuilt in", 2), serve.stderr
    assert b"recordhub-overlay" not in serve.request("/page/")[2]


def test_an_edit_in_a_linked_folder_shows_in_the_preview(tmp_path: Path) -> None:
    files = {**HUB, "shared/statement.md": "---\ntitle: Shared\n---\nrh-shared-1\n"}
    hub = make_site(tmp_path / "hub", files)
    (hub / "content/shared").symlink_to("../shared")
    server = Server(hub, tmp_path / "tmp", "--port", "0")
    try:
        server.wait_for_url()
        assert b"rh-shared-1" in server.request("/shared/statement/")[2]
        (hub / "shared/statement.md").write_text("---\ntitle: Shared\n---\nrh-shared-2\n")
        assert server.wait_for_count("Rebuilt in", 2), server.stderr
        assert b"rh-shared-2" in server.request("/shared/statement/")[2]
        (hub / "content/page.md").write_text("---\ntitle: A page\n---\nrh-version-1\n")
        assert server.wait_for_count("Rebuilt in", 3), server.stderr  # the body-only path
        assert b"rh-version-1" in server.request("/page/")[2]
        assert b"rh-shared-2" in server.request("/shared/statement/")[2]
    finally:
        server.close()


def test_closing_the_terminal_stops_the_server_and_removes_the_preview_folder(
    serve: Server,
) -> None:
    wait_until_idle(serve)
    serve.proc.send_signal(signal.SIGHUP)  # what a closed terminal sends its shell's jobs
    assert serve.finish() == 129
    assert serve.stderr.splitlines()[-1] == "hung up"
    assert "Traceback" not in serve.stderr
    assert not list(serve.tmpdir.iterdir()), "left in TMPDIR"


# Loaded by the served process at start: a second Ctrl-C comes while the server cleans up
# after the first signal, as when Ctrl-C is pressed twice quickly.
SECOND_CTRL_C = """
import os
import signal

from recordhub import search

stop = search.Background.stop


def stop_after_a_second_ctrl_c(self):
    os.kill(os.getpid(), signal.SIGINT)
    stop(self)


search.Background.stop = stop_after_a_second_ctrl_c
"""


@pytest.mark.parametrize(
    ("first", "code", "word"),
    [(signal.SIGINT, 130, "interrupted"), (signal.SIGTERM, 143, "terminated")],
    ids=["SIGINT", "SIGTERM"],
)
def test_a_second_ctrl_c_during_clean_up_still_removes_the_preview_folder(
    hub: Path, tmp_path: Path, first: signal.Signals, code: int, word: str
) -> None:
    hook = tmp_path / "hook"
    hook.mkdir()
    (hook / "sitecustomize.py").write_text(SECOND_CTRL_C)
    path = os.pathsep.join(filter(None, [str(hook), os.environ.get("PYTHONPATH")]))
    server = Server(hub, tmp_path / "tmp", "--port", "0", PYTHONPATH=path)
    try:
        server.wait_for_url()
        wait_until_idle(server)
        server.proc.send_signal(first)
        assert server.finish() == code  # as for the first signal
        assert server.stderr.splitlines()[-1] == word, server.stderr
        assert "Traceback" not in server.stderr
        assert not list(server.tmpdir.iterdir()), "left in TMPDIR"
    finally:
        server.close()
