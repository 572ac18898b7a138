"""The ids a page of final HTML gives its elements: the anchors a link's #fragment can name.

Only an id attribute of a real tag counts. A code sample shows `<span id="x">` as text, its <
escaped, and an attribute's value may read id="x" too; neither is an element a link goes to.
"""

from __future__ import annotations

import re

# an id attribute follows white space; that is checked apart, because a pattern that starts
# with a literal is searched several times faster than one that starts with \s
_ID = re.compile(r'id\s*=\s*(?:"([^"]*)"|\'([^\']*)\')')
_SPACE = "\t\n\f\r "  # HTML's white space: a no-break space is no separator in a tag
_NAME = rf"[^{_SPACE}\"'>/=]+"
_ATTRIBUTE = rf"""{_NAME}(?:[{_SPACE}]*=[{_SPACE}]*(?:"[^"]*"|'[^']*'|[^{_SPACE}"'>]+))?"""
# the rest of a tag up to white space before an attribute, or to white space in a quoted value
_REST = (
    rf"(?:[{_SPACE}]+{_ATTRIBUTE})*(?:[{_SPACE}]+|(?P<value>[{_SPACE}]+{_NAME}[{_SPACE}]*="
    rf"""[{_SPACE}]*(?:"(?P<double>)[^"]*|'[^']*)))"""
)
_OPENED = re.compile(rf"<[a-zA-Z][^{_SPACE}/>]*{_REST}")  # from the tag's <
_FROM_ATTRIBUTE = re.compile(_ATTRIBUTE + _REST)  # from an attribute's start
_AFTER_VALUE = re.compile(_REST)  # from just after a quoted value


def ids(html: str) -> tuple[set[str], list[str]]:
    """The values of the id attributes of a page's tags, and those given again after the first
    time."""
    found: set[str] = set()
    twice: list[str] = []
    # Each id is placed from where the last one was: in the same tag, the tag is read on from
    # there; else a tag that holds it opens after there. So the page is read about once, even
    # with many ids in one tag or in one code sample.
    settled = 0  # no tag that holds an id from here on opens before this
    resume: tuple[int, re.Pattern[str]] | None = None  # where the last id's tag reads on
    start = 1
    while (match := _ID.search(html, start)) is not None:
        at = match.start()
        if html[at - 1] not in _SPACE:
            start = at + 1
            continue
        start = match.end() + 1  # the next one's white space comes after this one
        if resume is not None and at < resume[0]:
            continue  # in the same quoted value as the last
        tag = resume[1].fullmatch(html, resume[0], at) if resume is not None else None
        if tag is None:
            settled = resume[0] if resume is not None else settled
            settled, tag = _opened(html, settled, at)
        resume = None
        if tag is None:
            continue
        if tag["value"] is not None:  # in another attribute's value: read on after its end
            close = html.find('"' if tag["double"] is not None else "'", at)
            resume = (close + 1, _AFTER_VALUE) if close != -1 else None
            continue
        resume = (at, _FROM_ATTRIBUTE)
        value = match[1] if match[1] is not None else match[2]
        if value in found:
            twice.append(value)
        found.add(value)
    return found, twice


def _opened(html: str, settled: int, at: int) -> tuple[int, re.Match[str] | None]:
    """The tag that holds this place, read from its <, and where it opens (None and this place
    in text).

    The nearest < that opens a tag reaching here wins; one further back is tried when the
    nearer is text in an attribute's value (title="a < b"). Each try stops at the first > of
    its tag, so the search reads the page from settled to here about once. (A value that holds
    a tag and an id, title='<i id="x">', is taken for that tag; Markdown, the sanitiser and
    Jinja's escaping write < in a value as &lt;.)
    """
    end = at
    while (opened := html.rfind("<", settled, end)) != -1:
        tag = _OPENED.fullmatch(html, opened, at)
        if tag is not None:
            return opened, tag
        end = opened
    return at, None


def anchored(fragment: str) -> bool:
    """Whether a link's fragment needs an element with that id: a bare # and #top (in any
    case) go to the top of a page that has none, as the HTML standard says."""
    return fragment != "" and not (fragment.isascii() and fragment.lower() == "top")
