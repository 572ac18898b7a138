"""Test helpers: small hubs written inline (make_site), the CLI run in-process, file trees."""

from __future__ import annotations

import io
import os
import subprocess
import sys
import textwrap
from collections.abc import Mapping
from contextlib import redirect_stderr, redirect_stdout
from dataclasses import dataclass
from pathlib import Path

from recordhub.cli import main

SITE_YML = """\
title: Test Hub
base_url: https://hub.example/
organization: {name: Example Co}
contact: {press: press@hub.example, security: security@hub.example}
"""


def make_site(
    root: Path, files: Mapping[str, str | bytes], site_yml: str | None = SITE_YML
) -> Path:
    """Write a hub: site.yml (unless None or given in files) and each file, dedented."""
    root.mkdir(parents=True, exist_ok=True)
    if site_yml is not None and "site.yml" not in files:
        (root / "site.yml").write_text(site_yml, encoding="utf-8")
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(textwrap.dedent(content).lstrip("\n"), encoding="utf-8")
    return root


def resave(hub: Path) -> None:
    """Touch site.yml (as a save of the same text does), so that the next build runs in full.

    Otherwise a build that finds every file as the last build left it gives that build's output
    and report again (recordhub.uptodate) and never reaches what a test means to exercise.
    """
    os.utime(hub / "site.yml")


@dataclass
class Run:
    """What one in-process CLI run returned and printed."""

    code: int
    out: str
    err: str


def run_cli(*args: str | Path) -> Run:
    """Run ``recordhub ARGS`` in this process and capture its output."""
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        try:
            code = main([str(a) for a in args])
        except SystemExit as exc:  # argparse usage errors
            code = int(exc.code or 0)
    return Run(code, out.getvalue(), err.getvalue())


def tree(folder: Path) -> dict[str, bytes]:
    """Every file under folder, by relative path, with its bytes."""
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@dataclass
class Built:
    """A hub that built once into out, and what out held then."""

    hub: Path
    out: Path
    before: dict[str, bytes]


def spawn(*args: str | Path, **env: str) -> subprocess.Popen[str]:
    """``python -m recordhub ARGS`` in its own process group, as a terminal's foreground job."""
    environment = {**os.environ, "PYTHONUNBUFFERED": "1", **env}
    environment.pop("SOURCE_DATE_EPOCH", None)
    return subprocess.Popen(
        [sys.executable, "-m", "recordhub", *map(str, args)],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=environment,
        start_new_session=True,
    )


def group_alive(pgid: int) -> list[str]:
    """Live (non-zombie) processes of a process group, from /proc: "pid (name) command"."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            text = stat.read_text()
            command = (stat.parent / "cmdline").read_bytes().replace(b"\0", b" ")[:150]
        except OSError:  # ended meanwhile
            continue
        state, _, group = text.rsplit(")", 1)[1].split()[:3]
        if int(group) == pgid and state != "Z":
            found.append(f"{text.split(')', 1)[0]}) {command.decode(errors='replace')}")
    return found
