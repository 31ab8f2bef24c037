"""Priority: the fast construction gives the same object as the dataclass constructor."""

from __future__ import annotations

import dataclasses
from datetime import datetime, timezone

import pytest

from mentionwatch.analysis.priority import prioritise
from mentionwatch.models import Mention, Priority, Sentiment


def test_prioritise_builds_the_same_object_as_the_constructor() -> None:
    mention = Mention.from_dict({"id": "1", "source": "x", "text": "still waiting", "created_at": "2024-01-01T00:00:00Z"})
    now = datetime(2024, 1, 2, tzinfo=timezone.utc)
    fast = prioritise(mention, Sentiment(score=-0.5, label="negative", confidence=0.8), "complaint", now)
    plain = Priority(score=fast.score, level=fast.level, reasons=fast.reasons)
    assert fast == plain and hash(fast) == hash(plain) and repr(fast) == repr(plain)
    assert list(vars(fast).items()) == list(vars(plain).items()) and type(fast) is Priority
    assert fast.reasons[0] == "complaint" and isinstance(fast.reasons, tuple)
    with pytest.raises(dataclasses.FrozenInstanceError):
        fast.score = 0  # type: ignore[misc]
