"""What the preview shows when a save breaks the hub: every problem a build of the same sources
lists, and the last good pages left as they were."""

from __future__ import annotations

from pathlib import Path

import pytest

from hubtest import make_site, run_cli, tree
from recordhub.plan import Output
from recordhub.preview import Preview
from recordhub.render import THEME_DIR
from recordhub.showing import Read

HOME = "---\ntitle: Home\n---\nWelcome.\n"


def previewed(hub: Path, out: Path) -> Preview:
    """The preview of hub after a first good build."""
    out.mkdir()
    preview = Preview(hub, out)
    first = preview.rebuild(None)
    assert first.ok, [p.format() for p in first.problems]
    return preview


def told(hub: Path, out: Path) -> list[str]:
    """The error lines a build of hub prints."""
    run = run_cli("-C", hub, "build", "--no-search", "-o", out)
    assert run.code == 1
    return [line for line in run.err.splitlines() if ": error: " in line or "  hint: " in line]


def test_a_missing_page_and_a_missing_anchor_are_both_told_as_a_build_tells_them(
    tmp_path: Path,
) -> None:
    page = "---\ntitle: About\n---\nSee [one](nope.md) and [two](/#nowhere).\n"
    hub = make_site(tmp_path / "hub", {"content/_index.md": HOME, "content/about.md": HOME})
    preview = previewed(hub, tmp_path / "preview")
    before = tree(tmp_path / "preview")
    (hub / "content/about.md").write_text(page, encoding="utf-8")
    outcome = preview.rebuild({hub / "content/about.md"})
    assert not outcome.ok
    shown = [line for p in outcome.errors for line in p.format().splitlines()]
    assert shown == [
        "content/about.md:4:11: error: link to 'nope.md': content/nope.md does not exist",
        "  hint: check the file name; links are relative to this file",
        "content/about.md:4:30: error: broken link to /#nowhere: the page has no anchor #nowhere",
        "  hint: content/_index.md has no headings to link to; leave out #nowhere",
    ]
    assert shown == told(hub, tmp_path / "out")
    assert tree(tmp_path / "preview") == before


def test_every_template_that_fails_to_render_is_told_not_only_the_first(tmp_path: Path) -> None:
    files = {
        "content/_index.md": HOME,
        "content/about.md": "---\ntitle: About\n---\nText.\n",
        "content/statements/_index.md": "---\ntitle: Statements\n---\n",
        "content/statements/one.md": "---\ntitle: One\ntype: statement\ndate: 2026-01-05\n---\n",
    }
    hub = make_site(tmp_path / "hub", files)
    preview = previewed(hub, tmp_path / "preview")
    for name in ("page.html", "statement.html"):
        text = (THEME_DIR / "templates" / name).read_text("utf-8")
        broken = text.replace("{% block content %}", '{% block content %}{{ t("no_such") }}')
        assert broken != text
        make_site(hub, {f"templates/{name}": broken}, site_yml=None)
    outcome = preview.rebuild({hub / "templates/page.html", hub / "templates/statement.html"})
    assert not outcome.ok
    shown = [line for p in outcome.errors for line in p.format().splitlines()]
    assert [line for line in shown if ": error: " in line] == [
        "templates/page.html:7: error: unknown theme string 'no_such'",
        "templates/statement.html:6: error: unknown theme string 'no_such'",
    ]
    assert shown == told(hub, tmp_path / "out")
    assert preview.last_errors == outcome.errors


def test_a_failing_save_renders_only_the_pages_saved(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # a broken page leaves the listings that showed it, and every page that lists pages: those
    # are rendered again once the hub builds, not on each save until then
    from recordhub.showing import Showing

    files = {f"content/p{n}.md": f"---\ntitle: Page {n}\n---\nText {n}.\n" for n in range(20)}
    hub = make_site(tmp_path / "hub", {"content/_index.md": HOME, **files})
    preview = previewed(hub, tmp_path / "preview")
    rendering = Showing.render
    rendered: list[str] = []

    def render(self: Showing, item: Output) -> tuple[str, Read]:
        rendered.append(item.rel)
        return rendering(self, item)

    monkeypatch.setattr(Showing, "render", render)
    saved = hub / "content/p3.md"
    saved.write_text("---\ntitle: Page 3\n---\nSee [one](nope.md) and [two](p4.md#no).\n", "utf-8")
    (hub / "content/p5.md").write_text("---\ntitle: [broken\n---\n", "utf-8")
    outcome = preview.rebuild({saved, hub / "content/p5.md"})
    assert [p.format().splitlines()[0] for p in outcome.errors] == [
        "content/p5.md:2:8: error: invalid YAML: a list in [...] is never closed",
        "content/p3.md:4:11: error: link to 'nope.md': content/nope.md does not exist",
        "content/p3.md:4:30: error: broken link to p4.md#no: the page has no anchor #no",
    ]
    assert rendered == ["p3/index.html"]


def test_a_template_line_failing_on_each_page_is_told_for_each_page_it_fails_differently(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from recordhub.showing import Showing

    files = {f"content/p{n}.md": f"---\ntitle: Page {n}\n---\nText {n}.\n" for n in range(3)}
    hub = make_site(tmp_path / "hub", {"content/_index.md": HOME, **files})
    preview = previewed(hub, tmp_path / "preview")
    rendering = Showing.render
    rendered: list[str] = []

    def render(self: Showing, item: Output) -> tuple[str, Read]:
        rendered.append(item.rel)
        return rendering(self, item)

    monkeypatch.setattr(Showing, "render", render)
    text = (THEME_DIR / "templates/page.html").read_text("utf-8")
    template = hub / "templates/page.html"
    for asked, told in (
        ("page.title", [f"unknown theme string 'Page {n}'" for n in range(3)]),
        ('"no_such"', ["unknown theme string 'no_such'"]),
    ):
        broken = text.replace("{% block content %}", f"{{% block content %}}{{{{ t({asked}) }}}}")
        make_site(hub, {"templates/page.html": broken}, site_yml=None)
        rendered.clear()
        outcome = preview.rebuild({template})
        assert [p.message for p in outcome.errors] == told
        # a line failing alike on two pages fails on the others too: they are not rendered
        pages = [rel for rel in rendered if rel.startswith("p")]
        assert len(pages) == (3 if asked == "page.title" else 2), rendered


def test_a_page_broken_at_an_earlier_save_is_still_told_when_another_breaks_the_sources(
    tmp_path: Path,
) -> None:
    # only the pages saved are rendered while the sources fail: one broken before is told as
    # it was last rendered, until it is fixed, as a build tells it
    files = {"content/_index.md": HOME, "content/b.md": HOME, "content/a.md": HOME}
    hub = make_site(tmp_path / "hub", files)
    preview = previewed(hub, tmp_path / "preview")
    b, a = hub / "content/b.md", hub / "content/a.md"
    b.write_text("---\ntitle: B\n---\nSee [one](/nowhere/) and [two](/#no).\n", "utf-8")
    assert not preview.rebuild({b}).ok
    a.write_text("---\ntitle: A\ndate: someday\n---\nText.\n", "utf-8")
    outcome = preview.rebuild({a})
    shown = [line for p in outcome.errors for line in p.format().splitlines()]
    assert [line for line in shown if ": error: " in line] == [
        "content/a.md:3:7: error: 'date' is not a valid date: someday",
        "content/b.md:4:11: error: broken link to /nowhere/: no page or file has that address",
        "content/b.md:4:32: error: broken link to /#no: the page has no anchor #no",
    ]
    assert shown == told(hub, tmp_path / "out")
    b.write_text("---\ntitle: B\n---\nFixed.\n", "utf-8")
    outcome = preview.rebuild({b})
    assert [p.format().splitlines()[0] for p in outcome.errors] == [
        "content/a.md:3:7: error: 'date' is not a valid date: someday"
    ]


def test_a_save_of_a_body_still_tells_the_warnings_a_build_tells(tmp_path: Path) -> None:
    # those of the other pages, and those of the saved page's own front matter
    skipped = "---\ntitle: A\n---\n## One\n\n#### Deep\n\nText.\n"
    ahead = "---\ntitle: B\ndate: 2099-01-01\n---\n{}\n"
    files = {"content/_index.md": HOME, "content/a.md": skipped, "content/b.md": ahead}
    hub = make_site(tmp_path / "hub", files)
    preview = previewed(hub, tmp_path / "preview")
    warned = [
        "content/a.md:6:1: warning: a heading of level 4 under one of level 2: the list of "
        "headings a screen reader gives skips a level",
        "  hint: make it ###, one # more than the heading it is under",
        "content/b.md:3:7: warning: date is 2099-01-01, which is still to come",
        "  hint: check the year; to publish a page later, give it publish_at:",
    ]
    # the last save changes nothing that the page shows
    for body, rendered in (("Saved once.", 1), ("Saved twice.", 1), ("Saved twice.", 0)):
        (hub / "content/b.md").write_text(ahead.format(body), "utf-8")
        outcome = preview.rebuild({hub / "content/b.md"})
        assert outcome.ok and outcome.rendered == rendered
        assert [line for p in sorted(outcome.problems) for line in p.format().splitlines()] == (
            warned
        )
    run = run_cli("-C", hub, "build", "--no-search", "-o", tmp_path / "out")
    assert [line for line in run.err.splitlines() if "warning" in line or "hint" in line] == warned
    # fixed, the warning goes, on the page's own save of its body
    (hub / "content/a.md").write_text(skipped.replace("####", "###"), "utf-8")
    outcome = preview.rebuild({hub / "content/a.md"})
    assert outcome.ok and [p.format() for p in outcome.problems] == ["\n".join(warned[2:])]
