"""The quality gate of the built-in theme: one built page of every template, in Chromium.

The repository's example hub is built once and served by gate.HubServer with the headers of
its _headers file, the strict Content-Security-Policy among them. For every template, at a
phone width (375 px) and a desktop width (1280 px):

- axe-core finds no WCAG 2.0/2.1/2.2 A and AA violation (run in a context that bypasses the
  CSP, since injecting axe is an inline script the policy rightly forbids);
- the page loads with the CSP applied: no request leaves 127.0.0.1, no cookie is set, nothing
  is logged as an error, no script error is thrown and no securitypolicyviolation fires;
- a full-page screenshot lands in test-artifacts/ as <template>-<width>.png.

The Nu HTML Checker reads every chosen HTML file in one run, and a print test checks that a
printed claim or statement keeps what a reader of paper needs: its address, dates and sources,
and none of the navigation.

Tools missing (node_modules from `npm ci`, Java for the checker) skip the tests that need
them, except under CI, where that is a failure.
"""

from __future__ import annotations

import json
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from gate import (
    AXE_JS,
    VNU_JAR,
    HubServer,
    require_java,
    require_npm_file,
)
from playwright.sync_api import Browser, ConsoleMessage, Error, Page, Request

pytest_plugins = ["gate"]
pytestmark = pytest.mark.browser

WIDTHS = (375, 1280)
HEIGHT = 800
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
SEARCH_NOT_BUILT = "search page not built yet"

# One built page per template; None means "found in the output" (see page_path).
PAGES: dict[str, str | None] = {
    "home": "/",
    "section": "/data-storage/",
    "page": "/about/",
    "claim": "/misinformation/keystroke-recording/",
    "faq": "/faq/common-questions/",
    "statement": None,
    "roadmap": "/security/roadmap/",
    "corrections": "/corrections/",
    "tags": "/tags/",
    "tag": "/tags/privacy/",
    "search": "/search/",
    "404": "/404.html",
    "home-ar": "/ar/",
}

# Collects the policy violations from the first script of every document on. Init scripts are
# run by the browser itself, so the page's own CSP does not block this one.
CSP_LISTENER = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__csp.push(e.violatedDirective + " " + e.blockedURI);
});
"""


def page_path(out: Path, template: str) -> str:
    """URL path of the chosen page of a template in the built output."""
    path = PAGES[template]
    if path is not None:
        return path
    assert template == "statement"
    statements = sorted(
        p.parent.name for p in (out / "statements").glob("*/index.html") if p.parent.is_dir()
    )
    assert statements, "the example hub has no statement page under /statements/"
    return f"/statements/{statements[0]}/"


def html_file(out: Path, path: str) -> Path:
    relative = path.lstrip("/")
    return out / (relative if relative.endswith(".html") else relative + "index.html")


@pytest.fixture(params=list(PAGES))
def template(request: pytest.FixtureRequest, hub_out: Path) -> str:
    """A template name; the search page is an expected failure until it is built."""
    name = str(request.param)
    if name == "search" and not html_file(hub_out, page_path(hub_out, name)).is_file():
        request.node.add_marker(pytest.mark.xfail(reason=SEARCH_NOT_BUILT, strict=False))
    return name


@pytest.fixture(params=WIDTHS, ids=[f"{w}px" for w in WIDTHS])
def width(request: pytest.FixtureRequest) -> int:
    return int(request.param)


# ---------- axe-core ----------


def describe_axe(violations: list[dict[str, Any]]) -> str:
    lines = []
    for v in violations:
        lines.append(f"{v['id']} ({v['impact']}): {v['help']}\n  {v['helpUrl']}")
        for node in v["nodes"]:
            target = " ".join(str(t) for t in node["target"])
            summary = node.get("failureSummary", "").replace("\n", "\n      ")
            lines.append(f"    at {target}\n      {node['html'][:200]}\n      {summary}")
    return "\n".join(lines)


def test_axe_finds_no_wcag_violation(
    browser: Browser, hub_server: HubServer, hub_out: Path, template: str, width: int
) -> None:
    axe = require_npm_file(AXE_JS)
    # axe arrives as an inline script, which the CSP blocks: this context alone bypasses it.
    context = browser.new_context(bypass_csp=True, viewport={"width": width, "height": HEIGHT})
    try:
        tab = context.new_page()
        url = hub_server.url(page_path(hub_out, template))
        response = tab.goto(url, wait_until="networkidle")
        assert response is not None and response.status == 200, url
        tab.add_script_tag(path=str(axe))
        results = tab.evaluate(
            "(tags) => axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS
        )
    finally:
        context.close()
    violations = results["violations"]
    assert not violations, f"axe-core on {url} at {width} px:\n" + describe_axe(violations)


# ---------- Nu HTML Checker ----------


@dataclass
class Checked:
    files: list[Path]
    messages: list[dict[str, Any]]


@pytest.fixture(scope="session")
def vnu_report(hub_out: Path) -> Checked:
    """The Nu HTML Checker run once over the chosen page of every template."""
    java = require_java()
    jar = require_npm_file(VNU_JAR)
    chosen = (html_file(hub_out, page_path(hub_out, name)) for name in PAGES)
    files = [f for f in chosen if f.is_file()]
    done = subprocess.run(
        [java, "-jar", str(jar), "--errors-only", "--format", "json", *map(str, files)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=300,
        check=False,
    )
    try:  # the checker writes its report to stderr; exit code 1 only means "errors found"
        report = json.loads(done.stderr)
    except json.JSONDecodeError:
        pytest.fail(f"the Nu HTML Checker failed (code {done.returncode}):\n{done.stderr}")
    return Checked(files, report.get("messages", []))


def test_html_is_valid(vnu_report: Checked, hub_out: Path, template: str) -> None:
    path = html_file(hub_out, page_path(hub_out, template))
    assert path in vnu_report.files, f"{path} was not built"
    errors = [
        m
        for m in vnu_report.messages
        if m.get("url") and Path(urlsplit(m["url"]).path).resolve() == path.resolve()
    ]
    strays = [m for m in vnu_report.messages if not m.get("url")]
    assert not strays, f"the Nu HTML Checker reported problems with no file: {strays}"
    described = "\n".join(
        f"  {m.get('lastLine', '?')}:{m.get('firstColumn', '?')} {m['type']}: {m['message']}"
        f"\n      {m.get('extract', '').strip()[:160]!r}"
        for m in errors
    )
    assert not errors, f"{path.relative_to(hub_out)} is not valid HTML:\n{described}"


# ---------- loading with the real headers ----------


@dataclass
class Load:
    requests: list[str]
    console: list[ConsoleMessage]
    errors: list[str]


def watch(tab: Page) -> Load:
    """Record requests, console messages and uncaught errors from now on."""
    seen = Load([], [], [])

    def on_request(request: Request) -> None:
        seen.requests.append(request.url)

    def on_console(message: ConsoleMessage) -> None:
        seen.console.append(message)

    def on_error(error: Error) -> None:
        seen.errors.append(f"{error.name}: {error.message}\n{error.stack or ''}")

    tab.on("request", on_request)
    tab.on("console", on_console)
    tab.on("pageerror", on_error)
    return seen


def is_local(url: str, origin: str) -> bool:
    parts = urlsplit(url)
    if parts.scheme in {"data", "blob"}:  # no network involved
        return True
    return f"{parts.scheme}://{parts.netloc}" == origin


def test_page_loads_clean_under_the_csp(
    page: Page,
    hub_server: HubServer,
    hub_out: Path,
    artifacts: Path,
    template: str,
    width: int,
) -> None:
    page.set_viewport_size({"width": width, "height": HEIGHT})
    page.add_init_script(CSP_LISTENER)
    seen = watch(page)
    url = hub_server.url(page_path(hub_out, template))
    response = page.goto(url, wait_until="networkidle")
    assert response is not None and response.status == 200, url
    policy = hub_server.headers.rule("/*")["Content-Security-Policy"]
    assert response.headers.get("content-security-policy") == policy, "the CSP was not sent"
    page.screenshot(path=artifacts / f"{template}-{width}.png", full_page=True)

    problems = []
    elsewhere = [u for u in seen.requests if not is_local(u, hub_server.origin)]
    if elsewhere:
        problems.append(f"requests that leave {hub_server.origin}: {elsewhere}")
    cookies = page.context.cookies()
    if cookies:
        problems.append(f"cookies set: {cookies}")
    violations = page.evaluate("() => window.__csp")
    if violations:
        problems.append(f"Content-Security-Policy violations: {violations}")
    csp_messages = [m.text for m in seen.console if "Content Security Policy" in m.text]
    if csp_messages:
        problems.append("console messages about the CSP:\n    " + "\n    ".join(csp_messages))
    errors = [f"{m.text} ({m.location.get('url')})" for m in seen.console if m.type == "error"]
    if errors:
        problems.append("console errors:\n    " + "\n    ".join(errors))
    if seen.errors:
        problems.append("uncaught errors:\n    " + "\n    ".join(seen.errors))
    assert not problems, f"{url} at {width} px:\n- " + "\n- ".join(problems)


# ---------- print ----------

HIDDEN_IN_PRINT = (".site-nav", ".site-footer nav", ".skip-link")


@pytest.mark.parametrize("kind", ["claim", "statement"])
def test_print_keeps_the_record_and_drops_the_navigation(
    page: Page, hub_server: HubServer, hub_out: Path, artifacts: Path, kind: str
) -> None:
    url = hub_server.url(page_path(hub_out, kind))
    response = page.goto(url)
    assert response is not None and response.status == 200, url
    page.emulate_media(media="print")

    for selector in HIDDEN_IN_PRINT:
        found = page.locator(selector)
        assert found.count() > 0, f"{selector} is not on {url}"
        shown = found.evaluate_all(
            "(els) => els.filter((el) => getComputedStyle(el).display !== 'none').length"
        )
        assert shown == 0, f"{selector} is displayed when {url} is printed"

    permalink = page.locator('link[rel="canonical"]').get_attribute("href")
    assert permalink, f"{url} has no canonical URL"
    address = page.locator(".print-url")
    assert address.is_visible(), f"the page address is not printed on {url}"
    assert permalink in address.inner_text(), f"the printed address is not {permalink}"

    dates = page.locator(".page-header time")
    assert dates.count() > 0, f"{url} shows no date in its header"
    for i in range(dates.count()):
        assert dates.nth(i).is_visible(), f"a date is not printed on {url}"

    sources = page.locator(".sources .sources__item")
    if kind == "claim":
        assert sources.count() > 0, f"the claim {url} has no sources to print"
    for i in range(sources.count()):
        assert sources.nth(i).is_visible(), f"a source is not printed on {url}"
    page.screenshot(path=artifacts / f"{kind}-print.png", full_page=True)
