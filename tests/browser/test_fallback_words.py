"""Words a page shows in another language than its own, as Chromium reads them: the word in
its own language and direction, the element around it in the page's, and attributes plain.

A small hub is built into a temporary folder and served by a plain http.server on 127.0.0.1.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Page
from serving import static_host

from hubtest import make_site, run_cli

pytestmark = pytest.mark.browser

SITE = """\
title: T
base_url: https://hub.example/
language: en
languages:
  - {code: en, name: English}
  - {code: ar, name: العربية}
  - {code: fr, name: Français}
"""
PRESS_PAGE = (
    '{% extends "base.html" %}\n'
    "{% block content %}\n"
    '<p class=intro title="{{ t(\'press_intro\') }}">{{ t("press_intro") }}</p>\n'
    "{{ page.content }}\n"
    "{% endblock %}\n"
)
FILES = {
    "content/_index.md": "---\ntitle: Home\n---\nHi.\n",
    "content/about.md": "---\ntitle: About\n---\nHi.\n",
    "content/about.ar.md": "---\ntitle: حول\n---\nنص.\n",
    "content/about.fr.md": "---\ntitle: À propos\n---\nSalut.\n",
    "templates/page.html": PRESS_PAGE,
    "strings/en.yml": "press_intro: Write to our press desk\n",
    "strings/fr.yml": "home: Accueil\npress_intro: Écrivez-nous\n",
}


@pytest.fixture(scope="module")
def site_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The hub, built and served at http://127.0.0.1:<port>."""
    root = tmp_path_factory.mktemp("fallback")
    hub = make_site(root / "hub", FILES, SITE)
    run = run_cli("-C", hub, "build", "--no-search", "-o", root / "public")
    assert run.code == 0, run.err
    with static_host(root / "public") as url:
        yield url


def read(page: Page, url: str, selector: str) -> dict[str, object]:
    """How Chromium reads the first element that selector finds: its language and direction,
    and those of the element around it."""
    response = page.goto(url)
    assert response is not None and response.status == 200, url
    return dict(
        page.evaluate(
            """(selector) => {
                const el = document.querySelector(selector);
                const around = el.parentElement;
                return {
                    text: el.textContent,
                    english: el.matches(":lang(en)"),
                    direction: getComputedStyle(el).direction,
                    aroundArabic: around.matches(":lang(ar)"),
                    aroundDirection: getComputedStyle(around).direction,
                };
            }""",
            selector,
        )
    )


def test_an_english_word_on_an_arabic_page_is_english_and_left_to_right(
    page: Page, site_url: str
) -> None:
    read_as = read(page, f"{site_url}/ar/about/", "p.intro > span")
    assert read_as == {
        "text": "Write to our press desk",
        "english": True,
        "direction": "ltr",
        "aroundArabic": True,
        "aroundDirection": "rtl",
    }
    # the paragraph's title, where no markup can go, is the plain word
    assert page.locator("p.intro").get_attribute("title") == "Write to our press desk"


def test_the_theme_s_english_on_a_french_page_is_english_and_its_own_words_french(
    page: Page, site_url: str
) -> None:
    skip = read(page, f"{site_url}/fr/about/", "a.skip-link > span")
    assert skip["text"] == "Skip to content" and skip["english"] is True
    assert page.locator("p.intro").evaluate("el => el.matches(':lang(fr)')") is True
    assert page.locator("p.intro > span").count() == 0  # the hub's own French word
    assert page.get_by_role("navigation", name="Breadcrumb").count() == 1
    assert "\ufdef" not in page.content()
