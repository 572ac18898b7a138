"""The addresses inside the site's own stylesheets and scripts: rewritten to the published
names, and checked, each reported at its line and column as written."""

from __future__ import annotations

import base64
import hashlib
from pathlib import Path

import pytest

from hubtest import SITE_YML, make_site, run_cli
from recordhub.preview import Preview

HOME = "---\ntitle: Home\n---\nWelcome.\n"
TEMPLATE = (
    '{% extends "base.html" %}{% block head %}'
    '<link rel="stylesheet" href="{{ asset(\'extra.css\') }}">'
    '<script type="module" src="{{ asset(\'js/mod.js\') }}"></script>'
    "{% endblock %}{% block content %}{{ page.content }}{% endblock %}\n"
)
CSS = """\
/* old: url(gone.png) and @import "nothere.css"; */
.hero { background-image: image-set("img/hero.png" 1x, "img/hero@2x.png" 2x);
  background: -webkit-image-set(url(img/hero.png) 1x, 'img/hero@2x.png' 2x); }
.logo { background: url(/img/hero.png); }
"""
JS = 'const data = new URL("../data.json", import.meta.url);\n'
FILES: dict[str, str | bytes] = {
    "content/_index.md": HOME,
    "templates/index.html": TEMPLATE,
    "static/img/hero.png": b"1",
    "static/img/hero@2x.png": b"2",
    "static/data.json": "{}",
    "static/extra.css": CSS,
    "static/js/mod.js": JS,
}


def errors(err: str) -> list[str]:
    lines = err.splitlines()
    return [f"{line}\n{lines[n + 1]}" for n, line in enumerate(lines) if ": error: " in line]


def test_image_sets_and_module_urls_are_published_under_the_right_names(tmp_path: Path) -> None:
    hub = make_site(tmp_path / "hub", FILES)
    run = run_cli("-C", hub, "build", "--strict", "-o", tmp_path / "out")
    assert run.code == 0, run.err
    (css,) = (tmp_path / "out" / "assets").glob("extra.*.css")
    assert css.read_text("utf-8") == CSS.replace('"img/', '"/img/').replace(
        "(img/", "(/img/"
    ).replace("'img/", "'/img/")
    (js,) = (tmp_path / "out" / "assets" / "js").glob("mod.*.js")
    assert js.read_text("utf-8") == 'const data = new URL("/data.json", import.meta.url);\n'


def test_what_css_and_js_load_or_miss_is_reported_where_written(tmp_path: Path) -> None:
    css = (
        CSS
        + ".a { background: url(img/old-banner.jpg); }\n"
        + '.b { background: image-set("https://tracker.example/px.png" 1x); }\n'
    )
    js = (
        'import { h } from "https://esm.sh/preact@10";\nimport "https://cdn.example/side.js";\n'
        'const later = import("https://cdn.example/later.js");\n'
        + JS
        + 'const gone = new URL("./nope.json", import.meta.url);\n'
        + 'fetch("https://api.example/track");\n'
    )
    hub = make_site(tmp_path / "hub", {**FILES, "static/extra.css": css, "static/js/mod.js": js})
    leak = "  hint: host the file yourself in static/, or allow that origin deliberately in "
    leak += "site.yml allow_origins"
    assert errors(run_cli("-C", hub, "check").err) == [
        "static/extra.css:5:22: error: url(img/old-banner.jpg) points to no file of the site\n"
        "  hint: check the path; it is relative to this stylesheet",
        "static/extra.css:6:29: error: CSS image-set() loads https://tracker.example/px.png "
        "from another origin\n" + leak,
        "static/js/mod.js:1:20: error: import in a script loads https://esm.sh/preact@10 "
        "from another origin\n" + leak,
        "static/js/mod.js:2:9: error: import in a script loads https://cdn.example/side.js "
        "from another origin\n" + leak,
        "static/js/mod.js:3:23: error: import in a script loads https://cdn.example/later.js "
        "from another origin\n" + leak,
        'static/js/mod.js:5:23: error: new URL("./nope.json", import.meta.url) points to no '
        "file of the site\n  hint: check the path; it is relative to this script",
        "static/js/mod.js:6:8: error: fetch() in a script loads https://api.example/track "
        "from another origin\n" + leak,
    ]


def test_a_css_address_from_the_domain_root_is_told_the_hub_folder(tmp_path: Path) -> None:
    hub = make_site(tmp_path / "hub", FILES)
    site = SITE_YML.replace("https://hub.example/", "https://corp.example/facts/")
    make_site(hub, {"site.yml": site}, None)
    assert errors(run_cli("-C", hub, "check").err) == [
        "static/extra.css:4:25: error: url(/img/hero.png) points to no file: the hub is served "
        "under /facts/, so it is /facts/img/hero.png\n"
        "  hint: write /facts/img/hero.png, or an address relative to this stylesheet"
    ]


def test_a_full_address_of_the_hub_s_own_in_css_or_js_is_checked(tmp_path: Path) -> None:
    # the hub's host, under its folder: a file of the site, as a page's full address is
    css = (
        ".a { background: url(https://corp.example/facts/img/hero.png); }\n"
        ".b { background: url(https://corp.example/facts/img/gone.png); }\n"
        ".c { background: url(https://corp.example/img/elsewhere.png); }\n"
    )
    js = 'const gone = new URL("https://corp.example/facts/nope.json", import.meta.url);\n'
    hub = make_site(tmp_path / "hub", {**FILES, "static/extra.css": css, "static/js/mod.js": js})
    site = SITE_YML.replace("https://hub.example/", "https://corp.example/facts/")
    make_site(hub, {"site.yml": site}, None)
    assert errors(run_cli("-C", hub, "check").err) == [
        "static/extra.css:2:22: error: url(https://corp.example/facts/img/gone.png) points to "
        "no file of the site\n"
        "  hint: check the address, the hub's own; or give it relative to this stylesheet",
        'static/js/mod.js:1:23: error: new URL("https://corp.example/facts/nope.json", '
        "import.meta.url) points to no file of the site\n"
        "  hint: check the address, the hub's own; or give it relative to this script",
    ]


def test_a_stylesheet_that_is_not_utf8_is_published_byte_for_byte_with_a_warning(
    tmp_path: Path,
) -> None:
    latin = (
        b'@charset "ISO-8859-1";\n.q::before { content: "\xab"; }\n'
        b".x { background: url(img/hero.png); }\n"
    )
    hub = make_site(tmp_path / "hub", {**FILES, "static/extra.css": latin}, SITE_YML)
    out = tmp_path / "out"
    run = run_cli("-C", hub, "build", "--no-search", "-o", out)
    assert run.code == 0, run.err
    assert (
        "static/extra.css:2:24: warning: not valid UTF-8 at byte 46; it is published as it is\n"
        "  hint: save the file as UTF-8 in your editor; browsers read scripts and styles as UTF-8"
    ) in run.err
    [published] = (out / "assets").glob("extra.*.css")
    data = published.read_bytes()
    assert b'content: "\xab"' in data  # not a replacement character
    assert b"\xef\xbf\xbd" not in data
    assert b"url(/img/hero.png)" in data  # its addresses are still rewritten


WIDGET = """\
<!doctype html>
<link rel="stylesheet" href="/extra.css">
<link rel="stylesheet" href="../extra.css?v=2">
<script type="module" src="/js/mod.js"></script>
<p>\xab<a href="/data.json">Data</a> <a href="/extra.css#top">CSS</a></p>
"""


def published(out: Path, pattern: str) -> tuple[str, str]:
    """The address and integrity of the one fingerprinted file that matches pattern."""
    (path,) = (out / "assets").glob(pattern)
    data = path.read_bytes()
    digest = base64.b64encode(hashlib.sha384(data).digest()).decode()
    return "/" + path.relative_to(out).as_posix(), f"sha384-{digest}"


def test_html_published_as_it_is_names_the_fingerprinted_files_as_published(
    tmp_path: Path,
) -> None:
    latin = WIDGET.encode("latin-1")  # not UTF-8: every other byte goes through as it is
    report = '<link rel="stylesheet" href="../extra.css">\n<p>Report</p>\n'
    files = {**FILES, "static/embed/widget.html": latin, "content/reports/r.html": report}
    hub = make_site(tmp_path / "hub", files)
    out = tmp_path / "out"
    run = run_cli("-C", hub, "build", "--strict", "-o", out)
    assert run.code == 0, run.err
    css, css_sri = published(out, "extra.*.css")
    js, js_sri = published(out, "js/mod.*.js")
    assert (out / "embed/widget.html").read_bytes() == (
        "<!doctype html>\n"
        f'<link rel="stylesheet" href="{css}" integrity="{css_sri}">\n'
        f'<link rel="stylesheet" href="{css}?v=2" integrity="{css_sri}">\n'
        f'<script type="module" src="{js}" integrity="{js_sri}"></script>\n'
        f'<p>\xab<a href="/data.json">Data</a> <a href="{css}#top">CSS</a></p>\n'
    ).encode("latin-1")
    assert (out / "reports/r.html").read_text("utf-8") == (
        f'<link rel="stylesheet" href="{css}" integrity="{css_sri}">\n<p>Report</p>\n'
    )
    # a changed stylesheet has a new name, which the copied file names in the next build
    (hub / "static/extra.css").write_text(CSS + ".more { margin: 0; }\n", "utf-8")
    assert run_cli("-C", hub, "build", "--strict", "-o", out).code == 0
    new, _ = published(out, "extra.*.css")
    assert new != css
    assert f'href="{new}"' in (out / "reports/r.html").read_text("utf-8")
    # the preview serves the plain names, so it publishes the file as it is
    preview = Preview(hub, tmp_path / "preview")
    assert preview.rebuild(None).ok
    assert (tmp_path / "preview/embed/widget.html").read_bytes() == latin


def test_a_quoted_url_runs_to_its_closing_quote(tmp_path: Path) -> None:
    css = (
        '@import url("base two.css");\n'
        '.a { background: url("../img/my pic.png"); }\n'
        ".b { background: url( '../img/it (1).png' ); }\n"
    )
    files = {
        **FILES,
        "static/css/extra.css": css,
        "static/css/base two.css": "p { margin: 0; }\n",
        "static/img/my pic.png": b"1",
        "static/img/it (1).png": b"2",
    }
    template = TEMPLATE.replace("asset('extra.css')", "asset('css/extra.css')")
    hub = make_site(tmp_path / "hub", {**files, "templates/index.html": template})
    out = tmp_path / "out"
    run = run_cli("-C", hub, "build", "--strict", "--no-search", "-o", out)
    assert run.code == 0, run.err
    (base,) = (out / "assets" / "css").glob("base two.*.css")
    (published,) = (out / "assets" / "css").glob("extra.*.css")
    assert published.read_text("utf-8") == (
        f'@import url("/assets/css/{base.name}");\n'
        '.a { background: url("/img/my pic.png"); }\n'
        ".b { background: url( '/img/it (1).png' ); }\n"
    )
    make_site(hub, {"static/css/extra.css": css.replace("my pic", "my picture")}, None)
    assert errors(run_cli("-C", hub, "check").err) == [
        "static/css/extra.css:2:23: error: url(../img/my picture.png) points to no file of the "
        "site\n  hint: check the path; it is relative to this stylesheet"
    ]


def test_an_address_with_a_scheme_in_capitals_is_no_path(tmp_path: Path) -> None:
    # schemes are read without case: DATA: is an image written out, HTTPS: another site
    dot = "DATA:image/gif;base64,R0lGODlhAQABAAAAACw="
    css = f".a {{ background: url({dot}); }}\n.b {{ background: url(HTTPS://t.example/x.png); }}\n"
    hub = make_site(tmp_path / "hub", {**FILES, "static/extra.css": css})
    assert errors(run_cli("-C", hub, "check").err) == [
        "static/extra.css:2:22: error: CSS url() loads HTTPS://t.example/x.png from another "
        "origin\n  hint: host the file yourself in static/, or allow that origin deliberately "
        "in site.yml allow_origins"
    ]
    make_site(hub, {"static/extra.css": css.splitlines(True)[0]}, None)
    out = tmp_path / "out"
    run = run_cli("-C", hub, "build", "--strict", "--no-search", "-o", out)
    assert run.code == 0, run.err
    (published,) = (out / "assets").glob("extra.*.css")
    assert published.read_text("utf-8") == css.splitlines(True)[0]


def test_a_script_that_fetches_a_file_the_build_moves_or_lacks_is_told(tmp_path: Path) -> None:
    # the preview serves every file at its plain name; a build, its scripts only at hashed ones
    main = (
        'navigator.serviceWorker.register("/sw.js");\n'
        "// fetch('/in-a-comment.json');\n"
        'const w = new Worker("/js/worker.js?v=2"), d = fetch(`/data/${name}.json`);\n'
        'fetch("/data.json"); fetch("/gone.json"); xhr.open("GET", "/also-gone.csv");\n'
    )
    files = {
        **FILES,
        "static/js/mod.js": main,
        "static/sw.js": "self.skipWaiting();\n",
        "static/js/worker.js": "postMessage(1);\n",
    }
    run = run_cli("-C", make_site(tmp_path / "hub", files), "check")
    moved = (
        "which is published only under a hashed name in /assets/\n  hint: in a module, name it "
        'with new URL("./name.js", import.meta.url), which is written as the published name; a '
        "page loads it with asset()"
    )
    lacking = "which no file of the site has\n  hint: check the path, which is from the site's root"
    lines = run.err.splitlines()
    told = [
        f"{line}\n{lines[n + 1]}" for n, line in enumerate(lines) if "in a script names" in line
    ]
    assert told == [
        f"static/js/mod.js:1:35: error: register() in a script names /sw.js, {moved}",
        f"static/js/mod.js:3:23: error: Worker() in a script names /js/worker.js?v=2, {moved}",
        f"static/js/mod.js:4:29: warning: fetch() in a script names /gone.json, {lacking}",
        f"static/js/mod.js:4:60: warning: open() in a script names /also-gone.csv, {lacking}",
    ]
    assert run.code == 1


def test_a_script_of_a_hub_in_a_folder_that_fetches_from_the_domain_root_is_told(
    tmp_path: Path,
) -> None:
    # /data.json is the domain's, not the hub's at /facts/data.json; /gone.json may be the
    # domain's own, which no build can know of
    main = (
        'navigator.serviceWorker.register("/sw.js");\n'
        'fetch("/data.json"); fetch("/gone.json"); fetch("/facts/data.json");\n'
    )
    files = {**FILES, "static/js/mod.js": main, "static/sw.js": "self.skipWaiting();\n"}
    site = SITE_YML.replace("https://hub.example/", "https://corp.example/facts/")
    run = run_cli("-C", make_site(tmp_path / "hub", files, site), "check")
    lines = run.err.splitlines()
    told = [
        f"{line}\n{lines[n + 1]}" for n, line in enumerate(lines) if "in a script names" in line
    ]
    assert told == [
        "static/js/mod.js:1:35: error: register() in a script names /sw.js, which is published "
        "only under a hashed name in /facts/assets/\n  hint: in a module, name it with new "
        'URL("./name.js", import.meta.url), which is written as the published name; a page '
        "loads it with asset()",
        "static/js/mod.js:2:8: warning: fetch() in a script names /data.json: the hub is served "
        "under /facts/, so its file is /facts/data.json\n  hint: write /facts/data.json",
    ]


@pytest.mark.parametrize("root", ["/", "/facts/"])
def test_an_import_from_the_root_of_a_hashed_file_is_told_its_relative_address(
    tmp_path: Path, root: str
) -> None:
    # the preview serves /css/more.css; a build, only /assets/css/more.<hash>.css, which only
    # an address relative to the file is rewritten to
    files = {
        **FILES,
        "static/css/main.css": f'@import "{root}css/more.css";\n@import "{root}extra.css";\n',
        "static/css/more.css": "p {}\n",
        "static/js/mod.js": f'import {{ a }} from "{root}js/lib.js";\n',
        "static/js/lib.js": "export const a = 1;\n",
    }
    site = SITE_YML.replace("https://hub.example/", f"https://corp.example{root}")
    run = run_cli("-C", make_site(tmp_path / "hub", files, site), "check")
    assets = f"published only under a hashed name in {root}assets/"
    rewritten = "which is rewritten to the published name"
    assert [line for line in errors(run.err) if "extra.css:" not in line] == [
        f'static/css/main.css:1:10: error: @import "{root}css/more.css" names a stylesheet '
        f"{assets}\n  hint: write it relative to this stylesheet, more.css, {rewritten}",
        f'static/css/main.css:2:10: error: @import "{root}extra.css" names a stylesheet '
        f"{assets}\n  hint: write it relative to this stylesheet, ../extra.css, {rewritten}",
        f"static/js/mod.js:1:20: error: import of {root}js/lib.js names a script {assets}\n"
        f"  hint: write it relative to this script, ./lib.js, {rewritten}",
    ]


def test_imports_in_comments_and_strings_are_not_imports(tmp_path: Path) -> None:
    js = (
        '// we no longer import "./legacy.js" here\n'
        '/* nor import("./older.js"),\n   nor new URL("./gone.json", import.meta.url) */\n'
        'const home = "https://hub.example/"; import { a } from "./lib.js"; // "./x.js"\n'
        'const said = "import \\"./quoted.js\\""; const tip = `import "./tip.js"`;\n'
        'const slashes = /\\/\\*+/g; import("./later.js"); const n = 4 / 2 / 1;\n'
        'import "./missing.js"; /* import "./no.js" */\n'
    )
    files = {
        **FILES,
        "static/js/mod.js": js,
        "static/js/lib.js": "export const a = 1;\n",
        "static/js/later.js": "export default 2;\n",
    }
    hub = make_site(tmp_path / "hub", files)
    assert errors(run_cli("-C", hub, "check").err) == [
        "static/js/mod.js:7:9: error: import of ./missing.js points to no file of the site\n"
        "  hint: check the path; it is relative to this script"
    ]
    make_site(hub, {"static/js/mod.js": js.replace('import "./missing.js"; ', "")}, None)
    out = tmp_path / "out"
    run = run_cli("-C", hub, "build", "--strict", "--no-search", "-o", out)
    assert run.code == 0, run.err
    lib, later = (published(out, f"js/{name}.*.js")[0] for name in ("lib", "later"))
    (module,) = (out / "assets" / "js").glob("mod.*.js")
    assert module.read_text("utf-8") == js.replace('import "./missing.js"; ', "").replace(
        '"./lib.js"', f'"{lib}"'
    ).replace('"./later.js"', f'"{later}"')


TRACK = """\
// loads nothing from https://docs.example/ itself: this is a comment
var s = document.createElement("script");
s.src = "https://www.googletagmanager.example/gtm.js?id=GTM-X";
new Image().src = 'https://pixel.tracker.example/p.gif';
var endpoint = "https://api.tracker.example/collect"; fetch(endpoint);
fetch("https://api.tracker.example/direct");
var svg = document.createElementNS("http://www.w3.org/2000/svg", "svg");
var own = "https://hub.example/about/", cdn = `//cdn.example:443/lib.js`;
/* s.src = "https://old.example/x.js"; */
"""


def test_a_script_files_addresses_of_other_origins_are_told_as_inline_ones(
    tmp_path: Path,
) -> None:
    site = SITE_YML + "allow_origins: ['https://cdn.example']\n"
    hub = make_site(tmp_path / "hub", {**FILES, "static/js/track.js": TRACK}, site)
    leak = "  hint: host the file yourself in static/, or allow that origin deliberately in "
    leak += "site.yml allow_origins"
    assert errors(run_cli("-C", hub, "check").err) == [
        "static/js/track.js:3:10: error: an address in a script loads "
        "https://www.googletagmanager.example/gtm.js?id=GTM-X from another origin\n" + leak,
        "static/js/track.js:4:20: error: an address in a script loads "
        "https://pixel.tracker.example/p.gif from another origin\n" + leak,
        "static/js/track.js:5:17: error: an address in a script loads "
        "https://api.tracker.example/collect from another origin\n" + leak,
        "static/js/track.js:6:8: error: fetch() in a script loads "
        "https://api.tracker.example/direct from another origin\n" + leak,
    ]


def test_code_samples_keep_the_plain_names_they_show(tmp_path: Path) -> None:
    page = (
        "---\ntitle: Home\n---\nLink the stylesheet:\n\n```html\n"
        '<link rel="stylesheet" href="/extra.css">\n<script src="/js/mod.js"></script>\n```\n\n'
        'Or `<img src="/extra.css">`, or [read it](/extra.css).\n'
    )
    sample = '<pre><code>&lt;link rel="stylesheet" href="/extra.css"&gt;</code></pre>\n'
    widget = '<!doctype html>\n<a href="/extra.css">CSS</a>\n' + sample
    files = {**FILES, "content/_index.md": page, "static/embed/widget.html": widget}
    hub = make_site(tmp_path / "hub", files)
    out = tmp_path / "out"
    run = run_cli("-C", hub, "build", "--strict", "--no-search", "-o", out)
    assert run.code == 0, run.err
    css, _ = published(out, "extra.*.css")
    html = (out / "index.html").read_text("utf-8")
    assert (
        '<pre><code class="language-html">&lt;link rel="stylesheet" href="/extra.css"&gt;\n'
        '&lt;script src="/js/mod.js"&gt;&lt;/script&gt;\n</code></pre>'
    ) in html
    assert '<code>&lt;img src="/extra.css"&gt;</code>' in html
    assert f'<a href="{css}">read it</a>' in html  # a real tag's address is still published
    assert (out / "embed/widget.html").read_text("utf-8") == (
        f'<!doctype html>\n<a href="{css}">CSS</a>\n' + sample
    )


def test_a_tag_with_a_greater_than_sign_in_a_quoted_value_is_still_rewritten(
    tmp_path: Path,
) -> None:
    # a media range query: the > in its value does not end the tag
    link = '<link media="(width > 1px)" rel="stylesheet" title=\'a > b\' href="/extra.css">'
    widget = f'<!doctype html>\n{link}\n<p>1 > 0: <code>&lt;a href="/extra.css"&gt;</code></p>\n'
    files = {**FILES, "static/embed/widget.html": widget}
    out = tmp_path / "out"
    run = run_cli("-C", make_site(tmp_path / "hub", files), "build", "--no-search", "-o", out)
    assert run.code == 0, run.err
    css, _ = published(out, "extra.*.css")
    assert (out / "embed/widget.html").read_text("utf-8") == widget.replace(
        'href="/extra.css">\n', f'href="{css}">\n'
    )


def test_a_script_that_fetches_the_search_index_is_not_told_in_the_preview(
    tmp_path: Path,
) -> None:
    # the preview makes its index after the pages, in the background, as a build does before
    # its check: the index's files of fixed names are there for a script, as in a build
    main = (
        'fetch("/pagefind/pagefind-entry.json");\n'
        'const w = new Worker("/pagefind/pagefind-worker.js");\n'
        'fetch("/gone.json");\n'
    )
    hub = make_site(tmp_path / "hub", {**FILES, "static/js/mod.js": main})
    outcome = Preview(hub, tmp_path / "preview").rebuild(None)
    told = [p.format().splitlines()[0] for p in outcome.problems]
    assert [line for line in told if "in a script names" in line] == [
        "static/js/mod.js:3:8: warning: fetch() in a script names /gone.json, "
        "which no file of the site has"
    ]


def test_a_templates_plain_tags_are_rewritten_alike_on_every_page(tmp_path: Path) -> None:
    # tag names ignore case in ASCII only, as browsers read them: a long s or a dotless i
    # (U+017F, U+0131) do not make a tag a script or a link
    template = (
        '{% extends "base.html" %}{% block head %}'
        '<LINK REL="stylesheet" HREF="/extra.css"><Script src="/js/mod.js" type="module"></Script>'
        '<l\u0131nk rel="stylesheet" href="/extra.css"><\u017fcript src="/js/mod.js"></\u017fcript>'
        "{% endblock %}{% block content %}{{ page.content }}{% endblock %}\n"
    )
    pages = {f"content/p{n}.md": f"---\ntitle: Page {n}\n---\nText {n}.\n" for n in range(3)}
    files = {**FILES, **pages, "templates/page.html": template}
    out = tmp_path / "out"
    run = run_cli("-C", make_site(tmp_path / "hub", files), "build", "--no-search", "-o", out)
    assert run.code == 0, run.err
    css, css_integrity = published(out, "extra.*.css")
    js, js_integrity = published(out, "js/mod.*.js")
    for n in range(3):
        html = (out / f"p{n}/index.html").read_text("utf-8")
        assert f'<LINK REL="stylesheet" HREF="{css}" integrity="{css_integrity}">' in html
        assert f'<Script src="{js}" type="module" integrity="{js_integrity}"></Script>' in html
        # the address is still the published one, but no integrity is given to a non-tag
        assert f'<l\u0131nk rel="stylesheet" href="{css}">' in html
        assert f'<\u017fcript src="{js}"></\u017fcript>' in html
