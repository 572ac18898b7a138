"""Finding content files: sorted, editor droppings ignored, collisions and odd links reported."""

from __future__ import annotations

import os
import unicodedata
from pathlib import Path

import pytest

from recordhub import sources
from recordhub.diagnostics import Severity

EDITOR_FILES = [
    ".foo.md.swp",  # Vim swap
    ".foo.md.swx",
    ".foo.swp",
    "foo.md~",  # backup
    "#foo.md#",  # Emacs autosave
    ".#foo.md",  # Emacs lock
    "foo.md___jb_tmp___",  # JetBrains safe write
    "foo.md___jb_old___",
    "4913",  # Vim's write test
    "foo.md.tmp",
    "foo.md.bak",
    "foo.md.orig",
    ".DS_Store",
    "Thumbs.db",
    "desktop.ini",
    "~$statement.docx",  # Microsoft Office owner file: the editor's name, while it is open
    "~$ess briefing.pptx",
    "statement.docx.sb-2f4a1c3d-Qz1xYb",  # macOS safe save
    "chart.png.sb-00ff99aa-a1B2c3",
    "foo.md.crswap",  # an editor in a browser tab (Chromium's file access) saving foo.md
]


@pytest.mark.parametrize("name", EDITOR_FILES)
def test_editor_files_are_ignored(name: str) -> None:
    assert sources.is_ignored(name)


@pytest.mark.parametrize(
    "name",
    [
        "foo.md",
        "_index.md",
        "chart.png",
        "4913.md",
        "a~b.md",
        "report.pdf",
        "c#.md",
        "a~$b.docx",
        "notes.sb-draft.md",
    ],
)
def test_content_files_are_kept(name: str) -> None:
    assert not sources.is_ignored(name)


def write(root: Path, names: list[str]) -> Path:
    content = root / "content"
    for name in names:
        path = content / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("---\ntitle: x\n---\n", encoding="utf-8")
    return content


def rel_paths(root: Path) -> tuple[list[str], list[str]]:
    found, problems = sources.discover(root / "content", root)
    return [f.rel_path for f in found], [d.format() for d in problems]


def test_discover_ignores_editor_files_and_sorts(tmp_path: Path) -> None:
    write(
        tmp_path,
        [
            "zeta.md",
            "faq/_index.md",
            "faq/data.md",
            "alpha.md",
            "img/chart.png",
            ".git/config.md",
            ".hidden/page.md",
            *EDITOR_FILES,
            *(f"faq/{name}" for name in EDITOR_FILES),
        ],
    )
    assert rel_paths(tmp_path) == (
        ["alpha.md", "faq/_index.md", "faq/data.md", "img/chart.png", "zeta.md"],
        [],
    )


def test_discover_order_does_not_depend_on_creation_order(tmp_path: Path) -> None:
    names = ["b.md", "a/z.md", "a.md", "c/_index.md", "a/b/c.md"]
    write(tmp_path / "one", names)
    write(tmp_path / "two", names[::-1])
    assert rel_paths(tmp_path / "one") == rel_paths(tmp_path / "two")
    listed, _ = rel_paths(tmp_path / "one")
    assert listed == sorted(listed)


def test_source_file_properties(tmp_path: Path) -> None:
    write(tmp_path, ["faq/data.md", "faq/chart.png"])
    found, _ = sources.discover(tmp_path / "content", tmp_path)
    by_name = {f.rel_path: f for f in found}
    assert by_name["faq/data.md"].is_markdown
    assert not by_name["faq/chart.png"].is_markdown
    assert by_name["faq/data.md"].display_path == "content/faq/data.md"
    assert by_name["faq/data.md"].abs_path == tmp_path / "content" / "faq" / "data.md"


def _case_sensitive(folder: Path) -> bool:
    probe = folder / "case-probe"
    probe.write_text("")
    try:
        return not (folder / "CASE-PROBE").exists()
    finally:
        probe.unlink()


@pytest.mark.parametrize(
    ("names", "kept", "message"),
    [
        (
            ["About.md", "about.md"],
            ["About.md"],
            "content/about.md: error: differs only in case from content/About.md",
        ),
        (
            ["FAQ/data.md", "faq/data.md"],
            ["FAQ/data.md"],
            "content/faq/data.md: error: differs only in case from content/FAQ/data.md",
        ),
    ],
)
def test_case_only_collision_is_reported(
    tmp_path: Path, names: list[str], kept: list[str], message: str
) -> None:
    (tmp_path / "content").mkdir()
    if not _case_sensitive(tmp_path / "content"):
        pytest.skip("the file system folds case, so the collision cannot be created")
    write(tmp_path, names)
    listed, problems = rel_paths(tmp_path)
    assert listed == kept
    assert problems == [
        message
        + "\n  hint: rename one of the two; they would collide on macOS, Windows and most CDNs"
    ]


def _nfc_nfd_pair(content: Path) -> bool:
    nfc, nfd = unicodedata.normalize("NFC", "café.md"), unicodedata.normalize("NFD", "café.md")
    (content / nfc).write_text("---\ntitle: a\n---\n", encoding="utf-8")
    try:
        (content / nfd).write_text("---\ntitle: b\n---\n", encoding="utf-8")
    except OSError:
        return False
    return len(os.listdir(content)) == 2


def test_nfc_and_nfd_names_are_one_nfc_path(tmp_path: Path) -> None:
    content = tmp_path / "content"
    content.mkdir()
    (content / unicodedata.normalize("NFD", "résumé.md")).write_text("---\ntitle: r\n---\n")
    listed, problems = rel_paths(tmp_path)
    assert listed == [unicodedata.normalize("NFC", "résumé.md")]
    assert problems == []


def test_nfc_nfd_collision_is_explained(tmp_path: Path) -> None:
    content = tmp_path / "content"
    content.mkdir()
    if not _nfc_nfd_pair(content):
        pytest.skip("the file system normalises names")
    _, problems = rel_paths(tmp_path)
    assert len(problems) == 1
    assert "differs only in case" not in problems[0]
    assert "normali" in problems[0].lower() or "unicode" in problems[0].lower()


def test_missing_content_folder(tmp_path: Path) -> None:
    found, problems = sources.discover(tmp_path / "content", tmp_path)
    assert found == []
    assert [d.format() for d in problems] == [
        "content: error: no content/ folder\n  hint: create content/_index.md for the home page"
    ]


_EMPTY = (
    "content: warning: content/ has no pages: the site is a home page with nothing on it\n"
    "  hint: add pages as Markdown files, such as content/_index.md, or run: recordhub new page "
    '"About us"'
)


@pytest.mark.parametrize("files", [[], ["logo.png"], ["press/kit.pdf", "notes.txt"]])
def test_a_content_folder_without_pages_is_told(tmp_path: Path, files: list[str]) -> None:
    content = tmp_path / "content"
    content.mkdir()
    for name in files:
        (content / name).parent.mkdir(parents=True, exist_ok=True)
        (content / name).write_bytes(b"x")
    found, problems = sources.discover(content, tmp_path)
    assert sorted(f.rel_path for f in found) == sorted(files)
    assert problems == []
    assert [d.format() for d in sources.no_pages(content, found)] == [_EMPTY]


def test_one_page_is_enough_to_say_nothing(tmp_path: Path) -> None:
    content = tmp_path / "content"
    (content / "deep" / "er").mkdir(parents=True)
    (content / "deep" / "er" / "only.md").write_text("---\ntitle: Only\n---\n")
    found, problems = sources.discover(content, tmp_path)
    assert problems == []
    assert sources.no_pages(content, found) == []
    assert sources.no_pages(tmp_path / "elsewhere", []) == []  # told by discover


def test_symlink_outside_the_project_is_not_followed(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.md").write_text("---\ntitle: s\n---\n")
    hub = tmp_path / "hub"
    content = write(hub, ["_index.md"])
    (content / "leak.md").symlink_to(outside / "secret.md")
    (content / "leakdir").symlink_to(outside, target_is_directory=True)
    found, problems = sources.discover(content, hub)
    assert [f.rel_path for f in found] == ["_index.md"]
    assert [(d.path, d.severity, d.message) for d in problems] == [
        ("content/leak.md", Severity.WARNING, "symlink points outside the project; not published"),
        (
            "content/leakdir",
            Severity.WARNING,
            "symlink points outside the project; not followed",
        ),
    ]


def test_symlink_loop_is_reported(tmp_path: Path) -> None:
    content = write(tmp_path, ["_index.md", "faq/data.md"])
    (content / "faq" / "again").symlink_to(content / "faq", target_is_directory=True)
    found, problems = sources.discover(content, tmp_path)
    assert [f.rel_path for f in found] == ["_index.md", "faq/data.md"]
    assert [(d.path, d.message) for d in problems] == [
        ("content/faq/again", "symlink loop: this folder contains itself")
    ]


@pytest.mark.parametrize("name", ["con.md", "aux", "NUL.txt", "com1.md", "lpt9.md"])
def test_windows_reserved_names_warn(tmp_path: Path, name: str) -> None:
    write(tmp_path, [name])
    listed, problems = rel_paths(tmp_path)
    assert listed == [name]
    assert problems == [
        f"content/{name}: warning: '{name}' is not a valid file name on Windows\n"
        "  hint: rename the file"
    ]


@pytest.mark.parametrize(
    ("name", "meant"),
    [
        ("layoffs.MD", "layoffs.md"),
        ("layoffs.Md", "layoffs.md"),
        ("layoffs.markdown", "layoffs.md"),
        ("layoffs.mdown", "layoffs.md"),
        ("layoffs.mkd", "layoffs.md"),
        ("layoffs.md.txt", "layoffs.md"),
        ("layoffs.MD.TXT", "layoffs.md"),
    ],
)
def test_a_page_file_not_named_md_is_refused_not_published(
    tmp_path: Path, name: str, meant: str
) -> None:
    write(tmp_path, ["_index.md", f"statements/{name}", "statements/chart.png"])
    found, problems = rel_paths(tmp_path)
    assert found == ["_index.md", "statements/chart.png"]
    assert problems == [
        f"content/statements/{name}: error: looks like a page, but only files whose names end "
        "in .md are pages: it would be published as it is, unbuilt\n"
        f"  hint: rename it to {meant}"
    ]


@pytest.mark.parametrize("name", ["notes.txt", "md.txt", "readme.mdx.png", "cmd.exe", "a.mdx"])
def test_other_files_are_not_taken_for_pages(tmp_path: Path, name: str) -> None:
    write(tmp_path, [name])
    assert rel_paths(tmp_path) == ([name], [])
