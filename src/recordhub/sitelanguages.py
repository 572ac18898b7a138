"""site.yml's languages: each listed once, as a code and a name, the default among them, and
every text given per language given in one of them."""

from __future__ import annotations

from typing import Any

from recordhub.diagnostics import Diagnostic, error, warning
from recordhub.suggestions import suggest
from recordhub.yamldoc import Path as KeyPath
from recordhub.yamldoc import Positions

_FILE = "site.yml"  # config.CONFIG_FILE, which imports this module


def check(data: dict[str, Any], positions: Positions) -> list[Diagnostic]:
    """Every problem of the languages, and of the texts given per language."""
    languages = data.get("languages")
    # as meant when written in another shape ([en, es], or {en: English}): that is told once,
    # not again at each text given per language and at `language:`
    items = list(languages) if isinstance(languages, list | dict) else [{"code": "en"}]
    codes = [str(item.get("code") if isinstance(item, dict) else item) for item in items]
    return [*_languages(data, positions, codes), *_language_keys(data, positions, codes)]


def _languages(data: dict[str, Any], positions: Positions, codes: list[str]) -> list[Diagnostic]:
    """The languages are listed, each once, and the default language is one of them."""
    found: list[Diagnostic] = []
    languages = data.get("languages")
    if languages == []:
        line, col = positions.value(("languages",))
        hint = "list at least one, as `- {code: en, name: English}`, or remove `languages:`"
        found.append(error(_FILE, line, col, "'languages' is empty", hint))
    for index, item in enumerate(languages if isinstance(languages, list) else []):
        if isinstance(item, str):  # `languages: [en, es]`
            message = f"language '{item}' is given by its code alone, without its name"
            hint = f"write each language as {{code, name}}: - {{code: {item}, name: ...}}"
            found.append(error(_FILE, *positions.value(("languages", index)), message, hint))
    if isinstance(languages, dict) and languages:  # `languages: {en: English}`
        code, name = next(iter(languages.items()))
        hint = f"write one line per language, each as - {{code: {code}, name: {name}}}"
        message = "'languages' must be a list, not a mapping"
        found.append(error(_FILE, *positions.value(("languages",)), message, hint))
    default = data.get("language")
    # tags ignore case (RFC 5646): language: EN is the listed en; not text, the types say so
    same = [code for code in codes if isinstance(default, str) and code.lower() == default.lower()]
    if same:
        data["language"] = same[0]
    elif isinstance(default, str):
        line, col = positions.value(("language",))
        # language: pt_br for pt-BR: site.yml would take no pt_br as a language to add
        guess, listed = suggest(default, codes), _listed(codes)
        hint = f"add it to languages or use one of: {listed}"
        if guess:
            hint = f"did you mean '{guess}'? The hub's languages are: {listed}"
        found.append(error(_FILE, line, col, f"language '{default}' is not in languages", hint))
    for index, code in enumerate(codes):
        # language tags ignore case (RFC 5646): pt-br is pt-BR, and both would write pt-BR/
        # on a disk that ignores case too
        same = [earlier for earlier in codes[:index] if earlier.lower() == code.lower()]
        if same:
            line, col = positions.value(("languages", index, "code"))
            message = (
                f"language '{code}' is listed twice"
                if code in same
                else f"language '{code}' is listed twice: it is '{same[0]}', as tags ignore case"
            )
            found.append(error(_FILE, line, col, message, "remove the duplicate entry"))
    return found


def warnings(data: dict[str, Any], positions: Positions) -> list[Diagnostic]:
    """What of the languages, and of the texts given per language, is doubtful but works: a
    two-letter code that names no language (jp, the country code of Japan, for ja), and a
    language a text given per language leaves out."""
    from babel import Locale, UnknownLocaleError, languages

    found = _left_out(data, positions)
    known = Locale("en")
    listed = data.get("languages")
    for index, item in enumerate(listed if isinstance(listed, list) else []):
        code = str(item.get("code")) if isinstance(item, dict) else ""
        # ISO 639-1, which CLDR knows whole; rarer three-letter languages have no locale data
        primary = code.split("-", 1)[0]
        if len(primary) != 2 or not primary.isalpha() or primary.lower() in known.languages:
            continue
        try:
            Locale.parse(primary.lower())  # an old code that Babel reads (iw, now he)
            continue
        except (UnknownLocaleError, ValueError):
            pass
        spoken = languages.get_official_languages(primary.upper())
        country = known.territories.get(primary.upper())
        hint = "write the language's code (ISO 639-1), e.g. en, es, ar, pt-BR"
        if spoken and country:
            mean, name = spoken[0].replace("_", "-"), known.languages.get(spoken[0], spoken[0])
            hint = f"'{primary}' is the country code of {country}; {name} is {mean}: "
            hint += f"write code: {mean}"
        found.append(
            warning(
                _FILE,
                *positions.value(("languages", index, "code")),
                f"'{code}' is not a language code: its pages are dated in English, and browsers, "
                "screen readers and search engines do not read them as any language",
                hint,
            )
        )
    return found


def _listed(codes: list[str]) -> str:
    """The languages' codes for a hint: each once, without the entry that has none."""
    return ", ".join(dict.fromkeys(code for code in codes if code != "None"))


def _language_keys(
    data: dict[str, Any], positions: Positions, codes: list[str]
) -> list[Diagnostic]:
    """A text given per language names languages of the hub: another one would never show."""
    places: list[tuple[KeyPath, object, str]] = [
        ((key,), data.get(key), "a text") for key in ("title", "description", "copyright")
    ]
    for key in ("menu", "footer_menu"):
        entries = data.get(key)
        for index, entry in enumerate(entries if isinstance(entries, list) else []):
            if isinstance(entry, dict):
                places.append(((key, index, "title"), entry.get("title"), "a title"))
    found: list[Diagnostic] = []
    for path, value, what in places:
        for code in value if isinstance(value, dict) else {}:
            if str(code) in codes:
                continue
            guess = suggest(str(code), codes)
            listed = _listed(codes)
            hint = f"use one of the hub's languages ({listed}), or add '{code}' to languages"
            if guess:
                hint = f"did you mean '{guess}'? The hub's languages are: {listed}"
            name = ".".join(str(p) if isinstance(p, str) else f"[{p}]" for p in path)
            name = name.replace(".[", "[")
            message = f"{name} has {what} for '{code}', which is not a language of the hub"
            found.append(error(_FILE, *positions.key((*path, code)), message, hint))
    return found


def _left_out(data: dict[str, Any], positions: Positions) -> list[Diagnostic]:
    """A warning for each language a text given per language leaves out (menu titles are told
    once the pages are known, for the languages whose menu shows them)."""
    languages = data.get("languages")
    items = languages if isinstance(languages, list) else [{"code": "en"}]
    codes = [str(item["code"]) for item in items if isinstance(item, dict) and item.get("code")]
    if not codes:
        return []  # told as such
    default = data.get("language") if isinstance(data.get("language"), str) else codes[0]
    found: list[Diagnostic] = []
    for key in ("title", "description", "copyright"):
        texts = data.get(key)
        # a text for a language the hub lacks is an error, and most often this one misspelt
        if not isinstance(texts, dict) or not texts or any(str(c) not in codes for c in texts):
            continue
        shown = default if texts.get(default) else next(iter(texts))
        for code in (code for code in codes if not texts.get(code)):
            message = f"{key} has no '{code}' text; the {shown} text is shown"
            found.append(
                warning(_FILE, *positions.value((key,)), message, f"add {code}: ... to {key}")
            )
    return found
