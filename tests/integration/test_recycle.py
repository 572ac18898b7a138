"""The replaced output, parked in the cache and written over by the next build (recycle)."""

from __future__ import annotations

import json
import os
import shutil
import time
from pathlib import Path

import pytest

from hubtest import make_site, resave, run_cli, tree
from recordhub import convert, output, recycle, search, writing
from recordhub.render import THEME_DIR

HUB = {
    "content/_index.md": "---\ntitle: Home\n---\nWelcome. See [about](about.md).\n",
    "content/about.md": "---\ntitle: About\nsummary: Who we are.\n---\nWe make BLUE videos.\n",
    "content/press.md": "---\ntitle: Press\nsummary: Contact.\n---\nWrite to us.\n",
    "content/faq/_index.md": "---\ntitle: Questions\n---\nAsk.\n",
    "content/faq/why.md": "---\ntitle: Why\nsummary: Why we do it.\n---\nBecause.\n",
    "static/downloads/report.txt": "A report.\n",
}


@pytest.fixture
def hub(tmp_path: Path) -> Path:
    return make_site(tmp_path / "hub", HUB)


def build(hub: Path, out: Path, *flags: str) -> str:
    resave(hub)
    run = run_cli("-C", hub, "build", "--no-search", "-o", out, *flags)
    assert run.code == 0, run.err
    assert "Traceback" not in run.err
    return run.out


def many_pages_hub(tmp_path: Path) -> Path:
    """A hub with enough pages to render in worker processes, which clear each path themselves."""
    files = dict(HUB)
    for n in range(writing.PARALLEL_FROM + 6):
        files[f"content/notes/n{n:03d}.md"] = f"---\ntitle: Note {n}\n---\nNote number {n}.\n"
    return make_site(tmp_path / "hub", files)


def new_theme(hub: Path, mark: str) -> None:
    """Change the base template, so that every page is rendered again."""
    base = (THEME_DIR / "templates" / "base.html").read_text("utf-8")
    (hub / "templates").mkdir(exist_ok=True)
    (hub / "templates" / "base.html").write_text(base.replace("</body>", f"{mark}</body>"))


def fresh(hub: Path, tmp_path: Path) -> dict[str, bytes]:
    """What a build without the cache (so without a parked tree) writes now."""
    build(hub, tmp_path / "fresh", "--no-cache")
    return tree(tmp_path / "fresh")


def spare(hub: Path, out: Path) -> Path:
    found = recycle.spare_of(hub / convert.CACHE_DIR, out)
    assert found is not None
    return found


def test_the_replaced_output_is_parked_and_nothing_is_left_beside_the_output(
    hub: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    build(hub, out)
    assert not spare(hub, out).exists()  # nothing was replaced yet
    build(hub, out)
    assert (spare(hub, out) / "about" / "index.html").is_file()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["hub", "out"]
    build(hub, out)  # writes over the parked tree and parks the one it replaced
    assert sorted(p.name for p in tmp_path.iterdir()) == ["hub", "out"]
    assert tree(out) == fresh(hub, tmp_path)


def test_a_page_written_again_never_writes_through_to_the_live_output(
    hub: Path, tmp_path: Path
) -> None:
    # carried pages are hard links, so the parked tree shares its files with the live output;
    # a build that wrote into them would change the live site before the swap
    out = tmp_path / "out"
    build(hub, out)
    build(hub, out)
    build(hub, out)
    page = out / "about" / "index.html"
    held = tmp_path / "held.html"
    held.hardlink_to(page)
    before = held.read_bytes()
    assert os.path.samefile(spare(hub, out) / "about" / "index.html", page)
    about = hub / "content" / "about.md"
    about.write_text(HUB["content/about.md"].replace("BLUE", "PINK"), "utf-8")
    build(hub, out)
    assert held.read_bytes() == before
    assert "PINK" in page.read_text("utf-8")
    assert tree(out) == fresh(hub, tmp_path)


def test_a_page_the_same_two_builds_ago_keeps_the_parked_file_untouched(
    hub: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    for _ in range(3):
        build(hub, out)
    parked = spare(hub, out)
    about = parked / "about" / "index.html"
    assert os.path.samefile(about, out / "about" / "index.html")
    before = about.stat()
    # a symbolic link to the live file, where another page's file was: not that file
    (parked / "press" / "index.html").unlink()
    (parked / "press" / "index.html").symlink_to(out / "press" / "index.html")
    build(hub, out)
    after = (out / "about" / "index.html").stat()
    # the very file, neither removed nor linked again (either would change its ctime)
    assert (after.st_ino, after.st_ctime_ns) == (before.st_ino, before.st_ctime_ns)
    assert not (out / "press" / "index.html").is_symlink()
    assert tree(out) == fresh(hub, tmp_path)


def test_whatever_the_parked_tree_holds_the_output_is_exact(hub: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    build(hub, out)
    build(hub, out)
    parked = spare(hub, out)
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "keep.txt").write_text("not ours\n")
    (parked / "stray.html").write_text("<p>left behind</p>")
    (parked / "old-section" / "deep").mkdir(parents=True)
    (parked / "old-section" / "deep" / "index.html").write_text("<p>gone</p>")
    (parked / "press" / "index.html").unlink()
    (parked / "press" / "index.html").mkdir()  # a folder where a file belongs
    (parked / "press" / "index.html" / "x").write_text("x")
    (parked / "faq").rename(parked / "faq-moved")
    (parked / "faq").write_text("a file where a folder belongs")
    (parked / "downloads" / "report.txt").unlink()
    (parked / "downloads" / "report.txt").symlink_to(outside / "keep.txt")
    (parked / "link-out").symlink_to(outside)
    build(hub, out)
    assert tree(out) == fresh(hub, tmp_path)
    assert (outside / "keep.txt").read_text() == "not ours\n"
    assert not any(p.is_symlink() for p in out.rglob("*"))


def test_a_failed_build_leaves_the_output_and_the_next_build_is_exact(
    hub: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    build(hub, out)
    build(hub, out)
    before = tree(out)
    about = hub / "content" / "about.md"
    about.write_text("---\ntitle: About\n---\nSee [missing](nowhere.md).\n", "utf-8")
    resave(hub)
    run = run_cli("-C", hub, "build", "--no-search", "-o", out)
    assert run.code == 1
    assert tree(out) == before
    about.write_text(HUB["content/about.md"], "utf-8")
    build(hub, out)
    assert tree(out) == fresh(hub, tmp_path)


def test_a_removed_page_is_gone_before_the_search_index_reads_the_folder(
    hub: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    seen: list[set[str]] = []
    real = search.index

    def spy(site_dir: Path, *args: object, **kwargs: object) -> object:
        seen.append({p.relative_to(site_dir).as_posix() for p in site_dir.rglob("*.html")})
        return real(site_dir, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(search, "index", spy)
    for _ in range(2):
        resave(hub)
        assert run_cli("-C", hub, "build", "-o", out).code == 0
    (hub / "content" / "press.md").unlink()
    resave(hub)
    run = run_cli("-C", hub, "build", "-o", out)
    assert run.code == 0, run.err
    assert len(seen) == 2  # the second build changed no page, so it ran no indexer
    assert "press/index.html" in seen[0]
    assert "press/index.html" not in seen[1]  # the parked tree still had it
    assert not (out / "press").exists()


def test_no_cache_parks_nothing(hub: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    build(hub, out, "--no-cache")
    build(hub, out, "--no-cache")
    assert not (hub / convert.CACHE_DIR).exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["hub", "out"]


def test_a_parked_tree_that_cannot_be_kept_is_removed(hub: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    build(hub, out)
    parked = spare(hub, out)
    parked.parent.mkdir(parents=True, exist_ok=True)
    parked.write_text("a file in the way")  # park() cannot rename onto it
    build(hub, out)
    assert parked.read_text() == "a file in the way"
    assert tree(out) == fresh(hub, tmp_path)


def test_make_way_clears_a_path_in_every_shape(tmp_path: Path) -> None:
    root = tmp_path / "root"
    (root / "a").mkdir(parents=True)
    (root / "a" / "b").write_text("file where a folder belongs")
    (root / "c").mkdir()
    (root / "c" / "d").mkdir()  # folder where a file belongs
    (root / "c" / "d" / "e").write_text("x")
    (root / "f").write_text("old")
    recycle.make_way(str(root), str(root / "a" / "b" / "page.html"))
    recycle.make_way(str(root), str(root / "c" / "d"))
    recycle.make_way(str(root), str(root / "f"))
    assert (root / "a" / "b").is_dir() and not any((root / "a" / "b").iterdir())
    assert not (root / "c" / "d").exists()
    assert not (root / "f").exists()


def test_sweep_keeps_exactly_the_written_files(tmp_path: Path) -> None:
    root = tmp_path / "root"
    for rel in ("a/index.html", "a/b/index.html", "c/index.html", "index.html", "d/e/f.txt"):
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(rel)
    recycle.sweep(root, ["a/index.html", "./index.html", "d//e/f.txt"])
    found = sorted(p.relative_to(root).as_posix() for p in root.rglob("*"))
    assert found == ["a", "a/index.html", "d", "d/e", "d/e/f.txt", "index.html"]


def test_without_an_atomic_exchange_the_replaced_output_is_parked_too(
    hub: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # systems without renameat2 move the old output aside, then the new one in
    monkeypatch.setattr(output, "_exchange", lambda first, second: False)
    out = tmp_path / "out"
    for _ in range(3):
        build(hub, out)
    assert (spare(hub, out) / "about" / "index.html").is_file()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["hub", "out"]
    assert tree(out) == fresh(hub, tmp_path)


def test_pages_rendered_on_all_cores_into_a_parked_tree_never_write_through(
    tmp_path: Path,
) -> None:
    hub = many_pages_hub(tmp_path)
    out = tmp_path / "out"
    build(hub, out)
    build(hub, out)
    build(hub, out)  # the parked tree now shares every page's file with the live output
    held = tmp_path / "held.html"
    held.hardlink_to(out / "notes" / "n000" / "index.html")
    before = held.read_bytes()
    new_theme(hub, "<!-- v2 -->")
    build(hub, out)  # every page rendered again, in workers
    assert held.read_bytes() == before
    assert "<!-- v2 -->" in (out / "notes" / "n000" / "index.html").read_text("utf-8")
    assert tree(out) == fresh(hub, tmp_path)


@pytest.mark.parametrize("where", ["live", "outside"])
@pytest.mark.parametrize("rendered", [False, True], ids=["carried", "rendered-in-workers"])
def test_a_folder_of_the_parked_tree_that_is_a_symbolic_link_is_not_followed(
    tmp_path: Path, where: str, rendered: bool
) -> None:
    hub = many_pages_hub(tmp_path)
    out = tmp_path / "out"
    for _ in range(3):
        build(hub, out)
    parked = spare(hub, out)
    outside = tmp_path / "outside"
    shutil.copytree(out / "about", outside / "about")
    shutil.copytree(out / "notes", outside / "notes")
    target = out if where == "live" else outside
    for folder in ("about", "notes"):  # a page's folder, and a section's holding many pages
        shutil.rmtree(parked / folder)
        (parked / folder).symlink_to(target / folder, target_is_directory=True)
    before = {path: path.read_bytes() for path in sorted(outside.rglob("*.html"))}
    live = tree(out)
    if rendered:  # every page rendered again, in workers, into the parked tree
        new_theme(hub, "<!-- 2 -->")
    build(hub, out)
    assert not any(p.is_symlink() for p in out.rglob("*"))
    assert tree(out) == fresh(hub, tmp_path)
    assert (tree(out) == live) is not rendered
    assert {path: path.read_bytes() for path in sorted(outside.rglob("*.html"))} == before


def test_builds_into_many_folders_leave_one_parked_tree(hub: Path, tmp_path: Path) -> None:
    # a tree parked by a build into one folder is written over by a build into another
    for _ in range(2):
        for name in ("one", "two", "three"):
            build(hub, tmp_path / name)
    parked = [p.name for p in (hub / convert.CACHE_DIR).iterdir() if p.name.startswith("spare")]
    assert parked == [recycle.SPARE]
    expected = fresh(hub, tmp_path)
    for name in ("one", "two", "three"):
        assert tree(tmp_path / name) == expected


@pytest.mark.parametrize("exchange", [True, False], ids=["exchange", "move-aside"])
def test_what_a_person_put_at_the_top_of_the_output_is_kept(
    hub: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, exchange: bool
) -> None:
    # a CNAME file, the .git of a gh-pages checkout, a host's verification page
    if not exchange:
        monkeypatch.setattr(output, "_exchange", lambda first, second: False)
    out = tmp_path / "out"
    build(hub, out)
    theirs = {
        "CNAME": b"facts.example.com\n",
        ".git/HEAD": b"ref: refs/heads/gh-pages\n",
        "google1234.html": b"google-site-verification: google1234.html\n",
    }
    for rel, data in theirs.items():
        (out / rel).parent.mkdir(exist_ok=True)
        (out / rel).write_bytes(data)
    (out / "faq" / "mine.txt").write_text("inside a folder the build writes\n")
    (hub / "content" / "press.md").unlink()  # a top-level folder the build wrote goes
    for _ in range(3):  # carried into each new output in turn
        build(hub, out)
        files = tree(out)
        assert {rel: files.get(rel) for rel in theirs} == theirs
        assert "press/index.html" not in files and "faq/mine.txt" not in files
        listed = {entry["path"] for entry in json.loads(files["manifest.json"])["files"]}
        assert not set(theirs) & listed
        assert {k: v for k, v in files.items() if k not in theirs} == fresh(hub, tmp_path)
    resave(hub)
    run = run_cli("-C", hub, "build", "--no-search", "-o", out)
    kept = [line for line in run.err.splitlines() if ": notice: " in line]
    assert kept == [  # not the hidden .git, which deploy tools put there
        f"{out}/{name}: notice: kept, though no page or file of the hub makes it"
        for name in ("CNAME", "google1234.html")
    ]
    assert (
        "hint: to publish it from the hub, put it in static/; to drop it, delete it here" in run.err
    )


def test_a_folder_put_at_the_top_that_the_build_now_writes_into_stops_it(
    hub: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    build(hub, out)
    (hub / "content" / "press.md").unlink()
    build(hub, out)
    (out / "press").mkdir()  # the press kit, put there by hand where the page used to be
    (out / "press" / "kit.pdf").write_bytes(b"%PDF-1.7 kit\n")
    build(hub, out)  # kept, with a notice
    (hub / "content" / "press.md").write_text("---\ntitle: Press\n---\nFor journalists.\n")
    before = tree(out)
    resave(hub)
    run = run_cli("-C", hub, "build", "--no-search", "-o", out)
    # kept beside the page, it would go with the next build: deeper down, only what a build
    # writes is kept
    assert run.code == 1
    assert run.err == (
        f"{out}/press: error: put here by hand, and the build now writes press/index.html here "
        "too; deeper in the output folder, a build keeps only what it writes\n"
        "  hint: to publish what you put there, move it into static/press, else delete it; then "
        "build again\n"
    )
    assert tree(out) == before
    (hub / "static" / "press").mkdir(parents=True)
    (out / "press" / "kit.pdf").rename(hub / "static" / "press" / "kit.pdf")
    build(hub, out)
    assert tree(out)["press/kit.pdf"] == b"%PDF-1.7 kit\n"
    assert "press/index.html" in tree(out)


def test_what_was_put_at_the_top_is_kept_when_the_manifest_is_gone(
    hub: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    build(hub, out)
    (out / "CNAME").write_bytes(b"facts.example.com\n")
    (out / "manifest.json").unlink()  # which files the last build wrote is not known
    resave(hub)
    run = run_cli("-C", hub, "build", "--no-search", "-o", out)
    assert run.code == 0, run.err
    assert tree(out)["CNAME"] == b"facts.example.com\n"
    assert f"{out}/CNAME: notice: kept, though no page or file of the hub makes it" in run.err


def interrupt_at_the_manifest(monkeypatch: pytest.MonkeyPatch) -> None:
    """Ctrl-C once every page is written, before the build is swapped in."""

    def manifest(self: output.Writer) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(output.Writer, "manifest", manifest)


def test_an_interrupted_build_parks_its_unfinished_tree_instead_of_deleting_it(
    hub: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    build(hub, out)
    before = tree(out)
    interrupt_at_the_manifest(monkeypatch)
    resave(hub)
    run = run_cli("-C", hub, "build", "--no-search", "-o", out)
    monkeypatch.undo()
    assert (run.code, run.err) == (130, "interrupted\n")
    assert tree(out) == before
    assert (spare(hub, out) / "about" / "index.html").is_file()  # kept for the next build
    assert sorted(p.name for p in tmp_path.iterdir()) == ["hub", "out"]
    build(hub, out)
    assert tree(out) == fresh(hub, tmp_path)


# the detached process that deletes the tree outlives the build, which never waits for it
@pytest.mark.filterwarnings("ignore:subprocess .* is still running:ResourceWarning")
def test_an_interrupted_big_build_without_the_cache_is_deleted_in_the_background(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    files = {f"content/p{n:03d}.md": f"---\ntitle: P{n}\n---\nPage {n}.\n" for n in range(450)}
    hub = make_site(tmp_path / "hub", {**HUB, **files})
    out = tmp_path / "out"
    interrupt_at_the_manifest(monkeypatch)
    removed: list[tuple[Path, bool]] = []
    real = recycle.discard

    def discard(folder: Path, background: bool) -> None:
        removed.append((folder, background))
        real(folder, background)

    monkeypatch.setattr(recycle, "discard", discard)
    run = run_cli("-C", hub, "build", "--no-search", "--no-cache", "-o", out)
    monkeypatch.undo()
    assert (run.code, run.err) == (130, "interrupted\n")
    assert [(folder.name[:9], background) for folder, background in removed] == [
        (".out.tmp-", True)
    ]
    for _ in range(100):  # the detached process deletes it meanwhile
        if sorted(p.name for p in tmp_path.iterdir()) == ["hub"]:
            break
        time.sleep(0.1)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["hub"]


def test_larger_than_counts_no_further_than_it_needs(tmp_path: Path) -> None:
    (tmp_path / "a" / "b").mkdir(parents=True)
    (tmp_path / "a" / "b" / "c.txt").write_text("c")
    (tmp_path / "d.txt").write_text("d")
    assert recycle.larger_than(tmp_path, 3)  # a, a/b, a/b/c.txt, d.txt
    assert not recycle.larger_than(tmp_path, 4)
    assert not recycle.larger_than(tmp_path / "gone", 0)
