"""Tags a page may not hold, opened in its text and never closed ("How the <script> tag
works"): shown as the text they are, where HTML would read the rest of the page into them.

A browser, and the sanitiser that parses as one, reads everything after an unclosed <script>,
<style>, <textarea>, <iframe> or <title> as that element's text, and after an unclosed
<select> or <object> as its content: the page's HTML after it was removed or shown as
escaped markup. Such a tag is never an element the page meant to hold, since it would hold
the rest of the page; an element closed in the page is removed by the sanitiser as before.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence

from recordhub.diagnostics import Diagnostic, notice, warning

PREFIX = "as text: "  # what clean() lists for each such tag, as "as text: <script>"

# elements HTML never closes: one of these holds nothing, so none is ever left open
_VOID = frozenset(
    {
        *("area", "base", "basefont", "bgsound", "br", "col", "embed", "frame", "hr"),
        *("image", "img", "input", "isindex", "keygen", "link", "meta", "param", "source"),
        *("track", "wbr"),
    }
)
# a / between a tag's name and its attributes, or between two of them, parts them as a space
# does (<svg/onload=...>, <img/src=x/onerror=...>), to browsers and to the sanitiser alike
OPEN = re.compile(r"<([a-zA-Z][a-zA-Z0-9-]*)((?:[\s/][^>]*)?)>")
_CLOSE = re.compile(r"</([a-zA-Z][a-zA-Z0-9-]*)[\s/>]")
# a block-level tag at a line's start opens a block of raw HTML that Python-Markdown runs on
# to its end tag: with none, to the end of the page, whose Markdown is then never converted
_LINE_START = re.compile(r"^ {0,3}<([a-zA-Z][a-zA-Z0-9-]*)(?=[\s/>]|$)", re.M)


def raw_blocks(body: str, block_level: Collection[str], allowed: frozenset[str]) -> set[str]:
    """The names outside allowed (or in CLOSED_ONLY) of the tags that open a raw HTML block in
    body with no end tag after it, which Markdown should read as inline HTML so that as_text
    finds them."""
    names = set()
    code: list[tuple[int, int]] | None = None
    for tag in _LINE_START.finditer(body) if "<" in body else ():
        name = tag[1].lower()
        if name in allowed - CLOSED_ONLY or name in _VOID or name not in block_level:
            continue
        code = code_in(body) if code is None else code
        if tag.start(1) - 1 in written_unclosed(body, name, code):
            names.add(name)
    return names


# HTML's parser, which reads Python-Markdown's blocks of raw HTML, takes all after <script> or
# <style> as its text up to an end tag: one never closed in such a block takes the rest of the
# page into the block, whose Markdown is then never converted
_RAW_TEXT = re.compile(r"<(script|style)(?![\w-])", re.I)


def escaped_in_blocks(body: str, block_level: Collection[str]) -> tuple[str, list[str]]:
    """The body with each <script> or <style> that no end tag closes, inside a block of raw
    HTML, written as text (&lt;), and a list of them as as_text gives it."""
    if "<" not in body or not _RAW_TEXT.search(body):
        return body, []
    code = code_in(body)
    blocks: list[tuple[int, int]] = []
    for tag in _LINE_START.finditer(body):
        start, name = tag.start(1) - 1, tag[1].lower()
        if name in block_level and not within(start, code + blocks):
            closed, _ = _pairs(*_written(body, name, code))
            blocks.append((start, closed.get(start, len(body))))
    found = sorted(
        at
        for name in ("script", "style")
        for at in written_unclosed(body, name, code)
        if any(start < at < end for start, end in blocks)
    )
    items = [_item(body, at) for at in found]
    for at in reversed(found):
        body = body[:at] + "&lt;" + body[at + 1 :]
    return body, items


def _item(text: str, at: int) -> str:
    """The entry of as_text's list for the tag written at this offset of text."""
    tag = OPEN.match(text, at) or _NAME.match(text, at)  # the second: with no > after it
    name = tag[1].lower() if tag else ""
    attributes = tag[2].strip(" \t\n\r\f/") if tag and tag.re is OPEN else ""
    return f"{PREFIX}<{name}{' ...' if attributes else ''}>"


_NAME = re.compile(r"<([a-zA-Z][a-zA-Z0-9-]*)")
# elements whose content HTML reads as text, not as tags
TEXT_ONLY = frozenset(
    {"script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes", "noscript"}
)


# allowed in a page only when closed: what follows an open one is what a browser shows when
# it cannot play the file, which is to say never, so the rest of the page would not be seen
CLOSED_ONLY = frozenset({"video", "audio"})


def as_text(html: str, allowed: frozenset[str]) -> tuple[str, list[str]]:
    """The HTML with each unclosed tag outside the allowlist turned into text, and a list of
    them (PREFIX, then the tag: "<iframe ...>" when it has attributes)."""
    if "<" not in html:
        return html, []
    comments = _spans(COMMENT, html) if "<!--" in html else []
    # one in a comment is removed with it, never shown
    allowed -= CLOSED_ONLY
    opens = [
        tag
        for tag in OPEN.finditer(html)
        if tag[1].lower() not in allowed
        and tag[1].lower() not in _VOID
        and not within(tag.start(), comments)
    ]
    if not opens:
        return html, []
    closes = [(m.start(), m[1].lower()) for m in _CLOSE.finditer(html)]
    named = [(tag.start(), tag[1].lower()) for tag in opens]
    closed, left = _pairs(named, closes)
    # what a closed <script> or <textarea> holds is its text, removed or shown with it
    texts = [(at, closed[at]) for at, name in named if name in TEXT_ONLY and at in closed]
    left = {at for at in left if not any(start < at < end for start, end in texts)}
    kept, shown, at = [], [], 0
    for tag in opens:
        if tag.start() not in left:
            continue
        kept += [html[at : tag.start()], "&lt;"]
        at = tag.start() + 1
        shown.append(_item(html, tag.start()))
    return ("".join(kept) + html[at:], shown) if shown else (html, [])


def told(path: str, body: str, body_line: int, shown: Sequence[str]) -> list[Diagnostic]:
    """For each tag shown as text, where it is written: a notice for a bare tag (a name, in
    prose), a warning for one with attributes (an element that is not shown as meant)."""
    found: list[Diagnostic] = []
    by_name: dict[str, list[str]] = {}
    for item in shown:
        by_name.setdefault(name_of(item), []).append(item)
    code = code_in(body)
    for name, items in by_name.items():
        places: list[int | None] = [*written_unclosed(body, name, code)]
        if len(places) == len(items):  # each as written there, with attributes or none
            items = [_item(body, at) for at in places if at is not None]
        else:  # the Markdown and its HTML disagree: the last ones
            places = [*(None for _ in items), *places]  # where none is found, the page
        for item, offset in zip(items, places[-len(items) :], strict=True):
            found.append(_diagnostic(path, body, body_line, item, name, offset))
    return sorted(found)


Tags = list[tuple[int, str]]  # (offset, name)


def _pairs(opens: Tags, closes: Tags) -> tuple[dict[int, int], set[int]]:
    """Each opening tag an end tag closes, with the end tag's offset, and those none closes:
    an end tag closes the nearest one of its name open before it, as elements nest."""
    stacks: dict[str, list[int]] = {}
    closed: dict[int, int] = {}
    events = sorted([(at, name, True) for at, name in opens] + [(*c, False) for c in closes])
    for at, name, opening in events:
        stack = stacks.setdefault(name, [])
        if opening:
            stack.append(at)
        elif stack:
            closed[stack.pop()] = at
    return closed, {at for stack in stacks.values() for at in stack}


def _unpaired(opens: Tags, closes: Tags) -> set[int]:
    return _pairs(opens, closes)[1]


def _written(body: str, name: str, code: list[tuple[int, int]]) -> tuple[Tags, Tags]:
    """The tags of a name a page's Markdown opens and ends, outside code (and its opening
    ones outside comments)."""
    skip = code + (_spans(COMMENT, body) if "<!--" in body else [])
    tag = re.escape(name)
    opens = [
        (m.start(), name)
        for m in re.finditer(rf"<{tag}(?![\w-])", body, re.I)
        if not within(m.start(), skip)
    ]
    closes = [
        (m.start(), name)
        for m in re.finditer(rf"</{tag}(?![\w-])", body, re.I)
        if not within(m.start(), code)
    ]
    return opens, closes


def written_unclosed(body: str, name: str, code: list[tuple[int, int]] | None = None) -> list[int]:
    """Where a page's Markdown opens a tag of this name that no end tag closes, outside code
    and comments, in order: where the tags shown as text are written."""
    return sorted(_unpaired(*_written(body, name, code_in(body) if code is None else code)))


# a tag in code is shown as written, and is none of these: a fenced block (closed: one that
# is not is no fence), or a code span (a run of backticks, to one as long, in a paragraph)
_FENCED = re.compile(r"^ {0,3}(`{3,}|~{3,}).*?^ {0,3}\1[`~]*[ \t]*$", re.M | re.S)
_SPAN = re.compile(r"(?<![`\\])(`+)(?!`)(?:(?!\n[ \t]*\n).)+?(?<!`)\1(?!`)", re.S)


# an HTML comment, which the sanitiser removes with all it holds; one never closed runs on
COMMENT = re.compile(r"<!--.*?(?:-->|\Z)", re.S)


def _spans(pattern: re.Pattern[str], text: str) -> list[tuple[int, int]]:
    return [m.span() for m in pattern.finditer(text)]


def within(offset: int, spans: list[tuple[int, int]]) -> bool:
    return any(start <= offset < end for start, end in spans)


def code_in(body: str) -> list[tuple[int, int]]:
    """Where body has code, as (start, end) offsets."""
    if "`" not in body and "~~~" not in body:
        return []
    fenced = [m.span() for m in _FENCED.finditer(body)]
    spans, at = [], 0
    for start, end in [*fenced, (len(body), len(body))]:
        spans += [(m.start() + at, m.end() + at) for m in _SPAN.finditer(body[at:start])]
        at = end
    return fenced + spans


def name_of(item: str) -> str:
    """The tag's name in an item of as_text()'s list: "as text: <iframe ...>" is iframe."""
    return item.removeprefix(PREFIX).strip("<>").split(" ", 1)[0]


def _diagnostic(
    path: str, body: str, body_line: int, item: str, name: str, offset: int | None
) -> Diagnostic:
    line = body_line + body.count("\n", 0, offset) if offset is not None else body_line
    col = offset - body.rfind("\n", 0, offset) if offset is not None else None
    tag = item.removeprefix(PREFIX)
    message = f"{tag} is shown as text: no </{name}> closes it, and pages may not hold <{name}>"
    if name in CLOSED_ONLY:
        message = f"{tag} is shown as text: no </{name}> closes it, and the rest of the page "
        message += "would be inside it, unseen"
        hint = f"close it, <{name} controls src=...></{name}>, or put it in backticks: `<{name}>`"
        return (warning if tag.endswith(" ...>") else notice)(path, line, col, message, hint)
    if tag.endswith(" ...>"):  # written as an element, which the page does not get
        hint = (
            "remove it, or put it in backticks to show it as code; scripts, frames, forms "
            "and embedded objects are not allowed in pages"
        )
        return warning(path, line, col, message, hint)
    hint = f"to show the tag's name as code, put it in backticks: `<{name}>`"
    return notice(path, line, col, message, hint)
