"""Videos and recordings written in a page's HTML that a reader could not start, or not follow
without sound: the hub's pages run no script to play them, and a video needs its captions."""

from __future__ import annotations

import re
from collections.abc import Sequence

from recordhub import attrurls, unclosed
from recordhub.diagnostics import Diagnostic, warning

PREFIX = "media: "  # what the converter lists for each, as "media: 0 captions video clip.mp4"

_MEDIA = re.compile(r"<(video|audio)(?![\w-])([^>]*)>(.*?)</\1\s*>", re.DOTALL | re.IGNORECASE)
_WRITTEN = re.compile(r"<(?:video|audio)(?![\w-])", re.IGNORECASE)
_CONTROLS = re.compile(r"\scontrols(?:\s*=|[\s/>]|$)", re.IGNORECASE)
_TRACK = re.compile(r"<track(?![\w-])([^>]*)>", re.IGNORECASE)
_KIND = re.compile(r"""\skind\s*=\s*["']?([\w-]*)""", re.IGNORECASE)


def found(html: str) -> list[str]:
    """Each video or recording with no controls, and each video with no captions, in order."""
    if "<video" not in html and "<audio" not in html:
        return []
    items: list[str] = []
    for nth, media in enumerate(_MEDIA.finditer(html)):
        name, attributes, inner = media[1].lower(), media[2], media[3]
        address = attrurls.value(attributes, "src") or attrurls.value(inner, "src")
        if not _CONTROLS.search(attributes):
            items.append(f"{PREFIX}{nth} controls {name} {address}".rstrip())
        if name == "video" and not any(_captions(t[1]) for t in _TRACK.finditer(inner)):
            items.append(f"{PREFIX}{nth} captions {name} {address}".rstrip())
    return items


def _captions(attributes: str) -> bool:
    """Whether a <track> gives words to read: captions, or subtitles (a track with no kind)."""
    kind = _KIND.search(attributes)
    return kind is None or kind[1].lower() in ("captions", "subtitles")


def told(path: str, body: str, body_line: int, items: Sequence[str]) -> list[Diagnostic]:
    """A warning for each item of found(), at its <video> or <audio> in the Markdown."""
    # a tag shown in code, or in a comment, is no element of the page
    code = unclosed.code_in(body) + [m.span() for m in unclosed.COMMENT.finditer(body)]
    written = [m.start() for m in _WRITTEN.finditer(body) if not unclosed.within(m.start(), code)]
    problems: list[Diagnostic] = []
    for item in items:
        nth, lack, name, *rest = item.removeprefix(PREFIX).split(" ", 3)
        offset = written[min(int(nth), len(written) - 1)] if written else None
        line = body_line + body.count("\n", 0, offset) if offset is not None else body_line
        col = offset - body.rfind("\n", 0, offset) if offset is not None else None
        what = f"the {name} {rest[0]}" if rest else f"a {name}"
        if lack == "controls":
            message = f"{what} has no controls: the hub's pages run no script that could start it"
            hint = f"add controls to the <{name}>: <{name} controls ...>"
        else:
            message = f"{what} has no captions: readers who cannot hear it miss what is said"
            hint = (
                'add its captions inside the <video>: <track kind="captions" src="clip.vtt" '
                'srclang="en">, with the code of the language spoken'
            )
        problems.append(warning(path, line, col, message, hint))
    return problems
