"""What a page's Markdown makes, in real Chromium: wide code and tables on paper and by keyboard,
code on a right-to-left page, and the alignment of a table's columns."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from gate import AXE_JS, require_npm_file
from playwright.sync_api import Browser, Page
from serving import static_host

from hubtest import SITE_YML, make_site, run_cli

pytestmark = pytest.mark.browser

LONG_LINE = "    return x * 2  # " + "and on " * 30 + "THE-END"
LONG_CELL = "Datenschutzgrundverordnungsdurchführungsbestimmungen" * 2 + "THE-CELL-END"
FILES = {
    "content/_index.md": "---\ntitle: Home\n---\nWelcome.\n",
    "content/code.md": f"""\
        ---
        title: Code
        ---
        A function:

        ```python
        def f(x):
        {LONG_LINE}
        ```

        | Address | Kind | Owner | Since |
        |---|---|---|---|
        | {LONG_CELL} | report | Example Co | 2026 |
        """,
    "content/code.ar.md": """\
        ---
        title: الشيفرة
        ---
        شغّل الأمر `lumiclip --verify:` ثم تحقق.

        ```
        def f(x):
            return x
        ```
        """,
    "content/aligned.md": """\
        ---
        title: Aligned
        ---
        | Plain | Left | Centre | Right |
        |-------|:-----|:------:|------:|
        | a | b | c | 1,024 |
        """,
    "content/aligned.ar.md": """\
        ---
        title: محاذاة
        ---
        | عادي | يسار | وسط | يمين |
        |------|:-----|:---:|-----:|
        | أ | ب | ج | ١٠٢٤ |
        """,
}
LANGUAGES = "languages:\n  - {code: en, name: English}\n  - {code: ar, name: العربية, dir: rtl}\n"

# A4 less the theme's print margins (1.8 cm each side), in CSS pixels
PAPER_WIDTH = round((21 - 2 * 1.8) / 2.54 * 96)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The hub above, built and served at http://127.0.0.1:<port>."""
    root = tmp_path_factory.mktemp("markup")
    hub = make_site(root / "hub", FILES, SITE_YML + LANGUAGES)
    run = run_cli("-C", hub, "build", "--no-search", "-o", root / "out")
    assert run.code == 0, run.err
    with static_host(root / "out") as url:
        yield url


def test_a_wide_code_block_and_table_are_printed_whole(page: Page, site: str) -> None:
    page.set_viewport_size({"width": PAPER_WIDTH, "height": 1000})
    response = page.goto(site + "/code/")
    assert response is not None and response.status == 200
    page.emulate_media(media="print")
    # on paper nothing scrolls: a part wider than its box is cut off where the box ends
    cut = page.evaluate(
        """() => [...document.querySelectorAll('main *')]
            .filter(e => e.scrollWidth > e.clientWidth + 1
                && getComputedStyle(e).overflowX !== 'visible'
                && !e.classList.contains('visually-hidden'))
            .map(e => e.tagName)"""
    )
    assert cut == []
    edge = page.evaluate("document.querySelector('main').getBoundingClientRect().right")
    for end in ("THE-END", "THE-CELL-END"):
        right = page.evaluate(
            """(word) => { const range = document.createRange();
                const text = [...document.querySelectorAll('pre code, td')]
                    .flatMap(e => [...e.childNodes]).find(n => n.textContent.includes(word));
                const at = text.textContent.indexOf(word);
                range.setStart(text, at); range.setEnd(text, at + word.length);
                return range.getBoundingClientRect().right; }""",
            end,
        )
        assert right <= edge + 1, f"{end} is printed at {right} px, past the page at {edge} px"


def test_a_wide_code_block_can_be_scrolled_by_keyboard(browser: Browser, site: str) -> None:
    axe = require_npm_file(AXE_JS)
    context = browser.new_context(viewport={"width": 375, "height": 800})
    try:
        tab = context.new_page()
        tab.goto(site + "/code/", wait_until="load")
        assert tab.locator("pre").get_attribute("tabindex") == "0"
        tab.add_script_tag(path=str(axe))
        results = tab.evaluate(
            "() => axe.run(document, {runOnly: {type: 'rule', "
            "values: ['scrollable-region-focusable']}})"
        )
    finally:
        context.close()
    assert results["violations"] == [], results["violations"]


def test_code_on_a_right_to_left_page_reads_left_to_right(page: Page, site: str) -> None:
    response = page.goto(site + "/ar/code/")
    assert response is not None and response.status == 200
    # in a right-to-left paragraph, the colon at the end of "def f(x):" went to its left
    # (":def f(x)"), and the block's indentation to the right
    placed = page.evaluate(
        """() => [document.querySelector('pre'), document.querySelector('p code')].map((box) => {
            const text = box.textContent;
            const left = (at) => { const range = document.createRange();
                const walker = document.createTreeWalker(box, NodeFilter.SHOW_TEXT);
                let node = walker.nextNode(), offset = at;
                while (offset >= node.length) { offset -= node.length; node = walker.nextNode(); }
                range.setStart(node, offset); range.setEnd(node, offset + 1);
                return range.getBoundingClientRect().left; };
            return [getComputedStyle(box).direction, left(0) < left(text.indexOf(':')),
                    text.trim().startsWith('def') ? left(text.indexOf('return')) > left(0) : true];
        })"""
    )
    assert placed == [["ltr", True, True], ["ltr", True, True]]


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("/aligned/", ["left", "left", "center", "right"]),
        ("/ar/aligned/", ["right", "right", "center", "left"]),  # start and end are mirrored
    ],
)
def test_a_columns_alignment_in_markdown_is_how_its_cells_are_aligned(
    page: Page, site: str, path: str, expected: list[str]
) -> None:
    response = page.goto(site + path)
    assert response is not None and response.status == 200
    # the side each cell's text is set against, as the reader sees it
    aligned = page.evaluate(
        """() => [...document.querySelectorAll('.prose tr')].map(row => [...row.cells].map(cell => {
            const style = getComputedStyle(cell), align = style.textAlign;
            if (align === 'start') return style.direction === 'rtl' ? 'right' : 'left';
            if (align === 'end') return style.direction === 'rtl' ? 'left' : 'right';
            return align; }))"""
    )
    assert aligned == [expected, expected]
