"""A web app manifest of the site's (static/manifest.webmanifest): each icon it names is a file of
the site, in the hub's folder, of the sizes it claims; browsers install the hub with them."""

from __future__ import annotations

import json
import re
import struct
from collections.abc import Iterable

from recordhub import plan
from recordhub.destinations import own_path, resolve
from recordhub.diagnostics import Diagnostic, error, warning
from recordhub.references import place

SUFFIX = ".webmanifest"
_ICONS = re.compile(r'"icons"\s*:\s*\[')
_SRC = re.compile(r'"src"\s*:\s*(?P<value>"(?:[^"\\]|\\.)*")')
_SIZE = re.compile(r"([0-9]+)[xX]([0-9]+)")
_PNG = b"\x89PNG\r\n\x1a\n"


def verify(outputs: Iterable[plan.Output], base_url: str, root: str) -> list[Diagnostic]:
    """An error for each icon of a web manifest that finds no file of the site or lies outside
    the hub's folder, and a warning for one whose image is not of the sizes it claims, each at
    its src."""
    outputs = list(outputs)
    manifests = [i for i in outputs if i.rel.lower().endswith(SUFFIX) and i.source is not None]
    if not manifests:  # the usual hub: no more work for every build
        return []
    published = {item.rel: item for item in outputs}
    found: list[Diagnostic] = []
    for item in sorted(manifests, key=lambda item: item.rel):
        data = item.blob or (item.source.read_bytes() if item.source is not None else b"")
        text = data.decode("utf-8-sig", "replace")  # browsers read it past a byte-order mark
        try:
            manifest = json.loads(text)
        except json.JSONDecodeError as exc:  # browsers ignore the whole file, icons and all
            message = f"the web manifest is not valid JSON ({exc.msg}), so browsers ignore it"
            found.append(warning(item.origin, exc.lineno, exc.colno, message, "correct the JSON"))
            continue
        if not isinstance(manifest, dict):
            continue
        url, site = root + item.rel, (base_url, root)
        for at, icon in _icons(manifest, text):
            found += _checked(item.origin, at, icon, url, published, site)
        found += _app(item.origin, manifest, text, url, published, site)
    return found


# what an installed app opens and which addresses it keeps in its window
_APP = {
    "start_url": "the installed app would open the domain's own page there",
    "scope": "the installed app would hold every page of the domain as its own",
}


def _app(
    shown: str,
    manifest: dict[str, object],
    text: str,
    url: str,
    published: dict[str, plan.Output],
    site: tuple[str, str],
) -> list[Diagnostic]:
    """An error for a start_url or scope outside the hub's folder, or a start_url of no page."""
    base_url, root = site
    found = []
    for key, why in _APP.items():
        value = manifest.get(key)
        target = resolve(url, own_path(value, base_url), root) if isinstance(value, str) else None
        if target is None:
            continue
        written = re.search(rf'"{key}"\s*:\s*"', text)
        at: tuple[int | None, int | None] = (None, None)
        if written is not None:
            at = place(text, written.end() - 1)
        path = target[0]
        if not path:
            message = f"the web manifest's {key} {value} is outside the hub's folder {root}: {why}"
            found.append(error(shown, *at, message, f'write "{key}": "{root}"'))
        elif key == "start_url" and path not in published and f"{path}/index.html" not in published:
            message = f"the web manifest's start_url {value} leads to no page of the site"
            found.append(error(shown, *at, message, f'write "start_url": "{root}"'))
    return found


def _icons(
    manifest: dict[str, object], text: str
) -> list[tuple[tuple[int | None, int | None], dict[str, object]]]:
    """Each icon of a manifest with the line and column of its src in text."""
    icons = manifest.get("icons")
    listed = _ICONS.search(text)
    places: dict[str, list[int]] = {}
    for written in _SRC.finditer(text, listed.end() if listed else 0):
        places.setdefault(json.loads(written["value"]), []).append(written.start("value") + 1)
    kept: list[tuple[tuple[int | None, int | None], dict[str, object]]] = []
    for icon in icons if isinstance(icons, list) else []:
        src = icon.get("src") if isinstance(icon, dict) else None
        if isinstance(src, str) and src:
            offsets = places.get(src, [])
            at = place(text, offsets.pop(0)) if offsets else (None, None)
            kept.append((at, icon))
    return kept


def _checked(
    shown: str,
    at: tuple[int | None, int | None],
    icon: dict[str, object],
    url: str,
    published: dict[str, plan.Output],
    site: tuple[str, str],
) -> list[Diagnostic]:
    """The problem of one icon of the manifest published at url, if it has one."""
    base_url, root = site
    src, sizes = str(icon["src"]), icon.get("sizes")
    target = resolve(url, own_path(src, base_url), root)
    if target is None:
        return []  # another origin's, which the checks of pages' loads are about
    path = target[0]
    if not path:  # from the domain's root, outside the hub's folder
        message = f"the web manifest's icon {src} is outside the hub's folder {root}"
        hint = f"write {root}{src.lstrip('/')}, or an address relative to the manifest"
        return [error(shown, *at, message, hint)]
    if path not in published:  # an icon is a file, not a folder's page
        message = f"the web manifest's icon {src} is no file of the site"
        return [error(shown, *at, message, "check the path; it is relative to the manifest")]
    claimed = {(int(w), int(h)) for w, h in _SIZE.findall(sizes if isinstance(sizes, str) else "")}
    real = _sizes(published[path])
    wrong = sorted(claimed - real) if real else []
    if not wrong:
        return []
    said, has = _named(wrong), _named(sorted(real))
    message = f"the web manifest says its icon {src} is {said}, but the image is {has}"
    hint = f'give "sizes": "{has}", or an image of {said}; browsers choose an icon by its sizes'
    return [warning(shown, *at, message, hint)]


def _named(sizes: list[tuple[int, int]]) -> str:
    return " ".join(f"{w}x{h}" for w, h in sizes)


def _sizes(item: plan.Output) -> set[tuple[int, int]]:
    """The sizes a PNG or ICO image holds, read from its header; none for another kind."""
    if item.source is None:
        return set()
    try:
        with item.source.open("rb") as image:
            head = image.read(6 + 16 * 255)  # an ICO's directory, of 16 bytes an image
    except OSError:
        return set()
    if head.startswith(_PNG) and head[12:16] == b"IHDR" and len(head) >= 24:
        return {struct.unpack(">II", head[16:24])}
    if head[:4] == b"\x00\x00\x01\x00" and len(head) >= 6:  # an ICO
        count = struct.unpack("<H", head[4:6])[0]
        entries = [head[6 + 16 * n : 8 + 16 * n] for n in range(count)]
        # a width or height of 0 is 256
        return {(entry[0] or 256, entry[1] or 256) for entry in entries if len(entry) == 2}
    return set()
