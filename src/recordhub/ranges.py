"""A request's byte range (RFC 9110, section 14), as the hosts a hub is uploaded to answer it: a
browser seeks in audio or video, and resumes a download, by asking for one."""

from __future__ import annotations

import re

from tornado import web

_RANGE = re.compile(r"bytes\s*=\s*(\d*)\s*-\s*(\d*)", re.IGNORECASE)


class Unsatisfiable(Exception):
    """The range starts past the end of the file (a 416 answer)."""


def requested(header: str | None, size: int) -> tuple[int, int] | None:
    """The first and last byte asked for, or None for the whole file; raise Unsatisfiable when
    none of the range is in the file.

    Several ranges, another unit or a malformed value get the whole file, as RFC 9110 allows.
    """
    found = _RANGE.fullmatch(header.strip()) if header else None
    if found is None or found[1] == found[2] == "":
        return None
    if found[1] == "":  # the last N bytes
        if int(found[2]) == 0 or size == 0:
            raise Unsatisfiable
        return max(size - int(found[2]), 0), size - 1
    first = int(found[1])
    if found[2] and int(found[2]) < first:
        return None  # malformed: "bytes=9-5"
    if first >= size:
        raise Unsatisfiable
    return first, (min(int(found[2]), size - 1) if found[2] else size - 1)


def part(handler: web.RequestHandler, size: int, version: str, status: int) -> slice:
    """The bytes to send of a file of this size and version: none when the request names this
    version (304), the range it asks for, as a host answers it (206, or 416 past the end), or
    all of them."""
    if status != 200:
        return slice(0, size)
    handler.set_header("Accept-Ranges", "bytes")
    tag = f'"{version}"'
    handler.set_header("Etag", tag)
    if handler.check_etag_header():  # If-None-Match names this version: the browser has it
        handler.set_status(304)
        return slice(0, 0)
    if handler.request.headers.get("If-Range", tag) != tag:
        return slice(0, size)  # the range was of another version of the file
    try:
        span = requested(handler.request.headers.get("Range"), size)
    except Unsatisfiable:
        handler.set_status(416)
        handler.set_header("Content-Range", f"bytes */{size}")
        return slice(0, 0)
    if span is None:
        return slice(0, size)
    handler.set_status(206)
    handler.set_header("Content-Range", f"bytes {span[0]}-{span[1]}/{size}")
    return slice(span[0], span[1] + 1)
