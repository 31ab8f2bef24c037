"""The mention object: parsing input, JSON output, the shipped schema."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
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


@pytest.mark.parametrize("value", ["0001-01-01T00:00:00+05:30", "9999-12-31T23:59:59-05:00", datetime(1, 1, 1, tzinfo=timezone(timedelta(hours=1)))])
def test_parse_time_refuses_a_time_with_no_utc_equivalent(value: Any) -> None:
    with pytest.raises(MentionError, match="out of range"):
        parse_time(value)


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


def test_evolve_matches_dataclasses_replace_and_leaves_the_original_alone() -> None:
    import dataclasses

    from mentionwatch.models import Priority, Sentiment

    base = Mention.from_dict({"id": "1", "text": "hello", "author": {"handle": "sam"}})
    changes: dict[str, Any] = {"sentiment": Sentiment(0.5, "positive", 0.8), "intent": "praise", "priority": Priority(20, "fyi", ("praise",))}
    evolved = base.evolve(**changes)
    assert evolved == dataclasses.replace(base, **changes)
    assert hash(evolved) == hash(dataclasses.replace(base, **changes))
    assert base.sentiment is None and base.intent is None
    with pytest.raises(dataclasses.FrozenInstanceError):
        evolved.intent = "complaint"  # type: ignore[misc]


def test_evolve_rejects_unknown_fields() -> None:
    with pytest.raises(TypeError, match="sentimnet"):
        Mention.from_dict({"text": "x"}).evolve(sentimnet=None)


def test_derived_dict_is_the_scored_part_of_to_dict() -> None:
    from mentionwatch.analysis import Analyser

    scored = Analyser().analyse(Mention.from_dict({"id": "1", "text": "Still waiting for my order, never again."}))
    whole = scored.to_dict()
    derived = scored.derived_dict()
    assert list(derived) == ["sentiment", "intent", "priority", "reply"]
    assert derived == {key: whole[key] for key in derived}
    assert derived["priority"]["reasons"]


def test_full_text_is_worked_out_once_and_is_not_a_field() -> None:
    """``full_text`` is cached in the instance, stays out of equality, hashing and ``to_dict``, and survives evolve and pickling."""
    import dataclasses
    import pickle

    titled = Mention.from_dict({"id": "1", "text": "body here", "title": "Title"})
    plain = Mention.from_dict({"id": "1", "text": "body here", "title": "Title"})
    assert titled.full_text == "Title\nbody here" and titled.full_text is titled.full_text
    assert "full_text" in vars(titled) and "full_text" not in vars(plain)
    assert titled == plain and hash(titled) == hash(plain) and repr(titled) == repr(plain)
    assert titled.to_dict() == plain.to_dict() and "full_text" not in titled.to_dict()
    assert "full_text" not in {f.name for f in dataclasses.fields(Mention)}
    assert titled.evolve(intent="lead").full_text == "Title\nbody here"
    assert titled.evolve(text="other").full_text == "Title\nother"
    assert titled.evolve(title=None).full_text == "body here"
    assert titled.evolve(title="body").full_text == "body here"
    assert Mention.from_dict({"text": "", "title": "T"}).full_text == "T"
    again = pickle.loads(pickle.dumps(titled))
    assert again == titled and again.full_text == titled.full_text
    assert dataclasses.replace(titled, text="x").full_text == "Title\nx"
    with pytest.raises(dataclasses.FrozenInstanceError):
        titled.full_text = "changed"  # type: ignore[misc]
