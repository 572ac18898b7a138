"""What the clock says of a roadmap's milestones: done on a day still to come, or still
planned for a day gone by."""

from __future__ import annotations

import datetime as dt

from recordhub.diagnostics import Diagnostic, notice, warning
from recordhub.schema import FrontMatter
from recordhub.yamldoc import Positions


def dated(
    matter: FrontMatter, where: Positions, path: str, today: dt.date, ahead: dt.date
) -> list[Diagnostic]:
    """A warning for a milestone done on a day after ahead (a mistyped year), and a notice for
    one still planned for a day before today: the roadmap tells readers of a plan now late."""
    found = []
    for n, step in enumerate(getattr(matter, "milestones", ())):
        if step.date is None:
            continue
        line, col = where.value(("milestones", n, "date"))
        if step.status == "done" and step.date > ahead:
            message = f"milestones[{n}] is done, but its date, {step.date}, is still to come"
            hint = "check the year, or give it status: in-progress or planned"
            found.append(warning(path, line, col, message, hint))
        elif step.status == "planned" and step.date < today:
            message = f"stale: milestones[{n}] is still planned for {step.date}, which has passed"
            hint = "give it the status it has now (in-progress or done), or the date now planned"
            found.append(notice(path, line, col, message, hint))
    return found


def passing(matter: FrontMatter) -> list[dt.datetime]:
    """When each planned milestone's day has passed, so a build then tells of it."""
    return [
        dt.datetime.combine(step.date + dt.timedelta(days=1), dt.time(), dt.UTC)
        for step in getattr(matter, "milestones", ())
        if step.status == "planned" and step.date is not None and step.date < dt.date.max
    ]
