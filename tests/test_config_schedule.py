"""feedsmith.config.schedule: intervals and crontab lines as feeds.yaml writes them."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from apscheduler.triggers.cron import CronTrigger

from feedsmith.config.schedule import crontab_fields, parse_interval


@pytest.mark.parametrize(
    ("text", "seconds"),
    [("90s", 90), ("30m", 1800), (" 2h ", 7200), ("1d", 86400), ("2 h", 7200)],
)
def test_intervals_in_seconds(text: str, seconds: int) -> None:
    assert parse_interval(text) == seconds


@pytest.mark.parametrize("text", ["0m", "30", "1w", "-5m", "1.5h", "m30"])
def test_bad_intervals_say_what_is_expected(text: str) -> None:
    with pytest.raises(ValueError, match="interval"):
        parse_interval(text)


@pytest.mark.parametrize(
    ("dow", "expected"),
    [
        ("*", "*"),
        ("1-5", "mon-fri"),
        ("0", "sun"),
        ("7", "sun"),
        ("0-3", "sun,mon-wed"),
        ("0-0", "sun"),
        ("1,3,5", "mon,wed,fri"),
        ("sat", "sat"),
    ],
)
def test_crontab_days_of_week_are_named(dow: str, expected: str) -> None:
    fields = crontab_fields(f"15 9 * * {dow}")
    assert fields == {
        "minute": "15",
        "hour": "9",
        "day": "*",
        "month": "*",
        "day_of_week": expected,
    }


def test_crontab_weekdays_fire_monday_to_friday_in_apscheduler() -> None:
    trigger = CronTrigger(**crontab_fields("0 9 * * 1-5"), timezone=UTC)
    # Friday 2026-12-04 10:00: the next run is Monday 9:00, not Saturday or Sunday
    after = datetime(2026, 12, 4, 10, 0, tzinfo=UTC)
    assert trigger.get_next_fire_time(None, after) == datetime(2026, 12, 7, 9, 0, tzinfo=UTC)
    sunday = CronTrigger(**crontab_fields("0 9 * * 0"), timezone=UTC)
    assert sunday.get_next_fire_time(None, after) == datetime(2026, 12, 6, 9, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("expr", "message"),
    [("0 9 * *", "5 fields"), ("0 9 * * * *", "5 fields"), ("0 9 * * 8", "not 0-7")],
)
def test_bad_crontab_lines(expr: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        crontab_fields(expr)
