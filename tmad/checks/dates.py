"""Dates: weekdays that match, dates that exist, no doubled month or year, declared order, and
house style ("Tuesday 11 August 2020": no abbreviations, ordinals or month-first order)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator

from tmad.checks import Diagnostic
from tmad.checks.context import CheckContext
from tmad.dates import MONTHS, WEEKDAYS, long_date, weekday_date
from tmad.errors import Location

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


_SHORT_WEEKDAYS = {"Mon": 0, "Tue": 1, "Tues": 1, "Wed": 2, "Thu": 3, "Thur": 3, "Thurs": 3,
                   "Fri": 4, "Sat": 5, "Sun": 6}  # fmt: skip
_SHORT_MONTHS = {"Jan": 1, "Feb": 2, "Mar": 3, "Apr": 4, "Jun": 6, "Jul": 7, "Aug": 8,
                 "Sep": 9, "Sept": 9, "Oct": 10, "Nov": 11, "Dec": 12}  # fmt: skip
_ANY_WEEKDAY = "|".join([*WEEKDAYS, *_SHORT_WEEKDAYS])
_ANY_MONTH = "|".join([*MONTHS, *_SHORT_MONTHS])
LOOSE_DATE = re.compile(
    rf"\b(?:(?P<weekday>{_ANY_WEEKDAY})\b\.?,? )?"
    rf"(?:(?P<day>\d{{1,2}})(?P<ordinal>st|nd|rd|th)? (?P<month>{_ANY_MONTH})\b\.?"
    rf"|(?P<us_month>{_ANY_MONTH})\b\.? (?P<us_day>\d{{1,2}})(?P<us_ordinal>st|nd|rd|th)?\b)"
    r"(?P<year>,? \d{4}\b)?"
)
"""A date in any common form: "Wed 11th Aug", "Monday August 11, 2020", "11 August 2020"."""


def house_style(context: CheckContext) -> Iterator[Diagnostic]:
    """D005: a date written otherwise than "Tuesday 11 August 2020" (no abbreviated weekday or
    month, no ordinal, day before month); D001 for a weekday that does not match such a date."""
    for unit in context.units():
        for match in LOOSE_DATE.finditer(unit.text):
            written = match.group(0)
            weekday = match.group("weekday")
            month = match.group("month") or match.group("us_month")
            day = match.group("day") or match.group("us_day")
            problems = []
            if weekday in _SHORT_WEEKDAYS:
                problems.append(f"'{weekday}' abbreviated")
            if month in _SHORT_MONTHS:
                problems.append(f"'{month}' abbreviated")
            if match.group("ordinal") or match.group("us_ordinal"):
                problems.append("an ordinal day")
            if match.group("us_month"):
                problems.append("the month before the day")
            if not problems:
                continue
            where = context.locator.find(unit.location, written)
            number = MONTHS.index(month) + 1 if month in MONTHS else _SHORT_MONTHS[month]
            year = (match.group("year") or "").strip(", ")
            suggestion = ""
            if year:
                try:
                    date = dt.date(int(year), number, int(day))
                except ValueError:
                    yield Diagnostic(
                        "D002", "error", f"'{written}' is not a date that exists", where
                    )
                    continue
                suggestion = f"; write '{weekday_date(date) if weekday else long_date(date)}'"
                named = (
                    WEEKDAYS.index(weekday)
                    if weekday in WEEKDAYS
                    else _SHORT_WEEKDAYS.get(weekday or "", date.weekday())
                )
                if named != date.weekday():
                    yield Diagnostic(
                        "D001", "error",
                        f"'{written}': {long_date(date)} is a {WEEKDAYS[date.weekday()]}, "
                        f"not a {WEEKDAYS[named]}",
                        where,
                    )  # fmt: skip
            else:
                full = WEEKDAYS[_SHORT_WEEKDAYS[weekday]] if weekday in _SHORT_WEEKDAYS else weekday
                shown = f"{full} " if full else ""
                suggestion = f"; write '{shown}{int(day)} {MONTHS[number - 1]}' and the year"
            yield Diagnostic(
                "D005", "warning",
                f"'{written}' is not in house style ({', '.join(problems)}){suggestion}",
                where,
            )  # fmt: skip


def declared_order(context: CheckContext) -> Iterator[Diagnostic]:
    """D004: a publication's dates fall in the order its 'sequence' declares."""
    for publication in context.project.publications:
        previous = None
        for name in publication.sequence:
            parameter = publication.parameter(name)
            value = parameter.value if parameter is not None else None
            if parameter is None or not isinstance(value, dt.date):
                continue
            moment = (
                value if isinstance(value, dt.datetime) else dt.datetime.combine(value, dt.time())
            )
            if previous is not None and moment <= previous[1]:
                where = parameter.location or publication.location
                yield Diagnostic(
                    "D004", "error",
                    f"'{name}' ({_show(value)}) should come after '{previous[0]}' "
                    f"({previous[2]}), as the publication's 'sequence' declares",
                    where or Location(publication.sources[0]),
                )  # fmt: skip
            previous = (name, moment, _show(value))


def _show(value: dt.date | dt.datetime) -> str:
    """ "2020-03-30" or "2020-03-30 16:00"."""
    return value.strftime("%Y-%m-%d %H:%M") if isinstance(value, dt.datetime) else value.isoformat()
