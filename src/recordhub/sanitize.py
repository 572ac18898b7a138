"""An allowlist for the HTML that Markdown may produce (nh3, the binding to Ammonia)."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from html import unescape

import nh3

from recordhub import removalhints, strayparts, unclosed
from recordhub.diagnostics import Diagnostic, warning
from recordhub.urls import SCHEME

# Everything Python-Markdown and its common extensions write, and no element that runs code,
# embeds another page or pulls in another origin.
TAGS = frozenset(
    {
        *("a", "abbr", "b", "blockquote", "br", "caption", "cite", "code", "col"),
        *("colgroup", "dd", "del", "details", "dfn", "div", "dl", "dt", "em", "figcaption"),
        *("figure", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "ins", "kbd"),
        *("li", "mark", "ol", "p", "pre", "q", "s", "samp", "small", "span", "strong"),
        *("sub", "summary", "sup", "table", "tbody", "td", "tfoot", "th", "thead", "time"),
        *("tr", "u", "ul", "var", "section"),
        # a statement's video or recording, from the hub or an allowed origin (the CSP's
        # media-src); their addresses are checked as every page's are
        *("video", "audio", "source", "track"),
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
    # no autoplay: a page that starts talking takes the reader's screen reader's voice
    "video": {"src", "poster", "controls", "width", "height", "preload", "muted", "loop"},
    "audio": {"src", "controls", "preload", "muted", "loop"},
    "source": {"src", "type", "media"},
    "track": {"src", "kind", "srclang", "label", "default"},
}
SCHEMES = frozenset({"http", "https", "mailto", "tel"})
_TAG = unclosed.OPEN
_ATTR = re.compile(r"[\s/]([a-zA-Z_:][-a-zA-Z0-9_:.]*)(?:\s*=\s*(\"[^\"]*\"|'[^']*'|[^\s>]+))?")


# what an element HTML reads as text holds: "<iframe>" in a script's string is no tag of its own
_TEXT_OF = re.compile(
    rf"(<({'|'.join(sorted(unclosed.TEXT_ONLY))})\b[^>]*>).*?(</\2\s*>)", re.DOTALL | re.IGNORECASE
)


def _inventory(html: str) -> tuple[Counter[str], Counter[str]]:
    tags: Counter[str] = Counter()
    attributes: Counter[str] = Counter()
    for name, attrs in _TAG.findall(_TEXT_OF.sub(r"\1\3", html) if "</" in html else html):
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


# Python-Markdown writes addresses only on links and images; from a <, the search is fast
_ADDRESS = re.compile(r'<(?:a|img)\s(?:[^>]*?\s)?(?:href|src)="([^"]*)"')


_LINK_EDGE = re.compile(r"<a[\s>]|</a>")

# what the sanitiser writes for an image whose address it took away: an <img> with no src is
# no valid HTML, and shows no image
_IMAGE = re.compile(r"<img(?![\w-])[^>]*>", re.IGNORECASE)
_SOURCE = re.compile(r"\ssrc\s*=", re.IGNORECASE)


def _as_cleaned(html: str) -> bool:
    """Whether Python-Markdown's own markup, with no raw HTML or attribute list in its text,
    is already what the sanitiser would give: its tags and attributes are all allowed, so
    only an address, the way a character is written or a nesting HTML forbids could differ."""
    # the sanitiser writes entities and no-break spaces its own way, and a NUL as U+FFFD
    if "&" in html or "\xa0" in html or "\0" in html:
        return False
    # a [TOC] marker in a table cell or emphasis puts a <div> where HTML moves it elsewhere
    if '<div class="toc">' in html:
        return False
    depth = 0
    for edge in _LINK_EDGE.finditer(html):  # [[a][r]](b) is a link in a link, which HTML ends
        depth += -1 if edge[0] == "</a>" else 1
        if depth > 1:
            return False
    # an address with no colon is relative, which the sanitiser passes on as it is; one with
    # a scheme it drops when the scheme is not allowed, and also when the rest is no URL
    # (http://[::1, http://a b), as a URL parser decides: such a page goes through it
    return all(":" not in url for url in _ADDRESS.findall(html))


def clean(html: str, markup_only: bool = False) -> tuple[str, list[str]]:
    """The HTML with anything outside the allowlist removed, and what was removed.

    markup_only: the HTML is the markup of Python-Markdown's default extensions for a text
    with no raw HTML (no <) and no attribute lists (no {).
    """
    # table alignment from the tables extension becomes a class: style="" breaks the CSP
    html = _ALIGN.sub(r'class="align-\1"', html)
    if markup_only and _as_cleaned(html):
        return html, []  # parsing and writing it again took a tenth of each conversion
    html, shown = unclosed.as_text(html, TAGS)
    cleaned = _CLEANER.clean(html)
    if cleaned == html:
        return html, shown
    before_tags, before_attrs = _inventory(html)
    after_tags, after_attrs = _inventory(cleaned)
    gone = before_tags - after_tags
    # as many times as it was removed: each is told at its own place
    removed = [f"<{name}>" for name, count in sorted(gone.items()) for _ in range(count)]
    removed += [
        attr
        for attr, count in sorted((before_attrs - after_attrs).items())
        if attr.split("<", 1)[1].rstrip(">") not in gone
        for _ in range(count)
    ]
    return _without_lost_sources(html, cleaned), removed + shown


def _without_lost_sources(html: str, cleaned: str) -> str:
    """cleaned without the images whose address the sanitiser removed; one written with no
    src stays as it was written (its alt text is shown)."""
    had = [bool(_SOURCE.search(image[0])) for image in _IMAGE.finditer(html)]
    images = list(_IMAGE.finditer(cleaned))
    if len(had) != len(images):  # one inside what was removed: no telling which is which
        had = [True] * len(images)
    lost = (
        image.span()
        for image, src in zip(images, had, strict=True)
        if src and not _SOURCE.search(image[0])
    )
    kept, last = [], 0
    for start, end in lost:
        kept.append(cleaned[last:start])
        last = end
    return "".join(kept) + cleaned[last:]


# where Markdown writes an address: a link's or an image's target, a reference's definition
# and an autolink
_TARGET = re.compile(
    r"(!?)\[[^\]\n]*\]\(\s*<?|^ {0,3}\[(?!\^)[^\]\n]+\]:[ \t]*<?|<(?=[a-zA-Z][a-zA-Z0-9+.-]*://)",
    re.M,
)
_ADDRESS_WRITTEN = re.compile(r"[^\s)>]*")


_TABLE = re.compile(r"<table(?![\w-]).*?</table\s*>", re.DOTALL | re.IGNORECASE)


def removals(path: str, body: str, body_line: int, removed: Sequence[str]) -> list[Diagnostic]:
    """A warning for each thing clean() removed, where it is written in the page's Markdown."""
    found: list[Diagnostic] = []
    told: Counter[str] = Counter()
    comments = _comments(body)
    for item in removed:
        places = _written_at(body, item)
        offset = places[min(told[item], len(places) - 1)] if places else None
        told[item] += 1
        line = body_line + body.count("\n", 0, offset) if offset is not None else body_line
        col = offset - body.rfind("\n", 0, offset) if offset is not None else None
        hint = removalhints.hint(item, ATTRIBUTES)
        # an element pages may hold, taken out only for the comment it is in
        if item.strip("<>") in TAGS and offset is not None and unclosed.within(offset, comments):
            hint = removalhints.IN_COMMENT
        found.append(warning(path, line, col, f"removed from the page's HTML: {item}", hint))
    return found


def _comments(body: str) -> list[tuple[int, int]]:
    """Where body has HTML comments, which the sanitiser removes with all they hold."""
    return [m.span() for m in unclosed.COMMENT.finditer(body)] if "<!--" in body else []


def _written_at(body: str, item: str) -> list[int]:
    """Where an item of clean()'s list ("<script>", "onclick on <p>") is written, in order."""
    attribute, _, tag = item.rpartition(" on ")
    name = re.escape(tag.strip("<>"))
    if not attribute:
        tags = [m.start() for m in re.finditer(rf"<{name}(?![\w-])", body, re.IGNORECASE)]
        if tag.strip("<>") in removalhints.TABLE_PARTS:  # those in a table are kept
            tables = [m.span() for m in _TABLE.finditer(body)]
            return [at for at in tags if not any(a < at < b for a, b in tables)] or tags
        if tag.strip("<>") in strayparts.PARENTS:  # those in their element are kept
            return strayparts.outside(body, tag.strip("<>"), tags) or tags
        if tag.strip("<>") in TAGS:  # removed with a comment it is in
            return [at for at in tags if unclosed.within(at, _comments(body))] or tags
        shown = unclosed.written_unclosed(body, tag.strip("<>"))  # those are not removed
        return [at for at in tags if at not in shown] or tags
    key = re.escape(attribute)
    value = r"""(?:\s*=\s*("[^"]*"|'[^']*'|[^\s>}]*))?"""
    written = rf"<{name}(?![\w-])[^>]*?[\s/]({key})(?![\w-]){value}"
    # an attribute list sets it on whichever element it follows: {: onclick="..." }
    listed = rf"\{{:?(?:[^}}\n]*?\s)?({key})(?![\w-]){value}"
    found = [(m.start(1), m[2] or "") for m in re.finditer(written, body, re.IGNORECASE)]
    found += [
        (m.start(1), m[2] or "")
        for m in re.finditer(listed, body, re.IGNORECASE)
        if _listed_on(body, m.start()) in ("", _kind(tag.strip("<>").lower()))
    ]
    if attribute not in ("href", "src"):
        return sorted(at for at, _ in found)
    # an address is removed for its scheme: a relative one beside it is kept, and not told of
    places = [at for at, address in found if _unsafe(address.strip("\"'"))]
    image = attribute == "src"
    for target in _TARGET.finditer(body):
        kind = _target_kind(target)
        address = _ADDRESS_WRITTEN.match(body, target.end())
        if (kind is None or kind is image) and address and _unsafe(address[0]):
            places.append(target.end())
    return sorted(places or [at for at, _ in found])


# what an attribute list right after a link, an image or emphasis sets its attributes on
_INLINE = frozenset({"a", "img", "em", "strong", "code"})
_HEADING = re.compile(r"h[1-6]")


def _kind(tag: str) -> str:
    """What kind of element an attribute list sets a tag's attributes on, as _listed_on tells."""
    return "inline" if tag in _INLINE else "heading" if _HEADING.fullmatch(tag) else "block"


def _listed_on(body: str, brace: int) -> str:
    """What the attribute list at brace is on: "inline" (right after a link, an image or
    emphasis), "heading" (ending an ATX heading), "block" (on a line of its own, under a
    paragraph or a list's item), or "" where that cannot be told."""
    before = body[body.rfind("\n", 0, brace) + 1 : brace]
    if before[-1:] in (")", "]", "*", "_", "`"):
        return "inline"
    if before.lstrip().startswith("#"):
        return "heading"
    return "" if before.strip() else "block"


def _unsafe(address: str) -> bool:
    """Whether an address, as written (entities and all), has a scheme the sanitiser drops."""
    # browsers take tabs and line ends out of an address, and read its entities
    plain = unescape(address).translate({9: None, 10: None, 13: None}).lstrip("\0 ")
    scheme = SCHEME.match(plain)
    return scheme is not None and scheme[1].lower() not in SCHEMES


def _target_kind(target: re.Match[str]) -> bool | None:
    """True where an address is a Markdown image's, False a link's (an autolink too), None
    a reference's definition, which both may use."""
    if target[0].startswith("<"):
        return False
    return target[1] == "!" if "(" in target[0] else None
