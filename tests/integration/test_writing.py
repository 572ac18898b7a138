"""Pages rendered on all cores: the same bytes and the same report as rendering them in turn."""

from __future__ import annotations

import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from hubtest import SITE_YML, make_site, run_cli, tree
from recordhub import writing

LANGUAGES = SITE_YML + (
    "languages:\n"
    "  - {code: en, name: English}\n"
    "  - {code: fr, name: Français}\n"  # the theme has no French strings: warnings, once each
)


def pages(count: int) -> dict[str, str]:
    files = {"content/_index.md": "---\ntitle: Home\n---\nWelcome.\n"}
    for i in range(count):
        section = f"s{i % 4}"
        files[f"content/{section}/_index.md"] = f"---\ntitle: Section {section}\n---\nIndex.\n"
        after = f"../s{(i + 1) % 4}/p{i + 1}.md"
        body = f"Page {i} links to [the next]({after}).\n" if i + 1 < count else f"Page {i}.\n"
        files[f"content/{section}/p{i}.md"] = (
            f"---\ntitle: Page {i}\nsummary: Summary {i}.\ntags: [t{i % 3}]\n---\n{body}"
        )
        if i % 5 == 0:
            files[f"content/{section}/p{i}.fr.md"] = f"---\ntitle: Page {i} fr\n---\nTexte {i}.\n"
    return files


# in a process of its own: this one may run other threads (a watcher), and then no worker is
# forked; it counts the calls of the parallel path to show that it ran
PARALLEL = """
import sys
from recordhub import writing
from recordhub.cli import main
real, calls = writing._in_workers, []
writing._in_workers = lambda *args: (calls.append(1), real(*args))[1]
code = main(sys.argv[1:])
print(f"parallel runs: {len(calls)}")
sys.exit(code)
"""


@dataclass
class Result:
    code: int
    err: str


def both(hub: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Result, Result]:
    """The build of hub on all cores, then with every page rendered in turn."""
    args = ["-C", str(hub), "build", "--no-search", "--no-cache"]
    done = subprocess.run(
        [sys.executable, "-c", PARALLEL, *args, "-o", str(tmp_path / "par")],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert "parallel runs: 1" in done.stdout, done.stdout + done.stderr
    monkeypatch.setattr(writing, "PARALLEL_FROM", 10**9)
    serial = run_cli(*args, "-o", tmp_path / "ser")
    return Result(done.returncode, done.stderr), Result(serial.code, serial.err)


def test_many_pages_render_on_all_cores_as_they_do_in_turn(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    hub = make_site(tmp_path / "hub", pages(3 * writing.PARALLEL_FROM), site_yml=LANGUAGES)
    parallel, serial = both(hub, tmp_path, monkeypatch)
    assert parallel.code == serial.code == 0, parallel.err
    assert parallel.err == serial.err
    assert "no 'fr' text for the theme string" in parallel.err
    assert tree(tmp_path / "par") == tree(tmp_path / "ser")


def test_a_template_error_on_all_cores_is_reported_as_in_turn(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    files = pages(2 * writing.PARALLEL_FROM)
    files["templates/page.html"] = (
        '{% extends "base.html" %}\n{% block content %}{{ page.no_such_field.x }}{% endblock %}\n'
    )
    hub = make_site(tmp_path / "hub", files, site_yml=LANGUAGES)
    (tmp_path / "par").mkdir()
    parallel, serial = both(hub, tmp_path, monkeypatch)
    assert parallel.code == serial.code == 1
    assert parallel.err == serial.err
    assert "templates/page.html:2" in parallel.err
    assert parallel.err.count("no_such_field") == 1
    assert list((tmp_path / "par").iterdir()) == []  # nothing written, nothing left behind
    assert not any(p.name.startswith(".par.") for p in tmp_path.iterdir())


def test_check_renders_on_all_cores_and_reports_as_in_turn(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # `check` writes nothing, and its workers render and read every page all the same
    files = pages(2 * writing.PARALLEL_FROM)
    files["content/s1/p1.md"] += "See [a heading that is not there](p5.md#nowhere).\n"
    hub = make_site(tmp_path / "hub", files, site_yml=LANGUAGES)
    args = ["-C", str(hub), "check"]
    done = subprocess.run(
        [sys.executable, "-c", PARALLEL, *args], capture_output=True, text=True, timeout=300
    )
    assert "parallel runs: 1" in done.stdout, done.stdout + done.stderr
    monkeypatch.setattr(writing, "PARALLEL_FROM", 10**9)
    serial = run_cli(*args)
    assert done.returncode == serial.code == 1
    assert done.stderr == serial.err
    assert "content/s1/p1.md:7:" in serial.err and "#nowhere" in serial.err
    assert "no 'fr' text for the theme string" in serial.err
    assert not (hub / "public").exists()
