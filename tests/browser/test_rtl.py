"""Right-to-left layout in a real browser: the example hub's Arabic pages are mirrored.

The example hub is built into a temporary folder and served by a plain http.server on
127.0.0.1 (a static host, as after deployment), then /ar/ and /es/ are opened in Chromium.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page
from serving import static_host

from hubtest import run_cli

pytestmark = pytest.mark.browser

PROJECT = Path(__file__).resolve().parents[2]
WIDE, NARROW = 1280, 375
HEIGHT = 900
EDGE_PX = 2.0  # how far the brand may sit from the edge of the header's content box


_SERVED: dict[str, Path] = {}  # the folder behind each served address


@pytest.fixture(scope="module")
def site_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The example hub, built and served at http://127.0.0.1:<port>."""
    out = tmp_path_factory.mktemp("rtl") / "public"
    run = run_cli("-C", PROJECT, "build", "--no-cache", "-o", out)
    assert run.code == 0, run.err
    with static_host(out) as url:
        _SERVED[url] = out
        yield url


def open_at(page: Page, url: str, width: int) -> None:
    page.set_viewport_size({"width": width, "height": HEIGHT})
    response = page.goto(url)
    assert response is not None and response.status == 200, url
    page.wait_for_load_state("load")


def box(page: Page, selector: str) -> dict[str, float]:
    found = page.locator(selector).first.bounding_box()
    assert found is not None, f"{selector} is not visible"
    return found


def layout(page: Page) -> dict[str, Any]:
    """What the test compares between the two directions, measured in the page."""
    return page.evaluate(
        """() => {
            const main = document.querySelector("main");
            const heading = main.querySelector("h1");
            const range = document.createRange();
            range.selectNodeContents(heading);
            const text = range.getBoundingClientRect();
            const box = heading.getBoundingClientRect();
            const inner = document.querySelector(".site-header__inner");
            const style = getComputedStyle(inner);
            const innerBox = inner.getBoundingClientRect();
            return {
                htmlDir: document.documentElement.dir,
                mainDirection: getComputedStyle(main).direction,
                headingAlign: getComputedStyle(heading).textAlign,
                textLeft: text.left, textRight: text.right,
                boxLeft: box.left, boxRight: box.right,
                contentLeft: innerBox.left + parseFloat(style.paddingLeft),
                contentRight: innerBox.right - parseFloat(style.paddingRight),
            };
        }"""
    )


def test_arabic_layout_is_mirrored(page: Page, site_url: str) -> None:
    open_at(page, f"{site_url}/ar/", WIDE)
    measured = layout(page)
    assert measured["htmlDir"] == "rtl"
    assert measured["mainDirection"] == "rtl"
    assert measured["headingAlign"] in {"start", "right"}, measured
    # the heading's text hugs the right edge of its box, far from the left one
    assert abs(measured["boxRight"] - measured["textRight"]) <= EDGE_PX, measured
    assert measured["textLeft"] - measured["boxLeft"] > 100, measured

    links = page.locator(".site-nav__link")
    assert links.count() >= 2
    first, last = links.first.bounding_box(), links.last.bounding_box()
    assert first is not None and last is not None
    assert first["x"] > last["x"], (first, last)

    header, brand = box(page, ".site-header"), box(page, ".brand")
    brand_right = brand["x"] + brand["width"]
    # at the right edge of the header's content box, and in its right half
    assert abs(measured["contentRight"] - brand_right) <= EDGE_PX, (measured, brand)
    assert brand["x"] > header["x"] + header["width"] / 2, (header, brand)
    assert header["x"] + header["width"] - brand_right <= 0.1 * header["width"], (header, brand)


def test_spanish_layout_is_left_to_right(page: Page, site_url: str) -> None:
    open_at(page, f"{site_url}/es/", WIDE)
    measured = layout(page)
    assert measured["htmlDir"] == "ltr"
    assert measured["mainDirection"] == "ltr"
    assert measured["headingAlign"] in {"start", "left"}, measured
    assert abs(measured["textLeft"] - measured["boxLeft"]) <= EDGE_PX, measured
    assert measured["boxRight"] - measured["textRight"] > 100, measured

    links = page.locator(".site-nav__link")
    assert links.count() >= 2
    first, last = links.first.bounding_box(), links.last.bounding_box()
    assert first is not None and last is not None
    # the menu may wrap onto a second line in Spanish: compare within reading order
    if abs(first["y"] - last["y"]) < 1:
        assert first["x"] < last["x"], (first, last)
    else:
        assert first["y"] < last["y"], (first, last)

    header, brand = box(page, ".site-header"), box(page, ".brand")
    assert abs(brand["x"] - measured["contentLeft"]) <= EDGE_PX, (measured, brand)
    assert brand["x"] + brand["width"] < header["x"] + header["width"] / 2, (header, brand)
    assert brand["x"] - header["x"] <= 0.1 * header["width"], (header, brand)


def test_arabic_and_spanish_mirror_each_other(page: Page, site_url: str) -> None:
    """The brand sits as far from the right edge in Arabic as from the left edge in Spanish."""
    open_at(page, f"{site_url}/ar/", WIDE)
    header, brand = box(page, ".site-header"), box(page, ".brand")
    arabic_gap = header["x"] + header["width"] - (brand["x"] + brand["width"])
    open_at(page, f"{site_url}/es/", WIDE)
    header, brand = box(page, ".site-header"), box(page, ".brand")
    spanish_gap = brand["x"] - header["x"]
    assert abs(arabic_gap - spanish_gap) <= EDGE_PX, (arabic_gap, spanish_gap)


@pytest.mark.parametrize("width", [NARROW, WIDE])
@pytest.mark.parametrize("code", ["ar", "es"])
def test_screenshots(page: Page, site_url: str, artifacts: Path, code: str, width: int) -> None:
    open_at(page, f"{site_url}/{code}/", width)
    expected = "rtl" if code == "ar" else "ltr"
    assert page.evaluate("() => getComputedStyle(document.body).direction") == expected
    # nothing is pushed off the side of a narrow screen in either direction
    overflow = page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"/{code}/ at {width} px scrolls sideways by {overflow} px"
    shot = artifacts / f"rtl-{code}-{width}.png"
    page.screenshot(path=str(shot), full_page=True)
    assert shot.stat().st_size > 0


def test_no_page_scrolls_sideways_at_320_px(page: Page, site_url: str) -> None:
    """WCAG 1.4.10 Reflow: 320 CSS pixels, as at 400 % zoom, in every language and page type."""
    out = _SERVED[site_url]
    urls = sorted(
        "/" + p.relative_to(out).parent.as_posix().removeprefix(".") + "/"
        for p in out.rglob("index.html")
        if "http-equiv" not in p.read_text("utf-8")[:600]  # the redirect pages of aliases
    )
    wide = []
    for url in urls:
        open_at(page, site_url + url.replace("//", "/"), 320)
        overflow = page.evaluate(
            "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        if overflow > 0:
            wide.append((url, overflow))
    assert len(urls) > 60
    assert wide == []


def test_names_and_addresses_in_latin_script_are_isolated_on_arabic_pages(
    page: Page, site_url: str
) -> None:
    """An English publisher beside an Arabic date, or a printed URL, keeps its own order."""
    open_at(page, f"{site_url}/ar/data-storage/where-data-is-stored/", WIDE)
    isolation = page.evaluate(
        """() => [".sources__publisher", ".sources__title bdi", ".print-url bdi"].map(
            (s) => { const e = document.querySelector(s); const c = getComputedStyle(e);
                     return [s, c.unicodeBidi, c.direction]; })"""
    )
    # a <bdi> takes its direction from its own text: the English names here read left to right
    assert isolation == [
        [".sources__publisher", "isolate", "ltr"],
        [".sources__title bdi", "isolate", "ltr"],
        [".print-url bdi", "isolate", "ltr"],
    ]
