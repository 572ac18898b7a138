"""What an FAQ must have for readers and search engines: questions, each with an answer, and
dates under them written so that they are read."""

from __future__ import annotations

import re
from collections.abc import Callable
from html import unescape

from recordhub import faq
from recordhub.diagnostics import Diagnostic, warning
from recordhub.markdown import Heading

_TAGS = re.compile(r"<[^>]*>")
_H3 = re.compile(r"<h3[\s>]")
_QUESTION_LINE = re.compile(r" {0,3}###(?:[ \t]|$)")
_CATEGORY_LINE = re.compile(r" {0,3}##(?:[ \t]|$)")
_FENCE = re.compile(r" {0,3}(`{3,}|~{3,})")


def gaps(
    html: str,
    headings: tuple[Heading, ...],
    shown: str,
    body: Callable[[], tuple[str, int]],
) -> list[Diagnostic]:
    """Warnings for an FAQ with no questions, and for each question with no answer: search
    engines take neither, and readers find a question left open."""
    if not _H3.search(html):  # from the HTML: with the toc extension off there are no headings
        hint = "write each question as a ### heading; ## headings are its categories"
        return [warning(shown, None, None, "this FAQ has no questions", hint)]
    found = _unanswered(html, headings, shown, body) + _repeated(html, shown, body)
    found += _untitled(html, shown, body) + _unnamed_categories(headings, shown, body)
    found += _repeated_categories(headings, shown, body)
    return found + _empty_categories(headings, shown, body) + _near_dates(html, shown, body)


# an Updated: line under a question that is almost the one read as its date: in bold or
# italics, or in lower case; shown as answer text, it would date nothing
_NEAR_UPDATED = re.compile(
    rf"{faq.QUESTION_HEAD}\s*<p>(?P<near>(?:<(?:strong|em|b|i)>\s*)+updated\s*:|(?!(?-i:Updated:))updated\s*:)",
    re.DOTALL | re.IGNORECASE,
)
_NEAR_LINE = re.compile(r"[ \t]*[*_]*[ \t]*updated[ \t]*[*_]*[ \t]*:", re.IGNORECASE)


def _near_dates(html: str, shown: str, body: Callable[[], tuple[str, int]]) -> list[Diagnostic]:
    """A warning for each Updated: line under a question that is not read as its date."""
    near = list(_NEAR_UPDATED.finditer(html))
    if not near:
        return []
    text, first = body()
    lines = [
        (index, line)
        for index, line in enumerate(text.split("\n"))
        if _NEAR_LINE.match(line) and not line.lstrip().startswith("Updated:")
    ]
    found = []
    for n, _ in enumerate(near):
        index, written = lines[n] if len(lines) == len(near) else (None, "")
        line = first + index if index is not None else None
        quoted = f"'{written.strip()}' " if written else "an Updated: line "
        found.append(
            warning(
                shown,
                line,
                1 if line else None,
                f"{quoted}under a question is not read as the answer's date",
                "write it as Updated: YYYY-MM-DD, with a capital U and no bold or italics, "
                "on the line below the question",
            )
        )
    return found


def _unanswered(
    html: str,
    headings: tuple[Heading, ...],
    shown: str,
    body: Callable[[], tuple[str, int]],
) -> list[Diagnostic]:
    """A warning for each question with nothing below it."""
    given, titles = faq.answers(html), {h.id: h.title for h in faq.all_headings(headings)}
    questions = list(faq.QUESTION.finditer(html))
    empty = [
        (n, _TAGS.sub("", titles.get(m["id"], m[0])).strip())
        for n, m in enumerate(questions)
        if not _TAGS.sub("", answer := given.get(m["id"], "")).strip()
        and "<img" not in answer
        and _title(m[0])  # one with no text either is told of as that
    ]
    if not empty:
        return []
    lines = _lines(len(questions), _QUESTION_LINE, body)
    found = []
    for n, title in empty:
        line = lines[n]
        message = f"the question '{unescape(title)}' has no answer"
        hint = "write the answer below the question, before the next heading"
        found.append(warning(shown, line, 1 if line else None, message, hint))
    return found


def _title(question: str) -> str:
    """The text of a question's or a category's heading, as a reader sees it."""
    return " ".join(unescape(_TAGS.sub("", question)).split())


def _untitled(html: str, shown: str, body: Callable[[], tuple[str, int]]) -> list[Diagnostic]:
    """A warning for each question heading with no text (`###` alone, as a question is begun):
    the list of questions links it with no words, and search engines take no question without
    a name."""
    questions = list(faq.QUESTION.finditer(html))
    blank = [n for n, match in enumerate(questions) if not _title(match[0])]
    hint = "write the question after ###, or remove the heading"
    told = ("a question has no text", hint)
    return _blank(blank, len(questions), _QUESTION_LINE, shown, body, told)


def _unnamed_categories(
    headings: tuple[Heading, ...], shown: str, body: Callable[[], tuple[str, int]]
) -> list[Diagnostic]:
    """A warning for each ## category with no text: an empty heading over its questions, and
    an entry with no words in the list of them."""
    categories = faq.categories_of(headings)
    blank = [n for n, category in enumerate(categories) if not _title(category.title)]
    told = ("a category has no text", "write the category after ##, or remove the heading")
    return _blank(blank, len(categories), _CATEGORY_LINE, shown, body, told)


def _blank(
    blank: list[int],
    count: int,
    heading: re.Pattern[str],
    shown: str,
    body: Callable[[], tuple[str, int]],
    told: tuple[str, str],
) -> list[Diagnostic]:
    """A warning (message, hint) at each of the blank headings, by their index among count;
    placed at their lines when the body's headings of that kind are as many."""
    if not blank:
        return []
    lines = _lines(count, heading, body)
    return [warning(shown, lines[n], 1 if lines[n] else None, *told) for n in blank]


def _repeated(html: str, shown: str, body: Callable[[], tuple[str, int]]) -> list[Diagnostic]:
    """A warning for each question asked again on the same page: readers find two answers
    that may differ, and search engines see the question twice in the page's FAQPage."""
    # its own heading's text, not the text of the heading its id names: two questions may
    # share an id ({#where} twice), which is warned of on its own
    titles = [_title(match[0]) for match in faq.QUESTION.finditer(html)]
    told = ("the question '{}' is asked again: it is already asked {}", _ASKED_HINT)
    return _again(titles, _QUESTION_LINE, shown, body, told)


_ASKED_HINT = "merge the two answers under one question, or reword one of them"


def _repeated_categories(
    headings: tuple[Heading, ...], shown: str, body: Callable[[], tuple[str, int]]
) -> list[Diagnostic]:
    """A warning for each ## category named again: the list of questions shows it twice, and
    the questions under the second have addresses numbered by their order (#security_1-...)."""
    titles = [_title(category.title) for category in faq.categories_of(headings)]
    hint = "put the questions of both under one ## heading, or name the two apart"
    told = ("the category '{}' is given again: it is already given {}", hint)
    return _again(titles, _CATEGORY_LINE, shown, body, told)


def _again(
    titles: list[str],
    heading: re.Pattern[str],
    shown: str,
    body: Callable[[], tuple[str, int]],
    told: tuple[str, str],
) -> list[Diagnostic]:
    """A warning (message with the title and where it was first, and hint) for each heading
    whose text, in any case, an earlier one has; one with no text is told of as that."""
    first_at: dict[str, int] = {}
    again: list[tuple[int, int, str]] = []
    for n, title in enumerate(titles):
        if title and title.casefold() in first_at:
            again.append((n, first_at[title.casefold()], title))
        elif title:
            first_at[title.casefold()] = n
    if not again:
        return []
    lines = _lines(len(titles), heading, body)
    found = []
    for n, earlier, title in again:
        where = f"at line {lines[earlier]}" if lines[earlier] else "above"
        message = told[0].format(title, where)
        found.append(warning(shown, lines[n], 1 if lines[n] else None, message, told[1]))
    return found


def _empty_categories(
    headings: tuple[Heading, ...], shown: str, body: Callable[[], tuple[str, int]]
) -> list[Diagnostic]:
    """A warning for each ## category with no ### question under it: it is listed among the
    questions with nothing in it, and is often a question written with one # too few."""
    categories = faq.categories_of(headings)
    # one with no text either is told of as that
    empty = [
        (n, c) for n, c in enumerate(categories) if not faq.questions_of(c) and _title(c.title)
    ]
    if not empty:
        return []
    lines = _lines(len(categories), _CATEGORY_LINE, body)
    found = []
    for n, category in empty:
        line = lines[n]
        title = unescape(_TAGS.sub("", category.title)).strip()
        message = f"the category '{title}' has no questions"
        hint = "write its questions under it as ### headings; a question is ###, not ##"
        found.append(warning(shown, line, 1 if line else None, message, hint))
    return found


def _lines(
    count: int, heading: re.Pattern[str], body: Callable[[], tuple[str, int]]
) -> list[int | None]:
    """The line in the file of each of count headings of a kind, in order (the body is read
    only when one is told); None for each when the body's headings of that kind are not as
    many, as when one is written in HTML."""
    text, first = body()
    found = _question_lines(text, heading)
    return [first + index for index in found] if len(found) == count else [None] * count


def _question_lines(body: str, heading: re.Pattern[str] = _QUESTION_LINE) -> list[int]:
    """Where each ### heading (or other heading) of a body is, by line index, outside fenced
    code."""
    found: list[int] = []
    fence = ""
    for index, line in enumerate(body.split("\n")):
        opening = _FENCE.match(line)
        if fence:
            if opening and opening[1][0] == fence[0] and len(opening[1]) >= len(fence):
                fence = ""
        elif opening:
            fence = opening[1]
        elif heading.match(line):
            found.append(index)
    return found
