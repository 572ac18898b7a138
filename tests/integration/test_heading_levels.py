"""A heading of a page's text more than one level under the one before it leaves a gap in the
list of headings a screen reader gives: the build says where, and which level it should be."""

from __future__ import annotations

from pathlib import Path

from hubtest import make_site, run_cli


def test_a_heading_that_skips_a_level_is_told_at_its_line(tmp_path: Path) -> None:
    body = (
        "---\ntitle: Levels\n---\n"
        "## Data\n\n"
        "### Where\n\n"
        "```\n#### not a heading\n```\n\n"
        "#### Under three\n\n"  # line 12: one under ###, as it should be
        "## Access\n\n"
        "#### Who {#who-can}\n\n"  # line 16: under ##
        "###### Rarely\n"  # line 18: under ####
    )
    files = {"content/_index.md": "---\ntitle: Home\n---\nHi.\n", "content/levels.md": body}
    hub = make_site(tmp_path / "hub", files)
    run = run_cli("-C", hub, "build", "--no-search", "-o", tmp_path / "out")
    assert run.code == 0, run.err
    told = [line for line in run.err.splitlines() if line.startswith(("content/", "  hint"))]
    assert told == [
        "content/levels.md:16:1: warning: a heading of level 4 under one of level 2: the list "
        "of headings a screen reader gives skips a level",
        "  hint: make it ###, one # more than the heading it is under",
        "content/levels.md:18:1: warning: a heading of level 6 under one of level 4: the list "
        "of headings a screen reader gives skips a level",
        "  hint: make it #####, one # more than the heading it is under",
    ]


def test_a_skip_left_by_an_empty_heading_left_out_is_told(tmp_path: Path) -> None:
    body = (
        "---\ntitle: Levels\n---\n"
        "## Data\n\n"
        "###\n\n"  # line 6: empty, left out of the page
        "#### Where\n\n"  # line 8: published right under ##
        "## Access\n\n"
        "### <span></span>\n\n"  # line 12: no words either
        "### Who\n\n"  # line 14: under ## as published, as it should be
        "#### ![Logo](logo.png)\n\n"  # line 16: named by its image, so published
        "##### Rarely\n"  # line 18: under the image's ####, as it should be
    )
    files = {
        "content/_index.md": "---\ntitle: Home\n---\nHi.\n",
        "content/levels.md": body,
        "content/logo.png": "PNG",
    }
    hub = make_site(tmp_path / "hub", files)
    run = run_cli("-C", hub, "build", "--no-search", "-o", tmp_path / "out")
    assert run.code == 0, run.err
    told = [line for line in run.err.splitlines() if "level 4 under" in line]
    assert told == [
        "content/levels.md:8:1: warning: a heading of level 4 under one of level 2: the list "
        "of headings a screen reader gives skips a level"
    ]
    assert run.err.count("skips a level") == 1, run.err
    assert "  hint: make it ###, one # more than the heading it is under" in run.err
    prose = (tmp_path / "out/levels/index.html").read_text("utf-8")
    assert '<h2 id="data">Data</h2>\n<h4 id="where">Where</h4>' in prose  # the skip told of
