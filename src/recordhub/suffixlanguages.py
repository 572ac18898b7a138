"""Whether the suffix of a page's file name (about.fr.md, about.es_ES.md) names a language."""

from __future__ import annotations

from recordhub.diagnostics import Diagnostic, error
from recordhub.urls import cased_tag


def a_language(code: str) -> bool:
    """Whether a name's suffix (orphan.fr.md) is a language, though no orphan.md is beside it:
    two letters, as hubs name theirs, and not any three-letter word a code list may hold."""
    from babel import localedata  # asked only of a file named like a translation

    primary = code.split("-", 1)[0].lower()
    return len(primary) == 2 and localedata.exists(primary)


def regional(shown: str, suffix: str, codes: list[str]) -> list[Diagnostic]:
    """An error for a file named with an underscore for a region of a declared language
    (about.es_ES.md, as gettext and Rails name a locale), which would otherwise be a page of
    the default language; none for a name such as report.de_facto.md."""
    primary, _, rest = suffix.partition("_")
    language = next((code for code in codes if code.lower() == primary.lower()), None)
    # a region (ES, 419) or a script (Hant), as BCP 47 has them
    if not all(_subtag(part) for part in rest.split("_")):
        return []
    tag, base = cased_tag(suffix.replace("_", "-")), shown.removesuffix(f".{suffix}.md")
    add = f"add {{code: {tag}, name: ...}} to languages in site.yml"
    if language is not None:
        message = f"translation into '{suffix}', a region of {language} that site.yml does not "
        hint = f"rename the file {base}.{language}.md, or {add}"
    elif a_language(primary):
        message = f"translation into '{suffix}', a language that site.yml does not "
        hint = f"{add} (declared: {', '.join(codes)}), or rename the file"
    else:
        return []
    return [error(shown, None, None, message + "declare", hint)]


def _subtag(part: str) -> bool:
    """Whether part is a region (two letters, three digits) or a script (four letters)."""
    return (len(part) in (2, 4) and part.isascii() and part.isalpha()) or (
        len(part) == 3 and part.isdigit()
    )
