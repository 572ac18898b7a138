"""Where an address in the finished HTML leads: to another origin, as browsers read it, or to
a file of the site and an anchor in it."""

from __future__ import annotations

import functools
import posixpath
import re
from collections.abc import Iterable
from urllib.parse import unquote, urljoin, urlsplit


@functools.lru_cache(maxsize=4096)  # the same few stylesheets and scripts on every page
def origin(url: str) -> str | None:
    """scheme://host[:port] of an absolute or protocol-relative URL; None for same-site URLs."""
    try:
        parts = urlsplit(as_browsers_read(url))
    except ValueError:
        return None
    if parts.scheme in {"data", "blob", "mailto", "tel", "about", "javascript"}:
        return None
    netloc = parts.netloc
    if not netloc and parts.scheme.lower() in {"http", "ws", "wss", "ftp"} and parts.path:
        # 'http:host/x' on an https page names a host: only the page's own scheme is relative
        netloc = parts.path.lstrip("/").split("/", 1)[0]
    if not netloc:
        return None
    scheme = (parts.scheme or "https").lower()
    # as browsers compare origins: no user name, and no port where it is the scheme's own
    host, colon, port = netloc.rpartition("@")[2].lower().rpartition(":")
    if colon and (not port or port.isdigit()):
        port = "" if not port or int(port) == _DEFAULT_PORTS.get(scheme) else f":{int(port)}"
    else:  # no port, or the end of an IPv6 address: [::1]
        host, port = f"{host}{colon}{port}", ""
    return f"{scheme}://{named(host)}{port}"


def named(host: str) -> str:
    """A host as DNS and browsers name it: bücher.example is xn--bcher-kva.example."""
    if host.isascii():
        return host
    try:
        return host.encode("idna").decode("ascii")
    except UnicodeError:  # no host can be named so: it stays as written, and matches nothing
        return host


_DEFAULT_PORTS = {"https": 443, "http": 80, "wss": 443, "ws": 80, "ftp": 21}


_SPECIAL = re.compile(r"(?:(?:https?|wss?|ftp|file):)?(?![a-z][a-z0-9+.-]*:)", re.IGNORECASE)


def as_browsers_read(url: str) -> str:
    """A URL as browsers parse it: tabs and line breaks dropped, spaces and controls trimmed,
    and a backslash before any ? or # taken for a slash in web addresses (and relative ones,
    on a web page): `https:\\\\evil.example\\x.png` loads from evil.example."""
    url = url.translate(_DROPPED).strip("".join(map(chr, range(33))))
    if "\\" in url and _SPECIAL.match(url):
        end = min((i for i in (url.find("?"), url.find("#")) if i >= 0), default=len(url))
        url = url[:end].replace("\\", "/") + url[end:]
    return url


_DROPPED = str.maketrans("", "", "\t\n\r")


def foreign(loads: Iterable[tuple[str, str]], own: str, allowed: set[str]) -> list[tuple[str, str]]:
    """The loads that would reach an origin other than the site's own and the allowed ones."""
    return [
        (what, url)
        for what, url in loads
        if (o := origin(url)) is not None and o != own and o not in allowed
    ]


# a web address with no // after its scheme, which a browser reads as a relative address when
# the page has that scheme (the URL standard's "special relative or authority" state): only
# two slashes, either of them a backslash, start a host; after one, the rest is a path
HALF_SCHEME = re.compile(r"(https?):(?![/\\]{2})", re.IGNORECASE)


def own_path(link: str, base_url: str) -> str:
    """A full address of the hub's own (its host, under its folder) as the path from the
    domain's root that it is; any other link as it is."""
    half = HALF_SCHEME.match(link) if link[:1] in "hH" else None
    if half is not None and half[1].lower() == base_url.partition(":")[0].lower():
        rest = link[half.end() :]  # "https:x" on a page of https: the address x there
        return "/" + rest[1:] if rest[:1] == "\\" else rest  # "https:\\x" is "/x" there
    if not link[:8].lower().startswith(("https://", "http://", "//")):  # HTTPS:// is the same
        return link
    try:
        parts, base = urlsplit(as_browsers_read(link)), urlsplit(base_url)
    except ValueError:
        return link
    # http:// too: the host is the hub's, and the CDN redirects it to https://; compared as
    # browsers compare them, so https://Hub.example:443/ is the hub's host as well
    if not base.netloc or _host(link) != _host(base_url):
        return link
    folder = base.path if base.path.endswith("/") else base.path + "/"
    path = parts.path or "/"
    if not (path + "/").startswith(folder) and path != folder.rstrip("/"):
        return link  # elsewhere on the domain: another site's page, not ours to check
    query = f"?{parts.query}" if parts.query else ""
    fragment = f"#{parts.fragment}" if parts.fragment else ""
    return path + query + fragment


def _host(url: str) -> str:
    """host[:port] of an address as its origin gives it, with no port where it is the scheme's."""
    return (origin(url) or "").partition("://")[2]


def resolve(page_url: str, link: str, root: str) -> tuple[str, str] | None:
    """The output file and fragment an internal link points to, or None for external links."""
    if link.startswith("/") and not link.startswith("//"):
        return _from_root(link, root)
    return _resolve(page_url, link, root)


@functools.lru_cache(maxsize=8192)  # a menu's or an asset's link: one file from every page
def _from_root(link: str, root: str) -> tuple[str, str] | None:
    return _resolve(root, link, root)


def _resolve(page_url: str, link: str, root: str) -> tuple[str, str] | None:
    if link.startswith(("https://", "http://", "mailto:", "tel:", "data:")):
        return None
    if link.startswith("#"):  # the page itself: the fast path below, without urljoin
        link = page_url.partition("#")[0] + link
    if (
        link.startswith(root)
        and "." not in link.partition("#")[0].rsplit("/", 1)[0]
        and ("%" not in link and "?" not in link)
    ):  # the usual root-relative page link: no need for the general URL machinery
        path, _, fragment = link.partition("#")
        rel = path[len(root) :]
        return (f"{rel}index.html" if rel.endswith("/") or not rel else rel), fragment
    try:
        parts = urlsplit(link)
    except ValueError:
        return None  # not a URL a browser could follow either
    if parts.scheme or parts.netloc:
        return None
    target = urlsplit(urljoin(page_url, link))
    path = unquote(target.path)
    if path == root[:-1]:  # the hub's folder without its slash: hosts serve its index there
        return "index.html", unquote(target.fragment)
    if not path.startswith(root):
        return ("", target.fragment)  # outside the site's base path: certainly not ours
    rel = posixpath.normpath(path[len(root) :]) if path != root else ""
    rel = "" if rel == "." else rel
    if path.endswith("/") or not rel:
        rel = f"{rel}/index.html" if rel else "index.html"
    return rel, unquote(target.fragment)


# Netlify and Cloudflare Pages read these and never serve them, and the S3 upload leaves them out
_NOT_SERVED = frozenset({"_headers", "_redirects"})


def missing(files: set[str], rel: str) -> bool:
    """True when no output answers the path (a folder answers through its index.html)."""
    if not rel or rel in _NOT_SERVED:
        return True
    return rel not in files and f"{rel}/index.html" not in files
