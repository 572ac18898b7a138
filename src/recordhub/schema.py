"""The front matter of each content type, as the models stage 4 (recordhub.contenttypes) checks."""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any, Literal
from urllib.parse import unquote

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    PlainSerializer,
    StringConstraints,
    WrapValidator,
    field_validator,
)
from pydantic_core import PydanticCustomError

from recordhub import moments, timestamps
from recordhub.config import Address
from recordhub.urls import SCHEME

ContentType = Literal["page", "claim", "faq", "statement", "roadmap"]
CONTENT_TYPES: tuple[str, ...] = ("page", "claim", "faq", "statement", "roadmap")


def _no_number(kind: str) -> BeforeValidator:
    """Refuses a number where a date is due: pydantic would read it as seconds since 1970."""

    def check(value: object) -> object:
        if isinstance(value, bool | int | float):  # `date: yes` is True, not a number
            read = "a true/false value" if isinstance(value, bool) else "a number"
            raise PydanticCustomError(f"{kind}_type", f"YAML read it as {read}")
        return timestamps.iso(value) if isinstance(value, str) else value

    return BeforeValidator(check)


Day = Annotated[dt.date, _no_number("date")]
Moment = Annotated[dt.datetime, _no_number("datetime")]
# a page's date and updated: a day, or a datetime with its offset (see recordhub.moments)
DayOrMoment = Annotated[
    dt.date,
    WrapValidator(moments.day_or_moment),
    _no_number("date"),
    PlainSerializer(moments.serialised, return_type=Any),
]
# a text a page shows as a heading, a link, a quote or a line of its own: blank, it would
# show an empty element (and an empty claimReviewed, which ClaimReview does not take)
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]


class _Strict(BaseModel):
    # each model is built when first used: a build that reads every page from the last one's
    # snapshot and validates one edited page builds that page's type, not all five
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


class ChangelogEntry(_Strict):
    """A dated public change to a page."""

    date: Day
    kind: Literal["correction", "clarification", "update"]
    note: Text


class Source(_Strict):
    """A citation shown under the text."""

    title: Text
    url: Address
    publisher: str | None = None
    date: Day | None = None
    archived_url: Address | None = None


class Fact(_Strict):
    """One line of a fact sheet."""

    label: Text
    value: Text
    source: Address | None = None


class ClaimedBy(_Strict):
    """Who made a claim, where and when."""

    who: str | None = None
    where: str | None = None
    date: Day | None = None


class RespondsTo(_Strict):
    """What a statement answers."""

    title: Text
    url: Address | None = None


class Milestone(_Strict):
    """One step of a roadmap."""

    title: Text
    status: Literal["done", "in-progress", "planned"]
    date: Day | None = None
    summary: str | None = None


class Cascade(_Strict):
    """Defaults a section's _index.md gives the pages in its folder."""

    type: ContentType | None = None
    template: TemplateName | None = None


_FULL = re.compile(r"(?i)https?://[^/\\\s]+(?P<path>/\S*)?")


def _alias(alias: str) -> str:
    # decoded, as servers decode it: '%2e%2e' climbs out as '..' does
    written = unquote(alias).replace("\\", "/").strip()
    parts = written.split("/")
    # with a scheme (https://..., mailto:..., javascript:...), an address of no path here;
    # '//old//a/' is a path as a server's log writes it
    elsewhere = SCHEME.match(written) is not None
    full = _FULL.fullmatch(alias.strip())
    path = full["path"] if full is not None else None
    if path and path != "/" and not any(c in alias for c in "?#") and ".." not in parts:
        # the old address as a browser shows it, copied whole: its path is what redirects
        message = f"alias '{alias}' is a full address: give an old address of this site by its "
        raise ValueError(message + f"path alone, {path}")
    if any(c in alias for c in "?#") or elsewhere or ".." in parts or not alias.strip():
        raise ValueError(f"alias '{alias}' is not a path of this site")
    if "*" in alias or any(part.startswith(":") for part in parts):  # Netlify's, Cloudflare's
        raise ValueError(
            f"alias '{alias}' has a '*' or a ':' starting a part, which _redirects reads as a "
            "pattern: it would redirect every address it matches, pages that exist included"
        )
    return alias


Alias = Annotated[str, AfterValidator(_alias)]


def _template(name: str) -> str:
    # a path inside templates/: from the disk's root, or climbing out, it names none there
    parts = name.replace("\\", "/").split("/")
    if parts[0] == "" or ".." in parts or re.match(r"[a-zA-Z]:/", "/".join(parts)):
        raise ValueError(f"template '{name}' is not the name of a file in templates/")
    return name


TemplateName = Annotated[str, AfterValidator(_template)]


class FrontMatter(_Strict):
    """Fields every page has; only title is required."""

    title: Text
    summary: str | None = None
    type: ContentType = "page"
    date: DayOrMoment | None = None
    updated: DayOrMoment | None = None
    reviewed: Day | None = None
    review_due: Day | None = None
    status: Literal["current", "superseded", "archived", "retracted"] = "current"
    status_note: Text | None = None
    superseded_by: str | None = None
    changelog: tuple[ChangelogEntry, ...] = ()
    sources: tuple[Source, ...] = ()
    facts: tuple[Fact, ...] = ()
    tags: tuple[Text, ...] = ()  # a blank tag would name a topic page with no title
    weight: int = 0
    slug: str | None = None
    aliases: tuple[Alias, ...] = ()  # each checked on its own: errors at their lines
    template: TemplateName | None = None
    image: str | None = None
    draft: bool = False
    publish_at: Moment | None = None
    expires: Moment | None = None
    lang: str | None = None
    translation_key: str | None = None
    cascade: Cascade | None = None
    extra: dict[str, Any] = {}

    @field_validator("publish_at", "expires")
    @classmethod
    def _utc(cls, value: dt.datetime | None) -> dt.datetime | None:
        # a time without a zone is read as UTC, so builds agree on every machine
        if value is not None and value.tzinfo is None:
            return value.replace(tzinfo=dt.UTC)
        return moments.in_utc(value) if value is not None else None

    @field_validator("slug")
    @classmethod
    def _segment(cls, value: str | None) -> str | None:
        if value is not None and (
            not value.strip() or "/" in value or "\\" in value or value in {".", ".."}
        ):
            raise ValueError(f"slug '{value}' must be one URL segment, without '/' or '..'")
        return value


class ClaimMatter(FrontMatter):
    """A myth-versus-fact page."""

    claim: Text
    verdict: str
    fact: Text
    claimed_by: ClaimedBy | None = None
    claim_review: bool | None = None


class FaqMatter(FrontMatter):
    """Questions grouped by category; the structure lives in the body."""


class StatementMatter(FrontMatter):
    """A dated statement from the newsroom."""

    date: DayOrMoment
    speaker: str | None = None
    role: str | None = None
    responds_to: RespondsTo | None = None
    original_url: Address | None = None


class RoadmapMatter(FrontMatter):
    """Milestones drawn as a timeline."""

    milestones: tuple[Milestone, ...] = ()


MODELS: dict[str, type[FrontMatter]] = {
    "page": FrontMatter,
    "claim": ClaimMatter,
    "faq": FaqMatter,
    "statement": StatementMatter,
    "roadmap": RoadmapMatter,
}
# each type's field names, and the types each field belongs to (in MODELS' order), read
# once: asking pydantic for model_fields costs a microsecond, and validation asked 50 times a page
FIELDS: dict[str, frozenset[str]] = {kind: frozenset(m.model_fields) for kind, m in MODELS.items()}
