"""Drafts and embargoed pages, in the outputs that include them, are marked where listed."""

from __future__ import annotations

from pathlib import Path

import pytest

from hubtest import make_site, run_cli, tree
from recordhub.preview import Preview

EPOCH_2026_03_01 = "1772323200"
LANGUAGES = (
    "title: T\nbase_url: https://t.example/\n"
    "languages: [{code: en, name: English}, {code: es, name: Español}]\n"
)


def statement(title: str, date: str, more: str = "") -> str:
    matter = f"title: {title}\ntype: statement\ndate: {date}\ntags: [results]\n{more}"
    return f"---\n{matter}---\nText.\n"


HUB = {
    "content/_index.md": "---\ntitle: Home\n---\nWelcome.\n",
    "content/_index.es.md": "---\ntitle: Inicio\n---\nBienvenida.\n",
    "content/statements/_index.md": "---\ntitle: Statements\n---\n",
    "content/statements/_index.es.md": "---\ntitle: Declaraciones\n---\n",
    "content/statements/old.md": statement("Old news", "2026-01-10"),
    "content/statements/old.es.md": statement("Noticia antigua", "2026-01-10"),
    "content/statements/plans.md": statement("Our plans", "2026-02-20", "draft: true\n"),
    "content/statements/plans.es.md": statement("Planes", "2026-02-20", "draft: true\n"),
    "content/statements/results.md": statement(
        "Results", "2026-03-02", "publish_at: 2026-03-02T09:00:00Z\n"
    ),
    # the zone as written: the team sets the embargo in its own time
    "content/statements/results.es.md": statement(
        "Resultados", "2026-03-02", "publish_at: 2026-03-02T10:00:00+01:00\n"
    ),
}

EN_DRAFT = '<p class="card__unpublished"><span class="card__badge">Draft</span></p>'
EN_EMBARGOED = (
    '<p class="card__unpublished"><span class="card__badge">Embargoed until '
    '<time datetime="2026-03-02T09:00:00+00:00">March 2, 2026, 9:00\u202fAM UTC</time>'
    "</span></p>"
)
ES_DRAFT = '<p class="card__unpublished"><span class="card__badge">Borrador</span></p>'
ES_EMBARGOED = (
    '<p class="card__unpublished"><span class="card__badge">Embargado hasta el '
    '<time datetime="2026-03-02T10:00:00+01:00">2 de marzo de 2026, 10:00 +0100</time>'
    "</span></p>"
)


@pytest.fixture(autouse=True)
def _clock(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH_2026_03_01)


def build(hub: Path, out: Path, *flags: str) -> None:
    run = run_cli("-C", hub, "build", "--no-search", "-o", out, *flags)
    assert run.code == 0, run.err
    assert "warning" not in run.err, run.err  # every string is there in both languages


def card_of(html: str, title: str) -> str:
    """The card whose title link reads title."""
    start = html.index(f">{title}</a>")
    return html[html.rindex('<li class="card', 0, start) : html.index("</li>", start)]


def test_listings_mark_drafts_and_embargoed_pages_in_each_language(tmp_path: Path) -> None:
    hub = make_site(tmp_path / "hub", HUB, LANGUAGES)
    out = tmp_path / "out"
    build(hub, out, "--drafts", "--future")
    listings = ("index.html", "statements/index.html", "tags/results/index.html")
    for name in listings:
        html = (out / name).read_text()
        assert EN_DRAFT in card_of(html, "Our plans"), name
        assert EN_EMBARGOED in card_of(html, "Results"), name
        assert "card__unpublished" not in card_of(html, "Old news"), name
    for name in listings:
        html = (out / "es" / name).read_text()
        assert ES_DRAFT in card_of(html, "Planes"), name
        assert ES_EMBARGOED in card_of(html, "Resultados"), name
        assert "card__unpublished" not in card_of(html, "Noticia antigua"), name
    # with --drafts alone the embargoed page is out, and the draft still marked
    build(hub, tmp_path / "drafts", "--drafts")
    html = (tmp_path / "drafts/index.html").read_text()
    assert EN_DRAFT in card_of(html, "Our plans")
    assert "Results" not in html and "Embargoed" not in html
    # a normal build has neither page, and no mark anywhere
    build(hub, tmp_path / "normal")
    pages = {n: data for n, data in tree(tmp_path / "normal").items() if n.endswith(".html")}
    assert "index.html" in pages and "es/statements/index.html" in pages
    for name, data in pages.items():
        text = data.decode()
        for mark in ("card__unpublished", "card__badge", "Draft", "Embargo", "Borrador"):
            assert mark not in text, (name, mark)
    assert "Old news" in pages["index.html"].decode()


def test_the_preview_shows_a_changed_embargo_time_in_the_listings(tmp_path: Path) -> None:
    hub = make_site(tmp_path / "hub", HUB, LANGUAGES)
    out = tmp_path / "preview"
    preview = Preview(hub, out)
    assert preview.rebuild(None).ok
    assert EN_EMBARGOED in (out / "index.html").read_text()
    source = hub / "content/statements/results.md"
    later = HUB["content/statements/results.md"].replace("T09:00:00Z", "T15:30:00Z")
    source.write_text(later, encoding="utf-8")
    assert preview.rebuild({source}).ok
    for name in ("index.html", "statements/index.html", "tags/results/index.html"):
        html = (out / name).read_text()
        assert "March 2, 2026, 3:30\u202fPM UTC</time>" in card_of(html, "Results"), name


WAITS = (
    "This page is not published yet: its section, or the page it translates, is a draft or "
    "scheduled."
)
ES_WAITS = (
    "Esta página aún no está publicada: su sección, o la página que traduce, es un borrador o "
    "está programada."
)


def test_the_preview_marks_pages_that_wait_for_their_section_or_original(tmp_path: Path) -> None:
    held = {
        "content/briefings/_index.md": "---\ntitle: Briefings\ndraft: true\n---\n",
        "content/briefings/q1.md": "---\ntitle: First quarter\n---\nText.\n",
        "content/statements/recall.md": statement("Recall", "2026-02-01", "draft: true\n"),
        "content/statements/recall.es.md": statement("Retirada", "2026-02-01"),
    }
    hub = make_site(tmp_path / "hub", {**HUB, **held}, LANGUAGES)
    out = tmp_path / "preview"
    assert Preview(hub, out).rebuild(None).ok
    # shown, as everything is in the preview, and said to wait, in the page's language
    assert WAITS in (out / "briefings/q1/index.html").read_text()
    assert ES_WAITS in (out / "es/statements/recall/index.html").read_text()
    badge = '<span class="card__badge">Not yet published</span>'
    assert badge in card_of((out / "briefings/index.html").read_text(), "First quarter")
    es_badge = '<span class="card__badge">Aún no publicada</span>'
    assert es_badge in card_of((out / "es/statements/index.html").read_text(), "Retirada")
    # a draft is told it is a draft, not that it waits; a page that waits for nothing is not told
    assert "This page is a draft." in (out / "briefings/index.html").read_text()
    assert WAITS not in (out / "briefings/index.html").read_text()
    assert "card__unpublished" not in card_of((out / "index.html").read_text(), "Old news")
    assert WAITS not in (out / "statements/old/index.html").read_text()
    # a build for readers has neither page, and no mark anywhere
    build(hub, tmp_path / "normal")
    pages = {
        n: data.decode() for n, data in tree(tmp_path / "normal").items() if n.endswith(".html")
    }
    assert "briefings/q1/index.html" not in pages and "es/statements/recall/index.html" not in pages
    for name, text in pages.items():
        assert "Not yet published" not in text and "Aún no publicada" not in text, name


UNCHECKED = (
    "content: notice: {} not checked: links to other pages, anchors and the pages named in "
    "front matter are checked only where drafts are shown\n"
    "  hint: run recordhub check --drafts to check them, or preview them with recordhub serve, "
    "which shows drafts and tells their problems\n"
)


def test_a_build_without_drafts_tells_how_many_drafts_it_left_unchecked(tmp_path: Path) -> None:
    draft = "---\ntitle: {}\ndraft: true\n---\nSee [the plan]({}).\n"
    hub = make_site(
        tmp_path / "hub",
        {
            "content/_index.md": "---\ntitle: Home\n---\nWelcome.\n",
            "content/one.md": draft.format("One", "missing.md"),
            "content/two.md": draft.format("Two", "_index.md"),
        },
    )
    # a notice, not a warning: a build for readers does not fail --strict for its drafts
    for command in ("build", "check"):
        run = run_cli("-C", hub, command, "--strict")
        assert run.code == 0, run.err
        assert run.err == UNCHECKED.format("2 drafts were"), command
    # what it says to run finds the broken link, and tells nothing of drafts left out
    run = run_cli("-C", hub, "check", "--drafts")
    assert run.code == 1
    assert "content/one.md:5:16: error: link to 'missing.md'" in run.err
    assert "not checked" not in run.err
    # as does the preview, which shows drafts; hidden there, they are told of as in a build
    assert "not checked" not in str(Preview(hub, tmp_path / "shown").rebuild(None).problems)
    (hub / "content/one.md").write_text(draft.format("One", "two.md"), "utf-8")
    hidden = Preview(hub, tmp_path / "hidden", drafts=False).rebuild(None)
    assert [p.format() + "\n" for p in hidden.problems] == [UNCHECKED.format("2 drafts were")]
    (hub / "content/two.md").unlink()
    run = run_cli("-C", hub, "build", "--strict")
    assert run.code == 0 and run.err == UNCHECKED.format("1 draft was")
