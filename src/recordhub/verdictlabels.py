"""The default language's verdict labels: site.yml's `verdicts:` gives them, not strings files."""

from __future__ import annotations

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
