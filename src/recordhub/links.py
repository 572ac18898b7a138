"""Rewrite links in rendered HTML: ``.md`` files and content assets become their final URLs."""

from __future__ import annotations

import functools
import html as htmllib
import posixpath
import re
import sys
from collections.abc import Callable, Collection, Iterable
from html.entities import codepoint2name
from typing import TYPE_CHECKING
from urllib.parse import unquote, urljoin

from markupsafe import Markup
from msgspec import Struct

from recordhub import emptyheadings
from recordhub.diagnostics import Diagnostic, error
from recordhub.urls import is_external, resolve, rooted

if TYPE_CHECKING:  # markdown imports this module
    from recordhub.markdown import Heading, Shown

# a start tag with an href, src or poster (a video's still): in sanitised HTML, '<' and '>'
# appear only around tags and '"' only around attribute values, so a code sample or text that
# shows one is not taken for it
_TAG = re.compile(r'<[a-zA-Z][^>]*?\s(?:href|src|poster)="[^>]*>')
_ATTR = re.compile(r'(?<=\s)(?P<attr>href|src|poster)="(?P<url>[^"]*)"')


class BrokenLink(Struct, frozen=True):
    """A link to a content file that does not exist (or is not published)."""

    written: str
    target: str


def _written(match: re.Match[str]) -> str | None:
    """The link as written, unless it is one that is never rewritten (anchor, absolute, ...)."""
    written = htmllib.unescape(match["url"])
    if not written or written.startswith(("#", "/", "?")) or is_external(written):
        return None
    return written


def relative(html: str) -> tuple[str, ...]:
    """The links of converted HTML that may name content files, as written, in order."""
    found = (_written(match) for tag in _TAG.finditer(html) for match in _ATTR.finditer(tag[0]))
    # one string for each link however often it is written: every page's links are kept for
    # the whole build, and a page names the same few pages again and again
    return tuple(sys.intern(written) for written in found if written is not None)


def _target(written: str, rel_path: str, folder: str | None = None) -> tuple[str, str, str]:
    """The content file a link names, and its ?query and #fragment (with their marks)."""
    if written.startswith(("#", "?")):  # the page itself: only here does rel_path matter
        return _split(written, rel_path)
    return _in_folder(written, posixpath.dirname(rel_path) if folder is None else folder)


# the pages of a folder name the same few pages again and again: 10,925 links of the 1,000-page
# benchmark's are 3,082 of a folder each, and each build resolves every page's links
@functools.lru_cache(maxsize=4096)
def _in_folder(written: str, folder: str) -> tuple[str, str, str]:
    return _split(written, "", folder)


def _split(written: str, rel_path: str, folder: str | None = None) -> tuple[str, str, str]:
    target, hashmark, fragment = written.partition("#")
    target, mark, query = target.partition("?")
    return resolve(rel_path, unquote(target), folder), mark + query, hashmark + fragment


def file_of(written: str, rel_path: str) -> tuple[str, str, str]:
    """The content file a link written in the page at rel_path names, its ?query, #fragment."""
    return _target(written, rel_path)


def named(written: tuple[str, ...], rel_path: str) -> set[str]:
    """The content files that links (see relative) of the page at rel_path name."""
    folder = posixpath.dirname(rel_path)
    return {_target(link, rel_path, folder)[0] for link in written}


def resolved(
    written: tuple[str, ...], rel_path: str, lookup: Callable[[str], str | None]
) -> tuple[str, list[BrokenLink]]:
    """What the links (see relative) resolve to, so that equal texts mean equal rewritten
    HTML, and the .md links among them that resolve to no published file."""
    urls: list[str] = []
    broken: list[BrokenLink] = []
    folder = posixpath.dirname(rel_path)
    for link in written:
        target = _target(link, rel_path, folder)[0]
        url = lookup(target)
        urls.append(str(url))
        if url is None and link.partition("#")[0].partition("?")[0].endswith(".md"):
            broken.append(BrokenLink(link, target))
    return "\n".join(urls), broken


def rewrite(html: str, rel_path: str, lookup: Callable[[str], str | None], root: str = "/") -> str:
    """Replace relative links to content files with their URLs, and give addresses from the
    site's root the folder the hub lives in (root), unless they name it already."""

    def replace(match: re.Match[str]) -> str:
        written = _written(match)
        if written is None:
            if root == "/":  # the usual hub, at its host's root: nothing to place
                return match.group(0)
            given = htmllib.unescape(match["url"])
            placed = rooted(given, root)
            if placed == given:
                return match.group(0)
            return f'{match["attr"]}="{htmllib.escape(placed, quote=True)}"'
        resolved, query, fragment = _target(written, rel_path)
        url = lookup(resolved)
        if url is None:
            return match.group(0)
        return f'{match["attr"]}="{htmllib.escape(url + query + fragment, quote=True)}"'

    return _TAG.sub(lambda tag: _ATTR.sub(replace, tag[0]), html)


def missing(written: str, target: str, known: Iterable[str] = ()) -> tuple[str, str]:
    """The message and hint for a link to a content file that is not there; known, the files
    there are, one of which it may name in another case."""
    if target == ".." or target.startswith("../"):  # content/ is the top a link can climb to
        return (
            f"link to '{written}' leads out of content/",
            "links are relative to this file's folder, and reach no higher than content/: "
            "remove a ../",
        )
    folded = target.casefold()
    same = next((file for file in known if file.casefold() == folded), None)
    if same is not None:
        hint = (
            f"the file is content/{same}: write its name in the same case, as servers tell "
            "cases apart"
        )
    elif " " in target:  # or a tab, which Markdown turns into spaces
        hint = "check the spaces in it (a tab is read as spaces); links are relative to this file"
    else:
        hint = "check the file name; links are relative to this file"
    return f"link to '{written}': content/{target} does not exist", hint


def told(
    source_path: str,
    broken: list[BrokenLink],
    body: tuple[str, int],  # the page's Markdown, and the line it starts on
    targets: Iterable[str],
    hidden: Collection[str],
    invalid: Collection[str],
) -> list[Diagnostic]:
    """An error for each link of a page to a content file that is not published, where it
    is written: each time, if it is written more than once."""
    found: list[Diagnostic] = []
    times: dict[str, int] = {}
    for link in broken:
        if link.target in invalid:
            continue  # that file's own errors are reported; "does not exist" would mislead
        nth = times[link.written] = times.get(link.written, -1) + 1
        line, col = locate(*body, link.written, nth)
        if link.target in hidden:
            message = f"links to content/{link.target}, which is a draft, embargoed or expired"
            hint = "publish that page first, or remove the link"
        else:
            message, hint = missing(link.written, link.target, targets)
        found.append(error(source_path, line, col, message, hint))
    return found


def absolute(html: str, base: str) -> str:
    """Every link and image address in html made whole against base: a feed entry is read
    away from its page, and feed readers resolve what is left relative each their own way."""

    def replace(match: re.Match[str]) -> str:
        whole = urljoin(base, htmllib.unescape(match["url"]))
        return f'{match["attr"]}="{htmllib.escape(whole, quote=True)}"'

    return _TAG.sub(lambda tag: _ATTR.sub(replace, tag[0]), html)


class _Read(Struct, eq=False):
    """A body as read from the store, and its HTML with links rewritten once asked for."""

    html: str
    headings: tuple[Heading, ...]
    shown: Markup | None = None


# the bodies read last: a page shows its content and its headings, perhaps more than once, and
# a listing may show its pages' headings; a few are kept so that those do not read it again
_RECENT: dict[Body, _Read] = {}
_KEEP = 4


class Body(Struct, frozen=True, eq=False):
    """A page's converted HTML and headings, read only when shown, links rewritten to URLs."""

    load: Callable[[], Shown]
    rel_path: str
    lookup: Callable[[str], str | None]
    fingerprint: str  # digest of the converted body's key and what its links resolve to
    root: str = "/"  # the site's path on its host

    def __call__(self) -> Markup:
        read = self._read()
        if read.shown is None:
            html = emptyheadings.without(read.html)  # the conversion told of them
            read.shown = Markup(rewrite(html, self.rel_path, self.lookup, self.root))
        return read.shown

    def headings(self) -> tuple[Heading, ...]:
        """The headings, for the page's table of contents."""
        return self._read().headings

    def _read(self) -> _Read:
        read = _RECENT.pop(self, None)
        if read is None:
            read = _Read(*self.load())
            for old in list(_RECENT)[: max(0, len(_RECENT) - _KEEP + 1)]:
                _RECENT.pop(old, None)  # those used longest ago
        _RECENT[self] = read  # the newest last
        return read


_ESCAPED = re.compile(r"\\([!-/:-@\[-`{-~])")  # Markdown's backslash escapes: ASCII punctuation


def unescaped(written: str) -> str:
    """A link target as Markdown gives it to the HTML: `my\\_page.md` is my_page.md."""
    return htmllib.unescape(_ESCAPED.sub(r"\1", written))


_SPACES = r"(?:[ \t]|&#0*32;|(?i:&#x0*20;))+"


def spelled(target: str) -> str:
    """A pattern for a link target as Markdown lets it be written: each character as it is,
    after a backslash, or as an HTML character reference."""
    parts: list[str] = []
    for char in target:
        if char == " ":  # one pattern for a run: Markdown turns a tab into spaces to its stop
            if parts[-1:] != [_SPACES]:
                parts.append(_SPACES)
            continue
        code = ord(char)
        options = [re.escape(char), f"&#0*{code};", f"(?i:&#x0*{code:x};)"]
        if _ESCAPED.fullmatch("\\" + char):
            options.append(re.escape("\\" + char))
        if code in codepoint2name:
            options.append(f"&{codepoint2name[code]};")
        parts.append(f"(?:{'|'.join(options)})")
    return "".join(parts)


def locate(body: str, body_line: int, written: str, nth: int = 0) -> tuple[int, int]:
    """Line and column in the file where a link target was written the nth time (counted from
    0; the last time, if it was written fewer times), best effort."""
    target = f"(?P<target>{spelled(written)})" + r"(?=[\s)>\"']|$)"  # not a longer one
    # in a link or a reference's definition, in the order they are written, as the checks of
    # the finished page count them; else anywhere
    linked = (r"\]\(\s*<?" + target, r"^\s*\[[^\]]+\]:\s*<?" + target)
    found = sorted(
        (m for p in linked for m in re.finditer(p, body, re.MULTILINE)), key=lambda m: m.start()
    ) or list(re.finditer(target, body, re.MULTILINE))
    if not found:
        return body_line, 1
    written_at = found[min(nth, len(found) - 1)]
    offset = written_at.start("target")
    line = body.count("\n", 0, offset)
    col = offset - (body.rfind("\n", 0, offset) + 1) + 1
    return body_line + line, col
