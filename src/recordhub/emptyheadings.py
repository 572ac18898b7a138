"""Headings with no text (## alone) and tables of contents with nothing to list (a [TOC] marker
on a page with no headings): a screen reader announces an empty heading or list, and a reader
sees a gap. Neither is published; each is told where it is written. An FAQ tells its empty
questions and categories itself, and shows them."""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Sequence
from html import unescape

from recordhub import attrurls, headinglevels
from recordhub.diagnostics import Diagnostic, warning

PREFIX = "empty heading: "  # listed as "empty heading: 2", its level, and " id" if it has one
TOC_PREFIX = "empty toc: "  # listed as "empty toc: [TOC]", the marker

# no words, only tags (## <span></span>) or, with the toc extension's permalink, its link;
# an image is a heading's name (its alt text)
_TAG_IN = r"<(?!img(?![\w-])|/?h[1-6](?![\w-]))[^>]*>"  # nor another heading's
_NO_WORDS = rf'(?:\s|<a class="headerlink"[^>]*>[^<]*</a>|{_TAG_IN})*'
_EMPTY = re.compile(rf"<h([1-6])(?:\s[^>]*)?>{_NO_WORDS}</h\1>\n?")
_TOC = re.compile(r'<div class="toc">.*?</div>\n?', re.DOTALL)
_HOLLOW = re.compile(r"<(ul|li)>\s*</\1>\n?")
_FENCE = re.compile(r" {0,3}(`{3,}|~{3,})")
_ATX = re.compile(r" {0,3}(#{1,6})(?:[ \t]+(.*?))?[ \t]*$")
RAW = re.compile(rf"<h([1-6])(?:\s[^>]*)?>(?:\s|{_TAG_IN})*</h\1\s*>", re.I)
_TAG = re.compile(r"<[^>]*>")
_NAMED = " id"  # added to the item of an empty heading with an id
_OF_FAQ = " of an faq"  # added to an item of an FAQ's body by to_tell


def untitled(text: str) -> bool:
    """Whether the text of an ATX heading, after its #s, shows no words."""
    return "<img" not in text and not _TAG.sub("", text).strip("# \t")


def found(html: str) -> list[str]:
    """PREFIX and the level of each heading of a body's HTML with no text, in order, and
    _NAMED for one with an id (an FAQ's question or category has one)."""
    if "></h" not in html:
        return []
    return [
        f"{PREFIX}{m[1]}{_NAMED if _id_of(m[0][: m[0].index('>')]) else ''}"
        for m in _EMPTY.finditer(html)
    ]


def without(html: str, keep: Callable[[int, str], bool] | None = None) -> str:
    """The HTML without its headings of no text but those keep(level, opening tag) keeps;
    html itself when it has none."""
    if "></h" not in html or not _EMPTY.search(html):
        return html
    if keep is None:
        return _EMPTY.sub("", html)
    return _EMPTY.sub(lambda m: m[0] if keep(int(m[1]), m[0][: m[0].index(">") + 1]) else "", html)


def faqs_own(level: int, tag: str, categories: Collection[str]) -> bool:
    """Whether an FAQ tells this empty heading (level, opening tag) itself, and shows it: a
    question (an h3 with an id), or a category (an h2 with one of these ids, its ## ones)."""
    named = _id_of(tag)
    return bool(named) and (level == 3 or (level == 2 and named in categories))


def _id_of(tag: str) -> str:
    """The id an opening tag gives its element; "" for none."""
    return unescape(attrurls.value(tag, "id"))


def bare_tocs(html: str, marker: str) -> tuple[str, list[str]]:
    """The HTML without the lists of a [TOC] marker (marker) that list nothing, and TOC_PREFIX
    and the marker for each."""
    if "<ul></ul>" not in html and "<ul>\n</ul>" not in html:
        return html, []
    bare: list[str] = []

    def listing(toc: re.Match[str]) -> str:
        text, before = toc[0], ""
        while text != before:  # an item of only an empty list leaves an empty list in turn
            before, text = text, _HOLLOW.sub("", text)
        if "<li" in text:
            return text
        bare.append(f"{TOC_PREFIX}{marker}")
        return ""

    return _TOC.sub(listing, html), bare


def to_tell(page_type: str, items: Sequence[str]) -> Sequence[str]:
    """What a conversion lists to be told on a page of this type: an FAQ tells its empty
    categories and questions itself, and is shown with them, so its items are marked for
    told() to pass those over; and a level skip is told as the page shows its headings."""
    faq = page_type == "faq"
    other = headinglevels.BUT_ON_FAQ if faq else headinglevels.ON_FAQ
    if any(item.startswith(other) for item in items):
        items = [item for item in items if not item.startswith(other)]
    if not faq or not any(item.startswith(PREFIX) for item in items):
        return items
    return [f"{item}{_OF_FAQ}" if item.startswith(PREFIX) else item for item in items]


def told(path: str, body: str, body_line: int, items: Sequence[str]) -> list[Diagnostic]:
    """A warning for each empty heading and empty table of contents, at its line."""
    # line, column, level, written as HTML, an FAQ's own (told by it, if the page is one)
    headings: list[tuple[int, int, int, bool, bool]] = []
    markers: list[int] = []
    tocs = {item.removeprefix(TOC_PREFIX) for item in items if item.startswith(TOC_PREFIX)}
    fence = ""
    for number, written in enumerate(body.splitlines()):
        opened = _FENCE.match(written)
        if opened and (not fence or opened[1].startswith(fence)):
            fence = "" if fence else opened[1]
        elif not fence:
            atx = _ATX.match(written)
            if atx and untitled(atx[2] or ""):
                level = len(atx[1])  # an FAQ's ## and ### are its categories and questions
                headings.append((number, written.index("#") + 1, level, False, level in (2, 3)))
            for m in RAW.finditer(written):  # in HTML, only an h3 is one of its questions
                headings.append((number, m.start() + 1, int(m[1]), True, m[1] == "3"))
            if written.strip() in tocs:
                markers.append(number)
    problems: list[Diagnostic] = []
    for item in items:
        if item.startswith(TOC_PREFIX):
            marker = item.removeprefix(TOC_PREFIX)
            at = markers.pop(0) if markers else None
            problems.append(
                warning(
                    path,
                    body_line + at if at is not None else body_line,
                    1 if at is not None else None,
                    f"{marker} on a page with no headings: its table of contents would be "
                    "empty, and is left out",
                    f"write ## headings for it to list, or remove the {marker} line",
                )
            )
            continue
        listed = item.removeprefix(PREFIX).removesuffix(_OF_FAQ)
        level = int(listed.removesuffix(_NAMED))
        place = next((h for h in headings if h[2] == level), None)
        if place is not None:
            headings.remove(place)
        line, col, _, raw, own = place or (None, None, level, False, level in (2, 3))
        # one with no id (no toc extension) is neither question nor category to the FAQ
        if own and listed.endswith(_NAMED) and item.endswith(_OF_FAQ):
            continue
        spelt = f"<h{level}>" if raw else "#" * level
        problems.append(
            warning(
                path,
                body_line + line if line is not None else body_line,
                col,
                f"an empty heading ({spelt} with no text): it is left out of the page",
                f"write the heading's words {'inside' if raw else 'after'} {spelt}, or remove it",
            )
        )
    return problems
