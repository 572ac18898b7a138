#!/usr/bin/env python3
"""Preview latency: how long from saving a page until the browser shows the new text.

    python bench/serve_latency.py PAGES_DIR [--saves 40] [--interval 0.3]

PAGES_DIR is a folder of Markdown pages, such as the one make_corpus.py writes. The script
makes a hub of them in a temporary folder, starts `recordhub serve` as its own process, opens
one page in headless Chromium and saves an edit to that page's Markdown every --interval
seconds. A script added to every document stamps Date.now() when each edit's text first
appears, whether the page reloaded or changed in place, so the driver's polling is not
counted. It prints p50, p95 and the saves that never showed.
"""

from __future__ import annotations

import argparse
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from playwright.sync_api import sync_playwright

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
# Runs in every document, before the page's own scripts; survives reloads via sessionStorage.
STAMP = """
(() => {
  const look = () => {
    const text = document.body ? document.body.innerText : "";
    for (const token of text.match(/EDIT-\\d+/g) || []) {
      if (!sessionStorage.getItem(token)) sessionStorage.setItem(token, String(Date.now()));
    }
  };
  document.addEventListener("DOMContentLoaded", () => {
    look();
    new MutationObserver(look).observe(document.body, {childList: true, subtree: true,
                                                       characterData: true});
  });
})();
"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def make_hub(pages: Path, root: Path) -> Path:
    """A hub around the pages: site.yml, a home page, and the pages under content/."""
    shutil.copytree(pages, root / "content")
    (root / "site.yml").write_text("title: Latency bench\nbase_url: https://bench.example/\n")
    home = root / "content" / "_index.md"
    if not home.exists():
        home.write_text("---\ntitle: Bench\n---\nThe benchmark hub.\n")
    return next(p for p in sorted((root / "content").rglob("*.md")) if p.name != "_index.md")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pages", type=Path)
    parser.add_argument("--saves", type=int, default=40)
    parser.add_argument("--interval", type=float, default=0.3)
    parser.add_argument("--verbose", action="store_true", help="print the server's output")
    parser.add_argument(
        "--chromium", default=os.environ.get("RECORDHUB_CHROMIUM", "/usr/bin/chromium")
    )
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="recordhub-latency-"))
    target = make_hub(args.pages, workdir / "hub")
    original = target.read_text(encoding="utf-8")
    rel = target.relative_to(workdir / "hub" / "content").with_suffix("")
    port = free_port()
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "recordhub",
            "-C",
            str(workdir / "hub"),
            "serve",
            "--port",
            str(port),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    url = f"http://127.0.0.1:{port}/{rel.as_posix()}/"
    try:
        started = time.monotonic()
        while True:
            try:
                urllib.request.urlopen(url, timeout=1).read()
                break
            except OSError:
                if time.monotonic() - started > 120 or server.poll() is not None:
                    print("the server did not start", file=sys.stderr)
                    return 1
                time.sleep(0.1)
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=args.chromium, args=CHROMIUM_ARGS)
            page = browser.new_page()
            page.add_init_script(STAMP)
            page.goto(url)
            page.wait_for_function("window.LiveReload !== undefined", timeout=10000)
            time.sleep(1.0)  # let livereload.js finish its handshake
            written: dict[str, float] = {}
            for n in range(args.saves):
                token = f"EDIT-{n}"
                target.write_text(
                    f"{original}\nThe latest edit is {token} here.\n", encoding="utf-8"
                )
                written[token] = time.time() * 1000
                time.sleep(args.interval)
            time.sleep(2.0)
            seen = page.evaluate("Object.assign({}, sessionStorage)")
            browser.close()
    finally:
        server.terminate()
        try:
            log, _ = server.communicate(timeout=5)
        except subprocess.TimeoutExpired:
            server.kill()
            log, _ = server.communicate()
        if args.verbose:
            print(log)
        shutil.rmtree(workdir, ignore_errors=True)
    latencies = [float(seen[t]) - w for t, w in written.items() if t in seen]
    lost = [t for t in written if t not in seen]
    if not latencies:
        print("no save showed in the browser", file=sys.stderr)
        return 1
    ordered = sorted(latencies)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    print(
        f"pages: {sum(1 for _ in (args.pages).rglob('*.md'))}, saves: {args.saves} "
        f"every {args.interval * 1000:.0f} ms"
    )
    print(
        f"p50: {statistics.median(latencies):.0f} ms, p95: {p95:.0f} ms, "
        f"max: {max(latencies):.0f} ms, lost saves: {len(lost)} of {args.saves}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
