"""An id two elements of a page have, a heading named as a part of the theme is, say: a link
to it goes to the first, so the build warns at the heading's line."""

from __future__ import annotations

from pathlib import Path

from hubtest import make_site, resave, run_cli

HOME = {"content/_index.md": "---\ntitle: Home\n---\nWelcome.\n"}
PAGE = "---\ntitle: Notes\n---\nIntro.\n\n## Main\n\nText.\n\n## Kept {#rh-kept}\n\nMore.\n"


def _warnings(err: str) -> list[str]:
    return [line for line in err.splitlines() if ": warning: " in line]


def test_a_heading_with_the_id_of_the_themes_main_is_warned_of_at_its_line(
    tmp_path: Path,
) -> None:
    hub = make_site(tmp_path / "hub", {**HOME, "content/notes.md": PAGE})
    run = run_cli("-C", hub, "build", "--no-search", "-o", tmp_path / "out")
    assert run.code == 0, run.err
    assert _warnings(run.err) == [
        "content/notes.md:6:1: warning: /notes/ has two elements with the id 'main': a link to "
        "#main goes to the first"
    ]
    assert (
        "  hint: give the heading an id of its own, `## Title {#another-id}`, or another title"
        in run.err
    )
    strict = run_cli("-C", hub, "build", "--no-search", "--strict", "-o", tmp_path / "strict")
    assert strict.code == 1


def test_an_id_given_by_hand_that_the_theme_uses_is_found_at_its_heading(tmp_path: Path) -> None:
    body = "---\ntitle: T\n---\n## Data\n\nOne.\n\n## Our approach {#main}\n\nTwo.\n"
    hub = make_site(tmp_path / "hub", {**HOME, "content/t.md": body})
    run = run_cli("-C", hub, "build", "--no-search", "-o", tmp_path / "out")
    assert _warnings(run.err) == [
        "content/t.md:8:1: warning: /t/ has two elements with the id 'main': a link to #main "
        "goes to the first"
    ]


def test_a_page_carried_over_unchanged_is_still_warned_of(tmp_path: Path) -> None:
    hub = make_site(tmp_path / "hub", {**HOME, "content/notes.md": PAGE})
    assert run_cli("-C", hub, "build", "--no-search").code == 0
    resave(hub)  # a full build, in which the page is carried over from the last one
    again = run_cli("-C", hub, "build", "--no-search")
    assert again.code == 0 and "5 pages unchanged" in again.out
    assert len(_warnings(again.err)) == 1 and "id 'main'" in again.err


def test_the_example_hub_has_no_id_twice(tmp_path: Path) -> None:
    project = Path(__file__).resolve().parents[2]
    run = run_cli("-C", project, "build", "--no-search", "--no-cache", "-o", tmp_path / "out")
    assert run.code == 0, run.err
    assert "two elements with the id" not in run.err


def test_ids_shown_in_code_samples_are_no_elements(tmp_path: Path) -> None:
    sample = '```html\n<div id="widget"></div>\n<main id="main"></main>\n```\n'
    body = f"---\ntitle: Embed\n---\nOne:\n\n{sample}\nTwo:\n\n{sample}"
    hub = make_site(tmp_path / "hub", {**HOME, "content/embed.md": body})
    run = run_cli("-C", hub, "build", "--no-search", "--strict", "-o", tmp_path / "out")
    assert run.code == 0, run.err
    assert _warnings(run.err) == []


def test_an_id_given_to_a_paragraph_or_in_html_is_found_at_its_line(tmp_path: Path) -> None:
    body = (
        "---\ntitle: T\n---\nOne.\n"
        "{: #main }\n\n"  # line 5: an attribute list under a paragraph
        '<p id="rh-toc">Two.</p>\n\n'  # line 7: an id in HTML
        "## A\n\n## B\n\n## C\n"
    )
    hub = make_site(tmp_path / "hub", {**HOME, "content/t.md": body})
    run = run_cli("-C", hub, "build", "--no-search", "-o", tmp_path / "out")
    assert run.code == 0, run.err
    told = [line for line in run.err.splitlines() if line.startswith(("content/", "  hint"))]
    hint = "  hint: give the element an id of its own, or leave the id out"
    assert told == [
        "content/t.md:5:1: warning: /t/ has two elements with the id 'main': a link to #main "
        "goes to the first",
        hint,
        "content/t.md:7:1: warning: /t/ has two elements with the id 'rh-toc': a link to "
        "#rh-toc goes to the first",
        hint,
    ]
