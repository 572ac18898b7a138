"""Stage 6: the rules of trust that need the placed site: what replaces a page, edits that
the changelog does not record, and fields the home page would not show."""

from __future__ import annotations

import posixpath
import re
from collections.abc import Collection
from typing import TYPE_CHECKING

from recordhub import links, moments
from recordhub.diagnostics import Diagnostic, error, warning
from recordhub.pages import Page
from recordhub.schema import ClaimMatter, FrontMatter

if TYPE_CHECKING:  # the model imports this module
    from recordhub.model import Entry


def check(
    page: Page,
    entry: Entry,
    by_source: dict[str, Page],
    hidden: set[str],
    verdicts: dict[str, str],
    invalid: Collection[str],
) -> list[Diagnostic]:
    """One placed page's rules that need others: its replacement, silent edits, its verdict,
    and what the home page leaves unshown. invalid: pages with errors of their own."""
    found: list[Diagnostic] = []
    matter = entry.matter
    where = entry.raw.positions
    if matter.superseded_by:
        at = (page.source_path, *where.value(("superseded_by",)))
        now, told = replaced(matter.superseded_by, entry.rel_path, at, by_source, hidden, invalid)
        page.superseded_by = now
        found += told
    if matter.updated and matter.date and moments.later(matter.updated, matter.date):
        found += _unexplained(page, matter, where.value(("updated",)))
    if page.kind == "home" and matter.type in _SHOWN_BY_TYPE and not matter.template:
        found += _unshown_on_home(page, matter, where.value(("type",)))
    if isinstance(matter, ClaimMatter):
        page.verdict_label = verdicts.get(matter.verdict, matter.verdict)
    return found


def replaced(
    written: str,
    rel_path: str,
    at: tuple[str, int | None, int | None],
    by_source: dict[str, Page],
    hidden: Collection[str],
    invalid: Collection[str],
) -> tuple[Page | None, list[Diagnostic]]:
    """The page that superseded_by (as written in rel_path's file, at path, line and column)
    names, and what is wrong with it: none where it is not one this hub publishes."""
    found: list[Diagnostic] = []
    target = links.file_of(written, rel_path)[0]  # a #place in it too
    now = by_source.get(target)
    hint = "give the path of the replacing page's file, relative to this file, e.g. ../faq/data.md"
    meant = _meant(written, by_source, rel_path) if now is None and target != rel_path else None
    if meant is not None:  # the address of one of this hub's pages: name its file
        hint = f"give the path of the replacing page's file, relative to this file: {meant}"
    if target == rel_path:  # a page with errors of its own is in no by_source: by its file
        # a banner link to the page itself would be told again, as a theme's broken link
        now = None
        found.append(error(*at, "superseded_by points to this page itself", hint))
    elif now is None and _web(written):
        # the banner names the replacing page, its title and its date: one of this hub's
        message = "superseded_by takes a page of this hub, not a web address"
        hint += "" if meant else "; link to a newer text elsewhere from the page's own text"
        found.append(error(*at, message, hint))
    elif now is None and _address(written):
        message = f"superseded_by takes the file of a page, not its address: {written}"
        found.append(error(*at, message, hint))
    elif now is None and _out_of_content(target):
        message = f"superseded_by '{written}' leads out of content/"
        hint = "paths are relative to this file's folder, and reach no higher than content/"
        found.append(error(*at, message, hint))
    elif now is None and target in invalid:
        pass  # that file's own errors are reported; "does not exist" would mislead
    elif now is None:
        state = "is not published" if target in hidden else "does not exist"
        message = f"superseded_by points to content/{target}, which {state}"
        # FAQ.md for faq.md: found on a laptop's disk, not on a server's
        same = [f for f in by_source if f != target and f.casefold() == target.casefold()]
        if same and target not in hidden:
            hint = links.missing(written, target, same)[1]
        found.append(error(*at, message, hint))
    elif now.matter.status in {"retracted", "superseded"}:
        # the banner would call it the current information
        message = f"superseded_by points to content/{target}, which is {now.matter.status} itself"
        hint = "point to the page that is current now"
        end, file = _chain_end(now, by_source)
        if end is not None and end.matter.status == "superseded":  # round: none is current
            message += ", in a circle of pages that supersede each other: none is current"
        elif end is not None and end.matter.status != "retracted":  # v1 -> v2 -> v3
            folder = posixpath.dirname(rel_path) or "."
            hint += f": superseded_by: {posixpath.relpath(file, folder)}"
        found.append(warning(*at, message, hint))
    return now, found


# what each type's own template shows of its own fields, which the home page's does not
_SHOWN_BY_TYPE = {
    "claim": ("claim", "verdict", "fact", "claimed_by"),
    "statement": ("speaker", "role", "responds_to", "original_url"),
    "roadmap": ("milestones",),
}


def _unshown_on_home(page: Page, matter: FrontMatter, at: tuple[int, int]) -> list[Diagnostic]:
    """A warning for a home page of a type whose fields its template (home.html) never shows."""
    given = [
        name for name in _SHOWN_BY_TYPE[matter.type] if getattr(matter, name) not in (None, ())
    ]
    if not given:
        return []
    names = f"{', '.join(given[:-1])} and {given[-1]}" if len(given) > 1 else given[0]
    message = (
        f"the home page shows none of the fields of a {matter.type}: what it gives as {names} "
        "is shown nowhere"
    )
    hint = (
        f"give the {matter.type} a page of its own, e.g. content/{matter.type}.md, and link to it"
    )
    return [warning(page.source_path, *at, message, hint)]


def _chain_end(start: Page, by_source: dict[str, Page]) -> tuple[Page | None, str]:
    """The page a chain of superseded pages from start ends at, and its file: one not
    superseded, or the first one reached again where the chain goes round (None: missing)."""
    seen: set[int] = set()
    page: Page | None = start
    while page is not None and page.matter.status == "superseded" and id(page) not in seen:
        seen.add(id(page))
        page = by_source.get(links.file_of(page.matter.superseded_by or "", _file(page))[0])
    return page, _file(page) if page is not None else ""


def _file(page: Page) -> str:
    """A page's file, relative to content/, as by_source names it."""
    return page.source_path.removeprefix("content/")


def _web(value: str) -> bool:
    """True for an address of its own (https://..., //host/...), not a file of content/."""
    return value.startswith("//") or re.match(r"[a-zA-Z][a-zA-Z0-9+.-]*:", value) is not None


def _address(value: str) -> bool:
    """True for a path of the site (/about/, about) rather than a page's file (../about.md)."""
    file = value.partition("#")[0].partition("?")[0]
    return file.startswith("/") or not file.endswith(".md")


def _meant(value: str, by_source: dict[str, Page], rel_path: str) -> str | None:
    """The file of the page at the address value, relative to rel_path's folder, if any."""
    address, mark, fragment = value.partition("#")
    shown = address.lstrip("/").removesuffix("/")
    for rel, other in by_source.items():
        if address == other.permalink or shown in (rel, other.path.removesuffix("/")):
            relative = posixpath.relpath(rel, posixpath.dirname(rel_path) or ".")
            return f"superseded_by: {relative}{mark}{fragment}"
    return None


def _unexplained(page: Page, matter: FrontMatter, at: tuple[int, int]) -> list[Diagnostic]:
    """A change on the updated: day that no changelog entry records: a hub that edits in
    silence loses the trust it is there to earn (an older entry records an older change)."""
    assert matter.updated is not None and matter.date is not None
    latest = max((change.date for change in matter.changelog), default=None)
    day = moments.day_of(matter.updated)  # a changelog entry gives the day, never the time
    if latest is not None and latest >= day:
        return []
    said = (
        f"but the changelog's last entry is of {latest}"
        if latest is not None
        else "but the changelog says nothing about the change"
    )
    shown = (
        f"({moments.written(matter.updated)}) is later than date ({moments.written(matter.date)})"
    )
    message = f"updated {shown} {said}"
    hint = (
        f"add a changelog entry: {{date: {day}, kind: "
        "correction/clarification/update, note: what changed}"
    )
    return [warning(page.source_path, *at, message, hint)]


def _out_of_content(target: str) -> bool:
    """True for a path that climbs above content/, where no page is."""
    return target == ".." or target.startswith("../")
