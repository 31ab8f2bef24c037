"""Sentiment: the blend, the customer cues, an honest confidence, and regression guards on MIT data."""

from __future__ import annotations

import dataclasses
import math
import os
import subprocess
import sys
from pathlib import Path

import pytest
from mw_eval_data import read_vader, vader_file

from mentionwatch.analysis.sentiment import NEGATIVE_BAND, POSITIVE_BAND, Signals, normalise, score_sentiment, signals


def label(text: str) -> str:
    return score_sentiment(text).label


@pytest.mark.parametrize(
    "text",
    [
        "my order still hasn't arrived",
        "thanks for nothing",
        "great job losing my bag",
        "Never again. Three weeks and no reply.",
        "Still waiting for my refund",
        "Flight cancelled and nobody at the desk",
        "the app keeps crashing when I pay",
        "they sent the wrong order again",
        "THIS IS UNACCEPTABLE",
        "waited 45 minutes for a coffee",
        "Hung up on me after an hour on hold. Great service!",
        "the croissants were not good",
        "😡",
    ],
)
def test_customer_problems_are_negative(text: str) -> None:
    assert label(text) == "negative"


@pytest.mark.parametrize(
    "text",
    [
        "no problems at all",
        "Never disappoints!",
        "can't complain, lovely staff",
        "Thanks for sorting my refund so quickly",
        "best sourdough in town 😍",
        "love this place 👍",
        "despite the delay the crew were fantastic",
    ],
)
def test_praise_and_negated_problems_are_positive(text: str) -> None:
    assert label(text) == "positive"


@pytest.mark.parametrize("text", ["We open at 8am on Saturdays.", "New branch on Main Street", "Can you help me with my booking?"])
def test_plain_statements_and_requests_are_neutral(text: str) -> None:
    assert label(text) == "neutral"


def test_shouting_strengthens_the_score() -> None:
    assert score_sentiment("THIS IS TERRIBLE SERVICE").score < score_sentiment("this is terrible service").score


def test_score_stays_in_range_and_label_matches() -> None:
    for text in ["", "!!!", "good " * 200, "bad " * 200, "😡" * 50, "a\n\nb"]:
        s = score_sentiment(text)
        assert -1.0 <= s.score <= 1.0
        assert 0.0 < s.confidence < 1.0
        assert s.label == ("negative" if s.score <= -NEGATIVE_BAND else "positive" if s.score >= POSITIVE_BAND else "neutral")


def test_confidence_is_lower_when_the_signals_disagree() -> None:
    agree = score_sentiment("Awful service, rude staff and cold food.")
    disagree = score_sentiment("Great, my flight is delayed again. Lovely.")
    assert agree.label == disagree.label == "negative"
    assert disagree.confidence < agree.confidence


def test_handles_and_links_do_not_carry_sentiment() -> None:
    # "united" is a positive word to VADER; a handle is not an opinion
    assert normalise("@united where is my bag? https://t.co/x") == "where is my bag?"
    assert signals("@united where is my bag?").compound == 0.0


def test_domain_and_fediverse_handles_are_dropped_whole() -> None:
    assert normalise("@spokeandchain.bsky.social do you still fix hub gears?") == "do you still fix hub gears?"
    assert normalise("@harbour@mastodon.social open today?") == "open today?"
    assert normalise("see you @harbour. bye") == "see you . bye"


def test_elongated_words_are_read_as_the_word() -> None:
    assert normalise("yaaaay soooo goooood") == "yay soooo good"


SRC = str(Path(__file__).resolve().parents[2] / "src")


def run_python(code: str) -> str:
    env = {**os.environ, "PYTHONPATH": SRC}
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env).stdout.strip()


def test_importing_analysis_does_not_import_textblob_or_nltk() -> None:
    code = "import sys, mentionwatch.analysis; print('textblob' in sys.modules or 'nltk' in sys.modules)"
    assert run_python(code) == "False"


def test_scoring_never_imports_textblob_or_nltk() -> None:
    code = (
        "import sys; from mentionwatch.analysis.sentiment import score_sentiment; score_sentiment('good food'); "
        "print('textblob' in sys.modules or 'nltk' in sys.modules)"
    )
    assert run_python(code) == "False"


def _pearson(xs: list[float], ys: list[float]) -> float:
    n = len(xs)
    mx, my = sum(xs) / n, sum(ys) / n
    sxy = sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True))
    return sxy / math.sqrt(sum((x - mx) ** 2 for x in xs) * sum((y - my) ** 2 for y in ys))


def test_vader_tweets_correlation_stays_above_vader_alone() -> None:
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    rows = read_vader(vader_file("tweets_GroundTruth.txt"), limit=1500)
    gold = [r for r, _ in rows]
    ours = _pearson([score_sentiment(t).score for _, t in rows], gold)
    vader = SentimentIntensityAnalyzer()
    theirs = _pearson([vader.polarity_scores(t)["compound"] for _, t in rows], gold)
    assert ours >= 0.87
    assert ours > theirs


def test_review_snippets_correlation_stays_above_vader_alone() -> None:
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    rows = read_vader(vader_file("amazonReviewSnippets_GroundTruth.txt"), limit=1500)
    gold = [r for r, _ in rows]
    ours = _pearson([score_sentiment(t).score for _, t in rows], gold)
    vader = SentimentIntensityAnalyzer()
    theirs = _pearson([vader.polarity_scores(t)["compound"] for _, t in rows], gold)
    assert ours > theirs


def test_high_confidence_labels_agree_with_raters_more_often() -> None:
    rows = read_vader(vader_file("tweets_GroundTruth.txt"), limit=2000)
    hits: dict[bool, list[bool]] = {True: [], False: []}
    for rating, text in rows:
        s = score_sentiment(text)
        human = "negative" if rating <= -0.5 else "positive" if rating >= 0.5 else "neutral"
        hits[s.confidence >= 0.7].append(s.label == human)
    high, low = (sum(v) / len(v) for v in (hits[True], hits[False]))
    assert high > low + 0.1


@pytest.mark.parametrize(
    "text",
    ["yaaay", "soooo good", "noooo!!!", "ok...", "a\n\n\nb", "ééé", "___", "111", "aa bb", "a a a", "zzz\n", "", "Helllo"],
)
def test_the_quick_triple_test_never_skips_a_long_repeat(text: str) -> None:
    from mentionwatch.analysis.sentiment import _LONG_REPEATS, _TRIPLE

    assert _TRIPLE.search(text) or not _LONG_REPEATS.search(text)


@pytest.mark.parametrize("text", ["still waiting @shop!!", "Thanks, lovely staff", "", "WHY IS MY ORDER LATE?"])
def test_signals_builds_the_same_object_as_the_constructor(text: str) -> None:
    fast = signals(text)
    plain = Signals(**{f.name: getattr(fast, f.name) for f in dataclasses.fields(Signals)})
    assert fast == plain and repr(fast) == repr(plain) and hash(fast) == hash(plain)
    assert list(vars(fast).items()) == list(vars(plain).items()) and type(fast) is Signals
    with pytest.raises(dataclasses.FrozenInstanceError):
        fast.compound = 0.0  # type: ignore[misc]


def test_score_sentiment_builds_the_same_object_as_the_constructor() -> None:
    from mentionwatch.analysis.sentiment import score_sentiment
    from mentionwatch.models import Sentiment

    fast = score_sentiment("still waiting for my refund, thanks for nothing")
    plain = Sentiment(score=fast.score, label=fast.label, confidence=fast.confidence)
    assert fast == plain and hash(fast) == hash(plain) and repr(fast) == repr(plain)
    assert list(vars(fast).items()) == list(vars(plain).items()) and type(fast) is Sentiment
    with pytest.raises(dataclasses.FrozenInstanceError):
        fast.score = 0.0  # type: ignore[misc]


def test_symbols_are_named_as_the_symbol_pattern_names_them() -> None:
    import random

    from mentionwatch.analysis.sentiment import _SYMBOL_RE, _SYMBOLS, _name_symbols

    assert all(len(s) == 1 or not (set(s) & {x for x in _SYMBOLS if len(x) == 1}) for s in _SYMBOLS)
    assert all(name.isascii() for name in _SYMBOLS.values())
    rng = random.Random(2)
    alphabet = [*_SYMBOLS, "❤", "\ufe0f", "a", " ", "é", "😀"]
    for _ in range(20_000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 12)))
        assert _name_symbols(text) == _SYMBOL_RE.sub(lambda m: _SYMBOLS[m.group(0)], text), text


def test_every_emoticon_holds_one_of_the_quick_test_pieces() -> None:
    from mentionwatch.analysis.sentiment import _EMOTICON_PIECES, _EMOTICONS

    assert all(any(piece in emoticon for piece in _EMOTICON_PIECES) for emoticon in _EMOTICONS)
