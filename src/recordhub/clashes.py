"""Outputs that would clash: two for one path, or a file where another writes a folder."""

from __future__ import annotations

from recordhub.diagnostics import Diagnostic, error
from recordhub.plan import ALIASES, Output


def unique(planned: list[Output]) -> tuple[list[Output], list[Diagnostic]]:
    """The outputs less any that another planned earlier would clash with, and an error for
    each: two for one path (compared without case, as most hosts and disks do), or a file
    where another writes into a folder of that name (a page content/robots.txt.md)."""
    files: dict[str, Output] = {}
    folders: dict[str, Output] = {}  # every folder an output is in -> the first such output
    kept: list[Output] = []
    found: list[Diagnostic] = []
    for item in planned:
        key = item.rel.casefold()
        parts = key.split("/")
        above = ["/".join(parts[:n]) for n in range(1, len(parts))]
        other = files.get(key) or folders.get(key)
        other = other or next((files[folder] for folder in above if folder in files), None)
        if other is not None:
            found.append(_clash(item, other))
            continue  # the first is written (and checked) while the build goes on to fail
        files[key] = item
        for folder in above:
            folders.setdefault(folder, item)
        kept.append(item)
    return kept, found


def _clash(item: Output, other: Output) -> Diagnostic:
    # shown at a file the editor wrote, the later of two
    ours = ("content/", "static/", "templates/")
    later_is_ours = item.origin.startswith(ours) or item.origin.endswith(ALIASES)
    swap = not later_is_ours and other.origin.startswith(ours)
    where, then = (other, item) if swap else (item, other)
    if made(where) and not made(then):  # never at a file that is not there
        where, then = then, where
    if made(then) and not where.origin.endswith(ALIASES):
        folder = then.origin.removesuffix("_index.md")
        return error(
            *named_at(where),
            f"writes {where.rel}, the address of the folder {folder} (which has no _index.md, "
            "so a section page is made for it)",
            f"to make this page the folder's own, move it to {folder}{_index_name(where)}; "
            "else change the page's name or slug, or the folder's name",
        )
    if where.origin.endswith(ALIASES):  # a redirect page: the page whose alias it is
        alias = "/" + where.rel.removesuffix("index.html")
        return error(
            where.origin.removesuffix(ALIASES),
            *where.at,
            f"the alias {alias} would write a redirect page where {then.origin} writes {then.rel}",
            "remove that alias, or change it",
        )
    hint = "give one of them a different slug or file name"
    if where.rel.casefold() == then.rel.casefold():
        message = f"writes {where.rel}, which {then.origin} also writes"
    else:
        hint = f"a file and a folder cannot have one name: {hint}"
        if where.rel.casefold().startswith(then.rel.casefold() + "/"):
            message = (
                f"writes {where.rel}, in a folder {then.rel}/, where {then.origin} writes a file"
            )
        else:
            message = f"writes the file {where.rel}, where {then.origin} writes {then.rel}, in a "
            message += "folder of that name"
    return error(*named_at(where), message, hint)


def made(item: Output) -> bool:
    """True for the page made for a folder with no _index.md: its file does not exist."""
    page = item.page
    return page is not None and page.kind == "section" and page.positions is None


def _index_name(item: Output) -> str:
    """The name of a folder's _index file in the language of item's page (_index.es.md)."""
    page, name = item.page, item.origin.rpartition("/")[2]
    plain = page.rel_path.rpartition("/")[2] if page is not None else name
    language = name.removesuffix(".md")[len(plain.removesuffix(".md")) :]  # ".es", or ""
    return f"_index{language}.md" if name.startswith(plain.removesuffix(".md")) else "_index.md"


def named_at(item: Output) -> tuple[str, int | None, int | None]:
    """Where an output's name is given: a page's slug: line, an alias's line (the origin
    still names it a page's aliases), or else the file it comes from."""
    if item.origin.endswith(ALIASES):
        return (item.origin, *item.at)
    page = item.page
    if page is not None and page.positions is not None and page.matter.slug:
        return (item.origin, *page.positions.value(("slug",)))
    return item.origin, None, None
