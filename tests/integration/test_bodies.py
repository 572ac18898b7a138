"""Pages' HTML is not held by the site model: it is read back from the conversion store when a
page is shown, converted again if the cache went away meanwhile, and never stale or wrong."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

from cacheentries import Entry, entries
from hubtest import make_site, resave, run_cli
from recordhub import build, config, convert, converted, ingest, plan
from recordhub.diagnostics import DiagnosticError
from recordhub.pages import Page
from recordhub.sealed import seal, unseal

NOW = dt.datetime(2026, 3, 1, 12, tzinfo=dt.UTC)
HUB = {
    "content/_index.md": "---\ntitle: Home\n---\nWelcome.\n",
    "content/about.md": (
        "---\ntitle: About\n---\n## Who we are\n\nSee [the answer](faq/answer.md#why) "
        "and [the chart](chart.png).\n"
    ),
    "content/chart.png": b"\x89PNG\r\n\x1a\n",
    "content/faq/_index.md": "---\ntitle: Questions\n---\nCommon questions.\n",
    "content/faq/answer.md": "---\ntitle: Answer\n---\n## Why\n\nBecause.\n",
    "content/help.md": (
        "---\ntitle: Help\ntype: faq\n---\n"
        "## Data\n\n### Where is it?\n\nIn [one place](about.md).\n"
    ),
}
ABOUT_HTML = '<a href="/faq/answer/#why">the answer</a> and <a href="/chart.png">the chart</a>'


def gathered(hub: Path, cache: bool = True) -> tuple[build.Gathered, converted.Store]:
    settings = config.load(hub)
    store = converted.Store(hub / convert.CACHE_DIR if cache else None)
    options = build.BuildOptions(out=hub / "public", search=False, cache=cache, now=NOW)
    return build.gather(settings, options, ingest.Memo(store=store)), store


def read_entry(entry: Entry) -> Any:
    """A conversion cache entry's JSON, after its digest line."""
    payload = unseal(entry.read_bytes())
    assert payload is not None
    return json.loads(bytes(payload))


def clear(hub: Path) -> None:
    """Remove every entry of the cache, as another build pruning it meanwhile would."""
    for entry in entries(hub / convert.CACHE_DIR):
        entry.unlink()


def page(result: build.Gathered, rel: str) -> Page:
    return result.site.by_source[rel]


def output(result: build.Gathered, rel: str) -> plan.Output:
    return next(item for item in result.outputs if item.page is page(result, rel))


@pytest.fixture
def hub(tmp_path: Path) -> Path:
    return make_site(tmp_path / "hub", HUB)


def test_the_model_holds_no_pages_html_but_shows_it(hub: Path) -> None:
    result, store = gathered(hub)
    assert not result.problems
    written = [p for p in result.site.pages if p.source_path.startswith("content/")]
    assert len(written) == 5
    for shown in written:
        if shown.matter.type == "faq":  # its questions are read from its HTML, so it holds it
            assert shown._held is not None
        else:
            assert shown._held is None and shown._body is not None, shown.source_path
    assert store.held == {}  # every other page's HTML is in the cache on disk
    assert ABOUT_HTML in page(result, "about.md").content
    assert '<a href="/about/">one place</a>' in page(result, "help.md").content
    assert 'href="/about/"' in output(result, "help.md").render()  # type: ignore[misc]


def test_without_the_cache_each_body_is_held_once(hub: Path) -> None:
    result, store = gathered(hub, cache=False)
    assert not (hub / convert.CACHE_DIR).exists()
    assert len(store.held) == 5  # five bodies, none converted twice
    assert page(result, "about.md")._held is None
    assert ABOUT_HTML in page(result, "about.md").content


def test_a_cache_cleared_during_the_build_is_converted_again(hub: Path) -> None:
    result, store = gathered(hub)
    clear(hub)
    text = output(result, "about.md").render()  # type: ignore[misc]
    assert ABOUT_HTML in text
    # converted once more, and written back to the cache rather than held
    assert not store.held
    (entry,) = entries(hub / convert.CACHE_DIR)
    assert "Who we are</h2>" in str(entry.json()["html"])


@pytest.mark.parametrize(
    "change",
    [lambda p: p.write_text("---\ntitle: About\n---\nNew words.\n"), lambda p: p.unlink()],
    ids=["edited", "removed"],
)
def test_a_file_changed_during_the_build_is_an_error_not_wrong_html(
    hub: Path, change: object
) -> None:
    result, _ = gathered(hub)
    clear(hub)
    change(hub / "content/about.md")  # type: ignore[operator]
    with pytest.raises(DiagnosticError) as caught:
        output(result, "about.md").render()  # type: ignore[misc]
    (problem,) = caught.value.diagnostics
    assert problem.path == "content/about.md"
    assert problem.message == "the file changed while the site was being built"
    assert problem.hint == "build again once the files are saved"


def test_a_link_targets_new_url_gives_a_new_fingerprint_and_new_html(hub: Path) -> None:
    first, _ = gathered(hub)
    before = page(first, "about.md").content_fingerprint()
    answer = hub / "content/faq/answer.md"
    answer.write_text(answer.read_text().replace("title: Answer", "title: Answer\nslug: reply"))
    second, _ = gathered(hub)
    assert page(second, "about.md").content_fingerprint() != before
    assert output(second, "about.md").key != output(first, "about.md").key
    out = hub / "public"
    for _ in range(2):  # the second build carries unchanged pages over from the first
        resave(hub)
        run = run_cli("-C", hub, "build", "--no-search", "-o", out)
        assert run.code == 0, run.err
    assert '<a href="/faq/reply/#why">the answer</a>' in (out / "about/index.html").read_text()
    answer.write_text(answer.read_text().replace("slug: reply", "slug: because"))
    resave(hub)
    run = run_cli("-C", hub, "build", "--no-search", "-o", out)
    assert run.code == 0, run.err
    assert '<a href="/faq/because/#why">the answer</a>' in (out / "about/index.html").read_text()


def test_a_file_saved_again_while_it_is_converted_is_an_error(
    hub: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = convert.Conversions.done

    def saved_meanwhile(self: convert.Conversions, work: dict[str, Path], *args: object) -> object:
        (hub / "content/about.md").write_text("---\ntitle: About\n---\nNewer words.\n")
        return real(self, work, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(convert.Conversions, "done", saved_meanwhile)
    result, _ = gathered(hub)
    (problem,) = result.problems
    assert problem.path == "content/about.md"
    assert problem.message == (
        "cannot convert this page: the file changed while the site was being built"
    )
    assert problem.hint == "build again once the files are saved"
    assert "about.md" not in result.site.by_source


GUIDE = (
    "---\ntitle: Guide\n---\n## One\n\nText.\n\n## Two\n\n### Two a\n\nMore.\n\n## Three\n\nEnd.\n"
)
GUIDE_TOC = '<li><a href="#two">Two</a><ol class="toc__list">  <li><a href="#two-a">Two a</a></li>'


def guide_ids(shown: Page) -> list[tuple[str, list[str]]]:
    return [(h.id, [c.id for c in h.children]) for h in shown.toc]


@pytest.mark.parametrize("cache", [True, False], ids=["cached", "no-cache"])
def test_the_model_holds_no_pages_headings_but_shows_them(hub: Path, cache: bool) -> None:
    (hub / "content/guide.md").write_text(GUIDE)
    result, store = gathered(hub, cache=cache)
    guide = page(result, "guide.md")
    assert guide._toc is None and guide._body is not None  # read with the HTML when shown
    assert page(result, "help.md")._toc is not None  # an FAQ holds its HTML, and its headings
    assert guide_ids(guide) == [("one", []), ("two", ["two-a"]), ("three", [])]
    assert GUIDE_TOC in output(result, "guide.md").render()  # type: ignore[misc]
    assert len(store.held) == (0 if cache else 6)


@pytest.mark.parametrize(
    "damage",
    [
        lambda entry: {**entry, "headings": "none"},
        lambda entry: {**entry, "headings": [{"level": 2}]},
        lambda entry: {k: v for k, v in entry.items() if k != "headings"},
    ],
    ids=["not-a-list", "heading-cut", "missing"],
)
def test_an_entry_whose_headings_are_damaged_is_converted_again(hub: Path, damage: object) -> None:
    (hub / "content/guide.md").write_text(GUIDE)
    result, store = gathered(hub)
    guide = page(result, "guide.md")
    (entry,) = [e for e in entries(hub / convert.CACHE_DIR) if "Two a" in str(e.json()["html"])]
    # with a digest that holds: the damage only the checks behind it can see
    entry.write_bytes(seal(json.dumps(damage(entry.json())).encode()))  # type: ignore[operator]
    assert guide_ids(guide) == [("one", []), ("two", ["two-a"]), ("three", [])]
    assert GUIDE_TOC in output(result, "guide.md").render()  # type: ignore[misc]
    assert read_entry(entry)["headings"][1]["children"][0]["id"] == "two-a"
    assert not store.held  # written back to the cache


def test_a_template_may_show_other_pages_headings_and_each_body_is_read_once(
    hub: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (hub / "content/faq/guide.md").write_text(GUIDE)
    (hub / "templates").mkdir()
    (hub / "templates/section.html").write_text(
        '{% extends "base.html" %}{% block content %}{{ page.content }}'
        "{% for p in page.pages %}<p>{{ p.title }}:{% for h in p.toc %} {{ h.id }}"
        "{% endfor %}</p>{% endfor %}{{ page.content }}{% endblock %}\n"
    )
    result, _ = gathered(hub)
    reads: list[str] = []
    real = converted.Store.shown

    def counted(store: converted.Store, key: str) -> object:
        reads.append(key)
        return real(store, key)

    monkeypatch.setattr(converted.Store, "shown", counted)
    text = output(result, "faq/_index.md").render()  # type: ignore[misc]
    assert "<p>Answer: why</p>" in text
    assert "<p>Guide: one two three</p>" in text
    assert text.count("Common questions.") == 2
    assert len(reads) == len(set(reads)) == 3  # the section's body, and each page's
