"""``check --external`` against a local HTTP server: warnings for links that do not work, one
retry, GET after a refused HEAD, a timeout, the cache of successes, and at most per_host
requests at a time. Only 127.0.0.1 is ever contacted."""

from __future__ import annotations

import json
import os
import signal
import socket
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from hubtest import make_site, run_cli, spawn
from recordhub import external, linkfetch
from recordhub.sealed import seal, unseal

TIMEOUT = 0.75  # the checker's timeout in these tests
SLOW = 5.0  # how long /slow would take, unless the test ends first
HOLD = 10.0  # how long /busy/ waits for the expected number of requests at once, at most


HEAD_FAILS = {"/head404": 404, "/head400": 400, "/head500": 500}
REDIRECTS = {"/loop": "/loop", "/ping": "/pong", "/pong": "/ping", "/moved": "/ok"}
RETRY_AFTER = {
    "/slowdown": "1",
    "/limited": "0",
    "/limited-long": "3600",
    "/limited-wait": "4",  # within external.RATE_WAIT: waited for, unless Ctrl-C comes first
    "/limited-date": "Wed, 21 Oct 2015 07:28:00 GMT",  # a date gone by: ask again at once
}


class Server(ThreadingHTTPServer):
    """Counts requests and how many are answered at once."""

    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), Handler)
        self.lock = threading.Lock()
        self.changed = threading.Condition(self.lock)  # notified when a request comes in
        self.requests: list[tuple[str, str]] = []
        self.active = 0
        self.peak = 0
        self.hold = 0  # /busy/ answers once this many requests have been answered at once
        self.release = threading.Event()

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"

    def count(self, path: str, method: str | None = None) -> int:
        with self.lock:
            return sum(p == path and method in (None, m) for m, p in self.requests)

    def status(self, method: str, path: str) -> int:
        if path == "/gone":
            return 404
        if path == "/flaky":  # fails to HEAD and to GET once, then works
            return 500 if self.count("/flaky") <= 2 else 200
        if path == "/nohead":
            return 405 if method == "HEAD" else 200
        if path in HEAD_FAILS:  # a server that answers HEAD wrongly, GET rightly
            return HEAD_FAILS[path] if method == "HEAD" else 200
        if path in REDIRECTS or path.startswith("/chain/"):
            return 301
        if path == "/nowhere":
            return 302  # without a Location
        if path == "/slowdown":  # limited once, then answers
            return 429 if self.count("/slowdown") == 1 else 200
        if path.startswith("/limited"):
            return 429
        return 200

    def headers(self, path: str) -> dict[str, str]:
        """The Location of a redirect, the Retry-After of a 429."""
        if path.startswith("/chain/"):  # a chain that never ends
            return {"Location": f"/chain/{int(path.rsplit('/', 1)[1]) + 1}"}
        if path in REDIRECTS:
            return {"Location": REDIRECTS[path]}
        return {"Retry-After": RETRY_AFTER[path]} if path in RETRY_AFTER else {}


class Handler(BaseHTTPRequestHandler):
    server: Server

    def do_HEAD(self) -> None:
        self.answer("HEAD")

    def do_GET(self) -> None:
        self.answer("GET")

    def answer(self, method: str) -> None:
        server = self.server
        path = urlsplit(self.path).path
        with server.lock:
            server.requests.append((method, path))
            server.active += 1
            server.peak = max(server.peak, server.active)
            server.changed.notify_all()
        status = server.status(method, path)
        if path == "/drip":  # each byte within the timeout, the whole answer far past it
            with server.lock:
                server.active -= 1
            for byte in b"HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n":
                if server.release.wait(TIMEOUT / 3):
                    return
                try:
                    self.wfile.write(bytes([byte]))
                    self.wfile.flush()
                except OSError:
                    return
            return
        if path == "/slow":
            server.release.wait(SLOW)  # far past the checker's timeout
        elif path.startswith("/busy/"):
            # held until the expected number is reached, however late the checker's threads
            # get to send theirs; then long enough for a checker that sends too many to show
            with server.changed:
                if not server.changed.wait_for(lambda: server.peak >= server.hold, HOLD):
                    server.hold = 0  # not reached: the test fails, and need not wait again
            time.sleep(0.25)
        # Counted as done before the answer goes out: the checker may start its next request
        # as soon as it reads this one, sooner than this thread gets to run again.
        with server.lock:
            server.active -= 1
        try:
            self.send_response(status)
            self.send_header("Content-Type", "text/plain")
            for name, value in server.headers(path).items():
                self.send_header(name, value)
            self.send_header("Content-Length", "2")
            self.end_headers()
            if method == "GET":
                self.wfile.write(b"ok")
        except OSError:
            pass  # the checker gave up waiting (/slow)

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def server(monkeypatch: pytest.MonkeyPatch) -> Iterator[Server]:
    # never through a proxy: the checker must reach this server directly
    for name in ("http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY", "all_proxy"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("no_proxy", "127.0.0.1")
    monkeypatch.setenv("NO_PROXY", "127.0.0.1")
    httpd = Server()
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05})
    thread.start()
    try:
        yield httpd
    finally:
        httpd.release.set()
        httpd.shutdown()
        httpd.server_close()
        thread.join(5)


@pytest.fixture
def local_only(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Make every Checker refuse anything but 127.0.0.1, with the short test timeout."""
    asked: list[str] = []

    class LocalChecker(external.Checker):
        def __init__(self, cache_dir: Path | None, **kwargs: object) -> None:
            super().__init__(cache_dir, timeout=TIMEOUT)

        def check(self, urls: Iterable[str]) -> dict[str, linkfetch.Result]:
            urls = list(urls)
            asked.extend(urls)
            assert all(urlsplit(u).hostname == "127.0.0.1" for u in urls), urls
            return super().check(urls)

    monkeypatch.setattr(external, "Checker", LocalChecker)
    return asked


# --------------------------------------------------------------------------- the checker itself


def test_results_retry_get_after_head_and_timeout(server: Server, tmp_path: Path) -> None:
    checker = external.Checker(tmp_path / "cache", timeout=TIMEOUT)
    paths = ["/ok", "/gone", "/flaky", "/nohead", "/slow"]
    results = checker.check(server.base + p for p in paths)
    got = {urlsplit(url).path: (r.ok, r.status) for url, r in results.items()}
    assert got == {
        "/ok": (True, 200),
        "/gone": (False, 404),
        "/flaky": (True, 200),
        "/nohead": (True, 200),
        "/slow": (False, None),
    }
    assert "timed out" in results[server.base + "/slow"].reason
    # /flaky answered 500 to HEAD and GET and was asked once more; a 404 is not retried, only
    # asked with GET
    assert server.count("/flaky") == 3
    assert server.requests.count(("HEAD", "/gone")) == 1
    assert server.requests.count(("GET", "/gone")) == 1
    assert server.count("/ok") == 1
    # /nohead refused HEAD and was asked with GET
    assert server.count("/nohead", "HEAD") == 1
    assert server.count("/nohead", "GET") == 1
    assert server.count("/slow") == 2  # a timeout is retried too


def test_successes_are_cached_and_not_asked_again(server: Server, tmp_path: Path) -> None:
    urls = [server.base + p for p in ("/ok", "/gone", "/nohead")]
    external.Checker(tmp_path, timeout=TIMEOUT).check(urls)
    cache = read_cache(tmp_path)
    assert {url: (entry["ok"], entry["status"]) for url, entry in cache.items()} == {
        urls[0]: (True, 200),
        urls[1]: (False, 404),
        urls[2]: (True, 200),
    }
    before = list(server.requests)

    results = external.Checker(tmp_path, timeout=TIMEOUT).check(urls)
    assert results[urls[0]].ok and results[urls[0]].reason == "cached"
    assert results[urls[2]].ok and results[urls[2]].reason == "cached"
    assert not results[urls[1]].ok
    # only the failure again
    assert server.requests[len(before) :] == [("HEAD", "/gone"), ("GET", "/gone")]


def test_a_stale_success_is_asked_again(server: Server, tmp_path: Path) -> None:
    url = server.base + "/ok"
    stale = time.time() - external.FRESH_SECONDS - 60
    write_cache(tmp_path, {url: {"status": 200, "ok": True, "at": stale}})
    result = external.Checker(tmp_path, timeout=TIMEOUT).check([url])[url]
    assert result.ok and result.reason != "cached"
    assert server.count("/ok") == 1


def test_a_success_from_a_clock_that_ran_ahead_is_asked_again(
    server: Server, tmp_path: Path
) -> None:
    # checked while the clock was a month ahead, then the clock was corrected: the link may
    # have broken since, and a day's trust must not last a month
    url = server.base + "/gone"
    ahead = time.time() + 30 * 86400
    write_cache(tmp_path, {url: {"status": 200, "ok": True, "at": ahead}})
    result = external.Checker(tmp_path, timeout=TIMEOUT).check([url])[url]
    assert not result.ok and result.reason != "cached"


def read_cache(folder: Path) -> Any:
    payload = unseal((folder / external.CACHE_FILE).read_bytes())
    assert payload is not None  # a line with the digest of the rest, then JSON
    return json.loads(bytes(payload))


def write_cache(folder: Path, data: object) -> None:
    (folder / external.CACHE_FILE).write_bytes(seal(json.dumps(data).encode()))


def test_a_fresh_cached_success_is_not_asked_again(server: Server, tmp_path: Path) -> None:
    """The other side of the damage tests: a whole entry is believed."""
    url = server.base + "/gone"
    write_cache(tmp_path, {url: {"status": 200, "ok": True, "at": time.time()}})
    result = external.Checker(tmp_path, timeout=TIMEOUT).check([url])[url]
    assert result.ok and result.reason == "cached"
    assert server.count("/gone") == 0


def _turned_to_success(data: bytes) -> bytes:
    assert b'"ok": false' in data
    return data.replace(b'"ok": false', b'"ok": true ')  # the digest no longer holds


ENTRY_DAMAGE: dict[str, Callable[[float], object]] = {
    "not-an-object": lambda now: ["200"],
    "status-as-text": lambda now: {"status": "200", "ok": True, "at": now},
    "status-a-boolean": lambda now: {"status": True, "ok": True, "at": now},
    "time-as-text": lambda now: {"status": 200, "ok": True, "at": "today"},
    "ok-as-text": lambda now: {"status": 200, "ok": "yes", "at": now},
    "no-time": lambda now: {"status": 200, "ok": True},
}


@pytest.mark.parametrize("damage", sorted(ENTRY_DAMAGE))
def test_a_damaged_cache_entry_is_asked_again(server: Server, tmp_path: Path, damage: str) -> None:
    url = server.base + "/gone"
    write_cache(tmp_path, {url: ENTRY_DAMAGE[damage](time.time())})
    result = external.Checker(tmp_path, timeout=TIMEOUT).check([url])[url]
    assert not result.ok and result.status == 404
    assert read_cache(tmp_path)[url]["status"] == 404  # replaced by the answer


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(_turned_to_success, id="failure-turned-to-success"),
        pytest.param(lambda data: data[: len(data) // 2], id="cut-short"),
        pytest.param(lambda data: bytes(unseal(data) or b""), id="no-digest"),
        pytest.param(lambda data: seal(b"[1, 2]"), id="a-list"),
        pytest.param(lambda data: b"", id="empty"),
    ],
)
def test_a_damaged_cache_file_is_only_a_slower_check(
    server: Server, tmp_path: Path, damage: Callable[[bytes], bytes]
) -> None:
    url = server.base + "/gone"
    external.Checker(tmp_path, timeout=TIMEOUT).check([url])
    path = tmp_path / external.CACHE_FILE
    path.write_bytes(damage(path.read_bytes()))
    result = external.Checker(tmp_path, timeout=TIMEOUT).check([url])[url]
    assert not result.ok and result.reason != "cached"
    assert server.count("/gone", "HEAD") == 2


def test_a_cache_folder_that_cannot_be_written_is_only_slower(
    server: Server, tmp_path: Path
) -> None:
    (tmp_path / "cache").write_text("a file where the folder belongs", "utf-8")
    url = server.base + "/ok"
    for _ in range(2):
        result = external.Checker(tmp_path / "cache", timeout=TIMEOUT).check([url])[url]
        assert result.ok and result.reason != "cached"
    assert server.count("/ok") == 2
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cache"]


def test_redirect_loops_and_endless_chains_do_not_work(server: Server, tmp_path: Path) -> None:
    paths = ["/loop", "/ping", "/chain/0", "/nowhere", "/moved"]
    urls = [server.base + p for p in paths]
    results = external.Checker(tmp_path, timeout=TIMEOUT).check(urls)
    got = {urlsplit(url).path: (r.ok, r.status, r.why) for url, r in results.items()}
    assert got == {
        "/loop": (False, 301, "redirects in a loop"),
        "/ping": (False, 301, "redirects in a loop"),
        "/chain/0": (False, 301, "too many redirects"),
        "/nowhere": (False, 302, "HTTP 302: Found"),
        "/moved": (True, 200, "HTTP 200"),
    }
    assert server.count("/loop") == 5  # urllib's bound on one address; never retried
    cache = read_cache(tmp_path)
    assert [urlsplit(url).path for url, entry in cache.items() if entry["ok"]] == ["/moved"]

    before = len(server.requests)
    again = external.Checker(tmp_path, timeout=TIMEOUT).check(urls)
    assert not again[urls[0]].ok  # asked again, not taken from the cache as a success
    assert server.count("/loop") == 10 and len(server.requests) > before


def test_an_iri_is_sent_as_a_uri(server: Server, tmp_path: Path) -> None:
    paths = ["/ok/über-uns", "/ok/من-نحن", "/ok/a b?q=é&r=%C3%BC"]
    results = external.Checker(None, timeout=TIMEOUT).check(server.base + p for p in paths)
    assert {urlsplit(u).path: r.ok for u, r in results.items()} == dict.fromkeys(
        ["/ok/über-uns", "/ok/من-نحن", "/ok/a b"], True
    )
    assert sorted(server.requests) == [
        ("HEAD", "/ok/%C3%BCber-uns"),
        ("HEAD", "/ok/%D9%85%D9%86-%D9%86%D8%AD%D9%86"),
        ("HEAD", "/ok/a%20b"),
    ]


@pytest.mark.parametrize(
    ("iri", "uri"),
    [
        ("https://bücher.example/", "https://xn--bcher-kva.example/"),
        (
            "http://u:p@Bücher.example:8080/ä?q=ü#é",
            "http://u:p@xn--bcher-kva.example:8080/%C3%A4?q=%C3%BC#%C3%A9",
        ),
        ("https://example.com/a%20b/?q=1&r=2", "https://example.com/a%20b/?q=1&r=2"),
    ],
)
def test_as_uri(iri: str, uri: str) -> None:
    assert linkfetch.as_uri(iri) == uri


def test_get_after_any_failed_head(server: Server) -> None:
    paths = sorted(HEAD_FAILS)
    results = external.Checker(None, timeout=TIMEOUT).check(server.base + p for p in paths)
    assert {urlsplit(u).path: (r.ok, r.status) for u, r in results.items()} == dict.fromkeys(
        paths, (True, 200)
    )
    assert sorted(server.requests) == sorted(
        [("GET", p) for p in paths] + [("HEAD", p) for p in paths]
    )


def test_a_429_is_waited_for_within_a_bound(server: Server, tmp_path: Path) -> None:
    def one(path: str) -> tuple[linkfetch.Result, float]:
        started = time.monotonic()
        url = server.base + path
        return external.Checker(tmp_path, timeout=TIMEOUT).check([url])[url], (
            time.monotonic() - started
        )

    result, took = one("/slowdown")  # Retry-After: 1, then it answers
    assert (result.ok, server.count("/slowdown"), took >= 1) == (True, 2, True)

    result, took = one("/limited")  # Retry-After: 0, and still limited
    assert (result.ok, result.limited, result.reason) == (False, True, "rate-limited")
    assert server.count("/limited") == 2 and took < 1

    result, took = one("/limited-date")  # a date gone by: asked again at once
    assert result.limited and server.count("/limited-date") == 2 and took < 1

    result, took = one("/limited-long")  # an hour: not waited for
    assert result.limited and server.count("/limited-long") == 1 and took < 1

    cache = read_cache(tmp_path)
    assert [urlsplit(url).path for url in cache] == ["/slowdown"]  # the rest were not checked


def test_a_limiting_host_is_not_asked_for_more(server: Server) -> None:
    urls = [f"{server.base}/limited-long?page={i}" for i in range(3)]
    results = external.Checker(None, timeout=TIMEOUT, workers=1).check(urls)
    assert all(r.limited for r in results.values())
    assert server.count("/limited-long") == 1


@pytest.mark.parametrize("per_host", [1, 2, 3])
def test_at_most_per_host_requests_at_once(server: Server, per_host: int) -> None:
    urls = [f"{server.base}/busy/{i}" for i in range(2 * per_host)]
    server.hold = per_host
    results = external.Checker(None, timeout=HOLD * 2, workers=8, per_host=per_host).check(urls)
    assert all(r.ok for r in results.values())
    assert len(server.requests) == len(urls)
    assert server.peak == per_host  # reached, never passed


# --------------------------------------------------------------------------- the command


def page(base: str, paths: Iterable[str]) -> str:
    links = "".join(f"- [link {p}]({base}{p})\n" for p in paths)
    return f"---\ntitle: Sources\n---\nSee:\n\n{links}"


def warnings(err: str) -> list[str]:
    return [line for line in err.splitlines() if ": warning: " in line]


def test_check_external_warns_about_links_that_do_not_work(server: Server, tmp_path: Path) -> None:
    paths = ["/ok", "/gone", "/flaky", "/nohead"]
    hub = make_site(tmp_path / "hub", {"content/_index.md": page(server.base, paths)})

    run = run_cli("-C", hub, "check", "--external")
    assert run.code == 0, run.err  # other sites come and go: warnings, not errors
    assert warnings(run.err) == [
        f"content/_index.md:7:16: warning: external link {server.base}/gone on / "
        "does not work: HTTP 404"
    ]
    assert server.count("/flaky") == 3  # the retry made it pass
    assert server.count("/nohead", "GET") == 1
    assert server.peak <= 2  # two per host by default

    cache = read_cache(hub / ".recordhub-cache")
    assert {urlsplit(url).path: entry["ok"] for url, entry in cache.items()} == {
        "/ok": True,
        "/gone": False,
        "/flaky": True,
        "/nohead": True,
    }

    before = len(server.requests)
    again = run_cli("-C", hub, "check", "--external")
    assert warnings(again.err) == warnings(run.err)
    # the successes came from the cache
    assert server.requests[before:] == [("HEAD", "/gone"), ("GET", "/gone")]

    strict = run_cli("-C", hub, "check", "--external", "--strict")
    assert strict.code == 1


def test_check_external_reports_redirects_that_lead_nowhere(server: Server, tmp_path: Path) -> None:
    paths = ["/loop", "/chain/0", "/moved", "/ok/über-uns", "/head404"]
    hub = make_site(tmp_path / "hub", {"content/_index.md": page(server.base, paths)})
    run = run_cli("-C", hub, "check", "--external")
    assert run.code == 0, run.err
    assert warnings(run.err) == [
        f"content/_index.md:6:16: warning: external link {server.base}/loop on / "
        "does not work: redirects in a loop",
        f"content/_index.md:7:19: warning: external link {server.base}/chain/0 on / "
        "does not work: too many redirects",
    ]
    cache = read_cache(hub / ".recordhub-cache")
    assert {urlsplit(url).path: entry["ok"] for url, entry in cache.items()} == {
        "/loop": False,
        "/chain/0": False,
        "/moved": True,
        "/ok/über-uns": True,
        "/head404": True,
    }


def test_check_external_notes_a_rate_limited_link_as_not_checked(
    server: Server, tmp_path: Path
) -> None:
    hub = make_site(tmp_path / "hub", {"content/_index.md": page(server.base, ["/limited-long"])})
    for strict in ([], ["--strict"]):
        run = run_cli("-C", hub, "check", "--external", *strict)
        assert run.code == 0, run.err  # not checked is not broken
        assert warnings(run.err) == []
        assert [line for line in run.err.splitlines() if "/limited" in line] == [
            f"content/_index.md:6:24: notice: external link {server.base}/limited-long on / "
            "was not checked: its site is limiting requests (HTTP 429)"
        ]
        assert "  hint: run the check again later" in run.err.splitlines()
    assert server.count("/limited-long") == 2  # asked each time: never cached
    cache = read_cache(hub / ".recordhub-cache")
    assert cache == {}


def test_check_without_external_asks_no_one(server: Server, tmp_path: Path) -> None:
    hub = make_site(tmp_path / "hub", {"content/_index.md": page(server.base, ["/gone"])})
    for args in (["check"], ["build", "-o", str(tmp_path / "out")]):
        run = run_cli("-C", hub, *args)
        assert run.code == 0, run.err
        assert warnings(run.err) == []
    assert server.requests == []
    assert not (hub / ".recordhub-cache" / external.CACHE_FILE).exists()


def test_check_external_reports_a_timeout(
    server: Server, tmp_path: Path, local_only: list[str]
) -> None:
    paths = ["/ok", "/gone", "/slow", "/nohead"]
    hub = make_site(tmp_path / "hub", {"content/_index.md": page(server.base, paths)})
    run = run_cli("-C", hub, "check", "--external")
    assert run.code == 0, run.err
    assert warnings(run.err) == [
        f"content/_index.md:7:16: warning: external link {server.base}/gone on / "
        "does not work: HTTP 404",
        f"content/_index.md:8:16: warning: external link {server.base}/slow on / "
        "does not work: timed out",
    ]
    assert sorted(urlsplit(u).path for u in local_only) == sorted(paths)


@pytest.mark.parametrize(("sig", "code"), [(signal.SIGINT, 130), (signal.SIGTERM, 143)])
def test_ctrl_c_stops_check_external_at_once(
    tmp_path: Path, sig: signal.Signals, code: int
) -> None:
    # a server that takes every connection and never answers: each request would wait its
    # whole timeout (10 s, and once more on retry)
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(16)
    held: list[socket.socket] = []

    def accept() -> None:
        while True:
            try:
                held.append(listener.accept()[0])
            except OSError:
                return

    threading.Thread(target=accept, daemon=True).start()
    base = f"http://127.0.0.1:{listener.getsockname()[1]}"
    hub = make_site(tmp_path / "hub", {"content/_index.md": page(base, ["/a", "/b", "/c"])})
    proc = spawn("-C", hub, "check", "--external")
    try:
        deadline = time.monotonic() + 30
        while len(held) < 3 and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.02)
        assert len(held) == 3, "the check never asked"
        sent = time.monotonic()
        os.killpg(proc.pid, sig) if sig is signal.SIGINT else os.kill(proc.pid, sig)
        out, err = proc.communicate(timeout=30)
        took = time.monotonic() - sent
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.communicate()
        listener.close()
        for connection in held:
            connection.close()
    assert proc.returncode == code, err
    assert "Traceback" not in out + err
    assert took < 3, f"{took:.1f} s after the signal"


def test_ctrl_c_stops_the_wait_for_a_rate_limited_site(server: Server, tmp_path: Path) -> None:
    hub = make_site(tmp_path / "hub", {"content/_index.md": page(server.base, ["/limited-wait"])})
    proc = spawn("-C", hub, "check", "--external")
    try:
        deadline = time.monotonic() + 30
        while not server.count("/limited-wait") and time.monotonic() < deadline:
            time.sleep(0.02)
        assert server.count("/limited-wait") == 1, "the check never asked"
        time.sleep(0.2)  # the answer is read, and the wait begun
        sent = time.monotonic()
        os.killpg(proc.pid, signal.SIGINT)
        out, err = proc.communicate(timeout=30)
        took = time.monotonic() - sent
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.communicate()
    assert proc.returncode == 130, err
    assert "Traceback" not in out + err
    assert took < 3, f"{took:.1f} s after the signal"
    assert server.count("/limited-wait") == 1


def test_check_external_reads_a_link_as_browsers_do(server: Server, tmp_path: Path) -> None:
    upper = server.base.replace("http://", "HTTP://")
    text = f"---\ntitle: Home\n---\nSee [this]({upper}/gone).\n"
    hub = make_site(tmp_path / "hub", {"content/_index.md": text})
    run = run_cli("-C", hub, "check", "--external")
    assert warnings(run.err) == [
        f"content/_index.md:4:12: warning: external link {server.base}/gone on / "
        "does not work: HTTP 404"
    ]


@pytest.mark.parametrize(
    ("link", "fetched"),
    [
        ("HTTPS://example.com/A", "https://example.com/A"),
        ("//example.com/a", "https://example.com/a"),  # from a site served over https
        (" https://example.com/\ta ", "https://example.com/a"),
        ("mailto:a@example.com", None),
        ("/about/", None),
        ("ftp://example.com/", None),
    ],
)
def test_links_fetched_are_web_addresses_as_browsers_read_them(
    link: str, fetched: str | None
) -> None:
    assert external._fetchable(link) == fetched


def test_an_address_given_in_site_yml_is_told_there(server: Server, tmp_path: Path) -> None:
    site = (
        "title: Test Hub\nbase_url: https://hub.example/\n"
        f"organization: {{name: Example Co, url: '{server.base}/gone'}}\n"
        "contact: {press: press@hub.example, security: security@hub.example}\n"
    )
    hub = make_site(tmp_path / "hub", {"content/_index.md": "---\ntitle: Home\n---\nHi.\n"}, site)
    run = run_cli("-C", hub, "check", "--external")
    # the theme shows it on every page; it is written once, in site.yml
    assert warnings(run.err) == [
        f"site.yml:3:39: warning: external link {server.base}/gone, given as organization.url "
        "in site.yml, does not work: HTTP 404"
    ]
    assert "  hint: update the address in site.yml, or remove it\n" in run.err


def test_a_server_that_sends_a_byte_at_a_time_is_given_up_on(
    server: Server, tmp_path: Path
) -> None:
    checker = external.Checker(tmp_path / "cache", timeout=TIMEOUT)
    started = time.monotonic()
    [result] = checker.check([server.base + "/drip"]).values()
    # asked twice (a failure to answer is tried again), each given up after twice the timeout;
    # the whole answer would take 13 s each
    assert time.monotonic() - started < 4 * 2 * TIMEOUT + 2
    assert not result.ok
    assert result.reason == f"no whole answer within {2 * TIMEOUT:g} s"
    assert server.count("/drip") == 2


def test_a_page_of_the_hubs_domain_outside_its_folder_is_checked(
    server: Server, tmp_path: Path
) -> None:
    # a hub at /facts/ of the company's domain links to the company's own pages there
    site = (
        f"title: Test Hub\nbase_url: {server.base}/facts/\norganization: {{name: Example Co}}\n"
        "contact: {press: press@hub.example}\n"
    )
    text = f"---\ntitle: Home\n---\n[Careers]({server.base}/gone) [Us]({server.base}/facts/)\n"
    hub = make_site(tmp_path / "hub", {"content/_index.md": text}, site)
    run = run_cli("-C", hub, "check", "--external")
    assert warnings(run.err) == [
        f"content/_index.md:4:11: warning: external link {server.base}/gone on /facts/ "
        "does not work: HTTP 404"
    ]
    # the hub's own page is checked as a file of the site, never fetched
    assert [path for _, path in server.requests] == ["/gone", "/gone"]


@pytest.fixture
def no_names(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Look up no host name but 127.0.0.1's, as on a machine with no network (nothing leaves
    this process: the lookup fails before any request)."""
    looked_up: list[str] = []
    real = socket.getaddrinfo

    def getaddrinfo(host: Any, *args: Any, **kwargs: Any) -> Any:
        looked_up.append(str(host))
        if host != "127.0.0.1":
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        return real(host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    for name in ("http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY", "all_proxy"):
        monkeypatch.delenv(name, raising=False)
    return looked_up


def test_check_external_with_no_network_says_so_once(no_names: list[str], tmp_path: Path) -> None:
    links = ["https://one.example/a", "https://one.example/b", "https://two.example/c"]
    body = "".join(f"- [link]({link})\n" for link in links)
    hub = make_site(tmp_path / "hub", {"content/_index.md": f"---\ntitle: S\n---\n{body}"})
    run = run_cli("-C", hub, "check", "--external")
    assert run.code == 0, run.err
    assert warnings(run.err) == [
        "--external: warning: no link to another site was checked: none of the 3 addresses' "
        "host names could be looked up, as on a machine with no network"
    ]
    assert "  hint: connect, then check again" in run.err
    assert {"one.example", "two.example"} <= set(no_names)


def test_one_site_whose_name_is_not_found_is_told_as_its_link(
    no_names: list[str], server: Server, tmp_path: Path
) -> None:
    """One host that cannot be looked up while another answers: that link is broken, and the
    network works."""
    body = f"- [link]({server.base}/ok)\n- [link](https://gone.example/x)\n"
    hub = make_site(tmp_path / "hub", {"content/_index.md": f"---\ntitle: S\n---\n{body}"})
    run = run_cli("-C", hub, "check", "--external")
    assert warnings(run.err) == [
        "content/_index.md:5:10: warning: external link https://gone.example/x on / does not "
        "work: [Errno -2] Name or service not known"
    ]
