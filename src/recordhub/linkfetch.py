"""One link asked over HTTP: HEAD, then GET, within a time limit, and what the answer says."""

from __future__ import annotations

import email.utils
import socket
import threading
import time
import urllib.error
import urllib.request
from email.message import Message
from urllib.parse import quote, urljoin, urlsplit, urlunsplit

from msgspec import Struct

from recordhub import __version__

_AGENT = f"recordhub/{__version__} (link check)"
_SAFE = "!#$%&'()*+,/:;=?@[]~"  # RFC 3986 delimiters, and % to keep escapes already there
LOOP = "redirects in a loop"
TOO_MANY = "too many redirects"
LIMITED = "rate-limited"


class Result(Struct, frozen=True):
    """The outcome for one URL: a status code, or the reason it could not be fetched."""

    url: str
    status: int | None
    reason: str
    retry_after: float = 0.0  # the seconds a 429 asked to wait before asking again
    unresolved: bool = False  # the host's name could not be looked up

    @property
    def ok(self) -> bool:
        """Only 2xx works: urllib follows redirects, so a 3xx here is one it could not follow."""
        return self.status is not None and 200 <= self.status < 300

    @property
    def limited(self) -> bool:
        """The site refused to answer so many requests: the link was not checked."""
        return self.status == 429

    @property
    def why(self) -> str:
        """What went wrong, as the report says it."""
        if self.status is None or 300 <= self.status < 400:
            return self.reason
        return f"HTTP {self.status}"


def as_uri(iri: str) -> str:
    """The IRI as a URI that HTTP can carry: the host in IDNA, the rest UTF-8 percent-encoded."""
    parts = urlsplit(iri)
    netloc = parts.netloc
    if not netloc.isascii():
        userinfo, at, hostport = netloc.rpartition("@")
        host, colon, port = hostport.partition(":")  # an IPv6 address is ASCII: never here
        host = host.encode("idna").decode("ascii")
        netloc = quote(userinfo, safe=_SAFE) + at + host + colon + port
    path, query, fragment = (quote(p, safe=_SAFE) for p in parts[2:])
    return urlunsplit((parts.scheme, netloc, path, query, fragment))


def _retry_after(headers: Message) -> float:
    """The seconds a 429's Retry-After asks for (delay or date); one when it says nothing."""
    value = (headers.get("Retry-After") or "").strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return 1.0
    return max(0.0, when.timestamp() - time.time())


def _redirect_failure(request: urllib.request.Request, exc: urllib.error.HTTPError) -> str:
    """Why urllib stopped following redirects: a loop, too long a chain, or another cause."""
    # urllib keeps the addresses a chain visited on the first request, and raises the last
    # 3xx when one comes round again too often or the chain grows too long
    visited: dict[str, int] = getattr(request, "redirect_dict", {})
    location = exc.headers.get("Location") if exc.headers else None
    if visited and (
        any(n > 1 for n in visited.values()) or (location and urljoin(exc.url, location) in visited)
    ):
        return LOOP
    if len(visited) >= urllib.request.HTTPRedirectHandler.max_redirections:
        return TOO_MANY
    return f"HTTP {exc.code}: {exc.reason}"


def fetch(url: str, timeout: float) -> Result:
    """The result of asking once, within twice the timeout in all: the timeout holds for
    each read, and a server that sends its answer a byte at a time would hold the check
    for minutes (the request is left to end by itself)."""
    answer: list[Result] = []

    def ask() -> None:
        try:
            answer.append(_ask(url, timeout))
        except Exception as exc:  # a bad status line, say: told, never a thread's traceback
            answer.append(Result(url, None, str(exc)))

    asking = threading.Thread(target=ask, name="recordhub-ask", daemon=True)
    asking.start()
    limit = 2 * timeout
    asking.join(limit)
    return answer[0] if answer else Result(url, None, f"no whole answer within {limit:g} s")


def _ask(url: str, timeout: float) -> Result:
    """HEAD, then GET if HEAD fails."""
    uri = as_uri(url)
    for method in ("HEAD", "GET"):
        request = urllib.request.Request(uri, method=method, headers={"User-Agent": _AGENT})
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                return Result(url, int(response.status), "ok")
        except urllib.error.HTTPError as exc:
            exc.close()
            if exc.code == 429:
                return Result(url, 429, LIMITED, _retry_after(exc.headers))
            if method == "HEAD" and exc.code >= 400:
                continue  # many servers answer HEAD wrongly: ask again properly
            if exc.code < 400:
                return Result(url, exc.code, _redirect_failure(request, exc))
            return Result(url, exc.code, str(exc.reason))
        except (urllib.error.URLError, OSError, ValueError) as exc:
            reason = getattr(exc, "reason", exc)
            return Result(url, None, str(reason), unresolved=isinstance(reason, socket.gaierror))
    return Result(url, None, "no answer")
