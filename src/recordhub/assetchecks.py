"""Checks of the site's own stylesheets, scripts and SVG: what they load from other origins, and
addresses of the site that find no file, each at the line and column of its source."""

from __future__ import annotations

import posixpath
import re
from pathlib import Path

from recordhub import jscode, plan, references
from recordhub.assets import ASSET_DIR, FINGERPRINTED
from recordhub.destinations import missing, origin, own_path, resolve
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
    no file, in the site's own CSS and JS (output path -> (shown source, published text));
    for each of its SVG files, an error for each load from another origin and a warning if it
    holds script.

    loaded is the site's own origin and the allowed others. The published text of a hashed
    file has its addresses rewritten; each is reported as written in the source, where it is.
    """
    own, allowed = loaded
    problems: list[Diagnostic] = []
    for rel, (shown, text) in sorted(texts.items()):
        if rel.endswith(".svg"):
            problems += _scripted_svg(shown, text)
            problems += [
                error(
                    shown,
                    *references.place(text, at),
                    f"{what} loads {url} from another origin",
                    LEAK_HINT,
                )
                for what, url, at in _svg_loads(text)
                if (there := origin(url)) is not None and there != own and there not in allowed
            ]
            continue
        source = _source(project, shown, text)
        written, published = references.of(rel, source), references.of(rel, text)
        if len(written) != len(published):  # a source changed since it was read: as published
            source, written = text, published
        kind = "stylesheet" if rel.endswith(".css") else "script"
        for before, after in zip(written, published, strict=True):
            at = references.place(source, before.start)
            url = after.url
            if (there := origin(url)) is not None:
                if there != own and there not in allowed:
                    what = _LOADS.get(before.what[:3], "import in a script")
                    message = f"{what} loads {before.url} from another origin"
                    problems.append(error(shown, *at, message, LEAK_HINT))
                # a full address of the hub's own is a file of the site, as in a page
                url = own_path(url, own + root) if there == own else url
                if url == after.url:
                    continue
            if url[:5].lower() == "data:" or url.startswith("#"):
                continue
            target = resolve(root + rel, url, root)
            if target is not None and missing(files, target[0]):
                why = "points to no file of the site"
                hint = f"check the path; it is relative to this {kind}"
                if url != after.url:
                    hint = f"check the address, the hub's own; or give it relative to this {kind}"
                if (meant := _folder_slip(before.url, root, files)) is not None:
                    why = f"points to no file: the hub is served under {root}, so it is {meant}"
                    hint = f"write {meant}, or an address relative to this {kind}"
                elif (moved := _moved(url, root, rel, files)) is not None:
                    # only addresses relative to the file are written as the published names
                    which = "stylesheet" if moved.endswith(".css") else "script"
                    why = f"names a {which} published only under a hashed name in {root}assets/"
                    hint = f"write it relative to this {kind}, {moved}, which is rewritten to "
                    hint += "the published name"
                problems.append(error(shown, *at, f"{before.what} {why}", hint))
        if kind == "script":  # fetch(), sendBeacon(), a tag manager's address and the like
            named = {ref.start for ref in written}  # the imports, told of above
            for what, url, offset in js_loads(source):
                there = origin(url)
                if offset in named or there is None or there == own or there in allowed:
                    continue
                message = f"{what} in a script loads {url} from another origin"
                problems.append(error(shown, *references.place(source, offset), message, LEAK_HINT))
            problems += _fetched_missing(shown, source, files, root)
    return problems


def _fetched_missing(shown: str, source: str, files: set[str], root: str) -> list[Diagnostic]:
    """What a script fetches, registers or starts a worker from by an address from the site's
    root (fetch("/data.json"), register("/sw.js")) that no file of the site answers: an error
    for a script or stylesheet, which the preview serves at its plain name and a build only at
    its hashed one; a warning for another, which the host may answer otherwise (a function)."""
    found = []
    code = jscode.read(source).code  # comments blanked, places kept
    for call in _FETCHED.finditer(code):
        url = call["url"]
        target = None if "${" in url else resolve(root, url, root)
        what = f"{call['call'].lstrip('.')}() in a script names {url}"
        at = references.place(source, call.start("url"))
        if target is not None and not target[0] and root != "/":
            # elsewhere on the domain, outside the hub's folder: the domain's own, unless the
            # hub has that file, which the preview cannot serve there either
            target = resolve(root, root + url[1:], root)
            if target is None or not target[0] or unpublished(files, target[0]):
                continue
            if not missing(files, target[0]):
                message = f"{what}: the hub is served under {root}, so its file is "
                message += f"{root}{url[1:]}"
                found.append(warning(shown, *at, message, f"write {root}{url[1:]}"))
                continue
        if target is None or not target[0] or not missing(files, target[0]):
            continue
        stem, dot, ext = target[0].rpartition(".")
        if dot and f".{ext}" in FINGERPRINTED and _hashed(files, stem, ext):
            message = f"{what}, which is published only under a hashed name in {root}assets/"
            hint = (
                'in a module, name it with new URL("./name.js", import.meta.url), which is '
                "written as the published name; a page loads it with asset()"
            )
            found.append(error(shown, *at, message, hint))
        else:
            message = f"{what}, which no file of the site has"
            hint = "check the path, which is from the site's root"
            found.append(warning(shown, *at, message, hint))
    return found


def unpublished(files: set[str], rel: str) -> bool:
    """True when no output answers the path, not even a stylesheet or script that is published
    under a hashed name, which an address naming its plain one is rewritten to."""
    stem, dot, ext = rel.rpartition(".")
    hashed = dot and f".{ext}" in FINGERPRINTED and _hashed(files, stem, ext)
    return missing(files, rel) and not hashed


def _hashed(files: set[str], stem: str, ext: str) -> bool:
    """Whether a script or stylesheet of this plain name is published under a hashed one."""
    named = re.compile(rf"{re.escape(ASSET_DIR + stem)}\.[0-9a-f]{{10}}\.{re.escape(ext)}")
    return any(named.fullmatch(rel) for rel in files if rel.startswith(ASSET_DIR))


# a call that fetches or runs what a literal address from the site's root names
_FETCHED = re.compile(
    r"""(?P<call>\bfetch|\bregister|\bWorker|\bSharedWorker|\bimportScripts|\bsendBeacon"""
    r"""|\bEventSource|\.open)\s*\(\s*(?:["'`][A-Z]+["'`]\s*,\s*)?"""
    r"""(?P<q>["'`])(?P<url>/(?![/\\])[^"'`\s]*)(?P=q)"""
)


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


def _svg_loads(text: str) -> list[tuple[str, str, int]]:
    """What an SVG fetches when opened on its own (a link to it, an <object>), as an image
    never does: each element's href or src but a link's, and its styles' url() and @import,
    as (what, url, offset)."""
    code = _COMMENT.sub(lambda found: _BLANK.sub(" ", found[0]), text)  # places kept
    found: list[tuple[str, str, int]] = []
    for tag in _SVG_TAG.finditer(code):
        if tag["name"].lower().rpartition(":")[2] == "a":
            continue  # followed by a reader, not fetched
        for attr in _SVG_ATTR.finditer(code, tag.start("attrs"), tag.end("attrs")):
            what = f"<{tag['name']} {attr['key']}>"
            found.append((what, attr["url"], attr.start("url")))
    for style in _SVG_STYLE.finditer(code):
        key = "css" if style["css"] is not None else "attr"
        for ref in references.in_css(style[key]):
            what = _LOADS.get(ref.what[:3], "CSS url()")
            found.append((what, ref.url, style.start(key) + ref.start))
    return sorted(found, key=lambda load: load[2])


# and <?xml-stylesheet href=...?>, which loads a stylesheet as @import does
_SVG_TAG = re.compile(r"<(?P<name>\??[a-zA-Z][-\w:.]*)(?P<attrs>\s[^>]*)>")
_SVG_ATTR = re.compile(
    r"""\s(?P<key>(?:xlink:)?href|src)\s*=\s*(?P<q>["'])\s*(?P<url>[^"']*)(?P=q)""", re.I
)
_SVG_STYLE = re.compile(
    r"""<style\b[^>]*>(?P<css>.*?)</style>|\sstyle\s*=\s*(?P<q>["'])(?P<attr>.*?)(?P=q)""",
    re.DOTALL | re.IGNORECASE,
)
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


def _moved(url: str, root: str, rel: str, files: set[str]) -> str | None:
    """For an address from the root of a stylesheet or script that the build publishes only
    under a hashed name, the address relative to the file at rel that names it."""
    if not url.startswith("/") or url.startswith("//"):
        return None
    path = url.split("#", 1)[0].split("?", 1)[0]
    path = path.removeprefix(root) if path.startswith(root) else path[1:]
    stem, dot, ext = posixpath.normpath(path).rpartition(".")
    if not dot or f".{ext}" not in FINGERPRINTED or not _hashed(files, stem, ext):
        return None
    plain = _HASHED_NAME.sub(r"\1", rel.removeprefix(ASSET_DIR))  # where its source is
    relative = posixpath.relpath(f"{stem}.{ext}", posixpath.dirname(plain) or ".")
    # a module's import of a bare name (lib.js) looks for a package, not a file
    return relative if rel.endswith(".css") or relative.startswith("../") else f"./{relative}"


_HASHED_NAME = re.compile(r"\.[0-9a-f]{10}(\.[a-z]+)$")


def own_texts(outputs: list[plan.Output]) -> dict[str, tuple[str, str]]:
    """The site's own CSS, JS and SVG, which the checks read: path -> (where, text)."""
    return {
        i.rel: (
            i.origin,
            i.blob.decode("utf-8", "replace")
            if i.blob is not None
            else i.source.read_text("utf-8", "replace"),
        )
        for i in outputs
        if i.source is not None and i.rel.endswith((".css", ".js", ".svg"))
    }
