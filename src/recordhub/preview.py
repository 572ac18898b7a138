"""The preview build: kept in memory between saves, re-rendering only what changed."""

from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass, field
from pathlib import Path

from recordhub import config as config_stage
from recordhub import ingest, output
from recordhub.build import BuildOptions, clock, gather
from recordhub.config import CONFIG_FILE, SiteConfig
from recordhub.diagnostics import ConfigError, Diagnostic, DiagnosticError, Severity
from recordhub.render import THEME_DIR, TemplateCache


@dataclass
class Outcome:
    """What one rebuild did."""

    ok: bool
    changed: list[str] = field(default_factory=list)
    problems: list[Diagnostic] = field(default_factory=list)
    seconds: float = 0.0
    rendered: int = 0

    @property
    def errors(self) -> list[Diagnostic]:
        """The problems that failed the rebuild."""
        return [p for p in self.problems if p.severity is Severity.ERROR]


class Preview:
    """Builds the hub into a preview folder and keeps it current, one save at a time."""

    def __init__(self, root: Path, out: Path, drafts: bool = True, base_url: str | None = None):
        self.root = root
        self.out = out
        self.drafts = drafts
        self.base_url = base_url
        self.config: SiteConfig | None = None
        self.memo = ingest.Memo()
        self.keys: dict[str, bytes] = {}
        self.last_errors: list[Diagnostic] = []

    def rebuild(self, changed: set[Path] | None = None) -> Outcome:
        """Bring the preview folder up to date with the sources; None means everything."""
        started = time.perf_counter()
        try:
            outcome = self._rebuild(changed)
        except DiagnosticError as exc:
            outcome = Outcome(False, problems=list(exc.diagnostics))
        outcome.seconds = time.perf_counter() - started
        self.last_errors = outcome.errors
        return outcome

    def _rebuild(self, changed: set[Path] | None) -> Outcome:
        if changed is None or self.config is None or self.root / CONFIG_FILE in changed:
            try:
                self.config = config_stage.load(self.root, self.base_url)
            except ConfigError:
                self.config = None
                raise
            # settings decide validation and conversion; compiled templates stay valid
            self.memo = ingest.Memo(templates=self.memo.templates or TemplateCache())
        else:
            content = self.config.content_dir
            self.memo.forget(
                {p.relative_to(content).as_posix() for p in changed if p.is_relative_to(content)}
            )
        options = BuildOptions(
            out=None, drafts=self.drafts, future=self.drafts, preview=True, now=clock()
        )
        gathered = gather(self.config, options, self.memo, _templates_token(self.config))
        errors = [p for p in gathered.problems if p.severity is Severity.ERROR]
        if errors:
            return Outcome(False, problems=gathered.problems)
        updates: dict[str, bytes | Path] = {}
        rendered = 0
        for item in gathered.outputs:
            if self.keys.get(item.rel) == item.key:
                continue
            if item.source is not None:
                updates[item.rel] = item.source
            else:
                rendered += item.render is not None
                text = item.render() if item.render is not None else item.text or ""
                updates[item.rel] = text.encode("utf-8")
        present = {item.rel for item in gathered.outputs}
        written = output.sync(self.out, present, updates, set(self.keys))
        self.keys = {item.rel: item.key for item in gathered.outputs}
        return Outcome(True, written, gathered.problems, rendered=rendered)


def _templates_token(config: SiteConfig) -> bytes:
    """Changes whenever any template or theme string file changes."""
    hasher = hashlib.blake2b(digest_size=16)
    for folder in (config.templates_dir, THEME_DIR / "templates", THEME_DIR / "strings"):
        if folder.is_dir():
            for path in sorted(folder.rglob("*")):
                if path.is_file():  # by content: two saves within one clock tick look alike
                    hasher.update(f"{path}\0".encode())
                    hasher.update(path.read_bytes())
    return hasher.digest()
