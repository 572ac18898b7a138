"""Properties: any input gives a result or a recordhub DiagnosticError, never another exception.

Covers front-matter splitting and parsing, schema validation of arbitrary mappings, slugs and
URL paths, and the link rewriter.
"""

from __future__ import annotations

import datetime as dt
import posixpath
import unicodedata
from typing import Any

import yaml
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from recordhub import contenttypes, frontmatter, links, schema, urls
from recordhub.config import Settings
from recordhub.diagnostics import Diagnostic, DiagnosticError, Severity

PATH = "content/x.md"
SETTINGS = Settings(title="Test Hub", base_url="https://hub.example/")
# no example database: a failure is reproduced from the printed example, and nothing is kept
PROPERTY = settings(
    max_examples=200,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)

# --- front matter ---------------------------------------------------------------------------

YAML_TOKENS = st.sampled_from(
    [
        "title",
        "summary",
        "date",
        "tags",
        "type",
        "extra",
        ": ",
        ":",
        " ",
        "  ",
        "\n",
        "- ",
        "[",
        "]",
        "{",
        "}",
        ",",
        "&a ",
        "*a",
        "!!python/object/apply:os.system ",
        "!!str ",
        "'",
        '"',
        "#",
        "|",
        ">",
        "? ",
        "yes",
        "NO",
        "1.10",
        "2025-02-30",
        "~",
        "<<",
        "---",
        "...",
        "%YAML 1.1",
        "\t",
        "\r",
        "\ufeff",
        "\x00",
        "é",
        "\u2028",
    ]
)
YAML_ISH = st.lists(YAML_TOKENS, max_size=40).map("".join)
PAGE_TEXT = st.one_of(
    st.text(),
    YAML_ISH,
    st.builds(lambda fm, body: f"---\n{fm}\n---\n{body}", YAML_ISH, st.text(max_size=50)),
)
PAGE_BYTES = st.one_of(
    st.binary(max_size=300),
    PAGE_TEXT.map(lambda text: text.encode("utf-8")),
    PAGE_TEXT.map(lambda text: text.encode("utf-16")),
    PAGE_TEXT.map(lambda text: text.encode("cp1252", "replace")),
    PAGE_TEXT.map(lambda text: b"\xef\xbb\xbf" + text.encode("utf-8")),
)


def check_diagnostics(found: list[Diagnostic], path: str = PATH) -> None:
    for diagnostic in found:
        assert diagnostic.path == path
        assert diagnostic.message
        assert diagnostic.line is None or diagnostic.line >= 1
        assert diagnostic.col is None or diagnostic.col >= 1
        diagnostic.format()


@PROPERTY
@given(PAGE_BYTES)
@example(b"")
@example(b"---\ntitle: caf\xe9\n---\n")
@example("---\ntitle: X\n---\n".encode("utf-16-le"))
@example(b"---\na: &a [x]\nb: [*a, *a]\n---\n")
@example(b'---\ntitle: !!python/object/apply:os.system ["true"]\n---\n')
@example(b"---\n" + b"[" * 2000 + b"\n---\n")
def test_front_matter_decode_and_parse(raw: bytes) -> None:
    try:
        page = frontmatter.parse(frontmatter.decode(raw, PATH), PATH)
    except DiagnosticError as exc:
        assert exc.diagnostics, "a DiagnosticError must carry at least one problem"
        check_diagnostics(exc.diagnostics)
        assert all(d.severity is Severity.ERROR for d in exc.diagnostics)
        return
    assert page.path == PATH
    assert isinstance(page.data, dict)
    assert all(isinstance(key, str) for key in page.data)
    assert page.body_line >= 3
    assert "\r" not in page.body


@PROPERTY
@given(PAGE_TEXT)
def test_front_matter_parse_of_text(text: str) -> None:
    try:
        page = frontmatter.parse(text, PATH)
    except DiagnosticError as exc:
        check_diagnostics(exc.diagnostics)
        return
    # the body is exactly the text after the closing fence
    lines = text.split("\n")
    assert "\n".join(lines[page.body_line - 1 :]) == page.body


# --- schema validation ----------------------------------------------------------------------

FIELDS = sorted(
    {name for model in schema.MODELS.values() for name in model.model_fields}
    | {"sumary", "titel", "verdict", "milestones"}
)
SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=False),
    st.text(max_size=30),
    st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 1, 1)).map(str),
    st.sampled_from(["page", "claim", "faq", "statement", "roadmap", "false", "current"]),
    st.sampled_from(["2026-03-01T09:00:00Z", "2025-02-30", "yes", "1.10", "correction"]),
)
YAML_VALUES = st.recursive(
    SCALARS,
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(
            st.one_of(st.sampled_from(FIELDS), st.text(max_size=8)), inner, max_size=4
        )
    ),
    max_leaves=16,
)
# `type:` gets a content type, other text, or any YAML value (a list or a mapping too)
TYPE_VALUES = st.one_of(
    st.sampled_from(list(schema.CONTENT_TYPES)), st.text(max_size=12), YAML_VALUES
)
MAPPINGS = st.dictionaries(st.sampled_from(FIELDS), YAML_VALUES, max_size=10).flatmap(
    lambda data: st.builds(
        lambda kind: {**data, "type": kind} if "type" in data else data, TYPE_VALUES
    )
)


def raw_page(data: dict[str, Any]) -> frontmatter.RawPage:
    """A RawPage as the build makes it: the mapping written as YAML, then parsed back."""
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    return frontmatter.parse(f"---\n{text}---\nBody.\n", PATH)


def validate_any(data: dict[str, Any], default_type: str) -> None:
    try:
        raw = raw_page(data)
    except DiagnosticError:
        return  # e.g. a value YAML writes but reads back differently
    matter, found = contenttypes.validate(raw, default_type, SETTINGS)
    check_diagnostics(found)
    errors = [d for d in found if d.severity is Severity.ERROR]
    if matter is None:
        assert errors, "no front matter and no error to say why"
    else:
        assert not errors
        assert isinstance(matter, schema.FrontMatter)
        assert matter.type in schema.CONTENT_TYPES


@PROPERTY
@given(MAPPINGS, st.sampled_from(list(schema.CONTENT_TYPES)))
@example({"title": "X"}, "page")
@example({"title": "X", "type": "claimm"}, "page")
@example({"title": "X", "verdict": "false"}, "page")
@example({"title": "X", "changelog": [{"date": "2025-02-30"}]}, "statement")
@example({"title": None, "extra": {"a": [1, {"b": None}]}}, "roadmap")
def test_schema_validate_of_arbitrary_mappings(data: dict[str, Any], default_type: str) -> None:
    validate_any(data, default_type)


@PROPERTY
@given(
    st.one_of(
        st.lists(st.text(max_size=8), max_size=3), st.dictionaries(st.text(max_size=5), SCALARS)
    )
)
@example(["claim"])
@example({"a": 1})
def test_schema_validate_of_a_non_text_type(kind: object) -> None:
    # until 4a3bfd5 a list or mapping here raised TypeError (unhashable type) in validate
    validate_any({"title": "X", "type": kind}, "page")
    raw = raw_page({"title": "X", "type": kind})
    _, found = contenttypes.validate(raw, "page", SETTINGS)
    at = raw.positions.value(("type",))
    assert any(
        d.message.startswith("unknown content type") and (d.line, d.col) == at for d in found
    ), found


# --- slugs and URL paths --------------------------------------------------------------------

ALLOWED_PUNCTUATION = set("-._~")
NAMES = st.text(st.characters(blacklist_categories=("Cs",)), max_size=300)


def valid_segment(segment: str) -> bool:
    return (
        bool(segment)
        and segment not in {".", ".."}
        and len(segment.encode("utf-8")) <= urls.MAX_SEGMENT_BYTES
        and all(c in ALLOWED_PUNCTUATION or unicodedata.category(c)[0] in "LMN" for c in segment)
        and unicodedata.is_normalized("NFC", segment)
    )


@PROPERTY
@given(NAMES)
@example("")
@example("..")
@example("é" * 150)
@example("e\u0301" * 150)
@example("İstanbul")
@example("a" * 199 + "é")
def test_slugify_gives_a_valid_stable_segment(text: str) -> None:
    slug = urls.slugify(text)
    assert valid_segment(slug), slug
    assert urls.slugify(text) == slug  # deterministic
    assert urls.slugify(unicodedata.normalize("NFD", text)) == slug
    assert urls.slugify(unicodedata.normalize("NFC", text)) == slug
    assert urls.slugify(slug) == slug  # a slug is its own slug


@PROPERTY
@given(NAMES)
@example("x" * 201)
@example("é" * 101)
def test_shorten_fits_the_limit_and_keeps_long_names_apart(segment: str) -> None:
    short = urls.shorten(segment)
    assert len(short.encode("utf-8")) <= urls.MAX_SEGMENT_BYTES
    assert urls.shorten(segment) == short
    if len(segment.encode("utf-8")) <= urls.MAX_SEGMENT_BYTES:
        assert short == segment
    else:
        assert short != urls.shorten(segment + "x")  # the hash keeps them apart


@PROPERTY
@given(
    st.lists(NAMES.filter(lambda part: "/" not in part), min_size=1, max_size=4),
    st.one_of(st.none(), NAMES),
    st.booleans(),
)
@example(["faq", "_index"], None, False)
@example(["_index"], "x", False)
@example(["a" * 250], None, False)
@example(["Café"], "Résumé", True)
def test_page_path_is_valid_stable_and_normalisation_blind(
    parts: list[str], slug: str | None, as_index: bool
) -> None:
    rel = "/".join([*parts[:-1], "_index"] if as_index else parts) + ".md"
    path = urls.page_path(rel, slug)
    assert path == "" or path.endswith("/")
    for segment in path.split("/")[:-1]:
        assert valid_segment(segment), (rel, path)
    assert urls.page_path(rel, slug) == path
    nfd_slug = unicodedata.normalize("NFD", slug) if slug is not None else None
    assert urls.page_path(unicodedata.normalize("NFD", rel), nfd_slug) == path
    assert urls.output_file(path).endswith("index.html")


# --- the link rewriter ----------------------------------------------------------------------

URLISH = st.one_of(
    st.text(max_size=40),
    st.sampled_from(
        [
            "data.md",
            "../about.md#team",
            "a%20b.md",
            "%zz.md",
            "%ff%fe.md",
            "#top",
            "?q=1",
            "/abs.md",
            "//cdn.example/x.js",
            "javascript:alert(1)",
            "http://[::1",
            "http://[bad/x.md",
            "../../../../etc/passwd.md",
            "x.md?a=1#b",
            "&amp;.md",
            "&#0;.md",
            "&#x110000;.md",
            "\x00.md",
        ]
    ),
)
HTMLISH = st.one_of(
    st.text(max_size=200),
    st.lists(
        st.one_of(
            st.builds(lambda u: f'<a href="{u}">x</a>', URLISH.map(lambda u: u.replace('"', ""))),
            st.builds(lambda u: f'<img src="{u}">', URLISH.map(lambda u: u.replace('"', ""))),
            st.sampled_from(['href="', "src=", "<a ", ">", '"', ' href="x.md"', "&amp;", "\n"]),
            st.text(max_size=10),
        ),
        max_size=12,
    ).map("".join),
)
LOOKUPS = st.dictionaries(st.one_of(URLISH, st.text(max_size=20)), st.text(max_size=30), max_size=6)
RELATIVE = st.one_of(st.text(max_size=30), st.sampled_from(["faq/x.md", "_index.md", ""]))


def check_rewrite(html: str, rel_path: str, table: dict[str, str]) -> None:
    try:
        result = links.rewrite(html, rel_path, table.get)
        written = links.relative(html)
        fingerprint, broken = links.resolved(written, rel_path, table.get)
    except DiagnosticError:
        return
    assert isinstance(result, str)
    if "href=" not in html and "src=" not in html:
        assert result == html
        assert written == ()
    for link in broken:
        assert link.target.endswith(".md") or ".md" in link.written
        assert table.get(link.target) is None
    # a lookup that knows nothing leaves the HTML exactly as it was
    assert links.rewrite(html, rel_path, lambda _: None) == html
    # what the links resolve to decides the rewritten HTML
    assert links.resolved(written, rel_path, lambda _: None)[0] != fingerprint or result == html


@PROPERTY
@given(HTMLISH, RELATIVE, LOOKUPS)
@example('<a href="%ff%fe.md">x</a>', "faq/x.md", {})
@example('<a href="&#x110000;.md">x</a>', "faq/x.md", {})
@example('<a href="data.md">x</a>', "faq/x.md", {"faq/data.md": '/faq/"data"/'})
def test_link_rewriter_never_fails_unexpectedly(
    html: str, rel_path: str, table: dict[str, str]
) -> None:
    check_rewrite(html, rel_path, table)


@PROPERTY
@given(
    st.builds(
        lambda scheme, host, rest: f'<a href="{scheme}//{host}{rest}">x</a>',
        st.sampled_from(["http:", "https:", ""]),
        st.sampled_from(["[::1", "[bad", "::1]", "example.com]"]),
        st.text(st.characters(blacklist_characters='"[]'), max_size=10),
    ),
    RELATIVE,
)
@example('<a href="http://[::1">x</a>', "faq/x.md")
def test_link_rewriter_with_an_unbalanced_ipv6_bracket(html: str, rel_path: str) -> None:
    # until 4a3bfd5 urlsplit's ValueError('Invalid IPv6 URL') escaped from urls.is_external
    check_rewrite(html, rel_path, {})
    assert links.rewrite(html, rel_path, lambda _: "/elsewhere/") == html  # left as written


_SEGMENT = st.text(alphabet=st.sampled_from("ab.é/%e\u0301-"), max_size=12)


@PROPERTY
@given(folder=st.lists(_SEGMENT, max_size=3), target=_SEGMENT)
@example(folder=["faq"], target="/etc")
@example(folder=[], target="../x")
def test_resolve_joins_as_posixpath_does(folder: list[str], target: str) -> None:
    # resolve spells out posixpath.join for speed; it must agree with it on any input
    from_rel = "/".join([*folder, "page.md"])
    expected = from_rel
    if target:
        expected = posixpath.normpath(posixpath.join(posixpath.dirname(from_rel), target))
    expected = unicodedata.normalize("NFC", expected)
    assert urls.resolve(from_rel, target) == expected
    assert urls.resolve(from_rel, target, posixpath.dirname(from_rel)) == expected
