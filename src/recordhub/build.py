"""The pipeline: config, sources, front matter, schema, Markdown, model, render, output."""

from __future__ import annotations

import datetime as dt
import gc
import time
from collections.abc import Callable
from pathlib import Path

from msgspec import Struct, field

from recordhub import (
    __version__,
    assetchecks,
    assets,
    checks,
    clashes,
    convert,
    converted,
    deploy,
    droppedcorrections,
    feeds,
    fingerprints,
    ingest,
    ingested,
    loaders,
    model,
    navigation,
    outfolder,
    output,
    pageoutput,
    plan,
    recycle,
    reuse,
    sealed,
    search,
    securitytxt,
    sources,
    theming,
    unplaced,
    visibility,
    webmanifest,
    writing,
)
from recordhub import progress as progress_line
from recordhub.config import SiteConfig
from recordhub.diagnostics import Diagnostic, Severity, has_errors
from recordhub.pages import Page
from recordhub.render import Renderer
from recordhub.siteview import Site
from recordhub.uptodate import clock


class BuildOptions(Struct, frozen=True):
    """What the command line asked for."""

    out: Path | None  # None: check only, write nothing
    drafts: bool = False
    future: bool = False
    strict: bool = False
    preview: bool = False
    precompress: bool = False
    external: bool = False
    cache: bool = True
    search: bool = True
    now: dt.datetime = field(default_factory=lambda: clock())


class BuildResult(Struct):
    """What a build did and every problem it found."""

    diagnostics: list[Diagnostic]
    pages: int = 0
    files: int = 0
    seconds: float = 0.0
    cache_hits: int = 0
    reused: int = 0  # pages whose previous output was still right
    converted: int = 0  # Markdown bodies, from the cache or converted now
    boundary: dt.datetime | None = None
    placed: int | None = None  # the inode of the output folder this build put in place

    def failed(self, strict: bool) -> bool:
        """True when the build must exit 1."""
        return has_errors(self.diagnostics, strict)


class Gathered(Struct):
    """Everything a build will write, validated, with the problems found on the way."""

    site: Site
    outputs: list[plan.Output]
    problems: list[Diagnostic]
    pages: list[Page]
    renderer: Renderer
    keys: fingerprints.Keys
    corrections: dict[str, list[feeds.Correction]]
    references: assets.References
    boundary: dt.datetime | None = None  # when a date in the hub next decides differently
    clashed: frozenset[str] = frozenset()  # not written for a clash, told: links to it are not


def build(
    config: SiteConfig,
    options: BuildOptions,
    progress: Callable[[str, int, int], None] | None = None,
) -> BuildResult:
    """Gather and validate everything, render and check it, and only then swap it in."""
    try:
        return _build(config, options, progress)
    finally:
        # what the build froze is the collector's again; at 10,000 pages, scanning the model
        # over and over while it was in use took a quarter of a one-edit build
        gc.unfreeze()


def _build(
    config: SiteConfig,
    options: BuildOptions,
    progress: Callable[[str, int, int], None] | None,
) -> BuildResult:
    started = time.perf_counter()
    if options.out is not None:
        outfolder.check_target(options.out, config.root, replacing=True)
    cache = config.root / convert.CACHE_DIR if options.cache else None
    store = converted.Store(cache, writable=options.out is not None)
    memo = ingest.Memo(store=store)
    # what it remembers of each body is read back from the store: none without it
    folder = store.folder
    snapshot = ingested.Snapshot(folder, ingested.token(config)) if folder is not None else None
    if snapshot is not None:
        memo.remember(snapshot.load())
    unwritable: list[Diagnostic] = []  # a cache that cannot be written only costs time
    if cache is not None and options.out is not None:
        sealed.mark(cache)  # left out of version control and backups
        memo.templates, unwritable = loaders.compiled_in(cache)  # for the next build
    if progress is not None:
        memo.progress = lambda done, total: progress("converting", done, total)
    token, unread = fingerprints.templates_token_told(config)  # unreadable: told with the rest
    # what gathering makes lives as long as the build and is hardly ever garbage: at 10,000
    # pages the collector's full passes over the growing model took 0.7 s of the main process,
    # half of it while the workers waited for it; frozen after, it stays out of later passes
    gc.disable()
    try:
        gathered = gather(config, options, memo, token)
    finally:
        gc.freeze()
        gc.enable()
    if snapshot is not None and options.out is not None:
        snapshot.save(memo.files, memo.fresh)
    using = {known.key for known in memo.files.values()}
    # the model and the planned outputs hold what the rest of the build needs; each file's
    # parsed front matter and links, and each page's digest, can go before the pages are
    # written (22 MB at 10,000 pages); only the preview keeps them, for its next rebuild
    memo.files.clear()
    memo.owns.clear()
    problems = unread + gathered.problems + unwritable + store.told
    problems += droppedcorrections.told(
        options.out, config.root, gathered.site, gathered.corrections
    )
    result = BuildResult(problems, pages=len(gathered.pages), boundary=gathered.boundary)
    # pages are rendered and checked even when the build already fails: every problem is
    # listed in one run, and the output is left as it was at the end
    failing = has_errors(result.diagnostics)
    placed = {(d.path, d.line, d.col) for d in result.diagnostics if d.severity is Severity.ERROR}
    previous = reuse.Previous.load(cache, options.out)
    gc.freeze()
    with output.Writer(options.out, recycle.spare_of(cache, options.out)) as writer:
        # the search page is revised once its index exists, so it is always rendered
        written = writing.write_all(
            gathered.outputs,
            writer,
            gathered.renderer,
            previous,
            store,
            lambda item: options.search and item.rel.endswith(search.PAGE),
            None if progress is None else lambda done, total: progress("writing", done, total),
            gathered.site.root,
        )
        writer.sweep()  # before the index reads the folder: nothing left from a reused one
        result.diagnostics += [d for d in written.problems if d not in result.diagnostics]
        checked = written.checked
        # strings missing in a language are found while rendering
        result.diagnostics += [
            d for d in gathered.renderer.strings.problems if d not in result.diagnostics
        ]
        texts = assetchecks.own_texts(gathered.outputs)
        files = {item.rel for item in gathered.outputs} - set(written.withheld)
        files.add(outfolder.MANIFEST)  # the list of every file, written last, is published too
        if options.search and writer.tmp is not None and not has_errors(result.diagnostics):
            site_root = gathered.site.root
            progress_line.stage(progress, "indexing for search")  # seconds at 10,000 pages
            files |= search.add(writer, options.out, cache, site_root, result.diagnostics)
        elif options.search:  # failing anyway: links to the index are not the problem
            files |= set(search.FIXED)
        # a link to a page that failed is reported where it was written, once
        progress_line.stage(progress, "checking links")
        found = checks.verify(checked, files | gathered.clashed, gathered.site, texts)
        result.diagnostics += [d for d in found if (d.path, d.line, d.col) not in placed]
        if options.external and not failing:
            from recordhub import external  # its HTTP client is needed by this option only

            progress_line.stage(progress, "checking external links")
            result.diagnostics += external.verify_external(checked, gathered.site, options.cache)
        if options.precompress:
            progress_line.stage(progress, "compressing")
            writer.precompress()
        if not has_errors(result.diagnostics, options.strict):  # else one in its way is told
            writer.manifest()
        result.files = len(writer.written)
        if has_errors(result.diagnostics, options.strict):
            writer.abort()
        else:
            writer.commit()
            result.placed, result.diagnostics = writer.placed, result.diagnostics + writer.kept
            previous.save()
    result.reused = written.carried
    store.finish(using)
    result.cache_hits = store.from_cache(memo.remembered)
    result.converted = store.hits + memo.remembered + store.misses
    result.diagnostics.sort()
    result.seconds = time.perf_counter() - started
    return result


def gather(
    config: SiteConfig, options: BuildOptions, memo: ingest.Memo, templates: bytes = b""
) -> Gathered:
    """Stages 2 to 7: read and check everything, and plan every output file."""
    files, found = sources.discover(config.content_dir, config.root)
    problems = [*config.warnings, *found, *sources.no_pages(config.content_dir, files)]
    theme = theming.Preparation(config, options.preview, options.search, memo.templates)
    # while worker processes convert the pages, the main process has a core to spare
    entries = ingest.read_pages(
        config, [f for f in files if f.is_markdown], problems, memo, meanwhile=theme.ahead
    )
    # each file's own name on disk: the published name is NFC, the file's may be NFD (macOS)
    content_assets = {f.rel_path: f.abs_path for f in files if not f.is_markdown}
    rules = visibility.Visibility(options.drafts, options.future, options.now)
    placed = {entry.rel_path for entry in entries}
    invalid = sources.unusable(files, placed, problems)
    site, found = model.build_site(config, entries, list(content_assets), rules, invalid)
    problems += found + securitytxt.notice_of(site, options.now) + deploy.folder_notice(site)
    problems += unplaced.told(memo.unplaced, site, rules)
    moments = (
        visibility.next_change([e.matter for e in entries], options.now),
        securitytxt.renewal_from(site, options.now),
    )
    boundary = min((t for t in moments if t is not None), default=None)
    pages = site.pages + navigation.generated_pages(site)
    themed = theme.made()
    published, renderer = themed.published, themed.renderer
    problems += themed.problems
    corrections = plan.announce_feeds(site, pages, renderer.strings.get)
    problems += renderer.check_templates(pages)
    for page in pages:
        if page.verdict_label is not None:
            page.verdict_label = renderer.verdict(page)
    # what every page's HTML depends on besides pages: hashed asset names, templates, version
    names = sorted((a.name, a.rel, a.integrity or "") for a in published.values())
    extra = [options.preview, options.search, templates, __version__, names]
    keys = fingerprints.Keys(site, pages, extra, memo.owns, fingerprints.lists_pages(config))
    references = assets.References(published, site.root)
    outputs = [pageoutput.planned(renderer, keys, page, site, references) for page in pages]
    outputs += plan.feed_outputs(site, pages, corrections, keys, renderer.strings.get)
    for asset in published.values():
        shown = assets.shown(config.root, asset.source)
        if asset.data is not None:  # a stylesheet whose references were rewritten
            key = fingerprints.text_key(asset.data.decode("utf-8", "surrogateescape"))
            outputs.append(plan.Output(asset.rel, shown, key, source=asset.source, blob=asset.data))
        else:
            key = fingerprints.file_key(asset.source, memo.file_keys)
            outputs.append(plan.Output(asset.rel, shown, key, source=asset.source))
    problems += assets.reserved_pages(pages)
    for rel, path in content_assets.items():
        problems += assets.reserved(rel, f"content/{rel}", "content")
        key, held_by = fingerprints.file_key(path, memo.file_keys), site.held.get(rel, ())
        outputs.append(plan.Output(rel, f"content/{rel}", key, source=path, held_by=held_by))
    # the preview indexes its folder itself: its _headers, which it sends, allow the index too
    today = securitytxt.today(options.now)
    made, found = plan.deploy_outputs(
        site, outputs, renderer.strings.get, today, options.precompress, options.search
    )
    outputs, problems = outputs + made, problems + found
    problems += renderer.strings.problems  # strings files with keys the theme does not use
    problems += assets.missing_images(pages, {item.rel for item in outputs}, site.base_url)
    problems += outfolder.reserved(
        (item.rel, *clashes.named_at(item)) for item in outputs if not clashes.made(item)
    )
    # a writer's own _headers or _redirects is told above, not as a clash as well
    outputs = [item for item in outputs if not outfolder.writers_own(item.rel, item.origin)]
    planned = plan.rewritten(outputs, references)
    outputs, found = clashes.unique(planned)
    clashed = frozenset(item.rel for item in planned) - {item.rel for item in outputs}
    problems += found + webmanifest.verify(outputs, site.base_url, site.root)
    return Gathered(
        site, outputs, problems, pages, renderer, keys, corrections, references, boundary, clashed
    )
