"""An image written in HTML with no alt attribute is invalid HTML that a screen reader reads
as its file name: the build says where; a Markdown image, which always has one, is not told."""

from __future__ import annotations

from pathlib import Path

from hubtest import make_site, run_cli

PNG = b"\x89PNG\r\n\x1a\n"


def test_an_img_with_no_alt_is_told_where_it_is_written(tmp_path: Path) -> None:
    body = (
        "---\ntitle: Charts\n---\n"
        "![Sales by year](chart.png) and ![](rule.png)\n\n"  # Markdown: alt given, or empty
        '<img src="chart.png" alt="">\n\n'
        'Our logo: <img src="logo.png" width="20">\n\n'  # line 8
        "`<img src=x>` in code\n"
    )
    files = {
        "content/_index.md": "---\ntitle: Home\n---\nHi.\n",
        "content/charts.md": body,
        **{f"content/{name}": PNG for name in ("chart.png", "rule.png", "logo.png")},
    }
    hub = make_site(tmp_path / "hub", files)
    run = run_cli("-C", hub, "build", "--no-search", "-o", tmp_path / "out")
    assert run.code == 0, run.err
    told = [line for line in run.err.splitlines() if line.startswith(("content/", "  hint"))]
    assert told == [
        "content/charts.md:8:11: warning: the image logo.png has no alt text: a screen reader "
        "says its file name",
        '  hint: add alt="what it shows" to the <img>, or alt="" if it only decorates',
    ]
