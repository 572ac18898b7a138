"""What of a hub's strings/ folder the build does not use, each told with what to do: files it
would not read, and keys no template asks for."""

from __future__ import annotations

from pathlib import Path

from recordhub.config import SiteConfig
from recordhub.diagnostics import Diagnostic, error, warning
from recordhub.leftout import is_ignored, skipped_folder
from recordhub.suggestions import suggest
from recordhub.urls import cased_tag
from recordhub.yamldoc import Positions


def unread(folder: Path, codes: set[str]) -> list[Diagnostic]:
    """Files in the hub's strings/ that the build would not read, each with what to do."""
    found: list[Diagnostic] = []
    listed = sorted(folder.iterdir()) if folder.is_dir() else []
    folders = [p for p in listed if p.is_dir()]
    found += [told for p in folders if (told := _folder(p, codes)) is not None]
    listed = [p for p in listed if p not in folders]
    # es.YML too, which a disk that tells case apart never reads as es.yml
    for path in [p for p in listed if p.suffix.lower() in (".yml", ".yaml")]:
        shown, code = f"strings/{path.name}", path.stem
        same = code.lower().replace("_", "-")
        guess = next((c for c in sorted(codes) if c.lower() == same), None)
        name = code if code in codes else guess or code  # the language as site.yml writes it
        read = folder / f"{name}.yml"
        if path.suffix != ".yml" and not (read.is_file() and path.samefile(read)):
            # one spelling, as site.yml and the theme's files have, and as the preview watches
            if read.is_file():
                message = f"found {shown} beside strings/{name}.yml, which is the one read"
                hint = f"move its strings into {name}.yml and remove {path.name}"
            else:
                message = f"found {shown}: rename it to {name}.yml"
                hint = "recordhub reads strings files named <code>.yml"
            found.append(error(shown, None, None, message, hint))
            continue
        if code in codes:
            continue
        if guess and (folder / f"{guess}.yml").is_file() and path.samefile(folder / f"{guess}.yml"):
            continue  # a disk that ignores case reads it under the declared name
        message = f"site.yml declares no language '{code}', so {shown} is not read"
        tag = cased_tag(same)  # as site.yml would take it: es_ES is es-ES
        general = next((c for c in sorted(codes) if c.lower() == same.split("-")[0]), None)
        if guess:
            hint = f"did you mean '{guess}'? rename it to {guess}.yml"
        elif general:  # es-ES or es_ES, where site.yml has es
            hint = f"rename it to {general}.yml, or add {tag} to languages in site.yml"
        else:
            hint = f"add {tag} to languages in site.yml, or remove the file"
        found.append(warning(shown, None, None, message, hint))
    return found


def _folder(path: Path, codes: set[str]) -> Diagnostic | None:
    """What to do with a folder in strings/ (es.yml/, or es/ as Rails' locales are laid out),
    whose files the build never reads; None for a hidden folder, or one that holds no file.
    An error for a declared language's, whose pages then show none of the hub's words."""
    if skipped_folder(path.name) or not any(
        p.is_file() and not is_ignored(p.name) for p in path.rglob("*")
    ):
        return None
    shown, named = f"strings/{path.name}/", path.suffix.lower() in (".yml", ".yaml")
    same = (path.stem if named else path.name).lower().replace("_", "-")
    code = next((c for c in sorted(codes) if c.lower() == same), None)
    told = error if code else warning
    if named:
        message = f"{shown} is a folder, not a file: recordhub reads no strings from it"
        hint = (
            f"put the strings in a file named strings/{code or path.stem}.yml, one `key: text` "
            "line per string, in place of the folder"
        )
    elif code is None:
        message = f"found the folder {shown}, whose files recordhub does not read"
        hint = "strings files are strings/<code>.yml, one per language: move the folder out"
    else:
        message = f"found the folder {shown}: recordhub reads the {code} strings from one file"
        hint = (
            f"move the strings of its files into strings/{code}.yml and remove the folder"
            if (path.parent / f"{code}.yml").is_file()
            else f"put the strings of its files in one file, strings/{code}.yml, one "
            "`key: text` line per string, and remove the folder"
        )
    return told(shown, None, None, message, hint)


def unused(
    shown: str, positions: Positions, key: str, config: SiteConfig, known: set[str]
) -> Diagnostic:
    """A key of a hub's strings file (shown) that no template asks for; known: those that are
    asked for, and not given in the file already."""
    if not config.templates_dir.is_dir():
        message = f"the theme uses no string '{key}'"
        hint = "check the key's spelling against the theme's strings/en.yml, or remove it"
    else:
        message = f"neither the theme nor templates/ uses the string '{key}'"
        hint = (
            "check the key's spelling against the theme's strings/en.yml and the t(\"...\") "
            "calls in templates/, or remove it"
        )
    # closer than a setting's name must be: the theme has a hundred keys, many alike
    meant = suggest(key, known, cutoff=0.8)
    if meant:
        hint = f"did you mean '{meant}'? Rename the key to it, or remove it"
    return warning(shown, *positions.key((key,)), message, hint)
