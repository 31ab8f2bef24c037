"""Helpers every source shares: reading the many ways APIs write a time."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

import pytest

from mentionwatch.sources.common import opt_int, when


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2026-11-21T10:15:00Z", datetime(2026, 11, 21, 10, 15, tzinfo=timezone.utc)),
        ("2026-11-21T11:15:00.5+01:00", datetime(2026, 11, 21, 10, 15, tzinfo=timezone.utc)),
        ("Sat, 21 Nov 2026 10:15:00 GMT", datetime(2026, 11, 21, 10, 15, tzinfo=timezone.utc)),
        (1763720100, datetime(2025, 11, 21, 10, 15, tzinfo=timezone.utc)),
        ("1763720100", datetime(2025, 11, 21, 10, 15, tzinfo=timezone.utc)),
    ],
)
def test_when_reads_iso_rfc822_and_epoch_seconds_as_utc(value: Any, expected: datetime) -> None:
    assert when(value) == expected


@pytest.mark.parametrize(
    "value",
    [
        "0001-01-01T00:00:00+05:30",  # before year 1 in UTC
        "9999-12-31T23:59:59-05:00",  # after year 9999 in UTC
        "Fri, 31 Dec 9999 23:59:59 -0500",
        "9" * 5000,  # more digits than int() accepts
        "yesterday",
        1e400,
        None,
    ],
)
def test_when_gives_none_for_a_time_it_cannot_place_rather_than_failing_the_source(value: Any) -> None:
    assert when(value) is None


def test_opt_int_reads_numbers_and_gives_none_for_what_is_not_one() -> None:
    assert [opt_int(v) for v in (7, "12", " -3 ", 2.9, True, None, "x", float("nan"), "9" * 5000)] == [7, 12, -3, 2, None, None, None, None, None]
