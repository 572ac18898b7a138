"""Multi-language hubs: URLs per language, translations, per-language listings, menus, topics,
feeds and corrections, the language switcher, hreflang, theme strings, dates, right-to-left
pages, stale translations, and the diagnostics for bad input.

Most tests read one small hub in English (the default), Spanish and Arabic, built once for the
module; the tests that need another site.yml or a broken file write a hub of their own.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit
from xml.etree import ElementTree as ET

import feedparser
import pytest

from hubtest import Run, make_site, run_cli, tree

PROJECT = Path(__file__).resolve().parents[2]
BASE_URL = "https://hub.example/"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"
ATOM = "{http://www.w3.org/2005/Atom}"

LANGUAGES = """\
languages:
  - {code: en, name: English}
  - {code: es, name: Español}
  - {code: ar, name: العربية, dir: rtl}
"""
SITE = f"""\
title: Test Hub
base_url: {BASE_URL}
organization: {{name: Example Co}}
contact: {{press: press@hub.example, security: security@hub.example}}
{LANGUAGES}"""
MENU = """\
menu:
  - title: {en: About, es: Acerca de, ar: حول}
    url: about.md
  - title: {en: Claims, es: Afirmaciones, ar: ادعاءات}
    url: claims/_index.md
  - title: {en: Press, es: Prensa, ar: الصحافة}
    url: press.md
"""


def md(title: str, body: str = "Text.", **fields: str) -> str:
    """A Markdown page: front matter (title plus fields, written as given) and a body."""
    lines = [f"title: {title}", *(f"{key}: {value}" for key, value in fields.items())]
    return "---\n" + "\n".join(lines) + "\n---\n" + body + "\n"


def claim(title: str, **fields: str) -> str:
    return md(
        title, claim="Lumiclip sells user data", verdict='"false"', fact="It does not.", **fields
    )


# The shared hub. about: en, es, ar by file name. press: en and es, its ar version a draft.
# team: English only. claims: en "sold" with an es translation under another file name (same
# translation_key) and an ar one by file name; an English-only claim. Statements: one in all
# three languages, one English only. One correction in English, one clarification in Spanish.
HUB = {
    "content/_index.md": md("Home", "Welcome."),
    "content/_index.es.md": md("Inicio", "Bienvenido."),
    "content/_index.ar.md": md("الرئيسية", "مرحبا."),
    "content/about.md": md("About us", "Who we are.", date="2026-11-28"),
    "content/about.es.md": md("Sobre nosotros", "Quiénes somos.", date="2026-11-28"),
    "content/about.ar.md": md("من نحن", "من نحن.", date="2026-11-28"),
    "content/press.md": md("Press room", date="2026-10-01"),
    "content/press.es.md": md("Sala de prensa", date="2026-10-01"),
    "content/press.ar.md": md("غرفة الصحافة", date="2026-10-01", draft="true"),
    "content/team.md": md("Our team", date="2026-10-01"),
    "content/claims/_index.md": md("Claims", cascade="{type: claim}"),
    "content/claims/_index.es.md": md("Afirmaciones"),
    "content/claims/_index.ar.md": md("ادعاءات"),
    "content/claims/sold.md": claim(
        "Lumiclip does not sell data",
        translation_key="data-sold",
        date="2026-01-10",
        tags="[privacy]",
        changelog="\n  - {date: 2026-11-20, kind: correction, note: Fixed the English figure.}",
    ),
    "content/claims/vendidos.es.md": claim(
        "Lumiclip no vende datos",
        translation_key="data-sold",
        date="2026-01-10",
        tags="[privacidad]",
        changelog="\n  - {date: 2026-11-21, kind: clarification, note: Aclaración en español.}",
    ),
    "content/claims/sold.ar.md": claim(
        "Lumiclip لا تبيع البيانات",
        translation_key="data-sold",
        date="2026-01-10",
        tags="[privacy]",
        # the English correction, carried over: without it, the translation would be stale
        changelog="\n  - {date: 2026-11-22, kind: update, note: Carried over the correction.}",
    ),
    "content/claims/only-english.md": claim("An English-only claim", date="2026-02-01"),
    "content/statements/_index.md": md("Statements", cascade="{type: statement}"),
    "content/statements/_index.es.md": md("Declaraciones"),
    "content/statements/_index.ar.md": md("التصريحات"),
    "content/statements/launch.md": md("Launch statement", "We launched.", date="2026-11-28"),
    "content/statements/launch.es.md": md("Declaración de lanzamiento", date="2026-11-28"),
    "content/statements/launch.ar.md": md("بيان الإطلاق", date="2026-11-28"),
    "content/statements/older.md": md("Older statement", date="2026-10-01"),
}


# --- helpers -----------------------------------------------------------------------------------

VOID = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}
)


@dataclass(eq=False)
class Node:
    """An element of a parsed page."""

    tag: str
    attrs: dict[str, str]
    parent: Node | None = field(default=None, repr=False)
    children: list[Node | str] = field(default_factory=list, repr=False)

    @property
    def text(self) -> str:
        """All the text inside, whitespace collapsed."""
        parts: list[str] = []

        def walk(node: Node) -> None:
            for child in node.children:
                if isinstance(child, str):
                    parts.append(child)
                else:
                    walk(child)

        walk(self)
        return " ".join("".join(parts).split())

    @property
    def classes(self) -> set[str]:
        return set(self.attrs.get("class", "").split())

    def iter(self) -> Iterator[Node]:
        for child in self.children:
            if isinstance(child, Node):
                yield child
                yield from child.iter()

    def select(self, tag: str | None = None, cls: str | None = None, **attrs: str) -> list[Node]:
        """Elements below this one with this tag, class and attribute values."""
        return [
            node
            for node in self.iter()
            if (tag is None or node.tag == tag)
            and (cls is None or cls in node.classes)
            and all(node.attrs.get(k.replace("_", "-")) == v for k, v in attrs.items())
        ]

    def first(self, tag: str | None = None, cls: str | None = None, **attrs: str) -> Node:
        found = self.select(tag, cls, **attrs)
        assert found, f"no <{tag or '*'} class={cls} {attrs}> in the page"
        return found[0]

    def has(self, tag: str | None = None, cls: str | None = None, **attrs: str) -> bool:
        return bool(self.select(tag, cls, **attrs))


class _TreeBuilder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("#document", {})
        self._open = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        node = Node(tag, {k: v or "" for k, v in attrs}, self._open[-1])
        self._open[-1].children.append(node)
        if tag not in VOID:
            self._open.append(node)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._open[-1].children.append(Node(tag, {k: v or "" for k, v in attrs}, self._open[-1]))

    def handle_endtag(self, tag: str) -> None:
        for index in range(len(self._open) - 1, 0, -1):
            if self._open[index].tag == tag:
                del self._open[index:]
                return

    def handle_data(self, data: str) -> None:
        self._open[-1].children.append(data)


def parse_html(text: str) -> Node:
    builder = _TreeBuilder()
    builder.feed(text)
    builder.close()
    return builder.root


def file_for(out: Path, url: str) -> Path:
    """The output file that serves a root-relative or absolute URL of the hub."""
    path = unquote(urlsplit(url).path).lstrip("/")
    return out / (path + "index.html" if path.endswith("/") or not path else path)


def page(out: Path, url: str) -> Node:
    path = file_for(out, url)
    assert path.is_file(), f"{url} was not built ({path.relative_to(out)} is missing)"
    return parse_html(path.read_text(encoding="utf-8"))


def lang_of(doc: Node) -> str:
    return doc.first("html").attrs["lang"]


def alternates(doc: Node) -> dict[str, str]:
    """hreflang -> href of the page's <link rel="alternate" hreflang> tags (each once)."""
    links = [
        (link.attrs["hreflang"], link.attrs["href"])
        for link in doc.select("link", rel="alternate")
        if "hreflang" in link.attrs
    ]
    found = dict(links)
    assert len(found) == len(links), f"an hreflang is listed twice: {links}"
    return found


def feed_links(doc: Node) -> list[str]:
    return [link.attrs["href"] for link in doc.select("link", type="application/atom+xml")]


def nav(doc: Node) -> list[tuple[str, str]]:
    """The main menu as (title, href)."""
    return [(a.text, a.attrs["href"]) for a in doc.select("a", cls="site-nav__link")]


def switcher(doc: Node) -> list[tuple[str, str, str]]:
    """The language switcher as (hreflang, href, text); empty when the page has none."""
    found = doc.select("nav", cls="language-switcher")
    if not found:
        return []
    return [(a.attrs["hreflang"], a.attrs["href"], a.text) for a in found[0].select("a")]


def cards(doc: Node) -> list[str]:
    """The URLs of the listing cards in <main>, in order."""
    main = doc.first("main")
    return [title.first("a").attrs["href"] for title in main.select(cls="card__title")]


def build(hub: Path, out: Path, *args: str) -> Run:
    """``recordhub build`` without the search index, which no test here is about."""
    return run_cli("-C", hub, "build", "--no-search", "-o", out, *args)


def build_clean(tmp_path: Path, files: dict[str, str], site_yml: str = SITE) -> tuple[Path, Run]:
    hub = make_site(tmp_path / "hub", files, site_yml)
    out = tmp_path / "out"
    run = build(hub, out)
    assert run.code == 0, run.err
    return out, run


def diagnostic_lines(err: str, severity: str) -> list[str]:
    return [line for line in err.splitlines() if f": {severity}: " in line]


DRAFTS_UNCHECKED = (
    ": links to other pages, anchors and the pages named in front matter are checked only "
    "where drafts are shown"
)


@pytest.fixture(scope="module")
def hub(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The shared hub, built: its output folder."""
    root = tmp_path_factory.mktemp("languages")
    source = make_site(root / "hub", HUB, SITE + MENU)
    out = root / "out"
    run = build(source, out)
    assert run.code == 0, run.err
    # a clean hub: nothing stale, no string missing in any language; only the Arabic press
    # page, a draft, is told of as not checked
    told = [line for line in run.err.splitlines() if "notice:" in line or "warning:" in line]
    assert told == ["content: notice: 1 draft was not checked" + DRAFTS_UNCHECKED], run.err
    return out


# --- 1. languages and their URLs ---------------------------------------------------------------


def test_default_language_at_root_and_others_under_their_code(hub: Path) -> None:
    assert lang_of(page(hub, "/")) == "en"
    assert lang_of(page(hub, "/es/")) == "es"
    assert lang_of(page(hub, "/ar/")) == "ar"
    assert lang_of(page(hub, "/about/")) == "en"
    assert lang_of(page(hub, "/es/about/")) == "es"
    assert lang_of(page(hub, "/ar/about/")) == "ar"
    assert lang_of(page(hub, "/es/claims/vendidos/")) == "es"
    assert page(hub, "/ar/about/").first("h1").text == "من نحن"
    # the default language has no folder of its own
    assert not (hub / "en").exists()
    canonical = page(hub, "/es/about/").first("link", rel="canonical").attrs["href"]
    assert canonical == f"{BASE_URL}es/about/"


@pytest.mark.parametrize(
    ("setting", "default", "others"),
    [
        pytest.param("language: ar\n", "ar", ["en", "es"], id="language-key"),
        pytest.param("", "es", ["en", "ar"], id="first-of-languages"),
    ],
)
def test_default_language_is_the_language_key_else_the_first(
    tmp_path: Path, setting: str, default: str, others: list[str]
) -> None:
    site = (
        f"title: Test Hub\nbase_url: {BASE_URL}\n{setting}"
        "languages:\n"
        "  - {code: es, name: Español}\n"
        "  - {code: en, name: English}\n"
        "  - {code: ar, name: العربية, dir: rtl}\n"
    )
    files = {"content/_index.md": md(f"Home {default}"), "content/about.md": md("About")}
    for code in others:
        files[f"content/_index.{code}.md"] = md(f"Home {code}")
        files[f"content/about.{code}.md"] = md(f"About {code}")
    out, _ = build_clean(tmp_path, files, site)
    assert lang_of(page(out, "/")) == default
    assert lang_of(page(out, "/about/")) == default
    assert not (out / default).exists()
    for code in others:
        assert lang_of(page(out, f"/{code}/")) == code
        assert page(out, f"/{code}/about/").first("h1").text == f"About {code}"


# --- 2. translations by file name and by translation_key --------------------------------------


def test_translation_by_file_name(hub: Path) -> None:
    versions = {"en": "/about/", "es": "/es/about/", "ar": "/ar/about/"}
    for url in versions.values():
        found = {lang: urlsplit(href).path for lang, href in alternates(page(hub, url)).items()}
        assert found == {**versions, "x-default": "/about/"}, url


def test_translation_by_translation_key_under_another_file_name(hub: Path) -> None:
    # vendidos.es.md shares translation_key data-sold with sold.md (and sold.ar.md)
    spanish = page(hub, "/es/claims/vendidos/")
    assert spanish.first("h1").text == "Lumiclip no vende datos"
    assert [(lang, href) for lang, href, _ in switcher(spanish)] == [
        ("en", "/claims/sold/"),
        ("es", "/es/claims/vendidos/"),
        ("ar", "/ar/claims/sold/"),
    ]
    english = alternates(page(hub, "/claims/sold/"))
    assert english["es"] == f"{BASE_URL}es/claims/vendidos/"
    assert english["x-default"] == f"{BASE_URL}claims/sold/"


def test_file_name_translation_beside_an_original_with_a_translation_key(
    tmp_path: Path,
) -> None:
    files = {
        "content/_index.md": md("Home"),
        "content/about.md": md("About", translation_key="about-us"),
        "content/acerca.es.md": md("Acerca", translation_key="about-us"),
        "content/about.ar.md": md("من نحن"),
    }
    out, _ = build_clean(tmp_path, files)
    expected = {
        "en": f"{BASE_URL}about/",
        "es": f"{BASE_URL}es/acerca/",
        "ar": f"{BASE_URL}ar/about/",
        "x-default": f"{BASE_URL}about/",
    }
    for url in ("/about/", "/es/acerca/", "/ar/about/"):
        assert alternates(page(out, url)) == expected, url


def test_translation_by_translation_key_and_lang_field(tmp_path: Path) -> None:
    files = {
        "content/_index.md": md("Home"),
        "content/about.md": md("About", translation_key="about-us"),
        "content/acerca-de.md": md("Acerca de", translation_key="about-us", lang="es"),
    }
    hub_dir = make_site(tmp_path / "hub", files, SITE)
    run = build(hub_dir, tmp_path / "out")
    assert run.code == 0, run.err
    spanish = page(tmp_path / "out", "/es/acerca-de/")
    assert lang_of(spanish) == "es"
    assert alternates(spanish) == {
        "en": f"{BASE_URL}about/",
        "es": f"{BASE_URL}es/acerca-de/",
        "x-default": f"{BASE_URL}about/",
    }


def test_home_page_translated_under_another_file_name_is_that_languages_home(
    tmp_path: Path,
) -> None:
    files = {
        "content/_index.md": md("Home", "Hi.", translation_key="home"),
        "content/bienvenida.md": md("Bienvenida", "Hola.", lang="es", translation_key="home"),
        "content/nota.es.md": md("Nota", "Ver [la portada](bienvenida.md).", date="2026-01-02"),
        "content/faq/_index.md": md("FAQ"),
        "content/faq/q1.es.md": md("P1", date="2026-01-03"),
    }
    out, run = build_clean(tmp_path, files)
    assert "warning:" not in run.err, run.err
    # a language's home is at /<code>/: the written one is served there, and the build makes
    # no other
    spanish = page(out, "/es/")
    assert "Hola." in spanish.first("main").text
    assert spanish.first("meta", property="og:title").attrs["content"] == "Bienvenida"
    assert not file_for(out, "/es/bienvenida/").exists()
    assert_reciprocal(out, {"en": "/", "es": "/es/"}, "en")
    for url in ("/", "/es/"):
        assert [(lang, href) for lang, href, _ in switcher(page(out, url))] == [
            ("en", "/"),
            ("es", "/es/"),
        ], url
    for url, trail in {
        "/es/nota/": ["/es/"],
        "/es/faq/": ["/es/"],
        "/es/faq/q1/": ["/es/", "/es/faq/"],
    }.items():
        crumbs = page(out, url).first("nav", cls="breadcrumbs").select("a")
        assert [a.attrs["href"] for a in crumbs] == trail, url
        assert crumbs[0].text == "Inicio", url
    nota = page(out, "/es/nota/").first("main")
    assert nota.first("a", href="/es/").text == "la portada"
    assert cards(spanish) == ["/es/faq/"]  # the Spanish sections are below the Spanish home


def test_home_page_translated_as_a_folders_index_is_that_folders_section_too(
    tmp_path: Path,
) -> None:
    files = {
        "content/_index.md": md("Home", "Hi.", translation_key="home"),
        # the Spanish hub kept in a folder of its own, its index the Spanish home
        "content/espanol/_index.md": md("Inicio", "Hola.", lang="es", translation_key="home"),
        "content/espanol/equipo.md": md("Equipo", lang="es", date="2026-01-02"),
    }
    out, run = build_clean(tmp_path, files)
    assert "notice: the section page" not in run.err, run.err
    assert "Hola." in page(out, "/es/").first("main").text
    # the build makes no other page for it: no section titled "Espanol" from the folder's name
    assert not file_for(out, "/es/espanol/").exists()
    crumbs = page(out, "/es/espanol/equipo/").first("nav", cls="breadcrumbs").select("a")
    assert [a.attrs["href"] for a in crumbs] == ["/es/"]


def test_section_translated_under_another_folder_is_that_languages_section(
    tmp_path: Path,
) -> None:
    files = {
        "content/_index.md": md("Home"),
        "content/faq/_index.md": md("FAQ", translation_key="faq"),
        "content/faq/q1.md": md("Q1", date="2026-01-01"),
        "content/faq/q1.es.md": md("P1", date="2026-01-01"),
        "content/preguntas/_index.md": md("Preguntas", lang="es", translation_key="faq"),
    }
    out, run = build_clean(tmp_path, files)
    assert "warning:" not in run.err, run.err
    # the Spanish pages of faq/ are listed by, and lead back to, the written Spanish section
    assert not file_for(out, "/es/faq/").exists()
    assert cards(page(out, "/es/preguntas/")) == ["/es/faq/q1/"]
    crumbs = page(out, "/es/faq/q1/").first("nav", cls="breadcrumbs").select("a")
    assert [(a.attrs["href"], a.text) for a in crumbs] == [
        ("/es/", "Inicio"),
        ("/es/preguntas/", "Preguntas"),
    ]
    assert_reciprocal(out, {"en": "/faq/", "es": "/es/preguntas/"}, "en")
    assert [(lang, href) for lang, href, _ in switcher(page(out, "/faq/"))] == [
        ("en", "/faq/"),
        ("es", "/es/preguntas/"),
    ]
    assert_reciprocal(out, {"en": "/faq/q1/", "es": "/es/faq/q1/"}, "en")


def test_section_translated_by_a_plain_page_keeps_the_section_the_build_makes(
    tmp_path: Path,
) -> None:
    files = {
        "content/_index.md": md("Home"),
        "content/faq/_index.md": md("FAQ", translation_key="faq"),
        "content/faq/q1.es.md": md("P1", date="2026-01-01"),
        "content/preguntas.md": md("Preguntas", lang="es", translation_key="faq"),
    }
    out, _ = build_clean(tmp_path, files)
    # the written page is the translation; the section made for the Spanish page is not one
    assert_reciprocal(out, {"en": "/faq/", "es": "/es/preguntas/"}, "en")
    assert cards(page(out, "/es/faq/")) == ["/es/faq/q1/"]
    assert switcher(page(out, "/es/faq/")) == []


def test_a_second_written_translation_of_the_home_page_is_an_error_naming_the_first(
    tmp_path: Path,
) -> None:
    files = {
        "content/_index.md": md("Home", translation_key="home"),
        "content/_index.es.md": md("Inicio"),
        "content/bienvenida.md": md("Bienvenida", lang="es", translation_key="home"),
    }
    run = build(make_site(tmp_path / "hub", files, SITE), tmp_path / "out")
    assert run.code == 1, run.err
    assert diagnostic_lines(run.err, "error") == [
        "content/bienvenida.md:4:18: error: is a second 'es' page for the same translation as "
        "content/_index.es.md"
    ]
    assert "  hint: give one of them another translation_key or language" in run.err


# --- 3. listings, menus, topics, feeds and corrections per language --------------------------


def test_listings_show_only_pages_of_their_language(hub: Path) -> None:
    assert cards(page(hub, "/claims/")) == ["/claims/only-english/", "/claims/sold/"]
    assert cards(page(hub, "/es/claims/")) == ["/es/claims/vendidos/"]
    assert cards(page(hub, "/ar/claims/")) == ["/ar/claims/sold/"]
    assert cards(page(hub, "/statements/")) == ["/statements/launch/", "/statements/older/"]
    assert cards(page(hub, "/es/statements/")) == ["/es/statements/launch/"]
    # home pages: sections, statements and claims of their own language only
    for prefix in ("/", "/es/", "/ar/"):
        listed = cards(page(hub, prefix))
        assert listed, prefix
        languages = {
            next((p for p in ("/es/", "/ar/") if url.startswith(p)), "/") for url in listed
        }
        assert languages == {prefix}, listed
    assert "/es/statements/launch/" in cards(page(hub, "/es/"))
    assert "/ar/claims/sold/" in cards(page(hub, "/ar/"))


def test_menus_per_language_leave_out_untranslated_entries(hub: Path) -> None:
    assert nav(page(hub, "/")) == [
        ("About", "/about/"),
        ("Claims", "/claims/"),
        ("Press", "/press/"),
    ]
    assert nav(page(hub, "/es/")) == [
        ("Acerca de", "/es/about/"),
        ("Afirmaciones", "/es/claims/"),
        ("Prensa", "/es/press/"),
    ]
    # press.ar.md is a draft: the Arabic menu has no Press entry
    assert nav(page(hub, "/ar/")) == [("حول", "/ar/about/"), ("ادعاءات", "/ar/claims/")]
    # the menu is the same on every page of a language, and marks the current one
    about = page(hub, "/ar/about/")
    assert nav(about) == nav(page(hub, "/ar/"))
    current = about.first("a", cls="site-nav__link", aria_current="page")
    assert current.attrs["href"] == "/ar/about/"


PATH_MENU = """\
menu:
  - {title: {en: Home, es: Inicio, ar: الرئيسية}, url: /}
  - {title: {en: About, es: Acerca de, ar: حول}, url: /about/}
  - {title: {en: Corrections, es: Correcciones, ar: التصحيحات}, url: /corrections/}
  - {title: {en: Topics, es: Temas, ar: المواضيع}, url: /tags/}
  - {title: {en: Team, es: Equipo, ar: الفريق}, url: /team/}
footer_menu:
  - {title: {en: Search, es: Buscar, ar: بحث}, url: "/search/?q=data"}
"""
PATH_MENU_FILES = {
    "content/_index.md": md("Home"),
    "content/_index.es.md": md("Inicio"),
    "content/_index.ar.md": md("الرئيسية"),
    "content/about.md": md("About us", "## Team\n\nWho we are."),
    "content/about.es.md": md("Sobre nosotros"),
    "content/team.md": md("Our team"),
    # only the Arabic pages have topics: /ar/tags/ is made, /tags/ and /es/tags/ are not
    "content/news.ar.md": md("خبر", date="2026-01-02", tags="[خصوصية]"),
}


def footer(doc: Node) -> list[str]:
    return [a.attrs["href"] for a in doc.first("footer").select("a") if "?q=" in a.attrs["href"]]


def test_menu_paths_go_to_each_languages_own_page(tmp_path: Path) -> None:
    out, run = build_clean(tmp_path, PATH_MENU_FILES, SITE + PATH_MENU)
    assert "error" not in run.err, run.err
    # a language without topics leaves the entry out, as it does an untranslated page
    assert nav(page(out, "/")) == [
        ("Home", "/"),
        ("About", "/about/"),
        ("Corrections", "/corrections/"),
        ("Team", "/team/"),
    ]
    # the team page has no Spanish version: that entry stays as written
    assert nav(page(out, "/es/")) == [
        ("Inicio", "/es/"),
        ("Acerca de", "/es/about/"),
        ("Correcciones", "/es/corrections/"),
        ("Equipo", "/team/"),
    ]
    assert nav(page(out, "/ar/")) == [
        ("الرئيسية", "/ar/"),
        ("حول", "/about/"),
        ("التصحيحات", "/ar/corrections/"),
        ("المواضيع", "/ar/tags/"),
        ("الفريق", "/team/"),
    ]
    assert footer(page(out, "/ar/")) == ["/ar/search/?q=data"]
    assert footer(page(out, "/")) == ["/search/?q=data"]
    # each is marked current on its page; a language's home link on its home only
    current = {
        "/ar/corrections/": "/ar/corrections/",
        "/ar/tags/": "/ar/tags/",
        "/es/about/": "/es/about/",
        "/es/": "/es/",
        "/es/corrections/": "/es/corrections/",
        "/corrections/": "/corrections/",
    }
    for url, href in current.items():
        marked = page(out, url).select("a", cls="site-nav__link", aria_current="page")
        assert [a.attrs["href"] for a in marked] == [href], url


def test_broken_menu_path_in_a_language_is_told_where_site_yml_gives_it(tmp_path: Path) -> None:
    # the Spanish about page has no #team heading: its menu link to it is broken
    site_yml = SITE + "menu:\n  - {title: {en: Team, es: Equipo}, url: /about/#team}\n"
    hub_dir = make_site(tmp_path / "hub", PATH_MENU_FILES, site_yml)
    run = build(hub_dir, tmp_path / "out")
    assert run.code == 1, run.err
    assert diagnostic_lines(run.err, "error") == [
        "site.yml:10:42: error: broken link to /es/about/#team in a menu: "
        "the page has no anchor #team"
    ]
    assert "  hint: point the entry at the page's file under content/, e.g. faq/_index.md" in (
        run.err
    )


def test_topics_per_language(hub: Path) -> None:
    assert cards(page(hub, "/tags/privacy/")) == ["/claims/sold/"]
    assert cards(page(hub, "/es/tags/privacidad/")) == ["/es/claims/vendidos/"]
    # the same topic name in another language is another page, with that language's pages
    assert cards(page(hub, "/ar/tags/privacy/")) == ["/ar/claims/sold/"]
    assert not (hub / "es/tags/privacy").exists()
    assert not (hub / "tags/privacidad").exists()

    def index(url: str) -> list[str]:
        return [a.attrs["href"] for a in page(hub, url).first("main").select("a", cls="tag")]

    assert index("/tags/") == ["/tags/privacy/"]
    assert index("/es/tags/") == ["/es/tags/privacidad/"]
    assert index("/ar/tags/") == ["/ar/tags/privacy/"]
    tags_on_page = page(hub, "/es/claims/vendidos/").select("a", rel="tag")
    assert [a.attrs["href"] for a in tags_on_page] == ["/es/tags/privacidad/"]


KINDS = ("statements", "corrections")


def test_statements_and_corrections_feeds_per_language(hub: Path) -> None:
    def entries(rel: str) -> list[tuple[str, str]]:
        parsed = feedparser.parse((hub / rel).read_bytes())
        assert parsed.bozo == 0, rel
        assert parsed.feed.language == (rel.split("/")[0] if rel.count("/") == 2 else "en"), rel
        return [(entry.title, entry.link) for entry in parsed.entries]

    assert entries("statements/feed.xml") == [
        ("Launch statement", f"{BASE_URL}statements/launch/"),
        ("Older statement", f"{BASE_URL}statements/older/"),
    ]
    assert entries("es/statements/feed.xml") == [
        ("Declaración de lanzamiento", f"{BASE_URL}es/statements/launch/")
    ]
    assert entries("ar/statements/feed.xml") == [
        ("بيان الإطلاق", f"{BASE_URL}ar/statements/launch/")
    ]
    english = entries("corrections/feed.xml")
    assert [link for _, link in english] == [f"{BASE_URL}claims/sold/#change-2026-11-20"]
    spanish = entries("es/corrections/feed.xml")
    assert [link for _, link in spanish] == [f"{BASE_URL}es/claims/vendidos/#change-2026-11-21"]
    assert entries("ar/corrections/feed.xml") == []
    # each feed is titled in its language, and so are the corrections' labels
    assert [entry for entry, _ in english] == ["Correction: Lumiclip does not sell data"]
    assert [entry for entry, _ in spanish] == ["Aclaración: Lumiclip no vende datos"]
    titles = {
        rel: feedparser.parse((hub / rel).read_bytes()).feed.title
        for rel in (f"{lang}{kind}/feed.xml" for lang in ("", "es/", "ar/") for kind in KINDS)
    }
    assert titles == {
        "statements/feed.xml": "Test Hub: Statements",
        "corrections/feed.xml": "Test Hub: Corrections",
        "es/statements/feed.xml": "Test Hub: Declaraciones",
        "es/corrections/feed.xml": "Test Hub: Correcciones",
        "ar/statements/feed.xml": "Test Hub: التصريحات",
        "ar/corrections/feed.xml": "Test Hub: التصحيحات",
    }
    announced = page(hub, "/es/about/").select("link", type="application/atom+xml")
    assert [link.attrs["title"] for link in announced] == ["Correcciones", "Declaraciones"]
    # every page announces the feeds of its own language
    assert feed_links(page(hub, "/about/")) == ["/corrections/feed.xml", "/statements/feed.xml"]
    assert feed_links(page(hub, "/es/about/")) == [
        "/es/corrections/feed.xml",
        "/es/statements/feed.xml",
    ]
    assert feed_links(page(hub, "/ar/claims/sold/")) == [
        "/ar/corrections/feed.xml",
        "/ar/statements/feed.xml",
    ]


def test_corrections_page_per_language(hub: Path) -> None:
    def log(url: str) -> tuple[str, list[tuple[str, str]]]:
        doc = page(hub, url)
        section = doc.first("section", cls="corrections-log")
        items = [
            (a.attrs["href"], a.parent.text if a.parent else "")
            for a in section.select("a", cls="corrections-log__page")
        ]
        return section.first("h2").text, items

    heading, items = log("/corrections/")
    assert heading == "Corrections and clarifications"
    assert [href for href, _ in items] == ["/claims/sold/#change-2026-11-20"]
    assert "Fixed the English figure." in items[0][1]
    heading, items = log("/es/corrections/")
    assert heading == "Correcciones y aclaraciones"
    assert [href for href, _ in items] == ["/es/claims/vendidos/#change-2026-11-21"]
    assert "Aclaración en español." in items[0][1]
    heading, items = log("/ar/corrections/")
    assert heading == "التصحيحات والتوضيحات"
    assert items == []
    assert "لم تُنشر أي تصحيحات أو توضيحات." in page(hub, "/ar/corrections/").first("main").text
    assert lang_of(page(hub, "/es/corrections/")) == "es"


def test_generated_pages_are_titled_in_their_language(hub: Path) -> None:
    for url in ("/es/corrections/", "/ar/corrections/"):
        doc = page(hub, url)
        assert "Corrections" not in doc.first("h1").text, url
        assert "Corrections" not in doc.first("title").text, url
    for url in ("/es/tags/", "/ar/tags/"):
        assert page(hub, url).first("h1").text != "Topics", url


# --- 4. the language switcher --------------------------------------------------------------------


def test_switcher_links_only_to_existing_translations(hub: Path) -> None:
    assert switcher(page(hub, "/about/")) == [
        ("en", "/about/", "English"),
        ("es", "/es/about/", "Español"),
        ("ar", "/ar/about/", "العربية"),
    ]
    # press.ar.md is a draft: neither the switcher nor the alternates offer Arabic
    for url in ("/press/", "/es/press/"):
        doc = page(hub, url)
        assert switcher(doc) == [
            ("en", "/press/", "English"),
            ("es", "/es/press/", "Español"),
        ], url
        assert set(alternates(doc)) == {"en", "es", "x-default"}, url
    assert not (hub / "ar/press").exists()
    # a page without translations has no switcher and no alternates
    team = page(hub, "/team/")
    assert switcher(team) == []
    assert alternates(team) == {}
    # the switcher marks the current language, and every link resolves
    current = page(hub, "/es/about/").first("nav", cls="language-switcher")
    assert [a.attrs["hreflang"] for a in current.select("a", aria_current="page")] == ["es"]
    for html in hub.rglob("*.html"):
        for _, href, _ in switcher(parse_html(html.read_text(encoding="utf-8"))):
            assert file_for(hub, href).is_file(), (html.relative_to(hub), href)


# --- 5. hreflang in pages and in the sitemap ------------------------------------------------------


def sitemap_alternates(out: Path) -> dict[str, dict[str, str]]:
    """loc -> {hreflang: href} of every <url> in sitemap.xml."""
    found: dict[str, dict[str, str]] = {}
    for url in ET.parse(out / "sitemap.xml").getroot().iter(f"{SITEMAP}url"):
        loc = url.findtext(f"{SITEMAP}loc") or ""
        links = [(x.get("hreflang", ""), x.get("href", "")) for x in url.iter(f"{XHTML}link")]
        found[loc] = dict(links)
        assert len(found[loc]) == len(links), f"an hreflang is listed twice for {loc}"
    return found


def assert_reciprocal(out: Path, versions: dict[str, str], default: str) -> None:
    """Every version of a page lists every version and x-default, in the HTML and the sitemap."""
    expected = {code: BASE_URL + path.lstrip("/") for code, path in versions.items()}
    expected["x-default"] = expected[default]
    sitemap = sitemap_alternates(out)
    for code, path in versions.items():
        doc = page(out, path)
        assert lang_of(doc) == code, path
        assert alternates(doc) == expected, path
        assert sitemap[BASE_URL + path.lstrip("/")] == expected, path


def test_hreflang_reciprocal_with_x_default_in_pages_and_sitemap(hub: Path) -> None:
    assert_reciprocal(hub, {"en": "/", "es": "/es/", "ar": "/ar/"}, "en")
    assert_reciprocal(hub, {"en": "/about/", "es": "/es/about/", "ar": "/ar/about/"}, "en")
    assert_reciprocal(hub, {"en": "/press/", "es": "/es/press/"}, "en")
    assert_reciprocal(
        hub,
        {"en": "/claims/sold/", "es": "/es/claims/vendidos/", "ar": "/ar/claims/sold/"},
        "en",
    )
    # a page without translations has no alternates in the sitemap either
    assert sitemap_alternates(hub)[f"{BASE_URL}team/"] == {}


def test_hreflang_x_default_when_the_default_is_not_the_first_language(tmp_path: Path) -> None:
    site = SITE.replace("languages:", "language: es\nlanguages:")
    files = {
        "content/_index.md": md("Inicio"),
        "content/_index.en.md": md("Home"),
        "content/_index.ar.md": md("الرئيسية"),
        "content/about.md": md("Sobre nosotros"),
        "content/about.en.md": md("About us"),
        "content/about.ar.md": md("من نحن"),
    }
    out, _ = build_clean(tmp_path, files, site)
    assert_reciprocal(out, {"en": "/en/", "es": "/", "ar": "/ar/"}, "es")
    assert_reciprocal(out, {"en": "/en/about/", "es": "/about/", "ar": "/ar/about/"}, "es")


def test_a_page_lists_the_alternates_its_sitemap_entry_lists_with_drafts(tmp_path: Path) -> None:
    # with --drafts, a version that is a draft, or waits for its draft section, is noindex and
    # left out of the sitemap: the published versions do not name it in their hreflang either
    files = {
        "content/_index.md": md("Home"),
        "content/_index.es.md": md("Inicio"),
        "content/_index.ar.md": md("الرئيسية"),
        "content/about.md": md("About"),
        "content/about.es.md": md("Acerca", draft="true"),
        "content/about.ar.md": md("من نحن"),
        "content/team/_index.md": md("Team"),
        "content/team/_index.es.md": md("Equipo", draft="true"),
        "content/team/alice.md": md("Alice"),
        "content/team/alice.es.md": md("Alicia"),  # waits for its section
    }
    hub = make_site(tmp_path / "hub", files, SITE)
    out = tmp_path / "out"
    run = build(hub, out, "--drafts")
    assert run.code == 0, run.err
    sitemap = sitemap_alternates(out)
    about = {"en": BASE_URL + "about/", "ar": BASE_URL + "ar/about/"}
    alice = {"en": BASE_URL + "team/alice/"}
    for path, expected in (("/about/", about), ("/ar/about/", about), ("/team/alice/", alice)):
        expected = {**expected, "x-default": expected["en"]}
        assert alternates(page(out, path)) == expected, path
        assert sitemap[BASE_URL + path.lstrip("/")] == expected, path


# --- 6. theme strings ----------------------------------------------------------------------------


def test_a_translated_section_index_cascades_to_its_own_language_only(tmp_path: Path) -> None:
    files = {
        "content/_index.md": md("Home"),
        "content/team/_index.md": md("Team"),
        # Spanish pages of the section are statements, English ones stay pages
        "content/team/_index.es.md": md("Equipo", cascade="{type: statement}"),
        "content/team/alice.md": md("Alice"),
        "content/team/alice.es.md": md("Alicia", date="2026-01-05"),
        "content/claims/_index.md": md("Claims", cascade="{type: claim}"),
        "content/claims/_index.es.md": md("Afirmaciones"),  # no cascade: the English one holds
        "content/claims/sold.es.md": claim("Vendidos", date="2026-01-05"),
    }
    out, run = build_clean(tmp_path, files)
    assert run.code == 0, run.err
    assert "error" not in run.err, run.err
    assert page(out, "/es/team/alice/").has("article", cls="statement-page")
    assert not page(out, "/team/alice/").has("article", cls="statement-page")
    assert page(out, "/es/claims/sold/").has("article", cls="claim-page")


def test_a_translated_section_index_cascades_to_pages_that_say_their_language(
    tmp_path: Path,
) -> None:
    files = {
        "content/_index.md": md("Home"),
        "content/news/_index.md": md("News"),
        "content/news/_index.es.md": md("Noticias", cascade="{type: statement}"),
        "content/news/a.es.md": md("Declaración A", date="2026-02-01"),
        # Spanish by its lang: field, not its file name: the Spanish index speaks for it too
        "content/news/b.md": md("Declaración B", lang="es", date="2026-02-05"),
        "content/news/c.md": md("Story C", date="2026-02-06"),
    }
    out, _ = build_clean(tmp_path, files)
    assert page(out, "/es/news/a/").has("article", cls="statement-page")
    assert page(out, "/es/news/b/").has("article", cls="statement-page")
    assert not page(out, "/news/c/").has("article", cls="statement-page")
    feed = feedparser.parse((out / "es/news/feed.xml").read_bytes())
    assert [entry.title for entry in feed.entries] == ["Declaración B", "Declaración A"]


def test_a_section_index_that_says_its_language_cascades_to_that_language_only(
    tmp_path: Path,
) -> None:
    files = {
        "content/_index.md": md("Home"),
        "content/noticias/_index.md": md("Noticias", lang="es", cascade="{type: statement}"),
        "content/noticias/a.md": md("Declaración A", lang="es", date="2026-02-01"),
        "content/noticias/b.md": md("Story B", date="2026-02-05"),
    }
    out, _ = build_clean(tmp_path, files)
    assert page(out, "/es/noticias/a/").has("article", cls="statement-page")
    assert not page(out, "/noticias/b/").has("article", cls="statement-page")


def test_a_section_in_one_language_only_holds_its_feed_at_its_own_address(
    tmp_path: Path,
) -> None:
    files = {
        "content/_index.md": md("Home"),
        "content/noticias/_index.md": md("Noticias", lang="es", cascade="{type: statement}"),
        "content/noticias/a.md": md("Declaración A", lang="es", date="2026-02-01"),
    }
    out, _ = build_clean(tmp_path, files)
    feed = feedparser.parse((out / "es/noticias/feed.xml").read_bytes())
    assert [entry.title for entry in feed.entries] == ["Declaración A"]
    assert feed_links(page(out, "/es/noticias/a/"))[-1] == "/es/noticias/feed.xml"
    assert not (out / "es/es").exists()


def test_each_languages_statements_feed_stays_when_a_section_before_it_makes_statements(
    tmp_path: Path,
) -> None:
    statements = "{type: statement}"
    files = {
        "content/_index.md": md("Home"),
        "content/statements/_index.md": md(
            "Statements", cascade=statements, translation_key="statements"
        ),
        # the Spanish section is the statements/ folder's, under a folder of its own name
        "content/declaraciones/_index.md": md(
            "Declaraciones", lang="es", translation_key="statements"
        ),
        "content/statements/a.md": md("Statement A", date="2026-02-01"),
        "content/statements/a.es.md": md("Declaración A", date="2026-02-01"),
        # sorts before statements/, and makes its pages statements in both languages
        "content/acquisition/_index.md": md("Acquisition", cascade=statements),
        "content/acquisition/_index.es.md": md("Adquisición", cascade=statements),
        "content/acquisition/ceo.md": md("CEO", date="2026-03-01"),
        "content/acquisition/ceo.es.md": md("Director", date="2026-03-01"),
    }
    out, _ = build_clean(tmp_path, files)
    for rel, titles in [
        ("statements/feed.xml", ["CEO", "Statement A"]),
        ("es/declaraciones/feed.xml", ["Director", "Declaración A"]),
    ]:
        feed = feedparser.parse((out / rel).read_bytes())
        assert [entry.title for entry in feed.entries] == titles, rel
    assert feed_links(page(out, "/acquisition/ceo/"))[-1] == "/statements/feed.xml"
    assert feed_links(page(out, "/es/acquisition/ceo/"))[-1] == "/es/declaraciones/feed.xml"
    assert not [p for p in out.rglob("feed.xml") if "acquisition" in p.as_posix()]


def test_a_page_in_an_undeclared_language_is_one_error(tmp_path: Path) -> None:
    files = {"content/_index.md": md("Home"), "content/fr.md": md("Français", lang="fr")}
    hub_dir = make_site(tmp_path / "hub", files, SITE)
    run = build(hub_dir, tmp_path / "out")
    assert run.code == 1, run.err
    assert diagnostic_lines(run.err, "error") == [
        "content/fr.md:3:7: error: language 'fr' is not declared in site.yml"
    ]
    assert (
        "  hint: add {code: fr, name: Français} to languages in site.yml, or use one of: "
        "en, es, ar\n"
    ) in run.err
    assert diagnostic_lines(run.err, "warning") == []  # no theme string "missing" in French


def test_a_page_in_an_undeclared_language_in_a_folder_is_one_error(tmp_path: Path) -> None:
    files = {
        "content/_index.md": md("Home"),
        "content/news/_index.md": md("News"),
        "content/news/nouvelle.md": md("Nouvelle", lang="fr"),
    }
    hub_dir = make_site(tmp_path / "hub", files, SITE)
    run = build(hub_dir, tmp_path / "out")
    assert run.code == 1, run.err
    assert diagnostic_lines(run.err, "error") == [
        "content/news/nouvelle.md:3:7: error: language 'fr' is not declared in site.yml"
    ]
    # no content/news/_index.fr.md is asked for: it would be one more file in no language
    assert "_index.fr.md" not in run.err, run.err


def test_pages_in_one_undeclared_language_in_two_cases_are_an_error_each(
    tmp_path: Path,
) -> None:
    files = {
        "content/_index.md": md("Home"),
        "content/a.md": md("A", lang="fr"),
        "content/b.md": md("B", lang="FR"),
    }
    hub_dir = make_site(tmp_path / "hub", files, SITE)
    run = build(hub_dir, tmp_path / "out")
    assert run.code == 1, run.err
    # tags ignore case: one language, with no second home at /FR/ to clash with /fr/
    assert diagnostic_lines(run.err, "error") == [
        "content/a.md:3:7: error: language 'fr' is not declared in site.yml",
        "content/b.md:3:7: error: language 'FR' is not declared in site.yml",
    ]
    hint = (
        "  hint: add {code: fr, name: Français} to languages in site.yml, or use one of: en, es, ar"
    )
    assert run.err.count(hint) == 2, run.err


def test_declaring_a_language_as_told_keeps_the_default_language(tmp_path: Path) -> None:
    files = {"content/_index.md": md("Home"), "content/fr.md": md("Bonjour", lang="fr")}
    site_yml = SITE.removesuffix(LANGUAGES)  # English by default
    hub_dir = make_site(tmp_path / "hub", files, site_yml)
    run = build(hub_dir, tmp_path / "out")
    assert run.code == 1, run.err
    told = "languages: [{code: en, name: English}, {code: fr, name: Français}]"
    assert run.err.startswith(
        "content/fr.md:3:7: error: language 'fr' is not declared in site.yml\n"
        f"  hint: add it to languages in site.yml, after the default language: {told}\n"
    )
    (hub_dir / "site.yml").write_text(site_yml + told + "\n", encoding="utf-8")
    run = build(hub_dir, tmp_path / "out")
    assert run.code == 0, run.err
    assert lang_of(page(tmp_path / "out", "/")) == "en"
    assert lang_of(page(tmp_path / "out", "/fr/fr/")) == "fr"


def test_a_lang_field_that_disagrees_with_the_file_name_is_an_error(tmp_path: Path) -> None:
    files = {
        "content/_index.md": md("Home"),
        "content/about.md": md("About"),
        "content/about.ar.md": md("Acerca", lang="es"),
    }
    hub_dir = make_site(tmp_path / "hub", files, SITE)
    run = build(hub_dir, tmp_path / "out")
    assert run.code == 1, run.err
    assert diagnostic_lines(run.err, "error") == [
        "content/about.ar.md:3:7: error: lang: says 'es', but the file name says 'ar'"
    ]
    assert "hint: remove lang:, or name the file about.es.md" in run.err


def test_a_section_the_build_makes_for_a_translation_is_not_a_stale_translation(
    tmp_path: Path,
) -> None:
    files = {
        "content/_index.md": md("Home"),
        "content/_index.es.md": md("Inicio"),
        "content/statements/_index.md": md("Statements", updated="2026-01-01"),
        "content/statements/first.md": md("First", date="2026-01-02"),
        # no _index.es.md: the build makes the Spanish section page
        "content/statements/first.es.md": md("Primera", date="2026-01-05"),
    }
    out, run = build_clean(tmp_path, files)
    assert "stale translation" not in run.err, run.err
    assert not page(out, "/es/statements/").has(cls="banner--stale")


def test_theme_strings_per_language_and_hub_overrides(tmp_path: Path) -> None:
    files = {
        **{k: v for k, v in HUB.items() if not k.startswith("content/claims/")},
        "strings/es.yml": "home: Portada\n",
    }
    out, run = build_clean(tmp_path, files)
    assert "warning:" not in run.err, run.err
    skip = {
        "/about/": "Skip to content",
        "/es/about/": "Ir al contenido",
        "/ar/about/": "الانتقال إلى المحتوى",
    }
    for url, text in skip.items():
        assert page(out, url).first("a", cls="skip-link").text == text, url
    # the hub's strings/es.yml replaces one theme word, in Spanish only
    crumbs = {
        "/statements/launch/": "Home",
        "/es/statements/launch/": "Portada",
        "/ar/statements/launch/": "الصفحة الرئيسية",
    }
    for url, text in crumbs.items():
        trail = page(out, url).first("nav", cls="breadcrumbs").select("a")
        assert trail[0].text == text, url
    assert page(out, "/es/about/").first("nav", cls="language-switcher").attrs["aria-label"] == (
        "Esta página en otros idiomas"
    )


NOTED = "A fact[^a] and another.[^b] The fact again.[^a]\n\n[^a]: First.\n[^b]: Second.\n"


def test_footnote_back_links_are_titled_in_the_pages_language(tmp_path: Path) -> None:
    files = {
        "content/_index.md": md("Home"),
        "content/about.md": md("About", NOTED),
        "content/about.es.md": md("Acerca de", NOTED),
        "content/about.ar.md": md("حول", NOTED),
    }
    out, run = build_clean(tmp_path, files)
    assert "warning:" not in run.err, run.err
    titles = {
        "/about/": ["Jump back to footnote 1 in the text"] * 2
        + ["Jump back to footnote 2 in the text"],
        "/es/about/": ["Volver a la llamada 1 de la nota en el texto"] * 2
        + ["Volver a la llamada 2 de la nota en el texto"],
        "/ar/about/": ["العودة إلى موضع الحاشية 1 في النص"] * 2
        + ["العودة إلى موضع الحاشية 2 في النص"],
    }
    for url, expected in titles.items():
        links = page(out, url).select("a")
        shown = [a.attrs["title"] for a in links if a.attrs.get("class") == "footnote-backref"]
        assert shown == expected, url


def test_a_footnote_back_link_title_of_the_hubs_own_is_kept(tmp_path: Path) -> None:
    site = SITE + (
        "markdown:\n  extensions: [footnotes]\n"
        "  extension_configs: {footnotes: {BACKLINK_TITLE: 'Zurück zu %d'}}\n"
    )
    files = {"content/_index.md": md("Home"), "content/about.es.md": md("Acerca de", NOTED)}
    out, _ = build_clean(tmp_path, files, site)
    links = page(out, "/es/about/").select("a")
    shown = [a.attrs["title"] for a in links if a.attrs.get("class") == "footnote-backref"]
    assert shown == ["Zurück zu 1", "Zurück zu 1", "Zurück zu 2"]


def test_footnote_back_links_in_a_statements_feed_are_titled_as_on_the_page(
    tmp_path: Path,
) -> None:
    files = {
        "content/_index.md": md("Home"),
        "content/statements/_index.md": md("Statements", cascade="{type: statement}"),
        "content/statements/_index.es.md": md("Declaraciones"),
        "content/statements/launch.md": md("Launch", NOTED, date="2026-11-28"),
        "content/statements/launch.es.md": md("Lanzamiento", NOTED, date="2026-11-28"),
        "strings/en.yml": 'footnote_back: "Up to note {number}"\n',
    }
    out, run = build_clean(tmp_path, files)
    assert "warning:" not in run.err, run.err
    expected = {
        "statements/feed.xml": ["Up to note 1"] * 2 + ["Up to note 2"],
        "es/statements/feed.xml": ["Volver a la llamada 1 de la nota en el texto"] * 2
        + ["Volver a la llamada 2 de la nota en el texto"],
    }
    for name, titles in expected.items():
        content = ET.parse(out / name).getroot().findtext(f"{ATOM}entry/{ATOM}content") or ""
        assert re.findall(r'class="footnote-backref" href="[^"]*" title="([^"]*)"', content) == (
            titles
        ), name


def test_a_feed_without_footnotes_asks_no_footnote_title(tmp_path: Path) -> None:
    # a language without the theme's words is told of a missing one only where it is shown
    site = SITE.replace("  - {code: ar, name: العربية, dir: rtl}\n", "  - {code: fr, name: Fr}\n")
    files = {
        "content/_index.md": md("Home"),
        "content/statements/_index.md": md("Statements", cascade="{type: statement}"),
        "content/statements/_index.fr.md": md("Déclarations"),
        "content/statements/launch.fr.md": md("Lancement", date="2026-11-28"),
    }
    out, run = build_clean(tmp_path, files, site)
    assert (out / "fr/statements/feed.xml").is_file()
    assert "footnote_back" not in run.err


FALLBACK_SITE = f"""\
title: Test Hub
base_url: {BASE_URL}
language: es
languages:
  - {{code: en, name: English}}
  - {{code: es, name: Español}}
  - {{code: fr, name: Français}}
"""
FALLBACK_FILES = {
    "content/_index.md": md("Inicio"),
    "content/_index.en.md": md("Home"),
    "content/_index.fr.md": md("Bienvenue"),
    "content/a.fr.md": md("Première page", date="2026-11-28"),
    "content/b.fr.md": md("Deuxième page", date="2026-11-28"),
    "content/c.fr.md": md("Troisième page", date="2026-11-28"),
    "strings/fr.yml": "home: Accueil\n",
}
MISSING = re.compile(
    r"^strings/fr\.yml: warning: no 'fr' text for the theme string '([a-z_-]+)'; "
    r"the es text is shown$"
)


def test_missing_string_falls_back_to_the_default_language_reported_once(
    tmp_path: Path,
) -> None:
    # fr has no theme strings: every word but the hub's own `home` comes from es, the default
    out, run = build_clean(tmp_path, FALLBACK_FILES, FALLBACK_SITE)
    warnings = diagnostic_lines(run.err, "warning")
    assert warnings, run.err
    unmatched = [line for line in warnings if not MISSING.match(line)]
    assert unmatched == [], run.err
    keys = Counter(m[1] for line in warnings if (m := MISSING.match(line)))
    assert all(n == 1 for n in keys.values()), keys  # once, though four pages use each
    assert "skip_to_content" in keys and "published" in keys
    assert "home" not in keys
    line = (
        "strings/fr.yml: warning: no 'fr' text for the theme string 'skip_to_content'; "
        "the es text is shown\n  hint: add skip_to_content: ... to strings/fr.yml"
    )
    assert line in run.err
    doc = page(out, "/fr/a/")
    assert doc.first("a", cls="skip-link").text == "Ir al contenido"  # the default's text
    assert doc.first("nav", cls="breadcrumbs").select("a")[0].text == "Accueil"
    # check finds the same ones, each once
    checked = run_cli("-C", tmp_path / "hub", "check")
    assert checked.code == 0, checked.err
    assert diagnostic_lines(checked.err, "warning") == warnings


GERMAN_DEFAULT = f"""\
title: Test Hub
base_url: {BASE_URL}
language: de
languages:
  - {{code: en, name: English}}
  - {{code: de, name: Deutsch}}
"""
MISSING_DE = re.compile(
    r"^strings/de\.yml: warning: no 'de' text for the theme string '([a-z_-]+)'; "
    r"the theme's English text is shown$"
)


def test_missing_string_in_a_default_language_the_theme_lacks_is_reported_once(
    tmp_path: Path,
) -> None:
    # the theme has no German words: the default language falls back to its English ones
    files = {
        "content/_index.md": md("Start"),
        "content/_index.en.md": md("Home"),
        "content/ueber.md": md(
            "Über uns",
            date="2026-01-10",
            updated="2026-03-10",
            changelog="\n  - {date: 2026-03-10, kind: correction, note: Korrigiert.}",
        ),
        "content/ueber.en.md": md("About us", date="2026-03-10"),
        "content/mehr.md": md("Mehr", date="2026-01-10"),
        "strings/de.yml": "published: Veröffentlicht\n",
    }
    out, run = build_clean(tmp_path, files, GERMAN_DEFAULT)
    warnings = diagnostic_lines(run.err, "warning")
    assert [line for line in warnings if not MISSING_DE.match(line)] == [], run.err
    keys = Counter(m[1] for line in warnings if (m := MISSING_DE.match(line)))
    assert all(n == 1 for n in keys.values()), keys  # once, though three pages use each
    assert {"skip_to_content", "updated", "feed_corrections"} <= set(keys), keys
    assert "published" not in keys  # the hub's own German word
    line = (
        "strings/de.yml: warning: no 'de' text for the theme string 'skip_to_content'; "
        "the theme's English text is shown\n  hint: add skip_to_content: ... to strings/de.yml"
    )
    assert line in run.err
    assert page(out, "/ueber/").first("a", cls="skip-link").text == "Skip to content"
    checked = run_cli("-C", tmp_path / "hub", "check")
    assert checked.code == 0, checked.err
    assert diagnostic_lines(checked.err, "warning") == warnings


def test_missing_strings_still_reported_beside_an_unknown_key(tmp_path: Path) -> None:
    files = {**FALLBACK_FILES, "strings/fr.yml": "home: Accueil\nbogus_key: x\n"}
    _, run = build_clean(tmp_path, files, FALLBACK_SITE)
    assert "strings/fr.yml:2:1: warning: the theme uses no string 'bogus_key'" in run.err
    assert any(MISSING.match(line) for line in run.err.splitlines()), run.err


def test_empty_hub_string_is_not_shown_as_none(tmp_path: Path) -> None:
    files = {
        "content/_index.md": md("Home"),
        "content/_index.es.md": md("Inicio"),
        "strings/es.yml": "skip_to_content:\n",
    }
    out, _ = build_clean(tmp_path, files)
    assert page(out, "/es/").first("a", cls="skip-link").text != "None"


# --- 7. dates per language -----------------------------------------------------------------------


def test_dates_formatted_with_babel_for_the_page_language(hub: Path) -> None:
    def dates(url: str) -> list[str]:
        doc = page(hub, url)
        return [t.text for t in doc.first("main").select("time", datetime="2026-11-28")]

    assert "November 28, 2026" in dates("/statements/launch/")
    spanish = dates("/es/statements/launch/")
    assert "28 de noviembre de 2026" in spanish
    assert all("de noviembre de" in text for text in spanish), spanish
    arabic = dates("/ar/statements/launch/")
    assert "28 نوفمبر 2026" in arabic
    assert all("نوفمبر" in text for text in arabic), arabic
    # listings format dates in the language of the page that lists them
    assert "28 de noviembre de 2026" in [t.text for t in page(hub, "/es/").select("time")]
    corrections = [t.text for t in page(hub, "/es/corrections/").select("time")]
    assert corrections == ["21 de noviembre de 2026"]


def test_a_language_with_a_region_babel_lacks_is_written_as_its_language(
    tmp_path: Path,
) -> None:
    site = SITE.replace("{code: ar, name: العربية, dir: rtl}", "{code: ar-GB, name: العربية}")
    site = site.replace("{code: es, name: Español}", "{code: fr-US, name: Français}")
    files = {
        "content/_index.md": md("Home"),
        "content/about.md": md("About", date="2026-11-28"),
        "content/about.ar-GB.md": md("من نحن", date="2026-11-28"),
        "content/about.fr-US.md": md("À propos", date="2026-11-28"),
    }
    out, _ = build_clean(tmp_path, files, site)
    # Babel has no data for ar-GB or fr-US: Arabic is still written right to left, in Arabic
    arabic = page(out, "/ar-GB/about/")
    assert arabic.first("html").attrs == {"lang": "ar-GB", "dir": "rtl"}
    assert [t.text for t in arabic.first("main").select("time")] == ["28 نوفمبر 2026"]
    french = page(out, "/fr-US/about/")
    assert [t.text for t in french.first("main").select("time")] == ["28 novembre 2026"]
    # and the language switcher says each name in its own direction
    assert 'hreflang="ar-GB" lang="ar-GB" dir="rtl"' in (out / "about/index.html").read_text(
        "utf-8"
    )


def test_verdict_labels_per_language(hub: Path) -> None:
    def label(url: str) -> list[str]:
        return [s.text for s in page(hub, url).select("span", cls="verdict__label")]

    assert label("/claims/sold/") == ["False"]  # site.yml's label
    assert label("/es/claims/vendidos/") == ["Falso"]
    assert label("/ar/claims/sold/") == ["كاذب"]
    assert label("/es/claims/") == ["Falso"]  # on the listing cards too


def test_custom_verdict_label_from_hub_strings(tmp_path: Path) -> None:
    site = SITE + 'verdicts:\n  "false": "False"\n  satire: Satire\n'
    files = {
        "content/_index.md": md("Home"),
        "content/_index.es.md": md("Inicio"),
        "content/claims/_index.md": md("Claims", cascade="{type: claim}"),
        "content/claims/joke.md": claim("Joke", date="2026-01-10").replace('"false"', "satire"),
        "content/claims/joke.es.md": claim("Broma", date="2026-01-10").replace('"false"', "satire"),
        "strings/es.yml": "verdict_satire: Sátira\n",
    }
    hub_dir = make_site(tmp_path / "hub", files, site)
    run = build(hub_dir, tmp_path / "out", "--strict")
    assert run.code == 0, run.err
    labels = page(tmp_path / "out", "/es/claims/joke/").select("span", cls="verdict__label")
    assert [s.text for s in labels] == ["Sátira"]
    # without it, the label of site.yml is shown, with a warning, as for the theme's strings
    (hub_dir / "strings" / "es.yml").unlink()
    run = build(hub_dir, tmp_path / "out")
    assert run.code == 0, run.err
    assert diagnostic_lines(run.err, "warning") == [
        "strings/es.yml: warning: no 'es' text for 'verdict_satire'; "
        "site.yml's label 'Satire' is shown"
    ]
    assert "hint: add verdict_satire: ... to strings/es.yml" in run.err
    labels = page(tmp_path / "out", "/es/claims/joke/").select("span", cls="verdict__label")
    assert [s.text for s in labels] == ["Satire"]


def test_verdict_labels_in_a_default_language_other_than_english(tmp_path: Path) -> None:
    site = SITE.replace("languages:", "language: es\nlanguages:")
    files = {
        "content/_index.md": md("Inicio"),
        "content/_index.en.md": md("Home"),
        "content/claims/_index.md": md("Afirmaciones", cascade="{type: claim}"),
        "content/claims/sold.md": claim("Vendido", date="2026-01-10"),
        "content/claims/sold.en.md": claim("Sold", date="2026-01-10"),
    }
    out, run = build_clean(tmp_path, files, site)
    assert diagnostic_lines(run.err, "warning") == [], run.err

    def label(url: str) -> list[str]:
        return [s.text for s in page(out, url).select("span", cls="verdict__label")]

    # site.yml gives no labels of its own: the Spanish page says its own word, not "False"
    assert label("/claims/sold/") == ["Falso"]
    assert label("/claims/") == ["Falso"]
    assert label("/en/claims/sold/") == ["False"]
    # and the hub's own word for it, in the default language too
    (tmp_path / "hub/strings").mkdir()
    (tmp_path / "hub/strings/es.yml").write_text("verdict_false: Falso del todo\n", "utf-8")
    assert build(tmp_path / "hub", out).code == 0
    assert label("/claims/sold/") == ["Falso del todo"]


# --- 8. right-to-left ----------------------------------------------------------------------------


def test_rtl_pages_have_dir_rtl_on_html(hub: Path) -> None:
    seen = Counter()
    for path in sorted(hub.rglob("*.html")):
        rel = path.relative_to(hub).as_posix()
        html = parse_html(path.read_text(encoding="utf-8")).first("html")
        expected = "rtl" if rel.startswith("ar/") else "ltr"
        assert html.attrs.get("dir") == expected, rel
        assert (html.attrs["lang"] == "ar") == (expected == "rtl"), rel
        seen[expected] += 1
    assert seen["rtl"] >= 8, seen  # home, about, claims, statements, topics, corrections...
    assert page(hub, "/ar/corrections/").first("html").attrs["dir"] == "rtl"
    # the switcher marks each language's own direction, on pages of either direction
    for url in ("/about/", "/ar/about/"):
        links = page(hub, url).first("nav", cls="language-switcher").select("a")
        dirs = {a.attrs["hreflang"]: a.attrs["dir"] for a in links}
        assert dirs == {"en": "ltr", "es": "ltr", "ar": "rtl"}, url


# --- 9. stale translations -----------------------------------------------------------------------

STALE = {
    "content/_index.md": md("Home"),
    "content/about.md": md(
        "About",
        date="2026-01-10",
        updated="2026-03-01",
        changelog="\n  - {date: 2026-03-01, kind: update, note: New office.}",
    ),
    "content/about.es.md": md(
        "Acerca de",
        date="2026-01-10",
        updated="2026-02-01",
        changelog="\n  - {date: 2026-02-01, kind: update, note: Nueva oficina.}",
    ),
    "content/about.ar.md": md(
        "من نحن",
        date="2026-01-10",
        updated="2026-03-01",
        changelog="\n  - {date: 2026-03-01, kind: update, note: مكتب جديد.}",
    ),
}
STALE_NOTICE = (
    "content/about.es.md:4:10: notice: stale translation: the original content/about.md was "
    "updated on 2026-03-01, this translation on 2026-02-01\n"
    "  hint: bring the translation up to date, then set its updated: date"
)


def test_stale_translation_notice_in_page_build_and_check(tmp_path: Path) -> None:
    out, run = build_clean(tmp_path, STALE)
    assert STALE_NOTICE in run.err, run.err
    assert diagnostic_lines(run.err, "notice") == [STALE_NOTICE.splitlines()[0]]
    assert diagnostic_lines(run.err, "warning") == []
    banner = page(out, "/es/about/").first("div", cls="banner--stale")
    assert banner.text.startswith("Esta traducción es anterior al original")
    link = banner.first("a")
    assert (link.attrs["href"], link.attrs["hreflang"], link.text) == (
        "/about/",
        "en",
        "Leer el original",
    )
    # up to date, or the original itself: no banner
    assert not page(out, "/ar/about/").has(cls="banner--stale")
    assert not page(out, "/about/").has(cls="banner--stale")
    # check reports it too; a notice never fails, not even with --strict
    for args in (["check"], ["check", "--strict"]):
        checked = run_cli("-C", tmp_path / "hub", *args)
        assert checked.code == 0, checked.err
        assert STALE_NOTICE in checked.err, checked.err


def test_stale_claim_translation_is_a_notice_and_an_error_under_strict(tmp_path: Path) -> None:
    files = {
        "content/_index.md": md("Home"),
        "content/claims/_index.md": md("Claims", cascade="{type: claim}"),
        "content/claims/sold.md": claim(
            "Sold",
            date="2026-01-10",
            updated="2026-03-01",
            changelog="\n  - {date: 2026-03-01, kind: correction, note: New figure.}",
        ),
        "content/claims/sold.ar.md": claim(
            "بيع",
            date="2026-01-10",
            updated="2026-02-01",
            changelog="\n  - {date: 2026-02-01, kind: update, note: تحديث.}",
        ),
    }
    hub_dir = make_site(tmp_path / "hub", files, SITE)
    line = (
        "content/claims/sold.ar.md:7:10: {}: stale translation: the original "
        "content/claims/sold.md was updated on 2026-03-01, this translation on 2026-02-01"
    )
    # news for the editor, not a fault of the build: a notice, which --strict makes an error
    checked = run_cli("-C", hub_dir, "check")
    assert checked.code == 0, checked.err
    told = [n for n in diagnostic_lines(checked.err, "notice") if "stale translation" in n]
    assert told == [line.format("notice")], checked.err
    assert ": warning: " not in checked.err
    strict = run_cli("-C", hub_dir, "check", "--strict")
    assert strict.code == 1, strict.err
    assert line.format("error") in strict.err.splitlines()
    # and the hub's Spanish, which has no page yet
    assert "Check failed: 1 error, 0 warnings, 2 notices;" in strict.err
    out = tmp_path / "out"
    built = build(hub_dir, out, "--strict")
    assert built.code == 1, built.err
    assert line.format("error") in built.err.splitlines()
    assert not out.exists()
    # without --strict it builds, with the banner in Arabic
    assert build(hub_dir, out).code == 0
    banner = page(out, "/ar/claims/sold/").first("div", cls="banner--stale")
    assert banner.first("a").text == "قراءة النص الأصلي"
    assert banner.first("a").attrs["href"] == "/claims/sold/"


def test_a_stale_translation_of_a_statement_kept_in_another_folder_fails_strict(
    tmp_path: Path,
) -> None:
    files = {
        "content/_index.md": md("Home"),
        "content/statements/_index.md": md("Statements", cascade="{type: statement}"),
        "content/statements/launch.md": md(
            "Launch",
            translation_key="launch",
            date="2026-01-10",
            updated="2026-03-01",
            changelog="\n  - {date: 2026-03-01, kind: correction, note: New date.}",
        ),
        # kept in a folder of its own, with no cascade there: its type is page
        "content/arabic/launch.md": md(
            "إطلاق", lang="ar", translation_key="launch", date="2026-01-10"
        ),
    }
    hub_dir = make_site(tmp_path / "hub", files, SITE)
    line = (
        "content/arabic/launch.md:5:7: error: stale translation: the original "
        "content/statements/launch.md was updated on 2026-03-01, this translation on 2026-01-10"
    )
    strict = run_cli("-C", hub_dir, "check", "--strict")
    assert strict.code == 1, strict.err
    assert diagnostic_lines(strict.err, "error") == [line], strict.err
    checked = run_cli("-C", hub_dir, "check")
    assert checked.code == 0, checked.err
    assert line.replace(": error: ", ": notice: ") in checked.err.splitlines()


def test_a_stale_translation_without_updated_is_told_at_the_date_it_has(tmp_path: Path) -> None:
    files = {
        **STALE,
        "content/about.es.md": md("Acerca de", slug="acerca", date="2026-02-01"),
        "content/about.ar.md": md(
            "من نحن", changelog="\n  - {date: 2026-02-01, kind: update, note: مكتب.}"
        ),
    }
    _, run = build_clean(tmp_path, files)
    said = "stale translation: the original content/about.md was updated on 2026-03-01, "
    assert diagnostic_lines(run.err, "notice") == [
        f"content/about.ar.md:4:3: notice: {said}this translation on 2026-02-01",
        f"content/about.es.md:4:7: notice: {said}this translation on 2026-02-01",
    ]


def test_a_stale_banners_link_is_said_in_the_pages_language(tmp_path: Path) -> None:
    files = {
        **STALE,
        "content/about.ar.md": md("من نحن", date="2026-01-10", updated="2026-02-01"),
    }
    out, _ = build_clean(tmp_path, files)
    # "Leer el original" is Spanish and "قراءة النص الأصلي" Arabic, written right to left:
    # only hreflang says that the page it leads to is in English
    for url, text in (("/es/about/", "Leer el original"), ("/ar/about/", "قراءة النص الأصلي")):
        link = page(out, url).first("div", cls="banner--stale").first("a")
        assert (link.text, link.attrs) == (text, {"href": "/about/", "hreflang": "en"}), url


RETRACTION = "\n  - {date: 2026-01-12, kind: correction, note: Retracted.}"


def test_a_translation_that_gives_another_verdict_or_status_is_a_warning(
    tmp_path: Path,
) -> None:
    files = {
        "content/_index.md": md("Home"),
        "content/claims/_index.md": md("Claims", cascade="{type: claim}"),
        # the original is now only outdated, and the Spanish page still says false
        "content/claims/sold.md": md(
            "Sold", claim="Lumiclip sells user data", verdict="outdated", fact="It did, once."
        ),
        "content/claims/sold.es.md": claim("Vendido"),
        # a retracted statement whose Arabic translation still stands; the Spanish one agrees
        "content/news/q1.md": md(
            "Q1", type="statement", date="2026-01-10", status="retracted", changelog=RETRACTION
        ),
        "content/news/q1.es.md": md(
            "T1", type="statement", date="2026-01-10", status="retracted", changelog=RETRACTION
        ),
        "content/news/q1.ar.md": md("ر1", type="statement", date="2026-01-10"),
    }
    hub_dir = make_site(tmp_path / "hub", files, SITE)
    expected = [
        "content/claims/sold.es.md:4:10: warning: this translation's verdict is 'false', but "
        "the original content/claims/sold.md says 'outdated'",
        # no status: written, so the place is the front matter's start
        "content/news/q1.ar.md:2:1: warning: this translation's status is 'current', but the "
        "original content/news/q1.md says 'retracted'",
    ]
    checked = run_cli("-C", hub_dir, "check")
    assert checked.code == 0, checked.err
    assert diagnostic_lines(checked.err, "warning") == expected, checked.err
    # the retraction's changelog entry makes it stale too: told at its date, its only one
    assert [n for n in diagnostic_lines(checked.err, "notice") if "stale" in n] == [
        "content/news/q1.ar.md:4:7: notice: stale translation: the original content/news/q1.md "
        "was updated on 2026-01-12, this translation on 2026-01-10"
    ]
    assert (
        "  hint: a translation states what its original states: set verdict: outdated, "
        "or change the original too" in checked.err
    )
    assert "set status: retracted" in checked.err
    strict = run_cli("-C", hub_dir, "check", "--strict")
    assert strict.code == 1, strict.err
    # agreeing translations say nothing
    (hub_dir / "content/claims/sold.es.md").write_text(
        md("Vendido", claim="Vende datos", verdict="outdated", fact="Lo hizo."), encoding="utf-8"
    )
    (hub_dir / "content/news/q1.ar.md").write_text(
        md("ر1", type="statement", date="2026-01-10", status="retracted", changelog=RETRACTION),
        encoding="utf-8",
    )
    again = run_cli("-C", hub_dir, "check", "--strict")
    assert again.code == 0, again.err
    assert diagnostic_lines(again.err, "warning") == [], again.err


# --- bad input -----------------------------------------------------------------------------------

BASE = {"content/_index.md": md("Home"), "content/about.md": md("About")}


@pytest.mark.parametrize(
    ("files", "site_yml", "code", "expected"),
    [
        pytest.param(
            {"content/about.fr.md": md("À propos")},
            SITE,
            1,
            "content/about.fr.md: error: translation into 'fr', a language site.yml does not "
            "declare\n"
            "  hint: add {code: fr, name: ...} to languages in site.yml (declared: en, es, ar), "
            "or rename the file",
            id="undeclared-language",
        ),
        pytest.param(
            {"content/faq/_index.md": md("FAQ"), "content/faq/_index.pt-BR.md": md("Perguntas")},
            SITE,
            1,
            "content/faq/_index.pt-BR.md: error: translation into 'pt-BR', a language site.yml "
            "does not declare\n"
            "  hint: add {code: pt-BR, name: ...} to languages in site.yml (declared: en, es, "
            "ar), or rename the file",
            id="undeclared-language-section",
        ),
        pytest.param(
            {
                "content/about.md": md("About", translation_key="about-us"),
                "content/acerca.es.md": md("Acerca", translation_key="about-us"),
                "content/sobre.es.md": md("Sobre", translation_key="about-us"),
            },
            SITE,
            1,
            "content/sobre.es.md:3:18: error: is a second 'es' page for the same translation as "
            "content/acerca.es.md\n"
            "  hint: give one of them another translation_key or language",
            id="two-translations-same-language",
        ),
        pytest.param(
            {
                "content/about.es.md": md("Acerca"),
                "content/sobre.es.md": md("Sobre", translation_key="about.md"),
            },
            SITE,
            1,
            "content/sobre.es.md:3:18: error: is a second 'es' page for the same translation as "
            "content/about.es.md\n"
            "  hint: give one of them another translation_key or language",
            id="file-name-and-translation-key-clash",
        ),
        pytest.param(
            {
                "content/about.md": md("About", translation_key="about-us"),
                "content/about.es.md": md("Acerca"),
                # read first, by its folder's name: still the one told, where it says so
                "content/a/sobre.md": md("Sobre", lang="es", translation_key="about-us"),
            },
            SITE,
            1,
            "content/a/sobre.md:4:18: error: is a second 'es' page for the same translation as "
            "content/about.es.md\n"
            "  hint: give one of them another translation_key or language",
            id="translation-key-clash-read-before-the-file-name",
        ),
        pytest.param(
            {},
            SITE.replace("code: es,", "code: e_s,"),
            2,
            "site.yml:7:12: error: 'e_s' is not a valid BCP 47 language tag "
            "(e.g. en, es, pt-BR)\n"
            "  hint: use a language tag such as en, es, ar or pt-BR",
            id="invalid-bcp47-flow",
        ),
        pytest.param(
            {},
            SITE + "  - code: español\n    name: Castellano\n",
            2,
            "site.yml:9:11: error: 'español' is not a valid BCP 47 language tag "
            "(e.g. en, es, pt-BR)\n"
            "  hint: use a language tag such as en, es, ar or pt-BR",
            id="invalid-bcp47-block",
        ),
    ],
)
def test_bad_input(
    tmp_path: Path, files: dict[str, str], site_yml: str, code: int, expected: str
) -> None:
    hub_dir = make_site(tmp_path / "hub", {**BASE, **files}, site_yml)
    for command in (["check"], ["build", "--no-search", "-o", str(tmp_path / "out")]):
        run = run_cli("-C", hub_dir, *command)
        assert run.code == code, run.err
        assert f"\n{expected}\n" in f"\n{run.err}\n", run.err
        assert len(diagnostic_lines(run.err, "error")) == 1, run.err
    assert not (tmp_path / "out").exists()


def test_unknown_key_in_hub_strings_is_a_warning(tmp_path: Path) -> None:
    files = {**BASE, "content/about.es.md": md("Acerca"), "strings/es.yml": "hom: Portada\n"}
    hub_dir = make_site(tmp_path / "hub", files, SITE)
    expected = (
        "strings/es.yml:1:1: warning: the theme uses no string 'hom'\n"
        "  hint: did you mean 'home'? Rename the key to it, or remove it"
    )
    run = build(hub_dir, tmp_path / "out")
    assert run.code == 0, run.err
    assert f"\n{expected}\n" in f"\n{run.err}\n", run.err
    assert diagnostic_lines(run.err, "warning") == [expected.splitlines()[0]]
    strict = run_cli("-C", hub_dir, "check", "--strict")
    assert strict.code == 1, strict.err
    assert expected.replace(": warning: ", ": error: ") in strict.err  # it fails the check


# --- the example hub -----------------------------------------------------------------------------


def test_example_hub_hreflang_is_reciprocal_and_resolves(tmp_path: Path) -> None:
    out = tmp_path / "public"
    run = run_cli("-C", PROJECT, "build", "--no-cache", "-o", out)
    assert run.code == 0, run.err
    base = re.search(r"^base_url:\s*(\S+)", (PROJECT / "site.yml").read_text("utf-8"), re.M)
    assert base is not None
    base_url = base[1] if base[1].endswith("/") else base[1] + "/"
    pages = {
        path.relative_to(out).as_posix(): parse_html(path.read_text(encoding="utf-8"))
        for path in sorted(out.rglob("*.html"))
    }
    by_file = {rel: alternates(doc) for rel, doc in pages.items()}
    sitemap = sitemap_alternates(out)
    checked = 0
    problems: list[str] = []
    for rel, mine in by_file.items():
        if not mine:
            continue
        checked += 1
        if "x-default" not in mine:
            problems.append(f"{rel}: no x-default")
        if mine.get(lang_of(pages[rel])) is None:
            problems.append(f"{rel}: does not list itself ({lang_of(pages[rel])})")
        for lang, href in mine.items():
            if not href.startswith(base_url):
                problems.append(f"{rel}: {lang} -> {href} is not on {base_url}")
                continue
            target = file_for(out, href).relative_to(out).as_posix()
            if target not in pages:
                problems.append(f"{rel}: {lang} -> {href} does not exist")
                continue
            if by_file[target] != mine:
                problems.append(f"{rel} lists {target}, which lists {by_file[target]}, not {mine}")
            if lang != "x-default" and lang_of(pages[target]) != lang:
                problems.append(f"{rel}: {lang} -> {target} is a page in {lang_of(pages[target])}")
        canonical = pages[rel].first("link", rel="canonical").attrs["href"]
        if sitemap.get(canonical) != mine:
            problems.append(f"{rel}: sitemap lists {sitemap.get(canonical)}, the page {mine}")
    assert problems == []
    # the example translates its home, sections and several pages into es and ar
    assert checked >= 15, checked
    assert {lang for alts in by_file.values() for lang in alts} == {"en", "es", "ar", "x-default"}


def test_each_language_has_its_own_page_for_a_missing_address(hub: Path) -> None:
    for prefix, lang in (("", "en"), ("es/", "es"), ("ar/", "ar")):
        doc = parse_html((hub / f"{prefix}404.html").read_text(encoding="utf-8"))
        assert lang_of(doc) == lang
    arabic = (hub / "ar" / "404.html").read_text(encoding="utf-8")
    assert "الصفحة غير موجودة" in arabic and 'dir="rtl"' in arabic
    assert "Página no encontrada" in (hub / "es" / "404.html").read_text(encoding="utf-8")
    # Netlify serves them from these lines; Cloudflare Pages finds the nearest 404.html itself
    rules = (hub / "_redirects").read_text(encoding="utf-8").splitlines()
    assert rules[-2:] == ["/ar/* /ar/404.html 404", "/es/* /es/404.html 404"]
    assert "404.html" not in (hub / "sitemap.xml").read_text(encoding="utf-8")


def test_a_superseded_translation_names_the_replacement_in_its_own_language(
    tmp_path: Path,
) -> None:
    index = "---\ntitle: Statements\ncascade: {type: statement}\n---\n"
    old = (
        "---\ntitle: {title}\ndate: 2026-01-10\nstatus: superseded\nsuperseded_by: new.md\n"
        "---\nOld.\n"
    )
    files = {
        "content/_index.md": md("Home"),
        "content/_index.es.md": md("Inicio"),
        "content/_index.ar.md": md("الرئيسية"),
        "content/statements/_index.md": index,
        "content/statements/_index.es.md": index.replace("Statements", "Declaraciones"),
        "content/statements/_index.ar.md": index.replace("Statements", "البيانات"),
        "content/statements/old.md": old.format(title="Old statement"),
        "content/statements/old.es.md": old.format(title="Declaración antigua"),
        "content/statements/old.ar.md": old.format(title="بيان قديم"),
        "content/statements/new.md": "---\ntitle: New statement\ndate: 2026-02-10\n---\nNew.\n",
        "content/statements/new.es.md": (
            "---\ntitle: Nueva declaración\ndate: 2026-02-10\n---\nNueva.\n"
        ),
    }
    out, _ = build_clean(tmp_path, files)
    spanish = (out / "es/statements/old/index.html").read_text("utf-8")
    assert '<a href="/es/statements/new/">Nueva declaración</a>' in spanish
    # no Arabic version: the English one, marked as English inside the Arabic text
    arabic = (out / "ar/statements/old/index.html").read_text("utf-8")
    # and written left to right, as English is, inside the right-to-left text
    assert (
        '<a href="/statements/new/" hreflang="en" lang="en" dir="ltr">New statement</a>' in arabic
    )
    english = (out / "statements/old/index.html").read_text("utf-8")
    assert '<a href="/statements/new/">New statement</a>' in english
    entries = feedparser.parse((out / "es/statements/feed.xml").read_bytes()).entries
    entry = next(e for e in entries if "Declaración antigua" in e.title)
    assert 'href="https://hub.example/es/statements/new/"' in entry.content[0].value
    entries = feedparser.parse((out / "ar/statements/feed.xml").read_bytes()).entries
    entry = next(e for e in entries if "بيان قديم" in e.title)
    link = parse_html(entry.content[0].value).first("a")
    assert (link.text, link.attrs) == (
        "New statement",
        {
            "href": "https://hub.example/statements/new/",
            "hreflang": "en",
            "lang": "en",
            "dir": "ltr",
        },
    )


def test_text_in_the_default_language_is_marked_so_and_commas_are_the_languages(
    tmp_path: Path,
) -> None:
    statement = (
        "---\ntitle: {title}\ntype: statement\ndate: 2026-01-10\nspeaker: Dana Reyes\n"
        "role: {role}\n---\nText.\n"
    )
    files = {
        "content/_index.md": md("Home"),
        "content/_index.ar.md": md("الرئيسية"),
        "content/said.md": statement.format(title="Said", role="Chief executive"),
        "content/said.ar.md": statement.format(title="قيل", role="الرئيسة التنفيذية"),
    }
    out, _ = build_clean(tmp_path, files, SITE + "copyright: © 2026 Example Co.\n")
    arabic = (out / "ar/said/index.html").read_text("utf-8")
    # the one copyright line, in English, is said as English inside the Arabic page
    assert '<span lang="en" dir="ltr">© 2026 Example Co.</span>' in arabic
    assert (
        'Dana Reyes<span class="visually-hidden">، </span></span><span class="byline__role">'
        in (arabic)
    )
    english = (out / "said/index.html").read_text("utf-8")
    assert '<p class="site-footer__copyright">© 2026 Example Co.</p>' in english
    assert (
        'Dana Reyes<span class="visually-hidden">, </span></span><span class="byline__role">'
        in (english)
    )


def test_a_menu_title_in_another_language_is_said_as_that_language(tmp_path: Path) -> None:
    menus = """\
menu:
  - {title: Search, url: /search/}
  - {title: {en: About, ar: حول}, url: about.md}
  - {title: {en: News, es: Noticias}, url: https://news.example/}
footer_menu:
  - {title: Corrections, url: /corrections/}
"""
    files = {
        "content/_index.md": md("Home"),
        "content/_index.ar.md": md("الرئيسية"),
        "content/about.md": md("About"),
        "content/about.ar.md": md("حول"),
    }
    out, _ = build_clean(tmp_path, files, SITE + menus)
    arabic = (out / "ar/about/index.html").read_text("utf-8")
    # one title for all, or none in Arabic: English words a screen reader says as English
    assert 'href="/ar/search/" lang="en" dir="ltr">Search</a>' in arabic
    assert 'href="https://news.example/" lang="en" dir="ltr">News</a>' in arabic
    assert 'href="/ar/corrections/" lang="en" dir="ltr">Corrections</a>' in arabic
    assert 'href="/ar/about/" aria-current="page">حول</a>' in arabic
    english = (out / "about/index.html").read_text("utf-8")
    assert 'href="/search/">Search</a>' in english
    nav = english.split('class="site-nav__list"')[1].split("</ul>")[0]
    assert "Search</a>" in nav and " lang=" not in nav  # in the page's own language: no mark


def test_the_search_page_of_a_language_without_sections_still_offers_pages(
    tmp_path: Path,
) -> None:
    files = {
        "content/_index.md": md("Home"),
        "content/_index.es.md": md("Inicio"),
        "content/faq/_index.md": md("Questions"),
        "content/about.md": md("About"),
        "content/about.ar.md": md("حول"),
    }
    out, _ = build_clean(tmp_path, files)

    def offered(rel: str) -> list[str]:
        html = (out / rel).read_text("utf-8")
        listed = html.split('class="search-fallback__list"', 1)[1].split("</ul>", 1)[0]
        return re.findall(r'<a href="([^"]*)"', listed)

    assert offered("search/index.html") == ["/faq/"]
    # the faq has no Arabic or Spanish page: "browse the sections instead" led to nothing
    assert offered("ar/search/index.html") == ["/ar/about/"]
    assert offered("es/search/index.html") == ["/es/"]


def test_made_pages_offer_their_other_languages(tmp_path: Path) -> None:
    files = {
        "content/_index.md": md("Home"),
        "content/_index.es.md": md("Inicio"),
        "content/a.md": md("A", tags="[privacy]"),
        "content/a.es.md": md("A es", tags="[privacy]"),
    }
    out, _ = build_clean(tmp_path, files)
    for path in ("search/", "corrections/", "tags/", "tags/privacy/"):
        for lang, prefix in (("en", ""), ("es", "es/")):
            html = (out / prefix / path / "index.html").read_text("utf-8")
            switcher = html.split('class="language-switcher"', 1)[1].split("</nav>", 1)[0]
            assert f'href="/{path}" hreflang="en"' in switcher, (lang, path)
            assert f'href="/es/{path}" hreflang="es"' in switcher, (lang, path)
            assert f'<link rel="alternate" hreflang="x-default" href="{BASE_URL}{path}">' in html
    assert 'class="language-switcher"' not in (out / "es/404.html").read_text("utf-8")


def test_a_redirect_page_speaks_the_language_of_the_page_it_sends_to(tmp_path: Path) -> None:
    files = {
        "content/_index.md": md("Home"),
        "content/_index.es.md": md("Inicio"),
        "content/_index.ar.md": md("الرئيسية"),
        "content/faq.md": md("Questions", aliases="[/old-faq/]"),
        "content/faq.es.md": md("Preguntas", aliases="[/es/viejo/]"),
        "content/faq.ar.md": md("الأسئلة", aliases="[/ar/old-faq/]"),
    }
    out, _ = build_clean(tmp_path, files)
    said = {
        rel: re.findall(r"<html[^>]*>|<title>.*</title>|<p>.*</p>", (out / rel).read_text("utf-8"))
        for rel in ("old-faq/index.html", "es/viejo/index.html", "ar/old-faq/index.html")
    }
    assert said == {
        "old-faq/index.html": [
            '<html lang="en">',
            "<title>Moved: Questions</title>",
            '<p>This page has moved to: <a href="/faq/">Questions</a></p>',
        ],
        "es/viejo/index.html": [
            '<html lang="es">',
            "<title>Trasladada: Preguntas</title>",
            '<p>Esta página se ha trasladado a: <a href="/es/faq/">Preguntas</a></p>',
        ],
        "ar/old-faq/index.html": [
            '<html lang="ar" dir="rtl">',
            "<title>نُقلت: الأسئلة</title>",
            '<p>نُقلت هذه الصفحة إلى: <a href="/ar/faq/">الأسئلة</a></p>',
        ],
    }


def test_a_section_made_for_a_language_is_told_to_need_a_title_in_it(tmp_path: Path) -> None:
    files = {
        "content/_index.md": md("Home"),
        "content/_index.es.md": md("Inicio"),
        "content/_index.ar.md": md("الرئيسية"),
        "content/press/a.md": md("A"),  # no _index.md: the default language's title is made too
        "content/press/a.es.md": md("A es"),
        "content/statements/_index.md": md("Statements"),
        "content/statements/_index.ar.md": md("التصريحات"),  # titled in Arabic: nothing to tell
        "content/statements/b.ar.md": md("ب"),
        "content/statements/old/c.es.md": md("C es"),
    }
    out, run = build_clean(tmp_path, files)
    lines = run.err.splitlines()
    told = [
        line
        for before, line in zip(["", *lines], lines, strict=False)
        if "section page" in line or (line.startswith("  hint") and "section page" in before)
    ]
    assert told == [
        "content/press/a.es.md: notice: the section page /es/press/ is titled 'Press', made from "
        "the folder's name, as there is no content/press/_index.es.md",
        "  hint: give it a title in es: write content/press/_index.es.md with a title: line",
        "content/statements/old/c.es.md: notice: the section page /es/statements/ is titled "
        "'Statements', made from the folder's name, as there is no "
        "content/statements/_index.es.md",
        "  hint: give it a title in es: write content/statements/_index.es.md with a title: line",
        "content/statements/old/c.es.md: notice: the section page /es/statements/old/ is titled "
        "'Old', made from the folder's name, as there is no content/statements/old/_index.es.md",
        "  hint: give it a title in es: write content/statements/old/_index.es.md with a title: "
        "line",
    ]
    assert '<h1 class="page-title">Press</h1>' in (out / "es/press/index.html").read_text("utf-8")


def test_a_home_lists_its_own_languages_pages_again_when_one_changes(tmp_path: Path) -> None:
    statement = "---\ntitle: {title}\ntype: statement\ndate: 2026-01-10\n---\nText.\n"
    files = {
        "content/_index.md": md("Home"),
        "content/_index.es.md": md("Inicio"),
        "content/news/said.md": statement.format(title="Said"),
        "content/news/said.es.md": statement.format(title="Dicho"),
    }
    out, _ = build_clean(tmp_path, files)
    hub = tmp_path / "hub"
    (hub / "content/news/said.es.md").write_text(statement.format(title="Dicho de nuevo"), "utf-8")
    assert build(hub, out).code == 0  # with the cache and the last output
    assert build(hub, tmp_path / "clean", "--no-cache").code == 0
    assert "Dicho de nuevo" in (out / "es/index.html").read_text("utf-8")
    assert tree(out) == tree(tmp_path / "clean")
