"""What templates say before they run, read once per build with Jinja's own parser."""

from __future__ import annotations

import functools
import re
from pathlib import Path

import jinja2
from jinja2 import nodes
from msgspec import Struct

from recordhub.diagnostics import Diagnostic, error
from recordhub.strings import THEME_DIR
from recordhub.suggestions import suggest

THEME_TEMPLATES = THEME_DIR / "templates"


@functools.cache  # made when a hub has templates, not on import
def _parser() -> jinja2.Environment:
    # parsing needs only the syntax, which is Jinja's default in the renderer too
    return jinja2.Environment(trim_blocks=True, lstrip_blocks=True)


class Outline(Struct, frozen=True):
    """One template as its source reads, without running it."""

    keys: frozenset[str]  # the keys of its t("...") calls
    parent: tuple[str, int] | None = None  # the template it extends by name, and that line
    blocks: tuple[tuple[str, int], ...] = ()  # every block it defines, with its line
    filled: tuple[tuple[str, int], ...] = ()  # those not inside another: the ones it fills
    macros: tuple[tuple[str, int, str], ...] = ()  # every macro: line, and its parameters
    imports: tuple[tuple[str, str], ...] = ()  # (template, macro) of each {% from %} import

    def macro_at(self, line: int) -> str | None:
        """The macro whose body holds a line (the last to start at or before it), if any."""
        started = [(start, name) for name, start, _ in self.macros if start <= line]
        return max(started)[1] if started else None


def outline(source: str, name: str) -> Outline:
    """Parse one template's source; raise TemplateSyntaxError when it does not parse."""
    tree = _parser().parse(source, name)
    keys = frozenset(
        str(call.args[0].value)
        for call in tree.find_all(nodes.Call)
        if isinstance(call.node, nodes.Name)
        and call.node.name == "t"
        and call.args
        and isinstance(call.args[0], nodes.Const)
    )
    parent = next(
        (
            (str(node.template.value), node.lineno)
            for node in tree.find_all(nodes.Extends)
            if isinstance(node.template, nodes.Const)
        ),
        None,
    )
    blocks = [(node.name, node.lineno) for node in tree.find_all(nodes.Block)]
    inner = {deeper for node in tree.find_all(nodes.Block) for deeper in node.find_all(nodes.Block)}
    filled = [(node.name, node.lineno) for node in tree.find_all(nodes.Block) if node not in inner]
    macros = tuple(
        (node.name, node.lineno, ", ".join(arg.name for arg in node.args))
        for node in tree.find_all(nodes.Macro)
    )
    imports = tuple(
        (str(node.template.value), name if isinstance(name, str) else name[0])
        for node in tree.find_all(nodes.FromImport)
        if isinstance(node.template, nodes.Const)
        for name in node.names
    )
    return Outline(keys, parent, tuple(blocks), tuple(filled), macros, imports)


def read_own(folder: Path) -> dict[str, Outline]:
    """Every template of the hub that parses, by name; one that does not is told when used."""
    found: dict[str, Outline] = {}
    if not folder.is_dir():
        return found
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            name = path.relative_to(folder).as_posix()
            try:
                found[name] = outline(path.read_text(encoding="utf-8"), name)
            except (OSError, UnicodeDecodeError, jinja2.TemplateSyntaxError):
                continue
    return found


@functools.lru_cache(maxsize=64)  # the theme is the same for every build in a process
def theme(name: str) -> Outline | None:
    """One of the theme's templates, or None when the theme has no such template."""
    path = THEME_TEMPLATES / name
    if not path.is_file():
        return None
    return outline(path.read_text(encoding="utf-8"), name)


@functools.lru_cache(maxsize=1)
def theme_imports() -> dict[tuple[str, str], str]:
    """Each (partial, macro) the theme's templates import, with the first template that does."""
    found: dict[tuple[str, str], str] = {}
    for path in sorted(THEME_TEMPLATES.rglob("*.html")):
        name = path.relative_to(THEME_TEMPLATES).as_posix()
        for imported in getattr(theme(name), "imports", ()):
            found.setdefault(imported, name)
    return found


_BASE_INSTEAD = 'extend "base.html" instead'


# the theme's own tags, read without parsing it: a full parse of base.html would take a build
# 25 ms, and the theme is ours, written one tag to a {% %}
_EXTENDS = re.compile(r'\{%-?\s*extends\s+"([^"]+)"')
_BLOCK = re.compile(r"\{%-?\s*block\s+(\w+)")


@functools.lru_cache(maxsize=64)
def _theme_frame(name: str) -> Outline | None:
    """What one of the theme's templates extends and its blocks, from its tags."""
    path = THEME_TEMPLATES / name
    if not path.is_file():
        return None
    source = path.read_text(encoding="utf-8")
    parent = _EXTENDS.search(source)
    blocks = tuple(
        (found[1], source.count("\n", 0, found.start()) + 1) for found in _BLOCK.finditer(source)
    )
    extends = (parent[1], source.count("\n", 0, parent.start()) + 1) if parent else None
    return Outline(frozenset(), extends, blocks)


def _reuse(name: str) -> str:
    """How to build on the theme's template of a name without extending it."""
    if name == "base.html":
        return f"write the whole frame here, from a copy of the theme's: {THEME_TEMPLATES / name}"
    frame = theme("base.html")
    blocks = ", ".join(block for block, _ in frame.blocks) if frame else "content"
    return (
        f'extend "base.html" and fill its blocks ({blocks}), as the theme\'s {name} does: '
        f"{THEME_TEMPLATES / name}"
    )


def used_keys(own: dict[str, Outline]) -> frozenset[str]:
    """The theme strings the hub's own templates ask for by name."""
    return frozenset().union(*(item.keys for item in own.values()))


class Templates:
    """The hub's templates over the theme's, as the renderer finds them, read without running."""

    def __init__(self, own: dict[str, Outline], own_folder: Path) -> None:
        self.own = own
        self.own_folder = own_folder

    def find(self, name: str) -> Outline | None:
        """The template a name means: the hub's, else the theme's; None if neither parses."""
        if (self.own_folder / name).is_file():
            return self.own.get(name)  # not there: it does not parse, which is told when used
        return _theme_frame(name)

    def ancestors(self, name: str) -> list[str] | None:
        """The templates name extends, nearest first; None when one is unknown or loops."""
        chain, looped = self._chain(name)
        return None if looped or self.find(chain[-1]) is None else chain[1:]

    def loops(self, name: str) -> bool:
        """True when what name extends comes back to one of them: it would never render."""
        return self._chain(name)[1]

    def _chain(self, name: str) -> tuple[list[str], bool]:
        chain, current = [name], self.find(name)
        while current is not None and current.parent is not None:
            if current.parent[0] in chain:
                return [*chain, current.parent[0]], True
            chain.append(current.parent[0])
            current = self.find(current.parent[0])
        return chain, False

    def extending_itself(self) -> list[Diagnostic]:
        """A hub's template that extends itself, mostly by the name of the theme's it replaces."""
        found: list[Diagnostic] = []
        for name, item in self.own.items():
            chain, looped = self._chain(name)
            if not looped or chain[-1] != name or item.parent is None:
                continue  # not a loop, or one told at the templates that are in it
            shown, line = f"templates/{name}", item.parent[1]
            if len(chain) > 2:
                message = " extends ".join(chain) + ": a template cannot extend itself"
                hint = 'extend "base.html" in one of them'
                found.append(error(shown, line, None, message, hint))
            elif theme(name) is None:
                found.append(error(shown, line, None, f"{name} extends itself", _BASE_INSTEAD))
            else:
                message = (
                    f"{name} extends itself: a template of the hub cannot extend the theme's "
                    "of the same name, which it replaces"
                )
                found.append(error(shown, line, None, message, _reuse(name)))
        return found

    def missing_macros(self) -> tuple[list[Diagnostic], set[tuple[str, str]]]:
        """A hub's partial that lacks a macro the theme imports from the theme's of that name."""
        found: list[Diagnostic] = []
        missing: set[tuple[str, str]] = set()
        if not any(name.startswith("partials/") for name in self.own):
            return found, missing  # the theme's imports are read only for a hub that needs them
        for (partial, macro), importer in sorted(theme_imports().items()):
            item = self.own.get(partial)
            if item is None or any(name == macro for name, _, _ in item.macros):
                continue
            missing.add((partial, macro))
            ours = theme(partial)
            params = next((p for n, _, p in ours.macros if n == macro), "") if ours else ""
            found.append(
                error(
                    f"templates/{partial}",
                    None,
                    None,
                    f"no macro '{macro}': the theme's {importer} imports it from {partial}",
                    f"define {{% macro {macro}({params}) %}} here, as the theme's {partial} does",
                )
            )
        return found, missing

    def unknown_blocks(self) -> tuple[list[Diagnostic], set[str]]:
        """A block of a hub's template that nothing it extends has: it would never show."""
        found: list[Diagnostic] = []
        wrong: set[str] = set()
        for name, item in self.own.items():
            above = self.ancestors(name) if item.parent else None
            if not above:
                continue
            known = sorted({block for parent in above for block, _ in self._blocks(parent)})
            for block, line in item.filled:
                if block in known:
                    continue
                guess = suggest(block, known)
                listed = ", ".join(known)
                found.append(
                    error(
                        f"templates/{name}",
                        line,
                        None,
                        f"no template that {name} extends has a block '{block}', "
                        "so nothing in it is shown",
                        f"did you mean '{guess}'? The blocks it can fill are: {listed}"
                        if guess
                        else f"put it inside one of the blocks it can fill: {listed}",
                    )
                )
                wrong.add(name)
        return found, wrong

    def _blocks(self, name: str) -> tuple[tuple[str, int], ...]:
        item = self.find(name)
        return item.blocks if item is not None else ()
