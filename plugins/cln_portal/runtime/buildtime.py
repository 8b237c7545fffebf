"""The build's "now", for feeds and pages: SOURCE_DATE_EPOCH or the content's own dates, never the clock.

Two builds of one commit must be byte-identical (a preview diff then shows only real changes, and a
CDN re-uploads only what changed). ``make build`` sets SOURCE_DATE_EPOCH to the last commit's date;
anything that would otherwise write the current time (a feed's lastBuildDate, an Atom <updated>, a
gzip header) takes it from here instead.
"""

from __future__ import annotations

import datetime as _dt
import os
from collections.abc import Iterable

# When neither SOURCE_DATE_EPOCH nor any content date is available: 1 January 2006, the year the
# CLN pilot began. Fixed, so the output still does not depend on when it was built.
FALLBACK = _dt.datetime(2006, 1, 1, tzinfo=_dt.timezone.utc)


def source_date_epoch() -> _dt.datetime | None:
    """SOURCE_DATE_EPOCH as an aware UTC datetime, or None when it is unset or not a number."""
    value = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not value.isdigit():
        return None
    return _dt.datetime.fromtimestamp(int(value), _dt.timezone.utc)


def build_time(content_dates: Iterable[_dt.date | _dt.datetime | None] = ()) -> _dt.datetime:
    """The time a feed or page says it was built.

    SOURCE_DATE_EPOCH when set; otherwise the newest of ``content_dates`` (dates count as
    midnight UTC); otherwise :data:`FALLBACK`. Never the clock.
    """
    fixed = source_date_epoch()
    if fixed is not None:
        return fixed
    newest = None
    for value in content_dates:
        if value is None:
            continue
        if not isinstance(value, _dt.datetime):
            value = _dt.datetime(value.year, value.month, value.day, tzinfo=_dt.timezone.utc)
        elif value.tzinfo is None:
            value = value.replace(tzinfo=_dt.timezone.utc)
        newest = value if newest is None or value > newest else newest
    return newest or FALLBACK
