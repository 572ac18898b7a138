"""Menu links tell a screen reader where the reader is: "current page" on the page itself,
"current" on the section the page is in, and nothing elsewhere."""

from __future__ import annotations

from pathlib import Path

import pytest

from htmldoc import page
from hubtest import SITE_YML, make_site, run_cli
from recordhub.diagnostics import Severity
from recordhub.preview import Preview

MENU = (
    "menu:\n  - {title: Claims, url: claims/_index.md}\n  - {title: About, url: about.md}\n"
    "footer_menu:\n  - {title: Claims, url: claims/_index.md}\n"
)
FILES = {
    "content/_index.md": "---\ntitle: Home\n---\nWelcome.\n",
    "content/about.md": "---\ntitle: About\n---\nText.\n",
    "content/claims/_index.md": "---\ntitle: Claims\n---\nAll of them.\n",
    "content/claims/one.md": "---\ntitle: One\n---\nText.\n",
}


def _marks(out: Path, rel: str, cls: str | None) -> dict[str, str | None]:
    doc = page(out, rel)
    nav = doc.one("nav", {"class": cls or "footer-nav"})
    return {a.attrs["href"]: a.attrs.get("aria-current") for a in nav.iter() if a.tag == "a"}


def test_menu_links_say_current_page_only_on_that_page(tmp_path: Path) -> None:
    hub = make_site(tmp_path / "hub", FILES, SITE_YML + MENU)
    run = run_cli("-C", hub, "build", "--no-search", "-o", tmp_path / "out")
    assert run.code == 0, run.err
    out = tmp_path / "out"
    assert _marks(out, "claims/index.html", "site-nav") == {"/claims/": "page", "/about/": None}
    # on a page in the section, the section's link is the current place, not the current page
    assert _marks(out, "claims/one/index.html", "site-nav") == {
        "/claims/": "true",
        "/about/": None,
    }
    assert _marks(out, "about/index.html", "site-nav") == {"/claims/": None, "/about/": "page"}
    assert _marks(out, "claims/one/index.html", None)["/claims/"] == "true"
    assert _marks(out, "claims/index.html", None)["/claims/"] == "page"


EPOCH_2026_03_01 = "1772323200"
WAITING = {
    **FILES,
    "content/launch.md": "---\ntitle: Launch\npublish_at: 2026-03-02T09:00:00Z\n---\nText.\n",
    "content/old.md": "---\ntitle: Old\nexpires: 2026-02-01T00:00:00Z\n---\nText.\n",
    "content/plans.md": "---\ntitle: Plans\ndraft: true\n---\nText.\n",
}
WAITING_MENU = (
    "footer_menu:\n  - {title: About, url: about.md}\n  - {title: Launch, url: launch.md}\n"
    "  - {title: Old, url: old.md}\n  - {title: Plans, url: plans.md}\n"
)


def test_menu_leaves_out_pages_not_published_and_says_why(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH_2026_03_01)
    hub = make_site(tmp_path / "hub", WAITING, SITE_YML + WAITING_MENU)
    run = run_cli("-C", hub, "build", "--no-search", "-o", tmp_path / "out")
    assert run.code == 0, run.err
    assert (
        "site.yml:7:26: notice: footer_menu[1] 'Launch' is left out of the menu: "
        "content/launch.md is embargoed until 2026-03-02 09:00 UTC\n"
        "  hint: the entry appears once the page is published then; recordhub build --future "
        "shows it now\n"
        "site.yml:8:23: notice: footer_menu[2] 'Old' is left out of the menu: "
        "content/old.md expired at 2026-02-01 00:00 UTC\n"
        "  hint: the entry appears once the page is published again: give it a later "
        "expires:, or remove the entry\n"
        "site.yml:9:25: notice: footer_menu[3] 'Plans' is left out of the menu: "
        "content/plans.md is a draft\n"
        "  hint: the entry appears once the page is published (without draft: true); "
        "recordhub build --drafts shows it now\n"
    ) in run.err
    assert list(_marks(tmp_path / "out", "index.html", None)) == ["/about/"]
    shown = run_cli(
        "-C", hub, "build", "--no-search", "--drafts", "--future", "-o", tmp_path / "all"
    )
    assert shown.code == 0, shown.err
    assert shown.err.count("left out of the menu") == 1  # an expired page stays out
    assert "'Old' is left out of the menu" in shown.err
    assert list(_marks(tmp_path / "all", "index.html", None)) == ["/about/", "/launch/", "/plans/"]


def test_menu_entry_appears_when_its_embargo_ends(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH_2026_03_01)
    hub = make_site(tmp_path / "hub", WAITING, SITE_YML + WAITING_MENU)
    assert run_cli("-C", hub, "build", "--no-search", "-o", tmp_path / "out").code == 0
    # the same hub, untouched, built again once the embargo is over
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(EPOCH_2026_03_01) + 2 * 86400))
    run = run_cli("-C", hub, "build", "--no-search", "-o", tmp_path / "out")
    assert run.code == 0, run.err
    assert "'Launch' is left out" not in run.err
    assert list(_marks(tmp_path / "out", "index.html", None)) == ["/about/", "/launch/"]


def test_menu_entry_of_a_missing_page_is_an_error(tmp_path: Path) -> None:
    hub = make_site(tmp_path / "hub", FILES, SITE_YML + "menu:\n  - {title: Gone, url: gone.md}\n")
    run = run_cli("-C", hub, "build", "--no-search", "-o", tmp_path / "out")
    assert run.code == 1
    assert (
        "site.yml:6:24: error: menu[0] 'Gone' points to content/gone.md, which does not exist "
        "or is not published\n  hint: give a path under content/, e.g. faq/_index.md\n"
    ) in run.err


@pytest.mark.parametrize(
    ("url", "shown", "meant"),
    [
        ("content/claims/_index.md", "content/content/claims/_index.md", "claims/_index.md"),
        ("/content/about.md", "content/content/about.md", "about.md"),
        ("About.md", "content/About.md", "about.md"),
    ],
)
def test_a_menu_entry_written_as_a_page_s_file_otherwise_names_that_file(
    tmp_path: Path, url: str, shown: str, meant: str
) -> None:
    menu = f"menu:\n  - {{title: Go, url: {url}}}\n"
    hub = make_site(tmp_path / "hub", FILES, SITE_YML + menu)
    run = run_cli("-C", hub, "build", "--no-search", "-o", tmp_path / "out")
    assert run.code == 1
    assert run.err.startswith(
        f"site.yml:6:22: error: menu[0] 'Go' points to {shown}, which does not exist or is not "
        f"published\n  hint: did you mean {meant}? A menu names a page by its path inside "
        "content/\n"
    )


def test_a_page_left_out_for_another_s_address_is_told_once_not_as_missing(
    tmp_path: Path,
) -> None:
    files = {
        **FILES,
        "content/about.md": "---\ntitle: About\nslug: team\n---\nSee [the team](team.md).\n",
        "content/team.md": "---\ntitle: Team\n---\nText.\n",
    }
    hub = make_site(tmp_path / "hub", files, SITE_YML + "menu:\n  - {title: Team, url: team.md}\n")
    run = run_cli("-C", hub, "build", "--no-search", "-o", tmp_path / "out")
    assert run.code == 1
    assert run.err == (
        "content/team.md: error: maps to the same URL /team/ as content/about.md\n"
        "  hint: give one of them a different slug\n"
        "Build failed: 1 error, 0 warnings; nothing was written\n"
    )


def test_a_menu_path_to_an_anchor_its_page_lacks_is_told_as_such(tmp_path: Path) -> None:
    menu = "menu:\n  - {title: Fixes, url: /corrections/#latest}\n"
    hub = make_site(tmp_path / "hub", FILES, SITE_YML + menu)
    run = run_cli("-C", hub, "build", "--no-search", "-o", tmp_path / "out")
    assert run.code == 1
    assert run.err.startswith(
        "site.yml:6:25: error: broken link to /corrections/#latest in a menu: the page has no "
        "anchor #latest\n  hint: link to an anchor the page has, or leave out #latest\n"
    )


@pytest.mark.parametrize(
    ("extensions", "add"),
    [("markdown: {extensions: [toc]}\n", "add attr_list to markdown.extensions, "), ("", "")],
)
def test_a_heading_in_the_menu_that_a_translation_lacks_is_told_how_to_give_it(
    tmp_path: Path, extensions: str, add: str
) -> None:
    # the translation's heading is in its own words, so its anchor is too
    files = {
        **FILES,
        "content/about.md": "---\ntitle: About\n---\n## Our team\n\nText.\n",
        "content/about.es.md": "---\ntitle: Acerca\n---\n## Nuestro equipo\n\nTexto.\n",
    }
    languages = "languages:\n  - {code: en, name: English}\n  - {code: es, name: Español}\n"
    menu = "menu:\n  - {title: Team, url: about.md#our-team}\n"
    hub = make_site(tmp_path / "hub", files, SITE_YML + languages + menu + extensions)
    run = run_cli("-C", hub, "build", "--no-search", "-o", tmp_path / "out")
    assert run.code == 1
    assert run.err.startswith(
        "site.yml:9:24: error: broken link to /es/about/#our-team in a menu: the page has no "
        f"anchor #our-team\n  hint: {add}write {{#our-team}} after the heading of "
        "content/about.es.md that translates it, or leave out #our-team\n"
    )


def test_an_entry_that_goes_where_an_earlier_one_goes_is_a_warning(tmp_path: Path) -> None:
    menu = (
        "menu:\n  - {title: Claims, url: claims/_index.md}\n  - {title: About, url: about.md}\n"
        "  - {title: About us, url: about.md}\n  - {title: Search, url: /search/}\n"
        "  - {title: Find, url: /search/}\n  - {title: Team, url: 'about.md#team'}\n"
        "footer_menu:\n  - {title: Claims, url: claims/_index.md}\n"
    )
    files = {**FILES, "content/about.md": "---\ntitle: About\n---\n## Team\n\nText.\n"}
    hub = make_site(tmp_path / "hub", files, SITE_YML + menu)
    run = run_cli("-C", hub, "build", "--no-search", "-o", tmp_path / "out")
    assert run.code == 0, run.err
    hint = "  hint: remove one of them: the menu offers the same page twice\n"
    assert run.err.count("warning:") == 2, run.err  # not the heading, not the footer's own
    assert (
        f"site.yml:8:28: warning: menu[2] 'About us' goes to /about/, as menu[1] 'About' does\n"
        f"{hint}"
    ) in run.err
    assert (
        f"site.yml:10:24: warning: menu[4] 'Find' goes to /search/, as menu[3] 'Search' does\n"
        f"{hint}"
    ) in run.err


def test_a_menu_address_without_its_slashes_is_told_once_at_its_entry(tmp_path: Path) -> None:
    # https:about/ is a relative address on a page of https, broken on every page but one
    menu = "menu:\n  - {title: About, url: 'https:about/'}\n  - {title: B, url: 'https:/b/'}\n"
    hub = make_site(tmp_path / "hub", FILES, SITE_YML + menu)
    run = run_cli("-C", hub, "build", "--no-search", "-o", tmp_path / "out")
    assert run.code == 1
    hint = "without the //, browsers read it as an address here"
    assert run.err == (
        "site.yml:6:25: error: broken link to https:about/ in a menu: no page or file has that "
        f"address\n  hint: write https://about/: {hint}\n"
        "site.yml:7:21: error: broken link to https:/b/ in a menu: no page or file has that "
        f"address\n  hint: write https://b/: {hint}\n"
        "Build failed: 2 errors, 0 warnings; nothing was written\n"
    )


def test_a_menu_path_that_names_the_hub_s_folder_goes_to_the_page_there(tmp_path: Path) -> None:
    # in a hub at /facts/, '/facts/about/' is the same page as '/about/', as in a page's links
    site = SITE_YML.replace("https://hub.example/", "https://example.com/facts/")
    menu = (
        "menu:\n  - {title: About, url: /facts/about/}\n  - {title: Home, url: /facts}\n"
        "  - {title: Fixes, url: '/facts/corrections/?all=1'}\n"
    )
    hub = make_site(tmp_path / "hub", FILES, site + menu)
    run = run_cli("-C", hub, "build", "--no-search", "-o", tmp_path / "out")
    assert run.code == 0, run.err
    doc = page(tmp_path / "out", "claims/index.html")
    nav = doc.one("nav", {"class": "site-nav"})
    hrefs = [a.attrs["href"] for a in nav.iter() if a.tag == "a"]
    assert hrefs == ["/facts/about/", "/facts/", "/facts/corrections/?all=1"]


@pytest.mark.parametrize(
    ("base_url", "written"),
    [
        ("https://hub.example/", "https://hub.example/gone/"),
        ("https://example.com/facts/", "https://example.com/facts/gone/"),
        ("https://example.com/facts/", "/facts/gone/"),
    ],
    ids=["full-address", "full-address-in-a-folder", "path-naming-the-folder"],
)
def test_a_menu_address_of_the_hub_s_own_that_leads_nowhere_is_told_at_its_entry(
    tmp_path: Path, base_url: str, written: str
) -> None:
    # not as a fault of every template of the theme, each without a line
    site = SITE_YML.replace("https://hub.example/", base_url)
    menu = f"menu:\n  - {{title: Gone, url: '{written}'}}\n"
    hub = make_site(tmp_path / "hub", FILES, site + menu)
    run = run_cli("-C", hub, "check")
    assert run.code == 1
    shown = written if "://" in written else "/facts/gone/"
    lines = run.err.splitlines()
    assert [f"{line}\n{lines[n + 1]}" for n, line in enumerate(lines) if ": error: " in line] == [
        f"site.yml:6:24: error: broken link to {shown} in a menu: no page or file has that "
        "address\n  hint: point the entry at the page's file under content/, e.g. faq/_index.md"
    ]


THREE = (
    "languages:\n  - {code: en, name: English}\n  - {code: es, name: Español}\n"
    "  - {code: fr, name: Français}\n"
)
IN_THREE = {
    **FILES,
    "content/_index.es.md": "---\ntitle: Inicio\n---\nHola.\n",
    "content/_index.fr.md": "---\ntitle: Accueil\n---\nBonjour.\n",
    "content/about.md": "---\ntitle: About\n---\n## Our team\n\nText.\n",
    "content/about.es.md": "---\ntitle: Acerca\n---\n## Nuestro equipo\n\nTexto.\n",
    "content/about.fr.md": "---\ntitle: À propos\n---\n## Notre équipe\n\nTexte.\n",
}


def told(err: str) -> list[str]:
    """The errors in err, each with its hint."""
    lines = err.splitlines()
    return [
        line
        for n, line in enumerate(lines)
        if ": error: " in line or (n and ": error: " in lines[n - 1] and line.startswith("  hint"))
    ]


@pytest.mark.parametrize("command", ["build", "check"])
@pytest.mark.parametrize(
    ("url", "expected"),
    [
        pytest.param(
            "about.md#our-team",
            [
                "site.yml:10:24: error: broken link to about.md#our-team in a menu: the page has "
                "no anchor #our-team in es and fr",
                "  hint: write {#our-team} after the heading that translates it in "
                "content/about.es.md and content/about.fr.md, or leave out #our-team",
            ],
            id="translations",
        ),
        pytest.param(
            "about.md#nowhere",
            [
                "site.yml:10:24: error: broken link to about.md#nowhere in a menu: the page has "
                "no anchor #nowhere in any of its languages",
                "  hint: use the anchor of a heading of content/about.md, and write it as "
                "{#anchor} after the heading that translates that one in content/about.es.md "
                "and content/about.fr.md, or leave out #nowhere",
            ],
            id="everywhere",
        ),
        pytest.param(
            "/corrections/#latest",
            [
                "site.yml:10:24: error: broken link to /corrections/#latest in a menu: the page "
                "has no anchor #latest in any of its languages",
                "  hint: link to an anchor the page has, or leave out #latest",
            ],
            id="made-page",
        ),
    ],
)
def test_an_anchor_a_menu_entry_names_is_told_once_for_every_language(
    tmp_path: Path, command: str, url: str, expected: list[str]
) -> None:
    site = SITE_YML + THREE + f"menu:\n  - {{title: Team, url: '{url}'}}\n"
    site += "markdown: {extensions: [toc, attr_list]}\n"
    hub = make_site(tmp_path / "hub", IN_THREE, site)
    run = run_cli(
        "-C", hub, command, *(["--no-search", "-o", tmp_path / "out"] * (command == "build"))
    )
    assert run.code == 1
    assert told(run.err) == expected


def test_a_menu_anchor_one_language_lacks_under_a_folder_is_told_for_it(tmp_path: Path) -> None:
    site = SITE_YML.replace("hub.example/", "hub.example/record/") + THREE
    site += "menu:\n  - {title: Team, url: 'about.md#our-team'}\n"
    files = {**IN_THREE, "content/about.fr.md": IN_THREE["content/about.md"]}
    hub = make_site(tmp_path / "hub", files, site)
    run = run_cli("-C", hub, "check")
    assert run.code == 1
    assert told(run.err) == [
        "site.yml:10:24: error: broken link to /record/es/about/#our-team in a menu: the page "
        "has no anchor #our-team",
        "  hint: write {#our-team} after the heading of content/about.es.md that translates it, "
        "or leave out #our-team",
    ]


def test_the_preview_tells_a_menu_anchor_once_after_a_save_and_drops_a_language_fixed(
    tmp_path: Path,
) -> None:
    site = SITE_YML + THREE + "menu:\n  - {title: Team, url: 'about.md#our-team'}\n"
    hub = make_site(tmp_path / "hub", IN_THREE, site)
    preview = Preview(hub, tmp_path / "out")

    def errors(saved: str | None, text: str = "") -> list[str]:
        if saved is not None:
            (hub / saved).write_text(text, encoding="utf-8")
        outcome = preview.rebuild(None if saved is None else {hub / saved})
        return [d.format() for d in outcome.problems if d.severity is Severity.ERROR]

    both = [
        "site.yml:10:24: error: broken link to about.md#our-team in a menu: the page has no "
        "anchor #our-team in es and fr\n"
        "  hint: write {#our-team} after the heading that translates it in content/about.es.md "
        "and content/about.fr.md, or leave out #our-team"
    ]
    assert errors(None) == both
    # a save of one translation's text checks that page's links again: still one error
    spanish = IN_THREE["content/about.es.md"]
    assert errors("content/about.es.md", spanish.replace("Texto.", "Texto nuevo.")) == both
    assert errors("content/about.es.md", spanish.replace("equipo\n", "equipo {#our-team}\n")) == [
        "site.yml:10:24: error: broken link to /fr/about/#our-team in a menu: the page has no "
        "anchor #our-team\n"
        "  hint: write {#our-team} after the heading of content/about.fr.md that translates it, "
        "or leave out #our-team"
    ]


def test_a_menu_anchor_translations_lack_says_to_add_attr_list_where_it_is_off(
    tmp_path: Path,
) -> None:
    site = SITE_YML + THREE + "menu:\n  - {title: Team, url: 'about.md#nowhere'}\n"
    hub = make_site(tmp_path / "hub", IN_THREE, site + "markdown: {extensions: [toc]}\n")
    run = run_cli("-C", hub, "check")
    assert run.code == 1
    assert told(run.err)[1] == (
        "  hint: add attr_list to markdown.extensions, use the anchor of a heading of "
        "content/about.md, and write it as {#anchor} after the heading that translates that one "
        "in content/about.es.md and content/about.fr.md, or leave out #nowhere"
    )


def test_a_language_with_no_pages_yet_does_not_count_against_any_of_its_languages(
    tmp_path: Path,
) -> None:
    german = THREE + "  - {code: de, name: Deutsch}\n"
    site = SITE_YML + german + "menu:\n  - {title: Fixes, url: '/corrections/#latest'}\n"
    hub = make_site(tmp_path / "hub", IN_THREE, site)
    run = run_cli("-C", hub, "check")
    assert run.code == 1
    assert told(run.err)[0] == (
        "site.yml:11:25: error: broken link to /corrections/#latest in a menu: the page has no "
        "anchor #latest in any of its languages"
    )
