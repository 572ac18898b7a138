"""FAQ pages: ``##`` categories, ``###`` questions, and ``Updated:`` lines under questions."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Callable
from html import unescape

from msgspec import Struct
from msgspec.structs import replace

from recordhub import emptyheadings
from recordhub.markdown import Heading, Rendered

# a question's heading; never reaching past its </h3>, or an answer's Updated: line further
# down would be taken as the date of a question above it
QUESTION_HEAD = r'<h3 id="(?P<id>[^"]+)"[^>]*>(?:(?!</h3>).)*</h3>'
# the date is the paragraph's first line; lines written right below it, without a blank line,
# are in the same paragraph, and are the start of the answer
_DATE_LINE = (
    r"<p>Updated:[ \t]*(?P<date>\d{4}-\d{2}-\d{2})[ \t]*"
    r"(?:(?:<br\s*/?>)?\n[ \t]*(?P<rest>.*?))?</p>"
)
_UPDATED = re.compile(rf"({QUESTION_HEAD}\s*){_DATE_LINE}", re.DOTALL)
_LEADING_DATE = re.compile(rf"^\s*{_DATE_LINE}", re.DOTALL)


class Question(Struct, frozen=True):
    """One question; its id is the anchor a reader can share."""

    title: str
    id: str
    updated: dt.date | None


class Category(Struct, frozen=True):
    """A group of questions under a ``##`` heading."""

    title: str
    id: str
    questions: tuple[Question, ...]


def _updated_dates(html: str) -> dict[str, dt.date]:
    found: dict[str, dt.date] = {}
    for match in _UPDATED.finditer(html):
        try:
            found[match["id"]] = dt.date.fromisoformat(match["date"])
        except ValueError:
            continue
    return found


def categories(html: str, headings: tuple[Heading, ...]) -> tuple[Category, ...]:
    """The questions of a FAQ body, grouped by their ``##`` category."""
    updated = _updated_dates(html)
    groups: list[Category] = []
    loose = tuple(Question(q.title, q.id, updated.get(q.id)) for q in headings if q.level == 3)
    if loose:
        groups.append(Category("", "", loose))
    for top in _flatten_to(headings, 2):
        questions = tuple(
            Question(q.title, q.id, updated.get(q.id)) for q in _flatten_to(top.children, 3)
        )
        groups.append(Category(top.title, top.id, questions))
    return tuple(groups)


# an Updated: line under a question, whatever follows it
_ANY_UPDATED = re.compile(
    rf"{QUESTION_HEAD}\s*<p>Updated:(?P<date>[^<\n]*)(?:<br\s*/?>)?(?:\n|</p>)", re.DOTALL
)


def unreadable_dates(html: str) -> list[str]:
    """What follows Updated: under a question, where that is not a date (it is shown as is)."""
    return [
        written
        for match in _ANY_UPDATED.finditer(html)
        if not _is_date(written := match["date"].strip())
    ]


def _is_date(written: str) -> bool:
    try:
        dt.date.fromisoformat(written)
    except ValueError:
        return False
    return re.fullmatch(r"\d{4}-\d{2}-\d{2}", written) is not None


_SOURCE_LINE = re.compile(r"([ \t]*Updated:[ \t]*)(.*?)[ \t]*")


def date_hint(written: str) -> str:
    """How to fix a date under a question that cannot be read."""
    # Arabic-Indic digits, as an Arabic answer's text has them, are digits to \d, but no
    # date is read from them
    western = "".join(str(unicodedata.decimal(c)) if c.isdecimal() else c for c in written)
    if western != written:
        shown = western.strip()
        return "write the date with the digits 0 to 9" + (
            f": Updated: {shown}" if _is_date(shown) else ", as YYYY-MM-DD"
        )
    if re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", written.strip()):
        return "that day is not in the calendar: check the month (01 to 12) and the day"
    return "write it as YYYY-MM-DD"


def date_places(body: str, body_line: int, found: list[str]) -> list[tuple[int, int, str]]:
    """Line, column and text as written in the file of the Updated: lines unreadable_dates found.

    found is what the HTML shows (``&amp;`` for ``&``); the lines are matched in order, so
    the same text under two questions is reported at each of its lines.
    """
    lines = [_SOURCE_LINE.fullmatch(line) for line in body.split("\n")]
    places: list[tuple[int, int, str]] = []
    after = 0
    for shown in found:
        text = unescape(shown)
        candidates = [(i, m) for i, m in enumerate(lines) if i >= after and m is not None]
        same = [(i, m) for i, m in candidates if m[2] == text]
        # Markdown may have changed the text (a backslash escape): then the next line that
        # is not a date
        other = [(i, m) for i, m in candidates if not _is_date(m[2])]
        if not (same or other):
            places.append((body_line, 1, text))
            continue
        index, match = (same or other)[0]
        places.append((body_line + index, len(match[1]) + 1, match[2]))
        after = index + 1
    return places


def stamp(html: str, format_updated: Callable[[dt.date], str]) -> str:
    """Replace each ``Updated: YYYY-MM-DD`` line under a question with marked-up HTML."""

    def mark(match: re.Match[str]) -> str:
        try:
            day = dt.date.fromisoformat(match["date"])
        except ValueError:
            return match.group(0)
        answer = f"\n<p>{match['rest']}</p>" if match["rest"] else ""
        return f'{match.group(1)}<p class="answer-updated">{format_updated(day)}</p>{answer}'

    return _UPDATED.sub(mark, html)


def categories_of(headings: tuple[Heading, ...]) -> list[Heading]:
    """The ## category headings of an FAQ, in their order."""
    return _flatten_to(headings, 2)


def questions_of(category: Heading) -> list[Heading]:
    """The ### question headings under a category."""
    return _flatten_to(category.children, 3)


def _flatten_to(headings: tuple[Heading, ...], level: int) -> list[Heading]:
    """Headings of exactly level, looking through any shallower wrappers."""
    found: list[Heading] = []
    for heading in headings:
        if heading.level == level:
            found.append(heading)
        elif heading.level < level:
            found.extend(_flatten_to(heading.children, level))
    return found


_NUMBERED = re.compile(r"^(?P<base>.+)_\d+$")  # how the toc extension tells repeated ids apart


def qualify(rendered: Rendered) -> Rendered:
    """Give questions whose text repeats one above an anchor named after their category.

    The toc extension numbers repeated anchors in document order (x, x_1, x_2), so a question
    added above would shift the links to the others. ``security-x`` depends only on the
    question and its category; the first question keeps ``x``, which it had before the text was
    repeated, so adding questions below never changes the links to others. The empty headings
    that are neither question nor category are left out first, as on other pages.
    """
    rendered = _without_empty(rendered)
    assert rendered.html is not None, "the FAQ's HTML is read back before it is qualified"
    assert rendered.headings is not None, "and its headings with it"
    headings = rendered.headings
    ids = [h.id for h in all_headings(headings)]
    taken = set(ids)
    bases: dict[str, str] = {}
    for q in all_headings(headings):
        if q.level == 3 and (m := _NUMBERED.match(q.id)) and m["base"] in taken:
            bases[q.id] = m["base"]
    renamed: dict[str, str] = {}
    also: dict[str, str] = {}  # the first question's category anchor, which it had before
    repeated = set(bases.values())
    for top in _flatten_to(headings, 2):
        for q in _flatten_to(top.children, 3):
            if q.id in repeated and f"{top.id}-{q.id}" not in taken:
                also[q.id] = f"{top.id}-{q.id}"
                taken.add(also[q.id])
            if q.id in bases:
                new = f"{top.id}-{bases[q.id]}"
                n = 1
                while new in taken:  # the same question twice in one category
                    n += 1
                    new = f"{top.id}-{bases[q.id]}-{n}"
                taken.add(new)
                renamed[q.id] = new
    if not renamed:
        return rendered
    html = re.sub(
        r'(<h3 id="|href="#)([^"]+)"',
        lambda m: f'{m[1]}{renamed.get(m[2], m[2])}"',
        rendered.html,
    )
    # links made when every copy had its category in front keep working for the first
    html = re.sub(
        r'<h3 id="([^"]+)"([^>]*)>',
        lambda m: m[0] + (f'<span id="{also[m[1]]}"></span>' if m[1] in also else ""),
        html,
    )
    return replace(rendered, html=html, headings=_renamed(headings, renamed))


def _without_empty(rendered: Rendered) -> Rendered:
    """The FAQ without the headings of no text it does not tell of itself (a #### alone, say),
    which the conversion told of: its empty questions and categories are shown, and told."""
    if rendered.html is None or rendered.headings is None:
        return rendered
    named = {category.id for category in categories_of(rendered.headings)}
    html = emptyheadings.without(
        rendered.html, lambda n, tag: emptyheadings.faqs_own(n, tag, named)
    )
    return rendered if html is rendered.html else replace(rendered, html=html)


def all_headings(headings: tuple[Heading, ...]) -> list[Heading]:
    return [h for top in headings for h in (top, *all_headings(top.children))]


def _renamed(headings: tuple[Heading, ...], renamed: dict[str, str]) -> tuple[Heading, ...]:
    return tuple(
        replace(h, id=renamed.get(h.id, h.id), children=_renamed(h.children, renamed))
        for h in headings
    )


QUESTION = re.compile(r'<h3 id="(?P<id>[^"]+)"[^>]*>.*?</h3>', re.DOTALL)
_NEXT_HEADING = re.compile(r"<h[1-3][\s>]")


_FOOTNOTES = re.compile(r'<div class="footnote">.*\Z', re.DOTALL)  # the notes, at the end
_NOTE_MARK = re.compile(r'<sup id="fnref[^"]*">.*?</sup>', re.DOTALL)


def answers(html: str) -> dict[str, str]:
    """The HTML of each question's answer: everything up to the next heading of level 1-3,
    without footnote marks and the notes, which are not part of any one answer."""
    found: dict[str, str] = {}
    html = _NOTE_MARK.sub("", _FOOTNOTES.sub("", html))
    for match in QUESTION.finditer(html):
        rest = html[match.end() :]
        stop = _NEXT_HEADING.search(rest)
        answer = rest[: stop.start()] if stop else rest
        found[match["id"]] = _LEADING_DATE.sub(_answer_start, answer, count=1)
    return found


def _answer_start(match: re.Match[str]) -> str:
    """What is left of a leading Updated: paragraph: the answer's lines below the date."""
    return f"<p>{match['rest']}</p>" if match["rest"] else ""
