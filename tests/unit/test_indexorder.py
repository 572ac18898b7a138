"""Pagefind's index put in one fixed order, on index folders written here in Pagefind's form."""

from __future__ import annotations

import gzip
import json
from collections.abc import Callable
from pathlib import Path

import cbor2
import pytest

from recordhub import indexorder

SIGNATURE = b"pagefind_dcd"


def _pack(value: object) -> bytes:
    return gzip.compress(SIGNATURE + cbor2.dumps(value), mtime=0)


def _unpack(path: Path) -> object:
    return cbor2.loads(gzip.decompress(path.read_bytes())[len(SIGNATURE) :])


def _index(folder: Path, version: str = "1.5.2") -> Path:
    """An index of two languages whose filters and values are out of order."""
    entry = {"version": version, "languages": {}}
    for lang in ("es", "en"):
        kinds = [f"{lang}_aaaaaaa", ["Kind", [["Page", [0, 2]], ["Claim", [1]]]]]
        sections = [f"{lang}_bbbbbbb", ["Section", [["Zeta", [2]], ["Alpha", [0, 1]]]]]
        filters = []
        for name, values in (sections, kinds):
            (folder / "filter").mkdir(parents=True, exist_ok=True)
            (folder / "filter" / f"{name}.pf_filter").write_bytes(_pack(values))
            filters.append([values[0], name])
        meta = [version, [[f"{lang}_page0", 10]], [], filters, [], ["title"]]
        (folder / f"pagefind.{lang}_0123456789.pf_meta").write_bytes(_pack(meta))
        entry["languages"][lang] = {"hash": f"{lang}_0123456789", "wasm": lang, "page_count": 3}
    (folder / "pagefind-entry.json").write_text(json.dumps(entry), "utf-8")
    return folder


def _files(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


def test_filters_and_their_values_are_sorted_and_named_after_their_bytes(tmp_path: Path) -> None:
    folder = _index(tmp_path / "pagefind")
    indexorder.settle(folder)
    entry = json.loads((folder / "pagefind-entry.json").read_text("utf-8"))
    assert list(entry) == ["languages", "version"]
    assert list(entry["languages"]) == ["en", "es"]
    meta_hash = entry["languages"]["en"]["hash"]
    assert meta_hash.startswith("en_") and len(meta_hash) == len("en_0123456789")
    meta = _unpack(folder / f"pagefind.{meta_hash}.pf_meta")
    assert isinstance(meta, list)
    assert [name for name, _ in meta[3]] == ["Kind", "Section"]
    kind = _unpack(folder / "filter" / f"{meta[3][0][1]}.pf_filter")
    assert kind == ["Kind", [["Claim", [1]], ["Page", [0, 2]]]]  # each value keeps its pages
    section = _unpack(folder / "filter" / f"{meta[3][1][1]}.pf_filter")
    assert section == ["Section", [["Alpha", [0, 1]], ["Zeta", [2]]]]
    # only the files the entry names are left: 2 filters and a metadata file per language
    names = sorted(_files(folder))
    assert len([n for n in names if n.endswith(".pf_filter")]) == 4
    assert len([n for n in names if n.endswith(".pf_meta")]) == 2
    assert not any("aaaaaaa" in n or "0123456789" in n for n in names)


def test_the_same_index_in_another_order_gives_the_same_files(tmp_path: Path) -> None:
    first = _index(tmp_path / "one")
    second = _index(tmp_path / "two")
    meta = second / "pagefind.en_0123456789.pf_meta"
    shuffled = _unpack(meta)
    assert isinstance(shuffled, list)
    shuffled[3].reverse()  # as another run of Pagefind may list them
    meta.write_bytes(_pack(shuffled))
    indexorder.settle(first)
    indexorder.settle(second)
    assert _files(first) == _files(second)
    indexorder.settle(first)  # settled already: nothing changes
    assert _files(first) == _files(second)


def test_an_index_in_a_form_not_known_is_left_as_it_was(tmp_path: Path) -> None:
    folder = _index(tmp_path / "pagefind", version="2.0.0")
    before = _files(folder)
    indexorder.settle(folder)
    after = _files(folder)
    assert after.keys() == before.keys()
    assert {k: v for k, v in after.items() if k != "pagefind-entry.json"} == {
        k: v for k, v in before.items() if k != "pagefind-entry.json"
    }
    entry = json.loads(after["pagefind-entry.json"])  # still named as it was, keys sorted
    assert entry["languages"]["en"]["hash"] == "en_0123456789"
    assert list(entry["languages"]) == ["en", "es"]


def test_a_missing_filter_file_leaves_every_file_as_it_was(tmp_path: Path) -> None:
    folder = _index(tmp_path / "pagefind")
    (folder / "filter" / "es_bbbbbbb.pf_filter").unlink()  # the last language read
    before = _files(folder)
    indexorder.settle(folder)
    after = _files(folder)
    assert after.keys() == before.keys()  # no file of a half-sorted index is written
    entry = json.loads(after["pagefind-entry.json"])
    assert {lang: v["hash"] for lang, v in entry["languages"].items()} == {
        "en": "en_0123456789",
        "es": "es_0123456789",
    }


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(lambda data: data[: len(data) // 2], id="cut short"),
        pytest.param(lambda data: b"not gzip at all", id="not packed"),
        pytest.param(lambda data: gzip.compress(SIGNATURE + b"\xff\x00"), id="not cbor"),
        pytest.param(lambda data: _pack(["Kind", "not a list of values"]), id="other shape"),
        pytest.param(lambda data: _pack(["Kind", [["Page"], ["Claim"]]]), id="no pages"),
    ],
)
def test_a_filter_file_in_a_form_not_known_leaves_every_file_as_it_was(
    tmp_path: Path, damage: Callable[[bytes], bytes]
) -> None:
    folder = _index(tmp_path / "pagefind")
    damaged = folder / "filter" / "en_aaaaaaa.pf_filter"
    damaged.write_bytes(damage(damaged.read_bytes()))
    before = _files(folder)
    indexorder.settle(folder)
    after = _files(folder)
    assert {k: v for k, v in after.items() if k != "pagefind-entry.json"} == {
        k: v for k, v in before.items() if k != "pagefind-entry.json"
    }
