"""The preview's incremental rebuilds give exactly what a full build of the same sources gives.

A small hub is changed by a seeded random sequence of edits (bodies, front matter, new, deleted
and renamed pages, templates, static files, site.yml); after each one the preview is told the
changed paths, as the watcher would tell it, and its folder is compared with a fresh full build.
"""

from __future__ import annotations

import datetime as dt
import difflib
import hashlib
import json
import os
import posixpath
import random
import re
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from hubtest import SITE_YML, make_site, tree
from recordhub import config, search
from recordhub.build import BuildOptions, build
from recordhub.diagnostics import Severity
from recordhub.output import MANIFEST, MARKER
from recordhub.preview import Preview
from recordhub.render import THEME_DIR
from recordhub.search import FOLDER as SEARCH_FOLDER
from recordhub.uptodate import clock

EPOCH = int(dt.datetime(2026, 3, 1, 12, tzinfo=dt.UTC).timestamp())
STEPS = 25
SEEDS = [1, 2, 3, 4, 5, 6]
WORDS = [
    "data",
    "storage",
    "access",
    "review",
    "court",
    "ruling",
    "backup",
    "region",
    "claim",
    "fact",
    "policy",
    "audit",
    "security",
    "report",
    "request",
    "answer",
    "update",
    "press",
    "team",
    "servers",
    "location",
    "users",
]
TAGS = ("privacy", "security", "company", "data-storage")
PROTECTED = {"_index.md", "statements/_index.md", "claims/_index.md", "policy-2025.md"}
TAGS_PARTIAL = (THEME_DIR / "templates/partials/tags.html").read_text(encoding="utf-8")
PAGE_TEMPLATE = (THEME_DIR / "templates/page.html").read_text(encoding="utf-8")


def yaml_value(value: object) -> str:
    """Flow-style YAML for the values used here (JSON strings are valid YAML)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%dT%H:%M:%SZ")
    if isinstance(value, (int, dt.date)):
        return str(value)
    if isinstance(value, str):
        return json.dumps(value)
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(yaml_value(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {yaml_value(v)}" for k, v in value.items()) + "}"
    raise TypeError(value)


@dataclass
class Spec:
    """One Markdown page: its front matter, its paragraphs and the pages it links to."""

    matter: dict[str, object]
    body: list[str]
    links: list[str] = field(default_factory=list)  # rel paths under content/

    def text(self, rel: str) -> str:
        lines = ["---", *(f"{k}: {yaml_value(v)}" for k, v in self.matter.items()), "---", ""]
        lines += [*self.body, ""]
        folder = posixpath.dirname(rel)
        for target in self.links:
            href = posixpath.relpath(target, folder or ".")
            lines.append(f"See also [{posixpath.basename(target)}]({href}).\n")
        return "\n".join(lines)


def initial_pages() -> dict[str, Spec]:
    correction = {"date": dt.date(2025, 4, 2), "kind": "correction", "note": "Fixed the year."}
    clarification = {"date": dt.date(2025, 5, 9), "kind": "clarification", "note": "Reworded."}
    return {
        "_index.md": Spec(
            {"title": "Home", "summary": "The record, set straight."},
            ["Welcome to the hub.", "## What is here", "Statements and claims."],
            ["about.md", "claims/gps.md", "statements/2025-01-14-data.md"],
        ),
        "about.md": Spec(
            {"title": "About us", "tags": ["company"], "weight": 5, "date": dt.date(2025, 1, 2)},
            ["Who we are.", "## Our team", "A press team."],
            ["policy-2025.md"],
        ),
        "policy-2024.md": Spec(
            {
                "title": "Data policy 2024",
                "status": "superseded",
                "superseded_by": "policy-2025.md",
                "date": dt.date(2024, 1, 1),
            },
            ["The old policy."],
        ),
        "policy-2025.md": Spec(
            {"title": "Data policy 2025", "tags": ["privacy"], "date": dt.date(2025, 1, 1)},
            ["The current policy."],
            ["claims/servers.md"],
        ),
        "statements/_index.md": Spec(
            {"title": "Statements", "cascade": {"type": "statement"}, "weight": 10},
            ["On-the-record statements."],
        ),
        "statements/2025-01-14-data.md": Spec(
            {
                "title": "Statement on data",
                "date": dt.date(2025, 1, 14),
                "speaker": "Maren Holt",
                "role": "Chief Executive Officer",
                "tags": ["data-storage", "privacy"],
            },
            ['"Our data stays in Virginia."'],
            ["claims/servers.md"],
        ),
        "statements/2025-06-01-access.md": Spec(
            {
                "title": "Statement on access",
                "date": dt.date(2025, 6, 1),
                "speaker": "Ana Ruiz",
                "changelog": [correction],
            },
            ['"Employees cannot see private videos."'],
        ),
        "claims/_index.md": Spec(
            {"title": "Claims", "cascade": {"type": "claim"}, "weight": 20},
            ["Claims we checked."],
        ),
        "claims/gps.md": Spec(
            {
                "title": "Claim: precise GPS",
                "claim": "The app collects precise GPS location.",
                "verdict": "outdated",
                "fact": "It stopped in 2024.",
                "date": dt.date(2025, 3, 12),
                "tags": ["privacy"],
                "changelog": [correction, clarification],
                "sources": [{"title": "A report", "url": "https://news.example/a"}],
            },
            ["## Where it comes from", "An old article.", "## What is true", "Nothing now."],
            ["claims/servers.md", "about.md"],
        ),
        "claims/servers.md": Spec(
            {
                "title": "Claim: foreign servers",
                "claim": "Data is stored abroad.",
                "verdict": "false",
                "fact": "Data is stored in Virginia.",
                "date": dt.date(2025, 2, 1),
                "weight": 3,
            },
            ["Data is stored in Virginia."],
        ),
        "claims/embargoed.md": Spec(
            {
                "title": "Claim: embargoed",
                "claim": "Not yet public.",
                "verdict": "misleading",
                "fact": "Coming soon.",
                "publish_at": dt.datetime(2027, 1, 1, 9, 0),
            },
            ["Embargoed until next year."],
        ),
        "claims/draft.md": Spec(
            {
                "title": "Claim: a draft",
                "claim": "Still being checked.",
                "verdict": "missing-context",
                "fact": "Unknown.",
                "draft": True,
            },
            ["A draft."],
        ),
    }


class Hub:
    """The hub on disk and a model of it, changed one random operation at a time."""

    def __init__(self, root: Path, rng: random.Random) -> None:
        self.root = root
        self.rng = rng
        self.pages = initial_pages()
        self.title = "Test Hub"
        self.css = 0
        self.counter = 0
        self.tags_rev: int | None = 0
        self.page_rev: int | None = None
        for rel in self.pages:
            self.write_page(rel)
        self.write_site()
        self.write_templates()
        self.write_css()
        (root / "content/claims/chart.png").write_bytes(b"\x89PNG\r\n\x1a\nnot a real png")

    # writing -------------------------------------------------------------------------------

    def path(self, rel: str) -> Path:
        return self.root / "content" / rel

    def write_page(self, rel: str) -> Path:
        path = self.path(rel)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(self.pages[rel].text(rel), encoding="utf-8")
        return path

    def write_site(self) -> Path:
        path = self.root / "site.yml"
        text = SITE_YML.replace("Test Hub", self.title)
        text += "menu:\n  - {title: Claims, url: claims/_index.md}\n"
        path.write_text(text, encoding="utf-8")
        return path

    def write_templates(self) -> set[Path]:
        tags = self.root / "templates/partials/tags.html"
        page = self.root / "templates/page.html"
        tags.parent.mkdir(parents=True, exist_ok=True)
        if self.tags_rev is None:
            tags.unlink(missing_ok=True)
        else:
            marked = f'<h2 id="rh-tags" data-rev="{self.tags_rev}">'
            tags.write_text(TAGS_PARTIAL.replace('<h2 id="rh-tags">', marked), encoding="utf-8")
        if self.page_rev is None:
            page.unlink(missing_ok=True)
        else:
            marked = f'<article class="article" data-rev="{self.page_rev}">'
            page.write_text(
                PAGE_TEMPLATE.replace('<article class="article">', marked), encoding="utf-8"
            )
        return {tags, page}

    def write_css(self) -> Path:
        path = self.root / "static/app.css"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"body {{ margin: {self.css}px; }}\n" * (1 + self.css % 3))
        return path

    # helpers -------------------------------------------------------------------------------

    def words(self, count: int) -> str:
        return " ".join(self.rng.choice(WORDS) for _ in range(count)).capitalize() + "."

    def unique(self) -> str:
        self.counter += 1
        return f"{self.rng.choice(WORDS)}-{self.counter}"

    def linkable(self, source: str) -> list[str]:
        return sorted(rel for rel in self.pages if rel != source)

    def removable(self) -> list[str]:
        return sorted(set(self.pages) - PROTECTED)

    def unlink_everywhere(self, target: str) -> set[Path]:
        """Drop every link to target (and supersession by it); rewrite the pages that had one."""
        touched = set()
        for rel, spec in self.pages.items():
            if target in spec.links or spec.matter.get("superseded_by") == target:
                spec.links = [link for link in spec.links if link != target]
                if spec.matter.get("superseded_by") == target:
                    del spec.matter["superseded_by"]
                    spec.matter["status"] = "current"
                touched.add(self.write_page(rel))
        return touched

    # operations: each returns what it did and the paths that changed ------------------------

    def edit_body(self) -> tuple[str, set[Path]]:
        rel = self.rng.choice(sorted(self.pages))
        spec = self.pages[rel]
        spec.body = [self.words(6)]
        if self.rng.random() < 0.5:
            spec.body += [f"## {self.words(2)}", self.words(8)]
        if self.rng.random() < 0.3:
            spec.links = sorted(set(self.rng.sample(self.linkable(rel), 2)))
        return f"edit the body of {rel}", {self.write_page(rel)}

    def edit_matter(self) -> tuple[str, set[Path]]:
        rel = self.rng.choice(sorted(self.pages))
        matter = self.pages[rel].matter
        keys = {"title": 4, "summary": 2, "date": 2, "tags": 2, "weight": 2, "slug": 1}
        keys["changelog"] = 1
        key = self.rng.choices(list(keys), weights=list(keys.values()))[0]
        if key == "title":
            matter["title"] = self.words(3)
        elif key == "summary":
            if "summary" in matter and self.rng.random() < 0.3:
                del matter["summary"]
            else:
                matter["summary"] = self.words(7)
        elif key == "date":
            matter["date"] = dt.date(2024, 1, 1) + dt.timedelta(days=self.rng.randrange(700))
        elif key == "tags":
            matter["tags"] = sorted(self.rng.sample(TAGS, self.rng.randrange(3)))
        elif key == "weight":
            matter["weight"] = self.rng.randrange(40)
        elif key == "slug":
            if rel.endswith("_index.md"):
                return self.edit_matter()  # a section's slug renames its whole folder's URLs
            matter["slug"] = self.unique()
        else:
            entries = list(matter.get("changelog", []))  # type: ignore[call-overload]
            entries.append(
                {
                    "date": dt.date(2025, 1, 1) + dt.timedelta(days=self.rng.randrange(300)),
                    "kind": self.rng.choice(["correction", "clarification", "update"]),
                    "note": self.words(4),
                }
            )
            matter["changelog"] = entries
        return f"set {key} of {rel}", {self.write_page(rel)}

    def add_page(self) -> tuple[str, set[Path]]:
        folder = self.rng.choice(["", "statements/", "claims/"])
        rel = f"{folder}{self.unique()}.md"
        matter: dict[str, object] = {"title": self.words(3)}
        if folder == "statements/":
            matter["date"] = dt.date(2025, 1, 1) + dt.timedelta(days=self.rng.randrange(400))
            matter["speaker"] = "Maren Holt"
        elif folder == "claims/":
            matter.update(claim=self.words(5), verdict="false", fact=self.words(4))
        if self.rng.random() < 0.5:
            matter["tags"] = [self.rng.choice(TAGS)]
        if self.rng.random() < 0.2:
            matter["draft"] = True
        links = sorted(set(self.rng.sample(self.linkable(rel), self.rng.randrange(3))))
        self.pages[rel] = Spec(matter, [self.words(10)], links)
        changed = {self.write_page(rel)}
        if self.rng.random() < 0.5:  # someone links to the new page
            other = self.rng.choice(self.linkable(rel))
            self.pages[other].links.append(rel)
            changed.add(self.write_page(other))
        return f"add {rel}", changed

    def delete_page(self) -> tuple[str, set[Path]]:
        choices = self.removable()
        if len(choices) < 3:
            return self.add_page()
        rel = self.rng.choice(choices)
        del self.pages[rel]
        self.path(rel).unlink()
        return f"delete {rel}", {self.path(rel), *self.unlink_everywhere(rel)}

    def rename_page(self) -> tuple[str, set[Path]]:
        rel = self.rng.choice(self.removable())
        new = f"{posixpath.dirname(rel)}/{self.unique()}.md".lstrip("/")
        self.pages[new] = self.pages.pop(rel)
        os.rename(self.path(rel), self.path(new))
        changed = {self.path(rel), self.path(new)}
        for other, spec in self.pages.items():
            if rel in spec.links or spec.matter.get("superseded_by") == rel:
                spec.links = [new if link == rel else link for link in spec.links]
                if spec.matter.get("superseded_by") == rel:
                    spec.matter["superseded_by"] = posixpath.relpath(
                        new, posixpath.dirname(other) or "."
                    )
                changed.add(self.write_page(other))
        return f"rename {rel} to {new}", changed

    def edit_template(self) -> tuple[str, set[Path]]:
        which = self.rng.choice(["tags", "page"])
        if which == "tags":
            drop = self.tags_rev is not None and self.rng.random() < 0.3
            self.tags_rev = None if drop else self.rng.randrange(1000)
        else:
            drop = self.page_rev is not None and self.rng.random() < 0.3
            self.page_rev = None if drop else self.rng.randrange(1000)
        state = "remove" if drop else "edit"
        return f"{state} the {which} template override", self.write_templates()

    def edit_css(self) -> tuple[str, set[Path]]:
        self.css += 1
        return "edit static/app.css", {self.write_css()}

    def edit_site(self) -> tuple[str, set[Path]]:
        self.title = self.words(2).rstrip(".")
        return f"retitle the hub {self.title!r}", {self.write_site()}

    def operations(self) -> list[tuple[Callable[[], tuple[str, set[Path]]], int]]:
        return [
            (self.edit_body, 6),
            (self.edit_matter, 6),
            (self.add_page, 3),
            (self.delete_page, 2),
            (self.rename_page, 2),
            (self.edit_template, 2),
            (self.edit_css, 1),
            (self.edit_site, 1),
        ]

    def step(self) -> tuple[str, set[Path]]:
        ops, weights = zip(*self.operations(), strict=True)
        return self.rng.choices(ops, weights=weights)[0]()


def differences(got: dict[str, bytes], want: dict[str, bytes]) -> str:
    """What differs between the preview's files and a full build's, readably."""
    lines = []
    for rel in sorted(set(got) | set(want)):
        if rel not in got:
            lines.append(f"missing from the preview: {rel}")
        elif rel not in want:
            lines.append(f"only in the preview (stale): {rel}")
        elif got[rel] != want[rel]:
            lines.append(f"differs: {rel}")
            diff = difflib.unified_diff(
                want[rel].decode(errors="replace").splitlines(),
                got[rel].decode(errors="replace").splitlines(),
                "full build",
                "preview",
                lineterm="",
                n=1,
            )
            lines += list(diff)[:30]
    return "\n".join(lines)


_SEARCH_INTEGRITY = re.compile(
    rb'("[^"]*/' + SEARCH_FOLDER.encode() + rb'/pagefind-ui\.(?:css|js)") integrity="[^"]*"'
)


def _without_search_integrity(page: bytes) -> bytes:
    """The search page as before build gives it the integrity of the index's UI files.

    build revises search/index.html once the index exists (search.with_integrity); the
    preview's index is made later, in the background, so its search page has no integrity.
    """
    return _SEARCH_INTEGRITY.sub(rb"\1", page)


class Check:
    """Compares the preview folder with a fresh full build of the same sources."""

    def __init__(self, root: Path, scratch: Path) -> None:
        self.root = root
        self.scratch = scratch
        self.count = 0

    def __call__(self, preview_out: Path, where: str) -> None:
        self.count += 1
        fresh = self.scratch / f"full-{self.count}"
        options = BuildOptions(out=fresh, preview=True, drafts=True, future=True, now=clock())
        result = build(config.load(self.root), options)
        errors = [d.format() for d in result.diagnostics if d.severity is Severity.ERROR]
        assert not errors, f"{where}: the full build failed: {errors}"
        built = tree(fresh)
        # Not compared: the marker and the deploy manifest, which only build's Writer writes
        # (the preview never deploys), and the search index, which the preview server makes
        # in the background (search.Background), not Preview.rebuild. The manifest must
        # still list exactly the files of the full build.
        listed = json.loads(built[MANIFEST])["files"]
        assert {e["path"]: e["sha256"] for e in listed} == {
            rel: hashlib.sha256(data).hexdigest()
            for rel, data in built.items()
            if rel not in {MARKER, MANIFEST}
        }, f"{where}: manifest.json does not list the files of the full build"
        want = {
            rel: _without_search_integrity(data) if rel.endswith("search/index.html") else data
            for rel, data in built.items()
            if rel not in {MARKER, MANIFEST} and not rel.startswith(f"{SEARCH_FOLDER}/")
        }
        got = tree(preview_out)
        assert got == want, f"{where}: preview differs from a full build\n" + differences(got, want)


@pytest.fixture
def fixed_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(EPOCH))


@pytest.fixture(autouse=True)
def quick_search_index(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """The full build's Pagefind run, replaced by the two files every page links to.

    The search index is not compared (see Check), and Pagefind takes over a second per
    full build; everything else of the full build is real.
    """

    def index(site_dir: Path, digest: str, *args: object, **kwargs: object) -> tuple[Path, list]:
        target = Path(tempfile.mkdtemp(prefix="index-", dir=tmp_path)) / SEARCH_FOLDER
        target.mkdir()
        for name in ("pagefind-ui.js", "pagefind-ui.css"):
            (target / name).write_text("/* stand-in */\n", encoding="utf-8")
        return target, []

    monkeypatch.setattr(search, "index", index)


@pytest.mark.usefixtures("fixed_clock")
def test_the_starting_hub_builds_the_same_both_ways(tmp_path: Path) -> None:
    hub = Hub(tmp_path / "hub", random.Random(0))
    preview = Preview(hub.root, tmp_path / "preview")
    first = preview.rebuild(None)
    assert first.ok, [p.format() for p in first.errors]
    names = set(tree(tmp_path / "preview"))
    # the hub has what the random steps need to exercise
    assert {"claims/gps/index.html", "statements/feed.xml", "corrections/feed.xml"} <= names
    assert {"tags/privacy/index.html", "claims/chart.png", "app.css"} <= names
    assert "claims/embargoed/index.html" in names and "claims/draft/index.html" in names
    Check(hub.root, tmp_path)(tmp_path / "preview", "initial build")


@pytest.mark.usefixtures("fixed_clock")
def test_retitling_a_section_updates_the_search_page(tmp_path: Path) -> None:
    hub = Hub(tmp_path / "hub", random.Random(0))
    out = tmp_path / "preview"
    preview = Preview(hub.root, out)
    assert preview.rebuild(None).ok
    assert b'href="/claims/">Claims</a>' in (out / "search/index.html").read_bytes()
    hub.pages["claims/_index.md"].matter["title"] = "Checked claims"
    assert preview.rebuild({hub.write_page("claims/_index.md")}).ok
    assert b"Checked claims" in (out / "claims/index.html").read_bytes()
    assert b'href="/claims/">Checked claims</a>' in (out / "search/index.html").read_bytes()


@pytest.mark.parametrize(
    "seed",
    SEEDS,
)
@pytest.mark.usefixtures("fixed_clock")
def test_incremental_rebuilds_equal_a_full_build(tmp_path: Path, seed: int) -> None:
    rng = random.Random(seed)
    hub = Hub(tmp_path / "hub", rng)
    out = tmp_path / "preview"
    preview = Preview(hub.root, out)
    first = preview.rebuild(None)
    assert first.ok, [p.format() for p in first.errors]
    check = Check(hub.root, tmp_path)
    history: list[str] = []
    for number in range(1, STEPS + 1):
        what, changed = hub.step()
        history.append(f"{number}: {what}")
        where = f"seed {seed}, step {number} ({what}); steps so far:\n  " + "\n  ".join(history)
        outcome = preview.rebuild(changed)
        assert outcome.ok, f"{where}\nrebuild failed: {[p.format() for p in outcome.errors]}"
        if number % 2 == 0 or number == STEPS:  # a full build per check: every other step
            check(out, where)


@pytest.mark.usefixtures("fixed_clock")
def test_a_failed_rebuild_keeps_the_last_good_pages_and_recovers(tmp_path: Path) -> None:
    hub = Hub(tmp_path / "hub", random.Random(7))
    out = tmp_path / "preview"
    preview = Preview(hub.root, out)
    assert preview.rebuild(None).ok
    before = tree(out)
    about = hub.pages["about.md"]
    about.links.append("no-such-page.md")
    about.body = ["Edited while the link is broken."]
    broken = preview.rebuild({hub.write_page("about.md")})
    assert not broken.ok
    assert any("no-such-page.md" in p.format() for p in broken.errors)
    assert tree(out) == before  # the preview keeps the last good pages
    about.links.remove("no-such-page.md")
    repaired = preview.rebuild({hub.write_page("about.md")})
    assert repaired.ok, [p.format() for p in repaired.errors]
    Check(hub.root, tmp_path)(out, "after repairing a broken link")
    # a body-only edit right after the repair takes the fast path and still agrees
    about.body = ["Edited once more after the repair."]
    again = preview.rebuild({hub.write_page("about.md")})
    assert again.ok
    Check(hub.root, tmp_path)(out, "a body edit after the repair")


@pytest.mark.usefixtures("fixed_clock")
def test_a_file_and_a_page_may_take_each_others_place(tmp_path: Path) -> None:
    # content/report is written at report, content/report.md at report/index.html: one save
    # (or a checkout) that puts one in the place of the other swaps a file and a folder
    root = make_site(tmp_path / "hub", {"content/_index.md": "---\ntitle: Home\n---\nHi.\n"})
    out = tmp_path / "preview"
    preview = Preview(root, out)
    assert preview.rebuild(None).ok
    data, page = root / "content/report", root / "content/report.md"
    data.write_text("plain data\n", "utf-8")
    assert preview.rebuild({data}).ok
    assert (out / "report").read_text("utf-8") == "plain data\n"
    data.unlink()
    page.write_text("---\ntitle: Report\n---\nThe report.\n", "utf-8")
    outcome = preview.rebuild({data, page})
    assert outcome.ok, [p.format() for p in outcome.errors]
    assert "The report." in (out / "report/index.html").read_text("utf-8")
    Check(root, tmp_path)(out, "a page in the place of a file")
    page.unlink()
    data.write_text("plain data again\n", "utf-8")
    outcome = preview.rebuild({data, page})
    assert outcome.ok, [p.format() for p in outcome.errors]
    assert (out / "report").read_text("utf-8") == "plain data again\n"
    Check(root, tmp_path)(out, "a file in the place of a page")


@pytest.mark.usefixtures("fixed_clock")
def test_the_preview_reports_what_only_the_finished_pages_show(tmp_path: Path) -> None:
    # a broken anchor, or a load from another origin, is found in the HTML, as a build finds it
    root = tmp_path / "hub"
    pages = {
        "content/_index.md": "---\ntitle: Home\n---\nSee [the answer](a.md#the-answer).\n",
        "content/a.md": "---\ntitle: A\n---\n## The answer\n\nYes.\n",
        "content/b.md": "---\ntitle: B\n---\nPlain.\n",
    }
    make_site(root, pages)
    out = tmp_path / "preview"
    preview = Preview(root, out)
    assert preview.rebuild(None).ok
    good = tree(out)
    cases = [
        ("content/b.md", "---\ntitle: B\n---\nSee [a](a.md#nope).\n", "content/b.md:4:9: "),
        ("content/b.md", '---\ntitle: B\n---\n<img alt="" src="https://t.example/p.gif">\n', ""),
        # the anchor another page links to goes: that page's link is the one reported
        ("content/a.md", "---\ntitle: A\n---\n## Another answer\n\nYes.\n", "content/_index.md"),
    ]
    for rel, text, where in cases:
        before = (root / rel).read_text("utf-8")
        (root / rel).write_text(text, "utf-8")
        broken = preview.rebuild({(root / rel).resolve()})
        assert not broken.ok, text
        assert len(broken.errors) == 1, [p.format() for p in broken.errors]
        assert broken.errors[0].format().startswith(where or rel)
        assert tree(out) == good  # the last good pages stay, under the error
        (root / rel).write_text(before, "utf-8")
        repaired = preview.rebuild({(root / rel).resolve()})
        assert repaired.ok, [p.format() for p in repaired.errors]


@pytest.mark.usefixtures("fixed_clock")
def test_a_settings_change_keeps_conversions_only_while_they_still_hold(tmp_path: Path) -> None:
    root = tmp_path / "hub"
    pages = {
        "content/_index.md": "---\ntitle: Home\n---\nWelcome.\n\n[TOC]\n\n## Part\n",
        "content/claims/_index.md": "---\ntitle: Claims\ncascade: {type: claim}\n---\n",
        "content/claims/c.md": "---\ntitle: C\nclaim: x\nverdict: misleading\nfact: y\n---\nZ.\n",
    }
    for rel, text in pages.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, "utf-8")
    site = root / "site.yml"
    site.write_text(SITE_YML, "utf-8")
    out = tmp_path / "preview"
    preview = Preview(root, out)
    assert preview.rebuild(None).ok
    # the verdicts decide validation: a verdict no longer known is an error at once
    site.write_text(SITE_YML + 'verdicts: {"false": "False"}\n', "utf-8")
    broken = preview.rebuild({site})
    assert [p.message for p in broken.errors] == ["unknown verdict 'misleading'"]
    site.write_text(SITE_YML, "utf-8")
    assert preview.rebuild({site}).ok
    assert "[TOC]" not in (out / "index.html").read_text("utf-8")
    # the extensions decide conversion: without toc, [TOC] stays text
    site.write_text(SITE_YML + "markdown: {extensions: [tables]}\n", "utf-8")
    assert preview.rebuild({site}).ok
    assert "[TOC]" in (out / "index.html").read_text("utf-8")


def test_unchanged_static_files_are_not_read_again_on_each_rebuild(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from recordhub import fingerprints

    hub = tmp_path / "hub"
    (hub / "content").mkdir(parents=True)
    (hub / "site.yml").write_text(SITE_YML, encoding="utf-8")
    page = hub / "content/_index.md"
    page.write_text("---\ntitle: Home\n---\nWelcome.\n", encoding="utf-8")
    (hub / "static/img").mkdir(parents=True)
    for n in range(3):
        (hub / f"static/img/p{n}.jpg").write_bytes(b"image %d" % n)
    (hub / "content/chart.svg").write_text("<svg/>", encoding="utf-8")
    digest = fingerprints._file_digest
    read: list[str] = []

    def counted(path: Path) -> bytes:
        read.append(path.name)
        return digest(path)

    monkeypatch.setattr(fingerprints, "_file_digest", counted)
    out = tmp_path / "preview"
    out.mkdir()
    preview = Preview(hub, out)
    assert preview.rebuild(None).ok
    assert sorted(read) == ["app.css", "app.js", "chart.svg", "p0.jpg", "p1.jpg", "p2.jpg"]
    read.clear()
    page.write_text("---\ntitle: A new title\n---\nWelcome.\n", encoding="utf-8")
    outcome = preview.rebuild({page})  # not the body only: every output is planned again
    assert outcome.ok and "index.html" in outcome.changed
    assert read == []
    (hub / "static/img/p1.jpg").write_bytes(b"image 1, replaced")
    outcome = preview.rebuild({hub / "static/img/p1.jpg"})
    assert read == ["p1.jpg"]
    assert outcome.changed == ["img/p1.jpg"]
    (hub / "static/img/p2.jpg").unlink()
    (hub / "static/img/p2.jpg").write_bytes(b"image 2")  # the same size, and maybe the same
    read.clear()  # time, but another file
    assert preview.rebuild({hub / "static/img/p2.jpg"}).ok
    assert read == ["p2.jpg"]


@pytest.mark.usefixtures("fixed_clock")
def test_the_preview_checks_html_copied_as_it_is_and_reads_it_only_when_it_changes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from recordhub import htmlscan

    root = tmp_path / "hub"
    widget = root / "static/embed/widget.html"
    files = {
        "content/_index.md": "---\ntitle: Home\n---\nThe [widget](/embed/widget.html).\n",
        "content/a.md": "---\ntitle: A\n---\n## The answer\n\nYes.\n",
        "content/b.md": "---\ntitle: B\n---\nPlain.\n",
        "static/embed/widget.html": '<p>\n  <a href="/a/#the-answer">The answer</a>\n</p>\n',
    }
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, "utf-8")
    (root / "site.yml").write_text(SITE_YML, "utf-8")
    scanned: list[str] = []
    scan = htmlscan.scan

    def counted(html: str) -> htmlscan.Scan:
        scanned.extend(["widget"] if "The answer</a>" in html else [])
        return scan(html)

    monkeypatch.setattr(htmlscan, "scan", counted)
    out = tmp_path / "preview"
    preview = Preview(root, out)
    assert preview.rebuild(None).ok
    assert scanned == ["widget"]
    good = tree(out)
    # a new load from another origin in the file itself
    widget.write_text(widget.read_text("utf-8") + '<img src="https://t.example/p.gif">\n')
    broken = preview.rebuild({widget})
    assert [p.format() for p in broken.errors] == [
        "static/embed/widget.html:4:11: error: <img src> on /embed/widget.html loads "
        "https://t.example/p.gif from another origin; readers' visits would be seen there\n"
        "  hint: host the file yourself in static/, or allow that origin deliberately in "
        "site.yml allow_origins"
    ]
    assert tree(out) == good
    widget.write_text(files["static/embed/widget.html"], "utf-8")
    assert preview.rebuild({widget}).ok
    # the anchor it links to goes, in a save of a page's body only
    page = root / "content/a.md"
    page.write_text("---\ntitle: A\n---\n## Another answer\n\nYes.\n", "utf-8")
    broken = preview.rebuild({page})
    assert [p.format().splitlines()[0] for p in broken.errors] == [
        "static/embed/widget.html:2:12: error: broken link to /a/#the-answer: the page has no "
        "anchor #the-answer"
    ]
    page.write_text(files["content/a.md"], "utf-8")
    assert preview.rebuild({page}).ok
    # a full rebuild for another file's sake reads it no more
    scanned.clear()
    other = root / "content/b.md"
    other.write_text("---\ntitle: B, retitled\n---\nPlain.\n", "utf-8")
    assert preview.rebuild({other}).ok
    assert scanned == []


def test_a_body_edit_after_an_embargo_ended_shows_the_page_as_published(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(EPOCH))
    ends = dt.datetime.fromtimestamp(EPOCH + 60, tz=dt.UTC).isoformat()
    root = tmp_path / "hub"
    pages = {
        "content/_index.md": "---\ntitle: Home\n---\nWelcome.\n",
        "content/news.md": f"---\ntitle: News\npublish_at: {ends}\n---\nSoon.\n",
        "content/about.md": "---\ntitle: About\n---\nUs.\n",
    }
    make_site(root, pages)
    out = tmp_path / "preview"
    preview = Preview(root, out)
    assert preview.rebuild(None).ok
    assert "scheduled and not yet published" in (out / "news/index.html").read_text("utf-8")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(EPOCH + 120))  # the embargo has ended
    (root / "content/about.md").write_text("---\ntitle: About\n---\nUs, edited.\n", "utf-8")
    assert preview.rebuild({(root / "content/about.md").resolve()}).ok
    assert "scheduled and not yet published" not in (out / "news/index.html").read_text("utf-8")
    Check(root, tmp_path)(out, "a body edit after the embargo ended")


@pytest.mark.usefixtures("fixed_clock")
def test_a_page_whose_template_shows_a_field_no_card_shows_follows_its_edits(
    tmp_path: Path,
) -> None:
    # a status note is no part of any card, so no page's key holds it
    root = tmp_path / "hub"
    statement = "---\ntitle: On the record\ntype: statement\ndate: 2026-01-05\n{}---\nWords.\n"
    pages = {
        "content/_index.md": "---\ntitle: Home\n---\nWelcome.\n",
        "content/statements/_index.md": "---\ntitle: Statements\n---\nAll of them.\n",
        "content/statements/s.md": statement.format("status_note: First note\n"),
        "templates/home.html": (
            '{% extends "base.html" %}\n{% block content %}\n'
            "{% for s in site.statements[:1] %}<b>{{ s.status_note }}</b>{% endfor %}\n"
            "{% endblock %}\n"
        ),
    }
    make_site(root, pages)
    out = tmp_path / "preview"
    preview = Preview(root, out)
    assert preview.rebuild(None).ok
    home = out / "index.html"
    assert "<b>First note</b>" in home.read_text("utf-8")
    source = root / "content/statements/s.md"
    source.write_text(statement.format("status_note: Second note\n"), "utf-8")
    assert preview.rebuild({source}).ok
    assert "<b>Second note</b>" in home.read_text("utf-8")
    Check(root, tmp_path)(out, "an edit of a field the home page shows")


def test_a_page_whose_template_shows_another_pages_text_follows_its_edits(
    tmp_path: Path,
) -> None:
    # the hub's home page shows the newest statement in full, not only its title and summary
    root = tmp_path / "hub"
    statement = "---\ntitle: On the record\ntype: statement\ndate: 2026-01-05\n{}---\n{}\n"
    pages = {
        "content/_index.md": "---\ntitle: Home\n---\nWelcome.\n",
        "content/statements/_index.md": "---\ntitle: Statements\n---\nAll of them.\n",
        "content/statements/s.md": statement.format("", "First words."),
        "templates/home.html": (
            '{% extends "base.html" %}\n{% block content %}\n'
            "{% for s in site.statements[:1] %}<div>{{ s.content }}</div>{% endfor %}\n"
            "{% endblock %}\n"
        ),
    }
    make_site(root, pages)
    out = tmp_path / "preview"
    preview = Preview(root, out)
    assert preview.rebuild(None).ok
    home = out / "index.html"
    assert "First words." in home.read_text("utf-8")
    source = root / "content/statements/s.md"
    check = Check(root, tmp_path)

    source.write_text(statement.format("", "Second words."), "utf-8")  # the body alone
    assert preview.rebuild({source}).ok
    assert "Second words." in home.read_text("utf-8")
    check(out, "a body edit of the statement the home page shows")

    source.write_text(statement.format("speaker: [unclosed\n", "Third words."), "utf-8")
    assert not preview.rebuild({source}).ok
    source.write_text(statement.format("", "Fourth words."), "utf-8")  # fixed, and reworded
    assert preview.rebuild({source}).ok
    assert "Fourth words." in home.read_text("utf-8")
    check(out, "a body edit that fixes the statement the home page shows")


def test_a_body_edit_shows_on_a_section_whose_template_gathers_its_pages(tmp_path: Path) -> None:
    # the hub's section template shows each of its pages' text: a save of one page's body must
    # show there too, not only on the page itself
    root = tmp_path / "hub"
    section = (
        '{% extends "base.html" %}{% block content %}'
        "{% for p in page.pages %}<section>{{ p.content }}</section>{% endfor %}"
        "{% endblock %}\n"
    )
    pages = {
        "content/_index.md": "---\ntitle: Home\n---\nWelcome.\n",
        "content/guide/_index.md": "---\ntitle: Guide\n---\nAll answers.\n",
        "content/guide/one.md": "---\ntitle: One\n---\nThe first answer.\n",
        "content/guide/two.md": "---\ntitle: Two\n---\nThe second answer.\n",
        "templates/section.html": section,
    }
    make_site(root, pages)
    out = tmp_path / "preview"
    preview = Preview(root, out)
    assert preview.rebuild(None).ok
    one = root / "content/guide/one.md"
    one.write_text("---\ntitle: One\n---\nThe corrected answer.\n", "utf-8")
    assert preview.rebuild({one.resolve()}).ok
    assert "The corrected answer." in (out / "guide/index.html").read_text("utf-8")
    Check(root, tmp_path)(out, "a body edit shown on its section")


@pytest.mark.usefixtures("fixed_clock")
def test_a_date_written_under_an_faq_question_dates_the_page_as_a_build_does(
    tmp_path: Path,
) -> None:
    # the date under a question is written in the body, but the sitemap gives it as the page's
    faq = "---\ntitle: FAQ\ntype: faq\ndate: 2026-01-05\n---\n## Data\n\n### Where?\n{}\nHere.\n"
    files = {"content/_index.md": "---\ntitle: Home\n---\nHi.\n", "content/faq.md": faq}
    root = make_site(tmp_path / "hub", {**files, "content/faq.md": faq.format("")})
    out = tmp_path / "preview"
    preview = Preview(root, out)
    assert preview.rebuild(None).ok
    check = Check(root, tmp_path)
    for updated, told in (
        ("Updated: 2026-02-01", []),
        ("Updated: 2026-02-10", []),
        (
            "Updated: 2026-04-01",
            [
                "content/faq.md:9:10: warning: 'Updated: 2026-04-01' under a question is still "
                "to come\n  hint: check the year; an answer's date is the day it last changed"
            ],
        ),
        (  # the same date, with the answer edited: still told
            "Updated: 2026-04-01\nThere.",
            [
                "content/faq.md:9:10: warning: 'Updated: 2026-04-01' under a question is still "
                "to come\n  hint: check the year; an answer's date is the day it last changed"
            ],
        ),
        ("", []),
    ):
        (root / "content/faq.md").write_text(faq.format(updated), "utf-8")
        outcome = preview.rebuild({root / "content/faq.md"})
        assert outcome.ok
        assert [p.format() for p in outcome.problems] == told
        check(out, f"with {updated!r} under the question")
    assert "<lastmod>2026-01-05</lastmod>" in (out / "sitemap.xml").read_text("utf-8")
