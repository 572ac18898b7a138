"""Where Stage 7's templates come from: the built-in theme, the hub's own, compiled once."""

from __future__ import annotations

import contextlib
import os
import re
import time
from collections.abc import Callable
from pathlib import Path

import jinja2
import jinja2.bccache

from recordhub import frontmatter, sealed
from recordhub.diagnostics import Diagnostic, DiagnosticError, error, notice
from recordhub.sealed import unseal

_PREFIX = "__jinja2_"  # of each compiled template's file in the cache
# a theme template's import of a partial, up to its closing tag
_IMPORT = re.compile(r'(\{%-?\s*from\s+"partials/[^"]+"\s+import\s[^%]*?)(\s*-?%\})')


def _within(filename: str, real: Path, shown: str) -> None:
    """Raise DiagnosticError when a template's file lies outside real, through a link: Jinja
    follows links, and would render any file the build can read (/etc/passwd) into a page."""
    if not Path(filename).resolve().is_relative_to(real):
        message = "this template lies outside the project, through a symlink; not loaded"
        hint = "copy the template into templates/ instead of linking to it"
        raise DiagnosticError([error(shown, None, None, message, hint)])


class Theme(jinja2.FileSystemLoader):
    """The theme's templates, whose partials see the page's context when a hub replaces one."""

    # the theme's own partials need nothing but their arguments, so they are imported without
    # the context, which Jinja runs once per build instead of once per page; a hub's partial
    # may read page or site, so once a hub has one, every partial import passes the context on
    def __init__(self, folder: Path, contextual: bool) -> None:
        super().__init__(folder)
        self.contextual = contextual
        self.real = folder.resolve()

    def get_source(
        self, environment: jinja2.Environment, template: str
    ) -> tuple[str, str, Callable[[], bool]]:
        source, filename, uptodate = super().get_source(environment, template)
        _within(filename, self.real, f"recordhub theme: {template}")
        if self.contextual:
            source = _IMPORT.sub(r"\1 with context\2", source)
        return source, filename, uptodate


class Own(jinja2.FileSystemLoader):
    """The hub's own templates, whose bytes that are not UTF-8 are reported where they are,
    and none of which may be a link out of the project (root)."""

    def __init__(self, folder: Path, root: Path) -> None:
        super().__init__(folder)
        # templates/ itself may be linked from anywhere (a brand folder shared by hubs), as
        # content/ and static/ may: only links below it must stay in the project
        real = folder.resolve()
        self.real = real if not real.is_relative_to(root.resolve()) else root.resolve()

    def get_source(
        self, environment: jinja2.Environment, template: str
    ) -> tuple[str, str, Callable[[], bool]]:
        try:
            found = super().get_source(environment, template)
        except UnicodeDecodeError:
            path = Path(self.searchpath[0], *jinja2.loaders.split_template_path(template))
            frontmatter.decode(path.read_bytes(), f"templates/{template}")  # raises, placed
            raise
        _within(found[1], self.real, f"templates/{template}")
        return found


class TemplateCache(jinja2.BytecodeCache):
    """Compiled templates kept in memory between preview rebuilds, checked by source checksum."""

    def __init__(self) -> None:
        self._code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        if bucket.key in self._code:
            bucket.bytecode_from_string(self._code[bucket.key])

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self._code[bucket.key] = bucket.bytecode_to_string()


class SealedFileCache(jinja2.FileSystemBytecodeCache):
    """Compiled templates in the cache folder, each file checked by its digest before use."""

    # Jinja checks a file's template source, not its code: a changed byte in the code would
    # be run, and its text published, as if the template said it
    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        name = self._get_cache_filename(bucket)
        try:
            with open(name, "rb") as stream:
                payload = unseal(stream.read())
                written = os.fstat(stream.fileno()).st_mtime
        except OSError:
            return
        if payload is None:
            return  # damaged: compiled again, and written over
        try:
            bucket.bytecode_from_string(bytes(payload))
        except Exception:  # written by another Python, say: unmarshalling can fail any way
            bucket.reset()
            return
        if time.time() - written > 86400:  # marked as used, so not dropped; once a day will do
            with contextlib.suppress(OSError):  # dropped by another build meanwhile, say
                os.utime(name)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        name = Path(self._get_cache_filename(bucket))
        sealed.write(name, bucket.bytecode_to_string(), "." + _PREFIX)


def compiled_in(cache: Path) -> tuple[SealedFileCache | None, list[Diagnostic]]:
    """The compiled templates' folder in the cache, or a notice that it cannot be written."""
    folder = cache / "templates"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        reason = "" if os.access(folder, os.W_OK) else "permission denied"
    except (FileExistsError, NotADirectoryError):
        reason = "a file stands where a folder belongs"
    except OSError as exc:  # a read-only disk, say
        reason = (exc.strerror or str(exc)).lower()
    if not reason:
        # a template renamed, or the hub moved, leaves code no build loads again
        sealed.drop_unused(folder, _PREFIX)
        return SealedFileCache(str(folder), _PREFIX + "%s.cache"), []
    if cache.is_dir() and os.access(cache, os.W_OK):
        where, what = f"{cache.name}/templates", "each build compiles every template again"
    elif cache.is_dir():  # read-only, restored by CI, say: what it holds is still used
        where = cache.name
        what = "what it holds is used, but pages changed since are converted again by every build"
    else:
        where, what = cache.name, "each build converts every page again"
    message = f"the build cache cannot be written here ({reason}): {what}"
    hint = f"remove {where} (it holds only what a build makes again), or build with --no-cache"
    return None, [notice(where, None, None, message, hint)]


def has_partials(folder: Path) -> bool:
    """True when the hub has templates of its own under partials/."""
    partials = folder / "partials"
    return partials.is_dir() and any(p.is_file() for p in partials.rglob("*"))
