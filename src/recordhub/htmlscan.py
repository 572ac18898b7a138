"""What a page of final HTML links to, loads and offers as anchors, read by regular expressions."""

from __future__ import annotations

import functools
import html
import itertools
import re
import sys
from collections.abc import Iterable

from msgspec import Struct, field

from recordhub import anchors, attrurls, inline, jscode, references

# only the tags that link or load; a page's many <p>, <li> and <div> are skipped by the regex,
# and so are its <meta> tags but a refresh: a third of its tags, with titles and descriptions
# that differ on every page, so that _tag's cache never had them; they took a fifth of a scan
_TAG = re.compile(
    r"<(?P<name>a|area|link|script|img|source|video|audio|track|iframe|embed|object|input|frame"
    r"|form|button|image|meta(?=\s[^>]*?http-equiv)|base)"
    r"(?P<attrs>\s[^>]*)?>",
    inline.HTML_CASE,
)
# in a tag: a code sample or text that shows a style attribute has no tag around it
_STYLE_ATTR = re.compile(
    r'<[a-zA-Z][^>]*?\sstyle\s*=\s*(?:"([^"]*)"|\'([^\']*)\')', inline.HTML_CASE
)
_ATTR = re.compile(
    r"(?P<key>[a-zA-Z_:][-a-zA-Z0-9_:.]*)\s*=\s*"
    r'(?:"(?P<d>[^"]*)"|\'(?P<s>[^\']*)\'|(?P<u>[^\s"\'>]+))'
)
_STYLE_BLOCK = re.compile(r"<style\b[^>]*>(.*?)</style>", re.DOTALL | inline.HTML_CASE)
_SCRIPT_BLOCK = re.compile(
    r"<script\b(?P<attrs>[^>]*)>(?P<code>.*?)</script>", re.DOTALL | inline.HTML_CASE
)
_JS_CALL = re.compile(
    r"""(?P<call>fetch|sendBeacon|EventSource|WebSocket|importScripts|import|\.open)\s*\(\s*"""
    r"""(?:["'`][A-Z]+["'`]\s*,\s*)?["'`](?P<url>(?:[a-z][a-z0-9+.-]*:)?//[^"'`\s]+)""",
    re.IGNORECASE,
)
# any address of another origin a script's code spells out: a tag manager's loader builds its
# <script src> from one (j.src='https://www.googletagmanager.com/gtm.js?id=' + i)
_JS_ADDRESS = re.compile(r"""(?P<q>["'`])(?P<url>(?:https?:)?//[^"'`\s]+)(?P=q)""", re.I)
# XML namespaces name a vocabulary and are never fetched: createElementNS(SVG, "svg")
_NAMESPACES = frozenset(
    {
        "http://www.w3.org/2000/svg",
        "http://www.w3.org/1999/xlink",
        "http://www.w3.org/1999/xhtml",
        "http://www.w3.org/1998/Math/MathML",
        "http://www.w3.org/XML/1998/namespace",
        "http://www.w3.org/2000/xmlns/",
    }
)
# Attributes that make the browser fetch something, by tag.
_LOADS = {
    "script": ("src",),
    "img": ("src", "srcset"),
    "source": ("src", "srcset"),
    "video": ("src", "poster"),
    "audio": ("src",),
    "track": ("src",),
    "iframe": ("src",),
    "embed": ("src",),
    "object": ("data",),
    "input": ("src", "formaction"),
    "frame": ("src",),
    "image": ("href", "xlink:href"),  # SVG's
    # not a load, but what a reader types goes there, and the CSP's form-action stops it
    "form": ("action",),
    "button": ("formaction",),
    # every relative address of the page is then fetched from there, its stylesheets too
    "base": ("href",),
    # a link's ping: each address is sent a request when the link is followed, a visit told
    "a": ("ping",),
    "area": ("ping",),
}
# their addresses must exist: a missing video, caption track or embedded PDF fails unseen, as
# a missing image does
_CHECKED = {
    "img",
    "source",
    "script",
    "iframe",
    "frame",
    "form",
    "image",
    "video",
    "audio",
    "track",
    "object",
    "embed",
    "input",  # an image button's picture, or where it sends the form
    "button",
}
# <meta http-equiv="refresh" content="5; url=https://elsewhere.example/">
_REFRESH = re.compile(r"""^\s*[\d.]+(?:\s*[;,]\s*|\s+)(?:url\s*=\s*)?["']?([^"'\s][^"']*)""", re.I)
_LINK_LOADS = {
    "stylesheet",
    "preload",
    "modulepreload",
    "prefetch",
    "prerender",
    "icon",
    "apple-touch-icon",
    "manifest",
    "preconnect",
    "dns-prefetch",
    "mask-icon",
    "shortcut",
}
_ORIGIN_ONLY = {"preconnect", "dns-prefetch"}


class Scan(Struct):
    """What one HTML file links to, loads, and offers as anchors."""

    ids: set[str] = field(default_factory=set)
    links: list[str] = field(default_factory=list)
    loads: list[tuple[str, str]] = field(default_factory=list)  # (what, url)
    inline: tuple[tuple[str, str], ...] = ()  # (kind, as written) of code the CSP blocks
    twice: list[str] = field(default_factory=list)  # ids given again after the first time
    h1s: int = 0  # its level-1 headings: the template's and the text's


SEP = "\0"  # joins a page's anchors and links (HTML turns a NUL in an attribute into U+FFFD)


def joined(items: Iterable[str]) -> str:
    """Each item after a separator, so that [] and [""] stay apart."""
    return "".join(SEP + item for item in items)


def split(text: str) -> list[str]:
    """The items of a joined string."""
    return text.split(SEP)[1:]


class Kept(Struct, frozen=True):
    """What the checks keep of one written page until every page is written: its anchors and
    links as one string each (a build holds 10,000 of these; sets and lists of small strings
    took three times the memory), the same strings its record for the next build holds."""

    ids: str  # sorted
    links: str  # in the page's order
    loads: tuple[tuple[str, str], ...]
    inline: tuple[tuple[str, str], ...] = ()
    h1s: int = 0

    def has_id(self, fragment: str) -> bool:
        """True when the page offers this anchor."""
        return f"{SEP}{fragment}{SEP}" in f"{self.ids}{SEP}"

    def repeated(self) -> list[str]:
        """The ids the page gives more than one element, each once."""
        ids = split(self.ids)  # sorted, an id given twice is there twice
        return list(dict.fromkeys(a for a, b in itertools.pairwise(ids) if a == b))


def kept(found: Scan) -> Kept:
    """The compact form of a scan."""
    intern = sys.intern  # the loads of menus and footers repeat on every page
    loads = tuple((intern(what), intern(url)) for what, url in found.loads)
    ids = joined(sorted([*found.ids, *found.twice]))
    return Kept(ids, joined(found.links), loads, found.inline, found.h1s)


def scan(html: str) -> Scan:
    """Links, resource loads and ids of one page (regex: the HTML is ours and well-formed)."""
    elements, twice = anchors.ids(html)
    styled = inline.styles(html)
    found = Scan(ids=elements, twice=twice, inline=inline.find(html, styled), h1s=h1s(html))
    for tag in _TAG.finditer(html):
        ids, links, loads, scripted = _tag(tag[0])
        found.ids.update(ids)
        found.links += links
        found.loads += loads
        if scripted and all(kind != inline.JS_URL for kind, _ in found.inline):
            found.inline += ((inline.JS_URL, scripted[0]),)
    for double, single in _STYLE_ATTR.findall(html) if styled.attribute else ():
        found.loads += [("CSS url()", url) for url in css_urls(double or single)]
    for block in _STYLE_BLOCK.findall(html) if styled.element else ():
        found.loads += [("CSS url()", url) for url in css_urls(block)]
    for script in _SCRIPT_BLOCK.finditer(html):
        if "src=" not in script["attrs"] and inline.runs(script["attrs"]):
            found.loads += [
                (f"{what} in a script", url) for what, url, _ in js_loads(script["code"])
            ]
    return found


_H1 = re.compile(r"<h1[\s>]", inline.HTML_CASE)
_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)


def h1s(html: str) -> int:
    """How many level-1 headings a page has, outside comments."""
    if "<h1" not in html and "<H1" not in html:
        return 0
    return len(_H1.findall(_COMMENT.sub("", html) if "<!--" in html else html))


def in_tag(html: str, at: int) -> bool:
    """Whether the text at this place is inside a tag: no > closes the last < before it,
    but for one in a quoted value (<link media="(width > 40em)" href=...>)."""
    start = html.rfind("<", 0, at)
    if start < 0:
        return False
    if html.find(">", start, at) < 0:
        return True
    return all(found[0] != ">" for found in _QUOTED_OR_CLOSE.finditer(html, start, at))


_QUOTED_OR_CLOSE = re.compile(r""""[^"]*"|'[^']*'|>""")


# ids, links, loads, and the attributes as written whose address is a javascript: URL
_Found = tuple[tuple[str, ...], tuple[str, ...], tuple[tuple[str, str], ...], tuple[str, ...]]


@functools.lru_cache(maxsize=8192)  # most tags are the theme's menus, repeated on every page
def _tag(text: str) -> _Found:
    """The anchors, links and loads of one tag that links or loads, and its javascript: URLs."""
    tag = _TAG.fullmatch(text)
    assert tag is not None
    name = tag["name"].lower()
    attrs: dict[str, str] = {}
    written: dict[str, str] = {}
    for m in _ATTR.finditer(tag["attrs"] or ""):
        key = m["key"].lower()
        attrs[key] = next(v for v in (m["d"], m["s"], m["u"], "") if v is not None)
        written[key] = m[0]
    for key, value in attrs.items():
        if "&" in value:  # as a browser reads it: href="/q?a=1&amp;b=2" is /q?a=1&b=2
            attrs[key] = html.unescape(value)
    ids: tuple[str, ...] = (attrs["name"],) if "name" in attrs and name == "a" else ()
    links: list[str] = []
    loads: list[tuple[str, str]] = []
    if name in {"a", "area"} and "href" in attrs:
        links.append(attrs["href"])
    elif name == "link" and "href" in attrs:
        rels = set(attrs.get("rel", "").lower().split())
        if rels & _LINK_LOADS:
            loads.append((f"<link rel={attrs.get('rel')}>", attrs["href"]))
        # a stylesheet, icon or feed that is not there fails as a link does, only unseen; a
        # preconnect names an origin, not a file
        if not rels & _ORIGIN_ONLY:
            links.append(attrs["href"])
    elif name == "meta" and attrs.get("http-equiv", "").lower() == "refresh":
        target = _REFRESH.match(attrs.get("content", ""))
        if target is not None:  # the browser goes there by itself
            loads.append(("<meta http-equiv=refresh>", target[1].strip()))
            links.append(target[1].strip())
    for key in _LOADS.get(name, ()):
        for url in attrurls.addresses(attrs.get(key), key):
            loads.append((f"<{name} {key}>", url))
            if name in _CHECKED:
                links.append(url)
    followed = ("href",) if name in {"a", "area"} else ()
    scripted = tuple(
        written[key]
        for key in (*followed, *_LOADS.get(name, ()))
        if key in attrs and inline.is_script_url(attrs[key])
    )
    return ids, tuple(links), tuple(loads), scripted


def css_urls(css: str) -> list[str]:
    """Every url(), @import and image-set() address of a stylesheet, outside comments."""
    return [ref.url for ref in references.in_css(css)]


def js_loads(code: str) -> list[tuple[str, str, int]]:
    """The full addresses in a script's code (not its comments), each as (what, url, offset):
    those it fetches, opens or imports, then any other, an XML namespace aside."""
    text = jscode.read(code).code
    calls = [
        (f"{m['call'].lstrip('.')}()", m["url"], m.start("url")) for m in _JS_CALL.finditer(text)
    ]
    named = {at for _, _, at in calls}
    return calls + [
        ("an address", m["url"], m.start("url"))
        for m in _JS_ADDRESS.finditer(text)
        if m.start("url") not in named and m["url"] not in _NAMESPACES
    ]
