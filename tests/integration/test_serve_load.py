"""The preview under load: 10,000 keep-alive requests from 50 threads while pages are rebuilt.

Every response must be a 200 with a whole page (the preview swaps files in atomically, so a
reader sees the old page or the new one, never half of one), and the server must not grow.
"""

from __future__ import annotations

import http.client
import os
import re
import signal
import subprocess
import threading
import time
from collections import Counter
from pathlib import Path

from hubtest import make_site, spawn

CLIENTS = 50
PER_CLIENT = 200  # 10,000 requests in all
REWRITES = 5
RSS_GROWTH_LIMIT_KB = 50 * 1024
PATHS = ("/", "/a/", "/faq/", "/faq/b/", "/tags/")
URL = re.compile(r"Serving the preview at http://127\.0\.0\.1:(\d+)/")


def page_a(version: int) -> str:
    # each version is longer than the last, so a torn read could not end in </html> by chance
    return f"---\ntitle: A\ntags: [load]\n---\nrh-version-{version}\n\n" + "word " * 2000 * version


def rss_kb(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise AssertionError("no VmRSS")


def test_preview_under_load_while_rebuilding(tmp_path: Path) -> None:
    hub = make_site(
        tmp_path / "hub",
        {
            "content/_index.md": "---\ntitle: Home\n---\nWelcome.\n",
            "content/a.md": page_a(0),
            "content/faq/_index.md": "---\ntitle: FAQ\n---\nQuestions.\n",
            "content/faq/b.md": "---\ntitle: B\ntags: [load]\n---\nAnswers.\n",
        },
    )
    tmpdir = tmp_path / "tmp"
    tmpdir.mkdir()
    proc = spawn("-C", hub, "serve", "--port", "0", TMPDIR=str(tmpdir))
    out: list[tuple[float, str]] = []
    err: list[str] = []
    started = threading.Event()

    def read_out() -> None:
        assert proc.stdout is not None
        for line in proc.stdout:
            out.append((time.monotonic(), line))
            if URL.search(line):
                started.set()
        started.set()

    def read_err() -> None:
        assert proc.stderr is not None
        err.extend(proc.stderr)

    readers = [threading.Thread(target=f, daemon=True) for f in (read_out, read_err)]
    for reader in readers:
        reader.start()
    try:
        assert started.wait(60), "the preview never started"
        match = next((m for _, line in out if (m := URL.search(line))), None)
        assert match, f"no URL\n{out}\n{''.join(err)}"
        port = int(match[1])

        warm = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        for _ in range(40):
            for path in PATHS:
                warm.request("GET", path)
                response = warm.getresponse()
                assert response.status == 200, path
                response.read()
        warm.close()
        time.sleep(1)
        before = rss_kb(proc.pid)

        statuses: Counter[int] = Counter()
        problems: list[str] = []
        reconnects = [0]
        lock = threading.Lock()

        def client(number: int) -> None:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            seen: Counter[int] = Counter()
            bad: list[str] = []
            for i in range(PER_CLIENT):
                path = PATHS[(number + i) % len(PATHS)]
                try:
                    conn.request("GET", path)
                    response = conn.getresponse()
                    body = response.read()
                except (OSError, http.client.HTTPException) as exc:
                    bad.append(f"{path}: {exc!r}")
                    conn.close()
                    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                    with lock:
                        reconnects[0] += 1
                    continue
                seen[response.status] += 1
                if not body.startswith(b"<!doctype html>") or not body.rstrip().endswith(
                    b"</html>"
                ):
                    bad.append(f"{path}: incomplete page ending {body[-60:]!r}")
                elif path == "/a/" and len(re.findall(rb"rh-version-\d+", body)) != 1:
                    bad.append(f"{path}: not exactly one version marker")
            conn.close()
            with lock:
                statuses.update(seen)
                problems.extend(bad)

        load_started = time.monotonic()
        threads = [threading.Thread(target=client, args=(n,)) for n in range(CLIENTS)]
        for thread in threads:
            thread.start()
        for version in range(1, REWRITES + 1):
            time.sleep(0.4)
            (hub / "content/a.md").write_text(page_a(version), encoding="utf-8")
        for thread in threads:
            thread.join(60)
        load_ended = time.monotonic()
        assert not any(thread.is_alive() for thread in threads), "clients still running"

        assert problems == [], problems[:10]
        assert statuses == Counter({200: CLIENTS * PER_CLIENT})
        assert reconnects[0] == 0
        rebuilt = [t for t, line in out if line.startswith("Rebuilt in ")]
        assert any(load_started <= t <= load_ended for t in rebuilt), (
            "no rebuild ran during the load; make the load longer"
        )
        # the last save is what the preview serves once the dust settles
        deadline = time.monotonic() + 10
        final = b""
        while time.monotonic() < deadline:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            conn.request("GET", "/a/")
            final = conn.getresponse().read()
            conn.close()
            if f"rh-version-{REWRITES}".encode() in final:
                break
            time.sleep(0.1)
        assert f"rh-version-{REWRITES}".encode() in final
        time.sleep(1)
        after = rss_kb(proc.pid)
        assert after - before < RSS_GROWTH_LIMIT_KB, f"RSS grew from {before} kB to {after} kB"
        assert load_ended - load_started < 60
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGINT)
            try:
                proc.wait(10)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait(10)
        for reader in readers:
            reader.join(10)
        for stream in (proc.stdout, proc.stderr):
            if stream is not None:
                stream.close()
    assert proc.returncode == 130, "".join(err)
    assert "Traceback" not in "".join(err)
    assert list(tmpdir.iterdir()) == []
