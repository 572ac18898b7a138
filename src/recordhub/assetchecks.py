"""Checks of the site's own stylesheets and scripts: what they load from other origins, and
addresses of the site that find no file, each at the line and column of its source."""

from __future__ import annotations

import re
from pathlib import Path

from recordhub import references
from recordhub.destinations import missing, origin, resolve
from recordhub.diagnostics import Diagnostic, error, warning
from recordhub.htmlscan import in_tag, js_loads

LEAK_HINT = (
    "host the file yourself in static/, or allow that origin deliberately in site.yml allow_origins"
)
_LOADS = {"url": "CSS url()", "@im": "CSS @import", "ima": "CSS image-set()"}


def verify_texts(
    texts: dict[str, tuple[str, str]],
    files: set[str],
    root: str,
    project: Path,
    loaded: tuple[str, set[str]],
) -> list[Diagnostic]:
    """An error for each load from another origin, and each address of the site that finds
    no file, in the site's own CSS and JS (output path -> (shown source, published text)),
    and a warning for each of its SVG files that holds script.

    loaded is the site's own origin and the allowed others. The published text of a hashed
    file has its addresses rewritten; each is reported as written in the source, where it is.
    """
    own, allowed = loaded
    problems: list[Diagnostic] = []
    for rel, (shown, text) in sorted(texts.items()):
        if rel.endswith(".svg"):
            problems += _scripted_svg(shown, text)
            continue
        source = _source(project, shown, text)
        written, published = references.of(rel, source), references.of(rel, text)
        if len(written) != len(published):  # a source changed since it was read: as published
            source, written = text, published
        kind = "stylesheet" if rel.endswith(".css") else "script"
        for before, after in zip(written, published, strict=True):
            at = references.place(source, before.start)
            if (there := origin(after.url)) is not None:
                if there != own and there not in allowed:
                    what = _LOADS.get(before.what[:3], "import in a script")
                    message = f"{what} loads {before.url} from another origin"
                    problems.append(error(shown, *at, message, LEAK_HINT))
                continue
            if after.url.startswith(("data:", "#")):
                continue
            target = resolve(root + rel, after.url, root)
            if target is not None and missing(files, target[0]):
                why = "points to no file of the site"
                hint = f"check the path; it is relative to this {kind}"
                if (meant := _folder_slip(before.url, root, files)) is not None:
                    why = f"points to no file: the hub is served under {root}, so it is {meant}"
                    hint = f"write {meant}, or an address relative to this {kind}"
                problems.append(error(shown, *at, f"{before.what} {why}", hint))
        if kind == "script":  # fetch(), sendBeacon(), a tag manager's address and the like
            named = {ref.start for ref in written}  # the imports, told of above
            for what, url, offset in js_loads(source):
                there = origin(url)
                if offset in named or there is None or there == own or there in allowed:
                    continue
                message = f"{what} in a script loads {url} from another origin"
                problems.append(error(shown, *references.place(source, offset), message, LEAK_HINT))
    return problems


def _scripted_svg(shown: str, text: str) -> list[Diagnostic]:
    """A warning for an SVG that holds script: opened on its own (a link to it, say), it runs
    as a page of the site would, in the preview and on hosts that do not read _headers."""
    code = _COMMENT.sub(lambda found: _BLANK.sub(" ", found[0]), text)  # places kept
    for found in _SVG_SCRIPT.finditer(code):
        if in_tag(code, found.end()):  # not the words of a <text>'s "on ="
            what = found[0].strip().rstrip("=").strip()
            message = f"the SVG holds script ({what}...), which runs when the file is opened"
            hint = "remove it: an image needs no script (export the SVG again without it)"
            return [warning(shown, *references.place(text, found.start()), message, hint)]
    return []


_COMMENT = re.compile(r"<!--.*?(?:-->|\Z)", re.DOTALL)  # "set onload= off", say
_BLANK = re.compile(r"[^\n]")
# a <script> element, an event handler attribute or a javascript: address
_SVG_SCRIPT = re.compile(
    r"""<script\b|\son[a-z]+\s*=|\b(?:href|src)\s*=\s*["']?\s*javascript:""", re.IGNORECASE
)


def _source(project: Path, shown: str, published: str) -> str:
    """The text of a stylesheet or script as written in the project (the theme's as published:
    its addresses need no rewriting)."""
    try:
        return (project / shown).read_text("utf-8", "replace")
    except (OSError, ValueError):
        return published


def _folder_slip(url: str, root: str, files: set[str]) -> str | None:
    """For an address from the domain's root in a hub that lives in a folder of its domain,
    its right form, when that finds a file (a stylesheet's addresses, unlike a page's, are
    published as written)."""
    if root == "/" or not url.startswith("/") or url.startswith(("//", root)):
        return None
    meant = root + url[1:]
    target = resolve(root, meant, root)
    if target is None or missing(files, target[0]):
        return None
    return meant
