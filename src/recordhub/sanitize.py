"""An allowlist for the HTML that Markdown may produce (nh3, the binding to Ammonia)."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

import nh3

from recordhub.diagnostics import Diagnostic, warning

# Everything Python-Markdown and its common extensions write, and no element that runs code,
# embeds another page or pulls in another origin.
TAGS = frozenset(
    {
        "a",
        "abbr",
        "b",
        "blockquote",
        "br",
        "caption",
        "cite",
        "code",
        "col",
        "colgroup",
        "dd",
        "del",
        "details",
        "dfn",
        "div",
        "dl",
        "dt",
        "em",
        "figcaption",
        "figure",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "hr",
        "i",
        "img",
        "ins",
        "kbd",
        "li",
        "mark",
        "ol",
        "p",
        "pre",
        "q",
        "s",
        "samp",
        "small",
        "span",
        "strong",
        "sub",
        "summary",
        "sup",
        "table",
        "tbody",
        "td",
        "tfoot",
        "th",
        "thead",
        "time",
        "tr",
        "u",
        "ul",
        "var",
        "section",
    }
)
_COMMON = {"id", "class", "title", "lang", "dir"}
ATTRIBUTES = {
    "*": _COMMON,
    "a": {"href", "hreflang", "rel"},
    "img": {"src", "alt", "width", "height", "loading"},
    "ol": {"start", "reversed", "type"},
    "td": {"colspan", "rowspan", "headers"},
    "th": {"colspan", "rowspan", "headers", "scope", "abbr"},
    "time": {"datetime"},
    "del": {"datetime", "cite"},
    "ins": {"datetime", "cite"},
    "blockquote": {"cite"},
    "q": {"cite"},
    "abbr": {"title"},
    "details": {"open"},
}
SCHEMES = frozenset({"http", "https", "mailto", "tel"})
_TAG = re.compile(r"<([a-zA-Z][a-zA-Z0-9-]*)((?:\s[^>]*)?)>")
_ATTR = re.compile(r"\s([a-zA-Z_:][-a-zA-Z0-9_:.]*)(?:\s*=\s*(\"[^\"]*\"|'[^']*'|[^\s>]+))?")


def _inventory(html: str) -> tuple[Counter[str], Counter[str]]:
    tags: Counter[str] = Counter()
    attributes: Counter[str] = Counter()
    for name, attrs in _TAG.findall(html):
        tags[name.lower()] += 1
        for key, _ in _ATTR.findall(attrs):
            attributes[f"{key.lower()} on <{name.lower()}>"] += 1
    return tags, attributes


_ALIGN = re.compile(r'style="text-align: ?(left|right|center);?"')


# built once: nh3.clean() turns the allowlist into Ammonia's own form on every call, which
# took a quarter of the time it spends on a page
_CLEANER = nh3.Cleaner(
    tags=set(TAGS),
    attributes={k: set(v) for k, v in ATTRIBUTES.items()},
    url_schemes=set(SCHEMES),
    link_rel=None,
    strip_comments=True,
)


def clean(html: str) -> tuple[str, list[str]]:
    """The HTML with anything outside the allowlist removed, and what was removed."""
    # table alignment from the tables extension becomes a class: style="" breaks the CSP
    html = _ALIGN.sub(r'class="align-\1"', html)
    cleaned = _CLEANER.clean(html)
    if cleaned == html:
        return html, []
    before_tags, before_attrs = _inventory(html)
    after_tags, after_attrs = _inventory(cleaned)
    gone = before_tags - after_tags
    removed = [f"<{name}>" for name in sorted(gone)]
    removed += [
        attr
        for attr in sorted(before_attrs - after_attrs)
        if attr.split("<", 1)[1].rstrip(">") not in gone
    ]
    return cleaned, removed


_UNSAFE_LINK = re.compile(r"(?<![\w-])(?:javascript|vbscript|data):", re.IGNORECASE)


def removals(path: str, body: str, body_line: int, removed: Sequence[str]) -> list[Diagnostic]:
    """A warning for each thing clean() removed, where it is written in the page's Markdown."""
    found: list[Diagnostic] = []
    for item in removed:
        offset = _written_at(body, item)
        line = body_line + body.count("\n", 0, offset) if offset is not None else body_line
        col = offset - body.rfind("\n", 0, offset) if offset is not None else None
        found.append(
            warning(
                path,
                line,
                col,
                f"removed from the page's HTML: {item}",
                "scripts, frames, style= and on...= attributes, and javascript: or data: links "
                "are not allowed in pages; write Markdown instead",
            )
        )
    return found


def _written_at(body: str, item: str) -> int | None:
    """Where an item of clean()'s list ("<script>", "onclick on <p>") was written, if found."""
    attribute, _, tag = item.rpartition(" on ")
    name = re.escape(tag.strip("<>"))
    if not attribute:
        found = re.search(rf"<{name}(?![\w-])", body, re.IGNORECASE)
        return found.start() if found else None
    written = rf"<{name}(?![\w-])[^>]*?\s({re.escape(attribute)})(?![\w-])"
    found = re.search(written, body, re.IGNORECASE)
    if found:
        return found.start(1)
    # a Markdown link or image to javascript: has no attribute written out
    unsafe = _UNSAFE_LINK.search(body) if attribute in ("href", "src") else None
    return unsafe.start() if unsafe else None
