"""A template's failure as a diagnostic, told at the line of the hub's that can fix it."""

from __future__ import annotations

import datetime as dt
import linecache
import re
import traceback
from pathlib import Path

import jinja2

from recordhub import outlines
from recordhub.diagnostics import Diagnostic, error
from recordhub.validation import describe

_OUT_OF_CONTEXT = frozenset({"'page' is undefined", "'site' is undefined"})
# what Jinja says when a {% from %} import names a macro the template does not have
_UNEXPORTED = re.compile(
    r"the template '(?P<partial>[^']+)' \(imported on line \d+ in '[^']+'\) "
    r"does not export the requested name '(?P<macro>[^']+)'"
)


# how Jinja names an object of ours that lacks an attribute: 'recordhub.siteview.Site object'
_OURS = re.compile(r"'recordhub\.\w+\.(?P<name>[A-Z]\w*) object'")


def _named(found: re.Match[str]) -> str:
    """An object of ours as templates know it: Site is site, FrontMatter is front matter."""
    return re.sub(r"(?<=[a-z])(?=[A-Z])", " ", found["name"]).lower()


class NotADate(jinja2.TemplateRuntimeError):
    """A date filter given something else: most often a date that YAML read as text."""

    def __init__(self, name: str, value: object) -> None:
        self.text = isinstance(value, str)
        if isinstance(value, str):
            self.got = f"the text '{value}'"
        elif isinstance(value, int | float | list | dict):  # what else front matter holds
            self.got = describe(value)
        else:
            self.got = f"a {type(value).__name__}"
        super().__init__(f"the {name} filter expects a date, got {self.got}")


def check_day(name: str, value: object) -> None:
    """Raise NotADate unless value is a date, or UndefinedError naming what is missing."""
    if isinstance(value, dt.date):
        return
    if isinstance(value, jinja2.Undefined):
        str(value)  # strict: raises, saying which name or attribute there is not
    raise NotADate(name, value)


def unexported(exc: Exception) -> tuple[str, str] | None:
    """The (partial, macro) of an import that found no such macro, if that is what exc is."""
    found = _UNEXPORTED.fullmatch(str(exc)) if isinstance(exc, jinja2.UndefinedError) else None
    return (found["partial"], found["macro"]) if found else None


def display(filename: str | None, root: Path) -> str:
    """A template's file as messages show it: from the hub's folder, or in the theme."""
    if not filename:
        return "templates"
    path = Path(filename)
    if path.is_relative_to(root):
        return path.relative_to(root).as_posix()
    if path.is_relative_to(outlines.THEME_TEMPLATES):
        return "recordhub theme: " + path.relative_to(outlines.THEME_TEMPLATES).as_posix()
    return "recordhub theme: " + path.name


def syntax(exc: jinja2.TemplateSyntaxError, root: Path) -> Diagnostic:
    """A template that does not parse, at its line, and at its column where that is known."""
    message = exc.message or ""
    col = None
    offset = _OFFSET.search(message)
    source = exc.source if exc.source is not None else _text(exc.filename)
    if offset is not None and source is not None and int(offset[1]) <= len(source):
        at = int(offset[1])  # the lexer gives where in the file, not where in the line
        col = at - source.rfind("\n", 0, at)
        message = message.removesuffix(f" at {offset[1]}")  # told as the column
    elif source is not None:  # lines as Jinja counts them: not at a form feed or U+2028
        col = column(_LINE_END.split(source)[exc.lineno - 1 : exc.lineno] or [""], message)
    if col is not None and exc.lineno == 1 and source and source.startswith("\ufeff"):
        col -= 1  # a byte order mark, which editors do not show, is no column
    return error(
        display(exc.filename, root),
        exc.lineno,
        col,
        f"template syntax error: {message}",
        "check the {% %} and {{ }} tags on this line",
    )


_LINE_END = re.compile(r"\r\n?|\n")
_OFFSET = re.compile(r"^unexpected char .* at (\d+)$")
# what a message names, and how a template writes it: the name is the group
_WRITTEN = (
    (re.compile(r"^No filter named '([^']+)'"), r"\|\s*({})\b"),
    (re.compile(r"^No test named '([^']+)'"), r"\bis\s+(?:not\s+)?({})\b"),
    (re.compile(r"^Encountered unknown tag '([^']+)'"), r"\{{%[-+]?\s*({})\b"),
    (re.compile(r"has no attribute '([^']+)'$"), r"\.\s*({})\b|\[\s*['\"]({})['\"]\s*\]"),
    (re.compile(r"^'([^']+)' is undefined$"), r"(?<![.\w])({})\b"),
    (re.compile(r"^unexpected '([^']+)'$"), r"({})"),
)


def column(lines: list[str], message: str) -> int | None:
    """The column on a template's line of what a message names, when it is written there
    once (a name written twice could be either)."""
    for named, written in _WRITTEN:
        found = named.search(message)
        if found is None:
            continue
        name = re.escape(found[1])
        places = list(re.finditer(written.format(name, name), lines[0] if lines else ""))
        if len(places) != 1:
            return None
        place = places[0]
        return next(place.start(n) for n in range(1, len(place.groups()) + 1) if place[n]) + 1
    return None


def _text(filename: str | None) -> str | None:
    """A template file's text, if it can be read."""
    try:
        return Path(filename).read_text("utf-8") if filename else None
    except (OSError, UnicodeDecodeError):
        return None


_DAY_AND_TIME = "can't compare datetime.datetime to datetime.date"


def runtime(exc: Exception, source_path: str, root: Path) -> Diagnostic:
    """An error raised while rendering a page, at the template line it came from."""
    where, line, col = "templates", None, None
    frames = [
        frame
        for frame in traceback.extract_tb(exc.__traceback__)
        if frame.filename.endswith((".html", ".xml"))
    ]
    if frames:
        where, line = display(frames[-1].filename, root), frames[-1].lineno
    if isinstance(exc, jinja2.TemplateNotFound):
        message = (
            f"template '{exc.name}' not found: a template can include only files "
            "inside templates/ or the theme"
        )
    elif isinstance(exc, jinja2.TemplateError):
        message = _OURS.sub(_named, str(exc))
    else:
        message = f"{type(exc).__name__}: {exc}"
    called = _called_from_own(frames, root)
    if called is not None:  # the hub's line that called the theme's macro is the one to fix
        macro, own, own_line = called
        message = (
            f"the theme's macro {macro} expects a date, got {exc.got}"
            if isinstance(exc, NotADate)
            else f"in the theme's macro {macro} ({where}:{line}): {message}"
        )
        where, line = own, own_line
    elif frames and line is not None:
        text = linecache.getline(frames[-1].filename, line)  # not stripped, as the frame's is
        col = column([text.rstrip("\n")], message.removeprefix("template syntax error: "))
    hint = f"while rendering {source_path}"
    if isinstance(exc, jinja2.UndefinedError) and str(exc) in _OUT_OF_CONTEXT:
        # every page template has both: this is a macro of a partial, which has neither
        hint += (
            "; a macro in a partial sees only its arguments and the globals: pass it what "
            "it needs, or import the partial 'with context'"
        )
    elif isinstance(exc, jinja2.UndefinedError):
        hint += "; the variables templates can use are listed in the README"
    elif isinstance(exc, TypeError) and str(exc) == _DAY_AND_TIME:
        hint += (
            "; a date with a time of day and a day alone cannot be compared: sort pages by "
            'date_utc instead, e.g. sort(attribute="date_utc")'
        )
    elif isinstance(exc, NotADate) and exc.text:
        hint += (
            "; in front matter, write a date as YYYY-MM-DD with no quotes, "
            "which YAML reads as a date"
        )
    return error(where, line, col, message, hint)


def recursion(exc: RecursionError, source_path: str, root: Path) -> Diagnostic:
    """Templates that include or call themselves without end, at the line where rendering
    entered the loop, with the loop's lines; told once, however many pages use it."""
    lines = [
        (display(frame.filename, root), frame.lineno)
        for frame in traceback.extract_tb(exc.__traceback__)
        if frame.filename.endswith((".html", ".xml"))
    ]
    if not lines:
        return error(source_path, None, None, "template recursion without end", _RECURSION_HINT)
    # the innermost line came round before: what lies between is one turn of the loop, told
    # from where the page's rendering entered it (the innermost line is wherever Python's
    # limit happened to fall)
    innermost = lines[-1]
    earlier = [n for n, line in enumerate(lines[:-1]) if line == innermost]
    period = len(lines) - 1 - earlier[-1] if earlier else 1
    loop = set(lines[-period:])
    entry = next(n for n, line in enumerate(lines) if line in loop)
    turn = lines[entry : entry + period]
    chain = " -> ".join(f"{name}:{line}" for name, line in [*turn, turn[0]])
    message = f"template recursion without end: {chain}"
    return error(*turn[0], None, message, _RECURSION_HINT)


_RECURSION_HINT = (
    "a template that includes itself, or a macro that calls itself, must stop: put that line "
    "under an {% if %} that ends it, or name another template"
)


def _called_from_own(
    frames: list[traceback.FrameSummary], root: Path
) -> tuple[str, str, int | None] | None:
    """The theme's macro a hub's template called, and the hub's line that called it."""
    theme = outlines.THEME_TEMPLATES
    inner = len(frames)
    # "template" is what Jinja names the frame of a macro's body
    while inner and frames[inner - 1].name == "template":
        if not Path(frames[inner - 1].filename).is_relative_to(theme):
            break
        inner -= 1
    if inner in (0, len(frames)) or Path(frames[inner - 1].filename).is_relative_to(theme):
        return None
    called = frames[inner]  # inside the macro the hub's line called
    item = outlines.theme(Path(called.filename).relative_to(theme).as_posix())
    macro = item.macro_at(called.lineno or 0) if item else None
    if macro is None:
        return None
    return macro, display(frames[inner - 1].filename, root), frames[inner - 1].lineno
