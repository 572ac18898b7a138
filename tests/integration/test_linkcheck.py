"""The link and privacy checks of every build and ``check``: broken internal links and anchors,
in Markdown and in templates, and anything that would load from another origin."""

from __future__ import annotations

import os
import re
from pathlib import Path
from urllib.parse import quote

import pytest

from hubtest import SITE_YML, make_site, run_cli, tree

GOOD: dict[str, str | bytes] = {
    "content/_index.md": "---\ntitle: Home\ndate: 2026-01-01\n---\nWelcome.\n",
    "content/page.md": "---\ntitle: Page\n---\nIntro.\n\nSee [the other page](other.md#real).\n",
    "content/other.md": "---\ntitle: Other\n---\n## Real\n\nText.\n",
    "content/faq/data.md": "---\ntitle: Data\n---\nA chart:\n\n![x](chart.png)\n",
    "content/faq/chart.png": b"\x89PNG\r\n\x1a\nchart",
}

# A template override that adds something to the page template: {head} and {body}.
OVERRIDE = """\
{{% extends "base.html" %}}
{{% block head %}}{head}{{% endblock %}}
{{% block content %}}<article>{body}{{{{ page.content }}}}</article>{{% endblock %}}
"""


def override(head: str = "", body: str = "") -> str:
    return OVERRIDE.format(head=head, body=body)


MISSING_LINK = '<a href="/missing/">gone</a>'


# what the head of a page fetches: a stylesheet, a preloaded font and an icon, which are
# checked as links are, and origins to connect to early, which name no file
HEAD_LINKS = (
    '<link rel="stylesheet" href="/brand.css">'
    '<link rel="preload" href="/fonts/brand.woff2" as="font" type="font/woff2" crossorigin>'
    '<link rel="apple-touch-icon" href="/touch.png">'
    '<link rel="preconnect" href="/"><link rel="dns-prefetch" href="//hub.example">'
)


def line_of(text: str, needle: str) -> int:
    """1-based line of the first line of text that contains needle."""
    return next(n for n, line in enumerate(text.splitlines(), 1) if needle in line)


# name -> (files planted over GOOD, the exact error lines printed on stderr)
BROKEN: dict[str, tuple[dict[str, str | bytes], list[str]]] = {
    "absolute path in Markdown": (
        {"content/page.md": "---\ntitle: Page\n---\nIntro.\n\nSee [the gone page](/nope/) now.\n"},
        ["content/page.md:6:21: error: broken link to /nope/: no page or file has that address"],
    ),
    "anchor on another page via .md": (
        {"content/page.md": "---\ntitle: Page\n---\nIntro.\n\nSee [details](other.md#nope).\n"},
        ["content/page.md:6:15: error: broken link to other.md#nope: the page has no anchor #nope"],
    ),
    "anchor on the same page": (
        {"content/other.md": "---\ntitle: Other\n---\n## Real\n\nUp to [top](#nope).\n"},
        ["content/other.md:6:13: error: broken link to #nope: the page has no anchor #nope"],
    ),
    "reference-style link definition": (
        {
            "content/page.md": (
                "---\ntitle: Page\n---\nSee [the gone page][gone].\n\n[gone]: /nope/\n"
            )
        },
        ["content/page.md:6:9: error: broken link to /nope/: no page or file has that address"],
    ),
    "a file the host reads and never serves": (
        {"content/page.md": "---\ntitle: Page\n---\nOur [rules](/_headers), [moves](/_redirects)"},
        [
            "content/page.md:4:13: error: broken link to /_headers: no page or file has that "
            "address",
            "content/page.md:4:33: error: broken link to /_redirects: no page or file has that "
            "address",
        ],
    ),
    "missing content image": (
        {"content/faq/data.md": "---\ntitle: Data\n---\nA chart:\n\n![x](missing.png)\n"},
        [
            "content/faq/data.md:6:6: error: broken link to missing.png: "
            "no page or file has that address"
        ],
    ),
    "raw HTML link in the body": (
        {"content/page.md": '---\ntitle: Page\n---\nIntro.\n\n<a href="/nope/">gone</a>\n'},
        ["content/page.md:6:10: error: broken link to /nope/: no page or file has that address"],
    ),
    "raw HTML link after a code span that shows the same text": (
        {"content/page.md": "---\ntitle: Page\n---\nThe `x < y` test.\n\n<img alt='' src=x>\n"},
        ["content/page.md:6:17: error: broken link to x: no page or file has that address"],
    ),
    "a broken link written more than once, told at each place": (
        {
            "content/page.md": (
                "---\ntitle: Page\n---\n[a](nope.md) and [b](nope.md)\n\n[c](nope.md)\n\n"
                "See [this](/other/#nope).\n\nAgain, [this](/other/#nope).\n\n"
                "[r1][ref] and [r2][ref]\n\n[ref]: gone.md\n"
            )
        },
        [
            *(
                f"content/page.md:{at}: error: link to 'nope.md': content/nope.md does not exist"
                for at in ("4:5", "4:22", "6:5")
            ),
            *(
                f"content/page.md:{at}: error: broken link to /other/#nope: the page has no "
                "anchor #nope"
                for at in ("8:12", "10:15")
            ),
            "content/page.md:14:8: error: link to 'gone.md': content/gone.md does not exist",
        ],
    ),
    "a source's address in front matter": (
        {
            "content/page.md": (
                "---\ntitle: Page\nsources:\n  - {title: Report, url: reports/annual.pdf}\n"
                "---\nIntro.\n"
            )
        },
        [
            "content/page.md:4:26: error: broken link to reports/annual.pdf: "
            "no page or file has that address"
        ],
    ),
    "an image from another site in the body's HTML": (
        {"content/page.md": '---\ntitle: Page\n---\n<img alt="" src="https://t.example/p.gif">\n'},
        [
            "content/page.md:4:18: error: <img src> on /page/ loads https://t.example/p.gif "
            "from another origin; readers' visits would be seen there"
        ],
    ),
    "an image from another site written with backslashes, as browsers read them": (
        {
            "content/page.md": (
                '---\ntitle: Page\n---\n<img alt="" src="https:\\\\t.example\\p.gif">\n'
            )
        },
        [
            "content/page.md:4:18: error: <img src> on /page/ loads https:\\\\t.example\\p.gif "
            "from another origin; readers' visits would be seen there"
        ],
    ),
    "a full address of the hub's own": (
        {
            "content/page.md": (
                "---\ntitle: Page\n---\nSee [this](https://hub.example/other-OLD/) and "
                "[that](http://hub.example/other/#nope).\n"
            )
        },
        [
            "content/page.md:4:12: error: broken link to https://hub.example/other-OLD/: "
            "no page or file has that address",
            "content/page.md:4:55: error: broken link to http://hub.example/other/#nope: "
            "the page has no anchor #nope",
        ],
    ),
    "an address in a menu": (
        {"site.yml": SITE_YML + "menu:\n  - {title: FAQ, url: /questions/}\n"},
        [
            "site.yml:6:23: error: broken link to /questions/ in a menu: "
            "no page or file has that address"
        ],
    ),
    "link in a template": (
        {"templates/page.html": override(body='<a href="/missing/">gone</a>')},
        [
            f"templates/page.html:{line_of(override(body=MISSING_LINK), '/missing/')}: error: "
            f"broken link to /missing/ on {url}: no page or file has that address"
            for url in ("/faq/data/", "/other/", "/page/")
        ],
    ),
    "stylesheet, icon and preloaded font in a template that are not there": (
        {"templates/page.html": override(head=HEAD_LINKS)},
        [
            f"templates/page.html:2: error: broken link to {path} on {url}: "
            "no page or file has that address"
            for path in ("/brand.css", "/fonts/brand.woff2", "/touch.png")
            for url in ("/faq/data/", "/other/", "/page/")
        ],
    ),
    "external script in a template": (
        {"templates/page.html": override(head='<script src="https://cdn.example/x.js"></script>')},
        [
            f"templates/page.html:2: error: <script src> on {url} loads https://cdn.example/x.js "
            "from another origin; readers' visits would be seen there"
            for url in ("/faq/data/", "/other/", "/page/")
        ],
    ),
    "a form, an SVG image, a prerender and a refresh that go to another origin, in a template": (
        {
            "templates/page.html": override(
                head='<meta http-equiv="refresh" content="30; url=https://r.example/">'
                '<link rel="prerender" href="https://p.example/">',
                body='<form action="https://f.example/in"><button formaction="https://b.example/">'
                'Go</button></form><svg><image href="https://i.example/i.png"/></svg>',
            )
        },
        sorted(
            f"templates/page.html:{line}: error: {what} on {url} loads {target} "
            "from another origin; readers' visits would be seen there"
            for url in ("/faq/data/", "/other/", "/page/")
            for what, target, line in (
                ("<meta http-equiv=refresh>", "https://r.example/", 2),
                ("<link rel=prerender>", "https://p.example/", 2),
                ("<form action>", "https://f.example/in", 3),
                ("<button formaction>", "https://b.example/", 3),
                ("<image href>", "https://i.example/i.png", 3),
            )
        ),
    ),
    "external font in CSS": (
        {
            "static/fonts.css": (
                "@font-face {\n  font-family: Brand;\n"
                "  src: url(https://fonts.example/x.woff2) format('woff2');\n}\n"
            ),
            "templates/page.html": override(
                head='<link rel="stylesheet" href="{{ asset(\'fonts.css\') }}">'
            ),
        },
        [
            "static/fonts.css:3:12: error: CSS url() loads https://fonts.example/x.woff2 "
            "from another origin"
        ],
    ),
}


def error_lines(err: str) -> list[str]:
    return [line for line in err.splitlines() if ": error: " in line]


def snapshot(out: Path) -> tuple[dict[str, bytes], list[str], int]:
    """The output's files, what lies beside it (no temporary folder left), and its inode."""
    return tree(out), sorted(p.name for p in out.parent.iterdir()), os.stat(out).st_ino


@pytest.fixture
def hub(tmp_path: Path) -> Path:
    return make_site(tmp_path / "hub", GOOD)


@pytest.fixture
def out(hub: Path, tmp_path: Path) -> Path:
    target = tmp_path / "site" / "public"
    run = run_cli("-C", hub, "build", "-o", target)
    assert run.code == 0, run.err
    assert error_lines(run.err) == []
    return target


@pytest.mark.parametrize("case", list(BROKEN))
def test_a_broken_link_fails_the_build_and_keeps_the_previous_output(
    hub: Path, out: Path, case: str
) -> None:
    planted, expected = BROKEN[case]
    before = snapshot(out)
    make_site(hub, planted, site_yml=None)

    run = run_cli("-C", hub, "build", "-o", out)
    assert run.code == 1, run.err
    assert error_lines(run.err) == expected
    assert "Traceback" not in run.err
    assert run.err.rstrip().splitlines()[-1].startswith("Build failed: ")
    assert snapshot(out) == before

    check = run_cli("-C", hub, "check")
    assert check.code == 1, check.err
    assert error_lines(check.err) == expected
    assert snapshot(out) == before


def test_each_problem_comes_with_a_hint(hub: Path, out: Path) -> None:
    make_site(hub, BROKEN["absolute path in Markdown"][0], site_yml=None)
    lines = run_cli("-C", hub, "check").err.splitlines()
    at = lines.index(BROKEN["absolute path in Markdown"][1][0])
    assert lines[at + 1] == "  hint: fix the address; link to other pages by their .md file"


def test_all_problems_are_listed_at_once(hub: Path, out: Path) -> None:
    make_site(
        hub,
        {
            "content/page.md": "---\ntitle: Page\n---\n[a](/nope/) and [b](other.md#nope)\n",
            "content/faq/data.md": BROKEN["missing content image"][0]["content/faq/data.md"],
            "static/fonts.css": BROKEN["external font in CSS"][0]["static/fonts.css"],
            **BROKEN["external script in a template"][0],
        },
        site_yml=None,
    )
    run = run_cli("-C", hub, "check")
    assert run.code == 1
    assert error_lines(run.err) == [
        *BROKEN["missing content image"][1],
        "content/page.md:4:5: error: broken link to /nope/: no page or file has that address",
        "content/page.md:4:21: error: broken link to other.md#nope: the page has no anchor #nope",
        *BROKEN["external font in CSS"][1],
        *BROKEN["external script in a template"][1],
    ]
    assert run.err.rstrip().splitlines()[-1].startswith("Check failed: 7 errors")


def test_a_broken_link_in_a_partial_names_the_partial(hub: Path, out: Path) -> None:
    partial = '{% macro tags(items) -%}<a href="/missing/">gone</a>{%- endmacro %}\n'
    make_site(hub, {"templates/partials/tags.html": partial}, site_yml=None)
    run = run_cli("-C", hub, "check")
    assert run.code == 1
    lines = error_lines(run.err)
    assert lines
    assert all(line.startswith("templates/partials/tags.html:1: error: ") for line in lines), lines


def test_a_menu_entry_may_name_a_heading_of_a_page_and_a_missing_one_is_told_there(
    hub: Path, tmp_path: Path
) -> None:
    menu = '  - {title: Real, url: "other.md#real"}\n'
    make_site(hub, {"site.yml": SITE_YML + "menu:\n" + menu}, site_yml=None)
    run = run_cli("-C", hub, "build", "-o", tmp_path / "out")
    assert run.code == 0, run.err
    assert 'href="/other/#real"' in (tmp_path / "out" / "page/index.html").read_text("utf-8")

    menu += '  - {title: Gone, url: "other.md#gone"}\n'
    make_site(hub, {"site.yml": SITE_YML + "menu:\n" + menu}, site_yml=None)
    run = run_cli("-C", hub, "check")
    assert run.code == 1
    assert run.err.splitlines()[:2] == [
        "site.yml:7:24: error: broken link to /other/#gone in a menu: the page has no anchor #gone",
        "  hint: use the anchor of a heading of content/other.md, or leave out #gone",
    ]


def test_a_plain_link_to_another_site_is_fine(hub: Path, tmp_path: Path) -> None:
    make_site(
        hub,
        {
            "templates/page.html": override(body='<a href="https://other.example/">them</a>'),
            "content/page.md": "---\ntitle: Page\n---\n[Them](https://other.example/x).\n",
        },
        site_yml=None,
    )
    run = run_cli("-C", hub, "build", "-o", tmp_path / "out")
    assert run.code == 0, run.err
    assert error_lines(run.err) == []
    html = (tmp_path / "out" / "page" / "index.html").read_text("utf-8")
    assert 'href="https://other.example/"' in html


@pytest.mark.parametrize("command", ["build", "check"])
def test_a_link_to_the_list_of_every_file_is_fine(hub: Path, tmp_path: Path, command: str) -> None:
    page = "---\ntitle: Page\n---\nEvery file is in [the manifest](/manifest.json).\n"
    make_site(hub, {"content/page.md": page}, site_yml=None)
    run = run_cli("-C", hub, command, *(["-o", tmp_path / "out"] if command == "build" else []))
    assert run.code == 0, run.err
    assert error_lines(run.err) == []


def test_code_samples_of_links_and_styles_are_shown_not_followed(hub: Path, tmp_path: Path) -> None:
    page = (
        "---\ntitle: Page\n---\nEmbed it like this:\n\n```html\n"
        '<a href="missing.md">Read</a>\n<img src="chart.md">\n'
        '<div style="background: url(https://other.example/x.png)">\n```\n\n'
        'Inline: `<a href="gone.md">x</a>`, and in prose: href="nothere.md".\n'
    )
    make_site(hub, {"content/page.md": page}, site_yml=None)
    run = run_cli("-C", hub, "build", "-o", tmp_path / "out")
    assert run.code == 0, run.err
    assert error_lines(run.err) == []
    html = (tmp_path / "out" / "page" / "index.html").read_text("utf-8")
    assert '&lt;a href="missing.md"&gt;Read&lt;/a&gt;' in html
    assert '&lt;div style="background: url(https://other.example/x.png)"&gt;' in html
    assert '<code>&lt;a href="gone.md"&gt;x&lt;/a&gt;</code>' in html
    assert 'in prose: href="nothere.md".' in html


def csp(out: Path) -> dict[str, list[str]]:
    headers = (out / "_headers").read_text("utf-8")
    line = next(x for x in headers.splitlines() if x.strip().startswith("Content-Security-Policy:"))
    value = line.split(":", 1)[1]
    return {d.split()[0]: d.split()[1:] for d in value.split(";") if d.strip()}


def test_allow_origins_allows_that_origin_and_the_csp_says_so(hub: Path, tmp_path: Path) -> None:
    script = '<script src="https://cdn.example/x.js"></script>'
    make_site(
        hub,
        {
            "site.yml": SITE_YML + "allow_origins: [https://cdn.example]\n",
            "templates/page.html": override(head=script),
        },
        site_yml=None,
    )
    run = run_cli("-C", hub, "build", "-o", tmp_path / "out")
    assert run.code == 0, run.err
    assert error_lines(run.err) == []
    assert script in (tmp_path / "out" / "page" / "index.html").read_text("utf-8")
    policy = csp(tmp_path / "out")
    assert "https://cdn.example" in policy["script-src"]
    assert policy["script-src"][0] == "'self'"
    assert policy["frame-ancestors"] == ["'none'"]

    # any other origin is still refused
    other = '<script src="https://elsewhere.example/y.js"></script>'
    make_site(hub, {"templates/page.html": override(head=script + other)}, site_yml=None)
    lines = error_lines(run_cli("-C", hub, "check").err)
    assert lines and all("https://elsewhere.example/y.js" in line for line in lines)


def test_what_an_svg_of_the_site_loads_from_another_origin_is_refused(
    hub: Path, tmp_path: Path
) -> None:
    # an SVG opened on its own (a link to it, an <object>) fetches what it names; an exported
    # logo often @imports its web font
    logo = (
        '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">\n'
        "<style>@import url(https://fonts.example/css); .a { fill: url(#g) }</style>\n"
        '<image href="https://img.example/a.png"/><feImage xlink:href="//img.example/b.png"/>\n'
        '<a href="https://fine.example/"><use href="#g"/></a>\n'
        '<!-- <image href="https://noted.example/c.png"/> -->\n'
        '<rect style="fill: url(https://paint.example/p.svg#p)"/><image href="/own.png"/>\n'
        "</svg>\n"
    )
    make_site(hub, {"static/img/logo.svg": logo, "static/own.png": b"\x89PNG"})
    run = run_cli("-C", hub, "build", "--no-search", "-o", tmp_path / "out")
    assert run.code == 1
    assert error_lines(run.err) == [
        f"static/img/logo.svg:{at}: error: {what} loads {url} from another origin"
        for at, what, url in (
            ("2:20", "CSS url()", "https://fonts.example/css"),
            ("3:14", "<image href>", "https://img.example/a.png"),
            ("3:63", "<feImage xlink:href>", "//img.example/b.png"),
            ("6:24", "CSS url()", "https://paint.example/p.svg#p"),
        )
    ]
    assert not (tmp_path / "out").exists()
    # an origin allowed deliberately is allowed here too
    site = SITE_YML + "allow_origins: [https://fonts.example, https://img.example]\n"
    make_site(hub, {"site.yml": site}, site_yml=None)
    assert error_lines(run_cli("-C", hub, "check").err) == [
        "static/img/logo.svg:6:24: error: CSS url() loads https://paint.example/p.svg#p from "
        "another origin"
    ]


def test_an_svgs_xml_stylesheet_of_another_origin_is_refused(hub: Path, tmp_path: Path) -> None:
    # a processing instruction, not an element: opened on its own, the SVG loads it all the same
    logo = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<?xml-stylesheet type="text/css" href="https://fonts.example/css?family=Inter"?>\n'
        '<svg xmlns="http://www.w3.org/2000/svg"><rect width="1" height="1"/></svg>\n'
    )
    make_site(hub, {"static/img/logo.svg": logo})
    run = run_cli("-C", hub, "build", "--no-search", "-o", tmp_path / "out")
    assert run.code == 1
    assert error_lines(run.err) == [
        "static/img/logo.svg:2:40: error: <?xml-stylesheet href> loads "
        "https://fonts.example/css?family=Inter from another origin"
    ]


def test_a_form_and_a_manifest_of_an_allowed_origin_are_allowed_by_the_csp_too(
    hub: Path, tmp_path: Path
) -> None:
    manifest = '<link rel="manifest" href="https://cdn.example/app.webmanifest">'
    form = '<form action="https://cdn.example/subscribe"><button>Go</button></form>'
    make_site(
        hub,
        {
            "site.yml": SITE_YML + "allow_origins: [https://cdn.example]\n",
            "templates/page.html": override(head=manifest, body=form),
        },
        site_yml=None,
    )
    run = run_cli("-C", hub, "build", "--no-search", "-o", tmp_path / "out")
    assert run.code == 0, run.err
    policy = csp(tmp_path / "out")
    # form-action has no fallback, and manifest-src falls back to default-src
    assert policy["form-action"] == ["'self'", "https://cdn.example"]
    assert policy["default-src"] == ["'self'", "https://cdn.example"]
    assert policy["object-src"] == ["'none'"]
    # without that origin allowed, the build refuses both
    make_site(hub, {"site.yml": SITE_YML}, site_yml=None)
    lines = error_lines(run_cli("-C", hub, "check").err)
    for line, what, url in (
        (2, "<link rel=manifest>", "https://cdn.example/app.webmanifest"),
        (3, "<form action>", "https://cdn.example/subscribe"),
    ):
        assert (
            f"templates/page.html:{line}: error: {what} on /page/ loads {url} from another "
            "origin; readers' visits would be seen there"
        ) in lines


@pytest.mark.parametrize(
    ("allowed", "loaded"),
    [
        ("https://img.example.com:443", "https://img.example.com/d.png"),
        ("https://img.example.com", "https://IMG.example.com:443/d.png"),
        ("http://img.example.com:80", "http://user@img.example.com/d.png"),
    ],
)
def test_an_allowed_origin_matches_with_or_without_its_default_port(
    hub: Path, tmp_path: Path, allowed: str, loaded: str
) -> None:
    page = f"---\ntitle: Page\n---\n![d]({loaded})\n"
    site = SITE_YML + f"allow_origins: ['{allowed}']\n"
    make_site(hub, {"site.yml": site, "content/page.md": page}, site_yml=None)
    run = run_cli("-C", hub, "build", "--no-search", "-o", tmp_path / "out")
    assert run.code == 0, run.err
    # another port is another origin
    other = "https://img.example.com:8443/d.png"
    make_site(hub, {"content/page.md": page.replace(loaded, other)}, site_yml=None)
    assert error_lines(run_cli("-C", hub, "check").err) == [
        f"content/page.md:4:6: error: <img src> on /page/ loads {other} from another origin; "
        "readers' visits would be seen there"
    ]


@pytest.mark.parametrize(
    "host", ["bücher.example", "xn--bcher-kva.example"], ids=["as-written", "as-dns-names-it"]
)
def test_a_host_in_another_script_is_the_hubs_own_in_either_spelling(
    tmp_path: Path, host: str
) -> None:
    page = f"---\ntitle: Page\n---\n![d](https://{host}/d.png) [x](https://{host}/nope/)\n"
    site = SITE_YML.replace("https://hub.example/", "https://bücher.example/")
    hub = make_site(
        tmp_path / "hub",
        {"site.yml": site, "content/page.md": page, "content/d.png": "png"},
        site_yml=None,
    )
    col = len(f"![d](https://{host}/d.png) [x](") + 1  # where the broken address starts
    assert error_lines(run_cli("-C", hub, "check").err) == [
        f"content/page.md:4:{col}: error: broken link to https://{host}/nope/: "
        "no page or file has that address"
    ]


def test_without_allow_origins_the_csp_names_no_other_origin(out: Path) -> None:
    policy = csp(out)
    for directive, sources in policy.items():
        assert not [s for s in sources if re.match(r"[a-z]+://", s)], directive


def test_a_link_to_a_content_image_resolves(out: Path) -> None:
    html = (out / "faq" / "data" / "index.html").read_text("utf-8")
    assert '<img alt="x" src="/faq/chart.png"' in html
    assert (out / "faq" / "chart.png").read_bytes() == GOOD["content/faq/chart.png"]


LEAK = "loads {url} from another origin; readers' visits would be seen there"
# what a template writes -> how the error names the load, and the URL it names
LOADS = {
    "img": ('<img src="https://t.example/p.gif" alt="">', "<img src>", "https://t.example/p.gif"),
    "img over lines": (
        '<img\n  src="https://t.example/p.gif"\n  alt="">',
        "<img src>",
        "https://t.example/p.gif",
    ),
    "img in single quotes": (
        "<img src='https://t.example/p.gif' alt=''>",
        "<img src>",
        "https://t.example/p.gif",
    ),
    "srcset": (
        '<img src="/x.png" srcset="https://t.example/p.gif 2x" alt="">',
        "<img srcset>",
        "https://t.example/p.gif",
    ),
    "upper-case script": (
        '<SCRIPT SRC="https://t.example/x.js"></SCRIPT>',
        "<script src>",
        "https://t.example/x.js",
    ),
    "protocol-relative": (
        '<script src="//t.example/x.js"></script>',
        "<script src>",
        "//t.example/x.js",
    ),
    "iframe": (
        '<iframe src="https://t.example/e"></iframe>',
        "<iframe src>",
        "https://t.example/e",
    ),
    "video poster": (
        '<video poster="https://t.example/p.jpg"></video>',
        "<video poster>",
        "https://t.example/p.jpg",
    ),
    "preconnect": (
        '<link rel="preconnect" href="https://t.example">',
        "<link rel=preconnect>",
        "https://t.example",
    ),
    "icon": (
        '<link rel="icon" href="https://t.example/f.ico">',
        "<link rel=icon>",
        "https://t.example/f.ico",
    ),
    "style attribute": (
        '<div style="background: url(https://t.example/b.png)"></div>',
        "CSS url()",
        "https://t.example/b.png",
    ),
    "style element": (
        "<style>body { background: url(https://t.example/b.png) }</style>",
        "CSS url()",
        "https://t.example/b.png",
    ),
    "fetch in an inline script": (
        '<script>fetch("https://t.example/api")</script>',
        "fetch() in a script",
        "https://t.example/api",
    ),
    "object": (
        '<object data="https://t.example/x.swf"></object>',
        "<object data>",
        "https://t.example/x.swf",
    ),
    "unquoted attribute": (
        '<img src=https://t.example/p.gif alt="">',
        "<img src>",
        "https://t.example/p.gif",
    ),
    # a link is fine, but its ping tells another origin of each reader who follows it
    "ping": (
        '<a href="/page/" ping="/count https://t.example/ping">Page</a>',
        "<a ping>",
        "https://t.example/ping",
    ),
    # every relative address of the page, its stylesheets and scripts too, is fetched there
    "base": (
        '<base href="https://t.example/">',
        "<base href>",
        "https://t.example/",
    ),
}
UNQUOTED_REASON = (
    "BUG: checks.scan only reads quoted attribute values (_ATTR needs \" or '), so a template's "
    "<img src=https://t.example/p.gif> (valid HTML, loaded by every browser) passes the privacy "
    "check; the same goes for an unquoted <a href=/missing/>, which the link check never sees"
)


@pytest.mark.parametrize(
    "case",
    [c for c in LOADS],
)
def test_every_kind_of_load_from_another_origin_is_refused(tmp_path: Path, case: str) -> None:
    snippet, what, url = LOADS[case]
    hub = make_site(
        tmp_path / "hub",
        {
            "content/_index.md": GOOD["content/_index.md"],
            "content/page.md": "---\ntitle: Page\n---\nText.\n",
            "static/x.png": b"\x89PNG\r\n\x1a\n",
            "templates/page.html": override(body=snippet),
        },
    )
    run = run_cli("-C", hub, "check")
    # inline code is an error of its own too (test_inline_code.py); the load is the one here
    leaks = [line for line in error_lines(run.err) if "Content-Security-Policy" not in line]
    line = line_of(override(body=snippet), url)  # the line the template has it on
    assert leaks == [f"templates/page.html:{line}: error: {what} on /page/ " + LEAK.format(url=url)]
    assert run.code == 1


def test_an_unquoted_broken_link_in_a_template_is_found(hub: Path) -> None:
    template = override(body="<a href=/missing/>gone</a>")
    make_site(hub, {"templates/page.html": template}, None)
    run = run_cli("-C", hub, "check")
    assert run.code == 1
    line = line_of(template, "/missing/")
    assert error_lines(run.err) == [
        f"templates/page.html:{line}: error: broken link to /missing/ on {url}: "
        "no page or file has that address"
        for url in ("/faq/data/", "/other/", "/page/")
    ]


FOLDER_SITE = SITE_YML.replace(
    "organization: {name: Example Co}", "organization: {name: Example Co, logo: /logo.svg}"
).replace("https://hub.example/", "https://corp.example/facts/")


def test_a_hub_in_a_folder_takes_addresses_from_the_root_as_its_own(tmp_path: Path) -> None:
    page = (
        "---\ntitle: Page\n---\nThe [chart](/faq/chart.png), [data](/faq/data/#main), "
        '[here](/facts/faq/data/) and <img src="/faq/chart.png" alt="c">.\n'
    )
    files = {**GOOD, "content/page.md": page, "static/logo.svg": "<svg/>"}
    hub = make_site(tmp_path / "hub", files, site_yml=FOLDER_SITE)
    run = run_cli("-C", hub, "build", "--no-search", "-o", tmp_path / "out")
    assert run.code == 0, run.err
    html = (tmp_path / "out" / "page" / "index.html").read_text()
    for address in ("/facts/faq/chart.png", "/facts/faq/data/#main", "/facts/faq/data/"):
        assert f'href="{address}"' in html, address
    assert 'src="/facts/faq/chart.png"' in html
    assert 'href="/faq/' not in html and 'src="/faq/' not in html
    # the logo of site.yml, from the site's root too, in the page and in its structured data
    assert '<link rel="icon" href="/facts/logo.svg"' in html
    assert 'class="brand__logo" src="/facts/logo.svg"' in html
    assert '"https://corp.example/facts/logo.svg"' in html
    # the same hub at a host's root, as a staging copy would be (less the link that names the
    # folder: it leads nowhere there, and says so)
    make_site(hub, {"content/page.md": page.replace("[here](/facts/faq/data/)", "")}, None)
    staging = run_cli(
        "-C",
        hub,
        "build",
        "--no-search",
        "-o",
        tmp_path / "root",
        "--base-url",
        "https://s.example/",
    )
    assert staging.code == 0, staging.err
    assert 'href="/faq/data/#main"' in (tmp_path / "root" / "page" / "index.html").read_text()


def test_a_broken_address_from_the_root_in_a_hub_in_a_folder_is_told_where_written(
    tmp_path: Path,
) -> None:
    # shown in the hub's folder (/facts/gone/), it is found where it is written (/gone/)
    page = (
        "---\ntitle: Page\nsources:\n  - {title: S, url: /gone/}\n---\n"
        'Text.\n\n<p><a href="/lost/">raw</a></p>\n'
    )
    files = {**GOOD, "content/page.md": page}
    hub = make_site(tmp_path / "hub", files, site_yml=FOLDER_SITE.replace(", logo: /logo.svg", ""))
    run = run_cli("-C", hub, "check")
    assert run.code == 1, run.err
    assert error_lines(run.err) == [
        "content/page.md:4:21: error: broken link to /gone/: no page or file has that address",
        "content/page.md:8:13: error: broken link to /lost/: no page or file has that address",
    ]


def test_full_addresses_in_the_hubs_folder_are_checked_and_the_rest_of_its_domain_not(
    tmp_path: Path,
) -> None:
    page = (
        "---\ntitle: Page\n---\n[a](https://corp.example/facts/faq/data/#main) "
        "[b](https://corp.example/facts/gone/) [c](https://corp.example/privacy/) "
        "[d](https://corp.example/factsheet/)\n"
    )
    files = {**GOOD, "content/page.md": page}
    hub = make_site(tmp_path / "hub", files, site_yml=FOLDER_SITE.replace(", logo: /logo.svg", ""))
    run = run_cli("-C", hub, "check")
    assert run.code == 1, run.err
    assert error_lines(run.err) == [
        "content/page.md:4:52: error: broken link to https://corp.example/facts/gone/: "
        "no page or file has that address"
    ]


def test_the_hub_s_folder_without_its_slash_is_its_home_page(tmp_path: Path) -> None:
    # hosts answer /facts with the folder's index, as they do /faq/data without its slash
    home = "---\ntitle: Home\n---\n## Top part\n\nWelcome.\n"
    page = (
        "---\ntitle: Page\n---\n[a](/facts) [b](/facts#top-part) [c](/facts?q=1) "
        "[d](https://corp.example/facts) [e](/facts#gone)\n"
    )
    files = {**GOOD, "content/_index.md": home, "content/page.md": page}
    hub = make_site(tmp_path / "hub", files, site_yml=FOLDER_SITE.replace(", logo: /logo.svg", ""))
    run = run_cli("-C", hub, "build", "--no-search", "-o", tmp_path / "out")
    assert run.code == 1, run.err
    assert error_lines(run.err) == [
        "content/page.md:4:86: error: broken link to /facts#gone: the page has no anchor #gone"
    ]
    make_site(hub, {"content/page.md": page.replace(" [e](/facts#gone)", "")}, None)
    run = run_cli("-C", hub, "build", "--no-search", "-o", tmp_path / "out")
    assert run.code == 0, run.err
    html = (tmp_path / "out" / "page" / "index.html").read_text()
    for address in ("/facts", "/facts#top-part", "/facts?q=1", "https://corp.example/facts"):
        assert f'href="{address}"' in html, address


@pytest.mark.parametrize(
    "written",
    [
        "HTTPS://CORP.EXAMPLE/facts/gone/",
        "https://corp.example:443/facts/gone/",
        "//corp.example:443/facts/gone/",
        "https://corp.example\\facts\\gone/",
    ],
    ids=["scheme-in-capitals", "https-port", "no-scheme-port", "backslashes"],
)
def test_a_full_address_of_the_hub_in_another_spelling_is_checked(
    tmp_path: Path, written: str
) -> None:
    # browsers read each as https://corp.example/facts/gone/: a link to a page that is not there
    page = f'---\ntitle: Page\n---\n[b]({written}) <img src="{written}x.png" alt="x">\n'
    files = {**GOOD, "content/page.md": page}
    hub = make_site(tmp_path / "hub", files, site_yml=FOLDER_SITE.replace(", logo: /logo.svg", ""))
    run = run_cli("-C", hub, "check")
    assert run.code == 1, run.err
    img = len(f"[b]({written}) <img src=") + 2
    assert error_lines(run.err) == [
        f"content/page.md:4:5: error: broken link to {written}: no page or file has that address",
        f"content/page.md:4:{img}: error: broken link to {written}x.png: no page or file has "
        "that address",
    ]


def test_a_template_link_from_the_domain_root_is_told_the_hub_folder(tmp_path: Path) -> None:
    files = {
        **GOOD,
        "content/page.md": "---\ntitle: Page\n---\nA [gone](/nope/) page.\n",
        "templates/page.html": override(body='<a href="/faq/data/">data</a>'),
    }
    hub = make_site(tmp_path / "hub", files, site_yml=FOLDER_SITE.replace(", logo: /logo.svg", ""))
    run = run_cli("-C", hub, "check")
    assert run.code == 1, run.err
    errors = error_lines(run.err)
    assert errors[0] == (
        "content/page.md:4:10: error: broken link to /nope/: no page or file has that address"
    )
    assert errors[1:] and all(
        line.startswith("templates/page.html:3: error: broken link to /faq/data/ on /facts/")
        and line.endswith(": the hub is served under /facts/, so the address is /facts/faq/data/")
        for line in errors[1:]
    ), errors


def test_content_files_with_marks_in_their_names_are_linked_encoded(tmp_path: Path) -> None:
    names = ["Report #3.pdf", "Q&A?.pdf", "Annual Report.pdf", "تقرير.pdf", "100%.pdf"]
    body = " ".join(
        f"[{n}]({quote(name)})" for n, name in enumerate(names)
    )  # as an editor's Markdown app writes a link to a file: percent-encoded
    files: dict[str, str | bytes] = {
        **GOOD,
        "content/page.md": f"---\ntitle: Page\n---\n{body}\n",
        **{f"content/{name}": name.encode() for name in names},
    }
    hub = make_site(tmp_path / "hub", files)
    run = run_cli("-C", hub, "build", "--no-search", "-o", tmp_path / "out")
    assert run.code == 0, run.err
    html = (tmp_path / "out" / "page" / "index.html").read_text()
    hrefs = re.findall(r'<a href="(/[^"]+\.pdf)"', html)
    assert hrefs == [
        "/Report%20%233.pdf",
        "/Q&amp;A%3F.pdf",
        "/Annual%20Report.pdf",
        "/%D8%AA%D9%82%D8%B1%D9%8A%D8%B1.pdf",
        "/100%25.pdf",
    ]
    for name in names:  # each address, as a browser decodes it, is the file
        assert (tmp_path / "out" / name).read_bytes() == name.encode()


def test_front_matter_addresses_are_linked_as_links_in_the_text(tmp_path: Path) -> None:
    statement = (
        "---\ntitle: Page\ntype: statement\ndate: 2026-01-01\n"
        "responds_to: {title: The report, url: other.md#real}\n"
        "original_url: faq/chart.png\n"
        "facts:\n  - {label: Requests, value: '12', source: other.md}\n"
        "sources:\n"
        "  - {title: Ours, url: /faq/data/, archived_url: 'https://archive.example/x'}\n"
        "---\nText.\n"
    )
    files = {**GOOD, "content/page.md": statement}
    for site, root in ((SITE_YML, "/"), (FOLDER_SITE.replace(", logo: /logo.svg", ""), "/facts/")):
        out = tmp_path / root.strip("/") / "out"
        hub = make_site(tmp_path / root.strip("/") / "hub", files, site_yml=site)
        run = run_cli("-C", hub, "build", "--no-search", "-o", out)
        assert run.code == 0, run.err
        html = (out / "page" / "index.html").read_text()
        for address in ("other/#real", "faq/chart.png", "other/", "faq/data/"):
            assert f'href="{root}{address}"' in html, (root, address)
        assert 'href="https://archive.example/x"' in html
        assert "other.md" not in html
        assert root == "/" or 'href="/faq/' not in html


def test_a_front_matter_address_to_a_missing_or_unpublished_page_is_placed(
    tmp_path: Path,
) -> None:
    page = (
        "---\ntitle: Page\nfacts:\n  - {label: A, value: '1', source: gone.md}\n"
        "sources:\n  - {title: Draft, url: draft.md}\n---\nText.\n"
    )
    files = {
        **GOOD,
        "content/page.md": page,
        "content/draft.md": "---\ntitle: Draft\ndraft: true\n---\n",
    }
    hub = make_site(tmp_path / "hub", files)
    run = run_cli("-C", hub, "check")
    assert run.code == 1
    assert error_lines(run.err) == [
        "content/page.md:4:36: error: link to 'gone.md': content/gone.md does not exist",
        "content/page.md:6:25: error: links to content/draft.md, which is a draft, embargoed "
        "or expired",
    ]


WIDGET = """\
<!doctype html>
<html><head>
<link rel="stylesheet" href="https://fonts.googleapis.com/css2?family=Inter">
<script async src="https://www.googletagmanager.com/gtag/js?id=G-XXXX"></script>
<style>body { margin: 0 }</style>
</head><body>
<img src="https://tracker.example/p.gif" alt="">
<p>Read <a href="/no-such-page/">this</a>, <a href="/other/#nope">that</a>,
  <a href="/other/#real">the real one</a> or <a href="page.md">a file</a>.</p>
<button onclick="track()">Share</button>
<p id="intro">Hello.</p>
</body></html>
"""
COPIED: dict[str, str | bytes] = {
    "static/embed/widget.html": WIDGET,
    "content/files/summary.html": '<p>\n  See <a href="../gone.html">the rest</a>.</p>\n',
    "content/page.md": (
        "---\ntitle: Page\n---\nSee [the widget](/embed/widget.html#intro), its\n"
        "[summary](files/summary.html) and [no such part](/embed/widget.html#gone).\n"
    ),
}
COPIED_HINT = (
    "  hint: fix the address; this file is published as it is, so link to a page by its "
    "address (such as /faq/data/), not by its .md file"
)
LEAK_HINT = (
    "  hint: host the file yourself in static/, or allow that origin deliberately in site.yml "
    "allow_origins"
)


def with_hints(err: str) -> list[str]:
    lines = err.splitlines()
    return [f"{line}\n{lines[n + 1]}" for n, line in enumerate(lines) if ": error: " in line]


def test_html_copied_as_it_is_is_checked_as_a_page_at_its_own_lines(
    hub: Path, out: Path, tmp_path: Path
) -> None:
    before = snapshot(out)
    make_site(hub, COPIED, site_yml=None)
    leak = "on /embed/widget.html loads {} from another origin; readers' visits would be seen there"
    expected = [
        "content/files/summary.html:2:16: error: broken link to ../gone.html: no page or file "
        "has that address\n" + COPIED_HINT,
        "content/page.md:5:50: error: broken link to /embed/widget.html#gone: the page has no "
        "anchor #gone\n  hint: link to an anchor the page has, or leave out #gone",
        "static/embed/widget.html:3:30: error: <link rel=stylesheet> "
        + leak.format("https://fonts.googleapis.com/css2?family=Inter")
        + "\n"
        + LEAK_HINT,
        "static/embed/widget.html:4:20: error: <script src> "
        + leak.format("https://www.googletagmanager.com/gtag/js?id=G-XXXX")
        + "\n"
        + LEAK_HINT,
        "static/embed/widget.html:5:1: error: a <style> element: the Content-Security-Policy "
        "(style-src 'self') blocks inline CSS, so browsers ignore it in production\n"
        "  hint: move the CSS into a file under static/ and link it with "
        '<link rel="stylesheet" href="{{ asset(\'name.css\') }}">',
        "static/embed/widget.html:7:11: error: <img src> "
        + leak.format("https://tracker.example/p.gif")
        + "\n"
        + LEAK_HINT,
        "static/embed/widget.html:8:18: error: broken link to /no-such-page/: no page or file "
        "has that address\n" + COPIED_HINT,
        "static/embed/widget.html:8:53: error: broken link to /other/#nope: the page has no "
        "anchor #nope\n" + COPIED_HINT,
        "static/embed/widget.html:9:55: error: broken link to page.md: no page or file has "
        "that address\n" + COPIED_HINT,
        "static/embed/widget.html:10:9: error: an event handler attribute "
        "(onclick=\"track()\"): the Content-Security-Policy (script-src 'self') blocks event "
        "handler attributes, so it never runs in production\n"
        "  hint: attach the handler with addEventListener in a JS file under static/, loaded "
        "with <script src=\"{{ asset('name.js') }}\" defer>",
    ]
    run = run_cli("-C", hub, "build", "-o", out)
    assert run.code == 1, run.err
    assert with_hints(run.err) == expected
    assert snapshot(out) == before
    assert with_hints(run_cli("-C", hub, "check").err) == expected


def test_copied_html_of_a_hub_in_a_folder_is_told_addresses_in_that_folder(
    tmp_path: Path,
) -> None:
    # its addresses are published as written: /faq/data/ would be broken there too
    widget = '<p><a href="/faq/data/">Data</a> <a href="/facts/gone/">Gone</a></p>\n'
    files = {**GOOD, "static/embed/widget.html": widget}
    hub = make_site(tmp_path / "hub", files, site_yml=FOLDER_SITE.replace(", logo: /logo.svg", ""))
    run = run_cli("-C", hub, "check")
    assert run.code == 1, run.err
    hint = COPIED_HINT.replace("/faq/data/", "/facts/faq/data/")
    assert with_hints(run.err) == [
        "static/embed/widget.html:1:13: error: broken link to /faq/data/: the hub is served "
        "under /facts/, so the address is /facts/faq/data/\n" + hint,
        "static/embed/widget.html:1:43: error: broken link to /facts/gone/: no page or file "
        "has that address\n" + hint,
    ]


@pytest.mark.parametrize("where", ["static/embed/widget.html", "content/embed/widget.html"])
def test_copied_html_of_a_hub_in_a_folder_is_told_a_stylesheet_in_that_folder(
    tmp_path: Path, where: str
) -> None:
    # the build publishes app.css only under a hashed name, which /facts/app.css is rewritten to
    widget = '<link rel="stylesheet" href="/app.css"><script src="/js/x.js"></script>\n'
    files = {**GOOD, "static/app.css": "p {}\n", "static/js/x.js": "1;\n", where: widget}
    hub = make_site(tmp_path / "hub", files, site_yml=FOLDER_SITE.replace(", logo: /logo.svg", ""))
    run = run_cli("-C", hub, "check")
    assert run.code == 1, run.err
    hint = COPIED_HINT.replace("/faq/data/", "/facts/faq/data/")
    assert with_hints(run.err) == [
        f"{where}:1:30: error: broken link to /app.css: the hub is served under /facts/, so "
        "the address is /facts/app.css\n" + hint,
        f"{where}:1:53: error: broken link to /js/x.js: the hub is served under /facts/, so "
        "the address is /facts/js/x.js\n" + hint,
    ]


def test_allow_origins_lets_copied_html_load_from_that_origin(hub: Path, tmp_path: Path) -> None:
    widget = (
        '<link rel="stylesheet" href="https://fonts.googleapis.com/css2?family=Inter">\n'
        '<p id="intro"><a href="/other/#real">Real.</a></p>\n'
    )
    site = SITE_YML + "allow_origins: [https://fonts.googleapis.com]\n"
    make_site(hub, {**COPIED, "site.yml": site, "static/embed/widget.html": widget}, None)
    page = "---\ntitle: Page\n---\n[W](/embed/widget.html#intro)\n"
    make_site(hub, {"content/files/summary.html": "<p>Fine.</p>\n", "content/page.md": page}, None)
    run = run_cli("-C", hub, "build", "--strict", "-o", tmp_path / "out")
    assert run.code == 0, run.err
    assert (tmp_path / "out" / "embed" / "widget.html").read_text("utf-8") == widget
    # any other origin is still refused
    make_site(hub, {"static/embed/widget.html": widget + '<img src="//t.example/p.gif">\n'}, None)
    assert error_lines(run_cli("-C", hub, "check").err) == [
        "static/embed/widget.html:3:11: error: <img src> on /embed/widget.html loads "
        "//t.example/p.gif from another origin; readers' visits would be seen there"
    ]


def test_the_same_relative_link_is_checked_from_each_page_that_has_it(tmp_path: Path) -> None:
    # from /about/ it finds /other/; from /faq/data/ it would be /faq/other/, which is not there
    link = "See [the other page](../other/).\n"
    hub = make_site(
        tmp_path / "hub",
        {
            **GOOD,
            "content/about.md": f"---\ntitle: About\n---\n{link}",
            "content/faq/data.md": f"---\ntitle: Data\n---\n{link}",
        },
    )
    run = run_cli("-C", hub, "check")
    assert run.code == 1, run.err
    assert error_lines(run.err) == [
        "content/faq/data.md:4:22: error: broken link to ../other/: "
        "no page or file has that address"
    ]


SLIPS = (
    "---\ntitle: Page\n---\n"
    "Read [our policy](www.example.com/privacy) and [theirs](example.org).\n"
    "Write to [the press office](press@example.com).\n"
    "See [the answer](faq/questions.md#no-such-question) and [the chart](report.pdf).\n"
)
ANSWERS = "---\ntitle: Questions\n---\n## Is my data sold?\n\nNo.\n\n## Who owns it?\n\nYou.\n"


def test_each_kind_of_broken_link_gets_a_hint_that_fits(tmp_path: Path) -> None:
    files = {**GOOD, "content/page.md": SLIPS, "content/faq/questions.md": ANSWERS}
    hub = make_site(tmp_path / "hub", files)
    run = run_cli("-C", hub, "build", "--no-search", "-o", tmp_path / "out")
    assert run.code == 1, run.err
    assert run.err.splitlines()[:10] == [
        "content/page.md:4:19: error: broken link to www.example.com/privacy: no page or file "
        "has that address",
        "  hint: add https:// in front: https://www.example.com/privacy",
        "content/page.md:4:57: error: broken link to example.org: no page or file has that address",
        "  hint: add https:// in front: https://example.org",
        "content/page.md:5:29: error: broken link to press@example.com: no page or file has "
        "that address",
        "  hint: write it as mailto:press@example.com",
        "content/page.md:6:18: error: broken link to faq/questions.md#no-such-question: the "
        "page has no anchor #no-such-question",
        "  hint: link to a heading of content/faq/questions.md by its anchor "
        "(#is-my-data-sold, #who-owns-it), or leave out #no-such-question",
        "content/page.md:6:69: error: broken link to report.pdf: no page or file has that address",
        "  hint: put the file beside the page under content/ and give its file name, or in "
        "static/ and give its address from the site's root (static/files/x.pdf is /files/x.pdf)",
    ]
    # the hints, followed, mend the links
    mended = (
        SLIPS.replace("(www.", "(https://www.")
        .replace("(example.org)", "(https://example.org)")
        .replace("(press@", "(mailto:press@")
        .replace("#no-such-question", "#who-owns-it")
    )
    make_site(hub, {"content/page.md": mended, "content/page/report.pdf": "%PDF-1.7"}, None)
    run = run_cli("-C", hub, "build", "--no-search", "-o", tmp_path / "out")
    assert run.code == 0, run.err


def test_a_missing_anchor_of_a_page_without_headings_is_told_to_be_left_out(
    tmp_path: Path,
) -> None:
    page = "---\ntitle: Page\n---\nSee [the data page](faq/data.md#storage).\n"
    hub = make_site(tmp_path / "hub", {**GOOD, "content/page.md": page})
    run = run_cli("-C", hub, "build", "--no-search", "-o", tmp_path / "out")
    assert run.code == 1, run.err
    assert run.err.splitlines()[:2] == [
        "content/page.md:4:21: error: broken link to faq/data.md#storage: the page has no "
        "anchor #storage",
        "  hint: content/faq/data.md has no headings to link to; leave out #storage",
    ]


def test_a_broken_link_an_extension_makes_from_the_text_is_told_at_the_page(
    tmp_path: Path,
) -> None:
    site_yml = SITE_YML + "markdown: {extensions: [toc, tables, wikilinks]}\n"
    files = {**GOOD, "content/page.md": "---\ntitle: Page\n---\nSee [[Data Policy]].\n"}
    hub = make_site(tmp_path / "hub", files, site_yml=site_yml)
    run = run_cli("-C", hub, "build", "--no-search", "-o", tmp_path / "out")
    assert run.code == 1
    assert error_lines(run.err) == [
        "content/page.md: error: broken link to /Data_Policy/, made from the page's text: "
        "no page or file has that address"
    ]
    assert "  hint: fix the address; link to other pages by their .md file" in run.err


def test_a_page_with_many_broken_links_is_read_once_to_place_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # each broken link is told at its line; finding it must not rewrite every link of the
    # page once per broken link (30,000 broken links took minutes)
    from recordhub import links

    count = 300
    body = "".join(f"Line {n}: [l](/gone/) and [ok](/)\n" for n in range(count))
    hub = make_site(
        tmp_path / "hub",
        {
            "content/_index.md": "---\ntitle: Home\n---\nHi\n",
            "content/many.md": f"---\ntitle: Many\n---\n{body}",
        },
    )
    calls = 0
    rewrite = links.rewrite

    def counted(*args: object, **kwargs: object) -> str:
        nonlocal calls
        calls += 1
        return rewrite(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(links, "rewrite", counted)
    run = run_cli("-C", hub, "check")
    assert run.code == 1
    told = [line for line in run.err.splitlines() if "broken link to /gone/" in line]
    assert told == [
        f"content/many.md:{4 + n}:{len(f'Line {n}: [l](') + 1}: error: broken link to /gone/: "
        "no page or file has that address"
        for n in range(count)
    ]
    assert calls < 4 * count  # each link of the page rewritten about once, not once per error
