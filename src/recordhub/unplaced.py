"""Pages whose front matter has errors, so no place in the site: their links to content files
are checked with the rest, so that fixing the front matter brings up no more errors."""

from __future__ import annotations

import posixpath
from collections.abc import Collection
from typing import NamedTuple

from pydantic import TypeAdapter, ValidationError

from recordhub import frontmatter, links, rules, trust
from recordhub.diagnostics import Diagnostic
from recordhub.siteview import Site
from recordhub.sources import SourceFile
from recordhub.visibility import Visibility
from recordhub.yamldoc import Positions


class Unplaced(NamedTuple):
    """A page with errors of its own, and the links of its body."""

    source: SourceFile
    body_line: int
    links: tuple[str, ...]
    rel_key: str  # without its language
    lang: str
    data: dict[str, object]  # its front matter, as read; {} when it does not parse
    positions: Positions | None = None  # where each of its values is written


def told(pages: list[Unplaced], site: Site, seen: Visibility) -> list[Diagnostic]:
    """The links to content files that are not there, and what is wrong with the page named as
    superseding them, of the pages that would be published once their errors are fixed."""
    found: list[Diagnostic] = []
    targets, hidden, invalid, by_source = site.targets, site.hidden, site.invalid, site.by_source
    for page in pages:
        if _waits(page, hidden, seen):
            continue
        written = page.data.get("superseded_by")
        if isinstance(written, str) and written and page.positions is not None:
            at = (page.source.display_path, *page.positions.value(("superseded_by",)))
            rel_path = page.source.rel_path
            found += trust.replaced(written, rel_path, at, by_source, hidden, invalid)[1]
        broken = links.resolved(page.links, page.source.rel_path, targets.get)[1]
        if broken:
            body = (frontmatter.body_of(page.source.abs_path) or "", page.body_line)
            shown = page.source.display_path
            # a reference's target is written once, however often it is used: told once
            found += dict.fromkeys(links.told(shown, broken, body, targets, hidden, invalid))
    return found


def _waits(page: Unplaced, hidden: Collection[str], seen: Visibility) -> bool:
    """True when the page would not be published once its errors are fixed, as far as what it
    says tells: a draft, scheduled or expired, or one that waits for its section or original.
    Its links are not checked then, as such a page's are not."""
    data, rel_key, lang = page.data, page.rel_key, page.lang
    if not seen.drafts and _flag(data.get("draft")):
        return True
    expires, publish_at = rules.moment(data.get("expires")), rules.moment(data.get("publish_at"))
    if expires is not None and expires <= seen.now:
        return True
    if not seen.future and publish_at is not None and publish_at > seen.now:
        return True
    folder = posixpath.dirname(rel_key)
    if rel_key.endswith("_index.md"):  # a section's own page waits for the one above
        folder = posixpath.dirname(folder)
    while folder:
        if f"{folder}/_index.md" in hidden or f"{folder}/_index.{lang}.md" in hidden:
            return True
        folder = posixpath.dirname(folder)
    return rel_key in hidden  # a translation of a page that is not published


_BOOL = TypeAdapter(bool)  # as the front matter's draft: is validated (true, yes, on, "1"...)


def _flag(value: object) -> bool:
    """A true/false value as validation reads it; False for one it would refuse."""
    try:
        return _BOOL.validate_python(value)
    except ValidationError:
        return False
