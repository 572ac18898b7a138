"""What each preview output shows of other pages beyond its key (their text, or fields no card
shows), so that an edit of one page renders the pages that show it again (a home page that
shows the newest statement in full, say)."""

from __future__ import annotations

from recordhub import pagereads
from recordhub.plan import Output
from recordhub.siteview import Site

# each page read, by its file, with the fingerprint of its HTML when it was read
Read = dict[str, str]


class Showing:
    """The other pages whose HTML or headings each output's last render read."""

    def __init__(self) -> None:
        self.read: dict[str, Read] = {}

    def render(self, item: Output) -> tuple[str, Read]:
        """Render an output, noting the other pages whose text it reads."""
        assert item.render is not None
        own = item.page.source_path if item.page is not None else None
        with pagereads.reading() as found:
            text = item.render()
        return text, {p.source_path: pagereads.shown(p) for p in found if p.source_path != own}

    def now(self, site: Site) -> Read:
        """What each page some output read gives a render now."""
        needed = set().union(*self.read.values())
        return {s: pagereads.shown(site.by_source[s]) for s in needed if s in site.by_source}

    def stale(self, rel: str, now: Read) -> bool:
        """Whether this output shows a page whose text has changed since it was rendered."""
        return any(
            now.get(source, "") != before for source, before in self.read.get(rel, {}).items()
        )

    def shown_by_others(self, sources: set[str], rendered: set[str]) -> bool:
        """Whether an output not being rendered again shows one of these pages."""
        return any(
            sources.intersection(read) for rel, read in self.read.items() if rel not in rendered
        )

    def keep(self, new: dict[str, Read], present: set[str]) -> None:
        """Take what the outputs just rendered read; forget the outputs no longer written."""
        merged = {rel: new[rel] if rel in new else self.read.get(rel, {}) for rel in present}
        self.read = {rel: read for rel, read in merged.items() if read}
