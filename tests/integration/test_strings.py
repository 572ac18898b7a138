"""A hub's own strings files: the keys its templates use, and files the build would not read."""

from __future__ import annotations

from pathlib import Path

from hubtest import make_site, run_cli

PAGES = {
    "content/_index.md": "---\ntitle: Home\n---\nWelcome.\n",
    "content/about.md": "---\ntitle: About\n---\nText.\n",
}
PRESS_PAGE = (
    '{% extends "base.html" %}\n'
    "{% block content %}\n"
    "<p class=intro>{{ t(\"press_intro\") }} {{ t('press_hours') }}</p>\n"
    "{{ page.content }}\n"
    "{% endblock %}\n"
)


def warnings_in(err: str) -> list[str]:
    return [line for line in err.splitlines() if ": warning: " in line]


def test_a_string_the_hubs_own_template_uses_is_not_called_unused(tmp_path: Path) -> None:
    files = {
        **PAGES,
        "templates/page.html": PRESS_PAGE,
        "strings/en.yml": "press_intro: Write to our press desk\npress_hours: 9 to 5\n",
    }
    hub = make_site(tmp_path / "hub", files)
    run = run_cli("-C", hub, "build", "--no-search", "--strict", "-o", tmp_path / "out")
    assert run.code == 0, run.err
    assert warnings_in(run.err) == []
    html = (tmp_path / "out/about/index.html").read_text(encoding="utf-8")
    assert "<p class=intro>Write to our press desk 9 to 5</p>" in html


def test_a_string_no_template_uses_is_still_a_warning_beside_templates(tmp_path: Path) -> None:
    files = {
        **PAGES,
        "templates/page.html": PRESS_PAGE,
        "strings/en.yml": "press_intro: Write to us\npress_hours: 9 to 5\npres_outro: Bye\n",
    }
    hub = make_site(tmp_path / "hub", files)
    run = run_cli("-C", hub, "check", "--strict")
    assert run.code == 1, run.err
    assert warnings_in(run.err) == [
        "strings/en.yml:3:1: warning: neither the theme nor templates/ uses the string 'pres_outro'"
    ]
    assert (
        "  hint: check the key's spelling against the theme's strings/en.yml and the "
        't("...") calls in templates/, or remove it\n'
    ) in run.err
