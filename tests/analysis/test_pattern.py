"""The fast pattern polarity must equal TextBlob's own, text for text."""

from __future__ import annotations

import pytest
from mw_eval_data import read_vader, vader_file

from mentionwatch.analysis._pattern import lexicon, polarity, tokens

textblob = pytest.importorskip("textblob")

PHRASES = [
    "",
    "good",
    "not good",
    "not really good",
    "very very good!",
    "terribly bad",
    "It's not bad at all!!",
    "I'm sooo happy :-)",
    "MAX D ok X D",
    "sad :( :'( <3",
    "(!) yeah right",
    "no.\n\nGood. \"Great\" day... e.g. Mr. Smith's U.S. trip",
    "“Quoted” ‘single’ isn't won't can't we'll they're I've I'd",
    "the food was cold and the staff were rude",
    "split emoticons : - ) and : ' ( and o . O and > : D . x D",
    "(!) and ( ! ) then good ( ! )",
]


@pytest.mark.parametrize("text", PHRASES)
def test_polarity_equals_textblob_on_tricky_phrases(text: str) -> None:
    assert polarity(text) == pytest.approx(textblob.TextBlob(text).sentiment.polarity, abs=1e-12)


def test_polarity_equals_textblob_on_vader_tweets() -> None:
    rows = read_vader(vader_file("tweets_GroundTruth.txt"), limit=800)
    mismatches = [t for _, t in rows if abs(polarity(t) - textblob.TextBlob(t).sentiment.polarity) > 1e-12]
    assert mismatches == []


def test_tokens_split_punctuation_and_apostrophes_as_pattern_does() -> None:
    # pattern splits "n't" and then the apostrophe itself; kept for identical polarity
    assert tokens("Isn't it great?") == ["is", "n", "'", "t", "it", "great", "?"]


def test_lexicon_maps_adjectives_to_adverbs() -> None:
    assert lexicon()["terribly"][3] is True
    assert lexicon()["terribly"][0] == lexicon()["terrible"][0]


@pytest.mark.parametrize(
    "text",
    [
        *PHRASES,
        "ΟΔΟΣ ΣΑΣ ΚΑΛΗ. Σ σ ΑΣ'Σ",
        "plain words only with no stops",
        "ok END-OF-SENTENCE yes. go . so (!) x D",
        "to see, go out: o s x p",
        "a :) b :-( c (smile) d",
    ],
)
def test_tokens_equal_patterns_lower_cased_tokens(text: str) -> None:
    from textblob._text import find_tokens

    assert tokens(text) == [w.lower() for w in " ".join(find_tokens(text)).split()]
