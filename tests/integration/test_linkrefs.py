"""A reference link with no definition is shown as written, brackets and all: the build says
where, as a warning, instead of publishing it without a word."""

from __future__ import annotations

from pathlib import Path

import pytest

from hubtest import make_site, run_cli
from recordhub.config import MarkdownSettings
from recordhub.markdown import Converter

HOME = "---\ntitle: Home\n---\nWelcome.\n"


def undefined(body: str) -> list[str]:
    rendered = Converter(MarkdownSettings()).render(body)
    return [item for item in rendered.removed if item.startswith("no definition: ")]


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("See [our policy][policy].\n", ["[our policy][policy]"]),
        ("See [policy][].\n", ["[policy][]"]),
        ("An ![image][chart] here.\n", ["[image][chart]"]),
        ("[A & B][ab] twice, [A & B][ab].\n", ["[A & B][ab]", "[A & B][ab]"]),
        # given, in another case: Markdown's names are not case-sensitive
        ("See [policy][Policy].\n\n[policy]: https://e.example/\n", []),
        # not reference links: escaped, in code, an index after a word
        ("Escaped \\[a\\]\\[b\\].\n", []),
        ("In code `[a][b]` and\n\n    [c][d]\n", []),
        ("An index, matrix[i][j].\n", []),
    ],
)
def test_a_reference_link_with_no_definition_is_found(body: str, expected: list[str]) -> None:
    assert undefined(body) == [f"no definition: {link}" for link in expected]


def test_a_build_tells_each_where_it_is_written(tmp_path: Path) -> None:
    page = (
        "---\ntitle: Page\n---\n"
        "See [our policy][policy], and `[not][this]`.\n\n"  # line 4
        "An ![image][chart] and [our policy][policy] again.\n\n"  # line 6
        "[kept][k]\n\n[k]: https://kept.example/\n"
    )
    hub = make_site(tmp_path / "hub", {"content/_index.md": HOME, "content/page.md": page})
    run = run_cli("-C", hub, "build", "--no-search", "-o", tmp_path / "out")
    assert run.code == 0, run.err
    told = [line for line in run.err.splitlines() if line.startswith(("content/", "  hint"))]
    policy = (
        "  hint: add a line [policy]: https://... below the text (the name in any case, spaced "
        "as here), or write the link as [our policy](address)"
    )
    assert told == [
        "content/page.md:4:5: warning: [our policy][policy] is shown as written: the page has "
        "no [policy]: line to say where it goes",
        policy,
        "content/page.md:6:5: warning: [image][chart] is shown as written: the page has no "
        "[chart]: line to say where it goes",
        "  hint: add a line [chart]: https://... below the text (the name in any case, spaced "
        "as here), or write the image as ![image](address)",
        "content/page.md:6:24: warning: [our policy][policy] is shown as written: the page has "
        "no [policy]: line to say where it goes",
        policy,
    ]
    html = (tmp_path / "out" / "page" / "index.html").read_text(encoding="utf-8")
    assert '<a href="https://kept.example/">kept</a>' in html
    strict = run_cli("-C", hub, "build", "--no-search", "--strict", "-o", tmp_path / "out2")
    assert strict.code == 1
