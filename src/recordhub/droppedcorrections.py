"""Corrections the last build published that this one would drop, their page gone: a hub that
corrects itself in public must not lose that record without a word.

The previous output's corrections feeds are what the last build published. An entry of theirs
is still published when this build gives an entry its id (the page kept its first address) or
the same changelog entry (its anchor and note: the page moved, with or without aliases); it is
not this check's to tell when its page's address is still served (an edited changelog).
"""

from __future__ import annotations

import os
from collections import Counter
from pathlib import Path
from urllib.parse import unquote, urlsplit
from xml.etree import ElementTree as ET

from msgspec import Struct

from recordhub import feeds
from recordhub.diagnostics import Diagnostic, counted, warning
from recordhub.outfolder import MARKER
from recordhub.redirects import alias_path
from recordhub.siteview import Site

FEED = "corrections/feed.xml"  # in each language's folder too: ar/corrections/feed.xml
DEFAULT_OUT = "public"  # where build writes without -o: what check compares with
_ATOM = f"{{{feeds.ATOM}}}"


class Published(Struct, frozen=True):
    """One entry of a corrections feed that the last build wrote."""

    feed: Path
    listing: str  # the corrections page's address then: /corrections/
    entry_id: str
    page: str  # its page's address then: /statements/first/
    address: str  # the same in the hub: statements/first/
    anchor: str
    note: str


def told(
    out: Path | None, root: Path, site: Site, now: dict[str, list[feeds.Correction]]
) -> list[Diagnostic]:
    """A warning for each page whose corrections the last build into out published (into
    public/ when checking) and this build would drop, as the page is gone."""
    folder = out if out is not None else root / DEFAULT_OUT
    if not (folder / MARKER).is_file():
        return []  # a first build, or a folder deleted by hand: nothing was published there
    items = [item for listed in now.values() for item in listed]
    ids = {feeds.entry_id(site, item.page, item.anchor) for item in items}
    moved = {(item.anchor, item.note.strip()) for item in items}
    served = {page.path.casefold() for page in site.pages}
    served |= {alias_path(a, site.root).casefold() for p in site.pages for a in p.matter.aliases}
    dropped = Counter(
        (entry.feed, entry.listing, entry.page)
        for entry in previous(folder)
        if entry.entry_id not in ids
        and (entry.anchor, entry.note) not in moved
        and entry.address.casefold() not in served
    )
    found = []
    for (feed, listing, page), count in sorted(dropped.items()):
        message = (
            f"{counted(count, 'correction')} the last build published for {page} would be "
            f"dropped from {listing}: the page is gone"
        )
        hint = (
            f"to keep {'it' if count == 1 else 'them'} listed, restore the page with status: "
            "archived (or status: retracted and a status_note saying why)"
        )
        found.append(warning(str(feed), None, None, message, hint))
    return found


def previous(folder: Path) -> list[Published]:
    """The entries of every corrections feed in an output folder, one feed a language."""
    try:
        languages = sorted(e.name for e in os.scandir(folder) if e.is_dir(follow_symlinks=False))
    except OSError:
        return []
    found: list[Published] = []
    for rel in [FEED, *(f"{name}/{FEED}" for name in languages)]:
        path = folder / rel
        if path.is_file() and not path.is_symlink():
            found += _read(path, rel)
    return found


def _read(path: Path, rel: str) -> list[Published]:
    try:
        tree = ET.fromstring(path.read_bytes())
    except (OSError, ET.ParseError):
        return []  # damaged, or gone meanwhile: nothing it lists can be told for sure
    if tree.tag != f"{_ATOM}feed":
        return []
    # the hub's folder then, from the feed's own address: base_url may have changed since
    own = unquote(_path(_link(tree, "self")))
    hub = own.removesuffix(rel) if own.endswith(f"/{rel}") else "/"
    listing = hub + rel.removesuffix("feed.xml")
    found = []
    for entry in tree.iter(f"{_ATOM}entry"):
        try:
            address = urlsplit(_link(entry, "alternate"))
        except ValueError:  # http://[bad/ edited in by hand: no page of the hub's
            continue
        page = unquote(address.path)
        entry_id = (entry.findtext(f"{_ATOM}id") or "").strip()
        if entry_id and address.fragment and page.startswith(hub):
            note = (entry.findtext(f"{_ATOM}summary") or "").strip()
            anchor = unquote(address.fragment)
            found.append(Published(path, listing, entry_id, page, page[len(hub) :], anchor, note))
    return found


def _path(address: str) -> str:
    """The path of an address, or "" for one that is no URL at all."""
    try:
        return urlsplit(address).path
    except ValueError:
        return ""


def _link(element: ET.Element, rel: str) -> str:
    for link in element.findall(f"{_ATOM}link"):
        if link.get("rel") == rel:
            return link.get("href") or ""
    return ""
