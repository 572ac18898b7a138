"""FAQ pages: ``##`` categories, ``###`` questions, and ``Updated:`` lines under questions."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass

from recordhub.markdown import Heading

_UPDATED = re.compile(
    r'(<h3 id="(?P<id>[^"]+)"[^>]*>.*?</h3>\s*)<p>Updated:\s*(?P<date>\d{4}-\d{2}-\d{2})\s*</p>',
    re.DOTALL,
)


@dataclass(frozen=True)
class Question:
    """One question; its id is the anchor a reader can share."""

    title: str
    id: str
    updated: dt.date | None


@dataclass(frozen=True)
class Category:
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


def stamp(html: str, format_updated: Callable[[dt.date], str]) -> str:
    """Replace each ``Updated: YYYY-MM-DD`` line under a question with marked-up HTML."""

    def mark(match: re.Match[str]) -> str:
        try:
            day = dt.date.fromisoformat(match["date"])
        except ValueError:
            return match.group(0)
        return f'{match.group(1)}<p class="answer-updated">{format_updated(day)}</p>'

    return _UPDATED.sub(mark, html)


def _flatten_to(headings: tuple[Heading, ...], level: int) -> list[Heading]:
    """Headings of exactly level, looking through any shallower wrappers."""
    found: list[Heading] = []
    for heading in headings:
        if heading.level == level:
            found.append(heading)
        elif heading.level < level:
            found.extend(_flatten_to(heading.children, level))
    return found


_QUESTION = re.compile(r'<h3 id="(?P<id>[^"]+)"[^>]*>.*?</h3>', re.DOTALL)
_NEXT_HEADING = re.compile(r"<h[1-3][\s>]")


def answers(html: str) -> dict[str, str]:
    """The HTML of each question's answer: everything up to the next heading of level 1-3."""
    found: dict[str, str] = {}
    for match in _QUESTION.finditer(html):
        rest = html[match.end() :]
        stop = _NEXT_HEADING.search(rest)
        answer = rest[: stop.start()] if stop else rest
        found[match["id"]] = re.sub(r"^\s*<p>Updated:\s*\d{4}-\d{2}-\d{2}\s*</p>", "", answer)
    return found
