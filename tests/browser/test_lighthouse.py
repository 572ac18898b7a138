"""Lighthouse on the home page, a claim and the FAQ, served with the site's real headers.

Targets: accessibility, best practices and SEO at 100, performance at 95 or more.

Lighthouse 12.2.3 runs with ``--preset=desktop``. The default mobile form factor was measured
too, on the same pages and machine: accessibility, best practices and SEO score the same
(Lighthouse 12 has no mobile-only audits left in those categories), but mobile performance
multiplies the host's real main-thread time by a simulated 4x CPU slowdown, so its Total
Blocking Time follows the load of the machine running the tests (19 to 240 ms, performance 96
to 100 on a shared machine). The desktop preset has no CPU slowdown and scored 100 in every
run, so it is the one a failure can be trusted from. Its Total Blocking Time still counts the
host's main-thread time, which a busy machine stretches (240 ms, performance 91, once in a local
run of the whole suite beside other work): a run short of the target on performance alone is run
again, up to RUNS in all, and the page passes when one run meets every target. A shortfall in
any other category fails at once.

The server (gate.HubServer) is realistic on purpose: HTTP/1.1 with keep-alive, gzip for text,
robots.txt, the Content-Security-Policy and the other headers of _headers, so a low score
points at the theme, not at the test server. Reports are saved as
test-artifacts/lighthouse-<page>.json (open them at https://googlechrome.github.io/lighthouse/viewer/).
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import pytest
from gate import (
    LIGHTHOUSE_CLI,
    ROOT,
    HubServer,
    require_chromium,
    require_node,
    require_npm_file,
)

pytest_plugins = ["gate"]
pytestmark = [pytest.mark.browser, pytest.mark.slow]

PAGES = {
    "home": "/",
    "claim": "/misinformation/keystroke-recording/",
    "faq": "/faq/common-questions/",
}
TARGETS = {"accessibility": 100, "best-practices": 100, "seo": 100, "performance": 95}
CHROME_FLAGS = (
    "--headless=new --no-sandbox --disable-gpu --disable-background-networking "
    "--disable-component-update --disable-sync --no-first-run"
)
TIMEOUT = 240  # seconds for one run; a run takes 10 to 25 s
RUNS = 3
RETRY_ON = "Please run Lighthouse again"


def lighthouse(url: str, report: Path) -> dict[str, Any]:
    """A Lighthouse run; its JSON report is written to report and returned.

    Lighthouse sometimes loses the trace of the page load on a busy machine and stops with a
    runtime error such as NO_NAVSTART, "Please run Lighthouse again". Such a run is retried
    (at most RUNS in all); a run that finishes is never retried, whatever its scores.
    """
    node = require_node()
    cli = require_npm_file(LIGHTHOUSE_CLI)
    chromium = require_chromium()
    command = [
        node,
        str(cli),
        url,
        f"--chrome-path={chromium}",
        f"--chrome-flags={CHROME_FLAGS}",
        f"--only-categories={','.join(TARGETS)}",
        "--output=json",
        f"--output-path={report}",
        "--quiet",
        "--preset=desktop",
        "--no-enable-error-reporting",
    ]
    failures = []
    for _ in range(RUNS):
        report.unlink(missing_ok=True)
        done = subprocess.run(
            command,
            cwd=ROOT,
            capture_output=True,
            text=True,
            encoding="utf-8",
            timeout=TIMEOUT,
            check=False,
        )
        if done.returncode == 0 and report.is_file():
            result: dict[str, Any] = json.loads(report.read_text(encoding="utf-8"))
            return result
        failures.append(f"code {done.returncode}:\n{done.stderr.strip()}")
        if RETRY_ON not in done.stderr:
            break
    pytest.fail(f"Lighthouse failed on {url}:\n" + "\n".join(failures))


def shortfalls(result: dict[str, Any]) -> list[str]:
    """Each category under its target, with the audits that cost it points."""
    lines = []
    for name, target in TARGETS.items():
        category = result["categories"][name]
        score = round((category["score"] or 0) * 100)
        if score >= target:
            continue
        lines.append(f"{name}: {score} (target {target})")
        for ref in category["auditRefs"]:
            audit = result["audits"][ref["id"]]
            if ref["weight"] > 0 and audit["score"] is not None and audit["score"] < 1:
                shown = audit.get("displayValue") or ""
                lines.append(f"  {ref['id']} ({audit['score']}) {audit['title']} {shown}")
                for item in ((audit.get("details") or {}).get("items") or [])[:5]:
                    lines.append(f"      {json.dumps(item)[:300]}")
    return lines


@pytest.mark.parametrize("name", list(PAGES))
def test_lighthouse_scores(hub_server: HubServer, artifacts: Path, name: str) -> None:
    url = hub_server.url(PAGES[name])
    reports: list[str] = []
    for _ in range(RUNS):
        result = lighthouse(url, artifacts / f"lighthouse-{name}.json")
        assert not result.get("runtimeError"), result["runtimeError"]
        assert result["finalDisplayedUrl"] == url, "Lighthouse was redirected"
        scores = {n: round((c["score"] or 0) * 100) for n, c in result["categories"].items()}
        print(f"Lighthouse {name}: {scores}")
        problems = shortfalls(result)
        if not problems:
            return
        reports.append(
            f"{url} {scores}\n" + "\n".join(problems + (result.get("runWarnings") or []))
        )
        # only performance follows the machine's load; the other categories fail at once
        if any(not line.startswith(("performance:", " ")) for line in problems):
            break
    pytest.fail("\n".join(reports))
