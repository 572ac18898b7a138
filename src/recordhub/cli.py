"""The ``recordhub`` command; imports the pipeline only once a command needs it."""

from __future__ import annotations

import argparse
import contextlib
import gc
import io
import os
import select
import shlex
import signal
import sys
import time
from pathlib import Path
from types import FrameType
from typing import NoReturn

from recordhub import __version__
from recordhub.arguments import parse

EXIT_OK, EXIT_CONTENT, EXIT_USAGE, EXIT_INTERRUPT, EXIT_TERMINATED = 0, 1, 2, 130, 143
EXIT_HANGUP = 129  # the terminal was closed (SIGHUP)
EXIT_PIPE = 141  # what a shell reports of a program whose reader went away (SIGPIPE)


class Terminated(BaseException):
    """SIGTERM or SIGHUP, raised where the program is so that clean-up runs as for Ctrl-C."""

    def __init__(self, signum: int = signal.SIGTERM) -> None:
        super().__init__(signum)
        self.signum = signum


def _last_word(text: str) -> None:
    """Say why the program stopped, unless the terminal is gone (it was closed: SIGHUP)."""
    with contextlib.suppress(OSError):
        print(text, file=sys.stderr, flush=True)


def _reader_gone() -> bool:
    """True when standard output's reader has gone (a pipe whose other end is closed, which
    poll reports as an error); it then leads nowhere, so that the last flush at exit is quiet."""
    try:
        fd = sys.stdout.fileno()
        poller = select.poll()
        poller.register(fd, select.POLLOUT)
        gone = any(events & select.POLLERR for _, events in poller.poll(0))
    except (OSError, ValueError, AttributeError):  # no such file, or no poll on this system
        return False
    if gone:
        os.dup2(os.open(os.devnull, os.O_WRONLY), fd)
    return gone


def main(argv: list[str] | None = None) -> int:
    """Run one command and return its exit code."""
    args = parse(argv)
    debug = bool(getattr(args, "debug", False))

    def on_term(signum: int, frame: FrameType | None) -> None:
        raise Terminated(signum)

    hangup = getattr(signal, "SIGHUP", None)
    stopping = [signal.SIGTERM] if hangup is None else [signal.SIGTERM, hangup]
    previous = {signum: signal.signal(signum, on_term) for signum in stopping}
    try:
        return _run(args)
    except KeyboardInterrupt:
        _last_word("interrupted")
        return EXIT_INTERRUPT
    except Terminated as stopped:
        if stopped.signum == hangup:
            _last_word("hung up")
            return EXIT_HANGUP
        _last_word("terminated")
        return EXIT_TERMINATED
    except Exception as exc:
        from recordhub.diagnostics import ConfigError, DiagnosticError, report

        if isinstance(exc, DiagnosticError):
            report(exc.diagnostics, sys.stderr)
            return EXIT_USAGE if isinstance(exc, ConfigError) else EXIT_CONTENT
        if isinstance(exc, BrokenPipeError) and _reader_gone():  # `recordhub check | head`
            return EXIT_PIPE
        if debug:
            raise
        from recordhub.workers import WorkerLost

        if isinstance(exc, WorkerLost):  # stopped from outside, no fault of recordhub's
            print(
                "error: a worker process of the build was killed before it finished "
                "(by kill -9, or by the system when memory ran out)\n"
                "  hint: build again; the previous output is unchanged",
                file=sys.stderr,
            )
            return EXIT_CONTENT
        if isinstance(exc, OSError):
            hub = getattr(args, "root", Path.cwd())
            if exc.filename == str(hub.resolve() / "site.yml"):  # there, but a folder, say
                from recordhub.hubroot import unreadable

                report([unreadable(exc)], sys.stderr)
                return EXIT_USAGE
            from recordhub.oserrors import told

            print(told(exc, hub), file=sys.stderr)
            return EXIT_CONTENT
        print(f"internal error: {type(exc).__name__}: {exc}", file=sys.stderr)
        print("  hint: run again with --debug for the traceback", file=sys.stderr)
        return EXIT_CONTENT
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)


def console() -> NoReturn:
    """The installed ``recordhub`` command: main, then exit with its code."""
    code = main()
    # Every file is closed and every worker has ended by now. The interpreter's teardown would
    # only free, object by object, what the build left (30 ms of a one-edit build at 10,000
    # pages), so the process ends here once what it printed is out, as mypy's does.
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError):  # a reader that went away: nothing lost
            stream.flush()
    os._exit(code)


def _run(args: argparse.Namespace) -> int:
    if args.command == "init":
        from recordhub.hubinit import init

        target = args.root / args.dir  # -C names where the new folder goes
        init(target)
        if target.resolve() == Path.cwd().resolve():  # `recordhub init .`: no cd to give
            print("Created a new hub in this folder. Next: recordhub serve")
            return EXIT_OK
        # cd reads a folder named -hub as its options: ./-hub is the same folder
        dashed = str(target).startswith("-")
        where = shlex.quote(f"./{target}" if dashed else str(target))
        print(f"Created a new hub in {target}. Next: cd {where} && recordhub serve")
        return EXIT_OK
    from recordhub import uptodate

    uptodate.clock()  # a SOURCE_DATE_EPOCH that is no time is told before any work starts
    root = args.root.resolve()
    hint = "give -C the hub's folder, the one that holds site.yml"
    try:
        found = root.is_dir()
        what = "a file, not a folder" if root.exists() else "a folder that does not exist"
    except OSError as exc:  # a folder it may not look into, a name too long for the disk
        found, what = False, f"a folder that cannot be opened ({exc.strerror or exc})"
        hint = "check the folder's name, and that you may open every folder on its path"
    if not found:
        from recordhub.diagnostics import ConfigError, error

        raise ConfigError([error(str(args.root), None, None, f"-C names {what}", hint)])
    if args.command == "serve":
        from recordhub import hubroot
        from recordhub.serve import run

        # a folder that is no hub is told at once; a hub's site.yml that breaks while it is
        # served is shown in the browser, and the server waits for the fix
        hubroot.require(root)
        return run(root, args.host, args.port, args.open, not args.no_drafts, args.poll, args.debug)
    if args.command == "new":
        from recordhub import config, placement
        from recordhub.diagnostics import report
        from recordhub.scaffold import new_page

        site = config.load(root)
        path = new_page(site, args.type, args.title)
        print(
            f"Wrote {path.relative_to(root)}, a draft: the preview shows it, a build leaves it "
            "out until its draft: true line is removed"
        )
        report(placement.held_back(site, path), sys.stderr)
        return EXIT_OK
    return _build(root, args)


def _build(root: Path, args: argparse.Namespace) -> int:
    started = time.perf_counter()
    out = None
    if args.command == "build":
        out = args.output if args.output is not None else root / "public"
        out = out if out.is_absolute() else Path.cwd() / out
    last = None
    if out is not None:  # before anything reads or writes the cache, which may be out itself
        from recordhub import outfolder

        outfolder.check_target(out, root)
    if out is not None and not args.no_cache and not getattr(args, "external", False):
        from recordhub import uptodate

        asked = [__version__, args.drafts, args.future, args.strict, args.precompress]
        last = uptodate.Check(root, out, [*asked, args.no_search, args.base_url, str(out)])
        record = last.unchanged(uptodate.clock())
        if record is not None:  # every file as the last build left it: its output stands
            sys.stderr.write(record.report)
            print(
                f"Built {record.pages} pages, {record.files} files in "
                f"{time.perf_counter() - started:.2f} s ({record.converted} from cache, "
                f"{record.pages} pages unchanged: nothing changed since the last build) "
                f"into {out}: {record.tally}"
            )
            return EXIT_OK

    # importing the pipeline makes some 100,000 objects and no garbage: the collector's passes
    # over them are wasted while they are made, and frozen they stay out of the build's passes
    gc.disable()
    try:
        from recordhub import config
        from recordhub.build import BuildOptions, build
        from recordhub.diagnostics import Severity, counted, hardened, report
        from recordhub.progress import Progress
    finally:
        gc.enable()
    gc.freeze()

    site = config.load(root, base_url=args.base_url)
    options = BuildOptions(
        out=out,
        drafts=args.drafts,
        future=args.future,
        strict=args.strict,
        precompress=getattr(args, "precompress", False),
        external=getattr(args, "external", False),
        cache=not args.no_cache,
        search=args.command == "build" and not args.no_search,
    )
    progress = Progress(sys.stderr)
    try:
        result = build(site, options, progress)
    finally:
        progress.close()
    if args.strict:  # what made a strict build fail is told as an error
        result.diagnostics = hardened(result.diagnostics)
    printed = io.StringIO()
    report(result.diagnostics, printed)
    sys.stderr.write(printed.getvalue())
    counts = {s: sum(d.severity is s for d in result.diagnostics) for s in Severity}
    tally = ", ".join(
        counted(n, word)
        for word, n in (
            ("error", counts[Severity.ERROR]),
            ("warning", counts[Severity.WARNING]),
            ("notice", counts[Severity.NOTICE]),
        )
        if n or word != "notice"
    )
    if result.failed(args.strict):
        what = "Build" if out is not None else "Check"
        print(f"{what} failed: {tally}; nothing was written", file=sys.stderr)
        return EXIT_CONTENT
    if last is not None:
        made = (result.pages, result.files, result.converted)
        last.save(result.boundary, printed.getvalue(), made, tally, result.placed, options.now)
    hits = f"{result.cache_hits} from cache" if options.cache else "cache off"
    if result.reused:
        hits += f", {counted(result.reused, 'page')} unchanged"
    if out is None:
        summary = f"Checked {result.pages} pages in {result.seconds:.2f} s ({hits}): {tally}"
    else:
        summary = (
            f"Built {result.pages} pages, {result.files} files in {result.seconds:.2f} s "
            f"({hits}) into {out}: {tally}"
        )
    try:
        print(summary, flush=True)
    except BrokenPipeError:
        raise  # `recordhub check | head`: told apart by main
    except OSError as exc:  # stdout on a full disk: the site is in place all the same
        done = "checked" if out is None else f"built into {out}"
        print(
            f"error: the site was {done}, but this summary could not be written: "
            f"{(exc.strerror or str(exc)).lower()}\n"
            "  hint: free some space where the command's output goes, and run it again to see it",
            file=sys.stderr,
        )
        return EXIT_CONTENT
    return EXIT_OK
