"""site.yml: every problem reported at once, each at site.yml:line:col."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from hubtest import make_site, run_cli
from recordhub import config
from recordhub.diagnostics import ConfigError, Diagnostic

GOOD = "title: Test Hub\nbase_url: https://hub.example/\n"


TITLE_HINT = "did you mean 'title'?"
MENU_TITLE_HINT = "write one title, or one per language: {en: Data storage, es: Datos}"


def load_problems(tmp_path: Path, site_yml: str | bytes) -> list[Diagnostic]:
    hub = make_site(tmp_path / "hub", {"site.yml": site_yml})
    with pytest.raises(ConfigError) as info:
        config.load(hub)
    assert all(d.path == "site.yml" for d in info.value.diagnostics)
    return info.value.diagnostics


def shown(found: list[Diagnostic]) -> list[tuple[int | None, int | None, str, str | None]]:
    return [(d.line, d.col, d.message, d.hint) for d in found]


def write_raw(tmp_path: Path, text: str) -> Path:
    """site.yml written byte for byte (make_site dedents and re-encodes text)."""
    hub = tmp_path / "hub"
    hub.mkdir()
    (hub / "site.yml").write_bytes(text.encode("utf-8"))
    return hub


# (id, site.yml, [(line, col, message, hint)])
INVALID = [
    *[
        (
            f"base-url-{name}",
            f"title: Test Hub\nbase_url: {url}\n",
            [
                (
                    2,
                    11,
                    "base_url must be an absolute URL such as https://facts.example.com/, "
                    "with no query or fragment, and a path, if any, of plain words: /hub/",
                    "e.g. base_url: https://facts.example.com/",
                )
            ],
        )
        for name, url in (
            ("with-a-fragment", "https://facts.example.com/#top"),
            ("with-a-query", "https://facts.example.com/?q=1"),
            ("with-an-empty-segment", "https://facts.example.com//"),
            ("with-an-encoded-space", "https://facts.example.com/a%20b/"),
            ("with-a-dot-folder", "https://facts.example.com/./"),
            ("with-a-folder-up", "https://facts.example.com/a/../b/"),
            ("with-a-backslash", "https://facts.example.com\\hub"),
            ("with-an-unclosed-bracket", "https://[::1/"),
        )
    ],
    # as the browser shows the home page's address: every page would be under /index.html/
    *[
        (
            f"base-url-ending-with-{name}",
            f"title: Test Hub\nbase_url: {url}\n",
            [
                (
                    2,
                    11,
                    f"base_url ends with {name}, a page's file: the hub's address is its folder, "
                    f"{folder}",
                    "e.g. base_url: https://facts.example.com/",
                )
            ],
        )
        for url, name, folder in (
            ("https://facts.example.com/index.html", "index.html", "https://facts.example.com/"),
            (
                "https://example.com/facts/Default.aspx",
                "Default.aspx",
                "https://example.com/facts/",
            ),
        )
    ],
    (
        "no-languages",
        GOOD + "languages: []\n",
        [
            (
                3,
                12,
                "'languages' is empty",
                "list at least one, as `- {code: en, name: English}`, or remove `languages:`",
            )
        ],
    ),
    (
        "menu-title-with-no-language",
        GOOD + "menu:\n  - {title: {}, url: about.md}\n",
        [
            (
                4,
                13,
                "a menu entry's title is empty",
                "write one title, or one per language: {en: Data storage, es: Datos}",
            )
        ],
    ),
    (
        "empty-verdict",
        GOOD + "verdicts:\n  misleading:\n",
        [(4, 14, "'verdicts.misleading' has no value", "write a value after `misleading:`")],
    ),
    *[
        (
            f"one-text-or-one-per-language-{name}",
            text,
            [(line, col, message, hint)],
        )
        for name, text, line, col, message, hint in (
            (
                "a-number",
                "title: 2026\nbase_url: https://hub.example/\n",
                1,
                8,
                "'title' must be text, but YAML read `2026` as a number",
                'put the value in quotes: title: "2026"',
            ),
            (
                "nothing",
                "title:\nbase_url: https://hub.example/\n",
                1,
                7,
                "'title' has no value",
                "write a value after `title:`",
            ),
            (
                "a-list",
                GOOD + "description: [Facts]\n",
                3,
                14,
                "'description' must be text, not a list",
                "expected text",
            ),
            (
                "a-number-for-a-language",
                GOOD + "copyright: {en: 2026}\n",
                3,
                17,
                "'copyright.en' must be text, but YAML read `2026` as a number",
                'put the value in quotes: en: "2026"',
            ),
            (
                "a-menu-title",
                GOOD + "menu:\n  - {title: yes, url: about.md}\n",
                4,
                13,
                "'menu[0].title' must be text, but YAML read `yes` as a true/false value",
                'put the value in quotes: title: "yes"',
            ),
        )
    ],
    (
        "unknown-key",
        GOOD + "tittle: Oops\n",
        [
            (
                3,
                1,
                "unknown field 'tittle'",
                TITLE_HINT,
            )
        ],
    ),
    (
        "control-character",
        GOOD + "description: Our\x0bfacts\n",
        [
            (
                3,
                17,
                "invisible control character U+000B, which YAML does not allow",
                "delete it (Word's Shift+Enter makes it); it does not show on screen, so retype "
                "the line if your editor cannot find it",
            )
        ],
    ),
    (
        "bad-base-url",
        "title: Test Hub\nbase_url: hub.example\n",
        [
            (
                2,
                11,
                "base_url must be an absolute URL such as https://facts.example.com/, "
                "with no query or fragment, and a path, if any, of plain words: /hub/",
                "e.g. base_url: https://facts.example.com/",
            )
        ],
    ),
    (
        "ftp-base-url",
        "title: Test Hub\nbase_url:   ftp://hub.example/\n",
        [
            (
                2,
                13,
                "base_url must be an absolute URL such as https://facts.example.com/, "
                "with no query or fragment, and a path, if any, of plain words: /hub/",
                "e.g. base_url: https://facts.example.com/",
            )
        ],
    ),
    (
        "invalid-language-code",
        GOOD + "languages:\n  - code: english\n    name: English\n",
        [
            (
                4,
                11,
                "'english' is not a valid BCP 47 language tag (e.g. en, es, pt-BR)",
                "use a language tag such as en, es, ar or pt-BR",
            )
        ],
    ),
    (
        "language-not-declared",
        GOOD + "language: fr\n",
        [(3, 11, "language 'fr' is not in languages", "add it to languages or use one of: en")],
    ),
    (
        "language-spelt-with-an-underscore",
        GOOD + "language: pt_br\nlanguages: [{code: en, name: E}, {code: pt-BR, name: P}]\n",
        [
            (
                3,
                11,
                "language 'pt_br' is not in languages",
                "did you mean 'pt-BR'? The hub's languages are: en, pt-BR",
            )
        ],
    ),
    (
        "language-not-text",
        GOOD + "language: [en]\n",
        [(3, 11, "'language' must be text, not a list", "expected text")],
    ),
    (
        "language-read-as-false",
        GOOD + "language: no\n",
        [
            (
                3,
                11,
                "'language' must be text, but YAML read `no` as a true/false value",
                'put the value in quotes: language: "no"',
            )
        ],
    ),
    (
        "language-listed-twice",
        GOOD + "languages:\n  - {code: en, name: English}\n  - {code: en, name: Again}\n",
        [(5, 12, "language 'en' is listed twice", "remove the duplicate entry")],
    ),
    # the languages' shape is told once, never again at the texts given per language
    (
        "languages-by-code-alone",
        "title: {en: Hub, es: Centro}\nbase_url: https://hub.example/\nlanguage: en\n"
        "languages: [en, es]\nmenu:\n  - {title: {en: FAQ, es: Preguntas}, url: /tags/}\n",
        [
            (
                4,
                13,
                "language 'en' is given by its code alone, without its name",
                "write each language as {code, name}: - {code: en, name: ...}",
            ),
            (
                4,
                17,
                "language 'es' is given by its code alone, without its name",
                "write each language as {code, name}: - {code: es, name: ...}",
            ),
        ],
    ),
    (
        "languages-as-a-mapping",
        "title: {en: Hub, es: Centro}\nbase_url: https://hub.example/\n"
        "languages:\n  en: English\n  es: Español\n",
        [
            (
                4,
                3,
                "'languages' must be a list, not a mapping",
                "write one line per language, each as - {code: en, name: English}",
            )
        ],
    ),
    (
        "missing-title",
        "base_url: https://hub.example/\n",
        [(1, 1, "missing required field 'title'", "add `title: ...`")],
    ),
    (
        "keys-named-as-elsewhere",
        "title: Test Hub\nurl: https://hub.example/\n"
        "languages:\n  - {code: en, name: English, direction: ltr}\n"
        "menu:\n  - {name: Topics, link: /tags/}\n",
        [
            (2, 1, "unknown field 'url'", "did you mean 'base_url'?"),
            (4, 31, "unknown field 'languages[0].direction'", "did you mean 'dir'?"),
            (6, 6, "unknown field 'menu[0].name'", "did you mean 'title'?"),
            (6, 20, "unknown field 'menu[0].link'", "did you mean 'url'?"),
        ],
    ),
    (
        "unknown-nested-key",
        GOOD + "organization: {name: Co, urll: https://co.example/}\n",
        [(3, 26, "unknown field 'organization.urll'", "did you mean 'url'?")],
    ),
    (
        "not-a-boolean",
        GOOD + "claim_review: maybe\n",
        [
            (
                3,
                15,
                "'claim_review' must be true or false, not text",
                "expected true or false",
            )
        ],
    ),
    # the dash of a list item with no space after it: the key inside the item is no fault
    *[
        (
            f"list-item-without-a-space-{name}",
            GOOD + f"menu:\n{items}",
            [
                (
                    4,
                    col,
                    "invalid YAML: mapping values are not allowed in this context",
                    f"write a space after the dash that starts a list item: - {fixed}",
                )
            ],
        )
        for name, items, col, fixed in (
            ("flow", "  -{title: A, url: /tags/}\n", 3, "{title: A, url: /tags/}"),
            ("block", "-title: A\n url: /tags/\n", 1, "title: A"),
        )
    ],
    (
        "malformed-yaml",
        "title: [unclosed\nbase_url: https://hub.example/\n",
        [
            (
                1,
                8,
                "invalid YAML: a list in [...] is never closed",
                "add the closing ] at the end of the list",
            )
        ],
    ),
    (
        "closed-as-front-matter",
        "---\n" + GOOD + "---\n",
        [
            (
                4,
                1,
                "invalid YAML: a --- line starts a second document, and this file holds one",
                "remove the --- line: only a page's front matter is closed with one",
            )
        ],
    ),
    (
        "tab-indentation",
        GOOD + "contact:\n\tpress: p@hub.example\n",
        [
            (
                4,
                1,
                "tab character in indentation",
                "YAML indentation must use spaces; replace the tab with spaces",
            )
        ],
    ),
    (
        "duplicate-key",
        GOOD + "title: Again\n",
        [
            (
                3,
                1,
                "duplicate key 'title' (first set on line 1)",
                "remove one of the two; a key may appear once per mapping",
            )
        ],
    ),
    (
        "a-list",
        "- title\n- base_url\n",
        [(1, 1, "site.yml must be a mapping of settings", "see the README")],
    ),
    (
        "empty",
        "",
        [(1, 1, "site.yml must be a mapping of settings", "see the README")],
    ),
    (
        "all-at-once",
        "title: Test Hub\n"
        "base_url: hub.example\n"
        "tittle: Oops\n"
        "languages:\n"
        "  - code: en_US\n"
        "    name: English\n",
        [
            (
                2,
                11,
                "base_url must be an absolute URL such as https://facts.example.com/, "
                "with no query or fragment, and a path, if any, of plain words: /hub/",
                "e.g. base_url: https://facts.example.com/",
            ),
            (
                3,
                1,
                "unknown field 'tittle'",
                TITLE_HINT,
            ),
            (
                5,
                11,
                "'en_US' is not a valid BCP 47 language tag (e.g. en, es, pt-BR)",
                "use a language tag such as en, es, ar or pt-BR",
            ),
        ],
    ),
]


@pytest.mark.parametrize(
    ("site_yml", "expected"), [pytest.param(*row[1:], id=row[0]) for row in INVALID]
)
def test_invalid_site_yml(
    tmp_path: Path, site_yml: str, expected: list[tuple[int, int, str, str]]
) -> None:
    assert shown(load_problems(tmp_path, site_yml)) == expected


def test_positions_with_bom_and_crlf(tmp_path: Path) -> None:
    hub = write_raw(tmp_path, "\ufefftitle: Test Hub\r\nbase_url: hub.example\r\ntittle: x\r\n")
    with pytest.raises(ConfigError) as info:
        config.load(hub)
    assert [(d.line, d.col) for d in info.value.diagnostics] == [(2, 11), (3, 1)]


def test_missing_site_yml(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    with pytest.raises(ConfigError) as info:
        config.load(tmp_path / "empty")
    [problem] = info.value.diagnostics
    assert (problem.path, problem.line, problem.col) == ("site.yml", None, None)
    assert problem.message == f"no site.yml in {tmp_path / 'empty'}"
    assert problem.hint == "run the command inside a hub, or create one with `recordhub init DIR`"


def test_site_yaml_is_named_with_the_fix(tmp_path: Path) -> None:
    hub = make_site(tmp_path / "hub", {"site.yaml": GOOD}, site_yml=None)
    with pytest.raises(ConfigError) as info:
        config.load(hub)
    [problem] = info.value.diagnostics
    assert (problem.path, problem.line, problem.col) == ("site.yaml", None, None)
    assert problem.message == "found site.yaml: rename it to site.yml"
    assert problem.hint == "recordhub reads its settings from site.yml"


def test_site_yml_not_utf8(tmp_path: Path) -> None:
    [problem] = load_problems(tmp_path, b"title: Caf\xe9\nbase_url: https://hub.example/\n")
    assert (problem.path, problem.line, problem.col) == ("site.yml", 1, 11)
    assert problem.message == (
        "not valid UTF-8 at byte 10 (0xe9); the file looks like Windows-1252 or Latin-1"
    )
    assert problem.hint == "save as UTF-8"


@pytest.mark.parametrize(
    ("setting", "line", "col", "message", "hint"),
    [
        (
            "menu:\n  - {title: About, url: 'javascript:alert(1)'}\n",
            4,
            25,
            "'javascript:' addresses are not allowed in links: javascript:alert(1)",
            "give a web address (https://...), or a path to a file of the hub",
        ),
        (
            "footer_menu:\n  - {title: About, url: ' JavaScript:x'}\n",
            4,
            25,
            "'JavaScript:' addresses are not allowed in links: JavaScript:x",
            "give a web address (https://...), or a path to a file of the hub",
        ),
        (
            "organization: {name: O, logo: 'data:image/svg+xml,<svg/>'}\n",
            3,
            31,
            "'data:' addresses are not allowed in links: data:image/svg+xml,<svg/>",
            "give the logo's path from the site's root, e.g. logo: /logo.svg (in static/)",
        ),
        (
            "organization: {name: O, url: 'javascript:x'}\n",
            3,
            30,
            "'javascript:' addresses are not allowed in links: javascript:x",
            "give a web address (https://...), or a path to a file of the hub",
        ),
        (
            "organization: {name: O, same_as: [https://a.example/, 'javascript:x']}\n",
            3,
            55,
            "'javascript:' addresses are not allowed in links: javascript:x",
            "give the web addresses (https://...) of the organisation's own profiles",
        ),
    ],
)
def test_site_yml_addresses_that_run_code_are_refused(
    tmp_path: Path, setting: str, line: int, col: int, message: str, hint: str
) -> None:
    [problem] = load_problems(tmp_path, GOOD + setting)
    assert (problem.line, problem.col, problem.message, problem.hint) == (line, col, message, hint)


def test_verdict_keys_with_marks_yaml_gives_meaning_to_are_text(tmp_path: Path) -> None:
    text = GOOD + 'verdicts:\n  "@misleading": Misleading\n  "[outdated]": Old\n  "*x": X\n'
    hub = write_raw(tmp_path, text)
    verdicts = config.load(hub).settings.verdicts
    assert verdicts == {"@misleading": "Misleading", "[outdated]": "Old", "*x": "X"}


# (id, site.yml, attribute path, expected)
VALID = [
    (
        "base-url-gets-slash",
        "title: T\nbase_url: https://hub.example/facts\n",
        "base_url",
        "https://hub.example/facts/",
    ),
    ("default-language", GOOD, "default_language", "en"),
    (
        "bcp47-tags",
        GOOD + "languages:\n  - {code: pt-BR, name: P}\n  - {code: zh-Hant-TW, name: Z}\n"
        "  - {code: es-419, name: S}\n",
        "default_language",
        "pt-BR",
    ),
    (
        "explicit-language",
        GOOD + "language: es\nlanguages:\n  - {code: en, name: E}\n  - {code: es, name: S}\n",
        "default_language",
        "es",
    ),
    ("bom", "\ufeff" + GOOD, "base_url", "https://hub.example/"),
    (
        "default-language-in-another-case",
        GOOD + "language: ES\nlanguages:\n  - {code: en, name: E}\n  - {code: es, name: S}\n",
        "default_language",
        "es",
    ),
]


@pytest.mark.parametrize(
    ("site_yml", "attribute", "expected"), [pytest.param(*r[1:], id=r[0]) for r in VALID]
)
def test_valid_site_yml(tmp_path: Path, site_yml: str, attribute: str, expected: str) -> None:
    loaded = config.load(write_raw(tmp_path, site_yml))
    value = getattr(loaded, attribute, None) or getattr(loaded.settings, attribute)
    assert value == expected


def test_base_url_override(tmp_path: Path) -> None:
    loaded = config.load(write_raw(tmp_path, GOOD), base_url="https://other.example/x")
    assert loaded.settings.base_url == "https://other.example/x/"


def test_config_folders(tmp_path: Path) -> None:
    loaded = config.load(write_raw(tmp_path, GOOD))
    root = (tmp_path / "hub").resolve()
    assert loaded.root == root
    assert loaded.content_dir == root / "content"
    assert loaded.templates_dir == root / "templates"
    assert loaded.static_dir == root / "static"


def test_unknown_site_key_hint_does_not_mention_extra(tmp_path: Path) -> None:
    [problem] = load_problems(tmp_path, GOOD + "tittle: Oops\n")
    assert problem.hint is not None
    assert problem.hint.startswith("did you mean 'title'?")
    assert "extra" not in problem.hint


def test_language_checked_with_other_errors(tmp_path: Path) -> None:
    found = load_problems(tmp_path, "title: T\nbase_url: hub.example\nlanguage: fr\n")
    assert [(d.line, d.col) for d in found] == [(2, 11), (3, 11)]


@pytest.mark.parametrize(
    ("extra", "hint"),
    [
        pytest.param(
            "menu:\n  - title: A\n    url: a.md\n  - title: B\n    urll: b.md\n",
            "did you mean 'url'?",
            id="menu",
        ),
        pytest.param(
            "languages:\n  - code: en\n    name: E\n    dirr: ltr\n",
            "did you mean 'dir'?",
            id="languages",
        ),
    ],
)
def test_unknown_key_in_list_entry_has_suggestion(tmp_path: Path, extra: str, hint: str) -> None:
    found = load_problems(tmp_path, GOOD + extra)
    unknown = [d for d in found if d.message.startswith("unknown field")]
    assert len(unknown) == 1
    assert unknown[0].hint == hint


def test_boolean_verdict_key(tmp_path: Path) -> None:
    [problem] = load_problems(tmp_path, GOOD + "verdicts:\n  false: Wrong\n")
    assert (problem.line, problem.col) == (4, 3)
    assert "[key]" not in problem.message and "[0]" not in problem.message
    assert problem.hint is not None and '"false":' in problem.hint


EXTENSION_HINT_START = "check its name; built-in ones are toc"


def test_each_markdown_extension_that_fails_is_named_at_its_line(tmp_path: Path) -> None:
    site_yml = (
        GOOD
        + "markdown:\n"
        + "  extensions:\n"
        + "    - toc\n"
        + "    - no_such_extension\n"
        + "    - abbr\n"
        + "    - tables\n"
        + "  extension_configs:\n"
        + "    tables: {no_such_option: 1}\n"
    )
    found = load_problems(tmp_path, site_yml)
    # a name that is no extension, at the name; a setting it does not have, at the setting
    assert [(d.line, d.col) for d in found] == [(6, 7), (10, 14)]
    assert found[0].message.startswith("Markdown extension 'no_such_extension' cannot be loaded")
    assert (found[0].hint or "").startswith(EXTENSION_HINT_START)
    assert found[1].message == "unknown field 'markdown.extension_configs.tables.no_such_option'"
    assert found[1].hint == "remove it; tables takes these settings: use_align_attribute"


@pytest.mark.parametrize(
    ("markdown", "expected"),
    [
        (
            "  extensions: [tabels, footnote]\n",
            [
                (
                    4,
                    16,
                    "Markdown extension 'tabels' cannot be loaded: No module named 'tabels'",
                    "did you mean 'tables'?",
                ),
                (
                    4,
                    24,
                    "Markdown extension 'footnote' cannot be loaded: No module named 'footnote'",
                    "did you mean 'footnotes'?",
                ),
            ],
        ),
        (
            "  extension_configs:\n    toc: {titel: Contents}\n",
            [
                (
                    5,
                    11,
                    "unknown field 'markdown.extension_configs.toc.titel'",
                    "did you mean 'title'?",
                )
            ],
        ),
        (
            "  extension_configs:\n    tco: {title: Contents}\n",
            [
                (
                    5,
                    5,
                    "markdown.extension_configs has settings for 'tco', which is not in use",
                    "did you mean 'toc'?",
                )
            ],
        ),
        (
            "  extensions: [tables]\n  extension_configs:\n    toc: {title: Contents}\n",
            [
                (
                    6,
                    5,
                    "markdown.extension_configs has settings for 'toc', which is not in use",
                    "add toc to markdown.extensions (tables), or remove its settings",
                )
            ],
        ),
        (
            "  extensions: [tables, tables]\n  extension_configs:\n    toc: {title: Contents}\n",
            [
                (
                    4,
                    24,
                    "Markdown extension 'tables' is listed twice",
                    "remove the duplicate entry",
                ),
                (
                    6,
                    5,
                    "markdown.extension_configs has settings for 'toc', which is not in use",
                    "add toc to markdown.extensions (tables), or remove its settings",
                ),
            ],
        ),
    ],
)
def test_a_misspelt_extension_or_setting_has_a_suggestion_at_its_place(
    tmp_path: Path, markdown: str, expected: list[tuple[int, int, str, str]]
) -> None:
    assert shown(load_problems(tmp_path, GOOD + "markdown:\n" + markdown)) == expected


def test_extensions_that_load_alone_but_not_together_are_an_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # two real extension modules: the second refuses to be loaded after the first
    (tmp_path / "lib").mkdir()
    (tmp_path / "lib" / "rh_pair.py").write_text(
        "from markdown.extensions import Extension\n"
        "class First(Extension):\n"
        "    def extendMarkdown(self, md):\n"
        "        md.rh_first = True\n"
        "class Second(Extension):\n"
        "    def extendMarkdown(self, md):\n"
        "        if getattr(md, 'rh_first', False):\n"
        "            raise ValueError('Second cannot follow First')\n",
        encoding="utf-8",
    )
    monkeypatch.syspath_prepend(str(tmp_path / "lib"))
    site_yml = GOOD + "markdown:\n  extensions: ['rh_pair:First', 'rh_pair:Second']\n"
    found = load_problems(tmp_path, site_yml)
    assert shown(found) == [
        (
            4,
            15,
            "these Markdown extensions cannot be loaded together: Second cannot follow First",
            "remove the one added last, or check the settings they share",
        )
    ]
    alone = GOOD + "markdown:\n  extensions: ['rh_pair:Second', toc]\n"
    assert config.load(make_site(tmp_path / "alone", {"site.yml": alone})).settings.markdown


FOOTNOTE_HINT = (
    "correct the value, or remove the setting to keep its default (footnotes describes it as "
    '"The text string that links from the footnote to the reader\'s place")'
)
TOC_TITLE_HINT = (
    "correct the value, or remove the setting to keep its default (toc describes it as "
    '"Title to insert into TOC `<div>`. Default: an empty string")'
)


@pytest.mark.parametrize(
    ("configs", "expected"),
    [
        (
            "footnotes: {BACKLINK_TEXT: 1}",
            (
                6,
                32,
                "markdown.extension_configs.footnotes.BACKLINK_TEXT takes text, not a number",
                FOOTNOTE_HINT,
            ),
        ),
        (
            "footnotes: {BACKLINK_TEXT: [x]}",
            (
                6,
                32,
                "markdown.extension_configs.footnotes.BACKLINK_TEXT takes text, not a list",
                FOOTNOTE_HINT,
            ),
        ),
        (
            "toc: {title: 5}",
            (
                6,
                18,
                "markdown.extension_configs.toc.title takes text, not a number",
                TOC_TITLE_HINT,
            ),
        ),
        (
            "toc: {slugify: os.system}",
            (
                6,
                20,
                "markdown.extension_configs.toc.slugify takes a Python function, which site.yml "
                "cannot give",
                "remove the setting",
            ),
        ),
    ],
)
def test_a_markdown_setting_of_the_wrong_kind_is_named_at_its_value(
    tmp_path: Path, configs: str, expected: tuple[int, int, str, str]
) -> None:
    site_yml = (
        GOOD
        + "markdown:\n  extensions: [footnotes, toc]\n  extension_configs:\n    "
        + configs
        + "\n"
    )
    assert shown(load_problems(tmp_path, site_yml)) == [expected]


def test_markdown_settings_that_work_are_kept(tmp_path: Path) -> None:
    site_yml = (
        GOOD + "markdown:\n  extension_configs:\n"
        "    toc: {toc_depth: '2-4', permalink: '#', baselevel: 2, title: Contents}\n"
        "    footnotes: {BACKLINK_TEXT: back}\n"
    )
    loaded = config.load(make_site(tmp_path / "hub", {"site.yml": site_yml}))
    assert loaded.settings.markdown.extension_configs["toc"]["baselevel"] == 2


PICKY = """\
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor


class Picky(Extension):
    def __init__(self, **kwargs):
        self.config = {"mark": ["*", "One character"], "other": ["-", "Another one"]}
        super().__init__(**kwargs)

    def extendMarkdown(self, md):
        mark, other = self.getConfig("mark"), self.getConfig("other")

        class Check(Treeprocessor):
            def run(self, root):
                if len(mark) != 1:
                    raise ValueError("mark must be one character")
                if mark == other:
                    raise ValueError("mark and other must differ")

        md.treeprocessors.register(Check(md), "picky", 0)


def makeExtension(**kwargs):
    return Picky(**kwargs)
"""


@pytest.mark.parametrize(
    ("configs", "expected"),
    [
        (
            "{mark: ab}",
            (
                6,
                22,
                "markdown.extension_configs.rh_picky.mark does not work with the value 'ab': "
                "ValueError: mark must be one character",
                "correct the value, or remove the setting to keep its default "
                '(rh_picky describes it as "One character")',
            ),
        ),
        (
            "{mark: +, other: +}",
            (
                6,
                15,
                "these Markdown settings fail together: ValueError: mark and other must differ",
                "remove the setting added last, or check the settings they share",
            ),
        ),
    ],
)
def test_markdown_settings_that_fail_on_a_page_are_an_error_at_load(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    configs: str,
    expected: tuple[int, int, str, str],
) -> None:
    (tmp_path / "lib").mkdir()
    (tmp_path / "lib" / "rh_picky.py").write_text(PICKY, encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path / "lib"))
    site_yml = (
        GOOD + "markdown:\n  extensions: [rh_picky]\n  extension_configs:\n    rh_picky: " + configs
    )
    assert shown(load_problems(tmp_path, site_yml + "\n")) == [expected]


def org(values: str) -> str:
    """site.yml with an organization of these values, on line 3."""
    return GOOD + "organization: {name: Example Co, " + values + "}\n"


@pytest.mark.parametrize(
    ("site_yml", "expected"),
    [
        (
            org("url: example.com"),
            (
                3,
                39,
                "organization.url needs https:// in front: example.com",
                "write the full address: url: https://example.com",
            ),
        ),
        (
            org("logo: logo.svg"),
            (
                3,
                40,
                "organization.logo is an address from the site's root, e.g. /logo.svg",
                "write logo: /logo.svg for the file static/logo.svg",
            ),
        ),
        (
            org("logo: /missing.svg"),
            (
                3,
                40,
                "organization.logo is /missing.svg, and there is no file static/missing.svg",
                "put the logo at static/missing.svg, or correct the address",
            ),
        ),
        (  # static/../site.yml is a file, but no page could show it
            org("logo: /../site.yml"),
            (
                3,
                40,
                "organization.logo is /../site.yml, which leads out of the site's root",
                "put the logo in static/ and write its address from the site's root, "
                "e.g. /logo.svg",
            ),
        ),
        (
            org("logo: 'https://cdn.example/logo.svg'"),
            (
                3,
                40,
                "organization.logo loads https://cdn.example/logo.svg from another site; "
                "readers' visits would be seen there",
                "put the file in static/ and write logo: /logo.svg, or add its origin to "
                "allow_origins",
            ),
        ),
        (  # the hub's own host: not another site, but the published hub's file
            org("logo: 'https://hub.example/img/logo.svg'"),
            (
                3,
                40,
                "organization.logo is https://hub.example/img/logo.svg, the hub's own address "
                "in full: the preview and a build with --base-url would show the logo of the "
                "published hub",
                "write logo: /img/logo.svg",
            ),
        ),
        (  # the hub's domain, outside its folder: no other site, but the company's own
            org("logo: 'https://hub.example/brand/logo.png'").replace(
                "hub.example/\n", "hub.example/facts/\n"
            ),
            (
                3,
                40,
                "organization.logo is https://hub.example/brand/logo.png, on the hub's domain "
                "but outside its folder /facts/: the build cannot check that the file is "
                "there, and the preview would load it from the published domain",
                "put the file in static/ and write logo: /logo.png, or add "
                "https://hub.example to allow_origins to load it from there",
            ),
        ),
        (  # http:// on the hub's host is its domain still, and blocked on its https pages
            org("logo: 'http://hub.example/brand/logo.png'").replace(
                "hub.example/\n", "hub.example/facts/\n"
            ),
            (
                3,
                40,
                "organization.logo is http://hub.example/brand/logo.png, on the hub's domain "
                "but outside its folder /facts/: the build cannot check that the file is "
                "there, and the preview would load it from the published domain",
                "put the file in static/ and write logo: /logo.png, or add "
                "https://hub.example to allow_origins and write logo: "
                "https://hub.example/brand/logo.png",
            ),
        ),
        (  # http:// and the hub's own folder: the hub's own address, in full
            org("logo: 'http://HUB.example:80/img/logo.svg'"),
            (
                3,
                40,
                "organization.logo is http://HUB.example:80/img/logo.svg, the hub's own address "
                "in full: the preview and a build with --base-url would show the logo of the "
                "published hub",
                "write logo: /img/logo.svg",
            ),
        ),
        (
            org("same_as: [twitter.com/example]"),
            (
                3,
                44,
                "organization.same_as[0] is not a profile's web address: twitter.com/example",
                "write the full address: https://twitter.com/example",
            ),
        ),
        (
            org("same_as: ['@example']"),
            (
                3,
                44,
                "organization.same_as[0] is not a profile's web address: @example",
                "write the full address, e.g. https://social.example/@example",
            ),
        ),
    ],
)
def test_an_address_of_the_organization_is_checked_at_its_line(
    tmp_path: Path, site_yml: str, expected: tuple[int, int, str, str]
) -> None:
    assert shown(load_problems(tmp_path, site_yml)) == [expected]


@pytest.mark.parametrize(
    ("site_yml", "files"),
    [
        (org("logo: /logo.svg, url: https://example.com"), {"static/logo.svg": "<svg/>"}),
        (org("logo: /images/logo.png"), {"content/images/logo.png": "png"}),
        (
            org("logo: /facts/logo.svg").replace("hub.example/", "hub.example/facts/"),
            {"static/logo.svg": "<svg/>"},
        ),
        (
            org("logo: 'https://cdn.example/logo.svg'") + "allow_origins: [https://cdn.example]\n",
            {},
        ),
        (
            org("logo: 'https://cdn.example/logo.svg'")
            + "allow_origins: ['https://CDN.example:443']\n",
            {},
        ),
    ],
)
def test_a_logo_of_the_hub_or_of_an_allowed_origin_is_taken(
    tmp_path: Path, site_yml: str, files: dict[str, str]
) -> None:
    hub = make_site(tmp_path / "hub", {"site.yml": site_yml, **files})
    assert config.load(hub).settings.organization is not None


def test_an_address_that_is_refused_anyway_is_told_once(tmp_path: Path) -> None:
    found = load_problems(tmp_path, org("url: 'javascript:alert(1)'"))
    assert [d.message for d in found] == [
        "'javascript:' addresses are not allowed in links: javascript:alert(1)"
    ]


ORIGIN_HINT = "write the origin as scheme://host[:port], e.g. https://cdn.example.com"
WILDCARD_HINT = "list each origin the pages load from, e.g. https://cdn.example.com"


@pytest.mark.parametrize(
    ("origin", "message", "hint"),
    [
        (
            "cdn.example.com",
            "allow_origins[0] has no https:// in front: cdn.example.com",
            "write https://cdn.example.com",
        ),
        (
            "'*'",
            "allow_origins[0] has a wildcard, which allow_origins does not take: *",
            WILDCARD_HINT,
        ),
        (
            "'https://*.example.com'",
            "allow_origins[0] has a wildcard, which allow_origins does not take: "
            "https://*.example.com",
            WILDCARD_HINT,
        ),
        (
            "'https://a.example; script-src *'",
            "allow_origins[0] is not an origin (scheme://host[:port]): "
            "https://a.example; script-src *",
            ORIGIN_HINT,
        ),
        (
            "https://cdn.example.com/lib/",
            "allow_origins[0] has a path, and an origin is only scheme://host[:port]: "
            "https://cdn.example.com/lib/",
            "write https://cdn.example.com",
        ),
        (
            "'ftp://files.example.com'",
            "allow_origins[0] is not an origin (scheme://host[:port]): ftp://files.example.com",
            ORIGIN_HINT,
        ),
        *[
            (
                origin,
                f"allow_origins[0] has a port that is not a number from 1 to 65535: {port}",
                "write the port the origin is served on, or none for the usual one",
            )
            for origin, port in (
                ("https://cdn.example.com:99999", "99999"),
                ("'http://[::1]:0/'", "0"),
            )
        ],
    ],
)
def test_each_allowed_origin_must_be_an_origin(
    tmp_path: Path, origin: str, message: str, hint: str
) -> None:
    site_yml = GOOD + f"allow_origins:\n  - https://ok.example\n  - {origin}\n"
    [problem] = load_problems(tmp_path, site_yml)
    assert shown([problem]) == [(5, 5, message.replace("[0]", "[1]"), hint)]


def test_origins_with_a_port_or_in_capitals_are_taken(tmp_path: Path) -> None:
    origins = "[https://cdn.example.com, 'HTTPS://Media.Example.com:8443/', 'http://[::1]:8000']"
    hub = make_site(tmp_path / "hub", {"site.yml": GOOD + f"allow_origins: {origins}\n"})
    assert len(config.load(hub).settings.allow_origins) == 3


BILINGUAL = GOOD + "languages:\n  - {code: en, name: English}\n  - {code: es, name: Español}\n"


@pytest.mark.parametrize(
    ("site_yml", "expected"),
    [
        (
            GOOD + "contact: {security: 'http://example.com/security'}\n",
            (
                3,
                21,
                "contact.security goes into security.txt, which takes https:// only: "
                "http://example.com/security",
                "write security: https://example.com/security",
            ),
        ),
        (
            "title: Test Hub\nbase_url: https://facts.example.com:abc/\n",
            (
                2,
                11,
                "base_url has a port that is not a number from 1 to 65535: abc",
                "e.g. base_url: https://facts.example.com/",
            ),
        ),
        (
            BILINGUAL + "description: {en: Facts, sp: Datos}\n",
            (
                6,
                26,
                "description has a text for 'sp', which is not a language of the hub",
                "use one of the hub's languages (en, es), or add 'sp' to languages",
            ),
        ),
        (
            BILINGUAL + "description: {en: Facts, ess: Datos}\n",
            (
                6,
                26,
                "description has a text for 'ess', which is not a language of the hub",
                "did you mean 'es'? The hub's languages are: en, es",
            ),
        ),
        (
            BILINGUAL + "menu:\n  - {title: {en: FAQ, fr: FAQ}, url: /faq/}\n",
            (
                7,
                23,
                "menu[0].title has a title for 'fr', which is not a language of the hub",
                "use one of the hub's languages (en, es), or add 'fr' to languages",
            ),
        ),
    ],
)
def test_a_published_value_is_checked_at_its_line(
    tmp_path: Path, site_yml: str, expected: tuple[int, int, str, str]
) -> None:
    assert shown(load_problems(tmp_path, site_yml)) == [expected]


def test_base_url_scheme_in_capitals_is_taken_and_written_in_small_letters(tmp_path: Path) -> None:
    hub = make_site(
        tmp_path / "hub", {"site.yml": "title: T\nbase_url: HTTPS://facts.example.com\n"}
    )
    assert config.load(hub).settings.base_url == "https://facts.example.com/"


@pytest.mark.parametrize(
    ("given", "written"),
    [
        ("https://Facts.EXAMPLE.com:443/Hub/", "https://facts.example.com/Hub/"),
        ("http://facts.example.com:80", "http://facts.example.com/"),
        ("https://facts.example.com:8443/", "https://facts.example.com:8443/"),
        ("http://[::1]:8000/", "http://[::1]:8000/"),
        ("https://facts.example.com:/", "https://facts.example.com/"),
        ("https://facts.example.com:0443/hub", "https://facts.example.com/hub/"),
        ("https://Bücher.example/", "https://xn--bcher-kva.example/"),
        ("https://例え.テスト/facts/", "https://xn--r8jz45g.xn--zckzah/facts/"),
    ],
)
def test_base_url_is_written_as_browsers_write_it(tmp_path: Path, given: str, written: str) -> None:
    # the host in small letters and without its scheme's own port: a path keeps its capitals
    hub = make_site(tmp_path / "hub", {"site.yml": f"title: T\nbase_url: '{given}'\n"})
    assert config.load(hub).settings.base_url == written


TIME_LIMIT_HINT = "give the seconds one page may take to convert, e.g. time_limit: 10"


@pytest.mark.parametrize(
    ("given", "message"),
    [
        ("0", "'markdown.time_limit' must be more than 0, not 0"),
        ("-1", "'markdown.time_limit' must be more than 0, not -1"),
        (".inf", "'markdown.time_limit' must be a finite number, not .inf"),
        (".nan", "'markdown.time_limit' must be a finite number, not .nan"),
        ("86400", "'markdown.time_limit' must be at most 3600, not 86400"),
        ("1.0e+300", "'markdown.time_limit' must be at most 3600, not 1.0e+300"),
        ("yes", "'markdown.time_limit' must be a number, not a true/false value"),
        ("ten", "'markdown.time_limit' must be a number, not text"),
    ],
)
def test_a_time_limit_that_is_no_number_of_seconds_is_an_error_at_its_value(
    tmp_path: Path, given: str, message: str
) -> None:
    [problem] = load_problems(tmp_path, GOOD + f"markdown:\n  time_limit: {given}\n")
    hint = "expected a number" if "must be a number" in message else TIME_LIMIT_HINT
    assert shown([problem]) == [(4, 15, message, hint)]


def test_a_time_limit_in_whole_or_part_seconds_is_taken(tmp_path: Path) -> None:
    hub = make_site(tmp_path / "hub", {"site.yml": GOOD + "markdown: {time_limit: 2.5}\n"})
    assert config.load(hub).settings.markdown.time_limit == 2.5


def test_a_markdown_extension_that_fails_is_told_with_the_other_problems(tmp_path: Path) -> None:
    site_yml = (
        "title: Test Hub\nbase_url: hub.example\nclaim_review: maybe\n"
        "markdown:\n  extensions: [toc, no_such_extension]\n"
    )
    found = load_problems(tmp_path, site_yml)
    assert [(d.line, d.col) for d in found] == [(2, 11), (3, 15), (5, 21)]
    assert found[2].message == (
        "Markdown extension 'no_such_extension' cannot be loaded: "
        "No module named 'no_such_extension'"
    )


@pytest.mark.parametrize(
    ("given", "message"),
    [
        (
            "https://facts.example.com:0/",
            "base_url has a port that is not a number from 1 to 65535: 0",
        ),
        ("https://a:b:c/", "base_url has a port that is not a number from 1 to 65535: b:c"),
        (
            "https://facts..example.com/",
            "base_url has a host name that no address can have: facts..example.com",
        ),
    ],
)
def test_a_base_url_of_no_host_or_port_is_an_error_at_its_value(
    tmp_path: Path, given: str, message: str
) -> None:
    found = load_problems(tmp_path, f"title: T\nbase_url: '{given}'\n")
    assert shown(found) == [(2, 11, message, "e.g. base_url: https://facts.example.com/")]


def test_a_base_url_with_a_host_in_another_script_is_published_as_dns_names_it(
    tmp_path: Path,
) -> None:
    hub = make_site(
        tmp_path / "hub",
        {
            "site.yml": "title: T\nbase_url: https://Bücher.example/\n",
            "content/_index.md": "---\ntitle: Home\n---\n",
        },
    )
    assert run_cli("-C", hub, "build", "-o", tmp_path / "out").code == 0
    sitemap = (tmp_path / "out" / "sitemap.xml").read_text(encoding="utf-8")
    assert "<loc>https://xn--bcher-kva.example/</loc>" in sitemap
    robots = (tmp_path / "out" / "robots.txt").read_text(encoding="utf-8")
    assert "Sitemap: https://xn--bcher-kva.example/sitemap.xml" in robots


@pytest.mark.parametrize(
    ("setting", "expected"),
    [
        (
            "menu:\n  - {title: '  ', url: about.md}\n",
            (4, 13, "a menu entry's title is empty", MENU_TITLE_HINT),
        ),
        (
            "menu:\n  - {title: {en: ''}, url: about.md}\n",
            (4, 13, "a menu entry's title is empty", MENU_TITLE_HINT),
        ),
        (
            "footer_menu:\n  - {title: About, url: ''}\n",
            (4, 25, "'footer_menu[0].url' is empty", "write a url after `url:`"),
        ),
        (
            "menu:\n  - {title: About, url: '  '}\n",
            (4, 25, "'menu[0].url' is empty", "write a url after `url:`"),
        ),
        (
            "organization: {name: ' '}\n",
            (3, 22, "'organization.name' is empty", "write a name after `name:`"),
        ),
        (
            "languages:\n  - {code: en, name: ''}\n",
            (4, 22, "'languages[0].name' is empty", "write a name after `name:`"),
        ),
    ],
)
def test_a_name_or_menu_entry_that_would_show_nothing_is_an_error(
    tmp_path: Path, setting: str, expected: tuple[int, int, str, str]
) -> None:
    assert shown(load_problems(tmp_path, GOOD + setting)) == [expected]


def test_a_menu_address_is_taken_without_the_spaces_around_it(tmp_path: Path) -> None:
    hub = make_site(tmp_path / "hub", {"site.yml": GOOD + "menu: [{title: A, url: ' a.md '}]\n"})
    assert config.load(hub).settings.menu[0].url == "a.md"


def test_a_verdict_key_read_as_true_false_is_quoted_with_its_label_as_written(
    tmp_path: Path,
) -> None:
    found = load_problems(tmp_path, GOOD + "verdicts:\n  no: No\n  on: 'On \"topic\"'\n")
    assert shown(found) == [
        (
            4,
            3,
            "verdict key `no` was read by YAML as a true/false value, not as text",
            'put the key in quotes: "no": "No"',
        ),
        (
            4,
            7,
            "'verdicts.no' must be text, but YAML read `No` as a true/false value",
            'put the value in quotes: no: "No"',
        ),
        (
            5,
            3,
            "verdict key `on` was read by YAML as a true/false value, not as text",
            'put the key in quotes: "on": "On \\"topic\\""',
        ),
    ]


@pytest.mark.parametrize(
    "verdicts",
    [
        'verdicts: {yes: Yep, "false": Wrong, no: Nope}\n',
        "verdicts:\n  yes: Yep\n  'false': Wrong\n  no: Nope\n",
    ],
)
def test_a_verdict_key_in_quotes_is_not_blamed_for_one_that_is_not(
    tmp_path: Path, verdicts: str
) -> None:
    # "false" in quotes is text; `no` is what YAML read as false, and the one to quote
    found = [message for _, _, message, _ in shown(load_problems(tmp_path, GOOD + verdicts))]
    assert found == [
        "verdict key `yes` was read by YAML as a true/false value, not as text",
        "verdict key `no` was read by YAML as a true/false value, not as text",
    ]


def test_a_key_in_another_case_is_named_as_the_key_it_means(tmp_path: Path) -> None:
    found = load_problems(tmp_path, "Title: Test Hub\nBASE_URL: https://hub.example/\n")
    assert shown(found) == [
        (1, 1, "unknown field 'Title'", TITLE_HINT),
        (2, 1, "unknown field 'BASE_URL'", "did you mean 'base_url'?"),
    ]


@pytest.mark.parametrize(
    ("module", "reason"),
    [
        ("raise RuntimeError('no licence key')\n", "RuntimeError: no licence key"),
        (
            "from markdown.extensions import Extension\n"
            "class Broken(Extension):\n"
            "    def extendMarkdown(self, md):\n"
            "        raise LookupError('no table')\n"
            "def makeExtension(**kwargs):\n"
            "    return Broken(**kwargs)\n",
            "LookupError: no table",
        ),
    ],
)
def test_an_extension_whose_own_code_fails_is_an_error_at_its_name(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, module: str, reason: str
) -> None:
    (tmp_path / "lib").mkdir()
    (tmp_path / "lib" / "rh_failing.py").write_text(module, encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path / "lib"))
    monkeypatch.delitem(sys.modules, "rh_failing", raising=False)
    found = load_problems(tmp_path, GOOD + "markdown:\n  extensions: [toc, rh_failing]\n")
    assert shown(found) == [
        (
            4,
            21,
            f"Markdown extension 'rh_failing' cannot be loaded: {reason}",
            "its own code failed: update it, or remove it from markdown.extensions",
        )
    ]


def test_settings_with_which_an_extension_cannot_load_are_each_told_at_their_value(
    tmp_path: Path,
) -> None:
    site_yml = (
        GOOD + "markdown:\n  extension_configs:\n"
        "    toc: {title: Contents, baselevel: two, anchorlink: maybe}\n"
    )
    found = load_problems(tmp_path, site_yml)
    assert shown(found) == [
        (
            5,
            39,
            "markdown.extension_configs.toc.baselevel does not work with the value 'two': "
            "ValueError: invalid literal for int() with base 10: 'two'",
            "correct the value, or remove the setting to keep its default (toc describes it as "
            '"Base level for headers. Default: `1`")',
        ),
        (
            5,
            56,
            "markdown.extension_configs.toc.anchorlink does not work with the value 'maybe': "
            "ValueError: Cannot parse bool value: 'maybe'",
            "correct the value, or remove the setting to keep its default (toc describes it as "
            '"True if header should be a self link. Default: `False`")',
        ),
    ]


def test_a_markdown_extension_that_fails_is_told_beside_another_markdown_setting(
    tmp_path: Path,
) -> None:
    site_yml = GOOD + "markdown:\n  time_limit: .inf\n  extenions: [x]\n  extensions: [tabels]\n"
    assert [(d.line, d.col, d.hint) for d in load_problems(tmp_path, site_yml)] == [
        (4, 15, TIME_LIMIT_HINT),
        (5, 3, "did you mean 'extensions'?"),
        (6, 16, "did you mean 'tables'?"),
    ]


@pytest.mark.parametrize(
    ("setting", "expected"),
    [
        ("1: x\n", (3, 1, "key `1` was read by YAML as a number")),
        (
            "markdown:\n  extension_configs:\n    toc: {1: x}\n",
            (5, 11, "key `1` was read by YAML as a number"),
        ),
        ("yes: x\n", (3, 1, "key `yes` was read by YAML as a true/false value")),
        (
            "organization:\n  name: O\n  ~: x\n",
            (5, 3, "key `~` was read by YAML as nothing (an empty value)"),
        ),
        (
            "menu:\n  - {title: A, url: a.md, 2: x}\n",
            (4, 27, "key `2` was read by YAML as a number"),
        ),
    ],
)
def test_a_key_yaml_reads_as_no_text_is_an_error_at_the_key(
    tmp_path: Path, setting: str, expected: tuple[int, int, str]
) -> None:
    line, col, read = expected
    message = f"{read}, not as the name of a setting"
    assert shown(load_problems(tmp_path, GOOD + setting)) == [(line, col, message, "remove it")]


def test_a_key_given_twice_is_told_with_the_other_problems(tmp_path: Path) -> None:
    site_yml = (
        GOOD + "contact:\n  press: a@hub.example\n  press: b@hub.example\nclaim_review: maybe\n"
    )
    assert shown(load_problems(tmp_path, site_yml)) == [
        (
            5,
            3,
            "duplicate key 'press' (first set on line 4)",
            "remove one of the two; a key may appear once per mapping",
        ),
        (6, 15, "'claim_review' must be true or false, not text", "expected true or false"),
    ]


def test_a_markdown_extension_listed_twice_is_a_warning_at_the_second(tmp_path: Path) -> None:
    site_yml = GOOD + "markdown:\n  extensions: [toc, tables, toc]\n"
    loaded = config.load(make_site(tmp_path / "hub", {"site.yml": site_yml}))
    assert [(d.severity.value, *shown([d])[0]) for d in loaded.warnings] == [
        ("warning", 4, 29, "Markdown extension 'toc' is listed twice", "remove the duplicate entry")
    ]


def test_the_settings_of_an_extension_listed_twice_are_told_of_once(tmp_path: Path) -> None:
    site_yml = (
        GOOD + "markdown:\n  extensions: [toc, toc]\n  extension_configs:\n    toc: {titel: x}\n"
    )
    assert shown(load_problems(tmp_path, site_yml)) == [
        (4, 21, "Markdown extension 'toc' is listed twice", "remove the duplicate entry"),
        (6, 11, "unknown field 'markdown.extension_configs.toc.titel'", "did you mean 'title'?"),
    ]


@pytest.mark.parametrize(
    ("logo", "message", "hint"),
    [
        (
            "/static/logo.svg",
            "organization.logo is /static/logo.svg, and there is no file static/static/logo.svg",
            "write logo: /logo.svg: the static/ folder is no part of the file's address",
        ),
        (
            "static/logo.svg",
            "organization.logo is an address from the site's root, e.g. /logo.svg",
            "write logo: /logo.svg for the file static/logo.svg",
        ),
    ],
)
def test_a_logo_named_with_its_folder_is_told_its_address(
    tmp_path: Path, logo: str, message: str, hint: str
) -> None:
    files = {"site.yml": org(f"logo: {logo}"), "static/logo.svg": "<svg></svg>\n"}
    hub = make_site(tmp_path / "hub", files)
    with pytest.raises(ConfigError) as info:
        config.load(hub)
    assert shown(info.value.diagnostics) == [(3, 40, message, hint)]


@pytest.mark.parametrize(
    ("value", "col", "message", "hint"),
    [
        (  # a page of the hub, by its path: the footer and security.txt need it in full
            "/press/",
            18,
            "'/press/' is a path, and contact.press takes an email address or a page's full "
            "address",
            "e.g. press: press@example.com, or a contact page's full address, "
            "https://example.com/press/",
        ),
        (
            "about/press.md",
            18,
            "'about/press.md' is a path, and contact.press takes an email address or a page's "
            "full address",
            "e.g. press: press@example.com, or a contact page's full address, "
            "https://example.com/press/",
        ),
        (
            "example.com/press",
            18,
            "'example.com/press' needs https:// in front, as a web address",
            "e.g. press: press@example.com, or a contact page's full address, "
            "https://example.com/press/",
        ),
        (
            "Press office",
            18,
            "'Press office' is neither an email address nor a web address",
            "e.g. press: press@example.com, or a contact page's full address, "
            "https://example.com/press/",
        ),
    ],
)
def test_a_contact_that_is_no_address_is_told_what_it_is(
    tmp_path: Path, value: str, col: int, message: str, hint: str
) -> None:
    site_yml = GOOD + f"contact: {{press: {value}}}\n"
    assert shown(load_problems(tmp_path, site_yml)) == [(3, col, message, hint)]


def test_a_security_contact_given_as_a_path_is_told_so(tmp_path: Path) -> None:
    site_yml = GOOD + "contact: {security: /security/}\n"
    expected = (
        3,
        21,
        "'/security/' is a path, and contact.security takes an email address or a page's "
        "full address",
        "e.g. security: security@example.com, or a page's full address, "
        "https://example.com/security/",
    )
    assert shown(load_problems(tmp_path, site_yml)) == [expected]


def test_a_contact_s_scheme_is_read_in_any_case(tmp_path: Path) -> None:
    site_yml = (
        GOOD + "contact: {press: 'HTTPS://Hub.example/press/', security: MAILTO:s@x.example}\n"
    )
    hub = make_site(tmp_path / "hub", {"site.yml": site_yml})
    contact = config.load(hub).settings.contact
    assert (contact.press, contact.security) == ("HTTPS://Hub.example/press/", "s@x.example")
