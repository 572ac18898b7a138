"""Stage 4: the rules across the fields of one page, read from the values as written, so that
they are reported beside any other problem of the page."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

from recordhub import invisible, moments, timestamps, urls
from recordhub.config import Settings
from recordhub.diagnostics import Diagnostic, error, warning
from recordhub.frontmatter import RawPage
from recordhub.sources import reserved_on_windows
from recordhub.suggestions import suggest
from recordhub.yamldoc import Path

SUMMARY_LIMIT = 160


def quoted(data: dict[str, Any], kind: str, raw: RawPage, settings: Settings) -> dict[Path, str]:
    """The key of verdicts to quote where YAML read a verdict as true/false or a number."""
    # `verdict: False` quoted as written is "False", which is no key: the key is "false"
    written = raw.positions.raw.get(("verdict",))
    if kind != "claim" or isinstance(data.get("verdict"), str) or written is None:
        return {}
    keys = [key for key in settings.verdicts if key.casefold() == written.casefold()]
    return {("verdict",): keys[0]} if keys else {}


def check(data: dict[str, Any], kind: str, raw: RawPage, settings: Settings) -> list[Diagnostic]:
    """The problems these rules find in one page's front matter."""
    found: list[Diagnostic] = []
    where = raw.positions
    verdict, summary = data.get("verdict"), data.get("summary")
    if kind == "claim" and isinstance(verdict, str) and verdict not in settings.verdicts:
        line, col = where.value(("verdict",))
        guess = suggest(verdict, settings.verdicts)
        known = ", ".join(settings.verdicts)
        found.append(
            error(
                raw.path,
                line,
                col,
                f"unknown verdict '{verdict}'",
                f"did you mean '{guess}'?"
                if guess
                else f"use a key of verdicts in site.yml: {known}"
                if known
                else "site.yml's verdicts: is empty; list the verdicts a claim may have there",
            )
        )
    if data.get("status") == "superseded" and not data.get("superseded_by"):
        line, col = where.value(("status",))
        found.append(
            error(
                raw.path,
                line,
                col,
                "status is superseded but superseded_by is missing",
                "add superseded_by: the path of the page that replaces it",
            )
        )
    status = data.get("status", "current")
    # a status of no such name (`status: Superseded`) is told of as that, and only as that
    if data.get("superseded_by") and status in ("current", "archived", "retracted"):
        line, col = where.value(("superseded_by",))
        message = f"superseded_by is given, but status is {status}, so no banner names it"
        found.append(
            warning(raw.path, line, col, message, "add status: superseded, or remove superseded_by")
        )
    if data.get("status_note") and status == "current":
        # only the banner of another status shows the note: a retraction's reason, written
        # without `status: retracted`, would leave the page reading as current
        line, col = where.value(("status_note",))
        message = "status_note is given, but status is current, so no banner shows it"
        hint = "add status: superseded, archived or retracted, or remove status_note"
        found.append(warning(raw.path, line, col, message, hint))
    role, speaker = data.get("role"), data.get("speaker")
    if kind == "statement" and isinstance(role, str) and role.strip() and not speaker:
        # the byline and NewsArticle's author give a role only as the speaker's
        line, col = where.value(("role",))
        message = "role is given, but speaker is not, so the role is shown nowhere"
        hint = "add speaker: the name of the person who made the statement, or remove role"
        found.append(warning(raw.path, line, col, message, hint))
    changelog = data.get("changelog")
    listed = changelog if isinstance(changelog, list) else []
    kinds = [entry.get("kind") for entry in listed if isinstance(entry, dict)]
    # `kind: corection` is told of as that: it is the correction this rule asks for; so is a
    # changelog of the wrong shape (one entry without its `- `), which may hold it
    all_known = all(kind in ("correction", "clarification", "update") for kind in kinds)
    all_known &= not changelog or (isinstance(changelog, list) and len(kinds) == len(listed))
    if status == "retracted" and "correction" not in kinds and all_known:
        # a retraction is the strongest correction a hub makes: it is listed with the others
        line, col = where.value(("status",))
        found.append(
            warning(
                raw.path,
                line,
                col,
                "status is retracted, but no changelog entry of kind correction says so",
                "add a changelog entry: {date: YYYY-MM-DD, kind: correction, note: what was "
                "wrong}, so that the retraction is listed among the corrections",
            )
        )
    date, updated = moment(data.get("date")), moment(data.get("updated"))
    found += _changelog_order(listed, date, raw)
    found += _updated_before(data, date, updated, raw)
    reviewed = moment(data.get("reviewed"))
    if date is not None and reviewed is not None and reviewed.date() < date.date():
        # "last checked still true" before it was first published: a year mistyped
        line, col = where.value(("reviewed",))
        message = f"reviewed ({reviewed.date()}) is earlier than date ({date.date()})"
        hint = "reviewed: is the day the page was last checked, on or after its publication"
        found.append(warning(raw.path, line, col, message, hint))
    start, end = moment(data.get("publish_at")), moment(data.get("expires"))
    if start is not None and end is not None and end <= start:
        line, col = where.value(("expires",))
        message = f"expires ({end:%Y-%m-%d %H:%M}) is not after publish_at, so the page never shows"
        found.append(error(raw.path, line, col, message, "check the two dates"))
    if isinstance(data.get("weight"), bool):  # the schema would take `weight: yes` as 1
        line, col = where.value(("weight",))
        written = where.raw.get(("weight",), str(data["weight"]))
        message = (
            f"'weight' must be a whole number, but YAML read `{written}` as a true/false value"
        )
        found.append(error(raw.path, line, col, message, "expected a whole number, e.g. weight: 1"))
    if isinstance(summary, str) and len(summary) > SUMMARY_LIMIT:
        line, col = where.value(("summary",))
        found.append(
            warning(
                raw.path,
                line,
                col,
                f"summary is {len(summary)} characters, over {SUMMARY_LIMIT}",
                "search engines cut it; shorten it to one sentence",
            )
        )
    slug = data.get("slug")
    folder = urls.slugify(slug) if isinstance(slug, str) else ""
    if folder and reserved_on_windows(folder):
        # as a file named so is told: the site's copy on such a disk, or its build there, fails
        line, col = where.value(("slug",))
        message = f"slug '{slug}' makes the folder {folder}/, a name Windows keeps for a device"
        hint = f"give the page another slug, e.g. slug: {folder}-{kind}"
        found.append(warning(raw.path, line, col, message, hint))
    found += where.cut_short(raw.path)
    for at, value in where.raw.items():  # typed as an escape ("\x01"): YAML lets it through
        unshown = invisible.not_in_html(value)
        if unshown is not None:
            hint = "remove the escape in the quoted text that makes it (such as \\x01 or \\u0001)"
            found.append(warning(raw.path, *where.value(at), unshown.message, hint))
    if data.get("cascade") and not raw.path.rsplit("/", 1)[-1].startswith("_index."):
        line, col = where.key(("cascade",))
        found.append(
            warning(
                raw.path,
                line,
                col,
                "cascade only has an effect in a section's _index.md",
                "move it to the _index.md of the folder",
            )
        )
    given = data.get("cascade")
    if isinstance(given, dict) and given.get("template") is not None:
        # the pages below take their type from the cascade, never their template
        line, col = where.key(("cascade", "template"))
        found.append(
            warning(
                raw.path,
                line,
                col,
                "the template in cascade has no effect: the pages below take only their type "
                "from it",
                "write template: in the front matter of each page that should use it",
            )
        )
    return found


def _updated_before(
    data: dict[str, Any], date: dt.datetime | None, updated: dt.datetime | None, raw: RawPage
) -> list[Diagnostic]:
    """A warning for an updated before the date: to the second where both give a time."""
    # else by the day, each in its own offset: a day says nothing of the hour
    if date is None or updated is None:
        return []
    if moments.timed(data.get("date")) and moments.timed(data.get("updated")):
        earlier, shown = updated < date, (updated.isoformat(), date.isoformat())
    else:
        earlier, shown = updated.date() < date.date(), (str(updated.date()), str(date.date()))
    if not earlier:
        return []
    line, col = raw.positions.value(("updated",))
    message = f"updated ({shown[0]}) is earlier than date ({shown[1]})"
    hint = "updated: is the day of the last change, on or after the first publication"
    return [warning(raw.path, line, col, message, hint)]


def _changelog_order(listed: list[Any], date: dt.datetime | None, raw: RawPage) -> list[Diagnostic]:
    """Warnings for a changelog entry above which an older one is written (new entries go on
    top: each anchor is numbered from the bottom of its date, and one added below would move
    the others'), and for one dated before the page was first published."""
    found: list[Diagnostic] = []
    days = [
        (index, day)
        for index, entry in enumerate(listed)
        if isinstance(entry, dict) and (day := moment(entry.get("date"))) is not None
    ]
    for (_, above), (index, day) in itertools.pairwise(days):
        # each is read as the day written: a midnight with a zone is that day, not a moment
        if day.date() > above.date():
            line, col = raw.positions.value(("changelog", index, "date"))
            message = f"changelog entry of {day.date()} is below an older one, of {above.date()}"
            hint = "write the changelog newest first: each new entry on top of the list"
            found.append(warning(raw.path, line, col, message, hint))
    for index, day in days:
        if date is not None and day.date() < date.date():
            line, col = raw.positions.value(("changelog", index, "date"))
            message = f"changelog entry of {day.date()} is earlier than date ({date.date()})"
            hint = "a changelog records changes after the page was published: check the year"
            found.append(warning(raw.path, line, col, message, hint))
    return found


def moment(value: object) -> dt.datetime | None:
    """A date or time as written (YAML leaves them text here), as a time in UTC, as the fields
    are read; None for anything else, which validation reports."""
    try:
        moment = (
            dt.datetime.fromisoformat(timestamps.iso(value)) if isinstance(value, str) else value
        )
    except ValueError:
        return None
    if isinstance(moment, dt.datetime):
        return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)
    if isinstance(moment, dt.date):
        return dt.datetime(moment.year, moment.month, moment.day, tzinfo=dt.UTC)
    return None
