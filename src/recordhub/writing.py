"""Writing a build's outputs: pages carried over, or rendered, on all cores when there are many.

Rendering a page is the larger part of a build. With many pages to render, worker processes
forked after the site is planned (so they share it without copying) each render a share into
the temporary output folder and send back only what the checks need: the file's size and
digest, what it links to and offers as anchors, and the theme strings it showed in the default
language. Everything else is written here, in order.
"""

from __future__ import annotations

import functools
import hashlib
import os
import posixpath
from collections.abc import Callable, Iterable
from pathlib import PurePosixPath
from typing import TypeVar

from msgspec import Struct, field

from recordhub import checks, copied, destinations, htmlscan, output, plan, recycle, reuse, workers
from recordhub.converted import Store
from recordhub.diagnostics import Diagnostic, DiagnosticError, notice
from recordhub.htmlscan import Kept
from recordhub.pagereads import now as shown_now
from recordhub.pagereads import reading as pages_read
from recordhub.pagereads import reads
from recordhub.pages import Page
from recordhub.render import Renderer

Value = TypeVar("Value")
PARALLEL_FROM = 64  # pages to render; below this, starting processes costs more than it saves


class Written(Struct):
    """What the checks need of the pages, and what went wrong rendering them."""

    checked: dict[str, checks.Checked] = field(default_factory=dict)
    problems: list[Diagnostic] = field(default_factory=list)
    carried: int = 0
    withheld: list[str] = field(default_factory=list)  # content files no shown page links to


class _Painted(Struct, frozen=True):
    index: int
    size: int
    digest: str
    scan: Kept
    fallbacks: list[tuple[str, str]]
    read: reuse.Read
    redone: tuple[str, ...]  # bodies the store lost, converted again to render the page


# inherited by forked workers
_Shared = tuple[list[plan.Output], output.Writer, Renderer, dict[str, Page], Store]
_SHARED: _Shared | None = None


def write_all(
    outputs: list[plan.Output],
    writer: output.Writer,
    renderer: Renderer,
    previous: reuse.Previous,
    store: Store,
    fresh: Callable[[plan.Output], bool],
    progress: Callable[[int, int], None] | None = None,
    root: str = "/",
) -> Written:
    """Write every output; fresh(item) says a page may not be carried over from before; store
    learns of the bodies that workers converted again, their entries lost (convert.Loader)."""
    result = Written()
    strings = renderer.strings
    pages = [i for i in outputs if i.page is not None and i.rel.endswith(".html") and i.render]
    by_url = {i.page.url: i.page for i in pages if i.page is not None}
    now = functools.partial(shown_now, by_url=by_url)
    to_render: list[plan.Output] = []
    for item in pages:
        carried = None if fresh(item) else previous.take(item.rel, item.key, now)
        if carried is None:
            to_render.append(item)
            continue
        taken = (item.rel, carried.path, carried.size, carried.digest, item.origin)
        ok, same = _guarded(result, writer.link, *taken)
        if ok:
            found = (carried.scan, carried.fallbacks, carried.read, carried.stat if same else None)
            _checked(result, writer, renderer, previous, item, *found)
            result.carried += 1
    total = len(pages)
    if progress:
        progress(result.carried, total)

    def rendered(count: int) -> None:
        if progress:
            progress(result.carried + count, total)

    painted = None
    if _parallel(to_render, writer):
        painted = _in_workers(to_render, writer, renderer, rendered, by_url, store)
    if painted is not None:
        for paint in painted:
            item = to_render[paint.index]
            if _guarded(result, writer.adopt, item.rel, item.origin, paint.size, paint.digest)[0]:
                shows = (paint.scan, paint.fallbacks, paint.read)
                _checked(result, writer, renderer, previous, item, *shows)
    else:
        for done, item in enumerate(to_render, start=1):
            strings.fallbacks.clear()
            with pages_read() as others:
                ok, text = _guarded(result, produce, item, writer)
            if not ok:
                continue
            scan = htmlscan.kept(htmlscan.scan(text or ""))
            fallbacks = sorted(strings.fallbacks)
            read = reads(others, item.page, by_url)
            _checked(result, writer, renderer, previous, item, scan, fallbacks, read)
            rendered(done)
    done_pages = {id(item) for item in pages}
    left, notices = settle(outputs, result.checked, root)
    result.withheld, result.problems = sorted(left), result.problems + notices
    for item in outputs:  # feeds, assets and the deploy files, in order
        if id(item) not in done_pages and item.rel not in left:
            _guarded(result, produce, item, writer)
    return result


def settle(
    outputs: list[plan.Output], checked: dict[str, checks.Checked], root: str
) -> tuple[set[str], list[Diagnostic]]:
    """Add each published HTML file copied as it is to checked (unless there already: the
    preview keeps those unchanged), and give what withheld() gives, with the copies' links
    counted as a page's are."""
    copies = [item for item in outputs if item.copied_html and item.rel not in checked]
    checked.update(copied.scanned((item for item in copies if not item.held_by), root))
    left, notices = withheld(outputs, checked, root)
    held = (item for item in copies if item.held_by and item.rel not in left)
    checked.update(copied.scanned(held, root))  # held back, and then a page linked to it
    for rel in left & checked.keys():  # kept from the preview's last rebuild, now held back
        del checked[rel]
    return left, notices


def withheld(
    outputs: list[plan.Output], checked: dict[str, checks.Checked], root: str
) -> tuple[set[str], list[Diagnostic]]:
    """The content files only hidden pages name that no written page links to either (by
    an address, or through its template), with a notice for each."""
    held = [item for item in outputs if item.held_by]
    if not held:
        return set(), []
    wanted = linked(checked.values(), root)
    left = [item for item in held if item.rel not in wanted]
    return {item.rel for item in left}, [_withheld(item) for item in left]


def linked(pages: Iterable[checks.Checked], root: str) -> set[str]:
    """The files that these written pages link to or load."""
    found = set()
    for item in pages:
        for link in htmlscan.split(item.scan.links):
            target = destinations.resolve(item.url, link, root)
            if target is not None:
                found.add(target[0])
    return found


def _withheld(item: plan.Output) -> Diagnostic:
    pages = ", ".join(f"content/{rel}" for rel in item.held_by)
    (first, *_), folder = item.held_by, posixpath.dirname(item.held_by[0])
    if first.endswith("_index.md") and item.rel.startswith(f"{folder}/"):  # in its folder
        message = f"not published: it is in the section of content/{first}, which is not published"
        hint = "it is published with its section, or once a published page links to it"
        return notice(item.origin, None, None, message, hint)
    one = len(item.held_by) == 1
    state = "is a draft, embargoed or expired" if one else "are drafts, embargoed or expired"
    message = f"not published: only {pages} {'links' if one else 'link'} to it, which {state}"
    hint = "it is published once a published page links to it"
    return notice(item.origin, None, None, message, hint)


def _guarded(
    result: Written, step: Callable[..., Value], *args: object
) -> tuple[bool, Value | None]:
    """Run one write; on an error, note it (once: a broken template line fails every page
    that uses it) and go on with the others, so that one build reports every problem."""
    try:
        return True, step(*args)
    except DiagnosticError as exc:
        result.problems += [d for d in exc.diagnostics if d not in result.problems]
        return False, None


def produce(item: plan.Output, writer: output.Writer) -> str | None:
    """Render or copy one planned output through the writer; return rendered text."""
    if item.blob is not None:
        writer.write_bytes(item.rel, item.blob, item.origin)
        return None
    if item.source is not None:
        writer.copy(item.rel, item.source, item.origin)
        return None
    text = (item.text if item.render is None else item.render()) or ""
    writer.write_text(item.rel, text, item.origin)
    return text


def _checked(
    result: Written,
    writer: output.Writer,
    renderer: Renderer,
    previous: reuse.Previous,
    item: plan.Output,
    scan: Kept,
    fallbacks: list[tuple[str, str]],
    read: reuse.Read,
    stat: reuse.Stat | None = None,  # known already for a file carried over
) -> None:
    page = item.page
    assert page is not None
    for lang, key in fallbacks:  # the warning, once, as rendering here would have given it
        renderer.strings.get(lang, key)
    result.checked[item.rel] = checks.Checked(scan, page.url, page, renderer.template_path(page))
    if item.rel in writer.files and writer.tmp is not None:  # not for `check`
        stat = stat or reuse.stat_of(os.path.join(writer.tmp, item.rel))
        previous.note(item.rel, item.key, writer.files[item.rel], scan, fallbacks, stat, read)


def _parallel(items: list[plan.Output], writer: output.Writer) -> bool:
    cores = os.cpu_count() or 1
    # `check` renders on all cores too, and its workers write nothing
    return len(items) >= PARALLEL_FROM and cores > 1 and workers.fork_is_safe()


def _in_workers(
    items: list[plan.Output],
    writer: output.Writer,
    renderer: Renderer,
    progress: Callable[[int], None],
    by_url: dict[str, Page],
    store: Store,
) -> list[_Painted] | None:
    """Render items on all cores (into the temporary folder, if any); None if any failed."""
    global _SHARED
    count = min(os.cpu_count() or 1, 8)
    # at most a quarter of a worker's part: the progress line moves as each share ends
    most = max(16, len(items) // (count * 4))
    chunks = [list(cut) for cut in workers.shares(len(items), count, 16, most)]
    results: list[_Painted] = []
    failed: list[int] = []

    def done(index: int, painted: list[_Painted] | int) -> None:
        if isinstance(painted, int):
            failed.append(painted)
        else:  # what it converted again, told even if another share fails: else "from cache"
            store.redone.update(key for paint in painted for key in paint.redone)
            results.extend(painted)
            progress(len(results))

    _SHARED = (items, writer, renderer, by_url, store)
    try:
        workers.run(_paint_chunk, chunks, count, workers.start, (), done)
    finally:
        _SHARED = None
    if failed:
        return None  # rendered again here, in order, to report exactly as a serial build
    return sorted(results, key=lambda p: p.index)


def _paint_chunk(indexes: list[int]) -> list[_Painted] | int:
    """In a worker: render and write these items; the index of the first that fails."""
    assert _SHARED is not None
    items, writer, renderer, by_url, store = _SHARED
    tmp = writer.tmp
    painted = []
    real: set[str] = set()  # folders of the reused tree already made real
    store.redone.clear()  # the worker's own copy: it tells only what it converts again
    for index in indexes:
        item = items[index]
        renderer.strings.fallbacks.clear()
        try:
            with pages_read() as others:
                text = item.render() if item.render else ""
        except DiagnosticError:
            return index
        data = text.encode("utf-8")
        if tmp is not None:  # None for `check`
            path = tmp / PurePosixPath(item.rel)
            if writer.reused:  # what the reused folder holds there may be a link to a live file
                recycle.make_way(str(tmp), str(path), real)
            else:
                path.parent.mkdir(parents=True, exist_ok=True)
            writer.linker.write(str(path), data, item.rel)
        digest = hashlib.sha256(data).hexdigest()
        fallbacks = sorted(renderer.strings.fallbacks)
        scan = htmlscan.kept(htmlscan.scan(text))
        read = reads(others, item.page, by_url)
        redone = tuple(store.redone)
        store.redone.clear()
        painted.append(_Painted(index, len(data), digest, scan, fallbacks, read, redone))
    return painted
