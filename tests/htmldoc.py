"""Reading built pages in tests: a small HTML tree, its text, links and JSON-LD."""

from __future__ import annotations

import json
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

VOID = frozenset(
    [
        "area",
        "base",
        "br",
        "col",
        "embed",
        "hr",
        "img",
        "input",
        "link",
        "meta",
        "source",
        "track",
        "wbr",
    ]
)


class Node:
    """An element of a parsed page; strings are kept in order among the children."""

    def __init__(self, tag: str, attrs: dict[str, str], parent: Node | None) -> None:
        self.tag, self.attrs, self.parent = tag, attrs, parent
        self.children: list[Node | str] = []

    def iter(self) -> Iterator[Node]:
        yield self
        for child in self.children:
            if isinstance(child, Node):
                yield from child.iter()

    def flat(self) -> Iterator[Node | str]:
        """Elements and strings in document order."""
        yield self
        for child in self.children:
            if isinstance(child, Node):
                yield from child.flat()
            else:
                yield child

    @property
    def raw(self) -> str:
        return "".join(c if isinstance(c, str) else c.raw for c in self.children)

    @property
    def text(self) -> str:
        return " ".join(self.raw.split())

    @property
    def classes(self) -> set[str]:
        return set(self.attrs.get("class", "").split())

    def find_all(
        self, tag: str | None = None, attrs: dict[str, str] | None = None, text: str | None = None
    ) -> list[Node]:
        return [
            n
            for n in self.iter()
            if n is not self
            and (tag is None or n.tag == tag)
            and all(n.attrs.get(k) == v for k, v in (attrs or {}).items())
            and (text is None or n.text == text)
        ]

    def one(
        self, tag: str | None = None, attrs: dict[str, str] | None = None, text: str | None = None
    ) -> Node:
        found = self.find_all(tag, attrs, text)
        assert len(found) == 1, f"expected one <{tag} {attrs} {text!r}>, found {len(found)}"
        return found[0]

    def innermost(self, text: str) -> Node:
        """The deepest element whose whole text is text."""
        found = [n for n in self.find_all(text=text)]
        assert found, f"no element with text {text!r}"
        return found[-1]

    def ancestors(self) -> Iterator[Node]:
        node = self.parent
        while node is not None:
            yield node
            node = node.parent

    def closest(self, *tags: str) -> Node | None:
        return next((a for a in self.ancestors() if a.tag in tags), None)


class _Builder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("#document", {}, None)
        self.stack = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        node = Node(tag, {k: v or "" for k, v in attrs}, self.stack[-1])
        self.stack[-1].children.append(node)
        if tag not in VOID:
            self.stack.append(node)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.stack[-1].children.append(Node(tag, {k: v or "" for k, v in attrs}, self.stack[-1]))

    def handle_endtag(self, tag: str) -> None:
        for index in range(len(self.stack) - 1, 0, -1):
            if self.stack[index].tag == tag:
                del self.stack[index:]
                return

    def handle_data(self, data: str) -> None:
        self.stack[-1].children.append(data)


def parse(html: str) -> Node:
    builder = _Builder()
    builder.feed(html)
    builder.close()
    return builder.root


def page(out: Path, rel: str) -> Node:
    return parse((out / rel).read_text(encoding="utf-8"))


def before(doc: Node, first: Node, second: Node) -> bool:
    order = {id(n): i for i, n in enumerate(doc.iter())}
    return order[id(first)] < order[id(second)]


def text_before(doc: Node, node: Node, start: Node | None = None) -> str:
    """All text in document order from start (or the top) up to node."""
    parts: list[str] = []
    for item in (start or doc).flat():
        if item is node:
            break
        if isinstance(item, str):
            parts.append(item)
    return " ".join("".join(parts).split())


def main(doc: Node) -> Node:
    return doc.one("main")


def jsonld(doc: Node) -> list[dict[str, Any]]:
    return [json.loads(s.raw) for s in doc.find_all("script", {"type": "application/ld+json"})]


def of_type(doc: Node, kind: str) -> list[dict[str, Any]]:
    return [o for o in jsonld(doc) if o.get("@type") == kind]
