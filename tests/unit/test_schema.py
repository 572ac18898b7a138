"""Front matter validation: every problem at the YAML position that caused it, all at once."""

from __future__ import annotations

import datetime as dt

import pytest

from recordhub import contenttypes, frontmatter, schema
from recordhub.config import Settings
from recordhub.diagnostics import Diagnostic, Severity

PATH = "content/x.md"
SETTINGS = Settings(title="Test Hub", base_url="https://hub.example/")


def validate(
    text: str, default_type: str = "page", path: str = PATH
) -> tuple[schema.FrontMatter | None, list[Diagnostic]]:
    raw = frontmatter.parse(frontmatter.decode(text.encode(), path), path)
    return contenttypes.validate(raw, default_type, SETTINGS)


def shown(found: list[Diagnostic]) -> list[tuple[int | None, int | None, str, str, str | None]]:
    return [(d.line, d.col, d.severity.value, d.message, d.hint) for d in sorted(found)]


# (id, page, [(line, col, severity, message, hint)])
INVALID = [
    (
        "title-is-a-number",
        "---\ntitle: 123\n---\n",
        [
            (
                2,
                8,
                "error",
                "'title' must be text, but YAML read `123` as a number",
                'put the value in quotes: title: "123"',
            )
        ],
    ),
    (
        "title-is-yes",
        "---\ntitle: yes\n---\n",
        [
            (
                2,
                8,
                "error",
                "'title' must be text, but YAML read `yes` as a true/false value",
                'put the value in quotes: title: "yes"',
            )
        ],
    ),
    (
        "title-is-a-float",
        "---\ntitle:   1.5\n---\n",
        [
            (
                2,
                10,
                "error",
                "'title' must be text, but YAML read `1.5` as a number",
                'put the value in quotes: title: "1.5"',
            )
        ],
    ),
    (
        "impossible-date",
        "---\ntitle: A\ndate: 2025-02-30\n---\n",
        [
            (
                3,
                7,
                "error",
                "'date' is not a valid date: 2025-02-30 (day value is outside expected range)",
                "write dates as YYYY-MM-DD, e.g. 2026-03-01",
            )
        ],
    ),
    (
        "impossible-month",
        "---\ntitle: A\nupdated: 2025-13-01\n---\n",
        [
            (
                3,
                10,
                "error",
                "'updated' is not a valid date: 2025-13-01 "
                "(month value is outside expected range of 1-12)",
                "write dates as YYYY-MM-DD, e.g. 2026-03-01",
            )
        ],
    ),
    (
        "impossible-date-in-a-list",
        "---\ntitle: A\nchangelog:\n  - date: 2025-02-30\n    kind: correction\n    note: n\n---\n",
        [
            (
                4,
                11,
                "error",
                "'changelog[0].date' is not a valid date: 2025-02-30 "
                "(day value is outside expected range)",
                "write dates as YYYY-MM-DD, e.g. 2026-03-01",
            )
        ],
    ),
    (
        "unknown-content-type",
        "---\ntitle: A\ntype: claimm\n---\n",
        [(3, 7, "error", "unknown content type 'claimm'", "did you mean 'claim'?")],
    ),
    (
        "unknown-content-type-no-guess",
        "---\ntitle: A\ntype: zzz\n---\n",
        [
            (
                3,
                7,
                "error",
                "unknown content type 'zzz'",
                "use one of: page, claim, faq, statement, roadmap",
            )
        ],
    ),
    (
        "unknown-field",
        "---\ntitle: A\nsumary: s\n---\n",
        [
            (
                3,
                1,
                "error",
                "unknown field 'sumary'",
                "did you mean 'summary'? Values of your own go under `extra:`",
            )
        ],
    ),
    # as another generator names it: moved under extra: as told, it would be shown nowhere
    *[
        (
            f"field-named-as-elsewhere-{name}",
            f"---\ntitle: A\n{name}: x\n---\n",
            [
                (
                    3,
                    1,
                    "error",
                    f"unknown field '{name}'",
                    f"did you mean '{meant}'? Values of your own go under `extra:`",
                )
            ],
        )
        for name, meant in (
            ("description", "summary"),
            ("lastmod", "updated"),
            ("layout", "template"),
            ("categories", "tags"),
            ("publishDate", "publish_at"),
        )
    ],
    (
        "unknown-nested-field",
        "---\ntitle: A\nsources:\n  - title: S\n    url: https://e.example/\n"
        "    publsher: P\n---\n",
        [
            (
                6,
                5,
                "error",
                "unknown field 'sources[0].publsher'",
                "did you mean 'publisher'?",
            )
        ],
    ),
    (
        "missing-title",
        "---\nsummary: S\n---\n",
        [(2, 1, "error", "missing required field 'title'", "add `title: ...`")],
    ),
    (
        "missing-title-empty-front-matter",
        "---\n---\n",
        [(1, 1, "error", "missing required field 'title'", "add `title: ...`")],
    ),
    (
        "field-of-another-type",
        "---\ntitle: A\nverdict: misleading\n---\n",
        [
            (
                3,
                1,
                "error",
                "field 'verdict' belongs to type claim, and this page is of type page",
                "set `type: claim` or remove 'verdict'",
            )
        ],
    ),
    (
        "field-of-another-type-statement",
        "---\ntitle: A\ntype: faq\nspeaker: CEO\n---\n",
        [
            (
                4,
                1,
                "error",
                "field 'speaker' belongs to type statement, and this page is of type faq",
                "set `type: statement` or remove 'speaker'",
            )
        ],
    ),
    (
        "slug-with-dot-dot-slash",
        "---\ntitle: A\nslug: ../evil\n---\n",
        [
            (
                3,
                7,
                "error",
                "slug '../evil' must be one URL segment, without '/' or '..'",
                "use letters, digits and dashes, e.g. slug: data-storage",
            )
        ],
    ),
    (
        "slug-dot-dot",
        "---\ntitle: A\nslug: ..\n---\n",
        [
            (
                3,
                7,
                "error",
                "slug '..' must be one URL segment, without '/' or '..'",
                "use letters, digits and dashes, e.g. slug: data-storage",
            )
        ],
    ),
    (
        "slug-with-backslash",
        "---\ntitle: A\nslug: 'a\\b'\n---\n",
        [
            (
                3,
                7,
                "error",
                "slug 'a\\b' must be one URL segment, without '/' or '..'",
                "use letters, digits and dashes, e.g. slug: data-storage",
            )
        ],
    ),
    (
        "unknown-verdict",
        "---\ntitle: A\ntype: claim\nclaim: c\nverdict: flase\nfact: f\n---\n",
        [(5, 10, "error", "unknown verdict 'flase'", "did you mean 'false'?")],
    ),
    (
        "unknown-verdict-no-guess",
        "---\ntitle: A\ntype: claim\nclaim: c\nverdict: zzz\nfact: f\n---\n",
        [
            (
                5,
                10,
                "error",
                "unknown verdict 'zzz'",
                "use a key of verdicts in site.yml: false, misleading, missing-context, outdated",
            )
        ],
    ),
    (
        "verdict-false-unquoted",
        "---\ntitle: A\ntype: claim\nclaim: c\nverdict: false\nfact: f\n---\n",
        [
            (
                5,
                10,
                "error",
                "'verdict' must be text, but YAML read `false` as a true/false value",
                'put the value in quotes: verdict: "false"',
            )
        ],
    ),
    (
        "unknown-status",
        "---\ntitle: A\nstatus: supersede\n---\n",
        [(3, 9, "error", "'status' has unknown value 'supersede'", "did you mean 'superseded'?")],
    ),
    (
        "unknown-changelog-kind",
        "---\ntitle: A\nchangelog:\n  - {date: 2025-01-01, kind: fix, note: n}\n---\n",
        [
            (
                4,
                30,
                "error",
                "'changelog[0].kind' has unknown value 'fix'",
                "use one of: correction, clarification, update",
            )
        ],
    ),
    (
        "draft-not-a-boolean",
        "---\ntitle: A\ndraft: maybe\n---\n",
        [
            (
                3,
                8,
                "error",
                "'draft' must be true or false, not text",
                "expected true or false",
            )
        ],
    ),
    (
        "weight-not-a-number",
        "---\ntitle: A\nweight: heavy\n---\n",
        [
            (
                3,
                9,
                "error",
                "'weight' must be a whole number, not text",
                "expected a whole number",
            )
        ],
    ),
    (
        "superseded-without-replacement",
        "---\ntitle: A\nstatus: superseded\n---\n",
        [
            (
                3,
                9,
                "error",
                "status is superseded but superseded_by is missing",
                "add superseded_by: the path of the page that replaces it",
            )
        ],
    ),
    (
        "statement-needs-a-date",
        "---\ntitle: A\ntype: statement\n---\n",
        [(2, 1, "error", "missing required field 'date'", "add `date: ...`")],
    ),
    (
        "claim-missing-fields",
        "---\ntitle: A\ntype: claim\nverdict: misleading\n---\n",
        [
            (2, 1, "error", "missing required field 'claim'", "add `claim: ...`"),
            (2, 1, "error", "missing required field 'fact'", "add `fact: ...`"),
        ],
    ),
    (
        "every-problem-at-once",
        "---\ntitle: 123\nsumary: s\ndate: 2025-02-30\nverdict: false\n---\n",
        [
            (
                2,
                8,
                "error",
                "'title' must be text, but YAML read `123` as a number",
                'put the value in quotes: title: "123"',
            ),
            (
                3,
                1,
                "error",
                "unknown field 'sumary'",
                "did you mean 'summary'? Values of your own go under `extra:`",
            ),
            (
                4,
                7,
                "error",
                "'date' is not a valid date: 2025-02-30 (day value is outside expected range)",
                "write dates as YYYY-MM-DD, e.g. 2026-03-01",
            ),
            (
                5,
                1,
                "error",
                "field 'verdict' belongs to type claim, and this page is of type page",
                "set `type: claim` or remove 'verdict'",
            ),
        ],
    ),
    (
        "unknown-type-and-unknown-field",
        "---\ntitle: A\ntype: faqq\nsumary: x\n---\n",
        [
            (3, 7, "error", "unknown content type 'faqq'", "did you mean 'faq'?"),
            (
                4,
                1,
                "error",
                "unknown field 'sumary'",
                "did you mean 'summary'? Values of your own go under `extra:`",
            ),
        ],
    ),
    (
        "crlf-and-bom-positions",
        "\ufeff---\r\ntitle: A\r\nsumary: s\r\ndate: 2025-02-30\r\n---\r\n",
        [
            (
                3,
                1,
                "error",
                "unknown field 'sumary'",
                "did you mean 'summary'? Values of your own go under `extra:`",
            ),
            (
                4,
                7,
                "error",
                "'date' is not a valid date: 2025-02-30 (day value is outside expected range)",
                "write dates as YYYY-MM-DD, e.g. 2026-03-01",
            ),
        ],
    ),
]


@pytest.mark.parametrize(
    ("text", "expected"), [pytest.param(*row[1:], id=row[0]) for row in INVALID]
)
def test_invalid_front_matter(text: str, expected: list[tuple[int, int, str, str, str]]) -> None:
    matter, found = validate(text)
    assert matter is None
    assert shown(found) == expected
    assert all(d.path == PATH for d in found)


# (id, page, [(line, col, message)]) : the page is valid but gets a warning
WARNED = [
    (
        "long-summary",
        "---\ntitle: A\nsummary: " + "x" * 200 + "\n---\n",
        [(3, 10, "summary is 200 characters, over 160")],
    ),
    (
        "cascade-outside-index",
        "---\ntitle: A\ncascade:\n  type: claim\n---\n",
        [(3, 1, "cascade only has an effect in a section's _index.md")],
    ),
]


@pytest.mark.parametrize(("text", "expected"), [pytest.param(*r[1:], id=r[0]) for r in WARNED])
def test_warnings_keep_the_page(text: str, expected: list[tuple[int, int, str]]) -> None:
    matter, found = validate(text)
    assert matter is not None
    assert [(d.line, d.col, d.message) for d in found] == expected
    assert all(d.severity is Severity.WARNING for d in found)


def test_a_template_in_cascade_is_warned_of_as_having_no_effect() -> None:
    text = "---\ntitle: Claims\ncascade:\n  type: claim\n  template: claim-wide.html\n---\n"
    matter, found = validate(text, path="content/claims/_index.md")
    assert matter is not None
    assert shown(found) == [
        (
            5,
            3,
            "warning",
            "the template in cascade has no effect: the pages below take only their type from it",
            "write template: in the front matter of each page that should use it",
        )
    ]


# (id, page, default type, expected model, {attribute: value})
VALID = [
    ("minimal-page", "---\ntitle: A\n---\n", "page", schema.FrontMatter, {"type": "page"}),
    (
        "dates-parsed",
        "---\ntitle: A\ndate: 2024-02-29\n---\n",
        "page",
        schema.FrontMatter,
        {"date": dt.date(2024, 2, 29)},
    ),
    (
        "publish-at-naive-is-utc",
        "---\ntitle: A\npublish_at: 2030-01-01T09:00:00\n---\n",
        "page",
        schema.FrontMatter,
        {"publish_at": dt.datetime(2030, 1, 1, 9, tzinfo=dt.UTC)},
    ),
    (
        "time-as-yaml-writes-it-with-a-space-before-the-zone",
        "---\ntitle: A\npublish_at: 2001-12-14 21:59:43.10 -5\n---\n",
        "page",
        schema.FrontMatter,
        {
            "publish_at": dt.datetime(
                2001, 12, 14, 21, 59, 43, 100000, tzinfo=dt.timezone(dt.timedelta(hours=-5))
            )
        },
    ),
    (
        "time-as-yaml-writes-it-with-a-one-digit-month",
        "---\ntitle: A\nexpires: 2030-1-2T9:05:00Z\n---\n",
        "page",
        schema.FrontMatter,
        {"expires": dt.datetime(2030, 1, 2, 9, 5, tzinfo=dt.UTC)},
    ),
    (
        "time-as-jekyll-writes-it",
        "---\ntitle: A\npublish_at: 2030-12-14 10:30:00 +0900\n---\n",
        "page",
        schema.FrontMatter,
        {"publish_at": dt.datetime(2030, 12, 14, 1, 30, tzinfo=dt.UTC)},
    ),
    (
        # midnight at an offset is the evening before in UTC: kept as the moment it is
        "midnight-at-an-offset-as-its-moment",
        "---\ntitle: A\ndate: 2026-03-01 00:00:00 +01:00\n---\n",
        "page",
        schema.FrontMatter,
        {"date": dt.datetime(2026, 3, 1, tzinfo=dt.timezone(dt.timedelta(hours=1)))},
    ),
    (
        "claim",
        "---\ntitle: A\ntype: claim\nclaim: c\nverdict: misleading\nfact: f\n---\n",
        "page",
        schema.ClaimMatter,
        {"verdict": "misleading"},
    ),
    (
        "claim-by-cascade",
        "---\ntitle: A\nclaim: c\nverdict: 'false'\nfact: f\n---\n",
        "claim",
        schema.ClaimMatter,
        {"verdict": "false"},
    ),
    (
        "explicit-type-beats-cascade",
        "---\ntitle: A\ntype: page\n---\n",
        "claim",
        schema.FrontMatter,
        {"type": "page"},
    ),
    (
        "quoted-number-title",
        '---\ntitle: "123"\n---\n',
        "page",
        schema.FrontMatter,
        {"title": "123"},
    ),
    (
        "extra-takes-anything",
        "---\ntitle: A\nextra:\n  mine: [1, 2]\n---\n",
        "page",
        schema.FrontMatter,
        {"extra": {"mine": [1, 2]}},
    ),
    (
        "empty-lists-and-mappings-are-none",  # as an editor leaves tags: on deleting the last
        "---\ntitle: A\ntags:\naliases:\nsources:\nfacts:\nchangelog:\nextra:\n---\n",
        "page",
        schema.FrontMatter,
        {"tags": (), "aliases": (), "sources": (), "facts": (), "changelog": (), "extra": {}},
    ),
    (
        "empty-milestones-are-none",
        "---\ntitle: A\ntype: roadmap\nmilestones:\n---\n",
        "page",
        schema.RoadmapMatter,
        {"milestones": ()},
    ),
    (
        "plain-slug",
        "---\ntitle: A\nslug: our-data\n---\n",
        "page",
        schema.FrontMatter,
        {"slug": "our-data"},
    ),
]


@pytest.mark.parametrize(
    ("text", "default_type", "model", "attributes"),
    [pytest.param(*row[1:], id=row[0]) for row in VALID],
)
def test_valid_front_matter(
    text: str, default_type: str, model: type[schema.FrontMatter], attributes: dict[str, object]
) -> None:
    matter, found = validate(text, default_type)
    assert found == []
    assert type(matter) is model
    for name, value in attributes.items():
        assert getattr(matter, name) == value


def test_an_unknown_key_with_a_character_that_does_not_show_names_it() -> None:
    text = (
        "---\ntitle: X\nsumary\u200b: s\n"
        "sources:\n  - title: S\n    url: /x/\n    \u00a0note: n\n---\n"
    )
    _, found = validate(text)
    assert shown(found) == [
        (
            3,
            7,
            "error",
            "unknown field 'sumary': its name has an invisible zero-width space (U+200B) in it",
            "delete it; it does not show on screen, so retype the line if your editor cannot "
            "find it; did you mean 'summary'?",
        ),
        (
            7,
            5,
            "error",
            "unknown field 'sources[0].note': its name has a non-breaking space (U+00A0) in it",
            "delete it",
        ),
    ]


def test_an_empty_value_of_a_single_value_field_is_still_an_error() -> None:
    _, found = validate("---\ntitle: A\nweight:\ndraft:\n---\n")
    assert shown(found) == [
        (3, 8, "error", "'weight' has no value", "write a value after `weight:`"),
        (4, 7, "error", "'draft' has no value", "write a value after `draft:`"),
    ]


def test_cascade_in_index_has_no_warning() -> None:
    matter, found = validate(
        "---\ntitle: Myths\ncascade:\n  type: claim\n---\n", path="content/myths/_index.md"
    )
    assert found == []
    assert matter is not None and matter.cascade is not None
    assert matter.cascade.type == "claim"


def test_list_field_given_text_says_list() -> None:
    _, found = validate("---\ntitle: A\ntags: news\n---\n")
    [problem] = found
    assert (problem.line, problem.col) == (3, 7)
    assert problem.message == "'tags' must be a list, not text"
    assert problem.hint == "expected a list, e.g. [a, b] or lines starting with '- '"


@pytest.mark.parametrize(
    ("default_type", "text"),
    [
        pytest.param(
            "claim", "---\ntitle: A\nclaim: c\nverdict: misleading\nfact: f\n---\n", id="claim"
        ),
        pytest.param("faq", "---\ntitle: A\n---\n", id="faq"),
        pytest.param("statement", "---\ntitle: A\ndate: 2025-01-01\n---\n", id="statement"),
    ],
)
def test_cascaded_type_is_the_page_type(default_type: str, text: str) -> None:
    matter, found = validate(text, default_type)
    assert found == []
    assert matter is not None
    assert matter.type == default_type


def test_a_field_missing_from_a_page_its_section_makes_a_claim_says_so() -> None:
    # the page does not say it is a claim: the hint says what does, and how it is not one
    matter, found = validate("---\ntitle: How we check\n---\n", "claim")
    assert matter is None
    why = (
        "; its section's cascade makes this page of type claim: if it is not one, set `type: page`"
    )
    assert shown(found) == [
        (2, 1, "error", "missing required field 'claim'", f"add `claim: ...`{why}"),
        (2, 1, "error", "missing required field 'fact'", f"add `fact: ...`{why}"),
        (2, 1, "error", "missing required field 'verdict'", f"add `verdict: ...`{why}"),
    ]
    # a page that says its type, and a field every page needs, are told as they were
    _, found = validate("---\ntype: claim\nclaim: c\nfact: f\nverdict: misleading\n---\n")
    assert shown(found) == [(2, 1, "error", "missing required field 'title'", "add `title: ...`")]
    _, found = validate("---\nsummary: s\n---\n", "statement")
    assert shown(found) == [
        (
            2,
            1,
            "error",
            "missing required field 'date'",
            "add `date: ...`; its section's cascade makes this page of type statement: if it is "
            "not one, set `type: page`",
        ),
        (2, 1, "error", "missing required field 'title'", "add `title: ...`"),
    ]


def test_a_rule_across_fields_is_reported_beside_a_missing_field() -> None:
    text = "---\ntitle: A\ntype: claim\nclaim: c\nverdict: flase\nsummary: " + "s" * 170 + "\n---\n"
    matter, found = validate(text, "page")
    assert matter is None
    assert [(d.line, d.col, d.message) for d in found] == [
        (2, 1, "missing required field 'fact'"),
        (5, 10, "unknown verdict 'flase'"),
        (6, 10, "summary is 170 characters, over 160"),
    ]


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        (
            "date: 2026-03-01\nupdated: 2026-02-01",
            [(4, 10, "warning", "updated (2026-02-01) is earlier than date (2026-03-01)")],
        ),
        (
            "date: 2026-03-01\nreviewed: 2025-03-02",
            [(4, 11, "warning", "reviewed (2025-03-02) is earlier than date (2026-03-01)")],
        ),
        ("date: 2026-03-01\nreviewed: 2026-03-01", []),
        (
            "publish_at: 2026-03-01T09:00:00Z\nexpires: 2026-03-01",
            [
                (
                    4,
                    10,
                    "error",
                    "expires (2026-03-01 00:00) is not after publish_at, so the page never shows",
                )
            ],
        ),
        ("date: 2026-03-01\nupdated: 2026-03-01\npublish_at: 2026-03-01\nexpires: 2026-03-02", []),
        (
            "publish_at: 2026-03-01 10:00:00 +01:00\nexpires: 2026-03-01 09:00:00 Z",
            [
                (
                    4,
                    10,
                    "error",
                    "expires (2026-03-01 09:00) is not after publish_at, so the page never shows",
                )
            ],
        ),
    ],
)
def test_dates_that_contradict_each_other(fields: str, expected: list[tuple[object, ...]]) -> None:
    _, found = validate(f"---\ntitle: A\n{fields}\n---\n")
    assert [(d.line, d.col, d.severity.value, d.message) for d in found] == expected
