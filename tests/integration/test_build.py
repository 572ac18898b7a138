"""Whole builds through the CLI: where pages land, what they link to, and how output is swapped."""

from __future__ import annotations

import datetime as dt
import hashlib
import shutil
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

import recordhub
from hubtest import SITE_YML, make_site, run_cli, tree
from recordhub import hubinit, schema, uptodate

HUB = {
    "content/_index.md": "---\ntitle: Home\n---\nWelcome to the hub.\n",
    "content/about.md": "---\ntitle: About us\n---\nWho we are.\n",
    "content/faq/_index.md": "---\ntitle: Questions\n---\nCommon questions.\n",
    "content/faq/data.md": (
        "---\ntitle: Where data lives\nweight: 2\ndate: 2025-01-01\n---\n"
        "See [the other answer](other.md#details) and [us](../about.md).\n\n"
        "![chart](chart.png)\n"
    ),
    "content/faq/newer.md": "---\ntitle: Newer answer\nweight: 2\ndate: 2025-06-01\n---\nNew.\n",
    "content/faq/other.md": (
        "---\ntitle: Other answer\nweight: 1\n---\nFirst by weight.\n\n## Details\n\nMore.\n"
    ),
    "content/faq/chart.png": b"\x89PNG\r\n\x1a\nnot really a png",
    "content/guides/deep/page.md": "---\ntitle: Deep page\n---\nNo _index.md above me.\n",
}


def build(hub: Path, out: Path, *flags: str) -> None:
    run = run_cli("-C", hub, "build", "-o", out, *flags)
    assert run.code == 0, run.err
    assert "Traceback" not in run.err + run.out


def html(out: Path, rel: str) -> str:
    return (out / rel).read_text(encoding="utf-8")


@pytest.fixture
def hub(tmp_path: Path) -> Path:
    return make_site(tmp_path / "hub", HUB)


@pytest.fixture
def out(hub: Path, tmp_path: Path) -> Path:
    target = tmp_path / "out"
    build(hub, target)
    return target


@pytest.mark.parametrize(
    "rel",
    [
        "index.html",
        "about/index.html",
        "faq/index.html",
        "faq/data/index.html",
        "faq/newer/index.html",
        "faq/other/index.html",
        "guides/index.html",
        "guides/deep/index.html",
        "guides/deep/page/index.html",
        "404.html",
        "faq/chart.png",
    ],
)
def test_pretty_urls(out: Path, rel: str) -> None:
    assert (out / rel).is_file()


def test_no_page_is_written_beside_its_folder(out: Path) -> None:
    written = set(tree(out))
    assert "faq/data.html" not in written
    assert not any(name.endswith(".md") for name in written)


def test_content_assets_are_copied_byte_for_byte(out: Path) -> None:
    assert (out / "faq/chart.png").read_bytes() == HUB["content/faq/chart.png"]


def test_home_and_section_pages(out: Path) -> None:
    home = html(out, "index.html")
    assert "Welcome to the hub." in home
    section = html(out, "faq/index.html")
    assert "Questions" in section and "Common questions." in section
    for url in ("/faq/data/", "/faq/newer/", "/faq/other/"):
        assert f'href="{url}"' in section
    assert "Deep page" in html(out, "guides/deep/index.html")


def test_relative_links_become_urls(out: Path) -> None:
    page = html(out, "faq/data/index.html")
    assert 'href="/faq/other/#details"' in page
    assert 'href="/about/"' in page
    assert 'src="/faq/chart.png"' in page
    assert 'href="other.md' not in page
    assert 'href="../about.md"' not in page


def test_listing_ordered_by_weight_then_newest(out: Path) -> None:
    section = html(out, "faq/index.html")
    order = ("/faq/other/", "/faq/newer/", "/faq/data/")
    positions = [section.index(f'href="{url}"') for url in order]
    assert positions == sorted(positions)


def test_breadcrumbs(out: Path) -> None:
    page = html(out, "guides/deep/page/index.html")
    assert "breadcrumb" in page.lower()
    assert 'href="/"' in page
    assert page.index('href="/guides/"') < page.index('href="/guides/deep/"')


def test_prev_and_next(out: Path) -> None:
    middle = html(out, "faq/newer/index.html")
    assert 'rel="prev"' in middle and 'rel="next"' in middle
    assert 'href="/faq/other/"' in middle and 'href="/faq/data/"' in middle
    first = html(out, "faq/other/index.html")
    assert 'rel="next"' in first and 'rel="prev"' not in first
    last = html(out, "faq/data/index.html")
    assert 'rel="prev"' in last and 'rel="next"' not in last


MENU_SITE = SITE_YML + (
    "menu:\n"
    "  - {title: Our answers, url: faq/_index.md}\n"
    "  - {title: About page, url: about.md}\n"
    "  - {title: Newsroom, url: 'https://news.example/'}\n"
)


@pytest.mark.parametrize(
    ("base_url", "prefix"),
    [("https://hub.example/", "/"), ("https://hub.example/facts/", "/facts/")],
)
def test_menu_from_site_yml(tmp_path: Path, base_url: str, prefix: str) -> None:
    site_yml = MENU_SITE.replace("https://hub.example/", base_url)
    hub = make_site(tmp_path / "hub", HUB, site_yml=site_yml)
    build(hub, tmp_path / "out")
    home = html(tmp_path / "out", "index.html")
    for title in ("Our answers", "About page", "Newsroom"):
        assert title in home
    assert f'href="{prefix}faq/"' in home
    assert f'href="{prefix}about/"' in home
    assert 'href="https://news.example/"' in home


def test_menu_entry_to_a_missing_page_fails(tmp_path: Path) -> None:
    site_yml = SITE_YML + "menu:\n  - {title: Gone, url: gone.md}\n"
    hub = make_site(tmp_path / "hub", HUB, site_yml=site_yml)
    run = run_cli("-C", hub, "build", "-o", tmp_path / "out")
    assert run.code == 1
    assert "menu[0] 'Gone' points to content/gone.md" in run.err
    assert not (tmp_path / "out").exists()


def test_menu_entry_to_a_missing_page_has_a_position(tmp_path: Path) -> None:
    site_yml = SITE_YML + "menu:\n  - {title: Gone, url: gone.md}\n"
    hub = make_site(tmp_path / "hub", HUB, site_yml=site_yml)
    run = run_cli("-C", hub, "build", "-o", tmp_path / "out")
    assert "site.yml:6:24: error: menu[0] 'Gone' points to content/gone.md" in run.err


def test_base_url_path_prefixes_every_link(tmp_path: Path) -> None:
    hub = make_site(
        tmp_path / "hub", HUB, site_yml=SITE_YML.replace("hub.example/", "hub.example/facts/")
    )
    build(hub, tmp_path / "out")
    page = html(tmp_path / "out", "faq/data/index.html")
    assert 'href="/facts/faq/other/#details"' in page
    assert 'src="/facts/faq/chart.png"' in page
    assert (tmp_path / "out/faq/data/index.html").exists()  # files stay at the output root


def test_site_template_overrides_theme(tmp_path: Path) -> None:
    hub = make_site(
        tmp_path / "hub",
        {
            **HUB,
            "templates/page.html": (
                "{% extends 'base.html' %}\n{% block content %}\n"
                "<p>CUSTOM PAGE TEMPLATE for {{ page.title }}</p>\n{% endblock %}\n"
            ),
        },
    )
    build(hub, tmp_path / "out")
    assert "CUSTOM PAGE TEMPLATE for About us" in html(tmp_path / "out", "about/index.html")
    assert "CUSTOM PAGE TEMPLATE" not in html(tmp_path / "out", "index.html")


def test_page_chooses_its_template(tmp_path: Path) -> None:
    hub = make_site(
        tmp_path / "hub",
        {
            **HUB,
            "templates/special.html": "<p>SPECIAL {{ page.title }}</p>\n",
            "content/about.md": "---\ntitle: About us\ntemplate: special.html\n---\n",
        },
    )
    build(hub, tmp_path / "out")
    assert html(tmp_path / "out", "about/index.html").strip() == "<p>SPECIAL About us</p>"


def test_site_static_files_are_copied_and_win(tmp_path: Path) -> None:
    hub = make_site(
        tmp_path / "hub",
        {**HUB, "static/app.css": "/* mine */\n", "static/docs/report.pdf": b"%PDF-1.4 x"},
    )
    build(hub, tmp_path / "out")
    digest = hashlib.sha256(b"/* mine */\n").hexdigest()[:10]
    assert (tmp_path / f"out/assets/app.{digest}.css").read_text() == "/* mine */\n"
    assert f'href="/assets/app.{digest}.css"' in (tmp_path / "out/index.html").read_text()
    assert (tmp_path / "out/docs/report.pdf").read_bytes() == b"%PDF-1.4 x"


def test_autoescape(tmp_path: Path) -> None:
    hub = make_site(
        tmp_path / "hub",
        {
            **HUB,
            "content/about.md": (
                "---\ntitle: 'Fact <script>alert(1)</script> & more'\n"
                "summary: '\"quoted\" <b>bold</b>'\n---\nBody.\n"
            ),
        },
    )
    build(hub, tmp_path / "out")
    for rel in ("about/index.html", "index.html"):
        page = html(tmp_path / "out", rel)
        assert "<script>alert(1)</script>" not in page
        assert "<b>bold</b>" not in page
    assert "Fact &lt;script&gt;alert(1)&lt;/script&gt; &amp; more" in html(
        tmp_path / "out", "about/index.html"
    )


DRAFTS = {
    **HUB,
    "content/faq/draft.md": "---\ntitle: Draft answer\ndraft: true\n---\n",
    "content/faq/later.md": "---\ntitle: Later answer\npublish_at: 2999-01-01T09:00:00Z\n---\n",
    "content/faq/gone.md": "---\ntitle: Expired answer\nexpires: 2000-01-01T00:00:00Z\n---\n",
}


@pytest.mark.parametrize(
    ("flags", "draft", "later"),
    [
        ((), False, False),
        (("--drafts",), True, False),
        (("--future",), False, True),
        (("--drafts", "--future"), True, True),
    ],
)
def test_drafts_and_embargoes(
    tmp_path: Path, flags: tuple[str, ...], draft: bool, later: bool
) -> None:
    hub = make_site(tmp_path / "hub", DRAFTS)
    out = tmp_path / "out"
    build(hub, out, *flags)
    assert (out / "faq/draft/index.html").exists() is draft
    assert (out / "faq/later/index.html").exists() is later
    assert not (out / "faq/gone/index.html").exists()
    section = html(out, "faq/index.html")
    assert ("Draft answer" in section) is draft
    assert ("Later answer" in section) is later
    assert "Expired answer" not in section


@pytest.mark.parametrize(
    ("epoch", "published"),
    [
        (dt.datetime(2030, 1, 1, 8, 59, 59, tzinfo=dt.UTC), False),
        (dt.datetime(2030, 1, 1, 9, 0, 1, tzinfo=dt.UTC), True),
    ],
)
def test_source_date_epoch_decides_embargoes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, epoch: dt.datetime, published: bool
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(epoch.timestamp())))
    hub = make_site(
        tmp_path / "hub",
        {**HUB, "content/news.md": "---\ntitle: News\npublish_at: 2030-01-01T09:00:00Z\n---\n"},
    )
    build(hub, tmp_path / "out")
    assert (tmp_path / "out/news/index.html").exists() is published


def test_source_date_epoch_dates_new_pages(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    epoch = dt.datetime(2031, 5, 6, tzinfo=dt.UTC).timestamp()
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(epoch)))
    hub = make_site(tmp_path / "hub", HUB)
    assert run_cli("-C", hub, "new", "page", "Dated").code == 0
    assert "\ndate: 2031-05-06\n" in (hub / "content/dated.md").read_text(encoding="utf-8")


@pytest.fixture
def in_california(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The machine's time zone is California's, eight hours behind UTC in December."""
    monkeypatch.setenv("TZ", "America/Los_Angeles")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


@pytest.mark.usefixtures("in_california")
def test_a_page_new_in_the_evening_is_dated_that_day_where_it_is_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    evening = dt.datetime(2026, 12, 1, 6, 0, tzinfo=dt.UTC)  # 10 pm on November 30 there
    monkeypatch.setattr(uptodate, "clock", lambda: evening)
    monkeypatch.delenv("SOURCE_DATE_EPOCH")  # a clock it gives is read as UTC's day
    hub = make_site(tmp_path / "hub", HUB)
    assert run_cli("-C", hub, "new", "statement", "Tonight").code == 0
    text = (hub / "content/statements/tonight.md").read_text(encoding="utf-8")
    assert "\ndate: 2026-11-30\nupdated: 2026-11-30\nreviewed: 2026-11-30\n" in text


@pytest.mark.usefixtures("in_california")
def test_a_roadmap_new_in_the_evening_is_not_stale_at_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    evening = dt.datetime(2026, 12, 1, 6, 0, tzinfo=dt.UTC)  # already December 1 in UTC
    monkeypatch.setattr(uptodate, "clock", lambda: evening)
    hub = make_site(tmp_path / "hub", HUB)
    assert run_cli("-C", hub, "new", "roadmap", "Plan").code == 0
    run = run_cli("-C", hub, "check", "--drafts")
    assert run.code == 0, run.err
    assert run.err == ""


def test_a_page_new_on_the_29th_of_february_gives_a_day_a_year_on_that_exists(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    epoch = dt.datetime(2028, 2, 29, tzinfo=dt.UTC).timestamp()
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(epoch)))
    hub = make_site(tmp_path / "hub", HUB)
    assert run_cli("-C", hub, "new", "page", "Leap").code == 0
    text = (hub / "content/leap.md").read_text(encoding="utf-8")
    assert "\n# review_due: 2029-02-28 " in text
    assert "\n# expires: 2029-02-28T09:00:00Z " in text


@pytest.mark.parametrize("epoch", [None, "1767225600"])
def test_two_builds_are_byte_identical(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, epoch: str | None
) -> None:
    if epoch is not None:
        monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch)
    hub = make_site(tmp_path / "hub", DRAFTS)
    build(hub, tmp_path / "one")
    build(hub, tmp_path / "two")
    first = tree(tmp_path / "one")
    assert first == tree(tmp_path / "two")
    build(hub, tmp_path / "one")  # rebuilding in place changes nothing either
    assert tree(tmp_path / "one") == first


def test_output_is_swapped_atomically(hub: Path, tmp_path: Path) -> None:
    out = tmp_path / "site" / "public"
    build(hub, out)
    assert sorted(p.name for p in out.parent.iterdir()) == ["public"]
    build(hub, out)
    assert sorted(p.name for p in out.parent.iterdir()) == ["public"]
    good = tree(out)
    (hub / "content/about.md").write_text("---\ntitle: 123\n---\n", encoding="utf-8")
    (hub / "templates").mkdir()
    (hub / "templates/section.html").write_text("{{ page.nope }}\n", encoding="utf-8")
    run = run_cli("-C", hub, "build", "-o", out)
    assert run.code == 1
    assert sorted(p.name for p in out.parent.iterdir()) == ["public"]
    assert tree(out) == good


def test_render_failure_leaves_no_temporary_folder(hub: Path, tmp_path: Path) -> None:
    out = tmp_path / "site" / "public"
    build(hub, out)
    good = tree(out)
    (hub / "templates").mkdir()
    (hub / "templates/page.html").write_text("{{ page.nope }}\n", encoding="utf-8")
    run = run_cli("-C", hub, "build", "-o", out)
    assert run.code == 1
    assert sorted(p.name for p in out.parent.iterdir()) == ["public"]
    assert tree(out) == good


def test_marker_lets_a_later_build_replace_the_folder(hub: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    build(hub, out)
    assert (out / ".recordhub-output").is_file()
    (hub / "content/faq/newer.md").unlink()
    build(hub, out)
    assert not (out / "faq/newer").exists()  # stale pages go with the old folder
    assert (out / "faq/data/index.html").is_file()


def test_first_build_into_an_empty_folder(hub: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    build(hub, out)
    assert (out / "index.html").is_file()


def test_default_output_is_public(hub: Path) -> None:
    run = run_cli("-C", hub, "build")
    assert run.code == 0, run.err
    assert (hub / "public/faq/data/index.html").is_file()


def test_check_writes_nothing(hub: Path, tmp_path: Path) -> None:
    before = tree(tmp_path)
    folders = sorted(p for p in tmp_path.rglob("*") if p.is_dir())
    run = run_cli("-C", hub, "check")
    assert run.code == 0, run.err
    assert tree(tmp_path) == before
    assert sorted(p for p in tmp_path.rglob("*") if p.is_dir()) == folders
    assert not (hub / "public").exists()


def test_init_then_build(tmp_path: Path) -> None:
    hub = tmp_path / "new-hub"
    run = run_cli("init", hub)
    assert run.code == 0, run.err
    assert (hub / "site.yml").is_file()
    assert (hub / "content/_index.md").is_file()
    assert run_cli("-C", hub, "check").code == 0
    build(hub, hub / "public")
    assert (hub / "public/index.html").is_file()
    # the home page's words for its link are where the link goes
    assert '<a href="/corrections/">corrections page</a>' in html(hub / "public", "index.html")


def test_init_explains_each_setting_of_the_new_hub(tmp_path: Path) -> None:
    hub = tmp_path / "new-hub"
    assert run_cli("init", hub).code == 0
    lines = (hub / "site.yml").read_text(encoding="utf-8").splitlines()
    settings = [at for at, line in enumerate(lines) if line[:1].isalpha()]
    assert len(settings) == 8
    # its editors are a communications team: a note above each setting says what it is for
    assert [lines[at] for at in settings if not lines[at - 1].startswith("# ")] == []


def test_init_refuses_a_non_empty_folder(tmp_path: Path) -> None:
    (tmp_path / "taken").mkdir()
    (tmp_path / "taken/notes.txt").write_text("keep\n")
    run = run_cli("init", tmp_path / "taken")
    assert run.code == 2
    assert "folder exists and is not empty" in run.err
    assert tree(tmp_path / "taken") == {"notes.txt": b"keep\n"}


@pytest.mark.parametrize(
    ("blocker", "what"), [("notes.txt", "a file"), ("gone", "a link to nothing")]
)
def test_init_refuses_a_path_through_a_file(tmp_path: Path, blocker: str, what: str) -> None:
    (tmp_path / "notes.txt").write_text("keep\n")
    (tmp_path / "gone").symlink_to(tmp_path / "nowhere")
    target = tmp_path / blocker / "hub"
    run = run_cli("init", target)
    assert run.code == 2, run.err
    assert run.err == (
        f"{target}: error: {tmp_path / blocker} is {what}, where a folder of the path belongs\n"
        "  hint: choose another folder\n"
    )
    assert (tmp_path / "notes.txt").read_text() == "keep\n"


def test_init_takes_a_folder_that_holds_only_hidden_files(tmp_path: Path) -> None:
    hub = tmp_path / "clone"  # a fresh clone of an empty repository
    (hub / ".git").mkdir(parents=True)
    (hub / ".git" / "HEAD").write_text("ref: refs/heads/main\n")
    run = run_cli("init", hub)
    assert run.code == 0, run.err
    assert (hub / ".git" / "HEAD").read_text() == "ref: refs/heads/main\n"
    assert run_cli("-C", hub, "check").code == 0
    build(hub, hub / "public")


def test_init_leaves_the_mode_of_the_user_s_folder_as_it_was(tmp_path: Path) -> None:
    hub = tmp_path / "private"
    hub.mkdir(mode=0o700)
    hub.chmod(0o700)  # whatever the umask
    run = run_cli("init", hub)
    assert run.code == 0, run.err
    assert hub.stat().st_mode & 0o777 == 0o700


def test_init_from_a_read_only_install_makes_a_hub_that_can_be_edited(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # as a package installed read-only leaves it (a Nix store, a system's site-packages)
    starter = tmp_path / "starter"
    shutil.copytree(hubinit.STARTER_DIR, starter)
    for path in [*starter.rglob("*"), starter]:
        path.chmod(0o555 if path.is_dir() else 0o444)
    monkeypatch.setattr(hubinit, "STARTER_DIR", starter)
    try:
        run = run_cli("init", tmp_path / "hub")
    finally:
        for path in [starter, *starter.rglob("*")]:
            path.chmod(0o755)
    assert run.code == 0, run.err
    unwritable = [p.name for p in (tmp_path / "hub").rglob("*") if not p.stat().st_mode & 0o200]
    assert unwritable == []


def test_init_refuses_a_name_too_long_for_the_disk(tmp_path: Path) -> None:
    target = tmp_path / ("x" * 300)
    run = run_cli("init", target)
    assert run.code == 2, run.err
    assert run.err == (
        f"{target}: error: cannot be written: File name too long\n"
        "  hint: choose a shorter name: most disks take names of up to 255 bytes\n"
    )


@pytest.mark.parametrize("name", ["notes.txt", "link-to-nothing"])
def test_init_refuses_a_file_and_says_it_is_one(tmp_path: Path, name: str) -> None:
    (tmp_path / "notes.txt").write_text("keep\n")
    (tmp_path / "link-to-nothing").symlink_to(tmp_path / "gone")
    run = run_cli("init", tmp_path / name)
    assert run.code == 2
    assert run.err.splitlines() == [
        f"{tmp_path / name}: error: a file with this name exists; the hub needs a folder "
        "of its own",
        "  hint: choose a new folder name",
    ]
    assert (tmp_path / "notes.txt").read_text() == "keep\n"
    assert not (tmp_path / "gone").exists()


CASCADE = {
    **HUB,
    "content/myths/_index.md": "---\ntitle: Myths\ncascade:\n  type: claim\n---\n",
}


@pytest.mark.parametrize(
    ("files", "written"),
    [
        pytest.param(CASCADE, "content/myths/our-ceo-is-a-robot.md", id="cascading-folder"),
        pytest.param(HUB, "content/claims/our-ceo-is-a-robot.md", id="claims-folder"),
    ],
)
def test_new_claim_then_build(tmp_path: Path, files: dict[str, str], written: str) -> None:
    hub = make_site(tmp_path / "hub", files)
    run = run_cli("-C", hub, "new", "claim", "Our CEO: is a robot?")
    assert run.code == 0, run.err
    assert run.out.startswith(f"Wrote {written}, a draft: ")
    text = (hub / written).read_text(encoding="utf-8")
    assert text.startswith('---\ntitle: "Our CEO: is a robot?"\n')
    assert ("\ntype: claim\n" in text) is (files is HUB)
    url_folder = written.removeprefix("content/").removesuffix(".md")
    build(hub, tmp_path / "out")  # a draft until its author says otherwise
    assert not (tmp_path / "out" / url_folder).exists()
    build(hub, tmp_path / "out", "--drafts")
    assert "Our CEO: is a robot?" in html(tmp_path / "out", f"{url_folder}/index.html")
    (hub / written).write_text(text.replace("\ndraft: true ", "\n# draft: true "), "utf-8")
    build(hub, tmp_path / "out")
    assert "Our CEO: is a robot?" in html(tmp_path / "out", f"{url_folder}/index.html")


def test_new_claim_in_cascading_folder_renders_as_a_claim(tmp_path: Path) -> None:
    hub = make_site(tmp_path / "hub", CASCADE)
    assert run_cli("-C", hub, "new", "claim", "Robot").code == 0
    build(hub, tmp_path / "out", "--drafts")
    page = html(tmp_path / "out", "myths/robot/index.html")
    assert "The correct statement, in one line." in page


@pytest.mark.parametrize("skipped", [".myths-2025", "node_modules/myths", "__pycache__"])
def test_new_claim_goes_to_no_folder_the_build_skips(tmp_path: Path, skipped: str) -> None:
    # a copy of a section kept in a hidden folder cascades claims too, but is never built
    index = CASCADE["content/myths/_index.md"]
    hub = make_site(tmp_path / "hub", {**HUB, f"content/{skipped}/_index.md": index})
    run = run_cli("-C", hub, "new", "claim", "Robot")
    assert run.code == 0, run.err
    assert run.out.startswith("Wrote content/claims/robot.md, a draft: ")
    build(hub, tmp_path / "out", "--drafts")
    page = html(tmp_path / "out", "claims/robot/index.html")
    assert "The correct statement, in one line." in page


BILINGUAL_YML = (
    SITE_YML + "languages:\n  - {code: en, name: English}\n  - {code: es, name: Español}\n"
)
SPANISH_CLAIMS = (
    "---\ntitle: Afirmaciones\nlang: es\ntranslation_key: claims\ncascade: {type: claim}\n---\n"
)


@pytest.mark.parametrize(
    ("files", "written", "typed"),
    [
        pytest.param(
            {
                **HUB,
                "content/afirmaciones/_index.md": SPANISH_CLAIMS,
                "content/claims/_index.md": (
                    "---\ntitle: Claims\ntranslation_key: claims\ncascade: {type: claim}\n---\n"
                ),
            },
            "content/claims/robot.md",
            False,
            id="the-english-section-not-the-spanish-one",
        ),
        pytest.param(
            {**HUB, "content/afirmaciones/_index.md": SPANISH_CLAIMS},
            "content/claims/robot.md",
            True,
            id="only-a-spanish-section",
        ),
        pytest.param(
            {**HUB, "content/claims/_index.es.md": SPANISH_CLAIMS.replace("lang: es\n", "")},
            "content/claims/robot.md",
            True,
            id="a-cascade-for-spanish-pages-only",
        ),
    ],
)
def test_new_claim_on_a_bilingual_hub_goes_where_the_default_language_cascades_it(
    tmp_path: Path, files: dict[str, str], written: str, typed: bool
) -> None:
    hub = make_site(tmp_path / "hub", files, BILINGUAL_YML)
    run = run_cli("-C", hub, "new", "claim", "Robot")
    assert run.code == 0, run.err
    assert run.out.startswith(f"Wrote {written}, a draft: ")
    assert ("\ntype: claim\n" in (hub / written).read_text(encoding="utf-8")) is typed
    build(hub, tmp_path / "out", "--drafts")
    page = html(
        tmp_path / "out", written.removeprefix("content/").removesuffix(".md") + "/index.html"
    )
    assert "The correct statement, in one line." in page


@pytest.mark.parametrize("kind", ["page", "claim", "faq", "statement", "roadmap"])
def test_new_page_of_every_type_builds(tmp_path: Path, kind: str) -> None:
    hub = make_site(tmp_path / "hub", HUB)
    run = run_cli("-C", hub, "new", kind, f"A new {kind}")
    assert run.code == 0, run.err
    build(hub, tmp_path / "out", "--strict", "--drafts")


@pytest.mark.parametrize("kind", ["page", "claim", "faq", "statement", "roadmap"])
def test_new_page_has_every_field_of_its_type(tmp_path: Path, kind: str) -> None:
    # as the README says: the optional ones commented out; cascade is for an _index.md only
    hub = make_site(tmp_path / "hub", HUB)
    assert run_cli("-C", hub, "new", kind, f"A new {kind}").code == 0
    [page] = (hub / "content").rglob("a-new-*.md")
    written = {
        line.lstrip("# ").partition(":")[0]
        for line in page.read_text(encoding="utf-8").splitlines()
        if not line.startswith(" ")
    }
    assert sorted(schema.FIELDS[kind] - {"cascade"} - written) == []


@pytest.mark.parametrize(("blocker", "what"), [("file", "a file"), ("link", "a link to nothing")])
def test_new_refuses_a_file_where_the_page_s_folder_belongs(
    tmp_path: Path, blocker: str, what: str
) -> None:
    hub = make_site(tmp_path / "hub", HUB)
    if blocker == "file":
        (hub / "content/claims").write_text("notes\n")
    else:
        (hub / "content/claims").symlink_to(tmp_path / "gone")
    run = run_cli("-C", hub, "new", "claim", "A myth")
    assert run.code == 2, run.err
    assert run.err == (
        f"content/claims/a-myth.md: error: content/claims is {what}, where the page's folder "
        "belongs\n  hint: move content/claims away, or choose the folder with "
        "`cascade: {type: claim}` in an _index.md\n"
    )


def test_new_refuses_a_name_an_existing_page_has_in_other_capitals(tmp_path: Path) -> None:
    hub = make_site(tmp_path / "hub", {**HUB, "content/Team.md": "---\ntitle: Team\n---\n"})
    before = tree(hub)
    run = run_cli("-C", hub, "new", "page", "team")
    assert run.code == 2, run.err
    assert run.err == (
        "content/team.md: error: content/Team.md has this name in other capitals\n"
        "  hint: choose another title, or edit the existing page\n"
    )
    assert tree(hub) == before


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("", "content/page.md: error: the title is empty"),
        ("  ", "content/page.md: error: the title is empty"),
        ("\u200b", "content/u200b.md: error: the title is empty"),  # a zero-width space
        (" \u00ad\u2060 ", "content/u00ad-u2060.md: error: the title is empty"),
        (
            "FAQ",
            "content/faq.md: error: the page's address, /faq/, is taken by content/faq/_index.md",
        ),
        (
            "Search",
            "content/search.md: error: the page's address, /search/, is taken by a page of its own",
        ),
        (
            "_headers",
            "content/_headers.md: error: the page's address, /_headers/, is taken by the file of "
            "that name the build writes for the host",
        ),
        (
            "_Redirects",
            "content/_redirects.md: error: the page's address, /_redirects/, is taken by the file "
            "of that name the build writes for the host",
        ),
        (
            "ctrl\x01char",
            "content/ctrl-char.md: error: the title has a control character (U+0001) in it",
        ),
        (
            "bad\udcffbyte",  # the byte 0xFF in the command line, as Python decodes it
            "content/bad-byte.md: error: the title has a byte that is not UTF-8 text (0xFF) in it",
        ),
        (
            "two\nlines",
            "content/two-lines.md: error: the title has a control character (U+000A) in it",
        ),
        (
            "Notes\uffff",  # YAML refuses the non-characters
            "content/notes.md: error: the title has a character that is not text (U+FFFF) in it",
        ),
        (
            "Non\ufffechar",
            "content/non-char.md: error: the title has a character that is not text (U+FFFE) in it",
        ),
    ],
)
def test_new_refuses_a_page_that_could_not_be_built(
    tmp_path: Path, title: str, expected: str
) -> None:
    hub = make_site(tmp_path / "hub", HUB)
    before = tree(hub)
    run = run_cli("-C", hub, "new", "page", title)
    assert run.code == 2, run.err
    assert run.err.splitlines()[0] == expected
    assert tree(hub) == before


def test_new_says_how_to_mend_a_title_with_a_tab(tmp_path: Path) -> None:
    hub = make_site(tmp_path / "hub", HUB)
    run = run_cli("-C", hub, "new", "page", "Pasted\tfrom a sheet")
    assert run.code == 2, run.err
    assert run.err == (
        "content/pasted-from-a-sheet.md: error: the title has a control character (U+0009) in "
        "it\n  hint: write a space for the tab\n"
    )


@pytest.mark.parametrize(
    ("files", "kind", "title", "expected"),
    [
        pytest.param(
            {},
            "page",
            "Guides",
            "content/guides.md: error: the page's address, /guides/, is taken by the folder "
            "content/guides/, which has no _index.md, so a section page is made for it",
            id="folder-without-index",
        ),
        pytest.param(
            {"content/about.md": "---\ntitle: About us\nslug: team\n---\nWho we are.\n"},
            "page",
            "Team",
            "content/team.md: error: the page's address, /team/, is taken by content/about.md "
            "(slug: team)",
            id="page-slug",
        ),
        pytest.param(
            {"content/faq/_index.md": "---\ntitle: Questions\nslug: help\n---\nAsked.\n"},
            "page",
            "Help",
            "content/help.md: error: the page's address, /help/, is taken by "
            "content/faq/_index.md (slug: help)",
            id="section-slug",
        ),
        pytest.param(
            {"content/claims/old/_index.md": "---\ntitle: Old claims\n---\nOld.\n"},
            "claim",
            "Old",
            "content/claims/old.md: error: the page's address, /claims/old/, is taken by "
            "content/claims/old/_index.md",
            id="in-a-section",
        ),
    ],
)
def test_new_refuses_an_address_another_page_or_folder_has(
    tmp_path: Path, files: dict[str, str], kind: str, title: str, expected: str
) -> None:
    # each of these pages would stop the build with two pages at one address
    hub = make_site(tmp_path / "hub", {**HUB, **files})
    before = tree(hub)
    run = run_cli("-C", hub, "new", kind, title)
    assert run.code == 2, run.err
    assert run.err == f"{expected}\n  hint: choose another title\n"
    assert tree(hub) == before


@pytest.mark.parametrize(
    ("kind", "title", "alias", "written"),
    [
        ("page", "Team", "/team/", "content/team.md"),
        ("page", "Team", "/Team", "content/team.md"),
        ("claim", "Old myth", "/claims/old-myth/", "content/claims/old-myth.md"),
    ],
)
def test_new_refuses_an_address_that_is_another_page_s_alias(
    tmp_path: Path, kind: str, title: str, alias: str, written: str
) -> None:
    # the page that once was there redirects from it: the build refuses the pair
    about = f"---\ntitle: About us\naliases: [{alias}]\n---\nWho we are.\n"
    hub = make_site(tmp_path / "hub", {**HUB, "content/about.md": about})
    before = tree(hub)
    run = run_cli("-C", hub, "new", kind, title)
    assert run.code == 2, run.err
    address = written.removeprefix("content").removesuffix(".md") + "/"
    assert run.err == (
        f"{written}: error: the page's address, {address}, is an alias of content/about.md, "
        "which leads there\n"
        f"  hint: choose another title, or remove {alias} from the aliases of content/about.md\n"
    )
    assert tree(hub) == before


def test_new_takes_an_address_only_another_language_has(tmp_path: Path) -> None:
    spanish = {
        "content/equipo/nosotros.es.md": "---\ntitle: Nosotros\n---\nQuiénes somos.\n",
        "content/team.es.md": "---\ntitle: Equipo\n---\nEl equipo.\n",
    }
    hub = make_site(tmp_path / "hub", {**HUB, **spanish}, BILINGUAL_YML)
    assert run_cli("-C", hub, "new", "page", "Equipo").code == 0
    assert run_cli("-C", hub, "new", "page", "Team").code == 0
    build(hub, tmp_path / "out", "--drafts")


def test_new_tells_of_a_published_translation_its_draft_holds_back(tmp_path: Path) -> None:
    spanish = {
        "content/team.es.md": "---\ntitle: Equipo\n---\nEl equipo.\n",
        "content/press.es.md": "---\ntitle: Prensa\ntranslation_key: prensa\n---\nPrensa.\n",
    }
    hub = make_site(tmp_path / "hub", {**HUB, **spanish}, BILINGUAL_YML)
    run = run_cli("-C", hub, "new", "page", "Team")
    assert run.code == 0, run.err
    assert run.err == (
        "content/team.es.md: notice: it translates content/team.md, so it is no longer "
        "published while that is a draft\n"
        "  hint: to publish it on its own, give it a translation_key of its own\n"
    )
    build(hub, tmp_path / "out")
    assert not (tmp_path / "out/es/team/index.html").exists()
    # one with a key of its own is no translation of the new page
    run = run_cli("-C", hub, "new", "page", "Press")
    assert run.code == 0, run.err
    assert run.err == ""


@pytest.mark.parametrize("page", ["content/roadmap.md", "content/roadmap.es.md"])
def test_new_refuses_a_folder_whose_address_a_page_has(tmp_path: Path, page: str) -> None:
    # no section cascades roadmap pages, so they would go to content/roadmap/, whose section
    # page would be written where content/roadmap.md's page is
    roadmap = "---\ntitle: Roadmap\ntype: roadmap\n---\nSteps.\n"
    hub = make_site(tmp_path / "hub", {**HUB, page: roadmap}, BILINGUAL_YML)
    before = tree(hub)
    run = run_cli("-C", hub, "new", "roadmap", "Security roadmap")
    assert run.code == 2, run.err
    assert run.err == (
        "content/roadmap/security-roadmap.md: error: the new folder content/roadmap/ would have "
        f"the address /roadmap/, which {page} has\n"
        "  hint: to choose the folder for roadmap pages, write `cascade: {type: roadmap}` in its "
        f"_index.md; or rename {page}\n"
    )
    assert tree(hub) == before


def test_new_refuses_a_folder_whose_address_another_page_has_by_its_slug(tmp_path: Path) -> None:
    about = "---\ntitle: About us\nslug: roadmap\n---\nWho we are.\n"
    hub = make_site(tmp_path / "hub", {**HUB, "content/about.md": about})
    before = tree(hub)
    run = run_cli("-C", hub, "new", "roadmap", "Security roadmap")
    assert run.code == 2, run.err
    assert run.err == (
        "content/roadmap/security-roadmap.md: error: the new folder content/roadmap/ would have "
        "the address /roadmap/, which content/about.md (slug: roadmap) has\n"
        "  hint: to choose the folder for roadmap pages, write `cascade: {type: roadmap}` in its "
        "_index.md; or change that page's slug\n"
    )
    assert tree(hub) == before


def test_new_makes_the_folder_when_the_page_of_its_name_has_another_slug(tmp_path: Path) -> None:
    roadmap = "---\ntitle: Plan\nslug: plan\n---\nSteps.\n"
    hub = make_site(tmp_path / "hub", {**HUB, "content/roadmap.md": roadmap})
    run = run_cli("-C", hub, "new", "roadmap", "Security roadmap")
    assert run.code == 0, run.err
    build(hub, tmp_path / "out", "--drafts")


@pytest.mark.parametrize(
    ("kind", "title", "written"),
    [
        ("page", "Con", "content/con-page.md"),
        ("page", "NUL.txt", "content/nul-txt.md"),
        ("page", "NUL", "content/nul-page.md"),
        # a dot would make a translation (about.es.md) or a name with two ends
        ("page", "About.es", "content/about-es.md"),
        ("page", "Report v2.1", "content/report-v2-1.md"),
        ("page", "COM1", "content/com1-page.md"),
        ("claim", "Aux", "content/claims/aux-claim.md"),
        # symbols only: spelt by code point, as a topic is, so that two do not share a name
        ("page", "🔒", "content/u1f512.md"),
        ("claim", "???", "content/claims/u003f-u003f-u003f.md"),
        # _index.md is the section's own page: the home page here, /roadmap/ there
        ("page", "_index", "content/_index-page.md"),
        ("roadmap", "_Index", "content/roadmap/_index-roadmap.md"),
    ],
)
def test_new_gives_a_page_a_file_name_the_build_and_windows_take_as_meant(
    tmp_path: Path, kind: str, title: str, written: str
) -> None:
    hub = make_site(tmp_path / "hub", HUB)
    run = run_cli("-C", hub, "new", kind, title)
    assert run.code == 0, run.err
    assert run.out.startswith(f"Wrote {written}, a draft: ")
    build(hub, tmp_path / "out", "--strict", "--drafts")  # no warning about the file's name


@pytest.mark.parametrize(
    ("title", "written", "key"),
    [
        ("Yes", "content/yes.md", '"yes"'),
        ("123", "content/123.md", '"123"'),
        ("~", "content/~.md", '"~"'),
        ("Null", "content/null.md", '"null"'),
        ("Team", "content/team.md", "team"),
    ],
)
def test_new_page_s_commented_lines_build_once_uncommented(
    tmp_path: Path, title: str, written: str, key: str
) -> None:
    # the translation key is the file's name: YAML would read some names as other values
    hub = make_site(tmp_path / "hub", HUB)
    assert run_cli("-C", hub, "new", "page", title).code == 0
    page = hub / written
    text = page.read_text(encoding="utf-8")
    assert f"\n# lang: en\n# translation_key: {key}\n" in text
    text = text.replace("\n# lang:", "\nlang:").replace(
        "\n# translation_key:", "\ntranslation_key:"
    )
    page.write_text(text, encoding="utf-8")
    build(hub, tmp_path / "out", "--strict", "--drafts")


def test_new_page_s_language_line_builds_once_uncommented_in_norwegian(tmp_path: Path) -> None:
    norwegian = SITE_YML + 'language: "no"\nlanguages:\n  - {code: "no", name: Norsk}\n'
    hub = make_site(tmp_path / "hub", HUB, norwegian)
    assert run_cli("-C", hub, "new", "page", "Om oss").code == 0
    page = hub / "content/om-oss.md"
    text = page.read_text(encoding="utf-8")
    assert '\n# lang: "no"\n' in text
    page.write_text(text.replace("\n# lang:", "\nlang:"), encoding="utf-8")
    build(hub, tmp_path / "out", "--drafts")
    assert (tmp_path / "out/om-oss/index.html").is_file()


def test_new_says_a_link_to_nothing_has_the_page_s_name(tmp_path: Path) -> None:
    hub = make_site(tmp_path / "hub", HUB)
    (hub / "content/team.md").symlink_to(tmp_path / "gone.md")
    run = run_cli("-C", hub, "new", "page", "Team")
    assert run.code == 2, run.err
    assert run.err == (
        "content/team.md: error: a link to nothing has this name\n"
        "  hint: remove it, or choose another title\n"
    )
    assert not (tmp_path / "gone.md").exists()


def test_new_refuses_to_overwrite(tmp_path: Path) -> None:
    hub = make_site(tmp_path / "hub", HUB)
    assert run_cli("-C", hub, "new", "page", "Twice").code == 0
    page = hub / "content/twice.md"
    page.write_text("---\ntitle: Edited\n---\n", encoding="utf-8")
    run = run_cli("-C", hub, "new", "page", "Twice")
    assert run.code == 2
    assert "content/twice.md: error: a page with this name already exists" in run.err
    assert page.read_text(encoding="utf-8") == "---\ntitle: Edited\n---\n"


def test_version() -> None:
    run = run_cli("--version")
    assert run.code == 0
    assert run.out == f"recordhub {recordhub.__version__}\n"


def test_a_date_still_to_come_warns_and_a_far_one_does_not_crash(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(
        "SOURCE_DATE_EPOCH", str(int(dt.datetime(2026, 3, 1, tzinfo=dt.UTC).timestamp()))
    )
    page = (
        "---\ntitle: A\ndate: 9999-12-31\nupdated: 2029-06-01\nreviewed: 2026-03-02\n"
        "changelog:\n  - {date: 2029-06-01, kind: update, note: x}\n---\nA\n"
    )
    scheduled = "---\ntitle: B\ndate: 2026-04-01\npublish_at: 2026-04-01T09:00:00Z\n---\nB\n"
    reviewed = "---\ntitle: C\nreviewed: 2027-01-01\n---\nC\n"
    hub = make_site(
        tmp_path / "hub",
        {**HUB, "content/a.md": page, "content/b.md": scheduled, "content/c.md": reviewed},
        SITE_YML,
    )
    run = run_cli("-C", hub, "build", "--no-search", "-o", tmp_path / "out")
    assert run.code == 0, run.err
    for where, what, hint in [
        ("3:7", "date is 9999-12-31", "to publish a page later, give it publish_at:"),
        ("4:10", "updated is 2029-06-01", "give the day the page was actually updated"),
        ("7:12", "changelog[0].date is 2029-06-01", "give the day the change was actually made"),
    ]:
        assert (
            f"content/a.md:{where}: warning: {what}, which is still to come\n"
            f"  hint: check the year; {hint}\n"
        ) in run.err
    assert (
        "content/c.md:3:11: warning: reviewed is 2027-01-01, which is still to come\n"
        "  hint: check the year; give the day the page was actually reviewed\n"
    ) in run.err
    assert run.err.count("still to come") == 4  # not the next day, nor a scheduled page's own
    expires = (tmp_path / "out" / ".well-known" / "security.txt").read_text()
    assert "Expires: 2030-06-01T00:00:00Z" in expires
    strict = run_cli("-C", hub, "build", "--no-search", "--strict", "-o", tmp_path / "out")
    assert strict.code == 1


@pytest.mark.parametrize("flags", [(), ("--future",)])
def test_a_review_or_an_embargo_on_the_calendars_last_day_does_not_crash(
    tmp_path: Path, flags: tuple[str, ...]
) -> None:
    # 9999-12-31 is how some write "never": the day after it is no date
    never = "---\ntitle: A\nreview_due: 9999-12-31\n---\nA\n"
    held = "---\ntitle: B\npublish_at: 9999-12-31T23:59:59Z\n---\nB\n"
    hub = make_site(tmp_path / "hub", {**HUB, "content/a.md": never, "content/b.md": held})
    run = run_cli("-C", hub, "build", "--no-search", "-o", tmp_path / "out", *flags)
    assert run.code == 0, run.err
    assert "stale" not in run.err
    assert (tmp_path / "out" / "b" / "index.html").exists() is bool(flags)


def test_a_claim_made_or_a_source_published_on_a_day_still_to_come_warns(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(
        "SOURCE_DATE_EPOCH", str(int(dt.datetime(2026, 3, 1, tzinfo=dt.UTC).timestamp()))
    )
    site_yml = SITE_YML + 'verdicts: {"false": "False"}\n'
    claim = (
        "---\ntitle: A\ntype: claim\nclaim: c\nverdict: 'false'\nfact: f\n"
        "claimed_by: {who: A post, date: 2062-01-02}\n"
        "sources:\n  - {title: S, url: https://s.example/, date: 2026-03-02}\n"
        "  - {title: T, url: https://t.example/, date: 2062-05-01}\n---\nA\n"
    )
    hub = make_site(tmp_path / "hub", {**HUB, "content/a.md": claim}, site_yml)
    run = run_cli("-C", hub, "build", "--no-search", "-o", tmp_path / "out")
    assert run.code == 0, run.err
    assert (
        "content/a.md:7:33: warning: claimed_by.date is 2062-01-02, which is still to come\n"
        "  hint: check the year; give the day the claim was made\n"
    ) in run.err
    assert (
        "content/a.md:10:47: warning: sources[1].date is 2062-05-01, which is still to come\n"
        "  hint: check the year; give the day the source was published\n"
    ) in run.err
    assert run.err.count("still to come") == 2  # not the next day


def test_a_linked_folder_in_static_is_published_when_it_stays_in_the_project(
    tmp_path: Path,
) -> None:
    outside = tmp_path / "elsewhere"
    (outside / "secret").mkdir(parents=True)
    (outside / "secret" / "key.txt").write_text("private\n")
    hub = make_site(
        tmp_path / "hub",
        {
            **HUB,
            "content/page.md": "---\ntitle: Page\n---\n![logo](/img/logo.png)\n",
            "shared/img/logo.png": b"\x89PNG logo",
            "static/site.txt": "plain\n",
        },
    )
    (hub / "static" / "img").symlink_to(hub / "shared" / "img")
    (hub / "static" / "loop").symlink_to(hub / "static")  # leads back into itself
    (hub / "static" / "outside").symlink_to(outside / "secret")
    build(hub, tmp_path / "out", "--no-search")
    files = tree(tmp_path / "out")
    assert files["img/logo.png"] == b"\x89PNG logo"
    assert files["site.txt"] == b"plain\n"
    assert not [rel for rel in files if rel.startswith(("outside/", "loop/"))]


def test_a_topic_page_lists_as_every_listing_does(tmp_path: Path) -> None:
    def dated(title: str, day: str, extra: str = "") -> str:
        return f"---\ntitle: {title}\ndate: {day}\ntags: [privacy]\n{extra}---\nText.\n"

    late_fix = "changelog:\n  - {date: 2026-06-01, kind: correction, note: Fixed.}\n"
    hub = make_site(
        tmp_path / "hub",
        {
            **HUB,
            "content/jan.md": dated("January", "2026-01-10", late_fix),
            "content/may.md": dated("May", "2026-05-01"),
            "content/feb.md": dated("February pinned", "2026-02-01", "weight: -1\n"),
        },
    )
    build(hub, tmp_path / "out", "--no-search")
    listing = html(tmp_path / "out", "tags/privacy/index.html")
    order = [listing.index(title) for title in ("February pinned", "May", "January")]
    assert order == sorted(order)  # weight first, then newest published first


def test_hidden_folders_of_static_are_not_published_but_well_known_is(tmp_path: Path) -> None:
    # a clone of a shared brand folder: its .git/config may hold a deploy token
    token = "[remote]\n  url = https://deploy:ghp_SECRET@github.com/example/brand.git\n"
    hub = make_site(
        tmp_path / "hub",
        {
            **HUB,
            "static/brand/logo.svg": '<svg xmlns="http://www.w3.org/2000/svg"/>\n',
            "static/brand/.git/config": token,
            "static/brand/.git/objects/ab/cdef": "blob\n",
            "static/.idea/workspace.xml": "<project/>\n",
            "static/.well-known/apple-app-site-association": "{}\n",
        },
    )
    build(hub, tmp_path / "out", "--no-search")
    files = tree(tmp_path / "out")
    assert "brand/logo.svg" in files, sorted(files)
    assert not [rel for rel in files if ".git" in rel or ".idea" in rel], sorted(files)
    assert not [rel for rel, data in files.items() if b"ghp_SECRET" in data]
    assert ".well-known/apple-app-site-association" in files


def test_folders_tools_make_are_neither_sources_nor_published(tmp_path: Path) -> None:
    hub = make_site(
        tmp_path / "hub",
        {
            **HUB,
            "static/node_modules/widget/widget.js": "export const w = 1;\n",
            "static/js/ok.js": "console.log(1);\n",
            "content/faq/__pycache__/notes.txt": "junk\n",
            "content/faq/node_modules/n.md": "---\ntitle: N\n---\n",
            "content/faq/real.txt": "kept\n",
        },
    )
    build(hub, tmp_path / "out", "--no-search")
    files = tree(tmp_path / "out")
    assert "faq/real.txt" in files
    assert any(rel.startswith("assets/js/ok.") for rel in files)
    assert not [rel for rel in files if "node_modules" in rel or "__pycache__" in rel]
    assert not [rel for rel in files if rel.startswith(("assets/widget", "faq/n/"))]


def test_tags_written_otherwise_on_one_address_warn_and_case_does_not(tmp_path: Path) -> None:
    def tagged(title: str, tags: str) -> str:
        return f"---\ntitle: {title}\ntags: {tags}\n---\nText.\n"

    hub = make_site(
        tmp_path / "hub",
        {
            **HUB,
            "content/a.md": tagged("A", "[C, Privacy, data privacy]"),
            "content/b.md": tagged("B", '[privacy, "C++", " DATA  privacy "]'),
            "content/c.md": tagged("C", '["c++", "Data & privacy"]'),
        },
    )
    run = run_cli("-C", hub, "build", "-o", tmp_path / "out", "--no-search")
    assert run.code == 0, run.err
    hint = (
        "  hint: if they are one topic, write them the same; if not, make them differ in a "
        "letter or digit, since addresses leave out punctuation, symbols and case"
    )
    lines = run.err.splitlines()
    told = [two for i, line in enumerate(lines) if "tag '" in line for two in lines[i : i + 2]]
    # one warning per spelling, at its first use; "privacy" and "DATA  privacy" are silent
    assert told == [
        "content/b.md:3:17: warning: tag 'C++' gets the same address, /tags/c/, as tag 'C' "
        "(content/a.md:3:8), so both are listed on one topic page named 'C'",
        hint,
        "content/c.md:3:15: warning: tag 'Data & privacy' gets the same address, "
        "/tags/data-privacy/, as tag 'data privacy' (content/a.md:3:20), so both are listed on "
        "one topic page named 'data privacy'",
        hint,
    ]


def test_tags_of_only_symbols_get_an_address_each(tmp_path: Path) -> None:
    hub = make_site(
        tmp_path / "hub",
        {
            **HUB,
            "content/a.md": '---\ntitle: Locked\ntags: ["🔒", "#"]\n---\nText.\n',
            "content/b.md": '---\ntitle: Unlocked\ntags: ["🔓"]\n---\nText.\n',
        },
    )
    build(hub, tmp_path / "out", "--no-search", "--strict")
    for rel, name, title in [
        ("tags/u1f512/index.html", "🔒", "Locked"),
        ("tags/u0023/index.html", "#", "Locked"),
        ("tags/u1f513/index.html", "🔓", "Unlocked"),
    ]:
        page = html(tmp_path / "out", rel)
        assert f'<h1 class="page-title">{name}</h1>' in page
        assert title in page
    assert "Unlocked" not in html(tmp_path / "out", "tags/u1f512/index.html")


def test_a_tag_a_page_names_twice_lists_the_page_once(tmp_path: Path) -> None:
    page = "---\ntitle: Alpha page\ntags: [Privacy, Data, privacy, Data]\n---\nText.\n"
    hub = make_site(tmp_path / "hub", {**HUB, "content/a.md": page})
    build(hub, tmp_path / "out", "--no-search", "--strict")
    for topic in ("privacy", "data"):
        assert html(tmp_path / "out", f"tags/{topic}/index.html").count("Alpha page") == 1
        assert html(tmp_path / "out", "a/index.html").count(f'href="/tags/{topic}/"') == 1


def test_office_owner_files_and_macos_safe_saves_are_not_published(tmp_path: Path) -> None:
    droppings = {
        "content/press/~$statement.docx": b"\x0bJane Editor",  # who has the file open
        "content/press/statement.docx.sb-2f4a1c3d-Qz1xYb": b"half-saved",
        "static/~$deck.pptx": b"\x0bJane Editor",
        "static/img/chart.png.sb-00ff99aa-a1B2c3": b"half-saved",
    }
    files = {**HUB, "content/press/statement.docx": b"PK the statement", **droppings}
    hub = make_site(tmp_path / "hub", files)
    out = tmp_path / "out"
    build(hub, out, "--no-search")
    written = tree(out)
    assert written["press/statement.docx"] == b"PK the statement"
    names = ("~$statement.docx", "statement.docx.sb-", "~$deck.pptx", "chart.png.sb-")
    assert [rel for rel in written if any(name in rel for name in names)] == []
    assert not any(name.encode() in written["manifest.json"] for name in names)


def test_a_build_without_search_says_so_on_its_search_page(tmp_path: Path) -> None:
    hub = make_site(tmp_path / "hub", HUB)
    build(hub, tmp_path / "out", "--no-search")
    html = (tmp_path / "out" / "search" / "index.html").read_text("utf-8")
    assert "built without its search index. You can browse the sections instead:" in html
    # nothing promises a search that is not there, nor hides the list from script readers
    assert "Search every page" not in html and "Search needs JavaScript" not in html
    assert "data-search-ui" not in html and "data-search-fallback" not in html
    assert '<a href="/' in html.split("search-fallback", 1)[1]


def test_new_refuses_the_address_of_a_language_home_page(tmp_path: Path) -> None:
    hub = make_site(tmp_path / "hub", HUB, BILINGUAL_YML)
    before = tree(hub)
    run = run_cli("-C", hub, "new", "page", "ES")
    assert run.code == 2, run.err
    assert run.err.splitlines()[0] == (
        "content/es.md: error: the page's address, /es/, is taken by a language's home page"
    )
    assert tree(hub) == before


def test_new_takes_the_address_of_the_default_language_s_code(tmp_path: Path) -> None:
    # the default language's home is /, so /en/ is no home page's
    hub = make_site(tmp_path / "hub", HUB, BILINGUAL_YML)
    run = run_cli("-C", hub, "new", "page", "EN")
    assert run.code == 0, run.err
    assert run.out.startswith("Wrote content/en.md, a draft: ")
    build(hub, tmp_path / "out", "--drafts", "--strict")
    assert "<h1" in html(tmp_path / "out", "en/index.html")


@pytest.mark.parametrize("inside", ["content", "static", "templates"])
def test_init_refuses_a_folder_inside_a_hubs_sources(tmp_path: Path, inside: str) -> None:
    hub = make_site(tmp_path / "hub", HUB)
    before = tree(hub)
    run = run_cli("-C", hub, "init", f"{inside}/nested")
    assert run.code == 2, run.err
    assert f"error: it is inside the {inside}/ folder of the hub in {hub.resolve()}" in run.err
    assert "hint: make the new hub in a folder of its own, outside that hub" in run.err
    assert tree(hub) == before
