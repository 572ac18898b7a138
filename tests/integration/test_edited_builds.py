"""Builds of the example hub after a seeded random sequence of edits, each compared with a build
of the same sources without the cache and with `check`: the same files, byte for byte, and the
same problems, also while a page is broken and once it is fixed.

The edits are the ones a communications team makes: bodies and front matter of every kind,
links to pages and headings, topics, changelogs, translations, pages added, renamed, drafted and
deleted, a partial and a strings file of the hub's own, stylesheets, a content image, site.yml's
title, menu and base_url.
"""

from __future__ import annotations

import datetime as dt
import difflib
import os
import random
import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from hubtest import run_cli, tree

PROJECT = Path(__file__).resolve().parents[2]
THEME = PROJECT / "src" / "recordhub" / "theme"
WORDS = ["data", "storage", "election", "access", "servers", "review", "audit", "trust", "claim"]
TOPICS = ["privacy", "elections", "security", "audit", "new-topic", "Ünïcode"]
EPOCH = int(dt.datetime(2026, 6, 1, 12, tzinfo=dt.UTC).timestamp())


class _NoAliases(yaml.SafeDumper):
    """Writes a value used twice (a date) twice, as people do, not as a YAML alias."""

    def ignore_aliases(self, data: object) -> bool:
        return True


class Walk:
    """A copy of the example hub and the edits made to it."""

    def __init__(self, root: Path, rng: random.Random) -> None:
        self.root, self.rng = root, rng
        for name in ("content", "templates", "static"):
            shutil.copytree(PROJECT / name, root / name)
        shutil.copy(PROJECT / "site.yml", root / "site.yml")
        self.broken: dict[Path, bytes] = {}

    def pages(self, added: bool | None = None) -> list[Path]:
        found = sorted((self.root / "content").rglob("*.md"))
        return [p for p in found if added is None or p.name.startswith("new-") == added]

    def words(self, count: int) -> str:
        return " ".join(self.rng.choices(WORDS, k=count))

    def read(self, page: Path) -> tuple[dict[str, object], str]:
        text = page.read_text("utf-8")
        found = re.match(r"---\n(.*?)\n---\n?(.*)", text, re.S)
        assert found is not None, page
        return yaml.safe_load(found[1]) or {}, found[2]

    def write(self, page: Path, matter: dict[str, object], body: str) -> None:
        dumped = yaml.dump(matter, Dumper=_NoAliases, allow_unicode=True, sort_keys=False)
        page.write_text(f"---\n{dumped}---\n{body}", "utf-8")

    def link_page(self, page: Path) -> None:
        self._link(page, anchor=False)

    def link_heading(self, page: Path) -> None:
        self._link(page, anchor=True)

    def _link(self, page: Path, anchor: bool) -> None:
        target = self.rng.choice(self.pages(added=False))
        matter, body = self.read(page)
        href = os.path.relpath(target, page.parent).replace(os.sep, "/")
        headings = re.findall(r"^## ([A-Za-z0-9 ]+)$", self.read(target)[1], re.M)
        if anchor and headings:
            href += "#" + re.sub(r"[^a-z0-9]+", "-", headings[0].lower()).strip("-")
        self.write(page, matter, body + f"\n\n{self.words(6)} [see]({href}).\n")

    def step(self) -> str:
        """Make one edit; a page broken by the last step is mended first."""
        for page, data in self.broken.items():
            page.write_bytes(data)
        self.broken.clear()
        page = self.rng.choice(self.pages())
        edits: list[Callable[[Path], None]] = [
            self.link_page,
            self.link_heading,
            self.retitle,
            self.retag,
            self.redate,
            self.log_change,
            self.heading,
            self.add,
            self.translate,
            self.rename_added,
            self.draft_added,
            self.delete_added,
            self.restyle,
            self.own_partial,
            self.own_strings,
            self.picture,
            self.site,
            self.base_url,
            self.break_page,
        ]
        edit = self.rng.choice(edits)
        edit(page)
        return f"{edit.__name__} {page.relative_to(self.root).as_posix()}"

    def retitle(self, page: Path) -> None:
        matter, body = self.read(page)
        matter["title"] = self.words(3).capitalize()
        matter["summary"] = self.words(6).capitalize() + "."
        self.write(page, matter, body)

    def retag(self, page: Path) -> None:
        matter, body = self.read(page)
        if page.name.startswith("_index"):
            return
        tags = list(matter.get("tags") or [])  # type: ignore[call-overload]
        topic = self.rng.choice(TOPICS)
        matter["tags"] = [t for t in tags if t != topic] if topic in tags else [*tags, topic]
        self.write(page, matter, body)

    def redate(self, page: Path) -> None:
        matter, body = self.read(page)
        day = dt.date(2025, 1, 1) + dt.timedelta(days=self.rng.randrange(480))
        published = matter.get("date")
        matter["updated"] = max(day, published) if isinstance(published, dt.date) else day
        self.write(page, matter, body)

    def log_change(self, page: Path) -> None:
        matter, body = self.read(page)
        log = list(matter.get("changelog") or [])  # type: ignore[call-overload]
        day = dt.date(2025, 6, 1) + dt.timedelta(days=self.rng.randrange(300))
        kind = self.rng.choice(["correction", "clarification", "update"])
        log.append({"date": day, "kind": kind, "note": f"We fixed {self.words(2)}."})
        matter["changelog"] = log
        updated = matter.get("updated")
        if isinstance(updated, dt.date) and updated < day:
            matter["updated"] = day
        self.write(page, matter, body)

    def heading(self, page: Path) -> None:
        matter, body = self.read(page)
        self.write(page, matter, body + f"\n\n## {self.words(2).capitalize()}\n\nText.\n")

    def add(self, page: Path) -> None:
        if page.name.startswith("_index"):
            return
        added = page.with_name(f"new-{self.rng.randrange(10**6)}{''.join(page.suffixes)}")
        matter, body = self.read(page)
        matter["title"] = f"New {self.words(2)}"
        for key in ("aliases", "slug", "translation_key"):
            matter.pop(key, None)
        self.write(added, matter, body)

    def translate(self, page: Path) -> None:
        if page.name.count(".") != 1:
            return
        matter, body = self.read(page)
        matter["title"] = f"ES {matter.get('title')}"
        self.write(page.with_name(f"{page.stem}.es.md"), matter, body)

    def rename_added(self, page: Path) -> None:
        added = self.pages(added=True)
        if added:
            chosen = self.rng.choice(added)
            stem, _, rest = chosen.name.partition(".")
            chosen.rename(chosen.with_name(f"{stem}-r{self.rng.randrange(100)}.{rest}"))

    def draft_added(self, page: Path) -> None:
        added = self.pages(added=True)
        if added:
            chosen = self.rng.choice(added)
            matter, body = self.read(chosen)
            matter["draft"] = not matter.get("draft")
            self.write(chosen, matter, body)

    def delete_added(self, page: Path) -> None:
        added = self.pages(added=True)
        if added:
            self.rng.choice(added).unlink()

    def restyle(self, page: Path) -> None:
        sheet = self.root / "static" / "press.css"
        sheet.write_text(sheet.read_text("utf-8") + f"\n/* {self.words(2)} */\n", "utf-8")

    def own_partial(self, page: Path) -> None:
        partial = self.root / "templates" / "partials" / "tags.html"
        if partial.exists():
            partial.unlink()
            return
        partial.parent.mkdir(parents=True, exist_ok=True)
        theme = (THEME / "templates" / "partials" / "tags.html").read_text("utf-8")
        partial.write_text(theme.replace("</ul>", "</ul><!-- the hub's own -->", 1), "utf-8")

    def own_strings(self, page: Path) -> None:
        strings = self.root / "strings" / "es.yml"
        strings.parent.mkdir(exist_ok=True)
        strings.write_text(f"home: Portada {self.words(1)}\nnext: Siguiente\n", "utf-8")

    def picture(self, page: Path) -> None:
        image = self.root / "content" / "media" / "chart.svg"
        image.parent.mkdir(exist_ok=True)
        size = self.rng.randrange(10, 99)
        svg = f'<svg xmlns="http://www.w3.org/2000/svg" width="{size}" height="9"></svg>'
        image.write_text(svg, "utf-8")
        matter, body = self.read(page)
        src = os.path.relpath(image, page.parent).replace(os.sep, "/")
        self.write(page, matter, body + f"\n![A chart]({src})\n")

    def site(self, page: Path) -> None:
        settings = self.root / "site.yml"
        text = settings.read_text("utf-8")
        text = re.sub(r"^title: .*$", f"title: Lumiclip {self.words(1)}", text, count=1, flags=re.M)
        lines = text.split("\n")
        first = lines.index("menu:") + 1  # each entry is two lines: its title and its url
        entries = [lines[i : i + 2] for i in range(first, first + 14, 2)]
        self.rng.shuffle(entries)
        lines[first : first + 14] = [line for entry in entries for line in entry]
        settings.write_text("\n".join(lines), "utf-8")

    def base_url(self, page: Path) -> None:
        settings = self.root / "site.yml"
        text = settings.read_text("utf-8")
        one, other = "https://facts.lumiclip.example/", "https://lumiclip.example/facts/"
        settings.write_text(text.replace(one, other) if one in text else text.replace(other, one))

    def break_page(self, page: Path) -> None:
        self.broken[page] = page.read_bytes()
        page.write_text(page.read_text("utf-8").replace("title:", "title: [unclosed", 1), "utf-8")


def _same(got: dict[str, bytes], want: dict[str, bytes]) -> str:
    """What differs between two output folders, as a short text ('' when nothing)."""
    told = [f"only after the edits: {n}" for n in sorted(got.keys() - want.keys())]
    told += [f"only without the cache: {n}" for n in sorted(want.keys() - got.keys())]
    for name in sorted(got.keys() & want.keys()):
        if got[name] != want[name]:
            lines = difflib.unified_diff(
                want[name].decode("utf-8", "replace").splitlines(),
                got[name].decode("utf-8", "replace").splitlines(),
                lineterm="",
                n=1,
            )
            told.append(f"differs: {name}\n" + "\n".join(list(lines)[:20]))
    return "\n".join(told[:10])


@pytest.mark.slow
@pytest.mark.parametrize(
    ("seed", "steps", "flags"),
    [(1, 8, ["--no-search"]), (2, 8, ["--no-search"]), (3, 5, [])],
    ids=["seed-1", "seed-2", "seed-3-search"],
)
def test_a_build_after_each_edit_writes_what_a_build_without_the_cache_writes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, seed: int, steps: int, flags: list[str]
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(EPOCH))
    walk = Walk(tmp_path / "hub", random.Random(seed))
    out, fresh = tmp_path / "out", tmp_path / "fresh"
    assert run_cli("-C", walk.root, "build", "-o", out, *flags).code == 0
    history: list[str] = []
    for _ in range(steps):
        history.append(walk.step())
        where = f"seed {seed}, after:\n  " + "\n  ".join(history)
        shutil.rmtree(fresh, ignore_errors=True)
        edited = run_cli("-C", walk.root, "build", "-o", out, *flags)
        clean = run_cli("-C", walk.root, "build", "-o", fresh, "--no-cache", *flags)
        checked = run_cli("-C", walk.root, "check")
        assert (edited.code, edited.err.replace(str(out), "OUT")) == (
            clean.code,
            clean.err.replace(str(fresh), "OUT"),
        ), where
        # check reports what the build does, but for the last line ("Check failed: ...")
        assert checked.code == clean.code, where
        told = [line for line in clean.err.splitlines() if "failed:" not in line]
        assert [line for line in checked.err.splitlines() if "failed:" not in line] == told, where
        if clean.code == 0:
            assert _same(tree(out), tree(fresh)) == "", where
