"""A hub's own templates: what is wrong with one is told at its line, before a page is empty."""

from __future__ import annotations

from pathlib import Path

import pytest

from hubtest import Built, make_site, run_cli, tree
from recordhub import convert
from recordhub.outlines import THEME_TEMPLATES

PAGES = {
    "content/_index.md": "---\ntitle: Home\n---\nWelcome.\n",
    "content/x.md": "---\ntitle: X\n---\nText.\n",
}
PAGE_TEMPLATES = (
    "claim.html, corrections.html, faq.html, home.html, page.html, roadmap.html, search.html, "
    "section.html, statement.html, tag.html, tags.html"
)


@pytest.fixture
def built(tmp_path: Path) -> Built:
    hub = make_site(tmp_path / "hub", PAGES)
    out = tmp_path / "out"
    first = run_cli("-C", hub, "build", "--no-search", "-o", out)
    assert first.code == 0, first.err
    return Built(hub, out, tree(out))


def rebuild(built: Built, files: dict[str, str]) -> str:
    """Write files over the hub and build again; the build must fail and leave out as it was."""
    make_site(built.hub, files, site_yml=None)
    run = run_cli("-C", built.hub, "build", "--no-search", "-o", built.out)
    assert run.code == 1, run.err
    assert "Traceback" not in run.out + run.err
    assert tree(built.out) == built.before
    return run.err


def problems(err: str) -> list[str]:
    """The lines printed above the summary: each diagnostic and its hint."""
    return [block for block in err.split("\n") if block][:-1]


@pytest.mark.parametrize(
    ("template", "expected"),
    [
        pytest.param(
            '{% extends "base.html" %}\n{% block contents %}\n{{ page.content }}\n{% endblock %}\n',
            [
                "templates/page.html:2: error: no template that page.html extends has a block "
                "'contents', so nothing in it is shown",
                "  hint: did you mean 'content'? The blocks it can fill are: content, head",
            ],
            id="misspelt",
        ),
        pytest.param(
            '{% extends "base.html" %}\n{% block content %}{% block aside %}{% endblock %}'
            "{% endblock %}\n{% block sidebar %}{% endblock %}\n",
            [
                "templates/page.html:3: error: no template that page.html extends has a block "
                "'sidebar', so nothing in it is shown",
                "  hint: put it inside one of the blocks it can fill: content, head",
            ],
            id="unknown-beside-a-nested-one",
        ),
    ],
)
def test_a_block_that_nothing_extended_has_is_an_error_at_its_line(
    built: Built, template: str, expected: list[str]
) -> None:
    assert problems(rebuild(built, {"templates/page.html": template})) == expected


def test_a_block_of_a_template_further_up_counts(built: Built) -> None:
    layout = '{% extends "base.html" %}\n{% block content %}{% block body %}{% endblock %}'
    layout += "{% endblock %}\n"
    page = '{% extends "layout.html" %}\n{% block body %}<p class=seen>{{ page.title }}</p>'
    page += "{% endblock %}\n{% block head %}{% endblock %}\n"
    make_site(built.hub, {"templates/layout.html": layout, "templates/page.html": page}, None)
    run = run_cli("-C", built.hub, "build", "--no-search", "-o", built.out)
    assert run.code == 0, run.err
    assert "<p class=seen>X</p>" in (built.out / "x/index.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("written", ["/files/x.css", "/facts/files/x.css"])
def test_an_asset_named_by_its_address_is_told_its_name(built: Built, written: str) -> None:
    # in a hub at /facts/, as a link or the logo would be written
    site = (built.hub / "site.yml").read_text().replace("hub.example/", "hub.example/facts/")
    line = f'<link rel="stylesheet" href="{{{{ asset(\'{written}\') }}}}">'
    files = {
        "site.yml": site,
        "static/files/x.css": "p {}\n",
        "templates/page.html": with_line(line),
    }
    err = rebuild(built, files)
    assert problems(err)[-2:] == [
        f"templates/page.html:4: error: no static asset named '{written}': asset() takes its "
        "path inside static/, asset('files/x.css')",
        "  hint: while rendering content/x.md",
    ]


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        pytest.param(
            "partials/sources.html",
            "content/x.md:3:11: error: 'partials/sources.html' is a partial: macros for "
            "templates to import, not a template for a page\n"
            f"  hint: name a template for whole pages: {PAGE_TEMPLATES}",
            id="partial",
        ),
        pytest.param(
            "base.html",
            "content/x.md:3:11: error: 'base.html' is the frame the templates for pages extend, "
            "not a template for a page\n"
            f"  hint: name one that extends it: {PAGE_TEMPLATES}",
            id="base",
        ),
    ],
)
def test_a_page_cannot_be_rendered_by_a_partial_or_the_frame(
    built: Built, name: str, expected: str
) -> None:
    err = rebuild(built, {"content/x.md": f"---\ntitle: X\ntemplate: {name}\n---\nText.\n"})
    assert problems(err) == expected.splitlines()


EXTENDS = '{{% extends "{}" %}}\n'
EVENT_PAGE = '---\ntitle: X\nextra:\n  event: "2026-03-01"\n---\nText.\n'
DATE_HINT = (
    "  hint: while rendering content/x.md; in front matter, write a date as YYYY-MM-DD with no "
    "quotes, which YAML reads as a date"
)


def with_line(line: str) -> str:
    """A page template that shows line at its line 4."""
    return (
        '{% extends "base.html" %}\n'
        '{% from "partials/dates.html" import time_tag, dates %}\n'
        "{% block content %}\n"
        f"{line}\n"
        "{% endblock %}\n"
    )


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        pytest.param(
            "{{ page.extra.event | date }}",
            "templates/page.html:4: error: the date filter expects a date, got the text "
            "'2026-03-01'",
            id="date",
        ),
        pytest.param(
            "{{ page.extra.event | isodate }}",
            "templates/page.html:4: error: the isodate filter expects a date, got the text "
            "'2026-03-01'",
            id="isodate",
        ),
        pytest.param(
            "{{ time_tag(page.extra.event) }}",
            "templates/page.html:4: error: the theme's macro time_tag expects a date, got the "
            "text '2026-03-01'",
            id="theme-macro",
        ),
    ],
)
def test_a_date_written_as_text_is_told_at_the_hubs_line(
    built: Built, line: str, expected: str
) -> None:
    err = rebuild(built, {"templates/page.html": with_line(line), "content/x.md": EVENT_PAGE})
    assert problems(err) == [expected, DATE_HINT]


def test_another_error_in_a_theme_macro_is_told_at_the_hubs_line_and_the_themes(
    built: Built,
) -> None:
    err = rebuild(built, {"templates/page.html": with_line("{{ dates(page.extra) }}")})
    assert problems(err) == [
        "templates/page.html:4: error: in the theme's macro dates (recordhub theme: "
        "partials/dates.html:9): 'dict object' has no attribute 'last_changed'",
        "  hint: while rendering content/x.md; the variables templates can use are listed in "
        "the README",
    ]


@pytest.mark.parametrize(
    ("files", "expected"),
    [
        pytest.param(
            {
                "templates/page.html": EXTENDS.format("page.html")
                + "{% block content %}{% endblock %}\n"
            },
            [
                "templates/page.html:1: error: page.html extends itself: a template of the hub "
                "cannot extend the theme's of the same name, which it replaces",
                '  hint: extend "base.html" and fill its blocks (head, content), as the theme\'s '
                f"page.html does: {THEME_TEMPLATES / 'page.html'}",
            ],
            id="page",
        ),
        pytest.param(
            {"templates/base.html": EXTENDS.format("base.html")},
            [
                "templates/base.html:1: error: base.html extends itself: a template of the hub "
                "cannot extend the theme's of the same name, which it replaces",
                "  hint: write the whole frame here, from a copy of the theme's: "
                f"{THEME_TEMPLATES / 'base.html'}",
            ],
            id="base",
        ),
        pytest.param(
            {"templates/press.html": EXTENDS.format("press.html")},
            [
                "templates/press.html:1: error: press.html extends itself",
                '  hint: extend "base.html" instead',
            ],
            id="own",
        ),
        pytest.param(
            {
                "templates/a.html": EXTENDS.format("b.html"),
                "templates/b.html": EXTENDS.format("a.html"),
                "templates/page.html": EXTENDS.format("a.html"),
            },
            [
                "templates/a.html:1: error: a.html extends b.html extends a.html: a template "
                "cannot extend itself",
                '  hint: extend "base.html" in one of them',
                "templates/b.html:1: error: b.html extends a.html extends b.html: a template "
                "cannot extend itself",
                '  hint: extend "base.html" in one of them',
            ],
            id="loop",
        ),
    ],
)
def test_a_template_that_extends_itself_is_told_once_at_its_extends_line(
    built: Built, files: dict[str, str], expected: list[str]
) -> None:
    assert problems(rebuild(built, files)) == expected


def test_a_replaced_partial_without_a_macro_the_theme_imports_is_told_at_the_partial(
    built: Built,
) -> None:
    partial = "{% macro source_list(items) %}<ul></ul>{% endmacro %}\n"
    err = rebuild(built, {"templates/partials/sources.html": partial})
    assert problems(err) == [
        "templates/partials/sources.html: error: no macro 'sources': the theme's "
        "partials/article.html imports it from partials/sources.html",
        "  hint: define {% macro sources(items) %} here, as the theme's partials/sources.html does",
    ]


@pytest.mark.parametrize("name", [".#mine.html", "#mine.html#", ".mine.html", "~$mine.html"])
def test_an_editors_copy_of_a_template_is_not_compiled(built: Built, name: str) -> None:
    # an editor's lock, autosave or hidden copy, mid-edit: no page can name it, and the build
    # leaves it out as it leaves out such files in content/
    make_site(built.hub, {f"templates/{name}": "<p>{{ page.title | }}</p>\n"}, site_yml=None)
    run = run_cli("-C", built.hub, "build", "--no-search", "-o", built.out)
    assert run.code == 0, run.err
    assert "error" not in run.err


def test_every_broken_template_is_told_not_only_the_first_a_page_imports(built: Built) -> None:
    # page.html imports article.html (which imports sources.html) before facts.html: the
    # page stops at the first, and the others were told only once it was fixed
    files = {
        "templates/partials/sources.html": "{% macro sources(items) %}\n{{ items | }}\n"
        "{% endmacro %}\n",
        "templates/partials/facts.html": "{% macro facts(items) %}\n{% if %}\n{% endmacro %}\n",
        "templates/mine.html": "<p>\n{{ page.title | nope }}\n</p>\n",
    }
    assert problems(rebuild(built, files)) == [
        "templates/mine.html:2:17: error: template syntax error: No filter named 'nope'.",
        "  hint: check the {% %} and {{ }} tags on this line",
        "templates/partials/facts.html:2: error: template syntax error: Expected an expression, "
        "got 'end of statement block'",
        "  hint: check the {% %} and {{ }} tags on this line",
        "templates/partials/sources.html:2: error: template syntax error: expected token "
        "'name', got 'end of print statement'",
        "  hint: check the {% %} and {{ }} tags on this line",
    ]
    run = run_cli("-C", built.hub, "check")
    assert run.code == 1
    assert problems(run.err) == problems(rebuild(built, {}))


@pytest.mark.parametrize(
    ("line", "told"),
    [
        (
            "<p>{{ page.title | nofilter }}</p>",
            "8:20: error: template syntax error: No filter named 'nofilter'.",
        ),
        ("<p>{% frob %}</p>", "8:7: error: template syntax error: Encountered unknown tag 'frob'."),
        # the lexer's offset in the file is told as the line's column, not in the message
        ("<p>{{ page.title ! }}</p>", "8:18: error: template syntax error: unexpected char '!'"),
        ("<p>{{ page.title }</p>", "8:18: error: template syntax error: unexpected '}'"),
        (
            "<p>{% if page.x is nottest %}x{% endif %}</p>",
            "8:20: error: No test named 'nottest' found.",
        ),
        ("<p>{{ page.titel }}</p>", "8:12: error: page has no attribute 'titel'"),
        ('<p>{{ page["titel"] }}</p>', "8:13: error: page has no attribute 'titel'"),
        ("<p>{{ nothing_here }}</p>", "8:7: error: 'nothing_here' is undefined"),
        # written twice on the line: either could be the one, so no column is given
        ("<p>{{ page.titel }} {{ page.titel }}</p>", "8: error: page has no attribute 'titel'"),
    ],
)
def test_a_template_error_is_told_at_its_column(built: Built, line: str, told: str) -> None:
    template = "<!doctype html>\n" + "\n" * 6 + line + "\n"  # the line is line 8
    found = problems(rebuild(built, {"templates/page.html": template}))
    assert found[0] == f"templates/page.html:{told}", found


@pytest.mark.parametrize(
    ("template", "told"),
    [
        # Jinja counts a line at each newline only, as editors do: a form feed or a line
        # separator in the text above does not move the line the column is read from
        (
            "<!doctype html>\n<p>a\u2028b\x0cc</p>\n<p>{{ page.title | nope }}</p>\n",
            "3:20: error: template syntax error: No filter named 'nope'.",
        ),
        # a byte order mark, which editors do not show, is no column
        (
            "\ufeff<p>{{ page.title | nope }}</p>\n",
            "1:20: error: template syntax error: No filter named 'nope'.",
        ),
        (
            "\ufeff<p>{{ page.title ! }}</p>\n",
            "1:18: error: template syntax error: unexpected char '!'",
        ),
    ],
)
def test_a_template_error_is_told_at_its_column_as_an_editor_counts(
    built: Built, template: str, told: str
) -> None:
    found = problems(rebuild(built, {"templates/page.html": template}))
    assert found[0] == f"templates/page.html:{told}", found


def test_broken_templates_are_told_alike_when_workers_convert_the_pages(tmp_path: Path) -> None:
    # with many pages, the templates are compiled while worker processes convert them
    # (recordhub.theming): what is told must not depend on that
    broken: dict[str, str | bytes] = {
        "templates/partials/facts.html": "{% macro facts(items) %}\n{% if %}\n{% endmacro %}\n",
        "templates/mine.html": "<p>\n{{ page.title | nope }}\n</p>\n",
        "templates/latin1.html": "<p>Caf\xe9</p>\n".encode("latin-1"),
        "templates/.#page.html": "<p>{{ page.title | }}</p>\n",  # an editor's copy, mid-edit
    }
    told = []
    for count in (0, convert.PARALLEL_FROM + 4):
        # each body its own, or one conversion would do for all
        notes = {
            f"content/notes/n{n}.md": f"---\ntitle: N{n}\n---\nNote {n}.\n" for n in range(count)
        }
        hub = make_site(tmp_path / f"hub-{count}", {**PAGES, **notes, **broken})
        run = run_cli("-C", hub, "build", "--no-search", "-o", tmp_path / f"out-{count}")
        assert run.code == 1, run.err
        assert "Traceback" not in run.err
        told.append(problems(run.err))
    assert told[0] == told[1]
    assert any(line.startswith("templates/latin1.html") for line in told[0])
    assert any(line.startswith("templates/mine.html:2:17: error") for line in told[0])
