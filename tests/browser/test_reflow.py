"""Long words on a phone, in real Chromium: a fact sheet's address, a topic, a title, the site's
name, a menu entry, an e-mail address, a change's note or a speaker of one long word wraps
inside its box; nothing is cut off and the page never scrolls sideways (WCAG 1.4.10). A
statement's byline puts the speaker and the role on lines of their own."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Page
from serving import static_host

from hubtest import make_site, run_cli

pytestmark = pytest.mark.browser

WORD = "Datenschutzgrundverordnungsdurchführungsbestimmungen"
ADDRESS = "https://example.com/" + "datenschutzgrundverordnung/" * 4
FILES = {
    "site.yml": f"""\
        title: {WORD} Hub
        base_url: https://hub.example/
        organization: {{name: Example Co}}
        contact: {{press: pressdepartmentofthecompany@hubexamplecompanydomain.example}}
        menu:
          - {{title: {WORD}, url: guides/_index.md}}
        """,
    "content/_index.md": "---\ntitle: Home\n---\nWelcome.\n",
    "content/about.md": f"""\
        ---
        title: About
        tags: [{WORD}]
        changelog:
          - {{date: 2026-01-03, kind: correction, note: "{WORD}{WORD} {ADDRESS}"}}
        facts:
          - label: Data protection officer
            value: dataprotectionofficer.of.the.company@example.com
          - label: Policy
            value: https://example.com/privacy/dataprotectionofficer/responsibilities
        ---
        Text.
        """,
    "content/guides/_index.md": f"---\ntitle: {WORD}\n---\nGuides.\n",
    "content/guides/one.md": f"---\ntitle: {WORD} {WORD}\n---\nOne.\n",
    "content/statements/_index.md": "---\ntitle: Statements\ncascade: {type: statement}\n---\n",
    "content/statements/said.md": """\
        ---
        title: What we said
        date: 2026-01-05
        speaker: Elena Varga
        role: Chief Security Officer, Example Co
        ---
        We said it.
        """,
    "content/statements/long.md": f"""\
        ---
        title: {WORD}{WORD}
        date: 2026-01-06
        speaker: {WORD}{WORD}
        role: {WORD}
        responds_to: {{title: "{WORD}{WORD}", url: "{ADDRESS}"}}
        ---
        We said more.
        """,
}


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The hub above, built and served at http://127.0.0.1:<port>."""
    root = tmp_path_factory.mktemp("reflow")
    hub = make_site(root / "hub", FILES)
    run = run_cli("-C", hub, "build", "--no-search", "-o", root / "out")
    assert run.code == 0, run.err
    with static_host(root / "out") as url:
        yield url


def _open(page: Page, url: str, width: int) -> None:
    page.set_viewport_size({"width": width, "height": 800})
    response = page.goto(url)
    assert response is not None and response.status == 200, url


@pytest.mark.parametrize("width", [320, 375])
@pytest.mark.parametrize(
    "path",
    [
        *("/", "/about/", "/tags/", "/guides/one/", "/statements/said/", "/statements/long/"),
        "/corrections/",
    ],
)
def test_no_page_scrolls_sideways_on_a_phone(page: Page, site: str, path: str, width: int) -> None:
    _open(page, site + path, width)
    wide = page.evaluate("document.documentElement.scrollWidth")
    assert wide <= width, f"{path} is {wide} px wide at {width} px"


@pytest.mark.parametrize("width", [320, 640])
def test_a_long_fact_wraps_inside_the_fact_sheet(page: Page, site: str, width: int) -> None:
    _open(page, site + "/about/", width)
    cut = page.evaluate(
        """() => [...document.querySelectorAll('.facts__value, .facts__label')]
            .filter(e => e.scrollWidth > e.clientWidth + 1
                || e.getBoundingClientRect().right > e.closest('.facts')
                    .getBoundingClientRect().right + 1)
            .map(e => e.textContent.trim())"""
    )
    assert cut == []


def test_the_byline_gives_speaker_and_role_a_line_each_and_no_lone_comma(
    page: Page, site: str
) -> None:
    _open(page, site + "/statements/said/", 1280)
    rows = page.evaluate(
        """() => {
            const byline = document.querySelector('.byline');
            const loose = [...byline.childNodes]
                .filter(n => n.nodeType === Node.TEXT_NODE && n.textContent.trim());
            const tops = [...byline.children].map(e => Math.round(e.getBoundingClientRect().top));
            return {loose: loose.map(n => n.textContent), rows: new Set(tops).size,
                    items: byline.children.length, text: byline.textContent};
        }"""
    )
    assert rows["loose"] == []  # a bare text node becomes a grid row of its own
    assert rows["rows"] == rows["items"] == 3  # speaker, role, date
    assert "Elena Varga, Chief Security Officer" in rows["text"]  # as a listener hears it
