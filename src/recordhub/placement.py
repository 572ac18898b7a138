"""Where ``recordhub new`` writes a page: the section that cascades its type, at an address
that no other page or folder has."""

from __future__ import annotations

from pathlib import Path

import yaml

from recordhub.config import SiteConfig
from recordhub.diagnostics import ConfigError, Diagnostic, error, notice
from recordhub.leftout import skipped_folder
from recordhub.urls import base_path, declared_language, page_path, slugify, split_language

DEFAULT_FOLDERS = {
    "page": "",
    "claim": "claims",
    "faq": "faq",
    "statement": "statements",
    "roadmap": "roadmap",
}


def cascades(config: SiteConfig) -> dict[tuple[str, str], dict[str, object]]:
    """What each section's _index.md cascades, by its folder and language, as the build reads it."""
    codes = tuple(language.code for language in config.settings.languages)
    found: dict[tuple[str, str], dict[str, object]] = {}
    for index in sorted(config.content_dir.rglob("_index*.md")):
        rel = index.relative_to(config.content_dir)
        rel_key, named = split_language(rel.as_posix(), codes)
        # the build never reads a hidden folder (a copy kept as .claims-old/) or a tool's, so a
        # page put there would never be shown, not even in the preview
        if rel_key.rpartition("/")[2] != "_index.md" or any(map(skipped_folder, rel.parts[:-1])):
            continue
        data = front_matter(index)
        said = data.get("lang")
        # a language in the file name wins over lang:, as when the build places the page
        lang = named or (
            declared_language(said, codes) if isinstance(said, str) else config.default_language
        )
        given = data.get("cascade")
        if isinstance(given, dict):
            found[(rel_key.rpartition("/")[0], lang)] = given
    return found


def section_for(
    config: SiteConfig, cascades: dict[tuple[str, str], dict[str, object]], kind: str
) -> Path:
    """The first folder whose default-language _index.md cascades kind, else the usual folder."""
    default = config.default_language
    for folder, lang in sorted(cascades):
        if lang == default and cascades[(folder, lang)].get("type") == kind:
            return config.content_dir / folder
    return config.content_dir / DEFAULT_FOLDERS[kind]


def address_taken(config: SiteConfig, folder: Path, slug: str) -> str | None:
    """What in folder has the address a new page named slug would get: a page of the default
    language by its name or slug, or a folder by its name or its _index.md's slug, as a folder
    of pages with no _index.md gets a section page all the same."""
    codes = tuple(language.code for language in config.settings.languages)
    default = config.default_language
    for entry in sorted(folder.iterdir()) if folder.is_dir() else ():
        rel = entry.relative_to(config.root).as_posix()
        rel_key, named = split_language(entry.name, codes)
        if entry.is_dir() and not entry.name.startswith("."):
            index = entry / "_index.md"
            pages = (
                split_language(p.name, codes)[1] in (None, default) for p in entry.rglob("*.md")
            )
            if not index.is_file() and not any(pages):
                continue  # no page in the default language, so no section page in it either
            front, name = front_matter(index), entry.name
            made = f"the folder {rel}/, which has no _index.md, so a section page is made for it"
            what = f"{rel}/_index.md" if index.is_file() else made
        elif entry.suffix == ".md" and named in (None, default) and rel_key != "_index.md":
            front, name, what = front_matter(entry), rel_key.removesuffix(".md"), rel
        else:
            continue
        given = front.get("slug") if isinstance(front.get("slug"), str) else None
        if slugify(str(given or name)) == slugify(slug):
            return f"{what} (slug: {given})" if given else what
    return None


def refuse_taken_folder(config: SiteConfig, folder: Path, kind: str, shown: str) -> None:
    """Refuse to make a folder whose address a page beside it has (roadmap/ by roadmap.md):
    the folder's section page and that page would both be written there."""
    codes = ("", *(f".{language.code}" for language in config.settings.languages))

    def takes(page: Path) -> bool:
        slug = front_matter(page).get("slug") if page.is_file() else None
        return page.is_file() and (not isinstance(slug, str) or slug == folder.name)

    page = next((p for c in codes if takes(p := folder.parent / f"{folder.name}{c}.md")), None)
    # another page beside it may have the folder's address by its slug
    taken = page and page.relative_to(config.root).as_posix()
    taken = taken or address_taken(config, folder.parent, folder.name)
    if taken is None:
        return
    made, address = folder.relative_to(config.root), folder.relative_to(config.content_dir)
    message = (
        f"the new folder {made.as_posix()}/ would have the address /{address.as_posix()}/, "
        f"which {taken} has"
    )
    mend = f"rename {taken}" if page else "change that page's slug"
    hint = (
        f"to choose the folder for {kind} pages, write `cascade: {{type: {kind}}}` in its "
        f"_index.md; or {mend}"
    )
    raise ConfigError([error(shown, None, None, message, hint)])


def alias_of(config: SiteConfig, path: Path) -> tuple[str, str] | None:
    """The page, and its alias, that gives as an old address the address of a page at path."""
    from recordhub.redirects import alias_path

    address = page_path(path.relative_to(config.content_dir).as_posix(), None).casefold()
    root = base_path(config.settings.base_url)
    for page in sorted(config.content_dir.rglob("*.md")):
        if any(map(skipped_folder, page.relative_to(config.content_dir).parts[:-1])):
            continue
        aliases = front_matter(page).get("aliases")
        for alias in aliases if isinstance(aliases, list) else ():
            # as the build compares them: /Team/ and /team are one
            if isinstance(alias, str) and alias_path(alias, root).casefold() == address:
                return page.relative_to(config.root).as_posix(), alias
    return None


def held_back(config: SiteConfig, path: Path) -> list[Diagnostic]:
    """A notice for each translation by name (about.es.md) that the draft at path holds back."""
    default = config.default_language
    shown = path.relative_to(config.root).as_posix()
    found = []
    for language in config.settings.languages:
        twin = path.with_name(f"{path.stem}.{language.code}.md")
        front = front_matter(twin) if language.code != default and twin.is_file() else None
        if front is None or front.get("translation_key") or front.get("draft") is True:
            continue
        message = f"it translates {shown}, so it is no longer published while that is a draft"
        hint = "to publish it on its own, give it a translation_key of its own"
        found.append(notice(twin.relative_to(config.root).as_posix(), None, None, message, hint))
    return found


def front_matter(index: Path) -> dict[str, object]:
    """The front matter of a page, or nothing when it cannot be read."""
    try:
        text = index.read_text(encoding="utf-8-sig")
        front = text.split("\n---", 1)[0].removeprefix("---")
        data = yaml.safe_load(front)
    except (OSError, yaml.YAMLError, UnicodeDecodeError):
        return {}
    return data if isinstance(data, dict) else {}
