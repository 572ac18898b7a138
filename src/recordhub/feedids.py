"""What a feed entry's id is made of: the page's first address, which a move keeps in aliases."""

from __future__ import annotations

from recordhub.pages import Page
from recordhub.redirects import alias_path


def first_address(page: Page, root: str) -> str:
    """The page's first address, site-relative: the first of its aliases (the old addresses
    that lead to it), else where it is; written as the file that address is built from."""
    own = page.path.casefold()  # an alias of its own address in other letters leads nowhere
    first = next(
        (
            path
            for path in (alias_path(a, root) for a in page.matter.aliases)
            if path.casefold() != own
        ),
        page.path,
    )
    if first and not first.endswith("/"):  # an old address such as /about.html, as it was
        return first
    # ids were once made of the page's file: written as the file an address is built from, the
    # id of a page that never moved is the one feed readers already have
    if page.kind in {"home", "section"}:
        return f"{first}_index.md"
    return f"{first.removesuffix('/')}.md"
