"""Reliability and security: hostile, broken or odd input against a hub that built once.

Every case checks what the user sees: the exact ``path:line:col: severity: message`` line and its
hint, the exit code (1 for content, 2 for configuration or a refused output folder), no
traceback, and, when the build fails, the previous output byte-identical with no temporary
folder left beside it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
import time
import unicodedata
import xml.etree.ElementTree as ET
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path

import feedparser
import pytest

from hubtest import SITE_YML, Built, Run, make_site, run_cli, tree
from recordhub.outlines import THEME_TEMPLATES

HOME = "---\ntitle: Home\n---\nWelcome.\n"
BASE = {
    "content/_index.md": HOME,
    "content/x.md": "---\ntitle: X\n---\nText.\n",
    "content/y.md": "---\ntitle: Y\n---\nText.\n",
}
FAST_LIMIT_YML = SITE_YML + "markdown: {time_limit: 1}\n"


@pytest.fixture
def built(tmp_path: Path) -> Built:
    hub = make_site(tmp_path / "hub", BASE)
    out = tmp_path / "out"
    first = build(hub, out)
    assert first.code == 0, first.err
    return Built(hub, out, tree(out))


def build(hub: Path, out: Path, *args: str) -> Run:
    return run_cli("-C", hub, "build", "--no-search", "-o", out, *args)


def rebuild(built: Built, files: dict[str, str | bytes], *args: str) -> Run:
    """Write files over the good hub and build again into the same output folder."""
    make_site(built.hub, files, site_yml=None)
    return build(built.hub, built.out, *args)


def lines_of(severity: str, err: str) -> list[str]:
    return [line for line in err.splitlines() if f": {severity}: " in line]


def has_block(err: str, block: str) -> bool:
    """True when block appears in err as whole consecutive lines."""
    return f"\n{block}\n" in f"\n{err}"


def leftovers(out: Path) -> list[str]:
    """Temporary or replaced output folders left beside out."""
    return sorted(p.name for p in out.parent.iterdir() if p.name.startswith(f".{out.name}."))


def assert_failed_cleanly(built: Built, run: Run, code: int = 1) -> None:
    assert run.code == code, run.err
    assert "Traceback" not in run.out + run.err
    assert tree(built.out) == built.before
    assert leftovers(built.out) == []


def assert_one_error(built: Built, run: Run, block: str) -> None:
    """The build failed with exactly this diagnostic (and its hint) and left out untouched."""
    assert has_block(run.err, block), run.err
    assert lines_of("error", run.err) == [block.splitlines()[0]], run.err
    assert_failed_cleanly(built, run)


def page_html(out: Path, rel: str) -> str:
    return (out / rel).read_text(encoding="utf-8")


def prose(html: str) -> str:
    """The converted Markdown of a page, without the theme around it."""
    return html.split('<div class="prose">', 1)[1].split("</div>", 1)[0]


# --- front matter and encoding --------------------------------------------------------------

BOMB = (
    "---\ntitle: X\n"
    'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
    + "".join(
        f"{name}: &{name} [{','.join([f'*{prev}'] * 9)}]\n"
        for prev, name in zip("abcdefgh", "bcdefghi", strict=True)
    )
    + "---\nText.\n"
)


def test_yaml_alias_bomb_is_refused_fast(built: Built) -> None:
    started = time.perf_counter()
    run = rebuild(built, {"content/x.md": BOMB})
    elapsed = time.perf_counter() - started
    assert_one_error(
        built,
        run,
        "content/x.md:3:4: error: YAML anchors and aliases are not allowed here\n"
        "  hint: write the value out in full instead of using & and *",
    )
    assert elapsed < 3, f"the alias bomb took {elapsed:.1f} s"


def test_python_object_apply_tag_is_refused_and_never_run(
    built: Built, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)  # where `touch PWNED` would land
    run = rebuild(
        built,
        {"content/x.md": '---\ntitle: !!python/object/apply:os.system ["touch PWNED"]\n---\n'},
    )
    assert_one_error(
        built,
        run,
        "content/x.md:2:8: error: invalid YAML: could not determine a constructor for the tag "
        "'tag:yaml.org,2002:python/object/apply:os.system'\n"
        "  hint: tags such as !!python/object are not allowed; remove the tag",
    )
    assert not [p for p in tmp_path.rglob("PWNED")]
    assert not (built.hub / "PWNED").exists()


@pytest.mark.parametrize(
    ("front", "expected"),
    [
        pytest.param(
            "title: NO\n",
            "content/x.md:2:8: error: 'title' must be text, but YAML read `NO` as a true/false "
            'value\n  hint: put the value in quotes: title: "NO"',
            id="title-NO",
        ),
        pytest.param(
            "title: yes\n",
            "content/x.md:2:8: error: 'title' must be text, but YAML read `yes` as a true/false "
            'value\n  hint: put the value in quotes: title: "yes"',
            id="title-yes",
        ),
        pytest.param(
            "title: X\nsummary: 1.10\n",
            "content/x.md:3:10: error: 'summary' must be text, but YAML read `1.10` as a number\n"
            '  hint: put the value in quotes: summary: "1.10"',
            id="summary-1.10",
        ),
    ],
)
def test_implicit_yaml_typing_says_to_quote(built: Built, front: str, expected: str) -> None:
    run = rebuild(built, {"content/x.md": f"---\n{front}---\nText.\n"})
    assert_one_error(built, run, expected)


def test_every_non_utf8_file_is_listed_in_one_run(built: Built) -> None:
    page = "---\ntitle: X\n---\nText.\n"
    run = rebuild(
        built,
        {
            "content/cp1252.md": b"---\ntitle: caf\xe9\n---\nText.\n",
            "content/utf16-bom.md": page.encode("utf-16"),  # with a byte-order mark
            "content/utf16-le.md": page.encode("utf-16-le"),  # without one
            "content/utf16-be.md": page.encode("utf-16-be"),
        },
    )
    assert_failed_cleanly(built, run)
    assert lines_of("error", run.err) == [
        "content/cp1252.md:2:11: error: not valid UTF-8 at byte 14 (0xe9); the file looks like "
        "Windows-1252 or Latin-1",
        "content/utf16-be.md: error: file is UTF-16 encoded (byte 0)",
        "content/utf16-bom.md: error: file is UTF-16 encoded (byte 0)",
        "content/utf16-le.md: error: file is UTF-16 encoded (byte 0)",
    ]
    assert run.err.count("  hint: save as UTF-8\n") == 4


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        pytest.param("---\n- title\n- X\n---\nText.\n", "a list", id="list"),
        pytest.param("---\njust a sentence\n---\nText.\n", "a single value", id="scalar"),
    ],
)
def test_front_matter_that_is_not_a_mapping(built: Built, text: str, kind: str) -> None:
    run = rebuild(built, {"content/x.md": text})
    assert_one_error(
        built,
        run,
        f"content/x.md:2:1: error: front matter is {kind}, not a mapping\n"
        "  hint: write one key: value per line, e.g. title: About us",
    )


def test_empty_file(built: Built) -> None:
    run = rebuild(built, {"content/x.md": b""})
    assert_one_error(
        built,
        run,
        "content/x.md:1:1: error: the file is empty\n"
        "  hint: start it with front matter: ---, title: ..., ---",
    )


def test_file_that_is_only_front_matter_builds(built: Built) -> None:
    run = rebuild(built, {"content/x.md": b"---\ntitle: Only front matter\n---"})
    assert run.code == 0, run.err
    assert lines_of("error", run.err) == lines_of("warning", run.err) == []
    html = page_html(built.out, "x/index.html")
    assert '<h1 class="page-title">Only front matter</h1>' in html


def test_dashes_further_down_are_a_horizontal_rule(built: Built) -> None:
    body = "---\ntitle: X\n---\nAbove the rule.\n\n---\n\nBelow the rule.\n\n---\n\nThe end.\n"
    run = rebuild(built, {"content/x.md": body})
    assert run.code == 0, run.err
    text = prose(page_html(built.out, "x/index.html"))
    assert text.count("<hr>") == 2, text
    assert text.index("Above the rule.") < text.index("<hr>") < text.index("Below the rule.")
    assert "The end." in text


# --- Markdown -------------------------------------------------------------------------------

DANGEROUS = [  # id, Markdown (on line 6 of the file), what is removed, its column, what is gone
    ("script", "<script>alert(1)</script>\n", "<script>", 1, ["<script>alert", "alert(1)"]),
    ("iframe", '<iframe src="https://evil.example/"></iframe>\n', "<iframe>", 1, ["evil.example"]),
    ("on-attribute", '<p onclick="alert(1)">Click</p>\n', "onclick on <p>", 4, ["onclick"]),
    ("style-attribute", '<p style="color: red">Red</p>\n', "style on <p>", 4, ["color: red"]),
    ("javascript-link", "[Go](javascript:alert(1))\n", "href on <a>", 6, ["javascript:"]),
    (
        "data-link",
        "[Go](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)\n",
        "href on <a>",
        6,
        ["data:"],
    ),
    # an image with no source is no valid HTML: it goes, not only its address
    (
        "data-image",
        "![A chart](data:image/gif;base64,R0lGODlhAQABAAAAACw=)\n",
        "src on <img>",
        12,
        ["<img"],
    ),
    ("html-image", '<img src="javascript:alert(1)" alt="A chart">\n', "src on <img>", 6, ["<img"]),
]
HTML_HINT = (
    "  hint: scripts, frames, style= and on...= attributes, and javascript: or data: links are "
    "not allowed in pages; write Markdown instead"
)
EMBEDDED_HINT = (
    "  hint: a page may not embed another site's page or player, which would see its readers: "
    "link to it, or put the file in static/ and play it with <video controls src=...>"
)


@pytest.mark.parametrize(
    ("markdown", "removed", "col", "gone"),
    [pytest.param(*row[1:], id=row[0]) for row in DANGEROUS],
)
def test_dangerous_html_is_removed_with_a_warning_at_its_place(
    built: Built, markdown: str, removed: str, col: int, gone: list[str]
) -> None:
    run = rebuild(built, {"content/x.md": f"---\ntitle: X\n---\nBefore.\n\n{markdown}\nAfter.\n"})
    assert run.code == 0, run.err
    assert has_block(
        run.err,
        f"content/x.md:6:{col}: warning: removed from the page's HTML: {removed}\n"
        + (EMBEDDED_HINT if removed == "<iframe>" else HTML_HINT),
    ), run.err
    assert len(lines_of("warning", run.err)) == 1
    html = page_html(built.out, "x/index.html")
    text = prose(html)
    assert "Before." in text and "After." in text
    for fragment in gone:
        assert fragment not in text, text
    # the theme's own script is still there, from the site's own assets
    assert re.search(r'<script src="/assets/app\.[0-9a-f]+\.js" defer integrity="sha384-', html)


def test_each_removal_is_told_at_its_own_place(built: Built) -> None:
    # two images and two links of the same kind were one warning each, at the first of them
    page = (
        "---\ntitle: X\n---\n"
        "![A chart](data:image/gif;base64,R0lGODlhAQABAAAAACw=)\n\n"
        '<img src="javascript:alert(1)" alt="A map">\n\n'
        "[Go](javascript:alert(1)) and ![A photo](data:image/png;base64,iVBORw0KGgo=)\n\n"
        '<a href="javascript:alert(2)">Stay</a> <p onclick="a()">1</p> <p onclick="b()">2</p>\n'
    )
    run = rebuild(built, {"content/x.md": page})
    assert run.code == 0, run.err
    assert [line.split(": warning: ")[0] for line in lines_of("warning", run.err)] == [
        "content/x.md:4:12",
        "content/x.md:6:6",
        "content/x.md:8:6",
        "content/x.md:8:42",
        "content/x.md:10:4",
        "content/x.md:10:43",
        "content/x.md:10:66",
    ]
    assert "<img" not in prose(page_html(built.out, "x/index.html"))


def test_an_image_written_with_no_address_stays_beside_a_removal(built: Built) -> None:
    # only an image whose address was removed goes: one written with none shows its alt text,
    # as it does on a page where nothing is removed
    page = (
        "---\ntitle: X\n---\n"
        '<img alt="Chart to come"> <img src="javascript:alert(1)" alt="A map">\n\n'
        '<p onclick="a()">Text.</p>\n'
    )
    run = rebuild(built, {"content/x.md": page})
    assert run.code == 0, run.err
    assert lines_of("warning", run.err) == [
        "content/x.md:4:32: warning: removed from the page's HTML: src on <img>",
        "content/x.md:6:4: warning: removed from the page's HTML: onclick on <p>",
    ]
    assert prose(page_html(built.out, "x/index.html")).count("<img") == 1
    assert '<img alt="Chart to come">' in prose(page_html(built.out, "x/index.html"))


def test_a_reference_links_removed_address_is_told_at_its_definition(built: Built) -> None:
    # not at a Markdown image's address before it, which is told on its own
    page = (
        "---\ntitle: X\n---\n"
        "An image ![A chart](data:image/gif;base64,R0lGODlhAQABAAAAACw=) here.\n\n"
        "A [link][r] there.\n\n"
        "[r]: javascript:alert(1)\n"
    )
    run = rebuild(built, {"content/x.md": page})
    assert run.code == 0, run.err
    assert lines_of("warning", run.err) == [
        "content/x.md:4:21: warning: removed from the page's HTML: src on <img>",
        "content/x.md:8:6: warning: removed from the page's HTML: href on <a>",
    ]


def test_a_removed_address_is_told_where_it_is_written_not_at_a_kept_one(built: Built) -> None:
    # an address the sanitiser keeps (a relative one) is not where one was removed, nor is a
    # Markdown link's address where a reference's was; any scheme not allowed is told of
    page = (
        "---\ntitle: X\n---\n"
        '<img src="pic.png" alt="Kept"> and ![Chart](data:image/gif;base64,R0lGODlh)\n\n'
        "[Go](javascript:alert(1)) [Get](ftp://files.example/a.zip) [More][r]\n\n"
        '<a href="y.md">Stay</a> <a href="java&#115;cript:alert(2)">Gone</a>\n\n'
        "[r]: vbscript:msgbox(1)\n"
    )
    run = rebuild(built, {"content/x.md": page, "content/pic.png": b"\x89PNG\r\n"})
    assert run.code == 0, run.err
    assert lines_of("warning", run.err) == [
        "content/x.md:4:45: warning: removed from the page's HTML: src on <img>",
        "content/x.md:6:6: warning: removed from the page's HTML: href on <a>",
        "content/x.md:6:33: warning: removed from the page's HTML: href on <a>",
        "content/x.md:8:28: warning: removed from the page's HTML: href on <a>",
        "content/x.md:10:6: warning: removed from the page's HTML: href on <a>",
    ]


def test_a_table_part_outside_a_table_is_told_there_not_at_one_in_a_table(built: Built) -> None:
    # HTML drops a cell or a row written outside any table: those of a table are kept
    page = (
        "---\ntitle: X\n---\n"
        "<table><tr><td>Kept</td></tr></table>\n\n"
        "Text.\n\n"
        "<td>Stray</td>\n\n"  # line 8
        "<tr><th>Row</th></tr>\n"  # line 10
    )
    run = rebuild(built, {"content/x.md": page})
    assert run.code == 0, run.err
    hint = "  hint: put it inside a <table>, with the rest of its table, or write a Markdown table"
    for place, tag in (("8:1", "td"), ("10:1", "tr"), ("10:5", "th")):
        told = f"content/x.md:{place}: warning: removed from the page's HTML: <{tag}>\n{hint}"
        assert has_block(run.err, told), run.err
    assert len(lines_of("warning", run.err)) == 3
    assert "<td>Kept</td>" in page_html(built.out, "x/index.html")


def test_an_attribute_lists_removed_attribute_is_told_at_the_list(built: Built) -> None:
    # {: onclick=... } of attr_list writes no <p onclick=...> in the Markdown to point at
    page = (
        "---\ntitle: X\n---\n"
        'A paragraph.\n{: onclick="a()" }\n\n'
        '*Stress*{: onmouseover="b()" }\n\n'
        '## Heading {: onclick="c()" }\n\n'
        '[Go](https://ok.example/){: onclick="d()" href="javascript:e()" }\n'
    )
    run = rebuild(built, {"content/x.md": page})
    assert run.code == 0, run.err
    assert lines_of("warning", run.err) == [
        "content/x.md:5:4: warning: removed from the page's HTML: onclick on <p>",
        "content/x.md:7:12: warning: removed from the page's HTML: onmouseover on <em>",
        "content/x.md:9:15: warning: removed from the page's HTML: onclick on <h2>",
        "content/x.md:11:29: warning: removed from the page's HTML: onclick on <a>",
        "content/x.md:11:43: warning: removed from the page's HTML: href on <a>",
    ]
    assert "()" not in prose(page_html(built.out, "x/index.html"))


def test_an_attribute_parted_by_a_slash_is_told_when_removed(built: Built) -> None:
    # browsers read a / after a tag's name, or between attributes, as a space: <svg/onload=...>
    page = (
        "---\ntitle: X\n---\n"
        "A <svg/onload=alert(1)> b\n\n"
        '<p/onclick="alert(2)">Para</p>\n\n'
        "C <b/onmouseover=alert(3)>bold</b>\n"
    )
    run = rebuild(built, {"content/x.md": page})
    assert run.code == 0, run.err
    assert lines_of("warning", run.err) == [
        # no </svg> closes it: shown as the text it is (see test_unclosed.py)
        "content/x.md:4:3: warning: <svg ...> is shown as text: no </svg> closes it, and pages "
        "may not hold <svg>",
        "content/x.md:6:4: warning: removed from the page's HTML: onclick on <p>",
        "content/x.md:8:6: warning: removed from the page's HTML: onmouseover on <b>",
    ]
    shown = prose(page_html(built.out, "x/index.html"))
    assert "<svg" not in shown and "A &lt;svg/onload=alert(1)&gt; b" in shown
    assert "alert(2)" not in shown and "alert(3)" not in shown


def test_a_slug_windows_keeps_for_a_device_is_a_warning_at_the_slug(built: Built) -> None:
    # as a file of that name is: the page's folder cannot be made on a Windows disk
    run = rebuild(built, {"content/x.md": "---\ntitle: X\nslug: Con\n---\nText.\n"})
    assert run.code == 0, run.err
    assert lines_of("warning", run.err) == [
        "content/x.md:3:7: warning: slug 'Con' makes the folder con/, a name Windows keeps "
        "for a device"
    ]
    assert "  hint: give the page another slug, e.g. slug: con-page\n" in run.err


def test_dangerous_html_fails_the_build_under_strict(built: Built) -> None:
    page = "---\ntitle: X\n---\n<script>alert(1)</script>\n\n<iframe src='https://e.example/'>\n"
    run = rebuild(built, {"content/x.md": page}, "--strict")
    # what fails the build is told, and counted, as an error (until this, as a warning)
    failed = "content/x.md:4:1: error: removed from the page's HTML: <script>"
    assert has_block(run.err, f"{failed}\n{HTML_HINT}"), run.err
    # no </iframe> closes it: shown as text, which is no page's meaning either
    failed = (
        "content/x.md:6:1: error: <iframe ...> is shown as text: no </iframe> closes it, and "
        "pages may not hold <iframe>"
    )
    assert failed in run.err.splitlines(), run.err
    assert lines_of("warning", run.err) == []
    assert run.err.splitlines()[-1] == "Build failed: 2 errors, 0 warnings; nothing was written"
    assert_failed_cleanly(built, run)


CONVERT_HINT = (
    "  hint: look for very long runs of [ or ` or deeply nested lists and quotes; split the page"
)
PATHOLOGICAL = [
    ("brackets", "[" * 20_000),
    ("backticks", "`" * 5_000),
    ("cdata-openers", "<![" * 5_000),
    ("unclosed-comment", "Intro.\n\n<!-- never closed\n\n" + "More text.\n\n" * 200),
]


@pytest.mark.parametrize("body", [pytest.param(row[1], id=row[0]) for row in PATHOLOGICAL])
def test_pathological_markdown_renders_or_fails_within_the_limit(tmp_path: Path, body: str) -> None:
    good = {**BASE, "content/other.md": "---\ntitle: Other\n---\nStill here.\n"}
    hub = make_site(tmp_path / "hub", good, site_yml=FAST_LIMIT_YML)
    out = tmp_path / "out"
    first = build(hub, out)
    assert first.code == 0, first.err
    built = Built(hub, out, tree(out))
    hostile = {
        "content/bad.md": "---\ntitle: 123\n---\n",  # proves the other pages are still checked
        "content/evil.md": f"---\ntitle: Evil\n---\n{body}\n",
    }
    started = time.perf_counter()
    run = rebuild(built, hostile, "--no-cache")
    elapsed = time.perf_counter() - started
    assert_failed_cleanly(built, run)
    errors = lines_of("error", run.err)
    bad = "content/bad.md:2:8: error: 'title' must be text, but YAML read `123` as a number"
    assert bad in errors, run.err
    evil = [line for line in errors if line.startswith("content/evil.md")]
    assert evil in (
        [],
        [
            "content/evil.md: error: cannot convert this page: converting it took over 1 s, so it "
            "was stopped"
        ],
        ["content/evil.md: error: cannot convert this page: it is nested too deeply to convert"],
    ), run.err
    if evil:
        assert has_block(run.err, f"{evil[0]}\n{CONVERT_HINT}")
    assert len(errors) == 1 + len(evil), run.err
    assert elapsed < 1 + 6, f"the build took {elapsed:.1f} s with a 1 s limit"
    # without the broken page: the other pages are built, and the hostile one if it converts
    (hub / "content/bad.md").unlink()
    again = build(hub, out, "--no-cache")
    assert "Traceback" not in again.out + again.err
    if evil:
        assert lines_of("error", again.err) == evil
        assert_failed_cleanly(built, again)
    else:
        assert again.code == 0, again.err
        assert "Still here." in page_html(out, "other/index.html")
        assert (out / "evil/index.html").is_file()


def test_fifty_megabyte_page_is_refused(built: Built) -> None:
    path = built.hub / "content/big.md"
    with path.open("wb") as stream:  # sparse: 50 MB on paper, nothing on disk
        stream.write(b"---\ntitle: Big\n---\n")
        stream.truncate(50 * 1024 * 1024)
    started = time.perf_counter()
    run = build(built.hub, built.out)
    elapsed = time.perf_counter() - started
    assert_one_error(
        built,
        run,
        "content/big.md: error: file is 50.0 MB, over the 5 MB limit for a page\n"
        "  hint: split it into several pages or link large data as a download from static/",
    )
    assert elapsed < 10


@pytest.mark.parametrize(
    ("page", "expected"),
    [
        pytest.param("---\ntitle: X\n---\n" + ">" * 3000 + " deep\n", None, id="blockquotes-3000"),
        pytest.param(
            "---\ntitle: X\n---\n" + "> " * 3000 + "deep\n", None, id="spaced-blockquotes-3000"
        ),
        pytest.param(
            "---\ntitle: X\nextra:\n  v: " + "[" * 1000 + "]" * 1000 + "\n---\n",
            r"content/x\.md:4:\d+: error: invalid YAML: exceeded maximum nesting depth",
            id="yaml-flow-lists-1000",
        ),
        pytest.param(
            "---\ntitle: X\nextra:\n"
            + "".join("  " * (i + 1) + "-\n" for i in range(1000))
            + "---\n",
            r"content/x\.md:\d+:\d+: error: invalid YAML: exceeded maximum nesting depth",
            id="yaml-block-lists-1000",
        ),
    ],
)
def test_deep_nesting_renders_or_errors_without_recursion_error(
    built: Built, page: str, expected: str | None
) -> None:
    run = rebuild(built, {"content/x.md": page})
    assert "RecursionError" not in run.out + run.err
    if expected is None:  # Markdown: either it renders, or the page is named
        if run.code == 0:
            assert "deep" in prose(page_html(built.out, "x/index.html"))
        else:
            assert_one_error(
                built,
                run,
                "content/x.md: error: cannot convert this page: it is nested too deeply to "
                f"convert\n{CONVERT_HINT}",
            )
    else:
        [line] = lines_of("error", run.err)
        assert re.fullmatch(expected, line), line
        assert has_block(
            run.err, f"{line}\n  hint: flatten the value: front matter is a few levels deep at most"
        )
        assert_failed_cleanly(built, run)


# --- templates ------------------------------------------------------------------------------

OVERRIDE = "{% extends 'base.html' %}\n{% block content %}\n{LINE}\n{% endblock %}\n"
OUTSIDE_INCLUDES = [
    pytest.param('{% include "../../etc/passwd" %}', "../../etc/passwd", id="relative"),
    pytest.param('{% include "/etc/passwd" %}', "/etc/passwd", id="absolute"),
]


@pytest.mark.parametrize(("line", "name"), OUTSIDE_INCLUDES)
def test_template_include_outside_the_project_is_refused(
    built: Built, line: str, name: str
) -> None:
    # until 2dde728 the line read only "templates/page.html:3: error: ../../etc/passwd"
    run = rebuild(built, {"templates/page.html": OVERRIDE.replace("{LINE}", line)})
    assert_one_error(
        built,
        run,
        f"templates/page.html:3: error: template '{name}' not found: a template can include "
        "only files inside templates/ or the theme\n"
        "  hint: while rendering content/x.md",
    )
    assert "root:" not in run.out + run.err  # nothing of /etc/passwd leaks


# the line of the theme's base.html that renders a page's content block
BASE_CONTENT = next(
    n
    for n, line in enumerate((THEME_TEMPLATES / "base.html").read_text("utf-8").splitlines(), 1)
    if "{% block content %}" in line
)


@pytest.mark.parametrize(
    ("templates", "expected"),
    [
        pytest.param(
            {"templates/page.html": OVERRIDE.replace("{LINE}", '{% include "page.html" %}')},
            # entered at the page's extends line: the loop runs through the theme's base.html
            "templates/page.html:1: error: template recursion without end: templates/page.html:1"
            f" -> recordhub theme: base.html:{BASE_CONTENT} -> templates/page.html:3 -> "
            "templates/page.html:1",
            id="page-includes-itself",
        ),
        pytest.param(
            {
                "templates/partials/loop.html": '<p>{% include "partials/loop.html" %}</p>\n',
                "templates/page.html": OVERRIDE.replace(
                    "{LINE}", '{% include "partials/loop.html" %}'
                ),
            },
            "templates/partials/loop.html:1: error: template recursion without end: "
            "templates/partials/loop.html:1 -> templates/partials/loop.html:1",
            id="partial-includes-itself",
        ),
        pytest.param(
            {
                "templates/partials/a.html": 'A\n{% include "partials/b.html" %}\n',
                "templates/partials/b.html": 'B\n\n{% include "partials/a.html" %}\n',
                "templates/page.html": OVERRIDE.replace(
                    "{LINE}", '{% include "partials/a.html" %}'
                ),
            },
            "templates/partials/a.html:2: error: template recursion without end: "
            "templates/partials/a.html:2 -> templates/partials/b.html:3 -> "
            "templates/partials/a.html:2",
            id="two-partials-include-each-other",
        ),
        pytest.param(
            {
                "templates/page.html": OVERRIDE.replace(
                    "{LINE}", "{% macro down(n) %}{{ down(n + 1) }}{% endmacro %}{{ down(1) }}"
                ),
            },
            "templates/page.html:3: error: template recursion without end: "
            "templates/page.html:3 -> templates/page.html:3",
            id="macro-calls-itself",
        ),
    ],
)
def test_template_recursion_is_one_error_at_the_line_that_loops(
    built: Built, templates: dict[str, str], expected: str
) -> None:
    # until this was told at the template, each page had its own error, with no line
    run = rebuild(built, templates)
    hint = (
        "  hint: a template that includes itself, or a macro that calls itself, must stop: put "
        "that line under an {% if %} that ends it, or name another template"
    )
    assert lines_of("error", run.err) == [expected]
    assert has_block(run.err, f"{expected}\n{hint}"), run.err
    assert_failed_cleanly(built, run)


XSS = "<script>alert(1)</script>"
XSS_PAGE = f"""\
---
title: "T {XSS}"
summary: "S {XSS}"
type: statement
date: 2024-01-02
updated: 2024-02-03
tags: ["{XSS}"]
changelog:
  - {{date: 2024-02-03, kind: correction, note: "N {XSS}"}}
---
Body.
"""


class Scripts(HTMLParser):
    """Every <script> element of a page, its attributes and text; the title and meta tags."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.scripts: list[tuple[dict[str, str | None], str]] = []
        self.meta: dict[str, str] = {}
        self.title = ""
        self._in: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "script":
            self.scripts.append((found, ""))
        if tag in {"script", "title"}:
            self._in = tag
        if tag == "meta" and (found.get("name") or found.get("property")):
            self.meta[str(found.get("name") or found.get("property"))] = found.get("content") or ""

    def handle_endtag(self, tag: str) -> None:
        if tag == self._in:
            self._in = None

    def handle_data(self, data: str) -> None:
        if self._in == "script":
            attrs, text = self.scripts[-1]
            self.scripts[-1] = (attrs, text + data)
        elif self._in == "title":
            self.title += data


def local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def test_script_in_title_summary_and_tag_is_escaped_everywhere(tmp_path: Path) -> None:
    hub = make_site(
        tmp_path / "hub",
        {
            "content/_index.md": HOME,
            "content/statements/_index.md": "---\ntitle: Statements\n---\n",
            "content/statements/s.md": XSS_PAGE,
        },
    )
    out = tmp_path / "out"
    run = build(hub, out)
    assert run.code == 0, run.err
    files = tree(out)
    pages = {rel: data.decode() for rel, data in files.items() if rel.endswith(".html")}
    assert "tags/script-alert-1-script/index.html" in pages
    for rel, html in pages.items():
        assert XSS not in html, rel
        parser = Scripts()
        parser.feed(html)
        for attrs, text in parser.scripts:
            if attrs.get("type") == "application/ld+json":
                assert "<" not in text, (rel, text)  # so no "</script" can end it early
                json.loads(text)
            else:
                assert attrs.get("src") and not text.strip(), (rel, attrs, text)
    page = Scripts()
    page.feed(pages["statements/s/index.html"])
    assert page.title == f"T {XSS} \u2013 Test Hub"
    assert page.meta["description"] == page.meta["og:description"] == f"S {XSS}"
    assert page.meta["og:title"] == page.meta["twitter:title"] == f"T {XSS}"
    ld = [
        json.loads(text)
        for attrs, text in page.scripts
        if attrs.get("type") == "application/ld+json"
    ]
    article = next(item for item in ld if item.get("@type") == "NewsArticle")
    assert article["headline"] == f"T {XSS}" and article["description"] == f"S {XSS}"
    assert (
        f'<h1 class="page-title">T {XSS.replace("<", "&lt;").replace(">", "&gt;")}</h1>'
        in (pages["statements/s/index.html"])
    )
    tag_page = Scripts()
    tag_page.feed(pages["tags/script-alert-1-script/index.html"])
    assert tag_page.meta["og:title"] == XSS
    for rel, title, summary in (
        ("statements/feed.xml", f"T {XSS}", f"S {XSS}"),
        ("corrections/feed.xml", f"Correction: T {XSS}", f"N {XSS}"),
    ):
        root = ET.fromstring(files[rel])
        assert not [e for e in root.iter() if local(e.tag) == "script"], rel
        entry = next(e for e in root if local(e.tag) == "entry")
        fields = {local(e.tag): e.text for e in entry}
        assert (fields["title"], fields["summary"]) == (title, summary)
        parsed = feedparser.parse(files[rel])
        assert not parsed.bozo, parsed.bozo_exception
    sitemap = ET.fromstring(files["sitemap.xml"])
    assert not [e for e in sitemap.iter() if local(e.tag) == "script"]
    locs = [e.text or "" for e in sitemap.iter() if local(e.tag) == "loc"]
    assert "https://hub.example/statements/s/" in locs
    assert all(loc.startswith("https://hub.example/") and "<" not in loc for loc in locs)


# --- paths ----------------------------------------------------------------------------------


def test_file_names_differing_only_in_case_collide(built: Built) -> None:
    run = rebuild(
        built,
        {
            "content/Team.md": "---\ntitle: Team\n---\n",
            "content/team.md": "---\ntitle: team\n---\n",
        },
    )
    assert (built.hub / "content/Team.md").is_file() and (built.hub / "content/team.md").is_file()
    assert_one_error(
        built,
        run,
        "content/team.md: error: differs only in case from content/Team.md\n"
        "  hint: rename one of the two; they would collide on macOS, Windows and most CDNs",
    )


def test_nfd_and_nfc_file_names_give_the_same_stable_url(tmp_path: Path) -> None:
    nfc = unicodedata.normalize("NFC", "Café Résumé")
    nfd = unicodedata.normalize("NFD", nfc)
    assert nfc != nfd
    results = []
    for name, on_disk, linked in (("nfd", nfd, nfc), ("nfc", nfc, nfd)):
        hub = make_site(
            tmp_path / name,
            {
                "content/_index.md": f"{HOME}See [it]({linked.replace(' ', '%20')}.md).\n",
                f"content/{on_disk}.md": "---\ntitle: C\n---\nC.\n",
            },
        )
        for attempt in ("1", "2"):
            out = tmp_path / f"out-{name}-{attempt}"
            run = build(hub, out)
            assert run.code == 0, run.err
            results.append((name, tree(out)))
    expected = "caf\u00e9-r\u00e9sum\u00e9"  # NFC, lower case, space to dash
    for _, files in results:
        assert f"{expected}/index.html" in files
        assert f'<a href="/{expected}/">it</a>' in files["index.html"].decode()
        assert b"https://hub.example/caf%C3%A9-r%C3%A9sum%C3%A9/" in files["sitemap.xml"]
    assert all(files == results[0][1] for _, files in results)


def test_files_with_nfd_names_are_published_under_nfc_names(tmp_path: Path) -> None:
    logo, font = (unicodedata.normalize("NFD", n) for n in ("logo-équipe.png", "fonte-é.woff2"))
    home = f"{HOME}![Team](logo-équipe.png) [font](/fonte-é.woff2)\n"
    files = {"content/_index.md": home, f"content/{logo}": b"png", f"static/{font}": b"woff"}
    hub = make_site(tmp_path / "hub", files)
    run = build(hub, tmp_path / "out")
    assert run.code == 0, run.err
    published = tree(tmp_path / "out")
    assert (published["logo-équipe.png"], published["fonte-é.woff2"]) == (b"png", b"woff")
    assert logo not in published and font not in published
    manifest = json.loads(published["manifest.json"])
    assert {"logo-équipe.png", "fonte-é.woff2"} <= {f["path"] for f in manifest["files"]}
    assert run_cli("-C", hub, "check").code == 0


def test_the_preview_rereads_a_changed_file_with_an_nfd_name(tmp_path: Path) -> None:
    from recordhub.preview import Preview  # the build is what the rest of this file drives

    name = unicodedata.normalize("NFD", "équipe")
    page = tmp_path / "hub" / "content" / f"{name}.md"
    logo = page.with_name(unicodedata.normalize("NFD", "logo-é.png"))
    files = {"content/_index.md": HOME, f"content/{name}.md": "---\ntitle: Team A\n---\nHi\n"}
    hub = make_site(tmp_path / "hub", {**files, f"content/{logo.name}": b"one"})
    out = tmp_path / "out"
    preview = Preview(hub, out)
    assert preview.rebuild().ok
    assert "Team A" in (out / "équipe" / "index.html").read_text("utf-8")
    assert (out / "logo-é.png").read_bytes() == b"one"
    # a save of the same size within the same tick of the file system's clock: only the
    # watcher's word tells the preview that the file changed
    for path, text in ((page, b"---\ntitle: Team B\n---\nHi\n"), (logo, b"two")):
        stat = path.stat()
        path.write_bytes(text)
        os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    outcome = preview.rebuild({page, logo})
    assert outcome.ok, outcome.problems
    assert "Team B" in (out / "équipe" / "index.html").read_text("utf-8")
    assert (out / "logo-é.png").read_bytes() == b"two"


def test_windows_reserved_names_warn(built: Built) -> None:
    run = rebuild(built, {"content/con.md": "---\ntitle: Con\n---\n", "content/x.": "data\n"})
    assert run.code == 0, run.err
    assert lines_of("warning", run.err) == [
        "content/con.md: warning: 'con.md' is not a valid file name on Windows",
        "content/x.: warning: 'x.' is not a valid file name on Windows",
    ]
    assert run.err.count("  hint: rename the file\n") == 2
    run = build(built.hub, built.out, "--strict")
    assert run.code == 1


def test_windows_reserved_names_of_folders_and_static_files_warn(built: Built) -> None:
    files = {
        "content/aux/a.md": "---\ntitle: A\n---\n",
        "content/aux/b.md": "---\ntitle: B\n---\n",
        "static/nul.txt": "data\n",
        "static/old. /a.txt": "data\n",
    }
    run = rebuild(built, files)
    assert run.code == 0, run.err
    assert lines_of("warning", run.err) == [  # a folder once, however many files it holds
        "content/aux: warning: 'aux' is not a valid folder name on Windows",
        "static/nul.txt: warning: 'nul.txt' is not a valid file name on Windows",
        "static/old. : warning: 'old. ' is not a valid folder name on Windows",
    ]
    assert run.err.count("  hint: rename the folder\n") == 2


def test_editor_files_in_static_and_templates_are_passed_over_whatever_their_names(
    built: Built,
) -> None:
    # never published, so neither a name Windows refuses nor one that is not UTF-8 matters
    for name in ("static/aux.css~", "static/.#nul.css", "templates/con.html.swp"):
        (built.hub / name).parent.mkdir(parents=True, exist_ok=True)
        (built.hub / name).write_text("x\n")
    for name in (b"static/caf\xe9.txt~", b"templates/press\xe9.html~"):
        (built.hub / os.fsdecode(name)).write_text("x\n")
    run = build(built.hub, built.out, "--strict")
    assert run.code == 0, run.err
    assert not list(built.out.rglob("*~"))


def test_long_slug_is_shortened_deterministically(tmp_path: Path) -> None:
    slug = "é" * 150  # 300 bytes
    stem = "a" * 240
    hub = make_site(
        tmp_path / "hub",
        {
            "content/_index.md": HOME,
            "content/s.md": f"---\ntitle: S\nslug: {slug}\n---\n",
            f"content/{stem}.md": "---\ntitle: L\n---\n",
        },
    )
    outputs = []
    for name in ("one", "two"):
        run = build(hub, tmp_path / name)
        assert run.code == 0, run.err
        outputs.append(tree(tmp_path / name))
    assert outputs[0] == outputs[1]
    pages = [rel for rel in outputs[0] if rel.endswith("/index.html")]
    for rel in pages:
        assert all(len(part.encode()) <= 200 for part in rel.split("/")), rel
    for whole in (slug, stem):
        digest = hashlib.sha256(whole.encode()).hexdigest()[:10]
        [found] = [rel for rel in pages if rel.startswith(whole[:50])]
        segment = found.split("/")[0]
        assert segment.endswith(f"-{digest}")
        assert 190 <= len(segment.encode()) <= 200


def test_symlink_outside_the_project_is_not_followed(tmp_path: Path) -> None:
    secret = tmp_path / "secret"
    secret.mkdir()
    (secret / "page.md").write_text("---\ntitle: Leaked\n---\nTOP-SECRET-TEXT\n")
    (secret / "notes.txt").write_text("TOP-SECRET-TEXT\n")
    hub = make_site(tmp_path / "hub", {"content/_index.md": HOME})
    (hub / "content/folder").symlink_to(secret, target_is_directory=True)
    (hub / "content/page.md").symlink_to(secret / "page.md")
    (hub / "content/notes.txt").symlink_to(secret / "notes.txt")
    out = tmp_path / "out"
    run = build(hub, out)
    assert run.code == 0, run.err
    assert lines_of("warning", run.err) == [
        "content/folder: warning: symlink points outside the project; not followed",
        "content/notes.txt: warning: symlink points outside the project; not published",
        "content/page.md: warning: symlink points outside the project; not published",
    ]
    assert run.err.count("  hint: copy it in instead\n") == 3
    files = tree(out)
    assert not [rel for rel, data in files.items() if b"TOP-SECRET-TEXT" in data]
    assert not [rel for rel in files if "folder" in rel or "notes" in rel or rel.startswith("page")]


def test_symlink_in_static_outside_the_project_is_not_published(tmp_path: Path) -> None:
    secret = tmp_path / "secret"
    secret.mkdir()
    (secret / "notes.txt").write_text("TOP-SECRET-TEXT\n")
    hub = make_site(tmp_path / "hub", {"content/_index.md": HOME, "static/kept.txt": "kept\n"})
    (hub / "static/folder").symlink_to(secret, target_is_directory=True)
    (hub / "static/notes.txt").symlink_to(secret / "notes.txt")
    out = tmp_path / "out"
    run = build(hub, out)
    assert run.code == 0, run.err
    assert lines_of("warning", run.err) == [
        "static/folder: warning: symlink points outside the project; not followed",
        "static/notes.txt: warning: symlink points outside the project; not published",
    ]
    assert run.err.count("  hint: copy it in instead\n") == 2
    files = tree(out)
    assert files["kept.txt"] == b"kept\n"
    assert not [rel for rel, data in files.items() if b"TOP-SECRET-TEXT" in data]
    assert not [rel for rel in files if "folder" in rel or "notes" in rel]


@pytest.mark.parametrize("via", ["file", "folder"])
def test_template_linked_outside_the_project_is_refused(built: Built, via: str) -> None:
    secret = built.hub.parent / "secret"
    secret.mkdir()
    (secret / "x.html").write_text("TOP-SECRET-TEXT\n")
    (built.hub / "templates").mkdir()
    if via == "file":
        (built.hub / "templates/x.html").symlink_to(secret / "x.html")
        name = "x.html"
    else:
        (built.hub / "templates/shared").symlink_to(secret, target_is_directory=True)
        (built.hub / "templates/x.html").write_text(
            '{% extends "base.html" %}{% block content %}{% include "shared/x.html" %}'
            "{% endblock %}\n"
        )
        name = "shared/x.html"
    run = rebuild(built, {"content/x.md": "---\ntitle: X\ntemplate: x.html\n---\nText.\n"})
    assert_one_error(
        built,
        run,
        f"templates/{name}: error: this template lies outside the project, through a symlink; "
        "not loaded\n  hint: copy the template into templates/ instead of linking to it",
    )
    assert "TOP-SECRET-TEXT" not in run.out + run.err


NOT_UTF8_HINT = (
    "  hint: rename it (the escaped bytes stand for letters in another encoding, such as Latin-1)"
)


def latin1(folder: Path, name: str) -> Path:
    """A path in folder whose name is name's Latin-1 bytes, which are not UTF-8."""
    return Path(os.fsdecode(os.fsencode(folder) + b"/" + name.encode("latin-1")))


def test_file_names_that_are_not_utf8_are_errors_at_each_file(built: Built) -> None:
    latin1(built.hub, "café.txt").write_text("beside the hub's folders\n")  # not read: fine
    for folder in ("content", "static"):
        (built.hub / folder).mkdir(exist_ok=True)
        latin1(built.hub / folder, "café.txt").write_text("x\n")
    latin1(built.hub / "static", "dé").mkdir()
    run = build(built.hub, built.out)
    what = "name is not UTF-8, so it cannot be published under it"
    assert run.err == (
        f"content/caf\\xe9.txt: error: this file's {what}\n{NOT_UTF8_HINT}\n"
        f"static/caf\\xe9.txt: error: this file's {what}\n{NOT_UTF8_HINT}\n"
        f"static/d\\xe9: error: this folder's {what}\n{NOT_UTF8_HINT}\n"
        "Build failed: 3 errors, 0 warnings; nothing was written\n"
    )
    assert_failed_cleanly(built, run)


def test_a_template_name_that_is_not_utf8_is_an_error_at_the_file(built: Built) -> None:
    (built.hub / "templates").mkdir()
    latin1(built.hub / "templates", "café.html").write_text("x\n")
    run = build(built.hub, built.out)
    assert_one_error(
        built,
        run,
        "templates/caf\\xe9.html: error: this file's name is not UTF-8, so it cannot be "
        f"published under it\n{NOT_UTF8_HINT}",
    )


def _folder_loop(content: Path) -> dict[str, str]:
    (content / "a").mkdir()
    (content / "a/p.md").write_text("---\ntitle: P\n---\n")
    (content / "a/up").symlink_to("..", target_is_directory=True)
    return {
        "content/a/up": "symlink loop: this folder contains itself\n"
        "  hint: remove the symlink that points back up"
    }


def _symlink_cycle(content: Path) -> dict[str, str]:
    (content / "l1").symlink_to("l2")
    (content / "l2").symlink_to("l1")
    # each link of the cycle is a dead link of its own; until 2dde728 the walk stopped with
    # "error: Too many levels of symbolic links" and a hint about free disk space
    dead = "symlink loop: this link never reaches a file\n  hint: remove the symlink"
    return {"content/l1": dead, "content/l2": dead}


@pytest.mark.parametrize(
    "make_loop",
    [
        pytest.param(_folder_loop, id="folder-links-to-its-parent"),
        pytest.param(_symlink_cycle, id="two-symlinks-point-at-each-other"),
    ],
)
def test_symlink_loop_is_reported_once(
    built: Built, make_loop: Callable[[Path], dict[str, str]]
) -> None:
    expected = make_loop(built.hub / "content")
    run = build(built.hub, built.out)
    problems = lines_of("error", run.err) + lines_of("warning", run.err)
    assert problems == [f"{path}: error: {text.splitlines()[0]}" for path, text in expected.items()]
    for path, text in expected.items():
        assert has_block(run.err, f"{path}: error: {text}"), run.err
    assert_failed_cleanly(built, run)


# --- the output folder ----------------------------------------------------------------------


class _NoWriter:
    """Stands in for output.Writer: a refused folder must never get as far as writing."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        raise AssertionError("the build started writing into a refused output folder")


def everything(folder: Path) -> list[str]:
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*"))


@pytest.mark.parametrize(
    ("where", "reason"),
    [
        ("/", "it is the file-system root or your home folder"),
        ("home", "it is the file-system root or your home folder"),
        ("hub", "it is the project folder or one of its parents"),
        (".", "it is the project folder or one of its parents"),
        ("hub/content", "it is inside the content/ folder"),
        ("hub/content/faq/out", "it is inside the content/ folder"),
        ("hub/.recordhub-cache", "it is the build cache (.recordhub-cache/) or inside it"),
        ("hub/.recordhub-cache/out", "it is the build cache (.recordhub-cache/) or inside it"),
    ],
    ids=[
        "root",
        "home",
        "project",
        "parent-of-project",
        "content",
        "inside-content",
        "cache-not-made-yet",
        "inside-cache",
    ],
)
def test_refused_output_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, where: str, reason: str
) -> None:
    hub = make_site(tmp_path / "hub", {**BASE, "content/faq/_index.md": "---\ntitle: FAQ\n---\n"})
    home = tmp_path / "home"
    home.mkdir()
    (home / ".profile").write_text("mine\n")
    monkeypatch.setenv("HOME", str(home))
    assert Path.home() == home
    monkeypatch.setattr("recordhub.output.Writer", _NoWriter)
    out = Path("/") if where == "/" else (tmp_path / where).resolve()
    files, paths, root_entries = tree(tmp_path), everything(tmp_path), sorted(os.listdir("/"))
    run = run_cli("-C", hub, "build", "-o", out)
    assert run.code == 2, run.err
    assert run.err == (
        f"{out}: error: refusing to use {out} as the output folder: {reason}\n"
        "  hint: use a folder such as public/\n"
    )
    assert tree(tmp_path) == files
    assert everything(tmp_path) == paths
    assert sorted(os.listdir("/")) == root_entries


def test_the_build_cache_is_refused_as_output_once_it_exists(built: Built) -> None:
    cache = built.hub / ".recordhub-cache"
    assert cache.is_dir()
    before = tree(cache)
    run = build(built.hub, cache)
    assert run.code == 2, run.err
    assert run.err == (
        f"{cache}: error: refusing to use {cache} as the output folder: it is the build cache "
        "(.recordhub-cache/) or inside it\n  hint: use a folder such as public/\n"
    )
    assert tree(cache) == before


def test_an_output_folder_inside_a_linked_content_folder_is_refused(tmp_path: Path) -> None:
    real = tmp_path / "shared-content"
    make_site(real, BASE, site_yml=None)
    hub = make_site(tmp_path / "hub", {})
    (hub / "content").symlink_to(real, target_is_directory=True)
    out = real / "out"
    files = tree(tmp_path)
    run = build(hub, out)
    assert run.code == 2, run.err
    assert run.err == (
        f"{out}: error: refusing to use {out} as the output folder: it is inside the content/ "
        "folder\n  hint: use a folder such as public/\n"
    )
    assert tree(tmp_path) == files
    assert not out.exists()


def test_symlinked_output_folder_leaves_its_target_alone(tmp_path: Path) -> None:
    hub = make_site(tmp_path / "hub", BASE)
    target = tmp_path / "elsewhere"
    previous = build(hub, target)  # even a folder recordhub made itself, with its marker
    assert previous.code == 0, previous.err
    (target / "precious.txt").write_text("not recordhub's\n")
    before = tree(target)
    link = tmp_path / "public"
    link.symlink_to(target, target_is_directory=True)
    run = build(hub, link)
    assert run.code == 2
    assert run.err == (
        f"{link}: error: refusing to use {link} as the output folder: it is a symlink\n"
        "  hint: give the real folder it points to, or remove the link\n"
    )
    assert link.is_symlink() and link.readlink() == target
    assert tree(target) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["elsewhere", "hub", "public"]


# --- determinism ----------------------------------------------------------------------------

DATED = {
    "content/_index.md": HOME,
    "content/statements/_index.md": "---\ntitle: Statements\n---\nAll statements.\n",
    "content/statements/s.md": (
        "---\ntitle: S\ntype: statement\ndate: 2024-03-04\nupdated: 2024-05-06\ntags: [privacy]\n"
        "changelog:\n  - {date: 2024-05-06, kind: correction, note: Fixed.}\n---\nBody.\n"
    ),
    "content/faq/_index.md": (
        "---\ntitle: FAQ\ntype: faq\n---\n## Data\n\n### Where is it?\n\nUpdated: 2024-04-01\n\n"
        "In Virginia.\n"
    ),
    "content/embargoed.md": (
        "---\ntitle: Embargoed\npublish_at: 2030-01-01T09:00:00Z\n---\nLater.\n"
    ),
    "content/expiring.md": "---\ntitle: Expiring\nexpires: 2029-01-01T00:00:00Z\n---\nSoon gone.\n",
}


@pytest.mark.parametrize(
    "flags",
    [pytest.param(["--no-search", "--no-cache"], id="no-search"), pytest.param([], id="search")],
)
def test_two_builds_are_byte_identical(tmp_path: Path, flags: list[str]) -> None:
    hub = make_site(tmp_path / "hub", DATED)
    trees = []
    for name in ("one", "two"):
        run = run_cli("-C", hub, "build", "-o", tmp_path / name, *flags)
        assert run.code == 0, run.err
        trees.append(tree(tmp_path / name))
    assert trees[0] == trees[1]
    if not flags:
        assert any(rel.startswith("pagefind/") for rel in trees[0])


def _sections(*languages: str) -> dict[str, str]:
    """A hub with many values for each search filter: sections and kinds of page."""
    listed = "".join(f"  - {{code: {c}, name: {c.upper()}}}\n" for c in languages)
    files = {"site.yml": SITE_YML + "languages:\n" + listed}
    for lang in languages:
        suffix = "" if lang == languages[0] else f".{lang}"
        files[f"content/_index{suffix}.md"] = f"---\ntitle: Home {lang}\n---\nWelcome.\n"
        for n, (section, kind) in enumerate(
            [("storage", "page"), ("claims", "claim"), ("news", "statement"), ("plans", "roadmap")]
            + [(f"area-{k}", "page") for k in range(5)]
        ):
            files[f"content/{section}/_index{suffix}.md"] = f"---\ntitle: Section {section}\n---\n"
            extra = "date: 2024-03-04\n" if kind == "statement" else ""
            extra += (
                "verdict: misleading\nclaim: It is so.\nfact: It is not.\n"
                if kind == "claim"
                else ""
            )
            files[f"content/{section}/p{n}{suffix}.md"] = (
                f"---\ntitle: Data page {n}\ntype: {kind}\n{extra}---\nData words {lang}.\n"
            )
    return files


def test_two_clean_builds_give_the_same_search_index(tmp_path: Path) -> None:
    # Pagefind lists filter values in a different order on every run: a deploy from a fresh
    # clone would send and purge the index's filter and metadata files each time
    hub = make_site(tmp_path / "hub", _sections("en", "es"))
    indexes = []
    for name in ("one", "two", "three"):
        run = run_cli("-C", hub, "build", "--no-cache", "-o", tmp_path / name)
        assert run.code == 0, run.err
        indexes.append({k: v for k, v in tree(tmp_path / name).items() if "pagefind" in k})
    assert indexes[0] == indexes[1] == indexes[2]
    assert len([name for name in indexes[0] if name.endswith(".pf_filter")]) == 4
    assert len([name for name in indexes[0] if name.endswith(".pf_meta")]) == 2


def test_an_index_made_in_another_order_is_not_reused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # an index made by a recordhub that left Pagefind's order (or put it in another) was made
    # from the same pages: reused, it would be published where a build without the cache
    # writes another
    from recordhub import indexorder

    hub = make_site(tmp_path / "hub", _sections("en", "es"))
    with monkeypatch.context() as earlier:
        earlier.setattr(indexorder, "settle", lambda folder: None)
        earlier.setattr(indexorder, "ORDER", "Pagefind's", raising=False)
        assert run_cli("-C", hub, "build", "-o", tmp_path / "out").code == 0
    os.utime(hub / "site.yml")
    assert run_cli("-C", hub, "build", "-o", tmp_path / "out").code == 0
    assert run_cli("-C", hub, "build", "--no-cache", "-o", tmp_path / "fresh").code == 0
    fresh = {k: v for k, v in tree(tmp_path / "fresh").items() if "pagefind" in k}
    assert {k: v for k, v in tree(tmp_path / "out").items() if "pagefind" in k} == fresh


def _epoch(day: str) -> str:
    return str(int(dt.datetime.fromisoformat(day).replace(tzinfo=dt.UTC).timestamp()))


def test_source_date_epoch_decides_visibility_and_no_build_time_is_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    hub = make_site(tmp_path / "hub", DATED)
    seen = {}
    for when in ("2028-06-01", "2029-06-01", "2029-12-31", "2030-01-01T09:00:00"):
        monkeypatch.setenv("SOURCE_DATE_EPOCH", _epoch(when))
        out = tmp_path / f"out-{when[:10]}-{len(when)}"
        run = build(hub, out)
        assert run.code == 0, run.err
        seen[when] = tree(out)
    visible = {
        when: sorted(
            rel.split("/")[0] for rel in files if rel.startswith(("embargoed/", "expiring/"))
        )
        for when, files in seen.items()
    }
    assert visible == {
        "2028-06-01": ["expiring"],
        "2029-06-01": [],
        "2029-12-31": [],
        "2030-01-01T09:00:00": ["embargoed"],
    }
    # the clock only decides which pages are in: the same pages give the same bytes
    assert seen["2029-06-01"] == seen["2029-12-31"]
    # and with the real clock, today appears nowhere (every date in the content is older)
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    days = {dt.date.today(), dt.datetime.now(dt.UTC).date()}
    run = build(hub, tmp_path / "now")
    assert run.code == 0, run.err
    days |= {dt.date.today(), dt.datetime.now(dt.UTC).date()}
    forms = set()
    for day in days:
        forms |= {
            day.isoformat(),
            day.strftime("%Y%m%d"),
            day.strftime("%Y/%m/%d"),
            day.strftime("%d/%m/%Y"),
            day.strftime("%B %-d, %Y"),
            day.strftime("%-d %B %Y"),
            day.strftime("%b %-d, %Y"),
        }
    for rel, data in tree(tmp_path / "now").items():
        text = data.decode("utf-8", "replace")
        for form in forms:
            assert form not in text, f"{form} in {rel}"


# --- found while testing (fixed in 4a3bfd5, kept as regressions) -----------------------------


@pytest.mark.parametrize(
    ("value", "hint"),
    [
        ("[claim]", "did you mean 'claim'?"),
        ("{a: 1}", "use one of: page, claim, faq, statement, roadmap"),
    ],
    ids=["list", "mapping"],
)
def test_front_matter_type_that_is_not_text(built: Built, value: str, hint: str) -> None:
    # until 4a3bfd5: "internal error: TypeError: unhashable type: 'list'"
    run = rebuild(built, {"content/x.md": f"---\ntitle: X\ntype: {value}\n---\n"})
    assert "internal error" not in run.err
    [line] = lines_of("error", run.err)
    assert line.startswith("content/x.md:3:7: error: unknown content type "), run.err
    assert has_block(run.err, f"{line}\n  hint: {hint}")
    assert_failed_cleanly(built, run)


@pytest.mark.parametrize("where", ["page-with-a-broken-anchor", "menu-url"])
def test_unbalanced_ipv6_bracket_in_a_link(built: Built, where: str) -> None:
    # until 4a3bfd5: "internal error: ValueError: Invalid IPv6 URL", from urls.is_external
    if where == "menu-url":
        files = {"site.yml": SITE_YML + 'menu:\n  - {title: Local, url: "http://[::1"}\n'}
    else:
        files = {"content/x.md": "---\ntitle: X\n---\n[a](http://[::1) and [b](#no-such-anchor)\n"}
    run = rebuild(built, files)
    assert "internal error" not in run.err, run.err
    assert "Traceback" not in run.out + run.err
    if where == "menu-url":  # taken as an external link, written as it is
        assert run.code == 0, run.err
        assert 'href="http://[::1"' in page_html(built.out, "index.html")
    else:  # the broken anchor fails the build, named at its place in the page
        assert lines_of("error", run.err) == [
            "content/x.md:4:26: error: broken link to #no-such-anchor: the page has no anchor "
            "#no-such-anchor"
        ]
        assert_failed_cleanly(built, run)
