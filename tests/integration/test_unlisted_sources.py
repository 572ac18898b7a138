"""Files the build cannot list: unreadable folders, dangling links, links into its own output.

Each is an error naming the folder or link, never a site with pages silently missing (or, for a
link into the output, a site that copies itself into itself at every build); the previous
output is left as it was.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from hubtest import Built, Run, make_site, resave, run_cli, tree

HUB = {
    "content/_index.md": "---\ntitle: Home\n---\nWelcome.\n",
    "content/updates/first.md": "---\ntitle: First update\n---\nText.\n",
    "static/docs/report.pdf": b"%PDF-1.4 a report",
    "shared/policy.md": "---\ntitle: Policy\n---\nOur policy.\n",
}
DENIED = "cannot read this folder (Permission denied): nothing in it would be published"


@pytest.fixture
def built(tmp_path: Path) -> Built:
    hub = make_site(tmp_path / "hub", HUB)
    (hub / "content/policy.md").symlink_to("../shared/policy.md")
    out = hub / "public"
    first = run_cli("-C", hub, "build", "--no-search")
    assert first.code == 0, first.err
    before = tree(out)
    assert {"updates/first/index.html", "docs/report.pdf", "policy/index.html"} <= set(before)
    return Built(hub, out, before)


def assert_failed_cleanly(built: Built, run: Run) -> None:
    assert run.code == 1, run.err
    assert "Traceback" not in run.out + run.err
    assert run.err.endswith("nothing was written\n"), run.err
    assert tree(built.out) == built.before
    assert [p.name for p in built.hub.iterdir() if p.name.startswith(".public.")] == []


def build_as_a_user(hub: Path) -> Run:
    """Build in a process that file permissions apply to: root's would read a 0o000 folder."""
    command = [sys.executable, "-m", "recordhub", "-C", str(hub), "build", "--no-search"]
    if os.geteuid() == 0:
        setpriv = shutil.which("setpriv")
        if setpriv is None:
            pytest.skip(
                "runs as root, and setpriv (util-linux), which drops root's access, is missing"
            )
        command = [setpriv, "--bounding-set=-dac_override,-dac_read_search", *command]
        probe = subprocess.run([*command[:2], "ls", str(hub / "static/docs")], capture_output=True)
        if probe.returncode == 0:
            pytest.skip("setpriv could not take root's access to unreadable folders away here")
    resave(hub)
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    return Run(done.returncode, done.stdout, done.stderr)


def test_an_unreadable_folder_is_an_error_not_a_smaller_site(built: Built) -> None:
    folders = [built.hub / "content/updates", built.hub / "static/docs"]
    for folder in folders:
        folder.chmod(0o000)
    try:
        run = build_as_a_user(built.hub)
    finally:
        for folder in folders:
            folder.chmod(0o755)
    assert run.err == (
        f"content/updates: error: {DENIED}\n"
        "  hint: give the build read access to it (chmod -R a+rX content/updates), or move it out\n"
        f"static/docs: error: {DENIED}\n"
        "  hint: give the build read access to it (chmod -R a+rX static/docs), or move it out\n"
        "Build failed: 2 errors, 0 warnings; nothing was written\n"
    )
    assert_failed_cleanly(built, run)


def test_a_link_whose_target_is_gone_is_an_error(built: Built) -> None:
    (built.hub / "shared/policy.md").rename(built.hub / "shared/our-policy.md")
    (built.hub / "static/docs/latest.pdf").symlink_to("report-2026.pdf")
    resave(built.hub)
    run = run_cli("-C", built.hub, "build", "--no-search")
    assert run.err == (
        "content/policy.md: error: this link leads nowhere: its target ../shared/policy.md "
        "does not exist\n"
        "  hint: point the link at the file, or remove it\n"
        "static/docs/latest.pdf: error: this link leads nowhere: its target report-2026.pdf "
        "does not exist\n"
        "  hint: point the link at the file, or remove it\n"
        "Build failed: 2 errors, 0 warnings; nothing was written\n"
    )
    assert_failed_cleanly(built, run)


def test_a_linked_static_folder_whose_target_is_gone_is_an_error(built: Built) -> None:
    shutil.move(built.hub / "static", built.hub / "shared/static")
    (built.hub / "static").symlink_to("brand-assets", target_is_directory=True)  # moved away
    resave(built.hub)
    run = run_cli("-C", built.hub, "build", "--no-search")
    assert run.err == (
        "static: error: this link leads nowhere: its target brand-assets does not exist\n"
        "  hint: point the link at the file, or remove it\n"
        "Build failed: 1 error, 0 warnings; nothing was written\n"
    )
    assert_failed_cleanly(built, run)


def test_a_file_named_static_is_an_error(built: Built) -> None:
    shutil.rmtree(built.hub / "static")
    (built.hub / "static").write_text("notes\n")
    resave(built.hub)
    run = run_cli("-C", built.hub, "build", "--no-search")
    assert run.err == (
        "static: error: cannot read this folder (Not a directory): nothing in it would be "
        "published\n"
        "  hint: give the build read access to it (chmod -R a+rX static), or move it out\n"
        "Build failed: 1 error, 0 warnings; nothing was written\n"
    )
    assert_failed_cleanly(built, run)


def test_a_linked_templates_folder_whose_target_is_gone_is_listed_with_the_rest(
    built: Built,
) -> None:
    (built.hub / "templates").symlink_to("../brand/templates", target_is_directory=True)
    (built.hub / "content/bad.md").write_text("---\ntitle: 123\n---\n")
    resave(built.hub)
    run = run_cli("-C", built.hub, "build", "--no-search")
    assert run.err == (
        "content/bad.md:2:8: error: 'title' must be text, but YAML read `123` as a number\n"
        '  hint: put the value in quotes: title: "123"\n'
        "templates: error: this link leads nowhere: its target ../brand/templates does not "
        "exist\n"
        "  hint: point the link at the file, or remove it\n"
        "Build failed: 2 errors, 0 warnings; nothing was written\n"
    )
    assert_failed_cleanly(built, run)


def test_check_reports_a_dangling_link_too(built: Built) -> None:
    (built.hub / "shared/policy.md").unlink()
    run = run_cli("-C", built.hub, "check")
    assert run.code == 1
    assert run.err.startswith(
        "content/policy.md: error: this link leads nowhere: its target ../shared/policy.md "
        "does not exist\n"
    ), run.err


INTO = "the site would copy itself into itself at every build; not followed"
AWAY = "  hint: remove the link, or point it at the files you mean to publish"


def test_a_link_into_the_output_or_the_cache_is_not_followed(built: Built) -> None:
    hub = built.hub
    (hub / "content/mirror").symlink_to("../public", target_is_directory=True)
    (hub / "static/old").symlink_to("../public/docs", target_is_directory=True)
    (hub / "static/cached").symlink_to("../.recordhub-cache", target_is_directory=True)
    (hub / "static/report.pdf").symlink_to("../public/docs/report.pdf")
    # a link to the project itself reaches the output folder without naming it
    (hub / "static/all").symlink_to("..", target_is_directory=True)
    (hub / "content/mirror-of-index").symlink_to("../public/index.html")
    resave(hub)
    run = run_cli("-C", hub, "build", "--no-search")
    assert run.err == (
        f"content/mirror: error: this link leads into what builds write (../public): {INTO}\n"
        f"{AWAY}\n"
        "content/mirror-of-index: error: this link leads into what builds write "
        f"(../public/index.html): {INTO}\n{AWAY}\n"
        "static/all/content/mirror: error: this link leads into what builds write (../public): "
        f"{INTO}\n{AWAY}\n"
        "static/all/content/mirror-of-index: error: this link leads into what builds write "
        f"(../public/index.html): {INTO}\n{AWAY}\n"
        "static/all/public: error: this folder, reached through a link, is an output folder "
        f"that a build wrote: {INTO}\n{AWAY}\n"
        "static/cached: error: this link leads into what builds write (../.recordhub-cache): "
        f"{INTO}\n{AWAY}\n"
        f"static/old: error: this link leads into what builds write (../public/docs): {INTO}\n"
        f"{AWAY}\n"
        "static/report.pdf: error: this link leads into what builds write "
        f"(../public/docs/report.pdf): {INTO}\n{AWAY}\n"
        "Build failed: 8 errors, 0 warnings; nothing was written\n"
    )
    assert_failed_cleanly(built, run)


def test_a_link_into_a_build_s_temporary_folder_is_not_followed(built: Built) -> None:
    left = built.hub / ".public.tmp-0a1b2c3d4e5f"  # as a build that was killed leaves it
    shutil.copytree(built.out, left)
    (built.hub / "content/draft-copy").symlink_to(f"../{left.name}", target_is_directory=True)
    resave(built.hub)
    run = run_cli("-C", built.hub, "build", "--no-search")
    assert run.err == (
        "content/draft-copy: error: this link leads into what builds write "
        f"(../.public.tmp-0a1b2c3d4e5f): {INTO}\n{AWAY}\n"
        "Build failed: 1 error, 0 warnings; nothing was written\n"
    )
