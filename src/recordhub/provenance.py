"""Where something on a published page was written: in the page's Markdown or front matter,
in an HTML file copied as it is, in site.yml or in a template, so that a check reports a problem
there and not in the HTML it found it in."""

from __future__ import annotations

import functools
import html as htmllib
import posixpath
import re
from pathlib import Path

from recordhub import frontmatter, linkhints, links, yamldoc
from recordhub.destinations import HALF_SCHEME
from recordhub.diagnostics import DiagnosticError
from recordhub.siteview import Site
from recordhub.urls import site_path

_MD_LINK = re.compile(
    r"\]\(\s*<?(?P<a>(?:\\.|[^)\s>\\])+)|^\s*\[[^\]]+\]:\s*<?(?P<b>\S+?)>?\s*$", re.M
)
_MD_PATH = re.compile(r"""[^\s"'()\[\]<>{},]+\.md(?:#[^\s"'()\[\]<>{},]*)?""")


def where_written(
    source: Path, rel_path: str, url: str, targets: dict[str, str], root: str = "/", nth: int = 0
) -> tuple[int, int] | None:
    """Line and column in a Markdown file of the link that became url, if it came from there:
    the nth such link (from 0), or the last if there are fewer."""
    found = written_as(source, rel_path, url, targets, root, nth)
    return None if found is None else found[:2]


def written_as(
    source: Path, rel_path: str, url: str, targets: dict[str, str], root: str = "/", nth: int = 0
) -> tuple[int, int, str] | None:
    """As where_written, with the link as it was written (a .md file's, not its address)."""
    read = _read(source, rel_path, targets, root)
    if read is None:
        return None
    text, body, body_line, written_links = read
    shown = f'<a href="{htmllib.escape(url)}">'
    hits = [
        (at, written)
        for at, written, html in written_links
        if url in (written, links.unescaped(written)) or html == shown
    ]
    if hits:
        at, written = hits[min(nth, len(hits) - 1)]
        line = body_line + body.count("\n", 0, at)
        return line, at - (body.rfind("\n", 0, at) + 1) + 1, written
    # a page the front matter names (superseded_by: live.md#part), as the theme links it
    for match in _MD_PATH.finditer(text):
        html = links.rewrite(f'<a href="{htmllib.escape(match[0])}">', rel_path, targets.get, root)
        if html == f'<a href="{htmllib.escape(url)}">':
            at = match.start()
            return text.count("\n", 0, at) + 1, at - (text.rfind("\n", 0, at) + 1) + 1, match[0]
    # raw HTML in the body, then a front-matter value the theme shows (a source's url, say)
    found = written_at(text, url)
    if found is None and root != "/" and url.startswith(root):
        # a front-matter address from the site's root, shown in the hub's folder (urls.rooted)
        url = "/" + url[len(root) :]
        found = written_at(text, url)
    return None if found is None else (*found, url)


# each Markdown link of a page (where, as written, as its address in HTML): a page with many
# broken links is read and its links rewritten once, not once for each (minutes, at 30,000)
_Read = tuple[str, str, int, list[tuple[int, str, str]]]
_READ: dict[tuple[Path, str, str], tuple[tuple[int, int], dict[str, str], _Read]] = {}


def _read(source: Path, rel_path: str, targets: dict[str, str], root: str) -> _Read | None:
    """A page file's text, body, first line of body and Markdown links, read once while the
    file and the hub's targets stay as they are."""
    key = (source, rel_path, root)
    try:
        stat = source.stat()
        kept = _READ.get(key)
        if kept is not None and kept[0] == (stat.st_mtime_ns, stat.st_size) and kept[1] is targets:
            return kept[2]
        text = frontmatter.decode(source.read_bytes(), rel_path)
        raw = frontmatter.parse(text, rel_path)
    except (OSError, DiagnosticError):
        return None
    found = []
    for match in _MD_LINK.finditer(raw.body):
        written = match["a"] or match["b"] or ""
        html = links.rewrite(f'<a href="{htmllib.escape(written)}">', rel_path, targets.get, root)
        found.append((match.start("a" if match["a"] else "b"), written, html))
    if len(_READ) >= 64:  # pages of one build's broken links, then the next build's
        _READ.clear()
    read = (text, raw.body, raw.body_line, found)
    _READ[key] = ((stat.st_mtime_ns, stat.st_size), targets, read)
    return read


def written_at(text: str, url: str) -> tuple[int, int] | None:
    """Line and column of url in a text: as an href or src in HTML first, else anywhere."""
    for before in (r"""\b(?:href|src)\s*=\s*["']?""", ""):
        # as it is, or with characters written as references (&amp;, &#111;)
        pattern = before + "(" + links.spelled(url) + r""")(?=[\s)>"'},\]]|$)"""
        found = re.search(pattern, text, re.MULTILINE)
        if found is not None:
            at = found.start(1)
            return text.count("\n", 0, at) + 1, at - (text.rfind("\n", 0, at) + 1) + 1
    return None


def text_of(path: Path) -> str:
    """A file's text as written, for finding where something is in it ('' if it is gone)."""
    try:
        return path.read_text("utf-8", "replace")
    except OSError:
        return ""


def given_in_site_yml(link: str, site: Site) -> tuple[str, tuple[int, int]] | None:
    """The site.yml setting (contact, organization, its logo) that gives link, and where, if
    one does."""
    settings, positions = site.config.settings, site.config.positions
    contact, org = settings.contact, settings.organization
    given: list[tuple[yamldoc.Path, str | None]] = []
    given += [(("contact", "press"), contact.press), (("contact", "security"), contact.security)]
    if org is not None:
        given += [(("organization", "url"), org.url), (("organization", "logo"), org.logo)]
        given += [(("organization", "same_as", n), a) for n, a in enumerate(org.same_as)]
    for key, address in given:
        if address and address == link:
            name = "".join(f"[{k}]" if isinstance(k, int) else f".{k}" for k in key)[1:]
            return name, positions.value(key)
    return None


def menu_entry(
    link: str, site: Site, anchor: str | None = None
) -> tuple[tuple[int, int], str] | None:
    """Where site.yml's menus give link as an address, if they do, and what to do about it
    (anchor: the hint for an anchor the page lacks, if that is what is wrong)."""
    settings, positions = site.config.settings, site.config.positions
    # a menu gives a path in each language's own version where it has one: /es/tags/
    prefixes = ["", *(f"{code}/" for code in site.languages if code != site.default_language)]
    for key, entries in (("menu", settings.menu), ("footer_menu", settings.footer_menu)):
        for index, entry in enumerate(entries):
            at = positions.value((key, index, "url"))
            file, _, fragment = entry.url.partition("#")
            page = site.by_source.get(posixpath.normpath(file.lstrip("/")))
            if file.endswith(".md") and page is not None:  # a heading of the page, in each language
                if link == page.url + "#" + fragment:
                    return (
                        at,
                        f"use the anchor of a heading of content/{file}, or leave out #{fragment}",
                    )
                # a translated heading has an anchor of its own words, which the one entry of
                # every language's menu cannot name
                other = next((t for t in page.translations if link == t.url + "#" + fragment), None)
                if other is not None:
                    named = {name.rpartition(".")[2] for name in settings.markdown.extensions}
                    add = "" if "attr_list" in named else "add attr_list to markdown.extensions, "
                    return at, (
                        f"{add}write {{#{fragment}}} after the heading of {other.source_path} "
                        f"that translates it, or leave out #{fragment}"
                    )
                continue
            if link == entry.url and HALF_SCHEME.match(link):  # https:x, a path on the hub
                return at, linkhints.for_address(link)
            path = site_path(entry.url, site.root)  # /facts/tags/ of a hub at /facts/ too
            urls = {site.root + prefix + path for prefix in prefixes}
            if not file.endswith(".md") and (link in urls or link == entry.url):  # or in full
                # a page the build makes (/tags/, /corrections/) has no file to point at
                own = any(p.url == link.partition("#")[0] for p in site.by_source.values())
                told = "point the entry at the page's file under content/, e.g. faq/_index.md"
                return at, anchor if anchor and not own else told
    return None


def id_given_at(text: str, anchor: str) -> int | None:
    """The line of a page's file that gives an element this id by hand: in an attribute list
    ({: #anchor }) or in HTML (id="anchor")."""
    name = re.escape(anchor)
    given = re.compile(rf"""\{{[^{{}}]*#{name}(?=[\s}}])|\bid\s*=\s*["']?{name}(?![^"'\s>])""")
    return next((n for n, line in enumerate(text.splitlines(), 1) if given.search(line)), None)


def template_with(text: str, site: Site, fallback: str) -> tuple[str, int | None]:
    """The template file (and line) where a link was written: the one template that has it,
    else the one among the page's own template (fallback) and then the templates that one
    extends, includes or imports."""
    hits: list[tuple[str, int]] = []
    for shown, path in _templates(site).items():
        for number, line in enumerate(_uncommented(path).splitlines(), 1):
            if text in line:
                hits.append((shown, number))
    if len(hits) == 1:
        return hits[0]
    # a theme template or another page's that has the same text (a comment of base.html names
    # /favicon.ico) leaves the page's own template the only one that can have written it
    for used in ({fallback}, _used_by(fallback, site)):
        mine = [hit for hit in hits if hit[0] in used]
        if len(mine) == 1:
            return mine[0]
    return fallback, None


_HUB, _THEME = "templates/", "recordhub theme: "
_JINJA_COMMENT = re.compile(r"\{#.*?#\}", re.DOTALL)
_NAMES = re.compile(r"""\{%-?\s*(?:extends|include|import|from)\s+["']([^"']+)["']""")


def _templates(site: Site) -> dict[str, Path]:
    """Every template in use, by the name messages show: the hub's, and the theme's that the
    hub does not override."""
    from recordhub.strings import THEME_DIR

    found: dict[str, Path] = {}
    for folder, shown in ((site.config.templates_dir, _HUB), (THEME_DIR / "templates", _THEME)):
        if not folder.is_dir():
            continue
        for path in sorted(folder.rglob("*.html")):
            name = path.relative_to(folder).as_posix()
            if shown == _HUB or _HUB + name not in found:
                found[shown + name] = path
    return found


def _uncommented(path: Path) -> str:
    """A template's text with its Jinja comments blanked out, lines kept: they write nothing."""
    try:
        info = path.stat()
        return _blanked(path, info.st_mtime_ns, info.st_size)
    except OSError:
        return ""


@functools.lru_cache(maxsize=256)  # a broken link in base.html is placed once for every page
def _blanked(path: Path, mtime_ns: int, size: int) -> str:
    text = path.read_text("utf-8", "replace")
    return _JINJA_COMMENT.sub(lambda c: re.sub(r"[^\n]", " ", c[0]), text)


def _used_by(shown: str, site: Site) -> set[str]:
    """A template and every template it extends, includes or imports, and so on, by shown name."""
    templates = _templates(site)
    used: set[str] = set()
    waiting = [shown]
    while waiting:
        current = waiting.pop()
        if current in used or current not in templates:
            continue
        used.add(current)
        for name in _NAMES.findall(_uncommented(templates[current])):
            waiting.append(_HUB + name if _HUB + name in templates else _THEME + name)
    return used
