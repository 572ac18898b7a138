"""A web app manifest of the hub's (static/manifest.webmanifest): its icons are files of the site,
in the hub's folder and of the sizes it claims, and the app it describes stays in that folder."""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

import pytest

from hubtest import SITE_YML, make_site, run_cli

FOLDER_SITE = SITE_YML.replace("https://hub.example/", "https://hub.example/facts/")


def png(width: int, height: int) -> bytes:
    """The signature and header of a PNG image of that size, as an icon's file begins."""
    header = struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0)
    crc = struct.pack(">I", zlib.crc32(b"IHDR" + header))
    return b"\x89PNG\r\n\x1a\n" + struct.pack(">I", 13) + b"IHDR" + header + crc


def ico(*sizes: int) -> bytes:
    """An ICO file's directory of square images of these sizes (256 is written as 0)."""
    entries = b"".join(
        bytes([size % 256, size % 256, 0, 0, 1, 0, 32, 0]) + bytes(8) for size in sizes
    )
    return b"\x00\x00\x01\x00" + struct.pack("<H", len(sizes)) + entries


HUB: dict[str, str | bytes] = {
    "content/_index.md": "---\ntitle: Home\n---\nWelcome.\n",
    "static/icons/192.png": png(192, 192),
    "static/icons/512.png": png(512, 512),
    "static/favicon.ico": ico(16, 32, 256),
}

GOOD = """\
{
  "name": "Facts",
  "start_url": "./",
  "scope": "./",
  "icons": [
    {"src": "icons/192.png", "sizes": "192x192", "type": "image/png"},
    {"src": "icons/512.png", "sizes": "512x512", "type": "image/png"},
    {"src": "favicon.ico", "sizes": "16x16 32x32 256x256"}
  ]
}
"""


def told(err: str) -> list[str]:
    """Each problem of the manifest with its hint, as printed."""
    lines = err.splitlines()
    return [f"{line}\n{lines[n + 1]}" for n, line in enumerate(lines) if "webmanifest:" in line]


@pytest.mark.parametrize("site_yml", [SITE_YML, FOLDER_SITE], ids=["root", "folder"])
def test_a_manifest_whose_icons_are_there_and_of_their_sizes_is_not_told(
    tmp_path: Path, site_yml: str
) -> None:
    hub = make_site(tmp_path / "hub", {**HUB, "static/manifest.webmanifest": GOOD}, site_yml)
    run = run_cli("-C", hub, "check")
    assert run.code == 0, run.err
    assert told(run.err) == []


def test_a_manifest_of_a_hub_in_a_folder_is_told_what_lies_outside_it(tmp_path: Path) -> None:
    manifest = GOOD.replace('"./",\n  "scope"', '"/",\n  "scope"').replace(
        '"scope": "./"', '"scope": "/"'
    )
    manifest = manifest.replace('"icons/192.png"', '"/icons/192.png"')
    hub = make_site(tmp_path / "hub", {**HUB, "static/manifest.webmanifest": manifest}, FOLDER_SITE)
    run = run_cli("-C", hub, "check")
    assert run.code == 1, run.err
    assert told(run.err) == [
        "static/manifest.webmanifest:3:16: error: the web manifest's start_url / is outside the "
        "hub's folder /facts/: the installed app would open the domain's own page there\n"
        '  hint: write "start_url": "/facts/"',
        "static/manifest.webmanifest:4:12: error: the web manifest's scope / is outside the hub's "
        "folder /facts/: the installed app would hold every page of the domain as its own\n"
        '  hint: write "scope": "/facts/"',
        "static/manifest.webmanifest:6:14: error: the web manifest's icon /icons/192.png is "
        "outside the hub's folder /facts/\n"
        "  hint: write /facts/icons/192.png, or an address relative to the manifest",
    ]


def test_a_manifest_icon_that_is_missing_or_of_other_sizes_is_told_at_its_src(
    tmp_path: Path,
) -> None:
    manifest = (
        GOOD.replace('"icons/512.png", "sizes": "512x512"', '"icons/512.png", "sizes": "1024x1024"')
        .replace('"16x16 32x32 256x256"', '"16x16 48x48"')
        .replace('"start_url": "./"', '"start_url": "gone/"')
        .replace('"icons/192.png"', '"icons/gone.png"')
    )
    hub = make_site(tmp_path / "hub", {**HUB, "static/manifest.webmanifest": manifest}, FOLDER_SITE)
    run = run_cli("-C", hub, "check")
    assert run.code == 1, run.err
    assert told(run.err) == [
        "static/manifest.webmanifest:3:16: error: the web manifest's start_url gone/ leads to no "
        "page of the site\n"
        '  hint: write "start_url": "/facts/"',
        "static/manifest.webmanifest:6:14: error: the web manifest's icon icons/gone.png is no "
        "file of the site\n"
        "  hint: check the path; it is relative to the manifest",
        "static/manifest.webmanifest:7:14: warning: the web manifest says its icon icons/512.png "
        "is 1024x1024, but the image is 512x512\n"
        '  hint: give "sizes": "512x512", or an image of 1024x1024; browsers choose an icon by '
        "its sizes",
        "static/manifest.webmanifest:8:14: warning: the web manifest says its icon favicon.ico is "
        "48x48, but the image is 16x16 32x32 256x256\n"
        '  hint: give "sizes": "16x16 32x32 256x256", or an image of 48x48; browsers choose an '
        "icon by its sizes",
    ]


def test_a_manifest_that_is_no_json_is_told_where_it_breaks(tmp_path: Path) -> None:
    manifest = GOOD.replace('"name": "Facts",', '"name": "Facts"')  # a comma left out
    hub = make_site(tmp_path / "hub", {**HUB, "static/manifest.webmanifest": manifest})
    run = run_cli("-C", hub, "check")
    assert told(run.err) == [
        "static/manifest.webmanifest:3:3: warning: the web manifest is not valid JSON (Expecting "
        "',' delimiter), so browsers ignore it\n"
        "  hint: correct the JSON",
    ]


def test_a_manifest_after_a_byte_order_mark_is_read_as_browsers_read_it(tmp_path: Path) -> None:
    manifest = "\ufeff" + GOOD.replace('"512x512"', '"500x500"')
    files = {**HUB, "static/manifest.webmanifest": manifest.encode("utf-8")}
    hub = make_site(tmp_path / "hub", files)
    run = run_cli("-C", hub, "check")
    assert told(run.err) == [
        "static/manifest.webmanifest:7:14: warning: the web manifest says its icon icons/512.png "
        "is 500x500, but the image is 512x512\n"
        '  hint: give "sizes": "512x512", or an image of 500x500; browsers choose an icon by '
        "its sizes",
    ]
