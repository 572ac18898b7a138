"""Files named like a translation (about.fr.md) into a language site.yml does not declare."""

from __future__ import annotations

import re

from recordhub import suffixlanguages
from recordhub.config import SiteConfig
from recordhub.diagnostics import Diagnostic, error

_LANGUAGE_SUFFIX = re.compile(r"\.([a-zA-Z]{2,3}(?:-[a-zA-Z0-9]{2,8})*)\.md$")
_UNDERSCORED = re.compile(r"\.([a-zA-Z]{2,3}(?:_[a-zA-Z0-9]{2,8})+)\.md$")  # about.pt_br.md


def undeclared(rel_keys: list[tuple[str, str]], config: SiteConfig) -> list[Diagnostic]:
    """Files named like a translation (about.fr.md) in a language site.yml does not declare.

    rel_keys holds (shown path, path without a declared language suffix) for every page.
    """
    codes = [language.code for language in config.settings.languages]
    keys = {key for _, key in rel_keys}
    found: list[Diagnostic] = []
    for shown, key in rel_keys:
        match = _LANGUAGE_SUFFIX.search(key) or _UNDERSCORED.search(key)
        if not match or match[1] in codes:
            continue
        tag = match[1].replace("_", "-").lower()
        same = [code for code in codes if code.lower() == tag]
        if "_" in match[1] and not same:  # es_ES, or a name such as report.de_facto.md
            found += suffixlanguages.regional(shown, match[1], codes)
            continue
        if same:  # a language of site.yml, spelt otherwise (pt-br, pt_br for pt-BR)
            message = f"translation into '{match[1]}', which site.yml writes '{same[0]}'"
            fixed = f"rename the file {shown.removesuffix(match[0])}.{same[0]}.md"
            found.append(error(shown, None, None, message, fixed))
        elif (original := key[: match.start()] + ".md" in keys) or suffixlanguages.a_language(
            match[1]
        ):
            # privacy-notice.eu.md, with no privacy-notice.md: eu may be the EU, not Basque
            named = f"{shown.removesuffix(match[0])}-{match[1]}.md"
            rename = "rename the file" if original else f"if it is no language, rename it {named}"
            found.append(
                error(
                    shown,
                    None,
                    None,
                    f"translation into '{match[1]}', a language site.yml does not declare",
                    f"add {{code: {match[1]}, name: ...}}"
                    f" to languages in site.yml (declared: {', '.join(codes)}), or {rename}",
                )
            )
    return found
