"""The addresses inside the site's own stylesheets and scripts, with where each is written.

A stylesheet's url(), @import and image-set() entries, and a module's imports and
new URL(..., import.meta.url), are both rewritten (assets) and checked (checks) from this one
reading, so that the n-th address of a published file is the n-th of its source.
"""

from __future__ import annotations

import functools
import re

from msgspec import Struct

from recordhub import jscode

_COMMENT = re.compile(r"/\*.*?\*/", re.DOTALL)
# a quoted url() runs to its closing quote, spaces and parentheses in the name included
_CSS = re.compile(
    r"""(?P<url_>url\(\s*(?:"(?P<d1>[^"\n]+)"|'(?P<s1>[^'\n]+)'|(?P<u1>[^"')\s]+)))"""
    r"""|(?P<import_>@import\s+(?P<q2>["'])(?P<u2>[^"']+))"""
    r"""|(?P<set_>(?:-webkit-)?image-set\()""",
    re.IGNORECASE,
)
_STRING = re.compile(r"""(?P<q>["'])(?P<url>[^"']*)(?P=q)""")
_JS = re.compile(
    r"""(?:(?P<import_>\b(?:import|export)\b[^"'`;()]*?\bfrom\s*|\bimport\s*(?:\(\s*)?)"""
    r"""|(?P<meta_>\bnew\s+URL\(\s*))"""
    r"""(?P<q>["'])(?P<url>[^"'\s]+)(?P=q)"""
    r"""(?P<after>\s*,\s*import\.meta\.url\s*\))?"""
)


class Ref(Struct, frozen=True):
    """One address as written in a stylesheet or script, and what holds it."""

    url: str
    start: int  # its offset in the text
    what: str  # how messages name it, e.g. url(img/x.png)

    @property
    def end(self) -> int:
        """The offset just after the address."""
        return self.start + len(self.url)


def _blanked(css: str) -> str:
    """The stylesheet with its comments as spaces (line breaks kept), so offsets still hold."""
    return _COMMENT.sub(lambda m: re.sub(r"[^\n]", " ", m[0]), css)


def in_css(css: str) -> list[Ref]:
    """Every url(), @import and image-set() address of a stylesheet, outside comments."""
    return list(_in_css(css))


# the preview checks the same stylesheets after every save: the theme's app.css is long
@functools.lru_cache(maxsize=32)
def _in_css(css: str) -> tuple[Ref, ...]:
    text = _blanked(css)
    found: list[Ref] = []
    for match in _CSS.finditer(text):
        if match["url_"]:
            key = next(key for key in ("d1", "s1", "u1") if match[key] is not None)
            found.append(Ref(match[key], match.start(key), f"url({match[key]})"))
        elif match["import_"]:
            found.append(Ref(match["u2"], match.start("u2"), f'@import "{match["u2"]}"'))
        else:  # its bare strings; an url() inside is found by the next match
            for entry in _STRING.finditer(text, match.end(), _closing(text, match.end())):
                if not re.search(r"url\(\s*$", text[match.end() : entry.start()]):
                    url = entry["url"]
                    found.append(Ref(url, entry.start("url"), f'image-set("{url}")'))
    return tuple(sorted(found, key=lambda ref: ref.start))


def _closing(text: str, start: int) -> int:
    """The offset of the parenthesis that closes the one just before start."""
    depth, quote = 1, ""
    for at in range(start, len(text)):
        char = text[at]
        if quote:
            quote = "" if char == quote else quote
        elif char in "\"'":
            quote = char
        elif char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
            if depth == 0:
                return at
    return len(text)


def in_js(code: str) -> list[Ref]:
    """Every address a module imports (a name from an import map aside), and every one it
    gives new URL() with import.meta.url, outside comments and strings."""
    script = jscode.read(code)
    found = []
    for match in _JS.finditer(script.code):  # not in comments, nor in strings
        if script.in_literal(match.start()):
            continue
        url = match["url"]
        if match["meta_"] is not None:
            if match["after"]:
                found.append(Ref(url, match.start("url"), f'new URL("{url}", import.meta.url)'))
        elif url.startswith(("./", "../", "/")) or "//" in url[:8]:
            found.append(Ref(url, match.start("url"), f"import of {url}"))
    return found


def of(rel: str, text: str) -> list[Ref]:
    """The addresses of a stylesheet or a script, by the file's name."""
    return in_css(text) if rel.endswith(".css") else in_js(text)


def place(text: str, offset: int) -> tuple[int, int]:
    """The line and column of an offset."""
    return text.count("\n", 0, offset) + 1, offset - (text.rfind("\n", 0, offset) + 1) + 1
