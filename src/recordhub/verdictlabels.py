"""Verdict labels in a hub's strings files that no page shows: the default language's, which
site.yml's `verdicts:` gives, and those of verdicts the hub does not have."""

from __future__ import annotations

import difflib

from recordhub.config import SiteConfig
from recordhub.diagnostics import Diagnostic, warning
from recordhub.yamldoc import Positions


def unshown(
    config: SiteConfig, shown: str, texts: dict[str, str], positions: Positions
) -> list[Diagnostic]:
    """A warning at each verdict_* string of the default language's strings file (shown) that
    site.yml's own label for that verdict takes the place of."""
    settings = config.settings
    if "verdicts" not in settings.model_fields_set:
        return []  # the theme's labels are English: the strings give every language's own
    found: list[Diagnostic] = []
    for verdict, label in settings.verdicts.items():
        key = f"verdict_{verdict}"
        if texts.get(key, label) == label:
            continue  # the same word twice says nothing a reader would miss
        message = (
            f"'{key}' is not shown: site.yml's verdicts gives the {config.default_language} "
            f"label of '{verdict}', \"{label}\""
        )
        hint = (
            f"change the label of '{verdict}' in site.yml's verdicts, and remove {key} from "
            f"{shown}: strings files give the other languages' labels"
        )
        found.append(warning(shown, *positions.key((key,)), message, hint))
    return found


def unheld(config: SiteConfig, texts: dict[str, str], used: frozenset[str]) -> list[str]:
    """The verdict_* keys of a strings file for verdicts the hub does not have, which no claim
    can show; used: the keys the hub's own templates ask for."""
    verdicts = config.settings.verdicts
    return [
        key
        for key in texts
        if key.startswith("verdict_")
        and key.removeprefix("verdict_") not in verdicts
        and key not in used
    ]


def unheld_told(
    config: SiteConfig, shown: str, keys: list[str], positions: Positions
) -> list[Diagnostic]:
    """A warning at each of these keys of a strings file (shown): see unheld."""
    settings = config.settings
    found: list[Diagnostic] = []
    for key in keys:
        verdict = key.removeprefix("verdict_")
        if "verdicts" in settings.model_fields_set:
            message = f"'{key}' is never shown: site.yml's verdicts has no '{verdict}'"
            hint = f"add {verdict} to verdicts in site.yml, or remove {key}"
        else:
            theirs = list(settings.verdicts)
            message = (
                f"'{key}' is never shown: there is no verdict '{verdict}' (the theme's are "
                f"{', '.join(theirs[:-1])} and {theirs[-1]})"
            )
            hint = f"add verdicts to site.yml, {verdict} among them, or remove {key}"
        meant = difflib.get_close_matches(verdict, settings.verdicts, n=1)
        if meant:
            hint = f"did you mean verdict_{meant[0]}? Else {hint}"
        found.append(warning(shown, *positions.key((key,)), message, hint))
    return found


def relabelled(
    lang: str,
    verdict: str,
    label: str,
    english: dict[str, str],
    table: dict[str, str],
    theirs: bool,
) -> Diagnostic | None:
    """The warning for a language that shows the theme's word for a verdict (theirs: not the
    hub's own), which translates the theme's English label, where site.yml's verdicts give it
    another; english and table: the theme's English strings, and lang's."""
    key = f"verdict_{verdict}"
    shown, meant = table.get(key), english.get(key)
    if not (theirs and shown and meant) or meant == label:
        return None
    message = (
        f"the {lang} label of the verdict '{verdict}' is the theme's '{shown}', which says "
        f"'{meant}', but site.yml's verdicts call it '{label}'"
    )
    return warning(
        f"strings/{lang}.yml", None, None, message, f"add {key}: ... to strings/{lang}.yml"
    )
