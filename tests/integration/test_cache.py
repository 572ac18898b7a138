"""The Markdown cache and the speed features: hits and misses, damaged entries, --no-cache,
``check``, pruning, builds at once, conversion on all cores, the per-page time limit, progress on
a terminal, and a ``--version`` that does not import the pipeline."""

from __future__ import annotations

import gc
import io
import json
import os
import re
import shutil
import sqlite3
import stat
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

import recordhub
from cacheentries import Entry, made_up, snapshot
from cacheentries import entries as cache_entries
from hubtest import SITE_YML, make_site, resave, run_cli, tree
from recordhub import (
    bodykeys,
    cachefile,
    config,
    convert,
    converted,
    external,
    ingested,
    linkfetch,
    model,
    progress,
)
from recordhub.build import BuildOptions, BuildResult, build
from recordhub.diagnostics import Severity
from recordhub.markdown import Rendered
from recordhub.render import THEME_DIR
from recordhub.sealed import seal, unseal

EPOCH = "1772366400"  # 2026-03-01 12:00 UTC: every build of a test sees the same "now"
HUB = {
    "content/_index.md": "---\ntitle: Home\n---\nWelcome to the *hub*.\n",
    "content/about.md": (
        "---\ntitle: About\n---\n# Who & why\n\n## Our team\n\n### Press\n\n"
        "See [the answer](faq/answer.md).[^1]\n\n[^1]: A footnote.\n"
    ),
    "content/faq/_index.md": "---\ntitle: Questions\n---\nCommon questions.\n",
    "content/faq/answer.md": (
        "---\ntitle: Answer\n---\n| a | b |\n|---|---|\n| 1 | 2 |\n\n"
        "```python\nprint('x')\n```\n\n<script>alert(1)</script>\n\nAfter the script.\n"
    ),
}
CONVERTED = len(HUB)  # every page has its own body, so one entry each
ABOUT_MARK = "Who &amp; why"  # in the cached HTML of content/about.md
TIME_LIMIT_HINT = (
    "  hint: look for very long runs of [ or ` or deeply nested lists and quotes; split the page"
)


@pytest.fixture(autouse=True)
def _fixed_now(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)


@pytest.fixture
def hub(tmp_path: Path) -> Path:
    return make_site(tmp_path / "hub", HUB)


def run_build(hub: Path, out: Path, *flags: str) -> str:
    """Build through the CLI, which must succeed; return its summary line.

    Without the search index: Pagefind's index is not byte-for-byte reproducible (two runs over
    identical pages can name its metadata file differently), and it has nothing to do with the
    Markdown cache."""
    resave(hub)  # these tests are about the cache of a full build
    run = run_cli("-C", hub, "build", "--no-search", "-o", out, *flags)
    assert run.code == 0, run.err
    assert "Traceback" not in run.err + run.out
    return run.out


def hits(summary: str) -> int:
    found = re.search(r"\((\d+) from cache[,)]", summary)
    assert found, summary
    return int(found.group(1))


def entries(hub: Path) -> list[Entry]:
    """Every entry in the Markdown cache."""
    return cache_entries(hub / convert.CACHE_DIR)


def pruned_long_ago(hub: Path) -> None:
    """Let a day pass since the last build pruned the cache: the next build prunes again."""
    age([hub / convert.CACHE_DIR / converted.PRUNED], 1.5)


def read_entry(entry: Entry) -> dict[str, object]:
    """A cache entry's JSON, after its digest line."""
    return entry.json()


def write_entry(entry: Entry, data: object) -> None:
    """Write data as a cache entry with a digest that holds: damage only the checks see."""
    entry.write_bytes(seal(json.dumps(data).encode()))


def entry_with(hub: Path, text: str) -> Entry:
    """The one cache entry whose HTML contains text."""
    found = [p for p in entries(hub) if text in str(read_entry(p)["html"])]
    assert len(found) == 1, found
    return found[0]


def age(paths: list[Entry] | list[Path], days: float) -> None:
    then = time.time() - days * 86400
    for path in paths:
        if isinstance(path, Entry):
            path.age(days)
        else:
            os.utime(path, (then, then))


def fake_entry(hub: Path, key: str, days_old: float) -> Entry:
    return made_up(hub / convert.CACHE_DIR, key, days_old)


def html(out: Path, rel: str) -> str:
    return (out / rel).read_text(encoding="utf-8")


# ---- hits and misses -------------------------------------------------------------------------


def test_second_build_takes_every_converted_page_from_the_cache(hub: Path, tmp_path: Path) -> None:
    first = run_build(hub, tmp_path / "out1")
    assert hits(first) == 0
    assert len(entries(hub)) == CONVERTED
    for path in entries(hub):
        data = read_entry(path)
        assert path.key == data["key"]
        assert re.fullmatch(r"[0-9a-f]{40}", path.key)
    second = run_build(hub, tmp_path / "out2")
    assert hits(second) == CONVERTED
    assert len(entries(hub)) == CONVERTED
    assert tree(tmp_path / "out1") == tree(tmp_path / "out2")


def test_a_cached_page_keeps_its_sanitiser_warning(hub: Path, tmp_path: Path) -> None:
    warned = "content/faq/answer.md:12:1: warning: removed from the page's HTML: <script>"
    first = run_cli("-C", hub, "build", "--no-search", "-o", tmp_path / "out")
    resave(hub)
    second = run_cli("-C", hub, "build", "--no-search", "-o", tmp_path / "out")
    assert first.code == second.code == 0
    assert hits(second.out) == CONVERTED
    assert warned in first.err.splitlines()
    assert warned in second.err.splitlines()


def test_editing_one_body_misses_only_that_page(hub: Path, tmp_path: Path) -> None:
    run_build(hub, tmp_path / "out")
    (hub / "content/about.md").write_text("---\ntitle: About\n---\nRewritten *body*.\n", "utf-8")
    summary = run_build(hub, tmp_path / "out")
    assert hits(summary) == CONVERTED - 1
    assert "<p>Rewritten <em>body</em>.</p>" in html(tmp_path / "out", "about/index.html")
    assert len(entries(hub)) == CONVERTED + 1  # the old entry stays until it is pruned


def test_editing_only_the_front_matter_still_hits(hub: Path, tmp_path: Path) -> None:
    run_build(hub, tmp_path / "out")
    about = hub / "content/about.md"
    about.write_text(about.read_text("utf-8").replace("title: About", "title: About us"), "utf-8")
    summary = run_build(hub, tmp_path / "out")
    assert hits(summary) == CONVERTED
    assert "About us" in html(tmp_path / "out", "about/index.html")


@pytest.mark.parametrize(
    "markdown",
    [
        "markdown: {extensions: [toc, tables, fenced_code, attr_list]}",
        "markdown: {extension_configs: {toc: {permalink: true}}}",
    ],
    ids=["extension-list", "extension-configs"],
)
def test_changing_the_markdown_settings_misses_every_page(
    hub: Path, tmp_path: Path, markdown: str
) -> None:
    run_build(hub, tmp_path / "before")
    (hub / "site.yml").write_text(SITE_YML + markdown + "\n", "utf-8")
    changed = run_build(hub, tmp_path / "after")
    assert hits(changed) == 0
    assert tree(tmp_path / "before") != tree(tmp_path / "after")
    assert hits(run_build(hub, tmp_path / "again")) == CONVERTED
    assert tree(tmp_path / "after") == tree(tmp_path / "again")


def test_the_extension_list_changes_what_the_cached_pages_say(hub: Path, tmp_path: Path) -> None:
    run_build(hub, tmp_path / "before")
    assert "[^1]" not in html(tmp_path / "before", "about/index.html")
    yml = SITE_YML + "markdown: {extensions: [toc, tables, fenced_code]}\n"
    (hub / "site.yml").write_text(yml, "utf-8")
    run_build(hub, tmp_path / "after")
    assert "[^1]" in html(tmp_path / "after", "about/index.html")  # no footnotes extension


def test_code_coloured_by_pygments_is_not_served_once_pygments_is_gone(tmp_path: Path) -> None:
    # codehilite colours code with Pygments when it is installed, and leaves it plain when not:
    # Pygments installed or removed (or upgraded) since changes what the pages say
    yml = SITE_YML + "markdown: {extensions: [fenced_code, codehilite]}\n"
    code = '---\ntitle: Home\n---\nCode:\n\n```python\nprint("hi")\n```\n'
    hub = make_site(tmp_path / "hub", {"content/_index.md": code}, site_yml=yml)
    out = tmp_path / "out"
    run_build(hub, out)
    assert '<span class="nb">print</span>' in html(out, "index.html")
    gone = tmp_path / "gone" / "pygments"  # found first, and fails as a missing module does
    gone.mkdir(parents=True)
    (gone / "__init__.py").write_text('raise ImportError("No module named pygments")\n', "utf-8")
    env = {**os.environ, "PYTHONPATH": str(gone.parent)}
    for folder, flags in ((out, []), (tmp_path / "fresh", ["--no-cache"])):
        resave(hub)  # a full build, not the check that nothing changed
        command = ["-C", str(hub), "build", "--no-search", "-o", str(folder), *flags]
        run = subprocess.run(
            [sys.executable, "-m", "recordhub", *command], env=env, capture_output=True, text=True
        )
        assert run.returncode == 0, run.stderr
    assert '<code class="language-python">print' in html(tmp_path / "fresh", "index.html")
    assert tree(out) == tree(tmp_path / "fresh")


@pytest.mark.parametrize("what", ["__version__", "CACHE_FORMAT"])
def test_another_recordhub_version_or_cache_format_misses_every_page(
    hub: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, what: str
) -> None:
    run_build(hub, tmp_path / "out")
    monkeypatch.setattr(bodykeys, what, "999.0" if what == "__version__" else 999)
    assert hits(run_build(hub, tmp_path / "out")) == 0
    assert hits(run_build(hub, tmp_path / "out")) == CONVERTED


# ---- damaged entries -------------------------------------------------------------------------


def _truncate(path: Entry) -> None:
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])


def _rewrite(path: Entry, change: Callable[[dict[str, object]], object]) -> None:
    write_entry(path, change(read_entry(path)))


def _other_key(data: dict[str, object]) -> dict[str, object]:
    return {**data, "key": "0" * 40, "html": "<p>POISON</p>"}


DAMAGE: dict[str, Callable[[Entry], None]] = {
    "truncated": _truncate,
    "empty": lambda p: p.write_bytes(b""),
    # a byte changed after the entry was written: what it says can no longer be believed
    "one-byte-changed": lambda p: p.write_bytes(p.read_bytes().replace(b"why", b"WHY", 1)),
    "digest-line-only": lambda p: p.write_bytes(p.read_bytes()[:33]),
    "no-digest": lambda p: p.write_bytes(bytes(unseal(p.read_bytes()) or b"")),
    "invalid-json": lambda p: p.write_bytes(seal(b'{"key": "')),
    "not-utf8": lambda p: p.write_bytes(seal(b'{"key": "\xff\xfe"}')),
    "other-key": lambda p: _rewrite(p, _other_key),
    "no-key": lambda p: _rewrite(p, lambda d: {k: v for k, v in d.items() if k != "key"}),
    "html-not-text": lambda p: _rewrite(p, lambda d: {**d, "html": ["<p>POISON</p>"]}),
    "no-headings": lambda p: _rewrite(p, lambda d: {k: v for k, v in d.items() if k != "headings"}),
    "bad-heading": lambda p: _rewrite(p, lambda d: {**d, "headings": [{"level": "one"}]}),
    "headings-null": lambda p: _rewrite(p, lambda d: {**d, "headings": None}),
    # valid JSON that is not an object where one belongs (once an uncaught AttributeError)
    "json-null": lambda p: p.write_bytes(seal(b"null")),
    "json-list": lambda p: p.write_bytes(seal(b"[]")),
    "json-string": lambda p: p.write_bytes(seal(b'"<p>POISON</p>"')),
    "heading-a-list": lambda p: _rewrite(p, lambda d: {**d, "headings": [[1, "x", "y"]]}),
    # of another type than was written: once taken a character at a time, as warnings and links
    "removed-a-string": lambda p: _rewrite(p, lambda d: {**d, "removed": "onclick"}),
    "links-a-string": lambda p: _rewrite(p, lambda d: {**d, "links": "https://x.example/"}),
    # a string no page's UTF-8 can hold: once an internal error as the page was written
    "lone-surrogate": lambda p: _rewrite(p, lambda d: {**d, "html": "<p>POISON \ud800</p>"}),
    "heading-title-null": lambda p: _rewrite(
        p, lambda d: {**d, "headings": [{"level": 1, "id": "x", "title": None, "children": []}]}
    ),
}


@pytest.mark.parametrize(
    "damage",
    [pytest.param(f, id=name) for name, f in DAMAGE.items()],
)
def test_a_damaged_entry_is_converted_again_and_rewritten(
    hub: Path, tmp_path: Path, damage: Callable[[Entry], None]
) -> None:
    run_build(hub, tmp_path / "out")
    good = tree(tmp_path / "out")
    entry = entry_with(hub, ABOUT_MARK)
    good_entry = entry.read_bytes()
    key = entry.key
    damage(entry)
    # without the last build's snapshot every body is looked up in the conversion cache
    shutil.rmtree(hub / convert.CACHE_DIR / ingested.FOLDER)
    resave(hub)
    run = run_cli("-C", hub, "build", "--no-search", "-o", tmp_path / "out")
    assert run.code == 0, run.err
    assert hits(run.out) == CONVERTED - 1
    assert tree(tmp_path / "out") == good
    assert "POISON" not in html(tmp_path / "out", "about/index.html")
    # replaced by the right entry, which the next build can use
    assert entry.read_bytes() == good_entry
    assert converted.Store(hub / convert.CACHE_DIR, writable=False).load(key) is not None


@pytest.mark.parametrize("name", ["truncated", "one-byte-changed", "other-key", "json-string"])
def test_a_damaged_entry_is_never_served_to_a_page_rendered_again(
    hub: Path, tmp_path: Path, name: str
) -> None:
    # the snapshot still knows the page, so only rendering it again reads the entry's HTML
    run_build(hub, tmp_path / "out")
    entry = entry_with(hub, ABOUT_MARK)
    good_entry = entry.read_bytes()
    DAMAGE[name](entry)
    (hub / "templates").mkdir(exist_ok=True)
    base = (THEME_DIR / "templates" / "base.html").read_text("utf-8")
    (hub / "templates" / "base.html").write_text(base.replace("</body>", "<!-- v2 --></body>"))
    run_build(hub, tmp_path / "out")
    run_build(hub, tmp_path / "fresh", "--no-cache")
    assert tree(tmp_path / "out") == tree(tmp_path / "fresh")
    assert "<!-- v2 -->" in html(tmp_path / "out", "about/index.html")
    assert ABOUT_MARK in html(tmp_path / "out", "about/index.html")
    assert entry.read_bytes() == good_entry  # converted again and written back


def test_an_entry_with_the_right_key_is_what_gets_served(hub: Path, tmp_path: Path) -> None:
    """The other side of the damage tests: the cache really is read, by key."""
    run_build(hub, tmp_path / "out")
    _rewrite(entry_with(hub, ABOUT_MARK), lambda d: {**d, "html": "<p>SERVED-FROM-CACHE</p>"})
    # a new output folder: no page can be carried over, so every page is rendered from the cache
    run_build(hub, tmp_path / "second")
    assert "SERVED-FROM-CACHE" in html(tmp_path / "second", "about/index.html")


def _other_layout(path: Path) -> None:
    with sqlite3.connect(path) as db:
        db.execute("PRAGMA user_version = 7")
    db.close()


def _other_body(columns: str, layout: int) -> Callable[[Path], None]:
    """The file replaced by one whose body table has other columns, of user_version layout."""

    def damage(path: Path) -> None:
        path.unlink()
        with sqlite3.connect(path) as db:
            db.execute(f"CREATE TABLE body ({columns})")
            db.execute(f"PRAGMA user_version = {layout}")
        db.close()

    return damage


FILE_DAMAGE: dict[str, Callable[[Path], None]] = {
    "not-a-database": lambda p: p.write_bytes(b"not a database at all\n" * 500),
    "header-zeroed": lambda p: p.write_bytes(bytes(100) + p.read_bytes()[100:]),
    "cut-short": lambda p: p.write_bytes(p.read_bytes()[: len(p.read_bytes()) // 2 + 100]),
    "pages-overwritten": lambda p: p.write_bytes(
        p.read_bytes()[:4096] + b"\xff" * (len(p.read_bytes()) - 4096)
    ),
    "empty": lambda p: p.write_bytes(b""),
    "other-layout": _other_layout,
    # once never made again: every query failed, and every later build converted every page
    "body-of-other-columns": _other_body("a, b", 1),
    "body-of-other-columns-new-file": _other_body("a, b", 0),
    "body-without-a-primary-key": _other_body("key, used, data", 1),
}


@pytest.mark.parametrize("damage", [pytest.param(f, id=n) for n, f in FILE_DAMAGE.items()])
def test_a_damaged_cache_file_is_made_again_and_never_served(
    hub: Path, tmp_path: Path, damage: Callable[[Path], None]
) -> None:
    run_build(hub, tmp_path / "out")
    good = tree(tmp_path / "out")
    damage(hub / convert.CACHE_DIR / cachefile.FILE)
    shutil.rmtree(hub / convert.CACHE_DIR / ingested.FOLDER)  # every body is looked up
    run = run_cli("-C", hub, "build", "--no-search", "-o", tmp_path / "out")
    assert run.code == 0, run.err
    assert "Traceback" not in run.err and "database" not in run.err + run.out
    assert tree(tmp_path / "out") == good
    with sqlite3.connect(hub / convert.CACHE_DIR / cachefile.FILE) as db:
        assert db.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    db.close()
    # entries read before the damage was found went with the file: the next build writes them
    run_build(hub, tmp_path / "again", "--no-cache")
    assert tree(tmp_path / "again") == good
    run_build(hub, tmp_path / "out")
    shutil.rmtree(hub / convert.CACHE_DIR / ingested.FOLDER)  # each body is read from the file
    assert hits(run_build(hub, tmp_path / "new")) == CONVERTED
    assert tree(tmp_path / "new") == good


def test_a_folder_in_place_of_the_cache_file_only_costs_time(hub: Path, tmp_path: Path) -> None:
    run_build(hub, tmp_path / "reference", "--no-cache")
    (hub / convert.CACHE_DIR).mkdir()
    (hub / convert.CACHE_DIR / cachefile.FILE).mkdir()
    assert hits(run_build(hub, tmp_path / "out")) == 0
    assert tree(tmp_path / "out") == tree(tmp_path / "reference")
    shutil.rmtree(hub / convert.CACHE_DIR / ingested.FOLDER)  # every body is looked up
    assert hits(run_build(hub, tmp_path / "again")) == 0
    assert tree(tmp_path / "again") == tree(tmp_path / "reference")
    assert (hub / convert.CACHE_DIR / cachefile.FILE).is_dir()  # left as it was


def _another_programs_database(path: Path) -> None:
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE notes (text TEXT)")
        db.execute("INSERT INTO notes VALUES ('mine')")
    db.close()


@pytest.mark.parametrize("target", ["another-database", "nothing", "nothing-in-no-folder"])
def test_a_link_in_place_of_the_cache_file_is_replaced_not_followed(
    hub: Path, tmp_path: Path, target: str
) -> None:
    run_build(hub, tmp_path / "reference", "--no-cache")
    elsewhere = tmp_path / "elsewhere.sqlite"
    if target == "another-database":
        _another_programs_database(elsewhere)
    if target == "nothing-in-no-folder":
        elsewhere = tmp_path / "gone" / "elsewhere.sqlite"
    before = elsewhere.read_bytes() if elsewhere.exists() else None
    (hub / convert.CACHE_DIR).mkdir()
    (hub / convert.CACHE_DIR / cachefile.FILE).symlink_to(elsewhere)
    run = run_cli("-C", hub, "build", "--no-search", "-o", tmp_path / "out")
    assert run.code == 0, run.err
    assert "Traceback" not in run.err and "database" not in run.err + run.out
    assert tree(tmp_path / "out") == tree(tmp_path / "reference")
    # nothing written through the link: another program's file is its own
    assert (elsewhere.read_bytes() if elsewhere.exists() else None) == before
    assert not (hub / convert.CACHE_DIR / cachefile.FILE).is_symlink()
    shutil.rmtree(hub / convert.CACHE_DIR / ingested.FOLDER)  # each body is read from the file
    assert hits(run_build(hub, tmp_path / "again")) == CONVERTED
    assert tree(tmp_path / "again") == tree(tmp_path / "reference")


def test_a_body_the_file_no_longer_has_is_not_counted_as_from_the_cache(
    hub: Path, tmp_path: Path
) -> None:
    # the last build's snapshot still knows every body, but the file that held them has gone:
    # each page is converted again when it is rendered, so none of them is from the cache
    run_build(hub, tmp_path / "out")
    for name in (cachefile.FILE, f"{cachefile.FILE}-journal"):
        (hub / convert.CACHE_DIR / name).unlink(missing_ok=True)
    check = run_cli("-C", hub, "check")
    assert check.code == 0, check.err
    assert "(0 from cache)" in check.out
    assert hits(run_build(hub, tmp_path / "new")) == 0
    assert tree(tmp_path / "new") == tree(tmp_path / "out")
    assert hits(run_build(hub, tmp_path / "again")) == CONVERTED


@pytest.mark.parametrize("name", [cachefile.FILE, f"{cachefile.FILE}-journal"])
@pytest.mark.parametrize("command", ["build", "check"])
def test_a_fifo_in_place_of_the_cache_file_or_its_journal_only_costs_time(
    hub: Path, tmp_path: Path, name: str, command: str
) -> None:
    run_build(hub, tmp_path / "reference")
    (hub / convert.CACHE_DIR / name).unlink()
    os.mkfifo(hub / convert.CACHE_DIR / name)  # opening it would wait for a writer for ever
    shutil.rmtree(hub / convert.CACHE_DIR / ingested.FOLDER)  # every body is looked up
    out = ["--no-search", "-o", str(tmp_path / "out")] if command == "build" else []
    run = subprocess.run(
        [sys.executable, "-m", "recordhub", "-C", str(hub), command, *out],
        capture_output=True,
        text=True,
        timeout=60,  # killed then, and failing
        env={**os.environ, "SOURCE_DATE_EPOCH": EPOCH},
    )
    assert run.returncode == 0, run.stderr
    assert "Traceback" not in run.stderr and ": error:" not in run.stderr
    assert "(0 from cache)" in run.stdout
    if command == "build":
        assert tree(tmp_path / "out") == tree(tmp_path / "reference")
    assert stat.S_ISFIFO((hub / convert.CACHE_DIR / name).lstat().st_mode)  # left as it was


# ---- --no-cache and check --------------------------------------------------------------------


def test_cache_and_no_cache_write_byte_identical_output(hub: Path, tmp_path: Path) -> None:
    cold = run_build(hub, tmp_path / "cold")
    warm = run_build(hub, tmp_path / "warm")
    off = run_build(hub, tmp_path / "off", "--no-cache")
    assert (hits(cold), hits(warm)) == (0, CONVERTED)
    assert "(cache off)" in off
    assert "from cache" not in off
    assert tree(tmp_path / "cold") == tree(tmp_path / "warm") == tree(tmp_path / "off")


def test_no_cache_leaves_no_cache_folder(hub: Path, tmp_path: Path) -> None:
    assert "(cache off)" in run_build(hub, tmp_path / "out", "--no-cache")
    checked = run_cli("-C", hub, "check", "--no-cache")
    assert checked.code == 0, checked.err
    assert "(cache off)" in checked.out
    assert not (hub / convert.CACHE_DIR).exists()


def _untracked(hub: Path) -> list[str]:
    run = subprocess.run(
        ["git", "-C", str(hub), "status", "--porcelain", "--untracked-files=all"],
        capture_output=True,
        text=True,
        check=True,
    )
    return [line[3:] for line in run.stdout.splitlines()]


def test_the_cache_folder_is_left_out_of_git_and_of_backups(hub: Path, tmp_path: Path) -> None:
    subprocess.run(["git", "init", "-q", str(hub)], check=True)
    assert not (hub / ".gitignore").exists()  # the hub says nothing of the cache itself
    run_build(hub, tmp_path / "out")
    cache = hub / convert.CACHE_DIR
    assert entries(hub)
    listed = _untracked(hub)
    assert "site.yml" in listed and "content/about.md" in listed
    assert not [name for name in listed if name.startswith(convert.CACHE_DIR)]
    tag = (cache / "CACHEDIR.TAG").read_text("utf-8")
    assert tag.startswith("Signature: 8a477f597d28d172789f06886806bc55\n")  # as the spec says


def test_the_cache_folders_marks_are_put_back_and_never_written_over(
    hub: Path, tmp_path: Path
) -> None:
    run_build(hub, tmp_path / "out")
    cache = hub / convert.CACHE_DIR
    (cache / "CACHEDIR.TAG").unlink()
    (cache / ".gitignore").write_text("*\n!kept-by-hand\n", "utf-8")
    run_build(hub, tmp_path / "out")
    assert (cache / "CACHEDIR.TAG").read_text("utf-8").startswith("Signature: ")
    assert (cache / ".gitignore").read_text("utf-8") == "*\n!kept-by-hand\n"
    assert not [p for p in cache.iterdir() if p.name.endswith(".tmp")]


def test_no_cache_with_the_search_index_leaves_no_cache_folder(hub: Path, tmp_path: Path) -> None:
    run = run_cli("-C", hub, "build", "-o", tmp_path / "out", "--no-cache")
    assert run.code == 0, run.err
    assert (tmp_path / "out/pagefind/pagefind-entry.json").is_file()
    assert not (hub / convert.CACHE_DIR).exists()


def test_a_warm_build_with_the_search_index_is_byte_identical(hub: Path, tmp_path: Path) -> None:
    """The cache also keeps the search index, so the same pages give the same index bytes."""
    for out in ("cold", "warm"):
        run = run_cli("-C", hub, "build", "-o", tmp_path / out)
        assert run.code == 0, run.err
    assert (tmp_path / "cold/pagefind/pagefind-entry.json").is_file()
    assert tree(tmp_path / "cold") == tree(tmp_path / "warm")


def test_no_cache_neither_reads_nor_writes_an_existing_cache(hub: Path, tmp_path: Path) -> None:
    run_build(hub, tmp_path / "reference", "--no-cache")
    run_build(hub, tmp_path / "out")
    _rewrite(entry_with(hub, ABOUT_MARK), lambda d: {**d, "html": "<p>POISON</p>"})
    age(entries(hub), converted.KEEP_DAYS + 5)  # would be pruned by a build that used the cache
    fake_entry(hub, "ab" * 20, converted.KEEP_DAYS + 5)
    before = snapshot(hub / convert.CACHE_DIR)
    run_build(hub, tmp_path / "off", "--no-cache")
    assert tree(tmp_path / "off") == tree(tmp_path / "reference")
    assert snapshot(hub / convert.CACHE_DIR) == before


def test_check_reads_the_cache_but_writes_nothing(hub: Path, tmp_path: Path) -> None:
    cold = run_cli("-C", hub, "check")
    assert cold.code == 0, cold.err
    assert hits(cold.out) == 0
    assert not (hub / convert.CACHE_DIR).exists()
    run_build(hub, tmp_path / "out")
    age(entries(hub), converted.KEEP_DAYS + 5)
    fake_entry(hub, "cd" * 20, converted.KEEP_DAYS + 5)
    before = snapshot(hub / convert.CACHE_DIR)
    (hub / "content/about.md").write_text("---\ntitle: About\n---\nA new body.\n", "utf-8")
    warm = run_cli("-C", hub, "check")
    assert warm.code == 0, warm.err
    assert hits(warm.out) == CONVERTED - 1
    assert snapshot(hub / convert.CACHE_DIR) == before  # no new entry, no touch, no pruning


def test_check_external_with_no_cache_writes_no_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: list[str] = []

    def answer(self: external.Checker, url: str) -> linkfetch.Result:
        asked.append(url)
        return linkfetch.Result(url, 200, "ok")

    monkeypatch.setattr(external.Checker, "_fetch", answer)  # no network
    hub = make_site(
        tmp_path / "hub",
        {"content/_index.md": "---\ntitle: Home\n---\nSee [elsewhere](https://other.example/).\n"},
    )
    run = run_cli("-C", hub, "check", "--external", "--no-cache")
    assert run.code == 0, run.err
    assert asked == ["https://other.example/"]
    assert not (hub / convert.CACHE_DIR).exists()


# ---- pruning ---------------------------------------------------------------------------------


def test_pruning_removes_unused_old_entries_and_keeps_used_ones(hub: Path, tmp_path: Path) -> None:
    run_build(hub, tmp_path / "out")
    used = entries(hub)
    age(used, converted.KEEP_DAYS + 1)  # old, but this build uses them: touched, so kept
    stale = fake_entry(hub, "ee" * 20, converted.KEEP_DAYS + 1)
    recent = fake_entry(hub, "ef" * 20, converted.KEEP_DAYS - 1)
    pruned_long_ago(hub)
    started = time.time()
    assert hits(run_build(hub, tmp_path / "out")) == CONVERTED
    assert not stale.exists()
    assert recent.exists()
    assert all(p.exists() and p.used >= started - 2 for p in used)
    assert set(entries(hub)) == {*used, recent}


def test_an_edited_page_leaves_its_old_entry_to_be_pruned(hub: Path, tmp_path: Path) -> None:
    run_build(hub, tmp_path / "out")
    old = entry_with(hub, ABOUT_MARK)
    (hub / "content/about.md").write_text("---\ntitle: About\n---\nNew.\n", "utf-8")
    run_build(hub, tmp_path / "out")
    assert old.exists()
    age([old], converted.KEEP_DAYS + 1)
    pruned_long_ago(hub)
    run_build(hub, tmp_path / "out")
    assert not old.exists()
    assert len(entries(hub)) == CONVERTED


def test_the_cache_is_pruned_once_a_day(hub: Path, tmp_path: Path) -> None:
    run_build(hub, tmp_path / "out")  # the first build prunes
    used = entries(hub)
    age(used, 2)
    stale = fake_entry(hub, "ee" * 20, converted.KEEP_DAYS + 1)
    resave(hub)
    run_build(hub, tmp_path / "out")
    assert stale.exists()  # pruned within the day: not looked at again
    assert all(p.used < time.time() - 86400 for p in used)
    pruned_long_ago(hub)
    resave(hub)
    run_build(hub, tmp_path / "out")
    assert not stale.exists()
    assert used and all(p.used > time.time() - 60 for p in used)  # marked as used


def _cache_bytes(hub: Path) -> int:
    """The size on disk of the conversion cache's file and its journal."""
    file = hub / convert.CACHE_DIR / cachefile.FILE
    both = (file, file.with_name(f"{file.name}-journal"))
    return sum(p.stat().st_size for p in both if p.exists())


def test_pruning_gives_the_space_back_to_the_disk(hub: Path, tmp_path: Path) -> None:
    run_build(hub, tmp_path / "out")
    cache = hub / convert.CACHE_DIR
    with sqlite3.connect(cache / cachefile.FILE) as db:  # a megabyte of entries long unused
        then = time.time() - (converted.KEEP_DAYS + 1) * 86400
        rows = [(f"{n:040x}", then, seal(b"x" * 8000)) for n in range(128)]
        db.executemany("INSERT INTO body (key, used, data) VALUES (?, ?, ?)", rows)
    db.close()
    before = _cache_bytes(hub)
    pruned_long_ago(hub)
    resave(hub)
    run_build(hub, tmp_path / "out")
    assert len(entries(hub)) == CONVERTED
    # the journal, kept between writes, once kept the size of pruning's: as much as it freed
    assert _cache_bytes(hub) < before - 512 * 1024


@pytest.mark.parametrize("target", ["nothing", "a-file"])
def test_a_link_in_place_of_the_pruning_stamp_is_replaced_not_followed(
    hub: Path, tmp_path: Path, target: str
) -> None:
    run_build(hub, tmp_path / "out")
    elsewhere = tmp_path / "elsewhere"
    if target == "a-file":
        elsewhere.write_text("mine\n", "utf-8")
        age([elsewhere], 3)
    before = elsewhere.stat().st_mtime if elsewhere.exists() else None
    stamp = hub / convert.CACHE_DIR / converted.PRUNED
    stamp.unlink()
    stamp.symlink_to(elsewhere)
    stale = fake_entry(hub, "ee" * 20, converted.KEEP_DAYS + 1)
    resave(hub)
    run_build(hub, tmp_path / "out")
    assert not stale.exists()  # pruned: a link is no stamp
    # no file made or touched through the link; a stamp of the cache's own in its place
    assert (elsewhere.stat().st_mtime if elsewhere.exists() else None) == before
    assert stamp.is_file() and not stamp.is_symlink()
    assert time.time() - stamp.stat().st_mtime < 60


def test_a_clock_set_back_does_not_stop_the_pruning(hub: Path, tmp_path: Path) -> None:
    # the clock ran months ahead when the cache was last pruned and used, then was corrected
    run_build(hub, tmp_path / "out")
    age([hub / convert.CACHE_DIR / converted.PRUNED], -200)
    stale = fake_entry(hub, "ee" * 20, converted.KEEP_DAYS + 1)
    ahead = fake_entry(hub, "ef" * 20, -200)  # used then, and not since
    resave(hub)
    run_build(hub, tmp_path / "out")
    assert not stale.exists()
    assert ahead.exists() and ahead.used < time.time() + 60  # ages from now on


# ---- builds at once --------------------------------------------------------------------------


def test_two_builds_at_once_share_the_cache_safely(tmp_path: Path) -> None:
    files = dict(HUB)
    for i in range(20):
        files[f"content/many/p{i:02}.md"] = (
            f"---\ntitle: Page {i}\n---\n# Heading {i}\n\nBody *{i}* & more.\n"
        )
    make_site(tmp_path / "hub", files)
    env = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH}
    builds = [
        subprocess.Popen(
            [sys.executable, "-m", "recordhub", "-C", "hub", "build", "--no-search", "-o", out],
            cwd=tmp_path,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for out in ("out1", "out2")
    ]
    results = [(b.wait(timeout=120), *b.communicate()) for b in builds]
    for code, out, err in results:
        assert code == 0, err
        assert "Traceback" not in err
        assert re.search(r"\(\d+ from cache[,)]", out)
    assert tree(tmp_path / "out1") == tree(tmp_path / "out2")
    cached = entries(tmp_path / "hub")
    assert len(cached) == len(files)
    for path in cached:
        assert path.key == read_entry(path)["key"]
    assert hits(run_build(tmp_path / "hub", tmp_path / "out3")) == len(files)
    assert tree(tmp_path / "out3") == tree(tmp_path / "out1")


# ---- conversion on all cores -----------------------------------------------------------------


def many_pages(root: Path, count: int, extra: dict[str, str] | None = None) -> Path:
    files = dict(HUB)
    for i in range(count - len(HUB)):
        files[f"content/many/p{i:03}.md"] = (
            f"---\ntitle: Page {i}\n---\n# Part {i} & co\n\n## Sub {i}\n\n"
            f"Text *{i}* with a [link](../about.md) and `code`.\n\n- one\n- two\n"
        )
    files.update(extra or {})
    return make_site(root, files, SITE_YML + "markdown: {time_limit: 0.5}\n")


@pytest.fixture
def pool_calls(monkeypatch: pytest.MonkeyPatch, pooled: list[int]) -> list[int]:
    """Count the conversions that go through the process pool, on a machine of four cores."""
    monkeypatch.setattr(os, "cpu_count", lambda: 4)
    return pooled


def test_many_pages_build_identically_with_and_without_the_cache(
    tmp_path: Path, pool_calls: list[int]
) -> None:
    count = convert.PARALLEL_FROM + 10
    hub = many_pages(tmp_path / "hub", count)
    cold = run_build(hub, tmp_path / "cold")
    warm = run_build(hub, tmp_path / "warm")
    off = run_build(hub, tmp_path / "off", "--no-cache")
    assert (hits(cold), hits(warm)) == (0, count)
    assert "(cache off)" in off
    assert pool_calls == [count, count]  # the cold build and the --no-cache one
    assert tree(tmp_path / "cold") == tree(tmp_path / "warm") == tree(tmp_path / "off")
    assert len(entries(hub)) == count


def in_process(hub: Path, out: Path, cache: bool = True) -> BuildResult:
    result = build(config.load(hub), BuildOptions(out=out, cache=cache, search=False))
    assert not result.failed(strict=False), [d.format() for d in result.diagnostics]
    return result


def test_the_pool_path_writes_what_in_process_conversion_writes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, pool_calls: list[int]
) -> None:
    hub = many_pages(tmp_path / "hub", 12)
    monkeypatch.setattr(convert, "PARALLEL_FROM", 10**6)
    serial = in_process(hub, tmp_path / "serial", cache=False)
    assert pool_calls == []
    monkeypatch.setattr(convert, "PARALLEL_FROM", 2)
    pooled = in_process(hub, tmp_path / "pooled", cache=False)
    assert pool_calls == [12]
    assert serial.pages == pooled.pages
    assert tree(tmp_path / "serial") == tree(tmp_path / "pooled")
    # the pool's results are cached like any others
    in_process(hub, tmp_path / "cold")
    assert pool_calls == [12, 12]
    warm = in_process(hub, tmp_path / "warm")
    assert warm.cache_hits == 12
    assert pool_calls == [12, 12]  # nothing left to convert
    assert tree(tmp_path / "serial") == tree(tmp_path / "cold") == tree(tmp_path / "warm")


def test_the_pool_path_converts_only_the_misses(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, pool_calls: list[int]
) -> None:
    hub = many_pages(tmp_path / "hub", 12)
    monkeypatch.setattr(convert, "PARALLEL_FROM", 2)
    in_process(hub, tmp_path / "out")
    for name in ("p000", "p001", "p002"):
        page = hub / f"content/many/{name}.md"
        page.write_text(page.read_text("utf-8") + "\nEdited.\n", "utf-8")
    again = in_process(hub, tmp_path / "out")
    assert again.cache_hits == 9
    assert pool_calls == [12, 3]
    assert "<p>Edited.</p>" in html(tmp_path / "out", "many/p001/index.html")


def test_a_cache_without_most_bodies_is_asked_once_for_its_keys(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, pool_calls: list[int]
) -> None:
    count = 4 * convert._ALONE
    hub = many_pages(tmp_path / "hub", count)
    looked: list[str] = []
    load = converted.Store.load

    def counted(self: converted.Store, key: str, count: bool = True) -> Rendered | None:
        looked.append(key)
        return load(self, key, count)

    monkeypatch.setattr(converted.Store, "load", counted)
    cold = in_process(hub, tmp_path / "cold")
    assert cold.cache_hits == 0
    assert len(looked) == convert._ALONE  # then the cache's keys, none of them these
    gone = entries(hub)[::2]
    for entry in gone:
        entry.unlink()
    # without what the last build learnt of each file, every body is looked up again
    shutil.rmtree(hub / convert.CACHE_DIR / ingested.FOLDER)
    looked.clear()
    again = in_process(hub, tmp_path / "again")
    assert again.cache_hits == count - len(gone)
    # a body that is not there is no longer asked for once the keys are read
    assert len(set(looked)) == len(looked) <= convert._ALONE + count - len(gone)
    assert tree(tmp_path / "cold") == tree(tmp_path / "again")


def test_the_pool_path_enforces_the_time_limit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, pool_calls: list[int]
) -> None:
    bad = {"content/bad.md": "---\ntitle: Bad\n---\n" + "[" * 20000 + "\n"}
    hub = many_pages(tmp_path / "hub", 12, bad)
    monkeypatch.setattr(convert, "PARALLEL_FROM", 2)
    result = build(config.load(hub), BuildOptions(out=tmp_path / "out", search=False))
    assert pool_calls == [13]
    errors = [d for d in result.diagnostics if d.severity is Severity.ERROR]
    assert [(d.path, d.message) for d in errors] == [
        (
            "content/bad.md",
            "cannot convert this page: converting it took over 0.5 s, so it was stopped",
        )
    ]
    assert not (tmp_path / "out").exists()
    assert len(entries(hub)) == 12  # every page but the one that failed


# ---- the time limit --------------------------------------------------------------------------


def test_the_time_limit_stops_a_pathological_page_and_the_rest_still_build(
    tmp_path: Path,
) -> None:
    hub = make_site(
        tmp_path / "hub",
        {
            **HUB,
            "content/bad.md": "---\ntitle: Bad\n---\n" + "[" * 20000 + "\n",
            "content/other.md": "---\ntitle: Other\nweight: lots\n---\nBody.\n",
        },
        SITE_YML + "markdown: {time_limit: 1}\n",
    )
    started = time.monotonic()
    resave(hub)
    run = run_cli("-C", hub, "build", "--no-search", "-o", tmp_path / "out")
    assert time.monotonic() - started < 10
    assert run.code == 1
    lines = run.err.splitlines()
    line = (
        "content/bad.md: error: cannot convert this page: "
        "converting it took over 1 s, so it was stopped"
    )
    assert line in lines
    assert lines[lines.index(line) + 1] == TIME_LIMIT_HINT
    assert any(x.startswith("content/other.md:3:") and ": error: " in x for x in lines), run.err
    assert "Build failed: 2 errors" in run.err
    assert "Traceback" not in run.err
    assert not (tmp_path / "out").exists()
    # every other valid page was converted (and cached); the invalid one is not converted
    assert len(entries(hub)) == len(HUB)


def test_a_page_that_timed_out_is_not_cached_and_fails_again(tmp_path: Path) -> None:
    hub = make_site(
        tmp_path / "hub",
        {**HUB, "content/bad.md": "---\ntitle: Bad\n---\n" + "[" * 20000 + "\n"},
        SITE_YML + "markdown: {time_limit: 0.25}\n",
    )
    message = (
        "content/bad.md: error: cannot convert this page: "
        "converting it took over 0.25 s, so it was stopped"
    )
    for _ in range(2):
        run = run_cli("-C", hub, "build", "--no-search", "-o", tmp_path / "out")
        assert run.code == 1
        assert message in run.err.splitlines()
        assert len(entries(hub)) == CONVERTED
    (hub / "content/bad.md").write_text("---\ntitle: Bad\n---\nFixed [now].\n", "utf-8")
    summary = run_build(hub, tmp_path / "out")
    assert hits(summary) == CONVERTED
    assert "<p>Fixed [now].</p>" in html(tmp_path / "out", "bad/index.html")


@pytest.mark.parametrize("pool", [False, True], ids=["in-process", "pool"])
def test_a_page_after_a_too_deeply_nested_one_is_converted_right(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, pool_calls: list[int], pool: bool
) -> None:
    monkeypatch.setattr(convert, "PARALLEL_FROM", 2 if pool else 10**6)
    hub = make_site(
        tmp_path / "hub",
        {
            "content/_index.md": "---\ntitle: Home\n---\nWelcome.\n",
            "content/a.md": "---\ntitle: A\n---\n" + "- " * 3000 + "x\n",
            "content/b.md": "---\ntitle: B\n---\nSome *emphasis* here.\n",
        },
    )
    failed = build(config.load(hub), BuildOptions(out=tmp_path / "out", search=False))
    assert [d.message for d in failed.diagnostics if d.severity is Severity.ERROR] == [
        "cannot convert this page: it is nested too deeply to convert"
    ]
    assert bool(pool_calls) == pool
    (hub / "content/a.md").write_text("---\ntitle: A\n---\nFixed.\n", "utf-8")
    in_process(hub, tmp_path / "out")
    assert "<p>Some <em>emphasis</em> here.</p>" in html(tmp_path / "out", "b/index.html")


# ---- progress --------------------------------------------------------------------------------


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def monotonic(self) -> float:
        return self.now


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    fake = Clock()
    monkeypatch.setattr(progress, "time", SimpleNamespace(monotonic=fake.monotonic))
    return fake


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_writes_nothing_when_not_a_terminal(clock: Clock) -> None:
    stream = io.StringIO()
    shown = progress.Progress(stream)
    clock.now += progress.DELAY + 5
    for done in range(11):
        shown("converting", done, 10)
        clock.now += 1
    shown.close()
    assert stream.getvalue() == ""


def test_progress_on_a_terminal_is_on_by_default(clock: Clock) -> None:
    stream = Terminal()
    shown = progress.Progress(stream)
    clock.now += progress.DELAY
    shown("converting", 5, 10)
    assert stream.getvalue() == "\rconverting 5/10 pages\x1b[K"


def test_progress_waits_for_the_delay_then_draws_and_clears(clock: Clock) -> None:
    stream = io.StringIO()
    shown = progress.Progress(stream, enabled=True)
    clock.now += progress.DELAY / 2
    shown("converting", 1, 10)
    assert stream.getvalue() == ""  # a short build stays quiet
    clock.now += progress.DELAY
    shown("converting", 5, 10)
    assert stream.getvalue() == "\rconverting 5/10 pages\x1b[K"
    clock.now += progress.INTERVAL / 2
    shown("converting", 6, 10)  # too soon after the last line
    assert stream.getvalue().count("\r") == 1
    shown("converting", 10, 10)  # but the last step is always drawn
    clock.now += progress.INTERVAL
    shown("writing", 3, 7)
    shown.close()
    assert stream.getvalue() == (
        "\rconverting 5/10 pages\x1b[K"
        "\rconverting 10/10 pages\x1b[K"
        "\rwriting 3/7 pages\x1b[K"
        "\r\x1b[K"
    )


def test_progress_names_a_step_of_no_count_without_numbers(clock: Clock) -> None:
    stream = io.StringIO()
    shown = progress.Progress(stream, enabled=True)
    clock.now += progress.DELAY
    shown("writing", 7, 7)
    shown("checking links", 0, 0)  # drawn at once: the step after the last page
    shown.close()
    assert stream.getvalue() == ("\rwriting 7/7 pages\x1b[K\rchecking links…\x1b[K\r\x1b[K")


def test_progress_close_writes_nothing_when_nothing_was_shown(clock: Clock) -> None:
    stream = io.StringIO()
    shown = progress.Progress(stream, enabled=True)
    shown("converting", 10, 10)  # finished before the delay
    shown.close()
    assert stream.getvalue() == ""


def test_progress_with_the_delay_at_zero(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(progress, "DELAY", 0.0)
    stream = io.StringIO()
    shown = progress.Progress(stream, enabled=True)
    shown("converting", 10, 10)
    shown.close()
    assert stream.getvalue() == "\rconverting 10/10 pages\x1b[K\r\x1b[K"


def test_a_build_reports_its_progress(hub: Path, tmp_path: Path) -> None:
    calls: list[tuple[str, int, int]] = []

    def note(stage: str, done: int, total: int) -> None:
        calls.append((stage, done, total))

    cold = build(config.load(hub), BuildOptions(out=tmp_path / "out", search=False), note)
    converting = [c for c in calls if c[0] == "converting"]
    assert converting[0] == ("converting", 0, CONVERTED)
    assert converting[-1] == ("converting", CONVERTED, CONVERTED)
    assert [done for _, done, _ in converting] == sorted(done for _, done, _ in converting)
    writing = [c for c in calls if c[0] == "writing"]
    assert writing[-1] == ("writing", cold.pages, cold.pages)
    assert calls.index(converting[-1]) < calls.index(writing[0])
    # the line does not stay at writing N/N while the links are checked
    assert calls[calls.index(writing[-1]) + 1 :] == [("checking links", 0, 0)]
    calls.clear()
    build(config.load(hub), BuildOptions(out=tmp_path / "out", search=False), note)
    assert [c for c in calls if c[0] == "converting"] == [("converting", CONVERTED, CONVERTED)]


def test_progress_reaches_its_total_when_some_pages_have_errors(hub: Path, tmp_path: Path) -> None:
    # a page whose front matter is broken, or fails validation, is not converted: it is not
    # counted as one still to do, or progress would stop short (1999/2000)
    make_site(
        hub,
        {
            "content/broken.md": "---\ntitle: [unclosed\n---\nText.\n",
            "content/invalid.md": "---\ntitle: Invalid\nverdict: nonsense\n---\nText.\n",
        },
        site_yml=None,
    )
    calls: list[tuple[str, int, int]] = []

    def note(stage: str, done: int, total: int) -> None:
        calls.append((stage, done, total))

    failed = build(config.load(hub), BuildOptions(out=tmp_path / "out", search=False), note)
    assert failed.failed(strict=False)
    converting = [c for c in calls if c[0] == "converting"]
    assert converting[-1] == ("converting", CONVERTED, CONVERTED)


def test_the_cli_draws_no_progress_when_stderr_is_not_a_terminal(
    hub: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(progress, "DELAY", 0.0)
    resave(hub)
    run = run_cli("-C", hub, "build", "--no-search", "-o", tmp_path / "out")
    assert run.code == 0, run.err
    assert "\r" not in run.err + run.out
    assert "pages\x1b" not in run.err


# ---- a quick --version -----------------------------------------------------------------------

HEAVY = (
    "recordhub.build",
    "recordhub.convert",
    "recordhub.config",
    "markdown",
    "jinja2",
    "pydantic",
)


@pytest.mark.parametrize("args", [["--version"], ["--help"], ["build", "--help"]])
def test_version_and_help_do_not_import_the_pipeline(tmp_path: Path, args: list[str]) -> None:
    run = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "recordhub", *args],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert run.returncode == 0, run.stderr
    imported = {
        line.rsplit("|", 1)[-1].strip()
        for line in run.stderr.splitlines()
        if line.startswith("import time:")
    }
    assert "recordhub.cli" in imported  # the trace is really there
    heavy = sorted(m for m in imported if m in HEAVY or m.startswith(tuple(f"{h}." for h in HEAVY)))
    assert heavy == []
    if args == ["--version"]:
        assert run.stdout.strip() == f"recordhub {recordhub.__version__}"


def test_version_leaves_the_pipeline_out_of_sys_modules(tmp_path: Path) -> None:
    code = (
        "import sys\n"
        "from recordhub.cli import main\n"
        "try:\n"
        "    main(['--version'])\n"
        "except SystemExit:\n"
        "    pass\n"
        f"print(sorted(m for m in sys.modules if m.split('.')[0] in {HEAVY!r} or m in {HEAVY!r}))\n"
    )
    run = subprocess.run(
        [sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, timeout=60
    )
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip().splitlines()[-1] == "[]"


def test_the_collector_pauses_while_the_model_is_gathered_and_runs_after(
    hub: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    collecting: list[bool] = []
    planned = model.build_site

    def noting(*args: Any, **kwargs: Any) -> Any:
        collecting.append(gc.isenabled())
        return planned(*args, **kwargs)

    monkeypatch.setattr(model, "build_site", noting)
    result = build(config.load(hub), BuildOptions(out=tmp_path / "out", search=False))
    assert result.pages and collecting == [False]
    assert gc.isenabled()

    def failing(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("the model could not be made")

    monkeypatch.setattr(model, "build_site", failing)
    with pytest.raises(RuntimeError):
        build(config.load(hub), BuildOptions(out=tmp_path / "out", search=False))
    assert gc.isenabled()  # a build that fails leaves the collector on, for the preview's next


NO_SQLITE = (
    # as a Python built from source without SQLite: its import fails
    "import sys; sys.modules['sqlite3'] = None\n"
    "from recordhub.cli import main\n"
    "sys.exit(main(sys.argv[1:]))\n"
)


def test_a_python_without_sqlite3_builds_without_the_cache_and_says_so(tmp_path: Path) -> None:
    pages = {f"content/page-{n}.md": f"---\ntitle: Page {n}\n---\nText {n}.\n" for n in range(80)}
    hub = make_site(
        tmp_path / "hub", {"content/_index.md": "---\ntitle: Home\n---\nHi.\n", **pages}
    )
    expected = (
        ".recordhub-cache: notice: this Python has no sqlite3 module, which the build cache "
        "needs: each build converts every page again\n"
        "  hint: run recordhub with a Python that has it (python.org's and every system's do)\n"
    )
    for out in ("one", "two"):  # and again: no cache was left half made by the first
        run = subprocess.run(
            [
                sys.executable,
                "-c",
                NO_SQLITE,
                "-C",
                hub,
                "build",
                "--no-search",
                "-o",
                tmp_path / out,
            ],
            capture_output=True,
            text=True,
            check=False,
        )
        assert run.returncode == 0, run.stderr
        assert run.stderr.startswith(expected), run.stderr
        assert "(0 from cache)" in run.stdout
    assert not (hub / ".recordhub-cache" / cachefile.FILE).exists()
    assert run_cli("-C", hub, "build", "--no-search", "-o", tmp_path / "three").code == 0
    assert tree(tmp_path / "one") == tree(tmp_path / "two") == tree(tmp_path / "three")
