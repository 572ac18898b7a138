"""The pipeline: config, sources, front matter, schema, Markdown, model, render, output."""

from __future__ import annotations

import datetime as dt
import os
import time
from dataclasses import dataclass, field
from pathlib import Path

from recordhub import frontmatter, model, output, schema, sources
from recordhub.config import SiteConfig
from recordhub.diagnostics import Diagnostic, DiagnosticError, has_errors
from recordhub.markdown import Converter
from recordhub.render import THEME_DIR, Renderer
from recordhub.urls import output_file, split_language


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
    files, problems = sources.discover(config.content_dir, config.root)
    entries = _read_pages(config, [f for f in files if f.is_markdown], problems)
    assets = _static_files(config)
    content_assets = [f.rel_path for f in files if not f.is_markdown]
    visibility = model.Visibility(
        options.drafts or options.preview, options.future or options.preview, options.now
    )
    site, site_problems = model.build_site(config, entries, content_assets, visibility)
    problems += site_problems
    pages = site.pages + model.generated_pages(site)
    renderer = Renderer(config, {name: site.root + name for name in assets}, options.preview)
    problems += renderer.check_templates(pages)
    result = BuildResult(problems, pages=len(pages))
    if has_errors(problems, options.strict):
        return _finish(result, started)
    writer = output.Writer(options.out) if options.out is not None else None
    try:
        for page in pages:
            try:
                html = renderer.render(page, site)
            except DiagnosticError as exc:
                problems += exc.diagnostics
                continue
            if writer is not None:
                writer.write_text(output_file(page.path), html, page.source_path)
        if writer is not None:
            for name, source in sorted(assets.items()):
                writer.copy(name, source, _shown(config, source))
            for rel in content_assets:
                writer.copy(rel, config.content_dir / rel, f"content/{rel}")
            result.files = len(writer.written)
            if has_errors(problems, options.strict):
                writer.abort()
            else:
                writer.commit()
    except BaseException:
        if writer is not None:
            writer.abort()
        raise
    return _finish(result, started)


def _finish(result: BuildResult, started: float) -> BuildResult:
    result.diagnostics.sort()
    result.seconds = time.perf_counter() - started
    return result


def _read_pages(
    config: SiteConfig, files: list[sources.SourceFile], problems: list[Diagnostic]
) -> list[model.Entry]:
    """Parse, validate and convert every page, collecting every file's problems."""
    codes = tuple(language.code for language in config.settings.languages)
    raws: list[tuple[sources.SourceFile, str, str, frontmatter.RawPage]] = []
    for source in files:
        try:
            text = frontmatter.decode(source.abs_path.read_bytes(), source.display_path)
            raw = frontmatter.parse(text, source.display_path)
        except DiagnosticError as exc:
            problems += exc.diagnostics
            continue
        except FileNotFoundError:
            continue  # deleted between listing and reading: it is simply not part of this build
        rel_key, lang = split_language(source.rel_path, codes)
        raws.append((source, rel_key, lang or config.default_language, raw))
    cascades = {
        os.path.dirname(key): raw.data["cascade"]
        for _, key, _, raw in raws
        if key.endswith("_index.md") and isinstance(raw.data.get("cascade"), dict)
    }
    converter = Converter(config.settings.markdown)
    entries: list[model.Entry] = []
    for source, rel_key, lang, raw in raws:
        matter, found = schema.validate(raw, _cascaded_type(rel_key, cascades), config.settings)
        problems += found
        if matter is None:
            continue
        entries.append(
            model.Entry(source.rel_path, rel_key, lang, raw, matter, converter.render(raw.body))
        )
    return entries


def _cascaded_type(rel_key: str, cascades: dict[str, dict[str, object]]) -> str:
    """The type a page gets from the nearest _index.md above it that cascades one."""
    folder = os.path.dirname(rel_key)
    if rel_key.endswith("_index.md"):  # a section's own page does not take its cascade
        if not folder:
            return "page"
        folder = os.path.dirname(folder)
    while True:
        kind = cascades.get(folder, {}).get("type")
        if isinstance(kind, str):
            return kind
        if not folder:
            return "page"
        folder = os.path.dirname(folder)


def _static_files(config: SiteConfig) -> dict[str, Path]:
    """Theme assets, then the site's static/ files, which win on a name clash."""
    found: dict[str, Path] = {}
    for folder in (THEME_DIR / "static", config.static_dir):
        if not folder.is_dir():
            continue
        for path in sorted(folder.rglob("*")):
            if path.is_file() and not sources.is_ignored(path.name):
                found[path.relative_to(folder).as_posix()] = path
    return found


def _shown(config: SiteConfig, path: Path) -> str:
    return (
        path.relative_to(config.root).as_posix()
        if path.is_relative_to(config.root)
        else f"recordhub theme: {path.name}"
    )
