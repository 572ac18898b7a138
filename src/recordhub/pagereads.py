"""What a render reads of other pages beyond their keys, and a digest of what it read."""

from __future__ import annotations

import hashlib
import weakref
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from recordhub.pages import Page
    from recordhub.schema import FrontMatter

# the pages the render in progress has read more of than their keys hold (see reading)
READERS: list[set[Page]] = []
# front-matter fields that fingerprints.summary puts in the keys of the pages near one that
# show it; a render that reads another of a page's fields, or its text, notes the page
IN_KEYS = frozenset(
    {
        *("title", "summary", "type", "date", "updated", "reviewed", "status", "weight"),
        *("draft", "publish_at", "tags", "image", "changelog", "fact", "claim", "speaker"),
        *("role", "verdict", "review_due", "sources", "facts"),
    }
)
# each page's digest, while its front matter and HTML are those it was taken of
_SHOWN: weakref.WeakKeyDictionary[Page, tuple[FrontMatter, str, str]] = weakref.WeakKeyDictionary()


@contextmanager
def reading() -> Iterator[set[Page]]:
    """Collect the pages whose HTML, headings or fields beyond IN_KEYS are read meanwhile, as
    a render reads them."""
    found: set[Page] = set()
    READERS.append(found)
    try:
        yield found
    finally:
        READERS.pop()


def noted(page: Page) -> None:
    """Note that the render in progress read all of this page (see reading)."""
    if READERS:
        READERS[-1].add(page)


def shown(page: Page) -> str:
    """A digest of all a render can read of a page: its front matter, HTML and headings."""
    content = page.content_fingerprint()
    known = _SHOWN.get(page)
    if known is not None and known[0] is page.matter and known[1] == content:
        return known[2]
    both = f"{content}\0{page.matter.model_dump_json()}".encode()
    digest = hashlib.blake2b(both, digest_size=16).hexdigest()
    _SHOWN[page] = (page.matter, content, digest)
    return digest


ALL = "*"  # read in place of the pages' addresses when a render read more than WIDE of them
WIDE = 64  # a sidebar of every page's extra fields, on every page, would record pages squared
_ALL_OF: list[tuple[dict[str, Page], str]] = []  # the last digest of all pages, and of what


def reads(found: set[Page], own: Page | None, by_url: dict[str, Page]) -> tuple[Any, ...]:
    """What a render read beyond other pages' cards: (address, shown) of each page read."""
    url = own.url if own is not None else None  # by address: a translation shares its file
    read = {(p.url, shown(p)) for p in found if p.url != url}
    return ((ALL, now(ALL, by_url)),) if len(read) > WIDE else tuple(sorted(read))


def now(url: str, by_url: dict[str, Page]) -> str:
    """What the page at url (or ALL of them) gives a render now; "" if there is none."""
    if url != ALL:
        page = by_url.get(url)
        return shown(page) if page is not None else ""
    if not _ALL_OF or _ALL_OF[0][0] is not by_url:
        every = repr(sorted((address, shown(page)) for address, page in by_url.items()))
        _ALL_OF[:] = [(by_url, hashlib.blake2b(every.encode(), digest_size=16).hexdigest())]
    return _ALL_OF[0][1]
