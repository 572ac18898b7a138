"""Site search in real Chromium: offline, private, by keyboard, and a claim found by its fact."""

from __future__ import annotations

import functools
import http.server
import re
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from gate import AXE_JS, require_npm_file

from hubtest import make_site

ROOT = Path(__file__).resolve().parents[2]


class _Late:
    """Holds back each filter chunk but the first asked for, as a slow connection can."""

    seconds = 0.0
    asked = 0
    lock = threading.Lock()

    @classmethod
    def wait(cls, path: str) -> None:
        if not path.endswith(".pf_filter") or not cls.seconds:
            return
        with cls.lock:
            cls.asked += 1
            first = cls.asked == 1
        if not first:
            time.sleep(cls.seconds)


class _Handler(http.server.SimpleHTTPRequestHandler):
    """Serves the built folder with the site's own Content-Security-Policy."""

    csp = ""

    def do_GET(self) -> None:
        _Late.wait(self.path)
        super().do_GET()

    def end_headers(self) -> None:
        self.send_header("Content-Security-Policy", self.csp)
        super().end_headers()

    def log_message(self, *args: object) -> None:
        pass


def _serve(out: Path) -> Iterator[str]:
    """A built folder served on 127.0.0.1 with its own Content-Security-Policy."""
    headers = (out / "_headers").read_text("utf-8")
    csp = re.search(r"Content-Security-Policy: (.*)", headers)
    assert csp is not None
    handler = type("Handler", (_Handler,), {"csp": csp.group(1)})
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(handler, directory=str(out))
    )
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def _build(hub: Path, out: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "recordhub", "-C", str(hub), "build", "-o", str(out)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The example hub, built with its search index and served on 127.0.0.1."""
    out = tmp_path_factory.mktemp("search") / "out"
    _build(ROOT, out)
    yield from _serve(out)


def test_a_claim_is_found_and_shown_by_its_fact(site: str, page: object) -> None:
    requests: list[str] = []
    problems: list[str] = []
    page.on("request", lambda r: requests.append(r.url))  # type: ignore[attr-defined]
    page.on("console", lambda m: m.type == "error" and problems.append(m.text))  # type: ignore[attr-defined]
    page.on("pageerror", lambda e: problems.append(str(e)))  # type: ignore[attr-defined]
    page.goto(f"{site}/search/")  # type: ignore[attr-defined]
    box = page.locator(".pagefind-ui__search-input")  # type: ignore[attr-defined]
    box.focus()  # by keyboard alone: focus, type, read
    page.keyboard.type("keystrokes")  # type: ignore[attr-defined]
    first = page.locator(".pagefind-ui__result").first  # type: ignore[attr-defined]
    first.locator(".pagefind-ui__result-link").first.wait_for(
        timeout=15000
    )  # loaded, not a placeholder
    text = first.inner_text()
    assert "records everything you type" in text  # the claim, by its title
    # the fact leads the result, so the myth is never the answer a reader sees first
    assert text.index("does not record keystrokes") < text.index("The facts")
    # once: not again as one of Pagefind's tags, which would label it in English on every page
    assert first.locator(".pagefind-ui__result-tag").count() == 0
    assert all(url.startswith(site) for url in requests), requests
    assert problems == []


FILTERS = ("Section", "Kind of page")


def _search(page: object, site: str, words: str) -> None:
    page.goto(f"{site}/search/")  # type: ignore[attr-defined]
    page.locator(".pagefind-ui__search-input").fill(words)  # type: ignore[attr-defined]


def _offered(page: object, name: str) -> None:
    """Wait for the filter group of this name to be drawn, failing if it never is."""
    shown = page.locator(".pagefind-ui__filter-name", has_text=name)  # type: ignore[attr-defined]
    shown.first.wait_for(timeout=15000)


@pytest.fixture
def late_filter() -> Iterator[None]:
    """Each filter chunk of a page load but the first held back for 3 s."""
    _Late.seconds, _Late.asked = 3.0, 0
    yield
    _Late.seconds = 0.0


def test_search_filters_by_section_and_kind(site: str, page: object) -> None:
    _search(page, site, "data")
    page.locator(".pagefind-ui__result").first.wait_for(timeout=15000)  # type: ignore[attr-defined]
    for name in FILTERS:  # each drawn once its own chunk has loaded, maybe after the results
        _offered(page, name)
    filters = page.locator(".pagefind-ui__filter-name").all_inner_texts()  # type: ignore[attr-defined]
    assert set(FILTERS) <= {f.strip() for f in filters}


def test_a_ticked_filter_keeps_only_its_pages(site: str, page: object) -> None:
    # the filter chunks are written again in a fixed order: each value must still name its pages
    _search(page, site, "data")
    page.locator(".pagefind-ui__result").first.wait_for(timeout=15000)  # type: ignore[attr-defined]
    _offered(page, "Kind of page")
    box = page.locator(  # type: ignore[attr-defined]
        '.pagefind-ui__filter-checkbox[name="Kind of page"][value="Statement"]'
    )
    group = page.locator(".pagefind-ui__filter-block", has=box)  # type: ignore[attr-defined]
    if group.get_attribute("open") is None:
        group.locator("summary").click()
    box.check()
    links = page.locator(".pagefind-ui__result-link")  # type: ignore[attr-defined]
    page.wait_for_function(  # type: ignore[attr-defined]
        """() => {
            const links = [...document.querySelectorAll('.pagefind-ui__result-link')];
            return links.length > 0 && links.every(a => a.pathname.startsWith('/statements/'));
        }""",
        timeout=15000,
    )
    hrefs = links.evaluate_all("links => links.map(a => a.pathname)")
    assert hrefs and all(h.startswith("/statements/") for h in hrefs), hrefs


def test_a_filter_whose_data_comes_late_is_still_offered(
    site: str, page: object, late_filter: None
) -> None:
    # Pagefind UI lists the filters its first results carry: one whose chunk was still on its
    # way was missing until the reader searched again (seen on a loaded machine)
    _search(page, site, "data")
    page.locator(".pagefind-ui__result").first.wait_for(timeout=15000)  # type: ignore[attr-defined]
    for name in FILTERS:
        _offered(page, name)
    assert _Late.asked >= 2  # a chunk was held back
    results = page.locator(".pagefind-ui__message").inner_text()  # type: ignore[attr-defined]
    assert "for data" in results  # the search made again is the reader's


def test_a_search_made_again_keeps_the_filters_ticked(
    site: str, page: object, late_filter: None
) -> None:
    _search(page, site, "data")
    # the filter whose chunk came first, ticked before the other's arrives
    first = page.locator(".pagefind-ui__filter-checkbox").first  # type: ignore[attr-defined]
    first.wait_for(state="attached", timeout=15000)
    group = page.locator(".pagefind-ui__filter-block").first  # type: ignore[attr-defined]
    if group.get_attribute("open") is None:
        group.locator("summary").click()
    name, value = first.get_attribute("name"), first.get_attribute("value")
    first.check()
    _offered(page, next(n for n in FILTERS if n != name))
    ticked = page.locator(".pagefind-ui__filter-checkbox:checked")  # type: ignore[attr-defined]
    assert [(b.get_attribute("name"), b.get_attribute("value")) for b in ticked.all()] == [
        (name, value)
    ]


def test_spanish_search_uses_the_spanish_index(site: str, page: object) -> None:
    page.goto(f"{site}/es/search/")  # type: ignore[attr-defined]
    page.locator(".pagefind-ui__search-input").fill("pulsaciones")  # type: ignore[attr-defined]
    link = page.locator(".pagefind-ui__result-link").first  # type: ignore[attr-defined]
    link.wait_for(timeout=15000)
    assert "/es/" in (link.get_attribute("href") or "")


def test_the_arabic_search_box_is_mirrored(site: str, page: object) -> None:
    page.goto(f"{site}/ar/search/")  # type: ignore[attr-defined]
    box = page.locator(".pagefind-ui__search-input")  # type: ignore[attr-defined]
    box.fill("بيانات")
    page.locator(".pagefind-ui__result-link").first.wait_for(timeout=15000)  # type: ignore[attr-defined]
    field = box.bounding_box()
    clear = page.locator(".pagefind-ui__search-clear").bounding_box()  # type: ignore[attr-defined]
    middle = field["x"] + field["width"] / 2
    assert clear["x"] + clear["width"] < middle  # the clear button at the end: the left
    icon = page.evaluate(  # type: ignore[attr-defined]
        """() => { const s = getComputedStyle(document.querySelector(".pagefind-ui__form"),
                                              "::before");
                   return [s.left, s.right]; }"""
    )
    left, right = (float(inset.removesuffix("px")) for inset in icon)
    assert right < left, icon  # the magnifier at the start: the right


def test_without_javascript_the_search_page_lists_the_sections(site: str, browser: object) -> None:
    context = browser.new_context(java_script_enabled=False)  # type: ignore[attr-defined]
    tab = context.new_page()
    tab.goto(f"{site}/search/")
    links = tab.locator(".search-fallback a").all_inner_texts()
    context.close()
    assert "Data storage" in links and "Misinformation about Lumiclip" in links


@pytest.mark.parametrize("path", ["/search/", "/es/search/", "/ar/search/"])
def test_the_search_box_is_named_by_the_page_heading(site: str, browser: object, path: str) -> None:
    axe = require_npm_file(AXE_JS)
    # axe arrives as an inline script, which the CSP blocks: this context alone bypasses it
    context = browser.new_context(bypass_csp=True)  # type: ignore[attr-defined]
    try:
        tab = context.new_page()
        tab.goto(f"{site}{path}")
        box = tab.locator(".pagefind-ui__search-input")
        box.wait_for()
        heading = tab.locator("h1").inner_text()
        # a screen reader reads the heading; a name from the box's title alone may go unsaid
        assert tab.get_by_role("textbox", name=heading).count() == 1
        tab.add_script_tag(path=str(axe))
        results = tab.evaluate(
            "() => axe.run(document, {runOnly: {type: 'rule', values: "
            "['label', 'label-title-only']}})"
        )
    finally:
        context.close()
    assert results["violations"] == [], results["violations"]


def _contrast(first: str, second: str) -> float:
    """WCAG contrast ratio of two computed colours, rgb(...) or rgba(...)."""

    def luminance(colour: str) -> float:
        channels = [int(v) / 255 for v in re.findall(r"[\d.]+", colour)[:3]]
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    light, dark = sorted((luminance(first), luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_the_search_box_its_filters_and_its_hint_can_be_seen(site: str, page: object) -> None:
    _search(page, site, "data")
    _offered(page, FILTERS[0])
    style = page.evaluate(  # type: ignore[attr-defined]
        """() => {
        const box = document.querySelector('.pagefind-ui__search-input');
        const tick = document.querySelector('.pagefind-ui__filter-checkbox');
        const hint = getComputedStyle(box, '::placeholder');
        return {edge: getComputedStyle(box).borderTopColor,
                tick: getComputedStyle(tick).borderTopColor,
                hint: hint.color, hintOpacity: hint.opacity,
                back: getComputedStyle(box).backgroundColor};
    }"""
    )
    assert _contrast(style["edge"], style["back"]) >= 3, style  # WCAG 1.4.11
    assert _contrast(style["tick"], "rgb(255, 255, 255)") >= 3, style
    assert float(style["hintOpacity"]) == 1 and _contrast(style["hint"], style["back"]) >= 4.5


def test_the_number_of_results_is_announced(site: str, page: object) -> None:
    _search(page, site, "data")
    # read together, in one step: Pagefind may search again (its input is debounced) between
    # two reads, and show "Searching for data..." a moment before the status follows it
    page.wait_for_function(  # type: ignore[attr-defined]
        """() => {
            const status = document.querySelector("[role=status][data-search-status]");
            const shown = document.querySelector(".pagefind-ui__message");
            return status !== null && shown !== null
                && /^\\d+ results? for data$/.test(status.innerText)
                && status.innerText === shown.innerText.trim();
        }""",
        timeout=15000,
    )


def test_keyboard_focus_never_lands_on_the_hidden_clear_button(site: str, page: object) -> None:
    page.goto(f"{site}/search/")  # type: ignore[attr-defined]
    box = page.locator(".pagefind-ui__search-input")  # type: ignore[attr-defined]
    box.focus()
    page.keyboard.press("Tab")  # type: ignore[attr-defined]
    focused = page.evaluate("() => document.activeElement.className")  # type: ignore[attr-defined]
    assert "pagefind-ui__search-clear" not in focused
    box.fill("data")  # once there is something to clear, the button is there to reach
    page.locator(".pagefind-ui__result").first.wait_for(timeout=15000)  # type: ignore[attr-defined]
    box.focus()
    page.keyboard.press("Tab")  # type: ignore[attr-defined]
    focused = page.evaluate("() => document.activeElement.className")  # type: ignore[attr-defined]
    assert "pagefind-ui__search-clear" in focused


CJK_SITE = """\
title: Example Facts
base_url: https://facts.example.com/
languages:
  - {code: en, name: English}
  - {code: zh-Hant, name: 繁體中文}
  - {code: ja, name: 日本語}
"""
CJK_PAGES = {
    "content/_index.md": "---\ntitle: Home\n---\nWelcome.\n",
    "content/about.md": "---\ntitle: About\n---\nWe never sell user data.\n",
    "content/about.zh-Hant.md": "---\ntitle: 關於\n---\n本站由團隊維護。我們從不出售用戶資料。\n",
    "content/about.ja.md": "---\ntitle: 概要\n---\n私たちは利用者のデータを販売しません。\n",
}


@pytest.fixture(scope="module")
def cjk_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A hub in English, Traditional Chinese and Japanese, built and served on 127.0.0.1."""
    folder = tmp_path_factory.mktemp("cjk")
    _build(make_site(folder / "hub", CJK_PAGES, CJK_SITE), folder / "out")
    yield from _serve(folder / "out")


@pytest.mark.parametrize(("lang", "word"), [("zh-Hant", "出售"), ("ja", "データ")])
def test_a_word_inside_a_chinese_or_japanese_sentence_is_found(
    cjk_site: str, page: object, lang: str, word: str
) -> None:
    # these languages leave no spaces between words: each is found only once the index has
    # split the sentences into words, not the whole sentence alone
    page.goto(f"{cjk_site}/{lang}/search/")  # type: ignore[attr-defined]
    page.locator(".pagefind-ui__search-input").fill(word)  # type: ignore[attr-defined]
    link = page.locator(".pagefind-ui__result-link").first  # type: ignore[attr-defined]
    link.wait_for(timeout=15000)
    assert link.get_attribute("href") == f"/{lang}/about/"


STALE_SITE = """\
title: Example Facts
base_url: https://facts.example.com/
languages:
  - {code: en, name: English}
  - {code: es, name: Español}
"""
STALE_PAGES = {
    "content/_index.md": "---\ntitle: Home\n---\nWelcome.\n",
    "content/a.md": "---\ntitle: A\ndate: 2026-01-01\nupdated: 2026-01-01\n---\nText.\n",
    "content/a.es.md": "---\ntitle: Datos\ndate: 2025-01-01\n---\nAlmacenamiento.\n",
    "content/b.md": "---\ntitle: B\ndate: 2026-01-01\n---\nText.\n",
    "content/b.es.md": "---\ntitle: Fuentes\ndate: 2026-01-01\n---\nEl texto original.\n",
}


@pytest.fixture(scope="module")
def stale_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A hub with a stale Spanish translation, built and served on 127.0.0.1."""
    folder = tmp_path_factory.mktemp("stale")
    _build(make_site(folder / "hub", STALE_PAGES, STALE_SITE), folder / "out")
    yield from _serve(folder / "out")


def test_a_stale_translation_is_not_found_by_the_words_of_its_notice(
    stale_site: str, page: object
) -> None:
    # "Esta traducción es anterior al original...": every stale page matched "original"
    page.goto(f"{stale_site}/es/search/")  # type: ignore[attr-defined]
    page.locator(".pagefind-ui__search-input").fill("original")  # type: ignore[attr-defined]
    page.locator(".pagefind-ui__result-link").first.wait_for(timeout=15000)  # type: ignore[attr-defined]
    page.wait_for_function(  # type: ignore[attr-defined]
        "() => /^\\d+ resultados? /.test(document.querySelector('[data-search-status]').innerText)",
        timeout=15000,
    )
    status = page.locator("[data-search-status]").inner_text()  # type: ignore[attr-defined]
    links = page.locator(".pagefind-ui__result-link")  # type: ignore[attr-defined]
    assert status.startswith("1 "), status
    assert [link.get_attribute("href") for link in links.all()] == ["/es/b/"]


LISTED_PAGES = {
    "content/_index.md": "---\ntitle: Home\n---\nWelcome.\n",
    "content/claims/_index.md": "---\ntitle: Claims\ncascade: {type: claim}\n---\nChecked.\n",
    "content/claims/moon.md": """\
        ---
        title: "Claim: the moon is cheese"
        summary: The moon is rock, as samples brought back show.
        claim: The moon is made of cheese.
        verdict: "false"
        fact: The moon is made of rock.
        date: 2026-01-05
        ---
        Lunar samples settle it.
        """,
}


@pytest.fixture(scope="module")
def listed_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A hub whose home page and section list a claim, built and served on 127.0.0.1."""
    folder = tmp_path_factory.mktemp("listed")
    _build(make_site(folder / "hub", LISTED_PAGES), folder / "out")
    yield from _serve(folder / "out")


@pytest.mark.parametrize("words", ["samples", "cheese", "In this section", "site covers"])
def test_a_page_is_found_once_not_again_in_the_listings_that_show_its_card(
    listed_site: str, page: object, words: str
) -> None:
    # the home page and the section list the claim's title and summary under headings of the
    # theme's own: each was found by them as well, or for those headings alone
    _search(page, listed_site, words)
    page.wait_for_function(  # type: ignore[attr-defined]
        """(words) => {
            const said = document.querySelector('[data-search-status]').innerText;
            const count = said.startsWith('No ') ? 0 : parseInt(said, 10);
            const drawn = document.querySelectorAll('.pagefind-ui__result');
            return said.endsWith(' for ' + words) && drawn.length === count
                && [...drawn].every((r) => r.querySelector('.pagefind-ui__result-link'));
        }""",
        arg=words,
        timeout=15000,
    )
    links = page.locator(".pagefind-ui__result-link")  # type: ignore[attr-defined]
    found = {link.get_attribute("href") for link in links.all()}
    expected = {"/claims/moon/"} if words in {"samples", "cheese"} else set()
    assert {f for f in found if "#" not in f} == expected
