"""site.yml's texts given per language (title, description, copyright, menu titles): a language
they leave out shows another's words, and is told, as a theme string it lacks is."""

from __future__ import annotations

from pathlib import Path

from hubtest import SITE_YML, make_site, run_cli

THREE = (
    "languages:\n  - {code: en, name: English}\n  - {code: es, name: Español}\n"
    "  - {code: fr, name: Français}\n"
)
FILES = {
    "content/_index.md": "---\ntitle: Home\n---\nWelcome.\n",
    "content/_index.es.md": "---\ntitle: Inicio\n---\nHola.\n",
    "content/_index.fr.md": "---\ntitle: Accueil\n---\nBonjour.\n",
    "content/about.md": "---\ntitle: About\n---\nText.\n",
    "content/about.es.md": "---\ntitle: Acerca\n---\nTexto.\n",
    "content/about.fr.md": "---\ntitle: À propos\n---\nTexte.\n",
    "content/team.md": "---\ntitle: Team\n---\nText.\n",
    "content/team.fr.md": "---\ntitle: Équipe\n---\nTexte.\n",
}


def told(err: str) -> list[str]:
    """The warnings in err about site.yml, each with its hint (French has no theme strings)."""
    lines = err.splitlines()
    return [
        line
        for n, line in enumerate(lines)
        if line.startswith("site.yml:") or (n and lines[n - 1].startswith("site.yml:"))
    ]


def test_a_text_given_per_language_that_leaves_one_out_is_told(tmp_path: Path) -> None:
    site = SITE_YML.replace("title: Test Hub\n", "title: {en: Test Hub, es: Centro}\n") + THREE
    site += "description: {en: Facts, es: Hechos, fr: Faits}\n"  # all three: nothing to tell
    site += "copyright: {es: Ejemplo, fr: ''}\n"
    hub = make_site(tmp_path / "hub", FILES, site)
    run = run_cli("-C", hub, "build", "--no-search", "-o", tmp_path / "out")
    assert run.code == 0, run.err
    assert told(run.err) == [
        "site.yml:1:8: warning: title has no 'fr' text; the en text is shown",
        "  hint: add fr: ... to title",
        "site.yml:10:12: warning: copyright has no 'en' text; the es text is shown",
        "  hint: add en: ... to copyright",
        "site.yml:10:12: warning: copyright has no 'fr' text; the es text is shown",
        "  hint: add fr: ... to copyright",
    ]
    html = (tmp_path / "out/fr/index.html").read_text(encoding="utf-8")
    assert '<span class="brand__name" lang="en" dir="ltr">Test Hub</span>' in html


def test_a_menu_title_that_leaves_out_a_language_whose_menu_shows_it_is_told(
    tmp_path: Path,
) -> None:
    menu = (
        "menu:\n  - {title: {en: About, es: Acerca}, url: about.md}\n"
        # team has no Spanish page, so the Spanish menu has no entry to title
        "  - {title: {en: Team, fr: Équipe}, url: team.md}\n"
        "footer_menu:\n  - {title: {fr: Presse}, url: 'https://press.example/'}\n"
    )
    hub = make_site(tmp_path / "hub", FILES, SITE_YML + THREE + menu)
    run = run_cli("-C", hub, "check")
    assert run.code == 0, run.err
    assert told(run.err) == [
        "site.yml:10:13: warning: menu[0].title has no 'fr' text; the en text is shown in the fr "
        "menu",
        "  hint: add fr: ... to menu[0].title",
        "site.yml:13:13: warning: footer_menu[0].title has no 'en' text; the fr text is shown in "
        "the en menu",
        "  hint: add en: ... to footer_menu[0].title",
        "site.yml:13:13: warning: footer_menu[0].title has no 'es' text; the fr text is shown in "
        "the es menu",
        "  hint: add es: ... to footer_menu[0].title",
    ]
