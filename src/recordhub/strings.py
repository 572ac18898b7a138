"""The words the theme itself shows, per language, falling back to the default language."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from recordhub import (
    blankstrings,
    frontmatter,
    nestedstrings,
    placeholders,
    straystrings,
    verdictlabels,
    yamldoc,
)
from recordhub.config import SiteConfig
from recordhub.diagnostics import Diagnostic, DiagnosticError, error, warning
from recordhub.validation import describe

if TYPE_CHECKING:
    from babel import Locale

THEME_DIR = Path(__file__).parent / "theme"
Label = Callable[[str, str], str | None]  # a theme string by language and key


def _read(path: Path) -> dict[str, str]:
    """One of the theme's own strings files."""
    try:
        stat = path.stat()
    except OSError:
        return {}
    return dict(_parsed(path, stat.st_mtime_ns, stat.st_size))


# read once per version of the file: the preview asks again after every save
@functools.lru_cache(maxsize=16)
def _parsed(path: Path, mtime: int, size: int) -> dict[str, str]:
    data = yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader) or {}
    return _texts(data) if isinstance(data, dict) else {}


def _texts(data: dict[Any, Any]) -> dict[str, str]:
    # an empty value is a missing one: it falls back, with a warning, rather than show "None"
    return {str(key): str(value) for key, value in data.items() if value not in (None, "")}


def _read_own(
    path: Path, shown: str, problems: list[Diagnostic]
) -> tuple[dict[str, str], yamldoc.Positions]:
    """A hub's strings file and where its keys are; what is wrong with it goes to problems."""
    positions = yamldoc.Positions()
    if not path.is_file():
        return {}, positions
    try:
        text = frontmatter.decode(path.read_bytes(), shown)
        data, positions = yamldoc.load(text, shown, lenient=True)  # a key twice: told with the rest
    except DiagnosticError as exc:
        problems += exc.diagnostics
        return {}, positions
    problems += positions.twice
    if data is None:
        return {}, positions
    if not isinstance(data, dict):
        hint = "write one `key: text` line per string, as in the theme's strings/en.yml"
        problems.append(error(shown, 1, 1, f"{shown} must be a mapping of keys to texts", hint))
        return {}, positions
    if any(not isinstance(key, str) for key in data):  # `yes:` is True, `2:` a number
        for (raw,) in [at for at in positions.keys if len(at) == 1 and at[0] not in data]:
            try:
                read = describe(yaml.safe_load(str(raw)))
            except yaml.YAMLError:
                read = "something else than text"
            message = f"the key `{raw}` must be text, but YAML read it as {read}"
            hint = f'put the key in quotes: "{raw}": ...'
            problems.append(error(shown, *positions.keys[(raw,)], message, hint))
        data = {key: value for key, value in data.items() if isinstance(key, str)}
    for key, value in list(data.items()):
        if isinstance(value, list | dict):
            problems.append(nestedstrings.not_text(shown, key, value, positions))
            del data[key]
        elif isinstance(value, bool | int | float):
            # shown as YAML read it: `No` would be "False", `1.50` "1.5"
            line, col = positions.value((key,))
            written = positions.raw.get((key,), str(value))
            message = f"the string '{key}' must be text, but YAML read `{written}` as "
            hint = f'put the value in quotes: {key}: "{written}"'
            problems.append(error(shown, line, col, message + describe(value), hint))
            del data[key]
    return _texts(data), positions


class Strings:
    """Theme strings from theme/strings/<code>.yml, overridden by the hub's strings/<code>.yml."""

    def __init__(self, config: SiteConfig, used: frozenset[str] = frozenset()) -> None:
        self.default = config.default_language
        self.english = _read(THEME_DIR / "strings" / "en.yml")
        self.known = set(self.english) | used  # used: the keys the hub's own templates ask for
        self.known |= {f"verdict_{key}" for key in config.settings.verdicts}
        self.tables: dict[str, dict[str, str]] = {}
        self.problems: list[Diagnostic] = []
        self._missing: set[tuple[str, str]] = set()
        self.fallbacks: set[tuple[str, str]] = set()  # every (lang, key) shown in another
        self.built_in = {path.stem for path in (THEME_DIR / "strings").glob("*.yml")}
        codes = [language.code for language in config.settings.languages]
        shared = _regions_share(codes)  # es.yml, where only es-MX and es-ES are declared
        own: dict[str, dict[str, str]] = {}
        self.files: dict[str, dict[str, str]] = {}  # the hub's own strings, by file
        self.unset: dict[str, list[str]] = {}  # the keys each leaves empty or null
        blanks: dict[str, tuple[str, yamldoc.Positions]] = {}
        for code in [*codes, *shared]:
            shown = f"strings/{code}.yml"
            overrides, positions = _read_own(config.root / shown, shown, self.problems)
            self.files[shown] = overrides
            unheld = verdictlabels.unheld(config, overrides, used)  # told as such
            self.unset[shown] = blankstrings.unset(positions, overrides)
            written = {*overrides, *self.unset[shown]}  # `homee:` too
            for key in sorted(written - self.known - set(unheld)):
                meant = self.known - set(overrides)  # not a key the file gives already
                self.problems.append(straystrings.unused(shown, positions, key, config, meant))
            self.problems += verdictlabels.unheld_told(config, shown, unheld, positions)
            self.problems += placeholders.unfilled(shown, overrides, positions, self.english)
            if code == self.default:
                self.problems += verdictlabels.unshown(config, shown, overrides, positions)
            own[code.lower()] = overrides
            blanks[code] = shown, positions
        for code in codes:
            # es-MX reads as es where it says nothing of its own, as BCP 47 lookup does:
            # the theme's es, the hub's es, then the theme's and the hub's es-MX
            table: dict[str, str] = {}
            for prefix in _general_first(code):
                table.update(_read(THEME_DIR / "strings" / f"{prefix}.yml"))
                table.update(own.get(prefix, {}))
            self.tables[code] = table
        self.own = own  # the hub's own strings, by language in lower case
        for code in codes:  # not es.yml of es-MX and es-ES: each region shows its own text
            shown, positions = blanks[code]
            for key in blankstrings.blank(positions, self.known, self.files[shown]):
                default = self.tables[self.default].get(key) or self.english.get(key)
                instead = self.tables[code].get(key) or default
                if instead is not None:  # else a template's error, as for a key never given
                    self._missing.add((code, key))  # told here, at its line
                    self.problems.append(blankstrings.told(shown, positions, key, instead))
        self.problems += straystrings.unread(config.root / "strings", {*self.tables, *shared})

    def get(self, lang: str, key: str) -> str | None:
        """A string in lang, else in the default language (reported once), else None."""
        table = self.tables.get(lang, {})
        if key in table:
            return table[key]
        own = self.tables.get(self.default, {}).get(key)
        fallback = own or self.english.get(key)
        # the default language falls back to the theme's English, unless the theme speaks it
        if fallback is None or (lang == self.default and self.speaks(lang)):
            return fallback
        self.fallbacks.add((lang, key))
        declared = lang in self.tables  # a page in another language is an error of its own
        if declared and (lang, key) not in self._missing:
            self._missing.add((lang, key))
            shown = f"the {self.default} text" if own else "the theme's English text"
            self.problems.append(
                warning(
                    f"strings/{lang}.yml",
                    None,
                    None,
                    f"no '{lang}' text for the theme string '{key}'; {shown} is shown",
                    f"add {key}: ... to strings/{lang}.yml",
                )
            )
        return fallback

    def unknown(self, key: str) -> str:
        """What is wrong with a key that no text in the page's language, nor in the default
        language, gives."""
        given = [shown for shown, texts in self.files.items() if key in texts]
        if not given:
            return blankstrings.unknown(key, [s for s, keys in self.unset.items() if key in keys])
        return (
            f"the string '{key}' has no text in {self.default}, the default language, but only "
            f"in {' and '.join(given)}: add {key}: ... to strings/{self.default}.yml, whose "
            "words the other languages fall back to"
        )

    def verdict_in(self, lang: str, verdict: str, label: str) -> str | None:
        """A verdict's label in lang, not the default language (see verdictlabels.relabelled)."""
        key, table = f"verdict_{verdict}", self.tables.get(lang, {})
        theirs = not any(key in self.own.get(prefix, {}) for prefix in _general_first(lang))
        told = verdictlabels.relabelled(lang, verdict, label, self.english, table, theirs)
        if told is not None and (lang, key) not in self._missing:
            self._missing.add((lang, key))
            self.problems.append(told)
        return table.get(key)

    def speaks(self, lang: str) -> bool:
        """True when the theme has strings of its own for lang, or for the language it is a
        variant of (es for es-MX)."""
        return any(prefix in self.built_in for prefix in _general_first(lang))

    def untranslated(self, lang: str, key: str, shown: str) -> None:
        """Warn, once, that a declared language has no text for key, and what is shown."""
        if lang not in self.tables or (lang, key) in self._missing:
            return
        self._missing.add((lang, key))
        message = f"no '{lang}' text for '{key}'; {shown} is shown"
        hint = f"add {key}: ... to strings/{lang}.yml"
        self.problems.append(warning(f"strings/{lang}.yml", None, None, message, hint))


def _general_first(code: str) -> list[str]:
    """A language tag and the tags it narrows, most general first, in lower case: es-MX
    gives es, es-mx. Never across a script (as CLDR's parents): zh-Hant-TW gives zh-hant,
    zh-hant-tw, and not zh, which is written in Simplified characters."""
    parts = code.lower().split("-")
    first = 2 if _script(code) else 1
    return ["-".join(parts[:n]) for n in range(first, len(parts) + 1)]


def _regions_share(codes: list[str]) -> list[str]:
    """The languages of which only regions are declared, as their strings files are named: es
    for es-MX and es-ES, zh-Hant for zh-Hant-TW; their words are what the regions say alike."""
    declared = {code.lower() for code in codes}
    named = {"-".join(c.split("-")[: p.count("-") + 1]) for c in codes for p in _general_first(c)}
    return sorted(name for name in named if name.lower() not in declared)


# scripts written right to left (ISO 15924): a tag that names its script says it all
_RTL_SCRIPTS = frozenset(
    {"adlm", "arab", "hebr", "mand", "mend", "nkoo", "rohg", "samr", "syrc", "thaa", "yezi"}
)


@functools.cache
def direction_of(code: str) -> str:
    """rtl for a language written right to left (ar, he, fa, ur, ckb...), as Babel's locale
    data has it, or whose tag names a script written so (pa-Arab); else ltr, also for a tag
    Babel does not know (ar-Latn is ltr)."""
    script = _script(code)
    if script:
        return "rtl" if script in _RTL_SCRIPTS else "ltr"
    locale = _locale(code)
    return "rtl" if locale and locale.character_order == "right-to-left" else "ltr"


@functools.cache
def _locale(code: str) -> Locale | None:
    """Babel's locale for a language tag, else for the tag it narrows, as BCP 47 lookup does:
    Babel has no ar-GB, whose dates and direction are Arabic's; None for one it does not know."""
    from babel import Locale, UnknownLocaleError

    parts = code.split("-")
    for end in range(len(parts), 0, -1):
        try:
            return Locale.parse("_".join(parts[:end]))
        except (UnknownLocaleError, ValueError, TypeError):
            continue
    return None


def _script(code: str) -> str:
    """The script subtag of a language tag, in lower case (zh-Hant-TW: hant), or ""."""
    parts = code.lower().split("-")
    return parts[1] if len(parts) > 1 and len(parts[1]) == 4 and parts[1].isalpha() else ""


@functools.lru_cache(maxsize=4096)  # a hub shows few distinct dates, each on many pages
def format_date(day: dt.date | None, lang: str) -> str:
    """A date as readers of lang expect it (Babel's long format): 28 November 2026."""
    if day is None:
        return ""
    from babel.dates import format_date as babel_format

    return str(babel_format(day, format="long", locale=_locale(lang) or "en"))


@functools.lru_cache(maxsize=1024)  # a hub has few embargoes, each listed on many pages
def format_moment(moment: dt.date | None, lang: str) -> str:
    """A time as readers of lang expect it, with its date and zone: November 28, 2026,
    9:00 AM UTC (Babel's long date and short time, in the zone it was written in)."""
    if not isinstance(moment, dt.datetime):
        return format_date(moment, lang)
    from babel import Locale
    from babel.dates import format_time, get_datetime_format

    locale = _locale(lang) or Locale.parse("en")
    clock = format_time(
        moment, locale.time_formats["short"].pattern + " z", tzinfo=moment.tzinfo, locale=locale
    )
    day = format_date(moment.date(), str(locale))
    # Babel joins the two so, quotes and all ("{1} 'at' {0}" in some locales)
    joined = str(get_datetime_format("long", locale=locale)).replace("'", "")
    return joined.replace("{0}", clock).replace("{1}", day)
