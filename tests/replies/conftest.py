"""Shared helpers for the reply tests: a business and a way to build scored mentions."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from mentionwatch.config import Business
from mentionwatch.models import Author, Mention, Sentiment

BUSINESS = Business(
    name="Joe's Bakery",
    signature="Sam at Joe's Bakery",
    contact="hello@joesbakery.example",
    own_handles=("@joesbakery",),
)

MentionFactory = Callable[..., Mention]


def build_mention(
    text: str,
    *,
    id: str = "x:1",
    source: str = "x",
    handle: str | None = "ann_b",
    name: str | None = None,
    score: float = 0.0,
    title: str | None = None,
) -> Mention:
    """A mention as the Analyser hands it to the drafter (sentiment already set)."""
    label = "negative" if score <= -0.1 else "positive" if score >= 0.1 else "neutral"
    return Mention(
        id=id,
        source=source,
        text=text,
        title=title,
        author=Author(handle=handle, name=name),
        sentiment=Sentiment(score=score, label=label, confidence=0.8),
    )


@pytest.fixture
def business() -> Business:
    """Joe's Bakery, signed by Sam, with a private contact address."""
    return BUSINESS


@pytest.fixture
def mention() -> MentionFactory:
    """Build a mention: ``mention(text, id=..., source=..., handle=..., name=..., score=...)``."""
    return build_mention
