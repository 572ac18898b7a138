"""The command line: exit codes 0, 1 and 2, and no traceback unless --debug."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from hubtest import SITE_YML, make_site, run_cli

GOOD = {"content/_index.md": "---\ntitle: Home\n---\nWelcome.\n"}
BAD_PAGE = {**GOOD, "content/x.md": "---\ntitle: 123\n---\n"}
WARNED_PAGE = {**GOOD, "content/x.md": "---\ntitle: X\nsummary: " + "s" * 200 + "\n---\n"}


def no_traceback(*texts: str) -> bool:
    return all("Traceback" not in text for text in texts)


# (id, files, site.yml (None: none), command after -C HUB, exit code, a line expected on stderr)
CASES = [
    ("build-ok", GOOD, SITE_YML, ["build", "-o", "{tmp}/out"], 0, None),
    ("check-ok", GOOD, SITE_YML, ["check"], 0, None),
    ("warning-ok", WARNED_PAGE, SITE_YML, ["check"], 0, "content/x.md:3:10: warning: "),
    ("warning-strict", WARNED_PAGE, SITE_YML, ["check", "--strict"], 1, "content/x.md:3:10: "),
    (
        "bad-page-build",
        BAD_PAGE,
        SITE_YML,
        ["build", "-o", "{tmp}/out"],
        1,
        "content/x.md:2:8: error: 'title' must be text, but YAML read `123` as a number",
    ),
    (
        "bad-page-check",
        BAD_PAGE,
        SITE_YML,
        ["check"],
        1,
        "content/x.md:2:8: error: 'title' must be text, but YAML read `123` as a number",
    ),
    (
        "bad-site-yml",
        GOOD,
        SITE_YML + "tittle: x\n",
        ["build", "-o", "{tmp}/out"],
        2,
        "site.yml:5:1: error: unknown field 'tittle'",
    ),
    (
        "bad-base-url",
        GOOD,
        SITE_YML.replace("https://hub.example/", "hub.example"),
        ["check"],
        2,
        "site.yml:2:11: error: base_url must be an absolute URL such as https://facts.example.com/",
    ),
    (
        "invalid-site-yml",
        GOOD,
        "title: [x\n",
        ["check"],
        2,
        "site.yml:1:8: error: invalid YAML: a list in [...] is never closed",
    ),
    ("missing-site-yml", GOOD, None, ["check"], 2, "site.yml: error: no site.yml in {hub}"),
    ("missing-site-yml-new", GOOD, None, ["new", "page", "X"], 2, "site.yml: error: no site.yml"),
    ("no-content", {}, SITE_YML, ["check"], 1, "content: error: no content/ folder"),
    (
        "no-pages",
        {"content/logo.png": b"x"},
        SITE_YML,
        ["build", "-o", "{tmp}/out"],
        0,
        "content: warning: content/ has no pages: the site is a home page with nothing on it\n"
        "  hint: add pages as Markdown files, such as content/_index.md, or run: "
        'recordhub new page "About us"',
    ),
    (
        "no-pages-strict",
        {"content/logo.png": b"x"},
        SITE_YML,
        ["build", "--strict", "-o", "{tmp}/out"],
        1,
        "content: error: content/ has no pages",
    ),
    ("unknown-command", GOOD, SITE_YML, ["frobnicate"], 2, "invalid choice: 'frobnicate'"),
    ("no-command", GOOD, SITE_YML, [], 2, "the following arguments are required: COMMAND"),
    (
        "unknown-option",
        GOOD,
        SITE_YML,
        ["build", "--fast"],
        2,
        "recordhub build: error: unrecognized arguments: --fast",
    ),
    ("unknown-type", GOOD, SITE_YML, ["new", "blog", "X"], 2, "invalid choice: 'blog'"),
]


@pytest.mark.parametrize(
    ("files", "site_yml", "command", "code", "line"),
    [pytest.param(*row[1:], id=row[0]) for row in CASES],
)
def test_exit_codes(
    tmp_path: Path,
    files: dict[str, str],
    site_yml: str | None,
    command: list[str],
    code: int,
    line: str | None,
) -> None:
    hub = make_site(tmp_path / "hub", files, site_yml=site_yml)
    args = [part.format(tmp=tmp_path) for part in command]
    run = run_cli("-C", hub, *args)
    assert run.code == code, run.err
    if line is not None:
        assert line.format(hub=hub.resolve()) in run.err
    if code == 0:
        assert ": error: " not in run.err
    assert no_traceback(run.out, run.err)


@pytest.mark.parametrize("command", ["build", "check", "serve"])
def test_an_unknown_option_is_told_with_the_usage_of_its_command(command: str) -> None:
    run = run_cli(command, "--bogus")
    assert run.code == 2
    lines = run.err.splitlines()
    assert lines[0].startswith(f"usage: recordhub {command} [-h] ")
    assert lines[-1] == f"recordhub {command}: error: unrecognized arguments: --bogus"


@pytest.mark.parametrize("command", [["build"], ["check"], ["serve"], ["new", "page", "X"]])
@pytest.mark.parametrize("where", ["site.yml", "missing"])
def test_a_root_that_is_no_folder_is_a_usage_error(
    tmp_path: Path, command: list[str], where: str
) -> None:
    hub = make_site(tmp_path / "hub", GOOD)
    run = run_cli("-C", hub / where, *command)
    assert run.code == 2, run.err
    what = "a file, not a folder" if where == "site.yml" else "a folder that does not exist"
    assert run.err.splitlines()[0] == f"{hub / where}: error: -C names {what}"
    assert no_traceback(run.out, run.err)


@pytest.mark.parametrize("command", [["build"], ["check"], ["serve"], ["new", "page", "X"]])
def test_a_root_whose_name_is_too_long_is_a_usage_error(tmp_path: Path, command: list[str]) -> None:
    root = tmp_path / ("x" * 300)
    run = run_cli("-C", root, *command)
    assert run.code == 2, run.err
    assert run.err == (
        f"{root}: error: -C names a folder that cannot be opened (File name too long)\n"
        "  hint: check the folder's name, and that you may open every folder on its path\n"
    )


def test_summary_lines(tmp_path: Path) -> None:
    hub = make_site(tmp_path / "hub", GOOD)
    built = run_cli("-C", hub, "build", "-o", tmp_path / "out")
    assert built.out.startswith("Built ")
    assert f"into {tmp_path / 'out'}: 0 errors, 0 warnings" in built.out
    checked = run_cli("-C", hub, "check")
    assert checked.out.startswith("Checked ") and "0 errors, 0 warnings" in checked.out
    failed = run_cli("-C", make_site(tmp_path / "bad", BAD_PAGE), "check")
    assert failed.err.splitlines()[-1] == "Check failed: 1 error, 0 warnings; nothing was written"


def test_relative_root_and_output(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    make_site(tmp_path / "hub", GOOD)
    monkeypatch.chdir(tmp_path)
    run = run_cli("-C", "hub", "build", "-o", "site-out")
    assert run.code == 0, run.err
    assert (tmp_path / "site-out/index.html").is_file()


def test_runs_in_the_current_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    hub = make_site(tmp_path / "hub", GOOD)
    monkeypatch.chdir(hub)
    assert run_cli("check").code == 0
    assert run_cli("build").code == 0
    assert (hub / "public/index.html").is_file()


@pytest.mark.parametrize(("files", "code"), [(GOOD, 0), (BAD_PAGE, 1)], ids=["ok", "bad-page"])
def test_the_command_exits_with_its_code_and_prints_everything(
    tmp_path: Path, files: dict[str, str], code: int
) -> None:
    hub = make_site(tmp_path / "hub", files)
    done = subprocess.run(
        [sys.executable, "-m", "recordhub", "-C", str(hub), "build", "-o", str(tmp_path / "out")],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == code, done.stderr
    if code == 0:  # printed through a pipe, so only a flush at exit shows it
        assert done.stdout.startswith("Built ") and done.stdout.endswith(" 0 warnings\n")
        assert (tmp_path / "out/index.html").is_file()
    else:
        assert done.stderr.endswith("nothing was written\n")
        assert not (tmp_path / "out").exists()


def test_every_line_is_out_before_the_command_exits_even_past_a_pipes_buffer(
    tmp_path: Path,
) -> None:
    # the process ends without the interpreter's teardown: what it printed must all be flushed
    buffered = {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}
    command = [sys.executable, "-m", "recordhub", "-C", str(tmp_path)]
    made = subprocess.run(
        [*command, "init", "new"], capture_output=True, text=True, timeout=120, env=buffered
    )
    new = tmp_path / "new"
    said = f"Created a new hub in {new}. Next: cd {new} && recordhub serve\n"
    assert (made.returncode, made.stdout) == (0, said)
    long = "x" * 170
    files = {
        f"content/many/p{n:03}.md": f"---\ntitle: P{n}\nsummary: {long}\n---\nT.\n"
        for n in range(600)
    }
    hub = make_site(tmp_path / "hub", {**GOOD, **files})
    done = subprocess.run(
        [sys.executable, "-m", "recordhub", "-C", str(hub), "build", "-o", str(tmp_path / "out")],
        capture_output=True,
        text=True,
        timeout=300,
        env=buffered,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert len(done.stderr) > 65536  # more than a pipe holds: written while the reader reads
    assert done.stderr.count(": warning: summary is 170 characters, over 160") == 600
    assert done.stdout.startswith("Built ") and done.stdout.endswith(" 600 warnings\n")


def test_version() -> None:
    run = run_cli("--version")
    assert (run.code, run.err) == (0, "")
    assert run.out.startswith("recordhub ")


BAD_EXTENSION = SITE_YML + "markdown:\n  extensions: [no_such_extension]\n"


def _broken_build(*args: object, **kwargs: object) -> object:
    raise ImportError("probe")  # stands in for a bug: no real input may reach this path


def test_internal_error_has_no_traceback_without_debug(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    hub = make_site(tmp_path / "hub", GOOD)
    monkeypatch.setattr("recordhub.build.build", _broken_build)
    run = run_cli("-C", hub, "check")
    assert run.code == 1
    assert no_traceback(run.out, run.err)
    assert run.err == (
        "internal error: ImportError: probe\n  hint: run again with --debug for the traceback\n"
    )


@pytest.mark.parametrize("where", ["before", "after"])
def test_debug_shows_the_traceback(
    tmp_path: Path, where: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    hub = make_site(tmp_path / "hub", GOOD)
    monkeypatch.setattr("recordhub.build.build", _broken_build)
    args = ["--debug", "-C", hub, "check"] if where == "before" else ["-C", hub, "check", "--debug"]
    with pytest.raises(ImportError):  # in-process, --debug lets the exception through
        run_cli(*args)


def test_unknown_markdown_extension_is_a_config_error(tmp_path: Path) -> None:
    hub = make_site(tmp_path / "hub", GOOD, site_yml=BAD_EXTENSION)
    run = run_cli("-C", hub, "check")
    assert run.code == 2
    assert run.err.startswith("site.yml:6:16: error: ")


def test_bad_base_url_option_exits_2(tmp_path: Path) -> None:
    hub = make_site(tmp_path / "hub", GOOD)
    run = run_cli("-C", hub, "check", "--base-url", "not-a-url")
    assert run.code == 2
    assert "base_url must be an absolute URL" in run.err
    assert no_traceback(run.out, run.err)


def test_bad_base_url_option_is_not_blamed_on_site_yml(tmp_path: Path) -> None:
    hub = make_site(tmp_path / "hub", GOOD)
    run = run_cli("-C", hub, "check", "--base-url", "not-a-url")
    assert "site.yml:" not in run.err
    assert run.err == (
        "--base-url: error: base_url must be an absolute URL such as https://facts.example.com/, "
        "with no query or fragment, and a path, if any, of plain words: /hub/\n"
        "  hint: e.g. --base-url https://facts.example.com/\n"
    )
    # the hint followed
    run = run_cli("-C", hub, "check", "--base-url", "https://facts.example.com/")
    assert run.code == 0, run.err


def test_base_url_option_overrides_site_yml(tmp_path: Path) -> None:
    hub = make_site(tmp_path / "hub", GOOD)
    run = run_cli("-C", hub, "build", "-o", tmp_path / "out", "--base-url", "https://x.example/p")
    assert run.code == 0, run.err
    assert 'href="/p/"' in (tmp_path / "out/index.html").read_text(encoding="utf-8")


HOME_PAGE = {"content/_index.md": "---\ntitle: Home\n---\nHello.\n"}


def test_c_is_taken_after_the_command_too(tmp_path: Path) -> None:
    hub = make_site(tmp_path / "hub", HOME_PAGE)
    built = run_cli("build", "-C", hub, "--no-search", "-o", tmp_path / "out")
    assert built.code == 0, built.err
    assert (tmp_path / "out" / "index.html").is_file()
    assert run_cli("check", "--debug", "-C", hub).code == 0
    wrote = run_cli("new", "-C", hub, "--debug", "page", "Later")
    assert wrote.code == 0, wrote.err
    assert (hub / "content" / "later.md").is_file()


def test_init_makes_the_hub_in_the_c_folder_and_says_how_to_go_there(tmp_path: Path) -> None:
    (tmp_path / "place").mkdir()
    run = run_cli("-C", tmp_path / "place", "init", "my hub")
    assert run.code == 0, run.err
    assert (tmp_path / "place" / "my hub" / "site.yml").is_file()
    where = tmp_path / "place" / "my hub"
    assert run.out.strip() == f"Created a new hub in {where}. Next: cd '{where}' && recordhub serve"


def test_init_says_how_to_go_to_a_folder_whose_name_begins_with_a_dash(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    run = run_cli("init", "--", "-hub")
    assert run.code == 0, run.err
    assert (tmp_path / "-hub" / "site.yml").is_file()
    # `cd -hub` would read -hub as options of cd
    assert run.out == "Created a new hub in -hub. Next: cd ./-hub && recordhub serve\n"


@pytest.mark.parametrize("given", [".", "./", "{here}"])
def test_init_in_the_current_folder_says_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, given: str
) -> None:
    monkeypatch.chdir(tmp_path)
    run = run_cli("init", given.format(here=tmp_path))
    assert run.code == 0, run.err
    assert (tmp_path / "site.yml").is_file()
    assert run.out == "Created a new hub in this folder. Next: recordhub serve\n"


@pytest.mark.parametrize(
    ("host", "message"),
    [
        ("", "give an address: 127.0.0.1 (this machine), or 0.0.0.0 (every network)"),
        ("  ", "give an address: 127.0.0.1 (this machine), or 0.0.0.0 (every network)"),
        ("[]", "give an address: 127.0.0.1 (this machine), or 0.0.0.0 (every network)"),
    ],
)
def test_serve_refuses_an_empty_host(tmp_path: Path, host: str, message: str) -> None:
    hub = make_site(tmp_path / "hub", HOME_PAGE)
    run = run_cli("-C", hub, "serve", "--host", host)
    assert run.code == 2
    assert f"argument --host: {message}" in run.err
    assert no_traceback(run.out, run.err)


def test_a_base_url_with_a_password_is_refused(tmp_path: Path) -> None:
    hub = make_site(tmp_path / "hub", HOME_PAGE)
    flag = run_cli("-C", hub, "check", "--base-url", "https://user:secret@staging.example.com/")
    assert flag.code == 2
    assert flag.err.startswith(
        "--base-url: error: base_url must not hold a user name or password (user:secret@)"
    )
    written = make_site(
        tmp_path / "other", HOME_PAGE, "title: T\nbase_url: https://u:p@hub.example/\n"
    )
    run = run_cli("-C", written, "check")
    assert run.code == 2
    assert "site.yml:2:11: error: base_url must not hold a user name or password" in run.err


def test_a_closed_pipe_is_no_disk_error(tmp_path: Path) -> None:
    hub = make_site(tmp_path / "hub", HOME_PAGE)
    proc = subprocess.run(
        f"{sys.executable} -m recordhub -C '{hub}' check | true; echo ${{PIPESTATUS[0]}}",
        shell=True,
        executable="/bin/bash",
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.stdout.strip() == "141"
    assert "disk" not in proc.stderr and no_traceback(proc.stderr)


@pytest.mark.parametrize("command", ["build", "check"])
def test_a_summary_that_cannot_be_written_does_not_say_the_output_is_unchanged(
    tmp_path: Path, command: str
) -> None:
    # standard output on a full disk: the new site is in place, only its summary is lost
    hub = make_site(tmp_path / "hub", HOME_PAGE)
    out = tmp_path / "out"
    where = ["-o", str(out)] if command == "build" else []
    with open("/dev/full", "w") as full:
        proc = subprocess.run(
            [sys.executable, "-m", "recordhub", "-C", str(hub), command, *where],
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            timeout=120,
        )
    done = f"built into {out}" if command == "build" else "checked"
    assert proc.returncode == 1
    assert proc.stderr == (
        f"error: the site was {done}, but this summary could not be written: no space left "
        "on device\n  hint: free some space where the command's output goes, and run it again "
        "to see it\n"
    )
    assert (out / "index.html").is_file() == (command == "build")


def test_the_folder_notice_names_the_flag_that_gave_the_folder(tmp_path: Path) -> None:
    hub = make_site(tmp_path / "hub", HOME_PAGE)
    run = run_cli("-C", hub, "check", "--base-url", "https://s.example.com/sub/")
    assert run.code == 0, run.err
    assert run.err.startswith("--base-url: notice: the hub lives in /sub/ of its domain")


@pytest.mark.parametrize(
    ("given", "taken"), [("[::1]", "::1"), ("::1", "::1"), ("0.0.0.0", "0.0.0.0")]
)
def test_an_ipv6_host_is_taken_as_the_preview_prints_it(given: str, taken: str) -> None:
    from recordhub import arguments

    assert arguments.host(given) == taken


def test_the_readme_shows_a_failed_build_as_it_is_printed(tmp_path: Path) -> None:
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    after = readme.split("3. **Build.**", 1)[1].split("   ```text\n", 1)[1]
    shown = after.split("   ```\n", 1)[0]
    page = "---\ntitle: Where is our data stored?\nsummary: In the EU.\ndate: 2025-02-30\n---\n"
    hub = make_site(tmp_path / "hub", {**GOOD, "content/faq/data.md": page + "In the EU.\n"})
    run = run_cli("-C", hub, "build", "-o", tmp_path / "out")
    assert run.code == 1
    assert run.err == "".join(line.removeprefix("   ") for line in shown.splitlines(True))


@pytest.mark.parametrize(
    ("epoch", "problem"),
    [
        ("yesterday", "'yesterday' is not a whole number of seconds since 1970-01-01"),
        ("1772323200.5", "'1772323200.5' is not a whole number of seconds since 1970-01-01"),
        ("99999999999999", "99999999999999 seconds from 1970-01-01 is outside the years 1 to 9998"),
        ("253402300000", "253402300000 seconds from 1970-01-01 is outside the years 1 to 9998"),
        # what int() takes, and `date +%s` never prints
        ("1_772_323_200", "'1_772_323_200' is not a whole number of seconds since 1970-01-01"),
        ("+1772323200", "'+1772323200' is not a whole number of seconds since 1970-01-01"),
        ("١٧٧٢٣٢٣٢٠٠", "'١٧٧٢٣٢٣٢٠٠' is not a whole number of seconds since 1970-01-01"),
    ],
)
@pytest.mark.parametrize("command", ["build", "check"])
def test_a_source_date_epoch_that_is_no_time_is_a_usage_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, epoch: str, problem: str, command: str
) -> None:
    # the clock decides which embargoed pages are in: a build at another time than the one
    # asked for would publish other pages
    hub = make_site(tmp_path / "hub", GOOD)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch)
    run = run_cli("-C", hub, command, *(["-o", tmp_path / "out"] if command == "build" else []))
    assert run.code == 2
    assert run.err == (
        f"SOURCE_DATE_EPOCH: error: {problem}\n"
        "  hint: give the time as `date +%s` prints it (2026-03-01 is 1772323200), or unset it\n"
    )
    assert not (tmp_path / "out").exists()


def test_an_empty_source_date_epoch_is_as_none(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    hub = make_site(tmp_path / "hub", GOOD)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "")
    assert run_cli("-C", hub, "check").code == 0


@pytest.mark.parametrize(
    ("command", "said"),
    [
        (
            ["biuld"],
            "recordhub: error: argument COMMAND: invalid choice: 'biuld' (choose from 'build', "
            "'check', 'serve', 'init', 'new'); did you mean 'build'?",
        ),
        (
            ["new", "claims", "X"],
            "recordhub new: error: argument type: invalid choice: 'claims' (choose from 'page', "
            "'claim', 'faq', 'statement', 'roadmap'); did you mean 'claim'?",
        ),
        (
            ["build", "--strcit"],
            "recordhub build: error: unrecognized arguments: --strcit; did you mean --strict?",
        ),
        (
            ["serve", "--prot", "80"],
            "recordhub serve: error: unrecognized arguments: --prot 80; "
            "--prot: did you mean --port?",
        ),
        (
            ["check", "--darfts=1", "--bogus", "--fture"],
            "recordhub check: error: unrecognized arguments: --darfts=1 --bogus --fture; "
            "--darfts=1: did you mean --drafts?; --fture: did you mean --future?",
        ),
    ],
)
def test_a_misspelt_word_is_told_with_the_nearest_one(command: list[str], said: str) -> None:
    run = run_cli(*command)
    assert run.code == 2
    assert run.err.splitlines()[-1] == said


def test_the_type_of_a_new_page_is_taken_in_any_case(tmp_path: Path) -> None:
    hub = make_site(tmp_path / "hub", GOOD)
    run = run_cli("-C", hub, "new", "FAQ", "Shipping")
    assert run.code == 0, run.err
    assert (hub / "content/faq/shipping.md").read_text().startswith('---\ntitle: "Shipping"\n')


@pytest.mark.parametrize(
    "command", [["build"], ["check"], ["new", "page", "X"], ["serve", "--port", "0"]]
)
def test_a_site_yml_that_is_a_folder_is_a_configuration_error(
    tmp_path: Path, command: list[str]
) -> None:
    hub = make_site(tmp_path / "hub", {**GOOD, "site.yml/settings.yml": SITE_YML}, site_yml=None)
    run = run_cli("-C", hub, *command)
    assert run.code == 2, run.err
    assert run.err == (
        "site.yml: error: cannot be read: Is a directory\n"
        "  hint: move the folder site.yml away, and write the hub's settings in a file so named\n"
    )
    assert not (hub / "public").exists()


def test_a_command_s_options_are_taken_before_its_name_too(tmp_path: Path) -> None:
    hub = make_site(tmp_path / "hub", WARNED_PAGE)
    run = run_cli("--strict", "-C", hub, "check")
    assert run.code == 1, run.err
    assert run.err.splitlines()[-1] == "Check failed: 1 error, 0 warnings; nothing was written"
    draft = {**GOOD, "content/d.md": "---\ntitle: D\ndraft: true\n---\n"}
    hub = make_site(tmp_path / "drafts", draft)
    run = run_cli("-o", tmp_path / "out", "--drafts", "-C", hub, "build", "--no-search")
    assert run.code == 0, run.err
    assert (tmp_path / "out/d/index.html").is_file()


def test_an_option_before_a_command_that_has_none_such_is_told_by_that_command() -> None:
    run = run_cli("--strict", "init", "somewhere")
    assert run.code == 2
    assert run.err.splitlines()[-1] == (
        "recordhub init: error: unrecognized arguments: --strict; "
        "--strict is an option of build and check, not of init"
    )


def test_a_hub_in_a_folder_whose_name_is_no_utf8_is_checked(tmp_path: Path) -> None:
    hub = make_site(tmp_path / "hub\udcffname", GOOD)  # the byte 0xFF, as Python names it
    run = run_cli("-C", hub, "check")
    assert run.code == 0, run.err
    assert run.out.startswith("Checked 4 pages in ")


def test_a_folder_inside_a_hub_is_told_where_the_hub_is(tmp_path: Path) -> None:
    hub = make_site(tmp_path / "the hub", {**GOOD, "content/faq/q.md": "---\ntitle: Q\n---\n"})
    run = run_cli("-C", hub / "content" / "faq", "build")
    assert run.code == 2, run.err
    assert run.err == (
        f"site.yml: error: no site.yml in {hub / 'content' / 'faq'}\n"
        f"  hint: this folder is inside the hub in {hub}: run the command there, "
        f"or give -C '{hub}'\n"
    )


@pytest.mark.parametrize(
    ("words", "written", "title"),
    [
        (["new", "page", "-30%"], "content/30.md", '"-30%"'),
        (["new", "-C", "{hub}", "claim", "-Myth"], "content/claims/myth.md", '"-Myth"'),
    ],
)
def test_new_takes_a_one_word_title_that_begins_with_a_dash(
    tmp_path: Path, words: list[str], written: str, title: str
) -> None:
    hub = make_site(tmp_path / "hub", GOOD)
    run = run_cli("-C", hub, *(word.format(hub=hub) for word in words))
    assert run.code == 0, run.err
    assert (hub / written).read_text().startswith(f"---\ntitle: {title}\n")


def test_new_still_takes_a_double_dash_word_for_a_mistyped_option(tmp_path: Path) -> None:
    hub = make_site(tmp_path / "hub", GOOD)
    run = run_cli("-C", hub, "new", "page", "--drafts")
    assert run.code == 2
    assert (
        run.err.splitlines()[-1]
        == "recordhub new: error: the following arguments are required: title"
    )


def test_a_title_without_quotes_is_told_to_be_quoted(tmp_path: Path) -> None:
    hub = make_site(tmp_path / "hub", GOOD)
    run = run_cli("-C", hub, "new", "claim", "Our", "CEO", "is", "a", "robot")
    assert run.code == 2
    assert run.err.splitlines()[-1] == (
        "recordhub new: error: unrecognized arguments: CEO is a robot; "
        'give the title in quotes: recordhub new claim "Our CEO is a robot"'
    )
    assert not (hub / "content/claims").exists()


def test_help_as_a_command_says_where_help_is() -> None:
    run = run_cli("help")
    assert run.code == 2
    assert run.err.splitlines()[-1] == (
        "recordhub: error: argument COMMAND: invalid choice: 'help' (choose from 'build', "
        "'check', 'serve', 'init', 'new'); for help, run recordhub --help, or "
        "recordhub COMMAND --help"
    )


@pytest.mark.parametrize("given", [[], ["--debug"], ["-C", "hub"]])
def test_no_command_is_told_with_the_commands_there_are(given: list[str]) -> None:
    run = run_cli(*given)
    assert run.code == 2
    assert run.err.splitlines()[-1] == (
        "recordhub: error: the following arguments are required: COMMAND (build, check, serve, "
        "init or new; recordhub --help says what each does)"
    )


def test_a_folder_given_to_build_without_o_is_told_how_to_give_it(tmp_path: Path) -> None:
    hub = make_site(tmp_path / "hub", GOOD)
    run = run_cli("-C", hub, "build", "my site")
    assert run.code == 2
    assert run.err.splitlines()[-1] == (
        "recordhub build: error: unrecognized arguments: my site; "
        "to build into that folder, give -o 'my site'"
    )
    assert not (hub / "public").exists()


def test_a_tilde_the_shell_left_is_the_home_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    hub = make_site(tmp_path / "home" / "hub", GOOD)
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.chdir(tmp_path)
    run = run_cli("-C", "~/hub", "build", "--no-search", "--output=~/site")
    assert run.code == 0, run.err
    assert (tmp_path / "home" / "site" / "index.html").is_file()
    assert not (tmp_path / "~").exists()
    assert not (hub / "public").exists()


def test_an_option_before_the_command_is_taken_by_the_start_of_its_name(tmp_path: Path) -> None:
    hub = make_site(tmp_path / "hub", GOOD)
    run = run_cli("--ro", hub, "--out", tmp_path / "out", "--no-se", "build")
    assert run.code == 0, run.err
    assert (tmp_path / "out" / "index.html").is_file()
    assert not (tmp_path / "out" / "pagefind").exists()


@pytest.mark.parametrize(
    ("command", "said"),
    [
        (
            ["serve", "--drafts"],
            "recordhub serve: error: unrecognized arguments: --drafts; "
            "--drafts is an option of build and check, not of serve",
        ),
        (
            ["check", "--no-search"],
            "recordhub check: error: unrecognized arguments: --no-search; "
            "--no-search is an option of build, not of check",
        ),
    ],
)
def test_an_option_of_another_command_is_told_as_such(command: list[str], said: str) -> None:
    run = run_cli(*command)
    assert run.code == 2
    assert run.err.splitlines()[-1] == said


@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
def test_make_serve_leaves_the_port_to_recordhub_unless_one_is_given() -> None:
    # `recordhub serve` moves on to the next free port when 8000 is busy, as the README says
    # of the preview; `--port 8000` would stop instead
    def serve(*given: str) -> str:
        # not as a sub-make of `make test`, whose settings would come along
        outer = ("PORT", "MAKEFLAGS", "MFLAGS", "MAKELEVEL")
        env = {k: v for k, v in os.environ.items() if k not in outer}
        run = subprocess.run(
            ["make", "-n", "--no-print-directory", "-o", ".venv/.installed-stamp", "serve", *given],
            cwd=Path(__file__).parents[2],
            env=env,
            capture_output=True,
            text=True,
            check=True,
        )
        return next(line for line in run.stdout.splitlines() if " serve" in line).rstrip()

    assert serve() == ".venv/bin/recordhub serve"
    assert serve("PORT=8001") == ".venv/bin/recordhub serve --port 8001"


def test_each_command_s_help_says_what_it_does_and_what_c_names_there() -> None:
    said = {command: run_cli(command, "--help") for command in ("build", "init")}
    assert all(run.code == 0 for run in said.values())
    assert " ".join(said["build"].out.split()).count(
        "Check every page and write the site into public/ (or -o); when anything is wrong, "
        "list every problem and leave the previous output as it was."
    )
    # init makes its folder in -C's, which holds no hub yet
    assert "-C ROOT, --root ROOT  the folder to make the new hub's folder in" in said["init"].out
    assert "the hub's folder" not in said["init"].out.split("options:")[1]
