"""Times written as YAML and Jekyll write them, rewritten in the ISO 8601 form the schema reads."""

from __future__ import annotations

import re

# YAML 1.1's timestamp (a space before the zone, a one-digit month, hour or zone hour:
# 2001-12-14 21:59:43.10 -5) and Jekyll's (2008-12-14 10:30:00 +0900), which ISO 8601 parsers
# refuse, though YAML and the generators a hub may come from read them
_WRITTEN = re.compile(
    r"(?P<year>[0-9]{4})-(?P<month>[0-9]{1,2})-(?P<day>[0-9]{1,2})"
    r"(?:[Tt]|[ \t]+)(?P<hour>[0-9]{1,2}):(?P<minute>[0-9]{2})"
    r"(?::(?P<second>[0-9]{2}(?:\.[0-9]*)?))?"
    r"[ \t]*(?:(?P<utc>[Zz])|(?P<sign>[-+])(?P<zone_hour>[0-9]{1,2})"
    r"(?::?(?P<zone_minute>[0-9]{2}))?)?"
)


def iso(text: str) -> str:
    """text in ISO 8601 (2001-12-14T21:59:43.10-05:00) when it is a time YAML or Jekyll reads,
    else text as it is, for the schema to read or refuse."""
    match = _WRITTEN.fullmatch(text)
    if match is None:
        return text
    second = (match["second"] or "00").rstrip(".")  # YAML allows "43." for 43 seconds
    moment = (
        f"{match['year']}-{int(match['month']):02}-{int(match['day']):02}"
        f"T{int(match['hour']):02}:{match['minute']}:{second}"
    )
    if match["utc"]:
        return moment + "Z"
    if match["sign"]:
        zone = f"{int(match['zone_hour']):02}:{match['zone_minute'] or '00'}"
        return f"{moment}{match['sign']}{zone}"
    return moment
