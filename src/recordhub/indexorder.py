"""Pagefind's index put in one fixed order, so that the same pages give the same bytes.

Pagefind lists each filter's values, and each language's filters, in the order of its hash
maps, which changes from run to run; its chunks and fragments do not. Two clean builds of the
same hub would otherwise publish different filter and metadata files, and a deploy that sends
only what changed would send and purge them every time. Here those lists are sorted and the
files named after their new bytes, as Pagefind names them. An index in a form this does not
know is left as Pagefind wrote it: in another order, but whole.
"""

from __future__ import annotations

import copy
import gzip
import hashlib
import json
import zlib
from pathlib import Path
from typing import Any

import cbor2

ENTRY = "pagefind-entry.json"
# part of what an index is reused by: one made before its lists were put in this order (or in
# another) differs from one made afresh, so a build with the cache would publish other bytes
ORDER = "sorted 1"
_SIGNATURE = b"pagefind_dcd"  # what every file of Pagefind's starts with, once unpacked


class _Unknown(Exception):
    """The index is not in the form this module knows."""


# what reading an index of another form can raise: it is then left as Pagefind wrote it
_NOT_KNOWN = (
    _Unknown,
    OSError,
    EOFError,
    zlib.error,
    cbor2.CBORError,
    LookupError,
    TypeError,
    ValueError,
)


def settle(folder: Path) -> None:
    """Sort the index in folder (Pagefind's output) in place, and write its entry file with
    sorted keys."""
    try:
        entry = json.loads((folder / ENTRY).read_text("utf-8"))
    except (OSError, ValueError):
        return
    settled = copy.deepcopy(entry)
    try:
        written, gone = _sorted(folder, settled)
    except _NOT_KNOWN:
        settled, written, gone = entry, {}, set()  # in Pagefind's order: still a working index
    for name, data in written.items():  # beside the old files, which the entry still names
        (folder / name).write_bytes(data)
    # the entry file lists languages in no fixed order either
    text = json.dumps(settled, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    (folder / ENTRY).write_text(text, "utf-8")
    for name in gone - set(written):
        (folder / name).unlink()


def _sorted(folder: Path, entry: Any) -> tuple[dict[str, bytes], set[str]]:
    """The files to write (name: bytes) and those they replace; entry is changed to name them."""
    written: dict[str, bytes] = {}
    gone: set[str] = set()
    languages = _as(entry.get("languages") if isinstance(entry, dict) else None, dict)
    for language in languages.values():
        meta_name = f"pagefind.{_as(_as(language, dict).get('hash'), str)}.pf_meta"
        meta = _as(_load(folder / meta_name), list)
        if len(meta) < 4 or not _as(meta[0], str).startswith("1."):
            raise _Unknown(meta_name)  # the layout of Pagefind 1.x
        filters = []
        for pair in _as(meta[3], list):
            name, old = (_as(part, str) for part in _as(pair, list))
            values = _as(_load(folder / "filter" / f"{old}.pf_filter"), list)
            if len(values) != 2 or values[0] != name:
                raise _Unknown(old)
            for value in _as(values[1], list):  # [value, [page numbers]]
                if len(_as(value, list)) != 2 or not isinstance(value[0], str):
                    raise _Unknown(old)
                _as(value[1], list)
            values[1] = sorted(values[1], key=lambda value: value[0])
            new, data = _named(old, values)
            filters.append([name, new])
            gone.add(f"filter/{old}.pf_filter")
            written[f"filter/{new}.pf_filter"] = data
        meta[3] = sorted(filters)
        new, data = _named(language["hash"], meta)
        gone.add(meta_name)
        written[f"pagefind.{new}.pf_meta"] = data
        language["hash"] = new
    return written, gone


def _as(value: Any, kind: type) -> Any:
    """value, if it is of kind; else the index is not in a known form."""
    if not isinstance(value, kind):
        raise _Unknown(repr(value)[:40])
    return value


def _load(path: Path) -> Any:
    """One of Pagefind's packed files, unpacked."""
    data = gzip.decompress(path.read_bytes())
    if not data.startswith(_SIGNATURE):
        raise _Unknown(path.name)
    return cbor2.loads(data[len(_SIGNATURE) :])


def _named(old: str, value: Any) -> tuple[str, bytes]:
    """The name (old's language and length of hash) and packed bytes of a file that holds
    value."""
    language, _, digits = old.rpartition("_")
    if not language or not digits:
        raise _Unknown(old)
    data = _SIGNATURE + cbor2.dumps(value)
    name = f"{language}_{hashlib.sha256(data).hexdigest()[: len(digits)]}"
    return name, gzip.compress(data, compresslevel=9, mtime=0)
