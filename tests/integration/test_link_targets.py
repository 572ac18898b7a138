"""What the link check takes as a target, as browsers do: every file a tag loads, each address
of a srcset, the top of a page, and anchors only where an element has them."""

from __future__ import annotations

from pathlib import Path

from hubtest import SITE_YML, make_site, run_cli

HOME = "---\ntitle: Home\n---\nWelcome.\n"
PAGE = "---\ntitle: Page\n---\nText.\n"
NOTHING = "no page or file has that address"


def page_template(body: str, head: str = "") -> str:
    """A page template that writes body on line 3 (and head on line 2)."""
    return (
        '{% extends "base.html" %}\n'
        f"{{% block head %}}{head}{{% endblock %}}\n"
        f"{{% block content %}}<article>{body}{{{{ page.content }}}}</article>{{% endblock %}}\n"
    )


def errors(err: str) -> list[str]:
    return [line for line in err.splitlines() if ": error: " in line]


def check(tmp_path: Path, files: dict[str, str | bytes]) -> list[str]:
    """The errors of a check of a hub with a home page and these files."""
    hub = make_site(tmp_path / "hub", {"content/_index.md": HOME, **files})
    run = run_cli("-C", hub, "check")
    assert "Traceback" not in run.err
    return errors(run.err)


MEDIA = (
    '<video src="/clip.mp4" poster="/poster.jpg"><track src="/captions.vtt"></video>'
    '<audio src="/talk.mp3"></audio><object data="/report.pdf"></object>'
    '<embed src="/chart.svg">'
)
MEDIA_FILES = (
    "/captions.vtt",
    "/chart.svg",
    "/clip.mp4",
    "/poster.jpg",
    "/report.pdf",
    "/talk.mp3",
)


# the Content-Security-Policy's object-src 'none' blocks these two whatever they name
EMBEDDED = (("<embed src>", "/chart.svg"), ("<object data>", "/report.pdf"))
BLOCKED = (
    "error: {what} on {url} shows {src}, but the site's Content-Security-Policy blocks "
    "<object> and <embed> (object-src 'none'), so browsers show nothing there"
)


def test_media_a_template_loads_that_are_not_there_are_broken_links(tmp_path: Path) -> None:
    found = check(tmp_path, {"content/page.md": PAGE, "templates/page.html": page_template(MEDIA)})
    blocked = [
        "templates/page.html:3: " + BLOCKED.format(what=what, url="/page/", src=src)
        for what, src in EMBEDDED
    ]
    assert sorted(found) == sorted(
        [
            f"templates/page.html:3: error: broken link to {path} on /page/: {NOTHING}"
            for path in MEDIA_FILES
        ]
        + blocked
    )
    # with the files there, only what the policy blocks is said
    there: dict[str, str | bytes] = {f"static{path}": b"x" for path in MEDIA_FILES}
    files = {"content/page.md": PAGE, "templates/page.html": page_template(MEDIA), **there}
    assert check(tmp_path / "again", files) == blocked


def test_media_an_html_file_published_as_it_is_loads_are_checked(tmp_path: Path) -> None:
    widget = f"<p>Watch:</p>\n{MEDIA}\n"
    found = check(tmp_path, {"static/embed/widget.html": widget})
    columns = {path: MEDIA.index(path) + 1 for path in MEDIA_FILES}
    url = "/embed/widget.html"
    assert sorted(found) == sorted(
        [
            f"static/embed/widget.html:2:{columns[path]}: error: broken link to {path}: {NOTHING}"
            for path in MEDIA_FILES
        ]
        + [
            f"static/embed/widget.html:2:{columns[src]}: "
            + BLOCKED.format(what=what, url=url, src=src)
            for what, src in EMBEDDED
        ]
    )


def test_an_object_or_embed_of_an_allowed_origin_or_a_data_address_is_blocked_too(
    tmp_path: Path,
) -> None:
    # object-src 'none' blocks them whatever they name; another origin is the privacy check's
    body = (
        '<object data="https://docs.example/r.pdf"></object><embed src="https://docs.example/c.svg">'
        '<object data="data:image/svg+xml,%3Csvg%3E%3C/svg%3E"></object>'
    )
    files: dict[str, str | bytes] = {
        "site.yml": SITE_YML + "allow_origins: [https://docs.example]\n",
        "content/page.md": PAGE,
        "templates/page.html": page_template(body),
    }
    assert sorted(check(tmp_path, files)) == sorted(
        "templates/page.html:3: " + BLOCKED.format(what=what, url="/page/", src=src)
        for what, src in (
            ("<object data>", "https://docs.example/r.pdf"),
            ("<embed src>", "https://docs.example/c.svg"),
            ("<object data>", "data:image/svg+xml,%3Csvg%3E%3C/svg%3E"),
        )
    )


def test_an_image_button_and_a_buttons_form_target_that_are_not_there_are_broken(
    tmp_path: Path,
) -> None:
    form = (
        '<form action="/page/"><input type="image" src="/go.png" alt="Go">'
        '<button formaction="/send/">Send</button></form>'
    )
    found = check(tmp_path, {"content/page.md": PAGE, "templates/page.html": page_template(form)})
    assert found == [
        f"templates/page.html:3: error: broken link to {path} on /page/: {NOTHING}"
        for path in ("/go.png", "/send/")
    ]


CLOUDINARY = "https://res.cloudinary.com/demo/image/upload/w_800,h_600/sample.jpg"


def test_srcset_addresses_with_commas_are_taken_whole(tmp_path: Path) -> None:
    srcset = f"data:image/gif;base64,R0lGODlhAQABAAAAACw= 1x, /x.png 2x, {CLOUDINARY} 3x"
    body = f'<img alt="" src="/x.png" srcset="{srcset}">'
    files = {
        "content/page.md": PAGE,
        "static/x.png": b"\x89PNG\r\n\x1a\n",
        "templates/page.html": page_template(body),
    }
    assert check(tmp_path, files) == [
        f"templates/page.html:3: error: <img srcset> on /page/ loads {CLOUDINARY} from another "
        "origin; readers' visits would be seen there"
    ]


def test_top_and_a_bare_hash_go_to_the_top_of_a_page_without_such_an_id(tmp_path: Path) -> None:
    page = (
        "---\ntitle: Page\n---\nBack to [top](#top), [TOP](#TOP), [Top](#Top) or [start](#).\n\n"
        "To [the other](other.md#top) or [its top](/other/#TOP), but not [here](#topper).\n"
    )
    template = page_template('<a href="#top">Up</a>')
    files = {
        "content/page.md": page,
        "content/other.md": "---\ntitle: Other\n---\nText.\n",
        "templates/page.html": template,
    }
    assert check(tmp_path, files) == [
        "content/page.md:6:72: error: broken link to #topper: the page has no anchor #topper"
    ]


def test_an_id_shown_in_a_code_sample_is_no_anchor(tmp_path: Path) -> None:
    page = (
        "---\ntitle: Page\n---\nWrite `<span id=\"fake\">` and\n\n```html\n<p id='shown'>\n```\n\n"
        "Then [this](#fake), [that](#shown) and [the real one](#real).\n\n## Real\n"
    )
    assert check(tmp_path, {"content/page.md": page}) == [
        "content/page.md:10:13: error: broken link to #fake: the page has no anchor #fake",
        "content/page.md:10:28: error: broken link to #shown: the page has no anchor #shown",
    ]


FRAMED = (
    "error: {what} on {url} shows {src}, but the site's headers forbid framing its own pages "
    "(frame-ancestors 'none', X-Frame-Options: DENY), so browsers show nothing there"
)
LEAK = "loads {src} from another origin; readers' visits would be seen there"


def test_a_frame_of_the_sites_own_page_is_an_error_where_it_is_written(tmp_path: Path) -> None:
    body = (
        '<iframe src="/embed/widget.html" title="w"></iframe>'
        '<iframe src="about:blank" title="b"></iframe>\n'
        '<iframe src="https://hub.example/other/" title="o"></iframe>'
        '<iframe src="https://t.example/e" title="t"></iframe>'
    )
    files = {
        "content/page.md": PAGE,
        "content/other.md": "---\ntitle: Other\ntemplate: plain.html\n---\nText.\n",
        "static/embed/widget.html": "<p>A widget.</p>\n<frameset><frame src='/other/'>\n",
        "templates/page.html": page_template(body),
        "templates/plain.html": page_template(""),
    }
    hub = make_site(tmp_path / "hub", {"content/_index.md": HOME, **files})
    run = run_cli("-C", hub, "check")
    assert run.code == 1
    lines = run.err.splitlines()
    assert [f"{line}\n{lines[n + 1]}" for n, line in enumerate(lines) if ": error: " in line] == [
        "static/embed/widget.html:2:23: "
        + FRAMED.format(what="<frame src>", url="/embed/widget.html", src="/other/")
        + '\n  hint: link to it instead, <a href="/other/">, or put what it shows into this page',
        "templates/page.html:3: "
        + FRAMED.format(what="<iframe src>", url="/page/", src="/embed/widget.html")
        + '\n  hint: link to it instead, <a href="/embed/widget.html">, or put what it shows '
        "into this page",
        "templates/page.html:4: error: <iframe src> on /page/ "
        + LEAK.format(src="https://t.example/e")
        + "\n  hint: host the file yourself in static/, or allow that origin deliberately in "
        "site.yml allow_origins",
        "templates/page.html:4: "
        + FRAMED.format(what="<iframe src>", url="/page/", src="https://hub.example/other/")
        + '\n  hint: link to it instead, <a href="https://hub.example/other/">, or put what it '
        "shows into this page",
    ]


def test_a_broken_link_of_a_template_is_placed_in_the_pages_own_template(tmp_path: Path) -> None:
    # the theme's base.html names /favicon.ico in a comment, and another template of the hub
    # has the same links: the page's own template, or one it includes, is where it was written
    head = '\n<link rel="icon" href="/favicon.ico">'
    files = {
        "content/page.md": PAGE,
        "content/other.md": "---\ntitle: Other\ntemplate: plain.html\n---\nText.\n",
        "templates/page.html": page_template(
            '<a href="/gone/">Gone</a>{% include "partials/more.html" %}', head=head
        ),
        "templates/partials/more.html": '<p>More:</p>\n<a href="/more/">More</a>\n',
        "templates/plain.html": page_template('\n\n<a href="/gone/">Gone</a>\n<a href="/more/">'),
    }
    assert check(tmp_path, files) == [
        f"templates/page.html:3: error: broken link to /favicon.ico on /page/: {NOTHING}",
        f"templates/page.html:4: error: broken link to /gone/ on /page/: {NOTHING}",
        f"templates/partials/more.html:2: error: broken link to /more/ on /page/: {NOTHING}",
        f"templates/plain.html:5: error: broken link to /gone/ on /other/: {NOTHING}",
        f"templates/plain.html:6: error: broken link to /more/ on /other/: {NOTHING}",
    ]


def test_a_tab_in_a_link_target_is_told_once_where_it_is_written(tmp_path: Path) -> None:
    # Markdown reads the tab as spaces: the link names a file that is not there, which is told
    # at the link (not at the top of the body), and not again as the theme's broken link
    page = "---\ntitle: Page\n---\nA [tab](<about\t.md>) link.\n\nAnd [two](<two\t\tgaps.md>).\n"
    hub = make_site(tmp_path / "hub", {"content/_index.md": HOME, "content/page.md": page})
    run = run_cli("-C", hub, "check")
    assert "Traceback" not in run.err
    assert errors(run.err) == [
        "content/page.md:4:10: error: link to 'about  .md': content/about  .md does not exist",
        "content/page.md:6:12: error: link to 'two      gaps.md': content/two      gaps.md does "
        "not exist",
    ]
    hint = (
        "  hint: check the spaces in it (a tab is read as spaces); links are relative to this file"
    )
    assert run.err.count(hint) == 2


HALF = "no page or file has that address"


def test_a_web_address_without_its_slashes_is_a_broken_link_here(tmp_path: Path) -> None:
    # on a page of https, https:x is the relative address x (the URL standard), not another
    # site: a typo that the check took for an external link, and never looked at
    page = (
        "---\ntitle: Page\n---\n"
        "![chart](https:charts.example/a.png)\n\n"
        '<img src="HTTPS:charts.example/b.png" alt="b">\n\n'
        "[ok](https://other.example/) and [http](http:plain.example/)\n"
    )
    found = check(tmp_path, {"content/page.md": page})
    assert found == [
        f"content/page.md:4:10: error: broken link to https:charts.example/a.png: {HALF}",
        f"content/page.md:6:11: error: broken link to HTTPS:charts.example/b.png: {HALF}",
    ]
    run = run_cli("-C", tmp_path / "hub", "check")
    hint = "  hint: write https://charts.example/a.png: without the //, browsers read it as an "
    assert f"{hint}address here" in run.err.splitlines()


def test_a_web_address_without_its_slashes_in_a_template_is_told_there(tmp_path: Path) -> None:
    template = page_template('<a href="https:press.example/kit">Kit</a>')
    found = check(tmp_path, {"content/page.md": PAGE, "templates/page.html": template})
    assert found == [
        f"templates/page.html:3: error: broken link to https:press.example/kit on /page/: {HALF}"
    ]


def test_a_web_address_with_one_slash_or_backslash_is_a_path_on_the_hub(tmp_path: Path) -> None:
    # https:/x and https:\x are the path /x on a page of https: two slashes start a host
    page = (
        "---\ntitle: Page\n---\n"
        "[a](https:/page/) [b](https:/nothere/) [c](https:\\\\gone/)\n\n"
        '<a href="https:\\other/">d</a> [e](https://other.example/) [f](https:/\\host.example/)\n'
    )
    found = check(tmp_path, {"content/page.md": page})
    assert found == [
        f"content/page.md:4:23: error: broken link to https:/nothere/: {HALF}",
        f"content/page.md:4:44: error: broken link to https:\\\\gone/: {HALF}",
        f"content/page.md:6:10: error: broken link to https:\\other/: {HALF}",
    ]
    run = run_cli("-C", tmp_path / "hub", "check")
    hints = [line for line in run.err.splitlines() if line.startswith("  hint")]
    assert hints == [
        f"  hint: write https://{name}/: without the //, browsers read it as an address here"
        for name in ("nothere", "gone", "other")
    ]


def test_an_image_with_a_tab_in_its_address_is_told_so(tmp_path: Path) -> None:
    page = "---\ntitle: Page\n---\nAn ![image](<pic\tx.png>) here.\n"
    hub = make_site(tmp_path / "hub", {"content/_index.md": HOME, "content/page.md": page})
    run = run_cli("-C", hub, "check")
    told = f"content/page.md:4:14: error: broken link to pic    x.png: {NOTHING}"
    assert errors(run.err) == [told]
    assert (
        "  hint: check the spaces in it (a tab is read as spaces); put the image beside" in run.err
    )
