"""Inline CSS and JavaScript in final HTML, which the Content-Security-Policy of _headers blocks.

The policy says style-src 'self' and script-src 'self' without 'unsafe-inline', so a browser
ignores a <style> element or style attribute, and never runs an inline <script>, an event
handler attribute or a javascript: URL. Markdown's HTML is sanitised already; this finds what
templates write.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

from recordhub.destinations import as_browsers_read
from recordhub.diagnostics import Diagnostic, error

# kinds, in the order their errors are listed
STYLE_ELEMENT = "<style> element"
STYLE_ATTRIBUTE = "style attribute"
HANDLER = "event handler attribute"
SCRIPT = "inline <script>"
JS_URL = "javascript: URL"  # found by htmlscan, in the attributes it reads addresses from

# HTML's names are blind to case in ASCII only (a long s, U+017F, makes no <style>), and its
# white space is ASCII's; a search blind to Unicode's case took twice as long on a page
# with a single letter beyond ASCII
HTML_CASE = re.IGNORECASE | re.ASCII
_STYLE_OPEN = re.compile(r"<style\b[^>]*>", HTML_CASE)
_SCRIPT = re.compile(r"<script\b(?P<attrs>[^>]*)>", HTML_CASE)
_TYPE = re.compile(r"""\btype\s*=\s*["']?\s*(?P<type>[^"'\s>]*)""", HTML_CASE)
# one pattern per white space of HTML that may come before an attribute: each starts with a
# literal, which is searched for twice as fast as \s (a third of a page's scan, otherwise)
_ATTRS = [
    (
        space,
        re.compile(
            space + r"""(?P<key>[sS][tT][yY][lL][eE]|[oO][nN][a-zA-Z]+)\s*=\s*"""
            r"""(?:"[^"]*"|'[^']*'|[^\s"'>]+)""",
            re.ASCII,
        ),
    )
    for space in (" ", "\n", "\t", "\r", "\f")
]
_EQUALS = re.compile(rb"\s*=")
_QUOTED = re.compile(r""""[^"]*"|'[^']*'""")
_QUOTE = re.compile("[\"']")
# the types a browser runs as script; any other (application/ld+json, text/template) is data
_CODE_TYPES = {
    "",
    "module",
    "importmap",
    "speculationrules",
    "text/javascript",
    "application/javascript",
    "application/ecmascript",
    "text/ecmascript",
}


def runs(attrs: str) -> bool:
    """True when a <script> tag with these attributes holds code a browser runs."""
    found = _TYPE.search(attrs)
    return (found["type"] if found else "").lower() in _CODE_TYPES


def is_script_url(url: str) -> bool:
    """True for an address a browser would run as script (javascript:void(0), say)."""
    return as_browsers_read(url)[:11].lower() == "javascript:"


class Styles(NamedTuple):
    """Whether a page may have a style attribute, and a <style> element: where it has neither,
    as nearly every page, the searches for them are left out."""

    attribute: bool
    element: bool


def styles(html: str) -> Styles:
    """What a page may hold of CSS, from where "style" is written in it, in any case."""
    # as lower-case bytes, "style" is found by a plain search (HTML's names are ASCII): the two
    # searches blind to case that it spares took a fifth of a page's scan, and a page names
    # "style" once or twice (its stylesheet)
    low = html.encode("utf-8", "surrogatepass").lower()
    attribute = element = False
    at = low.find(b"style")
    while at != -1:
        element = element or low[at - 1 : at] == b"<"
        attribute = attribute or _EQUALS.match(low, at + 5) is not None
        at = low.find(b"style", at + 5)
    return Styles(attribute, element)


def find(html: str, styled: Styles | None = None) -> tuple[tuple[str, str], ...]:
    """The first of each kind of inline code in a page, with the text that shows it (styled:
    what styles(html) gives, if known)."""
    found: dict[str, str] = {}
    styled = styles(html) if styled is None else styled
    if styled.element and (style := _STYLE_OPEN.search(html)) is not None:
        found[STYLE_ELEMENT] = style[0]
    for match in _SCRIPT.finditer(html):
        if "src=" not in match["attrs"].lower() and runs(match["attrs"]):
            found.setdefault(SCRIPT, match[0])
            break
    attributes: dict[str, tuple[int, str]] = {}
    for space, pattern in _ATTRS:
        # a carriage return or form feed is rare in a page: a search finds it at once, or not
        for match in pattern.finditer(html) if space in " \n\t" or space in html else ():
            start = match.start()
            # in a tag, not in text that shows one (a code sample's &lt;div style=...&gt;)
            opened = html.rfind("<", 0, start)
            if opened <= html.rfind(">", 0, start):
                continue
            # and not in the value of another attribute (content="How we fixed onload= bugs")
            if _QUOTE.search(_QUOTED.sub("", html[opened:start])):
                continue
            kind = STYLE_ATTRIBUTE if match["key"].lower() == "style" else HANDLER
            if kind not in attributes or start < attributes[kind][0]:
                attributes[kind] = (start, html[start + 1 : match.end()])
    found.update((kind, shown) for kind, (_, shown) in attributes.items())
    order = (STYLE_ELEMENT, STYLE_ATTRIBUTE, HANDLER, SCRIPT)
    return tuple((kind, found[kind]) for kind in order if kind in found)


def _why(kind: str, shown: str) -> tuple[str, str]:
    """What the policy does to one kind of inline code, and how to do without it."""
    script = "<script src=\"{{ asset('name.js') }}\" defer>"
    if kind == STYLE_ELEMENT:
        return (
            "a <style> element: the Content-Security-Policy (style-src 'self') blocks inline "
            "CSS, so browsers ignore it in production",
            "move the CSS into a file under static/ and link it with "
            '<link rel="stylesheet" href="{{ asset(\'name.css\') }}">',
        )
    if kind == STYLE_ATTRIBUTE:
        return (
            f"a style attribute ({shown}): the Content-Security-Policy (style-src 'self') blocks "
            "style attributes, so browsers ignore it in production",
            "give the element a class and style it in a CSS file under static/, linked with "
            "asset()",
        )
    if kind == HANDLER:
        return (
            f"an event handler attribute ({shown}): the Content-Security-Policy (script-src "
            "'self') blocks event handler attributes, so it never runs in production",
            f"attach the handler with addEventListener in a JS file under static/, loaded "
            f"with {script}",
        )
    if kind == JS_URL:
        return (
            f"a javascript: URL ({shown}): the Content-Security-Policy (script-src 'self') "
            "blocks javascript: URLs, so it never runs in production",
            "link to a real address; for an action, use a <button> and attach the handler with "
            f"addEventListener in a JS file under static/, loaded with {script}",
        )
    return (
        "an inline <script>: the Content-Security-Policy (script-src 'self') blocks inline "
        "scripts, so it never runs in production",
        f"move the code into a JS file under static/ and load it with {script}",
    )


def blocked(
    found: tuple[tuple[str, str], ...],
    url: str,
    where: str,
    locate: Callable[[str], tuple[str, int, int] | None],
) -> list[Diagnostic]:
    """An error for each kind of inline code on one page: where locate finds its text written
    (one error for every page it is on), else at where, naming the page."""
    problems = []
    for kind, shown in found:
        message, hint = _why(kind, shown)
        place = locate(shown)
        if place is not None:
            problems.append(error(*place, message, hint))
        else:
            problems.append(error(where, None, None, f"{message} (on {url})", hint))
    return problems


def positions(text: str, shown: str) -> list[tuple[int, int]]:
    """Every line and column at which shown is written in text."""
    found = []
    start = text.find(shown)
    while start != -1:
        line = text.count("\n", 0, start) + 1
        found.append((line, start - (text.rfind("\n", 0, start) + 1) + 1))
        start = text.find(shown, start + 1)
    return found


def in_templates(shown: str, folders: list[tuple[Path, str]]) -> tuple[str, int, int] | None:
    """The template file, line and column that writes shown, when exactly one place does."""
    hits: list[tuple[str, int, int]] = []
    overridden: set[str] = set()
    for folder, label in folders:
        if not folder.is_dir():
            continue
        for path in sorted(folder.rglob("*.html")):
            name = path.relative_to(folder).as_posix()
            if name in overridden:
                continue  # the hub's own copy is the one in use
            overridden.add(name)
            text = path.read_text("utf-8", "replace")
            hits += [(label + name, *at) for at in positions(text, shown)]
    return hits[0] if len(hits) == 1 else None
