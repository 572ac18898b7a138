"""A page's date and updated: a day (2026-03-01) or a moment with its offset from UTC
(2026-03-01T09:30:00+01:00), read from front matter, compared and sorted together.

A datetime is a date to Python, but the two refuse to be compared (TypeError), so whatever
compares, sorts or takes the newest of such dates goes through here: a day stands for its
midnight in UTC, as the feeds have always said of it.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Iterable
from typing import TypeVar

from pydantic import SerializationInfo, TypeAdapter, ValidationError, ValidatorFunctionWrapHandler
from pydantic_core import PydanticCustomError

from recordhub import timestamps

NO_OFFSET = "moment_without_offset"  # the kind of error validation.py words
_TIMED = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}[T ][0-9]{2}:[0-9]{2}")
_EARLIEST = dt.datetime.min.replace(tzinfo=dt.UTC)
When = TypeVar("When", bound=dt.date)


@functools.cache
def _moment() -> TypeAdapter[dt.datetime]:
    # made when first needed: 30 ms that a hub with no time of day in its dates never spends
    return TypeAdapter(dt.datetime)


def day_or_moment(value: object, handler: ValidatorFunctionWrapHandler) -> dt.date:
    """A day as a date field reads it, else a time of day with its offset from UTC."""
    timed = isinstance(value, str) and _TIMED.match(value) is not None
    midnight = _at_an_offset_midnight(value) if timed else None
    if midnight is not None:
        return in_utc(midnight)
    try:
        day: dt.date = handler(value)  # midnight, as before, is the day alone
        return day
    except ValidationError as exc:
        if not timed or [e["type"] for e in exc.errors()] != ["date_from_datetime_inexact"]:
            raise
    moment = _moment().validate_python(value)  # read as a time just now, by the same parser
    if moment.tzinfo is None:  # 09:30 where? Brussels and New York are six hours apart
        raise PydanticCustomError(NO_OFFSET, "a time of day without its offset from UTC")
    # to the second: HTML's <time> takes at most three digits of a second, and feeds none
    return in_utc(moment).replace(microsecond=0)


def _at_an_offset_midnight(value: object) -> dt.datetime | None:
    """value as a moment where it is midnight at an offset other than UTC's, which a date field
    would read as the day alone, dropping the hours that put it on another day in UTC."""
    try:
        moment = _moment().validate_python(value)
    except ValidationError:
        return None  # the date field tells what is wrong with it
    return moment if moment.utcoffset() and moment.time() == dt.time() else None


def in_utc(moment: dt.datetime) -> dt.datetime:
    """The moment, which can be set to UTC; a validation error where that passes year 9999."""
    try:  # every comparison is made in UTC: 9999-12-31T23:00:00-05:00 is past year 9999
        moment.astimezone(dt.UTC)
    except OverflowError:
        raise PydanticCustomError(
            "datetime_range", "outside the years 1 to 9999 once set to UTC"
        ) from None
    return moment


def timed(value: object) -> bool:
    """Whether a date as written (YAML leaves it text) gives a time of day, not a day alone."""
    return isinstance(value, str) and _TIMED.match(timestamps.iso(value)) is not None


def serialised(when: dt.date, info: SerializationInfo) -> dt.date | str:
    """A date as a model gives it: as it is to Python, in ISO 8601 to JSON (a fingerprint's)."""
    return when.isoformat() if info.mode_is_json() else when


def day_of(when: dt.date) -> dt.date:
    """The calendar day a date gives: a moment's own, in the offset it was written with."""
    return when.date() if isinstance(when, dt.datetime) else when


def instant(when: dt.date) -> dt.datetime:
    """A day or a moment as a moment in UTC: a day at its midnight."""
    if isinstance(when, dt.datetime):
        return when.astimezone(dt.UTC)
    return dt.datetime(when.year, when.month, when.day, tzinfo=dt.UTC)


def order(when: dt.date | None) -> dt.datetime:
    """A sort key for dates of either kind, the undated first (last, newest first)."""
    return instant(when) if when is not None else _EARLIEST


def newest(dates: Iterable[When | None]) -> When | None:
    """The latest of some days and moments; None if there are none."""
    return max((when for when in dates if when is not None), key=instant, default=None)


def later(one: dt.date, other: dt.date) -> bool:
    """Whether one is after other: to the second where both have a time, else by the day."""
    # each moment's own day: a day says nothing of the hour, so 17:00 is not after it
    if isinstance(one, dt.datetime) and isinstance(other, dt.datetime):
        return one > other
    return day_of(one) > day_of(other)


def written(when: dt.date) -> str:
    """A date as messages give it: 2026-03-01, or 2026-03-01T09:30:00+01:00."""
    return when.isoformat()
