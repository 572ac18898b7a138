"""Where each source file ends up: URL paths, output file paths and slugs."""

from __future__ import annotations

import functools
import hashlib
import posixpath
import re
import unicodedata
from urllib.parse import quote, urlsplit

MAX_SEGMENT_BYTES = 200
_DASHES = re.compile(r"-{2,}")
_NOT_ASCII_KEPT = re.compile(r"[^a-z0-9._~-]")  # what _segment makes a dash, in ASCII


@functools.lru_cache(maxsize=4096)  # folder names repeat on every page below them
def slugify(text: str) -> str:
    """A lower-case URL segment: NFC, spaces to dashes, punctuation dropped, at most 200 bytes."""
    return shorten(_segment(text) or "page")


@functools.lru_cache(maxsize=4096)  # a hub has few topics, each on many pages
def tag_slug(name: str) -> str:
    """A topic's URL segment; one of only symbols or punctuation is spelt by its code points."""
    segment = _segment(name)
    if not segment:
        # "page", as slugify gives, would put every emoji-only topic on one page
        text = unicodedata.normalize("NFC", name)
        segment = "-".join(f"u{ord(c):04x}" for c in text if not c.isspace())
    return shorten(segment)


def _segment(text: str) -> str:
    """Lower-case letters, marks and digits of text, with dashes between runs; may be empty."""
    if text.isascii():  # nearly every path: its letters and digits are these (10,000 pages: 0.1 s)
        return _DASHES.sub("-", _NOT_ASCII_KEPT.sub("-", text.strip().lower())).strip("-.")
    text = unicodedata.normalize("NFC", text).strip().lower()
    kept: list[str] = []
    joined = False
    for c in text:
        kind = unicodedata.category(c)[0]
        # letters, marks and digits of every script stay (Devanagari and Thai need their
        # marks), but a mark on a symbol goes with it: the invisible one that makes ❤ an emoji
        joined = kind in "LN" or (kind == "M" and joined)
        kept.append(c if joined or c in "-._~" else "-")
    return _DASHES.sub("-", "".join(kept)).strip("-.")


def shorten(segment: str) -> str:
    """Cut a segment over the byte limit, keeping it unique by a hash of the whole."""
    raw = segment.encode("utf-8")
    if len(raw) <= MAX_SEGMENT_BYTES:
        return segment
    digest = hashlib.sha256(raw).hexdigest()[:10]
    head = raw[: MAX_SEGMENT_BYTES - 11].decode("utf-8", errors="ignore").rstrip("-")
    return f"{head}-{digest}"


def split_language(rel_path: str, codes: tuple[str, ...]) -> tuple[str, str | None]:
    """``faq/data.es.md`` -> (``faq/data.md``, ``es``) when es is a declared language."""
    stem, _, ext = rel_path.rpartition(".")
    base, dot, code = stem.rpartition(".")
    if dot and code in codes and "/" not in code:
        return f"{base}.{ext}", code
    return rel_path, None


def declared_language(code: str, codes: tuple[str, ...]) -> str:
    """A language code as site.yml writes it (pt-br -> pt-BR): tags ignore case (BCP 47).
    One site.yml does not declare is cased as BCP 47 does, so fr and FR are one language."""
    return next((known for known in codes if known.lower() == code.lower()), cased_tag(code))


def cased_tag(code: str) -> str:
    """A language tag in the case BCP 47 writes it: pt-br is pt-BR, ZH-HANT-tw zh-Hant-TW."""
    primary, *parts = code.split("-")
    # a script in title case, a region in upper case, the rest (variants, extlang) in lower
    cased = [p.title() if len(p) == 4 else p.upper() if len(p) == 2 else p.lower() for p in parts]
    return "-".join([primary.lower(), *cased])


def page_path(rel_path: str, slug: str | None) -> str:
    """Site-relative folder of a page: ``faq/data.md`` -> ``faq/data/``; ``_index.md`` -> ``''``."""
    folder, _, name = rel_path.rpartition("/")
    stem = name.removesuffix(".md")
    parts = [slugify(part) for part in folder.split("/") if part]
    if stem != "_index":
        parts.append(slugify(slug) if slug else slugify(stem))
    elif slug and parts:
        parts[-1] = slugify(slug)
    return "".join(f"{part}/" for part in parts)


def output_file(path: str) -> str:
    """The file that serves a site-relative path: ``faq/`` -> ``faq/index.html``."""
    if path.endswith("/") or not path:
        return f"{path}index.html"
    return path


def base_path(base_url: str) -> str:
    """The path part of base_url, always ending in '/': ``https://x.com/hub/`` -> ``/hub/``."""
    path = urlsplit(base_url).path or "/"
    return path if path.endswith("/") else path + "/"


# an address's scheme, as RFC 3986 spells it (the first group)
SCHEME = re.compile(r"([a-zA-Z][a-zA-Z0-9+.-]*):")
_FOLLOWED = frozenset({"http", "https", "mailto", "tel"})


def followable(value: str) -> str:
    """Refuses an address that would run code or carry a document (javascript:, data:)."""
    # browsers drop whitespace and control characters anywhere in a scheme: j\tavascript:
    scheme = SCHEME.match("".join(c for c in value if c > " " and c != "\x7f"))
    if scheme is not None and scheme[1].lower() not in _FOLLOWED:
        raise ValueError(f"'{scheme[1]}:' addresses are not allowed in links: {value}")
    return value


def rooted(url: str, root: str) -> str:
    """An address from the site's root put in the folder the hub lives in (root), unless it
    names that folder already, so the same text works at a host's root and in a folder of it."""
    if root == "/" or not url.startswith("/") or url.startswith(("//", root)):
        return url
    if url.startswith(root[:-1]) and url[len(root) - 1 : len(root)] in ("", "?", "#"):
        return url  # the folder without its slash ('/facts', '/facts#top'), as hosts serve it
    return root + url[1:]


def site_path(written: str, root: str) -> str:
    """A path from the site's root as a path in the site: one that names the hub's folder
    already ('/facts/faq/' of a hub at /facts/) is the same as '/faq/', as rooted reads it."""
    if root != "/" and written[:1] == "/" != written[1:2] and rooted(written, root) == written:
        return written[len(root) - 1 :].lstrip("/")
    return written.lstrip("/")


def is_external(url: str) -> bool:
    """True for links with a scheme or a host (``https:``, ``mailto:``, ``//cdn``)."""
    try:
        parts = urlsplit(url)
    except ValueError:  # e.g. an unclosed IPv6 bracket: not a link of ours to rewrite
        return True
    return bool(parts.scheme or parts.netloc)


def resolve(from_rel: str, target: str, folder: str | None = None) -> str:
    """Join a relative link target onto the folder (given, or of from_rel) of its file."""
    if not target:
        joined = from_rel
    else:
        folder = posixpath.dirname(from_rel) if folder is None else folder
        # what posixpath.join does for these, without its generality: this runs for every link
        if target.startswith("/") or not folder:
            joined = posixpath.normpath(target)
        else:
            joined = posixpath.normpath(folder + ("" if folder.endswith("/") else "/") + target)
    return joined if joined.isascii() else unicodedata.normalize("NFC", joined)


def file_address(path: str) -> str:
    """A file's path as the site's addresses write it: what a URL cannot hold as it is (a space,
    a letter outside ASCII, '%', '#', '?') percent-encoded."""
    return quote(path, safe="/!$&'()*+,;=@~")


def encode(url: str) -> str:
    """Percent-encode the non-ASCII parts of a URL for feeds and sitemaps."""
    return quote(url, safe=":/?#[]@!$&'()*+,;=%~")


# a path, if any, of plain words: the folders `.` and `..` are taken out of addresses
_BASE_URL = re.compile(r"https?://[^/\\\s?#]+(/(?!\.\.?(/|$))[A-Za-z0-9._~-]+)*/?")


def published_at(value: str) -> str:
    """base_url as browsers write it, ending in /; ValueError, saying why, if it is none."""
    # a query, a fragment or an odd path would end up inside every address of the site
    if "@" in value.split("//", 1)[-1].split("/", 1)[0]:
        # a user name and password would be published in every page's addresses
        raise ValueError("base_url must not hold a user name or password (user:secret@)")
    scheme, sep, rest = value.partition("://")
    if sep and scheme.lower() in ("http", "https"):  # HTTPS:// is the same address
        value = scheme.lower() + sep + rest
    try:
        given = urlsplit(value).netloc if _BASE_URL.fullmatch(value) else None
    except ValueError:  # an IPv6 address without its closing bracket
        given = None
    if given is None:
        raise ValueError(
            "base_url must be an absolute URL such as https://facts.example.com/, "
            "with no query or fragment, and a path, if any, of plain words: /hub/"
        )
    # the address a browser shows on the home page: every page would be put in /index.html/
    page = re.search(r"(?<=/)[^/]+\.(?:html?|php|aspx?)$", value, re.IGNORECASE)
    if page is not None and urlsplit(value).path.strip("/"):
        folder = value[: page.start()]
        why = f"base_url ends with {page[0]}, a page's file: the hub's address is its folder"
        raise ValueError(f"{why}, {folder}")
    scheme = value.split(":", 1)[0]
    bracket = given.rfind("]") + 1  # an IPv6 address, [::1], has colons of its own
    host = given[:bracket] + given[bracket:].partition(":")[0]
    port = given[len(host) + 1 :]
    if port and not (port.isascii() and port.isdigit() and 0 < int(port) < 65536):
        raise ValueError(f"base_url has a port that is not a number from 1 to 65535: {port}")
    # as browsers write it: https://Facts.Example.com:443/ is https://facts.example.com/, and
    # https://Bücher.example/ is https://xn--bcher-kva.example/, the name DNS and sitemaps read
    try:
        host = host.lower() if bracket else host.lower().encode("idna").decode("ascii")
    except UnicodeError:
        raise ValueError(f"base_url has a host name that no address can have: {host}") from None
    port = port and str(int(port))  # :080 is :80
    port = "" if port in ("", {"https": "443", "http": "80"}[scheme]) else f":{port}"
    value = value.replace(given, host + port, 1)
    return value if value.endswith("/") else value + "/"


def spoken_language(
    rel_path: str, lang: str, data: dict[str, object], codes: tuple[str, ...]
) -> str:
    """A page's language before validation: its file name's, else its lang: field's."""
    said = data.get("lang")
    # as when the page is placed: a language in the file name wins over lang:, which is told
    if isinstance(said, str) and not rel_path.endswith(f".{lang}.md"):
        return declared_language(said, codes)
    return lang
