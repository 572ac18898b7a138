"""Parts of an element written in a page's HTML outside it: a <summary> outside <details>, a
<figcaption> outside <figure>, an <li> outside a list. The sanitiser keeps them, and the page is
no valid HTML; as HTML's parser drops a table's cell written outside a table, the tags are
taken out (their text kept) and told as the sanitiser's removals are."""

from __future__ import annotations

import re

# each part, and the elements it must be directly inside
PARENTS = {"summary": ("details",), "figcaption": ("figure",), "li": ("ul", "ol")}
HINTS = {
    "summary": "put it first inside a <details>, or write it as text",
    "figcaption": "put it inside the <figure> it captions, or write it as text",
    "li": "put it inside a <ul> or <ol>, or write a Markdown list",
}
_WRITTEN = re.compile(r"<(?:li|summary|figcaption)(?![\w-])", re.IGNORECASE)
_TAG = re.compile(r"<(/?)([a-z][a-z0-9]*)[^>]*>")
_VOID = frozenset({"br", "col", "hr", "img"})
_PARENT = {
    name: re.compile(rf"<({'|'.join(p)})(?![\w-]).*?</\1\s*>", re.S | re.I)
    for name, p in PARENTS.items()
}


def written(body: str) -> bool:
    """Whether a body writes one of the parts as HTML: only then can one be stray."""
    return "<" in body and _WRITTEN.search(body) is not None


def loose(html: str) -> tuple[str, list[str]]:
    """The sanitised HTML without the tags of each part outside its parent, and each such
    part as the sanitiser lists a removed tag ("<li>"), in order."""
    open_: list[tuple[str, bool]] = []  # each element open here, and whether it is stray
    cut: list[tuple[int, int]] = []
    found: list[str] = []
    for tag in _TAG.finditer(html):
        name = tag[2]
        if name in _VOID:
            continue
        if not tag[1]:
            parent = open_[-1][0] if open_ else ""
            stray = name in PARENTS and parent not in PARENTS[name]
            open_.append((name, stray))
            if stray:
                cut.append(tag.span())
                found.append(f"<{name}>")
            continue
        while open_:  # the sanitiser's HTML closes every element it opens, in order
            opened, stray = open_.pop()
            if opened == name:
                if stray:
                    cut.append(tag.span())
                break
    if not cut:
        return html, []
    kept, last = [], 0
    for start, end in sorted(cut):
        kept.append(html[last:start])
        last = end
    return "".join(kept) + html[last:], found


def outside(body: str, name: str, tags: list[int]) -> list[int]:
    """Of the places a part's tags are written in a body, those outside any of its parents."""
    parents = [m.span() for m in _PARENT[name].finditer(body)]
    return [at for at in tags if not any(a < at < b for a, b in parents)]
