"""The lang and dir a page's text gives a part of itself (a quote in another language, written
as <span lang="ar" dir="rtl"> or {: lang=ar dir=rtl }): a value HTML does not know is ignored
by browsers and screen readers, so the part is read in the page's language; each is told."""

from __future__ import annotations

import re
from collections.abc import Sequence

from recordhub.diagnostics import Diagnostic, warning

PREFIX = "bad value: "  # what the converter lists for each, as "bad value: dir=right"

_TAG = re.compile(r"<[a-zA-Z][^>]*>")
_VALUE = re.compile(r'\s(lang|dir)="([^"]*)"')
_DIRECTIONS = frozenset({"ltr", "rtl", "auto"})
# BCP 47's form: a language, then an optional script, region, variants, extensions, private use
_LANGUAGE_TAG = re.compile(
    r"(?:[a-z]{2,3}(?:-[a-z]{3}){0,3}|[a-z]{4,8})(?:-[a-z]{4})?(?:-(?:[a-z]{2}|[0-9]{3}))?"
    r"(?:-(?:[a-z0-9]{5,8}|[0-9][a-z0-9]{3}))*(?:-[0-9a-wyz](?:-[a-z0-9]{2,8})+)*"
    r"(?:-x(?:-[a-z0-9]{1,8})+)?|x(?:-[a-z0-9]{1,8})+",
    re.IGNORECASE,
)


def found(html: str) -> list[str]:
    """Each lang and dir of the HTML's tags whose value HTML does not know, as PREFIX and
    name=value, in order."""
    if " lang=" not in html and " dir=" not in html:
        return []
    bad = []
    for tag in _TAG.finditer(html):
        for name, value in _VALUE.findall(tag[0]):
            if name == "dir" and value.lower() not in _DIRECTIONS:
                bad.append(f"{PREFIX}dir={value}")
            elif name == "lang" and value and not _LANGUAGE_TAG.fullmatch(value):
                bad.append(f"{PREFIX}lang={value}")
    return bad


def told(path: str, body: str, body_line: int, items: Sequence[str]) -> list[Diagnostic]:
    """A warning for each lang or dir of unknown value, where it is written."""
    problems: list[Diagnostic] = []
    seen: dict[str, int] = {}  # the same value written twice is told at each place
    for item in items:
        name, _, value = item.removeprefix(PREFIX).partition("=")
        nth = seen[item] = seen.get(item, -1) + 1
        written = re.compile(rf"""(?<![\w-]){name}\s*=\s*["']?{re.escape(value)}(?![^\s"'>}}])""")
        places = [m.start() for m in written.finditer(body)]
        offset = places[min(nth, len(places) - 1)] if places else None
        line = body_line + body.count("\n", 0, offset) if offset is not None else body_line
        col = offset - body.rfind("\n", 0, offset) if offset is not None else None
        if name == "dir":
            message = f'dir="{value}" is no direction: browsers ignore it'
            hint = 'write dir="rtl" (right to left), dir="ltr" or dir="auto"'
        else:
            message = f'lang="{value}" is no language tag: it is read in the page\'s language'
            hint = "write a language tag such as en, ar, zh-Hant or pt-BR (hyphens, not _)"
        problems.append(warning(path, line, col, message, hint))
    return problems
