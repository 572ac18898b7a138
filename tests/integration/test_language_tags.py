"""Language tags as BCP 47 has them: a regional variant speaks its language's theme strings, a
language is written in its own direction unless site.yml says otherwise, and case is ignored."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import quote

from hubtest import make_site, run_cli


def _site(*languages: str) -> str:
    listed = "".join(f"  - {entry}\n" for entry in languages)
    return f"title: T\nbase_url: https://hub.example/\nlanguage: en\nlanguages:\n{listed}"


def _pages(*codes: str) -> dict[str, str]:
    files = {
        "content/_index.md": "---\ntitle: Home\n---\nHi.\n",
        "content/about.md": "---\ntitle: About\n---\nHi.\n",
    }
    for code in codes:
        files[f"content/about.{code}.md"] = "---\ntitle: Otra\n---\nText.\n"
    return files


def _html(out: Path, rel: str) -> str:
    return (out / rel).read_text(encoding="utf-8")


def _skip_link(html: str) -> str:
    found = re.search(r'class="skip-link" href="#main">(.*?)</a>', html)
    assert found is not None
    return found[1]


def test_a_regional_variant_speaks_its_languages_theme_strings(tmp_path: Path) -> None:
    hub = make_site(
        tmp_path / "hub",
        _pages("es-MX", "ar-EG"),
        _site(
            "{code: en, name: English}", "{code: es-MX, name: Español}", "{code: ar-EG, name: ع}"
        ),
    )
    run = run_cli("-C", hub, "build", "--no-search", "-o", tmp_path / "out")
    assert run.code == 0, run.err
    assert "no 'es-MX' text" not in run.err and "no 'ar-EG' text" not in run.err
    assert _skip_link(_html(tmp_path / "out", "es-MX/about/index.html")) == "Ir al contenido"
    assert _skip_link(_html(tmp_path / "out", "ar-EG/about/index.html")) == ("الانتقال إلى المحتوى")


def test_the_hubs_strings_of_a_language_and_of_its_variant_both_apply(tmp_path: Path) -> None:
    files = {
        **_pages("es", "es-MX"),
        "strings/es.yml": "skip_to_content: Saltar al texto\ncontact: Escríbanos\n",
        "strings/es-MX.yml": "contact: Contáctenos\n",
    }
    site = _site("{code: en, name: English}", "{code: es, name: Es}", "{code: es-MX, name: Mx}")
    hub = make_site(tmp_path / "hub", files, site + "contact: {press: press@hub.example}\n")
    run = run_cli("-C", hub, "build", "--no-search", "-o", tmp_path / "out")
    assert run.code == 0, run.err
    mexican = _html(tmp_path / "out", "es-MX/about/index.html")
    assert _skip_link(mexican) == "Saltar al texto"  # the hub's es, where es-MX says nothing
    assert "Contáctenos" in mexican and "Escríbanos" not in mexican
    assert "Escríbanos" in _html(tmp_path / "out", "es/about/index.html")


def test_a_default_language_with_a_region_is_not_told_it_lacks_strings(tmp_path: Path) -> None:
    site = "title: T\nbase_url: https://hub.example/\nlanguage: es-MX\n"
    site += "languages:\n  - {code: es-MX, name: Español}\n"
    hub = make_site(tmp_path / "hub", _pages(), site)
    run = run_cli("-C", hub, "build", "--no-search", "-o", tmp_path / "out")
    assert run.code == 0, run.err
    assert "warning" not in run.err
    assert _skip_link(_html(tmp_path / "out", "about/index.html")) == "Ir al contenido"


def test_a_right_to_left_language_without_dir_is_written_right_to_left(tmp_path: Path) -> None:
    site = _site(
        "{code: en, name: English}",
        "{code: he, name: עברית}",
        "{code: fa, name: فارسی}",
        "{code: ar-EG, name: ع}",
        "{code: ur, name: اردو, dir: ltr}",  # what site.yml says wins
    )
    hub = make_site(tmp_path / "hub", _pages("he", "fa", "ar-EG", "ur"), site)
    run = run_cli("-C", hub, "build", "--no-search", "-o", tmp_path / "out")
    assert run.code == 0, run.err
    for code, direction in (("he", "rtl"), ("fa", "rtl"), ("ar-EG", "rtl"), ("ur", "ltr")):
        html = _html(tmp_path / "out", f"{code}/about/index.html")
        assert f'<html lang="{code}" dir="{direction}">' in html
    english = _html(tmp_path / "out", "about/index.html")
    assert '<html lang="en" dir="ltr">' in english
    # the language switcher marks each name with its direction too
    assert 'hreflang="he" lang="he" dir="rtl"' in english


def test_codes_that_differ_only_in_case_are_one_language_listed_twice(tmp_path: Path) -> None:
    site = _site("{code: en, name: English}", "{code: pt-BR, name: P}", "{code: pt-br, name: p}")
    hub = make_site(tmp_path / "hub", _pages(), site)
    run = run_cli("-C", hub, "build", "--no-search", "-o", tmp_path / "out")
    assert run.code == 2  # site.yml is wrong: nothing is read beyond it
    assert (
        "site.yml:7:12: error: language 'pt-br' is listed twice: it is 'pt-BR', as tags ignore "
        "case\n  hint: remove the duplicate entry" in run.err
    )
    assert not (tmp_path / "out").exists()


def test_a_file_named_with_a_declared_code_in_other_case_is_told_the_spelling(
    tmp_path: Path,
) -> None:
    site = _site("{code: en, name: English}", "{code: pt-BR, name: P}")
    hub = make_site(tmp_path / "hub", _pages("pt-br"), site)
    run = run_cli("-C", hub, "build", "--no-search", "-o", tmp_path / "out")
    assert run.code == 1
    assert (
        "content/about.pt-br.md: error: translation into 'pt-br', which site.yml writes 'pt-BR'\n"
        "  hint: rename the file content/about.pt-BR.md" in run.err
    )
    assert "add {code: pt-br" not in run.err


def test_a_file_named_with_an_underscore_for_a_declared_code_is_told_the_spelling(
    tmp_path: Path,
) -> None:
    site = _site("{code: en, name: English}", "{code: pt-BR, name: P}")
    files = {
        **_pages("pt_br"),
        # an underscore in a name that is no language of the hub is a name like any other
        "content/report.de_facto.md": "---\ntitle: Report\n---\nText.\n",
    }
    hub = make_site(tmp_path / "hub", files, site)
    run = run_cli("-C", hub, "build", "--no-search", "-o", tmp_path / "out")
    assert run.code == 1
    assert [line for line in run.err.splitlines() if ": error: " in line] == [
        "content/about.pt_br.md: error: translation into 'pt_br', which site.yml writes 'pt-BR'"
    ]
    assert "  hint: rename the file content/about.pt-BR.md\n" in run.err
    assert not (tmp_path / "out").exists()


def test_a_file_named_for_an_undeclared_region_with_an_underscore_is_told(
    tmp_path: Path,
) -> None:
    # es_ES, as gettext and Rails name a locale: a Spanish page, not an English one at
    # /about.es_es/; report.de_facto.md, de_419 aside, names no region
    site = _site("{code: en, name: English}", "{code: es, name: Español}", "{code: de, name: D}")
    files = {
        **_pages("es_ES", "de_419", "fr_FR"),
        "content/_index.es.md": "---\ntitle: Inicio\n---\nHola.\n",
        "content/_index.de.md": "---\ntitle: Start\n---\nHallo.\n",
        "content/report.de_facto.md": "---\ntitle: Report\n---\nText.\n",
    }
    hub = make_site(tmp_path / "hub", files, site)
    run = run_cli("-C", hub, "build", "--no-search", "-o", tmp_path / "out")
    assert run.code == 1
    lines = run.err.splitlines()
    told = [line for n, line in enumerate(lines) if ": error: " in f"{line} {lines[n - 1]}"]
    assert told == [
        "content/about.de_419.md: error: translation into 'de_419', a region of de that "
        "site.yml does not declare",
        "  hint: rename the file content/about.de.md, or add {code: de-419, name: ...} to "
        "languages in site.yml",
        "content/about.es_ES.md: error: translation into 'es_ES', a region of es that "
        "site.yml does not declare",
        "  hint: rename the file content/about.es.md, or add {code: es-ES, name: ...} to "
        "languages in site.yml",
        "content/about.fr_FR.md: error: translation into 'fr_FR', a language that site.yml "
        "does not declare",
        "  hint: add {code: fr-FR, name: ...} to languages in site.yml (declared: en, es, de), "
        "or rename the file",
    ]


def test_a_file_named_for_the_default_language_beside_its_page_is_one_error(
    tmp_path: Path,
) -> None:
    site = _site("{code: en, name: English}", "{code: es, name: Español}") + (
        "menu:\n  - {title: About, url: about.md}\n"
    )
    files = {
        **_pages("es"),
        "content/about.md": "---\ntitle: About\ntags: [privacy]\n---\nHi.\n",
        "content/about.en.md": "---\ntitle: About, again\n---\nHi.\n",
    }
    hub = make_site(tmp_path / "hub", files, site)
    run = run_cli("-C", hub, "build", "--no-search", "-o", tmp_path / "out")
    assert run.code == 1
    # about.md stays the English page: its menu entry and its topic are not told missing
    assert [line for line in run.err.splitlines() if ": error: " in line] == [
        "content/about.en.md: error: maps to the same URL /about/ as content/about.md"
    ]
    assert "  hint: content/about.md is the en page: keep one of the two\n" in run.err


def test_a_translation_whose_original_is_gone_is_noticed(tmp_path: Path) -> None:
    files = {
        "content/_index.md": "---\ntitle: Home\n---\nHi.\n",
        "content/about-us.md": "---\ntitle: About\n---\nHi.\n",  # renamed from about.md
        "content/about.es.md": "---\ntitle: Acerca\n---\nHola.\n",
        "content/keyed.es.md": "---\ntitle: Clave\ntranslation_key: gone\n---\nHola.\n",
        # a page in Spanish alone, by its front matter: as meant, nothing to tell
        "content/solo.md": "---\ntitle: Solo\nlang: es\n---\nHola.\n",
    }
    site = _site("{code: en, name: English}", "{code: es, name: Español}")
    hub = make_site(tmp_path / "hub", files, site)
    run = run_cli("-C", hub, "build", "--no-search", "-o", tmp_path / "out")
    assert run.code == 0, run.err
    notices = [line for line in run.err.splitlines() if ": notice: " in line]
    assert notices == [
        "content/about.es.md: notice: no original: there is no content/about.md, so this es "
        "page is published on its own and is never told it is stale",
        "content/keyed.es.md:3:18: notice: no original: no en page has translation_key 'gone', "
        "so this es page is published on its own and is never told it is stale",
    ]
    assert (
        "  hint: if the original was renamed, rename this file with it, or give both one "
        "translation_key; if the page is only in es, this is as meant" in run.err
    )
    assert (
        "  hint: give the original the same translation_key; if the page is only in es, this is "
        "as meant" in run.err
    )
    assert (tmp_path / "out/es/about/index.html").is_file()  # still published


def test_a_translation_whose_original_has_errors_is_not_said_to_have_none(
    tmp_path: Path,
) -> None:
    # the original is there: its own error is told, not "there is no content/about.md"
    files = {
        "content/_index.md": "---\ntitle: Home\n---\nHi.\n",
        "content/about.md": "---\ntitle: About\ndate: soon\n---\nHi.\n",
        "content/about.es.md": "---\ntitle: Acerca\n---\nHola.\n",
    }
    site = _site("{code: en, name: English}", "{code: es, name: Español}")
    hub = make_site(tmp_path / "hub", files, site)
    run = run_cli("-C", hub, "build", "--no-search", "-o", tmp_path / "out")
    assert run.code == 1
    assert [line for line in run.err.splitlines() if line.startswith("content/")] == [
        "content/about.md:3:7: error: 'date' is not a valid date: soon"
    ]


def test_a_translation_key_that_no_original_has_is_told_where_and_the_one_meant(
    tmp_path: Path,
) -> None:
    files = {
        "content/_index.md": "---\ntitle: Home\n---\nHi.\n",
        "content/about.md": "---\ntitle: About\ntranslation_key: about-us\n---\nHi.\n",
        "content/sobre.md": "---\ntitle: Acerca\nlang: es\ntranslation_key: about_us\n---\nHola.\n",
    }
    site = _site("{code: en, name: English}", "{code: es, name: Español}")
    hub = make_site(tmp_path / "hub", files, site)
    run = run_cli("-C", hub, "build", "--no-search", "-o", tmp_path / "out")
    assert run.code == 0, run.err
    assert (
        "content/sobre.md:4:18: notice: no original: no en page has translation_key 'about_us', "
        "so this es page is published on its own and is never told it is stale\n"
        "  hint: did you mean 'about-us'? If not, give the original the same translation_key; "
        "if the page is only in es, this is as meant\n"
    ) in run.err


def test_a_section_translated_under_a_translation_key_no_original_has_is_noticed(
    tmp_path: Path,
) -> None:
    index = "---\ntitle: {title}\n{more}translation_key: {key}\n---\n"
    files = {
        "content/_index.md": "---\ntitle: Home\n---\nHi.\n",
        "content/faq/_index.md": index.format(title="FAQ", more="", key="faq"),
        "content/faq/help.md": "---\ntitle: Help\n---\nHi.\n",
        "content/preguntas/_index.md": index.format(
            title="Preguntas", more="lang: es\n", key="fqa"
        ),
    }
    site = _site("{code: en, name: English}", "{code: es, name: Español}")
    hub = make_site(tmp_path / "hub", files, site)
    run = run_cli("-C", hub, "build", "--no-search", "-o", tmp_path / "out")
    assert run.code == 0, run.err
    assert (
        "content/preguntas/_index.md:4:18: notice: no original: no en page has translation_key "
        "'fqa', so this es page is published on its own and is never told it is stale\n"
        "  hint: did you mean 'faq'? If not, give the original the same translation_key; if the "
        "page is only in es, this is as meant\n"
    ) in run.err


def test_the_title_and_copyright_may_be_given_per_language(tmp_path: Path) -> None:
    site = (
        "title: {en: Example Facts, es: Datos de Example}\nbase_url: https://hub.example/\n"
        "copyright: {en: © 2026 Example Co., es: © 2026 Example Co. Todos los derechos.}\n"
        "languages:\n  - {code: en, name: English}\n  - {code: es, name: Español}\n"
        "  - {code: ar, name: العربية}\n"
    )
    statement = "---\ntitle: {t}\ntype: statement\ndate: 2026-01-05\n---\nText.\n"
    files = {
        **_pages("es", "ar"),
        "content/said.md": statement.format(t="Said"),
        "content/said.es.md": statement.format(t="Dicho"),
    }
    hub = make_site(tmp_path / "hub", files, site)
    run = run_cli("-C", hub, "build", "--no-search", "-o", tmp_path / "out")
    assert run.code == 0, run.err
    out = tmp_path / "out"
    spanish = _html(out, "es/about/index.html")
    assert "<title>Otra \u2013 Datos de Example</title>" in spanish
    assert '<meta property="og:site_name" content="Datos de Example">' in spanish
    assert '<p class="site-footer__copyright">© 2026 Example Co. Todos los derechos.</p>' in spanish
    english = _html(out, "about/index.html")
    assert "<title>About \u2013 Example Facts</title>" in english
    assert '<p class="site-footer__copyright">© 2026 Example Co.</p>' in english
    # Arabic has neither: the default language's, said as English
    arabic = _html(out, "ar/about/index.html")
    assert "<title>Otra \u2013 Example Facts</title>" in arabic
    assert '<span lang="en" dir="ltr">© 2026 Example Co.</span>' in arabic
    assert '<span class="brand__name" lang="en" dir="ltr">Example Facts</span>' in arabic
    assert '<span class="brand__name">Datos de Example</span>' in spanish
    # the Spanish home page the build makes (no _index.es.md) is titled in Spanish too
    assert '<h1 class="hero__title">Datos de Example</h1>' in _html(out, "es/index.html")
    assert '"name":"Datos de Example"' in spanish  # its breadcrumb
    assert '<h1 class="hero__title"><span lang="en" dir="ltr">Example Facts</span></h1>' in _html(
        out, "ar/index.html"
    )
    feed = (out / "es/statements/feed.xml").read_text("utf-8")
    assert "<title>Datos de Example: Declaraciones</title>" in feed


def test_a_title_for_a_language_the_hub_does_not_have_is_an_error(tmp_path: Path) -> None:
    site = "title: {en: Facts, fr: Faits}\nbase_url: https://hub.example/\n"
    hub = make_site(tmp_path / "hub", _pages(), site)
    run = run_cli("-C", hub, "build", "--no-search", "-o", tmp_path / "out")
    assert run.code == 2
    assert (
        "site.yml:1:20: error: title has a text for 'fr', which is not a language of the hub"
        in run.err
    )


def test_a_script_variant_does_not_speak_the_strings_of_another_script(tmp_path: Path) -> None:
    site = _site(
        "{code: en, name: English}", "{code: zh, name: 中文}", "{code: zh-Hant, name: 繁體}"
    )
    files = {
        **_pages("zh", "zh-Hant"),
        "strings/zh.yml": "skip_to_content: 跳到内容\n",  # Simplified
        "strings/zh-Hant.yml": "contact: 聯絡\n",
    }
    hub = make_site(tmp_path / "hub", files, site)
    run = run_cli("-C", hub, "build", "--no-search", "-o", tmp_path / "out")
    assert run.code == 0, run.err
    # zh-Hant is not zh narrowed, as es-MX is es: it says what it lacks, and shows English
    shown = _skip_link(_html(tmp_path / "out", "zh-Hant/about/index.html"))
    assert shown == '<span lang="en">Skip to content</span>'
    assert "no 'zh-Hant' text for the theme string 'skip_to_content'" in run.err
    assert _skip_link(_html(tmp_path / "out", "zh/about/index.html")) == "跳到内容"


def test_a_tag_that_names_its_script_is_written_in_that_scripts_direction(
    tmp_path: Path,
) -> None:
    site = _site(
        "{code: en, name: English}", "{code: ar-Latn, name: A}", "{code: pa-Arab, name: P}"
    )
    hub = make_site(tmp_path / "hub", _pages("ar-Latn", "pa-Arab"), site)
    run = run_cli("-C", hub, "build", "--no-search", "-o", tmp_path / "out")
    assert run.code == 0, run.err
    assert '<html lang="ar-Latn" dir="ltr">' in _html(tmp_path / "out", "ar-Latn/about/index.html")
    assert '<html lang="pa-Arab" dir="rtl">' in _html(tmp_path / "out", "pa-Arab/about/index.html")


def test_a_lang_field_in_another_case_is_the_declared_language(tmp_path: Path) -> None:
    site = _site("{code: en, name: English}", "{code: pt-BR, name: P}")
    files = {
        **_pages("pt-BR"),
        "content/nota.md": "---\ntitle: Nota\nlang: PT-br\n---\nTexto.\n",
        "content/sobre.pt-BR.md": "---\ntitle: Sobre\nlang: pt-br\n---\nTexto.\n",
    }
    hub = make_site(tmp_path / "hub", files, site)
    run = run_cli("-C", hub, "build", "--no-search", "-o", tmp_path / "out")
    assert run.code == 0, run.err  # tags ignore case (BCP 47): no second language to declare
    assert "not declared" not in run.err and "file name says" not in run.err
    page = _html(tmp_path / "out", "pt-BR/nota/index.html")
    assert '<html lang="pt-BR" dir="ltr">' in page
    assert 'href="/pt-BR/"' in page  # its home, in the language's own folder
    assert '<html lang="pt-BR"' in _html(tmp_path / "out", "pt-BR/sobre/index.html")
    assert not (tmp_path / "out" / "pt-br").exists()


def test_a_lang_field_with_an_underscore_is_told_the_tag_to_write(tmp_path: Path) -> None:
    site = _site("{code: en, name: English}", "{code: pt-BR, name: P}")
    files = {
        **_pages("pt-BR"),
        "content/nota.md": "---\ntitle: Nota\nlang: pt_br\n---\nTexto.\n",
        "content/aviso.md": "---\ntitle: Aviso\nlang: es_mx\n---\nTexto.\n",
    }
    hub = make_site(tmp_path / "hub", files, site)
    run = run_cli("-C", hub, "build", "--no-search", "-o", tmp_path / "out")
    assert run.code == 1, run.err
    # site.yml takes no pt_br as a tag: the hint gives the tag it has, or one it would take
    assert (
        "content/aviso.md:3:7: error: language 'es_mx' is not declared in site.yml\n"
        "  hint: add {code: es-MX, name: Español (México)} to languages in site.yml, or use one "
        "of: en, pt-BR\n"
        "content/nota.md:3:7: error: language 'pt_br' is not declared in site.yml\n"
        "  hint: site.yml declares it as 'pt-BR': write lang: pt-BR\n"
    ) in run.err
    assert "Build failed: 2 errors, " in run.err  # and nothing more of either page


def test_a_country_code_given_as_a_language_is_told_its_language(tmp_path: Path) -> None:
    site = _site(
        "{code: en, name: English}",
        "{code: jp, name: 日本語}",
        "{code: sp, name: Español}",
        "{code: iw, name: עברית}",
        "{code: tlh, name: tlhIngan Hol}",
    )
    hub = make_site(tmp_path / "hub", _pages("jp"), site)
    run = run_cli("-C", hub, "check")
    # its pages said lang="jp" and were dated "January 6, 2026", with no word of why
    assert (
        "site.yml:6:12: warning: 'jp' is not a language code: its pages are dated in English, "
        "and browsers, screen readers and search engines do not read them as any language\n"
        "  hint: 'jp' is the country code of Japan; Japanese is ja: write code: ja"
    ) in run.err
    assert (
        "site.yml:7:12: warning: 'sp' is not a language code: its pages are dated in English, "
        "and browsers, screen readers and search engines do not read them as any language\n"
        "  hint: write the language's code (ISO 639-1), e.g. en, es, ar, pt-BR"
    ) in run.err
    # an old code Babel still reads (Hebrew's), and a language with no locale data, are codes
    assert "'iw' is not" not in run.err and "'tlh' is not" not in run.err
    assert run.code == 0
    strict = run_cli("-C", hub, "build", "--strict", "--no-search", "-o", tmp_path / "out")
    assert strict.code == 1 and not (tmp_path / "out").exists()


def test_a_language_with_no_page_yet_is_noticed(tmp_path: Path) -> None:
    site = _site("{code: en, name: English}", "{code: fr, name: F}", "{code: es, name: E}")
    hub = make_site(tmp_path / "hub", _pages("es"), site)
    run = run_cli("-C", hub, "build", "--no-search", "-o", tmp_path / "out")
    assert run.code == 0, run.err
    # /fr/ was a 404 and no switcher offered French, after a build that said nothing of it
    assert not (tmp_path / "out" / "fr").exists()
    assert (
        "site.yml:6:12: notice: language 'fr' has no page yet, so nothing is published under "
        "/fr/\n  hint: write a translation beside its page (about.fr.md beside about.md; "
        "content/_index.fr.md for the home page), or leave 'fr' out until then"
    ) in run.err
    assert "'es'" not in run.err and "'en'" not in run.err


def test_a_part_of_a_page_marked_with_an_unknown_lang_or_dir_is_told_where(
    tmp_path: Path,
) -> None:
    body = (
        "---\ntitle: Quotes\n---\n"
        '<p lang="ar" dir="right">نص</p>\n\n'  # line 4
        "A quote.\n"
        "{: lang=en_US dir=rtl }\n\n"  # line 7
        '<span lang="zh-Hant" dir="auto">字</span> and <span lang="">x</span> and '
        '<span dir="RTL">y</span>, `<b dir="x">` in code.\n'
    )
    files = {"content/_index.md": "---\ntitle: Home\n---\nHi.\n", "content/quotes.md": body}
    hub = make_site(tmp_path / "hub", files, _site("{code: en, name: English}"))
    run = run_cli("-C", hub, "build", "--no-search", "-o", tmp_path / "out")
    assert run.code == 0, run.err
    told = [line for line in run.err.splitlines() if line.startswith(("content/", "  hint"))]
    assert told == [
        'content/quotes.md:4:14: warning: dir="right" is no direction: browsers ignore it',
        '  hint: write dir="rtl" (right to left), dir="ltr" or dir="auto"',
        'content/quotes.md:7:4: warning: lang="en_US" is no language tag: it is read in the '
        "page's language",
        "  hint: write a language tag such as en, ar, zh-Hant or pt-BR (hyphens, not _)",
    ]


# --- words a page shows in another language ------------------------------------------------------

MARKED_PAGE = (
    '{% extends "base.html" %}\n'
    "{% block content %}\n"
    '<p class=intro title="{{ t(\'press_intro\') }}">{{ t("press_intro") }}</p>\n'
    "<a class=share href=\"mailto:press@hub.example?subject={{ t('press_intro')|urlencode }}\">"
    "x</a>\n"
    '<script type="application/json" id=labels>{{ {"intro": t("press_intro")}|tojson }}</script>\n'
    '<svg class=badge viewBox="0 0 80 20"><text x="4" y="14">{{ t("press_intro") }}</text></svg>\n'
    "<p data-x='a>b' title=\"{{ t('press_intro') }}\">x</p>\n"
    "{{ page.content }}\n"
    "{% endblock %}\n"
)


def _outputs(out: Path) -> dict[str, str]:
    return {
        path.relative_to(out).as_posix(): path.read_text(encoding="utf-8", errors="replace")
        for path in sorted(out.rglob("*"))
        if path.is_file() and path.suffix in (".html", ".xml", ".json", ".txt")
    }


def _marked(out: Path) -> list[str]:
    """The written files that still hold a mark of a fallback word (a noncharacter)."""
    return [rel for rel, text in _outputs(out).items() if re.search("[\ufdd0-\ufdef]", text)]


def test_a_word_in_the_theme_s_english_is_marked_as_english_where_it_stands_in_text(
    tmp_path: Path,
) -> None:
    # the theme has no French: every word but the hub's own `home` is the theme's English
    files = {**_pages("fr", "es"), "strings/fr.yml": "home: Accueil\n"}
    site = _site("{code: en, name: English}", "{code: es, name: Es}", "{code: fr, name: Fr}")
    hub = make_site(tmp_path / "hub", files, site)
    run = run_cli("-C", hub, "build", "--no-search", "-o", tmp_path / "out")
    assert run.code == 0, run.err
    html = _html(tmp_path / "out", "fr/about/index.html")
    assert '<a class="skip-link" href="#main"><span lang="en">Skip to content</span></a>' in html
    assert '<li class="breadcrumbs__item"><a href="/fr/">Accueil</a></li>' in html  # its own
    # no markup can go in an attribute: the word stays plain there
    assert '<nav class="breadcrumbs" aria-label="Breadcrumb">' in html
    missing = _html(tmp_path / "out", "fr/404.html")
    assert '<h1 class="page-title"><span lang="en">Page not found</span></h1>' in missing
    assert "<title>Page not found \u2013 T</title>" in missing  # a title shows a tag as text
    assert '<meta property="og:title" content="Page not found">' in missing
    # a language with all its words is as it was
    spanish = _html(tmp_path / "out", "es/about/index.html")
    assert '<a class="skip-link" href="#main">Ir al contenido</a>' in spanish
    assert "<span lang=" not in spanish
    # the marks the build puts around such a word are left in no file
    assert _marked(tmp_path / "out") == []


def test_a_word_of_another_direction_is_marked_with_its_dir_and_plain_in_a_script(
    tmp_path: Path,
) -> None:
    # an Arabic page shows the hub's English word; a French one, Arabic (the default) words
    files = {
        "content/_index.md": "---\ntitle: الرئيسية\n---\nHi.\n",
        "content/about.md": "---\ntitle: حول\n---\nHi.\n",
        "content/about.en.md": "---\ntitle: About\n---\nHi.\n",
        "content/about.fr.md": "---\ntitle: À propos\n---\nHi.\n",
        "templates/page.html": MARKED_PAGE,
        "strings/en.yml": "press_intro: Write to us\n",
        "strings/ar.yml": "press_intro: راسلونا\n",
        "strings/fr.yml": "home: Accueil\n",
    }
    languages = "{code: ar, name: ع}", "{code: en, name: English}", "{code: fr, name: Fr}"
    site = _site(*languages).replace("language: en", "language: ar")
    hub = make_site(tmp_path / "hub", files, site)
    run = run_cli("-C", hub, "build", "--no-search", "-o", tmp_path / "out")
    assert run.code == 0, run.err
    french = _html(tmp_path / "out", "fr/about/index.html")
    skip = '<span lang="ar" dir="rtl">الانتقال إلى المحتوى</span>'
    assert f'<a class="skip-link" href="#main">{skip}</a>' in french
    assert '<p class=intro title="راسلونا"><span lang="ar" dir="rtl">راسلونا</span></p>' in french
    subject = quote("راسلونا")  # in an address too, the plain word
    assert f'<a class=share href="mailto:press@hub.example?subject={subject}">x</a>' in french
    assert '<script type="application/json" id=labels>{"intro": "\\u0631' in french
    # in a drawing, where a <span> would end the drawing; and after a > in a quoted value
    assert '<text x="4" y="14">راسلونا</text></svg>' in french
    assert "<p data-x='a>b' title=\"راسلونا\">x</p>" in french
    english = _html(tmp_path / "out", "en/about/index.html")
    assert '<p class=intro title="Write to us">Write to us</p>' in english  # its own word
    assert '{"intro": "Write to us"}</script>' in english
    assert _marked(tmp_path / "out") == []


CLAIM = (
    "---\ntitle: Sold\ntype: claim\nclaim: It sells\nverdict: {verdict}\nfact: No.\n"
    "claim_review: true\n---\nText.\n"
)


def test_a_verdict_label_in_another_language_is_marked_on_the_claim_and_in_lists(
    tmp_path: Path,
) -> None:
    # French has no theme words, so the theme's English label; site.yml's own verdict has no
    # Spanish label, so site.yml's (English) one
    files = {
        **_pages(),
        "content/sold.fr.md": CLAIM.format(verdict='"false"'),
        "content/_index.es.md": "---\ntitle: Inicio\n---\nHola.\n",
    }
    site = _site("{code: en, name: English}", "{code: es, name: Es}", "{code: fr, name: Fr}")
    hub = make_site(tmp_path / "hub", files, site)
    run = run_cli("-C", hub, "build", "--no-search", "-o", tmp_path / "out")
    assert run.code == 0, run.err
    french = _html(tmp_path / "out", "fr/sold/index.html")
    assert '<span class="verdict__label"><span lang="en">False</span></span>' in french
    assert '"alternateName":"False"' in french  # the page's data: plain
    verdicts = 'verdicts:\n  "false": "False"\n  partly: Partly true\n'
    mixed = {"content/mixed.es.md": CLAIM.format(verdict="partly")}
    hub = make_site(tmp_path / "hub", mixed, site + verdicts)
    run = run_cli("-C", hub, "build", "--no-search", "-o", tmp_path / "out")
    assert run.code == 0, run.err
    assert "no 'es' text for 'verdict_partly'; site.yml's label 'Partly true' is shown" in run.err
    spanish = _html(tmp_path / "out", "es/mixed/index.html")
    assert '<span class="verdict__label"><span lang="en">Partly true</span></span>' in spanish
    home = _html(tmp_path / "out", "es/index.html")  # its card in the Spanish list
    assert '<span class="verdict__label"><span lang="en">Partly true</span></span>' in home
    assert _marked(tmp_path / "out") == []
