"""Dates as contributors type them and as NHS style shows them ("6 August 2018")."""

from __future__ import annotations

import datetime as _dt
import re

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")

MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)


def nhs_date(value: _dt.date | _dt.datetime | str) -> str:
    """Format a date the NHS digital service manual way: day without a leading zero, month in full."""
    if isinstance(value, str):
        value = parse_date(value)
    return f"{value.day} {MONTHS[value.month - 1]} {value.year}"


def parse_date(value: object) -> _dt.date:
    """Read a publication date given as a YAML date or a YYYY-MM-DD string.

    Raises ValueError with a message a contributor can act on.
    """
    if isinstance(value, _dt.datetime):
        return value.date()
    if isinstance(value, _dt.date):
        return value
    if isinstance(value, str) and _ISO_DATE.fullmatch(value.strip()):
        try:
            return _dt.date.fromisoformat(value.strip())
        except ValueError:
            raise ValueError(f"{value!r} is not a real date: {_why(value.strip())}") from None
    raise ValueError(f"{value!r} is not a date; write it as YYYY-MM-DD, for example 2009-02-16")


def _why(text: str) -> str:
    """What is wrong with a YYYY-MM-DD date that does not exist."""
    import calendar

    year, month, day = (int(part) for part in text.split("-"))
    if not 1 <= month <= 12:
        return f"there is no month {month} (months go from 01 to 12)"
    if year < 1:
        return "there is no year 0"
    days = calendar.monthrange(year, month)[1]
    return f"there is no day {day} ({MONTHS[month - 1]} {year} has {days} days)"
