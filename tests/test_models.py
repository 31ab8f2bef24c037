"""The mention object: parsing input, JSON output, the shipped schema."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

import pytest

from mentionwatch.models import Mention, MentionError, parse_time, stable_id
from tests.conftest import validate_all


def test_from_dict_needs_only_text() -> None:
    m = Mention.from_dict({"text": "hello"})
    assert m.source == "jsonl"
    assert m.id == stable_id("jsonl", "hello")
    assert m.id == Mention.from_dict({"text": "hello"}).id


@pytest.mark.parametrize(
    ("raw", "needle"),
    [
        ({}, "text"),
        ({"text": 5}, "text"),
        ({"text": "x", "id": [1]}, "id"),
        ({"text": "x", "author": 3}, "author"),
        ({"text": "x", "author": {"reach": "lots"}}, "author.reach"),
        ({"text": "x", "engagement": {"likes": "x"}}, "engagement.likes"),
        ({"text": "x", "created_at": "yesterday"}, "created_at"),
        ({"text": "x", "status": "archived"}, "status"),
        ({"text": "x", "keywords": "a"}, "keywords"),
    ],
)
def test_from_dict_names_the_bad_key(raw: dict[str, Any], needle: str) -> None:
    with pytest.raises(MentionError, match=needle):
        Mention.from_dict(raw)


def test_parse_time_accepts_iso_z_and_epoch() -> None:
    expected = datetime(2026, 11, 21, 10, 15, tzinfo=timezone.utc)
    assert parse_time("2026-11-21T10:15:00Z") == expected
    assert parse_time("2026-11-21T11:15:00+01:00") == expected
    assert parse_time(int(expected.timestamp())) == expected
    assert parse_time(None) is None


def test_to_dict_round_trips_through_from_dict() -> None:
    raw = {
        "id": "x:1",
        "source": "x",
        "text": "hi",
        "author": {"handle": "jdoe", "name": "Jane Doe", "reach": 1520},
        "created_at": "2026-11-21T10:15:00Z",
        "engagement": {"likes": 3, "replies": 1, "shares": 0},
    }
    once = Mention.from_dict(raw).to_dict()
    twice = Mention.from_dict(once).to_dict()
    assert once == twice
    assert once["author"]["reach"] == 1520


def test_negative_counts_are_clamped() -> None:
    m = Mention.from_dict({"text": "x", "author": {"reach": -5}, "engagement": {"likes": -1}})
    assert m.author.reach is None
    assert m.engagement.likes == 0


def test_scored_mention_validates_against_shipped_schema(mention_schema: dict[str, Any]) -> None:
    from mentionwatch.analysis import Analyser

    m = Analyser().analyse(Mention.from_dict({"id": "1", "source": "x", "text": "Still waiting for my order. Never again."}))
    validate_all([m.to_dict()], mention_schema)
