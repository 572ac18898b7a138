"""``check --external``: links to other sites, checked concurrently, politely and cached."""

from __future__ import annotations

import json
import queue
import threading
import time
from collections.abc import Iterable, Iterator
from pathlib import Path
from urllib.parse import urlsplit

from recordhub import checks, destinations, htmlscan, linkfetch, provenance, sealed
from recordhub.diagnostics import Diagnostic, notice, warning
from recordhub.linkfetch import LIMITED, Result
from recordhub.sealed import unseal
from recordhub.siteview import Site

CACHE_FILE = "external-links.json"
FRESH_SECONDS = 24 * 3600  # a link that worked yesterday is not asked again today
RATE_WAIT = 5.0  # the longest Retry-After a check waits for, in seconds: never a hang


def _known(entry: object) -> tuple[int, bool, float] | None:
    """A cached result's status, success and time, or None if it is not one."""
    if not isinstance(entry, dict):
        return None
    status, ok, at = entry.get("status"), entry.get("ok"), entry.get("at")
    if not isinstance(status, int) or not isinstance(at, int | float) or not isinstance(ok, bool):
        return None
    return None if isinstance(status, bool) or isinstance(at, bool) else (status, ok, float(at))


class Checker:
    """Checks URLs with a pool of threads, at most per_host requests to one host at a time."""

    def __init__(
        self,
        cache_dir: Path | None,
        timeout: float = 10.0,
        workers: int = 8,
        per_host: int = 2,
        retries: int = 1,
    ) -> None:
        self.timeout = timeout
        self.workers = workers
        self.retries = retries
        self._per_host = per_host
        self._hosts: dict[str, threading.Semaphore] = {}
        self._limited: set[str] = set()  # hosts still answering 429 after the wait
        self._lock = threading.Lock()
        self._cache_path = cache_dir / CACHE_FILE if cache_dir else None
        self._cache: dict[str, dict[str, object]] = self._load()

    def _load(self) -> dict[str, dict[str, object]]:
        try:
            payload = unseal(self._cache_path.read_bytes()) if self._cache_path else None
            data = {} if payload is None else json.loads(bytes(payload))
        except (OSError, ValueError):
            return {}  # a damaged cache is only a slower check
        return data if isinstance(data, dict) else {}

    def _save(self) -> None:
        if self._cache_path is None:
            return
        try:
            self._cache_path.parent.mkdir(parents=True, exist_ok=True)
        except OSError:
            return  # not kept: only the next check is slower
        # a temporary file of its own: two checks at once must not write into one
        data = json.dumps(self._cache, sort_keys=True, indent=1).encode()
        sealed.write(self._cache_path, data, ".external-")

    def check(self, urls: Iterable[str]) -> dict[str, Result]:
        """Every URL's result; fresh cached successes are not fetched again."""
        todo = sorted(set(urls))
        results: dict[str, Result] = {}
        now = time.time()
        for url in todo:
            known = _known(self._cache.get(url))
            # a time ahead of the clock was taken while it ran ahead: asked again
            if known is not None and known[1] and 0 <= now - known[2] < FRESH_SECONDS:
                results[url] = Result(url, known[0], "cached")
        for result in self._all([u for u in todo if u not in results]):
            results[result.url] = result
            if not result.limited:  # not checked: neither a success nor a failure
                self._cache[result.url] = {"status": result.status, "ok": result.ok, "at": now}
        self._save()
        return results

    def _all(self, urls: list[str]) -> Iterator[Result]:
        """Each URL's result as it comes, fetched on daemon threads: Ctrl-C stops the check at
        once, where a pool would first wait for every request to answer or time out."""
        jobs: queue.SimpleQueue[str] = queue.SimpleQueue()
        done: queue.SimpleQueue[Result] = queue.SimpleQueue()
        for url in urls:
            jobs.put(url)

        def work() -> None:
            while True:
                try:
                    url = jobs.get_nowait()
                except queue.Empty:
                    return
                try:
                    done.put(self._one(url))
                except Exception as exc:  # never lose a URL: the wait below counts on each
                    done.put(Result(url, None, str(exc)))

        for _ in range(min(self.workers, len(urls))):
            threading.Thread(target=work, name="recordhub-link", daemon=True).start()
        for _ in urls:
            yield done.get()  # a lock wait that Ctrl-C and SIGTERM interrupt

    def _one(self, url: str) -> Result:
        host = urlsplit(url).netloc.lower()
        with self._lock:
            gate = self._hosts.setdefault(host, threading.Semaphore(self._per_host))
            if host in self._limited:  # it said to slow down: do not ask it for more now
                return Result(url, 429, LIMITED)
        result = Result(url, None, "not tried")
        for attempt in range(self.retries + 1):
            with gate:
                result = self._fetch(url)
            transient = result.status is None or result.status >= 500 or result.limited
            if result.ok or not transient or attempt == self.retries:
                break
            if result.limited and result.retry_after > RATE_WAIT:
                break  # waiting that long would stall the whole check
            time.sleep(result.retry_after if result.limited else 0.5 * (attempt + 1))
        if result.limited:
            with self._lock:
                self._limited.add(host)
        return result

    def _fetch(self, url: str) -> Result:
        """One URL asked once: a method, so that a check can stand in for the network."""
        return linkfetch.fetch(url, self.timeout)


def verify_external(
    checked: dict[str, checks.Checked], site: Site, cache: bool = True
) -> list[Diagnostic]:
    """Links to other sites that do not answer, as warnings (other sites come and go)."""
    where: dict[str, tuple[checks.Checked, str]] = {}  # by the address fetched: as written
    for _, item in sorted(checked.items()):
        for link in htmlscan.split(item.scan.links):
            url = _fetchable(link)
            # the hub's own pages are checked as its files; a page of its domain outside the
            # hub's folder (the company's site, for a hub at /facts/) is another site's
            if url is not None and destinations.own_path(url, site.base_url) == url:
                where.setdefault(url, (item, link))
    results = Checker(site.config.root / ".recordhub-cache" if cache else None).check(where)
    asked = [r for r in results.values() if r.reason != "cached"]
    if len({urlsplit(r.url).hostname for r in asked}) > 1 and all(r.unresolved for r in asked):
        # no name of any site could be looked up: the machine is offline, not every link dead
        message = f"no link to another site was checked: none of the {len(asked)} addresses' "
        message += "host names could be looked up, as on a machine with no network"
        return [warning("--external", None, None, message, "connect, then check again")]
    problems: list[Diagnostic] = []
    for url, result in sorted(results.items()):
        if result.ok:
            continue
        item, written = where[url]
        shown, line, col = checks.place(item, written, site)
        named = f"external link {url} on {item.url}"
        given = provenance.given_in_site_yml(written, site)
        if given is not None:  # shown by the theme on every page: told where it is given
            name, (line, col) = given
            shown, named = "site.yml", f"external link {url}, given as {name} in site.yml,"
        if result.limited:  # the site's load, not the link's fault: say so, fail nothing
            message = f"{named} was not checked: its site is limiting requests (HTTP 429)"
            problems.append(notice(shown, line, col, message, "run the check again later"))
            continue
        # archived_url is a source's, in front matter: site.yml has no such field
        hint = "update or remove the link, or cite an archived copy (archived_url)"
        hint = "update the address in site.yml, or remove it" if given is not None else hint
        problems.append(warning(shown, line, col, f"{named} does not work: {result.why}", hint))
    return problems


def _fetchable(link: str) -> str | None:
    """A link to a web page as a browser would fetch it ('HTTPS://x/', '//x/' from the site,
    which is served over https), or None for any other link."""
    read = destinations.as_browsers_read(link)
    if read.startswith("//"):
        return "https:" + read
    scheme, colon, rest = read.partition(":")
    return f"{scheme.lower()}:{rest}" if colon and scheme.lower() in {"http", "https"} else None
