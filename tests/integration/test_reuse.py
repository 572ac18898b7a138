"""Pages carried over from the previous build: a page is rendered again only when something it
shows changed, and a build that carries pages over writes and reports exactly what a build
without the cache does."""

from __future__ import annotations

import html
import marshal
import random
import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

import recordhub
from hubtest import make_site, resave, run_cli, tree
from recordhub import build as build_stage
from recordhub import config, convert, output, pagereads, reuse
from recordhub.htmlscan import Scan, kept, split
from recordhub.sealed import Sealer, unseal
from recordhub.strings import THEME_DIR

EPOCH = "1772366400"  # 2026-03-01 12:00 UTC: every build of a test sees the same "now"
REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def _fixed_now(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)


@pytest.fixture
def hub(tmp_path: Path) -> Path:
    """A copy of the example hub: three languages, every content type, warnings and notices."""
    root = tmp_path / "hub"
    for name in ("content", "templates", "static", "strings"):
        if (REPO / name).is_dir():
            shutil.copytree(REPO / name, root / name)
    shutil.copy(REPO / "site.yml", root / "site.yml")
    return root


def build(hub: Path, out: Path, *flags: str) -> tuple[str, str]:
    resave(hub)  # a full build, in which pages are carried over or rendered
    run = run_cli("-C", hub, "build", "--no-search", "-o", out, *flags)
    assert run.code == 0, run.err
    return run.out, run.err


def unchanged(summary: str) -> int:
    found = re.search(r"(\d+) pages? unchanged", summary)
    return int(found.group(1)) if found else 0


def pages(summary: str) -> int:
    found = re.search(r"Built (\d+) pages", summary)
    assert found, summary
    return int(found.group(1))


def fresh(hub: Path, out: Path, *flags: str) -> dict[str, bytes]:
    """What a build without any cache writes for the hub as it is now."""
    build(hub, out, "--no-cache", *flags)
    return tree(out)


def test_a_build_with_nothing_changed_renders_no_page_and_reports_the_same(
    hub: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    first, first_err = build(hub, out)
    before = tree(out)
    second, second_err = build(hub, out)
    assert unchanged(first) == 0
    assert unchanged(second) == pages(second)
    assert tree(out) == before
    # every check still speaks: stale translations, review notices, strings, links
    assert second_err == first_err
    assert "notice" in first_err


def test_an_edited_body_renders_that_page_again_and_nothing_else(hub: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    build(hub, out)
    page = hub / "content" / "about.md"
    page.write_text(page.read_text("utf-8") + "\nOne more sentence.\n", encoding="utf-8")
    summary, _ = build(hub, out)
    assert unchanged(summary) == pages(summary) - 1
    assert b"One more sentence." in tree(out)["about/index.html"]
    assert tree(out) == fresh(hub, tmp_path / "fresh")


def test_a_changed_title_renders_the_pages_that_show_it(hub: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    build(hub, out)
    claims = sorted(
        p for p in (hub / "content" / "misinformation").glob("[!_]*.md") if p.suffixes == [".md"]
    )
    target = claims[0]
    text = target.read_text("utf-8")
    title = re.search(r"^title: *(.+)$", text, re.MULTILINE)
    assert title
    target.write_text(text.replace(title.group(0), "title: A renamed claim"), encoding="utf-8")
    summary, _ = build(hub, out)
    assert 1 < pages(summary) - unchanged(summary) < pages(summary)
    assert tree(out) == fresh(hub, tmp_path / "fresh")


def test_a_scheduled_page_whose_time_passed_is_rendered_again_with_future(
    hub: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    page = hub / "content" / "security" / "embargoed.md"
    page.write_text(
        "---\ntitle: Embargoed note\ndate: 2026-01-01\npublish_at: 2026-03-05T00:00:00Z\n"
        "---\n\nBody.\n",
        "utf-8",
    )
    out = tmp_path / "out"
    build(hub, out, "--future")
    before = (out / "security" / "embargoed" / "index.html").read_text("utf-8")
    assert 'content="noindex"' in before
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(EPOCH) + 7 * 86400))  # past its time
    build(hub, out, "--future")
    after = (out / "security" / "embargoed" / "index.html").read_text("utf-8")
    assert 'content="noindex"' not in after
    assert tree(out) == fresh(hub, tmp_path / "fresh", "--future")


def test_a_template_change_renders_every_page(hub: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    build(hub, out)
    make_site(
        hub,
        {"templates/partials/footer_note.html": "<p>Printed by the team.</p>\n"},
        site_yml=None,
    )
    base = hub / "templates" / "base.html"
    theme_base = REPO / "src" / "recordhub" / "theme" / "templates" / "base.html"
    base.write_text(
        theme_base.read_text("utf-8").replace("</main>", "</main><!-- revised -->", 1),
        encoding="utf-8",
    )
    summary, _ = build(hub, out)
    assert unchanged(summary) == 0
    assert b"<!-- revised -->" in tree(out)["index.html"]
    assert tree(out) == fresh(hub, tmp_path / "fresh")


def test_a_stylesheet_change_renders_every_page_that_names_it(hub: Path, tmp_path: Path) -> None:
    # the hashed name of app.css changes, and every page links to it by that name
    out = tmp_path / "out"
    build(hub, out)
    theme_css = REPO / "src" / "recordhub" / "theme" / "static" / "app.css"
    extra = "\n.added { margin: 0; }\n"
    make_site(hub, {"static/app.css": theme_css.read_text("utf-8") + extra}, site_yml=None)
    summary, _ = build(hub, out)
    assert unchanged(summary) == 0
    assert tree(out) == fresh(hub, tmp_path / "fresh")


def test_a_page_changed_by_hand_in_the_output_is_rendered_again(hub: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    build(hub, out)
    right = tree(out)["about/index.html"]
    (out / "about" / "index.html").write_bytes(b"<p>defaced</p>\n")
    summary, _ = build(hub, out)
    assert unchanged(summary) == pages(summary) - 1
    assert tree(out)["about/index.html"] == right


def test_a_carried_page_is_the_same_file_and_an_edited_one_a_new_file(
    hub: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    build(hub, out)
    about, home = out / "about" / "index.html", out / "index.html"
    before = {p: p.stat() for p in (about, home)}
    page = hub / "content" / "about.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nOne more line.\n", encoding="utf-8")
    summary, _ = build(hub, out)
    assert 0 < unchanged(summary) < pages(summary)
    # carried over by a hard link: no byte copied, and its time left as it was
    assert home.stat().st_ino == before[home].st_ino
    assert home.stat().st_mtime_ns == before[home].st_mtime_ns
    assert about.stat().st_ino != before[about].st_ino
    assert "One more line." in about.read_text(encoding="utf-8")
    assert tree(out) == fresh(hub, tmp_path / "fresh")


def test_a_hand_edit_of_the_same_size_is_found_by_its_time(hub: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    build(hub, out)
    target = out / "about" / "index.html"
    right = target.read_bytes()
    target.write_bytes(right.replace(b"<", b"{"))  # same size, other bytes, a new time
    summary, _ = build(hub, out)
    assert unchanged(summary) == pages(summary) - 1
    assert target.read_bytes() == right


def test_a_page_removed_by_hand_from_the_output_is_rendered_again(
    hub: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    build(hub, out)
    right = tree(out)["about/index.html"]
    (out / "about" / "index.html").unlink()
    summary, _ = build(hub, out)
    assert unchanged(summary) == pages(summary) - 1
    assert tree(out)["about/index.html"] == right


def test_without_hard_links_carried_pages_are_copied(
    hub: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # a file system without hard links (some network and FAT drives) cannot be made here
    out = tmp_path / "out"
    build(hub, out)
    expected = tree(out)

    def refuse(source: object, target: object) -> None:
        raise OSError(1, "Operation not permitted")

    monkeypatch.setattr(output.os, "link", refuse)
    resave(hub)
    options = build_stage.BuildOptions(out=out, search=False)
    result = build_stage.build(config.load(hub), options)
    assert not result.failed(strict=False)
    assert result.reused == result.pages  # every page carried over, by copying
    assert tree(out) == expected


def test_revising_a_carried_file_leaves_the_previous_output_alone(tmp_path: Path) -> None:
    out = tmp_path / "out"
    with output.Writer(out) as writer:
        writer.write_bytes("page.html", b"first", "test")
        writer.commit()
    with output.Writer(out) as writer:
        writer.link("page.html", out / "page.html", 5, "digest", "test")
        writer.revise("page.html", lambda data: data + b" and revised")
        assert (out / "page.html").read_bytes() == b"first"  # still being served
        writer.commit()
    assert (out / "page.html").read_bytes() == b"first and revised"


def record_of(hub: Path) -> Path:
    [record] = (hub / convert.CACHE_DIR).glob("pages-*")
    return record


@pytest.mark.parametrize("damage", [b"", b"{not a record", reuse._head()])
def test_a_damaged_record_is_ignored_and_replaced(hub: Path, tmp_path: Path, damage: bytes) -> None:
    out = tmp_path / "out"
    build(hub, out)
    record_of(hub).write_bytes(damage)
    summary, _ = build(hub, out)
    assert unchanged(summary) == 0
    assert tree(out) == fresh(hub, tmp_path / "fresh")
    again, _ = build(hub, out)
    assert unchanged(again) == pages(again)


def frames(data: bytes) -> tuple[bytes, list[bytes], bytes]:
    """A record's head line, its frames (each a length and its sealed bytes) and its end."""
    head, _, rest = data.partition(b"\n")
    found = []
    while (size := int.from_bytes(rest[:4], "little")) != 0:
        found.append(rest[: 4 + size])
        rest = rest[4 + size :]
    return head + b"\n", found, rest


def ended(whole: bytes) -> bytes:
    """A record's head and frames with the end that seals them."""
    sealer = Sealer()
    sealer.update(whole)
    return whole + bytes(4) + sealer.line()


def rewritten(record: Path, out: Path, change: Callable[[list[object]], None]) -> None:
    """The record with one change to the about page's entry, written as a build writes one:
    its digests hold, so only the checks on what it says remain."""
    entries = reuse.Previous.load(record.parent, out).entries
    entry = list(entries["about/index.html"])
    change(entry)
    entries["about/index.html"] = tuple(entry)
    again = reuse.Previous(out, record, recorded=entries)
    again.save()
    assert reuse.Previous.load(record.parent, out).entries == entries


SIZE, LINKS = 1, 5  # of an entry's fields (reuse.Entry)


def test_a_record_whose_size_is_not_its_files_is_not_trusted(hub: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    build(hub, out)
    rewritten(record_of(hub), out, lambda entry: entry.__setitem__(SIZE, 9 * 10**6))
    summary, _ = build(hub, out)
    assert unchanged(summary) == pages(summary) - 1  # the record was read, that page not taken
    assert tree(out) == fresh(hub, tmp_path / "fresh")  # the manifest's sizes included


def test_a_record_changed_after_it_was_written_is_not_trusted(hub: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    build(hub, out)
    record = record_of(hub)
    data = record.read_bytes()
    # a link the page does not have: believed, it would fail the build for a broken link
    at = data.index(b"/about/") + 1
    record.write_bytes(data[:at] + b"n" + data[at + 1 :])  # /nbout/, in some page's links
    summary, _ = build(hub, out)
    assert unchanged(summary) == 0
    assert tree(out) == fresh(hub, tmp_path / "fresh")
    # the same kind of change, written with digests that hold
    rewritten(record, out, lambda entry: entry.__setitem__(LINKS, f"\0/nowhere/{entry[LINKS]}"))
    resave(hub)
    run = run_cli("-C", hub, "build", "--no-search", "-o", out)
    assert run.code == 1 and "/nowhere/" in run.out + run.err  # so the digest is what stopped it


@pytest.mark.parametrize(
    "cut",
    [
        "before-the-end",
        "mid-frame",
        "after-the-head",
        "old-format",
        "other-python",
        "a-frame-dropped",
    ],
)
def test_a_cut_or_older_record_is_ignored(
    hub: Path, tmp_path: Path, cut: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(reuse, "_FRAME", 16)  # frames of a few pages: this hub has few
    out = tmp_path / "out"
    build(hub, out)
    record = record_of(hub)
    head, found, end = frames(record.read_bytes())
    assert len(found) >= 2 and re.fullmatch(rb"\0{4}[0-9a-f]{32}\n", end)
    whole = head + b"".join(found)
    assert ended(whole) == head + b"".join(found) + end
    texts = {
        "before-the-end": whole,  # every page's frame whole, the end missing
        "mid-frame": head + found[0] + found[1][: len(found[1]) // 2],
        "after-the-head": head,
        # whole but for the head, and sealed again: only the head tells
        "old-format": ended(whole.replace(f" {reuse.FORMAT} ".encode(), b" 3 ", 1)),
        "other-python": ended(whole.replace(f" {marshal.version}\n".encode(), b" 9\n", 1)),
        "a-frame-dropped": head + b"".join(found[1:]) + end,
    }
    record.write_bytes(texts[cut])
    summary, _ = build(hub, out)
    assert unchanged(summary) == 0
    assert tree(out) == fresh(hub, tmp_path / "fresh")
    again, _ = build(hub, out)
    assert unchanged(again) == pages(again)


def test_each_output_folder_has_its_own_record(hub: Path, tmp_path: Path) -> None:
    build(hub, tmp_path / "one")
    page = hub / "content" / "about.md"
    page.write_text(page.read_text("utf-8") + "\nLater text.\n", encoding="utf-8")
    build(hub, tmp_path / "two")
    summary, _ = build(hub, tmp_path / "one")
    assert unchanged(summary) == pages(summary) - 1  # one still had the old about page
    assert tree(tmp_path / "one") == tree(tmp_path / "two")


def test_no_cache_renders_every_page(hub: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    build(hub, out)
    summary, _ = build(hub, out, "--no-cache")
    assert unchanged(summary) == 0


@pytest.mark.parametrize("seed", [1, 2])
def test_any_sequence_of_edits_builds_what_a_fresh_build_writes(
    hub: Path, tmp_path: Path, seed: int
) -> None:
    chance = random.Random(seed)
    out = tmp_path / "out"
    build(hub, out)
    for step in range(6):
        content = hub / "content"
        snapshot = tree(content)
        pages_now = sorted(p for p in content.rglob("*.md") if p.name != "_index.md")
        target = chance.choice(pages_now)
        text = target.read_text("utf-8")
        action = chance.choice(["body", "title", "add", "delete", "weight"])
        if action == "body":
            target.write_text(text + f"\nStep {step} text.\n", encoding="utf-8")
        elif action == "title":
            target.write_text(
                re.sub(r"^title: .*$", f"title: Step {step} title", text, count=1, flags=re.M),
                encoding="utf-8",
            )
        elif action == "add":
            (target.parent / f"added-{step}.md").write_text(
                f"---\ntitle: Added in step {step}\nsummary: A page added later.\n---\nNew.\n",
                encoding="utf-8",
            )
        elif action == "delete":
            target.unlink()
        else:
            target.write_text(
                text.replace("---\n", f"---\nweight: {step + 1}\n", 1), encoding="utf-8"
            )
        if run_cli("-C", hub, "build", "--no-search", "-o", out).code != 0:
            # an edit the hub refuses (a link to the deleted page, a missing verdict): undo it
            shutil.rmtree(content)
            make_site(hub, {f"content/{rel}": data for rel, data in snapshot.items()}, None)
            build(hub, out)
        assert tree(out) == fresh(hub, tmp_path / f"fresh-{step}"), (step, action, target)


def test_the_record_is_written_and_read_a_frame_of_pages_at_a_time(tmp_path: Path) -> None:
    record = reuse.Previous(tmp_path / "out", tmp_path / "pages.marshal")
    found = (("style attribute", 'style="x"'),)
    links = ["/a/", '/q"uote/']
    scan = kept(Scan({"top", "ünïcode"}, links, [("<img src>", "/i.png")], found, h1s=2))
    read = (("content/other.md", "f0"),)  # a page whose text it shows
    record.note("a/index.html", b"\x01", (10, "ab"), scan, [("fr", "name")], (10, 5, 7), read)
    record.note("b/index.html", b"\x02", (20, "cd"), kept(Scan()), [], None)
    for n in range(600):
        record.note(f"many/{n}/index.html", b"\x03", (n, "ef"), kept(Scan()), [], (n, n, n))
    record.save()
    data = (tmp_path / "pages.marshal").read_bytes()
    head, found, end = frames(data)
    version = f"{reuse.FORMAT} {recordhub.__version__} marshal {marshal.version}"
    assert head == f"recordhub pages record {version}\n".encode()
    assert len(found) == 3  # 602 pages, 256 a frame
    sealer = Sealer()
    sealer.update(head + b"".join(found))
    assert end == b"\0\0\0\0" + sealer.line()  # the digest of everything before it
    pages = {}
    for frame in found:
        payload = unseal(frame[4:])
        assert payload is not None  # each frame sealed on its own, checked before it is loaded
        pages.update(marshal.loads(payload))
    assert list(pages)[:3] == ["a/index.html", "b/index.html", "many/0/index.html"]
    assert pages["a/index.html"] == (
        "01",
        10,
        "ab",
        (10, 5, 7),
        "\0top\0ünïcode",
        '\0/a/\0/q"uote/',
        (("<img src>", "/i.png"),),
        (("style attribute", 'style="x"'),),
        2,  # its h1s: the template's and the text's
        [("fr", "name")],
        (("content/other.md", "f0"),),
    )
    assert pages["b/index.html"] == ("02", 20, "cd", (), "", "", (), (), 0, [], ())
    with open(tmp_path / "pages.marshal", "rb") as stream:
        assert reuse._read(stream) == pages


def test_anchors_and_links_survive_the_record_exactly(tmp_path: Path) -> None:
    # one string per list in the record: empty lists and empty strings stay apart
    cases = [[], [""], ["", ""], ["#a", "/b/"], ["x\ufffdy"]]
    record = reuse.Previous(tmp_path / "out", tmp_path / "record.marshal")
    out = tmp_path / "out"
    out.mkdir()
    for n, links in enumerate(cases):
        page = out / f"p{n}.html"
        page.write_bytes(b"<p>x</p>")
        ids = {str(i) for i in links}
        script = (("inline <script>", f"<script id={n}>"),)
        scan = kept(Scan(ids, list(links), [], script, h1s=n))  # the level-1 headings too
        record.note(f"p{n}.html", b"k", (8, "d"), scan, [], reuse.stat_of(str(page)))
    record.save()
    with open(tmp_path / "record.marshal", "rb") as stream:
        pages = reuse._read(stream)
    assert pages is not None
    again = reuse.Previous(out, tmp_path / "record.marshal", pages)
    for n, links in enumerate(cases):
        carried = again.take(f"p{n}.html", b"k", lambda source: "")
        assert carried is not None
        assert split(carried.scan.links) == links
        assert set(split(carried.scan.ids)) == set(links)
        assert all(carried.scan.has_id(i) for i in links)
        assert not carried.scan.has_id("b") and not carried.scan.has_id("#")
        assert carried.scan.inline == (("inline <script>", f"<script id={n}>"),)
        assert carried.scan.h1s == n


@pytest.mark.parametrize(
    ("ids", "asked", "offered"),
    [
        ({"a", "ab"}, "a", True),
        ({"ab"}, "a", False),
        ({"ab"}, "b", False),
        ({"a-b"}, "a", False),
        (set(), "", False),
        ({""}, "", True),
        ({"ünï", "x y"}, "x y", True),
    ],
)
def test_a_kept_page_offers_exactly_its_anchors(ids: set[str], asked: str, offered: bool) -> None:
    assert kept(Scan(ids, [], [])).has_id(asked) is offered


def test_a_template_of_the_hub_that_lists_the_sites_pages_follows_their_titles(
    hub: Path, tmp_path: Path
) -> None:
    # the press page shows the latest statements: a retitled one must show there too
    press = hub / "templates" / "press.html"
    listing = (
        '<ul class="latest">{% for s in site.statements[:3] %}<li>{{ s.title }}</li>'
        "{% endfor %}</ul>\n{{ page_footer(page) }}"
    )
    text = press.read_text("utf-8")
    press.write_text(text.replace("{{ page_footer(page) }}", listing), encoding="utf-8")
    out = tmp_path / "out"
    build(hub, out)
    shown = re.search(rb'<ul class="latest"><li>(.+?)</li>', tree(out)["press/index.html"])
    assert shown, "the press page lists the statements"
    first = html.unescape(shown.group(1).decode())
    [newest] = [
        path
        for path in (hub / "content" / "statements").glob("*.md")
        if f"title: {first}\n" in path.read_text("utf-8")
    ]
    text = newest.read_text("utf-8")
    newest.write_text(text.replace(f"title: {first}\n", "title: A retitled statement\n"), "utf-8")
    build(hub, out)
    assert b"A retitled statement" in tree(out)["press/index.html"]
    assert tree(out) == fresh(hub, tmp_path / "fresh")


def test_a_template_of_the_hub_that_lists_a_pages_siblings_follows_their_titles(
    hub: Path, tmp_path: Path
) -> None:
    # a page template that lists the other pages of its section, as a "see also" box
    theme = (THEME_DIR / "templates" / "page.html").read_text("utf-8")
    also = (
        '<ul class="also">{% for p in page.section.pages if p != page %}<li>{{ p.title }}</li>'
        "{% endfor %}</ul>\n  {{ page_footer(page) }}"
    )
    assert "  {{ page_footer(page) }}" in theme
    (hub / "templates" / "page.html").write_text(
        theme.replace("  {{ page_footer(page) }}", also, 1), "utf-8"
    )
    out = tmp_path / "out"
    build(hub, out)
    pages = sorted((hub / "content" / "data-storage").glob("*.md"))
    edited = next(p for p in pages if "." not in p.stem and not p.stem.startswith("_"))
    text = edited.read_text("utf-8")
    title = re.search(r"^title: (.+)$", text, re.MULTILINE)
    assert title is not None
    edited.write_text(text.replace(title[0], "title: A retitled page", 1), "utf-8")
    build(hub, out)
    assert tree(out) == fresh(hub, tmp_path / "fresh")


@pytest.mark.parametrize(
    ("shown", "edit"),
    [
        ("{{ s.content }}", lambda text: text + "\nA sentence added later.\n"),
        ("{% for h in s.toc %}<i>{{ h.title }}</i>{% endfor %}", lambda t: t + "\n## Added\n"),
        # a field no card shows, so no page's key holds it
        ("<b>{{ s.status_note }}</b>", lambda t: t.replace("---\n", "---\nstatus_note: New\n", 1)),
        (
            "<b>{{ s.matter.status_note }}</b>",
            lambda t: t.replace("---\n", "---\nstatus_note: A\n", 1),
        ),
    ],
    ids=["text", "headings", "field", "matter"],
)
def test_a_template_that_shows_more_of_another_page_follows_its_edits(
    hub: Path, tmp_path: Path, shown: str, edit: Callable[[str], str]
) -> None:
    # the press page shows the newest statement in full, not only its title and summary
    press = hub / "templates" / "press.html"
    newest = (
        '<div class="newest">{% for s in site.statements[:1] %}<h2>{{ s.title }}</h2>'
        f"{shown}{{% endfor %}}</div>"
    )
    text = press.read_text("utf-8")
    press.write_text(text.replace("{{ page_footer(page) }}", newest), encoding="utf-8")
    out = tmp_path / "out"
    build(hub, out)
    before = tree(out)["press/index.html"]
    title = re.search(rb'<div class="newest"><h2>(.+?)</h2>', before)
    assert title, "the press page shows the newest statement"
    first = html.unescape(title.group(1).decode())
    [statement] = [
        path
        for path in (hub / "content" / "statements").glob("*.md")
        if f"title: {first}\n" in path.read_text("utf-8")
    ]
    statement.write_text(edit(statement.read_text("utf-8")), "utf-8")
    summary, _ = build(hub, out)
    assert tree(out)["press/index.html"] != before
    assert tree(out) == fresh(hub, tmp_path / "fresh")
    assert unchanged(summary) > 0  # the rest is carried over still
    again, _ = build(hub, out)
    assert unchanged(again) == pages(again)  # and the press page with it, once rendered


def test_html_copied_as_it_is_is_checked_in_every_build_while_pages_are_carried(
    tmp_path: Path,
) -> None:
    widget = '<p>\n  <a id="intro" href="/about/#team">Our team</a>\n</p>\n'
    hub = make_site(
        tmp_path / "hub",
        {
            "content/_index.md": "---\ntitle: Home\n---\nWelcome.\n",
            "content/about.md": (
                "---\ntitle: About\n---\n## Team\n\nSee [the widget](/embed/widget.html#intro).\n"
            ),
            "static/embed/widget.html": widget,
        },
    )
    out = tmp_path / "out"
    build(hub, out)
    (hub / "static/embed/widget.html").write_text(
        widget.replace('id="intro" ', "").replace("#team", "#board"), "utf-8"
    )
    resave(hub)
    run = run_cli("-C", hub, "build", "--no-search", "-o", out)
    assert run.code == 1  # about.md is carried over, and its link into the file checked
    assert [line for line in run.err.splitlines() if ": error: " in line] == [
        "content/about.md:6:18: error: broken link to /embed/widget.html#intro: the page has "
        "no anchor #intro",
        "static/embed/widget.html:2:12: error: broken link to /about/#board: the page has no "
        "anchor #board",
    ]
    (hub / "static/embed/widget.html").write_text(widget.replace("#team", "#board"), "utf-8")
    make_site(hub, {"content/about.md": "---\ntitle: About\n---\n## Board\n\nNo widget.\n"}, None)
    summary, _ = build(hub, out)
    assert unchanged(summary) == pages(summary) - 1


@pytest.mark.parametrize(
    "shows",
    [
        "{{ p.content }}",
        "{{ body(p) }}",
        "{% for h in p.toc %}<b>{{ h.title }}</b>{% endfor %}",
    ],
    ids=["content", "body-macro", "toc"],
)
def test_a_template_of_the_hub_that_shows_other_pages_bodies_follows_their_edits(
    hub: Path, tmp_path: Path, shows: str
) -> None:
    # a section page that gathers its pages' answers (or their headings) on one page: a
    # correction to one page's text must show there too, not only on the page itself
    theme = (THEME_DIR / "templates" / "section.html").read_text("utf-8")
    gathered = "{% for p in page.pages %}<section>" + shows + "</section>{% endfor %}\n"
    assert "{{ page_footer(page) }}" in theme
    (hub / "templates" / "section.html").write_text(
        theme.replace("{{ page_footer(page) }}", gathered + "{{ page_footer(page) }}", 1), "utf-8"
    )
    out = tmp_path / "out"
    build(hub, out)
    pages = sorted((hub / "content" / "data-storage").glob("*.md"))
    edited = next(p for p in pages if "." not in p.stem and not p.stem.startswith("_"))
    text = edited.read_text("utf-8")
    heading = re.search(r"^## (.+)$", text, re.MULTILINE)
    assert heading is not None
    edited.write_text(text.replace(heading[0], "## A corrected heading", 1), "utf-8")
    build(hub, out)
    assert b"A corrected heading" in tree(out)["data-storage/index.html"]
    assert tree(out) == fresh(hub, tmp_path / "fresh")


@pytest.mark.parametrize(
    ("name", "before", "after"),
    [
        (
            "section.html",
            "{{ page_footer(page) }}",
            '{% for p in page.pages %}<p>{{ p.extra.subtitle | default("") }}</p>{% endfor %}',
        ),
        ("partials/listing.html", "{%- if p.summary %}", '{{ p.extra.subtitle | default("") }}'),
    ],
    ids=["section-loop", "card-macro"],
)
def test_a_template_of_the_hub_that_shows_more_of_other_pages_follows_their_edits(
    hub: Path, tmp_path: Path, name: str, before: str, after: str
) -> None:
    # a section page, or the cards of a listing, showing a field of each page that the theme
    # leaves out: a changed field must show there too
    theme = (THEME_DIR / "templates" / name).read_text("utf-8")
    assert before in theme
    (hub / "templates" / name).parent.mkdir(parents=True, exist_ok=True)
    (hub / "templates" / name).write_text(theme.replace(before, after + before, 1), "utf-8")
    pages = sorted((hub / "content" / "data-storage").glob("*.md"))
    edited = next(p for p in pages if "." not in p.stem and not p.stem.startswith("_"))
    text = edited.read_text("utf-8")
    edited.write_text(text.replace("---\n", "---\nextra: {subtitle: First words}\n", 1), "utf-8")
    out = tmp_path / "out"
    build(hub, out)
    assert b"First words" in tree(out)["data-storage/index.html"]
    edited.write_text(text.replace("---\n", "---\nextra: {subtitle: Second words}\n", 1), "utf-8")
    build(hub, out)
    assert b"Second words" in tree(out)["data-storage/index.html"]
    assert tree(out) == fresh(hub, tmp_path / "fresh")


def test_a_template_that_shows_other_pages_faq_questions_follows_their_edits(
    hub: Path, tmp_path: Path
) -> None:
    press = hub / "templates" / "press.html"
    questions = (
        "{% for p in site.pages if p.faq %}{% for c in p.faq %}{% for q in c.questions %}"
        "<s>{{ q.title }}</s>{% endfor %}{% endfor %}{% endfor %}"
    )
    text = press.read_text("utf-8")
    press.write_text(text.replace("{{ page_footer(page) }}", questions), encoding="utf-8")
    out = tmp_path / "out"
    build(hub, out)
    faq = hub / "content" / "faq" / "common-questions.md"
    text = faq.read_text("utf-8")
    question = re.search(r"^### (.+)$", text, re.MULTILINE)
    assert question is not None
    faq.write_text(text.replace(question[0], "### A question asked otherwise?", 1), "utf-8")
    build(hub, out)
    assert b"<s>A question asked otherwise?</s>" in tree(out)["press/index.html"]
    assert tree(out) == fresh(hub, tmp_path / "fresh")


def test_a_section_of_another_language_that_shows_its_originals_text_follows_it(
    hub: Path, tmp_path: Path
) -> None:
    # the Spanish section page, made from the English one, shares its file
    theme = (THEME_DIR / "templates" / "section.html").read_text("utf-8")
    shows = '<div class="original">{{ page.original.content if page.original else "" }}</div>'
    (hub / "templates" / "section.html").write_text(
        theme.replace("{{ page_footer(page) }}", shows + "{{ page_footer(page) }}", 1), "utf-8"
    )
    section = hub / "content" / "transparency"
    (section / "competition.es.md").write_text(
        "---\ntitle: Competencia\nsummary: Una página.\n---\nTexto.\n", "utf-8"
    )
    out = tmp_path / "out"
    build(hub, out)
    index = section / "_index.md"
    index.write_text(index.read_text("utf-8") + "\nA sentence added later.\n", "utf-8")
    build(hub, out)
    assert tree(out) == fresh(hub, tmp_path / "fresh")


def test_a_sidebar_of_every_pages_fields_on_every_page_keeps_the_record_small(
    hub: Path, tmp_path: Path
) -> None:
    # read on every page, every page's extra fields would be recorded pages times pages
    theme = (THEME_DIR / "templates" / "page.html").read_text("utf-8")
    sidebar = '<ul>{% for p in site.pages %}<li>{{ p.extra.get("note", "") }}</li>{% endfor %}</ul>'
    (hub / "templates" / "page.html").write_text(
        theme.replace("  {{ page_footer(page) }}", sidebar + "  {{ page_footer(page) }}", 1),
        "utf-8",
    )
    out = tmp_path / "out"
    build(hub, out)
    [record] = (hub / ".recordhub-cache").glob("pages-*.marshal")
    with open(record, "rb") as stream:
        entries = reuse._read(stream)
    assert entries is not None
    assert all(len(entry[9]) <= pagereads.WIDE for entry in entries.values())
    edited = next((hub / "content" / "data-storage").glob("where-data-is-stored.md"))
    text = edited.read_text("utf-8")
    edited.write_text(text.replace("---\n", "---\nextra: {note: A new note}\n", 1), "utf-8")
    build(hub, out)
    assert tree(out) == fresh(hub, tmp_path / "fresh")


@pytest.mark.parametrize(
    "shows",
    [
        '{% for t in page.translations %}<i lang="{{ t.lang }}">{{ t.title }}</i>{% endfor %}',
        '{{ page.original.summary if page.original else "" }}',
    ],
    ids=["translations", "original"],
)
def test_a_template_that_shows_a_pages_other_languages_follows_their_edits(
    hub: Path, tmp_path: Path, shows: str
) -> None:
    theme = (THEME_DIR / "templates" / "page.html").read_text("utf-8")
    footer = "  {{ page_footer(page) }}"
    (hub / "templates" / "page.html").write_text(theme.replace(footer, shows + footer, 1), "utf-8")
    out = tmp_path / "out"
    build(hub, out)
    folder = hub / "content" / "data-storage"
    for name in ("where-data-is-stored.md", "where-data-is-stored.es.md"):
        page = folder / name
        text = page.read_text("utf-8")
        for field in ("title", "summary"):
            text = re.sub(rf"^{field}: .*$", f"{field}: Edited {field}", text, count=1, flags=re.M)
        page.write_text(text, "utf-8")
    build(hub, out)
    assert tree(out) == fresh(hub, tmp_path / "fresh")
