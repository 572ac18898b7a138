"""Inline CSS and JavaScript that the Content-Security-Policy of _headers would block in
production: an error at the template line that writes it, in every build and check."""

from __future__ import annotations

from pathlib import Path

from hubtest import make_site, run_cli

HOME = "---\ntitle: Home\n---\nWelcome.\n"
CAMPAIGN = "---\ntitle: Campaign\ntemplate: campaign.html\n---\nHello.\n"
TEMPLATE = """\
{% extends "base.html" %}
{% block head %}<style>.hero{color:red}</style>{% endblock %}
{% block content %}
<div class="hero" style="background:#fee">{{ page.content }}</div>
<button onclick="alert('hi')">Share</button>
<script>var j=document.createElement('script');j.src='https://www.googletagmanager.com/gtm.js?id=GTM-X';</script>
{% endblock %}
"""
STYLE_HINT = (
    "  hint: move the CSS into a file under static/ and link it with "
    '<link rel="stylesheet" href="{{ asset(\'name.css\') }}">'
)
SCRIPT_HINT = (
    "  hint: move the code into a JS file under static/ and load it with "
    "<script src=\"{{ asset('name.js') }}\" defer>"
)


def problems(err: str) -> list[str]:
    """The error lines with the hint under each."""
    lines = err.splitlines()
    return [
        line + "\n" + lines[n + 1]
        for n, line in enumerate(lines)
        if ": error: " in line and n + 1 < len(lines)
    ]


def test_each_kind_of_inline_code_is_an_error_at_its_template_line(tmp_path: Path) -> None:
    files = {
        "content/_index.md": HOME,
        "content/campaign.md": CAMPAIGN,
        "templates/campaign.html": TEMPLATE,
    }
    hub = make_site(tmp_path / "hub", files)
    for command in (["build", "--strict", "-o", str(tmp_path / "out")], ["check"]):
        run = run_cli("-C", hub, *command)
        assert run.code == 1, run.err
        assert problems(run.err) == [
            "templates/campaign.html:2:17: error: a <style> element: the "
            "Content-Security-Policy (style-src 'self') blocks inline CSS, so browsers ignore "
            "it in production\n" + STYLE_HINT,
            'templates/campaign.html:4:19: error: a style attribute (style="background:#fee"): '
            "the Content-Security-Policy (style-src 'self') blocks style attributes, so "
            "browsers ignore it in production\n"
            "  hint: give the element a class and style it in a CSS file under static/, "
            "linked with asset()",
            "templates/campaign.html:5:9: error: an event handler attribute "
            "(onclick=\"alert('hi')\"): the Content-Security-Policy (script-src 'self') blocks "
            "event handler attributes, so it never runs in production\n"
            "  hint: attach the handler with addEventListener in a JS file under static/, "
            "loaded with <script src=\"{{ asset('name.js') }}\" defer>",
            "templates/campaign.html:6: error: an address in a script on /campaign/ loads "
            "https://www.googletagmanager.com/gtm.js?id=GTM-X from another origin; "
            "readers' visits would be seen there\n"
            "  hint: host the file yourself in static/, or allow that origin deliberately in "
            "site.yml allow_origins",
            "templates/campaign.html:6:1: error: an inline <script>: the "
            "Content-Security-Policy (script-src 'self') blocks inline scripts, so it never "
            "runs in production\n" + SCRIPT_HINT,
        ]
    assert not (tmp_path / "out").exists()


def test_inline_code_written_with_values_is_reported_on_each_page(tmp_path: Path) -> None:
    template = TEMPLATE.replace("onclick=\"alert('hi')\"", 'onclick="share({{ page.url }})"')
    files = {
        "content/_index.md": HOME,
        "content/campaign.md": CAMPAIGN,
        "content/other.md": CAMPAIGN.replace("Campaign", "Other"),
        "templates/campaign.html": template.replace("<style>", "").replace("</style>", ""),
    }
    hub = make_site(tmp_path / "hub", files)
    run = run_cli("-C", hub, "check")
    assert run.code == 1, run.err
    handlers = [line for line in problems(run.err) if "event handler" in line]
    assert [line.splitlines()[0] for line in handlers] == [
        f"templates/campaign.html: error: an event handler attribute "
        f"(onclick=\"share({url})\"): the Content-Security-Policy (script-src 'self') blocks "
        f"event handler attributes, so it never runs in production (on {url})"
        for url in ("/campaign/", "/other/")
    ]


def test_data_scripts_external_scripts_and_code_samples_are_fine(tmp_path: Path) -> None:
    template = """\
        {% extends "base.html" %}
        {% block head %}<script type="application/json" id="config">{"a": 1}</script>
        <script src="{{ asset('extra.js') }}" defer></script>{% endblock %}
        {% block content %}<p class="x" data-style="a" data-onclick="b">{{ page.content }}</p>
        {% endblock %}
        """
    page = (
        "---\ntitle: Campaign\ntemplate: campaign.html\n---\nLike this:\n\n```html\n"
        '<style>p{}</style>\n<p style="color:red" onclick="x()">\n<script>x()</script>\n```\n\n'
        'In prose: style="color:red" and onclick="x()".\n'
    )
    files = {
        "content/_index.md": HOME,
        "content/campaign.md": page,
        "templates/campaign.html": template,
        "static/extra.js": "document.title = 'x';\n",
    }
    hub = make_site(tmp_path / "hub", files)
    run = run_cli("-C", hub, "build", "--strict", "-o", tmp_path / "out")
    assert run.code == 0, run.err
    assert problems(run.err) == []
    html = (tmp_path / "out" / "campaign" / "index.html").read_text("utf-8")
    assert "&lt;style&gt;p{}&lt;/style&gt;" in html
    assert 'type="application/ld+json"' in html


def test_attribute_names_in_a_title_or_summary_are_words_not_attributes(tmp_path: Path) -> None:
    # the theme writes both into attribute values (<meta content="...">, <title>, og:title)
    page = (
        '---\ntitle: "How we fixed the onload= bug"\nsummary: "We fixed a bug where a crafted '
        '<img onerror=alert(1)> tag ran script, and we dropped style= attributes."\n---\n'
        "Why it's fixed.\n"
    )
    files = {"content/_index.md": HOME, "content/fixed.md": page}
    hub = make_site(tmp_path / "hub", files)
    run = run_cli("-C", hub, "build", "--strict", "-o", tmp_path / "out")
    assert run.code == 0, run.err
    html = (tmp_path / "out" / "fixed" / "index.html").read_text("utf-8")
    assert 'content="How we fixed the onload= bug"' in html
    assert "crafted &lt;img onerror=alert(1)&gt; tag" in html


def test_xml_namespaces_and_addresses_in_comments_are_not_loads(tmp_path: Path) -> None:
    template = """\
{% extends "base.html" %}
{% block content %}{{ page.content }}
<script>
// as https://docs.example/svg shows:
var svg = document.createElementNS("http://www.w3.org/2000/svg", "svg");
svg.setAttributeNS('http://www.w3.org/2000/xmlns/', 'xmlns:xlink', 'http://www.w3.org/1999/xlink');
/* once: j.src = 'https://old.example/x.js'; */
</script>
{% endblock %}
"""
    files = {
        "content/_index.md": HOME,
        "content/campaign.md": CAMPAIGN,
        "templates/campaign.html": template,
    }
    hub = make_site(tmp_path / "hub", files)
    assert problems(run_cli("-C", hub, "check").err) == [
        "templates/campaign.html:3:1: error: an inline <script>: the "
        "Content-Security-Policy (script-src 'self') blocks inline scripts, so it never "
        "runs in production\n" + SCRIPT_HINT,
    ]


JS_URL_HINT = (
    "  hint: link to a real address; for an action, use a <button> and attach the handler with "
    "addEventListener in a JS file under static/, loaded with "
    "<script src=\"{{ asset('name.js') }}\" defer>"
)


def test_a_javascript_url_is_an_error_at_its_template_line(tmp_path: Path) -> None:
    template = (
        '{% extends "base.html" %}\n{% block content %}\n'
        '<p>Read <a href="/javascript-free/">why</a>; javascript: links are gone.</p>\n'
        '  <a class="menu" href="javascript:void(0)">Menu</a>\n'
        "{{ page.content }}{% endblock %}\n"
    )
    files = {
        "content/_index.md": HOME,
        "content/campaign.md": CAMPAIGN,
        "content/javascript-free.md": "---\ntitle: Free\n---\nText.\n",
        "templates/campaign.html": template,
    }
    hub = make_site(tmp_path / "hub", files)
    for command in (["build", "-o", str(tmp_path / "out")], ["check"]):
        run = run_cli("-C", hub, *command)
        assert run.code == 1, run.err
        assert problems(run.err) == [
            'templates/campaign.html:4:19: error: a javascript: URL (href="javascript:void(0)"): '
            "the Content-Security-Policy (script-src 'self') blocks javascript: URLs, so it "
            "never runs in production\n" + JS_URL_HINT
        ]


def test_a_javascript_url_in_html_published_as_it_is_is_an_error_there(tmp_path: Path) -> None:
    widget = "<p>Share:</p>\n<form action='JavaScript:share()'><button>Go</button></form>\n"
    files = {"content/_index.md": HOME, "static/embed/widget.html": widget}
    run = run_cli("-C", make_site(tmp_path / "hub", files), "check")
    assert run.code == 1, run.err
    assert problems(run.err) == [
        "static/embed/widget.html:2:7: error: a javascript: URL (action='JavaScript:share()'): "
        "the Content-Security-Policy (script-src 'self') blocks javascript: URLs, so it never "
        "runs in production\n" + JS_URL_HINT
    ]


def test_an_svg_that_holds_script_is_warned_of_where_the_script_is(tmp_path: Path) -> None:
    drawn = '<svg xmlns="http://www.w3.org/2000/svg"><text>Based on = data</text><rect/></svg>\n'
    files = {
        "content/_index.md": HOME + "\n![Chart](chart.svg)\n",
        "content/chart.svg": '<svg>\n  <rect\n    onload="x()"/>\n</svg>\n',
        "static/img/logo.svg": "<svg>\n<script>alert(1)</script>\n</svg>\n",
        "static/img/link.svg": '<svg><a href=" javascript:go()"><text>Go</text></a></svg>\n',
        "static/img/plain.svg": drawn,  # words that read like a handler, outside any tag
        "static/img/noted.svg": '<svg><!-- export: set onload="" off <script> --><rect/></svg>\n',
    }
    run = run_cli("-C", make_site(tmp_path / "hub", files), "build", "-o", str(tmp_path / "out"))
    assert run.code == 0, run.err
    hint = "  hint: remove it: an image needs no script (export the SVG again without it)"
    assert [
        line for line in run.err.splitlines() if "SVG" in line or "hint: remove it" in line
    ] == [
        "content/chart.svg:3:4: warning: the SVG holds script (onload...), which runs when the "
        "file is opened",
        hint,
        'static/img/link.svg:1:9: warning: the SVG holds script (href=" javascript:...), which '
        "runs when the file is opened",
        hint,
        "static/img/logo.svg:2:1: warning: the SVG holds script (<script...), which runs when the "
        "file is opened",
        hint,
    ]
