"""Front matter's addresses as shown: a file of the hub by its address, the site's root in the
folder the hub lives in, anything else as written."""

from __future__ import annotations

from collections.abc import Collection
from typing import TYPE_CHECKING

from pydantic import BaseModel

from recordhub import links
from recordhub.diagnostics import Diagnostic, error
from recordhub.pages import Page
from recordhub.urls import SCHEME, is_external, resolve, rooted

if TYPE_CHECKING:  # the model imports this module
    from recordhub.model import Entry

# the fields that hold addresses, and their keys in each item ("" for the value itself)
_FIELDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("sources", ("url", "archived_url")),
    ("facts", ("source",)),
    ("responds_to", ("url",)),
    ("original_url", ("",)),
)


def written(matter: object) -> tuple[str, ...]:
    """The front matter's addresses that may name a file of the hub, as written."""
    found: list[str] = []
    for field, keys in _FIELDS:
        value = getattr(matter, field, None)
        for item in value if isinstance(value, tuple) else (value,):
            for key in keys:
                address = getattr(item, key, None) if key else item
                if isinstance(address, str) and _relative(address):
                    found.append(address)
    return tuple(found)


def _relative(address: str) -> bool:
    return bool(address) and not address.startswith(("#", "/")) and not is_external(address)


def place(
    page: Page,
    entry: Entry,
    targets: dict[str, str],
    hidden: Collection[str] = (),
    invalid: Collection[str] = (),
) -> list[Diagnostic]:
    """Give the page's front matter its share image and its addresses as shown, as links in its
    text are; report those that name a page file that is not published (invalid: pages with
    errors of their own, which are told of as those)."""
    found = share_image(page, entry, targets)
    root = page.url.removesuffix(page.path)  # the site's path on its host
    update: dict[str, object] = {}
    for field, keys in _FIELDS:
        value = getattr(page.matter, field, None)
        if value is None:
            continue
        many = isinstance(value, tuple)
        items = value if many else (value,)
        shown_items: list[object] = []
        for index, item in enumerate(items):
            at: tuple[str | int, ...] = (field, index) if many else (field,)
            fixed: dict[str, str] = {}
            for key in keys:
                written = getattr(item, key) if key else item
                if not isinstance(written, str) or not written:
                    continue
                where = (*at, key) if key else at
                shown, problems = _shown(written, entry, targets, hidden, invalid, root, where)
                found += problems
                if shown != written:
                    fixed[key] = shown
            if "" in fixed:
                shown_items.append(fixed[""])
            elif fixed and isinstance(item, BaseModel):
                shown_items.append(item.model_copy(update=fixed))
            else:
                shown_items.append(item)
        if any(a is not b for a, b in zip(shown_items, items, strict=True)):
            update[field] = tuple(shown_items) if many else shown_items[0]
    if update:  # in a copy of the front matter, as the share image (see share_image)
        page.matter = page.matter.model_copy(update=update)
    return found


def _shown(
    written: str,
    entry: Entry,
    targets: dict[str, str],
    hidden: Collection[str],
    invalid: Collection[str],
    root: str,
    at: tuple[str | int, ...],
) -> tuple[str, list[Diagnostic]]:
    """An address as shown, and an error when it names a page file that is not published."""
    if written.startswith("#") or is_external(written):
        return written, []
    if written.startswith("/"):
        return rooted(written, root), []
    target, query, fragment = links.file_of(written, entry.rel_path)
    url = targets.get(target)
    if url is not None:
        return url + query + fragment, []
    if not target.endswith(".md"):
        return written, []  # the check of the finished HTML says whether it leads anywhere
    if target in invalid:
        return written, []  # that file's own errors are reported; "does not exist" would mislead
    line, col = entry.raw.positions.value(at)
    if target in hidden:
        message = f"links to content/{target}, which is a draft, embargoed or expired"
        hint = "publish that page first, or remove the link"
    else:
        message, hint = links.missing(written, target, targets)
    return written, [error(entry.raw.path, line, col, message, hint)]


def share_image(page: Page, entry: Entry, targets: dict[str, str]) -> list[Diagnostic]:
    """The image: field as an address: a file beside the page is found as links to it are."""
    written = entry.matter.image
    line, col = entry.raw.positions.value(("image",)) if written else (None, None)
    # the share image's address is made full with the site's: //cdn.example/x.png would be a
    # path of the site, and a data: address would be written after the site's address
    if written and written.startswith("//"):
        message = f"image '{written}' names another host, but no https: before it"
        return [error(page.source_path, line, col, message, f"write image: https:{written}")]
    if written and written[:5].lower() == "data:":
        message = "image is a data: address, which sites that show a page's share image cannot load"
        return [error(page.source_path, line, col, message, _IMAGE_HINT)]
    scheme = SCHEME.match(written or "")
    if scheme and scheme[1].lower() not in ("http", "https"):  # javascript:, mailto:, file:
        message = f"image '{written}' is a {scheme[1]}: address, not one of an image"
        return [error(page.source_path, line, col, message, _IMAGE_HINT)]
    if not written or "://" in written or written.startswith("/"):
        return []  # from the site's root or elsewhere, as given
    target = resolve(entry.rel_path, written)
    url = targets.get(target)
    if url is not None:
        # in the page's own front matter, not a field of Page: past 30 attributes, Python
        # stops sharing the key table of instances' dicts (12 MB more at 10,000 pages)
        page.matter = entry.matter.model_copy(update={"image": url})
        return []
    return [
        error(
            page.source_path,
            line,
            col,
            f"image '{written}' leads out of content/"
            if target == ".." or target.startswith("../")
            else f"image '{written}': content/{target} does not exist",
            _IMAGE_HINT,
        )
    ]


_IMAGE_HINT = (
    "put the image beside the page under content/ and give its file name, "
    "or give its address from the site's root, e.g. /images/share.png"
)
