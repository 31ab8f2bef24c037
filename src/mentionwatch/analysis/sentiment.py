"""Sentiment: TextBlob and VADER blended, plus rules for what both miss in customer mentions."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from mentionwatch.models import Sentiment

_NEGATIVE_CUES = [
    (re.compile(r"\bstill (?:waiting|no|not|hasn'?t|haven'?t|nothing)\b", re.I), -0.45),
    (re.compile(r"\b(?:\d+|two|three|four|five|six) (?:weeks?|days?|hours?|months?)\b.*\b(?:wait|late|arriv|still|now)", re.I), -0.3),
    (re.compile(r"\bnever again\b", re.I), -0.6),
    (re.compile(r"\bno (?:reply|response|answer)\b", re.I), -0.4),
    (re.compile(r"\b(?:refund|cancell?ed|broken|lost|wrong order|hasn'?t arrived|never arrived|overcharged)\b", re.I), -0.3),
    (re.compile(r"\bthanks for nothing\b", re.I), -0.7),
]


@lru_cache(maxsize=1)
def _vader() -> Any:
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    return SentimentIntensityAnalyzer()


def _textblob_polarity(text: str) -> float:
    from textblob import TextBlob

    return float(TextBlob(text).sentiment.polarity)


def score_sentiment(text: str) -> Sentiment:
    """Score ``text`` into a :class:`Sentiment` with score in [-1, 1], label and confidence."""
    vader = float(_vader().polarity_scores(text)["compound"])
    blob = _textblob_polarity(text)
    score = 0.65 * vader + 0.35 * blob
    for pattern, weight in _NEGATIVE_CUES:
        if pattern.search(text):
            score = min(score, 0.0) + weight
    score = max(-1.0, min(1.0, score))
    label = "negative" if score <= -0.1 else "positive" if score >= 0.1 else "neutral"
    agreement = 1.0 - min(1.0, abs(vader - blob) / 2)
    confidence = max(0.05, min(1.0, 0.4 * agreement + 0.6 * min(1.0, abs(score) * 1.5 + 0.2)))
    return Sentiment(score=score, label=label, confidence=confidence)
