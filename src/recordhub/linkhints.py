"""What to do about a broken link in a page's Markdown, from the link as it was written."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from recordhub.destinations import HALF_SCHEME
from recordhub.links import unescaped
from recordhub.pages import Page

if TYPE_CHECKING:  # the Markdown converter is not needed to name a heading
    from recordhub.markdown import Heading

GENERAL = "fix the address; link to other pages by their .md file"

_EMAIL = re.compile(r"[^\s/@:?#]+@[^\s/@:?#]+\.[A-Za-z]{2,}")
# a host name ending in a common top-level domain: report.pdf or notes.txt is a file's name
_HOST = re.compile(r"(?:www\.)?(?:[A-Za-z0-9-]+\.)+(?P<tld>[A-Za-z]{2,})(?:[/?#:].*)?")
_COMMON = re.compile(
    r"com|org|net|edu|gov|int|info|biz|io|co|app|dev|eu|uk|de|fr|es|it|nl|be|ch|at|se|no|dk|"
    r"fi|ie|pt|pl|cz|us|ca|au|nz|jp|cn|in|br|mx|ru|za",
    re.IGNORECASE,
)
_SHOWN = 5  # anchors named in a hint, so that it stays one line


_IMAGE = re.compile(r"[^?#]*\.(?:png|jpe?g|gif|svg|webp|avif|ico)(?:[?#].*)?", re.IGNORECASE)
IMAGE = (
    "put the image beside the page under content/ and give its file name, or in static/ and "
    "give its address from the site's root (static/images/x.png is /images/x.png)"
)
# a file a page links to or plays: a document, a video, a recording, its captions
_FILE = re.compile(
    r"[^?#]*\.(?P<ext>pdf|csv|txt|json|zip|docx?|xlsx?|pptx?|odt|ods|mp4|webm|ogv|mov|m4v|mp3|"
    r"m4a|ogg|oga|opus|wav|flac|vtt)(?:[?#].*)?",
    re.IGNORECASE,
)
FILE = (
    "put the file beside the page under content/ and give its file name, or in static/ and "
    "give its address from the site's root ({example})"
)


def for_address(written: str) -> str:
    """The hint for a link that goes to no page or file of the hub."""
    plain = unescaped(written)  # https:\\x, as Markdown lets it be written, is https:\x
    half = HALF_SCHEME.match(plain)
    if half is not None:
        rest = plain[half.end() :].lstrip("/\\")  # https:/x is most likely https://x
        return f"write {half[1]}://{rest}: without the //, browsers read it as an address here"
    if _EMAIL.fullmatch(written):
        return f"write it as mailto:{written}"
    host = _HOST.fullmatch(written)
    if host and (written.startswith("www.") or _COMMON.fullmatch(host["tld"])):
        return f"add https:// in front: https://{written}"
    spaced = "check the spaces in it (a tab is read as spaces); " if " " in written else ""
    if _IMAGE.fullmatch(written):  # ![chart](chart.png), <img src="chart.png">
        return spaced + IMAGE
    kept = _FILE.fullmatch(written)  # [the report](report.pdf), <video src="clip.mp4">
    if kept:
        example = f"static/files/x.{kept['ext'].lower()} is /files/x.{kept['ext'].lower()}"
        return spaced + FILE.format(example=example)
    return spaced + GENERAL


def for_anchor(fragment: str, target: Page | None) -> str:
    """The hint for a link to an anchor another page does not have: the headings it has."""
    if target is None or target.positions is None:  # a page the build makes: no file to name
        return f"link to an anchor the page has, or leave out #{fragment}"
    ids = list(dict.fromkeys(_ids(target.toc)))
    where = target.source_path
    if not ids:
        return f"{where} has no headings to link to; leave out #{fragment}"
    close = difflib.get_close_matches(fragment, ids, n=3)
    named = close or ids[:_SHOWN]
    more = ", ..." if not close and len(ids) > _SHOWN else ""
    anchors = ", ".join(f"#{anchor}" for anchor in named) + more
    return f"link to a heading of {where} by its anchor ({anchors}), or leave out #{fragment}"


def _ids(headings: tuple[Heading, ...]) -> Iterator[str]:
    """The anchors of headings and their sub-headings, in the page's order."""
    for heading in headings:
        yield heading.id
        yield from _ids(heading.children)
