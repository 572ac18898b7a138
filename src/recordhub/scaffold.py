"""``recordhub new``: a new page of a kind, with the front matter its kind asks for."""

from __future__ import annotations

import json
import os
import re
import unicodedata
from pathlib import Path

import yaml

from recordhub import cascade, placement
from recordhub.config import SiteConfig
from recordhub.diagnostics import ConfigError, error
from recordhub.urls import page_path, tag_slug

_COMMON = """\
summary: {summary}                 # one sentence, under 160 characters
date: {today}
updated: {today}
reviewed: {today}
# review_due: {next_year}        # check notes the page as stale after this date
tags: []
# weight: 0                       # order in listings, lower first
# status: current                 # current, superseded, archived or retracted
# status_note: ""
# superseded_by: ../other-page.md
# facts:
#   - {{label: Primary storage, value: "Virginia, USA", source: https://example.com}}
# sources:
#   - {{title: "Report title", url: https://example.com, publisher: Example, date: {today}}}
# changelog:
#   - {{date: {today}, kind: correction, note: "What changed and why."}}
draft: true                       # shown only in the preview; remove this line to publish
# publish_at: {today}T09:00:00Z
# expires: {next_year}T09:00:00Z   # left out of the site after this time
# slug: short-name                # the last part of the page's address
# aliases: [/old-address/]        # the page's old addresses, which lead here
# image: share.png                # the share image, a file beside the page
# template: press.html            # a template of the hub's own, in templates/
# extra: {{}}                       # values of your own, for the hub's templates
# the page's language, when its file name does not say it, and the key that its
# translations share:
# lang: {lang}
# translation_key: {slug}
"""
_TYPE_FIELDS = {
    "page": "",
    "claim": """\
claim: "The claim as it circulates, in quotes."
verdict: {verdict}                # one of: {verdicts}
fact: "The correct statement, in one line."
claimed_by:
  who: ""
  where: ""
  # date: {today}
# claim_review: false             # opt in to ClaimReview JSON-LD (see the README first)
""",
    "faq": "",
    "statement": """\
speaker: ""
role: ""
# responds_to: {{title: "Article title", url: https://example.com}}
# original_url: https://example.com/interview
""",
    "roadmap": """\
milestones:
  # planned for a day ahead: one planned for a day gone by is noted as stale
  - {{title: "First milestone", status: planned, date: {next_year}, summary: "What it delivers."}}
""",
}
_BODIES = {
    "page": "Write the page here.\n",
    "claim": "Explain the facts here, and cite your sources in the front matter.\n",
    "faq": "## Category\n\n### A question readers ask?\n\nThe answer.\n",
    "statement": "The statement, in full.\n",
    "roadmap": "What this roadmap covers.\n",
}


def new_page(config: SiteConfig, kind: str, title: str) -> Path:
    """Write a new page of kind into the section that cascades it; return its path."""
    try:
        return _new_page(config, kind, title)
    except OSError as exc:  # a folder of the hub it may not look into, while finding the place
        name = Path(exc.filename) if isinstance(exc.filename, str) else config.content_dir
        shown = name.relative_to(config.root) if name.is_relative_to(config.root) else name
        message = f"cannot be read: {(exc.strerror or str(exc)).lower()}"
        hint = f"give yourself access to {shown.parent.as_posix()}/ and the folders in it"
        raise ConfigError([error(shown.as_posix(), None, None, message, hint)]) from None


def _new_page(config: SiteConfig, kind: str, title: str) -> Path:
    """new_page, which may meet a folder of the hub it may not open."""
    cascades = placement.cascades(config)
    folder = placement.section_for(config, cascades, kind)
    # Windows can neither make nor open con.md, so the page gets the name con-page.md; and a
    # dot would make "About.es" the Spanish translation about.es.md, or a name with two ends;
    # a title of symbols only is spelt by its code points, as a topic's is, not named "page"
    slug = tag_slug(title.strip()).replace(".", "-").strip("-") or "page"
    slug = _DEVICE.sub(rf"\1-{kind}", slug, count=1)
    if slug == "_index":  # the name of a section's own page, never of a page in it
        slug = f"_index-{kind}"
    path = folder / f"{slug}.md"
    shown = str(path.relative_to(config.root))
    # a zero-width space or a soft hyphen alone shows nothing: the page's heading would be blank
    shows = any(not c.isspace() and unicodedata.category(c) != "Cf" for c in title)
    if not shows or not slug:
        message = "the title is empty" if not shows else "the title has no letter or digit"
        raise ConfigError([error(shown, None, None, message, "give the page a title in words")])
    control = next((c for c in title if unicodedata.category(c) == "Cc"), None)
    if control is not None:  # a line break or a character pasted from a terminal
        message = f"the title has a control character (U+{ord(control):04X}) in it"
        hint = "write a space for the tab" if control == "\t" else "give the title on one line"
        raise ConfigError([error(shown, None, None, message, hint)])
    # a byte that is no UTF-8 (from a terminal set to another encoding) reaches Python as a
    # lone surrogate, which no file can hold: the page would be left empty
    stray = next((c for c in title if unicodedata.category(c) == "Cs"), None)
    if stray is not None:
        message = f"the title has a byte that is not UTF-8 text (0x{ord(stray) - 0xDC00:02X}) in it"
        hint = "set the terminal to UTF-8, then give the title again"
        raise ConfigError([error(shown, None, None, message, hint)])
    # a non-character, which YAML refuses: the page would not build
    odd = next((c for c in title if c in "\ufffe\uffff"), None)
    if odd is not None:
        message = f"the title has a character that is not text (U+{ord(odd):04X}) in it"
        hint = "type the title again: this character does not show on screen"
        raise ConfigError([error(shown, None, None, message, hint)])
    hint = "choose another title, or edit the existing page"
    if path.exists() or path.is_symlink():  # a link to nothing too, which the build refuses
        message, mend = "a page with this name already exists", hint
        if not path.exists():
            message, mend = "a link to nothing has this name", "remove it, or choose another title"
        raise ConfigError([error(shown, None, None, message, mend)])
    # Team.md and team.md are one file on macOS, Windows and a CDN: the build refuses the pair
    names = {p.name.casefold(): p for p in folder.iterdir()} if folder.is_dir() else {}
    other = names.get(path.name.casefold())
    if other is not None:
        message = f"{other.relative_to(config.root).as_posix()} has this name in other capitals"
        raise ConfigError([error(shown, None, None, message, hint)])
    # /es/ is Spanish's home; the default language's is /, so /en/ is free for a page
    codes = [lang.code for lang in config.settings.languages]
    homes = {code.casefold() for code in codes if code != config.default_language}
    at_root = folder == config.content_dir and (slug in _MADE or slug in _HOSTS or slug in homes)
    taken = placement.address_taken(config, folder, slug)
    if taken is not None or at_root:
        own = "a language's home page" if slug in homes else "a page of its own"
        own = "the file of that name the build writes for the host" if slug in _HOSTS else own
        address = page_path(path.relative_to(config.content_dir).as_posix(), None)
        message = f"the page's address, /{address}, is taken by {taken or own}"
        raise ConfigError([error(shown, None, None, message, "choose another title")])
    alias = placement.alias_of(config, path)
    if alias is not None:  # the build refuses a page where another's redirect is written
        owner, given = alias
        address = page_path(path.relative_to(config.content_dir).as_posix(), None)
        message = f"the page's address, /{address}, is an alias of {owner}, which leads there"
        hint = f"choose another title, or remove {given} from the aliases of {owner}"
        raise ConfigError([error(shown, None, None, message, hint)])
    if not folder.exists():
        placement.refuse_taken_folder(config, folder, kind, shown)
    # a file, or a link to nothing, where the folder belongs: mkdir would say only "File exists"
    found = (p for p in (folder, *folder.parents) if p.is_symlink() or p.exists())
    blocked = next((p for p in found if not p.is_dir()), None)
    if blocked is not None and blocked.is_relative_to(config.root):
        what = "a file" if blocked.exists() else "a link to nothing"
        rel = blocked.relative_to(config.root).as_posix()
        message = f"{rel} is {what}, where the page's folder belongs"
        hint = f"move {rel} away, or choose the folder with `cascade: {{type: {kind}}}` "
        hint += "in an _index.md"
        raise ConfigError([error(shown, None, None, message, hint)])
    verdicts = list(config.settings.verdicts)
    today = _today()
    values = {
        "today": today,
        # a year on, or the 28th where the day is the 29th of February
        "next_year": f"{int(today[:4]) + 1}{today[4:].replace('-02-29', '-02-28')}",
        # read back as written once the line is uncommented: a page "Yes" is no true/false
        "lang": _scalar(config.default_language),
        "slug": _scalar(slug),
        "summary": json.dumps("One sentence that sums up this page."),
        "verdict": json.dumps(verdicts[0] if verdicts else "false"),
        "verdicts": ", ".join(verdicts),
    }
    # the new file is in the default language, so only that language's cascade applies to it;
    # a plain page says its type too, as nothing cascades it
    rel_key = path.relative_to(config.content_dir).as_posix()
    default = config.default_language
    cascaded = kind != "page" and cascade.type_of(rel_key, default, default, cascades) == kind
    head = f"---\ntitle: {json.dumps(title, ensure_ascii=False)}\n"
    if not cascaded:
        head += f"type: {kind}\n"
    text = head + (_COMMON + _TYPE_FIELDS[kind]).format(**values) + "---\n\n" + _BODIES[kind]
    try:
        folder.mkdir(parents=True, exist_ok=True)
        _write_new(path, text)
    except OSError as exc:  # a folder not ours to write in, or a full disk
        message = f"cannot be written: {exc.strerror or exc}"
        there = next(p for p in (folder, *folder.parents) if p.exists())  # the one to open up
        hint = f"give yourself write access to {there.relative_to(config.root).as_posix()}/"
        raise ConfigError([error(shown, None, None, message, hint)]) from None
    return path


def _scalar(text: str) -> str:
    """text as YAML reads it back: plain, or in quotes where YAML reads another value (yes, 123)."""
    try:
        plain = yaml.safe_load(text) == text
    except yaml.YAMLError:
        plain = False
    return text if plain else json.dumps(text, ensure_ascii=False)


def _write_new(path: Path, text: str) -> None:
    """Write a file that must not exist yet; nothing is left of it when the write fails."""
    with path.open("x", encoding="utf-8") as page:  # never over a file made meanwhile
        try:
            page.write(text)
            page.flush()
        except OSError:
            path.unlink()
            raise


# the names Windows keeps for devices, with or without an extension
_DEVICE = re.compile(r"^(con|prn|aux|nul|com[1-9¹²³]|lpt[1-9¹²³])(?=\.|$)", re.IGNORECASE)
# addresses the build makes pages at, in the default language
_MADE = frozenset({"tags", "corrections", "search", "assets", "pagefind"})
# files the build writes at the top for the host (Netlify, Cloudflare Pages), where a page
# named alike would want a folder
_HOSTS = frozenset({"_headers", "_redirects"})


def _today() -> str:
    """Today's date where the page is written; SOURCE_DATE_EPOCH's day in UTC, as builds read it."""
    from recordhub.uptodate import clock

    now = clock()
    # a statement written at 10 pm in California is of that day, not of the next, as in UTC
    mine = now if os.environ.get("SOURCE_DATE_EPOCH", "").strip() else now.astimezone()
    return mine.date().isoformat()
