"""Dates: weekdays that match, dates that exist, no doubled month or year, declared order."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator

from tmad.checks import Diagnostic
from tmad.checks.context import CheckContext
from tmad.dates import MONTHS, WEEKDAYS

_MONTH = "|".join(MONTHS)
DATE = re.compile(
    rf"\b(?:(?P<weekday>{'|'.join(WEEKDAYS)}),? )?(?P<day>\d{{1,2}})(?:st|nd|rd|th)? "
    rf"(?P<month>{_MONTH})(?P<extra_month>(?: (?:{_MONTH}))+)? (?P<year>\d{{4}})"
    r"(?P<extra_year> \d{4}\b)?"
)


def dates_in_text(context: CheckContext) -> Iterator[Diagnostic]:
    """D001 wrong weekday, D002 impossible date, D003 doubled month or year word."""
    for unit in context.units():
        for match in DATE.finditer(unit.text):
            where = context.locator.find(unit.location, match.group(0))
            if match.group("extra_month") or match.group("extra_year"):
                yield Diagnostic(
                    "D003", "error",
                    f"'{match.group(0)}' has a stray month or year word",
                    where,
                )  # fmt: skip
            month = MONTHS.index(match.group("month")) + 1
            try:
                day = dt.date(int(match.group("year")), month, int(match.group("day")))
            except ValueError:
                yield Diagnostic(
                    "D002", "error", f"'{match.group(0)}' is not a date that exists", where
                )
                continue
            weekday = match.group("weekday")
            if weekday and WEEKDAYS[day.weekday()] != weekday:
                yield Diagnostic(
                    "D001", "error",
                    f"'{match.group(0)}': {day.day} {match.group('month')} {day.year} is a "
                    f"{WEEKDAYS[day.weekday()]}, not a {weekday}",
                    where,
                )  # fmt: skip


def declared_order(context: CheckContext) -> Iterator[Diagnostic]:
    """D004: a publication's dates fall in the order its 'sequence' declares."""
    for publication in context.project.publications:
        previous = None
        for name in publication.sequence:
            parameter = publication.parameter(name)
            if parameter is None or parameter.value is None:
                continue
            value = parameter.value
            moment = (
                value if isinstance(value, dt.datetime) else dt.datetime.combine(value, dt.time())
            )  # type: ignore[arg-type]
            if previous is not None and moment <= previous[1]:
                yield Diagnostic(
                    "D004", "error",
                    f"'{name}' ({_show(value)}) should come after '{previous[0]}' "
                    f"({previous[2]}), as the publication's 'sequence' declares",
                    parameter.location or publication.location,  # type: ignore[arg-type]
                )  # fmt: skip
            previous = (name, moment, _show(value))


def _show(value: dt.date | dt.datetime) -> str:
    """ "2020-03-30" or "2020-03-30 16:00"."""
    return value.strftime("%Y-%m-%d %H:%M") if isinstance(value, dt.datetime) else value.isoformat()
