"""site.yml's Markdown extensions: each must load, and each of its settings must work."""

from __future__ import annotations

from importlib.metadata import entry_points
from typing import Any

import markdown as md

from recordhub import extensionnames
from recordhub.config import CONFIG_FILE, MarkdownSettings
from recordhub.diagnostics import Diagnostic, error
from recordhub.markdown import Converter
from recordhub.suggestions import suggest
from recordhub.validation import describe
from recordhub.yamldoc import Positions

# what Python-Markdown raises for a name or a setting it cannot use; an extension's own code
# may raise anything else while it is imported or set up, and the settings name it all the same
_NAMING_ERRORS = (ImportError, AttributeError, TypeError, KeyError, ValueError)

# a page with something for each of Python-Markdown's own extensions to work on, so that a
# setting of the wrong kind fails here, where it can be pinned to its line, and not on a page
_SAMPLE = """\
{marker}

# A heading *with emphasis* {{: #custom-id }}

## A heading with a note[^1]

Text with `code`, **bold**, "quotes" -- and... a [link](https://example.com),
<https://example.com>, &amp;, an ABBR and a [[Wiki Link]].
Two spaces end this line.\x20\x20
Then a [reference][ref] and ![an image](image.png).

*[ABBR]: An abbreviation
[ref]: https://example.com "Title"

| a | b |
|---|---|
| 1 | 2 |

```python
print("x")
```

    indented code

!!! note "A title"
    Admonition text.

Term
:   Definition

<div markdown="1">*inside*</div>

1. one
2. two

- item

> quote

[^1]: The note, with a [link](https://example.com).
"""


def extension_problems(settings: MarkdownSettings, positions: Positions) -> list[Diagnostic]:
    """Every Markdown extension must load, and convert a sample page with its settings."""
    found = extensionnames.unlisted(settings, positions) + _load_problems(settings, positions)
    if found or not settings.extension_configs:  # without settings, every extension works
        return found
    names = dict.fromkeys(settings.extensions)  # one listed twice is loaded, and told of, once
    found = [d for name in names for d in _kind_problems(settings, name, positions)]
    if found or _fails(settings) is None:
        return found
    for name in names:  # one setting at a time, to point at each that fails
        for key, value in settings.extension_configs.get(name, {}).items():
            alone = MarkdownSettings(extensions=(name,), extension_configs={name: {key: value}})
            failure = _fails(alone)
            if failure is not None:
                found.append(_wrong(settings, name, key, positions, failure))
    if found:
        return found
    # each setting works alone, but not with the others: those of one extension, if they fail
    # without the rest, else all of them
    at: tuple[str, ...] = ("markdown", "extension_configs")
    failure = _fails(settings)
    for name in settings.extensions:
        own = {name: settings.extension_configs.get(name, {})}
        failed = _fails(MarkdownSettings(extensions=(name,), extension_configs=own))
        if failed is not None:
            at, failure = (*at, name), failed
            break
    message = f"these Markdown settings fail together: {failure}"
    hint = "remove the setting added last, or check the settings they share"
    return [error(CONFIG_FILE, *positions.value(at), message, hint)]


def _fails(settings: MarkdownSettings) -> str | None:
    """Why converting the sample page fails with these settings, or None when it works."""
    toc = settings.extension_configs.get("toc", {}).get("marker", "[TOC]")
    sample = _SAMPLE.format(marker=toc if isinstance(toc, str) else "[TOC]")
    try:
        Converter(settings).render(sample)
    except Exception as exc:  # any error of an extension's code: the settings are at fault
        return f"{type(exc).__name__}: {exc}"
    return None


def _defaults(name: str) -> tuple[dict[str, Any], dict[str, str]]:
    """An extension's settings with their default values, and its description of each."""
    extension = md.Markdown().build_extension(name, {})
    return extension.getConfigs(), dict(extension.getConfigInfo())


def _kind(default: object) -> str | None:
    """The kind of value a setting with this default takes, in words; None when unknown."""
    if default is None or isinstance(default, bool):
        return None  # Python-Markdown reads these as true/false, and says so when it cannot
    if callable(default):
        return "a Python function, which site.yml cannot give"
    return describe(default)


def _mismatch(default: object, value: object) -> bool:
    """True when a value cannot be of the kind a setting with this default takes."""
    if _kind(default) is None:
        return False
    if callable(default):
        return not callable(value)
    scalar = (str, int, float)
    # a number for a text setting, or a text for a number, may work: the sample page says
    if isinstance(default, scalar) and isinstance(value, scalar):
        return False
    return describe(value) != describe(default)


def _kind_problems(settings: MarkdownSettings, name: str, positions: Positions) -> list[Diagnostic]:
    """Settings whose value cannot be of the kind their default is: a list for a text."""
    given = settings.extension_configs.get(name, {})
    if not given:
        return []
    defaults, _ = _defaults(name)
    return [
        _wrong(settings, name, key, positions, None)
        for key, value in given.items()
        if _mismatch(defaults.get(key), value)
    ]


def _wrong(
    settings: MarkdownSettings, name: str, key: str, positions: Positions, failure: str | None
) -> Diagnostic:
    """A setting of an extension that does not work, at its value."""
    value = settings.extension_configs[name][key]
    defaults, descriptions = _defaults(name)
    default = defaults.get(key)
    setting = f"markdown.extension_configs.{name}.{key}"
    if callable(default):
        message = f"{setting} takes {_kind(default)}"
        return error(CONFIG_FILE, *_at(name, key, positions), message, "remove the setting")
    if _kind(default) is not None and describe(value) != describe(default):
        message = f"{setting} takes {_kind(default)}, not {describe(value)}"
    else:
        message = f"{setting} does not work with the value {value!r}: {failure}"
    said = descriptions.get(key, "").strip().rstrip(".")
    hint = "correct the value, or remove the setting to keep its default"
    if said:
        hint += f' ({name} describes it as "{said}")'
    return error(CONFIG_FILE, *_at(name, key, positions), message, hint)


def _at(name: str, key: str, positions: Positions) -> tuple[int, int]:
    """Where a setting of an extension is in site.yml."""
    return positions.value(("markdown", "extension_configs", name, key))


def _load_problems(settings: MarkdownSettings, positions: Positions) -> list[Diagnostic]:
    """Every Markdown extension must load, with its settings."""
    configs = {name: settings.extension_configs.get(name, {}) for name in settings.extensions}
    try:  # all at once first: one instance, where one per extension costs a build 20 ms
        md.Markdown(extensions=list(settings.extensions), extension_configs=configs)
        return []
    except Exception as exc:
        together = exc  # then one by one, to point at each that fails
    found: list[Diagnostic] = []
    for index, name in enumerate(settings.extensions):
        if name in settings.extensions[:index]:
            continue  # loaded once: its problems are told at its first place
        try:
            md.Markdown(
                extensions=[name],
                extension_configs={name: settings.extension_configs.get(name, {})},
            )
        except Exception as exc:
            unknown = _unknown_settings(settings, name, positions)
            if isinstance(exc, KeyError) and unknown:
                found += unknown
                continue
            line, col = positions.value(("markdown", "extensions", index))
            hint = (
                "check its name; built-in ones are toc, tables, fenced_code, attr_list, "
                "footnotes, admonition, md_in_html, sane_lists, def_list, abbr"
            )
            guess = suggest(name, {e.name for e in entry_points(group="markdown.extensions")})
            if isinstance(exc, ImportError) and guess:
                hint = f"did you mean '{guess}'?"
            reason = f"{exc}"
            wrong = _each_setting(settings, name, positions) if not unknown else []
            if wrong and not isinstance(exc, ImportError):
                found += wrong
                continue
            if name in settings.extension_configs and not isinstance(exc, ImportError):
                line, col = positions.value(("markdown", "extension_configs", name))
                hint = f"check its settings under markdown.extension_configs.{name}"
            elif not isinstance(exc, _NAMING_ERRORS):
                reason = f"{type(exc).__name__}: {exc}"
                hint = "its own code failed: update it, or remove it from markdown.extensions"
            message = f"Markdown extension '{name}' cannot be loaded: {reason}"
            found.append(error(CONFIG_FILE, line, col, message, hint))
    if not found:  # each loads on its own, but not with the others
        line, col = positions.value(("markdown", "extensions"))
        found.append(
            error(
                CONFIG_FILE,
                line,
                col,
                f"these Markdown extensions cannot be loaded together: {together}",
                "remove the one added last, or check the settings they share",
            )
        )
    return found


def _unknown_settings(
    settings: MarkdownSettings, name: str, positions: Positions
) -> list[Diagnostic]:
    """Settings an extension that loads without them does not have, at their keys."""
    try:
        known = list(_defaults(name)[0])
    except Exception:
        return []
    found = []
    for key in settings.extension_configs.get(name, {}):
        if key in known:
            continue
        guess = suggest(key, known)
        hint = (
            f"did you mean '{guess}'?"
            if guess
            else f"remove it; {name} takes "
            + (f"these settings: {', '.join(known)}" if known else "no settings")
        )
        at = positions.key(("markdown", "extension_configs", name, key))
        message = f"unknown field 'markdown.extension_configs.{name}.{key}'"
        found.append(error(CONFIG_FILE, *at, message, hint))
    return found


def _each_setting(settings: MarkdownSettings, name: str, positions: Positions) -> list[Diagnostic]:
    """The settings with which an extension cannot be loaded even alone, each at its value."""
    found = []
    for key, value in settings.extension_configs.get(name, {}).items():
        try:
            md.Markdown(extensions=[name], extension_configs={name: {key: value}})
        except Exception as exc:  # the extension's code checks its settings as it likes
            found.append(_wrong(settings, name, key, positions, f"{type(exc).__name__}: {exc}"))
    return found
