"""What to write instead of what the sanitiser took out of a page, by what it was."""

from __future__ import annotations

from recordhub import strayparts

# allowed, but only in a table: HTML drops one written outside any
TABLE_PARTS = frozenset(
    {*("caption", "col", "colgroup", "tbody", "td"), *("tfoot", "th", "thead", "tr")}
)
REMOVED = (
    "scripts, frames, style= and on...= attributes, and javascript: or data: links are not "
    "allowed in pages; write Markdown instead"
)
_OUTSIDE = "put it inside a <table>, with the rest of its table, or write a Markdown table"
_EMBEDDED = (
    "a page may not embed another site's page or player, which would see its readers: link to "
    "it, or put the file in static/ and play it with <video controls src=...>"
)
IN_COMMENT = (
    "it is in an HTML comment (<!-- ... -->), which pages do not publish with what it holds: "
    "to show it, take it out of the comment"
)
_AUTOPLAY = "remove autoplay: a page plays a video or recording when its reader starts it"
# what styles the page against its CSP
_UNSAFE = ("style",)


def hint(item: str, attributes: dict[str, set[str]]) -> str:
    """The hint for one item of the sanitiser's list ("<script>", "onclick on <p>"), given
    the attributes it keeps, by element ("*" for every element)."""
    attribute, _, tag = item.rpartition(" on ")
    name = tag.strip("<>")
    if not attribute:
        if name in TABLE_PARTS:
            return _OUTSIDE
        if name in ("iframe", "frame", "embed", "object"):
            return _EMBEDDED
        return strayparts.HINTS.get(name, REMOVED)
    if attribute == "autoplay":
        return _AUTOPLAY
    kept = attributes.get(name, set()) | attributes.get("*", set())
    # one the element keeps was removed for its value: a javascript: or data: address
    if attribute.startswith("on") or attribute in _UNSAFE or attribute in kept:
        return REMOVED
    return f"<{name}> in a page takes {', '.join(sorted(kept))}: remove {attribute}"
