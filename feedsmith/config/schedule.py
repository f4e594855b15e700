"""A feed's schedule as written in feeds.yaml: an interval (`30m`, `2h`, `1d`) or a crontab line
(`cron: MIN HOUR DOM MON DOW`, read as APScheduler `CronTrigger` fields)."""

from __future__ import annotations

import re

_INTERVAL = re.compile(r"^\s*(\d+)\s*(s|m|h|d)\s*$")
_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


_DAY_NAMES = ("sun", "mon", "tue", "wed", "thu", "fri", "sat", "sun")


def crontab_fields(expr: str) -> dict[str, str]:
    """A crontab line (``MIN HOUR DOM MON DOW``) as APScheduler `CronTrigger` fields.

    Days of the week are numbered as in crontab (0 or 7 is Sunday, 1 Monday); APScheduler
    counts from Monday = 0, so numbers are turned into names.
    """
    parts = expr.split()
    if len(parts) != 5:
        raise ValueError(f"{expr!r} must have 5 fields: MIN HOUR DOM MON DOW")
    minute, hour, day, month, dow = parts

    def name(number: str) -> str:
        if not number.isdigit() or int(number) > 7:
            raise ValueError(f"day of week {number!r} is not 0-7")
        return _DAY_NAMES[int(number)]

    days = []
    for part in dow.split(","):
        first, dash, last = part.partition("-")
        if not first.isdigit():
            days.append(part)
        elif not dash:
            days.append(name(first))
        elif int(first) == 0:
            days.append("sun" + ("" if last == "0" else f",mon-{name(last)}"))
        else:
            days.append(f"{name(first)}-{name(last)}")
    return {
        "minute": minute,
        "hour": hour,
        "day": day,
        "month": month,
        "day_of_week": ",".join(days),
    }


def parse_interval(text: str) -> int:
    """``90s``, ``30m``, ``2h``, ``1d`` → seconds."""
    match = _INTERVAL.match(text)
    if not match:
        raise ValueError(f"{text!r} is not an interval such as 30m, 2h or 1d")
    seconds = int(match.group(1)) * _UNITS[match.group(2)]
    if seconds <= 0:
        raise ValueError("an interval must be longer than zero")
    return seconds
