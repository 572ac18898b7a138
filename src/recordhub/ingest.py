"""Stages 3 to 5 for each page (decode, front matter, schema, Markdown), skipping unchanged ones."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import jinja2
from msgspec import Struct, field
from msgspec.structs import replace

from recordhub import (
    bodykeys,
    cascade,
    contenttypes,
    convert,
    emptyheadings,
    faq,
    frontmatter,
    markdown,
    model,
    pagefile,
    schema,
)
from recordhub.config import SiteConfig
from recordhub.converted import Store
from recordhub.diagnostics import Diagnostic, DiagnosticError, error
from recordhub.markdown import Converter, Rendered
from recordhub.pagefile import Known
from recordhub.sources import SourceFile
from recordhub.unplaced import Unplaced
from recordhub.urls import declared_language, split_language, spoken_language


class Memo(Struct):
    """Results of earlier runs, so a rebuild only re-reads and re-converts what changed."""

    files: dict[str, Known] = field(default_factory=dict)
    converter: Converter | None = None
    templates: jinja2.BytecodeCache | None = None
    cascades: dict[tuple[str, str], dict[str, object]] = field(default_factory=dict)
    store: Store = field(default_factory=lambda: Store(None))
    progress: Callable[[int, int], None] | None = None  # bodies done, of valid page files
    owns: dict[str, object] = field(default_factory=dict)  # the plan's page digests
    remembered: int = 0  # bodies whose conversion was known before this run looked
    fresh: set[str] = field(default_factory=set)  # files whose results this run changed
    # copied files by stat and digest (fingerprints.file_key), kept while the preview runs
    file_keys: dict[Path, tuple[tuple[int, ...], bytes]] = field(default_factory=dict)
    unplaced: list[Unplaced] = field(default_factory=list)  # of pages that have errors

    def remember(self, files: dict[str, object]) -> None:
        """Take the last build's results; a file is read again unless its stat is unchanged
        and it had been still for a while when the last build read it."""
        self.files = {rel: k for rel, k in files.items() if isinstance(k, Known)}
        for known in self.files.values():
            if not known.settled:  # changed just before it was read: its bytes are compared
                known.stat = ()

    def forget(self, rel_paths: set[str]) -> None:
        """Drop what is known about these files (the watcher saw them change)."""
        for rel in rel_paths:
            self.files.pop(rel, None)


def read_pages(
    config: SiteConfig,
    files: list[SourceFile],
    problems: list[Diagnostic],
    memo: Memo,
    complete: bool = True,
    meanwhile: Callable[[], None] | None = None,
) -> list[model.Entry]:
    """Parse, validate and convert pages, collecting every file's problems.

    With complete=False, files is a subset (the preview's changed pages): the cascades of the
    last complete run apply and nothing else is forgotten. meanwhile runs while worker
    processes convert, if they do.
    """
    with convert.Conversions(config.settings.markdown, memo.store, len(files)) as conversions:
        entries = _read_all(config, files, problems, memo, complete, conversions, meanwhile)
    return entries


def _read_all(
    config: SiteConfig,
    files: list[SourceFile],
    problems: list[Diagnostic],
    memo: Memo,
    complete: bool,
    conversions: convert.Conversions,
    meanwhile: Callable[[], None] | None,
) -> list[model.Entry]:
    codes = tuple(language.code for language in config.settings.languages)
    token = bodykeys.settings_token(config.settings.markdown)
    seen: list[tuple[SourceFile, Known, str, str]] = []
    unreadable: set[str] = set()  # folders whose _index.md has errors: cascades unknown
    # pages whose front matter does not parse, or does not validate: their links are told
    failed: list[tuple[SourceFile, Known, str, str]] = []
    for source in files:
        known = pagefile.load(source, memo.files, token)
        if known is None:
            continue
        if memo.files.get(source.rel_path) is not known:
            memo.fresh.add(source.rel_path)
        memo.files[source.rel_path] = known
        problems += known.problems
        rel_key, lang = split_language(source.rel_path, codes)
        if known.raw is not None:
            seen.append((source, known, rel_key, lang or config.default_language))
            if known.rendered is None:  # converted while the other files are read
                conversions.add(known.key, source.abs_path)
        else:
            if rel_key.endswith("_index.md"):
                unreadable.add(os.path.dirname(rel_key))
            if known.body_line:
                failed.append((source, known, rel_key, lang or config.default_language))
                conversions.add(known.key, source.abs_path)
    if complete:
        for stale in set(memo.files) - {source.rel_path for source in files}:
            del memo.files[stale]
        memo.cascades = {}
        for source, known, key, lang in seen:
            assert known.raw is not None
            given = known.raw.data.get("cascade")
            if key.endswith("_index.md") and isinstance(given, dict):
                folder = os.path.dirname(key)
                memo.cascades[
                    (folder, spoken_language(source.rel_path, lang, known.raw.data, codes))
                ] = given
    cascades = memo.cascades
    valid: list[tuple[SourceFile, Known, str, str, schema.FrontMatter]] = []
    work: dict[str, Path] = {}
    for source, known, rel_key, lang in seen:
        assert known.raw is not None
        spoken = spoken_language(source.rel_path, lang, known.raw.data, codes)
        kind = cascade.type_of(rel_key, spoken, config.default_language, cascades)
        # a section above that cannot be read, or cascades a type that does not exist, has
        # its own error: its pages' fields are not also reported as of the wrong type
        if "type" not in known.raw.data and (
            kind not in schema.MODELS or cascade.below(rel_key, unreadable)
        ):
            kind = "?"
        if kind not in known.typed:
            blind = kind == "?"
            typed = contenttypes.validate(
                known.raw, "page" if blind else kind, config.settings, blind
            )
            known.typed[kind] = typed
            memo.fresh.add(source.rel_path)
        if not isinstance(known.raw.positions, frontmatter.Deferred):
            # validated: later stages ask for a position only to report a problem
            deferred = frontmatter.Deferred(source.abs_path, source.display_path)
            known.raw = replace(known.raw, positions=deferred)
        matter, found = known.typed[kind]
        problems += found
        if matter is None:
            failed.append((source, known, rel_key, lang))
            continue
        valid.append((source, known, rel_key, lang, matter))
        if known.rendered is not None:
            memo.remembered += 1
        else:
            work[known.key] = source.abs_path
    # only the pages that are valid are converted: an error elsewhere still stops the build
    progress, before = memo.progress, len(valid) - len(work)
    total = len(valid)  # a file with errors is not converted, so not one still to do
    counted = None if progress is None else (lambda done: progress(before + done, total))
    converted: dict[str, Rendered | convert.Failure] = {}
    if work:  # a build that finds every body known builds no Markdown instance at all
        if memo.converter is None:
            memo.converter = Converter(config.settings.markdown)
        converted = conversions.done(work, memo.converter, counted, meanwhile)
    elif counted is not None:
        counted(0)  # every body is known: the conversion step is done at once
    memo.unplaced = []  # told with the errors of their pages' front matter
    for source, known, rel_key, lang in failed:
        memo.converter = memo.converter or Converter(config.settings.markdown)
        had = known.rendered or conversions.result(known.key, memo.converter)
        raw = known.raw
        line, front = (raw.body_line, raw.data) if raw is not None else (known.body_line, {})
        # a page it names as superseding it is checked as its links are
        if isinstance(had, Rendered) and (had.links or front.get("superseded_by")):
            where = raw.positions if raw is not None else None
            memo.unplaced.append(Unplaced(source, line, had.links, rel_key, lang, front, where))
    entries: list[model.Entry] = []
    for source, known, rel_key, lang, matter in valid:
        assert known.raw is not None
        if known.rendered is None:
            result = converted[known.key]
            if isinstance(result, convert.Failure):
                problems.append(
                    error(
                        source.display_path,
                        None,
                        None,
                        f"cannot convert this page: {result.reason}",
                        result.hint,
                    )
                )
                continue
            known.rendered = result
            memo.fresh.add(source.rel_path)
        rendered = known.rendered
        if rendered.removed:  # placed by reading the body again: rare, and it was let go
            written = frontmatter.body_of(source.abs_path) or ""
            at = (source.display_path, written, known.raw.body_line)
            problems += markdown.told(*at, emptyheadings.to_tell(matter.type, rendered.removed))
        load = convert.Loader(memo.store, known.key, source, config.settings.markdown)
        if matter.type == "faq":  # an FAQ's anchors are settled on its HTML, which it holds
            if known.as_faq is None:
                try:
                    html, headings = load()
                    known.as_faq = faq.qualify(replace(rendered, html=html, headings=headings))
                    memo.fresh.add(source.rel_path)
                except DiagnosticError as exc:
                    problems += exc.diagnostics
                    continue
            rendered = known.as_faq
        said = declared_language(matter.lang, codes) if matter.lang else None
        if said and not source.rel_path.endswith(f".{lang}.md"):
            lang = said  # no language in the file name: the front matter says it
        elif said and said != lang:
            line, col = known.raw.positions.value(("lang",))
            stem = rel_key.removesuffix(".md").rsplit("/", 1)[-1]
            problems.append(
                error(
                    source.display_path,
                    line,
                    col,
                    f"lang: says '{matter.lang}', but the file name says '{lang}'",
                    f"remove lang:, or name the file {stem}.{matter.lang}.md",
                )
            )
        place = (source.rel_path, rel_key, lang)
        body = (known.key, load, source.abs_path)
        entries.append(model.Entry(*place, known.raw, matter, rendered, *body))
    return entries
