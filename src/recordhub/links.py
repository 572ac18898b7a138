"""Rewrite links in rendered HTML: ``.md`` files and content assets become their final URLs."""

from __future__ import annotations

import html as htmllib
import re
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import unquote

from recordhub.urls import is_external, resolve

_ATTR = re.compile(r'(?P<attr>\b(?:href|src))="(?P<url>[^"]*)"')


@dataclass(frozen=True)
class BrokenLink:
    """A link to a content file that does not exist (or is not published)."""

    written: str
    target: str


def rewrite(
    html: str, rel_path: str, lookup: Callable[[str], str | None]
) -> tuple[str, list[BrokenLink]]:
    """Replace relative links to content files with URLs; report .md links that resolve nowhere."""
    broken: list[BrokenLink] = []

    def replace(match: re.Match[str]) -> str:
        written = htmllib.unescape(match["url"])
        if not written or written.startswith(("#", "/", "?")) or is_external(written):
            return match.group(0)
        target, hashmark, fragment = written.partition("#")
        target, mark, query = target.partition("?")
        resolved = resolve(rel_path, unquote(target))
        url = lookup(resolved)
        if url is None:
            if target.endswith(".md"):
                broken.append(BrokenLink(written, resolved))
            return match.group(0)
        new = url + (mark + query if mark else "") + (hashmark + fragment if hashmark else "")
        return f'{match["attr"]}="{htmllib.escape(new, quote=True)}"'

    return _ATTR.sub(replace, html), broken


def locate(body: str, body_line: int, written: str) -> tuple[int, int]:
    """Line and column in the file where a link target was written, best effort."""
    written_at = re.search(r"\]\(\s*<?" + re.escape(written), body) or re.search(
        r"^\s*\[[^\]]+\]:\s*<?" + re.escape(written), body, re.MULTILINE
    )
    offset = written_at.end() - len(written) if written_at else body.find(written)
    if offset < 0:
        return body_line, 1
    line = body.count("\n", 0, offset)
    col = offset - (body.rfind("\n", 0, offset) + 1) + 1
    return body_line + line, col
