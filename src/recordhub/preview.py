"""The preview build: kept in memory between saves, re-rendering only what changed."""

from __future__ import annotations

import errno
import time
import unicodedata
from pathlib import Path

from recordhub import (
    assetchecks,
    bodykeys,
    bodysave,
    checks,
    convert,
    fingerprints,
    htmlscan,
    ingest,
    previewfaults,
    search,
    served,
    writing,
)
from recordhub import config as config_stage
from recordhub.build import BuildOptions, Gathered, gather
from recordhub.config import CONFIG_FILE, SiteConfig
from recordhub.diagnostics import ConfigError, Diagnostic, DiagnosticError, Severity
from recordhub.loaders import TemplateCache
from recordhub.outcome import Outcome
from recordhub.showing import Read, Showing
from recordhub.uptodate import clock

# what reading a file that a checkout or a save by rename has just taken away raises
_GONE = frozenset({errno.ENOENT, errno.ENOTDIR})
# rebuilds in a row that a file going away may cut short before it is shown as an error: only
# something that never stops changing files, or a file system that lists files it cannot open
SETTLE_TRIES = 3


class Preview:
    """Builds the hub into a preview folder and keeps it current, one save at a time."""

    def __init__(
        self,
        root: Path,
        out: Path,
        drafts: bool = True,
        base_url: str | None = None,
        debug: bool = False,
    ):
        self.root = root
        self.debug = debug  # print the traceback of a fault of recordhub's own
        self.out = out
        self.drafts = drafts
        self.base_url = base_url
        self.config: SiteConfig | None = None
        self.memo = ingest.Memo()
        self.keys: dict[str, bytes] = {}
        self.last_errors: list[Diagnostic] = []
        self.last: Gathered | None = None  # the last good build, for the body-only fast path
        self.checked: dict[str, checks.Checked] = {}  # each page's links and anchors, as shown
        self.tried: set[str] = set()  # files saved since the last good build: rendered till then
        self.showing = Showing()  # the other pages' text each output shows
        self.cut_short = 0  # rebuilds in a row that a file going away stopped
        self.told: list[Diagnostic] = []  # the last good build's warnings and notices

    def rebuild(self, changed: set[Path] | None = None) -> Outcome:
        """Bring the preview folder up to date with the sources; None means everything.

        A file that goes away while it is read (a checkout in progress), or a page that changes
        while it is read, gives an outcome that is settling: the last pages and errors stay, and
        the caller rebuilds once files are quiet.
        """
        started = time.perf_counter()
        try:
            outcome = self._rebuild(changed)
        except DiagnosticError as exc:
            outcome = Outcome(False, problems=list(exc.diagnostics))
        except OSError as exc:
            if exc.errno in _GONE and self.cut_short < SETTLE_TRIES:
                self.cut_short += 1
                return Outcome(False, vanished=previewfaults.shown(self.root, exc.filename))
            outcome = Outcome(False, problems=[previewfaults.unreadable(self.root, self.out, exc)])
        except Exception as exc:  # a fault of recordhub's own must not end the preview
            self.last, self.memo = None, ingest.Memo()  # it may have stopped half way
            outcome = Outcome(False, problems=[previewfaults.fault(exc, self.debug)])
        moving = [p.path for p in outcome.errors if convert.changed_meanwhile(p)]
        # a page saved while it was read is no error to show: the save's own event rebuilds
        if moving and len(moving) == len(outcome.errors) and self.cut_short < SETTLE_TRIES:
            self.cut_short += 1
            return Outcome(False, moving=moving[0])
        self.cut_short = 0
        outcome.seconds = time.perf_counter() - started
        self.last_errors = outcome.errors
        return outcome

    def _rebuild(self, changed: set[Path] | None) -> Outcome:
        # a rebuild cut short may have left the last build's pages half-updated
        last = self.last if not self.cut_short and not self.last_errors else None
        if last is not None and last.boundary is not None and clock() >= last.boundary:
            last = None  # an embargo or an expiry has passed since: what pages show changed
        if changed and self.config is not None and last is not None:
            quick = bodysave.bodies_only(self, self.config, last, changed)
            if quick is not None:
                return quick
        if changed is None or self.config is None or self.root / CONFIG_FILE in changed:
            before = bodykeys.settings_token(self.config.settings.markdown) if self.config else None
            try:
                self.config = config_stage.load(self.root, self.base_url)
            except ConfigError:
                self.config = None
                raise
            if before == bodykeys.settings_token(self.config.settings.markdown):
                for known in self.memo.files.values():  # converted alike: validated anew
                    known.typed.clear()
            else:  # settings decide validation and conversion; compiled templates stay valid
                templates = self.memo.templates or TemplateCache()
                self.memo = ingest.Memo(templates=templates, file_keys=self.memo.file_keys)
        else:
            content = self.config.content_dir
            self.memo.forget(  # known by their NFC names, whatever form the disk's names take
                {
                    unicodedata.normalize("NFC", p.relative_to(content).as_posix())
                    for p in changed
                    if p.is_relative_to(content)
                }
            )
        options = BuildOptions(
            out=None, drafts=self.drafts, future=self.drafts, preview=True, now=clock()
        )
        gathered = gather(
            self.config, options, self.memo, fingerprints.templates_token(self.config)
        )
        # rendered and checked even when failing, as in a build, so that every problem is told
        # at once; but then only the saved pages, as rendering all that a listing touches, on
        # each save until the fix, would take as long as a build
        problems = list(gathered.problems)
        if any(convert.changed_meanwhile(p) for p in problems):
            return Outcome(False, problems=problems)  # rebuilt as it is once the save is over
        now_saved = _saved(self.root, changed)
        # a page saved by an earlier failing rebuild is rendered too: its problems stay told
        saved = (
            now_saved | self.tried if now_saved is not None and bodysave.failed(problems) else None
        )
        broken: set[str] = set()  # templates that failed alike on two pages: rendered no more
        shown: set[str] = set()  # with saved, the pages whose links are checked: those rendered
        updates: dict[str, bytes | Path] = {}
        rendered = 0
        checked: dict[str, checks.Checked] = {}
        read: dict[str, Read] = {}
        root = gathered.site.root
        now = self.showing.now(gathered.site)
        for item in gathered.outputs:
            page = item.page if item.rel.endswith(".html") and item.render else None
            # a key holds what the output shows of other pages' titles and summaries, not of
            # their text: a page whose template shows another's text is told by what it read
            if self.keys.get(item.rel) == item.key and not self.showing.stale(item.rel, now):
                if page is not None and item.rel in self.checked:
                    scan = self.checked[item.rel].scan
                    checked[item.rel] = bodysave.checked_as_shown(gathered, page, scan)
                elif item.page is None and item.rel in self.checked:  # HTML copied as it is
                    copy = self.checked[item.rel]  # kept while its file and its address are
                    checked.update({item.rel: copy} if copy.url == root + item.rel else {})
                continue
            if item.blob is not None:
                updates[item.rel] = item.blob
            elif item.source is not None:
                updates[item.rel] = item.source
            else:
                rendered += item.render is not None
                if item.render is not None:
                    name = gathered.renderer.template_name(item.page) if item.page else ""
                    source = item.page.source_path if item.page else ""
                    if name in broken or (saved is not None and source not in saved):
                        if page is not None and item.rel in self.checked:  # as last shown
                            scan = self.checked[item.rel].scan
                            checked[item.rel] = bodysave.checked_as_shown(gathered, page, scan)
                        continue
                    try:
                        text, read[item.rel] = self.showing.render(item)
                    except DiagnosticError as exc:
                        new = [d for d in exc.diagnostics if d not in problems]
                        problems += new
                        if not new:  # told by another page: a line failing on every page
                            broken.add(name)
                        continue
                    shown.add(item.rel)
                else:
                    text = item.text or ""
                updates[item.rel] = text.encode("utf-8")
                if page is not None:
                    scan = htmlscan.kept(htmlscan.scan(text))
                    checked[item.rel] = bodysave.checked_as_shown(gathered, page, scan)
        left, notices = writing.settle(gathered.outputs, checked, root)
        present = {item.rel for item in gathered.outputs} - left
        # the index's files of fixed names come with it, made after the pages (in the background)
        files = present | set(search.FIXED) | gathered.clashed
        texts = assetchecks.own_texts(gathered.outputs)
        found = notices + checks.verify(checked, files, gathered.site, texts, saved and shown)
        if bodysave.failed(problems + found):  # as a build fails: the last good pages stay
            placed = {(d.path, d.line, d.col) for d in problems if d.severity is Severity.ERROR}
            found = [d for d in found if (d.path, d.line, d.col) not in placed]
            self.tried |= now_saved or set()
            return Outcome(False, problems=problems + found)
        updates = {rel: data for rel, data in updates.items() if rel not in left}
        written, gone = served.sync(self.out, present, updates, set(self.keys))
        # a file gone before it was copied: no key matches b"", so the rebuild its removal
        # brings writes it if it is back, and removes any older copy if not
        self.keys = {
            item.rel: b"" if item.rel in gone else item.key
            for item in gathered.outputs
            if item.rel not in left
        }
        self.last, self.checked, self.tried = gathered, checked, set()
        self.showing.keep(read, set(self.keys))
        self.told = problems + found
        return Outcome(True, written, problems + found, rendered=rendered)


def _saved(root: Path, changed: set[Path] | None) -> set[str] | None:
    """The changed files by their names from the hub's folder; None for all of them."""
    if changed is None:
        return None
    inside = (p.relative_to(root).as_posix() for p in changed if p.is_relative_to(root))
    return {unicodedata.normalize("NFC", name) for name in inside}
