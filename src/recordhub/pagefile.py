"""One page file as a build reads it: its stat, digest, front matter and body's key, and the
problems found in them; the last build's reading is used again while the bytes are the same."""

from __future__ import annotations

import hashlib

from msgspec import Struct, field
from msgspec.structs import replace

from recordhub import bodykeys, frontmatter, invisible, schema, sources
from recordhub.diagnostics import Diagnostic, DiagnosticError, error, warning
from recordhub.markdown import Rendered
from recordhub.sources import SourceFile


class Known(Struct):
    """What one file gave last time, keyed by its stat and digest."""

    stat: tuple[int, ...]  # modification time, size, change time and inode
    digest: bytes
    raw: frontmatter.RawPage | None
    problems: list[Diagnostic]
    rendered: Rendered | None = None
    as_faq: Rendered | None = None  # rendered, with the anchors of repeated questions qualified
    key: str = ""
    typed: dict[str, tuple[schema.FrontMatter | None, list[Diagnostic]]] = field(
        default_factory=dict
    )
    settled: bool = False  # unchanged for a while when its stat was taken: see sources.settled
    body_line: int = 0  # where the body starts, under front matter that does not parse


def load(source: SourceFile, files: dict[str, Known], token: str) -> Known | None:
    """Read and split one file, or reuse the last result when its bytes are unchanged."""
    try:
        stat = source.abs_path.stat()
        key = (stat.st_mtime_ns, stat.st_size, stat.st_ctime_ns, stat.st_ino)
        known = files.get(source.rel_path)
        if known is not None and known.stat == key:
            return known
        data = source.abs_path.read_bytes()
    except FileNotFoundError:
        return None  # deleted between listing and reading: simply not part of this build
    except OSError as exc:  # no read access, say: told at the file, and the build goes on
        reason = (exc.strerror or str(exc)).lower()
        shown = source.display_path
        hint = f"give the build read access to it (chmod a+r {shown}), or move it out"
        return Known((), b"", None, [error(shown, None, None, f"cannot be read: {reason}", hint)])
    digest = hashlib.blake2b(data, digest_size=16).digest()
    settled = sources.settled(stat)
    if known is not None and known.digest == digest:
        known.stat, known.settled = key, settled
        return known
    text = None
    try:
        text = frontmatter.decode(data, source.display_path)
        raw = frontmatter.parse(text, source.display_path)
    except DiagnosticError as exc:
        # a body under front matter that does not parse has its links told with its errors
        body = frontmatter.split_body(text) if text is not None else None
        known = Known(key, digest, None, list(exc.diagnostics), settled=settled)
        if body is not None:
            known.key, known.body_line = bodykeys.body_key(body[0], token), body[1]
        return known
    # the body is let go at once (the converter reads it again): held until every file was
    # read, 10,000 bodies were 60 MB at the build's peak
    body_key = bodykeys.body_key(raw.body, token)
    found = []
    unshown = invisible.not_in_html(raw.body)
    if unshown is not None:  # pasted from a terminal or a PDF, say
        line, col = invisible.place(raw.body, unshown.offset)
        at = (line + raw.body_line - 1, col)
        found.append(warning(source.display_path, *at, unshown.message, unshown.hint))
    return Known(key, digest, replace(raw, body=""), found, key=body_key, settled=settled)
