"""Front matter: decoding, splitting and YAML parsing, with exact positions in the Markdown file."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest

from recordhub import frontmatter
from recordhub.diagnostics import Diagnostic, DiagnosticError, Severity

PATH = "content/x.md"
DEL = "delete it; it does not show on screen, so retype the line if your editor cannot find it"


def parse(raw: bytes) -> frontmatter.RawPage:
    """Decode and parse one page the way the build does."""
    return frontmatter.parse(frontmatter.decode(raw, PATH), PATH)


def problem(raw: bytes) -> Diagnostic:
    """The single diagnostic that decoding or parsing raw raises, or leaves for validation to
    report with the page's other problems (a key given twice)."""
    try:
        found = parse(raw).positions.twice
    except DiagnosticError as error:
        found = error.diagnostics
    assert len(found) == 1, found
    diagnostic = found[0]
    assert diagnostic.path == PATH
    assert diagnostic.severity is Severity.ERROR
    return diagnostic


# (id, file bytes, line, col, message, hint)
REFUSED = [
    (
        "malformed-yaml-colon-in-value",
        b"---\ntitle: Fact: text\n---\nBody.\n",
        2,
        12,
        "invalid YAML: mapping values are not allowed in this context",
        "a value containing ': ' must be quoted: title: \"Fact: text\"",
    ),
    (
        "malformed-yaml-unclosed-flow-list",
        b"---\ntitle: A\ntags: [one, two\nsummary: s\n---\n",
        3,  # at the [ left open, not at the next key, where YAML notices
        7,
        "invalid YAML: a list in [...] is never closed",
        "add the closing ] at the end of the list",
    ),
    (
        "key-indented-under-a-quoted-value",
        b'---\ntitle: "A"\n\n    summary: s\n---\n',
        4,
        5,
        "invalid YAML: did not find expected key",
        "remove the extra spaces before summary: so that it lines up with title: above it",
    ),
    (
        "key-indented-in-a-list-item",
        b"---\ntitle: A\nfacts:\n  - label: a\n    # a comment\n    value: b\n"
        b"      source: c\n---\n",
        7,
        13,
        "invalid YAML: mapping values are not allowed in this context",
        "remove the extra spaces before source: so that it lines up with value: above it",
    ),
    (
        "words-and-a-colon-indented-under-a-value",  # more of the value: quoting is the fix
        b"---\ntitle: A\nsummary: It is long\n  and here: it goes on\n---\n",
        4,
        11,
        "invalid YAML: mapping values are not allowed in this context",
        "a value containing ': ' must be quoted, e.g. title: \"Fact: text\"",
    ),
    (
        "tab-in-indentation",
        b"---\ntitle: A\nextra:\n\tnote: n\n---\n",
        4,
        1,
        "tab character in indentation",
        "YAML indentation must use spaces; replace the tab with spaces",
    ),
    (
        "tab-after-spaces",
        b"---\ntitle: A\nextra:\n  \tnote: n\n---\n",
        4,
        3,
        "tab character in indentation",
        "YAML indentation must use spaces; replace the tab with spaces",
    ),
    (
        "duplicate-key",
        b"---\ntitle: A\nsummary: s\ntitle: B\n---\n",
        4,
        1,
        "duplicate key 'title' (first set on line 2)",
        "remove one of the two; a key may appear once per mapping",
    ),
    (
        "duplicate-nested-key",
        b"---\ntitle: A\nextra:\n  a: 1\n  b: 2\n  a: 3\n---\n",
        6,
        3,
        "duplicate key 'a' (first set on line 4)",
        "remove one of the two; a key may appear once per mapping",
    ),
    (
        "never-closed",
        b"---\ntitle: A\n\nThe body, but no closing line.\n",
        1,
        1,
        "front matter is never closed",
        "add a line with only --- after the last front matter line",
    ),
    (
        "no-front-matter",
        b"title: A\n\nBody.\n",
        1,
        1,
        "the file does not start with front matter",
        "add a first line ---, then title: ..., then a line ---",
    ),
    (
        "blank-lines-before-front-matter",
        b"\r\n \n---\ntitle: A\n---\nBody.\n",
        1,
        1,
        "the front matter starts after 2 blank lines; the first line must be ---",
        "remove the blank lines before the first ---",
    ),
    (
        "blank-lines-before-no-front-matter",  # then the usual message stands
        b"\n\ntitle: A\n\nBody.\n",
        1,
        1,
        "the file does not start with front matter",
        "add a first line ---, then title: ..., then a line ---",
    ),
    (
        "empty-file",
        b"",
        1,
        1,
        "the file is empty",
        "start it with front matter: ---, title: ..., ---",
    ),
    (
        "blank-file",
        b"  \n\n\t\n",
        1,
        1,
        "the file is empty",
        "start it with front matter: ---, title: ..., ---",
    ),
    (
        "front-matter-is-a-list",
        b"---\n- title\n- A\n---\n",
        2,
        1,
        "front matter is a list, not a mapping",
        "write one key: value per line, e.g. title: About us",
    ),
    (
        "front-matter-is-a-scalar",
        b"---\njust a sentence\n---\n",
        2,
        1,
        "front matter is a single value, not a mapping",
        "write one key: value per line, e.g. title: About us",
    ),
    (
        "alias-refused",
        b"---\ntitle: &t A\nsummary: *t\n---\n",
        2,
        8,
        "YAML anchors and aliases are not allowed here",
        "write the value out in full instead of using & and *",
    ),
    (
        "nested-alias-refused",
        b"---\ntitle: A\nextra:\n  a: &x [1, 2]\n  b: *x\n---\n",
        4,
        6,
        "YAML anchors and aliases are not allowed here",
        "write the value out in full instead of using & and *",
    ),
    (
        "python-object-tag-refused",
        b"---\ntitle: !!python/object:os.system A\n---\n",
        2,
        8,
        "invalid YAML: could not determine a constructor for the tag "
        "'tag:yaml.org,2002:python/object:os.system'",
        "tags such as !!python/object are not allowed; remove the tag",
    ),
    (
        "python-name-tag-refused",
        b"---\ntitle: A\nextra:\n  x: !!python/name:os.system ''\n---\n",
        4,
        6,
        "invalid YAML: could not determine a constructor for the tag "
        "'tag:yaml.org,2002:python/name:os.system'",
        "tags such as !!python/object are not allowed; remove the tag",
    ),
    (
        "control-character-escape",
        b"---\ntitle: A\nsummary: a\x1bb\n---\n",
        3,
        11,
        "invisible control character U+001B, which YAML does not allow",
        "delete it; it does not show on screen, so retype the line if your editor cannot find it",
    ),
    (
        "control-character-delete",
        b"---\ntitle: A\nsummary: a\x7fb\n---\n",
        3,
        11,
        "invisible control character U+007F, which YAML does not allow",
        "delete it; it does not show on screen, so retype the line if your editor cannot find it",
    ),
    (
        "control-character-form-feed",
        b"---\ntitle: A\nsummary: a\x0cb\n---\n",
        3,
        11,
        "invisible control character U+000C, which YAML does not allow",
        "delete it; it does not show on screen, so retype the line if your editor cannot find it",
    ),
    (
        "control-character-c1",
        "---\ntitle: A\nsummary: a\x90b\n---\n".encode(),
        3,
        11,
        "invisible control character U+0090, which YAML does not allow",
        "delete it; it does not show on screen, so retype the line if your editor cannot find it",
    ),
    (
        "control-character-non-character",
        "---\ntitle: A\nsummary: a\ufffeb\n---\n".encode(),
        3,
        11,
        "invisible character U+FFFE, which YAML does not allow",
        "delete it; it does not show on screen, so retype the line if your editor cannot find it",
    ),
    (
        "narrow-non-breaking-space-after-a-key",
        "---\ntitle:\u202fA\n\nsummary: s\n---\n".encode(),
        2,
        7,
        "a narrow non-breaking space (U+202F) where YAML needs a normal space",
        "replace it with a normal space",
    ),
    (
        "non-breaking-space-after-a-dash",
        "---\ntitle: A\nfacts:\n  -\u00a0label: a\n    value: b\n---\n".encode(),
        4,
        4,
        "a non-breaking space (U+00A0) where YAML needs a normal space",
        "replace it with a normal space",
    ),
    (
        "zero-width-space-after-a-key",
        "---\ntitle:\u200bA\nsummary: s\n---\n".encode(),
        2,
        7,
        "an invisible zero-width space (U+200B), which YAML reads as text",
        "replace it with a normal space",
    ),
    (
        "word-joiner-indenting-a-key",
        "---\ntitle: A\nextra:\n  a: 1\n \u2060 b: 2\n---\n".encode(),
        5,
        2,
        "an invisible word joiner (U+2060), which YAML reads as text",
        DEL,
    ),
    (
        "non-breaking-space-alone-after-a-key",
        "---\ntitle:\u00a0Where data is stored\n---\n".encode(),
        2,
        7,
        "a non-breaking space (U+00A0) where YAML needs a normal space",
        "replace it with a normal space",
    ),
    (
        "line-separator-in-a-plain-value",
        "---\ntitle: a\u2028b\nsummary: s\n---\n".encode(),
        2,
        9,
        "an invisible line separator (U+2028), which YAML reads as the end of a line",
        "replace it with a space",
    ),
    (
        "next-line-character-in-a-plain-value",
        "---\ntitle: a\x85b\nsummary: s\n---\n".encode(),
        2,
        9,
        "an invisible next-line character (U+0085), which YAML reads as the end of a line",
        "replace it with a space",
    ),
    (
        "error-after-a-line-separator-in-quotes",
        '---\ntitle: "a\u2028b"\nsummary: Fact: text\n---\n'.encode(),
        3,
        14,
        "invalid YAML: mapping values are not allowed in this context",
        "a value containing ': ' must be quoted: summary: \"Fact: text\"",
    ),
    (
        "non-breaking-space-before-a-colon-in-a-value",
        "---\ntitle: A\nsummary: Nos engagements\u00a0: la vie\n---\n".encode(),
        3,
        26,
        "invalid YAML: mapping values are not allowed in this context",
        "a value containing ': ' must be quoted: summary: \"Nos engagements\u00a0: la vie\"",
    ),
    (
        "key-that-is-a-number",
        b"---\ntitle: A\n2025: year\n---\n",
        3,
        1,
        "key 2025 is not text",
        "keys are field names such as title or date",
    ),
    (
        "windows-1252-in-front-matter",
        b"---\ntitle: Caf\xe9\n---\n",
        2,
        11,
        "not valid UTF-8 at byte 14 (0xe9); the file looks like Windows-1252 or Latin-1",
        "save as UTF-8",
    ),
    (
        "windows-1252-smart-quote-in-body",
        b"---\ntitle: A\n---\nline two \x93quoted\x94\n",
        4,
        10,
        "not valid UTF-8 at byte 26 (0x93); the file looks like Windows-1252 or Latin-1",
        "save as UTF-8",
    ),
    (
        "crlf-positions-of-yaml-error",
        b"---\r\ntitle: Fact: text\r\n---\r\n",
        2,
        12,
        "invalid YAML: mapping values are not allowed in this context",
        "a value containing ': ' must be quoted: title: \"Fact: text\"",
    ),
    (
        "bom-positions-of-yaml-error",
        b"\xef\xbb\xbf---\ntitle: A\ntitle: B\n---\n",
        3,
        1,
        "duplicate key 'title' (first set on line 2)",
        "remove one of the two; a key may appear once per mapping",
    ),
    (
        "bom-and-crlf-tab",
        b"\xef\xbb\xbf---\r\ntitle: A\r\nextra:\r\n\tx: 1\r\n---\r\n",
        4,
        1,
        "tab character in indentation",
        "YAML indentation must use spaces; replace the tab with spaces",
    ),
]


@pytest.mark.parametrize(
    ("raw", "line", "col", "message", "hint"),
    [pytest.param(*row[1:], id=row[0]) for row in REFUSED],
)
def test_refused_with_exact_position(
    raw: bytes, line: int, col: int, message: str, hint: str
) -> None:
    found = problem(raw)
    assert (found.line, found.col, found.message, found.hint) == (line, col, message, hint)


def test_every_control_character_is_reported_at_its_place() -> None:
    with pytest.raises(DiagnosticError) as info:
        parse(b"---\ntitle: Where\x0bdata\nsummary: a\x1bb\x7fc\n---\n")
    assert [(d.line, d.col, d.message) for d in info.value.diagnostics] == [
        (2, 13, "invisible control character U+000B, which YAML does not allow"),
        (3, 11, "invisible control character U+001B, which YAML does not allow"),
        (3, 13, "invisible control character U+007F, which YAML does not allow"),
    ]


@pytest.mark.parametrize(
    "raw",
    [
        pytest.param("---\ntitle: A\n---\n".encode("utf-16"), id="utf-16-native-bom"),
        pytest.param(b"\xff\xfe" + "---\ntitle: A\n---\n".encode("utf-16-le"), id="utf-16-le-bom"),
        pytest.param(b"\xfe\xff" + "---\ntitle: A\n---\n".encode("utf-16-be"), id="utf-16-be-bom"),
    ],
)
def test_utf16_with_bom_is_refused_with_byte_offset(raw: bytes) -> None:
    found = problem(raw)
    assert found.message == "file is UTF-16 encoded (byte 0)"
    assert found.hint == "save as UTF-8"


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_without_bom_is_named_as_utf16(codec: str) -> None:
    found = problem("---\ntitle: A\n---\n".encode(codec))
    assert "UTF-16" in found.message
    assert "byte" in found.message
    assert found.hint == "save as UTF-8"


@pytest.mark.parametrize(
    "raw",
    [
        pytest.param("---\ntitle: A\n---\n".encode("utf-32"), id="utf-32-native-bom"),
        pytest.param("---\ntitle: A\n---\n".encode("utf-32-le"), id="utf-32-le"),
        pytest.param("---\ntitle: A\n---\n".encode("utf-32-be"), id="utf-32-be"),
    ],
)
def test_utf32_is_named_as_utf32_not_utf16(raw: bytes) -> None:
    found = problem(raw)
    assert found.message == "file is UTF-32 encoded (byte 0)"
    assert found.hint == "save as UTF-8"


def test_nul_byte_refused() -> None:
    found = problem(b"---\ntitle: A\x00\n---\n")
    assert (found.line, found.message) == (2, "file contains a NUL byte; it is not a text file")


def test_bad_byte_column_counts_characters() -> None:
    found = problem("---\ntitle: Café ".encode() + b"\x93x\x94\n---\n")
    # 'title: Café ' is 12 characters; the bad byte is the 13th character of line 2
    assert (found.line, found.col) == (2, 13)
    assert "byte 17" in found.message


def test_unclosed_quote_points_at_the_quote() -> None:
    found = problem(b'---\ntitle: "never closed\n---\nBody.\n')
    assert (found.line, found.col) == (2, 8)
    assert "quoted" in found.message


def test_oversized_page_refused() -> None:
    raw = b"---\ntitle: A\n---\n" + b"x" * frontmatter.MAX_PAGE_BYTES
    found = problem(raw)
    assert (found.line, found.col) == (None, None)
    assert found.message == "file is 5.0 MB, over the 5 MB limit for a page"


# (id, bytes, data, body, body_line, {yaml path: (line, col)})
ACCEPTED = [
    (
        "plain",
        b"---\ntitle: A\ndate: 2025-01-02\n---\nBody.\n",
        {"title": "A", "date": "2025-01-02"},
        "Body.\n",
        5,
        {("title",): (2, 8), ("date",): (3, 7)},
    ),
    (
        "bom",
        b"\xef\xbb\xbf---\ntitle: A\ndate: 2025-01-02\n---\nBody.\n",
        {"title": "A", "date": "2025-01-02"},
        "Body.\n",
        5,
        {("title",): (2, 8), ("date",): (3, 7)},
    ),
    (
        "crlf",
        b"---\r\ntitle: A\r\ndate: 2025-01-02\r\n---\r\nBody.\r\nMore.\r\n",
        {"title": "A", "date": "2025-01-02"},
        "Body.\nMore.\n",
        5,
        {("title",): (2, 8), ("date",): (3, 7)},
    ),
    (
        "bom-and-crlf",
        b"\xef\xbb\xbf---\r\ntitle: A\r\ndate: 2025-01-02\r\n---\r\nBody.\r\n",
        {"title": "A", "date": "2025-01-02"},
        "Body.\n",
        5,
        {("title",): (2, 8), ("date",): (3, 7)},
    ),
    (
        "old-mac-cr",
        b"---\rtitle: A\r---\rBody.\r",
        {"title": "A"},
        "Body.\n",
        4,
        {("title",): (2, 8)},
    ),
    (
        "closing-fence-at-eof-without-newline",
        b"---\ntitle: A\n---",
        {"title": "A"},
        "",
        4,
        {("title",): (2, 8)},
    ),
    (
        "crlf-closing-fence-at-eof-without-newline",
        b"---\r\ntitle: A\r\n---",
        {"title": "A"},
        "",
        4,
        {("title",): (2, 8)},
    ),
    (
        "fence-with-trailing-spaces",
        b"---  \ntitle: A\n---\t\nBody",
        {"title": "A"},
        "Body",
        4,
        {("title",): (2, 8)},
    ),
    (
        "empty-front-matter",
        b"---\n---\nBody.\n",
        {},
        "Body.\n",
        3,
        {},
    ),
    (
        "dates-stay-text",
        b"---\ntitle: A\nupdated: 2025-02-30\n---\n",
        {"title": "A", "updated": "2025-02-30"},
        "",
        5,
        {("updated",): (3, 10)},
    ),
    (
        "anchor-without-alias-is-fine",
        b"---\ntitle: &t A\n---\n",
        {"title": "A"},
        "",
        4,
        {("title",): (2, 8)},
    ),
    (
        "nested-positions",
        b"---\ntitle: A\nsources:\n  - title: S\n    url: https://e.example/\n---\n",
        {"title": "A", "sources": [{"title": "S", "url": "https://e.example/"}]},
        "",
        7,
        {("sources",): (4, 3), ("sources", 0, "title"): (4, 12), ("sources", 0, "url"): (5, 10)},
    ),
    (
        "lines-after-a-line-separator-in-quotes",  # YAML counts it as a line; editors do not
        '---\ntitle: "a\u2028b"\nsummary: "s\u0085t"\ndate: 2026-03-01\n---\n'.encode(),
        {"title": "a\u2028b", "summary": "s t", "date": "2026-03-01"},
        "",
        6,
        {("title",): (2, 8), ("summary",): (3, 10), ("date",): (4, 7)},
    ),
    (
        "dashes-later-in-body-are-prose",
        b"---\ntitle: A\n---\nIntro\n\n---\n\nAfter a rule.\n",
        {"title": "A"},
        "Intro\n\n---\n\nAfter a rule.\n",
        4,
        {("title",): (2, 8)},
    ),
]


@pytest.mark.parametrize(
    ("raw", "data", "body", "body_line", "positions"),
    [pytest.param(*row[1:], id=row[0]) for row in ACCEPTED],
)
def test_accepted(
    raw: bytes,
    data: dict[str, object],
    body: str,
    body_line: int,
    positions: dict[tuple[str | int, ...], tuple[int, int]],
) -> None:
    page = parse(raw)
    assert page.data == data
    assert page.body == body
    assert page.body_line == body_line
    for path, where in positions.items():
        assert page.positions.value(path) == where, path


def test_key_positions_are_recorded() -> None:
    page = parse(b"---\ntitle: A\n  # comment\nsummary:   s\n---\n")
    assert page.positions.key(("summary",)) == (4, 1)
    assert page.positions.value(("summary",)) == (4, 12)
    assert page.positions.raw[("summary",)] == "s"


def test_unknown_position_falls_back_to_nearest_ancestor() -> None:
    page = parse(b"---\ntitle: A\nextra:\n  a: 1\n---\n")
    assert page.positions.value(("extra", "missing", 3)) == (4, 3)
    assert page.positions.value(("nothing",)) == (2, 1)


def test_deferred_positions_are_read_again_from_the_file(tmp_path: Path) -> None:
    text = "---\ntitle: About\nsummary: Who\nupdated: 2026-03-01\n---\nBody.\n"
    page = tmp_path / "about.md"
    page.write_text(text, "utf-8")
    parsed = frontmatter.parse(text, "content/about.md").positions
    deferred = frontmatter.Deferred(page, "content/about.md")
    assert deferred.value(("updated",)) == parsed.value(("updated",)) == (4, 10)
    assert deferred.key(("summary",)) == parsed.key(("summary",))
    assert deferred.keys == parsed.keys and deferred.raw == parsed.raw


def test_deferred_positions_never_keep_the_positions_in_a_pickle(tmp_path: Path) -> None:
    page = tmp_path / "about.md"
    page.write_text("---\ntitle: About\n---\nBody.\n", "utf-8")
    deferred = frontmatter.Deferred(page, "content/about.md")
    assert deferred.value(("title",)) == (2, 8)  # loaded
    again = pickle.loads(pickle.dumps(deferred))
    assert "values" not in again.__dict__
    page.write_text("---\n\ntitle: About\n---\nBody.\n", "utf-8")
    assert again.value(("title",)) == (3, 8)  # read from the file as it is now


def test_deferred_positions_of_a_file_gone_or_broken_point_at_the_start(tmp_path: Path) -> None:
    gone = frontmatter.Deferred(tmp_path / "gone.md", "content/gone.md")
    assert gone.value(("title",)) == (1, 1)
    broken = tmp_path / "broken.md"
    broken.write_text("---\ntitle: [unclosed\n---\n", "utf-8")
    assert frontmatter.Deferred(broken, "content/broken.md").key(("title",)) == (1, 1)


def test_a_key_given_twice_leaves_the_last_value_and_every_place() -> None:
    raw = parse(b"---\ntitle: A\nextra: {a: 1, a: 2}\ntitle: B\n---\nBody\n")
    assert raw.data == {"title": "B", "extra": {"a": 2}}
    assert raw.positions.key(("title",)) == (4, 1)  # the value that counts
    assert [(d.line, d.col, d.message) for d in raw.positions.twice] == [
        (3, 15, "duplicate key 'a' (first set on line 3)"),
        (4, 1, "duplicate key 'title' (first set on line 2)"),
    ]


# a value with a second ': ' in it: the hint quotes that very value, and the line as the hint
# writes it is read as the value meant
QUOTED = [
    ("a-title", b"---\ntitle: Fact: text\n---\n", "title", "Fact: text"),
    (
        "in-a-list-item-with-double-quotes",
        b'---\ntitle: A\nsources:\n  - title: Report: "final"\n    url: https://x.example/\n---\n',
        "title",
        'Report: "final"',
    ),
    ("after-a-comment", b"---\ntitle: A\nsummary: Facts: now # draft\n---\n", "summary", None),
    ("with-a-backslash", b"---\ntitle: A\nsummary: Path: C:\\new\n---\n", "summary", None),
    (
        "with-an-apostrophe-and-quotes",
        b'---\ntitle: A\nsummary: It\'s "done": mostly\n---\n',
        "summary",
        None,
    ),
]


@pytest.mark.parametrize(
    ("raw", "key", "value"), [pytest.param(*case[1:], id=case[0]) for case in QUOTED]
)
def test_a_value_with_a_colon_is_told_the_line_to_write(
    raw: bytes, key: str, value: str | None
) -> None:
    found = problem(raw)
    prefix = "a value containing ': ' must be quoted: "
    assert found.hint is not None and found.hint.startswith(prefix + key + ": ")
    written = found.hint.removeprefix(prefix)
    lines = raw.decode().split("\n")
    line = lines[found.line - 1]
    lines[found.line - 1] = line[: line.index(key)] + written
    again = parse("\n".join(lines).encode())
    meant = line[line.index(key) + len(key) + 2 :].split(" #")[0]
    got = again.data["sources"][0][key] if "sources" in again.data else again.data[key]
    assert got == (value if value is not None else meant)


def test_a_line_that_goes_on_a_value_above_is_not_told_to_quote_its_own() -> None:
    found = problem(b"---\ntitle: A\nsummary: It is long\n  and here: it goes on\n---\n")
    assert found.hint == "a value containing ': ' must be quoted, e.g. title: \"Fact: text\""
