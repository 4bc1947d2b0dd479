"""Dates in house style.

"21 August 2020", "Friday 21 August 2020", "1600 on Friday 21 August 2020".
"""

from __future__ import annotations

import datetime as dt

MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def long_date(day: dt.date) -> str:
    """ "21 August 2020"."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def weekday_date(day: dt.date) -> str:
    """ "Friday 21 August 2020": the weekday is computed, never typed."""
    return f"{WEEKDAYS[day.weekday()]} {long_date(day)}"


def time_on_date(moment: dt.datetime) -> str:
    """ "1600 on Friday 21 August 2020" (24-hour clock, as DCC writes deadlines)."""
    return f"{moment:%H%M} on {weekday_date(moment.date())}"
