"""Feed entry ids stay the same when a page's file is renamed or moved, or the page moves to a
new address that keeps its old one in aliases (RFC 4287 4.2.6: an id never changes)."""

from __future__ import annotations

from pathlib import Path

from feeds_read import build, feed
from hubtest import SITE_YML, make_site
from recordhub.preview import Preview

HOME = {"content/_index.md": "---\ntitle: Home\n---\nWelcome.\n"}
STATEMENTS_INDEX = "---\ntitle: Statements\ncascade: {type: statement}\n---\nSaid.\n"
CORRECTED = (
    "  - {date: 2026-06-03, kind: correction, note: The figure was 12 and not 21.}\n"
    "  - {date: 2026-06-02, kind: clarification, note: The region is the EU.}\n"
)


def statement(title: str, extra: str = "") -> str:
    return (
        f"---\ntitle: {title}\ndate: 2026-06-01\nupdated: 2026-06-03\nsummary: About it.\n"
        f"{extra}changelog:\n{CORRECTED}---\nSaid.\n"
    )


def ids(out: Path, prefix: str = "") -> list[str]:
    """The ids of the statements feed's entries, then the corrections feed's."""
    found = [e.id for e in feed(out, f"{prefix}statements/feed.xml").entries]
    return found + [e.id for e in feed(out, f"{prefix}corrections/feed.xml").entries]


def hub_with(tmp_path: Path, files: dict[str, str], site_yml: str = SITE_YML) -> Path:
    return make_site(
        tmp_path / "hub",
        {**HOME, "content/statements/_index.md": STATEMENTS_INDEX, **files},
        site_yml,
    )


def test_an_unmoved_statement_keeps_the_ids_feeds_already_gave_it(tmp_path: Path) -> None:
    hub = hub_with(tmp_path, {"content/statements/first-statement.md": statement("First")})
    build(hub, tmp_path / "out")
    tag = "tag:hub.example,2000-01-01:/statements/first-statement.md"
    assert ids(tmp_path / "out") == [tag, f"{tag}#change-2026-06-03", f"{tag}#change-2026-06-02"]


def test_a_statement_file_renamed_with_its_slug_kept_keeps_its_ids(tmp_path: Path) -> None:
    hub = hub_with(tmp_path, {"content/statements/first-statement.md": statement("First")})
    build(hub, tmp_path / "before")
    (hub / "content/statements/first-statement.md").unlink()
    renamed = statement("First", "slug: first-statement\n")
    make_site(hub, {"content/statements/2026-06-01-first.md": renamed}, site_yml=None)
    build(hub, tmp_path / "after")
    assert (
        feed(tmp_path / "after", "statements/feed.xml")
        .entries[0]
        .link.endswith("/statements/first-statement/")
    )
    assert ids(tmp_path / "after") == ids(tmp_path / "before")


def test_a_statement_moved_to_a_new_address_with_the_old_in_aliases_keeps_its_ids(
    tmp_path: Path,
) -> None:
    hub = hub_with(tmp_path, {"content/statements/first-statement.md": statement("First")})
    build(hub, tmp_path / "before")
    (hub / "content/statements/first-statement.md").unlink()
    # moved twice: the first alias is the first address; the one in between comes after it
    moved = statement("First", "aliases: [/statements/first-statement/, /statements/first/]\n")
    make_site(hub, {"content/statements/board/first-words.md": moved}, site_yml=None)
    build(hub, tmp_path / "after")
    link = feed(tmp_path / "after", "statements/feed.xml").entries[0].link
    assert link == "https://hub.example/statements/board/first-words/"
    assert ids(tmp_path / "after") == ids(tmp_path / "before")


def test_the_preview_writes_the_corrections_feed_again_when_a_page_is_given_an_alias(
    tmp_path: Path,
) -> None:
    # the preview writes again only what shows a change: an alias shows nowhere on a page
    hub = make_site(tmp_path / "hub", {**HOME, "content/about.md": statement("About")})
    out = tmp_path / "preview"
    preview = Preview(hub, out)
    assert preview.rebuild(None).ok
    source = hub / "content/about.md"
    source.write_text(statement("About", "aliases: [/who/]\n"), "utf-8")
    assert preview.rebuild({source.resolve()}).ok
    assert [e.id for e in feed(out, "corrections/feed.xml").entries] == [
        "tag:hub.example,2000-01-01:/who.md#change-2026-06-03",
        "tag:hub.example,2000-01-01:/who.md#change-2026-06-02",
    ]


def test_translations_keep_ids_of_their_own(tmp_path: Path) -> None:
    languages = "languages:\n  - {code: en, name: English}\n  - {code: es, name: Español}\n"
    hub = hub_with(
        tmp_path,
        {
            "content/_index.es.md": "---\ntitle: Inicio\n---\nHola.\n",
            "content/statements/_index.es.md": STATEMENTS_INDEX,
            "content/statements/first.md": statement("First", "aliases: [/old/first/]\n"),
            "content/statements/first.es.md": statement("Primera", "aliases: [/es/old/first/]\n"),
        },
        SITE_YML + languages,
    )
    build(hub, tmp_path / "out")
    english, spanish = ids(tmp_path / "out"), ids(tmp_path / "out", "es/")
    assert english[0] == "tag:hub.example,2000-01-01:/old/first.md"
    assert spanish[0] == "tag:hub.example,2000-01-01:/es/old/first.md"
    assert len(set(english + spanish)) == 6


def test_an_alias_of_the_page_s_own_address_leaves_its_id_as_it_was(tmp_path: Path) -> None:
    # addresses are told apart without case, as aliases are checked: no redirect is made
    own = "aliases: [/Statements/First-Statement/, /statements/first-statement]\n"
    hub = hub_with(tmp_path, {"content/statements/first-statement.md": statement("First", own)})
    build(hub, tmp_path / "out")
    tag = "tag:hub.example,2000-01-01:/statements/first-statement.md"
    assert ids(tmp_path / "out")[0] == tag
