"""The pipeline: config, sources, front matter, schema, Markdown, model, render, output."""

from __future__ import annotations

import datetime as dt
import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from recordhub import feeds, ingest, metadata, model, navigation, output, plan, sources
from recordhub.config import SiteConfig
from recordhub.diagnostics import Diagnostic, DiagnosticError, has_errors
from recordhub.pages import Page, Site
from recordhub.render import Renderer
from recordhub.urls import output_file


@dataclass(frozen=True)
class BuildOptions:
    """What the command line asked for."""

    out: Path | None  # None: check only, write nothing
    drafts: bool = False
    future: bool = False
    strict: bool = False
    preview: bool = False
    now: dt.datetime = field(default_factory=lambda: clock())


@dataclass
class BuildResult:
    """What a build did and every problem it found."""

    diagnostics: list[Diagnostic]
    pages: int = 0
    files: int = 0
    seconds: float = 0.0

    def failed(self, strict: bool) -> bool:
        """True when the build must exit 1."""
        return has_errors(self.diagnostics, strict)


@dataclass
class Gathered:
    """Everything a build will write, validated, with the problems found on the way."""

    site: Site
    outputs: list[plan.Output]
    problems: list[Diagnostic]
    pages: list[Page]
    renderer: Renderer
    keys: plan.Keys
    corrections: list[feeds.Correction]


def clock() -> dt.datetime:
    """Now, or SOURCE_DATE_EPOCH when set, so a build can be reproduced exactly."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.strip().isdigit():
        return dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC)
    return dt.datetime.now(dt.UTC)


def build(config: SiteConfig, options: BuildOptions) -> BuildResult:
    """Gather and validate everything, render, and only then swap the new output in."""
    started = time.perf_counter()
    if options.out is not None:
        output.check_target(options.out, config.root)
    gathered = gather(config, options, ingest.Memo())
    result = BuildResult(gathered.problems, pages=len(gathered.pages))
    if not has_errors(result.diagnostics, options.strict):
        with output.Writer(options.out) as writer:
            for item in gathered.outputs:
                try:
                    produce(item, writer)
                except DiagnosticError as exc:
                    # a broken template line fails every page that uses it: say so once
                    result.diagnostics += [
                        d for d in exc.diagnostics if d not in result.diagnostics
                    ]
            result.files = len(writer.written)
            if has_errors(result.diagnostics, options.strict):
                writer.abort()
            else:
                writer.commit()
    result.diagnostics.sort()
    result.seconds = time.perf_counter() - started
    return result


def produce(item: plan.Output, writer: output.Writer) -> None:
    """Render or copy one planned output through the writer."""
    if item.source is not None:
        writer.copy(item.rel, item.source, item.origin)
    else:
        text = item.text if item.render is None else item.render()
        writer.write_text(item.rel, text or "", item.origin)


def gather(
    config: SiteConfig, options: BuildOptions, memo: ingest.Memo, templates: bytes = b""
) -> Gathered:
    """Stages 2 to 7: read and check everything, and plan every output file."""
    files, problems = sources.discover(config.content_dir, config.root)
    entries = ingest.read_pages(config, [f for f in files if f.is_markdown], problems, memo)
    content_assets = [f.rel_path for f in files if not f.is_markdown]
    visibility = model.Visibility(
        options.drafts or options.preview, options.future or options.preview, options.now
    )
    placed = {entry.rel_path for entry in entries}
    invalid = frozenset(f.rel_path for f in files if f.is_markdown and f.rel_path not in placed)
    site, found = model.build_site(
        config, entries, content_assets, visibility, memo.rewrites, invalid
    )
    problems += found
    pages = site.pages + navigation.generated_pages(site)
    corrections = plan.announce_feeds(site, pages)
    assets = plan.static_files(config)
    urls = {name: site.root + name for name in assets}
    renderer = Renderer(config, urls, options.preview, memo.templates)
    problems += renderer.check_templates(pages)
    keys = plan.Keys(site, pages, [options.preview, templates], memo.owns)
    outputs = [page_output(renderer, keys, page, site) for page in pages]
    outputs += plan.feed_outputs(site, pages, corrections, keys)
    for name, path in sorted(assets.items()):
        outputs.append(plan.Output(name, _shown(config, path), plan.file_key(path), source=path))
    for rel in content_assets:
        path = config.content_dir / rel
        outputs.append(plan.Output(rel, f"content/{rel}", plan.file_key(path), source=path))
    problems += output.collisions([(item.rel, item.origin) for item in outputs])
    return Gathered(site, outputs, problems, pages, renderer, keys, corrections)


def page_output(renderer: Renderer, keys: plan.Keys, page: Page, site: Site) -> plan.Output:
    """The planned output of one page."""
    return plan.Output(
        output_file(page.path),
        page.source_path,
        keys.page(page),
        render=_renderer_for(renderer, page, site),
    )


def _renderer_for(renderer: Renderer, page: Page, site: Site) -> Callable[[], str]:
    def render() -> str:
        page.jsonld = metadata.jsonld(page, site)
        return renderer.render(page, site)

    return render


def _shown(config: SiteConfig, path: Path) -> str:
    return (
        path.relative_to(config.root).as_posix()
        if path.is_relative_to(config.root)
        else f"recordhub theme: {path.name}"
    )
