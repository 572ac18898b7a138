"""Where pages end up: slugs, page paths, output files and URL helpers."""

from __future__ import annotations

import re
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from recordhub import urls


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ("Hello World", "hello-world"),
        ("  Where is my data stored?  ", "where-is-my-data-stored"),
        ("What?! No...", "what-no"),
        ("a--b", "a-b"),
        ("Fact: 2025/02", "fact-2025-02"),
        ("C++ & C#", "c-c"),
        ("snake_case stays", "snake_case-stays"),
        ("Café Straße", "café-straße"),
        ("中文 标题", "中文-标题"),
        ("مرحبا بالعالم", "مرحبا-بالعالم"),
        ("한국어", "한국어"),
        ("---", "page"),
        ("", "page"),
        ("?!", "page"),
        ("...dots...", "dots"),
    ],
)
def test_slugify(text: str, slug: str) -> None:
    assert urls.slugify(text) == slug


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("Data privacy", "data-privacy"),
        ("C++", "c"),
        ("🔒", "u1f512"),
        (" ?! ", "u003f-u0021"),
        ("❤️", "u2764-ufe0f"),  # with its emoji variation selector, as phones write it
        ("❤️ data", "data"),  # the selector is no letter of the address
    ],
)
def test_a_tag_of_only_symbols_is_spelt_by_its_code_points(name: str, slug: str) -> None:
    assert urls.tag_slug(name) == slug


@given(st.text(alphabet=st.characters(max_codepoint=127), max_size=20))
def test_an_ascii_segment_keeps_what_the_unicode_rule_keeps(text: str) -> None:
    # the rule for any script: letters, marks after them, and digits stay; the rest is a dash
    kept = "".join(
        c if unicodedata.category(c)[0] in "LN" or c in "-._~" else "-" for c in text.lower()
    )
    assert urls._segment(text) == re.sub("-{2,}", "-", kept.strip()).strip("-.")


@pytest.mark.parametrize("text", ["Café Ünïcode", "résumé", "Ångström naïve"])
def test_nfc_and_nfd_give_the_same_slug(text: str) -> None:
    nfc = unicodedata.normalize("NFC", text)
    nfd = unicodedata.normalize("NFD", text)
    assert nfc != nfd
    assert urls.slugify(nfd) == urls.slugify(nfc)
    assert unicodedata.is_normalized("NFC", urls.slugify(nfd))


@pytest.mark.parametrize("name", ["café/résumé.md", "Ünïcode/_index.md"])
def test_nfc_and_nfd_give_the_same_page_path(name: str) -> None:
    nfd = unicodedata.normalize("NFD", name)
    assert urls.page_path(nfd, None) == urls.page_path(name, None)


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        pytest.param("हिन्दी समाचार", "हिन्दी-समाचार", id="devanagari"),
        pytest.param("ภาษาไทย ข่าว", "ภาษาไทย-ข่าว", id="thai"),
    ],
)
def test_slugify_keeps_combining_marks(text: str, slug: str) -> None:
    assert urls.slugify(text) == slug


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("a" * 300, id="ascii"),
        pytest.param("é" * 150, id="two-byte"),
        pytest.param("数据" * 60, id="three-byte"),
        pytest.param("word-" * 60, id="dashes"),
    ],
)
def test_long_slug_is_shortened_deterministically(text: str) -> None:
    slug = urls.slugify(text)
    assert len(slug.encode("utf-8")) <= urls.MAX_SEGMENT_BYTES
    assert slug == urls.slugify(text)
    assert slug.rsplit("-", 1)[1].isalnum() and len(slug.rsplit("-", 1)[1]) == 10
    slug.encode("utf-8").decode("utf-8")  # never cut inside a character


def test_long_slugs_with_a_common_start_stay_distinct() -> None:
    one, two = urls.slugify("x" * 250 + "one"), urls.slugify("x" * 250 + "two")
    assert one != two
    assert one[:180] == two[:180]


def test_short_slug_is_unchanged_at_the_limit() -> None:
    text = "a" * urls.MAX_SEGMENT_BYTES
    assert urls.slugify(text) == text
    assert urls.shorten(text) == text


@pytest.mark.parametrize(
    ("rel_path", "slug", "path"),
    [
        ("_index.md", None, ""),
        ("about.md", None, "about/"),
        ("faq/data.md", None, "faq/data/"),
        ("faq/_index.md", None, "faq/"),
        ("faq/sub/_index.md", None, "faq/sub/"),
        ("Big Folder/My Page.md", None, "big-folder/my-page/"),
        ("faq/data.md", "where-data-lives", "faq/where-data-lives/"),
        ("faq/_index.md", "questions", "questions/"),
        ("faq/sub/_index.md", "more", "faq/more/"),
        ("_index.md", "ignored", ""),
        ("2025-01-14-data-location.md", None, "2025-01-14-data-location/"),
    ],
)
def test_page_path(rel_path: str, slug: str | None, path: str) -> None:
    assert urls.page_path(rel_path, slug) == path


def test_page_path_shortens_long_slug_override() -> None:
    path = urls.page_path("faq/data.md", "s" * 300)
    assert path.startswith("faq/s")
    assert len(path.removeprefix("faq/").removesuffix("/").encode()) <= urls.MAX_SEGMENT_BYTES


def test_slug_override_is_url_safe() -> None:
    path = urls.page_path("faq/data.md", "What? #1")
    assert not set(path) & set("?# ")


@pytest.mark.parametrize(
    ("path", "file"),
    [("", "index.html"), ("faq/", "faq/index.html"), ("404.html", "404.html")],
)
def test_output_file(path: str, file: str) -> None:
    assert urls.output_file(path) == file


@pytest.mark.parametrize(
    ("rel_path", "codes", "result"),
    [
        ("faq/data.es.md", ("en", "es"), ("faq/data.md", "es")),
        ("faq/data.fr.md", ("en", "es"), ("faq/data.fr.md", None)),
        ("_index.pt-BR.md", ("en", "pt-BR"), ("_index.md", "pt-BR")),
        ("v1.2.md", ("en",), ("v1.2.md", None)),
        ("about.md", ("en",), ("about.md", None)),
    ],
)
def test_split_language(
    rel_path: str, codes: tuple[str, ...], result: tuple[str, str | None]
) -> None:
    assert urls.split_language(rel_path, codes) == result


@pytest.mark.parametrize(
    ("base_url", "path"),
    [
        ("https://hub.example/", "/"),
        ("https://hub.example", "/"),
        ("https://hub.example/facts/", "/facts/"),
        ("https://hub.example/facts", "/facts/"),
    ],
)
def test_base_path(base_url: str, path: str) -> None:
    assert urls.base_path(base_url) == path


@pytest.mark.parametrize(
    ("url", "external"),
    [
        ("https://e.example/a.md", True),
        ("mailto:press@hub.example", True),
        ("//cdn.example/x.js", True),
        ("tel:+100", True),
        ("faq/data.md", False),
        ("../about.md", False),
        ("/about/", False),
        ("#top", False),
    ],
)
def test_is_external(url: str, external: bool) -> None:
    assert urls.is_external(url) is external


@pytest.mark.parametrize(
    ("from_rel", "target", "resolved"),
    [
        ("faq/x.md", "data.md", "faq/data.md"),
        ("faq/x.md", "./data.md", "faq/data.md"),
        ("faq/x.md", "../about.md", "about.md"),
        ("faq/sub/x.md", "../../about.md", "about.md"),
        ("x.md", "faq/_index.md", "faq/_index.md"),
        ("faq/x.md", "", "faq/x.md"),
        ("x.md", unicodedata.normalize("NFD", "café.md"), "café.md"),
    ],
)
def test_resolve(from_rel: str, target: str, resolved: str) -> None:
    assert urls.resolve(from_rel, target) == resolved


def test_encode_keeps_reserved_characters() -> None:
    assert urls.encode("https://hub.example/café/?a=1#x") == "https://hub.example/caf%C3%A9/?a=1#x"


@pytest.mark.parametrize(
    ("code", "declared"),
    [
        ("pt-br", "pt-BR"),  # as site.yml writes it
        ("PT-BR", "pt-BR"),
        ("FR", "fr"),  # not declared: cased as BCP 47 writes tags, so FR and fr are one
        ("ZH-HANT-tw", "zh-Hant-TW"),
        ("es-419", "es-419"),
        ("sl-ROZAJ", "sl-rozaj"),
    ],
)
def test_declared_language_ignores_case(code: str, declared: str) -> None:
    assert urls.declared_language(code, ("en", "pt-BR")) == declared
