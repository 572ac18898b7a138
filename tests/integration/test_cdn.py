"""What a build writes for a CDN: fingerprinted assets with Subresource Integrity, _headers,
_redirects with redirect pages, the sitemap, robots.txt, security.txt, manifest.json and
--precompress; and the preview, which keeps plain names."""

from __future__ import annotations

import base64
import datetime as dt
import gzip
import hashlib
import json
import mimetypes
import random
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import quote, urljoin

import brotli
import pytest

from hubtest import SITE_YML, make_site, resave, run_cli, tree
from recordhub import config, deploy, feeds, securitytxt
from recordhub.build import BuildOptions, build, gather
from recordhub.deploy import content_type
from recordhub.ingest import Memo
from recordhub.preview import Preview
from recordhub.render import THEME_DIR

MARKER = ".recordhub-output"
IMMUTABLE = "public, max-age=31536000, immutable"
HASHED = re.compile(r"^assets/(?P<name>.+)\.(?P<hash>[0-9a-f]{10})(?P<ext>\.css|\.js)$")
NOISE = random.Random(7).randbytes(4096)  # a text-named file that compression cannot shrink

HUB: dict[str, str | bytes] = {
    "content/_index.md": """\
        ---
        title: Home
        summary: The facts about Example Co.
        date: 2026-01-05
        ---
        Read [where data lives](faq/data.md) and the [claims](claims/_index.md).
        """,
    "content/faq/_index.md": """\
        ---
        title: Questions
        type: faq
        date: 2025-02-01
        ---
        ## Data

        ### Where is my data stored?

        In Virginia.
        """,
    "content/faq/data.md": """\
        ---
        title: Where data lives
        summary: In Virginia, with a backup in Singapore.
        date: 2025-01-01
        updated: 2025-03-01
        tags: [privacy, data]
        aliases: [/old/data/, /legacy/data.html]
        facts:
          - {label: Primary storage, value: "Virginia, USA"}
        sources:
          - {title: Report, url: https://example.org/report, publisher: Example Org}
        changelog:
          - {date: 2025-03-01, kind: correction, note: Fixed the backup location.}
        ---
        ## Storage

        | Place | Share |
        |-------|-------|
        | Virginia | most |

        ![chart](chart.png) and the [full report](report.pdf).[^1]

        [^1]: A footnote.
        """,
    "content/faq/chart.png": b"\x89PNG\r\n\x1a\n" + bytes(3000),
    "content/faq/report.pdf": b"%PDF-1.4\n" + bytes(2000),
    "content/claims/_index.md": "---\ntitle: Claims\ncascade: {type: claim}\n---\nClaims.\n",
    "content/claims/sold.md": """\
        ---
        title: Do we sell data?
        date: 2025-04-02
        claim: Example Co sells data.
        verdict: "false"
        fact: We never sold user data.
        claimed_by: {who: A post, where: Social media, date: 2025-04-01}
        ---
        We do not.
        """,
    "content/statements/_index.md": "---\ntitle: Statements\ncascade: {type: statement}\n---\n",
    "content/statements/first.md": """\
        ---
        title: Our first statement
        date: 2025-05-06
        speaker: Alex Example
        role: Head of Communications
        ---
        We publish the facts.
        """,
    "content/roadmap.md": """\
        ---
        title: Security roadmap
        type: roadmap
        date: 2025-06-01
        milestones:
          - {title: Audit, status: done, date: 2025-01-10}
          - {title: Bug bounty, status: planned}
        ---
        Our plans.
        """,
    "content/old-policy.md": """\
        ---
        title: Old policy
        status: superseded
        superseded_by: faq/data.md
        ---
        Replaced.
        """,
    "content/special.md": """\
        ---
        title: Special
        template: custom.html
        ---
        A page with its own template.
        """,
    "content/secret.md": "---\ntitle: Secret\ndraft: true\naliases: [/old/secret/]\n---\nNo.\n",
    "templates/custom.html": """\
        {% extends "base.html" %}
        {% block head %}
        <link rel="stylesheet" href="{{ asset('site.css') }}">
        <link rel="stylesheet" media="print" href="/css/print.css">
        <script src="/js/site.js" defer></script>
        {% endblock %}
        {% block content %}<article>{{ page.content }}</article>{% endblock %}
        """,
    "static/site.css": "body { color: #222; }\n",
    "static/css/print.css": "nav { display: none; }\n",
    "static/js/site.js": "document.documentElement.classList.add('js');\n",
    "static/logo.png": b"\x89PNG\r\n\x1a\n" + bytes(2000),
    "static/downloads/noise.txt": NOISE,
}

# The CSS and JS a build fingerprints, by plain name, with where their bytes come from.
FINGERPRINTED = {
    "app.css": THEME_DIR / "static" / "app.css",
    "app.js": THEME_DIR / "static" / "app.js",
    "site.css": Path("static/site.css"),
    "css/print.css": Path("static/css/print.css"),
    "js/site.js": Path("static/js/site.js"),
}
# Page URL -> the lastmod its sitemap entry must carry (updated, else date; a listing's, the
# newest of its own and what it lists).
LASTMOD = {
    "/": "2026-01-05",
    "/faq/": "2025-03-01",  # its own date is 2025-02-01; faq/data.md changed later
    "/faq/data/": "2025-03-01",
    "/claims/": "2025-04-02",
    "/claims/sold/": "2025-04-02",
    "/statements/": "2025-05-06",
    "/statements/first/": "2025-05-06",
    "/roadmap/": "2025-06-01",
    "/corrections/": "2025-03-01",
    "/tags/": "2025-03-01",
    "/tags/privacy/": "2025-03-01",
    "/tags/data/": "2025-03-01",
}


# --------------------------------------------------------------------------- helpers


def run_build(hub: Path, out: Path, *flags: str) -> None:
    run = run_cli("-C", hub, "build", "-o", out, *flags)
    assert run.code == 0, run.err
    assert "Traceback" not in run.err + run.out


@dataclass
class Built:
    hub: Path
    out: Path
    files: dict[str, bytes]

    def text(self, rel: str) -> str:
        return self.files[rel].decode("utf-8")

    @property
    def pages(self) -> dict[str, str]:
        return {
            rel: data.decode("utf-8") for rel, data in self.files.items() if rel.endswith(".html")
        }


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Built:
    base = tmp_path_factory.mktemp("cdn")
    hub = make_site(base / "hub", HUB)
    run_build(hub, base / "out")
    return Built(hub, base / "out", tree(base / "out"))


@pytest.fixture(scope="module")
def precompressed(built: Built, tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    out = tmp_path_factory.mktemp("precompressed") / "out"
    run_build(built.hub, out, "--precompress")
    return tree(out)


class Tags(HTMLParser):
    """Every start tag of a page with its attributes, in order."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, {k: v or "" for k, v in attrs}))

    handle_startendtag = handle_starttag


def tags(html: str) -> list[tuple[str, dict[str, str]]]:
    parser = Tags()
    parser.feed(html)
    parser.close()
    return parser.tags


def references(html: str) -> list[tuple[str, str, str]]:
    """(tag, attribute, URL) of every href, src and srcset of a page."""
    found = []
    for tag, attrs in tags(html):
        for key in ("href", "src"):
            if key in attrs:
                found.append((tag, key, attrs[key]))
        for part in attrs.get("srcset", "").split(","):
            if part.strip():
                found.append((tag, "srcset", part.split()[0]))
    return found


def sri(data: bytes) -> str:
    return "sha384-" + base64.b64encode(hashlib.sha384(data).digest()).decode()


def source_bytes(hub: Path, plain: str) -> bytes:
    path = FINGERPRINTED[plain]
    return (path if path.is_absolute() else hub / path).read_bytes()


def hashed_files(files: dict[str, bytes]) -> dict[str, str]:
    """Fingerprinted output file -> its plain name."""
    return {rel: m["name"] + m["ext"] for rel in files if (m := HASHED.match(rel)) is not None}


# --------------------------------------------------------------------------- fingerprinted assets


def test_css_and_js_are_written_under_content_hashed_names(built: Built) -> None:
    hashed = hashed_files(built.files)
    assert sorted(hashed.values()) == sorted(FINGERPRINTED)
    for rel, plain in hashed.items():
        data = built.files[rel]
        assert data == source_bytes(built.hub, plain), rel
        assert HASHED.match(rel)["hash"] == hashlib.sha256(data).hexdigest()[:10]  # type: ignore[index]
        assert plain not in built.files, f"{plain} is also written under its plain name"
    # Pagefind's own files keep their names: its chunks are content-addressed already
    assert not [
        rel
        for rel in built.files
        if rel.endswith((".css", ".js")) and rel not in hashed and not rel.startswith("pagefind/")
    ]


def test_every_page_refers_to_the_hashed_names_only(built: Built) -> None:
    hashed = {"/" + rel for rel in hashed_files(built.files)}
    plain = {"/" + name for name in FINGERPRINTED}
    used = set()
    for rel, html in built.pages.items():
        for tag, key, url in references(html):
            path = url.split("#")[0].split("?")[0]
            assert path not in plain, f"{rel}: <{tag} {key}> still names {url}"
            if path.startswith("/pagefind/"):
                continue  # the search page loads Pagefind's own files, by their own names
            if path.startswith("/") and path.endswith((".css", ".js")):
                assert path in hashed, f"{rel}: <{tag} {key}={url}> is no fingerprinted file"
                used.add(path)
    assert used == hashed  # the site's own CSS and JS are linked from the custom template


def test_plain_references_in_templates_become_hashed_with_integrity(built: Built) -> None:
    html = built.text("special/index.html")
    found = {attrs.get("href") or attrs.get("src"): attrs for _, attrs in tags(html)}
    for plain in ("css/print.css", "js/site.js"):
        [rel] = [r for r, name in hashed_files(built.files).items() if name == plain]
        attrs = found["/" + rel]
        assert attrs["integrity"] == sri(built.files[rel])
    assert (
        found["/" + next(r for r in built.files if r.startswith("assets/css/print."))]["media"]
        == "print"
    )


def test_a_plain_name_with_a_query_in_a_template_becomes_hashed_too(tmp_path: Path) -> None:
    head = (
        '<script src="/js/x.js?v=3" defer></script><link rel="stylesheet" href="/css/x.css#print">'
    )
    files: dict[str, str | bytes] = {
        "content/_index.md": "---\ntitle: Home\ntemplate: custom.html\n---\nHi\n",
        "templates/custom.html": (
            '{% extends "base.html" %}{% block head %}' + head + "{% endblock %}"
            "{% block content %}{{ page.content }}{% endblock %}\n"
        ),
        "static/js/x.js": "console.log(1);\n",
        "static/css/x.css": "p { color: red }\n",
    }
    hub = make_site(tmp_path / "hub", files)
    run_build(hub, tmp_path / "out", "--no-search")
    built = tree(tmp_path / "out")
    found = {
        attrs.get("href") or attrs.get("src"): attrs
        for _, attrs in tags(built["index.html"].decode())
    }
    for plain, rest in (("js/x.js", "?v=3"), ("css/x.css", "#print")):
        [rel] = [r for r, name in hashed_files(built).items() if name == plain]
        assert found[f"/{rel}{rest}"]["integrity"] == sri(built[rel])


def test_an_integrity_copied_with_a_stylesheet_is_that_of_the_published_file(
    tmp_path: Path,
) -> None:
    # a stylesheet fetched from a CDN with its integrity: its url() is rewritten when published
    css = '@font-face { font-family: F; src: url(../fonts/f.woff2) format("woff2") }\n'
    head = f'<link rel="stylesheet" href="/vendor/css/f.css" integrity="{sri(css.encode())}">'
    files: dict[str, str | bytes] = {
        "content/_index.md": "---\ntitle: Home\ntemplate: custom.html\n---\nHi\n",
        "templates/custom.html": (
            '{% extends "base.html" %}{% block head %}' + head + "{% endblock %}"
            "{% block content %}{{ page.content }}{% endblock %}\n"
        ),
        "static/vendor/css/f.css": css,
        "static/vendor/fonts/f.woff2": b"wOF2",
    }
    hub = make_site(tmp_path / "hub", files)
    run_build(hub, tmp_path / "out", "--no-search")
    built = tree(tmp_path / "out")
    [rel] = [r for r, name in hashed_files(built).items() if name == "vendor/css/f.css"]
    assert b"url(/vendor/fonts/f.woff2)" in built[rel]
    [attrs] = [a for _, a in tags(built["index.html"].decode()) if a.get("href") == f"/{rel}"]
    assert attrs["integrity"] == sri(built[rel])
    assert built["index.html"].decode().count("integrity=") == 3  # app.css, app.js, f.css


def test_an_attribute_that_ends_in_integrity_is_not_the_integrity(tmp_path: Path) -> None:
    head = '<script src="/js/x.js" data-integrity="checked" defer></script>'
    files: dict[str, str | bytes] = {
        "content/_index.md": "---\ntitle: Home\ntemplate: custom.html\n---\nHi\n",
        "templates/custom.html": (
            '{% extends "base.html" %}{% block head %}' + head + "{% endblock %}"
            "{% block content %}{{ page.content }}{% endblock %}\n"
        ),
        "static/js/x.js": "console.log(1);\n",
    }
    hub = make_site(tmp_path / "hub", files)
    run_build(hub, tmp_path / "out", "--no-search")
    built = tree(tmp_path / "out")
    [rel] = [r for r, name in hashed_files(built).items() if name == "js/x.js"]
    [attrs] = [a for _, a in tags(built["index.html"].decode()) if a.get("src") == f"/{rel}"]
    assert (attrs["data-integrity"], attrs["integrity"]) == ("checked", sri(built[rel]))


def test_every_stylesheet_and_script_carries_matching_integrity(built: Built) -> None:
    for rel, html in built.pages.items():
        if rel.startswith(("old/", "legacy/")):
            continue  # redirect pages load nothing
        for tag, attrs in tags(html):
            if tag == "link" and "stylesheet" in attrs.get("rel", "").split():
                url = attrs["href"]
            elif tag == "script" and "src" in attrs:
                url = attrs["src"]
            else:
                continue
            assert attrs.get("integrity") == sri(built.files[url.lstrip("/")]), (rel, url)


def test_images_and_downloads_keep_their_names(built: Built) -> None:
    assert built.files["logo.png"] == HUB["static/logo.png"]
    assert built.files["downloads/noise.txt"] == NOISE
    assert built.files["faq/chart.png"] == HUB["content/faq/chart.png"]
    assert built.files["faq/report.pdf"] == HUB["content/faq/report.pdf"]
    refs = {url for _, _, url in references(built.text("faq/data/index.html"))}
    assert {"/faq/chart.png", "/faq/report.pdf"} <= refs


@pytest.mark.parametrize("how", ["Preview", "BuildOptions(preview=True)"])
def test_the_preview_keeps_plain_names(built: Built, tmp_path: Path, how: str) -> None:
    out = tmp_path / "preview"
    if how == "Preview":
        outcome = Preview(built.hub, out).rebuild()
        assert outcome.ok, outcome.problems
    else:
        result = build(config.load(built.hub), BuildOptions(out=out, preview=True))
        assert not result.failed(False), result.diagnostics
    files = tree(out)
    assert not [rel for rel in files if rel.startswith("assets/")]
    for plain in FINGERPRINTED:
        assert files[plain] == source_bytes(built.hub, plain)
    html = files["special/index.html"].decode()
    urls = {url for _, _, url in references(html)}
    assert {"/app.css", "/app.js", "/site.css", "/css/print.css", "/js/site.js"} <= urls
    assert "integrity=" not in html


# --------------------------------------------------------------------------- _headers


def parse_headers(text: str) -> list[tuple[str, list[tuple[str, str]]]]:
    """The _headers format of Netlify and Cloudflare Pages: a line starting with / or https://
    begins a rule; indented ``Name: value`` lines belong to it; # comments; blank lines."""
    rules: list[tuple[str, list[tuple[str, str]]]] = []
    for number, line in enumerate(text.splitlines(), 1):
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        if not line[0].isspace():
            assert line.startswith(("/", "https://")), f"line {number} is no rule: {line!r}"
            assert len(line.split()) == 1, f"line {number}: a path has no spaces: {line!r}"
            rules.append((stripped, []))
            continue
        assert rules, f"line {number}: a header before the first rule"
        name, colon, value = stripped.partition(":")
        assert colon and re.fullmatch(r"[A-Za-z0-9-]+", name) and value.strip(), (number, line)
        rules[-1][1].append((name, value.strip()))
    return rules


def rule_matches(rule: str, path: str) -> bool:
    if rule.endswith("*"):
        return path.startswith(rule[:-1])
    return path == rule


def served_at(rel: str) -> list[str]:
    """The URL paths a host serves an output file at (a folder's index.html at the folder), as
    a browser sends them: a space or a letter outside ASCII percent-encoded."""
    paths = ["/" + quote(rel)]
    if rel == "index.html" or rel.endswith("/index.html"):
        paths.append("/" + quote(rel.removesuffix("index.html")))
    return paths


def cache_problems(files: dict[str, bytes], headers: str) -> list[str]:
    """Every served path that does not get exactly one correct Cache-Control."""
    rules = parse_headers(headers)
    problems = []
    # both hosts redirect from an alias before they would serve the redirect page there
    redirected = {
        line.split()[0].lstrip("/") + ("index.html" if line.split()[0].endswith("/") else "")
        for line in files.get("_redirects", b"").decode().splitlines()
        if line.strip() and not line.startswith("#")
    }
    for rel in sorted(files):
        if rel in {"_headers", "_redirects", MARKER}:
            continue  # read by the host and never served / our own marker
        if re.sub(r"\.(br|gz)$", "", rel) in redirected:
            continue
        for path in served_at(rel):
            values = [
                value
                for rule, fields in rules
                if rule_matches(rule, path)
                for name, value in fields
                if name.lower() == "cache-control"
            ]
            if len(values) != 1:
                problems.append(f"{path}: {len(values)} Cache-Control values {values}")
            elif HASHED.match(re.sub(r"\.(br|gz)$", "", rel)):
                if values[0] != IMMUTABLE:
                    problems.append(f"{path}: {values[0]!r} for a fingerprinted file")
            elif "max-age=0" not in values[0] or "must-revalidate" not in values[0]:
                problems.append(f"{path}: {values[0]!r} for a plain-named file")
    return problems


def test_headers_rules_are_valid_paths(built: Built) -> None:
    rules = parse_headers(built.text("_headers"))
    assert rules
    assert len(rules) <= 100  # Cloudflare Pages reads at most 100 header rules
    for rule, fields in rules:
        assert rule.startswith("/"), rule
        assert rule.count("*") <= 1 and ("*" not in rule or rule.endswith("*")), rule
        assert fields, f"{rule} sets no header"


def test_every_path_gets_the_security_headers(built: Built) -> None:
    rules = dict(parse_headers(built.text("_headers")))
    every = {name.lower(): value for name, value in rules["/*"]}
    csp = every["content-security-policy"]
    directives = {d.split()[0]: d.split()[1:] for d in csp.split(";") if d.strip()}
    assert "'unsafe-inline'" not in csp and "'unsafe-eval'" not in csp
    assert directives["frame-ancestors"] == ["'none'"]
    assert directives["default-src"] == ["'self'"]
    # no allow_origins: nothing from elsewhere; site search adds Pagefind's WebAssembly only
    assert directives["script-src"] == ["'self'", "'wasm-unsafe-eval'"]
    assert every["x-content-type-options"] == "nosniff"
    assert every["referrer-policy"]
    assert every["permissions-policy"]
    assert re.fullmatch(
        r"max-age=\d{7,}(; includeSubDomains)?(; preload)?", every["strict-transport-security"]
    )
    assert "cache-control" not in every


def test_every_file_gets_cache_control_from_exactly_one_rule(built: Built) -> None:
    assert cache_problems(built.files, built.text("_headers")) == []
    assert [path for path, _ in parse_headers(built.text("_headers"))].count("/assets/*") == 1


def test_header_rules_name_top_level_files_as_browsers_send_them(tmp_path: Path) -> None:
    files: dict[str, str | bytes] = {
        "content/_index.md": "---\ntitle: Home\n---\n[C](café.md) [R](/my%20report.pdf)\n",
        "content/café.md": "---\ntitle: Café\n---\nText.\n",
        "static/my report.pdf": b"%PDF-1.4",
        "static/press kit/logo.png": b"\x89PNG\r\n\x1a\n",
    }
    hub = make_site(tmp_path / "hub", files)
    run_build(hub, tmp_path / "out", "--no-search")
    headers = (tmp_path / "out" / "_headers").read_text("utf-8")
    paths = [path for path, _ in parse_headers(headers)]
    assert [path for path in paths if "%" in path] == [
        "/caf%C3%A9/*",
        "/my%20report.pdf",
        "/press%20kit/*",
    ]
    assert not [path for path in paths if " " in path or not path.isascii()]
    assert cache_problems(tree(tmp_path / "out"), headers) == []


def test_header_rules_encode_a_percent_hash_or_question_mark_of_a_name(tmp_path: Path) -> None:
    # a browser sends these three encoded, as the page's links to the files write them
    files: dict[str, str | bytes] = {
        "content/_index.md": (
            "---\ntitle: Home\n---\n[A](/100%25.pdf) [B](/a%23b.pdf) [C](/why%3F.pdf)\n"
        ),
        "static/100%.pdf": b"%PDF-1.4",
        "static/a#b.pdf": b"%PDF-1.4",
        "static/why?.pdf": b"%PDF-1.4",
    }
    hub = make_site(tmp_path / "hub", files)
    run_build(hub, tmp_path / "out", "--no-search")
    headers = (tmp_path / "out" / "_headers").read_text("utf-8")
    paths = [path for path, _ in parse_headers(headers)]
    assert [path for path in paths if path.endswith(".pdf")] == [
        "/100%25.pdf",
        "/a%23b.pdf",
        "/why%3F.pdf",
    ]
    home = (tmp_path / "out" / "index.html").read_text("utf-8")
    assert all(f'href="{path}"' in home for path in paths if path.endswith(".pdf"))


def test_no_header_rule_is_a_wildcard_made_of_a_name_with_a_star(tmp_path: Path) -> None:
    # /a*/* would be a rule for /assets/ as well, spoiling its immutable caching
    files: dict[str, str | bytes] = {
        "content/_index.md": "---\ntitle: Home\n---\n[A](/a*/x.pdf) [B](/b*.pdf)\n",
        "static/a*/x.pdf": b"%PDF-1.4",
        "static/b*.pdf": b"%PDF-1.4",
    }
    hub = make_site(tmp_path / "hub", files)
    run_build(hub, tmp_path / "out", "--no-search")
    headers = (tmp_path / "out" / "_headers").read_text("utf-8")
    paths = [path for path, _ in parse_headers(headers)]
    assert [path for path in paths if path.count("*") != path.endswith("*")] == []
    assert "/a*/*" not in paths and "/b*.pdf" not in paths
    # the file gets the hosts' default, which revalidates, and the rest what it got before
    assert [p for p in cache_problems(tree(tmp_path / "out"), headers) if "%2A" not in p] == []


@pytest.mark.parametrize("folder", ["static", "content"])
@pytest.mark.parametrize("command", ["build", "check"])
def test_plain_files_in_an_assets_folder_are_refused(
    tmp_path: Path, folder: str, command: str
) -> None:
    # everything under assets/ is served as immutable for a year (one _headers rule), so a
    # plain-named logo there could never be updated in readers' browsers
    hub = make_site(
        tmp_path / "hub",
        {"content/_index.md": "---\ntitle: Home\n---\nHello.\n"},
    )
    out = tmp_path / "out"
    assert run_cli("-C", hub, "build", "-o", out).code == 0
    before = tree(out)
    files: dict[str, str | bytes] = {
        "content/_index.md": "---\ntitle: Home\n---\n![logo](/assets/img/logo.png)\n",
        f"{folder}/assets/img/logo.png": b"\x89PNG\r\n\x1a\nlogo",
    }
    make_site(hub, files, site_yml=None)
    args = ["-C", hub, command] + (["-o", out] if command == "build" else [])
    run = run_cli(*args)
    assert run.code == 1, run.err
    assert "Traceback" not in run.err
    shown = f"{folder}/assets/img/logo.png"  # from the hub's folder, as every message
    assert (
        f"{shown}: error: assets/ is where recordhub puts fingerprinted files, cached for a year"
        in run.err
    ), run.err
    assert f"hint: move this file out of {folder}/assets/, e.g. to {folder}/files/" in run.err
    assert tree(out) == before


def test_stylesheets_in_a_static_assets_folder_are_fingerprinted(tmp_path: Path) -> None:
    hub = make_site(
        tmp_path / "hub",
        {
            "content/_index.md": "---\ntitle: Home\n---\nHello.\n",
            "static/assets/extra.css": "p { color: black; }\n",
        },
    )
    run = run_cli("-C", hub, "build", "-o", tmp_path / "out")
    assert run.code == 0, run.err
    files = tree(tmp_path / "out")
    assert [rel for rel in files if rel.startswith("assets/assets/extra.")] != []
    assert cache_problems(files, files["_headers"].decode()) == []


def test_precompressed_files_get_cache_control_too(precompressed: dict[str, bytes]) -> None:
    files = precompressed
    assert "index.html.br" in files
    assert cache_problems(files, files["_headers"].decode()) == []
    # and no rule names a file that was not written (a small robots.txt has no .br)
    named = [rule for rule, _ in parse_headers(files["_headers"].decode()) if "*" not in rule]
    assert [rule for rule in named if rule != "/" and rule[1:] not in files] == []


class PageChecks(HTMLParser):
    """What a strict CSP without 'unsafe-inline' would block in one page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocked: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = {k: v or "" for k, v in attrs}
        if tag == "style":
            self.blocked.append("<style> element")
        if tag == "script" and "src" not in found and found.get("type") != "application/ld+json":
            self.blocked.append(f"inline <script {found}>")
        for key, value in found.items():
            if key == "style":
                self.blocked.append(f"<{tag} style={value!r}>")
            if key.startswith("on"):
                self.blocked.append(f"<{tag} {key}=...> event handler")
            if key in {"href", "src", "action"} and value.lower().startswith("javascript:"):
                self.blocked.append(f"<{tag} {key}={value!r}>")

    handle_startendtag = handle_starttag


def csp_blocked(pages: dict[str, str]) -> list[str]:
    blocked = []
    for rel, html in sorted(pages.items()):
        checker = PageChecks()
        checker.feed(html)
        checker.close()
        blocked += [f"{rel}: {what}" for what in checker.blocked]
    return blocked


def test_the_theme_works_under_the_csp(built: Built) -> None:
    assert csp_blocked(built.pages) == []
    assert any('type="application/ld+json"' in html for html in built.pages.values())


def test_the_starter_hub_works_under_the_csp(tmp_path: Path) -> None:
    run = run_cli("init", tmp_path / "hub")
    assert run.code == 0, run.err
    run_build(tmp_path / "hub", tmp_path / "out")
    files = tree(tmp_path / "out")
    pages = {rel: data.decode() for rel, data in files.items() if rel.endswith(".html")}
    assert len(pages) > 5
    assert csp_blocked(pages) == []


def test_aligned_markdown_tables_work_under_the_csp(tmp_path: Path) -> None:
    hub = make_site(
        tmp_path / "hub",
        {
            "content/_index.md": (
                "---\ntitle: Home\n---\n| Left | Right |\n|:-----|------:|\n| a | 1 |\n"
            )
        },
    )
    run_build(hub, tmp_path / "out")
    html = (tmp_path / "out" / "index.html").read_text("utf-8")
    assert "<table>" in html
    assert csp_blocked({"index.html": html}) == []
    # Python-Markdown writes the alignment as style=""; it must survive as something else
    heads = [attrs for tag, attrs in tags(html) if tag == "th"]
    assert ["left" in str(heads[0]), "right" in str(heads[1])] == [True, True], heads


# --------------------------------------------------------------------------- _redirects

STATUSES = {200, 301, 302, 303, 307, 308}
ALIASES = {"/old/data/": "/faq/data/", "/legacy/data.html": "/faq/data/"}


def redirect_lines(text: str) -> list[list[str]]:
    return [
        line.split()
        for line in text.splitlines()
        if line.strip() and not line.lstrip().startswith("#")
    ]


def js_number(token: str) -> float | None:
    """Number(token) in JavaScript for the tokens that matter here (None for NaN)."""
    return int(token) if re.fullmatch(r"\s*\d+\s*", token) else None


def cloudflare_rules(text: str) -> tuple[dict[str, tuple[str, int]], list[list[str]]]:
    """Cloudflare Pages: Number(status), invalid lines ignored, the first rule per source wins."""
    rules: dict[str, tuple[str, int]] = {}
    valid = []
    for tokens in redirect_lines(text):
        if len(tokens) not in (2, 3):
            continue
        status = js_number(tokens[2]) if len(tokens) == 3 else 302
        if status not in STATUSES:
            continue
        valid.append(tokens)
        rules.setdefault(tokens[0], (tokens[1], int(status)))
    return rules, valid


def netlify_rule(text: str, path: str) -> tuple[str, int, bool] | None:
    """Netlify: the first line whose source matches wins; "!" forces it over an existing file."""
    for tokens in redirect_lines(text):
        if tokens[0] == path:
            status = tokens[2] if len(tokens) == 3 else "301"
            return tokens[1], int(status.rstrip("!")), status.endswith("!")
    return None


def test_redirects_lines_follow_the_published_format(built: Built) -> None:
    lines = redirect_lines(built.text("_redirects"))
    assert len(lines) == 2 * len(ALIASES)
    for tokens in lines:
        assert 2 <= len(tokens) <= 3, tokens
        assert tokens[0].startswith("/"), tokens
        assert tokens[1].startswith(("/", "https://")), tokens
        if len(tokens) == 3:
            assert re.fullmatch(r"(200|301|302|303|307|308)!?", tokens[2]), tokens


def test_cloudflare_reads_one_301_per_alias(built: Built) -> None:
    rules, valid = cloudflare_rules(built.text("_redirects"))
    assert rules == {old: (new, 301) for old, new in ALIASES.items()}
    for old in ALIASES:
        assert [t for t in valid if t[0] == old] == [[old, ALIASES[old], "301"]]


def test_netlify_reads_a_forced_301_per_alias(built: Built) -> None:
    for old, new in ALIASES.items():
        assert netlify_rule(built.text("_redirects"), old) == (new, 301, True)


@pytest.mark.parametrize("rel", ["old/data/index.html", "legacy/data.html"])
def test_a_redirect_page_stands_at_each_old_path(built: Built, rel: str) -> None:
    found = tags(built.text(rel))
    refresh = [a["content"] for t, a in found if t == "meta" and a.get("http-equiv") == "refresh"]
    canonical = [a["href"] for t, a in found if t == "link" and a.get("rel") == "canonical"]
    assert [re.sub(r"\s+", " ", r) for r in refresh] == ["0; url=/faq/data/"]
    assert canonical == ["https://hub.example/faq/data/"]
    # an icon of its own, or the browser asks for /favicon.ico, which the site does not have
    assert [a["href"] for t, a in found if t == "link" and a.get("rel") == "icon"] == ["data:,"]


def test_drafts_aliases_are_not_written(built: Built) -> None:
    assert "/old/secret/" not in built.text("_redirects")
    assert not [rel for rel in built.files if "secret" in rel]


LONG = "أين-تخزن-بيانات-المستخدمين-" * 6  # 300 bytes in UTF-8: over any disk's 255 per name
LONG_ALIAS = "/ar/" + quote(LONG) + "/"  # copied from a log, percent-encoded
SECRET_UNCHECKED = (
    "content: notice: 1 draft was not checked: links to other pages, anchors and the pages "
    "named in front matter are checked only where drafts are shown\n"
    "  hint: run recordhub check --drafts to check them, or preview them with recordhub serve, "
    "which shows drafts and tells their problems\n"
)
TOO_LONG = (
    "content/where.md:5:5: warning: this alias is too long for a file name (one part of it is "
    "300 bytes, and most disks allow 255): it is redirected by _redirects only, with no "
    "redirect page\n"
    "  hint: hosts that read _redirects (Netlify, Cloudflare Pages) redirect it; on another "
    "host, redirect it in the server's own settings, or remove the alias\n"
)


@pytest.mark.parametrize("command", ["check", "build"])
def test_an_alias_too_long_for_a_file_name_is_redirected_by_rule_only(
    tmp_path: Path, command: str
) -> None:
    page = f"---\ntitle: Where\naliases:\n  - /old/where/\n  - {LONG_ALIAS}\n---\nText.\n"
    hub = make_site(tmp_path / "hub", {**HUB, "content/where.md": page})
    run = run_cli("-C", hub, command)
    assert run.code == 0, run.err
    assert run.err == SECRET_UNCHECKED + TOO_LONG  # content/secret.md is a draft
    if command == "build":
        files = tree(hub / "public")
        assert netlify_rule(files["_redirects"].decode(), LONG_ALIAS) == ("/where/", 301, True)
        assert not [rel for rel in files if rel.startswith("ar/")]
        assert "old/where/index.html" in files  # the other alias keeps its page


# ------------------------------------------------------- sitemap, robots, 404, security.txt

SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def sitemap(built: Built) -> dict[str, str | None]:
    root = ET.fromstring(built.files["sitemap.xml"])
    assert root.tag == f"{SM}urlset"
    found: dict[str, str | None] = {}
    for url in root.findall(f"{SM}url"):
        loc = url.findtext(f"{SM}loc")
        assert loc and loc not in found
        found[loc] = url.findtext(f"{SM}lastmod")
    return found


def test_sitemap_lists_every_page_with_its_lastmod(built: Built) -> None:
    entries = sitemap(built)
    redirects = {"old/data/index.html", "legacy/data.html"}
    pages = {
        "https://hub.example/" + rel.removesuffix("index.html")
        for rel in built.pages
        if rel not in redirects and rel != "404.html"
    }
    assert set(entries) == pages
    for url, lastmod in LASTMOD.items():
        assert entries["https://hub.example" + url] == lastmod, url
    assert entries["https://hub.example/old-policy/"] is None  # a page without dates


def test_listings_take_the_newest_date_of_what_they_list_in_each_language(
    tmp_path: Path,
) -> None:
    site_yml = SITE_YML.replace("https://hub.example/", "https://hub.example/record/") + (
        "languages: [{code: en, name: English}, {code: es, name: Español}]\n"
    )
    dated = "---\ntitle: {0}\ndate: {1}\ntags: [{2}]\n{3}---\nText.\n"
    fixed = "changelog:\n  - {date: 2025-03-04, kind: correction, note: Fixed.}\n"
    files = {
        "content/_index.md": "---\ntitle: Home\n---\n",
        "content/news/_index.md": "---\ntitle: News\n---\n",
        "content/news/a.md": dated.format("A", "2025-01-02", "privacy", fixed),
        "content/news/b.md": dated.format("B", "2025-02-01", "privacy, data", ""),
        "content/news/later.md": "---\ntitle: Later\ndate: 2026-01-01\ndraft: true\n---\n",
        "content/news/_index.es.md": "---\ntitle: Noticias\n---\n",
        "content/news/a.es.md": dated.format("A es", "2024-06-01", "privacidad", ""),
        "content/bare/u.md": "---\ntitle: Undated\ntags: [misc]\n---\nText.\n",
    }
    hub = make_site(tmp_path / "hub", files, site_yml)
    # a draft shown on request dates no listing: the sitemap leaves it out
    run_build(hub, tmp_path / "out", "--drafts")
    built = Built(hub, tmp_path / "out", tree(tmp_path / "out"))
    entries = {
        url.removeprefix("https://hub.example/record/"): day for url, day in sitemap(built).items()
    }
    assert {url: entries[url] for url in entries if entries[url] is not None} == {
        "news/": "2025-03-04",  # a's correction, after b's date
        "news/a/": "2025-03-04",
        "news/b/": "2025-02-01",
        "corrections/": "2025-03-04",
        "tags/": "2025-03-04",
        "tags/privacy/": "2025-03-04",
        "tags/data/": "2025-02-01",
        "es/news/": "2024-06-01",
        "es/news/a/": "2024-06-01",
        "es/tags/": "2024-06-01",
        "es/tags/privacidad/": "2024-06-01",
    }
    # listing nothing dated gives no lastmod: no correction in Spanish, an undated page's topic
    for url in ("es/corrections/", "bare/", "tags/misc/", "search/"):
        assert url in entries and entries[url] is None, url


def test_drafts_and_scheduled_pages_shown_on_request_stay_out_of_the_sitemap(
    tmp_path: Path,
) -> None:
    files = {
        **HUB,
        "content/draft.md": "---\ntitle: Draft\ndraft: true\n---\nNot yet.\n",
        "content/soon.md": "---\ntitle: Soon\npublish_at: 2999-01-01\n---\nLater.\n",
        # not a draft itself, but shown only because its section, a draft, is
        "content/later/_index.md": "---\ntitle: Later\ndraft: true\n---\n",
        "content/later/item.md": "---\ntitle: Item\n---\nWaits for its section.\n",
    }
    hub = make_site(tmp_path / "hub", files)
    run_build(hub, tmp_path / "out", "--drafts", "--future")
    built = Built(hub, tmp_path / "out", tree(tmp_path / "out"))
    for rel in ("draft/index.html", "soon/index.html", "later/item/index.html"):
        assert 'content="noindex"' in built.text(rel), rel
        assert "data-pagefind-body" not in built.text(rel), rel  # nor in the search index
    entries = sitemap(built)
    assert "https://hub.example/draft/" not in entries
    assert "https://hub.example/soon/" not in entries
    assert "https://hub.example/later/item/" not in entries
    assert "https://hub.example/old-policy/" in entries


def test_the_sitemap_escapes_what_xml_must_escape(tmp_path: Path) -> None:
    gathered = gather(config.load(make_site(tmp_path / "hub", HUB)), BuildOptions(out=None), Memo())
    page = next(p for p in gathered.pages if p.path == "old-policy/")
    page.permalink = 'https://hub.example/q&a/<b>/"c"/\u00e9/'  # & stays & in a URL
    text = feeds.sitemap(gathered.site, gathered.pages)
    assert "/q&amp;a/%3Cb%3E/%22c%22/%C3%A9/</loc>" in text
    root = ET.fromstring(text.encode("utf-8"))
    locs = {url.findtext(f"{SM}loc") for url in root.findall(f"{SM}url")}
    assert "https://hub.example/q&a/%3Cb%3E/%22c%22/%C3%A9/" in locs


def test_robots_txt_points_to_the_sitemap(built: Built) -> None:
    lines = built.text("robots.txt").splitlines()
    assert "Sitemap: https://hub.example/sitemap.xml" in lines


def test_a_404_page_is_written(built: Built) -> None:
    assert "404.html" in built.files
    assert 'name="robots" content="noindex"' in built.text("404.html")


def test_security_txt_follows_rfc_9116(built: Built) -> None:
    fields = dict(
        line.split(": ", 1) for line in built.text(".well-known/security.txt").splitlines()
    )
    assert fields["Contact"] == "mailto:security@hub.example"
    expires = fields["Expires"]
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z", expires)
    when = dt.datetime.fromisoformat(expires.replace("Z", "+00:00"))
    assert when.date() == dt.date(2026, 1, 5) + dt.timedelta(days=365)  # newest date + a year
    assert fields["Canonical"] == "https://hub.example/.well-known/security.txt"


def test_security_txt_of_a_hub_with_no_date_yet_expires_a_year_after_the_build(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    hub = make_site(
        tmp_path / "hub", {"content/_index.md": "---\ntitle: Home\n---\nHi.\n"}, SITE_YML
    )
    built = dt.datetime(2026, 12, 1, 23, 30, tzinfo=dt.timezone(dt.timedelta(hours=-5)))
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(built.timestamp())))
    run = run_cli("-C", hub, "build", "--no-search", "-o", tmp_path / "out")
    assert run.code == 0, run.err
    text = (tmp_path / "out" / ".well-known" / "security.txt").read_text()
    assert "Expires: 2027-12-02T00:00:00Z\n" in text  # the day in UTC, not in New York
    assert "security.txt" not in run.err  # nothing to renew yet: no notice
    # the next day, with nothing changed, Expires moves with it
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(built.timestamp()) + 86_400))
    run = run_cli("-C", hub, "build", "--no-search", "-o", tmp_path / "out")
    assert run.code == 0, run.err
    text = (tmp_path / "out" / ".well-known" / "security.txt").read_text()
    assert "Expires: 2027-12-03T00:00:00Z\n" in text


def test_a_hub_with_no_date_yet_is_rebuilt_when_the_day_turns(tmp_path: Path) -> None:
    # its security.txt changes with the day: a build with nothing changed must not keep it
    hub = make_site(
        tmp_path / "hub", {"content/_index.md": "---\ntitle: Home\n---\nHi.\n"}, SITE_YML
    )
    site = config.load(hub)
    now = dt.datetime(2026, 12, 1, 23, 30, tzinfo=dt.UTC)
    gathered = gather(site, BuildOptions(out=None, now=now), Memo())
    assert securitytxt.renewal_from(gathered.site, now) == dt.datetime(2026, 12, 2, tzinfo=dt.UTC)
    assert gathered.boundary == dt.datetime(2026, 12, 2, tzinfo=dt.UTC)
    no_contact = config.load(
        make_site(
            tmp_path / "plain",
            {"content/_index.md": "---\ntitle: Home\n---\nHi.\n"},
            SITE_YML.replace(", security: security@hub.example", ""),
        )
    )
    plain = gather(no_contact, BuildOptions(out=None, now=now), Memo())
    assert plain.boundary is None


def test_no_security_txt_without_a_security_contact(tmp_path: Path) -> None:
    site_yml = SITE_YML.replace(", security: security@hub.example", "")
    assert "security" not in site_yml
    hub = make_site(
        tmp_path / "hub", {"content/_index.md": "---\ntitle: Home\n---\nHi.\n"}, site_yml
    )
    run_build(hub, tmp_path / "out")
    files = tree(tmp_path / "out")
    assert not [rel for rel in files if rel.startswith(".well-known/")]
    assert "/.well-known/" not in files["_headers"].decode()


# --------------------------------------------------------------------------- manifest.json


def test_manifest_lists_every_file_once_with_size_digest_and_type(built: Built) -> None:
    entries = json.loads(built.files["manifest.json"])["files"]
    paths = [entry["path"] for entry in entries]
    assert paths == sorted(paths)
    assert paths == sorted(set(built.files) - {MARKER, "manifest.json"})
    types = {}
    for entry in entries:
        data = built.files[entry["path"]]
        assert entry["size"] == len(data), entry
        assert entry["sha256"] == hashlib.sha256(data).hexdigest(), entry
        assert isinstance(entry["type"], str) and "/" in entry["type"], entry
        types[entry["path"]] = entry["type"]
    assert types["index.html"] == "text/html; charset=utf-8"
    assert types["sitemap.xml"] == "application/xml; charset=utf-8"
    assert types["robots.txt"] == "text/plain; charset=utf-8"
    assert types["faq/chart.png"] == "image/png"
    assert types["faq/report.pdf"] == "application/pdf"
    for rel, plain in hashed_files(built.files).items():
        expected = "text/css" if plain.endswith(".css") else "text/javascript"
        assert types[rel] == f"{expected}; charset=utf-8"


def test_the_readmes_invalidation_paths_are_one_url_path_each(tmp_path: Path) -> None:
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    script = readme.split("<<'PY' > changed.txt\n", 1)[1].split("\nPY\n", 1)[0]
    files: dict[str, str | bytes] = {
        "content/_index.md": "---\ntitle: Home\n---\n[C](café.md) [R](/my%20report.pdf)\n",
        "content/café.md": "---\ntitle: Café\n---\nText.\n",
        "static/my report.pdf": b"%PDF-1.4",
    }
    hub = make_site(tmp_path / "hub", files)
    run_build(hub, tmp_path / "out", "--no-search")
    (tmp_path / "last.json").write_bytes((tmp_path / "out" / "manifest.json").read_bytes())
    make_site(hub, {"content/café.md": "---\ntitle: Café\n---\nNew.\n"}, None)
    (hub / "static" / "my report.pdf").write_bytes(b"%PDF-1.7")
    run_build(hub, tmp_path / "out", "--no-search")
    changed = subprocess.run(
        [sys.executable, "-", tmp_path / "last.json", tmp_path / "out" / "manifest.json"],
        input=script,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    # the shell splits $(cat changed.txt) at white space: each path must be one word
    assert changed.split() == ["/caf%C3%A9/", "/my%20report.pdf"]


@pytest.mark.parametrize(
    ("rel", "expected"),
    [
        ("index.html", "text/html; charset=utf-8"),
        ("a/b/STYLE.CSS", "text/css; charset=utf-8"),
        ("assets/app.1863c68367.js", "text/javascript; charset=utf-8"),
        ("site.webmanifest", "application/manifest+json; charset=utf-8"),
        ("logo.svg", "image/svg+xml; charset=utf-8"),
        ("fonts/inter.woff2", "font/woff2"),
        ("photo.WEBP", "image/webp"),
        ("photo.jpeg", "image/jpeg"),
        ("report.pdf", "application/pdf"),
        ("_headers", "text/plain; charset=utf-8"),
        ("_redirects", "text/plain; charset=utf-8"),
        (".well-known/security.txt", "text/plain; charset=utf-8"),
        ("index.html.br", "application/x-brotli"),
        ("sitemap.xml.gz", "application/gzip"),
        ("LICENSE", "application/octet-stream"),
        (".hidden", "application/octet-stream"),
        ("pagefind/pagefind.en_d89b04b2db.pf_meta", "application/octet-stream"),
    ],
)
def test_content_types(rel: str, expected: str) -> None:
    assert content_type(rel) == expected


def test_content_types_do_not_come_from_the_machine(monkeypatch: pytest.MonkeyPatch) -> None:
    # what this machine's /etc/mime.types says must not change the manifest of another's build
    monkeypatch.setattr(mimetypes, "guess_type", lambda *a, **k: ("application/x-odd", None))
    monkeypatch.setattr(mimetypes, "types_map", {".png": "application/x-odd"})
    deploy._by_suffix.cache_clear()  # answers are kept per suffix: ask afresh
    try:
        assert content_type("x.png") == "image/png"
        assert content_type("x.unheard-of") == "application/octet-stream"
    finally:
        deploy._by_suffix.cache_clear()


def test_two_builds_are_byte_identical(built: Built, tmp_path: Path) -> None:
    run_build(built.hub, tmp_path / "again")
    again = tree(tmp_path / "again")
    assert again["manifest.json"] == built.files["manifest.json"]
    assert again == built.files
    run_build(built.hub, tmp_path / "again")  # over its own previous output
    assert tree(tmp_path / "again") == built.files


# --------------------------------------------------------------------------- --precompress

COMPRESSIBLE = (".html", ".css", ".js", ".xml", ".json", ".txt", ".svg")


def test_precompress_writes_br_and_gz_beside_large_text_files(
    built: Built, precompressed: dict[str, bytes]
) -> None:
    files = precompressed
    packed = {rel for rel in files if rel.endswith((".br", ".gz"))}
    for rel in packed:
        original = files[rel[:-3]]
        unpacked = (
            brotli.decompress(files[rel]) if rel.endswith(".br") else gzip.decompress(files[rel])
        )
        assert unpacked == original, rel
        assert len(files[rel]) < len(original), rel
    # pages are compressible text: every one over 1 KiB has both (redirect pages are smaller)
    for rel, html in built.pages.items():
        if len(html.encode()) >= 1024:
            assert {rel + ".br", rel + ".gz"} <= packed, rel
    assert len(packed) >= 2 * len(built.pages) - 2 * len(ALIASES)
    assert "sitemap.xml.br" in packed
    for rel, data in built.files.items():
        if len(data) < 1024:  # small files are not worth it
            assert not {rel + ".br", rel + ".gz"} & packed, rel
        if not rel.endswith(COMPRESSIBLE):  # images and downloads are compressed already
            assert not {rel + ".br", rel + ".gz"} & packed, rel
    assert "downloads/noise.txt.br" not in packed  # text by name, but it does not shrink
    assert "downloads/noise.txt.gz" not in packed
    # the rest of the build is unchanged; the manifest lists the new files, and _headers
    # gives the top-level .br and .gz files their cache rule
    assert {rel: data for rel, data in files.items() if rel not in packed} == {
        **built.files,
        "manifest.json": files["manifest.json"],
        "_headers": files["_headers"],
    }
    listed = {entry["path"] for entry in json.loads(files["manifest.json"])["files"]}
    assert packed <= listed


def test_no_precompressed_files_without_the_flag(built: Built) -> None:
    assert not [rel for rel in built.files if rel.endswith((".br", ".gz"))]


TEXT = "".join(f"line {n}, the same words again and again\n" for n in range(100)).encode()


def test_precompress_reads_a_files_content_type_not_a_list_of_suffixes(tmp_path: Path) -> None:
    text = ["data.csv", "events.ics", "notes.md", "lib/util.mjs", "feed.rss", "spec.yaml"]
    packed_already = ["photo.webp", "font.woff2", "bundle.zip", "icon.svgz", "blob.bin"]
    files: dict[str, str | bytes] = {f"static/{name}": TEXT for name in text + packed_already}
    hub = make_site(
        tmp_path / "hub", {"content/_index.md": "---\ntitle: Home\n---\nHi.\n", **files}
    )
    out = tmp_path / "out"
    run_build(hub, out, "--no-search", "--precompress")
    found = tree(out)
    for name in text:
        assert gzip.decompress(found[name + ".gz"]) == TEXT, name
        assert brotli.decompress(found[name + ".br"]) == TEXT, name
    for name in packed_already:
        assert name + ".gz" not in found and name + ".br" not in found, name
    assert not [rel for rel in found if rel.startswith(("_headers.", "_redirects."))]
    rules = found["_headers"].decode()
    assert "/data.csv*\n" in rules and "/photo.webp\n" in rules


# --------------------------------------------------------------- CSS that refers to files

CSS_REF = re.compile(r"""(?:url\(\s*["']?|@import\s+["'])(?P<url>[^"')\s]+)""")


def unresolved_css_references(files: dict[str, bytes]) -> list[str]:
    """url() and @import targets of the published CSS that no output file answers."""
    missing = []
    for rel in hashed_files(files):
        if not rel.endswith(".css"):
            continue
        for match in CSS_REF.finditer(files[rel].decode("utf-8")):
            url = match["url"]
            if re.match(r"[a-z]+:|//|#", url):
                continue
            target = urljoin("/" + rel, url.split("#")[0].split("?")[0]).lstrip("/")
            if target not in files:
                missing.append(f"{rel}: {url} -> /{target}")
    return missing


@pytest.mark.parametrize(
    "files",
    [
        pytest.param(
            {
                "static/css/brand.css": (
                    "@font-face { font-family: Brand; src: url(../fonts/brand.woff2); }\n"
                ),
                "static/fonts/brand.woff2": b"wOF2 font",
            },
            id="relative url() to a font",
        ),
        pytest.param(
            {"static/site.css": '@import "/base.css";\n', "static/base.css": "p { margin: 0 }\n"},
            id="@import of another stylesheet by its plain name",
        ),
    ],
)
def test_fingerprinted_css_still_finds_what_it_refers_to(
    tmp_path: Path, files: dict[str, str | bytes]
) -> None:
    hub = make_site(
        tmp_path / "hub", {"content/_index.md": "---\ntitle: Home\n---\nHi.\n", **files}
    )
    run = run_cli("-C", hub, "build", "-o", tmp_path / "out")
    if run.code == 0:  # either every reference works, or the build says which does not
        assert unresolved_css_references(tree(tmp_path / "out")) == []
    else:
        css = next(name for name in files if name.endswith(".css"))
        assert [line for line in run.err.splitlines() if line.startswith(css + ":")]


def test_precompress_again_into_the_same_folder_and_then_not(tmp_path: Path) -> None:
    hub = make_site(tmp_path / "hub", {"content/_index.md": "---\ntitle: Home\n---\nHello.\n"})
    out = tmp_path / "out"
    run_build(hub, out, "--precompress")
    first = tree(out)
    assert "pagefind/pagefind-ui.js.br" in first
    for _ in range(2):  # the search index is reused from the output: its .br files are not
        resave(hub)
        run_build(hub, out, "--precompress")
        assert tree(out) == first
    resave(hub)
    run_build(hub, out)
    files = tree(out)
    assert not [rel for rel in files if rel.endswith((".br", ".gz"))]
    listed = {entry["path"] for entry in json.loads(files["manifest.json"])["files"]}
    assert listed == set(files) - {"manifest.json", ".recordhub-output"}


def test_redirect_pages_get_no_header_rules_and_too_many_rules_warn(tmp_path: Path) -> None:
    files = {"content/_index.md": "---\ntitle: Home\n---\nHello.\n"}
    for n in range(60):  # each top-level page a folder, each alias a file: one rule each
        files[f"content/claim-{n}.md"] = f"---\ntitle: Claim {n}\naliases: [/claim-{n}.html]\n---\n"
    hub = make_site(tmp_path / "hub", files)
    run = run_cli("-C", hub, "build", "--no-search", "-o", tmp_path / "out")
    assert run.code == 0, run.err
    headers = (tmp_path / "out" / "_headers").read_text()
    assert "/claim-1/*" in headers and "/claim-1.html" not in headers
    assert "_headers" not in run.err
    for n in range(60, 110):
        files[f"content/claim-{n}.md"] = f"---\ntitle: Claim {n}\n---\n"
    make_site(hub, files)
    run = run_cli("-C", hub, "build", "--no-search", "-o", tmp_path / "out")
    assert run.code == 0, run.err
    count = len(parse_headers((tmp_path / "out" / "_headers").read_text()))
    assert count > 110
    assert (
        f"_headers: warning: _headers has {count} rules, over the 100 that Cloudflare Pages "
        "allows\n  hint: each top-level page, folder or file gets a rule: put pages in "
        "sections (folders)"
    ) in run.err


def test_an_alias_copied_percent_encoded_lands_where_servers_look(tmp_path: Path) -> None:
    page = '---\ntitle: A\naliases: ["/caf%C3%A9/", "/x%20y/old.html"]\n---\nA\n'
    files = {"content/_index.md": "---\ntitle: Home\n---\nHi\n", "content/a.md": page}
    hub = make_site(tmp_path / "hub", files)
    run_build(hub, tmp_path / "out", "--no-search")
    out = tmp_path / "out"
    assert (out / "café" / "index.html").is_file()
    assert (out / "x y" / "old.html").is_file()
    assert not [p for p in out.rglob("*") if "%" in p.name]
    rules = redirect_lines((out / "_redirects").read_text())
    assert ["/caf%C3%A9/", "/a/", "301"] in rules
    assert ["/x%20y/old.html", "/a/", "301"] in rules
    # the same old address written both ways is one alias, given twice
    make_site(hub, {"content/b.md": '---\ntitle: B\naliases: ["/café/"]\n---\nB\n'}, None)
    run = run_cli("-C", hub, "build", "--no-search", "-o", out)
    assert run.code == 1
    assert "content/b.md:3:11: error: alias /café/ is also an alias of content/a.md" in run.err


def test_an_alias_that_names_the_hubs_folder_is_not_put_in_it_twice(tmp_path: Path) -> None:
    aliases = "[/facts/old-moved/, /older/, /facts/gone.html, /facts/f%C3%A9/]"
    files = {
        "content/_index.md": "---\ntitle: Home\n---\nHi\n",
        "content/moved.md": f"---\ntitle: Moved\naliases: {aliases}\n---\nx\n",
    }
    hub = make_site(tmp_path / "hub", files, SITE_YML.replace(".example/", ".example/facts/"))
    out = tmp_path / "out"
    run_build(hub, out, "--no-search")
    rules = [r for r in redirect_lines((out / "_redirects").read_text()) if r[-1] == "301"]
    assert sorted(rules) == [
        ["/facts/f%C3%A9/", "/facts/moved/", "301"],
        ["/facts/gone.html", "/facts/moved/", "301"],
        ["/facts/old-moved/", "/facts/moved/", "301"],
        ["/facts/older/", "/facts/moved/", "301"],
    ]
    for old in ("old-moved/index.html", "older/index.html", "gone.html", "fé/index.html"):
        assert "/facts/moved/" in (out / old).read_text()
    assert not (out / "facts").exists()
    # the same old address written both ways is one alias, given twice
    make_site(hub, {"content/b.md": "---\ntitle: B\naliases: [/old-moved/]\n---\nB\n"}, None)
    run = run_cli("-C", hub, "build", "--no-search", "-o", out)
    assert run.code == 1
    assert (
        "content/moved.md:3:11: error: alias /facts/old-moved/ is also an alias of content/b.md\n"
        "  hint: keep it on one of the two pages"
    ) in run.err


def test_an_alias_with_a_doubled_slash_is_the_address_it_lands_at(tmp_path: Path) -> None:
    files = {
        "content/_index.md": "---\ntitle: Home\n---\nHi\n",
        "content/news/item.md": "---\ntitle: Item\n---\nThe item.\n",
        "content/a.md": '---\ntitle: A\naliases: ["/news//item/"]\n---\nA\n',
    }
    hub = make_site(tmp_path / "hub", files)
    run = run_cli("-C", hub, "build", "--no-search", "-o", tmp_path / "out")
    assert run.code == 1
    assert (
        "content/a.md:3:11: error: alias /news//item/ is the address of content/news/item.md\n"
        "  hint: remove the alias: that page is served there"
    ) in run.err
    # elsewhere, the redirect page and the rule name the folder the page is written in
    make_site(hub, {"content/a.md": '---\ntitle: A\naliases: ["//old//a/"]\n---\nA\n'}, None)
    run_build(hub, tmp_path / "out", "--no-search")
    rules = redirect_lines((tmp_path / "out" / "_redirects").read_text())
    assert ["/old/a/", "/a/", "301"] in rules
    listed = [
        f["path"] for f in json.loads((tmp_path / "out" / "manifest.json").read_text())["files"]
    ]
    assert "old/a/index.html" in listed
    assert not [p for p in listed if "//" in p]


def test_a_page_whose_slug_is_manifest_json_is_told_at_its_slug(tmp_path: Path) -> None:
    page = "---\ntitle: Files\nslug: manifest.json\n---\nText.\n"
    hub = make_site(tmp_path / "hub", {"content/_index.md": "---\ntitle: Home\n---\nHi\n"})
    make_site(hub, {"content/files.md": page}, None)
    run = run_cli("-C", hub, "build", "--no-search", "-o", tmp_path / "out")
    assert run.code == 1
    assert (
        "content/files.md:3:7: error: manifest.json is reserved: the build writes its list of "
        "every file there, which upload tools compare\n"
        "  hint: give the page another slug\n"
    ) in run.err
    assert not (tmp_path / "out").exists()


def test_a_page_or_file_in_the_search_index_folder_is_told_the_folder_is_the_builds(
    tmp_path: Path,
) -> None:
    # Pagefind writes its index into pagefind/ after the pages, over a file of the same name
    files = {
        "content/_index.md": "---\ntitle: Home\n---\nHi\n",
        "content/search-help.md": "---\ntitle: Help\nslug: Pagefind\n---\nText.\n",
        "content/pagefind/guide.pdf": b"%PDF-1.7\n",
        "static/pagefind/pagefind-entry.json": '{"version": "mine"}\n',
    }
    hub = make_site(tmp_path / "hub", files)
    for search in ([], ["--no-search"]):  # the address is the build's either way
        command = ["build", *search, "-o", str(tmp_path / "out")]
        run = run_cli("-C", hub, *command)
        assert run.code == 1, run.err
        reserved = "error: pagefind/ is reserved: the build writes the search index there"
        assert run.err.splitlines() == [
            f"content/pagefind/guide.pdf: {reserved}",
            "  hint: move this file out of its folder named pagefind",
            f"content/search-help.md:3:7: {reserved}",
            "  hint: give the page another slug",
            f"static/pagefind/pagefind-entry.json: {reserved}",
            "  hint: move this file out of its folder named pagefind",
            "Build failed: 3 errors, 0 warnings; nothing was written",
        ]
    assert not (tmp_path / "out").exists()


def test_an_alias_at_a_name_of_the_builds_is_told_at_the_alias(tmp_path: Path) -> None:
    # not at "content/x.md aliases", and not with the hint to change the page's slug
    page = "---\ntitle: X\naliases: [/pagefind/old/, /manifest.json/]\n---\nText.\n"
    hub = make_site(tmp_path / "hub", {"content/_index.md": "---\ntitle: Home\n---\nHi\n"})
    make_site(hub, {"content/x.md": page}, None)
    run = run_cli("-C", hub, "build", "--no-search", "-o", tmp_path / "out")
    assert run.code == 1
    assert run.err.splitlines() == [
        "content/x.md:3:11: error: pagefind/ is reserved: the build writes the search index there",
        "  hint: remove that alias, or change it",
        "content/x.md:3:27: error: manifest.json is reserved: the build writes its list of every "
        "file there, which upload tools compare",
        "  hint: remove that alias, or change it",
        "Build failed: 2 errors, 0 warnings; nothing was written",
    ]
    assert not (tmp_path / "out").exists()


def test_a_file_named_manifest_json_is_told_the_name_is_the_builds(tmp_path: Path) -> None:
    home = {"content/_index.md": "---\ntitle: Home\n---\nHi\n"}
    for name in ("static/manifest.json", "content/Manifest.JSON"):
        hub = make_site(tmp_path / name, {**home, name: '{"name": "Hub"}\n'})
        for command in (["build", "--no-search", "-o", str(tmp_path / "out")], ["check"]):
            run = run_cli("-C", hub, *command)
            assert run.code == 1
            assert [line for line in run.err.splitlines() if ": error: " in line] == [
                f"{name}: error: manifest.json is reserved: the build writes its list of every "
                "file there, which upload tools compare"
            ]
            assert (
                "  hint: give this file another name; a web app manifest is usually "
                "manifest.webmanifest\n"
            ) in run.err
        assert not (tmp_path / "out").exists()
    hub = tmp_path / "static" / "manifest.json"
    (hub / "static/manifest.json").rename(hub / "static/manifest.webmanifest")
    run_build(hub, tmp_path / "out", "--no-search")
    listed = json.loads((tmp_path / "out/manifest.json").read_text())["files"]
    assert {"path": "manifest.webmanifest", "type": "application/manifest+json; charset=utf-8"} in [
        {"path": f["path"], "type": f["type"]} for f in listed
    ]


def test_an_alias_under_assets_is_an_error(tmp_path: Path) -> None:
    page = "---\ntitle: A\naliases: [/assets/old-page/]\n---\nA\n"
    files = {"content/_index.md": "---\ntitle: Home\n---\nHi\n", "content/a.md": page}
    hub = make_site(tmp_path / "hub", files)
    run = run_cli("-C", hub, "build", "--no-search", "-o", tmp_path / "out")
    assert run.code == 1
    assert (
        "content/a.md:3:11: error: alias /assets/old-page/ is in /assets/, which is cached for "
        "a year\n  hint: a redirect there could never be changed in readers' browsers: remove it"
    ) in run.err
    assert not (tmp_path / "out").exists()


def test_a_hub_in_a_folder_is_told_of_the_files_read_only_at_a_root(tmp_path: Path) -> None:
    files = {"content/_index.md": "---\ntitle: Home\n---\nHi\n"}
    hub = make_site(tmp_path / "hub", files, SITE_YML.replace(".example/", ".example/facts/"))
    run = run_cli("-C", hub, "build", "--no-search", "-o", tmp_path / "out")
    assert run.code == 0, run.err
    assert (
        "site.yml:2:11: notice: the hub lives in /facts/ of its domain: robots.txt and "
        ".well-known/security.txt are read only at the domain's root, and _headers and "
        "_redirects only at the root of what is uploaded\n"
        "  hint: copy those files to the domain's root, or merge their rules into the domain's own"
    ) in run.err
    every = dict(parse_headers((tmp_path / "out" / "_headers").read_text()))["/facts/*"]
    # the hub's folder does not speak for every host of the company's domain
    assert ("Strict-Transport-Security", "max-age=63072000") in every
    at_root = make_site(tmp_path / "root", files)
    run = run_cli("-C", at_root, "build", "--no-search", "-o", tmp_path / "out2")
    assert "notice" not in run.err
    every = dict(parse_headers((tmp_path / "out2" / "_headers").read_text()))["/*"]
    assert ("Strict-Transport-Security", "max-age=63072000; includeSubDomains") in every


def test_a_hub_in_a_folder_has_netlify_show_its_own_page_for_a_missing_address(
    tmp_path: Path,
) -> None:
    # Netlify shows the 404.html at its root: the domain's, where the hub's rules are merged
    files = {
        "content/_index.md": "---\ntitle: Home\n---\nHi\n",
        "content/_index.es.md": "---\ntitle: Inicio\n---\nHola\n",
    }
    languages = "languages:\n  - {code: en, name: English}\n  - {code: es, name: Español}\n"
    site = SITE_YML.replace(".example/", ".example/facts/") + languages
    hub = make_site(tmp_path / "hub", files, site)
    run = run_cli("-C", hub, "build", "--no-search", "-o", tmp_path / "out")
    assert run.code == 0, run.err
    rules = (tmp_path / "out" / "_redirects").read_text().splitlines()
    # the language's first: Netlify applies the first rule that matches
    assert rules[-2:] == ["/facts/es/* /facts/es/404.html 404", "/facts/* /facts/404.html 404"]


def test_security_txt_of_a_hub_in_a_folder_names_the_domain_s_root(tmp_path: Path) -> None:
    # scanners read it only at https://hub.example/.well-known/security.txt, where the hub's
    # is copied; one whose Canonical names another address is not to be trusted (RFC 9116)
    files = {"content/_index.md": "---\ntitle: Home\n---\nHi\n"}
    hub = make_site(tmp_path / "hub", files, SITE_YML.replace(".example/", ".example/facts/"))
    run = run_cli("-C", hub, "build", "--no-search", "-o", tmp_path / "out")
    assert run.code == 0, run.err
    text = (tmp_path / "out" / ".well-known" / "security.txt").read_text()
    assert text.endswith(
        "Canonical: https://hub.example/.well-known/security.txt\n"
        "Canonical: https://hub.example/facts/.well-known/security.txt\n"
    )


def test_robots_txt_of_a_hub_in_a_folder_speaks_for_that_folder(tmp_path: Path) -> None:
    # merged into the domain's robots.txt, 'Allow: /' would open what the domain closes
    files = {"content/_index.md": "---\ntitle: Home\n---\nHi\n"}
    hub = make_site(tmp_path / "hub", files, SITE_YML.replace(".example/", ".example/facts/"))
    run = run_cli("-C", hub, "build", "--no-search", "-o", tmp_path / "out")
    assert run.code == 0, run.err
    assert (tmp_path / "out" / "robots.txt").read_text() == (
        "User-agent: *\nAllow: /facts/\n\nSitemap: https://hub.example/facts/sitemap.xml\n"
    )


MODULE_HUB = {
    "content/_index.md": "---\ntitle: Home\n---\nHi\n",
    "content/tool.md": "---\ntitle: Tool\ntemplate: tool.html\n---\nT\n",
    "templates/tool.html": (
        '{% extends "page.html" %}\n{% block head %}'
        '<script type="module" src="{{ asset("js/main.js") }}"></script>{% endblock %}\n'
    ),
    "static/js/main.js": (
        'import { greet } from "./util.js";\nimport "./lib/side.js";\n'
        'export {\n  x,\n} from "../js/util.js";\nconst later = await import("./util.js");\n'
    ),
    "static/js/util.js": "export function greet() {}\nexport const x = 1;\n",
    "static/js/lib/side.js": 'import { x } from "../util.js";\nconsole.log(x);\n',
}


def test_a_modules_imports_follow_it_to_its_hashed_name(tmp_path: Path) -> None:
    hub = make_site(tmp_path / "hub", MODULE_HUB)
    run_build(hub, tmp_path / "out", "--no-search")
    files = tree(tmp_path / "out")
    [main] = [rel for rel in files if rel.startswith("assets/js/main.")]
    specifiers = re.findall(
        r"""(?:from\s*|import\s*\(?\s*)["']([^"']+)["']""", files[main].decode()
    )
    assert len(specifiers) == 4
    for specifier in specifiers:  # each from the site's root, to a file that is there
        assert specifier.startswith("/assets/js/") and specifier.lstrip("/") in files, specifier
    [side] = [rel for rel in files if rel.startswith("assets/js/lib/side.")]
    [util] = re.findall(r'from "(/[^"]+)"', files[side].decode())
    assert util.lstrip("/") in files and util.startswith("/assets/js/util.")


def test_a_module_import_of_a_missing_file_is_an_error(tmp_path: Path) -> None:
    broken = {**MODULE_HUB, "static/js/lib/side.js": 'import { y } from "./gone.js";\n'}
    hub = make_site(tmp_path / "hub", broken)
    run = run_cli("-C", hub, "build", "--no-search", "-o", tmp_path / "out")
    assert run.code == 1
    assert (
        "static/js/lib/side.js:1:20: error: import of ./gone.js points to no file of the site\n"
        "  hint: check the path; it is relative to this script"
    ) in run.err
