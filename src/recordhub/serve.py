"""``recordhub serve``: the preview server, with live reload and an error overlay."""

from __future__ import annotations

import asyncio
import datetime as dt
import socket
import sys
import tempfile
import threading
import webbrowser
from collections.abc import Callable
from pathlib import Path
from urllib.parse import quote

from livereload.handlers import LiveReloadHandler
from tornado import httpserver, ioloop, web
from tornado.log import access_log

from recordhub import interrupts, listening, previewheaders, recycle, search, watch
from recordhub.diagnostics import counted
from recordhub.handlers import Files, PreviewAsset, ReloadScript, State
from recordhub.outcome import Outcome
from recordhub.preview import Preview
from recordhub.previewsocket import Socket
from recordhub.uptodate import clock

DEFAULT_PORT = 8000
LOCAL_HOSTS = ("127.0.0.1", "localhost", "::1", "[::1]")
# what preview.js reloads in place (theme/preview/preview.js, IMAGE)
_IMAGES = (".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp", ".avif", ".ico", ".bmp")


# entries of the preview folder from which it is deleted after the preview exits: fewer take
# a tenth of a second or so, and are gone by the time the preview has stopped
DELETED_AFTER_EXIT = 4000


class _Alarm:
    """Rebuilds once the next date that decides what pages show has passed (an embargo ends, a
    page expires), though no file changed: the preview shows what a build would write now."""

    def __init__(self, wake: Callable[[], None]) -> None:
        self._wake = wake
        self._timer: threading.Timer | None = None

    def set(self, when: dt.datetime | None) -> None:
        """Wake at when (None: never); at least once a day, so a far date needs no long wait."""
        self.stop()
        # a clock fixed by SOURCE_DATE_EPOCH never reaches the date: no rebuild would show it
        fixed = abs((clock() - dt.datetime.now(dt.UTC)).total_seconds()) > 1
        if when is not None and not fixed:
            delay = min(max((when - clock()).total_seconds(), 0.0) + 0.01, 86400.0)
            self._timer = threading.Timer(delay, self._wake)
            self._timer.daemon = True
            self._timer.start()

    def stop(self) -> None:
        """Wake no more."""
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None


def _say(outcome: Outcome, shown: bool) -> None:
    """Report a rebuild; shown says whether a good build is there to keep showing."""
    from recordhub.diagnostics import report

    if outcome.settling:
        what = f"{outcome.vanished} went away" if outcome.vanished else f"{outcome.moving} changed"
        print(
            f"note: {what} while the preview read it; rebuilding once files stop changing",
            file=sys.stderr,
            flush=True,
        )
        return
    if outcome.problems:
        report(outcome.problems, sys.stderr)
    if outcome.ok:
        print(
            f"Rebuilt in {outcome.seconds * 1000:.0f} ms: "
            f"{counted(len(outcome.changed), 'file')} changed",
            flush=True,
        )
    elif shown:
        print(
            "Build failed; the preview keeps the last good pages and shows the error.",
            file=sys.stderr,
            flush=True,
        )
    else:  # nothing was ever built: every address shows the error until it is fixed
        print(
            "Build failed; the preview shows the error on every page until it is fixed, and "
            "keeps watching.",
            file=sys.stderr,
            flush=True,
        )


def _reloads(outcome: Outcome, was_failing: bool, new_headers: bool = False) -> list[str]:
    """The paths to send the browsers: stylesheets and images to fetch again, then the page."""
    if outcome.ok and not outcome.changed and not was_failing:
        return []
    scripts = [rel for rel in outcome.changed if rel.endswith((".js", ".mjs"))]
    if new_headers:  # a page swapped in place keeps the policy it was loaded with
        scripts.insert(0, "_headers")
    if scripts:
        return scripts[:1]  # a changed script only runs in a reloaded page, so one is enough
    # a stylesheet or an image keeps its address in the preview: livereload.js swaps in a
    # stylesheet under a new one, and preview.js each image; a page swapped in at the same
    # time keeps neither the old stylesheet nor the old image, which the browser would reuse
    swapped = [rel for rel in outcome.changed if rel.lower().endswith((".css", *_IMAGES))]
    if outcome.ok and not was_failing and len(swapped) == len(outcome.changed):
        return swapped
    return [*swapped, "*"]


def _notify(outcome: Outcome, was_failing: bool, new_headers: bool) -> None:
    """Tell every connected browser what to reload, after the files are written."""
    paths = _reloads(outcome, was_failing, new_headers)
    for waiter in list(LiveReloadHandler.waiters):
        for path in paths:
            try:
                waiter.write_message(
                    {"command": "reload", "path": path, "liveCSS": True, "liveImg": True}
                )
            except Exception:  # a closed tab must not stop the others
                LiveReloadHandler.waiters.discard(waiter)


def _log(handler: web.RequestHandler) -> None:
    """A request's line, as tornado writes it, with a long address cut short: a request for a
    60,000-character path would otherwise fill the terminal."""
    request, status = handler.request, handler.get_status()
    uri = request.uri or ""
    shown = uri if len(uri) <= 200 else f"{uri[:200]}... ({len(uri)} characters)"
    log = access_log.info if status < 400 else access_log.warning
    log(
        "%d %s %s (%s) %.2fms",
        status,
        request.method,
        shown,
        request.remote_ip,
        1000.0 * request.request_time(),
    )


def _serve_in_thread(app: web.Application, sockets: list[socket.socket]) -> ioloop.IOLoop:
    """Start the HTTP and WebSocket server on its own thread; return its loop."""
    started = threading.Event()
    holder: list[ioloop.IOLoop] = []

    def serve() -> None:
        asyncio.set_event_loop(asyncio.new_event_loop())
        loop = ioloop.IOLoop.current()
        httpserver.HTTPServer(app).add_sockets(sockets)
        holder.append(loop)
        started.set()
        loop.start()

    threading.Thread(target=serve, name="recordhub-http", daemon=True).start()
    started.wait()
    return holder[0]


def run(
    root: Path,
    host: str,
    port: int | None,
    open_browser: bool,
    drafts: bool,
    poll: bool,
    debug: bool = False,
) -> int:
    """Serve the preview until Ctrl-C; never stops because a build failed."""
    sockets, bound = listening.bind(
        host, DEFAULT_PORT if port is None else port, explicit=port is not None
    )
    workdir = Path(tempfile.mkdtemp(prefix="recordhub-preview-"))
    folder = workdir / "site"
    folder.mkdir()
    preview = Preview(root, folder, drafts=drafts, debug=debug)
    debouncer: watch.Debouncer | None = None
    alarm: _Alarm | None = None
    observer = None
    loop: ioloop.IOLoop | None = None
    indexer: search.Background | None = None
    try:
        # watched from before the first build: a save made while it runs is one more change
        debouncer = rebuilds = watch.Debouncer(lambda paths: changed(paths), thread=False)
        # the hub's own folder as the change: no file to read again, only a full rebuild
        alarm = _Alarm(lambda: rebuilds.add({root}))
        ignored = [workdir, root / ".recordhub-cache", root / "public"]
        observer, how = watch.start(root, ignored, debouncer.add, poll=poll)
        first = preview.rebuild(None)
        _say(first, preview.last is not None)
        while first.settling:  # ends: a file that keeps going away becomes an error
            first = preview.rebuild(None)
            _say(first, preview.last is not None)
        alarm.set(preview.last.boundary if preview.last is not None else None)
        exposed = host not in LOCAL_HOSTS
        hosts = frozenset({"127.0.0.1", "localhost", "::1", host.strip("[]").lower()})
        state = State(folder, hosts, bound, any_host=host in {"0.0.0.0", "::"}, preview=preview)
        app = web.Application(
            [
                (r"/livereload", Socket, {"state": state}),
                (r"/livereload\.js", ReloadScript),
                (r"/__recordhub/(overlay\.css|preview\.js)", PreviewAsset),
                (r"/.*", Files, {"state": state}),
            ],
            log_function=_log,
        )
        loop = _serve_in_thread(app, sockets)
        failing = [not first.ok]

        def changed(paths: set[Path]) -> None:
            sent = previewheaders.sent_from(folder)
            outcome = preview.rebuild(paths)
            alarm.set(preview.last.boundary if preview.last is not None else None)
            if not outcome.ok and not outcome.settling and rebuilds.waiting():
                return  # files changed meanwhile (a checkout): the next rebuild tells of them
            _say(outcome, preview.last is not None)
            if outcome.settling:  # the same again once the checkout or copy is over
                rebuilds.add(paths)
                return
            was = failing[0]
            failing[0] = not outcome.ok
            loop.add_callback(_notify, outcome, was, previewheaders.sent_from(folder) != sent)
            if outcome.ok and any(rel.endswith(".html") for rel in outcome.changed):
                background.request()  # after the reload was sent: search never delays it

        background = indexer = search.Background(folder)
        if first.ok:
            background.request()
        if how not in {"inotify", "polling"}:
            print(f"warning: {how}", file=sys.stderr)
        display = f"[{host}]" if ":" in host else host
        url = f"http://{display}:{bound}{quote(state.site_root(), safe='/')}"
        if exposed:
            print(
                f"warning: the preview is reachable from other machines at {url}; it shows "
                "drafts and embargoed pages",
                file=sys.stderr,
            )
        print(
            f"Serving the preview at {url} (watching by {'polling' if poll else how}; "
            "Ctrl-C to stop)",
            flush=True,
        )
        if open_browser:
            threading.Timer(0.2, webbrowser.open, [url]).start()
        # rebuilds run on the main thread, where a page's conversion time limit (a signal)
        # can stop a pathological page; the HTTP server answers from its own thread
        debouncer.run()
    finally:
        # a second Ctrl-C, or the terminal closed after the first, must not cut the clean-up
        # short and leave the preview folder, drafts and all, in the temporary folder; the
        # signal that stopped the server decides how it ends
        with interrupts.Held(deliver=sys.exc_info()[0] is None):
            if indexer is not None:
                indexer.stop()
            if alarm is not None:
                alarm.stop()
            if loop is not None:
                loop.add_callback(loop.stop)
            if observer is not None:
                observer.stop()
            if debouncer is not None:
                debouncer.stop(timeout=0.5)
            for sock in sockets:
                sock.close()
            # deleting a big hub's preview (30,000 files at 10,000 pages) takes a second or
            # more, and Ctrl-C must end the preview at once: a detached process deletes it
            big = recycle.larger_than(workdir, DELETED_AFTER_EXIT)
            recycle.discard(workdir, background=big)
    return 0
