"""The home page's lists of statements and claims, wherever they are filed, and its links to
the section that lists them all."""

from __future__ import annotations

from pathlib import Path

from htmldoc import Node, page
from hubtest import make_site, resave, run_cli, tree

HOME = {"content/_index.md": "---\ntitle: Home\n---\nWelcome.\n"}


def _claim(title: str, date: str, extra: str = "") -> str:
    return (
        f'---\ntitle: "{title}"\nclaim: Someone said it.\nverdict: "false"\n'
        f"fact: It is not so.\ndate: {date}\n{extra}---\nWhy.\n"
    )


def _statement(title: str, date: str, extra: str = "") -> str:
    return f'---\ntitle: "{title}"\ndate: {date}\n{extra}---\nWe said it.\n'


def _built(tmp_path: Path, files: dict[str, str]) -> Path:
    hub = make_site(tmp_path / "hub", {**HOME, **files})
    run = run_cli("-C", hub, "build", "--no-search", "-o", tmp_path / "out")
    assert run.code == 0, run.err
    return tmp_path / "out"


def _block(doc: Node, heading_id: str) -> Node:
    """The home page's <section> labelled by that heading."""
    (found,) = [n for n in doc.iter() if n.attrs.get("aria-labelledby") == heading_id]
    return found


def _more(block: Node) -> str | None:
    links = [
        a.attrs["href"]
        for a in block.iter()
        if a.tag == "a" and a.parent is not None and "more-link" in a.parent.attrs.get("class", "")
    ]
    return links[0] if links else None


def test_claims_filed_deep_or_outside_any_section_are_on_the_home_page(tmp_path: Path) -> None:
    out = _built(
        tmp_path,
        {
            "content/claims/_index.md": "---\ntitle: Claims\ncascade: {type: claim}\n---\n",
            "content/claims/old.md": _claim("Old claim", "2026-01-02"),
            "content/claims/2026/_index.md": "---\ntitle: '2026'\n---\n",
            "content/claims/2026/march/_index.md": "---\ntitle: March\n---\n",
            "content/claims/2026/march/deep.md": _claim("Deep claim", "2026-03-20"),
            "content/loose.md": _claim("Loose claim", "2026-03-21", "type: claim\n"),
        },
    )
    block = _block(page(out, "index.html"), "rh-recent-claims")
    text = block.text
    assert text.index("Loose claim") < text.index("Deep claim") < text.index("Old claim")
    # the section named for them lists them all, not the section of the newest
    assert _more(block) == "/claims/"


def test_all_statements_goes_to_the_statements_section_not_the_newest_ones(
    tmp_path: Path,
) -> None:
    out = _built(
        tmp_path,
        {
            "content/statements/_index.md": (
                "---\ntitle: Statements\ncascade: {type: statement}\n---\n"
            ),
            "content/statements/s1.md": _statement("First", "2026-01-01"),
            "content/statements/s2.md": _statement("Second", "2026-01-02"),
            "content/news/_index.md": "---\ntitle: News\n---\n",
            "content/news/n1.md": _statement("Newest", "2026-02-01", "type: statement\n"),
        },
    )
    block = _block(page(out, "index.html"), "rh-on-the-record")
    assert "Newest" in block.text
    assert _more(block) == "/statements/"
    # the feed is in the same place the link goes to
    assert (out / "statements" / "feed.xml").is_file()


def test_without_a_named_folder_the_link_goes_to_the_section_holding_most(
    tmp_path: Path,
) -> None:
    out = _built(
        tmp_path,
        {
            "content/fact-checks/_index.md": "---\ntitle: Fact checks\n---\n",
            "content/fact-checks/2025/_index.md": "---\ntitle: '2025'\n---\n",
            "content/fact-checks/2025/a.md": _claim("A", "2025-05-01", "type: claim\n"),
            "content/fact-checks/2026/_index.md": "---\ntitle: '2026'\n---\n",
            "content/fact-checks/2026/b.md": _claim("B", "2026-05-01", "type: claim\n"),
            "content/fact-checks/2026/c.md": _claim("C", "2026-05-02", "type: claim\n"),
            "content/about.md": _claim("D", "2026-06-01", "type: claim\n"),
        },
    )
    block = _block(page(out, "index.html"), "rh-recent-claims")
    # fact-checks/ holds three of the four (its sub-sections fewer): the one to list them all
    assert _more(block) == "/fact-checks/"
    assert [t for t in ("D", "C", "B", "A") if t in block.text] == ["D", "C", "B", "A"]


def test_claims_in_no_section_give_no_link(tmp_path: Path) -> None:
    out = _built(tmp_path, {"content/only.md": _claim("Only", "2026-01-01", "type: claim\n")})
    block = _block(page(out, "index.html"), "rh-recent-claims")
    assert "Only" in block.text
    assert _more(block) is None


def test_a_deep_claim_added_later_reaches_the_home_page_of_an_incremental_build(
    tmp_path: Path,
) -> None:
    files = {
        "content/claims/_index.md": "---\ntitle: Claims\ncascade: {type: claim}\n---\n",
        "content/claims/old.md": _claim("Old claim", "2026-01-02"),
    }
    hub = make_site(tmp_path / "hub", {**HOME, **files})
    assert run_cli("-C", hub, "build", "--no-search").code == 0
    make_site(
        hub,
        {
            "content/claims/2026/march/_index.md": "---\ntitle: March\n---\n",
            "content/claims/2026/march/deep.md": _claim("Deep claim", "2026-03-20"),
        },
        site_yml=None,
    )
    resave(hub)
    assert run_cli("-C", hub, "build", "--no-search").code == 0
    assert "Deep claim" in _block(page(hub / "public", "index.html"), "rh-recent-claims").text
    fresh = tmp_path / "fresh"
    assert run_cli("-C", hub, "build", "--no-search", "--no-cache", "-o", fresh).code == 0
    assert tree(hub / "public") == tree(fresh)


def test_a_home_page_of_a_type_whose_fields_it_never_shows_is_warned_of(tmp_path: Path) -> None:
    home = (
        "---\ntitle: Home\ntype: roadmap\nmilestones:\n"
        "  - {title: Audit, status: done, date: 2026-01-01}\n---\nWelcome.\n"
    )
    hub = make_site(tmp_path / "hub", {"content/_index.md": home})
    run = run_cli("-C", hub, "build", "--no-search", "-o", tmp_path / "out")
    assert run.code == 0, run.err
    # home.html shows the home page's own parts, never a timeline: the milestones are lost
    assert "Audit" not in (tmp_path / "out/index.html").read_text()
    assert (
        "content/_index.md:3:7: warning: the home page shows none of the fields of a roadmap: "
        "what it gives as milestones is shown nowhere\n"
        "  hint: give the roadmap a page of its own, e.g. content/roadmap.md, and link to it\n"
    ) in run.err
    # a template of its own may show them, and a roadmap with no milestones loses none
    mine = home.replace("type: roadmap\n", "type: roadmap\ntemplate: mine.html\n")
    make_site(hub, {"content/_index.md": mine, "templates/mine.html": '{% extends "home.html" %}'})
    again = run_cli("-C", hub, "build", "--no-search", "-o", tmp_path / "out")
    assert again.code == 0, again.err
    assert "shown nowhere" not in again.err
    empty = home.split("milestones:")[0] + "milestones: []\n---\nWelcome.\n"
    make_site(hub, {"content/_index.md": empty})
    again = run_cli("-C", hub, "build", "--no-search", "-o", tmp_path / "out")
    assert again.code == 0, again.err
    assert "shown nowhere" not in again.err
