"""A hub's own strings files: the keys its templates use, and files the build would not read."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from hubtest import SITE_YML, make_site, run_cli
from recordhub import strings

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
    assert warnings_in(run.err) == []  # what fails a strict check is told as an error
    assert (
        "strings/en.yml:3:1: error: neither the theme nor templates/ uses the string 'pres_outro'"
    ) in run.err.splitlines()
    assert (
        "  hint: check the key's spelling against the theme's strings/en.yml and the "
        't("...") calls in templates/, or remove it\n'
    ) in run.err


LANGUAGES = "languages:\n  - {code: en, name: English}\n  - {code: es, name: Español}\n"


@pytest.mark.parametrize(
    ("files", "expected"),
    [
        pytest.param(
            {"strings/en.yaml": "home: Start\n"},
            "strings/en.yaml: error: found strings/en.yaml: rename it to en.yml\n"
            "  hint: recordhub reads strings files named <code>.yml",
            id="yaml",
        ),
        pytest.param(
            {"strings/en.yaml": "home: Start\n", "strings/en.yml": "home: Begin\n"},
            "strings/en.yaml: error: found strings/en.yaml beside strings/en.yml, which is the "
            "one read\n"
            "  hint: move its strings into en.yml and remove en.yaml",
            id="yaml-beside-yml",
        ),
        pytest.param(
            {"strings/es.YML": "home: Inicio\n"},
            "strings/es.YML: error: found strings/es.YML: rename it to es.yml\n"
            "  hint: recordhub reads strings files named <code>.yml",
            id="upper-case-extension",
        ),
        pytest.param(
            {"strings/es.Yml": "home: Inicio\n", "strings/es.yml": "search: Buscar\n"},
            "strings/es.Yml: error: found strings/es.Yml beside strings/es.yml, which is the "
            "one read\n"
            "  hint: move its strings into es.yml and remove es.Yml",
            id="mixed-case-extension-beside-yml",
        ),
        pytest.param(
            {"strings/ES.YML": "home: Inicio\n"},
            "strings/ES.YML: error: found strings/ES.YML: rename it to es.yml\n"
            "  hint: recordhub reads strings files named <code>.yml",
            id="upper-case-name-and-extension",
        ),
        pytest.param(
            {"strings/es.YAML": "home: Inicio\n"},
            "strings/es.YAML: error: found strings/es.YAML: rename it to es.yml\n"
            "  hint: recordhub reads strings files named <code>.yml",
            id="upper-case-yaml",
        ),
        pytest.param(
            {"strings/ES.yml": "home: Inicio\n"},
            "strings/ES.yml: warning: site.yml declares no language 'ES', so strings/ES.yml is "
            "not read\n"
            "  hint: did you mean 'es'? rename it to es.yml",
            id="case",
        ),
        pytest.param(
            {"strings/es_ES.yml": "home: Portada\n"},
            "strings/es_ES.yml: warning: site.yml declares no language 'es_ES', so "
            "strings/es_ES.yml is not read\n"
            "  hint: rename it to es.yml, or add es-ES to languages in site.yml",
            id="region-of-a-declared-language",
        ),
        pytest.param(
            {"strings/fr_FR.yml": "home: Accueil\n"},
            "strings/fr_FR.yml: warning: site.yml declares no language 'fr_FR', so "
            "strings/fr_FR.yml is not read\n"
            "  hint: add fr-FR to languages in site.yml, or remove the file",
            id="underscored",
        ),
        pytest.param(
            {"strings/fr.yml": "home: Accueil\n"},
            "strings/fr.yml: warning: site.yml declares no language 'fr', so strings/fr.yml is "
            "not read\n"
            "  hint: add fr to languages in site.yml, or remove the file",
            id="undeclared",
        ),
    ],
)
def test_a_strings_file_the_build_would_not_read_is_named(
    tmp_path: Path, files: dict[str, str], expected: str
) -> None:
    pages = {**PAGES, "content/about.es.md": "---\ntitle: Acerca\n---\nTexto.\n"}
    notes = {"strings/README.md": "Our words.\n"}  # not a strings file: not told of
    hub = make_site(tmp_path / "hub", {**pages, **notes, **files}, SITE_YML + LANGUAGES)
    run = run_cli("-C", hub, "build", "--no-search", "-o", tmp_path / "out")
    assert f"\n{expected}\n" in f"\n{run.err}\n", run.err
    problems = [line for line in run.err.splitlines() if re.search(": (error|warning): ", line)]
    assert problems == [expected.splitlines()[0]]
    assert run.code == (1 if ": error: " in expected else 0)
    assert "README" not in run.err


def test_a_key_given_twice_is_told_with_the_other_problems_of_the_file(tmp_path: Path) -> None:
    files = {**PAGES, "strings/en.yml": "home: Start\nhome: Begin\nsearch: No\nhom: Top\n"}
    hub = make_site(tmp_path / "hub", files)
    run = run_cli("-C", hub, "build", "--no-search", "-o", tmp_path / "out")
    assert run.code == 1, run.err
    told = [line for line in run.err.splitlines() if re.search(": (error|warning): ", line)]
    assert told == [
        "strings/en.yml:2:1: error: duplicate key 'home' (first set on line 1)",
        "strings/en.yml:3:9: error: the string 'search' must be text, but YAML read `No` as a "
        "true/false value",
        "strings/en.yml:4:1: warning: the theme uses no string 'hom'",
    ]


def test_dates_are_formatted_once_per_day_and_language() -> None:
    # a listing shows the same few dates on thousands of pages, each a Babel call uncached
    strings.format_date.cache_clear()
    for _ in range(3):
        strings.format_date(dt.date(2026, 1, 5), "es")
    assert strings.format_date.cache_info().hits == 2


CLAIM = '---\ntitle: Sold\ntype: claim\nclaim: It sells\nverdict: "false"\nfact: No.\n---\nText.\n'
VERDICTS = 'verdicts:\n  "false": "False"\n  misleading: Misleading\n'


@pytest.mark.parametrize(
    ("default", "other"),
    [pytest.param("en", "es", id="english"), pytest.param("es", "en", id="spanish")],
)
def test_a_verdict_label_site_yml_gives_is_told_where_the_strings_file_gives_another(
    tmp_path: Path, default: str, other: str
) -> None:
    site = SITE_YML + f"language: {default}\n" + LANGUAGES + VERDICTS
    files = {
        "content/_index.md": "---\ntitle: Home\n---\nText.\n",
        f"content/_index.{other}.md": "---\ntitle: Home\n---\nText.\n",
        "content/sold.md": CLAIM,
        f"content/sold.{other}.md": CLAIM,
        # the same word as site.yml's is no surprise; another language's is its own label
        f"strings/{default}.yml": (
            "home: Start\nverdict_misleading: Misleading\nverdict_false: Wrong\n"
        ),
        f"strings/{other}.yml": "verdict_false: Untrue\nverdict_misleading: Slanted\n",
    }
    hub = make_site(tmp_path / "hub", files, site)
    run = run_cli("-C", hub, "build", "--no-search", "-o", tmp_path / "out")
    assert run.code == 0, run.err
    assert warnings_in(run.err) == [
        f"strings/{default}.yml:3:1: warning: 'verdict_false' is not shown: site.yml's verdicts "
        f"gives the {default} label of 'false', \"False\"",
    ]
    assert (
        "  hint: change the label of 'false' in site.yml's verdicts, and remove verdict_false "
        f"from strings/{default}.yml: strings files give the other languages' labels\n"
    ) in run.err
    html = (tmp_path / "out/sold/index.html").read_text(encoding="utf-8")
    assert '<span class="verdict__label">False</span>' in html
    html = (tmp_path / f"out/{other}/sold/index.html").read_text(encoding="utf-8")
    assert '<span class="verdict__label">Untrue</span>' in html
    strict = run_cli("-C", hub, "check", "--strict")
    assert strict.code == 1
    assert f"strings/{default}.yml:3:1: error: 'verdict_false' is not shown" in strict.err


def test_a_strings_file_of_a_language_declared_only_by_its_regions_gives_their_words(
    tmp_path: Path,
) -> None:
    # es.yml holds what es-MX and es-ES say alike, as the theme's own es.yml does for them
    languages = (
        "languages:\n  - {code: en, name: English}\n  - {code: es-MX, name: Español (México)}\n"
        "  - {code: es-ES, name: Español (España)}\n"
    )
    files = {
        **PAGES,
        "content/about.es-MX.md": "---\ntitle: Acerca\n---\nTexto.\n",
        "content/about.es-ES.md": "---\ntitle: Acerca\n---\nTexto.\n",
        "strings/es.yml": "home: Portada\nbreadcrumbs: Ruta\nhomme: Portada\n",
        "strings/es-ES.yml": "home: Inicio\n",
    }
    hub = make_site(tmp_path / "hub", files, SITE_YML + languages)
    run = run_cli("-C", hub, "build", "--no-search", "-o", tmp_path / "out")
    assert run.code == 0, run.err
    assert warnings_in(run.err) == ["strings/es.yml:3:1: warning: the theme uses no string 'homme'"]
    mexican = (tmp_path / "out/es-MX/about/index.html").read_text(encoding="utf-8")
    spanish = (tmp_path / "out/es-ES/about/index.html").read_text(encoding="utf-8")
    assert 'aria-label="Ruta"' in mexican and 'aria-label="Ruta"' in spanish
    assert '<a href="/es-MX/">Portada</a>' in mexican
    assert '<a href="/es-ES/">Inicio</a>' in spanish


def test_a_string_only_another_language_gives_is_told_where_to_add_it(tmp_path: Path) -> None:
    files = {
        **PAGES,
        "content/about.es.md": "---\ntitle: Acerca\n---\nTexto.\n",
        "content/about.fr.md": "---\ntitle: À propos\n---\nTexte.\n",
        "templates/page.html": PRESS_PAGE,
        "strings/es.yml": "press_intro: Escriba a prensa\npress_hours: 9 a 17\n",
    }
    french = LANGUAGES + "  - {code: fr, name: Français}\n"
    hub = make_site(tmp_path / "hub", files, SITE_YML + french)
    run = run_cli("-C", hub, "check")
    assert run.code == 1
    # told once, though the English and the French pages both lack it
    assert [line for line in run.err.splitlines() if ": error: " in line] == [
        "templates/page.html:3: error: the string 'press_intro' has no text in en, the default "
        "language, but only in strings/es.yml: add press_intro: ... to strings/en.yml, whose "
        "words the other languages fall back to",
    ]


@pytest.mark.parametrize(
    ("verdicts", "told"),
    [
        pytest.param(
            VERDICTS,
            [
                "strings/es.yml:2:1: warning: 'verdict_outdated' is never shown: site.yml's "
                "verdicts has no 'outdated'",
                "  hint: add outdated to verdicts in site.yml, or remove verdict_outdated",
                "strings/es.yml:3:1: warning: 'verdict_misleding' is never shown: site.yml's "
                "verdicts has no 'misleding'",
                "  hint: did you mean verdict_misleading? Else add misleding to verdicts in "
                "site.yml, or remove verdict_misleding",
            ],
            id="site-yml",
        ),
        pytest.param(
            "",
            [
                "strings/es.yml:3:1: warning: 'verdict_misleding' is never shown: there is no "
                "verdict 'misleding' (the theme's are false, misleading, missing-context and "
                "outdated)",
                "  hint: did you mean verdict_misleading? Else add verdicts to site.yml, "
                "misleding among them, or remove verdict_misleding",
            ],
            id="theme",
        ),
    ],
)
def test_a_label_of_a_verdict_the_hub_does_not_have_is_told(
    tmp_path: Path, verdicts: str, told: list[str]
) -> None:
    files = {
        **PAGES,
        "content/about.es.md": "---\ntitle: Acerca\n---\nTexto.\n",
        "strings/es.yml": (
            "verdict_false: Falso\nverdict_outdated: Desactualizado\nverdict_misleding: Engañoso\n"
        ),
    }
    hub = make_site(tmp_path / "hub", files, SITE_YML + LANGUAGES + verdicts)
    run = run_cli("-C", hub, "build", "--no-search", "-o", tmp_path / "out")
    assert run.code == 0, run.err
    lines = run.err.splitlines()
    assert [
        line for n, line in enumerate(lines) if "warning" in line or "warning" in lines[n - 1]
    ] == told


def test_a_misspelt_key_is_told_with_the_key_meant(tmp_path: Path) -> None:
    # not a key the file gives already (home), nor one only a little alike (fax: fr?)
    files = {**PAGES, "strings/en.yml": "home: Start\nSerch: Find\nhomme: Start\nfax: Fax us\n"}
    hub = make_site(tmp_path / "hub", files)
    run = run_cli("-C", hub, "build", "--no-search", "-o", tmp_path / "out")
    assert run.code == 0, run.err
    hints = [line for line in run.err.splitlines() if line.startswith("  hint: ")]
    assert hints == [
        "  hint: did you mean 'search'? Rename the key to it, or remove it",
        "  hint: check the key's spelling against the theme's strings/en.yml, or remove it",
        "  hint: check the key's spelling against the theme's strings/en.yml, or remove it",
    ]
    assert warnings_in(run.err) == [
        "strings/en.yml:2:1: warning: the theme uses no string 'Serch'",
        "strings/en.yml:3:1: warning: the theme uses no string 'homme'",
        "strings/en.yml:4:1: warning: the theme uses no string 'fax'",
    ]


def test_a_placeholder_the_theme_does_not_fill_in_is_told(tmp_path: Path) -> None:
    files = {
        **PAGES,
        "content/about.md": "---\ntitle: About\n---\nText.[^1]\n\n[^1]: A note.\n",
        "content/about.es.md": "---\ntitle: Acerca\n---\nTexto.[^1]\n\n[^1]: Una nota.\n",
        "strings/es.yml": (
            'home: "{sitio}"\nfootnote_back: "Volver a la nota {número} del texto {number}"\n'
        ),
    }
    hub = make_site(tmp_path / "hub", files, SITE_YML + LANGUAGES)
    run = run_cli("-C", hub, "build", "--no-search", "-o", tmp_path / "out")
    assert run.code == 0, run.err
    assert warnings_in(run.err) == [
        "strings/es.yml:1:7: warning: home has {sitio}, which is shown as written: the theme "
        "fills in none",
        "strings/es.yml:2:16: warning: footnote_back has {número}, which is shown as written: "
        "the theme fills in {number} only",
    ]
    assert "  hint: write the words themselves in place of {sitio}\n" in run.err
    assert (
        "  hint: write {number} in its place, as the theme's strings/en.yml does: "
        '"Jump back to footnote {number} in the text"\n'
    ) in run.err


def test_a_string_left_empty_is_told_at_its_line_with_the_text_shown_instead(
    tmp_path: Path,
) -> None:
    # Spanish has the theme's words, French none: each shows another text, told once
    french = LANGUAGES + "  - {code: fr, name: Français}\n"
    files = {
        **PAGES,
        "content/about.es.md": "---\ntitle: Acerca\n---\nTexto.\n",
        "content/about.fr.md": "---\ntitle: À propos\n---\nTexte.\n",
        "strings/es.yml": 'search: Buscar\nhome: ""\n',
        "strings/fr.yml": "home:\n",
    }
    hub = make_site(tmp_path / "hub", files, SITE_YML + french)
    run = run_cli("-C", hub, "build", "--no-search", "-o", tmp_path / "out")
    assert run.code == 0, run.err
    told = [line for line in warnings_in(run.err) if "'home'" in line]
    assert told == [
        "strings/es.yml:2:1: warning: 'home' is empty, so 'Inicio' is shown in its place",
        "strings/fr.yml:1:1: warning: 'home' is empty, so 'Home' is shown in its place",
    ]
    assert "  hint: write its text after home:, or remove the line\n" in run.err


@pytest.mark.parametrize("root", ["es", "es-MX", "es_MX"])
def test_strings_nested_under_the_language_as_rails_writes_them_are_told_so(
    tmp_path: Path, root: str
) -> None:
    files = {
        **PAGES,
        "content/about.es.md": "---\ntitle: Acerca\n---\nTexto.\n",
        "strings/es.yml": f"{root}:\n  home: Inicio\n  search: Buscar\n",
    }
    hub = make_site(tmp_path / "hub", files, SITE_YML + LANGUAGES)
    run = run_cli("-C", hub, "build", "--no-search", "-o", tmp_path / "out")
    assert run.code == 1
    assert [line for line in run.err.splitlines() if ": error: " in line] == [
        f"strings/es.yml:1:1: error: the strings are nested under '{root}:', which "
        "recordhub does not read"
    ]
    assert (
        f"  hint: remove the line '{root}:' and the indentation of the lines under it: a "
        "strings file is one `key: text` line per string, as the theme's strings/en.yml\n"
    ) in run.err


def test_a_verdict_site_yml_relabels_is_told_where_a_language_shows_the_theme_s_old_word(
    tmp_path: Path,
) -> None:
    verdicts = 'verdicts:\n  "false": "False"\n  misleading: Partly false\n'
    misleading = CLAIM.replace('"false"', "misleading")
    files = {
        "content/_index.md": "---\ntitle: Home\n---\nText.\n",
        "content/_index.es.md": "---\ntitle: Inicio\n---\nTexto.\n",
        "content/sold.md": CLAIM,
        "content/sold.es.md": CLAIM,
        "content/mixed.md": misleading,
        "content/mixed.es.md": misleading,
        "content/more.es.md": misleading,
    }
    hub = make_site(tmp_path / "hub", files, SITE_YML + LANGUAGES + verdicts)
    run = run_cli("-C", hub, "build", "--no-search", "-o", tmp_path / "out")
    assert run.code == 0, run.err
    # told once, though two pages show it; "False" means what the theme's "Falso" says
    assert warnings_in(run.err) == [
        "strings/es.yml: warning: the es label of the verdict 'misleading' is the theme's "
        "'Engañoso', which says 'Misleading', but site.yml's verdicts call it 'Partly false'"
    ]
    assert "  hint: add verdict_misleading: ... to strings/es.yml\n" in run.err
    (hub / "strings").mkdir()
    (hub / "strings/es.yml").write_text("verdict_misleading: Parcialmente falso\n", "utf-8")
    run = run_cli("-C", hub, "build", "--no-search", "-o", tmp_path / "out")
    assert run.code == 0, run.err
    assert warnings_in(run.err) == []
    html = (tmp_path / "out/es/mixed/index.html").read_text(encoding="utf-8")
    assert '<span class="verdict__label">Parcialmente falso</span>' in html


@pytest.mark.parametrize("written", ["~", "null", "NULL", "~ # later"])
def test_a_string_given_as_yaml_null_is_told_at_its_value_with_the_text_shown_instead(
    tmp_path: Path, written: str
) -> None:
    files = {
        **PAGES,
        "content/about.es.md": "---\ntitle: Acerca\n---\nTexto.\n",
        "strings/es.yml": f"search: Buscar\nhome: {written}\n",
    }
    hub = make_site(tmp_path / "hub", files, SITE_YML + LANGUAGES)
    run = run_cli("-C", hub, "build", "--no-search", "-o", tmp_path / "out")
    assert run.code == 0, run.err
    null = written.split()[0]
    assert warnings_in(run.err) == [
        f"strings/es.yml:2:7: warning: 'home' is {null}, which YAML reads as no text, so "
        "'Inicio' is shown in its place"
    ]
    assert f"  hint: write its text in place of {null}, or remove the line\n" in run.err
    html = (tmp_path / "out/es/about/index.html").read_text(encoding="utf-8")
    assert '<a href="/es/">Inicio</a>' in html


def test_a_quoted_tilde_is_a_text_of_its_own_and_not_told(tmp_path: Path) -> None:
    files = {
        **PAGES,
        "content/about.es.md": "---\ntitle: Acerca\n---\nTexto.\n",
        "strings/es.yml": 'home: "~"\n',
    }
    hub = make_site(tmp_path / "hub", files, SITE_YML + LANGUAGES)
    run = run_cli("-C", hub, "build", "--no-search", "--strict", "-o", tmp_path / "out")
    assert run.code == 0, run.err
    assert warnings_in(run.err) == []
    html = (tmp_path / "out/es/about/index.html").read_text(encoding="utf-8")
    assert '<a href="/es/">~</a>' in html


@pytest.mark.parametrize(
    ("files", "expected"),
    [
        pytest.param(
            {"strings/es.yml/home.yml": "home: Casa\n"},
            "strings/es.yml/: error: strings/es.yml/ is a folder, not a file: recordhub reads no "
            "strings from it\n"
            "  hint: put the strings in a file named strings/es.yml, one `key: text` line per "
            "string, in place of the folder",
            id="es.yml-folder",
        ),
        pytest.param(
            {"strings/ES.yaml/home.yml": "home: Casa\n"},
            "strings/ES.yaml/: error: strings/ES.yaml/ is a folder, not a file: recordhub reads "
            "no strings from it\n"
            "  hint: put the strings in a file named strings/es.yml, one `key: text` line per "
            "string, in place of the folder",
            id="ES.yaml-folder",
        ),
        pytest.param(
            {"strings/es/main.yml": "home: Casa\n"},
            "strings/es/: error: found the folder strings/es/: recordhub reads the es strings "
            "from one file\n"
            "  hint: put the strings of its files in one file, strings/es.yml, one `key: text` "
            "line per string, and remove the folder",
            id="rails-folder",
        ),
        pytest.param(
            {"strings/es/main.yml": "home: Casa\n", "strings/es.yml": "search: Buscar\n"},
            "strings/es/: error: found the folder strings/es/: recordhub reads the es strings "
            "from one file\n"
            "  hint: move the strings of its files into strings/es.yml and remove the folder",
            id="rails-folder-beside-the-file",
        ),
        pytest.param(
            {"strings/old/es.yml": "home: Casa\n"},
            "strings/old/: warning: found the folder strings/old/, whose files recordhub does "
            "not read\n"
            "  hint: strings files are strings/<code>.yml, one per language: move the folder out",
            id="other-folder",
        ),
    ],
)
def test_a_folder_in_strings_is_told_with_the_one_file_to_write(
    tmp_path: Path, files: dict[str, str], expected: str
) -> None:
    files = {**PAGES, "content/about.es.md": "---\ntitle: Acerca\n---\nTexto.\n", **files}
    hub = make_site(tmp_path / "hub", files, SITE_YML + LANGUAGES)
    run = run_cli("-C", hub, "check")
    told = [line for line in run.err.splitlines() if line.startswith("strings/")]
    assert told == [expected.split("\n")[0]], run.err
    assert expected + "\n" in run.err
    assert run.code == (1 if ": error: " in expected else 0)


def test_a_hidden_or_empty_folder_in_strings_is_not_told(tmp_path: Path) -> None:
    files = {**PAGES, "strings/.git/config": "[core]\n", "strings/es.yml": "home: Inicio\n"}
    hub = make_site(tmp_path / "hub", files, SITE_YML + LANGUAGES)
    (hub / "strings/drafts").mkdir()
    run = run_cli("-C", hub, "check", "--strict")
    assert run.code == 0, run.err
    assert warnings_in(run.err) == []


def test_a_key_no_template_uses_is_told_though_its_text_is_empty_or_null(tmp_path: Path) -> None:
    files = {**PAGES, "strings/es.yml": "homee:\nbogus: ~\nsearch: Buscar\n"}
    hub = make_site(tmp_path / "hub", files, SITE_YML + LANGUAGES)
    run = run_cli("-C", hub, "check")
    assert run.code == 0, run.err
    assert warnings_in(run.err) == [
        "strings/es.yml:1:1: warning: the theme uses no string 'homee'",
        "strings/es.yml:2:1: warning: the theme uses no string 'bogus'",
    ]
    assert "  hint: did you mean 'home'? Rename the key to it, or remove it\n" in run.err
    assert (
        "  hint: check the key's spelling against the theme's strings/en.yml, or remove it\n"
    ) in run.err


@pytest.mark.parametrize("written", ["~", ""])
def test_a_string_only_the_hub_gives_left_null_is_told_so_where_a_template_asks_for_it(
    tmp_path: Path, written: str
) -> None:
    files = {
        **PAGES,
        "templates/page.html": PRESS_PAGE,
        "strings/en.yml": f"press_intro: {written}\npress_hours: 9 to 5\n",
    }
    hub = make_site(tmp_path / "hub", files)
    run = run_cli("-C", hub, "build", "--no-search", "-o", tmp_path / "out")
    assert run.code == 1
    assert [line for line in run.err.splitlines() if ": error: " in line] == [
        "templates/page.html:3: error: the string 'press_intro' is given no text: write its "
        "text after press_intro: in strings/en.yml"
    ]
