"""/.well-known/security.txt (RFC 9116): its text, when it expires, and when to renew it."""

from __future__ import annotations

import datetime as dt

from recordhub import moments
from recordhub.diagnostics import Diagnostic, notice
from recordhub.pages import Page
from recordhub.siteview import Site


def text(site: Site, pages: list[Page], today: dt.date) -> str | None:
    """/.well-known/security.txt (RFC 9116) from the security contact, if there is one.

    Expires is a year after the newest date on the site, not the build time, so the same
    sources give the same file; `check` notes when it has come close.
    """
    contact = site.contact.security
    if not contact:
        return None
    expires = expiry(pages, today)
    target = contact if ":" in contact else f"mailto:{contact}"
    languages = ", ".join(language.code for language in site.config.settings.languages)
    # scanners read it only at the domain's root, where a hub in a folder copies it: a file
    # whose Canonical does not name the address it was read from is not to be trusted
    domain = site.base_url.removesuffix(site.root) + "/"
    canonical = dict.fromkeys(f"{url}.well-known/security.txt" for url in (domain, site.base_url))
    return (
        f"Contact: {target}\n"
        f"Expires: {expires.isoformat()}T00:00:00Z\n"
        f"Preferred-Languages: {languages}\n" + "".join(f"Canonical: {url}\n" for url in canonical)
    )


def expiry(pages: list[Page], today: dt.date) -> dt.date:
    """A year after the newest date on the hub; on a hub with no date yet, after today (a
    file that had expired when it was published would be ignored by every scanner)."""
    last = moments.newest(p.last_changed for p in pages)
    newest = moments.day_of(last) if last is not None else today
    return min(newest, dt.date.max - dt.timedelta(days=365)) + dt.timedelta(days=365)


def today(now: dt.datetime) -> dt.date:
    """The day it is where Expires is given: in UTC."""
    return now.astimezone(dt.UTC).date()


def renewal_from(site: Site, now: dt.datetime) -> dt.datetime | None:
    """When security.txt next changes by itself: its notice starts, or on a hub with no date
    yet, the day (and with it Expires) turns."""
    if not site.contact.security:
        return None
    if not any(p.last_changed for p in site.pages):
        return dt.datetime.combine(today(now) + dt.timedelta(days=1), dt.time(), dt.UTC)
    day = expiry(site.pages, today(now)) - dt.timedelta(days=30)
    moment = dt.datetime.combine(day, dt.time(), dt.UTC)
    return moment if moment > now else None


def notice_of(site: Site, now: dt.datetime) -> list[Diagnostic]:
    """A notice when security.txt has lapsed or will within 30 days."""
    if not site.contact.security or not any(p.last_changed for p in site.pages):
        return []  # a hub with no dated page yet has nothing to renew from
    expires = expiry(site.pages, today(now))
    if expires - now.date() > dt.timedelta(days=30):
        return []
    return [
        notice(
            ".well-known/security.txt",
            None,
            None,
            f"Expires is {expires}, a year after "
            "the newest date on the hub; scanners ignore an expired security.txt",
            "review a page and set its updated: date, which renews it",
        )
    ]
