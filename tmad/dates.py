"""Dates in house style.

"21 August 2020", "Friday 21 August 2020", "1600 on Friday 21 August 2020".
"""

from __future__ import annotations

import datetime as dt

from tmad.errors import UsageError

MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")

FIRST_DAY = dt.date(1980, 1, 1)
"""The earliest date every output can carry (a zip member, so a DOCX, cannot be older)."""
LAST_DAY = dt.date(2107, 12, 31)
"""The latest date every output can carry (the last a zip member can hold)."""


def out_of_range(day: dt.date) -> str:
    """Why a date cannot be used in outputs ("" when it can)."""
    if FIRST_DAY <= day <= LAST_DAY:
        return ""
    return (
        f"{day.isoformat()} is outside the dates documents can carry ("
        f"{FIRST_DAY.isoformat()} to {LAST_DAY.isoformat()}: a DOCX is a zip file, and zip "
        "files hold no other dates)"
    )


def long_date(day: dt.date) -> str:
    """ "21 August 2020"."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def weekday_date(day: dt.date) -> str:
    """ "Friday 21 August 2020": the weekday is computed, never typed."""
    return f"{WEEKDAYS[day.weekday()]} {long_date(day)}"


def time_on_date(moment: dt.datetime) -> str:
    """ "1600 on Friday 21 August 2020" (24-hour clock, as DCC writes deadlines)."""
    return f"{moment:%H%M} on {weekday_date(moment.date())}"


def option_date(text: str | None) -> dt.date:
    """A ``--date`` option's date (today when not given); UsageError when it is not one."""
    try:
        day = dt.date.fromisoformat(text) if text else dt.date.today()
    except ValueError:
        raise UsageError(f"--date '{text}' is not a date written YYYY-MM-DD") from None
    if out_of_range(day):
        raise UsageError(f"--date: {out_of_range(day)}")
    return day
