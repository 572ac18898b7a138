"""The headers the deployed site sends for a path (the rules of its _headers), as the preview
sends them: a page whose inline script the Content-Security-Policy blocks once deployed is
blocked in the preview too."""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

from recordhub import deploy

# the preview's own answer: it must never be kept, so that each save shows
_OWN = frozenset({"cache-control"})
# what the preview adds to each page it serves, from its own address (see handlers._inject)
_ADDED = {
    "script-src": ("/__recordhub/preview.js", "/livereload.js"),
    "style-src": ("/__recordhub/overlay.css",),
}
# a name or an IPv4 address, which a source expression can hold; an IPv6 one it cannot
_NAMED = re.compile(r"[A-Za-z0-9.-]+(?::[0-9]+)?")


def rules(text: str) -> list[tuple[str, list[tuple[str, str]]]]:
    """The rules of a _headers file, in order: each path with its headers."""
    found: list[tuple[str, list[tuple[str, str]]]] = []
    for line in text.splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if not line[0].isspace():
            found.append((line.strip(), []))
        elif found and ":" in line:
            name, _, value = line.strip().partition(":")
            found[-1][1].append((name.strip(), value.strip()))
    return found


def matching(text: str, path: str) -> dict[str, str]:
    """The headers Netlify and Cloudflare Pages send for path: those of every rule that
    matches it (a trailing * matches the rest), one given twice joined with a comma."""
    sent: dict[str, str] = {}
    names: dict[str, str] = {}  # header names are case-insensitive: the first spelling wins
    for pattern, headers in rules(text):
        if path == pattern or (pattern.endswith("*") and path.startswith(pattern[:-1])):
            for name, value in headers:
                name = names.setdefault(name.lower(), name)
                sent[name] = f"{sent[name]}, {value}" if name in sent else value
    return sent


def sent_from(folder: Path) -> list[tuple[str, list[tuple[str, str]]]]:
    """The rules of the preview folder's _headers, but for the headers the preview sets itself."""
    try:
        text = (folder / "_headers").read_text("utf-8")
    except (OSError, UnicodeError):
        return []
    return [(path, [h for h in sent if h[0].lower() not in _OWN]) for path, sent in rules(text)]


def deployed_rules(folder: Path, allow_origins: Iterable[str], root: str) -> str:
    """The rules the preview sends: the _headers of its last good build; before one, the rule
    for every path of the hub at root, as site.yml's allow_origins make it."""
    try:
        return (folder / "_headers").read_text("utf-8")
    except (OSError, UnicodeError):  # no good build yet: the hub's rule is known all the same
        pass
    # the preview indexes its pages for search, as a build does: its policy allows the index
    sent = deploy.security_headers(allow_origins, root, search=True)
    return "\n".join([f"{root}*", *(f"  {name}: {value}" for name, value in sent)]) + "\n"


def for_preview(rules: str, path: str, host: str | None, port: int) -> dict[str, str]:
    """The headers the rules of a _headers give path, but for the preview's own caching, with
    the policy widened by exactly what the preview adds; host: the page's Host header."""
    sent = {k: v for k, v in matching(rules, path).items() if k.lower() not in _OWN}
    for name, value in sent.items():
        if name.lower() == "content-security-policy":
            sent[name] = policy(value, host, port)
    return sent


def policy(deployed: str, host: str | None, port: int) -> str:
    """The deployed policy, allowing the preview's scripts, overlay and live-reload socket,
    and without upgrade-insecure-requests: the preview is served over plain http, and a
    browser would ask for its pages over https on any address but the machine's own."""
    named = host is not None and _NAMED.fullmatch(host) is not None
    # a source expression has no form for an IPv6 address: the page's own origin stands in
    origin = f"http://{host}" if named else "'self'"
    added = {
        name: [origin + path if named else origin for path in paths]
        for name, paths in _ADDED.items()
    }
    bare = (host or "").rsplit(":", 1)[0]
    added["connect-src"] = [f"ws://{bare}:{port}/livereload" if named else "'self'"]
    directives = [d.split() for d in deployed.split(";") if d.strip()]
    fallback = next((d[1:] for d in directives if d[0].lower() == "default-src"), None)
    kept: list[str] = []
    for name, *sources in directives:
        if name.lower() == "upgrade-insecure-requests":
            continue
        more = added.pop(name.lower(), None)
        kept.append(" ".join([name, *_with(sources, more)]))
    # a directive not written falls back on default-src, which the preview widens for it alone
    for name, more in added.items() if fallback is not None else ():
        kept.append(" ".join([name, *_with(fallback or [], more)]))
    return "; ".join(kept)


def _with(sources: list[str], more: list[str] | None) -> list[str]:
    """A source list with more added; 'none' gives way, as it stands only alone."""
    if not more:
        return sources
    return list(dict.fromkeys([s for s in sources if s.lower() != "'none'"] + more))
