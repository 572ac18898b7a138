"""The preview server in a real browser: live reload, the error overlay, drafts.

Every test starts ``recordhub serve`` on a small hub written inline, opens a page in Chromium,
changes a source file and waits for an event: a text or style in the page, or the server's
``Rebuilt`` line. No test sleeps to wait for something to happen; the only sleeps are the pauses
between the saves of the "many quick saves" test, which are that test's input.
"""

from __future__ import annotations

import shutil
import signal
import socket
import struct
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from gate import HubServer
from playwright.sync_api import Page, Route, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError
from serving import Server, serve

from hubtest import SITE_YML, make_site, run_cli
from recordhub.render import THEME_DIR

pytestmark = pytest.mark.browser

WAIT_MS = 10_000  # for any one change to reach the page; a rebuild takes milliseconds

HOME = "---\ntitle: Home\n---\nWelcome to the hub.\n"


def page_md(title: str, body: str, extra: str = "") -> str:
    return f"---\ntitle: {title}\n{extra}---\n{body}\n"


def save(path: Path, text: str) -> None:
    """Write a source file as an editor would (create its folder if need be)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


# Sends a second hello on livereload.js's socket and waits for the server's answer, which it
# keeps from livereload.js (whose protocol parser would take it for an error).
REGISTERED = """(timeout) => new Promise((resolve) => {
    const socket = window.LiveReload.connector.socket;
    const handle = socket.onmessage;
    const timer = setTimeout(() => { socket.onmessage = handle; resolve(false); }, timeout);
    socket.onmessage = (event) => {
        let message = null;
        try { message = JSON.parse(event.data); } catch (error) { message = null; }
        if (message && message.command === "hello") {
            clearTimeout(timer);
            socket.onmessage = handle;
            resolve(true);
        } else {
            handle.call(socket, event);
        }
    };
    socket.send(JSON.stringify(
        {command: "hello", protocols: ["http://livereload.com/protocols/official-7"]}));
})"""


def open_live(page: Page, url: str, status: int = 200) -> None:
    """Open url, wait until livereload.js has finished its handshake, check the status.

    The server only sends reloads to sockets that completed the handshake: the client says
    ``hello``, the server answers ``hello``, and the client then sends ``info``, upon which the
    server adds it to its list of browsers to notify. livereload.js sets
    ``connector.protocol`` (0 until then) when the server's ``hello`` arrives and sends ``info``
    in the same JavaScript task, but that only puts ``info`` on its way: on a busy machine the
    browser's network process or the server's loop may take longer to pass it on than a save
    takes to be rebuilt, and the reload then goes to no one. The server answers nothing to
    ``info``, but it reads one socket's messages in order, so once it has answered a second
    ``hello`` sent after ``info`` on the same socket, it has read ``info`` too. Waiting for that
    answer instead of sleeping makes the tests both fast and free of a race with the socket.

    Every navigation goes through here, also where nothing is edited afterwards, so that no
    handshake is in flight when the test ends and the server gets Ctrl-C: livereload's handler
    swallows a KeyboardInterrupt raised while it sends its ``hello`` (see the report).
    """
    response = page.goto(url)
    wait_live(page)
    assert response is not None and response.status == status, url


def wait_live(page: Page) -> None:
    """Wait until the page's livereload.js is registered with the server (see open_live)."""
    url = page.url
    try:
        page.wait_for_function(
            "() => !!(window.LiveReload && window.LiveReload.connector"
            " && window.LiveReload.connector.protocol >= 7"
            " && window.LiveReload.hasPlugin('recordhub'))",
            timeout=WAIT_MS,
        )
    except PlaywrightTimeoutError:
        state = page.evaluate(
            "() => ({loaded: !!window.LiveReload, plugin: !!window.LiveReloadPluginRecordhub,"
            " protocol: window.LiveReload && window.LiveReload.connector"
            " && window.LiveReload.connector.protocol,"
            " scripts: [...document.scripts].map(s => s.src)})"
        )
        raise AssertionError(f"livereload.js did not connect on {url}: {state}") from None
    answered = page.evaluate(REGISTERED, WAIT_MS)
    assert answered, f"the server did not answer a hello sent after info on {url}"


def mark_window(page: Page) -> None:
    """A marker that only survives if the page is updated in place, never navigated."""
    page.evaluate("() => { window.__kept = 1; }")


def assert_not_navigated(page: Page, navigations: list[str]) -> None:
    assert page.evaluate("() => window.__kept") == 1, "the page was reloaded"
    assert navigations == [], f"the page navigated: {navigations}"


def count_navigations(page: Page) -> list[str]:
    """URLs the main frame navigates to from now on."""
    seen: list[str] = []
    main = page.main_frame
    page.on("framenavigated", lambda frame: seen.append(frame.url) if frame == main else None)
    return seen


def rebuilt_since(server: Server, since: int) -> str:
    return server.wait_for_line("Rebuilt in", timeout=WAIT_MS / 1000, since=since)


# 1 -----------------------------------------------------------------------------------------------


def test_body_edit_appears_in_place(tmp_path: Path, page: Page) -> None:
    hub = make_site(
        tmp_path / "hub",
        {
            "content/_index.md": HOME,
            "content/about.md": page_md("About us", "The first version of the text."),
        },
    )
    with serve(hub) as server:
        open_live(page, server.url + "about/")
        main = page.locator("main")
        expect(main).to_contain_text("The first version of the text.")
        mark_window(page)
        navigations = count_navigations(page)

        since = server.mark()
        save(hub / "content/about.md", page_md("About us", "The *second* version, live."))
        rebuilt_since(server, since)

        expect(page.locator("main .prose em")).to_have_text("second", timeout=WAIT_MS)
        expect(main).to_contain_text("The second version, live.")
        expect(main).not_to_contain_text("The first version")
        assert_not_navigated(page, navigations)


# 2 -----------------------------------------------------------------------------------------------


def test_bad_front_matter_shows_the_overlay_until_fixed(
    tmp_path: Path, page: Page, artifacts: Path
) -> None:
    hub = make_site(
        tmp_path / "hub",
        {
            "content/_index.md": HOME,
            "content/claim.md": page_md("A claim", "Good text before.", "summary: Fine.\n"),
        },
    )
    source = hub / "content/claim.md"
    with serve(hub) as server:
        open_live(page, server.url + "claim/")
        overlay = page.locator("#recordhub-overlay")
        expect(overlay).to_have_count(0)

        # a tab in front of line 3 of the file
        since = server.mark()
        save(source, "---\ntitle: A claim\n\tsummary: Broken.\n---\nBroken text.\n")
        # waited for by its own line: a rebuild that caught the file between truncating and
        # writing ("the file is empty") may fail first, and print "Build failed" before it
        server.wait_for_line(
            "content/claim.md:3:1: error: tab character in indentation",
            timeout=WAIT_MS / 1000,
            since=since,
        )
        server.wait_for_line(
            "Build failed; the preview keeps the last good pages and shows the error.",
            timeout=WAIT_MS / 1000,
            since=since,
        )

        expect(overlay).to_be_visible(timeout=WAIT_MS)
        expect(overlay).to_contain_text("The preview shows the last good version.")
        assert overlay.get_attribute("role") == "alert"
        item = overlay.locator("li")
        expect(item).to_have_count(1)
        expect(item.locator("code")).to_have_text(
            "content/claim.md:3:1: error: tab character in indentation"
        )
        expect(item).to_contain_text(
            "YAML indentation must use spaces; replace the tab with spaces"
        )
        # the preview keeps the last good page under the overlay
        expect(page.locator("main")).to_contain_text("Good text before.")
        page.screenshot(path=str(artifacts / "preview-overlay.png"), full_page=True)

        # any page the author opens while the build is broken shows it too
        open_live(page, server.url)
        expect(overlay).to_be_visible()
        open_live(page, server.url + "claim/")
        expect(overlay).to_be_visible()

        since = server.mark()
        save(source, page_md("A claim", "Fixed text after.", "summary: Fine again.\n"))
        rebuilt_since(server, since)
        expect(overlay).to_have_count(0, timeout=WAIT_MS)
        expect(page.locator("main")).to_contain_text("Fixed text after.")
        expect(page.locator(".lead")).to_have_text("Fine again.")


def test_unclosed_yaml_overlay_names_line_and_column(tmp_path: Path, page: Page) -> None:
    hub = make_site(
        tmp_path / "hub",
        {"content/_index.md": HOME, "content/about.md": page_md("About", "Before.")},
    )
    with serve(hub) as server:
        open_live(page, server.url + "about/")
        since = server.mark()
        save(hub / "content/about.md", "---\ntitle: [unclosed\n---\nAfter.\n")
        server.wait_for_line("Build failed", timeout=WAIT_MS / 1000, since=since)
        overlay = page.locator("#recordhub-overlay")
        expect(overlay.locator("code")).to_have_text(
            "content/about.md:2:8: error: invalid YAML: a list in [...] is never closed",
            timeout=WAIT_MS,
        )
        expect(overlay).to_contain_text("add the closing ] at the end of the list")

        since = server.mark()
        save(hub / "content/about.md", page_md("About", "After the fix."))
        rebuilt_since(server, since)
        expect(overlay).to_have_count(0, timeout=WAIT_MS)
        expect(page.locator("main")).to_contain_text("After the fix.")


# 3 -----------------------------------------------------------------------------------------------

BACKGROUND = "body { background-color: %s; }\n"


def test_css_edit_swaps_the_stylesheet_without_reloading(tmp_path: Path, page: Page) -> None:
    long_body = "\n\n".join(f"Paragraph {n} of a long page." for n in range(200))
    theme_css = (THEME_DIR / "static" / "app.css").read_text(encoding="utf-8")
    hub = make_site(
        tmp_path / "hub",
        {
            "content/_index.md": HOME,
            "content/long.md": page_md("A long page", long_body),
            # the hub's own app.css replaces the theme's
            "static/app.css": theme_css + BACKGROUND % "rgb(250, 250, 250)",
        },
    )
    with serve(hub) as server:
        open_live(page, server.url + "long/")
        background = "() => getComputedStyle(document.body).backgroundColor"
        assert page.evaluate(background) == "rgb(250, 250, 250)"
        page.evaluate("() => window.scrollTo({top: 2000, behavior: 'instant'})")
        page.wait_for_function("() => window.scrollY === 2000")
        mark_window(page)
        navigations = count_navigations(page)
        page_fetches: list[str] = []
        page.on(
            "request",
            lambda request: (
                page_fetches.append(request.url)
                if request.resource_type in {"document", "fetch", "xhr"}
                else None
            ),
        )

        since = server.mark()
        save(hub / "static/app.css", theme_css + BACKGROUND % "rgb(10, 80, 160)")
        line = rebuilt_since(server, since)
        assert line.endswith(": 1 file changed"), server.output  # only the stylesheet

        page.wait_for_function(f"() => ({background})() === 'rgb(10, 80, 160)'", timeout=WAIT_MS)
        assert_not_navigated(page, navigations)
        assert page.evaluate("() => window.scrollY") == 2000
        # livereload.js swapped the stylesheet; the page itself was not fetched again
        assert page_fetches == [], f"the page was fetched again: {page_fetches}"


@contextmanager
def one_rebuild(server: Server) -> Iterator[None]:
    """Saves inside the block reach the server as one burst, so one rebuild takes them all.

    The server is stopped (SIGSTOP) while they are written: the kernel keeps their file events
    until it goes on, and its watcher then reads them together, whatever the machine's load.
    """
    server.process.send_signal(signal.SIGSTOP)
    try:
        yield
    finally:
        server.process.send_signal(signal.SIGCONT)


def test_a_stylesheet_saved_with_a_page_reaches_the_open_page(tmp_path: Path, page: Page) -> None:
    theme_css = (THEME_DIR / "static" / "app.css").read_text(encoding="utf-8")
    hub = make_site(
        tmp_path / "hub",
        {
            "content/_index.md": HOME,
            "content/about.md": page_md("About us", "The first version of the text."),
            "static/app.css": theme_css + BACKGROUND % "rgb(250, 250, 250)",
        },
    )
    with serve(hub) as server:
        open_live(page, server.url + "about/")
        assert page.evaluate(BACKGROUND_NOW) == "rgb(250, 250, 250)"
        since = server.mark()
        with one_rebuild(server):
            save(hub / "content/about.md", page_md("About us", "The second version."))
            save(hub / "static/app.css", theme_css + BACKGROUND % "rgb(10, 80, 160)")
        line = rebuilt_since(server, since)
        assert not line.endswith(": 1 file changed"), line  # both in the one rebuild
        expect(page.locator("main")).to_contain_text("The second version.", timeout=WAIT_MS)
        wait_for_background(page, "rgb(10, 80, 160)")


CHART = '<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="10"></svg>'
NATURAL_WIDTH = "(alt) => document.querySelector(`img[alt='${alt}']`).naturalWidth"


def wait_for_width(page: Page, alt: str, width: int) -> None:
    page.wait_for_function(
        f"(alt) => ({NATURAL_WIDTH})(alt) === {width}", arg=alt, timeout=WAIT_MS, polling=50
    )


def test_a_replaced_image_shows_in_the_open_page(tmp_path: Path, page: Page) -> None:
    body = "![Chart](charts/q1.svg)\n\n![Logo](/logo.svg)\n\nThe first version."
    hub = make_site(
        tmp_path / "hub",
        {
            "content/_index.md": HOME,
            "content/report.md": page_md("Report", body),
            "content/charts/q1.svg": CHART % 40,
            "static/logo.svg": CHART % 30,
        },
    )
    with serve(hub) as server:
        open_live(page, server.url + "report/")
        assert page.evaluate(NATURAL_WIDTH, "Chart") == 40
        assert page.evaluate(NATURAL_WIDTH, "Logo") == 30
        mark_window(page)
        navigations = count_navigations(page)

        save(hub / "content/charts/q1.svg", CHART % 120)  # alone: swapped in place
        wait_for_width(page, "Chart", 120)
        save(hub / "static/logo.svg", CHART % 60)
        wait_for_width(page, "Logo", 60)
        assert_not_navigated(page, navigations)

        since = server.mark()
        with one_rebuild(server):  # with a page: the body swapped in shows the new image
            save(hub / "content/report.md", page_md("Report", body.replace("first", "2nd")))
            save(hub / "content/charts/q1.svg", CHART % 200)
        rebuilt_since(server, since)
        expect(page.locator("main")).to_contain_text("The 2nd version.", timeout=WAIT_MS)
        wait_for_width(page, "Chart", 200)
        assert page.evaluate(NATURAL_WIDTH, "Logo") == 60  # still the newer one after the swap
        assert_not_navigated(page, navigations)


# 4 -----------------------------------------------------------------------------------------------


def test_new_page_joins_its_section_listing_and_a_deleted_one_leaves(
    tmp_path: Path, page: Page
) -> None:
    hub = make_site(
        tmp_path / "hub",
        {
            "content/_index.md": HOME,
            "content/faq/_index.md": page_md("Questions", "Common questions."),
            "content/faq/first.md": page_md("First answer", "One."),
        },
    )
    with serve(hub) as server:
        open_live(page, server.url + "faq/")
        titles = page.locator(".listing .card__title")
        expect(titles).to_have_text(["First answer"])
        mark_window(page)
        navigations = count_navigations(page)

        since = server.mark()
        save(hub / "content/faq/second.md", page_md("Second answer", "Two."))
        rebuilt_since(server, since)
        expect(titles).to_have_text(["First answer", "Second answer"], timeout=WAIT_MS)
        expect(page.locator(".listing a", has_text="Second answer")).to_have_attribute(
            "href", "/faq/second/"
        )

        since = server.mark()
        (hub / "content/faq/first.md").unlink()
        rebuilt_since(server, since)
        expect(titles).to_have_text(["Second answer"], timeout=WAIT_MS)
        assert_not_navigated(page, navigations)

        # and the deleted page is gone from the preview
        open_live(page, server.url + "faq/first/", status=404)


# 5 -----------------------------------------------------------------------------------------------


def _page_template(marker: str) -> str:
    original = (THEME_DIR / "templates" / "page.html").read_text(encoding="utf-8")
    edited = original.replace(
        '<article class="article">',
        f'<article class="article">\n<p id="template-marker">{marker}</p>',
        1,
    )
    assert edited != original, "the theme's page.html changed; update this test"
    return edited


def test_template_edits_show(tmp_path: Path, page: Page) -> None:
    hub = make_site(
        tmp_path / "hub",
        {"content/_index.md": HOME, "content/about.md": page_md("About us", "Who we are.")},
    )
    (hub / "templates").mkdir()  # an empty templates/ folder, watched from the start
    with serve(hub) as server:
        open_live(page, server.url + "about/")
        marker = page.locator("#template-marker")
        expect(marker).to_have_count(0)
        mark_window(page)
        navigations = count_navigations(page)

        since = server.mark()
        save(hub / "templates/page.html", _page_template("Own template, version one"))
        rebuilt_since(server, since)
        expect(marker).to_have_text("Own template, version one", timeout=WAIT_MS)

        since = server.mark()
        save(hub / "templates/page.html", _page_template("Own template, version two"))
        rebuilt_since(server, since)
        expect(marker).to_have_text("Own template, version two", timeout=WAIT_MS)
        expect(page.locator("main")).to_contain_text("Who we are.")
        assert_not_navigated(page, navigations)

        # removing the override brings the theme's template back
        since = server.mark()
        (hub / "templates/page.html").unlink()
        rebuilt_since(server, since)
        expect(marker).to_have_count(0, timeout=WAIT_MS)


def test_templates_folder_created_while_serving(tmp_path: Path, page: Page) -> None:
    # the starter hub of `recordhub init` has no templates/ folder: this is the first override
    hub = make_site(
        tmp_path / "hub",
        {"content/_index.md": HOME, "content/about.md": page_md("About us", "Who we are.")},
    )
    with serve(hub) as server:
        open_live(page, server.url + "about/")
        since = server.mark()
        save(hub / "templates/page.html", _page_template("First override"))
        rebuilt_since(server, since)
        expect(page.locator("#template-marker")).to_have_text("First override", timeout=WAIT_MS)


# 5b: a live reload leaves the page as a fresh load shows it ------------------------------------

BACKGROUND_NOW = "() => getComputedStyle(document.body).backgroundColor"


def _page_with_head(extra: str) -> str:
    """The theme's page.html with extra markup in base.html's head block."""
    original = (THEME_DIR / "templates" / "page.html").read_text(encoding="utf-8")
    return original + "{% block head %}" + extra + "{% endblock %}\n"


def wait_for_background(page: Page, color: str) -> None:
    page.wait_for_function(f"() => ({BACKGROUND_NOW})() === {color!r}", timeout=WAIT_MS, polling=50)


def test_head_edits_show(tmp_path: Path, page: Page) -> None:
    # stylesheets by file: the Content-Security-Policy the build writes forbids inline ones
    style = '<link rel="stylesheet" href="/%s.css">'
    hub = make_site(
        tmp_path / "hub",
        {
            "content/_index.md": HOME,
            "content/about.md": page_md("About us", "Who we are."),
            "templates/page.html": _page_with_head(style % "one"),
            "static/one.css": BACKGROUND % "rgb(1, 2, 3)",
            "static/two.css": BACKGROUND % "rgb(7, 8, 9)",
            "static/extra.css": BACKGROUND % "rgb(4, 5, 6)",
        },
    )
    with serve(hub) as server:
        open_live(page, server.url + "about/")
        assert page.evaluate(BACKGROUND_NOW) == "rgb(1, 2, 3)"

        since = server.mark()
        save(hub / "templates/page.html", _page_with_head(style % "two"))
        rebuilt_since(server, since)
        wait_for_background(page, "rgb(7, 8, 9)")
        wait_live(page)  # the page was reloaded: wait for its new socket

        since = server.mark()
        link = '<link rel="stylesheet" href="/extra.css">'
        save(hub / "templates/page.html", _page_with_head(link))
        rebuilt_since(server, since)
        wait_for_background(page, "rgb(4, 5, 6)")
        expect(page.locator("main")).to_contain_text("Who we are.")


def test_script_edits_run_and_the_scroll_position_is_kept(tmp_path: Path, page: Page) -> None:
    long_body = "\n\n".join(f"Paragraph {n} of a long page." for n in range(200))
    script = "document.documentElement.dataset.appVersion = '%s';\n"
    hub = make_site(
        tmp_path / "hub",
        {
            "content/_index.md": HOME,
            "content/long.md": page_md("A long page", long_body),
            "static/app.js": script % "one",  # the hub's own app.js replaces the theme's
        },
    )
    with serve(hub) as server:
        open_live(page, server.url + "long/")
        root = page.locator("html")
        expect(root).to_have_attribute("data-app-version", "one")
        page.evaluate("() => window.scrollTo({top: 2000, behavior: 'instant'})")
        page.wait_for_function("() => window.scrollY === 2000")

        since = server.mark()
        save(hub / "static/app.js", script % "two")
        rebuilt_since(server, since)
        expect(root).to_have_attribute("data-app-version", "two", timeout=WAIT_MS)
        page.wait_for_function("() => window.scrollY === 2000", timeout=WAIT_MS)
        wait_live(page)


FAQ = """---
title: Questions
type: faq
---
## Your data

### Where is my data stored?

In Virginia.

### Who can see it?

Few people.
"""


def test_the_themes_script_enhances_the_swapped_page(tmp_path: Path, page: Page) -> None:
    hub = make_site(tmp_path / "hub", {"content/_index.md": HOME, "content/questions.md": FAQ})
    with serve(hub) as server:
        open_live(page, server.url + "questions/")
        buttons = page.locator(".faq-body .copy-link")
        expect(buttons).to_have_count(2)
        mark_window(page)
        navigations = count_navigations(page)

        since = server.mark()
        save(hub / "content/questions.md", FAQ + "\n### Is it encrypted?\n\nYes.\n")
        rebuilt_since(server, since)
        expect(page.locator(".faq-body h3")).to_have_count(3, timeout=WAIT_MS)
        expect(buttons).to_have_count(3, timeout=WAIT_MS)  # once each, not twice
        expect(page.locator(".faq-question")).to_have_count(3)
        assert_not_navigated(page, navigations)


def wait_for_index(page: Page, server: Server) -> None:
    """Wait until the preview's search index is there."""
    # it is written in the background, a moment after the first build; no event tells when,
    # so this asks for it until it is there
    deadline = time.monotonic() + 60
    while page.request.get(server.url + "pagefind/pagefind-ui.js").status != 200:
        assert time.monotonic() < deadline, "no search index was written"
        time.sleep(0.1)


def test_the_search_box_stays_after_a_live_reload(tmp_path: Path, page: Page) -> None:
    hub = make_site(
        tmp_path / "hub",
        {"content/_index.md": HOME, "content/about.md": page_md("About us", "Who we are.")},
    )
    with serve(hub) as server:
        wait_for_index(page, server)
        open_live(page, server.url + "search/")
        box = page.locator(".pagefind-ui__search-input")
        expect(box).to_have_count(1, timeout=WAIT_MS)
        expect(page.locator("[data-search-fallback]")).to_be_hidden()
        box.evaluate("(input) => { input.dataset.old = '1'; }")

        since = server.mark()
        save(hub / "content/about.md", page_md("About the team", "Who we are."))
        rebuilt_since(server, since)
        # the old box went with the old page; the new page has its own
        expect(page.locator(".pagefind-ui__search-input:not([data-old])")).to_have_count(
            1, timeout=WAIT_MS
        )
        expect(box).to_have_count(1)
        expect(page.locator("[data-search-fallback]")).to_be_hidden()


def test_a_failed_first_build_recovers_to_a_styled_page(tmp_path: Path, page: Page) -> None:
    hub = make_site(
        tmp_path / "hub",
        {"content/_index.md": HOME, "content/about.md": "---\ntitle: [unclosed\n---\nBroken.\n"},
    )
    with serve(hub) as server:
        # there is no last good version to keep showing, and neither message says there is
        server.wait_for_line(
            "Build failed; the preview shows the error on every page until it is fixed, and "
            "keeps watching.",
            timeout=WAIT_MS / 1000,
        )
        open_live(page, server.url + "about/", status=503)
        expect(page.locator("#recordhub-overlay")).to_be_visible()
        expect(page.locator("#recordhub-overlay")).to_contain_text(
            "Nothing could be built yet, so there is no page to show."
        )
        expect(page.locator("#recordhub-overlay")).not_to_contain_text("last good version")

        since = server.mark()
        save(hub / "content/about.md", page_md("About us", "Fixed text."))
        rebuilt_since(server, since)
        expect(page.locator("main")).to_contain_text("Fixed text.", timeout=WAIT_MS)
        page.wait_for_function(
            "() => [...document.styleSheets].some((s) => /app[.-]/.test(s.href || ''))",
            timeout=WAIT_MS,
        )
        expect(page.locator("#recordhub-overlay")).to_have_count(0)
        expect(page).to_have_title("About us \u2013 Test Hub")
        wait_live(page)


# 6 -----------------------------------------------------------------------------------------------

DRAFTS = {
    "content/_index.md": HOME,
    "content/plans.md": page_md("Secret plans", "Not announced yet.", "draft: true\n"),
    "content/later.md": page_md(
        "Embargoed news", "Out next decade.", "publish_at: 2999-01-01T09:00:00Z\n"
    ),
}


def test_drafts_and_embargoed_pages_show_with_a_banner(tmp_path: Path, page: Page) -> None:
    hub = make_site(tmp_path / "hub", DRAFTS)
    with serve(hub) as server:
        open_live(page, server.url + "plans/")
        banner = page.locator(".banner--preview")
        expect(banner).to_be_visible()
        expect(banner).to_contain_text("This page is a draft. It is not published.")
        expect(page.locator("main")).to_contain_text("Not announced yet.")
        expect(page.locator('meta[name="robots"]')).to_have_attribute("content", "noindex")

        open_live(page, server.url + "later/")
        expect(banner).to_contain_text("This page is scheduled and not yet published.")


def test_no_drafts_hides_drafts_and_embargoed_pages(tmp_path: Path, page: Page) -> None:
    hub = make_site(tmp_path / "hub", DRAFTS)
    with serve(hub, "--no-drafts") as server:
        for path in ("plans/", "later/"):
            open_live(page, server.url + path, status=404)
            expect(page.locator("main")).not_to_contain_text("Not announced yet.")
            expect(page.locator(".banner--preview")).to_have_count(0)
        open_live(page, server.url)


STATEMENTS = {
    "content/_index.md": HOME,
    "content/statements/_index.md": "---\ntitle: Statements\ncascade: {type: statement}\n---\n",
    "content/statements/plans.md": page_md(
        "Our plans", "Not announced yet.", "date: 2026-02-20\ndraft: true\n"
    ),
    "content/statements/later.md": page_md(
        "Our results", "Out next decade.", "date: 2026-03-02\npublish_at: 2999-01-01T09:00:00Z\n"
    ),
    "content/statements/old.md": page_md("Old news", "Said before.", "date: 2026-01-10\n"),
}


def test_the_home_page_marks_draft_and_embargoed_statements(tmp_path: Path, page: Page) -> None:
    hub = make_site(tmp_path / "hub", STATEMENTS)
    with serve(hub) as server:
        open_live(page, server.url)
        block = page.get_by_role("region", name="On the record")
        cards = block.get_by_role("listitem")
        expect(cards).to_have_count(3)
        draft = cards.filter(has=page.get_by_role("link", name="Our plans"))
        expect(draft.get_by_text("Draft", exact=True)).to_be_visible()
        embargoed = cards.filter(has=page.get_by_role("link", name="Our results"))
        expect(
            embargoed.get_by_text("Embargoed until January 1, 2999, 9:00 AM UTC", exact=True)
        ).to_be_visible()
        expect(cards.filter(has_text="Old news")).not_to_contain_text("Draft")
        expect(cards.filter(has_text="Old news")).not_to_contain_text("Embargoed")
        # in the accessibility tree, in words, right after each card's title
        expect(draft).to_match_aria_snapshot(
            '- listitem:\n  - heading "Our plans" [level=3]\n  - paragraph: Draft'
        )
        expect(embargoed).to_match_aria_snapshot(
            '- listitem:\n  - heading "Our results" [level=3]\n  - paragraph:\n'
            "    - text: Embargoed until\n    - time: January 1, 2999, 9:00 AM UTC"
        )


# 7 -----------------------------------------------------------------------------------------------


def test_many_quick_saves_end_with_the_last_text(tmp_path: Path, page: Page) -> None:
    hub = make_site(
        tmp_path / "hub",
        {"content/_index.md": HOME, "content/about.md": page_md("About us", "Save number 0.")},
    )
    source = hub / "content/about.md"
    with serve(hub) as server:
        open_live(page, server.url + "about/")
        prose = page.locator("main .prose")
        expect(prose).to_have_text("Save number 0.")
        mark_window(page)
        navigations = count_navigations(page)

        for n in range(1, 11):
            save(source, page_md("About us", f"Save number {n}."))
            time.sleep(0.1)  # the test's input: an author saving ten times a second

        expect(prose).to_have_text("Save number 10.", timeout=WAIT_MS)
        # (a rebuild may catch a file half-written, as with an editor that saves in place; the
        # overlay it shows must be gone once the last save is built)
        expect(page.locator("#recordhub-overlay")).to_have_count(0)
        # what the server serves now is the last save too, and the page still shows it
        page.wait_for_function(
            "() => fetch(location.href, {cache: 'no-store'}).then(r => r.text())"
            ".then(t => t.includes('Save number 10.'))",
            timeout=WAIT_MS,
        )
        expect(prose).to_have_text("Save number 10.")
        assert_not_navigated(page, navigations)


# Notes each answer the preview script reads; an answer's entry settles once the script's own
# handler of that answer has run (its callbacks run before the timer that follows them).
WATCH_ANSWERS = """() => {
    const real = window.fetch;
    window.__answers = [];
    window.fetch = function (...args) {
        return real.apply(this, args).then((response) => {
            const text = response.text.bind(response);
            response.text = () => {
                const read = text();
                window.__answers.push(read.then(() => new Promise((done) => setTimeout(done, 0))));
                return read;
            };
            return response;
        });
    };
}"""
ANSWERS_HANDLED = "(count) => window.__answers.length >= count"
# what livereload.js asks of the preview script on two quick saves
RELOAD_TWICE = (
    "() => { const plugin = new window.LiveReloadPluginRecordhub(window, {});"
    " plugin.reload('/about/'); plugin.reload('/about/'); }"
)


def test_a_reload_answered_late_does_not_undo_a_newer_one(tmp_path: Path, page: Page) -> None:
    hub = make_site(
        tmp_path / "hub",
        {"content/_index.md": HOME, "content/about.md": page_md("About us", "First text.")},
    )
    with serve(hub) as server:
        open_live(page, server.url + "about/")
        prose = page.locator("main .prose")
        stale = page.content().replace("First text.", "Stale text.")
        since = server.mark()
        save(hub / "content/about.md", page_md("About us", "Newer text."))
        rebuilt_since(server, since)
        expect(prose).to_have_text("Newer text.", timeout=WAIT_MS)  # nothing in flight now
        held: list[Route] = []

        def hold_the_first(route: Route) -> None:
            if held:
                route.continue_()
            else:
                held.append(route)  # answered below, after the newer reload's answer

        page.route(server.url + "about/", hold_the_first)
        page.evaluate(WATCH_ANSWERS)
        page.evaluate("() => { document.querySelector('main .prose').dataset.before = '1'; }")
        page.evaluate(RELOAD_TWICE)
        page.wait_for_function(ANSWERS_HANDLED, arg=1, timeout=WAIT_MS)
        page.evaluate("() => Promise.all(window.__answers)")
        # the newer answer replaced the page: the mark set on the old one is gone
        expect(page.locator("main .prose[data-before]")).to_have_count(0)
        expect(prose).to_have_text("Newer text.")
        assert len(held) == 1
        held[0].fulfill(status=200, content_type="text/html", body=stale)
        page.wait_for_function(ANSWERS_HANDLED, arg=2, timeout=WAIT_MS)
        page.evaluate("() => Promise.all(window.__answers)")  # the late answer was handled
        assert prose.inner_text().strip() == "Newer text."


def test_a_preview_on_ipv6_loopback_reloads_live(tmp_path: Path, page: Page) -> None:
    hub = make_site(
        tmp_path / "hub",
        {"content/_index.md": HOME, "content/about.md": page_md("About", "Before the save.")},
    )
    with serve(hub, "--host", "::1") as server:
        assert server.url.startswith("http://[::1]:")
        open_live(page, server.url + "about/")
        since = server.mark()
        save(hub / "content/about.md", page_md("About", "After the save."))
        rebuilt_since(server, since)
        expect(page.locator("main")).to_contain_text("After the save.", timeout=WAIT_MS)


# An inline script that the build's checks cannot see: a script file writes it into the page.
INLINE_SCRIPT = """\
document.addEventListener("securitypolicyviolation", function (event) {
  document.documentElement.dataset.blocked = event.violatedDirective;
});
var inline = document.createElement("script");
inline.textContent = "document.documentElement.dataset.inline = 'ran';";
document.body.appendChild(inline);
document.documentElement.dataset.external = "ran";
"""


def csp_reports(page: Page) -> list[str]:
    """The Content-Security-Policy violations the page reports from now on."""
    seen: list[str] = []
    page.on("console", lambda m: seen.append(m.text) if "Content Security Policy" in m.text else 0)
    return seen


def test_the_preview_blocks_an_inline_script_as_the_deployed_site_does(
    tmp_path: Path, page: Page
) -> None:
    site_yml = SITE_YML.replace("https://hub.example/", "https://hub.example/record/")
    files = {
        "content/_index.md": HOME,
        "content/about.md": page_md("About", "Before the save."),
        "content/claim.md": page_md("A claim", "Good text.", "summary: Fine.\n"),
        "static/app.js": INLINE_SCRIPT,  # the hub's own app.js replaces the theme's
    }
    hub = make_site(tmp_path / "hub", files, site_yml)
    html = page.locator("html")
    reports = csp_reports(page)
    # deployed: the built site in record/ of its domain, served with the rules of its _headers
    # (merged into the domain's own, as the build's notice asks), as the CDN serves it
    domain = tmp_path / "domain"
    assert run_cli("-C", hub, "build", "-o", domain / "record").code == 0
    shutil.copy(domain / "record/_headers", domain / "_headers")
    with HubServer(domain) as deployed:
        page.goto(deployed.url("/record/about/"))
        expect(html).to_have_attribute("data-external", "ran")
        expect(html).to_have_attribute("data-blocked", "script-src-elem")
        assert html.get_attribute("data-inline") is None
    assert len(reports) == 1 and "inline script" in reports[0], reports
    reports.clear()
    with serve(hub) as server:
        assert server.url.endswith("/record/")
        open_live(page, server.url + "about/")  # the preview's scripts and socket are let in
        expect(html).to_have_attribute("data-external", "ran")
        expect(html).to_have_attribute("data-blocked", "script-src-elem")
        assert html.get_attribute("data-inline") is None
        # live reload still works, in place, under the policy
        mark_window(page)
        navigations = count_navigations(page)
        since = server.mark()
        save(hub / "content/about.md", page_md("About", "After the save."))
        rebuilt_since(server, since)
        expect(page.locator("main")).to_contain_text("After the save.", timeout=WAIT_MS)
        assert_not_navigated(page, navigations)
        # and the error overlay keeps its stylesheet
        open_live(page, server.url + "claim/")
        since = server.mark()
        save(hub / "content/claim.md", "---\ntitle: A claim\n\tsummary: Broken.\n---\n")
        server.wait_for_line("error: tab character in indentation", WAIT_MS / 1000, since)
        overlay = page.locator("#recordhub-overlay")
        expect(overlay).to_be_visible(timeout=WAIT_MS)
        expect(overlay).to_have_css("position", "fixed")
    # the page's own inline script, each time it ran, and nothing the preview adds
    assert reports and all("inline script" in text for text in reports), reports


def wav(seconds: int) -> bytes:
    """A mono 8 kHz 8-bit WAV file of a plain tone."""
    samples = bytes(128 + n % 40 for n in range(8000 * seconds))
    header = b"WAVE" + b"fmt " + struct.pack("<IHHIIHH", 16, 1, 1, 8000, 8000, 1, 8)
    header += b"data" + struct.pack("<I", len(samples))
    return b"RIFF" + struct.pack("<I", len(header) + len(samples)) + header + samples


def test_audio_in_the_preview_can_be_played_from_any_point(tmp_path: Path, page: Page) -> None:
    listen = (
        '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Listen</title>'
        '</head><body><audio controls src="/interview.wav"></audio></body></html>\n'
    )
    hub = make_site(
        tmp_path / "hub",
        {"content/_index.md": HOME, "static/interview.wav": wav(120), "static/listen.html": listen},
    )
    with serve(hub) as server:
        open_live(page, server.url + "listen.html")
        page.wait_for_function(
            "() => document.querySelector('audio').readyState >= 1", timeout=WAIT_MS
        )
        page.evaluate("() => { document.querySelector('audio').currentTime = 90; }")
        page.wait_for_function(
            "() => { const a = document.querySelector('audio');"
            " return !a.seeking && a.currentTime >= 89; }",
            timeout=WAIT_MS,
        )


# the helper itself -------------------------------------------------------------------------------


def test_server_stops_cleanly_on_ctrl_c(tmp_path: Path) -> None:
    hub = make_site(tmp_path / "hub", {"content/_index.md": HOME})
    with serve(hub) as server:
        assert server.url.startswith("http://127.0.0.1:")
    assert server.process.returncode == 130
    assert server.lines[-1] == "interrupted"


def test_port_zero_picks_a_free_port_even_when_8000_is_taken(
    tmp_path: Path, port_8000: None
) -> None:
    hub = make_site(tmp_path / "hub", {"content/_index.md": HOME})
    with socket.socket() as taken:
        taken.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            taken.bind(("127.0.0.1", 8000))
            taken.listen()
        except OSError:
            pass  # something else holds port 8000 already: the same situation
        with serve(hub) as server:  # --port 0
            assert server.url != "http://127.0.0.1:8000/"


def test_search_works_in_the_preview_under_the_deployed_policy(tmp_path: Path, page: Page) -> None:
    # Pagefind runs WebAssembly, which the policy allows only where the site has search
    hub = make_site(
        tmp_path / "hub",
        {"content/_index.md": HOME, "content/about.md": page_md("About", "Marmalade facts.")},
    )
    reports = csp_reports(page)
    with serve(hub) as server:
        wait_for_index(page, server)
        open_live(page, server.url + "search/")
        page.locator(".pagefind-ui__search-input").fill("marmalade")
        result = page.locator(".pagefind-ui__result-link").first
        expect(result).to_have_text("About", timeout=WAIT_MS)
    assert reports == []


# An image from another origin, whose address the build's checks cannot see in the script.
OTHER_ORIGIN_IMAGE = """\
document.addEventListener("securitypolicyviolation", function (event) {
  document.documentElement.dataset.blocked = event.violatedDirective;
});
var image = new Image();
image.src = location.protocol + "//" + location.hostname + ":9/x.png";  // another port
document.documentElement.dataset.asked = "yes";
"""


def test_a_new_policy_reaches_the_open_page(tmp_path: Path, page: Page) -> None:
    hub = make_site(
        tmp_path / "hub",
        {
            "content/_index.md": HOME,
            "content/about.md": page_md("About", "Who we are."),
            "static/app.js": OTHER_ORIGIN_IMAGE,
        },
    )
    html = page.locator("html")
    with serve(hub) as server:
        open_live(page, server.url + "about/")
        expect(html).to_have_attribute("data-blocked", "img-src")
        navigations = count_navigations(page)
        # a page swapped in place would keep the policy it was loaded with
        since = server.mark()
        save(hub / "site.yml", SITE_YML + "allow_origins: [http://127.0.0.1:9]\n")
        rebuilt_since(server, since)
        page.wait_for_function("() => !document.documentElement.dataset.blocked", timeout=WAIT_MS)
        expect(html).to_have_attribute("data-asked", "yes")
        assert navigations == [server.url + "about/"]
        wait_live(page)
        # an edit of the text that leaves the headers as they were is still swapped in place
        mark_window(page)
        navigations.clear()
        since = server.mark()
        save(hub / "content/about.md", page_md("About", "Who we are now."))
        rebuilt_since(server, since)
        expect(page.locator("main")).to_contain_text("Who we are now.", timeout=WAIT_MS)
        assert_not_navigated(page, navigations)
        expect(html).not_to_have_attribute("data-blocked", "img-src")


# What a page's own script could do: run an inline script written into the page.
WRITE_INLINE = """() => {
  document.addEventListener("securitypolicyviolation", (event) => {
    document.documentElement.dataset.blocked = event.violatedDirective;
  });
  const inline = document.createElement("script");
  inline.textContent = "document.documentElement.dataset.inline = 'ran';";
  document.body.appendChild(inline);
}"""


def test_the_error_shown_before_a_first_good_build_is_under_the_hubs_policy(
    tmp_path: Path, page: Page
) -> None:
    hub = make_site(
        tmp_path / "hub",
        {"content/_index.md": HOME, "content/about.md": "---\ntitle: [unclosed\n---\nBroken.\n"},
    )
    html = page.locator("html")
    reports = csp_reports(page)
    with serve(hub) as server:
        server.wait_for_line("Build failed; the preview shows the error", WAIT_MS / 1000)
        open_live(page, server.url + "about/", status=503)  # its scripts and socket let in
        expect(page.locator("#recordhub-overlay")).to_have_css("position", "fixed")
        assert reports == []
        page.evaluate(WRITE_INLINE)
        expect(html).to_have_attribute("data-blocked", "script-src-elem")
        assert html.get_attribute("data-inline") is None
    assert len(reports) == 1 and "inline script" in reports[0], reports


def test_the_404_page_outside_the_hub_is_under_the_hubs_policy(tmp_path: Path, page: Page) -> None:
    site_yml = SITE_YML.replace("https://hub.example/", "https://hub.example/record/")
    hub = make_site(tmp_path / "hub", {"content/_index.md": HOME}, site_yml)
    html = page.locator("html")
    reports = csp_reports(page)
    with serve(hub) as server:
        assert server.url.endswith("/record/")
        # the server's own address is outside the hub: the hub's page for a missing address
        open_live(page, server.url.removesuffix("record/") + "elsewhere/", status=404)
        page.wait_for_function(
            "() => [...document.styleSheets].some((s) => /app[.-]/.test(s.href || ''))",
            timeout=WAIT_MS,
        )
        assert reports == []
        page.evaluate(WRITE_INLINE)
        expect(html).to_have_attribute("data-blocked", "script-src-elem")
        assert html.get_attribute("data-inline") is None
    assert len(reports) == 1 and "inline script" in reports[0], reports


def test_an_alias_leads_to_its_page_as_on_the_host(tmp_path: Path, page: Page) -> None:
    about = page_md("About", "Who we are.", "aliases: [/team/]\n")
    hub = make_site(tmp_path / "hub", {"content/_index.md": HOME, "content/about.md": about})
    with serve(hub) as server:
        response = page.goto(server.url + "team/")
        # redirected by the server, as the host redirects: no redirect page on the way
        assert response is not None and response.url == server.url + "about/"
        assert response.request.redirected_from is not None
        assert response.request.redirected_from.url == server.url + "team/"
        wait_live(page)
        expect(page.locator("main")).to_contain_text("Who we are.")
